/* fm-claim-panel.c — the article's claims and the editor of the selected one
 *
 * Every edit goes to the store at once: choices when they are made, typing
 * after a short pause, when the field loses focus, and before the editor
 * shows another claim (fm_claim_panel_flush()). The editor follows the
 * selected claim with a GBindingGroup and GSignalGroups; the store updates
 * that live object after each commit, so the editor never holds a value
 * that the workspace does not have for longer than the pause.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "fm-a11y.h"
#include "fm-anchor-status.h"
#include "fm-claim-panel.h"
#include "fm-claim-row.h"
#include "fm-format.h"
#include "fm-history-row.h"
#include "fm-source-dialog.h"
#include "fm-workflow-box.h"

/* How long typing may pause before it is committed */
#define COMMIT_DELAY_MS 500

typedef enum {
  FIELD_SUMMARY,
  FIELD_ASSIGNEE,
  FIELD_TAGS,
  FIELD_EXPLANATION,
  N_FIELDS
} TextFieldId;

typedef struct
{
  FmClaimPanel *panel;
  FmClaimField  field;
  GtkWidget    *widget;        /* AdwEntryRow or GtkTextView */
  guint         timeout;
  gboolean      dirty;
} TextField;

struct _FmClaimPanel
{
  GtkWidget           parent_instance;

  FmClaimList        *claims;
  FmStore            *store;
  GtkSingleSelection *selection;
  FmClaim            *claim;
  GBindingGroup      *claim_bindings;
  GSignalGroup       *claim_signals;
  GSignalGroup       *store_signals;
  TextField           fields[N_FIELDS];
  GPtrArray          *source_rows;
  GPtrArray          *history_rows;
  GPtrArray          *spare_rows;     /* FmClaimRow the list let go of, for its next rows */
  gboolean            editable;
  gboolean            syncing;

  GtkStack           *stack;
  GtkStack           *editor_stack;
  GtkLabel           *count_label;
  GtkLabel           *progress_label;
  GtkListView        *list_view;
  GtkWidget          *editor;
  GtkLabel           *quote_label;
  AdwEntryRow        *summary_row;
  AdwComboRow        *verdict_row;
  AdwComboRow        *status_row;
  AdwEntryRow        *assignee_row;
  AdwEntryRow        *tags_row;
  GtkTextView        *explanation_view;
  AdwPreferencesGroup *sources_group;
  AdwExpanderRow     *history_row;
  GtkWidget          *delete_button;
  FmAnchorStatus     *anchor_status;
  FmWorkflowBox      *workflow_box;
};

G_DEFINE_FINAL_TYPE (FmClaimPanel, fm_claim_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SELECTED_CLAIM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void switch_claim (FmClaimPanel *self, FmClaim *claim);

static void
show_error (FmClaimPanel *self,
            const char   *what,
            const GError *error)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *message = g_strdup_printf ("%s: %s", what, error->message);

  if (overlay == NULL)
    {
      g_warning ("%s", message);
      return;
    }
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

/* Text fields */

static char *
claim_value (FmClaim      *claim,
             FmClaimField  field)
{
  switch (field)
    {
    case FM_CLAIM_FIELD_SUMMARY:
      return g_strdup (fm_claim_get_summary (claim));
    case FM_CLAIM_FIELD_ASSIGNEE:
      return g_strdup (fm_claim_get_assignee (claim));
    case FM_CLAIM_FIELD_TAGS:
      return g_strjoinv (", ", (char **)fm_claim_get_tags (claim));
    case FM_CLAIM_FIELD_EXPLANATION:
      return g_strdup (fm_claim_get_explanation (claim));
    case FM_CLAIM_FIELD_VERDICT:
    case FM_CLAIM_FIELD_STATUS:
    case FM_CLAIM_FIELD_REVIEW_COMMENT:
    default:
      g_assert_not_reached ();
    }
}

static char *
field_get_text (TextField *f)
{
  if (GTK_IS_TEXT_VIEW (f->widget))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (f->widget));
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    }
  return g_strdup (gtk_editable_get_text (GTK_EDITABLE (f->widget)));
}

