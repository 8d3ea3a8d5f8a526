/* fm-ui-frame.h — waiting for the window to be drawn, and screenshots
 *
 * What a change shows (a dialog presented, rows of a new list, a scroll) is
 * laid out and drawn in a frame after it. The UI tests wait for that frame,
 * not for a fixed time: a slow build (the sanitizer pass of
 * build-aux/dev test) or a busy machine takes longer than any pause that
 * suits the normal build.
 */
#pragma once

#include <gtk/gtk.h>

#include "fm-test.h"

G_BEGIN_DECLS

static inline void
fm_ui_count_frame (GdkFrameClock *clock,
                   guint         *painted)
{
  (*painted)++;
}

/* Waits until @widget is shown and its window has drawn a frame that
 * started after this call */
static inline void
fm_ui_wait_for_frame (GtkWidget *widget)
{
  gint64 end = g_get_monotonic_time () + FM_TEST_WAIT_SECONDS * G_USEC_PER_SEC;
  GdkFrameClock *clock;
  guint painted = 0;
  gulong handler;

  while ((!gtk_widget_get_mapped (widget) || gtk_widget_get_width (widget) == 0) &&
         g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
  g_assert_true (gtk_widget_get_mapped (widget));
  clock = gtk_widget_get_frame_clock (widget);
  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (fm_ui_count_frame), &painted);
  gtk_widget_queue_draw (widget);
  while (painted == 0 && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
  g_signal_handler_disconnect (clock, handler);
  g_assert_cmpuint (painted, >, 0);
}

/* What @widget drew last, or NULL when its window has not drawn it yet */
static inline GskRenderNode *
fm_ui_widget_node (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget),
                          gtk_widget_get_height (widget));
  return gtk_snapshot_free_to_node (snapshot);
}

/* @widget as a frame after this call draws it, in PNG, as NAME in the
 * build's tests/artifacts/ */
static inline void
fm_ui_save_screenshot (GtkWidget  *widget,
                       const char *name)
{
  gint64 end = g_get_monotonic_time () + FM_TEST_WAIT_SECONDS * G_USEC_PER_SEC;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ?: ".", "artifacts", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  GskRenderer *renderer;

  fm_ui_wait_for_frame (widget);
  /* GDK's X11 windows draw nothing until the X server says they are mapped */
  while ((node = fm_ui_widget_node (widget)) == NULL && g_get_monotonic_time () < end)
    {
      gtk_widget_queue_draw (widget);
      g_main_context_iteration (NULL, FALSE), g_usleep (1000);
    }
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                              gtk_widget_get_height (widget)));
  g_mkdir_with_parents (dir, 0755);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

/* Where the middle of the text between the character offsets @start and
 * @end (on one line) is, in @window's coordinates */
static inline void
fm_ui_text_point (GtkWidget   *window,
                  GtkTextView *text_view,
                  int          start,
                  int          end,
                  double      *x,
                  double      *y)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (text_view);
  GtkTextIter iter, iter_end;
  GdkRectangle rect, rect_end;
  int wx, wy;

  gtk_text_buffer_get_iter_at_offset (buffer, &iter, start);
  gtk_text_buffer_get_iter_at_offset (buffer, &iter_end, end);
  gtk_text_view_get_iter_location (text_view, &iter, &rect);
  gtk_text_view_get_iter_location (text_view, &iter_end, &rect_end);
  gtk_text_view_buffer_to_window_coords (text_view, GTK_TEXT_WINDOW_WIDGET,
                                         (rect.x + rect_end.x) / 2, rect.y + rect.height / 2,
                                         &wx, &wy);
  g_assert_true (gtk_widget_translate_coordinates (GTK_WIDGET (text_view), window, wx, wy, x, y));
}

/* That point, once a click there lands on the text: frames until it is
 * on the text view (which grows while GTK lays the text out in the
 * background) and stays where it is from one frame to the next (a view
 * that scrolls to a selection does so after a layout) */
static inline void
fm_ui_wait_for_text_point (GtkWidget   *window,
                           GtkTextView *text_view,
                           int          start,
                           int          end,
                           double      *x,
                           double      *y)
{
  gint64 end_time = g_get_monotonic_time () + FM_TEST_WAIT_SECONDS * G_USEC_PER_SEC;
  double last_x = -1, last_y = -1;

  for (;;)
    {
      GtkWidget *picked;

      fm_ui_wait_for_frame (window);
      fm_ui_text_point (window, text_view, start, end, x, y);
      picked = gtk_widget_pick (window, *x, *y, GTK_PICK_DEFAULT);
      if (*x == last_x && *y == last_y && picked != NULL &&
          (picked == GTK_WIDGET (text_view) || gtk_widget_is_ancestor (picked, GTK_WIDGET (text_view))))
        return;
      g_assert_cmpint (g_get_monotonic_time (), <, end_time);
      last_x = *x;
      last_y = *y;
    }
}

G_END_DECLS
