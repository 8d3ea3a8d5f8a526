/* fm-article.c — an article: metadata and its clean text */
#include "config.h"

#include "fm-article.h"
#include "fm-util.h"

struct _FmArticle
{
  GObject  parent_instance;

  char    *id;
  char    *title;
  char    *byline;
  char    *site_name;
  char    *url;
  char    *canonical_url;
  char    *published;
  char    *lang;
  char    *source_format;
  char    *source_name;
  char    *imported_at;
  char    *imported_by;
  char    *fetched_at;
  char    *text;
  char    *text_sha256;
  guint    length;
  GBytes  *original;
};

G_DEFINE_FINAL_TYPE (FmArticle, fm_article, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_BYLINE,
  PROP_SITE_NAME,
  PROP_URL,
  PROP_CANONICAL_URL,
  PROP_PUBLISHED,
  PROP_LANG,
  PROP_SOURCE_FORMAT,
  PROP_SOURCE_NAME,
  PROP_IMPORTED_AT,
  PROP_IMPORTED_BY,
  PROP_FETCHED_AT,
  PROP_TEXT,
  PROP_TEXT_SHA256,
  PROP_LENGTH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The string properties, in property order from PROP_ID to PROP_TEXT */
static char **
string_field (FmArticle *self,
              guint      prop_id)
{
  switch (prop_id)
    {
    case PROP_ID:            return &self->id;
    case PROP_TITLE:         return &self->title;
    case PROP_BYLINE:        return &self->byline;
    case PROP_SITE_NAME:     return &self->site_name;
    case PROP_URL:           return &self->url;
    case PROP_CANONICAL_URL: return &self->canonical_url;
    case PROP_PUBLISHED:     return &self->published;
    case PROP_LANG:          return &self->lang;
    case PROP_SOURCE_FORMAT: return &self->source_format;
    case PROP_SOURCE_NAME:   return &self->source_name;
    case PROP_IMPORTED_AT:   return &self->imported_at;
    case PROP_IMPORTED_BY:   return &self->imported_by;
    case PROP_FETCHED_AT:    return &self->fetched_at;
    case PROP_TEXT:          return &self->text;
    case PROP_TEXT_SHA256:   return &self->text_sha256;
    default:                 return NULL;
    }
}

static void
set_string (FmArticle  *self,
            guint       prop_id,
            const char *value)
{
  if (fm_set_str (string_field (self, prop_id), value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
fm_article_finalize (GObject *object)
{
  FmArticle *self = (FmArticle *)object;

  for (guint i = PROP_ID; i <= PROP_TEXT_SHA256; i++)
    g_clear_pointer (string_field (self, i), g_free);
  g_clear_pointer (&self->original, g_bytes_unref);

  G_OBJECT_CLASS (fm_article_parent_class)->finalize (object);
}

static void
fm_article_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  FmArticle *self = FM_ARTICLE (object);

  if (prop_id == PROP_LENGTH)
    g_value_set_uint (value, self->length);
  else if (string_field (self, prop_id) != NULL)
    g_value_set_string (value, *string_field (self, prop_id));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
fm_article_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  FmArticle *self = FM_ARTICLE (object);

  if (prop_id == PROP_TEXT)
    fm_article_set_text (self, g_value_get_string (value));
  else if (prop_id < PROP_TEXT)
    set_string (self, prop_id, g_value_get_string (value));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
fm_article_class_init (FmArticleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  static const char * const names[] = {
    NULL, "id", "title", "byline", "site-name", "url", "canonical-url", "published", "lang",
    "source-format", "source-name", "imported-at", "imported-by", "fetched-at", "text",
  };

  object_class->finalize = fm_article_finalize;
  object_class->get_property = fm_article_get_property;
  object_class->set_property = fm_article_set_property;

  for (guint i = PROP_ID; i <= PROP_TEXT; i++)
    properties[i] = g_param_spec_string (names[i], NULL, NULL, NULL, rw);
  properties[PROP_TEXT_SHA256] =
    g_param_spec_string ("text-sha256", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LENGTH] =
    g_param_spec_uint ("length", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fm_article_init (FmArticle *self)
{
  self->text = g_strdup ("");
  self->text_sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "", 0);
  self->title = g_strdup ("");
}

FmArticle *
fm_article_new (void)
{
  return g_object_new (FM_TYPE_ARTICLE, NULL);
}

#define STRING_ACCESSORS(field, PROP)                                        \
  const char *                                                               \
  fm_article_get_##field (FmArticle *self)                                   \
  {                                                                          \
    g_return_val_if_fail (FM_IS_ARTICLE (self), NULL);                       \
    return self->field;                                                      \
  }                                                                          \
  void                                                                       \
  fm_article_set_##field (FmArticle  *self,                                  \
                          const char *value)                                 \
  {                                                                          \
    g_return_if_fail (FM_IS_ARTICLE (self));                                 \
    set_string (self, PROP, value);                                          \
  }

STRING_ACCESSORS (id, PROP_ID)
STRING_ACCESSORS (byline, PROP_BYLINE)
STRING_ACCESSORS (site_name, PROP_SITE_NAME)
STRING_ACCESSORS (url, PROP_URL)
STRING_ACCESSORS (canonical_url, PROP_CANONICAL_URL)
STRING_ACCESSORS (published, PROP_PUBLISHED)
STRING_ACCESSORS (lang, PROP_LANG)
STRING_ACCESSORS (source_format, PROP_SOURCE_FORMAT)
STRING_ACCESSORS (source_name, PROP_SOURCE_NAME)
STRING_ACCESSORS (imported_at, PROP_IMPORTED_AT)
STRING_ACCESSORS (imported_by, PROP_IMPORTED_BY)
STRING_ACCESSORS (fetched_at, PROP_FETCHED_AT)

const char *
fm_article_get_title (FmArticle *self)
{
  g_return_val_if_fail (FM_IS_ARTICLE (self), NULL);
  return self->title;
}

void
fm_article_set_title (FmArticle  *self,
                      const char *title)
{
  g_return_if_fail (FM_IS_ARTICLE (self));
  set_string (self, PROP_TITLE, title ? title : "");
}

const char *
fm_article_get_text (FmArticle *self)
{
  g_return_val_if_fail (FM_IS_ARTICLE (self), NULL);
  return self->text;
}

void
fm_article_set_text (FmArticle  *self,
                     const char *text)
{
  g_autofree char *sha = NULL;

  g_return_if_fail (FM_IS_ARTICLE (self));
  g_return_if_fail (text == NULL || g_utf8_validate (text, -1, NULL));

  if (text == NULL)
    text = "";
  if (g_strcmp0 (self->text, text) == 0)
    return;

  g_free (self->text);
  self->text = g_strdup (text);
  self->length = g_utf8_strlen (text, -1);
  sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
  set_string (self, PROP_TEXT_SHA256, sha);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LENGTH]);
}

const char *
fm_article_get_text_sha256 (FmArticle *self)
{
  g_return_val_if_fail (FM_IS_ARTICLE (self), NULL);
  return self->text_sha256;
}

guint
fm_article_get_length (FmArticle *self)
{
  g_return_val_if_fail (FM_IS_ARTICLE (self), 0);
  return self->length;
}

GBytes *
fm_article_get_original (FmArticle *self)
{
  g_return_val_if_fail (FM_IS_ARTICLE (self), NULL);
  return self->original;
}

void
fm_article_set_original (FmArticle *self,
                         GBytes    *original)
{
  g_return_if_fail (FM_IS_ARTICLE (self));

  if (original)
    g_bytes_ref (original);
  g_clear_pointer (&self->original, g_bytes_unref);
  self->original = original;
}

char *
fm_article_dup_span (FmArticle *self,
                     guint      start,
                     guint      end)
{
  g_return_val_if_fail (FM_IS_ARTICLE (self), NULL);
  g_return_val_if_fail (start <= end && end <= self->length, NULL);

  return g_utf8_substring (self->text, start, end);
}
