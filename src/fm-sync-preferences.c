/* fm-sync-preferences.c — Preferences › Sync: the folder this workspace syncs with
 *
 * The folder is kept in GSettings per workspace id ("sync-folders"), not
 * in the workspace: it names a place on this computer (where the share,
 * the cloud folder or the stick is mounted here), two workspaces on one
 * computer may use different folders, and a workspace file that is moved
 * or opened by another path keeps its id.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fm-sync-controller.h"
#include "fm-sync-preferences.h"

struct _FmSyncPreferences
{
  AdwPreferencesGroup   parent_instance;

  GSettings            *settings;
  FmStore              *store;
  GtkFileChooserNative *chooser;

  AdwActionRow         *folder_row;
  GtkWidget            *choose_button;
  GtkWidget            *stop_button;
};

G_DEFINE_FINAL_TYPE (FmSyncPreferences, fm_sync_preferences, ADW_TYPE_PREFERENCES_GROUP)

static void
update (FmSyncPreferences *self)
{
  g_autoptr(GFile) folder = fm_sync_folder_lookup (self->settings,
                                                   fm_store_get_workspace_id (self->store));
  g_autofree char *path = folder ? g_file_get_path (folder) : NULL;
  g_autofree char *uri = folder && path == NULL ? g_file_get_uri (folder) : NULL;
  gboolean writable = !fm_store_is_read_only (self->store);

  adw_action_row_set_subtitle (self->folder_row,
                               path ? path : uri ? uri :
                               _("None: this workspace is not shared"));
  gtk_button_set_label (GTK_BUTTON (self->choose_button), folder ? _("_Change…") : _("_Choose…"));
  gtk_widget_set_visible (self->stop_button, folder != NULL);
  gtk_widget_set_sensitive (self->choose_button, writable);
  if (!writable)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                           _("This workspace is open read-only, so it cannot sync."));
}

gboolean
fm_sync_preferences_choose_folder (FmSyncPreferences  *self,
                                   GFile              *folder,
                                   GError            **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (FM_IS_SYNC_PREFERENCES (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (folder), FALSE);

  path = g_file_get_path (folder);
  if (path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("The sync folder must be on this computer or on a mounted drive"));
      return FALSE;
    }
  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY, _("%s is not a folder"), path);
      return FALSE;
    }
  fm_sync_folder_save (self->settings, fm_store_get_workspace_id (self->store), folder);
  return TRUE;
}

static void
show_error (FmSyncPreferences *self,
            const char        *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog =
    ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                _("This Folder Cannot Be Used"), message));

  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_chooser_response (FmSyncPreferences    *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GError) error = NULL;

      if (folder != NULL && !fm_sync_preferences_choose_folder (self, folder, &error))
        show_error (self, error->message);
    }
  if (self->chooser == chooser)
    g_clear_object (&self->chooser);
}

static void
on_choose_clicked (FmSyncPreferences *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GFile) current = fm_sync_folder_lookup (self->settings,
                                                    fm_store_get_workspace_id (self->store));

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Choose the Sync Folder"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                               _("_Select"), _("_Cancel"));
  if (current != NULL)
    gtk_file_chooser_set_file (GTK_FILE_CHOOSER (self->chooser), current, NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_stop_clicked (FmSyncPreferences *self)
{
  fm_sync_folder_save (self->settings, fm_store_get_workspace_id (self->store), NULL);
}

GtkNativeDialog *
fm_sync_preferences_get_chooser (FmSyncPreferences *self)
{
  g_return_val_if_fail (FM_IS_SYNC_PREFERENCES (self), NULL);
  return self->chooser ? GTK_NATIVE_DIALOG (self->chooser) : NULL;
}

static void
fm_sync_preferences_dispose (GObject *object)
{
  FmSyncPreferences *self = (FmSyncPreferences *)object;

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (fm_sync_preferences_parent_class)->dispose (object);
}

static void
fm_sync_preferences_class_init (FmSyncPreferencesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fm_sync_preferences_dispose;
}

static void
fm_sync_preferences_init (FmSyncPreferences *self)
{
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new_from_icon_name ("folder-remote-symbolic");

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Sync"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
    _("Share this workspace with other computers through a folder they all see: a network "
      "share, a cloud folder or a USB stick. Each computer keeps its own workspace; Sync "
      "(Ctrl+Shift+S) exchanges the changes, and runs by itself when the folder or this "
      "workspace changes."));

  self->folder_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->folder_row), _("Sync Folder"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->folder_row), FALSE);
  adw_action_row_add_prefix (self->folder_row, icon);

  self->choose_button = gtk_button_new_with_mnemonic (_("_Choose…"));
  self->stop_button = gtk_button_new_with_mnemonic (_("_Stop Syncing"));
  gtk_widget_set_tooltip_text (self->stop_button,
                               _("Nothing is removed: the folder and this workspace keep "
                                 "everything, and syncing can start again at any time"));
  gtk_widget_add_css_class (self->stop_button, "destructive-action");
  gtk_widget_set_valign (buttons, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (buttons), self->stop_button);
  gtk_box_append (GTK_BOX (buttons), self->choose_button);
  adw_action_row_add_suffix (self->folder_row, buttons);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (self->folder_row));

  g_signal_connect_object (self->choose_button, "clicked", G_CALLBACK (on_choose_clicked), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stop_button, "clicked", G_CALLBACK (on_stop_clicked), self,
                           G_CONNECT_SWAPPED);
}

GtkWidget *
fm_sync_preferences_new (GSettings *settings,
                         FmStore   *store)
{
  FmSyncPreferences *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (FM_IS_STORE (store), NULL);

  self = g_object_new (FM_TYPE_SYNC_PREFERENCES, NULL);
  self->settings = g_object_ref (settings);
  self->store = g_object_ref (store);
  g_signal_connect_object (settings, "changed::sync-folders", G_CALLBACK (update), self,
                           G_CONNECT_SWAPPED);
  update (self);
  return GTK_WIDGET (self);
}
