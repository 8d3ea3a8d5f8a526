/* test-revisions.c — new versions of an article: claims moved, orphans kept,
 * approvals reopened, history; and dismissed or accepted suggestions */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "fm-diff.h"
#include "fm-export.h"
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
  f->path = g_build_filename (f->dir, "workspace.db", NULL);
  f->store = fm_store_open (f->path, &error);
  g_assert_no_error (error);
  fm_store_set_actor (f->store, "Test Checker");
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

static const char v1[] =
  "Ferry fares to double on island routes\n"
  "The ferry company will double fares on its island routes from 1 April, the company said "
  "on Monday.\n"
  "A return ticket to Inishmore will cost 40 euros, up from 20 euros, according to the new "
  "price list.\n"
  "Islanders say the rise will force families to leave. \"We cannot afford to live here any "
  "more,\" one resident said.\n"
  "The company blamed the rise on fuel costs, which it said had tripled since 2021.";

/* The publisher's edit: a paragraph added at the top, a figure reworded,
 * the resident's quote removed */
static const char v2[] =
  "Ferry fares to double on island routes\n"
  "Update: the company has since said concessions will apply to island residents.\n"
  "The ferry company will double fares on its island routes from 1 April, the company said "
  "on Monday.\n"
  "A return ticket to Inishmore will cost 38 euros, up from 19 euros, according to the new "
  "price list.\n"
  "The company blamed the rise on fuel costs, which it said had tripled since 2021.";

static guint
offset_of (const char *text,
           const char *quote)
{
  const char *at = strstr (text, quote);

  g_assert_nonnull (at);
  return g_utf8_pointer_to_offset (text, at);
}

static FmArticle *
make_article (const char *text,
              const char *canonical_url)
{
  FmArticle *article = fm_article_new ();

  fm_article_set_title (article, "Ferry fares");
  fm_article_set_canonical_url (article, canonical_url);
  fm_article_set_text (article, text);
  return article;
}

