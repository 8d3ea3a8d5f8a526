/* fm-diff.c — a word-level diff of two revisions of an article's text
 *
 * Myers' O(ND) greedy algorithm, run twice: first on paragraphs, which
 * lines up the untouched bulk of an article in a few steps, then on the
 * words of each changed stretch. A stretch that needs more than MAX_EDITS
 * word edits is reported as replaced whole: by then a word diff would not
 * help a reader anyway, and the cost stays bounded.
 */
#include "config.h"

#include <string.h>

#include "fm-diff.h"

#define MAX_EDITS 2000

typedef struct
{
  guint start;     /* characters, or tokens for paragraphs */
  guint end;
  guint hash;
} Unit;

typedef struct
{
  const gunichar *text;
  const Unit     *units;
} Side;

/* A run of the edit script in units: kind, then the ranges on both sides */
typedef struct
{
  FmDiffKind kind;
  guint      a_start, a_end;
  guint      b_start, b_end;
} Run;

static guint
hash_chars (const gunichar *text,
            guint           start,
            guint           end)
{
  guint h = 2166136261u;

  for (guint i = start; i < end; i++)
    h = (h ^ text[i]) * 16777619u;
  return h;
}

static inline gboolean
unit_equal (const gunichar *ta,
            const Unit     *a,
            const gunichar *tb,
            const Unit     *b)
{
  return a->hash == b->hash && a->end - a->start == b->end - b->start &&
         memcmp (ta + a->start, tb + b->start, (a->end - a->start) * sizeof (gunichar)) == 0;
}

typedef enum { CLASS_WORD, CLASS_SPACE, CLASS_NEWLINE, CLASS_OTHER } CharClass;

static CharClass
char_class (gunichar c)
{
  if (c == '\n')
    return CLASS_NEWLINE;
  if (g_unichar_isspace (c))
    return CLASS_SPACE;
  if (g_unichar_isalnum (c) || g_unichar_ismark (c))
    return CLASS_WORD;
  return CLASS_OTHER;
}

/* Words, runs of spaces, and every other character on its own */
static GArray *
tokenise (const gunichar *text,
          guint           length)
{
  GArray *tokens = g_array_new (FALSE, FALSE, sizeof (Unit));
  guint i = 0;

  while (i < length)
    {
      CharClass cls = char_class (text[i]);
      Unit t = { i, i + 1, 0 };

      if (cls == CLASS_WORD || cls == CLASS_SPACE)
        while (t.end < length && char_class (text[t.end]) == cls)
          t.end++;
      t.hash = hash_chars (text, t.start, t.end);
      g_array_append_val (tokens, t);
      i = t.end;
    }
  return tokens;
}

/* Paragraphs as ranges of tokens, each with its newline */
static GArray *
paragraphs (const gunichar *text,
            GArray         *tokens)
{
  GArray *paras = g_array_new (FALSE, FALSE, sizeof (Unit));
  guint start = 0;

  for (guint i = 0; i < tokens->len; i++)
    {
      const Unit *t = &g_array_index (tokens, Unit, i);

      if (text[t->start] == '\n' || i + 1 == tokens->len)
        {
          const Unit *first = &g_array_index (tokens, Unit, start);
          Unit p = { start, i + 1, hash_chars (text, first->start, t->end) };

          g_array_append_val (paras, p);
          start = i + 1;
        }
    }
  return paras;
}

/* The first token of paragraph @index (the end of the text past the last) */
static guint
para_token (GArray *paras,
            GArray *tokens,
            guint   index)
{
  return index < paras->len ? g_array_index (paras, Unit, index).start : tokens->len;
}

static void
push_run (GArray     *runs,
          FmDiffKind  kind,
          guint       a_start,
          guint       a_end,
          guint       b_start,
          guint       b_end)
{
  Run *last = runs->len ? &g_array_index (runs, Run, runs->len - 1) : NULL;
  Run run = { kind, a_start, a_end, b_start, b_end };

  if (a_start == a_end && b_start == b_end)
    return;
  if (last != NULL && last->kind == kind && last->a_end == a_start && last->b_end == b_start)
    {
      last->a_end = a_end;
      last->b_end = b_end;
      return;
    }
  g_array_append_val (runs, run);
}

