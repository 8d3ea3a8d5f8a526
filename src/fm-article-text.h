/* fm-article-text.h — the article's text, with numbered claim markers in the margin */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FM_TYPE_ARTICLE_TEXT (fm_article_text_get_type ())
G_DECLARE_FINAL_TYPE (FmArticleText, fm_article_text, FM, ARTICLE_TEXT, GtkTextView)

/* Space kept left of the text for the markers, in pixels */
#define FM_ARTICLE_TEXT_MARKER_MARGIN 56

/* @claims: FmClaim items in text order; item n gets the marker n + 1 */
void fm_article_text_set_claims (FmArticleText *self,
                                 GListModel    *claims);

/* Asks for a new height once the text has been laid out (after new text) */
void fm_article_text_queue_relayout (FmArticleText *self);

/* Gives right-to-left paragraphs the markers' margin on their right */
void fm_article_text_mark_directions (FmArticleText *self);

G_END_DECLS
