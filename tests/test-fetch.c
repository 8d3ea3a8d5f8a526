/* test-fetch.c — downloading pages, against a server on 127.0.0.1
 *
 * The server runs in a thread of its own with its own main context, so that
 * both the asynchronous API (on the test's main context) and the blocking
 * one (which runs a private context) can talk to it.
 */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "fm-fetch.h"
#include "fm-import.h"
#include "fm-test-http.h"
#include "fm-test.h"

typedef struct
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  FmTestHttp    http;
  GMutex        lock;
  GCond         ready;
  gboolean      started;
  GPtrArray    *paused;    /* messages never answered */
  GBytes       *page;      /* windows-1251 article */
} Server;

static Server server;

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *type,
         const char        *body,
         gsize              len)
{
  soup_server_message_set_status (msg, status, NULL);
  if (type != NULL)
    soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY, body, len);
}

static void
handle (SoupServer        *soup_server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  if (g_str_equal (path, "/page.html"))
    respond (msg, 200, "text/html; charset=windows-1251", g_bytes_get_data (server.page, NULL),
             g_bytes_get_size (server.page));
  else if (g_str_equal (path, "/redirect"))
    soup_server_message_set_redirect (msg, 302, "/page.html");
  else if (g_str_equal (path, "/redirect-twice"))
    soup_server_message_set_redirect (msg, 301, "/redirect");
  else if (g_str_equal (path, "/loop"))
    soup_server_message_set_redirect (msg, 302, "/loop");
  else if (g_str_equal (path, "/to-file"))
    soup_server_message_set_redirect (msg, 302, "file:///etc/passwd");
  else if (g_str_equal (path, "/text"))
    {
      static const char text[] =
        "Ferry timetable changes\n\nFrom Monday the first ferry leaves at six, not half past six.\n"
        "The last ferry leaves at twenty past eleven, as before.\n";
      respond (msg, 200, "text/plain; charset=utf-8", text, strlen (text));
    }
  else if (g_str_equal (path, "/image.png"))
    respond (msg, 200, "image/png", "\x89PNG\r\n\x1a\n", 8);
  else if (g_str_equal (path, "/error"))
    respond (msg, 503, "text/html", "<p>down</p>", 11);
  else if (g_str_equal (path, "/big"))
    {
      g_autofree char *body = g_strnfill (64 * 1024, 'x');
      respond (msg, 200, "text/html", body, 64 * 1024);
    }
  else if (g_str_equal (path, "/big-chunked"))
    {
      SoupMessageBody *body = soup_server_message_get_response_body (msg);

      soup_server_message_set_status (msg, 200, NULL);
      soup_message_headers_set_content_type (headers, "text/html", NULL);
      soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
      for (guint i = 0; i < 16; i++)
        {
          g_autofree char *chunk = g_strnfill (4096, 'y');
          soup_message_body_append (body, SOUP_MEMORY_COPY, chunk, 4096);
        }
      soup_message_body_complete (body);
    }
  else if (g_str_equal (path, "/slow"))
    {
      /* Never answered: the client's timeout or cancel has to end it */
      g_ptr_array_add (server.paused, g_object_ref (msg));
      soup_server_message_pause (msg);
    }
  else
    respond (msg, 404, "text/html", "<p>not here</p>", 15);
}

static gpointer
server_thread (gpointer data)
{
  g_main_context_push_thread_default (server.context);
  fm_test_http_start (&server.http);
  soup_server_add_handler (server.http.server, NULL, handle, NULL, NULL);

  g_mutex_lock (&server.lock);
  server.started = TRUE;
  g_cond_signal (&server.ready);
  g_mutex_unlock (&server.lock);

  g_main_loop_run (server.loop);

  for (guint i = 0; i < server.paused->len; i++)
    soup_server_message_unpause (g_ptr_array_index (server.paused, i));
  g_ptr_array_set_size (server.paused, 0);
  fm_test_http_stop (&server.http);
  g_main_context_pop_thread_default (server.context);
  return NULL;
}

static void
server_start (void)
{
  g_autofree char *path = fm_test_source_file ("fixtures", "extract", "charset-http.html", NULL);
  char *data;
  gsize len;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  server.page = g_bytes_new_take (data, len);
  server.paused = g_ptr_array_new_with_free_func (g_object_unref);
  server.context = g_main_context_new ();
  server.loop = g_main_loop_new (server.context, FALSE);
  g_mutex_init (&server.lock);
  g_cond_init (&server.ready);
  server.thread = g_thread_new ("test-server", server_thread, NULL);
  g_mutex_lock (&server.lock);
  while (!server.started)
    g_cond_wait (&server.ready, &server.lock);
  g_mutex_unlock (&server.lock);
}

static gboolean
quit_server (gpointer data)
{
  g_main_loop_quit (server.loop);
  return G_SOURCE_REMOVE;
}

static void
server_stop (void)
{
  g_main_context_invoke (server.context, quit_server, NULL);
  g_thread_join (server.thread);
  g_main_loop_unref (server.loop);
  g_main_context_unref (server.context);
  g_ptr_array_unref (server.paused);
  g_bytes_unref (server.page);
}

