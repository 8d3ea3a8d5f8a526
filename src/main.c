/* main.c — factmark: the window, or the command line before GTK starts */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "fm-application.h"
#include "fm-cli.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(FmApplication) app = NULL;

  /* FACTMARK_LOCALEDIR: the translations of a build that is not installed
   * (build-aux/dev and `meson devenv` point it at the build's po/) */
  const char *localedir = g_getenv ("FACTMARK_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (fm_cli_is_command_line (argc, argv))
    return fm_cli_run (argc, argv);

  app = fm_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
