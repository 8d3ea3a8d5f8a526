/* fm-types.h — the enumerations of Factmark's domain model
 *
 * The nick of each value (what mkenums derives from its name) is the
 * stable id that the database, the command line and exports use.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  FM_VERDICT_UNRATED,
  FM_VERDICT_TRUE,
  FM_VERDICT_MOSTLY_TRUE,
  FM_VERDICT_MIXED,
  FM_VERDICT_MISLEADING,
  FM_VERDICT_MOSTLY_FALSE,
  FM_VERDICT_FALSE,
  FM_VERDICT_UNVERIFIABLE,
} FmVerdict;

#define FM_N_VERDICTS (FM_VERDICT_UNVERIFIABLE + 1)

typedef enum {
  FM_STATUS_UNCHECKED,
  FM_STATUS_IN_PROGRESS,
  FM_STATUS_NEEDS_REVIEW,
  FM_STATUS_CHANGES_REQUESTED,
  FM_STATUS_APPROVED,
} FmStatus;

#define FM_N_STATUSES (FM_STATUS_APPROVED + 1)

typedef enum {
  FM_STANCE_SUPPORTS,
  FM_STANCE_REFUTES,
  FM_STANCE_CONTEXT,
} FmStance;

#define FM_N_STANCES (FM_STANCE_CONTEXT + 1)

typedef enum {
  FM_SOURCE_KIND_PRIMARY,
  FM_SOURCE_KIND_OFFICIAL,
  FM_SOURCE_KIND_DATA,
  FM_SOURCE_KIND_EXPERT,
  FM_SOURCE_KIND_NEWS,
  FM_SOURCE_KIND_OTHER,
} FmSourceKind;

#define FM_N_SOURCE_KINDS (FM_SOURCE_KIND_OTHER + 1)

/* Where a claim stands after its article changed */
typedef enum {
  FM_ANCHOR_STATE_PLACED,    /* on its text, as sure as its confidence says */
  FM_ANCHOR_STATE_FLAGGED,   /* placed on a changed or doubtful text: a person should confirm */
  FM_ANCHOR_STATE_ORPHAN,    /* its quote is no longer in the article: kept, unplaced */
} FmAnchorState;

#define FM_N_ANCHOR_STATES (FM_ANCHOR_STATE_ORPHAN + 1)

const char *fm_verdict_to_id            (FmVerdict     verdict);
gboolean    fm_verdict_from_id          (const char   *id,
                                         FmVerdict    *verdict);
const char *fm_verdict_label            (FmVerdict     verdict);
const char *fm_verdict_icon_name        (FmVerdict     verdict);
/* schema.org ClaimReview ratingValue on the 1–5 scale, or 0 where the verdict has none */
int         fm_verdict_rating_value     (FmVerdict     verdict);
/* Colour as "#rrggbb", for light or dark backgrounds */
const char *fm_verdict_color            (FmVerdict     verdict,
                                         gboolean      dark);

const char *fm_status_to_id             (FmStatus      status);
gboolean    fm_status_from_id           (const char   *id,
                                         FmStatus     *status);
const char *fm_status_label             (FmStatus      status);

const char *fm_stance_to_id             (FmStance      stance);
gboolean    fm_stance_from_id           (const char   *id,
                                         FmStance     *stance);
const char *fm_stance_label             (FmStance      stance);

const char *fm_source_kind_to_id        (FmSourceKind  kind);
gboolean    fm_source_kind_from_id      (const char   *id,
                                         FmSourceKind *kind);
const char *fm_source_kind_label        (FmSourceKind  kind);

const char *fm_anchor_state_to_id       (FmAnchorState  state);
gboolean    fm_anchor_state_from_id     (const char    *id,
                                         FmAnchorState *state);
const char *fm_anchor_state_label       (FmAnchorState  state);

G_END_DECLS
