/* test-cli.c — the command line, run as a user would run it */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "fm-cli-test.h"
#include "fm-util.h"

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

/* --extract, and pages and URLs with --import */

static char *
read_file (const char *path)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

static void
test_extract (void)
{
  g_autofree char *dir = fm_test_tmpdir ();
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autofree char *page = fm_test_source_file ("fixtures", "extract", "structure.html", NULL);
  g_autofree char *other = fm_test_source_file ("fixtures", "extract", "jsonld.html", NULL);
  g_autofree char *txt = g_build_filename (out, "structure.txt", NULL);
  g_autofree char *meta = g_build_filename (out, "jsonld.meta.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *obj;
  g_auto(Run) run = { 0 };

  /* Title line, blank line, paragraphs separated by blank lines */
  run_factmark (&run, "--extract", page, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_true (g_str_has_prefix (run.out, "How to read a tide table\n\nA tide table lists"));
  g_assert_nonnull (strstr (run.out, "chart datum.\n\nWhat the columns mean\n\nMost tables"));
  g_assert_nonnull (strstr (run.out, "\n\nHW 06:12 4.8 m\n\nLW 12:31 0.9 m\n\n"));
  g_assert_true (g_str_has_suffix (run.out, "long before the news.\n"));

  /* --json: one object per input */
  run_factmark (&run, "--extract", "--json", other, NULL);
  g_assert_cmpint (run.status, ==, 0);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  obj = json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), 0);
  g_assert_cmpstr (json_object_get_string_member (obj, "title"), ==,
                   "Lifeboat crew rescues two kayakers");
  g_assert_cmpstr (json_object_get_string_member (obj, "byline"), ==, "Tove Lund, Arne Berg");
  g_assert_cmpstr (json_object_get_string_member (obj, "siteName"), ==, "Harbour News");
  g_assert_cmpstr (json_object_get_string_member (obj, "publishedTime"), ==,
                   "2026-03-14T09:30:00+01:00");
  g_assert_cmpstr (json_object_get_string_member (obj, "sourceFormat"), ==, "html");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj, "paragraphs")), ==, 3);

  /* --output-dir: NAME.txt and NAME.meta.json for each input */
  run_factmark (&run, "--extract", "--output-dir", out, page, other, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");
  text = read_file (txt);
  g_assert_true (g_str_has_prefix (text, "How to read a tide table\n\nA tide table lists"));
  g_clear_object (&parser);
  parser = json_parser_new ();
  json_parser_load_from_file (parser, meta, &error);
  g_assert_no_error (error);
  obj = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (obj, "byline"), ==, "Tove Lund, Arne Berg");
  g_assert_cmpstr (json_object_get_string_member (obj, "siteName"), ==, "Harbour News");
  g_assert_cmpstr (json_object_get_string_member (obj, "lang"), ==, "en");
  g_assert_true (json_object_has_member (obj, "publishedTime"));

  fm_test_rmtree (dir);
}

