/* fm-claim.c — one claim: a span of an article and its verification */
#include "config.h"

#include "fm-claim.h"
#include "fm-enums.h"
#include "fm-util.h"

struct _FmClaim
{
  GObject    parent_instance;

  char      *id;
  char      *article_id;
  char      *quote;
  char      *prefix;
  char      *suffix;
  char      *summary;
  char      *explanation;
  char      *assignee;
  char      *review_comment;
  char      *reviewed_by;
  char      *reviewed_at;
  char      *created_by;
  char      *created_at;
  char      *updated_by;
  char      *updated_at;
  char     **tags;
  guint      start;
  guint      end;
  guint      n_sources;
  FmVerdict  verdict;
  FmStatus   status;
  FmAnchorState anchor_state;
  double     anchor_confidence;
};

G_DEFINE_FINAL_TYPE (FmClaim, fm_claim, G_TYPE_OBJECT)

enum {
  PROP_0,
  /* string properties first, in struct order */
  PROP_ID,
  PROP_ARTICLE_ID,
  PROP_QUOTE,
  PROP_PREFIX,
  PROP_SUFFIX,
  PROP_SUMMARY,
  PROP_EXPLANATION,
  PROP_ASSIGNEE,
  PROP_REVIEW_COMMENT,
  PROP_REVIEWED_BY,
  PROP_REVIEWED_AT,
  PROP_CREATED_BY,
  PROP_CREATED_AT,
  PROP_UPDATED_BY,
  PROP_UPDATED_AT,
  PROP_TAGS,
  PROP_START,
  PROP_END,
  PROP_N_SOURCES,
  PROP_VERDICT,
  PROP_STATUS,
  PROP_DISPLAY_TEXT,
  PROP_ANCHOR_STATE,
  PROP_ANCHOR_CONFIDENCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char **
string_field (FmClaim *self,
              guint    prop_id)
{
  switch (prop_id)
    {
    case PROP_ID:             return &self->id;
    case PROP_ARTICLE_ID:     return &self->article_id;
    case PROP_QUOTE:          return &self->quote;
    case PROP_PREFIX:         return &self->prefix;
    case PROP_SUFFIX:         return &self->suffix;
    case PROP_SUMMARY:        return &self->summary;
    case PROP_EXPLANATION:    return &self->explanation;
    case PROP_ASSIGNEE:       return &self->assignee;
    case PROP_REVIEW_COMMENT: return &self->review_comment;
    case PROP_REVIEWED_BY:    return &self->reviewed_by;
    case PROP_REVIEWED_AT:    return &self->reviewed_at;
    case PROP_CREATED_BY:     return &self->created_by;
    case PROP_CREATED_AT:     return &self->created_at;
    case PROP_UPDATED_BY:     return &self->updated_by;
    case PROP_UPDATED_AT:     return &self->updated_at;
    default:                  return NULL;
    }
}

/* Fields that the empty string and NULL mean the same for */
static gboolean
is_text_field (guint prop_id)
{
  return prop_id == PROP_QUOTE || prop_id == PROP_PREFIX || prop_id == PROP_SUFFIX ||
         prop_id == PROP_SUMMARY || prop_id == PROP_EXPLANATION || prop_id == PROP_ASSIGNEE ||
         prop_id == PROP_REVIEW_COMMENT;
}

static void
set_string (FmClaim    *self,
            guint       prop_id,
            const char *value)
{
  if (value == NULL && is_text_field (prop_id))
    value = "";
  if (fm_set_str (string_field (self, prop_id), value))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
      if (prop_id == PROP_SUMMARY || prop_id == PROP_QUOTE)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_TEXT]);
    }
}

static void
fm_claim_finalize (GObject *object)
{
  FmClaim *self = (FmClaim *)object;

  for (guint i = PROP_ID; i <= PROP_UPDATED_AT; i++)
    g_clear_pointer (string_field (self, i), g_free);
  g_clear_pointer (&self->tags, g_strfreev);

  G_OBJECT_CLASS (fm_claim_parent_class)->finalize (object);
}

