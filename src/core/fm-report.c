/* fm-report.c — the fact-check report: the only code that writes HTML
 *
 * The report is written with libxml2's text writer, which escapes every
 * string it is given: nothing here pastes text into markup. The one raw
 * write is the JSON-LD data blocks, whose text json-glib made and in which
 * '<', '>' and '&' are turned into JSON escapes first, so that no sequence
 * in them can end the <script> element.
 *
 * Offsets are in characters (code points), as claims store them.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libxml/xmlwriter.h>
#include <string.h>

#include "fm-report.h"
#include "fm-types.h"
#include "fm-util.h"

/* Names listed before "and N others" */
#define MAX_NAMES 8
/* Claims named in the tooltip of an overlapping highlight */
#define MAX_TOOLTIP_CLAIMS 6

struct _FmReportData
{
  gatomicrefcount  ref_count;
  FmArticle       *article;
  GPtrArray       *claims;     /* FmClaim */
  GPtrArray       *sources;    /* GPtrArray of FmSource, one per claim */
  guint            revision;   /* of the article's text; 1: never changed */
  char            *revised_at;
};

G_DEFINE_BOXED_TYPE (FmReportData, fm_report_data, fm_report_data_ref, fm_report_data_unref)

FmReportData *
fm_report_data_new (FmArticle *article)
{
  FmReportData *data;

  g_return_val_if_fail (FM_IS_ARTICLE (article), NULL);

  data = g_new0 (FmReportData, 1);
  g_atomic_ref_count_init (&data->ref_count);
  data->article = g_object_ref (article);
  data->claims = g_ptr_array_new_with_free_func (g_object_unref);
  data->sources = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  return data;
}

FmReportData *
fm_report_data_ref (FmReportData *data)
{
  g_return_val_if_fail (data != NULL, NULL);

  g_atomic_ref_count_inc (&data->ref_count);
  return data;
}

void
fm_report_data_unref (FmReportData *data)
{
  g_return_if_fail (data != NULL);

  if (!g_atomic_ref_count_dec (&data->ref_count))
    return;
  g_clear_object (&data->article);
  g_clear_pointer (&data->claims, g_ptr_array_unref);
  g_clear_pointer (&data->sources, g_ptr_array_unref);
  g_free (data->revised_at);
  g_free (data);
}

void
fm_report_data_add_claim (FmReportData *data,
                          FmClaim      *claim,
                          GPtrArray    *sources)
{
  GPtrArray *copy;
  guint at;

  g_return_if_fail (data != NULL);
  g_return_if_fail (FM_IS_CLAIM (claim));

  copy = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; sources != NULL && i < sources->len; i++)
    g_ptr_array_add (copy, g_object_ref (g_ptr_array_index (sources, i)));

  /* Kept in text order as claims come, so that the data never changes
   * once made and threads may read it at once. Claims usually come in
   * that order already (the store lists them so): then they go at the
   * end; else after the last one that is not after them. */
  at = data->claims->len;
  if (at > 0 && fm_claim_compare (data->claims->pdata[at - 1], claim) > 0)
    {
      guint lo = 0, hi = at;

      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;

          if (fm_claim_compare (data->claims->pdata[mid], claim) <= 0)
            lo = mid + 1;
          else
            hi = mid;
        }
      at = lo;
    }
  g_ptr_array_insert (data->claims, at, g_object_ref (claim));
  g_ptr_array_insert (data->sources, at, copy);
}

void
fm_report_data_set_revision (FmReportData *data,
                             guint         revision,
                             const char   *revised_at)
{
  g_return_if_fail (data != NULL);

  data->revision = revision;
  g_free (data->revised_at);
  data->revised_at = g_strdup (revised_at);
}

FmArticle *
fm_report_data_get_article (FmReportData *data)
{
  g_return_val_if_fail (data != NULL, NULL);
  return data->article;
}

guint
fm_report_data_get_n_claims (FmReportData *data)
{
  g_return_val_if_fail (data != NULL, 0);
  return data->claims->len;
}

FmClaim *
fm_report_data_get_claim (FmReportData *data,
                          guint         index)
{
  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (index < data->claims->len, NULL);

  return data->claims->pdata[index];
}

GPtrArray *
fm_report_data_get_sources (FmReportData *data,
                            guint         index)
{
  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (index < data->claims->len, NULL);

  return data->sources->pdata[index];
}

GArray *
fm_report_select_claims (FmReportData          *data,
                         const FmReportOptions *options)
{
  GArray *selected;

  g_return_val_if_fail (data != NULL, NULL);

  selected = g_array_sized_new (FALSE, FALSE, sizeof (guint), data->claims->len);
  for (guint i = 0; i < data->claims->len; i++)
    {
      FmClaim *claim = data->claims->pdata[i];

      if (options != NULL && options->approved_only &&
          fm_claim_get_status (claim) != FM_STATUS_APPROVED)
        continue;
      g_array_append_val (selected, i);
    }
  return selected;
}

const char *
fm_report_article_link (FmArticle *article)
{
  g_return_val_if_fail (FM_IS_ARTICLE (article), NULL);

  if (fm_url_is_web (fm_article_get_canonical_url (article)))
    return fm_article_get_canonical_url (article);
  if (fm_url_is_web (fm_article_get_url (article)))
    return fm_article_get_url (article);
  return NULL;
}

/* Text */

static gboolean
is_forbidden (gunichar c)
{
  /* Code points HTML does not allow in a document (controls other than
   * white space, and noncharacters); and the form feed, which HTML allows
   * but XML does not, so that the report stays well-formed XML too */
  if (c < 0x20)
    return c != '\t' && c != '\n' && c != '\r';
  if (c >= 0x7F && c <= 0x9F)
    return TRUE;
  if (c >= 0xFDD0 && c <= 0xFDEF)
    return TRUE;
  return (c & 0xFFFE) == 0xFFFE;
}

/* TRUE when @text is not valid UTF-8 or holds a code point HTML forbids:
 * one pass, no copy (most text needs nothing) */
static gboolean
needs_cleaning (const char *text)
{
  const char *p = text;

  while (*p)
    {
      guchar b = (guchar)*p;

      if (b < 0x80)
        {
          if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7F)
            return TRUE;
          p++;
        }
      else
        {
          gunichar c = g_utf8_get_char_validated (p, -1);

          if ((gint32)c < 0 || is_forbidden (c))
            return TRUE;
          p = g_utf8_next_char (p);
        }
    }
  return FALSE;
}

/* Valid UTF-8 with every forbidden code point replaced by U+FFFD, one
 * for one, so that character offsets stay the same. NULL gives "". */
static char *
clean_text (const char *text)
{
  g_autofree char *valid = NULL;
  const char *src;
  GString *out;

  if (text == NULL)
    return g_strdup ("");
  if (!needs_cleaning (text))
    return g_strdup (text);
  if (!g_utf8_validate (text, -1, NULL))
    valid = g_utf8_make_valid (text, -1);
  src = valid ? valid : text;
  out = g_string_sized_new (strlen (src));
  for (const char *p = src; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\f')
        g_string_append_c (out, ' ');
      else if (is_forbidden (c))
        g_string_append (out, "\xEF\xBF\xBD");
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  return g_string_free (out, FALSE);
}

/* @text itself where it is clean, else a clean copy in *owned */
static const char *
clean_or_same (const char  *text,
               char       **owned)
{
  *owned = NULL;
  if (text == NULL)
    return "";
  if (!needs_cleaning (text))
    return text;
  return *owned = clean_text (text);
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/* A calendar date from "YYYY-MM-DD…", or NULL */
static GDate *
parse_date (const char *text)
{
  int y, m, d;

  if (text == NULL || strlen (text) < 10 ||
      !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1]) || !g_ascii_isdigit (text[2]) ||
      !g_ascii_isdigit (text[3]) || text[4] != '-' || !g_ascii_isdigit (text[5]) ||
      !g_ascii_isdigit (text[6]) || text[7] != '-' || !g_ascii_isdigit (text[8]) ||
      !g_ascii_isdigit (text[9]) || (text[10] != '\0' && text[10] != 'T' && text[10] != ' '))
    return NULL;
  y = g_ascii_digit_value (text[0]) * 1000 + g_ascii_digit_value (text[1]) * 100 +
      g_ascii_digit_value (text[2]) * 10 + g_ascii_digit_value (text[3]);
  m = g_ascii_digit_value (text[5]) * 10 + g_ascii_digit_value (text[6]);
  d = g_ascii_digit_value (text[8]) * 10 + g_ascii_digit_value (text[9]);
  if (y < 1 || !g_date_valid_dmy (d, m, y))
    return NULL;
  return g_date_new_dmy (d, m, y);
}

/* "2026-03-12", for datetime attributes and JSON-LD */
static char *
date_iso (const GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

/* "12 March 2026", in the user's language */
static char *
date_human (const GDate *date)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (g_date_get_year (date), g_date_get_month (date),
                                                 g_date_get_day (date), 12, 0, 0);

  /* Translators: a date in a report, as strftime()/g_date_time_format() takes it */
  return fm_date_time_format (dt, C_("report date", "%-d %B %Y"));
}

