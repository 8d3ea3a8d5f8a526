/* test-export-cli.c — --export-report, --export and --import-annotations,
 * run as a user would run them */
#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include "fm-report-fixtures.h"
#include "fm-store.h"
#include "fm-cli-test.h"

typedef struct
{
  char *dir;
  char *workspace;
  char *article_id;
  char *prefix;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr(FmStore) store = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = fm_test_tmpdir ();
  f->workspace = g_build_filename (f->dir, "workspace.db", NULL);
  store = fm_store_open (f->workspace, &error);
  g_assert_no_error (error);
  f->article_id = fm_fixture_realistic (store);
  f->prefix = g_strndup (f->article_id, 8);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  user_data)
{
  fm_test_rmtree (f->dir);
  g_free (f->dir);
  g_free (f->workspace);
  g_free (f->article_id);
  g_free (f->prefix);
}

static char *
read_file (const char *path)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

static guint
occurrences (const char *haystack,
             const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static void
test_export_report (Fixture       *f,
                    gconstpointer  user_data)
{
  g_autofree char *out = g_build_filename (f->dir, "report.html", NULL);
  g_autofree char *approved = g_build_filename (f->dir, "approved.html", NULL);
  g_autofree char *option = g_strconcat ("--export-report=", f->prefix, NULL);
  g_autofree char *html = NULL;
  g_autofree char *approved_html = NULL;
  g_auto(Run) run = { 0 };

  run_factmark (&run, "--workspace", f->workspace, "--export-report", f->prefix, "--output", out,
                "--report-url", "https://factcheck.example/harbour", NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  html = read_file (out);
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>"));
  g_assert_cmpuint (occurrences (html, "<article class=\"card "), ==, G_N_ELEMENTS (fm_fixture_claims));
  g_assert_nonnull (strstr (html, "\"url\":\"https://factcheck.example/harbour#claim-1\""));

  /* "--option=value" is a command line too, never the window */
  run_factmark (&run, "--workspace", f->workspace, option, "--output", approved,
                "--approved-only", "--organization", "Northbank Courier", NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  approved_html = read_file (approved);
  g_assert_cmpuint (occurrences (approved_html, "<article class=\"card "), ==, 7);
  g_assert_nonnull (strstr (approved_html, "\"@type\":\"Organization\",\"name\":\"Northbank Courier\""));
}

static void
test_export_formats (Fixture       *f,
                     gconstpointer  user_data)
{
  g_autofree char *csv = g_build_filename (f->dir, "claims.csv", NULL);
  g_autofree char *all = g_build_filename (f->dir, "all.csv", NULL);
  g_autofree char *w3c = g_build_filename (f->dir, "claims.jsonld", NULL);
  g_autofree char *reviews = g_build_filename (f->dir, "reviews.json", NULL);
  g_autofree char *other = g_build_filename (f->dir, "other.db", NULL);
  g_autofree char *sample = g_build_filename (g_getenv ("FACTMARK_SOURCE_ROOT"), "data", "samples",
                                              "harbour-bridge-tolls.txt", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *other_id = NULL;
  g_auto(Run) run = { 0 };

  run_factmark (&run, "--workspace", f->workspace, "--export", f->prefix, "--format", "csv",
                "--output", csv, NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  contents = read_file (csv);
  g_assert_true (g_str_has_prefix (contents, "\xEF\xBB\xBF\"Article ID\","));
  g_assert_cmpuint (occurrences (contents, "\r\n\"" ), ==, G_N_ELEMENTS (fm_fixture_claims));
  g_clear_pointer (&contents, g_free);

  /* "all": every article of the workspace */
  run_factmark (&run, "--workspace", f->workspace, "--export", "all", "--format", "csv",
                "--output", all, NULL);
  g_assert_cmpint (run.status, ==, 0);
  contents = read_file (all);
  g_assert_cmpuint (occurrences (contents, f->article_id), ==, G_N_ELEMENTS (fm_fixture_claims));
  g_clear_pointer (&contents, g_free);

  run_factmark (&run, "--workspace", f->workspace, "--export", f->prefix, "--format",
                "claimreview", "--output", reviews, NULL);
  g_assert_cmpint (run.status, ==, 0);
  contents = read_file (reviews);
  g_assert_true (g_str_has_prefix (contents, "[\n"));
  g_assert_cmpuint (occurrences (contents, "\"ClaimReview\""), ==, G_N_ELEMENTS (fm_fixture_claims) - 1);
  g_clear_pointer (&contents, g_free);

  run_factmark (&run, "--workspace", f->workspace, "--export", f->prefix, "--format", "w3c",
                "--output", w3c, NULL);
  g_assert_cmpint (run.status, ==, 0);
  contents = read_file (w3c);
  g_assert_nonnull (strstr (contents, "\"AnnotationCollection\""));

  /* And back into another workspace, onto the same text */
  run_factmark (&run, "--workspace", other, "--import", sample, NULL);
  g_assert_cmpint (run.status, ==, 0);
  other_id = g_strndup (run.out, 36);
  run_factmark (&run, "--workspace", other, "--import-annotations", w3c, "--article", other_id,
                NULL);
  /* The sample's import keeps its first lines, so the positions differ
   * from the fixture's text and the quotes are found again */
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (occurrences (run.out, "\n"), ==, G_N_ELEMENTS (fm_fixture_claims));
  run_factmark (&run, "--workspace", other, "--claims", "--article", other_id, NULL);
  g_assert_cmpuint (occurrences (run.out, "\n"), ==, G_N_ELEMENTS (fm_fixture_claims));

  /* Again: nothing new, and said so */
  run_factmark (&run, "--workspace", other, "--import-annotations", w3c, "--article", other_id,
                NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpuint (occurrences (run.err, "already in the workspace"), ==, G_N_ELEMENTS (fm_fixture_claims));
}

static void
test_usage_errors (Fixture       *f,
                   gconstpointer  user_data)
{
  g_autofree char *out = g_build_filename (f->dir, "x.html", NULL);
  g_autofree char *x = g_build_filename (f->dir, "x", NULL);
  const char *cases[][10] = {
    { "--export-report", "abc", NULL },
    { "--export", "abc", "--output", "x", NULL },
    { "--export", "abc", "--format", "html", "--output", "x", NULL },
    { "--export", "abc", "--format", "pdf", "--output", "x", NULL },
    { "--format", "csv", NULL },
    { "--list", "--output", "x", NULL },
    { "--list", "--approved-only", NULL },
    { "--import-annotations", "x.json", NULL },
    { "--export", "all", "--format", "w3c", "--output", "x", NULL },
    { "--export-report", "all", "--output", "x", NULL },
    { "--list", "--skip-unplaced", NULL },
    { "--export-report", "abc", "--output", "x", "--report-url", "javascript:alert(1)", NULL },
    { "--export-report", "abc", "--export", "abc", "--format", "csv", "--output", "x", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *err = NULL;
      const char *factmark = g_getenv ("FACTMARK");
      int wait_status;

      g_ptr_array_add (argv, (gpointer)factmark);
      g_ptr_array_add (argv, (gpointer)"--workspace");
      g_ptr_array_add (argv, f->workspace);
      for (guint k = 0; cases[i][k] != NULL; k++)
        g_ptr_array_add (argv, (gpointer)cases[i][k]);
      g_ptr_array_add (argv, NULL);
      g_spawn_sync (f->dir, (char **)argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                    NULL, &err, &wait_status, &error);
      g_assert_no_error (error);
      if (!WIFEXITED (wait_status) || WEXITSTATUS (wait_status) != 2)
        g_error ("case %u (%s …) should be a usage error; stderr: %s", i, cases[i][0], err);
      g_assert_true (g_str_has_prefix (err, "factmark: "));
    }
  /* Nothing was written */
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (x, G_FILE_TEST_EXISTS));
}

static void
test_errors (Fixture       *f,
             gconstpointer  user_data)
{
  g_autofree char *missing_dir = g_build_filename (f->dir, "no-such-folder", "report.html", NULL);
  g_autofree char *bad = g_build_filename (f->dir, "bad.json", NULL);
  g_autofree char *unplaced = g_build_filename (f->dir, "unplaced.json", NULL);
  g_autofree char *before = NULL;
  g_auto(Run) run = { 0 };

  /* A path that cannot be written: an error, and nothing left behind */
  run_factmark (&run, "--workspace", f->workspace, "--export-report", f->prefix, "--output",
                missing_dir, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (g_str_has_prefix (run.err, "factmark: "));
  g_assert_nonnull (strstr (run.err, "no-such-folder/report.html: Could not create a file in the folder"));
  g_assert_false (g_file_test (missing_dir, G_FILE_TEST_EXISTS));
  run_factmark (&run, "--workspace", f->workspace, "--export-report", f->prefix, "--output",
                f->dir, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "This is a folder"));

  /* An id that is no article */
  run_factmark (&run, "--workspace", f->workspace, "--export-report", "ffffffff", "--output",
                missing_dir, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (g_str_has_prefix (run.err, "factmark: ffffffff: "));

  /* Annotation files that are broken or do not fit: an error, no change */
  run_factmark (&run, "--workspace", f->workspace, "--claims", NULL);
  before = g_strdup (run.out);
  g_assert_true (g_file_set_contents (bad, "{\"target\": [", -1, NULL));
  run_factmark (&run, "--workspace", f->workspace, "--import-annotations", bad, "--article",
                f->prefix, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "bad.json: This is not valid JSON"));
  g_assert_true (g_file_set_contents (unplaced,
    "[{\"target\":{\"selector\":{\"type\":\"TextQuoteSelector\",\"exact\":\"Harbour Bridge\"}}},"
    " {\"target\":{\"selector\":{\"type\":\"TextQuoteSelector\",\"exact\":\"a sentence nobody wrote\"}}}]",
    -1, NULL));
  run_factmark (&run, "--workspace", f->workspace, "--import-annotations", unplaced, "--article",
                f->prefix, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "1 of 2 annotations could not be placed"));
  g_assert_nonnull (strstr (run.err, "Annotation 2: the quote “a sentence nobody wrote” is not in "
                                     "the article’s text"));
  run_factmark (&run, "--workspace", f->workspace, "--import-annotations", "/no/such/file.json",
                "--article", f->prefix, NULL);
  g_assert_cmpint (run.status, ==, 1);
  run_factmark (&run, "--workspace", f->workspace, "--import-annotations", f->dir, "--article",
                f->prefix, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "This is a folder, not an annotation file"));
  /* A device that never ends is cut off, not read for ever */
  run_factmark (&run, "--workspace", f->workspace, "--import-annotations", "/dev/zero", "--article",
                f->prefix, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "/dev/zero: The file is too large for an annotation file"));
  run_factmark (&run, "--workspace", f->workspace, "--claims", NULL);
  g_assert_cmpstr (run.out, ==, before);

  /* …unless the rest is wanted */
  run_factmark (&run, "--workspace", f->workspace, "--import-annotations", unplaced, "--article",
                f->prefix, "--skip-unplaced", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (occurrences (run.out, "\n"), ==, 1);
  g_assert_nonnull (strstr (run.err, "Annotation 2: the quote"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/export-cli/report", Fixture, NULL, fixture_set_up, test_export_report,
              fixture_tear_down);
  g_test_add ("/export-cli/formats", Fixture, NULL, fixture_set_up, test_export_formats,
              fixture_tear_down);
  g_test_add ("/export-cli/usage-errors", Fixture, NULL, fixture_set_up, test_usage_errors,
              fixture_tear_down);
  g_test_add ("/export-cli/errors", Fixture, NULL, fixture_set_up, test_errors, fixture_tear_down);

  return g_test_run ();
}
