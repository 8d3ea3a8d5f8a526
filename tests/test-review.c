/* test-review.c — the editor's desk in the real window
 *
 * Runs under Xvfb (build-aux/dev test), like test-window. A workspace with
 * five articles and forty claims in every status is written first, as a
 * newsroom would have it; then an editor ("Ed Itor") works through the
 * review list: filters it, opens claims, approves, refuses, sends back,
 * and comes back to the list. Each decision is checked on disk through a
 * second connection.
 */
#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <math.h>
#include <string.h>

#include "fm-application.h"
#include "fm-article-row.h"
#include "fm-claim-panel.h"
#include "fm-history-row.h"
#include "fm-import.h"
#include "fm-review-rows.h"
#include "fm-review-view.h"
#include "fm-store.h"
#include "fm-test.h"
#include "fm-text-cell.h"
#include "fm-ui-frame.h"
#include "fm-ui-test.h"
#include "fm-window.h"
#include "fm-workflow-box.h"
#include "fm-workflow-dialog.h"

static char *tmpdir;
static FmApplication *app;

/* The newsroom's workspace */

typedef struct
{
  const char *title;
  const char *site;
  const char *sentences[8];
} Article;

static const Article articles[] = {
  { "Council approves tram line to the harbour", "Eastvale Herald", {
      "The new line will cost 214 million euros, the council said on Tuesday.",
      "It will carry 40,000 passengers a day by 2030.",
      "Construction is due to start next spring and take three years.",
      "The harbour district has no rail link today.",
      "Ticket prices will match the existing bus fares.",
      "Two thirds of the money comes from the national transport fund.",
      "The route passes 11 stops between the station and the ferry terminal.",
      "Traffic on Harbour Road has doubled since 2015.",
    } },
  { "Hospital waiting lists fall for a third month", "Northshire Post", {
      "The waiting list fell to 18,400 patients in October.",
      "That is the lowest figure since records began in 2011.",
      "Hip and knee operations now wait 14 weeks on average.",
      "The hospital hired 120 nurses from abroad this year.",
      "Evening clinics cut the list by a fifth, the trust says.",
      "Cancer referrals are seen within the two-week target.",
      "Staff sickness is at its lowest level in a decade.",
      "The regional average wait is 19 weeks.",
    } },
  { "How much does the county spend on school meals?", "The Ledger", {
      "The county spends 2.10 euros on each school lunch.",
      "Half of the food is bought from farms within 50 kilometres.",
      "Free meals reach one pupil in four.",
      "The budget has not risen since 2019.",
      "Neighbouring counties spend a third more per meal.",
      "Every school now offers a vegetarian dish each day.",
      "Food waste fell by 30 percent after portions changed.",
      "Parents pay 3 euros for a meal that is not free.",
    } },
  { "Reservoirs at a ten-year low, water board warns", "Eastvale Herald", {
      "Reservoirs are holding 41 percent of their capacity.",
      "Rainfall since March has been half the usual amount.",
      "The board has not imposed a hosepipe ban since 2012.",
      "Leaks lose a fifth of the treated water.",
      "Household use rose by 8 percent during the heatwave.",
      "A new pipeline to the river is planned for 2027.",
      "The board says there is a one in three chance of a dry summer.",
      "Farmers take a quarter of the water drawn from the rivers.",
    } },
  { "Ferry company promises cleaner boats by 2028", "Coastline Today", {
      "Three of the five ferries will run on batteries by 2028.",
      "The crossing emits as much carbon as 9,000 cars a year.",
      "Charging points at both ports will cost 12 million euros.",
      "Fares will not rise to pay for the new boats.",
      "The oldest ferry was built in 1987.",
      "Passenger numbers grew by 6 percent last summer.",
      "The company made a profit of 4.2 million euros last year.",
      "Electric ferries in Norway cut fuel costs by 60 percent.",
    } },
};

static const char *assignees[] = { "Ana Checker", "Tomás Rivera", "Mei Lin", "" };
static const char *tags[] = { "transport", "health", "budget", "environment", "transport" };

typedef enum {
  PLAN_UNCHECKED,
  PLAN_IN_PROGRESS,
  PLAN_NEEDS_REVIEW,          /* sign-off complete */
  PLAN_NEEDS_REVIEW_BARE,     /* waiting, but no source yet */
  PLAN_CHANGES_REQUESTED,
  PLAN_APPROVED,
} Plan;

/* What each sentence becomes: needs review most often, as on a busy desk */
static const Plan plans[8] = {
  PLAN_APPROVED, PLAN_NEEDS_REVIEW, PLAN_NEEDS_REVIEW, PLAN_IN_PROGRESS,
  PLAN_NEEDS_REVIEW_BARE, PLAN_CHANGES_REQUESTED, PLAN_NEEDS_REVIEW, PLAN_UNCHECKED,
};

static guint expected[FM_N_STATUSES];
static char *article_ids[G_N_ELEMENTS (articles)];

static void
add_source (FmStore      *store,
            FmClaim      *claim,
            const char   *url,
            const char   *title,
            FmSourceKind  kind)
{
  g_autoptr(FmSource) values = fm_source_new ();
  g_autoptr(FmSource) source = NULL;
  g_autoptr(GError) error = NULL;

  fm_source_set_url (values, url);
  fm_source_set_title (values, title);
  fm_source_set_kind (values, kind);
  fm_source_set_stance (values, FM_STANCE_SUPPORTS);
  source = fm_store_add_source (store, fm_claim_get_id (claim), values, &error);
  g_assert_no_error (error);
}

