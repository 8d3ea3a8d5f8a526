/* fm-help-window.c — Help (F1): the tour of README.md, offline
 *
 * The text is in ui/fm-help-window.ui, translatable like the rest of the
 * app; tests/check-docs.py keeps README.md's tour the same.
 */
#include "config.h"

#include "fm-help-window.h"

struct _FmHelpWindow
{
  AdwWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (FmHelpWindow, fm_help_window, ADW_TYPE_WINDOW)

/* The shortcuts window belongs to the window Help was opened from */
static void
shortcuts_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (widget));

  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.show-help-overlay", NULL);
}

static void
fm_help_window_class_init (FmHelpWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/factmark/Factmark/fm-help-window.ui");
  gtk_widget_class_install_action (widget_class, "help.shortcuts", NULL, shortcuts_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fm_help_window_init (FmHelpWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

FmHelpWindow *
fm_help_window_new (GtkWindow *parent)
{
  return g_object_new (FM_TYPE_HELP_WINDOW,
                       "transient-for", parent,
                       "application", parent ? gtk_window_get_application (parent) : NULL,
                       NULL);
}