/* The names in @names (in the order first seen), "A, B, C and 2 others" */
static char *
join_names (GPtrArray *names)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint shown = MIN (names->len, MAX_NAMES);

  for (guint i = 0; i < shown; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, g_ptr_array_index (names, i));
    }
  if (names->len > shown)
    {
      guint rest = names->len - shown;

      g_string_append (out, " ");
      g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "and %u other", "and %u others",
                                                rest), rest);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
add_name (GPtrArray  *names,
          GHashTable *seen,
          const char *name)
{
  if (is_blank (name) || g_hash_table_contains (seen, name))
    return;
  g_hash_table_add (seen, (gpointer)name);
  g_ptr_array_add (names, (gpointer)name);
}

/* A BCP 47 tag, well-formed (letters, digits and hyphens, subtags of 1–8,
 * a first subtag of 2–8 letters), with '_' read as '-'; or NULL */
static char *
language_tag (const char *text)
{
  g_autofree char *tag = NULL;
  g_auto(GStrv) parts = NULL;

  if (text == NULL || *text == '\0' || strlen (text) > 35)
    return NULL;
  tag = g_strdup (text);
  g_strdelimit (tag, "_", '-');
  /* "en-GB.UTF-8", "de@euro" */
  tag[strcspn (tag, ".@")] = '\0';
  parts = g_strsplit (tag, "-", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      size_t len = strlen (parts[i]);

      if (len < (i == 0 ? 2 : 1) || len > 8)
        return NULL;
      for (const char *p = parts[i]; *p; p++)
        if (!(i == 0 ? g_ascii_isalpha (*p) : g_ascii_isalnum (*p)))
          return NULL;
    }
  return g_steal_pointer (&tag);
}

/* Writer */

typedef struct
{
  xmlBufferPtr      buffer;
  xmlTextWriterPtr  writer;
  gboolean          failed;
} Html;

static void
html_check (Html *html,
            int   rc)
{
  if (rc < 0)
    html->failed = TRUE;
}

static void
html_start (Html       *html,
            const char *name)
{
  html_check (html, xmlTextWriterStartElement (html->writer, (const xmlChar *)name));
}

/* Every attribute value goes through clean_text() and the writer's escaping */
static void
html_attr (Html       *html,
           const char *name,
           const char *value)
{
  g_autofree char *owned = NULL;
  const char *clean = clean_or_same (value, &owned);

  html_check (html, xmlTextWriterWriteAttribute (html->writer, (const xmlChar *)name,
                                                 (const xmlChar *)clean));
}

G_GNUC_PRINTF (3, 4)
static void
html_attr_printf (Html       *html,
                  const char *name,
                  const char *format,
                  ...)
{
  g_autofree char *value = NULL;
  va_list args;

  va_start (args, format);
  value = g_strdup_vprintf (format, args);
  va_end (args);
  html_attr (html, name, value);
}

/* Ends an element with an end tag (HTML has no <span/>) */
static void
html_end (Html *html)
{
  html_check (html, xmlTextWriterFullEndElement (html->writer));
}

/* Ends a void element (<meta>, <br>) or an SVG one */
static void
html_end_void (Html *html)
{
  html_check (html, xmlTextWriterEndElement (html->writer));
}

/* Text that is already clean */
static void
html_text_clean (Html       *html,
                 const char *text)
{
  if (text != NULL && *text != '\0')
    html_check (html, xmlTextWriterWriteString (html->writer, (const xmlChar *)text));
}

static void
html_text (Html       *html,
           const char *text)
{
  g_autofree char *owned = NULL;

  html_text_clean (html, clean_or_same (text, &owned));
}

G_GNUC_PRINTF (2, 3)
static void
html_text_printf (Html       *html,
                  const char *format,
                  ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  html_text (html, text);
}

/* <name class="klass">text</name> */
static void
html_element (Html       *html,
              const char *name,
              const char *klass,
              const char *text)
{
  html_start (html, name);
  if (klass != NULL)
    html_attr (html, "class", klass);
  html_text (html, text);
  html_end (html);
}

/* A person's or an organisation's name inside our own sentence: isolated,
 * so that right-to-left names do not reorder the words around them */
static void
html_bdi (Html       *html,
          const char *text)
{
  html_element (html, "bdi", NULL, text);
}

static void
html_time (Html        *html,
           const GDate *date)
{
  g_autofree char *iso = date_iso (date);
  g_autofree char *human = date_human (date);

  html_start (html, "time");
  html_attr (html, "datetime", iso);
  html_text (html, human);
  html_end (html);
}

/* A date as the data gives it: a <time> where it is one, else the text */
static void
html_date (Html       *html,
           const char *text)
{
  g_autoptr(GDate) date = parse_date (text);

  if (date != NULL)
    html_time (html, date);
  else
    html_bdi (html, text);
}

/* Appends @part with every byte that may not stand in a URL as %XX;
 * escapes that are already there stay as they are */
static void
append_url_part (GString    *out,
                 const char *part,
                 const char *also_allowed)
{
  for (const guchar *p = (const guchar *)part; *p; p++)
    {
      if (g_ascii_isalnum (*p) || strchr ("-._~!$&'()*+,;=:@/", *p) != NULL ||
          (*p != '\0' && also_allowed != NULL && strchr (also_allowed, *p) != NULL) ||
          (*p == '%' && g_ascii_isxdigit (p[1]) && g_ascii_isxdigit (p[2])))
        g_string_append_c (out, *p);
      else
        g_string_append_printf (out, "%%%02X", *p);
    }
}

/* A valid http(s) URL to link to, or NULL where @url is none: what a page
 * or a person typed is made valid (IDN hosts in ASCII, stray characters
 * %-escaped) and stripped of any user name or password, which have no
 * place in a published link and can disguise where it leads. */
static char *
web_href (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *host = NULL;
  g_autofree char *scheme = NULL;
  GString *out;
  const char *query, *fragment;
  int port;

  if (!fm_url_is_web (url) || !g_utf8_validate (url, -1, NULL))
    return NULL;
  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return NULL;

  host = g_hostname_to_ascii (g_uri_get_host (uri));
  if (host == NULL || *host == '\0')
    return NULL;
  if (host[0] == '[' || strchr (host, ':') != NULL)
    {
      /* An IPv6 literal */
      for (const char *p = host; *p; p++)
        if (!g_ascii_isxdigit (*p) && !strchr ("[]:.", *p))
          return NULL;
    }
  else
    {
      for (const char *p = host; *p; p++)
        if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.')
          return NULL;
    }

  scheme = g_ascii_strdown (g_uri_get_scheme (uri), -1);
  out = g_string_new (scheme);
  g_string_append (out, "://");
  if (strchr (host, ':') != NULL && host[0] != '[')
    g_string_append_printf (out, "[%s]", host);
  else
    g_string_append (out, host);
  port = g_uri_get_port (uri);
  if (port > 0)
    g_string_append_printf (out, ":%d", port);
  append_url_part (out, g_uri_get_path (uri), NULL);
  query = g_uri_get_query (uri);
  if (query != NULL)
    {
      g_string_append_c (out, '?');
      append_url_part (out, query, "?");
    }
  fragment = g_uri_get_fragment (uri);
  if (fragment != NULL)
    {
      g_string_append_c (out, '#');
      append_url_part (out, fragment, "?");
    }
  return g_string_free (out, FALSE);
}

/* A link only for http and https; anything else is shown as text */
static void
html_link (Html       *html,
           const char *url,
           const char *klass,
           const char *text)
{
  g_autofree char *href = web_href (url);

  if (href != NULL)
    {
      html_start (html, "a");
      html_attr (html, "href", href);
      html_attr (html, "rel", "noopener noreferrer nofollow");
      if (klass != NULL)
        html_attr (html, "class", klass);
      html_text (html, text);
      html_end (html);
    }
  else
    html_element (html, "span", klass, text);
}

static const char *
verdict_glyph (FmVerdict verdict)
{
  /* The third cue, after colour and label; U+FE0E asks for the text form */
  switch (verdict)
    {
    case FM_VERDICT_TRUE:         return "\xE2\x9C\x94\xEF\xB8\x8E";  /* ✔ */
    case FM_VERDICT_MOSTLY_TRUE:  return "\xE2\x9C\x93\xEF\xB8\x8E";  /* ✓ */
    case FM_VERDICT_MIXED:        return "\xE2\x97\x91";              /* ◑ */
    case FM_VERDICT_MISLEADING:   return "\xE2\x9A\xA0\xEF\xB8\x8E";  /* ⚠ */
    case FM_VERDICT_MOSTLY_FALSE: return "\xE2\x9C\x95";              /* ✕ */
    case FM_VERDICT_FALSE:        return "\xE2\x9C\x96\xEF\xB8\x8E";  /* ✖ */
    case FM_VERDICT_UNVERIFIABLE: return "?";
    case FM_VERDICT_UNRATED:
    default:                      return "\xE2\x80\x93";              /* – */
    }
}

