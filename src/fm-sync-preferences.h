/* fm-sync-preferences.h — Preferences › Sync: the folder this workspace syncs with */
#pragma once

#include <adwaita.h>

#include "fm-store.h"

G_BEGIN_DECLS

#define FM_TYPE_SYNC_PREFERENCES (fm_sync_preferences_get_type ())
G_DECLARE_FINAL_TYPE (FmSyncPreferences, fm_sync_preferences, FM, SYNC_PREFERENCES,
                      AdwPreferencesGroup)

/* For the workspace of @store; @settings holds "sync-folders" */
GtkWidget *fm_sync_preferences_new           (GSettings         *settings,
                                              FmStore           *store);
/* What the folder chooser does with the folder picked (for tests) */
gboolean   fm_sync_preferences_choose_folder (FmSyncPreferences *self,
                                              GFile             *folder,
                                              GError           **error);
/* The chooser, while it is open (for tests) */
GtkNativeDialog *fm_sync_preferences_get_chooser (FmSyncPreferences *self);

G_END_DECLS
