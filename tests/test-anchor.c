/* test-anchor.c — the word diff, and claims found again in changed texts */
#include "config.h"

#include <string.h>

#include "fm-anchor.h"
#include "fm-diff.h"

/* An article, and the revisions the tests make of it */
static const char v1[] =
  "Harbour bridge tolls to rise next year\n"
  "The regional council voted on Tuesday to raise tolls on the harbour bridge by 15 percent "
  "from January, the first increase since 2019.\n"
  "Council leader Maria Keane said the money would pay for repairs that engineers have called "
  "urgent. \"Without them the bridge will have to close to lorries within five years,\" she said.\n"
  "The bridge carries about 48,000 vehicles a day, according to the transport authority.\n"
  "Opposition councillors said the rise would hurt commuters who have no other way to cross.";

typedef struct
{
  const char *quote;
  guint       start;
  guint       end;
  char       *prefix;
  char       *suffix;
} Span;

/* The selector of the first occurrence of @quote in @text, as claims store it */
static Span
span_of (const char *text,
         const char *quote)
{
  const char *at = strstr (text, quote);
  Span span = { quote, 0, 0, NULL, NULL };
  glong len = g_utf8_strlen (text, -1);

  g_assert_nonnull (at);
  span.start = g_utf8_pointer_to_offset (text, at);
  span.end = span.start + g_utf8_strlen (quote, -1);
  span.prefix = g_utf8_substring (text, span.start > 32 ? span.start - 32 : 0, span.start);
  span.suffix = g_utf8_substring (text, span.end, MIN (len, span.end + 32));
  return span;
}

static void
span_clear (Span *span)
{
  g_free (span->prefix);
  g_free (span->suffix);
}

static guint
offset_of (const char *text,
           const char *quote)
{
  const char *at = strstr (text, quote);

  g_assert_nonnull (at);
  return g_utf8_pointer_to_offset (text, at);
}

static char *
replace (const char *text,
         const char *from,
         const char *to)
{
  const char *at = strstr (text, from);
  GString *out = g_string_new (NULL);

  g_assert_nonnull (at);
  g_string_append_len (out, text, at - text);
  g_string_append (out, to);
  g_string_append (out, at + strlen (from));
  return g_string_free (out, FALSE);
}

static FmAnchorMatch
locate (const char *old_text,
        const char *new_text,
        Span       *span)
{
  FmAnchorMatch match;

  fm_anchor_locate_in_text (old_text, new_text, span->quote, span->prefix, span->suffix,
                            span->start, span->end, &match);
  return match;
}

static char *
match_text (const char          *text,
            const FmAnchorMatch *match)
{
  return g_utf8_substring (text, match->start, match->end);
}

/* Diff */

/* The ops cover both texts in order, and equal runs are equal */
static void
check_diff (const char *a,
            const char *b,
            GArray     *ops)
{
  g_autoptr(GString) ra = g_string_new (NULL);
  g_autoptr(GString) rb = g_string_new (NULL);
  guint oa = 0, ob = 0;

  for (guint i = 0; i < ops->len; i++)
    {
      const FmDiffOp *op = &g_array_index (ops, FmDiffOp, i);
      g_autofree char *sa = g_utf8_substring (a, op->old_start, op->old_end);
      g_autofree char *sb = g_utf8_substring (b, op->new_start, op->new_end);

      g_assert_cmpuint (op->old_start, ==, oa);
      g_assert_cmpuint (op->new_start, ==, ob);
      if (op->kind == FM_DIFF_EQUAL)
        g_assert_cmpstr (sa, ==, sb);
      else if (op->kind == FM_DIFF_DELETE)
        g_assert_cmpuint (op->new_start, ==, op->new_end);
      else
        g_assert_cmpuint (op->old_start, ==, op->old_end);
      g_string_append (ra, sa);
      g_string_append (rb, sb);
      oa = op->old_end;
      ob = op->new_end;
    }
  g_assert_cmpstr (ra->str, ==, a);
  g_assert_cmpstr (rb->str, ==, b);
}

