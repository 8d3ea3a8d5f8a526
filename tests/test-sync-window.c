/* test-sync-window.c — one newsroom, two computers: sync in the window
 *
 * Runs under Xvfb (build-aux/dev test), like test-window. The window is
 * Ana's, with workspace A (the default workspace in a temporary
 * XDG_DATA_HOME) and a shared folder chosen in Preferences. Ben's computer
 * is workspace B, driven here through the store and FmSync. Claims and
 * reviews go both ways through the Sync action (the real Ctrl+Shift+S) and
 * through the folder monitor; a conflict is listed, opened and marked
 * reviewed; a damaged file and an unplugged folder are shown and nothing is
 * applied. Last, two real `factmark --workspace` processes on this display
 * share one folder: a claim made in one (with keys) reaches the other, and
 * a screenshot shows both windows. Screenshots go to
 * _build/tests/artifacts/sync-*.png.
 */
#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include "fm-application.h"
#include "fm-article-row.h"
#include "fm-article-view.h"
#include "fm-claim-list.h"
#include "fm-claim-panel.h"
#include "fm-preferences-window.h"
#include "fm-review-view.h"
#include "fm-store.h"
#include "fm-sync-controller.h"
#include "fm-sync-preferences.h"
#include "fm-sync-status.h"
#include "fm-sync-window.h"
#include "fm-sync.h"
#include "fm-ui-test.h"
#include "fm-window.h"

static char *tmpdir;
static FmApplication *app;
static char *folder_path;
static GFile *folder;
static FmStore *ben;                /* the other computer's workspace */
static FmSync *ben_sync;
static char *article_id;
static char *c1_id;                 /* Ana's claim, approved by Ben */
static char *c2_id;                 /* Ben's claim */

static const char article_text[] =
  "The harbour tunnel will open in March, two years late, the transport ministry said.\n"
  "It cost 1.4 billion euros, twice the first estimate.\n"
  "Traffic on the old bridge should fall by a third once it opens.\n"
  "The ministry expects 30,000 vehicles a day in the first year.";

#define run_for fm_ui_test_run_for

static FmWindow *
window (void)
{
  return fm_ui_test_window (app);
}

static FmStore *
ana (void)
{
  return fm_application_get_store (app);
}

static FmSyncController *
controller (void)
{
  return fm_window_get_sync_controller (window ());
}

static FmSyncStatus *
status (void)
{
  return FM_SYNC_STATUS (fm_window_get_sync_status (window ()));
}

static FmClaimPanel *
panel (void)
{
  return FM_CLAIM_PANEL (fm_window_get_claim_panel (window ()));
}

static guint
n_runs (void)
{
  return fm_sync_controller_get_n_runs (controller ());
}

/* Automatic syncs off (long delays), for steps that sync by hand */
static void
manual_only (void)
{
  fm_sync_controller_set_delays (controller (), 600000, 600000, 600000, 600000);
}

/* Automatic syncs quick, as they are in use but shorter */
static void
automatic (void)
{
  fm_sync_controller_set_delays (controller (), 300, 300, 3000, 600000);
}

static void
save_widget_screenshot (GtkWidget  *widget,
                        const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ?: ".", "artifacts", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  int width = 0;
  int height = 0;

  run_for (400);
  /* A slow (sanitized) build may not have laid the window out yet */
  while (node == NULL && g_get_monotonic_time () < end)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node == NULL)
        run_for (100);
    }
  if (node == NULL)
    {
      /* The picture is an artefact; what the test checks is asserted elsewhere */
      g_test_message ("no screenshot %s: the widget drew nothing", name);
      return;
    }
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_mkdir_with_parents (dir, 0755);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

/* Ben syncs, as `factmark --sync` would on his computer */
static void
ben_syncs (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FmSyncResult) result = fm_sync_run (ben_sync, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpuint (result->problems->len, ==, 0);
}

static FmClaim *
ben_claim (const char *id)
{
  g_autoptr(GError) error = NULL;
  FmClaim *claim = fm_store_get_claim (ben, id, &error);

  g_assert_no_error (error);
  return claim;
}

static FmClaim *
ana_claim (const char *id)
{
  return fm_store_get_claim (ana (), id, NULL);
}

static guint
offset_of (const char *text,
           const char *needle)
{
  const char *at = strstr (text, needle);

  g_assert_nonnull (at);
  return g_utf8_pointer_to_offset (text, at);
}

/* The real key press, through the X server, where xdotool is there */
static void
press_keys (const char *keys)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window ()));

  if (GDK_IS_X11_SURFACE (surface) && fm_ui_test_have_program ("xdotool"))
    {
      g_autofree char *xid = g_strdup_printf ("%lu", (gulong)gdk_x11_surface_get_xid (surface));
      const char *focus[] = { "xdotool", "windowfocus", "--sync", xid, NULL };
      const char *key[] = { "xdotool", "key", keys, NULL };

      gtk_window_present (GTK_WINDOW (window ()));
      run_for (100);
      g_assert_true (g_spawn_sync (NULL, (char **)focus, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                   NULL, NULL, NULL, NULL));
      run_for (100);
      g_assert_true (g_spawn_sync (NULL, (char **)key, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                   NULL, NULL, NULL, NULL));
    }
  else
    {
      g_test_message ("no xdotool: the action instead of %s", keys);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window ()), "win.sync", NULL));
    }
}