static gboolean
contains_focus (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* Shows the claim's value, unless the user is typing in the field */
static void
field_sync (TextField *f,
            gboolean   force)
{
  FmClaimPanel *self = f->panel;
  g_autofree char *value = NULL;
  g_autofree char *current = NULL;

  if (!force && (f->dirty || contains_focus (f->widget)))
    return;
  value = self->claim ? claim_value (self->claim, f->field) : NULL;
  current = field_get_text (f);
  if (g_strcmp0 (value ? value : "", current) == 0)
    return;

  self->syncing = TRUE;
  if (GTK_IS_TEXT_VIEW (f->widget))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (f->widget)),
                              value ? value : "", -1);
  else
    gtk_editable_set_text (GTK_EDITABLE (f->widget), value ? value : "");
  self->syncing = FALSE;
}

static void
field_commit (TextField *f)
{
  FmClaimPanel *self = f->panel;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_clear_handle_id (&f->timeout, g_source_remove);
  if (!f->dirty)
    return;
  f->dirty = FALSE;
  if (self->claim == NULL || self->store == NULL)
    return;
  text = field_get_text (f);
  if (!fm_store_set_claim_field (self->store, self->claim, f->field, text, &error))
    show_error (self, _("The change could not be saved"), error);
}

static gboolean
field_timeout (gpointer user_data)
{
  TextField *f = user_data;

  f->timeout = 0;
  field_commit (f);
  return G_SOURCE_REMOVE;
}

static void
field_changed (TextField *f)
{
  if (f->panel->syncing || f->panel->claim == NULL)
    return;
  f->dirty = TRUE;
  g_clear_handle_id (&f->timeout, g_source_remove);
  f->timeout = g_timeout_add (COMMIT_DELAY_MS, field_timeout, f);
}

static void
field_focus_leave (TextField *f)
{
  field_commit (f);
  /* Now show the value as the store keeps it (tags sorted, spaces collapsed) */
  field_sync (f, TRUE);
}

static void
field_init (FmClaimPanel *self,
            TextFieldId   id,
            FmClaimField  field,
            GtkWidget    *widget)
{
  TextField *f = &self->fields[id];
  GtkEventController *focus = gtk_event_controller_focus_new ();

  f->panel = self;
  f->field = field;
  f->widget = widget;
  if (GTK_IS_TEXT_VIEW (widget))
    g_signal_connect_swapped (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)), "changed",
                              G_CALLBACK (field_changed), f);
  else
    {
      g_signal_connect_swapped (widget, "changed", G_CALLBACK (field_changed), f);
      /* Enter commits at once */
      g_signal_connect_swapped (widget, "entry-activated", G_CALLBACK (field_commit), f);
    }
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (field_focus_leave), f);
  gtk_widget_add_controller (widget, focus);
}

void
fm_claim_panel_flush (FmClaimPanel *self)
{
  g_return_if_fail (FM_IS_CLAIM_PANEL (self));

  for (guint i = 0; i < N_FIELDS; i++)
    field_commit (&self->fields[i]);
}

static void
sync_fields (FmClaimPanel *self,
             gboolean      force)
{
  for (guint i = 0; i < N_FIELDS; i++)
    field_sync (&self->fields[i], force);
}

/* Choices */

static void
on_verdict_selected (FmClaimPanel *self)
{
  guint selected = adw_combo_row_get_selected (self->verdict_row);
  g_autoptr(GError) error = NULL;

  if (self->syncing || self->claim == NULL || selected >= FM_N_VERDICTS ||
      selected == fm_claim_get_verdict (self->claim))
    return;
  if (!fm_store_set_claim_verdict (self->store, self->claim, selected, &error))
    {
      show_error (self, _("The verdict could not be saved"), error);
      adw_combo_row_set_selected (self->verdict_row, fm_claim_get_verdict (self->claim));
    }
}

