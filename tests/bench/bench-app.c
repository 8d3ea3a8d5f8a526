/* bench-app.c — the window over a newsroom workspace, timed until painted
 *
 *   bench-app --workspace PATH [--scale LABEL] [--runs N] [--json FILE]
 *   bench-app --memory --workspace PATH [--scale LABEL] [--json FILE]
 *
 * Drives the real window (FmWindow, linked as the UI tests link it) over a
 * copy of a benchmark workspace and times each action from the call that
 * does it to the window's frame clock "after-paint" of the frame that
 * shows its result: nothing sleeps to wait for a result. Each run opens
 * the workspace in a new window, then:
 *
 *   open the workspace: from opening the file to the first frame of the
 *     window with its sidebar of articles (and the newest article)
 *   open an article (about 50 claims) and the long one (5,000 claims):
 *     the first frame, which shows the text in sight with every highlight
 *     and marker on it, and the claim list. (The text view goes on laying
 *     out the lines out of sight in the background, a little at a time,
 *     which only lengthens the scroll bar.)
 *   add a claim to the long article, change a claim's verdict there: the
 *     first frame, which paints the new highlight
 *   the review list over every claim: the first rows shown, a sort by last
 *     change, a status filter, a search for a word, and a claim changed in
 *     the middle of the list until it is painted at the top
 *
 * --memory instead opens the workspace in the review list in a fresh
 * process, pages through it, sorts, filters and searches, and reports the
 * peak resident memory. Needs a display: build-aux/dev bench runs it
 * under Xvfb.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "bench-common.h"
#include "bench-workspace.h"
#include "fm-application.h"
#include "fm-article-view.h"
#include "fm-claim-panel.h"
#include "fm-review-view.h"
#include "fm-window.h"

/* What "the frames stop" means: no frame for this long */
#define QUIET_MS 150
#define INTERACTIVE_MEDIAN 100
#define INTERACTIVE_MAX 250

typedef struct
{
  GdkFrameClock *clock;
  gulong         handler;
  guint          n_paints;
  double         last_paint;
} Paints;

static Paints paints;

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       data)
{
  paints.n_paints++;
  paints.last_paint = fm_bench_now_ms ();
}

static void
follow_paints (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  if (paints.clock == clock)
    return;
  /* A window's clock goes with its window (and its handlers with it) */
  if (paints.clock != NULL && g_signal_handler_is_connected (paints.clock, paints.handler))
    g_signal_handler_disconnect (paints.clock, paints.handler);
  g_clear_object (&paints.clock);
  paints.clock = g_object_ref (clock);
  paints.handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);
}

