/* fm-review-view.c — the editor's desk: every claim of the workspace in one table
 *
 * Built for a workspace of a hundred thousand claims. The table is a
 * GtkColumnView over FmReviewRows (places in the table) over FmReviewModel,
 * which reads claims a page at a time as rows come into sight: nothing
 * here walks the whole list, and a new query keeps the rows' widgets. Sorting
 * and filtering are the store's work — a click on a column header becomes
 * the query's order, never a GtkSortListModel, which would read every row.
 * Article titles come from one map kept for the whole table.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "fm-claim-row.h"
#include "fm-format.h"
#include "fm-a11y.h"
#include "fm-review-rows.h"
#include "fm-review-view.h"
#include "fm-text-cell.h"

/* Lists for the filter menus are read again once changes settle */
#define LISTS_DELAY_MS 500
#define WAITING_DELAY_MS 300

typedef enum {
  COL_NUMBER,
  COL_CLAIM,
  COL_ARTICLE,
  COL_VERDICT,
  COL_STATUS,
  COL_ASSIGNEE,
  COL_SOURCES,
  COL_UPDATED,
  N_COLUMNS
} ColumnId;

typedef struct
{
  FmReviewView *self;
  ColumnId      id;
} ColumnData;

struct _FmReviewView
{
  GtkWidget            parent_instance;

  FmStore             *store;
  FmReviewModel       *model;
  FmReviewRows        *rows;            /* the table's items, over the model */
  char                *applied_query;  /* query_key() of what the model shows */
  GtkSingleSelection  *selection;
  GSignalGroup        *store_signals;
  GHashTable          *titles;          /* article id → title */
  GPtrArray           *article_ids;     /* per article menu entry; NULL for "all" */
  GPtrArray           *assignees;       /* per assignee menu entry */
  GPtrArray           *tags;            /* per tag menu entry */
  GtkStringList       *article_names;
  GtkStringList       *assignee_names;
  GtkStringList       *tag_names;
  int                  status_filter;   /* -1: any */
  FmClaimSort          sort;
  gboolean             descending;
  gboolean             syncing;
  gboolean             querying;        /* a new query of our own is being set */
  int                  probe_column;
  FmClaim             *probe_a;
  FmClaim             *probe_b;
  guint                lists_source;
  guint                waiting_source;
  guint                n_waiting;
  guint                n_bound;
  gboolean             focus_after_paint;
  gboolean             rows_moved;      /* items changed since the rows were last placed */
  GdkFrameClock       *clock;           /* while realized */
  gulong               after_paint_id;
  char                *subtitle;
  GtkColumnViewColumn *columns[N_COLUMNS];
  GtkWidget           *status_buttons[FM_N_STATUSES + 1];
  FmTextCell          *status_counts[FM_N_STATUSES + 1];

  GtkWidget           *root;
  GtkSearchEntry      *search_entry;
  GtkDropDown         *verdict_dropdown;
  GtkDropDown         *assignee_dropdown;
  GtkDropDown         *article_dropdown;
  GtkDropDown         *tag_dropdown;
  GtkWidget           *clear_button;
  GtkWidget           *status_bar;
  GtkStack            *stack;
  GtkScrolledWindow   *scroller;
  GtkColumnView       *column_view;
  GtkWidget           *empty_clear_button;
};

G_DEFINE_FINAL_TYPE (FmReviewView, fm_review_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_N_WAITING,
  PROP_SUBTITLE,
  N_PROPS
};

enum {
  CLAIM_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const struct {
  const char  *title;
  FmClaimSort  sort;
  gboolean     expand;
  int          width;
} column_info[N_COLUMNS] = {
  /* TRANSLATORS: the column of claim numbers */
  [COL_NUMBER]   = { N_("No."),         FM_CLAIM_SORT_TEXT,      FALSE, 56 },
  [COL_CLAIM]    = { N_("Claim"),       FM_CLAIM_SORT_SUMMARY,   TRUE,  260 },
  [COL_ARTICLE]  = { N_("Article"),     FM_CLAIM_SORT_ARTICLE,   FALSE, 170 },
  [COL_VERDICT]  = { N_("Verdict"),     FM_CLAIM_SORT_VERDICT,   FALSE, 130 },
  [COL_STATUS]   = { N_("Status"),      FM_CLAIM_SORT_STATUS,    FALSE, 150 },
  [COL_ASSIGNEE] = { N_("Assignee"),    FM_CLAIM_SORT_ASSIGNEE,  FALSE, 110 },
  [COL_SOURCES]  = { N_("Sources"),     FM_CLAIM_SORT_N_SOURCES, FALSE, 76 },
  [COL_UPDATED]  = { N_("Last Change"), FM_CLAIM_SORT_UPDATED,   FALSE, 150 },
};

static void apply_query (FmReviewView *self);

/* Menus */

static guint
find_value (GPtrArray  *values,
            const char *value)
{
  for (guint i = 0; i < values->len; i++)
    if (g_strcmp0 (g_ptr_array_index (values, i), value) == 0)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

static const char *
selected_value (GtkDropDown *dropdown,
                GPtrArray   *values)
{
  guint i = gtk_drop_down_get_selected (dropdown);

  return i < values->len ? g_ptr_array_index (values, i) : NULL;
}

/* Gives the menu new entries and keeps what was chosen, even when it is
 * no longer in the list (the filter then shows nothing, and says so) */
static void
set_menu (FmReviewView  *self,
          GtkDropDown   *dropdown,
          GtkStringList *names,
          GPtrArray     *values,
          GPtrArray     *new_names,
          GPtrArray     *new_values)
{
  g_autofree char *kept = g_strdup (selected_value (dropdown, values));
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (names));
  gboolean was_syncing = self->syncing;
  guint position;

  g_assert (new_names->len == new_values->len);
  if (kept != NULL && find_value (new_values, kept) == GTK_INVALID_LIST_POSITION)
    {
      g_ptr_array_add (new_names, g_strdup (kept));
      g_ptr_array_add (new_values, g_strdup (kept));
    }
  g_ptr_array_add (new_names, NULL);

  self->syncing = TRUE;
  g_ptr_array_set_size (values, 0);
  for (guint i = 0; i < new_values->len; i++)
    g_ptr_array_add (values, g_strdup (g_ptr_array_index (new_values, i)));
  gtk_string_list_splice (names, 0, n_old, (const char * const *)new_names->pdata);
  position = find_value (values, kept);
  gtk_drop_down_set_selected (dropdown, position == GTK_INVALID_LIST_POSITION ? 0 : position);
  self->syncing = was_syncing;
}

static int
compare_titles (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  GHashTable *titles = user_data;

  return g_utf8_collate (g_hash_table_lookup (titles, *(const char **)a),
                         g_hash_table_lookup (titles, *(const char **)b));
}

static void
rebuild_article_menu (FmReviewView *self)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_ptr_array_add (names, g_strdup (_("All articles")));
  g_ptr_array_add (values, NULL);
  g_hash_table_iter_init (&iter, self->titles);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (ids, key);
  g_ptr_array_sort_with_data (ids, compare_titles, self->titles);
  for (guint i = 0; i < ids->len; i++)
    {
      const char *title = g_hash_table_lookup (self->titles, g_ptr_array_index (ids, i));

      g_ptr_array_add (names, g_strdup (*title ? title : _("Untitled article")));
      g_ptr_array_add (values, g_strdup (g_ptr_array_index (ids, i)));
    }
  set_menu (self, self->article_dropdown, self->article_names, self->article_ids, names, values);
}

