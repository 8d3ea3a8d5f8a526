/* fm-article-view.c — the reading view: article text with highlighted claims
 *
 * The text buffer holds exactly the article text, so a GtkTextIter offset is
 * the claim's character offset. Claims are shown by tags: one per verdict
 * (a tinted background and an underline whose style depends on the verdict),
 * one for the selected claim and one for the flash that follows a jump.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "fm-article-text.h"
#include "fm-article-view.h"
#include "fm-format.h"
#include "fm-suggestions.h"

struct _FmArticleView
{
  GtkWidget          parent_instance;

  FmArticle         *article;
  FmClaimList       *claims;
  FmClaim           *selected_claim;
  GSignalGroup      *store_signals;
  double             text_scale;

  GtkTextTag        *body_tag;
  GtkTextTag        *heading_tag;
  GHashTable        *claim_tags;   /* FmClaim → its GtkTextTag, in the buffer's tag table */
  GPtrArray         *spare_tags;   /* claim tags on no text, in the table, for reuse */
  /* Claims whose tag is made and styled but not yet on the text (out of
   * sight when a long article opened): put on it in the background, or as
   * soon as they come into sight */
  GHashTable        *untagged;       /* FmClaim (owned by claim_tags) → its tag */
  GPtrArray         *untagged_order; /* the same claims (and those tagged or gone
                                      * since, skipped), in text order, owned */
  guint              untagged_next;
  guint              untagged_idle;
  guint              untagged_tick;
  GtkTextTag        *selected_tag;
  GtkTextTag        *flash_tag;
  GtkTextTag        *suggestion_tag;
  GtkTextTag        *current_suggestion_tag;
  GtkTextTag        *vague_source_tag;
  FmSuggestions     *suggestions;
  guint              flash_source;
  guint              flash_steps;
  guint              scroll_source;
  guint              click_source;
  double             press_x;
  double             press_y;
  double             click_x;
  double             click_y;
  guint              scroll_start;   /* what queue_scroll() brings into sight */
  guint              scroll_end;

  GtkScrolledWindow *scroller;
  GtkWidget         *header;
  GtkLabel          *kicker_label;
  GtkLabel          *title_label;
  GtkLabel          *byline_label;
  GtkLabel          *url_label;
  char              *url_tip;        /* the address the URL label's tooltip shows */
  GtkWidget         *sourcing_box;
  GtkLabel          *sourcing_label;
  GtkTextView       *text_view;
};

G_DEFINE_FINAL_TYPE (FmArticleView, fm_article_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ARTICLE,
  PROP_SELECTED_CLAIM,
  PROP_HAS_SELECTION,
  PROP_TEXT_SCALE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The reading size relative to the interface font, at scale 1 */
#define BODY_SCALE 1.2

static PangoUnderline
verdict_underline (FmVerdict verdict)
{
  switch (verdict)
    {
    case FM_VERDICT_TRUE:
    case FM_VERDICT_MOSTLY_TRUE:
      return PANGO_UNDERLINE_SINGLE;
    case FM_VERDICT_MIXED:
    case FM_VERDICT_MISLEADING:
    case FM_VERDICT_UNVERIFIABLE:
      return PANGO_UNDERLINE_DOUBLE;
    case FM_VERDICT_MOSTLY_FALSE:
    case FM_VERDICT_FALSE:
      return PANGO_UNDERLINE_ERROR;
    case FM_VERDICT_UNRATED:
    default:
      return PANGO_UNDERLINE_NONE;
    }
}

static void
verdict_rgba (FmVerdict  verdict,
              gboolean   dark,
              double     alpha,
              GdkRGBA   *rgba)
{
  gdk_rgba_parse (rgba, fm_verdict_color (verdict, dark));
  rgba->alpha = alpha;
}

static void
update_selected_tag (FmArticleView *self)
{
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  FmVerdict verdict = self->selected_claim ? fm_claim_get_verdict (self->selected_claim)
                                           : FM_VERDICT_UNRATED;
  GdkRGBA rgba;

  fm_article_view_highlight_rgba (verdict, dark, TRUE, &rgba);
  g_object_set (self->selected_tag, "background-rgba", &rgba, NULL);
}

static void update_suggestion_colours (FmArticleView *self);

static void
get_span_iters (FmArticleView *self,
                FmClaim       *claim,
                GtkTextIter   *start,
                GtkTextIter   *end);

static int
compare_longest_first (gconstpointer a,
                       gconstpointer b)
{
  FmClaim *ca = *(FmClaim **)a;
  FmClaim *cb = *(FmClaim **)b;
  guint la = fm_claim_get_end (ca) - fm_claim_get_start (ca);
  guint lb = fm_claim_get_end (cb) - fm_claim_get_start (cb);

  return la == lb ? fm_claim_compare (ca, cb) : (la > lb ? -1 : 1);
}

/* Spare tags are taken from the end: the lowest priority last */
static int
compare_priority_descending (gconstpointer a,
                             gconstpointer b)
{
  int pa = gtk_text_tag_get_priority (*(GtkTextTag **)a);
  int pb = gtk_text_tag_get_priority (*(GtkTextTag **)b);

  return pb - pa;
}

/* The highlight of @claim's verdict on its tag */
static void
style_claim_tag (GtkTextTag *tag,
                 FmClaim    *claim)
{
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  FmVerdict verdict = fm_claim_get_verdict (claim);
  GdkRGBA background, line;

  fm_article_view_highlight_rgba (verdict, dark, FALSE, &background);
  verdict_rgba (verdict, dark, 1.0, &line);
  g_object_set (tag,
                "background-rgba", &background,
                "underline", verdict_underline (verdict),
                "underline-rgba", &line,
                NULL);
}

/* The selection and the flash stay above every claim */
static void
raise_selection_tags (FmArticleView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  int size = gtk_text_tag_table_get_size (gtk_text_buffer_get_tag_table (buffer));

  /* Each to the top in turn: the flash ends above the selection */
  if (gtk_text_tag_get_priority (self->selected_tag) != size - 2 ||
      gtk_text_tag_get_priority (self->flash_tag) != size - 1)
    {
      gtk_text_tag_set_priority (self->selected_tag, size - 1);
      gtk_text_tag_set_priority (self->flash_tag, size - 1);
    }
}

/* A new tag for @claim on its span. With @place, among the other claims'
 * tags where rehighlight() would have put it: above every longer claim,
 * below every shorter one. */
static void
add_claim_tag_full (FmArticleView *self,
                    FmClaim       *claim,
                    gboolean       place,
                    gboolean       defer)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextTag *tag;
  GtkTextIter start, end;

  /* A spare tag if there is one: a tag added to the table or taken from it
   * costs a walk over the whole table (and, taken, the whole text) */
  if (self->spare_tags->len > 0)
    tag = g_ptr_array_steal_index (self->spare_tags, self->spare_tags->len - 1);
  else
    {
      tag = gtk_text_tag_new (NULL);
      gtk_text_tag_table_add (gtk_text_buffer_get_tag_table (buffer), tag);
      g_object_unref (tag);
    }
  /* (A tag not yet on the text takes its colours when it goes on it) */
  if (!defer)
    style_claim_tag (tag, claim);
  g_hash_table_insert (self->claim_tags, g_object_ref (claim), tag);
  if (place)
    {
      GHashTableIter iter;
      gpointer key, value;
      int below = -1, above = G_MAXINT;
      FmClaim *with = claim;

      g_hash_table_iter_init (&iter, self->claim_tags);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          int priority = gtk_text_tag_get_priority (value);

          if (key == (gpointer)claim)
            continue;
          if (compare_longest_first (&key, &with) < 0)
            below = MAX (below, priority);
          else
            above = MIN (above, priority);
        }
      if (below >= 0)
        gtk_text_tag_set_priority (tag, below + 1);
      else if (above != G_MAXINT)
        gtk_text_tag_set_priority (tag, above);
      raise_selection_tags (self);
    }
  if (defer)
    {
      g_hash_table_insert (self->untagged, claim, tag);
      g_ptr_array_add (self->untagged_order, g_object_ref (claim));
      return;
    }
  get_span_iters (self, claim, &start, &end);
  gtk_text_buffer_apply_tag (buffer, tag, &start, &end);
}