static void
test_extract_errors (void)
{
  g_autofree char *dir = fm_test_tmpdir ();
  g_autofree char *missing = g_build_filename (dir, "missing.html", NULL);
  g_autofree char *nav = write_file (dir, "nav.html", "<html><body><script>x()</script></body></html>", -1);
  g_autofree char *page = fm_test_source_file ("fixtures", "extract", "structure.html", NULL);
  g_auto(Run) run = { 0 };

  run_factmark (&run, "--extract", missing, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (g_str_has_prefix (run.err, "factmark: "));
  g_assert_nonnull (strstr (run.err, "missing.html: "));

  run_factmark (&run, "--extract", nav, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "nav.html: There is no article text"));

  /* Usage errors */
  run_factmark (&run, "--extract", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_factmark (&run, "--output-dir", dir, page, NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_factmark (&run, "--extract", "--json", "--output-dir", dir, page, NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_factmark (&run, "--extract", "--import", page, NULL);
  g_assert_cmpint (run.status, ==, 2);

  fm_test_rmtree (dir);
}

static void
test_import_html (void)
{
  g_autofree char *dir = fm_test_tmpdir ();
  g_autofree char *ws = g_build_filename (dir, "w.db", NULL);
  g_autofree char *page = fm_test_source_file ("fixtures", "extract", "jsonld.html", NULL);
  g_auto(Run) run = { 0 };

  run_factmark (&run, "--workspace", ws, "--import", page, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_suffix (run.out, "\tLifeboat crew rescues two kayakers\n"));

  run_factmark (&run, "--workspace", ws, "--list", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\"sourceFormat\" : \"html\""));
  g_assert_nonnull (strstr (run.out, "\"byline\" : \"Tove Lund, Arne Berg\""));
  fm_test_rmtree (dir);
}

/* A tiny HTTP server on 127.0.0.1, in a thread of its own since the test
 * waits for factmark to finish */
typedef struct
{
  GMainContext   *context;
  GMainLoop      *loop;
  GSocketService *service;
  guint           port;
  GMutex          lock;
  GCond           ready;
  gboolean        started;
} TinyServer;

static gboolean
tiny_incoming (GSocketService    *service,
               GSocketConnection *connection,
               GObject           *source,
               gpointer           user_data)
{
  static const char page[] =
    "<!DOCTYPE html><html lang=\"en\"><head><title>The pier reopens after its repairs | Pier Post</title>"
    "</head><body><div class=\"article\"><p>The pier reopened on Saturday after eight months of "
    "repairs to the deck and the railings, and more than a thousand people walked to the end "
    "of it on the first afternoon, the town said.</p><p>The repairs cost less than expected, "
    "and the town will spend what is left on new lights along the promenade, to be put up "
    "before the winter, when the evenings are long.</p></div></body></html>";
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GString) request = g_string_new (NULL);
  g_autofree char *answer = NULL;
  char buf[1024];
  gssize n;

  while (strstr (request->str, "\r\n\r\n") == NULL &&
         (n = g_input_stream_read (in, buf, sizeof buf, NULL, NULL)) > 0)
    g_string_append_len (request, buf, n);
  if (g_str_has_prefix (request->str, "GET /pier.html "))
    answer = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                              "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
                              strlen (page), page);
  else
    answer = g_strdup ("HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n"
                       "Content-Length: 0\r\nConnection: close\r\n\r\n");
  g_output_stream_write_all (out, answer, strlen (answer), NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static gpointer
tiny_thread (gpointer data)
{
  TinyServer *server = data;
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_main_context_push_thread_default (server->context);
  server->service = g_socket_service_new ();
  g_assert_true (g_socket_listener_add_address (G_SOCKET_LISTENER (server->service), any,
                                                G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                                NULL, &bound, NULL));
  server->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_signal_connect (server->service, "incoming", G_CALLBACK (tiny_incoming), NULL);
  g_socket_service_start (server->service);

  g_mutex_lock (&server->lock);
  server->started = TRUE;
  g_cond_signal (&server->ready);
  g_mutex_unlock (&server->lock);

  g_main_loop_run (server->loop);
  g_socket_service_stop (server->service);
  g_socket_listener_close (G_SOCKET_LISTENER (server->service));
  g_clear_object (&server->service);
  g_main_context_pop_thread_default (server->context);
  return NULL;
}

static gboolean
tiny_quit (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
test_urls (void)
{
  TinyServer server = { 0 };
  GThread *thread;
  g_autofree char *dir = fm_test_tmpdir ();
  g_autofree char *ws = g_build_filename (dir, "w.db", NULL);
  g_autofree char *url = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *txt = g_build_filename (dir, "pier.txt", NULL);
  g_autofree char *text = NULL;
  g_auto(Run) run = { 0 };

  /* factmark inherits this: the server is on this machine, not behind a proxy */
  g_setenv ("no_proxy", "127.0.0.1,localhost", TRUE);
  g_unsetenv ("http_proxy");
  g_unsetenv ("HTTP_PROXY");

  server.context = g_main_context_new ();
  server.loop = g_main_loop_new (server.context, FALSE);
  g_mutex_init (&server.lock);
  g_cond_init (&server.ready);
  thread = g_thread_new ("tiny-server", tiny_thread, &server);
  g_mutex_lock (&server.lock);
  while (!server.started)
    g_cond_wait (&server.ready, &server.lock);
  g_mutex_unlock (&server.lock);
  url = g_strdup_printf ("http://127.0.0.1:%u/pier.html", server.port);
  missing = g_strdup_printf ("http://127.0.0.1:%u/gone.html", server.port);

  run_factmark (&run, "--extract", url, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "The pier reopens after its repairs\n\nThe pier reopened"));

  run_factmark (&run, "--extract", "--output-dir", dir, url, NULL);
  g_assert_cmpint (run.status, ==, 0);
  text = read_file (txt);
  g_assert_true (g_str_has_prefix (text, "The pier reopens after its repairs\n\n"));

  run_factmark (&run, "--workspace", ws, "--import", url, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_suffix (run.out, "\tThe pier reopens after its repairs\n"));
  run_factmark (&run, "--workspace", ws, "--list", "--json", NULL);
  g_assert_nonnull (strstr (run.out, url));

  run_factmark (&run, "--extract", missing, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (g_str_has_prefix (run.err, "factmark: "));
  g_assert_nonnull (strstr (run.err, "gone.html: There is no page at this address (HTTP 404"));

  g_main_context_invoke (server.context, tiny_quit, server.loop);
  g_thread_join (thread);
  g_main_loop_unref (server.loop);
  g_main_context_unref (server.context);
  fm_test_rmtree (dir);
}

/* In the child: settings from a keyfile in @data (an XDG_CONFIG_HOME) */
static void
use_keyfile_settings (gpointer data)
{
  g_setenv ("XDG_CONFIG_HOME", data, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
}

/* The command line records changes under the name chosen in the window's
 * Preferences, as the window does */
static void
test_display_name (void)
{
  g_autofree char *dir = fm_test_tmpdir ();
  g_autofree char *ws = g_build_filename (dir, "w.db", NULL);
  g_autofree char *file = write_file (dir, "tolls.txt", article, -1);
  g_autofree char *config = g_build_filename (dir, "config", NULL);
  g_autofree char *settings_dir = g_build_filename (config, "glib-2.0", "settings", NULL);
  g_autofree char *keyfile = NULL;
  g_autofree char *annotations = NULL;
  g_autofree char *article_id = NULL;
  g_auto(Run) run = { 0 };

  g_assert_cmpint (g_mkdir_with_parents (settings_dir, 0700), ==, 0);
  keyfile = write_file (settings_dir, "keyfile",
                        "[org/factmark/Factmark]\ndisplay-name='  Mira Okafor '\n", -1);
  annotations = write_file (dir, "claims.json",
                            "{\"target\":{\"selector\":{\"type\":\"TextQuoteSelector\","
                            "\"exact\":\"eleven minutes shorter\"}},\"bodyValue\":\"Shorter bus journeys\"}",
                            -1);

  run_factmark_full (&run, use_keyfile_settings, config, "--workspace", ws, "--import", file, NULL);
  g_assert_cmpint (run.status, ==, 0);
  article_id = g_strndup (run.out, 36);
  run_factmark_full (&run, use_keyfile_settings, config, "--workspace", ws,
                     "--import-annotations", annotations, "--article", article_id, NULL);
  g_assert_cmpint (run.status, ==, 0);
  {
    g_autofree char *claim_id = g_strndup (run.out, 36);

    run_factmark (&run, "--workspace", ws, "--history", claim_id, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "\tMira Okafor\tcreated\t"));
  }
  /* Without a name chosen: the account's */
  g_assert_true (g_file_set_contents (keyfile, "[org/factmark/Factmark]\ndisplay-name=''\n", -1, NULL));
  run_factmark_full (&run, use_keyfile_settings, config, "--workspace", ws,
                     "--import-annotations", annotations, "--article", article_id, NULL);
  g_assert_cmpint (run.status, ==, 0);
  {
    g_autofree char *claim_id = g_strndup (run.out, 36);
    g_autofree char *expected = g_strdup_printf ("\t%s\tcreated\t", fm_default_actor ());

    run_factmark (&run, "--workspace", ws, "--history", claim_id, NULL);
    g_assert_nonnull (strstr (run.out, expected));
    g_assert_null (strstr (run.out, "Mira"));
  }
  fm_test_rmtree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/import-and-list", test_import_and_list);
  g_test_add_func ("/cli/display-name", test_display_name);
  g_test_add_func ("/cli/errors", test_errors);
  g_test_add_func ("/cli/help", test_help);
  g_test_add_func ("/cli/extract", test_extract);
  g_test_add_func ("/cli/extract-errors", test_extract_errors);
  g_test_add_func ("/cli/import-html", test_import_html);
  g_test_add_func ("/cli/urls", test_urls);

  return g_test_run ();
}