/* Ctrl+Shift+S, and the sync it starts, to its end */
static void
sync_with_keys (void)
{
  guint before = n_runs ();

  press_keys ("ctrl+shift+s");
  WAIT_FOR_SECONDS (n_runs () > before && !fm_sync_controller_get_running (controller ()), 10);
}

static FmClaimList *
shown_claims (void)
{
  GtkListView *list = GTK_LIST_VIEW (fm_claim_panel_get_list_view (panel ()));
  GtkSelectionModel *model = gtk_list_view_get_model (list);

  /* The panel's selection wraps the article's FmClaimList */
  return FM_CLAIM_LIST (gtk_single_selection_get_model (GTK_SINGLE_SELECTION (model)));
}

static gboolean
shown_claims_have (const char *id)
{
  return fm_claim_list_find (shown_claims (), id) >= 0;
}

static gboolean
highlighted (const char *id,
             guint       offset)
{
  g_autoptr(GPtrArray) claims =
    fm_article_view_claims_at (FM_ARTICLE_VIEW (fm_window_get_article_view (window ())), offset);

  for (guint i = 0; claims != NULL && i < claims->len; i++)
    if (g_strcmp0 (fm_claim_get_id (g_ptr_array_index (claims, i)), id) == 0)
      return TRUE;
  return FALSE;
}

static guint
sidebar_n_articles (void)
{
  GtkListView *list = GTK_LIST_VIEW (fm_window_get_articles_view (window ()));

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (list)));
}

static gboolean
has_label (GtkWidget  *widget,
           const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text))
      return TRUE;
  return FALSE;
}

/* The sidebar row of the article with this title: its progress text */
static const char *
sidebar_progress (const char *title)
{
  GtkListView *list = GTK_LIST_VIEW (fm_window_get_articles_view (window ()));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);

      if (FM_IS_ARTICLE_ROW (row) && has_label (row, title))
        return fm_article_row_get_progress_text (FM_ARTICLE_ROW (row));
    }
  return NULL;
}

static guint
review_n_items (void)
{
  FmReviewView *review = FM_REVIEW_VIEW (fm_window_get_review_view (window ()));

  return g_list_model_get_n_items (G_LIST_MODEL (fm_review_view_get_model (review)));
}

static guint
folder_n_files (void)
{
  g_autoptr(GDir) dir = g_dir_open (folder_path, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".fmsync"))
      n++;
  return n;
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Ana's workspace gets its folder in Preferences and syncs at once */

static void
test_choose_folder (void)
{
  g_autoptr(FmArticle) article = fm_article_new ();
  g_autoptr(FmArticle) stored = NULL;
  g_autoptr(FmClaim) c1 = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *prefs;
  FmSyncPreferences *group;
  GtkNativeDialog *chooser;
  GtkWidget *choose_button = NULL;

  /* Ana's article, with a claim she sends for review */
  fm_article_set_title (article, "Harbour tunnel opens two years late");
  fm_article_set_text (article, article_text);
  stored = fm_store_add_article (ana (), article, NULL, &error);
  g_assert_no_error (error);
  article_id = g_strdup (fm_article_get_id (stored));
  c1 = fm_store_create_claim (ana (), article_id, offset_of (article_text, "It cost"),
                              offset_of (article_text, ", twice"), &error);
  g_assert_no_error (error);
  c1_id = g_strdup (fm_claim_get_id (c1));
  g_assert_true (fm_store_set_claim_field (ana (), c1, FM_CLAIM_FIELD_SUMMARY,
                                           "The tunnel cost 1.4 billion euros", &error));
  g_assert_true (fm_store_submit_for_review (ana (), c1, &error));
  g_assert_no_error (error);
  g_assert_true (fm_window_show_article (window (), article_id));
  gtk_window_present (GTK_WINDOW (window ()));
  run_for (300);

  /* Not syncing: no status in the sidebar, and Sync asks for a folder */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (status ())));
  g_assert_null (fm_sync_controller_get_folder (controller ()));
  g_assert_true (fm_ui_test_action_enabled (window (), "sync"));

  /* Preferences › Sync › Choose…, and the folder chooser's answer */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "preferences"));
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  WAIT_FOR ((prefs = fm_ui_test_find_toplevel (FM_TYPE_PREFERENCES_WINDOW)) != NULL);
  group = FM_SYNC_PREFERENCES (find_descendant (GTK_WIDGET (prefs), FM_TYPE_SYNC_PREFERENCES));
  g_assert_nonnull (group);
  save_widget_screenshot (GTK_WIDGET (prefs), "sync-preferences-empty.png");
  {
    /* Every button in the group: Stop Syncing (hidden) and Choose… */
    GQueue queue = G_QUEUE_INIT;

    g_queue_push_tail (&queue, group);
    while (!g_queue_is_empty (&queue) && choose_button == NULL)
      {
        GtkWidget *w = g_queue_pop_head (&queue);

        if (GTK_IS_BUTTON (w) && gtk_widget_get_visible (w) &&
            g_strcmp0 (gtk_button_get_label (GTK_BUTTON (w)), "_Choose…") == 0)
          choose_button = w;
        for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
          g_queue_push_tail (&queue, c);
      }
    g_queue_clear (&queue);
  }
  g_assert_nonnull (choose_button);
  /* GTK 4.8's own file chooser (the fallback without a portal) leaks
   * what LeakSanitizer reports: in the sanitized pass, the folder is
   * chosen as Select would choose it */
  if (g_getenv ("ASAN_OPTIONS") != NULL)
    {
      g_assert_true (fm_sync_preferences_choose_folder (group, folder, &error));
      g_assert_no_error (error);
      goto chosen;
    }
  g_signal_emit_by_name (choose_button, "clicked");
  chooser = fm_sync_preferences_get_chooser (group);
  g_assert_nonnull (chooser);
  g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)), ==,
                   GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER);
  run_for (300);
  g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), folder, &error));
  g_assert_no_error (error);
  run_for (300);
  {
    g_autoptr(GFile) picked = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

    if (picked == NULL || !g_file_equal (picked, folder))
      {
        /* GTK's own chooser selects asynchronously; what Select then does */
        g_test_message ("the chooser has not selected the folder yet: choosing it directly");
        gtk_native_dialog_hide (chooser);
        g_assert_true (fm_sync_preferences_choose_folder (group, folder, &error));
        g_assert_no_error (error);
      }
    else
      g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_ACCEPT);
  }

