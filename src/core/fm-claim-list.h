/* fm-claim-list.h — the claims of one article as a GListModel, in text order */
#pragma once

#include <gio/gio.h>

#include "fm-store.h"

G_BEGIN_DECLS

#define FM_TYPE_CLAIM_LIST (fm_claim_list_get_type ())
G_DECLARE_FINAL_TYPE (FmClaimList, fm_claim_list, FM, CLAIM_LIST, GObject)

/* The live claims of @article_id, kept in text order as the store adds and
 * removes claims. A claim's position + 1 is its number in the article. */
FmClaimList *fm_claim_list_new          (FmStore     *store,
                                         const char  *article_id,
                                         GError     **error);
FmStore     *fm_claim_list_get_store    (FmClaimList *self);
const char  *fm_claim_list_get_article_id (FmClaimList *self);
/* The position of the claim with this id, or -1 */
int          fm_claim_list_find         (FmClaimList *self,
                                         const char  *claim_id);
/* How many claims are checked (needs review or approved) */
guint        fm_claim_list_count_checked (FmClaimList *self);

G_END_DECLS
