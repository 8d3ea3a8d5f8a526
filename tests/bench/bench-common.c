/* bench-common.c — one way to time, collect and report benchmark figures */
#include "config.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "bench-common.h"

static void
figure_free (FmBenchFigure *figure)
{
  g_free (figure->name);
  g_free (figure->unit);
  g_free (figure->scale);
  g_free (figure->note);
  g_array_unref (figure->values);
  g_free (figure);
}

FmBenchResults *
fm_bench_results_new (const char *suite)
{
  FmBenchResults *results = g_new0 (FmBenchResults, 1);

  results->suite = g_strdup (suite);
  results->figures = g_ptr_array_new_with_free_func ((GDestroyNotify)figure_free);
  return results;
}

void
fm_bench_results_free (FmBenchResults *results)
{
  g_free (results->suite);
  g_ptr_array_unref (results->figures);
  g_free (results);
}

FmBenchFigure *
fm_bench_figure (FmBenchResults *results,
                 const char     *name,
                 const char     *unit,
                 const char     *scale)
{
  FmBenchFigure *figure;

  for (guint i = 0; i < results->figures->len; i++)
    {
      figure = g_ptr_array_index (results->figures, i);
      if (g_str_equal (figure->name, name) && g_strcmp0 (figure->scale, scale) == 0)
        return figure;
    }
  figure = g_new0 (FmBenchFigure, 1);
  figure->name = g_strdup (name);
  figure->unit = g_strdup (unit);
  figure->scale = g_strdup (scale);
  figure->values = g_array_new (FALSE, FALSE, sizeof (double));
  g_ptr_array_add (results->figures, figure);
  return figure;
}

void
fm_bench_figure_add (FmBenchFigure *figure,
                     double         value)
{
  g_array_append_val (figure->values, value);
}

void
fm_bench_figure_set_target (FmBenchFigure *figure,
                            double         median,
                            double         max)
{
  figure->target_median = median;
  figure->target_max = max;
}

void
fm_bench_figure_set_note (FmBenchFigure *figure,
                          const char    *note)
{
  g_free (figure->note);
  figure->note = g_strdup (note);
}

