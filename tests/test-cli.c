/* test-cli.c — the command line, run as a user would run it */
#include "config.h"

#include <string.h>

#include "fm-test.h"

typedef struct
{
  char *out;
  char *err;
  int   status;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs factmark with the arguments given (NULL-terminated) */
G_GNUC_NULL_TERMINATED
static void
run_factmark (Run        *run,
              const char *first,
              ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *factmark = g_getenv ("FACTMARK");
  int wait_status;
  va_list args;

  g_assert_nonnull (factmark);
  g_ptr_array_add (argv, (gpointer)factmark);
  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer)a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  run_clear (run);
  g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  run->status = g_spawn_check_wait_status (wait_status, NULL) ? 0 :
                WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
}

static char *
write_file (const char *dir,
            const char *name,
            const char *contents,
            gssize      len)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, len, NULL));
  return path;
}

static const char article[] =
  "Harbour tolls cut traffic\n"
  "\n"
  "The toll cut weekday traffic by 34 percent in six months, the council said.\n"
  "Bus journeys are eleven minutes shorter on average.\n";

static void
test_import_and_list (void)
{
  g_autofree char *dir = fm_test_tmpdir ();
  g_autofree char *ws = g_build_filename (dir, "w.db", NULL);
  g_autofree char *file = write_file (dir, "tolls.txt", article, -1);
  g_autofree char *first_id = NULL;
  g_auto(Run) run = { 0 };
  g_auto(GStrv) fields = NULL;

  run_factmark (&run, "--workspace", ws, "--import", file, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  fields = g_strsplit (g_strchomp (run.out), "\t", -1);
  g_assert_cmpuint (g_strv_length (fields), ==, 2);
  g_assert_cmpuint (strlen (fields[0]), ==, 36);
  g_assert_cmpstr (fields[1], ==, "Harbour tolls cut traffic");
  first_id = g_strdup (fields[0]);

  /* Importing it again reopens the same article */
  run_factmark (&run, "--workspace", ws, "--import", file, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, first_id));

  run_factmark (&run, "--workspace", ws, "--list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, first_id));
  g_assert_nonnull (strstr (run.out, "Harbour tolls cut traffic"));
  /* A header and one article */
  {
    g_auto(GStrv) lines = g_strsplit (g_strchomp (run.out), "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 2);
  }

  run_factmark (&run, "--workspace", ws, "--list", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\"title\" : \"Harbour tolls cut traffic\""));
  g_assert_nonnull (strstr (run.out, "\"total\" : 0"));

  run_factmark (&run, "--workspace", ws, "--claims", "--article", first_id, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");

  {
    g_autofree char *prefix = g_strndup (first_id, 8);

    run_factmark (&run, "--workspace", ws, "--claims", "--article", prefix, "--json", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (g_strstrip (run.out), ==, "[]");
  }

  fm_test_rmtree (dir);
}

static void
test_errors (void)
{
  g_autofree char *dir = fm_test_tmpdir ();
  g_autofree char *ws = g_build_filename (dir, "w.db", NULL);
  g_autofree char *empty = write_file (dir, "empty.txt", "", 0);
  g_autofree char *binary = write_file (dir, "image.txt", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  g_autofree char *good = write_file (dir, "good.txt", article, -1);
  g_autofree char *junk = write_file (dir, "junk.db", "not a database, just some words in a file", -1);
  g_auto(Run) run = { 0 };

  /* Bad input: exit 1, "factmark: WHAT: WHY", nothing imported */
  run_factmark (&run, "--workspace", ws, "--import", empty, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (g_str_has_prefix (run.err, "factmark: "));
  g_assert_nonnull (strstr (run.err, "empty.txt: The file is empty"));

  run_factmark (&run, "--workspace", ws, "--import", binary, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "binary"));

  run_factmark (&run, "--workspace", ws, "--import", dir, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "folder"));

  /* One bad file does not stop the good one, but the status says so */
  run_factmark (&run, "--workspace", ws, "--import", empty, good, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.out, "Harbour tolls cut traffic"));

  run_factmark (&run, "--workspace", ws, "--list", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  {
    g_auto(GStrv) parts = g_strsplit (run.out, "\"id\"", -1);
    g_assert_cmpuint (g_strv_length (parts), ==, 2);
  }

  /* A file that is not a workspace */
  run_factmark (&run, "--workspace", junk, "--list", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "not a Factmark workspace"));

  /* Usage errors: exit 2 */
  run_factmark (&run, "--workspace", ws, "--claims", "--status", "maybe", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "not a status"));
  run_factmark (&run, "--workspace", ws, "--claims", "--verdict", "sort-of", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_factmark (&run, "--list", "--claims", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_factmark (&run, "--import", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_factmark (&run, "--list", "--no-such-option", NULL);
  g_assert_cmpint (run.status, ==, 2);

  /* An id that matches nothing */
  run_factmark (&run, "--workspace", ws, "--claims", "--article", "ffffffff", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "No article"));

  fm_test_rmtree (dir);
}

static void
test_help (void)
{
  g_auto(Run) run = { 0 };

  run_factmark (&run, "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "--workspace"));
  g_assert_nonnull (strstr (run.out, "--import"));

  run_factmark (&run, "--version", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "factmark "));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/import-and-list", test_import_and_list);
  g_test_add_func ("/cli/errors", test_errors);
  g_test_add_func ("/cli/help", test_help);

  return g_test_run ();
}
