/* fm-source-dialog.h — add or edit one source of a claim */
#pragma once

#include <adwaita.h>

#include "fm-source.h"
#include "fm-store.h"

G_BEGIN_DECLS

#define FM_TYPE_SOURCE_DIALOG (fm_source_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FmSourceDialog, fm_source_dialog, FM, SOURCE_DIALOG, AdwWindow)

/* Edits @source, or adds a new source to @claim_id when @source is NULL */
FmSourceDialog *fm_source_dialog_new      (GtkWindow      *parent,
                                           FmStore        *store,
                                           const char     *claim_id,
                                           FmSource       *source);
/* Saves to the store and closes; FALSE (and the reason shown) when the values are refused */
gboolean        fm_source_dialog_save     (FmSourceDialog *self);
/* The fields, for tests: "url", "title", "publisher", "author", "archive-url", "accessed" */
GtkEditable    *fm_source_dialog_get_entry (FmSourceDialog *self,
                                            const char     *name);
void            fm_source_dialog_set_stance (FmSourceDialog *self,
                                             FmStance        stance);
void            fm_source_dialog_set_kind   (FmSourceDialog *self,
                                             FmSourceKind    kind);
void            fm_source_dialog_set_note   (FmSourceDialog *self,
                                             const char     *note);

G_END_DECLS
