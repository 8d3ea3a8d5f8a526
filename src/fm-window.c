/* fm-window.c — the main window: articles | reading view | claims
 *
 * The window owns no data: it shows what the store has and turns the user's
 * actions into store calls. The article view and the claim panel follow the
 * same FmClaimList, and their "selected-claim" properties are bound, so a
 * click on a highlight and a click in the list are the same thing.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "fm-article-row.h"
#include "fm-article-view.h"
#include "fm-claim-list.h"
#include "fm-claim-panel.h"
#include "fm-diff-window.h"
#include "fm-export-dialog.h"
#include "fm-fetch.h"
#include "fm-import.h"
#include "fm-revision-bar.h"
#include "fm-util.h"
#include "fm-review-view.h"
#include "fm-source-dialog.h"
#include "fm-suggestion-bar.h"
#include "fm-suggestions.h"
#include "fm-sync-controller.h"
#include "fm-sync-status.h"
#include "fm-sync-window.h"
#include "fm-window.h"
#include "fm-a11y.h"
#include "fm-workflow-dialog.h"

#define ZOOM_STEP 0.1
#define ZOOM_MIN 0.6
#define ZOOM_MAX 2.5

typedef enum {
  UNDO_NONE,
  UNDO_CLAIM,
  UNDO_SOURCE,
} UndoKind;

struct _FmWindow
{
  AdwApplicationWindow  parent_instance;

  FmStore              *store;
  FmArticle            *article;
  FmClaimList          *claims;
  GCancellable         *cancellable;
  GSettings            *settings;
  GSignalGroup         *store_signals;
  GListStore           *articles;
  GtkStringFilter      *filter;
  GtkSingleSelection   *article_selection;
  guint                 n_pending;
  gboolean              showing;

  /* What win.undo puts back */
  UndoKind              undo_kind;
  FmClaim              *undo_claim;
  GPtrArray            *undo_sources;
  FmSource             *undo_source;
  AdwToast             *undo_toast;
  char                 *last_toast;
  AdwMessageDialog     *error_dialog;
  GPtrArray            *errors;         /* file name, reason, … */

  /* The page being downloaded (one at a time) */
  FmFetch              *download;
  GCancellable         *download_cancellable;
  gulong                download_cancel_handler;

  AdwLeaflet           *leaflet;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkMenuButton        *menu_button;
  GtkStack             *sidebar_stack;
  GtkLabel             *sidebar_status_title;
  GtkLabel             *sidebar_status_description;
  GtkListView          *articles_view;
  AdwWindowTitle       *title;
  GtkRevealer          *read_only_revealer;
  GtkRevealer          *download_revealer;
  GtkLabel             *download_label;
  GtkProgressBar       *download_progress;
  AdwToastOverlay      *toasts;
  GtkStack             *stack;
  AdwStatusPage        *status_page;
  AdwStatusPage        *error_page;
  AdwFlap              *flap;
  FmArticleView        *article_view;
  FmClaimPanel         *claim_panel;

  /* Revisions and suggestions (issue 8) */
  FmRevisionBar        *revision_bar;
  FmSuggestionBar      *suggestion_bar;
  FmSuggestions        *suggestions;
  guint                 revision;       /* the shown article's current version */
  guint                 reload_source;

  /* The editor's desk, built after the first frame (ensure_review_view) */
  FmReviewView         *review_view;
  guint                 review_source;
  gulong                paint_handler;
  guint                 review_delays;
  GtkListBox           *review_entry;
  GtkListBoxRow        *review_row;
  GtkLabel             *review_badge;
  GtkWidget            *back_to_review_button;
  GtkWidget            *add_claim_button;
  GtkWidget            *panel_button;
  GtkWidget            *suggest_button;
  gboolean              from_review;    /* the article was opened from the review list */

  /* Sync (issue 11) */
  FmSyncController     *sync;
  FmSyncStatus         *sync_status;
  FmSyncWindow         *sync_window;
};

G_DEFINE_FINAL_TYPE (FmWindow, fm_window, ADW_TYPE_APPLICATION_WINDOW)

/* Revisions and suggestions: defined at the end */
static void update_revision_actions   (FmWindow          *self);
static void show_revision_parts       (FmWindow          *self);
static void import_and_show           (FmWindow          *self,
                                       FmArticle         *imported,
                                       const char        *name,
                                       const char        *version_of);
static void install_revision_actions  (GtkWidgetClass    *widget_class);
static void init_revision_parts       (FmWindow          *self);
/* Sync: defined at the end */
static void update_sync_actions       (FmWindow          *self);
static void set_sync_store            (FmWindow          *self,
                                       FmStore           *store);
static void install_sync_actions      (GtkWidgetClass    *widget_class);
static void init_sync                 (FmWindow          *self);
static void dispose_sync              (FmWindow          *self);

static gboolean
is_writable (FmWindow *self)
{
  return self->store != NULL && !fm_store_is_read_only (self->store);
}

static gboolean
is_reviewing (FmWindow *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "review") == 0;
}

/* The one place that decides what can be done now */
static void
update_actions (FmWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean writable = is_writable (self);
  gboolean reviewing = is_reviewing (self);
  gboolean has_article = self->article != NULL && !reviewing;
  FmClaim *claim = reviewing ? NULL : fm_claim_panel_get_selected_claim (self->claim_panel);
  guint n_claims = self->claims && !reviewing ? g_list_model_get_n_items (G_LIST_MODEL (self->claims)) : 0;
  FmStatus status = claim ? fm_claim_get_status (claim) : FM_STATUS_UNCHECKED;
  double scale = fm_article_view_get_text_scale (self->article_view);

  gtk_widget_action_set_enabled (widget, "win.open", writable);
  gtk_widget_action_set_enabled (widget, "win.paste-article", writable);
  gtk_widget_action_set_enabled (widget, "win.open-url", writable && self->download == NULL);
  gtk_widget_action_set_enabled (widget, "win.cancel-download", self->download != NULL);
  gtk_widget_action_set_enabled (widget, "win.export", has_article);
  gtk_widget_action_set_enabled (widget, "win.add-claim",
                                 writable && has_article &&
                                 fm_article_view_get_has_selection (self->article_view));
  gtk_widget_action_set_enabled (widget, "win.delete-claim", writable && claim != NULL);
  gtk_widget_action_set_enabled (widget, "win.add-source", writable && claim != NULL);
  gtk_widget_action_set_enabled (widget, "win.remove-source", writable && claim != NULL);
  gtk_widget_action_set_enabled (widget, "win.set-verdict", writable && claim != NULL);
  gtk_widget_action_set_enabled (widget, "win.edit-summary", claim != NULL);
  gtk_widget_action_set_enabled (widget, "win.next-claim", n_claims > 0);
  gtk_widget_action_set_enabled (widget, "win.previous-claim", n_claims > 0);
  gtk_widget_action_set_enabled (widget, "win.toggle-claims", has_article);
  gtk_widget_action_set_enabled (widget, "win.zoom-in", has_article && scale < ZOOM_MAX - 0.001);
  gtk_widget_action_set_enabled (widget, "win.zoom-out", has_article && scale > ZOOM_MIN + 0.001);
  gtk_widget_action_set_enabled (widget, "win.zoom-reset",
                                 has_article && !G_APPROX_VALUE (scale, 1.0, 0.001));
  gtk_widget_action_set_enabled (widget, "win.search", self->store != NULL);
  gtk_widget_action_set_enabled (widget, "win.undo", writable && self->undo_kind != UNDO_NONE);
  update_revision_actions (self);
  update_sync_actions (self);
  /* The editor's desk: each step from the statuses the workflow allows */
  gtk_widget_action_set_enabled (widget, "win.review", self->store != NULL);
  gtk_widget_action_set_enabled (widget, "win.submit-claim",
                                 writable && claim != NULL &&
                                 (status == FM_STATUS_UNCHECKED || status == FM_STATUS_IN_PROGRESS ||
                                  status == FM_STATUS_CHANGES_REQUESTED));
  gtk_widget_action_set_enabled (widget, "win.approve-claim",
                                 writable && claim != NULL && status == FM_STATUS_NEEDS_REVIEW);
  gtk_widget_action_set_enabled (widget, "win.request-changes",
                                 writable && claim != NULL &&
                                 (status == FM_STATUS_NEEDS_REVIEW || status == FM_STATUS_APPROVED));
  gtk_widget_set_visible (self->add_claim_button, !reviewing);
  gtk_widget_set_visible (self->suggest_button, !reviewing);
  gtk_widget_set_sensitive (self->panel_button, !reviewing);
}

static void
toast (FmWindow   *self,
       const char *message)
{
  AdwToast *t = adw_toast_new (message);

  g_free (self->last_toast);
  self->last_toast = g_strdup (message);
  adw_toast_overlay_add_toast (self->toasts, t);
}

/* Import errors: one dialog, however many files failed */

static void
on_error_dialog_destroy (FmWindow *self)
{
  self->error_dialog = NULL;
  g_ptr_array_set_size (self->errors, 0);
}

static void
show_import_error (FmWindow     *self,
                   const char   *name,
                   const GError *error)
{
  g_ptr_array_add (self->errors, g_strdup (name));
  g_ptr_array_add (self->errors, g_strdup (error->message));

  if (self->error_dialog == NULL)
    {
      self->error_dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL));
      adw_message_dialog_add_response (self->error_dialog, "close", _("_Close"));
      g_signal_connect_object (self->error_dialog, "destroy",
                               G_CALLBACK (on_error_dialog_destroy), self, G_CONNECT_SWAPPED);
    }
  if (self->errors->len == 2)
    {
      g_autofree char *heading = g_strdup_printf (_("Could Not Open “%s”"), name);

      adw_message_dialog_set_heading (self->error_dialog, heading);
      adw_message_dialog_set_body_use_markup (self->error_dialog, FALSE);
      adw_message_dialog_set_body (self->error_dialog, error->message);
    }
  else
    {
      g_autoptr(GString) body = g_string_new (NULL);

      for (guint i = 0; i + 1 < self->errors->len; i += 2)
        {
          g_autofree char *line = g_markup_printf_escaped ("<b>%s</b>: %s",
                                                           (char *)g_ptr_array_index (self->errors, i),
                                                           (char *)g_ptr_array_index (self->errors, i + 1));
          if (body->len > 0)
            g_string_append (body, "\n\n");
          g_string_append (body, line);
        }
      adw_message_dialog_set_heading (self->error_dialog, _("Some Files Could Not Be Opened"));
      adw_message_dialog_set_body_use_markup (self->error_dialog, TRUE);
      adw_message_dialog_set_body (self->error_dialog, body->str);
    }
  gtk_window_present (GTK_WINDOW (self->error_dialog));
}

