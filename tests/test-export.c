/* test-export.c — CSV, W3C Web Annotations out and back in, and writing
 * files whole or not at all */
#include "config.h"

#include <errno.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "fm-export.h"
#include "fm-report-fixtures.h"
#include "fm-store.h"
#include "fm-test.h"
#include "fm-test-store.h"

typedef struct
{
  char     *dir;
  FmStore  *store;
  char     *article_id;
} Fixture;

static FmStore *
open_store (const char *dir,
            const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  FmStore *store = fm_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  user_data)
{
  f->dir = fm_test_tmpdir ();
  f->store = open_store (f->dir, "workspace.db");
  f->article_id = fm_fixture_realistic (f->store);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  user_data)
{
  g_clear_object (&f->store);
  g_clear_pointer (&f->article_id, g_free);
  fm_test_rmtree (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

static guint
n_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* CSV */

/* An RFC 4180 reader: rows of cells */
static GPtrArray *
parse_csv (const char *text,
           gsize       len)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  g_autoptr(GPtrArray) row = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) cell = g_string_new (NULL);
  const char *p = text, *end = text + len;

  g_assert_true (len >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0);
  p += 3;
  while (p < end)
    {
      g_assert_cmpint (*p, ==, '"');
      p++;
      for (;;)
        {
          g_assert_true (p < end);
          if (*p == '"' && p + 1 < end && p[1] == '"')
            {
              g_string_append_c (cell, '"');
              p += 2;
            }
          else if (*p == '"')
            {
              p++;
              break;
            }
          else
            g_string_append_c (cell, *p++);
        }
      g_ptr_array_add (row, fm_export_csv_cell_value (cell->str));
      g_string_truncate (cell, 0);
      if (*p == ',')
        p++;
      else
        {
          g_assert_true (p + 1 < end + 1 && p[0] == '\r' && p[1] == '\n');
          p += 2;
          g_ptr_array_add (row, NULL);
          g_ptr_array_add (rows, g_ptr_array_steal (row, NULL));
        }
    }
  return rows;
}

static void
assert_csv_row (char         **row,
                FmArticle     *article,
                FmClaim       *claim,
                GPtrArray     *sources,
                guint          number)
{
  g_autofree char *n = g_strdup_printf ("%u", number);
  g_autofree char *tags = g_strjoinv (", ", (char **)fm_claim_get_tags (claim));
  g_autoptr(GString) urls = g_string_new (NULL);

  for (guint k = 0; k < sources->len; k++)
    g_string_append_printf (urls, "%s%s", k ? "\n" : "", fm_source_get_url (g_ptr_array_index (sources, k)));

  g_assert_cmpuint (g_strv_length (row), ==, 13);
  g_assert_cmpstr (row[0], ==, fm_article_get_id (article));
  g_assert_cmpstr (row[1], ==, fm_article_get_title (article));
  g_assert_cmpstr (row[2], ==, n);
  g_assert_cmpstr (row[3], ==, fm_claim_get_id (claim));
  g_assert_cmpstr (row[4], ==, fm_claim_get_quote (claim));
  g_assert_cmpstr (row[5], ==, fm_claim_get_summary (claim));
  g_assert_cmpstr (row[6], ==, fm_verdict_to_id (fm_claim_get_verdict (claim)));
  g_assert_cmpstr (row[7], ==, fm_status_to_id (fm_claim_get_status (claim)));
  g_assert_cmpstr (row[8], ==, fm_claim_get_assignee (claim));
  g_assert_cmpstr (row[9], ==, fm_claim_get_explanation (claim));
  g_assert_cmpstr (row[10], ==, urls->str);
  g_assert_cmpstr (row[11], ==, tags);
  g_assert_cmpstr (row[12], ==, fm_claim_get_updated_at (claim));
}

static void
test_csv (Fixture       *f,
          gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FmReportData) data = fm_export_collect (f->store, f->article_id, &error);
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  char **header;

  g_assert_no_error (error);
  csv = fm_export_build (data, FM_EXPORT_FORMAT_CSV, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  rows = parse_csv (g_bytes_get_data (csv, NULL), g_bytes_get_size (csv));

  header = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (header[0], ==, "Article ID");
  g_assert_cmpstr (header[6], ==, "Verdict");
  g_assert_cmpuint (rows->len, ==, 1 + fm_report_data_get_n_claims (data));
  for (guint i = 0; i < fm_report_data_get_n_claims (data); i++)
    assert_csv_row (g_ptr_array_index (rows, i + 1), fm_report_data_get_article (data),
                    fm_report_data_get_claim (data, i), fm_report_data_get_sources (data, i), i + 1);
}

/* Cells that a spreadsheet would run, and every character CSV must quote */
static void
test_csv_hostile (void)
{
  g_autoptr(FmArticle) article = fm_article_new ();
  g_autoptr(FmReportData) data = NULL;
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  const char *raw;
  const char *values[][3] = {
    /* summary, explanation, assignee */
    { "=HYPERLINK(\"https://evil.example\",\"Click\")", "+SUM(A1:A9)", "@admin" },
    { "-5 percent, \"quoted\"", "line one\r\nline two\nline three", "\tTabbed" },
    { "'=already guarded", "'plain apostrophe", "\rreturn" },
    { "ordinary", "emoji " FM_HOSTILE_EMOJI " and " FM_HOSTILE_RTL, "" },
  };

  fm_article_set_id (article, "c2d1a1a4-2f3b-4a4c-9d6e-8b7a6c5d4e3f");
  fm_article_set_title (article, "=1+1, \"a title\"");
  fm_article_set_text (article, "0123456789");
  data = fm_report_data_new (article);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(FmClaim) claim = fm_claim_new ();
      g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (g_object_unref);
      g_autofree char *id = g_strdup_printf ("c2d1a1a4-2f3b-4a4c-9d6e-%012u", i);
      const char *tags[] = { "-minus", "=equals", NULL };
      FmSource *source = fm_source_new ();

      fm_claim_set_id (claim, id);
      fm_claim_set_span (claim, i, i + 2);
      fm_claim_set_selector (claim, values[i][0], "", "");
      fm_claim_set_summary (claim, values[i][0]);
      fm_claim_set_explanation (claim, values[i][1]);
      fm_claim_set_assignee (claim, values[i][2]);
      fm_claim_set_tags (claim, tags);
      fm_claim_set_updated (claim, "x", "2026-03-01T00:00:00.000000Z");
      fm_source_set_url (source, "https://example.com/a,b\"c");
      g_ptr_array_add (sources, source);
      fm_report_data_add_claim (data, claim, sources);
    }

  csv = fm_export_build (data, FM_EXPORT_FORMAT_CSV, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  raw = g_bytes_get_data (csv, NULL);
  /* Guarded: no cell starts with a formula character */
  g_assert_nonnull (strstr (raw, "\"'=HYPERLINK("));
  g_assert_nonnull (strstr (raw, "\"'+SUM("));
  g_assert_nonnull (strstr (raw, "\"'@admin\""));
  g_assert_nonnull (strstr (raw, "\"'-5 percent"));
  g_assert_nonnull (strstr (raw, "\"''=already guarded\""));
  g_assert_null (strstr (raw, ",\"="));
  g_assert_null (strstr (raw, ",\"+"));
  g_assert_null (strstr (raw, ",\"-"));
  g_assert_null (strstr (raw, ",\"@"));

  /* And read back, the same values */
  rows = parse_csv (raw, g_bytes_get_size (csv));
  g_assert_cmpuint (rows->len, ==, 1 + G_N_ELEMENTS (values));
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    assert_csv_row (g_ptr_array_index (rows, i + 1), article, fm_report_data_get_claim (data, i),
                    fm_report_data_get_sources (data, i), i + 1);
}

