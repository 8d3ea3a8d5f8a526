/* bench-sync.c — what sync costs: recording, sending, applying, space
 *
 * meson test -C _build --benchmark bench-sync -v
 * FACTMARK_BENCH_CLAIMS=N sets the number of claims (default 1000).
 * Not part of the test suite: it measures, it asserts nothing about time.
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>
#include <sys/resource.h>

#include "fm-store.h"
#include "fm-sync.h"
#include "fm-test.h"

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
}

static FmStore *
open_workspace (const char *dir,
                const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  FmStore *store = fm_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

static FmSyncResult *
sync_with (FmStore *store,
           GFile   *folder)
{
  g_autoptr(FmSync) sync = fm_sync_new (store, folder);
  g_autoptr(GError) error = NULL;
  FmSyncResult *result = fm_sync_run (sync, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (result->problems->len, ==, 0);
  return result;
}

static gint64
folder_bytes (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  gint64 total = 0;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);
      GStatBuf st;

      if (g_stat (file, &st) == 0)
        total += st.st_size;
    }
  return total;
}

/* Bytes used by tables whose name starts with @prefix (SQLite's dbstat) */
static gint64
table_bytes (const char *db_path,
             const char *like)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 bytes = -1;

  if (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "SELECT sum (pgsize) FROM dbstat WHERE name LIKE ?", -1, &stmt,
                          NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, like, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        bytes = sqlite3_column_int64 (stmt, 0);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return bytes;
}