static void
rebuild_lists (FmReviewView *self)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) assignees = NULL;
  g_auto(GStrv) tags = NULL;

  g_clear_handle_id (&self->lists_source, g_source_remove);
  if (self->store != NULL)
    {
      assignees = fm_store_list_assignees (self->store, NULL);
      tags = fm_store_list_tags (self->store, NULL);
    }

  g_ptr_array_add (names, g_strdup (_("Anyone")));
  g_ptr_array_add (values, NULL);
  g_ptr_array_add (names, g_strdup (_("Unassigned")));
  g_ptr_array_add (values, g_strdup (""));
  for (guint i = 0; assignees != NULL && assignees[i] != NULL; i++)
    if (*assignees[i] != '\0')
      {
        g_ptr_array_add (names, g_strdup (assignees[i]));
        g_ptr_array_add (values, g_strdup (assignees[i]));
      }
  set_menu (self, self->assignee_dropdown, self->assignee_names, self->assignees, names, values);

  g_ptr_array_set_size (names, 0);
  g_ptr_array_set_size (values, 0);
  g_ptr_array_add (names, g_strdup (_("Any tag")));
  g_ptr_array_add (values, NULL);
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      g_ptr_array_add (names, g_strdup (tags[i]));
      g_ptr_array_add (values, g_strdup (tags[i]));
    }
  set_menu (self, self->tag_dropdown, self->tag_names, self->tags, names, values);
}

static gboolean
lists_timeout (gpointer data)
{
  FmReviewView *self = data;

  self->lists_source = 0;
  rebuild_lists (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_lists (FmReviewView *self)
{
  if (self->lists_source == 0)
    self->lists_source = g_timeout_add (LISTS_DELAY_MS, lists_timeout, self);
}

/* The badge in the sidebar: what waits for review in the whole workspace */

static void
update_waiting (FmReviewView *self)
{
  FmClaimQuery all = FM_CLAIM_QUERY_INIT;
  guint counts[FM_N_STATUSES] = { 0 };
  guint n;

  g_clear_handle_id (&self->waiting_source, g_source_remove);
  if (self->store != NULL)
    fm_store_count_query_by_status (self->store, &all, counts, NULL);
  n = counts[FM_STATUS_NEEDS_REVIEW];
  if (n != self->n_waiting)
    {
      self->n_waiting = n;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_WAITING]);
    }
}

static gboolean
waiting_timeout (gpointer data)
{
  update_waiting (data);
  return G_SOURCE_REMOVE;
}

static void
schedule_waiting (FmReviewView *self)
{
  if (self->waiting_source == 0)
    self->waiting_source = g_timeout_add (WAITING_DELAY_MS, waiting_timeout, self);
}

/* Following the store */

static void
load_titles (FmReviewView *self)
{
  g_autoptr(GPtrArray) articles = NULL;

  g_hash_table_remove_all (self->titles);
  if (self->store != NULL)
    articles = fm_store_list_articles (self->store, NULL);
  for (guint i = 0; articles != NULL && i < articles->len; i++)
    {
      FmArticle *article = g_ptr_array_index (articles, i);
      const char *title = fm_article_get_title (article);

      g_hash_table_insert (self->titles, g_strdup (fm_article_get_id (article)),
                           g_strdup (title ? title : ""));
    }
  rebuild_article_menu (self);
}

static void
on_article_added (FmReviewView *self,
                  FmArticle    *article)
{
  const char *title = fm_article_get_title (article);

  g_hash_table_insert (self->titles, g_strdup (fm_article_get_id (article)),
                       g_strdup (title ? title : ""));
  rebuild_article_menu (self);
}

static void
on_article_revised (FmReviewView *self,
                    FmArticle    *article,
                    guint         revision)
{
  /* A new revision may bring a new title */
  on_article_added (self, article);
  gtk_widget_queue_draw (GTK_WIDGET (self->column_view));
  schedule_waiting (self);
}

static void
on_claim_changed (FmReviewView *self,
                  FmClaim      *claim,
                  const char   *field)
{
  if (g_str_equal (field, "assignee") || g_str_equal (field, "tags"))
    schedule_lists (self);
  if (g_str_equal (field, "status") || g_str_equal (field, "anchor"))
    schedule_waiting (self);
}

static void
on_claim_added_or_removed (FmReviewView *self)
{
  schedule_lists (self);
  schedule_waiting (self);
}

/* Cells: each row shows the live claim, and follows its changes */

static const char *
article_title (FmReviewView *self,
               const char   *article_id)
{
  const char *title = article_id ? g_hash_table_lookup (self->titles, article_id) : NULL;

  return title ? title : "";
}

/* The cells' texts are FmTextCells, not GtkLabels: a new query gives a
 * couple of hundred rows new texts, and a label lays out and measures
 * each at once, where a text cell waits until it is drawn */
static GtkWidget *
cell_text (const char *css_class)
{
  return fm_text_cell_new (css_class);
}

static GtkWidget *
cell_badge (const char *css_class)
{
  GtkWidget *cell = fm_text_cell_new (css_class);

  fm_text_cell_set_fit_text (FM_TEXT_CELL (cell), TRUE);
  return cell;
}