static void
test_csv_workspace (Fixture       *f,
                    gconstpointer  user_data)
{
  g_autoptr(FmArticle) second = fm_article_new ();
  g_autoptr(FmArticle) stored = NULL;
  g_autoptr(FmClaim) claim = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "all.csv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  FmReportOptions options = FM_REPORT_OPTIONS_INIT;
  gsize len;
  guint titles[2] = { 0, 0 };

  fm_article_set_title (second, "A second article");
  fm_article_set_text (second, "Short text with one claim in it.");
  stored = fm_store_add_article (f->store, second, NULL, &error);
  g_assert_no_error (error);
  claim = fm_store_create_claim (f->store, fm_article_get_id (stored), 0, 10, &error);
  g_assert_no_error (error);

  g_assert_true (fm_export_workspace_csv (f->store, path, &options, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  rows = parse_csv (contents, len);
  g_assert_cmpuint (rows->len, ==, 1 + G_N_ELEMENTS (fm_fixture_claims) + 1);
  for (guint i = 1; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);

      titles[g_str_equal (row[1], "A second article") ? 1 : 0]++;
    }
  g_assert_cmpuint (titles[0], ==, G_N_ELEMENTS (fm_fixture_claims));
  g_assert_cmpuint (titles[1], ==, 1);

  /* Approved only */
  options.approved_only = TRUE;
  g_assert_true (fm_export_workspace_csv (f->store, path, &options, &error));
  g_clear_pointer (&contents, g_free);
  g_clear_pointer (&rows, g_ptr_array_unref);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  rows = parse_csv (contents, len);
  g_assert_cmpuint (rows->len, ==, 1 + 7);
  /* No temporary file stays behind */
  {
    g_autoptr(GDir) d = g_dir_open (f->dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (d)) != NULL)
      g_assert_false (g_str_has_prefix (name, ".all.csv"));
  }
}

/* The sources of a whole article in one query are those of each claim */
static void
test_article_sources (Fixture       *f,
                      gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) claims = fm_store_list_claims (f->store, f->article_id, &error);
  g_autoptr(GHashTable) all = fm_store_list_article_sources (f->store, f->article_id, &error);
  guint with_sources = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < claims->len; i++)
    {
      FmClaim *claim = g_ptr_array_index (claims, i);
      g_autoptr(GPtrArray) one = fm_store_list_sources (f->store, fm_claim_get_id (claim), &error);
      GPtrArray *from_all = g_hash_table_lookup (all, fm_claim_get_id (claim));

      g_assert_no_error (error);
      if (one->len == 0)
        {
          g_assert_null (from_all);
          continue;
        }
      with_sources++;
      g_assert_cmpuint (from_all->len, ==, one->len);
      for (guint k = 0; k < one->len; k++)
        /* The same live objects */
        g_assert_true (g_ptr_array_index (one, k) == g_ptr_array_index (from_all, k));
    }
  g_assert_cmpuint (g_hash_table_size (all), ==, with_sources);
  g_assert_cmpuint (with_sources, ==, 6);
}

/* W3C Web Annotations */

static GBytes *
export_w3c (FmStore    *store,
            const char *article_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FmReportData) data = fm_export_collect (store, article_id, &error);
  GBytes *bytes;

  g_assert_no_error (error);
  bytes = fm_export_build (data, FM_EXPORT_FORMAT_W3C, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return bytes;
}

static JsonNode *
parse_json (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                              &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* A copy of the article (its text and metadata) in another workspace */
static char *
copy_article_to (FmStore    *from,
                 const char *article_id,
                 FmStore    *to,
                 const char *prepend)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FmArticle) article = fm_store_get_article (from, article_id, &error);
  g_autoptr(FmArticle) copy = fm_article_new ();
  g_autoptr(FmArticle) stored = NULL;
  g_autofree char *text = g_strconcat (prepend ? prepend : "", fm_article_get_text (article), NULL);

  fm_article_set_title (copy, fm_article_get_title (article));
  fm_article_set_canonical_url (copy, fm_article_get_canonical_url (article));
  fm_article_set_text (copy, text);
  stored = fm_store_add_article (to, copy, NULL, &error);
  g_assert_no_error (error);
  return g_strdup (fm_article_get_id (stored));
}

static void
assert_same_claims (FmStore    *a_store,
                    const char *a_article,
                    FmStore    *b_store,
                    const char *b_article)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) a = fm_store_list_claims (a_store, a_article, &error);
  g_autoptr(GPtrArray) b = fm_store_list_claims (b_store, b_article, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (a->len, ==, b->len);
  /* Unplaced claims sit anywhere in text order: paired by id */
  for (guint i = 0; i < a->len; i++)
    for (guint k = i; k < b->len; k++)
      if (g_strcmp0 (fm_claim_get_id (g_ptr_array_index (a, i)),
                     fm_claim_get_id (g_ptr_array_index (b, k))) == 0)
        {
          gpointer swap = b->pdata[i];

          b->pdata[i] = b->pdata[k];
          b->pdata[k] = swap;
          break;
        }
  for (guint i = 0; i < a->len; i++)
    {
      FmClaim *x = g_ptr_array_index (a, i), *y = g_ptr_array_index (b, i);
      g_autoptr(GPtrArray) xs = fm_store_list_sources (a_store, fm_claim_get_id (x), &error);
      g_autoptr(GPtrArray) ys = fm_store_list_sources (b_store, fm_claim_get_id (y), &error);
      g_autofree char *x_tags = g_strjoinv (",", (char **)fm_claim_get_tags (x));
      g_autofree char *y_tags = g_strjoinv (",", (char **)fm_claim_get_tags (y));

      g_assert_cmpstr (fm_claim_get_id (x), ==, fm_claim_get_id (y));
      g_assert_cmpint (fm_claim_get_anchor_state (x), ==, fm_claim_get_anchor_state (y));
      g_assert_cmpfloat_with_epsilon (fm_claim_get_anchor_confidence (x),
                                      fm_claim_get_anchor_confidence (y), 1e-9);
      /* An unplaced claim's span means nothing: only that it is in the text */
      if (fm_claim_get_anchor_state (x) != FM_ANCHOR_STATE_ORPHAN)
        {
          g_assert_cmpuint (fm_claim_get_start (x), ==, fm_claim_get_start (y));
          g_assert_cmpuint (fm_claim_get_end (x), ==, fm_claim_get_end (y));
        }
      g_assert_cmpstr (fm_claim_get_quote (x), ==, fm_claim_get_quote (y));
      g_assert_cmpstr (fm_claim_get_prefix (x), ==, fm_claim_get_prefix (y));
      g_assert_cmpstr (fm_claim_get_suffix (x), ==, fm_claim_get_suffix (y));
      g_assert_cmpstr (fm_claim_get_summary (x), ==, fm_claim_get_summary (y));
      g_assert_cmpint (fm_claim_get_verdict (x), ==, fm_claim_get_verdict (y));
      g_assert_cmpint (fm_claim_get_status (x), ==, fm_claim_get_status (y));
      g_assert_cmpstr (fm_claim_get_explanation (x), ==, fm_claim_get_explanation (y));
      g_assert_cmpstr (fm_claim_get_assignee (x), ==, fm_claim_get_assignee (y));
      g_assert_cmpstr (x_tags, ==, y_tags);
      g_assert_cmpstr (fm_claim_get_review_comment (x), ==, fm_claim_get_review_comment (y));
      g_assert_cmpstr (fm_claim_get_reviewed_by (x), ==, fm_claim_get_reviewed_by (y));
      g_assert_cmpstr (fm_claim_get_reviewed_at (x), ==, fm_claim_get_reviewed_at (y));
      g_assert_cmpstr (fm_claim_get_created_by (x), ==, fm_claim_get_created_by (y));
      g_assert_cmpstr (fm_claim_get_created_at (x), ==, fm_claim_get_created_at (y));
      g_assert_cmpstr (fm_claim_get_updated_by (x), ==, fm_claim_get_updated_by (y));
      g_assert_cmpstr (fm_claim_get_updated_at (x), ==, fm_claim_get_updated_at (y));
      g_assert_cmpuint (fm_claim_get_n_sources (x), ==, fm_claim_get_n_sources (y));

      g_assert_cmpuint (xs->len, ==, ys->len);
      for (guint k = 0; k < xs->len; k++)
        {
          FmSource *s = g_ptr_array_index (xs, k), *t = g_ptr_array_index (ys, k);

          g_assert_cmpstr (fm_source_get_id (s), ==, fm_source_get_id (t));
          g_assert_cmpstr (fm_source_get_url (s), ==, fm_source_get_url (t));
          g_assert_cmpstr (fm_source_get_title (s), ==, fm_source_get_title (t));
          g_assert_cmpstr (fm_source_get_publisher (s), ==, fm_source_get_publisher (t));
          g_assert_cmpstr (fm_source_get_author (s), ==, fm_source_get_author (t));
          g_assert_cmpstr (fm_source_get_published (s), ==, fm_source_get_published (t));
          g_assert_cmpstr (fm_source_get_accessed (s), ==, fm_source_get_accessed (t));
          g_assert_cmpstr (fm_source_get_archive_url (s), ==, fm_source_get_archive_url (t));
          g_assert_cmpint (fm_source_get_stance (s), ==, fm_source_get_stance (t));
          g_assert_cmpint (fm_source_get_kind (s), ==, fm_source_get_kind (t));
          g_assert_cmpstr (fm_source_get_note (s), ==, fm_source_get_note (t));
          g_assert_cmpint (fm_source_get_position (s), ==, fm_source_get_position (t));
          g_assert_cmpstr (fm_source_get_created_by (s), ==, fm_source_get_created_by (t));
          g_assert_cmpstr (fm_source_get_created_at (s), ==, fm_source_get_created_at (t));
        }
    }
}

