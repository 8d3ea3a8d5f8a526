/* fuzz-import.c — text import: bytes of unknown encoding → article
 *
 * Each input goes through the three public entry points of fm-import:
 * fm_import_bytes() (encoding detection, normalisation, debris clean-up,
 * title and byline), fm_import_text() on the same bytes made valid UTF-8,
 * and fm_import_clean_debris() on raw lines. Beyond "no crash, no leak, no
 * undefined behaviour", it checks what the rest of Factmark relies on.
 */
#include "config.h"

#include <string.h>

#include "fm-import.h"
#include "fuzz-common.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_common_init ();
  return 0;
}

/* What every imported article promises: valid NFC UTF-8 text, one
 * non-empty paragraph per line, the length in characters, a title. */
static void
check_article (FmArticle *article)
{
  const char *text = fm_article_get_text (article);
  const char *title = fm_article_get_title (article);
  g_autofree char *nfc = NULL;

  fuzz_assert (text != NULL && *text != '\0');
  fuzz_assert (g_utf8_validate (text, -1, NULL));
  nfc = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
  fuzz_assert (g_str_equal (nfc, text));
  fuzz_assert (text[0] != '\n' && text[strlen (text) - 1] != '\n');
  fuzz_assert (strstr (text, "\n\n") == NULL);
  fuzz_assert (strchr (text, '\r') == NULL);
  fuzz_assert (fm_article_get_length (article) == (guint)g_utf8_strlen (text, -1));
  fuzz_assert (title != NULL && g_utf8_validate (title, -1, NULL));
  fuzz_assert (fm_article_get_byline (article) == NULL ||
               g_utf8_validate (fm_article_get_byline (article), -1, NULL));
  fuzz_assert (fm_article_get_site_name (article) == NULL ||
               g_utf8_validate (fm_article_get_site_name (article), -1, NULL));
  fuzz_assert (fm_article_get_published (article) == NULL ||
               g_utf8_validate (fm_article_get_published (article), -1, NULL));
  fuzz_assert (fm_article_get_source_name (article) == NULL ||
               g_utf8_validate (fm_article_get_source_name (article), -1, NULL));
}

/* The clean-up only removes: what it keeps and what it removes are the
 * input paragraphs, in order, each exactly once. */
static void
check_clean_debris (const char * const *paragraphs)
{
  g_autoptr(GPtrArray) removed = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *published = NULL;
  g_auto(GStrv) kept = fm_import_clean_debris (paragraphs, &published, removed);
  guint n_in = g_strv_length ((char **)paragraphs);
  guint k = 0, r = 0;

  fuzz_assert (kept != NULL);
  fuzz_assert (g_strv_length (kept) + removed->len == n_in);
  for (guint i = 0; i < n_in; i++)
    {
      if (kept[k] != NULL && g_str_equal (kept[k], paragraphs[i]))
        k++;
      else if (r < removed->len && g_str_equal (g_ptr_array_index (removed, r), paragraphs[i]))
        r++;
      else
        fuzz_assert (!"a paragraph was changed, invented or lost");
    }
  fuzz_assert (published == NULL || g_utf8_validate (published, -1, NULL));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autofree char *valid = g_utf8_make_valid ((const char *)data, size);
  /* The first byte picks the flags and how many of the bytes after it
   * also make the file name (file names are bytes, not always UTF-8) */
  FmImportFlags flags = size > 0 && (data[0] & 1) ? FM_IMPORT_FLAGS_KEEP_DEBRIS
                                                  : FM_IMPORT_FLAGS_NONE;
  g_autofree char *name = size > 1 ? g_strndup ((const char *)data + 1,
                                                MIN (size - 1, (gsize)(data[0] >> 3)))
                                   : g_strdup ("fuzz.txt");

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(FmArticle) article = fm_import_bytes (bytes, name, flags, &error);

    fuzz_assert ((article == NULL) != (error == NULL));
    if (article != NULL)
      {
        check_article (article);
        fuzz_assert (g_bytes_equal (fm_article_get_original (article), bytes));
      }
    else
      fuzz_assert (error->domain == FM_IMPORT_ERROR && error->message[0] != '\0');
  }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(FmArticle) article = fm_import_text (valid, size > 0 && (data[0] & 2) ? name : NULL,
                                                   flags, &error);

    fuzz_assert ((article == NULL) != (error == NULL));
    if (article != NULL)
      check_article (article);
    else
      fuzz_assert (error->domain == FM_IMPORT_ERROR);
  }

  {
    /* Raw lines, as another caller (HTML extraction) might hand them over */
    g_auto(GStrv) lines = g_strsplit (valid, "\n", 256);

    check_clean_debris ((const char * const *)lines);
  }
  {
    /* And lines as the import itself makes them */
    g_autofree char *normal = fm_import_normalise (valid);
    g_auto(GStrv) paragraphs = g_strsplit (normal, "\n", -1);

    if (*normal != '\0')
      check_clean_debris ((const char * const *)paragraphs);
  }
  return 0;
}
