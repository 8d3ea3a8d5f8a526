/* fm-extract.h — the article in a web page: its text and metadata
 *
 * The only code that parses HTML. Pages are untrusted: the parser never
 * touches the network, never loads a DTD or an external entity, and the
 * cost of a page is bounded (input size, tree depth).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FM_EXTRACT_ERROR (fm_extract_error_quark ())

typedef enum {
  FM_EXTRACT_ERROR_FAILED,
  FM_EXTRACT_ERROR_TOO_LARGE,    /* over FM_EXTRACT_MAX_BYTES or FM_EXTRACT_MAX_TAGS */
  FM_EXTRACT_ERROR_PARSE,        /* not something the HTML parser can read */
  FM_EXTRACT_ERROR_NO_ARTICLE,   /* a page, but no article text in it */
} FmExtractError;

/* The largest page accepted (the same limit as any import) */
#define FM_EXTRACT_MAX_BYTES (32 * 1024 * 1024)
/* Elements nested deeper than this are flattened into their text */
#define FM_EXTRACT_MAX_DEPTH 200
/* A page with more start tags than this is refused: no article needs as
 * many, and a hostile page could make the tree take gigabytes */
#define FM_EXTRACT_MAX_TAGS (500 * 1000)

typedef struct
{
  char *title;          /* without a " | Site" suffix; never NULL */
  char *byline;         /* NULL when unknown, as are the others */
  char *site_name;
  char *published;      /* as the page gives it (ISO 8601 in practice) */
  char *canonical_url;
  char *lang;           /* BCP 47 tag of the page, e.g. "en-GB" */
  char *excerpt;
  char *charset;        /* the encoding the page was read in */
  /* The article: one paragraph, heading, list item, quote or line of
   * preformatted text per line, separated by '\n'. Not yet normalised
   * (fm_import_normalise() does that). */
  char *text;
} FmExtractResult;

GQuark           fm_extract_error_quark      (void);

/* Extracts the article from the bytes of a page. @http_charset is the
 * charset parameter of the Content-Type header when the page was
 * downloaded (it wins over the page's own declaration), or NULL; @url is
 * the page's address, or NULL. */
FmExtractResult *fm_extract_html             (const char  *data,
                                              gsize        len,
                                              const char  *http_charset,
                                              const char  *url,
                                              GError     **error);
void             fm_extract_result_free      (FmExtractResult *result);

/* The encoding to read a page in: a byte-order mark, then @http_charset,
 * then a <meta> declaration near the top, then UTF-8 when the bytes are
 * valid UTF-8, else windows-1252. Returns an iconv name. */
char            *fm_extract_sniff_charset    (const char  *data,
                                              gsize        len,
                                              const char  *http_charset);

/* TRUE when the bytes look like an HTML document (a doctype, or <html>,
 * <head>, <body> or the like near the start) */
gboolean         fm_extract_looks_like_html  (const char  *data,
                                              gsize        len);

/* For benchmarks: decode and parse the page exactly as fm_extract_html()
 * does, then throw the tree away. Returns the number of elements. */
gsize            fm_extract_parse_only       (const char  *data,
                                              gsize        len,
                                              const char  *http_charset);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FmExtractResult, fm_extract_result_free)

G_END_DECLS
