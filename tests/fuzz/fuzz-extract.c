/* fuzz-extract.c — HTML extraction: the bytes of a web page → article
 *
 * A page is what a server sent: any bytes, with a charset from the
 * Content-Type header and the address it came from. An input that starts
 * with a NUL byte carries both first, each ended by a newline:
 *
 *   \0 CHARSET \n URL \n PAGE…
 *
 * (an empty one stands for none); any other input is the page itself, as
 * downloaded from a fixed address without a charset, so that pages from
 * the extraction tests are seeds as they are. Beyond "no crash, no leak,
 * no undefined behaviour, no warning", it checks what fm_import_html()
 * and the rest of Factmark rely on.
 */
#include "config.h"

#include <string.h>

#include "fm-extract.h"
#include "fm-import.h"
#include "fm-util.h"
#include "fuzz-common.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_common_init ();
  return 0;
}

/* A metadata field: NULL or non-empty valid UTF-8 on one line */
static void
check_field (const char *value)
{
  if (value == NULL)
    return;
  fuzz_assert (*value != '\0');
  fuzz_assert (g_utf8_validate (value, -1, NULL));
}

static void
check_result (FmExtractResult *result,
              const char      *charset)
{
  fuzz_assert (result->title != NULL && g_utf8_validate (result->title, -1, NULL));
  check_field (result->byline);
  check_field (result->site_name);
  check_field (result->published);
  check_field (result->lang);
  check_field (result->excerpt);
  fuzz_assert (result->canonical_url == NULL ||
               g_utf8_validate (result->canonical_url, -1, NULL));

  /* The encoding it says it read the page in is the one it sniffs */
  fuzz_assert (result->charset != NULL && g_str_equal (result->charset, charset));

  /* The article: some text, valid UTF-8, lines separated by '\n' */
  fuzz_assert (result->text != NULL && *result->text != '\0');
  fuzz_assert (g_utf8_validate (result->text, -1, NULL));

  /* What the import makes of it: text the store accepts */
  {
    g_autofree char *normal = fm_import_normalise (result->text);
    g_autofree char *nfc = g_utf8_normalize (normal, -1, G_NORMALIZE_NFC);

    fuzz_assert (g_utf8_validate (normal, -1, NULL));
    fuzz_assert (nfc != NULL && g_str_equal (nfc, normal));
    fuzz_assert (strstr (normal, "\n\n") == NULL && strchr (normal, '\r') == NULL);
  }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *page = (const char *)data;
  gsize len = size;
  g_autofree char *http_charset = NULL;
  g_autofree char *url = g_strdup ("https://news.example.org/2026/11/article.html");
  g_autofree char *charset = NULL;
  g_autoptr(FmExtractResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (size > 0 && data[0] == '\0')
    {
      /* The header: charset and address, each up to a newline */
      char *fields[2] = { NULL, NULL };

      page++, len--;
      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        {
          const char *nl = memchr (page, '\n', MIN (len, 256));
          gsize n = nl != NULL ? (gsize)(nl - page) : MIN (len, 256);

          fields[i] = n > 0 ? g_strndup (page, n) : NULL;
          page += n, len -= n;
          if (nl != NULL)
            page++, len--;
        }
      http_charset = fields[0];
      g_free (url);
      url = fields[1];
    }

  (void)fm_extract_looks_like_html (page, len);
  charset = fm_extract_sniff_charset (page, len, http_charset);
  fuzz_assert (charset != NULL && *charset != '\0');

  result = fm_extract_html (page, len, http_charset, url, &error);
  fuzz_assert ((result == NULL) != (error == NULL));
  if (result != NULL)
    check_result (result, charset);
  else
    fuzz_assert (error->domain == FM_EXTRACT_ERROR && error->message[0] != '\0' &&
                 g_utf8_validate (error->message, -1, NULL));
  return 0;
}
