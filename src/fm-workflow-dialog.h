/* fm-workflow-dialog.h — asks for the words an editor's decision needs */
#pragma once

#include <adwaita.h>

#include "fm-store.h"

G_BEGIN_DECLS

typedef enum {
  FM_WORKFLOW_APPROVE_ANYWAY,    /* the sign-off list is incomplete: a reason */
  FM_WORKFLOW_REQUEST_CHANGES,   /* a comment the journalist will see */
} FmWorkflowKind;

#define FM_TYPE_WORKFLOW_DIALOG (fm_workflow_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FmWorkflowDialog, fm_workflow_dialog, FM, WORKFLOW_DIALOG, AdwMessageDialog)

/* What the dialog says after the store refused (the toast of the window) */
typedef void (*FmWorkflowNotify) (GtkWindow  *parent,
                                  const char *message);

/* @missing: what the sign-off list misses, for FM_WORKFLOW_APPROVE_ANYWAY.
 * The dialog makes the store call itself when the user confirms, and
 * reports the outcome through @notify. */
FmWorkflowDialog *fm_workflow_dialog_new      (GtkWindow         *parent,
                                               FmStore           *store,
                                               FmClaim           *claim,
                                               FmWorkflowKind     kind,
                                               FmSignoffItem      missing,
                                               FmWorkflowNotify   notify);
FmWorkflowKind    fm_workflow_dialog_get_kind (FmWorkflowDialog  *self);
FmClaim          *fm_workflow_dialog_get_claim (FmWorkflowDialog *self);
void              fm_workflow_dialog_set_text (FmWorkflowDialog  *self,
                                               const char        *text);
/* Answers as a click on the response's button does: the response, then
 * the dialog closes */
void              fm_workflow_dialog_respond  (FmWorkflowDialog  *self,
                                               const char        *response);
/* The id of the confirming response: "approve" or "request" */
const char       *fm_workflow_dialog_get_confirm_id (FmWorkflowDialog *self);

/* The three steps of the editor's desk, as the window's actions run them:
 * each reports what happened (or why not) through @notify. Approving a
 * claim whose sign-off list is incomplete opens the dialog instead;
 * requesting changes always does. */
void              fm_workflow_submit          (GtkWindow         *parent,
                                               FmStore           *store,
                                               FmClaim           *claim,
                                               FmWorkflowNotify   notify);
void              fm_workflow_approve         (GtkWindow         *parent,
                                               FmStore           *store,
                                               FmClaim           *claim,
                                               FmWorkflowNotify   notify);
void              fm_workflow_request_changes (GtkWindow         *parent,
                                               FmStore           *store,
                                               FmClaim           *claim,
                                               FmWorkflowNotify   notify);

G_END_DECLS
