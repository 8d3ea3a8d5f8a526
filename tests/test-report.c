/* test-report.c — the HTML report and its ClaimReview JSON-LD
 *
 * The report is well-formed XML as well as HTML (the writer makes it so),
 * which lets these tests read it back exactly with libxml2's XML parser
 * and XPath, rather than with a forgiving HTML parser.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <string.h>

#include "fm-export.h"
#include "fm-report-fixtures.h"
#include "fm-report.h"
#include "fm-store.h"
#include "fm-test.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlXPathContext, xmlXPathFreeContext)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlXPathObject, xmlXPathFreeObject)

typedef struct
{
  char          *dir;
  FmStore       *store;
  char          *article_id;
  FmReportData  *data;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = fm_test_tmpdir ();
  path = g_build_filename (f->dir, "workspace.db", NULL);
  f->store = fm_store_open (path, &error);
  g_assert_no_error (error);
  f->article_id = fm_fixture_realistic (f->store);
  f->data = fm_export_collect (f->store, f->article_id, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  user_data)
{
  g_clear_pointer (&f->data, fm_report_data_unref);
  g_clear_object (&f->store);
  g_clear_pointer (&f->article_id, g_free);
  fm_test_rmtree (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

/* A fixed time, so that the report is the same on every run */
static GDateTime *
report_time (void)
{
  return g_date_time_new_utc (2026, 3, 20, 9, 30, 0);
}

