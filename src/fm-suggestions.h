/* fm-suggestions.h — the sentences of the shown article worth checking */
#pragma once

#include <gio/gio.h>

#include "fm-store.h"
#include "fm-suggest.h"

G_BEGIN_DECLS

#define FM_TYPE_SUGGESTIONS (fm_suggestions_get_type ())
G_DECLARE_FINAL_TYPE (FmSuggestions, fm_suggestions, FM, SUGGESTIONS, GObject)

FmSuggestions      *fm_suggestions_new            (void);
/* The article to suggest claims in. While suggestions are shown, a new
 * article (or a new revision of this one) is examined at once. */
void                fm_suggestions_set_article    (FmSuggestions  *self,
                                                   FmStore        *store,
                                                   FmArticle      *article);
FmArticle          *fm_suggestions_get_article    (FmSuggestions  *self);
/* Shows suggestions: examines the article in a thread; ::changed follows */
void                fm_suggestions_run            (FmSuggestions  *self);
/* Hides them */
void                fm_suggestions_clear          (FmSuggestions  *self);
void                fm_suggestions_refresh        (FmSuggestions  *self);
gboolean            fm_suggestions_get_active     (FmSuggestions  *self);
/* TRUE while the article is being examined */
gboolean            fm_suggestions_get_running    (FmSuggestions  *self);

/* Why the last examination failed (the workspace could not be read), or NULL */
const char         *fm_suggestions_get_error      (FmSuggestions  *self);

/* What is suggested now: claimed and dismissed sentences left out */
guint               fm_suggestions_get_n_items    (FmSuggestions  *self);
const FmSuggestion *fm_suggestions_get_item       (FmSuggestions  *self,
                                                   guint           index);
/* Suggestions flagged for unnamed or vague sources, and sentences examined */
guint               fm_suggestions_get_n_anonymous (FmSuggestions *self);
guint               fm_suggestions_get_n_sentences (FmSuggestions *self);
/* The suggestion covering character @offset, or -1 */
int                 fm_suggestions_find_at        (FmSuggestions  *self,
                                                   guint           offset);

/* The one the keys and the context menu act on, or -1 */
int                 fm_suggestions_get_current    (FmSuggestions  *self);
void                fm_suggestions_set_current    (FmSuggestions  *self,
                                                   int             index);
/* Moves the current suggestion by @step (after @offset when there is
 * none); FALSE when there is nowhere to go */
gboolean            fm_suggestions_step           (FmSuggestions  *self,
                                                   int             step,
                                                   guint           offset);

/* Makes suggestion @index a claim, its reasons in the claim's history */
FmClaim            *fm_suggestions_accept         (FmSuggestions  *self,
                                                   guint           index,
                                                   GError        **error);
/* Dismisses it for good: it is not suggested again in this article */
gboolean            fm_suggestions_dismiss        (FmSuggestions  *self,
                                                   guint           index,
                                                   GError        **error);

G_END_DECLS
