/* fm-review-model.c — every claim of the workspace that matches a query, lazily
 *
 * A workspace can hold a hundred thousand claims. The model keeps their
 * keys (8 bytes each) in the query's order and reads rows in pages of
 * PAGE_SIZE when asked; at most MAX_PAGES pages of objects are kept, the
 * least recently used page is dropped first.
 */
#include "config.h"

#include <string.h>

#include "fm-review-model.h"

#define PAGE_SIZE 64
#define MAX_PAGES 32
/* The store reports a change after its commit, and a bulk change (a sync,
 * an import) as a burst of signals in one go: the model queries again once
 * the burst is over, in an idle, without waiting. Changes that keep coming
 * one main loop iteration after another are taken at most this often. */
#define REFRESH_MIN_INTERVAL_MS 100
/* The idle's priority: after GTK's layout and paint (G_PRIORITY_HIGH_IDLE +
 * 20), so that the frame showing a change where it was made is not held up
 * by the query; before a text view's layout in the background (+ 25) and
 * ordinary idles, which can go on for seconds in a long article. While
 * frames follow each other without a pause (an animation on a slow
 * machine), the view calls fm_review_model_flush() after each. */
#define REFRESH_PRIORITY (G_PRIORITY_HIGH_IDLE + 21)

typedef struct
{
  guint      index;
  guint      last_use;
  FmClaim   *claims[PAGE_SIZE];
  guint      numbers[PAGE_SIZE];
  guint      n;
} Page;

struct _FmReviewModel
{
  GObject       parent_instance;

  FmStore      *store;
  FmClaimQuery  query;
  GArray       *keys;              /* gint64, in order */
  GHashTable   *pages;             /* page index → Page */
  guint         use_clock;
  guint         counts[FM_N_STATUSES];
  gboolean      counts_valid;      /* counts match the query's other filters */
  guint         refresh_source;
  gint64        last_refresh;      /* monotonic µs of the last query after a change */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FmReviewModel, fm_review_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_N_ITEMS,
  PROP_STATUS_COUNTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
page_free (Page *page)
{
  for (guint i = 0; i < page->n; i++)
    g_clear_object (&page->claims[i]);
  g_free (page);
}

static void
query_clear (FmClaimQuery *query)
{
  g_clear_pointer ((char **)&query->article_id, g_free);
  g_clear_pointer ((char **)&query->assignee, g_free);
  g_clear_pointer ((char **)&query->tag, g_free);
  g_clear_pointer ((char **)&query->search, g_free);
}

static void
query_copy (FmClaimQuery       *dest,
            const FmClaimQuery *src)
{
  query_clear (dest);
  *dest = *src;
  dest->article_id = g_strdup (src->article_id);
  dest->assignee = g_strdup (src->assignee);
  dest->tag = g_strdup (src->tag);
  dest->search = g_strdup (src->search);
  /* Pages are the model's business */
  dest->limit = 0;
  dest->offset = 0;
}

/* Whether two queries count the same claims per status: all their
 * filters but the status are the same */
static gboolean
same_counted_filters (const FmClaimQuery *a,
                      const FmClaimQuery *b)
{
  return g_strcmp0 (a->article_id, b->article_id) == 0 &&
         !a->any_verdict == !b->any_verdict &&
         (a->any_verdict || a->verdict == b->verdict) &&
         g_strcmp0 (a->assignee, b->assignee) == 0 &&
         g_strcmp0 (a->tag, b->tag) == 0 &&
         g_strcmp0 (a->search, b->search) == 0;
}

static gint64
key_at (FmReviewModel *self,
        guint          position)
{
  return g_array_index (self->keys, gint64, position);
}

/* Reads the page that holds @position, evicting the oldest page when full */
static Page *
load_page (FmReviewModel *self,
           guint          index)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  guint start = index * PAGE_SIZE;
  guint n = MIN (PAGE_SIZE, self->keys->len - start);
  Page *page = g_new0 (Page, 1);

  page->index = index;
  claims = fm_store_get_claims_by_keys (self->store, &g_array_index (self->keys, gint64, start),
                                        n, page->numbers, &error);
  if (claims == NULL)
    {
      /* A claim went away between the query and this read: the refresh
       * that its signal scheduled will put the list right. */
      g_debug ("Review page %u not read: %s", index, error->message);
      g_free (page);
      fm_review_model_refresh (self);
      return NULL;
    }
  for (guint i = 0; i < claims->len; i++)
    page->claims[i] = g_object_ref (g_ptr_array_index (claims, i));
  page->n = claims->len;

