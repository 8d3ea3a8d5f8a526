/* fuzz-search.c — what a person types into the search and id boxes
 *
 * The search words go through fts_query() into an FTS5 MATCH, and an id
 * prefix into a range query: whatever is typed, the store answers with
 * results or a clear error, never an SQL or FTS syntax error, and never
 * changes anything.
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "fm-store.h"
#include "fuzz-common.h"

static char *dir;
static FmStore *store;
static guint n_claims;

static void
remove_workspace (void)
{
  g_autofree char *db = g_build_filename (dir, "workspace.db", NULL);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);

  g_clear_object (&store);
  unlink (wal);
  unlink (shm);
  unlink (db);
  rmdir (dir);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  static const char * const words[] = {
    "Traffic fell by a third", "bridge tolls", "Caf\xC3\xA9 prices rose", "NEAR the river",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(FmArticle) article = fm_article_new ();
  g_autoptr(FmArticle) stored = NULL;
  g_autofree char *path = NULL;

  fuzz_common_init ();
  dir = g_dir_make_tmp ("factmark-fuzz-XXXXXX", &error);
  g_assert_no_error (error);
  atexit (remove_workspace);
  path = g_build_filename (dir, "workspace.db", NULL);
  store = fm_store_open (path, &error);
  g_assert_no_error (error);

  fm_article_set_title (article, "Bridge tolls");
  fm_article_set_text (article, "The council said traffic fell by a third after the bridge tolls.");
  stored = fm_store_add_article (store, article, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      g_autoptr(FmClaim) claim = fm_store_create_claim (store, fm_article_get_id (stored),
                                                        i, 20 + i, &error);
      g_autoptr(FmSource) values = fm_source_new ();
      g_autoptr(FmSource) source = NULL;

      g_assert_no_error (error);
      g_assert_true (fm_store_set_claim_field (store, claim, FM_CLAIM_FIELD_SUMMARY, words[i],
                                               &error));
      fm_source_set_url (values, "https://example.org/");
      fm_source_set_title (values, words[(i + 1) % G_N_ELEMENTS (words)]);
      source = fm_store_add_source (store, fm_claim_get_id (claim), values, &error);
      g_assert_no_error (error);
      n_claims++;
    }
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* A text box gives valid UTF-8 */
  g_autofree char *text = g_utf8_make_valid ((const char *)data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *id = NULL;
  FmClaimQuery query = FM_CLAIM_QUERY_INIT;
  guint count;

  query.search = text;
  query.sort = size > 0 ? data[0] % (FM_CLAIM_SORT_SUMMARY + 1) : FM_CLAIM_SORT_TEXT;
  query.descending = size > 1 && (data[1] & 1);
  found = fm_store_query_claims (store, &query, &error);
  if (error != NULL)
    {
      g_printerr ("search “%s”: %s\n", text, error->message);
      abort ();
    }
  count = fm_store_count_query (store, &query, &error);
  fuzz_assert (error == NULL);
  fuzz_assert (count == found->len && count <= n_claims);

  /* Ids: found, or a clear "no such id"/"give more of it" */
  id = fm_store_resolve_claim_id (store, text, &error);
  fuzz_assert ((id == NULL) != (error == NULL));
  fuzz_assert (id != NULL || g_error_matches (error, FM_STORE_ERROR, FM_STORE_ERROR_NOT_FOUND) ||
               g_error_matches (error, FM_STORE_ERROR, FM_STORE_ERROR_AMBIGUOUS));
  return 0;
}