static void
on_status_selected (FmClaimPanel *self)
{
  guint selected = adw_combo_row_get_selected (self->status_row);
  g_autoptr(GError) error = NULL;

  if (self->syncing || self->claim == NULL || selected >= FM_N_STATUSES ||
      selected == fm_claim_get_status (self->claim))
    return;
  /* Review, approval and changes requested are steps with their own checks */
  if (selected == FM_STATUS_NEEDS_REVIEW || selected == FM_STATUS_APPROVED ||
      selected == FM_STATUS_CHANGES_REQUESTED)
    {
      FmStatus status = fm_claim_get_status (self->claim);
      gboolean allowed =
        selected == FM_STATUS_NEEDS_REVIEW ? status != FM_STATUS_APPROVED :
        selected == FM_STATUS_APPROVED ? status == FM_STATUS_NEEDS_REVIEW :
        status == FM_STATUS_NEEDS_REVIEW || status == FM_STATUS_APPROVED;

      self->syncing = TRUE;
      adw_combo_row_set_selected (self->status_row, status);
      self->syncing = FALSE;
      if (allowed)
        gtk_widget_activate_action (GTK_WIDGET (self),
                                    selected == FM_STATUS_NEEDS_REVIEW ? "win.submit-claim" :
                                    selected == FM_STATUS_APPROVED ? "win.approve-claim" :
                                    "win.request-changes", NULL);
      else
        {
          g_set_error (&error, FM_STORE_ERROR, FM_STORE_ERROR_TRANSITION,
                       selected == FM_STATUS_APPROVED ?
                       _("Only a claim that waits for review can be approved") :
                       selected == FM_STATUS_NEEDS_REVIEW ?
                       _("An approved claim goes back through Request Changes") :
                       _("Changes can be requested once the claim waits for review"));
          show_error (self, _("The status could not be changed"), error);
        }
      return;
    }
  if (!fm_store_set_claim_status (self->store, self->claim, selected, &error))
    {
      show_error (self, _("The status could not be saved"), error);
      adw_combo_row_set_selected (self->status_row, fm_claim_get_status (self->claim));
    }
}

static gboolean
enum_to_uint (GBinding     *binding,
              const GValue *from,
              GValue       *to,
              gpointer      user_data)
{
  g_value_set_uint (to, g_value_get_enum (from));
  return TRUE;
}

/* Sources */

static void
remove_rows (GPtrArray *rows,
             GtkWidget *container)
{
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);

      if (ADW_IS_EXPANDER_ROW (container))
        adw_expander_row_remove (ADW_EXPANDER_ROW (container), row);
      else
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (container), row);
    }
  g_ptr_array_set_size (rows, 0);
}

static GtkWindow *
parent_window (FmClaimPanel *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static FmSource *
source_of (GtkWidget *widget)
{
  return g_object_get_data (G_OBJECT (widget), "fm-source");
}

static void
open_source (FmClaimPanel *self,
             GtkWidget    *button)
{
  gtk_show_uri (parent_window (self), fm_source_get_url (source_of (button)), GDK_CURRENT_TIME);
}

static void
edit_source (FmClaimPanel *self,
             GtkWidget    *widget)
{
  FmSourceDialog *dialog;

  if (!self->editable || self->claim == NULL)
    return;
  dialog = fm_source_dialog_new (parent_window (self), self->store, fm_claim_get_id (self->claim),
                                 source_of (widget));
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
source_button (FmClaimPanel *self,
               FmSource     *source,
               const char   *icon,
               const char   *tooltip,
               GCallback     callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  /* An icon is no name, nor is a tooltip in GTK 4.8 */
  fm_a11y_set_name (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data_full (G_OBJECT (button), "fm-source", g_object_ref (source), g_object_unref);
  if (callback != NULL)
    g_signal_connect_object (button, "clicked", callback, self, G_CONNECT_SWAPPED);
  return button;
}

static const char *
stance_icon (FmStance stance)
{
  switch (stance)
    {
    case FM_STANCE_SUPPORTS: return "emblem-ok-symbolic";
    case FM_STANCE_REFUTES:  return "window-close-symbolic";
    case FM_STANCE_CONTEXT:
    default:                 return "dialog-information-symbolic";
    }
}

static GtkWidget *
create_source_row (FmClaimPanel *self,
                   FmSource     *source)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (stance_icon (fm_source_get_stance (source)));
  g_autoptr(GString) subtitle = g_string_new (fm_stance_label (fm_source_get_stance (source)));
  g_autofree char *stance_class = g_strconcat ("stance-", fm_stance_to_id (fm_source_get_stance (source)), NULL);
  const char *publisher = fm_source_get_publisher (source);

  g_string_append_printf (subtitle, " · %s", fm_source_kind_label (fm_source_get_kind (source)));
  if (publisher != NULL && *publisher != '\0')
    g_string_append_printf (subtitle, " · %s", publisher);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), fm_source_get_display_title (source));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  gtk_widget_set_tooltip_text (row, fm_source_get_url (source));
  gtk_widget_add_css_class (icon, "stance-icon");
  gtk_widget_add_css_class (icon, stance_class);
  gtk_widget_set_tooltip_text (icon, fm_stance_label (fm_source_get_stance (source)));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  g_object_set_data_full (G_OBJECT (row), "fm-source", g_object_ref (source), g_object_unref);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             source_button (self, source, "web-browser-symbolic",
                                            _("Open in Browser"), G_CALLBACK (open_source)));
  if (self->editable)
    {
      GtkWidget *remove = source_button (self, source, "user-trash-symbolic",
                                         _("Remove Source"), NULL);

      /* The window removes it, and offers to undo that */
      gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "win.remove-source");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", fm_source_get_id (source));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_signal_connect_object (row, "activated", G_CALLBACK (edit_source), self,
                               G_CONNECT_SWAPPED);
    }
  return row;
}

