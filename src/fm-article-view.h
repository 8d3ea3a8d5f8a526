/* fm-article-view.h — the reading view: article text with highlighted claims */
#pragma once

#include <gtk/gtk.h>

#include "fm-article.h"
#include "fm-claim.h"
#include "fm-claim-list.h"
#include "fm-suggestions.h"

G_BEGIN_DECLS

#define FM_TYPE_ARTICLE_VIEW (fm_article_view_get_type ())
G_DECLARE_FINAL_TYPE (FmArticleView, fm_article_view, FM, ARTICLE_VIEW, GtkWidget)

GtkWidget   *fm_article_view_new                (void);
/* Shows @article (with its text) and highlights @claims */
void         fm_article_view_set_article        (FmArticleView *self,
                                                 FmArticle     *article,
                                                 FmClaimList   *claims);
FmArticle   *fm_article_view_get_article        (FmArticleView *self);
FmClaim     *fm_article_view_get_selected_claim (FmArticleView *self);
/* Selects @claim: scrolls to its highlight when it is out of sight and flashes it */
void         fm_article_view_set_selected_claim (FmArticleView *self,
                                                 FmClaim       *claim);
/* The selected text snapped to whole words and trimmed: FALSE when there is none */
gboolean     fm_article_view_get_selection_span (FmArticleView *self,
                                                 guint         *start,
                                                 guint         *end);
gboolean     fm_article_view_get_has_selection  (FmArticleView *self);
/* Selects characters [start, end) of the text */
void         fm_article_view_select_range       (FmArticleView *self,
                                                 guint          start,
                                                 guint          end);
double       fm_article_view_get_text_scale     (FmArticleView *self);
void         fm_article_view_set_text_scale     (FmArticleView *self,
                                                 double         scale);
/* The claims covering character @offset, innermost first */
GPtrArray   *fm_article_view_claims_at          (FmArticleView *self,
                                                 guint          offset);
GtkTextView *fm_article_view_get_text_view      (FmArticleView *self);
/* Marks the suggested sentences faintly, the current one more strongly,
 * and the words that attribute a quote to unnamed or vague sources */
void         fm_article_view_set_suggestions    (FmArticleView *self,
                                                 FmSuggestions *suggestions);
/* Where the reader is: the selection, or else the first line in sight */
guint        fm_article_view_get_cursor_offset  (FmArticleView *self);
/* Whether the claim's highlight is flashing right now */
gboolean     fm_article_view_is_flashing        (FmArticleView *self);

/* The ground of a claim's words in the article (selected: the claim chosen) */
void         fm_article_view_highlight_rgba     (FmVerdict      verdict,
                                                 gboolean       dark,
                                                 gboolean       selected,
                                                 GdkRGBA       *rgba);

G_END_DECLS
