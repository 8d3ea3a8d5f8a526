/* test-report-browser.c — the report in the tools its readers and
 * publishers use: the Nu HTML Checker, and a real browser
 *
 * Needs Java with vnu.jar (the npm package vnu-jar, which build-aux/dev
 * installs under ~/.cache and points FACTMARK_VNU_JAR at) and Debian's
 * chromium. Where one is missing the test says so and skips, except in CI
 * (CI set in the environment), where that is a failure: CI must run them.
 *
 * Artefacts, for people to look at, in tests/artifacts/ of the build
 * directory: report.html and report-hostile.html, report.png (a
 * screenshot), report-dark.png (dark mode), report.pdf (printed) and
 * report-print-1.png (its first page) where pdftoppm is there.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fm-export.h"
#include "fm-report-fixtures.h"
#include "fm-report.h"
#include "fm-store.h"
#include "fm-test.h"

static char *artifacts;

static char *
artifact (const char *name)
{
  return g_build_filename (artifacts, name, NULL);
}

/* Skips, or fails in CI, when a tool is not there */
static gboolean
need (const char *what,
      gboolean    have,
      const char *how)
{
  g_autofree char *message = NULL;

  if (have)
    return TRUE;
  message = g_strdup_printf ("%s is not available (%s)", what, how);
  if (g_getenv ("CI") != NULL)
    {
      g_test_message ("%s, and CI must run this test", message);
      g_test_fail ();
    }
  else
    g_test_skip (message);
  return FALSE;
}

static char *
find_vnu (void)
{
  const char *env = g_getenv ("FACTMARK_VNU_JAR");
  g_autofree char *cached = NULL;

  if (env != NULL && g_file_test (env, G_FILE_TEST_IS_REGULAR))
    return g_strdup (env);
  cached = g_build_filename (g_get_user_cache_dir (), "factmark", "vnu", "node_modules", "vnu-jar",
                             "build", "dist", "vnu.jar", NULL);
  if (g_file_test (cached, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&cached);
  return NULL;
}

static char *
find_chromium (void)
{
  char *path = g_find_program_in_path ("chromium");

  if (path == NULL)
    path = g_find_program_in_path ("chromium-browser");
  return path;
}

/* Runs a command (under timeout(1), so that a stuck browser cannot hang
 * the suite); returns its exit status */
static int
run (GPtrArray  *argv,
     char      **out,
     char      **err)
{
  g_autoptr(GPtrArray) full = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int wait_status;

  g_ptr_array_add (full, (gpointer)"timeout");
  g_ptr_array_add (full, (gpointer)"120");
  for (guint i = 0; i < argv->len; i++)
    g_ptr_array_add (full, g_ptr_array_index (argv, i));
  g_ptr_array_add (full, NULL);
  g_spawn_sync (NULL, (char **)full->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, out, err,
                &wait_status, &error);
  g_assert_no_error (error);
  return WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
}

/* Headless Chromium with nothing of its own going on: no network of its
 * own, no extensions, a fresh profile. @user_data_dir is made and later
 * removed by the caller. */
static GPtrArray *
chromium_argv (const char *chromium,
               const char *user_data_dir)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (argv, g_strdup (chromium));
  g_ptr_array_add (argv, g_strdup ("--headless"));
  if (geteuid () == 0)
    g_ptr_array_add (argv, g_strdup ("--no-sandbox"));
  g_ptr_array_add (argv, g_strdup ("--disable-gpu"));
  g_ptr_array_add (argv, g_strdup ("--disable-quic"));
  g_ptr_array_add (argv, g_strdup ("--no-first-run"));
  g_ptr_array_add (argv, g_strdup ("--disable-background-networking"));
  g_ptr_array_add (argv, g_strdup ("--disable-component-update"));
  g_ptr_array_add (argv, g_strdup ("--disable-sync"));
  g_ptr_array_add (argv, g_strdup ("--disable-extensions"));
  g_ptr_array_add (argv, g_strdup ("--hide-scrollbars"));
  g_ptr_array_add (argv, g_strdup_printf ("--user-data-dir=%s", user_data_dir));
  return argv;
}

