/* fm-sync-window.c — the sync folder, what went wrong, and conflicts to review
 *
 * Each conflict is one sentence (fm_sync_conflict_describe()); Show opens
 * its claim in the main window, Mark Reviewed takes it off the list (the
 * history keeps both values either way).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fm-format.h"
#include "fm-sync-window.h"

struct _FmSyncWindow
{
  AdwWindow         parent_instance;

  FmSyncController *controller;

  AdwWindowTitle   *title;
  GtkButton        *sync_button;
  GtkProgressBar   *progress_bar;
  AdwActionRow     *folder_row;
  AdwPreferencesGroup *problems_group;
  GtkListBox       *problems_list;
  AdwPreferencesGroup *conflicts_group;
  GtkListBox       *conflicts_list;
};

G_DEFINE_FINAL_TYPE (FmSyncWindow, fm_sync_window, ADW_TYPE_WINDOW)

enum {
  OPEN_CONFLICT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
toast_error (FmSyncWindow *self,
             const char   *message)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                                         _("Not Marked Reviewed"),
                                                                         message));

  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
mark_reviewed (FmSyncWindow   *self,
               FmSyncConflict *conflict)
{
  FmSync *sync = fm_sync_controller_get_sync (self->controller);
  g_autoptr(GError) error = NULL;

  if (sync != NULL && !fm_sync_mark_reviewed (sync, conflict, &error))
    toast_error (self, error->message);
}

static void
on_reviewed_clicked (GtkButton    *button,
                     FmSyncWindow *self)
{
  FmSyncConflict *conflict = g_object_get_data (G_OBJECT (button), "fm-conflict");

  mark_reviewed (self, conflict);
}

static void
on_show_clicked (GtkButton    *button,
                 FmSyncWindow *self)
{
  FmSyncConflict *conflict = g_object_get_data (G_OBJECT (button), "fm-conflict");

  g_signal_emit (self, signals[OPEN_CONFLICT], 0, conflict);
}

static GtkWidget *
make_conflict_row (gpointer item,
                   gpointer data)
{
  FmSyncWindow *self = data;
  FmSyncConflict *conflict = item;
  FmStore *store = fm_sync_controller_get_store (self->controller);
  g_autofree char *sentence = fm_sync_conflict_describe (conflict);
  g_autofree char *found = fm_format_when (fm_sync_conflict_get_detected_at (conflict));
  g_autofree char *subtitle = NULL;
  g_autoptr(FmArticle) article = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *show = gtk_button_new_with_mnemonic (_("_Show"));
  GtkWidget *reviewed = gtk_button_new_with_mnemonic (_("Mark _Reviewed"));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  if (store != NULL && fm_sync_conflict_get_article_id (conflict) != NULL)
    article = fm_store_get_article (store, fm_sync_conflict_get_article_id (conflict), NULL);
  if (article != NULL)
    /* TRANSLATORS: under a conflict: the article's title, and when the conflict was found */
    subtitle = g_strdup_printf (_("%s · found %s"), fm_article_get_title (article), found);
  else
    /* TRANSLATORS: under a conflict: when it was found */
    subtitle = g_strdup_printf (_("Found %s"), found);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), sentence);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (row, "sync-conflict");

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (show, _("Open the claim in the main window"));
  gtk_widget_set_tooltip_text (reviewed, _("Take it off this list; the history keeps both values"));
  g_object_set_data_full (G_OBJECT (show), "fm-conflict", g_object_ref (conflict), g_object_unref);
  g_object_set_data_full (G_OBJECT (reviewed), "fm-conflict", g_object_ref (conflict),
                          g_object_unref);
  g_signal_connect_object (show, "clicked", G_CALLBACK (on_show_clicked), self, 0);
  g_signal_connect_object (reviewed, "clicked", G_CALLBACK (on_reviewed_clicked), self, 0);
  gtk_box_append (GTK_BOX (box), show);
  gtk_box_append (GTK_BOX (box), reviewed);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
  /* Enter or a click on the row shows it too (::row-activated) */
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

static GtkWidget *
make_problem_row (const char *title,
                  const char *text,
                  const char *icon)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *image = gtk_image_new_from_icon_name (icon);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (image, "error");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), image);
  return row;
}

static void
update_problems (FmSyncWindow *self)
{
  const GError *error = fm_sync_controller_get_error (self->controller);
  GPtrArray *problems = fm_sync_controller_get_problems (self->controller);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->problems_list))) != NULL)
    gtk_list_box_remove (self->problems_list, child);
  if (error != NULL)
    gtk_list_box_append (self->problems_list,
                         make_problem_row (_("The last sync failed"), error->message,
                                           "dialog-error-symbolic"));
  for (guint i = 0; i < problems->len; i++)
    {
      const GError *problem = g_ptr_array_index (problems, i);
      g_autofree char *message = g_strdup (problem->message);
      char *colon = strstr (message, ": ");
      g_autofree char *name = NULL;

      /* "PATH: reason": the file's name above, the reason below */
      if (colon != NULL)
        {
          *colon = '\0';
          name = g_path_get_basename (message);
          gtk_list_box_append (self->problems_list,
                               make_problem_row (name, colon + 2, "dialog-warning-symbolic"));
        }
      else
        gtk_list_box_append (self->problems_list,
                             make_problem_row (_("A file was refused"), message,
                                               "dialog-warning-symbolic"));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->problems_group), error != NULL || problems->len > 0);
}

