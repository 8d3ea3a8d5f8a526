/* fm-revision-bar.c — above the article: how it changed, and its unplaced claims
 *
 * Two parts. The banner says that the article changed since it was
 * checked: which version it is, what the new version did to the claims,
 * and what is left for a person to do; it shows after a new version
 * comes in, and whenever claims still wait to be confirmed or placed,
 * until it is closed. Below it, the claims whose words are no longer in
 * the article, with their old quotes: each can be placed on the words
 * selected in the article. Both read the store; what they change goes
 * through the window's actions (win.place-claim, win.show-changes).
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "fm-claim-row.h"
#include "fm-format.h"
#include "fm-revision-bar.h"

struct _FmRevisionBar
{
  GtkWidget       parent_instance;

  FmClaimList    *claims;
  FmStore        *store;
  FmClaim        *selected_claim;
  GSignalGroup   *store_signals;
  GHashTable     *summaries;     /* article id → FmRevisionSummary, this session's imports */
  GHashTable     *closed;        /* "article id:revision" whose banner was closed */
  GPtrArray      *unplaced;      /* FmClaim, in the order of the rows */
  guint           revision;
  guint           update_source;
  gboolean        syncing;

  GtkRevealer    *banner_revealer;
  GtkWidget      *banner;
  GtkLabel       *banner_detail;
  GtkButton      *review_button;
  GtkButton      *close_button;
  GtkRevealer    *unplaced_revealer;
  GtkLabel       *unplaced_title;
  GtkListBox     *unplaced_list;
};

G_DEFINE_FINAL_TYPE (FmRevisionBar, fm_revision_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SELECTED_CLAIM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
article_id (FmRevisionBar *self)
{
  return self->claims ? fm_claim_list_get_article_id (self->claims) : NULL;
}

static char *
closed_key (FmRevisionBar *self)
{
  return g_strdup_printf ("%s:%u", article_id (self), self->revision);
}

/* Claims that wait for a person, in text order */
static void
count_states (FmRevisionBar *self,
              guint         *n_claims,
              guint         *n_flagged,
              guint         *n_orphans)
{
  guint n = self->claims ? g_list_model_get_n_items (G_LIST_MODEL (self->claims)) : 0;

  *n_claims = n;
  *n_flagged = *n_orphans = 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FmClaim) claim = g_list_model_get_item (G_LIST_MODEL (self->claims), i);

      switch (fm_claim_get_anchor_state (claim))
        {
        case FM_ANCHOR_STATE_FLAGGED:
          (*n_flagged)++;
          break;
        case FM_ANCHOR_STATE_ORPHAN:
          (*n_orphans)++;
          break;
        case FM_ANCHOR_STATE_PLACED:
        default:
          break;
        }
    }
}

static void
append_sentence (GString    *text,
                 const char *sentence)
{
  if (text->len > 0)
    g_string_append_c (text, ' ');
  g_string_append (text, sentence);
}