/* The paragraph units compare as the characters they cover */
static gboolean
para_equal (const gunichar *ta,
            const Unit     *tok_a,
            const Unit     *a,
            const gunichar *tb,
            const Unit     *tok_b,
            const Unit     *b)
{
  Unit ca = { tok_a[a->start].start, tok_a[a->end - 1].end, a->hash };
  Unit cb = { tok_b[b->start].start, tok_b[b->end - 1].end, b->hash };

  return unit_equal (ta, &ca, tb, &cb);
}

typedef struct
{
  const gunichar *ta, *tb;
  const Unit     *a, *b;          /* the units compared */
  const Unit     *tok_a, *tok_b;  /* non-NULL: units are paragraphs of these tokens */
} Sequences;

static inline gboolean
seq_equal (const Sequences *s,
           guint            i,
           guint            j)
{
  if (s->tok_a != NULL)
    return para_equal (s->ta, s->tok_a, &s->a[i], s->tb, s->tok_b, &s->b[j]);
  return unit_equal (s->ta, &s->a[i], s->tb, &s->b[j]);
}

/* Myers' greedy algorithm on a[a0, a1) and b[b0, b1), appending runs.
 * FALSE, with nothing appended, when it needs more than MAX_EDITS edits. */
static gboolean
myers (const Sequences *s,
       guint            a0,
       guint            a1,
       guint            b0,
       guint            b1,
       GArray          *runs)
{
  g_autoptr(GPtrArray) trace = NULL;
  g_autoptr(GArray) steps = NULL;
  g_autofree int *v = NULL;
  int n, m, max, off, d, x = 0, y = 0;
  guint pre = 0, post = 0;
  gboolean found = FALSE;

  /* Common ends cost nothing */
  while (a0 + pre < a1 && b0 + pre < b1 && seq_equal (s, a0 + pre, b0 + pre))
    pre++;
  while (a1 - post > a0 + pre && b1 - post > b0 + pre && seq_equal (s, a1 - post - 1, b1 - post - 1))
    post++;

  n = a1 - post - (a0 + pre);
  m = b1 - post - (b0 + pre);
  a0 += pre;
  b0 += pre;

  if (n == 0 || m == 0)
    {
      push_run (runs, FM_DIFF_EQUAL, a0 - pre, a0, b0 - pre, b0);
      push_run (runs, FM_DIFF_DELETE, a0, a0 + n, b0, b0);
      push_run (runs, FM_DIFF_INSERT, a0 + n, a0 + n, b0, b0 + m);
      push_run (runs, FM_DIFF_EQUAL, a0 + n, a1, b0 + m, b1);
      return TRUE;
    }

  max = MIN (n + m, MAX_EDITS);
  off = max + 1;
  v = g_new0 (int, 2 * max + 3);
  trace = g_ptr_array_new_with_free_func (g_free);
  for (d = 0; d <= max && !found; d++)
    {
      /* The furthest points after d - 1 edits, for diagonals -d-1 … d+1 */
      g_ptr_array_add (trace, g_memdup2 (v + off - d - 1, sizeof (int) * (2 * d + 3)));
      for (int k = -d; k <= d; k += 2)
        {
          if (k == -d || (k != d && v[off + k - 1] < v[off + k + 1]))
            x = v[off + k + 1];
          else
            x = v[off + k - 1] + 1;
          y = x - k;
          while (x < n && y < m && seq_equal (s, a0 + x, b0 + y))
            x++, y++;
          v[off + k] = x;
          if (x >= n && y >= m)
            {
              found = TRUE;
              break;
            }
        }
    }
  if (!found)
    return FALSE;
  d--;

  /* Walk back from (n, m): each step is (kind, a index, b index) */
  steps = g_array_new (FALSE, FALSE, sizeof (Run));
  x = n;
  y = m;
  for (; d >= 0; d--)
    {
      const int *pv = g_ptr_array_index (trace, d);  /* pv[k + d + 1] */
      int k = x - y;
      int prev_k, prev_x, prev_y;

      if (d == 0)
        {
          prev_x = prev_y = 0;
          prev_k = 0;
        }
      else
        {
          if (k == -d || (k != d && pv[k - 1 + d + 1] < pv[k + 1 + d + 1]))
            prev_k = k + 1;
          else
            prev_k = k - 1;
          prev_x = pv[prev_k + d + 1];
          prev_y = prev_x - prev_k;
        }
      while (x > prev_x && y > prev_y)
        {
          Run r = { FM_DIFF_EQUAL, x - 1, x, y - 1, y };
          g_array_append_val (steps, r);
          x--, y--;
        }
      if (d > 0)
        {
          Run r;

          if (x == prev_x)
            r = (Run) { FM_DIFF_INSERT, x, x, prev_y, y };
          else
            r = (Run) { FM_DIFF_DELETE, prev_x, x, y, y };
          g_array_append_val (steps, r);
        }
      x = prev_x;
      y = prev_y;
    }

  push_run (runs, FM_DIFF_EQUAL, a0 - pre, a0, b0 - pre, b0);
  for (guint i = steps->len; i > 0; i--)
    {
      const Run *r = &g_array_index (steps, Run, i - 1);
      push_run (runs, r->kind, a0 + r->a_start, a0 + r->a_end, b0 + r->b_start, b0 + r->b_end);
    }
  push_run (runs, FM_DIFF_EQUAL, a0 + n, a1, b0 + m, b1);
  return TRUE;
}

