/* test-l10n.c — dates in the app's language, not LC_TIME's
 *
 * With LANGUAGE=de and LC_ALL=C.UTF-8, g_date_time_format() writes the
 * month in English ("12. March 2026"): its names come from LC_TIME.
 * fm_date_time_format() takes them from Factmark's own catalogue. The
 * German catalogue is tests/fixtures/l10n/de.po (a few test messages, not
 * the app's translation), compiled here with msgfmt; a second, made-up
 * language has names with "%" in them.
 */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <libintl.h>
#include <locale.h>

#include "fm-util.h"

static char *localedir;

static void
compile_catalogue (const char *lang,
                   const char *po_path)
{
  g_autofree char *dir = g_build_filename (localedir, lang, "LC_MESSAGES", NULL);
  g_autofree char *mo = g_build_filename (dir, GETTEXT_PACKAGE ".mo", NULL);
  g_autofree char *msgfmt = g_find_program_in_path ("msgfmt");
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { msgfmt, "--check", "-o", mo, po_path, NULL };
  int status = 0;

  g_assert_nonnull (msgfmt);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                               NULL, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("msgfmt %s: %s", po_path, err);
}

static void
use_language (const char *lang)
{
  if (lang != NULL)
    g_setenv ("LANGUAGE", lang, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  /* gettext keeps what it found until the domain is set again */
  textdomain (GETTEXT_PACKAGE);
}

static GDateTime *
thursday_12_march (void)
{
  return g_date_time_new_utc (2026, 3, 12, 14, 2, 0);
}

static void
test_german (void)
{
  g_autoptr(GDateTime) time = thursday_12_march ();
  g_autofree char *lc_time = NULL;
  g_autofree char *full = NULL;
  g_autofree char *abbreviated = NULL;
  g_autofree char *upper = NULL;
  g_autofree char *percent = NULL;
  g_autofree char *padded = NULL;

  use_language ("de");
  /* The catalogue is read: the report's own date format is German */
  g_assert_cmpstr (g_dpgettext2 (GETTEXT_PACKAGE, "report date", "%-d %B %Y"), ==, "%-d. %B %Y");
  /* What LC_TIME gives (the bug this function exists for) */
  lc_time = g_date_time_format (time, "%-d. %B %Y");
  g_assert_cmpstr (lc_time, ==, "12. March 2026");

  full = fm_date_time_format (time, g_dpgettext2 (GETTEXT_PACKAGE, "report date", "%-d %B %Y"));
  g_assert_cmpstr (full, ==, "12. März 2026");
  abbreviated = fm_date_time_format (time, "%a, %-d %b %Y, %H:%M");
  g_assert_cmpstr (abbreviated, ==, "Do, 12 Mär 2026, 14:02");
  upper = fm_date_time_format (time, "%A %^B %h");
  g_assert_cmpstr (upper, ==, "Donnerstag MÄRZ Mär");
  /* Everything else is g_date_time_format()'s, "%%" and widths included */
  percent = fm_date_time_format (time, "100%% %B %e");
  g_assert_cmpstr (percent, ==, "100% März 12");
  padded = fm_date_time_format (time, "%OB|%-m|%Y-%m-%d");
  g_assert_cmpstr (padded, ==, "März|3|2026-03-12");
}

static void
test_english (void)
{
  g_autoptr(GDateTime) time = thursday_12_march ();
  g_autofree char *text = NULL;

  use_language (NULL);
  text = fm_date_time_format (time, "%A %-d %B %Y (%a %b)");
  g_assert_cmpstr (text, ==, "Thursday 12 March 2026 (Thu Mar)");
}

/* A name is text: a "%" in it is never a conversion */
static void
test_percent_in_names (void)
{
  g_autoptr(GDateTime) time = thursday_12_march ();
  g_autofree char *po = g_build_filename (localedir, "xx.po", NULL);
  g_autofree char *text = NULL;
  static const char catalogue[] =
    "msgid \"\"\n"
    "msgstr \"\"\n"
    "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
    "\n"
    "msgctxt \"month name\"\n"
    "msgid \"March\"\n"
    "msgstr \"Ma%Yrch%\"\n"
    "\n"
    "msgctxt \"weekday name\"\n"
    "msgid \"Thursday\"\n"
    "msgstr \"%%Thu\"\n";

  g_assert_true (g_file_set_contents (po, catalogue, -1, NULL));
  compile_catalogue ("xx", po);
  use_language ("xx");
  text = fm_date_time_format (time, "%A %-d %B %Y");
  g_assert_cmpstr (text, ==, "%%Thu 12 Ma%Yrch% 2026");
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *fixture = NULL;
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  localedir = g_dir_make_tmp ("factmark-l10n-XXXXXX", NULL);
  g_assert_nonnull (localedir);
  fixture = g_test_build_filename (G_TEST_DIST, "fixtures", "l10n", "de.po", NULL);
  compile_catalogue ("de", fixture);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  g_test_add_func ("/l10n/dates/german", test_german);
  g_test_add_func ("/l10n/dates/english", test_english);
  g_test_add_func ("/l10n/dates/percent-in-names", test_percent_in_names);
  status = g_test_run ();

  for (const char *const *lang = (const char *const[]) { "de", "xx", NULL }; *lang; lang++)
    {
      g_autofree char *messages = g_build_filename (localedir, *lang, "LC_MESSAGES", NULL);
      g_autofree char *mo = g_build_filename (messages, GETTEXT_PACKAGE ".mo", NULL);
      g_autofree char *dir = g_build_filename (localedir, *lang, NULL);

      g_remove (mo);
      g_rmdir (messages);
      g_rmdir (dir);
    }
  {
    g_autofree char *po = g_build_filename (localedir, "xx.po", NULL);

    g_remove (po);
  }
  g_rmdir (localedir);
  g_free (localedir);
  return status;
}
