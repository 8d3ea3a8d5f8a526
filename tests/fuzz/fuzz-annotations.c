/* fuzz-annotations.c — W3C Web Annotation import onto a fixed article
 *
 * The input is an annotation file, as another tool (or a person) wrote
 * it: fm_export_read_annotations() places it on a small article with
 * repeated phrases, accents and a character outside the BMP. Beyond "no
 * crash, no leak, no undefined behaviour, no warning", it checks what the
 * store relies on when it inserts the claims: every claim lies inside the
 * text, its quote, prefix and suffix are the text there, sources are web
 * links, the claims come in text order; and that what Factmark writes as
 * W3C annotations reads back to the same claims.
 */
#include "config.h"

#include <string.h>

#include "fm-export.h"
#include "fm-util.h"
#include "fuzz-common.h"

static const char article_text[] =
  "The bridge toll cut traffic by 34 percent. Buses are faster now.\n"
  "Critics said the toll cut traffic by 34 percent, the council said, on paper.\n"
  "Caf\xC3\xA9 owners near the \xE2\x80\x9C" "bridge\xE2\x80\x9D say trade fell \xF0\x9F\x93\x89 by half.";

static FmArticle *article;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_common_init ();
  article = fm_article_new ();
  fm_article_set_id (article, "6f1c2a44-1d2e-4b7a-9c3e-5a8b7c6d5e4f");
  fm_article_set_title (article, "Bridge toll");
  fm_article_set_url (article, "https://news.example.org/bridge-toll");
  fm_article_set_text (article, article_text);
  return 0;
}

static void
check_claim (FmClaim   *claim,
             GPtrArray *sources)
{
  guint start = fm_claim_get_start (claim);
  guint end = fm_claim_get_end (claim);
  guint length = fm_article_get_length (article);
  g_autofree char *quote = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *suffix = NULL;

  fuzz_assert (start < end && end <= length);
  quote = g_utf8_substring (article_text, start, end);
  prefix = g_utf8_substring (article_text,
                             start > FM_CLAIM_CONTEXT_CHARS ? start - FM_CLAIM_CONTEXT_CHARS : 0,
                             start);
  suffix = g_utf8_substring (article_text, end, MIN (length, end + FM_CLAIM_CONTEXT_CHARS));
  fuzz_assert (g_strcmp0 (fm_claim_get_quote (claim), quote) == 0);
  fuzz_assert (g_strcmp0 (fm_claim_get_prefix (claim) ? fm_claim_get_prefix (claim) : "",
                          prefix) == 0);
  fuzz_assert (g_strcmp0 (fm_claim_get_suffix (claim) ? fm_claim_get_suffix (claim) : "",
                          suffix) == 0);
  fuzz_assert (g_strcmp0 (fm_claim_get_article_id (claim), fm_article_get_id (article)) == 0);

  /* What a person typed elsewhere: valid UTF-8, whatever it says */
  fuzz_assert (fm_claim_get_summary (claim) == NULL ||
               g_utf8_validate (fm_claim_get_summary (claim), -1, NULL));
  fuzz_assert (fm_claim_get_explanation (claim) == NULL ||
               g_utf8_validate (fm_claim_get_explanation (claim), -1, NULL));
  for (const char * const *tag = fm_claim_get_tags (claim); tag != NULL && *tag != NULL; tag++)
    fuzz_assert (g_utf8_validate (*tag, -1, NULL));
  fuzz_assert (fm_claim_get_id (claim) == NULL || g_uuid_string_is_valid (fm_claim_get_id (claim)));

  for (guint i = 0; i < sources->len; i++)
    {
      FmSource *source = g_ptr_array_index (sources, i);

      fuzz_assert (fm_url_is_web (fm_source_get_url (source)));
      fuzz_assert (fm_source_get_title (source) == NULL ||
                   g_utf8_validate (fm_source_get_title (source), -1, NULL));
    }
}

static FmReportData *
read_checked (GBytes     *contents,
              GPtrArray **problems)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FmReportData) data = fm_export_read_annotations (contents, article, problems, &error);
  guint n;

  fuzz_assert ((data == NULL) != (error == NULL));
  if (data == NULL)
    {
      fuzz_assert (error->domain == FM_EXPORT_ERROR && error->message[0] != '\0');
      fuzz_assert (g_utf8_validate (error->message, -1, NULL));
      return NULL;
    }
  fuzz_assert (*problems != NULL);
  for (guint i = 0; i < (*problems)->len; i++)
    fuzz_assert (g_utf8_validate (g_ptr_array_index (*problems, i), -1, NULL));

  n = fm_report_data_get_n_claims (data);
  for (guint i = 0; i < n; i++)
    {
      FmClaim *claim = fm_report_data_get_claim (data, i);

      check_claim (claim, fm_report_data_get_sources (data, i));
      if (i > 0)
        fuzz_assert (fm_claim_compare (fm_report_data_get_claim (data, i - 1), claim) <= 0);
    }
  return g_steal_pointer (&data);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) contents = g_bytes_new (data, size);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(FmReportData) report = read_checked (contents, &problems);
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GPtrArray) problems_again = NULL;
  g_autoptr(FmReportData) again = NULL;
  g_autoptr(GError) error = NULL;
  FmReportOptions options = FM_REPORT_OPTIONS_INIT;
  guint n;

  if (report == NULL)
    return 0;
  n = fm_report_data_get_n_claims (report);
  if (n == 0)
    return 0;

  /* Written out as W3C annotations, read back: the same claims */
  written = fm_export_build (report, FM_EXPORT_FORMAT_W3C, &options, NULL, NULL, NULL, &error);
  fuzz_assert (written != NULL && error == NULL);
  again = read_checked (written, &problems_again);
  if (again == NULL)
    {
      g_printerr ("%.*s\n", (int)g_bytes_get_size (written),
                  (const char *)g_bytes_get_data (written, NULL));
      fuzz_assert (!"the annotations Factmark wrote cannot be read back");
    }
  fuzz_assert (problems_again->len == 0);
  fuzz_assert (fm_report_data_get_n_claims (again) == n);
  for (guint i = 0; i < n; i++)
    {
      FmClaim *a = fm_report_data_get_claim (report, i);
      FmClaim *b = fm_report_data_get_claim (again, i);

      fuzz_assert (fm_claim_get_start (a) == fm_claim_get_start (b));
      fuzz_assert (fm_claim_get_end (a) == fm_claim_get_end (b));
      fuzz_assert (fm_claim_get_verdict (a) == fm_claim_get_verdict (b));
      fuzz_assert (g_strcmp0 (fm_claim_get_summary (a), fm_claim_get_summary (b)) == 0);
      fuzz_assert (fm_report_data_get_sources (report, i)->len ==
                   fm_report_data_get_sources (again, i)->len);
    }
  return 0;
}