/* Articles */

static void
select_in_sidebar (FmWindow   *self,
                   const char *article_id)
{
  GListModel *model = G_LIST_MODEL (self->article_selection);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FmArticle) article = g_list_model_get_item (model, i);

      if (g_strcmp0 (fm_article_get_id (article), article_id) == 0)
        {
          gtk_single_selection_set_selected (self->article_selection, i);
          return;
        }
    }
  gtk_single_selection_set_selected (self->article_selection, GTK_INVALID_LIST_POSITION);
}

static void
show_nothing (FmWindow *self)
{
  fm_claim_panel_flush (self->claim_panel);
  fm_claim_panel_set_claims (self->claim_panel, NULL);
  fm_article_view_set_article (self->article_view, NULL, NULL);
  g_clear_object (&self->claims);
  g_clear_object (&self->article);
  adw_window_title_set_title (self->title, _("Factmark"));
  adw_window_title_set_subtitle (self->title, "");
  gtk_window_set_title (GTK_WINDOW (self), _("Factmark"));
  gtk_stack_set_visible_child_name (self->stack, self->store ? "empty" : "error");
  show_revision_parts (self);
  update_actions (self);
}

/* What the window lets go of once the frame after a change is painted */
typedef struct
{
  GObject *object;
  gulong   handler;
} LaterRelease;

static void
later_release_free (gpointer  data,
                    GClosure *closure)
{
  LaterRelease *later = data;

  g_clear_object (&later->object);
  g_free (later);
}

static gboolean
release_idle (gpointer data)
{
  g_object_unref (data);
  return G_SOURCE_REMOVE;
}

static void
release_after_paint (GdkFrameClock *clock,
                     LaterRelease  *later)
{
  /* After the paint, not in it: the frame is on screen first */
  g_idle_add (release_idle, g_steal_pointer (&later->object));
  g_signal_handler_disconnect (clock, later->handler);
}

/* Drops @object (a reference the caller gives) after the next frame: an
 * article's 5,000 claims take longer to free than the next article takes to
 * show */
static void
release_after_frame (FmWindow *self,
                     gpointer  object)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  LaterRelease *later;

  if (clock == NULL)
    {
      g_object_unref (object);
      return;
    }
  later = g_new0 (LaterRelease, 1);
  later->object = object;
  later->handler = g_signal_connect_data (clock, "after-paint", G_CALLBACK (release_after_paint),
                                          later, later_release_free, 0);
}

static void leave_review (FmWindow *self);
static FmReviewView *ensure_review_view (FmWindow *self);
static void update_review_badge (FmWindow *self);

static gboolean
show_article (FmWindow  *self,
              FmArticle *listed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FmArticle) article = NULL;
  g_autoptr(FmClaimList) claims = NULL;
  const char *site;

  if (self->article != NULL &&
      g_strcmp0 (fm_article_get_id (self->article), fm_article_get_id (listed)) == 0)
    {
      leave_review (self);
      return TRUE;
    }

  article = fm_store_get_article (self->store, fm_article_get_id (listed), &error);
  if (article != NULL)
    claims = fm_claim_list_new (self->store, fm_article_get_id (article), &error);
  if (claims == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The article could not be shown: %s"),
                                                  error->message);
      toast (self, message);
      return FALSE;
    }

  /* What was typed for the last article's claim is saved before it goes */
  fm_claim_panel_flush (self->claim_panel);
  if (self->claims != NULL)
    release_after_frame (self, g_object_ref (self->claims));
  g_set_object (&self->article, article);
  g_set_object (&self->claims, claims);
  fm_claim_panel_set_claims (self->claim_panel, claims);
  fm_article_view_set_article (self->article_view, article, claims);
  g_signal_connect_object (claims, "items-changed", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);
  show_revision_parts (self);

  site = fm_article_get_site_name (article);
  adw_window_title_set_title (self->title, fm_article_get_title (article));
  adw_window_title_set_subtitle (self->title, site ? site : "");
  /* What the window switcher shows */
  gtk_window_set_title (GTK_WINDOW (self), fm_article_get_title (article));
  gtk_stack_set_visible_child_name (self->stack, "article");
  g_settings_set_string (self->settings, "last-article", fm_article_get_id (article));
  leave_review (self);

  self->showing = TRUE;
  select_in_sidebar (self, fm_article_get_id (article));
  self->showing = FALSE;
  /* On a narrow window, the article rather than the list */
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
  update_actions (self);
  return TRUE;
}

gboolean
fm_window_show_article (FmWindow   *self,
                        const char *article_id)
{
  g_autoptr(FmArticle) article = NULL;

  g_return_val_if_fail (FM_IS_WINDOW (self), FALSE);

  if (self->store == NULL || article_id == NULL)
    return FALSE;
  article = fm_store_get_article (self->store, article_id, NULL);
  return article != NULL && show_article (self, article);
}

FmArticle *
fm_window_get_article (FmWindow *self)
{
  g_return_val_if_fail (FM_IS_WINDOW (self), NULL);
  return self->article;
}

static void
on_article_selected (FmWindow *self)
{
  FmArticle *article = gtk_single_selection_get_selected_item (self->article_selection);

  if (self->showing || article == NULL)
    return;
  /* Chosen in the sidebar: no longer on the way from the review list */
  self->from_review = FALSE;
  show_article (self, article);
}

static void
on_article_added (FmWindow  *self,
                  FmArticle *article)
{
  g_list_store_insert (self->articles, 0, article);
}

static void
update_sidebar_state (FmWindow *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->article_selection));
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->articles));

  gtk_stack_set_visible_child_name (self->sidebar_stack, shown > 0 ? "list" : "empty");
  gtk_label_set_text (self->sidebar_status_title,
                      total > 0 ? _("No Matching Articles") : _("No Articles"));
  gtk_label_set_text (self->sidebar_status_description,
                      total > 0 ? _("Try other words from the title") :
                                  _("Articles you open are kept here"));
}

static void
load_articles (FmWindow *self)
{
  g_autoptr(GPtrArray) articles = NULL;
  g_autoptr(GError) error = NULL;

  g_list_store_remove_all (self->articles);
  if (self->store == NULL)
    return;
  articles = fm_store_list_articles (self->store, &error);
  if (articles == NULL)
    {
      toast (self, error->message);
      return;
    }
  g_list_store_splice (self->articles, 0, 0, articles->pdata, articles->len);
}

/* Opening */

typedef struct
{
  FmWindow *self;
  char     *name;
} OpenData;

static void
add_and_show (FmWindow   *self,
              FmArticle  *imported,
              const char *name)
{
  /* The same canonical address as an article already here: a new version of it */
  import_and_show (self, imported, name, NULL);
}

static void
open_file_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  OpenData *data = user_data;
  g_autoptr(FmWindow) self = data->self;
  g_autofree char *name = data->name;
  g_autoptr(GError) error = NULL;
  g_autoptr(FmArticle) imported = fm_import_file_finish (result, &error);

  g_free (data);
  self->n_pending--;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->store == NULL)
    return;
  if (imported == NULL)
    show_import_error (self, name, error);
  else
    add_and_show (self, imported, name);
}

void
fm_window_open_file (FmWindow *self,
                     GFile    *file)
{
  OpenData *data;

  g_return_if_fail (FM_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (!is_writable (self))
    {
      g_autoptr(GError) error = g_error_new_literal (FM_STORE_ERROR, FM_STORE_ERROR_READ_ONLY,
                                                     _("The workspace is read-only, so no article can be added to it"));
      g_autofree char *name = g_file_get_basename (file);

      show_import_error (self, name, error);
      return;
    }
  if (g_file_has_uri_scheme (file, "http") || g_file_has_uri_scheme (file, "https"))
    {
      g_autofree char *uri = g_file_get_uri (file);

      fm_window_open_url (self, uri);
      return;
    }
  data = g_new0 (OpenData, 1);
  data->self = g_object_ref (self);
  data->name = g_file_get_basename (file);
  self->n_pending++;
  fm_import_file_async (file, FM_IMPORT_FLAGS_NONE, self->cancellable, open_file_cb, data);
}

guint
fm_window_get_n_pending (FmWindow *self)
{
  g_return_val_if_fail (FM_IS_WINDOW (self), 0);
  return self->n_pending;
}

gboolean
fm_window_open_text (FmWindow   *self,
                     const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FmArticle) imported = NULL;

  g_return_val_if_fail (FM_IS_WINDOW (self), FALSE);

  if (!is_writable (self))
    return FALSE;
  imported = fm_import_text (text ? text : "", NULL, FM_IMPORT_FLAGS_NONE, &error);
  if (imported == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The clipboard could not be pasted as an article: %s"),
                                                  error->message);
      toast (self, message);
      return FALSE;
    }
  add_and_show (self, imported, _("Pasted text"));
  return TRUE;
}

/* Web pages */

