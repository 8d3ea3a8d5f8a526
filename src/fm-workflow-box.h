/* fm-workflow-box.h — where a claim stands in review, and the next step */
#pragma once

#include <gtk/gtk.h>

#include "fm-store.h"

G_BEGIN_DECLS

#define FM_TYPE_WORKFLOW_BOX (fm_workflow_box_get_type ())
G_DECLARE_FINAL_TYPE (FmWorkflowBox, fm_workflow_box, FM, WORKFLOW_BOX, GtkWidget)

GtkWidget  *fm_workflow_box_new           (void);
/* Follows @claim (NULL shows nothing) */
void        fm_workflow_box_set_claim     (FmWorkflowBox *self,
                                           FmStore       *store,
                                           FmClaim       *claim);
/* What the box shows, for tests: the editor's comment while changes are
 * requested, "Approved by …" once approved, what the sign-off list misses */
const char *fm_workflow_box_get_banner_text   (FmWorkflowBox *self);
const char *fm_workflow_box_get_approval_text (FmWorkflowBox *self);
const char *fm_workflow_box_get_signoff_text  (FmWorkflowBox *self);

G_END_DECLS
