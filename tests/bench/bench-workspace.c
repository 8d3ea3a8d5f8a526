/* bench-workspace.c — the synthetic newsroom every benchmark measures
 *
 * Articles read like local news: paragraphs of sentences that attribute
 * figures to people and offices, with the odd subheading. Most sentences
 * carry a claim (the whole sentence); some carry a second one inside it
 * (the figure), as checkers mark them. Words follow a skewed distribution,
 * so that a search finds a realistic share of the claims.
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "bench-workspace.h"
#include "fm-util.h"

/* Word banks */

static const char * const places[] = {
  "Northbridge", "Eastmoor", "Harbourside", "Old Quay", "Millbrook", "Ashford Vale", "Riverside",
  "Kingsmead", "Saltmarsh", "Hillcrest", "Westgate", "Fenwick", "Coldharbour", "Brackley",
  "St Anne's", "Port Elliot", "Greystones", "Lowfield", "Marston", "Cliffside", "Oakhurst",
  "Beacon Hill", "Dunmore", "Sandy Lane", "Thornbury", "Wexcombe", "Belmont", "Carrow Road",
  "Linden Park", "Stonecross", "Fairhaven", "Moorgate", "Ridgeway", "Pell Street", "Elm Row",
  "Canal Basin", "Market Square", "Southwark Point", "Bramley", "Kestrel Heights",
};

static const char * const offices[] = {
  "the city council", "the transport agency", "the health ministry", "the statistics office",
  "the port authority", "the water board", "the opposition", "the mayor's office",
  "the teachers' union", "the chamber of commerce", "the school board", "the housing agency",
  "the police federation", "the regional hospital trust", "the environment agency",
  "the finance committee", "the ombudsman", "the audit office",
};

static const char * const speakers[] = {
  "The mayor", "A council member", "The health minister", "A spokesperson for the agency",
  "The agency's director", "The opposition leader", "The finance officer", "A union official",
  "The chief executive", "The housing minister", "A local campaigner", "The committee's chair",
  "The transport secretary", "A senior researcher", "The head teacher", "The police commissioner",
};

static const char * const said[] = {
  "said", "claimed", "told reporters", "stated", "insisted", "wrote", "argued", "announced",
};

static const char * const topics[] = {
  "bridge tolls", "bus fares", "hospital waiting lists", "reservoir levels", "average rents",
  "free school meals", "nurse vacancies", "tram ridership", "council tax", "recycling rates",
  "ferry crossings", "housing starts", "rough sleeping", "air pollution", "road repairs",
  "library opening hours", "youth unemployment", "energy bills", "burglary reports",
  "class sizes", "ambulance response times", "harbour dredging costs", "flood defences",
  "parking fines", "childcare places", "broadband coverage", "water leaks", "cycle lanes",
};

static const char * const units[] = {
  "percent", "million euros", "households", "passengers a day", "beds", "pupils", "jobs",
  "homes", "kilometres", "complaints", "minutes", "staff",
};

static const char * const periods[] = {
  "last year", "since 2019", "in the first quarter", "over the past decade", "this winter",
  "in the last five years", "since the election", "between 2020 and 2024", "every month",
  "by the end of the year", "before the pandemic", "in the spring",
};

static const char * const filler[] = {
  "Residents gathered outside the town hall on Tuesday evening.",
  "The debate continued late into the night.",
  "Several people in the public gallery shook their heads.",
  "Shopkeepers on the high street were divided.",
  "The meeting was adjourned after two hours.",
  "Campaigners handed in a petition before the vote.",
  "Nobody from the company was available for comment.",
  "The report runs to more than three hundred pages.",
  "Officials declined to answer follow-up questions.",
  "The café opposite the station was full by noon.",
};

static const char * const headings[] = {
  "What the figures show", "How the numbers were counted", "The view from the street",
  "Where the money went", "What happens next", "A decade of promises", "Inside the audit",
  "The people behind the statistics",
};

