/* fm-source.c — one piece of evidence for a claim */
#include "config.h"

#include "fm-enums.h"
#include "fm-source.h"
#include "fm-util.h"

struct _FmSource
{
  GObject       parent_instance;

  char         *id;
  char         *claim_id;
  char         *url;
  char         *title;
  char         *publisher;
  char         *author;
  char         *published;
  char         *accessed;
  char         *archive_url;
  char         *note;
  char         *created_at;
  char         *created_by;
  int           position;
  FmStance      stance;
  FmSourceKind  kind;
};

G_DEFINE_FINAL_TYPE (FmSource, fm_source, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CLAIM_ID,
  PROP_URL,
  PROP_TITLE,
  PROP_PUBLISHER,
  PROP_AUTHOR,
  PROP_PUBLISHED,
  PROP_ACCESSED,
  PROP_ARCHIVE_URL,
  PROP_NOTE,
  PROP_CREATED_AT,
  PROP_CREATED_BY,
  PROP_POSITION,
  PROP_STANCE,
  PROP_KIND,
  PROP_DISPLAY_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char **
string_field (FmSource *self,
              guint     prop_id)
{
  switch (prop_id)
    {
    case PROP_ID:          return &self->id;
    case PROP_CLAIM_ID:    return &self->claim_id;
    case PROP_URL:         return &self->url;
    case PROP_TITLE:       return &self->title;
    case PROP_PUBLISHER:   return &self->publisher;
    case PROP_AUTHOR:      return &self->author;
    case PROP_PUBLISHED:   return &self->published;
    case PROP_ACCESSED:    return &self->accessed;
    case PROP_ARCHIVE_URL: return &self->archive_url;
    case PROP_NOTE:        return &self->note;
    case PROP_CREATED_AT:  return &self->created_at;
    case PROP_CREATED_BY:  return &self->created_by;
    default:               return NULL;
    }
}

static void
set_string (FmSource   *self,
            guint       prop_id,
            const char *value)
{
  /* Empty and unset are the same for every user-visible field */
  if (value == NULL && prop_id >= PROP_URL && prop_id <= PROP_NOTE)
    value = "";
  if (fm_set_str (string_field (self, prop_id), value))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
      if (prop_id == PROP_TITLE || prop_id == PROP_URL)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_TITLE]);
    }
}

static void
fm_source_finalize (GObject *object)
{
  FmSource *self = (FmSource *)object;

  for (guint i = PROP_ID; i <= PROP_CREATED_BY; i++)
    g_clear_pointer (string_field (self, i), g_free);

  G_OBJECT_CLASS (fm_source_parent_class)->finalize (object);
}