/* Word runs for tokens a[a0, a1) and b[b0, b1) */
static void
diff_tokens (const Sequences *tokens,
             guint            a0,
             guint            a1,
             guint            b0,
             guint            b1,
             GArray          *runs)
{
  if (!myers (tokens, a0, a1, b0, b1, runs))
    {
      push_run (runs, FM_DIFF_DELETE, a0, a1, b0, b0);
      push_run (runs, FM_DIFF_INSERT, a1, a1, b0, b1);
    }
}

static gboolean
is_blank (const gunichar *text,
          guint           start,
          guint           end)
{
  for (guint i = start; i < end; i++)
    if (text[i] == '\n' || !g_unichar_isspace (text[i]))
      return FALSE;
  return TRUE;
}

static gboolean
has_newline (const gunichar *text,
             guint           start,
             guint           end)
{
  for (guint i = start; i < end; i++)
    if (text[i] == '\n')
      return TRUE;
  return FALSE;
}

/* Characters of the change that starts at run @i (on its longer side),
 * across the blank gaps that will be folded into it */
static guint
change_length (GArray         *runs,
               guint           i,
               const gunichar *ta,
               GArray         *tok_a,
               GArray         *tok_b,
               guint           la,
               guint           lb)
{
  guint old_chars = 0, new_chars = 0;

  for (; i < runs->len; i++)
    {
      const Run *r = &g_array_index (runs, Run, i);
      guint s_a = r->a_start < tok_a->len ? g_array_index (tok_a, Unit, r->a_start).start : la;
      guint e_a = r->a_end > r->a_start ? g_array_index (tok_a, Unit, r->a_end - 1).end : s_a;
      guint s_b = r->b_start < tok_b->len ? g_array_index (tok_b, Unit, r->b_start).start : lb;
      guint e_b = r->b_end > r->b_start ? g_array_index (tok_b, Unit, r->b_end - 1).end : s_b;

      if (r->kind == FM_DIFF_EQUAL && (i + 1 == runs->len || !is_blank (ta, s_a, e_a)))
        break;
      old_chars += e_a - s_a;
      new_chars += e_b - s_b;
    }
  return MAX (old_chars, new_chars);
}

static void
append_op (GArray     *ops,
           FmDiffKind  kind,
           guint       old_start,
           guint       old_end,
           guint       new_start,
           guint       new_end)
{
  FmDiffOp op = { kind, old_start, old_end, new_start, new_end };

  if (old_start == old_end && new_start == new_end)
    return;
  g_array_append_val (ops, op);
}

