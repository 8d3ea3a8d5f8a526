/* fm-window.c — the main window */
#include "config.h"

#include <glib/gi18n.h>

#include "fm-import.h"
#include "fm-window.h"

struct _FmWindow
{
  AdwApplicationWindow  parent_instance;

  FmStore              *store;
  FmArticle            *article;
  GCancellable         *cancellable;

  AdwToastOverlay      *toasts;
  AdwWindowTitle       *title;
  GtkStack             *stack;
  AdwStatusPage        *status_page;
  GtkTextView          *text_view;
};

G_DEFINE_FINAL_TYPE (FmWindow, fm_window, ADW_TYPE_APPLICATION_WINDOW)

static void
show_article (FmWindow  *self,
              FmArticle *article)
{
  g_set_object (&self->article, article);
  adw_window_title_set_title (self->title, fm_article_get_title (article));
  adw_window_title_set_subtitle (self->title, fm_article_get_site_name (article) ?
                                              fm_article_get_site_name (article) : "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view),
                            fm_article_get_text (article), -1);
  gtk_stack_set_visible_child_name (self->stack, "article");
}

static void
toast (FmWindow   *self,
       const char *message)
{
  AdwToast *t = adw_toast_new (message);

  adw_toast_set_timeout (t, 0);
  adw_toast_overlay_add_toast (self->toasts, t);
}

typedef struct
{
  FmWindow *self;
  char     *name;
} OpenData;

static void
open_file_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  OpenData *data = user_data;
  g_autoptr(FmWindow) self = data->self;
  g_autofree char *name = data->name;
  g_autoptr(GError) error = NULL;
  g_autoptr(FmArticle) imported = fm_import_file_finish (result, &error);
  g_autoptr(FmArticle) stored = NULL;

  g_free (data);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (imported != NULL)
    stored = fm_store_add_article (self->store, imported, NULL, &error);
  if (stored == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not open “%s”: %s"), name,
                                                  error->message);
      toast (self, message);
      return;
    }
  show_article (self, stored);
}

void
fm_window_open_file (FmWindow *self,
                     GFile    *file)
{
  OpenData *data;

  g_return_if_fail (FM_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->store == NULL)
    return;
  data = g_new0 (OpenData, 1);
  data->self = g_object_ref (self);
  data->name = g_file_get_basename (file);
  fm_import_file_async (file, FM_IMPORT_FLAGS_NONE, self->cancellable, open_file_cb, data);
}

static void
fm_window_dispose (GObject *object)
{
  FmWindow *self = (FmWindow *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), FM_TYPE_WINDOW);
  g_clear_object (&self->article);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (fm_window_parent_class)->dispose (object);
}

static void
fm_window_class_init (FmWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fm_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/factmark/Factmark/fm-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FmWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, FmWindow, title);
  gtk_widget_class_bind_template_child (widget_class, FmWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, FmWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, FmWindow, text_view);
}

static void
fm_window_init (FmWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

FmWindow *
fm_window_new (FmApplication *app,
               FmStore       *store,
               const GError  *error)
{
  FmWindow *self = g_object_new (FM_TYPE_WINDOW, "application", app, NULL);

  if (store == NULL)
    {
      adw_status_page_set_icon_name (self->status_page, "dialog-error-symbolic");
      adw_status_page_set_title (self->status_page, _("The workspace could not be opened"));
      adw_status_page_set_description (self->status_page, error ? error->message : NULL);
      return self;
    }

  self->store = g_object_ref (store);
  {
    g_autoptr(GPtrArray) articles = fm_store_list_articles (store, NULL);

    if (articles != NULL && articles->len > 0)
      {
        g_autoptr(FmArticle) article =
          fm_store_get_article (store, fm_article_get_id (g_ptr_array_index (articles, 0)), NULL);

        if (article != NULL)
          show_article (self, article);
      }
  }
  return self;
}