static void
test_w3c_round_trip (Fixture       *f,
                     gconstpointer  user_data)
{
  g_autoptr(GBytes) exported = export_w3c (f->store, f->article_id);
  g_autoptr(JsonNode) root = parse_json (exported);
  g_autoptr(FmStore) other = open_store (f->dir, "other.db");
  g_autofree char *other_article = copy_article_to (f->store, f->article_id, other, NULL);
  g_autoptr(GPtrArray) imported = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *collection = json_node_get_object (root);
  JsonObject *first;
  JsonArray *items;

  /* What other tools read: a collection of annotations with selectors */
  g_assert_cmpstr (json_object_get_string_member (collection, "type"), ==, "AnnotationCollection");
  g_assert_cmpint (json_object_get_int_member (collection, "total"), ==, G_N_ELEMENTS (fm_fixture_claims));
  first = json_object_get_object_member (collection, "first");
  items = json_object_get_array_member (first, "items");
  g_assert_cmpuint (json_array_get_length (items), ==, G_N_ELEMENTS (fm_fixture_claims));
  {
    JsonObject *anno = json_array_get_object_element (items, 0);
    JsonObject *target = json_object_get_object_member (anno, "target");
    JsonArray *selectors = json_object_get_array_member (target, "selector");
    JsonObject *quote = json_array_get_object_element (selectors, 0);
    JsonObject *position = json_array_get_object_element (selectors, 1);

    g_assert_cmpstr (json_object_get_string_member (anno, "type"), ==, "Annotation");
    g_assert_cmpstr (json_object_get_string_member (anno, "motivation"), ==, "assessing");
    g_assert_true (g_str_has_prefix (json_object_get_string_member (anno, "id"), "urn:uuid:"));
    g_assert_cmpstr (json_object_get_string_member (target, "source"), ==,
                     "https://northbank-courier.example/2026/03/12/harbour-bridge-tolls");
    g_assert_cmpstr (json_object_get_string_member (quote, "type"), ==, "TextQuoteSelector");
    g_assert_cmpstr (json_object_get_string_member (quote, "exact"), ==, fm_fixture_claims[0].quote);
    g_assert_cmpstr (json_object_get_string_member (position, "type"), ==, "TextPositionSelector");
    g_assert_cmpint (json_object_get_int_member (position, "end") -
                     json_object_get_int_member (position, "start"), ==,
                     g_utf8_strlen (fm_fixture_claims[0].quote, -1));
  }

  /* Back in, in another workspace: nothing lost */
  imported = fm_export_import_annotations (other, other_article, exported,
                                           FM_IMPORT_ANNOTATIONS_DEFAULT, &notes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (imported->len, ==, G_N_ELEMENTS (fm_fixture_claims));
  g_assert_cmpuint (notes->len, ==, 0);
  assert_same_claims (f->store, f->article_id, other, other_article);

  /* And out again: the same annotations */
  {
    g_autoptr(GBytes) again = export_w3c (other, other_article);
    g_autoptr(JsonNode) again_root = parse_json (again);
    JsonNode *items_a = json_object_get_member (json_object_get_object_member (collection, "first"), "items");
    JsonNode *items_b = json_object_get_member (json_object_get_object_member (json_node_get_object (again_root), "first"), "items");

    g_assert_true (json_node_equal (items_a, items_b));
  }

  /* Importing it again changes nothing, and says why */
  g_clear_pointer (&imported, g_ptr_array_unref);
  g_clear_pointer (&notes, g_ptr_array_unref);
  imported = fm_export_import_annotations (other, other_article, exported,
                                           FM_IMPORT_ANNOTATIONS_DEFAULT, &notes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (imported->len, ==, 0);
  g_assert_cmpuint (notes->len, ==, G_N_ELEMENTS (fm_fixture_claims));
  g_assert_nonnull (strstr (g_ptr_array_index (notes, 0), "already in the workspace"));
  assert_same_claims (f->store, f->article_id, other, other_article);

  /* Onto another version of the text in the same workspace: the quotes
   * find their places, and the claims get ids of their own */
  {
    g_autofree char *longer = copy_article_to (f->store, f->article_id, f->store,
                                               "An editor’s note added at the top.\n");
    g_autoptr(GPtrArray) moved = NULL;
    guint shift = g_utf8_strlen ("An editor’s note added at the top.\n", -1);

    g_clear_pointer (&notes, g_ptr_array_unref);
    moved = fm_export_import_annotations (f->store, longer, exported,
                                          FM_IMPORT_ANNOTATIONS_DEFAULT, &notes, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (moved->len, ==, G_N_ELEMENTS (fm_fixture_claims));
    for (guint i = 0; i < moved->len; i++)
      {
        FmClaim *claim = g_ptr_array_index (moved, i);
        guint start, end;
        g_autofree char *text = fm_fixture_sample_text ();

        fm_fixture_find (text, fm_claim_get_quote (claim), &start, &end);
        g_assert_cmpuint (fm_claim_get_start (claim), ==, start + shift);
        g_assert_cmpuint (fm_claim_get_end (claim), ==, end + shift);
        g_assert_cmpstr (fm_claim_get_article_id (claim), ==, longer);
      }
  }
}

/* A claim on @quote of the article, with the quote as its summary */
static void
claim_on (FmStore    *store,
          const char *article_id,
          const char *quote)
{
  g_autoptr(FmClaim) claim = fm_test_add_claim_on (store, article_id, quote);
  g_autoptr(GError) error = NULL;

  fm_store_set_claim_field (store, claim, FM_CLAIM_FIELD_SUMMARY, quote, &error);
  g_assert_no_error (error);
}

/* After a new version of the text, a claim placed, one to confirm and one
 * unplaced: each comes back as it was, and the import does not fail */
static void
test_w3c_anchor_round_trip (Fixture       *f,
                            gconstpointer  user_data)
{
  static const char v1[] =
    "The ferry company will double fares on its island routes from 1 April.\n"
    "A return ticket will cost 40 euros, up from 20 euros, officials said.\n"
    "\"We cannot afford to live here any more,\" one resident said.\n";
  static const char v2[] =
    "Update: concessions will apply to island residents.\n"
    "The ferry company will double fares on its island routes from 1 April.\n"
    "A return ticket will cost 38 euros, up from 19 euros, officials said.\n";
  g_autoptr(FmArticle) article = fm_article_new ();
  g_autoptr(FmArticle) stored = NULL;
  g_autoptr(FmArticle) revision = fm_article_new ();
  g_autoptr(FmArticle) revised = NULL;
  g_autoptr(FmStore) other = open_store (f->dir, "other.db");
  g_autoptr(GBytes) exported = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) imported = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *other_article = NULL;
  FmRevisionSummary summary;
  JsonArray *items;
  guint seen[FM_N_ANCHOR_STATES] = { 0 };

  fm_article_set_title (article, "Ferry fares");
  fm_article_set_canonical_url (article, "https://paper.example/ferry");
  fm_article_set_text (article, v1);
  stored = fm_store_add_article (f->store, article, NULL, &error);
  g_assert_no_error (error);
  claim_on (f->store, fm_article_get_id (stored), "double fares on its island routes");
  claim_on (f->store, fm_article_get_id (stored), "A return ticket will cost 40 euros, up from 20 euros");
  claim_on (f->store, fm_article_get_id (stored), "We cannot afford to live here any more");
  fm_article_set_title (revision, "Ferry fares");
  fm_article_set_text (revision, v2);
  revised = fm_store_revise_article (f->store, fm_article_get_id (stored), revision, &summary,
                                     &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary.n_orphaned, ==, 1);
  g_assert_cmpuint (summary.n_flagged, ==, 1);

  /* Out: each annotation says where its claim stands */
  exported = export_w3c (f->store, fm_article_get_id (stored));
  root = parse_json (exported);
  items = json_object_get_array_member (json_object_get_object_member (json_node_get_object (root),
                                                                       "first"), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *anno = json_array_get_object_element (items, i);
      const char *term = json_object_get_string_member (anno, "factmark:anchor");
      const char *summary_text = json_object_get_string_member (
        json_array_get_object_element (json_object_get_array_member (anno, "body"), 0), "value");

      if (g_str_equal (term, "placed"))
        {
          seen[FM_ANCHOR_STATE_PLACED]++;
          g_assert_cmpstr (summary_text, ==, "double fares on its island routes");
          g_assert_false (json_object_has_member (anno, "factmark:anchorConfidence"));
        }
      else if (g_str_equal (term, "to-confirm"))
        {
          double confidence = json_object_get_double_member (anno, "factmark:anchorConfidence");

          seen[FM_ANCHOR_STATE_FLAGGED]++;
          g_assert_cmpstr (summary_text, ==, "A return ticket will cost 40 euros, up from 20 euros");
          g_assert_cmpfloat (confidence, >, 0.0);
          g_assert_cmpfloat (confidence, <, 1.0);
        }
      else
        {
          g_assert_cmpstr (term, ==, "unplaced");
          seen[FM_ANCHOR_STATE_ORPHAN]++;
          g_assert_cmpstr (summary_text, ==, "We cannot afford to live here any more");
        }
    }
  g_assert_cmpuint (seen[FM_ANCHOR_STATE_PLACED], ==, 1);
  g_assert_cmpuint (seen[FM_ANCHOR_STATE_FLAGGED], ==, 1);
  g_assert_cmpuint (seen[FM_ANCHOR_STATE_ORPHAN], ==, 1);

  /* In, in a fresh workspace with the same text: all three, as they were;
   * the unplaced one kept with its old quote and listed */
  other_article = copy_article_to (f->store, fm_article_get_id (stored), other, NULL);
  imported = fm_export_import_annotations (other, other_article, exported,
                                           FM_IMPORT_ANNOTATIONS_DEFAULT, &notes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (imported->len, ==, 3);
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (notes, 0), ==,
                   "The claim “We cannot afford to live here any more” came in unplaced: its "
                   "words are not in the article’s text");
  assert_same_claims (f->store, fm_article_get_id (stored), other, other_article);
  {
    g_autoptr(GPtrArray) orphans = fm_store_list_claims_by_anchor (other, other_article,
                                                                   FM_ANCHOR_STATE_ORPHAN, &error);
    g_autoptr(GPtrArray) flagged = fm_store_list_claims_by_anchor (other, other_article,
                                                                   FM_ANCHOR_STATE_FLAGGED, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (orphans->len, ==, 1);
    g_assert_cmpstr (fm_claim_get_quote (g_ptr_array_index (orphans, 0)), ==,
                     "We cannot afford to live here any more");
    g_assert_cmpuint (flagged->len, ==, 1);
  }

  /* And out again: the same annotations (the unplaced one may come
   * elsewhere in text order) */
  {
    g_autoptr(GBytes) again = export_w3c (other, other_article);
    g_autoptr(JsonNode) again_root = parse_json (again);
    JsonArray *items_b = json_object_get_array_member (json_object_get_object_member (json_node_get_object (again_root), "first"), "items");

    g_assert_cmpuint (json_array_get_length (items_b), ==, 3);
    for (guint i = 0; i < 3; i++)
      {
        JsonNode *x = json_array_get_element (items, i);
        gboolean found = FALSE;

        for (guint k = 0; k < 3; k++)
          {
            JsonNode *y = json_array_get_element (items_b, k);

            if (g_str_equal (json_object_get_string_member (json_node_get_object (x), "id"),
                             json_object_get_string_member (json_node_get_object (y), "id")))
              {
                g_assert_true (json_node_equal (x, y));
                found = TRUE;
              }
          }
        g_assert_true (found);
      }
  }
}

/* A small article for the import cases */
static const char import_text[] =
  "The bridge toll cut traffic by 34 percent. Buses are faster now.\n"
  "Critics said the toll cut traffic by 34 percent, the council said, on paper.";

typedef struct
{
  char     *dir;
  FmStore  *store;
  char     *article_id;
} Small;

static void
small_set_up (Small         *s,
              gconstpointer  user_data)
{
  g_autoptr(FmArticle) article = fm_article_new ();
  g_autoptr(FmArticle) stored = NULL;
  g_autoptr(GError) error = NULL;

  s->dir = fm_test_tmpdir ();
  s->store = open_store (s->dir, "w.db");
  fm_article_set_title (article, "Import cases");
  fm_article_set_canonical_url (article, "https://paper.example/toll");
  fm_article_set_text (article, import_text);
  stored = fm_store_add_article (s->store, article, NULL, &error);
  g_assert_no_error (error);
  s->article_id = g_strdup (fm_article_get_id (stored));
}

static void
small_tear_down (Small         *s,
                 gconstpointer  user_data)
{
  g_clear_object (&s->store);
  g_clear_pointer (&s->article_id, g_free);
  fm_test_rmtree (s->dir);
  g_clear_pointer (&s->dir, g_free);
}

static guint
n_claims (Small *s)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) claims = fm_store_list_claims (s->store, s->article_id, &error);

  g_assert_no_error (error);
  return claims->len;
}

static GPtrArray *
import (Small                    *s,
        const char               *json,
        FmImportAnnotationsFlags  flags,
        GPtrArray               **notes,
        GError                  **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));

  return fm_export_import_annotations (s->store, s->article_id, bytes, flags, notes, error);
}

