/* test-workflow.c — review workflow, sign-off, and the review queries */
#include "config.h"

#include <string.h>

#include "fm-review-model.h"
#include "fm-store.h"
#include "fm-test.h"

typedef struct
{
  char      *dir;
  char      *path;
  FmStore   *store;
  FmArticle *article;
} Fixture;

static const char text[] =
  "The mayor said unemployment fell to 4 percent in March.\n"
  "Officials expect the new factory to create 900 jobs.\n"
  "The factory will be the largest in the region.";

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FmArticle) article = fm_article_new ();

  f->dir = fm_test_tmpdir ();
  f->path = g_build_filename (f->dir, "workspace.db", NULL);
  f->store = fm_store_open (f->path, &error);
  g_assert_no_error (error);
  fm_store_set_actor (f->store, "Jo Journalist");
  fm_article_set_title (article, "Jobs");
  fm_article_set_text (article, text);
  f->article = fm_store_add_article (f->store, article, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->article);
  g_clear_object (&f->store);
  fm_test_rmtree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static FmClaim *
make_claim (Fixture *f,
            guint    start,
            guint    end)
{
  g_autoptr(GError) error = NULL;
  FmClaim *claim = fm_store_create_claim (f->store, fm_article_get_id (f->article), start, end,
                                          &error);

  g_assert_no_error (error);
  return claim;
}

static void
add_source (Fixture      *f,
            FmClaim      *claim,
            FmSourceKind  kind)
{
  g_autoptr(FmSource) values = fm_source_new ();
  g_autoptr(FmSource) source = NULL;
  g_autoptr(GError) error = NULL;

  fm_source_set_url (values, "https://stats.example.org/labour/march");
  fm_source_set_title (values, "Labour market statistics, March");
  fm_source_set_kind (values, kind);
  source = fm_store_add_source (f->store, fm_claim_get_id (claim), values, &error);
  g_assert_no_error (error);
}

static FmHistoryEntry *
last_entry (Fixture    *f,
            FmClaim    *claim,
            const char *field)
{
  g_autoptr(GPtrArray) history = fm_store_get_history (f->store, fm_claim_get_id (claim), NULL);

  for (guint i = history->len; i > 0; i--)
    {
      FmHistoryEntry *e = g_ptr_array_index (history, i - 1);

      if (g_str_equal (e->field, field))
        return fm_history_entry_copy (e);
    }
  return NULL;
}

