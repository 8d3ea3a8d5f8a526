/* test-window-anchor.c — new versions of an article and claim suggestions, in the real window
 *
 * Runs under Xvfb (build-aux/dev test), as test-window.c does: one
 * application and one workspace in a temporary XDG_DATA_HOME, the steps of
 * one session in order, and the workspace on disk checked through a second
 * connection after each step. Screenshots of the banner, the changes and
 * the suggestions, light and dark, go to _build/tests/artifacts/.
 */
#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <string.h>

#include "fm-anchor-status.h"
#include "fm-application.h"
#include "fm-article-view.h"
#include "fm-claim-panel.h"
#include "fm-diff-window.h"
#include "fm-import.h"
#include "fm-revision-bar.h"
#include "fm-store.h"
#include "fm-suggestion-bar.h"
#include "fm-suggestions.h"
#include "fm-ui-frame.h"
#include "fm-ui-test.h"
#include "fm-window.h"

static char *tmpdir;
static char *v1_path;
static char *v2_path;
static char *v2_text;
static FmApplication *app;

/* The claims made on version 1, by what happens to them in version 2 */
#define KEPT_QUOTE     "holding 41 percent of their capacity"
#define REWORDED_QUOTE "Household use has risen by about 12 percent since 2020"
#define REWORDED_NEW   "Household use has risen by about 14 percent since 2020"
#define DELETED_QUOTE  "repaired 1,900 leaks since January"
#define PLACE_WORDS    "fixed close to two thousand leaks"
#define VAGUE_SENTENCE "Officials familiar with the plans said the ban could last until October."

static char *kept_id;
static char *reworded_id;
static char *deleted_id;
static char *article_id;

#define run_for fm_ui_test_run_for

static FmWindow *
window (void)
{
  return fm_ui_test_window (app);
}

/* At least @msec, and a frame after them: what the window updates when it
 * is idle (the banner, the highlights) is up to date then, however slow
 * the build (the sanitizers') or the machine */
static void
settle (guint msec)
{
  run_for (msec);
  fm_ui_wait_for_frame (GTK_WIDGET (window ()));
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

static FmRevisionBar *
revision_bar (void)
{
  return FM_REVISION_BAR (fm_window_get_revision_bar (window ()));
}

static GListModel *
claim_list (void)
{
  return G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (fm_claim_panel_get_list_view (panel ()))));
}

#define open_disk fm_ui_test_open_disk

static FmClaim *
disk_claim (FmStore    *store,
            const char *id)
{
  g_autoptr(GError) error = NULL;
  FmClaim *claim = fm_store_get_claim (store, id, &error);

  g_assert_no_error (error);
  return claim;
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

static char *
add_claim (const char *words)
{
  guint start = offset_of (words);
  guint n = g_list_model_get_n_items (claim_list ());

  fm_article_view_select_range (article_view (), start, start + g_utf8_strlen (words, -1));
  activate ("win.add-claim");
  g_assert_cmpuint (g_list_model_get_n_items (claim_list ()), ==, n + 1);
  return g_strdup (fm_claim_get_id (fm_claim_panel_get_selected_claim (panel ())));
}

static FmClaim *
live_claim (const char *id)
{
  GListModel *list = claim_list ();

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(FmClaim) claim = g_list_model_get_item (list, i);

      if (g_str_equal (fm_claim_get_id (claim), id))
        return claim;   /* the list holds it */
    }
  g_assert_not_reached ();
}

/* The names of the tags at character @offset of the reading view */
static gboolean
has_tag_at (guint       offset,
            const char *name)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (fm_article_view_get_text_view (article_view ()));
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), name);
  GtkTextIter iter;

  g_assert_nonnull (tag);
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
  return gtk_text_iter_has_tag (&iter, tag);
}

/* Any tag of the claims (made without names) at @offset */
static guint
n_claim_tags_at (guint offset)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (fm_article_view_get_text_view (article_view ()));
  GtkTextIter iter;
  GSList *tags;
  guint n = 0;

  gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
  tags = gtk_text_iter_get_tags (&iter);
  for (GSList *l = tags; l != NULL; l = l->next)
    {
      char *name = NULL;

      g_object_get (l->data, "name", &name, NULL);
      if (name == NULL)
        n++;
      g_free (name);
    }
  g_slist_free (tags);
  return n;
}

