/* fm-article-text.c — the article's text, with numbered claim markers in the margin
 *
 * Each claim gets a round marker with its number and verdict colour in the
 * left margin, on the line where it starts: with the underline style of the
 * highlight it is the cue that does not depend on colour alone.
 */
#include "config.h"

#include <adwaita.h>

#include "fm-article-text.h"
#include "fm-claim.h"

struct _FmArticleText
{
  GtkTextView  parent_instance;

  GListModel  *claims;
  int          last_width;
  guint        resize_source;

  /* The scrolled column around the text, and the part of the text (in its
   * own coordinates) whose markers the last snapshot drew */
  GtkAdjustment *vadjustment;
  double         drawn_top;
  double         drawn_bottom;
};

G_DEFINE_FINAL_TYPE (FmArticleText, fm_article_text, GTK_TYPE_TEXT_VIEW)

#define MARKER_SIZE 20
#define MARKER_GAP 3

static void
append_marker (FmArticleText *self,
               GtkSnapshot   *snapshot,
               float          x,
               float          y,
               guint          number,
               FmVerdict      verdict,
               gboolean       flagged,
               gboolean       dark)
{
  g_autoptr(PangoLayout) layout = NULL;
  g_autofree char *text = g_strdup_printf ("%u", number);
  GskRoundedRect outline;
  GdkRGBA fill, ink;
  int width, height;

  gdk_rgba_parse (&fill, fm_verdict_color (verdict, dark));
  /* Light mode colours are dark and the other way round */
  gdk_rgba_parse (&ink, dark ? "#1e1e1e" : "#ffffff");

  gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (x, y, MARKER_SIZE, MARKER_SIZE),
                                   MARKER_SIZE / 2.f);
  gtk_snapshot_push_rounded_clip (snapshot, &outline);
  gtk_snapshot_append_color (snapshot, &fill, &outline.bounds);
  gtk_snapshot_pop (snapshot);
  /* To be confirmed after the article changed: a ring around it, the
   * colour of the line drawn above its text */
  if (flagged)
    {
      GskRoundedRect ring;
      GdkRGBA warning;
      const float widths[4] = { 2, 2, 2, 2 };
      GdkRGBA colors[4];

      gdk_rgba_parse (&warning, dark ? "#f8e45c" : "#c64600");
      for (guint i = 0; i < 4; i++)
        colors[i] = warning;
      gsk_rounded_rect_init_from_rect (&ring, &GRAPHENE_RECT_INIT (x - 3, y - 3, MARKER_SIZE + 6,
                                                                   MARKER_SIZE + 6),
                                       (MARKER_SIZE + 6) / 2.f);
      gtk_snapshot_append_border (snapshot, &ring, widths, colors);
    }

  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  {
    PangoFontDescription *font = pango_font_description_new ();
    g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
    /* Four digits still fit in the circle */
    pango_font_description_set_absolute_size (font, (number > 999 ? 6.5 : number > 99 ? 8 : 10) *
                                                    PANGO_SCALE);
    pango_layout_set_font_description (layout, font);
    pango_font_description_free (font);
    pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
    pango_layout_set_attributes (layout, attrs);
  }
  pango_layout_get_pixel_size (layout, &width, &height);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x + (MARKER_SIZE - width) / 2.f,
                                                          y + (MARKER_SIZE - height) / 2.f));
  gtk_snapshot_append_layout (snapshot, layout, &ink);
  gtk_snapshot_restore (snapshot);
}

/* A claim placed on changed text and not yet confirmed: a dashed line
 * along the top of its words, line by line, in the colour of the ring
 * around its marker */