chosen:
  /* The window follows the setting, and the first sync sends Ana's work */
  WAIT_FOR (fm_sync_controller_get_folder (controller ()) != NULL);
  g_assert_true (g_file_equal (fm_sync_controller_get_folder (controller ()), folder));
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    g_autoptr(GFile) saved = fm_sync_folder_lookup (settings, fm_store_get_workspace_id (ana ()));

    g_assert_nonnull (saved);
    g_assert_true (g_file_equal (saved, folder));
  }
  WAIT_FOR_SECONDS (n_runs () >= 1 && !fm_sync_controller_get_running (controller ()), 10);
  g_assert_null (fm_sync_controller_get_error (controller ()));
  g_assert_cmpuint (folder_n_files (), ==, 1);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (status ())));
  g_assert_cmpstr (fm_sync_status_get_text (status ()), ==, "Synced just now");
  g_assert_null (fm_sync_status_get_message (status ()));
  save_widget_screenshot (GTK_WIDGET (prefs), "sync-preferences.png");
  gtk_window_destroy (prefs);
  save_widget_screenshot (GTK_WIDGET (window ()), "sync-window.png");
}

/* Ben's new claim and his approval of Ana's arrive with Ctrl+Shift+S */

static void
test_sync_action (void)
{
  g_autoptr(FmClaim) c1 = NULL;
  g_autoptr(FmClaim) c2 = NULL;
  g_autoptr(FmClaim) on_a = NULL;
  g_autoptr(GError) error = NULL;
  guint n_review;

  manual_only ();
  ben_syncs ();
  c1 = ben_claim (c1_id);
  g_assert_cmpint (fm_claim_get_status (c1), ==, FM_STATUS_NEEDS_REVIEW);
  g_assert_true (fm_store_approve_claim (ben, c1, "Checked against the ministry's accounts",
                                         &error));
  g_assert_no_error (error);
  c2 = fm_store_create_claim (ben, article_id, offset_of (article_text, "Traffic on"),
                              offset_of (article_text, " once it opens"), &error);
  g_assert_no_error (error);
  c2_id = g_strdup (fm_claim_get_id (c2));
  g_assert_true (fm_store_set_claim_field (ben, c2, FM_CLAIM_FIELD_SUMMARY,
                                           "Bridge traffic will fall by a third", &error));
  g_assert_no_error (error);
  ben_syncs ();

  /* Nothing in the window until Ana syncs */
  run_for (200);
  g_assert_false (shown_claims_have (c2_id));
  n_review = review_n_items ();
  sync_with_keys ();

  on_a = ana_claim (c1_id);
  g_assert_cmpint (fm_claim_get_status (on_a), ==, FM_STATUS_APPROVED);
  /* Every view follows: the claim list, the highlights, the review list */
  g_assert_true (shown_claims_have (c2_id));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (shown_claims ())), ==, 2);
  g_assert_true (highlighted (c2_id, offset_of (article_text, "old bridge")));
  WAIT_FOR (review_n_items () == n_review + 1);
  g_assert_nonnull (fm_window_get_last_toast (window ()));
  g_assert_nonnull (strstr (fm_window_get_last_toast (window ()), "arrived"));
  g_assert_cmpstr (fm_sync_status_get_text (status ()), ==, "Synced just now");
  {
    const char *progress = sidebar_progress ("Harbour tunnel opens two years late");

    g_assert_nonnull (progress);
    g_test_message ("sidebar: %s", progress);
    g_assert_true (g_str_has_prefix (progress, "1 / 2"));
  }
  /* The editor's approval is in the claim editor */
  fm_claim_panel_set_selected_claim (panel (), on_a);
  run_for (100);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (fm_claim_panel_get_status_row (panel ()))),
                    ==, FM_STATUS_APPROVED);
}

/* Ben's next changes come by themselves, through the folder monitor */

