/* bench-review.c — the review table over a workspace of 100,000 claims
 *
 *   bench-review [--claims N] [--keep PATH]
 *
 * Writes a workspace of N claims (default 100,000) over N/500 articles —
 * or reuses PATH when it exists — then shows FmReviewView in a window and
 * times, each until the next frame is painted: the first screen, a sort by
 * another column, the Needs review filter, a full-text search, and jumps
 * to the middle and the end of the list. It also reports how many rows
 * have widgets and the process's peak memory. Needs a display (Xvfb is
 * fine); build-aux/dev bench review runs it.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "fm-import.h"
#include "fm-review-view.h"
#include "fm-store.h"

static guint n_paints;

static const char *words[] = {
  "council", "harbour", "tram", "budget", "hospital", "waiting", "school", "meals", "reservoir",
  "ferry", "fares", "rainfall", "nurses", "pupils", "euros", "percent", "million", "passengers",
};

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static double
cpu_ms (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec * 1000.0 + usage.ru_utime.tv_usec / 1000.0 +
         usage.ru_stime.tv_sec * 1000.0 + usage.ru_stime.tv_usec / 1000.0;
}

static void
on_after_paint (void)
{
  n_paints++;
}

/* Runs the main loop until a frame has been painted after the call */
static void
wait_for_paint (void)
{
  guint start = n_paints;
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (n_paints == start && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
}

static void
settle (guint msec)
{
  gint64 end = g_get_monotonic_time () + msec * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static char *
proc_status (const char *key)
{
  g_autofree char *status = NULL;
  const char *at;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (at = strstr (status, key)) == NULL)
    return g_strdup ("?");
  at += strlen (key);
  while (*at == ' ' || *at == '\t')
    at++;
  return g_strndup (at, strcspn (at, "\n"));
}

static void
make_workspace (const char *path,
                guint       n_claims)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FmStore) store = fm_store_open (path, &error);
  guint per_article = 500;
  guint n = 0;
  double start = now_ms ();

  if (store == NULL)
    g_error ("%s", error->message);
  fm_store_set_actor (store, "Bench Checker");
  for (guint a = 0; n < n_claims; a++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(FmArticle) article = fm_article_new ();
      g_autoptr(FmArticle) stored = NULL;
      g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint));
      guint offset = 0;

      g_string_append_printf (text, "Article %u about the %s\n", a, words[a % G_N_ELEMENTS (words)]);
      offset = g_utf8_strlen (text->str, -1);
      for (guint i = 0; i < per_article; i++)
        {
          g_autofree char *sentence =
            g_strdup_printf ("Sentence %u of article %u says the %s cost %u %s.", i, a,
                             words[(a + i) % G_N_ELEMENTS (words)], (a * 7 + i * 13) % 1000,
                             words[(i * 5) % G_N_ELEMENTS (words)]);

          g_array_append_val (starts, offset);
          g_string_append (text, sentence);
          g_string_append (text, i % 4 == 3 ? "\n" : " ");
          offset += g_utf8_strlen (sentence, -1) + 1;
        }
      fm_article_set_title (article, text->str);
      *strchr ((char *)fm_article_get_title (article), '\n') = '\0';
      fm_article_set_text (article, text->str);
      stored = fm_store_add_article (store, article, NULL, &error);
      if (stored == NULL)
        g_error ("%s", error->message);

      for (guint i = 0; i < per_article && n < n_claims; i++, n++)
        {
          g_autoptr(FmClaim) claim = fm_claim_new ();
          g_autoptr(FmClaim) inserted = NULL;
          guint s = g_array_index (starts, guint, i);
          const char *body = fm_article_get_text (stored);
          const char *from = g_utf8_offset_to_pointer (body, s);
          const char *dot = strchr (from, '.');
          guint e = s + g_utf8_pointer_to_offset (from, dot);
          g_autofree char *quote = g_strndup (from, dot - from);

          fm_claim_set_article_id (claim, fm_article_get_id (stored));
          fm_claim_set_span (claim, s, e);
          fm_claim_set_selector (claim, quote, "", "");
          fm_claim_set_verdict (claim, n % FM_N_VERDICTS);
          fm_claim_set_status (claim, (n / 3) % FM_N_STATUSES);
          fm_claim_set_assignee (claim, n % 4 ? "Ana Checker" : "Tomás Rivera");
          if (n % 2)
            fm_claim_set_summary (claim, quote);
          inserted = fm_store_insert_claim (store, claim, NULL, &error);
          if (inserted == NULL)
            g_error ("%s", error->message);
        }
      fprintf (stderr, "\r%u claims written", n);
    }
  fprintf (stderr, "\n# workspace of %u claims written in %.1f s\n", n, (now_ms () - start) / 1000);
}

