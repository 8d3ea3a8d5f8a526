/* fm-text-cell.c — a line or two of text in a table cell, laid out only when drawn
 *
 * GTK 4.8's list and column views keep about two hundred rows with widgets,
 * whatever the screen shows. With a GtkLabel in each cell, every new text
 * is laid out (Pango shaping) and measured at once, in all of them, and a
 * new size is asked for. Here the size does not depend on the text: the
 * height is a number of lines of the cell's font (measured once per font,
 * for every cell that uses it), the width is the column's. A new text is a
 * redraw; the layout is made when the cell is drawn, kept until the text,
 * the width or the font changes. A badge (fit-text) is as wide as its
 * text: those are few (a verdict, a status, a number), and each width is
 * measured once per font.
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <pango/pangocairo.h>

#include "fm-text-cell.h"

#define MAX_LINES 4
/* Widths of badge texts kept per font, before the table starts again */
#define MAX_WIDTHS 1024

/* What a font needs measured once, shared by every cell that uses it */
typedef struct
{
  int         heights[MAX_LINES + 1];  /* of n lines; 0 until measured */
  GHashTable *widths;                  /* text → width in pixels */
} FontInfo;

struct _FmTextCell
{
  GtkWidget    parent_instance;

  char        *text;
  float        xalign;
  guint        lines;
  gboolean     fit_text;
  gboolean     tabular;

  FontInfo    *font;          /* for font_serial */
  guint        font_serial;   /* the Pango context's serial it was found for */
  PangoLayout *layout;        /* the text as drawn last, or NULL */
  guint        layout_serial;
};

G_DEFINE_FINAL_TYPE (FmTextCell, fm_text_cell, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
static GHashTable *fonts;        /* key → FontInfo, for the life of the process */
static guint n_layouts;

static void
font_info_free (FontInfo *info)
{
  g_hash_table_unref (info->widths);
  g_free (info);
}

static PangoLayout *
make_layout (FmTextCell *self,
             const char *text)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);

  n_layouts++;
  if (self->tabular)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  return layout;
}

/* The font of the cell's style, as the Pango context says now */
static FontInfo *
get_font (FmTextCell *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  guint serial = pango_context_get_serial (context);
  g_autofree char *desc = NULL;
  g_autofree char *key = NULL;
  const cairo_font_options_t *options;
  FontInfo *info;

  if (self->font != NULL && self->font_serial == serial)
    return self->font;

  desc = pango_font_description_to_string (pango_context_get_font_description (context));
  options = pango_cairo_context_get_font_options (context);
  key = g_strdup_printf ("%s|%d|%g|%lu|%s", desc, self->tabular,
                         pango_cairo_context_get_resolution (context),
                         options ? cairo_font_options_hash (options) : 0UL,
                         pango_language_to_string (pango_context_get_language (context)));
  if (fonts == NULL)
    fonts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify)font_info_free);
  info = g_hash_table_lookup (fonts, key);
  if (info == NULL)
    {
      info = g_new0 (FontInfo, 1);
      info->widths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (fonts, g_steal_pointer (&key), info);
    }
  self->font = info;
  self->font_serial = serial;
  return info;
}

static int
lines_height (FmTextCell *self,
              FontInfo   *info)
{
  guint lines = CLAMP (self->lines, 1, MAX_LINES);

  if (info->heights[lines] == 0)
    {
      /* Letters that reach up and down, as GtkLabel's text would */
      g_autoptr(GString) sample = g_string_new ("Ag");
      g_autoptr(PangoLayout) layout = NULL;
      PangoRectangle logical;

      for (guint i = 1; i < lines; i++)
        g_string_append (sample, "\nAg");
      layout = make_layout (self, sample->str);
      pango_layout_get_pixel_extents (layout, NULL, &logical);
      info->heights[lines] = MAX (logical.height, 1);
    }
  return info->heights[lines];
}

/* A badge's width: the text's, measured once per font. Tabular figures are
 * all as wide as each other, so a number is measured by its length. */
static int
text_width (FmTextCell *self,
            FontInfo   *info)
{
  g_autofree char *digits = NULL;
  const char *key = self->text ? self->text : "";
  gpointer width;

  if (self->tabular && *key != '\0' && strspn (key, "0123456789") == strlen (key))
    key = digits = g_strnfill (strlen (key), '0');
  if (!g_hash_table_lookup_extended (info->widths, key, NULL, &width))
    {
      g_autoptr(PangoLayout) layout = make_layout (self, key);
      PangoRectangle logical;

      pango_layout_get_pixel_extents (layout, NULL, &logical);
      if (g_hash_table_size (info->widths) >= MAX_WIDTHS)
        g_hash_table_remove_all (info->widths);
      width = GINT_TO_POINTER (MAX (logical.width, 0));
      g_hash_table_insert (info->widths, g_strdup (key), width);
    }
  return GPOINTER_TO_INT (width);
}

static GtkSizeRequestMode
fm_text_cell_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

static void
fm_text_cell_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  FmTextCell *self = FM_TEXT_CELL (widget);
  FontInfo *info = get_font (self);

  if (orientation == GTK_ORIENTATION_VERTICAL)
    *minimum = *natural = lines_height (self, info);
  else if (self->fit_text)
    *minimum = *natural = text_width (self, info);
  else
    /* The column decides */
    *minimum = *natural = 0;
}

