/* fm-suggestion-bar.h — above the article: the current suggestion and what to do with it */
#pragma once

#include <gtk/gtk.h>

#include "fm-suggestions.h"

G_BEGIN_DECLS

#define FM_TYPE_SUGGESTION_BAR (fm_suggestion_bar_get_type ())
G_DECLARE_FINAL_TYPE (FmSuggestionBar, fm_suggestion_bar, FM, SUGGESTION_BAR, GtkWidget)

GtkWidget  *fm_suggestion_bar_new             (void);
void        fm_suggestion_bar_set_suggestions (FmSuggestionBar *self,
                                               FmSuggestions   *suggestions);
/* What it says now, for tests */
const char *fm_suggestion_bar_get_title       (FmSuggestionBar *self);
const char *fm_suggestion_bar_get_detail      (FmSuggestionBar *self);

G_END_DECLS
