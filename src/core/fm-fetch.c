/* fm-fetch.c — downloading a web page (the only libsoup caller)
 *
 * Redirects are followed here rather than by libsoup, so that each hop is
 * counted and checked (a redirect to file:// or ftp:// is refused). The
 * overall timeout is a timer that cancels the download; libsoup's own
 * timeout covers a server that stops answering in the middle.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "fm-fetch.h"
#include "fm-import.h"
#include "fm-util.h"

G_DEFINE_QUARK (fm-fetch-error-quark, fm_fetch_error)

#define READ_CHUNK (64 * 1024)

struct _FmFetch
{
  GObject       parent_instance;

  char         *url;
  guint         timeout;
  guint64       max_bytes;
  guint         max_redirects;

  guint64       bytes_received;
  gint64        bytes_expected;
  char         *final_url;
  char         *fetched_at;
  char         *content_type;
  char         *charset;

  /* While running */
  gboolean      started;
  gboolean      timed_out;
  SoupSession  *session;
  SoupMessage  *message;
  GInputStream *stream;
  GByteArray   *body;
  GCancellable *cancel;          /* ours: the caller's, or the timer, cancel it */
  GCancellable *caller_cancel;
  gulong        caller_handler;
  GSource      *timer;
  guint         redirects;
};

G_DEFINE_FINAL_TYPE (FmFetch, fm_fetch, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_URL,
  PROP_TIMEOUT,
  PROP_MAX_BYTES,
  PROP_MAX_REDIRECTS,
  PROP_BYTES_RECEIVED,
  PROP_BYTES_EXPECTED,
  PROP_FINAL_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
stop (FmFetch *self)
{
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  if (self->caller_cancel != NULL)
    {
      g_cancellable_disconnect (self->caller_cancel, self->caller_handler);
      self->caller_handler = 0;
      g_clear_object (&self->caller_cancel);
    }
  g_clear_object (&self->stream);
  g_clear_object (&self->message);
  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_pointer (&self->body, g_byte_array_unref);
}

static void
fm_fetch_finalize (GObject *object)
{
  FmFetch *self = FM_FETCH (object);

  stop (self);
  g_clear_object (&self->cancel);
  g_free (self->url);
  g_free (self->final_url);
  g_free (self->fetched_at);
  g_free (self->content_type);
  g_free (self->charset);
  G_OBJECT_CLASS (fm_fetch_parent_class)->finalize (object);
}

static void
fm_fetch_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  FmFetch *self = FM_FETCH (object);

  switch (prop_id)
    {
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    case PROP_MAX_BYTES:
      g_value_set_uint64 (value, self->max_bytes);
      break;
    case PROP_MAX_REDIRECTS:
      g_value_set_uint (value, self->max_redirects);
      break;
    case PROP_BYTES_RECEIVED:
      g_value_set_uint64 (value, self->bytes_received);
      break;
    case PROP_BYTES_EXPECTED:
      g_value_set_int64 (value, self->bytes_expected);
      break;
    case PROP_FINAL_URL:
      g_value_set_string (value, self->final_url);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fm_fetch_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  FmFetch *self = FM_FETCH (object);

  switch (prop_id)
    {
    case PROP_URL:
      self->url = g_value_dup_string (value);
      break;
    case PROP_TIMEOUT:
      fm_fetch_set_timeout (self, g_value_get_uint (value));
      break;
    case PROP_MAX_BYTES:
      fm_fetch_set_max_bytes (self, g_value_get_uint64 (value));
      break;
    case PROP_MAX_REDIRECTS:
      fm_fetch_set_max_redirects (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fm_fetch_class_init (FmFetchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fm_fetch_finalize;
  object_class->get_property = fm_fetch_get_property;
  object_class->set_property = fm_fetch_set_property;

  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 1, G_MAXUINT, FM_FETCH_TIMEOUT_SECONDS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_BYTES] =
    g_param_spec_uint64 ("max-bytes", NULL, NULL, 1, G_MAXUINT64, FM_IMPORT_MAX_BYTES,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_REDIRECTS] =
    g_param_spec_uint ("max-redirects", NULL, NULL, 0, 50, FM_FETCH_MAX_REDIRECTS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BYTES_RECEIVED] =
    g_param_spec_uint64 ("bytes-received", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BYTES_EXPECTED] =
    g_param_spec_int64 ("bytes-expected", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FINAL_URL] =
    g_param_spec_string ("final-url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fm_fetch_init (FmFetch *self)
{
  self->timeout = FM_FETCH_TIMEOUT_SECONDS;
  self->max_bytes = FM_IMPORT_MAX_BYTES;
  self->max_redirects = FM_FETCH_MAX_REDIRECTS;
  self->bytes_expected = -1;
}

FmFetch *
fm_fetch_new (const char *url)
{
  g_return_val_if_fail (url != NULL, NULL);
  return g_object_new (FM_TYPE_FETCH, "url", url, NULL);
}

const char *
fm_fetch_get_url (FmFetch *self)
{
  g_return_val_if_fail (FM_IS_FETCH (self), NULL);
  return self->url;
}

guint
fm_fetch_get_timeout (FmFetch *self)
{
  g_return_val_if_fail (FM_IS_FETCH (self), 0);
  return self->timeout;
}

void
fm_fetch_set_timeout (FmFetch *self,
                      guint    seconds)
{
  g_return_if_fail (FM_IS_FETCH (self));
  g_return_if_fail (seconds > 0);
  if (self->timeout == seconds)
    return;
  self->timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

guint64
fm_fetch_get_max_bytes (FmFetch *self)
{
  g_return_val_if_fail (FM_IS_FETCH (self), 0);
  return self->max_bytes;
}

void
fm_fetch_set_max_bytes (FmFetch *self,
                        guint64  max_bytes)
{
  g_return_if_fail (FM_IS_FETCH (self));
  g_return_if_fail (max_bytes > 0);
  if (self->max_bytes == max_bytes)
    return;
  self->max_bytes = max_bytes;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_BYTES]);
}

guint
fm_fetch_get_max_redirects (FmFetch *self)
{
  g_return_val_if_fail (FM_IS_FETCH (self), 0);
  return self->max_redirects;
}

void
fm_fetch_set_max_redirects (FmFetch *self,
                            guint    max_redirects)
{
  g_return_if_fail (FM_IS_FETCH (self));
  if (self->max_redirects == max_redirects)
    return;
  self->max_redirects = max_redirects;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_REDIRECTS]);
}

guint64
fm_fetch_get_bytes_received (FmFetch *self)
{
  g_return_val_if_fail (FM_IS_FETCH (self), 0);
  return self->bytes_received;
}

gint64
fm_fetch_get_bytes_expected (FmFetch *self)
{
  g_return_val_if_fail (FM_IS_FETCH (self), -1);
  return self->bytes_expected;
}

const char *
fm_fetch_get_final_url (FmFetch *self)
{
  g_return_val_if_fail (FM_IS_FETCH (self), NULL);
  return self->final_url;
}

const char *
fm_fetch_get_fetched_at (FmFetch *self)
{
  g_return_val_if_fail (FM_IS_FETCH (self), NULL);
  return self->fetched_at;
}

const char *
fm_fetch_get_content_type (FmFetch *self)
{
  g_return_val_if_fail (FM_IS_FETCH (self), NULL);
  return self->content_type;
}

const char *
fm_fetch_get_charset (FmFetch *self)
{
  g_return_val_if_fail (FM_IS_FETCH (self), NULL);
  return self->charset;
}

/* Running */

static char *
host_of (const char *url)
{
  g_autoptr(GUri) uri = url ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;

  return g_strdup (uri && g_uri_get_host (uri) ? g_uri_get_host (uri) : url ? url : "");
}

static void
fail (GTask  *task,
      GError *error)
{
  FmFetch *self = g_task_get_source_object (task);

  stop (self);
  g_task_return_error (task, error);
  g_object_unref (task);
}

/* Network errors as a reader understands them */
static void
fail_with (GTask  *task,
           GError *error)
{
  FmFetch *self = g_task_get_source_object (task);
  const char *url = self->final_url ? self->final_url : self->url;
  g_autofree char *host = host_of (url);
  GError *mapped;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->timed_out)
    mapped = g_error_new (FM_FETCH_ERROR, FM_FETCH_ERROR_TIMEOUT,
                          g_dngettext (GETTEXT_PACKAGE,
                                       "%s took too long to answer (more than %u second)",
                                       "%s took too long to answer (more than %u seconds)",
                                       self->timeout),
                          host, self->timeout);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    mapped = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The download was cancelled"));
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    mapped = g_error_new (FM_FETCH_ERROR, FM_FETCH_ERROR_TIMEOUT,
                          g_dngettext (GETTEXT_PACKAGE,
                                       "%s took too long to answer (more than %u second)",
                                       "%s took too long to answer (more than %u seconds)",
                                       self->timeout),
                          host, self->timeout);
  else if (error->domain == G_RESOLVER_ERROR)
    mapped = g_error_new (FM_FETCH_ERROR, FM_FETCH_ERROR_DNS,
                          _("The address %s could not be found; check the spelling and the "
                            "network connection"), host);
  else if (error->domain == G_TLS_ERROR)
    mapped = g_error_new (FM_FETCH_ERROR, FM_FETCH_ERROR_TLS,
                          _("No secure connection could be made to %s (%s)"), host,
                          error->message);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    mapped = g_error_new (FM_FETCH_ERROR, FM_FETCH_ERROR_CONNECTION_REFUSED,
                          _("Nothing answers at %s (the connection was refused)"), host);
  else if (error->domain == G_IO_ERROR)
    mapped = g_error_new (FM_FETCH_ERROR, FM_FETCH_ERROR_CONNECTION,
                          _("Could not connect to %s: %s"), host, error->message);
  else
    mapped = g_error_new (FM_FETCH_ERROR, FM_FETCH_ERROR_FAILED,
                          _("The download from %s failed: %s"), host, error->message);
  g_error_free (error);
  fail (task, mapped);
}

static void send_message (GTask *task, GUri *uri);

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  FmFetch *self = g_task_get_source_object (task);
  GError *error = NULL;
  g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result,
                                                              &error);
  gsize size;

  if (chunk == NULL)
    {
      fail_with (task, error);
      return;
    }
  size = g_bytes_get_size (chunk);
  if (size == 0)
    {
      GBytes *bytes = g_byte_array_free_to_bytes (g_steal_pointer (&self->body));

      self->fetched_at = fm_now_iso ();
      stop (self);
      g_task_return_pointer (task, bytes, (GDestroyNotify)g_bytes_unref);
      g_object_unref (task);
      return;
    }
  if (self->bytes_received + size > self->max_bytes)
    {
      g_autofree char *limit = g_format_size (self->max_bytes);

      fail (task, g_error_new (FM_FETCH_ERROR, FM_FETCH_ERROR_TOO_LARGE,
                               _("The page is too large (more than %s)"), limit));
      return;
    }
  g_byte_array_append (self->body, g_bytes_get_data (chunk, NULL), size);
  self->bytes_received += size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_RECEIVED]);
  g_input_stream_read_bytes_async (self->stream, READ_CHUNK, G_PRIORITY_DEFAULT, self->cancel,
                                   on_read, task);
}