static void
make_workspace (void)
{
  g_autofree char *path = fm_store_default_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FmStore) store = fm_store_open (path, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint a = 0; a < G_N_ELEMENTS (articles); a++)
    {
      g_autoptr(GString) text = g_string_new (articles[a].title);
      g_autoptr(FmArticle) imported = NULL;
      g_autoptr(FmArticle) article = NULL;

      g_string_append (text, "\n\n");
      for (guint i = 0; i < 8; i++)
        g_string_append_printf (text, "%s%s", articles[a].sentences[i], i % 2 ? "\n\n" : " ");
      imported = fm_import_text (text->str, NULL, FM_IMPORT_FLAGS_NONE, &error);
      g_assert_no_error (error);
      fm_article_set_site_name (imported, articles[a].site);
      article = fm_store_add_article (store, imported, NULL, &error);
      g_assert_no_error (error);
      article_ids[a] = g_strdup (fm_article_get_id (article));

      for (guint i = 0; i < 8; i++, n++)
        {
          const char *body = fm_article_get_text (article);
          const char *at = strstr (body, articles[a].sentences[i]);
          guint start = g_utf8_pointer_to_offset (body, at);
          guint end = start + g_utf8_strlen (articles[a].sentences[i], -1) - 1;
          g_autoptr(FmClaim) claim = NULL;
          Plan plan = plans[(i + a) % 8];
          const char *journalist = assignees[n % 3];

          fm_store_set_actor (store, journalist);
          claim = fm_store_create_claim (store, article_ids[a], start, end, &error);
          g_assert_no_error (error);
          if (n % 3 != 2)
            {
              g_autofree char *summary = g_strndup (articles[a].sentences[i],
                                                    strlen (articles[a].sentences[i]) - 1);
              g_assert_true (fm_store_set_claim_field (store, claim, FM_CLAIM_FIELD_SUMMARY,
                                                       summary, &error));
            }
          g_assert_true (fm_store_set_claim_field (store, claim, FM_CLAIM_FIELD_ASSIGNEE,
                                                   assignees[n % G_N_ELEMENTS (assignees)], &error));
          g_assert_true (fm_store_set_claim_field (store, claim, FM_CLAIM_FIELD_TAGS, tags[a],
                                                   &error));
          if (plan == PLAN_UNCHECKED)
            {
              expected[FM_STATUS_UNCHECKED]++;
              continue;
            }
          g_assert_true (fm_store_set_claim_verdict (store, claim, 1 + (n * 3) % (FM_N_VERDICTS - 1),
                                                     &error));
          g_assert_true (fm_store_set_claim_status (store, claim, FM_STATUS_IN_PROGRESS, &error));
          if (plan == PLAN_IN_PROGRESS)
            {
              expected[FM_STATUS_IN_PROGRESS]++;
              continue;
            }
          g_assert_true (fm_store_set_claim_field (store, claim, FM_CLAIM_FIELD_EXPLANATION,
                                                   "The figure matches the published report; "
                                                   "the press office confirmed it by phone.", &error));
          if (plan != PLAN_NEEDS_REVIEW_BARE)
            {
              add_source (store, claim, "https://data.example.org/report.pdf",
                          "Annual report, table 4", FM_SOURCE_KIND_DATA);
              if (n % 2)
                add_source (store, claim, "https://news.example.com/story",
                            "Earlier coverage", FM_SOURCE_KIND_NEWS);
            }
          g_assert_true (fm_store_submit_for_review (store, claim, &error));
          if (plan == PLAN_NEEDS_REVIEW || plan == PLAN_NEEDS_REVIEW_BARE)
            {
              expected[FM_STATUS_NEEDS_REVIEW]++;
              continue;
            }
          fm_store_set_actor (store, "Ed Itor");
          if (plan == PLAN_APPROVED)
            {
              g_assert_true (fm_store_approve_claim (store, claim, NULL, &error));
              expected[FM_STATUS_APPROVED]++;
            }
          else
            {
              g_assert_true (fm_store_request_changes (store, claim,
                                                       "Which year is this figure for? Add the source.",
                                                       &error));
              expected[FM_STATUS_CHANGES_REQUESTED]++;
            }
          g_assert_no_error (error);
        }
    }
}

/* The window */

static FmWindow *
window (void)
{
  return fm_ui_test_window (app);
}

/* At least @msec, and a frame after them: the table has laid out its rows
 * and the panels what they show, however slow the build (the sanitizers')
 * or the machine */
static void
settle (guint msec)
{
  fm_ui_test_run_for (msec);
  fm_ui_wait_for_frame (GTK_WIDGET (window ()));
}

static FmReviewView *
review (void)
{
  return FM_REVIEW_VIEW (fm_window_get_review_view (window ()));
}

static FmClaimPanel *
panel (void)
{
  return FM_CLAIM_PANEL (fm_window_get_claim_panel (window ()));
}

static GListModel *
rows (void)
{
  return G_LIST_MODEL (fm_review_view_get_model (review ()));
}

static FmClaim *
disk_claim (const char *id)
{
  g_autoptr(FmStore) store = fm_ui_test_open_disk ();
  g_autoptr(GError) error = NULL;
  FmClaim *claim = fm_store_get_claim (store, id, &error);

  g_assert_no_error (error);
  return claim;
}

static GPtrArray *
disk_history (const char *id)
{
  g_autoptr(FmStore) store = fm_ui_test_open_disk ();
  g_autoptr(GError) error = NULL;
  GPtrArray *history = fm_store_get_history (store, id, &error);

  g_assert_no_error (error);
  return history;
}

static void
activate (const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window ()), action, NULL));
}

static FmWorkflowDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (FM_IS_WORKFLOW_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return FM_WORKFLOW_DIALOG (w);
    }
  return NULL;
}

static GtkAdjustment *
list_adjustment (void)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (fm_review_view_get_column_view (review ()),
                                                 GTK_TYPE_SCROLLED_WINDOW);

  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  fm_ui_save_screenshot (widget, name);
}

/* The last row that shows a claim for which @pred holds: below the rows
 * in sight, so that it leaving the list moves nothing on screen */
static guint
find_row (gboolean (*pred) (FmClaim *claim))
{
  guint n = g_list_model_get_n_items (rows ());

  for (guint i = n; i > 0; i--)
    {
      g_autoptr(FmClaim) claim = g_list_model_get_item (rows (), i - 1);

      if (pred (claim))
        return i - 1;
    }
  g_assert_not_reached ();
  return 0;
}

static gboolean
is_waiting_with_sources (FmClaim *claim)
{
  return fm_claim_get_status (claim) == FM_STATUS_NEEDS_REVIEW && fm_claim_get_n_sources (claim) > 0;
}

static gboolean
is_waiting_without_sources (FmClaim *claim)
{
  return fm_claim_get_status (claim) == FM_STATUS_NEEDS_REVIEW && fm_claim_get_n_sources (claim) == 0;
}

/* A click on a status in the summary bar (a button activates after its
 * pressed look has shown) */
static void
click_status (FmStatus status)
{
  GtkWidget *button = fm_review_view_get_status_button (review (), status);

  g_assert_true (gtk_widget_activate (button));
  WAIT_FOR (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)));
}

/* Opens the claim at @position as Enter or a double click does */
static FmClaim *
open_row (guint position)
{
  g_autoptr(FmClaim) claim = g_list_model_get_item (rows (), position);

  g_signal_emit_by_name (fm_review_view_get_column_view (review ()), "activate", position);
  WAIT_FOR (!fm_window_is_reviewing (window ()));
  g_assert_cmpstr (fm_article_get_id (fm_window_get_article (window ())), ==,
                   fm_claim_get_article_id (claim));
  g_assert_nonnull (fm_claim_panel_get_selected_claim (panel ()));
  g_assert_cmpstr (fm_claim_get_id (fm_claim_panel_get_selected_claim (panel ())), ==,
                   fm_claim_get_id (claim));
  return fm_claim_panel_get_selected_claim (panel ());
}

/* Tests, in the order of an editor's morning */