static void
fm_claim_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  FmClaim *self = FM_CLAIM (object);

  switch (prop_id)
    {
    case PROP_TAGS:
      g_value_set_boxed (value, self->tags);
      break;
    case PROP_START:
      g_value_set_uint (value, self->start);
      break;
    case PROP_END:
      g_value_set_uint (value, self->end);
      break;
    case PROP_N_SOURCES:
      g_value_set_uint (value, self->n_sources);
      break;
    case PROP_VERDICT:
      g_value_set_enum (value, self->verdict);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_DISPLAY_TEXT:
      g_value_set_string (value, fm_claim_get_display_text (self));
      break;
    case PROP_ANCHOR_STATE:
      g_value_set_enum (value, self->anchor_state);
      break;
    case PROP_ANCHOR_CONFIDENCE:
      g_value_set_double (value, self->anchor_confidence);
      break;
    default:
      if (string_field (self, prop_id) != NULL)
        g_value_set_string (value, *string_field (self, prop_id));
      else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fm_claim_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  FmClaim *self = FM_CLAIM (object);

  switch (prop_id)
    {
    case PROP_TAGS:
      fm_claim_set_tags (self, g_value_get_boxed (value));
      break;
    case PROP_START:
      fm_claim_set_span (self, g_value_get_uint (value), MAX (self->end, g_value_get_uint (value)));
      break;
    case PROP_END:
      fm_claim_set_span (self, MIN (self->start, g_value_get_uint (value)), g_value_get_uint (value));
      break;
    case PROP_N_SOURCES:
      fm_claim_set_n_sources (self, g_value_get_uint (value));
      break;
    case PROP_VERDICT:
      fm_claim_set_verdict (self, g_value_get_enum (value));
      break;
    case PROP_STATUS:
      fm_claim_set_status (self, g_value_get_enum (value));
      break;
    case PROP_ANCHOR_STATE:
      fm_claim_set_anchor (self, g_value_get_enum (value), self->anchor_confidence);
      break;
    case PROP_ANCHOR_CONFIDENCE:
      fm_claim_set_anchor (self, self->anchor_state, g_value_get_double (value));
      break;
    default:
      if (string_field (self, prop_id) != NULL)
        set_string (self, prop_id, g_value_get_string (value));
      else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fm_claim_class_init (FmClaimClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  static const char * const names[] = {
    NULL, "id", "article-id", "quote", "prefix", "suffix", "summary", "explanation",
    "assignee", "review-comment", "reviewed-by", "reviewed-at", "created-by", "created-at",
    "updated-by", "updated-at",
  };

  object_class->finalize = fm_claim_finalize;
  object_class->get_property = fm_claim_get_property;
  object_class->set_property = fm_claim_set_property;

  for (guint i = PROP_ID; i <= PROP_UPDATED_AT; i++)
    properties[i] = g_param_spec_string (names[i], NULL, NULL, NULL, rw);
  properties[PROP_TAGS] = g_param_spec_boxed ("tags", NULL, NULL, G_TYPE_STRV, rw);
  properties[PROP_START] = g_param_spec_uint ("start", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_END] = g_param_spec_uint ("end", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_N_SOURCES] = g_param_spec_uint ("n-sources", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_VERDICT] = g_param_spec_enum ("verdict", NULL, NULL, FM_TYPE_VERDICT,
                                                FM_VERDICT_UNRATED, rw);
  properties[PROP_STATUS] = g_param_spec_enum ("status", NULL, NULL, FM_TYPE_STATUS,
                                               FM_STATUS_UNCHECKED, rw);
  properties[PROP_DISPLAY_TEXT] =
    g_param_spec_string ("display-text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ANCHOR_STATE] =
    g_param_spec_enum ("anchor-state", NULL, NULL, FM_TYPE_ANCHOR_STATE,
                       FM_ANCHOR_STATE_PLACED, rw);
  properties[PROP_ANCHOR_CONFIDENCE] =
    g_param_spec_double ("anchor-confidence", NULL, NULL, 0.0, 1.0, 1.0, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fm_claim_init (FmClaim *self)
{
  for (guint i = PROP_ID; i <= PROP_UPDATED_AT; i++)
    if (is_text_field (i))
      *string_field (self, i) = g_strdup ("");
  self->tags = g_new0 (char *, 1);
  self->anchor_confidence = 1.0;
}

FmClaim *
fm_claim_new (void)
{
  return g_object_new (FM_TYPE_CLAIM, NULL);
}

FmClaim *
fm_claim_copy (FmClaim *self)
{
  FmClaim *copy;

  g_return_val_if_fail (FM_IS_CLAIM (self), NULL);

  copy = fm_claim_new ();
  fm_claim_assign (copy, self);
  return copy;
}

void
fm_claim_assign (FmClaim *self,
                 FmClaim *from)
{
  g_return_if_fail (FM_IS_CLAIM (self));
  g_return_if_fail (FM_IS_CLAIM (from));

  if (self == from)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = PROP_ID; i <= PROP_UPDATED_AT; i++)
    set_string (self, i, *string_field (from, i));
  fm_claim_set_span (self, from->start, from->end);
  fm_claim_set_tags (self, (const char * const *)from->tags);
  fm_claim_set_n_sources (self, from->n_sources);
  fm_claim_set_verdict (self, from->verdict);
  fm_claim_set_status (self, from->status);
  fm_claim_set_anchor (self, from->anchor_state, from->anchor_confidence);
  g_object_thaw_notify (G_OBJECT (self));
}

#define STRING_ACCESSORS(field, PROP)                                        \
  const char *                                                               \
  fm_claim_get_##field (FmClaim *self)                                       \
  {                                                                          \
    g_return_val_if_fail (FM_IS_CLAIM (self), NULL);                         \
    return self->field;                                                      \
  }                                                                          \
  void                                                                       \
  fm_claim_set_##field (FmClaim    *self,                                    \
                        const char *value)                                   \
  {                                                                          \
    g_return_if_fail (FM_IS_CLAIM (self));                                   \
    set_string (self, PROP, value);                                          \
  }

#define STRING_GETTER(field)                                                 \
  const char *                                                               \
  fm_claim_get_##field (FmClaim *self)                                       \
  {                                                                          \
    g_return_val_if_fail (FM_IS_CLAIM (self), NULL);                         \
    return self->field;                                                      \
  }

STRING_ACCESSORS (id, PROP_ID)
STRING_ACCESSORS (article_id, PROP_ARTICLE_ID)
STRING_ACCESSORS (summary, PROP_SUMMARY)
STRING_ACCESSORS (explanation, PROP_EXPLANATION)
STRING_ACCESSORS (assignee, PROP_ASSIGNEE)
STRING_ACCESSORS (review_comment, PROP_REVIEW_COMMENT)
STRING_GETTER (quote)
STRING_GETTER (prefix)
STRING_GETTER (suffix)
STRING_GETTER (reviewed_by)
STRING_GETTER (reviewed_at)
STRING_GETTER (created_by)
STRING_GETTER (created_at)
STRING_GETTER (updated_by)
STRING_GETTER (updated_at)

void
fm_claim_set_selector (FmClaim    *self,
                       const char *quote,
                       const char *prefix,
                       const char *suffix)
{
  g_return_if_fail (FM_IS_CLAIM (self));

  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, PROP_QUOTE, quote);
  set_string (self, PROP_PREFIX, prefix);
  set_string (self, PROP_SUFFIX, suffix);
  g_object_thaw_notify (G_OBJECT (self));
}

void
fm_claim_set_reviewed (FmClaim    *self,
                       const char *by,
                       const char *at)
{
  g_return_if_fail (FM_IS_CLAIM (self));

  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, PROP_REVIEWED_BY, by);
  set_string (self, PROP_REVIEWED_AT, at);
  g_object_thaw_notify (G_OBJECT (self));
}

void
fm_claim_set_created (FmClaim    *self,
                      const char *by,
                      const char *at)
{
  g_return_if_fail (FM_IS_CLAIM (self));

  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, PROP_CREATED_BY, by);
  set_string (self, PROP_CREATED_AT, at);
  g_object_thaw_notify (G_OBJECT (self));
}