static void
test_folder_monitor (void)
{
  g_autoptr(FmClaim) c2 = ben_claim (c2_id);
  g_autoptr(FmClaim) on_a = ana_claim (c2_id);
  g_autoptr(FmSource) source = fm_source_new ();
  g_autoptr(FmSource) added = NULL;
  g_autoptr(FmArticle) second = fm_article_new ();
  g_autoptr(FmArticle) stored = NULL;
  g_autoptr(GError) error = NULL;
  guint before = n_runs ();
  guint articles = sidebar_n_articles ();
  guint files;

  automatic ();
  fm_claim_panel_set_selected_claim (panel (), on_a);
  run_for (100);

  g_assert_true (fm_store_set_claim_verdict (ben, c2, FM_VERDICT_MOSTLY_FALSE, &error));
  fm_source_set_url (source, "https://example.org/traffic-model.pdf");
  fm_source_set_title (source, "Tunnel traffic model");
  added = fm_store_add_source (ben, c2_id, source, &error);
  g_assert_no_error (error);
  fm_article_set_title (second, "Ferry fares to rise in April");
  fm_article_set_text (second, "Ferry fares will rise by 6 percent in April, the operator said.");
  stored = fm_store_add_article (ben, second, NULL, &error);
  g_assert_no_error (error);
  ben_syncs ();

  /* No key pressed: the folder changed, the window looked and synced */
  WAIT_FOR_SECONDS (n_runs () > before && sidebar_n_articles () == articles + 1, 10);
  g_assert_cmpint (fm_claim_get_verdict (on_a), ==, FM_VERDICT_MOSTLY_FALSE);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (fm_claim_panel_get_verdict_row (panel ()))),
                    ==, FM_VERDICT_MOSTLY_FALSE);
  WAIT_FOR (fm_claim_panel_get_n_source_rows (panel ()) == 1);

  /* Its own file, and what the sync applied, start nothing more */
  before = n_runs ();
  files = folder_n_files ();
  run_for (2000);
  g_assert_cmpuint (n_runs (), ==, before);
  g_assert_cmpuint (folder_n_files (), ==, files);
}

/* Ana's edits in the window reach Ben once they settle */

static void
test_edits_reach_ben (void)
{
  g_autoptr(FmClaim) c1 = ana_claim (c1_id);
  g_autoptr(FmClaim) on_b = NULL;
  GtkWidget *summary;
  guint before = n_runs ();

  automatic ();
  fm_claim_panel_set_selected_claim (panel (), c1);
  run_for (100);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window ()), "win.set-verdict", "i",
                                             FM_VERDICT_TRUE));
  summary = fm_claim_panel_get_summary_row (panel ());
  gtk_editable_set_text (GTK_EDITABLE (summary), "The tunnel cost 1.4 billion euros in all");
  fm_claim_panel_flush (panel ());

  /* One sync for both edits, without a key */
  WAIT_FOR_SECONDS (n_runs () > before && !fm_sync_controller_get_running (controller ()), 10);
  run_for (500);
  g_assert_cmpuint (n_runs (), ==, before + 1);
  ben_syncs ();
  on_b = ben_claim (c1_id);
  g_assert_cmpint (fm_claim_get_verdict (on_b), ==, FM_VERDICT_TRUE);
  g_assert_cmpstr (fm_claim_get_summary (on_b), ==, "The tunnel cost 1.4 billion euros in all");
}

/* The same field changed on both computers: listed, opened, reviewed */

static void
test_conflict (void)
{
  g_autoptr(FmClaim) c1 = ana_claim (c1_id);
  g_autoptr(FmClaim) c2 = ana_claim (c2_id);
  g_autoptr(FmClaim) on_b = ben_claim (c1_id);
  g_autoptr(GError) error = NULL;
  g_autoptr(FmSyncConflict) conflict = NULL;
  g_autofree char *sentence = NULL;
  FmSyncWindow *sync_window;
  GtkListBox *list;
  GtkListBoxRow *row;

  manual_only ();
  /* Ana types in the window, Ben on his computer, neither sees the other */
  fm_claim_panel_set_selected_claim (panel (), c1);
  run_for (100);
  gtk_editable_set_text (GTK_EDITABLE (fm_claim_panel_get_summary_row (panel ())),
                         "Ana: the tunnel cost 1.4 billion");
  fm_claim_panel_flush (panel ());
  g_assert_true (fm_store_set_claim_field (ben, on_b, FM_CLAIM_FIELD_SUMMARY,
                                           "Ben: 1.4 billion, twice the estimate", &error));
  g_assert_no_error (error);
  ben_syncs ();
  sync_with_keys ();

  g_assert_cmpuint (fm_sync_controller_get_n_conflicts (controller ()), ==, 1);
  g_assert_cmpstr (fm_sync_status_get_details (status ()), ==, "1 conflict to review");
  /* Ben's was the later change: it stands, and the window shows it */
  g_assert_cmpstr (fm_claim_get_summary (c1), ==, "Ben: 1.4 billion, twice the estimate");
  WAIT_FOR (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (fm_claim_panel_get_summary_row (panel ()))),
                       "Ben: 1.4 billion, twice the estimate") == 0);
  save_widget_screenshot (GTK_WIDGET (window ()), "sync-window-conflict.png");

  /* The list, in words */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window ()), "win.show-sync", NULL));
  sync_window = FM_SYNC_WINDOW (fm_window_get_sync_window (window ()));
  g_assert_nonnull (sync_window);
  run_for (300);
  list = fm_sync_window_get_conflicts_list (sync_window);
  row = gtk_list_box_get_row_at_index (list, 0);
  g_assert_nonnull (row);
  g_assert_null (gtk_list_box_get_row_at_index (list, 1));
  conflict = g_list_model_get_item (fm_sync_get_conflicts (fm_sync_controller_get_sync (controller ())), 0);
  sentence = fm_sync_conflict_describe (conflict);
  g_test_message ("conflict: %s", sentence);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, sentence);
  g_assert_nonnull (strstr (sentence, "Ana"));
  g_assert_nonnull (strstr (sentence, "Ben"));
  save_widget_screenshot (GTK_WIDGET (sync_window), "sync-conflicts.png");

  /* Opened: the claim in the main window */
  fm_claim_panel_set_selected_claim (panel (), c2);
  run_for (100);
  g_signal_emit_by_name (list, "row-activated", row);
  run_for (200);
  g_assert_true (fm_claim_panel_get_selected_claim (panel ()) == c1);

  /* Marked reviewed: off the list, here and in the workspace */
  fm_sync_window_mark_reviewed (sync_window, 0);
  WAIT_FOR (gtk_list_box_get_row_at_index (list, 0) == NULL);
  g_assert_cmpuint (fm_sync_controller_get_n_conflicts (controller ()), ==, 0);
  g_assert_null (fm_sync_status_get_details (status ()));
  {
    g_autoptr(FmStore) disk = fm_ui_test_open_disk ();

    g_assert_cmpuint (fm_store_sync_count_conflicts (disk, NULL), ==, 0);
  }
  gtk_window_destroy (GTK_WINDOW (sync_window));
  /* Ben sees Ana's lost value in the history, but is up to date */
  ben_syncs ();
}

