/* fm-export-dialog.c — Export…: choose a format and a file, write it in the background
 *
 * The article, its claims and sources are copied from the store on the main
 * thread (fm_export_collect); building and writing happen in a worker
 * thread, with progress here and Cancel that stops it. Nothing half-written
 * is ever left: fm-export writes a temporary file and renames it.
 *
 * The report and ClaimReview carry where the fact-check is published and
 * who publishes it, as `--report-url` and `--organization` do on the
 * command line; both are remembered (GSettings "report-urls", per
 * article, and "organization").
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fm-export-dialog.h"
#include "fm-util.h"

struct _FmExportDialog
{
  AdwWindow             parent_instance;

  FmStore              *store;
  FmArticle            *article;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  GFile                *target;
  GSettings            *settings;

  AdwWindowTitle       *title_widget;
  GtkStack             *stack;
  GtkCheckButton       *html_check;
  GtkCheckButton       *csv_check;
  GtkCheckButton       *w3c_check;
  GtkCheckButton       *claimreview_check;
  GtkSwitch            *approved_switch;
  AdwPreferencesGroup  *publishing_group;
  AdwEntryRow          *report_url_row;
  AdwEntryRow          *organization_row;
  GtkLabel             *progress_label;
  GtkProgressBar       *progress_bar;
};

G_DEFINE_FINAL_TYPE (FmExportDialog, fm_export_dialog, ADW_TYPE_WINDOW)

enum {
  EXPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkCheckButton *
check_for (FmExportDialog *self,
           FmExportFormat  format)
{
  switch (format)
    {
    case FM_EXPORT_FORMAT_CSV:          return self->csv_check;
    case FM_EXPORT_FORMAT_W3C:          return self->w3c_check;
    case FM_EXPORT_FORMAT_CLAIM_REVIEW: return self->claimreview_check;
    case FM_EXPORT_FORMAT_HTML:
    default:
      return self->html_check;
    }
}

FmExportFormat
fm_export_dialog_get_format (FmExportDialog *self)
{
  g_return_val_if_fail (FM_IS_EXPORT_DIALOG (self), FM_EXPORT_FORMAT_HTML);

  for (FmExportFormat f = 0; f < FM_N_EXPORT_FORMATS; f++)
    if (gtk_check_button_get_active (check_for (self, f)))
      return f;
  return FM_EXPORT_FORMAT_HTML;
}

void
fm_export_dialog_set_format (FmExportDialog *self,
                             FmExportFormat  format)
{
  g_return_if_fail (FM_IS_EXPORT_DIALOG (self));
  g_return_if_fail (format < FM_N_EXPORT_FORMATS);

  gtk_check_button_set_active (check_for (self, format), TRUE);
}

void
fm_export_dialog_set_approved_only (FmExportDialog *self,
                                    gboolean        approved_only)
{
  g_return_if_fail (FM_IS_EXPORT_DIALOG (self));

  gtk_switch_set_active (self->approved_switch, approved_only);
}

/* The entry's text without the spaces around it; NULL when empty */
static char *
entry_text (AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static void show_error (FmExportDialog *self,
                        const char     *message);

/* Only the report and ClaimReview carry ClaimReview data */
static gboolean
publishing_applies (FmExportFormat format)
{
  return format == FM_EXPORT_FORMAT_HTML || format == FM_EXPORT_FORMAT_CLAIM_REVIEW;
}

static gboolean
report_url_valid (FmExportDialog *self)
{
  g_autofree char *url = entry_text (self->report_url_row);

  return url == NULL || fm_url_is_web (url);
}

static void
update_publishing (FmExportDialog *self)
{
  gboolean applies = publishing_applies (fm_export_dialog_get_format (self));
  gboolean valid = report_url_valid (self);

  gtk_widget_set_visible (GTK_WIDGET (self->publishing_group), applies);
  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (self->report_url_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->report_url_row), "error");
}

/* Export… says why rather than going grey: a greyed button explains nothing */
static gboolean
check_report_url (FmExportDialog *self)
{
  if (!publishing_applies (fm_export_dialog_get_format (self)) || report_url_valid (self))
    return TRUE;
  show_error (self, _("The web address of the published fact-check must start with "
                      "http:// or https://."));
  return FALSE;
}

void
fm_export_dialog_set_report_url (FmExportDialog *self,
                                 const char     *report_url)
{
  g_return_if_fail (FM_IS_EXPORT_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->report_url_row), report_url ? report_url : "");
}

/* NULL when empty */
char *
fm_export_dialog_dup_report_url (FmExportDialog *self)
{
  g_return_val_if_fail (FM_IS_EXPORT_DIALOG (self), NULL);

  return entry_text (self->report_url_row);
}

void
fm_export_dialog_set_organization (FmExportDialog *self,
                                   const char     *organization)
{
  g_return_if_fail (FM_IS_EXPORT_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->organization_row), organization ? organization : "");
}