void
fm_claim_set_updated (FmClaim    *self,
                      const char *by,
                      const char *at)
{
  g_return_if_fail (FM_IS_CLAIM (self));

  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, PROP_UPDATED_BY, by);
  set_string (self, PROP_UPDATED_AT, at);
  g_object_thaw_notify (G_OBJECT (self));
}

guint
fm_claim_get_start (FmClaim *self)
{
  g_return_val_if_fail (FM_IS_CLAIM (self), 0);
  return self->start;
}

guint
fm_claim_get_end (FmClaim *self)
{
  g_return_val_if_fail (FM_IS_CLAIM (self), 0);
  return self->end;
}

void
fm_claim_set_span (FmClaim *self,
                   guint    start,
                   guint    end)
{
  g_return_if_fail (FM_IS_CLAIM (self));
  g_return_if_fail (start <= end);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->start != start)
    {
      self->start = start;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_START]);
    }
  if (self->end != end)
    {
      self->end = end;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

FmVerdict
fm_claim_get_verdict (FmClaim *self)
{
  g_return_val_if_fail (FM_IS_CLAIM (self), FM_VERDICT_UNRATED);
  return self->verdict;
}

void
fm_claim_set_verdict (FmClaim   *self,
                      FmVerdict  verdict)
{
  g_return_if_fail (FM_IS_CLAIM (self));
  g_return_if_fail (verdict < FM_N_VERDICTS);

  if (self->verdict != verdict)
    {
      self->verdict = verdict;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERDICT]);
    }
}