/* Imports @json, which must give @n claims; returns them */
static GPtrArray *
import_ok (Small      *s,
           const char *json,
           guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  GPtrArray *claims = import (s, json, FM_IMPORT_ANNOTATIONS_DEFAULT, &notes, &error);

  g_assert_no_error (error);
  g_assert_nonnull (claims);
  g_assert_cmpuint (claims->len, ==, n);
  return claims;
}

/* Imports @json, which must fail with @code and a message containing
 * @words, changing nothing */
static void
import_fails (Small      *s,
              const char *json,
              int         code,
              const char *words)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  guint before = n_claims (s);

  claims = import (s, json, FM_IMPORT_ANNOTATIONS_DEFAULT, NULL, &error);
  g_assert_null (claims);
  g_assert_error (error, FM_EXPORT_ERROR, code);
  if (strstr (error->message, words) == NULL)
    g_error ("“%s” does not say “%s”", error->message, words);
  g_assert_cmpuint (n_claims (s), ==, before);
}

#define QUOTE_ONLY(exact) \
  "{\"type\":\"Annotation\",\"target\":{\"selector\":{\"type\":\"TextQuoteSelector\",\"exact\":\"" exact "\"}}}"

static void
test_import_shapes (Small         *s,
                    gconstpointer  user_data)
{
  g_autoptr(GPtrArray) one = NULL;
  g_autoptr(GPtrArray) array = NULL;
  g_autoptr(GPtrArray) collection = NULL;
  g_autoptr(GPtrArray) page = NULL;
  FmClaim *claim;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sources = NULL;

  /* One annotation, as another tool writes it: a quote, a label for the
   * verdict, a linked page; unknown properties everywhere */
  one = import_ok (s,
    "{\"@context\":\"http://www.w3.org/ns/anno.jsonld\",\"type\":\"Annotation\","
    " \"id\":\"https://annotations.example/a/1\", \"x-unknown\":{\"deep\":[1,2,3]},"
    " \"motivation\":[\"assessing\",\"commenting\"],"
    " \"creator\":{\"type\":\"Person\",\"name\":\"Sam Other\",\"x\":1},"
    " \"created\":\"2026-02-01T10:00:00Z\","
    " \"body\":[{\"type\":\"TextualBody\",\"purpose\":\"describing\",\"value\":\"Buses are faster\"},"
    "          {\"type\":\"TextualBody\",\"purpose\":\"assessing\",\"value\":\"Mostly False\"},"
    "          {\"type\":\"TextualBody\",\"value\":\"Timetables say otherwise.\",\"language\":\"en\"},"
    "          {\"type\":\"TextualBody\",\"purpose\":\"tagging\",\"value\":\"buses\"},"
    "          {\"type\":\"SpecificResource\",\"purpose\":\"linking\",\"source\":\"https://bus.example/times\"},"
    "          {\"id\":\"https://bus.example/other\",\"type\":\"Text\"},"
    "          \"https://bus.example/iri-only\"],"
    " \"target\":{\"source\":\"https://somewhere.else/\",\"selector\":[{\"type\":\"CssSelector\",\"value\":\"p\"},"
    "   {\"type\":\"TextQuoteSelector\",\"exact\":\"Buses are faster\",\"future\":true}]}}", 1);
  claim = g_ptr_array_index (one, 0);
  g_assert_cmpuint (fm_claim_get_start (claim), ==, 43);
  g_assert_cmpuint (fm_claim_get_end (claim), ==, 59);
  g_assert_cmpstr (fm_claim_get_quote (claim), ==, "Buses are faster");
  g_assert_cmpstr (fm_claim_get_prefix (claim), ==, "toll cut traffic by 34 percent. ");
  g_assert_cmpstr (fm_claim_get_summary (claim), ==, "Buses are faster");
  g_assert_cmpint (fm_claim_get_verdict (claim), ==, FM_VERDICT_MOSTLY_FALSE);
  g_assert_cmpstr (fm_claim_get_explanation (claim), ==, "Timetables say otherwise.");
  g_assert_cmpstr (fm_claim_get_tags (claim)[0], ==, "buses");
  g_assert_cmpstr (fm_claim_get_created_by (claim), ==, "Sam Other");
  g_assert_cmpstr (fm_claim_get_created_at (claim), ==, "2026-02-01T10:00:00.000000Z");
  /* Not a urn:uuid: a new id */
  g_assert_true (g_uuid_string_is_valid (fm_claim_get_id (claim)));
  sources = fm_store_list_sources (s->store, fm_claim_get_id (claim), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sources->len, ==, 3);
  g_assert_cmpstr (fm_source_get_url (g_ptr_array_index (sources, 0)), ==, "https://bus.example/times");
  g_assert_cmpstr (fm_source_get_url (g_ptr_array_index (sources, 1)), ==, "https://bus.example/other");
  g_assert_cmpstr (fm_source_get_url (g_ptr_array_index (sources, 2)), ==, "https://bus.example/iri-only");

  /* A JSON array */
  array = import_ok (s, "[" QUOTE_ONLY ("bridge toll") "," QUOTE_ONLY ("on paper") "]", 2);

  /* A collection with its pages embedded, one after the other */
  collection = import_ok (s,
    "{\"type\":\"AnnotationCollection\",\"id\":\"https://x.example/c\",\"total\":3,"
    " \"first\":{\"type\":\"AnnotationPage\",\"items\":[" QUOTE_ONLY ("Critics") "],"
    "   \"next\":{\"type\":\"AnnotationPage\",\"items\":[" QUOTE_ONLY ("faster now") "," QUOTE_ONLY ("The bridge") "]}}}",
    3);

  /* A page alone */
  page = import_ok (s, "{\"type\":\"AnnotationPage\",\"items\":[" QUOTE_ONLY ("cut traffic by 34 percent. Buses") "]}", 1);
  g_assert_cmpuint (n_claims (s), ==, 7);
}

