/* fm-import.c — bytes, files and pasted text → FmArticle
 *
 * Text arrives in every state: with or without a byte-order mark, in a
 * legacy 8-bit encoding, with Windows or old Mac line endings, and, when
 * it was copied from a web page, with the page's interface mixed in
 * ("Close", "Photo", the names of social networks, captions printed
 * twice). The clean-up here is conservative: it only removes lines that
 * are not sentences, and the original bytes stay with the article.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fm-extract.h"
#include "fm-fetch.h"
#include "fm-import.h"
#include "fm-util.h"

G_DEFINE_QUARK (fm-import-error-quark, fm_import_error)

/* Windows-1252 for 0x80–0x9F; the five undefined bytes map as in Latin-1 */
static const gunichar cp1252_high[32] = {
  0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
  0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

static char *
decode_cp1252 (const guchar *data,
               gsize         len)
{
  GString *out = g_string_sized_new (len + len / 8);

  for (gsize i = 0; i < len; i++)
    {
      if (data[i] < 0x80)
        g_string_append_c (out, data[i]);
      else if (data[i] < 0xA0)
        g_string_append_unichar (out, cp1252_high[data[i] - 0x80]);
      else
        g_string_append_unichar (out, data[i]);
    }
  return g_string_free (out, FALSE);
}

/* Counts well-formed multi-byte UTF-8 sequences: text with some of them
 * and some broken ones is damaged UTF-8, not a legacy encoding. */
static gsize
count_utf8_sequences (const guchar *data,
                      gsize         len)
{
  gsize n = 0;

  for (gsize i = 0; i < len; i++)
    {
      guint follow;

      if (data[i] >= 0xC2 && data[i] <= 0xDF)
        follow = 1;
      else if (data[i] >= 0xE0 && data[i] <= 0xEF)
        follow = 2;
      else if (data[i] >= 0xF0 && data[i] <= 0xF4)
        follow = 3;
      else
        continue;
      {
        gboolean ok = TRUE;

        for (guint k = 1; k <= follow; k++)
          if (i + k >= len || (data[i + k] & 0xC0) != 0x80)
            ok = FALSE;
        if (ok)
          {
            n++;
            i += follow;
          }
      }
    }
  return n;
}

static gboolean
looks_binary (const guchar *data,
              gsize         len,
              gboolean     *utf16_guess)
{
  gsize n = MIN (len, 8192);
  gsize controls = 0;
  gsize zero_even = 0;
  gsize zero_odd = 0;

  for (gsize i = 0; i < n; i++)
    {
      if (data[i] == 0)
        {
          if (i % 2 == 0)
            zero_even++;
          else
            zero_odd++;
        }
      else if (data[i] < 0x20 && data[i] != '\t' && data[i] != '\n' && data[i] != '\r' &&
               data[i] != '\f' && data[i] != '\v' && data[i] != 0x1B)
        controls++;
    }

  /* Text in UTF-16 without a byte-order mark: every other byte is zero */
  *utf16_guess = n >= 4 && (zero_odd > n * 2 / 5 || zero_even > n * 2 / 5) && controls < n / 20;
  return zero_even + zero_odd > 0 || controls > n / 20;
}

char *
fm_import_decode (GBytes  *bytes,
                  GError **error)
{
  gsize len;
  const guchar *data = g_bytes_get_data (bytes, &len);
  const char *from = NULL;
  gsize skip = 0;
  gboolean utf16_guess;

  g_return_val_if_fail (bytes != NULL, NULL);

  if (len > FM_IMPORT_MAX_BYTES)
    {
      g_autofree char *size = g_format_size (len);
      g_autofree char *limit = g_format_size (FM_IMPORT_MAX_BYTES);

      g_set_error (error, FM_IMPORT_ERROR, FM_IMPORT_ERROR_TOO_LARGE,
                   _("The file is too large (%s; the limit is %s)"), size, limit);
      return NULL;
    }

  if (len >= 4 && memcmp (data, "\xFF\xFE\0\0", 4) == 0)
    from = "UTF-32LE", skip = 4;
  else if (len >= 4 && memcmp (data, "\0\0\xFE\xFF", 4) == 0)
    from = "UTF-32BE", skip = 4;
  else if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    from = "UTF-8", skip = 3;
  else if (len >= 2 && memcmp (data, "\xFF\xFE", 2) == 0)
    from = "UTF-16LE", skip = 2;
  else if (len >= 2 && memcmp (data, "\xFE\xFF", 2) == 0)
    from = "UTF-16BE", skip = 2;

  if (from != NULL && !g_str_equal (from, "UTF-8"))
    {
      g_autoptr(GError) local_error = NULL;
      gsize written;
      char *text = g_convert ((const char *)data + skip, len - skip, "UTF-8", from,
                              NULL, &written, &local_error);

      if (text == NULL)
        {
          g_set_error (error, FM_IMPORT_ERROR, FM_IMPORT_ERROR_ENCODING,
                       _("The text says it is %s but is not valid %s"), from, from);
          return NULL;
        }
      if (memchr (text, '\0', written) != NULL)
        {
          g_free (text);
          g_set_error (error, FM_IMPORT_ERROR, FM_IMPORT_ERROR_BINARY,
                       _("The file contains binary data, not text"));
          return NULL;
        }
      return text;
    }

  data += skip;
  len -= skip;

  if (looks_binary (data, len, &utf16_guess))
    {
      if (utf16_guess)
        g_set_error (error, FM_IMPORT_ERROR, FM_IMPORT_ERROR_ENCODING,
                     _("The text looks like UTF-16 without a byte-order mark, so its byte order "
                       "cannot be told; save it as UTF-8"));
      else
        g_set_error (error, FM_IMPORT_ERROR, FM_IMPORT_ERROR_BINARY,
                     _("The file contains binary data, not text"));
      return NULL;
    }

  if (g_utf8_validate_len ((const char *)data, len, NULL))
    return g_strndup ((const char *)data, len);

  if (from != NULL || count_utf8_sequences (data, len) > 0)
    {
      const char *end;

      g_autofree char *offset = NULL;

      g_utf8_validate_len ((const char *)data, len, &end);
      /* A number of its own: a format macro in a message would hide it from xgettext */
      offset = g_strdup_printf ("%" G_GSIZE_FORMAT, (gsize)(end - (const char *)data) + skip);
      g_set_error (error, FM_IMPORT_ERROR, FM_IMPORT_ERROR_ENCODING,
                   _("The text is not valid UTF-8 (the first bad byte is at offset %s)"), offset);
      return NULL;
    }

  /* No UTF-8 at all: the legacy encoding of most Western text */
  return decode_cp1252 (data, len);
}

static gboolean
is_line_break (gunichar c)
{
  return c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029 || c == 0x0085 || c == '\f' ||
         c == '\v';
}

/* One line: spaces collapsed and trimmed, controls dropped */
static void
append_clean_line (GString    *out,
                   const char *start,
                   const char *end)
{
  gboolean space = FALSE;
  gsize line_start = out->len;

  for (const char *p = start; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == ' ' || c == '\t' || c == 0x3000 || (g_unichar_isspace (c) && c != 0x00A0))
        {
          space = out->len > line_start;
          continue;
        }
      /* Controls are never article text; format characters (ZWJ …) are */
      if (g_unichar_type (c) == G_UNICODE_CONTROL)
        continue;
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }
}

