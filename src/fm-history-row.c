/* fm-history-row.c — one entry of a claim's history, in words
 *
 * The history keeps field names and raw values ("status", "needs-review",
 * "revision 2, characters 10–40, moved, confidence 0.87"); a person reads
 * "Submitted for review" and "Found again in revision 2, moved (87% sure)".
 * Anchor values are written by the store in a fixed English form, which is
 * parsed here; anything not understood is shown as it is rather than lost.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "fm-format.h"
#include "fm-history-row.h"

struct _FmHistoryRow
{
  GtkListBoxRow  parent_instance;

  char          *title;
  char          *detail;
};

G_DEFINE_FINAL_TYPE (FmHistoryRow, fm_history_row, GTK_TYPE_LIST_BOX_ROW)

static const char *
source_field_label (const char *field)
{
  if (g_str_equal (field, "url"))         return _("address");
  if (g_str_equal (field, "title"))       return _("title");
  if (g_str_equal (field, "publisher"))   return _("publisher");
  if (g_str_equal (field, "author"))      return _("author");
  if (g_str_equal (field, "published"))   return _("publication date");
  if (g_str_equal (field, "accessed"))    return _("date accessed");
  if (g_str_equal (field, "archive_url")) return _("archive link");
  if (g_str_equal (field, "stance"))      return _("stance");
  if (g_str_equal (field, "kind"))        return _("kind");
  if (g_str_equal (field, "note"))        return _("note");
  return NULL;
}

static const char *
verdict_label (const char *id)
{
  FmVerdict verdict;

  return fm_verdict_from_id (id, &verdict) ? fm_verdict_label (verdict) : id;
}

static const char *
status_label (const char *id)
{
  FmStatus status;

  return fm_status_from_id (id, &status) ? fm_status_label (status) : id;
}

/* "revision 3, characters 10–40, moved, confidence 0.87, to confirm" and
 * the other forms fm-store.c writes for a claim's place */
static char *
describe_anchor (const char  *old,
                 const char  *new,
                 char       **detail)
{
  guint revision = 0, start = 0, end = 0;
  char kind[16] = "";
  double confidence = 0;

  if (g_str_equal (new, "confirmed"))
    return g_strdup (_("Place in the article confirmed"));
  if (g_str_has_suffix (new, "placed by hand"))
    return g_strdup (_("Placed on the text by hand"));
  if (sscanf (new, "revision %u, unplaced", &revision) == 1 && strstr (new, "unplaced") != NULL)
    /* TRANSLATORS: %u is the number of a revision of the article */
    return g_strdup_printf (_("Unplaced in revision %u: its quote is no longer in the article"),
                            revision);
  if (sscanf (new, "revision %u, characters %u–%u, %15[a-z], confidence %lf",
              &revision, &start, &end, kind, &confidence) == 5)
    {
      gboolean to_confirm = g_str_has_suffix (new, "to confirm");
      int percent = (int)(confidence * 100 + 0.5);

      if (to_confirm)
        /* TRANSLATORS: "87% sure": how sure the placing is */
        *detail = g_strdup_printf (_("%d%% sure; to be confirmed by a person"), percent);
      else if (percent < 100)
        *detail = g_strdup_printf (_("%d%% sure"), percent);
      if (g_str_equal (kind, "exact"))
        return g_strdup_printf (_("Kept its place in revision %u"), revision);
      if (g_str_equal (kind, "moved"))
        return g_strdup_printf (_("Found again elsewhere in revision %u"), revision);
      return g_strdup_printf (_("Found again on changed wording in revision %u"), revision);
    }
  /* A form this build does not know */
  return g_strdup_printf (_("Place in the article changed: %s"), new);
}

