/* fm-export.c — the formats other tools speak, and writing them safely
 *
 * Out: CSV (RFC 4180), W3C Web Annotation JSON-LD, schema.org ClaimReview
 * JSON-LD, and the HTML report of fm-report.c. In: W3C Web Annotations,
 * placed in the article's text and stored in one transaction.
 *
 * The W3C vocabulary carries the span (TextQuoteSelector and
 * TextPositionSelector), the summary (a "describing" body), the verdict
 * (an "assessing" body), the explanation ("commenting"), the tags
 * ("tagging") and the sources ("linking" SpecificResources). What the
 * vocabulary has no word for (status, assignee, review, a source's title
 * or stance…) is carried by terms of our own context, prefixed
 * "factmark:", which other tools ignore, so that a round trip through
 * Factmark loses nothing — including where a claim stands after the text
 * changed (factmark:anchor: placed, to-confirm with its confidence, or
 * unplaced with only its old quote).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#include "fm-export.h"
#include "fm-util.h"

#define ANNO_CONTEXT     "http://www.w3.org/ns/anno.jsonld"
#define FACTMARK_NS      "https://factmark.org/ns/annotation#"
/* Longest quote shown in a message */
#define MESSAGE_QUOTE_CHARS 60
/* Problems listed in the message of a failed import */
#define MAX_LISTED_PROBLEMS 25

G_DEFINE_QUARK (fm-export-error-quark, fm_export_error)

/* factmark:anchor, by FmAnchorState: where the claim stands in the text
 * of the annotations' article. Words of the file format, not the store's
 * ids ("flagged", "orphan"), so that they read as what they mean. */
static const char * const anchor_terms[FM_N_ANCHOR_STATES] = {
  [FM_ANCHOR_STATE_PLACED] = "placed",
  [FM_ANCHOR_STATE_FLAGGED] = "to-confirm",
  [FM_ANCHOR_STATE_ORPHAN] = "unplaced",
};

/* Formats */

static const char * const format_ids[FM_N_EXPORT_FORMATS] = {
  "html", "csv", "w3c", "claimreview",
};

const char *
fm_export_format_to_id (FmExportFormat format)
{
  g_return_val_if_fail (format < FM_N_EXPORT_FORMATS, NULL);
  return format_ids[format];
}

