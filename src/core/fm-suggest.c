/* fm-suggest.c — sentences worth checking, with the reasons why
 *
 * Pango finds the sentence breaks (Unicode UAX #29, no display needed).
 * UAX #29 breaks after "Oct." or "U.S." when a capital or a digit follows,
 * so a break after a known abbreviation or an initialism is undone; and a
 * quotation that runs over several sentences stays one suggestion, since
 * a checker claims the quote as a whole.
 *
 * Each signal is a family of regular expressions; a sentence scores
 * 1 − e^(−Σ), summing the strongest match of each family plus a little for
 * further matches. The weights are a judgement, documented in the table.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pango.h>
#include <string.h>

#include "fm-suggest.h"
#include "fm-util.h"

/* A quotation is followed over at most this many sentences */
#define MAX_QUOTE_SENTENCES 6
/* Reasons are shown with at most this many characters of their words */
#define MAX_REASON_CHARS 60
/* Sentences of fewer words are headings or captions' debris */
#define MIN_WORDS 4

typedef struct
{
  FmSuggestSignal  signal;
  const char      *kind;
  double           weight;
  gboolean         caseless;
  const char      *pattern;
} Rule;

#define MONTHS "(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|" \
               "Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
#define NUMBER "\\d+(?:[.,]\\d+)*"
#define SPELLED "(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|" \
                "thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand)"
#define UNNAMED "(?:officials?|sources?|diplomats?|aides?|insiders?|people|persons?|advisers?|" \
                "advisors?|analysts?|negotiators?|figures?)"
#define ATTRIBUTION "(?:said|says|say|told|added|warned|cautioned|confirmed|noted|explained|" \
                    "insisted|stressed|acknowledged|suggested|claimed|argued|believe[sd]?|" \
                    "doubt(?:s|ed)?|described|revealed|disclosed|indicated|emphasi[sz]ed)"

