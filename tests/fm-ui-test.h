/* fm-ui-test.h — helpers for the tests that drive the real window under Xvfb */
#pragma once

#include <adwaita.h>

#include "fm-application.h"
#include "fm-store.h"
#include "fm-test.h"
#include "fm-window.h"

/* The main loop runs until @cond is TRUE or @seconds pass */
#define WAIT_FOR_SECONDS(cond, seconds) \
  G_STMT_START { \
    gint64 _end = g_get_monotonic_time () + (seconds) * G_USEC_PER_SEC; \
    while (!(cond) && g_get_monotonic_time () < _end) \
      g_main_context_iteration (NULL, FALSE), g_usleep (1000); \
    g_assert_true (cond); \
  } G_STMT_END

#define WAIT_FOR(cond) WAIT_FOR_SECONDS (cond, FM_TEST_WAIT_SECONDS)

static inline void
fm_ui_test_run_for (guint msec)
{
  gint64 end = g_get_monotonic_time () + msec * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* One application for the whole test program, in a temporary
 * XDG_DATA_HOME that fm_ui_test_clean_up() removes */
static inline FmApplication *
fm_ui_test_start (int    *argc,
                  char ***argv,
                  char  **tmpdir)
{
  g_autoptr(GError) error = NULL;
  FmApplication *app;

  *tmpdir = fm_test_tmpdir ();
  g_setenv ("XDG_DATA_HOME", *tmpdir, TRUE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GDK_BACKEND", "x11", FALSE);
  g_test_init (argc, argv, NULL);

  app = fm_application_new ();
  /* A session bus of its own is not needed for one instance */
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_hold (G_APPLICATION (app));
  return app;
}

static inline void
fm_ui_test_clean_up (FmApplication *app,
                     char          *tmpdir)
{
  GList *windows;

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (app))) != NULL)
    gtk_window_destroy (windows->data);
  g_application_release (G_APPLICATION (app));
  g_object_unref (app);
  fm_test_rmtree (tmpdir);
  g_free (tmpdir);
}

/* The application's main window (the most recently focused one, not one of
 * its dialogs or other windows), made on first use */
static inline FmWindow *
fm_ui_test_window (FmApplication *app)
{
  for (int attempt = 0; attempt < 2; attempt++)
    {
      for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
        if (FM_IS_WINDOW (l->data))
          return FM_WINDOW (l->data);
      g_application_activate (G_APPLICATION (app));
    }
  g_assert_not_reached ();
}

/* A second connection to the default workspace file: what is on disk */
static inline FmStore *
fm_ui_test_open_disk (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fm_store_default_path ();
  FmStore *store = fm_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

/* A visible top-level window of @type (a dialog), or NULL */
static inline GtkWindow *
fm_ui_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return GTK_WINDOW (w);
    }
  return NULL;
}

/* GTK 4.8 has no getter for a widget action's state: a hidden button bound
 * to the action inside the window is sensitive exactly when it is enabled.
 * @name is "win.NAME" or just "NAME" (a window action), detailed when the
 * action takes a parameter: "place-claim('')". */
static inline gboolean
fm_ui_test_action_enabled (FmWindow   *window,
                           const char *name)
{
  GtkWidget *parent = fm_window_get_article_view (window);
  GtkWidget *probe = gtk_button_new ();
  g_autofree char *detailed = g_str_has_prefix (name, "win.") || g_str_has_prefix (name, "app.")
                                ? g_strdup (name) : g_strconcat ("win.", name, NULL);
  g_autofree char *action = NULL;
  g_autoptr(GVariant) target = NULL;
  gboolean enabled;

  gtk_widget_set_visible (probe, FALSE);
  gtk_widget_set_parent (probe, parent);
  /* The target first, or the button complains of a target of the wrong type */
  g_assert_true (g_action_parse_detailed_name (detailed, &action, &target, NULL));
  if (target != NULL)
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (probe), target);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (probe), action);
  g_main_context_iteration (NULL, FALSE);
  enabled = gtk_widget_get_sensitive (probe);
  gtk_widget_unparent (probe);
  return enabled;
}

static inline gboolean
fm_ui_test_have_program (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);

  return path != NULL;
}