static char *
describe (FmRevisionBar           *self,
          const char              *revised_at,
          const FmRevisionSummary *summary,
          guint                    n_flagged,
          guint                    n_orphans)
{
  GString *text = g_string_new (NULL);
  g_autofree char *when = fm_format_time (revised_at);

  {
    g_autofree char *s = NULL;

    if (when != NULL)
      /* TRANSLATORS: "Version 2 came in on 4 Jun 2026, 14:02." */
      s = g_strdup_printf (_("Version %u came in on %s."), self->revision, when);
    else
      s = g_strdup_printf (_("This is version %u."), self->revision);
    append_sentence (text, s);
  }

  /* What the import did, when it happened in this window */
  if (summary != NULL && summary->revision == self->revision && summary->n_claims > 0)
    {
      guint followed = summary->n_claims - summary->n_orphaned;
      g_autofree char *s = NULL;
      g_autofree char *detail = NULL;

      s = g_strdup_printf (ngettext ("%u of %u claim followed its words to the new text",
                                     "%u of %u claims followed their words to the new text",
                                     summary->n_claims),
                           followed, summary->n_claims);
      /* Only what needs telling: words found elsewhere, or changed */
      if (summary->n_moved + summary->n_changed > 0)
        {
          g_autoptr(GString) how = g_string_new (NULL);

          if (summary->n_moved > 0)
            g_string_append_printf (how, ngettext ("%u found elsewhere in the article",
                                                   "%u found elsewhere in the article",
                                                   summary->n_moved), summary->n_moved);
          if (summary->n_changed > 0)
            {
              if (how->len > 0)
                g_string_append (how, _(", "));
              g_string_append_printf (how, ngettext ("%u on reworded text", "%u on reworded text",
                                                     summary->n_changed), summary->n_changed);
            }
          /* TRANSLATORS: "2 of 3 claims followed their words to the new text (1 on reworded text)." */
          detail = g_strdup_printf (_("%s (%s)."), s, how->str);
          append_sentence (text, detail);
        }
      else
        {
          g_autofree char *full = g_strconcat (s, ".", NULL);
          append_sentence (text, full);
        }
      if (summary->n_reopened > 0)
        {
          g_autofree char *r = NULL;

          r = g_strdup_printf (ngettext ("%u approved claim went back to Needs review: its quote changed.",
                                         "%u approved claims went back to Needs review: their quotes changed.",
                                         summary->n_reopened),
                               summary->n_reopened);
          append_sentence (text, r);
        }
    }

  /* What is left to do now */
  if (n_flagged > 0)
    {
      g_autofree char *s = NULL;

      s = g_strdup_printf (ngettext ("%u claim sits on changed text: confirm it or place it again.",
                                     "%u claims sit on changed text: confirm them or place them again.",
                                     n_flagged),
                           n_flagged);
      append_sentence (text, s);
    }
  if (n_orphans > 0)
    {
      g_autofree char *s = NULL;

      s = g_strdup_printf (ngettext ("%u claim could not be placed.",
                                     "%u claims could not be placed.", n_orphans),
                           n_orphans);
      append_sentence (text, s);
    }
  if (n_flagged == 0 && n_orphans == 0)
    append_sentence (text, _("Every claim is placed."));
  return g_string_free (text, FALSE);
}

/* Unplaced claims */

static void
place_selected (FmRevisionBar *self,
                GtkButton     *button)
{
  /* The window's action places it: selecting it first shows it in the editor */
  FmClaim *claim = g_object_get_data (G_OBJECT (button), "fm-claim");

  fm_revision_bar_set_selected_claim (self, claim);
}

