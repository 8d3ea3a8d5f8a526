/* fm-article-text.c — the article's text, with numbered claim markers in the margin
 *
 * Each claim gets a round marker with its number and verdict colour in the
 * left margin, on the line where it starts: with the underline style of the
 * highlight it is the cue that does not depend on colour alone.
 *
 * The text view scrolls itself, so that GTK lays out and draws only the
 * lines in sight: an investigation of half a megabyte with thousands of
 * claims opens, repaints and scrolls like a short piece. (In a viewport it
 * would be one tall widget that is laid out and drawn whole on every
 * frame.) It keeps the text to a reading column — its margins, centred as
 * AdwClamp centres a child — and shows the article's header (an overlay
 * child, which scrolls with the text) in its top margin, above the first
 * line.
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "fm-article-text.h"
#include "fm-claim.h"

struct _FmArticleText
{
  GtkTextView  parent_instance;

  GListModel  *claims;
  GtkWidget   *header;
  int          column_for_width;   /* the width the margins were set for */
  int          left;               /* the column's margins */
  int          right;
  gboolean     allocating;
  int          header_width;
  int          header_height;
  guint        header_tick;
  guint        validate_tick;

  /* The text view's own scroll position */
  GtkAdjustment *vadjustment;
};

G_DEFINE_FINAL_TYPE (FmArticleText, fm_article_text, GTK_TYPE_TEXT_VIEW)

#define MARKER_SIZE 20
#define MARKER_GAP 3

/* The reading column: AdwClamp's maximum-size and tightening-threshold */
#define COLUMN_MAXIMUM 760
#define COLUMN_TIGHTENING 560
#define COLUMN_PAD_START 6      /* inside the column, left of the markers */
#define COLUMN_PAD_END 12
#define TEXT_PAD_END 24         /* right of the text */
#define SPACE_ABOVE 36          /* above the header */
#define SPACE_BELOW_HEADER 24
#define SPACE_BELOW 48          /* below the last line */

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

/* The offsets of the first and the last character of the lines in sight,
 * whose markers a snapshot draws. (The text view draws itself anew when it
 * scrolls: no need to draw the markers of lines out of sight, each of which
 * would cost the layout of its line.) */
static void
get_offsets_to_draw (FmArticleText *self,
                     guint         *first,
                     guint         *last)
{
  GtkTextView *text_view = GTK_TEXT_VIEW (self);
  GtkTextIter top, bottom;
  GdkRectangle visible;

  gtk_text_view_get_visible_rect (text_view, &visible);
  gtk_text_view_get_line_at_y (text_view, &top, MAX (visible.y, 0), NULL);
  gtk_text_view_get_line_at_y (text_view, &bottom, MAX (visible.y + visible.height, 0), NULL);
  if (!gtk_text_iter_ends_line (&bottom))
    gtk_text_iter_forward_to_line_end (&bottom);
  *first = gtk_text_iter_get_offset (&top);
  *last = gtk_text_iter_get_offset (&bottom);
}

/* The header moves with the text */
static void
on_scrolled (FmArticleText *self)
{
  if (self->header != NULL && gtk_widget_get_visible (self->header))
    gtk_widget_queue_allocate (GTK_WIDGET (self));
}