static const char *
verdict_description (FmVerdict verdict)
{
  switch (verdict)
    {
    case FM_VERDICT_TRUE:
      return _("The claim is accurate and nothing significant is missing.");
    case FM_VERDICT_MOSTLY_TRUE:
      return _("The claim is accurate but needs clarification or additional information.");
    case FM_VERDICT_MIXED:
      return _("The claim is partly accurate and partly inaccurate.");
    case FM_VERDICT_MISLEADING:
      return _("The claim contains facts but gives a false impression.");
    case FM_VERDICT_MOSTLY_FALSE:
      return _("The claim has an element of truth but leaves out facts that would change "
               "the impression it gives.");
    case FM_VERDICT_FALSE:
      return _("The claim is not accurate.");
    case FM_VERDICT_UNVERIFIABLE:
      return _("The evidence available can neither prove nor disprove the claim.");
    case FM_VERDICT_UNRATED:
    default:
      return _("The claim has not been rated yet.");
    }
}

/* The verdicts in the order of the scale, from true to false; then the
 * ones outside it */
static const FmVerdict scale_order[FM_N_VERDICTS] = {
  FM_VERDICT_TRUE, FM_VERDICT_MOSTLY_TRUE, FM_VERDICT_MIXED, FM_VERDICT_MISLEADING,
  FM_VERDICT_MOSTLY_FALSE, FM_VERDICT_FALSE, FM_VERDICT_UNVERIFIABLE, FM_VERDICT_UNRATED,
};

static char *
verdict_class (const char *prefix,
               FmVerdict   verdict)
{
  return g_strconcat (prefix, " v-", fm_verdict_to_id (verdict), NULL);
}

/* Style */

/* Alpha in hundredths: printf's %f would follow the locale's decimal comma */
static void
append_rgba (GString    *css,
             const char *hex,
             guint       alpha)
{
  guint r = 0, g = 0, b = 0;

  if (hex != NULL && strlen (hex) == 7 && hex[0] == '#')
    {
      guint64 value = g_ascii_strtoull (hex + 1, NULL, 16);

      r = (value >> 16) & 0xff;
      g = (value >> 8) & 0xff;
      b = value & 0xff;
    }
  g_string_append_printf (css, "rgba(%u, %u, %u, 0.%02u)", r, g, b, MIN (alpha, 99));
}

static void
append_verdict_colours (GString  *css,
                        gboolean  dark)
{
  for (FmVerdict v = 0; v < FM_N_VERDICTS; v++)
    {
      const char *colour = fm_verdict_color (v, dark);

      g_string_append_printf (css, "--c-%s: %s; --t-%s: ", fm_verdict_to_id (v), colour,
                              fm_verdict_to_id (v));
      append_rgba (css, colour, dark ? 24 : 14);
      g_string_append (css, ";\n");
    }
}

/* The style sheet: made from constants only (colours from fm-types.c).
 * No '<', '>' or '&' in it, so the writer's escaping leaves it as it is. */
static char *
build_css (void)
{
  GString *css = g_string_new (NULL);

  g_string_append (css,
    ":root {\n"
    "color-scheme: light dark;\n"
    "--bg: #ffffff; --fg: #1e1e1e; --muted: #5e5c64; --line: #deddda; --card: #fafafa;\n"
    "--accent: #1c5fb4; --draft: #fdf3d0; --draft-line: #c88800;\n");
  append_verdict_colours (css, FALSE);
  g_string_append (css,
    "}\n"
    "@media (prefers-color-scheme: dark) {\n"
    ":root {\n"
    "--bg: #1e1e20; --fg: #ececec; --muted: #b0afb5; --line: #3d3d42; --card: #28282c;\n"
    "--accent: #78aeed; --draft: #3a3217; --draft-line: #e5a50a;\n");
  append_verdict_colours (css, TRUE);
  g_string_append (css, "}\n}\n");

  for (FmVerdict v = 0; v < FM_N_VERDICTS; v++)
    g_string_append_printf (css, ".v-%s { --v: var(--c-%s); --t: var(--t-%s); }\n",
                            fm_verdict_to_id (v), fm_verdict_to_id (v), fm_verdict_to_id (v));

  g_string_append (css,
    "* { box-sizing: border-box; }\n"
    "html { background: var(--bg); color: var(--fg); }\n"
    "body { margin: 0 auto; max-width: 46rem; padding: 2.5rem 1.25rem 3rem;"
    " font: 1rem/1.55 system-ui, Cantarell, 'Noto Sans', 'DejaVu Sans', sans-serif;"
    " overflow-wrap: anywhere; }\n"
    "a { color: var(--accent); }\n"
    "h1, h2, h3 { line-height: 1.25; }\n"
    "h1 { font: 700 2.1rem/1.2 Georgia, 'Noto Serif', 'DejaVu Serif', serif; margin: .2rem 0 .8rem; }\n"
    "h2 { font-size: 1.3rem; margin: 2.6rem 0 1rem; padding-bottom: .35rem;"
    " border-bottom: 2px solid var(--fg); }\n"
    "h3 { font-size: 1.08rem; margin: .6rem 0 .5rem; }\n"
    "h4 { font-size: .8rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted);"
    " margin: 1rem 0 .35rem; }\n"
    ".kicker { margin: 0; font-size: .8rem; font-weight: 700; text-transform: uppercase;"
    " letter-spacing: .12em; color: var(--accent); }\n"
    ".meta, .checked { margin: .25rem 0; color: var(--muted); font-size: .95rem; }\n"
    ".checked { margin-top: .8rem; padding-top: .8rem; border-top: 1px solid var(--line); }\n"
    ".changed, .unplaced { margin: .6rem 0; padding: .5rem .8rem; border-left: 4px solid var(--muted); "
    "background: var(--card); font-size: .95rem; }\n"
    ".source-link { word-break: break-all; }\n"
    ".draft-note { margin: 1.5rem 0 0; padding: .7rem 1rem; background: var(--draft);"
    " border-left: 4px solid var(--draft-line); border-radius: 4px; }\n"
    ".total { font-size: 1.05rem; margin: 0 0 .8rem; }\n"
    ".total strong { font-size: 1.6rem; }\n"
    ".chart { margin: 0; }\n"
    ".chart svg { display: block; width: 100%; max-width: 36rem; height: auto; }\n"
    ".chart text { fill: currentColor; font-size: 14px; }\n"
    ".chart .count { font-weight: 700; }\n"
    ".chart rect { fill: var(--v); }\n"
    ".article-text { font: 1.08rem/1.7 Georgia, 'Noto Serif', 'DejaVu Serif', serif; }\n"
    ".article-text p { margin: 0 0 1rem; }\n"
    /* Isolated, so that direction controls in the text (U+202E…) cannot
     * reorder what is around a highlight, nor a badge's own words */
    "mark.hl { color: inherit; background: var(--t); border-bottom: 2px solid var(--v);"
    " padding: .05em 0; unicode-bidi: isolate; }\n"
    "mark.d2 { border-bottom-width: 4px; }\n"
    "mark.d3 { border-bottom-width: 4px; border-bottom-style: double; }\n"
    ".ref { display: inline-block; margin: 0 .2em 0 .1em; padding: 0 .4em; border-radius: 1em;"
    " border: 1.5px solid var(--v); background: var(--bg); color: var(--fg); text-decoration: none;"
    " font: 700 .72rem/1.45 system-ui, Cantarell, 'Noto Sans', 'DejaVu Sans', sans-serif;"
    " vertical-align: .15em; white-space: nowrap; unicode-bidi: isolate; }\n"
    ".ref-v { font-weight: 400; color: var(--v); }\n"
    ".card { margin: 0 0 1.2rem; padding: 1rem 1.2rem; background: var(--card);"
    " border: 1px solid var(--line); border-left: 6px solid var(--v); border-radius: 6px;"
    " break-inside: avoid; page-break-inside: avoid; }\n"
    ".card-head { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem; }\n"
    ".num { font-weight: 800; font-size: 1.05rem; min-width: 2rem; padding: .05rem .5rem;"
    " text-align: center; border-radius: 1rem; border: 2px solid var(--v); }\n"
    ".verdict { font-weight: 700; color: var(--v); text-transform: uppercase; letter-spacing: .04em;"
    " font-size: .9rem; }\n"
    ".status { margin-left: auto; font-size: .8rem; color: var(--muted); border: 1px solid var(--line);"
    " border-radius: 1rem; padding: 0 .6rem; }\n"
    ".quote { margin: .6rem 0; padding: .1rem 0 .1rem 1rem; border-left: 3px solid var(--line);"
    " font-family: Georgia, 'Noto Serif', 'DejaVu Serif', serif; font-style: italic; }\n"
    ".quote p { margin: .2rem 0; }\n"
    ".explanation p { margin: .4rem 0; }\n"
    ".sources { margin: 0; padding-left: 1.4rem; }\n"
    ".sources li { margin: 0 0 .6rem; }\n"
    ".stance { display: inline-block; font-size: .75rem; font-weight: 700; text-transform: uppercase;"
    " letter-spacing: .05em; padding: 0 .45rem; border-radius: .3rem; border: 1px solid var(--line);"
    " margin-left: .3rem; }\n"
    ".st-supports { color: var(--c-true); border-color: var(--c-true); }\n"
    ".st-refutes { color: var(--c-false); border-color: var(--c-false); }\n"
    ".src-meta, .src-url, .note { display: block; font-size: .88rem; color: var(--muted); }\n"
    ".src-url { word-break: break-all; }\n"
    ".note { font-style: italic; }\n"
    ".card-foot { margin: .9rem 0 0; font-size: .85rem; color: var(--muted); }\n"
    ".legend dl { margin: 0; }\n"
    ".legend-item { display: grid; grid-template-columns: 11rem 1fr; gap: .8rem; padding: .45rem 0;"
    " border-bottom: 1px solid var(--line); }\n"
    ".legend dt { font-weight: 700; color: var(--v); }\n"
    ".legend dd { margin: 0; }\n"
    ".swatch { display: inline-block; width: .9rem; height: .9rem; border-radius: .2rem;"
    " background: var(--v); vertical-align: -.1rem; margin-right: .4rem; }\n"
    ".glyph { display: inline-block; min-width: 1.1em; }\n"
    ".sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);"
    " white-space: nowrap; }\n"
    "footer { margin-top: 3rem; padding-top: 1rem; border-top: 1px solid var(--line);"
    " color: var(--muted); font-size: .85rem; }\n"
    "@media (max-width: 34rem) { .legend-item { grid-template-columns: 1fr; gap: .2rem; } }\n"
    /* Paper: backgrounds do not print, so borders, numbers and labels
     * carry every highlight; a card stays on one page. */
    "@page { margin: 16mm 15mm; }\n"
    "@media print {\n"
    "html { background: #ffffff; color: #000000; }\n"
    "body { max-width: none; padding: 0; font-size: 10.5pt; }\n"
    "a { color: #000000; }\n"
    "h2 { break-after: avoid; page-break-after: avoid; border-bottom-color: #000000; }\n"
    "h3, h4 { break-after: avoid; page-break-after: avoid; }\n"
    "mark.hl { background: none; border-bottom: 1.2pt solid var(--v); }\n"
    "mark.d2, mark.d3 { border-bottom: 3pt double var(--v); }\n"
    ".ref { border: 1pt solid #000000; color: #000000; }\n"
    ".ref-v { color: #000000; }\n"
    ".card { background: none; border: 1pt solid #000000; border-left: 5pt solid var(--v); }\n"
    ".num { border-color: #000000; }\n"
    ".verdict { color: #000000; }\n"
    ".legend dt { color: #000000; }\n"
    ".draft-note { background: none; border: 1pt solid #000000; }\n"
    ".back { display: none; }\n"
    ".claims { break-before: page; page-break-before: always; }\n"
    "}\n");
  return g_string_free (css, FALSE);
}