static void
update_download_progress (FmWindow *self)
{
  guint64 received;
  gint64 expected;
  g_autofree char *got = NULL;
  g_autofree char *label = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *host;

  if (self->download == NULL)
    return;
  received = fm_fetch_get_bytes_received (self->download);
  expected = fm_fetch_get_bytes_expected (self->download);
  uri = g_uri_parse (fm_fetch_get_url (self->download), G_URI_FLAGS_NONE, NULL);
  host = uri ? g_uri_get_host (uri) : fm_fetch_get_url (self->download);
  got = g_format_size (received);

  if (expected > 0)
    {
      g_autofree char *total = g_format_size (expected);

      gtk_progress_bar_set_fraction (self->download_progress,
                                     MIN (1.0, (double)received / (double)expected));
      /* Translators: "Downloading example.org… 120 kB of 300 kB" */
      label = g_strdup_printf (_("Downloading %s… %s of %s"), host, got, total);
    }
  else
    {
      gtk_progress_bar_pulse (self->download_progress);
      /* Translators: "Downloading example.org… 120 kB" */
      label = received > 0 ? g_strdup_printf (_("Downloading %s… %s"), host, got)
                           : g_strdup_printf (_("Downloading %s…"), host);
    }
  gtk_label_set_label (self->download_label, label);
}

static void
open_url_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FmWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FmArticle) imported = fm_import_url_finish (result, &error);
  g_autoptr(FmFetch) fetch = g_steal_pointer (&self->download);
  g_autofree char *url = g_strdup (fetch ? fm_fetch_get_url (fetch) : "");

  g_cancellable_disconnect (self->cancellable, self->download_cancel_handler);
  self->download_cancel_handler = 0;
  g_clear_object (&self->download_cancellable);
  self->n_pending--;
  /* The window is gone: nothing to show */
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  gtk_revealer_set_reveal_child (self->download_revealer, FALSE);
  update_actions (self);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      toast (self, _("Download cancelled"));
      return;
    }
  if (self->store == NULL)
    return;
  if (imported == NULL)
    show_import_error (self, url, error);
  else
    add_and_show (self, imported, url);
}

static void
on_window_cancelled (GCancellable *window_cancellable,
                     GCancellable *download_cancellable)
{
  g_cancellable_cancel (download_cancellable);
}

void
fm_window_open_url (FmWindow   *self,
                    const char *url)
{
  g_return_if_fail (FM_IS_WINDOW (self));
  g_return_if_fail (url != NULL);

  if (!is_writable (self))
    {
      g_autoptr(GError) error = g_error_new_literal (FM_STORE_ERROR, FM_STORE_ERROR_READ_ONLY,
                                                     _("The workspace is read-only, so no article can be added to it"));
      show_import_error (self, url, error);
      return;
    }
  if (self->download != NULL)
    {
      toast (self, _("Another page is still downloading; wait for it or cancel it first"));
      return;
    }

  self->download = fm_fetch_new (url);
  /* Cancelled by the Cancel button, and with the window */
  self->download_cancellable = g_cancellable_new ();
  self->download_cancel_handler =
    g_cancellable_connect (self->cancellable, G_CALLBACK (on_window_cancelled),
                           g_object_ref (self->download_cancellable), g_object_unref);
  g_signal_connect_object (self->download, "notify::bytes-received",
                           G_CALLBACK (update_download_progress), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->download, "notify::bytes-expected",
                           G_CALLBACK (update_download_progress), self, G_CONNECT_SWAPPED);
  gtk_progress_bar_set_fraction (self->download_progress, 0.0);
  update_download_progress (self);
  gtk_revealer_set_reveal_child (self->download_revealer, TRUE);
  self->n_pending++;
  update_actions (self);

  fm_import_url_async (self->download, FM_IMPORT_FLAGS_NONE, self->download_cancellable,
                       open_url_cb, g_object_ref (self));
}

static void
cancel_download_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  FmWindow *self = FM_WINDOW (widget);

  if (self->download_cancellable != NULL)
    g_cancellable_cancel (self->download_cancellable);
}

static void
on_url_entry_changed (GtkEditable      *entry,
                      AdwMessageDialog *dialog)
{
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "open", fm_url_is_web (url));
}

static void
on_url_entry_activate (GtkEntry         *entry,
                       AdwMessageDialog *dialog)
{
  /* As a click on Open does: respond, then close */
  if (adw_message_dialog_get_response_enabled (dialog, "open"))
    {
      adw_message_dialog_response (dialog, "open");
      gtk_window_close (GTK_WINDOW (dialog));
    }
}

static void
on_url_dialog_response (FmWindow         *self,
                        const char       *response,
                        AdwMessageDialog *dialog)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (g_str_equal (response, "open") && fm_url_is_web (url))
    fm_window_open_url (self, url);
}

static void
open_url_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  FmWindow *self = FM_WINDOW (widget);
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Open Web Address"),
                                                       _("Factmark downloads the page and keeps "
                                                         "its article text and the page itself "
                                                         "in the workspace.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "open", _("_Open"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "open", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "open");
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_response_enabled (dialog, "open", FALSE);

  entry = gtk_entry_new ();
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_URL);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), "https://");
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Web address"), -1);
  g_signal_connect (entry, "changed", G_CALLBACK (on_url_entry_changed), dialog);
  g_signal_connect (entry, "activate", G_CALLBACK (on_url_entry_activate), dialog);
  adw_message_dialog_set_extra_child (dialog, entry);

  g_signal_connect_object (dialog, "response", G_CALLBACK (on_url_dialog_response), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* Export */

static void
on_exported (FmWindow *self,
             GFile    *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *uri = g_file_get_uri (file);
  /* Translators: %s is a file name */
  g_autofree char *message = g_strdup_printf (_("Exported “%s”"), name);
  AdwToast *t = adw_toast_new (message);

  adw_toast_set_button_label (t, _("_Open"));
  adw_toast_set_action_name (t, "win.open-uri");
  adw_toast_set_action_target_value (t, g_variant_new_string (uri));
  g_free (self->last_toast);
  self->last_toast = g_strdup (message);
  adw_toast_overlay_add_toast (self->toasts, t);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  FmWindow *self = FM_WINDOW (widget);
  FmExportDialog *dialog;

  if (self->article == NULL || self->store == NULL)
    return;
  /* What is being typed belongs in the export */
  fm_claim_panel_flush (self->claim_panel);
  dialog = fm_export_dialog_new (GTK_WINDOW (self), self->store, self->article);
  g_signal_connect_object (dialog, "exported", G_CALLBACK (on_exported), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_uri_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  gtk_show_uri (GTK_WINDOW (widget), g_variant_get_string (param, NULL), GDK_CURRENT_TIME);
}

static void
on_open_response (FmWindow             *self,
                  int                   response,
                  GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          fm_window_open_file (self, file);
        }
    }
  g_object_unref (chooser);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  FmWindow *self = FM_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) articles = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Open Articles"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_filter_set_name (articles, _("Web pages and text files"));
  gtk_file_filter_add_suffix (articles, "html");
  gtk_file_filter_add_suffix (articles, "htm");
  gtk_file_filter_add_suffix (articles, "txt");
  gtk_file_filter_add_mime_type (articles, "text/html");
  gtk_file_filter_add_mime_type (articles, "text/plain");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), articles);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_open_response), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
fm_window_set_store (FmWindow *self,
                     FmStore  *store)
{
  g_return_if_fail (FM_IS_WINDOW (self));
  g_return_if_fail (store == NULL || FM_IS_STORE (store));

  show_nothing (self);
  g_set_object (&self->store, store);
  g_signal_group_set_target (self->store_signals, store);
  self->from_review = FALSE;
  if (self->review_view != NULL)
    fm_review_view_set_store (self->review_view, store);
  else
    update_review_badge (self);
  set_sync_store (self, store);
  gtk_revealer_set_reveal_child (self->read_only_revealer,
                                 store != NULL && fm_store_is_read_only (store));
  fm_claim_panel_set_editable (self->claim_panel, is_writable (self));
  load_articles (self);
  update_sidebar_state (self);

  if (store != NULL)
    {
      g_autofree char *last = g_settings_get_string (self->settings, "last-article");

      if (!fm_window_show_article (self, last) &&
          g_list_model_get_n_items (G_LIST_MODEL (self->articles)) > 0)
        {
          g_autoptr(FmArticle) first = g_list_model_get_item (G_LIST_MODEL (self->articles), 0);
          show_article (self, first);
        }
    }
  if (self->article == NULL)
    show_nothing (self);
  update_actions (self);
}

static void
on_workspace_response (FmWindow             *self,
                       int                   response,
                       GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;
      g_autoptr(FmStore) store = path ? fm_store_open (path, &error) : NULL;

      if (store == NULL)
        {
          g_autofree char *name = g_file_get_basename (file);
          g_autofree char *heading = g_strdup_printf (_("Could Not Open “%s”"), name);
          AdwMessageDialog *dialog;

          if (error == NULL)
            g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                 _("Only a workspace on this computer can be opened"));
          dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading,
                                                               error->message));
          adw_message_dialog_add_response (dialog, "close", _("_Close"));
          gtk_window_present (GTK_WINDOW (dialog));
        }
      else
        {
          GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

          if (app != NULL)
            fm_application_set_store (FM_APPLICATION (app), store);
          else
            fm_window_set_store (self, store);
        }
    }
  g_object_unref (chooser);
}

static void
open_workspace_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  FmWindow *self = FM_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Open Workspace"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Factmark workspaces"));
  gtk_file_filter_add_suffix (filter, "db");
  gtk_file_filter_add_suffix (filter, "factmark");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_workspace_response), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
paste_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(FmWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (text == NULL || *g_strstrip (text) == '\0')
    {
      toast (self, _("The clipboard has no text to paste as an article"));
      return;
    }
  /* A web address on its own means the page at that address */
  if (strpbrk (text, " \t\n") == NULL && fm_url_is_web (text))
    fm_window_open_url (self, text);
  else
    fm_window_open_text (self, text);
}

static void
paste_article_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  FmWindow *self = FM_WINDOW (widget);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (widget);

  gdk_clipboard_read_text_async (clipboard, self->cancellable, paste_cb, g_object_ref (self));
}

