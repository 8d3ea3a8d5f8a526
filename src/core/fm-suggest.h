/* fm-suggest.h — sentences worth checking, with the reasons why
 *
 * Sentences come from a real segmenter (Pango's Unicode sentence breaks,
 * repaired after abbreviations and kept whole inside quotations). Each is
 * scored from signals in its wording; nothing is rated. Sentences whose
 * attribution is to unnamed or vague sources are flagged for the editor.
 * Offsets are characters (code points) of the text, as claims use.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  FM_SUGGEST_SIGNAL_FIGURE,        /* numbers, percentages, amounts, counts */
  FM_SUGGEST_SIGNAL_DATE,          /* dates and years */
  FM_SUGGEST_SIGNAL_COMPARISON,    /* comparisons, superlatives, changes */
  FM_SUGGEST_SIGNAL_CAUSAL,        /* one thing causing another */
  FM_SUGGEST_SIGNAL_QUOTATION,     /* quoted words, attribution verbs */
  FM_SUGGEST_SIGNAL_DOCUMENT,      /* what a law, plan or document says */
  FM_SUGGEST_SIGNAL_VAGUE_SOURCE,  /* attributed to anonymous or vague sources */
} FmSuggestSignal;

#define FM_SUGGEST_N_SIGNALS (FM_SUGGEST_SIGNAL_VAGUE_SOURCE + 1)

/* Sentences scoring below this are not suggested */
#define FM_SUGGEST_MIN_SCORE 0.25

typedef struct {
  FmSuggestSignal  signal;
  const char      *kind;    /* finer kind: "percentage", "amount", "superlative", … */
  guint            start;   /* the words that gave the signal, in characters of the text */
  guint            end;
  char            *text;
  double           weight;  /* what it adds to the score, before the others */
} FmSuggestReason;

typedef struct {
  guint      start;              /* the sentence, in characters of the text, end exclusive */
  guint      end;
  char      *sentence;
  double     score;              /* 0 … 1 */
  GPtrArray *reasons;            /* FmSuggestReason, in text order */
  gboolean   anonymous_source;   /* flagged for the editor */
} FmSuggestion;

typedef struct {
  GPtrArray *suggestions;        /* FmSuggestion, in text order */
  guint      n_sentences;        /* sentences examined */
  guint      n_anonymous;        /* suggestions flagged for anonymous or vague sourcing */
} FmSuggestResult;

const char      *fm_suggest_signal_to_id      (FmSuggestSignal   signal);
const char      *fm_suggest_signal_label      (FmSuggestSignal   signal);

/* The sentences of @text as a GArray of guint pairs (start, end), in
 * characters, white space at their ends excluded. @lang (a BCP 47 tag) may
 * be NULL. */
GArray          *fm_suggest_split_sentences   (const char       *text,
                                               const char       *lang);

/* Every sentence of @text worth checking */
FmSuggestResult *fm_suggest                   (const char       *text,
                                               const char       *lang);
void             fm_suggest_result_free       (FmSuggestResult  *result);

/* Drops suggestions that overlap a span already claimed (@claimed: a
 * GArray of guint pairs (start, end), may be NULL) or whose sentence, white
 * space collapsed, is in @dismissed (may be NULL); recounts n_anonymous. */
void             fm_suggest_result_filter     (FmSuggestResult  *result,
                                               GArray           *claimed,
                                               GHashTable       *dismissed);

/* "percentage “50%”; anonymous source “sources said”" — for a tooltip, a
 * history entry or the command line */
char            *fm_suggestion_describe       (const FmSuggestion *suggestion);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FmSuggestResult, fm_suggest_result_free)

G_END_DECLS