static void
set_image_icon (GtkImage   *image,
                const char *icon_name)
{
  /* Setting the same icon again looks it up again */
  if (g_strcmp0 (gtk_image_get_icon_name (image), icon_name) != 0)
    gtk_image_set_from_icon_name (image, icon_name);
}

/* The tooltip of a claim's text (its quote) or of its article's title,
 * asked for when the pointer rests on the cell. (Set at each bind, a
 * tooltip costs a round trip to the X server for where the pointer is:
 * a screen of rows, several hundred of them, on every sort and filter.) */
static gboolean
on_cell_query_tooltip (GtkWidget   *child,
                       int          x,
                       int          y,
                       gboolean     keyboard,
                       GtkTooltip  *tooltip,
                       GtkListItem *item)
{
  ColumnData *cd = g_object_get_data (G_OBJECT (item), "fm-column");
  FmClaim *claim = g_object_get_data (G_OBJECT (item), "fm-claim");
  const char *text;

  if (cd == NULL || claim == NULL)
    return FALSE;
  if (cd->id == COL_CLAIM)
    text = fm_claim_get_quote (claim);
  else
    text = article_title (cd->self, fm_claim_get_article_id (claim));
  if (text == NULL || *text == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            ColumnData               *cd)
{
  GtkWidget *child = NULL;

  switch (cd->id)
    {
    case COL_NUMBER:
      child = cell_badge ("claim-number");
      fm_text_cell_set_xalign (FM_TEXT_CELL (child), 0.5);
      fm_text_cell_set_tabular (FM_TEXT_CELL (child), TRUE);
      gtk_widget_set_halign (child, GTK_ALIGN_START);
      gtk_widget_set_valign (child, GTK_ALIGN_CENTER);
      break;
    case COL_CLAIM:
      /* Two lines high, whatever the claim: the rows are all as high */
      child = cell_text ("review-claim-text");
      fm_text_cell_set_lines (FM_TEXT_CELL (child), 2);
      break;
    case COL_ARTICLE:
    case COL_ASSIGNEE:
      child = cell_text (NULL);
      break;
    case COL_VERDICT:
      {
        GtkWidget *icon = gtk_image_new ();

        child = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
        gtk_widget_set_halign (child, GTK_ALIGN_START);
        gtk_widget_set_valign (child, GTK_ALIGN_CENTER);
        gtk_widget_add_css_class (child, "badge");
        gtk_widget_add_css_class (child, "verdict-badge");
        gtk_box_append (GTK_BOX (child), icon);
        gtk_box_append (GTK_BOX (child), cell_badge (NULL));
      }
      break;
    case COL_STATUS:
      child = cell_badge ("badge");
      gtk_widget_add_css_class (child, "status-badge");
      gtk_widget_set_halign (child, GTK_ALIGN_START);
      gtk_widget_set_valign (child, GTK_ALIGN_CENTER);
      break;
    case COL_SOURCES:
      child = cell_text ("numeric");
      fm_text_cell_set_xalign (FM_TEXT_CELL (child), 1);
      fm_text_cell_set_tabular (FM_TEXT_CELL (child), TRUE);
      break;
    case COL_UPDATED:
      child = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      gtk_widget_set_valign (child, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (child), cell_text (NULL));
      gtk_box_append (GTK_BOX (child), cell_text ("caption"));
      gtk_widget_add_css_class (gtk_widget_get_last_child (child), "dim-label");
      break;
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
  if (cd->id == COL_CLAIM || cd->id == COL_ARTICLE)
    {
      gtk_widget_set_has_tooltip (child, TRUE);
      g_signal_connect_object (child, "query-tooltip", G_CALLBACK (on_cell_query_tooltip), item, 0);
    }
  gtk_list_item_set_child (item, child);
}

static void
update_cell (ColumnData  *cd,
             GtkListItem *item)
{
  FmReviewView *self = cd->self;
  FmClaim *claim = g_object_get_data (G_OBJECT (item), "fm-claim");
  GtkWidget *child = gtk_list_item_get_child (item);

  if (claim == NULL || child == NULL)
    return;

  switch (cd->id)
    {
    case COL_NUMBER:
      fm_widget_set_verdict_class (child, fm_claim_get_verdict (claim));
      break;
    case COL_CLAIM:
      {
        const char *summary = fm_claim_get_summary (claim);
        const char *text = fm_claim_get_display_text (claim);

        fm_text_cell_set_text (FM_TEXT_CELL (child), text);
        /* The quote, as it is in the article, reads as one */
        if (summary == NULL || *summary == '\0')
          gtk_widget_add_css_class (child, "claim-quote-text");
        else
          gtk_widget_remove_css_class (child, "claim-quote-text");
      }
      break;
    case COL_ARTICLE:
      {
        const char *title = article_title (self, fm_claim_get_article_id (claim));

        fm_text_cell_set_text (FM_TEXT_CELL (child), title);
      }
      break;
    case COL_VERDICT:
      {
        FmVerdict verdict = fm_claim_get_verdict (claim);

        set_image_icon (GTK_IMAGE (gtk_widget_get_first_child (child)), fm_verdict_icon_name (verdict));
        fm_text_cell_set_text (FM_TEXT_CELL (gtk_widget_get_last_child (child)),
                               fm_verdict_label (verdict));
        fm_widget_set_verdict_class (child, verdict);
      }
      break;
    case COL_STATUS:
      fm_text_cell_set_text (FM_TEXT_CELL (child), fm_status_label (fm_claim_get_status (claim)));
      fm_widget_set_status_class (child, fm_claim_get_status (claim));
      break;
    case COL_ASSIGNEE:
      {
        const char *assignee = fm_claim_get_assignee (claim);
        gboolean none = assignee == NULL || *assignee == '\0';

        fm_text_cell_set_text (FM_TEXT_CELL (child), none ? _("Unassigned") : assignee);
        if (none)
          gtk_widget_add_css_class (child, "dim-label");
        else
          gtk_widget_remove_css_class (child, "dim-label");
      }
      break;
    case COL_SOURCES:
      {
        guint n = fm_claim_get_n_sources (claim);
        g_autofree char *text = g_strdup_printf ("%u", n);

        fm_text_cell_set_text (FM_TEXT_CELL (child), text);
        if (n == 0)
          gtk_widget_add_css_class (child, "dim-label");
        else
          gtk_widget_remove_css_class (child, "dim-label");
      }
      break;
    case COL_UPDATED:
      {
        g_autofree char *when = fm_format_when (fm_claim_get_updated_at (claim));
        const char *who = fm_claim_get_updated_by (claim);

        fm_text_cell_set_text (FM_TEXT_CELL (gtk_widget_get_first_child (child)), when);
        fm_text_cell_set_text (FM_TEXT_CELL (gtk_widget_get_last_child (child)), who);
      }
      break;
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

static void
on_cell_claim_notify (GtkListItem *item,
                      GParamSpec  *pspec,
                      FmClaim     *claim)
{
  ColumnData *cd = g_object_get_data (G_OBJECT (item), "fm-column");

  if (cd != NULL && g_object_get_data (G_OBJECT (item), "fm-claim") == (gpointer)claim)
    update_cell (cd, item);
}

/* The cell lets go of the claim it showed */
static void
detach_claim (ColumnData  *cd,
              GtkListItem *item)
{
  FmClaim *claim = g_object_get_data (G_OBJECT (item), "fm-claim");

  if (claim != NULL)
    {
      g_signal_handlers_disconnect_by_func (claim, on_cell_claim_notify, item);
      if (cd->id == COL_NUMBER)
        cd->self->n_bound--;
    }
  g_object_set_data (G_OBJECT (item), "fm-claim", NULL);
}

/* The cell shows its row's claim, and follows its changes */
static void
attach_claim (ColumnData  *cd,
              GtkListItem *item,
              FmReviewRow *row)
{
  FmReviewView *self = cd->self;
  FmClaim *claim = fm_review_row_get_claim (row);

  if (claim == NULL)
    return;
  /* The cell holds the claim it listens to, so that it can let go of it */
  g_object_set_data_full (G_OBJECT (item), "fm-claim", g_object_ref (claim), g_object_unref);
  g_signal_connect_object (claim, "notify", G_CALLBACK (on_cell_claim_notify), item,
                           G_CONNECT_SWAPPED);
  if (cd->id == COL_NUMBER)
    {
      /* The number was read with the page the claim came in */
      guint number = fm_review_row_get_number (row);
      char text[16] = "";

      if (number > 0)
        g_snprintf (text, sizeof text, "%u", number);
      fm_text_cell_set_text (FM_TEXT_CELL (gtk_list_item_get_child (item)), text);
      self->n_bound++;
    }
  update_cell (cd, item);
}

/* A new query gave the row another claim: the cell stays, and shows it */
static void
on_row_claim_changed (GtkListItem *item,
                      GParamSpec  *pspec,
                      FmReviewRow *row)
{
  ColumnData *cd = g_object_get_data (G_OBJECT (item), "fm-column");

  if (cd == NULL || gtk_list_item_get_item (item) != (gpointer)row)
    return;
  detach_claim (cd, item);
  attach_claim (cd, item, row);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           ColumnData               *cd)
{
  FmReviewRow *row = gtk_list_item_get_item (item);

  if (row == NULL)
    return;
  g_object_set_data (G_OBJECT (item), "fm-column", cd);
  g_object_set_data_full (G_OBJECT (item), "fm-row", g_object_ref (row), g_object_unref);
  g_signal_connect_object (row, "notify::claim", G_CALLBACK (on_row_claim_changed), item,
                           G_CONNECT_SWAPPED);
  attach_claim (cd, item, row);
}

static void
unbind_cell (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             ColumnData               *cd)
{
  FmReviewRow *row = g_object_get_data (G_OBJECT (item), "fm-row");

  if (row != NULL)
    g_signal_handlers_disconnect_by_func (row, on_row_claim_changed, item);
  detach_claim (cd, item);
  g_object_set_data (G_OBJECT (item), "fm-row", NULL);
}

/* Sorting: the store's order, read from the column view's sorter.
 *
 * GTK 4.8 has no API that says which column the column view sorts by. Its
 * sorter compares two items with each sorting column's own sorter in turn,
 * primary first, and inverts the answer for a descending column; each of
 * our column sorters records its column when it is asked. Comparing two
 * probe objects therefore tells the primary column (the first recorded)
 * and its order (the sign of the answer). Nothing else uses these sorters. */

static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  ColumnData *cd = user_data;

  if (cd->self->probe_column < 0)
    cd->self->probe_column = cd->id;
  return 1;
}

static void
on_sorter_changed (FmReviewView *self)
{
  GtkSorter *sorter;
  GtkOrdering order;

  /* Columns go away while the view is disposed */
  if (self->column_view == NULL)
    return;
  sorter = gtk_column_view_get_sorter (self->column_view);
  self->probe_column = -1;
  order = gtk_sorter_compare (sorter, self->probe_a, self->probe_b);
  if (self->probe_column < 0 || order == GTK_ORDERING_EQUAL)
    {
      self->sort = FM_CLAIM_SORT_UPDATED;
      self->descending = TRUE;
    }
  else
    {
      self->sort = column_info[self->probe_column].sort;
      self->descending = order == GTK_ORDERING_SMALLER;
    }
  apply_query (self);
}

/* Filters */

static void
update_status_counts (FmReviewView *self)
{
  const guint *counts = self->model ? fm_review_model_get_status_counts (self->model) : NULL;
  guint total = 0;

  for (guint s = 0; s < FM_N_STATUSES; s++)
    {
      guint n = counts ? counts[s] : 0;
      g_autofree char *text = g_strdup_printf ("%u", n);

      total += n;
      fm_text_cell_set_text (self->status_counts[s + 1], text);
    }
  {
    g_autofree char *text = g_strdup_printf ("%u", total);
    fm_text_cell_set_text (self->status_counts[0], text);
  }
}

static void
update_state (FmReviewView *self)
{
  guint n = self->model ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;
  gboolean filtered = fm_review_view_has_filters (self);
  g_autofree char *subtitle = NULL;

  if (n > 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else
    gtk_stack_set_visible_child_name (self->stack, filtered ? "empty" : "none");
  gtk_widget_set_sensitive (self->clear_button, filtered);

  subtitle = g_strdup_printf (ngettext ("%u claim", "%u claims", n), n);
  if (g_strcmp0 (subtitle, self->subtitle) != 0)
    {
      g_free (self->subtitle);
      self->subtitle = g_steal_pointer (&subtitle);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBTITLE]);
    }
}

/* The query's filters and order in one string, to tell whether a query
 * changes anything */
static char *
query_key (const FmClaimQuery *query)
{
  return g_strdup_printf ("%s\x1f%d:%d\x1f%d:%d\x1f%s\x1f%s\x1f%s\x1f%d:%d",
                          query->article_id ? query->article_id : "\x1e",
                          query->any_status, query->any_status ? 0 : (int)query->status,
                          query->any_verdict, query->any_verdict ? 0 : (int)query->verdict,
                          query->assignee ? query->assignee : "\x1e",
                          query->tag ? query->tag : "\x1e",
                          query->search ? query->search : "\x1e",
                          (int)query->sort, query->descending);
}

static void
apply_query (FmReviewView *self)
{
  FmClaimQuery query = FM_CLAIM_QUERY_INIT;
  guint verdict = gtk_drop_down_get_selected (self->verdict_dropdown);
  GtkAdjustment *adjustment;
  g_autofree char *search = NULL;

  if (self->syncing || self->model == NULL)
    return;

  query.any_status = self->status_filter < 0;
  query.status = self->status_filter < 0 ? 0 : (FmStatus)self->status_filter;
  query.any_verdict = verdict == 0 || verdict > FM_N_VERDICTS;
  query.verdict = query.any_verdict ? 0 : verdict - 1;
  query.assignee = selected_value (self->assignee_dropdown, self->assignees);
  query.article_id = selected_value (self->article_dropdown, self->article_ids);
  query.tag = selected_value (self->tag_dropdown, self->tags);
  search = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  query.search = *search ? search : NULL;
  query.sort = self->sort;
  query.descending = self->descending;

  /* The same query again (the search entry's own signal, after the delay
   * it keeps while a person types, for a search already applied): the
   * rows are the same, and building them anew costs a screen of widgets */
  {
    g_autofree char *key = query_key (&query);

    if (g_strcmp0 (key, self->applied_query) == 0)
      return;
    g_free (self->applied_query);
    self->applied_query = g_steal_pointer (&key);
  }

  /* Every row changes. At the top of the list (where a new query is made
   * from the toolbar) the rows keep their places and widgets and show the
   * new claims: GTK 4.8 builds new row widgets for new items, a couple of
   * hundred rows of nine cells. Scrolled down, the table lets go of the
   * rows and takes them back new, at the top of the new list. Either way
   * only the rows in use read their claims: nothing reads the whole
   * workspace (GTK 4.8 reads every item of a changed range). */
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  if (gtk_column_view_get_model (self->column_view) != NULL &&
      gtk_adjustment_get_value (adjustment) > 0)
    {
      gtk_column_view_set_model (self->column_view, NULL);
      self->querying = TRUE;
      fm_review_rows_set_query (self->rows, &query);
      self->querying = FALSE;
      gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
    }
  else
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
      GtkWidget *list = focus ? gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_VIEW) : NULL;

      self->querying = TRUE;
      fm_review_rows_set_query (self->rows, &query);
      self->querying = FALSE;
      /* A focused row now holds another claim: the focus leaves the rows,
       * as it does when they are built anew, and
       * fm_review_view_focus_list() finds the row in sight */
      if (list != NULL && gtk_widget_get_parent (list) == GTK_WIDGET (self->column_view))
        gtk_root_set_focus (root, NULL);
    }
  update_state (self);
}

