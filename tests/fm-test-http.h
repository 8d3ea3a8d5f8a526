/* fm-test-http.h — a web server on 127.0.0.1 for the tests
 *
 * A SoupServer whose connections come from a GSocketService of GIO and are
 * handed over with soup_server_accept_iostream(). soup_server_listen_local()
 * is not used: libsoup 3.2's listener keeps the reference that
 * g_socket_accept() returns for every connection (listen_watch() in
 * soup-listener.c) and never frees the address it listens on
 * (soup_listener_get_address()), so the sanitizer pass of the suite would
 * report both however the test shut down. fm_test_http_stop() closes the
 * port and the connections and waits until the server and the service are
 * gone: a test that uses it ends with nothing of them left over.
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct
{
  SoupServer     *server;    /* add handlers to this one */
  GSocketService *service;
  GMainContext   *context;   /* where both run */
  guint           port;
  char           *base_url;  /* "http://127.0.0.1:PORT/" */
} FmTestHttp;

static inline gboolean
fm_test_http_incoming (GSocketService    *service,
                       GSocketConnection *connection,
                       GObject           *source_object,
                       gpointer           user_data)
{
  FmTestHttp *http = user_data;
  g_autoptr(GSocketAddress) local = g_socket_connection_get_local_address (connection, NULL);
  g_autoptr(GSocketAddress) remote = g_socket_connection_get_remote_address (connection, NULL);
  g_autoptr(GError) error = NULL;

  /* The client went away already: nothing to serve */
  if (local == NULL || remote == NULL)
    return TRUE;
  soup_server_accept_iostream (http->server, G_IO_STREAM (connection), local, remote, &error);
  g_assert_no_error (error);
  return TRUE;
}

/* Serves on a free port of 127.0.0.1, in the thread-default main context
 * of the caller, which fm_test_http_stop() must be called from */
static inline void
fm_test_http_start (FmTestHttp *http)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  http->context = g_main_context_ref_thread_default ();
  http->server = soup_server_new (NULL, NULL);
  http->service = g_socket_service_new ();
  g_signal_connect (http->service, "incoming", G_CALLBACK (fm_test_http_incoming), http);
  g_socket_listener_add_address (G_SOCKET_LISTENER (http->service), any_port,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL, &bound,
                                 &error);
  g_assert_no_error (error);
  http->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  http->base_url = g_strdup_printf ("http://127.0.0.1:%u/", http->port);
  g_socket_service_start (http->service);
}

static inline void
fm_test_http_gone (gpointer  data,
                   GObject  *where_the_object_was)
{
  guint *alive = data;

  (*alive)--;
}

/* Closes the port and every connection, and waits until the server and
 * the service are finalized (the accept that was waiting ends in the main
 * context). A message the test still holds keeps its connection until the
 * test lets go of it. */
static inline void
fm_test_http_stop (FmTestHttp *http)
{
  guint alive = 2;
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_signal_handlers_disconnect_by_func (http->service, fm_test_http_incoming, http);
  g_socket_service_stop (http->service);
  g_socket_listener_close (G_SOCKET_LISTENER (http->service));
  soup_server_disconnect (http->server);
  g_object_weak_ref (G_OBJECT (http->service), fm_test_http_gone, &alive);
  g_object_weak_ref (G_OBJECT (http->server), fm_test_http_gone, &alive);
  g_clear_object (&http->service);
  g_clear_object (&http->server);
  while (alive > 0 && g_get_monotonic_time () < end)
    g_main_context_iteration (http->context, FALSE), g_usleep (1000);
  g_assert_cmpuint (alive, ==, 0);
  g_clear_pointer (&http->context, g_main_context_unref);
  g_clear_pointer (&http->base_url, g_free);
}

G_END_DECLS
