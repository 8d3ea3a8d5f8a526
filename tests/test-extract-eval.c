/* test-extract-eval.c — extraction quality on real pages
 *
 * Runs `factmark --extract --output-dir` over ../shared/extract-eval/pages
 * and the scorer that comes with them, and fails below the bars of the
 * issue: mean F1 ≥ 0.99, F1 ≥ 0.9 on ≥ 98% of pages, mean precision ≥
 * 0.99, title accuracy ≥ 0.97, and byline, siteName, publishedTime and lang
 * accuracy each at least Readability's own (scored the same way) minus
 * 0.05. The bars hold on all pages and on the held-out third (every third
 * page by name), which is there to catch rules that fit only some pages.
 * Skipped when the pages or python3 are not there.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#include "fm-test.h"

static char *
spawn (const char * const *argv,
       int                *status)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  g_autofree char *err = NULL;
  int wait_status;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                &wait_status, &error);
  g_assert_no_error (error);
  *status = g_spawn_check_wait_status (wait_status, NULL) ? 0 : 1;
  if (*status != 0)
    g_test_message ("%s failed: %s", argv[0], err);
  return out;
}

static JsonObject *
load_summary (JsonParser *parser,
              const char *path,
              const char *split)
{
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  return json_object_get_object_member (json_object_get_object_member (root, "summary"), split);
}

static void
check_bars (JsonObject *ours,
            JsonObject *peer,
            const char *split)
{
  static const char * const meta[] = {
    "byline_accuracy", "siteName_accuracy", "publishedTime_accuracy", "lang_accuracy",
  };
  static const struct { const char *key; double bar; } bars[] = {
    { "mean_f1", 0.99 },
    { "share_f1_ge_0_9", 0.98 },
    { "mean_precision", 0.99 },
    { "title_accuracy", 0.97 },
  };

  g_assert_cmpint (json_object_get_int_member (ours, "missing"), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (bars); i++)
    {
      double v = json_object_get_double_member (ours, bars[i].key);

      g_test_message ("%s %s = %.4f (bar %.2f)", split, bars[i].key, v, bars[i].bar);
      g_assert_cmpfloat (v, >=, bars[i].bar);
    }
  for (guint i = 0; i < G_N_ELEMENTS (meta); i++)
    {
      double v = json_object_get_double_member (ours, meta[i]);
      double bar = json_object_get_double_member (peer, meta[i]) - 0.05;

      g_test_message ("%s %s = %.4f (bar %.3f: Readability's minus 0.05)", split, meta[i], v, bar);
      g_assert_cmpfloat (v, >=, bar - 1e-9);
    }
}

static void
test_quality (void)
{
  g_autofree char *eval = fm_test_shared_file ("extract-eval");
  g_autofree char *python = g_find_program_in_path ("python3");
  const char *factmark = g_getenv ("FACTMARK");
  g_autofree char *pages = NULL;
  g_autofree char *scorer = NULL;
  g_autofree char *peer_dir = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *in = NULL;
  g_autofree char *out = NULL;
  g_autofree char *ours_json = NULL;
  g_autofree char *peer_json = NULL;
  g_autofree char *heldout = NULL;
  g_autofree char *summary = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GString) heldout_list = g_string_new (NULL);
  g_autoptr(JsonParser) ours_parser = json_parser_new ();
  g_autoptr(JsonParser) peer_parser = json_parser_new ();
  g_autoptr(GDir) gdir = NULL;
  const char *name;
  int status;

  if (eval == NULL)
    {
      g_test_skip ("../shared/extract-eval is not there");
      return;
    }
  if (python == NULL)
    {
      g_test_skip ("python3 is not installed");
      return;
    }
  g_assert_nonnull (factmark);
  pages = g_build_filename (eval, "pages", NULL);
  scorer = g_build_filename (eval, "score.py", NULL);
  peer_dir = g_build_filename (eval, "readability-0.6.0", NULL);

  /* NAME.html → pages/NAME/source.html, so that the outputs are NAME.txt */
  dir = fm_test_tmpdir ();
  in = g_build_filename (dir, "in", NULL);
  out = g_build_filename (dir, "out", NULL);
  g_assert_cmpint (g_mkdir (in, 0755), ==, 0);
  gdir = g_dir_open (pages, 0, NULL);
  g_assert_nonnull (gdir);
  while ((name = g_dir_read_name (gdir)) != NULL)
    {
      g_autofree char *source = g_build_filename (pages, name, "source.html", NULL);

      if (g_file_test (source, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, fm_test_compare_strings);
  g_assert_cmpuint (names->len, >, 0);

  g_ptr_array_add (argv, (gpointer)factmark);
  g_ptr_array_add (argv, (gpointer)"--extract");
  g_ptr_array_add (argv, (gpointer)"--output-dir");
  g_ptr_array_add (argv, out);
  for (guint i = 0; i < names->len; i++)
    {
      const char *n = g_ptr_array_index (names, i);
      g_autofree char *source = g_build_filename (pages, n, "source.html", NULL);
      g_autofree char *file = g_strconcat (n, ".html", NULL);
      char *link = g_build_filename (in, file, NULL);

      g_assert_cmpint (symlink (source, link), ==, 0);
      g_ptr_array_add (argv, link);
      if (i % 3 == 0)
        g_string_append_printf (heldout_list, "%s\n", n);
    }
  g_ptr_array_add (argv, NULL);
  {
    g_autofree char *output = spawn ((const char * const *)argv->pdata, &status);
    g_assert_cmpint (status, ==, 0);
  }
  for (guint i = 4; argv->pdata[i] != NULL; i++)
    g_free (argv->pdata[i]);

  heldout = g_build_filename (dir, "heldout.txt", NULL);
  g_assert_true (g_file_set_contents (heldout, heldout_list->str, -1, NULL));
  ours_json = g_build_filename (dir, "ours.json", NULL);
  peer_json = g_build_filename (dir, "readability.json", NULL);
  {
    const char *score_ours[] = {
      python, scorer, pages, out, "--quiet", "--heldout-list", heldout, "--json", ours_json, NULL
    };
    const char *score_peer[] = {
      python, scorer, pages, peer_dir, "--quiet", "--heldout-list", heldout, "--json", peer_json, NULL
    };
    g_autofree char *peer_summary = NULL;

    summary = spawn (score_ours, &status);
    g_assert_cmpint (status, ==, 0);
    g_test_message ("factmark:\n%s", summary);
    peer_summary = spawn (score_peer, &status);
    g_assert_cmpint (status, ==, 0);
    g_test_message ("Readability 0.6.0:\n%s", peer_summary);
  }

  check_bars (load_summary (ours_parser, ours_json, "all"),
              load_summary (peer_parser, peer_json, "all"), "all");
  g_clear_object (&ours_parser);
  g_clear_object (&peer_parser);
  ours_parser = json_parser_new ();
  peer_parser = json_parser_new ();
  check_bars (load_summary (ours_parser, ours_json, "heldout"),
              load_summary (peer_parser, peer_json, "heldout"), "heldout");

  fm_test_rmtree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/extract/quality", test_quality);
  return g_test_run ();
}
