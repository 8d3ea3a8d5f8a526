/* fm-sync-conflict.h — a conflict found while merging another workspace's changes */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  FM_SYNC_CONFLICT_FIELD,       /* one field changed on two machines: the later change was kept */
  FM_SYNC_CONFLICT_DELETION,    /* deleted on one machine, changed on another: kept, not deleted */
  FM_SYNC_CONFLICT_REVIEW,      /* approved on one machine without seeing a change to the
                                 * verdict, explanation or sources made on another */
} FmSyncConflictKind;

#define FM_TYPE_SYNC_CONFLICT (fm_sync_conflict_get_type ())
G_DECLARE_FINAL_TYPE (FmSyncConflict, fm_sync_conflict, FM, SYNC_CONFLICT, GObject)

const char         *fm_sync_conflict_get_id           (FmSyncConflict *self);
FmSyncConflictKind  fm_sync_conflict_get_kind         (FmSyncConflict *self);
/* When this workspace found it (ISO 8601, UTC) */
const char         *fm_sync_conflict_get_detected_at  (FmSyncConflict *self);
/* The claim concerned (for a source: its claim), and its article */
const char         *fm_sync_conflict_get_claim_id     (FmSyncConflict *self);
const char         *fm_sync_conflict_get_article_id   (FmSyncConflict *self);
/* The field in the history's terms ("verdict", "source.title", …);
 * for a deletion "claim" or "source"; for a review the field changed
 * unseen ("verdict", "explanation" or "source") */
const char         *fm_sync_conflict_get_field        (FmSyncConflict *self);
/* The change that stands (for a review: the approval): its value (NULL
 * for a deletion or a review), who, when, where */
const char         *fm_sync_conflict_get_kept_value   (FmSyncConflict *self);
const char         *fm_sync_conflict_get_kept_actor   (FmSyncConflict *self);
const char         *fm_sync_conflict_get_kept_at      (FmSyncConflict *self);
const char         *fm_sync_conflict_get_kept_workspace (FmSyncConflict *self);
/* The change that lost (for a review: the change the approval did not
 * see): its value (NULL for a deletion), who, when, where */
const char         *fm_sync_conflict_get_lost_value   (FmSyncConflict *self);
const char         *fm_sync_conflict_get_lost_actor   (FmSyncConflict *self);
const char         *fm_sync_conflict_get_lost_at      (FmSyncConflict *self);
const char         *fm_sync_conflict_get_lost_workspace (FmSyncConflict *self);
gboolean            fm_sync_conflict_get_reviewed     (FmSyncConflict *self);
void                fm_sync_conflict_set_reviewed     (FmSyncConflict *self,
                                                       gboolean        reviewed);
/* One sentence for people: what happened and what was kept */
char               *fm_sync_conflict_describe         (FmSyncConflict *self);

G_END_DECLS
