/* fm-workflow-box.c — where a claim stands in review, and the next step
 *
 * At the top of the claim editor: the editor's comment while changes are
 * requested (the journalist's to-do), who approved the claim and when, what
 * the sign-off list still misses, and the buttons for the next step. The
 * buttons run the window's actions (win.submit-claim, win.approve-claim,
 * win.request-changes), which the window enables by status.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fm-format.h"
#include "fm-workflow-box.h"

struct _FmWorkflowBox
{
  GtkWidget     parent_instance;

  FmStore      *store;
  FmClaim      *claim;
  GSignalGroup *claim_signals;
  GSignalGroup *store_signals;

  GtkWidget    *box;
  GtkWidget    *banner;
  GtkLabel     *banner_title;
  GtkLabel     *banner_comment;
  GtkWidget    *approval;
  GtkLabel     *approval_label;
  GtkLabel     *signoff_label;
  GtkWidget    *buttons;
  GtkWidget    *submit_button;
  GtkWidget    *request_button;
  GtkWidget    *approve_button;
};

G_DEFINE_FINAL_TYPE (FmWorkflowBox, fm_workflow_box, GTK_TYPE_WIDGET)

/* Who asked for changes, and when: the latest move to that status */
static gboolean
find_request (FmWorkflowBox  *self,
              char          **actor,
              char          **at)
{
  g_autoptr(GPtrArray) history = fm_store_get_history (self->store, fm_claim_get_id (self->claim),
                                                       NULL);

  for (guint i = history ? history->len : 0; i > 0; i--)
    {
      const FmHistoryEntry *e = g_ptr_array_index (history, i - 1);

      if (g_strcmp0 (e->field, "status") == 0 &&
          g_strcmp0 (e->new_value, fm_status_to_id (FM_STATUS_CHANGES_REQUESTED)) == 0)
        {
          *actor = g_strdup (e->actor);
          *at = g_strdup (e->at);
          return TRUE;
        }
    }
  return FALSE;
}

static void
update_banner (FmWorkflowBox *self,
               FmStatus       status)
{
  const char *comment = fm_claim_get_review_comment (self->claim);
  g_autofree char *actor = NULL;
  g_autofree char *at = NULL;
  g_autofree char *title = NULL;

  gtk_widget_set_visible (self->banner, status == FM_STATUS_CHANGES_REQUESTED);
  if (status != FM_STATUS_CHANGES_REQUESTED)
    return;
  if (find_request (self, &actor, &at) && actor != NULL && *actor != '\0')
    {
      g_autofree char *when = fm_format_when (at);

      /* TRANSLATORS: "Changes requested by Ed Itor · Today, 14:02" */
      title = g_strdup_printf (_("Changes requested by %s · %s"), actor, when);
    }
  else
    title = g_strdup (_("Changes requested"));
  gtk_label_set_text (self->banner_title, title);
  gtk_label_set_text (self->banner_comment, comment && *comment ? comment : "");
  gtk_widget_set_visible (GTK_WIDGET (self->banner_comment), comment && *comment);
}

static void
update_approval (FmWorkflowBox *self,
                 FmStatus       status)
{
  const char *by = fm_claim_get_reviewed_by (self->claim);
  g_autofree char *when = NULL;
  g_autofree char *text = NULL;

  gtk_widget_set_visible (self->approval, status == FM_STATUS_APPROVED);
  if (status != FM_STATUS_APPROVED)
    return;
  when = fm_format_when (fm_claim_get_reviewed_at (self->claim));
  if (by != NULL && *by != '\0')
    /* TRANSLATORS: "Approved by Ed Itor · Today, 14:02" */
    text = g_strdup_printf (_("Approved by %s · %s"), by, when);
  else
    text = g_strdup_printf (_("Approved · %s"), when);
  gtk_label_set_text (self->approval_label, text);
}

static void
update_signoff (FmWorkflowBox *self,
                FmStatus       status)
{
  FmSignoffItem missing = 0;
  g_autofree char *text = NULL;

  if (status != FM_STATUS_APPROVED && self->store != NULL &&
      fm_store_check_signoff (self->store, self->claim, &missing, NULL) && missing != 0)
    /* "It still needs a verdict other than Unrated and an explanation." */
    text = fm_signoff_describe_missing (missing);
  gtk_label_set_text (self->signoff_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->signoff_label), text != NULL);
}

static void
update (FmWorkflowBox *self)
{
  FmStatus status;

  gtk_widget_set_visible (self->box, self->claim != NULL);
  if (self->claim == NULL)
    return;
  status = fm_claim_get_status (self->claim);
  update_banner (self, status);
  update_approval (self, status);
  update_signoff (self, status);

  /* The next step, and only that */
  gtk_widget_set_visible (self->submit_button, status == FM_STATUS_UNCHECKED ||
                                               status == FM_STATUS_IN_PROGRESS ||
                                               status == FM_STATUS_CHANGES_REQUESTED);
  gtk_widget_set_visible (self->request_button, status == FM_STATUS_NEEDS_REVIEW ||
                                                status == FM_STATUS_APPROVED);
  gtk_widget_set_visible (self->approve_button, status == FM_STATUS_NEEDS_REVIEW);
  gtk_button_set_label (GTK_BUTTON (self->submit_button),
                        status == FM_STATUS_CHANGES_REQUESTED ? _("_Resubmit for Review") :
                                                                _("_Submit for Review"));
}

static void
on_claim_notify (FmWorkflowBox *self,
                 GParamSpec    *pspec)
{
  const char *name = pspec ? pspec->name : NULL;

  /* What the box shows depends on these */
  if (name == NULL || g_str_equal (name, "status") || g_str_equal (name, "review-comment") ||
      g_str_equal (name, "reviewed-by") || g_str_equal (name, "reviewed-at") ||
      g_str_equal (name, "verdict") || g_str_equal (name, "explanation") ||
      g_str_equal (name, "n-sources"))
    update (self);
}