static void
test_diff_words (void)
{
  const char *a = "The council spent 4 million on the bridge.\nSecond paragraph, unchanged.\n";
  const char *b = "The city council spent 5 million on the new bridge.\nSecond paragraph, unchanged.\n";
  g_autoptr(GArray) ops = fm_diff_words (a, b);
  g_autoptr(GArray) same = fm_diff_words (a, a);
  g_autoptr(GArray) empty = fm_diff_words ("", b);
  guint deleted, inserted;
  gboolean changed;

  check_diff (a, b, ops);
  check_diff (a, a, same);
  check_diff ("", b, empty);
  g_assert_true (fm_diff_is_empty (same));
  g_assert_false (fm_diff_is_empty (ops));

  /* "city " inserted, "4" → "5", "new " inserted: words, not characters */
  fm_diff_count (ops, &deleted, &inserted);
  g_assert_cmpuint (deleted, ==, 1);
  g_assert_cmpuint (inserted, ==, strlen ("city ") + 1 + strlen ("new "));

  g_assert_cmpuint (fm_diff_map_offset (ops, offset_of (a, "council"), &changed), ==,
                    offset_of (b, "council"));
  g_assert_false (changed);
  g_assert_cmpuint (fm_diff_map_offset (ops, offset_of (a, "Second"), NULL), ==,
                    offset_of (b, "Second"));
  g_assert_cmpuint (fm_diff_map_offset (ops, offset_of (a, "4"), &changed), ==, offset_of (b, "5"));
  g_assert_true (changed);
}

static void
test_diff_reworded (void)
{
  /* A reworded phrase reads as one change, not word, space, word… */
  const char *a = "Officials said the plan would cost far less than expected.";
  const char *b = "Officials said the scheme might cost much more than expected.";
  g_autoptr(GArray) ops = fm_diff_words (a, b);
  guint changes = 0;

  check_diff (a, b, ops);
  for (guint i = 0; i < ops->len; i++)
    if (g_array_index (ops, FmDiffOp, i).kind == FM_DIFF_DELETE)
      changes++;
  g_assert_cmpuint (changes, ==, 1);
}

