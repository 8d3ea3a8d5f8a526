/* test-store.c — the workspace store: schema, migrations, CRUD, history, search */
#include "config.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include "fm-store.h"
#include "fm-test.h"

typedef struct
{
  char    *dir;
  char    *path;
  FmStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = fm_test_tmpdir ();
  f->path = g_build_filename (f->dir, "sub", "workspace.db", NULL);
  f->store = fm_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
  fm_store_set_actor (f->store, "Test Journalist");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  fm_test_rmtree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static const char article_text[] =
  "The city spent 12 million euros on new buses in 2025.\n"
  "Ridership rose by 8 percent, the transport authority said.\n"
  "Critics say the money would have been better spent on trams.";

static FmArticle *
add_article (FmStore    *store,
             const char *text)
{
  g_autoptr(FmArticle) article = fm_article_new ();
  g_autoptr(GError) error = NULL;
  FmArticle *stored;

  fm_article_set_title (article, "Buses");
  fm_article_set_text (article, text);
  stored = fm_store_add_article (store, article, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
  return stored;
}

/* Direct access to the file, to check what is on disk independently of the store */
static sqlite3 *
open_raw (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  return db;
}

static gint64
raw_int (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  struct stat st;
  sqlite3 *db;

  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_false (fm_store_is_read_only (f->store));
  g_assert_cmpuint (strlen (fm_store_get_workspace_id (f->store)), ==, 36);

  db = open_raw (f->path);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, FM_STORE_SCHEMA_VERSION);
  g_assert_cmpint (raw_int (db, "PRAGMA application_id"), ==, 0x466D6B31);
  sqlite3_close (db);

  /* Opening again finds the same workspace */
  {
    g_autofree char *id = g_strdup (fm_store_get_workspace_id (f->store));
    g_autoptr(FmStore) again = NULL;
    g_autoptr(GError) error = NULL;

    g_clear_object (&f->store);
    again = fm_store_open (f->path, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (fm_store_get_workspace_id (again), ==, id);
  }
}

static void
test_pragmas (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(FmArticle) article = add_article (f->store, article_text);
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  struct stat st;

  /* WAL mode leaves a log beside the workspace while it is open, with the
   * workspace's own private mode. */
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0077, ==, 0);
}

static void
test_migrate_v1 (void)
{
  g_autofree char *dir = fm_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "old.db", NULL);
  g_autofree char *fixture = fm_test_source_file ("fixtures", "workspace-v1.sql", NULL);
  g_autofree char *sql = NULL;
  g_autoptr(FmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(FmClaim) claim = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  FmClaimQuery query = FM_CLAIM_QUERY_INIT;
  sqlite3 *db = NULL;

  g_assert_true (g_file_get_contents (fixture, &sql, NULL, NULL));
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, 1);
  sqlite3_close (db);

  store = fm_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fm_store_get_workspace_id (store), ==, "6f1c1b8e-5a43-4c39-9d53-0d2b8f1e7a10");

  /* What was there is still there … */
  claim = fm_store_get_claim (store, "7d2a9e4b-2222-4c1d-9e8f-0a1b2c3d4e5f", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fm_claim_get_summary (claim), ==, "Rainfall up 40%");
  g_assert_cmpint (fm_claim_get_verdict (claim), ==, FM_VERDICT_MOSTLY_TRUE);
  g_assert_cmpstr (fm_claim_get_tags (claim)[0], ==, "weather");
  g_assert_cmpuint (fm_claim_get_n_sources (claim), ==, 1);
  sources = fm_store_list_sources (store, fm_claim_get_id (claim), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fm_source_get_title (g_ptr_array_index (sources, 0)), ==,
                   "Valley gauge annual summary");

  /* … and the upgrade indexed it for search */
  query.search = "gauge";
  found = fm_store_query_claims (store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_ptr_array_unref (found);
  query.search = "annual summary";
  found = fm_store_query_claims (store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);

  g_clear_object (&store);
  db = open_raw (path);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, FM_STORE_SCHEMA_VERSION);
  sqlite3_close (db);
  fm_test_rmtree (dir);
}

static char *
file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)contents, len);
}