static GtkWidget *
create_unplaced_row (FmRevisionBar *self,
                     FmClaim       *claim,
                     guint          number)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *number_label;
  GtkWidget *button;
  g_autofree char *text = g_strdup_printf ("%u", number);
  g_autofree char *quote = g_strdup_printf (_("“%s”"), fm_claim_get_quote (claim));
  const char *summary = fm_claim_get_summary (claim);
  g_autofree char *subtitle = NULL;

  if (summary != NULL && *summary != '\0')
    /* TRANSLATORS: under an unplaced claim's old quote: its summary, verdict and status */
    subtitle = g_strdup_printf (_("%s · %s · %s"), summary,
                                fm_verdict_label (fm_claim_get_verdict (claim)),
                                fm_status_label (fm_claim_get_status (claim)));
  else
    subtitle = g_strdup_printf (_("%s · %s"), fm_verdict_label (fm_claim_get_verdict (claim)),
                                fm_status_label (fm_claim_get_status (claim)));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), quote);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
  gtk_widget_add_css_class (row, "unplaced-row");
  gtk_widget_set_tooltip_text (row, fm_claim_get_quote (claim));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  number_label = gtk_label_new (text);
  gtk_widget_set_valign (number_label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (number_label, "claim-number");
  fm_widget_set_verdict_class (number_label, fm_claim_get_verdict (claim));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), number_label);

  button = gtk_button_new_with_mnemonic (_("_Place on Selection"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Put this claim on the words selected in the article"));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", fm_claim_get_id (claim));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.place-claim");
  g_object_set_data_full (G_OBJECT (button), "fm-claim", g_object_ref (claim), g_object_unref);
  g_signal_connect_object (button, "clicked", G_CALLBACK (place_selected), self, G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  g_object_set_data_full (G_OBJECT (row), "fm-claim", g_object_ref (claim), g_object_unref);
  return row;
}

static void
select_unplaced_row (FmRevisionBar *self)
{
  GtkListBoxRow *row = NULL;

  for (guint i = 0; self->selected_claim != NULL && i < self->unplaced->len; i++)
    if (g_ptr_array_index (self->unplaced, i) == self->selected_claim)
      row = gtk_list_box_get_row_at_index (self->unplaced_list, i);
  self->syncing = TRUE;
  gtk_list_box_select_row (self->unplaced_list, row);
  self->syncing = FALSE;
}

static void
rebuild_unplaced (FmRevisionBar *self)
{
  guint n = self->claims ? g_list_model_get_n_items (G_LIST_MODEL (self->claims)) : 0;
  g_autofree char *title = NULL;

  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self->unplaced_list))) != NULL;)
    gtk_list_box_remove (self->unplaced_list, child);
  g_ptr_array_set_size (self->unplaced, 0);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FmClaim) claim = g_list_model_get_item (G_LIST_MODEL (self->claims), i);

      if (fm_claim_get_anchor_state (claim) != FM_ANCHOR_STATE_ORPHAN)
        continue;
      gtk_list_box_append (self->unplaced_list, create_unplaced_row (self, claim, i + 1));
      g_ptr_array_add (self->unplaced, g_object_ref (claim));
    }
  title = g_strdup_printf (ngettext ("%u Unplaced Claim", "%u Unplaced Claims", self->unplaced->len),
                           self->unplaced->len);
  gtk_label_set_text (self->unplaced_title, title);
  gtk_revealer_set_reveal_child (self->unplaced_revealer, self->unplaced->len > 0);
  select_unplaced_row (self);
}

static void
on_unplaced_activated (FmRevisionBar *self,
                       GtkListBoxRow *row)
{
  fm_revision_bar_set_selected_claim (self, g_object_get_data (G_OBJECT (row), "fm-claim"));
}

/* Banner */

static gboolean
update (gpointer user_data)
{
  FmRevisionBar *self = user_data;
  g_autofree char *revised_at = NULL;
  g_autofree char *key = NULL;
  g_autofree char *detail = NULL;
  const FmRevisionSummary *summary;
  guint n_claims, n_flagged, n_orphans;
  gboolean show;

  self->update_source = 0;
  rebuild_unplaced (self);
  if (self->claims == NULL)
    {
      gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
      return G_SOURCE_REMOVE;
    }

  self->revision = fm_store_get_article_revision (self->store, article_id (self), &revised_at, NULL);
  count_states (self, &n_claims, &n_flagged, &n_orphans);
  summary = g_hash_table_lookup (self->summaries, article_id (self));
  key = closed_key (self);
  show = self->revision > 1 && n_claims > 0 && !g_hash_table_contains (self->closed, key) &&
         ((summary != NULL && summary->revision == self->revision) || n_flagged + n_orphans > 0);
  if (show)
    {
      detail = describe (self, revised_at, summary, n_flagged, n_orphans);
      gtk_label_set_text (self->banner_detail, detail);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->review_button), n_flagged + n_orphans > 0);
  gtk_revealer_set_reveal_child (self->banner_revealer, show);
  return G_SOURCE_REMOVE;
}

/* Changes come in bursts (a revision changes every claim): one update after them */
static void
queue_update (FmRevisionBar *self)
{
  if (self->update_source == 0)
    self->update_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, update, self, NULL);
}

