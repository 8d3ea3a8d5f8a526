/* fm-cli.h — the command line: everything that works without a display */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when argv asks for a command-line action rather than the window */
gboolean fm_cli_is_command_line (int    argc,
                                 char **argv);
/* Runs it; returns the exit status */
int      fm_cli_run             (int    argc,
                                 char **argv);

G_END_DECLS