static void
add_claim_tag (FmArticleView *self,
               FmClaim       *claim,
               gboolean       place)
{
  add_claim_tag_full (self, claim, place, FALSE);
}

static void
remove_claim_tag (FmArticleView *self,
                  FmClaim       *claim)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextTag *tag = g_hash_table_lookup (self->claim_tags, claim);
  GtkTextIter start, end;

  if (tag == NULL)
    return;
  /* Off the text wherever it is (the claim may have moved), kept for later;
   * a tag not yet on the text is on no text */
  if (!g_hash_table_remove (self->untagged, claim))
    {
      gtk_text_buffer_get_bounds (buffer, &start, &end);
      gtk_text_buffer_remove_tag (buffer, tag, &start, &end);
    }
  g_ptr_array_add (self->spare_tags, tag);
  g_hash_table_remove (self->claim_tags, claim);
}

/* The selection's tag on the selected claim, and nowhere else */
static void
retag_selection (FmArticleView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->selected_tag, &start, &end);
  if (self->selected_claim != NULL &&
      fm_claim_get_anchor_state (self->selected_claim) != FM_ANCHOR_STATE_ORPHAN)
    {
      update_selected_tag (self);
      get_span_iters (self, self->selected_claim, &start, &end);
      gtk_text_buffer_apply_tag (buffer, self->selected_tag, &start, &end);
    }
}

/* Highlights of a long article, a little at a time
 *
 * Each claim's tag goes on the text with gtk_text_buffer_apply_tag(), and
 * GTK's text b-tree makes that slower the more tags there are: 5,000 claims
 * took about 250 ms, before the article could be shown. The tags of the
 * claims at the top (where an article opens) go on at once; the others are
 * made and styled in their place among the rest (so that overlapping claims
 * stack the same way), and go on the text in the background, or before the
 * next frame once they are scrolled into sight. */

/* Characters from the top whose claims are tagged at once: more than a
 * screen holds at the smallest text size */
#define TAGGED_AT_ONCE 20000
/* Time for the background's tags per main loop turn, in microseconds */
#define TAG_SLICE_USEC 5000

static int
compare_by_start (gconstpointer a,
                  gconstpointer b)
{
  guint sa = fm_claim_get_start (*(FmClaim **)a);
  guint sb = fm_claim_get_start (*(FmClaim **)b);

  return sa < sb ? -1 : sa > sb;
}

/* A tag on no text takes new colours without the tag table telling the
 * buffer, which would have the text view invalidate its layout once per
 * tag */
static void
block_tag_changed (FmArticleView *self,
                   gboolean       block)
{
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (gtk_text_view_get_buffer (self->text_view));
  guint id = g_signal_lookup ("tag-changed", GTK_TYPE_TEXT_TAG_TABLE);

  if (block)
    g_signal_handlers_block_matched (table, G_SIGNAL_MATCH_ID, id, 0, NULL, NULL, NULL);
  else
    g_signal_handlers_unblock_matched (table, G_SIGNAL_MATCH_ID, id, 0, NULL, NULL, NULL);
}

/* With block_tag_changed() */
static void
tag_now (FmArticleView *self,
         FmClaim       *claim)
{
  GtkTextTag *tag = g_hash_table_lookup (self->untagged, claim);
  GtkTextIter start, end;

  if (tag == NULL)
    return;
  g_hash_table_remove (self->untagged, claim);
  style_claim_tag (tag, claim);
  get_span_iters (self, claim, &start, &end);
  gtk_text_buffer_apply_tag (gtk_text_view_get_buffer (self->text_view), tag, &start, &end);
}

static void
forget_untagged (FmArticleView *self)
{
  g_hash_table_remove_all (self->untagged);
  g_ptr_array_set_size (self->untagged_order, 0);
  self->untagged_next = 0;
  g_clear_handle_id (&self->untagged_idle, g_source_remove);
  if (self->untagged_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->untagged_tick);
  self->untagged_tick = 0;
}

static gboolean
tag_in_background (gpointer user_data)
{
  FmArticleView *self = user_data;
  gint64 end = g_get_monotonic_time () + TAG_SLICE_USEC;

  block_tag_changed (self, TRUE);
  while (self->untagged_next < self->untagged_order->len && g_get_monotonic_time () < end)
    {
      /* A handful between looks at the clock */
      for (guint i = 0; i < 16 && self->untagged_next < self->untagged_order->len; i++)
        tag_now (self, g_ptr_array_index (self->untagged_order, self->untagged_next++));
    }
  block_tag_changed (self, FALSE);
  if (self->untagged_next < self->untagged_order->len)
    return G_SOURCE_CONTINUE;
  self->untagged_idle = 0;
  forget_untagged (self);
  return G_SOURCE_REMOVE;
}

/* The claims in sight that still lack their tag get it, before the frame
 * that shows them is laid out (a tag put on in the middle of a layout would
 * change the text while GTK lays it out) */
static gboolean
tag_in_sight (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       data)
{
  FmArticleView *self = FM_ARTICLE_VIEW (widget);
  GdkRectangle visible;
  GtkTextIter top, bottom;
  guint first, last;

  self->untagged_tick = 0;
  if (g_hash_table_size (self->untagged) == 0)
    return G_SOURCE_REMOVE;
  gtk_text_view_get_visible_rect (self->text_view, &visible);
  gtk_text_view_get_line_at_y (self->text_view, &top, MAX (visible.y, 0), NULL);
  gtk_text_view_get_line_at_y (self->text_view, &bottom, MAX (visible.y + visible.height, 0),
                               NULL);
  gtk_text_iter_forward_line (&bottom);
  first = gtk_text_iter_get_offset (&top);
  /* (Lines not laid out yet count as short: never more than a screen's
   * worth of text at the smallest size) */
  last = MIN (gtk_text_iter_get_offset (&bottom), first + TAGGED_AT_ONCE);
  block_tag_changed (self, TRUE);
  for (guint i = self->untagged_next; i < self->untagged_order->len; i++)
    {
      FmClaim *claim = g_ptr_array_index (self->untagged_order, i);

      if (fm_claim_get_start (claim) > last)
        break;
      if (fm_claim_get_end (claim) >= first)
        tag_now (self, claim);
    }
  block_tag_changed (self, FALSE);
  return G_SOURCE_REMOVE;
}