gboolean
fm_export_format_from_id (const char     *id,
                          FmExportFormat *format)
{
  for (guint i = 0; id != NULL && i < FM_N_EXPORT_FORMATS; i++)
    {
      if (g_str_equal (id, format_ids[i]))
        {
          if (format != NULL)
            *format = i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
fm_export_format_label (FmExportFormat format)
{
  switch (format)
    {
    case FM_EXPORT_FORMAT_HTML:         return _("Fact-check report (HTML)");
    case FM_EXPORT_FORMAT_CSV:          return _("Spreadsheet (CSV)");
    case FM_EXPORT_FORMAT_W3C:          return _("Web Annotations (W3C JSON-LD)");
    case FM_EXPORT_FORMAT_CLAIM_REVIEW: return _("ClaimReview (schema.org JSON-LD)");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
fm_export_format_extension (FmExportFormat format)
{
  switch (format)
    {
    case FM_EXPORT_FORMAT_HTML:         return "html";
    case FM_EXPORT_FORMAT_CSV:          return "csv";
    case FM_EXPORT_FORMAT_W3C:          return "jsonld";
    case FM_EXPORT_FORMAT_CLAIM_REVIEW: return "json";
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
fm_export_format_content_type (FmExportFormat format)
{
  switch (format)
    {
    case FM_EXPORT_FORMAT_HTML:         return "text/html";
    case FM_EXPORT_FORMAT_CSV:          return "text/csv";
    case FM_EXPORT_FORMAT_W3C:
      return "application/ld+json;profile=\"http://www.w3.org/ns/anno.jsonld\"";
    case FM_EXPORT_FORMAT_CLAIM_REVIEW: return "application/ld+json";
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Progress, at most once per percent */

typedef struct
{
  FmProgressFunc  func;
  gpointer        data;
  GCancellable   *cancellable;
  guint           done;
  guint           total;
  int             last_percent;
} Progress;

static void
progress_init (Progress       *progress,
               FmProgressFunc  func,
               gpointer        data,
               GCancellable   *cancellable,
               guint           total)
{
  progress->func = func;
  progress->data = data;
  progress->cancellable = cancellable;
  progress->done = 0;
  progress->total = total;
  progress->last_percent = -1;
}

/* One more step done; FALSE when cancelled */
static gboolean
progress_step (Progress  *progress,
               GError   **error)
{
  progress->done++;
  if ((progress->done & 63) == 0 && g_cancellable_set_error_if_cancelled (progress->cancellable,
                                                                          error))
    return FALSE;
  if (progress->func != NULL && progress->total > 0)
    {
      int percent = (int)(100.0 * progress->done / progress->total);

      if (percent != progress->last_percent)
        {
          progress->last_percent = percent;
          progress->func (MIN (1.0, (double)progress->done / progress->total), progress->data);
        }
    }
  return TRUE;
}

/* Collecting copies */

static FmArticle *
copy_article (FmArticle *article)
{
  FmArticle *copy = fm_article_new ();

  fm_article_set_id (copy, fm_article_get_id (article));
  fm_article_set_title (copy, fm_article_get_title (article));
  fm_article_set_byline (copy, fm_article_get_byline (article));
  fm_article_set_site_name (copy, fm_article_get_site_name (article));
  fm_article_set_url (copy, fm_article_get_url (article));
  fm_article_set_canonical_url (copy, fm_article_get_canonical_url (article));
  fm_article_set_published (copy, fm_article_get_published (article));
  fm_article_set_lang (copy, fm_article_get_lang (article));
  fm_article_set_source_format (copy, fm_article_get_source_format (article));
  fm_article_set_source_name (copy, fm_article_get_source_name (article));
  fm_article_set_imported_at (copy, fm_article_get_imported_at (article));
  fm_article_set_imported_by (copy, fm_article_get_imported_by (article));
  fm_article_set_fetched_at (copy, fm_article_get_fetched_at (article));
  fm_article_set_text (copy, fm_article_get_text (article));
  return copy;
}

FmReportData *
fm_export_collect (FmStore     *store,
                   const char  *article_id,
                   GError     **error)
{
  g_autoptr(FmArticle) article = NULL;
  g_autoptr(FmArticle) copy = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(GHashTable) sources = NULL;
  g_autoptr(FmReportData) data = NULL;

  g_return_val_if_fail (FM_IS_STORE (store), NULL);
  g_return_val_if_fail (article_id != NULL, NULL);

  article = fm_store_get_article (store, article_id, error);
  if (article == NULL)
    return NULL;
  claims = fm_store_list_claims (store, article_id, error);
  if (claims == NULL)
    return NULL;
  sources = fm_store_list_article_sources (store, article_id, error);
  if (sources == NULL)
    return NULL;

  copy = copy_article (article);
  data = fm_report_data_new (copy);
  {
    g_autofree char *revised_at = NULL;
    guint revision = fm_store_get_article_revision (store, article_id, &revised_at, error);

    if (revision == 0)
      return NULL;
    fm_report_data_set_revision (data, revision, revised_at);
  }
  for (guint i = 0; i < claims->len; i++)
    {
      FmClaim *claim = g_ptr_array_index (claims, i);
      g_autoptr(FmClaim) claim_copy = fm_claim_copy (claim);
      GPtrArray *claim_sources = g_hash_table_lookup (sources, fm_claim_get_id (claim));
      g_autoptr(GPtrArray) source_copies = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint k = 0; claim_sources != NULL && k < claim_sources->len; k++)
        g_ptr_array_add (source_copies, fm_source_copy (g_ptr_array_index (claim_sources, k)));
      fm_report_data_add_claim (data, claim_copy, source_copies);
    }
  return g_steal_pointer (&data);
}

/* Text helpers */

static gboolean
is_empty (const char *text)
{
  return text == NULL || *text == '\0';
}

/* Valid UTF-8, whatever a damaged workspace holds */
static char *
valid_utf8 (const char *text)
{
  if (text == NULL)
    return g_strdup ("");
  if (g_utf8_validate (text, -1, NULL))
    return g_strdup (text);
  return g_utf8_make_valid (text, -1);
}

/* CSV */

static const char * const csv_columns[] = {
  "Article ID", "Article title", "Claim", "Claim ID", "Quote", "Summary", "Verdict", "Status",
  "Assignee", "Explanation", "Sources", "Tags", "Updated",
};

static gboolean
csv_needs_guard (const char *value)
{
  /* Spreadsheets read a cell that starts with these as a formula; the
   * apostrophe itself is guarded so that the guard can be taken off */
  return value[0] != '\0' && strchr ("=+-@\t\r'", value[0]) != NULL;
}

static void
csv_cell (GString    *out,
          const char *value,
          gboolean    last)
{
  g_autofree char *valid = valid_utf8 (value);

  g_string_append_c (out, '"');
  if (csv_needs_guard (valid))
    g_string_append_c (out, '\'');
  for (const char *p = valid; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
  g_string_append (out, last ? "\r\n" : ",");
}

char *
fm_export_csv_cell_value (const char *cell)
{
  g_return_val_if_fail (cell != NULL, NULL);

  if (cell[0] == '\'' && cell[1] != '\0' && strchr ("=+-@\t\r'", cell[1]) != NULL)
    return g_strdup (cell + 1);
  return g_strdup (cell);
}

void
fm_export_csv_begin (GString *out)
{
  g_return_if_fail (out != NULL);

  /* A byte order mark: without it, spreadsheets guess a legacy encoding */
  g_string_append (out, "\xEF\xBB\xBF");
  for (guint i = 0; i < G_N_ELEMENTS (csv_columns); i++)
    csv_cell (out, csv_columns[i], i + 1 == G_N_ELEMENTS (csv_columns));
}

void
fm_export_csv_append (GString               *out,
                      FmReportData          *data,
                      const FmReportOptions *options)
{
  g_autoptr(GArray) selected = NULL;
  FmArticle *article;

  g_return_if_fail (out != NULL);
  g_return_if_fail (data != NULL);

  article = fm_report_data_get_article (data);
  selected = fm_report_select_claims (data, options);
  for (guint i = 0; i < selected->len; i++)
    {
      guint index = g_array_index (selected, guint, i);
      FmClaim *claim = fm_report_data_get_claim (data, index);
      GPtrArray *sources = fm_report_data_get_sources (data, index);
      g_autofree char *number = g_strdup_printf ("%u", i + 1);
      g_autofree char *tags = g_strjoinv (", ", (char **)fm_claim_get_tags (claim));
      g_autoptr(GString) urls = g_string_new (NULL);

      for (guint k = 0; k < sources->len; k++)
        {
          if (k > 0)
            g_string_append_c (urls, '\n');
          g_string_append (urls, fm_source_get_url (g_ptr_array_index (sources, k)));
        }

      csv_cell (out, fm_article_get_id (article), FALSE);
      csv_cell (out, fm_article_get_title (article), FALSE);
      csv_cell (out, number, FALSE);
      csv_cell (out, fm_claim_get_id (claim), FALSE);
      csv_cell (out, fm_claim_get_quote (claim), FALSE);
      csv_cell (out, fm_claim_get_summary (claim), FALSE);
      csv_cell (out, fm_verdict_to_id (fm_claim_get_verdict (claim)), FALSE);
      csv_cell (out, fm_status_to_id (fm_claim_get_status (claim)), FALSE);
      csv_cell (out, fm_claim_get_assignee (claim), FALSE);
      csv_cell (out, fm_claim_get_explanation (claim), FALSE);
      csv_cell (out, urls->str, FALSE);
      csv_cell (out, tags, FALSE);
      csv_cell (out, fm_claim_get_updated_at (claim), TRUE);
    }
}

/* JSON helpers */

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  g_autofree char *valid = valid_utf8 (value);

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, valid);
}

/* Only when there is something to say */
static void
add_optional (JsonBuilder *builder,
              const char  *name,
              const char  *value)
{
  if (!is_empty (value))
    add_string (builder, name, value);
}

static char *
urn (const char *uuid)
{
  return g_strconcat ("urn:uuid:", uuid, NULL);
}

/* A name-based (version 5 style) UUID, so that the same article always
 * gives the same collection id */
static char *
name_uuid (const char *name)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[20];
  gsize len = sizeof digest;

  g_checksum_update (checksum, (const guchar *)"factmark:", -1);
  g_checksum_update (checksum, (const guchar *)name, -1);
  g_checksum_get_digest (checksum, digest, &len);
  digest[6] = (digest[6] & 0x0f) | 0x50;
  digest[8] = (digest[8] & 0x3f) | 0x80;
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          digest[0], digest[1], digest[2], digest[3], digest[4], digest[5],
                          digest[6], digest[7], digest[8], digest[9], digest[10], digest[11],
                          digest[12], digest[13], digest[14], digest[15]);
}

static GBytes *
json_to_bytes (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize len = 0;
  char *text;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &len);
  /* A file ends with a line break */
  text = g_realloc (text, len + 2);
  text[len++] = '\n';
  text[len] = '\0';
  return g_bytes_new_take (text, len);
}

/* W3C Web Annotations out */

/* Where the annotations point: the article's web address, else its id
 * (a local file path never leaves the workspace) */
static char *
article_target (FmArticle *article)
{
  const char *link = fm_report_article_link (article);

  return link != NULL ? g_strdup (link) : urn (fm_article_get_id (article));
}

static void
add_textual_body (JsonBuilder *builder,
                  const char  *purpose,
                  const char  *value)
{
  json_builder_begin_object (builder);
  add_string (builder, "type", "TextualBody");
  add_string (builder, "purpose", purpose);
  add_string (builder, "value", value);
  add_string (builder, "format", "text/plain");
  json_builder_end_object (builder);
}

static void
add_source_body (JsonBuilder *builder,
                 FmSource    *source)
{
  json_builder_begin_object (builder);
  if (!is_empty (fm_source_get_id (source)))
    {
      g_autofree char *id = urn (fm_source_get_id (source));
      add_string (builder, "id", id);
    }
  add_string (builder, "type", "SpecificResource");
  add_string (builder, "purpose", "linking");
  add_string (builder, "source", fm_source_get_url (source));
  add_optional (builder, "factmark:title", fm_source_get_title (source));
  add_optional (builder, "factmark:publisher", fm_source_get_publisher (source));
  add_optional (builder, "factmark:author", fm_source_get_author (source));
  add_optional (builder, "factmark:published", fm_source_get_published (source));
  add_optional (builder, "factmark:accessed", fm_source_get_accessed (source));
  add_optional (builder, "factmark:archiveUrl", fm_source_get_archive_url (source));
  add_string (builder, "factmark:stance", fm_stance_to_id (fm_source_get_stance (source)));
  add_string (builder, "factmark:kind", fm_source_kind_to_id (fm_source_get_kind (source)));
  add_optional (builder, "factmark:note", fm_source_get_note (source));
  add_optional (builder, "factmark:createdBy", fm_source_get_created_by (source));
  add_optional (builder, "factmark:createdAt", fm_source_get_created_at (source));
  json_builder_end_object (builder);
}

static void
add_annotation (JsonBuilder *builder,
                const char  *target,
                const char  *generator,
                FmClaim     *claim,
                GPtrArray   *sources)
{
  const char * const *tags = fm_claim_get_tags (claim);
  FmVerdict verdict = fm_claim_get_verdict (claim);

  json_builder_begin_object (builder);
  if (!is_empty (fm_claim_get_id (claim)))
    {
      g_autofree char *id = urn (fm_claim_get_id (claim));
      add_string (builder, "id", id);
    }
  add_string (builder, "type", "Annotation");
  add_string (builder, "motivation", "assessing");
  add_optional (builder, "created", fm_claim_get_created_at (claim));
  add_optional (builder, "modified", fm_claim_get_updated_at (claim));
  if (!is_empty (fm_claim_get_created_by (claim)))
    {
      json_builder_set_member_name (builder, "creator");
      json_builder_begin_object (builder);
      add_string (builder, "type", "Person");
      add_string (builder, "name", fm_claim_get_created_by (claim));
      json_builder_end_object (builder);
    }
  json_builder_set_member_name (builder, "generator");
  json_builder_begin_object (builder);
  add_string (builder, "type", "Software");
  add_string (builder, "name", generator);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "body");
  json_builder_begin_array (builder);
  if (!is_empty (fm_claim_get_summary (claim)))
    add_textual_body (builder, "describing", fm_claim_get_summary (claim));
  json_builder_begin_object (builder);
  add_string (builder, "type", "TextualBody");
  add_string (builder, "purpose", "assessing");
  add_string (builder, "value", fm_verdict_label (verdict));
  add_string (builder, "factmark:verdict", fm_verdict_to_id (verdict));
  json_builder_end_object (builder);
  if (!is_empty (fm_claim_get_explanation (claim)))
    add_textual_body (builder, "commenting", fm_claim_get_explanation (claim));
  for (guint i = 0; tags[i] != NULL; i++)
    {
      json_builder_begin_object (builder);
      add_string (builder, "type", "TextualBody");
      add_string (builder, "purpose", "tagging");
      add_string (builder, "value", tags[i]);
      json_builder_end_object (builder);
    }
  for (guint i = 0; i < sources->len; i++)
    add_source_body (builder, g_ptr_array_index (sources, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "target");
  json_builder_begin_object (builder);
  add_string (builder, "source", target);
  json_builder_set_member_name (builder, "selector");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  add_string (builder, "type", "TextQuoteSelector");
  add_string (builder, "exact", fm_claim_get_quote (claim));
  add_string (builder, "prefix", fm_claim_get_prefix (claim));
  add_string (builder, "suffix", fm_claim_get_suffix (claim));
  json_builder_end_object (builder);
  /* An unplaced claim has no position in this version of the text: its
   * quote is all there is of it */
  if (fm_claim_get_anchor_state (claim) != FM_ANCHOR_STATE_ORPHAN)
    {
      json_builder_begin_object (builder);
      add_string (builder, "type", "TextPositionSelector");
      json_builder_set_member_name (builder, "start");
      json_builder_add_int_value (builder, fm_claim_get_start (claim));
      json_builder_set_member_name (builder, "end");
      json_builder_add_int_value (builder, fm_claim_get_end (claim));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  add_string (builder, "factmark:status", fm_status_to_id (fm_claim_get_status (claim)));
  add_optional (builder, "factmark:assignee", fm_claim_get_assignee (claim));
  add_optional (builder, "factmark:reviewComment", fm_claim_get_review_comment (claim));
  add_optional (builder, "factmark:reviewedBy", fm_claim_get_reviewed_by (claim));
  add_optional (builder, "factmark:reviewedAt", fm_claim_get_reviewed_at (claim));
  add_optional (builder, "factmark:updatedBy", fm_claim_get_updated_by (claim));
  add_string (builder, "factmark:anchor", anchor_terms[fm_claim_get_anchor_state (claim)]);
  if (fm_claim_get_anchor_state (claim) == FM_ANCHOR_STATE_FLAGGED)
    {
      json_builder_set_member_name (builder, "factmark:anchorConfidence");
      json_builder_add_double_value (builder, fm_claim_get_anchor_confidence (claim));
    }
  json_builder_end_object (builder);
}

static GBytes *
build_w3c (FmReportData          *data,
           const FmReportOptions *options,
           Progress              *progress,
           GError               **error)
{
  FmArticle *article = fm_report_data_get_article (data);
  g_autoptr(GArray) selected = fm_report_select_claims (data, options);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *target = article_target (article);
  g_autofree char *generator = g_strdup_printf ("Factmark %s", PACKAGE_VERSION);
  g_autofree char *collection_uuid = name_uuid (fm_article_get_id (article));
  g_autofree char *collection_id = urn (collection_uuid);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "@context");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, ANNO_CONTEXT);
  json_builder_begin_object (builder);
  add_string (builder, "factmark", FACTMARK_NS);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  add_string (builder, "id", collection_id);
  add_string (builder, "type", "AnnotationCollection");
  add_string (builder, "label", fm_article_get_title (article));
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, selected->len);
  json_builder_set_member_name (builder, "first");
  json_builder_begin_object (builder);
  add_string (builder, "type", "AnnotationPage");
  json_builder_set_member_name (builder, "startIndex");
  json_builder_add_int_value (builder, 0);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < selected->len; i++)
    {
      guint index = g_array_index (selected, guint, i);

      if (!progress_step (progress, error))
        return NULL;
      add_annotation (builder, target, generator, fm_report_data_get_claim (data, index),
                      fm_report_data_get_sources (data, index));
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_bytes (root);
}

/* Building */

GBytes *
fm_export_build (FmReportData          *data,
                 FmExportFormat         format,
                 const FmReportOptions *options,
                 FmProgressFunc         progress_func,
                 gpointer               progress_data,
                 GCancellable          *cancellable,
                 GError               **error)
{
  Progress progress;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (format < FM_N_EXPORT_FORMATS, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  progress_init (&progress, progress_func, progress_data, cancellable,
                 fm_report_data_get_n_claims (data));

  switch (format)
    {
    case FM_EXPORT_FORMAT_HTML:
      return fm_report_build_html (data, options, progress_func, progress_data, cancellable,
                                   error);

    case FM_EXPORT_FORMAT_CSV:
      {
        GString *out = g_string_new (NULL);
        gsize len;

        fm_export_csv_begin (out);
        fm_export_csv_append (out, data, options);
        if (g_cancellable_set_error_if_cancelled (cancellable, error))
          {
            g_string_free (out, TRUE);
            return NULL;
          }
        if (progress_func != NULL)
          progress_func (1.0, progress_data);
        len = out->len;
        return g_bytes_new_take (g_string_free (out, FALSE), len);
      }

    case FM_EXPORT_FORMAT_W3C:
      return build_w3c (data, options, &progress, error);

    case FM_EXPORT_FORMAT_CLAIM_REVIEW:
      {
        g_autoptr(JsonNode) root = fm_report_build_claim_reviews (data, options);

        if (g_cancellable_set_error_if_cancelled (cancellable, error))
          return NULL;
        if (progress_func != NULL)
          progress_func (1.0, progress_data);
        return json_to_bytes (root);
      }

    default:
      g_return_val_if_reached (NULL);
    }
}

/* Writing a file in one piece */

typedef struct
{
  char *path;
  char *tmp_path;
  int   fd;
} AtomicFile;

static void
atomic_file_abort (AtomicFile *file)
{
  if (file->fd >= 0)
    close (file->fd);
  file->fd = -1;
  if (file->tmp_path != NULL)
    g_unlink (file->tmp_path);
  g_clear_pointer (&file->tmp_path, g_free);
  g_clear_pointer (&file->path, g_free);
}

/* "What failed: why" */
static gboolean
set_write_error (GError     **error,
                 int          saved_errno,
                 const char  *what)
{
  g_set_error (error, FM_EXPORT_ERROR, FM_EXPORT_ERROR_WRITE, "%s: %s", what,
               g_strerror (saved_errno));
  return FALSE;
}

static gboolean
atomic_file_open (AtomicFile  *file,
                  const char  *path,
                  GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *template = NULL;
  int saved_errno;

  file->fd = -1;
  file->tmp_path = NULL;
  file->path = NULL;

  if (path == NULL || *path == '\0' || g_str_has_suffix (path, G_DIR_SEPARATOR_S) ||
      g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, FM_EXPORT_ERROR, FM_EXPORT_ERROR_WRITE,
                   _("This is a folder: give the name of a file to write"));
      return FALSE;
    }

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  /* Hidden, beside the target (rename() stays on one file system), and
   * short enough for any file system's name limit */
  if (strlen (base) > 200)
    base[200] = '\0';
  template = g_strdup_printf ("%s" G_DIR_SEPARATOR_S ".%s.XXXXXX", dir, base);
  file->fd = g_mkstemp_full (template, O_WRONLY | O_CLOEXEC, 0666);
  if (file->fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, FM_EXPORT_ERROR, FM_EXPORT_ERROR_WRITE,
                   _("Could not create a file in the folder “%s”: %s"), dir,
                   g_strerror (saved_errno));
      return FALSE;
    }
  /* mkstemp() makes it 0600; an export is a document like any other */
  {
    mode_t mask = umask (0);

    umask (mask);
    fchmod (file->fd, 0666 & ~mask);
  }
  file->tmp_path = g_steal_pointer (&template);
  file->path = g_strdup (path);
  return TRUE;
}

static gboolean
atomic_file_write (AtomicFile  *file,
                   const void  *data,
                   gsize        len,
                   GError     **error)
{
  const char *p = data;

  while (len > 0)
    {
      gssize written = write (file->fd, p, len);

      if (written < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;
          atomic_file_abort (file);
          return set_write_error (error, saved_errno, _("Could not write the file"));
        }
      p += written;
      len -= written;
    }
  return TRUE;
}

static gboolean
atomic_file_commit (AtomicFile  *file,
                    GError     **error)
{
  g_autofree char *dir = NULL;
  int saved_errno;
  int dir_fd;

  /* On disk before it takes the name: a crash leaves the old file or the
   * new one, never a mix */
  if (fsync (file->fd) != 0)
    {
      saved_errno = errno;
      atomic_file_abort (file);
      return set_write_error (error, saved_errno, _("Could not write the file"));
    }
  if (close (file->fd) != 0)
    {
      saved_errno = errno;
      file->fd = -1;
      atomic_file_abort (file);
      return set_write_error (error, saved_errno, _("Could not write the file"));
    }
  file->fd = -1;
  if (g_rename (file->tmp_path, file->path) != 0)
    {
      saved_errno = errno;
      atomic_file_abort (file);
      return set_write_error (error, saved_errno, _("Could not put the file in place"));
    }
  g_clear_pointer (&file->tmp_path, g_free);

  /* The rename itself on disk (best effort: not every file system can) */
  dir = g_path_get_dirname (file->path);
  dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0)
    {
      fsync (dir_fd);
      close (dir_fd);
    }
  g_clear_pointer (&file->path, g_free);
  return TRUE;
}