/* A claim deleted on Ben's computer while Ana has it open, and a new
 * version of the article's text */

static void
test_remote_delete_and_version (void)
{
  g_autoptr(FmClaim) c2 = ana_claim (c2_id);
  g_autoptr(FmClaim) gone = ben_claim (c2_id);
  g_autoptr(FmArticle) v2 = fm_article_new ();
  g_autoptr(FmArticle) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *new_text = g_strconcat (article_text,
                                           "\nThe minister will open it on 14 March.", NULL);
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *shown = NULL;
  guint n_review = review_n_items ();

  manual_only ();
  fm_claim_panel_set_selected_claim (panel (), c2);
  run_for (100);
  g_assert_true (fm_claim_panel_get_selected_claim (panel ()) == c2);

  g_assert_true (fm_store_delete_claim (ben, gone, &error));
  g_assert_no_error (error);
  fm_article_set_title (v2, "Harbour tunnel opens two years late");
  fm_article_set_text (v2, new_text);
  stored = fm_store_import_article (ben, v2, article_id, NULL, NULL, &error);
  g_assert_no_error (error);
  ben_syncs ();
  sync_with_keys ();

  /* The claim is gone from every view, and nothing is selected in its place by accident */
  WAIT_FOR (!shown_claims_have (c2_id));
  g_assert_true (fm_claim_panel_get_selected_claim (panel ()) != c2);
  g_assert_false (highlighted (c2_id, offset_of (new_text, "old bridge")));
  WAIT_FOR (review_n_items () == n_review - 1);
  /* The text is the new version's */
  WAIT_FOR (strstr (fm_article_get_text (fm_window_get_article (window ())), "14 March") != NULL);
  buffer = gtk_text_view_get_buffer (fm_article_view_get_text_view (FM_ARTICLE_VIEW (fm_window_get_article_view (window ()))));
  run_for (300);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  shown = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_nonnull (strstr (shown, "The minister will open it on 14 March."));
  /* Ana's claim is still highlighted on the new text */
  g_assert_true (highlighted (c1_id, offset_of (new_text, "1.4 billion")));
}

/* A damaged file: said, kept, nothing applied; an unplugged folder: the same */

static void
test_damaged_and_unreachable (void)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *bad = g_build_filename (folder_path,
                                           "0b7c6a2e-4a1d-4f0e-9a7b-3c2d1e0f9a8b-000000000001-000000000002.fmsync",
                                           NULL);
  g_autofree char *drive = g_path_get_dirname (folder_path);
  g_autofree char *away = g_strconcat (drive, "-unplugged", NULL);
  g_autoptr(GError) error = NULL;
  FmSyncWindow *sync_window;
  GtkListBoxRow *row;

  manual_only ();
  before = fm_store_sync_dump (ana (), &error);
  g_assert_no_error (error);
  /* Half a file, as an interrupted copy leaves it */
  g_assert_true (g_file_set_contents (bad, "FMSYNC\0\1 cut short", 17, NULL));
  sync_with_keys ();
  g_assert_null (fm_sync_controller_get_error (controller ()));
  g_assert_cmpuint (fm_sync_controller_get_problems (controller ())->len, ==, 1);
  g_assert_nonnull (fm_sync_status_get_message (status ()));
  g_test_message ("status: %s", fm_sync_status_get_message (status ()));
  g_assert_nonnull (strstr (fm_sync_status_get_message (status ()), "refused"));
  g_assert_cmpstr (fm_sync_status_get_details (status ()), ==, "Show Refused Files");
  after = fm_store_sync_dump (ana (), &error);
  g_assert_cmpstr (before, ==, after);
  save_widget_screenshot (GTK_WIDGET (window ()), "sync-window-refused.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window ()), "win.show-sync", NULL));
  sync_window = FM_SYNC_WINDOW (fm_window_get_sync_window (window ()));
  run_for (300);
  row = gtk_list_box_get_row_at_index (fm_sync_window_get_problems_list (sync_window), 0);
  g_assert_nonnull (row);
  g_assert_true (g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                                   "0b7c6a2e-"));
  g_test_message ("problem: %s", adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
  save_widget_screenshot (GTK_WIDGET (sync_window), "sync-problems.png");

  /* Kept at the next sync: the file is still there, still refused */
  sync_with_keys ();
  g_assert_cmpuint (fm_sync_controller_get_problems (controller ())->len, ==, 1);

  /* Removed, and gone from the window with the next sync */
  g_assert_cmpint (g_unlink (bad), ==, 0);
  sync_with_keys ();
  g_assert_cmpuint (fm_sync_controller_get_problems (controller ())->len, ==, 0);
  g_assert_null (fm_sync_status_get_message (status ()));
  g_assert_null (gtk_list_box_get_row_at_index (fm_sync_window_get_problems_list (sync_window), 0));

  /* The drive unplugged: an error that stays until a sync succeeds */
  g_assert_cmpint (g_rename (drive, away), ==, 0);
  sync_with_keys ();
  g_assert_nonnull (fm_sync_controller_get_error (controller ()));
  g_assert_error ((GError *)fm_sync_controller_get_error (controller ()), FM_SYNC_ERROR,
                  FM_SYNC_ERROR_FOLDER);
  g_test_message ("status: %s", fm_sync_status_get_message (status ()));
  g_assert_cmpstr (fm_sync_status_get_text (status ()), ==, "Sync failed");
  g_assert_nonnull (strstr (fm_sync_status_get_message (status ()), "Is the drive connected?"));
  row = gtk_list_box_get_row_at_index (fm_sync_window_get_problems_list (sync_window), 0);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "The last sync failed");
  save_widget_screenshot (GTK_WIDGET (window ()), "sync-window-unplugged.png");
  run_for (1000);
  g_assert_nonnull (fm_sync_controller_get_error (controller ()));
  g_assert_true (fm_ui_test_action_enabled (window (), "sync"));

  /* Plugged in again */
  g_assert_cmpint (g_rename (away, drive), ==, 0);
  sync_with_keys ();
  g_assert_null (fm_sync_controller_get_error (controller ()));
  g_assert_null (fm_sync_status_get_message (status ()));
  gtk_window_destroy (GTK_WINDOW (sync_window));
}

