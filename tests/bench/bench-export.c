/* bench-export.c — exports from a benchmark workspace
 *
 *   bench-export --workspace PATH [--scale LABEL] [--runs N] [--json FILE]
 *
 * Times, on the cached benchmark workspace (read only: the exports write
 * files elsewhere), as the command line and the window make them:
 *
 *   report   the HTML report of the long article (5,000 claims): copies
 *            from the store, the HTML, the file written and flushed
 *   csv      the CSV of every claim of the workspace, article by article,
 *            written and flushed
 *
 * Each is run N times (5) in one process; the table shows median and max.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "bench-common.h"
#include "bench-workspace.h"
#include "fm-export.h"
#include "fm-store.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— time the exports");
  g_autoptr(GError) error = NULL;
  g_autofree char *workspace = NULL;
  g_autofree char *json = NULL;
  g_autofree char *scale = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *long_id = NULL;
  g_autoptr(FmBenchResults) results = fm_bench_results_new ("Exports");
  g_autoptr(FmStore) store = NULL;
  int runs = 5;
  const GOptionEntry entries[] = {
    { "workspace", 0, 0, G_OPTION_ARG_FILENAME, &workspace, "The benchmark workspace", "PATH" },
    { "scale", 0, 0, G_OPTION_ARG_STRING, &scale, "Its name in the table (100k)", "LABEL" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs of each figure (5)", "N" },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &json, "Write the figures here", "FILE" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || workspace == NULL || runs < 1)
    {
      g_printerr ("bench-export: %s\n", error ? error->message : "--workspace is needed");
      return 2;
    }
  dir = g_dir_make_tmp ("factmark-bench-XXXXXX", &error);
  if (dir == NULL)
    g_error ("%s", error->message);
  store = fm_store_open (workspace, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  long_id = fm_bench_find_long_article (store, &error);
  if (long_id == NULL)
    g_error ("%s", error->message);

  for (int r = 0; r < runs; r++)
    {
      g_autofree char *html = g_build_filename (dir, "report.html", NULL);
      g_autofree char *csv = g_build_filename (dir, "claims.csv", NULL);
      double t0;

      t0 = fm_bench_now_ms ();
      {
        g_autoptr(FmReportData) data = fm_export_collect (store, long_id, &error);
        g_autoptr(GBytes) bytes = NULL;
        FmBenchFigure *figure;

        if (data == NULL)
          g_error ("%s", error->message);
        bytes = fm_export_build (data, FM_EXPORT_FORMAT_HTML, NULL, NULL, NULL, NULL, &error);
        if (bytes == NULL || !fm_export_write_file (html, bytes, &error))
          g_error ("%s", error->message);
        figure = fm_bench_add (results, "HTML report of the 5,000-claim article", "ms", scale,
                               fm_bench_now_ms () - t0);
        fm_bench_figure_set_target (figure, 500, 0);
        if (r == 0)
          fm_bench_add (results, "  claims in the report", "count", scale,
                        fm_report_data_get_n_claims (data));
      }

      t0 = fm_bench_now_ms ();
      if (!fm_export_workspace_csv (store, csv, NULL, &error))
        g_error ("%s", error->message);
      fm_bench_figure_set_target (fm_bench_add (results, "CSV of every claim in the workspace",
                                                "ms", scale, fm_bench_now_ms () - t0),
                                  2000, 0);
      if (r == 0)
        {
          GStatBuf st;

          if (g_stat (csv, &st) == 0)
            fm_bench_add (results, "  size of the CSV", "MiB", scale, st.st_size / 1048576.0);
        }
      g_remove (html);
      g_remove (csv);
      fprintf (stderr, "\r  run %d of %d", r + 1, runs);
    }
  fprintf (stderr, "\n");
  fm_bench_results_print (results);
  g_rmdir (dir);
  if (json != NULL && !fm_bench_results_write_json (results, json, &error))
    g_error ("%s", error->message);
  return 0;
}
