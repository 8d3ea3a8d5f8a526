/* fm-claim-row.c — one claim in the claim list: number, text, verdict and status */
#include "config.h"

#include <glib/gi18n.h>

#include "fm-claim-row.h"

struct _FmClaimRow
{
  GtkWidget     parent_instance;

  FmClaim      *claim;
  guint         number;
  GSignalGroup *claim_signals;
  int           text_width;     /* the text's width at the last allocation */
  int           char_width;     /* an average character's, for that width */
  guint         lines_tick;

  GtkLabel     *number_label;
  GtkInscription *text_label;
  GtkWidget    *verdict_badge;
  GtkImage     *verdict_icon;
  GtkLabel     *verdict_label;
  GtkLabel     *status_label;
  GtkLabel     *anchor_label;
  GtkWidget    *sources_box;
  GtkLabel     *sources_label;
};

G_DEFINE_FINAL_TYPE (FmClaimRow, fm_claim_row, GTK_TYPE_WIDGET)

#define SHORT_TEXT_CHARS 36

/* The text's lines: one when it fits the width it has, two when not. The
 * inscription's size does not depend on its text (so that the list lays out
 * its ~200 rows without laying out their text); the row chooses the lines
 * from the text's length, and lays the text out only when that length is
 * close to the width. Before its first allocation a row does not know the
 * width and goes by the length alone (about 40 characters fit). */
static void
choose_lines (FmClaimRow *self)
{
  const char *text;
  glong n;
  guint lines;

  if (self->claim == NULL)
    return;
  text = fm_claim_get_display_text (self->claim);
  n = g_utf8_strlen (text, -1);
  if (self->text_width <= 0)
    lines = n > SHORT_TEXT_CHARS ? 2 : 1;
  else
    {
      int estimate;

      if (self->char_width <= 0)
        {
          PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self->text_label));
          PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);

          self->char_width = MAX (1, pango_font_metrics_get_approximate_char_width (metrics) /
                                     PANGO_SCALE);
          pango_font_metrics_unref (metrics);
        }
      estimate = n * self->char_width;
      if (estimate < self->text_width * 2 / 3)
        lines = 1;
      else if (estimate > self->text_width * 3 / 2)
        lines = 2;
      else
        {
          g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self->text_label),
                                                                          text);
          int width;

          pango_layout_get_pixel_size (layout, &width, NULL);
          lines = width <= self->text_width ? 1 : 2;
        }
    }
  if (gtk_inscription_get_min_lines (self->text_label) != lines)
    gtk_inscription_set_min_lines (self->text_label, lines);
  if (gtk_inscription_get_nat_lines (self->text_label) != lines)
    gtk_inscription_set_nat_lines (self->text_label, lines);
}

/* After an allocation that gave the text another width: its lines again,
 * before the next frame is laid out */
static gboolean
lines_tick (GtkWidget     *widget,
            GdkFrameClock *clock,
            gpointer       data)
{
  FmClaimRow *self = FM_CLAIM_ROW (widget);

  self->lines_tick = 0;
  choose_lines (self);
  return G_SOURCE_REMOVE;
}

static GtkSizeRequestMode
row_request_mode (GtkWidget *widget)
{
  return gtk_widget_get_request_mode (gtk_widget_get_first_child (widget));
}