gboolean
fm_export_write_file (const char  *path,
                      GBytes      *contents,
                      GError     **error)
{
  AtomicFile file;
  gsize len;
  const void *data;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);

  data = g_bytes_get_data (contents, &len);
  if (!atomic_file_open (&file, path, error) ||
      !atomic_file_write (&file, data, len, error) ||
      !atomic_file_commit (&file, error))
    return FALSE;
  return TRUE;
}

gboolean
fm_export_workspace_csv (FmStore               *store,
                         const char            *path,
                         const FmReportOptions *options,
                         GError               **error)
{
  g_autoptr(GPtrArray) articles = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  AtomicFile file;

  g_return_val_if_fail (FM_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  articles = fm_store_list_articles (store, error);
  if (articles == NULL)
    return FALSE;
  if (!atomic_file_open (&file, path, error))
    return FALSE;

  fm_export_csv_begin (out);
  for (guint i = 0; i < articles->len; i++)
    {
      FmArticle *article = g_ptr_array_index (articles, i);
      g_autoptr(GPtrArray) claims = fm_store_list_claims (store, fm_article_get_id (article), error);
      g_autoptr(GHashTable) sources = NULL;
      g_autoptr(FmReportData) data = NULL;

      if (claims == NULL)
        goto fail;
      if (claims->len == 0)
        continue;
      sources = fm_store_list_article_sources (store, fm_article_get_id (article), error);
      if (sources == NULL)
        goto fail;
      /* Metadata only: a CSV needs no article text */
      data = fm_report_data_new (article);
      for (guint k = 0; k < claims->len; k++)
        {
          FmClaim *claim = g_ptr_array_index (claims, k);

          fm_report_data_add_claim (data, claim, g_hash_table_lookup (sources,
                                                                      fm_claim_get_id (claim)));
        }
      fm_export_csv_append (out, data, options);
      if (out->len > 1024 * 1024)
        {
          if (!atomic_file_write (&file, out->str, out->len, error))
            return FALSE;
          g_string_truncate (out, 0);
        }
    }
  if (out->len > 0 && !atomic_file_write (&file, out->str, out->len, error))
    return FALSE;
  return atomic_file_commit (&file, error);

fail:
  atomic_file_abort (&file);
  return FALSE;
}

/* In a worker thread */

typedef struct
{
  gatomicrefcount  ref_count;
  GMainContext    *context;
  FmProgressFunc   func;
  gpointer         data;
  GDestroyNotify   destroy;
} ProgressSink;

static ProgressSink *
progress_sink_ref (ProgressSink *sink)
{
  g_atomic_ref_count_inc (&sink->ref_count);
  return sink;
}

static gboolean
progress_sink_destroy_data (gpointer user_data)
{
  ProgressSink *sink = user_data;

  if (sink->destroy != NULL)
    sink->destroy (sink->data);
  return G_SOURCE_REMOVE;
}

static void
progress_sink_free (gpointer user_data)
{
  ProgressSink *sink = user_data;

  g_main_context_unref (sink->context);
  g_free (sink);
}

/* The last reference may go in the worker: the caller's data is still
 * let go in the caller's context */
static void
progress_sink_unref (ProgressSink *sink)
{
  if (!g_atomic_ref_count_dec (&sink->ref_count))
    return;
  if (g_main_context_is_owner (sink->context))
    {
      progress_sink_destroy_data (sink);
      progress_sink_free (sink);
    }
  else
    g_main_context_invoke_full (sink->context, G_PRIORITY_DEFAULT, progress_sink_destroy_data,
                                sink, progress_sink_free);
}

typedef struct
{
  ProgressSink *sink;
  double        fraction;
} ProgressReport;

static gboolean
progress_report_dispatch (gpointer user_data)
{
  ProgressReport *report = user_data;

  report->sink->func (report->fraction, report->sink->data);
  return G_SOURCE_REMOVE;
}

static void
progress_report_free (gpointer user_data)
{
  ProgressReport *report = user_data;

  progress_sink_unref (report->sink);
  g_free (report);
}

/* Runs in the worker: hands the fraction to the caller's main context */
static void
progress_to_sink (double   fraction,
                  gpointer user_data)
{
  ProgressSink *sink = user_data;
  ProgressReport *report = g_new0 (ProgressReport, 1);

  report->sink = progress_sink_ref (sink);
  report->fraction = fraction;
  g_main_context_invoke_full (sink->context, G_PRIORITY_DEFAULT, progress_report_dispatch,
                              report, progress_report_free);
}

typedef struct
{
  FmReportData    *data;
  FmExportFormat   format;
  FmReportOptions  options;
  char            *report_url;
  char            *organization;
  char            *path;
  ProgressSink    *sink;
} ExportJob;

static void
export_job_free (gpointer user_data)
{
  ExportJob *job = user_data;

  g_clear_pointer (&job->data, fm_report_data_unref);
  g_clear_pointer (&job->options.generated_at, g_date_time_unref);
  g_free (job->report_url);
  g_free (job->organization);
  g_free (job->path);
  g_clear_pointer (&job->sink, progress_sink_unref);
  g_free (job);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  bytes = fm_export_build (job->data, job->format, &job->options,
                           job->sink ? progress_to_sink : NULL, job->sink, cancellable, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Past this point the file is written whole or not at all */
  if (g_cancellable_set_error_if_cancelled (cancellable, &error) ||
      !fm_export_write_file (job->path, bytes, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
fm_export_to_file_async (FmReportData          *data,
                         FmExportFormat         format,
                         const FmReportOptions *options,
                         const char            *path,
                         FmProgressFunc         progress,
                         gpointer               progress_data,
                         GDestroyNotify         progress_data_destroy,
                         GCancellable          *cancellable,
                         GAsyncReadyCallback    callback,
                         gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportJob *job;

  g_return_if_fail (data != NULL);
  g_return_if_fail (format < FM_N_EXPORT_FORMATS);
  g_return_if_fail (path != NULL);

  job = g_new0 (ExportJob, 1);
  job->data = fm_report_data_ref (data);
  job->format = format;
  if (options != NULL)
    {
      job->options.approved_only = options->approved_only;
      if (options->generated_at != NULL)
        job->options.generated_at = g_date_time_ref (options->generated_at);
      job->report_url = g_strdup (options->report_url);
      job->organization = g_strdup (options->organization);
      job->options.report_url = job->report_url;
      job->options.organization = job->organization;
    }
  job->path = g_strdup (path);
  if (progress != NULL)
    {
      job->sink = g_new0 (ProgressSink, 1);
      g_atomic_ref_count_init (&job->sink->ref_count);
      job->sink->context = g_main_context_ref_thread_default ();
      job->sink->func = progress;
      job->sink->data = progress_data;
      job->sink->destroy = progress_data_destroy;
    }
  else if (progress_data_destroy != NULL)
    progress_data_destroy (progress_data);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fm_export_to_file_async);
  g_task_set_task_data (task, job, export_job_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
fm_export_to_file_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, fm_export_to_file_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* W3C Web Annotations in */

GBytes *
fm_export_load_annotation_file (GFile         *file,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GError) local_error = NULL;
  guint8 buffer[64 * 1024];

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  stream = g_file_read (file, cancellable, &local_error);
  if (stream == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY))
        g_set_error (error, FM_EXPORT_ERROR, FM_EXPORT_ERROR_READ,
                     _("This is a folder, not an annotation file"));
      else
        g_set_error (error, FM_EXPORT_ERROR, FM_EXPORT_ERROR_READ, "%s", local_error->message);
      return NULL;
    }
  /* Read in pieces: a pipe or a device has no size to check first */
  for (;;)
    {
      gssize n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, sizeof buffer,
                                      cancellable, &local_error);

      if (n < 0)
        {
          g_set_error (error, FM_EXPORT_ERROR, FM_EXPORT_ERROR_READ, "%s", local_error->message);
          return NULL;
        }
      if (n == 0)
        break;
      if (bytes->len + n > FM_ANNOTATIONS_MAX_BYTES)
        {
          g_autofree char *limit = g_format_size (FM_ANNOTATIONS_MAX_BYTES);

          g_set_error (error, FM_EXPORT_ERROR, FM_EXPORT_ERROR_READ,
                       _("The file is too large for an annotation file (more than %s)"), limit);
          return NULL;
        }
      g_byte_array_append (bytes, buffer, n);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

/* The "type" of a JSON-LD object: a string or an array of strings */
static gboolean
has_type (JsonObject *object,
          const char *type)
{
  JsonNode *node = json_object_get_member (object, "type");

  if (node == NULL)
    node = json_object_get_member (object, "@type");
  if (node == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strcmp0 (json_node_get_string (node), type) == 0;
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element) &&
              json_node_get_value_type (element) == G_TYPE_STRING &&
              g_strcmp0 (json_node_get_string (element), type) == 0)
            return TRUE;
        }
    }
  return FALSE;
}

static gboolean
is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING;
}

