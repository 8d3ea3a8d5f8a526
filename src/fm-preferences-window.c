/* fm-preferences-window.c — your name in the history, the size of the text */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "fm-a11y.h"
#include "fm-preferences-window.h"
#include "fm-sync-preferences.h"
#include "fm-util.h"

struct _FmPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  AdwPreferencesPage   *general_page;
  AdwEntryRow          *name_row;
  GtkAdjustment        *scale_adjustment;
};

G_DEFINE_FINAL_TYPE (FmPreferencesWindow, fm_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
on_name_apply (FmPreferencesWindow *self)
{
  g_autofree char *name = fm_collapse_space (gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  g_autofree char *stored = g_settings_get_string (self->settings, "display-name");

  /* The account's name shown in an empty setting is not a choice */
  if (*stored == '\0' && g_strcmp0 (name, fm_default_actor ()) == 0)
    return;
  g_settings_set_string (self->settings, "display-name", name);
}

static gboolean
percent_from_scale (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  g_value_set_double (value, round (g_variant_get_double (variant) * 100));
  return TRUE;
}

static GVariant *
scale_from_percent (const GValue       *value,
                    const GVariantType *type,
                    gpointer            user_data)
{
  return g_variant_new_double (g_value_get_double (value) / 100);
}

static void
fm_preferences_window_dispose (GObject *object)
{
  FmPreferencesWindow *self = (FmPreferencesWindow *)object;

  /* A name typed but not applied is still what the user meant */
  if (self->settings != NULL)
    on_name_apply (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), FM_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (fm_preferences_window_parent_class)->dispose (object);
}

static void
fm_preferences_window_class_init (FmPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fm_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/factmark/Factmark/fm-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FmPreferencesWindow, general_page);
  gtk_widget_class_bind_template_child (widget_class, FmPreferencesWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, FmPreferencesWindow, scale_adjustment);
}

static void
fm_preferences_window_init (FmPreferencesWindow *self)
{
  g_autofree char *name = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Search is off, but the entry is still in the accessibility tree */
  fm_a11y_name_search_entries (GTK_WIDGET (self), _("Search preferences"));
  self->settings = g_settings_new (APP_ID);

  name = g_settings_get_string (self->settings, "display-name");
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), *name ? name : fm_default_actor ());
  g_signal_connect_object (self->name_row, "apply", G_CALLBACK (on_name_apply), self,
                           G_CONNECT_SWAPPED);
  g_settings_bind_with_mapping (self->settings, "text-scale", self->scale_adjustment, "value",
                                G_SETTINGS_BIND_DEFAULT, percent_from_scale, scale_from_percent,
                                NULL, NULL);
}

FmPreferencesWindow *
fm_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (FM_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
}

/* Sync (issue 11): the folder of the workspace open in the window */
void
fm_preferences_window_set_store (FmPreferencesWindow *self,
                                 FmStore             *store)
{
  g_return_if_fail (FM_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (store == NULL || FM_IS_STORE (store));

  if (store != NULL)
    adw_preferences_page_add (self->general_page,
                              ADW_PREFERENCES_GROUP (fm_sync_preferences_new (self->settings, store)));
}