static void
queue_tag_in_sight (FmArticleView *self)
{
  if (self->untagged != NULL && g_hash_table_size (self->untagged) > 0 &&
      self->untagged_tick == 0)
    self->untagged_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), tag_in_sight, NULL,
                                                        NULL);
}

/* One tag per claim, the shorter ones above the longer ones: where claims
 * overlap, the inner claim keeps its own colour and underline. Every tag
 * placed anew: for new text (which has none). A change to one claim
 * changes its tag alone (sync_claim_tags(), on_claim_changed()). */
static void
rehighlight (FmArticleView *self)
{
  g_autoptr(GPtrArray) claims = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer value;
  guint n;

  /* New text has no tags: every claim tag is spare, reused lowest first,
   * so that the longest claims get the lowest of them */
  forget_untagged (self);
  g_hash_table_iter_init (&iter, self->claim_tags);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (self->spare_tags, value);
  g_hash_table_remove_all (self->claim_tags);
  g_ptr_array_sort (self->spare_tags, compare_priority_descending);

  n = self->claims ? g_list_model_get_n_items (G_LIST_MODEL (self->claims)) : 0;
  for (guint i = 0; i < n; i++)
    {
      FmClaim *claim = g_list_model_get_item (G_LIST_MODEL (self->claims), i);

      /* An unplaced claim's span is not its text: it is never shown on it */
      if (fm_claim_get_anchor_state (claim) == FM_ANCHOR_STATE_ORPHAN)
        g_object_unref (claim);
      else
        g_ptr_array_add (claims, claim);
    }
  g_ptr_array_sort (claims, compare_longest_first);
  /* A spare tag takes its claim's colours on no text: nothing shown
   * changes, so the tag table does not tell the buffer, which would have
   * the text view invalidate its layout once per tag */
  block_tag_changed (self, TRUE);
  for (guint i = 0; i < claims->len; i++)
    {
      FmClaim *claim = g_ptr_array_index (claims, i);

      /* Each tag in its place among the others now; on the text now only
       * at the top, where new text opens */
      add_claim_tag_full (self, claim, FALSE, fm_claim_get_start (claim) >= TAGGED_AT_ONCE);
    }
  block_tag_changed (self, FALSE);

  raise_selection_tags (self);
  retag_selection (self);
  if (self->untagged_order->len > 0)
    {
      g_ptr_array_sort (self->untagged_order, compare_by_start);
      self->untagged_idle = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, tag_in_background, self,
                                             NULL);
      queue_tag_in_sight (self);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self->text_view));
}

/* The claims' tags after claims came or went: a tag for each new claim,
 * none for a claim that is gone, the others left as they are */
static void
sync_claim_tags (FmArticleView *self)
{
  g_autoptr(GHashTable) listed = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) gone = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;
  guint n = self->claims ? g_list_model_get_n_items (G_LIST_MODEL (self->claims)) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FmClaim) claim = g_list_model_get_item (G_LIST_MODEL (self->claims), i);

      if (fm_claim_get_anchor_state (claim) == FM_ANCHOR_STATE_ORPHAN)
        continue;
      g_hash_table_add (listed, claim);
      if (!g_hash_table_contains (self->claim_tags, claim))
        add_claim_tag (self, claim, TRUE);
    }
  g_hash_table_iter_init (&iter, self->claim_tags);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (listed, key))
      g_ptr_array_add (gone, key);
  for (guint i = 0; i < gone->len; i++)
    remove_claim_tag (self, g_ptr_array_index (gone, i));
  gtk_widget_queue_draw (GTK_WIDGET (self->text_view));
}

/* Suggestions: faint, below every claim (they never overlap a placed one) */

static void
get_offset_iters (FmArticleView *self,
                  guint          start_offset,
                  guint          end_offset,
                  GtkTextIter   *start,
                  GtkTextIter   *end)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);

  gtk_text_buffer_get_iter_at_offset (buffer, start, start_offset);
  gtk_text_buffer_get_iter_at_offset (buffer, end, end_offset);
}

static void
update_sourcing (FmArticleView *self)
{
  guint n = self->suggestions ? fm_suggestions_get_n_anonymous (self->suggestions) : 0;
  g_autofree char *text = NULL;

  gtk_widget_set_visible (self->sourcing_box, self->suggestions != NULL &&
                          fm_suggestions_get_active (self->suggestions) && n > 0);
  if (n > 0)
    {
      text = g_strdup_printf (ngettext ("%u suggested sentence quotes unnamed or vague sources",
                                        "%u suggested sentences quote unnamed or vague sources",
                                        n), n);
      gtk_label_set_text (self->sourcing_label, text);
    }
  /* The header may have grown or shrunk */
  fm_article_text_update_header (FM_ARTICLE_TEXT (self->text_view));
}

static void
retag_suggestions (FmArticleView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  guint n = self->suggestions ? fm_suggestions_get_n_items (self->suggestions) : 0;
  int current = self->suggestions ? fm_suggestions_get_current (self->suggestions) : -1;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->suggestion_tag, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->current_suggestion_tag, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->vague_source_tag, &start, &end);
  for (guint i = 0; i < n; i++)
    {
      const FmSuggestion *s = fm_suggestions_get_item (self->suggestions, i);

      get_offset_iters (self, s->start, s->end, &start, &end);
      gtk_text_buffer_apply_tag (buffer, (int)i == current ? self->current_suggestion_tag
                                                          : self->suggestion_tag, &start, &end);
      for (guint r = 0; r < s->reasons->len; r++)
        {
          const FmSuggestReason *reason = g_ptr_array_index (s->reasons, r);

          if (reason->signal != FM_SUGGEST_SIGNAL_VAGUE_SOURCE)
            continue;
          get_offset_iters (self, reason->start, reason->end, &start, &end);
          gtk_text_buffer_apply_tag (buffer, self->vague_source_tag, &start, &end);
        }
    }
  update_sourcing (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->text_view));
}

static void
update_suggestion_colours (FmArticleView *self)
{
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GdkRGBA line, strong, warning, warning_line;

  /* Faint: only a line under the words, where a claim has a ground of its
   * colour and a numbered marker */
  gdk_rgba_parse (&line, dark ? "#99c1f1" : "#1c71d8");
  strong = line;
  line.alpha = dark ? 0.85 : 0.6;
  strong.alpha = dark ? 0.26 : 0.16;
  g_object_set (self->suggestion_tag,
                "underline", PANGO_UNDERLINE_LOW,
                "underline-rgba", &line,
                NULL);
  line.alpha = 1.0;
  g_object_set (self->current_suggestion_tag,
                "background-rgba", &strong,
                "underline", PANGO_UNDERLINE_LOW,
                "underline-rgba", &line,
                NULL);
  gdk_rgba_parse (&warning, dark ? "#f8e45c" : "#e5a50a");
  warning.alpha = dark ? 0.22 : 0.28;
  gdk_rgba_parse (&warning_line, dark ? "#f8e45c" : "#9c6e03");
  g_object_set (self->vague_source_tag,
                "background-rgba", &warning,
                "underline", PANGO_UNDERLINE_ERROR,
                "underline-rgba", &warning_line,
                NULL);
}

