/* fm-a11y.h — accessible names GTK 4.8 does not give by itself */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void fm_a11y_set_name              (GtkWidget  *widget,
                                    const char *name);
void fm_a11y_name_from_tooltip     (GtkWidget  *widget);
void fm_a11y_name_search_entries   (GtkWidget  *root,
                                    const char *name);

G_END_DECLS
