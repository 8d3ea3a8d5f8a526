/* fm-application.c — the application: actions, command line, settings */
#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>

#include "fm-application.h"
#include "fm-help-window.h"
#include "fm-import.h"
#include "fm-preferences-window.h"
#include "fm-util.h"
#include "fm-window.h"

struct _FmApplication
{
  AdwApplication  parent_instance;

  char           *workspace_path;
  FmStore        *store;
  GError         *store_error;
  GThread        *store_thread;   /* opening the workspace while GTK starts */
  gboolean        open_early;     /* run from the command line */
  GSettings      *settings;
  GtkCssProvider *verdict_css;
  guint           signal_sources[3];
};

G_DEFINE_FINAL_TYPE (FmApplication, fm_application, ADW_TYPE_APPLICATION)

/* The name in the history: the one chosen in Preferences, else the account's */
static void
apply_actor (FmApplication *self)
{
  g_autofree char *name = NULL;

  if (self->store == NULL || self->settings == NULL)
    return;
  name = g_settings_get_string (self->settings, "display-name");
  g_strstrip (name);
  fm_store_set_actor (self->store, *name ? name : fm_default_actor ());
}

/* Run from the command line, the workspace is opened in a thread while
 * GTK starts up (startup()), and the window takes it from there: on the
 * first run that is creating its schema (about 10 ms, more on a slow
 * disk). Only opening happens there; the store is the main thread's once
 * the thread has been joined. Tests and benchmarks that register the
 * application themselves open what they need when they need it. */
typedef struct
{
  char    *path;
  FmStore *store;
  GError  *error;
} StoreOpening;

static gpointer
open_store_thread (gpointer data)
{
  StoreOpening *opening = data;

  opening->store = fm_store_open (opening->path, &opening->error);
  return opening;
}

static void
start_opening_store (FmApplication *self)
{
  StoreOpening *opening = g_new0 (StoreOpening, 1);

  opening->path = self->workspace_path ? g_strdup (self->workspace_path) : fm_store_default_path ();
  self->store_thread = g_thread_try_new ("factmark-open", open_store_thread, opening, NULL);
  if (self->store_thread == NULL)
    {
      /* ensure_store() opens it then */
      g_free (opening->path);
      g_free (opening);
    }
}

static void
finish_opening_store (FmApplication *self)
{
  StoreOpening *opening;

  if (self->store_thread == NULL)
    return;
  opening = g_thread_join (g_steal_pointer (&self->store_thread));
  if (self->store == NULL && self->store_error == NULL)
    {
      self->store = g_steal_pointer (&opening->store);
      self->store_error = g_steal_pointer (&opening->error);
    }
  g_clear_object (&opening->store);
  g_clear_error (&opening->error);
  g_free (opening->path);
  g_free (opening);
}

static gboolean
ensure_store (FmApplication *self)
{
  g_autofree char *path = NULL;

  if (self->store_thread != NULL)
    {
      finish_opening_store (self);
      apply_actor (self);
    }
  if (self->store != NULL || self->store_error != NULL)
    return self->store != NULL;

  path = self->workspace_path ? g_strdup (self->workspace_path) : fm_store_default_path ();
  self->store = fm_store_open (path, &self->store_error);
  apply_actor (self);
  return self->store != NULL;
}

static void
update_verdict_css (FmApplication *self)
{
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  g_autofree char *css = fm_application_verdict_css (dark);

  gtk_css_provider_load_from_data (self->verdict_css, css, -1);
}

/* The verdict colours come from fm_verdict_color(), for light and dark;
 * tests/test-contrast.c checks their contrast */
char *
fm_application_verdict_css (gboolean dark)
{
  g_autoptr(GString) css = g_string_new (NULL);

  for (guint v = 0; v < FM_N_VERDICTS; v++)
    {
      const char *id = fm_verdict_to_id (v);
      const char *color = fm_verdict_color (v, dark);

      g_string_append_printf (css,
                              ".claim-number.verdict-%s { background-color: %s; color: %s; }\n"
                              ".verdict-badge.verdict-%s { color: %s; background-color: alpha(%s, %s); }\n"
                              ".claim-quote.verdict-%s { border-left-color: %s; }\n",
                              id, color, dark ? "#1e1e1e" : "#ffffff",
                              id, color, color, "0.12",
                              id, color);
    }
  return g_string_free (g_steal_pointer (&css), FALSE);
}

static FmWindow *
get_window (FmApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      ensure_store (self);
      window = GTK_WINDOW (fm_window_new (self, self->store, self->store_error));
    }
  return FM_WINDOW (window);
}

static void
fm_application_activate (GApplication *app)
{
  FmApplication *self = FM_APPLICATION (app);

  gtk_window_present (GTK_WINDOW (get_window (self)));
}

static void
fm_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  FmApplication *self = FM_APPLICATION (app);
  FmWindow *window = get_window (self);

  for (int i = 0; i < n_files; i++)
    fm_window_open_file (window, files[i]);
  gtk_window_present (GTK_WINDOW (window));
}