static void
measure_row (GtkWidget      *widget,
             GtkOrientation  orientation,
             int             for_size,
             int            *minimum,
             int            *natural,
             int            *minimum_baseline,
             int            *natural_baseline)
{
  gtk_widget_measure (gtk_widget_get_first_child (widget), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static void
allocate_row (GtkWidget *widget,
              int        width,
              int        height,
              int        baseline)
{
  FmClaimRow *self = FM_CLAIM_ROW (widget);
  int text_width;

  gtk_widget_allocate (gtk_widget_get_first_child (widget), width, height, baseline, NULL);
  text_width = gtk_widget_get_width (GTK_WIDGET (self->text_label));
  if (text_width != self->text_width)
    {
      self->text_width = text_width;
      self->char_width = 0;
      if (self->lines_tick == 0)
        self->lines_tick = gtk_widget_add_tick_callback (widget, lines_tick, NULL, NULL);
    }
}

static void
set_prefixed_class (GtkWidget  *widget,
                    const char *prefix,
                    const char *id)
{
  g_auto(GStrv) classes = gtk_widget_get_css_classes (widget);
  g_autofree char *name = g_strconcat (prefix, id, NULL);

  /* Added alone, so nothing else to take off (a row rebound to a claim of
   * the same verdict changes nothing) */
  if (gtk_widget_has_css_class (widget, name))
    return;
  for (guint i = 0; classes[i] != NULL; i++)
    /* "verdict-badge" and "status-badge" share the prefix and stay */
    if (g_str_has_prefix (classes[i], prefix) && !g_str_equal (classes[i], name) &&
        !g_str_has_suffix (classes[i], "-badge"))
      gtk_widget_remove_css_class (widget, classes[i]);
  gtk_widget_add_css_class (widget, name);
}

void
fm_widget_set_verdict_class (GtkWidget *widget,
                             FmVerdict  verdict)
{
  set_prefixed_class (widget, "verdict-", fm_verdict_to_id (verdict));
}

void
fm_widget_set_status_class (GtkWidget *widget,
                            FmStatus   status)
{
  set_prefixed_class (widget, "status-", fm_status_to_id (status));
}

/* The number, and the row as a screen reader announces it */
static void
update_number (FmClaimRow *self)
{
  FmVerdict verdict = fm_claim_get_verdict (self->claim);
  g_autofree char *number = g_strdup_printf ("%u", self->number);
  g_autofree char *description = NULL;

  gtk_label_set_text (self->number_label, number);
  /* TRANSLATORS: how a screen reader announces a claim row */
  description = g_strdup_printf (_("Claim %u: %s. Verdict %s, %s"), self->number,
                                 fm_claim_get_display_text (self->claim),
                                 fm_verdict_label (verdict),
                                 fm_status_label (fm_claim_get_status (self->claim)));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  description, -1);
}

static void
update (FmClaimRow *self)
{
  FmVerdict verdict;
  FmStatus status;
  guint n_sources;
  g_autofree char *sources = NULL;
  g_autofree char *tip = NULL;

  if (self->claim == NULL)
    return;
  verdict = fm_claim_get_verdict (self->claim);
  status = fm_claim_get_status (self->claim);
  n_sources = fm_claim_get_n_sources (self->claim);

  fm_widget_set_verdict_class (GTK_WIDGET (self->number_label), verdict);
  gtk_inscription_set_text (self->text_label, fm_claim_get_display_text (self->claim));
  choose_lines (self);
  /* The quote, as it is in the article, reads as one */
  if (fm_claim_get_summary (self->claim) == NULL || *fm_claim_get_summary (self->claim) == '\0')
    gtk_widget_add_css_class (GTK_WIDGET (self->text_label), "claim-quote-text");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->text_label), "claim-quote-text");

  gtk_image_set_from_icon_name (self->verdict_icon, fm_verdict_icon_name (verdict));
  gtk_label_set_text (self->verdict_label, fm_verdict_label (verdict));
  fm_widget_set_verdict_class (self->verdict_badge, verdict);
  gtk_label_set_text (self->status_label, fm_status_label (status));
  fm_widget_set_status_class (GTK_WIDGET (self->status_label), status);

  /* After the article changed: waiting for a person to confirm or place it */
  switch (fm_claim_get_anchor_state (self->claim))
    {
    case FM_ANCHOR_STATE_FLAGGED:
      gtk_label_set_text (self->anchor_label, _("To confirm"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->anchor_label), "orphan");
      gtk_widget_set_visible (GTK_WIDGET (self->anchor_label), TRUE);
      break;
    case FM_ANCHOR_STATE_ORPHAN:
      gtk_label_set_text (self->anchor_label, _("Unplaced"));
      gtk_widget_add_css_class (GTK_WIDGET (self->anchor_label), "orphan");
      gtk_widget_set_visible (GTK_WIDGET (self->anchor_label), TRUE);
      break;
    case FM_ANCHOR_STATE_PLACED:
    default:
      gtk_widget_set_visible (GTK_WIDGET (self->anchor_label), FALSE);
      break;
    }

  sources = g_strdup_printf ("%u", n_sources);
  gtk_label_set_text (self->sources_label, sources);
  gtk_widget_set_visible (self->sources_box, n_sources > 0);
  /* What the tooltip says (on_sources_query_tooltip()), for a screen reader */
  tip = g_strdup_printf (ngettext ("%u source", "%u sources", n_sources), n_sources);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sources_box),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tip, -1);
  update_number (self);
}

