/* fm-sync-status.c — the foot of the sidebar: the last sync, failures, conflicts
 *
 * Shown while the workspace has a sync folder (or conflicts from one).
 * A failure stays in red until a sync succeeds; refused files and
 * conflicts open the sync window (win.show-sync).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fm-sync-status.h"

struct _FmSyncStatus
{
  GtkBox            parent_instance;

  FmSyncController *controller;
  GSignalGroup     *signals;

  GtkProgressBar   *progress_bar;
  GtkImage         *state_icon;
  GtkLabel         *status_label;
  GtkLabel         *message_label;
  GtkButton        *details_button;
  GtkButton        *sync_button;
};

G_DEFINE_FINAL_TYPE (FmSyncStatus, fm_sync_status, GTK_TYPE_BOX)

static void
update (FmSyncStatus *self)
{
  FmSyncController *c = self->controller;
  GtkWidget *icon = GTK_WIDGET (self->state_icon);
  const GError *error = c ? fm_sync_controller_get_error (c) : NULL;
  guint n_problems = c ? fm_sync_controller_get_problems (c)->len : 0;
  guint n_conflicts = c ? fm_sync_controller_get_n_conflicts (c) : 0;
  gboolean running = c && fm_sync_controller_get_running (c);
  g_autofree char *message = NULL;
  g_autofree char *details = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self),
                          c != NULL && fm_sync_controller_get_store (c) != NULL &&
                          (fm_sync_controller_get_folder (c) != NULL || n_conflicts > 0 ||
                           error != NULL));
  if (c == NULL)
    return;

  /* A failure first; the last sync that worked in the tooltip */
  gtk_label_set_text (self->status_label,
                      error && !running ? _("Sync failed") : fm_sync_controller_get_status (c));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label),
                               error && !running ? fm_sync_controller_get_status (c) : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), running);
  gtk_progress_bar_set_fraction (self->progress_bar, fm_sync_controller_get_progress (c));
  gtk_widget_set_visible (GTK_WIDGET (self->sync_button),
                          fm_sync_controller_get_folder (c) != NULL);

  gtk_widget_remove_css_class (icon, "error");
  gtk_widget_remove_css_class (icon, "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
  if (error != NULL)
    {
      gtk_image_set_from_icon_name (self->state_icon, "dialog-error-symbolic");
      gtk_widget_add_css_class (icon, "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
      message = g_strdup (error->message);
    }
  else if (n_problems > 0)
    {
      gtk_image_set_from_icon_name (self->state_icon, "dialog-warning-symbolic");
      gtk_widget_add_css_class (icon, "warning");
      message = g_strdup_printf (ngettext ("%u file in the sync folder was refused: "
                                           "nothing in it was applied",
                                           "%u files in the sync folder were refused: "
                                           "nothing in them was applied", n_problems),
                                 n_problems);
    }
  else if (n_conflicts > 0)
    {
      gtk_image_set_from_icon_name (self->state_icon, "dialog-warning-symbolic");
      gtk_widget_add_css_class (icon, "warning");
    }
  else
    gtk_image_set_from_icon_name (self->state_icon,
                                  running ? "emblem-synchronizing-symbolic" : "object-select-symbolic");
  gtk_label_set_text (self->message_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);

  if (n_conflicts > 0)
    details = g_strdup_printf (ngettext ("%u conflict to review", "%u conflicts to review",
                                         n_conflicts), n_conflicts);
  else if (n_problems > 0)
    details = g_strdup (_("Show Refused Files"));
  gtk_button_set_label (self->details_button, details ? details : "");
  gtk_widget_set_visible (GTK_WIDGET (self->details_button), details != NULL);
}

void
fm_sync_status_set_controller (FmSyncStatus     *self,
                               FmSyncController *controller)
{
  g_return_if_fail (FM_IS_SYNC_STATUS (self));
  g_return_if_fail (controller == NULL || FM_IS_SYNC_CONTROLLER (controller));

  if (!g_set_object (&self->controller, controller))
    return;
  g_signal_group_set_target (self->signals, controller);
  update (self);
}

const char *
fm_sync_status_get_text (FmSyncStatus *self)
{
  g_return_val_if_fail (FM_IS_SYNC_STATUS (self), NULL);
  return gtk_label_get_text (self->status_label);
}

const char *
fm_sync_status_get_message (FmSyncStatus *self)
{
  g_return_val_if_fail (FM_IS_SYNC_STATUS (self), NULL);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->message_label)))
    return NULL;
  return gtk_label_get_text (self->message_label);
}

const char *
fm_sync_status_get_details (FmSyncStatus *self)
{
  g_return_val_if_fail (FM_IS_SYNC_STATUS (self), NULL);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->details_button)))
    return NULL;
  return gtk_button_get_label (self->details_button);
}

GtkWidget *
fm_sync_status_get_progress_bar (FmSyncStatus *self)
{
  g_return_val_if_fail (FM_IS_SYNC_STATUS (self), NULL);
  return GTK_WIDGET (self->progress_bar);
}

static void
fm_sync_status_dispose (GObject *object)
{
  FmSyncStatus *self = (FmSyncStatus *)object;

  if (self->signals != NULL)
    g_signal_group_set_target (self->signals, NULL);
  g_clear_object (&self->signals);
  g_clear_object (&self->controller);
  gtk_widget_dispose_template (GTK_WIDGET (self), FM_TYPE_SYNC_STATUS);

  G_OBJECT_CLASS (fm_sync_status_parent_class)->dispose (object);
}

static void
fm_sync_status_class_init (FmSyncStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fm_sync_status_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/factmark/Factmark/fm-sync-status.ui");
  gtk_widget_class_bind_template_child (widget_class, FmSyncStatus, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, FmSyncStatus, state_icon);
  gtk_widget_class_bind_template_child (widget_class, FmSyncStatus, status_label);
  gtk_widget_class_bind_template_child (widget_class, FmSyncStatus, message_label);
  gtk_widget_class_bind_template_child (widget_class, FmSyncStatus, details_button);
  gtk_widget_class_bind_template_child (widget_class, FmSyncStatus, sync_button);
}

static void
fm_sync_status_init (FmSyncStatus *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->signals = g_signal_group_new (FM_TYPE_SYNC_CONTROLLER);
  g_signal_group_connect_object (self->signals, "notify", G_CALLBACK (update), self,
                                 G_CONNECT_SWAPPED);
  update (self);
}