static void
report (const char *what,
        double      ms)
{
  printf ("%-44s %9.1f ms\n", what, ms);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *keep = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(FmStore) store = NULL;
  int n_claims = 100000;
  GOptionEntry entries[] = {
    { "claims", 0, 0, G_OPTION_ARG_INT, &n_claims, "Claims in a new workspace", "N" },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep, "Workspace to reuse or keep", "PATH" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— time the review table");
  GtkWidget *window;
  FmReviewView *view;
  GtkColumnView *column_view;
  GtkAdjustment *adj;
  GdkFrameClock *clock;
  double t;
  guint total;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "bench-review: %s\n", error->message);
      return 2;
    }
  if (keep != NULL)
    path = g_strdup (keep);
  else
    {
      dir = g_dir_make_tmp ("factmark-bench-XXXXXX", &error);
      g_assert_no_error (error);
      path = g_build_filename (dir, "workspace.db", NULL);
    }
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    make_workspace (path, n_claims);

  adw_init ();
  t = now_ms ();
  store = fm_store_open (path, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  report ("open the workspace", now_ms () - t);

  /* The store's part alone: the model's query (keys and counts), no widgets */
  {
    g_autoptr(FmReviewModel) model = NULL;
    FmClaimQuery query = FM_CLAIM_QUERY_INIT;

    t = now_ms ();
    model = fm_review_model_new (store);
    report ("model: all claims, last change first", now_ms () - t);
    query.sort = FM_CLAIM_SORT_STATUS;
    t = now_ms ();
    fm_review_model_set_query (model, &query);
    report ("model: sort by status", now_ms () - t);
    query.any_status = FALSE;
    query.status = FM_STATUS_NEEDS_REVIEW;
    t = now_ms ();
    fm_review_model_set_query (model, &query);
    report ("model: needs review", now_ms () - t);
    t = now_ms ();
    for (guint i = 0; i < 256; i++)
      g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), i));
    report ("model: read 256 rows (4 pages)", now_ms () - t);
  }

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  view = FM_REVIEW_VIEW (fm_review_view_new ());
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  settle (300);
  clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);

  t = now_ms ();
  fm_review_view_set_store (view, store);
  report ("  of which the view's queries", now_ms () - t);
  wait_for_paint ();
  report ("first screen (queries, rows, paint)", now_ms () - t);
  total = g_list_model_get_n_items (G_LIST_MODEL (fm_review_view_get_model (view)));
  printf ("%-44s %9u\n", "claims listed", total);
  printf ("%-44s %9u\n", "rows with widgets", fm_review_view_get_n_bound_rows (view));

  column_view = GTK_COLUMN_VIEW (fm_review_view_get_column_view (view));
  {
    g_autoptr(GtkColumnViewColumn) status = g_list_model_get_item (gtk_column_view_get_columns (column_view), 4);
    g_autoptr(GtkColumnViewColumn) article = g_list_model_get_item (gtk_column_view_get_columns (column_view), 2);

    double c = cpu_ms ();

    t = now_ms ();
    gtk_column_view_sort_by_column (column_view, status, GTK_SORT_ASCENDING);
    report ("  of which the query", now_ms () - t);
    report ("  of which the query, CPU", cpu_ms () - c);
    wait_for_paint ();
    report ("sort by status", now_ms () - t);

    t = now_ms ();
    gtk_column_view_sort_by_column (column_view, article, GTK_SORT_DESCENDING);
    wait_for_paint ();
    report ("sort by article, descending", now_ms () - t);
  }

  t = now_ms ();
  fm_review_view_set_status_filter (view, FALSE, FM_STATUS_NEEDS_REVIEW);
  wait_for_paint ();
  report ("filter: needs review", now_ms () - t);
  printf ("%-44s %9u\n", "  claims that need review",
          g_list_model_get_n_items (G_LIST_MODEL (fm_review_view_get_model (view))));

  t = now_ms ();
  fm_review_view_set_search (view, "harbour");
  wait_for_paint ();
  report ("search \"harbour\" (needs review)", now_ms () - t);
  printf ("%-44s %9u\n", "  claims found",
          g_list_model_get_n_items (G_LIST_MODEL (fm_review_view_get_model (view))));

  t = now_ms ();
  fm_review_view_clear_filters (view);
  wait_for_paint ();
  report ("clear the filters", now_ms () - t);

  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (gtk_widget_get_parent (GTK_WIDGET (column_view))));
  settle (200);
  t = now_ms ();
  gtk_adjustment_set_value (adj, (gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj)) / 2);
  wait_for_paint ();
  report ("jump to the middle", now_ms () - t);
  t = now_ms ();
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
  wait_for_paint ();
  report ("jump to the end", now_ms () - t);
  printf ("%-44s %9u\n", "rows with widgets", fm_review_view_get_n_bound_rows (view));

  /* Scrolling through a screen at a time, as a reader pages down */
  t = now_ms ();
  gtk_adjustment_set_value (adj, 0);
  wait_for_paint ();
  for (guint i = 0; i < 50; i++)
    {
      gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj));
      wait_for_paint ();
    }
  report ("50 pages down, per page", (now_ms () - t) / 51);

  /* An edit far down the list, which brings the claim to the top of a list
   * in order of last change */
  {
    g_autoptr(GtkColumnViewColumn) updated = g_list_model_get_item (gtk_column_view_get_columns (column_view), 7);
    g_autoptr(FmClaim) claim = NULL;
    guint n_changes = 0;

    gtk_column_view_sort_by_column (column_view, updated, GTK_SORT_DESCENDING);
    wait_for_paint ();
    claim = g_list_model_get_item (G_LIST_MODEL (fm_review_view_get_model (view)), total / 2);
    t = now_ms ();
    if (!fm_store_set_claim_field (store, claim, FM_CLAIM_FIELD_SUMMARY, "Edited in the bench", &error))
      g_error ("%s", error->message);
    while (g_list_model_get_n_items (G_LIST_MODEL (fm_review_view_get_model (view))) > 0 &&
           n_changes++ < 100)
      {
        g_autoptr(FmClaim) top = g_list_model_get_item (G_LIST_MODEL (fm_review_view_get_model (view)), 0);

        if (top == claim)
          break;
        g_main_context_iteration (NULL, TRUE);
      }
    wait_for_paint ();
    report ("edit a claim in the middle: on top, painted", now_ms () - t);
  }

  {
    g_autofree char *rss = proc_status ("VmRSS:");
    g_autofree char *hwm = proc_status ("VmHWM:");

    printf ("%-44s %12s\n", "memory now (VmRSS)", rss);
    printf ("%-44s %12s\n", "peak memory (VmHWM)", hwm);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&store);
  if (dir != NULL)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);

      g_remove (path);
      g_remove (wal);
      g_remove (shm);
      g_rmdir (dir);
    }
  return 0;
}
