/* fm-claim.h — one claim: a span of an article and its verification */
#pragma once

#include <glib-object.h>

#include "fm-types.h"

G_BEGIN_DECLS

/* Characters of context kept on each side of the quote */
#define FM_CLAIM_CONTEXT_CHARS 32

#define FM_TYPE_CLAIM (fm_claim_get_type ())
G_DECLARE_FINAL_TYPE (FmClaim, fm_claim, FM, CLAIM, GObject)

FmClaim            *fm_claim_new                (void);
/* A detached copy with the same values (for threads and undo) */
FmClaim            *fm_claim_copy               (FmClaim    *self);
/* Copy every value of @from into @self, notifying what changed */
void                fm_claim_assign             (FmClaim    *self,
                                                 FmClaim    *from);

const char         *fm_claim_get_id             (FmClaim    *self);
void                fm_claim_set_id             (FmClaim    *self,
                                                 const char *id);
const char         *fm_claim_get_article_id     (FmClaim    *self);
void                fm_claim_set_article_id     (FmClaim    *self,
                                                 const char *article_id);
/* Character (code point) offsets into the article text, end exclusive */
guint               fm_claim_get_start          (FmClaim    *self);
guint               fm_claim_get_end            (FmClaim    *self);
void                fm_claim_set_span           (FmClaim    *self,
                                                 guint       start,
                                                 guint       end);
/* The W3C TextQuoteSelector: exact text, and context before and after */
const char         *fm_claim_get_quote          (FmClaim    *self);
const char         *fm_claim_get_prefix         (FmClaim    *self);
const char         *fm_claim_get_suffix         (FmClaim    *self);
void                fm_claim_set_selector       (FmClaim    *self,
                                                 const char *quote,
                                                 const char *prefix,
                                                 const char *suffix);
const char         *fm_claim_get_summary        (FmClaim    *self);
void                fm_claim_set_summary        (FmClaim    *self,
                                                 const char *summary);
FmVerdict           fm_claim_get_verdict        (FmClaim    *self);
void                fm_claim_set_verdict        (FmClaim    *self,
                                                 FmVerdict   verdict);
FmStatus            fm_claim_get_status         (FmClaim    *self);
void                fm_claim_set_status         (FmClaim    *self,
                                                 FmStatus    status);
const char         *fm_claim_get_explanation    (FmClaim    *self);
void                fm_claim_set_explanation    (FmClaim    *self,
                                                 const char *explanation);
const char         *fm_claim_get_assignee       (FmClaim    *self);
void                fm_claim_set_assignee       (FmClaim    *self,
                                                 const char *assignee);
/* Sorted, without duplicates */
const char * const *fm_claim_get_tags           (FmClaim    *self);
void                fm_claim_set_tags           (FmClaim    *self,
                                                 const char * const *tags);
/* The editor's comment when changes were requested */
const char         *fm_claim_get_review_comment (FmClaim    *self);
void                fm_claim_set_review_comment (FmClaim    *self,
                                                 const char *comment);
const char         *fm_claim_get_reviewed_by    (FmClaim    *self);
const char         *fm_claim_get_reviewed_at    (FmClaim    *self);
void                fm_claim_set_reviewed       (FmClaim    *self,
                                                 const char *by,
                                                 const char *at);
const char         *fm_claim_get_created_by     (FmClaim    *self);
const char         *fm_claim_get_created_at     (FmClaim    *self);
void                fm_claim_set_created        (FmClaim    *self,
                                                 const char *by,
                                                 const char *at);
const char         *fm_claim_get_updated_by     (FmClaim    *self);
const char         *fm_claim_get_updated_at     (FmClaim    *self);
void                fm_claim_set_updated        (FmClaim    *self,
                                                 const char *by,
                                                 const char *at);
guint               fm_claim_get_n_sources      (FmClaim    *self);
void                fm_claim_set_n_sources      (FmClaim    *self,
                                                 guint       n_sources);

/* The summary, or the quote where there is none */
const char         *fm_claim_get_display_text   (FmClaim    *self);

/* Text order: by start, then the longer span first, then by id */
int                 fm_claim_compare            (FmClaim    *a,
                                                 FmClaim    *b);

/* After the article changed: whether the claim is placed, to confirm, or
 * unplaced (an orphan, whose span is meaningless and must not be shown),
 * and how sure the placing is (0 … 1) */
FmAnchorState       fm_claim_get_anchor_state      (FmClaim       *self);
double              fm_claim_get_anchor_confidence (FmClaim       *self);
void                fm_claim_set_anchor            (FmClaim       *self,
                                                    FmAnchorState  state,
                                                    double         confidence);

G_END_DECLS