/* Light, then dark, then light again */
static void
save_both_schemes (GtkWidget  *widget,
                   const char *stem)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *light = g_strconcat (stem, ".png", NULL);
  g_autofree char *dark = g_strconcat (stem, "-dark.png", NULL);

  run_for (600);
  fm_ui_save_screenshot (widget, light);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  run_for (600);
  fm_ui_save_screenshot (widget, dark);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  settle (200);
}

#define find_toplevel fm_ui_test_find_toplevel

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
  run_for (80);
}

static char *
window_xid (void)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window ()));
  g_autofree char *xdotool_path = g_find_program_in_path ("xdotool");

  if (!GDK_IS_X11_SURFACE (surface) || xdotool_path == NULL)
    return NULL;
  return g_strdup_printf ("%lu", (gulong)gdk_x11_surface_get_xid (surface));
}

/* Tests, in the order of a session */

static void
test_open_and_claim (void)
{
  g_autoptr(GFile) file = g_file_new_for_path (v1_path);

  g_application_activate (G_APPLICATION (app));
  WAIT_FOR (gtk_application_get_windows (GTK_APPLICATION (app)) != NULL);
  g_application_open (G_APPLICATION (app), &file, 1, "");
  WAIT_FOR (fm_window_get_article (window ()) != NULL);
  article_id = g_strdup (fm_article_get_id (fm_window_get_article (window ())));

  kept_id = add_claim (KEPT_QUOTE);
  reworded_id = add_claim (REWORDED_QUOTE);
  deleted_id = add_claim (DELETED_QUOTE);

  /* One version: nothing to show about changes */
  g_assert_false (fm_ui_test_action_enabled (window (), "show-changes"));
  g_assert_false (fm_revision_bar_get_banner_shown (revision_bar ()));
  g_assert_cmpuint (fm_revision_bar_get_n_unplaced (revision_bar ()), ==, 0);
}

static void
test_import_version (void)
{
  g_autoptr(GFile) file = g_file_new_for_path (v2_path);
  g_autoptr(FmStore) store = NULL;
  g_autoptr(FmClaim) kept = NULL;
  g_autoptr(FmClaim) reworded = NULL;
  g_autoptr(FmClaim) deleted = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  GtkTextBuffer *buffer;
  g_autofree char *shown = NULL;
  GtkTextIter start, end;
  guint kept_at;

  g_assert_true (fm_ui_test_action_enabled (window (), "import-version('')"));
  fm_window_import_version (window (), file, article_id);
  WAIT_FOR (fm_window_get_n_pending (window ()) == 0);
  g_assert_nonnull (strstr (fm_window_get_last_toast (window ()), "is now at version 2"));

  /* The reading view shows the new text */
  buffer = gtk_text_view_get_buffer (fm_article_view_get_text_view (article_view ()));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  WAIT_FOR ((g_free (shown), gtk_text_buffer_get_bounds (buffer, &start, &end),
             shown = gtk_text_buffer_get_text (buffer, &start, &end, FALSE),
             g_str_equal (shown, v2_text)));
  settle (100);

  /* On disk: one article, two versions; the claims moved */
  store = open_disk ();
  revisions = fm_store_list_revisions (store, article_id, NULL);
  g_assert_cmpuint (revisions->len, ==, 2);
  kept = disk_claim (store, kept_id);
  reworded = disk_claim (store, reworded_id);
  deleted = disk_claim (store, deleted_id);
  kept_at = offset_of (KEPT_QUOTE);
  g_assert_cmpuint (fm_claim_get_start (kept), ==, kept_at);
  g_assert_cmpstr (fm_claim_get_quote (kept), ==, KEPT_QUOTE);
  g_assert_cmpint (fm_claim_get_anchor_state (kept), ==, FM_ANCHOR_STATE_PLACED);
  g_assert_cmpint (fm_claim_get_anchor_state (reworded), ==, FM_ANCHOR_STATE_FLAGGED);
  g_assert_cmpstr (fm_claim_get_quote (reworded), ==, REWORDED_NEW);
  g_assert_cmpuint (fm_claim_get_start (reworded), ==, offset_of (REWORDED_NEW));
  g_assert_cmpint (fm_claim_get_anchor_state (deleted), ==, FM_ANCHOR_STATE_ORPHAN);
  g_assert_cmpstr (fm_claim_get_quote (deleted), ==, DELETED_QUOTE);

  /* The banner, and the unplaced claim with its old quote */
  g_assert_true (fm_revision_bar_get_banner_shown (revision_bar ()));
  g_assert_nonnull (strstr (fm_revision_bar_get_banner_detail (revision_bar ()), "Version 2"));
  g_assert_nonnull (strstr (fm_revision_bar_get_banner_detail (revision_bar ()), "1 claim could not be placed"));
  g_assert_nonnull (strstr (fm_revision_bar_get_banner_detail (revision_bar ()), "confirm"));
  g_assert_cmpuint (fm_revision_bar_get_n_unplaced (revision_bar ()), ==, 1);
  g_assert_true (fm_ui_test_action_enabled (window (), "show-changes"));

  /* The moved claim is highlighted where its words are now; the orphan
   * nowhere: not on the text its old offsets point at now */
  g_assert_cmpuint (n_claim_tags_at (kept_at + 2), ==, 1);
  g_assert_cmpuint (n_claim_tags_at (offset_of (REWORDED_NEW) + 2), ==, 1);
  {
    FmClaim *orphan = live_claim (deleted_id);
    g_autoptr(GPtrArray) at = fm_article_view_claims_at (article_view (), fm_claim_get_start (orphan));

    for (guint i = 0; i < at->len; i++)
      g_assert_cmpstr (fm_claim_get_id (g_ptr_array_index (at, i)), !=, deleted_id);
    for (guint o = fm_claim_get_start (orphan); o < fm_claim_get_end (orphan); o++)
      {
        g_autoptr(GPtrArray) here = fm_article_view_claims_at (article_view (), o);

        g_assert_cmpuint (n_claim_tags_at (o), ==, here->len);
      }
  }
}