static void
add_items (GPtrArray *items,
           JsonArray *array)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_ptr_array_add (items, json_array_get_element (array, i));
}

/* The annotations of a page, and of the pages embedded after it */
static gboolean
add_pages (GPtrArray   *items,
           JsonNode    *page,
           GError     **error)
{
  while (page != NULL && !JSON_NODE_HOLDS_NULL (page))
    {
      JsonObject *object;
      JsonNode *list;

      if (is_string (page))
        {
          g_set_error (error, FM_EXPORT_ERROR, FM_EXPORT_ERROR_INVALID,
                       _("The annotations are not in the file: it only links to a page of "
                         "them (%s)"), json_node_get_string (page));
          return FALSE;
        }
      if (!JSON_NODE_HOLDS_OBJECT (page))
        {
          g_set_error (error, FM_EXPORT_ERROR, FM_EXPORT_ERROR_INVALID,
                       _("A page of annotations should be a JSON object"));
          return FALSE;
        }
      object = json_node_get_object (page);
      list = json_object_get_member (object, "items");
      if (list != NULL)
        {
          if (!JSON_NODE_HOLDS_ARRAY (list))
            {
              g_set_error (error, FM_EXPORT_ERROR, FM_EXPORT_ERROR_INVALID,
                           _("The “items” of a page of annotations should be a JSON array"));
              return FALSE;
            }
          add_items (items, json_node_get_array (list));
        }
      page = json_object_get_member (object, "next");
    }
  return TRUE;
}

/* Every annotation in the file, whichever container it comes in */
static GPtrArray *
find_annotations (JsonNode  *root,
                  GError   **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new ();

  if (JSON_NODE_HOLDS_ARRAY (root))
    add_items (items, json_node_get_array (root));
  else if (JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);

      if (has_type (object, "AnnotationCollection"))
        {
          JsonNode *list = json_object_get_member (object, "items");

          if (list != NULL && JSON_NODE_HOLDS_ARRAY (list))
            add_items (items, json_node_get_array (list));
          if (!add_pages (items, json_object_get_member (object, "first"), error))
            return NULL;
        }
      else if (has_type (object, "AnnotationPage") || json_object_has_member (object, "items"))
        {
          if (!add_pages (items, root, error))
            return NULL;
        }
      else if (has_type (object, "Annotation") || json_object_has_member (object, "target"))
        g_ptr_array_add (items, root);
      else
        {
          g_set_error (error, FM_EXPORT_ERROR, FM_EXPORT_ERROR_INVALID,
                       _("This is JSON, but not W3C Web Annotations: there is no annotation, "
                         "AnnotationPage or AnnotationCollection in it"));
          return NULL;
        }
    }
  else
    {
      g_set_error (error, FM_EXPORT_ERROR, FM_EXPORT_ERROR_INVALID,
                   _("This is JSON, but not W3C Web Annotations: it holds a single value"));
      return NULL;
    }

  if (items->len == 0)
    {
      g_set_error (error, FM_EXPORT_ERROR, FM_EXPORT_ERROR_INVALID,
                   _("The file holds no annotations"));
      return NULL;
    }
  return g_steal_pointer (&items);
}

