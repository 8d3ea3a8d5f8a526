/* fm-anchor.c — find a claim's quote selector again in a changed text
 *
 * In order, for each claim:
 *  1. the word diff of the two texts predicts where the quote went; when
 *     the quote is there, unchanged, it is placed with confidence 1;
 *  2. else every exact occurrence of the quote is scored on its context
 *     (prefix and suffix) and its distance from the prediction;
 *  3. else the quote changed: an approximate search (Myers' bit-parallel
 *     edit distance, in blocks of 64 characters) finds the places where
 *     the quote ends with at most FM_ANCHOR_MAX_ERROR_RATE errors per
 *     character, a small dynamic programme finds where each one starts,
 *     and each is scored on quote, context and position;
 *  4. else the claim is an orphan: the caller keeps it with its old quote.
 * Everything is in characters (code points), the unit of claim offsets.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "fm-anchor.h"
#include "fm-diff.h"

/* Fuzzy matches scoring below this are not good enough */
#define FUZZY_ACCEPT 0.55
/* Quotes shorter than this match approximately only with their context */
#define SHORT_QUOTE 24
/* Approximate places examined per claim */
#define MAX_CANDIDATES 16
/* Exact occurrences examined per claim */
#define MAX_OCCURRENCES 4096
/* Characters of distance at which the position score halves */
#define POSITION_SCALE 200.0

struct _FmAnchor
{
  gunichar *text;
  guint     length;
  GArray   *diff;      /* NULL without old text */
};

const char *
fm_anchor_match_kind_to_id (FmAnchorMatchKind kind)
{
  switch (kind)
    {
    case FM_ANCHOR_MATCH_EXACT: return "exact";
    case FM_ANCHOR_MATCH_MOVED: return "moved";
    case FM_ANCHOR_MATCH_FUZZY: return "fuzzy";
    case FM_ANCHOR_MATCH_NONE:  return "none";
    default:
      g_return_val_if_reached (NULL);
    }
}

FmAnchor *
fm_anchor_new (const char *old_text,
               const char *new_text)
{
  FmAnchor *self;
  glong length = 0;

  g_return_val_if_fail (new_text != NULL, NULL);

  self = g_new0 (FmAnchor, 1);
  self->text = g_utf8_to_ucs4_fast (new_text, -1, &length);
  self->length = length;
  if (old_text != NULL)
    self->diff = fm_diff_words (old_text, new_text);
  return self;
}

void
fm_anchor_free (FmAnchor *self)
{
  if (self == NULL)
    return;
  g_free (self->text);
  g_clear_pointer (&self->diff, g_array_unref);
  g_free (self);
}

GArray *
fm_anchor_get_diff (FmAnchor *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->diff;
}

guint
fm_anchor_get_new_length (FmAnchor *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->length;
}

/* Edit distance */

static guint
edit_distance (const gunichar *a,
               guint           la,
               const gunichar *b,
               guint           lb)
{
  g_autofree guint *row = g_new (guint, lb + 1);

  for (guint j = 0; j <= lb; j++)
    row[j] = j;
  for (guint i = 1; i <= la; i++)
    {
      guint diag = row[0];

      row[0] = i;
      for (guint j = 1; j <= lb; j++)
        {
          guint up = row[j];
          guint best = diag + (a[i - 1] != b[j - 1]);

          best = MIN (best, up + 1);
          best = MIN (best, row[j - 1] + 1);
          diag = up;
          row[j] = best;
        }
    }
  return row[lb];
}

static double
similarity (const gunichar *a,
            guint           la,
            const gunichar *b,
            guint           lb)
{
  guint longer = MAX (la, lb);

  if (longer == 0)
    return 1.0;
  return 1.0 - (double)edit_distance (a, la, b, lb) / longer;
}

double
fm_anchor_similarity (const char *a,
                      const char *b)
{
  g_autofree gunichar *ua = NULL;
  g_autofree gunichar *ub = NULL;
  glong la = 0, lb = 0;

  g_return_val_if_fail (a != NULL && b != NULL, 0.0);

  ua = g_utf8_to_ucs4_fast (a, -1, &la);
  ub = g_utf8_to_ucs4_fast (b, -1, &lb);
  return similarity (ua, la, ub, lb);
}

/* Scoring */

