/* fuzz-common.h — what every fuzz target shares
 *
 * A target is one file, tests/fuzz/fuzz-NAME.c, that defines
 * LLVMFuzzerTestOneInput() and includes this header. Built with
 * -Dfuzzing=true (clang) it is a libFuzzer binary; in the normal build the
 * same file is linked with fuzz-main.c and replays the seed corpus and every
 * input that once crashed it, as a test of the normal suite.
 */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerInitialize   (int            *argc,
                            char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t  *data,
                            size_t          size);

/* A critical or a warning is a bug the fuzzer should stop on: the code
 * under test must handle every input without tripping its own checks.
 * GLib would stop with SIGTRAP, which libFuzzer does not catch (and so
 * keeps no crashing input): abort() instead. */
static void
fuzz_log_handler (const char     *domain,
                  GLogLevelFlags  level,
                  const char     *message,
                  gpointer        data)
{
  g_log_default_handler (domain, level, message, data);
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    abort ();
}

static inline void
fuzz_common_init (void)
{
  g_log_set_default_handler (fuzz_log_handler, NULL);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
}

/* Aborts with a message naming the property that failed */
#define fuzz_assert(expr)                                                      \
  G_STMT_START {                                                               \
    if (G_UNLIKELY (!(expr)))                                                  \
      {                                                                        \
        g_printerr ("%s:%d: fuzz property failed: %s\n", __FILE__, __LINE__,   \
                    #expr);                                                    \
        abort ();                                                              \
      }                                                                        \
  } G_STMT_END
