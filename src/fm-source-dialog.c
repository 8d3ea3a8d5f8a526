/* fm-source-dialog.c — add or edit one source of a claim
 *
 * A source is several values that only make sense together (a title without
 * its address is nothing), so it is edited as a form and saved in one
 * transaction with Save; every field is checked while it is typed.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fm-format.h"
#include "fm-source-dialog.h"
#include "fm-util.h"

struct _FmSourceDialog
{
  AdwWindow       parent_instance;

  FmStore        *store;
  char           *claim_id;
  FmSource       *source;

  AdwWindowTitle *title_widget;
  GtkWidget      *save_button;
  GtkRevealer    *error_revealer;
  GtkLabel       *error_label;
  AdwEntryRow    *url_row;
  AdwEntryRow    *title_row;
  AdwEntryRow    *publisher_row;
  AdwEntryRow    *author_row;
  AdwComboRow    *stance_row;
  AdwComboRow    *kind_row;
  AdwEntryRow    *accessed_row;
  AdwEntryRow    *archive_row;
  GtkTextView    *note_view;
};

G_DEFINE_FINAL_TYPE (FmSourceDialog, fm_source_dialog, ADW_TYPE_WINDOW)

static const char *
text_of (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static char *
stripped (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (text_of (row)));
}

static void
set_entry (AdwEntryRow *row,
           const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
}

static void
mark (AdwEntryRow *row,
      gboolean     valid)
{
  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
}

static void
validate (FmSourceDialog *self)
{
  g_autofree char *url = stripped (self->url_row);
  g_autofree char *archive = stripped (self->archive_row);
  g_autofree char *accessed = stripped (self->accessed_row);
  gboolean url_ok = fm_url_is_web (url);
  gboolean archive_ok = *archive == '\0' || fm_url_is_web (archive);
  gboolean accessed_ok = *accessed == '\0' || fm_format_is_date (accessed);

  /* A refusal is about the values that were saved, not these */
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  /* An empty address is not an error yet, only not enough */
  mark (self->url_row, url_ok || *url == '\0');
  mark (self->archive_row, archive_ok);
  mark (self->accessed_row, accessed_ok);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "source.save",
                                 url_ok && archive_ok && accessed_ok);
}

static void
show_error (FmSourceDialog *self,
            const char     *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
}

static char *
note_text (FmSourceDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->note_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

gboolean
fm_source_dialog_save (FmSourceDialog *self)
{
  g_autoptr(FmSource) values = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = stripped (self->url_row);
  g_autofree char *archive = stripped (self->archive_row);
  g_autofree char *accessed = stripped (self->accessed_row);
  g_autofree char *title = stripped (self->title_row);
  g_autofree char *publisher = stripped (self->publisher_row);
  g_autofree char *author = stripped (self->author_row);
  g_autofree char *note = note_text (self);
  gboolean ok;

  g_return_val_if_fail (FM_IS_SOURCE_DIALOG (self), FALSE);

  if (!fm_url_is_web (url))
    {
      show_error (self, _("The address must be a web address that starts with http:// or https://"));
      return FALSE;
    }
  if (*accessed != '\0' && !fm_format_is_date (accessed))
    {
      show_error (self, _("The date accessed must be a date such as 2026-03-12"));
      return FALSE;
    }

  values = self->source ? fm_source_copy (self->source) : fm_source_new ();
  fm_source_set_url (values, url);
  fm_source_set_title (values, title);
  fm_source_set_publisher (values, publisher);
  fm_source_set_author (values, author);
  fm_source_set_accessed (values, accessed);
  fm_source_set_archive_url (values, archive);
  fm_source_set_stance (values, adw_combo_row_get_selected (self->stance_row));
  fm_source_set_kind (values, adw_combo_row_get_selected (self->kind_row));
  fm_source_set_note (values, note);

  if (self->source != NULL)
    ok = fm_store_update_source (self->store, self->source, values, &error);
  else
    {
      g_autoptr(FmSource) added = fm_store_add_source (self->store, self->claim_id, values, &error);
      ok = added != NULL;
    }
  if (!ok)
    {
      show_error (self, error->message);
      return FALSE;
    }
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  fm_source_dialog_save (FM_SOURCE_DIALOG (widget));
}

GtkEditable *
fm_source_dialog_get_entry (FmSourceDialog *self,
                            const char     *name)
{
  g_return_val_if_fail (FM_IS_SOURCE_DIALOG (self), NULL);

  if (g_str_equal (name, "url"))         return GTK_EDITABLE (self->url_row);
  if (g_str_equal (name, "title"))       return GTK_EDITABLE (self->title_row);
  if (g_str_equal (name, "publisher"))   return GTK_EDITABLE (self->publisher_row);
  if (g_str_equal (name, "author"))      return GTK_EDITABLE (self->author_row);
  if (g_str_equal (name, "archive-url")) return GTK_EDITABLE (self->archive_row);
  if (g_str_equal (name, "accessed"))    return GTK_EDITABLE (self->accessed_row);
  g_return_val_if_reached (NULL);
}

void
fm_source_dialog_set_stance (FmSourceDialog *self,
                             FmStance        stance)
{
  g_return_if_fail (FM_IS_SOURCE_DIALOG (self));
  adw_combo_row_set_selected (self->stance_row, stance);
}

void
fm_source_dialog_set_kind (FmSourceDialog *self,
                           FmSourceKind    kind)
{
  g_return_if_fail (FM_IS_SOURCE_DIALOG (self));
  adw_combo_row_set_selected (self->kind_row, kind);
}

void
fm_source_dialog_set_note (FmSourceDialog *self,
                           const char     *note)
{
  g_return_if_fail (FM_IS_SOURCE_DIALOG (self));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->note_view), note ? note : "", -1);
}