static void
test_refuse_newer (void)
{
  g_autofree char *dir = fm_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "new.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FmStore) store = NULL;
  sqlite3 *db;

  store = fm_store_open (path, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  db = open_raw (path);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = DELETE; PRAGMA user_version = 99",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  before = file_checksum (path);

  store = fm_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer version"));

  after = file_checksum (path);
  g_assert_cmpstr (before, ==, after);
  fm_test_rmtree (dir);
}

static void
test_not_a_workspace (void)
{
  g_autofree char *dir = fm_test_tmpdir ();
  g_autofree char *junk = g_build_filename (dir, "junk.db", NULL);
  g_autofree char *other = g_build_filename (dir, "other.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FmStore) store = NULL;
  sqlite3 *db = NULL;

  g_assert_true (g_file_set_contents (junk, "This is a text file, not a database at all. "
                                            "It is long enough to have a header.", -1, NULL));
  store = fm_store_open (junk, &error);
  g_assert_null (store);
  g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_NOT_A_WORKSPACE);
  g_clear_error (&error);

  g_assert_cmpint (sqlite3_open (other, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE songs (title TEXT)", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  sqlite3_close (db);
  store = fm_store_open (other, &error);
  g_assert_null (store);
  g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_NOT_A_WORKSPACE);
  g_assert_nonnull (strstr (error->message, "another application"));
  g_clear_error (&error);

  store = fm_store_open (dir, &error);
  g_assert_null (store);
  g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_NOT_A_WORKSPACE);
  fm_test_rmtree (dir);
}

static void
test_dedupe (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(FmArticle) first = add_article (f->store, article_text);
  g_autoptr(FmArticle) copy = fm_article_new ();
  g_autoptr(FmArticle) second = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  gboolean existed = FALSE;

  fm_article_set_title (copy, "A different title, same text");
  fm_article_set_text (copy, article_text);
  second = fm_store_add_article (f->store, copy, &existed, &error);
  g_assert_no_error (error);
  g_assert_true (existed);
  g_assert_cmpstr (fm_article_get_id (second), ==, fm_article_get_id (first));
  /* One live object per article */
  g_assert_true (second == first);

  all = fm_store_list_articles (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 1);
}

static guint n_signals;

static void
count_signal (void)
{
  n_signals++;
}

static void
test_claim_crud (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(FmArticle) article = add_article (f->store, article_text);
  g_autoptr(FmClaim) claim = NULL;
  g_autoptr(FmClaim) again = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  guint counts[FM_N_STATUSES];
  const char *id = fm_article_get_id (article);

  g_signal_connect_swapped (f->store, "claim-changed", G_CALLBACK (count_signal), NULL);

  /* "Ridership rose by 8 percent" starts at character 54 */
  claim = fm_store_create_claim (f->store, id, 54, 81, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fm_claim_get_quote (claim), ==, "Ridership rose by 8 percent");
  g_assert_cmpstr (fm_claim_get_prefix (claim), ==, "ion euros on new buses in 2025.\n");
  g_assert_cmpuint (g_utf8_strlen (fm_claim_get_prefix (claim), -1), <=, FM_CLAIM_CONTEXT_CHARS);
  g_assert_cmpstr (fm_claim_get_suffix (claim), ==, ", the transport authority said.\n");
  g_assert_cmpint (fm_claim_get_status (claim), ==, FM_STATUS_UNCHECKED);
  g_assert_cmpstr (fm_claim_get_created_by (claim), ==, "Test Journalist");

  n_signals = 0;
  g_assert_true (fm_store_set_claim_field (f->store, claim, FM_CLAIM_FIELD_SUMMARY,
                                           "Ridership up 8%", &error));
  g_assert_no_error (error);
  g_assert_true (fm_store_set_claim_verdict (f->store, claim, FM_VERDICT_MOSTLY_TRUE, &error));
  g_assert_true (fm_store_set_claim_field (f->store, claim, FM_CLAIM_FIELD_EXPLANATION,
                                           "The authority's figures show 7.6 percent.", &error));
  g_assert_true (fm_store_set_claim_field (f->store, claim, FM_CLAIM_FIELD_TAGS,
                                           "transport, figures , transport", &error));
  g_assert_true (fm_store_set_claim_status (f->store, claim, FM_STATUS_IN_PROGRESS, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_signals, ==, 5);
  /* Setting the same value again is not a change */
  g_assert_true (fm_store_set_claim_verdict (f->store, claim, FM_VERDICT_MOSTLY_TRUE, &error));
  g_assert_cmpuint (n_signals, ==, 5);

  /* The live object saw every change */
  g_assert_cmpstr (fm_claim_get_summary (claim), ==, "Ridership up 8%");
  g_assert_cmpint (fm_claim_get_verdict (claim), ==, FM_VERDICT_MOSTLY_TRUE);
  g_assert_cmpuint (g_strv_length ((char **)fm_claim_get_tags (claim)), ==, 2);
  g_assert_cmpstr (fm_claim_get_tags (claim)[0], ==, "figures");

  /* Bad values are refused */
  g_assert_false (fm_store_set_claim_field (f->store, claim, FM_CLAIM_FIELD_VERDICT, "maybe",
                                            &error));
  g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (fm_store_create_claim (f->store, id, 10, 5000, &error));
  g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Reading from another connection gives the same values */
  {
    g_autoptr(FmStore) other = fm_store_open (f->path, &error);
    g_autoptr(FmClaim) copy = NULL;

    g_assert_no_error (error);
    copy = fm_store_get_claim (other, fm_claim_get_id (claim), &error);
    g_assert_no_error (error);
    g_assert_true (copy != claim);
    g_assert_cmpstr (fm_claim_get_summary (copy), ==, "Ridership up 8%");
    g_assert_cmpstr (fm_claim_get_explanation (copy), ==,
                     "The authority's figures show 7.6 percent.");
    g_assert_cmpint (fm_claim_get_status (copy), ==, FM_STATUS_IN_PROGRESS);
  }

  again = fm_store_get_claim (f->store, fm_claim_get_id (claim), &error);
  g_assert_true (again == claim);

  claims = fm_store_list_claims (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (claims->len, ==, 1);
  g_clear_pointer (&claims, g_ptr_array_unref);

  g_assert_true (fm_store_count_claims (f->store, id, counts, &error));
  g_assert_cmpuint (counts[FM_STATUS_IN_PROGRESS], ==, 1);

  history = fm_store_get_history (f->store, fm_claim_get_id (claim), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 6);
  {
    FmHistoryEntry *created = g_ptr_array_index (history, 0);
    FmHistoryEntry *verdict = g_ptr_array_index (history, 2);

    g_assert_cmpstr (created->field, ==, "created");
    g_assert_cmpstr (verdict->field, ==, "verdict");
    g_assert_cmpstr (verdict->old_value, ==, "unrated");
    g_assert_cmpstr (verdict->new_value, ==, "mostly-true");
    g_assert_cmpstr (verdict->actor, ==, "Test Journalist");
  }

  g_assert_true (fm_store_delete_claim (f->store, claim, &error));
  g_assert_no_error (error);
  claims = fm_store_list_claims (f->store, id, &error);
  g_assert_cmpuint (claims->len, ==, 0);
  g_assert_null (fm_store_get_claim (f->store, fm_claim_get_id (claim), &error));
  g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_NOT_FOUND);
}

static void
test_overlap_and_order (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(FmArticle) article = add_article (f->store, article_text);
  g_autoptr(GError) error = NULL;
  g_autoptr(FmClaim) late = fm_store_create_claim (f->store, fm_article_get_id (article), 60, 81, &error);
  g_autoptr(FmClaim) inner = fm_store_create_claim (f->store, fm_article_get_id (article), 4, 14, &error);
  g_autoptr(FmClaim) outer = fm_store_create_claim (f->store, fm_article_get_id (article), 0, 53, &error);
  g_autoptr(GPtrArray) claims = fm_store_list_claims (f->store, fm_article_get_id (article), &error);

  g_assert_no_error (error);
  g_assert_cmpuint (claims->len, ==, 3);
  g_assert_true (g_ptr_array_index (claims, 0) == outer);
  g_assert_true (g_ptr_array_index (claims, 1) == inner);
  g_assert_true (g_ptr_array_index (claims, 2) == late);
}

static void
test_sources (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(FmArticle) article = add_article (f->store, article_text);
  g_autoptr(GError) error = NULL;
  g_autoptr(FmClaim) claim = fm_store_create_claim (f->store, fm_article_get_id (article), 0, 53, &error);
  g_autoptr(FmSource) values = fm_source_new ();
  g_autoptr(FmSource) source = NULL;
  g_autoptr(FmSource) edit = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GPtrArray) history = NULL;

  fm_source_set_url (values, "javascript:alert(1)");
  g_assert_null (fm_store_add_source (f->store, fm_claim_get_id (claim), values, &error));
  g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INVALID);
  g_clear_error (&error);

  fm_source_set_url (values, "https://city.example.org/budget/2025.pdf");
  fm_source_set_title (values, "City budget 2025");
  fm_source_set_publisher (values, "City council");
  fm_source_set_kind (values, FM_SOURCE_KIND_PRIMARY);
  fm_source_set_stance (values, FM_STANCE_SUPPORTS);
  source = fm_store_add_source (f->store, fm_claim_get_id (claim), values, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fm_source_get_id (source));
  /* Accessed defaults to today */
  g_assert_cmpuint (strlen (fm_source_get_accessed (source)), ==, 10);
  g_assert_cmpuint (fm_claim_get_n_sources (claim), ==, 1);

  edit = fm_source_copy (source);
  fm_source_set_title (edit, "City budget 2025, final");
  fm_source_set_stance (edit, FM_STANCE_CONTEXT);
  fm_source_set_archive_url (edit, "ftp://archive.example.org/x");
  g_assert_false (fm_store_update_source (f->store, source, edit, &error));
  g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  fm_source_set_archive_url (edit, "https://archive.example.org/city-budget");
  g_assert_true (fm_store_update_source (f->store, source, edit, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (fm_source_get_title (source), ==, "City budget 2025, final");
  g_assert_cmpint (fm_source_get_stance (source), ==, FM_STANCE_CONTEXT);

  sources = fm_store_list_sources (f->store, fm_claim_get_id (claim), &error);
  g_assert_cmpuint (sources->len, ==, 1);
  g_assert_true (g_ptr_array_index (sources, 0) == source);
  g_clear_pointer (&sources, g_ptr_array_unref);

  g_assert_true (fm_store_remove_source (f->store, source, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fm_claim_get_n_sources (claim), ==, 0);

  /* Undo: the same source comes back, with its id */
  {
    g_autoptr(FmSource) back = fm_store_restore_source (f->store, edit, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (fm_source_get_id (back), ==, fm_source_get_id (source));
    g_assert_cmpuint (fm_claim_get_n_sources (claim), ==, 1);
  }

  history = fm_store_get_history (f->store, fm_claim_get_id (claim), &error);
  g_assert_no_error (error);
  /* created, source-added, title, archive, stance, source-removed, source-added */
  g_assert_cmpuint (history->len, ==, 7);
  g_assert_cmpstr (((FmHistoryEntry *)g_ptr_array_index (history, 5))->field, ==, "source-removed");
}

static void
test_undo_delete (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(FmArticle) article = add_article (f->store, article_text);
  g_autoptr(GError) error = NULL;
  g_autoptr(FmClaim) claim = fm_store_create_claim (f->store, fm_article_get_id (article), 0, 53, &error);
  g_autoptr(FmSource) values = fm_source_new ();
  g_autoptr(FmSource) source = NULL;
  g_autoptr(FmClaim) snapshot = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(FmClaim) back = NULL;
  g_autoptr(GPtrArray) history = NULL;

  fm_source_set_url (values, "https://example.org/a");
  source = fm_store_add_source (f->store, fm_claim_get_id (claim), values, &error);
  g_assert_true (fm_store_set_claim_verdict (f->store, claim, FM_VERDICT_FALSE, &error));
  g_assert_no_error (error);

  snapshot = fm_claim_copy (claim);
  sources = fm_store_list_sources (f->store, fm_claim_get_id (claim), &error);
  g_assert_true (fm_store_delete_claim (f->store, claim, &error));

  back = fm_store_insert_claim (f->store, snapshot, sources, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fm_claim_get_id (back), ==, fm_claim_get_id (snapshot));
  g_assert_cmpint (fm_claim_get_verdict (back), ==, FM_VERDICT_FALSE);
  g_assert_cmpstr (fm_claim_get_created_at (back), ==, fm_claim_get_created_at (snapshot));
  g_assert_cmpuint (fm_claim_get_n_sources (back), ==, 1);

  history = fm_store_get_history (f->store, fm_claim_get_id (back), &error);
  g_assert_cmpstr (((FmHistoryEntry *)g_ptr_array_index (history, 0))->field, ==, "created");
  g_assert_cmpstr (((FmHistoryEntry *)g_ptr_array_index (history, history->len - 2))->field, ==,
                   "deleted");
  g_assert_cmpstr (((FmHistoryEntry *)g_ptr_array_index (history, history->len - 1))->field, ==,
                   "restored");

  /* The same id cannot come back twice */
  g_assert_null (fm_store_insert_claim (f->store, snapshot, NULL, &error));
  g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INVALID);
}

static void
test_history_immutable (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(FmArticle) article = add_article (f->store, article_text);
  g_autoptr(GError) error = NULL;
  g_autoptr(FmClaim) claim = fm_store_create_claim (f->store, fm_article_get_id (article), 0, 53, &error);
  char *message = NULL;
  sqlite3 *db = open_raw (f->path);

  g_assert_cmpint (sqlite3_exec (db, "UPDATE history SET actor = 'Mallory'", NULL, NULL, &message),
                   !=, SQLITE_OK);
  g_assert_nonnull (strstr (message, "append-only"));
  sqlite3_free (message);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM history", NULL, NULL, &message), !=, SQLITE_OK);
  g_assert_nonnull (strstr (message, "append-only"));
  sqlite3_free (message);
  g_assert_cmpint (raw_int (db, "SELECT count (*) FROM history"), ==, 1);
  sqlite3_close (db);
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(FmArticle) article = add_article (f->store, article_text);
  g_autoptr(GError) error = NULL;
  g_autoptr(FmClaim) a = fm_store_create_claim (f->store, fm_article_get_id (article), 0, 53, &error);
  g_autoptr(FmClaim) b = fm_store_create_claim (f->store, fm_article_get_id (article), 54, 81, &error);
  g_autoptr(FmSource) values = fm_source_new ();
  g_autoptr(FmSource) source = NULL;
  g_autoptr(GPtrArray) found = NULL;
  FmClaimQuery query = FM_CLAIM_QUERY_INIT;

  g_assert_true (fm_store_set_claim_field (f->store, b, FM_CLAIM_FIELD_EXPLANATION,
                                           "Passenger counts from the tramway operator disagree.",
                                           &error));
  fm_source_set_url (values, "https://stats.example.org/ridership");
  fm_source_set_title (values, "Quarterly ridership statistics");
  source = fm_store_add_source (f->store, fm_claim_get_id (a), values, &error);
  g_assert_no_error (error);

  /* A word of the explanation */
  query.search = "tramway";
  found = fm_store_query_claims (f->store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_true (g_ptr_array_index (found, 0) == b);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* A prefix of a word of a source title */
  query.search = "quarter";
  found = fm_store_query_claims (f->store, &query, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_true (g_ptr_array_index (found, 0) == a);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* Query syntax in the input is just text */
  query.search = "\"NEAR( * OR -";
  found = fm_store_query_claims (f->store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* Filters combine */
  query.search = NULL;
  query.any_verdict = FALSE;
  query.verdict = FM_VERDICT_UNRATED;
  g_assert_cmpuint (fm_store_count_query (f->store, &query, &error), ==, 2);
  g_assert_true (fm_store_set_claim_verdict (f->store, a, FM_VERDICT_TRUE, &error));
  g_assert_cmpuint (fm_store_count_query (f->store, &query, &error), ==, 1);
  query.sort = FM_CLAIM_SORT_UPDATED;
  query.descending = TRUE;
  query.any_verdict = TRUE;
  found = fm_store_query_claims (f->store, &query, &error);
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_true (g_ptr_array_index (found, 0) == a);
}

static void
test_transaction_rollback (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(FmArticle) article = add_article (f->store, article_text);
  g_autoptr(GError) error = NULL;
  g_autoptr(FmClaim) claim = fm_claim_new ();
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) claims = NULL;
  FmSource *one = fm_source_new ();
  FmSource *two = fm_source_new ();
  sqlite3 *db;

  fm_claim_set_article_id (claim, fm_article_get_id (article));
  fm_claim_set_span (claim, 0, 53);
  fm_claim_set_selector (claim, "The city spent 12 million euros on new buses in 2025.", "", "\n");
  /* Two sources with the same id: the second insert fails after the claim
   * and the first source were written. */
  fm_source_set_id (one, "11111111-2222-3333-4444-555555555555");
  fm_source_set_url (one, "https://example.org/1");
  fm_source_set_id (two, "11111111-2222-3333-4444-555555555555");
  fm_source_set_url (two, "https://example.org/2");
  g_ptr_array_add (sources, one);
  g_ptr_array_add (sources, two);

  g_assert_null (fm_store_insert_claim (f->store, claim, sources, &error));
  g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INVALID);

  claims = fm_store_list_claims (f->store, fm_article_get_id (article), NULL);
  g_assert_cmpuint (claims->len, ==, 0);
  db = open_raw (f->path);
  g_assert_cmpint (raw_int (db, "SELECT count (*) FROM claims"), ==, 0);
  g_assert_cmpint (raw_int (db, "SELECT count (*) FROM sources"), ==, 0);
  g_assert_cmpint (raw_int (db, "SELECT count (*) FROM history"), ==, 0);
  sqlite3_close (db);
}

static void
test_approved_reopens (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(FmArticle) article = add_article (f->store, article_text);
  g_autoptr(GError) error = NULL;
  g_autoptr(FmClaim) claim = fm_store_create_claim (f->store, fm_article_get_id (article), 0, 53, &error);
  g_autoptr(GPtrArray) history = NULL;
  FmHistoryEntry *last;

  fm_store_set_actor (f->store, "Eda Editor");
  g_assert_true (fm_store_set_claim_status (f->store, claim, FM_STATUS_APPROVED, &error));
  g_assert_cmpstr (fm_claim_get_reviewed_by (claim), ==, "Eda Editor");
  g_assert_nonnull (fm_claim_get_reviewed_at (claim));

  fm_store_set_actor (f->store, "Test Journalist");
  g_assert_true (fm_store_set_claim_verdict (f->store, claim, FM_VERDICT_FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fm_claim_get_status (claim), ==, FM_STATUS_NEEDS_REVIEW);
  g_assert_null (fm_claim_get_reviewed_by (claim));

  history = fm_store_get_history (f->store, fm_claim_get_id (claim), &error);
  last = g_ptr_array_index (history, history->len - 1);
  g_assert_cmpstr (last->field, ==, "status");
  g_assert_cmpstr (last->old_value, ==, "approved");
  g_assert_cmpstr (last->new_value, ==, "needs-review");
}

static void
test_resolve_ids (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(FmArticle) article = add_article (f->store, article_text);
  g_autoptr(GError) error = NULL;
  g_autofree char *prefix = g_strndup (fm_article_get_id (article), 6);
  g_autofree char *upper = g_ascii_strup (prefix, -1);
  g_autofree char *full = fm_store_resolve_article_id (f->store, upper, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (full, ==, fm_article_get_id (article));

  g_assert_null (fm_store_resolve_article_id (f->store, "zzz", &error));
  g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (fm_store_resolve_article_id (f->store, "'; DROP TABLE articles; --", &error));
  g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_null (fm_store_resolve_claim_id (f->store, "", &error));
  g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Two ids that share "abc" */
  {
    static const char * const ids[] = {
      "abc00000-0000-4000-8000-000000000001", "abc11111-0000-4000-8000-000000000002",
    };
    g_autofree char *one = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
      {
        g_autoptr(FmClaim) claim = fm_claim_new ();
        g_autoptr(FmClaim) stored = NULL;

        fm_claim_set_id (claim, ids[i]);
        fm_claim_set_article_id (claim, fm_article_get_id (article));
        fm_claim_set_span (claim, 0, 8);
        fm_claim_set_selector (claim, "The city", "", " spent");
        stored = fm_store_insert_claim (f->store, claim, NULL, &error);
        g_assert_no_error (error);
      }
    g_assert_null (fm_store_resolve_claim_id (f->store, "abc", &error));
    g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_AMBIGUOUS);
    g_clear_error (&error);
    one = fm_store_resolve_claim_id (f->store, "abc1", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (one, ==, ids[1]);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/store/create", test_create);
  ADD ("/store/pragmas", test_pragmas);
  g_test_add_func ("/store/migrate-v1", test_migrate_v1);
  g_test_add_func ("/store/refuse-newer", test_refuse_newer);
  g_test_add_func ("/store/not-a-workspace", test_not_a_workspace);
  ADD ("/store/dedupe", test_dedupe);
  ADD ("/store/claim-crud", test_claim_crud);
  ADD ("/store/overlap-and-order", test_overlap_and_order);
  ADD ("/store/sources", test_sources);
  ADD ("/store/undo-delete", test_undo_delete);
  ADD ("/store/history-immutable", test_history_immutable);
  ADD ("/store/search", test_search);
  ADD ("/store/transaction-rollback", test_transaction_rollback);
  ADD ("/store/approved-reopens", test_approved_reopens);
  ADD ("/store/resolve-ids", test_resolve_ids);

  return g_test_run ();
}