FmBenchFigure *
fm_bench_add (FmBenchResults *results,
              const char     *name,
              const char     *unit,
              const char     *scale,
              double          value)
{
  FmBenchFigure *figure = fm_bench_figure (results, name, unit, scale);

  fm_bench_figure_add (figure, value);
  return figure;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

double
fm_bench_median (GArray *values)
{
  g_autoptr(GArray) sorted = NULL;
  guint n = values->len;

  if (n == 0)
    return 0;
  sorted = g_array_copy (values);
  g_array_sort (sorted, compare_double);
  if (n % 2 == 1)
    return g_array_index (sorted, double, n / 2);
  return (g_array_index (sorted, double, n / 2 - 1) + g_array_index (sorted, double, n / 2)) / 2;
}

double
fm_bench_figure_median (FmBenchFigure *figure)
{
  return fm_bench_median (figure->values);
}

double
fm_bench_figure_max (FmBenchFigure *figure)
{
  double max = 0;

  for (guint i = 0; i < figure->values->len; i++)
    max = MAX (max, g_array_index (figure->values, double, i));
  return max;
}

gboolean
fm_bench_figure_meets (FmBenchFigure *figure)
{
  if (figure->values->len == 0)
    return FALSE;
  if (figure->target_median > 0 && fm_bench_figure_median (figure) > figure->target_median)
    return FALSE;
  if (figure->target_max > 0 && fm_bench_figure_max (figure) > figure->target_max)
    return FALSE;
  return TRUE;
}

static char *
format_value (double      value,
              const char *unit)
{
  if (g_strcmp0 (unit, "count") == 0)
    return g_strdup_printf ("%.0f", value);
  return g_strdup_printf ("%.1f %s", value, unit);
}

static char *
format_target (FmBenchFigure *figure)
{
  g_autoptr(GString) target = g_string_new (NULL);

  if (figure->target_median > 0)
    g_string_append_printf (target, "median ≤ %g", figure->target_median);
  if (figure->target_max > 0)
    g_string_append_printf (target, "%smax ≤ %g", target->len ? ", " : "", figure->target_max);
  if (target->len > 0)
    g_string_append_printf (target, " %s: %s", figure->unit,
                            fm_bench_figure_meets (figure) ? "met" : "MISSED");
  return g_string_free (g_steal_pointer (&target), FALSE);
}

/* printf's widths count bytes; names and targets hold "≤" and "×" */
static void
print_padded (const char *text,
              int         width)
{
  long n = g_utf8_strlen (text, -1);

  fputs (text, stdout);
  for (; n < width; n++)
    fputc (' ', stdout);
}

void
fm_bench_results_print (FmBenchResults *results)
{
  printf ("\n%s\n", results->suite);
  print_padded ("figure", 52);
  printf (" %-6s %4s %12s %12s  %s\n", "scale", "runs", "median", "max", "target");
  for (guint i = 0; i < results->figures->len; i++)
    {
      FmBenchFigure *figure = g_ptr_array_index (results->figures, i);
      g_autofree char *median = format_value (fm_bench_figure_median (figure), figure->unit);
      g_autofree char *max = format_value (fm_bench_figure_max (figure), figure->unit);
      g_autofree char *target = format_target (figure);

      print_padded (figure->name, 52);
      printf (" %-6s %4u %12s %12s  %s\n", figure->scale ? figure->scale : "",
              figure->values->len, median, max, target);
    }
  fflush (stdout);
}

gboolean
fm_bench_results_write_json (FmBenchResults *results,
                             const char     *path,
                             GError        **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "suite");
  json_builder_add_string_value (builder, results->suite);
  json_builder_set_member_name (builder, "figures");
  json_builder_begin_array (builder);
  for (guint i = 0; i < results->figures->len; i++)
    {
      FmBenchFigure *figure = g_ptr_array_index (results->figures, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, figure->name);
      json_builder_set_member_name (builder, "unit");
      json_builder_add_string_value (builder, figure->unit);
      json_builder_set_member_name (builder, "scale");
      if (figure->scale != NULL)
        json_builder_add_string_value (builder, figure->scale);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "runs");
      json_builder_begin_array (builder);
      for (guint r = 0; r < figure->values->len; r++)
        json_builder_add_double_value (builder, g_array_index (figure->values, double, r));
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "median");
      json_builder_add_double_value (builder, fm_bench_figure_median (figure));
      json_builder_set_member_name (builder, "max");
      json_builder_add_double_value (builder, fm_bench_figure_max (figure));
      if (figure->target_median > 0)
        {
          json_builder_set_member_name (builder, "target_median");
          json_builder_add_double_value (builder, figure->target_median);
        }
      if (figure->target_max > 0)
        {
          json_builder_set_member_name (builder, "target_max");
          json_builder_add_double_value (builder, figure->target_max);
        }
      if (figure->target_median > 0 || figure->target_max > 0)
        {
          json_builder_set_member_name (builder, "met");
          json_builder_add_boolean_value (builder, fm_bench_figure_meets (figure));
        }
      if (figure->note != NULL)
        {
          json_builder_set_member_name (builder, "note");
          json_builder_add_string_value (builder, figure->note);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_file (generator, path, error);
}

gboolean
fm_bench_results_read_json (FmBenchResults *results,
                            const char     *path,
                            GError        **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonArray *figures;

  if (!json_parser_load_from_file (parser, path, error))
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: not bench results", path);
      return FALSE;
    }
  root = json_node_get_object (json_parser_get_root (parser));
  if (json_object_has_member (root, "suite"))
    {
      g_free (results->suite);
      results->suite = g_strdup (json_object_get_string_member (root, "suite"));
    }
  figures = json_object_get_array_member (root, "figures");
  for (guint i = 0; figures != NULL && i < json_array_get_length (figures); i++)
    {
      JsonObject *object = json_array_get_object_element (figures, i);
      JsonArray *runs = json_object_get_array_member (object, "runs");
      const char *scale = json_object_get_string_member_with_default (object, "scale", NULL);
      FmBenchFigure *figure;

      figure = fm_bench_figure (results, json_object_get_string_member (object, "name"),
                                json_object_get_string_member (object, "unit"), scale);
      for (guint r = 0; runs != NULL && r < json_array_get_length (runs); r++)
        fm_bench_figure_add (figure, json_array_get_double_element (runs, r));
      fm_bench_figure_set_target (figure,
                                  json_object_get_double_member_with_default (object, "target_median", 0),
                                  json_object_get_double_member_with_default (object, "target_max", 0));
      if (json_object_has_member (object, "note"))
        fm_bench_figure_set_note (figure, json_object_get_string_member (object, "note"));
    }
  return TRUE;
}

double
fm_bench_now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

double
fm_bench_cpu_ms (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec * 1000.0 + usage.ru_utime.tv_usec / 1000.0 +
         usage.ru_stime.tv_sec * 1000.0 + usage.ru_stime.tv_usec / 1000.0;
}

static long
proc_status_kib (const char *key)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, key)) == NULL)
    return -1;
  return atol (line + strlen (key));
}

long
fm_bench_rss_kib (void)
{
  return proc_status_kib ("VmRSS:");
}

long
fm_bench_peak_rss_kib (void)
{
  return proc_status_kib ("VmHWM:");
}
