/* fm-types.c — ids, labels and colours of the domain enumerations */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "fm-types.h"

/* The ids are part of the file format: never change or reorder them. */
static const char * const verdict_ids[FM_N_VERDICTS] = {
  "unrated", "true", "mostly-true", "mixed", "misleading", "mostly-false", "false", "unverifiable",
};

static const char * const status_ids[FM_N_STATUSES] = {
  "unchecked", "in-progress", "needs-review", "changes-requested", "approved",
};

static const char * const stance_ids[FM_N_STANCES] = {
  "supports", "refutes", "context",
};

static const char * const kind_ids[FM_N_SOURCE_KINDS] = {
  "primary", "official", "data", "expert", "news", "other",
};

static gboolean
lookup_id (const char * const *ids,
           guint               n_ids,
           const char         *id,
           guint              *value)
{
  if (id == NULL)
    return FALSE;
  for (guint i = 0; i < n_ids; i++)
    {
      if (g_str_equal (ids[i], id))
        {
          *value = i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
fm_verdict_to_id (FmVerdict verdict)
{
  g_return_val_if_fail (verdict < FM_N_VERDICTS, NULL);
  return verdict_ids[verdict];
}

gboolean
fm_verdict_from_id (const char *id,
                    FmVerdict  *verdict)
{
  guint v;

  if (!lookup_id (verdict_ids, FM_N_VERDICTS, id, &v))
    return FALSE;
  if (verdict)
    *verdict = v;
  return TRUE;
}

const char *
fm_verdict_label (FmVerdict verdict)
{
  switch (verdict)
    {
    case FM_VERDICT_UNRATED:      return C_("verdict", "Unrated");
    case FM_VERDICT_TRUE:         return C_("verdict", "True");
    case FM_VERDICT_MOSTLY_TRUE:  return C_("verdict", "Mostly true");
    case FM_VERDICT_MIXED:        return C_("verdict", "Mixed");
    case FM_VERDICT_MISLEADING:   return C_("verdict", "Misleading");
    case FM_VERDICT_MOSTLY_FALSE: return C_("verdict", "Mostly false");
    case FM_VERDICT_FALSE:        return C_("verdict", "False");
    case FM_VERDICT_UNVERIFIABLE: return C_("verdict", "Unverifiable");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
fm_verdict_icon_name (FmVerdict verdict)
{
  /* Symbolic icons from the Adwaita theme: the second cue besides colour. */
  switch (verdict)
    {
    case FM_VERDICT_UNRATED:      return "content-loading-symbolic";
    case FM_VERDICT_TRUE:         return "emblem-ok-symbolic";
    case FM_VERDICT_MOSTLY_TRUE:  return "emblem-ok-symbolic";
    case FM_VERDICT_MIXED:        return "view-dual-symbolic";
    case FM_VERDICT_MISLEADING:   return "dialog-warning-symbolic";
    case FM_VERDICT_MOSTLY_FALSE: return "window-close-symbolic";
    case FM_VERDICT_FALSE:        return "window-close-symbolic";
    case FM_VERDICT_UNVERIFIABLE: return "dialog-question-symbolic";
    default:
      g_return_val_if_reached (NULL);
    }
}

int
fm_verdict_rating_value (FmVerdict verdict)
{
  switch (verdict)
    {
    case FM_VERDICT_FALSE:        return 1;
    case FM_VERDICT_MOSTLY_FALSE: return 2;
    case FM_VERDICT_MIXED:        return 3;
    case FM_VERDICT_MOSTLY_TRUE:  return 4;
    case FM_VERDICT_TRUE:         return 5;
    case FM_VERDICT_UNRATED:
    case FM_VERDICT_MISLEADING:
    case FM_VERDICT_UNVERIFIABLE:
    default:
      return 0;
    }
}

const char *
fm_verdict_color (FmVerdict verdict,
                  gboolean  dark)
{
  /* From the GNOME palette; the dark variants are lighter so that they
   * keep their contrast on a dark background. */
  static const char * const light[FM_N_VERDICTS] = {
    "#5e5c64", "#197343", "#46730f", "#875f00", "#a14a00", "#b5360a", "#a51d2d", "#613583",
  };
  /* Each keeps WCAG AA contrast as text on a tint of itself over the
   * window, a view or a card (tests/test-contrast.c) */
  static const char * const dark_[FM_N_VERDICTS] = {
    "#c0bfbc", "#57e389", "#b5e06a", "#f8e45c", "#ffa348", "#ff9c80", "#ff9696", "#e19be2",
  };

  g_return_val_if_fail (verdict < FM_N_VERDICTS, NULL);
  return dark ? dark_[verdict] : light[verdict];
}

const char *
fm_status_to_id (FmStatus status)
{
  g_return_val_if_fail (status < FM_N_STATUSES, NULL);
  return status_ids[status];
}

gboolean
fm_status_from_id (const char *id,
                   FmStatus   *status)
{
  guint v;

  if (!lookup_id (status_ids, FM_N_STATUSES, id, &v))
    return FALSE;
  if (status)
    *status = v;
  return TRUE;
}

const char *
fm_status_label (FmStatus status)
{
  switch (status)
    {
    case FM_STATUS_UNCHECKED:         return C_("status", "Unchecked");
    case FM_STATUS_IN_PROGRESS:       return C_("status", "In progress");
    case FM_STATUS_NEEDS_REVIEW:      return C_("status", "Needs review");
    case FM_STATUS_CHANGES_REQUESTED: return C_("status", "Changes requested");
    case FM_STATUS_APPROVED:          return C_("status", "Approved");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
fm_stance_to_id (FmStance stance)
{
  g_return_val_if_fail (stance < FM_N_STANCES, NULL);
  return stance_ids[stance];
}

gboolean
fm_stance_from_id (const char *id,
                   FmStance   *stance)
{
  guint v;

  if (!lookup_id (stance_ids, FM_N_STANCES, id, &v))
    return FALSE;
  if (stance)
    *stance = v;
  return TRUE;
}

const char *
fm_stance_label (FmStance stance)
{
  switch (stance)
    {
    case FM_STANCE_SUPPORTS: return C_("stance", "Supports");
    case FM_STANCE_REFUTES:  return C_("stance", "Refutes");
    case FM_STANCE_CONTEXT:  return C_("stance", "Context");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
fm_source_kind_to_id (FmSourceKind kind)
{
  g_return_val_if_fail (kind < FM_N_SOURCE_KINDS, NULL);
  return kind_ids[kind];
}

gboolean
fm_source_kind_from_id (const char   *id,
                        FmSourceKind *kind)
{
  guint v;

  if (!lookup_id (kind_ids, FM_N_SOURCE_KINDS, id, &v))
    return FALSE;
  if (kind)
    *kind = v;
  return TRUE;
}

const char *
fm_source_kind_label (FmSourceKind kind)
{
  switch (kind)
    {
    case FM_SOURCE_KIND_PRIMARY:  return C_("source kind", "Primary document");
    case FM_SOURCE_KIND_OFFICIAL: return C_("source kind", "Official statement");
    case FM_SOURCE_KIND_DATA:     return C_("source kind", "Data set");
    case FM_SOURCE_KIND_EXPERT:   return C_("source kind", "Expert");
    case FM_SOURCE_KIND_NEWS:     return C_("source kind", "News report");
    case FM_SOURCE_KIND_OTHER:    return C_("source kind", "Other");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Anchor states */

static const char * const anchor_state_ids[FM_N_ANCHOR_STATES] = {
  "placed", "flagged", "orphan",
};

const char *
fm_anchor_state_to_id (FmAnchorState state)
{
  g_return_val_if_fail (state < FM_N_ANCHOR_STATES, NULL);
  return anchor_state_ids[state];
}

gboolean
fm_anchor_state_from_id (const char    *id,
                         FmAnchorState *state)
{
  guint v;

  if (!lookup_id (anchor_state_ids, FM_N_ANCHOR_STATES, id, &v))
    return FALSE;
  if (state)
    *state = v;
  return TRUE;
}

const char *
fm_anchor_state_label (FmAnchorState state)
{
  switch (state)
    {
    case FM_ANCHOR_STATE_PLACED:  return C_("anchor state", "Placed");
    case FM_ANCHOR_STATE_FLAGGED: return C_("anchor state", "To confirm");
    case FM_ANCHOR_STATE_ORPHAN:  return C_("anchor state", "Unplaced");
    default:
      g_return_val_if_reached (NULL);
    }
}
