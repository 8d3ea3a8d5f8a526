/* test-window.c — the real window, driven through its actions and widgets
 *
 * Runs under Xvfb (build-aux/dev test). One application and one workspace
 * for the whole run, in a temporary XDG_DATA_HOME: the tests follow one
 * journalist's session in order, and check the workspace on disk through a
 * second connection after each step.
 */
#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "fm-application.h"
#include "fm-article-view.h"
#include "fm-claim-list.h"
#include "fm-claim-panel.h"
#include "fm-claim-row.h"
#include "fm-import.h"
#include "fm-source-dialog.h"
#include "fm-store.h"
#include "fm-test.h"
#include "fm-ui-frame.h"
#include "fm-ui-test.h"
#include "fm-window.h"

static char *tmpdir;
static char *fixture_copy;
static FmApplication *app;

static FmWindow *
window (void)
{
  return fm_ui_test_window (app);
}

static FmArticleView *
article_view (void)
{
  return FM_ARTICLE_VIEW (fm_window_get_article_view (window ()));
}

static FmClaimPanel *
panel (void)
{
  return FM_CLAIM_PANEL (fm_window_get_claim_panel (window ()));
}

static GPtrArray *
disk_claims (void)
{
  g_autoptr(FmStore) store = fm_ui_test_open_disk ();
  g_autoptr(GError) error = NULL;
  GPtrArray *claims = fm_store_list_claims (store, fm_article_get_id (fm_window_get_article (window ())),
                                            &error);

  g_assert_no_error (error);
  return claims;
}

/* The first claim's summary and explanation on disk are @summary and @explanation */
static gboolean
disk_first_claim_is (const char *summary,
                     const char *explanation)
{
  g_autoptr(GPtrArray) claims = disk_claims ();
  FmClaim *claim = g_ptr_array_index (claims, 0);

  return g_strcmp0 (fm_claim_get_summary (claim), summary) == 0 &&
         g_strcmp0 (fm_claim_get_explanation (claim), explanation) == 0;
}

static gboolean
disk_summary_is (const char *claim_id,
                 const char *summary)
{
  g_autoptr(FmStore) store = fm_ui_test_open_disk ();
  g_autoptr(FmClaim) stored = fm_store_get_claim (store, claim_id, NULL);

  return stored != NULL && g_strcmp0 (fm_claim_get_summary (stored), summary) == 0;
}

static void
activate (const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window ()), action, NULL));
}

static guint
offset_of (const char *needle)
{
  const char *text = fm_article_get_text (fm_window_get_article (window ()));
  const char *at = strstr (text, needle);

  g_assert_nonnull (at);
  return g_utf8_pointer_to_offset (text, at);
}

/* Selects from inside the first word of @from to inside the last word of @to */
static FmClaim *
add_claim (const char *words)
{
  guint start = offset_of (words);
  guint end = start + g_utf8_strlen (words, -1);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (fm_claim_panel_get_list_view (panel ())))));

  fm_article_view_select_range (article_view (), start + 1, end - 1);
  g_assert_true (fm_ui_test_action_enabled (window (), "add-claim"));
  activate ("win.add-claim");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (fm_claim_panel_get_list_view (panel ()))))),
                    ==, n + 1);
  return fm_claim_panel_get_selected_claim (panel ());
}

static void
save_screenshot (const char *name)
{
  fm_ui_save_screenshot (GTK_WIDGET (window ()), name);
}

/* Tests, in the order of a session */

static void
test_open_article (void)
{
  g_autoptr(GFile) file = g_file_new_for_path (fixture_copy);
  GtkTextBuffer *buffer;
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  g_application_activate (G_APPLICATION (app));
  WAIT_FOR (gtk_application_get_windows (GTK_APPLICATION (app)) != NULL);
  g_assert_null (fm_window_get_article (window ()));
  g_assert_false (fm_ui_test_action_enabled (window (), "add-claim"));

  /* The name from Preferences is the one in the history */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);

    g_settings_set_string (settings, "display-name", "Ana Checker");
    fm_ui_test_run_for (50);
  }

  g_application_open (G_APPLICATION (app), &file, 1, "");
  WAIT_FOR (fm_window_get_article (window ()) != NULL);
  g_assert_cmpstr (fm_article_get_title (fm_window_get_article (window ())), ==,
                   "Reservoir levels at a ten-year low, water board warns");
  g_assert_cmpstr (fm_article_get_site_name (fm_window_get_article (window ())), ==, "Eastvale Herald");

  buffer = gtk_text_view_get_buffer (fm_article_view_get_text_view (article_view ()));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (text, ==, fm_article_get_text (fm_window_get_article (window ())));
  /* A subheading is marked as one, the paragraph after it is not */
  {
    GtkTextTag *heading = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "heading");
    GtkTextIter iter;

    gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset_of ("What the numbers say"));
    g_assert_true (gtk_text_iter_has_tag (&iter, heading));
    gtk_text_iter_forward_line (&iter);
    gtk_text_iter_forward_line (&iter);
    g_assert_false (gtk_text_iter_has_tag (&iter, heading));
    gtk_text_buffer_get_bounds (buffer, &iter, &end);
    g_assert_false (gtk_text_iter_has_tag (&iter, heading));
  }
  /* Laid out: the text view scrolls itself, over the text's height */
  WAIT_FOR (gtk_adjustment_get_upper (gtk_scrollable_get_vadjustment (
              GTK_SCROLLABLE (fm_article_view_get_text_view (article_view ())))) > 600);

  /* The same text again reopens it: no second article */
  g_application_open (G_APPLICATION (app), &file, 1, "");
  WAIT_FOR (fm_window_get_n_pending (window ()) == 0);
  g_assert_nonnull (strstr (fm_window_get_last_toast (window ()), "already in the workspace"));
  {
    g_autoptr(FmStore) store = fm_ui_test_open_disk ();
    g_autoptr(GPtrArray) articles = fm_store_list_articles (store, NULL);

    g_assert_cmpuint (articles->len, ==, 1);
  }
  fm_ui_test_run_for (200);
}