char *
fm_import_normalise (const char *text)
{
  g_autoptr(GString) out = NULL;
  const char *line;
  const char *p;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (g_utf8_validate (text, -1, NULL), NULL);

  out = g_string_sized_new (strlen (text));

  line = text;
  for (p = text; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0 || is_line_break (c))
        {
          gsize before = out->len;

          if (out->len > 0)
            g_string_append_c (out, '\n');
          append_clean_line (out, line, p);
          /* An empty line leaves nothing */
          if (out->len == before + (before > 0 ? 1 : 0))
            g_string_truncate (out, before);
          if (c == 0)
            break;
          line = g_utf8_next_char (p);
        }
    }
  /* NFC last: dropping a control character can bring a letter and its
   * accent together ("e\x01\xCC\x81"), and the text must be NFC all the
   * same, or the same article would hash differently. */
  return g_utf8_normalize (out->str, out->len, G_NORMALIZE_NFC);
}

/* Debris */

static const char * const debris_words[] = {
  "ad", "ads", "advertisement", "back", "bigphoto", "bluesky", "bookmark", "caption", "close",
  "collapse", "comment", "comments", "copy", "credit", "e-mail", "email", "enlarge", "expand",
  "facebook", "flipboard", "follow", "gallery", "home", "image", "instagram", "link", "linkedin",
  "listen", "log", "login", "mail", "mastodon", "menu", "more", "navigation", "newsletter",
  "newsletters", "next", "open", "pause", "photo", "photos", "pinterest", "play", "prev",
  "previous", "print", "reddit", "register", "save", "search", "share", "shares", "sign",
  "skip", "sponsored", "subscribe", "telegram", "threads", "tiktok", "toggle", "top", "tumblr",
  "twitter", "up", "us", "video", "videos", "whatsapp", "x", "youtube", "zoom", "in", "on",
  "to", "content", "main",
};

static gboolean
is_debris_word (const char *word)
{
  for (guint i = 0; i < G_N_ELEMENTS (debris_words); i++)
    if (g_str_equal (word, debris_words[i]))
      return TRUE;
  return FALSE;
}

