/* fuzz-anchor.c — quote re-anchoring: a claim found again in a changed text
 *
 * The input is a header of 5 bytes, then up to five fields separated by
 * NUL bytes:
 *
 *   FLAGS START(2, little-endian) END(2) OLD \0 NEW \0 QUOTE \0 PREFIX \0 SUFFIX
 *
 * Texts in a workspace are valid UTF-8, and so is each field here after
 * g_utf8_make_valid(). FLAGS:
 *   bit 0  no old text (a claim from an annotation file)
 *   bit 1  the new text is the old one
 *   bit 2  the quote, prefix and suffix are taken from the old text at
 *          START…END, as a claim stores them, instead of the fields
 *
 * Beyond "no crash, no leak, no undefined behaviour, no warning", it checks
 * what fm-anchor promises and what the store relies on when it moves a
 * claim: a placed range lies inside the new text (in characters, so on
 * UTF-8 boundaries) and is not empty; an exact or moved match is the
 * quote itself; a quote that is in the new text is always found exactly;
 * an unchanged text puts an unchanged claim where it was; the scores are
 * in range and the flag for confirmation follows the confidence; the
 * prepared anchor and the one-shot call agree.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "fm-anchor.h"
#include "fm-claim.h"
#include "fm-diff.h"
#include "fuzz-common.h"

enum {
  FLAG_NO_OLD     = 1 << 0,
  FLAG_SAME_TEXT  = 1 << 1,
  FLAG_FROM_OLD   = 1 << 2,
};

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_common_init ();
  return 0;
}

static gboolean
in_unit (double x)
{
  return isfinite (x) && x >= 0.0 && x <= 1.0;
}

static gboolean
same_match (const FmAnchorMatch *a,
            const FmAnchorMatch *b)
{
  return a->kind == b->kind && a->start == b->start && a->end == b->end &&
         a->confidence == b->confidence && a->errors == b->errors &&
         a->needs_confirmation == b->needs_confirmation;
}

static void
check_diff (GArray *diff,
            guint   old_length,
            guint   new_length)
{
  guint old_at = 0, new_at = 0;

  /* The operations cover both texts, in order, without gaps */
  for (guint i = 0; i < diff->len; i++)
    {
      const FmDiffOp *op = &g_array_index (diff, FmDiffOp, i);

      fuzz_assert (op->old_start == old_at && op->old_end >= op->old_start);
      fuzz_assert (op->new_start == new_at && op->new_end >= op->new_start);
      if (op->kind == FM_DIFF_EQUAL)
        fuzz_assert (op->old_end - op->old_start == op->new_end - op->new_start);
      else if (op->kind == FM_DIFF_INSERT)
        fuzz_assert (op->old_end == op->old_start);
      else if (op->kind == FM_DIFF_DELETE)
        fuzz_assert (op->new_end == op->new_start);
      old_at = op->old_end;
      new_at = op->new_end;
    }
  fuzz_assert (old_at == old_length && new_at == new_length);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *old_text = NULL;
  g_autofree char *new_text = NULL;
  g_autofree char *quote = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *suffix = NULL;
  g_autofree gunichar *new_chars = NULL;
  g_autoptr(FmAnchor) anchor = NULL;
  FmAnchorMatch match, again;
  char *fields[5] = { NULL, };
  const char *p, *end;
  guint flags, old_start, old_end, new_length;
  glong n_chars = 0;
  gboolean found;

  if (size < 5)
    return 0;
  flags = data[0];
  old_start = data[1] | data[2] << 8;
  old_end = data[3] | data[4] << 8;

  p = (const char *)data + 5;
  end = (const char *)data + size;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *nul = memchr (p, '\0', end - p);
      const char *stop = nul != NULL ? nul : end;

      fields[i] = g_utf8_make_valid (p, stop - p);
      p = nul != NULL ? nul + 1 : end;
    }
  old_text = fields[0];
  new_text = (flags & FLAG_SAME_TEXT) ? g_strdup (old_text) : fields[1];
  if (flags & FLAG_SAME_TEXT)
    g_free (fields[1]);

  if (flags & FLAG_FROM_OLD)
    {
      /* As fm-store makes a claim's selector from its span */
      glong old_length = g_utf8_strlen (old_text, -1);

      old_start = MIN (old_start, (guint)old_length);
      old_end = CLAMP (old_end, old_start, (guint)old_length);
      quote = g_utf8_substring (old_text, old_start, old_end);
      prefix = g_utf8_substring (old_text,
                                 old_start > FM_CLAIM_CONTEXT_CHARS ?
                                   old_start - FM_CLAIM_CONTEXT_CHARS : 0,
                                 old_start);
      suffix = g_utf8_substring (old_text, old_end,
                                 MIN ((guint)old_length, old_end + FM_CLAIM_CONTEXT_CHARS));
      g_free (fields[2]);
      g_free (fields[3]);
      g_free (fields[4]);
    }
  else
    {
      quote = fields[2];
      prefix = fields[3];
      suffix = fields[4];
    }

  anchor = fm_anchor_new ((flags & FLAG_NO_OLD) ? NULL : old_text, new_text);
  new_length = fm_anchor_get_new_length (anchor);
  new_chars = g_utf8_to_ucs4_fast (new_text, -1, &n_chars);
  fuzz_assert (new_length == (guint)n_chars);
  if (flags & FLAG_NO_OLD)
    fuzz_assert (fm_anchor_get_diff (anchor) == NULL);
  else
    check_diff (fm_anchor_get_diff (anchor), g_utf8_strlen (old_text, -1), new_length);

  found = fm_anchor_locate (anchor, quote, *prefix ? prefix : NULL, *suffix ? suffix : NULL,
                            old_start, old_end, &match);
  fuzz_assert (found == (match.kind != FM_ANCHOR_MATCH_NONE));
  fuzz_assert (fm_anchor_match_kind_to_id (match.kind) != NULL);

  if (found)
    {
      g_autofree char *there = NULL;

      /* A non-empty range inside the new text */
      fuzz_assert (match.start < match.end && match.end <= new_length);
      there = g_utf8_substring (new_text, match.start, match.end);
      fuzz_assert (g_utf8_validate (there, -1, NULL));

      fuzz_assert (in_unit (match.confidence));
      fuzz_assert (in_unit (match.quote_score));
      fuzz_assert (in_unit (match.context_score));
      fuzz_assert (in_unit (match.position_score));
      switch (match.kind)
        {
        case FM_ANCHOR_MATCH_EXACT:
          fuzz_assert (g_str_equal (there, quote));
          fuzz_assert (match.confidence == 1.0 && !match.needs_confirmation);
          fuzz_assert (match.errors == 0);
          break;
        case FM_ANCHOR_MATCH_MOVED:
          fuzz_assert (g_str_equal (there, quote));
          fuzz_assert (match.errors == 0);
          fuzz_assert (match.needs_confirmation == (match.confidence < FM_ANCHOR_CONFIRM_BELOW));
          break;
        case FM_ANCHOR_MATCH_FUZZY:
          fuzz_assert (match.needs_confirmation);
          fuzz_assert (match.confidence < 1.0);
          break;
        case FM_ANCHOR_MATCH_NONE:
        default:
          fuzz_assert (!"a placed claim of an unknown kind");
        }
    }
  else
    fuzz_assert (match.kind == FM_ANCHOR_MATCH_NONE);

  /* A quote that is in the new text, as it is, is found as it is */
  if (*quote != '\0' && strstr (new_text, quote) != NULL)
    fuzz_assert (match.kind == FM_ANCHOR_MATCH_EXACT || match.kind == FM_ANCHOR_MATCH_MOVED);

  /* An unchanged text keeps an unchanged claim where it was */
  if ((flags & FLAG_SAME_TEXT) && (flags & FLAG_FROM_OLD) && !(flags & FLAG_NO_OLD) &&
      old_end > old_start)
    fuzz_assert (match.kind == FM_ANCHOR_MATCH_EXACT && match.start == old_start &&
                 match.end == old_end);

  /* Prepared once or not, the same answer */
  found = fm_anchor_locate_in_text ((flags & FLAG_NO_OLD) ? NULL : old_text, new_text, quote,
                                    *prefix ? prefix : NULL, *suffix ? suffix : NULL,
                                    old_start, old_end, &again);
  fuzz_assert (found == (again.kind != FM_ANCHOR_MATCH_NONE));
  fuzz_assert (same_match (&match, &again));

  (void)fm_anchor_similarity (quote, prefix);
  return 0;
}