static void
test_add_claim_and_edit (void)
{
  FmClaim *claim;
  g_autoptr(FmClaim) kept = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  GtkTextBuffer *explanation;

  /* The selection starts and ends inside words: the claim has them whole */
  claim = add_claim ("holding 41 percent of their capacity");
  kept = g_object_ref (claim);
  g_assert_cmpstr (fm_claim_get_quote (claim), ==, "holding 41 percent of their capacity");
  g_assert_true (fm_article_view_get_selected_claim (article_view ()) == claim);

  /* Verdict through the dropdown: committed at once */
  adw_combo_row_set_selected (ADW_COMBO_ROW (fm_claim_panel_get_verdict_row (panel ())), FM_VERDICT_MOSTLY_TRUE);
  claims = disk_claims ();
  g_assert_cmpuint (claims->len, ==, 1);
  g_assert_cmpint (fm_claim_get_verdict (g_ptr_array_index (claims, 0)), ==, FM_VERDICT_MOSTLY_TRUE);
  g_clear_pointer (&claims, g_ptr_array_unref);

  adw_combo_row_set_selected (ADW_COMBO_ROW (fm_claim_panel_get_status_row (panel ())), FM_STATUS_IN_PROGRESS);
  g_assert_cmpint (fm_claim_get_status (claim), ==, FM_STATUS_IN_PROGRESS);

  /* Typing: committed after a short pause */
  gtk_editable_set_text (GTK_EDITABLE (fm_claim_panel_get_summary_row (panel ())),
                         "Reservoirs hold 41% of capacity");
  explanation = gtk_text_view_get_buffer (GTK_TEXT_VIEW (fm_claim_panel_get_explanation (panel ())));
  gtk_text_buffer_set_text (explanation, "The board’s weekly figures for 1 June give 38, 44 and 47 percent.", -1);
  claims = disk_claims ();
  g_assert_cmpstr (fm_claim_get_summary (g_ptr_array_index (claims, 0)), ==, "");
  g_clear_pointer (&claims, g_ptr_array_unref);
  WAIT_FOR (disk_first_claim_is ("Reservoirs hold 41% of capacity",
                                 "The board’s weekly figures for 1 June give 38, 44 and 47 percent."));

  /* Typed text is saved when the editor moves on, without waiting */
  gtk_text_buffer_set_text (explanation, "The board’s figures for 1 June: 38, 44 and 47 percent.", -1);
  fm_claim_panel_flush (panel ());
  claims = disk_claims ();
  g_assert_cmpstr (fm_claim_get_explanation (g_ptr_array_index (claims, 0)), ==,
                   "The board’s figures for 1 June: 38, 44 and 47 percent.");

  /* The history shows every change */
  WAIT_FOR (fm_claim_panel_get_n_history_rows (panel ()) >= 5);
}

static FmSourceDialog *
find_source_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (FM_IS_SOURCE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return FM_SOURCE_DIALOG (w);
    }
  return NULL;
}

static void
test_add_source (void)
{
  FmSourceDialog *dialog;
  g_autoptr(FmStore) store = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  g_autofree char *today = NULL;
  FmSource *source;

  g_assert_true (fm_ui_test_action_enabled (window (), "add-source"));
  activate ("win.add-source");
  WAIT_FOR (find_source_dialog () != NULL);
  dialog = find_source_dialog ();

  /* Only web addresses */
  gtk_editable_set_text (fm_source_dialog_get_entry (dialog, "url"), "ftp://files.example.org/levels.csv");
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (dialog), "source.save", NULL) &&
                  find_source_dialog () == NULL);
  g_assert_false (fm_source_dialog_save (dialog));
  g_assert_true (find_source_dialog () == dialog);

  gtk_editable_set_text (fm_source_dialog_get_entry (dialog, "url"),
                         "https://water.example.org/reservoirs/2026-06-01");
  gtk_editable_set_text (fm_source_dialog_get_entry (dialog, "title"), "Weekly reservoir levels");
  gtk_editable_set_text (fm_source_dialog_get_entry (dialog, "publisher"), "Eastvale Water Board");
  fm_source_dialog_set_stance (dialog, FM_STANCE_SUPPORTS);
  fm_source_dialog_set_kind (dialog, FM_SOURCE_KIND_DATA);
  fm_source_dialog_set_note (dialog, "Table 2");
  fm_ui_save_screenshot (GTK_WIDGET (dialog), "source-dialog.png");
  g_assert_true (fm_source_dialog_save (dialog));
  WAIT_FOR (find_source_dialog () == NULL);
  WAIT_FOR (fm_claim_panel_get_n_source_rows (panel ()) == 1);

  store = fm_ui_test_open_disk ();
  sources = fm_store_list_sources (store, fm_claim_get_id (fm_claim_panel_get_selected_claim (panel ())), NULL);
  g_assert_cmpuint (sources->len, ==, 1);
  source = g_ptr_array_index (sources, 0);
  g_assert_cmpstr (fm_source_get_url (source), ==, "https://water.example.org/reservoirs/2026-06-01");
  g_assert_cmpstr (fm_source_get_publisher (source), ==, "Eastvale Water Board");
  g_assert_cmpint (fm_source_get_kind (source), ==, FM_SOURCE_KIND_DATA);
  g_assert_cmpstr (fm_source_get_note (source), ==, "Table 2");
  /* Accessed defaults to today */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();

    today = g_date_time_format (now, "%Y-%m-%d");
  }
  g_assert_cmpstr (fm_source_get_accessed (source), ==, today);

  /* Editing it: the dialog opens with its values, and saves the change */
  {
    FmStore *app_store = fm_application_get_store (app);
    g_autoptr(GPtrArray) live = fm_store_list_sources (app_store, fm_source_get_claim_id (source), NULL);
    g_autoptr(GPtrArray) after = NULL;

    dialog = fm_source_dialog_new (GTK_WINDOW (window ()), app_store, fm_source_get_claim_id (source),
                                   g_ptr_array_index (live, 0));
    gtk_window_present (GTK_WINDOW (dialog));
    g_assert_cmpstr (gtk_editable_get_text (fm_source_dialog_get_entry (dialog, "publisher")), ==,
                     "Eastvale Water Board");
    gtk_editable_set_text (fm_source_dialog_get_entry (dialog, "title"), "Reservoir levels, week 22");
    gtk_editable_set_text (fm_source_dialog_get_entry (dialog, "accessed"), "2026-06-02");
    g_assert_true (fm_source_dialog_save (dialog));
    WAIT_FOR (find_source_dialog () == NULL);
    after = fm_store_list_sources (store, fm_source_get_claim_id (source), NULL);
    g_assert_cmpuint (after->len, ==, 1);
    g_assert_cmpstr (fm_source_get_title (g_ptr_array_index (after, 0)), ==, "Reservoir levels, week 22");
    g_assert_cmpstr (fm_source_get_accessed (g_ptr_array_index (after, 0)), ==, "2026-06-02");
    g_assert_cmpstr (fm_source_get_note (g_ptr_array_index (after, 0)), ==, "Table 2");
  }
}