static PangoLayout *
ensure_layout (FmTextCell *self,
               int         width)
{
  GtkWidget *widget = GTK_WIDGET (self);
  guint serial = pango_context_get_serial (gtk_widget_get_pango_context (widget));
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;

  if (self->layout != NULL && self->layout_serial != serial)
    g_clear_object (&self->layout);
  if (self->layout == NULL)
    {
      self->layout = make_layout (self, self->text);
      self->layout_serial = serial;
      /* As GtkLabel lays out a label that wraps or ellipsizes */
      pango_layout_set_alignment (self->layout, rtl ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
      pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_END);
      if (self->lines > 1)
        {
          pango_layout_set_wrap (self->layout, PANGO_WRAP_WORD_CHAR);
          pango_layout_set_height (self->layout, -(int)self->lines);
        }
      else
        pango_layout_set_single_paragraph_mode (self->layout, TRUE);
    }
  if (pango_layout_get_width (self->layout) != width * PANGO_SCALE)
    pango_layout_set_width (self->layout, width * PANGO_SCALE);
  return self->layout;
}

static void
fm_text_cell_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  FmTextCell *self = FM_TEXT_CELL (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  PangoLayout *layout;
  PangoRectangle logical;
  float xalign = self->xalign;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  G_GNUC_END_IGNORE_DEPRECATIONS

  if (self->text == NULL || *self->text == '\0' || width <= 0 || height <= 0)
    return;
  layout = ensure_layout (self, width);
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  if (gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL)
    xalign = 1 - xalign;
  /* Placed as GtkLabel places its text: by xalign, in the middle of the height */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_snapshot_render_layout (snapshot, style,
                              floor (xalign * (width - logical.width)) - logical.x,
                              floor ((height - logical.height) / 2.0) - logical.y,
                              layout);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
fm_text_cell_unmap (GtkWidget *widget)
{
  FmTextCell *self = FM_TEXT_CELL (widget);

  /* Out of the table: the layout is made again when drawn */
  g_clear_object (&self->layout);

  GTK_WIDGET_CLASS (fm_text_cell_parent_class)->unmap (widget);
}

static void
fm_text_cell_finalize (GObject *object)
{
  FmTextCell *self = (FmTextCell *)object;

  g_clear_object (&self->layout);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (fm_text_cell_parent_class)->finalize (object);
}

static void
fm_text_cell_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  FmTextCell *self = FM_TEXT_CELL (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, fm_text_cell_get_text (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fm_text_cell_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  FmTextCell *self = FM_TEXT_CELL (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      fm_text_cell_set_text (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fm_text_cell_class_init (FmTextCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = fm_text_cell_finalize;
  object_class->get_property = fm_text_cell_get_property;
  object_class->set_property = fm_text_cell_set_property;
  widget_class->get_request_mode = fm_text_cell_get_request_mode;
  widget_class->measure = fm_text_cell_measure;
  widget_class->snapshot = fm_text_cell_snapshot;
  widget_class->unmap = fm_text_cell_unmap;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Styled as a label: .dim-label, .caption, .badge and the rest apply */
  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
fm_text_cell_init (FmTextCell *self)
{
  self->lines = 1;
}

GtkWidget *
fm_text_cell_new (const char *css_class)
{
  GtkWidget *self = g_object_new (FM_TYPE_TEXT_CELL, NULL);

  if (css_class != NULL)
    gtk_widget_add_css_class (self, css_class);
  return self;
}

const char *
fm_text_cell_get_text (FmTextCell *self)
{
  g_return_val_if_fail (FM_IS_TEXT_CELL (self), NULL);
  return self->text ? self->text : "";
}

void
fm_text_cell_set_text (FmTextCell *self,
                       const char *text)
{
  int width = -1;

  g_return_if_fail (FM_IS_TEXT_CELL (self));

  if (text == NULL)
    text = "";
  if (g_strcmp0 (self->text, text) == 0)
    return;
  /* A badge whose width was measured: does the new text change it? */
  if (self->fit_text && self->font != NULL)
    width = text_width (self, self->font);
  g_free (self->text);
  self->text = g_strdup (text);
  g_clear_object (&self->layout);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);

  if (self->fit_text && (width < 0 || width != text_width (self, self->font)))
    gtk_widget_queue_resize (GTK_WIDGET (self));
  else
    gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

void
fm_text_cell_set_xalign (FmTextCell *self,
                         float       xalign)
{
  g_return_if_fail (FM_IS_TEXT_CELL (self));

  self->xalign = CLAMP (xalign, 0, 1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
fm_text_cell_set_lines (FmTextCell *self,
                        guint       lines)
{
  g_return_if_fail (FM_IS_TEXT_CELL (self));
  g_return_if_fail (lines >= 1 && lines <= MAX_LINES);

  self->lines = lines;
  g_clear_object (&self->layout);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
fm_text_cell_set_fit_text (FmTextCell *self,
                           gboolean    fit_text)
{
  g_return_if_fail (FM_IS_TEXT_CELL (self));

  self->fit_text = !!fit_text;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
fm_text_cell_set_tabular (FmTextCell *self,
                          gboolean    tabular)
{
  g_return_if_fail (FM_IS_TEXT_CELL (self));

  self->tabular = !!tabular;
  /* Another font as far as sizes go */
  self->font = NULL;
  g_clear_object (&self->layout);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
fm_text_cell_get_n_layouts (void)
{
  return n_layouts;
}
