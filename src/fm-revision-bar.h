/* fm-revision-bar.h — above the article: how it changed, and its unplaced claims */
#pragma once

#include <gtk/gtk.h>

#include "fm-claim-list.h"
#include "fm-store.h"

G_BEGIN_DECLS

#define FM_TYPE_REVISION_BAR (fm_revision_bar_get_type ())
G_DECLARE_FINAL_TYPE (FmRevisionBar, fm_revision_bar, FM, REVISION_BAR, GtkWidget)

GtkWidget *fm_revision_bar_new               (void);
/* The article shown and its claims (NULL for none) */
void       fm_revision_bar_set_claims        (FmRevisionBar           *self,
                                              FmClaimList             *claims);
/* What importing a new version did, said in the banner until it is closed */
void       fm_revision_bar_add_summary       (FmRevisionBar           *self,
                                              const char              *article_id,
                                              const FmRevisionSummary *summary);
/* The claim selected in the window (bound to the claim panel's) */
FmClaim   *fm_revision_bar_get_selected_claim (FmRevisionBar          *self);
void       fm_revision_bar_set_selected_claim (FmRevisionBar          *self,
                                              FmClaim                 *claim);
/* Goes to the next claim to confirm or to place; FALSE when there is none */
gboolean   fm_revision_bar_review_next       (FmRevisionBar           *self);

/* For tests */
gboolean    fm_revision_bar_get_banner_shown  (FmRevisionBar          *self);
const char *fm_revision_bar_get_banner_detail (FmRevisionBar          *self);
guint       fm_revision_bar_get_n_unplaced    (FmRevisionBar          *self);
GtkWidget  *fm_revision_bar_get_banner        (FmRevisionBar          *self);
void        fm_revision_bar_close_banner      (FmRevisionBar          *self);

G_END_DECLS