static void
test_delete_and_undo (void)
{
  FmClaim *claim = fm_claim_panel_get_selected_claim (panel ());
  g_autofree char *id = g_strdup (fm_claim_get_id (claim));
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(FmStore) store = NULL;
  FmClaim *restored;
  gboolean deleted = FALSE, came_back = FALSE;

  g_assert_true (fm_ui_test_action_enabled (window (), "delete-claim"));
  activate ("win.delete-claim");
  claims = disk_claims ();
  g_assert_cmpuint (claims->len, ==, 0);
  g_clear_pointer (&claims, g_ptr_array_unref);
  g_assert_cmpstr (fm_window_get_last_toast (window ()), ==, "Claim deleted");
  g_assert_true (fm_ui_test_action_enabled (window (), "undo"));

  activate ("win.undo");
  claims = disk_claims ();
  g_assert_cmpuint (claims->len, ==, 1);
  restored = g_ptr_array_index (claims, 0);
  g_assert_cmpstr (fm_claim_get_id (restored), ==, id);
  g_assert_cmpint (fm_claim_get_verdict (restored), ==, FM_VERDICT_MOSTLY_TRUE);
  g_assert_cmpint (fm_claim_get_status (restored), ==, FM_STATUS_IN_PROGRESS);
  g_assert_cmpstr (fm_claim_get_summary (restored), ==, "Reservoirs hold 41% of capacity");
  g_assert_cmpuint (fm_claim_get_n_sources (restored), ==, 1);
  g_assert_false (fm_ui_test_action_enabled (window (), "undo"));

  store = fm_ui_test_open_disk ();
  history = fm_store_get_history (store, id, NULL);
  for (guint i = 0; i < history->len; i++)
    {
      FmHistoryEntry *entry = g_ptr_array_index (history, i);

      g_assert_cmpstr (entry->actor, ==, "Ana Checker");
      deleted |= g_str_equal (entry->field, "deleted");
      came_back |= g_str_equal (entry->field, "restored");
    }
  g_assert_true (deleted && came_back);
  /* The window shows it again, selected */
  g_assert_cmpstr (fm_claim_get_id (fm_claim_panel_get_selected_claim (panel ())), ==, id);

  /* A source too */
  sources = fm_store_list_sources (store, id, NULL);
  {
    g_autofree char *source_id = g_strdup (fm_source_get_id (g_ptr_array_index (sources, 0)));

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window ()), "win.remove-source", "s", source_id));
    g_clear_pointer (&sources, g_ptr_array_unref);
    sources = fm_store_list_sources (store, id, NULL);
    g_assert_cmpuint (sources->len, ==, 0);
    g_assert_cmpstr (fm_window_get_last_toast (window ()), ==, "Source removed");
    activate ("win.undo");
    g_clear_pointer (&sources, g_ptr_array_unref);
    sources = fm_store_list_sources (store, id, NULL);
    g_assert_cmpuint (sources->len, ==, 1);
    g_assert_cmpstr (fm_source_get_id (g_ptr_array_index (sources, 0)), ==, source_id);
    g_assert_cmpstr (fm_source_get_note (g_ptr_array_index (sources, 0)), ==, "Table 2");
  }
  WAIT_FOR (fm_claim_panel_get_n_source_rows (panel ()) == 1);
}

static void
test_more_claims (void)
{
  static const struct {
    const char *words;
    FmVerdict   verdict;
    FmStatus    status;
    const char *summary;
  } more[] = {
    { "rainfall since October had been 30 percent below the long-term average", FM_VERDICT_TRUE, FM_STATUS_APPROVED, "Rainfall 30% below average since October" },
    { "Household use has risen by about 12 percent since 2020", FM_VERDICT_MISLEADING, FM_STATUS_NEEDS_REVIEW, NULL },
    { "Leaks account for roughly a quarter of all water", FM_VERDICT_MIXED, FM_STATUS_IN_PROGRESS, "A quarter of the water leaks away" },
    { "May was the driest in the region since 1995", FM_VERDICT_FALSE, FM_STATUS_CHANGES_REQUESTED, "Driest May since 1995" },
    { "repaired 1,900 leaks since January", FM_VERDICT_UNVERIFIABLE, FM_STATUS_UNCHECKED, NULL },
    { "Reservoirs in this region have recovered from lower levels in a single wet autumn", FM_VERDICT_UNRATED, FM_STATUS_UNCHECKED, NULL },
  };
  g_autoptr(GPtrArray) claims = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (more); i++)
    {
      FmClaim *claim = add_claim (more[i].words);

      g_assert_cmpstr (fm_claim_get_quote (claim), ==, more[i].words);
      /* Keys 1–8 in the list: the action they trigger */
      g_assert_true (gtk_widget_activate_action (fm_claim_panel_get_list_view (panel ()), "win.set-verdict",
                                                 "i", (int)more[i].verdict));
      g_assert_cmpint (fm_claim_get_verdict (claim), ==, more[i].verdict);
      adw_combo_row_set_selected (ADW_COMBO_ROW (fm_claim_panel_get_status_row (panel ())), more[i].status);
      if (more[i].summary)
        {
          gtk_editable_set_text (GTK_EDITABLE (fm_claim_panel_get_summary_row (panel ())), more[i].summary);
          fm_claim_panel_flush (panel ());
        }
    }

  /* Overlapping claims */
  add_claim ("41 percent");
  {
    GtkTextTagTable *table = gtk_text_buffer_get_tag_table (gtk_text_view_get_buffer (fm_article_view_get_text_view (article_view ())));
    int size = gtk_text_tag_table_get_size (table);

    /* The selection shows above every claim, the flash above it */
    g_assert_cmpint (gtk_text_tag_get_priority (gtk_text_tag_table_lookup (table, "flash")), ==, size - 1);
    g_assert_cmpint (gtk_text_tag_get_priority (gtk_text_tag_table_lookup (table, "selected-claim")), ==, size - 2);
  }
  claims = disk_claims ();
  g_assert_cmpuint (claims->len, ==, 8);
  {
    g_autoptr(GPtrArray) here = fm_article_view_claims_at (article_view (), offset_of ("41 percent") + 1);

    g_assert_cmpuint (here->len, ==, 2);
    /* Innermost first: a click there picks the shorter claim */
    g_assert_cmpstr (fm_claim_get_quote (g_ptr_array_index (here, 0)), ==, "41 percent");
  }
}

static void
test_keyboard_navigation (void)
{
  GListModel *list = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (fm_claim_panel_get_list_view (panel ()))));
  guint n = g_list_model_get_n_items (list);
  GtkAdjustment *adj;
  g_autoptr(FmClaim) first = g_list_model_get_item (list, 0);
  g_autoptr(FmClaim) second = g_list_model_get_item (list, 1);
  g_autoptr(FmClaim) last = g_list_model_get_item (list, n - 1);
  GtkWidget *scroller;

  fm_claim_panel_set_selected_claim (panel (), first);
  g_assert_true (fm_article_view_get_selected_claim (article_view ()) == first);

  activate ("win.next-claim");
  g_assert_true (fm_claim_panel_get_selected_claim (panel ()) == second);
  g_assert_true (fm_article_view_get_selected_claim (article_view ()) == second);
  g_assert_true (fm_article_view_is_flashing (article_view ()));
  activate ("win.previous-claim");
  g_assert_true (fm_claim_panel_get_selected_claim (panel ()) == first);
  activate ("win.previous-claim");
  g_assert_true (fm_claim_panel_get_selected_claim (panel ()) == first);

  /* Going to the last claim scrolls the article to it */
  scroller = gtk_widget_get_ancestor (GTK_WIDGET (fm_article_view_get_text_view (article_view ())),
                                      GTK_TYPE_SCROLLED_WINDOW);
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  gtk_adjustment_set_value (adj, 0);
  for (guint i = 1; i < n; i++)
    activate ("win.next-claim");
  g_assert_true (fm_claim_panel_get_selected_claim (panel ()) == last);
  WAIT_FOR (gtk_adjustment_get_value (adj) > 0);

  /* Selecting in the list selects in the article, and back */
  fm_claim_panel_set_selected_claim (panel (), second);
  g_assert_true (fm_article_view_get_selected_claim (article_view ()) == second);
  fm_article_view_set_selected_claim (article_view (), first);
  g_assert_true (fm_claim_panel_get_selected_claim (panel ()) == first);
  fm_ui_test_run_for (100);
}