/* "Synced 2 minutes ago", in words, as time passes */

static void
test_last_sync_words (void)
{
  gint64 now = g_get_real_time ();
  g_autoptr(GDateTime) then = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC);
  struct {
    gint64      ago;
    const char *words;
  } cases[] = {
    { 5, "Synced just now" },
    { 59, "Synced just now" },
    { 60, "Synced 1 minute ago" },
    { 150, "Synced 2 minutes ago" },
    { 3600 * 2 + 5, "Synced 2 hours ago" },
    { -30, "Synced just now" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) at = g_date_time_add_seconds (then, -(double)cases[i].ago);
      g_autofree char *iso = g_date_time_format_iso8601 (at);
      g_autofree char *words = fm_sync_format_last_sync (iso, (now / G_USEC_PER_SEC) * G_USEC_PER_SEC);

      g_assert_cmpstr (words, ==, cases[i].words);
    }
  {
    g_autoptr(GDateTime) at = g_date_time_add_days (then, -3);
    g_autofree char *iso = g_date_time_format_iso8601 (at);
    g_autofree char *words = fm_sync_format_last_sync (iso, now);

    g_assert_true (g_str_has_prefix (words, "Last sync: "));
  }
  {
    g_autofree char *words = fm_sync_format_last_sync (NULL, now);
    g_assert_cmpstr (words, ==, "Not synced yet");
  }
}

/* Stop Syncing in Preferences: the window stops; nothing is removed */

static void
test_stop_syncing (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  guint files = folder_n_files ();
  guint before;

  fm_sync_controller_set_folder (controller (), NULL);
  WAIT_FOR (fm_sync_controller_get_folder (controller ()) == NULL);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (status ())));
  g_assert_null (fm_sync_folder_lookup (settings, fm_store_get_workspace_id (ana ())));
  g_assert_cmpuint (folder_n_files (), ==, files);
  /* Local changes no longer go anywhere */
  automatic ();
  before = n_runs ();
  {
    g_autoptr(FmClaim) c1 = ana_claim (c1_id);
    g_autoptr(GError) error = NULL;

    g_assert_true (fm_store_set_claim_verdict (ana (), c1, FM_VERDICT_MOSTLY_TRUE, &error));
  }
  run_for (1000);
  g_assert_cmpuint (n_runs (), ==, before);
  g_assert_cmpuint (folder_n_files (), ==, files);
  /* And again */
  fm_sync_controller_set_folder (controller (), folder);
  WAIT_FOR_SECONDS (n_runs () > before && !fm_sync_controller_get_running (controller ()), 10);
  g_assert_cmpuint (folder_n_files (), ==, files + 1);
}

/* Two real processes on this display */

static char *
spawn_output (const char * const *argv)
{
  g_autofree char *out = NULL;
  int wait_status = 0;

  if (!g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, &wait_status, NULL) ||
      !g_spawn_check_wait_status (wait_status, NULL))
    return NULL;
  return g_strstrip (g_steal_pointer (&out));
}

static void
xdo (const char *first,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  va_list args;

  g_ptr_array_add (argv, (gpointer)"xdotool");
  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer)a);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  out = spawn_output ((const char * const *)argv->pdata);
  g_assert_nonnull (out);
}

typedef struct
{
  GPid  pid;
  char *xid;
} Process;