static void
append_flag_line (FmArticleText *self,
                  GtkSnapshot   *snapshot,
                  FmClaim       *claim,
                  const GdkRGBA *color)
{
  GtkTextView *text_view = GTK_TEXT_VIEW (self);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (text_view);
  GtkTextIter iter, end;

  gtk_text_buffer_get_iter_at_offset (buffer, &iter, fm_claim_get_start (claim));
  gtk_text_buffer_get_iter_at_offset (buffer, &end, fm_claim_get_end (claim));
  /* Bounded: a claim spans few display lines */
  for (guint guard = 0; guard < 1000 && gtk_text_iter_compare (&iter, &end) < 0; guard++)
    {
      GtkTextIter line_end = iter;
      GdkRectangle first, last;

      if (!gtk_text_view_forward_display_line_end (text_view, &line_end) ||
          gtk_text_iter_compare (&line_end, &end) > 0)
        line_end = end;
      gtk_text_view_get_iter_location (text_view, &iter, &first);
      gtk_text_view_get_iter_location (text_view, &line_end, &last);
      for (int x = first.x; x < last.x; x += 7)
        gtk_snapshot_append_color (snapshot, color,
                                   &GRAPHENE_RECT_INIT (x, first.y, MIN (4, last.x - x), 2));
      iter = line_end;
      if (!gtk_text_view_forward_display_line (text_view, &iter))
        break;
    }
}

/* A paragraph runs right to left when its first strong letter does (how
 * GtkTextView itself decides, paragraph by paragraph) */
static gboolean
paragraph_is_rtl (GtkTextBuffer     *buffer,
                  const GtkTextIter *iter)
{
  GtkTextIter start = *iter, end;
  g_autofree char *text = NULL;

  gtk_text_iter_set_line_offset (&start, 0);
  end = start;
  if (!gtk_text_iter_ends_line (&end))
    gtk_text_iter_forward_to_line_end (&end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  /* Deprecated for the layout's own resolution, which needs a layout per
   * paragraph; this is what GtkTextView 4.8 still calls */
  return pango_find_base_dir (text, -1) == PANGO_DIRECTION_RTL;
  G_GNUC_END_IGNORE_DEPRECATIONS
}

/* The first claim (in text order) that starts at or after @offset */
static guint
first_claim_from (GListModel *claims,
                  guint       offset)
{
  guint low = 0, high = g_list_model_get_n_items (claims);

  while (low < high)
    {
      guint mid = low + (high - low) / 2;
      g_autoptr(FmClaim) claim = g_list_model_get_item (claims, mid);

      if (fm_claim_get_start (claim) < offset)
        low = mid + 1;
      else
        high = mid;
    }
  return low;
}

/* The part of the text in sight, in the text view's coordinates. The text
 * view does not scroll itself (the column around it scrolls, with the
 * article's header), so what is in sight is the scrolled window's part of
 * it. */
static void
get_y_in_sight (FmArticleText *self,
                double        *top,
                double        *bottom)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  double x;

  *top = 0;
  *bottom = gtk_widget_get_height (GTK_WIDGET (self));
  if (scroller != NULL &&
      gtk_widget_translate_coordinates (scroller, GTK_WIDGET (self), 0, 0, &x, top))
    *bottom = *top + gtk_widget_get_height (scroller);
}

/* The offsets of the first and the last character of the lines whose
 * markers a snapshot draws: those in sight, and a screen's worth above and
 * below, so that scrolling redraws the text only once it leaves them */
static void
get_offsets_to_draw (FmArticleText *self,
                     guint         *first,
                     guint         *last)
{
  GtkTextView *text_view = GTK_TEXT_VIEW (self);
  GtkTextIter top, bottom;
  double y_top, y_bottom, screen;
  int bx, by_top, by_bottom;

  get_y_in_sight (self, &y_top, &y_bottom);
  screen = y_bottom - y_top;
  self->drawn_top = MAX (y_top - screen, 0);
  self->drawn_bottom = y_bottom + screen;
  gtk_text_view_window_to_buffer_coords (text_view, GTK_TEXT_WINDOW_WIDGET, 0,
                                         (int)self->drawn_top, &bx, &by_top);
  gtk_text_view_window_to_buffer_coords (text_view, GTK_TEXT_WINDOW_WIDGET, 0,
                                         (int)self->drawn_bottom, &bx, &by_bottom);
  gtk_text_view_get_line_at_y (text_view, &top, MAX (by_top, 0), NULL);
  gtk_text_view_get_line_at_y (text_view, &bottom, MAX (by_bottom, 0), NULL);
  if (!gtk_text_iter_ends_line (&bottom))
    gtk_text_iter_forward_to_line_end (&bottom);
  *first = gtk_text_iter_get_offset (&top);
  *last = gtk_text_iter_get_offset (&bottom);
}

/* Scrolling moves the picture of the text the last snapshot made; once the
 * lines in sight leave the part it drew markers for, draw again */