static void
test_import_placement (Small         *s,
                       gconstpointer  user_data)
{
  g_autoptr(GPtrArray) claims = NULL;
  guint second = g_utf8_pointer_to_offset (import_text, strstr (import_text, "cut traffic by 34 percent,"));
  guint first = g_utf8_pointer_to_offset (import_text, strstr (import_text, "cut traffic by 34 percent."));

  /* Where the position holds the quote, the position */
  claims = import_ok (s,
    "{\"target\":{\"selector\":[{\"type\":\"TextQuoteSelector\",\"exact\":\"cut traffic by 34 percent\"},"
    "{\"type\":\"TextPositionSelector\",\"start\":87,\"end\":112}]}}", 1);
  g_assert_cmpuint (fm_claim_get_start (g_ptr_array_index (claims, 0)), ==, second);
  g_assert_cmpuint (second, ==, 87);
  g_clear_pointer (&claims, g_ptr_array_unref);

  /* Where it does not, the quote: the context decides between matches… */
  {
    const struct {
      const char *json;
      guint       start;
    } cases[] = {
      { "{\"target\":{\"selector\":[{\"type\":\"TextQuoteSelector\",\"exact\":\"cut traffic by 34 percent\","
        "  \"suffix\":\", the council\"},{\"type\":\"TextPositionSelector\",\"start\":0,\"end\":5}]}}", second },
      { "{\"target\":{\"selector\":{\"type\":\"TextQuoteSelector\",\"exact\":\"cut traffic by 34 percent\","
        "  \"prefix\":\"The bridge toll \"}}}", first },
      /* …then the position it was at, even out of range… */
      { "{\"target\":{\"selector\":[{\"type\":\"TextQuoteSelector\",\"exact\":\"cut traffic by 34 percent\"},"
        "  {\"type\":\"TextPositionSelector\",\"start\":80,\"end\":2000000}]}}", second },
      /* …then the first */
      { "{\"target\":{\"selector\":{\"type\":\"TextQuoteSelector\",\"exact\":\"cut traffic by 34 percent\"}}}", first },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        claims = import_ok (s, cases[i].json, 1);
        g_assert_cmpuint (fm_claim_get_start (g_ptr_array_index (claims, 0)), ==, cases[i].start);
        g_clear_pointer (&claims, g_ptr_array_unref);
      }
  }

  /* A position alone is enough where it is inside the text */
  claims = import_ok (s,
    "{\"target\":{\"selector\":{\"type\":\"TextPositionSelector\",\"start\":4,\"end\":10}}}", 1);
  g_assert_cmpstr (fm_claim_get_quote (g_ptr_array_index (claims, 0)), ==, "bridge");
  g_clear_pointer (&claims, g_ptr_array_unref);

  /* A quote written in another normalisation form (NFD) still matches */
  {
    g_autoptr(FmArticle) article = fm_article_new ();
    g_autoptr(FmArticle) stored = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) bytes = NULL;

    fm_article_set_text (article, "Le pont coûte cher.");
    stored = fm_store_add_article (s->store, article, NULL, &error);
    g_assert_no_error (error);
    bytes = g_bytes_new_static (QUOTE_ONLY ("co\xC3\xBB" "te"), strlen (QUOTE_ONLY ("co\xC3\xBB" "te")));
    claims = fm_export_import_annotations (s->store, fm_article_get_id (stored), bytes, 0, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (fm_claim_get_start (g_ptr_array_index (claims, 0)), ==, 8);
    g_clear_pointer (&claims, g_ptr_array_unref);
    g_clear_pointer (&bytes, g_bytes_unref);
    bytes = g_bytes_new_static (QUOTE_ONLY ("cou\xCC\x82" "te"), strlen (QUOTE_ONLY ("cou\xCC\x82" "te")));
    claims = fm_export_import_annotations (s->store, fm_article_get_id (stored), bytes, 0, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (fm_claim_get_start (g_ptr_array_index (claims, 0)), ==, 8);
  }
}

static void
test_import_bad (Small         *s,
                 gconstpointer  user_data)
{
  g_autofree char *deep = NULL;

  /* Not JSON, or not annotations: an error, nothing changed */
  import_fails (s, "", FM_EXPORT_ERROR_INVALID, "empty");
  import_fails (s, "{\"target\": ", FM_EXPORT_ERROR_INVALID, "not valid JSON");
  import_fails (s, "[1, 2,, 3]", FM_EXPORT_ERROR_INVALID, "not valid JSON");
  import_fails (s, "\xff\xfe{\0\"", FM_EXPORT_ERROR_INVALID, "not UTF-8");
  import_fails (s, "42", FM_EXPORT_ERROR_INVALID, "single value");
  import_fails (s, "{\"hello\": \"world\"}", FM_EXPORT_ERROR_INVALID, "not W3C Web Annotations");
  import_fails (s, "[]", FM_EXPORT_ERROR_INVALID, "no annotations");
  import_fails (s, "{\"type\":\"AnnotationCollection\",\"first\":\"https://x.example/page1\"}",
                FM_EXPORT_ERROR_INVALID, "only links to a page");
  import_fails (s, "{\"type\":\"AnnotationPage\",\"items\":{\"a\":1}}", FM_EXPORT_ERROR_INVALID,
                "should be a JSON array");
  deep = g_strnfill (100000, '[');
  import_fails (s, deep, FM_EXPORT_ERROR_INVALID, "nested");
  /* Half of a character outside the basic plane, then another escape:
   * refused before json-glib reads it (it leaks on these), with the line */
  import_fails (s, "[\n" QUOTE_ONLY ("\\ud83d\\u0041") "]", FM_EXPORT_ERROR_INVALID,
                "line 2: a \\u escape holds only half of a character");
  import_fails (s, QUOTE_ONLY ("\\udc00\\udc00"), FM_EXPORT_ERROR_INVALID,
                "line 1: a \\u escape holds only half of a character");
  /* Two annotations one after the other, not in an array: json-glib would
   * read the first and drop the second without a word */
  import_fails (s, QUOTE_ONLY ("Buses") "\n" QUOTE_ONLY ("Critics"), FM_EXPORT_ERROR_INVALID,
                "line 2: more follows the end of the JSON value");

  /* Annotations that cannot be placed: every one is named, nothing changes */
  import_fails (s, "[" QUOTE_ONLY ("Buses") "," QUOTE_ONLY ("Trams are slower") "]",
                FM_EXPORT_ERROR_UNPLACED,
                "1 of 2 annotations could not be placed in the article, so nothing was imported:\n"
                "  Annotation 2: the quote “Trams are slower” is not in the article’s text");
  /* Each count with its own plural */
  import_fails (s, "[" QUOTE_ONLY ("Trams are slower") "]", FM_EXPORT_ERROR_UNPLACED,
                "1 of 1 annotation could not be placed in the article, so nothing was imported:");
  import_fails (s, "[" QUOTE_ONLY ("Buses") ", 7]", FM_EXPORT_ERROR_UNPLACED,
                "Annotation 2: it should be a JSON object");
  import_fails (s, "{\"target\":{\"selector\":{\"type\":\"TextQuoteSelector\",\"exact\":5}}}",
                FM_EXPORT_ERROR_UNPLACED, "“exact” should be text");
  import_fails (s, "{\"target\":{\"selector\":{\"type\":\"TextPositionSelector\",\"start\":\"3\",\"end\":9}}}",
                FM_EXPORT_ERROR_UNPLACED, "the position “start” should be a number");
  import_fails (s, "{\"target\":{\"selector\":{\"type\":\"TextPositionSelector\",\"start\":10,\"end\":99999}}}",
                FM_EXPORT_ERROR_UNPLACED, "outside the article’s text (141 characters) and it has no quote");
  import_fails (s, "{\"target\":{\"selector\":{\"type\":\"TextPositionSelector\",\"start\":9,\"end\":3}}}",
                FM_EXPORT_ERROR_UNPLACED, "are not a span of text");

  /* Many at once: the first ones are named, the rest counted */
  {
    g_autoptr(GString) many = g_string_new ("[");

    for (guint i = 0; i < 30; i++)
      g_string_append_printf (many, "%s" QUOTE_ONLY ("Not in the text %u"), i ? "," : "", i);
    g_string_append (many, "]");
    import_fails (s, many->str, FM_EXPORT_ERROR_UNPLACED, "…and 5 more");
  }
  import_fails (s, "{\"target\":{\"selector\":{\"type\":\"TextPositionSelector\",\"start\":-1,\"end\":3}}}",
                FM_EXPORT_ERROR_UNPLACED, "(-1) is not a place in any text");
  import_fails (s, "{\"target\":{\"selector\":{\"type\":\"TextPositionSelector\",\"start\":1e300,\"end\":3}}}",
                FM_EXPORT_ERROR_UNPLACED, "is not a whole number of characters");
  import_fails (s, "{\"target\":{\"selector\":{\"type\":\"TextPositionSelector\",\"start\":1.5,\"end\":3}}}",
                FM_EXPORT_ERROR_UNPLACED, "is not a whole number of characters");
  import_fails (s, "{\"target\":{\"selector\":{\"type\":\"TextPositionSelector\",\"start\":1,"
                   "\"end\":99999999999999999999999999}}}",
                FM_EXPORT_ERROR_UNPLACED, "“end”");
  import_fails (s, "{\"target\":{\"selector\":{\"type\":\"TextPositionSelector\",\"start\":4294967296,\"end\":4294967300}}}",
                FM_EXPORT_ERROR_UNPLACED, "is not a place in any text");
  import_fails (s, "{\"target\":{\"selector\":{\"type\":\"TextPositionSelector\",\"start\":1}}}",
                FM_EXPORT_ERROR_UNPLACED, "needs both");
  import_fails (s, "{\"target\":\"https://paper.example/toll\"}", FM_EXPORT_ERROR_UNPLACED,
                "no TextQuoteSelector or TextPositionSelector");
  import_fails (s, "{\"type\":\"Annotation\"}", FM_EXPORT_ERROR_UNPLACED, "it has no target");
  import_fails (s, "{\"target\":{\"selector\":{\"type\":\"TextQuoteSelector\",\"exact\":\"Buses\"}},"
                   "\"body\":{\"type\":\"SpecificResource\",\"source\":\"javascript:alert(1)\"}}",
                FM_EXPORT_ERROR_UNPLACED, "is not a web address");
  import_fails (s, "{\"target\":{\"selector\":{\"type\":\"TextQuoteSelector\",\"exact\":\"Buses\"}},"
                   "\"body\":{\"type\":\"SpecificResource\",\"source\":\"data:text/html,<b>x</b>\"}}",
                FM_EXPORT_ERROR_UNPLACED, "is not a web address");
  import_fails (s, "{\"target\":{\"selector\":{\"type\":\"TextQuoteSelector\",\"exact\":\"Buses\"}},"
                   "\"factmark:status\":\"done\"}", FM_EXPORT_ERROR_UNPLACED, "unknown status “done”");
  import_fails (s, "{\"id\":\"urn:uuid:1b4e28ba-2fa1-41d2-883f-0016d3cca427\","
                   "\"target\":{\"selector\":{\"type\":\"TextQuoteSelector\",\"exact\":\"Buses\"}}},"
                   , FM_EXPORT_ERROR_INVALID, "not valid JSON");
  import_fails (s, "[{\"id\":\"urn:uuid:1b4e28ba-2fa1-41d2-883f-0016d3cca427\","
                   "\"target\":{\"selector\":{\"type\":\"TextQuoteSelector\",\"exact\":\"Buses\"}}},"
                   "{\"id\":\"urn:uuid:1b4e28ba-2fa1-41d2-883f-0016d3cca427\","
                   "\"target\":{\"selector\":{\"type\":\"TextQuoteSelector\",\"exact\":\"toll\"}}}]",
                FM_EXPORT_ERROR_UNPLACED, "its id appears twice");
  g_assert_cmpuint (n_claims (s), ==, 0);

  /* Unless the rest is wanted: then the rest, and what was left out */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) notes = NULL;
    g_autoptr(GPtrArray) claims = import (s, "[" QUOTE_ONLY ("Buses") "," QUOTE_ONLY ("Trams") ", 7]",
                                          FM_IMPORT_ANNOTATIONS_SKIP_UNPLACED, &notes, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (claims->len, ==, 1);
    g_assert_cmpuint (notes->len, ==, 2);
    g_assert_nonnull (strstr (g_ptr_array_index (notes, 0), "“Trams” is not in the article’s text"));
    g_assert_cmpuint (n_claims (s), ==, 1);
  }
}