static gboolean
on_timeout (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @msec */
static void
run_for (guint msec)
{
  gboolean done = FALSE;
  guint id = g_timeout_add (msec, on_timeout, &done);

  while (!done)
    g_main_context_iteration (NULL, TRUE);
  (void)id;
}

/* Runs the main loop until a frame is painted; returns when it was */
static double
wait_for_paint (void)
{
  guint start = paints.n_paints;
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (30, on_timeout, &timed_out);

  while (paints.n_paints == start && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("No frame was painted in 30 s");
  g_source_remove (id);
  return paints.last_paint;
}

/* Runs the main loop until a frame is painted and no other follows for
 * QUIET_MS; returns when the last one was painted */
static double
wait_for_last_paint (void)
{
  guint seen;

  wait_for_paint ();
  do
    {
      seen = paints.n_paints;
      run_for (QUIET_MS);
    }
  while (paints.n_paints != seen);
  return paints.last_paint;
}

/* Lets whatever the last step started finish (a highlight's flash lasts
 * 800 ms; the text view lays out a long text in the background), so that
 * it does not count towards the next figure: until no frame came for
 * 300 ms */
static void
settle (void)
{
  guint seen;

  do
    {
      seen = paints.n_paints;
      run_for (300);
    }
  while (paints.n_paints != seen);
}

typedef struct
{
  FmBenchResults *results;
  const char     *scale;
  const char     *path;
  char           *long_id;
  GPtrArray      *other_ids;     /* articles to open in turn */
  guint           run;
  gboolean        cpu;           /* also the CPU time of each action */
  gboolean        trace;         /* print when each action began */
  double          cpu_start;
  double          wall_start;
} Bench;

/* The start of an action: now, and this process's CPU time so far */
static double
begin_action (Bench *bench)
{
  bench->cpu_start = fm_bench_cpu_ms ();
  bench->wall_start = fm_bench_now_ms ();
  return bench->wall_start;
}

static FmBenchFigure *
add (Bench      *bench,
     const char *name,
     double      ms,
     double      target_median,
     double      target_max)
{
  FmBenchFigure *figure = fm_bench_add (bench->results, name, "ms", bench->scale, ms);

  if (target_median > 0 || target_max > 0)
    fm_bench_figure_set_target (figure, target_median, target_max);
  /* For perf record -k CLOCK_MONOTONIC: where each action is */
  if (bench->trace)
    g_printerr ("trace: %.3f %.3f %s\n", bench->wall_start, bench->wall_start + ms, name);
  /* On a busy machine the CPU time shows what is ours */
  if (bench->cpu)
    {
      g_autofree char *cpu_name = g_strconcat ("  CPU: ", name, NULL);
      fm_bench_add (bench->results, cpu_name, "ms", bench->scale,
                    fm_bench_cpu_ms () - bench->cpu_start);
    }
  return figure;
}

static FmWindow *
open_window (Bench         *bench,
             FmApplication *app)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FmStore) store = NULL;
  FmWindow *window;
  double t0 = begin_action (bench);

  store = fm_store_open (bench->path, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  window = fm_window_new (app, store, NULL);
  gtk_window_present (GTK_WINDOW (window));
  follow_paints (GTK_WIDGET (window));
  add (bench, "open the workspace: window and sidebar painted", wait_for_paint () - t0, 0, 0);
  return window;
}

/* The offsets of the @n-th filler sentence of the long article, where no
 * claim is yet */
static gboolean
find_free_sentence (FmArticle *article,
                    guint      n,
                    guint     *start,
                    guint     *end)
{
  static const char needle[] = "The debate continued late into the night.";
  const char *text = fm_article_get_text (article);
  const char *at = text;

  for (guint i = 0; at != NULL; i++)
    {
      at = strstr (at, needle);
      if (at != NULL && i == n)
        {
          *start = g_utf8_pointer_to_offset (text, at);
          *end = *start + strlen (needle) - 1;
          return TRUE;
        }
      if (at != NULL)
        at += strlen (needle);
    }
  return FALSE;
}

static void
bench_article (Bench    *bench,
               FmWindow *window)
{
  FmArticleView *view = FM_ARTICLE_VIEW (fm_window_get_article_view (window));
  FmClaimPanel *panel = FM_CLAIM_PANEL (fm_window_get_claim_panel (window));
  const char *other = g_ptr_array_index (bench->other_ids, bench->run % bench->other_ids->len);
  double t0;

  /* An ordinary article, after the long one */
  fm_window_show_article (window, bench->long_id);
  settle ();
  t0 = begin_action (bench);
  fm_window_show_article (window, other);
  add (bench, "open an article (about 50 claims), painted", wait_for_paint () - t0,
       INTERACTIVE_MEDIAN, INTERACTIVE_MAX);
  settle ();

  t0 = begin_action (bench);
  fm_window_show_article (window, bench->long_id);
  add (bench, "open the article with 5,000 claims, painted", wait_for_paint () - t0,
       0, 250);
  settle ();

  /* A claim on a sentence that has none: the highlight in the next frame */
  {
    FmArticle *article = fm_window_get_article (window);
    guint start, end, before;

    if (!find_free_sentence (article, bench->run * 7, &start, &end))
      g_error ("The long article has no free sentence %u", bench->run * 7);
    fm_article_view_select_range (view, start, end);
    settle ();
    {
      g_autoptr(GPtrArray) at = fm_article_view_claims_at (view, start);
      before = at->len;
    }
    t0 = begin_action (bench);
    gtk_widget_activate_action (GTK_WIDGET (window), "win.add-claim", NULL);
    add (bench, "add a claim to the long article, painted", wait_for_paint () - t0,
         INTERACTIVE_MEDIAN, INTERACTIVE_MAX);
    {
      g_autoptr(GPtrArray) now = fm_article_view_claims_at (view, start);

      if (now->len != before + 1)
        g_error ("The claim was not added");
    }
    settle ();
  }

  /* A verdict changed on a claim far down the long article */
  {
    g_autoptr(FmClaim) claim = NULL;
    GListModel *list = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (fm_claim_panel_get_list_view (panel))));
    guint n = g_list_model_get_n_items (list);
    FmVerdict verdict;

    claim = g_list_model_get_item (list, n - 1 - (bench->run * 97) % (n / 2));
    fm_claim_panel_set_selected_claim (panel, claim);
    settle ();
    verdict = (fm_claim_get_verdict (claim) + 1) % FM_N_VERDICTS;
    t0 = begin_action (bench);
    gtk_widget_activate_action (GTK_WIDGET (window), "win.set-verdict", "i", (gint32)verdict);
    add (bench, "change a verdict in the long article, repainted", wait_for_paint () - t0,
         INTERACTIVE_MEDIAN, INTERACTIVE_MAX);
    if (fm_claim_get_verdict (claim) != verdict)
      g_error ("The verdict did not change");
    settle ();
  }
}