static void
update_tag_colours (FmArticleView *self)
{
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GdkRGBA rgba;

  gdk_rgba_parse (&rgba, dark ? "#78aeed" : "#3584e4");
  rgba.alpha = dark ? 0.6 : 0.45;
  g_object_set (self->flash_tag, "background-rgba", &rgba, NULL);
  update_selected_tag (self);
  update_suggestion_colours (self);
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, self->claim_tags);
    while (g_hash_table_iter_next (&iter, &key, &value))
      style_claim_tag (value, key);
  }
}

static void
update_text_scale (FmArticleView *self)
{
  double scale = self->text_scale * BODY_SCALE;

  g_object_set (self->body_tag,
                "scale", scale,
                "pixels-below-lines", (int)(16 * scale),
                "pixels-inside-wrap", (int)(6 * scale),
                NULL);
  g_object_set (self->heading_tag,
                "scale", scale * 1.15,
                "weight", PANGO_WEIGHT_BOLD,
                "pixels-above-lines", (int)(10 * scale),
                NULL);
}

/* A short line without closing punctuation between paragraphs reads as a
 * subheading ("What the figures show"): shown as one, the text unchanged */
static gboolean
looks_like_heading (const char *line,
                    gsize       length)
{
  const char *last;
  gunichar c;

  if (length == 0 || g_utf8_strlen (line, length) > 70)
    return FALSE;
  last = g_utf8_find_prev_char (line, line + length);
  c = g_utf8_get_char (last);
  return !g_unichar_ispunct (c) || c == ')';
}

static void
mark_headings (FmArticleView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  const char *text = self->article ? fm_article_get_text (self->article) : NULL;
  int n_lines = gtk_text_buffer_get_line_count (buffer);

  /* From the article's text, which the buffer holds, without a copy of each
   * line: a long article has thousands. Where the buffer would break lines
   * other than at '\n' (a carriage return, U+2029), line by line in it. */
  if (text != NULL && strchr (text, '\r') == NULL && strstr (text, "\xe2\x80\xa9") == NULL)
    {
      const char *line = text;
      guint offset = 0;

      /* The first and last paragraphs are never subheadings */
      for (int i = 0;; i++)
        {
          const char *newline = strchr (line, '\n');
          gsize length = newline != NULL ? (gsize)(newline - line) : strlen (line);
          glong chars = g_utf8_strlen (line, length);

          if (newline == NULL)
            break;
          if (i > 0 && looks_like_heading (line, length))
            {
              GtkTextIter start, end;

              gtk_text_buffer_get_iter_at_offset (buffer, &start, offset);
              gtk_text_buffer_get_iter_at_offset (buffer, &end, offset + chars);
              gtk_text_buffer_apply_tag (buffer, self->heading_tag, &start, &end);
            }
          offset += chars + 1;
          line = newline + 1;
        }
      return;
    }

  for (int i = 1; i + 1 < n_lines; i++)
    {
      GtkTextIter start, end;
      g_autofree char *line = NULL;

      gtk_text_buffer_get_iter_at_line (buffer, &start, i);
      end = start;
      if (!gtk_text_iter_ends_line (&end))
        gtk_text_iter_forward_to_line_end (&end);
      line = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      if (looks_like_heading (line, strlen (line)))
        gtk_text_buffer_apply_tag (buffer, self->heading_tag, &start, &end);
    }
}

static void
get_span_iters (FmArticleView *self,
                FmClaim       *claim,
                GtkTextIter   *start,
                GtkTextIter   *end)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);

  gtk_text_buffer_get_iter_at_offset (buffer, start, fm_claim_get_start (claim));
  gtk_text_buffer_get_iter_at_offset (buffer, end, fm_claim_get_end (claim));
}

static int
compare_by_length (gconstpointer a,
                   gconstpointer b)
{
  FmClaim *ca = *(FmClaim **)a;
  FmClaim *cb = *(FmClaim **)b;
  guint la = fm_claim_get_end (ca) - fm_claim_get_start (ca);
  guint lb = fm_claim_get_end (cb) - fm_claim_get_start (cb);

  if (la != lb)
    return la < lb ? -1 : 1;
  return fm_claim_compare (ca, cb);
}

GPtrArray *
fm_article_view_claims_at (FmArticleView *self,
                           guint          offset)
{
  GPtrArray *found = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;

  g_return_val_if_fail (FM_IS_ARTICLE_VIEW (self), found);

  n = self->claims ? g_list_model_get_n_items (G_LIST_MODEL (self->claims)) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FmClaim) claim = g_list_model_get_item (G_LIST_MODEL (self->claims), i);

      if (fm_claim_get_anchor_state (claim) != FM_ANCHOR_STATE_ORPHAN &&
          fm_claim_get_start (claim) <= offset && offset < fm_claim_get_end (claim))
        g_ptr_array_add (found, g_steal_pointer (&claim));
    }
  g_ptr_array_sort (found, compare_by_length);
  return found;
}

static gboolean
offset_at_point (FmArticleView *self,
                 double         x,
                 double         y,
                 guint         *offset)
{
  GtkTextIter iter;
  GdkRectangle rect;
  int bx, by;

  gtk_text_view_window_to_buffer_coords (self->text_view, GTK_TEXT_WINDOW_WIDGET,
                                         (int)x, (int)y, &bx, &by);
  if (!gtk_text_view_get_iter_at_location (self->text_view, &iter, bx, by))
    return FALSE;
  /* Past the end of a line is not on its last character */
  gtk_text_view_get_iter_location (self->text_view, &iter, &rect);
  if (bx < rect.x || bx > rect.x + MAX (rect.width, 1))
    return FALSE;
  *offset = gtk_text_iter_get_offset (&iter);
  return TRUE;
}

static gboolean
suggestion_tooltip (FmArticleView *self,
                    guint          offset,
                    GtkTooltip    *tooltip)
{
  int index = self->suggestions ? fm_suggestions_find_at (self->suggestions, offset) : -1;
  const FmSuggestion *s;
  g_autofree char *reasons = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *markup = NULL;
  g_autofree char *heading = NULL;

  if (index < 0)
    return FALSE;
  s = fm_suggestions_get_item (self->suggestions, index);
  reasons = fm_suggestion_describe (s);
  escaped = g_markup_escape_text (reasons, -1);
  /* TRANSLATORS: tooltip of a suggested sentence; %d is its score out of 100 */
  heading = g_strdup_printf (_("Suggested claim · score %d of 100"), (int)round (s->score * 100));
  markup = g_strdup_printf ("<b>%s</b>%s%s\n%s\n<small>%s</small>", heading,
                            s->anonymous_source ? " · " : "",
                            s->anonymous_source ? _("<b>unnamed or vague source</b>") : "",
                            escaped,
                            _("A to accept it as a claim, D to dismiss it"));
  gtk_tooltip_set_markup (tooltip, markup);
  return TRUE;
}

