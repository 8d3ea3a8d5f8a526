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

/* Shows @header (the article's title and the like) above the first line,
 * as wide as the text, scrolling with it. Call
 * fm_article_text_update_header() when its height may have changed. */
void fm_article_text_set_header    (FmArticleText *self,
                                    GtkWidget     *header);
void fm_article_text_update_header (FmArticleText *self);

/* Centres the reading column in a text view @width wide: the parent calls
 * it with the width it is about to give the text view, before allocating */
void fm_article_text_fit_column    (FmArticleText *self,
                                    int            width);

/* Gives right-to-left paragraphs the markers' margin on their right */
void fm_article_text_mark_directions (FmArticleText *self);

G_END_DECLS
