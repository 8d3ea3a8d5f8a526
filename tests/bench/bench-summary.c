/* bench-summary.c — the figures of one `build-aux/dev bench` run in one table
 *
 *   bench-summary [--json OUT] RESULTS.json…
 *
 * Reads the files that the benchmark programs wrote with --json and prints
 * one table: each figure's median and max on the 10k and the 100k
 * workspace side by side, the ratio of the two medians (linear growth is
 * 10×, flat is 1×), its target and whether it was met. Figures measured
 * without a workspace (startup, extraction) have one column pair.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "bench-common.h"

typedef struct
{
  char          *name;
  FmBenchFigure *small;     /* "10k" */
  FmBenchFigure *large;     /* "100k" */
  FmBenchFigure *plain;     /* no scale */
} Row;

static void
print_padded (const char *text,
              int         width)
{
  long n = g_utf8_strlen (text, -1);

  fputs (text, stdout);
  for (; n < width; n++)
    fputc (' ', stdout);
}

static char *
format_value (FmBenchFigure *figure,
              gboolean       max)
{
  double value;

  if (figure == NULL || figure->values->len == 0)
    return g_strdup ("—");
  value = max ? fm_bench_figure_max (figure) : fm_bench_figure_median (figure);
  if (g_strcmp0 (figure->unit, "count") == 0)
    return g_strdup_printf ("%.0f", value);
  if (g_strcmp0 (figure->unit, "ms") == 0 && value >= 10000)
    return g_strdup_printf ("%.1f s", value / 1000);
  if (g_strcmp0 (figure->unit, "%") == 0)
    return g_strdup_printf ("%.0f %%", value);
  if (g_strcmp0 (figure->unit, "×") == 0)
    return g_strdup_printf ("%.2f×", value);
  return g_strdup_printf ("%.1f %s", value, figure->unit);
}

/* The targets of the row (from whichever figure has them) and whether
 * every figure of the row meets them */
static char *
format_target (Row *row)
{
  FmBenchFigure *figures[] = { row->plain, row->small, row->large };
  FmBenchFigure *with = NULL;
  gboolean met = TRUE;
  g_autoptr(GString) target = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    if (figures[i] != NULL && (figures[i]->target_median > 0 || figures[i]->target_max > 0))
      {
        with = figures[i];
        met = met && fm_bench_figure_meets (figures[i]);
      }
  if (with == NULL)
    return g_strdup ("");
  if (with->target_median > 0)
    g_string_append_printf (target, "med ≤ %.*f", with->target_median < 10 ? 1 : 0,
                            with->target_median);
  if (with->target_max > 0)
    g_string_append_printf (target, "%smax ≤ %.*f", target->len ? ", " : "",
                            with->target_max < 10 ? 1 : 0, with->target_max);
  g_string_append_printf (target, " %s %s", with->unit, met ? "met" : "MISSED");
  return g_string_free (g_steal_pointer (&target), FALSE);
}

static void
print_rows (const char *suite,
            GPtrArray  *rows)
{
  gboolean scaled = FALSE;

  for (guint i = 0; i < rows->len; i++)
    scaled = scaled || ((Row *)g_ptr_array_index (rows, i))->plain == NULL;
  printf ("\n%s\n", suite);
  print_padded ("figure", 50);
  if (scaled)
    printf (" %11s %11s %11s %11s %6s  %s\n", "10k median", "10k max", "100k median",
            "100k max", "×", "target");
  else
    printf (" %11s %11s %11s %11s %6s  %s\n", "median", "max", "", "", "", "target");
  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = g_ptr_array_index (rows, i);
      g_autofree char *target = format_target (row);
      g_autofree char *ratio = NULL;

      print_padded (row->name, 50);
      if (row->plain != NULL)
        {
          g_autofree char *median = format_value (row->plain, FALSE);
          g_autofree char *max = format_value (row->plain, TRUE);

          printf (" %11s %11s %11s %11s %6s  %s\n", median, max, "", "", "", target);
          continue;
        }
      if (row->small != NULL && row->large != NULL && fm_bench_figure_median (row->small) > 0)
        ratio = g_strdup_printf ("%.1f", fm_bench_figure_median (row->large) /
                                         fm_bench_figure_median (row->small));
      {
        g_autofree char *sm = format_value (row->small, FALSE);
        g_autofree char *sx = format_value (row->small, TRUE);
        g_autofree char *lm = format_value (row->large, FALSE);
        g_autofree char *lx = format_value (row->large, TRUE);

        printf (" %11s %11s %11s %11s %6s  %s\n", sm, sx, lm, lx, ratio ? ratio : "", target);
      }
    }
}

static void
row_free (Row *row)
{
  g_free (row->name);
  g_free (row);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("RESULTS.json… — one table of a bench run");
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autoptr(FmBenchResults) all = fm_bench_results_new ("factmark");
  g_autoptr(GPtrArray) suites = g_ptr_array_new_with_free_func ((GDestroyNotify)fm_bench_results_free);
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &json, "Write every figure here too", "FILE" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-summary: %s\n", error->message);
      return 2;
    }

  /* The files of one suite (the 10k and the 100k run) make one table */
  for (int i = 1; i < argc; i++)
    {
      g_autoptr(FmBenchResults) file = fm_bench_results_new (NULL);
      FmBenchResults *suite = NULL;

      if (!fm_bench_results_read_json (file, argv[i], &error) ||
          !fm_bench_results_read_json (all, argv[i], &error))
        {
          g_printerr ("bench-summary: %s\n", error->message);
          return 1;
        }
      for (guint s = 0; s < suites->len && suite == NULL; s++)
        if (g_strcmp0 (((FmBenchResults *)g_ptr_array_index (suites, s))->suite, file->suite) == 0)
          suite = g_ptr_array_index (suites, s);
      if (suite == NULL)
        {
          suite = fm_bench_results_new (file->suite);
          g_ptr_array_add (suites, suite);
        }
      if (!fm_bench_results_read_json (suite, argv[i], &error))
        {
          g_printerr ("bench-summary: %s\n", error->message);
          return 1;
        }
    }

  for (guint s = 0; s < suites->len; s++)
    {
      FmBenchResults *results = g_ptr_array_index (suites, s);
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)row_free);

      for (guint f = 0; f < results->figures->len; f++)
        {
          FmBenchFigure *figure = g_ptr_array_index (results->figures, f);
          Row *row = NULL;

          for (guint r = 0; r < rows->len && row == NULL; r++)
            if (g_str_equal (((Row *)g_ptr_array_index (rows, r))->name, figure->name))
              row = g_ptr_array_index (rows, r);
          if (row == NULL)
            {
              row = g_new0 (Row, 1);
              row->name = g_strdup (figure->name);
              g_ptr_array_add (rows, row);
            }
          if (figure->scale == NULL)
            row->plain = figure;
          else if (g_str_equal (figure->scale, "10k"))
            row->small = figure;
          else
            row->large = figure;
        }
      print_rows (results->suite, rows);
    }
  if (json != NULL && !fm_bench_results_write_json (all, json, &error))
    {
      g_printerr ("bench-summary: %s\n", error->message);
      return 1;
    }
  return 0;
}
