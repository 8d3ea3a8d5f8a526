/* test-extract.c — the article in a web page: one fixture per rule */
#include "config.h"

#include <string.h>

#include "fm-extract.h"
#include "fm-import.h"
#include "fm-test.h"

static GBytes *
fixture (const char *name)
{
  g_autofree char *path = fm_test_source_file ("fixtures", "extract", name, NULL);
  g_autoptr(GError) error = NULL;
  char *data;
  gsize len;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

static FmExtractResult *
extract_bytes (GBytes     *bytes,
               const char *http_charset)
{
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  FmExtractResult *result = fm_extract_html (data, len, http_charset, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_true (g_utf8_validate (result->text, -1, NULL));
  return result;
}

static FmExtractResult *
extract_fixture (const char *name)
{
  g_autoptr(GBytes) bytes = fixture (name);

  return extract_bytes (bytes, NULL);
}

/* The paragraphs of the text, one per line */
static GStrv
paragraphs (FmExtractResult *result)
{
  return g_strsplit (result->text, "\n", -1);
}

static guint
count_paragraph (FmExtractResult *result,
                 const char      *para)
{
  g_auto(GStrv) paras = paragraphs (result);
  guint n = 0;

  for (guint i = 0; paras[i] != NULL; i++)
    n += g_str_equal (paras[i], para);
  return n;
}

#define assert_has(result, s) g_assert_nonnull (strstr ((result)->text, (s)))
#define assert_lacks(result, s) g_assert_null (strstr ((result)->text, (s)))

static void
test_boilerplate (void)
{
  g_autoptr(FmExtractResult) r = extract_fixture ("boilerplate.html");
  static const char * const furniture[] = {
    "cookies", "Home", "Weather", "Most read", "Lighthouse gets new keeper", "Share on",
    "Related stories", "Ferry fares to rise", "Reader comment", "All rights reserved",
  };
  g_auto(GStrv) paras = paragraphs (r);

  assert_has (r, "The harbour council voted on Tuesday");
  assert_has (r, "shift workers at the hospital");
  assert_has (r, "about 410,000 euros a year");
  assert_has (r, "“We heard from nurses, bakers and cleaners");
  for (guint i = 0; i < G_N_ELEMENTS (furniture); i++)
    {
      if (strstr (r->text, furniture[i]) != NULL)
        g_error ("furniture “%s” left in: %s", furniture[i], r->text);
    }
  /* Four paragraphs, in order */
  g_assert_cmpuint (g_strv_length (paras), ==, 4);
  g_assert_true (g_str_has_prefix (paras[0], "The harbour council"));
  g_assert_true (g_str_has_prefix (paras[3], "“We heard"));

  /* The title without the site; the byline out of the text */
  g_assert_cmpstr (r->title, ==, "Harbour council votes to keep the night ferry");
  g_assert_cmpstr (r->byline, ==, "By Maren Holt");
  assert_lacks (r, "Maren Holt");
  g_assert_cmpstr (r->lang, ==, "en-GB");
}

static void
test_duplicate_caption (void)
{
  g_autoptr(FmExtractResult) r = extract_fixture ("captions.html");

  g_assert_cmpuint (count_paragraph (r, "The flooded quarry floor at low tide, seen from the north rim."),
                    ==, 1);
  assert_has (r, "Twenty years after the quarry closed");
  assert_has (r, "Marine biologists");
  assert_has (r, "The landowner plans");
}

/* Paragraphs that happen to repeat are not captions and stay */
static void
test_repeated_paragraphs_kept (void)
{
  static const char page[] =
    "<html><head><title>Chorus</title></head><body><div class='article'>"
    "<p>The same long sentence is sung again and again by the choir, as the refrain of the song.</p>"
    "<p>The same long sentence is sung again and again by the choir, as the refrain of the song.</p>"
    "<p>Between the refrains the soloist sings the verses, which tell the story of the ship and its crew.</p>"
    "<p>The same long sentence is sung again and again by the choir, as the refrain of the song.</p>"
    "</div></body></html>";
  g_autoptr(GBytes) bytes = g_bytes_new_static (page, strlen (page));
  g_autoptr(FmExtractResult) r = extract_bytes (bytes, NULL);

  g_assert_cmpuint (count_paragraph (r, "The same long sentence is sung again and again by the "
                                        "choir, as the refrain of the song."), ==, 3);
}

static void
test_structure (void)
{
  g_autoptr(FmExtractResult) r = extract_fixture ("structure.html");
  static const char * const expected[] = {
    "A tide table lists, for each day, the times of high and low water at one place and the "
    "height of the water at those times, measured from a fixed level called chart datum.",
    "What the columns mean",
    "Most tables give four tides a day, two high and two low, though on some days one of them "
    "falls just after midnight and so appears on the next line, which confuses many first-time "
    "readers.",
    "Time: the local time of the high or low water.",
    "Height: metres above chart datum.",
    "Range: the difference between a high and the low before it.",
    "Spring and neap tides",
    "Around full and new moon the range is largest, and the tides are called spring tides; "
    "around the quarter moons the range is smallest, and they are called neap tides, whatever "
    "the season.",
    "Find the date.",
    "Read the time of the next low water.",
    "Add the hour for summer time if the table does not.",
    "Never trust the table alone: wind and air pressure can move the sea by half a metre.",
    "HW 06:12 4.8 m",
    "LW 12:31 0.9 m",
    "With a little practice the table becomes the first thing anyone who walks the sands checks "
    "in the morning, before the weather forecast and long before the news.",
  };
  g_auto(GStrv) paras = paragraphs (r);

  /* Every heading, list item, quote and line of preformatted text is a
   * paragraph of its own, in the order of the page; the h1 that repeats
   * the title is not in the text */
  g_assert_cmpuint (g_strv_length (paras), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (paras[i], ==, expected[i]);
  g_assert_cmpstr (r->title, ==, "How to read a tide table");
}

static void
test_table_rows (void)
{
  static const char page[] =
    "<html><head><title>Winter timetable</title></head><body><div class='article'>"
    "<p>The winter timetable starts on Monday, with fewer crossings in the middle of the day and "
    "an extra early one for the hospital's morning shift, the operator said.</p>"
    "<table><thead><tr><th>Ferry</th><th>Departs</th><th></th><th>Arrives</th></tr></thead>"
    "<tbody><tr><td>Early</td><td>05:40</td><td></td><td>06:05</td></tr>"
    "<tr><td>Morning</td><td>07:10</td><td><img src='x.png'></td><td>07:35</td></tr></tbody></table>"
    "<p>Tickets bought for the summer timetable stay valid until the end of the year, and the "
    "operator will refund any that cannot be used because a crossing was cut.</p>"
    "</div></body></html>";
  g_autoptr(GBytes) bytes = g_bytes_new_static (page, strlen (page));
  g_autoptr(FmExtractResult) r = extract_bytes (bytes, NULL);

  /* One line per row, cells apart, empty cells left out */
  g_assert_cmpuint (count_paragraph (r, "Ferry | Departs | Arrives"), ==, 1);
  g_assert_cmpuint (count_paragraph (r, "Early | 05:40 | 06:05"), ==, 1);
  g_assert_cmpuint (count_paragraph (r, "Morning | 07:10 | 07:35"), ==, 1);
}

static void
test_charset_meta (void)
{
  g_autoptr(FmExtractResult) r = extract_fixture ("charset-meta.html");

  g_assert_cmpstr (r->charset, ==, "WINDOWS-1252");
  g_assert_cmpstr (r->title, ==, "Café owners fight the new terrace tax");
  assert_has (r, "The owners of the “Café du Port” say");
}

static void
test_charset_http (void)
{
  g_autoptr(GBytes) bytes = fixture ("charset-http.html");
  g_autoptr(FmExtractResult) r = extract_bytes (bytes, "windows-1251");
  g_autoptr(FmExtractResult) without = extract_bytes (bytes, NULL);

  /* The header wins over the page's own (wrong) declaration */
  g_assert_cmpstr (r->title, ==, "Паром снова ходит по расписанию");
  assert_has (r, "Паром через залив снова ходит по расписанию");
  g_assert_cmpstr (r->lang, ==, "ru");
  /* Without it, the declaration (Latin-1) is all there is to go by */
  g_assert_cmpstr (without->charset, ==, "WINDOWS-1252");
  g_assert_null (strstr (without->text, "Паром"));
}

static void
test_charset_bom (void)
{
  g_autoptr(FmExtractResult) r = extract_fixture ("charset-bom.html");

  g_assert_cmpstr (r->charset, ==, "UTF-16LE");
  g_assert_cmpstr (r->title, ==, "Fähre über die Förde fährt wieder");
  assert_has (r, "Die Fähre über die Förde fährt nach zwei Wochen");
}

static void
test_charset_sniff (void)
{
  static const struct { const char *bytes; const char *header; const char *charset; } cases[] = {
    { "\xEF\xBB\xBF<meta charset=latin1><p>x", NULL, "UTF-8" },         /* BOM first */
    { "\xFF\xFE<\0p\0>\0", "utf-8", "UTF-16LE" },
    { "<meta charset=\"koi8-r\"><p>\xF0\xD2\xC9", NULL, "koi8-r" },
    { "<meta http-equiv=Content-Type content='text/html; charset=Shift_JIS'>", NULL, "CP932" },
    { "<!-- <meta charset=koi8-r> --><meta charset=utf-8>", NULL, "UTF-8" },
    { "<p>caf\xE9</p>", NULL, "WINDOWS-1252" },                       /* not UTF-8 */
    { "<p>caf\xC3\xA9</p>", NULL, "UTF-8" },
    { "<p>caf\xE9</p>", "iso-8859-2", "iso-8859-2" },                 /* the header */
    /* Saved as UTF-8 with the old declaration left in */
    { "<meta charset=gb2312><p>\xE4\xB8\xAD\xE6\x96\x87</p>", NULL, "UTF-8" },
    { "<meta charset=no-such-charset><p>x</p>", NULL, "UTF-8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize len = cases[i].bytes[0] == '\xFF' ? 8 : strlen (cases[i].bytes);
      g_autofree char *charset = fm_extract_sniff_charset (cases[i].bytes, len, cases[i].header);

      g_assert_cmpstr (charset, ==, cases[i].charset);
    }
}

static void
test_meta_json_ld (void)
{
  g_autoptr(FmExtractResult) r = extract_fixture ("jsonld.html");

  g_assert_cmpstr (r->title, ==, "Lifeboat crew rescues two kayakers");
  g_assert_cmpstr (r->byline, ==, "Tove Lund, Arne Berg");
  g_assert_cmpstr (r->site_name, ==, "Harbour News");
  g_assert_cmpstr (r->published, ==, "2026-03-14T09:30:00+01:00");
  g_assert_cmpstr (r->excerpt, ==, "Two kayakers were brought ashore after being swept past "
                                   "the breakwater.");
  assert_lacks (r, "schema.org");
  assert_lacks (r, "NewsArticle");
}

static void
test_meta_opengraph (void)
{
  g_autoptr(GBytes) bytes = fixture ("opengraph.html");
  g_autoptr(GError) error = NULL;
  g_autoptr(FmExtractResult) r = NULL;

  r = fm_extract_html (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL,
                       "https://example.org/news/?p=1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (r->title, ==, "New breakwater lights are switched on");
  g_assert_cmpstr (r->site_name, ==, "The Pier Post");
  g_assert_cmpstr (r->published, ==, "2026-02-01T18:00:00Z");
  /* article:author is a link here, so the author meta tag is the byline */
  g_assert_cmpstr (r->byline, ==, "Jonas Quay");
  g_assert_cmpstr (r->canonical_url, ==, "https://example.org/news/breakwater-lights");
  g_assert_null (r->lang);
}

static void
test_meta_dublin_core (void)
{
  g_autoptr(FmExtractResult) r = extract_fixture ("dublin-core.html");

  g_assert_cmpstr (r->title, ==, "Le vieux phare rouvre ses portes");
  g_assert_cmpstr (r->byline, ==, "Camille Rivage");
  g_assert_cmpstr (r->excerpt, ==, "Le phare accueille de nouveau les visiteurs.");
  g_assert_cmpstr (r->lang, ==, "fr");
}

static void
test_meta_tags (void)
{
  g_autoptr(FmExtractResult) r = extract_fixture ("meta-tags.html");

  g_assert_cmpstr (r->title, ==, "Veerboot krijgt nieuwe steiger");
  g_assert_cmpstr (r->byline, ==, "Pieter Havenga");
  g_assert_cmpstr (r->published, ==, "2026-01-20T07:45:00Z");
  g_assert_null (r->site_name);
  g_assert_cmpstr (r->lang, ==, "nl");
}

static void
test_meta_document (void)
{
  g_autoptr(GBytes) bytes = fixture ("document-meta.html");
  g_autoptr(GError) error = NULL;
  g_autoptr(FmExtractResult) r = NULL;

  r = fm_extract_html (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL,
                       "https://beach.example.net/2026/x?ref=feed", &error);
  g_assert_no_error (error);
  /* " » Beach Weekly" cut from <title>; the byline from rel="author" */
  g_assert_cmpstr (r->title, ==, "Surf club rebuilds its clubhouse after the storm");
  g_assert_cmpstr (r->byline, ==, "Kai Moana");
  g_assert_cmpstr (r->lang, ==, "en-AU");
  g_assert_cmpstr (r->canonical_url, ==, "https://beach.example.net/2026/surf-club-rebuilds");
  assert_lacks (r, "Kai Moana");
  /* The h1 that repeats the title is not a paragraph */
  g_assert_cmpuint (count_paragraph (r, "Surf club rebuilds its clubhouse after the storm"), ==, 0);
}

static void
test_title_separators (void)
{
  static const struct { const char *title; const char *expected; } cases[] = {
    { "Storm closes the coastal road for two days | Harbour News", "Storm closes the coastal road for two days" },
    { "Storm closes the coastal road for two days – Harbour News", "Storm closes the coastal road for two days" },
    { "Harbour News - Storm closes the coastal road for two days", "Storm closes the coastal road for two days" },
    { "Short title | Site", "Short title | Site" },
    { "News: Storm closes the coastal road for two days", "Storm closes the coastal road for two days" },
    { "Thread safety (libfoo: a small library for many things)",
      "Thread safety (libfoo: a small library for many things)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *page = g_strdup_printf (
        "<html><head><title>%s</title></head><body><div><p>%s</p><p>%s</p></div></body></html>",
        cases[i].title,
        "A paragraph of the article long enough to count, with commas, and more words, and "
        "more, so that it is read as the article and nothing else is.",
        "A second paragraph of the article, also long enough to count, with a comma or two, "
        "so that the page has enough text to be an article of its own.");
      g_autoptr(GBytes) bytes = g_bytes_new (page, strlen (page));
      g_autoptr(FmExtractResult) r = extract_bytes (bytes, NULL);

      g_assert_cmpstr (r->title, ==, cases[i].expected);
    }
}

/* Hostile pages */

static void
test_leaks (void)
{
  g_autoptr(FmExtractResult) r = extract_fixture ("leaks.html");
  static const char * const leaks[] = {
    "LEAK", "alert", "document.write", "enable scripts", "e-mail", "ads.example.org",
  };

  for (guint i = 0; i < G_N_ELEMENTS (leaks); i++)
    if (strstr (r->text, leaks[i]) != NULL)
      g_error ("“%s” leaked into the text: %s", leaks[i], r->text);
  assert_has (r, "Fishing quotas for next year were agreed");
  assert_has (r, "The fishermen's association");
  assert_has (r, "Environmental groups");
}

static void
test_broken_markup (void)
{
  g_autoptr(FmExtractResult) r = extract_fixture ("broken.html");

  assert_has (r, "Unclosed bold and italic text in a paragraph");
  assert_has (r, "A second paragraph without a closing tag");
  assert_has (r, "Stray &bogus; entities");
  g_assert_cmpstr (r->title, ==, "Broken markup still reads");
}

static void
test_deep_nesting (void)
{
  const guint depth = 100000;
  g_autoptr(GString) page = g_string_new ("<html><head><title>Deep</title></head><body><p>");
  g_autoptr(FmExtractResult) r = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_string_append (page, "The first paragraph of a page that nests its elements deeper than any "
                         "real page does, to the point where a recursive walk would crash.</p>");
  for (guint i = 0; i < depth; i++)
    g_string_append (page, i % 2 ? "<span>" : "<div>");
  g_string_append (page, "deep inside");
  for (guint i = depth; i > 0; i--)
    g_string_append (page, (i - 1) % 2 ? "</span>" : "</div>");
  g_string_append (page, "<p>The last paragraph, after all that nesting is closed again, is "
                         "still read as part of the article, with a comma, and more.</p>"
                         "</body></html>");
  bytes = g_bytes_new (page->str, page->len);
  r = extract_bytes (bytes, NULL);

  assert_has (r, "The first paragraph of a page");
  assert_has (r, "deep inside");
  assert_has (r, "The last paragraph");

  /* Unclosed, too */
  g_string_truncate (page, 0);
  for (guint i = 0; i < depth; i++)
    g_string_append (page, "<ul><li>");
  g_string_append (page, "<p>An article at the bottom of a hundred thousand lists, long enough to "
                         "count, with commas, and with a few more words to make it a paragraph.");
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = g_bytes_new (page->str, page->len);
  {
    g_autoptr(FmExtractResult) r2 = extract_bytes (bytes, NULL);
    assert_has (r2, "An article at the bottom");
  }
}

/* JSON-LD nested far too deep (json-glib parses by recursion and would
 * overflow the stack) or followed by more JSON (json-glib would drop it and
 * leak): the script is not read, the article is */
static void
test_deep_json_ld (void)
{
  const guint depth = 200000;
  g_autoptr(GString) page = g_string_new ("<html><head><title>Deep data</title>"
                                          "<script type=\"application/ld+json\">");
  g_autoptr(FmExtractResult) r = NULL;
  g_autoptr(FmExtractResult) r2 = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *article = "</script></head><body><p>A page whose structured data nests its "
                        "arrays two hundred thousand deep, with commas, and words.</p></body></html>";

  for (guint i = 0; i < depth; i++)
    g_string_append_c (page, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (page, ']');
  g_string_append (page, article);
  bytes = g_bytes_new (page->str, page->len);
  r = extract_bytes (bytes, NULL);
  assert_has (r, "two hundred thousand deep");
  g_assert_null (r->byline);

  g_string_assign (page, "<html><head><title>Two objects</title>"
                         "<script type=\"application/ld+json\">"
                         "{\"@type\":\"NewsArticle\",\"author\":{\"name\":\"First\"}}"
                         "{\"@type\":\"NewsArticle\",\"author\":{\"name\":\"Second\"}}");
  g_string_append (page, article);
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = g_bytes_new (page->str, page->len);
  r2 = extract_bytes (bytes, NULL);
  assert_has (r2, "two hundred thousand deep");
  g_assert_null (r2->byline);
}

static void
test_huge_attribute (void)
{
  g_autoptr(GString) page = g_string_new ("<html><head><title>Huge</title></head><body><div class=\"");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(FmExtractResult) r = NULL;

  for (guint i = 0; i < 12 * 1024 * 1024 / 8; i++)
    g_string_append (page, "aaaaaaaa");
  g_string_append (page, "\" data-x='");
  for (guint i = 0; i < 1024 * 1024 / 8; i++)
    g_string_append (page, "<>\"&<>\"&");
  g_string_append (page, "'><p>The article in a div whose class name is twelve megabytes long, "
                         "which the extractor must read without trouble, and more words.</p>"
                         "<p>A second paragraph, so that there is enough article text, with "
                         "commas, and more words, and still more words to read.</p></div>"
                         "</body></html>");
  bytes = g_bytes_new (page->str, page->len);
  r = extract_bytes (bytes, NULL);
  assert_has (r, "The article in a div whose class name");
  assert_lacks (r, "aaaa");
}

static void
test_too_many_tags (void)
{
  g_autoptr(GString) page = g_string_new ("<html><body><p>");
  g_autoptr(GError) error = NULL;
  g_autoptr(FmExtractResult) r = NULL;

  for (guint i = 0; i <= FM_EXTRACT_MAX_TAGS; i++)
    g_string_append (page, "<i>");
  r = fm_extract_html (page->str, page->len, NULL, NULL, &error);
  g_assert_null (r);
  g_assert_error (error, FM_EXTRACT_ERROR, FM_EXTRACT_ERROR_TOO_LARGE);
}

/* An external DTD and an external entity must not be read */
static void
test_external_entities (void)
{
  g_autofree char *dir = fm_test_tmpdir ();
  g_autofree char *secret = g_build_filename (dir, "secret.txt", NULL);
  g_autofree char *dtd = g_build_filename (dir, "evil.dtd", NULL);
  g_autofree char *secret_uri = g_filename_to_uri (secret, NULL, NULL);
  g_autofree char *dtd_uri = g_filename_to_uri (dtd, NULL, NULL);
  g_autofree char *page = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(FmExtractResult) r = NULL;

  g_assert_true (g_file_set_contents (secret, "SECRETMARKER", -1, NULL));
  g_assert_true (g_file_set_contents (dtd, "<!ENTITY dtdent \"DTDMARKER\">", -1, NULL));
  page = g_strdup_printf ("<!DOCTYPE html SYSTEM \"%s\" [<!ENTITY xxe SYSTEM \"%s\">]>"
                          "<html><head><title>Entities</title></head><body><div>"
                          "<p>External entity: &xxe; and DTD entity: &dtdent; in a paragraph "
                          "that is long enough, with commas, to be read as the article.</p>"
                          "<p>A second paragraph, so that there is enough article text, with "
                          "commas, and more words, and still more words to read.</p>"
                          "</div></body></html>", dtd_uri, secret_uri);
  bytes = g_bytes_new (page, strlen (page));
  r = extract_bytes (bytes, NULL);
  assert_has (r, "External entity:");
  assert_lacks (r, "SECRETMARKER");
  assert_lacks (r, "DTDMARKER");
  fm_test_rmtree (dir);
}

static void
test_no_article (void)
{
  static const char * const pages[] = {
    "<html><head><title>Empty</title></head><body></body></html>",
    "<html><body><script>var a = 1;</script><style>p { color: red; }</style></body></html>",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FmExtractResult) r = fm_extract_html (pages[i], strlen (pages[i]), NULL, NULL, &error);

      g_assert_null (r);
      g_assert_error (error, FM_EXTRACT_ERROR, FM_EXTRACT_ERROR_NO_ARTICLE);
    }
}

/* Pages through fm-import: detection, normalisation, original bytes */

static void
test_import_html (void)
{
  g_autoptr(GBytes) bytes = fixture ("structure.html");
  g_autoptr(GError) error = NULL;
  g_autoptr(FmArticle) article = NULL;
  GBytes *original;

  article = fm_import_bytes (bytes, "tides.html", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fm_article_get_source_format (article), ==, "html");
  g_assert_cmpstr (fm_article_get_title (article), ==, "How to read a tide table");
  g_assert_cmpstr (fm_article_get_lang (article), ==, "en");
  g_assert_true (g_str_has_prefix (fm_article_get_text (article), "A tide table lists"));
  g_assert_nonnull (strstr (fm_article_get_text (article), "\nHW 06:12 4.8 m\nLW 12:31 0.9 m\n"));
  original = fm_article_get_original (article);
  g_assert_true (g_bytes_equal (original, bytes));
}

static void
test_import_detects_html (void)
{
  static const char page[] =
    "  <!DOCTYPE html><html><head><title>Sniffed</title></head><body><div>"
    "<p>Cafe\xCC\x81 owners say the terrace tax, charged per square metre of pavement, would cost "
    "them more than their rent, and they want it delayed.</p>"
    "<p>The town says the tax will pay for wider pavements and new benches along the harbour "
    "front, and cafes with fewer tables will pay less.</p></div></body></html>";
  g_autoptr(GBytes) bytes = g_bytes_new_static (page, strlen (page));
  g_autoptr(GError) error = NULL;
  g_autoptr(FmArticle) article = NULL;

  g_assert_true (fm_import_is_html (bytes, "page.txt"));
  g_assert_true (fm_import_is_html (bytes, NULL));
  {
    g_autoptr(GBytes) text = g_bytes_new_static ("Just text <b>with a tag</b>.", 28);
    g_assert_false (fm_import_is_html (text, "notes.txt"));
    g_assert_true (fm_import_is_html (text, "notes.HTM"));
  }

  /* Named .txt, but a page: read as one, and normalised to NFC */
  article = fm_import_bytes (bytes, "page.txt", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fm_article_get_source_format (article), ==, "html");
  g_assert_cmpstr (fm_article_get_title (article), ==, "Sniffed");
  g_assert_true (g_str_has_prefix (fm_article_get_text (article), "Caf\xC3\xA9 owners say"));
  g_assert_null (strchr (fm_article_get_text (article), '<'));
}

static void
test_import_no_title (void)
{
  static const char page[] =
    "<html><body><div><p>A page without any title at all, long enough to be an article, with "
    "commas, and words, and more words.</p><p>And a second paragraph, which is also long "
    "enough to count, and then some more words.</p></div></body></html>";
  g_autoptr(GBytes) bytes = g_bytes_new_static (page, strlen (page));
  g_autoptr(FmArticle) guessed = fm_import_bytes (bytes, "ferry-news.html", 0, NULL);
  g_autoptr(FmArticle) untitled = fm_import_bytes (bytes, "ferry-news.html",
                                                   FM_IMPORT_FLAGS_NO_TITLE_GUESS, NULL);

  g_assert_cmpstr (fm_article_get_title (guessed), ==, "ferry-news");
  g_assert_cmpstr (fm_article_get_title (untitled), ==, "");
}

static void
test_import_errors (void)
{
  g_autoptr(GError) error = NULL;
  static const char page[] = "<html><body><script>var x;</script> <img src=a.png> </body></html>";
  g_autoptr(GBytes) bytes = g_bytes_new_static (page, strlen (page));
  g_autoptr(FmArticle) article = fm_import_bytes (bytes, "x.html", 0, &error);

  g_assert_null (article);
  g_assert_error (error, FM_IMPORT_ERROR, FM_IMPORT_ERROR_NO_ARTICLE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/extract/boilerplate", test_boilerplate);
  g_test_add_func ("/extract/duplicate-caption", test_duplicate_caption);
  g_test_add_func ("/extract/repeated-paragraphs-kept", test_repeated_paragraphs_kept);
  g_test_add_func ("/extract/structure", test_structure);
  g_test_add_func ("/extract/table-rows", test_table_rows);
  g_test_add_func ("/extract/charset/meta", test_charset_meta);
  g_test_add_func ("/extract/charset/http", test_charset_http);
  g_test_add_func ("/extract/charset/bom", test_charset_bom);
  g_test_add_func ("/extract/charset/sniff", test_charset_sniff);
  g_test_add_func ("/extract/meta/json-ld", test_meta_json_ld);
  g_test_add_func ("/extract/meta/opengraph", test_meta_opengraph);
  g_test_add_func ("/extract/meta/dublin-core", test_meta_dublin_core);
  g_test_add_func ("/extract/meta/tags", test_meta_tags);
  g_test_add_func ("/extract/meta/document", test_meta_document);
  g_test_add_func ("/extract/title-separators", test_title_separators);
  g_test_add_func ("/extract/hostile/leaks", test_leaks);
  g_test_add_func ("/extract/hostile/broken-markup", test_broken_markup);
  g_test_add_func ("/extract/hostile/deep-nesting", test_deep_nesting);
  g_test_add_func ("/extract/hostile/deep-json-ld", test_deep_json_ld);
  g_test_add_func ("/extract/hostile/huge-attribute", test_huge_attribute);
  g_test_add_func ("/extract/hostile/external-entities", test_external_entities);
  g_test_add_func ("/extract/hostile/too-many-tags", test_too_many_tags);
  g_test_add_func ("/extract/no-article", test_no_article);
  g_test_add_func ("/import/html", test_import_html);
  g_test_add_func ("/import/detects-html", test_import_detects_html);
  g_test_add_func ("/import/no-title", test_import_no_title);
  g_test_add_func ("/import/html-errors", test_import_errors);

  return g_test_run ();
}