/* JSON-LD */

static void
add_member_string (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  g_autofree char *owned = NULL;

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, clean_or_same (value, &owned));
}

/* What every ClaimReview of a report shares, worked out once */
typedef struct
{
  FmArticle             *article;
  const FmReportOptions *options;
  char                  *base;        /* the report's address without fragment, or NULL */
  char                  *link;        /* the article's web address, or NULL */
  GDate                 *published;   /* the article's, or NULL */
} Reviews;

static void
reviews_init (Reviews               *reviews,
              FmArticle             *article,
              const FmReportOptions *options)
{
  reviews->article = article;
  reviews->options = options;
  reviews->base = web_href (options != NULL ? options->report_url : NULL);
  if (reviews->base != NULL)
    reviews->base[strcspn (reviews->base, "#")] = '\0';
  reviews->link = web_href (fm_report_article_link (article));
  reviews->published = parse_date (fm_article_get_published (article));
}

static void
reviews_clear (Reviews *reviews)
{
  g_clear_pointer (&reviews->base, g_free);
  g_clear_pointer (&reviews->link, g_free);
  g_clear_pointer (&reviews->published, g_date_free);
}

static const char *
claim_author (FmClaim *claim)
{
  if (!is_blank (fm_claim_get_reviewed_by (claim)) &&
      fm_claim_get_status (claim) == FM_STATUS_APPROVED)
    return fm_claim_get_reviewed_by (claim);
  if (!is_blank (fm_claim_get_created_by (claim)))
    return fm_claim_get_created_by (claim);
  return NULL;
}

/* The date the review was published: its approval, else its last change */
static GDate *
claim_review_date (FmClaim *claim)
{
  GDate *date = NULL;

  if (fm_claim_get_status (claim) == FM_STATUS_APPROVED)
    date = parse_date (fm_claim_get_reviewed_at (claim));
  if (date == NULL)
    date = parse_date (fm_claim_get_updated_at (claim));
  return date;
}

static JsonNode *
build_claim_review (Reviews *reviews,
                    FmClaim *claim,
                    guint    number)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GDate) reviewed = claim_review_date (claim);
  FmArticle *article = reviews->article;
  const FmReportOptions *options = reviews->options;
  GDate *published = reviews->published;
  const char *link = reviews->link;
  g_autofree char *url = g_strdup_printf ("%s#claim-%u", reviews->base ? reviews->base : "",
                                          number);
  const char *author = claim_author (claim);
  FmVerdict verdict = fm_claim_get_verdict (claim);
  int rating = fm_verdict_rating_value (verdict);

  json_builder_begin_object (builder);
  add_member_string (builder, "@context", "https://schema.org");
  add_member_string (builder, "@type", "ClaimReview");
  add_member_string (builder, "url", url);
  add_member_string (builder, "claimReviewed", fm_claim_get_display_text (claim));
  if (reviewed != NULL)
    {
      g_autofree char *iso = date_iso (reviewed);
      add_member_string (builder, "datePublished", iso);
    }
  if (options != NULL && !is_blank (options->organization))
    {
      json_builder_set_member_name (builder, "author");
      json_builder_begin_object (builder);
      add_member_string (builder, "@type", "Organization");
      add_member_string (builder, "name", options->organization);
      json_builder_end_object (builder);
    }
  else if (author != NULL)
    {
      json_builder_set_member_name (builder, "author");
      json_builder_begin_object (builder);
      add_member_string (builder, "@type", "Person");
      add_member_string (builder, "name", author);
      json_builder_end_object (builder);
    }

  json_builder_set_member_name (builder, "reviewRating");
  json_builder_begin_object (builder);
  add_member_string (builder, "@type", "Rating");
  add_member_string (builder, "alternateName", fm_verdict_label (verdict));
  if (rating > 0)
    {
      json_builder_set_member_name (builder, "ratingValue");
      json_builder_add_int_value (builder, rating);
      json_builder_set_member_name (builder, "bestRating");
      json_builder_add_int_value (builder, 5);
      json_builder_set_member_name (builder, "worstRating");
      json_builder_add_int_value (builder, 1);
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "itemReviewed");
  json_builder_begin_object (builder);
  add_member_string (builder, "@type", "Claim");
  json_builder_set_member_name (builder, "appearance");
  json_builder_begin_object (builder);
  add_member_string (builder, "@type", "CreativeWork");
  if (link != NULL)
    add_member_string (builder, "url", link);
  if (!is_blank (fm_article_get_title (article)))
    add_member_string (builder, "headline", fm_article_get_title (article));
  json_builder_end_object (builder);
  if (!is_blank (fm_article_get_byline (article)))
    {
      json_builder_set_member_name (builder, "author");
      json_builder_begin_object (builder);
      add_member_string (builder, "@type", "Person");
      add_member_string (builder, "name", fm_article_get_byline (article));
      json_builder_end_object (builder);
    }
  else if (!is_blank (fm_article_get_site_name (article)))
    {
      json_builder_set_member_name (builder, "author");
      json_builder_begin_object (builder);
      add_member_string (builder, "@type", "Organization");
      add_member_string (builder, "name", fm_article_get_site_name (article));
      json_builder_end_object (builder);
    }
  if (published != NULL)
    {
      g_autofree char *iso = date_iso (published);
      add_member_string (builder, "datePublished", iso);
    }
  json_builder_end_object (builder);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

JsonNode *
fm_report_build_claim_reviews (FmReportData          *data,
                               const FmReportOptions *options)
{
  g_autoptr(GArray) selected = NULL;
  JsonArray *array;
  JsonNode *root;
  Reviews reviews;

  g_return_val_if_fail (data != NULL, NULL);

  selected = fm_report_select_claims (data, options);
  reviews_init (&reviews, data->article, options);
  array = json_array_sized_new (selected->len);
  for (guint i = 0; i < selected->len; i++)
    {
      FmClaim *claim = data->claims->pdata[g_array_index (selected, guint, i)];

      if (fm_claim_get_verdict (claim) == FM_VERDICT_UNRATED)
        continue;
      json_array_add_element (array, build_claim_review (&reviews, claim, i + 1));
    }
  reviews_clear (&reviews);
  root = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (root, array);
  return root;
}

