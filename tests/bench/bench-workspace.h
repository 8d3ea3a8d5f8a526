/* bench-workspace.h — the synthetic newsroom every benchmark measures
 *
 * One deterministic generator: the same seed and sizes give the same
 * articles, claims (ids included), sources and times. The workspace is
 * written through the store's API, one transaction per article for the
 * article and one for its claims with their sources and history, and
 * cached outside git under a name that holds the seed, the sizes and the
 * generator's version; benchmarks measure on a copy of it.
 */
#pragma once

#include "fm-store.h"

G_BEGIN_DECLS

/* Bump when the generator writes anything differently: cached workspaces
 * of another version are not reused */
#define FM_BENCH_GENERATOR_VERSION 1

#define FM_BENCH_DEFAULT_SEED 20260312

/* The long investigation: one article with this many claims */
#define FM_BENCH_LONG_CLAIMS 5000
#define FM_BENCH_LONG_URL "https://courier.example/investigations/the-long-count"

/* A word the review benchmark searches for: a place named in about one
 * claim in a hundred */
#define FM_BENCH_SEARCH_WORD "Kingsmead"

typedef struct
{
  guint32 seed;
  guint   n_articles;
  guint   n_claims;       /* the long article's included */
  guint   n_sources;
  guint   long_claims;    /* claims of the long article; 0 for none */
} FmBenchSpec;

/* A newsroom of @n_claims claims in the proportions of the benchmark:
 * one article per 50 claims, 1.5 sources per claim, and the long article */
void      fm_bench_spec_init          (FmBenchSpec       *spec,
                                       guint32            seed,
                                       guint              n_claims);
/* "bench-v1-w4-s20260312-a2000-c100000-r150000-l5000.db" (generator,
 * schema, seed, articles, claims, sources, claims of the long article) */
char     *fm_bench_spec_file_name     (const FmBenchSpec *spec);
/* "100k", "10k", … */
char     *fm_bench_spec_label         (const FmBenchSpec *spec);

/* Writes the workspace into a new file at @path */
gboolean  fm_bench_workspace_write    (const FmBenchSpec *spec,
                                       const char        *path,
                                       GError           **error);
/* The path of the cached workspace in @cache_dir, written first (to a
 * temporary name, then renamed) when it is not there yet */
char     *fm_bench_workspace_ensure   (const FmBenchSpec *spec,
                                       const char        *cache_dir,
                                       GError           **error);
/* Copies a closed workspace to @to (a benchmark changes its copy) */
gboolean  fm_bench_workspace_copy     (const char        *from,
                                       const char        *to,
                                       GError           **error);
/* Removes a workspace file with its -wal and -shm */
void      fm_bench_workspace_remove   (const char        *path);

/* Adds the long investigation, with @n_claims claims (one or two a
 * sentence, a tenth of them inside another) and their sources, in one
 * transaction for the claims. Returns the article's id. */
char     *fm_bench_add_long_article   (FmStore           *store,
                                       guint32            seed,
                                       guint              n_claims,
                                       GError           **error);
/* The id of the long article in a benchmark workspace */
char     *fm_bench_find_long_article  (FmStore           *store,
                                       GError           **error);

/* The directory for cached workspaces: $FACTMARK_BENCH_CACHE, else
 * $XDG_CACHE_HOME/factmark */
char     *fm_bench_cache_dir          (void);

G_END_DECLS
