/* fm-sync.h — sharing a workspace through a folder, without a server
 *
 * Each workspace writes its changes as files into a folder that every
 * machine sees (a network share, a synced cloud folder, a USB stick) and
 * applies every other workspace's changes it does not have yet. The store
 * records and merges the changes (fm_store_sync_*); this carries them.
 */
#pragma once

#include <gio/gio.h>

#include "fm-store.h"
#include "fm-sync-conflict.h"

G_BEGIN_DECLS

#define FM_SYNC_ERROR (fm_sync_error_quark ())

typedef enum {
  FM_SYNC_ERROR_FAILED,
  FM_SYNC_ERROR_FOLDER,     /* the folder cannot be used (missing, not writable, not local) */
  FM_SYNC_ERROR_DAMAGED,    /* a file is damaged or incomplete */
  FM_SYNC_ERROR_FOREIGN,    /* a file named like ours that Factmark did not write */
  FM_SYNC_ERROR_TOO_NEW,    /* a file written by a newer Factmark */
  FM_SYNC_ERROR_COPY,       /* another copy of this workspace file syncs to the folder */
  FM_SYNC_ERROR_BUSY,       /* a sync of this workspace is already running */
} FmSyncError;

/* What one sync did */
typedef struct {
  guint      n_sent;             /* this workspace's changes written to the folder */
  guint      n_files_written;
  guint      n_received;         /* other workspaces' changes applied here */
  guint      n_files_read;
  guint      n_workspaces;       /* how many workspaces the received changes came from */
  guint      n_waiting;          /* changes in the folder that need others not there yet */
  GPtrArray *conflicts;          /* FmSyncConflict: conflicts found by this sync */
  GPtrArray *problems;           /* GError: files refused; nothing in them was applied */
} FmSyncResult;

GType         fm_sync_result_get_type (void) G_GNUC_CONST;
FmSyncResult *fm_sync_result_copy     (const FmSyncResult *result);
void          fm_sync_result_free     (FmSyncResult       *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FmSyncResult, fm_sync_result_free)

#define FM_TYPE_SYNC (fm_sync_get_type ())
G_DECLARE_FINAL_TYPE (FmSync, fm_sync, FM, SYNC, GObject)

GQuark        fm_sync_error_quark      (void);

FmSync       *fm_sync_new              (FmStore              *store,
                                        GFile                *folder);
FmStore      *fm_sync_get_store        (FmSync               *self);
GFile        *fm_sync_get_folder       (FmSync               *self);
void          fm_sync_set_folder       (FmSync               *self,
                                        GFile                *folder);
/* TRUE while a sync runs (a second one is refused with FM_SYNC_ERROR_BUSY) */
gboolean      fm_sync_get_running      (FmSync               *self);
/* 0 … 1 while a sync runs */
double        fm_sync_get_progress     (FmSync               *self);
/* When this workspace last completed a sync with the folder (ISO 8601,
 * UTC), or NULL */
char         *fm_sync_dup_last_sync    (FmSync               *self);
/* Conflicts nobody has reviewed yet, newest first: a GListModel of
 * FmSyncConflict, updated after each sync and each review */
GListModel   *fm_sync_get_conflicts    (FmSync               *self);
guint         fm_sync_get_n_conflicts  (FmSync               *self);
gboolean      fm_sync_mark_reviewed    (FmSync               *self,
                                        FmSyncConflict       *conflict,
                                        GError              **error);

/* Sends this workspace's new changes and applies the others'. Files that
 * are damaged, foreign or too new are refused and listed in the result's
 * problems; nothing in them is applied. Fails only when the folder or the
 * workspace cannot be used. The blocking form is for the command line and
 * tests; the window uses the async one, which reads and writes files in a
 * thread and applies changes on the main thread in short transactions. */
FmSyncResult *fm_sync_run              (FmSync               *self,
                                        GCancellable         *cancellable,
                                        GError              **error);
void          fm_sync_run_async        (FmSync               *self,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
FmSyncResult *fm_sync_run_finish       (FmSync               *self,
                                        GAsyncResult         *result,
                                        GError              **error);

/* Whether a sync has something to do, from the folder's file names alone
 * (no file is read): for a GFileMonitor on the folder. Files this FmSync
 * refused before, unchanged since, do not count; neither do the files
 * this workspace wrote. FALSE with @error set when the folder cannot be
 * listed (e.g. a drive that is not connected). */
gboolean      fm_sync_check_folder     (FmSync               *self,
                                        guint                *n_incoming,
                                        guint                *n_outgoing,
                                        GCancellable         *cancellable,
                                        GError              **error);
void          fm_sync_check_folder_async  (FmSync            *self,
                                           GCancellable      *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer           user_data);
gboolean      fm_sync_check_folder_finish (FmSync            *self,
                                           GAsyncResult      *result,
                                           guint             *n_incoming,
                                           guint             *n_outgoing,
                                           GError           **error);

G_END_DECLS
