/* fm-help-window.h — Help (F1): the tour of README.md, offline */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FM_TYPE_HELP_WINDOW (fm_help_window_get_type ())
G_DECLARE_FINAL_TYPE (FmHelpWindow, fm_help_window, FM, HELP_WINDOW, AdwWindow)

FmHelpWindow *fm_help_window_new (GtkWindow *parent);

G_END_DECLS