static void
count_words (const gunichar *text,
             guint           length,
             GHashTable     *counts)
{
  guint i = 0;

  while (i < length)
    {
      GString *word;
      gpointer old;

      if (!g_unichar_isalnum (text[i]))
        {
          i++;
          continue;
        }
      word = g_string_new (NULL);
      while (i < length && (g_unichar_isalnum (text[i]) || g_unichar_ismark (text[i]) ||
                            ((text[i] == ',' || text[i] == '.') && i + 1 < length &&
                             g_unichar_isdigit (text[i + 1]))))
        g_string_append_unichar (word, g_unichar_tolower (text[i++]));
      old = g_hash_table_lookup (counts, word->str);
      g_hash_table_replace (counts, g_string_free (word, FALSE),
                            GUINT_TO_POINTER (GPOINTER_TO_UINT (old) + 1));
    }
}

/* Dice coefficient of the two texts' words, counted with repeats: how
 * much of the wording survived a rewrite, whatever its order */
static double
word_similarity (const gunichar *a,
                 guint           la,
                 const gunichar *b,
                 guint           lb)
{
  g_autoptr(GHashTable) wa = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) wb = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key, value;
  guint na = 0, nb = 0, common = 0;

  count_words (a, la, wa);
  count_words (b, lb, wb);
  g_hash_table_iter_init (&iter, wa);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint in_b = GPOINTER_TO_UINT (g_hash_table_lookup (wb, key));

      na += GPOINTER_TO_UINT (value);
      common += MIN (GPOINTER_TO_UINT (value), in_b);
    }
  g_hash_table_iter_init (&iter, wb);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    nb += GPOINTER_TO_UINT (value);
  if (na + nb == 0)
    return 0.0;
  return 2.0 * common / (na + nb);
}

typedef struct
{
  const gunichar *quote;
  guint           quote_len;
  const gunichar *prefix;
  guint           prefix_len;
  const gunichar *suffix;
  guint           suffix_len;
  guint           expected;     /* predicted start in the new text */
  gboolean        has_span;     /* the diff's prediction of the whole span: */
  guint           mapped_start;
  guint           mapped_end;
} Selector;

static double
context_score (FmAnchor       *self,
               const Selector *sel,
               guint           start,
               guint           end)
{
  double before, after;

  if (sel->prefix_len == 0)
    before = start == 0 ? 1.0 : 0.5;
  else
    {
      guint n = MIN (sel->prefix_len, start);
      before = similarity (sel->prefix, sel->prefix_len, self->text + start - n, n);
    }
  if (sel->suffix_len == 0)
    after = end == self->length ? 1.0 : 0.5;
  else
    {
      guint n = MIN (sel->suffix_len, self->length - end);
      after = similarity (sel->suffix, sel->suffix_len, self->text + end, n);
    }
  return (before + after) / 2.0;
}

static double
position_score (const Selector *sel,
                guint           start)
{
  double delta = fabs ((double)start - (double)sel->expected);

  return 1.0 / (1.0 + delta / POSITION_SCALE);
}

/* Approximate search */

static inline int
advance_block (guint64 *pv,
               guint64 *mv,
               guint64  eq,
               int      hin,
               guint64  high)
{
  guint64 Pv = *pv, Mv = *mv;
  guint64 Xv = eq | Mv;
  guint64 Xh, Ph, Mh;
  int hout = 0;

  /* A horizontal −1 coming in acts as a match in the first row */
  if (hin < 0)
    eq |= 1;
  Xh = (((eq & Pv) + Pv) ^ Pv) | eq;
  Ph = Mv | ~(Xh | Pv);
  Mh = Pv & Xh;
  if (Ph & high)
    hout = 1;
  else if (Mh & high)
    hout = -1;
  Ph <<= 1;
  Mh <<= 1;
  if (hin < 0)
    Mh |= 1;
  else if (hin > 0)
    Ph |= 1;
  *pv = Mh | ~(Xv | Ph);
  *mv = Ph & Xv;
  return hout;
}

/* scores[j]: the fewest edits that turn the pattern into some substring of
 * the text ending at character j (inclusive) */
