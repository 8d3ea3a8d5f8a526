/* fm-article-row.h — one article in the sidebar: title, site, date and progress */
#pragma once

#include <gtk/gtk.h>

#include "fm-store.h"

G_BEGIN_DECLS

#define FM_TYPE_ARTICLE_ROW (fm_article_row_get_type ())
G_DECLARE_FINAL_TYPE (FmArticleRow, fm_article_row, FM, ARTICLE_ROW, GtkWidget)

GtkWidget *fm_article_row_new         (void);
void       fm_article_row_set_article (FmArticleRow *self,
                                       FmStore      *store,
                                       FmArticle    *article);
/* "3 / 7 approved", or "No claims yet" */
const char *fm_article_row_get_progress_text (FmArticleRow *self);
/* Claims of the article that wait for review (the badge) */
guint       fm_article_row_get_n_waiting     (FmArticleRow *self);

G_END_DECLS