static void
test_banner_screenshot (void)
{
  GtkWidget *status = NULL;

  /* The flagged claim in the editor: its confidence, and what to do */
  fm_claim_panel_set_selected_claim (panel (), live_claim (reworded_id));
  for (GtkWidget *w = fm_claim_panel_get_summary_row (panel ()); w != NULL; w = gtk_widget_get_parent (w))
    if (GTK_IS_BOX (w))
      {
        for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
          if (FM_IS_ANCHOR_STATUS (c))
            status = c;
        if (status != NULL)
          break;
      }
  g_assert_nonnull (status);
  g_assert_true (gtk_widget_get_visible (status));
  g_assert_nonnull (strstr (fm_anchor_status_get_text (FM_ANCHOR_STATUS (status)), "% confidence"));
  save_both_schemes (GTK_WIDGET (window ()), "revision-banner");

  /* Review Next goes round the claims that wait: the reworded one, then the orphan */
  fm_claim_panel_set_selected_claim (panel (), live_claim (kept_id));
  g_assert_true (fm_revision_bar_review_next (revision_bar ()));
  g_assert_cmpstr (fm_claim_get_id (fm_claim_panel_get_selected_claim (panel ())), ==, reworded_id);
  g_assert_true (fm_revision_bar_review_next (revision_bar ()));
  g_assert_cmpstr (fm_claim_get_id (fm_claim_panel_get_selected_claim (panel ())), ==, deleted_id);

  /* The orphan's editor says so */
  fm_claim_panel_set_selected_claim (panel (), live_claim (deleted_id));
  settle (50);
  g_assert_nonnull (strstr (fm_anchor_status_get_text (FM_ANCHOR_STATUS (status)), "old one"));
  fm_claim_panel_set_selected_claim (panel (), live_claim (reworded_id));
}

/* The first label under @widget whose text holds @words */
static const char *
find_label_text (GtkWidget  *widget,
                 const char *words)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), words) != NULL)
    return gtk_label_get_text (GTK_LABEL (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *text = find_label_text (child, words);

      if (text != NULL)
        return text;
    }
  return NULL;
}