static const char * const checkers[] = {
  "Ana Souza", "Tomás Rivera", "Zoë Müller", "Priya Natarajan", "Kwame Mensah", "Li Wei",
  "Hannah Berg", "Mateo García", "Siobhán Kelly", "Olu Adeyemi", "Ines Duarte", "Jonas Lindqvist",
};

static const char * const outlets[][2] = {
  { "The Harbour Courier", "courier.example" },
  { "Northbridge Evening Post", "eveningpost.example" },
  { "Valley Gazette", "valleygazette.example" },
  { "The Civic Ledger", "civicledger.example" },
  { "Coastal Radio News", "coastalradio.example" },
  { "The Daily Quay", "dailyquay.example" },
  { "Metro Weekly", "metroweekly.example" },
  { "The Southern Record", "southernrecord.example" },
};

static const char * const publishers[][2] = {
  { "Statistics Office", "stats.example.gov" },
  { "City Council", "council.example.gov" },
  { "Transport Agency", "transport.example.gov" },
  { "Health Ministry", "health.example.gov" },
  { "Port Authority", "port.example.org" },
  { "Water Board", "water.example.org" },
  { "Audit Office", "audit.example.gov" },
  { "University of Northbridge", "uni-northbridge.example.edu" },
  { "Housing Agency", "housing.example.gov" },
  { "Environment Agency", "environment.example.gov" },
  { "Regional Broadcaster", "broadcaster.example" },
  { "Chamber of Commerce", "chamber.example.org" },
};

static const char * const tags[] = {
  "budget", "health", "transport", "housing", "education", "environment", "crime", "election",
  "statistics", "quote",
};

static const char * const explanations[] = {
  "The agency's own annual report gives a different figure for the same period.",
  "The number is correct but leaves out the two districts added in 2021.",
  "We could not find any published source for this figure.",
  "The statistics office confirmed the figure when we asked.",
  "The comparison mixes figures before and after inflation.",
  "The council's budget papers show the amount was promised but not spent.",
  "An independent researcher reached the same number from the raw data.",
  "The claim rounds a rise of 2.6 points up to three.",
  "The figure counts applications, not people.",
  "The quoted survey had fewer than two hundred respondents.",
};

/* Index biased towards the start of a bank: the first words are common,
 * the last ones rare, as in real text */
static guint
skewed (GRand *rand,
        guint  n)
{
  double x = g_rand_double (rand);

  return MIN ((guint)(x * x * n), n - 1);
}

#define PICK(rand, bank) ((bank)[g_rand_int_range ((rand), 0, G_N_ELEMENTS (bank))])
#define PICK_SKEWED(rand, bank) ((bank)[skewed ((rand), G_N_ELEMENTS (bank))])

static char *
uuid_from (GRand *rand)
{
  guint32 a = g_rand_int (rand), b = g_rand_int (rand), c = g_rand_int (rand), d = g_rand_int (rand);

  /* Version 4, variant 1, as fm_uuid_new() makes them */
  return g_strdup_printf ("%08x-%04x-4%03x-%04x-%04x%08x", a, b >> 16, b & 0xfff,
                          0x8000 | (c >> 16 & 0x3fff), c & 0xffff, d);
}

/* Text with its length in characters, which claims count in */

typedef struct
{
  GString *str;
  guint    chars;
} Text;

static void
text_append (Text       *text,
             const char *piece)
{
  g_string_append (text->str, piece);
  text->chars += g_utf8_strlen (piece, -1);
}

/* A position in the text, in characters (what claims count) and bytes */
typedef struct
{
  guint chars;
  gsize bytes;
} Offset;

static Offset
text_end (Text *text)
{
  return (Offset) { text->chars, text->str->len };
}

/* @n characters after @at (not past the end) */
static Offset
offset_forward (Text   *text,
                Offset  at,
                guint   n)
{
  const char *p = text->str->str + at.bytes;

  for (; n > 0 && *p != '\0'; n--, at.chars++)
    p = g_utf8_next_char (p);
  at.bytes = p - text->str->str;
  return at;
}