static void
test_review_list (void)
{
  guint total = 0;

  for (guint s = 0; s < FM_N_STATUSES; s++)
    total += expected[s];

  g_application_activate (G_APPLICATION (app));
  WAIT_FOR (gtk_application_get_windows (GTK_APPLICATION (app)) != NULL);
  gtk_window_set_default_size (GTK_WINDOW (window ()), 1360, 860);
  fm_ui_test_run_for (300);

  g_assert_false (fm_window_is_reviewing (window ()));
  g_assert_true (fm_ui_test_action_enabled (window (), "win.review"));
  activate ("win.review");
  g_assert_true (fm_window_is_reviewing (window ()));
  g_assert_cmpuint (g_list_model_get_n_items (rows ()), ==, total);
  /* The claims per status, for the whole workspace */
  for (guint s = 0; s < FM_N_STATUSES; s++)
    g_assert_cmpuint (fm_review_model_get_status_counts (fm_review_view_get_model (review ()))[s],
                      ==, expected[s]);
  /* The badge in the sidebar counts what waits */
  WAIT_FOR (fm_review_view_get_n_waiting (review ()) == expected[FM_STATUS_NEEDS_REVIEW]);
  {
    g_autofree char *n = g_strdup_printf ("%u", expected[FM_STATUS_NEEDS_REVIEW]);

    g_assert_true (gtk_widget_get_visible (fm_window_get_review_badge (window ())));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (fm_window_get_review_badge (window ()))), ==, n);
  }
  /* Newest change first, by default */
  g_assert_cmpint (fm_review_model_get_query (fm_review_view_get_model (review ()))->sort, ==,
                   FM_CLAIM_SORT_UPDATED);
  g_assert_true (fm_review_model_get_query (fm_review_view_get_model (review ()))->descending);

  /* The rows are bound: every claim of this small workspace has a row */
  WAIT_FOR (fm_review_view_get_n_bound_rows (review ()) == total);
}

static void
test_screenshots (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();

  fm_ui_test_run_for (400);
  save_screenshot (GTK_WIDGET (window ()), "review.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  fm_ui_test_run_for (400);
  save_screenshot (GTK_WIDGET (window ()), "review-dark.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  fm_ui_test_run_for (200);
}

static void
test_sort_by_column (void)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (fm_review_view_get_column_view (review ()));
  GListModel *columns = gtk_column_view_get_columns (view);
  g_autoptr(GtkColumnViewColumn) status = NULL;
  const FmClaimQuery *query;
  FmStatus previous = 0;

  /* The Status column is the fifth */
  status = g_list_model_get_item (columns, 4);
  g_assert_cmpstr (gtk_column_view_column_get_title (status), ==, "Status");
  gtk_column_view_sort_by_column (view, status, GTK_SORT_ASCENDING);
  query = fm_review_model_get_query (fm_review_view_get_model (review ()));
  g_assert_cmpint (query->sort, ==, FM_CLAIM_SORT_STATUS);
  g_assert_false (query->descending);
  for (guint i = 0; i < g_list_model_get_n_items (rows ()); i++)
    {
      g_autoptr(FmClaim) claim = g_list_model_get_item (rows (), i);

      g_assert_cmpint (fm_claim_get_status (claim), >=, previous);
      previous = fm_claim_get_status (claim);
    }

  gtk_column_view_sort_by_column (view, status, GTK_SORT_DESCENDING);
  query = fm_review_model_get_query (fm_review_view_get_model (review ()));
  g_assert_cmpint (query->sort, ==, FM_CLAIM_SORT_STATUS);
  g_assert_true (query->descending);
  {
    g_autoptr(FmClaim) first = g_list_model_get_item (rows (), 0);

    g_assert_cmpint (fm_claim_get_status (first), ==, FM_STATUS_APPROVED);
  }

  /* Back to the last change, newest first */
  {
    g_autoptr(GtkColumnViewColumn) updated = g_list_model_get_item (columns, 7);

    gtk_column_view_sort_by_column (view, updated, GTK_SORT_DESCENDING);
    g_assert_cmpint (fm_review_model_get_query (fm_review_view_get_model (review ()))->sort, ==,
                     FM_CLAIM_SORT_UPDATED);
  }
}

static void
test_filters_combine (void)
{
  const guint *counts;

  /* Needs review, one click away */
  click_status (FM_STATUS_NEEDS_REVIEW);
  g_assert_cmpuint (g_list_model_get_n_items (rows ()), ==, expected[FM_STATUS_NEEDS_REVIEW]);

  /* …of one article: the counts follow the other filters */
  fm_review_view_set_article_filter (review (), article_ids[1]);
  for (guint i = 0; i < g_list_model_get_n_items (rows ()); i++)
    {
      g_autoptr(FmClaim) claim = g_list_model_get_item (rows (), i);

      g_assert_cmpstr (fm_claim_get_article_id (claim), ==, article_ids[1]);
      g_assert_cmpint (fm_claim_get_status (claim), ==, FM_STATUS_NEEDS_REVIEW);
    }
  counts = fm_review_model_get_status_counts (fm_review_view_get_model (review ()));
  {
    guint total = 0;

    for (guint s = 0; s < FM_N_STATUSES; s++)
      total += counts[s];
    g_assert_cmpuint (total, ==, 8);
  }
  g_assert_cmpuint (g_list_model_get_n_items (rows ()), ==, counts[FM_STATUS_NEEDS_REVIEW]);

  /* …assigned to Tomás */
  fm_review_view_set_assignee_filter (review (), "Tomás Rivera");
  for (guint i = 0; i < g_list_model_get_n_items (rows ()); i++)
    {
      g_autoptr(FmClaim) claim = g_list_model_get_item (rows (), i);

      g_assert_cmpstr (fm_claim_get_assignee (claim), ==, "Tomás Rivera");
    }

  /* Words through the full-text index: across articles, in quotes and sources */
  fm_review_view_clear_filters (review ());
  fm_review_view_set_search (review (), "ferries");
  g_assert_cmpuint (g_list_model_get_n_items (rows ()), >=, 1);
  for (guint i = 0; i < g_list_model_get_n_items (rows ()); i++)
    {
      g_autoptr(FmClaim) claim = g_list_model_get_item (rows (), i);

      g_assert_cmpstr (fm_claim_get_article_id (claim), ==, article_ids[4]);
    }
  fm_review_view_set_search (review (), "annual report table");
  g_assert_cmpuint (g_list_model_get_n_items (rows ()), >, 10);

  /* Tag and verdict */
  fm_review_view_clear_filters (review ());
  fm_review_view_set_tag_filter (review (), "health");
  g_assert_cmpuint (g_list_model_get_n_items (rows ()), ==, 8);
  fm_review_view_set_verdict_filter (review (), FALSE, FM_VERDICT_FALSE);
  for (guint i = 0; i < g_list_model_get_n_items (rows ()); i++)
    {
      g_autoptr(FmClaim) claim = g_list_model_get_item (rows (), i);

      g_assert_cmpint (fm_claim_get_verdict (claim), ==, FM_VERDICT_FALSE);
      g_assert_cmpstr (fm_claim_get_article_id (claim), ==, article_ids[1]);
    }

  /* Nothing left: the view says so and offers to clear */
  fm_review_view_set_search (review (), "zeppelin");
  g_assert_cmpuint (g_list_model_get_n_items (rows ()), ==, 0);
  g_assert_true (fm_review_view_has_filters (review ()));
  fm_review_view_clear_filters (review ());
  g_assert_false (fm_review_view_has_filters (review ()));

  /* Ctrl+F in the review list searches the claims */
  activate ("win.search");
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window ()));

    g_assert_nonnull (focus);
    g_assert_true (focus == fm_review_view_get_search_entry (review ()) ||
                   gtk_widget_is_ancestor (focus, fm_review_view_get_search_entry (review ())));
  }
}