static void
on_sources_changed (FmWorkflowBox *self,
                    const char    *claim_id)
{
  /* A source's kind can change without the count changing */
  if (self->claim != NULL && g_strcmp0 (claim_id, fm_claim_get_id (self->claim)) == 0)
    update (self);
}

void
fm_workflow_box_set_claim (FmWorkflowBox *self,
                           FmStore       *store,
                           FmClaim       *claim)
{
  g_return_if_fail (FM_IS_WORKFLOW_BOX (self));
  g_return_if_fail (store == NULL || FM_IS_STORE (store));
  g_return_if_fail (claim == NULL || FM_IS_CLAIM (claim));

  g_set_object (&self->store, store);
  g_set_object (&self->claim, claim);
  g_signal_group_set_target (self->claim_signals, claim);
  g_signal_group_set_target (self->store_signals, store);
  update (self);
}

const char *
fm_workflow_box_get_banner_text (FmWorkflowBox *self)
{
  g_return_val_if_fail (FM_IS_WORKFLOW_BOX (self), NULL);
  return gtk_widget_get_visible (self->banner) ? gtk_label_get_text (self->banner_comment) : NULL;
}

const char *
fm_workflow_box_get_approval_text (FmWorkflowBox *self)
{
  g_return_val_if_fail (FM_IS_WORKFLOW_BOX (self), NULL);
  return gtk_widget_get_visible (self->approval) ? gtk_label_get_text (self->approval_label) : NULL;
}

const char *
fm_workflow_box_get_signoff_text (FmWorkflowBox *self)
{
  g_return_val_if_fail (FM_IS_WORKFLOW_BOX (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->signoff_label)) ?
         gtk_label_get_text (self->signoff_label) : NULL;
}

static void
fm_workflow_box_dispose (GObject *object)
{
  FmWorkflowBox *self = (FmWorkflowBox *)object;

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->claim_signals);
  g_clear_object (&self->store_signals);
  g_clear_object (&self->claim);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (fm_workflow_box_parent_class)->dispose (object);
}

static void
fm_workflow_box_class_init (FmWorkflowBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fm_workflow_box_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "workflowbox");
}

static GtkWidget *
label_new (const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_widget_set_hexpand (label, TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
button_new (const char *label,
            const char *action,
            const char *tooltip)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_tooltip_text (button, tooltip);
  return button;
}

static void
fm_workflow_box_init (FmWorkflowBox *self)
{
  GtkWidget *icon, *text;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  /* The editor's comment: what the journalist has to do */
  self->banner = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  gtk_widget_add_css_class (self->banner, "review-banner");
  icon = gtk_image_new_from_icon_name ("mail-reply-sender-symbolic");
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (self->banner), icon);
  text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  self->banner_title = GTK_LABEL (label_new ("heading"));
  self->banner_comment = GTK_LABEL (label_new ("review-comment"));
  gtk_label_set_selectable (self->banner_comment, TRUE);
  gtk_box_append (GTK_BOX (text), GTK_WIDGET (self->banner_title));
  gtk_box_append (GTK_BOX (text), GTK_WIDGET (self->banner_comment));
  gtk_box_append (GTK_BOX (self->banner), text);
  gtk_box_append (GTK_BOX (self->box), self->banner);

  self->approval = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_add_css_class (self->approval, "approval-line");
  icon = gtk_image_new_from_icon_name ("object-select-symbolic");
  gtk_box_append (GTK_BOX (self->approval), icon);
  self->approval_label = GTK_LABEL (label_new (NULL));
  gtk_box_append (GTK_BOX (self->approval), GTK_WIDGET (self->approval_label));
  gtk_box_append (GTK_BOX (self->box), self->approval);

  self->buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_set_halign (self->buttons, GTK_ALIGN_END);
  self->submit_button = button_new (_("_Submit for Review"), "win.submit-claim",
                                    _("Ask an editor to review the claim (Ctrl+Shift+U)"));
  gtk_widget_add_css_class (self->submit_button, "suggested-action");
  self->request_button = button_new (_("Request _Changes…"), "win.request-changes",
                                     _("Send the claim back with a comment (Ctrl+Shift+R)"));
  self->approve_button = button_new (_("_Approve"), "win.approve-claim",
                                     _("Approve the claim after its sign-off list (Ctrl+Shift+A)"));
  gtk_widget_add_css_class (self->approve_button, "suggested-action");
  gtk_box_append (GTK_BOX (self->buttons), self->submit_button);
  gtk_box_append (GTK_BOX (self->buttons), self->request_button);
  gtk_box_append (GTK_BOX (self->buttons), self->approve_button);

  self->signoff_label = GTK_LABEL (label_new ("signoff-missing"));
  gtk_widget_add_css_class (GTK_WIDGET (self->signoff_label), "caption");
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->signoff_label));
  gtk_box_append (GTK_BOX (self->box), self->buttons);

  self->claim_signals = g_signal_group_new (FM_TYPE_CLAIM);
  g_signal_group_connect_object (self->claim_signals, "notify", G_CALLBACK (on_claim_notify),
                                 self, G_CONNECT_SWAPPED);
  self->store_signals = g_signal_group_new (FM_TYPE_STORE);
  g_signal_group_connect_object (self->store_signals, "sources-changed",
                                 G_CALLBACK (on_sources_changed), self, G_CONNECT_SWAPPED);
  update (self);
}

GtkWidget *
fm_workflow_box_new (void)
{
  return g_object_new (FM_TYPE_WORKFLOW_BOX, NULL);
}
