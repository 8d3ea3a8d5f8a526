/* test-suggest.c — sentence splitting, check-worthiness signals, sourcing flags */
#include "config.h"

#include <string.h>

#include "fm-import.h"
#include "fm-suggest.h"
#include "fm-test.h"

static GPtrArray *
sentences_of (const char *text)
{
  g_autoptr(GArray) spans = fm_suggest_split_sentences (text, "en");
  GPtrArray *sentences = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < spans->len; i += 2)
    g_ptr_array_add (sentences, g_utf8_substring (text, g_array_index (spans, guint, i),
                                                  g_array_index (spans, guint, i + 1)));
  return sentences;
}

static void
test_split (void)
{
  const char *text =
    "The plan, led by U.S. Central Command, was signed on Oct. 13, 2025. Vice President "
    "J.D. Vance attended. Dr. Okafor disagreed! Was it legal? Nobody knows…\n"
    "A heading without a stop\n"
    "She said: “It works. It is cheap. Everyone wins.” Then she left.";
  g_autoptr(GPtrArray) s = sentences_of (text);
  const char * const expected[] = {
    "The plan, led by U.S. Central Command, was signed on Oct. 13, 2025.",
    "Vice President J.D. Vance attended.",
    "Dr. Okafor disagreed!",
    "Was it legal?",
    "Nobody knows…",
    "A heading without a stop",
    /* A quotation over several sentences stays whole */
    "She said: “It works. It is cheap. Everyone wins.”",
    "Then she left.",
  };

  g_assert_cmpuint (s->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (g_ptr_array_index (s, i), ==, expected[i]);
}

static void
test_split_offsets_are_characters (void)
{
  /* Multi-byte characters before a sentence: offsets count characters */
  const char *text = "Çà été « très » dur. Türkiye’s exports rose 12% in 2024.";
  g_autoptr(FmSuggestResult) result = fm_suggest (text, "en");
  FmSuggestion *s;
  g_autofree char *sentence = NULL;

  g_assert_cmpuint (result->suggestions->len, ==, 1);
  s = g_ptr_array_index (result->suggestions, 0);
  sentence = g_utf8_substring (text, s->start, s->end);
  g_assert_cmpstr (sentence, ==, "Türkiye’s exports rose 12% in 2024.");
  g_assert_cmpstr (s->sentence, ==, sentence);
  g_assert_cmpuint (s->start, ==, g_utf8_strlen ("Çà été « très » dur. ", -1));
  for (guint i = 0; i < s->reasons->len; i++)
    {
      FmSuggestReason *r = g_ptr_array_index (s->reasons, i);
      g_autofree char *words = g_utf8_substring (text, r->start, r->end);

      g_assert_cmpstr (words, ==, r->text);
    }
}

/* The one suggestion for @text: checks it has a reason of @signal/@kind on @words */
static FmSuggestion *
expect_reason (FmSuggestResult *result,
               FmSuggestSignal  signal,
               const char      *kind,
               const char      *words)
{
  FmSuggestion *s;

  g_assert_cmpuint (result->suggestions->len, ==, 1);
  s = g_ptr_array_index (result->suggestions, 0);
  for (guint i = 0; i < s->reasons->len; i++)
    {
      FmSuggestReason *r = g_ptr_array_index (s->reasons, i);

      if (r->signal == signal && (kind == NULL || g_str_equal (r->kind, kind)) &&
          strstr (r->text, words) != NULL)
        {
          g_assert_cmpfloat (s->score, >=, FM_SUGGEST_MIN_SCORE);
          g_assert_cmpfloat (s->score, <=, 1.0);
          return s;
        }
    }
  g_error ("no %s reason on “%s” in “%s”", fm_suggest_signal_to_id (signal), words, s->sentence);
  return NULL;
}

static void
check_signal (const char      *sentence,
              FmSuggestSignal  signal,
              const char      *kind,
              const char      *words)
{
  g_autoptr(FmSuggestResult) result = fm_suggest (sentence, "en");

  expect_reason (result, signal, kind, words);
}

static void
test_signals (void)
{
  check_signal ("Unemployment fell to 4.2% in March.", FM_SUGGEST_SIGNAL_FIGURE, "percentage", "4.2%");
  check_signal ("Turnout was 61 per cent, officials counted.", FM_SUGGEST_SIGNAL_FIGURE, "percentage", "61 per cent");
  check_signal ("The council spent €12 million on the bridge.", FM_SUGGEST_SIGNAL_FIGURE, "amount", "€12 million");
  check_signal ("The repairs will cost 40 euros per household.", FM_SUGGEST_SIGNAL_FIGURE, "amount", "40 euros");
  check_signal ("The storm destroyed 300 homes along the coast.", FM_SUGGEST_SIGNAL_FIGURE, "count", "300 homes");
  check_signal ("Nearly 2.5 million people live in the region now.", FM_SUGGEST_SIGNAL_FIGURE, NULL, "2.5 million");
  check_signal ("The law took effect on March 3, 2024 across the state.", FM_SUGGEST_SIGNAL_DATE, "date", "March 3, 2024");
  check_signal ("The new bridge is longer than the old one and cost less.", FM_SUGGEST_SIGNAL_COMPARISON, "comparison", "longer than");
  check_signal ("It is now the largest port in the whole region.", FM_SUGGEST_SIGNAL_COMPARISON, "superlative", "largest port");
  check_signal ("Prices at the market rose because of the long drought.", FM_SUGGEST_SIGNAL_CAUSAL, NULL, "because of");
  check_signal ("The closures were blamed on the new tax by traders.", FM_SUGGEST_SIGNAL_CAUSAL, NULL, "blamed");
  check_signal ("“We will not back down on this,” the mayor said.", FM_SUGGEST_SIGNAL_QUOTATION, "quotation", "We will not back down");
  check_signal ("“We will not back down on this,” the mayor said.", FM_SUGGEST_SIGNAL_QUOTATION, "attribution", "said");
  check_signal ("He said \"it is over for all of us now\" and left.", FM_SUGGEST_SIGNAL_QUOTATION, "quotation", "it is over for all");
  {
    /* A straight quote mark is not taken for the opening of what follows it */
    g_autoptr(FmSuggestResult) result = fm_suggest ("He said \"it is over\" and left the room.", "en");
    g_assert_cmpuint (result->suggestions->len, ==, 0);
  }
  check_signal ("Under the new law, landlords must register every tenancy.", FM_SUGGEST_SIGNAL_DOCUMENT, NULL, "Under the new law");
  check_signal ("The bill would ban single-use plastics from next year.", FM_SUGGEST_SIGNAL_DOCUMENT, NULL, "bill would");
}

static void
test_sourcing (void)
{
  static const struct {
    const char *sentence;
    gboolean    vague;
  } cases[] = {
    { "A senior official told reporters the deal was close to done.", TRUE },
    { "Officials said the talks had stalled over the border question.", TRUE },
    { "The company will be sold, according to people familiar with the matter.", TRUE },
    { "The talks failed, sources said, after the envoy walked out.", TRUE },
    { "“It is over,” said one diplomat who asked not to be named.", TRUE },
    { "The minister reportedly threatened to resign over the budget.", TRUE },
    { "“The plan is dead,” another source cautioned on Tuesday.", TRUE },
    { "Mayor Ana Ruiz said the budget was balanced for the third year.", FALSE },
    { "The ministry confirmed that 40 people were hurt in the blast.", FALSE },
    { "“We acted within the law,” Finance Minister Lars Berg told parliament.", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FmSuggestResult) result = fm_suggest (cases[i].sentence, "en");
      FmSuggestion *s = result->suggestions->len ? g_ptr_array_index (result->suggestions, 0) : NULL;
      gboolean flagged = s != NULL && s->anonymous_source;

      if (flagged != cases[i].vague)
        g_error ("“%s”: expected %s", cases[i].sentence, cases[i].vague ? "flagged" : "not flagged");
      g_assert_cmpuint (result->n_anonymous, ==, cases[i].vague ? 1 : 0);
      if (cases[i].vague)
        expect_reason (result, FM_SUGGEST_SIGNAL_VAGUE_SOURCE, NULL, "");
    }
}

static void
test_not_worth_checking (void)
{
  const char *text = "The sun was shining over the harbour.\nShe walked home slowly.\n"
                     "Contact us\nWhat a lovely day it was for everyone.";
  g_autoptr(FmSuggestResult) result = fm_suggest (text, "en");

  g_assert_cmpuint (result->n_sentences, ==, 4);
  g_assert_cmpuint (result->suggestions->len, ==, 0);
  g_assert_cmpuint (result->n_anonymous, ==, 0);

  /* Nothing at all */
  g_clear_pointer (&result, fm_suggest_result_free);
  result = fm_suggest ("", "en");
  g_assert_cmpuint (result->n_sentences, ==, 0);
}

static void
test_filter (void)
{
  const char *text = "Fares rose 15% in a year. Officials said more rises would follow. "
                     "The operator blamed fuel costs for the 15% rise.";
  g_autoptr(FmSuggestResult) result = fm_suggest (text, "en");
  g_autoptr(GArray) claimed = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GHashTable) dismissed = g_hash_table_new (g_str_hash, g_str_equal);
  guint span[2] = { 5, 10 };

  g_assert_cmpuint (result->suggestions->len, ==, 3);
  g_assert_cmpuint (result->n_anonymous, ==, 1);
  /* A claim inside the first sentence; the second dismissed */
  g_array_append_vals (claimed, span, 2);
  g_hash_table_add (dismissed, (gpointer)"Officials said more rises would follow.");
  fm_suggest_result_filter (result, claimed, dismissed);
  g_assert_cmpuint (result->suggestions->len, ==, 1);
  g_assert_cmpuint (result->n_anonymous, ==, 0);
  g_assert_cmpstr (((FmSuggestion *)g_ptr_array_index (result->suggestions, 0))->sentence, ==,
                   "The operator blamed fuel costs for the 15% rise.");
}