static gboolean
ends_like_sentence (const char *para)
{
  gsize len = strlen (para);
  const char *last;

  if (len == 0)
    return FALSE;
  last = g_utf8_prev_char (para + len);
  /* Closing quotes and brackets after the full stop */
  while (last > para && strchr ("\"')]", *last) != NULL)
    last = g_utf8_prev_char (last);
  while (last > para && (g_str_has_prefix (last, "”") || g_str_has_prefix (last, "’") ||
                         g_str_has_prefix (last, "»")))
    last = g_utf8_prev_char (last);
  return strchr (".!?:;", *last) != NULL || g_str_has_prefix (last, "…") ||
         g_str_has_prefix (last, "。") || g_str_has_prefix (last, "؟");
}

static guint
count_words (const char *para)
{
  guint n = 0;
  gboolean in_word = FALSE;

  for (const char *p = para; *p; p = g_utf8_next_char (p))
    {
      gboolean space = g_unichar_isspace (g_utf8_get_char (p));

      if (!space && !in_word)
        n++;
      in_word = !space;
    }
  return n;
}

/* A line made only of interface words: "Close", "X Instagram Youtube" */
static gboolean
is_interface_line (const char *para)
{
  g_autofree char *lower = g_utf8_strdown (para, -1);
  g_auto(GStrv) words = NULL;
  guint n = 0;

  if (ends_like_sentence (para))
    return FALSE;

  /* Separators between share buttons count as nothing */
  g_strdelimit (lower, "|•·/,", ' ');
  words = g_strsplit (lower, " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (*words[i] == '\0')
        continue;
      if (!is_debris_word (words[i]) || ++n > 6)
        return FALSE;
    }
  return n > 0;
}

/* "More From Türkiye Today", "Related articles", "Read more" at the end */
static gboolean
is_teaser_heading (const char *para)
{
  static const char * const starts[] = {
    "more from ", "more in ", "more on ", "more stories", "related", "read more", "read next",
    "recommended", "you may also like", "you might also like", "most read", "most popular",
    "trending", "latest news", "top stories",
  };
  g_autofree char *lower = g_utf8_strdown (para, -1);

  if (ends_like_sentence (para) || count_words (para) > 8)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (starts); i++)
    if (g_str_has_prefix (lower, starts[i]))
      return TRUE;
  return FALSE;
}

static int
month_from_name (const char *word)
{
  static const char * const months[] = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
  };
  g_autofree char *lower = g_ascii_strdown (word, -1);
  gsize len;

  g_strchomp (lower);
  len = strlen (lower);
  if (len > 0 && lower[len - 1] == '.')
    lower[--len] = '\0';
  if (len < 3)
    return 0;
  for (int i = 0; i < 12; i++)
    if (g_str_has_prefix (months[i], lower) && (len == 3 || len == 4 || g_str_equal (months[i], lower)))
      return i + 1;
  return 0;
}

/* A line that is only a date and time, as news pages print them:
 * "October 31, 2025 12:52 PM GMT+03:00", "Published: 31 Oct 2025",
 * "2025-10-31". Returns it in ISO 8601, or NULL. */
