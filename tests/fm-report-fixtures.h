/* fm-report-fixtures.h — articles and claims for the report and export tests
 *
 * A realistic fact-check (the sample article, with verdicts, explanations,
 * sources, overlapping claims and an editor's approvals), made through the
 * store as the app makes it; and a hostile one, made directly as data,
 * whose every field tries to break out of the report.
 */
#pragma once

#include <string.h>

#include "fm-report.h"
#include "fm-store.h"
#include "fm-test.h"

/* The sample article's text: paragraphs after the title and byline lines */
static inline char *
fm_fixture_sample_text (void)
{
  const char *root = g_getenv ("FACTMARK_SOURCE_ROOT");
  g_autofree char *path = g_build_filename (root ? root : ".", "data", "samples",
                                            "harbour-bridge-tolls.txt", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GString *text = g_string_new (NULL);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 2; lines[i] != NULL; i++)
    {
      if (*g_strstrip (lines[i]) == '\0' || g_str_has_prefix (lines[i], "By "))
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, lines[i]);
    }
  return g_string_free (text, FALSE);
}

typedef struct
{
  const char   *quote;
  const char   *summary;
  FmVerdict     verdict;
  FmStatus      status;
  const char   *explanation;
  const char   *assignee;
  const char   *tags;
} FmFixtureClaim;

typedef struct
{
  guint         claim;       /* index into the claims */
  const char   *url;
  const char   *title;
  const char   *publisher;
  FmStance      stance;
  FmSourceKind  kind;
  const char   *published;
  const char   *archive_url;
  const char   *note;
} FmFixtureSource;

static const FmFixtureClaim fm_fixture_claims[] = {
  { "has cut weekday traffic by 34 percent in its first six months",
    "The toll cut weekday traffic on the bridge by 34% in six months",
    FM_VERDICT_MOSTLY_TRUE, FM_STATUS_APPROVED,
    "The council’s own counts show 41,200 vehicles a weekday before the toll and 27,100 after "
    "it: a fall of 34.2%.\nThe figure is for the bridge alone. The council has not published "
    "counts for the Mill Street crossing, so it says nothing about traffic across the river as "
    "a whole.",
    "Ana Souza", "traffic, council" },
  /* Crosses the end of the first claim */
  { "in its first six months, and that bus journeys across the river are now eleven minutes "
    "shorter on average",
    "Bus journeys across the river are eleven minutes shorter on average",
    FM_VERDICT_MISLEADING, FM_STATUS_APPROVED,
    "Eleven minutes is the gain on route 7 alone, the route with the largest improvement. "
    "Across all six routes that cross the river, Riverline’s timetable data shows an average "
    "gain of four minutes at the morning peak.",
    "Tom Reyes", "buses" },
  { "the toll has already raised more than £4 million for the new tram line",
    "The toll has raised more than £4 million",
    FM_VERDICT_TRUE, FM_STATUS_APPROVED,
    "The council’s finance statement for March lists toll income of £4.3 million, ring-fenced "
    "for the tram line.",
    "Ana Souza", NULL },
  { "an average of 41,200 vehicles crossed the bridge each weekday in the six months before the "
    "toll, against 27,100 since",
    "41,200 vehicles a weekday before the toll, 27,100 since",
    FM_VERDICT_TRUE, FM_STATUS_APPROVED,
    "Matches the council’s published counts.",
    "Ana Souza", NULL },
  /* Inside the previous claim */
  { "27,100 since",
    "27,100 vehicles a weekday since the toll",
    FM_VERDICT_TRUE, FM_STATUS_NEEDS_REVIEW,
    "The monthly counts average 27,080, which rounds to the figure given.",
    "Tom Reyes", NULL },
  { "Air quality readings near the bridge’s north ramp fell by 18 percent for nitrogen dioxide",
    "Nitrogen dioxide near the bridge fell by 18%",
    FM_VERDICT_MIXED, FM_STATUS_APPROVED,
    "The agency’s readings do show an 18% fall, but the agency itself warns that an unusually "
    "windy winter lowers readings; the same months of the previous year fell by 11% with no "
    "toll.",
    "Ana Souza", "air quality" },
  { "footfall on Bridge Road had dropped by “at least a fifth”",
    "Footfall on Bridge Road fell by at least a fifth",
    FM_VERDICT_UNVERIFIABLE, FM_STATUS_APPROVED,
    "The association did not say how it measured footfall and did not answer our questions. "
    "No independent counts exist for Bridge Road.",
    "Tom Reyes", "shops" },
  { "the traffic on Mill Street had risen “by something like ten percent”",
    "Traffic on Mill Street rose by about 10%",
    FM_VERDICT_UNRATED, FM_STATUS_IN_PROGRESS,
    "",
    "Tom Reyes", NULL },
  { "the most expensive bridge in the country",
    "The Harbour Bridge is the most expensive bridge in the country",
    FM_VERDICT_FALSE, FM_STATUS_APPROVED,
    "At £3.50, the toll is lower than those of the Severn Estuary and Queen’s Reach crossings, "
    "which charge £5.60 and £4.20 for cars.",
    "Ana Souza", NULL },
};