static FmArticle *
import (Fixture           *f,
        const char        *text,
        const char        *canonical_url,
        const char        *version_of,
        FmArticleAddition  expected,
        FmRevisionSummary *summary)
{
  g_autoptr(FmArticle) article = make_article (text, canonical_url);
  g_autoptr(GError) error = NULL;
  FmArticleAddition addition;
  FmArticle *stored;

  stored = fm_store_import_article (f->store, article, version_of, &addition, summary, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
  g_assert_cmpint (addition, ==, expected);
  return stored;
}

static FmClaim *
claim_on (Fixture    *f,
          FmArticle  *article,
          const char *quote)
{
  g_autoptr(GError) error = NULL;
  const char *text = fm_article_get_text (article);
  guint start = offset_of (text, quote);
  FmClaim *claim;

  claim = fm_store_create_claim (f->store, fm_article_get_id (article), start,
                                 start + g_utf8_strlen (quote, -1), &error);
  g_assert_no_error (error);
  return claim;
}

static gboolean
history_has (FmStore    *store,
             FmClaim    *claim,
             const char *field,
             const char *old_value,
             const char *new_value)
{
  g_autoptr(GPtrArray) history = fm_store_get_history (store, fm_claim_get_id (claim), NULL);

  for (guint i = 0; i < history->len; i++)
    {
      FmHistoryEntry *e = g_ptr_array_index (history, i);

      if (g_str_equal (e->field, field) &&
          (old_value == NULL || g_strcmp0 (e->old_value, old_value) == 0) &&
          (new_value == NULL || (e->new_value && strstr (e->new_value, new_value))))
        return TRUE;
    }
  return FALSE;
}

static void
count_signal (guint *counter)
{
  (*counter)++;
}

static void
test_revise (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(FmArticle) article = import (f, v1, "https://example.org/ferry", NULL,
                                         FM_ARTICLE_ADDITION_NEW, NULL);
  g_autoptr(FmArticle) again = NULL;
  g_autoptr(FmClaim) doubles = claim_on (f, article, "double fares on its island routes from 1 April");
  g_autoptr(FmClaim) price = claim_on (f, article, "A return ticket to Inishmore will cost 40 euros, up from 20 euros");
  g_autoptr(FmClaim) resident = claim_on (f, article, "We cannot afford to live here any more");
  g_autoptr(FmClaim) fuel = claim_on (f, article, "fuel costs, which it said had tripled since 2021");
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(GPtrArray) flagged = NULL;
  g_autoptr(GPtrArray) orphans = NULL;
  g_autoptr(GArray) diff = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *old_text = NULL;
  g_autofree char *revised_at = NULL;
  g_autofree char *article_id = g_strdup (fm_article_get_id (article));
  FmRevisionSummary summary;
  guint revised = 0, changed = 0;
  guint counts[FM_N_STATUSES];

  /* Approved before the edit: one whose figures change, one that stays */
  g_assert_true (fm_store_set_claim_status (f->store, price, FM_STATUS_APPROVED, &error));
  g_assert_true (fm_store_set_claim_status (f->store, fuel, FM_STATUS_APPROVED, &error));
  g_assert_true (fm_store_set_claim_status (f->store, resident, FM_STATUS_APPROVED, &error));
  g_assert_no_error (error);

  g_signal_connect_swapped (f->store, "article-revised", G_CALLBACK (count_signal), &revised);
  g_signal_connect_swapped (f->store, "claim-changed", G_CALLBACK (count_signal), &changed);

  /* Same canonical URL, new text: a new revision of the same article */
  again = import (f, v2, "https://example.org/ferry", NULL, FM_ARTICLE_ADDITION_REVISED, &summary);
  g_assert_true (again == article);
  g_assert_cmpstr (fm_article_get_text (article), ==, v2);
  g_assert_cmpuint (revised, ==, 1);
  g_assert_cmpuint (changed, >=, 4);

  g_assert_cmpuint (summary.revision, ==, 2);
  g_assert_cmpuint (summary.n_claims, ==, 4);
  g_assert_cmpuint (summary.n_exact, ==, 2);
  g_assert_cmpuint (summary.n_changed, ==, 1);
  g_assert_cmpuint (summary.n_orphaned, ==, 1);
  g_assert_cmpuint (summary.n_flagged, ==, 1);
  g_assert_cmpuint (summary.n_reopened, ==, 2);

  /* Unchanged claims moved with their text, confidence 1 */
  g_assert_cmpint (fm_claim_get_anchor_state (doubles), ==, FM_ANCHOR_STATE_PLACED);
  g_assert_cmpfloat (fm_claim_get_anchor_confidence (doubles), ==, 1.0);
  g_assert_cmpuint (fm_claim_get_start (doubles), ==, offset_of (v2, "double fares on its"));
  g_assert_cmpuint (fm_claim_get_start (fuel), ==, offset_of (v2, "fuel costs"));
  g_assert_cmpint (fm_claim_get_status (fuel), ==, FM_STATUS_APPROVED);

  /* The reworded figures: placed on the new wording, to confirm, back to review */
  g_assert_cmpint (fm_claim_get_anchor_state (price), ==, FM_ANCHOR_STATE_FLAGGED);
  g_assert_cmpstr (fm_claim_get_quote (price), ==,
                   "A return ticket to Inishmore will cost 38 euros, up from 19 euros");
  g_assert_cmpfloat (fm_claim_get_anchor_confidence (price), <, 1.0);
  g_assert_cmpint (fm_claim_get_status (price), ==, FM_STATUS_NEEDS_REVIEW);
  g_assert_true (history_has (f->store, price, "status", "approved", "needs-review"));
  g_assert_true (history_has (f->store, price, "quote",
                              "A return ticket to Inishmore will cost 40 euros, up from 20 euros",
                              "38 euros"));
  g_assert_true (history_has (f->store, price, "anchor", NULL, "to confirm"));

  /* The deleted quote: kept, unplaced, with its old quote, back to review */
  g_assert_cmpint (fm_claim_get_anchor_state (resident), ==, FM_ANCHOR_STATE_ORPHAN);
  g_assert_cmpstr (fm_claim_get_quote (resident), ==, "We cannot afford to live here any more");
  g_assert_cmpint (fm_claim_get_status (resident), ==, FM_STATUS_NEEDS_REVIEW);
  g_assert_cmpuint (fm_claim_get_end (resident), <=, fm_article_get_length (article));
  g_assert_true (history_has (f->store, resident, "anchor", NULL, "unplaced"));

  /* Every move is in the history */
  g_assert_true (history_has (f->store, doubles, "anchor", NULL, "revision 2"));
  g_assert_true (history_has (f->store, fuel, "anchor", NULL, "exact"));

  flagged = fm_store_list_claims_by_anchor (f->store, article_id, FM_ANCHOR_STATE_FLAGGED, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (flagged->len, ==, 1);
  g_assert_true (g_ptr_array_index (flagged, 0) == price);
  orphans = fm_store_list_claims_by_anchor (f->store, article_id, FM_ANCHOR_STATE_ORPHAN, &error);
  g_assert_cmpuint (orphans->len, ==, 1);
  g_assert_true (g_ptr_array_index (orphans, 0) == resident);

  /* Nothing lost: the orphan still counts as a claim of the article */
  g_assert_true (fm_store_count_claims (f->store, article_id, counts, &error));
  g_assert_cmpuint (counts[FM_STATUS_NEEDS_REVIEW], ==, 2);
  g_assert_cmpuint (counts[FM_STATUS_APPROVED], ==, 1);
  g_assert_cmpuint (counts[FM_STATUS_UNCHECKED], ==, 1);

  /* The old text is kept; the report can say when it changed */
  revisions = fm_store_list_revisions (f->store, article_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (revisions->len, ==, 2);
  g_assert_cmpuint (((FmRevision *)g_ptr_array_index (revisions, 0))->number, ==, 1);
  g_assert_nonnull (((FmRevision *)g_ptr_array_index (revisions, 0))->superseded_at);
  g_assert_null (((FmRevision *)g_ptr_array_index (revisions, 1))->superseded_at);
  old_text = fm_store_get_revision_text (f->store, article_id, 1, &error);
  g_assert_cmpstr (old_text, ==, v1);
  g_assert_cmpuint (fm_store_get_article_revision (f->store, article_id, &revised_at, &error), ==, 2);
  g_assert_nonnull (revised_at);
  g_assert_cmpstr (revised_at, ==, ((FmRevision *)g_ptr_array_index (revisions, 1))->imported_at);

  diff = fm_store_diff_revisions (f->store, article_id, 1, 2, &error);
  g_assert_no_error (error);
  g_assert_false (fm_diff_is_empty (diff));

  /* A workspace reopened sees the same */
  {
    g_autoptr(FmStore) other = fm_store_open (f->path, &error);
    g_autoptr(FmClaim) reread = NULL;

    g_assert_no_error (error);
    reread = fm_store_get_claim (other, fm_claim_get_id (resident), &error);
    g_assert_cmpint (fm_claim_get_anchor_state (reread), ==, FM_ANCHOR_STATE_ORPHAN);
  }
}

static void
test_dedupe_and_search (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(FmArticle) article = import (f, v1, NULL, NULL, FM_ARTICLE_ADDITION_NEW, NULL);
  g_autoptr(FmArticle) revised = import (f, v2, NULL, fm_article_get_id (article),
                                         FM_ARTICLE_ADDITION_REVISED, NULL);
  g_autoptr(FmArticle) old_again = NULL;
  g_autoptr(FmArticle) new_again = NULL;
  g_autoptr(FmArticle) plain = NULL;
  g_autoptr(GPtrArray) articles = NULL;
  g_autoptr(GError) error = NULL;
  gboolean existed = FALSE;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  /* Opening either version again reopens the article: no duplicate */
  old_again = import (f, v1, NULL, NULL, FM_ARTICLE_ADDITION_EXISTED, NULL);
  g_assert_cmpstr (fm_article_get_id (old_again), ==, fm_article_get_id (article));
  new_again = import (f, v2, NULL, NULL, FM_ARTICLE_ADDITION_EXISTED, NULL);
  g_assert_cmpstr (fm_article_get_id (new_again), ==, fm_article_get_id (article));
  plain = make_article (v1, NULL);
  g_clear_object (&old_again);
  old_again = fm_store_add_article (f->store, plain, &existed, &error);
  g_assert_no_error (error);
  g_assert_true (existed);
  g_assert_cmpstr (fm_article_get_id (old_again), ==, fm_article_get_id (article));
  articles = fm_store_list_articles (f->store, &error);
  g_assert_cmpuint (articles->len, ==, 1);
  g_assert_cmpstr (fm_article_get_text (revised), ==, v2);

  /* Search indexes the current text only */
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count (*) FROM articles_fts WHERE articles_fts "
                                           "MATCH ?", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, "concessions", -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, "afford", -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
test_revert_and_refuse (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(FmArticle) article = import (f, v1, NULL, NULL, FM_ARTICLE_ADDITION_NEW, NULL);
  g_autoptr(FmArticle) other = NULL;
  g_autoptr(FmArticle) result = NULL;
  g_autoptr(FmArticle) same = NULL;
  g_autoptr(FmArticle) revision = NULL;
  g_autoptr(FmClaim) claim = claim_on (f, article, "tripled since 2021");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  FmRevisionSummary summary;
  const char *id = fm_article_get_id (article);

  g_object_unref (import (f, v2, NULL, id, FM_ARTICLE_ADDITION_REVISED, NULL));
  /* The publisher reverted: an explicit new version with the first text */
  g_clear_object (&result);
  revision = make_article (v1, NULL);
  result = fm_store_revise_article (f->store, id, revision, &summary, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary.revision, ==, 3);
  g_assert_cmpstr (fm_article_get_text (result), ==, v1);
  g_assert_cmpuint (fm_claim_get_start (claim), ==, offset_of (v1, "tripled since 2021"));
  revisions = fm_store_list_revisions (f->store, id, &error);
  g_assert_cmpuint (revisions->len, ==, 3);

  /* The current text again changes nothing */
  same = fm_store_revise_article (f->store, id, revision, &summary, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary.revision, ==, 3);
  g_assert_cmpuint (summary.n_claims, ==, 0);

  /* Another article's text cannot become this one's */
  other = import (f, "A different article altogether.", NULL, NULL, FM_ARTICLE_ADDITION_NEW, NULL);
  g_clear_object (&result);
  result = fm_store_revise_article (f->store, fm_article_get_id (other), revision, NULL, &error);
  g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INVALID);
  g_assert_null (result);
  g_clear_error (&error);

  /* Nor an article that is not there */
  result = fm_store_revise_article (f->store, "00000000-0000-4000-8000-000000000000", revision,
                                    NULL, &error);
  g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_NOT_FOUND);
}

static void
test_atomic (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(FmArticle) article = import (f, v1, NULL, NULL, FM_ARTICLE_ADDITION_NEW, NULL);
  g_autoptr(FmClaim) claim = claim_on (f, article, "tripled since 2021");
  g_autoptr(FmArticle) revision = make_article (v2, NULL);
  g_autoptr(FmArticle) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  g_autofree char *text = NULL;
  sqlite3 *db = NULL;

  /* A failure while moving claims leaves the article as it was */
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TRIGGER fail_moves BEFORE UPDATE OF anchor ON claims "
                                     "BEGIN SELECT RAISE (ABORT, 'test'); END;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  result = fm_store_revise_article (f->store, fm_article_get_id (article), revision, NULL, &error);
  g_assert_nonnull (error);
  g_assert_null (result);
  g_clear_error (&error);
  revisions = fm_store_list_revisions (f->store, fm_article_get_id (article), &error);
  g_assert_cmpuint (revisions->len, ==, 1);
  text = fm_store_get_revision_text (f->store, fm_article_get_id (article), 1, &error);
  g_assert_cmpstr (text, ==, v1);
  g_assert_cmpuint (fm_store_get_article_revision (f->store, fm_article_get_id (article), NULL,
                                                   &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER fail_moves", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_confirm_and_place (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(FmArticle) article = import (f, v1, NULL, NULL, FM_ARTICLE_ADDITION_NEW, NULL);
  g_autoptr(FmClaim) price = claim_on (f, article, "A return ticket to Inishmore will cost 40 euros, up from 20 euros");
  g_autoptr(FmClaim) resident = claim_on (f, article, "We cannot afford to live here any more");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) flagged = NULL;
  guint start;

  g_object_unref (import (f, v2, NULL, fm_article_get_id (article), FM_ARTICLE_ADDITION_REVISED,
                          NULL));
  g_assert_cmpint (fm_claim_get_anchor_state (price), ==, FM_ANCHOR_STATE_FLAGGED);

  /* Confirming settles it */
  g_assert_true (fm_store_confirm_claim_anchor (f->store, price, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fm_claim_get_anchor_state (price), ==, FM_ANCHOR_STATE_PLACED);
  g_assert_cmpfloat (fm_claim_get_anchor_confidence (price), ==, 1.0);
  g_assert_true (history_has (f->store, price, "anchor", NULL, "confirmed"));
  flagged = fm_store_list_claims_by_anchor (f->store, fm_article_get_id (article),
                                            FM_ANCHOR_STATE_FLAGGED, &error);
  g_assert_cmpuint (flagged->len, ==, 0);

  /* An orphan cannot be confirmed, only placed */
  g_assert_false (fm_store_confirm_claim_anchor (f->store, resident, &error));
  g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (fm_store_set_claim_status (f->store, resident, FM_STATUS_APPROVED, &error));
  start = offset_of (v2, "concessions will apply");
  g_assert_true (fm_store_place_claim (f->store, resident, start, start + strlen ("concessions will apply"),
                                       &error));
  g_assert_no_error (error);
  g_assert_cmpint (fm_claim_get_anchor_state (resident), ==, FM_ANCHOR_STATE_PLACED);
  g_assert_cmpstr (fm_claim_get_quote (resident), ==, "concessions will apply");
  g_assert_cmpint (fm_claim_get_status (resident), ==, FM_STATUS_NEEDS_REVIEW);
  g_assert_true (history_has (f->store, resident, "anchor", "unplaced", "placed by hand"));

  /* Outside the text: refused */
  g_assert_false (fm_store_place_claim (f->store, resident, 0, 100000, &error));
  g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INVALID);
}

static void
test_suggestions (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(FmArticle) article = import (f, v1, NULL, NULL, FM_ARTICLE_ADDITION_NEW, NULL);
  g_autoptr(GHashTable) dismissed = NULL;
  g_autoptr(FmClaim) claim = NULL;
  g_autoptr(GError) error = NULL;
  const char *id = fm_article_get_id (article);
  const char *sentence = "The company blamed the rise on fuel costs, which it said had tripled since 2021.";
  guint start = offset_of (v1, "A return ticket");

  g_assert_true (fm_store_dismiss_suggestion (f->store, id, sentence, &error));
  g_assert_true (fm_store_dismiss_suggestion (f->store, id, sentence, &error));
  g_assert_no_error (error);
  dismissed = fm_store_list_dismissed_suggestions (f->store, id, &error);
  g_assert_cmpuint (g_hash_table_size (dismissed), ==, 1);
  g_assert_true (g_hash_table_contains (dismissed, sentence));

  /* Keyed by the sentence: still dismissed in the next revision */
  g_object_unref (import (f, v2, NULL, id, FM_ARTICLE_ADDITION_REVISED, NULL));
  g_clear_pointer (&dismissed, g_hash_table_unref);
  dismissed = fm_store_list_dismissed_suggestions (f->store, id, &error);
  g_assert_true (g_hash_table_contains (dismissed, sentence));

  g_assert_true (fm_store_undismiss_suggestion (f->store, id, sentence, &error));
  g_clear_pointer (&dismissed, g_hash_table_unref);
  dismissed = fm_store_list_dismissed_suggestions (f->store, id, &error);
  g_assert_cmpuint (g_hash_table_size (dismissed), ==, 0);

  g_assert_false (fm_store_dismiss_suggestion (f->store, "00000000-0000-4000-8000-000000000000",
                                               sentence, &error));
  g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Accepting makes a claim, with the reasons in its history */
  start = offset_of (v2, "A return ticket");
  claim = fm_store_accept_suggestion (f->store, id, start, start + 20, "figures: “38 euros”", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fm_claim_get_quote (claim), ==, "A return ticket to I");
  g_assert_true (history_has (f->store, claim, "created", NULL, NULL));
  g_assert_true (history_has (f->store, claim, "suggestion-accepted", NULL, "38 euros"));
}

/* The report of a revised article says so, and lists the claim whose
 * words are gone without highlighting it */
static void
test_report (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(FmArticle) first = import (f, v1, "https://news.example.org/ferry", NULL,
                                       FM_ARTICLE_ADDITION_NEW, NULL);
  g_autoptr(FmClaim) fares = claim_on (f, first, "will double fares on its island routes");
  g_autoptr(FmClaim) quote = claim_on (f, first, "We cannot afford to live here any more");
  g_autoptr(FmArticle) second = import (f, v2, "https://news.example.org/ferry", NULL,
                                        FM_ARTICLE_ADDITION_REVISED, NULL);
  g_autoptr(FmReportData) report = NULL;
  g_autoptr(GBytes) html = NULL;
  g_autoptr(GError) error = NULL;
  FmReportOptions options = FM_REPORT_OPTIONS_INIT;
  const char *page;

  g_assert_cmpint (fm_claim_get_anchor_state (quote), ==, FM_ANCHOR_STATE_ORPHAN);
  report = fm_export_collect (f->store, fm_article_get_id (second), &error);
  g_assert_no_error (error);
  html = fm_report_build_html (report, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  page = g_bytes_get_data (html, NULL);
  g_assert_nonnull (strstr (page, "The article changed after it was first checked"));
  g_assert_nonnull (strstr (page, "version 2"));
  g_assert_nonnull (strstr (page, "These words are no longer in the article"));
  /* The orphan has a card but no place in the text */
  g_assert_nonnull (strstr (page, "id=\"claim-2\""));
  g_assert_null (strstr (page, "id=\"ref-2\""));
  g_assert_nonnull (strstr (page, "id=\"ref-1\""));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/revisions/revise", test_revise);
  ADD ("/revisions/dedupe-and-search", test_dedupe_and_search);
  ADD ("/revisions/revert-and-refuse", test_revert_and_refuse);
  ADD ("/revisions/atomic", test_atomic);
  ADD ("/revisions/confirm-and-place", test_confirm_and_place);
  ADD ("/revisions/suggestions", test_suggestions);
  ADD ("/revisions/report", test_report);
#undef ADD

  return g_test_run ();
}