static void
update (FmSyncWindow *self)
{
  GFile *folder = fm_sync_controller_get_folder (self->controller);
  gboolean running = fm_sync_controller_get_running (self->controller);
  guint n = fm_sync_controller_get_n_conflicts (self->controller);
  g_autofree char *path = folder ? g_file_get_path (folder) : NULL;
  g_autofree char *uri = folder && path == NULL ? g_file_get_uri (folder) : NULL;
  g_autofree char *title = NULL;

  adw_action_row_set_subtitle (self->folder_row,
                               path ? path : uri ? uri :
                               _("None: choose one in Preferences to share this workspace"));
  adw_window_title_set_subtitle (self->title, fm_sync_controller_get_status (self->controller));
  gtk_widget_set_sensitive (GTK_WIDGET (self->sync_button),
                            fm_sync_controller_get_can_sync (self->controller) && !running);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), running);
  gtk_progress_bar_set_fraction (self->progress_bar,
                                 fm_sync_controller_get_progress (self->controller));
  if (n > 0)
    title = g_strdup_printf (ngettext ("%u Conflict", "%u Conflicts", n), n);
  adw_preferences_group_set_title (self->conflicts_group, title ? title : _("Conflicts"));
}

static void
on_controller_notify (FmSyncWindow *self,
                      GParamSpec   *pspec)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "error-message") || g_str_equal (name, "n-problems"))
    update_problems (self);
  update (self);
}

static void
on_sync_clicked (FmSyncWindow *self)
{
  fm_sync_controller_sync (self->controller);
}

static void
on_conflict_activated (FmSyncWindow  *self,
                       GtkListBoxRow *row)
{
  FmSync *sync = fm_sync_controller_get_sync (self->controller);
  g_autoptr(FmSyncConflict) conflict = NULL;

  if (sync == NULL)
    return;
  conflict = g_list_model_get_item (fm_sync_get_conflicts (sync), gtk_list_box_row_get_index (row));
  if (conflict != NULL)
    g_signal_emit (self, signals[OPEN_CONFLICT], 0, conflict);
}

GtkListBox *
fm_sync_window_get_conflicts_list (FmSyncWindow *self)
{
  g_return_val_if_fail (FM_IS_SYNC_WINDOW (self), NULL);
  return self->conflicts_list;
}

GtkListBox *
fm_sync_window_get_problems_list (FmSyncWindow *self)
{
  g_return_val_if_fail (FM_IS_SYNC_WINDOW (self), NULL);
  return self->problems_list;
}

void
fm_sync_window_mark_reviewed (FmSyncWindow *self,
                              guint         index)
{
  FmSync *sync;
  g_autoptr(FmSyncConflict) conflict = NULL;

  g_return_if_fail (FM_IS_SYNC_WINDOW (self));

  sync = fm_sync_controller_get_sync (self->controller);
  conflict = sync ? g_list_model_get_item (fm_sync_get_conflicts (sync), index) : NULL;
  if (conflict != NULL)
    mark_reviewed (self, conflict);
}

static void
fm_sync_window_dispose (GObject *object)
{
  FmSyncWindow *self = (FmSyncWindow *)object;

  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  g_clear_object (&self->controller);
  gtk_widget_dispose_template (GTK_WIDGET (self), FM_TYPE_SYNC_WINDOW);

  G_OBJECT_CLASS (fm_sync_window_parent_class)->dispose (object);
}

static void
fm_sync_window_class_init (FmSyncWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fm_sync_window_dispose;

  signals[OPEN_CONFLICT] =
    g_signal_new ("open-conflict", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, FM_TYPE_SYNC_CONFLICT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/factmark/Factmark/fm-sync-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FmSyncWindow, title);
  gtk_widget_class_bind_template_child (widget_class, FmSyncWindow, sync_button);
  gtk_widget_class_bind_template_child (widget_class, FmSyncWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, FmSyncWindow, folder_row);
  gtk_widget_class_bind_template_child (widget_class, FmSyncWindow, problems_group);
  gtk_widget_class_bind_template_child (widget_class, FmSyncWindow, problems_list);
  gtk_widget_class_bind_template_child (widget_class, FmSyncWindow, conflicts_group);
  gtk_widget_class_bind_template_child (widget_class, FmSyncWindow, conflicts_list);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fm_sync_window_init (FmSyncWindow *self)
{
  GtkWidget *empty;

  gtk_widget_init_template (GTK_WIDGET (self));
  empty = gtk_label_new (_("No conflicts to review"));
  gtk_widget_add_css_class (empty, "dim-label");
  gtk_widget_set_margin_top (empty, 18);
  gtk_widget_set_margin_bottom (empty, 18);
  gtk_list_box_set_placeholder (self->conflicts_list, empty);
  g_signal_connect_object (self->sync_button, "clicked", G_CALLBACK (on_sync_clicked), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->conflicts_list, "row-activated",
                           G_CALLBACK (on_conflict_activated), self, G_CONNECT_SWAPPED);
}

FmSyncWindow *
fm_sync_window_new (GtkWindow        *parent,
                    FmSyncController *controller)
{
  FmSyncWindow *self;
  FmSync *sync;

  g_return_val_if_fail (FM_IS_SYNC_CONTROLLER (controller), NULL);

  self = g_object_new (FM_TYPE_SYNC_WINDOW, "transient-for", parent, NULL);
  self->controller = g_object_ref (controller);
  g_signal_connect_object (controller, "notify", G_CALLBACK (on_controller_notify), self,
                           G_CONNECT_SWAPPED);
  sync = fm_sync_controller_get_sync (controller);
  if (sync != NULL)
    gtk_list_box_bind_model (self->conflicts_list, fm_sync_get_conflicts (sync),
                             make_conflict_row, self, NULL);
  update_problems (self);
  update (self);
  return self;
}
