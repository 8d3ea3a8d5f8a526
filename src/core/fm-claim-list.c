/* fm-claim-list.c — the claims of one article as a GListModel, in text order
 *
 * Follows the store's signals, so the claim panel, the article view's
 * highlights and anything else bound to it change together after a commit.
 */
#include "config.h"

#include "fm-claim-list.h"

struct _FmClaimList
{
  GObject    parent_instance;

  FmStore   *store;
  char      *article_id;
  GPtrArray *claims;            /* FmClaim, text order */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FmClaimList, fm_claim_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_N_ITEMS,
  PROP_N_CHECKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
fm_claim_list_get_item_type (GListModel *model)
{
  return FM_TYPE_CLAIM;
}

static guint
fm_claim_list_get_n_items (GListModel *model)
{
  return FM_CLAIM_LIST (model)->claims->len;
}

static gpointer
fm_claim_list_get_item (GListModel *model,
                        guint       position)
{
  FmClaimList *self = FM_CLAIM_LIST (model);

  if (position >= self->claims->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->claims, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = fm_claim_list_get_item_type;
  iface->get_n_items = fm_claim_list_get_n_items;
  iface->get_item = fm_claim_list_get_item;
}

int
fm_claim_list_find (FmClaimList *self,
                    const char  *claim_id)
{
  g_return_val_if_fail (FM_IS_CLAIM_LIST (self), -1);

  if (claim_id == NULL)
    return -1;
  for (guint i = 0; i < self->claims->len; i++)
    if (g_strcmp0 (fm_claim_get_id (g_ptr_array_index (self->claims, i)), claim_id) == 0)
      return i;
  return -1;
}

guint
fm_claim_list_count_checked (FmClaimList *self)
{
  guint n = 0;

  g_return_val_if_fail (FM_IS_CLAIM_LIST (self), 0);

  for (guint i = 0; i < self->claims->len; i++)
    {
      FmStatus status = fm_claim_get_status (g_ptr_array_index (self->claims, i));

      if (status == FM_STATUS_NEEDS_REVIEW || status == FM_STATUS_APPROVED)
        n++;
    }
  return n;
}

/* Every item from @position on changes its number, so all of them are
 * reported changed: views rebind their rows and show the new numbers. */
static void
emit_changed_from (FmClaimList *self,
                   guint        position,
                   guint        removed,
                   guint        added)
{
  guint tail = self->claims->len - position - added;

  g_list_model_items_changed (G_LIST_MODEL (self), position, removed + tail, added + tail);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CHECKED]);
}

static void
on_claim_added (FmClaimList *self,
                FmClaim     *claim)
{
  guint position = 0;

  if (g_strcmp0 (fm_claim_get_article_id (claim), self->article_id) != 0 ||
      fm_claim_list_find (self, fm_claim_get_id (claim)) >= 0)
    return;
  while (position < self->claims->len &&
         fm_claim_compare (g_ptr_array_index (self->claims, position), claim) < 0)
    position++;
  g_ptr_array_insert (self->claims, position, g_object_ref (claim));
  emit_changed_from (self, position, 0, 1);
}

static void
on_claim_removed (FmClaimList *self,
                  FmClaim     *claim)
{
  int position;

  if (g_strcmp0 (fm_claim_get_article_id (claim), self->article_id) != 0)
    return;
  position = fm_claim_list_find (self, fm_claim_get_id (claim));
  if (position < 0)
    return;
  g_ptr_array_remove_index (self->claims, position);
  emit_changed_from (self, position, 1, 0);
}

/* A claim placed elsewhere (a new revision, or placed by hand) takes its
 * place in text order: the claims between its old and new places change
 * their numbers */
static void
resort_claim (FmClaimList *self,
              FmClaim     *claim)
{
  int position = fm_claim_list_find (self, fm_claim_get_id (claim));
  guint target = 0;
  guint first, last;
  FmClaim *item;

  if (position < 0)
    return;
  item = g_ptr_array_steal_index (self->claims, position);
  while (target < self->claims->len &&
         fm_claim_compare (g_ptr_array_index (self->claims, target), item) < 0)
    target++;
  g_ptr_array_insert (self->claims, target, item);
  if (target == (guint)position)
    {
      /* Same place: rows still show the claim's new span */
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
      return;
    }
  first = MIN (target, (guint)position);
  last = MAX (target, (guint)position);
  g_list_model_items_changed (G_LIST_MODEL (self), first, last - first + 1, last - first + 1);
}

static void
on_claim_changed (FmClaimList *self,
                  FmClaim     *claim,
                  const char  *field)
{
  if (g_strcmp0 (fm_claim_get_article_id (claim), self->article_id) != 0)
    return;
  if (g_strcmp0 (field, "status") == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CHECKED]);
  /* A sync may have changed anything: the place and the status too */
  else if (g_strcmp0 (field, "anchor") == 0 || g_strcmp0 (field, "sync") == 0)
    {
      resort_claim (self, claim);
      /* A new revision sends approved claims whose text changed back to review */
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CHECKED]);
    }
}

static void
fm_claim_list_finalize (GObject *object)
{
  FmClaimList *self = (FmClaimList *)object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->article_id, g_free);
  g_clear_pointer (&self->claims, g_ptr_array_unref);

  G_OBJECT_CLASS (fm_claim_list_parent_class)->finalize (object);
}

static void
fm_claim_list_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FmClaimList *self = FM_CLAIM_LIST (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->claims->len);
      break;
    case PROP_N_CHECKED:
      g_value_set_uint (value, fm_claim_list_count_checked (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fm_claim_list_class_init (FmClaimListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fm_claim_list_finalize;
  object_class->get_property = fm_claim_list_get_property;

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_CHECKED] =
    g_param_spec_uint ("n-checked", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fm_claim_list_init (FmClaimList *self)
{
  self->claims = g_ptr_array_new_with_free_func (g_object_unref);
}

FmClaimList *
fm_claim_list_new (FmStore     *store,
                   const char  *article_id,
                   GError     **error)
{
  g_autoptr(FmClaimList) self = NULL;
  g_autoptr(GPtrArray) claims = NULL;

  g_return_val_if_fail (FM_IS_STORE (store), NULL);
  g_return_val_if_fail (article_id != NULL, NULL);

  claims = fm_store_list_claims (store, article_id, error);
  if (claims == NULL)
    return NULL;

  self = g_object_new (FM_TYPE_CLAIM_LIST, NULL);
  self->store = g_object_ref (store);
  self->article_id = g_strdup (article_id);
  for (guint i = 0; i < claims->len; i++)
    g_ptr_array_add (self->claims, g_object_ref (g_ptr_array_index (claims, i)));
  g_signal_connect_object (store, "claim-added", G_CALLBACK (on_claim_added), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "claim-removed", G_CALLBACK (on_claim_removed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "claim-changed", G_CALLBACK (on_claim_changed), self,
                           G_CONNECT_SWAPPED);
  return g_steal_pointer (&self);
}

FmStore *
fm_claim_list_get_store (FmClaimList *self)
{
  g_return_val_if_fail (FM_IS_CLAIM_LIST (self), NULL);
  return self->store;
}

const char *
fm_claim_list_get_article_id (FmClaimList *self)
{
  g_return_val_if_fail (FM_IS_CLAIM_LIST (self), NULL);
  return self->article_id;
}
