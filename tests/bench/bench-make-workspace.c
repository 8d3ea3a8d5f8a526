/* bench-make-workspace.c — the cached benchmark workspace, written when missing
 *
 *   bench-make-workspace [--claims N] [--seed S] [--cache DIR]
 *
 * Prints the path of the workspace of N claims (default 100,000) made with
 * seed S, writing it first when the cache does not have it yet.
 */
#include "config.h"

#include <stdio.h>

#include "bench-workspace.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— write the benchmark workspace");
  g_autoptr(GError) error = NULL;
  g_autofree char *cache = NULL;
  g_autofree char *path = NULL;
  int n_claims = 100000;
  int seed = FM_BENCH_DEFAULT_SEED;
  FmBenchSpec spec;
  const GOptionEntry entries[] = {
    { "claims", 0, 0, G_OPTION_ARG_INT, &n_claims, "Claims in the workspace (100000)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Seed of the generator", "S" },
    { "cache", 0, 0, G_OPTION_ARG_FILENAME, &cache, "Where workspaces are kept", "DIR" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_claims < 100)
    {
      g_printerr ("bench-make-workspace: %s\n", error ? error->message : "--claims: at least 100");
      return 2;
    }
  if (cache == NULL)
    cache = fm_bench_cache_dir ();
  fm_bench_spec_init (&spec, (guint32)seed, n_claims);
  path = fm_bench_workspace_ensure (&spec, cache, &error);
  if (path == NULL)
    {
      g_printerr ("bench-make-workspace: %s\n", error->message);
      return 1;
    }
  printf ("%s\n", path);
  return 0;
}
