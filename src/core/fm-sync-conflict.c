/* fm-sync-conflict.c — a conflict found while merging another workspace's changes
 *
 * Made by the store (fm_store_sync_list_conflicts()); everything but the
 * reviewed flag is fixed at construction.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fm-sync-conflict.h"
#include "fm-types.h"

struct _FmSyncConflict
{
  GObject             parent_instance;

  FmSyncConflictKind  kind;
  char               *strings[13];
  gboolean            reviewed;
};

G_DEFINE_FINAL_TYPE (FmSyncConflict, fm_sync_conflict, G_TYPE_OBJECT)

/* The string properties, in the order of strings[] */
enum {
  PROP_0,
  PROP_ID,
  PROP_DETECTED_AT,
  PROP_CLAIM_ID,
  PROP_ARTICLE_ID,
  PROP_FIELD,
  PROP_KEPT_VALUE,
  PROP_KEPT_ACTOR,
  PROP_KEPT_AT,
  PROP_KEPT_WORKSPACE,
  PROP_LOST_VALUE,
  PROP_LOST_ACTOR,
  PROP_LOST_AT,
  PROP_LOST_WORKSPACE,
  PROP_KIND,
  PROP_REVIEWED,
  N_PROPS
};

G_STATIC_ASSERT (PROP_LOST_WORKSPACE - PROP_ID + 1 == 13);

static GParamSpec *properties[N_PROPS];

static void
fm_sync_conflict_finalize (GObject *object)
{
  FmSyncConflict *self = (FmSyncConflict *)object;

  for (guint i = 0; i < G_N_ELEMENTS (self->strings); i++)
    g_free (self->strings[i]);

  G_OBJECT_CLASS (fm_sync_conflict_parent_class)->finalize (object);
}

static void
fm_sync_conflict_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FmSyncConflict *self = FM_SYNC_CONFLICT (object);

  if (prop_id >= PROP_ID && prop_id <= PROP_LOST_WORKSPACE)
    g_value_set_string (value, self->strings[prop_id - PROP_ID]);
  else if (prop_id == PROP_KIND)
    g_value_set_int (value, self->kind);
  else if (prop_id == PROP_REVIEWED)
    g_value_set_boolean (value, self->reviewed);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
fm_sync_conflict_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FmSyncConflict *self = FM_SYNC_CONFLICT (object);

  if (prop_id >= PROP_ID && prop_id <= PROP_LOST_WORKSPACE)
    {
      g_free (self->strings[prop_id - PROP_ID]);
      self->strings[prop_id - PROP_ID] = g_value_dup_string (value);
    }
  else if (prop_id == PROP_KIND)
    self->kind = g_value_get_int (value);
  else if (prop_id == PROP_REVIEWED)
    fm_sync_conflict_set_reviewed (self, g_value_get_boolean (value));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
fm_sync_conflict_class_init (FmSyncConflictClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  static const char * const names[] = {
    "id", "detected-at", "claim-id", "article-id", "field",
    "kept-value", "kept-actor", "kept-at", "kept-workspace",
    "lost-value", "lost-actor", "lost-at", "lost-workspace",
  };

  object_class->finalize = fm_sync_conflict_finalize;
  object_class->get_property = fm_sync_conflict_get_property;
  object_class->set_property = fm_sync_conflict_set_property;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    properties[PROP_ID + i] =
      g_param_spec_string (names[i], NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL, FM_SYNC_CONFLICT_FIELD, FM_SYNC_CONFLICT_REVIEW,
                      FM_SYNC_CONFLICT_FIELD,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REVIEWED] =
    g_param_spec_boolean ("reviewed", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fm_sync_conflict_init (FmSyncConflict *self)
{
}

#define STRING_GETTER(name, prop) \
  const char * \
  fm_sync_conflict_get_##name (FmSyncConflict *self) \
  { \
    g_return_val_if_fail (FM_IS_SYNC_CONFLICT (self), NULL); \
    return self->strings[prop - PROP_ID]; \
  }

STRING_GETTER (id, PROP_ID)
STRING_GETTER (detected_at, PROP_DETECTED_AT)
STRING_GETTER (claim_id, PROP_CLAIM_ID)
STRING_GETTER (article_id, PROP_ARTICLE_ID)
STRING_GETTER (field, PROP_FIELD)
STRING_GETTER (kept_value, PROP_KEPT_VALUE)
STRING_GETTER (kept_actor, PROP_KEPT_ACTOR)
STRING_GETTER (kept_at, PROP_KEPT_AT)
STRING_GETTER (kept_workspace, PROP_KEPT_WORKSPACE)
STRING_GETTER (lost_value, PROP_LOST_VALUE)
STRING_GETTER (lost_actor, PROP_LOST_ACTOR)
STRING_GETTER (lost_at, PROP_LOST_AT)
STRING_GETTER (lost_workspace, PROP_LOST_WORKSPACE)

FmSyncConflictKind
fm_sync_conflict_get_kind (FmSyncConflict *self)
{
  g_return_val_if_fail (FM_IS_SYNC_CONFLICT (self), FM_SYNC_CONFLICT_FIELD);
  return self->kind;
}

gboolean
fm_sync_conflict_get_reviewed (FmSyncConflict *self)
{
  g_return_val_if_fail (FM_IS_SYNC_CONFLICT (self), FALSE);
  return self->reviewed;
}

void
fm_sync_conflict_set_reviewed (FmSyncConflict *self,
                               gboolean        reviewed)
{
  g_return_if_fail (FM_IS_SYNC_CONFLICT (self));

  reviewed = !!reviewed;
  if (self->reviewed == reviewed)
    return;
  self->reviewed = reviewed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVIEWED]);
}