/* JSON text that is safe inside a <script> element: '<', '>' and '&' can
 * only occur inside JSON strings, where \u escapes mean the same. */
static char *
json_for_script (JsonGenerator *generator,
                 JsonNode      *node)
{
  g_autofree char *json = NULL;
  GString *out;
  const char *p, *next;

  json_generator_set_root (generator, node);
  json = json_generator_to_data (generator, NULL);
  if (strpbrk (json, "<>&") == NULL)
    return g_steal_pointer (&json);

  out = g_string_sized_new (strlen (json) + 32);
  for (p = json; (next = strpbrk (p, "<>&")) != NULL; p = next + 1)
    {
      g_string_append_len (out, p, next - p);
      g_string_append (out, *next == '<' ? "\\u003c" : *next == '>' ? "\\u003e" : "\\u0026");
    }
  g_string_append (out, p);
  return g_string_free (out, FALSE);
}

/* The report */

typedef struct
{
  Html                   html;
  FmReportData          *data;
  const FmReportOptions *options;
  GArray                *selected;       /* indexes into data, text order */
  FmProgressFunc         progress;
  gpointer               progress_data;
  GCancellable          *cancellable;
  guint                  work_done;
  guint                  work_total;
  int                    last_percent;
} Report;

static FmClaim *
selected_claim (Report *report,
                guint   i)
{
  return report->data->claims->pdata[g_array_index (report->selected, guint, i)];
}

static GPtrArray *
selected_sources (Report *report,
                  guint   i)
{
  return report->data->sources->pdata[g_array_index (report->selected, guint, i)];
}

/* Reports progress and answers whether to stop */
static gboolean
report_step (Report *report)
{
  int percent;

  report->work_done++;
  if ((report->work_done & 63) == 0 && g_cancellable_is_cancelled (report->cancellable))
    return FALSE;
  if (report->progress == NULL || report->work_total == 0)
    return TRUE;
  percent = (int)(100.0 * report->work_done / report->work_total);
  if (percent != report->last_percent)
    {
      report->last_percent = percent;
      report->progress (MIN (1.0, (double)report->work_done / report->work_total),
                        report->progress_data);
    }
  return TRUE;
}

static void
write_head (Report *report)
{
  Html *html = &report->html;
  FmArticle *article = report->data->article;
  g_autofree char *css = build_css ();
  g_autofree char *generator_name = g_strdup_printf ("Factmark %s", PACKAGE_VERSION);
  g_autoptr(JsonGenerator) generator = NULL;
  g_autofree char *title = NULL;
  Reviews reviews;

  if (is_blank (fm_article_get_title (article)))
    title = g_strdup (_("Fact-check report"));
  else
    /* Translators: the title of a report's browser tab; %s is the article's title */
    title = g_strdup_printf (_("Fact-check: %s"), fm_article_get_title (article));

  html_start (html, "head");
  html_start (html, "meta");
  html_attr (html, "charset", "utf-8");
  html_end_void (html);
  /* Nothing is loaded or run: styles are inline, images may only be data: */
  html_start (html, "meta");
  html_attr (html, "http-equiv", "Content-Security-Policy");
  html_attr (html, "content", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                              "base-uri 'none'; form-action 'none'");
  html_end_void (html);
  html_start (html, "meta");
  html_attr (html, "name", "referrer");
  html_attr (html, "content", "no-referrer");
  html_end_void (html);
  html_start (html, "meta");
  html_attr (html, "name", "viewport");
  html_attr (html, "content", "width=device-width, initial-scale=1");
  html_end_void (html);
  html_start (html, "meta");
  html_attr (html, "name", "color-scheme");
  html_attr (html, "content", "light dark");
  html_end_void (html);
  html_start (html, "meta");
  html_attr (html, "name", "generator");
  html_attr (html, "content", generator_name);
  html_end_void (html);
  html_element (html, "title", NULL, title);
  html_element (html, "style", NULL, css);

  /* One ClaimReview data block per claim with a verdict */
  generator = json_generator_new ();
  reviews_init (&reviews, article, report->options);
  for (guint i = 0; i < report->selected->len; i++)
    {
      FmClaim *claim = selected_claim (report, i);
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *json = NULL;

      if (fm_claim_get_verdict (claim) == FM_VERDICT_UNRATED)
        continue;
      node = build_claim_review (&reviews, claim, i + 1);
      json = json_for_script (generator, node);
      html_start (html, "script");
      html_attr (html, "type", "application/ld+json");
      html_check (html, xmlTextWriterWriteRaw (html->writer, (const xmlChar *)json));
      html_end (html);
    }
  reviews_clear (&reviews);
  html_end (html);
}

/* What became of the claims shown when the text changed, from their
 * real anchor states: a reader must not be told that every claim was
 * found again when some were only placed approximately or not at all. */
static void
write_anchor_note (Report *report)
{
  Html *html = &report->html;
  guint n_placed = 0, n_flagged = 0, n_unplaced = 0;

  for (guint i = 0; i < report->selected->len; i++)
    {
      switch (fm_claim_get_anchor_state (selected_claim (report, i)))
        {
        case FM_ANCHOR_STATE_FLAGGED:
          n_flagged++;
          break;
        case FM_ANCHOR_STATE_ORPHAN:
          n_unplaced++;
          break;
        case FM_ANCHOR_STATE_PLACED:
        default:
          n_placed++;
          break;
        }
    }

  if (report->selected->len == 0)
    return;

  if (n_flagged == 0 && n_unplaced == 0)
    {
      html_text (html, " ");
      html_text (html, _("Every claim was found again in the new text."));
      return;
    }
  if (n_placed > 0)
    {
      html_text (html, " ");
      /* Translators: the first of up to three sentences on what became of the
       * claims when the article changed; %u is a number of claims */
      html_text_printf (html, g_dngettext (GETTEXT_PACKAGE,
                                           "%u claim was found again in the new text.",
                                           "%u claims were found again in the new text.",
                                           n_placed), n_placed);
    }
  if (n_flagged > 0)
    {
      html_text (html, " ");
      /* Translators: %u is a number of claims that were placed on words similar to
       * their old ones; an editor has to confirm the place */
      html_text_printf (html, g_dngettext (GETTEXT_PACKAGE,
                                           "%u claim was placed approximately and waits for "
                                           "an editor's confirmation.",
                                           "%u claims were placed approximately and wait for "
                                           "an editor's confirmation.",
                                           n_flagged), n_flagged);
    }
  if (n_unplaced > 0)
    {
      html_text (html, " ");
      /* Translators: %u is a number of claims whose words are no longer in the
       * article; each claim's card below says so */
      html_text_printf (html, g_dngettext (GETTEXT_PACKAGE,
                                           "%u claim could not be placed in the new text; "
                                           "its card says so.",
                                           "%u claims could not be placed in the new text; "
                                           "their cards say so.",
                                           n_unplaced), n_unplaced);
    }
}

static void
write_masthead (Report *report)
{
  Html *html = &report->html;
  FmArticle *article = report->data->article;
  const char *link = fm_report_article_link (article);
  g_autoptr(GPtrArray) checkers = g_ptr_array_new ();
  g_autoptr(GPtrArray) reviewers = g_ptr_array_new ();
  g_autoptr(GHashTable) seen_checkers = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) seen_reviewers = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GDate) last = NULL;
  gboolean first = TRUE;

  for (guint i = 0; i < report->selected->len; i++)
    {
      FmClaim *claim = selected_claim (report, i);
      const char *times[] = { fm_claim_get_updated_at (claim), fm_claim_get_reviewed_at (claim) };

      /* Who marked the claim and who was given it to check; an editor's
       * sign-off makes them a reviewer, not a checker */
      add_name (checkers, seen_checkers, fm_claim_get_created_by (claim));
      add_name (checkers, seen_checkers, fm_claim_get_assignee (claim));
      if (fm_claim_get_status (claim) == FM_STATUS_APPROVED)
        add_name (reviewers, seen_reviewers, fm_claim_get_reviewed_by (claim));
      for (guint k = 0; k < G_N_ELEMENTS (times); k++)
        {
          g_autoptr(GDate) date = parse_date (times[k]);

          if (date != NULL && (last == NULL || g_date_compare (date, last) > 0))
            {
              g_clear_pointer (&last, g_date_free);
              last = g_steal_pointer (&date);
            }
        }
    }

  html_start (html, "header");
  html_attr (html, "class", "masthead");
  html_element (html, "p", "kicker", _("Fact-check report"));
  html_start (html, "h1");
  html_attr (html, "dir", "auto");
  html_text (html, is_blank (fm_article_get_title (article)) ? _("Untitled article")
                                                             : fm_article_get_title (article));
  html_end (html);

  html_start (html, "p");
  html_attr (html, "class", "meta");
  if (!is_blank (fm_article_get_byline (article)))
    {
      html_bdi (html, fm_article_get_byline (article));
      first = FALSE;
    }
  if (!is_blank (fm_article_get_site_name (article)))
    {
      if (!first)
        html_text (html, " · ");
      html_bdi (html, fm_article_get_site_name (article));
      first = FALSE;
    }
  if (!is_blank (fm_article_get_published (article)))
    {
      if (!first)
        html_text (html, " · ");
      /* Translators: followed by the date an article was published */
      html_text (html, _("Published "));
      html_date (html, fm_article_get_published (article));
      first = FALSE;
    }
  if (first)
    html_text (html, _("No author, publication or date given"));
  html_end (html);

  if (link != NULL)
    {
      html_start (html, "p");
      html_attr (html, "class", "meta");
      html_text (html, _("Original: "));
      html_link (html, link, "source-link", link);
      html_end (html);
    }

  html_start (html, "p");
  html_attr (html, "class", "checked");
  if (checkers->len > 0)
    {
      g_autofree char *names = join_names (checkers);

      html_text (html, _("Checked by "));
      html_bdi (html, names);
      html_text (html, ". ");
    }
  if (reviewers->len > 0)
    {
      g_autofree char *names = join_names (reviewers);

      html_text (html, _("Approved by "));
      html_bdi (html, names);
      html_text (html, ". ");
    }
  if (last != NULL)
    {
      html_text (html, _("Last change on "));
      html_time (html, last);
      html_text (html, ".");
    }
  if (checkers->len == 0 && reviewers->len == 0 && last == NULL)
    html_text (html, _("No claims have been checked yet."));
  html_end (html);

  if (report->data->revision > 1)
    {
      g_autoptr(GDate) changed = parse_date (report->data->revised_at);

      html_start (html, "p");
      html_attr (html, "class", "changed");
      html_text (html, _("The article changed after it was first checked"));
      if (changed != NULL)
        {
          /* Translators: followed by a date */
          html_text (html, _(": the text shown is the version of "));
          html_time (html, changed);
        }
      /* Translators: %u is how many versions of the article there have been */
      html_text_printf (html, _(" (version %u)."), report->data->revision);
      write_anchor_note (report);
      html_end (html);
    }
  html_end (html);
}

