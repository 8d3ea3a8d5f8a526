/* test-sync.c — sharing a workspace through a folder: capture, merge, files
 *
 * The property test at the end runs two and three workspaces through random
 * interleaved edits and syncs with a fixed seed, then checks that they hold
 * the same content and that the content is what the documented rules say,
 * computed here from a model of every acknowledged edit — independently of
 * the store's own bookkeeping.
 */
#include "config.h"

/* To read changesets independently of the store */
#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <sqlite3.h>
#include <string.h>

#include "fm-store.h"
#include "fm-sync.h"
#include "fm-test.h"

static const char text_buses[] =
  "The city spent 12 million euros on new buses in 2025.\n"
  "Ridership rose by 8 percent, the transport authority said.\n"
  "Critics say the money would have been better spent on trams.";

static const char text_tolls[] =
  "The toll cut weekday traffic by 34 percent in six months, the council said.\n"
  "Bus journeys are eleven minutes shorter on average.\n"
  "Shops near the bridge report fewer customers since the toll began.";

static const char text_rain[] =
  "Rainfall rose by 40 percent last year.\n"
  "The reservoir is half full, the water board said on Monday.";

/* Helpers */

typedef struct
{
  char    *dir;
  char    *folder_path;
  GFile   *folder;
  FmStore *ws[3];
} Fixture;

static FmStore *
open_workspace (const char *dir,
                const char *name,
                const char *actor)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  FmStore *store = fm_store_open (path, &error);

  g_assert_no_error (error);
  fm_store_set_actor (store, actor);
  return store;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static const char * const actors[] = { "Ana", "Ben", "Chloé" };

  f->dir = fm_test_tmpdir ();
  f->folder_path = g_build_filename (f->dir, "shared", NULL);
  g_assert_cmpint (g_mkdir (f->folder_path, 0700), ==, 0);
  f->folder = g_file_new_for_path (f->folder_path);
  for (guint i = 0; i < G_N_ELEMENTS (f->ws); i++)
    {
      g_autofree char *name = g_strdup_printf ("w%u.db", i);
      f->ws[i] = open_workspace (f->dir, name, actors[i]);
    }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (f->ws); i++)
    g_clear_object (&f->ws[i]);
  g_clear_object (&f->folder);
  fm_test_rmtree (f->dir);
  g_free (f->dir);
  g_free (f->folder_path);
}