static void
test_open_and_approve (void)
{
  GtkAdjustment *adj;
  double scrolled;
  guint position;
  g_autofree char *id = NULL;
  g_autoptr(FmClaim) stored = NULL;
  g_autoptr(GPtrArray) history = NULL;
  FmClaim *claim;
  FmWorkflowBox *box;
  guint n_before;
  gboolean found = FALSE;

  click_status (FM_STATUS_NEEDS_REVIEW);
  n_before = g_list_model_get_n_items (rows ());
  g_assert_cmpuint (n_before, ==, expected[FM_STATUS_NEEDS_REVIEW]);

  /* Scrolled down the list, once it shows the new rows (scrolling the old
   * ones away makes GTK warn) */
  settle (200);
  adj = list_adjustment ();
  g_assert_cmpfloat (gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj), >, 60);
  gtk_adjustment_set_value (adj, 60);
  settle (200);
  scrolled = gtk_adjustment_get_value (adj);
  g_assert_cmpfloat (scrolled, >, 0);

  position = find_row (is_waiting_with_sources);
  claim = open_row (position);
  id = g_strdup (fm_claim_get_id (claim));
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (fm_claim_panel_get_workflow_box (panel ()))));

  /* The steps follow the status */
  g_assert_true (fm_ui_test_action_enabled (window (), "win.approve-claim"));
  g_assert_true (fm_ui_test_action_enabled (window (), "win.request-changes"));
  g_assert_false (fm_ui_test_action_enabled (window (), "win.submit-claim"));
  box = FM_WORKFLOW_BOX (fm_claim_panel_get_workflow_box (panel ()));
  g_assert_null (fm_workflow_box_get_signoff_text (box));

  activate ("win.approve-claim");
  g_assert_null (find_dialog ());
  g_assert_cmpint (fm_claim_get_status (claim), ==, FM_STATUS_APPROVED);
  g_assert_cmpstr (fm_window_get_last_toast (window ()), ==, "Claim approved");

  /* On disk: the status, the reviewer and the time */
  stored = disk_claim (id);
  g_assert_cmpint (fm_claim_get_status (stored), ==, FM_STATUS_APPROVED);
  g_assert_cmpstr (fm_claim_get_reviewed_by (stored), ==, "Ed Itor");
  g_assert_nonnull (fm_claim_get_reviewed_at (stored));
  history = disk_history (id);
  for (guint i = 0; i < history->len; i++)
    {
      FmHistoryEntry *e = g_ptr_array_index (history, i);

      if (g_str_equal (e->field, "status") && g_strcmp0 (e->new_value, "approved") == 0)
        {
          g_assert_cmpstr (e->actor, ==, "Ed Itor");
          found = TRUE;
        }
    }
  g_assert_true (found);

  /* Shown in the editor: who approved, and the history in words */
  settle (50);
  g_assert_nonnull (fm_workflow_box_get_approval_text (box));
  g_assert_true (g_str_has_prefix (fm_workflow_box_get_approval_text (box), "Approved by Ed Itor · "));
  g_assert_false (fm_ui_test_action_enabled (window (), "win.approve-claim"));
  g_assert_true (fm_ui_test_action_enabled (window (), "win.request-changes"));

  /* Back: the same filter, the same place in the list, without the approved claim */
  g_assert_true (fm_ui_test_action_enabled (window (), "win.review"));
  activate ("win.review");
  g_assert_true (fm_window_is_reviewing (window ()));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (fm_review_view_get_status_button (review (), FM_STATUS_NEEDS_REVIEW))));
  g_assert_cmpint (fm_review_model_get_query (fm_review_view_get_model (review ()))->status, ==,
                   FM_STATUS_NEEDS_REVIEW);
  WAIT_FOR (g_list_model_get_n_items (rows ()) == n_before - 1);
  settle (200);
  g_assert_cmpfloat (fabs (gtk_adjustment_get_value (list_adjustment ()) - scrolled), <, 1.0);
  expected[FM_STATUS_NEEDS_REVIEW]--;
  expected[FM_STATUS_APPROVED]++;
  WAIT_FOR (fm_review_view_get_n_waiting (review ()) == expected[FM_STATUS_NEEDS_REVIEW]);
}

static void
collect_history_rows (GtkWidget *widget,
                      GPtrArray *found)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      if (FM_IS_HISTORY_ROW (c))
        g_ptr_array_add (found, c);
      else
        collect_history_rows (c, found);
    }
}