static void
test_zoom (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  activate ("win.zoom-in");
  g_assert_cmpfloat_with_epsilon (fm_article_view_get_text_scale (article_view ()), 1.1, 0.001);
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "text-scale"), 1.1, 0.001);
  activate ("win.zoom-out");
  activate ("win.zoom-out");
  g_assert_cmpfloat_with_epsilon (fm_article_view_get_text_scale (article_view ()), 0.9, 0.001);
  activate ("win.zoom-reset");
  g_assert_cmpfloat_with_epsilon (fm_article_view_get_text_scale (article_view ()), 1.0, 0.001);
  g_assert_false (fm_ui_test_action_enabled (window (), "zoom-reset"));
}

static GtkWidget *
find_inscription (GtkWidget *widget)
{
  if (GTK_IS_INSCRIPTION (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_inscription (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Every row in the list shows its text on one line when it fits the
 * width, on two when not: no blank second line, no "…" on a short text */
static void
check_row_lines (GtkWidget *widget,
                 guint     *n_rows)
{
  if (FM_IS_CLAIM_ROW (widget) && gtk_widget_get_mapped (widget) &&
      fm_claim_row_get_claim (FM_CLAIM_ROW (widget)) != NULL)
    {
      FmClaim *claim = fm_claim_row_get_claim (FM_CLAIM_ROW (widget));
      GtkWidget *text = find_inscription (widget);
      g_autoptr(PangoLayout) layout = NULL;
      int width;

      g_assert_nonnull (text);
      layout = gtk_widget_create_pango_layout (text, fm_claim_get_display_text (claim));
      pango_layout_get_pixel_size (layout, &width, NULL);
      g_assert_cmpuint (gtk_inscription_get_min_lines (GTK_INSCRIPTION (text)), ==,
                        width <= gtk_widget_get_width (text) ? 1 : 2);
      g_assert_cmpuint (gtk_inscription_get_nat_lines (GTK_INSCRIPTION (text)), ==,
                        gtk_inscription_get_min_lines (GTK_INSCRIPTION (text)));
      (*n_rows)++;
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_row_lines (child, n_rows);
}

static void
test_screenshot (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  GListModel *list = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (fm_claim_panel_get_list_view (panel ()))));
  g_autoptr(FmClaim) claim = g_list_model_get_item (list, 0);

  /* The claim with a summary, a verdict, an explanation and a source */
  fm_claim_panel_set_selected_claim (panel (), claim);
  /* Past the flash of the selected claim */
  fm_ui_test_run_for (1200);
  save_screenshot ("window.png");
  {
    guint n_rows = 0;

    check_row_lines (fm_claim_panel_get_list_view (panel ()), &n_rows);
    g_assert_cmpuint (n_rows, >, 0);
  }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  fm_ui_test_run_for (600);
  save_screenshot ("window-dark.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  fm_ui_wait_for_frame (GTK_WIDGET (window ()));

  /* The workspace too, to open the real app on it: with its write-ahead
   * log, which holds what the open connection has not checkpointed */
  {
    g_autofree char *path = fm_store_default_path ();
    g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ?: ".", "artifacts", NULL);
    const char *suffixes[] = { "", "-wal" };

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *from = g_strconcat (path, suffixes[i], NULL);
        g_autofree char *to = g_strconcat (dir, "/workspace.db", suffixes[i], NULL);
        g_autoptr(GFile) original = g_file_new_for_path (from);
        g_autoptr(GFile) copy = g_file_new_for_path (to);

        g_file_delete (copy, NULL, NULL);
        if (g_file_query_exists (original, NULL))
          g_assert_true (g_file_copy (original, copy, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, NULL));
      }
  }
}

static void
test_import_errors (void)
{
  g_autofree char *empty = g_build_filename (tmpdir, "empty.txt", NULL);
  g_autofree char *binary = g_build_filename (tmpdir, "photo.txt", NULL);
  g_autoptr(GFile) empty_file = g_file_new_for_path (empty);
  g_autoptr(GFile) binary_file = g_file_new_for_path (binary);
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/article.txt");
  g_autofree char *article_id = g_strdup (fm_article_get_id (fm_window_get_article (window ())));
  static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";
  GtkWidget *dialog;
  const char *body;

  g_assert_true (g_file_set_contents (empty, "   \n\n", -1, NULL));
  g_assert_true (g_file_set_contents (binary, png, sizeof png, NULL));

  fm_window_open_file (window (), empty_file);
  WAIT_FOR (fm_window_get_n_pending (window ()) == 0);
  dialog = fm_window_get_error_dialog (window ());
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), "empty.txt"));
  g_assert_cmpstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), !=, "");

  /* More errors go into the same dialog, each with its file's name */
  fm_window_open_file (window (), binary_file);
  fm_window_open_file (window (), missing);
  WAIT_FOR (fm_window_get_n_pending (window ()) == 0);
  g_assert_true (fm_window_get_error_dialog (window ()) == dialog);
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  g_assert_nonnull (strstr (body, "empty.txt"));
  g_assert_nonnull (strstr (body, "photo.txt"));
  g_assert_nonnull (strstr (body, "article.txt"));

  /* Nothing else changed */
  g_assert_cmpstr (fm_article_get_id (fm_window_get_article (window ())), ==, article_id);
  {
    g_autoptr(FmStore) store = fm_ui_test_open_disk ();
    g_autoptr(GPtrArray) articles = fm_store_list_articles (store, NULL);

    g_assert_cmpuint (articles->len, ==, 1);
  }
  gtk_window_close (GTK_WINDOW (dialog));
  WAIT_FOR (fm_window_get_error_dialog (window ()) == NULL);
}