static void
on_status_toggled (FmReviewView    *self,
                   GtkToggleButton *button)
{
  if (!gtk_toggle_button_get_active (button))
    return;
  self->status_filter = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "fm-status"));
  apply_query (self);
}

gboolean
fm_review_view_has_filters (FmReviewView *self)
{
  const char *search;

  g_return_val_if_fail (FM_IS_REVIEW_VIEW (self), FALSE);

  search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  return self->status_filter >= 0 ||
         gtk_drop_down_get_selected (self->verdict_dropdown) > 0 ||
         gtk_drop_down_get_selected (self->assignee_dropdown) > 0 ||
         gtk_drop_down_get_selected (self->article_dropdown) > 0 ||
         gtk_drop_down_get_selected (self->tag_dropdown) > 0 ||
         (search != NULL && *search != '\0');
}

void
fm_review_view_set_status_filter (FmReviewView *self,
                                  gboolean      any,
                                  FmStatus      status)
{
  g_return_if_fail (FM_IS_REVIEW_VIEW (self));
  g_return_if_fail (any || status < FM_N_STATUSES);

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->status_buttons[any ? 0 : status + 1]),
                                TRUE);
}

void
fm_review_view_set_verdict_filter (FmReviewView *self,
                                   gboolean      any,
                                   FmVerdict     verdict)
{
  g_return_if_fail (FM_IS_REVIEW_VIEW (self));
  g_return_if_fail (any || verdict < FM_N_VERDICTS);

  gtk_drop_down_set_selected (self->verdict_dropdown, any ? 0 : verdict + 1);
}