static void
write_summary (Report *report)
{
  Html *html = &report->html;
  guint counts[FM_N_VERDICTS] = { 0 };
  guint n_unapproved = 0;
  guint max = 0;
  guint rows = 0;
  g_autoptr(GString) description = g_string_new (NULL);
  const int row_height = 30, label_width = 150, bar_space = 380, chart_width = 600;

  for (guint i = 0; i < report->selected->len; i++)
    {
      FmClaim *claim = selected_claim (report, i);

      counts[fm_claim_get_verdict (claim)]++;
      if (fm_claim_get_status (claim) != FM_STATUS_APPROVED)
        n_unapproved++;
    }
  for (FmVerdict v = 0; v < FM_N_VERDICTS; v++)
    {
      max = MAX (max, counts[v]);
      if (counts[v] > 0)
        rows++;
    }

  if (n_unapproved > 0)
    {
      html_start (html, "p");
      html_attr (html, "class", "draft-note");
      html_attr (html, "role", "note");
      html_text_printf (html, g_dngettext (GETTEXT_PACKAGE,
                                           "Draft: %u of %u claims has not been approved by an "
                                           "editor yet.",
                                           "Draft: %u of %u claims have not been approved by an "
                                           "editor yet.", n_unapproved),
                        n_unapproved, report->selected->len);
      html_end (html);
    }

  html_start (html, "section");
  html_attr (html, "class", "summary");
  html_attr (html, "aria-labelledby", "summary-title");
  html_start (html, "h2");
  html_attr (html, "id", "summary-title");
  html_text (html, _("Summary"));
  html_end (html);

  html_start (html, "p");
  html_attr (html, "class", "total");
  if (report->selected->len == 0)
    html_text (html, report->options->approved_only
                     ? _("No claim in this article has been approved yet.")
                     : _("No claims have been marked in this article yet."));
  else
    {
      g_autofree char *count = g_strdup_printf ("%u", report->selected->len);

      html_element (html, "strong", NULL, count);
      html_text (html, " ");
      html_text (html, g_dngettext (GETTEXT_PACKAGE, "claim checked", "claims checked",
                                    report->selected->len));
    }
  html_end (html);

  if (rows > 0)
    {
      int y = 0;

      for (guint k = 0; k < G_N_ELEMENTS (scale_order); k++)
        {
          FmVerdict v = scale_order[k];

          if (counts[v] == 0)
            continue;
          if (description->len > 0)
            g_string_append (description, ", ");
          g_string_append_printf (description, "%s: %u", fm_verdict_label (v), counts[v]);
        }

      html_start (html, "figure");
      html_attr (html, "class", "chart");
      html_start (html, "svg");
      html_attr (html, "xmlns", "http://www.w3.org/2000/svg");
      html_attr (html, "role", "img");
      html_attr (html, "aria-labelledby", "chart-title");
      html_attr_printf (html, "viewBox", "0 0 %d %d", chart_width, rows * row_height);
      html_attr_printf (html, "width", "%d", chart_width);
      html_attr_printf (html, "height", "%d", rows * row_height);
      html_start (html, "title");
      html_attr (html, "id", "chart-title");
      /* Translators: the description of the chart of verdicts, followed by "False: 3, …" */
      html_text_printf (html, _("Claims per verdict: %s"), description->str);
      html_end (html);
      for (guint k = 0; k < G_N_ELEMENTS (scale_order); k++)
        {
          FmVerdict v = scale_order[k];
          int width;
          g_autofree char *klass = NULL;
          g_autofree char *count = NULL;

          if (counts[v] == 0)
            continue;
          width = MAX (3, (int)((double)bar_space * counts[v] / max + 0.5));
          klass = g_strconcat ("v-", fm_verdict_to_id (v), NULL);
          count = g_strdup_printf ("%u", counts[v]);

          html_start (html, "g");
          html_attr (html, "class", klass);
          html_start (html, "text");
          html_attr_printf (html, "x", "%d", 0);
          html_attr_printf (html, "y", "%d", y + 20);
          html_text (html, fm_verdict_label (v));
          html_end (html);
          html_start (html, "rect");
          html_attr_printf (html, "x", "%d", label_width);
          html_attr_printf (html, "y", "%d", y + 6);
          html_attr_printf (html, "width", "%d", width);
          html_attr_printf (html, "height", "%d", 18);
          html_attr (html, "rx", "3");
          html_end_void (html);
          html_start (html, "text");
          html_attr (html, "class", "count");
          html_attr_printf (html, "x", "%d", label_width + width + 8);
          html_attr_printf (html, "y", "%d", y + 20);
          html_text (html, count);
          html_end (html);
          html_end (html);
          y += row_height;
        }
      html_end (html);
      html_end (html);
    }
  html_end (html);
}

/* The article text */

typedef struct
{
  guint    start;
  guint    end;
  guint    number;       /* 1-based, in text order */
  FmVerdict verdict;
} Span;

typedef struct
{
  Report      *report;
  Span        *spans;
  GArray      *active;       /* indexes into spans */
  GArray      *pending;      /* spans whose badge is not written yet */
  gboolean     in_paragraph;
} Walk;

static void
walk_open_paragraph (Walk *walk)
{
  if (walk->in_paragraph)
    return;
  html_start (&walk->report->html, "p");
  /* Each paragraph its own direction, as in the reading view: an English
   * article quoting a paragraph of Arabic shows it right to left */
  html_attr (&walk->report->html, "dir", "auto");
  walk->in_paragraph = TRUE;
}

static void
walk_close_paragraph (Walk *walk)
{
  if (!walk->in_paragraph)
    return;
  html_end (&walk->report->html);
  walk->in_paragraph = FALSE;
}

/* The numbered badge where a claim starts: number and label, so that the
 * meaning survives without colour */
static void
walk_write_badges (Walk *walk)
{
  Html *html = &walk->report->html;

  for (guint i = 0; i < walk->pending->len; i++)
    {
      Span *span = &walk->spans[g_array_index (walk->pending, guint, i)];
      g_autofree char *klass = verdict_class ("ref", span->verdict);
      g_autofree char *number = g_strdup_printf ("%u", span->number);

      walk_open_paragraph (walk);
      html_start (html, "a");
      html_attr (html, "class", klass);
      html_attr_printf (html, "id", "ref-%u", span->number);
      html_attr_printf (html, "href", "#claim-%u", span->number);
      html_element (html, "span", "ref-n", number);
      html_text (html, " ");
      html_element (html, "span", "ref-v", fm_verdict_label (span->verdict));
      html_end (html);
    }
  g_array_set_size (walk->pending, 0);
}

/* The claim drawn on top where claims overlap: the one that starts last
 * (the innermost), then the shorter one */
static Span *
walk_top_span (Walk *walk)
{
  Span *top = NULL;

  for (guint i = 0; i < walk->active->len; i++)
    {
      Span *span = &walk->spans[g_array_index (walk->active, guint, i)];

      if (top == NULL || span->start > top->start ||
          (span->start == top->start && span->end < top->end) ||
          (span->start == top->start && span->end == top->end && span->number > top->number))
        top = span;
    }
  return top;
}