static void
rebuild_sources (FmClaimPanel *self)
{
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GError) error = NULL;

  remove_rows (self->source_rows, GTK_WIDGET (self->sources_group));
  if (self->claim == NULL || self->store == NULL)
    return;

  sources = fm_store_list_sources (self->store, fm_claim_get_id (self->claim), &error);
  if (sources == NULL)
    {
      show_error (self, _("The sources could not be read"), error);
      return;
    }
  for (guint i = 0; i < sources->len; i++)
    {
      GtkWidget *row = create_source_row (self, g_ptr_array_index (sources, i));

      adw_preferences_group_add (self->sources_group, row);
      g_ptr_array_add (self->source_rows, row);
    }
  if (sources->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No sources yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("Add the documents, data and statements that support or refute the claim"));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_widget_add_css_class (row, "placeholder-row");
      adw_preferences_group_add (self->sources_group, row);
      g_ptr_array_add (self->source_rows, row);
    }
}

/* History */

static void
rebuild_history (FmClaimPanel *self)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;

  remove_rows (self->history_rows, GTK_WIDGET (self->history_row));
  if (self->claim == NULL || self->store == NULL)
    return;
  entries = fm_store_get_history (self->store, fm_claim_get_id (self->claim), &error);
  if (entries == NULL)
    {
      show_error (self, _("The history could not be read"), error);
      return;
    }
  /* Newest first */
  for (guint i = entries->len; i > 0; i--)
    {
      const FmHistoryEntry *entry = g_ptr_array_index (entries, i - 1);
      /* A timeline entry in words (fm-history-row.c) */
      GtkWidget *row = fm_history_row_new (entry);

      gtk_widget_add_css_class (row, "history-row");
      adw_expander_row_add_row (self->history_row, row);
      g_ptr_array_add (self->history_rows, row);
    }
  count = g_strdup_printf (ngettext ("%u change", "%u changes", entries->len), entries->len);
  adw_expander_row_set_subtitle (self->history_row, count);
}

/* Following the selected claim */

static void
on_claim_notify (FmClaimPanel *self,
                 GParamSpec   *pspec)
{
  sync_fields (self, FALSE);
  if (self->claim != NULL)
    fm_widget_set_verdict_class (GTK_WIDGET (self->quote_label), fm_claim_get_verdict (self->claim));
}

static void
on_store_claim_changed (FmClaimPanel *self,
                        FmClaim      *claim,
                        const char   *field)
{
  if (self->claim != NULL && g_strcmp0 (fm_claim_get_id (claim), fm_claim_get_id (self->claim)) == 0)
    rebuild_history (self);
}

static void
on_store_sources_changed (FmClaimPanel *self,
                          const char   *claim_id)
{
  if (self->claim != NULL && g_strcmp0 (claim_id, fm_claim_get_id (self->claim)) == 0)
    rebuild_sources (self);
}

static void
update_editable (FmClaimPanel *self)
{
  gboolean editable = self->editable;

  gtk_editable_set_editable (GTK_EDITABLE (self->summary_row), editable);
  gtk_editable_set_editable (GTK_EDITABLE (self->assignee_row), editable);
  gtk_editable_set_editable (GTK_EDITABLE (self->tags_row), editable);
  gtk_text_view_set_editable (self->explanation_view, editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->verdict_row), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->status_row), editable);
}

