/* test-cli-anchor.c — factmark --import --new-version-of, and --suggest */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "fm-store.h"
#include "fm-cli-test.h"
#include "fm-test-store.h"

static const char v1[] =
  "Ferry fares to double\n"
  "\n"
  "The ferry company will double fares on its island routes from 1 April.\n"
  "\n"
  "A return ticket will cost 40 euros, up from 20 euros, officials said.\n"
  "\n"
  "\"We cannot afford to live here any more,\" one resident said.\n";

static const char v2[] =
  "Ferry fares to double\n"
  "\n"
  "Update: concessions will apply to island residents.\n"
  "\n"
  "The ferry company will double fares on its island routes from 1 April.\n"
  "\n"
  "A return ticket will cost 38 euros, up from 19 euros, officials said.\n";

static char *
first_field (const char *line)
{
  g_auto(GStrv) fields = g_strsplit (line, "\t", 2);

  return g_strdup (fields[0]);
}

static void
test_new_version_of (void)
{
  g_autofree char *dir = fm_test_tmpdir ();
  g_autofree char *ws = g_build_filename (dir, "w.db", NULL);
  g_autofree char *f1 = write_file (dir, "v1.txt", v1, -1);
  g_autofree char *f2 = write_file (dir, "v2.txt", v2, -1);
  g_autofree char *id = NULL;
  g_autofree char *prefix = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(Run) run = { 0 };
  JsonArray *claims;
  guint orphans = 0, flagged = 0, placed = 0;

  run_factmark (&run, "--workspace", ws, "--import", f1, NULL);
  g_assert_cmpint (run.status, ==, 0);
  id = first_field (run.out);
  {
    g_autoptr(FmStore) store = fm_store_open (ws, &error);

    g_assert_no_error (error);
    g_object_unref (fm_test_add_claim_on (store, id, "double fares on its island routes"));
    g_object_unref (fm_test_add_claim_on (store, id, "A return ticket will cost 40 euros, up from 20 euros"));
    g_object_unref (fm_test_add_claim_on (store, id, "We cannot afford to live here any more"));
  }

  /* A text file has no canonical URL: without --new-version-of it is a new article */
  prefix = g_strndup (id, 8);
  run_factmark (&run, "--workspace", ws, "--import", f2, "--new-version-of", prefix, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, id));
  {
    /* Each count with its own plural */
    g_autofree char *line = g_strdup_printf ("%s: revision 2 of the article: 1 claim placed "
                                             "exactly, 0 moved, 1 reworded, 1 to confirm, "
                                             "1 unplaced, 0 sent back to review\n", f2);

    g_assert_cmpstr (run.err, ==, line);
  }

  run_factmark (&run, "--workspace", ws, "--list", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (json_parser_get_root (parser))), ==, 1);

  run_factmark (&run, "--workspace", ws, "--claims", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
  claims = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (claims), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *c = json_array_get_object_element (claims, i);
      const char *anchor = json_object_get_string_member (c, "anchor");

      orphans += g_str_equal (anchor, "orphan");
      flagged += g_str_equal (anchor, "flagged");
      placed += g_str_equal (anchor, "placed");
      g_assert_true (json_object_has_member (c, "anchorConfidence"));
    }
  g_assert_cmpuint (orphans, ==, 1);
  g_assert_cmpuint (flagged, ==, 1);
  g_assert_cmpuint (placed, ==, 1);

  /* The same file again: nothing changes */
  run_factmark (&run, "--workspace", ws, "--import", f2, "--new-version-of", prefix, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "nothing changed"));

  /* Usage */
  run_factmark (&run, "--workspace", ws, "--list", "--new-version-of", prefix, NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_factmark (&run, "--workspace", ws, "--import", f1, f2, "--new-version-of", prefix, NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_factmark (&run, "--workspace", ws, "--import", f1, "--new-version-of", "ffffffff", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (g_str_has_prefix (run.err, "factmark: --new-version-of ffffffff: "));

  fm_test_rmtree (dir);
}

static void
test_suggest (void)
{
  g_autofree char *dir = fm_test_tmpdir ();
  g_autofree char *ws = g_build_filename (dir, "w.db", NULL);
  g_autofree char *f1 = write_file (dir, "v1.txt", v1, -1);
  g_autofree char *id = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(Run) run = { 0 };
  JsonObject *root;
  JsonArray *suggestions;

  /* A file: nothing is stored */
  run_factmark (&run, "--workspace", ws, "--suggest", f1, NULL);
  g_assert_cmpint (run.status, ==, 0);
  /* Each count with its own plural: "1 quotes", "3 sentences" */
  g_assert_true (g_str_has_prefix (run.out, "Suggestions for “Ferry fares to double”: 3 of 3 "
                                            "sentences; 1 quotes unnamed or vague sources\n"));
  g_assert_nonnull (strstr (run.out, "UNNAMED SOURCE"));
  g_assert_nonnull (strstr (run.out, "amount “40 euros”"));
  g_assert_false (g_file_test (ws, G_FILE_TEST_EXISTS));

  /* An article: less what is dismissed */
  run_factmark (&run, "--workspace", ws, "--import", f1, NULL);
  id = first_field (run.out);
  {
    g_autoptr(FmStore) store = fm_store_open (ws, &error);

    g_assert_no_error (error);
    g_assert_true (fm_store_dismiss_suggestion (store, id, "\"We cannot afford to live here any "
                                                "more,\" one resident said.", &error));
  }
  run_factmark (&run, "--workspace", ws, "--suggest", id, "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "id"), ==, id);
  suggestions = json_object_get_array_member (root, "suggestions");
  g_assert_cmpuint (json_array_get_length (suggestions), ==, 2);
  g_assert_cmpint (json_object_get_int_member (root, "unnamedSources"), ==, 1);
  for (guint i = 0; i < json_array_get_length (suggestions); i++)
    {
      JsonObject *s = json_array_get_object_element (suggestions, i);

      g_assert_null (strstr (json_object_get_string_member (s, "sentence"), "afford"));
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (s, "reasons")), >, 0);
    }

  /* Usage and errors */
  run_factmark (&run, "--workspace", ws, "--suggest", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_factmark (&run, "--workspace", ws, "--suggest", f1, f1, NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_factmark (&run, "--workspace", ws, "--suggest", "no-such-thing", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (g_str_has_prefix (run.err, "factmark: no-such-thing: "));

  fm_test_rmtree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/new-version-of", test_new_version_of);
  g_test_add_func ("/cli/suggest", test_suggest);

  return g_test_run ();
}
