/* fm-text-cell.h — a line or two of text in a table cell, laid out only when drawn */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FM_TYPE_TEXT_CELL (fm_text_cell_get_type ())
G_DECLARE_FINAL_TYPE (FmTextCell, fm_text_cell, FM, TEXT_CELL, GtkWidget)

/* A label for the cells of a large table. Its height is a number of lines
 * of its font, whatever the text; its width is what the column gives it
 * (or, with fit-text, the text's own width, for a badge), and the text,
 * ellipsized, is laid out when the cell is drawn. So a new text is a
 * redraw, never a new size: only the rows in sight are laid out. Screen
 * readers read it as a label with the text as its name. */
GtkWidget  *fm_text_cell_new          (const char *css_class);

const char *fm_text_cell_get_text     (FmTextCell *self);
void        fm_text_cell_set_text     (FmTextCell *self,
                                       const char *text);
/* 0 the start of the line, 0.5 the middle, 1 the end (mirrored right to left) */
void        fm_text_cell_set_xalign   (FmTextCell *self,
                                       float       xalign);
/* Lines the cell is high; more than one wraps the text */
void        fm_text_cell_set_lines    (FmTextCell *self,
                                       guint       lines);
/* The cell is as wide as its text (a badge) */
void        fm_text_cell_set_fit_text (FmTextCell *self,
                                       gboolean    fit_text);
/* Figures of one width ("tnum"), as .numeric and .claim-number ask */
void        fm_text_cell_set_tabular  (FmTextCell *self,
                                       gboolean    tabular);

/* For tests: how many times a cell made a layout of its text */
guint       fm_text_cell_get_n_layouts (void);

G_END_DECLS