static void
follow_scrolling (FmArticleText *self)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self));

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
          int width = gtk_widget_get_width (GTK_WIDGET (self)) - self->left +
                      FM_ARTICLE_TEXT_MARKER_MARGIN;

          x = width - FM_ARTICLE_TEXT_MARKER_MARGIN + 10 + on_line * (MARKER_SIZE + MARKER_GAP);
          if (x > width - MARKER_SIZE)
            x = width - MARKER_SIZE;
        }
      else
        {
          /* Right-aligned in the margin, leftwards for each claim on the line */
          x = self->left - 10 - MARKER_SIZE - on_line * (MARKER_SIZE + MARKER_GAP);
          if (x < self->left - FM_ARTICLE_TEXT_MARKER_MARGIN)
            x = self->left - FM_ARTICLE_TEXT_MARKER_MARGIN;
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

/* The width of the reading column in a view @width wide: all of it up
 * to COLUMN_TIGHTENING, then less and less of what is added, up to
 * COLUMN_MAXIMUM (AdwClamp's curve) */
static int
column_width (int width)
{
  const int lower = COLUMN_TIGHTENING;
  const int upper = lower + 3 * (COLUMN_MAXIMUM - lower);
  double progress, eased;

  if (width <= lower)
    return width;
  if (width >= upper)
    return COLUMN_MAXIMUM;
  progress = (double)(width - lower) / (upper - lower);
  eased = 1 - pow (1 - progress, 3);
  return lower + (int)(eased * (COLUMN_MAXIMUM - lower));
}

static void update_rtl_tag (FmArticleText *self);
static gboolean update_header_tick (GtkWidget     *widget,
                                    GdkFrameClock *clock,
                                    gpointer       data);

/* Margins that centre the column in @width, and the room for the header
 * above the first line. Each new margin has the text view lay out its text
 * again: only when the width or the header's height changed. */
static void
update_column (FmArticleText *self,
               int            width)
{
  GtkTextView *text_view = GTK_TEXT_VIEW (self);
  int column = column_width (width);
  int offset = (width - column) / 2;
  int left = offset + COLUMN_PAD_START + FM_ARTICLE_TEXT_MARKER_MARGIN;
  int right = width - offset - column + COLUMN_PAD_END + TEXT_PAD_END;
  int header_width = MAX (width - left - right, 1);
  int header_height = 0;
  int top = SPACE_ABOVE;

  self->column_for_width = width;
  self->header_width = header_width;
  if (self->header != NULL && gtk_widget_get_visible (self->header))
    {
      int least;

      /* (Never narrower than it can be: a long word in the title) */
      gtk_widget_measure (self->header, GTK_ORIENTATION_HORIZONTAL, -1, &least, NULL, NULL, NULL);
      self->header_width = MAX (header_width, least);
      gtk_widget_measure (self->header, GTK_ORIENTATION_VERTICAL, self->header_width,
                          &header_height, NULL, NULL, NULL);
      top += header_height + SPACE_BELOW_HEADER;
    }
  self->header_height = header_height;
  if (left != self->left || right != self->right)
    {
      self->left = left;
      self->right = right;
      gtk_text_view_set_left_margin (text_view, left);
      gtk_text_view_set_right_margin (text_view, right);
      update_rtl_tag (self);
    }
  if (top != gtk_text_view_get_top_margin (text_view))
    gtk_text_view_set_top_margin (text_view, top);
  if (self->header != NULL)
    gtk_widget_queue_allocate (GTK_WIDGET (self));
}

/* The header: in the top margin, above the first line, where the text is
 * scrolled to. (Not an overlay child: GTK 4.8 allocates the text view's
 * overlay children once, where the text was scrolled to then, and does not
 * move them when it scrolls; see allocate_header().) */
static void
allocate_header (FmArticleText *self)
{
  GtkTextView *text_view = GTK_TEXT_VIEW (self);
  int x, y, height;

  if (self->header == NULL || !gtk_widget_get_visible (self->header))
    return;
  /* The header's text changed (a new title, the sourcing flag): the room
   * above the first line follows before the next frame (not now: a new
   * margin in the middle of the text view's allocation would ask for
   * another) */
  gtk_widget_measure (self->header, GTK_ORIENTATION_VERTICAL, self->header_width, &height, NULL,
                      NULL, NULL);
  if (height != self->header_height && self->header_tick == 0)
    self->header_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), update_header_tick, NULL,
                                                      NULL);
  /* From buffer coordinates (the first line at 0, the top margin above
   * it) to the text view's own: where the text is scrolled to */
  gtk_text_view_buffer_to_window_coords (text_view, GTK_TEXT_WINDOW_WIDGET, self->left,
                                         SPACE_ABOVE - gtk_text_view_get_top_margin (text_view),
                                         &x, &y);
  gtk_widget_size_allocate (self->header,
                            &(GtkAllocation) { self->left, y, self->header_width, height }, -1);
}