static const Rule rules[] = {
  /* Figures */
  { FM_SUGGEST_SIGNAL_FIGURE, "percentage", 0.45, TRUE,
    "(?<![\\w.])" NUMBER "\\s?(?:%|per ?cent\\b|percentage points?\\b)" },
  { FM_SUGGEST_SIGNAL_FIGURE, "amount", 0.45, TRUE,
    "(?:[$€£¥]\\s?" NUMBER "(?:\\s?(?:million|billion|trillion|bn|m|k)\\b)?"
    "|(?<![\\w.])" NUMBER "\\s?(?:million|billion|trillion)?\\s?"
    "(?:dollars|euros?|pounds|yen|yuan|rupees|liras?|francs)\\b)" },
  { FM_SUGGEST_SIGNAL_FIGURE, "count", 0.4, TRUE,
    "(?<![\\w.])" NUMBER "(?:\\s(?:million|billion|trillion|thousand|hundred))?"
    "(?:[\\s-](?:more|other|new|additional|of|[\\w’'-]+)){0,1}\\s"
    "(?:people|persons|Palestinians|Israelis|civilians|soldiers|troops|fighters|hostages|"
    "prisoners|bodies|remains|deaths|dead|victims|children|residents|workers|jobs|homes|"
    "houses|vehicles|cases|patients|countries|members|votes|days|weeks|months|years|hours|"
    "points?|times|percent|units|tonnes|tons|kilometres|kilometers|miles|metres|meters)\\b" },
  { FM_SUGGEST_SIGNAL_FIGURE, "magnitude", 0.35, TRUE,
    "(?<![\\w.])" NUMBER "\\s(?:million|billion|trillion|thousand)\\b" },
  { FM_SUGGEST_SIGNAL_FIGURE, "number", 0.25, FALSE,
    "(?<![\\w.,])(?!(?:19|20)\\d\\d\\b)\\d+(?:[.,]\\d+)*(?:-\\w+)?" },
  { FM_SUGGEST_SIGNAL_FIGURE, "number", 0.15, TRUE,
    "\\b(?:" SPELLED "(?:-" SPELLED ")?|hundreds|thousands|millions|billions|dozens?|"
    "half|a third|a quarter|twice|double|triple)\\b" },
  /* Dates */
  { FM_SUGGEST_SIGNAL_DATE, "date", 0.3, FALSE,
    "\\b(?:" MONTHS "\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s+\\d{4})?"
    "|\\d{1,2}\\s+" MONTHS "\\.?(?:\\s+\\d{4})?"
    "|" MONTHS "\\s+(?:19|20)\\d\\d)\\b" },
  { FM_SUGGEST_SIGNAL_DATE, "year", 0.25, TRUE,
    "\\b(?:in|since|by|until|from|before|after|of|during|between)\\s+(?:19|20)\\d\\d\\b" },
  { FM_SUGGEST_SIGNAL_DATE, "day", 0.1, FALSE,
    "\\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|last (?:year|month|week))\\b" },
  /* Comparisons, superlatives, changes */
  { FM_SUGGEST_SIGNAL_COMPARISON, "comparison", 0.3, TRUE,
    "\\b(?:more|less|fewer|greater|higher|lower|larger|smaller|bigger|better|worse|"
    "faster|slower|cheaper|older|younger|longer|shorter)\\s+than\\b|\\bas\\s+\\w+\\s+as\\b|"
    "\\bcompared (?:with|to)\\b" },
  { FM_SUGGEST_SIGNAL_COMPARISON, "superlative", 0.3, TRUE,
    "\\b(?:the\\s+)?(?:most|least|largest|biggest|highest|lowest|smallest|fastest|slowest|"
    "best|worst|deadliest|worst-ever|first|last|only)\\s+\\w+|\\b(?:record|unprecedented|"
    "never before|all-time)\\b" },
  { FM_SUGGEST_SIGNAL_COMPARISON, "change", 0.25, TRUE,
    "\\b(?:increase[ds]?|decrease[ds]?|rose|risen|rising|fell|fallen|falling|doubled|"
    "tripled|halved|grew|grown|dropped|declined|surged|soared|plunged|jumped|cut|raised|"
    "brings the total)\\b" },
  /* Causes */
  { FM_SUGGEST_SIGNAL_CAUSAL, "cause", 0.3, TRUE,
    "\\b(?:because(?: of)?|due to|caused?|causing|led to|leads? to|as a result(?: of)?|"
    "result(?:ed|s)? in|resulting in|thanks to|owing to|blamed?|responsible for|"
    "contributed to|therefore|consequently|depends on|linked to|triggered|prompted|"
    "driven by|in order to|so that|forced to)\\b" },
  /* Quotations and attribution */
  { FM_SUGGEST_SIGNAL_QUOTATION, "quotation", 0.3, FALSE,
    /* Straight quotes open and close alike: only a closed pair counts */
    "[“„][^”“]{12,}(?:”|$)|«[^»]{12,}(?:»|$)|\"[^\"]{12,}\"" },
  { FM_SUGGEST_SIGNAL_QUOTATION, "attribution", 0.15, TRUE,
    "\\b(?:according to|" ATTRIBUTION "|reported|announced|stated|wrote|tweeted|posted|"
    "denied|admitted)\\b" },
  /* Laws, plans, documents */
  { FM_SUGGEST_SIGNAL_DOCUMENT, "document", 0.3, TRUE,
    "\\b(?:under|of|on)\\s+(?:the\\s+|a\\s+|an\\s+|its\\s+|their\\s+)?(?:[\\w’'.-]+\\s+){0,4}"
    "(?:law|laws|bill|act|statute|regulations?|rules?|constitution|treaty|agreement|deal|"
    "accord|plan|proposal|resolution|decree|ordinance|policy|budget|report|document|"
    "contract|memorandum|framework|ceasefire|truce|mandate|charter)\\b"
    "|\\b(?:law|bill|act|statute|regulations?|constitution|treaty|agreement|deal|plan|"
    "proposal|resolution|decree|policy|budget|report|document|contract|framework|mandate)"
    "\\s+(?:would|will|requires?|says|states|stipulates?|calls? for|aims? to|provides? for|"
    "allows?|bans?|prohibits?|mandates?|sets? out)\\b" },
  /* Unnamed or vague sources: the editor is told */
  { FM_SUGGEST_SIGNAL_VAGUE_SOURCE, "unnamed source", 0.4, FALSE,
    "\\b(?:(?:[Aa]n?|[Oo]ne|[Aa]nother|[Tt]he|[Tt]wo|[Tt]hree|[Ss]everal|[Mm]ultiple|[Ss]ome|"
    "[Mm]any|[Oo]ther)\\s+)?(?:(?:senior|top|former|current|local|regional|government|"
    "administration|military|intelligence|security|western|Western|foreign|diplomatic|"
    "unnamed|anonymous|knowledgeable|informed|well-placed|[A-Z][\\w.’'-]*),?\\s+){0,3}"
    "(?i:" UNNAMED ")\\b(?:\\s+(?:familiar|close|involved|briefed|with knowledge|"
    "knowledgeable|who)\\b[^.,;“”\"]{0,60}?)?,?\\s+(?i:" ATTRIBUTION ")\\b" },
  { FM_SUGGEST_SIGNAL_VAGUE_SOURCE, "unnamed source", 0.4, TRUE,
    "\\b(?:said|says|according to|told)\\s+(?:an?|one|another|the|two|several|multiple|some)"
    "\\s+(?:[\\w.’'-]+\\s+){0,3}" UNNAMED "\\b" },
  { FM_SUGGEST_SIGNAL_VAGUE_SOURCE, "unnamed source", 0.4, TRUE,
    "\\baccording to\\s+(?:[\\w.’'-]+\\s+){0,2}(?:sources?|officials?|people|persons?|"
    "insiders?)\\b|\\b(?:people|sources?|persons?) (?:familiar|close) (?:with|to)\\b|"
    "\\bon (?:the )?condition of anonymity\\b|\\b(?:asked|declined) (?:not )?to be "
    "(?:named|identified)\\b|\\bnot authori[sz]ed to speak\\b" },
  { FM_SUGGEST_SIGNAL_VAGUE_SOURCE, "vague attribution", 0.3, TRUE,
    "\\b(?:reportedly|it is understood|it is believed|is said to|are said to|"
    "some (?:say|believe|argue)|critics say|observers say|experts say)\\b" },
};