static char *
file_uri (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *uri = g_filename_to_uri (path, NULL, &error);

  g_assert_no_error (error);
  return uri;
}

static void
write_reports (void)
{
  g_autofree char *dir = fm_test_tmpdir ();
  g_autofree char *ws = g_build_filename (dir, "workspace.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FmStore) store = fm_store_open (ws, &error);
  g_autofree char *article_id = NULL;
  g_autoptr(FmReportData) data = NULL;
  g_autoptr(FmReportData) hostile = fm_fixture_hostile ();
  g_autoptr(GBytes) html = NULL;
  g_autoptr(GBytes) hostile_html = NULL;
  g_autofree char *path = artifact ("report.html");
  g_autofree char *hostile_path = artifact ("report-hostile.html");

  g_assert_no_error (error);
  article_id = fm_fixture_realistic (store);
  data = fm_export_collect (store, article_id, &error);
  g_assert_no_error (error);
  html = fm_report_build_html (data, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  hostile_html = fm_report_build_html (hostile, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (fm_export_write_file (path, html, &error));
  g_assert_true (fm_export_write_file (hostile_path, hostile_html, &error));
  g_clear_object (&store);
  fm_test_rmtree (dir);
}

static void
test_nu_checker (void)
{
  g_autofree char *java = g_find_program_in_path ("java");
  g_autofree char *vnu = find_vnu ();
  g_autofree char *report = artifact ("report.html");
  g_autofree char *hostile = artifact ("report-hostile.html");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *messages;
  guint errors = 0;
  int status;

  if (!need ("Java", java != NULL, "install openjdk-17-jre-headless") ||
      !need ("The Nu HTML Checker", vnu != NULL,
             "run build-aux/dev test, which installs the npm package vnu-jar, or set FACTMARK_VNU_JAR"))
    return;

  g_ptr_array_add (argv, java);
  g_ptr_array_add (argv, (gpointer)"-jar");
  g_ptr_array_add (argv, vnu);
  g_ptr_array_add (argv, (gpointer)"--format");
  g_ptr_array_add (argv, (gpointer)"json");
  g_ptr_array_add (argv, report);
  g_ptr_array_add (argv, hostile);
  status = run (argv, &out, &err);
  /* The checker reports on standard error */
  json_parser_load_from_data (parser, err, -1, &error);
  if (error != NULL)
    g_error ("The Nu HTML Checker did not answer in JSON (status %d): %s %s", status, out, err);
  messages = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                           "messages");
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *message = json_array_get_object_element (messages, i);
      const char *type = json_object_get_string_member (message, "type");
      const char *text = json_object_get_string_member_with_default (message, "message", "");
      const char *url = json_object_get_string_member_with_default (message, "url", "");

      /* Warnings and notes are reported, not failed: one is expected per
       * ClaimReview block, as the checker cannot know that a JSON-LD data
       * block is not a script the CSP blocks */
      g_test_message ("%s: %s: %s", url, type, text);
      if (g_strcmp0 (type, "error") == 0 ||
          (g_strcmp0 (type, "non-document-error") == 0))
        errors++;
    }
  g_assert_cmpuint (errors, ==, 0);
  g_assert_cmpint (status, ==, 0);
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
test_nothing_runs (void)
{
  g_autofree char *chromium = find_chromium ();
  g_autofree char *hostile = artifact ("report-hostile.html");
  g_autofree char *uri = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *dom = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GRegex) handler = NULL;
  g_autoptr(GRegex) links = NULL;
  g_autoptr(GRegex) script = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  guint scripts = 0;

  if (!need ("Chromium", chromium != NULL, "install Debian's chromium"))
    return;

  uri = file_uri (hostile);
  profile = fm_test_tmpdir ();
  argv = chromium_argv (chromium, profile);
  /* Time enough for any timer, event or redirect to have happened */
  g_ptr_array_add (argv, g_strdup ("--virtual-time-budget=3000"));
  g_ptr_array_add (argv, g_strdup ("--dump-dom"));
  g_ptr_array_add (argv, g_strdup (uri));
  g_assert_cmpint (run (argv, &dom, &err), ==, 0);
  fm_test_rmtree (profile);

  /* Still our page: nothing navigated away */
  g_assert_nonnull (strstr (dom, "<meta name=\"generator\" content=\"Factmark "));
  g_assert_nonnull (strstr (dom, "<footer>"));
  /* No script ran: the hostile title would have been replaced */
  g_assert_nonnull (strstr (dom, "<title>Fact-check: &lt;script&gt;document.title='pwned'"));
  g_assert_null (strstr (dom, "<title>pwned"));
  /* The only scripts in the DOM are the JSON-LD data blocks */
  script = g_regex_new ("<script\\b([^>]*)>", G_REGEX_CASELESS, 0, NULL);
  g_regex_match (script, dom, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *attributes = g_match_info_fetch (match, 1);

      g_assert_cmpstr (attributes, ==, " type=\"application/ld+json\"");
      scripts++;
      g_match_info_next (match, NULL);
    }
  g_assert_cmpuint (scripts, ==, 6);
  /* No element that loads or runs anything, and no event handler */
  g_assert_cmpuint (occurrences (dom, "<img"), ==, 0);
  g_assert_cmpuint (occurrences (dom, "<iframe"), ==, 0);
  g_assert_cmpuint (occurrences (dom, "<object"), ==, 0);
  g_assert_cmpuint (occurrences (dom, "<embed"), ==, 0);
  g_assert_cmpuint (occurrences (dom, "<form"), ==, 0);
  g_assert_cmpuint (occurrences (dom, "<base"), ==, 0);
  /* (Text is serialised with "<" escaped, so "<" here starts a real tag) */
  handler = g_regex_new ("<[a-z][^>]*\\son[a-z]+\\s*=", G_REGEX_CASELESS, 0, NULL);
  g_assert_false (g_regex_match (handler, dom, 0, NULL));
  links = g_regex_new ("<a\\b[^>]*\\shref=\"(?!https?://|#)", G_REGEX_CASELESS, 0, NULL);
  g_assert_false (g_regex_match (links, dom, 0, NULL));
  /* And what tried is there, as text */
  g_assert_nonnull (strstr (dom, "&lt;img src=x onerror="));
}

/* A screenshot of the whole report, light and dark */
static void
screenshot (const char *chromium,
            const char *uri,
            const char *name,
            gboolean    dark)
{
  g_autofree char *path = artifact (name);
  g_autofree char *profile = fm_test_tmpdir ();
  g_autoptr(GPtrArray) argv = chromium_argv (chromium, profile);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *png = NULL;
  gsize len = 0;

  g_unlink (path);
  g_ptr_array_add (argv, g_strdup ("--window-size=1000,6800"));
  if (dark)
    {
      g_ptr_array_add (argv, g_strdup ("--force-dark-mode"));
      g_ptr_array_add (argv, g_strdup ("--blink-settings=preferredColorScheme=0"));
    }
  g_ptr_array_add (argv, g_strdup_printf ("--screenshot=%s", path));
  g_ptr_array_add (argv, g_strdup (uri));
  g_assert_cmpint (run (argv, &out, &err), ==, 0);
  fm_test_rmtree (profile);

  g_assert_true (g_file_get_contents (path, &png, &len, NULL));
  g_assert_cmpuint (len, >, 20000);
  g_assert_cmpint (memcmp (png, "\x89PNG", 4), ==, 0);
  g_test_message ("screenshot: %s", path);
}

static void
test_screenshots (void)
{
  g_autofree char *chromium = find_chromium ();
  g_autofree char *report = artifact ("report.html");
  g_autofree char *uri = NULL;

  if (!need ("Chromium", chromium != NULL, "install Debian's chromium"))
    return;
  uri = file_uri (report);
  screenshot (chromium, uri, "report.png", FALSE);
  screenshot (chromium, uri, "report-dark.png", TRUE);
}

static void
test_print (void)
{
  g_autofree char *chromium = find_chromium ();
  g_autofree char *report = artifact ("report.html");
  g_autofree char *pdf = artifact ("report.pdf");
  g_autofree char *pdftoppm = g_find_program_in_path ("pdftoppm");
  g_autofree char *uri = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) argv = NULL;
  gsize len = 0;

  if (!need ("Chromium", chromium != NULL, "install Debian's chromium"))
    return;
  uri = file_uri (report);
  profile = fm_test_tmpdir ();
  argv = chromium_argv (chromium, profile);
  g_unlink (pdf);
  g_ptr_array_add (argv, g_strdup ("--no-pdf-header-footer"));
  g_ptr_array_add (argv, g_strdup_printf ("--print-to-pdf=%s", pdf));
  g_ptr_array_add (argv, g_strdup (uri));
  g_assert_cmpint (run (argv, &out, &err), ==, 0);
  fm_test_rmtree (profile);

  g_assert_true (g_file_get_contents (pdf, &contents, &len, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  /* The article on its pages, then the claims from a page of their own:
   * more than one page whatever the fonts */
  {
    g_autoptr(GRegex) pages = g_regex_new ("/Type /Pages\\b[^>]*?/Count (\\d+)",
                                           G_REGEX_RAW | G_REGEX_DOTALL, 0, NULL);
    g_autoptr(GMatchInfo) match = NULL;
    g_autofree char *n = NULL;

    g_assert_true (g_regex_match_full (pages, contents, len, 0, 0, &match, NULL));
    n = g_match_info_fetch (match, 1);
    g_test_message ("%s pages", n);
    g_assert_cmpint (atoi (n), >=, 2);
  }
  g_test_message ("printed: %s", pdf);

  if (pdftoppm != NULL)
    {
      g_autoptr(GPtrArray) convert = g_ptr_array_new ();
      g_autofree char *prefix = artifact ("report-print");
      g_autofree char *page = artifact ("report-print-1.png");
      g_autofree char *page_out = NULL;
      g_autofree char *page_err = NULL;

      g_ptr_array_add (convert, pdftoppm);
      g_ptr_array_add (convert, (gpointer)"-png");
      g_ptr_array_add (convert, (gpointer)"-r");
      g_ptr_array_add (convert, (gpointer)"80");
      g_ptr_array_add (convert, (gpointer)"-f");
      g_ptr_array_add (convert, (gpointer)"1");
      g_ptr_array_add (convert, (gpointer)"-l");
      g_ptr_array_add (convert, (gpointer)"1");
      g_ptr_array_add (convert, pdf);
      g_ptr_array_add (convert, prefix);
      g_assert_cmpint (run (convert, &page_out, &page_err), ==, 0);
      g_assert_true (g_file_test (page, G_FILE_TEST_IS_REGULAR));
    }
}

int
main (int   argc,
      char *argv[])
{
  const char *builddir;

  g_test_init (&argc, &argv, NULL);

  builddir = g_getenv ("G_TEST_BUILDDIR");
  artifacts = g_build_filename (builddir ? builddir : ".", "artifacts", NULL);
  g_mkdir_with_parents (artifacts, 0755);
  write_reports ();

  g_test_add_func ("/report-browser/nu-checker", test_nu_checker);
  g_test_add_func ("/report-browser/nothing-runs", test_nothing_runs);
  g_test_add_func ("/report-browser/screenshots", test_screenshots);
  g_test_add_func ("/report-browser/print", test_print);

  return g_test_run ();
}
