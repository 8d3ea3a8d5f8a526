/* bench-extract.c — speed and memory of article extraction
 *
 *   bench-extract PAGES_DIR [--peer PEER_RUN_JSON] [--repeat N]
 *   bench-extract --one FILE      (extract one page; print peak RSS in KiB)
 *
 * PAGES_DIR holds <name>/source.html (../shared/extract-eval/pages). Every
 * page is parsed alone (libxml2 with the same decoding and options the
 * extractor uses) and extracted, best of N each, in this one process. The
 * peak RSS of extracting the largest page is measured in a child process
 * of its own, so nothing else counts towards it. PEER_RUN_JSON is the
 * _peer_run.json that extract-eval's peer.js wrote in the same run.
 *
 * Not a test: build-aux/dev bench extract runs it on an optimised build.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "bench-common.h"
#include "fm-extract.h"

typedef struct
{
  char   *name;
  char   *data;
  gsize   len;
  double  parse_ms;
  double  extract_ms;
} Page;

static void
page_free (Page *page)
{
  g_free (page->name);
  g_free (page->data);
  g_free (page);
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  if (values->len == 0)
    return 0;
  g_array_sort (values, compare_double);
  /* The lower middle, as peer.js takes it */
  return g_array_index (values, double, (values->len - 1) / 2);
}

/* The high-water mark of this process's resident memory, in KiB. Read
 * from /proc rather than getrusage(), whose figure survives exec() and so
 * would include the parent that spawned us. */
static long
peak_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL) &&
      (line = strstr (status, "VmHWM:")) != NULL)
    return atol (line + 6);
  {
    struct rusage usage;

    getrusage (RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
  }
}

static int
run_one (const char *path)
{
  g_autofree char *data = NULL;
  gsize len;
  g_autoptr(GError) error = NULL;
  g_autoptr(FmExtractResult) result = NULL;

  if (!g_file_get_contents (path, &data, &len, &error))
    {
      g_printerr ("bench-extract: %s\n", error->message);
      return 1;
    }
  result = fm_extract_html (data, len, NULL, NULL, &error);
  if (result == NULL)
    {
      g_printerr ("bench-extract: %s: %s\n", path, error->message);
      return 1;
    }
  printf ("%ld\n", peak_rss_kib ());
  return 0;
}

/* Peak RSS of a child that reads and extracts @path */
static long
child_rss (const char *self,
           const char *path)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { self, "--one", path, NULL };
  int status;

  if (!g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                     &status, &error) || !g_spawn_check_wait_status (status, NULL))
    return -1;
  return atol (out);
}