static void
test_paste_and_search (void)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (window ()));
  g_autofree char *first_id = g_strdup (fm_article_get_id (fm_window_get_article (window ())));
  GtkListView *articles = GTK_LIST_VIEW (fm_window_get_articles_view (window ()));
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (articles));

  gdk_clipboard_set_text (clipboard,
                          "Ferry fares to rise by 8 percent\n\n"
                          "The harbour ferry company said fares would rise by 8 percent in August, "
                          "the first rise since 2019.\n");
  activate ("win.paste-article");
  WAIT_FOR (g_strcmp0 (fm_article_get_id (fm_window_get_article (window ())), first_id) != 0);
  g_assert_cmpstr (fm_article_get_title (fm_window_get_article (window ())), ==,
                   "Ferry fares to rise by 8 percent");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);

  /* Search by title */
  gtk_editable_set_text (GTK_EDITABLE (fm_window_get_search_entry (window ())), "reservoir");
  WAIT_FOR (g_list_model_get_n_items (model) == 1);
  gtk_editable_set_text (GTK_EDITABLE (fm_window_get_search_entry (window ())), "");
  WAIT_FOR (g_list_model_get_n_items (model) == 2);

  /* Back to the first article: it keeps its claims */
  g_assert_true (fm_window_show_article (window (), first_id));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (fm_claim_panel_get_list_view (panel ()))))),
                    ==, 8);
}

static void
test_close_and_reopen (void)
{
  g_autoptr(GPtrArray) before = disk_claims ();
  g_autofree char *article_id = g_strdup (fm_article_get_id (fm_window_get_article (window ())));
  GListModel *list;
  g_autoptr(FmClaim) claim = NULL;

  /* Something typed and not yet committed when the window closes */
  list = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (fm_claim_panel_get_list_view (panel ()))));
  claim = g_list_model_get_item (list, 2);
  fm_claim_panel_set_selected_claim (panel (), claim);
  gtk_editable_set_text (GTK_EDITABLE (fm_claim_panel_get_summary_row (panel ())), "Typed just before closing");
  gtk_window_set_default_size (GTK_WINDOW (window ()), 1200, 760);
  gtk_window_close (GTK_WINDOW (window ()));
  WAIT_FOR (gtk_application_get_windows (GTK_APPLICATION (app)) == NULL);
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);

    /* The size is remembered */
    g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1200);
    g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 760);
  }

  g_application_activate (G_APPLICATION (app));
  WAIT_FOR (gtk_application_get_windows (GTK_APPLICATION (app)) != NULL);
  fm_ui_test_run_for (200);
  /* The last article is shown again, laid out, with every claim as it was */
  WAIT_FOR (gtk_widget_get_height (GTK_WIDGET (fm_article_view_get_text_view (article_view ()))) > 600);
  g_assert_cmpstr (fm_article_get_id (fm_window_get_article (window ())), ==, article_id);
  list = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (fm_claim_panel_get_list_view (panel ()))));
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, before->len);
  for (guint i = 0; i < before->len; i++)
    {
      g_autoptr(FmClaim) shown = g_list_model_get_item (list, i);
      FmClaim *was = g_ptr_array_index (before, i);

      g_assert_cmpstr (fm_claim_get_id (shown), ==, fm_claim_get_id (was));
      g_assert_cmpint (fm_claim_get_verdict (shown), ==, fm_claim_get_verdict (was));
      g_assert_cmpint (fm_claim_get_status (shown), ==, fm_claim_get_status (was));
      g_assert_cmpuint (fm_claim_get_n_sources (shown), ==, fm_claim_get_n_sources (was));
      if (g_strcmp0 (fm_claim_get_id (shown), fm_claim_get_id (claim)) == 0)
        g_assert_cmpstr (fm_claim_get_summary (shown), ==, "Typed just before closing");
      else
        g_assert_cmpstr (fm_claim_get_summary (shown), ==, fm_claim_get_summary (was));
    }
  {
    g_autoptr(FmClaim) first = g_list_model_get_item (list, 0);

    fm_claim_panel_set_selected_claim (panel (), first);
    WAIT_FOR (fm_claim_panel_get_n_source_rows (panel ()) == fm_claim_get_n_sources (first));
  }
}

/* Real key presses, through the X server (xdotool), to the focused window */
static void
xdotool (const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int wait_status;
  va_list args;

  g_ptr_array_add (argv, (gpointer)"xdotool");
  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer)a);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
  /* Let the window take the events */
  fm_ui_test_run_for (60);
}

