/* fm-util.h — small helpers shared by the core */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Replace *dest with a copy of value; TRUE when it changed */
gboolean  fm_set_str          (char       **dest,
                               const char  *value);
/* A new random (version 4) UUID */
char     *fm_uuid_new         (void);
/* Now, as UTC ISO 8601 with microseconds: "2026-11-26T18:39:31.123456Z".
 * Strings of this form sort in time order. */
char     *fm_now_iso          (void);
char     *fm_time_to_iso      (GDateTime   *time);
/* TRUE for an absolute http:// or https:// URL with a host */
gboolean  fm_url_is_web       (const char  *url);
/* The user's name for history entries */
const char *fm_default_actor  (void);
/* Collapse runs of white space to single spaces and trim */
char     *fm_collapse_space   (const char  *text);

/* g_date_time_format() with @format already translated, but the names of
 * months and weekdays (%B %b %h %A %a) from Factmark's own translations
 * instead of LC_TIME, so that a date is in the app's language. NULL when
 * g_date_time_format() fails. */
char     *fm_date_time_format (GDateTime   *time,
                               const char  *format);

/* JSON before json-glib reads it */

typedef enum {
  FM_JSON_OK,
  FM_JSON_TOO_DEEP,            /* nested deeper than asked */
  FM_JSON_BROKEN_SURROGATE,    /* half of a pair, then a \u escape that is not the other half */
  FM_JSON_TRAILING,            /* an object, array or string after the top-level value */
} FmJsonFlaw;

/* What json-glib 1.6 mishandles in @text (leaks, silently drops, or
 * overflows the stack on), found before it reads it; FM_JSON_OK for
 * anything else, valid JSON or not (json-glib then says what is wrong).
 * @max_depth: 0 for no limit. *@line_out: the line of the flaw. */
FmJsonFlaw fm_json_check      (const char  *text,
                               gsize        len,
                               guint        max_depth,
                               guint       *line_out);

G_END_DECLS
