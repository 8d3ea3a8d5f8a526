/* fm-review-row.c — one line of the review table, whichever claim it shows */
#include "config.h"

#include "fm-review-row.h"

struct _FmReviewRow
{
  GObject  parent_instance;

  FmClaim *claim;
  guint    number;
  guint    position;
};

G_DEFINE_FINAL_TYPE (FmReviewRow, fm_review_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLAIM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fm_review_row_dispose (GObject *object)
{
  FmReviewRow *self = (FmReviewRow *)object;

  g_clear_object (&self->claim);

  G_OBJECT_CLASS (fm_review_row_parent_class)->dispose (object);
}

static void
fm_review_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FmReviewRow *self = FM_REVIEW_ROW (object);

  switch (prop_id)
    {
    case PROP_CLAIM:
      g_value_set_object (value, self->claim);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fm_review_row_class_init (FmReviewRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fm_review_row_dispose;
  object_class->get_property = fm_review_row_get_property;

  properties[PROP_CLAIM] =
    g_param_spec_object ("claim", NULL, NULL, FM_TYPE_CLAIM,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fm_review_row_init (FmReviewRow *self)
{
}

FmReviewRow *
fm_review_row_new (guint position)
{
  FmReviewRow *self = g_object_new (FM_TYPE_REVIEW_ROW, NULL);

  self->position = position;
  return self;
}

FmClaim *
fm_review_row_get_claim (FmReviewRow *self)
{
  g_return_val_if_fail (FM_IS_REVIEW_ROW (self), NULL);
  return self->claim;
}

guint
fm_review_row_get_number (FmReviewRow *self)
{
  g_return_val_if_fail (FM_IS_REVIEW_ROW (self), 0);
  return self->number;
}

void
fm_review_row_set_claim (FmReviewRow *self,
                         FmClaim     *claim,
                         guint        number)
{
  g_return_if_fail (FM_IS_REVIEW_ROW (self));
  g_return_if_fail (claim == NULL || FM_IS_CLAIM (claim));

  if (self->claim == claim && self->number == number)
    return;
  self->number = number;
  g_set_object (&self->claim, claim);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLAIM]);
}

guint
fm_review_row_get_position (FmReviewRow *self)
{
  g_return_val_if_fail (FM_IS_REVIEW_ROW (self), G_MAXUINT);
  return self->position;
}

void
fm_review_row_set_position (FmReviewRow *self,
                            guint        position)
{
  g_return_if_fail (FM_IS_REVIEW_ROW (self));
  self->position = position;
}