static char *
parse_date_line (const char *para)
{
  g_autofree char *text = g_strdup (para);
  g_auto(GStrv) tokens = NULL;
  int year = 0, month = 0, day = 0, hour = -1, minute = 0;
  g_autofree char *zone = NULL;
  guint i = 0;

  if (strlen (text) > 80)
    return NULL;
  g_strdelimit (text, ",", ' ');
  tokens = g_strsplit_set (text, " ", -1);

  /* Skip empty tokens and a leading "Published:", "Updated on" */
#define NEXT() while (tokens[i] != NULL && *tokens[i] == '\0') i++
  NEXT ();
  if (tokens[i] && (g_ascii_strncasecmp (tokens[i], "published", 9) == 0 ||
                    g_ascii_strncasecmp (tokens[i], "updated", 7) == 0 ||
                    g_ascii_strncasecmp (tokens[i], "posted", 6) == 0))
    {
      i++;
      NEXT ();
      if (tokens[i] && (g_ascii_strcasecmp (tokens[i], "on") == 0 || g_str_equal (tokens[i], ":")))
        i++;
      NEXT ();
    }
  if (tokens[i] == NULL)
    return NULL;

  if (sscanf (tokens[i], "%4d-%2d-%2d", &year, &month, &day) == 3 && strlen (tokens[i]) == 10)
    i++;
  else if ((month = month_from_name (tokens[i])) > 0)
    {
      /* October 31 2025 */
      i++;
      NEXT ();
      if (tokens[i] == NULL || (day = atoi (tokens[i])) < 1 || day > 31)
        return NULL;
      i++;
      NEXT ();
      if (tokens[i] == NULL || strlen (tokens[i]) != 4 || (year = atoi (tokens[i])) < 1900)
        return NULL;
      i++;
    }
  else if ((day = atoi (tokens[i])) >= 1 && day <= 31)
    {
      /* 31 October 2025 */
      i++;
      NEXT ();
      if (tokens[i] == NULL || (month = month_from_name (tokens[i])) == 0)
        return NULL;
      i++;
      NEXT ();
      if (tokens[i] == NULL || strlen (tokens[i]) != 4 || (year = atoi (tokens[i])) < 1900)
        return NULL;
      i++;
    }
  else
    return NULL;

  NEXT ();
  if (tokens[i] != NULL && strchr (tokens[i], ':') != NULL)
    {
      if (sscanf (tokens[i], "%2d:%2d", &hour, &minute) != 2 || hour > 23 || minute > 59)
        return NULL;
      i++;
      NEXT ();
      if (tokens[i] != NULL && (g_ascii_strcasecmp (tokens[i], "pm") == 0 ||
                                g_ascii_strcasecmp (tokens[i], "am") == 0))
        {
          gboolean pm = g_ascii_strcasecmp (tokens[i], "pm") == 0;

          if (hour < 1 || hour > 12)
            return NULL;
          hour = (hour % 12) + (pm ? 12 : 0);
          i++;
          NEXT ();
        }
      if (tokens[i] != NULL)
        {
          const char *z = tokens[i];
          int zh = 0, zm = 0;
          char sign;

          if (g_ascii_strncasecmp (z, "GMT", 3) == 0 || g_ascii_strncasecmp (z, "UTC", 3) == 0)
            z += 3;
          if (*z == '\0')
            zone = g_strdup ("Z");
          else if (sscanf (z, "%c%2d:%2d", &sign, &zh, &zm) >= 2 && (sign == '+' || sign == '-') &&
                   zh <= 14 && zm < 60)
            zone = g_strdup_printf ("%c%02d:%02d", sign, zh, zm);
          else
            return NULL;
          i++;
          NEXT ();
        }
    }
  if (tokens[i] != NULL)
    return NULL;
#undef NEXT

  if (!g_date_valid_dmy (day, month, year))
    return NULL;
  if (hour < 0)
    return g_strdup_printf ("%04d-%02d-%02d", year, month, day);
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:00%s", year, month, day, hour, minute,
                          zone ? zone : "");
}

GStrv
fm_import_clean_debris (const char * const *paragraphs,
                        char              **published,
                        GPtrArray          *removed)
{
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) short_lines = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = g_strv_length ((char **)paragraphs);

  g_return_val_if_fail (paragraphs != NULL, NULL);

  for (guint i = 0; i < n; i++)
    {
      const char *para = paragraphs[i];
      g_autofree char *date = NULL;
      gboolean debris = FALSE;

      if (is_interface_line (para))
        debris = TRUE;
      /* A caption printed twice, maybe with "Photo" between the copies */
      else if ((kept->len >= 1 && g_str_equal (para, g_ptr_array_index (kept, kept->len - 1))) ||
               (kept->len >= 2 && g_str_equal (para, g_ptr_array_index (kept, kept->len - 2)) &&
                !ends_like_sentence (para) && count_words (para) > 3))
        debris = TRUE;
      else if ((date = parse_date_line (para)) != NULL)
        {
          if (published != NULL && *published == NULL && kept->len <= 3)
            *published = g_steal_pointer (&date);
          debris = TRUE;
        }
      /* A short line that is not a sentence and was already there */
      else if (!ends_like_sentence (para) && count_words (para) <= 10 &&
               g_hash_table_contains (short_lines, para))
        debris = TRUE;
      else if (i + 3 >= n && is_teaser_heading (para))
        debris = TRUE;

      if (debris)
        {
          if (removed != NULL)
            g_ptr_array_add (removed, g_strdup (para));
          continue;
        }
      if (!ends_like_sentence (para) && count_words (para) <= 10)
        g_hash_table_add (short_lines, (gpointer)para);
      g_ptr_array_add (kept, g_strdup (para));
    }

  g_ptr_array_add (kept, NULL);
  return (GStrv)g_ptr_array_free (g_steal_pointer (&kept), FALSE);
}

/* Hard-wrapped text (e-mail, old text files) keeps paragraphs apart with
 * blank lines and breaks lines at a fixed width: join those lines. */