static void
fm_source_dialog_dispose (GObject *object)
{
  FmSourceDialog *self = (FmSourceDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), FM_TYPE_SOURCE_DIALOG);
  g_clear_object (&self->store);
  g_clear_object (&self->source);
  g_clear_pointer (&self->claim_id, g_free);

  G_OBJECT_CLASS (fm_source_dialog_parent_class)->dispose (object);
}

static void
fm_source_dialog_class_init (FmSourceDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fm_source_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/factmark/Factmark/fm-source-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FmSourceDialog, title_widget);
  gtk_widget_class_bind_template_child (widget_class, FmSourceDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, FmSourceDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, FmSourceDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, FmSourceDialog, url_row);
  gtk_widget_class_bind_template_child (widget_class, FmSourceDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, FmSourceDialog, publisher_row);
  gtk_widget_class_bind_template_child (widget_class, FmSourceDialog, author_row);
  gtk_widget_class_bind_template_child (widget_class, FmSourceDialog, stance_row);
  gtk_widget_class_bind_template_child (widget_class, FmSourceDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, FmSourceDialog, accessed_row);
  gtk_widget_class_bind_template_child (widget_class, FmSourceDialog, archive_row);
  gtk_widget_class_bind_template_child (widget_class, FmSourceDialog, note_view);

  gtk_widget_class_install_action (widget_class, "source.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "source.save", NULL);
}

static void
fm_source_dialog_init (FmSourceDialog *self)
{
  g_autoptr(GtkStringList) stances = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  AdwEntryRow *rows[] = { self->url_row, self->archive_row, self->accessed_row };

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < FM_N_STANCES; i++)
    gtk_string_list_append (stances, fm_stance_label (i));
  for (guint i = 0; i < FM_N_SOURCE_KINDS; i++)
    gtk_string_list_append (kinds, fm_source_kind_label (i));
  adw_combo_row_set_model (self->stance_row, G_LIST_MODEL (stances));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));

  rows[0] = self->url_row;
  rows[1] = self->archive_row;
  rows[2] = self->accessed_row;
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_signal_connect_object (rows[i], "changed", G_CALLBACK (validate), self, G_CONNECT_SWAPPED);
}

FmSourceDialog *
fm_source_dialog_new (GtkWindow  *parent,
                      FmStore    *store,
                      const char *claim_id,
                      FmSource   *source)
{
  FmSourceDialog *self;

  g_return_val_if_fail (FM_IS_STORE (store), NULL);
  g_return_val_if_fail (claim_id != NULL, NULL);
  g_return_val_if_fail (source == NULL || FM_IS_SOURCE (source), NULL);

  self = g_object_new (FM_TYPE_SOURCE_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->claim_id = g_strdup (claim_id);
  if (source != NULL)
    {
      self->source = g_object_ref (source);
      adw_window_title_set_title (self->title_widget, _("Edit Source"));
      /* The window's own title is its accessible name */
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Source"));
      set_entry (self->url_row, fm_source_get_url (source));
      set_entry (self->title_row, fm_source_get_title (source));
      set_entry (self->publisher_row, fm_source_get_publisher (source));
      set_entry (self->author_row, fm_source_get_author (source));
      set_entry (self->accessed_row, fm_source_get_accessed (source));
      set_entry (self->archive_row, fm_source_get_archive_url (source));
      adw_combo_row_set_selected (self->stance_row, fm_source_get_stance (source));
      adw_combo_row_set_selected (self->kind_row, fm_source_get_kind (source));
      fm_source_dialog_set_note (self, fm_source_get_note (source));
    }
  else
    {
      g_autofree char *today = fm_format_today ();

      adw_window_title_set_title (self->title_widget, _("Add Source"));
      /* The window's own title is its accessible name */
      gtk_window_set_title (GTK_WINDOW (self), _("Add Source"));
      gtk_editable_set_text (GTK_EDITABLE (self->accessed_row), today);
      adw_combo_row_set_selected (self->kind_row, FM_SOURCE_KIND_OTHER);
    }
  validate (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->url_row));
  return self;
}