static void
select_value (GtkDropDown *dropdown,
              GPtrArray   *values,
              const char  *value)
{
  guint i = find_value (values, value);

  gtk_drop_down_set_selected (dropdown, i == GTK_INVALID_LIST_POSITION ? 0 : i);
}

void
fm_review_view_set_assignee_filter (FmReviewView *self,
                                    const char   *assignee)
{
  g_return_if_fail (FM_IS_REVIEW_VIEW (self));
  /* The menu may not have caught up with the latest change yet */
  rebuild_lists (self);
  select_value (self->assignee_dropdown, self->assignees, assignee);
}

void
fm_review_view_set_article_filter (FmReviewView *self,
                                   const char   *article_id)
{
  g_return_if_fail (FM_IS_REVIEW_VIEW (self));
  select_value (self->article_dropdown, self->article_ids, article_id);
}

void
fm_review_view_set_tag_filter (FmReviewView *self,
                               const char   *tag)
{
  g_return_if_fail (FM_IS_REVIEW_VIEW (self));
  rebuild_lists (self);
  select_value (self->tag_dropdown, self->tags, tag);
}

void
fm_review_view_set_search (FmReviewView *self,
                           const char   *search)
{
  g_return_if_fail (FM_IS_REVIEW_VIEW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), search ? search : "");
  /* Now, not after the entry's typing delay */
  apply_query (self);
}