static gboolean
looks_hard_wrapped (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint wrapped = 0;
  guint candidates = 0;

  for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i]));
      g_autofree char *next = g_strstrip (g_strdup (lines[i + 1]));
      glong len = g_utf8_strlen (line, -1);

      if (*line == '\0' || *next == '\0')
        continue;
      candidates++;
      if (len >= 40 && len <= 100 && !ends_like_sentence (line))
        wrapped++;
    }
  return candidates >= 4 && wrapped * 10 >= candidates * 6;
}

static char *
unwrap (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GString *out = g_string_new (NULL);
  gboolean in_para = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i]));

      if (*line == '\0')
        {
          if (in_para)
            g_string_append_c (out, '\n');
          in_para = FALSE;
          continue;
        }
      if (in_para)
        g_string_append_c (out, ' ');
      g_string_append (out, line);
      in_para = TRUE;
    }
  return g_string_free (out, FALSE);
}

static gboolean
is_heading_like (const char *para)
{
  gsize len = strlen (para);

  return len > 0 && g_utf8_strlen (para, -1) <= 200 && count_words (para) <= 25 &&
         !(para[len - 1] == '.' || para[len - 1] == ',' || para[len - 1] == ':' ||
           para[len - 1] == ';');
}

static char *
title_from_name (const char *name)
{
  g_autofree char *base = NULL;
  char *dot;

  if (name == NULL)
    return NULL;
  base = g_path_get_basename (name);
  dot = strrchr (base, '.');
  if (dot != NULL && dot != base)
    *dot = '\0';
  g_strdelimit (base, "_", ' ');
  return fm_collapse_space (base);
}

/* The first words of the text, for a title when there is no heading */
static char *
title_from_text (const char *text)
{
  g_autoptr(GString) title = g_string_new (NULL);
  guint words = 0;
  gboolean space = FALSE;

  for (const char *p = text; *p && *p != '\n'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == ' ')
        {
          if (++words == 10)
            {
              g_string_append (title, "…");
              break;
            }
          space = TRUE;
          continue;
        }
      if (space)
        g_string_append_c (title, ' ');
      space = FALSE;
      g_string_append_unichar (title, c);
    }
  return g_string_free (g_steal_pointer (&title), FALSE);
}

static gboolean
parse_byline (const char  *para,
              char       **byline,
              char       **site,
              char       **published)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) parts = NULL;

  if (g_ascii_strncasecmp (para, "by ", 3) != 0 || ends_like_sentence (para) ||
      count_words (para) > 15)
    return FALSE;

  text = g_strdup (para + 3);
  /* Normalise the usual separators to one */
  {
    static const char * const separators[] = { " · ", " | ", " — ", " – ", " • " };
    for (guint i = 0; i < G_N_ELEMENTS (separators); i++)
      {
        g_auto(GStrv) split = g_strsplit (text, separators[i], -1);

        g_free (text);
        text = g_strjoinv ("\x1f", split);
      }
  }
  parts = g_strsplit (text, "\x1f", -1);
  *byline = fm_collapse_space (parts[0]);
  for (guint i = 1; parts[i] != NULL; i++)
    {
      g_autofree char *part = fm_collapse_space (parts[i]);
      g_autofree char *date = parse_date_line (part);

      if (date != NULL)
        {
          if (*published == NULL)
            *published = g_steal_pointer (&date);
        }
      else if (*site == NULL && *part != '\0')
        *site = g_steal_pointer (&part);
    }
  return **byline != '\0';
}