/* Writes text [from, to) (bytes) that has no line break */
static void
walk_write_piece (Walk       *walk,
                  const char *from,
                  const char *to)
{
  Html *html = &walk->report->html;
  g_autofree char *piece = NULL;

  if (from == to)
    return;
  walk_open_paragraph (walk);
  walk_write_badges (walk);
  piece = g_strndup (from, to - from);
  if (walk->active->len == 0)
    {
      html_text_clean (html, piece);
      return;
    }

  {
    Span *top = walk_top_span (walk);
    g_autoptr(GString) klass = g_string_new ("hl v-");
    g_autoptr(GString) title = g_string_new (NULL);
    guint depth = walk->active->len;

    g_string_append (klass, fm_verdict_to_id (top->verdict));
    if (depth == 2)
      g_string_append (klass, " d2");
    else if (depth > 2)
      g_string_append (klass, " d3");

    for (guint i = 0; i < MIN (depth, MAX_TOOLTIP_CLAIMS); i++)
      {
        Span *span = &walk->spans[g_array_index (walk->active, guint, i)];

        if (i > 0)
          g_string_append (title, "; ");
        /* Translators: the tooltip of a highlight: claim number and verdict */
        g_string_append_printf (title, _("Claim %u: %s"), span->number,
                                fm_verdict_label (span->verdict));
      }
    if (depth > MAX_TOOLTIP_CLAIMS)
      {
        g_string_append (title, "; ");
        g_string_append_printf (title, g_dngettext (GETTEXT_PACKAGE, "and %u more", "and %u more",
                                                    depth - MAX_TOOLTIP_CLAIMS),
                                depth - MAX_TOOLTIP_CLAIMS);
      }

    html_start (html, "mark");
    html_attr (html, "class", klass->str);
    html_attr (html, "title", title->str);
    html_text_clean (html, piece);
    html_end (html);
  }
}

/* Writes text [from, to) (bytes), where line breaks end paragraphs */
static void
walk_write_text (Walk       *walk,
                 const char *from,
                 const char *to)
{
  while (from < to)
    {
      const char *nl = memchr (from, '\n', to - from);

      if (nl == NULL)
        {
          walk_write_piece (walk, from, to);
          return;
        }
      walk_write_piece (walk, from, nl);
      walk_close_paragraph (walk);
      from = nl + 1;
    }
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *)a, y = *(const guint *)b;

  return x < y ? -1 : x > y;
}

static gboolean
write_article_text (Report  *report,
                    GError **error)
{
  Html *html = &report->html;
  FmArticle *article = report->data->article;
  g_autofree char *text = clean_text (fm_article_get_text (article));
  g_autofree char *lang = language_tag (fm_article_get_lang (article));
  g_autofree Span *spans = g_new0 (Span, report->selected->len + 1);
  g_autofree guint *ends = NULL;
  g_autoptr(GArray) active = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) pending = g_array_new (FALSE, FALSE, sizeof (guint));
  guint length = g_utf8_strlen (text, -1);
  guint n_spans = 0;
  guint next_start = 0;
  guint pos = 0;
  const char *byte = text;
  Walk walk = { 0 };

  /* Spans are clamped to the text: a damaged workspace is still reported */
  for (guint i = 0; i < report->selected->len; i++)
    {
      FmClaim *claim = selected_claim (report, i);
      guint start = MIN (fm_claim_get_start (claim), length);
      guint end = MIN (fm_claim_get_end (claim), length);

      /* An unplaced claim's words are gone from this version of the text */
      if (start >= end || fm_claim_get_anchor_state (claim) == FM_ANCHOR_STATE_ORPHAN)
        continue;
      spans[n_spans].start = start;
      spans[n_spans].end = end;
      spans[n_spans].number = i + 1;
      spans[n_spans].verdict = fm_claim_get_verdict (claim);
      n_spans++;
    }
  /* Text order is by start already; ends are sorted apart */
  ends = g_new (guint, n_spans + 1);
  for (guint i = 0; i < n_spans; i++)
    ends[i] = spans[i].end;
  qsort (ends, n_spans, sizeof (guint), compare_uint);

  walk.report = report;
  walk.spans = spans;
  walk.active = active;
  walk.pending = pending;

  html_start (html, "section");
  html_attr (html, "class", "article");
  html_attr (html, "aria-labelledby", "text-title");
  html_start (html, "h2");
  html_attr (html, "id", "text-title");
  html_text (html, _("The article, with the claims marked"));
  html_end (html);
  html_start (html, "div");
  html_attr (html, "class", "article-text");
  if (lang != NULL)
    html_attr (html, "lang", lang);
  html_attr (html, "dir", "auto");

  {
    guint next_end = 0;

    while (pos < length)
      {
        guint stop = length;
        const char *stop_byte;

        if (next_start < n_spans)
          stop = MIN (stop, spans[next_start].start);
        if (next_end < n_spans)
          stop = MIN (stop, ends[next_end]);

        if (stop > pos)
          {
            stop_byte = g_utf8_offset_to_pointer (byte, stop - pos);
            walk_write_text (&walk, byte, stop_byte);
            byte = stop_byte;
            pos = stop;
          }

        /* Claims that end here leave the active set... */
        while (next_end < n_spans && ends[next_end] == pos)
          {
            next_end++;
            for (guint i = 0; i < active->len; i++)
              {
                if (spans[g_array_index (active, guint, i)].end == pos)
                  {
                    g_array_remove_index (active, i);
                    break;
                  }
              }
          }
        /* ...and claims that start here join it, their badges waiting
         * for the first character to show */
        while (next_start < n_spans && spans[next_start].start == pos)
          {
            g_array_append_val (active, next_start);
            g_array_append_val (pending, next_start);
            next_start++;
            if (!report_step (report))
              {
                g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                     _("The export was cancelled"));
                return FALSE;
              }
          }
      }
    walk_write_text (&walk, byte, byte + strlen (byte));
    if (pending->len > 0)
      walk_write_badges (&walk);
    walk_close_paragraph (&walk);
  }

  if (length == 0)
    html_element (html, "p", NULL, _("The article has no text."));
  html_end (html);
  html_end (html);
  return TRUE;
}

/* Claims */

static void
write_paragraphs (Html       *html,
                  const char *text)
{
  g_auto(GStrv) paragraphs = g_strsplit (text, "\n", -1);

  for (guint i = 0; paragraphs[i] != NULL; i++)
    {
      if (is_blank (paragraphs[i]))
        continue;
      html_start (html, "p");
      html_attr (html, "dir", "auto");
      html_text (html, paragraphs[i]);
      html_end (html);
    }
}

static void
write_source (Html     *html,
              FmSource *source)
{
  const char *url = fm_source_get_url (source);
  const char *title = fm_source_get_title (source);
  const char *archive = fm_source_get_archive_url (source);
  g_autofree char *stance_class = g_strconcat ("stance st-", fm_stance_to_id (fm_source_get_stance (source)), NULL);
  const char *meta[2];
  gboolean first = TRUE;

  html_start (html, "li");
  html_start (html, "span");
  html_attr (html, "dir", "auto");
  html_link (html, url, NULL, is_blank (title) ? url : title);
  html_end (html);
  html_element (html, "span", stance_class, fm_stance_label (fm_source_get_stance (source)));

  meta[0] = fm_source_get_publisher (source);
  meta[1] = fm_source_get_author (source);
  html_start (html, "span");
  html_attr (html, "class", "src-meta");
  for (guint k = 0; k < 2; k++)
    {
      if (is_blank (meta[k]))
        continue;
      if (!first)
        html_text (html, " · ");
      html_bdi (html, meta[k]);
      first = FALSE;
    }
  if (!first)
    html_text (html, " · ");
  html_text (html, fm_source_kind_label (fm_source_get_kind (source)));
  if (!is_blank (fm_source_get_published (source)))
    {
      html_text (html, " · ");
      /* Translators: followed by the date a source was published */
      html_text (html, _("Published "));
      html_date (html, fm_source_get_published (source));
    }
  if (!is_blank (fm_source_get_accessed (source)))
    {
      html_text (html, " · ");
      /* Translators: followed by the date a source was read */
      html_text (html, _("Accessed "));
      html_date (html, fm_source_get_accessed (source));
    }
  if (!is_blank (archive))
    {
      html_text (html, " · ");
      html_link (html, archive, NULL, fm_url_is_web (archive) ? _("Archived copy") : archive);
    }
  html_end (html);

  /* The address itself, so that it can be read on paper */
  html_element (html, "span", "src-url", url);

  if (!is_blank (fm_source_get_note (source)))
    {
      html_start (html, "span");
      html_attr (html, "class", "note");
      html_attr (html, "dir", "auto");
      html_text (html, fm_source_get_note (source));
      html_end (html);
    }
  html_end (html);
}