/* @n characters before @at (not before the start) */
static Offset
offset_back (Text   *text,
             Offset  at,
             guint   n)
{
  const char *p = text->str->str + at.bytes;

  for (; n > 0 && p > text->str->str; n--, at.chars--)
    p = g_utf8_find_prev_char (text->str->str, p);
  at.bytes = p - text->str->str;
  return at;
}

static char *
text_span (Text   *text,
           Offset  start,
           Offset  end)
{
  return g_strndup (text->str->str + start.bytes, end.bytes - start.bytes);
}

/* One sentence that carries a claim: its text, a summary in a checker's
 * words, and where its figure is, for a claim inside it */
typedef struct
{
  char  *text;
  char  *summary;
  guint  inner_start;   /* characters into the sentence */
  guint  inner_end;
  gsize  inner_start_byte;
  gsize  inner_end_byte;
} Sentence;

static void
sentence_clear (Sentence *s)
{
  g_clear_pointer (&s->text, g_free);
  g_clear_pointer (&s->summary, g_free);
}

static void
make_sentence (GRand    *rand,
               Sentence *s)
{
  const char *place = PICK_SKEWED (rand, places);
  const char *topic = PICK_SKEWED (rand, topics);
  const char *unit = PICK (rand, units);
  const char *period = PICK (rand, periods);
  guint n = g_rand_int_range (rand, 2, 980);
  g_autofree char *figure = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  /* Shares and money come with a decimal now and then */
  if ((g_str_equal (unit, "percent") || g_str_equal (unit, "million euros")) &&
      g_rand_boolean (rand))
    figure = g_strdup_printf ("%u.%u %s", n / 10, n % 10, unit);
  else
    figure = g_strdup_printf ("%u %s", n, unit);

  switch (g_rand_int_range (rand, 0, 6))
    {
    case 0:
      before = g_strdup_printf ("%s %s that %s in %s had %s by ", PICK (rand, speakers),
                                PICK (rand, said), topic,
                                place, g_rand_boolean (rand) ? "risen" : "fallen");
      after = g_strdup_printf (" %s.", period);
      s->summary = g_strdup_printf ("%c%s in %s changed by %s %s", g_ascii_toupper (topic[0]),
                                    topic + 1, place, figure, period);
      break;
    case 1:
      before = g_strdup_printf ("According to %s, ", PICK (rand, offices));
      after = g_strdup_printf (" went to %s in %s %s.", topic, place, period);
      s->summary = g_strdup_printf ("%s spent on %s in %s", figure, topic, place);
      break;
    case 2:
      {
        const char *office = PICK (rand, offices);

        before = g_strdup_printf ("%c%s promised to add ", g_ascii_toupper (office[0]), office + 1);
        after = g_strdup_printf (" for %s across %s %s.", topic, place, period);
        s->summary = g_strdup_printf ("Promise: %s for %s", figure, topic);
      }
      break;
    case 3:
      before = g_strdup_printf ("%s now counts ", place);
      after = g_strdup_printf (" linked to %s, more than any other district, %s %s.", topic,
                               g_ascii_strdown (PICK (rand, speakers), -1), PICK (rand, said));
      s->summary = g_strdup_printf ("%s has the most %s", place, topic);
      break;
    case 4:
      before = g_strdup_printf ("Spending on %s in %s reached ", topic, place);
      after = g_strdup_printf (" %s, the highest since records began, the report says.", period);
      s->summary = g_strdup_printf ("Record spending on %s", topic);
      break;
    default:
      before = g_strdup_printf ("%s %s that only ", PICK (rand, speakers), PICK (rand, said));
      after = g_strdup_printf (" had been affected by %s in %s %s.", topic, place, period);
      s->summary = g_strdup_printf ("Few affected by %s in %s", topic, place);
      break;
    }
  s->inner_start = g_utf8_strlen (before, -1);
  s->inner_end = s->inner_start + g_utf8_strlen (figure, -1);
  s->inner_start_byte = strlen (before);
  s->inner_end_byte = s->inner_start_byte + strlen (figure);
  s->text = g_strconcat (before, figure, after, NULL);
}

