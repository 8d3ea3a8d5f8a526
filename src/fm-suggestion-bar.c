/* fm-suggestion-bar.c — above the article: the current suggestion and what to do with it
 *
 * Tooltips only reach a mouse: this bar says the same for the keyboard (the
 * suggestion F8 went to, its score and its reasons) and holds the buttons
 * that accept or dismiss it. It only shows while suggestions are on.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "fm-suggestion-bar.h"

struct _FmSuggestionBar
{
  GtkWidget      parent_instance;

  FmSuggestions *suggestions;

  GtkRevealer   *revealer;
  GtkSpinner    *spinner;
  GtkLabel      *title_label;
  GtkLabel      *detail_label;
};

G_DEFINE_FINAL_TYPE (FmSuggestionBar, fm_suggestion_bar, GTK_TYPE_WIDGET)

static void
update (FmSuggestionBar *self)
{
  FmSuggestions *suggestions = self->suggestions;
  gboolean active = suggestions != NULL && fm_suggestions_get_active (suggestions);
  gboolean running = active && fm_suggestions_get_running (suggestions);
  g_autofree char *title = NULL;
  g_autofree char *detail = NULL;
  guint n, n_anonymous;
  int current;

  gtk_revealer_set_reveal_child (self->revealer, active && fm_suggestions_get_article (suggestions));
  gtk_spinner_set_spinning (self->spinner, running);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), running);
  if (!active)
    return;

  n = fm_suggestions_get_n_items (suggestions);
  n_anonymous = fm_suggestions_get_n_anonymous (suggestions);
  current = fm_suggestions_get_current (suggestions);

  if (fm_suggestions_get_error (suggestions) != NULL)
    {
      title = g_strdup (_("Suggestions Could Not Be Made"));
      detail = g_strdup (fm_suggestions_get_error (suggestions));
    }
  else if (running && n == 0)
    {
      title = g_strdup (_("Looking for sentences worth checking…"));
      detail = g_strdup ("");
    }
  else if (n == 0)
    {
      title = g_strdup (_("No Suggestions"));
      detail = g_strdup (_("Every sentence worth checking is already a claim or was dismissed"));
    }
  else if (current >= 0)
    {
      const FmSuggestion *s = fm_suggestions_get_item (suggestions, current);
      g_autofree char *reasons = fm_suggestion_describe (s);

      int score = (int)round (s->score * 100);

      /* TRANSLATORS: "Suggestion 3 of 12" */
      title = g_strdup_printf (_("Suggestion %d of %u"), current + 1, n);
      /* TRANSLATORS: a suggestion's score out of 100, then why it is
       * suggested (an unnamed source is among the reasons) */
      detail = g_strdup_printf (_("Score %d of 100 · %s"), score, reasons);
    }
  else
    {
      title = g_strdup_printf (ngettext ("%u Suggested Claim", "%u Suggested Claims", n), n);
      if (n_anonymous > 0)
        detail = g_strdup_printf (ngettext ("%u of them quotes unnamed or vague sources. F8 goes to the next suggestion; A accepts it, D dismisses it.",
                                            "%u of them quote unnamed or vague sources. F8 goes to the next suggestion; A accepts it, D dismisses it.",
                                            n_anonymous), n_anonymous);
      else
        detail = g_strdup (_("F8 goes to the next suggestion; A accepts it, D dismisses it."));
    }
  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->detail_label, detail);
  gtk_widget_set_visible (GTK_WIDGET (self->detail_label), *detail != '\0');
}

void
fm_suggestion_bar_set_suggestions (FmSuggestionBar *self,
                                   FmSuggestions   *suggestions)
{
  g_return_if_fail (FM_IS_SUGGESTION_BAR (self));
  g_return_if_fail (suggestions == NULL || FM_IS_SUGGESTIONS (suggestions));

  if (self->suggestions != NULL)
    g_signal_handlers_disconnect_by_func (self->suggestions, update, self);
  g_set_object (&self->suggestions, suggestions);
  if (suggestions != NULL)
    {
      g_signal_connect_object (suggestions, "changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (suggestions, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
    }
  update (self);
}

const char *
fm_suggestion_bar_get_title (FmSuggestionBar *self)
{
  g_return_val_if_fail (FM_IS_SUGGESTION_BAR (self), NULL);
  return gtk_label_get_text (self->title_label);
}

const char *
fm_suggestion_bar_get_detail (FmSuggestionBar *self)
{
  g_return_val_if_fail (FM_IS_SUGGESTION_BAR (self), NULL);
  return gtk_label_get_text (self->detail_label);
}

static void
fm_suggestion_bar_dispose (GObject *object)
{
  FmSuggestionBar *self = (FmSuggestionBar *)object;

  if (self->suggestions != NULL)
    g_signal_handlers_disconnect_by_func (self->suggestions, update, self);
  g_clear_object (&self->suggestions);
  gtk_widget_dispose_template (GTK_WIDGET (self), FM_TYPE_SUGGESTION_BAR);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (fm_suggestion_bar_parent_class)->dispose (object);
}

static void
fm_suggestion_bar_class_init (FmSuggestionBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fm_suggestion_bar_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "suggestionbar");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/factmark/Factmark/fm-suggestion-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, FmSuggestionBar, revealer);
  gtk_widget_class_bind_template_child (widget_class, FmSuggestionBar, spinner);
  gtk_widget_class_bind_template_child (widget_class, FmSuggestionBar, title_label);
  gtk_widget_class_bind_template_child (widget_class, FmSuggestionBar, detail_label);
}

static void
fm_suggestion_bar_init (FmSuggestionBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fm_suggestion_bar_new (void)
{
  return g_object_new (FM_TYPE_SUGGESTION_BAR, NULL);
}