  if (g_hash_table_size (self->pages) >= MAX_PAGES)
    {
      GHashTableIter iter;
      gpointer key, value;
      gpointer oldest_key = NULL;
      guint oldest_use = G_MAXUINT;

      g_hash_table_iter_init (&iter, self->pages);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          Page *p = value;

          if (p->last_use < oldest_use)
            {
              oldest_use = p->last_use;
              oldest_key = key;
            }
        }
      g_hash_table_remove (self->pages, oldest_key);
    }
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);
  return page;
}

static Page *
get_page (FmReviewModel *self,
          guint          position)
{
  guint index = position / PAGE_SIZE;
  Page *page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));

  if (page == NULL)
    page = load_page (self, index);
  if (page != NULL)
    page->last_use = ++self->use_clock;
  return page;
}

static GType
fm_review_model_get_item_type (GListModel *model)
{
  return FM_TYPE_CLAIM;
}

static guint
fm_review_model_get_n_items (GListModel *model)
{
  FmReviewModel *self = FM_REVIEW_MODEL (model);

  return self->keys->len;
}

static gpointer
fm_review_model_get_item (GListModel *model,
                          guint       position)
{
  FmReviewModel *self = FM_REVIEW_MODEL (model);
  Page *page;

  if (position >= self->keys->len)
    return NULL;
  page = get_page (self, position);
  if (page == NULL || position % PAGE_SIZE >= page->n)
    return NULL;
  return g_object_ref (page->claims[position % PAGE_SIZE]);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = fm_review_model_get_item_type;
  iface->get_n_items = fm_review_model_get_n_items;
  iface->get_item = fm_review_model_get_item;
}

/* Runs the query and tells views about the range that changed. After a
 * change in the workspace (@reset FALSE) only the range between the keys
 * that stayed in place before and after it, so that selection and
 * scrolling outside it stay where they were; after a new query, all. */