static gboolean
on_drop (FmWindow      *self,
         const GValue  *value,
         double         x,
         double         y)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = g_value_get_boxed (value);
  for (GSList *l = files; l != NULL; l = l->next)
    fm_window_open_file (self, l->data);
  return files != NULL;
}

/* Claims */

static void
add_claim_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  FmWindow *self = FM_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(FmClaim) claim = NULL;
  guint start, end;

  if (self->article == NULL)
    return;
  if (!fm_article_view_get_selection_span (self->article_view, &start, &end))
    {
      toast (self, _("Select the words of the claim in the article first"));
      return;
    }
  claim = fm_store_create_claim (self->store, fm_article_get_id (self->article), start, end, &error);
  if (claim == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The claim could not be added: %s"),
                                                  error->message);
      toast (self, message);
      return;
    }
  fm_claim_panel_set_selected_claim (self->claim_panel, claim);
  if (adw_flap_get_folded (self->flap))
    adw_flap_set_reveal_flap (self->flap, TRUE);
  /* The next thing to do is to say what the claim is */
  fm_claim_panel_focus_summary (self->claim_panel);
}

static void
clear_undo (FmWindow *self)
{
  self->undo_kind = UNDO_NONE;
  g_clear_object (&self->undo_claim);
  g_clear_pointer (&self->undo_sources, g_ptr_array_unref);
  g_clear_object (&self->undo_source);
  if (self->undo_toast != NULL)
    {
      AdwToast *t = g_steal_pointer (&self->undo_toast);

      g_object_remove_weak_pointer (G_OBJECT (t), (gpointer *)&self->undo_toast);
      adw_toast_dismiss (t);
    }
  update_actions (self);
}

static void
on_undo_toast_dismissed (FmWindow *self,
                         AdwToast *t)
{
  if (self->undo_toast == t)
    {
      g_object_remove_weak_pointer (G_OBJECT (t), (gpointer *)&self->undo_toast);
      self->undo_toast = NULL;
      clear_undo (self);
    }
}

static void
offer_undo (FmWindow   *self,
            const char *message)
{
  AdwToast *t = adw_toast_new (message);

  adw_toast_set_button_label (t, _("_Undo"));
  adw_toast_set_action_name (t, "win.undo");
  g_signal_connect_object (t, "dismissed", G_CALLBACK (on_undo_toast_dismissed), self,
                           G_CONNECT_SWAPPED);
  self->undo_toast = t;
  g_object_add_weak_pointer (G_OBJECT (t), (gpointer *)&self->undo_toast);
  g_free (self->last_toast);
  self->last_toast = g_strdup (message);
  adw_toast_overlay_add_toast (self->toasts, t);
  update_actions (self);
}

static void
delete_claim_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  FmWindow *self = FM_WINDOW (widget);
  FmClaim *claim = fm_claim_panel_get_selected_claim (self->claim_panel);
  g_autoptr(FmClaim) copy = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GError) error = NULL;
  int position;

  if (claim == NULL)
    return;
  fm_claim_panel_flush (self->claim_panel);
  copy = fm_claim_copy (claim);
  sources = fm_store_list_sources (self->store, fm_claim_get_id (claim), &error);
  position = fm_claim_list_find (self->claims, fm_claim_get_id (claim));
  if (sources == NULL || !fm_store_delete_claim (self->store, claim, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The claim could not be deleted: %s"),
                                                  error->message);
      toast (self, message);
      return;
    }

  clear_undo (self);
  self->undo_kind = UNDO_CLAIM;
  self->undo_claim = g_steal_pointer (&copy);
  self->undo_sources = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < sources->len; i++)
    g_ptr_array_add (self->undo_sources, fm_source_copy (g_ptr_array_index (sources, i)));
  offer_undo (self, _("Claim deleted"));

  /* The claim that took its place, so that Delete can be pressed again */
  {
    guint n = g_list_model_get_n_items (G_LIST_MODEL (self->claims));

    if (n > 0 && position >= 0)
      {
        g_autoptr(FmClaim) next = g_list_model_get_item (G_LIST_MODEL (self->claims),
                                                         MIN ((guint)position, n - 1));
        fm_claim_panel_set_selected_claim (self->claim_panel, next);
      }
  }
}

static FmSource *
find_source (FmWindow   *self,
             const char *source_id)
{
  FmClaim *claim = fm_claim_panel_get_selected_claim (self->claim_panel);
  g_autoptr(GPtrArray) sources = NULL;

  if (claim == NULL)
    return NULL;
  sources = fm_store_list_sources (self->store, fm_claim_get_id (claim), NULL);
  for (guint i = 0; sources != NULL && i < sources->len; i++)
    if (g_strcmp0 (fm_source_get_id (g_ptr_array_index (sources, i)), source_id) == 0)
      return g_object_ref (g_ptr_array_index (sources, i));
  return NULL;
}

static void
remove_source_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  FmWindow *self = FM_WINDOW (widget);
  g_autoptr(FmSource) source = find_source (self, g_variant_get_string (param, NULL));
  g_autoptr(GError) error = NULL;
  g_autoptr(FmSource) copy = NULL;

  if (source == NULL)
    return;
  copy = fm_source_copy (source);
  if (!fm_store_remove_source (self->store, source, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The source could not be removed: %s"),
                                                  error->message);
      toast (self, message);
      return;
    }
  clear_undo (self);
  self->undo_kind = UNDO_SOURCE;
  self->undo_source = g_steal_pointer (&copy);
  offer_undo (self, _("Source removed"));
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  FmWindow *self = FM_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (self->undo_kind == UNDO_CLAIM)
    {
      g_autoptr(FmClaim) restored = fm_store_insert_claim (self->store, self->undo_claim,
                                                           self->undo_sources, &error);
      if (restored != NULL)
        fm_claim_panel_set_selected_claim (self->claim_panel, restored);
    }
  else if (self->undo_kind == UNDO_SOURCE)
    {
      g_autoptr(FmSource) restored = fm_store_restore_source (self->store, self->undo_source,
                                                              &error);
    }
  clear_undo (self);
  if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("It could not be put back: %s"),
                                                  error->message);
      toast (self, message);
    }
}

static void
add_source_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  FmWindow *self = FM_WINDOW (widget);
  FmClaim *claim = fm_claim_panel_get_selected_claim (self->claim_panel);
  FmSourceDialog *dialog;

  if (claim == NULL)
    return;
  dialog = fm_source_dialog_new (GTK_WINDOW (self), self->store, fm_claim_get_id (claim), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
set_verdict_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  FmWindow *self = FM_WINDOW (widget);
  FmClaim *claim = fm_claim_panel_get_selected_claim (self->claim_panel);
  int verdict = g_variant_get_int32 (param);
  g_autoptr(GError) error = NULL;

  if (claim == NULL || verdict < 0 || verdict >= FM_N_VERDICTS)
    return;
  if (!fm_store_set_claim_verdict (self->store, claim, verdict, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The verdict could not be saved: %s"),
                                                  error->message);
      toast (self, message);
    }
}

static void
step_claim (FmWindow *self,
            int       step)
{
  FmClaim *claim = fm_claim_panel_get_selected_claim (self->claim_panel);
  guint n = self->claims ? g_list_model_get_n_items (G_LIST_MODEL (self->claims)) : 0;
  int position;
  g_autoptr(FmClaim) next = NULL;

  if (n == 0)
    return;
  position = claim ? fm_claim_list_find (self->claims, fm_claim_get_id (claim)) : -1;
  if (position < 0)
    position = step > 0 ? 0 : (int)n - 1;
  else
    position = CLAMP (position + step, 0, (int)n - 1);
  next = g_list_model_get_item (G_LIST_MODEL (self->claims), position);
  fm_claim_panel_set_selected_claim (self->claim_panel, next);
}

static void
next_claim_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  step_claim (FM_WINDOW (widget), 1);
}

static void
previous_claim_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  step_claim (FM_WINDOW (widget), -1);
}

static void
edit_summary_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  FmWindow *self = FM_WINDOW (widget);

  if (adw_flap_get_folded (self->flap))
    adw_flap_set_reveal_flap (self->flap, TRUE);
  fm_claim_panel_focus_summary (self->claim_panel);
}

static void
toggle_claims_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  FmWindow *self = FM_WINDOW (widget);

  if (adw_flap_get_folded (self->flap))
    adw_flap_set_reveal_flap (self->flap, !adw_flap_get_reveal_flap (self->flap));
  else
    fm_claim_panel_focus_list (self->claim_panel);
}

/* View */

static void
zoom (FmWindow *self,
      double    step)
{
  double scale = g_settings_get_double (self->settings, "text-scale");

  scale = step == 0 ? 1.0 : CLAMP (round ((scale + step) * 10) / 10, ZOOM_MIN, ZOOM_MAX);
  g_settings_set_double (self->settings, "text-scale", scale);
}

static void
zoom_in_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  zoom (FM_WINDOW (widget), ZOOM_STEP);
}

static void
zoom_out_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  zoom (FM_WINDOW (widget), -ZOOM_STEP);
}

static void
zoom_reset_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  zoom (FM_WINDOW (widget), 0);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  FmWindow *self = FM_WINDOW (widget);

  /* In the review list, Ctrl+F searches the claims */
  if (is_reviewing (self))
    {
      fm_review_view_focus_search (ensure_review_view (self));
      return;
    }
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, "sidebar");
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* The shortcuts window (Ctrl+?), built the first time it is asked for
 * rather than with every window: GtkShortcutsWindow makes a widget with a
 * tooltip for each shortcut, which took about 15 ms of each startup */
static void
show_shortcuts_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (widget);
  GtkShortcutsWindow *shortcuts = gtk_application_window_get_help_overlay (window);

  if (shortcuts == NULL)
    {
      g_autoptr(GtkBuilder) builder =
        gtk_builder_new_from_resource ("/org/factmark/Factmark/fm-shortcuts-window.ui");

      shortcuts = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      /* Transient for this window, hidden rather than destroyed when closed */
      gtk_application_window_set_help_overlay (window, shortcuts);
    }
  gtk_window_present (GTK_WINDOW (shortcuts));
}

