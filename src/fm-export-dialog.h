/* fm-export-dialog.h — Export…: choose a format and a file, write it in the background */
#pragma once

#include <adwaita.h>

#include "fm-export.h"
#include "fm-store.h"

G_BEGIN_DECLS

#define FM_TYPE_EXPORT_DIALOG (fm_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FmExportDialog, fm_export_dialog, FM, EXPORT_DIALOG, AdwWindow)

FmExportDialog *fm_export_dialog_new        (GtkWindow      *parent,
                                             FmStore        *store,
                                             FmArticle      *article);
FmExportFormat  fm_export_dialog_get_format (FmExportDialog *self);
void            fm_export_dialog_set_format (FmExportDialog *self,
                                             FmExportFormat  format);
void            fm_export_dialog_set_approved_only (FmExportDialog *self,
                                             gboolean        approved_only);
/* Where the fact-check is published and who publishes it, as
 * --report-url and --organization; shown for the report and ClaimReview
 * only. The getters return NULL when the field is empty. */
void            fm_export_dialog_set_report_url   (FmExportDialog *self,
                                                   const char     *report_url);
char           *fm_export_dialog_dup_report_url   (FmExportDialog *self);
void            fm_export_dialog_set_organization (FmExportDialog *self,
                                                   const char     *organization);
char           *fm_export_dialog_dup_organization (FmExportDialog *self);
gboolean        fm_export_dialog_get_publishing_visible (FmExportDialog *self);
/* Writes the export to @file (what the file chooser does after Export…).
 * The dialog shows the progress, closes when done and emits ::exported
 * with the file; on failure it shows why and stays open. */
void            fm_export_dialog_export_to  (FmExportDialog *self,
                                             GFile          *file);

G_END_DECLS
