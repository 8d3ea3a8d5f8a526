/* fm-anchor-status.h — in the claim editor: whether the claim is still on its words */
#pragma once

#include <gtk/gtk.h>

#include "fm-claim.h"

G_BEGIN_DECLS

#define FM_TYPE_ANCHOR_STATUS (fm_anchor_status_get_type ())
G_DECLARE_FINAL_TYPE (FmAnchorStatus, fm_anchor_status, FM, ANCHOR_STATUS, GtkWidget)

GtkWidget *fm_anchor_status_new       (void);
/* Follows @claim: hidden while it is placed, and otherwise says how sure
 * its place is, with the buttons that confirm or place it */
void       fm_anchor_status_set_claim (FmAnchorStatus *self,
                                       FmClaim        *claim);
/* What it says, for tests */
const char *fm_anchor_status_get_text (FmAnchorStatus *self);

G_END_DECLS
