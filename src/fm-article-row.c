/* fm-article-row.c — one article in the sidebar: title, site, date and progress
 * (approved of all claims, and a badge while claims wait for review)
 *
 * The row asks the store for its article's counts when it is bound and
 * whenever the store says the article's claims changed: only rows on screen
 * exist, so this is a handful of small queries.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fm-article-row.h"
#include "fm-format.h"

struct _FmArticleRow
{
  GtkWidget     parent_instance;

  FmStore      *store;
  FmArticle    *article;
  GSignalGroup *store_signals;
  GBinding     *title_binding;
  char         *progress;

  GtkLabel     *title_label;
  GtkLabel     *meta_label;
  GtkLevelBar  *progress_bar;
  GtkLabel     *progress_label;
  GtkLabel     *waiting_badge;
  guint         n_waiting;
  gboolean      counted;      /* the counts shown are those of the article now */
};

G_DEFINE_FINAL_TYPE (FmArticleRow, fm_article_row, GTK_TYPE_WIDGET)

static char *
waiting_text (guint waiting)
{
  return g_strdup_printf (ngettext ("%u claim waits for review",
                                    "%u claims wait for review", waiting), waiting);
}

static gboolean
on_waiting_query_tooltip (FmArticleRow *self,
                          int           x,
                          int           y,
                          gboolean      keyboard,
                          GtkTooltip   *tooltip)
{
  g_autofree char *tip = NULL;

  if (self->n_waiting == 0)
    return FALSE;
  tip = waiting_text (self->n_waiting);
  gtk_tooltip_set_text (tooltip, tip);
  return TRUE;
}

static void
update_progress (FmArticleRow *self)
{
  guint counts[FM_N_STATUSES] = { 0 };
  guint total = 0, approved, waiting;

  if (self->article == NULL)
    return;
  if (self->store != NULL)
    fm_store_count_claims (self->store, fm_article_get_id (self->article), counts, NULL);
  for (guint i = 0; i < FM_N_STATUSES; i++)
    total += counts[i];
  approved = counts[FM_STATUS_APPROVED];
  waiting = counts[FM_STATUS_NEEDS_REVIEW];
  self->n_waiting = waiting;

  g_free (self->progress);
  if (total == 0)
    self->progress = g_strdup (_("No claims yet"));
  else
    /* TRANSLATORS: "3 / 7 approved": approved claims of all the article's claims */
    self->progress = g_strdup_printf (_("%u / %u approved"), approved, total);
  self->counted = TRUE;
  gtk_label_set_text (self->progress_label, self->progress);
  gtk_level_bar_set_value (self->progress_bar, total ? (double)approved / total : 0);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), total > 0);

  /* What waits for an editor (the tooltip is asked for when shown:
   * setting one asks the X server where the pointer is) */
  {
    g_autofree char *count = g_strdup_printf ("%u", waiting);
    g_autofree char *tip = waiting_text (waiting);

    gtk_label_set_text (self->waiting_badge, count);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->waiting_badge),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tip, -1);
    gtk_widget_set_visible (GTK_WIDGET (self->waiting_badge), waiting > 0);
  }
  if (total > 0 && approved == total)
    gtk_widget_add_css_class (GTK_WIDGET (self->progress_label), "success");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->progress_label), "success");
  gtk_widget_set_sensitive (GTK_WIDGET (self->progress_label), TRUE);
  if (total == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->progress_label), "dim-label");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->progress_label), "dim-label");
}

static void
on_article_changed (FmArticleRow *self,
                    const char   *article_id)
{
  if (self->article != NULL && g_strcmp0 (article_id, fm_article_get_id (self->article)) == 0)
    update_progress (self);
}

static void
update_meta (FmArticleRow *self)
{
  const char *site = fm_article_get_site_name (self->article);
  g_autofree char *date = fm_format_date (fm_article_get_published (self->article));
  g_autofree char *imported = NULL;
  g_autofree char *meta = NULL;

  if (date == NULL)
    {
      imported = fm_format_date (fm_article_get_imported_at (self->article));
      /* TRANSLATORS: when an article without a publication date was opened */
      date = imported ? g_strdup_printf (_("Opened %s"), imported) : NULL;
    }
  if (site == NULL || *site == '\0')
    site = fm_article_get_source_name (self->article);
  if (site != NULL && *site != '\0' && date != NULL)
    meta = g_strdup_printf ("%s · %s", site, date);
  else
    meta = g_strdup (site && *site ? site : date ? date : "");
  gtk_label_set_text (self->meta_label, meta);
}

void
fm_article_row_set_article (FmArticleRow *self,
                            FmStore      *store,
                            FmArticle    *article)
{
  gboolean same;

  g_return_if_fail (FM_IS_ARTICLE_ROW (self));

  g_clear_pointer (&self->title_binding, g_binding_unbind);
  /* Unbound, the row keeps its article and follows its counts: the list
   * unbinds and binds again a row whose selection changed (two rows each
   * time an article is opened), and need not count its claims again */
  if (article == NULL)
    return;
  same = self->counted && article == self->article && store == self->store;
  g_set_object (&self->store, store);
  g_set_object (&self->article, article);
  g_signal_group_set_target (self->store_signals, store);
  self->title_binding = g_object_bind_property (article, "title", self->title_label, "label",
                                                G_BINDING_SYNC_CREATE);
  update_meta (self);
  if (!same)
    update_progress (self);
}

const char *
fm_article_row_get_progress_text (FmArticleRow *self)
{
  g_return_val_if_fail (FM_IS_ARTICLE_ROW (self), NULL);
  return self->progress;
}

guint
fm_article_row_get_n_waiting (FmArticleRow *self)
{
  g_return_val_if_fail (FM_IS_ARTICLE_ROW (self), 0);
  return self->n_waiting;
}

static void
fm_article_row_dispose (GObject *object)
{
  FmArticleRow *self = (FmArticleRow *)object;

  g_clear_pointer (&self->title_binding, g_binding_unbind);
  gtk_widget_dispose_template (GTK_WIDGET (self), FM_TYPE_ARTICLE_ROW);
  /* The template's root is not a bound child */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->store_signals);
  g_clear_object (&self->store);
  g_clear_object (&self->article);
  g_clear_pointer (&self->progress, g_free);

  G_OBJECT_CLASS (fm_article_row_parent_class)->dispose (object);
}

static void
fm_article_row_class_init (FmArticleRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fm_article_row_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "articlerow");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/factmark/Factmark/fm-article-row.ui");
  gtk_widget_class_bind_template_child (widget_class, FmArticleRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, FmArticleRow, meta_label);
  gtk_widget_class_bind_template_child (widget_class, FmArticleRow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, FmArticleRow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, FmArticleRow, waiting_badge);
}

static void
fm_article_row_init (FmArticleRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->store_signals = g_signal_group_new (FM_TYPE_STORE);
  g_signal_group_connect_object (self->store_signals, "article-changed",
                                 G_CALLBACK (on_article_changed), self, G_CONNECT_SWAPPED);
  /* The level bar is the whole progress; no "low/high" colours */
  gtk_level_bar_remove_offset_value (self->progress_bar, GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (self->progress_bar, GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (self->progress_bar, GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->waiting_badge), TRUE);
  g_signal_connect_object (self->waiting_badge, "query-tooltip",
                           G_CALLBACK (on_waiting_query_tooltip), self, G_CONNECT_SWAPPED);
}

GtkWidget *
fm_article_row_new (void)
{
  return g_object_new (FM_TYPE_ARTICLE_ROW, NULL);
}