GArray *
fm_diff_words (const char *old_text,
               const char *new_text)
{
  g_autofree gunichar *ta = NULL;
  g_autofree gunichar *tb = NULL;
  g_autoptr(GArray) tok_a = NULL;
  g_autoptr(GArray) tok_b = NULL;
  g_autoptr(GArray) par_a = NULL;
  g_autoptr(GArray) par_b = NULL;
  g_autoptr(GArray) para_runs = NULL;
  g_autoptr(GArray) runs = NULL;
  g_autoptr(GArray) merged = NULL;
  GArray *ops;
  Sequences paras, tokens;
  glong la = 0, lb = 0;
  guint old_pos = 0, new_pos = 0;
  gboolean in_change = FALSE;
  guint change_old = 0, change_new = 0;

  g_return_val_if_fail (old_text != NULL, NULL);
  g_return_val_if_fail (new_text != NULL, NULL);

  ta = g_utf8_to_ucs4_fast (old_text, -1, &la);
  tb = g_utf8_to_ucs4_fast (new_text, -1, &lb);
  tok_a = tokenise (ta, la);
  tok_b = tokenise (tb, lb);
  par_a = paragraphs (ta, tok_a);
  par_b = paragraphs (tb, tok_b);

  tokens = (Sequences) { ta, tb, (Unit *)tok_a->data, (Unit *)tok_b->data, NULL, NULL };
  paras = (Sequences) { ta, tb, (Unit *)par_a->data, (Unit *)par_b->data,
                        (Unit *)tok_a->data, (Unit *)tok_b->data };

  /* Paragraphs first; then words inside each changed stretch */
  para_runs = g_array_new (FALSE, FALSE, sizeof (Run));
  if (!myers (&paras, 0, par_a->len, 0, par_b->len, para_runs))
    {
      push_run (para_runs, FM_DIFF_DELETE, 0, par_a->len, 0, 0);
      push_run (para_runs, FM_DIFF_INSERT, par_a->len, par_a->len, 0, par_b->len);
    }

  runs = g_array_new (FALSE, FALSE, sizeof (Run));
  for (guint i = 0; i < para_runs->len;)
    {
      const Run *r = &g_array_index (para_runs, Run, i);
      guint j = i;
      guint a1 = r->a_end, b1 = r->b_end;

      if (r->kind == FM_DIFF_EQUAL)
        {
          push_run (runs, FM_DIFF_EQUAL,
                    para_token (par_a, tok_a, r->a_start), para_token (par_a, tok_a, r->a_end),
                    para_token (par_b, tok_b, r->b_start), para_token (par_b, tok_b, r->b_end));
          i++;
          continue;
        }
      /* A stretch of changed paragraphs on both sides */
      while (j < para_runs->len && g_array_index (para_runs, Run, j).kind != FM_DIFF_EQUAL)
        {
          a1 = MAX (a1, g_array_index (para_runs, Run, j).a_end);
          b1 = MAX (b1, g_array_index (para_runs, Run, j).b_end);
          j++;
        }
      diff_tokens (&tokens,
                   para_token (par_a, tok_a, r->a_start), para_token (par_a, tok_a, a1),
                   para_token (par_b, tok_b, r->b_start), para_token (par_b, tok_b, b1),
                   runs);
      i = j;
    }

  /* Tokens → characters, folding blank gaps between two changes */
  merged = g_array_new (FALSE, FALSE, sizeof (FmDiffOp));
  for (guint i = 0; i < runs->len; i++)
    {
      const Run *r = &g_array_index (runs, Run, i);
      guint cs_a = r->a_start < tok_a->len ? g_array_index (tok_a, Unit, r->a_start).start : la;
      guint ce_a = r->a_end > r->a_start ? g_array_index (tok_a, Unit, r->a_end - 1).end : cs_a;
      guint cs_b = r->b_start < tok_b->len ? g_array_index (tok_b, Unit, r->b_start).start : lb;
      guint ce_b = r->b_end > r->b_start ? g_array_index (tok_b, Unit, r->b_end - 1).end : cs_b;
      gboolean fold = FALSE;

      /* A gap between two changes that is blank, or a word or two shorter
       * than the changes on both sides, reads better as part of them */
      if (r->kind == FM_DIFF_EQUAL && in_change && i + 1 < runs->len &&
          !has_newline (ta, cs_a, ce_a))
        {
          guint before = MAX (old_pos - change_old, new_pos - change_new);
          guint after = change_length (runs, i + 1, ta, tok_a, tok_b, la, lb);

          fold = is_blank (ta, cs_a, ce_a) || (ce_a - cs_a <= MIN (before, after));
        }

      if (r->kind == FM_DIFF_EQUAL && !fold)
        {
          if (in_change)
            {
              append_op (merged, FM_DIFF_DELETE, change_old, old_pos, change_new, change_new);
              append_op (merged, FM_DIFF_INSERT, old_pos, old_pos, change_new, new_pos);
              in_change = FALSE;
            }
          append_op (merged, FM_DIFF_EQUAL, cs_a, ce_a, cs_b, ce_b);
        }
      else if (!in_change)
        {
          in_change = TRUE;
          change_old = old_pos;
          change_new = new_pos;
        }
      old_pos = MAX (old_pos, ce_a);
      new_pos = MAX (new_pos, ce_b);
    }
  if (in_change)
    {
      append_op (merged, FM_DIFF_DELETE, change_old, old_pos, change_new, change_new);
      append_op (merged, FM_DIFF_INSERT, old_pos, old_pos, change_new, new_pos);
    }

  /* Adjacent equal runs (from the two passes) become one */
  ops = g_array_new (FALSE, FALSE, sizeof (FmDiffOp));
  for (guint i = 0; i < merged->len; i++)
    {
      FmDiffOp *op = &g_array_index (merged, FmDiffOp, i);
      FmDiffOp *last = ops->len ? &g_array_index (ops, FmDiffOp, ops->len - 1) : NULL;

      if (last != NULL && last->kind == op->kind && last->old_end == op->old_start &&
          last->new_end == op->new_start)
        {
          last->old_end = op->old_end;
          last->new_end = op->new_end;
        }
      else
        g_array_append_val (ops, *op);
    }
  return ops;
}