static gboolean
write_claims (Report  *report,
              GError **error)
{
  Html *html = &report->html;
  guint length = fm_article_get_length (report->data->article);

  if (report->selected->len == 0)
    return TRUE;

  html_start (html, "section");
  html_attr (html, "class", "claims");
  html_attr (html, "aria-labelledby", "claims-title");
  html_start (html, "h2");
  html_attr (html, "id", "claims-title");
  html_text (html, _("The claims"));
  html_end (html);

  for (guint i = 0; i < report->selected->len; i++)
    {
      FmClaim *claim = selected_claim (report, i);
      GPtrArray *sources = selected_sources (report, i);
      FmVerdict verdict = fm_claim_get_verdict (claim);
      FmStatus status = fm_claim_get_status (claim);
      guint number = i + 1;
      g_autofree char *card_class = verdict_class ("card", verdict);
      g_autofree char *verdict_klass = verdict_class ("verdict", verdict);
      g_autofree char *status_class = g_strconcat ("status s-", fm_status_to_id (status), NULL);
      g_autofree char *number_text = g_strdup_printf ("%u", number);
      const char *summary = fm_claim_get_summary (claim);
      const char *quote = fm_claim_get_quote (claim);
      gboolean unplaced = fm_claim_get_anchor_state (claim) == FM_ANCHOR_STATE_ORPHAN;
      gboolean shown = !unplaced &&
                       MIN (fm_claim_get_start (claim), length) < MIN (fm_claim_get_end (claim), length);

      if (!report_step (report))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The export was cancelled"));
          return FALSE;
        }

      html_start (html, "article");
      html_attr (html, "class", card_class);
      html_attr_printf (html, "id", "claim-%u", number);
      html_attr_printf (html, "aria-labelledby", "claim-%u-title", number);

      html_start (html, "div");
      html_attr (html, "class", "card-head");
      html_start (html, "span");
      html_attr (html, "class", "num");
      /* Translators: read before a claim's number by screen readers only */
      html_element (html, "span", "sr", _("Claim "));
      html_text (html, number_text);
      html_end (html);
      html_start (html, "span");
      html_attr (html, "class", verdict_klass);
      html_start (html, "span");
      html_attr (html, "class", "glyph");
      html_attr (html, "aria-hidden", "true");
      html_text (html, verdict_glyph (verdict));
      html_end (html);
      html_text (html, fm_verdict_label (verdict));
      html_end (html);
      html_element (html, "span", status_class, fm_status_label (status));
      html_end (html);

      html_start (html, "h3");
      html_attr_printf (html, "id", "claim-%u-title", number);
      html_attr (html, "dir", "auto");
      if (!is_blank (summary))
        html_text (html, summary);
      else
        html_text_printf (html, "“%s”", quote ? quote : "");
      html_end (html);

      if (!is_blank (summary) && !is_blank (quote))
        {
          html_start (html, "blockquote");
          html_attr (html, "class", "quote");
          html_attr (html, "dir", "auto");
          html_start (html, "p");
          html_text (html, quote);
          html_end (html);
          html_end (html);
        }

      if (unplaced)
        html_element (html, "p", "unplaced",
                      _("These words are no longer in the article: it changed after the claim "
                        "was checked."));

      if (!is_blank (fm_claim_get_explanation (claim)))
        {
          html_element (html, "h4", NULL, _("Why"));
          html_start (html, "div");
          html_attr (html, "class", "explanation");
          write_paragraphs (html, fm_claim_get_explanation (claim));
          html_end (html);
        }

      if (sources->len > 0)
        {
          html_element (html, "h4", NULL, _("Sources"));
          html_start (html, "ol");
          html_attr (html, "class", "sources");
          for (guint k = 0; k < sources->len; k++)
            write_source (html, g_ptr_array_index (sources, k));
          html_end (html);
        }

      html_start (html, "p");
      html_attr (html, "class", "card-foot");
      if (status == FM_STATUS_APPROVED && !is_blank (fm_claim_get_reviewed_by (claim)))
        {
          g_autoptr(GDate) date = parse_date (fm_claim_get_reviewed_at (claim));

          html_text (html, _("Approved by "));
          html_bdi (html, fm_claim_get_reviewed_by (claim));
          if (date != NULL)
            {
              /* Translators: between an editor's name and a date */
              html_text (html, _(" on "));
              html_time (html, date);
            }
          html_text (html, ".");
        }
      else if (status == FM_STATUS_APPROVED)
        html_text (html, _("Approved by an editor."));
      else
        {
          /* Translators: %s is a verification status such as “Needs review” */
          html_text_printf (html, _("Not approved yet (%s)."), fm_status_label (status));
        }
      if (shown)
        {
          html_text (html, " ");
          html_start (html, "a");
          html_attr (html, "class", "back");
          html_attr_printf (html, "href", "#ref-%u", number);
          html_text (html, _("Back to the text"));
          html_end (html);
        }
      html_end (html);

      html_end (html);
    }
  html_end (html);
  return TRUE;
}

static void
write_legend (Report *report)
{
  Html *html = &report->html;

  html_start (html, "section");
  html_attr (html, "class", "legend");
  html_attr (html, "aria-labelledby", "legend-title");
  html_start (html, "h2");
  html_attr (html, "id", "legend-title");
  html_text (html, _("How claims are rated"));
  html_end (html);
  html_start (html, "dl");
  for (guint k = 0; k < G_N_ELEMENTS (scale_order); k++)
    {
      FmVerdict v = scale_order[k];
      g_autofree char *klass = verdict_class ("legend-item", v);

      html_start (html, "div");
      html_attr (html, "class", klass);
      html_start (html, "dt");
      html_element (html, "span", "swatch", NULL);
      html_start (html, "span");
      html_attr (html, "class", "glyph");
      html_attr (html, "aria-hidden", "true");
      html_text (html, verdict_glyph (v));
      html_end (html);
      html_text (html, fm_verdict_label (v));
      html_end (html);
      html_element (html, "dd", NULL, verdict_description (v));
      html_end (html);
    }
  html_end (html);
  html_end (html);
}

static void
write_footer (Report *report)
{
  Html *html = &report->html;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDate) date = NULL;

  if (report->options->generated_at != NULL)
    now = g_date_time_ref (report->options->generated_at);
  else
    now = g_date_time_new_now_local ();
  date = g_date_new_dmy (g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                         g_date_time_get_year (now));

  html_start (html, "footer");
  html_start (html, "p");
  html_text (html, _("Report made on "));
  html_time (html, date);
  html_text_printf (html, _(" with Factmark %s."), PACKAGE_VERSION);
  html_text (html, " ");
  html_text (html, _("Claims are numbered in the order they appear in the article."));
  if (report->options->approved_only)
    {
      html_text (html, " ");
      html_text (html, _("Only claims approved by an editor are included."));
    }
  html_end (html);
  html_end (html);
}

GBytes *
fm_report_build_html (FmReportData          *data,
                      const FmReportOptions *options,
                      FmProgressFunc         progress,
                      gpointer               progress_data,
                      GCancellable          *cancellable,
                      GError               **error)
{
  static const FmReportOptions defaults = FM_REPORT_OPTIONS_INIT;
  g_autoptr(GArray) selected = NULL;
  /* Translators: the language code of this translation (BCP 47), for the report's lang attribute */
  g_autofree char *lang = language_tag (C_("report language", "en"));
  Report report = { 0 };
  gboolean ok;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options == NULL)
    options = &defaults;
  selected = fm_report_select_claims (data, options);

  report.data = data;
  report.options = options;
  report.selected = selected;
  report.progress = progress;
  report.progress_data = progress_data;
  report.cancellable = cancellable;
  report.work_total = selected->len * 2;
  report.last_percent = -1;
  report.html.buffer = xmlBufferCreate ();
  report.html.writer = xmlNewTextWriterMemory (report.html.buffer, 0);
  if (report.html.writer == NULL)
    g_error ("%s: out of memory", G_STRFUNC);
  xmlTextWriterSetIndent (report.html.writer, 0);

  html_check (&report.html, xmlTextWriterWriteDTD (report.html.writer, (const xmlChar *)"html",
                                                   NULL, NULL, NULL));
  html_check (&report.html, xmlTextWriterWriteRaw (report.html.writer, (const xmlChar *)"\n"));
  html_start (&report.html, "html");
  html_attr (&report.html, "lang", lang ? lang : "en");
  write_head (&report);
  html_start (&report.html, "body");
  write_masthead (&report);
  html_start (&report.html, "main");
  write_summary (&report);
  ok = write_article_text (&report, error) && write_claims (&report, error);
  if (ok)
    {
      write_legend (&report);
      html_end (&report.html);
      write_footer (&report);
      html_end (&report.html);
      html_end (&report.html);
      html_check (&report.html, xmlTextWriterEndDocument (report.html.writer));
    }
  xmlFreeTextWriter (report.html.writer);

  if (ok && report.html.failed)
    g_error ("%s: the HTML writer failed (out of memory)", G_STRFUNC);
  if (!ok)
    {
      xmlBufferFree (report.html.buffer);
      return NULL;
    }
  if (progress != NULL)
    progress (1.0, progress_data);

  {
    gsize len = xmlBufferLength (report.html.buffer);
    char *bytes = (char *)xmlBufferDetach (report.html.buffer);

    xmlBufferFree (report.html.buffer);
    return g_bytes_new_take (bytes, len);
  }
}