static void
switch_claim (FmClaimPanel *self,
              FmClaim      *claim)
{
  if (self->claim == claim)
    return;

  /* What was typed belongs to the claim it was typed for */
  fm_claim_panel_flush (self);
  g_set_object (&self->claim, claim);

  self->syncing = TRUE;
  g_binding_group_set_source (self->claim_bindings, claim);
  self->syncing = FALSE;
  g_signal_group_set_target (self->claim_signals, claim);
  sync_fields (self, TRUE);
  on_claim_notify (self, NULL);
  fm_anchor_status_set_claim (self->anchor_status, claim);
  rebuild_sources (self);
  rebuild_history (self);
  fm_workflow_box_set_claim (self->workflow_box, self->store, claim);
  gtk_stack_set_visible_child_name (self->editor_stack, claim ? "editor" : "none");
  if (claim != NULL)
    {
      int position = fm_claim_list_find (self->claims, fm_claim_get_id (claim));

      if (position >= 0)
        gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u",
                                    (guint)position);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_CLAIM]);
}

static void
on_selected_item (FmClaimPanel *self)
{
  FmClaim *claim = gtk_single_selection_get_selected_item (self->selection);

  /* The selection drops the item while the list renumbers; keep the claim if it is still there */
  if (claim == NULL && self->claim != NULL &&
      fm_claim_list_find (self->claims, fm_claim_get_id (self->claim)) >= 0)
    return;
  switch_claim (self, claim);
}

static void
update_counts (FmClaimPanel *self)
{
  guint n = self->claims ? g_list_model_get_n_items (G_LIST_MODEL (self->claims)) : 0;
  guint checked = self->claims ? fm_claim_list_count_checked (self->claims) : 0;
  g_autofree char *count = g_strdup_printf (ngettext ("%u Claim", "%u Claims", n), n);
  /* TRANSLATORS: "3 of 7 checked": claims that need review or are approved */
  g_autofree char *progress = g_strdup_printf (_("%u of %u checked"), checked, n);

  gtk_label_set_text (self->count_label, count);
  gtk_label_set_text (self->progress_label, progress);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "claims" : "empty");
}

static void
on_items_changed (FmClaimPanel *self)
{
  int position;

  update_counts (self);
  if (self->claim == NULL)
    return;
  position = fm_claim_list_find (self->claims, fm_claim_get_id (self->claim));
  if (position < 0)
    switch_claim (self, NULL);
  else if (gtk_single_selection_get_selected (self->selection) != (guint)position)
    gtk_single_selection_set_selected (self->selection, position);
}

void
fm_claim_panel_set_claims (FmClaimPanel *self,
                           FmClaimList  *claims)
{
  g_return_if_fail (FM_IS_CLAIM_PANEL (self));
  g_return_if_fail (claims == NULL || FM_IS_CLAIM_LIST (claims));

  switch_claim (self, NULL);
  if (self->claims != NULL)
    g_signal_handlers_disconnect_by_func (self->claims, on_items_changed, self);
  g_set_object (&self->claims, claims);
  if (claims != NULL)
    g_set_object (&self->store, fm_claim_list_get_store (claims));
  else
    g_clear_object (&self->store);
  g_signal_group_set_target (self->store_signals, self->store);
  /* The old list's rows go first, so that the new one takes them */
  gtk_single_selection_set_model (self->selection, NULL);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (claims));
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  if (claims != NULL)
    {
      g_signal_connect_object (claims, "items-changed", G_CALLBACK (on_items_changed), self,
                               G_CONNECT_SWAPPED | G_CONNECT_AFTER);
      g_signal_connect_object (claims, "notify::n-checked", G_CALLBACK (update_counts), self,
                               G_CONNECT_SWAPPED);
    }
  update_counts (self);
}

FmClaim *
fm_claim_panel_get_selected_claim (FmClaimPanel *self)
{
  g_return_val_if_fail (FM_IS_CLAIM_PANEL (self), NULL);
  return self->claim;
}

void
fm_claim_panel_set_selected_claim (FmClaimPanel *self,
                                   FmClaim      *claim)
{
  int position = -1;

  g_return_if_fail (FM_IS_CLAIM_PANEL (self));

  if (claim != NULL && self->claims != NULL)
    position = fm_claim_list_find (self->claims, fm_claim_get_id (claim));
  gtk_single_selection_set_selected (self->selection,
                                     position >= 0 ? (guint)position : GTK_INVALID_LIST_POSITION);
  if (position < 0)
    switch_claim (self, NULL);
}

