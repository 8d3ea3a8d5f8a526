/* fm-diff.h — a word-level diff of two revisions of an article's text */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  FM_DIFF_EQUAL,
  FM_DIFF_DELETE,    /* in the old text only */
  FM_DIFF_INSERT,    /* in the new text only */
} FmDiffKind;

/* One run of the diff. Offsets are characters (code points), end exclusive.
 * A DELETE has an empty new range at the place it was removed from; an
 * INSERT an empty old range at the place it went in. A replacement is a
 * DELETE followed by an INSERT. */
typedef struct {
  FmDiffKind kind;
  guint      old_start;
  guint      old_end;
  guint      new_start;
  guint      new_end;
} FmDiffOp;

/* The diff of @old_text and @new_text as a GArray of FmDiffOp covering
 * both texts in order. Words, runs of white space and punctuation marks
 * are the units compared; paragraphs are aligned first, so a long article
 * with a few edits is quick. A white-space gap between two changes is
 * folded into them, so that a reworded phrase reads as one change. */
GArray   *fm_diff_words          (const char *old_text,
                                  const char *new_text);

/* Where the character at @old_offset went in the new text. A character in
 * deleted text maps to where the deletion was; *changed (optional) is TRUE
 * then. */
guint     fm_diff_map_offset     (GArray     *ops,
                                  guint       old_offset,
                                  gboolean   *changed);

/* Where the old span [@old_start, @old_end) went: a span whose ends fall in
 * replaced text takes in the replacement. Returns TRUE when the span was
 * untouched by the edits. */
gboolean  fm_diff_map_span       (GArray     *ops,
                                  guint       old_start,
                                  guint       old_end,
                                  guint      *new_start,
                                  guint      *new_end);

/* TRUE when no op is a change */
gboolean  fm_diff_is_empty       (GArray     *ops);

/* Characters deleted and inserted, for a summary ("120 characters changed") */
void      fm_diff_count          (GArray     *ops,
                                  guint      *deleted,
                                  guint      *inserted);

G_END_DECLS