static gboolean
is_page_type (const char *type)
{
  return g_str_equal (type, "text/html") || g_str_equal (type, "application/xhtml+xml") ||
         g_str_equal (type, "text/plain");
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  FmFetch *self = g_task_get_source_object (task);
  GError *error = NULL;
  g_autoptr(GInputStream) stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  SoupMessageHeaders *headers;
  guint status;
  const char *type;
  g_autoptr(GHashTable) params = NULL;
  goffset length;

  if (stream == NULL)
    {
      fail_with (task, error);
      return;
    }
  status = soup_message_get_status (self->message);
  headers = soup_message_get_response_headers (self->message);

  if (SOUP_STATUS_IS_REDIRECTION (status) && status != SOUP_STATUS_NOT_MODIFIED)
    {
      const char *location = soup_message_headers_get_one (headers, "Location");
      g_autoptr(GUri) next = NULL;
      g_autofree char *next_str = NULL;

      if (location == NULL)
        {
          g_autofree char *host = host_of (self->final_url);

          fail (task, g_error_new (FM_FETCH_ERROR, FM_FETCH_ERROR_HTTP,
                                   _("%s sent a redirect without an address (HTTP %u)"),
                                   host, status));
          return;
        }
      if (++self->redirects > self->max_redirects)
        {
          fail (task, g_error_new (FM_FETCH_ERROR, FM_FETCH_ERROR_TOO_MANY_REDIRECTS,
                                   _("The page redirects too many times (more than %u)"),
                                   self->max_redirects));
          return;
        }
      next = g_uri_parse_relative (soup_message_get_uri (self->message), location,
                                   SOUP_HTTP_URI_FLAGS, NULL);
      next_str = next ? g_uri_to_string (next) : NULL;
      if (next_str == NULL || !fm_url_is_web (next_str))
        {
          fail (task, g_error_new (FM_FETCH_ERROR, FM_FETCH_ERROR_INVALID_URL,
                                   _("The page redirects to an address that is not a web "
                                     "page (%s)"), location));
          return;
        }
      send_message (task, next);
      return;
    }

  if (status == SOUP_STATUS_NOT_FOUND || status == SOUP_STATUS_GONE)
    {
      fail (task, g_error_new (FM_FETCH_ERROR, FM_FETCH_ERROR_NOT_FOUND,
                               _("There is no page at this address (HTTP %u %s)"), status,
                               soup_status_get_phrase (status)));
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      const char *phrase = soup_message_get_reason_phrase (self->message);

      fail (task, g_error_new (FM_FETCH_ERROR, FM_FETCH_ERROR_HTTP,
                               _("The server answered with an error (HTTP %u %s)"), status,
                               phrase && *phrase ? phrase : soup_status_get_phrase (status)));
      return;
    }

  type = soup_message_headers_get_content_type (headers, &params);
  if (type != NULL)
    {
      self->content_type = g_ascii_strdown (type, -1);
      if (params != NULL && g_hash_table_lookup (params, "charset") != NULL)
        self->charset = g_strdup (g_hash_table_lookup (params, "charset"));
      if (!is_page_type (self->content_type))
        {
          fail (task, g_error_new (FM_FETCH_ERROR, FM_FETCH_ERROR_NOT_HTML,
                                   _("This address is not a web page or text (it is %s)"),
                                   self->content_type));
          return;
        }
    }

  length = soup_message_headers_get_content_length (headers);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH)
    {
      if ((guint64)length > self->max_bytes)
        {
          g_autofree char *size = g_format_size (length);
          g_autofree char *limit = g_format_size (self->max_bytes);

          fail (task, g_error_new (FM_FETCH_ERROR, FM_FETCH_ERROR_TOO_LARGE,
                                   _("The page is too large (%s; the limit is %s)"), size, limit));
          return;
        }
      self->bytes_expected = length;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_EXPECTED]);
    }

  self->stream = g_steal_pointer (&stream);
  self->body = g_byte_array_new ();
  g_input_stream_read_bytes_async (self->stream, READ_CHUNK, G_PRIORITY_DEFAULT, self->cancel,
                                   on_read, task);
}