static void
test_transitions (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(FmClaim) claim = make_claim (f, 0, 55);
  g_autoptr(GError) error = NULL;
  g_autoptr(FmHistoryEntry) entry = NULL;

  /* Approving straight away is not a step of the workflow */
  g_assert_false (fm_store_approve_claim (f->store, claim, NULL, &error));
  g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_TRANSITION);
  g_assert_nonnull (strstr (error->message, "Unchecked"));
  g_clear_error (&error);

  g_assert_true (fm_store_set_claim_status (f->store, claim, FM_STATUS_IN_PROGRESS, &error));
  g_assert_true (fm_store_submit_for_review (f->store, claim, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fm_claim_get_status (claim), ==, FM_STATUS_NEEDS_REVIEW);
  entry = last_entry (f, claim, "status");
  g_assert_cmpstr (entry->old_value, ==, "in-progress");
  g_assert_cmpstr (entry->new_value, ==, "needs-review");
  g_assert_cmpstr (entry->actor, ==, "Jo Journalist");
  g_clear_pointer (&entry, fm_history_entry_free);

  /* Submitting twice is refused */
  g_assert_false (fm_store_submit_for_review (f->store, claim, &error));
  g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_TRANSITION);
  g_clear_error (&error);

  /* Request changes needs a comment, which the journalist sees */
  fm_store_set_actor (f->store, "Ed Editor");
  g_assert_false (fm_store_request_changes (f->store, claim, "   ", &error));
  g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (fm_claim_get_status (claim), ==, FM_STATUS_NEEDS_REVIEW);
  g_assert_true (fm_store_request_changes (f->store, claim,
                                           "Which month? Link the statistics office.", &error));
  g_assert_no_error (error);
  g_assert_cmpint (fm_claim_get_status (claim), ==, FM_STATUS_CHANGES_REQUESTED);
  g_assert_cmpstr (fm_claim_get_review_comment (claim), ==,
                   "Which month? Link the statistics office.");
  entry = last_entry (f, claim, "comment");
  g_assert_cmpstr (entry->new_value, ==, "Which month? Link the statistics office.");
  g_assert_cmpstr (entry->actor, ==, "Ed Editor");
  g_clear_pointer (&entry, fm_history_entry_free);

  /* The journalist answers and submits again */
  fm_store_set_actor (f->store, "Jo Journalist");
  g_assert_true (fm_store_set_claim_verdict (f->store, claim, FM_VERDICT_MOSTLY_TRUE, &error));
  g_assert_true (fm_store_set_claim_field (f->store, claim, FM_CLAIM_FIELD_EXPLANATION,
                                           "The office reports 4.1 percent for March.", &error));
  add_source (f, claim, FM_SOURCE_KIND_DATA);
  g_assert_true (fm_store_submit_for_review (f->store, claim, &error));

  fm_store_set_actor (f->store, "Ed Editor");
  g_assert_true (fm_store_approve_claim (f->store, claim, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fm_claim_get_status (claim), ==, FM_STATUS_APPROVED);
  g_assert_cmpstr (fm_claim_get_reviewed_by (claim), ==, "Ed Editor");
  g_assert_nonnull (fm_claim_get_reviewed_at (claim));
  /* Answered: the comment is no longer shown on the claim, the history keeps it */
  g_assert_cmpstr (fm_claim_get_review_comment (claim), ==, "");
  entry = last_entry (f, claim, "comment");
  g_assert_nonnull (entry);
  g_clear_pointer (&entry, fm_history_entry_free);

  /* An editor can take an approval back with a comment */
  g_assert_true (fm_store_request_changes (f->store, claim, "New figures are out.", &error));
  g_assert_cmpint (fm_claim_get_status (claim), ==, FM_STATUS_CHANGES_REQUESTED);
  g_assert_null (fm_claim_get_reviewed_by (claim));
}

static void
test_signoff (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(FmClaim) claim = make_claim (f, 56, 108);
  g_autoptr(GError) error = NULL;
  g_autoptr(FmHistoryEntry) entry = NULL;
  g_autofree char *description = NULL;
  FmSignoffItem missing;

  g_assert_true (fm_store_check_signoff (f->store, claim, &missing, &error));
  g_assert_cmpuint (missing, ==, FM_SIGNOFF_ALL);
  description = fm_signoff_describe_missing (missing);
  g_assert_nonnull (strstr (description, "a verdict other than Unrated"));
  g_assert_nonnull (strstr (description, "an explanation"));
  g_assert_nonnull (strstr (description, "not a news report"));
  g_clear_pointer (&description, g_free);

  g_assert_true (fm_store_set_claim_verdict (f->store, claim, FM_VERDICT_UNVERIFIABLE, &error));
  g_assert_true (fm_store_set_claim_field (f->store, claim, FM_CLAIM_FIELD_EXPLANATION,
                                           "No plan has been filed.", &error));
  add_source (f, claim, FM_SOURCE_KIND_NEWS);
  g_assert_true (fm_store_check_signoff (f->store, claim, &missing, &error));
  g_assert_cmpuint (missing, ==, FM_SIGNOFF_PRIMARY_SOURCE);

  g_assert_true (fm_store_submit_for_review (f->store, claim, &error));
  fm_store_set_actor (f->store, "Ed Editor");
  g_assert_false (fm_store_approve_claim (f->store, claim, NULL, &error));
  g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INCOMPLETE);
  g_assert_nonnull (strstr (error->message, "not a news report"));
  g_clear_error (&error);
  g_assert_cmpint (fm_claim_get_status (claim), ==, FM_STATUS_NEEDS_REVIEW);

  /* Approve anyway, with a reason the history keeps */
  g_assert_true (fm_store_approve_claim (f->store, claim,
                                         "The company declined to share its filing.", &error));
  g_assert_no_error (error);
  g_assert_cmpint (fm_claim_get_status (claim), ==, FM_STATUS_APPROVED);
  entry = last_entry (f, claim, "approval-override");
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->new_value, ==, "The company declined to share its filing.");
  g_assert_nonnull (strstr (entry->old_value, "not a news report"));
  g_assert_cmpstr (entry->actor, ==, "Ed Editor");
}

