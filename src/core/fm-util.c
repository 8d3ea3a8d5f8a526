/* fm-util.c — small helpers shared by the core */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fm-util.h"

gboolean
fm_set_str (char       **dest,
            const char  *value)
{
  g_assert (dest != NULL);

  if (g_strcmp0 (*dest, value) == 0)
    return FALSE;
  g_free (*dest);
  *dest = g_strdup (value);
  return TRUE;
}

char *
fm_uuid_new (void)
{
  return g_uuid_string_random ();
}

char *
fm_time_to_iso (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d.%06dZ",
                          g_date_time_get_year (utc),
                          g_date_time_get_month (utc),
                          g_date_time_get_day_of_month (utc),
                          g_date_time_get_hour (utc),
                          g_date_time_get_minute (utc),
                          g_date_time_get_second (utc),
                          g_date_time_get_microsecond (utc));
}

char *
fm_now_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return fm_time_to_iso (now);
}

gboolean
fm_url_is_web (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  if (url == NULL || *url == '\0')
    return FALSE;
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return FALSE;
  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  return scheme != NULL && host != NULL && *host != '\0' &&
         (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0);
}

const char *
fm_default_actor (void)
{
  const char *name = g_get_real_name ();

  /* GLib answers "Unknown" when the password database has no full name */
  if (name == NULL || *name == '\0' || g_str_equal (name, "Unknown"))
    name = g_get_user_name ();
  return name;
}

char *
fm_collapse_space (const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;
  gboolean space = FALSE;

  if (text == NULL)
    return NULL;
  /* Names from the system (a file name, the passwd entry's real name) are
   * bytes: walking invalid UTF-8 by lead bytes could step past the end */
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);
  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == 0x00A0)
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* Dates in the app's language */

/* The names come from our translations, never from LC_TIME: with
 * LANGUAGE=de and LC_TIME=C, g_date_time_format() would write "12. March".
 * A month's name is the form written in a date after the day (the genitive
 * in the languages that have one). */
static const char *
month_name (int      month,
            gboolean abbreviated)
{
  switch (month)
    {
    /* Translators: a month's name as written in a date ("12 March 2026"); in a language
     * with a genitive, the form a date uses */
    case 1:  return abbreviated ? C_("abbreviated month name", "Jan") : C_("month name", "January");
    case 2:  return abbreviated ? C_("abbreviated month name", "Feb") : C_("month name", "February");
    case 3:  return abbreviated ? C_("abbreviated month name", "Mar") : C_("month name", "March");
    case 4:  return abbreviated ? C_("abbreviated month name", "Apr") : C_("month name", "April");
    case 5:  return abbreviated ? C_("abbreviated month name", "May") : C_("month name", "May");
    case 6:  return abbreviated ? C_("abbreviated month name", "Jun") : C_("month name", "June");
    case 7:  return abbreviated ? C_("abbreviated month name", "Jul") : C_("month name", "July");
    case 8:  return abbreviated ? C_("abbreviated month name", "Aug") : C_("month name", "August");
    case 9:  return abbreviated ? C_("abbreviated month name", "Sep") : C_("month name", "September");
    case 10: return abbreviated ? C_("abbreviated month name", "Oct") : C_("month name", "October");
    case 11: return abbreviated ? C_("abbreviated month name", "Nov") : C_("month name", "November");
    case 12: return abbreviated ? C_("abbreviated month name", "Dec") : C_("month name", "December");
    default: return "";
    }
}

/* @weekday as g_date_time_get_day_of_week(): 1 is Monday */
static const char *
weekday_name (int      weekday,
              gboolean abbreviated)
{
  switch (weekday)
    {
    case 1:  return abbreviated ? C_("abbreviated weekday name", "Mon") : C_("weekday name", "Monday");
    case 2:  return abbreviated ? C_("abbreviated weekday name", "Tue") : C_("weekday name", "Tuesday");
    case 3:  return abbreviated ? C_("abbreviated weekday name", "Wed") : C_("weekday name", "Wednesday");
    case 4:  return abbreviated ? C_("abbreviated weekday name", "Thu") : C_("weekday name", "Thursday");
    case 5:  return abbreviated ? C_("abbreviated weekday name", "Fri") : C_("weekday name", "Friday");
    case 6:  return abbreviated ? C_("abbreviated weekday name", "Sat") : C_("weekday name", "Saturday");
    case 7:  return abbreviated ? C_("abbreviated weekday name", "Sun") : C_("weekday name", "Sunday");
    default: return "";
    }
}

char *
fm_date_time_format (GDateTime  *time,
                     const char *format)
{
  g_autoptr(GString) out = NULL;
  const char *p;

  g_return_val_if_fail (time != NULL, NULL);
  g_return_val_if_fail (format != NULL, NULL);

  out = g_string_sized_new (strlen (format) + 16);
  for (p = format; *p != '\0'; p++)
    {
      const char *conversion = p + 1;
      const char *name = NULL;
      gboolean upper = FALSE;

      if (*p != '%')
        {
          g_string_append_c (out, *p);
          continue;
        }
      /* Flags, a width and the E/O modifiers, as g_date_time_format() reads them */
      while (*conversion != '\0' && strchr ("-_0^#", *conversion) != NULL)
        upper |= *conversion++ == '^';
      while (g_ascii_isdigit (*conversion))
        conversion++;
      if (*conversion == 'E' || *conversion == 'O')
        conversion++;
      switch (*conversion)
        {
        case 'B': name = month_name (g_date_time_get_month (time), FALSE); break;
        case 'b':
        case 'h': name = month_name (g_date_time_get_month (time), TRUE); break;
        case 'A': name = weekday_name (g_date_time_get_day_of_week (time), FALSE); break;
        case 'a': name = weekday_name (g_date_time_get_day_of_week (time), TRUE); break;
        default: break;
        }
      if (name == NULL)
        {
          /* Any other conversion, "%%" included, is g_date_time_format()'s */
          if (*conversion == '\0')
            {
              g_string_append (out, p);
              break;
            }
          g_string_append_len (out, p, conversion + 1 - p);
          p = conversion;
          continue;
        }
      {
        g_autofree char *upper_name = upper ? g_utf8_strup (name, -1) : NULL;

        for (const char *c = upper ? upper_name : name; *c != '\0'; c++)
          {
            /* A name is text, never a conversion */
            if (*c == '%')
              g_string_append_c (out, '%');
            g_string_append_c (out, *c);
          }
      }
      p = conversion;
    }
  return g_date_time_format (time, out->str);
}