static void
run_query (FmReviewModel *self,
           gboolean       reset)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) keys = NULL;
  guint old_n = self->keys->len;
  guint prefix = 0;
  guint suffix = 0;
  guint counts[FM_N_STATUSES];

  /* A change in the workspace waited for this query: it counts again */
  if (self->refresh_source != 0)
    self->counts_valid = FALSE;
  g_clear_handle_id (&self->refresh_source, g_source_remove);

  /* A search's keys and counts come from one full-text query */
  if (!self->counts_valid && self->query.search != NULL)
    {
      if (!fm_store_query_claim_keys_and_counts (self->store, &self->query, &keys, counts,
                                                 &error))
        {
          g_warning ("Could not query the claims: %s", error->message);
          keys = g_array_new (FALSE, FALSE, sizeof (gint64));
        }
      else
        {
          self->counts_valid = TRUE;
          if (memcmp (counts, self->counts, sizeof counts) != 0)
            {
              memcpy (self->counts, counts, sizeof counts);
              g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_COUNTS]);
            }
        }
    }
  else
    {
      keys = fm_store_query_claim_keys (self->store, &self->query, &error);
      if (keys == NULL)
        {
          g_warning ("Could not query the claims: %s", error->message);
          keys = g_array_new (FALSE, FALSE, sizeof (gint64));
        }
      /* The counts ignore the status filter and the order: a new order or
       * status alone leaves them as they are, and counting every claim of
       * the workspace again is a scan of the whole table */
      if (!self->counts_valid)
        {
          self->counts_valid = fm_store_count_query_by_status (self->store, &self->query, counts,
                                                               NULL);
          if (self->counts_valid && memcmp (counts, self->counts, sizeof counts) != 0)
            {
              memcpy (self->counts, counts, sizeof counts);
              g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_COUNTS]);
            }
        }
    }

  while (!reset && prefix < old_n && prefix < keys->len &&
         key_at (self, prefix) == g_array_index (keys, gint64, prefix))
    prefix++;
  while (!reset && suffix < old_n - prefix && suffix < keys->len - prefix &&
         key_at (self, old_n - 1 - suffix) == g_array_index (keys, gint64, keys->len - 1 - suffix))
    suffix++;

  /* One claim that moved — the one just edited, when the list is in order
   * of last change — is reported as that row leaving and coming back:
   * a view asks for every row of a changed range, and the range between
   * the old and the new place can be most of the list */
  if (!reset && old_n == keys->len && old_n - prefix - suffix > 1)
    {
      guint m = old_n - prefix - suffix;
      const gint64 *was = &g_array_index (self->keys, gint64, prefix);
      const gint64 *now = &g_array_index (keys, gint64, prefix);

      /* The last of the range went to its front, or the first to its
       * end. Views read the list while it is reported, so the list goes
       * through the state in between: without the row, then with it. */
      if ((now[0] == was[m - 1] && memcmp (now + 1, was, (m - 1) * sizeof (gint64)) == 0) ||
          (now[m - 1] == was[0] && memcmp (now, was + 1, (m - 1) * sizeof (gint64)) == 0))
        {
          gboolean to_front = now[0] == was[m - 1];
          guint from = to_front ? prefix + m - 1 : prefix;
          guint to = to_front ? prefix : prefix + m - 1;
          gint64 key = key_at (self, from);

          g_array_remove_index (self->keys, from);
          g_hash_table_remove_all (self->pages);
          g_list_model_items_changed (G_LIST_MODEL (self), from, 1, 0);
          g_array_insert_val (self->keys, to, key);
          g_hash_table_remove_all (self->pages);
          g_list_model_items_changed (G_LIST_MODEL (self), to, 0, 1);
          g_assert (memcmp (self->keys->data, keys->data, old_n * sizeof (gint64)) == 0);
          return;
        }
    }

  g_array_unref (self->keys);
  self->keys = g_steal_pointer (&keys);
  /* Pages hold positions: after a change in the middle they are stale */
  if (reset || prefix != old_n || old_n != self->keys->len)
    g_hash_table_remove_all (self->pages);

  if (!reset && prefix == old_n && old_n == self->keys->len)
    return;
  g_list_model_items_changed (G_LIST_MODEL (self), prefix,
                              old_n - prefix - suffix, self->keys->len - prefix - suffix);
  if (old_n != self->keys->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static gboolean
refresh_cb (gpointer data)
{
  FmReviewModel *self = data;

  self->refresh_source = 0;
  /* The workspace changed: so may the counts */
  self->counts_valid = FALSE;
  run_query (self, FALSE);
  self->last_refresh = g_get_monotonic_time ();
  return G_SOURCE_REMOVE;
}

static void
schedule_refresh (FmReviewModel *self)
{
  gint64 since;

  if (self->refresh_source != 0)
    return;
  since = (g_get_monotonic_time () - self->last_refresh) / 1000;
  /* Only after the store's whole burst of signals */
  if (self->last_refresh == 0 || since >= REFRESH_MIN_INTERVAL_MS)
    self->refresh_source = g_idle_add_full (REFRESH_PRIORITY, refresh_cb, self, NULL);
  else
    self->refresh_source = g_timeout_add_full (REFRESH_PRIORITY, REFRESH_MIN_INTERVAL_MS - since,
                                               refresh_cb, self, NULL);
  g_source_set_name_by_id (self->refresh_source, "[factmark] review model refresh");
}

static void
claim_changed_cb (FmReviewModel *self,
                  FmClaim       *claim,
                  const char    *field)
{
  /* The row shows the live claim, which already has its new values; the
   * change may move it in the order or out of the filter. */
  schedule_refresh (self);
}

static void
fm_review_model_dispose (GObject *object)
{
  FmReviewModel *self = (FmReviewModel *)object;

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (fm_review_model_parent_class)->dispose (object);
}

static void
fm_review_model_finalize (GObject *object)
{
  FmReviewModel *self = (FmReviewModel *)object;

  query_clear (&self->query);
  g_clear_pointer (&self->keys, g_array_unref);
  g_clear_pointer (&self->pages, g_hash_table_unref);

  G_OBJECT_CLASS (fm_review_model_parent_class)->finalize (object);
}

static void
fm_review_model_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FmReviewModel *self = FM_REVIEW_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->keys->len);
      break;
    case PROP_STATUS_COUNTS:
      g_value_set_pointer (value, self->counts);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fm_review_model_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FmReviewModel *self = FM_REVIEW_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fm_review_model_constructed (GObject *object)
{
  FmReviewModel *self = (FmReviewModel *)object;

  G_OBJECT_CLASS (fm_review_model_parent_class)->constructed (object);

  g_signal_connect_object (self->store, "claim-added", G_CALLBACK (schedule_refresh), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "claim-removed", G_CALLBACK (schedule_refresh), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "claim-changed", G_CALLBACK (claim_changed_cb), self,
                           G_CONNECT_SWAPPED);
  run_query (self, TRUE);
}