static void
show_sidebar_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  adw_leaflet_set_visible_child_name (FM_WINDOW (widget)->leaflet, "sidebar");
}

static void
on_search_changed (FmWindow *self)
{
  gtk_string_filter_set_search (self->filter, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

/* Sidebar rows */

static void
setup_article_row (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   FmWindow                 *self)
{
  gtk_list_item_set_child (item, fm_article_row_new ());
}

static void
bind_article_row (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  FmWindow                 *self)
{
  fm_article_row_set_article (FM_ARTICLE_ROW (gtk_list_item_get_child (item)), self->store,
                              gtk_list_item_get_item (item));
}

static void
unbind_article_row (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    FmWindow                 *self)
{
  fm_article_row_set_article (FM_ARTICLE_ROW (gtk_list_item_get_child (item)), NULL, NULL);
}

/* The editor's desk: the review list, and the workflow steps */

static void
update_review_title (FmWindow *self)
{
  if (!is_reviewing (self))
    return;
  adw_window_title_set_title (self->title, _("Review"));
  adw_window_title_set_subtitle (self->title, fm_review_view_get_subtitle (ensure_review_view (self)));
  gtk_window_set_title (GTK_WINDOW (self), _("Review"));
}

static void
update_review_badge (FmWindow *self)
{
  guint n = 0;

  if (self->review_view != NULL)
    n = fm_review_view_get_n_waiting (self->review_view);
  else if (self->store != NULL)
    {
      /* The count the review list keeps once it is built */
      FmClaimQuery all = FM_CLAIM_QUERY_INIT;
      guint counts[FM_N_STATUSES] = { 0 };

      if (fm_store_count_query_by_status (self->store, &all, counts, NULL))
        n = counts[FM_STATUS_NEEDS_REVIEW];
    }
  g_autofree char *text = g_strdup_printf ("%u", n);
  g_autofree char *tip = g_strdup_printf (ngettext ("%u claim waits for review",
                                                    "%u claims wait for review", n), n);

  gtk_label_set_text (self->review_badge, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->review_badge), tip);
  gtk_widget_set_visible (GTK_WIDGET (self->review_badge), n > 0);
}

static void
show_review (FmWindow *self)
{
  if (self->store == NULL)
    return;
  /* What was typed for the claim is saved before it goes out of sight */
  fm_claim_panel_flush (self->claim_panel);
  ensure_review_view (self);
  gtk_stack_set_visible_child_name (self->stack, "review");
  self->showing = TRUE;
  gtk_single_selection_set_selected (self->article_selection, GTK_INVALID_LIST_POSITION);
  self->showing = FALSE;
  gtk_list_box_select_row (self->review_entry, self->review_row);
  gtk_widget_set_visible (self->back_to_review_button, FALSE);
  update_review_title (self);
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
  update_actions (self);
  fm_review_view_focus_list (ensure_review_view (self));
}

/* Back to the article page (from show_article) */
static void
leave_review (FmWindow *self)
{
  const char *site;

  gtk_list_box_unselect_all (self->review_entry);
  gtk_widget_set_visible (self->back_to_review_button, self->from_review);
  if (self->article == NULL || !is_reviewing (self))
    return;
  site = fm_article_get_site_name (self->article);
  adw_window_title_set_title (self->title, fm_article_get_title (self->article));
  adw_window_title_set_subtitle (self->title, site ? site : "");
  gtk_window_set_title (GTK_WINDOW (self), fm_article_get_title (self->article));
  gtk_stack_set_visible_child_name (self->stack, "article");
  update_actions (self);
}

static void
review_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  show_review (FM_WINDOW (widget));
}

static void
on_review_claim_activated (FmWindow *self,
                           FmClaim  *claim)
{
  self->from_review = TRUE;
  if (!fm_window_show_article (self, fm_claim_get_article_id (claim)))
    return;
  fm_claim_panel_set_selected_claim (self->claim_panel, claim);
  if (adw_flap_get_folded (self->flap))
    adw_flap_set_reveal_flap (self->flap, TRUE);
  gtk_widget_set_visible (self->back_to_review_button, TRUE);
}

static void
workflow_notify (GtkWindow  *window,
                 const char *message)
{
  toast (FM_WINDOW (window), message);
}

static FmClaim *
workflow_claim (FmWindow *self)
{
  FmClaim *claim = is_reviewing (self) ? NULL : fm_claim_panel_get_selected_claim (self->claim_panel);

  /* The step is taken on what the editor sees, typing included */
  if (claim != NULL)
    fm_claim_panel_flush (self->claim_panel);
  return claim;
}

static void
submit_claim_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  FmWindow *self = FM_WINDOW (widget);
  FmClaim *claim = workflow_claim (self);

  if (claim != NULL)
    fm_workflow_submit (GTK_WINDOW (self), self->store, claim, workflow_notify);
}

static void
approve_claim_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  FmWindow *self = FM_WINDOW (widget);
  FmClaim *claim = workflow_claim (self);

  if (claim != NULL)
    fm_workflow_approve (GTK_WINDOW (self), self->store, claim, workflow_notify);
}

static void
request_changes_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  FmWindow *self = FM_WINDOW (widget);
  FmClaim *claim = workflow_claim (self);

  if (claim != NULL)
    fm_workflow_request_changes (GTK_WINDOW (self), self->store, claim, workflow_notify);
}

static void
on_store_claim_changed (FmWindow   *self,
                        FmClaim    *claim,
                        const char *field)
{
  /* The steps follow the selected claim's status */
  if (claim == fm_claim_panel_get_selected_claim (self->claim_panel))
    update_actions (self);
}

/* The review list is built when it is first needed, or once the window
 * has shown what it opened with, rather than with the window: a table of
 * nine columns, its filters and its queries are work the first picture of
 * an article does not show (about 10 ms at startup, and a frame later if
 * it is built between two frames). The sidebar's badge is counted by the
 * window until then. */
static FmReviewView *
ensure_review_view (FmWindow *self)
{
  if (self->review_view != NULL)
    return self->review_view;

  g_clear_handle_id (&self->review_source, g_source_remove);
  self->review_view = FM_REVIEW_VIEW (fm_review_view_new ());
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->review_view), "review");
  g_signal_connect_object (self->review_view, "claim-activated",
                           G_CALLBACK (on_review_claim_activated), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->review_view, "notify::n-waiting",
                           G_CALLBACK (update_review_badge), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->review_view, "notify::subtitle",
                           G_CALLBACK (update_review_title), self, G_CONNECT_SWAPPED);
  fm_review_view_set_store (self->review_view, self->store);
  update_review_badge (self);
  return self->review_view;
}

/* No new frame for this long: the window shows what it opened with */
#define REVIEW_BUILD_QUIET_MS 250
/* Frames that may put it off (an animation can go on for long) */
#define REVIEW_BUILD_MAX_DELAYS 30

static gboolean
build_review_view (gpointer user_data)
{
  FmWindow *self = user_data;

  self->review_source = 0;
  if (self->paint_handler != 0)
    g_clear_signal_handler (&self->paint_handler, gtk_widget_get_frame_clock (GTK_WIDGET (self)));
  ensure_review_view (self);
  return G_SOURCE_REMOVE;
}

static void
on_after_paint (GdkFrameClock *clock,
                FmWindow      *self)
{
  if (self->review_view != NULL || self->review_delays >= REVIEW_BUILD_MAX_DELAYS)
    return;
  self->review_delays++;
  g_clear_handle_id (&self->review_source, g_source_remove);
  self->review_source = g_timeout_add (REVIEW_BUILD_QUIET_MS, build_review_view, self);
}

static void
on_realize (FmWindow *self)
{
  if (self->review_view == NULL && self->paint_handler == 0)
    self->paint_handler = g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (self)),
                                            "after-paint", G_CALLBACK (on_after_paint), self);
}

static void
on_unrealize (FmWindow *self)
{
  if (self->paint_handler != 0)
    g_clear_signal_handler (&self->paint_handler, gtk_widget_get_frame_clock (GTK_WIDGET (self)));
}

