/* fm-a11y.c — accessible names GTK 4.8 does not give by itself
 *
 * GTK 4.8 names a widget after its label only: an icon, a tooltip or the
 * selected item of a drop-down give no name, and a screen reader then says
 * the class name ("GtkToggleButton"). A GtkDropDown and a GtkMenuButton
 * take the focus on a button inside them, which needs the name as well.
 * tests/test-a11y.py finds every control without a name.
 */
#include "config.h"

#include <string.h>

#include "fm-a11y.h"

static void
set_label (GtkWidget  *widget,
           const char *name)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

/* The widget and the buttons it is made of (a drop-down's, a menu button's) */
void
fm_a11y_set_name (GtkWidget  *widget,
                  const char *name)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (name != NULL);

  set_label (widget, name);
  if (GTK_IS_DROP_DOWN (widget) || GTK_IS_MENU_BUTTON (widget))
    for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
         child = gtk_widget_get_next_sibling (child))
      if (GTK_IS_BUTTON (child))
        set_label (child, name);
}

/* "Search Articles (Ctrl+F)" names it "Search Articles": the tooltip is
 * already translated, and the shortcut is no part of a name */
void
fm_a11y_name_from_tooltip (GtkWidget *widget)
{
  const char *tooltip;
  g_autofree char *name = NULL;
  char *paren;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  tooltip = gtk_widget_get_tooltip_text (widget);
  if (tooltip == NULL || *tooltip == '\0')
    return;
  name = g_strdup (tooltip);
  paren = strrchr (name, '(');
  if (paren != NULL && paren > name && g_str_has_suffix (name, ")"))
    *paren = '\0';
  g_strchomp (name);
  fm_a11y_set_name (widget, name);
}

/* Search entries inside a widget that does not name its own (libadwaita
 * 1.2's AdwPreferencesWindow) */
void
fm_a11y_name_search_entries (GtkWidget  *root,
                             const char *name)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_SEARCH_ENTRY (child))
        set_label (child, name);
      else
        fm_a11y_name_search_entries (child, name);
    }
}