/* The tooltip of the number of sources, asked for when it is shown: a
 * tooltip set on each row costs a round trip to the X server (where the
 * pointer is), for each of the hundred rows the list makes */
static gboolean
on_sources_query_tooltip (FmClaimRow *self,
                          int         x,
                          int         y,
                          gboolean    keyboard,
                          GtkTooltip *tooltip)
{
  guint n_sources;
  g_autofree char *tip = NULL;

  if (self->claim == NULL)
    return FALSE;
  n_sources = fm_claim_get_n_sources (self->claim);
  tip = g_strdup_printf (ngettext ("%u source", "%u sources", n_sources), n_sources);
  gtk_tooltip_set_text (tooltip, tip);
  return TRUE;
}

void
fm_claim_row_set_claim (FmClaimRow *self,
                        FmClaim    *claim,
                        guint       number)
{
  g_return_if_fail (FM_IS_CLAIM_ROW (self));

  /* The same claim at another place in the list (the list rebinds every
   * row after a claim that came or went): only its number changed */
  if (claim != NULL && claim == self->claim)
    {
      if (number != self->number)
        {
          self->number = number;
          update_number (self);
        }
      return;
    }
  self->number = number;
  g_set_object (&self->claim, claim);
  g_signal_group_set_target (self->claim_signals, claim);
  update (self);
}

FmClaim *
fm_claim_row_get_claim (FmClaimRow *self)
{
  g_return_val_if_fail (FM_IS_CLAIM_ROW (self), NULL);
  return self->claim;
}

static void
fm_claim_row_dispose (GObject *object)
{
  FmClaimRow *self = (FmClaimRow *)object;

  if (self->lines_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->lines_tick);
  self->lines_tick = 0;
  gtk_widget_dispose_template (GTK_WIDGET (self), FM_TYPE_CLAIM_ROW);
  /* The template's root is not a bound child */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->claim_signals);
  g_clear_object (&self->claim);

  G_OBJECT_CLASS (fm_claim_row_parent_class)->dispose (object);
}

static void
fm_claim_row_class_init (FmClaimRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fm_claim_row_dispose;

  gtk_widget_class_set_css_name (widget_class, "claimrow");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/factmark/Factmark/fm-claim-row.ui");
  gtk_widget_class_bind_template_child (widget_class, FmClaimRow, number_label);
  gtk_widget_class_bind_template_child (widget_class, FmClaimRow, text_label);
  gtk_widget_class_bind_template_child (widget_class, FmClaimRow, verdict_badge);
  gtk_widget_class_bind_template_child (widget_class, FmClaimRow, verdict_icon);
  gtk_widget_class_bind_template_child (widget_class, FmClaimRow, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, FmClaimRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, FmClaimRow, anchor_label);
  gtk_widget_class_bind_template_child (widget_class, FmClaimRow, sources_box);
  gtk_widget_class_bind_template_child (widget_class, FmClaimRow, sources_label);
}

static void
fm_claim_row_init (FmClaimRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_layout_manager (GTK_WIDGET (self),
                                 gtk_custom_layout_new (row_request_mode, measure_row, allocate_row));
  self->claim_signals = g_signal_group_new (FM_TYPE_CLAIM);
  g_signal_group_connect_object (self->claim_signals, "notify", G_CALLBACK (update), self,
                                 G_CONNECT_SWAPPED);
  gtk_widget_set_has_tooltip (self->sources_box, TRUE);
  g_signal_connect_object (self->sources_box, "query-tooltip",
                           G_CALLBACK (on_sources_query_tooltip), self, G_CONNECT_SWAPPED);
}

GtkWidget *
fm_claim_row_new (void)
{
  return g_object_new (FM_TYPE_CLAIM_ROW, NULL);
}