/* The article's text, with a table from characters to bytes */
typedef struct
{
  const char *text;
  gsize       bytes;
  guint       length;        /* characters */
  guint      *offsets;       /* character → byte, length + 1 entries */
} Text;

static void
text_init (Text       *text,
           FmArticle  *article)
{
  const char *p;
  guint i = 0;

  text->text = fm_article_get_text (article);
  if (text->text == NULL)
    text->text = "";
  text->bytes = strlen (text->text);
  text->length = g_utf8_strlen (text->text, -1);
  text->offsets = g_new (guint, text->length + 1);
  for (p = text->text; *p && i < text->length; p = g_utf8_next_char (p))
    text->offsets[i++] = p - text->text;
  text->offsets[i] = text->bytes;
  text->length = i;
}

static void
text_clear (Text *text)
{
  g_clear_pointer (&text->offsets, g_free);
}

/* The character at byte @byte (which starts one) */
static guint
text_char_at (const Text *text,
              gsize       byte)
{
  guint lo = 0, hi = text->length;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (text->offsets[mid] < byte)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static char *
text_span (const Text *text,
           guint       start,
           guint       end)
{
  return g_strndup (text->text + text->offsets[start], text->offsets[end] - text->offsets[start]);
}

/* Characters in common at the end of a and b */
static guint
common_suffix_chars (const char *a,
                     gsize       a_len,
                     const char *b)
{
  gsize b_len = strlen (b);
  guint n = 0;

  while (a_len > 0 && b_len > 0 && a[a_len - 1] == b[b_len - 1])
    {
      a_len--;
      b_len--;
      if (((guchar)a[a_len] & 0xC0) != 0x80)
        n++;
    }
  return n;
}

/* Characters in common at the start of a and b */
static guint
common_prefix_chars (const char *a,
                     const char *b)
{
  guint n = 0;

  for (; *a && *b && *a == *b; a++, b++)
    if (((guchar)*a & 0xC0) != 0x80)
      n++;
  return n;
}

/* Where @exact occurs in the text, the one whose context matches
 * @prefix and @suffix best, then the one nearest @hint. FALSE when it
 * does not occur at all. */
static gboolean
find_quote (const Text *text,
            const char *exact,
            const char *prefix,
            const char *suffix,
            gint64      hint,
            guint      *start)
{
  gsize exact_len = strlen (exact);
  const char *p = text->text;
  gboolean found = FALSE;
  guint best_score = 0;
  guint64 best_distance = G_MAXUINT64;

  if (exact_len == 0)
    return FALSE;
  while ((p = strstr (p, exact)) != NULL)
    {
      gsize byte = p - text->text;
      guint at = text_char_at (text, byte);
      guint score = 0;
      guint64 distance = hint >= 0 ? (guint64)ABS ((gint64)at - hint) : 0;

      /* A match in the middle of a character is no match */
      if (at <= text->length && text->offsets[at] == byte)
        {
          if (prefix != NULL)
            score += common_suffix_chars (text->text, byte, prefix);
          if (suffix != NULL)
            score += common_prefix_chars (p + exact_len, suffix);
          if (!found || score > best_score || (score == best_score && distance < best_distance))
            {
              found = TRUE;
              best_score = score;
              best_distance = distance;
              *start = at;
            }
        }
      p = g_utf8_next_char (p);
    }
  return found;
}

/* A problem with one annotation */
typedef struct
{
  guint  number;
  char  *id;
  char  *message;
} Problem;

G_GNUC_PRINTF (2, 3)
static gboolean
problem (Problem    *pr,
         const char *format,
         ...)
{
  va_list args;

  if (pr->message != NULL)
    return FALSE;
  va_start (args, format);
  pr->message = g_strdup_vprintf (format, args);
  va_end (args);
  return FALSE;
}

static char *
problem_text (Problem *pr)
{
  if (pr->id != NULL)
    /* Translators: "Annotation 3 (urn:uuid:…): what is wrong with it" */
    return g_strdup_printf (_("Annotation %u (%s): %s"), pr->number, pr->id, pr->message);
  /* Translators: "Annotation 3: what is wrong with it" */
  return g_strdup_printf (_("Annotation %u: %s"), pr->number, pr->message);
}

static char *
short_quote (const char *text)
{
  g_autofree char *flat = fm_collapse_space (text);

  if (g_utf8_strlen (flat, -1) <= MESSAGE_QUOTE_CHARS)
    return g_steal_pointer (&flat);
  {
    g_autofree char *cut = g_utf8_substring (flat, 0, MESSAGE_QUOTE_CHARS - 1);
    return g_strconcat (cut, "…", NULL);
  }
}

/* A member that must be a string when present; *value is NULL when absent */
static gboolean
get_string (JsonObject  *object,
            const char  *name,
            Problem     *pr,
            const char **value)
{
  JsonNode *node = json_object_get_member (object, name);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!is_string (node))
    return problem (pr, _("“%s” should be text"), name);
  *value = json_node_get_string (node);
  if (!g_utf8_validate (*value, -1, NULL))
    return problem (pr, _("“%s” is not valid text"), name);
  return TRUE;
}

/* A member that must be a whole number from 0 to G_MAXINT when present */
static gboolean
get_position (JsonObject *object,
              const char *name,
              Problem    *pr,
              gint64     *value)
{
  JsonNode *node = json_object_get_member (object, name);

  *value = -1;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return problem (pr, _("the position “%s” should be a number"), name);
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      {
        gint64 n = json_node_get_int (node);

        if (n < 0 || n > G_MAXINT)
          {
            g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, n);

            /* Translators: the first %s is a property name, the second a number */
            return problem (pr, _("the position “%s” (%s) is not a place in any text"), name,
                            number);
          }
        *value = n;
        return TRUE;
      }
    case G_TYPE_DOUBLE:
      {
        double d = json_node_get_double (node);

        if (!(d >= 0 && d <= G_MAXINT) || d != (double)(gint64)d)
          return problem (pr, _("the position “%s” (%g) is not a whole number of characters"),
                          name, d);
        *value = (gint64)d;
        return TRUE;
      }
    default:
      return problem (pr, _("the position “%s” should be a number"), name);
    }
}

/* The objects of a member that may be one object, an array of them, or
 * (for IRIs) strings: strings are returned as string nodes */
static GPtrArray *
get_list (JsonObject *object,
          const char *name)
{
  GPtrArray *list = g_ptr_array_new ();
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return list;
  if (JSON_NODE_HOLDS_ARRAY (node))
    add_items (list, json_node_get_array (node));
  else
    g_ptr_array_add (list, node);
  return list;
}

/* A time as ISO 8601 in the store's form, or NULL where it is not one */
static char *
normalise_time (const char *text)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) time = NULL;

  if (is_empty (text))
    return NULL;
  utc = g_time_zone_new_utc ();
  time = g_date_time_new_from_iso8601 (text, utc);
  if (time == NULL)
    return NULL;
  return fm_time_to_iso (time);
}

/* A person: "name", or {"name": …}, or the first of an array */
static const char *
person_name (JsonNode *node)
{
  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      return json_array_get_length (array) > 0 ? person_name (json_array_get_element (array, 0))
                                               : NULL;
    }
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonNode *name = json_object_get_member (json_node_get_object (node), "name");

      if (name == NULL)
        name = json_object_get_member (json_node_get_object (node), "nickname");
      return is_string (name) ? json_node_get_string (name) : NULL;
    }
  return NULL;
}

/* "urn:uuid:…" → the UUID, lower case; NULL for any other id */
static char *
uuid_from_urn (const char *id)
{
  g_autofree char *lower = NULL;

  if (id == NULL || !g_str_has_prefix (id, "urn:uuid:"))
    return NULL;
  lower = g_ascii_strdown (id + strlen ("urn:uuid:"), -1);
  if (!g_uuid_string_is_valid (lower))
    return NULL;
  return g_steal_pointer (&lower);
}

static gboolean
has_purpose (JsonObject *object,
             const char *purpose)
{
  JsonNode *node = json_object_get_member (object, "purpose");

  if (node == NULL)
    return FALSE;
  if (is_string (node))
    return g_strcmp0 (json_node_get_string (node), purpose) == 0;
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (is_string (element) && g_strcmp0 (json_node_get_string (element), purpose) == 0)
            return TRUE;
        }
    }
  return FALSE;
}

/* A verdict from its id or its label (as another tool might write it) */
static gboolean
verdict_from_text (const char *text,
                   FmVerdict  *verdict)
{
  g_autofree char *folded = NULL;

  if (text == NULL)
    return FALSE;
  folded = g_utf8_casefold (text, -1);
  g_strstrip (folded);
  for (FmVerdict v = 0; v < FM_N_VERDICTS; v++)
    {
      g_autofree char *label = g_utf8_casefold (fm_verdict_label (v), -1);
      g_autofree char *spaced = g_strdup (fm_verdict_to_id (v));

      g_strdelimit (spaced, "-", ' ');
      if (g_str_equal (folded, fm_verdict_to_id (v)) || g_str_equal (folded, label) ||
          g_str_equal (folded, spaced))
        {
          *verdict = v;
          return TRUE;
        }
    }
  return FALSE;
}

