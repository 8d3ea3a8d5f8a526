/* fm-test-store.h — workspace helpers shared by the tests that need a store */
#pragma once

#include <string.h>

#include "fm-store.h"

/* A new claim on the first place where @quote stands in the article's text */
static inline FmClaim *
fm_test_add_claim_on (FmStore    *store,
                      const char *article_id,
                      const char *quote)
{
  g_autoptr(FmArticle) article = fm_store_get_article (store, article_id, NULL);
  g_autoptr(GError) error = NULL;
  const char *text = fm_article_get_text (article);
  const char *at = strstr (text, quote);
  FmClaim *claim;
  guint start;

  g_assert_nonnull (at);
  start = g_utf8_pointer_to_offset (text, at);
  claim = fm_store_create_claim (store, article_id, start, start + g_utf8_strlen (quote, -1),
                                 &error);
  g_assert_no_error (error);
  return claim;
}