static void
fm_review_model_class_init (FmReviewModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = fm_review_model_constructed;
  object_class->dispose = fm_review_model_dispose;
  object_class->finalize = fm_review_model_finalize;
  object_class->get_property = fm_review_model_get_property;
  object_class->set_property = fm_review_model_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, FM_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Notified when fm_review_model_get_status_counts() changes */
  properties[PROP_STATUS_COUNTS] =
    g_param_spec_pointer ("status-counts", NULL, NULL,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fm_review_model_init (FmReviewModel *self)
{
  FmClaimQuery init = FM_CLAIM_QUERY_INIT;

  self->query = init;
  self->query.sort = FM_CLAIM_SORT_UPDATED;
  self->query.descending = TRUE;
  self->keys = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)page_free);
}

FmReviewModel *
fm_review_model_new (FmStore *store)
{
  g_return_val_if_fail (FM_IS_STORE (store), NULL);

  return g_object_new (FM_TYPE_REVIEW_MODEL, "store", store, NULL);
}

FmStore *
fm_review_model_get_store (FmReviewModel *self)
{
  g_return_val_if_fail (FM_IS_REVIEW_MODEL (self), NULL);
  return self->store;
}

void
fm_review_model_set_query (FmReviewModel      *self,
                           const FmClaimQuery *query)
{
  g_return_if_fail (FM_IS_REVIEW_MODEL (self));
  g_return_if_fail (query != NULL);

  if (!same_counted_filters (&self->query, query))
    self->counts_valid = FALSE;
  query_copy (&self->query, query);
  /* Another order or filter: every row may have moved */
  run_query (self, TRUE);
}

const FmClaimQuery *
fm_review_model_get_query (FmReviewModel *self)
{
  g_return_val_if_fail (FM_IS_REVIEW_MODEL (self), NULL);
  return &self->query;
}

void
fm_review_model_refresh (FmReviewModel *self)
{
  g_return_if_fail (FM_IS_REVIEW_MODEL (self));
  schedule_refresh (self);
}

void
fm_review_model_flush (FmReviewModel *self)
{
  g_return_if_fail (FM_IS_REVIEW_MODEL (self));

  if (self->refresh_source != 0 &&
      (g_get_monotonic_time () - self->last_refresh) / 1000 >= REFRESH_MIN_INTERVAL_MS)
    {
      g_clear_handle_id (&self->refresh_source, g_source_remove);
      refresh_cb (self);
    }
}

guint
fm_review_model_get_number (FmReviewModel *self,
                            guint          position)
{
  Page *page;

  g_return_val_if_fail (FM_IS_REVIEW_MODEL (self), 0);

  if (position >= self->keys->len)
    return 0;
  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (position / PAGE_SIZE));
  if (page == NULL || position % PAGE_SIZE >= page->n)
    return 0;
  return page->numbers[position % PAGE_SIZE];
}

guint
fm_review_model_find (FmReviewModel *self,
                      FmClaim       *claim)
{
  g_return_val_if_fail (FM_IS_REVIEW_MODEL (self), G_MAXUINT);
  g_return_val_if_fail (FM_IS_CLAIM (claim), G_MAXUINT);

  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, self->pages);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      {
        Page *page = value;

        for (guint i = 0; i < page->n; i++)
          if (g_strcmp0 (fm_claim_get_id (page->claims[i]), fm_claim_get_id (claim)) == 0)
            return page->index * PAGE_SIZE + i;
      }
  }
  return G_MAXUINT;
}

const guint *
fm_review_model_get_status_counts (FmReviewModel *self)
{
  g_return_val_if_fail (FM_IS_REVIEW_MODEL (self), NULL);
  return self->counts;
}