static void
on_claim_changed (FmRevisionBar *self,
                  FmClaim       *claim,
                  const char    *field)
{
  if (g_strcmp0 (fm_claim_get_article_id (claim), article_id (self)) == 0 &&
      (g_strcmp0 (field, "anchor") == 0 || g_strcmp0 (field, "verdict") == 0 ||
       g_strcmp0 (field, "status") == 0 || g_strcmp0 (field, "summary") == 0 ||
       g_strcmp0 (field, "sync") == 0))
    queue_update (self);
}

static void
on_article_revised (FmRevisionBar *self,
                    FmArticle     *article)
{
  if (g_strcmp0 (fm_article_get_id (article), article_id (self)) == 0)
    queue_update (self);
}

static void
on_close (FmRevisionBar *self)
{
  fm_revision_bar_close_banner (self);
}

void
fm_revision_bar_close_banner (FmRevisionBar *self)
{
  g_return_if_fail (FM_IS_REVISION_BAR (self));

  if (self->claims == NULL)
    return;
  g_hash_table_add (self->closed, closed_key (self));
  gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
}

gboolean
fm_revision_bar_review_next (FmRevisionBar *self)
{
  guint n;
  int from = -1;

  g_return_val_if_fail (FM_IS_REVISION_BAR (self), FALSE);

  n = self->claims ? g_list_model_get_n_items (G_LIST_MODEL (self->claims)) : 0;
  if (self->selected_claim != NULL)
    from = fm_claim_list_find (self->claims, fm_claim_get_id (self->selected_claim));
  /* The next one after the selected claim, round to the first */
  for (guint k = 1; k <= n; k++)
    {
      guint i = (guint)(from + (int)k + (int)n) % n;
      g_autoptr(FmClaim) claim = g_list_model_get_item (G_LIST_MODEL (self->claims), i);

      if (fm_claim_get_anchor_state (claim) != FM_ANCHOR_STATE_PLACED)
        {
          fm_revision_bar_set_selected_claim (self, claim);
          return TRUE;
        }
    }
  return FALSE;
}

static void
on_review (FmRevisionBar *self)
{
  fm_revision_bar_review_next (self);
}

/* Public API */

void
fm_revision_bar_set_claims (FmRevisionBar *self,
                            FmClaimList   *claims)
{
  g_return_if_fail (FM_IS_REVISION_BAR (self));
  g_return_if_fail (claims == NULL || FM_IS_CLAIM_LIST (claims));

  if (self->claims != NULL)
    g_signal_handlers_disconnect_by_func (self->claims, queue_update, self);
  g_set_object (&self->claims, claims);
  if (claims != NULL)
    g_set_object (&self->store, fm_claim_list_get_store (claims));
  else
    g_clear_object (&self->store);
  g_signal_group_set_target (self->store_signals, self->store);
  if (claims != NULL)
    g_signal_connect_object (claims, "items-changed", G_CALLBACK (queue_update), self,
                             G_CONNECT_SWAPPED);
  /* At once: a new article shows its own state, not the last one's */
  g_clear_handle_id (&self->update_source, g_source_remove);
  update (self);
}

void
fm_revision_bar_add_summary (FmRevisionBar           *self,
                             const char              *id,
                             const FmRevisionSummary *summary)
{
  g_return_if_fail (FM_IS_REVISION_BAR (self));
  g_return_if_fail (id != NULL && summary != NULL);

  g_hash_table_insert (self->summaries, g_strdup (id), g_memdup2 (summary, sizeof *summary));
  queue_update (self);
}

FmClaim *
fm_revision_bar_get_selected_claim (FmRevisionBar *self)
{
  g_return_val_if_fail (FM_IS_REVISION_BAR (self), NULL);
  return self->selected_claim;
}

void
fm_revision_bar_set_selected_claim (FmRevisionBar *self,
                                    FmClaim       *claim)
{
  g_return_if_fail (FM_IS_REVISION_BAR (self));
  g_return_if_fail (claim == NULL || FM_IS_CLAIM (claim));

  if (self->selected_claim == claim)
    return;
  g_set_object (&self->selected_claim, claim);
  select_unplaced_row (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_CLAIM]);
}

