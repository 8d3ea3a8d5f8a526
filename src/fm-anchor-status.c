/* fm-anchor-status.c — in the claim editor: whether the claim is still on its words
 *
 * After the article changed, a claim placed on changed text waits for a
 * person: this says so, with the confidence of its new place, and offers
 * win.confirm-claim and win.place-claim. An unplaced claim is told apart:
 * its quote (shown above, in the editor) is the old one.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "fm-anchor-status.h"

struct _FmAnchorStatus
{
  GtkWidget     parent_instance;

  FmClaim      *claim;
  GSignalGroup *claim_signals;

  GtkWidget    *box;
  GtkLabel     *title;
  GtkLabel     *body;
  GtkWidget    *confirm_button;
  GtkWidget    *place_button;
};

G_DEFINE_FINAL_TYPE (FmAnchorStatus, fm_anchor_status, GTK_TYPE_WIDGET)

static void
update (FmAnchorStatus *self)
{
  FmAnchorState state = self->claim ? fm_claim_get_anchor_state (self->claim)
                                    : FM_ANCHOR_STATE_PLACED;
  g_autofree char *body = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self), state != FM_ANCHOR_STATE_PLACED);
  if (state == FM_ANCHOR_STATE_PLACED)
    return;

  if (state == FM_ANCHOR_STATE_FLAGGED)
    {
      int percent = (int)round (fm_claim_get_anchor_confidence (self->claim) * 100);

      gtk_label_set_text (self->title, _("Check Where This Claim Now Sits"));
      /* TRANSLATORS: %d%% is how sure the new place is, "62%" */
      body = g_strdup_printf (_("The article changed, and this claim was moved onto its new "
                                "text with %d%% confidence. Confirm that it marks the right "
                                "words, or select the right words and place it there."),
                              percent);
    }
  else
    {
      gtk_label_set_text (self->title, _("This Claim Is No Longer in the Article"));
      body = g_strdup (_("Its words were removed or rewritten beyond recognition: the quote "
                         "above is the old one. Select the words it belongs to now and place "
                         "it there, or delete it."));
    }
  gtk_label_set_text (self->body, body);
  gtk_widget_set_visible (self->confirm_button, state == FM_ANCHOR_STATE_FLAGGED);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->confirm_button), "s",
                                    fm_claim_get_id (self->claim));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->place_button), "s",
                                    fm_claim_get_id (self->claim));
  if (state == FM_ANCHOR_STATE_FLAGGED)
    gtk_widget_remove_css_class (self->box, "orphan");
  else
    gtk_widget_add_css_class (self->box, "orphan");
}

void
fm_anchor_status_set_claim (FmAnchorStatus *self,
                            FmClaim        *claim)
{
  g_return_if_fail (FM_IS_ANCHOR_STATUS (self));
  g_return_if_fail (claim == NULL || FM_IS_CLAIM (claim));

  g_set_object (&self->claim, claim);
  g_signal_group_set_target (self->claim_signals, claim);
  update (self);
}

const char *
fm_anchor_status_get_text (FmAnchorStatus *self)
{
  g_return_val_if_fail (FM_IS_ANCHOR_STATUS (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self)) ? gtk_label_get_text (self->body) : NULL;
}

static void
fm_anchor_status_dispose (GObject *object)
{
  FmAnchorStatus *self = (FmAnchorStatus *)object;

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->claim_signals);
  g_clear_object (&self->claim);

  G_OBJECT_CLASS (fm_anchor_status_parent_class)->dispose (object);
}

static void
fm_anchor_status_class_init (FmAnchorStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fm_anchor_status_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "anchorstatus");
}

static void
fm_anchor_status_init (FmAnchorStatus *self)
{
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  gtk_widget_add_css_class (self->box, "anchor-status");
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_add_css_class (icon, "anchor-status-icon");
  self->title = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->title, 0);
  gtk_label_set_wrap (self->title, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "heading");
  self->body = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->body, 0);
  gtk_label_set_wrap (self->body, TRUE);
  gtk_label_set_wrap_mode (self->body, PANGO_WRAP_WORD_CHAR);
  gtk_box_append (GTK_BOX (text), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (text), GTK_WIDGET (self->body));
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (top), icon);
  gtk_box_append (GTK_BOX (top), text);
  gtk_box_append (GTK_BOX (self->box), top);

  self->confirm_button = gtk_button_new_with_mnemonic (_("_Confirm Place"));
  gtk_widget_set_tooltip_text (self->confirm_button, _("The claim marks the right words"));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->confirm_button), "s", "");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->confirm_button), "win.confirm-claim");
  gtk_widget_add_css_class (self->confirm_button, "suggested-action");
  self->place_button = gtk_button_new_with_mnemonic (_("_Place on Selection"));
  gtk_widget_set_tooltip_text (self->place_button,
                               _("Put the claim on the words selected in the article"));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->place_button), "s", "");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->place_button), "win.place-claim");
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (buttons), self->place_button);
  gtk_box_append (GTK_BOX (buttons), self->confirm_button);
  gtk_box_append (GTK_BOX (self->box), buttons);

  self->claim_signals = g_signal_group_new (FM_TYPE_CLAIM);
  g_signal_group_connect_object (self->claim_signals, "notify::anchor-state", G_CALLBACK (update),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->claim_signals, "notify::anchor-confidence",
                                 G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

GtkWidget *
fm_anchor_status_new (void)
{
  return g_object_new (FM_TYPE_ANCHOR_STATUS, NULL);
}
