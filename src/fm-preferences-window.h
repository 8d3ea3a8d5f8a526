/* fm-preferences-window.h — your name in the history, the size of the text */
#pragma once

#include <adwaita.h>

#include "fm-store.h"

G_BEGIN_DECLS

#define FM_TYPE_PREFERENCES_WINDOW (fm_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (FmPreferencesWindow, fm_preferences_window, FM, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

FmPreferencesWindow *fm_preferences_window_new (GtkWindow *parent);
/* Sync (issue 11): adds the sync folder of @store's workspace */
void                 fm_preferences_window_set_store (FmPreferencesWindow *self,
                                                      FmStore             *store);

G_END_DECLS