static void
search_scores (const gunichar *pattern,
               guint           m,
               const gunichar *text,
               guint           n,
               guint          *scores)
{
  g_autoptr(GHashTable) symbols = g_hash_table_new (NULL, NULL);
  g_autofree guint64 *peq = NULL;
  g_autofree guint64 *P = NULL;
  g_autofree guint64 *M = NULL;
  guint blocks = (m + 63) / 64;
  guint n_symbols = 1;        /* 0: a character the pattern does not have */
  guint64 last = (guint64)1 << ((m - 1) % 64);
  int score = m;

  g_assert (m > 0);

  for (guint i = 0; i < m; i++)
    if (!g_hash_table_contains (symbols, GUINT_TO_POINTER (pattern[i])))
      g_hash_table_insert (symbols, GUINT_TO_POINTER (pattern[i]), GUINT_TO_POINTER (n_symbols++));
  peq = g_new0 (guint64, (gsize)n_symbols * blocks);
  for (guint i = 0; i < m; i++)
    {
      guint sym = GPOINTER_TO_UINT (g_hash_table_lookup (symbols, GUINT_TO_POINTER (pattern[i])));
      peq[sym * blocks + i / 64] |= (guint64)1 << (i % 64);
    }

  P = g_new (guint64, blocks);
  M = g_new0 (guint64, blocks);
  for (guint b = 0; b < blocks; b++)
    P[b] = ~(guint64)0;

  for (guint j = 0; j < n; j++)
    {
      guint sym = GPOINTER_TO_UINT (g_hash_table_lookup (symbols, GUINT_TO_POINTER (text[j])));
      const guint64 *eq = peq + (gsize)sym * blocks;
      int h = 0;   /* the top row is all zeros: a match may start anywhere */

      for (guint b = 0; b < blocks; b++)
        h = advance_block (&P[b], &M[b], eq[b], h,
                           b + 1 == blocks ? last : (guint64)1 << 63);
      score += h;
      scores[j] = score;
    }
}

/* Where the best match of the pattern that ends just before @end starts,
 * and its edit distance */
static guint
match_start (const gunichar *pattern,
             guint           m,
             const gunichar *text,
             guint           window_start,
             guint           end,
             guint          *distance)
{
  guint w = end - window_start;
  const gunichar *t = text + window_start;
  g_autofree guint *cost = g_new (guint, w + 1);
  g_autofree guint *origin = g_new (guint, w + 1);

  /* Row 0: free start anywhere in the window */
  for (guint j = 0; j <= w; j++)
    {
      cost[j] = 0;
      origin[j] = j;
    }
  for (guint i = 1; i <= m; i++)
    {
      guint diag_cost = cost[0], diag_origin = origin[0];

      cost[0] = i;
      origin[0] = 0;
      for (guint j = 1; j <= w; j++)
        {
          guint up_cost = cost[j], up_origin = origin[j];
          guint best = diag_cost + (pattern[i - 1] != t[j - 1]);
          guint best_origin = diag_origin;

          if (up_cost + 1 < best)
            {
              best = up_cost + 1;
              best_origin = up_origin;
            }
          if (cost[j - 1] + 1 < best)
            {
              best = cost[j - 1] + 1;
              best_origin = origin[j - 1];
            }
          diag_cost = up_cost;
          diag_origin = up_origin;
          cost[j] = best;
          origin[j] = best_origin;
        }
    }
  *distance = cost[w];
  return window_start + origin[w];
}

static inline gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

/* A match that starts or ends inside a word is moved to the word's edge
 * when that is near, as the person who made the claim would select it */
static void
snap_to_words (FmAnchor       *self,
               const Selector *sel,
               guint          *start,
               guint          *end)
{
  guint s = *start, e = *end;

  while (s < e && g_unichar_isspace (self->text[s]))
    s++;
  while (e > s && g_unichar_isspace (self->text[e - 1]))
    e--;

  if (s > 0 && is_word_char (sel->quote[0]) && is_word_char (self->text[s]))
    {
      guint back = s;

      while (back > 0 && s - back < 4 && is_word_char (self->text[back - 1]))
        back--;
      if (back == 0 || !is_word_char (self->text[back - 1]))
        s = back;
    }
  if (e < self->length && is_word_char (sel->quote[sel->quote_len - 1]) &&
      is_word_char (self->text[e - 1]))
    {
      guint fwd = e;

      while (fwd < self->length && fwd - e < 4 && is_word_char (self->text[fwd]))
        fwd++;
      if (fwd == self->length || !is_word_char (self->text[fwd]))
        e = fwd;
    }
  if (e > s)
    {
      *start = s;
      *end = e;
    }
}

typedef struct
{
  guint end;      /* exclusive */
  guint score;
} Candidate;

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *ca = a, *cb = b;

  if (ca->score != cb->score)
    return ca->score < cb->score ? -1 : 1;
  return ca->end < cb->end ? -1 : ca->end > cb->end;
}