void
fm_claim_panel_set_editable (FmClaimPanel *self,
                             gboolean      editable)
{
  g_return_if_fail (FM_IS_CLAIM_PANEL (self));

  editable = !!editable;
  if (self->editable == editable)
    return;
  self->editable = editable;
  update_editable (self);
  rebuild_sources (self);
}

void
fm_claim_panel_focus_summary (FmClaimPanel *self)
{
  g_return_if_fail (FM_IS_CLAIM_PANEL (self));
  if (self->claim != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->summary_row));
}

void
fm_claim_panel_focus_list (FmClaimPanel *self)
{
  g_return_if_fail (FM_IS_CLAIM_PANEL (self));
  fm_claim_panel_flush (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

GtkWidget *fm_claim_panel_get_list_view (FmClaimPanel *self) { return GTK_WIDGET (self->list_view); }
GtkWidget *fm_claim_panel_get_summary_row (FmClaimPanel *self) { return GTK_WIDGET (self->summary_row); }
GtkWidget *fm_claim_panel_get_verdict_row (FmClaimPanel *self) { return GTK_WIDGET (self->verdict_row); }
GtkWidget *fm_claim_panel_get_status_row (FmClaimPanel *self) { return GTK_WIDGET (self->status_row); }
GtkWidget *fm_claim_panel_get_explanation (FmClaimPanel *self) { return GTK_WIDGET (self->explanation_view); }
GtkWidget *fm_claim_panel_get_sources_group (FmClaimPanel *self) { return GTK_WIDGET (self->sources_group); }
GtkWidget *fm_claim_panel_get_history_row (FmClaimPanel *self) { return GTK_WIDGET (self->history_row); }
GtkWidget *fm_claim_panel_get_workflow_box (FmClaimPanel *self) { return GTK_WIDGET (self->workflow_box); }

guint
fm_claim_panel_get_n_source_rows (FmClaimPanel *self)
{
  guint n = 0;

  for (guint i = 0; i < self->source_rows->len; i++)
    if (source_of (g_ptr_array_index (self->source_rows, i)) != NULL)
      n++;
  return n;
}

guint
fm_claim_panel_get_n_history_rows (FmClaimPanel *self)
{
  return self->history_rows->len;
}

/* List rows
 *
 * GTK 4.8's list view makes about 200 rows, whatever the screen holds, and
 * makes them anew for every new list: the rows it lets go of are kept here
 * and given to the next list (another article's claims), which rebinds them
 * rather than building and taking apart 200 rows of a dozen widgets each.
 */

#define MAX_SPARE_ROWS 256

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           FmClaimPanel             *self)
{
  GtkWidget *row = self->spare_rows->len > 0 ?
                   g_ptr_array_steal_index_fast (self->spare_rows, self->spare_rows->len - 1) :
                   g_object_ref_sink (fm_claim_row_new ());

  /* Held by the item too, should GTK take the child off before teardown */
  g_object_set_data_full (G_OBJECT (item), "fm-claim-row", row, g_object_unref);
  gtk_list_item_set_child (item, row);
}

static void
teardown_row (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              FmClaimPanel             *self)
{
  GtkWidget *row = g_object_steal_data (G_OBJECT (item), "fm-claim-row");

  if (row == NULL)
    return;
  if (gtk_list_item_get_child (item) == row)
    gtk_list_item_set_child (item, NULL);
  fm_claim_row_set_claim (FM_CLAIM_ROW (row), NULL, 0);
  if (self->spare_rows != NULL && self->spare_rows->len < MAX_SPARE_ROWS)
    g_ptr_array_add (self->spare_rows, row);
  else
    g_object_unref (row);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          FmClaimPanel             *self)
{
  fm_claim_row_set_claim (FM_CLAIM_ROW (gtk_list_item_get_child (item)),
                          gtk_list_item_get_item (item), gtk_list_item_get_position (item) + 1);
}

static void
on_row_activated (FmClaimPanel *self,
                  guint         position)
{
  fm_claim_panel_focus_summary (self);
}

static void
add_shortcut (GtkShortcutController *controller,
              guint                  key,
              GdkModifierType        mods,
              const char            *action,
              GVariant              *args)
{
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (key, mods),
                                            gtk_named_action_new (action));

  if (args != NULL)
    gtk_shortcut_set_arguments (shortcut, args);
  gtk_shortcut_controller_add_shortcut (controller, shortcut);
}

