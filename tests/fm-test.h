/* fm-test.h — helpers shared by the tests */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>

G_BEGIN_DECLS

/* A new empty directory, removed with its files by fm_test_rmtree() */
static inline char *
fm_test_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("factmark-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static inline void
fm_test_rmtree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (path == NULL)
    return;
  dir = g_dir_open (path, 0, NULL);
  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            fm_test_rmtree (child);
          else
            g_unlink (child);
        }
    }
  g_rmdir (path);
}

/* For g_ptr_array_sort() of a GPtrArray of strings: it passes pointers to
 * the elements, so g_strcmp0 itself would compare addresses */
static inline int
fm_test_compare_strings (gconstpointer a,
                         gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

/* A file in the source tree's tests/ directory */
static inline char *
fm_test_source_file (const char *first, ...)
{
  const char *srcdir = g_getenv ("G_TEST_SRCDIR");
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  va_list args;

  g_ptr_array_add (parts, (gpointer)(srcdir ? srcdir : "."));
  g_ptr_array_add (parts, (gpointer)first);
  va_start (args, first);
  for (const char *p = va_arg (args, const char *); p != NULL; p = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer)p);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **)parts->pdata);
}

/* The shared seeds and evaluation pages beside the checkout, or NULL */
static inline char *
fm_test_shared_file (const char *name)
{
  const char *shared = g_getenv ("SHARED_DIR");
  char *path;

  if (shared == NULL)
    return NULL;
  path = g_build_filename (shared, name, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_free (path);
      return NULL;
    }
  return path;
}

/* How long a test waits for what the program does in the background (a
 * commit after typing, a layout) before it fails: the sanitizer build of
 * build-aux/dev test's second pass runs several times slower */
#ifdef __SANITIZE_ADDRESS__
#define FM_TEST_WAIT_SECONDS 20
#else
#define FM_TEST_WAIT_SECONDS 5
#endif

G_END_DECLS