/* Each count of the diff window's summary has its own plural */
static void
assert_counts_agree (const char *counts)
{
  g_autoptr(GRegex) regex = g_regex_new ("^([0-9]+) change(s?): ([0-9]+) character(s?) removed, "
                                         "([0-9]+) character(s?) added$", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  g_assert_nonnull (counts);
  g_test_message ("counts: %s", counts);
  g_assert_true (g_regex_match (regex, counts, 0, &match));
  for (int group = 1; group <= 5; group += 2)
    {
      g_autofree char *number = g_match_info_fetch (match, group);
      g_autofree char *plural = g_match_info_fetch (match, group + 1);

      g_assert_cmpint (g_str_equal (number, "1"), ==, *plural == '\0');
    }
}

static void
test_show_changes (void)
{
  FmDiffWindow *diff;
  gboolean saw_deleted = FALSE, saw_inserted = FALSE, saw_reword = FALSE;
  g_autofree char *text = NULL;

  activate ("win.show-changes");
  WAIT_FOR (find_toplevel (FM_TYPE_DIFF_WINDOW) != NULL);
  diff = FM_DIFF_WINDOW (find_toplevel (FM_TYPE_DIFF_WINDOW));
  g_assert_cmpuint (fm_diff_window_get_from (diff), ==, 1);

  /* Old and new words, each marked as what it is */
  g_assert_cmpuint (fm_diff_window_get_n_changes (diff), >=, 4);
  for (guint i = 0; i < fm_diff_window_get_n_changes (diff); i++)
    {
      gboolean deleted;
      g_autofree char *change = fm_diff_window_get_change (diff, i, &deleted);

      if (deleted && strstr (change, "repaired 1,900 leaks"))
        saw_deleted = TRUE;
      if (!deleted && strstr (change, "updated on 5 June"))
        saw_inserted = TRUE;
      /* A reworded figure: the old one struck, the new one after it */
      if (deleted && strstr (change, "12") && strstr (change, "14"))
        saw_reword = TRUE;
    }
  g_assert_true (saw_deleted);
  g_assert_true (saw_inserted);
  g_assert_true (saw_reword);
  text = fm_diff_window_get_text (diff);
  g_assert_nonnull (strstr (text, "repaired 1,900 leaks"));
  g_assert_nonnull (strstr (text, PLACE_WORDS));
  assert_counts_agree (find_label_text (GTK_WIDGET (diff), " removed, "));

  /* The first change, in sight */
  g_assert_true (fm_diff_window_step (diff, 1));
  save_both_schemes (GTK_WIDGET (diff), "revision-diff");
  gtk_window_close (GTK_WINDOW (diff));
  WAIT_FOR (find_toplevel (FM_TYPE_DIFF_WINDOW) == NULL);
}

static void
test_confirm_flagged (void)
{
  g_autoptr(FmStore) store = NULL;
  g_autoptr(FmClaim) stored = NULL;
  g_autoptr(GPtrArray) history = NULL;
  FmClaim *claim = live_claim (reworded_id);
  gboolean confirmed = FALSE;

  g_assert_true (fm_ui_test_action_enabled (window (), "confirm-claim('')"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window ()), "win.confirm-claim", "s", reworded_id));
  g_assert_cmpint (fm_claim_get_anchor_state (claim), ==, FM_ANCHOR_STATE_PLACED);

  store = open_disk ();
  stored = disk_claim (store, reworded_id);
  g_assert_cmpint (fm_claim_get_anchor_state (stored), ==, FM_ANCHOR_STATE_PLACED);
  g_assert_cmpfloat (fm_claim_get_anchor_confidence (stored), ==, 1.0);
  history = fm_store_get_history (store, reworded_id, NULL);
  for (guint i = 0; i < history->len; i++)
    {
      FmHistoryEntry *e = g_ptr_array_index (history, i);

      confirmed |= g_str_equal (e->field, "anchor") && g_strcmp0 (e->new_value, "confirmed") == 0;
    }
  g_assert_true (confirmed);
  settle (50);
  g_assert_false (has_tag_at (offset_of (REWORDED_NEW), "suggestion"));
}