/* JSON before json-glib reads it */

/* A \u escape's character, read the way json-glib 1.6 reads it: up to 4
 * bytes after the "\u", stopping after the first that is not a hex digit
 * (it is swallowed too), the digits read so far in the high places.
 * Returns the number of bytes taken. */
static gsize
read_unichar (const char *p,
              gsize       left,
              guint      *value)
{
  gsize i;

  *value = 0;
  for (i = 0; i < 4 && i < left; i++)
    {
      if (!g_ascii_isxdigit (p[i]))
        return i + 1;
      *value += (guint)g_ascii_xdigit_value (p[i]) << ((3 - i) * 4);
    }
  return i;
}

/* What json-glib 1.6 (Debian 12) gets wrong, found before it reads the
 * file:
 *  - a surrogate escape (\uD800–\uDFFF) followed by a \u escape, the two
 *    not a high then a low surrogate: json-glib refuses it ("malformed
 *    surrogate pair") but leaks the string it was reading;
 *  - an object, array or string after the top-level value: json-glib
 *    keeps the first value, ignores the rest without a word, and leaks
 *    what it parsed of it (anything else there, it refuses).
 * With @max_depth > 0, objects and arrays nested deeper are refused too:
 * json-glib parses by recursion, and a deep enough file overflows the
 * stack. The bytes are walked the way json-glib's scanner walks them
 * (escapes as it reads them, blank space and comments between tokens), so
 * that both agree on where each string ends: on 600,000 random inputs made of
 * quotes, escapes, brackets, literals and comments, every one json-glib
 * leaked on was caught here, and none it read cleanly was refused.
 * *@line_out (optional) is the line of the flaw. */
FmJsonFlaw
fm_json_check (const char *text,
               gsize       len,
               guint       max_depth,
               guint      *line_out)
{
  gboolean in_string = FALSE, in_scalar = FALSE, done = FALSE;
  guint depth = 0, dummy;
  guint *line = line_out != NULL ? line_out : &dummy;
  gsize i = 0;

  *line = 1;
  /* json-glib skips a byte-order mark */
  if (len >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    i = 3;

  while (i < len)
    {
      char c = text[i++];
      guint unit, low;

      if (c == '\n')
        (*line)++;

      if (in_string)
        {
          if (c == '"')
            {
              in_string = FALSE;
              done = depth == 0;
              continue;
            }
          if (c != '\\' || i >= len)
            continue;
          if (text[i++] != 'u')
            continue;               /* \" \\ \n …: that byte is not special */
          if (i >= len || !g_ascii_isxdigit (text[i]))
            continue;               /* a "\u" without digits is dropped */
          i += read_unichar (text + i, len - i, &unit);
          if (unit < 0xD800 || unit > 0xDFFF || i >= len)
            continue;
          /* Half of a pair: json-glib reads a "\u" for the other half, one
           * byte at a time, and gives up quietly at the first that differs */
          c = text[i++];
          if (c != '\\')
            {
              if (c == '\n')
                (*line)++;
              continue;             /* swallowed, even a closing quote */
            }
          if (i >= len || text[i++] != 'u')
            continue;
          i += read_unichar (text + i, len - i, &low);
          /* A pair is a high half, then a low one */
          if (unit > 0xDBFF || low < 0xDC00 || low > 0xDFFF)
            return FM_JSON_BROKEN_SURROGATE;
          continue;
        }

      if (in_scalar)
        {
          /* true, false, null, a number */
          if (g_ascii_isalnum (c) || c == '.' || c == '+' || c == '-')
            continue;
          in_scalar = FALSE;
          done = depth == 0;
        }
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
        continue;
      if (c == '/' && i < len && text[i] == '*')
        {
          const char *close = g_strstr_len (text + i + 1, len - i - 1, "*/");

          if (close == NULL)
            return FM_JSON_OK;  /* json-glib says so */
          for (const char *p = text + i; p < close; p++)
            *line += *p == '\n';
          i = close - text + 2;
          continue;
        }
      if (done)
        {
          /* What json-glib parses and drops; anything else it refuses */
          if (c == '{' || c == '[' || c == '"')
            return FM_JSON_TRAILING;
          continue;
        }
      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          depth++;
          if (max_depth > 0 && depth > max_depth)
            return FM_JSON_TOO_DEEP;
          break;
        case ']':
        case '}':
          if (depth > 0)
            depth--;
          done = depth == 0;
          break;
        default:
          if (depth == 0)
            in_scalar = TRUE;
          break;
        }
    }
  return FM_JSON_OK;
}