static FmSyncResult *
sync_with (FmStore *store,
           GFile   *folder)
{
  g_autoptr(FmSync) sync = fm_sync_new (store, folder);
  g_autoptr(GError) error = NULL;
  FmSyncResult *result = fm_sync_run (sync, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

/* Syncs and expects no refused file */
static void
sync_ok (FmStore *store,
         GFile   *folder)
{
  g_autoptr(FmSyncResult) result = sync_with (store, folder);

  for (guint i = 0; i < result->problems->len; i++)
    g_test_message ("problem: %s", ((GError *)g_ptr_array_index (result->problems, i))->message);
  g_assert_cmpuint (result->problems->len, ==, 0);
}

static char *
dump (FmStore *store)
{
  g_autoptr(GError) error = NULL;
  char *text = fm_store_sync_dump (store, &error);

  g_assert_no_error (error);
  return text;
}

static void
assert_same_content (FmStore *a,
                     FmStore *b)
{
  g_autofree char *da = dump (a);
  g_autofree char *db = dump (b);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (da, ==, db);
  g_assert_true (fm_store_sync_verify (a, &error));
  g_assert_no_error (error);
  g_assert_true (fm_store_sync_verify (b, &error));
  g_assert_no_error (error);
}

static FmArticle *
add_article (FmStore    *store,
             const char *title,
             const char *text)
{
  g_autoptr(FmArticle) article = fm_article_new ();
  g_autoptr(GError) error = NULL;
  FmArticle *stored;

  fm_article_set_title (article, title);
  fm_article_set_text (article, text);
  stored = fm_store_add_article (store, article, NULL, &error);
  g_assert_no_error (error);
  return stored;
}

static FmClaim *
create_claim (FmStore    *store,
              const char *article_id,
              guint       start,
              guint       end)
{
  g_autoptr(GError) error = NULL;
  FmClaim *claim = fm_store_create_claim (store, article_id, start, end, &error);

  g_assert_no_error (error);
  return claim;
}

static FmClaim *
get_claim (FmStore    *store,
           const char *id)
{
  g_autoptr(GError) error = NULL;
  FmClaim *claim = fm_store_get_claim (store, id, &error);

  g_assert_no_error (error);
  return claim;
}

static void
set_field (FmStore      *store,
           FmClaim      *claim,
           FmClaimField  field,
           const char   *value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (fm_store_set_claim_field (store, claim, field, value, &error));
  g_assert_no_error (error);
}

static FmSource *
add_source (FmStore    *store,
            const char *claim_id,
            const char *url,
            const char *title)
{
  g_autoptr(FmSource) values = fm_source_new ();
  g_autoptr(GError) error = NULL;
  FmSource *source;

  fm_source_set_url (values, url);
  fm_source_set_title (values, title);
  source = fm_store_add_source (store, claim_id, values, &error);
  g_assert_no_error (error);
  return source;
}

static gboolean
history_has (FmStore    *store,
             const char *claim_id,
             const char *field,
             const char *new_value)
{
  g_autoptr(GPtrArray) history = fm_store_get_history (store, claim_id, NULL);

  for (guint i = 0; history && i < history->len; i++)
    {
      FmHistoryEntry *entry = g_ptr_array_index (history, i);

      if (g_strcmp0 (entry->field, field) == 0 && g_strcmp0 (entry->new_value, new_value) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
claim_exists (FmStore    *store,
              const char *id)
{
  g_autoptr(FmClaim) claim = fm_store_get_claim (store, id, NULL);

  return claim != NULL;
}

/* Capture */

static void
test_capture (Fixture       *f,
              gconstpointer  data)
{
  FmStore *a = f->ws[0];
  g_autoptr(FmArticle) article = add_article (a, "Buses", text_buses);
  g_autoptr(FmClaim) claim = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GError) error = NULL;
  guint64 before;

  /* One op per transaction, numbered in commit order */
  g_assert_cmpuint (fm_store_sync_get_last_seq (a, NULL), ==, 1);
  claim = create_claim (a, fm_article_get_id (article), 4, 30);
  set_field (a, claim, FM_CLAIM_FIELD_SUMMARY, "Bus spending");
  g_assert_cmpuint (fm_store_sync_get_last_seq (a, NULL), ==, 3);

  /* A change that changes nothing records nothing */
  before = fm_store_sync_get_last_seq (a, NULL);
  set_field (a, claim, FM_CLAIM_FIELD_SUMMARY, "Bus spending");
  g_assert_cmpuint (fm_store_sync_get_last_seq (a, NULL), ==, before);

  /* Neither does a change that fails (and is rolled back) */
  g_assert_false (fm_store_set_claim_field (a, claim, FM_CLAIM_FIELD_VERDICT, "nonsense", &error));
  g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INVALID);
  g_assert_cmpuint (fm_store_sync_get_last_seq (a, NULL), ==, before);

  ops = fm_store_sync_get_outbox (a, 0, 0, NULL);
  g_assert_cmpuint (ops->len, ==, 3);
  for (guint i = 0; i < ops->len; i++)
    {
      FmSyncOp *op = g_ptr_array_index (ops, i);
      g_autoptr(FmSyncSchema) schema = fm_store_sync_get_schema (a);
      g_autoptr(GError) check_error = NULL;

      g_assert_cmpstr (op->workspace_id, ==, fm_store_get_workspace_id (a));
      g_assert_cmpuint (op->seq, ==, i + 1);
      g_assert_cmpstr (op->actor, ==, "Ana");
      if (i > 0)
        g_assert_cmpint (op->stamp, >, ((FmSyncOp *)g_ptr_array_index (ops, i - 1))->stamp);
      g_assert_true (fm_sync_schema_check_op (schema, op, &check_error));
      g_assert_no_error (check_error);
    }
}

/* Only the shared tables are recorded: never the FTS index, nor the local
 * bookkeeping. Checked on the changeset itself. */
static void
test_capture_tables (Fixture       *f,
                     gconstpointer  data)
{
  FmStore *a = f->ws[0];
  g_autoptr(FmArticle) article = add_article (a, "Buses", text_buses);
  g_autoptr(FmClaim) claim = create_claim (a, fm_article_get_id (article), 4, 30);
  g_autoptr(FmSource) source = add_source (a, fm_claim_get_id (claim), "https://example.org/a", "A");
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GHashTable) tables = g_hash_table_new (g_str_hash, g_str_equal);

  set_field (a, claim, FM_CLAIM_FIELD_TAGS, "budget, transport");
  g_assert_true (fm_store_delete_claim (a, claim, NULL));
  ops = fm_store_sync_get_outbox (a, 0, 0, NULL);
  for (guint i = 0; i < ops->len; i++)
    {
      FmSyncOp *op = g_ptr_array_index (ops, i);
      sqlite3_changeset_iter *iter = NULL;
      gsize size;
      const void *bytes = g_bytes_get_data (op->changeset, &size);

      g_assert_cmpint (sqlite3changeset_start (&iter, size, (void *)bytes), ==, SQLITE_OK);
      while (sqlite3changeset_next (iter) == SQLITE_ROW)
        {
          const char *table;
          int n_cols, kind, indirect;

          sqlite3changeset_op (iter, &table, &n_cols, &kind, &indirect);
          g_hash_table_add (tables, (gpointer)g_intern_string (table));
        }
      g_assert_cmpint (sqlite3changeset_finalize (iter), ==, SQLITE_OK);
    }
  /* The deletion's cascade (sources, tags) is in it too */
  g_assert_true (g_hash_table_contains (tables, "articles"));
  g_assert_true (g_hash_table_contains (tables, "claims"));
  g_assert_true (g_hash_table_contains (tables, "claim_tags"));
  g_assert_true (g_hash_table_contains (tables, "sources"));
  g_assert_true (g_hash_table_contains (tables, "history"));
  g_assert_cmpuint (g_hash_table_size (tables), ==, 5);
}

/* A workspace made before sync existed: its content is its first op */
static void
test_baseline (void)
{
  g_autofree char *dir = fm_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "old.db", NULL);
  g_autofree char *fixture = fm_test_source_file ("fixtures", "workspace-v1.sql", NULL);
  g_autofree char *folder_path = g_build_filename (dir, "shared", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (folder_path);
  g_autofree char *sql = NULL;
  g_autoptr(FmStore) old = NULL;
  g_autoptr(FmStore) fresh = NULL;
  g_autoptr(FmClaim) claim = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  g_assert_true (g_file_get_contents (fixture, &sql, NULL, NULL));
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  old = fm_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fm_store_sync_get_last_seq (old, NULL), ==, 1);

  fresh = open_workspace (dir, "fresh.db", "Ben");
  g_assert_cmpuint (fm_store_sync_get_last_seq (fresh, NULL), ==, 0);
  g_assert_cmpuint (g_mkdir (folder_path, 0700), ==, 0);
  sync_ok (old, folder);
  sync_ok (fresh, folder);
  assert_same_content (old, fresh);

  claim = get_claim (fresh, "7d2a9e4b-2222-4c1d-9e8f-0a1b2c3d4e5f");
  g_assert_cmpstr (fm_claim_get_summary (claim), ==, "Rainfall up 40%");
  g_assert_cmpuint (fm_claim_get_n_sources (claim), ==, 1);

  g_clear_object (&old);
  g_clear_object (&fresh);
  fm_test_rmtree (dir);
}

/* Exchange */

typedef struct
{
  guint articles_added;
  guint claims_added;
  guint claims_changed;
  guint claims_removed;
  guint sources_changed;
} Signals;

static void
on_article_added (FmStore *store, FmArticle *article, Signals *s)
{
  s->articles_added++;
}

static void
on_claim_added (FmStore *store, FmClaim *claim, Signals *s)
{
  s->claims_added++;
}

static void
on_claim_changed (FmStore *store, FmClaim *claim, const char *field, Signals *s)
{
  s->claims_changed++;
}

static void
on_claim_removed (FmStore *store, FmClaim *claim, Signals *s)
{
  s->claims_removed++;
}

static void
on_sources_changed (FmStore *store, const char *claim_id, Signals *s)
{
  s->sources_changed++;
}

static void
listen (FmStore *store,
        Signals *s)
{
  g_signal_connect (store, "article-added", G_CALLBACK (on_article_added), s);
  g_signal_connect (store, "claim-added", G_CALLBACK (on_claim_added), s);
  g_signal_connect (store, "claim-changed", G_CALLBACK (on_claim_changed), s);
  g_signal_connect (store, "claim-removed", G_CALLBACK (on_claim_removed), s);
  g_signal_connect (store, "sources-changed", G_CALLBACK (on_sources_changed), s);
}

static void
test_exchange (Fixture       *f,
               gconstpointer  data)
{
  FmStore *a = f->ws[0];
  FmStore *b = f->ws[1];
  g_autoptr(FmArticle) article = add_article (a, "Buses", text_buses);
  g_autoptr(FmClaim) claim = create_claim (a, fm_article_get_id (article), 4, 30);
  g_autoptr(FmClaim) on_b = NULL;
  g_autoptr(FmSource) source = add_source (a, fm_claim_get_id (claim), "https://example.org/a", "A");
  g_autoptr(FmSyncResult) result = NULL;
  Signals heard = { 0 };

  set_field (a, claim, FM_CLAIM_FIELD_SUMMARY, "Bus spending");
  set_field (a, claim, FM_CLAIM_FIELD_TAGS, "budget, transport");

  result = sync_with (a, f->folder);
  g_assert_cmpuint (result->n_sent, ==, 5);
  g_assert_cmpuint (result->n_files_written, ==, 1);
  g_assert_cmpuint (result->n_received, ==, 0);
  g_clear_pointer (&result, fm_sync_result_free);

  /* The window hears of what arrives through the usual signals */
  listen (b, &heard);
  result = sync_with (b, f->folder);
  g_assert_cmpuint (heard.articles_added, ==, 1);
  g_assert_cmpuint (heard.claims_added, ==, 1);
  g_assert_cmpuint (heard.sources_changed, ==, 1);
  g_assert_cmpuint (result->n_sent, ==, 0);
  g_assert_cmpuint (result->n_received, ==, 5);
  g_assert_cmpuint (result->n_workspaces, ==, 1);
  g_assert_cmpuint (result->n_waiting, ==, 0);
  assert_same_content (a, b);

  /* Back the other way */
  on_b = get_claim (b, fm_claim_get_id (claim));
  g_assert_true (fm_store_set_claim_status (b, on_b, FM_STATUS_APPROVED, NULL));
  sync_ok (b, f->folder);
  sync_ok (a, f->folder);
  assert_same_content (a, b);
  g_signal_handlers_disconnect_by_data (b, &heard);
  /* The live object on A took the new values */
  g_assert_cmpint (fm_claim_get_status (claim), ==, FM_STATUS_APPROVED);
  g_assert_cmpstr (fm_claim_get_reviewed_by (claim), ==, "Ben");

  /* Running it again does nothing */
  g_clear_pointer (&result, fm_sync_result_free);
  result = sync_with (a, f->folder);
  g_assert_cmpuint (result->n_sent + result->n_received + result->n_files_read, ==, 0);
}

/* Merge rules */

static FmSyncConflict *
find_conflict (FmStore    *store,
               const char *claim_id,
               const char *field)
{
  g_autoptr(GPtrArray) conflicts = fm_store_sync_list_conflicts (store, TRUE, NULL);

  for (guint i = 0; i < conflicts->len; i++)
    {
      FmSyncConflict *c = g_ptr_array_index (conflicts, i);

      if (g_strcmp0 (fm_sync_conflict_get_claim_id (c), claim_id) == 0 &&
          g_strcmp0 (fm_sync_conflict_get_field (c), field) == 0)
        return g_object_ref (c);
    }
  return NULL;
}

/* Different fields changed on two machines: both changes are kept. The
 * same field: the later change wins on both machines, the other is a
 * conflict whose value stays in the history. */
static void
test_fields (Fixture       *f,
             gconstpointer  data)
{
  FmStore *a = f->ws[0];
  FmStore *b = f->ws[1];
  g_autoptr(FmArticle) article = add_article (a, "Buses", text_buses);
  g_autoptr(FmClaim) claim = create_claim (a, fm_article_get_id (article), 4, 30);
  g_autoptr(FmClaim) on_b = NULL;
  g_autoptr(FmSyncConflict) on_a = NULL;
  g_autoptr(FmSyncConflict) seen_by_b = NULL;
  g_autofree char *sentence = NULL;
  const char *id = fm_claim_get_id (claim);

  sync_ok (a, f->folder);
  sync_ok (b, f->folder);
  on_b = get_claim (b, id);

  /* Ana first, Ben later: Ben's verdict is the later change */
  set_field (a, claim, FM_CLAIM_FIELD_EXPLANATION, "The budget shows 12.4 million.");
  set_field (a, claim, FM_CLAIM_FIELD_VERDICT, "mostly-true");
  set_field (b, on_b, FM_CLAIM_FIELD_ASSIGNEE, "Ben");
  set_field (b, on_b, FM_CLAIM_FIELD_VERDICT, "true");

  sync_ok (a, f->folder);
  sync_ok (b, f->folder);
  sync_ok (a, f->folder);
  assert_same_content (a, b);

  g_assert_cmpstr (fm_claim_get_explanation (claim), ==, "The budget shows 12.4 million.");
  g_assert_cmpstr (fm_claim_get_assignee (claim), ==, "Ben");
  g_assert_cmpint (fm_claim_get_verdict (claim), ==, FM_VERDICT_TRUE);

  /* Both machines list the conflict; the lost value is in the history */
  on_a = find_conflict (a, id, "verdict");
  seen_by_b = find_conflict (b, id, "verdict");
  g_assert_nonnull (on_a);
  g_assert_nonnull (seen_by_b);
  for (guint i = 0; i < 2; i++)
    {
      FmSyncConflict *c = i == 0 ? on_a : seen_by_b;

      g_assert_cmpint (fm_sync_conflict_get_kind (c), ==, FM_SYNC_CONFLICT_FIELD);
      g_assert_cmpstr (fm_sync_conflict_get_kept_value (c), ==, "true");
      g_assert_cmpstr (fm_sync_conflict_get_kept_actor (c), ==, "Ben");
      g_assert_cmpstr (fm_sync_conflict_get_lost_value (c), ==, "mostly-true");
      g_assert_cmpstr (fm_sync_conflict_get_lost_actor (c), ==, "Ana");
      g_assert_cmpstr (fm_sync_conflict_get_lost_workspace (c), ==, fm_store_get_workspace_id (a));
      g_assert_cmpstr (fm_sync_conflict_get_article_id (c), ==, fm_article_get_id (article));
      g_assert_nonnull (fm_sync_conflict_get_kept_at (c));
      g_assert_cmpstr (fm_sync_conflict_get_kept_at (c), >, fm_sync_conflict_get_lost_at (c));
    }
  g_assert_true (history_has (a, id, "verdict", "mostly-true"));
  g_assert_true (history_has (b, id, "verdict", "mostly-true"));
  sentence = fm_sync_conflict_describe (on_a);
  g_assert_nonnull (strstr (sentence, "Mostly true"));
  g_assert_nonnull (strstr (sentence, "Ben"));

  /* Different fields were no conflict */
  g_assert_null (find_conflict (a, id, "explanation"));
  g_assert_null (find_conflict (a, id, "assignee"));

  /* A change made after seeing the other is no conflict either */
  set_field (b, on_b, FM_CLAIM_FIELD_VERDICT, "mixed");
  sync_ok (b, f->folder);
  sync_ok (a, f->folder);
  g_assert_cmpint (fm_claim_get_verdict (claim), ==, FM_VERDICT_MIXED);
  g_assert_cmpuint (fm_store_sync_count_conflicts (a, NULL), ==, 1);
}

/* An approval and another status change made at once: whichever status
 * wins, the claim has a reviewer exactly when it is approved */
static void
test_review (Fixture       *f,
             gconstpointer  data)
{
  FmStore *a = f->ws[0];
  FmStore *b = f->ws[1];
  g_autoptr(FmArticle) article = add_article (a, "Buses", text_buses);
  g_autoptr(FmClaim) first = create_claim (a, fm_article_get_id (article), 4, 30);
  g_autoptr(FmClaim) second = create_claim (a, fm_article_get_id (article), 40, 60);
  g_autoptr(FmClaim) first_b = NULL;
  g_autoptr(FmClaim) second_b = NULL;

  g_assert_true (fm_store_set_claim_status (a, first, FM_STATUS_IN_PROGRESS, NULL));
  g_assert_true (fm_store_set_claim_status (a, second, FM_STATUS_IN_PROGRESS, NULL));
  sync_ok (a, f->folder);
  sync_ok (b, f->folder);
  first_b = get_claim (b, fm_claim_get_id (first));
  second_b = get_claim (b, fm_claim_get_id (second));

  /* First claim: Ana approves, then Ben (later) asks for review */
  g_assert_true (fm_store_set_claim_status (a, first, FM_STATUS_APPROVED, NULL));
  g_assert_true (fm_store_set_claim_status (b, first_b, FM_STATUS_NEEDS_REVIEW, NULL));
  /* Second claim: Ben asks for review, then Ana (later) approves */
  g_assert_true (fm_store_set_claim_status (b, second_b, FM_STATUS_NEEDS_REVIEW, NULL));
  g_assert_true (fm_store_set_claim_status (a, second, FM_STATUS_APPROVED, NULL));

  sync_ok (a, f->folder);
  sync_ok (b, f->folder);
  sync_ok (a, f->folder);
  assert_same_content (a, b);

  g_assert_cmpint (fm_claim_get_status (first), ==, FM_STATUS_NEEDS_REVIEW);
  g_assert_null (fm_claim_get_reviewed_by (first));
  g_assert_null (fm_claim_get_reviewed_at (first));
  g_assert_cmpint (fm_claim_get_status (second), ==, FM_STATUS_APPROVED);
  g_assert_cmpstr (fm_claim_get_reviewed_by (second), ==, "Ana");
  g_assert_nonnull (fm_claim_get_reviewed_at (second));
}

/* An approval made without seeing a change to the evidence (or the other
 * way round) is listed for review on every machine, in either order */
static void
test_approval_unseen (Fixture       *f,
                      gconstpointer  data)
{
  FmStore *a = f->ws[0];
  FmStore *b = f->ws[1];
  FmStore *c = f->ws[2];
  g_autoptr(FmArticle) article = add_article (a, "Buses", text_buses);
  g_autoptr(FmClaim) first = create_claim (a, fm_article_get_id (article), 4, 30);
  g_autoptr(FmClaim) second = create_claim (a, fm_article_get_id (article), 40, 60);
  g_autoptr(FmClaim) first_b = NULL;
  g_autoptr(FmClaim) second_b = NULL;

  g_assert_true (fm_store_set_claim_status (a, first, FM_STATUS_NEEDS_REVIEW, NULL));
  g_assert_true (fm_store_set_claim_status (a, second, FM_STATUS_NEEDS_REVIEW, NULL));
  sync_ok (a, f->folder);
  sync_ok (b, f->folder);
  first_b = get_claim (b, fm_claim_get_id (first));
  second_b = get_claim (b, fm_claim_get_id (second));

  /* The editor approves both; meanwhile the journalist changes the first
   * one's verdict and adds a source to the second */
  g_assert_true (fm_store_set_claim_status (a, first, FM_STATUS_APPROVED, NULL));
  g_assert_true (fm_store_set_claim_status (a, second, FM_STATUS_APPROVED, NULL));
  set_field (b, first_b, FM_CLAIM_FIELD_VERDICT, "false");
  {
    g_autoptr(FmSource) source = add_source (b, fm_claim_get_id (second_b),
                                             "https://example.org/new", "New figures");
  }

  /* A takes B's changes after its approvals; B takes A's approvals after
   * its changes; C takes both at once */
  sync_ok (a, f->folder);
  sync_ok (b, f->folder);
  sync_ok (a, f->folder);
  sync_ok (c, f->folder);
  assert_same_content (a, b);
  assert_same_content (a, c);

  for (guint w = 0; w < 3; w++)
    {
      g_autoptr(FmSyncConflict) verdict = find_conflict (f->ws[w], fm_claim_get_id (first), "verdict");
      g_autoptr(FmSyncConflict) source = find_conflict (f->ws[w], fm_claim_get_id (second), "source");
      g_autofree char *sentence = NULL;

      g_assert_nonnull (verdict);
      g_assert_nonnull (source);
      g_assert_cmpint (fm_sync_conflict_get_kind (verdict), ==, FM_SYNC_CONFLICT_REVIEW);
      g_assert_cmpint (fm_sync_conflict_get_kind (source), ==, FM_SYNC_CONFLICT_REVIEW);
      g_assert_cmpstr (fm_sync_conflict_get_kept_actor (verdict), ==, "Ana");
      g_assert_cmpstr (fm_sync_conflict_get_lost_actor (verdict), ==, "Ben");
      g_assert_cmpstr (fm_sync_conflict_get_lost_value (verdict), ==, "false");
      sentence = fm_sync_conflict_describe (verdict);
      g_assert_nonnull (strstr (sentence, "review it again"));
    }
  /* The fields merged as usual: still approved, with Ben's verdict */
  g_assert_cmpint (fm_claim_get_status (first), ==, FM_STATUS_APPROVED);
  g_assert_cmpint (fm_claim_get_verdict (first), ==, FM_VERDICT_FALSE);

  /* A change made after seeing the approval reopens the claim as always,
   * and is nothing to flag */
  {
    g_autoptr(FmClaim) again = get_claim (b, fm_claim_get_id (second));
    guint before = fm_store_sync_count_conflicts (a, NULL);

    set_field (b, again, FM_CLAIM_FIELD_EXPLANATION, "Checked again.");
    g_assert_cmpint (fm_claim_get_status (again), ==, FM_STATUS_NEEDS_REVIEW);
    sync_ok (b, f->folder);
    sync_ok (a, f->folder);
    g_assert_cmpuint (fm_store_sync_count_conflicts (a, NULL), ==, before);
  }
}

/* Tags are a set: additions and removals on two machines all count */
static void
test_tags (Fixture       *f,
           gconstpointer  data)
{
  FmStore *a = f->ws[0];
  FmStore *b = f->ws[1];
  g_autoptr(FmArticle) article = add_article (a, "Buses", text_buses);
  g_autoptr(FmClaim) claim = create_claim (a, fm_article_get_id (article), 4, 30);
  g_autoptr(FmClaim) on_b = NULL;

  set_field (a, claim, FM_CLAIM_FIELD_TAGS, "budget, buses, city");
  sync_ok (a, f->folder);
  sync_ok (b, f->folder);
  on_b = get_claim (b, fm_claim_get_id (claim));

  set_field (a, claim, FM_CLAIM_FIELD_TAGS, "buses, city, spending");   /* − budget + spending */
  set_field (b, on_b, FM_CLAIM_FIELD_TAGS, "budget, buses, transport"); /* − city + transport */
  sync_ok (a, f->folder);
  sync_ok (b, f->folder);
  sync_ok (a, f->folder);
  assert_same_content (a, b);
  g_assert_cmpstrv (fm_claim_get_tags (claim),
                    ((const char * const[]) { "buses", "spending", "transport", NULL }));
  g_assert_cmpuint (fm_store_sync_count_conflicts (a, NULL), ==, 0);
}

/* A claim deleted on one machine and edited on the other is kept, with
 * its sources and tags, and the conflict listed; a deletion made after
 * seeing every change stands. */
static void
test_delete_edited (Fixture       *f,
                    gconstpointer  data)
{
  FmStore *a = f->ws[0];
  FmStore *b = f->ws[1];
  g_autoptr(FmArticle) article = add_article (a, "Buses", text_buses);
  g_autoptr(FmClaim) claim = create_claim (a, fm_article_get_id (article), 4, 30);
  g_autoptr(FmSource) source = add_source (a, fm_claim_get_id (claim), "https://example.org/a", "A");
  g_autoptr(FmClaim) on_b = NULL;
  g_autoptr(FmSyncConflict) conflict = NULL;
  g_autofree char *id = g_strdup (fm_claim_get_id (claim));
  Signals heard = { 0 };

  set_field (a, claim, FM_CLAIM_FIELD_TAGS, "budget");
  sync_ok (a, f->folder);
  sync_ok (b, f->folder);
  on_b = get_claim (b, id);

  g_assert_true (fm_store_delete_claim (a, claim, NULL));
  set_field (b, on_b, FM_CLAIM_FIELD_EXPLANATION, "Checked with the city budget.");

  /* A takes B's edit: the deletion is undone there, and A hears of it */
  sync_ok (b, f->folder);
  listen (a, &heard);
  sync_ok (a, f->folder);
  g_signal_handlers_disconnect_by_data (a, &heard);
  g_assert_cmpuint (heard.claims_added, ==, 1);
  sync_ok (b, f->folder);
  assert_same_content (a, b);

  g_assert_true (claim_exists (a, id));
  {
    g_autoptr(FmClaim) back = get_claim (a, id);

    g_assert_cmpstr (fm_claim_get_explanation (back), ==, "Checked with the city budget.");
    g_assert_cmpuint (fm_claim_get_n_sources (back), ==, 1);
    g_assert_cmpstrv (fm_claim_get_tags (back), ((const char * const[]) { "budget", NULL }));
  }
  conflict = find_conflict (b, id, "claim");
  g_assert_nonnull (conflict);
  g_assert_cmpint (fm_sync_conflict_get_kind (conflict), ==, FM_SYNC_CONFLICT_DELETION);
  g_assert_cmpstr (fm_sync_conflict_get_lost_actor (conflict), ==, "Ana");
  g_assert_cmpstr (fm_sync_conflict_get_kept_actor (conflict), ==, "Ben");
  g_clear_object (&conflict);
  g_assert_nonnull ((conflict = find_conflict (a, id, "claim")));
  g_assert_true (history_has (a, id, "deleted", NULL));

  /* Now that both have seen everything, a deletion stands everywhere */
  g_clear_object (&on_b);
  on_b = get_claim (b, id);
  g_assert_true (fm_store_delete_claim (b, on_b, NULL));
  sync_ok (b, f->folder);
  sync_ok (a, f->folder);
  assert_same_content (a, b);
  g_assert_false (claim_exists (a, id));

  /* Deleted on both machines at once: deleted */
  {
    g_autoptr(FmClaim) second = create_claim (a, fm_article_get_id (article), 40, 60);
    g_autoptr(FmClaim) second_b = NULL;
    g_autofree char *second_id = g_strdup (fm_claim_get_id (second));

    sync_ok (a, f->folder);
    sync_ok (b, f->folder);
    second_b = get_claim (b, second_id);
    g_assert_true (fm_store_delete_claim (a, second, NULL));
    g_assert_true (fm_store_delete_claim (b, second_b, NULL));
    sync_ok (a, f->folder);
    sync_ok (b, f->folder);
    sync_ok (a, f->folder);
    assert_same_content (a, b);
    g_assert_false (claim_exists (a, second_id));
  }
}

/* A source removed on one machine and edited on the other is kept; one
 * added to a claim deleted elsewhere keeps the claim */
static void
test_sources (Fixture       *f,
              gconstpointer  data)
{
  FmStore *a = f->ws[0];
  FmStore *b = f->ws[1];
  g_autoptr(FmArticle) article = add_article (a, "Buses", text_buses);
  g_autoptr(FmClaim) claim = create_claim (a, fm_article_get_id (article), 4, 30);
  g_autoptr(FmClaim) other = create_claim (a, fm_article_get_id (article), 40, 60);
  g_autoptr(FmSource) source = add_source (a, fm_claim_get_id (claim), "https://example.org/a", "A");
  g_autoptr(FmSource) on_b = NULL;
  g_autoptr(FmSource) values = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(FmSyncConflict) conflict = NULL;

  sync_ok (a, f->folder);
  sync_ok (b, f->folder);

  sources = fm_store_list_sources (b, fm_claim_get_id (claim), NULL);
  on_b = g_object_ref (g_ptr_array_index (sources, 0));
  values = fm_source_copy (on_b);
  fm_source_set_title (values, "Annual budget 2025");
  g_assert_true (fm_store_remove_source (a, source, NULL));
  g_assert_true (fm_store_update_source (b, on_b, values, NULL));

  /* Meanwhile A deletes the other claim, to which B adds a source */
  {
    g_autoptr(FmSource) added = add_source (b, fm_claim_get_id (other), "https://example.org/b", "B");
    g_assert_true (fm_store_delete_claim (a, other, NULL));
  }

  sync_ok (a, f->folder);
  sync_ok (b, f->folder);
  sync_ok (a, f->folder);
  assert_same_content (a, b);

  g_clear_pointer (&sources, g_ptr_array_unref);
  sources = fm_store_list_sources (a, fm_claim_get_id (claim), NULL);
  g_assert_cmpuint (sources->len, ==, 1);
  g_assert_cmpstr (fm_source_get_title (g_ptr_array_index (sources, 0)), ==, "Annual budget 2025");
  conflict = find_conflict (a, fm_claim_get_id (claim), "source");
  g_assert_nonnull (conflict);
  g_assert_cmpint (fm_sync_conflict_get_kind (conflict), ==, FM_SYNC_CONFLICT_DELETION);

  g_assert_true (claim_exists (a, fm_claim_get_id (other)));
  g_clear_pointer (&sources, g_ptr_array_unref);
  sources = fm_store_list_sources (a, fm_claim_get_id (other), NULL);
  g_assert_cmpuint (sources->len, ==, 1);
}

/* The same text imported on two machines is one article, under the
 * smaller id, with the claims made on both */
static void
test_same_article (Fixture       *f,
                   gconstpointer  data)
{
  FmStore *a = f->ws[0];
  FmStore *b = f->ws[1];
  FmStore *c = f->ws[2];
  g_autoptr(FmArticle) on_a = add_article (a, "Tolls", text_tolls);
  g_autoptr(FmArticle) on_b = add_article (b, "Harbour tolls", text_tolls);
  g_autoptr(FmClaim) claim_a = create_claim (a, fm_article_get_id (on_a), 0, 20);
  g_autoptr(FmClaim) claim_b = create_claim (b, fm_article_get_id (on_b), 30, 50);
  g_autoptr(GPtrArray) articles = NULL;
  g_autofree char *smaller = g_strdup (strcmp (fm_article_get_id (on_a),
                                               fm_article_get_id (on_b)) < 0 ?
                                         fm_article_get_id (on_a) : fm_article_get_id (on_b));

  sync_ok (a, f->folder);
  sync_ok (b, f->folder);
  sync_ok (c, f->folder);
  sync_ok (a, f->folder);
  assert_same_content (a, b);
  assert_same_content (a, c);

  articles = fm_store_list_articles (a, NULL);
  g_assert_cmpuint (articles->len, ==, 1);
  g_assert_cmpstr (fm_article_get_id (g_ptr_array_index (articles, 0)), ==, smaller);
  /* The live objects follow */
  g_assert_cmpstr (fm_article_get_id (on_a), ==, smaller);
  g_assert_cmpstr (fm_article_get_id (on_b), ==, smaller);
  g_assert_cmpstr (fm_claim_get_article_id (claim_a), ==, smaller);
  g_assert_cmpstr (fm_claim_get_article_id (claim_b), ==, smaller);
  g_assert_true (claim_exists (a, fm_claim_get_id (claim_b)));
  g_assert_true (claim_exists (b, fm_claim_get_id (claim_a)));
}

/* New versions of one article made on two machines at once: one version
 * of each number stays, the later text is current, the other is listed
 * with its text, and claims placed on the text that lost are listed */
static FmArticle *
revise (FmStore    *store,
        const char *article_id,
        const char *text)
{
  g_autoptr(FmArticle) version = fm_article_new ();
  g_autoptr(GError) error = NULL;
  FmArticle *revised;

  fm_article_set_title (version, "Buses");
  fm_article_set_text (version, text);
  revised = fm_store_revise_article (store, article_id, version, NULL, &error);
  g_assert_no_error (error);
  return revised;
}

static void
test_revisions (Fixture       *f,
                gconstpointer  data)
{
  static const char text_b[] =
    "The city spent 12 million euros on new electric buses in 2025.\n"
    "Ridership rose by 8 percent, the transport authority said.\n"
    "Critics say the money would have been better spent on trams.";
  static const char text_a[] =
    "The city spent 12.4 million euros on new buses in 2025.\n"
    "Ridership rose by 8 percent, the transport authority said on Monday.\n"
    "Critics say the money would have been better spent on trams.";
  FmStore *a = f->ws[0];
  FmStore *b = f->ws[1];
  g_autoptr(FmArticle) article = add_article (a, "Buses", text_buses);
  g_autoptr(FmClaim) ridership = create_claim (a, fm_article_get_id (article), 54, 82);
  g_autoptr(FmClaim) electric = NULL;
  g_autoptr(FmArticle) on_b = NULL;
  g_autoptr(FmArticle) on_a = NULL;
  g_autoptr(FmSyncConflict) text_conflict = NULL;
  g_autoptr(FmSyncConflict) placement = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  const char *id = fm_article_get_id (article);

  sync_ok (a, f->folder);
  sync_ok (b, f->folder);

  /* Ben first: a new version, and a claim on its new words */
  on_b = revise (b, id, text_b);
  electric = create_claim (b, id, 39, 53);
  g_assert_cmpstr (fm_claim_get_quote (electric), ==, "electric buses");
  /* Ana later, without having seen Ben's */
  on_a = revise (a, id, text_a);

  sync_ok (b, f->folder);
  sync_ok (a, f->folder);
  sync_ok (b, f->folder);
  assert_same_content (a, b);

  /* Ana's is the later version; one earlier version 1 is kept */
  g_clear_object (&on_a);
  on_a = fm_store_get_article (a, id, NULL);
  g_assert_cmpstr (fm_article_get_text (on_a), ==, text_a);
  revisions = fm_store_list_revisions (a, id, NULL);
  g_assert_cmpuint (revisions->len, ==, 2);

  /* Ben's text lost, and is kept with the conflict */
  for (guint w = 0; w < 2; w++)
    {
      g_autoptr(GPtrArray) conflicts = fm_store_sync_list_conflicts (f->ws[w], FALSE, NULL);
      g_clear_object (&text_conflict);
      g_clear_object (&placement);
      for (guint i = 0; i < conflicts->len; i++)
        {
          FmSyncConflict *c = g_ptr_array_index (conflicts, i);

          if (g_strcmp0 (fm_sync_conflict_get_field (c), "article.text") == 0)
            text_conflict = g_object_ref (c);
          if (g_strcmp0 (fm_sync_conflict_get_field (c), "placement") == 0)
            placement = g_object_ref (c);
        }
      g_assert_nonnull (text_conflict);
      g_assert_cmpstr (fm_sync_conflict_get_article_id (text_conflict), ==, id);
      g_assert_cmpstr (fm_sync_conflict_get_lost_value (text_conflict), ==, text_b);
      g_assert_cmpstr (fm_sync_conflict_get_kept_actor (text_conflict), ==, "Ana");
      /* Ben's claim pointed at words of his version */
      g_assert_nonnull (placement);
      g_assert_cmpstr (fm_sync_conflict_get_claim_id (placement), ==, fm_claim_get_id (electric));
    }
  {
    g_autofree char *sentence = fm_sync_conflict_describe (placement);
    g_assert_nonnull (strstr (sentence, "place it again"));
  }

  /* The claim both moved follows the current text */
  g_assert_cmpstr (fm_claim_get_quote (ridership), ==,
                   "Ridership rose by 8 percent,");

  /* And both can go on making new versions */
  {
    g_autoptr(FmArticle) again = revise (b, id, text_buses);
    sync_ok (b, f->folder);
    sync_ok (a, f->folder);
    assert_same_content (a, b);
  }

  /* Ana makes two versions, Ben one, later: the current version is still
   * numbered after every earlier one */
  {
    g_autoptr(FmArticle) one = revise (a, id, text_a);
    g_autoptr(FmArticle) two = revise (a, id, text_b);
    g_autoptr(FmArticle) ben = revise (b, id, text_tolls);
    g_autoptr(GPtrArray) versions = NULL;

    sync_ok (a, f->folder);
    sync_ok (b, f->folder);
    sync_ok (a, f->folder);
    assert_same_content (a, b);
    versions = fm_store_list_revisions (a, id, NULL);
    for (guint v = 1; v < versions->len; v++)
      g_assert_cmpuint (((FmRevision *)g_ptr_array_index (versions, v - 1))->number, <,
                        ((FmRevision *)g_ptr_array_index (versions, v))->number);
    g_clear_object (&on_a);
    on_a = fm_store_get_article (a, id, NULL);
    g_assert_cmpstr (fm_article_get_text (on_a), ==, text_tolls);
  }
}

/* Refusing what is not right */

static GPtrArray *
folder_files (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".fmsync"))
      g_ptr_array_add (names, g_build_filename (folder, name, NULL));
  g_ptr_array_sort (names, fm_test_compare_strings);
  return names;
}

