/* fm-review-model.h — every claim of the workspace that matches a query, lazily */
#pragma once

#include <gio/gio.h>

#include "fm-store.h"

G_BEGIN_DECLS

#define FM_TYPE_REVIEW_MODEL (fm_review_model_get_type ())
G_DECLARE_FINAL_TYPE (FmReviewModel, fm_review_model, FM, REVIEW_MODEL, GObject)

/* A GListModel of FmClaim. It holds only the matching claims' keys; claims
 * are read from the store a page at a time when a view asks for them, and
 * only a bounded number of pages stay in memory. It follows the store:
 * after a change it queries again (in an idle, once the store's signals
 * for the change are over) and reports just the range that moved. */
FmReviewModel      *fm_review_model_new         (FmStore             *store);

FmStore            *fm_review_model_get_store   (FmReviewModel       *self);
/* Copies the query (its strings too); the model queries again at once */
void                fm_review_model_set_query   (FmReviewModel       *self,
                                                 const FmClaimQuery  *query);
const FmClaimQuery *fm_review_model_get_query   (FmReviewModel       *self);
/* Queries again now, e.g. after the workspace changed behind the store */
void                fm_review_model_refresh     (FmReviewModel       *self);
/* Queries now if a change of the workspace waits for it (unless the last
 * query was less than 100 ms ago): a view calls it after each frame, and
 * when it is shown */
void                fm_review_model_flush       (FmReviewModel       *self);
/* The claim's number in its article (1 for the first in text order), 0 if
 * the row has not been read yet */
guint               fm_review_model_get_number  (FmReviewModel       *self,
                                                 guint                position);
/* Position of the claim among the rows read so far (the rows a view has
 * shown), or G_MAXUINT */
guint               fm_review_model_find        (FmReviewModel       *self,
                                                 FmClaim             *claim);
/* Claims per status for the query's filters other than status */
const guint        *fm_review_model_get_status_counts (FmReviewModel *self);

G_END_DECLS
