/* fm-fetch.h — downloading a web page (the only libsoup caller)
 *
 * One FmFetch downloads one URL: http and https only, at most
 * max-redirects redirects (each must stay http/https), at most max-bytes
 * of body, within timeout seconds overall, and only pages that are HTML
 * or plain text. Each failure is an FmFetchError with a message a
 * journalist understands; cancelling gives G_IO_ERROR_CANCELLED.
 *
 * Progress: while it runs, the object notifies "bytes-received" and
 * "bytes-expected" (-1 when the server did not say) on the main context
 * that was the thread default when fm_fetch_run_async() was called, so a
 * window can bind a progress bar to them:
 *
 *   fetch = fm_fetch_new (url);
 *   g_signal_connect_object (fetch, "notify::bytes-received",
 *                            G_CALLBACK (update_progress), self, G_CONNECT_SWAPPED);
 *   fm_import_url_async (fetch, 0, self->cancellable, on_imported, self);
 *
 * and cancel with g_cancellable_cancel().
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FM_FETCH_ERROR (fm_fetch_error_quark ())

typedef enum {
  FM_FETCH_ERROR_FAILED,
  FM_FETCH_ERROR_INVALID_URL,         /* not an http:// or https:// URL */
  FM_FETCH_ERROR_DNS,                 /* the host name could not be found */
  FM_FETCH_ERROR_TLS,                 /* no secure connection could be made */
  FM_FETCH_ERROR_CONNECTION_REFUSED,  /* nothing answers at that address */
  FM_FETCH_ERROR_CONNECTION,          /* other network failures */
  FM_FETCH_ERROR_NOT_FOUND,           /* HTTP 404 or 410 */
  FM_FETCH_ERROR_HTTP,                /* any other HTTP status that is not success */
  FM_FETCH_ERROR_TOO_MANY_REDIRECTS,
  FM_FETCH_ERROR_NOT_HTML,            /* an image, a PDF, … */
  FM_FETCH_ERROR_TOO_LARGE,
  FM_FETCH_ERROR_TIMEOUT,
} FmFetchError;

/* Defaults */
#define FM_FETCH_TIMEOUT_SECONDS 30
#define FM_FETCH_MAX_REDIRECTS   5

#define FM_TYPE_FETCH (fm_fetch_get_type ())
G_DECLARE_FINAL_TYPE (FmFetch, fm_fetch, FM, FETCH, GObject)

GQuark       fm_fetch_error_quark          (void);

FmFetch     *fm_fetch_new                  (const char          *url);

const char  *fm_fetch_get_url              (FmFetch             *self);
/* The whole download may take at most this long (default 30 s) */
guint        fm_fetch_get_timeout          (FmFetch             *self);
void         fm_fetch_set_timeout          (FmFetch             *self,
                                            guint                seconds);
/* Default FM_IMPORT_MAX_BYTES */
guint64      fm_fetch_get_max_bytes        (FmFetch             *self);
void         fm_fetch_set_max_bytes        (FmFetch             *self,
                                            guint64              max_bytes);
guint        fm_fetch_get_max_redirects    (FmFetch             *self);
void         fm_fetch_set_max_redirects    (FmFetch             *self,
                                            guint                max_redirects);

/* Progress, valid while running and after */
guint64      fm_fetch_get_bytes_received   (FmFetch             *self);
/* -1 when unknown */
gint64       fm_fetch_get_bytes_expected   (FmFetch             *self);

/* Results, valid after a successful run */
/* The URL after redirects */
const char  *fm_fetch_get_final_url        (FmFetch             *self);
/* When the download finished, UTC ISO 8601 */
const char  *fm_fetch_get_fetched_at       (FmFetch             *self);
/* "text/html", "text/plain", … (no parameters), or NULL */
const char  *fm_fetch_get_content_type     (FmFetch             *self);
/* The charset parameter of the Content-Type, or NULL */
const char  *fm_fetch_get_charset          (FmFetch             *self);

/* Downloads; an FmFetch runs once. */
void         fm_fetch_run_async            (FmFetch             *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GBytes      *fm_fetch_run_finish           (FmFetch             *self,
                                            GAsyncResult        *result,
                                            GError             **error);
/* The same, blocking, on a main context of its own (for the command line
 * and worker threads) */
GBytes      *fm_fetch_run                  (FmFetch             *self,
                                            GCancellable        *cancellable,
                                            GError             **error);

G_END_DECLS