/* A stored value as people know it: verdict and status labels, quoted text */
static char *
display_value (const char *field,
               const char *value)
{
  FmVerdict verdict;
  FmStatus status;

  if (value == NULL)
    return g_strdup (C_("value", "nothing"));
  if (g_strcmp0 (field, "verdict") == 0 && fm_verdict_from_id (value, &verdict))
    return g_strdup (fm_verdict_label (verdict));
  if (g_strcmp0 (field, "status") == 0 && fm_status_from_id (value, &status))
    return g_strdup (fm_status_label (status));
  if (g_utf8_strlen (value, -1) > 60)
    {
      g_autofree char *start = g_utf8_substring (value, 0, 59);
      return g_strdup_printf ("“%s…”", start);
    }
  return g_strdup_printf ("“%s”", value);
}

static const char *
someone (const char *actor)
{
  return actor != NULL && *actor != '\0' ? actor : C_("actor", "someone");
}

char *
fm_sync_conflict_describe (FmSyncConflict *self)
{
  const char *field;

  g_return_val_if_fail (FM_IS_SYNC_CONFLICT (self), NULL);

  field = self->strings[PROP_FIELD - PROP_ID];
  if (self->kind == FM_SYNC_CONFLICT_REVIEW)
    {
      if (g_strcmp0 (field, "placement") == 0)
        /* Translators: the article's text was changed on another computer */
        return g_strdup_printf (_("This claim was placed on a version of the article that %s "
                                  "replaced with another made at the same time; its words are no "
                                  "longer where it points: place it again"),
                                someone (self->strings[PROP_KEPT_ACTOR - PROP_ID]));
      if (g_strcmp0 (field, "source") == 0)
        /* Translators: an editor approved a claim on one computer while its sources changed on another */
        return g_strdup_printf (_("%s approved this claim without seeing a change %s made to its "
                                  "sources; review it again"),
                                someone (self->strings[PROP_KEPT_ACTOR - PROP_ID]),
                                someone (self->strings[PROP_LOST_ACTOR - PROP_ID]));
      else
        {
          g_autofree char *value = display_value (field, self->strings[PROP_LOST_VALUE - PROP_ID]);

          return g_strdup_printf (_("%s approved this claim without seeing %s’s change of the "
                                    "%s to %s; review it again"),
                                  someone (self->strings[PROP_KEPT_ACTOR - PROP_ID]),
                                  someone (self->strings[PROP_LOST_ACTOR - PROP_ID]), field, value);
        }
    }
  if (self->kind == FM_SYNC_CONFLICT_DELETION)
    {
      if (g_strcmp0 (field, "source") == 0)
        /* Translators: a source was removed on one computer and edited on another */
        return g_strdup_printf (_("%s removed a source that %s changed meanwhile; the source was kept"),
                                someone (self->strings[PROP_LOST_ACTOR - PROP_ID]),
                                someone (self->strings[PROP_KEPT_ACTOR - PROP_ID]));
      return g_strdup_printf (_("%s deleted this claim while %s changed it; the claim was kept"),
                              someone (self->strings[PROP_LOST_ACTOR - PROP_ID]),
                              someone (self->strings[PROP_KEPT_ACTOR - PROP_ID]));
    }
  else if (g_str_has_prefix (field, "article."))
    {
      g_autofree char *kept = display_value (field, self->strings[PROP_KEPT_VALUE - PROP_ID]);
      g_autofree char *lost = display_value (field, self->strings[PROP_LOST_VALUE - PROP_ID]);

      /* Articles have no history: the other value is kept with the conflict */
      return g_strdup_printf (_("%s of the article: %s by %s was kept; %s by %s, made at the same "
                                "time, is kept with this conflict"),
                              field + strlen ("article."), kept,
                              someone (self->strings[PROP_KEPT_ACTOR - PROP_ID]), lost,
                              someone (self->strings[PROP_LOST_ACTOR - PROP_ID]));
    }
  else
    {
      g_autofree char *kept = display_value (field, self->strings[PROP_KEPT_VALUE - PROP_ID]);
      g_autofree char *lost = display_value (field, self->strings[PROP_LOST_VALUE - PROP_ID]);

      /* Translators: "Ben's verdict False replaced Ana's Mostly false (made at the same time)" */
      return g_strdup_printf (_("%s: %s by %s was kept; %s by %s, made without seeing it, "
                                "is in the history"),
                              field, kept, someone (self->strings[PROP_KEPT_ACTOR - PROP_ID]),
                              lost, someone (self->strings[PROP_LOST_ACTOR - PROP_ID]));
    }
}