static void
init_review (FmWindow *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  static const struct {
    guint       key;
    const char *action;
  } steps[] = {
    { GDK_KEY_u, "win.submit-claim" },
    { GDK_KEY_a, "win.approve-claim" },
    { GDK_KEY_r, "win.request-changes" },
  };

  g_signal_connect_object (self->review_entry, "row-activated", G_CALLBACK (show_review), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect (self, "realize", G_CALLBACK (on_realize), NULL);
  g_signal_connect (self, "unrealize", G_CALLBACK (on_unrealize), NULL);
  g_signal_group_connect_object (self->store_signals, "claim-changed",
                                 G_CALLBACK (on_store_claim_changed), self, G_CONNECT_SWAPPED);

  /* Before the text fields: Ctrl+Shift+A is theirs otherwise ("select none") */
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
      gtk_shortcut_new (gtk_keyval_trigger_new (steps[i].key, GDK_CONTROL_MASK | GDK_SHIFT_MASK),
                        gtk_named_action_new (steps[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

/* Window */

static gboolean
fm_window_close_request (GtkWindow *window)
{
  FmWindow *self = FM_WINDOW (window);
  int width, height;

  /* Nothing typed is lost by closing */
  fm_claim_panel_flush (self->claim_panel);
  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  return GTK_WINDOW_CLASS (fm_window_parent_class)->close_request (window);
}

static void
fm_window_dispose (GObject *object)
{
  FmWindow *self = (FmWindow *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  g_clear_handle_id (&self->review_source, g_source_remove);
  dispose_sync (self);
  if (self->suggestions != NULL)
    fm_suggestions_set_article (self->suggestions, NULL, NULL);
  if (self->undo_toast != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->undo_toast), (gpointer *)&self->undo_toast);
  self->undo_toast = NULL;
  if (self->claim_panel != NULL)
    fm_claim_panel_flush (self->claim_panel);
  /* A page of the stack, which goes with the template */
  self->review_view = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), FM_TYPE_WINDOW);
  g_clear_object (&self->undo_claim);
  g_clear_pointer (&self->undo_sources, g_ptr_array_unref);
  g_clear_object (&self->undo_source);
  g_clear_object (&self->store_signals);
  g_clear_object (&self->suggestions);
  g_clear_object (&self->article_selection);
  g_clear_object (&self->articles);
  g_clear_object (&self->claims);
  g_clear_object (&self->article);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->last_toast, g_free);
  g_clear_pointer (&self->errors, g_ptr_array_unref);

  G_OBJECT_CLASS (fm_window_parent_class)->dispose (object);
}

static void
fm_window_class_init (FmWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = fm_window_dispose;
  window_class->close_request = fm_window_close_request;

  g_type_ensure (FM_TYPE_ARTICLE_VIEW);
  g_type_ensure (FM_TYPE_CLAIM_PANEL);
  g_type_ensure (FM_TYPE_REVISION_BAR);
  g_type_ensure (FM_TYPE_SUGGESTION_BAR);
  g_type_ensure (FM_TYPE_REVIEW_VIEW);
  g_type_ensure (FM_TYPE_SYNC_STATUS);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/factmark/Factmark/fm-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FmWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, FmWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, FmWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, FmWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, FmWindow, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, FmWindow, sidebar_status_title);
  gtk_widget_class_bind_template_child (widget_class, FmWindow, sidebar_status_description);
  gtk_widget_class_bind_template_child (widget_class, FmWindow, articles_view);
  gtk_widget_class_bind_template_child (widget_class, FmWindow, title);
  gtk_widget_class_bind_template_child (widget_class, FmWindow, read_only_revealer);
  gtk_widget_class_bind_template_child (widget_class, FmWindow, download_revealer);
  gtk_widget_class_bind_template_child (widget_class, FmWindow, download_label);
  gtk_widget_class_bind_template_child (widget_class, FmWindow, download_progress);
  gtk_widget_class_bind_template_child (widget_class, FmWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, FmWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, FmWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, FmWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, FmWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, FmWindow, article_view);
  gtk_widget_class_bind_template_child (widget_class, FmWindow, claim_panel);
  gtk_widget_class_bind_template_child (widget_class, FmWindow, revision_bar);
  gtk_widget_class_bind_template_child (widget_class, FmWindow, suggestion_bar);
  gtk_widget_class_bind_template_child (widget_class, FmWindow, review_entry);
  gtk_widget_class_bind_template_child (widget_class, FmWindow, review_row);
  gtk_widget_class_bind_template_child (widget_class, FmWindow, review_badge);
  gtk_widget_class_bind_template_child (widget_class, FmWindow, back_to_review_button);
  gtk_widget_class_bind_template_child (widget_class, FmWindow, add_claim_button);
  gtk_widget_class_bind_template_child (widget_class, FmWindow, panel_button);
  gtk_widget_class_bind_template_child (widget_class, FmWindow, suggest_button);
  gtk_widget_class_bind_template_child (widget_class, FmWindow, sync_status);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-workspace", NULL, open_workspace_action);
  gtk_widget_class_install_action (widget_class, "win.paste-article", NULL, paste_article_action);
  gtk_widget_class_install_action (widget_class, "win.open-url", NULL, open_url_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-download", NULL, cancel_download_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.open-uri", "s", open_uri_action);
  gtk_widget_class_install_action (widget_class, "win.add-claim", NULL, add_claim_action);
  gtk_widget_class_install_action (widget_class, "win.delete-claim", NULL, delete_claim_action);
  gtk_widget_class_install_action (widget_class, "win.add-source", NULL, add_source_action);
  gtk_widget_class_install_action (widget_class, "win.remove-source", "s", remove_source_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.set-verdict", "i", set_verdict_action);
  gtk_widget_class_install_action (widget_class, "win.next-claim", NULL, next_claim_action);
  gtk_widget_class_install_action (widget_class, "win.previous-claim", NULL, previous_claim_action);
  gtk_widget_class_install_action (widget_class, "win.edit-summary", NULL, edit_summary_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-claims", NULL, toggle_claims_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, zoom_reset_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL, show_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, show_shortcuts_action);
  gtk_widget_class_install_action (widget_class, "win.review", NULL, review_action);
  gtk_widget_class_install_action (widget_class, "win.submit-claim", NULL, submit_claim_action);
  gtk_widget_class_install_action (widget_class, "win.approve-claim", NULL, approve_claim_action);
  gtk_widget_class_install_action (widget_class, "win.request-changes", NULL, request_changes_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.open-url", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.paste-article", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.add-claim", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK, "win.add-source", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "win.next-claim", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Down, GDK_ALT_MASK, "win.next-claim", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "win.previous-claim", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Up, GDK_ALT_MASK, "win.previous-claim", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "win.edit-summary", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-claims", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "win.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK, "win.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  install_revision_actions (widget_class);
  install_sync_actions (widget_class);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.review", NULL);
}

static void
fm_window_init (FmWindow *self)
{
  GtkListItemFactory *factory;
  GtkFilterListModel *filtered;
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* The menu button takes the focus on the button inside it */
  fm_a11y_name_from_tooltip (GTK_WIDGET (self->menu_button));
  self->cancellable = g_cancellable_new ();
  self->errors = g_ptr_array_new_with_free_func (g_free);
  self->settings = g_settings_new (APP_ID);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  g_settings_bind (self->settings, "text-scale", self->article_view, "text-scale",
                   G_SETTINGS_BIND_GET);

  /* Sidebar: every article, newest first, filtered by title */
  self->articles = g_list_store_new (FM_TYPE_ARTICLE);
  self->filter = gtk_string_filter_new (gtk_property_expression_new (FM_TYPE_ARTICLE, NULL, "title"));
  gtk_string_filter_set_ignore_case (self->filter, TRUE);
  gtk_string_filter_set_match_mode (self->filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->articles)),
                                        GTK_FILTER (self->filter));
  self->article_selection = gtk_single_selection_new (G_LIST_MODEL (filtered));
  gtk_single_selection_set_autoselect (self->article_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->article_selection, TRUE);
  g_signal_connect_object (self->article_selection, "notify::selected-item",
                           G_CALLBACK (on_article_selected), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->article_selection, "items-changed",
                           G_CALLBACK (update_sidebar_state), self, G_CONNECT_SWAPPED);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_article_row), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_article_row), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (unbind_article_row), self, 0);
  gtk_list_view_set_factory (self->articles_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->articles_view, GTK_SELECTION_MODEL (self->article_selection));
  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (on_search_changed),
                           self, G_CONNECT_SWAPPED);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));

  self->store_signals = g_signal_group_new (FM_TYPE_STORE);
  g_signal_group_connect_object (self->store_signals, "article-added",
                                 G_CALLBACK (on_article_added), self, G_CONNECT_SWAPPED);

  /* The two views select the same claim */
  g_object_bind_property (self->claim_panel, "selected-claim", self->article_view,
                          "selected-claim", G_BINDING_BIDIRECTIONAL);
  g_signal_connect_object (self->claim_panel, "notify::selected-claim",
                           G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->article_view, "notify::has-selection",
                           G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->article_view, "notify::text-scale",
                           G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  fm_claim_panel_add_verdict_keys (GTK_WIDGET (fm_article_view_get_text_view (self->article_view)));
  init_revision_parts (self);
  init_review (self);
  init_sync (self);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (drop, "drop", G_CALLBACK (on_drop), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  update_actions (self);
}

FmWindow *
fm_window_new (FmApplication *app,
               FmStore       *store,
               const GError  *error)
{
  FmWindow *self = g_object_new (FM_TYPE_WINDOW, "application", app, NULL);

  if (store == NULL)
    adw_status_page_set_description (self->error_page, error ? error->message : NULL);
  fm_window_set_store (self, store);
  /* Reading first: the keys that move between claims work from there */
  if (self->article != NULL)
    gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (fm_article_view_get_text_view (self->article_view)));
  return self;
}

GtkWidget *fm_window_get_article_view (FmWindow *self) { return GTK_WIDGET (self->article_view); }
GtkWidget *fm_window_get_claim_panel (FmWindow *self) { return GTK_WIDGET (self->claim_panel); }
GtkWidget *fm_window_get_articles_view (FmWindow *self) { return GTK_WIDGET (self->articles_view); }
GtkWidget *fm_window_get_search_entry (FmWindow *self) { return GTK_WIDGET (self->search_entry); }
GtkWidget *fm_window_get_error_dialog (FmWindow *self) { return GTK_WIDGET (self->error_dialog); }
const char *fm_window_get_last_toast (FmWindow *self) { return self->last_toast; }

/* Revisions and suggestions (issue 8)
 *
 * A new version of an article comes in through the same import as a new
 * article (the store decides by canonical address), or through Import New
 * Version, which says which article it is a version of. The revision bar
 * above the article says what changed; the claim editor and the bar's
 * unplaced list confirm or place claims through the actions below.
 * Suggestions are examined by FmSuggestions and shown by the article view
 * and the suggestion bar; accepting and dismissing go through the store.
 */

GtkWidget *fm_window_get_revision_bar (FmWindow *self) { return GTK_WIDGET (self->revision_bar); }
GtkWidget *fm_window_get_suggestion_bar (FmWindow *self) { return GTK_WIDGET (self->suggestion_bar); }
FmSuggestions *fm_window_get_suggestions (FmWindow *self) { return self->suggestions; }

