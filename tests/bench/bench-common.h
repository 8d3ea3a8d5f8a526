/* bench-common.h — one way to time, collect and report benchmark figures
 *
 * A figure is a name, a unit and the values of several runs; it prints as
 * its median and its maximum, beside its targets when it has any. Every
 * benchmark program collects its figures in an FmBenchResults, prints a
 * table and, with --json, writes them for `bench-summary`, which puts the
 * figures of one `build-aux/dev bench` run into one table.
 *
 * Not a test helper: benchmarks are never run by `meson test`.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char   *name;
  char   *unit;          /* "ms", "MiB", "count" */
  char   *scale;         /* the workspace it was measured on ("10k", "100k"), or NULL */
  GArray *values;        /* double, one per run */
  double  target_median; /* 0: none */
  double  target_max;    /* 0: none */
  char   *note;          /* how it was measured, or NULL */
} FmBenchFigure;

typedef struct
{
  char      *suite;
  GPtrArray *figures;    /* FmBenchFigure */
} FmBenchResults;

FmBenchResults *fm_bench_results_new        (const char     *suite);
void            fm_bench_results_free       (FmBenchResults *results);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FmBenchResults, fm_bench_results_free)

/* The figure named @name on @scale, made on first use */
FmBenchFigure  *fm_bench_figure             (FmBenchResults *results,
                                             const char     *name,
                                             const char     *unit,
                                             const char     *scale);
void            fm_bench_figure_add         (FmBenchFigure  *figure,
                                             double          value);
void            fm_bench_figure_set_target  (FmBenchFigure  *figure,
                                             double          median,
                                             double          max);
void            fm_bench_figure_set_note    (FmBenchFigure  *figure,
                                             const char     *note);
double          fm_bench_figure_median      (FmBenchFigure  *figure);
double          fm_bench_figure_max         (FmBenchFigure  *figure);
/* TRUE when the figure has targets and meets them */
gboolean        fm_bench_figure_meets       (FmBenchFigure  *figure);

/* Adds one value: a shortcut for fm_bench_figure() + fm_bench_figure_add() */
FmBenchFigure  *fm_bench_add                (FmBenchResults *results,
                                             const char     *name,
                                             const char     *unit,
                                             const char     *scale,
                                             double          value);

/* A table of the figures: name, scale, runs, median, max, target */
void            fm_bench_results_print      (FmBenchResults *results);
/* {"suite": …, "figures": [{"name", "unit", "scale", "runs", "median",
 *  "max", "target_median", "target_max", "note"}]} */
gboolean        fm_bench_results_write_json (FmBenchResults *results,
                                             const char     *path,
                                             GError        **error);
/* Adds the figures of a file that fm_bench_results_write_json() wrote */
gboolean        fm_bench_results_read_json  (FmBenchResults *results,
                                             const char     *path,
                                             GError        **error);

/* A monotonic clock, in milliseconds */
double          fm_bench_now_ms             (void);
/* CPU time of this process (user + system), in milliseconds */
double          fm_bench_cpu_ms             (void);
/* This process's resident memory now and at its peak, in KiB (from
 * /proc/self/status, which, unlike getrusage(), does not count what the
 * process was before exec()) */
long            fm_bench_rss_kib            (void);
long            fm_bench_peak_rss_kib       (void);

/* Median of @values (double), averaging the two middle ones */
double          fm_bench_median             (GArray         *values);

G_END_DECLS
