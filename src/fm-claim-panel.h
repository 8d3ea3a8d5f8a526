/* fm-claim-panel.h — the article's claims and the editor of the selected one */
#pragma once

#include <gtk/gtk.h>

#include "fm-claim-list.h"
#include "fm-store.h"

G_BEGIN_DECLS

#define FM_TYPE_CLAIM_PANEL (fm_claim_panel_get_type ())
G_DECLARE_FINAL_TYPE (FmClaimPanel, fm_claim_panel, FM, CLAIM_PANEL, GtkWidget)

GtkWidget   *fm_claim_panel_new                (void);
/* The claims to list; NULL shows nothing */
void         fm_claim_panel_set_claims         (FmClaimPanel *self,
                                                FmClaimList  *claims);
FmClaim     *fm_claim_panel_get_selected_claim (FmClaimPanel *self);
void         fm_claim_panel_set_selected_claim (FmClaimPanel *self,
                                                FmClaim      *claim);
/* FALSE for a read-only workspace: everything shows, nothing can change */
void         fm_claim_panel_set_editable       (FmClaimPanel *self,
                                                gboolean      editable);
/* Commits what is being typed now rather than after the pause */
void         fm_claim_panel_flush              (FmClaimPanel *self);
void         fm_claim_panel_focus_summary      (FmClaimPanel *self);
void         fm_claim_panel_focus_list         (FmClaimPanel *self);

/* The editor's widgets, for the window's shortcuts and for tests */
GtkWidget   *fm_claim_panel_get_list_view      (FmClaimPanel *self);
GtkWidget   *fm_claim_panel_get_summary_row    (FmClaimPanel *self);
GtkWidget   *fm_claim_panel_get_verdict_row    (FmClaimPanel *self);
GtkWidget   *fm_claim_panel_get_status_row     (FmClaimPanel *self);
GtkWidget   *fm_claim_panel_get_explanation    (FmClaimPanel *self);
GtkWidget   *fm_claim_panel_get_sources_group  (FmClaimPanel *self);
GtkWidget   *fm_claim_panel_get_history_row    (FmClaimPanel *self);
/* Review status, the editor's comment and the workflow buttons */
GtkWidget   *fm_claim_panel_get_workflow_box   (FmClaimPanel *self);
/* How many source rows and history rows the editor shows */
guint        fm_claim_panel_get_n_source_rows  (FmClaimPanel *self);
guint        fm_claim_panel_get_n_history_rows (FmClaimPanel *self);

/* Keys 1–8 (win.set-verdict) on @widget, where typing a digit means nothing else */
void         fm_claim_panel_add_verdict_keys   (GtkWidget    *widget);

G_END_DECLS
