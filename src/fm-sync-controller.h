/* fm-sync-controller.h — when the window syncs, and what it shows about it
 *
 * One per window: it keeps an FmSync for the window's workspace, with the
 * folder chosen for that workspace in Preferences, and runs a sync when
 * the user asks, when the folder changes, and when local changes have
 * settled (see the policy in fm-sync-controller.c). What it knows — the
 * last sync, a failure, files refused, conflicts — is in its properties
 * for the views to show.
 */
#pragma once

#include <gio/gio.h>

#include "fm-store.h"
#include "fm-sync.h"

G_BEGIN_DECLS

#define FM_TYPE_SYNC_CONTROLLER (fm_sync_controller_get_type ())
G_DECLARE_FINAL_TYPE (FmSyncController, fm_sync_controller, FM, SYNC_CONTROLLER, GObject)

/* The folder setting ("sync-folders": workspace id → folder URI) */
GFile            *fm_sync_folder_lookup               (GSettings        *settings,
                                                       const char       *workspace_id);
/* @folder NULL: this workspace stops syncing */
void              fm_sync_folder_save                 (GSettings        *settings,
                                                       const char       *workspace_id,
                                                       GFile            *folder);

/* "Synced just now", "Synced 2 minutes ago", "Last sync: Yesterday, 14:02",
 * for a sync at @iso (ISO 8601) seen at @now (µs since 1970) */
char             *fm_sync_format_last_sync            (const char       *iso,
                                                       gint64            now);

FmSyncController *fm_sync_controller_new              (GSettings        *settings);
FmStore          *fm_sync_controller_get_store        (FmSyncController *self);
void              fm_sync_controller_set_store        (FmSyncController *self,
                                                       FmStore          *store);
/* The workspace's FmSync (NULL without a workspace) */
FmSync           *fm_sync_controller_get_sync         (FmSyncController *self);
/* The folder (NULL: not syncing) */
GFile            *fm_sync_controller_get_folder       (FmSyncController *self);
/* Saves the setting for this workspace; the controller follows it */
void              fm_sync_controller_set_folder       (FmSyncController *self,
                                                       GFile            *folder);
/* A writable workspace and a folder */
gboolean          fm_sync_controller_get_can_sync     (FmSyncController *self);
gboolean          fm_sync_controller_get_running      (FmSyncController *self);
double            fm_sync_controller_get_progress     (FmSyncController *self);
/* One line about the last sync, kept up to date as time passes */
const char       *fm_sync_controller_get_status       (FmSyncController *self);
/* Why the last sync (or look at the folder) failed; NULL once one succeeds */
const GError     *fm_sync_controller_get_error        (FmSyncController *self);
/* The files the last sync refused (GError), until a sync has none */
GPtrArray        *fm_sync_controller_get_problems     (FmSyncController *self);
guint             fm_sync_controller_get_n_conflicts  (FmSyncController *self);
/* How many syncs this controller completed or saw fail (for tests) */
guint             fm_sync_controller_get_n_runs       (FmSyncController *self);

/* Syncs now; FALSE when there is no folder or workspace to sync */
gboolean          fm_sync_controller_sync             (FmSyncController *self);

/* The automatic policy's delays in milliseconds: after a change in the
 * folder, after the last local change, at most after the first unsent
 * local change, and between looks at the folder. Tests shorten them. */
void              fm_sync_controller_set_delays       (FmSyncController *self,
                                                       guint             folder_ms,
                                                       guint             settle_ms,
                                                       guint             settle_max_ms,
                                                       guint             poll_ms);

G_END_DECLS