/* Rewrites a file's checksum after changing its contents, as a careless
 * tool or an attacker could */
static void
reseal (char  *contents,
        gsize  len)
{
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (checksum, (guchar *)contents + 40, len - 40);
  g_checksum_get_digest (checksum, digest, &digest_len);
  memcpy (contents + 8, digest, 32);
}

static void
assert_refused (Fixture     *f,
                FmStore     *store,
                FmSyncError  code)
{
  g_autofree char *before = dump (store);
  g_autofree char *after = NULL;
  g_autoptr(FmSyncResult) result = sync_with (store, f->folder);
  GError *problem;

  g_assert_cmpuint (result->problems->len, ==, 1);
  problem = g_ptr_array_index (result->problems, 0);
  g_test_message ("refused: %s", problem->message);
  g_assert_error (problem, FM_SYNC_ERROR, code);
  g_assert_nonnull (strstr (problem->message, f->folder_path));
  g_assert_cmpuint (result->n_received, ==, 0);
  after = dump (store);
  g_assert_cmpstr (before, ==, after);
}

static void
test_damaged (Fixture       *f,
              gconstpointer  data)
{
  FmStore *a = f->ws[0];
  FmStore *b = f->ws[1];
  g_autoptr(FmArticle) article = add_article (a, "Buses", text_buses);
  g_autoptr(FmClaim) claim = create_claim (a, fm_article_get_id (article), 4, 30);
  g_autoptr(GPtrArray) files = NULL;
  g_autofree char *good = NULL;
  gsize len;
  char *path;

  set_field (a, claim, FM_CLAIM_FIELD_SUMMARY, "Bus spending");
  sync_ok (a, f->folder);
  files = folder_files (f->folder_path);
  g_assert_cmpuint (files->len, ==, 1);
  path = g_ptr_array_index (files, 0);
  g_assert_true (g_file_get_contents (path, &good, &len, NULL));

  /* One byte changed anywhere */
  {
    g_autofree char *bad = g_memdup2 (good, len);
    bad[len / 2] ^= 0x20;
    g_assert_true (g_file_set_contents (path, bad, len, NULL));
    assert_refused (f, b, FM_SYNC_ERROR_DAMAGED);
  }
  /* Cut short, as by an interrupted copy */
  g_assert_true (g_file_set_contents (path, good, len - 100, NULL));
  assert_refused (f, b, FM_SYNC_ERROR_DAMAGED);
  g_assert_true (g_file_set_contents (path, good, 20, NULL));
  assert_refused (f, b, FM_SYNC_ERROR_DAMAGED);
  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  assert_refused (f, b, FM_SYNC_ERROR_DAMAGED);
  /* Something else under our kind of name */
  g_assert_true (g_file_set_contents (path, "<html>not a sync file</html>", -1, NULL));
  assert_refused (f, b, FM_SYNC_ERROR_FOREIGN);
  /* A changed changeset with a checksum to match: refused on its contents */
  {
    g_autofree char *bad = g_memdup2 (good, len);
    char *where = memmem (bad, len, "Bus spending", 12);

    g_assert_nonnull (where);
    /* Not UTF-8 any more */
    where[0] = (char)0xff;
    reseal (bad, len);
    g_assert_true (g_file_set_contents (path, bad, len, NULL));
    assert_refused (f, b, FM_SYNC_ERROR_DAMAGED);
  }
  /* A file from a future Factmark */
  {
    g_autofree char *bad = g_memdup2 (good, len);

    /* The format version is the GVariant's first member */
    bad[40] = 9;
    reseal (bad, len);
    g_assert_true (g_file_set_contents (path, bad, len, NULL));
    assert_refused (f, b, FM_SYNC_ERROR_TOO_NEW);
  }

  /* Files that are not ours by name are ignored altogether */
  {
    g_autofree char *other = g_build_filename (f->folder_path, "notes.txt", NULL);
    g_autofree char *conflicted = g_strdup_printf ("%s (conflicted copy)", path);

    g_assert_true (g_file_set_contents (other, "hello", -1, NULL));
    g_assert_true (g_file_set_contents (conflicted, "junk", -1, NULL));
  }

  /* Put right, the same sync goes through */
  g_assert_true (g_file_set_contents (path, good, len, NULL));
  sync_ok (b, f->folder);
  assert_same_content (a, b);
}

