/* fm-claim-row.h — one claim in the claim list: number, text, verdict and status */
#pragma once

#include <gtk/gtk.h>

#include "fm-claim.h"

G_BEGIN_DECLS

#define FM_TYPE_CLAIM_ROW (fm_claim_row_get_type ())
G_DECLARE_FINAL_TYPE (FmClaimRow, fm_claim_row, FM, CLAIM_ROW, GtkWidget)

GtkWidget *fm_claim_row_new       (void);
void       fm_claim_row_set_claim (FmClaimRow *self,
                                   FmClaim    *claim,
                                   guint       number);
FmClaim   *fm_claim_row_get_claim (FmClaimRow *self);

/* The CSS classes "verdict-ID" and "status-ID" that colour badges */
void       fm_widget_set_verdict_class (GtkWidget *widget,
                                        FmVerdict  verdict);
void       fm_widget_set_status_class  (GtkWidget *widget,
                                        FmStatus   status);

G_END_DECLS
