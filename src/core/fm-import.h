/* fm-import.h — bytes, files and pasted text → FmArticle */
#pragma once

#include <gio/gio.h>

#include "fm-article.h"
#include "fm-fetch.h"

G_BEGIN_DECLS

#define FM_IMPORT_ERROR (fm_import_error_quark ())

typedef enum {
  FM_IMPORT_ERROR_FAILED,
  FM_IMPORT_ERROR_EMPTY,         /* nothing, or nothing but white space */
  FM_IMPORT_ERROR_BINARY,        /* not text */
  FM_IMPORT_ERROR_ENCODING,      /* text in an encoding we cannot tell, or broken UTF-8 */
  FM_IMPORT_ERROR_TOO_LARGE,     /* over FM_IMPORT_MAX_BYTES */
  FM_IMPORT_ERROR_NOT_A_FILE,    /* a folder, a device, … */
  FM_IMPORT_ERROR_READ,          /* could not be read */
  FM_IMPORT_ERROR_NO_ARTICLE,    /* readable, but no article text in it */
} FmImportError;

/* The largest input accepted: far above any article, small enough that a
 * hostile file cannot exhaust memory. */
#define FM_IMPORT_MAX_BYTES (32 * 1024 * 1024)

typedef enum {
  FM_IMPORT_FLAGS_NONE       = 0,
  /* Keep lines that look like interface debris ("Close", "Photo", …) */
  FM_IMPORT_FLAGS_KEEP_DEBRIS = 1 << 0,
  /* Web pages: leave the title empty when the page has none, rather than
   * making one from the file name or the first words (for --extract) */
  FM_IMPORT_FLAGS_NO_TITLE_GUESS = 1 << 1,
} FmImportFlags;

GQuark     fm_import_error_quark      (void);

/* Decodes text of unknown encoding to UTF-8: UTF-8 (BOM stripped), UTF-16
 * or UTF-32 with a BOM, or legacy 8-bit text read as Windows-1252. */
char      *fm_import_decode           (GBytes         *bytes,
                                       GError        **error);
/* NFC, line endings unified, spaces collapsed, one paragraph per line */
char      *fm_import_normalise        (const char     *text);

/* Plain text (a file or pasted) → article. @name is the file name or NULL */
FmArticle *fm_import_text             (const char     *text,
                                       const char     *name,
                                       FmImportFlags   flags,
                                       GError        **error);
/* Bytes of a file: detects the encoding and, when @name says so or the
 * bytes look like it, HTML. The original bytes are kept with the article. */
FmArticle *fm_import_bytes            (GBytes         *bytes,
                                       const char     *name,
                                       FmImportFlags   flags,
                                       GError        **error);
/* An http:// or https:// GFile is downloaded with fm_import_url() */
FmArticle *fm_import_file             (GFile          *file,
                                       FmImportFlags   flags,
                                       GCancellable   *cancellable,
                                       GError        **error);
/* The same in a worker thread */
void       fm_import_file_async       (GFile          *file,
                                       FmImportFlags   flags,
                                       GCancellable   *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer        user_data);
FmArticle *fm_import_file_finish      (GAsyncResult   *result,
                                       GError        **error);

/* The debris clean-up on its own: returns the paragraphs to keep. Lines of
 * interface debris, captions printed twice and date lines go; a date line
 * near the top becomes *published (ISO 8601) when @published is given.
 * @removed, when given, receives a copy of every paragraph removed. */
GStrv      fm_import_clean_debris     (const char * const *paragraphs,
                                       char          **published,
                                       GPtrArray      *removed);

/* Web pages */

/* TRUE when @name ends in .html, .htm, .xhtml or .shtml, or the bytes
 * start like an HTML document */
gboolean   fm_import_is_html          (GBytes         *bytes,
                                       const char     *name);
/* A saved or downloaded page → article (fm-extract finds the article in
 * it). @http_charset is the charset of the HTTP Content-Type or NULL; @url
 * the address the page was downloaded from, or NULL. The source format is
 * "html" and the original bytes are kept. */
FmArticle *fm_import_html             (GBytes         *bytes,
                                       const char     *name,
                                       const char     *http_charset,
                                       const char     *url,
                                       FmImportFlags   flags,
                                       GError        **error);

/* URLs (see fm-fetch.h for the limits and the errors) */

/* Downloads @url and imports the page, blocking (the command line) */
FmArticle *fm_import_url              (const char     *url,
                                       FmImportFlags   flags,
                                       GCancellable   *cancellable,
                                       GError        **error);
/* Downloads with @fetch (made with fm_fetch_new(); set its limits and
 * connect to its notify::bytes-received and notify::bytes-expected for
 * progress first), then extracts the article in a worker thread. The
 * article's url is the final URL after redirects, fetched_at the time of
 * the download, source_name the URL asked for. Cancel with @cancellable
 * (G_IO_ERROR_CANCELLED); other failures are FmFetchError or
 * FmImportError. */
void       fm_import_url_async        (FmFetch        *fetch,
                                       FmImportFlags   flags,
                                       GCancellable   *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer        user_data);
FmArticle *fm_import_url_finish       (GAsyncResult   *result,
                                       GError        **error);

G_END_DECLS