gboolean
fm_revision_bar_get_banner_shown (FmRevisionBar *self)
{
  g_return_val_if_fail (FM_IS_REVISION_BAR (self), FALSE);
  return gtk_revealer_get_reveal_child (self->banner_revealer);
}

const char *
fm_revision_bar_get_banner_detail (FmRevisionBar *self)
{
  g_return_val_if_fail (FM_IS_REVISION_BAR (self), NULL);
  return gtk_label_get_text (self->banner_detail);
}

guint
fm_revision_bar_get_n_unplaced (FmRevisionBar *self)
{
  g_return_val_if_fail (FM_IS_REVISION_BAR (self), 0);
  return self->unplaced->len;
}

GtkWidget *
fm_revision_bar_get_banner (FmRevisionBar *self)
{
  g_return_val_if_fail (FM_IS_REVISION_BAR (self), NULL);
  return self->banner;
}

/* GObject */

static void
fm_revision_bar_dispose (GObject *object)
{
  FmRevisionBar *self = (FmRevisionBar *)object;

  g_clear_handle_id (&self->update_source, g_source_remove);
  if (self->claims != NULL)
    g_signal_handlers_disconnect_by_func (self->claims, queue_update, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), FM_TYPE_REVISION_BAR);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->store_signals);
  g_clear_object (&self->claims);
  g_clear_object (&self->store);
  g_clear_object (&self->selected_claim);
  g_clear_pointer (&self->summaries, g_hash_table_unref);
  g_clear_pointer (&self->closed, g_hash_table_unref);
  g_clear_pointer (&self->unplaced, g_ptr_array_unref);

  G_OBJECT_CLASS (fm_revision_bar_parent_class)->dispose (object);
}

static void
fm_revision_bar_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FmRevisionBar *self = FM_REVISION_BAR (object);

  switch (prop_id)
    {
    case PROP_SELECTED_CLAIM:
      g_value_set_object (value, self->selected_claim);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fm_revision_bar_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FmRevisionBar *self = FM_REVISION_BAR (object);

  switch (prop_id)
    {
    case PROP_SELECTED_CLAIM:
      fm_revision_bar_set_selected_claim (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fm_revision_bar_class_init (FmRevisionBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fm_revision_bar_dispose;
  object_class->get_property = fm_revision_bar_get_property;
  object_class->set_property = fm_revision_bar_set_property;

  properties[PROP_SELECTED_CLAIM] =
    g_param_spec_object ("selected-claim", NULL, NULL, FM_TYPE_CLAIM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "revisionbar");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/factmark/Factmark/fm-revision-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, FmRevisionBar, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, FmRevisionBar, banner);
  gtk_widget_class_bind_template_child (widget_class, FmRevisionBar, banner_detail);
  gtk_widget_class_bind_template_child (widget_class, FmRevisionBar, review_button);
  gtk_widget_class_bind_template_child (widget_class, FmRevisionBar, close_button);
  gtk_widget_class_bind_template_child (widget_class, FmRevisionBar, unplaced_revealer);
  gtk_widget_class_bind_template_child (widget_class, FmRevisionBar, unplaced_title);
  gtk_widget_class_bind_template_child (widget_class, FmRevisionBar, unplaced_list);
}

static void
fm_revision_bar_init (FmRevisionBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->summaries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->closed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->unplaced = g_ptr_array_new_with_free_func (g_object_unref);

  self->store_signals = g_signal_group_new (FM_TYPE_STORE);
  g_signal_group_connect_object (self->store_signals, "claim-changed",
                                 G_CALLBACK (on_claim_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->store_signals, "article-revised",
                                 G_CALLBACK (on_article_revised), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->close_button, "clicked", G_CALLBACK (on_close), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->review_button, "clicked", G_CALLBACK (on_review), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->unplaced_list, "row-activated", G_CALLBACK (on_unplaced_activated),
                           self, G_CONNECT_SWAPPED);
}

GtkWidget *
fm_revision_bar_new (void)
{
  return g_object_new (FM_TYPE_REVISION_BAR, NULL);
}