static void
send_message (GTask *task,
              GUri  *uri)
{
  FmFetch *self = g_task_get_source_object (task);
  SoupMessageHeaders *headers;

  g_free (self->final_url);
  self->final_url = g_uri_to_string (uri);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINAL_URL]);

  g_clear_object (&self->message);
  self->message = soup_message_new_from_uri (SOUP_METHOD_GET, uri);
  soup_message_add_flags (self->message, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (self->message);
  soup_message_headers_replace (headers, "Accept",
                                "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1");
  soup_session_send_async (self->session, self->message, G_PRIORITY_DEFAULT, self->cancel,
                           on_sent, task);
}

static gboolean
on_timeout (gpointer user_data)
{
  FmFetch *self = user_data;

  self->timed_out = TRUE;
  g_cancellable_cancel (self->cancel);
  g_clear_pointer (&self->timer, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
on_caller_cancelled (GCancellable *cancellable,
                     gpointer      user_data)
{
  GCancellable *ours = user_data;

  g_cancellable_cancel (ours);
}

void
fm_fetch_run_async (FmFetch             *self,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GTask *task;
  g_autoptr(GUri) uri = NULL;

  g_return_if_fail (FM_IS_FETCH (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fm_fetch_run_async);

  if (self->started)
    {
      g_task_return_new_error (task, FM_FETCH_ERROR, FM_FETCH_ERROR_FAILED,
                               "An FmFetch runs only once");
      g_object_unref (task);
      return;
    }
  self->started = TRUE;

  if (!fm_url_is_web (self->url) ||
      (uri = g_uri_parse (self->url, SOUP_HTTP_URI_FLAGS, NULL)) == NULL)
    {
      g_task_return_new_error (task, FM_FETCH_ERROR, FM_FETCH_ERROR_INVALID_URL,
                               _("“%s” is not a web address (http:// or https://)"), self->url);
      g_object_unref (task);
      return;
    }

  self->cancel = g_cancellable_new ();
  if (cancellable != NULL)
    {
      self->caller_cancel = g_object_ref (cancellable);
      self->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled),
                                                    g_object_ref (self->cancel), g_object_unref);
    }
  self->timer = g_timeout_source_new_seconds (self->timeout);
  g_source_set_callback (self->timer, on_timeout, self, NULL);
  g_source_attach (self->timer, g_main_context_get_thread_default ());

  self->session = soup_session_new_with_options ("timeout", self->timeout,
                                                 "idle-timeout", self->timeout,
                                                 "user-agent", "Factmark/" PACKAGE_VERSION " ",
                                                 NULL);
  send_message (task, uri);
}

GBytes *
fm_fetch_run_finish (FmFetch       *self,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (FM_IS_FETCH (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  gboolean      done;
  GAsyncResult *result;
} SyncData;

static void
on_sync_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SyncData *data = user_data;

  data->result = g_object_ref (result);
  data->done = TRUE;
}

GBytes *
fm_fetch_run (FmFetch       *self,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  SyncData data = { 0 };
  GBytes *bytes;

  g_return_val_if_fail (FM_IS_FETCH (self), NULL);

  g_main_context_push_thread_default (context);
  fm_fetch_run_async (self, cancellable, on_sync_done, &data);
  while (!data.done)
    g_main_context_iteration (context, TRUE);
  bytes = fm_fetch_run_finish (self, data.result, error);
  g_object_unref (data.result);
  /* Let libsoup finish closing its connections on this context */
  while (g_main_context_pending (context))
    g_main_context_iteration (context, FALSE);
  g_main_context_pop_thread_default (context);
  return bytes;
}