/* NULL when empty */
char *
fm_export_dialog_dup_organization (FmExportDialog *self)
{
  g_return_val_if_fail (FM_IS_EXPORT_DIALOG (self), NULL);

  return entry_text (self->organization_row);
}

gboolean
fm_export_dialog_get_publishing_visible (FmExportDialog *self)
{
  g_return_val_if_fail (FM_IS_EXPORT_DIALOG (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->publishing_group));
}

static void
load_publishing (FmExportDialog *self)
{
  g_autoptr(GVariant) map = g_settings_get_value (self->settings, "report-urls");
  g_autofree char *organization = g_settings_get_string (self->settings, "organization");
  const char *url = NULL;

  if (g_variant_lookup (map, fm_article_get_id (self->article), "&s", &url))
    fm_export_dialog_set_report_url (self, url);
  fm_export_dialog_set_organization (self, organization);
}

/* What was exported with is what the next export starts from */
static void
save_publishing (FmExportDialog *self,
                 const char     *report_url,
                 const char     *organization)
{
  g_autoptr(GVariant) map = g_settings_get_value (self->settings, "report-urls");
  const char *article_id = fm_article_get_id (self->article);
  GVariantBuilder builder;
  GVariantIter iter;
  const char *key;
  const char *value;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  g_variant_iter_init (&iter, map);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    if (!g_str_equal (key, article_id))
      g_variant_builder_add (&builder, "{ss}", key, value);
  if (report_url != NULL)
    g_variant_builder_add (&builder, "{ss}", article_id, report_url);
  g_settings_set_value (self->settings, "report-urls", g_variant_builder_end (&builder));
  g_settings_set_string (self->settings, "organization", organization ? organization : "");
}

/* "Harbour Bridge tolls: fact-check.html" without what file systems refuse */
static char *
suggested_name (FmExportDialog *self,
                FmExportFormat  format)
{
  g_autofree char *title = g_strdup (fm_article_get_title (self->article));
  g_autofree char *short_title = NULL;
  const char *kind;

  g_strdelimit (title, "/\\:*?\"<>|\n\r\t", ' ');
  g_strstrip (title);
  short_title = g_utf8_strlen (title, -1) > 60 ? g_utf8_substring (title, 0, 60) : g_strdup (title);
  g_strstrip (short_title);
  if (*short_title == '\0')
    {
      g_free (short_title);
      short_title = g_strdup (_("Article"));
    }
  switch (format)
    {
    case FM_EXPORT_FORMAT_HTML:         kind = C_("file name", "fact-check"); break;
    case FM_EXPORT_FORMAT_CSV:          kind = C_("file name", "claims"); break;
    case FM_EXPORT_FORMAT_W3C:          kind = C_("file name", "annotations"); break;
    case FM_EXPORT_FORMAT_CLAIM_REVIEW: kind = C_("file name", "claimreview"); break;
    default:                            kind = "export"; break;
    }
  return g_strdup_printf ("%s — %s.%s", short_title, kind, fm_export_format_extension (format));
}

static void
set_busy (FmExportDialog *self,
          gboolean        busy)
{
  gtk_stack_set_visible_child_name (self->stack, busy ? "progress" : "options");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.choose-file", !busy);
}

static void
show_error (FmExportDialog *self,
            const char     *message)
{
  AdwMessageDialog *dialog =
    ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Export Failed"), message));

  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_progress (double   fraction,
             gpointer user_data)
{
  FmExportDialog *self = user_data;

  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
}

static void
export_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FmExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!fm_export_to_file_finish (result, &error))
    {
      g_clear_object (&self->cancellable);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Cancel while writing closes the dialog: nothing was written */
          gtk_window_destroy (GTK_WINDOW (self));
          return;
        }
      set_busy (self, FALSE);
      show_error (self, error->message);
      return;
    }

  g_clear_object (&self->cancellable);
  g_signal_emit (self, signals[EXPORTED], 0, self->target);
  gtk_window_destroy (GTK_WINDOW (self));
}

void
fm_export_dialog_export_to (FmExportDialog *self,
                            GFile          *file)
{
  g_autoptr(FmReportData) data = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *label = NULL;
  g_autofree char *report_url = NULL;
  g_autofree char *organization = NULL;
  FmReportOptions options = FM_REPORT_OPTIONS_INIT;
  FmExportFormat format;

  g_return_if_fail (FM_IS_EXPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->cancellable != NULL)
    return;

  if (!check_report_url (self))
    return;
  format = fm_export_dialog_get_format (self);
  if (publishing_applies (format))
    {
      report_url = entry_text (self->report_url_row);
      organization = entry_text (self->organization_row);
    }

  path = g_file_get_path (file);
  if (path == NULL)
    {
      show_error (self, _("Exports can only be saved to a local folder."));
      return;
    }
  /* Copies taken here, where the store lives */
  data = fm_export_collect (self->store, fm_article_get_id (self->article), &error);
  if (data == NULL)
    {
      show_error (self, error->message);
      return;
    }

  g_set_object (&self->target, file);
  basename = g_file_get_basename (file);
  /* Translators: %s is a file name */
  label = g_strdup_printf (_("Writing “%s”…"), basename);
  gtk_label_set_label (self->progress_label, label);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  set_busy (self, TRUE);

  options.approved_only = gtk_switch_get_active (self->approved_switch);
  /* The same options as --report-url and --organization (copied by the job) */
  options.report_url = report_url;
  options.organization = organization;
  if (publishing_applies (format))
    save_publishing (self, report_url, organization);
  self->cancellable = g_cancellable_new ();
  fm_export_to_file_async (data, format, &options, path,
                           on_progress, g_object_ref (self), g_object_unref,
                           self->cancellable, export_cb, g_object_ref (self));
}