/* Claims and sources */

typedef struct
{
  GRand     *rand;
  GDateTime *epoch;           /* when the newsroom started */
  guint      claim_index;     /* over the whole workspace, for sources */
  guint      n_claims;
  guint      n_sources;
} Generator;

static char *
iso_after (GDateTime *from,
           double     seconds)
{
  g_autoptr(GDateTime) at = g_date_time_add_seconds (from, seconds);

  return fm_time_to_iso (at);
}

/* The claim's sources: spread so that the workspace has n_sources in all */
static GPtrArray *
make_sources (Generator   *gen,
              const char  *created_at,
              const char  *topic_hint)
{
  GPtrArray *sources = g_ptr_array_new_with_free_func (g_object_unref);
  guint64 k = gen->claim_index;
  guint n = (guint)((k + 1) * gen->n_sources / gen->n_claims - k * gen->n_sources / gen->n_claims);

  for (guint i = 0; i < n; i++)
    {
      FmSource *source = fm_source_new ();
      guint p = skewed (gen->rand, G_N_ELEMENTS (publishers));
      g_autofree char *id = uuid_from (gen->rand);
      g_autofree char *url = g_strdup_printf ("https://%s/publications/%u/%s-%u",
                                              publishers[p][1], 2019 + g_rand_int_range (gen->rand, 0, 7),
                                              g_rand_boolean (gen->rand) ? "report" : "dataset",
                                              g_rand_int_range (gen->rand, 1000, 99999));
      g_autofree char *title = g_strdup_printf ("%s: %s, %s edition", publishers[p][0], topic_hint,
                                                PICK (gen->rand, periods));
      g_autofree char *date = g_strndup (created_at, 10);

      fm_source_set_id (source, id);
      fm_source_set_url (source, url);
      fm_source_set_title (source, title);
      fm_source_set_publisher (source, publishers[p][0]);
      if (g_rand_int_range (gen->rand, 0, 3) == 0)
        fm_source_set_author (source, PICK (gen->rand, checkers));
      fm_source_set_published (source, date);
      fm_source_set_accessed (source, date);
      if (g_rand_int_range (gen->rand, 0, 5) == 0)
        {
          g_autofree char *archive = g_strdup_printf ("https://web.archive.example/2025/%s", url);
          fm_source_set_archive_url (source, archive);
        }
      fm_source_set_stance (source, g_rand_int_range (gen->rand, 0, 6) < 4 ? FM_STANCE_SUPPORTS :
                                    (FmStance)g_rand_int_range (gen->rand, 1, FM_N_STANCES));
      fm_source_set_kind (source, (FmSourceKind)skewed (gen->rand, FM_N_SOURCE_KINDS));
      if (g_rand_int_range (gen->rand, 0, 8) == 0)
        fm_source_set_note (source, "Table 4, page 12.");
      fm_source_set_created_at (source, created_at);
      fm_source_set_created_by (source, PICK (gen->rand, checkers));
      g_ptr_array_add (sources, source);
    }
  return sources;
}