static const FmFixtureSource fm_fixture_sources[] = {
  { 0, "https://northbank.example.gov/transport/harbour-bridge-counts-2026",
    "Harbour Bridge traffic counts, September 2025 – February 2026", "Northbank Council",
    FM_STANCE_SUPPORTS, FM_SOURCE_KIND_DATA, "2026-03-10",
    "https://archive.example.org/web/20260311/northbank.example.gov/transport/harbour-bridge-counts-2026",
    "Weekday averages; weekend counts are published separately." },
  { 0, "https://northbank.example.gov/transport/mill-street",
    "Mill Street crossing: traffic monitoring", "Northbank Council",
    FM_STANCE_CONTEXT, FM_SOURCE_KIND_OFFICIAL, NULL, NULL,
    "The page says counts will be published “in due course”." },
  { 1, "https://riverline.example.com/timetables/peak-2026.csv",
    "Morning peak journey times by route", "Riverline",
    FM_STANCE_REFUTES, FM_SOURCE_KIND_DATA, "2026-03-01", NULL, NULL },
  { 2, "https://northbank.example.gov/finance/statement-2026-03",
    "Finance statement, March 2026", "Northbank Council",
    FM_STANCE_SUPPORTS, FM_SOURCE_KIND_PRIMARY, "2026-03-05", NULL, NULL },
  { 3, "https://northbank.example.gov/transport/harbour-bridge-counts-2026",
    "Harbour Bridge traffic counts, September 2025 – February 2026", "Northbank Council",
    FM_STANCE_SUPPORTS, FM_SOURCE_KIND_DATA, "2026-03-10", NULL, NULL },
  { 5, "https://environment.example.org/air/readings/north-ramp",
    "NO2 readings, Harbour Bridge north ramp", "Regional Environment Agency",
    FM_STANCE_SUPPORTS, FM_SOURCE_KIND_DATA, NULL, NULL, NULL },
  { 5, "https://environment.example.org/press/winter-2026-weather-and-air",
    "Why this winter’s air looked cleaner", "Regional Environment Agency",
    FM_STANCE_CONTEXT, FM_SOURCE_KIND_EXPERT, "2026-02-20", NULL, NULL },
  { 8, "https://tolls.example.net/uk-crossings-2026",
    "Road crossing tolls in 2026", "Crossings Register",
    FM_STANCE_REFUTES, FM_SOURCE_KIND_NEWS, "2026-01-15",
    "https://archive.example.org/web/20260116/tolls.example.net/uk-crossings-2026", NULL },
};

/* Finds @quote in @text; its character offsets */
static inline void
fm_fixture_find (const char *text,
                 const char *quote,
                 guint      *start,
                 guint      *end)
{
  const char *at = strstr (text, quote);

  g_assert_nonnull (at);
  *start = g_utf8_pointer_to_offset (text, at);
  *end = *start + g_utf8_strlen (quote, -1);
}