static int
fm_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  FmApplication *self = FM_APPLICATION (app);
  const char *path = NULL;

  /* g_application_run() from main(): a window follows startup */
  self->open_early = TRUE;
  if (g_variant_dict_lookup (options, "workspace", "^&ay", &path))
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);

      self->workspace_path = g_file_get_path (file);
      /* Another workspace is another document: do not hand it to a
       * running instance that has its own workspace open. */
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
    }
  return -1;
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  FmApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Closing the windows lets each commit what is being typed */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;
      l = l->next;
      gtk_window_close (window);
    }
}

/* Logging out or `kill` closes the windows as Quit does, so that what is
 * being typed is committed first */
static gboolean
on_quit_signal (gpointer user_data)
{
  FmApplication *self = user_data;

  g_action_group_activate_action (G_ACTION_GROUP (self), "quit", NULL);
  return G_SOURCE_CONTINUE;
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  FmApplication *self = user_data;
  const char *developers[] = { "The Factmark developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (GTK_APPLICATION (self)),
                         "application-name", _("Factmark"),
                         "application-icon", APP_ID,
                         "developer-name", _("The Factmark developers"),
                         "version", PACKAGE_VERSION,
                         "comments", _("Annotate and fact-check articles"),
                         "developers", developers,
                         "copyright", "© 2026 The Factmark developers",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  FmApplication *self = user_data;
  FmPreferencesWindow *window =
    fm_preferences_window_new (gtk_application_get_active_window (GTK_APPLICATION (self)));

  fm_preferences_window_set_store (window, self->store);
  gtk_window_present (GTK_WINDOW (window));
}

static void
help_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  FmApplication *self = user_data;
  FmHelpWindow *window =
    fm_help_window_new (gtk_application_get_active_window (GTK_APPLICATION (self)));

  gtk_window_present (GTK_WINDOW (window));
}

static void
fm_application_startup (GApplication *app)
{
  FmApplication *self = FM_APPLICATION (app);
  static const GActionEntry actions[] = {
    { "quit", quit_action },
    { "about", about_action },
    { "preferences", preferences_action },
    { "help", help_action },
  };
  /* Accelerators the menus show; the window's other keys are its own bindings */
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.help", { "F1", NULL } },
    { "win.open", { "<Control>o", NULL } },
    { "win.paste-article", { "<Control><Shift>v", NULL } },
    { "win.sync", { "<Control><Shift>s", NULL } },
    /* The shortcuts window is built when first shown (FmWindow) */
    { "win.show-help-overlay", { "<Control>question", NULL } },
  };

  /* Only the first instance gets here, which then opens a window */
  if (self->open_early)
    start_opening_store (self);
  G_APPLICATION_CLASS (fm_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), actions, G_N_ELEMENTS (actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action,
                                           accels[i].accels);

  self->signal_sources[0] = g_unix_signal_add (SIGTERM, on_quit_signal, self);
  self->signal_sources[1] = g_unix_signal_add (SIGINT, on_quit_signal, self);
  self->signal_sources[2] = g_unix_signal_add (SIGHUP, on_quit_signal, self);

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed::display-name", G_CALLBACK (apply_actor),
                           self, G_CONNECT_SWAPPED);
  apply_actor (self);

  self->verdict_css = gtk_css_provider_new ();
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (self->verdict_css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  update_verdict_css (self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_verdict_css), self, G_CONNECT_SWAPPED);
}

static void
fm_application_shutdown (GApplication *app)
{
  FmApplication *self = FM_APPLICATION (app);

  for (guint i = 0; i < G_N_ELEMENTS (self->signal_sources); i++)
    g_clear_handle_id (&self->signal_sources[i], g_source_remove);
  finish_opening_store (self);
  G_APPLICATION_CLASS (fm_application_parent_class)->shutdown (app);
}

static void
fm_application_finalize (GObject *object)
{
  FmApplication *self = (FmApplication *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->verdict_css);
  g_clear_error (&self->store_error);
  g_clear_pointer (&self->workspace_path, g_free);

  G_OBJECT_CLASS (fm_application_parent_class)->finalize (object);
}

static void
fm_application_class_init (FmApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = fm_application_finalize;
  app_class->activate = fm_application_activate;
  app_class->open = fm_application_open;
  app_class->startup = fm_application_startup;
  app_class->shutdown = fm_application_shutdown;
  app_class->handle_local_options = fm_application_handle_local_options;
}

static void
fm_application_init (FmApplication *self)
{
  static const GOptionEntry entries[] = {
    { "workspace", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Use this workspace instead of the default"), N_("PATH") },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

FmApplication *
fm_application_new (void)
{
  return g_object_new (FM_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/org/factmark/Factmark",
                       NULL);
}

FmStore *
fm_application_get_store (FmApplication *self)
{
  g_return_val_if_fail (FM_IS_APPLICATION (self), NULL);

  ensure_store (self);
  return self->store;
}

void
fm_application_set_store (FmApplication *self,
                          FmStore       *store)
{
  g_return_if_fail (FM_IS_APPLICATION (self));
  g_return_if_fail (FM_IS_STORE (store));

  finish_opening_store (self);
  g_set_object (&self->store, store);
  g_clear_error (&self->store_error);
  apply_actor (self);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (FM_IS_WINDOW (l->data))
      fm_window_set_store (l->data, store);
}