/* A failed assertion must not leave the windows running */
static void
die_with_test (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static Process
start_factmark (const char *dir,
                const char *name,
                const char *workspace)
{
  g_autofree char *config = g_build_filename (dir, name, "config", NULL);
  g_autofree char *data = g_build_filename (dir, name, "data", NULL);
  g_auto(GStrv) env = g_get_environ ();
  const char *argv[] = { g_getenv ("FACTMARK"), "--workspace", workspace, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *pid_text = NULL;
  Process p = { 0, NULL };

  env = g_environ_setenv (env, "GSETTINGS_BACKEND", "keyfile", TRUE);
  env = g_environ_setenv (env, "XDG_CONFIG_HOME", config, TRUE);
  env = g_environ_setenv (env, "XDG_DATA_HOME", data, TRUE);
  g_assert_true (g_spawn_async (NULL, (char **)argv, env, G_SPAWN_DO_NOT_REAP_CHILD, die_with_test, NULL, &p.pid,
                                &error));
  g_assert_no_error (error);
  pid_text = g_strdup_printf ("%d", p.pid);
  {
    const char *search[] = { "timeout", "20", "xdotool", "search", "--sync", "--onlyvisible",
                             "--pid", pid_text, NULL };
    g_autofree char *out = spawn_output (search);
    char *last;

    g_assert_nonnull (out);
    last = strrchr (out, '\n');
    p.xid = g_strdup (last ? last + 1 : out);
  }
  return p;
}

static void
stop_factmark (Process *p)
{
  int wait_status = 0;

  /* As a logout does: the windows close and commit what was typed */
  kill (p->pid, SIGTERM);
  g_assert_cmpint (waitpid (p->pid, &wait_status, 0), ==, p->pid);
  g_spawn_close_pid (p->pid);
  g_clear_pointer (&p->xid, g_free);
}

/* The settings each computer has: its display name, and the folder that
 * Preferences saves for its workspace */
static void
write_settings (const char *dir,
                const char *name,
                const char *display_name,
                const char *workspace_id,
                GFile      *shared)
{
  g_autofree char *settings_dir = g_build_filename (dir, name, "config", "glib-2.0", "settings", NULL);
  g_autofree char *path = g_build_filename (settings_dir, "keyfile", NULL);
  g_autofree char *uri = g_file_get_uri (shared);
  g_autoptr(GVariant) map = NULL;
  g_autofree char *map_text = NULL;
  g_autofree char *contents = NULL;
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  g_variant_builder_add (&builder, "{ss}", workspace_id, uri);
  map = g_variant_ref_sink (g_variant_builder_end (&builder));
  map_text = g_variant_print (map, FALSE);
  contents = g_strdup_printf ("[org/factmark/Factmark]\n"
                              "sync-folders=%s\n"
                              "display-name='%s'\n"
                              "window-width=690\n"
                              "window-height=760\n",
                              map_text, display_name);
  g_assert_cmpint (g_mkdir_with_parents (settings_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
}

static GPtrArray *
claims_on_disk (const char *workspace,
                const char *id)
{
  g_autoptr(FmStore) store = fm_store_open (workspace, NULL);

  return store ? fm_store_list_claims (store, id, NULL) : NULL;
}

static void
test_two_processes (void)
{
  g_autofree char *dir = g_build_filename (tmpdir, "two", NULL);
  g_autofree char *shared_path = g_build_filename (dir, "shared", NULL);
  g_autofree char *ana_path = g_build_filename (dir, "ana.db", NULL);
  g_autofree char *ben_db = g_build_filename (dir, "ben.db", NULL);
  g_autofree char *artifacts = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ?: ".", "artifacts", NULL);
  g_autofree char *shot = g_build_filename (artifacts, "sync-two-windows.png", NULL);
  g_autoptr(GFile) shared = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(GError) error = NULL;
  Process a, b;
  gint64 end;

  if (!fm_ui_test_have_program ("xdotool") || !fm_ui_test_have_program ("import") || g_getenv ("FACTMARK") == NULL)
    {
      g_test_skip ("needs xdotool, ImageMagick's import and $FACTMARK");
      return;
    }

  g_assert_cmpint (g_mkdir_with_parents (shared_path, 0700), ==, 0);
  shared = g_file_new_for_path (shared_path);
  /* Ana's workspace has the article; Ben's is new and empty */
  {
    g_autoptr(FmStore) store = fm_store_open (ana_path, &error);
    g_autoptr(FmArticle) article = fm_article_new ();
    g_autoptr(FmArticle) stored = NULL;

    g_assert_no_error (error);
    fm_article_set_title (article, "Harbour tunnel opens two years late");
    fm_article_set_site_name (article, "Eastvale Herald");
    fm_article_set_text (article, article_text);
    stored = fm_store_add_article (store, article, NULL, &error);
    g_assert_no_error (error);
    id = g_strdup (fm_article_get_id (stored));
    write_settings (dir, "ana", "Ana", fm_store_get_workspace_id (store), shared);
  }
  {
    g_autoptr(FmStore) store = fm_store_open (ben_db, &error);

    g_assert_no_error (error);
    write_settings (dir, "ben", "Ben", fm_store_get_workspace_id (store), shared);
  }

  a = start_factmark (dir, "ana", ana_path);
  b = start_factmark (dir, "ben", ben_db);
  xdo ("windowsize", a.xid, "690", "760", "windowmove", a.xid, "0", "0", NULL);
  xdo ("windowsize", b.xid, "690", "760", "windowmove", b.xid, "700", "0", NULL);
  /* Let both take their new size before anything is clicked */
  g_usleep (1500 * 1000);

  /* Ben's window gets the article by itself: Ana's opened and sent it */
  end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < end)
    {
      g_autoptr(FmStore) store = fm_store_open (ben_db, NULL);
      g_autoptr(FmArticle) there = store ? fm_store_get_article (store, id, NULL) : NULL;

      if (there != NULL)
        break;
      g_usleep (200 * 1000);
    }

  /* Ana selects "The harbour tunnel will open in March" with the mouse
   * (the first line of the first paragraph, where the window put it) and
   * makes it a claim with Ctrl+E; the claim is made, and its summary has
   * the focus, before Ana types. A drag that came while the window was
   * still taking its new size selects nothing: with no claim after a
   * while, Ana selects again (at most three times; a claim that comes
   * late ends the waiting, and a second one fails the count below) */
  for (guint attempt = 0; attempt < 3; attempt++)
    {
      xdo ("windowfocus", "--sync", a.xid, NULL);
      xdo ("mousemove", "--window", a.xid, "76", "177", "mousedown", "1", NULL);
      g_usleep (100 * 1000);
      xdo ("mousemove", "--window", a.xid, "300", "178", NULL);
      g_usleep (100 * 1000);
      xdo ("mousemove", "--window", a.xid, "478", "178", "mouseup", "1", NULL);
      g_usleep (300 * 1000);
      xdo ("key", "ctrl+e", NULL);
      end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
      while (g_get_monotonic_time () < end)
        {
          g_clear_pointer (&claims, g_ptr_array_unref);
          claims = claims_on_disk (ana_path, id);
          if (claims != NULL && claims->len > 0)
            break;
          g_usleep (200 * 1000);
        }
      if (claims != NULL && claims->len > 0)
        break;
    }
  /* (A Ctrl+E of an earlier attempt that came after all would be a
   * second claim) */
  g_usleep (500 * 1000);
  g_clear_pointer (&claims, g_ptr_array_unref);
  claims = claims_on_disk (ana_path, id);
  g_assert_nonnull (claims);
  g_assert_cmpuint (claims->len, ==, 1);
  g_clear_pointer (&claims, g_ptr_array_unref);
  g_usleep (1000 * 1000);
  xdo ("type", "--delay", "30", "Tunnel opens in March", NULL);
  g_usleep (500 * 1000);
  /* Sync */
  xdo ("key", "ctrl+shift+s", NULL);

  /* Ben's window takes it from the folder, by itself */
  end = g_get_monotonic_time () + 40 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < end)
    {
      g_clear_pointer (&claims, g_ptr_array_unref);
      claims = claims_on_disk (ben_db, id);
      if (claims != NULL && claims->len == 1 &&
          g_strcmp0 (fm_claim_get_summary (g_ptr_array_index (claims, 0)), "Tunnel opens in March") == 0)
        break;
      g_usleep (250 * 1000);
    }
  g_assert_nonnull (claims);
  g_assert_cmpuint (claims->len, ==, 1);
  g_assert_cmpstr (fm_claim_get_summary (g_ptr_array_index (claims, 0)), ==, "Tunnel opens in March");
  g_assert_cmpstr (fm_claim_get_created_by (g_ptr_array_index (claims, 0)), ==, "Ana");

  /* Ben opens the article from his sidebar: the claim is there */
  xdo ("windowfocus", "--sync", b.xid, NULL);
  xdo ("mousemove", "--window", b.xid, "140", "140", "click", "1", NULL);
  g_usleep (1500 * 1000);
  g_mkdir_with_parents (artifacts, 0755);
  {
    const char *argv[] = { "import", "-window", "root", "-crop", "1390x760+0+0", shot, NULL };
    g_autofree char *out = spawn_output (argv);

    g_assert_nonnull (out);
  }
  g_assert_true (g_file_test (shot, G_FILE_TEST_EXISTS));
  g_test_message ("screenshot: %s", shot);

  stop_factmark (&a);
  stop_factmark (&b);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ben_path = NULL;
  int status_code;

  app = fm_ui_test_start (&argc, &argv, &tmpdir);
  /* On a "drive" that the test unplugs */
  folder_path = g_build_filename (tmpdir, "drive", "newsroom", NULL);
  g_assert_cmpint (g_mkdir_with_parents (folder_path, 0700), ==, 0);
  folder = g_file_new_for_path (folder_path);
  ben_path = g_build_filename (tmpdir, "ben.db", NULL);
  ben = fm_store_open (ben_path, &error);
  g_assert_no_error (error);
  fm_store_set_actor (ben, "Ben");
  ben_sync = fm_sync_new (ben, folder);
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);

    g_settings_set_string (settings, "display-name", "Ana");
  }
  /* The window first: its controller then gets the test's delays */
  (void)window ();
  manual_only ();

  g_test_add_func ("/sync-window/choose-folder", test_choose_folder);
  g_test_add_func ("/sync-window/sync-action", test_sync_action);
  g_test_add_func ("/sync-window/folder-monitor", test_folder_monitor);
  g_test_add_func ("/sync-window/edits-reach-ben", test_edits_reach_ben);
  g_test_add_func ("/sync-window/conflict", test_conflict);
  g_test_add_func ("/sync-window/remote-delete-and-version", test_remote_delete_and_version);
  g_test_add_func ("/sync-window/damaged-and-unreachable", test_damaged_and_unreachable);
  g_test_add_func ("/sync-window/last-sync-words", test_last_sync_words);
  g_test_add_func ("/sync-window/stop-syncing", test_stop_syncing);
  g_test_add_func ("/sync-window/two-processes", test_two_processes);

  status_code = g_test_run ();

  g_clear_object (&ben_sync);
  g_clear_object (&ben);
  fm_ui_test_clean_up (app, tmpdir);
  g_clear_object (&folder);
  g_free (folder_path);
  g_free (article_id);
  g_free (c1_id);
  g_free (c2_id);
  return status_code;
}
