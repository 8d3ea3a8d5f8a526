/* fm-format.c — dates and times as the window shows them */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "fm-format.h"
#include "fm-util.h"

static GDateTime *
parse (const char *iso)
{
  int y, m, d;
  g_autoptr(GTimeZone) utc = NULL;
  GDateTime *time;

  if (iso == NULL || *iso == '\0')
    return NULL;
  utc = g_time_zone_new_utc ();
  time = g_date_time_new_from_iso8601 (iso, utc);
  if (time != NULL)
    return time;
  if (strlen (iso) >= 10 && sscanf (iso, "%4d-%2d-%2d", &y, &m, &d) == 3 &&
      g_date_valid_dmy (d, m, y))
    return g_date_time_new_local (y, m, d, 12, 0, 0);
  return NULL;
}

char *
fm_format_date (const char *iso)
{
  g_autoptr(GDateTime) time = parse (iso);

  if (time == NULL)
    return NULL;
  /* TRANSLATORS: a date as in "12 March 2026", see strftime(3) */
  return g_strstrip (fm_date_time_format (time, _("%-d %B %Y")));
}

char *
fm_format_time (const char *iso)
{
  g_autoptr(GDateTime) time = parse (iso);
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return g_strdup (iso ? iso : "");
  local = g_date_time_to_local (time);
  /* TRANSLATORS: a time as in "12 Mar 2026, 14:02", see strftime(3) */
  return fm_date_time_format (local, _("%-d %b %Y, %H:%M"));
}

char *
fm_format_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

gboolean
fm_format_is_date (const char *text)
{
  int y, m, d;
  char rest;

  return text != NULL && strlen (text) == 10 &&
         sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &rest) == 3 &&
         text[4] == '-' && text[7] == '-' && g_date_valid_dmy (d, m, y);
}

/* Review and history times */

#include <langinfo.h>

/* The local time zone, read again once a minute: GLib 2.74 reads
 * /etc/localtime anew on every g_time_zone_new_local() when TZ is unset,
 * and the review list formats a time for every row it binds. A minute
 * still follows a change of zone while the app runs. */
G_LOCK_DEFINE_STATIC (local_zone);

static GTimeZone *
local_zone (void)
{
  static GTimeZone *zone;
  static gint64 read_at;
  gint64 now = g_get_monotonic_time ();
  GTimeZone *result;

  G_LOCK (local_zone);
  if (zone == NULL || now - read_at > 60 * G_USEC_PER_SEC)
    {
      g_clear_pointer (&zone, g_time_zone_unref);
      zone = g_time_zone_new_local ();
      read_at = now;
    }
  result = g_time_zone_ref (zone);
  G_UNLOCK (local_zone);
  return result;
}

/* The locale says whether it writes a 12-hour clock */
static const char *
clock_format (void)
{
  const char *t_fmt = nl_langinfo (T_FMT);

  if (t_fmt != NULL && (strstr (t_fmt, "%p") || strstr (t_fmt, "%r") || strstr (t_fmt, "%I") ||
                        strstr (t_fmt, "%l")))
    return "%l:%M %p";
  return "%H:%M";
}

char *
fm_format_when (const char *iso)
{
  g_autoptr(GDateTime) time = parse (iso);
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  g_autofree char *clock = NULL;
  g_autofree char *date = NULL;
  int days;

  if (time == NULL)
    return g_strdup (iso ? iso : "");
  zone = local_zone ();
  local = g_date_time_to_timezone (time, zone);
  now = g_date_time_new_now (zone);
  clock = g_date_time_format (local, clock_format ());
  g_strstrip (clock);
  days = g_date_time_get_day_of_year (now) - g_date_time_get_day_of_year (local);
  if (g_date_time_get_year (now) != g_date_time_get_year (local))
    days = -1;
  if (days == 0)
    /* TRANSLATORS: %s is a time, "Today, 14:02" */
    return g_strdup_printf (_("Today, %s"), clock);
  if (days == 1)
    /* TRANSLATORS: %s is a time, "Yesterday, 14:02" */
    return g_strdup_printf (_("Yesterday, %s"), clock);
  /* In the app's language, as the other dates: "%x" would be LC_TIME's
   * (with LC_TIME=C, "03/12/26" in a German window) */
  /* TRANSLATORS: a short date as in "12 Mar 2026", see strftime(3) */
  date = fm_date_time_format (local, _("%-d %b %Y"));
  /* TRANSLATORS: a date and a time, "12 Mar 2026, 14:02" */
  return g_strdup_printf (_("%s, %s"), date, clock);
}