/* The text that replaced the quote where the diff says it was: catches
 * rewrites too heavy for the character search that keep most words */
static void
consider_replacement (FmAnchor       *self,
                      const Selector *sel,
                      FmAnchorMatch  *match,
                      double         *best)
{
  guint start = sel->mapped_start, end = sel->mapped_end;
  double q, ctx, pos, combined;

  if (!sel->has_span || end <= start)
    return;
  snap_to_words (self, sel, &start, &end);
  if (end <= start)
    return;
  q = word_similarity (sel->quote, sel->quote_len, self->text + start, end - start);
  if (q < 1.0 - FM_ANCHOR_MAX_ERROR_RATE)
    return;
  ctx = context_score (self, sel, start, end);
  if (sel->quote_len < SHORT_QUOTE && ctx < 0.5)
    return;
  pos = position_score (sel, start);
  combined = 0.6 * q + 0.25 * ctx + 0.15 * pos;
  if (combined <= *best)
    return;
  *best = combined;
  *match = (FmAnchorMatch) {
    .kind = FM_ANCHOR_MATCH_FUZZY,
    .start = start,
    .end = end,
    .confidence = MIN (combined, 0.95),
    .quote_score = q,
    .context_score = ctx,
    .position_score = pos,
    .errors = edit_distance (sel->quote, sel->quote_len, self->text + start, end - start),
    .needs_confirmation = TRUE,
  };
}

static gboolean
locate_fuzzy (FmAnchor       *self,
              const Selector *sel,
              FmAnchorMatch  *match)
{
  g_autofree guint *scores = NULL;
  g_autoptr(GArray) candidates = NULL;
  guint m = sel->quote_len;
  guint k = (guint)floor (m * FM_ANCHOR_MAX_ERROR_RATE);
  double best = -1.0;

  consider_replacement (self, sel, match, &best);
  if (m < 4 || k == 0 || self->length == 0)
    return best >= FUZZY_ACCEPT;

  scores = g_new (guint, self->length);
  search_scores (sel->quote, m, self->text, self->length, scores);

  /* The best end of each run of good enough ends */
  candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  for (guint j = 0; j < self->length;)
    {
      Candidate c;

      if (scores[j] > k)
        {
          j++;
          continue;
        }
      c = (Candidate) { j + 1, scores[j] };
      while (j < self->length && scores[j] <= k)
        {
          if (scores[j] < c.score)
            c = (Candidate) { j + 1, scores[j] };
          j++;
        }
      g_array_append_val (candidates, c);
    }
  g_array_sort (candidates, compare_candidates);
  if (candidates->len > MAX_CANDIDATES)
    g_array_set_size (candidates, MAX_CANDIDATES);

  for (guint i = 0; i < candidates->len; i++)
    {
      const Candidate *c = &g_array_index (candidates, Candidate, i);
      guint window = c->end > m + k ? c->end - (m + k) : 0;
      guint distance;
      guint start = match_start (sel->quote, m, self->text, window, c->end, &distance);
      guint end = c->end;
      double q, ctx, pos, combined;

      snap_to_words (self, sel, &start, &end);
      if (end <= start)
        continue;
      /* Score what will be stored, after snapping */
      distance = edit_distance (sel->quote, m, self->text + start, end - start);
      if (distance > k)
        continue;
      q = 1.0 - (double)distance / MAX (m, end - start);
      ctx = context_score (self, sel, start, end);
      pos = position_score (sel, start);
      if (m < SHORT_QUOTE && ctx < 0.5)
        continue;
      combined = 0.6 * q + 0.25 * ctx + 0.15 * pos;
      if (combined > best)
        {
          best = combined;
          *match = (FmAnchorMatch) {
            .kind = FM_ANCHOR_MATCH_FUZZY,
            .start = start,
            .end = end,
            .confidence = MIN (combined, 0.95),
            .quote_score = q,
            .context_score = ctx,
            .position_score = pos,
            .errors = distance,
            .needs_confirmation = TRUE,
          };
        }
    }
  return best >= FUZZY_ACCEPT;
}

/* Exact occurrences */

static gboolean
quote_at (FmAnchor       *self,
          const Selector *sel,
          guint           start)
{
  return start + sel->quote_len <= self->length &&
         memcmp (self->text + start, sel->quote, sel->quote_len * sizeof (gunichar)) == 0;
}

