/* fm-diff-window.c — the words removed and added between two versions of an article
 *
 * The new text, with the removed words put back where they were: removed
 * words are struck through on a red ground, added words underlined on a
 * green ground, so that the change reads without colour too. The diff is
 * the store's (fm_store_diff_revisions(), words within aligned
 * paragraphs); this window only lays it out.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fm-a11y.h"
#include "fm-diff.h"
#include "fm-diff-window.h"
#include "fm-format.h"

struct _FmDiffWindow
{
  AdwWindow       parent_instance;

  FmStore        *store;
  char           *article_id;
  GPtrArray      *revisions;     /* FmRevision, oldest first */
  guint           from;
  GArray         *changes;       /* guint pairs: start and end of each change in the buffer */
  int             position;      /* the change last scrolled to */

  AdwWindowTitle *title;
  GtkDropDown    *from_dropdown;
  GtkLabel       *counts_label;
  GtkTextView    *text_view;
  GtkTextTag     *deleted_tag;
  GtkTextTag     *inserted_tag;
  GtkTextTag     *current_tag;
  GtkWidget      *previous_button;
  GtkWidget      *next_button;
  AdwToastOverlay *toasts;
};

G_DEFINE_FINAL_TYPE (FmDiffWindow, fm_diff_window, ADW_TYPE_WINDOW)

static void
update_tag_colours (FmDiffWindow *self)
{
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GdkRGBA deleted_bg, deleted_fg, inserted_bg, inserted_line;

  /* Ground light enough for the text to keep its contrast, ink that is
   * not only a colour: the strike and the underline say it too */
  gdk_rgba_parse (&deleted_bg, dark ? "#ff7b63" : "#e01b24");
  deleted_bg.alpha = dark ? 0.22 : 0.13;
  gdk_rgba_parse (&deleted_fg, dark ? "#ffa0a0" : "#a51d2d");
  gdk_rgba_parse (&inserted_bg, dark ? "#57e389" : "#2ec27e");
  inserted_bg.alpha = dark ? 0.20 : 0.18;
  gdk_rgba_parse (&inserted_line, dark ? "#8ff0a4" : "#1b7a47");

  g_object_set (self->deleted_tag,
                "background-rgba", &deleted_bg,
                "foreground-rgba", &deleted_fg,
                "strikethrough", TRUE,
                "strikethrough-rgba", &deleted_fg,
                NULL);
  g_object_set (self->inserted_tag,
                "background-rgba", &inserted_bg,
                "underline", PANGO_UNDERLINE_SINGLE,
                "underline-rgba", &inserted_line,
                NULL);
  /* The paragraph of the change gone to: found by the eye after a jump,
   * without hiding the marks as a selection would */
  {
    GdkRGBA current;

    gdk_rgba_parse (&current, dark ? "#78aeed" : "#3584e4");
    current.alpha = dark ? 0.12 : 0.08;
    g_object_set (self->current_tag, "paragraph-background-rgba", &current, NULL);
  }
}

static const FmRevision *
revision_number (FmDiffWindow *self,
                 guint         number)
{
  for (guint i = 0; i < self->revisions->len; i++)
    {
      const FmRevision *r = g_ptr_array_index (self->revisions, i);

      if (r->number == number)
        return r;
    }
  return NULL;
}

static const FmRevision *
current_revision (FmDiffWindow *self)
{
  return g_ptr_array_index (self->revisions, self->revisions->len - 1);
}

static char *
revision_label (const FmRevision *r)
{
  g_autofree char *when = fm_format_time (r->imported_at);

  /* TRANSLATORS: "Version 1, 3 Jun 2026, 09:12" */
  return when ? g_strdup_printf (_("Version %u, %s"), r->number, when)
              : g_strdup_printf (_("Version %u"), r->number);
}

static void
insert_slice (GtkTextBuffer  *buffer,
              GtkTextIter    *iter,
              const gunichar *text,
              guint           start,
              guint           end,
              GtkTextTag     *tag)
{
  g_autofree char *utf8 = NULL;

  if (end <= start)
    return;
  utf8 = g_ucs4_to_utf8 (text + start, end - start, NULL, NULL, NULL);
  if (utf8 == NULL)
    return;
  if (tag != NULL)
    gtk_text_buffer_insert_with_tags (buffer, iter, utf8, -1, tag, NULL);
  else
    gtk_text_buffer_insert (buffer, iter, utf8, -1);
}