static void
test_signoff_refusal (void)
{
  FmWorkflowDialog *dialog;
  g_autofree char *id = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(FmClaim) stored = NULL;
  FmClaim *claim;
  FmWorkflowBox *box;
  gboolean found = FALSE;

  claim = open_row (find_row (is_waiting_without_sources));
  id = g_strdup (fm_claim_get_id (claim));
  box = FM_WORKFLOW_BOX (fm_claim_panel_get_workflow_box (panel ()));
  /* The editor sees what the list misses before approving */
  g_assert_nonnull (fm_workflow_box_get_signoff_text (box));
  g_assert_nonnull (strstr (fm_workflow_box_get_signoff_text (box), "a source that is not a news report"));

  activate ("win.approve-claim");
  WAIT_FOR ((dialog = find_dialog ()) != NULL);
  g_assert_cmpint (fm_workflow_dialog_get_kind (dialog), ==, FM_WORKFLOW_APPROVE_ANYWAY);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "It still needs a source that is not a news report"));
  /* No reason, no approval */
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "approve"));
  fm_workflow_dialog_set_text (dialog, "   ");
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "approve"));
  fm_ui_test_run_for (300);
  save_screenshot (GTK_WIDGET (dialog), "approve-anyway.png");
  fm_workflow_dialog_respond (dialog, "cancel");
  WAIT_FOR (find_dialog () == NULL);
  stored = disk_claim (id);
  g_assert_cmpint (fm_claim_get_status (stored), ==, FM_STATUS_NEEDS_REVIEW);
  g_clear_object (&stored);

  /* With a reason: approved, and the reason is in the history */
  activate ("win.approve-claim");
  WAIT_FOR ((dialog = find_dialog ()) != NULL);
  fm_workflow_dialog_set_text (dialog, "The board read the figure to me; the PDF comes on Monday.");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "approve"));
  fm_workflow_dialog_respond (dialog, "approve");
  WAIT_FOR (find_dialog () == NULL);
  stored = disk_claim (id);
  g_assert_cmpint (fm_claim_get_status (stored), ==, FM_STATUS_APPROVED);
  g_assert_cmpstr (fm_claim_get_reviewed_by (stored), ==, "Ed Itor");
  history = disk_history (id);
  for (guint i = 0; i < history->len; i++)
    {
      FmHistoryEntry *e = g_ptr_array_index (history, i);

      if (g_str_equal (e->field, "approval-override"))
        {
          g_assert_cmpstr (e->new_value, ==, "The board read the figure to me; the PDF comes on Monday.");
          g_assert_cmpstr (e->actor, ==, "Ed Itor");
          found = TRUE;
        }
    }
  g_assert_true (found);

  /* The timeline says it in words, newest first */
  settle (50);
  {
    GtkWidget *expander = fm_claim_panel_get_history_row (panel ());
    gboolean seen_override = FALSE, seen_approved = FALSE, seen_submitted = FALSE;
    g_autoptr(GPtrArray) found_rows = g_ptr_array_new ();

    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), TRUE);
    collect_history_rows (expander, found_rows);
    g_assert_cmpuint (found_rows->len, ==, fm_claim_panel_get_n_history_rows (panel ()));
    for (guint i = 0; i < found_rows->len; i++)
      {
        FmHistoryRow *c = g_ptr_array_index (found_rows, i);
        const char *title = fm_history_row_get_title (c);

        /* Words, not field ids */
        g_assert_null (strstr (title, "needs-review"));
        g_assert_null (strstr (title, "approval-override"));
        if (g_str_equal (title, "Approved without a complete sign-off"))
          {
            seen_override = TRUE;
            g_assert_nonnull (strstr (fm_history_row_get_detail (c),
                                      "The board read the figure to me"));
          }
        seen_approved |= g_str_equal (title, "Approved");
        seen_submitted |= g_str_equal (title, "Submitted for review");
      }
    g_assert_true (seen_override && seen_approved && seen_submitted);
    {
      GtkWidget *scroller = gtk_widget_get_ancestor (expander, GTK_TYPE_SCROLLED_WINDOW);
      GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
      graphene_point_t top;

      fm_ui_test_run_for (400);
      g_assert_true (gtk_widget_compute_point (expander, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller)),
                                               &GRAPHENE_POINT_INIT (0, 0), &top));
      gtk_adjustment_set_value (adj, top.y - 60);
      fm_ui_test_run_for (300);
      save_screenshot (GTK_WIDGET (window ()), "review-history.png");
    }
  }
  expected[FM_STATUS_NEEDS_REVIEW]--;
  expected[FM_STATUS_APPROVED]++;
}

static void
test_request_changes (void)
{
  FmWorkflowDialog *dialog;
  g_autofree char *id = NULL;
  g_autoptr(FmClaim) stored = NULL;
  FmClaim *claim;
  FmWorkflowBox *box;
  const char *comment = "Say which year the 40,000 passengers are for, and link the council’s study.";

  activate ("win.review");
  claim = open_row (find_row (is_waiting_with_sources));
  id = g_strdup (fm_claim_get_id (claim));

  activate ("win.request-changes");
  WAIT_FOR ((dialog = find_dialog ()) != NULL);
  g_assert_cmpint (fm_workflow_dialog_get_kind (dialog), ==, FM_WORKFLOW_REQUEST_CHANGES);
  /* A comment is required */
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "request"));
  fm_workflow_dialog_set_text (dialog, comment);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "request"));
  fm_ui_test_run_for (300);
  save_screenshot (GTK_WIDGET (dialog), "request-changes.png");
  fm_workflow_dialog_respond (dialog, "request");
  WAIT_FOR (find_dialog () == NULL);

  stored = disk_claim (id);
  g_assert_cmpint (fm_claim_get_status (stored), ==, FM_STATUS_CHANGES_REQUESTED);
  g_assert_cmpstr (fm_claim_get_review_comment (stored), ==, comment);
  g_clear_object (&stored);

  /* The journalist sees the comment on the claim, and can resubmit */
  settle (50);
  box = FM_WORKFLOW_BOX (fm_claim_panel_get_workflow_box (panel ()));
  g_assert_cmpstr (fm_workflow_box_get_banner_text (box), ==, comment);
  g_assert_true (fm_ui_test_action_enabled (window (), "win.submit-claim"));
  g_assert_false (fm_ui_test_action_enabled (window (), "win.approve-claim"));
  {
    GtkWidget *scroller = gtk_widget_get_ancestor (fm_claim_panel_get_workflow_box (panel ()),
                                                   GTK_TYPE_SCROLLED_WINDOW);

    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller)), 0);
    fm_ui_test_run_for (300);
    save_screenshot (GTK_WIDGET (window ()), "review-changes-requested.png");
  }

  /* The status dropdown cannot skip the review */
  adw_combo_row_set_selected (ADW_COMBO_ROW (fm_claim_panel_get_status_row (panel ())),
                              FM_STATUS_APPROVED);
  settle (50);
  g_assert_cmpint (fm_claim_get_status (claim), ==, FM_STATUS_CHANGES_REQUESTED);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (fm_claim_panel_get_status_row (panel ()))),
                    ==, FM_STATUS_CHANGES_REQUESTED);

  /* Resubmitted with the shortcut */
  {
    GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window ()));

    if (GDK_IS_X11_SURFACE (surface) && fm_ui_test_have_program ("xdotool"))
      {
        g_autofree char *xid = g_strdup_printf ("%lu", (gulong)gdk_x11_surface_get_xid (surface));
        const char *focus[] = { "xdotool", "windowfocus", "--sync", xid, NULL };
        const char *key[] = { "xdotool", "key", "ctrl+shift+u", NULL };

        g_assert_true (g_spawn_sync (NULL, (char **)focus, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                     NULL, NULL, NULL, NULL));
        fm_ui_test_run_for (100);
        /* Even while typing in the summary */
        gtk_widget_grab_focus (fm_claim_panel_get_summary_row (panel ()));
        g_assert_true (g_spawn_sync (NULL, (char **)key, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                     NULL, NULL, NULL, NULL));
        WAIT_FOR (fm_claim_get_status (claim) == FM_STATUS_NEEDS_REVIEW);
      }
    else
      activate ("win.submit-claim");
  }
  stored = disk_claim (id);
  g_assert_cmpint (fm_claim_get_status (stored), ==, FM_STATUS_NEEDS_REVIEW);
}

static void
test_sidebar_progress (void)
{
  GtkListView *list = GTK_LIST_VIEW (fm_window_get_articles_view (window ()));
  guint checked = 0;

  settle (300);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);
      const char *progress;

      if (!FM_IS_ARTICLE_ROW (row))
        continue;
      progress = fm_article_row_get_progress_text (FM_ARTICLE_ROW (row));
      /* "N / 8 approved", and a badge while claims wait */
      g_assert_true (g_str_has_suffix (progress, " / 8 approved"));
      g_assert_cmpuint (fm_article_row_get_n_waiting (FM_ARTICLE_ROW (row)), >, 0);
      checked++;
    }
  g_assert_cmpuint (checked, ==, G_N_ELEMENTS (articles));
}


