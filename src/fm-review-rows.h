/* fm-review-rows.h — the review table's rows over FmReviewModel */
#pragma once

#include <gio/gio.h>

#include "fm-review-model.h"
#include "fm-review-row.h"

G_BEGIN_DECLS

#define FM_TYPE_REVIEW_ROWS (fm_review_rows_get_type ())
G_DECLARE_FINAL_TYPE (FmReviewRows, fm_review_rows, FM, REVIEW_ROWS, GObject)

/* A GListModel of FmReviewRow, one per claim of @model, in its order.
 *
 * GTK 4.8's list views make new row widgets for every new item: after a
 * new query, a screen of rows and the couple of hundred the view keeps
 * beyond it, nine cells each. Here a new query keeps the items (a row is a
 * place in the table) and gives each row that is still there its new
 * claim; only the rows past the new end come and go. Changes the model
 * reports by itself (an edit moving a claim) are passed on as they are. */
FmReviewRows *fm_review_rows_new       (FmReviewModel      *model);

/* Sets the model's query; the rows in use show the new claims */
void          fm_review_rows_set_query (FmReviewRows       *self,
                                        const FmClaimQuery *query);

G_END_DECLS