static gboolean
show_diff (FmDiffWindow  *self,
           GError       **error)
{
  const FmRevision *to = current_revision (self);
  const FmRevision *from = revision_number (self, self->from);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  g_autofree char *old_text = NULL;
  g_autofree char *new_text = NULL;
  g_autofree gunichar *old_chars = NULL;
  g_autofree gunichar *new_chars = NULL;
  g_autoptr(GArray) ops = NULL;
  g_autofree char *from_label = NULL;
  g_autofree char *to_label = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *counts = NULL;
  GtkTextIter iter;
  guint deleted, inserted;

  if (from == NULL)
    {
      g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_NOT_FOUND,
                   _("The article has no version %u"), self->from);
      return FALSE;
    }
  old_text = fm_store_get_revision_text (self->store, self->article_id, from->number, error);
  if (old_text == NULL)
    return FALSE;
  new_text = fm_store_get_revision_text (self->store, self->article_id, to->number, error);
  if (new_text == NULL)
    return FALSE;
  ops = fm_store_diff_revisions (self->store, self->article_id, from->number, to->number, error);
  if (ops == NULL)
    return FALSE;
  old_chars = g_utf8_to_ucs4_fast (old_text, -1, NULL);
  new_chars = g_utf8_to_ucs4_fast (new_text, -1, NULL);

  gtk_text_buffer_set_text (buffer, "", 0);
  g_array_set_size (self->changes, 0);
  self->position = -1;
  gtk_text_buffer_get_start_iter (buffer, &iter);
  for (guint i = 0; i < ops->len; i++)
    {
      const FmDiffOp *op = &g_array_index (ops, FmDiffOp, i);
      guint start = gtk_text_iter_get_offset (&iter);

      switch (op->kind)
        {
        case FM_DIFF_EQUAL:
          insert_slice (buffer, &iter, new_chars, op->new_start, op->new_end, NULL);
          continue;
        case FM_DIFF_DELETE:
          insert_slice (buffer, &iter, old_chars, op->old_start, op->old_end, self->deleted_tag);
          break;
        case FM_DIFF_INSERT:
          insert_slice (buffer, &iter, new_chars, op->new_start, op->new_end, self->inserted_tag);
          break;
        default:
          g_assert_not_reached ();
        }
      /* A replacement (a deletion, then its insertion) is one change to go to */
      if (self->changes->len > 0 &&
          g_array_index (self->changes, guint, self->changes->len - 1) == start)
        g_array_index (self->changes, guint, self->changes->len - 1) = gtk_text_iter_get_offset (&iter);
      else
        {
          guint span[2] = { start, gtk_text_iter_get_offset (&iter) };
          g_array_append_vals (self->changes, span, 2);
        }
    }

  from_label = revision_label (from);
  to_label = revision_label (to);
  /* TRANSLATORS: what is compared: "Version 1, … → Version 2, …" */
  subtitle = g_strdup_printf (_("%s → %s"), from_label, to_label);
  adw_window_title_set_subtitle (self->title, subtitle);
  fm_diff_count (ops, &deleted, &inserted);
  if (fm_diff_is_empty (ops))
    counts = g_strdup (_("The two versions have the same text"));
  else
    {
      guint n = self->changes->len / 2;
      g_autofree char *changes = g_strdup_printf (ngettext ("%u change", "%u changes", n), n);

      g_autofree char *removed = g_strdup_printf (ngettext ("%u character removed",
                                                            "%u characters removed", deleted),
                                                  deleted);
      g_autofree char *added = g_strdup_printf (ngettext ("%u character added",
                                                          "%u characters added", inserted),
                                                inserted);

      /* TRANSLATORS: "3 changes: 120 characters removed, 85 characters added";
       * each %s is a count said apart ("%u change", "%u character removed",
       * "%u character added") */
      counts = g_strdup_printf (_("%s: %s, %s"), changes, removed, added);
    }
  gtk_label_set_text (self->counts_label, counts);
  gtk_widget_set_sensitive (self->previous_button, self->changes->len > 0);
  gtk_widget_set_sensitive (self->next_button, self->changes->len > 0);
  return TRUE;
}

gboolean
fm_diff_window_step (FmDiffWindow *self,
                     int           step)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  guint n;

  g_return_val_if_fail (FM_IS_DIFF_WINDOW (self), FALSE);

  n = self->changes->len / 2;
  if (n == 0)
    return FALSE;
  if (self->position < 0)
    self->position = step > 0 ? 0 : (int)n - 1;
  else
    self->position = ((self->position + step) % (int)n + (int)n) % (int)n;

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_iter_at_offset (buffer, &start,
                                      g_array_index (self->changes, guint, self->position * 2));
  gtk_text_buffer_get_iter_at_offset (buffer, &end,
                                      g_array_index (self->changes, guint, self->position * 2 + 1));
  {
    GtkTextIter all_start, all_end;

    gtk_text_buffer_get_bounds (buffer, &all_start, &all_end);
    gtk_text_buffer_remove_tag (buffer, self->current_tag, &all_start, &all_end);
  }
  gtk_text_buffer_apply_tag (buffer, self->current_tag, &start, &end);
  gtk_text_buffer_place_cursor (buffer, &start);
  gtk_text_view_scroll_to_iter (self->text_view, &start, 0.1, TRUE, 0.0, 0.3);
  return TRUE;
}