static void
test_place_orphan (void)
{
  g_autoptr(FmStore) store = NULL;
  g_autoptr(FmClaim) stored = NULL;
  guint start = offset_of (PLACE_WORDS);

  /* Nothing selected: it says what to do */
  fm_article_view_select_range (article_view (), 0, 0);
  g_assert_false (fm_ui_test_action_enabled (window (), "place-claim('')"));

  fm_article_view_select_range (article_view (), start, start + strlen (PLACE_WORDS));
  g_assert_true (fm_ui_test_action_enabled (window (), "place-claim('')"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window ()), "win.place-claim", "s", deleted_id));
  settle (100);

  store = open_disk ();
  stored = disk_claim (store, deleted_id);
  g_assert_cmpint (fm_claim_get_anchor_state (stored), ==, FM_ANCHOR_STATE_PLACED);
  g_assert_cmpstr (fm_claim_get_quote (stored), ==, PLACE_WORDS);
  g_assert_cmpuint (fm_claim_get_start (stored), ==, start);

  /* Shown where it was placed, and no longer unplaced */
  g_assert_cmpuint (fm_revision_bar_get_n_unplaced (revision_bar ()), ==, 0);
  g_assert_cmpuint (n_claim_tags_at (start + 2), ==, 1);
  g_assert_cmpstr (fm_claim_get_id (fm_claim_panel_get_selected_claim (panel ())), ==, deleted_id);
  /* In text order: it is the last claim now */
  {
    g_autoptr(FmClaim) last = g_list_model_get_item (claim_list (), g_list_model_get_n_items (claim_list ()) - 1);

    g_assert_cmpstr (fm_claim_get_id (last), ==, deleted_id);
  }
  /* Nothing left to do: the banner goes once closed, and stays closed */
  fm_revision_bar_close_banner (revision_bar ());
  settle (50);
  g_assert_false (fm_revision_bar_get_banner_shown (revision_bar ()));
}

static void
test_same_address_is_a_version (void)
{
  g_autofree char *first = g_build_filename (tmpdir, "ferry.html", NULL);
  g_autofree char *second = g_build_filename (tmpdir, "ferry-updated.html", NULL);
  g_autoptr(GFile) first_file = g_file_new_for_path (first);
  g_autoptr(GFile) second_file = g_file_new_for_path (second);
  g_autofree char *ferry_id = NULL;
  static const char page[] =
    "<!DOCTYPE html><html><head><title>Ferry fares to rise</title>"
    "<link rel=\"canonical\" href=\"https://news.example.org/ferry-fares\"></head>"
    "<body><article><h1>Ferry fares to rise</h1>"
    "<p>Ferry fares will rise by %s percent in April, the operator said on Tuesday.</p>"
    "<p>Season tickets are not affected.</p></article></body></html>";
  g_autofree char *one = g_strdup_printf (page, "8");
  g_autofree char *two = g_strdup_printf (page, "9");

  g_assert_true (g_file_set_contents (first, one, -1, NULL));
  g_assert_true (g_file_set_contents (second, two, -1, NULL));
  fm_window_open_file (window (), first_file);
  WAIT_FOR (fm_window_get_n_pending (window ()) == 0);
  ferry_id = g_strdup (fm_article_get_id (fm_window_get_article (window ())));
  g_assert_cmpstr (ferry_id, !=, article_id);
  g_free (add_claim ("rise by 8 percent in April"));

  /* Opened like any file: the same address makes it the next version */
  fm_window_open_file (window (), second_file);
  WAIT_FOR (fm_window_get_n_pending (window ()) == 0);
  WAIT_FOR (strstr (fm_article_get_text (fm_window_get_article (window ())), "9 percent") != NULL);
  g_assert_cmpstr (fm_article_get_id (fm_window_get_article (window ())), ==, ferry_id);
  {
    g_autoptr(FmStore) store = open_disk ();
    g_autoptr(GPtrArray) articles = fm_store_list_articles (store, NULL);
    g_autoptr(GPtrArray) claims = fm_store_list_claims (store, ferry_id, NULL);

    g_assert_cmpuint (articles->len, ==, 2);
    g_assert_cmpuint (fm_store_get_article_revision (store, ferry_id, NULL, NULL), ==, 2);
    g_assert_cmpuint (claims->len, ==, 1);
    g_assert_cmpstr (fm_claim_get_quote (g_ptr_array_index (claims, 0)), ==, "rise by 9 percent in April");
    g_assert_cmpint (fm_claim_get_anchor_state (g_ptr_array_index (claims, 0)), ==, FM_ANCHOR_STATE_FLAGGED);
  }
  settle (100);
  g_assert_true (fm_revision_bar_get_banner_shown (revision_bar ()));

  g_assert_true (fm_window_show_article (window (), article_id));
  settle (100);
  /* Closed for this article's version: it stays closed */
  g_assert_false (fm_revision_bar_get_banner_shown (revision_bar ()));
}

static FmSuggestions *
suggestions (void)
{
  return fm_window_get_suggestions (window ());
}

static int
find_suggestion (const char *words)
{
  guint at = offset_of (words);

  return fm_suggestions_find_at (suggestions (), at);
}

