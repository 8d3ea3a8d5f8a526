/* fm-sync-window.h — the sync folder, what went wrong, and conflicts to review */
#pragma once

#include <adwaita.h>

#include "fm-sync-controller.h"

G_BEGIN_DECLS

#define FM_TYPE_SYNC_WINDOW (fm_sync_window_get_type ())
G_DECLARE_FINAL_TYPE (FmSyncWindow, fm_sync_window, FM, SYNC_WINDOW, AdwWindow)

/* ::open-conflict (FmSyncConflict *) asks the main window to show the
 * conflict's claim (or its article) */
FmSyncWindow *fm_sync_window_new              (GtkWindow        *parent,
                                               FmSyncController *controller);

/* The parts, for tests */
GtkListBox   *fm_sync_window_get_conflicts_list (FmSyncWindow   *self);
GtkListBox   *fm_sync_window_get_problems_list  (FmSyncWindow   *self);
/* Marks the conflict in row @index reviewed, as its button does */
void          fm_sync_window_mark_reviewed      (FmSyncWindow   *self,
                                                 guint           index);

G_END_DECLS