static void
update_revision_actions (FmWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean writable = is_writable (self);
  gboolean has_article = self->article != NULL && !is_reviewing (self);
  gboolean active = self->suggestions != NULL && fm_suggestions_get_active (self->suggestions);
  gboolean has_current = active && fm_suggestions_get_current (self->suggestions) >= 0;
  guint n_suggestions = active ? fm_suggestions_get_n_items (self->suggestions) : 0;

  gtk_widget_action_set_enabled (widget, "win.import-version", writable && has_article);
  gtk_widget_action_set_enabled (widget, "win.show-changes", has_article && self->revision > 1);
  gtk_widget_action_set_enabled (widget, "win.confirm-claim", writable && has_article);
  gtk_widget_action_set_enabled (widget, "win.place-claim",
                                 writable && has_article &&
                                 fm_article_view_get_has_selection (self->article_view));
  gtk_widget_action_set_enabled (widget, "win.suggest-claims", has_article);
  gtk_widget_action_set_enabled (widget, "win.hide-suggestions", active);
  gtk_widget_action_set_enabled (widget, "win.accept-suggestion", writable && has_current);
  gtk_widget_action_set_enabled (widget, "win.dismiss-suggestion", writable && has_current);
  gtk_widget_action_set_enabled (widget, "win.next-suggestion", n_suggestions > 0);
  gtk_widget_action_set_enabled (widget, "win.previous-suggestion", n_suggestions > 0);
}

/* The article shown (or none) to the revision bar and the suggestions */
static void
show_revision_parts (FmWindow *self)
{
  self->revision = self->article != NULL ?
                   fm_store_get_article_revision (self->store, fm_article_get_id (self->article),
                                                  NULL, NULL) : 0;
  fm_revision_bar_set_claims (self->revision_bar, self->article ? self->claims : NULL);
  if (self->suggestions != NULL)
    fm_suggestions_set_article (self->suggestions, self->article ? self->store : NULL, self->article);
}

static void
import_and_show (FmWindow   *self,
                 FmArticle  *imported,
                 const char *name,
                 const char *version_of)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FmArticle) stored = NULL;
  FmArticleAddition addition = FM_ARTICLE_ADDITION_NEW;
  FmRevisionSummary summary = { 0 };
  g_autofree char *message = NULL;

  stored = fm_store_import_article (self->store, imported, version_of, &addition, &summary, &error);
  if (stored == NULL)
    {
      show_import_error (self, name, error);
      return;
    }
  if (addition == FM_ARTICLE_ADDITION_REVISED)
    fm_revision_bar_add_summary (self->revision_bar, fm_article_get_id (stored), &summary);
  show_article (self, stored);

  switch (addition)
    {
    case FM_ARTICLE_ADDITION_EXISTED:
      if (version_of != NULL)
        message = g_strdup_printf (_("“%s” already has this text: nothing changed"),
                                   fm_article_get_title (stored));
      else
        message = g_strdup_printf (_("“%s” was already in the workspace"),
                                   fm_article_get_title (stored));
      break;
    case FM_ARTICLE_ADDITION_REVISED:
      /* TRANSLATORS: after importing a new version: "“Title” is now at version 2" */
      message = g_strdup_printf (_("“%s” is now at version %u"), fm_article_get_title (stored),
                                 summary.revision);
      break;
    case FM_ARTICLE_ADDITION_NEW:
    default:
      break;
    }
  if (message != NULL)
    toast (self, message);
}

/* After a new version: the text, the highlights and the claims' order
 * change, once every claim has its new place (the store tells of them
 * one by one after ::article-revised) */
static gboolean
reload_article (gpointer user_data)
{
  FmWindow *self = user_data;
  g_autoptr(FmArticle) article = NULL;
  g_autoptr(FmClaim) selected = NULL;

  self->reload_source = 0;
  if (self->article == NULL)
    return G_SOURCE_REMOVE;
  article = g_object_ref (self->article);
  if (fm_claim_panel_get_selected_claim (self->claim_panel) != NULL)
    selected = g_object_ref (fm_claim_panel_get_selected_claim (self->claim_panel));
  /* show_article() does nothing for the article already shown */
  fm_claim_panel_flush (self->claim_panel);
  g_clear_object (&self->article);
  show_article (self, article);
  if (selected != NULL)
    fm_claim_panel_set_selected_claim (self->claim_panel, selected);
  return G_SOURCE_REMOVE;
}

static void
on_article_revised (FmWindow  *self,
                    FmArticle *article)
{
  if (self->article != NULL &&
      g_strcmp0 (fm_article_get_id (article), fm_article_get_id (self->article)) == 0 &&
      self->reload_source == 0)
    self->reload_source = g_idle_add (reload_article, self);
}

/* Import New Version */

typedef struct
{
  FmWindow *self;
  char     *name;
  char     *version_of;
} VersionData;

static void
import_version_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  VersionData *data = user_data;
  g_autoptr(FmWindow) self = data->self;
  g_autofree char *name = data->name;
  g_autofree char *version_of = data->version_of;
  g_autoptr(GError) error = NULL;
  g_autoptr(FmArticle) imported = fm_import_file_finish (result, &error);

  g_free (data);
  self->n_pending--;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->store == NULL)
    return;
  if (imported == NULL)
    show_import_error (self, name, error);
  else
    import_and_show (self, imported, name, version_of);
}

void
fm_window_import_version (FmWindow   *self,
                          GFile      *file,
                          const char *article_id)
{
  VersionData *data;

  g_return_if_fail (FM_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (article_id != NULL);

  if (!is_writable (self))
    {
      g_autoptr(GError) error = g_error_new_literal (FM_STORE_ERROR, FM_STORE_ERROR_READ_ONLY,
                                                     _("The workspace is read-only, so no new version can be added to it"));
      g_autofree char *name = g_file_get_basename (file);

      show_import_error (self, name, error);
      return;
    }
  data = g_new0 (VersionData, 1);
  data->self = g_object_ref (self);
  data->name = g_file_get_basename (file);
  data->version_of = g_strdup (article_id);
  self->n_pending++;
  fm_import_file_async (file, FM_IMPORT_FLAGS_NONE, self->cancellable, import_version_cb, data);
}

static void
on_version_response (FmWindow             *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      const char *article_id = g_object_get_data (G_OBJECT (chooser), "fm-article-id");

      if (file != NULL)
        fm_window_import_version (self, file, article_id);
    }
  g_object_unref (chooser);
}

static void
import_version_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  FmWindow *self = FM_WINDOW (widget);
  const char *target = g_variant_get_string (param, NULL);
  g_autoptr(FmArticle) article = NULL;
  g_autofree char *title = NULL;
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) articles = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  /* No target: the article shown */
  if (*target == '\0' && self->article != NULL)
    target = fm_article_get_id (self->article);
  if (*target == '\0' || (article = fm_store_get_article (self->store, target, NULL)) == NULL)
    return;

  /* TRANSLATORS: title of the file chooser; %s is the article's title */
  title = g_strdup_printf (_("New Version of “%s”"), fm_article_get_title (article));
  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Import"), _("_Cancel"));
  gtk_file_filter_set_name (articles, _("Web pages and text files"));
  gtk_file_filter_add_suffix (articles, "html");
  gtk_file_filter_add_suffix (articles, "htm");
  gtk_file_filter_add_suffix (articles, "txt");
  gtk_file_filter_add_mime_type (articles, "text/html");
  gtk_file_filter_add_mime_type (articles, "text/plain");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), articles);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  g_object_set_data_full (G_OBJECT (chooser), "fm-article-id", g_strdup (target), g_free);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_version_response), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
show_changes_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  FmWindow *self = FM_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  FmDiffWindow *diff;

  if (self->article == NULL || self->revision < 2)
    return;
  diff = fm_diff_window_new (GTK_WINDOW (self), self->store, fm_article_get_id (self->article),
                             self->revision - 1, &error);
  if (diff == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The changes could not be shown: %s"),
                                                  error->message);
      toast (self, message);
      return;
    }
  gtk_window_present (GTK_WINDOW (diff));
}

/* The claim a confirm or place button is for: its target, else the selected one */
static FmClaim *
target_claim (FmWindow *self,
              GVariant *param)
{
  const char *id = param ? g_variant_get_string (param, NULL) : "";
  FmClaim *selected = fm_claim_panel_get_selected_claim (self->claim_panel);

  if (*id == '\0')
    return selected ? g_object_ref (selected) : NULL;
  return fm_store_get_claim (self->store, id, NULL);
}

static void
confirm_claim_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  FmWindow *self = FM_WINDOW (widget);
  g_autoptr(FmClaim) claim = target_claim (self, param);
  g_autoptr(GError) error = NULL;

  if (claim == NULL)
    return;
  if (!fm_store_confirm_claim_anchor (self->store, claim, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The claim’s place could not be confirmed: %s"),
                                                  error->message);
      toast (self, message);
    }
}

static void
place_claim_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  FmWindow *self = FM_WINDOW (widget);
  g_autoptr(FmClaim) claim = target_claim (self, param);
  g_autoptr(GError) error = NULL;
  guint start, end;
  int number;

  if (claim == NULL)
    return;
  if (!fm_article_view_get_selection_span (self->article_view, &start, &end))
    {
      toast (self, _("Select the words of the claim in the article first"));
      return;
    }
  if (!fm_store_place_claim (self->store, claim, start, end, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The claim could not be placed: %s"),
                                                  error->message);
      toast (self, message);
      return;
    }
  number = self->claims ? fm_claim_list_find (self->claims, fm_claim_get_id (claim)) + 1 : 0;
  {
    g_autofree char *message = g_strdup_printf (_("Claim %d placed on the selected words"), number);

    toast (self, message);
  }
  fm_claim_panel_set_selected_claim (self->claim_panel, claim);
}

/* Suggestions */

static void
suggest_claims_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  FmWindow *self = FM_WINDOW (widget);

  fm_suggestions_run (self->suggestions);
  /* Where the keys that accept and dismiss work */
  gtk_widget_grab_focus (GTK_WIDGET (fm_article_view_get_text_view (self->article_view)));
}

static void
hide_suggestions_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  fm_suggestions_clear (FM_WINDOW (widget)->suggestions);
}