/* Every way of cutting or flipping a changeset is refused or read as a
 * smaller valid one; none hangs or crashes (SQLite 3.40 alone would hang
 * on some of them) */
static void
test_changeset_checks (Fixture       *f,
                       gconstpointer  data)
{
  FmStore *a = f->ws[0];
  g_autoptr(FmArticle) article = add_article (a, "Buses", text_buses);
  g_autoptr(FmClaim) claim = create_claim (a, fm_article_get_id (article), 4, 30);
  g_autoptr(FmSyncSchema) schema = fm_store_sync_get_schema (a);
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  FmSyncOp *op;
  gsize len;
  const guint8 *bytes;
  guint accepted = 0;

  set_field (a, claim, FM_CLAIM_FIELD_TAGS, "a, b");
  ops = fm_store_sync_get_outbox (a, 0, 0, NULL);
  op = g_ptr_array_index (ops, ops->len - 1);
  bytes = g_bytes_get_data (op->changeset, &len);

  for (gsize cut = 0; cut < len; cut++)
    {
      g_autoptr(FmSyncOp) copy = fm_sync_op_copy (op);
      g_autoptr(GError) error = NULL;

      g_bytes_unref (copy->changeset);
      copy->changeset = g_bytes_new (bytes, cut);
      if (fm_sync_schema_check_op (schema, copy, &error))
        accepted++;
      else
        g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INVALID);
    }
  for (guint round = 0; round < 2000; round++)
    {
      g_autoptr(FmSyncOp) copy = fm_sync_op_copy (op);
      g_autofree guint8 *bad = g_memdup2 (bytes, len);
      g_autoptr(GError) error = NULL;

      bad[g_rand_int_range (rand, 0, len)] = g_rand_int_range (rand, 0, 256);
      g_bytes_unref (copy->changeset);
      copy->changeset = g_bytes_new (bad, len);
      if (!fm_sync_schema_check_op (schema, copy, &error))
        g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INVALID);
    }
  /* Only cuts between whole changes can pass */
  g_assert_cmpuint (accepted, <, 6);

  /* Ops that lie about themselves */
  {
    g_autoptr(FmSyncOp) copy = fm_sync_op_copy (op);
    g_autoptr(GError) error = NULL;

    g_free (copy->workspace_id);
    copy->workspace_id = g_strdup ("../../etc/passwd");
    g_assert_false (fm_sync_schema_check_op (schema, copy, &error));
    g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INVALID);
  }
}

/* Two machines using copies of one workspace file would corrupt each
 * other's changes: refused before anything is applied */
static void
test_copied_workspace (Fixture       *f,
                       gconstpointer  data)
{
  FmStore *a = f->ws[0];
  g_autoptr(FmArticle) article = add_article (a, "Buses", text_buses);
  g_autofree char *path = g_strdup (fm_store_get_path (a));
  g_autofree char *copy_path = g_build_filename (f->dir, "copy.db", NULL);
  g_autoptr(FmStore) copy = NULL;
  g_autoptr(FmSync) sync = NULL;
  g_autoptr(FmSyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len;

  /* A closed workspace copied as a file */
  g_clear_object (&f->ws[0]);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (copy_path, contents, len, NULL));
  f->ws[0] = open_workspace (f->dir, "w0.db", "Ana");
  copy = open_workspace (f->dir, "copy.db", "Ana's twin");
  g_assert_cmpstr (fm_store_get_workspace_id (copy), ==, fm_store_get_workspace_id (f->ws[0]));

  {
    g_autoptr(FmClaim) one = create_claim (f->ws[0], fm_article_get_id (article), 0, 10);
    g_autoptr(FmClaim) two = create_claim (copy, fm_article_get_id (article), 0, 10);
    g_autoptr(FmClaim) three = create_claim (copy, fm_article_get_id (article), 20, 30);
  }
  sync_ok (f->ws[0], f->folder);
  sync = fm_sync_new (copy, f->folder);
  result = fm_sync_run (sync, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, FM_SYNC_ERROR, FM_SYNC_ERROR_COPY);
}

/* The window's side: async run, progress, the conflict list, and the cheap
 * check a GFileMonitor calls */
static void
run_done (GObject      *object,
          GAsyncResult *result,
          gpointer      data)
{
  FmSyncResult **out = data;
  g_autoptr(GError) error = NULL;

  *out = fm_sync_run_finish (FM_SYNC (object), result, &error);
  g_assert_no_error (error);
}

static void
check_done (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  guint *counts = data;
  g_autoptr(GError) error = NULL;

  fm_sync_check_folder_finish (FM_SYNC (object), result, &counts[0], &counts[1], &error);
  g_assert_no_error (error);
  counts[2] = TRUE;
}