/* The realistic fact-check, made through the store: returns the article id */
static inline char *
fm_fixture_realistic (FmStore *store)
{
  g_autoptr(FmArticle) article = fm_article_new ();
  g_autoptr(FmArticle) stored = NULL;
  g_autoptr(GPtrArray) claims = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = fm_fixture_sample_text ();

  fm_article_set_title (article, "Harbour Bridge tolls cut traffic by a third, council says");
  fm_article_set_byline (article, "Mira Okafor");
  fm_article_set_site_name (article, "Northbank Courier");
  fm_article_set_canonical_url (article,
                                "https://northbank-courier.example/2026/03/12/harbour-bridge-tolls");
  fm_article_set_url (article, "file:///home/ana/Downloads/harbour-bridge-tolls.txt");
  fm_article_set_published (article, "2026-03-12");
  fm_article_set_lang (article, "en-GB");
  fm_article_set_source_format (article, "text");
  fm_article_set_text (article, text);
  stored = fm_store_add_article (store, article, NULL, &error);
  g_assert_no_error (error);

  fm_store_set_actor (store, "Ana Souza");
  for (guint i = 0; i < G_N_ELEMENTS (fm_fixture_claims); i++)
    {
      const FmFixtureClaim *c = &fm_fixture_claims[i];
      FmClaim *claim;
      guint start, end;

      fm_fixture_find (text, c->quote, &start, &end);
      claim = fm_store_create_claim (store, fm_article_get_id (stored), start, end, &error);
      g_assert_no_error (error);
      g_assert_true (fm_store_set_claim_field (store, claim, FM_CLAIM_FIELD_SUMMARY, c->summary,
                                               &error));
      g_assert_true (fm_store_set_claim_field (store, claim, FM_CLAIM_FIELD_EXPLANATION,
                                               c->explanation, &error));
      g_assert_true (fm_store_set_claim_field (store, claim, FM_CLAIM_FIELD_ASSIGNEE, c->assignee,
                                               &error));
      if (c->tags != NULL)
        g_assert_true (fm_store_set_claim_field (store, claim, FM_CLAIM_FIELD_TAGS, c->tags,
                                                 &error));
      g_assert_true (fm_store_set_claim_verdict (store, claim, c->verdict, &error));
      g_ptr_array_add (claims, claim);
    }

  for (guint i = 0; i < G_N_ELEMENTS (fm_fixture_sources); i++)
    {
      const FmFixtureSource *s = &fm_fixture_sources[i];
      g_autoptr(FmSource) values = fm_source_new ();
      g_autoptr(FmSource) source = NULL;

      fm_source_set_url (values, s->url);
      fm_source_set_title (values, s->title);
      fm_source_set_publisher (values, s->publisher);
      fm_source_set_stance (values, s->stance);
      fm_source_set_kind (values, s->kind);
      if (s->published != NULL)
        fm_source_set_published (values, s->published);
      fm_source_set_accessed (values, "2026-03-13");
      if (s->archive_url != NULL)
        fm_source_set_archive_url (values, s->archive_url);
      if (s->note != NULL)
        fm_source_set_note (values, s->note);
      source = fm_store_add_source (store, fm_claim_get_id (g_ptr_array_index (claims, s->claim)),
                                    values, &error);
      g_assert_no_error (error);
    }

  /* The editor signs off */
  fm_store_set_actor (store, "Maria Lopez");
  for (guint i = 0; i < G_N_ELEMENTS (fm_fixture_claims); i++)
    {
      if (fm_fixture_claims[i].status == FM_STATUS_APPROVED)
        g_assert_true (fm_store_set_claim_status (store, g_ptr_array_index (claims, i),
                                                  FM_STATUS_NEEDS_REVIEW, &error));
      g_assert_true (fm_store_set_claim_status (store, g_ptr_array_index (claims, i),
                                                fm_fixture_claims[i].status, &error));
      g_assert_no_error (error);
    }
  fm_store_set_actor (store, "Ana Souza");

  return g_strdup (fm_article_get_id (stored));
}

