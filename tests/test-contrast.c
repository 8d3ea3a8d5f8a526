/* test-contrast.c — the colours of verdicts and statuses meet WCAG AA
 *
 * Computed from the colours the app uses: fm_verdict_color() through the
 * CSS fm_application_verdict_css() generates, the article's highlights
 * from fm_article_view_highlight_rgba(), the rules of ui/style.css (read
 * from the app's resources), and libadwaita's named colours looked up in a
 * real style context, in light and in dark mode. Text needs 4.5:1 against
 * what is behind it (translucent grounds composed over the surfaces they
 * sit on); lines and marks that carry meaning need 3:1 (WCAG 1.4.11).
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "fm-application.h"
#include "fm-article-view.h"
#include "fm-types.h"

#define AA_TEXT 4.5
#define AA_GRAPHIC 3.0

static GtkWidget *probe;

/* sRGB relative luminance */
static double
channel (double c)
{
  return c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static double
luminance (const GdkRGBA *c)
{
  return 0.2126 * channel (c->red) + 0.7152 * channel (c->green) + 0.0722 * channel (c->blue);
}

static double
contrast (const GdkRGBA *a,
          const GdkRGBA *b)
{
  double la = luminance (a), lb = luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

/* @top drawn over the opaque @bottom */
static GdkRGBA
over (const GdkRGBA *top,
      const GdkRGBA *bottom)
{
  GdkRGBA out = {
    top->red * top->alpha + bottom->red * (1 - top->alpha),
    top->green * top->alpha + bottom->green * (1 - top->alpha),
    top->blue * top->alpha + bottom->blue * (1 - top->alpha),
    1.0,
  };
  return out;
}

static GdkRGBA
named (const char *name)
{
  GdkRGBA c;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  g_assert_true (gtk_style_context_lookup_color (gtk_widget_get_style_context (probe), name, &c));
  G_GNUC_END_IGNORE_DEPRECATIONS
  return c;
}

/* "#a51d2d", "@success_color", "alpha(X, 0.14)" */
static GdkRGBA
resolve (const char *value)
{
  g_autofree char *v = g_strstrip (g_strdup (value));
  GdkRGBA c;

  if (g_str_has_prefix (v, "alpha(") && g_str_has_suffix (v, ")"))
    {
      char *comma = strrchr (v, ',');
      g_autofree char *inner = NULL;

      g_assert_nonnull (comma);
      inner = g_strndup (v + 6, comma - (v + 6));
      c = resolve (inner);
      c.alpha *= g_ascii_strtod (comma + 1, NULL);
      return c;
    }
  /* mix(A, B, f): GTK's A × (1 − f) + B × f, alpha too */
  if (g_str_has_prefix (v, "mix(") && g_str_has_suffix (v, ")"))
    {
      char *last = strrchr (v, ',');
      g_autofree char *pair = NULL;
      char *middle;
      double f;
      GdkRGBA a, b;

      g_assert_nonnull (last);
      f = g_ascii_strtod (last + 1, NULL);
      pair = g_strndup (v + 4, last - (v + 4));
      middle = strchr (pair, ',');
      g_assert_nonnull (middle);
      *middle = '\0';
      a = resolve (pair);
      b = resolve (middle + 1);
      c.red = a.red * (1 - f) + b.red * f;
      c.green = a.green * (1 - f) + b.green * f;
      c.blue = a.blue * (1 - f) + b.blue * f;
      c.alpha = a.alpha * (1 - f) + b.alpha * f;
      return c;
    }
  if (v[0] == '@')
    return named (v + 1);
  g_assert_true (gdk_rgba_parse (&c, v));
  return c;
}

/* The value of @property in the rule for exactly @selector in @css */
static char *
rule_value (const char *css,
            const char *selector,
            const char *property)
{
  g_autofree char *head = g_strdup_printf ("%s {", selector);
  g_autofree char *prop = g_strdup_printf ("%s:", property);
  const char *rule = strstr (css, head);
  const char *end, *at;

  if (rule == NULL)
    {
      g_test_message ("no rule for %s", selector);
      return NULL;
    }
  end = strchr (rule, '}');
  /* "color:" must not match inside "background-color:" */
  for (at = strstr (rule, prop); at != NULL && at < end; at = strstr (at + 1, prop))
    if (at[-1] == ' ' || at[-1] == '{' || at[-1] == '\n' || at[-1] == ';')
      {
        const char *stop = strchr (at, ';');

        return g_strndup (at + strlen (prop), stop - at - strlen (prop));
      }
  return NULL;
}

typedef struct
{
  guint   checked;
  GString *failures;
} Result;

static void
expect (Result     *r,
        double      ratio,
        double      needed,
        const char *format,
        ...) G_GNUC_PRINTF (4, 5);

static void
expect (Result     *r,
        double      ratio,
        double      needed,
        const char *format,
        ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  r->checked++;
  g_test_message ("%-70s %5.2f:1 (needs %.1f)", what, ratio, needed);
  if (ratio + 1e-9 < needed)
    g_string_append_printf (r->failures, "%s: %.2f:1, needs %.1f:1\n", what, ratio, needed);
}

static void
set_dark (gboolean dark)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  adw_style_manager_set_color_scheme (manager, dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                    : ADW_COLOR_SCHEME_FORCE_LIGHT);
  while (adw_style_manager_get_dark (manager) != dark)
    g_main_context_iteration (NULL, TRUE);
  /* Let the style of the probe follow */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
check_mode (Result   *r,
            gboolean  dark)
{
  const char *mode = dark ? "dark" : "light";
  g_autofree char *css = fm_application_verdict_css (dark);
  g_autoptr(GBytes) style = g_resources_lookup_data ("/org/factmark/Factmark/style.css", 0, NULL);
  const char *style_css;
  GdkRGBA view_bg, view_fg, window_bg, window_fg, card_bg, text_on_view, text_on_window;
  GdkRGBA surfaces[3];
  const char *surface_names[] = { "view", "window", "card" };

  g_assert_nonnull (style);
  style_css = g_bytes_get_data (style, NULL);
  set_dark (dark);

  view_bg = named ("view_bg_color");
  view_fg = named ("view_fg_color");
  window_bg = named ("window_bg_color");
  window_fg = named ("window_fg_color");
  card_bg = named ("card_bg_color");
  surfaces[0] = view_bg;
  surfaces[1] = window_bg;
  surfaces[2] = over (&card_bg, &window_bg);
  text_on_view = over (&view_fg, &view_bg);
  text_on_window = over (&window_fg, &window_bg);
  expect (r, contrast (&text_on_view, &view_bg), AA_TEXT, "%s: the article's text", mode);

  for (guint v = 0; v < FM_N_VERDICTS; v++)
    {
      const char *id = fm_verdict_to_id (v);
      g_autofree char *number = g_strdup_printf (".claim-number.verdict-%s", id);
      g_autofree char *badge = g_strdup_printf (".verdict-badge.verdict-%s", id);
      g_autofree char *quote = g_strdup_printf (".claim-quote.verdict-%s", id);
      g_autofree char *number_bg = rule_value (css, number, "background-color");
      g_autofree char *number_fg = rule_value (css, number, "color");
      g_autofree char *badge_bg = rule_value (css, badge, "background-color");
      g_autofree char *badge_fg = rule_value (css, badge, "color");
      g_autofree char *quote_line = rule_value (css, quote, "border-left-color");
      GdkRGBA line, fg, bg, ground;

      g_assert_nonnull (number_bg);
      g_assert_nonnull (number_fg);
      g_assert_nonnull (badge_bg);
      g_assert_nonnull (badge_fg);
      g_assert_nonnull (quote_line);

      /* The numbered marker: its number on the verdict's colour */
      fg = resolve (number_fg);
      bg = resolve (number_bg);
      expect (r, contrast (&fg, &bg), AA_TEXT, "%s: claim number, %s", mode, id);

      /* The badge: the verdict's colour on a tint of it, on each surface */
      for (guint s = 0; s < G_N_ELEMENTS (surfaces); s++)
        {
          GdkRGBA tint = resolve (badge_bg);

          fg = resolve (badge_fg);
          ground = over (&tint, &surfaces[s]);
          expect (r, contrast (&fg, &ground), AA_TEXT, "%s: verdict badge, %s, on the %s",
                  mode, id, surface_names[s]);
        }

      /* The highlighted words in the article, chosen or not */
      for (int selected = 0; selected <= 1; selected++)
        {
          GdkRGBA tint;

          fm_article_view_highlight_rgba (v, dark, selected, &tint);
          ground = over (&tint, &view_bg);
          fg = over (&view_fg, &ground);
          expect (r, contrast (&fg, &ground), AA_TEXT, "%s: article text on a %s%s claim",
                  mode, selected ? "chosen " : "", id);
        }

      /* The underline of a claim and the line beside its quote */
      gdk_rgba_parse (&line, fm_verdict_color (v, dark));
      expect (r, contrast (&line, &view_bg), AA_GRAPHIC, "%s: underline of a %s claim", mode, id);
      line = resolve (quote_line);
      ground = over (&card_bg, &window_bg);
      expect (r, contrast (&line, &ground), AA_GRAPHIC, "%s: quote line of a %s claim", mode, id);
    }

  /* The status badges of ui/style.css */
  for (guint s = 0; s <= FM_N_STATUSES; s++)
    {
      g_autofree char *selector = s == FM_N_STATUSES
        ? g_strdup (".status-badge")
        : g_strdup_printf (".status-badge.status-%s", fm_status_to_id (s));
      g_autofree char *fg_value = rule_value (style_css, selector, "color");
      g_autofree char *bg_value = rule_value (style_css, selector, "background-color");
      GdkRGBA fg, tint, ground;

      if (fg_value == NULL && bg_value == NULL)
        continue;               /* that status keeps the plain badge */
      g_assert_nonnull (fg_value);
      g_assert_nonnull (bg_value);
      for (guint k = 0; k < G_N_ELEMENTS (surfaces); k++)
        {
          fg = resolve (fg_value);
          tint = resolve (bg_value);
          ground = over (&tint, &surfaces[k]);
          fg = over (&fg, &ground);
          expect (r, contrast (&fg, &ground), AA_TEXT, "%s: %s on the %s", mode, selector,
                  surface_names[k]);
        }
    }
  (void)text_on_window;
}

static void
test_contrast (void)
{
  Result r = { 0, g_string_new (NULL) };

  check_mode (&r, FALSE);
  check_mode (&r, TRUE);
  g_test_message ("%u pairs of colours checked", r.checked);
  g_assert_cmpuint (r.checked, >, 100);
  if (r.failures->len > 0)
    g_test_fail_printf ("below WCAG AA:\n%s", r.failures->str);
  g_string_free (r.failures, TRUE);
}

int
main (int    argc,
      char **argv)
{
  GtkWidget *window;

  g_test_init (&argc, &argv, NULL);
  adw_init ();
  window = gtk_window_new ();
  probe = gtk_label_new ("probe");
  gtk_window_set_child (GTK_WINDOW (window), probe);
  gtk_window_present (GTK_WINDOW (window));

  g_test_add_func ("/contrast/wcag-aa", test_contrast);
  return g_test_run ();
}