void
fm_review_view_clear_filters (FmReviewView *self)
{
  g_return_if_fail (FM_IS_REVIEW_VIEW (self));

  self->syncing = TRUE;
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->status_buttons[0]), TRUE);
  self->status_filter = -1;
  gtk_drop_down_set_selected (self->verdict_dropdown, 0);
  gtk_drop_down_set_selected (self->assignee_dropdown, 0);
  gtk_drop_down_set_selected (self->article_dropdown, 0);
  gtk_drop_down_set_selected (self->tag_dropdown, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  self->syncing = FALSE;
  apply_query (self);
}

/* Rows */

void
fm_review_view_activate (FmReviewView *self,
                         guint         position)
{
  g_autoptr(FmClaim) claim = NULL;

  g_return_if_fail (FM_IS_REVIEW_VIEW (self));

  if (self->model == NULL)
    return;
  claim = g_list_model_get_item (G_LIST_MODEL (self->model), position);
  if (claim == NULL)
    return;
  gtk_single_selection_set_selected (self->selection, position);
  g_signal_emit (self, signals[CLAIM_ACTIVATED], 0, claim);
}

static void
on_activate (FmReviewView *self,
             guint         position)
{
  fm_review_view_activate (self, position);
}

/* The list view the column view keeps its rows in */
static GtkWidget *
rows_list_view (FmReviewView *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      return child;
  return NULL;
}

static void
on_items_changed (FmReviewView *self,
                  guint         position,
                  guint         removed,
                  guint         added)
{
  update_state (self);
  /* The rows are where they were until the next frame lays them out */
  self->rows_moved = TRUE;

  /* A claim that arrives at the top of the list (the newest change, in
   * the default order) while the list shows its top: GTK keeps the row
   * that was first where it was, scrolling the new one out of sight
   * above; so would the changes made while the view was hidden (an edit
   * in the article), and the editor would come back to a list scrolled by
   * as many rows. The list stays at its top instead, unless a row has the
   * keyboard focus: then the rows stay put under the editor's eyes. */
  if (position == 0 && added > 0 && !self->querying &&
      gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (self->scroller)) == 0 &&
      gtk_column_view_get_model (self->column_view) != NULL)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
      GtkWidget *list = rows_list_view (self);

      if (list != NULL && (focus == NULL || !gtk_widget_is_ancestor (focus, list)))
        gtk_widget_activate_action (list, "list.scroll-to-item", "u", 0);
    }
}

/* Public */

void
fm_review_view_set_store (FmReviewView *self,
                          FmStore      *store)
{
  g_return_if_fail (FM_IS_REVIEW_VIEW (self));
  g_return_if_fail (store == NULL || FM_IS_STORE (store));

  if (self->store == store)
    return;
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  gtk_column_view_set_model (self->column_view, NULL);
  gtk_single_selection_set_model (self->selection, NULL);
  g_clear_object (&self->rows);
  g_clear_object (&self->model);
  g_clear_pointer (&self->applied_query, g_free);
  g_set_object (&self->store, store);
  g_signal_group_set_target (self->store_signals, store);

  if (store != NULL)
    {
      self->model = fm_review_model_new (store);
      g_signal_connect_object (self->model, "notify::status-counts",
                               G_CALLBACK (update_status_counts), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->model, "items-changed", G_CALLBACK (on_items_changed), self,
                               G_CONNECT_SWAPPED | G_CONNECT_AFTER);
      self->rows = fm_review_rows_new (self->model);
    }
  load_titles (self);
  rebuild_lists (self);
  /* Filters name things of the workspace shown before; the query is set
   * before the table sees the model, so that its rows are bound once */
  fm_review_view_clear_filters (self);
  if (self->model != NULL)
    {
      gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->rows));
      gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
    }
  update_state (self);
  update_status_counts (self);
  update_waiting (self);
}

FmReviewModel *
fm_review_view_get_model (FmReviewView *self)
{
  g_return_val_if_fail (FM_IS_REVIEW_VIEW (self), NULL);
  return self->model;
}

void
fm_review_view_focus_search (FmReviewView *self)
{
  g_return_if_fail (FM_IS_REVIEW_VIEW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* The row at the top of what the table shows now */
static GtkWidget *
row_in_sight (FmReviewView *self)
{
  GtkWidget *list = rows_list_view (self);
  GtkWidget *picked;

  if (list == NULL)
    return NULL;
  /* The first row that is whole in sight: focusing a row scrolls to it */
  for (double y = 4; y < gtk_widget_get_height (list);)
    {
      graphene_rect_t bounds;

      picked = gtk_widget_pick (list, 8, y, GTK_PICK_DEFAULT);
      while (picked != NULL && gtk_widget_get_parent (picked) != list)
        picked = gtk_widget_get_parent (picked);
      if (picked == NULL || !gtk_widget_compute_bounds (picked, list, &bounds))
        return NULL;
      if (bounds.origin.y >= 0)
        return picked;
      y = bounds.origin.y + bounds.size.height + 4;
    }
  return NULL;
}

static void
focus_after_paint (FmReviewView  *self,
                   GdkFrameClock *clock)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  g_signal_handlers_disconnect_by_func (clock, focus_after_paint, self);
  self->rows_moved = FALSE;
  /* Unless the focus went elsewhere meanwhile */
  if (focus != NULL && gtk_widget_get_parent (focus) == GTK_WIDGET (self->column_view))
    fm_review_view_focus_list (self);
  self->focus_after_paint = FALSE;
}

void
fm_review_view_focus_list (FmReviewView *self)
{
  GtkRoot *root;
  GtkWidget *focus;
  GtkWidget *row;

  g_return_if_fail (FM_IS_REVIEW_VIEW (self));

  /* A row in sight, so that Return opens it and the list does not move:
   * the list stays where the editor left it */
  root = gtk_widget_get_root (GTK_WIDGET (self));
  focus = root ? gtk_root_get_focus (root) : NULL;
  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->column_view)) &&
      gtk_widget_get_parent (focus) != GTK_WIDGET (self->column_view))
    return;
  /* Rows that moved since the last frame (claims that changed while the
   * view was hidden) are still where they were drawn: a row picked there
   * would be the wrong one, and focusing it scrolls the list to it */
  row = self->rows_moved ? NULL : row_in_sight (self);
  if (row == NULL && !self->focus_after_paint && self->model != NULL &&
      g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0 &&
      gtk_widget_get_frame_clock (GTK_WIDGET (self)) != NULL)
    {
      /* Just shown: the rows are laid out in the next frame */
      self->focus_after_paint = TRUE;
      gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
      g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                               G_CALLBACK (focus_after_paint), self, G_CONNECT_SWAPPED);
      return;
    }
  if (row == NULL || !gtk_widget_grab_focus (row))
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