static gboolean
on_query_tooltip (FmArticleView *self,
                  int            x,
                  int            y,
                  gboolean       keyboard,
                  GtkTooltip    *tooltip)
{
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(GString) markup = NULL;
  guint offset;

  if (keyboard || !offset_at_point (self, x, y, &offset))
    return FALSE;
  claims = fm_article_view_claims_at (self, offset);
  if (claims->len == 0)
    return suggestion_tooltip (self, offset, tooltip);

  markup = g_string_new (NULL);
  for (guint i = 0; i < claims->len; i++)
    {
      FmClaim *claim = g_ptr_array_index (claims, i);
      int number = fm_claim_list_find (self->claims, fm_claim_get_id (claim)) + 1;
      g_autofree char *text = g_markup_escape_text (fm_claim_get_display_text (claim), -1);
      g_autofree char *verdict = g_markup_escape_text (fm_verdict_label (fm_claim_get_verdict (claim)), -1);
      g_autofree char *status = g_markup_escape_text (fm_status_label (fm_claim_get_status (claim)), -1);

      if (i > 0)
        g_string_append (markup, "\n\n");
      /* TRANSLATORS: tooltip of a highlight: claim number, verdict, status */
      g_string_append_printf (markup, _("<b>Claim %d · %s</b> · %s"), number, verdict, status);
      g_string_append_printf (markup, "\n%s", text);
      if (fm_claim_get_anchor_state (claim) == FM_ANCHOR_STATE_FLAGGED)
        {
          g_autofree char *flag = NULL;

          /* TRANSLATORS: tooltip of a claim moved onto changed text; %d is a percentage */
          flag = g_strdup_printf (_("To confirm: placed on the changed article with %d%% confidence"),
                                  (int)round (fm_claim_get_anchor_confidence (claim) * 100));
          g_string_append_printf (markup, "\n<i>%s</i>", flag);
        }
    }
  gtk_tooltip_set_markup (tooltip, markup->str);
  return TRUE;
}

static gboolean
select_clicked_claim (gpointer user_data)
{
  FmArticleView *self = user_data;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  g_autoptr(GPtrArray) claims = NULL;
  guint offset;
  guint pick = 0;

  self->click_source = 0;
  /* A drag or a double click selected text: that is not a click on a claim */
  if (gtk_text_buffer_get_has_selection (buffer) ||
      !offset_at_point (self, self->click_x, self->click_y, &offset))
    return G_SOURCE_REMOVE;
  claims = fm_article_view_claims_at (self, offset);
  if (claims->len == 0)
    {
      if (self->suggestions != NULL)
        {
          int index = fm_suggestions_find_at (self->suggestions, offset);

          if (index >= 0)
            fm_suggestions_set_current (self->suggestions, index);
        }
      return G_SOURCE_REMOVE;
    }
  /* Clicking again where claims overlap goes to the next one */
  for (guint i = 0; i < claims->len; i++)
    if (g_ptr_array_index (claims, i) == self->selected_claim)
      pick = (i + 1) % claims->len;
  fm_article_view_set_selected_claim (self, g_ptr_array_index (claims, pick));
  return G_SOURCE_REMOVE;
}

static gboolean
event_position (FmArticleView *self,
                GdkEvent      *event,
                double        *x,
                double        *y)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self->text_view));
  double sx, sy, nx, ny;

  if (native == NULL || !gdk_event_get_position (event, &sx, &sy))
    return FALSE;
  gtk_native_get_surface_transform (native, &nx, &ny);
  return gtk_widget_translate_coordinates (GTK_WIDGET (native), GTK_WIDGET (self->text_view),
                                           sx - nx, sy - ny, x, y);
}

/* The text view claims the clicks it gets, so a click gesture beside it
 * never sees one end: the raw events tell a click from a drag */
static gboolean
on_button_event (FmArticleView            *self,
                 GdkEvent                 *event,
                 GtkEventControllerLegacy *legacy)
{
  GdkEventType type = gdk_event_get_event_type (event);
  double x, y;

  if ((type != GDK_BUTTON_PRESS && type != GDK_BUTTON_RELEASE) ||
      !event_position (self, event, &x, &y))
    return GDK_EVENT_PROPAGATE;
  if (gdk_button_event_get_button (event) == GDK_BUTTON_SECONDARY)
    {
      guint offset;

      /* The context menu acts on the suggestion under the pointer */
      if (type == GDK_BUTTON_PRESS && self->suggestions != NULL &&
          offset_at_point (self, x, y, &offset))
        {
          int index = fm_suggestions_find_at (self->suggestions, offset);

          if (index >= 0)
            fm_suggestions_set_current (self->suggestions, index);
        }
      return GDK_EVENT_PROPAGATE;
    }
  if (gdk_button_event_get_button (event) != GDK_BUTTON_PRIMARY)
    return GDK_EVENT_PROPAGATE;

  if (type == GDK_BUTTON_PRESS)
    {
      self->press_x = x;
      self->press_y = y;
    }
  else if (fabs (x - self->press_x) < 4 && fabs (y - self->press_y) < 4 && self->click_source == 0)
    {
      self->click_x = x;
      self->click_y = y;
      /* After the text view has handled the release */
      self->click_source = g_idle_add (select_clicked_claim, self);
    }
  return GDK_EVENT_PROPAGATE;
}

static void
on_motion (FmArticleView            *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *motion)
{
  g_autoptr(GPtrArray) claims = NULL;
  guint offset;
  gboolean over = FALSE;

  if (offset_at_point (self, x, y, &offset))
    {
      claims = fm_article_view_claims_at (self, offset);
      over = claims->len > 0 ||
             (self->suggestions != NULL && fm_suggestions_find_at (self->suggestions, offset) >= 0);
    }
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self->text_view), over ? "pointer" : "text");
}

/* Scrolling */

static gboolean
scroll_to_selected (gpointer user_data)
{
  FmArticleView *self = user_data;
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  GtkTextIter start, end;
  GdkRectangle first, last, visible;
  double top, bottom, value, page, target;

  self->scroll_source = 0;
  get_offset_iters (self, self->scroll_start, self->scroll_end, &start, &end);
  gtk_text_view_get_iter_location (self->text_view, &start, &first);
  gtk_text_view_get_iter_location (self->text_view, &end, &last);
  gtk_text_view_get_visible_rect (self->text_view, &visible);

  /* From buffer coordinates to the adjustment's, which differ by where
   * the view is scrolled to */
  value = gtk_adjustment_get_value (adj);
  page = gtk_adjustment_get_page_size (adj);
  top = first.y - visible.y + value;
  bottom = last.y + last.height - visible.y + value;
  if (top >= value + 12 && bottom <= value + page - 12)
    return G_SOURCE_REMOVE;
  /* A third from the top, where the eye goes after a jump */
  target = top - page / 3;
  if (bottom - top > page * 2 / 3)
    target = top - 24;
  gtk_adjustment_set_value (adj, CLAMP (target, gtk_adjustment_get_lower (adj),
                                        gtk_adjustment_get_upper (adj) - page));
  return G_SOURCE_REMOVE;
}

static void
queue_scroll (FmArticleView *self,
              guint          start,
              guint          end)
{
  self->scroll_start = start;
  self->scroll_end = end;
  /* After the next layout, when the text has its positions */
  if (self->scroll_source == 0)
    self->scroll_source = g_timeout_add_full (G_PRIORITY_LOW, 10, scroll_to_selected, self, NULL);
}

static gboolean
flash_step (gpointer user_data)
{
  FmArticleView *self = user_data;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->flash_tag, &start, &end);
  if (self->selected_claim == NULL || self->flash_steps == 0)
    {
      self->flash_source = 0;
      return G_SOURCE_REMOVE;
    }
  if (self->flash_steps % 2 == 0)
    {
      get_span_iters (self, self->selected_claim, &start, &end);
      gtk_text_buffer_apply_tag (buffer, self->flash_tag, &start, &end);
    }
  self->flash_steps--;
  return G_SOURCE_CONTINUE;
}