/* A claim on [start, end) of @text, at some time after @imported */
static FmClaim *
make_claim (Generator  *gen,
            const char *article_id,
            Text       *text,
            Offset      start,
            Offset      end,
            const char *summary,
            GDateTime  *imported)
{
  FmClaim *claim = fm_claim_new ();
  GRand *rand = gen->rand;
  g_autofree char *id = uuid_from (rand);
  g_autofree char *quote = text_span (text, start, end);
  g_autofree char *prefix = text_span (text, offset_back (text, start, FM_CLAIM_CONTEXT_CHARS),
                                       start);
  g_autofree char *suffix = text_span (text, end,
                                       offset_forward (text, end, FM_CLAIM_CONTEXT_CHARS));
  double created = g_rand_double_range (rand, 60, 3 * 24 * 3600.0);
  /* Most claims change within days, a few weeks later */
  double later = g_rand_double (rand);
  double updated = created + later * later * later * 40 * 24 * 3600.0;
  g_autofree char *created_at = iso_after (imported, created);
  g_autofree char *updated_at = iso_after (imported, updated);
  const char *creator = PICK (rand, checkers);
  const char *updater = g_rand_boolean (rand) ? creator : PICK (rand, checkers);
  guint r = g_rand_int_range (rand, 0, 100);
  FmStatus status = r < 30 ? FM_STATUS_UNCHECKED : r < 55 ? FM_STATUS_IN_PROGRESS :
                    r < 65 ? FM_STATUS_NEEDS_REVIEW : r < 70 ? FM_STATUS_CHANGES_REQUESTED :
                    FM_STATUS_APPROVED;

  fm_claim_set_id (claim, id);
  fm_claim_set_article_id (claim, article_id);
  fm_claim_set_span (claim, start.chars, end.chars);
  fm_claim_set_selector (claim, quote, prefix, suffix);
  if (summary != NULL && g_rand_int_range (rand, 0, 10) < 6)
    fm_claim_set_summary (claim, summary);
  fm_claim_set_status (claim, status);
  if (status == FM_STATUS_UNCHECKED || (status == FM_STATUS_IN_PROGRESS && g_rand_boolean (rand)))
    fm_claim_set_verdict (claim, FM_VERDICT_UNRATED);
  else
    fm_claim_set_verdict (claim, (FmVerdict)g_rand_int_range (rand, 1, FM_N_VERDICTS));
  if (status != FM_STATUS_UNCHECKED)
    {
      g_autoptr(GString) explanation = g_string_new (PICK (rand, explanations));

      if (g_rand_boolean (rand))
        g_string_append_printf (explanation, " %s", PICK (rand, explanations));
      fm_claim_set_explanation (claim, explanation->str);
    }
  if (g_rand_int_range (rand, 0, 100) >= 8)
    fm_claim_set_assignee (claim, PICK_SKEWED (rand, checkers));
  if (g_rand_int_range (rand, 0, 10) < 3)
    {
      const char *claim_tags[3] = { PICK (rand, tags), NULL, NULL };

      if (g_rand_boolean (rand))
        claim_tags[1] = PICK (rand, tags);
      fm_claim_set_tags (claim, claim_tags);
    }
  if (status == FM_STATUS_CHANGES_REQUESTED)
    fm_claim_set_review_comment (claim, "Please add the primary source for this figure.");
  if (status == FM_STATUS_APPROVED)
    fm_claim_set_reviewed (claim, PICK (rand, checkers), updated_at);
  fm_claim_set_created (claim, creator, created_at);
  fm_claim_set_updated (claim, updater, updated_at);
  gen->claim_index++;
  return claim;
}

/* Articles */

typedef struct
{
  Offset  start;
  Offset  end;
  Offset  inner_start;
  Offset  inner_end;
  char   *summary;
} Placed;

static void
placed_clear (Placed *p)
{
  g_free (p->summary);
}

/* Paragraphs of @n_sentences sentences (a tenth of them plain filler,
 * which carries no claim) and a subheading every dozen paragraphs.
 * Appends where each claim-bearing sentence went to @placed. */
static void
write_body (GRand  *rand,
            Text   *text,
            guint   n_claim_sentences,
            GArray *placed)
{
  guint in_paragraph = 0;
  guint paragraph_length = g_rand_int_range (rand, 2, 6);
  guint n_paragraphs = 0;
  guint done = 0;

  while (done < n_claim_sentences)
    {
      if (in_paragraph == paragraph_length)
        {
          text_append (text, "\n");
          in_paragraph = 0;
          paragraph_length = g_rand_int_range (rand, 2, 6);
          if (++n_paragraphs % 12 == 0)
            {
              text_append (text, PICK (rand, headings));
              text_append (text, "\n");
            }
        }
      else if (in_paragraph > 0)
        text_append (text, " ");

      if (g_rand_int_range (rand, 0, 10) == 0)
        text_append (text, PICK (rand, filler));
      else
        {
          Sentence s = { 0 };
          Placed p;

          make_sentence (rand, &s);
          p.start = text_end (text);
          text_append (text, s.text);
          /* Without the full stop */
          p.end = (Offset) { text->chars - 1, text->str->len - 1 };
          p.inner_start = (Offset) { p.start.chars + s.inner_start, p.start.bytes + s.inner_start_byte };
          p.inner_end = (Offset) { p.start.chars + s.inner_end, p.start.bytes + s.inner_end_byte };
          p.summary = g_steal_pointer (&s.summary);
          g_array_append_val (placed, p);
          sentence_clear (&s);
          done++;
        }
      in_paragraph++;
    }
  text_append (text, "\n");
}