static void
append_paragraph (GString    *text,
                  const char *paragraph)
{
  if (is_empty (paragraph))
    return;
  if (text->len > 0)
    g_string_append (text, "\n\n");
  g_string_append (text, paragraph);
}

/* A linking body → a source */
static FmSource *
read_source (JsonObject *body,
             guint       index,
             Problem    *pr)
{
  g_autoptr(FmSource) source = fm_source_new ();
  const char *url = NULL, *id = NULL, *value = NULL;
  JsonNode *node;
  static const struct {
    const char *name;
    void (*set) (FmSource *, const char *);
  } fields[] = {
    { "factmark:title", fm_source_set_title },
    { "factmark:publisher", fm_source_set_publisher },
    { "factmark:author", fm_source_set_author },
    { "factmark:published", fm_source_set_published },
    { "factmark:accessed", fm_source_set_accessed },
    { "factmark:archiveUrl", fm_source_set_archive_url },
    { "factmark:note", fm_source_set_note },
    { "factmark:createdBy", fm_source_set_created_by },
  };

  /* A SpecificResource links to its "source"; an external resource is
   * its own "id" */
  node = json_object_get_member (body, "source");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonNode *inner = json_object_get_member (json_node_get_object (node), "id");

      if (!is_string (inner))
        {
          problem (pr, _("source %u has no web address"), index);
          return NULL;
        }
      url = json_node_get_string (inner);
    }
  else if (!get_string (body, "source", pr, &url))
    return NULL;
  if (!get_string (body, "id", pr, &id))
    return NULL;
  if (url == NULL)
    {
      url = id;
      id = NULL;
    }
  if (url == NULL)
    {
      problem (pr, _("source %u has no web address"), index);
      return NULL;
    }
  if (!fm_url_is_web (url))
    {
      g_autofree char *shown = short_quote (url);

      problem (pr, _("source %u (“%s”) is not a web address starting with http:// or "
                     "https://"), index, shown);
      return NULL;
    }
  fm_source_set_url (source, url);
  {
    g_autofree char *uuid = uuid_from_urn (id);

    if (uuid != NULL)
      fm_source_set_id (source, uuid);
  }

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      if (!get_string (body, fields[i].name, pr, &value))
        return NULL;
      if (value != NULL)
        fields[i].set (source, value);
    }
  if (!get_string (body, "factmark:createdAt", pr, &value))
    return NULL;
  {
    g_autofree char *created = normalise_time (value);

    if (created != NULL)
      fm_source_set_created_at (source, created);
  }
  if (!get_string (body, "factmark:stance", pr, &value))
    return NULL;
  if (value != NULL)
    {
      FmStance stance;

      if (!fm_stance_from_id (value, &stance))
        {
          problem (pr, _("source %u has an unknown stance “%s”"), index, value);
          return NULL;
        }
      fm_source_set_stance (source, stance);
    }
  if (!get_string (body, "factmark:kind", pr, &value))
    return NULL;
  if (value != NULL)
    {
      FmSourceKind kind;

      if (!fm_source_kind_from_id (value, &kind))
        {
          problem (pr, _("source %u has an unknown kind “%s”"), index, value);
          return NULL;
        }
      fm_source_set_kind (source, kind);
    }
  /* Without a title of its own, a textual title ("title", as some tools
   * write it) is better than nothing */
  if (is_empty (fm_source_get_title (source)))
    {
      if (!get_string (body, "title", pr, &value))
        return NULL;
      if (value != NULL)
        fm_source_set_title (source, value);
    }
  return g_steal_pointer (&source);
}

/* The bodies → summary, verdict, explanation, tags and sources */
static gboolean
read_bodies (JsonObject *annotation,
             FmClaim    *claim,
             GPtrArray  *sources,
             Problem    *pr)
{
  g_autoptr(GPtrArray) bodies = get_list (annotation, "body");
  g_autoptr(GPtrArray) tags = g_ptr_array_new ();
  g_autoptr(GString) summary = g_string_new (NULL);
  g_autoptr(GString) explanation = g_string_new (NULL);
  gboolean verdict_given = FALSE;
  JsonNode *value_node;

  /* "bodyValue": one plain text body */
  value_node = json_object_get_member (annotation, "bodyValue");
  if (value_node != NULL)
    {
      if (!is_string (value_node))
        return problem (pr, _("“%s” should be text"), "bodyValue");
      append_paragraph (explanation, json_node_get_string (value_node));
    }

  for (guint i = 0; i < bodies->len; i++)
    {
      JsonNode *node = g_ptr_array_index (bodies, i);
      JsonObject *body;
      const char *value = NULL;

      if (is_string (node))
        {
          /* A body that is only an IRI: a web page is a linked source */
          const char *iri = json_node_get_string (node);

          if (fm_url_is_web (iri))
            {
              FmSource *source = fm_source_new ();

              fm_source_set_url (source, iri);
              g_ptr_array_add (sources, source);
            }
          continue;
        }
      if (!JSON_NODE_HOLDS_OBJECT (node))
        return problem (pr, _("body %u should be a JSON object"), i + 1);
      body = json_node_get_object (node);

      /* Anything but text is a resource the claim links to: a source */
      if (!has_type (body, "TextualBody") && !json_object_has_member (body, "value"))
        {
          FmSource *source = read_source (body, sources->len + 1, pr);

          if (source == NULL)
            return FALSE;
          g_ptr_array_add (sources, source);
          continue;
        }

      if (!get_string (body, "value", pr, &value))
        return FALSE;
      if (has_purpose (body, "linking") && fm_url_is_web (value))
        {
          FmSource *source = fm_source_new ();

          fm_source_set_url (source, value);
          g_ptr_array_add (sources, source);
          continue;
        }
      if (has_purpose (body, "assessing"))
        {
          const char *id = NULL;
          FmVerdict verdict;

          if (!get_string (body, "factmark:verdict", pr, &id))
            return FALSE;
          if (id != NULL)
            {
              if (!fm_verdict_from_id (id, &verdict))
                return problem (pr, _("unknown verdict “%s”"), id);
            }
          else if (!verdict_from_text (value, &verdict))
            {
              /* Another tool's rating: kept, in words, with the explanation */
              if (!is_empty (value))
                {
                  g_autofree char *line = g_strdup_printf (_("Assessment: %s"), value);
                  append_paragraph (explanation, line);
                }
              continue;
            }
          if (verdict_given && verdict != fm_claim_get_verdict (claim))
            return problem (pr, _("it gives two different verdicts"));
          fm_claim_set_verdict (claim, verdict);
          verdict_given = TRUE;
        }
      else if (has_purpose (body, "describing"))
        append_paragraph (summary, value);
      else if (has_purpose (body, "tagging"))
        {
          if (!is_empty (value))
            g_ptr_array_add (tags, (gpointer)value);
        }
      else
        append_paragraph (explanation, value);
    }

  g_ptr_array_add (tags, NULL);
  fm_claim_set_summary (claim, summary->str);
  fm_claim_set_explanation (claim, explanation->str);
  fm_claim_set_tags (claim, (const char * const *)tags->pdata);
  return TRUE;
}

/* The selectors of the first target that has any */
/* factmark:anchor and factmark:anchorConfidence: placed (the default),
 * to-confirm (with how sure the placing was) or unplaced */
static gboolean
read_anchor (JsonObject     *annotation,
             Problem        *pr,
             FmAnchorState  *state,
             double         *confidence)
{
  const char *term = NULL;
  JsonNode *node;

  *state = FM_ANCHOR_STATE_PLACED;
  *confidence = 1.0;
  if (!get_string (annotation, "factmark:anchor", pr, &term))
    return FALSE;
  if (term == NULL)
    return TRUE;
  for (guint i = 0; i < FM_N_ANCHOR_STATES; i++)
    if (g_str_equal (term, anchor_terms[i]))
      *state = i;
  if (!g_str_equal (term, anchor_terms[*state]))
    return problem (pr, _("unknown anchor state “%s”"), term);
  if (*state == FM_ANCHOR_STATE_ORPHAN)
    *confidence = 0.0;
  if (*state != FM_ANCHOR_STATE_FLAGGED)
    return TRUE;

  /* A place to confirm without a confidence: as doubtful as can be */
  *confidence = 0.0;
  node = json_object_get_member (annotation, "factmark:anchorConfidence");
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_DOUBLE &&
       json_node_get_value_type (node) != G_TYPE_INT64))
    return problem (pr, _("“%s” should be a number from 0 to 1"), "factmark:anchorConfidence");
  *confidence = json_node_get_double (node);
  if (!(*confidence >= 0.0 && *confidence <= 1.0))
    return problem (pr, _("“%s” should be a number from 0 to 1"), "factmark:anchorConfidence");
  return TRUE;
}