static GHashTable *
read_peer (const char  *path,
           char       **label,
           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  GHashTable *times = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonObject *root;
  JsonArray *rows;

  if (!json_parser_load_from_file (parser, path, error))
    {
      g_hash_table_unref (times);
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));
  *label = g_strdup_printf ("%s + %s", json_object_get_string_member (root, "readability"),
                            json_object_get_string_member (root, "dom"));
  rows = json_object_get_array_member (root, "rows");
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      JsonNode *ms = json_object_get_member (row, "ms");

      if (ms != NULL && !json_node_is_null (ms))
        {
          double *v = g_new (double, 1);

          *v = json_node_get_double (ms);
          g_hash_table_insert (times, g_strdup (json_object_get_string_member (row, "name")), v);
        }
    }
  return times;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify)page_free);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) peer = NULL;
  g_autoptr(GArray) parse_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) extract_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) peer_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *peer_label = NULL;
  const char *pages_dir = NULL;
  const char *peer_path = NULL;
  const char *json_path = NULL;
  int repeat = 3;
  double parse_total = 0, extract_total = 0, peer_total = 0;
  gsize bytes_total = 0;
  Page *largest = NULL;
  const char *name;
  long rss;
  double limit_mb;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--one") && i + 1 < argc)
        return run_one (argv[i + 1]);
      else if (g_str_equal (argv[i], "--json") && i + 1 < argc)
        json_path = argv[++i];
      else if (g_str_equal (argv[i], "--peer") && i + 1 < argc)
        peer_path = argv[++i];
      else if (g_str_equal (argv[i], "--repeat") && i + 1 < argc)
        {
          repeat = atoi (argv[++i]);
          repeat = MAX (repeat, 1);
        }
      else if (pages_dir == NULL)
        pages_dir = argv[i];
      else
        {
          g_printerr ("usage: bench-extract PAGES_DIR [--peer PEER_RUN_JSON] [--repeat N]\n");
          return 2;
        }
    }
  if (pages_dir == NULL)
    {
      g_printerr ("usage: bench-extract PAGES_DIR [--peer PEER_RUN_JSON] [--repeat N]\n");
      return 2;
    }

  dir = g_dir_open (pages_dir, 0, &error);
  if (dir == NULL)
    {
      g_printerr ("bench-extract: %s\n", error->message);
      return 1;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (pages_dir, name, "source.html", NULL);
      Page *page = g_new0 (Page, 1);

      if (!g_file_get_contents (path, &page->data, &page->len, NULL))
        {
          page_free (page);
          continue;
        }
      page->name = g_strdup (name);
      g_ptr_array_add (pages, page);
    }
  if (pages->len == 0)
    {
      g_printerr ("bench-extract: no pages in %s\n", pages_dir);
      return 1;
    }

  if (peer_path != NULL && (peer = read_peer (peer_path, &peer_label, &error)) == NULL)
    {
      g_printerr ("bench-extract: %s: %s\n", peer_path, error->message);
      return 1;
    }

  /* Warm up: the first parse pays for libxml2's and GLib's set-up */
  fm_extract_parse_only (((Page *)g_ptr_array_index (pages, 0))->data,
                         ((Page *)g_ptr_array_index (pages, 0))->len, NULL);

  for (guint i = 0; i < pages->len; i++)
    {
      Page *page = g_ptr_array_index (pages, i);

      page->parse_ms = page->extract_ms = G_MAXDOUBLE;
      for (int r = 0; r < repeat; r++)
        {
          gint64 t0 = g_get_monotonic_time ();
          gint64 t1, t2;
          FmExtractResult *result;

          fm_extract_parse_only (page->data, page->len, NULL);
          t1 = g_get_monotonic_time ();
          result = fm_extract_html (page->data, page->len, NULL, NULL, NULL);
          t2 = g_get_monotonic_time ();
          fm_extract_result_free (result);
          page->parse_ms = MIN (page->parse_ms, (t1 - t0) / 1000.0);
          page->extract_ms = MIN (page->extract_ms, (t2 - t1) / 1000.0);
        }
      parse_total += page->parse_ms;
      extract_total += page->extract_ms;
      bytes_total += page->len;
      g_array_append_val (parse_times, page->parse_ms);
      g_array_append_val (extract_times, page->extract_ms);
      if (peer != NULL)
        {
          double *ms = g_hash_table_lookup (peer, page->name);

          if (ms != NULL)
            {
              peer_total += *ms;
              g_array_append_val (peer_times, *ms);
            }
        }
      if (largest == NULL || page->len > largest->len)
        largest = page;
    }

  {
    g_autofree char *size = g_format_size (bytes_total);

    printf ("extract benchmark: %u pages, %s, best of %d runs per page, one process\n\n",
            pages->len, size, repeat);
  }
  printf ("%-40s %12s %16s\n", "", "total ms", "median ms/page");
  printf ("%-40s %12.1f %16.2f\n", "libxml2 parse alone (decode + parse)", parse_total,
          median (parse_times));
  printf ("%-40s %12.1f %16.2f   %+.0f%% over the parse (target: at most +50%%)\n",
          "factmark extraction (parse + extract)", extract_total, median (extract_times),
          100.0 * (extract_total / parse_total - 1));
  if (peer != NULL)
    printf ("%-40s %12.1f %16.2f   factmark is %.1f× faster (target: at least 10×)\n",
            peer_label, peer_total, median (peer_times), peer_total / extract_total);
  else
    printf ("%-40s %12s %16s   (not run: npm or node is not available)\n",
            "Readability + jsdom", "-", "-");

  {
    g_autofree char *path = g_build_filename (pages_dir, largest->name, "source.html", NULL);
    g_autofree char *size = g_format_size (largest->len);

    rss = child_rss (argv[0], path);
    limit_mb = 5.0 * largest->len / (1024.0 * 1024.0) + 20;
    printf ("\npeak RSS extracting the largest page (%s, %s): %.1f MB "
            "(limit 5 × size + 20 MB = %.1f MB)\n",
            largest->name, size, rss / 1024.0, limit_mb);
  }

  /* The same figures for build-aux/dev bench's table */
  if (json_path != NULL)
    {
      g_autoptr(FmBenchResults) results = fm_bench_results_new ("Extraction (the import of web pages)");
      g_autofree char *all = g_strdup_printf ("extract all %u pages, total (best of %d each)",
                                              pages->len, repeat);

      fm_bench_add (results, all, "ms", NULL, extract_total);
      fm_bench_add (results, "extract a page, median", "ms", NULL, median (extract_times));
      fm_bench_add (results, "  libxml2's parse alone, all pages", "ms", NULL, parse_total);
      fm_bench_figure_set_target (fm_bench_add (results, "  extraction over the parse alone", "%",
                                                NULL, 100.0 * (extract_total / parse_total - 1)),
                                  50, 0);
      if (peer != NULL)
        {
          fm_bench_add (results, "  Readability + jsdom, all pages", "ms", NULL, peer_total);
          fm_bench_add (results, "  Readability + jsdom over factmark", "×", NULL,
                        peer_total / extract_total);
        }
      fm_bench_figure_set_target (fm_bench_add (results, "peak RSS extracting the largest page",
                                                "MiB", NULL, rss / 1024.0),
                                  0, limit_mb);
      if (!fm_bench_results_write_json (results, json_path, &error))
        {
          g_printerr ("bench-extract: %s\n", error->message);
          return 1;
        }
    }
  return 0;
}