FmArticle *
fm_import_text (const char     *text,
                const char     *name,
                FmImportFlags   flags,
                GError        **error)
{
  g_autoptr(FmArticle) article = NULL;
  g_autofree char *normal = NULL;
  g_autofree char *published = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autofree char *byline = NULL;
  g_autofree char *site = NULL;
  g_auto(GStrv) paragraphs = NULL;
  g_auto(GStrv) kept = NULL;
  g_autofree char *safe_name = NULL;
  guint first = 0;

  g_return_val_if_fail (text != NULL, NULL);

  /* A file name is bytes: one in another encoding (or cut in the middle of
   * a character) must not make the title invalid UTF-8, nor be read past
   * its end. */
  if (name != NULL && !g_utf8_validate (name, -1, NULL))
    name = safe_name = g_utf8_make_valid (name, -1);

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, FM_IMPORT_ERROR, FM_IMPORT_ERROR_ENCODING,
                   _("The text is not valid UTF-8"));
      return NULL;
    }

  if (looks_hard_wrapped (text))
    {
      g_autofree char *joined = unwrap (text);
      normal = fm_import_normalise (joined);
    }
  else
    normal = fm_import_normalise (text);

  if (*normal == '\0')
    {
      g_set_error (error, FM_IMPORT_ERROR, FM_IMPORT_ERROR_EMPTY,
                   _("There is no text in it"));
      return NULL;
    }

  paragraphs = g_strsplit (normal, "\n", -1);
  if (flags & FM_IMPORT_FLAGS_KEEP_DEBRIS)
    kept = g_strdupv (paragraphs);
  else
    kept = fm_import_clean_debris ((const char * const *)paragraphs, &published, NULL);

  if (kept[0] == NULL)
    {
      g_set_error (error, FM_IMPORT_ERROR, FM_IMPORT_ERROR_NO_ARTICLE,
                   _("There is no article text in it, only page furniture such as "
                     "buttons and links"));
      return NULL;
    }

  if (kept[1] != NULL && is_heading_like (kept[0]))
    {
      title = g_strdup (kept[0]);
      first = 1;
    }
  else
    {
      title = title_from_name (name);
      if (title == NULL || *title == '\0')
        {
          g_free (title);
          title = title_from_text (kept[0]);
        }
    }
  /* "By Name · Site · 12 March 2026" under the title is metadata */
  if (kept[first] != NULL && kept[first + 1] != NULL &&
      parse_byline (kept[first], &byline, &site, &published))
    first++;
  body = g_strjoinv ("\n", kept + first);

  article = fm_article_new ();
  fm_article_set_title (article, title);
  fm_article_set_byline (article, byline);
  fm_article_set_site_name (article, site);
  fm_article_set_text (article, body);
  fm_article_set_published (article, published);
  fm_article_set_source_format (article, name ? "text" : "paste");
  fm_article_set_source_name (article, name);
  return g_steal_pointer (&article);
}

FmArticle *
fm_import_bytes (GBytes         *bytes,
                 const char     *name,
                 FmImportFlags   flags,
                 GError        **error)
{
  g_autofree char *text = NULL;
  FmArticle *article;

  g_return_val_if_fail (bytes != NULL, NULL);

  if (g_bytes_get_size (bytes) == 0)
    {
      g_set_error (error, FM_IMPORT_ERROR, FM_IMPORT_ERROR_EMPTY, _("The file is empty"));
      return NULL;
    }
  if (fm_import_is_html (bytes, name))
    return fm_import_html (bytes, name, NULL, NULL, flags, error);
  text = fm_import_decode (bytes, error);
  if (text == NULL)
    return NULL;
  article = fm_import_text (text, name, flags, error);
  if (article != NULL)
    {
      fm_article_set_source_format (article, "text");
      fm_article_set_original (article, bytes);
    }
  return article;
}

FmArticle *
fm_import_file (GFile          *file,
                FmImportFlags   flags,
                GCancellable   *cancellable,
                GError        **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *uri = NULL;
  g_autofree guchar *buffer = NULL;
  gsize read = 0;
  FmArticle *article;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  /* `factmark https://…` gives a GFile for the URL: download it */
  if (g_file_has_uri_scheme (file, "http") || g_file_has_uri_scheme (file, "https"))
    {
      g_autofree char *url = g_file_get_uri (file);

      return fm_import_url (url, flags, cancellable, error);
    }

  name = g_file_get_basename (file);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (info == NULL)
    {
      g_set_error (error, FM_IMPORT_ERROR, FM_IMPORT_ERROR_READ,
                   _("Could not read the file: %s"), local_error->message);
      return NULL;
    }
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, FM_IMPORT_ERROR, FM_IMPORT_ERROR_NOT_A_FILE,
                   g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY ?
                     _("It is a folder, not a file") : _("It is not a regular file"));
      return NULL;
    }
  if (g_file_info_get_size (info) > FM_IMPORT_MAX_BYTES)
    {
      g_autofree char *size = g_format_size (g_file_info_get_size (info));
      g_autofree char *limit = g_format_size (FM_IMPORT_MAX_BYTES);

      g_set_error (error, FM_IMPORT_ERROR, FM_IMPORT_ERROR_TOO_LARGE,
                   _("The file is too large (%s; the limit is %s)"), size, limit);
      return NULL;
    }

  stream = g_file_read (file, cancellable, &local_error);
  if (stream == NULL)
    {
      g_set_error (error, FM_IMPORT_ERROR, FM_IMPORT_ERROR_READ,
                   _("Could not read the file: %s"), local_error->message);
      return NULL;
    }
  /* Read one byte more than the limit: the size we were told may be stale */
  buffer = g_malloc (MIN ((gsize)g_file_info_get_size (info), FM_IMPORT_MAX_BYTES) + 1);
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), buffer,
                                MIN ((gsize)g_file_info_get_size (info), FM_IMPORT_MAX_BYTES) + 1,
                                &read, cancellable, &local_error))
    {
      g_set_error (error, FM_IMPORT_ERROR, FM_IMPORT_ERROR_READ,
                   _("Could not read the file: %s"), local_error->message);
      return NULL;
    }
  /* Fewer bytes than its size: it was cut short or replaced while we read
   * (a file being saved, a share that went away). A partial article would
   * be imported as if whole, so refuse it. */
  if (read != (gsize)g_file_info_get_size (info))
    {
      g_set_error (error, FM_IMPORT_ERROR, FM_IMPORT_ERROR_READ,
                   _("The file changed while it was being read; try again"));
      return NULL;
    }
  bytes = g_bytes_new_take (g_steal_pointer (&buffer), read);

  article = fm_import_bytes (bytes, name, flags, error);
  if (article != NULL)
    {
      uri = g_file_get_uri (file);
      fm_article_set_url (article, uri);
    }
  return article;
}