guint
fm_review_view_get_n_waiting (FmReviewView *self)
{
  g_return_val_if_fail (FM_IS_REVIEW_VIEW (self), 0);
  return self->n_waiting;
}

const char *
fm_review_view_get_subtitle (FmReviewView *self)
{
  g_return_val_if_fail (FM_IS_REVIEW_VIEW (self), NULL);
  return self->subtitle;
}

GtkWidget *fm_review_view_get_column_view (FmReviewView *self) { return GTK_WIDGET (self->column_view); }
GtkWidget *fm_review_view_get_search_entry (FmReviewView *self) { return GTK_WIDGET (self->search_entry); }
guint fm_review_view_get_n_bound_rows (FmReviewView *self) { return self->n_bound; }

GtkWidget *
fm_review_view_get_status_button (FmReviewView *self,
                                  int           status)
{
  g_return_val_if_fail (FM_IS_REVIEW_VIEW (self), NULL);
  g_return_val_if_fail (status >= -1 && status < FM_N_STATUSES, NULL);
  return self->status_buttons[status + 1];
}

/* Construction */

/* Menu entries end in an ellipsis rather than widen the bar */
static void
setup_menu_label (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  max_chars)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), GPOINTER_TO_INT (max_chars));
  gtk_list_item_set_child (item, label);
}

static void
bind_menu_label (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      string ? gtk_string_object_get_string (string) : "");
}

static GtkListItemFactory *
menu_factory (int max_chars)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_menu_label), GINT_TO_POINTER (max_chars));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_menu_label), NULL);
  return factory;
}

static void
init_dropdown (FmReviewView  *self,
               GtkDropDown   *dropdown,
               GtkStringList *names)
{
  g_autoptr(GtkListItemFactory) button = menu_factory (14);
  g_autoptr(GtkListItemFactory) list = menu_factory (40);

  gtk_drop_down_set_factory (dropdown, button);
  gtk_drop_down_set_list_factory (dropdown, list);
  fm_a11y_name_from_tooltip (GTK_WIDGET (dropdown));
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (names));
  /* A newsroom has many articles and people: the menus can be searched */
  if (dropdown != self->verdict_dropdown)
    {
      g_autoptr(GtkExpression) expression =
        gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");

      gtk_drop_down_set_expression (dropdown, expression);
      gtk_drop_down_set_enable_search (dropdown, TRUE);
    }
  g_signal_connect_object (dropdown, "notify::selected", G_CALLBACK (apply_query), self,
                           G_CONNECT_SWAPPED);
}

static void
add_status_button (FmReviewView *self,
                   int           status)
{
  GtkWidget *button = gtk_toggle_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *name = gtk_label_new (status < 0 ? _("All") : fm_status_label (status));
  /* A new count is a redraw, not a new layout of the window, unless it
   * has more or fewer digits */
  GtkWidget *count = fm_text_cell_new ("badge");

  gtk_label_set_use_underline (GTK_LABEL (name), FALSE);
  fm_text_cell_set_fit_text (FM_TEXT_CELL (count), TRUE);
  fm_text_cell_set_tabular (FM_TEXT_CELL (count), TRUE);
  fm_text_cell_set_xalign (FM_TEXT_CELL (count), 0.5);
  fm_text_cell_set_text (FM_TEXT_CELL (count), "0");
  gtk_widget_add_css_class (count, "status-badge");
  gtk_widget_add_css_class (count, "numeric");
  if (status >= 0)
    fm_widget_set_status_class (count, status);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), count);
  gtk_button_set_child (GTK_BUTTON (button), box);
  /* Named by both labels, "Needs review 3": the count stays current */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  name, count, NULL, -1);
  g_object_set_data (G_OBJECT (button), "fm-status", GINT_TO_POINTER (status));
  if (status >= 0)
    gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button),
                                 GTK_TOGGLE_BUTTON (self->status_buttons[0]));
  g_signal_connect_object (button, "toggled", G_CALLBACK (on_status_toggled), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (self->status_bar), button);
  self->status_buttons[status + 1] = button;
  self->status_counts[status + 1] = FM_TEXT_CELL (count);
}

static void
add_column (FmReviewView *self,
            ColumnId      id)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  ColumnData *cd = g_new0 (ColumnData, 1);
  GtkColumnViewColumn *column;
  GtkSorter *sorter;

  cd->self = self;
  cd->id = id;
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), cd);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), cd);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), cd);
  /* The factory owns the column's data */
  g_object_set_data_full (G_OBJECT (factory), "fm-column", cd, g_free);

  column = gtk_column_view_column_new (_(column_info[id].title), factory);
  sorter = GTK_SORTER (gtk_custom_sorter_new (probe_compare, cd, NULL));
  gtk_column_view_column_set_sorter (column, sorter);
  g_object_unref (sorter);
  gtk_column_view_column_set_expand (column, column_info[id].expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_fixed_width (column, column_info[id].width);
  gtk_column_view_append_column (self->column_view, column);
  self->columns[id] = column;
  g_object_unref (column);
}

/* The model queries again after a change in an idle that comes after a
 * frame; while frames follow each other (an animation on a slow machine)
 * that idle would wait: after each frame the model may query, and it does
 * when the view is shown */
static void
flush_model (FmReviewView *self)
{
  if (self->model != NULL)
    fm_review_model_flush (self->model);
}

static void
fm_review_view_realize (GtkWidget *widget)
{
  FmReviewView *self = FM_REVIEW_VIEW (widget);

  GTK_WIDGET_CLASS (fm_review_view_parent_class)->realize (widget);
  self->clock = g_object_ref (gtk_widget_get_frame_clock (widget));
  /* After the window's other handlers: a query is no part of that frame */
  self->after_paint_id = g_signal_connect_object (self->clock, "after-paint",
                                                  G_CALLBACK (flush_model), self,
                                                  G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}

static void
fm_review_view_unrealize (GtkWidget *widget)
{
  FmReviewView *self = FM_REVIEW_VIEW (widget);

  if (self->clock != NULL)
    g_clear_signal_handler (&self->after_paint_id, self->clock);
  g_clear_object (&self->clock);
  GTK_WIDGET_CLASS (fm_review_view_parent_class)->unrealize (widget);
}

static void
fm_review_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (fm_review_view_parent_class)->map (widget);
  flush_model (FM_REVIEW_VIEW (widget));
}

