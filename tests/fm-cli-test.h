/* fm-cli-test.h — running the factmark binary as a user would, for the tests */
#pragma once

#include <stdarg.h>
#include <sys/wait.h>

#include "fm-test.h"

/* What one run of factmark printed, and its exit status */
typedef struct
{
  char *out;
  char *err;
  int   status;
} Run;

static inline void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs $FACTMARK with the arguments in @args (NULL-terminated), calling
 * @setup in the child before it starts (or not, when NULL). A factmark that
 * did not exit (a signal) gives status -1. */
static inline void
run_factmark_va (Run                  *run,
                 GSpawnChildSetupFunc  setup,
                 gpointer              setup_data,
                 const char           *first,
                 va_list               args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *factmark = g_getenv ("FACTMARK");
  int wait_status;

  g_assert_nonnull (factmark);
  g_ptr_array_add (argv, (gpointer)factmark);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer)a);
  g_ptr_array_add (argv, NULL);

  run_clear (run);
  g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, setup, setup_data,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  run->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
}

/* Runs $FACTMARK with the arguments given (NULL-terminated) */
G_GNUC_NULL_TERMINATED
static inline void
run_factmark (Run        *run,
              const char *first,
              ...)
{
  va_list args;

  va_start (args, first);
  run_factmark_va (run, NULL, NULL, first, args);
  va_end (args);
}

/* The same, calling @setup (@setup_data) in the child before it starts:
 * to change its environment, say */
G_GNUC_NULL_TERMINATED
static inline void
run_factmark_full (Run                  *run,
                   GSpawnChildSetupFunc  setup,
                   gpointer              setup_data,
                   const char           *first,
                   ...)
{
  va_list args;

  va_start (args, first);
  run_factmark_va (run, setup, setup_data, first, args);
  va_end (args);
}

/* @contents (@len bytes, or up to its NUL when -1) as DIR/NAME; returns the path */
static inline char *
write_file (const char *dir,
            const char *name,
            const char *contents,
            gssize      len)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, len, NULL));
  return path;
}
