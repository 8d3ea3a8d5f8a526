/* fm-suggestions.c — the sentences of the shown article worth checking
 *
 * fm_suggest() reads the article in a GTask thread (a long article takes a
 * moment to segment and score); what comes back is filtered on the main
 * thread against the claims and the dismissals the store has now. The
 * store's signals keep it current: a new claim removes the suggestions it
 * covers, a deleted or moved claim or a new revision examines the text
 * again. Nothing here rates anything: a suggestion only becomes a claim
 * when the journalist accepts it.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fm-suggestions.h"

struct _FmSuggestions
{
  GObject          parent_instance;

  FmStore         *store;
  FmArticle       *article;
  GSignalGroup    *store_signals;
  FmSuggestResult *result;        /* filtered; NULL until examined */
  GCancellable    *cancellable;
  gboolean         active;
  gboolean         running;
  int              current;
  guint            keep_offset;   /* the current suggestion's start across a new run */
  char            *error;         /* why the last run failed, for the window to say */
  guint            refresh_source;
};

G_DEFINE_FINAL_TYPE (FmSuggestions, fm_suggestions, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACTIVE,
  PROP_RUNNING,
  PROP_CURRENT,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

#define NO_OFFSET G_MAXUINT

static void
set_running (FmSuggestions *self,
             gboolean       running)
{
  if (self->running == running)
    return;
  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
set_current_quiet (FmSuggestions *self,
                   int            index)
{
  if (self->current == index)
    return;
  self->current = index;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
}

static guint
current_offset (FmSuggestions *self)
{
  if (self->result == NULL || self->current < 0)
    return NO_OFFSET;
  return ((FmSuggestion *)g_ptr_array_index (self->result->suggestions, self->current))->start;
}

/* After the set changed: the same suggestion stays current, or the one
 * after it when it went (accepting one moves on to the next) */
static void
restore_current (FmSuggestions *self,
                 guint          offset)
{
  int index = -1;

  if (self->result != NULL && offset != NO_OFFSET)
    for (guint i = 0; i < self->result->suggestions->len; i++)
      if (((FmSuggestion *)g_ptr_array_index (self->result->suggestions, i))->start >= offset)
        {
          index = i;
          break;
        }
  set_current_quiet (self, index);
}

/* Filtering against the store */

static gboolean
filter_result (FmSuggestions    *self,
               FmSuggestResult  *result,
               GError          **error)
{
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(GHashTable) dismissed = NULL;
  g_autoptr(GArray) claimed = g_array_new (FALSE, FALSE, sizeof (guint));
  const char *article_id = fm_article_get_id (self->article);

  claims = fm_store_list_claims (self->store, article_id, error);
  if (claims == NULL)
    return FALSE;
  dismissed = fm_store_list_dismissed_suggestions (self->store, article_id, error);
  if (dismissed == NULL)
    return FALSE;
  for (guint i = 0; i < claims->len; i++)
    {
      FmClaim *claim = g_ptr_array_index (claims, i);
      guint span[2] = { fm_claim_get_start (claim), fm_claim_get_end (claim) };

      /* An unplaced claim's span is not where its text is */
      if (fm_claim_get_anchor_state (claim) != FM_ANCHOR_STATE_ORPHAN)
        g_array_append_vals (claimed, span, 2);
    }
  fm_suggest_result_filter (result, claimed, dismissed);
  return TRUE;
}

/* Examining the text */

typedef struct
{
  char *text;
  char *lang;
} SuggestData;

static void
suggest_data_free (SuggestData *data)
{
  g_free (data->text);
  g_free (data->lang);
  g_free (data);
}

static void
suggest_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  SuggestData *data = task_data;
  FmSuggestResult *result;

  if (g_task_return_error_if_cancelled (task))
    return;
  result = fm_suggest (data->text, data->lang);
  g_task_return_pointer (task, result, (GDestroyNotify)fm_suggest_result_free);
}

static void
suggest_done (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  FmSuggestions *self = FM_SUGGESTIONS (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(FmSuggestResult) result = g_task_propagate_pointer (G_TASK (res), &error);

  /* Cancelled: another article or another run took its place */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_running (self, FALSE);
  g_clear_object (&self->cancellable);
  if (result == NULL || self->article == NULL || !self->active)
    return;
  g_clear_pointer (&self->error, g_free);
  if (!filter_result (self, result, &error))
    {
      self->error = g_strdup (error->message);
      g_signal_emit (self, signals[CHANGED], 0);
      return;
    }
  g_clear_pointer (&self->result, fm_suggest_result_free);
  self->result = g_steal_pointer (&result);
  restore_current (self, self->keep_offset);
  self->keep_offset = NO_OFFSET;
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
examine (FmSuggestions *self)
{
  g_autoptr(GTask) task = NULL;
  SuggestData *data;

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->article == NULL || !self->active)
    {
      set_running (self, FALSE);
      return;
    }

  self->cancellable = g_cancellable_new ();
  data = g_new0 (SuggestData, 1);
  data->text = g_strdup (fm_article_get_text (self->article));
  data->lang = g_strdup (fm_article_get_lang (self->article));
  task = g_task_new (self, self->cancellable, suggest_done, NULL);
  g_task_set_source_tag (task, examine);
  g_task_set_task_data (task, data, (GDestroyNotify)suggest_data_free);
  set_running (self, TRUE);
  g_task_run_in_thread (task, suggest_thread);
}

static gboolean
refresh_now (gpointer user_data)
{
  FmSuggestions *self = user_data;

  self->refresh_source = 0;
  examine (self);
  return G_SOURCE_REMOVE;
}

void
fm_suggestions_refresh (FmSuggestions *self)
{
  g_return_if_fail (FM_IS_SUGGESTIONS (self));

  if (!self->active)
    return;
  if (self->keep_offset == NO_OFFSET)
    self->keep_offset = current_offset (self);
  /* Once after a burst (a new revision changes every claim), not once per change */
  if (self->refresh_source == 0)
    self->refresh_source = g_idle_add (refresh_now, self);
  set_running (self, TRUE);
}

/* Following the store */

static gboolean
is_this_article (FmSuggestions *self,
                 const char    *article_id)
{
  return self->article != NULL && g_strcmp0 (article_id, fm_article_get_id (self->article)) == 0;
}

static void
on_claim_added (FmSuggestions *self,
                FmClaim       *claim)
{
  g_autoptr(GArray) span = NULL;
  guint offset;
  guint bounds[2];

  if (!is_this_article (self, fm_claim_get_article_id (claim)) || self->result == NULL)
    return;
  /* At once, so that the accepted suggestion is gone when the key is up */
  offset = current_offset (self);
  bounds[0] = fm_claim_get_start (claim);
  bounds[1] = fm_claim_get_end (claim);
  span = g_array_new (FALSE, FALSE, sizeof (guint));
  g_array_append_vals (span, bounds, 2);
  fm_suggest_result_filter (self->result, span, NULL);
  restore_current (self, offset);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_claim_removed (FmSuggestions *self,
                  FmClaim       *claim)
{
  /* What it covered may be worth suggesting again */
  if (is_this_article (self, fm_claim_get_article_id (claim)))
    fm_suggestions_refresh (self);
}

static void
on_claim_changed (FmSuggestions *self,
                  FmClaim       *claim,
                  const char    *field)
{
  if ((g_strcmp0 (field, "anchor") == 0 || g_strcmp0 (field, "sync") == 0) &&
      is_this_article (self, fm_claim_get_article_id (claim)))
    fm_suggestions_refresh (self);
}

static void
on_article_revised (FmSuggestions *self,
                    FmArticle     *article)
{
  if (is_this_article (self, fm_article_get_id (article)))
    {
      /* Offsets of the old text mean nothing in the new one */
      self->keep_offset = NO_OFFSET;
      g_clear_pointer (&self->result, fm_suggest_result_free);
      set_current_quiet (self, -1);
      g_signal_emit (self, signals[CHANGED], 0);
      fm_suggestions_refresh (self);
    }
}

/* Public API */

void
fm_suggestions_set_article (FmSuggestions *self,
                            FmStore       *store,
                            FmArticle     *article)
{
  g_return_if_fail (FM_IS_SUGGESTIONS (self));
  g_return_if_fail (store == NULL || FM_IS_STORE (store));
  g_return_if_fail (article == NULL || FM_IS_ARTICLE (article));

  if (self->article == article && self->store == store)
    return;
  g_set_object (&self->store, store);
  g_set_object (&self->article, article);
  g_signal_group_set_target (self->store_signals, store);
  g_clear_pointer (&self->result, fm_suggest_result_free);
  self->keep_offset = NO_OFFSET;
  set_current_quiet (self, -1);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_running (self, FALSE);
  g_signal_emit (self, signals[CHANGED], 0);
  if (article != NULL && store != NULL)
    examine (self);
}

FmArticle *
fm_suggestions_get_article (FmSuggestions *self)
{
  g_return_val_if_fail (FM_IS_SUGGESTIONS (self), NULL);
  return self->article;
}

void
fm_suggestions_run (FmSuggestions *self)
{
  g_return_if_fail (FM_IS_SUGGESTIONS (self));

  if (!self->active)
    {
      self->active = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
    }
  fm_suggestions_refresh (self);
}

void
fm_suggestions_clear (FmSuggestions *self)
{
  g_return_if_fail (FM_IS_SUGGESTIONS (self));

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_running (self, FALSE);
  g_clear_pointer (&self->result, fm_suggest_result_free);
  set_current_quiet (self, -1);
  if (self->active)
    {
      self->active = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
    }
  g_signal_emit (self, signals[CHANGED], 0);
}

gboolean
fm_suggestions_get_active (FmSuggestions *self)
{
  g_return_val_if_fail (FM_IS_SUGGESTIONS (self), FALSE);
  return self->active;
}

const char *
fm_suggestions_get_error (FmSuggestions *self)
{
  g_return_val_if_fail (FM_IS_SUGGESTIONS (self), NULL);
  return self->error;
}

gboolean
fm_suggestions_get_running (FmSuggestions *self)
{
  g_return_val_if_fail (FM_IS_SUGGESTIONS (self), FALSE);
  return self->running;
}

guint
fm_suggestions_get_n_items (FmSuggestions *self)
{
  g_return_val_if_fail (FM_IS_SUGGESTIONS (self), 0);
  return self->result ? self->result->suggestions->len : 0;
}

const FmSuggestion *
fm_suggestions_get_item (FmSuggestions *self,
                         guint          index)
{
  g_return_val_if_fail (FM_IS_SUGGESTIONS (self), NULL);

  if (self->result == NULL || index >= self->result->suggestions->len)
    return NULL;
  return g_ptr_array_index (self->result->suggestions, index);
}

guint
fm_suggestions_get_n_anonymous (FmSuggestions *self)
{
  g_return_val_if_fail (FM_IS_SUGGESTIONS (self), 0);
  return self->result ? self->result->n_anonymous : 0;
}

guint
fm_suggestions_get_n_sentences (FmSuggestions *self)
{
  g_return_val_if_fail (FM_IS_SUGGESTIONS (self), 0);
  return self->result ? self->result->n_sentences : 0;
}

int
fm_suggestions_find_at (FmSuggestions *self,
                        guint          offset)
{
  g_return_val_if_fail (FM_IS_SUGGESTIONS (self), -1);

  for (guint i = 0; i < fm_suggestions_get_n_items (self); i++)
    {
      const FmSuggestion *s = g_ptr_array_index (self->result->suggestions, i);

      if (s->start <= offset && offset < s->end)
        return i;
    }
  return -1;
}

int
fm_suggestions_get_current (FmSuggestions *self)
{
  g_return_val_if_fail (FM_IS_SUGGESTIONS (self), -1);
  return self->current;
}

void
fm_suggestions_set_current (FmSuggestions *self,
                            int            index)
{
  g_return_if_fail (FM_IS_SUGGESTIONS (self));

  if (index < 0 || (guint)index >= fm_suggestions_get_n_items (self))
    index = -1;
  set_current_quiet (self, index);
}

gboolean
fm_suggestions_step (FmSuggestions *self,
                     int            step,
                     guint          offset)
{
  guint n;
  int index;

  g_return_val_if_fail (FM_IS_SUGGESTIONS (self), FALSE);

  n = fm_suggestions_get_n_items (self);
  if (n == 0)
    return FALSE;
  if (self->current >= 0)
    index = self->current + step;
  else if (step > 0)
    {
      /* The first one at or after where the reader is */
      index = n;
      for (guint i = 0; i < n; i++)
        if (fm_suggestions_get_item (self, i)->end > offset)
          {
            index = i;
            break;
          }
    }
  else
    {
      index = -1;
      for (guint i = n; i > 0; i--)
        if (fm_suggestions_get_item (self, i - 1)->start < offset)
          {
            index = i - 1;
            break;
          }
    }
  if (index < 0 || (guint)index >= n)
    return FALSE;
  set_current_quiet (self, index);
  return TRUE;
}

FmClaim *
fm_suggestions_accept (FmSuggestions  *self,
                       guint           index,
                       GError        **error)
{
  const FmSuggestion *s;
  g_autofree char *reasons = NULL;
  g_autofree char *article_id = NULL;

  g_return_val_if_fail (FM_IS_SUGGESTIONS (self), NULL);

  s = fm_suggestions_get_item (self, index);
  if (s == NULL || self->store == NULL)
    {
      g_set_error_literal (error, FM_STORE_ERROR, FM_STORE_ERROR_NOT_FOUND,
                           _("That suggestion is no longer there"));
      return NULL;
    }
  reasons = fm_suggestion_describe (s);
  article_id = g_strdup (fm_article_get_id (self->article));
  /* ::claim-added removes it from the list (on_claim_added) */
  return fm_store_accept_suggestion (self->store, article_id, s->start, s->end, reasons, error);
}

gboolean
fm_suggestions_dismiss (FmSuggestions  *self,
                        guint           index,
                        GError        **error)
{
  const FmSuggestion *s;
  guint offset;

  g_return_val_if_fail (FM_IS_SUGGESTIONS (self), FALSE);

  s = fm_suggestions_get_item (self, index);
  if (s == NULL || self->store == NULL)
    {
      g_set_error_literal (error, FM_STORE_ERROR, FM_STORE_ERROR_NOT_FOUND,
                           _("That suggestion is no longer there"));
      return FALSE;
    }
  if (!fm_store_dismiss_suggestion (self->store, fm_article_get_id (self->article), s->sentence,
                                    error))
    return FALSE;

  offset = current_offset (self);
  g_ptr_array_remove_index (self->result->suggestions, index);
  self->result->n_anonymous = 0;
  for (guint i = 0; i < self->result->suggestions->len; i++)
    if (((FmSuggestion *)g_ptr_array_index (self->result->suggestions, i))->anonymous_source)
      self->result->n_anonymous++;
  /* The index may now point past the list, or at the one that followed */
  self->current = -1;
  restore_current (self, offset);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/* GObject */

static void
fm_suggestions_dispose (GObject *object)
{
  FmSuggestions *self = (FmSuggestions *)object;

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store_signals);
  g_clear_object (&self->store);
  g_clear_object (&self->article);
  g_clear_pointer (&self->result, fm_suggest_result_free);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (fm_suggestions_parent_class)->dispose (object);
}

static void
fm_suggestions_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FmSuggestions *self = FM_SUGGESTIONS (object);

  switch (prop_id)
    {
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_CURRENT:
      g_value_set_int (value, self->current);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fm_suggestions_class_init (FmSuggestionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fm_suggestions_dispose;
  object_class->get_property = fm_suggestions_get_property;

  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENT] =
    g_param_spec_int ("current", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FmSuggestions::changed:
   * The suggestions were examined again, or one was accepted, dismissed or
   * covered by a new claim.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
fm_suggestions_init (FmSuggestions *self)
{
  self->current = -1;
  self->keep_offset = NO_OFFSET;
  self->store_signals = g_signal_group_new (FM_TYPE_STORE);
  g_signal_group_connect_object (self->store_signals, "claim-added",
                                 G_CALLBACK (on_claim_added), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->store_signals, "claim-removed",
                                 G_CALLBACK (on_claim_removed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->store_signals, "claim-changed",
                                 G_CALLBACK (on_claim_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->store_signals, "article-revised",
                                 G_CALLBACK (on_article_revised), self, G_CONNECT_SWAPPED);
}

FmSuggestions *
fm_suggestions_new (void)
{
  return g_object_new (FM_TYPE_SUGGESTIONS, NULL);
}
