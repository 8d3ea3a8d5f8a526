/* fm-window.h — the main window */
#pragma once

#include <adwaita.h>

#include "fm-application.h"
#include "fm-store.h"

G_BEGIN_DECLS

#define FM_TYPE_WINDOW (fm_window_get_type ())
G_DECLARE_FINAL_TYPE (FmWindow, fm_window, FM, WINDOW, AdwApplicationWindow)

/* @store may be NULL when the workspace could not be opened: @error says why */
FmWindow *fm_window_new       (FmApplication *app,
                               FmStore       *store,
                               const GError  *error);
/* Imports @file in the background and shows it; errors become a toast */
void      fm_window_open_file (FmWindow      *self,
                               GFile         *file);

G_END_DECLS
