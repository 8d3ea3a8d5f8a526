/* fm-diff-window.h — the words removed and added between two versions of an article */
#pragma once

#include <adwaita.h>

#include "fm-store.h"

G_BEGIN_DECLS

#define FM_TYPE_DIFF_WINDOW (fm_diff_window_get_type ())
G_DECLARE_FINAL_TYPE (FmDiffWindow, fm_diff_window, FM, DIFF_WINDOW, AdwWindow)

/* Compares version @from with the current version of the article; with
 * more than two versions, the window offers the others to compare with */
FmDiffWindow *fm_diff_window_new            (GtkWindow    *parent,
                                             FmStore      *store,
                                             const char   *article_id,
                                             guint         from,
                                             GError      **error);
/* The version compared with the current one */
guint         fm_diff_window_get_from       (FmDiffWindow *self);
void          fm_diff_window_set_from       (FmDiffWindow *self,
                                             guint         from);
/* For tests: the text shown, and how many changes it marks */
char         *fm_diff_window_get_text       (FmDiffWindow *self);
guint         fm_diff_window_get_n_changes  (FmDiffWindow *self);
/* The deleted and inserted text of change @index */
char         *fm_diff_window_get_change     (FmDiffWindow *self,
                                             guint         index,
                                             gboolean     *deleted);
/* Scrolls to the next (@step 1) or previous (-1) change */
gboolean      fm_diff_window_step           (FmDiffWindow *self,
                                             int           step);

G_END_DECLS