static void
test_import_read_only (Small         *s,
                       gconstpointer  user_data)
{
  g_autofree char *path = g_strdup (fm_store_get_path (s->store));
  g_autoptr(FmStore) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static (QUOTE_ONLY ("Buses"), strlen (QUOTE_ONLY ("Buses")));
  g_autoptr(GPtrArray) claims = NULL;

  g_clear_object (&s->store);
  g_assert_cmpint (g_chmod (path, 0400), ==, 0);
  reader = fm_store_open (path, &error);
  g_assert_no_error (error);
  if (!fm_store_is_read_only (reader))
    {
      /* root can write whatever the mode says */
      g_test_skip ("the workspace stays writable for this user");
      s->store = g_steal_pointer (&reader);
      return;
    }
  claims = fm_export_import_annotations (reader, s->article_id, bytes, 0, NULL, &error);
  g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_READ_ONLY);
  g_assert_null (claims);
  s->store = g_steal_pointer (&reader);
}

/* Writing files */

/* The history of @claim as "field:old>new" lines */
static char *
history_lines (FmStore *store,
               FmClaim *claim)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = fm_store_get_history (store, fm_claim_get_id (claim), &error);
  GString *lines = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < history->len; i++)
    {
      FmHistoryEntry *e = g_ptr_array_index (history, i);

      g_string_append_printf (lines, "%s:%s>%s\n", e->field, e->old_value ? e->old_value : "",
                              e->new_value ? e->new_value : "");
    }
  return g_string_free (lines, FALSE);
}