typedef struct
{
  GFile         *file;
  FmImportFlags  flags;
} ImportData;

static void
import_data_free (ImportData *data)
{
  g_clear_object (&data->file);
  g_free (data);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportData *data = task_data;
  GError *error = NULL;
  FmArticle *article = fm_import_file (data->file, data->flags, cancellable, &error);

  if (article == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, article, g_object_unref);
}

void
fm_import_file_async (GFile               *file,
                      FmImportFlags        flags,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportData *data;

  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (ImportData, 1);
  data->file = g_object_ref (file);
  data->flags = flags;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fm_import_file_async);
  g_task_set_task_data (task, data, (GDestroyNotify)import_data_free);
  g_task_run_in_thread (task, import_thread);
}

FmArticle *
fm_import_file_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Web pages */

gboolean
fm_import_is_html (GBytes     *bytes,
                   const char *name)
{
  static const char * const extensions[] = { ".html", ".htm", ".xhtml", ".shtml" };
  gsize len;
  const char *data;

  g_return_val_if_fail (bytes != NULL, FALSE);

  if (name != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (name, -1);

      for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
        if (g_str_has_suffix (lower, extensions[i]))
          return TRUE;
    }
  data = g_bytes_get_data (bytes, &len);
  return fm_extract_looks_like_html (data, len);
}

static FmImportError
import_error_from_extract (GError *error)
{
  if (error->domain != FM_EXTRACT_ERROR)
    return FM_IMPORT_ERROR_FAILED;
  switch ((FmExtractError)error->code)
    {
    case FM_EXTRACT_ERROR_TOO_LARGE:
      return FM_IMPORT_ERROR_TOO_LARGE;
    case FM_EXTRACT_ERROR_NO_ARTICLE:
      return FM_IMPORT_ERROR_NO_ARTICLE;
    case FM_EXTRACT_ERROR_PARSE:
    case FM_EXTRACT_ERROR_FAILED:
    default:
      return FM_IMPORT_ERROR_FAILED;
    }
}

/* Metadata from a page: one line, NFC, or NULL */
static char *
clean_field (const char *value)
{
  g_autofree char *nfc = NULL;

  if (value == NULL || !g_utf8_validate (value, -1, NULL))
    return NULL;
  nfc = g_utf8_normalize (value, -1, G_NORMALIZE_NFC);
  if (nfc == NULL)
    return NULL;
  {
    char *one = fm_collapse_space (nfc);

    if (*one == '\0')
      g_clear_pointer (&one, g_free);
    return one;
  }
}