static void
test_edit_reopens (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(FmClaim) claim = make_claim (f, 0, 55);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(FmSource) edit = NULL;

  g_assert_true (fm_store_set_claim_verdict (f->store, claim, FM_VERDICT_TRUE, &error));
  g_assert_true (fm_store_set_claim_field (f->store, claim, FM_CLAIM_FIELD_EXPLANATION, "Yes.",
                                           &error));
  add_source (f, claim, FM_SOURCE_KIND_OFFICIAL);
  g_assert_true (fm_store_submit_for_review (f->store, claim, &error));
  g_assert_true (fm_store_approve_claim (f->store, claim, NULL, &error));
  g_assert_no_error (error);

  /* A summary is not evidence: it stays approved */
  g_assert_true (fm_store_set_claim_field (f->store, claim, FM_CLAIM_FIELD_SUMMARY, "Jobless 4%",
                                           &error));
  g_assert_cmpint (fm_claim_get_status (claim), ==, FM_STATUS_APPROVED);

  /* An edited source is */
  sources = fm_store_list_sources (f->store, fm_claim_get_id (claim), &error);
  edit = fm_source_copy (g_ptr_array_index (sources, 0));
  fm_source_set_stance (edit, FM_STANCE_CONTEXT);
  g_assert_true (fm_store_update_source (f->store, g_ptr_array_index (sources, 0), edit, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fm_claim_get_status (claim), ==, FM_STATUS_NEEDS_REVIEW);

  /* … and so is the explanation, after another approval */
  g_assert_true (fm_store_approve_claim (f->store, claim, NULL, &error));
  g_assert_true (fm_store_set_claim_field (f->store, claim, FM_CLAIM_FIELD_EXPLANATION,
                                           "Yes, 4.0 percent.", &error));
  g_assert_cmpint (fm_claim_get_status (claim), ==, FM_STATUS_NEEDS_REVIEW);
}

static void
test_comment (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(FmClaim) claim = make_claim (f, 0, 55);
  g_autoptr(GError) error = NULL;
  g_autoptr(FmHistoryEntry) entry = NULL;

  g_assert_false (fm_store_add_comment (f->store, claim, "", &error));
  g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (fm_store_add_comment (f->store, claim, "  Called the press office.  ", &error));
  entry = last_entry (f, claim, "comment");
  g_assert_cmpstr (entry->new_value, ==, "Called the press office.");
  /* A comment is not a status change */
  g_assert_cmpint (fm_claim_get_status (claim), ==, FM_STATUS_UNCHECKED);
}

static void
test_review_queries (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(FmClaim) a = make_claim (f, 56, 108);
  g_autoptr(FmClaim) b = make_claim (f, 0, 55);
  g_autoptr(FmClaim) c = make_claim (f, 109, 155);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) keys = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  g_auto(GStrv) assignees = NULL;
  g_auto(GStrv) tags = NULL;
  FmClaimQuery query = FM_CLAIM_QUERY_INIT;
  guint counts[FM_N_STATUSES];
  guint numbers[3];

  g_assert_true (fm_store_set_claim_field (f->store, a, FM_CLAIM_FIELD_ASSIGNEE, "Sam", &error));
  g_assert_true (fm_store_set_claim_field (f->store, c, FM_CLAIM_FIELD_ASSIGNEE, "Ana", &error));
  g_assert_true (fm_store_set_claim_field (f->store, c, FM_CLAIM_FIELD_TAGS, "economy", &error));
  g_assert_true (fm_store_submit_for_review (f->store, a, &error));
  g_assert_true (fm_store_submit_for_review (f->store, c, &error));
  g_assert_no_error (error);

  /* Text order by default, and each claim's number in its article */
  keys = fm_store_query_claim_keys (f->store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (keys->len, ==, 3);
  claims = fm_store_get_claims_by_keys (f->store, (gint64 *)keys->data, keys->len, numbers, &error);
  g_assert_no_error (error);
  g_assert_true (g_ptr_array_index (claims, 0) == b);
  g_assert_true (g_ptr_array_index (claims, 1) == a);
  g_assert_true (g_ptr_array_index (claims, 2) == c);
  g_assert_cmpuint (numbers[0], ==, 1);
  g_assert_cmpuint (numbers[1], ==, 2);
  g_assert_cmpuint (numbers[2], ==, 3);
  g_clear_pointer (&claims, g_ptr_array_unref);
  g_clear_pointer (&keys, g_array_unref);

  /* Last change first */
  query.sort = FM_CLAIM_SORT_UPDATED;
  query.descending = TRUE;
  keys = fm_store_query_claim_keys (f->store, &query, &error);
  claims = fm_store_get_claims_by_keys (f->store, (gint64 *)keys->data, keys->len, NULL, &error);
  g_assert_true (g_ptr_array_index (claims, 0) == c);
  g_clear_pointer (&claims, g_ptr_array_unref);
  g_clear_pointer (&keys, g_array_unref);

  /* Filters combine; the status summary ignores the status filter */
  query.any_status = FALSE;
  query.status = FM_STATUS_NEEDS_REVIEW;
  query.assignee = "Ana";
  g_assert_cmpuint (fm_store_count_query (f->store, &query, &error), ==, 1);
  query.tag = "economy";
  g_assert_cmpuint (fm_store_count_query (f->store, &query, &error), ==, 1);
  query.assignee = NULL;
  query.tag = NULL;
  g_assert_true (fm_store_count_query_by_status (f->store, &query, counts, &error));
  g_assert_cmpuint (counts[FM_STATUS_NEEDS_REVIEW], ==, 2);
  g_assert_cmpuint (counts[FM_STATUS_UNCHECKED], ==, 1);

  /* Batches longer than one statement */
  {
    g_autoptr(GArray) many = g_array_new (FALSE, FALSE, sizeof (gint64));
    FmClaimQuery all = FM_CLAIM_QUERY_INIT;

    for (guint i = 0; i < 40; i++)
      {
        g_autoptr(FmClaim) extra = make_claim (f, i, i + 5);
      }
    g_clear_pointer (&keys, g_array_unref);
    keys = fm_store_query_claim_keys (f->store, &all, &error);
    g_assert_cmpuint (keys->len, ==, 43);
    claims = fm_store_get_claims_by_keys (f->store, (gint64 *)keys->data, keys->len, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (claims->len, ==, 43);
    for (guint i = 1; i < claims->len; i++)
      g_assert_cmpint (fm_claim_compare (g_ptr_array_index (claims, i - 1),
                                         g_ptr_array_index (claims, i)), <, 0);
    g_clear_pointer (&claims, g_ptr_array_unref);

    /* Each claim's number is its place in text order (two start at 0),
     * whatever page of keys it is read with, in whatever order */
    for (guint i = 0; i < keys->len; i++)
      g_array_append_val (many, g_array_index (keys, gint64, keys->len - 1 - i));
    for (guint start = 0; start < many->len; start += 7)
      {
        guint n = MIN (7, many->len - start);
        guint page_numbers[7];

        claims = fm_store_get_claims_by_keys (f->store, &g_array_index (many, gint64, start), n,
                                              page_numbers, &error);
        g_assert_no_error (error);
        for (guint i = 0; i < n; i++)
          g_assert_cmpuint (page_numbers[i], ==, keys->len - start - i);
        g_clear_pointer (&claims, g_ptr_array_unref);
      }
  }

  /* A search's keys and counts at once are those of the two queries */
  {
    const char *searches[] = { "factory", "the", "the 900", "!!" };
    FmClaimQuery search = FM_CLAIM_QUERY_INIT;

    for (guint s = 0; s < G_N_ELEMENTS (searches); s++)
      for (int status = -1; status < FM_N_STATUSES; status++)
        for (guint sort = 0; sort < 2; sort++)
          {
            g_autoptr(GArray) both_keys = NULL;
            g_autoptr(GArray) one_keys = NULL;
            guint both_counts[FM_N_STATUSES];
            guint one_counts[FM_N_STATUSES];

            search.search = searches[s];
            search.any_status = status < 0;
            search.status = status < 0 ? 0 : (FmStatus)status;
            search.sort = sort ? FM_CLAIM_SORT_UPDATED : FM_CLAIM_SORT_TEXT;
            search.descending = sort == 1;
            g_assert_true (fm_store_query_claim_keys_and_counts (f->store, &search, &both_keys,
                                                                 both_counts, &error));
            g_assert_no_error (error);
            one_keys = fm_store_query_claim_keys (f->store, &search, &error);
            g_assert_no_error (error);
            g_assert_true (fm_store_count_query_by_status (f->store, &search, one_counts, &error));
            g_assert_cmpmem (both_keys->data, both_keys->len * sizeof (gint64),
                             one_keys->data, one_keys->len * sizeof (gint64));
            g_assert_cmpmem (both_counts, sizeof both_counts, one_counts, sizeof one_counts);
            if (s == 0 && status < 0)
              g_assert_cmpuint (both_keys->len, ==, 2);
          }
  }

  assignees = fm_store_list_assignees (f->store, &error);
  g_assert_cmpuint (g_strv_length (assignees), ==, 2);
  g_assert_cmpstr (assignees[0], ==, "Ana");
  tags = fm_store_list_tags (f->store, &error);
  g_assert_cmpstr (tags[0], ==, "economy");
}

typedef struct
{
  guint position;
  guint removed;
  guint added;
  guint n_signals;
  guint n_items;      /* when not 0: the length before the change, checked */
} ItemsChanged;

static void
items_changed_cb (GListModel   *model,
                  guint         position,
                  guint         removed,
                  guint         added,
                  ItemsChanged *seen)
{
  seen->position = position;
  seen->removed = removed;
  seen->added = added;
  seen->n_signals++;
  /* A view reads the list while a change is reported: it must be the list
   * after this change, item for item */
  if (seen->n_items != 0)
    {
      g_assert_cmpuint (g_list_model_get_n_items (model), ==, seen->n_items - removed + added);
      seen->n_items = g_list_model_get_n_items (model);
      for (guint i = 0; i < seen->n_items; i++)
        g_object_unref (g_list_model_get_item (model, i));
    }
}

static void
wait_for_signal (ItemsChanged *seen)
{
  guint before = seen->n_signals;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (seen->n_signals == before && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (seen->n_signals, >, before);
}

static void
test_review_model (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(FmReviewModel) model = fm_review_model_new (f->store);
  g_autoptr(GPtrArray) made = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  FmClaimQuery query = FM_CLAIM_QUERY_INIT;
  ItemsChanged seen = { 0 };
  guint n = 150;

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (made, make_claim (f, i % 100, i % 100 + 3));

  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &seen);
  /* Text order; the claims made above arrive in one refresh */
  query.sort = FM_CLAIM_SORT_TEXT;
  fm_review_model_set_query (model, &query);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n);
  g_assert_cmpuint (seen.n_signals, ==, 1);

  /* Items are the store's live claims, read a page at a time */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FmClaim) claim = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_assert_nonnull (claim);
      g_assert_true (g_ptr_array_find (made, claim, NULL));
      g_assert_cmpuint (fm_review_model_get_number (model, i), ==, i + 1);
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), n));

  /* Filter: needs review */
  query.any_status = FALSE;
  query.status = FM_STATUS_NEEDS_REVIEW;
  fm_review_model_set_query (model, &query);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_cmpuint (fm_review_model_get_status_counts (model)[FM_STATUS_UNCHECKED], ==, n);

  /* A submitted claim appears after the store's change settles … */
  g_assert_true (fm_store_submit_for_review (f->store, g_ptr_array_index (made, 7), &error));
  g_assert_true (fm_store_submit_for_review (f->store, g_ptr_array_index (made, 9), &error));
  wait_for_signal (&seen);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  g_assert_cmpuint (fm_review_model_get_status_counts (model)[FM_STATUS_NEEDS_REVIEW], ==, 2);

  /* … and an approved one leaves; only its row is reported */
  g_assert_true (fm_store_approve_claim (f->store, g_ptr_array_index (made, 9), "Test", &error));
  g_assert_no_error (error);
  wait_for_signal (&seen);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  g_assert_cmpuint (seen.removed, ==, 1);
  g_assert_cmpuint (seen.added, ==, 0);

  /* In order of last change, an edit far down the list moves that claim to
   * the top: reported as one row leaving and one arriving, not as the
   * whole range between (which a view would read row by row) */
  query.any_status = TRUE;
  query.sort = FM_CLAIM_SORT_UPDATED;
  query.descending = TRUE;
  fm_review_model_set_query (model, &query);
  {
    g_autoptr(FmClaim) last = g_list_model_get_item (G_LIST_MODEL (model), n - 1);
    g_autoptr(FmClaim) first = NULL;

    /* Times have a resolution: the edit must come later than the last one */
    g_usleep (2 * G_USEC_PER_SEC / 1000);
    g_assert_true (fm_store_set_claim_field (f->store, last, FM_CLAIM_FIELD_SUMMARY,
                                             "Edited last", &error));
    g_assert_no_error (error);
    seen.n_signals = 0;
    seen.n_items = n;
    wait_for_signal (&seen);
    while (g_main_context_iteration (NULL, FALSE))
      ;
    g_assert_cmpuint (seen.n_signals, ==, 2);
    g_assert_cmpuint (seen.position, ==, 0);
    g_assert_cmpuint (seen.removed, ==, 0);
    g_assert_cmpuint (seen.added, ==, 1);
    first = g_list_model_get_item (G_LIST_MODEL (model), 0);
    g_assert_true (first == last);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n);
  }

  /* No pause: once the main loop has nothing else to do, the model has
   * queried again; and a burst of changes (twenty edits in a row, as a
   * sync applies them) is one query. (The model takes changes that keep
   * coming at most every 100 ms: this burst comes after a quiet moment.) */
  g_usleep (150 * 1000);
  for (guint i = 0; i < 20; i++)
    {
      g_assert_true (fm_store_set_claim_field (f->store, g_ptr_array_index (made, i * 7),
                                               FM_CLAIM_FIELD_SUMMARY, "In a burst", &error));
      g_assert_no_error (error);
    }
  seen.n_signals = 0;
  seen.n_items = n;
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (seen.n_signals, ==, 1);
  {
    g_autoptr(FmClaim) first = g_list_model_get_item (G_LIST_MODEL (model), 0);

    g_assert_cmpstr (fm_claim_get_summary (first), ==, "In a burst");
  }
}

static void
test_cli_history (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(FmClaim) claim = make_claim (f, 0, 55);
  g_autoptr(GError) error = NULL;
  g_autofree char *prefix = g_strndup (fm_claim_get_id (claim), 10);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { g_getenv ("FACTMARK"), "--workspace", f->path, "--history", prefix, NULL };
  int status;

  g_assert_true (fm_store_set_claim_verdict (f->store, claim, FM_VERDICT_FALSE, &error));
  g_assert_true (fm_store_submit_for_review (f->store, claim, &error));
  g_assert_nonnull (argv[0]);

  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "\tJo Journalist\tcreated\tThe mayor said"));
  g_assert_nonnull (strstr (out, "\tverdict\tunrated → false\n"));
  g_assert_nonnull (strstr (out, "\tstatus\tunchecked → needs-review\n"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/workflow/transitions", test_transitions);
  ADD ("/workflow/signoff", test_signoff);
  ADD ("/workflow/edit-reopens", test_edit_reopens);
  ADD ("/workflow/comment", test_comment);
  ADD ("/workflow/review-queries", test_review_queries);
  ADD ("/workflow/review-model", test_review_model);
  ADD ("/workflow/cli-history", test_cli_history);

  return g_test_run ();
}