/* What a hostile page, file or workspace could put in every field */
#define FM_HOSTILE_SCRIPT "<script>document.title='pwned';alert(1)</script>"
#define FM_HOSTILE_IMG "\"><img src=x onerror=\"document.title='pwned'\">"
#define FM_HOSTILE_JS_URL "javascript:document.title='pwned'"
#define FM_HOSTILE_DATA_URL "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="
#define FM_HOSTILE_RTL "\xE2\x80\xAE\xD7\x96\xD7\x94 \xD7\x98\xD7\xA7\xD7\xA1\xD7\x98 \xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7"
/* Credentials that could disguise the host, an IDN host, and characters
 * that need escaping in a link */
#define FM_HOSTILE_IDN_URL "https://bank.example:secret@b\xC3\xBC" "cher.example/stra\xC3\x9F" "e?q=\xC3\xBC x#frag#ment"
#define FM_HOSTILE_IDN_HREF "https://xn--bcher-kva.example/stra%C3%9Fe?q=%C3%BC%20x#frag%23ment"
#define FM_HOSTILE_EMOJI "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7 \xF0\x9F\x94\xA5\xF0\x9F\x92\xAF"

static inline char *
fm_fixture_long_word (guint length)
{
  GString *word = g_string_new (NULL);

  for (guint i = 0; i < length; i++)
    g_string_append_c (word, 'a' + i % 26);
  return g_string_free (word, FALSE);
}

static inline FmSource *
fm_fixture_hostile_source (const char *url,
                           const char *archive_url)
{
  FmSource *source = fm_source_new ();

  fm_source_set_id (source, "3f6c1b9e-0d0e-4d44-9c1a-2b7f9a1e0c11");
  fm_source_set_url (source, url);
  fm_source_set_title (source, FM_HOSTILE_IMG FM_HOSTILE_SCRIPT);
  fm_source_set_publisher (source, FM_HOSTILE_RTL);
  fm_source_set_author (source, "</bdi></span></li></ol><script>alert(1)</script>");
  fm_source_set_published (source, "2026-13-45\"><script>");
  fm_source_set_accessed (source, "2026-03-01");
  fm_source_set_archive_url (source, archive_url);
  fm_source_set_note (source, "<iframe src=\"" FM_HOSTILE_JS_URL "\"></iframe>" FM_HOSTILE_EMOJI);
  return source;
}

/* An article and claims whose every field is hostile, as data: the report
 * must be safe whatever it is given, even what the store would refuse */