FmArticle *
fm_import_html (GBytes         *bytes,
                const char     *name,
                const char     *http_charset,
                const char     *url,
                FmImportFlags   flags,
                GError        **error)
{
  g_autoptr(FmExtractResult) extracted = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(FmArticle) article = NULL;
  g_autofree char *text = NULL;
  g_autofree char *title = NULL;
  gsize len;
  const char *data;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &len);
  if (len == 0)
    {
      g_set_error (error, FM_IMPORT_ERROR, FM_IMPORT_ERROR_EMPTY, _("The page is empty"));
      return NULL;
    }
  if (len > FM_IMPORT_MAX_BYTES)
    {
      g_autofree char *size = g_format_size (len);
      g_autofree char *limit = g_format_size (FM_IMPORT_MAX_BYTES);

      g_set_error (error, FM_IMPORT_ERROR, FM_IMPORT_ERROR_TOO_LARGE,
                   _("The page is too large (%s; the limit is %s)"), size, limit);
      return NULL;
    }

  extracted = fm_extract_html (data, len, http_charset, url, &local_error);
  if (extracted == NULL)
    {
      g_set_error_literal (error, FM_IMPORT_ERROR, import_error_from_extract (local_error),
                           local_error->message);
      return NULL;
    }

  /* The same clean-up as any text: NFC, spaces, one paragraph a line */
  text = fm_import_normalise (extracted->text);
  if (*text == '\0')
    {
      g_set_error (error, FM_IMPORT_ERROR, FM_IMPORT_ERROR_NO_ARTICLE,
                   _("There is no article text in this page"));
      return NULL;
    }

  title = clean_field (extracted->title);
  if (title == NULL && !(flags & FM_IMPORT_FLAGS_NO_TITLE_GUESS))
    title = title_from_name (name);
  if ((title == NULL || *title == '\0') && !(flags & FM_IMPORT_FLAGS_NO_TITLE_GUESS))
    {
      g_free (title);
      title = title_from_text (text);
    }
  if (title == NULL)
    title = g_strdup ("");

  article = fm_article_new ();
  fm_article_set_title (article, title);
  {
    g_autofree char *byline = clean_field (extracted->byline);
    g_autofree char *site = clean_field (extracted->site_name);
    g_autofree char *published = clean_field (extracted->published);
    g_autofree char *lang = clean_field (extracted->lang);

    fm_article_set_byline (article, byline);
    fm_article_set_site_name (article, site);
    fm_article_set_published (article, published);
    fm_article_set_lang (article, lang);
  }
  if (extracted->canonical_url != NULL && fm_url_is_web (extracted->canonical_url))
    fm_article_set_canonical_url (article, extracted->canonical_url);
  fm_article_set_url (article, url);
  fm_article_set_text (article, text);
  fm_article_set_source_format (article, "html");
  fm_article_set_source_name (article, name);
  fm_article_set_original (article, bytes);
  return g_steal_pointer (&article);
}

/* URLs */

/* A finished download → article */
static FmArticle *
import_fetched (FmFetch        *fetch,
                GBytes         *bytes,
                FmImportFlags   flags,
                GError        **error)
{
  const char *type = fm_fetch_get_content_type (fetch);
  const char *final_url = fm_fetch_get_final_url (fetch);
  FmArticle *article;

  if (g_bytes_get_size (bytes) == 0)
    {
      g_set_error (error, FM_IMPORT_ERROR, FM_IMPORT_ERROR_EMPTY, _("The page is empty"));
      return NULL;
    }
  /* Text when the server says so, or says nothing and it does not look
   * like a page */
  if ((type == NULL || g_str_equal (type, "text/plain")) && !fm_import_is_html (bytes, NULL))
    {
      g_autofree char *text = fm_import_decode (bytes, error);

      if (text == NULL)
        return NULL;
      article = fm_import_text (text, NULL, flags, error);
      if (article != NULL)
        {
          fm_article_set_source_format (article, "text");
          fm_article_set_original (article, bytes);
        }
    }
  else
    article = fm_import_html (bytes, NULL, fm_fetch_get_charset (fetch), final_url, flags, error);

  if (article != NULL)
    {
      fm_article_set_url (article, final_url);
      fm_article_set_source_name (article, fm_fetch_get_url (fetch));
      fm_article_set_fetched_at (article, fm_fetch_get_fetched_at (fetch));
    }
  return article;
}

FmArticle *
fm_import_url (const char     *url,
               FmImportFlags   flags,
               GCancellable   *cancellable,
               GError        **error)
{
  g_autoptr(FmFetch) fetch = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (url != NULL, NULL);

  fetch = fm_fetch_new (url);
  bytes = fm_fetch_run (fetch, cancellable, error);
  if (bytes == NULL)
    return NULL;
  return import_fetched (fetch, bytes, flags, error);
}

typedef struct
{
  FmFetch       *fetch;
  GBytes        *bytes;
  FmImportFlags  flags;
} UrlData;

static void
url_data_free (UrlData *data)
{
  g_clear_object (&data->fetch);
  g_clear_pointer (&data->bytes, g_bytes_unref);
  g_free (data);
}

static void
url_import_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  UrlData *data = task_data;
  GError *error = NULL;
  FmArticle *article = import_fetched (data->fetch, data->bytes, data->flags, &error);

  if (article == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, article, g_object_unref);
}

static void
on_url_fetched (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  UrlData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->bytes = fm_fetch_run_finish (FM_FETCH (source), result, &error);
  if (data->bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Parsing a large page takes a moment: not on the main thread */
  g_task_run_in_thread (task, url_import_thread);
}

void
fm_import_url_async (FmFetch             *fetch,
                     FmImportFlags        flags,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  GTask *task;
  UrlData *data;

  g_return_if_fail (FM_IS_FETCH (fetch));

  data = g_new0 (UrlData, 1);
  data->fetch = g_object_ref (fetch);
  data->flags = flags;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fm_import_url_async);
  g_task_set_task_data (task, data, (GDestroyNotify)url_data_free);
  fm_fetch_run_async (fetch, cancellable, on_url_fetched, task);
}

FmArticle *
fm_import_url_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