/* Writes one article and its claims: @inner_every claim sentences, one
 * also gets a claim on its figure alone */
static char *
write_article (FmStore     *store,
               Generator   *gen,
               guint        n_claims,
               guint        inner_every,
               const char  *canonical_url,
               const char  *title,
               GDateTime   *imported,
               GError     **error)
{
  GRand *rand = gen->rand;
  g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (Placed));
  g_autoptr(FmArticle) article = fm_article_new ();
  g_autoptr(FmArticle) stored = NULL;
  g_autoptr(GPtrArray) claims = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  g_autoptr(GPtrArray) inserted = NULL;
  g_autofree char *id = uuid_from (rand);
  g_autofree char *imported_at = fm_time_to_iso (imported);
  g_autofree char *published = g_date_time_format (imported, "%Y-%m-%d");
  g_autofree char *byline = g_strdup_printf ("By %s", PICK (rand, checkers));
  guint outlet = skewed (rand, G_N_ELEMENTS (outlets));
  guint n_sentences;
  Text text = { g_string_new (NULL), 0 };

  g_array_set_clear_func (placed, (GDestroyNotify)placed_clear);
  /* Claims on most sentences, one in @inner_every on the figure inside too */
  n_sentences = inner_every > 0 ? n_claims - n_claims / (inner_every + 1) : n_claims;
  write_body (rand, &text, n_sentences, placed);

  fm_article_set_id (article, id);
  fm_article_set_title (article, title);
  fm_article_set_byline (article, byline);
  fm_article_set_site_name (article, outlets[outlet][0]);
  fm_article_set_canonical_url (article, canonical_url);
  fm_article_set_url (article, canonical_url);
  fm_article_set_published (article, published);
  fm_article_set_lang (article, "en");
  fm_article_set_source_format (article, "html");
  fm_article_set_imported_at (article, imported_at);
  fm_article_set_imported_by (article, PICK (rand, checkers));
  fm_article_set_text (article, text.str->str);

  stored = fm_store_add_article (store, article, NULL, error);
  if (stored == NULL)
    {
      g_string_free (text.str, TRUE);
      return NULL;
    }
  /* The claims point into the text as written */
  if (g_strcmp0 (fm_article_get_text (stored), text.str->str) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "The store changed the text of article “%s”: the generator needs to change",
                   title);
      g_string_free (text.str, TRUE);
      return NULL;
    }
  for (guint i = 0; i < placed->len && claims->len < n_claims; i++)
    {
      Placed *p = &g_array_index (placed, Placed, i);
      FmClaim *claim = make_claim (gen, id, &text, p->start, p->end, p->summary, imported);

      g_ptr_array_add (claims, claim);
      g_ptr_array_add (sources, make_sources (gen, fm_claim_get_created_at (claim), p->summary));
      if (inner_every > 0 && i % inner_every == inner_every - 1 && claims->len < n_claims)
        {
          claim = make_claim (gen, id, &text, p->inner_start, p->inner_end, NULL, imported);
          g_ptr_array_add (claims, claim);
          g_ptr_array_add (sources, make_sources (gen, fm_claim_get_created_at (claim), p->summary));
        }
    }
  g_string_free (text.str, TRUE);

  fm_store_set_actor (store, PICK (rand, checkers));
  inserted = fm_store_insert_claims (store, claims, sources, error);
  if (inserted == NULL)
    return NULL;
  return g_steal_pointer (&id);
}