static gboolean
read_target (JsonObject  *annotation,
             Problem     *pr,
             const char **exact,
             const char **prefix,
             const char **suffix,
             gint64      *start,
             gint64      *end)
{
  g_autoptr(GPtrArray) targets = get_list (annotation, "target");

  *exact = *prefix = *suffix = NULL;
  *start = *end = -1;
  if (targets->len == 0)
    return problem (pr, _("it has no target"));

  for (guint t = 0; t < targets->len; t++)
    {
      JsonNode *node = g_ptr_array_index (targets, t);
      g_autoptr(GPtrArray) selectors = NULL;
      gboolean any = FALSE;

      if (is_string (node))
        continue;
      if (!JSON_NODE_HOLDS_OBJECT (node))
        return problem (pr, _("its target should be a JSON object"));
      selectors = get_list (json_node_get_object (node), "selector");
      for (guint s = 0; s < selectors->len; s++)
        {
          JsonNode *selector_node = g_ptr_array_index (selectors, s);
          JsonObject *selector;

          if (!JSON_NODE_HOLDS_OBJECT (selector_node))
            {
              if (is_string (selector_node))
                continue;
              return problem (pr, _("a selector should be a JSON object"));
            }
          selector = json_node_get_object (selector_node);
          if (has_type (selector, "TextQuoteSelector"))
            {
              if (!get_string (selector, "exact", pr, exact) ||
                  !get_string (selector, "prefix", pr, prefix) ||
                  !get_string (selector, "suffix", pr, suffix))
                return FALSE;
              any = TRUE;
            }
          else if (has_type (selector, "TextPositionSelector"))
            {
              if (!get_position (selector, "start", pr, start) ||
                  !get_position (selector, "end", pr, end))
                return FALSE;
              if (*start < 0 || *end < 0)
                return problem (pr, _("its TextPositionSelector needs both “start” and “end”"));
              any = TRUE;
            }
          /* Other selectors (XPath, CSS, ranges) describe pages, not our text */
        }
      if (any)
        return TRUE;
    }
  return problem (pr, _("it has no TextQuoteSelector or TextPositionSelector to place it in "
                        "the text"));
}

/* One annotation → a claim placed in the text, with its sources */
static FmClaim *
read_annotation (JsonNode    *node,
                 const Text  *text,
                 FmArticle   *article,
                 GPtrArray  **sources_out,
                 Problem     *pr)
{
  g_autoptr(FmClaim) claim = fm_claim_new ();
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *nfc = NULL;
  g_autofree char *quote = NULL;
  g_autofree char *prefix_text = NULL;
  g_autofree char *suffix_text = NULL;
  JsonObject *object;
  const char *id = NULL, *exact = NULL, *prefix = NULL, *suffix = NULL, *value = NULL;
  gint64 start, end;
  guint at = 0, at_end = 0;
  gboolean placed = FALSE;
  FmAnchorState anchor_state;
  double confidence;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      problem (pr, _("it should be a JSON object"));
      return NULL;
    }
  object = json_node_get_object (node);
  if (!get_string (object, "id", pr, &id))
    return NULL;
  pr->id = g_strdup (id);

  if (!read_target (object, pr, &exact, &prefix, &suffix, &start, &end) ||
      !read_anchor (object, pr, &anchor_state, &confidence))
    return NULL;
  if (exact != NULL && *exact != '\0')
    nfc = g_utf8_normalize (exact, -1, G_NORMALIZE_NFC);

  /* An unplaced claim is kept with its old quote, which is not in the text:
   * its span only has to stay inside the text, as the store keeps it */
  if (anchor_state == FM_ANCHOR_STATE_ORPHAN)
    {
      if (nfc == NULL)
        {
          problem (pr, _("it is marked unplaced but has no quote (TextQuoteSelector)"));
          return NULL;
        }
      if (text->length == 0)
        {
          problem (pr, _("the article has no text to keep it in"));
          return NULL;
        }
      if (start >= 0 && end > start && end <= text->length)
        {
          at = start;
          at_end = end;
        }
      else
        {
          at = 0;
          at_end = 1;
        }
      quote = g_strdup (nfc);
      prefix_text = prefix ? g_utf8_normalize (prefix, -1, G_NORMALIZE_NFC) : g_strdup ("");
      suffix_text = suffix ? g_utf8_normalize (suffix, -1, G_NORMALIZE_NFC) : g_strdup ("");
      placed = TRUE;
    }

  /* The position, where the text there is the quote (or there is no quote) */
  if (!placed && start >= 0 && end > start && end <= text->length)
    {
      g_autofree char *there = text_span (text, start, end);

      if (nfc == NULL || g_str_equal (there, nfc))
        {
          at = start;
          at_end = end;
          placed = TRUE;
        }
    }
  /* Else the quote, wherever it is */
  if (!placed && nfc != NULL)
    {
      g_autofree char *nfc_prefix = prefix ? g_utf8_normalize (prefix, -1, G_NORMALIZE_NFC) : NULL;
      g_autofree char *nfc_suffix = suffix ? g_utf8_normalize (suffix, -1, G_NORMALIZE_NFC) : NULL;

      if (find_quote (text, nfc, nfc_prefix, nfc_suffix, start, &at))
        {
          at_end = at + g_utf8_strlen (nfc, -1);
          placed = TRUE;
        }
      else
        {
          g_autofree char *shown = short_quote (nfc);

          problem (pr, _("the quote “%s” is not in the article’s text"), shown);
          return NULL;
        }
    }
  if (!placed)
    {
      g_autofree char *from = g_strdup_printf ("%" G_GINT64_FORMAT, start);
      g_autofree char *to = g_strdup_printf ("%" G_GINT64_FORMAT, end);

      /* Translators: the two %s are numbers, character positions in a text */
      if (start >= 0 && end <= start)
        problem (pr, _("its positions %s–%s are not a span of text"), from, to);
      else
        problem (pr, _("its positions %s–%s are outside the article’s text (%u characters) and "
                       "it has no quote"), from, to, text->length);
      return NULL;
    }

  if (quote == NULL)
    {
      quote = text_span (text, at, at_end);
      prefix_text = text_span (text, at > FM_CLAIM_CONTEXT_CHARS ? at - FM_CLAIM_CONTEXT_CHARS : 0,
                               at);
      suffix_text = text_span (text, at_end, MIN (text->length, at_end + FM_CLAIM_CONTEXT_CHARS));
    }
  fm_claim_set_article_id (claim, fm_article_get_id (article));
  fm_claim_set_span (claim, at, at_end);
  fm_claim_set_selector (claim, quote, prefix_text, suffix_text);
  fm_claim_set_anchor (claim, anchor_state, confidence);

  {
    g_autofree char *uuid = uuid_from_urn (id);

    if (uuid != NULL)
      fm_claim_set_id (claim, uuid);
  }

  if (!read_bodies (object, claim, sources, pr))
    return NULL;

  /* Who and when */
  {
    g_autofree char *created = NULL;
    g_autofree char *modified = NULL;
    const char *creator = person_name (json_object_get_member (object, "creator"));
    const char *created_text = NULL, *modified_text = NULL, *updated_by = NULL;

    if (!get_string (object, "created", pr, &created_text) ||
        !get_string (object, "modified", pr, &modified_text) ||
        !get_string (object, "factmark:updatedBy", pr, &updated_by))
      return NULL;
    created = normalise_time (created_text);
    modified = normalise_time (modified_text);
    if (created != NULL || creator != NULL)
      fm_claim_set_created (claim, creator ? creator : fm_default_actor (),
                            created ? created : modified);
    if (modified != NULL || updated_by != NULL)
      fm_claim_set_updated (claim, updated_by ? updated_by : creator,
                            modified ? modified : created);
    /* Let the store fill in what is missing (now, and who imports) */
    if (fm_claim_get_created_at (claim) == NULL)
      fm_claim_set_created (claim, NULL, NULL);
    if (fm_claim_get_updated_at (claim) == NULL || fm_claim_get_updated_by (claim) == NULL)
      fm_claim_set_updated (claim, NULL, NULL);
  }

  /* What the W3C vocabulary has no word for */
  if (!get_string (object, "factmark:status", pr, &value))
    return NULL;
  if (value != NULL)
    {
      FmStatus status;

      if (!fm_status_from_id (value, &status))
        {
          problem (pr, _("unknown status “%s”"), value);
          return NULL;
        }
      fm_claim_set_status (claim, status);
    }
  if (!get_string (object, "factmark:assignee", pr, &value))
    return NULL;
  fm_claim_set_assignee (claim, value ? value : "");
  if (!get_string (object, "factmark:reviewComment", pr, &value))
    return NULL;
  fm_claim_set_review_comment (claim, value ? value : "");
  {
    const char *by = NULL, *when = NULL;
    g_autofree char *reviewed_at = NULL;

    if (!get_string (object, "factmark:reviewedBy", pr, &by) ||
        !get_string (object, "factmark:reviewedAt", pr, &when))
      return NULL;
    reviewed_at = normalise_time (when);
    if (by != NULL || reviewed_at != NULL)
      fm_claim_set_reviewed (claim, by, reviewed_at);
  }

  *sources_out = g_steal_pointer (&sources);
  return g_steal_pointer (&claim);
}