static void
on_scrolled (FmArticleText *self)
{
  double top, bottom;

  if (self->claims == NULL || g_list_model_get_n_items (self->claims) == 0)
    return;
  get_y_in_sight (self, &top, &bottom);
  if (top < self->drawn_top || bottom > self->drawn_bottom)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
follow_scrolling (FmArticleText *self)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = scroller != NULL
                                ? gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller))
                                : NULL;

  if (adjustment == self->vadjustment)
    return;
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->vadjustment, on_scrolled, self);
  g_set_object (&self->vadjustment, adjustment);
  if (adjustment != NULL)
    g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (on_scrolled), self,
                             G_CONNECT_SWAPPED);
}

static void
fm_article_text_snapshot_layer (GtkTextView      *text_view,
                                GtkTextViewLayer  layer,
                                GtkSnapshot      *snapshot)
{
  FmArticleText *self = FM_ARTICLE_TEXT (text_view);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (text_view);
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  int line_y = G_MININT;
  guint on_line = 0;
  guint n, first_offset, last_offset, first;

  if (layer != GTK_TEXT_VIEW_LAYER_ABOVE_TEXT || self->claims == NULL)
    return;

  /* Only the claims that start on the lines in sight or near them: a long
   * article has thousands, and each marker costs a layout of its number */
  get_offsets_to_draw (self, &first_offset, &last_offset);
  first = first_claim_from (self->claims, first_offset);
  n = g_list_model_get_n_items (self->claims);
  for (guint i = first; i < n; i++)
    {
      g_autoptr(FmClaim) claim = g_list_model_get_item (self->claims, i);
      GtkTextIter iter;
      GdkRectangle rect;
      float x;

      if (fm_claim_get_start (claim) > last_offset)
        break;

      /* An unplaced claim has no place in the text to mark */
      if (fm_claim_get_anchor_state (claim) == FM_ANCHOR_STATE_ORPHAN)
        continue;
      if (fm_claim_get_anchor_state (claim) == FM_ANCHOR_STATE_FLAGGED)
        {
          GdkRGBA warning;

          gdk_rgba_parse (&warning, dark ? "#f8e45c" : "#c64600");
          append_flag_line (self, snapshot, claim, &warning);
        }
      gtk_text_buffer_get_iter_at_offset (buffer, &iter, fm_claim_get_start (claim));
      gtk_text_view_get_iter_location (text_view, &iter, &rect);
      /* The display line (where the claim's first character is drawn), not
       * the paragraph: markers of claims that start on one line stand side
       * by side */
      if (rect.y != line_y)
        {
          line_y = rect.y;
          on_line = 0;
        }
      if (paragraph_is_rtl (buffer, &iter))
        {
          /* Where a right-to-left line starts: in the right margin, then
           * rightwards for each claim on the line */
          int width = gtk_widget_get_width (GTK_WIDGET (self));

          x = width - FM_ARTICLE_TEXT_MARKER_MARGIN + 10 + on_line * (MARKER_SIZE + MARKER_GAP);
          if (x > width - MARKER_SIZE)
            x = width - MARKER_SIZE;
        }
      else
        {
          /* Right-aligned in the margin, leftwards for each claim on the line */
          x = FM_ARTICLE_TEXT_MARKER_MARGIN - 10 - MARKER_SIZE
              - on_line * (MARKER_SIZE + MARKER_GAP);
          /* (A marker drawn from the text view's very edge loses its
           * rounded clip with GTK 4.8's cairo renderer) */
          if (x < 1)
            x = 1;
        }
      append_marker (self, snapshot, x, rect.y + (rect.height - MARKER_SIZE) / 2.f,
                     i + 1, fm_claim_get_verdict (claim),
                     fm_claim_get_anchor_state (claim) == FM_ANCHOR_STATE_FLAGGED, dark);
      on_line++;
    }
}