static void
wait_for_suggestions (void)
{
  WAIT_FOR (fm_suggestions_get_active (suggestions ()) && !fm_suggestions_get_running (suggestions ()) &&
            fm_suggestions_get_n_items (suggestions ()) > 0);
  settle (50);
}

static char *accepted_sentence;
static char *dismissed_sentence;

static void
test_suggestions (void)
{
  g_autofree char *xid = window_xid ();
  FmSuggestionBar *bar = FM_SUGGESTION_BAR (fm_window_get_suggestion_bar (window ()));
  guint n_claims = g_list_model_get_n_items (claim_list ());
  guint n;
  int vague;
  const FmSuggestion *s;

  g_assert_true (fm_ui_test_action_enabled (window (), "suggest-claims"));
  g_assert_false (fm_ui_test_action_enabled (window (), "accept-suggestion"));
  activate ("win.suggest-claims");
  wait_for_suggestions ();
  n = fm_suggestions_get_n_items (suggestions ());

  /* Claimed sentences are not suggested; the others are, faintly */
  g_assert_cmpint (find_suggestion (KEPT_QUOTE), <, 0);
  g_assert_cmpint (find_suggestion (REWORDED_NEW), <, 0);
  g_assert_false (has_tag_at (offset_of (KEPT_QUOTE), "suggestion"));
  g_assert_cmpint (find_suggestion ("May was the driest"), >=, 0);
  g_assert_true (has_tag_at (offset_of ("May was the driest"), "suggestion"));

  /* The vaguely sourced quote is flagged, and counted in the header */
  vague = find_suggestion (VAGUE_SENTENCE);
  g_assert_cmpint (vague, >=, 0);
  g_assert_true (fm_suggestions_get_item (suggestions (), vague)->anonymous_source);
  g_assert_cmpuint (fm_suggestions_get_n_anonymous (suggestions ()), ==, 1);
  g_assert_true (has_tag_at (offset_of ("Officials familiar"), "vague-source"));

  /* F8 goes to the first one in sight; the bar says why it is suggested */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (GTK_WIDGET (fm_article_view_get_text_view (article_view ())), GTK_TYPE_SCROLLED_WINDOW))), 0);
  activate ("win.next-suggestion");
  g_assert_cmpint (fm_suggestions_get_current (suggestions ()), ==, 0);
  g_assert_true (has_tag_at (fm_suggestions_get_item (suggestions (), 0)->start, "current-suggestion"));
  g_assert_nonnull (strstr (fm_suggestion_bar_get_title (bar), "Suggestion 1 of"));
  g_assert_true (fm_ui_test_action_enabled (window (), "accept-suggestion"));

  /* The one about the driest May: accepted with one key */
  fm_suggestions_set_current (suggestions (), find_suggestion ("May was the driest"));
  s = fm_suggestions_get_item (suggestions (), fm_suggestions_get_current (suggestions ()));
  accepted_sentence = g_strdup (s->sentence);
  gtk_widget_grab_focus (GTK_WIDGET (fm_article_view_get_text_view (article_view ())));
  if (xid != NULL)
    {
      xdotool ("windowfocus", "--sync", xid, NULL);
      gtk_widget_grab_focus (GTK_WIDGET (fm_article_view_get_text_view (article_view ())));
      run_for (50);
      xdotool ("key", "a", NULL);
    }
  else
    activate ("win.accept-suggestion");
  WAIT_FOR (g_list_model_get_n_items (claim_list ()) == n_claims + 1);
  g_assert_cmpuint (fm_suggestions_get_n_items (suggestions ()), ==, n - 1);
  g_assert_cmpint (find_suggestion ("May was the driest"), <, 0);
  {
    g_autoptr(FmStore) store = open_disk ();
    g_autoptr(GPtrArray) claims = fm_store_list_claims (store, article_id, NULL);
    FmClaim *accepted = NULL;
    g_autoptr(GPtrArray) history = NULL;
    gboolean recorded = FALSE;

    for (guint i = 0; i < claims->len; i++)
      if (g_str_equal (fm_claim_get_quote (g_ptr_array_index (claims, i)), accepted_sentence))
        accepted = g_ptr_array_index (claims, i);
    g_assert_nonnull (accepted);
    history = fm_store_get_history (store, fm_claim_get_id (accepted), NULL);
    for (guint i = 0; i < history->len; i++)
      {
        FmHistoryEntry *e = g_ptr_array_index (history, i);

        recorded |= g_str_equal (e->field, "suggestion-accepted") && strstr (e->new_value, "1995");
      }
    g_assert_true (recorded);
  }
  /* The next one is current: accepting in turn is one key each */
  g_assert_cmpint (fm_suggestions_get_current (suggestions ()), >=, 0);
  g_assert_cmpuint (fm_suggestions_get_item (suggestions (), fm_suggestions_get_current (suggestions ()))->start, >,
                    offset_of ("May was the driest"));

  /* The vague one: chosen by the mouse (the context menu acts on it), dismissed by key */
  if (xid != NULL)
    {
      GtkTextView *text_view = fm_article_view_get_text_view (article_view ());
      const FmSuggestion *target = fm_suggestions_get_item (suggestions (), find_suggestion (VAGUE_SENTENCE));
      double x, y;
      g_autofree char *sx = NULL;
      g_autofree char *sy = NULL;

      /* In sight: making it current scrolls to it */
      fm_suggestions_set_current (suggestions (), find_suggestion (VAGUE_SENTENCE));
      fm_ui_wait_for_text_point (GTK_WIDGET (window ()), text_view, target->start + 3, target->start + 3,
                                 &x, &y);
      fm_suggestions_set_current (suggestions (), -1);
      fm_ui_wait_for_text_point (GTK_WIDGET (window ()), text_view, target->start + 3, target->start + 3,
                                 &x, &y);
      sx = g_strdup_printf ("%d", (int)x);
      sy = g_strdup_printf ("%d", (int)y);
      xdotool ("mousemove", "--window", xid, sx, sy, NULL);
      xdotool ("click", "3", NULL);
      WAIT_FOR (fm_suggestions_get_current (suggestions ()) == find_suggestion (VAGUE_SENTENCE));
      g_assert_true (fm_ui_test_action_enabled (window (), "dismiss-suggestion"));
      xdotool ("key", "Escape", NULL);
      xdotool ("mousemove", "--window", xid, "5", "5", NULL);
      gtk_widget_grab_focus (GTK_WIDGET (text_view));
      run_for (50);
    }
  else
    fm_suggestions_set_current (suggestions (), find_suggestion (VAGUE_SENTENCE));
  dismissed_sentence = g_strdup (fm_suggestions_get_item (suggestions (), fm_suggestions_get_current (suggestions ()))->sentence);
  g_assert_cmpstr (dismissed_sentence, ==, VAGUE_SENTENCE);

  /* Screenshots with the current suggestion and the flag in sight */
  {
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (GTK_WIDGET (fm_article_view_get_text_view (article_view ())), GTK_TYPE_SCROLLED_WINDOW)));

    /* The toast of the placing above has gone by then */
    run_for (2500);
    fm_suggestions_set_current (suggestions (), -1);
    gtk_adjustment_set_value (adj, 0);
    run_for (300);
    save_both_schemes (GTK_WIDGET (window ()), "suggestions-top");
    fm_suggestions_set_current (suggestions (), find_suggestion (VAGUE_SENTENCE));
    run_for (300);
    save_both_schemes (GTK_WIDGET (window ()), "suggestions");
  }

  if (xid != NULL)
    xdotool ("key", "d", NULL);
  else
    activate ("win.dismiss-suggestion");
  WAIT_FOR (find_suggestion (VAGUE_SENTENCE) < 0);
  g_assert_cmpuint (fm_suggestions_get_n_anonymous (suggestions ()), ==, 0);
  {
    g_autoptr(FmStore) store = open_disk ();
    g_autoptr(GHashTable) dismissed = fm_store_list_dismissed_suggestions (store, article_id, NULL);
    g_autoptr(GPtrArray) claims = fm_store_list_claims (store, article_id, NULL);

    g_assert_true (g_hash_table_contains (dismissed, VAGUE_SENTENCE));
    /* Dismissing makes no claim */
    g_assert_cmpuint (claims->len, ==, n_claims + 1);
  }

  activate ("win.hide-suggestions");
  g_assert_false (fm_suggestions_get_active (suggestions ()));
  settle (50);
  g_assert_false (has_tag_at (offset_of ("hosepipe ban would be the first"), "suggestion"));
}