static void
on_previous (FmDiffWindow *self)
{
  fm_diff_window_step (self, -1);
}

static void
on_next (FmDiffWindow *self)
{
  fm_diff_window_step (self, 1);
}

static void
on_from_selected (FmDiffWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->from_dropdown);

  /* The list offers every version but the current one, oldest first */
  if (selected < self->revisions->len - 1)
    fm_diff_window_set_from (self, ((FmRevision *)g_ptr_array_index (self->revisions, selected))->number);
}

guint
fm_diff_window_get_from (FmDiffWindow *self)
{
  g_return_val_if_fail (FM_IS_DIFF_WINDOW (self), 0);
  return self->from;
}

void
fm_diff_window_set_from (FmDiffWindow *self,
                         guint         from)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (FM_IS_DIFF_WINDOW (self));

  if (self->from == from)
    return;
  self->from = from;
  if (!show_diff (self, &error))
    adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
  for (guint i = 0; i + 1 < self->revisions->len; i++)
    if (((FmRevision *)g_ptr_array_index (self->revisions, i))->number == from)
      gtk_drop_down_set_selected (self->from_dropdown, i);
}

char *
fm_diff_window_get_text (FmDiffWindow *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (FM_IS_DIFF_WINDOW (self), NULL);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

guint
fm_diff_window_get_n_changes (FmDiffWindow *self)
{
  g_return_val_if_fail (FM_IS_DIFF_WINDOW (self), 0);
  return self->changes->len / 2;
}

char *
fm_diff_window_get_change (FmDiffWindow *self,
                           guint         index,
                           gboolean     *deleted)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (FM_IS_DIFF_WINDOW (self), NULL);
  g_return_val_if_fail (index < self->changes->len / 2, NULL);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_iter_at_offset (buffer, &start, g_array_index (self->changes, guint, index * 2));
  gtk_text_buffer_get_iter_at_offset (buffer, &end, g_array_index (self->changes, guint, index * 2 + 1));
  if (deleted != NULL)
    *deleted = gtk_text_iter_has_tag (&start, self->deleted_tag);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Building */

static GtkWidget *
legend_sample (const char *text,
               const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
build (FmDiffWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *legend = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *nav = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkTextBuffer *buffer;

  self->title = ADW_WINDOW_TITLE (adw_window_title_new (_("Changes in the Article"), NULL));
  /* The window's own name, for screen readers and the window list */
  gtk_window_set_title (GTK_WINDOW (self), _("Changes in the Article"));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));

  self->previous_button = gtk_button_new_from_icon_name ("go-up-symbolic");
  gtk_widget_set_tooltip_text (self->previous_button, _("Previous Change (Alt+Up)"));
  self->next_button = gtk_button_new_from_icon_name ("go-down-symbolic");
  gtk_widget_set_tooltip_text (self->next_button, _("Next Change (Alt+Down)"));
  /* GTK 4.8 names a widget by its label only, never by an icon or a tooltip */
  fm_a11y_name_from_tooltip (self->previous_button);
  fm_a11y_name_from_tooltip (self->next_button);
  gtk_widget_add_css_class (nav, "linked");
  gtk_box_append (GTK_BOX (nav), self->previous_button);
  gtk_box_append (GTK_BOX (nav), self->next_button);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), nav);
  g_signal_connect_object (self->previous_button, "clicked", G_CALLBACK (on_previous), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->next_button, "clicked", G_CALLBACK (on_next), self,
                           G_CONNECT_SWAPPED);

  self->from_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->from_dropdown), _("The version to compare with"));
  fm_a11y_name_from_tooltip (GTK_WIDGET (self->from_dropdown));
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), GTK_WIDGET (self->from_dropdown));
  gtk_box_append (GTK_BOX (box), header);

  gtk_widget_add_css_class (legend, "diff-legend");
  gtk_box_append (GTK_BOX (legend), legend_sample (_("Removed words"), "diff-deleted-sample"));
  gtk_box_append (GTK_BOX (legend), legend_sample (_("Added words"), "diff-inserted-sample"));
  self->counts_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->counts_label, 1);
  gtk_label_set_wrap (self->counts_label, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->counts_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->counts_label), "dim-label");
  gtk_box_append (GTK_BOX (legend), GTK_WIDGET (self->counts_label));
  gtk_box_append (GTK_BOX (box), legend);

  self->text_view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_editable (self->text_view, FALSE);
  gtk_text_view_set_cursor_visible (self->text_view, FALSE);
  gtk_text_view_set_wrap_mode (self->text_view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_pixels_below_lines (self->text_view, 14);
  gtk_text_view_set_pixels_inside_wrap (self->text_view, 4);
  gtk_text_view_set_top_margin (self->text_view, 24);
  gtk_text_view_set_bottom_margin (self->text_view, 36);
  gtk_text_view_set_left_margin (self->text_view, 12);
  gtk_text_view_set_right_margin (self->text_view, 12);
  gtk_widget_add_css_class (GTK_WIDGET (self->text_view), "diff-text");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Article text with the changes marked"), -1);
  buffer = gtk_text_view_get_buffer (self->text_view);
  self->deleted_tag = gtk_text_buffer_create_tag (buffer, "deleted", NULL);
  self->inserted_tag = gtk_text_buffer_create_tag (buffer, "inserted", NULL);
  self->current_tag = gtk_text_buffer_create_tag (buffer, "current", NULL);
  update_tag_colours (self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_tag_colours), self, G_CONNECT_SWAPPED);

  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 760);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (self->text_view));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_widget_add_css_class (scroller, "diff-scroller");

  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toasts, scroller);
  gtk_widget_set_vexpand (GTK_WIDGET (self->toasts), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->toasts));
  adw_window_set_content (ADW_WINDOW (self), box);
}

