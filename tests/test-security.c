/* test-security.c — the guarantees README.md's Security section makes
 *
 * Each test here is named there. Guarantees that belong to code not yet
 * written (HTML extraction, the report) get their tests with that code.
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

#include "fm-store.h"
#include "fm-test.h"

typedef struct
{
  char    *dir;
  char    *path;
  FmStore *store;
  FmClaim *claim;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FmArticle) article = fm_article_new ();
  g_autoptr(FmArticle) stored = NULL;

  f->dir = fm_test_tmpdir ();
  f->path = g_build_filename (f->dir, "workspace.db", NULL);
  f->store = fm_store_open (f->path, &error);
  g_assert_no_error (error);
  fm_article_set_title (article, "Tolls");
  fm_article_set_text (article, "The council said the toll cut traffic by a third.");
  stored = fm_store_add_article (f->store, article, NULL, &error);
  g_assert_no_error (error);
  f->claim = fm_store_create_claim (f->store, fm_article_get_id (stored), 0, 11, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->claim);
  g_clear_object (&f->store);
  fm_test_rmtree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* Source URLs are http or https with a host: nothing a browser or the
 * report would run (javascript:, data:) or that points at the reader's own
 * machine (file:). The store checks, and the schema refuses the rest even
 * from a program that writes the file directly. */
static void
test_source_urls (Fixture       *f,
                  gconstpointer  data)
{
  static const char * const refused[] = {
    "javascript:alert(document.cookie)", "JavaScript:alert(1)", " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>", "file:///etc/passwd", "ftp://example.org/a",
    "vbscript:msgbox(1)", "http://", "https://", "https:example.org", "//example.org/a",
    "example.org", "", "http:///etc/passwd", "about:blank", "blob:https://example.org/x",
  };
  static const char * const accepted[] = {
    "https://example.org/report.pdf", "http://example.org", "HTTPS://EXAMPLE.ORG/A",
    "https://example.org/search?q=<script>&x=\"'", "https://xn--caf-dma.example/",
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(FmSource) values = fm_source_new ();
      g_autoptr(FmSource) source = NULL;

      fm_source_set_url (values, refused[i]);
      source = fm_store_add_source (f->store, fm_claim_get_id (f->claim), values, &error);
      if (source != NULL)
        g_error ("the source URL “%s” was accepted", refused[i]);
      g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INVALID);
      g_clear_error (&error);

      /* As an archive link too */
      fm_source_set_url (values, "https://example.org/");
      fm_source_set_archive_url (values, refused[i]);
      source = fm_store_add_source (f->store, fm_claim_get_id (f->claim), values, &error);
      if (*refused[i] != '\0')
        {
          g_assert_null (source);
          g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INVALID);
          g_clear_error (&error);
        }
      else
        {
          /* No archive link at all is fine */
          g_assert_no_error (error);
          g_assert_nonnull (source);
          g_assert_true (fm_store_remove_source (f->store, source, &error));
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(FmSource) values = fm_source_new ();
      g_autoptr(FmSource) source = NULL;

      fm_source_set_url (values, accepted[i]);
      source = fm_store_add_source (f->store, fm_claim_get_id (f->claim), values, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (fm_source_get_url (source), ==, accepted[i]);
    }

  /* The schema itself: a program writing the file directly is refused too */
  {
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO sources (id, claim_id, url, created_by, "
                                             "created_at, updated_by, updated_at) "
                                             "VALUES ('x', ?, ?, 'm', 'now', 'm', 'now')",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    for (guint i = 0; i < 6; i++)
      {
        sqlite3_bind_text (stmt, 1, fm_claim_get_id (f->claim), -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, refused[i], -1, SQLITE_STATIC);
        g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_CONSTRAINT);
        sqlite3_reset (stmt);
      }
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }
}

/* SQL is built from fixed text only and every value is a bound parameter:
 * text that looks like SQL, or like full-text query syntax, is stored and
 * found as the text it is, in every field a person types. */
