/* fm-anchor.h — find a claim's quote selector again in a changed text */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How a quote was found in the new text */
typedef enum {
  FM_ANCHOR_MATCH_EXACT,   /* the same quote where the edits around it put it: confidence 1 */
  FM_ANCHOR_MATCH_MOVED,   /* the same quote elsewhere: confidence from its context */
  FM_ANCHOR_MATCH_FUZZY,   /* the quote itself changed: an approximate match, to confirm */
  FM_ANCHOR_MATCH_NONE,    /* nothing good enough: the claim is unplaced (an orphan) */
} FmAnchorMatchKind;

/* Below this confidence a placed claim is flagged for a person to confirm */
#define FM_ANCHOR_CONFIRM_BELOW 0.75

/* A changed quote is matched with at most this many errors (insertions,
 * deletions, substitutions of characters) per character of the quote */
#define FM_ANCHOR_MAX_ERROR_RATE 0.35

typedef struct {
  FmAnchorMatchKind kind;
  guint             start;           /* characters of the new text, end exclusive */
  guint             end;
  double            confidence;      /* 0 … 1 */
  double            quote_score;     /* 1 − errors / quote length */
  double            context_score;   /* how well prefix and suffix match, 0 … 1 */
  double            position_score;  /* closeness to where the edits put it, 0 … 1 */
  guint             errors;          /* character edits between the quote and the match */
  gboolean          needs_confirmation;
} FmAnchorMatch;

const char *fm_anchor_match_kind_to_id (FmAnchorMatchKind kind);

/* A re-anchoring from one text to another: prepared once (the texts as
 * characters, and the word diff that predicts where each span went), then
 * asked for every claim. */
typedef struct _FmAnchor FmAnchor;

/* @old_text may be NULL when it is not known (a claim from an annotation
 * file): positions are then predicted to be unchanged. */
FmAnchor   *fm_anchor_new            (const char     *old_text,
                                      const char     *new_text);
void        fm_anchor_free           (FmAnchor       *self);
/* The diff of the two texts (a GArray of FmDiffOp), or NULL without old text */
GArray     *fm_anchor_get_diff       (FmAnchor       *self);
guint       fm_anchor_get_new_length (FmAnchor       *self);

/* Finds the quote (with its context) that was at [@old_start, @old_end) of
 * the old text. Returns FALSE for an orphan (match->kind NONE). */
gboolean    fm_anchor_locate         (FmAnchor       *self,
                                      const char     *quote,
                                      const char     *prefix,
                                      const char     *suffix,
                                      guint           old_start,
                                      guint           old_end,
                                      FmAnchorMatch  *match);

/* The same, once, without a prepared anchor */
gboolean    fm_anchor_locate_in_text (const char     *old_text,
                                      const char     *new_text,
                                      const char     *quote,
                                      const char     *prefix,
                                      const char     *suffix,
                                      guint           old_start,
                                      guint           old_end,
                                      FmAnchorMatch  *match);

/* Similarity of two strings, 1 − edit distance / longer length, in characters */
double      fm_anchor_similarity     (const char     *a,
                                      const char     *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FmAnchor, fm_anchor_free)

G_END_DECLS