static void
test_diff_random (void)
{
  static const char * const pieces[] = { "alpha", "beta", "gamma", "délta", " ", ", ", "\n", "x" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261126);

  for (guint it = 0; it < 300; it++)
    {
      g_autoptr(GString) a = g_string_new (NULL);
      g_autoptr(GString) b = g_string_new (NULL);
      g_autoptr(GArray) ops = NULL;
      guint na = g_rand_int_range (rand, 0, 80);

      for (guint i = 0; i < na; i++)
        g_string_append (a, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
      if (g_rand_boolean (rand))
        {
          /* A few edits of a copy */
          g_string_assign (b, a->str);
          for (guint e = 0; e < 3 && b->len > 0; e++)
            {
              glong chars = g_utf8_strlen (b->str, -1);
              const char *at = g_utf8_offset_to_pointer (b->str, g_rand_int_range (rand, 0, chars));
              g_string_insert (b, at - b->str, pieces[g_rand_int_range (rand, 0, 4)]);
            }
        }
      else
        for (guint i = 0, nb = g_rand_int_range (rand, 0, 80); i < nb; i++)
          g_string_append (b, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
      ops = fm_diff_words (a->str, b->str);
      check_diff (a->str, b->str, ops);
    }
}

/* Anchoring: each case of the issue */

static void
test_unchanged (void)
{
  Span span = span_of (v1, "raise tolls on the harbour bridge by 15 percent");
  FmAnchorMatch match = locate (v1, v1, &span);

  g_assert_cmpint (match.kind, ==, FM_ANCHOR_MATCH_EXACT);
  g_assert_cmpuint (match.start, ==, span.start);
  g_assert_cmpuint (match.end, ==, span.end);
  g_assert_cmpfloat (match.confidence, ==, 1.0);
  g_assert_false (match.needs_confirmation);
  span_clear (&span);
}

static void
test_insertion_before (void)
{
  g_autofree char *v2 = replace (v1, "The regional council",
                                 "Updated at 14:00 with the council leader's comments.\n"
                                 "The regional council");
  Span span = span_of (v1, "The bridge carries about 48,000 vehicles a day");
  FmAnchorMatch match = locate (v1, v2, &span);
  g_autofree char *found = match_text (v2, &match);

  g_assert_cmpint (match.kind, ==, FM_ANCHOR_MATCH_EXACT);
  g_assert_cmpuint (match.start, ==, offset_of (v2, span.quote));
  g_assert_cmpuint (match.start, >, span.start);
  g_assert_cmpstr (found, ==, span.quote);
  g_assert_cmpfloat (match.confidence, ==, 1.0);
  g_assert_false (match.needs_confirmation);
  span_clear (&span);
}

static void
test_insertion_in_context (void)
{
  /* Words added right before the quote: its prefix no longer matches, but
   * the diff still says where it went */
  g_autofree char *v2 = replace (v1, "Council leader Maria Keane said",
                                 "Council leader Maria Keane, who proposed the rise, said");
  Span span = span_of (v1, "the money would pay for repairs that engineers have called urgent");
  FmAnchorMatch match = locate (v1, v2, &span);

  g_assert_cmpint (match.kind, ==, FM_ANCHOR_MATCH_EXACT);
  g_assert_cmpuint (match.start, ==, offset_of (v2, span.quote));
  g_assert_cmpfloat (match.confidence, ==, 1.0);
  g_assert_cmpfloat (match.context_score, <, 1.0);
  span_clear (&span);
}

static void
test_reworded (void)
{
  g_autofree char *v2 = replace (v1, "raise tolls on the harbour bridge by 15 percent from January",
                                 "raise tolls on the harbour bridge by 12 percent from March");
  Span span = span_of (v1, "raise tolls on the harbour bridge by 15 percent from January");
  FmAnchorMatch match = locate (v1, v2, &span);
  g_autofree char *found = match_text (v2, &match);

  g_assert_cmpint (match.kind, ==, FM_ANCHOR_MATCH_FUZZY);
  g_assert_cmpstr (found, ==, "raise tolls on the harbour bridge by 12 percent from March");
  g_assert_true (match.needs_confirmation);
  g_assert_cmpfloat (match.confidence, >, 0.55);
  g_assert_cmpfloat (match.confidence, <, 1.0);
  g_assert_cmpuint (match.errors, >, 0);
  span_clear (&span);
}

static void
test_reworded_sentence (void)
{
  /* A heavier rewrite of a whole sentence, moved to the end of its paragraph */
  const char *quote = "The bridge carries about 48,000 vehicles a day, according to the transport authority.";
  g_autofree char *v2 = replace (v1, quote,
                                 "About 48,000 vehicles a day cross the bridge, according to the "
                                 "regional transport authority.");
  Span span = span_of (v1, quote);
  FmAnchorMatch match = locate (v1, v2, &span);
  g_autofree char *found = NULL;

  g_assert_cmpint (match.kind, ==, FM_ANCHOR_MATCH_FUZZY);
  found = match_text (v2, &match);
  g_assert_nonnull (strstr (found, "48,000 vehicles a day"));
  g_assert_nonnull (strstr (found, "transport authority"));
  g_assert_true (match.needs_confirmation);
  span_clear (&span);
}

static void
test_deleted_paragraph (void)
{
  const char *paragraph = "The bridge carries about 48,000 vehicles a day, according to the "
                          "transport authority.\n";
  g_autofree char *v2 = replace (v1, paragraph, "");
  Span gone = span_of (v1, "about 48,000 vehicles a day");
  Span after = span_of (v1, "the rise would hurt commuters");
  FmAnchorMatch match = locate (v1, v2, &gone);

  g_assert_cmpint (match.kind, ==, FM_ANCHOR_MATCH_NONE);
  g_assert_false (fm_anchor_locate_in_text (v1, v2, gone.quote, gone.prefix, gone.suffix,
                                            gone.start, gone.end, &match));

  /* The claims around it are placed exactly */
  match = locate (v1, v2, &after);
  g_assert_cmpint (match.kind, ==, FM_ANCHOR_MATCH_EXACT);
  g_assert_cmpuint (match.start, ==, offset_of (v2, after.quote));
  span_clear (&gone);
  span_clear (&after);
}

static void
test_moved_paragraph (void)
{
  const char *paragraph = "The bridge carries about 48,000 vehicles a day, according to the "
                          "transport authority.\n";
  g_autofree char *without = replace (v1, paragraph, "");
  g_autofree char *v2 = replace (without, "The regional council",
                                 "The bridge carries about 48,000 vehicles a day, according to "
                                 "the transport authority.\nThe regional council");
  Span span = span_of (v1, "about 48,000 vehicles a day");
  FmAnchorMatch match = locate (v1, v2, &span);

  g_assert_cmpint (match.kind, ==, FM_ANCHOR_MATCH_MOVED);
  g_assert_cmpuint (match.start, ==, offset_of (v2, span.quote));
  /* Its suffix moved with it; its prefix reached into the paragraph before */
  g_assert_cmpfloat (match.context_score, >, 0.5);
  g_assert_cmpfloat (match.context_score, <, 1.0);
  g_assert_cmpfloat (match.confidence, >=, 0.9);
  g_assert_false (match.needs_confirmation);
  span_clear (&span);
}

static void
test_duplicate_quote (void)
{
  /* The same words twice; context tells which one was claimed */
  const char *a = "Mayor Ortiz said the budget was balanced.\nThe auditor disagreed.\n"
                  "The treasurer said the budget was balanced.\n";
  const char *b = "The treasurer said the budget was balanced.\nNew first paragraph here.\n"
                  "Mayor Ortiz said the budget was balanced.\nThe auditor disagreed.\n";
  Span span = { "the budget was balanced", 0, 0, NULL, NULL };
  FmAnchorMatch match;
  guint second = g_utf8_pointer_to_offset (a, strstr (strstr (a, "treasurer"), span.quote));

  span.start = second;
  span.end = second + strlen (span.quote);
  span.prefix = g_utf8_substring (a, second - 32, second);
  span.suffix = g_utf8_substring (a, span.end, g_utf8_strlen (a, -1));
  match = locate (a, b, &span);
  g_assert_cmpuint (match.start, ==, offset_of (b, span.quote));
  g_assert_cmpint (match.kind, !=, FM_ANCHOR_MATCH_NONE);
  span_clear (&span);
}

static void
test_without_old_text (void)
{
  /* A selector from an annotation file, with no old text to diff */
  g_autofree char *v2 = replace (v1, "Harbour bridge tolls", "Harbour bridge tolls (updated)");
  Span span = span_of (v1, "Opposition councillors said the rise would hurt commuters");
  FmAnchorMatch match = locate (NULL, v2, &span);

  g_assert_cmpint (match.kind, !=, FM_ANCHOR_MATCH_NONE);
  g_assert_cmpuint (match.start, ==, offset_of (v2, span.quote));
  g_assert_false (match.needs_confirmation);
  span_clear (&span);
}

static void
test_non_ascii (void)
{
  /* Offsets are characters, not bytes */
  const char *a = "Türkiye’s envoy — «sources said» — confirmed 50 % of the deal.\nÉté.";
  const char *b = "Préface ajoutée.\nTürkiye’s envoy — «sources said» — confirmed 50 % of the deal.\nÉté.";
  Span span = span_of (a, "confirmed 50 % of the deal");
  FmAnchorMatch match = locate (a, b, &span);
  g_autofree char *found = match_text (b, &match);

  g_assert_cmpint (match.kind, ==, FM_ANCHOR_MATCH_EXACT);
  g_assert_cmpstr (found, ==, span.quote);
  g_assert_cmpuint (match.start, ==, span.start + g_utf8_strlen ("Préface ajoutée.\n", -1));
  span_clear (&span);
}

static void
test_short_quote_no_guess (void)
{
  /* A short quote that changed is not guessed from a look-alike elsewhere */
  const char *a = "Costs rose 15%. Fares rose 12% in May. Wages rose 2%.";
  const char *b = "Costs rose 16%. Fares were frozen. Wages rose 2%.";
  Span span = span_of (a, "rose 12%");
  FmAnchorMatch match = locate (a, b, &span);

  if (match.kind != FM_ANCHOR_MATCH_NONE)
    g_assert_true (match.needs_confirmation);
  span_clear (&span);
}

static void
test_similarity (void)
{
  g_assert_cmpfloat (fm_anchor_similarity ("abc", "abc"), ==, 1.0);
  g_assert_cmpfloat (fm_anchor_similarity ("", ""), ==, 1.0);
  g_assert_cmpfloat (fm_anchor_similarity ("abcd", "abxd"), ==, 0.75);
  g_assert_cmpfloat (fm_anchor_similarity ("é", "e"), ==, 0.0);
}

/* Property: random edits away from every claim leave every claim placed
 * exactly, and none is flagged */

typedef struct
{
  char *word;
  char  sep;     /* ' ' or '\n' after the word; 0 after the last */
} Word;

static char *
random_word (GRand *rand)
{
  static const char * const syllables[] = {
    "ka", "lo", "mer", "tis", "an", "dro", "vel", "su", "pra", "quin", "ho", "ret", "bi", "zu",
    "gal", "é", "nø", "ci", "ter", "mo",
  };
  GString *w = g_string_new (NULL);
  guint n = g_rand_int_range (rand, 1, 4);

  for (guint i = 0; i < n; i++)
    g_string_append (w, syllables[g_rand_int_range (rand, 0, G_N_ELEMENTS (syllables))]);
  if (g_rand_int_range (rand, 0, 8) == 0)
    g_string_append_c (w, g_rand_boolean (rand) ? ',' : '.');
  return g_string_free (w, FALSE);
}

static char *
join_words (GArray *words,
            guint  *starts)
{
  GString *text = g_string_new (NULL);
  guint chars = 0;

  for (guint i = 0; i < words->len; i++)
    {
      Word *w = &g_array_index (words, Word, i);

      if (starts != NULL)
        starts[i] = chars;
      g_string_append (text, w->word);
      chars += g_utf8_strlen (w->word, -1);
      if (w->sep != 0 && i + 1 < words->len)
        {
          g_string_append_c (text, w->sep);
          chars++;
        }
    }
  if (starts != NULL)
    starts[words->len] = chars;
  return g_string_free (text, FALSE);
}

typedef struct
{
  guint first;    /* word range [first, last) */
  guint last;
} WordClaim;

static gboolean
inside_claim (GArray *claims,
              guint   index)
{
  for (guint c = 0; c < claims->len; c++)
    {
      WordClaim *wc = &g_array_index (claims, WordClaim, c);

      if (index >= wc->first && index < wc->last)
        return TRUE;
    }
  return FALSE;
}

static void
word_clear (gpointer data)
{
  g_free (((Word *)data)->word);
}

static void
test_property_edits_away (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (8);
  guint placed = 0, shifted = 0;

  for (guint round = 0; round < 200; round++)
    {
      g_autoptr(GArray) words = g_array_new (FALSE, FALSE, sizeof (Word));
      g_autoptr(GArray) claims = g_array_new (FALSE, FALSE, sizeof (WordClaim));
      g_autoptr(GPtrArray) spans = g_ptr_array_new ();
      g_autofree char *old_text = NULL;
      g_autofree char *new_text = NULL;
      g_autofree guint *old_starts = NULL;
      g_autofree guint *new_starts = NULL;
      g_autoptr(FmAnchor) anchor = NULL;
      guint n_words = g_rand_int_range (rand, 120, 400);
      guint n_edits = g_rand_int_range (rand, 1, 40);

      g_array_set_clear_func (words, word_clear);
      for (guint i = 0; i < n_words; i++)
        {
          Word w = { random_word (rand), g_rand_int_range (rand, 0, 15) == 0 ? '\n' : ' ' };
          g_array_append_val (words, w);
        }
      /* Non-overlapping claims of 5 to 14 words */
      for (guint at = g_rand_int_range (rand, 0, 20); at + 15 < n_words;
           at += g_rand_int_range (rand, 20, 60))
        {
          WordClaim wc = { at, at + g_rand_int_range (rand, 5, 15) };
          g_array_append_val (claims, wc);
        }

      old_starts = g_new (guint, words->len + 1);
      old_text = join_words (words, old_starts);
      for (guint c = 0; c < claims->len; c++)
        {
          WordClaim *wc = &g_array_index (claims, WordClaim, c);
          Span *span = g_new0 (Span, 1);
          glong len = g_utf8_strlen (old_text, -1);

          span->start = old_starts[wc->first];
          span->end = old_starts[wc->last - 1] +
                      g_utf8_strlen (g_array_index (words, Word, wc->last - 1).word, -1);
          span->quote = g_utf8_substring (old_text, span->start, span->end);
          span->prefix = g_utf8_substring (old_text, span->start > 32 ? span->start - 32 : 0,
                                           span->start);
          span->suffix = g_utf8_substring (old_text, span->end, MIN (len, span->end + 32));
          g_ptr_array_add (spans, span);
        }

      /* Insert, delete or replace words outside every claim, paragraph
       * breaks included */
      for (guint e = 0; e < n_edits; e++)
        {
          guint kind = g_rand_int_range (rand, 0, 3);
          guint at = g_rand_int_range (rand, 0, words->len);

          if (kind == 0)
            {
              /* Before word @at, which must not be inside a claim past its first word */
              Word w = { random_word (rand), g_rand_int_range (rand, 0, 6) == 0 ? '\n' : ' ' };
              gboolean ok = TRUE;

              for (guint c = 0; c < claims->len; c++)
                {
                  WordClaim *wc = &g_array_index (claims, WordClaim, c);
                  if (at > wc->first && at < wc->last)
                    ok = FALSE;
                }
              if (!ok)
                {
                  g_free (w.word);
                  continue;
                }
              g_array_insert_val (words, at, w);
              for (guint c = 0; c < claims->len; c++)
                {
                  WordClaim *wc = &g_array_index (claims, WordClaim, c);
                  if (wc->first >= at)
                    {
                      wc->first++;
                      wc->last++;
                    }
                }
            }
          else if (!inside_claim (claims, at) && words->len > 1)
            {
              if (kind == 1)
                {
                  g_array_remove_index (words, at);
                  for (guint c = 0; c < claims->len; c++)
                    {
                      WordClaim *wc = &g_array_index (claims, WordClaim, c);
                      if (wc->first > at)
                        {
                          wc->first--;
                          wc->last--;
                        }
                    }
                }
              else
                {
                  Word *w = &g_array_index (words, Word, at);
                  g_free (w->word);
                  w->word = random_word (rand);
                }
            }
        }

      new_starts = g_new (guint, words->len + 1);
      new_text = join_words (words, new_starts);
      anchor = fm_anchor_new (old_text, new_text);
      for (guint c = 0; c < claims->len; c++)
        {
          WordClaim *wc = &g_array_index (claims, WordClaim, c);
          Span *span = g_ptr_array_index (spans, c);
          FmAnchorMatch match;

          g_assert_true (fm_anchor_locate (anchor, span->quote, span->prefix, span->suffix,
                                           span->start, span->end, &match));
          g_assert_cmpuint (match.start, ==, new_starts[wc->first]);
          g_assert_cmpuint (match.end, ==, match.start + g_utf8_strlen (span->quote, -1));
          g_assert_false (match.needs_confirmation);
          placed++;
          shifted += match.start != span->start;
          g_free ((char *)span->quote);
          span_clear (span);
          g_free (span);
        }
    }
  g_test_message ("%u claims placed exactly, %u of them at a new offset", placed, shifted);
  g_assert_cmpuint (placed, >, 1000);
  g_assert_cmpuint (shifted, >, placed / 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/diff/words", test_diff_words);
  g_test_add_func ("/diff/reworded", test_diff_reworded);
  g_test_add_func ("/diff/random", test_diff_random);
  g_test_add_func ("/anchor/unchanged", test_unchanged);
  g_test_add_func ("/anchor/insertion-before", test_insertion_before);
  g_test_add_func ("/anchor/insertion-in-context", test_insertion_in_context);
  g_test_add_func ("/anchor/reworded", test_reworded);
  g_test_add_func ("/anchor/reworded-sentence", test_reworded_sentence);
  g_test_add_func ("/anchor/deleted-paragraph", test_deleted_paragraph);
  g_test_add_func ("/anchor/moved-paragraph", test_moved_paragraph);
  g_test_add_func ("/anchor/duplicate-quote", test_duplicate_quote);
  g_test_add_func ("/anchor/without-old-text", test_without_old_text);
  g_test_add_func ("/anchor/non-ascii", test_non_ascii);
  g_test_add_func ("/anchor/short-quote-no-guess", test_short_quote_no_guess);
  g_test_add_func ("/anchor/similarity", test_similarity);
  g_test_add_func ("/anchor/property-edits-away", test_property_edits_away);

  return g_test_run ();
}