static void
fm_review_view_dispose (GObject *object)
{
  FmReviewView *self = (FmReviewView *)object;

  g_clear_handle_id (&self->lists_source, g_source_remove);
  g_clear_handle_id (&self->waiting_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), FM_TYPE_REVIEW_VIEW);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->store_signals);
  g_clear_object (&self->selection);
  g_clear_object (&self->rows);
  g_clear_object (&self->model);
  g_clear_object (&self->store);
  g_clear_object (&self->probe_a);
  g_clear_object (&self->probe_b);
  g_clear_object (&self->article_names);
  g_clear_object (&self->assignee_names);
  g_clear_object (&self->tag_names);

  G_OBJECT_CLASS (fm_review_view_parent_class)->dispose (object);
}

static void
fm_review_view_finalize (GObject *object)
{
  FmReviewView *self = (FmReviewView *)object;

  g_clear_pointer (&self->titles, g_hash_table_unref);
  g_clear_pointer (&self->article_ids, g_ptr_array_unref);
  g_clear_pointer (&self->assignees, g_ptr_array_unref);
  g_clear_pointer (&self->tags, g_ptr_array_unref);
  g_clear_pointer (&self->subtitle, g_free);
  g_clear_pointer (&self->applied_query, g_free);

  G_OBJECT_CLASS (fm_review_view_parent_class)->finalize (object);
}

static void
fm_review_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FmReviewView *self = FM_REVIEW_VIEW (object);

  switch (prop_id)
    {
    case PROP_N_WAITING:
      g_value_set_uint (value, self->n_waiting);
      break;
    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fm_review_view_class_init (FmReviewViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fm_review_view_dispose;
  object_class->finalize = fm_review_view_finalize;
  object_class->get_property = fm_review_view_get_property;

  properties[PROP_N_WAITING] =
    g_param_spec_uint ("n-waiting", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FmReviewView::claim-activated:
   * @claim: the claim to show in its article
   */
  signals[CLAIM_ACTIVATED] =
    g_signal_new ("claim-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, FM_TYPE_CLAIM);

  widget_class->realize = fm_review_view_realize;
  widget_class->unrealize = fm_review_view_unrealize;
  widget_class->map = fm_review_view_map;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "reviewview");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/factmark/Factmark/fm-review-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FmReviewView, root);
  gtk_widget_class_bind_template_child (widget_class, FmReviewView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, FmReviewView, verdict_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FmReviewView, assignee_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FmReviewView, article_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FmReviewView, tag_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FmReviewView, clear_button);
  gtk_widget_class_bind_template_child (widget_class, FmReviewView, status_bar);
  gtk_widget_class_bind_template_child (widget_class, FmReviewView, stack);
  gtk_widget_class_bind_template_child (widget_class, FmReviewView, scroller);
  gtk_widget_class_bind_template_child (widget_class, FmReviewView, column_view);
  gtk_widget_class_bind_template_child (widget_class, FmReviewView, empty_clear_button);
}

static void
fm_review_view_init (FmReviewView *self)
{
  g_autoptr(GtkStringList) verdicts = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->status_filter = -1;
  self->sort = FM_CLAIM_SORT_UPDATED;
  self->descending = TRUE;
  self->titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->article_ids = g_ptr_array_new_with_free_func (g_free);
  self->assignees = g_ptr_array_new_with_free_func (g_free);
  self->tags = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->article_ids, NULL);
  g_ptr_array_add (self->assignees, NULL);
  g_ptr_array_add (self->tags, NULL);
  self->article_names = gtk_string_list_new ((const char * const[]) { _("All articles"), NULL });
  self->assignee_names = gtk_string_list_new ((const char * const[]) { _("Anyone"), NULL });
  self->tag_names = gtk_string_list_new ((const char * const[]) { _("Any tag"), NULL });
  self->probe_a = fm_claim_new ();
  self->probe_b = fm_claim_new ();

  self->syncing = TRUE;
  gtk_string_list_append (verdicts, _("Any verdict"));
  for (guint v = 0; v < FM_N_VERDICTS; v++)
    gtk_string_list_append (verdicts, fm_verdict_label (v));
  init_dropdown (self, self->verdict_dropdown, verdicts);
  init_dropdown (self, self->assignee_dropdown, self->assignee_names);
  init_dropdown (self, self->article_dropdown, self->article_names);
  init_dropdown (self, self->tag_dropdown, self->tag_names);

  for (int s = -1; s < FM_N_STATUSES; s++)
    add_status_button (self, s);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->status_buttons[0]), TRUE);

  for (ColumnId id = 0; id < N_COLUMNS; id++)
    add_column (self, id);
  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->column_view, "activate", G_CALLBACK (on_activate), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (on_sorter_changed), self, G_CONNECT_SWAPPED);
  gtk_column_view_sort_by_column (self->column_view, self->columns[COL_UPDATED],
                                  GTK_SORT_DESCENDING);
  self->syncing = FALSE;

  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (apply_query), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->clear_button, "clicked",
                           G_CALLBACK (fm_review_view_clear_filters), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->empty_clear_button, "clicked",
                           G_CALLBACK (fm_review_view_clear_filters), self, G_CONNECT_SWAPPED);

  self->store_signals = g_signal_group_new (FM_TYPE_STORE);
  g_signal_group_connect_object (self->store_signals, "article-added",
                                 G_CALLBACK (on_article_added), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->store_signals, "article-revised",
                                 G_CALLBACK (on_article_revised), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->store_signals, "claim-changed",
                                 G_CALLBACK (on_claim_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->store_signals, "claim-added",
                                 G_CALLBACK (on_claim_added_or_removed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->store_signals, "claim-removed",
                                 G_CALLBACK (on_claim_added_or_removed), self, G_CONNECT_SWAPPED);
  update_state (self);
}

GtkWidget *
fm_review_view_new (void)
{
  return g_object_new (FM_TYPE_REVIEW_VIEW, NULL);
}