void
fm_claim_panel_add_verdict_keys (GtkWidget *widget)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  for (guint v = 0; v < FM_N_VERDICTS; v++)
    {
      add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), GDK_KEY_1 + v, 0, "win.set-verdict",
                    g_variant_new_int32 (v));
      add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), GDK_KEY_KP_1 + v, 0, "win.set-verdict",
                    g_variant_new_int32 (v));
    }
  gtk_widget_add_controller (widget, controller);
}

static gboolean
on_escape (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  fm_claim_panel_focus_list (user_data);
  return TRUE;
}

/* GObject */

static void
fm_claim_panel_dispose (GObject *object)
{
  FmClaimPanel *self = (FmClaimPanel *)object;

  for (guint i = 0; i < N_FIELDS; i++)
    g_clear_handle_id (&self->fields[i].timeout, g_source_remove);
  if (self->claims != NULL)
    g_signal_handlers_disconnect_by_func (self->claims, on_items_changed, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), FM_TYPE_CLAIM_PANEL);
  /* The template's root is not a bound child */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->claim_bindings);
  g_clear_object (&self->claim_signals);
  g_clear_object (&self->store_signals);
  g_clear_object (&self->selection);
  g_clear_object (&self->claim);
  g_clear_object (&self->claims);
  g_clear_object (&self->store);
  g_clear_pointer (&self->source_rows, g_ptr_array_unref);
  g_clear_pointer (&self->history_rows, g_ptr_array_unref);
  g_clear_pointer (&self->spare_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (fm_claim_panel_parent_class)->dispose (object);
}