/* A new window, as after a restart: the dismissal is remembered */
static void
test_dismissal_remembered (void)
{
  gtk_window_close (GTK_WINDOW (window ()));
  WAIT_FOR (gtk_application_get_windows (GTK_APPLICATION (app)) == NULL);
  g_application_activate (G_APPLICATION (app));
  WAIT_FOR (gtk_application_get_windows (GTK_APPLICATION (app)) != NULL);
  g_assert_true (fm_window_show_article (window (), article_id));
  g_assert_false (fm_suggestions_get_active (suggestions ()));

  activate ("win.suggest-claims");
  wait_for_suggestions ();
  g_assert_cmpint (find_suggestion (VAGUE_SENTENCE), <, 0);
  g_assert_cmpint (find_suggestion (accepted_sentence), <, 0);
  g_assert_cmpint (find_suggestion ("hosepipe ban would be the first"), >=, 0);
  g_assert_false (has_tag_at (offset_of (VAGUE_SENTENCE), "vague-source"));
  /* Everything is placed now: no banner, no unplaced claims */
  g_assert_false (fm_revision_bar_get_banner_shown (revision_bar ()));
  g_assert_cmpuint (fm_revision_bar_get_n_unplaced (revision_bar ()), ==, 0);
  activate ("win.hide-suggestions");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *fixture = NULL;
  g_autofree char *contents = NULL;
  GString *v2;
  int status;

  app = fm_ui_test_start (&argc, &argv, &tmpdir);

  /* Version 1 is the fixture; version 2 adds a paragraph before every
   * claim, changes a figure in one, deletes the paragraph of another and
   * adds a vaguely sourced quote */
  fixture = fm_test_source_file ("fixtures", "reservoir-levels.txt", NULL);
  g_assert_true (g_file_get_contents (fixture, &contents, NULL, NULL));
  v1_path = g_build_filename (tmpdir, "reservoir-levels.txt", NULL);
  g_assert_true (g_file_set_contents (v1_path, contents, -1, NULL));
  v2 = g_string_new (contents);
  g_assert_cmpint (g_string_replace (v2, "4 June 2026\n\n",
                                     "4 June 2026\n\nThis article was updated on 5 June with the board’s latest figures.\n\n", 1), ==, 1);
  g_assert_cmpint (g_string_replace (v2, REWORDED_QUOTE, REWORDED_NEW, 1), ==, 1);
  g_assert_cmpint (g_string_replace (v2, "The board said that it had repaired 1,900 leaks since January, more than in any comparable period, and that new sensors would let it find leaks twice as fast.\n\n", "", 1), ==, 1);
  while (v2->len > 0 && v2->str[v2->len - 1] == '\n')
    g_string_truncate (v2, v2->len - 1);
  g_string_append (v2, "\n\nSince January the board has " PLACE_WORDS ", it said. " VAGUE_SENTENCE "\n");
  v2_path = g_build_filename (tmpdir, "reservoir-levels-updated.txt", NULL);
  g_assert_true (g_file_set_contents (v2_path, v2->str, -1, NULL));
  g_string_free (v2, TRUE);
  {
    g_autoptr(GFile) file = g_file_new_for_path (v2_path);
    g_autoptr(FmArticle) imported = fm_import_file (file, FM_IMPORT_FLAGS_NONE, NULL, &error);

    g_assert_no_error (error);
    v2_text = g_strdup (fm_article_get_text (imported));
  }

  g_test_add_func ("/window-anchor/open-and-claim", test_open_and_claim);
  g_test_add_func ("/window-anchor/import-version", test_import_version);
  g_test_add_func ("/window-anchor/banner-screenshot", test_banner_screenshot);
  g_test_add_func ("/window-anchor/show-changes", test_show_changes);
  g_test_add_func ("/window-anchor/confirm-flagged", test_confirm_flagged);
  g_test_add_func ("/window-anchor/place-orphan", test_place_orphan);
  g_test_add_func ("/window-anchor/same-address-is-a-version", test_same_address_is_a_version);
  g_test_add_func ("/window-anchor/suggestions", test_suggestions);
  g_test_add_func ("/window-anchor/dismissal-remembered", test_dismissal_remembered);

  status = g_test_run ();

  fm_ui_test_clean_up (app, tmpdir);
  g_free (v1_path);
  g_free (v2_path);
  g_free (v2_text);
  g_free (kept_id);
  g_free (reworded_id);
  g_free (deleted_id);
  g_free (article_id);
  g_free (accepted_sentence);
  g_free (dismissed_sentence);
  return status;
}