static void
test_real_keys (void)
{
  GtkWidget *widget = GTK_WIDGET (window ());
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (widget));
  GListModel *list = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (fm_claim_panel_get_list_view (panel ()))));
  guint n = g_list_model_get_n_items (list);
  g_autoptr(FmClaim) first = g_list_model_get_item (list, 0);
  g_autoptr(FmClaim) second = g_list_model_get_item (list, 1);
  g_autofree char *xid = NULL;
  g_autofree char *added_id = NULL;
  FmVerdict verdict;
  guint start;

  if (!GDK_IS_X11_SURFACE (surface) || !fm_ui_test_have_program ("xdotool"))
    {
      g_test_skip ("needs X11 and xdotool");
      return;
    }
  xid = g_strdup_printf ("%lu", (gulong)gdk_x11_surface_get_xid (surface));
  xdotool ("windowfocus", "--sync", xid, NULL);

  /* Alt+Down and Alt+Up from the article */
  fm_claim_panel_set_selected_claim (panel (), NULL);
  gtk_widget_grab_focus (GTK_WIDGET (fm_article_view_get_text_view (article_view ())));
  xdotool ("key", "alt+Down", NULL);
  WAIT_FOR (fm_claim_panel_get_selected_claim (panel ()) == first);
  xdotool ("key", "alt+Down", NULL);
  WAIT_FOR (fm_claim_panel_get_selected_claim (panel ()) == second);
  xdotool ("key", "alt+Up", NULL);
  WAIT_FOR (fm_claim_panel_get_selected_claim (panel ()) == first);

  /* A click on a highlight selects its claim */
  {
    g_autoptr(FmClaim) third = g_list_model_get_item (list, 2);
    GtkTextView *text_view = fm_article_view_get_text_view (article_view ());
    double x, y;
    g_autofree char *sx = NULL;
    g_autofree char *sy = NULL;

    /* In sight first: selecting scrolls to it (after a layout, so the
     * text stands still only after that); the middle of its first word */
    fm_claim_panel_set_selected_claim (panel (), third);
    fm_ui_wait_for_text_point (widget, text_view, fm_claim_get_start (third),
                               fm_claim_get_start (third) + strlen ("rainfall"), &x, &y);
    fm_claim_panel_set_selected_claim (panel (), first);
    fm_ui_wait_for_text_point (widget, text_view, fm_claim_get_start (third),
                               fm_claim_get_start (third) + strlen ("rainfall"), &x, &y);
    sx = g_strdup_printf ("%d", (int)x);
    sy = g_strdup_printf ("%d", (int)y);
    xdotool ("mousemove", "--window", xid, sx, sy, NULL);
    xdotool ("click", "1", NULL);
    WAIT_FOR (fm_claim_panel_get_selected_claim (panel ()) == third);
    g_assert_true (fm_article_view_get_selected_claim (article_view ()) == third);
    /* Away from the text: no tooltip pending when the window closes later */
    xdotool ("mousemove", "--window", xid, "5", "5", NULL);
    fm_claim_panel_set_selected_claim (panel (), first);
  }

  /* A digit in the claim list picks the verdict: 4 is the fourth, Mixed */
  verdict = fm_claim_get_verdict (first);
  fm_claim_panel_focus_list (panel ());
  xdotool ("key", "4", NULL);
  WAIT_FOR (fm_claim_get_verdict (first) == FM_VERDICT_MIXED);
  xdotool ("key", verdict == FM_VERDICT_MIXED ? "4" : verdict == FM_VERDICT_MOSTLY_TRUE ? "3" : "1", NULL);
  WAIT_FOR (fm_claim_get_verdict (first) != FM_VERDICT_MIXED || verdict == FM_VERDICT_MIXED);

  /* Ctrl+E on a selection, then type the summary */
  start = offset_of ("chance of a dry summer");
  fm_article_view_select_range (article_view (), start, start + strlen ("chance of a dry summer"));
  gtk_widget_grab_focus (GTK_WIDGET (fm_article_view_get_text_view (article_view ())));
  xdotool ("key", "ctrl+e", NULL);
  WAIT_FOR (g_list_model_get_n_items (list) == n + 1);
  added_id = g_strdup (fm_claim_get_id (fm_claim_panel_get_selected_claim (panel ())));
  xdotool ("type", "--delay", "20", "A dry summer is likely", NULL);
  WAIT_FOR (disk_summary_is (added_id, "A dry summer is likely"));

  /* Escape back to the list, Delete, and Ctrl+Z brings it back */
  xdotool ("key", "Escape", NULL);
  xdotool ("key", "Delete", NULL);
  WAIT_FOR (g_list_model_get_n_items (list) == n);
  xdotool ("key", "ctrl+z", NULL);
  WAIT_FOR (g_list_model_get_n_items (list) == n + 1);
  g_assert_cmpstr (fm_claim_get_id (fm_claim_panel_get_selected_claim (panel ())), ==, added_id);
  g_assert_cmpstr (fm_claim_get_summary (fm_claim_panel_get_selected_claim (panel ())), ==,
                   "A dry summer is likely");

  /* Ctrl+plus makes the text larger, Ctrl+0 resets it */
  xdotool ("key", "ctrl+plus", NULL);
  WAIT_FOR (fm_article_view_get_text_scale (article_view ()) > 1.05);
  xdotool ("key", "ctrl+0", NULL);
  WAIT_FOR (fm_article_view_get_text_scale (article_view ()) < 1.05);
}

static void
test_dialogs (void)
{
  GtkWindow *w;
  GLogLevelFlags fatal;

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "preferences"));
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  WAIT_FOR ((w = fm_ui_test_find_toplevel (ADW_TYPE_PREFERENCES_WINDOW)) != NULL);
  fm_ui_save_screenshot (GTK_WIDGET (w), "preferences.png");
  gtk_window_close (w);

  /* GTK 4.8's shortcuts window measures one of its own labels below zero
   * with the Adwaita stylesheet and warns: GTK's warning, not ours */
  fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window ()), "win.show-help-overlay", NULL));
  WAIT_FOR ((w = fm_ui_test_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW)) != NULL);
  fm_ui_save_screenshot (GTK_WIDGET (w), "shortcuts.png");
  gtk_window_close (w);
  fm_ui_test_run_for (100);
  g_log_set_always_fatal (fatal);

  /* The history, open */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (fm_claim_panel_get_history_row (panel ())), TRUE);
  {
    GtkWidget *scroller = gtk_widget_get_ancestor (fm_claim_panel_get_history_row (panel ()),
                                                   GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

    /* Past the expander's animation */
    fm_ui_test_run_for (400);
    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
    save_screenshot ("window-history.png");
  }
}

/* A short article shown as the window opens is laid out too */
static void
test_reopen_short_article (void)
{
  GListModel *articles = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (fm_window_get_articles_view (window ()))));
  g_autoptr(FmArticle) ferry = g_list_model_get_item (articles, 0);

  g_assert_cmpstr (fm_article_get_title (ferry), ==, "Ferry fares to rise by 8 percent");
  g_assert_true (fm_window_show_article (window (), fm_article_get_id (ferry)));
  gtk_window_close (GTK_WINDOW (window ()));
  WAIT_FOR (gtk_application_get_windows (GTK_APPLICATION (app)) == NULL);
  g_application_activate (G_APPLICATION (app));
  WAIT_FOR (gtk_application_get_windows (GTK_APPLICATION (app)) != NULL);
  g_assert_cmpstr (fm_article_get_id (fm_window_get_article (window ())), ==, fm_article_get_id (ferry));
  /* One paragraph of two lines at least, below the header */
  WAIT_FOR (gtk_adjustment_get_upper (gtk_scrollable_get_vadjustment (
              GTK_SCROLLABLE (fm_article_view_get_text_view (article_view ())))) >
            gtk_text_view_get_top_margin (fm_article_view_get_text_view (article_view ())) + 40);
}

/* No program owns the clipboard (GTK has no call for that) */
static void
give_up_clipboard (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  Display *xdisplay = gdk_x11_display_get_xdisplay (display);

  XSetSelectionOwner (xdisplay, gdk_x11_get_xatom_by_name_for_display (display, "CLIPBOARD"),
                      None, CurrentTime);
  XSync (xdisplay, False);
  /* GDK takes note of it */
  fm_ui_test_run_for (100);
}

/* The settings the real program wrote, in the keyfile under @config_dir */
static gboolean
settings_written (const char *config_dir,
                  const char *key)
{
  g_autofree char *path = g_build_filename (config_dir, "glib-2.0", "settings", "keyfile", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *line = g_strconcat ("\n", key, "=", NULL);

  return g_file_get_contents (path, &contents, NULL, NULL) && strstr (contents, line) != NULL;
}

/* The article's header (title, byline) among the text view's children */
static GtkWidget *
article_header (void)
{
  GtkWidget *text_view = GTK_WIDGET (fm_article_view_get_text_view (article_view ()));

  for (GtkWidget *child = gtk_widget_get_first_child (text_view); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_has_css_class (child, "article-header"))
      return child;
  g_assert_not_reached ();
}

/* Where the header's top left is drawn in the window */
static graphene_point_t
header_in_window (void)
{
  graphene_point_t point;

  g_assert_true (gtk_widget_compute_point (article_header (), GTK_WIDGET (window ()),
                                           &GRAPHENE_POINT_INIT (0, 0), &point));
  return point;
}

/* Scrolls the article to @value and waits until a frame has drawn it */
static void
scroll_article_to (GtkAdjustment *adj,
                   double         value)
{
  gtk_adjustment_set_value (adj, value);
  fm_ui_wait_for_frame (GTK_WIDGET (window ()));
}

/* A long article: the text view scrolls itself (only the lines in sight are
 * laid out and drawn), and the header above the first line scrolls with
 * the text, out of sight and back */
/* Another article shown, then @id again: opened anew */
static void
reopen_after_another (GListModel *articles,
                      const char *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (articles); i++)
    {
      g_autoptr(FmArticle) other = g_list_model_get_item (articles, i);

      if (!g_str_equal (fm_article_get_id (other), id))
        {
          g_assert_true (fm_window_show_article (window (), fm_article_get_id (other)));
          break;
        }
    }
  g_assert_true (fm_window_show_article (window (), id));
}