static GtkColumnViewColumn *
review_column (FmReviewView *view,
               guint         index)
{
  GtkColumnView *column_view = GTK_COLUMN_VIEW (fm_review_view_get_column_view (view));
  GtkColumnViewColumn *column = g_list_model_get_item (gtk_column_view_get_columns (column_view),
                                                       index);

  g_object_unref (column);
  return column;
}

#define COLUMN_UPDATED 7

static void
bench_review (Bench    *bench,
              FmWindow *window)
{
  FmReviewView *view = FM_REVIEW_VIEW (fm_window_get_review_view (window));
  GtkColumnView *column_view = GTK_COLUMN_VIEW (fm_review_view_get_column_view (view));
  GListModel *model;
  guint total;
  double t0;

  t0 = begin_action (bench);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.review", NULL);
  add (bench, "review: first rows of every claim shown", wait_for_paint () - t0,
       INTERACTIVE_MEDIAN, INTERACTIVE_MAX);
  model = G_LIST_MODEL (fm_review_view_get_model (view));
  total = g_list_model_get_n_items (model);
  if (total < 100)
    g_error ("The review list shows %u claims", total);
  settle ();

  /* Oldest change first, then back to the newest first (the default) */
  t0 = begin_action (bench);
  gtk_column_view_sort_by_column (column_view, review_column (view, COLUMN_UPDATED),
                                  GTK_SORT_ASCENDING);
  add (bench, "review: sort by last change", wait_for_paint () - t0,
       INTERACTIVE_MEDIAN, INTERACTIVE_MAX);
  settle ();
  t0 = begin_action (bench);
  gtk_column_view_sort_by_column (column_view, review_column (view, COLUMN_UPDATED),
                                  GTK_SORT_DESCENDING);
  add (bench, "review: sort by last change", wait_for_paint () - t0,
       INTERACTIVE_MEDIAN, INTERACTIVE_MAX);
  settle ();

  t0 = begin_action (bench);
  fm_review_view_set_status_filter (view, FALSE, FM_STATUS_NEEDS_REVIEW);
  add (bench, "review: filter by status (needs review)", wait_for_paint () - t0,
       INTERACTIVE_MEDIAN, INTERACTIVE_MAX);
  settle ();
  t0 = begin_action (bench);
  fm_review_view_set_status_filter (view, TRUE, 0);
  add (bench, "review: filter by status (all)", wait_for_paint () - t0,
       INTERACTIVE_MEDIAN, INTERACTIVE_MAX);
  settle ();

  t0 = begin_action (bench);
  fm_review_view_set_search (view, FM_BENCH_SEARCH_WORD);
  add (bench, "review: search for a word", wait_for_paint () - t0,
       INTERACTIVE_MEDIAN, INTERACTIVE_MAX);
  settle ();
  fm_bench_add (bench->results, "review: claims the search finds", "count", bench->scale,
                g_list_model_get_n_items (model));
  t0 = begin_action (bench);
  fm_review_view_set_search (view, "");
  add (bench, "review: clear the search", wait_for_paint () - t0,
       INTERACTIVE_MEDIAN, INTERACTIVE_MAX);
  settle ();

  /* A claim in the middle of the list (newest change first) changes: it
   * goes to the top of the list */
  {
    g_autoptr(FmClaim) claim = g_list_model_get_item (model, total / 2 + bench->run);
    g_autoptr(GError) error = NULL;
    g_autofree char *summary = g_strdup_printf ("Checked again in run %u", bench->run);
    FmStore *store = fm_review_model_get_store (FM_REVIEW_MODEL (model));
    gboolean on_top = FALSE;

    t0 = begin_action (bench);
    if (!fm_store_set_claim_field (store, claim, FM_CLAIM_FIELD_SUMMARY, summary, &error))
      g_error ("%s", error->message);
    while (!on_top)
      {
        g_autoptr(FmClaim) top = NULL;

        wait_for_paint ();
        top = g_list_model_get_item (model, 0);
        on_top = top == claim;
      }
    add (bench, "review: a claim changed, painted at the top", paints.last_paint - t0,
         INTERACTIVE_MEDIAN, INTERACTIVE_MAX);
    settle ();
  }
}