/* A real key press: Return on a row of the table opens its claim */
static void
test_return_opens (void)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window ()));
  g_autofree char *xid = NULL;
  const char *focus[] = { "xdotool", "windowfocus", "--sync", NULL, NULL };
  const char *key[] = { "xdotool", "key", "Return", NULL };
  g_autoptr(FmClaim) first = NULL;

  if (!GDK_IS_X11_SURFACE (surface) || !fm_ui_test_have_program ("xdotool"))
    {
      g_test_skip ("needs X11 and xdotool");
      return;
    }
  activate ("win.review");
  fm_review_view_clear_filters (review ());
  settle (200);
  first = g_list_model_get_item (rows (), 0);
  xid = g_strdup_printf ("%lu", (gulong)gdk_x11_surface_get_xid (surface));
  focus[3] = xid;
  g_assert_true (g_spawn_sync (NULL, (char **)focus, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, NULL, NULL, NULL));
  fm_ui_test_run_for (100);
  /* On a row in sight, once the rows are laid out */
  fm_review_view_focus_list (review ());
  settle (100);
  g_assert_true (g_spawn_sync (NULL, (char **)key, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, NULL, NULL, NULL));
  WAIT_FOR (!fm_window_is_reviewing (window ()));
  g_assert_true (fm_claim_panel_get_selected_claim (panel ()) == first);
  activate ("win.review");
  g_assert_true (fm_window_is_reviewing (window ()));
}

/* The table's rows: a new query keeps the rows and gives them new claims,
 * and says only that the list grew or shrank at its end; a change the
 * model makes by itself is passed on as it is */
typedef struct
{
  guint position;
  guint removed;
  guint added;
  guint n;
} Change;

static void
record_change (GListModel *list,
               guint       position,
               guint       removed,
               guint       added,
               Change     *change)
{
  change->position = position;
  change->removed = removed;
  change->added = added;
  change->n++;
}

static void
test_rows_follow_queries (void)
{
  FmStore *store = fm_review_model_get_store (fm_review_view_get_model (review ()));
  g_autoptr(FmReviewModel) model = fm_review_model_new (store);
  g_autoptr(FmReviewRows) table = fm_review_rows_new (model);
  FmClaimQuery query = FM_CLAIM_QUERY_INIT;
  g_autoptr(FmReviewRow) first = NULL;
  g_autoptr(FmReviewRow) second = NULL;
  g_autoptr(FmReviewRow) again = NULL;
  g_autoptr(FmClaim) claim = NULL;
  Change change = { 0 };
  guint n_all = g_list_model_get_n_items (G_LIST_MODEL (model));
  guint n_expected = fm_review_model_get_status_counts (model)[FM_STATUS_NEEDS_REVIEW];
  guint n_waiting;

  g_assert_cmpuint (n_all, >, n_expected);
  g_assert_cmpuint (n_expected, >, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (table)), ==, n_all);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (table)) == FM_TYPE_REVIEW_ROW);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (table), n_all));
  first = g_list_model_get_item (G_LIST_MODEL (table), 0);
  second = g_list_model_get_item (G_LIST_MODEL (table), 1);
  claim = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_true (fm_review_row_get_claim (first) == claim);
  g_assert_cmpuint (fm_review_row_get_number (first), ==, fm_review_model_get_number (model, 0));
  g_clear_object (&claim);
  g_signal_connect (table, "items-changed", G_CALLBACK (record_change), &change);

  /* Fewer claims: the same rows, the new claims, the end taken off */
  query.any_status = FALSE;
  query.status = FM_STATUS_NEEDS_REVIEW;
  fm_review_rows_set_query (table, &query);
  n_waiting = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n_waiting, ==, n_expected);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (table)), ==, n_waiting);
  g_assert_cmpuint (change.n, ==, 1);
  g_assert_cmpuint (change.position, ==, n_waiting);
  g_assert_cmpuint (change.removed, ==, n_all - n_waiting);
  g_assert_cmpuint (change.added, ==, 0);
  again = g_list_model_get_item (G_LIST_MODEL (table), 0);
  g_assert_true (again == first);
  g_clear_object (&again);
  for (guint i = 0; i < 2; i++)
    {
      FmReviewRow *row = i == 0 ? first : second;

      claim = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_assert_true (fm_review_row_get_claim (row) == claim);
      g_assert_cmpint (fm_claim_get_status (fm_review_row_get_claim (row)), ==,
                       FM_STATUS_NEEDS_REVIEW);
      g_clear_object (&claim);
    }

  /* All of them again: the rows added at the end */
  query.any_status = TRUE;
  fm_review_rows_set_query (table, &query);
  g_assert_cmpuint (change.n, ==, 2);
  g_assert_cmpuint (change.position, ==, n_waiting);
  g_assert_cmpuint (change.removed, ==, 0);
  g_assert_cmpuint (change.added, ==, n_all - n_waiting);
  again = g_list_model_get_item (G_LIST_MODEL (table), 0);
  g_assert_true (again == first);
  g_clear_object (&again);

  /* The model's own change: passed on, the rows of the range new */
  query.descending = !query.descending;
  fm_review_model_set_query (model, &query);
  g_assert_cmpuint (change.n, ==, 3);
  g_assert_cmpuint (change.position, ==, 0);
  g_assert_cmpuint (change.removed, ==, n_all);
  g_assert_cmpuint (change.added, ==, n_all);
  again = g_list_model_get_item (G_LIST_MODEL (table), 0);
  g_assert_true (again != first);
  claim = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_true (fm_review_row_get_claim (again) == claim);
  g_signal_handlers_disconnect_by_func (table, record_change, &change);
}

/* The table's texts are FmTextCells: they show the claims, are all as
 * high as each other whatever the text, and a new query's texts are laid
 * out when drawn, only in the rows in sight (GTK keeps widgets for every
 * row of this small workspace) */
static void
collect_cells (GtkWidget *widget,
               GPtrArray *cells)
{
  if (FM_IS_TEXT_CELL (widget))
    g_ptr_array_add (cells, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_cells (child, cells);
}

/* What a widget draws, in its own coordinates */
static graphene_rect_t
drawn_bounds (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  graphene_rect_t bounds;

  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget),
                          gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  gsk_render_node_get_bounds (node, &bounds);
  return bounds;
}