/* The seed article: every sentence carrying its figures, and every quote
 * from an unnamed source, is suggested; the latter flagged */
static void
test_seed (void)
{
  g_autofree char *path = fm_test_shared_file ("seeds/000_9ce32568348f78d7.txt");
  g_autoptr(GFile) file = NULL;
  g_autoptr(FmArticle) article = NULL;
  g_autoptr(FmSuggestResult) result = NULL;
  g_autoptr(GError) error = NULL;
  static const char * const figures[] = {
    "roughly 50% of Gaza", "20-point plan", "bodies of 30 more Palestinians",
    "bodies of 30 Palestinian prisoners", "return 15 Palestinian remains", "to 225",
  };
  static const char * const unnamed[] = {
    "according to multiple sources familiar with the discussions",
    "willingness to participate, sources said",
    "one source involved in the planning told Axios",
    "A U.S. official said, “The Israelis are nervous",
    "has been very counterproductive,” a U.S. official said",
    "the official added",
    "A U.S. official said the plan aims to ensure Hamas",
    "Nobody rejected it and they all wait to see the final design,” a U.S. official said",
    "Another source cautioned",
    "Israeli officials reportedly emphasized",
  };
  static const char * const named[] = {
    "The Nasser Medical Complex in Khan Yunis confirmed",
    "AFP reported Friday",
  };

  if (path == NULL)
    {
      g_test_skip ("the shared seeds are not beside the checkout (SHARED_DIR)");
      return;
    }
  file = g_file_new_for_path (path);
  article = fm_import_file (file, 0, NULL, &error);
  g_assert_no_error (error);
  result = fm_suggest (fm_article_get_text (article), "en");

  for (guint i = 0; i < G_N_ELEMENTS (figures) + G_N_ELEMENTS (unnamed) + G_N_ELEMENTS (named); i++)
    {
      const char *words = i < G_N_ELEMENTS (figures) ? figures[i] :
                          i < G_N_ELEMENTS (figures) + G_N_ELEMENTS (unnamed) ?
                          unnamed[i - G_N_ELEMENTS (figures)] :
                          named[i - G_N_ELEMENTS (figures) - G_N_ELEMENTS (unnamed)];
      gboolean is_figure = i < G_N_ELEMENTS (figures);
      gboolean is_unnamed = !is_figure && i < G_N_ELEMENTS (figures) + G_N_ELEMENTS (unnamed);
      FmSuggestion *found = NULL;

      for (guint k = 0; k < result->suggestions->len && found == NULL; k++)
        {
          FmSuggestion *s = g_ptr_array_index (result->suggestions, k);
          if (strstr (s->sentence, words) != NULL)
            found = s;
        }
      if (found == NULL)
        g_error ("the sentence with “%s” is not suggested", words);
      if (is_unnamed && !found->anonymous_source)
        g_error ("“%s” is not flagged as an unnamed source", words);
      if (!is_figure && !is_unnamed && found->anonymous_source)
        g_error ("“%s” is flagged, but its source is named", words);
      if (is_figure)
        {
          gboolean has_figure = FALSE;

          for (guint r = 0; r < found->reasons->len; r++)
            has_figure |= ((FmSuggestReason *)g_ptr_array_index (found->reasons, r))->signal ==
                          FM_SUGGEST_SIGNAL_FIGURE;
          g_assert_true (has_figure);
        }
    }
  g_assert_cmpuint (result->n_anonymous, >=, G_N_ELEMENTS (unnamed));
  g_assert_cmpuint (result->suggestions->len, <, result->n_sentences);
  g_test_message ("%u of %u sentences suggested, %u with unnamed sources",
                  result->suggestions->len, result->n_sentences, result->n_anonymous);
}

static void
test_describe (void)
{
  g_autoptr(FmSuggestResult) result = fm_suggest ("Fares rose 15% last year, sources said.", "en");
  FmSuggestion *s = g_ptr_array_index (result->suggestions, 0);
  g_autofree char *text = fm_suggestion_describe (s);

  g_assert_nonnull (strstr (text, "percentage “15%”"));
  g_assert_nonnull (strstr (text, "unnamed source “sources said”"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/suggest/split", test_split);
  g_test_add_func ("/suggest/split-offsets-are-characters", test_split_offsets_are_characters);
  g_test_add_func ("/suggest/signals", test_signals);
  g_test_add_func ("/suggest/sourcing", test_sourcing);
  g_test_add_func ("/suggest/not-worth-checking", test_not_worth_checking);
  g_test_add_func ("/suggest/filter", test_filter);
  g_test_add_func ("/suggest/describe", test_describe);
  g_test_add_func ("/suggest/seed", test_seed);

  return g_test_run ();
}