static void
test_window_api (Fixture       *f,
                 gconstpointer  data)
{
  FmStore *a = f->ws[0];
  FmStore *b = f->ws[1];
  g_autoptr(FmSync) sync_a = fm_sync_new (a, f->folder);
  g_autoptr(FmSync) sync_b = fm_sync_new (b, f->folder);
  g_autoptr(FmArticle) article = add_article (a, "Buses", text_buses);
  g_autoptr(FmClaim) claim = create_claim (a, fm_article_get_id (article), 4, 30);
  g_autoptr(FmClaim) on_b = NULL;
  g_autoptr(GError) error = NULL;
  FmSyncResult *result = NULL;
  guint counts[3] = { 0, 0, 0 };
  guint n_in = 0;
  guint n_out = 0;

  /* Nothing synced yet: A has 2 changes to send */
  g_assert_null (fm_sync_dup_last_sync (sync_a));
  g_assert_true (fm_sync_check_folder (sync_a, &n_in, &n_out, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_in, ==, 0);
  g_assert_cmpuint (n_out, ==, 2);

  fm_sync_run_async (sync_a, NULL, run_done, &result);
  g_assert_true (fm_sync_get_running (sync_a));
  /* One at a time */
  g_assert_null (fm_sync_run (sync_a, NULL, &error));
  g_assert_error (error, FM_SYNC_ERROR, FM_SYNC_ERROR_BUSY);
  g_clear_error (&error);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (fm_sync_get_running (sync_a));
  g_assert_cmpfloat (fm_sync_get_progress (sync_a), ==, 1.0);
  g_assert_cmpuint (result->n_sent, ==, 2);
  g_clear_pointer (&result, fm_sync_result_free);
  {
    g_autofree char *last = fm_sync_dup_last_sync (sync_a);
    g_assert_nonnull (last);
  }

  /* A's own file is no news to A; it is to B */
  g_assert_false (fm_sync_check_folder (sync_a, &n_in, &n_out, NULL, &error));
  g_assert_no_error (error);
  fm_sync_check_folder_async (sync_b, NULL, check_done, counts);
  while (!counts[2])
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (counts[0], ==, 1);
  g_assert_cmpuint (counts[1], ==, 0);

  fm_sync_run_async (sync_b, NULL, run_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (result->n_received, ==, 2);
  g_clear_pointer (&result, fm_sync_result_free);

  /* A conflict shows in the list until someone reviews it */
  on_b = get_claim (b, fm_claim_get_id (claim));
  set_field (a, claim, FM_CLAIM_FIELD_SUMMARY, "Ana's words");
  set_field (b, on_b, FM_CLAIM_FIELD_SUMMARY, "Ben's words");
  g_clear_pointer (&result, fm_sync_result_free);
  result = fm_sync_run (sync_a, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&result, fm_sync_result_free);
  result = fm_sync_run (sync_b, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->conflicts->len, ==, 1);
  g_assert_cmpuint (fm_sync_get_n_conflicts (sync_b), ==, 1);
  {
    GListModel *model = fm_sync_get_conflicts (sync_b);
    g_autoptr(FmSyncConflict) conflict = g_list_model_get_item (model, 0);

    g_assert_cmpstr (fm_sync_conflict_get_field (conflict), ==, "summary");
    g_assert_true (fm_sync_mark_reviewed (sync_b, conflict, &error));
    g_assert_no_error (error);
    g_assert_true (fm_sync_conflict_get_reviewed (conflict));
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
    g_assert_cmpuint (fm_store_sync_count_conflicts (b, NULL), ==, 0);
  }
  g_clear_pointer (&result, fm_sync_result_free);

  /* A folder that is not there (an unplugged drive) is an error, not an
   * empty folder */
  {
    g_autoptr(GFile) gone = g_file_new_for_path ("/nonexistent/usb/factmark");
    g_autoptr(FmSync) lost = fm_sync_new (a, gone);

    g_assert_null (fm_sync_run (lost, NULL, &error));
    g_assert_error (error, FM_SYNC_ERROR, FM_SYNC_ERROR_FOLDER);
  }
}

/* Out-of-order delivery (a cloud client copies files in any order): a
 * change waits until the changes it had seen are there */
static void
test_waiting (Fixture       *f,
              gconstpointer  data)
{
  FmStore *a = f->ws[0];
  FmStore *b = f->ws[1];
  FmStore *c = f->ws[2];
  g_autofree char *b_folder = g_build_filename (f->dir, "b-view", NULL);
  g_autofree char *c_folder = g_build_filename (f->dir, "c-view", NULL);
  g_autoptr(GFile) b_view = g_file_new_for_path (b_folder);
  g_autoptr(GFile) c_view = g_file_new_for_path (c_folder);
  g_autoptr(FmArticle) article = add_article (a, "Buses", text_buses);
  g_autoptr(FmClaim) claim = create_claim (a, fm_article_get_id (article), 4, 30);
  g_autoptr(FmClaim) on_b = NULL;
  g_autoptr(FmSyncResult) result = NULL;
  g_autoptr(GPtrArray) files = NULL;

  g_assert_cmpint (g_mkdir (b_folder, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (c_folder, 0700), ==, 0);
  /* A → B through B's view; B edits; only B's file reaches C at first */
  sync_ok (a, b_view);
  sync_ok (b, b_view);
  on_b = get_claim (b, fm_claim_get_id (claim));
  set_field (b, on_b, FM_CLAIM_FIELD_VERDICT, "false");
  sync_ok (b, b_view);
  files = folder_files (b_folder);
  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *base = g_path_get_basename (g_ptr_array_index (files, i));
      g_autofree char *to = g_build_filename (c_folder, base, NULL);
      g_autofree char *contents = NULL;
      gsize len;

      if (!g_str_has_prefix (base, fm_store_get_workspace_id (b)))
        continue;
      g_assert_true (g_file_get_contents (g_ptr_array_index (files, i), &contents, &len, NULL));
      g_assert_true (g_file_set_contents (to, contents, len, NULL));
    }
  result = sync_with (c, c_view);
  g_assert_cmpuint (result->n_received, ==, 0);
  g_assert_cmpuint (result->n_waiting, ==, 1);
  g_clear_pointer (&result, fm_sync_result_free);

  /* A's file arrives: both apply */
  sync_ok (a, c_view);
  result = sync_with (c, c_view);
  g_assert_cmpuint (result->n_received, ==, 3);
  g_assert_cmpuint (result->n_waiting, ==, 0);
  assert_same_content (b, c);
}

/* The command line: factmark --sync DIR */

typedef struct
{
  char *out;
  char *err;
  int   status;
} CliRun;

static void
cli_run_clear (CliRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliRun, cli_run_clear)

G_GNUC_NULL_TERMINATED
static void
factmark (CliRun     *run,
          const char *first,
          ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *binary = g_getenv ("FACTMARK");
  int wait_status;
  va_list args;

  g_assert_nonnull (binary);
  g_ptr_array_add (argv, (gpointer)binary);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  cli_run_clear (run);
  g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  run->status = g_spawn_check_wait_status (wait_status, NULL) ? 0 :
                WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
}

static void
test_cli (void)
{
  g_autofree char *dir = fm_test_tmpdir ();
  g_autofree char *a = g_build_filename (dir, "a.db", NULL);
  g_autofree char *b = g_build_filename (dir, "b.db", NULL);
  g_autofree char *folder = g_build_filename (dir, "shared", NULL);
  g_autofree char *text = g_build_filename (dir, "buses.txt", NULL);
  g_autofree char *good = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_auto(CliRun) run = { 0 };
  gsize len;

  g_assert_true (g_file_set_contents (text, text_buses, -1, NULL));
  factmark (&run, "--workspace", a, "--import", text, NULL);
  g_assert_cmpint (run.status, ==, 0);

  /* A folder that is not there is never made, even inside one that is
   * (the mount point of a drive that is not plugged in): an error that
   * says what to do, and nothing written */
  factmark (&run, "--workspace", a, "--sync", folder, NULL);
  g_assert_cmpint (run.status, ==, 1);
  {
    g_autofree char *expected = g_strdup_printf ("factmark: --sync %s: The sync folder %s does "
                                                 "not exist. Is the drive connected? Create the "
                                                 "folder first to start a new shared folder.\n",
                                                 folder, folder);

    g_assert_cmpstr (run.err, ==, expected);
  }
  g_assert_cmpstr (run.out, ==, "");
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));

  /* Made by a person: the first sync uses it */
  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  factmark (&run, "--workspace", a, "--sync", folder, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "Sent 1 change (1 file)\nNothing new to receive\n");
  factmark (&run, "--workspace", b, "--sync", folder, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "Nothing new to send\nReceived 1 change from 1 other workspace\n");
  factmark (&run, "--workspace", b, "--list", NULL);
  g_assert_nonnull (strstr (run.out, "  buses\n"));

  /* Several changes in one file, from one workspace: each count has its own plural */
  {
    g_autoptr(FmStore) store = fm_store_open (a, NULL);
    g_autoptr(GPtrArray) articles = fm_store_list_articles (store, NULL);
    const char *article_id = fm_article_get_id (g_ptr_array_index (articles, 0));
    g_autoptr(FmClaim) first = fm_store_create_claim (store, article_id, 0, 20, NULL);
    g_autoptr(FmClaim) second = fm_store_create_claim (store, article_id, 54, 70, NULL);

    g_assert_nonnull (first);
    g_assert_nonnull (second);
  }
  factmark (&run, "--workspace", a, "--sync", folder, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "Sent 2 changes (1 file)\nNothing new to receive\n");
  factmark (&run, "--workspace", b, "--sync", folder, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "Nothing new to send\nReceived 2 changes from 1 other workspace\n");

  /* A damaged file: refused by name, nothing applied, status 1 */
  files = folder_files (folder);
  g_assert_true (g_file_get_contents (g_ptr_array_index (files, 0), &good, &len, NULL));
  good[len - 3] ^= 1;
  g_assert_true (g_file_set_contents (g_ptr_array_index (files, 0), good, len, NULL));
  {
    g_autofree char *c = g_build_filename (dir, "c.db", NULL);

    factmark (&run, "--workspace", c, "--sync", folder, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_true (g_str_has_prefix (run.err, "factmark: "));
    g_assert_nonnull (strstr (run.err, g_ptr_array_index (files, 0)));
    g_assert_nonnull (strstr (run.err, "nothing in it was applied"));
    factmark (&run, "--workspace", c, "--list", "--json", NULL);
    g_assert_cmpstr (run.out, ==, "[]\n");
  }

  /* A drive that is not there */
  factmark (&run, "--workspace", a, "--sync", "/nonexistent/usb/factmark", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (g_str_has_prefix (run.err, "factmark: --sync /nonexistent/usb/factmark: "));
  g_assert_nonnull (strstr (run.err, "Is the drive connected?"));

  /* One action at a time */
  factmark (&run, "--workspace", a, "--sync", folder, "--list", NULL);
  g_assert_cmpint (run.status, ==, 2);
  fm_test_rmtree (dir);
}

/* The property test
 *
 * Workspaces make random edits and sync at random points; at the end every
 * workspace syncs until nothing is left. Then:
 *  - all hold the same content (canonical dump), consistent indexes;
 *  - the content is what the rules say, computed from a model of every
 *    acknowledged edit with the op it made (its number, recorded time and
 *    what it had seen, read back from the outbox):
 *      · every field of every claim and source holds the value of the
 *        latest change to it (by recorded time, then workspace id), so no
 *        acknowledged edit is lost but to a later one;
 *      · a claim, source or tag is gone exactly when some deletion of it
 *        had seen every change made to it and to the rows below it;
 *  - every conflict listed on any workspace names a value that some
 *    workspace really wrote and that lost, and that value is in the
 *    claim's history when the edit made a history entry.
 * With "cloud" views each workspace sees its own copy of the folder, which
 * a simulated cloud client fills file by file in random order. */

#define CLAIM_FIELDS 6
static const FmClaimField model_fields[CLAIM_FIELDS] = {
  FM_CLAIM_FIELD_SUMMARY, FM_CLAIM_FIELD_VERDICT, FM_CLAIM_FIELD_STATUS,
  FM_CLAIM_FIELD_EXPLANATION, FM_CLAIM_FIELD_ASSIGNEE, FM_CLAIM_FIELD_REVIEW_COMMENT,
};

typedef struct
{
  char    *row;                     /* "claim:ID", "source:ID" */
  char    *field;                   /* history name */
  char    *value;
  gboolean in_history;              /* the edit made a history entry of its own */
} FieldWrite;

typedef struct
{
  char       *ws;
  guint64     seq;
  gint64      stamp;
  GHashTable *deps;                 /* ws → guint64 * */
  GPtrArray  *writes;               /* row keys */
  GPtrArray  *deletes;              /* row keys … */
  GPtrArray  *roots;                /* … and the row each deletion started from */
  GPtrArray  *fields;               /* FieldWrite */
} ModelOp;

static void
field_write_free (FieldWrite *fw)
{
  g_free (fw->row);
  g_free (fw->field);
  g_free (fw->value);
  g_free (fw);
}

static void
model_op_free (ModelOp *op)
{
  g_free (op->ws);
  g_hash_table_unref (op->deps);
  g_ptr_array_unref (op->writes);
  g_ptr_array_unref (op->deletes);
  g_ptr_array_unref (op->roots);
  g_ptr_array_unref (op->fields);
  g_free (op);
}

typedef struct
{
  FmClaim   *claim;
  GPtrArray *sources;
  char      *text_sha256;            /* its article's text: a merge may change the id */
} Deleted;

static void
deleted_free (Deleted *d)
{
  g_object_unref (d->claim);
  g_ptr_array_unref (d->sources);
  g_free (d->text_sha256);
  g_free (d);
}

typedef struct
{
  guint       n;
  gboolean    cloud;
  char       *dir;
  char       *view_path[3];
  GFile      *view[3];
  FmStore    *ws[3];
  GRand      *rand;
  GPtrArray  *ops;                  /* ModelOp */
  GHashTable *children;             /* claim row → GPtrArray of row keys below it */
  GPtrArray  *claims;               /* claim ids, in creation order */
  GPtrArray  *sources;              /* source ids, in creation order */
  GPtrArray  *deleted[3];           /* Deleted, for undo */
  guint       n_syncs;
  guint       n_conflicts;
  guint       n_deletion_conflicts;
  guint       n_waiting;
  guint       n_reviews;
  guint       n_text_conflicts;
  guint       n_placements;
  guint       n_actions[10];
} World;

static ModelOp *
take_op (World   *world,
         guint    w,
         guint64  before)
{
  g_autoptr(GPtrArray) ops = fm_store_sync_get_outbox (world->ws[w], before, 0, NULL);
  FmSyncOp *op;
  ModelOp *m;
  GVariantIter iter;
  const char *ws;
  guint64 seq;

  g_assert_nonnull (ops);
  g_assert_cmpuint (ops->len, <=, 1);
  if (ops->len == 0)
    return NULL;
  op = g_ptr_array_index (ops, 0);
  m = g_new0 (ModelOp, 1);
  m->ws = g_strdup (op->workspace_id);
  m->seq = op->seq;
  m->stamp = op->stamp;
  m->deps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_variant_iter_init (&iter, op->deps);
  while (g_variant_iter_next (&iter, "{&st}", &ws, &seq))
    g_hash_table_insert (m->deps, g_strdup (ws), g_memdup2 (&seq, sizeof seq));
  m->writes = g_ptr_array_new_with_free_func (g_free);
  m->deletes = g_ptr_array_new_with_free_func (g_free);
  m->roots = g_ptr_array_new_with_free_func (g_free);
  m->fields = g_ptr_array_new_with_free_func ((GDestroyNotify)field_write_free);
  g_ptr_array_add (world->ops, m);
  return m;
}

static void
add_child (World      *world,
           const char *claim_id,
           const char *row)
{
  g_autofree char *parent = g_strconcat ("claim:", claim_id, NULL);
  GPtrArray *list = g_hash_table_lookup (world->children, parent);

  if (list == NULL)
    {
      list = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (world->children, g_strdup (parent), list);
    }
  if (!g_ptr_array_find_with_equal_func (list, row, g_str_equal, NULL))
    g_ptr_array_add (list, g_strdup (row));
}

static void
op_write (ModelOp    *op,
          const char *kind,
          const char *id)
{
  g_ptr_array_add (op->writes, g_strconcat (kind, ":", id, NULL));
}

static void
op_delete (ModelOp    *op,
           const char *row,
           const char *root)
{
  g_ptr_array_add (op->deletes, g_strdup (row));
  g_ptr_array_add (op->roots, g_strdup (root));
}

static void
op_field (ModelOp    *op,
          const char *row,
          const char *field,
          const char *value,
          gboolean    in_history)
{
  FieldWrite *fw = g_new0 (FieldWrite, 1);

  fw->row = g_strdup (row);
  fw->field = g_strdup (field);
  fw->value = g_strdup (value ? value : "");
  fw->in_history = in_history;
  g_ptr_array_add (op->fields, fw);
}

static char *
claim_value (FmClaim      *claim,
             FmClaimField  field)
{
  switch (field)
    {
    case FM_CLAIM_FIELD_SUMMARY:        return g_strdup (fm_claim_get_summary (claim));
    case FM_CLAIM_FIELD_VERDICT:        return g_strdup (fm_verdict_to_id (fm_claim_get_verdict (claim)));
    case FM_CLAIM_FIELD_STATUS:         return g_strdup (fm_status_to_id (fm_claim_get_status (claim)));
    case FM_CLAIM_FIELD_EXPLANATION:    return g_strdup (fm_claim_get_explanation (claim));
    case FM_CLAIM_FIELD_ASSIGNEE:       return g_strdup (fm_claim_get_assignee (claim));
    case FM_CLAIM_FIELD_REVIEW_COMMENT: return g_strdup (fm_claim_get_review_comment (claim));
    case FM_CLAIM_FIELD_TAGS:
    default:
      return g_strjoinv (", ", (char **)fm_claim_get_tags (claim));
    }
}

static char *
placement_of (FmClaim *claim)
{
  return g_strdup_printf ("%u-%u %s|%s|%s %d %.3f", fm_claim_get_start (claim),
                          fm_claim_get_end (claim), fm_claim_get_quote (claim),
                          fm_claim_get_prefix (claim), fm_claim_get_suffix (claim),
                          fm_claim_get_anchor_state (claim), fm_claim_get_anchor_confidence (claim));
}

/* The fields the op changed on the claim, from copies before and after */
static void
record_claim_fields (World    *world,
                     ModelOp  *op,
                     FmClaim  *before,
                     FmClaim  *after,
                     gboolean  in_history)
{
  g_autofree char *row = g_strconcat ("claim:", fm_claim_get_id (after), NULL);
  const char * const *old_tags = before ? fm_claim_get_tags (before) : NULL;
  const char * const *new_tags = fm_claim_get_tags (after);

  for (guint i = 0; i < CLAIM_FIELDS; i++)
    {
      g_autofree char *old = before ? claim_value (before, model_fields[i]) : NULL;
      g_autofree char *new = claim_value (after, model_fields[i]);

      if (before == NULL || g_strcmp0 (old, new) != 0)
        op_field (op, row, fm_claim_field_to_id (model_fields[i]), new, in_history);
    }
  /* Where it is, as one value: the parts never come from different changes */
  {
    g_autofree char *old = before ? placement_of (before) : NULL;
    g_autofree char *new = placement_of (after);

    if (before == NULL || g_strcmp0 (old, new) != 0)
      op_field (op, row, "placement", new, FALSE);
  }
  /* Tags are rows below the claim */
  for (guint i = 0; new_tags[i] != NULL; i++)
    if (old_tags == NULL || !g_strv_contains (old_tags, new_tags[i]))
      {
        g_autofree char *tag_row = g_strconcat ("tag:", fm_claim_get_id (after), "\x1f", new_tags[i], NULL);

        g_ptr_array_add (op->writes, g_strdup (tag_row));
        add_child (world, fm_claim_get_id (after), tag_row);
      }
  for (guint i = 0; old_tags != NULL && old_tags[i] != NULL; i++)
    if (!g_strv_contains (new_tags, old_tags[i]))
      {
        g_autofree char *tag_row = g_strconcat ("tag:", fm_claim_get_id (after), "\x1f", old_tags[i], NULL);

        op_delete (op, tag_row, tag_row);
      }
}

static void
record_source_fields (ModelOp  *op,
                      FmSource *before,
                      FmSource *after)
{
  g_autofree char *row = g_strconcat ("source:", fm_source_get_id (after), NULL);

  if (before == NULL || g_strcmp0 (fm_source_get_title (before), fm_source_get_title (after)) != 0)
    op_field (op, row, "source.title", fm_source_get_title (after), before != NULL);
  if (before == NULL || g_strcmp0 (fm_source_get_note (before), fm_source_get_note (after)) != 0)
    op_field (op, row, "source.note", fm_source_get_note (after), before != NULL);
}

static const char *
pick (World              *world,
      const char * const *pool)
{
  return pool[g_rand_int_range (world->rand, 0, g_strv_length ((char **)pool))];
}

/* A claim that workspace @w has, chosen by creation order */
static FmClaim *
pick_claim (World *world,
            guint  w)
{
  if (world->claims->len == 0)
    return NULL;
  for (guint attempt = 0; attempt < 4; attempt++)
    {
      const char *id = g_ptr_array_index (world->claims,
                                          g_rand_int_range (world->rand, 0, world->claims->len));
      FmClaim *claim = fm_store_get_claim (world->ws[w], id, NULL);

      if (claim != NULL)
        return claim;
    }
  return NULL;
}

static FmClaim *
claim_copy_of (FmStore    *store,
               const char *id)
{
  g_autoptr(FmClaim) live = fm_store_get_claim (store, id, NULL);

  return live ? fm_claim_copy (live) : NULL;
}

static void
act_import (World *world,
            guint  w)
{
  static const char * const texts[] = { text_buses, text_tolls, text_rain };
  guint which = g_rand_int_range (world->rand, 0, G_N_ELEMENTS (texts));
  g_autofree char *title = g_strdup_printf ("Article %u", which);
  g_autoptr(FmArticle) article = add_article (world->ws[w], title, texts[which]);
}

static void
act_create (World *world,
            guint  w)
{
  g_autoptr(GPtrArray) articles = fm_store_list_articles (world->ws[w], NULL);
  g_autoptr(FmArticle) article = NULL;
  g_autoptr(FmClaim) claim = NULL;
  guint64 before = fm_store_sync_get_last_seq (world->ws[w], NULL);
  guint length;
  guint start;
  ModelOp *op;

  if (articles->len == 0)
    return act_import (world, w);
  article = fm_store_get_article (world->ws[w],
                                  fm_article_get_id (g_ptr_array_index (articles,
                                    g_rand_int_range (world->rand, 0, articles->len))), NULL);
  length = fm_article_get_length (article);
  start = g_rand_int_range (world->rand, 0, length - 12);
  claim = create_claim (world->ws[w], fm_article_get_id (article), start,
                        start + g_rand_int_range (world->rand, 4, 12));
  op = take_op (world, w, before);
  g_assert_nonnull (op);
  op_write (op, "claim", fm_claim_get_id (claim));
  record_claim_fields (world, op, NULL, claim, FALSE);
  g_ptr_array_add (world->claims, g_strdup (fm_claim_get_id (claim)));
}

static void
act_edit (World *world,
          guint  w)
{
  static const char * const texts[] = { "", "alpha", "beta", "gamma", NULL };
  static const char * const verdicts[] = { "unrated", "true", "false", "mixed", NULL };
  static const char * const statuses[] = { "unchecked", "in-progress", "needs-review", "approved", NULL };
  static const char * const tags[] = { "", "a", "b", "a, b", "b, c", "c", NULL };
  static const FmClaimField fields[] = {
    FM_CLAIM_FIELD_SUMMARY, FM_CLAIM_FIELD_VERDICT, FM_CLAIM_FIELD_STATUS,
    FM_CLAIM_FIELD_EXPLANATION, FM_CLAIM_FIELD_ASSIGNEE, FM_CLAIM_FIELD_REVIEW_COMMENT,
    FM_CLAIM_FIELD_TAGS,
  };
  g_autoptr(FmClaim) claim = pick_claim (world, w);
  g_autoptr(FmClaim) before = NULL;
  g_autoptr(FmClaim) after = NULL;
  FmClaimField field = fields[g_rand_int_range (world->rand, 0, G_N_ELEMENTS (fields))];
  guint64 seq = fm_store_sync_get_last_seq (world->ws[w], NULL);
  const char *value;
  ModelOp *op;

  if (claim == NULL)
    return;
  value = field == FM_CLAIM_FIELD_VERDICT ? pick (world, verdicts) :
          field == FM_CLAIM_FIELD_STATUS ? pick (world, statuses) :
          field == FM_CLAIM_FIELD_TAGS ? pick (world, tags) : pick (world, texts);
  before = fm_claim_copy (claim);
  set_field (world->ws[w], claim, field, value);
  op = take_op (world, w, seq);
  if (op == NULL)
    return;
  after = claim_copy_of (world->ws[w], fm_claim_get_id (claim));
  op_write (op, "claim", fm_claim_get_id (claim));
  record_claim_fields (world, op, before, after, TRUE);
}

static void
act_delete (World *world,
            guint  w)
{
  g_autoptr(FmClaim) claim = pick_claim (world, w);
  g_autoptr(GPtrArray) sources = NULL;
  g_autofree char *root = NULL;
  guint64 seq = fm_store_sync_get_last_seq (world->ws[w], NULL);
  Deleted *keep;
  ModelOp *op;

  if (claim == NULL)
    return;
  keep = g_new0 (Deleted, 1);
  keep->claim = fm_claim_copy (claim);
  {
    g_autoptr(FmArticle) article = fm_store_get_article (world->ws[w], fm_claim_get_article_id (claim),
                                                         NULL);
    keep->text_sha256 = g_strdup (fm_article_get_text_sha256 (article));
  }
  keep->sources = g_ptr_array_new_with_free_func (g_object_unref);
  sources = fm_store_list_sources (world->ws[w], fm_claim_get_id (claim), NULL);
  for (guint i = 0; i < sources->len; i++)
    g_ptr_array_add (keep->sources, fm_source_copy (g_ptr_array_index (sources, i)));

  g_assert_true (fm_store_delete_claim (world->ws[w], claim, NULL));
  op = take_op (world, w, seq);
  g_assert_nonnull (op);
  root = g_strconcat ("claim:", fm_claim_get_id (keep->claim), NULL);
  op_delete (op, root, root);
  for (guint i = 0; i < keep->sources->len; i++)
    {
      g_autofree char *row = g_strconcat ("source:", fm_source_get_id (g_ptr_array_index (keep->sources, i)), NULL);
      op_delete (op, row, root);
    }
  for (const char * const *t = fm_claim_get_tags (keep->claim); *t; t++)
    {
      g_autofree char *row = g_strconcat ("tag:", fm_claim_get_id (keep->claim), "\x1f", *t, NULL);
      op_delete (op, row, root);
    }
  g_ptr_array_add (world->deleted[w], keep);
}

static void
act_undo (World *world,
          guint  w)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FmClaim) restored = NULL;
  guint64 seq = fm_store_sync_get_last_seq (world->ws[w], NULL);
  Deleted *d;
  ModelOp *op;

  if (world->deleted[w]->len == 0)
    return;
  d = g_ptr_array_steal_index (world->deleted[w],
                               g_rand_int_range (world->rand, 0, world->deleted[w]->len));
  /* A merge may have brought it back already */
  if (!claim_exists (world->ws[w], fm_claim_get_id (d->claim)))
    {
      g_autoptr(GPtrArray) articles = fm_store_list_articles (world->ws[w], NULL);

      /* The same text imported elsewhere may have given the article another id */
      for (guint i = 0; i < articles->len; i++)
        {
          g_autoptr(FmArticle) a = fm_store_get_article (world->ws[w],
                                     fm_article_get_id (g_ptr_array_index (articles, i)), NULL);

          if (g_str_equal (fm_article_get_text_sha256 (a), d->text_sha256))
            fm_claim_set_article_id (d->claim, fm_article_get_id (a));
        }
      restored = fm_store_insert_claim (world->ws[w], d->claim, d->sources, &error);
      if (restored == NULL)
        {
          /* Its article changed (a new version) since: the store refuses a
           * span that is not in the text any more, and records nothing */
          g_assert_true (g_error_matches (error, FM_STORE_ERROR, FM_STORE_ERROR_INVALID) ||
                         g_error_matches (error, FM_STORE_ERROR, FM_STORE_ERROR_NOT_FOUND));
          g_assert_null (take_op (world, w, seq));
          deleted_free (d);
          return;
        }
      op = take_op (world, w, seq);
      g_assert_nonnull (op);
      op_write (op, "claim", fm_claim_get_id (restored));
      record_claim_fields (world, op, NULL, restored, FALSE);
      for (guint i = 0; i < d->sources->len; i++)
        {
          FmSource *source = g_ptr_array_index (d->sources, i);
          g_autofree char *row = g_strconcat ("source:", fm_source_get_id (source), NULL);

          op_write (op, "source", fm_source_get_id (source));
          add_child (world, fm_claim_get_id (restored), row);
          record_source_fields (op, NULL, source);
        }
    }
  deleted_free (d);
}