/* Whether a claim's highlight (an unnamed tag with a background) is on the
 * text at @offset */
static gboolean
claim_tagged_at (GtkTextView *text_view,
                 guint        offset)
{
  g_autoptr(GSList) tags = NULL;
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_offset (gtk_text_view_get_buffer (text_view), &iter, offset);
  tags = gtk_text_iter_get_tags (&iter);
  for (GSList *l = tags; l != NULL; l = l->next)
    {
      g_autofree char *name = NULL;
      gboolean background = FALSE;

      g_object_get (l->data, "name", &name, "background-set", &background, NULL);
      if (name == NULL && background)
        return TRUE;
    }
  return FALSE;
}

static void
test_long_article_scrolls (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "long-inquiry.txt", NULL);
  g_autoptr(GString) text = g_string_new ("Inquiry into the harbour dredging contracts\n\n");
  g_autoptr(GFile) file = NULL;
  GtkTextView *text_view;
  GtkAdjustment *adj;
  graphene_point_t top, moved, back;
  GdkRectangle visible;
  FmClaim *claim;
  double middle;

  for (guint i = 0; i < 400; i++)
    g_string_append_printf (text, "Paragraph %u. The port authority paid %u million for dredging "
                            "in year %u, the audit says, and the contractor disputes the "
                            "figure.\n\n", i + 1, 10 + i % 37, 1990 + i % 30);
  g_assert_true (g_file_set_contents (path, text->str, -1, NULL));
  file = g_file_new_for_path (path);
  g_application_open (G_APPLICATION (app), &file, 1, "");
  WAIT_FOR (fm_window_get_article (window ()) != NULL &&
            g_str_has_prefix (fm_article_get_title (fm_window_get_article (window ())), "Inquiry"));
  claim = add_claim ("Paragraph 200. The port authority paid");
  g_assert_nonnull (claim);
  fm_claim_panel_set_selected_claim (panel (), NULL);

  text_view = fm_article_view_get_text_view (article_view ());
  adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (text_view));
  g_assert_true (adj == gtk_scrolled_window_get_vadjustment (
                   GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (GTK_WIDGET (text_view),
                                                                 GTK_TYPE_SCROLLED_WINDOW))));
  /* Past the flash of the new claim (and the scroll to it) */
  fm_ui_test_run_for (1000);
  scroll_article_to (adj, 0);
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), ==, 0);
  fm_ui_save_screenshot (GTK_WIDGET (window ()), "long-article-top.png");
  top = header_in_window ();
  g_assert_cmpfloat (gtk_adjustment_get_upper (adj), >, 10 * gtk_adjustment_get_page_size (adj));

  /* A little: the header moves up by as much as the text */
  scroll_article_to (adj, 40);
  moved = header_in_window ();
  g_assert_cmpfloat_with_epsilon (moved.y, top.y - 40, 0.5);
  g_assert_cmpfloat_with_epsilon (moved.x, top.x, 0.5);
  gtk_text_view_get_visible_rect (text_view, &visible);
  g_assert_cmpint (visible.y, ==, 40 - gtk_text_view_get_top_margin (text_view));

  /* The middle (where the claim is) and the end: the header is out of sight */
  middle = (int)((gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj)) / 2);
  scroll_article_to (adj, middle);
  g_assert_cmpfloat_with_epsilon (header_in_window ().y, top.y - middle, 0.5);
  fm_ui_save_screenshot (GTK_WIDGET (window ()), "long-article-middle.png");
  scroll_article_to (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
  fm_ui_save_screenshot (GTK_WIDGET (window ()), "long-article-end.png");

  /* And back where it was */
  scroll_article_to (adj, 0);
  back = header_in_window ();
  g_assert_cmpfloat_with_epsilon (back.y, top.y, 0.5);
  fm_ui_save_screenshot (GTK_WIDGET (window ()), "long-article-back.png");

  /* Opened again, the highlights far from the top go on the text after
   * the first frame: the claim's is on its text once it is scrolled into
   * sight, before the frame that shows it */
  {
    g_autofree char *long_id = g_strdup (fm_article_get_id (fm_window_get_article (window ())));
    GListModel *list = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (fm_claim_panel_get_list_view (panel ()))));
    g_autoptr(FmClaim) placed = g_list_model_get_item (list, 0);
    GListModel *articles = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (fm_window_get_articles_view (window ()))));
    guint start = fm_claim_get_start (placed);
    GtkTextIter iter;
    GdkRectangle where;
    gboolean highlighted = FALSE;

    reopen_after_another (articles, long_id);
    g_assert_cmpuint (start, >, 20000);
    /* Brought into sight as the claim list does it */
    fm_claim_panel_set_selected_claim (panel (), placed);
    WAIT_FOR ((gtk_text_buffer_get_iter_at_offset (gtk_text_view_get_buffer (text_view), &iter,
                                                   start),
               gtk_text_view_get_iter_location (text_view, &iter, &where),
               gtk_text_view_get_visible_rect (text_view, &visible),
               where.y >= visible.y && where.y + where.height <= visible.y + visible.height));
    /* Tagged before the frame that shows it, or (on a loaded machine, where
     * the lines' first layout changes what is in sight) the frame after */
    WAIT_FOR ((highlighted = claim_tagged_at (text_view, start)));
    g_assert_true (highlighted);
    fm_ui_save_screenshot (GTK_WIDGET (window ()), "long-article-claim.png");

    /* Opened again and the claim deleted before its highlight went on the
     * text: nothing is left to put on it, in sight or in the background */
    fm_claim_panel_set_selected_claim (panel (), NULL);
    reopen_after_another (articles, long_id);
    {
      g_autoptr(GError) error = NULL;
      FmStore *store = fm_claim_list_get_store (FM_CLAIM_LIST (gtk_single_selection_get_model (
                         GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (fm_claim_panel_get_list_view (panel ())))))));
      g_autoptr(FmClaim) gone = g_list_model_get_item (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (fm_claim_panel_get_list_view (panel ())))), 0);

      g_assert_true (fm_store_delete_claim (store, gone, &error));
      g_assert_no_error (error);
    }
    scroll_article_to (adj, (int)((gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj)) / 2));
    fm_ui_test_run_for (300);
    fm_ui_wait_for_frame (GTK_WIDGET (window ()));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (fm_claim_panel_get_list_view (panel ()))))), ==, 0);
  }
}

