/* fm-review-row.h — one line of the review table, whichever claim it shows */
#pragma once

#include "fm-claim.h"

G_BEGIN_DECLS

#define FM_TYPE_REVIEW_ROW (fm_review_row_get_type ())
G_DECLARE_FINAL_TYPE (FmReviewRow, fm_review_row, FM, REVIEW_ROW, GObject)

/* The item of FmReviewRows: a place in the table. A new query gives the
 * place another claim (notify::claim) rather than another item, so that
 * the table keeps its row widgets. */
FmReviewRow *fm_review_row_new          (guint        position);

FmClaim     *fm_review_row_get_claim    (FmReviewRow *self);
/* The claim's number in its article, 0 if unknown */
guint        fm_review_row_get_number   (FmReviewRow *self);
void         fm_review_row_set_claim    (FmReviewRow *self,
                                         FmClaim     *claim,
                                         guint        number);
guint        fm_review_row_get_position (FmReviewRow *self);
void         fm_review_row_set_position (FmReviewRow *self,
                                         guint        position);

G_END_DECLS