static void
pick_articles (Bench *bench)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FmStore) store = fm_store_open (bench->path, &error);
  g_autoptr(GPtrArray) articles = NULL;

  if (store == NULL)
    g_error ("%s", error->message);
  bench->long_id = fm_bench_find_long_article (store, &error);
  if (bench->long_id == NULL)
    g_error ("%s", error->message);
  articles = fm_store_list_articles (store, &error);
  bench->other_ids = g_ptr_array_new_with_free_func (g_free);
  /* Ordinary articles from all over the list */
  for (guint i = 1; i < articles->len && bench->other_ids->len < 16; i += articles->len / 16 + 1)
    {
      FmArticle *article = g_ptr_array_index (articles, i);

      if (!g_str_equal (fm_article_get_id (article), bench->long_id))
        g_ptr_array_add (bench->other_ids, g_strdup (fm_article_get_id (article)));
    }
}

static FmApplication *
start_application (void)
{
  g_autoptr(GError) error = NULL;
  FmApplication *app = fm_application_new ();

  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);
  g_application_hold (G_APPLICATION (app));
  /* A blinking cursor paints frames of its own */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);
  return app;
}

/* The review list over the whole workspace, in a process that did nothing else */
static void
bench_memory (Bench *bench)
{
  g_autoptr(FmApplication) app = start_application ();
  FmWindow *window = open_window (bench, app);
  FmReviewView *view = FM_REVIEW_VIEW (fm_window_get_review_view (window));
  GtkColumnView *column_view = GTK_COLUMN_VIEW (fm_review_view_get_column_view (view));
  GtkAdjustment *adj =
    gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (gtk_widget_get_parent (GTK_WIDGET (column_view))));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.review", NULL);
  wait_for_last_paint ();
  /* Forty pages down, a jump to the end, other orders and filters */
  for (guint i = 0; i < 40; i++)
    {
      gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj));
      wait_for_paint ();
    }
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
  wait_for_paint ();
  for (guint c = 1; c < 8; c++)
    {
      gtk_column_view_sort_by_column (column_view, review_column (view, c), GTK_SORT_ASCENDING);
      wait_for_paint ();
    }
  fm_review_view_set_status_filter (view, FALSE, FM_STATUS_APPROVED);
  wait_for_paint ();
  fm_review_view_set_search (view, FM_BENCH_SEARCH_WORD);
  wait_for_paint ();
  fm_review_view_clear_filters (view);
  wait_for_last_paint ();

  fm_bench_figure_set_target (fm_bench_add (bench->results,
                                            "peak memory, workspace in the review list", "MiB",
                                            bench->scale, fm_bench_peak_rss_kib () / 1024.0),
                              0, 200);
  fm_bench_add (bench->results, "memory after paging, sorting, searching", "MiB", bench->scale,
                fm_bench_rss_kib () / 1024.0);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— time the window");
  g_autoptr(GError) error = NULL;
  g_autofree char *workspace = NULL;
  g_autofree char *json = NULL;
  g_autofree char *scale = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *copy = NULL;
  g_autoptr(FmBenchResults) results = NULL;
  gboolean memory = FALSE;
  g_autofree char *only = NULL;
  int runs = 5;
  Bench bench = { 0 };
  const GOptionEntry entries[] = {
    { "workspace", 0, 0, G_OPTION_ARG_FILENAME, &workspace, "The benchmark workspace (copied)", "PATH" },
    { "scale", 0, 0, G_OPTION_ARG_STRING, &scale, "Its name in the table (100k)", "LABEL" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs of each figure (5)", "N" },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &json, "Write the figures here", "FILE" },
    { "memory", 0, 0, G_OPTION_ARG_NONE, &memory, "Peak memory in the review list", NULL },
    { "cpu", 0, 0, G_OPTION_ARG_NONE, &bench.cpu, "Also the CPU time of each action", NULL },
    { "trace", 0, 0, G_OPTION_ARG_NONE, &bench.trace, "Print when each action began and ended (monotonic ms)", NULL },
    { "only", 0, 0, G_OPTION_ARG_STRING, &only, "Only the article or the review figures", "article|review" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || workspace == NULL || runs < 1)
    {
      g_printerr ("bench-app: %s\n", error ? error->message : "--workspace is needed");
      return 2;
    }

  /* The window changes the workspace: a copy, thrown away afterwards */
  dir = g_dir_make_tmp ("factmark-bench-XXXXXX", &error);
  if (dir == NULL)
    g_error ("%s", error->message);
  copy = g_build_filename (dir, "workspace.db", NULL);
  if (!fm_bench_workspace_copy (workspace, copy, &error))
    g_error ("%s", error->message);
  g_setenv ("XDG_DATA_HOME", dir, TRUE);

  results = fm_bench_results_new (memory ? "Memory" : "The window");
  bench.results = results;
  bench.scale = scale;
  bench.path = copy;
  pick_articles (&bench);

  if (memory)
    bench_memory (&bench);
  else
    {
      g_autoptr(FmApplication) app = start_application ();

      for (bench.run = 0; bench.run < (guint)runs; bench.run++)
        {
          FmWindow *window = open_window (&bench, app);

          settle ();
          if (only == NULL || g_str_equal (only, "article"))
            bench_article (&bench, window);
          if (only == NULL || g_str_equal (only, "review"))
            bench_review (&bench, window);
          gtk_window_destroy (GTK_WINDOW (window));
          run_for (200);
          fprintf (stderr, "\r  run %u of %d", bench.run + 1, runs);
        }
      fprintf (stderr, "\n");
    }

  fm_bench_results_print (results);
  if (json != NULL && !fm_bench_results_write_json (results, json, &error))
    g_error ("%s", error->message);

  g_clear_object (&paints.clock);
  g_free (bench.long_id);
  g_clear_pointer (&bench.other_ids, g_ptr_array_unref);
  fm_bench_workspace_remove (copy);
  g_rmdir (dir);
  return 0;
}