static GRegex *compiled[G_N_ELEMENTS (rules)];

static void
compile_rules (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
        {
          g_autoptr(GError) error = NULL;

          compiled[i] = g_regex_new (rules[i].pattern,
                                     G_REGEX_OPTIMIZE | (rules[i].caseless ? G_REGEX_CASELESS : 0),
                                     0, &error);
          /* The patterns are ours: a broken one is a programming error */
          if (compiled[i] == NULL)
            g_error ("fm-suggest: rule %u: %s", i, error->message);
        }
      g_once_init_leave (&done, 1);
    }
}

const char *
fm_suggest_signal_to_id (FmSuggestSignal signal)
{
  switch (signal)
    {
    case FM_SUGGEST_SIGNAL_FIGURE:       return "figure";
    case FM_SUGGEST_SIGNAL_DATE:         return "date";
    case FM_SUGGEST_SIGNAL_COMPARISON:   return "comparison";
    case FM_SUGGEST_SIGNAL_CAUSAL:       return "causal";
    case FM_SUGGEST_SIGNAL_QUOTATION:    return "quotation";
    case FM_SUGGEST_SIGNAL_DOCUMENT:     return "document";
    case FM_SUGGEST_SIGNAL_VAGUE_SOURCE: return "vague-source";
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
fm_suggest_signal_label (FmSuggestSignal signal)
{
  switch (signal)
    {
    case FM_SUGGEST_SIGNAL_FIGURE:       return _("Figures");
    case FM_SUGGEST_SIGNAL_DATE:         return _("Dates");
    case FM_SUGGEST_SIGNAL_COMPARISON:   return _("Comparison");
    case FM_SUGGEST_SIGNAL_CAUSAL:       return _("Cause and effect");
    case FM_SUGGEST_SIGNAL_QUOTATION:    return _("Quotation");
    case FM_SUGGEST_SIGNAL_DOCUMENT:     return _("What a law, plan or document says");
    case FM_SUGGEST_SIGNAL_VAGUE_SOURCE: return _("Unnamed or vague source");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Sentences */

static const char * const abbreviations[] = {
  "mr", "mrs", "ms", "dr", "prof", "st", "gen", "gov", "sen", "rep", "lt", "col", "sgt", "capt",
  "cmdr", "adm", "maj", "jr", "sr", "inc", "co", "corp", "ltd", "no", "nos", "vs", "etc", "approx",
  "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "fig",
  "vol", "pp", "art", "sec", "dept", "univ", "est", "mt", "ft", "rev", "hon", "pres",
};

/* Whether the word that ends at @end (just before a full stop) is an
 * abbreviation or an initialism such as "U.S" or "J.D" */
static gboolean
ends_with_abbreviation (const gunichar *text,
                        guint           start,
                        guint           stop)
{
  guint w = stop;
  g_autoptr(GString) word = g_string_new (NULL);
  gboolean initialism = TRUE;

  while (w > start && !g_unichar_isspace (text[w - 1]) && text[w - 1] != '(' &&
         text[w - 1] != 0x201C && text[w - 1] != '"')
    w--;
  if (w == stop)
    return FALSE;
  for (guint i = w; i < stop; i++)
    {
      g_string_append_unichar (word, g_unichar_tolower (text[i]));
      /* Letters alternating with dots: U.S, U.N, J.D, a.m */
      if (((i - w) % 2 == 0 && !g_unichar_isalpha (text[i])) ||
          ((i - w) % 2 == 1 && text[i] != '.'))
        initialism = FALSE;
    }
  if (initialism && (stop - w) % 2 == 1)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (abbreviations); i++)
    if (g_str_equal (word->str, abbreviations[i]))
      return TRUE;
  return FALSE;
}

static int
quote_balance (const gunichar *text,
               guint           start,
               guint           end)
{
  int open = 0;

  for (guint i = start; i < end; i++)
    {
      if (text[i] == 0x201C || text[i] == 0x00AB)        /* “ « */
        open++;
      else if ((text[i] == 0x201D || text[i] == 0x00BB) && open > 0)   /* ” » */
        open--;
    }
  return open;
}

static void
push_sentence (GArray         *spans,
               const gunichar *text,
               guint           start,
               guint           end)
{
  while (start < end && g_unichar_isspace (text[start]))
    start++;
  while (end > start && g_unichar_isspace (text[end - 1]))
    end--;
  if (end > start)
    {
      guint pair[2] = { start, end };
      g_array_append_vals (spans, pair, 2);
    }
}

static GArray *
split_sentences (const char     *text,
                 const gunichar *chars,
                 guint           n_chars,
                 const char     *lang)
{
  g_autofree PangoLogAttr *attrs = g_new0 (PangoLogAttr, n_chars + 1);
  g_autoptr(GArray) raw = g_array_new (FALSE, FALSE, sizeof (guint));
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (guint));
  PangoLanguage *language = pango_language_from_string (lang ? lang : "en");
  guint start = 0;

  pango_get_log_attrs (text, -1, -1, language, attrs, n_chars + 1);

  /* Pango's breaks, less those after abbreviations inside a paragraph */
  for (guint i = 1; i <= n_chars; i++)
    {
      gboolean paragraph = chars[i - 1] == '\n';

      if (i < n_chars && !attrs[i].is_sentence_boundary && !paragraph)
        continue;
      if (i < n_chars && !paragraph)
        {
          guint stop = i;

          while (stop > start && g_unichar_isspace (chars[stop - 1]))
            stop--;
          if (stop > start && chars[stop - 1] == '.' &&
              ends_with_abbreviation (chars, start, stop - 1))
            continue;
        }
      push_sentence (raw, chars, start, i);
      start = i;
    }

  /* A quotation that goes on over several sentences stays whole */
  for (guint i = 0; i < raw->len; i += 2)
    {
      guint s = g_array_index (raw, guint, i);
      guint e = g_array_index (raw, guint, i + 1);
      guint j = i;

      while (quote_balance (chars, s, e) > 0 && j + 2 < raw->len && (j - i) / 2 < MAX_QUOTE_SENTENCES)
        {
          guint next_s = g_array_index (raw, guint, j + 2);
          gboolean same_paragraph = TRUE;

          for (guint k = e; k < next_s; k++)
            if (chars[k] == '\n')
              same_paragraph = FALSE;
          if (!same_paragraph)
            break;
          j += 2;
          e = g_array_index (raw, guint, j + 1);
        }
      push_sentence (spans, chars, s, e);
      i = j;
    }
  return spans;
}

GArray *
fm_suggest_split_sentences (const char *text,
                            const char *lang)
{
  g_autofree gunichar *chars = NULL;
  glong n = 0;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (g_utf8_validate (text, -1, NULL), NULL);

  chars = g_utf8_to_ucs4_fast (text, -1, &n);
  return split_sentences (text, chars, n, lang);
}

/* Scoring */

static void
reason_free (gpointer data)
{
  FmSuggestReason *reason = data;

  g_free (reason->text);
  g_free (reason);
}

static void
suggestion_free (gpointer data)
{
  FmSuggestion *suggestion = data;

  g_free (suggestion->sentence);
  g_clear_pointer (&suggestion->reasons, g_ptr_array_unref);
  g_free (suggestion);
}

static int
compare_reasons (gconstpointer a,
                 gconstpointer b)
{
  const FmSuggestReason *ra = *(FmSuggestReason **)a;
  const FmSuggestReason *rb = *(FmSuggestReason **)b;

  if (ra->start != rb->start)
    return ra->start < rb->start ? -1 : 1;
  return (int)ra->signal - (int)rb->signal;
}

/* A match that overlaps one already kept for the same signal adds nothing */
static gboolean
overlaps_kept (GPtrArray       *reasons,
               FmSuggestSignal  signal,
               guint            start,
               guint            end)
{
  for (guint i = 0; i < reasons->len; i++)
    {
      FmSuggestReason *r = g_ptr_array_index (reasons, i);

      if (r->signal == signal && start < r->end && r->start < end)
        return TRUE;
    }
  return FALSE;
}

static guint
count_words (const char *sentence)
{
  guint words = 0;
  gboolean in_word = FALSE;

  for (const char *p = sentence; *p; p = g_utf8_next_char (p))
    {
      gboolean letter = g_unichar_isalnum (g_utf8_get_char (p));

      if (letter && !in_word)
        words++;
      in_word = letter;
    }
  return words;
}

/* A bare number inside a date ("Oct. 13, 2025") is the date, not a figure */
static gboolean
inside_date (GPtrArray       *reasons,
             FmSuggestReason *reason)
{
  if (reason->signal != FM_SUGGEST_SIGNAL_FIGURE || !g_str_equal (reason->kind, "number"))
    return FALSE;
  for (guint i = 0; i < reasons->len; i++)
    {
      FmSuggestReason *r = g_ptr_array_index (reasons, i);

      if (r->signal == FM_SUGGEST_SIGNAL_DATE && r->start <= reason->start && reason->end <= r->end)
        return TRUE;
    }
  return FALSE;
}

static FmSuggestion *
score_sentence (const char *sentence,
                guint       offset)
{
  g_autoptr(GPtrArray) reasons = g_ptr_array_new_with_free_func (reason_free);
  double best[FM_SUGGEST_N_SIGNALS] = { 0 };
  guint extra[FM_SUGGEST_N_SIGNALS] = { 0 };
  double sum = 0.0;
  FmSuggestion *suggestion;

  /* Strongest rules first, so that a percentage is not also a bare number */
  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      g_autoptr(GMatchInfo) info = NULL;

      g_regex_match (compiled[i], sentence, 0, &info);
      while (g_match_info_matches (info))
        {
          int bs, be;
          guint cs, ce;

          g_match_info_fetch_pos (info, 0, &bs, &be);
          cs = g_utf8_pointer_to_offset (sentence, sentence + bs);
          ce = g_utf8_pointer_to_offset (sentence, sentence + be);
          if (ce > cs && !overlaps_kept (reasons, rules[i].signal, offset + cs, offset + ce))
            {
              FmSuggestReason *reason = g_new0 (FmSuggestReason, 1);
              g_autofree char *raw = g_strndup (sentence + bs, be - bs);

              reason->signal = rules[i].signal;
              reason->kind = rules[i].kind;
              reason->start = offset + cs;
              reason->end = offset + ce;
              reason->text = fm_collapse_space (raw);
              reason->weight = rules[i].weight;
              g_ptr_array_add (reasons, reason);
            }
          g_match_info_next (info, NULL);
        }
    }

  for (guint i = reasons->len; i > 0; i--)
    if (inside_date (reasons, g_ptr_array_index (reasons, i - 1)))
      g_ptr_array_remove_index (reasons, i - 1);

  /* The strongest reason of each signal, and a little for each further one */
  for (guint i = 0; i < reasons->len; i++)
    {
      FmSuggestReason *r = g_ptr_array_index (reasons, i);

      if (best[r->signal] > 0)
        extra[r->signal]++;
      best[r->signal] = MAX (best[r->signal], r->weight);
    }
  for (guint s = 0; s < FM_SUGGEST_N_SIGNALS; s++)
    if (best[s] > 0)
      sum += best[s] + 0.05 * MIN (extra[s], 2);

  g_ptr_array_sort (reasons, compare_reasons);
  suggestion = g_new0 (FmSuggestion, 1);
  suggestion->score = 1.0 - exp (-sum);
  suggestion->anonymous_source = best[FM_SUGGEST_SIGNAL_VAGUE_SOURCE] > 0;
  suggestion->reasons = g_steal_pointer (&reasons);
  return suggestion;
}

FmSuggestResult *
fm_suggest (const char *text,
            const char *lang)
{
  g_autofree gunichar *chars = NULL;
  g_autoptr(GArray) spans = NULL;
  FmSuggestResult *result;
  const char *p;
  guint at = 0;
  glong n = 0;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (g_utf8_validate (text, -1, NULL), NULL);

  compile_rules ();
  chars = g_utf8_to_ucs4_fast (text, -1, &n);
  spans = split_sentences (text, chars, n, lang);

  result = g_new0 (FmSuggestResult, 1);
  result->suggestions = g_ptr_array_new_with_free_func (suggestion_free);
  result->n_sentences = spans->len / 2;

  p = text;
  for (guint i = 0; i < spans->len; i += 2)
    {
      guint start = g_array_index (spans, guint, i);
      guint end = g_array_index (spans, guint, i + 1);
      const char *s = g_utf8_offset_to_pointer (p, start - at);
      const char *e = g_utf8_offset_to_pointer (s, end - start);
      g_autofree char *sentence = g_strndup (s, e - s);
      FmSuggestion *suggestion;

      p = s;
      at = start;
      if (count_words (sentence) < MIN_WORDS)
        continue;
      suggestion = score_sentence (sentence, start);
      if (suggestion->score < FM_SUGGEST_MIN_SCORE && !suggestion->anonymous_source)
        {
          suggestion_free (suggestion);
          continue;
        }
      suggestion->start = start;
      suggestion->end = end;
      suggestion->sentence = g_steal_pointer (&sentence);
      if (suggestion->anonymous_source)
        result->n_anonymous++;
      g_ptr_array_add (result->suggestions, suggestion);
    }
  return result;
}

void
fm_suggest_result_free (FmSuggestResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->suggestions, g_ptr_array_unref);
  g_free (result);
}