/* A new version of an article: every claim on it may move (and be reopened) */
static void
act_revise (World *world,
            guint  w)
{
  static const char * const additions[] = {
    "The mayor disputes the figures.", "A correction was added on Tuesday.",
    "The report was published in March.", NULL
  };
  g_autoptr(GPtrArray) articles = fm_store_list_articles (world->ws[w], NULL);
  g_autoptr(FmArticle) article = NULL;
  g_autoptr(FmArticle) version = fm_article_new ();
  g_autoptr(FmArticle) revised = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint64 seq = fm_store_sync_get_last_seq (world->ws[w], NULL);
  ModelOp *op;

  if (articles->len == 0)
    return;
  article = fm_store_get_article (world->ws[w],
                                  fm_article_get_id (g_ptr_array_index (articles,
                                    g_rand_int_range (world->rand, 0, articles->len))), NULL);
  /* Keep the opening so that some claims stay; a unique ending */
  text = g_strdup_printf ("%.*s %s (%u)", (int)MIN (strlen (fm_article_get_text (article)), 120),
                          fm_article_get_text (article), pick (world, additions), world->ops->len);
  claims = fm_store_list_claims (world->ws[w], fm_article_get_id (article), NULL);
  for (guint i = 0; i < claims->len; i++)
    g_ptr_array_add (before, fm_claim_copy (g_ptr_array_index (claims, i)));
  fm_article_set_title (version, fm_article_get_title (article));
  fm_article_set_text (version, text);
  revised = fm_store_revise_article (world->ws[w], fm_article_get_id (article), version, NULL, &error);
  g_assert_no_error (error);
  op = take_op (world, w, seq);
  if (op == NULL)
    return;
  for (guint i = 0; i < before->len; i++)
    {
      FmClaim *old = g_ptr_array_index (before, i);
      g_autoptr(FmClaim) now = claim_copy_of (world->ws[w], fm_claim_get_id (old));

      /* Anything of its row: where it is, how sure, when it changed */
      if (now == NULL || (fm_claim_get_start (old) == fm_claim_get_start (now) &&
                          fm_claim_get_end (old) == fm_claim_get_end (now) &&
                          g_strcmp0 (fm_claim_get_quote (old), fm_claim_get_quote (now)) == 0 &&
                          g_strcmp0 (fm_claim_get_prefix (old), fm_claim_get_prefix (now)) == 0 &&
                          g_strcmp0 (fm_claim_get_suffix (old), fm_claim_get_suffix (now)) == 0 &&
                          fm_claim_get_anchor_state (old) == fm_claim_get_anchor_state (now) &&
                          fm_claim_get_anchor_confidence (old) == fm_claim_get_anchor_confidence (now) &&
                          g_strcmp0 (fm_claim_get_updated_at (old), fm_claim_get_updated_at (now)) == 0))
        continue;
      op_write (op, "claim", fm_claim_get_id (now));
      record_claim_fields (world, op, old, now, TRUE);
    }
}

