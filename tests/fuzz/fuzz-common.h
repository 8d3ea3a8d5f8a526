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

int LLVMFuzzerInitialize   (int            *argc,
                            char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t  *data,
                            size_t          size);

/* A critical or a warning is a bug the fuzzer should stop on: the code
 * under test must handle every input without tripping its own checks. */
static inline void
fuzz_common_init (void)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  g_log_set_fatal_mask ("GLib", G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
}

/* Aborts with a message naming the property that failed */
#define fuzz_assert(expr)                                                      \
  G_STMT_START {                                                               \
    if (G_UNLIKELY (!(expr)))                                                  \
      g_error ("%s:%d: fuzz property failed: %s", __FILE__, __LINE__, #expr);  \
  } G_STMT_END