static void
test_text_cells (void)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (fm_review_view_get_column_view (review ()));
  g_autoptr(GtkColumnViewColumn) claim_column = g_list_model_get_item (gtk_column_view_get_columns (view), 1);
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();
  g_autoptr(FmClaim) first = NULL;
  g_autoptr(GHashTable) texts = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean found = FALSE;
  int claim_height = -1;
  int row_height = 0;
  guint n_claim_cells = 0;
  guint layouts;
  guint in_sight;

  activate ("win.review");
  fm_review_view_clear_filters (review ());
  settle (200);
  first = g_list_model_get_item (rows (), 0);
  collect_cells (GTK_WIDGET (view), cells);
  g_assert_cmpuint (cells->len, >, 9 * 20);
  for (guint i = 0; i < cells->len; i++)
    {
      GtkWidget *cell = g_ptr_array_index (cells, i);
      const char *text = fm_text_cell_get_text (FM_TEXT_CELL (cell));

      if (g_strcmp0 (text, fm_claim_get_display_text (first)) == 0)
        found = TRUE;
      if (gtk_widget_has_css_class (cell, "review-claim-text"))
        {
          int height;

          /* Two lines high, a short claim as a long one */
          gtk_widget_measure (cell, GTK_ORIENTATION_VERTICAL, 400, &height, NULL, NULL, NULL);
          if (claim_height < 0)
            claim_height = height;
          g_assert_cmpint (height, ==, claim_height);
          g_hash_table_add (texts, (gpointer)text);
          row_height = MAX (row_height, gtk_widget_get_height (gtk_widget_get_parent (gtk_widget_get_parent (cell))));
          n_claim_cells++;
        }
    }
  g_assert_true (found);
  g_assert_cmpint (claim_height, >, 0);

  /* The time of the last change, at the start of its cell: the left, or
   * the right when the text runs right to left */
  {
    GtkWidget *when = NULL;
    graphene_rect_t bounds;
    int width;

    for (guint i = 0; i < cells->len && when == NULL; i++)
      {
        GtkWidget *cell = g_ptr_array_index (cells, i);
        GtkWidget *parent = gtk_widget_get_parent (cell);

        if (GTK_IS_BOX (parent) && gtk_widget_get_first_child (parent) == cell &&
            gtk_orientable_get_orientation (GTK_ORIENTABLE (parent)) == GTK_ORIENTATION_VERTICAL &&
            gtk_widget_get_mapped (cell))
          when = cell;
      }
    g_assert_nonnull (when);
    width = gtk_widget_get_width (when);
    bounds = drawn_bounds (when);
    g_assert_cmpfloat (bounds.size.width, >, 10);
    g_assert_cmpfloat (bounds.size.width, <, width - 20);
    g_assert_cmpfloat (bounds.origin.x, <, 4);
    gtk_widget_set_direction (when, GTK_TEXT_DIR_RTL);
    settle (50);
    bounds = drawn_bounds (when);
    g_assert_cmpfloat (bounds.origin.x + bounds.size.width, >, width - 4);
    g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, width + 1);
    gtk_widget_set_direction (when, GTK_TEXT_DIR_NONE);
  }
  /* Claims of all lengths, one row each */
  g_assert_cmpuint (g_hash_table_size (texts), ==, n_claim_cells);
  g_assert_cmpint (row_height, >, 0);

  /* A new order: every row shows another claim; nothing is laid out until
   * a frame is drawn, and then only the rows in sight */
  layouts = fm_text_cell_get_n_layouts ();
  gtk_column_view_sort_by_column (view, claim_column, GTK_SORT_ASCENDING);
  g_assert_cmpuint (fm_text_cell_get_n_layouts (), ==, layouts);
  settle (100);
  in_sight = gtk_widget_get_height (GTK_WIDGET (view)) / row_height + 2;
  g_assert_cmpuint (in_sight, <, g_list_model_get_n_items (rows ()));
  g_assert_cmpuint (fm_text_cell_get_n_layouts () - layouts, >, 0);
  g_assert_cmpuint (fm_text_cell_get_n_layouts () - layouts, <=, 9 * in_sight);

  fm_review_view_clear_filters (review ());
  {
    g_autoptr(GtkColumnViewColumn) updated = g_list_model_get_item (gtk_column_view_get_columns (view), 7);

    gtk_column_view_sort_by_column (view, updated, GTK_SORT_DESCENDING);
  }
  settle (100);
}

static gboolean
top_is (FmClaim *claim)
{
  g_autoptr(FmClaim) top = g_list_model_get_item (rows (), 0);

  return top == claim;
}

/* A claim changed while the list shows its top, newest change first: it
 * is in sight at the top, not scrolled away above the row that was first
 * (what GTK does by itself); the same for changes made while the editor
 * was in the article */
static void
test_change_on_top (void)
{
  FmStore *store = fm_review_model_get_store (fm_review_view_get_model (review ()));
  g_autoptr(GError) error = NULL;
  guint n = g_list_model_get_n_items (rows ());
  g_autoptr(FmClaim) last = NULL;
  g_autoptr(FmClaim) other = NULL;

  activate ("win.review");
  fm_review_view_clear_filters (review ());
  gtk_adjustment_set_value (list_adjustment (), 0);
  /* No row has the keyboard focus (with one, the rows stay put under the
   * editor's eyes) */
  fm_review_view_focus_search (review ());
  settle (200);
  g_assert_cmpfloat (gtk_adjustment_get_value (list_adjustment ()), ==, 0);

  last = g_list_model_get_item (rows (), n - 1);
  g_usleep (2000);
  g_assert_true (fm_store_set_claim_field (store, last, FM_CLAIM_FIELD_SUMMARY,
                                           "Checked again at the desk", &error));
  g_assert_no_error (error);
  WAIT_FOR (top_is (last));
  settle (100);
  g_assert_cmpfloat (gtk_adjustment_get_value (list_adjustment ()), ==, 0);

  /* In the article, two claims change; back in the list, both are in sight */
  other = g_list_model_get_item (rows (), n - 1);
  open_row (n - 2);
  g_assert_false (fm_window_is_reviewing (window ()));
  g_usleep (2000);
  g_assert_true (fm_store_set_claim_field (store, other, FM_CLAIM_FIELD_SUMMARY,
                                           "Checked in the article", &error));
  g_assert_no_error (error);
  settle (200);
  activate ("win.review");
  settle (200);
  g_assert_true (top_is (other));
  g_assert_cmpfloat (gtk_adjustment_get_value (list_adjustment ()), ==, 0);
}

/* Every kind of entry the store writes, read back in words: the anchor
 * values are the store's own strings, so a change there shows here */