/* The real program, killed (SIGTERM) while a summary is being typed:
 * what was on screen is in the workspace */
static void
test_terminate_keeps_typing (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "terminate.db", NULL);
  g_autofree char *config_dir = g_build_filename (tmpdir, "terminate-config", NULL);
  g_auto(GStrv) envp = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FmStore) store = NULL;
  g_autoptr(FmArticle) imported = NULL;
  g_autoptr(FmArticle) article = NULL;
  g_autoptr(FmClaim) claim = NULL;
  g_autoptr(FmClaim) stored = NULL;
  g_autofree char *claim_id = NULL;
  g_autofree char *found = NULL;
  const char *factmark = g_getenv ("FACTMARK");
  const char *argv[] = { factmark, "--workspace", path, NULL };
  GPid pid;
  int status = 0;
  gint64 end;

  if (factmark == NULL || !fm_ui_test_have_program ("xdotool"))
    {
      g_test_skip ("needs the factmark binary and xdotool");
      return;
    }

  store = fm_store_open (path, &error);
  g_assert_no_error (error);
  imported = fm_import_text ("Tram line opens\n\nThe new tram line carried 20,000 people on its first day.\n",
                             NULL, FM_IMPORT_FLAGS_NONE, &error);
  g_assert_no_error (error);
  article = fm_store_add_article (store, imported, NULL, &error);
  g_assert_no_error (error);
  claim = fm_store_create_claim (store, fm_article_get_id (article), 0, 28, &error);
  g_assert_no_error (error);
  claim_id = g_strdup (fm_claim_get_id (claim));
  g_clear_object (&store);

  /* On a display where nobody holds the clipboard, as at the start of a
   * session: GTK 4.8 leaks what it makes to ask another program for the
   * clipboard's formats (as the program does when it starts) and to answer
   * such a question (as this test would), which the sanitizer pass would
   * report. /window/paste-and-search put text there. */
  give_up_clipboard ();

  /* Its settings in a file, where the test sees them change */
  envp = g_environ_setenv (g_get_environ (), "GSETTINGS_BACKEND", "keyfile", TRUE);
  envp = g_environ_setenv (envp, "XDG_CONFIG_HOME", config_dir, TRUE);
  g_spawn_async (NULL, (char **)argv, envp, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                 NULL, NULL, &pid, &error);
  g_assert_no_error (error);

  /* Its window, by title, once it is mapped: it can take the focus then */
  end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (found == NULL && g_get_monotonic_time () < end)
    {
      const char *search[] = { "xdotool", "search", "--onlyvisible", "--name", "Tram line opens", NULL };
      g_autofree char *out = NULL;

      fm_ui_test_run_for (100);
      if (g_spawn_sync (NULL, (char **)search, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                        NULL, NULL, &out, NULL, NULL, NULL) && out != NULL && *out != '\0')
        found = g_strdup (g_strstrip (out));
    }
  g_assert_nonnull (found);
  if (strchr (found, '\n'))
    *strchr (found, '\n') = '\0';
  fm_ui_test_run_for (500);

  xdotool ("windowfocus", "--sync", found, NULL);
  xdotool ("key", "alt+Down", NULL);
  xdotool ("key", "F2", NULL);
  xdotool ("type", "--delay", "15", "Record first day", NULL);
  /* Shown, and killed before the pause that commits typing is over. The
   * program handles keys in order, and a slow build (the sanitizers') lags
   * behind xdotool: all of it is shown once the key pressed after it has
   * made the text larger, which the program saves in its settings at once. */
  xdotool ("key", "ctrl+plus", NULL);
  end = g_get_monotonic_time () + FM_TEST_WAIT_SECONDS * G_USEC_PER_SEC;
  while (!settings_written (config_dir, "text-scale") && g_get_monotonic_time () < end)
    fm_ui_test_run_for (5);
  g_assert_true (settings_written (config_dir, "text-scale"));
  kill (pid, SIGTERM);
  end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (waitpid (pid, &status, WNOHANG) == 0 && g_get_monotonic_time () < end)
    fm_ui_test_run_for (20);
  g_spawn_close_pid (pid);
  g_assert_true (WIFEXITED (status));

  store = fm_store_open (path, &error);
  g_assert_no_error (error);
  stored = fm_store_get_claim (store, claim_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fm_claim_get_summary (stored), ==, "Record first day");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *fixture = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  int status;

  tmpdir = fm_test_tmpdir ();
  g_setenv ("XDG_DATA_HOME", tmpdir, TRUE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GDK_BACKEND", "x11", FALSE);

  g_test_init (&argc, &argv, NULL);

  fixture = fm_test_source_file ("fixtures", "reservoir-levels.txt", NULL);
  g_assert_true (g_file_get_contents (fixture, &contents, &length, NULL));
  fixture_copy = g_build_filename (tmpdir, "reservoir-levels.txt", NULL);
  g_assert_true (g_file_set_contents (fixture_copy, contents, length, NULL));

  app = fm_application_new ();
  /* A session bus of its own is not needed for one instance */
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_hold (G_APPLICATION (app));

  g_test_add_func ("/window/open-article", test_open_article);
  g_test_add_func ("/window/add-claim-and-edit", test_add_claim_and_edit);
  g_test_add_func ("/window/add-source", test_add_source);
  g_test_add_func ("/window/delete-and-undo", test_delete_and_undo);
  g_test_add_func ("/window/more-claims", test_more_claims);
  g_test_add_func ("/window/keyboard-navigation", test_keyboard_navigation);
  g_test_add_func ("/window/zoom", test_zoom);
  g_test_add_func ("/window/import-errors", test_import_errors);
  g_test_add_func ("/window/paste-and-search", test_paste_and_search);
  g_test_add_func ("/window/real-keys", test_real_keys);
  g_test_add_func ("/window/close-and-reopen", test_close_and_reopen);
  /* In a window that shows no toasts from the steps before */
  g_test_add_func ("/window/screenshot", test_screenshot);
  g_test_add_func ("/window/dialogs", test_dialogs);
  g_test_add_func ("/window/reopen-short-article", test_reopen_short_article);
  g_test_add_func ("/window/terminate-keeps-typing", test_terminate_keeps_typing);
  g_test_add_func ("/window/long-article-scrolls", test_long_article_scrolls);

  status = g_test_run ();

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = gtk_application_get_windows (GTK_APPLICATION (app)))
    gtk_window_destroy (l->data);
  g_application_release (G_APPLICATION (app));
  g_clear_object (&app);
  fm_test_rmtree (tmpdir);
  g_free (tmpdir);
  g_free (fixture_copy);
  return status;
}
