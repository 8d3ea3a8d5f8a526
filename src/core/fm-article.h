/* fm-article.h — an article: metadata and its clean text */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define FM_TYPE_ARTICLE (fm_article_get_type ())
G_DECLARE_FINAL_TYPE (FmArticle, fm_article, FM, ARTICLE, GObject)

FmArticle  *fm_article_new                (void);

const char *fm_article_get_id             (FmArticle  *self);
void        fm_article_set_id             (FmArticle  *self,
                                           const char *id);
const char *fm_article_get_title          (FmArticle  *self);
void        fm_article_set_title          (FmArticle  *self,
                                           const char *title);
const char *fm_article_get_byline         (FmArticle  *self);
void        fm_article_set_byline         (FmArticle  *self,
                                           const char *byline);
const char *fm_article_get_site_name      (FmArticle  *self);
void        fm_article_set_site_name      (FmArticle  *self,
                                           const char *site_name);
/* Where the article came from: the final URL of a download, or a file URI */
const char *fm_article_get_url            (FmArticle  *self);
void        fm_article_set_url            (FmArticle  *self,
                                           const char *url);
const char *fm_article_get_canonical_url  (FmArticle  *self);
void        fm_article_set_canonical_url  (FmArticle  *self,
                                           const char *canonical_url);
/* As the page gives it; ISO 8601 where it could be parsed */
const char *fm_article_get_published      (FmArticle  *self);
void        fm_article_set_published      (FmArticle  *self,
                                           const char *published);
const char *fm_article_get_lang           (FmArticle  *self);
void        fm_article_set_lang           (FmArticle  *self,
                                           const char *lang);
/* "text", "html", "paste" or "url" */
const char *fm_article_get_source_format  (FmArticle  *self);
void        fm_article_set_source_format  (FmArticle  *self,
                                           const char *source_format);
/* File name or URL the user opened */
const char *fm_article_get_source_name    (FmArticle  *self);
void        fm_article_set_source_name    (FmArticle  *self,
                                           const char *source_name);
const char *fm_article_get_imported_at    (FmArticle  *self);
void        fm_article_set_imported_at    (FmArticle  *self,
                                           const char *imported_at);
const char *fm_article_get_imported_by    (FmArticle  *self);
void        fm_article_set_imported_by    (FmArticle  *self,
                                           const char *imported_by);
/* When the page was downloaded (URL imports only) */
const char *fm_article_get_fetched_at     (FmArticle  *self);
void        fm_article_set_fetched_at     (FmArticle  *self,
                                           const char *fetched_at);

/* The clean text: UTF-8, NFC, paragraphs separated by '\n'. Setting it
 * updates the SHA-256 and the length in characters. */
const char *fm_article_get_text           (FmArticle  *self);
void        fm_article_set_text           (FmArticle  *self,
                                           const char *text);
const char *fm_article_get_text_sha256    (FmArticle  *self);
/* Length of the text in characters (code points) */
guint       fm_article_get_length         (FmArticle  *self);
/* The bytes the article was made from, kept so that nothing is lost */
GBytes     *fm_article_get_original       (FmArticle  *self);
void        fm_article_set_original       (FmArticle  *self,
                                           GBytes     *original);

/* A UTF-8 copy of the characters [start, end) of the text */
char       *fm_article_dup_span           (FmArticle  *self,
                                           guint       start,
                                           guint       end);

G_END_DECLS