void
fm_suggest_result_filter (FmSuggestResult *result,
                          GArray          *claimed,
                          GHashTable      *dismissed)
{
  g_return_if_fail (result != NULL);

  result->n_anonymous = 0;
  for (guint i = result->suggestions->len; i > 0; i--)
    {
      FmSuggestion *suggestion = g_ptr_array_index (result->suggestions, i - 1);
      gboolean drop = FALSE;

      for (guint c = 0; claimed != NULL && c + 1 < claimed->len && !drop; c += 2)
        {
          guint cs = g_array_index (claimed, guint, c);
          guint ce = g_array_index (claimed, guint, c + 1);

          drop = cs < suggestion->end && suggestion->start < ce;
        }
      if (!drop && dismissed != NULL)
        {
          g_autofree char *clean = fm_collapse_space (suggestion->sentence);
          drop = g_hash_table_contains (dismissed, clean);
        }
      if (drop)
        g_ptr_array_remove_index (result->suggestions, i - 1);
      else if (suggestion->anonymous_source)
        result->n_anonymous++;
    }
}

char *
fm_suggestion_describe (const FmSuggestion *suggestion)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (suggestion != NULL, NULL);

  for (guint i = 0; i < suggestion->reasons->len; i++)
    {
      const FmSuggestReason *r = g_ptr_array_index (suggestion->reasons, i);

      g_autofree char *words = NULL;
      const char *text = r->text;

      /* A quotation is shown by its opening words, without its own marks */
      if (r->signal == FM_SUGGEST_SIGNAL_QUOTATION && g_str_equal (r->kind, "quotation"))
        {
          words = g_strdup (g_utf8_next_char (text));
          g_strstrip (words);
        }
      else
        words = g_strdup (text);
      if (g_utf8_strlen (words, -1) > MAX_REASON_CHARS)
        {
          g_autofree char *cut = g_utf8_substring (words, 0, MAX_REASON_CHARS - 1);

          g_free (words);
          words = g_strconcat (g_strchomp (cut), "…", NULL);
        }
      else if (r->signal == FM_SUGGEST_SIGNAL_QUOTATION && g_str_equal (r->kind, "quotation"))
        {
          /* Its closing mark, and the comma before it */
          gsize len = strlen (words);
          const char *last = g_utf8_find_prev_char (words, words + len);

          if (last != NULL && strchr ("\"", *last) == NULL && g_utf8_get_char (last) != 0x201D &&
              g_utf8_get_char (last) != 0x00BB)
            last = NULL;
          if (last != NULL)
            words[last - words] = '\0';
          g_strchomp (words);
          if (g_str_has_suffix (words, ","))
            words[strlen (words) - 1] = '\0';
        }

      if (out->len > 0)
        g_string_append (out, "; ");
      /* TRANSLATORS: a reason a sentence is worth checking: its kind, then the words */
      g_string_append_printf (out, _("%s “%s”"), r->kind, words);
    }
  return g_string_free (out, FALSE);
}