static void
fm_claim_panel_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FmClaimPanel *self = FM_CLAIM_PANEL (object);

  switch (prop_id)
    {
    case PROP_SELECTED_CLAIM:
      g_value_set_object (value, self->claim);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fm_claim_panel_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FmClaimPanel *self = FM_CLAIM_PANEL (object);

  switch (prop_id)
    {
    case PROP_SELECTED_CLAIM:
      fm_claim_panel_set_selected_claim (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fm_claim_panel_class_init (FmClaimPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fm_claim_panel_dispose;
  object_class->get_property = fm_claim_panel_get_property;
  object_class->set_property = fm_claim_panel_set_property;

  properties[PROP_SELECTED_CLAIM] =
    g_param_spec_object ("selected-claim", NULL, NULL, FM_TYPE_CLAIM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "claimpanel");
  g_type_ensure (FM_TYPE_WORKFLOW_BOX);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/factmark/Factmark/fm-claim-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, FmClaimPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, FmClaimPanel, editor_stack);
  gtk_widget_class_bind_template_child (widget_class, FmClaimPanel, count_label);
  gtk_widget_class_bind_template_child (widget_class, FmClaimPanel, progress_label);
  gtk_widget_class_bind_template_child (widget_class, FmClaimPanel, list_view);
  gtk_widget_class_bind_template_child (widget_class, FmClaimPanel, editor);
  gtk_widget_class_bind_template_child (widget_class, FmClaimPanel, quote_label);
  gtk_widget_class_bind_template_child (widget_class, FmClaimPanel, summary_row);
  gtk_widget_class_bind_template_child (widget_class, FmClaimPanel, verdict_row);
  gtk_widget_class_bind_template_child (widget_class, FmClaimPanel, status_row);
  gtk_widget_class_bind_template_child (widget_class, FmClaimPanel, assignee_row);
  gtk_widget_class_bind_template_child (widget_class, FmClaimPanel, tags_row);
  gtk_widget_class_bind_template_child (widget_class, FmClaimPanel, explanation_view);
  gtk_widget_class_bind_template_child (widget_class, FmClaimPanel, sources_group);
  gtk_widget_class_bind_template_child (widget_class, FmClaimPanel, history_row);
  gtk_widget_class_bind_template_child (widget_class, FmClaimPanel, delete_button);
  gtk_widget_class_bind_template_child (widget_class, FmClaimPanel, workflow_box);
}

static void
fm_claim_panel_init (FmClaimPanel *self)
{
  g_autoptr(GtkStringList) verdicts = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);
  GtkListItemFactory *factory;
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->editable = TRUE;
  /* Under the quote: whether the claim is still on its words */
  self->anchor_status = FM_ANCHOR_STATUS (fm_anchor_status_new ());
  gtk_box_insert_child_after (GTK_BOX (self->editor), GTK_WIDGET (self->anchor_status),
                              GTK_WIDGET (self->quote_label));
  self->source_rows = g_ptr_array_new ();
  self->history_rows = g_ptr_array_new ();
  self->spare_rows = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint v = 0; v < FM_N_VERDICTS; v++)
    {
      /* The number is the key that picks it in the list */
      g_autofree char *label = g_strdup_printf ("%u  %s", v + 1, fm_verdict_label (v));
      gtk_string_list_append (verdicts, label);
    }
  for (guint s = 0; s < FM_N_STATUSES; s++)
    gtk_string_list_append (statuses, fm_status_label (s));
  adw_combo_row_set_model (self->verdict_row, G_LIST_MODEL (verdicts));
  adw_combo_row_set_model (self->status_row, G_LIST_MODEL (statuses));
  g_signal_connect_object (self->verdict_row, "notify::selected",
                           G_CALLBACK (on_verdict_selected), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->status_row, "notify::selected",
                           G_CALLBACK (on_status_selected), self, G_CONNECT_SWAPPED);

  field_init (self, FIELD_SUMMARY, FM_CLAIM_FIELD_SUMMARY, GTK_WIDGET (self->summary_row));
  field_init (self, FIELD_ASSIGNEE, FM_CLAIM_FIELD_ASSIGNEE, GTK_WIDGET (self->assignee_row));
  field_init (self, FIELD_TAGS, FM_CLAIM_FIELD_TAGS, GTK_WIDGET (self->tags_row));
  field_init (self, FIELD_EXPLANATION, FM_CLAIM_FIELD_EXPLANATION,
              GTK_WIDGET (self->explanation_view));

  self->claim_bindings = g_binding_group_new ();
  g_binding_group_bind (self->claim_bindings, "quote", self->quote_label, "label",
                        G_BINDING_SYNC_CREATE);
  g_binding_group_bind_full (self->claim_bindings, "verdict", self->verdict_row, "selected",
                             G_BINDING_SYNC_CREATE, enum_to_uint, NULL, NULL, NULL);
  g_binding_group_bind_full (self->claim_bindings, "status", self->status_row, "selected",
                             G_BINDING_SYNC_CREATE, enum_to_uint, NULL, NULL, NULL);
  self->claim_signals = g_signal_group_new (FM_TYPE_CLAIM);
  g_signal_group_connect_object (self->claim_signals, "notify", G_CALLBACK (on_claim_notify),
                                 self, G_CONNECT_SWAPPED);
  self->store_signals = g_signal_group_new (FM_TYPE_STORE);
  g_signal_group_connect_object (self->store_signals, "claim-changed",
                                 G_CALLBACK (on_store_claim_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->store_signals, "sources-changed",
                                 G_CALLBACK (on_store_sources_changed), self, G_CONNECT_SWAPPED);

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_selected_item), self, G_CONNECT_SWAPPED);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_row), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_row), self, 0);
  /* No "unbind": GTK unbinds and binds again a row whose selection or
   * place changed, and a row bound again to its claim changes only its
   * number (fm_claim_row_set_claim()); teardown lets go of the claim */
  g_signal_connect_object (factory, "teardown", G_CALLBACK (teardown_row), self, 0);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->list_view, "activate", G_CALLBACK (on_row_activated), self,
                           G_CONNECT_SWAPPED);

  fm_claim_panel_add_verdict_keys (GTK_WIDGET (self->list_view));
  controller = gtk_shortcut_controller_new ();
  add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), GDK_KEY_Delete, 0, "win.delete-claim", NULL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), GDK_KEY_KP_Delete, 0, "win.delete-claim", NULL);
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), controller);

  /* Escape in the editor goes back to the list */
  controller = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                      gtk_callback_action_new (on_escape, self, NULL)));
  gtk_widget_add_controller (self->editor, controller);

  update_editable (self);
  update_counts (self);
}

GtkWidget *
fm_claim_panel_new (void)
{
  return g_object_new (FM_TYPE_CLAIM_PANEL, NULL);
}