FmReportData *
fm_export_read_annotations (GBytes      *contents,
                            FmArticle   *article,
                            GPtrArray  **problems,
                            GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GHashTable) ids = NULL;
  g_autoptr(FmReportData) data = NULL;
  g_autoptr(GError) local_error = NULL;
  Text text = { 0 };
  const char *bytes;
  gsize len;

  g_return_val_if_fail (contents != NULL, NULL);
  g_return_val_if_fail (FM_IS_ARTICLE (article), NULL);
  g_return_val_if_fail (problems != NULL, NULL);

  bytes = g_bytes_get_data (contents, &len);
  if (len > FM_ANNOTATIONS_MAX_BYTES)
    {
      g_autofree char *size = g_format_size (len);
      g_autofree char *limit = g_format_size (FM_ANNOTATIONS_MAX_BYTES);

      g_set_error (error, FM_EXPORT_ERROR, FM_EXPORT_ERROR_INVALID,
                   _("The file is too large for an annotation file (%s; the limit is %s)"),
                   size, limit);
      return NULL;
    }
  if (len == 0 || bytes == NULL)
    {
      g_set_error (error, FM_EXPORT_ERROR, FM_EXPORT_ERROR_INVALID, _("The file is empty"));
      return NULL;
    }
  if (memchr (bytes, '\0', len) != NULL || !g_utf8_validate (bytes, len, NULL))
    {
      g_set_error (error, FM_EXPORT_ERROR, FM_EXPORT_ERROR_INVALID,
                   _("This is not a JSON file: it is not UTF-8 text"));
      return NULL;
    }
  {
    guint line;
    /* Nesting deeper than any annotation needs is refused before
     * json-glib's recursive parser could exhaust the stack */
    FmJsonFlaw flaw = fm_json_check (bytes, len, FM_ANNOTATIONS_MAX_DEPTH, &line);

    if (flaw == FM_JSON_TOO_DEEP)
      {
        g_set_error (error, FM_EXPORT_ERROR, FM_EXPORT_ERROR_INVALID,
                     _("The JSON is nested more than %d levels deep, far deeper than any "
                       "annotation"), FM_ANNOTATIONS_MAX_DEPTH);
        return NULL;
      }
    if (flaw != FM_JSON_OK)
      {
        g_autofree char *reason = NULL;

        if (flaw == FM_JSON_BROKEN_SURROGATE)
          /* Translators: what is wrong in a JSON file, after "This is not valid JSON: " */
          reason = g_strdup_printf (_("line %u: a \\u escape holds only half of a character"),
                                    line);
        else
          /* Translators: what is wrong in a JSON file, after "This is not valid JSON: " */
          reason = g_strdup_printf (_("line %u: more follows the end of the JSON value"), line);
        g_set_error (error, FM_EXPORT_ERROR, FM_EXPORT_ERROR_INVALID,
                     _("This is not valid JSON: %s"), reason);
        return NULL;
      }
  }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, bytes, len, &local_error))
    {
      /* json-glib quotes the string it stopped at, decoded: a lone
       * surrogate escape (\udcc9) comes out as bytes that are not UTF-8,
       * which a message in the window must not hold */
      g_autofree char *reason = g_utf8_make_valid (local_error->message, -1);

      g_set_error (error, FM_EXPORT_ERROR, FM_EXPORT_ERROR_INVALID,
                   _("This is not valid JSON: %s"), reason);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, FM_EXPORT_ERROR, FM_EXPORT_ERROR_INVALID, _("The file is empty"));
      return NULL;
    }
  items = find_annotations (json_parser_get_root (parser), error);
  if (items == NULL)
    return NULL;

  text_init (&text, article);
  data = fm_report_data_new (article);
  found = g_ptr_array_new_with_free_func (g_free);
  ids = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < items->len; i++)
    {
      Problem pr = { i + 1, NULL, NULL };
      g_autoptr(GPtrArray) sources = NULL;
      g_autoptr(FmClaim) claim = read_annotation (g_ptr_array_index (items, i), &text, article,
                                                  &sources, &pr);

      if (claim != NULL && fm_claim_get_id (claim) != NULL)
        {
          if (g_hash_table_contains (ids, fm_claim_get_id (claim)))
            {
              problem (&pr, _("its id appears twice in the file"));
              g_clear_object (&claim);
            }
          else
            g_hash_table_add (ids, (gpointer)fm_claim_get_id (claim));
        }
      if (claim != NULL)
        fm_report_data_add_claim (data, claim, sources);
      else
        g_ptr_array_add (found, problem_text (&pr));
      g_free (pr.id);
      g_free (pr.message);
    }
  text_clear (&text);

  *problems = g_steal_pointer (&found);
  return g_steal_pointer (&data);
}

GPtrArray *
fm_export_import_annotations (FmStore                  *store,
                              const char               *article_id,
                              GBytes                   *contents,
                              FmImportAnnotationsFlags  flags,
                              GPtrArray               **notes,
                              GError                  **error)
{
  g_autoptr(FmArticle) article = NULL;
  g_autoptr(FmReportData) data = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GPtrArray) said = NULL;
  guint n;

  g_return_val_if_fail (FM_IS_STORE (store), NULL);
  g_return_val_if_fail (article_id != NULL, NULL);
  g_return_val_if_fail (contents != NULL, NULL);

  if (fm_store_is_read_only (store))
    {
      g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_READ_ONLY,
                   _("The workspace is open read-only: changes are disabled"));
      return NULL;
    }
  article = fm_store_get_article (store, article_id, error);
  if (article == NULL)
    return NULL;
  data = fm_export_read_annotations (contents, article, &problems, error);
  if (data == NULL)
    return NULL;

  n = fm_report_data_get_n_claims (data);
  if (problems->len > 0 && !(flags & FM_IMPORT_ANNOTATIONS_SKIP_UNPLACED))
    {
      g_autoptr(GString) message = g_string_new (NULL);
      /* Translators: how many annotations of how many; the plural follows the
       * second number (the annotations in the file) */
      g_autofree char *how_many = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                "%u of %u annotation",
                                                                "%u of %u annotations",
                                                                problems->len + n),
                                                   problems->len, problems->len + n);

      /* Translators: %s is "%u of %u annotations"; the plural follows the
       * first of its numbers, the annotations that could not be placed */
      g_string_append_printf (message,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%s could not be placed in the article, so nothing "
                                           "was imported:",
                                           "%s could not be placed in the article, so nothing "
                                           "was imported:",
                                           problems->len),
                              how_many);
      for (guint i = 0; i < MIN (problems->len, MAX_LISTED_PROBLEMS); i++)
        g_string_append_printf (message, "\n  %s", (const char *)g_ptr_array_index (problems, i));
      if (problems->len > MAX_LISTED_PROBLEMS)
        {
          guint rest = problems->len - MAX_LISTED_PROBLEMS;

          g_string_append (message, "\n  ");
          g_string_append_printf (message,
                                  g_dngettext (GETTEXT_PACKAGE, "…and %u more", "…and %u more",
                                               rest),
                                  rest);
        }
      g_set_error_literal (error, FM_EXPORT_ERROR, FM_EXPORT_ERROR_UNPLACED, message->str);
      return NULL;
    }

  said = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < problems->len; i++)
    g_ptr_array_add (said, g_strdup (g_ptr_array_index (problems, i)));

  /* Unplaced claims are kept, and said */
  for (guint i = 0; i < n; i++)
    {
      FmClaim *claim = fm_report_data_get_claim (data, i);

      if (fm_claim_get_anchor_state (claim) == FM_ANCHOR_STATE_ORPHAN)
        {
          g_autofree char *shown = short_quote (fm_claim_get_quote (claim));

          g_ptr_array_add (said, g_strdup_printf (_("The claim “%s” came in unplaced: its words "
                                                    "are not in the article’s text"), shown));
        }
    }

  /* Approval records who approved and when: an approval that does not
   * say so is a claim that waits for an editor here */
  {
    guint n_unsigned = 0;

    for (guint i = 0; i < n; i++)
      {
        FmClaim *claim = fm_report_data_get_claim (data, i);

        if (fm_claim_get_status (claim) == FM_STATUS_APPROVED &&
            (is_empty (fm_claim_get_reviewed_by (claim)) ||
             is_empty (fm_claim_get_reviewed_at (claim))))
          {
            fm_claim_set_status (claim, FM_STATUS_NEEDS_REVIEW);
            fm_claim_set_reviewed (claim, NULL, NULL);
            n_unsigned++;
          }
      }
    if (n_unsigned > 0)
      /* Translators: %u is a number of annotations marked approved that do not
       * say who approved them or when; %s is a status, “Needs review” */
      g_ptr_array_add (said, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "%u approval without a reviewer "
                                                           "and time came in as “%s”",
                                                           "%u approvals without a reviewer "
                                                           "and time came in as “%s”",
                                                           n_unsigned),
                                              n_unsigned,
                                              fm_status_label (FM_STATUS_NEEDS_REVIEW)));
  }

  claims = g_ptr_array_new_with_free_func (g_object_unref);
  sources = g_ptr_array_new ();
  for (guint i = 0; i < n; i++)
    {
      FmClaim *claim = fm_report_data_get_claim (data, i);
      GPtrArray *claim_sources = fm_report_data_get_sources (data, i);
      const char *id = fm_claim_get_id (claim);

      if (id != NULL)
        {
          g_autoptr(FmClaim) existing = fm_store_get_claim (store, id, NULL);

          if (existing != NULL &&
              g_strcmp0 (fm_claim_get_article_id (existing), article_id) == 0)
            {
              g_autofree char *shown = short_quote (fm_claim_get_quote (claim));

              g_ptr_array_add (said, g_strdup_printf (_("The claim “%s” (urn:uuid:%s) is "
                                                        "already in the workspace: left as it "
                                                        "is"), shown, id));
              continue;
            }
          if (existing != NULL)
            {
              /* The same annotation on another article: a claim of its
               * own here, with new ids */
              fm_claim_set_id (claim, NULL);
              for (guint k = 0; k < claim_sources->len; k++)
                fm_source_set_id (g_ptr_array_index (claim_sources, k), NULL);
            }
        }
      fm_claim_set_article_id (claim, article_id);
      g_ptr_array_add (claims, g_object_ref (claim));
      g_ptr_array_add (sources, claim_sources);
    }

  if (claims->len > 0)
    {
      g_autoptr(GPtrArray) stored = fm_store_import_claims (store, claims, sources, error);

      if (stored == NULL)
        return NULL;
      g_ptr_array_unref (claims);
      claims = g_steal_pointer (&stored);
    }
  if (notes != NULL)
    *notes = g_steal_pointer (&said);
  return g_steal_pointer (&claims);
}