static void
test_history_words (void)
{
  static const char v1[] =
    "Ferry fares to double\n"
    "The ferry company will double fares on its island routes from 1 April.\n"
    "A return ticket will cost 40 euros, up from 20 euros.\n"
    "Islanders say the rise will force families to leave.";
  static const char v2[] =
    "Ferry fares to double\n"
    "Update: concessions will apply to island residents.\n"
    "The ferry company will double fares on its island routes from 1 April.\n"
    "A return ticket will cost 38 euros, up from 19 euros.";
  g_autofree char *path = g_build_filename (tmpdir, "history.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FmStore) store = fm_store_open (path, &error);
  g_autoptr(FmArticle) first = fm_article_new ();
  g_autoptr(FmArticle) second = fm_article_new ();
  g_autoptr(FmArticle) article = NULL;
  g_autoptr(FmArticle) revised = NULL;
  g_autoptr(FmClaim) moved = NULL;
  g_autoptr(FmClaim) changed = NULL;
  g_autoptr(FmClaim) lost = NULL;
  g_autoptr(FmClaim) suggested = NULL;
  g_autoptr(FmClaim) copy = NULL;
  g_autoptr(FmClaim) restored = NULL;
  g_autoptr(GHashTable) titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *claims[5];

  g_assert_no_error (error);
  fm_store_set_actor (store, "Ana Checker");
  fm_article_set_title (first, "Ferry fares to double");
  fm_article_set_text (first, v1);
  article = fm_store_add_article (store, first, NULL, &error);
  g_assert_no_error (error);
  /* Claims on text that will move, change and go */
  moved = fm_store_create_claim (store, fm_article_get_id (article), 22, 92, &error);
  g_assert_no_error (error);
  changed = fm_store_create_claim (store, fm_article_get_id (article), 93, 146, &error);
  g_assert_no_error (error);
  lost = fm_store_create_claim (store, fm_article_get_id (article), 147, 199, &error);
  g_assert_no_error (error);
  suggested = fm_store_accept_suggestion (store, fm_article_get_id (article), 0, 21,
                                          "a number; a comparison", &error);
  g_assert_no_error (error);
  g_assert_true (fm_store_set_claim_field (store, changed, FM_CLAIM_FIELD_TAGS, "fares, islands", &error));
  g_assert_true (fm_store_set_claim_verdict (store, changed, FM_VERDICT_MOSTLY_FALSE, &error));

  fm_article_set_title (second, "Ferry fares to double");
  fm_article_set_text (second, v2);
  revised = fm_store_revise_article (store, fm_article_get_id (article), second, NULL, &error);
  g_assert_no_error (error);
  if (fm_claim_get_anchor_state (changed) == FM_ANCHOR_STATE_FLAGGED)
    g_assert_true (fm_store_confirm_claim_anchor (store, changed, &error));
  g_assert_no_error (error);
  g_assert_true (fm_store_place_claim (store, lost, 0, 21, &error));
  copy = fm_claim_copy (suggested);
  g_assert_true (fm_store_delete_claim (store, suggested, &error));
  restored = fm_store_insert_claim (store, copy, NULL, &error);
  g_assert_no_error (error);

  claims[0] = fm_claim_get_id (moved);
  claims[1] = fm_claim_get_id (changed);
  claims[2] = fm_claim_get_id (lost);
  claims[3] = fm_claim_get_id (restored);
  claims[4] = NULL;
  for (guint c = 0; claims[c] != NULL; c++)
    {
      g_autoptr(GPtrArray) history = fm_store_get_history (store, claims[c], &error);

      g_assert_no_error (error);
      for (guint i = 0; i < history->len; i++)
        {
          FmHistoryEntry *e = g_ptr_array_index (history, i);
          g_autofree char *detail = NULL;
          const char *icon = NULL;
          g_autofree char *title = fm_history_describe (e, &detail, &icon, NULL);
          GtkWidget *row = fm_history_row_new (e);

          g_object_ref_sink (row);
          g_assert_cmpstr (fm_history_row_get_title (FM_HISTORY_ROW (row)), ==, title);
          g_object_unref (row);
          g_test_message ("%s: %s → %s | %s", e->field, e->old_value, title, detail ? detail : "");
          g_assert_nonnull (icon);
          /* No raw store words in what a person reads */
          g_assert_null (strstr (title, "revision 2, characters"));
          g_assert_null (strstr (title, "confidence"));
          g_assert_null (strstr (title, "Place in the article changed:"));
          g_assert_false (g_str_equal (title, e->field));
          g_hash_table_add (titles, g_steal_pointer (&title));
        }
    }
  g_assert_true (g_hash_table_contains (titles, "Marked as a claim"));
  g_assert_true (g_hash_table_contains (titles, "Made a claim from a suggestion"));
  g_assert_true (g_hash_table_contains (titles, "Verdict set to Mostly false"));
  g_assert_true (g_hash_table_contains (titles, "Tags set to fares, islands"));
  g_assert_true (g_hash_table_contains (titles, "Kept its place in revision 2"));
  g_assert_true (g_hash_table_contains (titles, "Found again on changed wording in revision 2"));
  g_assert_true (g_hash_table_contains (titles, "Place in the article confirmed"));
  g_assert_true (g_hash_table_contains (titles, "Quoted text changed with the article"));
  g_assert_true (g_hash_table_contains (titles, "Placed on the text by hand"));
  g_assert_true (g_hash_table_contains (titles, "Restored after it was deleted"));
  g_assert_true (g_hash_table_contains (titles,
                 "Unplaced in revision 2: its quote is no longer in the article"));

  /* The entry an import of annotations begins with */
  {
    FmHistoryEntry imported = { .field = (char *)"imported" };
    g_autofree char *detail = NULL;
    const char *icon = NULL;
    g_autofree char *title = fm_history_describe (&imported, &detail, &icon, NULL);

    g_assert_cmpstr (title, ==, "Imported from an annotation file");
    g_assert_null (detail);
    g_assert_nonnull (icon);
  }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  tmpdir = fm_test_tmpdir ();
  g_setenv ("XDG_DATA_HOME", tmpdir, TRUE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GDK_BACKEND", "x11", FALSE);

  g_test_init (&argc, &argv, NULL);
  make_workspace ();

  app = fm_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_hold (G_APPLICATION (app));
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);

    g_settings_set_string (settings, "display-name", "Ed Itor");
  }

  g_test_add_func ("/review/list", test_review_list);
  g_test_add_func ("/review/screenshots", test_screenshots);
  g_test_add_func ("/review/sort-by-column", test_sort_by_column);
  g_test_add_func ("/review/filters-combine", test_filters_combine);
  g_test_add_func ("/review/open-and-approve", test_open_and_approve);
  g_test_add_func ("/review/signoff-refusal", test_signoff_refusal);
  g_test_add_func ("/review/request-changes", test_request_changes);
  g_test_add_func ("/review/sidebar-progress", test_sidebar_progress);
  g_test_add_func ("/review/return-opens", test_return_opens);
  g_test_add_func ("/review/history-words", test_history_words);
  g_test_add_func ("/review/rows-follow-queries", test_rows_follow_queries);
  g_test_add_func ("/review/text-cells", test_text_cells);
  g_test_add_func ("/review/change-on-top", test_change_on_top);

  status = g_test_run ();

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = gtk_application_get_windows (GTK_APPLICATION (app)))
    gtk_window_destroy (l->data);
  g_application_release (G_APPLICATION (app));
  g_clear_object (&app);
  for (guint a = 0; a < G_N_ELEMENTS (articles); a++)
    g_free (article_ids[a]);
  fm_test_rmtree (tmpdir);
  g_free (tmpdir);
  return status;
}