static gboolean
close_window (GtkWidget *widget,
              GVariant  *args,
              gpointer   user_data)
{
  gtk_window_close (GTK_WINDOW (widget));
  return TRUE;
}

static gboolean
step_shortcut (GtkWidget *widget,
               GVariant  *args,
               gpointer   user_data)
{
  fm_diff_window_step (FM_DIFF_WINDOW (widget), g_variant_get_int32 (args));
  return TRUE;
}

FmDiffWindow *
fm_diff_window_new (GtkWindow   *parent,
                    FmStore     *store,
                    const char  *article_id,
                    guint        from,
                    GError     **error)
{
  FmDiffWindow *self;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) revisions = NULL;

  g_return_val_if_fail (FM_IS_STORE (store), NULL);
  g_return_val_if_fail (article_id != NULL, NULL);

  revisions = fm_store_list_revisions (store, article_id, error);
  if (revisions == NULL)
    return NULL;
  if (revisions->len < 2)
    {
      g_set_error_literal (error, FM_STORE_ERROR, FM_STORE_ERROR_NOT_FOUND,
                           _("This article has only one version: nothing changed"));
      return NULL;
    }

  /* GTK owns a window until it is destroyed */
  self = g_object_new (FM_TYPE_DIFF_WINDOW,
                       "transient-for", parent,
                       "modal", TRUE,
                       "default-width", 860,
                       "default-height", 720,
                       NULL);
  self->store = g_object_ref (store);
  self->article_id = g_strdup (article_id);
  self->revisions = g_steal_pointer (&revisions);
  self->from = from;

  for (guint i = 0; i + 1 < self->revisions->len; i++)
    {
      g_autofree char *label = revision_label (g_ptr_array_index (self->revisions, i));
      gtk_string_list_append (labels, label);
    }
  gtk_drop_down_set_model (self->from_dropdown, G_LIST_MODEL (labels));
  /* Only worth a choice with more than one earlier version */
  gtk_widget_set_visible (GTK_WIDGET (self->from_dropdown), self->revisions->len > 2);
  for (guint i = 0; i + 1 < self->revisions->len; i++)
    if (((FmRevision *)g_ptr_array_index (self->revisions, i))->number == from)
      gtk_drop_down_set_selected (self->from_dropdown, i);
  g_signal_connect_object (self->from_dropdown, "notify::selected", G_CALLBACK (on_from_selected),
                           self, G_CONNECT_SWAPPED);

  if (!show_diff (self, error))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return NULL;
    }
  return self;
}

static void
fm_diff_window_dispose (GObject *object)
{
  FmDiffWindow *self = (FmDiffWindow *)object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->article_id, g_free);
  g_clear_pointer (&self->revisions, g_ptr_array_unref);
  g_clear_pointer (&self->changes, g_array_unref);

  G_OBJECT_CLASS (fm_diff_window_parent_class)->dispose (object);
}

static void
fm_diff_window_class_init (FmDiffWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fm_diff_window_dispose;

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, close_window, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, close_window, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Down, GDK_ALT_MASK, step_shortcut, "i", 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Up, GDK_ALT_MASK, step_shortcut, "i", -1);
}

static void
fm_diff_window_init (FmDiffWindow *self)
{
  self->changes = g_array_new (FALSE, FALSE, sizeof (guint));
  self->position = -1;
  build (self);
}