static void
flash (FmArticleView *self)
{
  g_clear_handle_id (&self->flash_source, g_source_remove);
  /* On, off, on, off */
  self->flash_steps = 4;
  flash_step (self);
  self->flash_source = g_timeout_add (200, flash_step, self);
}

gboolean
fm_article_view_is_flashing (FmArticleView *self)
{
  g_return_val_if_fail (FM_IS_ARTICLE_VIEW (self), FALSE);
  return self->flash_source != 0;
}

/* Public API */

void
fm_article_view_set_selected_claim (FmArticleView *self,
                                    FmClaim       *claim)
{
  g_return_if_fail (FM_IS_ARTICLE_VIEW (self));
  g_return_if_fail (claim == NULL || FM_IS_CLAIM (claim));

  if (self->selected_claim == claim)
    return;
  g_set_object (&self->selected_claim, claim);
  retag_selection (self);
  if (claim != NULL && fm_claim_get_anchor_state (claim) != FM_ANCHOR_STATE_ORPHAN)
    {
      queue_scroll (self, fm_claim_get_start (claim), fm_claim_get_end (claim));
      flash (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_CLAIM]);
}

FmClaim *
fm_article_view_get_selected_claim (FmArticleView *self)
{
  g_return_val_if_fail (FM_IS_ARTICLE_VIEW (self), NULL);
  return self->selected_claim;
}

static void
on_claims_changed (FmArticleView *self)
{
  if (self->selected_claim != NULL &&
      fm_claim_list_find (self->claims, fm_claim_get_id (self->selected_claim)) < 0)
    fm_article_view_set_selected_claim (self, NULL);
  sync_claim_tags (self);
}

static void
on_claim_changed (FmArticleView *self,
                  FmClaim       *claim,
                  const char    *field)
{
  if (self->claims != NULL &&
      g_strcmp0 (fm_claim_get_article_id (claim), fm_claim_list_get_article_id (self->claims)) == 0 &&
      (g_strcmp0 (field, "verdict") == 0 || g_strcmp0 (field, "anchor") == 0 ||
       g_strcmp0 (field, "sync") == 0))
    {
      GtkTextTag *tag = g_hash_table_lookup (self->claim_tags, claim);

      /* A new verdict: the colours of its tag. A claim that may have moved
       * (placed anew, or changed by another device): its tag anew. */
      if (tag != NULL && g_strcmp0 (field, "verdict") == 0)
        style_claim_tag (tag, claim);
      else
        {
          remove_claim_tag (self, claim);
          if (fm_claim_list_find (self->claims, fm_claim_get_id (claim)) >= 0 &&
              fm_claim_get_anchor_state (claim) != FM_ANCHOR_STATE_ORPHAN)
            add_claim_tag (self, claim, TRUE);
        }
      if (claim == self->selected_claim)
        retag_selection (self);
      gtk_widget_queue_draw (GTK_WIDGET (self->text_view));
    }
}

static void
set_label (GtkLabel   *label,
           const char *text)
{
  gtk_label_set_text (label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

/* The URL's tooltip, asked for when shown (on_url_query_tooltip()): a
 * tooltip set with gtk_widget_set_tooltip_text() costs a round trip to the
 * X server, on each article opened */
static void
set_url_tip (FmArticleView *self,
             const char    *url)
{
  g_free (self->url_tip);
  self->url_tip = g_strdup (url);
  if (url != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->url_label),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, url, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->url_label),
                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

static gboolean
on_url_query_tooltip (FmArticleView *self,
                      int            x,
                      int            y,
                      gboolean       keyboard,
                      GtkTooltip    *tooltip)
{
  if (self->url_tip == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, self->url_tip);
  return TRUE;
}

static void
update_header (FmArticleView *self)
{
  FmArticle *article = self->article;
  g_autofree char *date = fm_format_date (fm_article_get_published (article));
  const char *site = fm_article_get_site_name (article);
  const char *url = fm_article_get_canonical_url (article);
  g_autofree char *kicker = NULL;
  g_autofree char *byline = NULL;

  if (site != NULL && *site != '\0' && date != NULL)
    /* TRANSLATORS: site name and publication date above an article */
    kicker = g_strdup_printf (_("%s · %s"), site, date);
  else
    kicker = g_strdup (site && *site ? site : date);
  set_label (self->kicker_label, kicker);
  set_label (self->title_label, fm_article_get_title (article));
  set_label (self->byline_label, fm_article_get_byline (article));

  if (url == NULL || *url == '\0')
    url = fm_article_get_url (article);
  if (url != NULL && (g_str_has_prefix (url, "http://") || g_str_has_prefix (url, "https://")))
    {
      g_autofree char *escaped = g_markup_escape_text (url, -1);
      g_autofree char *markup = g_strdup_printf ("<a href=\"%s\">%s</a>", escaped, escaped);

      gtk_label_set_markup (self->url_label, markup);
      set_url_tip (self, url);
      gtk_widget_set_visible (GTK_WIDGET (self->url_label), TRUE);
    }
  else if (fm_article_get_source_name (article) != NULL)
    {
      gtk_label_set_text (self->url_label, fm_article_get_source_name (article));
      set_url_tip (self, NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->url_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->url_label), FALSE);
}

void
fm_article_view_set_article (FmArticleView *self,
                             FmArticle     *article,
                             FmClaimList   *claims)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_if_fail (FM_IS_ARTICLE_VIEW (self));
  g_return_if_fail (article == NULL || FM_IS_ARTICLE (article));
  g_return_if_fail (claims == NULL || FM_IS_CLAIM_LIST (claims));

  fm_article_view_set_selected_claim (self, NULL);
  if (self->claims != NULL)
    g_signal_handlers_disconnect_by_func (self->claims, on_claims_changed, self);
  g_set_object (&self->claims, claims);
  g_set_object (&self->article, article);
  g_signal_group_set_target (self->store_signals,
                             claims ? fm_claim_list_get_store (claims) : NULL);
  if (claims != NULL)
    g_signal_connect_object (claims, "items-changed", G_CALLBACK (on_claims_changed), self,
                             G_CONNECT_SWAPPED);
  fm_article_text_set_claims (FM_ARTICLE_TEXT (self->text_view), G_LIST_MODEL (claims));

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_set_text (buffer, article ? fm_article_get_text (article) : "", -1);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_apply_tag (buffer, self->body_tag, &start, &end);
  mark_headings (self);
  fm_article_text_mark_directions (FM_ARTICLE_TEXT (self->text_view));
  gtk_text_buffer_place_cursor (buffer, &start);
  if (article != NULL)
    update_header (self);
  fm_article_text_update_header (FM_ARTICLE_TEXT (self->text_view));
  rehighlight (self);
  retag_suggestions (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARTICLE]);
}

FmArticle *
fm_article_view_get_article (FmArticleView *self)
{
  g_return_val_if_fail (FM_IS_ARTICLE_VIEW (self), NULL);
  return self->article;
}