char *
fm_history_describe (const FmHistoryEntry  *e,
                     char                 **detail,
                     const char           **icon_name,
                     const char           **kind)
{
  const char *f = e->field ? e->field : "";
  const char *old = e->old_value ? e->old_value : "";
  const char *new = e->new_value ? e->new_value : "";
  const char *icon = "document-edit-symbolic";
  const char *k = "edit";
  char *title = NULL;

  g_return_val_if_fail (e != NULL, NULL);
  g_return_val_if_fail (detail != NULL, NULL);

  *detail = NULL;
  if (g_str_equal (f, "created"))
    {
      title = g_strdup (_("Marked as a claim"));
      icon = "list-add-symbolic";
    }
  else if (g_str_equal (f, "imported"))
    {
      /* The entries that follow it at the same time are the values it came with */
      title = g_strdup (_("Imported from an annotation file"));
      icon = "document-open-symbolic";
    }
  else if (g_str_equal (f, "suggestion-accepted"))
    {
      title = g_strdup (_("Made a claim from a suggestion"));
      icon = "list-add-symbolic";
      if (*new)
        /* TRANSLATORS: why Factmark suggested the sentence */
        *detail = g_strdup_printf (_("Suggested because: %s"), new);
    }
  else if (g_str_equal (f, "deleted"))
    {
      title = g_strdup (_("Deleted"));
      icon = "user-trash-symbolic";
      k = "removed";
    }
  else if (g_str_equal (f, "restored"))
    {
      title = g_strdup (_("Restored after it was deleted"));
      icon = "edit-undo-symbolic";
    }
  else if (g_str_equal (f, "verdict"))
    {
      title = *old && !g_str_equal (old, "unrated") ?
              g_strdup_printf (_("Verdict changed from %s to %s"), verdict_label (old),
                               verdict_label (new)) :
              g_strdup_printf (_("Verdict set to %s"), verdict_label (new));
      icon = "emblem-important-symbolic";
      k = "verdict";
    }
  else if (g_str_equal (f, "status"))
    {
      k = "status";
      icon = "emblem-synchronizing-symbolic";
      if (g_str_equal (new, "approved"))
        {
          title = g_strdup (_("Approved"));
          icon = "object-select-symbolic";
          k = "approved";
        }
      else if (g_str_equal (new, "changes-requested"))
        {
          title = g_strdup (_("Changes requested"));
          icon = "mail-reply-sender-symbolic";
          k = "changes";
        }
      else if (g_str_equal (new, "needs-review") && g_str_equal (old, "approved"))
        {
          /* The store reopens an approved claim whose verdict, explanation,
           * sources or quoted text changed */
          title = g_strdup (_("Back to Needs review: it changed after approval"));
          k = "changes";
        }
      else if (g_str_equal (new, "needs-review"))
        title = g_strdup (_("Submitted for review"));
      else
        title = g_strdup_printf (_("Status changed from %s to %s"), status_label (old),
                                 status_label (new));
    }
  else if (g_str_equal (f, "approval-override"))
    {
      title = g_strdup (_("Approved without a complete sign-off"));
      icon = "dialog-warning-symbolic";
      k = "override";
      if (*old)
        /* TRANSLATORS: the editor's reason, then on a line of its own what the
         * sign-off list missed ("It still needs …") */
        *detail = g_strdup_printf (_("Reason: “%s”\n%s"), new, old);
      else
        *detail = g_strdup_printf (_("Reason: “%s”"), new);
    }
  else if (g_str_equal (f, "comment"))
    {
      title = g_strdup (_("Commented"));
      icon = "chat-message-new-symbolic";
      k = "comment";
      *detail = g_strdup_printf ("“%s”", new);
    }
  else if (g_str_equal (f, "review-comment"))
    {
      title = g_strdup (*new ? _("Review comment changed") : _("Review comment cleared"));
      icon = "chat-message-new-symbolic";
      k = "comment";
      if (*new)
        *detail = g_strdup_printf ("“%s”", new);
    }
  else if (g_str_equal (f, "summary"))
    {
      title = g_strdup (*new ? (*old ? _("Summary changed") : _("Summary written")) :
                               _("Summary removed"));
      if (*new)
        *detail = g_strdup_printf ("“%s”", new);
    }
  else if (g_str_equal (f, "explanation"))
    {
      title = g_strdup (*new ? (*old ? _("Explanation edited") : _("Explanation written")) :
                               _("Explanation removed"));
      if (*new)
        *detail = g_strdup (new);
    }
  else if (g_str_equal (f, "assignee"))
    {
      title = *new ? g_strdup_printf (_("Assigned to %s"), new) : g_strdup (_("Unassigned"));
      icon = "avatar-default-symbolic";
    }
  else if (g_str_equal (f, "tags"))
    {
      title = *new ? g_strdup_printf (_("Tags set to %s"), new) : g_strdup (_("Tags removed"));
      icon = "bookmark-new-symbolic";
    }
  else if (g_str_equal (f, "source-added"))
    {
      title = g_strdup (_("Source added"));
      icon = "insert-link-symbolic";
      k = "source";
      *detail = g_strdup (new);
    }
  else if (g_str_equal (f, "source-removed"))
    {
      title = g_strdup (_("Source removed"));
      icon = "insert-link-symbolic";
      k = "removed";
      *detail = g_strdup (old);
    }
  else if (g_str_has_prefix (f, "source."))
    {
      const char *name = f + strlen ("source.");
      const char *label = source_field_label (name);
      FmStance stance;
      FmSourceKind source_kind;

      icon = "insert-link-symbolic";
      k = "source";
      /* TRANSLATORS: %s is a part of a source: "address", "title", "stance" … */
      title = g_strdup_printf (_("Source’s %s changed"), label ? label : name);
      if (g_str_equal (name, "stance") && fm_stance_from_id (new, &stance))
        *detail = g_strdup (fm_stance_label (stance));
      else if (g_str_equal (name, "kind") && fm_source_kind_from_id (new, &source_kind))
        *detail = g_strdup (fm_source_kind_label (source_kind));
      else if (*new)
        *detail = g_strdup (new);
    }
  else if (g_str_equal (f, "anchor"))
    {
      title = describe_anchor (old, new, detail);
      icon = "view-pin-symbolic";
      k = "anchor";
    }
  else if (g_str_equal (f, "quote"))
    {
      title = g_strdup (_("Quoted text changed with the article"));
      icon = "view-pin-symbolic";
      k = "anchor";
      *detail = g_strdup_printf ("“%s”", new);
    }
  else
    {
      /* A kind of entry this build does not know: its own words */
      g_autofree char *words = g_strdelimit (g_strdup (f), "-_.", ' ');

      title = *new ? g_strdup_printf ("%s: %s", words, new) : g_strdup (words);
      if (*title)
        {
          gunichar c = g_unichar_totitle (g_utf8_get_char (title));
          g_autofree char *rest = g_strdup (g_utf8_next_char (title));
          char buf[8] = { 0 };

          g_unichar_to_utf8 (c, buf);
          g_free (title);
          title = g_strconcat (buf, rest, NULL);
        }
    }

  if (icon_name != NULL)
    *icon_name = icon;
  if (kind != NULL)
    *kind = k;
  return title;
}