#define APPROVED(exact, review) \
  "{\"type\":\"Annotation\",\"body\":{\"type\":\"TextualBody\",\"purpose\":\"assessing\"," \
  "\"value\":\"True\"},\"target\":{\"selector\":{\"type\":\"TextQuoteSelector\"," \
  "\"exact\":\"" exact "\"}},\"factmark:status\":\"approved\"" review "}"

/* An approval records who approved and when: an imported approval without
 * them waits for an editor; with them it is kept. The history records the
 * import and the values the claim came with. */
static void
test_import_approval (Small         *s,
                      gconstpointer  user_data)
{
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *history = NULL;
  FmClaim *claim;

  claims = import (s,
    "[" APPROVED ("bridge toll", "") ","
        APPROVED ("Buses are faster", ",\"factmark:reviewedBy\":\"Ed Itor\"") ","
        APPROVED ("on paper", ",\"factmark:reviewedBy\":\"Ed Itor\","
                              "\"factmark:reviewedAt\":\"2026-03-01T12:00:00Z\"") "]",
    FM_IMPORT_ANNOTATIONS_DEFAULT, &notes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (claims->len, ==, 3);
  g_assert_nonnull (notes);
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (notes, 0), ==,
                   "2 approvals without a reviewer and time came in as “Needs review”");

  claim = g_ptr_array_index (claims, 0);
  g_assert_cmpstr (fm_claim_get_quote (claim), ==, "bridge toll");
  g_assert_cmpint (fm_claim_get_status (claim), ==, FM_STATUS_NEEDS_REVIEW);
  g_assert_null (fm_claim_get_reviewed_by (claim));
  history = history_lines (s->store, claim);
  g_assert_cmpstr (history, ==,
                   "created:>bridge toll\n"
                   "imported:>\n"
                   "verdict:unrated>true\n"
                   "status:unchecked>needs-review\n");
  g_clear_pointer (&history, g_free);

  claim = g_ptr_array_index (claims, 1);
  g_assert_cmpint (fm_claim_get_status (claim), ==, FM_STATUS_NEEDS_REVIEW);
  g_assert_null (fm_claim_get_reviewed_by (claim));
  g_assert_null (fm_claim_get_reviewed_at (claim));

  claim = g_ptr_array_index (claims, 2);
  g_assert_cmpint (fm_claim_get_status (claim), ==, FM_STATUS_APPROVED);
  g_assert_cmpstr (fm_claim_get_reviewed_by (claim), ==, "Ed Itor");
  g_assert_cmpstr (fm_claim_get_reviewed_at (claim), ==, "2026-03-01T12:00:00.000000Z");
  history = history_lines (s->store, claim);
  g_assert_cmpstr (history, ==,
                   "created:>on paper\n"
                   "imported:>\n"
                   "verdict:unrated>true\n"
                   "status:unchecked>approved\n");
  g_clear_pointer (&history, g_free);

  /* Only the approvals that say nothing of who: one note, in the singular */
  g_clear_pointer (&claims, g_ptr_array_unref);
  g_clear_pointer (&notes, g_ptr_array_unref);
  claims = import (s, "[" APPROVED ("Critics", "") "," QUOTE_ONLY ("council") "]",
                   FM_IMPORT_ANNOTATIONS_DEFAULT, &notes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (claims->len, ==, 2);
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (notes, 0), ==,
                   "1 approval without a reviewer and time came in as “Needs review”");
  history = history_lines (s->store, g_ptr_array_index (claims, 1));
  g_assert_cmpstr (history, ==, "created:>council\nimported:>\n");
}