static char *
make_title (GRand *rand)
{
  const char *topic = PICK_SKEWED (rand, topics);

  switch (g_rand_int_range (rand, 0, 4))
    {
    case 0:
      return g_strdup_printf ("%s: the truth about %s", PICK_SKEWED (rand, places), topic);
    case 1:
      return g_strdup_printf ("%c%s under scrutiny in %s", g_ascii_toupper (topic[0]), topic + 1,
                              PICK_SKEWED (rand, places));
    case 2:
      return g_strdup_printf ("Council defends record on %s", topic);
    default:
      return g_strdup_printf ("Five figures that explain %s in %s", topic, PICK_SKEWED (rand, places));
    }
}

/* Public API */

void
fm_bench_spec_init (FmBenchSpec *spec,
                    guint32      seed,
                    guint        n_claims)
{
  spec->seed = seed;
  spec->n_claims = n_claims;
  spec->n_articles = MAX (1, n_claims / 50);
  spec->n_sources = n_claims + n_claims / 2;
  spec->long_claims = MIN (FM_BENCH_LONG_CLAIMS, n_claims / 2);
}

char *
fm_bench_spec_file_name (const FmBenchSpec *spec)
{
  /* The schema too: a workspace written by this build needs no upgrade */
  return g_strdup_printf ("bench-v%u-w%u-s%u-a%u-c%u-r%u-l%u.db", FM_BENCH_GENERATOR_VERSION,
                          FM_STORE_SCHEMA_VERSION, spec->seed, spec->n_articles, spec->n_claims,
                          spec->n_sources, spec->long_claims);
}

char *
fm_bench_spec_label (const FmBenchSpec *spec)
{
  if (spec->n_claims % 1000 == 0)
    return g_strdup_printf ("%uk", spec->n_claims / 1000);
  return g_strdup_printf ("%u", spec->n_claims);
}

char *
fm_bench_add_long_article (FmStore     *store,
                           guint32      seed,
                           guint        n_claims,
                           GError     **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed ^ 0x10e6);
  g_autoptr(GDateTime) imported = g_date_time_new_utc (2026, 2, 2, 9, 30, 0);
  Generator gen = { rand, imported, 0, n_claims, n_claims + n_claims / 2 };

  return write_article (store, &gen, n_claims, 10, FM_BENCH_LONG_URL,
                        "The long count: every figure behind the city's decade of promises",
                        imported, error);
}