static void
test_sql_values_are_text (Fixture       *f,
                          gconstpointer  data)
{
  static const char * const hostile[] = {
    "'; DROP TABLE claims; --", "\" OR 1=1 --", "x'); DELETE FROM history; --",
    "NEAR(a b) OR c* AND -d ^e \"f", "%_\\", "a\x1f" "b", "Robert'); DROP TABLE articles;--",
    "ünïcödé “quotes” ‘and’ — dashes", "<script>alert(1)</script>",
  };
  g_autoptr(GError) error = NULL;
  FmClaimQuery query = FM_CLAIM_QUERY_INIT;

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autoptr(FmStore) other = NULL;
      g_autoptr(FmClaim) copy = NULL;
      g_autoptr(GPtrArray) found = NULL;

      fm_store_set_actor (f->store, hostile[i]);
      g_assert_true (fm_store_set_claim_field (f->store, f->claim, FM_CLAIM_FIELD_SUMMARY,
                                               hostile[i], &error));
      g_assert_no_error (error);
      g_assert_true (fm_store_set_claim_field (f->store, f->claim, FM_CLAIM_FIELD_EXPLANATION,
                                               hostile[i], &error));
      g_assert_true (fm_store_set_claim_field (f->store, f->claim, FM_CLAIM_FIELD_ASSIGNEE,
                                               hostile[i], &error));
      g_assert_no_error (error);

      /* Another connection reads back exactly what was written */
      other = fm_store_open (f->path, &error);
      g_assert_no_error (error);
      copy = fm_store_get_claim (other, fm_claim_get_id (f->claim), &error);
      g_assert_no_error (error);
      g_assert_cmpstr (fm_claim_get_summary (copy), ==, hostile[i]);
      g_assert_cmpstr (fm_claim_get_explanation (copy), ==, hostile[i]);
      g_assert_cmpstr (fm_claim_get_updated_by (copy), ==, hostile[i]);

      /* Searching for it is a search, never a query error */
      query.search = hostile[i];
      found = fm_store_query_claims (f->store, &query, &error);
      g_assert_no_error (error);
      fm_store_count_query (f->store, &query, &error);
      g_assert_no_error (error);

      /* An id prefix is checked before it is used */
      g_assert_null (fm_store_resolve_claim_id (f->store, hostile[i], &error));
      g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_NOT_FOUND);
      g_clear_error (&error);
    }

  /* Every table is still there and whole */
  g_assert_true (fm_store_check_integrity (f->store, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) history = fm_store_get_history (f->store, fm_claim_get_id (f->claim), &error);

    g_assert_no_error (error);
    g_assert_cmpuint (history->len, ==, 1 + 3 * G_N_ELEMENTS (hostile));
  }
}

/* Only the store calls SQLite, so the rule above is checked in one file */
static void
test_only_store_calls_sqlite (void)
{
  const char *root = g_getenv ("FACTMARK_SOURCE_ROOT");
  g_autofree char *src = NULL;
  g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);
  guint checked = 0;

  if (root == NULL)
    {
      g_test_skip ("FACTMARK_SOURCE_ROOT is not set");
      return;
    }
  src = g_build_filename (root, "src", NULL);
  g_ptr_array_add (dirs, g_strdup (src));
  for (guint d = 0; d < dirs->len; d++)
    {
      g_autoptr(GDir) dir = g_dir_open (g_ptr_array_index (dirs, d), 0, NULL);
      const char *name;

      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (g_ptr_array_index (dirs, d), name, NULL);
          g_autofree char *contents = NULL;

          if (g_file_test (path, G_FILE_TEST_IS_DIR))
            {
              g_ptr_array_add (dirs, g_steal_pointer (&path));
              continue;
            }
          if (!g_str_has_suffix (name, ".c") && !g_str_has_suffix (name, ".h"))
            continue;
          g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
          checked++;
          if (g_str_equal (name, "fm-store.c"))
            {
              /* No SQL made by SQLite's own printf, which pastes values in */
              g_assert_null (strstr (contents, "sqlite3_mprintf"));
              g_assert_null (strstr (contents, "sqlite3_vmprintf"));
              g_assert_null (strstr (contents, "sqlite3_snprintf"));
              continue;
            }
          if (strstr (contents, "sqlite3_") != NULL || strstr (contents, "<sqlite3.h>") != NULL)
            g_error ("%s uses SQLite: only src/core/fm-store.c may", path);
        }
    }
  g_assert_cmpuint (checked, >, 10);
}

/* Workspace files are private: the file and the write-ahead log and
 * shared-memory files beside it are 0600, a folder made for it 0700,
 * whatever the umask says. */
static void
test_file_modes (void)
{
  g_autofree char *dir = fm_test_tmpdir ();
  g_autofree char *sub = g_build_filename (dir, "new", "folder", NULL);
  g_autofree char *path = g_build_filename (sub, "workspace.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FmStore) store = NULL;
  g_autoptr(FmArticle) article = fm_article_new ();
  g_autoptr(FmArticle) stored = NULL;
  mode_t old_mask = umask (0);
  struct stat st;

  store = fm_store_open (path, &error);
  umask (old_mask);
  g_assert_no_error (error);
  fm_article_set_title (article, "Private");
  fm_article_set_text (article, "Notes nobody else on this computer should read.");
  stored = fm_store_add_article (store, article, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);
  g_assert_cmpint (g_stat (shm, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);
  g_assert_cmpint (g_stat (sub, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0700);

  g_clear_object (&store);
  fm_test_rmtree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/security/source-urls", Fixture, NULL, fixture_set_up, test_source_urls,
              fixture_tear_down);
  g_test_add ("/security/sql-values-are-text", Fixture, NULL, fixture_set_up,
              test_sql_values_are_text, fixture_tear_down);
  g_test_add_func ("/security/only-store-calls-sqlite", test_only_store_calls_sqlite);
  g_test_add_func ("/security/file-modes", test_file_modes);

  return g_test_run ();
}