static void
accept_suggestion_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  FmWindow *self = FM_WINDOW (widget);
  int current = fm_suggestions_get_current (self->suggestions);
  g_autoptr(FmClaim) claim = NULL;
  g_autoptr(GError) error = NULL;

  if (current < 0)
    return;
  /* The next suggestion becomes the current one: accepting them in turn is one key each */
  claim = fm_suggestions_accept (self->suggestions, current, &error);
  if (claim == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The suggestion could not be made a claim: %s"),
                                                  error->message);
      toast (self, message);
    }
}

static void
dismiss_suggestion_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  FmWindow *self = FM_WINDOW (widget);
  int current = fm_suggestions_get_current (self->suggestions);
  g_autoptr(GError) error = NULL;

  if (current >= 0 && !fm_suggestions_dismiss (self->suggestions, current, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The suggestion could not be dismissed: %s"),
                                                  error->message);
      toast (self, message);
    }
}

static void
step_suggestion (FmWindow *self,
                 int       step)
{
  fm_suggestions_step (self->suggestions, step,
                       fm_article_view_get_cursor_offset (self->article_view));
}

static void
next_suggestion_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  step_suggestion (FM_WINDOW (widget), 1);
}

static void
previous_suggestion_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  step_suggestion (FM_WINDOW (widget), -1);
}

static void
install_revision_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.import-version", "s", import_version_action);
  gtk_widget_class_install_action (widget_class, "win.show-changes", NULL, show_changes_action);
  gtk_widget_class_install_action (widget_class, "win.confirm-claim", "s", confirm_claim_action);
  gtk_widget_class_install_action (widget_class, "win.place-claim", "s", place_claim_action);
  gtk_widget_class_install_action (widget_class, "win.suggest-claims", NULL, suggest_claims_action);
  gtk_widget_class_install_action (widget_class, "win.hide-suggestions", NULL, hide_suggestions_action);
  gtk_widget_class_install_action (widget_class, "win.accept-suggestion", NULL, accept_suggestion_action);
  gtk_widget_class_install_action (widget_class, "win.dismiss-suggestion", NULL, dismiss_suggestion_action);
  gtk_widget_class_install_action (widget_class, "win.next-suggestion", NULL, next_suggestion_action);
  gtk_widget_class_install_action (widget_class, "win.previous-suggestion", NULL, previous_suggestion_action);

  /* F7, as a word processor's check; F8 then goes through what it found */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F7, 0, "win.suggest-claims", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F8, 0, "win.next-suggestion", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F8, GDK_SHIFT_MASK,
                                       "win.previous-suggestion", NULL);
}

static void
init_revision_parts (FmWindow *self)
{
  self->suggestions = fm_suggestions_new ();
  fm_article_view_set_suggestions (self->article_view, self->suggestions);
  fm_suggestion_bar_set_suggestions (self->suggestion_bar, self->suggestions);
  g_signal_connect_object (self->suggestions, "changed", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->suggestions, "notify", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->store_signals, "article-revised",
                                 G_CALLBACK (on_article_revised), self, G_CONNECT_SWAPPED);
  /* The unplaced list and Review Next select claims as the list does */
  g_object_bind_property (self->claim_panel, "selected-claim", self->revision_bar,
                          "selected-claim", G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
}

/* The editor's desk */
GtkWidget *fm_window_get_review_view (FmWindow *self) { return GTK_WIDGET (ensure_review_view (self)); }
gboolean fm_window_is_reviewing (FmWindow *self) { return is_reviewing (self); }
GtkWidget *fm_window_get_review_badge (FmWindow *self) { return GTK_WIDGET (self->review_badge); }

/* Sync (issue 11)
 *
 * FmSyncController decides when to sync (fm-sync-controller.c has the
 * policy) and keeps what the views show; the status at the foot of the
 * sidebar and the sync window show it. The store's signals bring what a
 * sync applies to every view, as they do for local edits.
 */

FmSyncController *fm_window_get_sync_controller (FmWindow *self) { return self->sync; }
GtkWidget *fm_window_get_sync_status (FmWindow *self) { return GTK_WIDGET (self->sync_status); }
GtkWidget *fm_window_get_sync_window (FmWindow *self) { return GTK_WIDGET (self->sync_window); }

static void
update_sync_actions (FmWindow *self)
{
  gboolean can = self->sync != NULL && is_writable (self) &&
                 !fm_sync_controller_get_running (self->sync);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync", can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-sync", self->store != NULL);
}

static void
on_sync_window_destroy (FmWindow *self)
{
  self->sync_window = NULL;
}

static void
set_sync_store (FmWindow *self,
                FmStore  *store)
{
  /* Its list belongs to the workspace that was open */
  if (self->sync_window != NULL)
    gtk_window_destroy (GTK_WINDOW (self->sync_window));
  if (self->sync != NULL)
    fm_sync_controller_set_store (self->sync, store);
}

static void
on_sync_folder_chosen (FmWindow             *self,
                       int                   response,
                       GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = folder ? g_file_get_path (folder) : NULL;

      if (path == NULL)
        toast (self, _("The sync folder must be on this computer or on a mounted drive"));
      else
        /* The controller looks at the new folder, and syncs */
        fm_sync_controller_set_folder (self->sync, folder);
    }
  g_object_unref (chooser);
}

static void
sync_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  FmWindow *self = FM_WINDOW (widget);
  GtkFileChooserNative *chooser;

  /* What is being typed goes with it */
  fm_claim_panel_flush (self->claim_panel);
  if (fm_sync_controller_sync (self->sync))
    return;
  /* No folder yet: choosing one is the first sync */
  chooser = gtk_file_chooser_native_new (_("Choose the Sync Folder"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                         _("_Sync"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_sync_folder_chosen), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_open_conflict (FmWindow       *self,
                  FmSyncConflict *conflict)
{
  const char *claim_id = fm_sync_conflict_get_claim_id (conflict);
  const char *article_id = fm_sync_conflict_get_article_id (conflict);
  g_autoptr(FmClaim) claim = claim_id ? fm_store_get_claim (self->store, claim_id, NULL) : NULL;

  if (claim != NULL)
    article_id = fm_claim_get_article_id (claim);
  self->from_review = FALSE;
  if (article_id == NULL || !fm_window_show_article (self, article_id))
    {
      toast (self, _("Its article is no longer in the workspace"));
      return;
    }
  if (claim != NULL)
    {
      fm_claim_panel_set_selected_claim (self->claim_panel, claim);
      if (adw_flap_get_folded (self->flap))
        adw_flap_set_reveal_flap (self->flap, TRUE);
    }
  else if (claim_id != NULL)
    toast (self, _("The claim is no longer in the workspace"));
  gtk_window_present (GTK_WINDOW (self));
}

static void
show_sync_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  FmWindow *self = FM_WINDOW (widget);

  if (self->sync_window == NULL)
    {
      self->sync_window = fm_sync_window_new (GTK_WINDOW (self), self->sync);
      g_signal_connect_object (self->sync_window, "destroy", G_CALLBACK (on_sync_window_destroy),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->sync_window, "open-conflict", G_CALLBACK (on_open_conflict),
                               self, G_CONNECT_SWAPPED);
    }
  gtk_window_present (GTK_WINDOW (self->sync_window));
}

/* What a sync did, in a toast: always when asked for, else when
 * something arrived (the views change under the user's eyes) or a
 * conflict was found */
static void
on_sync_finished (FmWindow     *self,
                  FmSyncResult *result,
                  const GError *error,
                  gboolean      manual)
{
  g_autoptr(GString) message = g_string_new (NULL);

  if (result == NULL)
    {
      if (manual && error != NULL)
        {
          g_autofree char *text = g_strdup_printf (_("Sync failed: %s"), error->message);
          toast (self, text);
        }
      return;
    }
  /* Refused files stay in the sidebar's status: not a toast at every sync */
  if (!manual && result->n_received == 0 && result->conflicts->len == 0)
    return;
  if (result->n_received > 0 && result->n_workspaces > 1)
    g_string_append_printf (message, ngettext ("%u change arrived from other computers",
                                               "%u changes arrived from other computers",
                                               result->n_received),
                            result->n_received);
  else if (result->n_received > 0)
    g_string_append_printf (message, ngettext ("%u change arrived from another computer",
                                               "%u changes arrived from another computer",
                                               result->n_received),
                            result->n_received);
  else if (result->n_sent > 0)
    g_string_append_printf (message, ngettext ("Synced: %u change sent", "Synced: %u changes sent",
                                               result->n_sent), result->n_sent);
  else
    g_string_append (message, _("Synced: nothing new"));
  if (result->conflicts->len > 0)
    {
      g_string_append (message, " · ");
      g_string_append_printf (message, ngettext ("%u new conflict to review",
                                                 "%u new conflicts to review",
                                                 result->conflicts->len),
                              result->conflicts->len);
    }
  if (result->problems->len > 0)
    {
      g_string_append (message, " · ");
      g_string_append_printf (message, ngettext ("%u file refused", "%u files refused",
                                                 result->problems->len),
                              result->problems->len);
    }
  toast (self, message->str);
}

static void
install_sync_actions (GtkWidgetClass *widget_class)
{
  /* Ctrl+Shift+S is the application's accelerator, so that the menu shows it */
  gtk_widget_class_install_action (widget_class, "win.sync", NULL, sync_action);
  gtk_widget_class_install_action (widget_class, "win.show-sync", NULL, show_sync_action);
}

static void
init_sync (FmWindow *self)
{
  self->sync = fm_sync_controller_new (self->settings);
  fm_sync_status_set_controller (self->sync_status, self->sync);
  g_signal_connect_object (self->sync, "notify::running", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "finished", G_CALLBACK (on_sync_finished), self,
                           G_CONNECT_SWAPPED);
}

static void
dispose_sync (FmWindow *self)
{
  if (self->sync_window != NULL)
    gtk_window_destroy (GTK_WINDOW (self->sync_window));
  if (self->sync != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->sync, self);
      fm_sync_controller_set_store (self->sync, NULL);
    }
  g_clear_object (&self->sync);
}
