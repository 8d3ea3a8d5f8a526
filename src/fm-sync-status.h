/* fm-sync-status.h — the foot of the sidebar: the last sync, failures, conflicts */
#pragma once

#include <gtk/gtk.h>

#include "fm-sync-controller.h"

G_BEGIN_DECLS

#define FM_TYPE_SYNC_STATUS (fm_sync_status_get_type ())
G_DECLARE_FINAL_TYPE (FmSyncStatus, fm_sync_status, FM, SYNC_STATUS, GtkBox)

void        fm_sync_status_set_controller (FmSyncStatus     *self,
                                           FmSyncController *controller);
/* The parts, for tests */
const char *fm_sync_status_get_text       (FmSyncStatus     *self);
/* The failure or refused files shown, or NULL */
const char *fm_sync_status_get_message    (FmSyncStatus     *self);
/* The label of the button that opens the sync window, or NULL when hidden */
const char *fm_sync_status_get_details    (FmSyncStatus     *self);
GtkWidget  *fm_sync_status_get_progress_bar (FmSyncStatus   *self);

G_END_DECLS
