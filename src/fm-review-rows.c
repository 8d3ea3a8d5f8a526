/* fm-review-rows.c — the review table's rows over FmReviewModel */
#include "config.h"

#include "fm-review-rows.h"

struct _FmReviewRows
{
  GObject        parent_instance;

  FmReviewModel *model;
  GHashTable    *rows;       /* position → FmReviewRow, not owned: the rows in use */
  guint          n_items;
  gboolean       replacing;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FmReviewRows, fm_review_rows, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

/* A row nobody uses any more leaves the table */
static void
row_gone (gpointer  data,
          GObject  *where_the_object_was)
{
  FmReviewRows *self = data;
  guint position = fm_review_row_get_position ((FmReviewRow *)where_the_object_was);

  if (g_hash_table_lookup (self->rows, GUINT_TO_POINTER (position)) == where_the_object_was)
    g_hash_table_remove (self->rows, GUINT_TO_POINTER (position));
}

static void
forget_row (FmReviewRows *self,
            FmReviewRow  *row)
{
  g_object_weak_unref (G_OBJECT (row), row_gone, self);
}

static void
fill_row (FmReviewRows *self,
          FmReviewRow  *row,
          guint         position)
{
  g_autoptr(FmClaim) claim = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  fm_review_row_set_claim (row, claim, fm_review_model_get_number (self->model, position));
}

/* The model changed by itself: the rows after the change move with their
 * claims, those of the changed range go */
static void
on_items_changed (FmReviewRows *self,
                  guint         position,
                  guint         removed,
                  guint         added,
                  GListModel   *model)
{
  g_autoptr(GHashTable) moved = NULL;
  GHashTableIter iter;
  gpointer value;

  if (self->replacing)
    return;
  moved = g_hash_table_new (NULL, NULL);
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      FmReviewRow *row = value;
      guint at = fm_review_row_get_position (row);

      if (at < position)
        g_hash_table_insert (moved, GUINT_TO_POINTER (at), row);
      else if (at >= position + removed)
        {
          fm_review_row_set_position (row, at - removed + added);
          g_hash_table_insert (moved, GUINT_TO_POINTER (at - removed + added), row);
        }
      else
        {
          forget_row (self, row);
          fm_review_row_set_position (row, G_MAXUINT);
        }
    }
  g_hash_table_steal_all (self->rows);
  g_hash_table_unref (self->rows);
  self->rows = g_steal_pointer (&moved);
  self->n_items = g_list_model_get_n_items (model);
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static GType
fm_review_rows_get_item_type (GListModel *list)
{
  return FM_TYPE_REVIEW_ROW;
}

static guint
fm_review_rows_get_n_items (GListModel *list)
{
  return FM_REVIEW_ROWS (list)->n_items;
}

static gpointer
fm_review_rows_get_item (GListModel *list,
                         guint       position)
{
  FmReviewRows *self = FM_REVIEW_ROWS (list);
  FmReviewRow *row;

  if (position >= self->n_items)
    return NULL;
  row = g_hash_table_lookup (self->rows, GUINT_TO_POINTER (position));
  if (row != NULL)
    return g_object_ref (row);
  row = fm_review_row_new (position);
  fill_row (self, row, position);
  g_object_weak_ref (G_OBJECT (row), row_gone, self);
  g_hash_table_insert (self->rows, GUINT_TO_POINTER (position), row);
  return row;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = fm_review_rows_get_item_type;
  iface->get_n_items = fm_review_rows_get_n_items;
  iface->get_item = fm_review_rows_get_item;
}

static void
fm_review_rows_dispose (GObject *object)
{
  FmReviewRows *self = (FmReviewRows *)object;

  if (self->rows != NULL)
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, self->rows);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        forget_row (self, value);
      g_hash_table_remove_all (self->rows);
    }
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (fm_review_rows_parent_class)->dispose (object);
}

static void
fm_review_rows_finalize (GObject *object)
{
  FmReviewRows *self = (FmReviewRows *)object;

  g_clear_pointer (&self->rows, g_hash_table_unref);

  G_OBJECT_CLASS (fm_review_rows_parent_class)->finalize (object);
}

static void
fm_review_rows_class_init (FmReviewRowsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fm_review_rows_dispose;
  object_class->finalize = fm_review_rows_finalize;
}

static void
fm_review_rows_init (FmReviewRows *self)
{
  self->rows = g_hash_table_new (NULL, NULL);
}

FmReviewRows *
fm_review_rows_new (FmReviewModel *model)
{
  FmReviewRows *self;

  g_return_val_if_fail (FM_IS_REVIEW_MODEL (model), NULL);

  self = g_object_new (FM_TYPE_REVIEW_ROWS, NULL);
  self->model = g_object_ref (model);
  self->n_items = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_signal_connect_object (model, "items-changed", G_CALLBACK (on_items_changed), self,
                           G_CONNECT_SWAPPED);
  return self;
}

void
fm_review_rows_set_query (FmReviewRows       *self,
                          const FmClaimQuery *query)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;
  guint old_n = self->n_items;
  guint new_n;
  guint common;

  g_return_if_fail (FM_IS_REVIEW_ROWS (self));
  g_return_if_fail (query != NULL);

  self->replacing = TRUE;
  fm_review_model_set_query (self->model, query);
  self->replacing = FALSE;
  new_n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  common = MIN (old_n, new_n);

  /* The rows in use keep their places; past the new end they go */
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (rows, value);
  for (guint i = 0; i < rows->len; i++)
    {
      FmReviewRow *row = g_ptr_array_index (rows, i);
      guint at = fm_review_row_get_position (row);

      if (at >= common)
        {
          g_hash_table_remove (self->rows, GUINT_TO_POINTER (at));
          forget_row (self, row);
          fm_review_row_set_position (row, G_MAXUINT);
        }
    }
  self->n_items = new_n;
  for (guint i = 0; i < rows->len; i++)
    {
      FmReviewRow *row = g_ptr_array_index (rows, i);

      if (fm_review_row_get_position (row) < common)
        fill_row (self, row, fm_review_row_get_position (row));
    }
  if (old_n != new_n)
    g_list_model_items_changed (G_LIST_MODEL (self), common, old_n - common, new_n - common);
}