const char *
fm_history_row_get_title (FmHistoryRow *self)
{
  g_return_val_if_fail (FM_IS_HISTORY_ROW (self), NULL);
  return self->title;
}

const char *
fm_history_row_get_detail (FmHistoryRow *self)
{
  g_return_val_if_fail (FM_IS_HISTORY_ROW (self), NULL);
  return self->detail;
}

static void
fm_history_row_finalize (GObject *object)
{
  FmHistoryRow *self = (FmHistoryRow *)object;

  g_free (self->title);
  g_free (self->detail);

  G_OBJECT_CLASS (fm_history_row_parent_class)->finalize (object);
}

static void
fm_history_row_class_init (FmHistoryRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fm_history_row_finalize;
}

static void
fm_history_row_init (FmHistoryRow *self)
{
}

static GtkWidget *
make_label (const char *text,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 36);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

GtkWidget *
fm_history_row_new (const FmHistoryEntry *entry)
{
  FmHistoryRow *self;
  GtkWidget *box, *text, *dot, *icon, *label;
  const char *icon_name = NULL;
  const char *kind = NULL;
  g_autofree char *when = NULL;
  g_autofree char *meta = NULL;
  g_autofree char *kind_class = NULL;
  g_autofree char *accessible = NULL;

  g_return_val_if_fail (entry != NULL, NULL);

  self = g_object_new (FM_TYPE_HISTORY_ROW, "activatable", FALSE, "selectable", FALSE, NULL);
  self->title = fm_history_describe (entry, &self->detail, &icon_name, &kind);
  when = fm_format_when (entry->at);
  meta = entry->actor && *entry->actor ? g_strdup_printf ("%s · %s", entry->actor, when) :
                                         g_steal_pointer (&when);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (box, "history-entry");
  dot = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_valign (dot, GTK_ALIGN_START);
  gtk_widget_add_css_class (dot, "history-dot");
  kind_class = g_strconcat ("history-", kind, NULL);
  gtk_widget_add_css_class (dot, kind_class);
  icon = gtk_image_new_from_icon_name (icon_name);
  gtk_widget_set_halign (icon, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
  gtk_widget_set_vexpand (icon, TRUE);
  gtk_box_append (GTK_BOX (dot), icon);
  gtk_box_append (GTK_BOX (box), dot);

  text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (text, TRUE);
  label = make_label (self->title, "history-title");
  gtk_box_append (GTK_BOX (text), label);
  if (self->detail != NULL && *self->detail != '\0')
    {
      label = make_label (self->detail, "history-detail");
      gtk_label_set_lines (GTK_LABEL (label), 6);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_box_append (GTK_BOX (text), label);
    }
  label = make_label (meta, "history-meta");
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (text), label);
  gtk_box_append (GTK_BOX (box), text);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), box);

  accessible = g_strdup_printf ("%s. %s%s%s", self->title, self->detail ? self->detail : "",
                                self->detail ? ". " : "", meta);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  return GTK_WIDGET (self);
}