FmStatus
fm_claim_get_status (FmClaim *self)
{
  g_return_val_if_fail (FM_IS_CLAIM (self), FM_STATUS_UNCHECKED);
  return self->status;
}

void
fm_claim_set_status (FmClaim  *self,
                     FmStatus  status)
{
  g_return_if_fail (FM_IS_CLAIM (self));
  g_return_if_fail (status < FM_N_STATUSES);

  if (self->status != status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
}

const char * const *
fm_claim_get_tags (FmClaim *self)
{
  g_return_val_if_fail (FM_IS_CLAIM (self), NULL);
  return (const char * const *)self->tags;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

void
fm_claim_set_tags (FmClaim            *self,
                   const char * const *tags)
{
  g_autoptr(GPtrArray) sorted = NULL;

  g_return_if_fail (FM_IS_CLAIM (self));

  sorted = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      g_autofree char *tag = fm_collapse_space (tags[i]);

      if (*tag != '\0')
        g_ptr_array_add (sorted, g_steal_pointer (&tag));
    }
  g_ptr_array_sort (sorted, compare_strings);
  for (guint i = 1; i < sorted->len;)
    {
      if (g_str_equal (g_ptr_array_index (sorted, i - 1), g_ptr_array_index (sorted, i)))
        g_ptr_array_remove_index (sorted, i);
      else
        i++;
    }
  g_ptr_array_add (sorted, NULL);

  if (g_strv_equal ((const char * const *)self->tags, (const char * const *)sorted->pdata))
    return;

  g_strfreev (self->tags);
  self->tags = (char **)g_ptr_array_steal (sorted, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAGS]);
}

guint
fm_claim_get_n_sources (FmClaim *self)
{
  g_return_val_if_fail (FM_IS_CLAIM (self), 0);
  return self->n_sources;
}

void
fm_claim_set_n_sources (FmClaim *self,
                        guint    n_sources)
{
  g_return_if_fail (FM_IS_CLAIM (self));

  if (self->n_sources != n_sources)
    {
      self->n_sources = n_sources;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SOURCES]);
    }
}

const char *
fm_claim_get_display_text (FmClaim *self)
{
  g_return_val_if_fail (FM_IS_CLAIM (self), NULL);
  return *self->summary ? self->summary : self->quote;
}

int
fm_claim_compare (FmClaim *a,
                  FmClaim *b)
{
  if (a->start != b->start)
    return a->start < b->start ? -1 : 1;
  if (a->end != b->end)
    return a->end > b->end ? -1 : 1;
  return g_strcmp0 (a->id, b->id);
}

/* Anchoring */

FmAnchorState
fm_claim_get_anchor_state (FmClaim *self)
{
  g_return_val_if_fail (FM_IS_CLAIM (self), FM_ANCHOR_STATE_PLACED);
  return self->anchor_state;
}

double
fm_claim_get_anchor_confidence (FmClaim *self)
{
  g_return_val_if_fail (FM_IS_CLAIM (self), 1.0);
  return self->anchor_confidence;
}

void
fm_claim_set_anchor (FmClaim       *self,
                     FmAnchorState  state,
                     double         confidence)
{
  g_return_if_fail (FM_IS_CLAIM (self));
  g_return_if_fail (state < FM_N_ANCHOR_STATES);

  confidence = CLAMP (confidence, 0.0, 1.0);
  g_object_freeze_notify (G_OBJECT (self));
  if (self->anchor_state != state)
    {
      self->anchor_state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANCHOR_STATE]);
    }
  if (self->anchor_confidence != confidence)
    {
      self->anchor_confidence = confidence;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANCHOR_CONFIDENCE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}