static gboolean
update_header_tick (GtkWidget     *widget,
                    GdkFrameClock *clock,
                    gpointer       data)
{
  FmArticleText *self = FM_ARTICLE_TEXT (widget);

  self->header_tick = 0;
  fm_article_text_update_header (self);
  return G_SOURCE_REMOVE;
}

static void
fm_article_text_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  FmArticleText *self = FM_ARTICLE_TEXT (widget);

  self->allocating = TRUE;
  GTK_WIDGET_CLASS (fm_article_text_parent_class)->size_allocate (widget, width, height, baseline);
  allocate_header (self);
  self->allocating = FALSE;
  follow_scrolling (self);
}

static void
fm_article_text_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  FmArticleText *self = FM_ARTICLE_TEXT (widget);

  GTK_WIDGET_CLASS (fm_article_text_parent_class)->snapshot (widget, snapshot);
  /* GtkTextView draws the children it knows of, not this one */
  if (self->header != NULL)
    gtk_widget_snapshot_child (widget, self->header, snapshot);
}

/* GtkTextView 4.8 lays out the lines in sight again, after a change to
 * the text, its tags or its marks, in an idle of lower priority than
 * drawing: the next frame's snapshot does it instead, and the new height
 * of the text it finds changes the scroll bar's adjustment in the middle
 * of drawing. The scroll bar, drawn after the text, is then drawn marked
 * for a new allocation ("Trying to snapshot GtkGizmo … without a current
 * allocation"). The text view's allocation lays the lines out, so after
 * such a change the text view asks for one at the start of the next frame,
 * before its layout (never in the middle of a layout), and the scroll bar
 * is allocated in that same layout. A new size rather than only a new
 * allocation: gtk_widget_queue_allocate() on the text view was not passed
 * up to the window (the text view still counted as having a child waiting
 * for an allocation, its header), and the text view itself was then drawn
 * unallocated; a new size marks every ancestor. */
static gboolean
validate_tick (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       data)
{
  FmArticleText *self = FM_ARTICLE_TEXT (widget);

  self->validate_tick = 0;
  gtk_widget_queue_resize (widget);
  return G_SOURCE_REMOVE;
}

static void
validate_before_drawing (FmArticleText *self)
{
  if (!self->allocating && self->validate_tick == 0)
    self->validate_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), validate_tick,
                                                        NULL, NULL);
}

/* The cursor and the selection. (The text view moves marks of its own
 * while it scrolls and lays out, in the middle of the window's layout:
 * those are left alone, or each layout would ask for another.) */
static void
on_mark_set (FmArticleText     *self,
             const GtkTextIter *location,
             GtkTextMark       *mark,
             GtkTextBuffer     *buffer)
{
  if (mark == gtk_text_buffer_get_insert (buffer) ||
      mark == gtk_text_buffer_get_selection_bound (buffer))
    validate_before_drawing (self);
}

/* The header is as wide as the column it is given, and GTK 4.8 counts the
 * header's width in the text view's minimum width: the column would then
 * hold up the window's layout (a narrower view, a narrower header, a
 * smaller minimum, a new layout, and again). The text view wraps its
 * lines, so its minimum is its margins and a little text, whatever the
 * header's width. */
static void
fm_article_text_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  GTK_WIDGET_CLASS (fm_article_text_parent_class)->measure (widget, orientation, for_size,
                                                            minimum, natural,
                                                            minimum_baseline, natural_baseline);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int least = FM_ARTICLE_TEXT_MARKER_MARGIN + COLUMN_PAD_START + COLUMN_PAD_END +
                  TEXT_PAD_END + 120;

      *minimum = MIN (*minimum, least);
      *natural = MAX (*natural, *minimum);
    }
}