guint
fm_diff_map_offset (GArray   *ops,
                    guint     old_offset,
                    gboolean *changed)
{
  guint result = 0;

  g_return_val_if_fail (ops != NULL, 0);

  if (changed)
    *changed = FALSE;
  for (guint i = 0; i < ops->len; i++)
    {
      const FmDiffOp *op = &g_array_index (ops, FmDiffOp, i);

      if (op->kind == FM_DIFF_INSERT)
        continue;
      if (old_offset >= op->old_start && old_offset < op->old_end)
        {
          if (op->kind == FM_DIFF_EQUAL)
            return op->new_start + (old_offset - op->old_start);
          if (changed)
            *changed = TRUE;
          return op->new_start;
        }
      result = op->new_end;
    }
  /* At or past the end of the old text */
  for (guint i = ops->len; i > 0; i--)
    {
      const FmDiffOp *op = &g_array_index (ops, FmDiffOp, i - 1);
      return op->new_end;
    }
  return result;
}

gboolean
fm_diff_map_span (GArray *ops,
                  guint   old_start,
                  guint   old_end,
                  guint  *new_start,
                  guint  *new_end)
{
  gboolean untouched = TRUE;
  guint s = 0, e = 0;

  g_return_val_if_fail (ops != NULL, FALSE);
  g_return_val_if_fail (old_start <= old_end, FALSE);

  s = fm_diff_map_offset (ops, old_start, NULL);
  e = s;
  for (guint i = 0; i < ops->len; i++)
    {
      const FmDiffOp *op = &g_array_index (ops, FmDiffOp, i);

      if (op->kind == FM_DIFF_INSERT)
        {
          /* Text inserted strictly inside the span is part of it */
          if (op->old_start > old_start && op->old_start < old_end)
            untouched = FALSE;
          continue;
        }
      if (op->old_end <= old_start || op->old_start >= old_end)
        continue;
      if (op->kind == FM_DIFF_EQUAL)
        e = op->new_start + (MIN (old_end, op->old_end) - op->old_start);
      else
        {
          const FmDiffOp *next = i + 1 < ops->len ? &g_array_index (ops, FmDiffOp, i + 1) : NULL;

          untouched = FALSE;
          /* A replacement: its new text stands for the old */
          e = next != NULL && next->kind == FM_DIFF_INSERT ? next->new_end : op->new_start;
        }
    }
  if (old_start == old_end)
    e = s;
  if (new_start)
    *new_start = s;
  if (new_end)
    *new_end = MAX (s, e);
  return untouched;
}

gboolean
fm_diff_is_empty (GArray *ops)
{
  g_return_val_if_fail (ops != NULL, TRUE);

  for (guint i = 0; i < ops->len; i++)
    if (g_array_index (ops, FmDiffOp, i).kind != FM_DIFF_EQUAL)
      return FALSE;
  return TRUE;
}

void
fm_diff_count (GArray *ops,
               guint  *deleted,
               guint  *inserted)
{
  guint del = 0, ins = 0;

  g_return_if_fail (ops != NULL);

  for (guint i = 0; i < ops->len; i++)
    {
      const FmDiffOp *op = &g_array_index (ops, FmDiffOp, i);

      if (op->kind == FM_DIFF_DELETE)
        del += op->old_end - op->old_start;
      else if (op->kind == FM_DIFF_INSERT)
        ins += op->new_end - op->new_start;
    }
  if (deleted)
    *deleted = del;
  if (inserted)
    *inserted = ins;
}
