/* fm-workflow-dialog.c — asks for the words an editor's decision needs
 *
 * Approving a claim whose sign-off list is incomplete needs a reason, and
 * sending a claim back needs a comment: both are kept in the claim's
 * history, so the dialog will not confirm until something is written.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fm-workflow-dialog.h"

struct _FmWorkflowDialog
{
  AdwMessageDialog  parent_instance;

  GtkLabel         *text_label;
  FmStore          *store;
  FmClaim          *claim;
  FmWorkflowKind    kind;
  FmWorkflowNotify  notify;
  GtkWindow        *parent;         /* weak */
  GtkTextView      *text_view;
};

G_DEFINE_FINAL_TYPE (FmWorkflowDialog, fm_workflow_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
report (GtkWindow        *parent,
        FmWorkflowNotify  notify,
        const char       *message)
{
  if (notify != NULL && parent != NULL)
    notify (parent, message);
  else
    g_message ("%s", message);
}

static void
report_error (GtkWindow        *parent,
              FmWorkflowNotify  notify,
              const char       *what,
              const GError     *error)
{
  g_autofree char *message = g_strdup_printf ("%s: %s", what, error->message);

  report (parent, notify, message);
}

static char *
get_text (FmWorkflowDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

const char *
fm_workflow_dialog_get_confirm_id (FmWorkflowDialog *self)
{
  g_return_val_if_fail (FM_IS_WORKFLOW_DIALOG (self), NULL);
  return self->kind == FM_WORKFLOW_APPROVE_ANYWAY ? "approve" : "request";
}

static void
on_text_changed (FmWorkflowDialog *self)
{
  g_autofree char *text = get_text (self);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self),
                                           fm_workflow_dialog_get_confirm_id (self),
                                           *text != '\0');
}

static void
on_response (FmWorkflowDialog *self,
             const char       *response)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!g_str_equal (response, fm_workflow_dialog_get_confirm_id (self)))
    return;
  text = get_text (self);
  if (self->kind == FM_WORKFLOW_APPROVE_ANYWAY)
    {
      if (fm_store_approve_claim (self->store, self->claim, text, &error))
        report (self->parent, self->notify, _("Claim approved; the reason is in its history"));
      else
        report_error (self->parent, self->notify, _("The claim could not be approved"), error);
    }
  else
    {
      if (fm_store_request_changes (self->store, self->claim, text, &error))
        report (self->parent, self->notify, _("Changes requested; the comment is on the claim"));
      else
        report_error (self->parent, self->notify, _("Changes could not be requested"), error);
    }
}

static void
fm_workflow_dialog_dispose (GObject *object)
{
  FmWorkflowDialog *self = (FmWorkflowDialog *)object;

  if (self->parent != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->parent), (gpointer *)&self->parent);
  self->parent = NULL;
  g_clear_object (&self->store);
  g_clear_object (&self->claim);

  G_OBJECT_CLASS (fm_workflow_dialog_parent_class)->dispose (object);
}

static void
fm_workflow_dialog_class_init (FmWorkflowDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fm_workflow_dialog_dispose;
}

static void
fm_workflow_dialog_init (FmWorkflowDialog *self)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();

  self->text_view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_wrap_mode (self->text_view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (self->text_view, FALSE);
  gtk_text_view_set_top_margin (self->text_view, 10);
  gtk_text_view_set_bottom_margin (self->text_view, 10);
  gtk_text_view_set_left_margin (self->text_view, 12);
  gtk_text_view_set_right_margin (self->text_view, 12);
  gtk_widget_add_css_class (GTK_WIDGET (self->text_view), "workflow-text");
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 96);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 200);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->text_view));
  gtk_widget_add_css_class (scroller, "card");
  gtk_widget_add_css_class (scroller, "workflow-text-frame");
  gtk_widget_set_overflow (scroller, GTK_OVERFLOW_HIDDEN);
  {
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

    self->text_label = GTK_LABEL (gtk_label_new (NULL));
    gtk_label_set_xalign (self->text_label, 0);
    gtk_label_set_mnemonic_widget (self->text_label, GTK_WIDGET (self->text_view));
    gtk_widget_add_css_class (GTK_WIDGET (self->text_label), "heading");
    gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->text_label));
    gtk_box_append (GTK_BOX (box), scroller);
    adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), box);
  }
  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (on_text_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "response", G_CALLBACK (on_response), NULL);
}