void
fm_article_text_set_header (FmArticleText *self,
                            GtkWidget     *header)
{
  g_return_if_fail (FM_IS_ARTICLE_TEXT (self));
  g_return_if_fail (GTK_IS_WIDGET (header));
  g_return_if_fail (self->header == NULL);

  self->header = header;
  gtk_widget_set_parent (header, GTK_WIDGET (self));
  fm_article_text_update_header (self);
}

void
fm_article_text_update_header (FmArticleText *self)
{
  g_return_if_fail (FM_IS_ARTICLE_TEXT (self));

  if (self->column_for_width > 0)
    update_column (self, self->column_for_width);
}

/* The parent calls this with the width it is about to give the text view,
 * before it allocates the scrolled window around it: the new margins are
 * in place when the text view is allocated, rather than changed in the
 * middle of its own allocation. */
void
fm_article_text_fit_column (FmArticleText *self,
                            int            width)
{
  g_return_if_fail (FM_IS_ARTICLE_TEXT (self));

  if (width > 0 && width != self->column_for_width)
    update_column (self, width);
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

  if (self->validate_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->validate_tick);
  self->validate_tick = 0;
  if (self->header_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->header_tick);
  self->header_tick = 0;
  fm_article_text_set_claims (self, NULL);
  g_clear_pointer (&self->header, gtk_widget_unparent);
  G_OBJECT_CLASS (fm_article_text_parent_class)->dispose (object);
}

static void
fm_article_text_class_init (FmArticleTextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkTextViewClass *text_view_class = GTK_TEXT_VIEW_CLASS (klass);

  object_class->dispose = fm_article_text_dispose;
  GTK_WIDGET_CLASS (klass)->size_allocate = fm_article_text_size_allocate;
  GTK_WIDGET_CLASS (klass)->measure = fm_article_text_measure;
  GTK_WIDGET_CLASS (klass)->snapshot = fm_article_text_snapshot;
  GTK_WIDGET_CLASS (klass)->root = fm_article_text_root;
  GTK_WIDGET_CLASS (klass)->unroot = fm_article_text_unroot;
  text_view_class->snapshot_layer = fm_article_text_snapshot_layer;
}

static void
fm_article_text_init (FmArticleText *self)
{
  self->left = FM_ARTICLE_TEXT_MARKER_MARGIN;
  self->right = TEXT_PAD_END;
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (self), self->left);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (self), self->right);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (self), SPACE_ABOVE);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (self), SPACE_BELOW);
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
    GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
    const char *buffer_signals[] = { "changed", "apply-tag", "remove-tag" };
    const char *table_signals[] = { "tag-changed", "tag-added", "tag-removed" };

    for (guint i = 0; i < G_N_ELEMENTS (buffer_signals); i++)
      g_signal_connect_object (buffer, buffer_signals[i], G_CALLBACK (validate_before_drawing),
                               self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
    g_signal_connect_object (buffer, "mark-set", G_CALLBACK (on_mark_set), self,
                             G_CONNECT_SWAPPED | G_CONNECT_AFTER);
    for (guint i = 0; i < G_N_ELEMENTS (table_signals); i++)
      g_signal_connect_object (table, table_signals[i], G_CALLBACK (validate_before_drawing),
                               self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  }
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
    {
      tag = gtk_text_buffer_create_tag (buffer, "fm-rtl-paragraph", NULL);
      update_rtl_tag (self);
    }
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

/* The column's margins, the other way round */
static void
update_rtl_tag (FmArticleText *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer),
                                               "fm-rtl-paragraph");

  if (tag != NULL)
    g_object_set (tag, "left-margin", self->right, "right-margin", self->left, NULL);
}