static char *
article_text (guint n)
{
  GString *text = g_string_new (NULL);

  for (guint p = 0; p < 12; p++)
    g_string_append_printf (text, "Paragraph %u of article %u: the council said the figures for "
                            "district %u rose by %u percent over the year, a claim the "
                            "opposition disputes.\n", p, n, p * 7 + n, (p * 13 + n) % 90);
  return g_string_free (text, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  const char *env = g_getenv ("FACTMARK_BENCH_CLAIMS");
  guint n_claims = env ? (guint)g_ascii_strtoull (env, NULL, 10) : 1000;
  guint per_article = 50;
  guint n_articles = MAX (1, n_claims / per_article);
  g_autofree char *dir = fm_test_tmpdir ();
  g_autofree char *folder_path = g_build_filename (dir, "shared", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (folder_path);
  g_autoptr(FmStore) a = NULL;
  g_autoptr(FmStore) b = NULL;
  g_autoptr(GPtrArray) claims = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(FmSyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *a_path = NULL;
  g_autofree char *b_path = NULL;
  guint64 ops;
  gint64 start;
  double t;

  g_test_init (&argc, &argv, NULL);
  g_mkdir (folder_path, 0700);
  a = open_workspace (dir, "a.db");
  b = open_workspace (dir, "b.db");
  a_path = g_strdup (fm_store_get_path (a));
  b_path = g_strdup (fm_store_get_path (b));

  /* Work on A: every call is one transaction, recorded for sync */
  start = g_get_monotonic_time ();
  for (guint i = 0; i < n_articles; i++)
    {
      g_autoptr(FmArticle) article = fm_article_new ();
      g_autoptr(FmArticle) stored = NULL;
      g_autofree char *text = article_text (i);

      fm_article_set_title (article, "Council figures");
      fm_article_set_text (article, text);
      stored = fm_store_add_article (a, article, NULL, &error);
      g_assert_no_error (error);
      for (guint k = 0; k < per_article; k++)
        {
          FmClaim *claim = fm_store_create_claim (a, fm_article_get_id (stored), k * 20,
                                                  k * 20 + 15, &error);
          g_autoptr(FmSource) values = fm_source_new ();
          g_autoptr(FmSource) source = NULL;

          g_assert_no_error (error);
          g_ptr_array_add (claims, claim);
          fm_store_set_claim_field (a, claim, FM_CLAIM_FIELD_SUMMARY, "Figures rose", &error);
          fm_store_set_claim_verdict (a, claim, FM_VERDICT_MOSTLY_TRUE, &error);
          fm_store_set_claim_field (a, claim, FM_CLAIM_FIELD_TAGS, "council, figures", &error);
          fm_source_set_url (values, "https://example.org/council/report");
          fm_source_set_title (values, "Council annual report");
          source = fm_store_add_source (a, fm_claim_get_id (claim), values, &error);
          g_assert_no_error (error);
        }
    }
  t = seconds_since (start);
  ops = fm_store_sync_get_last_seq (a, NULL);
  g_print ("# %u claims on %u articles: %" G_GUINT64_FORMAT " transactions in %.2f s "
           "(%.2f ms each, recording included)\n", claims->len, n_articles, ops, t,
           1000 * t / ops);

  start = g_get_monotonic_time ();
  result = sync_with (a, folder);
  t = seconds_since (start);
  g_print ("# first sync of A: sent %u changes in %u files (%.1f KiB) in %.2f s\n",
           result->n_sent, result->n_files_written, folder_bytes (folder_path) / 1024.0, t);
  g_clear_pointer (&result, fm_sync_result_free);

  start = g_get_monotonic_time ();
  result = sync_with (b, folder);
  t = seconds_since (start);
  g_print ("# first sync of B: applied %u changes in %.2f s (%.0f changes/s)\n",
           result->n_received, t, result->n_received / t);
  g_clear_pointer (&result, fm_sync_result_free);

  /* Both edit every tenth claim, then exchange */
  for (guint i = 0; i < claims->len; i += 10)
    {
      FmClaim *claim = g_ptr_array_index (claims, i);
      g_autoptr(FmClaim) on_b = fm_store_get_claim (b, fm_claim_get_id (claim), &error);

      g_assert_no_error (error);
      fm_store_set_claim_field (a, claim, FM_CLAIM_FIELD_EXPLANATION, "Checked", &error);
      fm_store_set_claim_verdict (b, on_b, FM_VERDICT_FALSE, &error);
    }
  start = g_get_monotonic_time ();
  result = sync_with (a, folder);
  g_clear_pointer (&result, fm_sync_result_free);
  result = sync_with (b, folder);
  g_clear_pointer (&result, fm_sync_result_free);
  result = sync_with (a, folder);
  t = seconds_since (start);
  g_print ("# exchange of %u + %u edits (3 syncs): %.2f s, %u conflicts\n",
           claims->len / 10, claims->len / 10, t, result->conflicts->len);
  g_clear_pointer (&result, fm_sync_result_free);

  /* A sync with nothing to do, as a folder monitor triggers it */
  start = g_get_monotonic_time ();
  result = sync_with (a, folder);
  t = seconds_since (start);
  g_print ("# sync with nothing to do: %.1f ms\n", 1000 * t);
  {
    g_autoptr(FmSync) sync = fm_sync_new (a, folder);
    guint in = 0, out = 0;

    start = g_get_monotonic_time ();
    fm_sync_check_folder (sync, &in, &out, NULL, &error);
    g_assert_no_error (error);
    g_print ("# check of the folder by file names: %.2f ms\n", 1000 * seconds_since (start));
  }

  g_clear_object (&a);
  g_clear_object (&b);
  {
    GStatBuf st;

    g_stat (a_path, &st);
    g_print ("# workspace A: %.1f KiB, of which content %.1f KiB, outbox %.1f KiB, "
             "other sync bookkeeping %.1f KiB\n", st.st_size / 1024.0,
             (table_bytes (a_path, "%") - table_bytes (a_path, "sync_%")) / 1024.0,
             table_bytes (a_path, "sync_outbox%") / 1024.0,
             (table_bytes (a_path, "sync_%") - table_bytes (a_path, "sync_outbox%")) / 1024.0);
    g_stat (b_path, &st);
    g_print ("# workspace B: %.1f KiB, sync bookkeeping %.1f KiB\n", st.st_size / 1024.0,
             table_bytes (b_path, "sync_%") / 1024.0);
  }
  {
    struct rusage usage;

    getrusage (RUSAGE_SELF, &usage);
    g_print ("# peak memory of the whole run: %.1f MiB\n", usage.ru_maxrss / 1024.0);
  }
  fm_test_rmtree (dir);
  return 0;
}