static FmSource *
pick_source (World    *world,
             guint     w,
             FmClaim **claim_out)
{
  g_autoptr(FmClaim) claim = pick_claim (world, w);
  g_autoptr(GPtrArray) sources = NULL;

  if (claim == NULL)
    return NULL;
  sources = fm_store_list_sources (world->ws[w], fm_claim_get_id (claim), NULL);
  if (sources->len == 0)
    return NULL;
  *claim_out = g_steal_pointer (&claim);
  return g_object_ref (g_ptr_array_index (sources, g_rand_int_range (world->rand, 0, sources->len)));
}

static void
act_source (World *world,
            guint  w)
{
  static const char * const titles[] = { "Budget", "Report", "Minutes", NULL };
  guint kind = g_rand_int_range (world->rand, 0, 3);
  guint64 seq = fm_store_sync_get_last_seq (world->ws[w], NULL);
  g_autoptr(FmClaim) claim = NULL;
  g_autoptr(FmClaim) before = NULL;
  g_autoptr(FmClaim) after = NULL;
  g_autoptr(FmSource) source = NULL;
  g_autoptr(FmSource) source_before = NULL;
  g_autofree char *row = NULL;
  ModelOp *op;

  if (kind == 0)
    {
      g_autofree char *url = NULL;

      claim = pick_claim (world, w);
      if (claim == NULL)
        return;
      before = fm_claim_copy (claim);
      url = g_strdup_printf ("https://example.org/%u", world->sources->len);
      source = add_source (world->ws[w], fm_claim_get_id (claim), url, pick (world, titles));
      g_ptr_array_add (world->sources, g_strdup (fm_source_get_id (source)));
    }
  else
    {
      source = pick_source (world, w, &claim);
      if (source == NULL)
        return;
      before = fm_claim_copy (claim);
      source_before = fm_source_copy (source);
      if (kind == 1)
        {
          g_autoptr(FmSource) values = fm_source_copy (source);

          if (g_rand_boolean (world->rand))
            fm_source_set_title (values, pick (world, titles));
          else
            fm_source_set_note (values, pick (world, titles));
          g_assert_true (fm_store_update_source (world->ws[w], source, values, NULL));
        }
      else
        g_assert_true (fm_store_remove_source (world->ws[w], source, NULL));
    }

  op = take_op (world, w, seq);
  if (op == NULL)
    return;
  row = g_strconcat ("source:", fm_source_get_id (source), NULL);
  if (kind == 2)
    op_delete (op, row, row);
  else
    {
      op_write (op, "source", fm_source_get_id (source));
      add_child (world, fm_claim_get_id (claim), row);
      record_source_fields (op, source_before, source);
    }
  /* Every change of a source touches its claim (and may reopen it) */
  op_write (op, "claim", fm_claim_get_id (claim));
  after = claim_copy_of (world->ws[w], fm_claim_get_id (claim));
  record_claim_fields (world, op, before, after, TRUE);
}