static char *
url (const char *path)
{
  return g_strdup_printf ("http://127.0.0.1:%u%s", server.http.port, path);
}

/* Runs a fetch asynchronously on the test's main context */
typedef struct
{
  GAsyncResult *result;
  guint         progress_notifications;
} Wait;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
}

static void
on_progress (FmFetch    *fetch,
             GParamSpec *pspec,
             Wait       *wait)
{
  wait->progress_notifications++;
}

static GBytes *
fetch_async (FmFetch       *fetch,
             GCancellable  *cancellable,
             Wait          *wait,
             GError       **error)
{
  GBytes *bytes;

  g_signal_connect (fetch, "notify::bytes-received", G_CALLBACK (on_progress), wait);
  fm_fetch_run_async (fetch, cancellable, on_done, wait);
  while (wait->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  bytes = fm_fetch_run_finish (fetch, wait->result, error);
  g_clear_object (&wait->result);
  return bytes;
}

static void
test_success (void)
{
  g_autofree char *u = url ("/redirect-twice");
  g_autofree char *final = url ("/page.html");
  g_autoptr(FmFetch) fetch = fm_fetch_new (u);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  Wait wait = { 0 };

  bytes = fetch_async (fetch, NULL, &wait, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (bytes, server.page));
  g_assert_cmpstr (fm_fetch_get_final_url (fetch), ==, final);
  g_assert_cmpstr (fm_fetch_get_content_type (fetch), ==, "text/html");
  g_assert_cmpstr (fm_fetch_get_charset (fetch), ==, "windows-1251");
  g_assert_cmpuint (fm_fetch_get_bytes_received (fetch), ==, g_bytes_get_size (server.page));
  g_assert_cmpint (fm_fetch_get_bytes_expected (fetch), ==, g_bytes_get_size (server.page));
  g_assert_cmpuint (wait.progress_notifications, >=, 1);
  g_assert_nonnull (fm_fetch_get_fetched_at (fetch));
  g_assert_true (g_str_has_suffix (fm_fetch_get_fetched_at (fetch), "Z"));
}

static void
on_imported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_import_url_async (void)
{
  g_autofree char *u = url ("/redirect");
  g_autofree char *final = url ("/page.html");
  g_autoptr(FmFetch) fetch = fm_fetch_new (u);
  g_autoptr(GError) error = NULL;
  g_autoptr(FmArticle) article = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  fm_import_url_async (fetch, 0, NULL, on_imported, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  article = fm_import_url_finish (result, &error);
  g_assert_no_error (error);
  /* The charset of the header, over the page's own wrong declaration */
  g_assert_cmpstr (fm_article_get_title (article), ==, "Паром снова ходит по расписанию");
  g_assert_true (g_str_has_prefix (fm_article_get_text (article), "Паром через залив"));
  g_assert_cmpstr (fm_article_get_url (article), ==, final);
  g_assert_cmpstr (fm_article_get_source_name (article), ==, u);
  g_assert_cmpstr (fm_article_get_source_format (article), ==, "html");
  g_assert_cmpstr (fm_article_get_fetched_at (article), ==, fm_fetch_get_fetched_at (fetch));
  g_assert_true (g_bytes_equal (fm_article_get_original (article), server.page));
}

static void
test_import_url_sync (void)
{
  g_autofree char *u = url ("/text");
  g_autoptr(GError) error = NULL;
  g_autoptr(FmArticle) article = fm_import_url (u, 0, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (fm_article_get_source_format (article), ==, "text");
  g_assert_cmpstr (fm_article_get_title (article), ==, "Ferry timetable changes");
  g_assert_cmpstr (fm_article_get_url (article), ==, u);
  g_assert_nonnull (fm_article_get_fetched_at (article));
}

/* `factmark URL` opens a GFile for the URL: that is downloaded too */
static void
test_import_file_url (void)
{
  g_autofree char *u = url ("/page.html");
  g_autoptr(GFile) file = g_file_new_for_uri (u);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FmArticle) article = NULL;

  fm_import_file_async (file, 0, NULL, on_imported, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  article = fm_import_file_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fm_article_get_title (article), ==, "Паром снова ходит по расписанию");
  g_assert_cmpstr (fm_article_get_url (article), ==, u);
  g_assert_nonnull (fm_article_get_fetched_at (article));
}

/* Each failure, with its error code */
static void
expect_failure (const char *path,
                guint       timeout,
                guint64     max_bytes,
                GQuark      domain,
                int         code)
{
  g_autofree char *u = path[0] == '/' ? url (path) : g_strdup (path);
  g_autoptr(FmFetch) fetch = fm_fetch_new (u);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  Wait wait = { 0 };

  if (timeout > 0)
    fm_fetch_set_timeout (fetch, timeout);
  if (max_bytes > 0)
    fm_fetch_set_max_bytes (fetch, max_bytes);
  bytes = fetch_async (fetch, NULL, &wait, &error);
  g_assert_null (bytes);
  g_assert_error (error, domain, code);
  g_test_message ("%s: %s", path, error->message);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static void
test_not_found (void)
{
  expect_failure ("/nowhere", 0, 0, FM_FETCH_ERROR, FM_FETCH_ERROR_NOT_FOUND);
}

static void
test_http_error (void)
{
  expect_failure ("/error", 0, 0, FM_FETCH_ERROR, FM_FETCH_ERROR_HTTP);
}

static void
test_redirect_limit (void)
{
  expect_failure ("/loop", 0, 0, FM_FETCH_ERROR, FM_FETCH_ERROR_TOO_MANY_REDIRECTS);
}

static void
test_redirect_to_file (void)
{
  expect_failure ("/to-file", 0, 0, FM_FETCH_ERROR, FM_FETCH_ERROR_INVALID_URL);
}

static void
test_not_html (void)
{
  expect_failure ("/image.png", 0, 0, FM_FETCH_ERROR, FM_FETCH_ERROR_NOT_HTML);
}

static void
test_too_large (void)
{
  /* Told in advance by Content-Length, and found while reading */
  expect_failure ("/big", 0, 16 * 1024, FM_FETCH_ERROR, FM_FETCH_ERROR_TOO_LARGE);
  expect_failure ("/big-chunked", 0, 16 * 1024, FM_FETCH_ERROR, FM_FETCH_ERROR_TOO_LARGE);
}

static void
test_timeout (void)
{
  gint64 start = g_get_monotonic_time ();

  expect_failure ("/slow", 1, 0, FM_FETCH_ERROR, FM_FETCH_ERROR_TIMEOUT);
  /* It gave up, and not only after the default 30 seconds */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
}

static gboolean
cancel_soon (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (void)
{
  g_autofree char *u = url ("/slow");
  g_autoptr(FmFetch) fetch = fm_fetch_new (u);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  Wait wait = { 0 };

  g_timeout_add (100, cancel_soon, cancellable);
  bytes = fetch_async (fetch, cancellable, &wait, &error);
  g_assert_null (bytes);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_refused (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) any = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *u = NULL;
  guint port;

  /* A port that was free a moment ago, with nothing listening on it */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  any = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);

  u = g_strdup_printf ("http://127.0.0.1:%u/", port);
  expect_failure (u, 5, 0, FM_FETCH_ERROR, FM_FETCH_ERROR_CONNECTION_REFUSED);
}

/* A server that answers anything with plain text and hangs up */
static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source,
             gpointer           user_data)
{
  static const char answer[] = "HTTP/1.0 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  g_output_stream_write_all (out, answer, strlen (answer), NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static void
test_tls (void)
{
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *u = NULL;

  g_socket_listener_add_address (G_SOCKET_LISTENER (service), any, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (on_incoming), NULL);
  g_socket_service_start (service);

  /* https to something that does not speak TLS: no secure connection */
  u = g_strdup_printf ("https://127.0.0.1:%u/page.html",
                       g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  expect_failure (u, 10, 0, FM_FETCH_ERROR, FM_FETCH_ERROR_TLS);
  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
}

static void
test_dns (void)
{
  /* .invalid never resolves (RFC 6761) */
  expect_failure ("http://no-such-host.invalid/page.html", 10, 0, FM_FETCH_ERROR,
                  FM_FETCH_ERROR_DNS);
}

static void
test_invalid_url (void)
{
  expect_failure ("ftp://127.0.0.1/file.html", 0, 0, FM_FETCH_ERROR, FM_FETCH_ERROR_INVALID_URL);
  expect_failure ("file:///etc/passwd", 0, 0, FM_FETCH_ERROR, FM_FETCH_ERROR_INVALID_URL);
  expect_failure ("not a url", 0, 0, FM_FETCH_ERROR, FM_FETCH_ERROR_INVALID_URL);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  /* No proxy from the environment: the server is on this machine */
  g_setenv ("no_proxy", "*", TRUE);
  g_unsetenv ("http_proxy");
  g_unsetenv ("https_proxy");

  g_test_add_func ("/fetch/success", test_success);
  g_test_add_func ("/fetch/import-url-async", test_import_url_async);
  g_test_add_func ("/fetch/import-url-sync", test_import_url_sync);
  g_test_add_func ("/fetch/import-file-url", test_import_file_url);
  g_test_add_func ("/fetch/not-found", test_not_found);
  g_test_add_func ("/fetch/http-error", test_http_error);
  g_test_add_func ("/fetch/redirect-limit", test_redirect_limit);
  g_test_add_func ("/fetch/redirect-to-file", test_redirect_to_file);
  g_test_add_func ("/fetch/not-html", test_not_html);
  g_test_add_func ("/fetch/too-large", test_too_large);
  g_test_add_func ("/fetch/timeout", test_timeout);
  g_test_add_func ("/fetch/cancel", test_cancel);
  g_test_add_func ("/fetch/refused", test_refused);
  g_test_add_func ("/fetch/tls", test_tls);
  g_test_add_func ("/fetch/dns", test_dns);
  g_test_add_func ("/fetch/invalid-url", test_invalid_url);

  server_start ();
  status = g_test_run ();
  server_stop ();
  return status;
}
