/* fm-review-view.h — the editor's desk: every claim of the workspace in one table */
#pragma once

#include <gtk/gtk.h>

#include "fm-review-model.h"
#include "fm-store.h"

G_BEGIN_DECLS

#define FM_TYPE_REVIEW_VIEW (fm_review_view_get_type ())
G_DECLARE_FINAL_TYPE (FmReviewView, fm_review_view, FM, REVIEW_VIEW, GtkWidget)

GtkWidget     *fm_review_view_new                 (void);
void           fm_review_view_set_store           (FmReviewView *self,
                                                   FmStore      *store);
FmReviewModel *fm_review_view_get_model           (FmReviewView *self);

/* Filters, as the bar above the table sets them; they combine */
void           fm_review_view_set_status_filter   (FmReviewView *self,
                                                   gboolean      any,
                                                   FmStatus      status);
void           fm_review_view_set_verdict_filter  (FmReviewView *self,
                                                   gboolean      any,
                                                   FmVerdict     verdict);
/* NULL: anyone; "": claims nobody is assigned to */
void           fm_review_view_set_assignee_filter (FmReviewView *self,
                                                   const char   *assignee);
void           fm_review_view_set_article_filter  (FmReviewView *self,
                                                   const char   *article_id);
void           fm_review_view_set_tag_filter      (FmReviewView *self,
                                                   const char   *tag);
/* Words to find through the full-text index */
void           fm_review_view_set_search          (FmReviewView *self,
                                                   const char   *search);
void           fm_review_view_clear_filters       (FmReviewView *self);
gboolean       fm_review_view_has_filters         (FmReviewView *self);

void           fm_review_view_focus_search        (FmReviewView *self);
void           fm_review_view_focus_list          (FmReviewView *self);
/* Opens the claim at @position, as a double click or Enter does */
void           fm_review_view_activate            (FmReviewView *self,
                                                   guint         position);
/* Claims of the whole workspace that wait for review */
guint          fm_review_view_get_n_waiting       (FmReviewView *self);
/* "42 claims": what the window's title bar says under "Review" */
const char    *fm_review_view_get_subtitle        (FmReviewView *self);

/* The parts, for tests */
GtkWidget     *fm_review_view_get_column_view     (FmReviewView *self);
GtkWidget     *fm_review_view_get_search_entry    (FmReviewView *self);
GtkWidget     *fm_review_view_get_status_button   (FmReviewView *self,
                                                   int           status);
/* How many rows have widgets now: a handful, whatever the number of claims */
guint          fm_review_view_get_n_bound_rows    (FmReviewView *self);

G_END_DECLS