gboolean
fm_bench_workspace_write (const FmBenchSpec *spec,
                          const char        *path,
                          GError           **error)
{
  g_autoptr(FmStore) store = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (spec->seed);
  g_autoptr(GDateTime) epoch = g_date_time_new_utc (2025, 9, 1, 8, 0, 0);
  Generator gen = { rand, epoch, 0, spec->n_claims, spec->n_sources };
  guint n_regular = spec->long_claims > 0 ? spec->n_articles - 1 : spec->n_articles;
  guint regular_claims = spec->n_claims - spec->long_claims;
  guint written = 0;
  guint regular_done = 0;
  double start = g_get_monotonic_time () / 1e6;

  g_return_val_if_fail (spec->n_articles >= 1, FALSE);

  store = fm_store_open (path, error);
  if (store == NULL)
    return FALSE;

  for (guint a = 0; a < spec->n_articles; a++)
    {
      g_autofree char *id = NULL;
      /* Imported over six months, one after the other */
      g_autoptr(GDateTime) imported =
        g_date_time_add_seconds (epoch, (double)a * 180 * 24 * 3600 / spec->n_articles +
                                        g_rand_double_range (rand, 0, 3600));

      /* The long investigation sits in the middle of the list, so that
       * the newest article (shown first) is an ordinary one */
      if (spec->long_claims > 0 && a == spec->n_articles / 2)
        {
          Generator long_gen = { g_rand_new_with_seed (spec->seed ^ 0x10e6), imported,
                                 gen.claim_index, spec->n_claims, spec->n_sources };

          id = write_article (store, &long_gen, spec->long_claims, 10, FM_BENCH_LONG_URL,
                              "The long count: every figure behind the city's decade of promises",
                              imported, error);
          gen.claim_index = long_gen.claim_index;
          g_rand_free (long_gen.rand);
        }
      else
        {
          /* The claims left, shared among the articles left, give or take */
          guint left = n_regular - regular_done;
          guint remaining = regular_claims - written;
          guint mean = remaining / MAX (left, 1);
          guint n = left <= 1 ? remaining :
                    MIN (remaining, (guint)g_rand_int_range (rand, mean / 2, mean + mean / 2 + 2));
          g_autofree char *title = make_title (rand);
          g_autofree char *url = g_strdup_printf ("https://%s/news/%u/article-%05u",
                                                  outlets[a % G_N_ELEMENTS (outlets)][1],
                                                  2025 + a * 2 / spec->n_articles, a);

          id = write_article (store, &gen, n, 12, url, title, imported, error);
          written += n;
          regular_done++;
        }
      if (id == NULL)
        return FALSE;
      if (a % 50 == 49 || a + 1 == spec->n_articles)
        fprintf (stderr, "\r  %u of %u articles, %u claims written (%.0f s)", a + 1,
                 spec->n_articles, gen.claim_index, g_get_monotonic_time () / 1e6 - start);
    }
  fprintf (stderr, "\n");
  return TRUE;
}

char *
fm_bench_cache_dir (void)
{
  const char *dir = g_getenv ("FACTMARK_BENCH_CACHE");

  if (dir != NULL && *dir != '\0')
    return g_strdup (dir);
  return g_build_filename (g_get_user_cache_dir (), "factmark", NULL);
}

void
fm_bench_workspace_remove (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_remove (path);
  g_remove (wal);
  g_remove (shm);
}

char *
fm_bench_workspace_ensure (const FmBenchSpec *spec,
                           const char        *cache_dir,
                           GError           **error)
{
  g_autofree char *name = fm_bench_spec_file_name (spec);
  g_autofree char *path = g_build_filename (cache_dir, name, NULL);
  g_autofree char *partial = NULL;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&path);
  if (g_mkdir_with_parents (cache_dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", cache_dir,
                   g_strerror (saved));
      return NULL;
    }
  partial = g_strconcat (path, ".partial", NULL);
  fm_bench_workspace_remove (partial);
  fprintf (stderr, "Writing the benchmark workspace %s (once; it is kept)\n", path);
  if (!fm_bench_workspace_write (spec, partial, error))
    {
      fm_bench_workspace_remove (partial);
      return NULL;
    }
  /* Closed, so the write-ahead log is folded in and gone */
  if (g_rename (partial, path) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path,
                   g_strerror (saved));
      return NULL;
    }
  return g_steal_pointer (&path);
}

gboolean
fm_bench_workspace_copy (const char  *from,
                         const char  *to,
                         GError     **error)
{
  g_autoptr(GFile) source = g_file_new_for_path (from);
  g_autoptr(GFile) target = g_file_new_for_path (to);

  fm_bench_workspace_remove (to);
  return g_file_copy (source, target, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, error);
}

char *
fm_bench_find_long_article (FmStore  *store,
                            GError  **error)
{
  g_autoptr(GPtrArray) articles = fm_store_list_articles (store, error);

  if (articles == NULL)
    return NULL;
  for (guint i = 0; i < articles->len; i++)
    {
      FmArticle *article = g_ptr_array_index (articles, i);

      if (g_strcmp0 (fm_article_get_canonical_url (article), FM_BENCH_LONG_URL) == 0)
        return g_strdup (fm_article_get_id (article));
    }
  g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_NOT_FOUND,
               "The workspace has no long article (%s)", FM_BENCH_LONG_URL);
  return NULL;
}