static void
fm_source_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  FmSource *self = FM_SOURCE (object);

  switch (prop_id)
    {
    case PROP_POSITION:
      g_value_set_int (value, self->position);
      break;
    case PROP_STANCE:
      g_value_set_enum (value, self->stance);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_DISPLAY_TITLE:
      g_value_set_string (value, fm_source_get_display_title (self));
      break;
    default:
      if (string_field (self, prop_id) != NULL)
        g_value_set_string (value, *string_field (self, prop_id));
      else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fm_source_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  FmSource *self = FM_SOURCE (object);

  switch (prop_id)
    {
    case PROP_POSITION:
      fm_source_set_position (self, g_value_get_int (value));
      break;
    case PROP_STANCE:
      fm_source_set_stance (self, g_value_get_enum (value));
      break;
    case PROP_KIND:
      fm_source_set_kind (self, g_value_get_enum (value));
      break;
    default:
      if (string_field (self, prop_id) != NULL)
        set_string (self, prop_id, g_value_get_string (value));
      else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fm_source_class_init (FmSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  static const char * const names[] = {
    NULL, "id", "claim-id", "url", "title", "publisher", "author", "published", "accessed",
    "archive-url", "note", "created-at", "created-by",
  };

  object_class->finalize = fm_source_finalize;
  object_class->get_property = fm_source_get_property;
  object_class->set_property = fm_source_set_property;

  for (guint i = PROP_ID; i <= PROP_CREATED_BY; i++)
    properties[i] = g_param_spec_string (names[i], NULL, NULL, NULL, rw);
  properties[PROP_POSITION] = g_param_spec_int ("position", NULL, NULL, 0, G_MAXINT, 0, rw);
  properties[PROP_STANCE] = g_param_spec_enum ("stance", NULL, NULL, FM_TYPE_STANCE,
                                               FM_STANCE_SUPPORTS, rw);
  properties[PROP_KIND] = g_param_spec_enum ("kind", NULL, NULL, FM_TYPE_SOURCE_KIND,
                                             FM_SOURCE_KIND_OTHER, rw);
  properties[PROP_DISPLAY_TITLE] =
    g_param_spec_string ("display-title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fm_source_init (FmSource *self)
{
  for (guint i = PROP_URL; i <= PROP_NOTE; i++)
    *string_field (self, i) = g_strdup ("");
  self->stance = FM_STANCE_SUPPORTS;
  self->kind = FM_SOURCE_KIND_OTHER;
}

FmSource *
fm_source_new (void)
{
  return g_object_new (FM_TYPE_SOURCE, NULL);
}

FmSource *
fm_source_copy (FmSource *self)
{
  FmSource *copy;

  g_return_val_if_fail (FM_IS_SOURCE (self), NULL);

  copy = fm_source_new ();
  fm_source_assign (copy, self);
  return copy;
}

void
fm_source_assign (FmSource *self,
                  FmSource *from)
{
  g_return_if_fail (FM_IS_SOURCE (self));
  g_return_if_fail (FM_IS_SOURCE (from));

  if (self == from)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = PROP_ID; i <= PROP_CREATED_BY; i++)
    set_string (self, i, *string_field (from, i));
  fm_source_set_position (self, from->position);
  fm_source_set_stance (self, from->stance);
  fm_source_set_kind (self, from->kind);
  g_object_thaw_notify (G_OBJECT (self));
}

#define STRING_ACCESSORS(field, PROP)                                        \
  const char *                                                               \
  fm_source_get_##field (FmSource *self)                                     \
  {                                                                          \
    g_return_val_if_fail (FM_IS_SOURCE (self), NULL);                        \
    return self->field;                                                      \
  }                                                                          \
  void                                                                       \
  fm_source_set_##field (FmSource   *self,                                   \
                         const char *value)                                  \
  {                                                                          \
    g_return_if_fail (FM_IS_SOURCE (self));                                  \
    set_string (self, PROP, value);                                          \
  }

STRING_ACCESSORS (id, PROP_ID)
STRING_ACCESSORS (claim_id, PROP_CLAIM_ID)
STRING_ACCESSORS (url, PROP_URL)
STRING_ACCESSORS (title, PROP_TITLE)
STRING_ACCESSORS (publisher, PROP_PUBLISHER)
STRING_ACCESSORS (author, PROP_AUTHOR)
STRING_ACCESSORS (published, PROP_PUBLISHED)
STRING_ACCESSORS (accessed, PROP_ACCESSED)
STRING_ACCESSORS (archive_url, PROP_ARCHIVE_URL)
STRING_ACCESSORS (note, PROP_NOTE)
STRING_ACCESSORS (created_at, PROP_CREATED_AT)
STRING_ACCESSORS (created_by, PROP_CREATED_BY)

int
fm_source_get_position (FmSource *self)
{
  g_return_val_if_fail (FM_IS_SOURCE (self), 0);
  return self->position;
}

void
fm_source_set_position (FmSource *self,
                        int       position)
{
  g_return_if_fail (FM_IS_SOURCE (self));

  if (self->position != position)
    {
      self->position = position;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
    }
}

FmStance
fm_source_get_stance (FmSource *self)
{
  g_return_val_if_fail (FM_IS_SOURCE (self), FM_STANCE_SUPPORTS);
  return self->stance;
}

void
fm_source_set_stance (FmSource *self,
                      FmStance  stance)
{
  g_return_if_fail (FM_IS_SOURCE (self));
  g_return_if_fail (stance < FM_N_STANCES);

  if (self->stance != stance)
    {
      self->stance = stance;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STANCE]);
    }
}

FmSourceKind
fm_source_get_kind (FmSource *self)
{
  g_return_val_if_fail (FM_IS_SOURCE (self), FM_SOURCE_KIND_OTHER);
  return self->kind;
}

void
fm_source_set_kind (FmSource     *self,
                    FmSourceKind  kind)
{
  g_return_if_fail (FM_IS_SOURCE (self));
  g_return_if_fail (kind < FM_N_SOURCE_KINDS);

  if (self->kind != kind)
    {
      self->kind = kind;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
    }
}

const char *
fm_source_get_display_title (FmSource *self)
{
  g_return_val_if_fail (FM_IS_SOURCE (self), NULL);
  return *self->title ? self->title : self->url;
}