static GBytes *
build (FmReportData *data,
       gboolean      approved_only)
{
  g_autoptr(GDateTime) now = report_time ();
  FmReportOptions options = FM_REPORT_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;
  GBytes *html;

  options.approved_only = approved_only;
  options.generated_at = now;
  html = fm_report_build_html (data, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (html);
  return html;
}

/* Saves the report beside the test's build files, for people to look at */
static void
save_artifact (const char *name,
               GBytes     *bytes)
{
  const char *builddir = g_getenv ("G_TEST_BUILDDIR");
  g_autofree char *dir = g_build_filename (builddir ? builddir : ".", "artifacts", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (dir, 0755);
  fm_export_write_file (path, bytes, &error);
  g_assert_no_error (error);
}

static xmlDoc *
parse (GBytes *html)
{
  gsize len;
  const char *text = g_bytes_get_data (html, &len);
  xmlDoc *doc;

  g_assert_true (g_str_has_prefix (text, "<!DOCTYPE html>\n<html lang=\""));
  doc = xmlReadMemory (text, len, "report.html", "UTF-8", XML_PARSE_NONET | XML_PARSE_NOENT);
  g_assert_nonnull (doc);
  return doc;
}

static xmlXPathObject *
query (xmlDoc     *doc,
       const char *xpath)
{
  g_autoptr(xmlXPathContext) context = xmlXPathNewContext (doc);
  xmlXPathObject *result = xmlXPathEvalExpression ((const xmlChar *)xpath, context);

  g_assert_nonnull (result);
  return result;
}

static guint
count (xmlDoc     *doc,
       const char *xpath)
{
  g_autoptr(xmlXPathObject) result = query (doc, xpath);

  return result->nodesetval ? result->nodesetval->nodeNr : 0;
}

/* Strings handed out by string_of(), freed when the tests end */
static GPtrArray *strings;

/* The XPath string value, valid until the tests end */
static const char *
string_of (xmlDoc     *doc,
           const char *xpath)
{
  g_autoptr(xmlXPathContext) context = xmlXPathNewContext (doc);
  g_autoptr(xmlXPathObject) result = NULL;
  g_autofree char *expression = g_strdup_printf ("string(%s)", xpath);
  char *value;

  result = xmlXPathEvalExpression ((const xmlChar *)expression, context);
  g_assert_nonnull (result);
  value = g_strdup ((const char *)result->stringval);
  g_ptr_array_add (strings, value);
  return value;
}

static char *
node_text (xmlNode *node)
{
  xmlChar *content = xmlNodeGetContent (node);
  char *text = g_strdup ((const char *)content);

  xmlFree (content);
  return text;
}

static const char *
attr (xmlNode    *node,
      const char *name)
{
  /* The property's text node, owned by the tree */
  xmlAttr *a = xmlHasProp (node, (const xmlChar *)name);

  return a && a->children ? (const char *)a->children->content : NULL;
}

/* The guarantees every report keeps, whatever it was made from */
static void
assert_safe (xmlDoc *doc)
{
  g_autoptr(xmlXPathObject) links = NULL;
  g_autoptr(xmlXPathObject) scripts = NULL;

  /* Nothing is loaded or run */
  g_assert_cmpstr (string_of (doc, "/html/head/meta[@http-equiv='Content-Security-Policy']/@content"),
                   ==, "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                       "base-uri 'none'; form-action 'none'");
  g_assert_cmpstr (string_of (doc, "/html/head/meta[1]/@charset"), ==, "utf-8");
  g_assert_cmpuint (count (doc, "//*[local-name()='img' or local-name()='iframe' or "
                                "local-name()='object' or local-name()='embed' or "
                                "local-name()='form' or local-name()='base' or "
                                "local-name()='link' or local-name()='input']"), ==, 0);
  g_assert_cmpuint (count (doc, "//@*[starts-with(translate(name(), 'ON', 'on'), 'on')]"), ==, 0);
  g_assert_cmpuint (count (doc, "//@style | //@src | //@srcdoc | //@action | //@formaction"),
                    ==, 0);
  g_assert_cmpuint (count (doc, "//meta[@http-equiv='refresh']"), ==, 0);

  /* Scripts only as JSON-LD data blocks, in the head */
  scripts = query (doc, "//script");
  for (int i = 0; scripts->nodesetval && i < scripts->nodesetval->nodeNr; i++)
    {
      xmlNode *script = scripts->nodesetval->nodeTab[i];

      g_assert_cmpstr (attr (script, "type"), ==, "application/ld+json");
      g_assert_cmpstr ((const char *)script->parent->name, ==, "head");
    }

  /* Links: within the report, or http(s) with the right rel */
  links = query (doc, "//a");
  for (int i = 0; links->nodesetval && i < links->nodesetval->nodeNr; i++)
    {
      xmlNode *a = links->nodesetval->nodeTab[i];
      const char *href = attr (a, "href");

      g_assert_nonnull (href);
      if (href[0] == '#')
        continue;
      g_assert_true (g_str_has_prefix (href, "https://") || g_str_has_prefix (href, "http://"));
      g_assert_cmpstr (attr (a, "rel"), ==, "noopener noreferrer nofollow");
      g_assert_null (attr (a, "target"));
    }
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *)a, y = *(const guint *)b;

  return x < y ? -1 : x > y;
}

/* Reads the article text back from the report: the text of its
 * paragraphs without the badges, and for each character the claim
 * numbers that highlight it ("1,3"). */
static void
read_article (xmlDoc     *doc,
              GString    *text,
              GPtrArray  *coverage)
{
  g_autoptr(xmlXPathObject) paragraphs = query (doc, "//div[@class='article-text']/p");

  for (int i = 0; i < paragraphs->nodesetval->nodeNr; i++)
    {
      xmlNode *p = paragraphs->nodesetval->nodeTab[i];

      if (i > 0)
        {
          g_string_append_c (text, '\n');
          g_ptr_array_add (coverage, g_strdup (""));
        }
      for (xmlNode *child = p->children; child != NULL; child = child->next)
        {
          g_autofree char *content = node_text (child);
          g_autoptr(GString) numbers = g_string_new (NULL);
          guint chars;

          if (child->type == XML_ELEMENT_NODE && g_str_equal ((const char *)child->name, "a"))
            {
              g_assert_true (g_str_has_prefix (attr (child, "class"), "ref v-"));
              continue;
            }
          if (child->type == XML_ELEMENT_NODE)
            {
              g_auto(GStrv) parts = NULL;
              g_autoptr(GArray) list = g_array_new (FALSE, FALSE, sizeof (guint));

              g_assert_cmpstr ((const char *)child->name, ==, "mark");
              g_assert_true (g_str_has_prefix (attr (child, "class"), "hl v-"));
              parts = g_strsplit (attr (child, "title"), "; ", -1);
              for (guint k = 0; parts[k] != NULL; k++)
                {
                  guint n = 0;

                  g_assert_cmpint (sscanf (parts[k], "Claim %u:", &n), ==, 1);
                  g_array_append_val (list, n);
                }
              g_array_sort (list, compare_uint);
              for (guint k = 0; k < list->len; k++)
                g_string_append_printf (numbers, "%s%u", k ? "," : "", g_array_index (list, guint, k));
            }
          g_string_append (text, content);
          chars = g_utf8_strlen (content, -1);
          for (guint k = 0; k < chars; k++)
            g_ptr_array_add (coverage, g_strdup (numbers->str));
        }
    }
}

/* For each character of @text, the numbers of the claims (in text order,
 * numbered from 1) that cover it */
static GPtrArray *
expected_coverage (FmReportData *data,
                   gboolean      approved_only,
                   guint         length)
{
  FmReportOptions options = FM_REPORT_OPTIONS_INIT;
  g_autoptr(GArray) selected = NULL;
  GPtrArray *coverage = g_ptr_array_new_with_free_func (g_free);
  g_autofree GString **sets = g_new0 (GString *, length);

  options.approved_only = approved_only;
  selected = fm_report_select_claims (data, &options);
  for (guint i = 0; i < length; i++)
    sets[i] = g_string_new (NULL);
  for (guint i = 0; i < selected->len; i++)
    {
      FmClaim *claim = fm_report_data_get_claim (data, g_array_index (selected, guint, i));

      for (guint c = fm_claim_get_start (claim); c < MIN (fm_claim_get_end (claim), length); c++)
        g_string_append_printf (sets[c], "%s%u", sets[c]->len ? "," : "", i + 1);
    }
  for (guint i = 0; i < length; i++)
    g_ptr_array_add (coverage, g_string_free (sets[i], FALSE));
  return coverage;
}

/* The text and highlights read back from @doc are @text and its claims.
 * Line breaks are paragraph ends: they are not highlighted, and empty
 * paragraphs are not written. */
static void
assert_article (xmlDoc       *doc,
                FmReportData *data,
                const char   *text,
                gboolean      approved_only)
{
  g_autoptr(GString) read = g_string_new (NULL);
  g_autoptr(GString) kept = g_string_new (NULL);
  g_autoptr(GPtrArray) coverage = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (guint));
  guint length = g_utf8_strlen (text, -1);
  const char *p = text;

  /* The text as paragraphs: runs of line breaks are one break */
  for (guint i = 0; i < length; i++, p = g_utf8_next_char (p))
    {
      if (*p == '\n' && (kept->len == 0 || kept->str[kept->len - 1] == '\n'))
        continue;
      g_string_append_unichar (kept, g_utf8_get_char (p));
      g_array_append_val (positions, i);
    }
  if (kept->len > 0 && kept->str[kept->len - 1] == '\n')
    {
      g_string_truncate (kept, kept->len - 1);
      g_array_set_size (positions, positions->len - 1);
    }

  read_article (doc, read, coverage);
  g_assert_cmpstr (read->str, ==, kept->str);
  g_assert_cmpuint (coverage->len, ==, positions->len);
  expected = expected_coverage (data, approved_only, length);
  p = kept->str;
  for (guint i = 0; i < positions->len; i++, p = g_utf8_next_char (p))
    {
      guint at = g_array_index (positions, guint, i);

      if (*p == '\n')
        continue;
      if (g_strcmp0 (g_ptr_array_index (coverage, i), g_ptr_array_index (expected, at)) != 0)
        g_error ("character %u: highlighted by claims “%s”, expected “%s”", at,
                 (const char *)g_ptr_array_index (coverage, i),
                 (const char *)g_ptr_array_index (expected, at));
    }
}

static void
test_realistic (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr(GBytes) html = build (f->data, FALSE);
  g_autoptr(xmlDoc) doc = parse (html);
  g_autofree char *text = fm_fixture_sample_text ();
  const char *checked;
  const char *footer;
  const char *draft;
  guint n = fm_report_data_get_n_claims (f->data);

  save_artifact ("report.html", html);
  assert_safe (doc);

  g_assert_cmpuint (n, ==, G_N_ELEMENTS (fm_fixture_claims));
  g_assert_cmpstr (string_of (doc, "/html/@lang"), ==, "en");
  g_assert_cmpstr (string_of (doc, "//div[@class='article-text']/@lang"), ==, "en-GB");
  g_assert_cmpstr (string_of (doc, "//h1"), ==,
                   "Harbour Bridge tolls cut traffic by a third, council says");
  g_assert_cmpstr (string_of (doc, "/html/head/title"), ==,
                   "Fact-check: Harbour Bridge tolls cut traffic by a third, council says");
  g_assert_cmpstr (string_of (doc, "//a[@class='source-link']/@href"), ==,
                   "https://northbank-courier.example/2026/03/12/harbour-bridge-tolls");
  /* The local file the article came from is nobody's business */
  g_assert_null (g_strstr_len (g_bytes_get_data (html, NULL), g_bytes_get_size (html), "file:"));
  g_assert_null (g_strstr_len (g_bytes_get_data (html, NULL), g_bytes_get_size (html), "/home/"));

  /* Every claim: a badge in the text and a card, numbered in text order */
  g_assert_cmpuint (count (doc, "//div[@class='article-text']//a"), ==, n);
  g_assert_cmpuint (count (doc, "//article[starts-with(@class, 'card ')]"), ==, n);
  for (guint i = 1; i <= n; i++)
    {
      g_autofree char *card = g_strdup_printf ("//article[@id='claim-%u']", i);
      g_autofree char *badge = g_strdup_printf ("//a[@id='ref-%u'][@href='#claim-%u']", i, i);
      g_autofree char *back = g_strdup_printf ("%s//a[@href='#ref-%u']", card, i);
      g_autofree char *number = g_strdup_printf ("%s//span[@class='num']", card);
      g_autofree char *expected_number = g_strdup_printf ("Claim %u", i);
      FmClaim *claim = fm_report_data_get_claim (f->data, i - 1);
      g_autofree char *verdict = g_strdup_printf ("%s//span[starts-with(@class, 'verdict ')]", card);
      const char *verdict_text = string_of (doc, verdict);

      g_assert_cmpuint (count (doc, card), ==, 1);
      g_assert_cmpuint (count (doc, badge), ==, 1);
      g_assert_cmpuint (count (doc, back), ==, 1);
      g_assert_cmpstr (string_of (doc, number), ==, expected_number);
      /* Label as well as colour (and a glyph before it) */
      g_assert_true (g_str_has_suffix (verdict_text, fm_verdict_label (fm_claim_get_verdict (claim))));
    }
  /* The first claim in the text is the traffic one; its card has both sources */
  g_assert_cmpstr (string_of (doc, "//article[@id='claim-1']//h3"), ==,
                   "The toll cut weekday traffic on the bridge by 34% in six months");
  g_assert_cmpuint (count (doc, "//article[@id='claim-1']//ol[@class='sources']/li"), ==, 2);
  g_assert_cmpstr (string_of (doc, "(//article[@id='claim-1']//ol/li[1]//a)[1]/@href"), ==,
                   "https://northbank.example.gov/transport/harbour-bridge-counts-2026");
  g_assert_cmpstr (string_of (doc, "(//article[@id='claim-1']//ol/li[1]//a)[2]"), ==,
                   "Archived copy");
  g_assert_cmpuint (count (doc, "//article[@id='claim-1']//div[@class='explanation']/p"), ==, 2);
  g_assert_cmpstr (string_of (doc, "//article[@id='claim-1']//p[@class='card-foot']/bdi"), ==,
                   "Maria Lopez");

  /* The text, whole, with every claim highlighted where it is */
  assert_article (doc, f->data, text, FALSE);

  /* Summary: counts and one bar per verdict used */
  g_assert_cmpstr (string_of (doc, "//p[@class='total']/strong"), ==, "9");
  g_assert_cmpuint (count (doc, "//figure[@class='chart']//*[local-name()='rect']"), ==, 7);
  g_assert_cmpstr (string_of (doc, "//figure//*[local-name()='g'][@class='v-true']/*[local-name()='text'][@class='count']"),
                   ==, "3");
  draft = string_of (doc, "//p[@class='draft-note']");
  g_assert_cmpstr (draft, ==, "Draft: 2 of 9 claims have not been approved by an editor yet.");
  checked = string_of (doc, "//p[@class='checked']");
  g_assert_nonnull (strstr (checked, "Checked by Ana Souza, Tom Reyes."));
  g_assert_nonnull (strstr (checked, "Approved by Maria Lopez"));

  g_assert_cmpuint (count (doc, "//section[@class='legend']//dt"), ==, FM_N_VERDICTS);
  footer = string_of (doc, "//footer");
  g_assert_nonnull (strstr (footer, "Report made on 20 March 2026"));

  /* The same data gives the same report */
  {
    g_autoptr(GBytes) again = build (f->data, FALSE);
    g_assert_true (g_bytes_equal (html, again));
  }
}

static void
test_approved_only (Fixture       *f,
                    gconstpointer  user_data)
{
  g_autoptr(GBytes) html = build (f->data, TRUE);
  g_autoptr(xmlDoc) doc = parse (html);
  g_autofree char *text = fm_fixture_sample_text ();
  const char *footer;

  save_artifact ("report-approved.html", html);
  assert_safe (doc);
  g_assert_cmpuint (count (doc, "//article[starts-with(@class, 'card ')]"), ==, 7);
  g_assert_cmpuint (count (doc, "//span[starts-with(@class, 'status ')][.!='Approved']"), ==, 0);
  g_assert_cmpuint (count (doc, "//p[@class='draft-note']"), ==, 0);
  g_assert_cmpuint (count (doc, "//script"), ==, 7);
  footer = string_of (doc, "//footer");
  g_assert_nonnull (strstr (footer, "Only claims approved by an editor are included."));
  assert_article (doc, f->data, text, TRUE);
}

/* Forbidden code points become U+FFFD and form feeds spaces, one for one */
static char *
cleaned (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\f')
        g_string_append_c (out, ' ');
      else if ((c < 0x20 && c != '\n' && c != '\t' && c != '\r') || (c >= 0x7f && c <= 0x9f) ||
               (c & 0xfffe) == 0xfffe)
        g_string_append (out, "\xEF\xBF\xBD");
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static void
test_hostile (void)
{
  g_autoptr(FmReportData) data = fm_fixture_hostile ();
  g_autoptr(GBytes) html = build (data, FALSE);
  g_autoptr(xmlDoc) doc = parse (html);
  g_autofree char *text = cleaned (fm_article_get_text (fm_report_data_get_article (data)));
  const char *title;
  const char *raw = g_bytes_get_data (html, NULL);
  gsize len = g_bytes_get_size (html);

  save_artifact ("report-hostile.html", html);
  assert_safe (doc);

  /* Nothing hostile survives as markup… */
  g_assert_null (g_strstr_len (raw, len, "<script>"));
  g_assert_null (g_strstr_len (raw, len, "<img"));
  g_assert_null (g_strstr_len (raw, len, "<iframe"));
  g_assert_null (g_strstr_len (raw, len, "<a href=\"javascript"));
  g_assert_null (g_strstr_len (raw, len, "href=\"data:"));
  g_assert_null (g_strstr_len (raw, len, "href=\"vbscript:"));
  g_assert_null (g_strstr_len (raw, len, "\x01"));
  /* …but all of it is there as text */
  title = string_of (doc, "//h1");
  g_assert_true (g_str_has_prefix (title, FM_HOSTILE_SCRIPT FM_HOSTILE_IMG));
  g_assert_cmpuint (count (doc, "//span[@class='src-url'][.=\"" FM_HOSTILE_JS_URL "\"]"), ==, 4);
  g_assert_cmpuint (count (doc, "//ol[@class='sources']//span[.=\"" FM_HOSTILE_DATA_URL "\"]"), ==, 4);

  /* Links are valid, and carry no credentials */
  g_assert_cmpuint (count (doc, "//a[@href='" FM_HOSTILE_IDN_HREF "']"), ==, 4);
  g_assert_cmpuint (count (doc, "//a[contains(@href, 'secret') or contains(@href, '@')]"), ==, 0);

  /* An invalid language is left out; the report's own stays */
  g_assert_cmpstr (string_of (doc, "/html/@lang"), ==, "en");
  g_assert_cmpuint (count (doc, "//div[@class='article-text'][@lang]"), ==, 0);
  /* Neither the javascript: URL nor the data: one is offered as the original */
  g_assert_cmpuint (count (doc, "//a[@class='source-link']"), ==, 0);

  /* Six cards; five badges (one claim is outside the text) */
  g_assert_cmpuint (count (doc, "//article[starts-with(@class, 'card ')]"), ==, 6);
  g_assert_cmpuint (count (doc, "//div[@class='article-text']//a"), ==, 5);
  assert_article (doc, data, text, FALSE);

  /* The data blocks hold no markup character, and parse */
  {
    g_autoptr(xmlXPathObject) scripts = query (doc, "//script");

    g_assert_cmpint (scripts->nodesetval->nodeNr, ==, 6);
    for (int i = 0; i < scripts->nodesetval->nodeNr; i++)
      {
        g_autofree char *json = node_text (scripts->nodesetval->nodeTab[i]);
        g_autoptr(JsonParser) parser = json_parser_new ();
        g_autoptr(GError) error = NULL;

        g_assert_null (strpbrk (json, "<>&"));
        json_parser_load_from_data (parser, json, -1, &error);
        g_assert_no_error (error);
      }
  }
}

/* Spans that nest, cross, repeat, cross paragraphs and cover only a line
 * break */
static void
test_overlaps (void)
{
  g_autoptr(FmArticle) article = fm_article_new ();
  g_autoptr(FmReportData) data = NULL;
  g_autoptr(GBytes) html = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  const char *text = "abcdef\nghij\n\nklm";
  const guint spans[][2] = {
    { 0, 3 }, { 1, 5 }, { 2, 4 }, { 4, 9 }, { 0, 11 }, { 1, 5 }, { 6, 7 }, { 11, 12 }, { 13, 16 },
    { 15, 16 },
  };

  fm_article_set_id (article, "6a0b3d3c-5c1e-4f55-8d0f-2f3c7a4c9e10");
  fm_article_set_title (article, "Overlaps");
  fm_article_set_text (article, text);
  data = fm_report_data_new (article);
  for (guint i = 0; i < G_N_ELEMENTS (spans); i++)
    {
      g_autoptr(FmClaim) claim = fm_claim_new ();
      g_autofree char *id = g_strdup_printf ("00000000-0000-4000-8000-%012u", i);

      fm_claim_set_id (claim, id);
      fm_claim_set_span (claim, spans[i][0], spans[i][1]);
      fm_claim_set_verdict (claim, (FmVerdict)(i % FM_N_VERDICTS));
      fm_report_data_add_claim (data, claim, NULL);
    }
  html = build (data, FALSE);
  doc = parse (html);
  assert_safe (doc);
  assert_article (doc, data, text, FALSE);
  /* Every claim keeps its badge, even the ones over a line break only */
  g_assert_cmpuint (count (doc, "//div[@class='article-text']//a"), ==, G_N_ELEMENTS (spans));
  /* Where three or more overlap, the highlight says so */
  g_assert_cmpuint (count (doc, "//mark[contains(@class, ' d3')]"), >, 0);
  /* Text order: the longer of two claims that start together comes first */
  g_assert_cmpuint (fm_claim_get_end (fm_report_data_get_claim (data, 0)), ==, 11);
}

/* After a new version of the article: a claim whose words are gone is
 * listed, never highlighted on other words, and the report says when the
 * article changed */
static void
test_revised_article (void)
{
  g_autoptr(FmArticle) article = fm_article_new ();
  g_autoptr(FmReportData) data = NULL;
  g_autoptr(GBytes) html = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(FmClaim) placed = fm_claim_new ();
  g_autoptr(FmClaim) orphan = fm_claim_new ();
  const char *changed;

  fm_article_set_id (article, "6a0b3d3c-5c1e-4f55-8d0f-2f3c7a4c9e12");
  fm_article_set_title (article, "Rates");
  fm_article_set_text (article, "Rates rose by 2 percent.\nThe board met on Monday.");
  data = fm_report_data_new (article);
  fm_report_data_set_revision (data, 2, "2026-03-18T10:00:00.000000Z");

  fm_claim_set_id (placed, "00000000-0000-4000-8000-000000000001");
  fm_claim_set_span (placed, 0, 23);
  fm_claim_set_selector (placed, "Rates rose by 2 percent", "", ".");
  fm_claim_set_verdict (placed, FM_VERDICT_TRUE);
  fm_report_data_add_claim (data, placed, NULL);
  fm_claim_set_id (orphan, "00000000-0000-4000-8000-000000000002");
  /* Its span is kept only to stay valid: it points at other words now */
  fm_claim_set_span (orphan, 25, 34);
  fm_claim_set_selector (orphan, "Fees fell by half", "", "");
  fm_claim_set_anchor (orphan, FM_ANCHOR_STATE_ORPHAN, 0.0);
  fm_claim_set_verdict (orphan, FM_VERDICT_FALSE);
  fm_report_data_add_claim (data, orphan, NULL);

  html = build (data, FALSE);
  doc = parse (html);
  assert_safe (doc);
  changed = string_of (doc, "//p[@class='changed']");
  g_assert_nonnull (strstr (changed, "The article changed after it was first checked"));
  g_assert_true (g_str_has_suffix (changed,
                                   " (version 2). 1 claim was found again in the new text. "
                                   "1 claim could not be placed in the new text; its card says so."));
  g_assert_cmpuint (count (doc, "//p[@class='changed']/time[@datetime='2026-03-18']"), ==, 1);
  /* One highlight, for the placed claim; both have cards */
  g_assert_cmpuint (count (doc, "//div[@class='article-text']//mark"), ==, 1);
  g_assert_cmpuint (count (doc, "//article[starts-with(@class, 'card')]"), ==, 2);
  g_assert_cmpuint (count (doc, "//p[@class='unplaced']"), ==, 1);
  g_assert_nonnull (strstr (string_of (doc, "//article[@id='claim-2']//h3"), "Fees fell by half"));
}

/* The note on a changed article from the claims' real anchor states */
static char *
revised_note (const FmAnchorState *states,
              guint                n_states)
{
  g_autoptr(FmArticle) article = fm_article_new ();
  g_autoptr(FmReportData) data = NULL;
  g_autoptr(GBytes) html = NULL;
  g_autoptr(xmlDoc) doc = NULL;

  fm_article_set_id (article, "6a0b3d3c-5c1e-4f55-8d0f-2f3c7a4c9e12");
  fm_article_set_title (article, "Rates");
  fm_article_set_text (article, "Rates rose by 2 percent.\nThe board met on Monday.");
  data = fm_report_data_new (article);
  fm_report_data_set_revision (data, 3, "2026-03-18T10:00:00.000000Z");
  for (guint i = 0; i < n_states; i++)
    {
      g_autoptr(FmClaim) claim = fm_claim_new ();
      g_autofree char *id = g_strdup_printf ("00000000-0000-4000-8000-0000000000%02u", i + 1);

      fm_claim_set_id (claim, id);
      fm_claim_set_span (claim, 0, 23);
      fm_claim_set_selector (claim, "Rates rose by 2 percent", "", ".");
      fm_claim_set_anchor (claim, states[i], states[i] == FM_ANCHOR_STATE_PLACED ? 1.0
                                             : states[i] == FM_ANCHOR_STATE_FLAGGED ? 0.7 : 0.0);
      fm_report_data_add_claim (data, claim, NULL);
    }
  html = build (data, FALSE);
  doc = parse (html);
  return g_strdup (string_of (doc, "//p[@class='changed']"));
}

static void
test_revised_note (void)
{
  const FmAnchorState all_placed[] = { FM_ANCHOR_STATE_PLACED, FM_ANCHOR_STATE_PLACED };
  const FmAnchorState flagged[] = { FM_ANCHOR_STATE_PLACED, FM_ANCHOR_STATE_FLAGGED,
                                    FM_ANCHOR_STATE_FLAGGED, FM_ANCHOR_STATE_PLACED,
                                    FM_ANCHOR_STATE_PLACED };
  const FmAnchorState unplaced[] = { FM_ANCHOR_STATE_ORPHAN, FM_ANCHOR_STATE_ORPHAN,
                                     FM_ANCHOR_STATE_FLAGGED };
  const FmAnchorState none_placed[] = { FM_ANCHOR_STATE_ORPHAN };
  g_autofree char *note = NULL;

  note = revised_note (all_placed, G_N_ELEMENTS (all_placed));
  g_assert_true (g_str_has_prefix (note, "The article changed after it was first checked: "));
  g_assert_cmpstr (strstr (note, " (version 3)"), ==,
                   " (version 3). Every claim was found again in the new text.");
  g_clear_pointer (&note, g_free);

  note = revised_note (flagged, G_N_ELEMENTS (flagged));
  g_assert_cmpstr (strstr (note, " (version 3)"), ==,
                   " (version 3). 3 claims were found again in the new text. "
                   "2 claims were placed approximately and wait for an editor's confirmation.");
  g_clear_pointer (&note, g_free);

  note = revised_note (unplaced, G_N_ELEMENTS (unplaced));
  g_assert_cmpstr (strstr (note, " (version 3)"), ==,
                   " (version 3). 1 claim was placed approximately and waits for an editor's "
                   "confirmation. 2 claims could not be placed in the new text; their cards say so.");
  g_clear_pointer (&note, g_free);

  note = revised_note (none_placed, G_N_ELEMENTS (none_placed));
  g_assert_cmpstr (strstr (note, " (version 3)"), ==,
                   " (version 3). 1 claim could not be placed in the new text; its card says so.");
  g_clear_pointer (&note, g_free);

  /* No claim shown: nothing to say about them */
  note = revised_note (NULL, 0);
  g_assert_cmpstr (strstr (note, " (version 3)"), ==, " (version 3).");
}

static void
test_empty (void)
{
  g_autoptr(FmArticle) article = fm_article_new ();
  g_autoptr(FmReportData) data = NULL;
  g_autoptr(GBytes) html = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  const char *total;

  fm_article_set_id (article, "6a0b3d3c-5c1e-4f55-8d0f-2f3c7a4c9e11");
  fm_article_set_text (article, "");
  data = fm_report_data_new (article);
  html = build (data, FALSE);
  doc = parse (html);
  assert_safe (doc);
  g_assert_cmpstr (string_of (doc, "//h1"), ==, "Untitled article");
  total = string_of (doc, "//p[@class='total']");
  g_assert_cmpstr (total, ==, "No claims have been marked in this article yet.");
  g_assert_cmpuint (count (doc, "//figure"), ==, 0);
  g_assert_cmpuint (count (doc, "//script"), ==, 0);
}

static void
on_progress (double   fraction,
             gpointer user_data)
{
  GArray *seen = user_data;

  g_array_append_val (seen, fraction);
}

static void
test_progress_and_cancel (Fixture       *f,
                          gconstpointer  user_data)
{
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GBytes) html = NULL;
  g_autoptr(GError) error = NULL;

  html = fm_report_build_html (f->data, NULL, on_progress, seen, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (seen->len, >, 2);
  for (guint i = 1; i < seen->len; i++)
    g_assert_cmpfloat (g_array_index (seen, double, i), >=, g_array_index (seen, double, i - 1));
  g_assert_cmpfloat (g_array_index (seen, double, seen->len - 1), ==, 1.0);
  g_clear_pointer (&html, g_bytes_unref);

  /* A report of a few claims checks for cancellation only at the end of
   * its work, so a big one is needed to see it stop early */
  g_cancellable_cancel (cancellable);
  {
    g_autoptr(FmArticle) article = fm_article_new ();
    g_autoptr(FmReportData) big = NULL;
    g_autoptr(GString) text = g_string_new (NULL);

    for (guint i = 0; i < 500; i++)
      g_string_append (text, "A sentence that makes a claim. ");
    fm_article_set_id (article, "6a0b3d3c-5c1e-4f55-8d0f-2f3c7a4c9e12");
    fm_article_set_text (article, text->str);
    big = fm_report_data_new (article);
    for (guint i = 0; i < 500; i++)
      {
        g_autoptr(FmClaim) claim = fm_claim_new ();

        fm_claim_set_span (claim, i * 31, i * 31 + 29);
        fm_report_data_add_claim (big, claim, NULL);
      }
    html = fm_report_build_html (big, NULL, NULL, NULL, cancellable, &error);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_null (html);
  }
}

static void
test_claim_review (Fixture       *f,
                   gconstpointer  user_data)
{
  g_autoptr(GBytes) html = build (f->data, FALSE);
  g_autoptr(xmlDoc) doc = parse (html);
  g_autoptr(xmlXPathObject) scripts = query (doc, "//script");
  guint with_verdict = 0;

  for (guint i = 0; i < fm_report_data_get_n_claims (f->data); i++)
    if (fm_claim_get_verdict (fm_report_data_get_claim (f->data, i)) != FM_VERDICT_UNRATED)
      with_verdict++;
  g_assert_cmpint (scripts->nodesetval->nodeNr, ==, with_verdict);

  for (int i = 0; i < scripts->nodesetval->nodeNr; i++)
    {
      g_autofree char *json = node_text (scripts->nodesetval->nodeTab[i]);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonObject *review, *rating, *item, *appearance;
      const char *url;
      guint number = 0;
      FmClaim *claim;
      FmVerdict verdict;

      json_parser_load_from_data (parser, json, -1, &error);
      g_assert_no_error (error);
      review = json_node_get_object (json_parser_get_root (parser));
      g_assert_cmpstr (json_object_get_string_member (review, "@context"), ==, "https://schema.org");
      g_assert_cmpstr (json_object_get_string_member (review, "@type"), ==, "ClaimReview");
      url = json_object_get_string_member (review, "url");
      g_assert_cmpint (sscanf (url, "#claim-%u", &number), ==, 1);
      claim = fm_report_data_get_claim (f->data, number - 1);
      verdict = fm_claim_get_verdict (claim);
      g_assert_cmpstr (json_object_get_string_member (review, "claimReviewed"), ==,
                       fm_claim_get_summary (claim));
      g_assert_true (g_regex_match_simple ("^\\d{4}-\\d{2}-\\d{2}$",
                                           json_object_get_string_member (review, "datePublished"),
                                           0, 0));
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (review, "author"), "name"),
                       ==, fm_claim_get_status (claim) == FM_STATUS_APPROVED ? "Maria Lopez" : "Ana Souza");

      rating = json_object_get_object_member (review, "reviewRating");
      g_assert_cmpstr (json_object_get_string_member (rating, "@type"), ==, "Rating");
      g_assert_cmpstr (json_object_get_string_member (rating, "alternateName"), ==,
                       fm_verdict_label (verdict));
      if (fm_verdict_rating_value (verdict) > 0)
        {
          g_assert_cmpint (json_object_get_int_member (rating, "ratingValue"), ==,
                           fm_verdict_rating_value (verdict));
          g_assert_cmpint (json_object_get_int_member (rating, "bestRating"), ==, 5);
          g_assert_cmpint (json_object_get_int_member (rating, "worstRating"), ==, 1);
        }
      else
        g_assert_false (json_object_has_member (rating, "ratingValue"));

      item = json_object_get_object_member (review, "itemReviewed");
      g_assert_cmpstr (json_object_get_string_member (item, "@type"), ==, "Claim");
      g_assert_cmpstr (json_object_get_string_member (item, "datePublished"), ==, "2026-03-12");
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (item, "author"), "name"),
                       ==, "Mira Okafor");
      appearance = json_object_get_object_member (item, "appearance");
      g_assert_cmpstr (json_object_get_string_member (appearance, "url"), ==,
                       "https://northbank-courier.example/2026/03/12/harbour-bridge-tolls");
    }

  /* Published elsewhere, by a newsroom */
  {
    FmReportOptions options = FM_REPORT_OPTIONS_INIT;
    g_autoptr(JsonNode) root = NULL;
    JsonArray *array;
    JsonObject *first;

    options.report_url = "https://factcheck.example/harbour-bridge#top";
    options.organization = "Northbank Courier Fact Check";
    root = fm_report_build_claim_reviews (f->data, &options);
    array = json_node_get_array (root);
    g_assert_cmpuint (json_array_get_length (array), ==, with_verdict);
    first = json_array_get_object_element (array, 0);
    g_assert_cmpstr (json_object_get_string_member (first, "url"), ==,
                     "https://factcheck.example/harbour-bridge#claim-1");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (first, "author"), "@type"),
                     ==, "Organization");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (first, "author"), "name"),
                     ==, "Northbank Courier Fact Check");
  }

  /* Alone, as a file */
  {
    g_autoptr(GBytes) file = NULL;
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(GError) error = NULL;

    file = fm_export_build (f->data, FM_EXPORT_FORMAT_CLAIM_REVIEW, NULL, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    json_parser_load_from_data (parser, g_bytes_get_data (file, NULL), g_bytes_get_size (file), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (json_parser_get_root (parser))),
                      ==, with_verdict);
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  strings = g_ptr_array_new_with_free_func (g_free);

  g_test_add ("/report/realistic", Fixture, NULL, fixture_set_up, test_realistic, fixture_tear_down);
  g_test_add ("/report/approved-only", Fixture, NULL, fixture_set_up, test_approved_only,
              fixture_tear_down);
  g_test_add_func ("/report/hostile", test_hostile);
  g_test_add_func ("/report/overlaps", test_overlaps);
  g_test_add_func ("/report/empty", test_empty);
  g_test_add_func ("/report/revised-article", test_revised_article);
  g_test_add_func ("/report/revised-note", test_revised_note);
  g_test_add ("/report/progress-and-cancel", Fixture, NULL, fixture_set_up,
              test_progress_and_cancel, fixture_tear_down);
  g_test_add ("/report/claim-review", Fixture, NULL, fixture_set_up, test_claim_review,
              fixture_tear_down);

  status = g_test_run ();
  g_ptr_array_unref (strings);
  return status;
}