gboolean
fm_article_view_get_selection_span (FmArticleView *self,
                                    guint         *start_out,
                                    guint         *end_out)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (FM_IS_ARTICLE_VIEW (self), FALSE);

  buffer = gtk_text_view_get_buffer (self->text_view);
  if (!gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    return FALSE;

  /* White space at either end is not part of a claim */
  while (gtk_text_iter_compare (&start, &end) < 0 &&
         g_unichar_isspace (gtk_text_iter_get_char (&start)))
    gtk_text_iter_forward_char (&start);
  while (gtk_text_iter_compare (&start, &end) < 0)
    {
      GtkTextIter prev = end;

      gtk_text_iter_backward_char (&prev);
      if (!g_unichar_isspace (gtk_text_iter_get_char (&prev)))
        break;
      end = prev;
    }
  if (gtk_text_iter_equal (&start, &end))
    return FALSE;

  /* Snap to whole words: a claim never starts or ends inside one */
  if (gtk_text_iter_inside_word (&start) && !gtk_text_iter_starts_word (&start))
    gtk_text_iter_backward_word_start (&start);
  if (gtk_text_iter_inside_word (&end) && !gtk_text_iter_starts_word (&end) &&
      !gtk_text_iter_ends_word (&end))
    gtk_text_iter_forward_word_end (&end);

  *start_out = gtk_text_iter_get_offset (&start);
  *end_out = gtk_text_iter_get_offset (&end);
  return TRUE;
}

gboolean
fm_article_view_get_has_selection (FmArticleView *self)
{
  g_return_val_if_fail (FM_IS_ARTICLE_VIEW (self), FALSE);
  return gtk_text_buffer_get_has_selection (gtk_text_view_get_buffer (self->text_view));
}

void
fm_article_view_select_range (FmArticleView *self,
                              guint          start,
                              guint          end)
{
  GtkTextBuffer *buffer;
  GtkTextIter s, e;

  g_return_if_fail (FM_IS_ARTICLE_VIEW (self));

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_iter_at_offset (buffer, &s, start);
  gtk_text_buffer_get_iter_at_offset (buffer, &e, end);
  gtk_text_buffer_select_range (buffer, &s, &e);
}

double
fm_article_view_get_text_scale (FmArticleView *self)
{
  g_return_val_if_fail (FM_IS_ARTICLE_VIEW (self), 1.0);
  return self->text_scale;
}

void
fm_article_view_set_text_scale (FmArticleView *self,
                                double         scale)
{
  g_return_if_fail (FM_IS_ARTICLE_VIEW (self));

  scale = CLAMP (scale, 0.6, 2.5);
  if (G_APPROX_VALUE (self->text_scale, scale, 0.001))
    return;
  self->text_scale = scale;
  update_text_scale (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT_SCALE]);
}

GtkTextView *
fm_article_view_get_text_view (FmArticleView *self)
{
  g_return_val_if_fail (FM_IS_ARTICLE_VIEW (self), NULL);
  return self->text_view;
}

/* Suggestions */

static void
on_current_suggestion (FmArticleView *self)
{
  int current = fm_suggestions_get_current (self->suggestions);

  retag_suggestions (self);
  if (current >= 0)
    {
      const FmSuggestion *s = fm_suggestions_get_item (self->suggestions, current);

      queue_scroll (self, s->start, s->end);
    }
}

void
fm_article_view_set_suggestions (FmArticleView *self,
                                 FmSuggestions *suggestions)
{
  g_return_if_fail (FM_IS_ARTICLE_VIEW (self));
  g_return_if_fail (suggestions == NULL || FM_IS_SUGGESTIONS (suggestions));

  if (self->suggestions == suggestions)
    return;
  if (self->suggestions != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->suggestions, retag_suggestions, self);
      g_signal_handlers_disconnect_by_func (self->suggestions, on_current_suggestion, self);
    }
  g_set_object (&self->suggestions, suggestions);
  if (suggestions != NULL)
    {
      g_signal_connect_object (suggestions, "changed", G_CALLBACK (retag_suggestions), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (suggestions, "notify::active", G_CALLBACK (retag_suggestions), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (suggestions, "notify::current", G_CALLBACK (on_current_suggestion),
                               self, G_CONNECT_SWAPPED);
    }
  retag_suggestions (self);
}

guint
fm_article_view_get_cursor_offset (FmArticleView *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter iter;
  GdkRectangle visible;

  g_return_val_if_fail (FM_IS_ARTICLE_VIEW (self), 0);

  buffer = gtk_text_view_get_buffer (self->text_view);
  /* The selection, or else the first line in sight */
  if (gtk_text_buffer_get_has_selection (buffer))
    {
      gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
      return gtk_text_iter_get_offset (&iter);
    }
  gtk_text_view_get_visible_rect (self->text_view, &visible);
  gtk_text_view_get_iter_at_location (self->text_view, &iter, visible.x, MAX (0, visible.y));
  return gtk_text_iter_get_offset (&iter);
}

static void
on_has_selection (FmArticleView *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_SELECTION]);
}

/* Layout: the scrolled window fills the view. The text view's reading
 * column depends on its width, which is set here, before the scrolled
 * window (and in it the text view) is allocated. */

static void
fm_article_view_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  FmArticleView *self = FM_ARTICLE_VIEW (widget);

  gtk_widget_measure (GTK_WIDGET (self->scroller), orientation, for_size, minimum, natural,
                      NULL, NULL);
}

static void
fm_article_view_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  FmArticleView *self = FM_ARTICLE_VIEW (widget);
  int text_width = width;

  /* A scroll bar beside the text rather than over it takes its width */
  if (!gtk_scrolled_window_get_overlay_scrolling (self->scroller))
    {
      GtkWidget *scrollbar = gtk_scrolled_window_get_vscrollbar (self->scroller);
      int scrollbar_width = 0;

      if (scrollbar != NULL && gtk_widget_get_visible (scrollbar))
        gtk_widget_measure (scrollbar, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &scrollbar_width,
                            NULL, NULL);
      text_width -= scrollbar_width;
    }
  fm_article_text_fit_column (FM_ARTICLE_TEXT (self->text_view), text_width);
  gtk_widget_allocate (GTK_WIDGET (self->scroller), width, height, baseline, NULL);
}

/* GObject */

static void
fm_article_view_dispose (GObject *object)
{
  FmArticleView *self = (FmArticleView *)object;

  g_clear_handle_id (&self->flash_source, g_source_remove);
  g_clear_handle_id (&self->scroll_source, g_source_remove);
  g_clear_handle_id (&self->click_source, g_source_remove);
  if (self->claims != NULL)
    g_signal_handlers_disconnect_by_func (self->claims, on_claims_changed, self);
  if (self->suggestions != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->suggestions, retag_suggestions, self);
      g_signal_handlers_disconnect_by_func (self->suggestions, on_current_suggestion, self);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), FM_TYPE_ARTICLE_VIEW);
  /* The template's root is not a bound child */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->store_signals);
  if (self->untagged != NULL)
    forget_untagged (self);
  g_clear_pointer (&self->untagged, g_hash_table_unref);
  g_clear_pointer (&self->untagged_order, g_ptr_array_unref);
  g_clear_pointer (&self->claim_tags, g_hash_table_unref);
  g_clear_pointer (&self->spare_tags, g_ptr_array_unref);
  g_clear_object (&self->selected_claim);
  g_clear_object (&self->claims);
  g_clear_object (&self->article);
  g_clear_object (&self->suggestions);
  g_clear_pointer (&self->url_tip, g_free);

  G_OBJECT_CLASS (fm_article_view_parent_class)->dispose (object);
}