/* Anchor terms that make no sense are named, and nothing is imported */
static void
test_import_anchor_bad (Small         *s,
                        gconstpointer  user_data)
{
  g_autoptr(GPtrArray) claims = NULL;
  FmClaim *claim;

  import_fails (s, "{\"type\":\"Annotation\",\"factmark:anchor\":\"lost\",\"target\":{\"selector\":"
                   "{\"type\":\"TextQuoteSelector\",\"exact\":\"Buses\"}}}",
                FM_EXPORT_ERROR_UNPLACED, "unknown anchor state “lost”");
  import_fails (s, "{\"type\":\"Annotation\",\"factmark:anchor\":\"to-confirm\","
                   "\"factmark:anchorConfidence\":7,\"target\":{\"selector\":"
                   "{\"type\":\"TextQuoteSelector\",\"exact\":\"Buses\"}}}",
                FM_EXPORT_ERROR_UNPLACED, "“factmark:anchorConfidence” should be a number from 0 to 1");
  import_fails (s, "{\"type\":\"Annotation\",\"factmark:anchor\":\"unplaced\",\"target\":{\"selector\":"
                   "{\"type\":\"TextPositionSelector\",\"start\":0,\"end\":3}}}",
                FM_EXPORT_ERROR_UNPLACED, "it is marked unplaced but has no quote");

  /* Unplaced, with a quote that is not in the text and a position outside it */
  claims = import_ok (s, "{\"type\":\"Annotation\",\"factmark:anchor\":\"unplaced\",\"target\":"
                         "{\"selector\":[{\"type\":\"TextQuoteSelector\",\"exact\":\"Trams are slower\"},"
                         "{\"type\":\"TextPositionSelector\",\"start\":500,\"end\":516}]}}", 1);
  claim = g_ptr_array_index (claims, 0);
  g_assert_cmpint (fm_claim_get_anchor_state (claim), ==, FM_ANCHOR_STATE_ORPHAN);
  g_assert_cmpstr (fm_claim_get_quote (claim), ==, "Trams are slower");
  g_assert_cmpuint (fm_claim_get_end (claim), <=, g_utf8_strlen (import_text, -1));
}

static void
test_write_file (void)
{
  g_autofree char *dir = fm_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "report.html", NULL);
  g_autofree char *missing = g_build_filename (dir, "no", "such", "folder", "report.html", NULL);
  g_autofree char *not_dir = g_build_filename (path, "report.html", NULL);
  g_autofree char *sub = g_build_filename (dir, "a-folder", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) first = g_bytes_new_static ("first", 5);
  g_autoptr(GBytes) second = g_bytes_new_static ("second version", 14);
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  mode_t mask = umask (022);

  g_assert_true (fm_export_write_file (path, first, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0644);
  g_assert_true (fm_export_write_file (path, second, &error));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "second version");
  g_assert_cmpuint (n_files (dir), ==, 1);

  /* Where it cannot be written, nothing is left behind */
  g_assert_false (fm_export_write_file (missing, first, &error));
  g_assert_error (error, FM_EXPORT_ERROR, FM_EXPORT_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "No such file or directory"));
  g_clear_error (&error);
  g_assert_false (fm_export_write_file (not_dir, first, &error));
  g_assert_error (error, FM_EXPORT_ERROR, FM_EXPORT_ERROR_WRITE);
  g_clear_error (&error);
  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  g_assert_false (fm_export_write_file (sub, first, &error));
  g_assert_error (error, FM_EXPORT_ERROR, FM_EXPORT_ERROR_WRITE);
  g_clear_error (&error);
  g_assert_false (fm_export_write_file (dir, first, &error));
  g_assert_error (error, FM_EXPORT_ERROR, FM_EXPORT_ERROR_WRITE);
  g_clear_error (&error);
  g_assert_cmpuint (n_files (dir), ==, 2);
  g_assert_cmpuint (n_files (sub), ==, 0);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "second version");

  umask (mask);
  fm_test_rmtree (dir);
}

/* A write that fails half-way (the file size limit stands in for a full
 * disk): the old file is untouched and no part of the new one remains */
static void
test_write_fails_half_way (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = fm_test_tmpdir ();
      g_autofree char *path = g_build_filename (dir, "report.html", NULL);
      g_autofree char *contents = NULL;
      g_autofree char *big = g_strnfill (256 * 1024, 'x');
      g_autoptr(GBytes) bytes = g_bytes_new_static (big, strlen (big));
      g_autoptr(GError) error = NULL;
      struct rlimit limit = { 64 * 1024, 64 * 1024 };

      g_assert_true (g_file_set_contents (path, "the old report", -1, NULL));
      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);

      g_assert_false (fm_export_write_file (path, bytes, &error));
      g_assert_error (error, FM_EXPORT_ERROR, FM_EXPORT_ERROR_WRITE);
      g_assert_nonnull (strstr (error->message, "Could not write the file"));
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      g_assert_cmpstr (contents, ==, "the old report");
      g_assert_cmpuint (n_files (dir), ==, 1);
      fm_test_rmtree (dir);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

typedef struct
{
  GMainLoop *loop;
  GArray    *progress;
  gboolean   destroyed;
  gboolean   ok;
  GError    *error;
} AsyncRun;

static void
async_progress (double   fraction,
                gpointer user_data)
{
  AsyncRun *run = user_data;

  g_array_append_val (run->progress, fraction);
}

static void
async_destroy (gpointer user_data)
{
  AsyncRun *run = user_data;

  run->destroyed = TRUE;
}

static void
async_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncRun *run = user_data;

  run->ok = fm_export_to_file_finish (result, &run->error);
  g_main_loop_quit (run->loop);
}

static void
test_async (Fixture       *f,
            gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FmReportData) data = fm_export_collect (f->store, f->article_id, &error);
  g_autofree char *path = g_build_filename (f->dir, "report.html", NULL);
  g_autofree char *cancelled_path = g_build_filename (f->dir, "cancelled.html", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncRun run = { 0 };

  run.loop = g_main_loop_new (NULL, FALSE);
  run.progress = g_array_new (FALSE, FALSE, sizeof (double));
  fm_export_to_file_async (data, FM_EXPORT_FORMAT_HTML, NULL, path, async_progress, &run,
                           async_destroy, NULL, async_done, &run);
  g_main_loop_run (run.loop);
  g_assert_no_error (run.error);
  g_assert_true (run.ok);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "<!DOCTYPE html>"));
  /* Progress arrives in the caller's context; the last report, and the
   * release of its data, may still be queued when the export finishes */
  while (!run.destroyed)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (run.progress->len, >, 0);
  g_assert_cmpfloat (g_array_index (run.progress, double, run.progress->len - 1), ==, 1.0);
  g_assert_true (run.destroyed);

  /* Cancelled: an error, and no file */
  g_cancellable_cancel (cancellable);
  fm_export_to_file_async (data, FM_EXPORT_FORMAT_CSV, NULL, cancelled_path, NULL, NULL, NULL,
                           cancellable, async_done, &run);
  g_main_loop_run (run.loop);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (cancelled_path, G_FILE_TEST_EXISTS));
  g_clear_error (&run.error);

  g_main_loop_unref (run.loop);
  g_array_unref (run.progress);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/export/csv", Fixture, NULL, fixture_set_up, test_csv, fixture_tear_down);
  g_test_add_func ("/export/csv-hostile", test_csv_hostile);
  g_test_add ("/export/csv-workspace", Fixture, NULL, fixture_set_up, test_csv_workspace,
              fixture_tear_down);
  g_test_add ("/export/article-sources", Fixture, NULL, fixture_set_up, test_article_sources,
              fixture_tear_down);
  g_test_add ("/export/w3c-round-trip", Fixture, NULL, fixture_set_up, test_w3c_round_trip,
              fixture_tear_down);
  g_test_add ("/export/import-shapes", Small, NULL, small_set_up, test_import_shapes,
              small_tear_down);
  g_test_add ("/export/import-placement", Small, NULL, small_set_up, test_import_placement,
              small_tear_down);
  g_test_add ("/export/import-bad", Small, NULL, small_set_up, test_import_bad, small_tear_down);
  g_test_add ("/export/import-read-only", Small, NULL, small_set_up, test_import_read_only,
              small_tear_down);
  g_test_add ("/export/import-approval", Small, NULL, small_set_up, test_import_approval,
              small_tear_down);
  g_test_add ("/export/w3c-anchor-round-trip", Fixture, NULL, fixture_set_up,
              test_w3c_anchor_round_trip, fixture_tear_down);
  g_test_add ("/export/import-anchor-bad", Small, NULL, small_set_up, test_import_anchor_bad,
              small_tear_down);
  g_test_add_func ("/export/write-file", test_write_file);
  g_test_add_func ("/export/write-fails-half-way", test_write_fails_half_way);
  g_test_add ("/export/async", Fixture, NULL, fixture_set_up, test_async, fixture_tear_down);

  return g_test_run ();
}