static void
on_claims_changed (FmArticleText *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
fm_article_text_set_claims (FmArticleText *self,
                            GListModel    *claims)
{
  g_return_if_fail (FM_IS_ARTICLE_TEXT (self));
  g_return_if_fail (claims == NULL || G_IS_LIST_MODEL (claims));

  if (self->claims == claims)
    return;
  if (self->claims != NULL)
    g_signal_handlers_disconnect_by_func (self->claims, on_claims_changed, self);
  g_set_object (&self->claims, claims);
  if (claims != NULL)
    g_signal_connect_object (claims, "items-changed", G_CALLBACK (on_claims_changed), self,
                             G_CONNECT_SWAPPED);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
resize_after_wrap (gpointer user_data)
{
  FmArticleText *self = user_data;

  self->resize_source = 0;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

/* The text view is not scrollable here (the column scrolls, with the
 * header): its height depends on its width through wrapping, and it only
 * knows that height once it has its width. Ask for a new size once the
 * text is laid out at the new width. */
static void
fm_article_text_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  FmArticleText *self = FM_ARTICLE_TEXT (widget);

  GTK_WIDGET_CLASS (fm_article_text_parent_class)->size_allocate (widget, width, height, baseline);
  if (width != self->last_width)
    fm_article_text_queue_relayout (self);
  self->last_width = width;
  follow_scrolling (self);
}

void
fm_article_text_queue_relayout (FmArticleText *self)
{
  g_return_if_fail (FM_IS_ARTICLE_TEXT (self));

  if (self->resize_source == 0)
    self->resize_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 30, resize_after_wrap, self, NULL);
}

static void
fm_article_text_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (fm_article_text_parent_class)->root (widget);
  follow_scrolling (FM_ARTICLE_TEXT (widget));
}

static void
fm_article_text_unroot (GtkWidget *widget)
{
  FmArticleText *self = FM_ARTICLE_TEXT (widget);

  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->vadjustment, on_scrolled, self);
  g_clear_object (&self->vadjustment);
  GTK_WIDGET_CLASS (fm_article_text_parent_class)->unroot (widget);
}

static void
fm_article_text_dispose (GObject *object)
{
  FmArticleText *self = (FmArticleText *)object;

  g_clear_handle_id (&self->resize_source, g_source_remove);
  fm_article_text_set_claims (self, NULL);
  G_OBJECT_CLASS (fm_article_text_parent_class)->dispose (object);
}

static void
fm_article_text_class_init (FmArticleTextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkTextViewClass *text_view_class = GTK_TEXT_VIEW_CLASS (klass);

  object_class->dispose = fm_article_text_dispose;
  GTK_WIDGET_CLASS (klass)->size_allocate = fm_article_text_size_allocate;
  GTK_WIDGET_CLASS (klass)->root = fm_article_text_root;
  GTK_WIDGET_CLASS (klass)->unroot = fm_article_text_unroot;
  text_view_class->snapshot_layer = fm_article_text_snapshot_layer;
}

static void
fm_article_text_init (FmArticleText *self)
{
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (self), FM_ARTICLE_TEXT_MARKER_MARGIN);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
}

/* Right to left (issue 9) */

/* Gives the paragraphs that run right to left the markers' margin on their
 * right, where their lines start; call after new text */
void
fm_article_text_mark_directions (FmArticleText *self)
{
  GtkTextView *text_view = GTK_TEXT_VIEW (self);
  GtkTextBuffer *buffer;
  GtkTextTagTable *table;
  GtkTextTag *tag;
  GtkTextIter iter, end;

  g_return_if_fail (FM_IS_ARTICLE_TEXT (self));

  buffer = gtk_text_view_get_buffer (text_view);
  table = gtk_text_buffer_get_tag_table (buffer);
  tag = gtk_text_tag_table_lookup (table, "fm-rtl-paragraph");
  if (tag == NULL)
    tag = gtk_text_buffer_create_tag (buffer, "fm-rtl-paragraph",
                                      "left-margin", gtk_text_view_get_right_margin (text_view),
                                      "right-margin", FM_ARTICLE_TEXT_MARKER_MARGIN,
                                      NULL);
  gtk_text_buffer_get_bounds (buffer, &iter, &end);
  gtk_text_buffer_remove_tag (buffer, tag, &iter, &end);
  do
    {
      GtkTextIter line_end = iter;

      if (!gtk_text_iter_ends_line (&line_end))
        gtk_text_iter_forward_to_line_end (&line_end);
      if (paragraph_is_rtl (buffer, &iter))
        gtk_text_buffer_apply_tag (buffer, tag, &iter, &line_end);
    }
  while (gtk_text_iter_forward_line (&iter));
}
