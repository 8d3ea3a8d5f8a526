/* fuzz-main.c — replays a fuzz target's inputs without libFuzzer
 *
 * Linked with a target in the normal build: every file of the directories
 * (or the files) given is passed to LLVMFuzzerTestOneInput() once, and each
 * is reported as a TAP test. A crash, a sanitizer report or a failed
 * property ends the run, so a regression fails the suite.
 */
#include "config.h"

#include <stdio.h>

#include "fuzz-common.h"

/* Targets that need no set-up do not define it */
__attribute__((weak)) int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  return 0;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char * const *)a, *(char * const *)b);
}

static void
collect (const char *path,
         GPtrArray  *files)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (files, g_strdup (path));
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      if (name[0] == '.')
        continue;
      g_ptr_array_add (files, g_build_filename (path, name, NULL));
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

  LLVMFuzzerInitialize (&argc, &argv);

  for (int i = 1; i < argc; i++)
    collect (argv[i], files);
  /* A stable order, so that a report names the same input each time */
  g_ptr_array_sort (files, compare_strings);

  printf ("1..%u\n", files->len);
  if (files->len == 0)
    printf ("# no inputs found\n");
  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autofree char *data = NULL;
      g_autoptr(GError) error = NULL;
      gsize len;

      if (!g_file_get_contents (path, &data, &len, &error))
        {
          printf ("not ok %u - %s: %s\n", i + 1, path, error->message);
          continue;
        }
      fflush (stdout);
      LLVMFuzzerTestOneInput ((const uint8_t *)data, len);
      printf ("ok %u - %s (%" G_GSIZE_FORMAT " bytes)\n", i + 1, path, len);
    }
  return 0;
}