static void
copy_file (const char *from,
           const char *to_dir)
{
  g_autofree char *base = g_path_get_basename (from);
  g_autofree char *to = g_build_filename (to_dir, base, NULL);
  g_autofree char *contents = NULL;
  gsize len;

  if (g_file_test (to, G_FILE_TEST_EXISTS))
    return;
  g_assert_true (g_file_get_contents (from, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (to, contents, len, NULL));
}

/* The cloud client copies one file to one other machine */
static void
act_cloud (World *world)
{
  guint from = g_rand_int_range (world->rand, 0, world->n);
  guint to = (from + g_rand_int_range (world->rand, 1, world->n)) % world->n;
  g_autoptr(GPtrArray) files = folder_files (world->view_path[from]);

  if (files->len > 0)
    copy_file (g_ptr_array_index (files, g_rand_int_range (world->rand, 0, files->len)),
               world->view_path[to]);
}

static void
cloud_copy_all (World *world)
{
  for (guint from = 0; from < world->n; from++)
    {
      g_autoptr(GPtrArray) files = folder_files (world->view_path[from]);

      for (guint to = 0; to < world->n; to++)
        for (guint i = 0; to != from && i < files->len; i++)
          copy_file (g_ptr_array_index (files, i), world->view_path[to]);
    }
}

static char *
applied_text (FmStore *store)
{
  g_autoptr(GHashTable) applied = fm_store_sync_get_applied (store, NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  GHashTableIter iter;
  gpointer k, v;

  g_hash_table_iter_init (&iter, applied);
  while (g_hash_table_iter_next (&iter, &k, &v))
    g_string_append_printf (text, " %.4s:%" G_GUINT64_FORMAT, (char *)k, *(guint64 *)v);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
act_sync (World *world,
          guint  w)
{
  g_autofree char *before = g_getenv ("FACTMARK_SYNC_TRACE") ? applied_text (world->ws[w]) : NULL;
  g_autoptr(FmSyncResult) result = sync_with (world->ws[w], world->view[w]);

  if (before != NULL)
    {
      g_autofree char *after = applied_text (world->ws[w]);
      g_printerr ("sync %.4s own:%" G_GUINT64_FORMAT " {%s } -> {%s }\n",
                  fm_store_get_workspace_id (world->ws[w]),
                  fm_store_sync_get_last_seq (world->ws[w], NULL), before, after);
    }

  g_assert_cmpuint (result->problems->len, ==, 0);
  world->n_syncs++;
  world->n_waiting += result->n_waiting;
  for (guint i = 0; i < result->conflicts->len; i++)
    {
      FmSyncConflict *c = g_ptr_array_index (result->conflicts, i);

      world->n_conflicts++;
      if (fm_sync_conflict_get_kind (c) == FM_SYNC_CONFLICT_DELETION)
        world->n_deletion_conflicts++;
    }
}

/* The model's rules */

/* Whether op @d's author had seen op @w */
static gboolean
model_covers (ModelOp *d,
              ModelOp *w)
{
  const guint64 *seen;

  if (g_str_equal (d->ws, w->ws))
    return w->seq <= d->seq;
  seen = g_hash_table_lookup (d->deps, w->ws);
  return seen != NULL && *seen >= w->seq;
}

static gboolean
in_list (GPtrArray  *list,
         const char *row)
{
  return list != NULL && g_ptr_array_find_with_equal_func (list, row, g_str_equal, NULL);
}

/* Gone exactly when some deletion of it stands — no change was made to the
 * row it started from, or below that row, without having seen it — and
 * nothing re-created the row after seeing that deletion (an undo) */
static gboolean
model_deleted (World      *world,
               const char *row)
{
  for (guint d = 0; d < world->ops->len; d++)
    {
      ModelOp *del = g_ptr_array_index (world->ops, d);

      for (guint k = 0; k < del->deletes->len; k++)
        {
          const char *root = g_ptr_array_index (del->roots, k);
          GPtrArray *below = g_hash_table_lookup (world->children, root);
          gboolean stands = TRUE;
          gboolean recreated = FALSE;

          if (!g_str_equal (g_ptr_array_index (del->deletes, k), row))
            continue;
          for (guint o = 0; o < world->ops->len; o++)
            {
              ModelOp *op = g_ptr_array_index (world->ops, o);
              gboolean saw_deletion = op != del && model_covers (op, del);

              for (guint i = 0; i < op->writes->len; i++)
                {
                  const char *written = g_ptr_array_index (op->writes, i);

                  if ((g_str_equal (written, root) || in_list (below, written)) &&
                      !model_covers (del, op) && !saw_deletion)
                    stands = FALSE;
                  if (g_str_equal (written, row) && saw_deletion)
                    recreated = TRUE;
                }
            }
          if (stands && !recreated)
            return TRUE;
        }
    }
  return FALSE;
}

/* The value of the latest change to a field (recorded time, then workspace) */
static const char *
model_value (World      *world,
             const char *row,
             const char *field)
{
  ModelOp *best = NULL;
  const char *value = NULL;

  for (guint o = 0; o < world->ops->len; o++)
    {
      ModelOp *op = g_ptr_array_index (world->ops, o);

      for (guint i = 0; i < op->fields->len; i++)
        {
          FieldWrite *fw = g_ptr_array_index (op->fields, i);

          if (!g_str_equal (fw->row, row) || !g_str_equal (fw->field, field))
            continue;
          if (best == NULL || op->stamp > best->stamp ||
              (op->stamp == best->stamp && strcmp (op->ws, best->ws) > 0))
            {
              best = op;
              value = fw->value;
            }
        }
    }
  return value;
}

/* FACTMARK_SYNC_TRACE=1: every op of the run, to follow a failure */
static void
trace_ops (World *world)
{
  if (g_getenv ("FACTMARK_SYNC_TRACE") == NULL)
    return;
  for (guint o = 0; o < world->ops->len; o++)
    {
      ModelOp *op = g_ptr_array_index (world->ops, o);
      g_autoptr(GString) line = g_string_new (NULL);

      g_string_printf (line, "op %.4s#%" G_GUINT64_FORMAT " t=%" G_GINT64_FORMAT " deps{",
                       op->ws, op->seq, op->stamp % 100000000);
      {
        GHashTableIter iter;
        gpointer k, v;
        g_hash_table_iter_init (&iter, op->deps);
        while (g_hash_table_iter_next (&iter, &k, &v))
          g_string_append_printf (line, " %.4s:%" G_GUINT64_FORMAT, (char *)k, *(guint64 *)v);
      }
      g_string_append (line, " } writes");
      for (guint i = 0; i < op->writes->len; i++)
        g_string_append_printf (line, " %s", (char *)g_ptr_array_index (op->writes, i) + (g_str_has_prefix (g_ptr_array_index (op->writes, i), "tag:") ? 0 : 0));
      g_string_append (line, " deletes");
      for (guint i = 0; i < op->deletes->len; i++)
        g_string_append_printf (line, " %.14s<%.14s", (char *)g_ptr_array_index (op->deletes, i),
                                (char *)g_ptr_array_index (op->roots, i));
      g_strdelimit (line->str, "\x1f", '/');
      g_printerr ("%s\n", line->str);
    }
}

static void
check_world (World *world)
{
  FmStore *first = world->ws[0];
  g_autofree char *reference = dump (first);
  guint n_present = 0;
  guint n_deleted = 0;

  trace_ops (world);

  /* Same content everywhere, indexes consistent, nothing left to do */
  for (guint w = 0; w < world->n; w++)
    {
      g_autofree char *other = dump (world->ws[w]);
      g_autoptr(FmSync) sync = fm_sync_new (world->ws[w], world->view[w]);
      g_autoptr(GError) error = NULL;
      guint n_in = 0;
      guint n_out = 0;

      if (!g_str_equal (reference, other))
        {
          /* Keep both for a diff */
          g_autofree char *a = g_build_filename (g_get_tmp_dir (), "factmark-sync-dump-0", NULL);
          g_autofree char *b = g_strdup_printf ("%s-%u", a, w);

          g_file_set_contents (a, reference, -1, NULL);
          g_file_set_contents (b, other, -1, NULL);
          g_test_message ("dumps differ: diff %s %s", a, b);
        }
      g_assert_true (g_str_equal (reference, other));
      g_assert_true (fm_store_sync_verify (world->ws[w], &error));
      g_assert_no_error (error);
      g_assert_false (fm_sync_check_folder (sync, &n_in, &n_out, NULL, &error));
      g_assert_no_error (error);
    }

  /* Every article's current version is numbered above its earlier ones */
  {
    g_autoptr(GPtrArray) articles = fm_store_list_articles (first, NULL);

    for (guint i = 0; i < articles->len; i++)
      {
        g_autoptr(GPtrArray) versions = fm_store_list_revisions (first,
                                          fm_article_get_id (g_ptr_array_index (articles, i)), NULL);

        g_assert_nonnull (versions);
        g_assert_cmpuint (versions->len, >=, 1);
        /* Numbered in order, the current one last */
        for (guint v = 0; g_getenv ("FACTMARK_SYNC_VERSIONS") && v < versions->len; v++)
          g_printerr ("article %.8s version %u %.8s\n", fm_article_get_id (g_ptr_array_index (articles, i)),
                      ((FmRevision *)g_ptr_array_index (versions, v))->number,
                      ((FmRevision *)g_ptr_array_index (versions, v))->text_sha256);
        for (guint v = 1; v < versions->len; v++)
          g_assert_cmpuint (((FmRevision *)g_ptr_array_index (versions, v - 1))->number, <,
                            ((FmRevision *)g_ptr_array_index (versions, v))->number);
      }
  }

  /* Claims: there or not by the deletion rule; fields by the latest change */
  for (guint c = 0; c < world->claims->len; c++)
    {
      const char *id = g_ptr_array_index (world->claims, c);
      g_autofree char *row = g_strconcat ("claim:", id, NULL);
      g_autoptr(FmClaim) claim = fm_store_get_claim (first, id, NULL);
      GPtrArray *below = g_hash_table_lookup (world->children, row);

      g_assert_cmpint (claim == NULL, ==, model_deleted (world, row));
      if (claim == NULL)
        {
          n_deleted++;
          continue;
        }
      n_present++;
      for (guint i = 0; i < CLAIM_FIELDS; i++)
        {
          g_autofree char *actual = claim_value (claim, model_fields[i]);
          const char *expected = model_value (world, row, fm_claim_field_to_id (model_fields[i]));

          g_assert_cmpstr (actual, ==, expected);
        }
      {
        g_autofree char *placement = placement_of (claim);

        g_assert_cmpstr (placement, ==, model_value (world, row, "placement"));
      }
      /* Only an approved claim has a reviewer */
      if (fm_claim_get_status (claim) != FM_STATUS_APPROVED)
        g_assert_null (fm_claim_get_reviewed_by (claim));

      /* Tags and sources below it */
      for (guint i = 0; below != NULL && i < below->len; i++)
        {
          const char *child = g_ptr_array_index (below, i);
          gboolean gone = model_deleted (world, child);

          if (g_str_has_prefix (child, "tag:"))
            {
              const char *tag = strchr (child, '\x1f') + 1;
              g_assert_cmpint (g_strv_contains (fm_claim_get_tags (claim), tag), ==, !gone);
            }
          else
            {
              g_autoptr(GPtrArray) sources = fm_store_list_sources (first, id, NULL);
              FmSource *found = NULL;

              for (guint s = 0; s < sources->len; s++)
                if (g_str_equal (child + strlen ("source:"),
                                 fm_source_get_id (g_ptr_array_index (sources, s))))
                  found = g_ptr_array_index (sources, s);
              g_assert_cmpint (found == NULL, ==, gone);
              if (found != NULL)
                {
                  g_assert_cmpstr (fm_source_get_title (found), ==,
                                   model_value (world, child, "source.title"));
                  g_assert_cmpstr (fm_source_get_note (found), ==,
                                   model_value (world, child, "source.note"));
                }
            }
        }
    }

  /* Every conflict anyone lists is a real lost write, kept in the history */
  for (guint w = 0; w < world->n; w++)
    {
      g_autoptr(GPtrArray) conflicts = fm_store_sync_list_conflicts (world->ws[w], TRUE, NULL);

      for (guint i = 0; i < conflicts->len; i++)
        {
          FmSyncConflict *c = g_ptr_array_index (conflicts, i);
          const char *claim_id = fm_sync_conflict_get_claim_id (c);
          const char *field = fm_sync_conflict_get_field (c);
          const char *lost = fm_sync_conflict_get_lost_value (c);
          g_autofree char *row = NULL;
          gboolean written = FALSE;
          gboolean edit = FALSE;

          /* Articles' texts and the claims left on a text that lost */
          if (g_str_has_prefix (field, "article."))
            {
              g_assert_nonnull (fm_sync_conflict_get_article_id (c));
              world->n_text_conflicts++;
              continue;
            }
          g_assert_nonnull (claim_id);
          row = g_strconcat ("claim:", claim_id, NULL);
          if (g_str_equal (field, "placement"))
            {
              world->n_placements++;
              continue;
            }
          if (fm_sync_conflict_get_kind (c) == FM_SYNC_CONFLICT_REVIEW)
            {
              /* The approving workspace did approve that claim */
              gboolean approved = FALSE;

              for (guint o = 0; o < world->ops->len; o++)
                {
                  ModelOp *op = g_ptr_array_index (world->ops, o);

                  for (guint k = 0; k < op->fields->len; k++)
                    {
                      FieldWrite *fw = g_ptr_array_index (op->fields, k);

                      approved |= g_str_equal (op->ws, fm_sync_conflict_get_kept_workspace (c)) &&
                                  g_str_equal (fw->row, row) && g_str_equal (fw->field, "status") &&
                                  g_str_equal (fw->value, "approved");
                    }
                }
              if (!approved)
                {
                  /* What the model knows of that claim, to follow the failure */
                  g_test_message ("listed for review on workspace %u without an approval: claim %s, "
                                  "%s, approval from %s", w, claim_id, field,
                                  fm_sync_conflict_get_kept_workspace (c));
                  for (guint o = 0; o < world->ops->len; o++)
                    {
                      ModelOp *op = g_ptr_array_index (world->ops, o);

                      for (guint k = 0; k < op->fields->len; k++)
                        {
                          FieldWrite *fw = g_ptr_array_index (op->fields, k);

                          if (g_str_equal (fw->row, row) && g_str_equal (fw->field, "status"))
                            g_test_message ("  %.8s#%" G_GUINT64_FORMAT ": status %s",
                                            op->ws, op->seq, fw->value);
                        }
                    }
                }
              g_assert_true (approved);
              world->n_reviews++;
              continue;
            }
          if (fm_sync_conflict_get_kind (c) == FM_SYNC_CONFLICT_DELETION)
            {
              g_assert_true (history_has (first, claim_id,
                                          g_str_equal (field, "source") ? "source-removed"
                                                                        : "deleted", NULL));
              continue;
            }
          if (g_str_has_prefix (field, "source."))
            continue;
          for (guint o = 0; o < world->ops->len; o++)
            {
              ModelOp *op = g_ptr_array_index (world->ops, o);

              if (!g_str_equal (op->ws, fm_sync_conflict_get_lost_workspace (c)))
                continue;
              for (guint k = 0; k < op->fields->len; k++)
                {
                  FieldWrite *fw = g_ptr_array_index (op->fields, k);

                  if (g_str_equal (fw->row, row) && g_str_equal (fw->field, field) &&
                      g_strcmp0 (fw->value, lost ? lost : "") == 0)
                    {
                      written = TRUE;
                      edit |= fw->in_history;
                    }
                }
            }
          g_assert_true (written);
          g_assert_cmpstr (lost, !=, fm_sync_conflict_get_kept_value (c));
          if (edit)
            g_assert_true (history_has (first, claim_id, field, lost));
        }
    }

  g_test_message ("%u workspaces, %s: %u ops, %u syncs, %u claims (%u deleted), "
                  "%u conflicts (%u deletions undone, %u reviews listed, %u texts, %u placements), "
                  "%u changes waited",
                  world->n, world->cloud ? "cloud views" : "one folder", world->ops->len,
                  world->n_syncs, n_present + n_deleted, n_deleted, world->n_conflicts,
                  world->n_deletion_conflicts, world->n_reviews, world->n_text_conflicts,
                  world->n_placements, world->n_waiting);
  /* The run exercised what it is meant to (other seeds may not) */
  if (g_getenv ("FACTMARK_SYNC_SEED") != NULL || g_getenv ("FACTMARK_SYNC_STEPS") != NULL)
    return;
  g_assert_cmpuint (n_present, >, 0);
  g_assert_cmpuint (n_deleted, >, 0);
  g_assert_cmpuint (world->n_conflicts, >, 0);
  g_assert_cmpuint (world->n_deletion_conflicts, >, 0);
  if (world->cloud)
    g_assert_cmpuint (world->n_waiting, >, 0);
}

typedef struct
{
  guint    n;
  gboolean cloud;
  guint32  seed;
  guint    steps;
} PropertyCase;

static void
test_property (gconstpointer data)
{
  const PropertyCase *pc = data;
  static const char * const actors[] = { "Ana", "Ben", "Chloé" };
  /* Longer or other runs on demand: FACTMARK_SYNC_STEPS=5000 FACTMARK_SYNC_SEED=7 */
  const char *env_steps = g_getenv ("FACTMARK_SYNC_STEPS");
  const char *env_seed = g_getenv ("FACTMARK_SYNC_SEED");
  guint steps = env_steps ? (guint)g_ascii_strtoull (env_steps, NULL, 10) : pc->steps;
  guint32 seed = env_seed ? (guint32)g_ascii_strtoull (env_seed, NULL, 10) : pc->seed;
  World world = { 0 };

  world.n = pc->n;
  world.cloud = pc->cloud;
  world.dir = fm_test_tmpdir ();
  world.rand = g_rand_new_with_seed (seed);
  /* Ids (g_uuid_string_random) too, so that a seed replays the same run */
  g_random_set_seed (seed);
  world.ops = g_ptr_array_new_with_free_func ((GDestroyNotify)model_op_free);
  world.children = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify)g_ptr_array_unref);
  world.claims = g_ptr_array_new_with_free_func (g_free);
  world.sources = g_ptr_array_new_with_free_func (g_free);
  g_test_message ("seed %u, %u steps", seed, steps);

  for (guint w = 0; w < world.n; w++)
    {
      g_autofree char *name = g_strdup_printf ("w%u.db", w);
      g_autofree char *view = g_strdup_printf ("view%u", pc->cloud ? w : 0);

      world.ws[w] = open_workspace (world.dir, name, actors[w]);
      world.view_path[w] = g_build_filename (world.dir, view, NULL);
      g_mkdir (world.view_path[w], 0700);
      world.view[w] = g_file_new_for_path (world.view_path[w]);
      world.deleted[w] = g_ptr_array_new_with_free_func ((GDestroyNotify)deleted_free);
      g_test_message ("workspace %u: %s", w, fm_store_get_workspace_id (world.ws[w]));
    }

  /* Everyone starts from one article, some import more (the same text twice, too) */
  act_import (&world, 0);
  for (guint step = 0; step < steps; step++)
    {
      guint w = g_rand_int_range (world.rand, 0, world.n);
      guint roll = g_rand_int_range (world.rand, 0, 100);
      guint action = roll < 2 ? 0 : roll < 4 ? 8 : roll < 18 ? 1 : roll < 50 ? 2 : roll < 57 ? 3 :
                     roll < 60 ? 4 : roll < 75 ? 5 : roll < (world.cloud ? 88 : 100) ? 6 : 7;

      world.n_actions[action]++;
      switch (action)
        {
        case 0: act_import (&world, w); break;
        case 1: act_create (&world, w); break;
        case 2: act_edit (&world, w); break;
        case 3: act_delete (&world, w); break;
        case 4: act_undo (&world, w); break;
        case 5: act_source (&world, w); break;
        case 6: act_sync (&world, w); break;
        case 7: act_cloud (&world); break;
        case 8: act_revise (&world, w); break;
        default: g_assert_not_reached ();
        }
    }

  /* The final round: until everyone has everything */
  for (guint round = 0; round < 3; round++)
    {
      if (world.cloud)
        cloud_copy_all (&world);
      for (guint w = 0; w < world.n; w++)
        act_sync (&world, w);
    }
  check_world (&world);

  for (guint w = 0; w < world.n; w++)
    {
      g_clear_object (&world.ws[w]);
      g_clear_object (&world.view[w]);
      g_free (world.view_path[w]);
      g_ptr_array_unref (world.deleted[w]);
    }
  g_ptr_array_unref (world.ops);
  g_hash_table_unref (world.children);
  g_ptr_array_unref (world.claims);
  g_ptr_array_unref (world.sources);
  g_rand_free (world.rand);
  fm_test_rmtree (world.dir);
  g_free (world.dir);
}

int
main (int   argc,
      char *argv[])
{
  static const PropertyCase two = { 2, FALSE, 20261126, 300 };
  static const PropertyCase three = { 3, FALSE, 4242, 300 };
  static const PropertyCase three_cloud = { 3, TRUE, 1011, 300 };

  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/sync/capture", test_capture);
  ADD ("/sync/capture-tables", test_capture_tables);
  g_test_add_func ("/sync/baseline", test_baseline);
  ADD ("/sync/exchange", test_exchange);
  ADD ("/sync/fields", test_fields);
  ADD ("/sync/review", test_review);
  ADD ("/sync/approval-unseen", test_approval_unseen);
  ADD ("/sync/tags", test_tags);
  ADD ("/sync/delete-edited", test_delete_edited);
  ADD ("/sync/sources", test_sources);
  ADD ("/sync/same-article", test_same_article);
  ADD ("/sync/revisions", test_revisions);
  ADD ("/sync/damaged", test_damaged);
  ADD ("/sync/changeset-checks", test_changeset_checks);
  ADD ("/sync/copied-workspace", test_copied_workspace);
  ADD ("/sync/window-api", test_window_api);
  ADD ("/sync/waiting", test_waiting);
#undef ADD
  g_test_add_func ("/sync/cli", test_cli);
  g_test_add_data_func ("/sync/property/two", &two, test_property);
  g_test_add_data_func ("/sync/property/three", &three, test_property);
  g_test_add_data_func ("/sync/property/three-cloud", &three_cloud, test_property);

  return g_test_run ();
}
