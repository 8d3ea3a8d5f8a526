/* fm-history-row.h — one entry of a claim's history, in words */
#pragma once

#include <gtk/gtk.h>

#include "fm-store.h"

G_BEGIN_DECLS

#define FM_TYPE_HISTORY_ROW (fm_history_row_get_type ())
G_DECLARE_FINAL_TYPE (FmHistoryRow, fm_history_row, FM, HISTORY_ROW, GtkListBoxRow)

GtkWidget  *fm_history_row_new        (const FmHistoryEntry *entry);
/* What the row says: "Approved", "Verdict changed from Unrated to False" */
const char *fm_history_row_get_title  (FmHistoryRow         *self);
/* The text that goes with it (a comment, a reason, the new wording), or NULL */
const char *fm_history_row_get_detail (FmHistoryRow         *self);

/* The sentence for an entry, and in *detail the text that goes with it */
char       *fm_history_describe       (const FmHistoryEntry *entry,
                                       char                **detail,
                                       const char          **icon_name,
                                       const char          **kind);

G_END_DECLS