static void
fm_article_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FmArticleView *self = FM_ARTICLE_VIEW (object);

  switch (prop_id)
    {
    case PROP_ARTICLE:
      g_value_set_object (value, self->article);
      break;
    case PROP_SELECTED_CLAIM:
      g_value_set_object (value, self->selected_claim);
      break;
    case PROP_HAS_SELECTION:
      g_value_set_boolean (value, fm_article_view_get_has_selection (self));
      break;
    case PROP_TEXT_SCALE:
      g_value_set_double (value, self->text_scale);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fm_article_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FmArticleView *self = FM_ARTICLE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SELECTED_CLAIM:
      fm_article_view_set_selected_claim (self, g_value_get_object (value));
      break;
    case PROP_TEXT_SCALE:
      fm_article_view_set_text_scale (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fm_article_view_class_init (FmArticleViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fm_article_view_dispose;
  object_class->get_property = fm_article_view_get_property;
  object_class->set_property = fm_article_view_set_property;

  properties[PROP_ARTICLE] =
    g_param_spec_object ("article", NULL, NULL, FM_TYPE_ARTICLE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_CLAIM] =
    g_param_spec_object ("selected-claim", NULL, NULL, FM_TYPE_CLAIM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_SELECTION] =
    g_param_spec_boolean ("has-selection", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT_SCALE] =
    g_param_spec_double ("text-scale", NULL, NULL, 0.6, 2.5, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FM_TYPE_ARTICLE_TEXT);
  widget_class->measure = fm_article_view_measure;
  widget_class->size_allocate = fm_article_view_size_allocate;
  gtk_widget_class_set_css_name (widget_class, "articleview");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/factmark/Factmark/fm-article-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FmArticleView, scroller);
  gtk_widget_class_bind_template_child (widget_class, FmArticleView, header);
  gtk_widget_class_bind_template_child (widget_class, FmArticleView, kicker_label);
  gtk_widget_class_bind_template_child (widget_class, FmArticleView, title_label);
  gtk_widget_class_bind_template_child (widget_class, FmArticleView, byline_label);
  gtk_widget_class_bind_template_child (widget_class, FmArticleView, url_label);
  gtk_widget_class_bind_template_child (widget_class, FmArticleView, sourcing_box);
  gtk_widget_class_bind_template_child (widget_class, FmArticleView, sourcing_label);
  gtk_widget_class_bind_template_child (widget_class, FmArticleView, text_view);
}

static void
fm_article_view_init (FmArticleView *self)
{
  GtkTextBuffer *buffer;
  GtkEventController *buttons;
  GtkEventController *motion;
  g_autoptr(GMenu) menu = g_menu_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->text_scale = 1.0;
  /* The header goes into the text view, above the first line */
  g_object_ref (self->header);
  gtk_widget_unparent (self->header);
  fm_article_text_set_header (FM_ARTICLE_TEXT (self->text_view), self->header);
  g_object_unref (self->header);

  buffer = gtk_text_view_get_buffer (self->text_view);
  self->body_tag = gtk_text_buffer_create_tag (buffer, "body", NULL);
  self->heading_tag = gtk_text_buffer_create_tag (buffer, "heading", NULL);
  self->claim_tags = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->spare_tags = g_ptr_array_new ();
  self->untagged = g_hash_table_new (NULL, NULL);
  self->untagged_order = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scroller), "value-changed",
                           G_CALLBACK (queue_tag_in_sight), self, G_CONNECT_SWAPPED);
  /* Lines laid out for the first time change the text's height, and with
   * it which claims are in sight: the estimate a scroll went by may have
   * missed some */
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scroller), "changed",
                           G_CALLBACK (queue_tag_in_sight), self, G_CONNECT_SWAPPED);
  /* Below the claims' tags, which are made later */
  self->suggestion_tag = gtk_text_buffer_create_tag (buffer, "suggestion", NULL);
  self->current_suggestion_tag = gtk_text_buffer_create_tag (buffer, "current-suggestion", NULL);
  self->vague_source_tag = gtk_text_buffer_create_tag (buffer, "vague-source", NULL);
  self->selected_tag = gtk_text_buffer_create_tag (buffer, "selected-claim", NULL);
  self->flash_tag = gtk_text_buffer_create_tag (buffer, "flash", NULL);
  update_text_scale (self);
  update_tag_colours (self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_tag_colours), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (buffer, "notify::has-selection", G_CALLBACK (on_has_selection),
                           self, G_CONNECT_SWAPPED);

  self->store_signals = g_signal_group_new (FM_TYPE_STORE);
  g_signal_group_connect_object (self->store_signals, "claim-changed",
                                 G_CALLBACK (on_claim_changed), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->text_view, "query-tooltip", G_CALLBACK (on_query_tooltip),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->url_label), TRUE);
  g_signal_connect_object (self->url_label, "query-tooltip", G_CALLBACK (on_url_query_tooltip),
                           self, G_CONNECT_SWAPPED);
  buttons = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (buttons, GTK_PHASE_CAPTURE);
  g_signal_connect_object (buttons, "event", G_CALLBACK (on_button_event), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), buttons);
  motion = gtk_event_controller_motion_new ();
  g_signal_connect_object (motion, "motion", G_CALLBACK (on_motion), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), motion);

  g_menu_append (menu, _("Add _Claim"), "win.add-claim");
  {
    g_autoptr(GMenu) section = g_menu_new ();
    g_autoptr(GMenuItem) accept = g_menu_item_new (_("_Accept Suggestion as Claim"),
                                                   "win.accept-suggestion");
    g_autoptr(GMenuItem) dismiss = g_menu_item_new (_("_Dismiss Suggestion"),
                                                    "win.dismiss-suggestion");

    /* Only on a suggestion */
    g_menu_item_set_attribute (accept, "hidden-when", "s", "action-disabled");
    g_menu_item_set_attribute (dismiss, "hidden-when", "s", "action-disabled");
    g_menu_append_item (section, accept);
    g_menu_append_item (section, dismiss);
    g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  }
  gtk_text_view_set_extra_menu (self->text_view, G_MENU_MODEL (menu));

  /* One key each, where typing means nothing else */
  {
    GtkEventController *keys = gtk_shortcut_controller_new ();

    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
      gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_a, 0),
                        gtk_named_action_new ("win.accept-suggestion")));
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
      gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_d, 0),
                        gtk_named_action_new ("win.dismiss-suggestion")));
    gtk_widget_add_controller (GTK_WIDGET (self->text_view), keys);
  }
}

GtkWidget *
fm_article_view_new (void)
{
  return g_object_new (FM_TYPE_ARTICLE_VIEW, NULL);
}

/* Colours (issue 9) */

/* The ground of a claim's words: its verdict's colour, faint enough that
 * the text keeps WCAG AA contrast on it (tests/test-contrast.c) */
void
fm_article_view_highlight_rgba (FmVerdict  verdict,
                                gboolean   dark,
                                gboolean   selected,
                                GdkRGBA   *rgba)
{
  g_return_if_fail (verdict < FM_N_VERDICTS);
  g_return_if_fail (rgba != NULL);

  if (selected)
    verdict_rgba (verdict, dark, dark ? 0.45 : 0.32, rgba);
  else
    verdict_rgba (verdict, dark, dark ? 0.22 : 0.14, rgba);
}