static inline FmReportData *
fm_fixture_hostile (void)
{
  g_autoptr(FmArticle) article = fm_article_new ();
  g_autoptr(FmReportData) data = NULL;
  g_autofree char *long_word = fm_fixture_long_word (3000);
  g_autofree char *text = NULL;
  g_autofree char *title = NULL;
  const char *quotes[] = {
    FM_HOSTILE_SCRIPT, FM_HOSTILE_IMG, FM_HOSTILE_RTL, FM_HOSTILE_EMOJI, NULL,
  };

  text = g_strconcat ("Opening paragraph with a script: ", FM_HOSTILE_SCRIPT, " and an image: ",
                      FM_HOSTILE_IMG, ".\n",
                      "Right to left: ", FM_HOSTILE_RTL, " and emoji ", FM_HOSTILE_EMOJI,
                      " in one paragraph.\n",
                      "Controls \x01\x02\x1b[31m, a form\ffeed (fine in HTML, not in XML) and a noncharacter \xEF\xBF\xBF and a line "
                      "separator \xE2\x80\xA8 here.\n",
                      "A very long word: ", long_word, " ends here.\n",
                      "<!-- a comment --> ]]> &amp; &lt;/p&gt; </main></body></html>", NULL);
  title = g_strconcat (FM_HOSTILE_SCRIPT, FM_HOSTILE_IMG, " ", FM_HOSTILE_RTL, NULL);

  fm_article_set_id (article, "0b4c2f3e-6a1d-4e8b-9f2a-7c5d1e0a9b33");
  fm_article_set_title (article, title);
  fm_article_set_byline (article, FM_HOSTILE_IMG);
  fm_article_set_site_name (article, FM_HOSTILE_RTL " " FM_HOSTILE_EMOJI);
  fm_article_set_url (article, FM_HOSTILE_JS_URL);
  fm_article_set_canonical_url (article, FM_HOSTILE_DATA_URL);
  fm_article_set_published (article, "<script>alert(1)</script>");
  fm_article_set_lang (article, "en\"><script>alert(1)</script>");
  fm_article_set_text (article, text);
  data = fm_report_data_new (article);

  for (guint i = 0; quotes[i] != NULL; i++)
    {
      g_autoptr(FmClaim) claim = fm_claim_new ();
      g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (g_object_unref);
      g_autofree char *id = g_strdup_printf ("7d0e8a52-4b6c-4f1e-8a3d-%012u", i);
      const char *tags[] = { "<b>tag</b>", FM_HOSTILE_RTL, NULL };
      guint start, end;

      fm_fixture_find (text, quotes[i], &start, &end);
      fm_claim_set_id (claim, id);
      fm_claim_set_article_id (claim, fm_article_get_id (article));
      fm_claim_set_span (claim, start, end);
      fm_claim_set_selector (claim, quotes[i], "", "");
      fm_claim_set_summary (claim, i % 2 ? FM_HOSTILE_SCRIPT : FM_HOSTILE_IMG FM_HOSTILE_RTL);
      fm_claim_set_explanation (claim, "See " FM_HOSTILE_JS_URL "\n<a href=\"" FM_HOSTILE_JS_URL
                                       "\">click</a>\n" FM_HOSTILE_EMOJI " " FM_HOSTILE_RTL);
      fm_claim_set_verdict (claim, (FmVerdict)(1 + i % (FM_N_VERDICTS - 1)));
      fm_claim_set_status (claim, i % 2 ? FM_STATUS_APPROVED : FM_STATUS_CHANGES_REQUESTED);
      fm_claim_set_reviewed (claim, FM_HOSTILE_IMG, "2026-03-14T10:00:00.000000Z");
      fm_claim_set_created (claim, FM_HOSTILE_SCRIPT, "2026-03-13T09:00:00.000000Z");
      fm_claim_set_updated (claim, FM_HOSTILE_RTL, "2026-03-14T09:30:00.000000Z");
      fm_claim_set_assignee (claim, FM_HOSTILE_IMG);
      fm_claim_set_tags (claim, tags);
      g_ptr_array_add (sources, fm_fixture_hostile_source (FM_HOSTILE_JS_URL, FM_HOSTILE_DATA_URL));
      g_ptr_array_add (sources, fm_fixture_hostile_source ("https://example.com/\"><script>alert(1)</script>",
                                                           "http://example.org/?q=<img src=x onerror=alert(1)>"));
      g_ptr_array_add (sources, fm_fixture_hostile_source (long_word, "vbscript:msgbox(1)"));
      g_ptr_array_add (sources, fm_fixture_hostile_source (FM_HOSTILE_IDN_URL, NULL));
      fm_report_data_add_claim (data, claim, sources);
    }

  /* A claim over the very long word and the line after it, overlapping
   * the control characters' paragraph */
  {
    g_autoptr(FmClaim) claim = fm_claim_new ();
    guint start, end, ignored;

    fm_fixture_find (text, "noncharacter", &start, &ignored);
    fm_fixture_find (text, " ends here", &ignored, &end);
    fm_claim_set_id (claim, "7d0e8a52-4b6c-4f1e-8a3d-999999999999");
    fm_claim_set_span (claim, start, end);
    fm_claim_set_selector (claim, "…", "", "");
    fm_claim_set_verdict (claim, FM_VERDICT_FALSE);
    fm_claim_set_status (claim, FM_STATUS_APPROVED);
    fm_report_data_add_claim (data, claim, NULL);
  }
  /* A claim out of the text's range (a damaged workspace) */
  {
    g_autoptr(FmClaim) claim = fm_claim_new ();

    fm_claim_set_id (claim, "7d0e8a52-4b6c-4f1e-8a3d-888888888888");
    fm_claim_set_span (claim, 1000000, 1000010);
    fm_claim_set_selector (claim, "gone", "", "");
    fm_claim_set_summary (claim, "A claim whose text is no longer there");
    fm_claim_set_verdict (claim, FM_VERDICT_MISLEADING);
    fm_report_data_add_claim (data, claim, NULL);
  }
  return g_steal_pointer (&data);
}