static void
on_chooser_response (FmExportDialog       *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file != NULL)
    fm_export_dialog_export_to (self, file);
}

static void
choose_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  FmExportDialog *self = FM_EXPORT_DIALOG (widget);
  FmExportFormat format = fm_export_dialog_get_format (self);
  g_autofree char *name = suggested_name (self, format);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);

  if (!check_report_url (self))
    return;
  gtk_file_filter_set_name (filter, fm_export_format_label (format));
  gtk_file_filter_add_mime_type (filter, fm_export_format_content_type (format));
  {
    g_autofree char *pattern = g_strconcat ("*.", fm_export_format_extension (format), NULL);
    gtk_file_filter_add_pattern (filter, pattern);
  }

  self->chooser = gtk_file_chooser_native_new (_("Export"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  if (documents != NULL)
    {
      g_autoptr(GFile) folder = g_file_new_for_path (documents);
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
    }
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  FmExportDialog *self = FM_EXPORT_DIALOG (widget);

  /* While writing: stop it (the callback closes the dialog) */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  else
    gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
fm_export_dialog_close_request (GtkWindow *window)
{
  FmExportDialog *self = FM_EXPORT_DIALOG (window);

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      return TRUE;
    }
  return GTK_WINDOW_CLASS (fm_export_dialog_parent_class)->close_request (window);
}

static void
fm_export_dialog_dispose (GObject *object)
{
  FmExportDialog *self = (FmExportDialog *)object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), FM_TYPE_EXPORT_DIALOG);
  g_clear_object (&self->store);
  g_clear_object (&self->article);
  g_clear_object (&self->target);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (fm_export_dialog_parent_class)->dispose (object);
}

static void
fm_export_dialog_class_init (FmExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = fm_export_dialog_dispose;
  window_class->close_request = fm_export_dialog_close_request;

  /**
   * FmExportDialog::exported:
   * @file: the file that was written
   */
  signals[EXPORTED] =
    g_signal_new ("exported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_FILE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/factmark/Factmark/fm-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FmExportDialog, title_widget);
  gtk_widget_class_bind_template_child (widget_class, FmExportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, FmExportDialog, html_check);
  gtk_widget_class_bind_template_child (widget_class, FmExportDialog, csv_check);
  gtk_widget_class_bind_template_child (widget_class, FmExportDialog, w3c_check);
  gtk_widget_class_bind_template_child (widget_class, FmExportDialog, claimreview_check);
  gtk_widget_class_bind_template_child (widget_class, FmExportDialog, approved_switch);
  gtk_widget_class_bind_template_child (widget_class, FmExportDialog, publishing_group);
  gtk_widget_class_bind_template_child (widget_class, FmExportDialog, report_url_row);
  gtk_widget_class_bind_template_child (widget_class, FmExportDialog, organization_row);
  gtk_widget_class_bind_template_child (widget_class, FmExportDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, FmExportDialog, progress_bar);

  gtk_widget_class_install_action (widget_class, "export.choose-file", NULL, choose_file_action);
  gtk_widget_class_install_action (widget_class, "export.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "export.cancel", NULL);
}

static void
fm_export_dialog_init (FmExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (APP_ID);
  for (FmExportFormat f = 0; f < FM_N_EXPORT_FORMATS; f++)
    g_signal_connect_object (check_for (self, f), "notify::active", G_CALLBACK (update_publishing),
                             self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->report_url_row, "changed", G_CALLBACK (update_publishing), self,
                           G_CONNECT_SWAPPED);
}

FmExportDialog *
fm_export_dialog_new (GtkWindow *parent,
                      FmStore   *store,
                      FmArticle *article)
{
  FmExportDialog *self;

  g_return_val_if_fail (FM_IS_STORE (store), NULL);
  g_return_val_if_fail (FM_IS_ARTICLE (article), NULL);

  self = g_object_new (FM_TYPE_EXPORT_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->article = g_object_ref (article);
  adw_window_title_set_subtitle (self->title_widget, fm_article_get_title (article));
  load_publishing (self);
  update_publishing (self);
  return self;
}