static gboolean
locate_exact (FmAnchor       *self,
              const Selector *sel,
              FmAnchorMatch  *match)
{
  guint m = sel->quote_len;
  guint n_found = 0;
  double best_comb = -1.0, second_comb = -1.0, best_ctx = 0.0;
  guint best_start = 0;

  if (quote_at (self, sel, sel->expected))
    {
      *match = (FmAnchorMatch) {
        .kind = FM_ANCHOR_MATCH_EXACT,
        .start = sel->expected,
        .end = sel->expected + m,
        .confidence = 1.0,
        .quote_score = 1.0,
        .context_score = context_score (self, sel, sel->expected, sel->expected + m),
        .position_score = 1.0,
      };
      return TRUE;
    }

  for (guint i = 0; i + m <= self->length && n_found < MAX_OCCURRENCES; i++)
    {
      double ctx, comb;

      if (self->text[i] != sel->quote[0] || !quote_at (self, sel, i))
        continue;
      n_found++;
      ctx = context_score (self, sel, i, i + m);
      comb = 0.7 * ctx + 0.3 * position_score (sel, i);
      if (comb > best_comb)
        {
          second_comb = best_comb;
          best_comb = comb;
          best_ctx = ctx;
          best_start = i;
        }
      else if (comb > second_comb)
        second_comb = comb;
    }
  if (n_found == 0)
    return FALSE;

  *match = (FmAnchorMatch) {
    .kind = FM_ANCHOR_MATCH_MOVED,
    .start = best_start,
    .end = best_start + m,
    .quote_score = 1.0,
    .context_score = best_ctx,
    .position_score = position_score (sel, best_start),
  };
  if (n_found == 1)
    /* The only place with this very quote: the context only adds certainty */
    match->confidence = 0.8 + 0.2 * best_ctx;
  else
    {
      /* Several: as sure as the best stands out from the next */
      double sep = CLAMP ((best_comb - second_comb) / MAX (best_comb, 0.01) * 2.0, 0.0, 1.0);
      match->confidence = 0.5 + 0.45 * best_ctx * sep;
    }
  match->needs_confirmation = match->confidence < FM_ANCHOR_CONFIRM_BELOW;
  return TRUE;
}

gboolean
fm_anchor_locate (FmAnchor      *self,
                  const char    *quote,
                  const char    *prefix,
                  const char    *suffix,
                  guint          old_start,
                  guint          old_end,
                  FmAnchorMatch *match)
{
  g_autofree gunichar *q = NULL;
  g_autofree gunichar *p = NULL;
  g_autofree gunichar *s = NULL;
  glong ql = 0, pl = 0, sl = 0;
  Selector sel;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (quote != NULL, FALSE);
  g_return_val_if_fail (match != NULL, FALSE);

  *match = (FmAnchorMatch) { .kind = FM_ANCHOR_MATCH_NONE };

  q = g_utf8_to_ucs4_fast (quote, -1, &ql);
  p = g_utf8_to_ucs4_fast (prefix ? prefix : "", -1, &pl);
  s = g_utf8_to_ucs4_fast (suffix ? suffix : "", -1, &sl);
  if (ql == 0)
    return FALSE;

  sel = (Selector) { q, ql, p, pl, s, sl, 0 };
  if (self->diff != NULL)
    {
      sel.has_span = TRUE;
      fm_diff_map_span (self->diff, old_start, MAX (old_start, old_end), &sel.mapped_start,
                        &sel.mapped_end);
      sel.expected = sel.mapped_start;
    }
  else
    sel.expected = old_start;
  sel.expected = MIN (sel.expected, self->length);

  if (locate_exact (self, &sel, match))
    return TRUE;
  if (locate_fuzzy (self, &sel, match))
    return TRUE;
  *match = (FmAnchorMatch) { .kind = FM_ANCHOR_MATCH_NONE };
  return FALSE;
}

gboolean
fm_anchor_locate_in_text (const char    *old_text,
                          const char    *new_text,
                          const char    *quote,
                          const char    *prefix,
                          const char    *suffix,
                          guint          old_start,
                          guint          old_end,
                          FmAnchorMatch *match)
{
  g_autoptr(FmAnchor) anchor = NULL;

  g_return_val_if_fail (new_text != NULL, FALSE);

  anchor = fm_anchor_new (old_text, new_text);
  return fm_anchor_locate (anchor, quote, prefix, suffix, old_start, old_end, match);
}
