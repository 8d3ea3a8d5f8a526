/* bench-report.c — how long exports of a long, heavily checked article take
 *
 * Makes a temporary workspace with one article and N claims (5,000 by
 * default; deterministic: a fixed seed), each with a summary, an
 * explanation and one or two sources, a tenth of them overlapping the one
 * before, and times:
 *
 *   report          the HTML report, as the command line and the window
 *                   make it: copies from the store, the report, the file
 *   report-build    the HTML alone, from copies already made
 *   collect         the copies alone
 *   csv, w3c        the other formats of the same article, with the file
 *   w3c-import      reading that W3C file back onto a copy of the article
 *                   in a fresh workspace (one transaction)
 *
 * Prints a table of the median and max of several runs, or JSON with
 * --json. Usage: bench-report [--claims N] [--runs N] [--json] [NAME…]
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "fm-export.h"
#include "fm-report.h"
#include "fm-store.h"

static const char * const words[] = {
  "council", "bridge", "toll", "traffic", "percent", "buses", "journey", "minutes", "figures",
  "agency", "readings", "winter", "crossing", "residents", "shops", "footfall", "members",
  "official", "decision", "summer", "researcher", "cities", "charges", "route", "review",
  "scheme", "vote", "motion", "opposition", "tram", "revenue", "million", "average", "weekday",
  "counts", "months", "before", "since", "published", "according", "reported", "said", "data",
};

static void
append_sentence (GString *text,
                 GRand   *rand,
                 guint    n_words)
{
  for (guint i = 0; i < n_words; i++)
    {
      const char *word = words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];

      if (i == 0)
        {
          g_string_append_c (text, g_ascii_toupper (word[0]));
          g_string_append (text, word + 1);
        }
      else
        {
          g_string_append_c (text, ' ');
          g_string_append (text, word);
        }
    }
  g_string_append (text, ". ");
}

typedef struct
{
  char     *dir;
  FmStore  *store;
  char     *article_id;
  guint     n_claims;
} Workspace;

/* The article: five sentences a paragraph, one claim a sentence */
static void
make_workspace (Workspace *ws,
                guint      n_claims)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260312);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) byte_starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(FmArticle) article = fm_article_new ();
  g_autoptr(FmArticle) stored = NULL;
  g_autoptr(GPtrArray) claims = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  g_autoptr(GPtrArray) stored_claims = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  guint chars = 0;

  ws->dir = g_dir_make_tmp ("factmark-bench-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (ws->dir, "workspace.db", NULL);
  ws->store = fm_store_open (path, &error);
  g_assert_no_error (error);
  ws->n_claims = n_claims;

  for (guint i = 0; i < n_claims; i++)
    {
      gsize before;
      guint start, end;

      /* A new paragraph every five sentences: the space after the full
       * stop becomes the line break, one character for one */
      if (i > 0 && i % 5 == 0)
        text->str[text->len - 1] = '\n';
      start = chars;
      before = text->len;
      g_array_append_val (byte_starts, before);
      append_sentence (text, rand, g_rand_int_range (rand, 8, 22));
      chars += g_utf8_strlen (text->str + before, -1);
      end = chars - 2;   /* without ". " */
      g_array_append_val (starts, start);
      g_array_append_val (ends, end);
    }

  fm_article_set_title (article, "A long investigation, checked claim by claim");
  fm_article_set_byline (article, "Bench Writer");
  fm_article_set_site_name (article, "The Benchmark Courier");
  fm_article_set_canonical_url (article, "https://bench.example/long-investigation");
  fm_article_set_published (article, "2026-03-12");
  fm_article_set_lang (article, "en");
  fm_article_set_text (article, text->str);
  stored = fm_store_add_article (ws->store, article, NULL, &error);
  g_assert_no_error (error);
  ws->article_id = g_strdup (fm_article_get_id (stored));

  for (guint i = 0; i < n_claims; i++)
    {
      FmClaim *claim = fm_claim_new ();
      GPtrArray *claim_sources = g_ptr_array_new_with_free_func (g_object_unref);
      guint start = g_array_index (starts, guint, i);
      guint end = g_array_index (ends, guint, i);
      g_autofree char *quote = NULL;
      g_autofree char *summary = NULL;
      g_autoptr(GString) explanation = g_string_new (NULL);

      gsize byte = g_array_index (byte_starts, gsize, i);

      /* A tenth overlap the claim before (the text is ASCII: characters
       * are bytes, which keeps making the quotes quick) */
      if (i % 10 == 9)
        {
          start = g_array_index (starts, guint, i - 1) + 3;
          byte = g_array_index (byte_starts, gsize, i - 1) + 3;
        }
      quote = g_strndup (text->str + byte, end - start);
      summary = g_strdup_printf ("Claim %u, in the checker's words", i + 1);
      append_sentence (explanation, rand, 25);
      append_sentence (explanation, rand, 20);
      fm_claim_set_article_id (claim, ws->article_id);
      fm_claim_set_span (claim, start, end);
      fm_claim_set_selector (claim, quote, "", "");
      fm_claim_set_summary (claim, summary);
      fm_claim_set_explanation (claim, explanation->str);
      fm_claim_set_verdict (claim, (FmVerdict)g_rand_int_range (rand, 0, FM_N_VERDICTS));
      fm_claim_set_status (claim, (FmStatus)g_rand_int_range (rand, 0, FM_N_STATUSES));
      fm_claim_set_assignee (claim, i % 2 ? "Ana Souza" : "Tom Reyes");
      for (guint k = 0; k < 1 + i % 2; k++)
        {
          FmSource *source = fm_source_new ();
          g_autofree char *url = g_strdup_printf ("https://source.example/doc/%u/%u", i, k);
          g_autofree char *title = g_strdup_printf ("Document %u, part %u", i, k + 1);

          fm_source_set_url (source, url);
          fm_source_set_title (source, title);
          fm_source_set_publisher (source, "Statistics Office");
          fm_source_set_stance (source, (FmStance)(k % FM_N_STANCES));
          fm_source_set_kind (source, FM_SOURCE_KIND_DATA);
          fm_source_set_accessed (source, "2026-03-13");
          g_ptr_array_add (claim_sources, source);
        }
      g_ptr_array_add (claims, claim);
      g_ptr_array_add (sources, claim_sources);
    }
  stored_claims = fm_store_insert_claims (ws->store, claims, sources, &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

typedef struct
{
  const char *name;
  GArray     *ms;
} Figure;

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  g_autoptr(GArray) sorted = g_array_copy (values);

  g_array_sort (sorted, compare_double);
  if (sorted->len % 2 == 1)
    return g_array_index (sorted, double, sorted->len / 2);
  return (g_array_index (sorted, double, sorted->len / 2 - 1) +
          g_array_index (sorted, double, sorted->len / 2)) / 2;
}

static double
maximum (GArray *values)
{
  double max = 0;

  for (guint i = 0; i < values->len; i++)
    max = MAX (max, g_array_index (values, double, i));
  return max;
}

static gboolean
wanted (char **names,
        const char *name)
{
  return names == NULL || names[0] == NULL || g_strv_contains ((const char * const *)names, name);
}

static void
export_once (Workspace      *ws,
             FmExportFormat  format,
             const char     *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FmReportData) data = fm_export_collect (ws->store, ws->article_id, &error);
  g_autoptr(GBytes) bytes = NULL;

  g_assert_no_error (error);
  bytes = fm_export_build (data, format, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  fm_export_write_file (path, bytes, &error);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("[NAME…] — time the exports");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) figures = g_ptr_array_new ();
  g_auto(GStrv) names = NULL;
  int n_claims = 5000;
  int runs = 7;
  gboolean json = FALSE;
  Workspace ws = { 0 };
  g_autofree char *html_path = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *w3c_path = NULL;
  gsize html_size = 0;
  const GOptionEntry entries[] = {
    { "claims", 0, 0, G_OPTION_ARG_INT, &n_claims, "Claims in the article (5000)", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs of each figure (7)", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &names, NULL, "[NAME…]" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_claims < 1 || runs < 1)
    {
      g_printerr ("bench-report: %s\n", error ? error->message : "--claims and --runs must be positive");
      return 2;
    }

  make_workspace (&ws, n_claims);
  html_path = g_build_filename (ws.dir, "report.html", NULL);
  csv_path = g_build_filename (ws.dir, "claims.csv", NULL);
  w3c_path = g_build_filename (ws.dir, "claims.jsonld", NULL);

  /* One run first, untimed: caches warm, as in an app that is running */
  export_once (&ws, FM_EXPORT_FORMAT_HTML, html_path);
  {
    GStatBuf st;

    if (g_stat (html_path, &st) == 0)
      html_size = st.st_size;
  }

#define FIGURE(label, body)                                                   \
  if (wanted (names, label))                                                  \
    {                                                                         \
      Figure *figure = g_new0 (Figure, 1);                                    \
      figure->name = label;                                                   \
      figure->ms = g_array_new (FALSE, FALSE, sizeof (double));               \
      for (int r = 0; r < runs; r++)                                          \
        {                                                                     \
          double t0 = now_ms (), elapsed;                                     \
          body;                                                               \
          elapsed = now_ms () - t0;                                           \
          g_array_append_val (figure->ms, elapsed);                           \
        }                                                                     \
      g_ptr_array_add (figures, figure);                                      \
    }

  FIGURE ("report", export_once (&ws, FM_EXPORT_FORMAT_HTML, html_path));
  {
    g_autoptr(FmReportData) data = fm_export_collect (ws.store, ws.article_id, &error);

    g_assert_no_error (error);
    FIGURE ("report-build", {
      g_autoptr(GBytes) bytes = fm_report_build_html (data, NULL, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
    });
  }
  FIGURE ("collect", {
    g_autoptr(FmReportData) copies = fm_export_collect (ws.store, ws.article_id, &error);
    g_assert_no_error (error);
  });
  FIGURE ("csv", export_once (&ws, FM_EXPORT_FORMAT_CSV, csv_path));
  FIGURE ("w3c", export_once (&ws, FM_EXPORT_FORMAT_W3C, w3c_path));
  if (wanted (names, "w3c-import"))
    {
      g_autofree char *contents = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(FmArticle) article = fm_store_get_article (ws.store, ws.article_id, &error);
      gsize len;

      g_assert_no_error (error);
      if (!g_file_test (w3c_path, G_FILE_TEST_EXISTS))
        export_once (&ws, FM_EXPORT_FORMAT_W3C, w3c_path);
      g_assert_true (g_file_get_contents (w3c_path, &contents, &len, NULL));
      bytes = g_bytes_new_take (g_steal_pointer (&contents), len);
      FIGURE ("w3c-import", {
        g_autofree char *other_path = g_strdup_printf ("%s/other-%d.db", ws.dir, r);
        g_autoptr(FmStore) other = fm_store_open (other_path, &error);
        g_autoptr(FmArticle) copy = fm_article_new ();
        g_autoptr(FmArticle) stored = NULL;
        g_autoptr(GPtrArray) imported = NULL;

        g_assert_no_error (error);
        fm_article_set_text (copy, fm_article_get_text (article));
        stored = fm_store_add_article (other, copy, NULL, &error);
        g_assert_no_error (error);
        imported = fm_export_import_annotations (other, fm_article_get_id (stored), bytes, 0,
                                                 NULL, &error);
        g_assert_no_error (error);
        g_assert_cmpuint (imported->len, ==, (guint)n_claims);
      });
    }

  if (json)
    {
      g_print ("{\"claims\": %d, \"runs\": %d, \"report_bytes\": %" G_GSIZE_FORMAT ", \"figures\": {",
               n_claims, runs, html_size);
      for (guint i = 0; i < figures->len; i++)
        {
          Figure *figure = g_ptr_array_index (figures, i);

          g_print ("%s\"%s\": {\"median_ms\": %.1f, \"max_ms\": %.1f}", i ? ", " : "",
                   figure->name, median (figure->ms), maximum (figure->ms));
        }
      g_print ("}}\n");
    }
  else
    {
      g_print ("Exports of an article with %d claims (%d runs; report %.1f MB)\n", n_claims, runs,
               html_size / 1e6);
      g_print ("%-14s %10s %10s\n", "figure", "median ms", "max ms");
      for (guint i = 0; i < figures->len; i++)
        {
          Figure *figure = g_ptr_array_index (figures, i);

          g_print ("%-14s %10.1f %10.1f\n", figure->name, median (figure->ms), maximum (figure->ms));
        }
    }

  for (guint i = 0; i < figures->len; i++)
    {
      Figure *figure = g_ptr_array_index (figures, i);

      g_array_unref (figure->ms);
      g_free (figure);
    }
  g_clear_object (&ws.store);
  remove_tree (ws.dir);
  g_free (ws.dir);
  g_free (ws.article_id);
  return 0;
}