FmWorkflowDialog *
fm_workflow_dialog_new (GtkWindow        *parent,
                        FmStore          *store,
                        FmClaim          *claim,
                        FmWorkflowKind    kind,
                        FmSignoffItem     missing,
                        FmWorkflowNotify  notify)
{
  FmWorkflowDialog *self;
  AdwMessageDialog *dialog;

  g_return_val_if_fail (FM_IS_STORE (store), NULL);
  g_return_val_if_fail (FM_IS_CLAIM (claim), NULL);

  self = g_object_new (FM_TYPE_WORKFLOW_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  dialog = ADW_MESSAGE_DIALOG (self);
  self->store = g_object_ref (store);
  self->claim = g_object_ref (claim);
  self->kind = kind;
  self->notify = notify;
  self->parent = parent;
  if (parent != NULL)
    g_object_add_weak_pointer (G_OBJECT (parent), (gpointer *)&self->parent);

  adw_message_dialog_add_response (dialog, "cancel", _("_Cancel"));
  if (kind == FM_WORKFLOW_APPROVE_ANYWAY)
    {
      g_autofree char *missing_text = fm_signoff_describe_missing (missing);
      g_autofree char *body = g_strdup_printf (_("%s Approve it anyway only with a reason: it is "
                                                 "kept in the claim’s history."), missing_text);

      adw_message_dialog_set_heading (dialog, _("The Sign-off List Is Not Complete"));
      adw_message_dialog_set_body (dialog, body);
      adw_message_dialog_add_response (dialog, "approve", _("_Approve Anyway"));
      adw_message_dialog_set_response_appearance (dialog, "approve", ADW_RESPONSE_DESTRUCTIVE);
      gtk_label_set_text_with_mnemonic (self->text_label, _("_Reason"));
    }
  else
    {
      adw_message_dialog_set_heading (dialog, _("Request Changes"));
      adw_message_dialog_set_body (dialog, _("Say what should change. The comment stays on the "
                                             "claim until it is approved."));
      adw_message_dialog_add_response (dialog, "request", _("_Request Changes"));
      adw_message_dialog_set_response_appearance (dialog, "request", ADW_RESPONSE_SUGGESTED);
      gtk_label_set_text_with_mnemonic (self->text_label, _("_Comment for the journalist"));
    }
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_default_response (dialog, "cancel");
  on_text_changed (self);
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->text_view));
  return self;
}

FmWorkflowKind
fm_workflow_dialog_get_kind (FmWorkflowDialog *self)
{
  g_return_val_if_fail (FM_IS_WORKFLOW_DIALOG (self), 0);
  return self->kind;
}

FmClaim *
fm_workflow_dialog_get_claim (FmWorkflowDialog *self)
{
  g_return_val_if_fail (FM_IS_WORKFLOW_DIALOG (self), NULL);
  return self->claim;
}

void
fm_workflow_dialog_set_text (FmWorkflowDialog *self,
                             const char       *text)
{
  g_return_if_fail (FM_IS_WORKFLOW_DIALOG (self));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text ? text : "", -1);
}

void
fm_workflow_dialog_respond (FmWorkflowDialog *self,
                            const char       *response)
{
  g_return_if_fail (FM_IS_WORKFLOW_DIALOG (self));
  g_return_if_fail (response != NULL);

  if (!adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (self), response))
    return;
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (self), response);
  gtk_window_close (GTK_WINDOW (self));
}

/* The steps */

void
fm_workflow_submit (GtkWindow        *parent,
                    FmStore          *store,
                    FmClaim          *claim,
                    FmWorkflowNotify  notify)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (FM_IS_STORE (store));
  g_return_if_fail (FM_IS_CLAIM (claim));

  if (fm_store_submit_for_review (store, claim, &error))
    report (parent, notify, _("Submitted for review"));
  else
    report_error (parent, notify, _("The claim could not be submitted"), error);
}

void
fm_workflow_approve (GtkWindow        *parent,
                     FmStore          *store,
                     FmClaim          *claim,
                     FmWorkflowNotify  notify)
{
  g_autoptr(GError) error = NULL;
  FmSignoffItem missing = 0;

  g_return_if_fail (FM_IS_STORE (store));
  g_return_if_fail (FM_IS_CLAIM (claim));

  if (!fm_store_check_signoff (store, claim, &missing, &error))
    {
      report_error (parent, notify, _("The claim could not be approved"), error);
      return;
    }
  if (missing != 0)
    {
      FmWorkflowDialog *dialog = fm_workflow_dialog_new (parent, store, claim,
                                                         FM_WORKFLOW_APPROVE_ANYWAY, missing,
                                                         notify);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  if (fm_store_approve_claim (store, claim, NULL, &error))
    report (parent, notify, _("Claim approved"));
  else
    report_error (parent, notify, _("The claim could not be approved"), error);
}

void
fm_workflow_request_changes (GtkWindow        *parent,
                             FmStore          *store,
                             FmClaim          *claim,
                             FmWorkflowNotify  notify)
{
  FmWorkflowDialog *dialog;

  g_return_if_fail (FM_IS_STORE (store));
  g_return_if_fail (FM_IS_CLAIM (claim));

  dialog = fm_workflow_dialog_new (parent, store, claim, FM_WORKFLOW_REQUEST_CHANGES, 0, notify);
  gtk_window_present (GTK_WINDOW (dialog));
}
