/* fm-format.h — dates and times as the window shows them */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "12 March 2026" from "2026-03-12" or a full ISO 8601 time; NULL when @iso is not a date */
char *fm_format_date     (const char *iso);
/* "12 Mar 2026, 14:02" in local time from an ISO 8601 time */
char *fm_format_time     (const char *iso);
/* Today as YYYY-MM-DD */
char *fm_format_today    (void);
/* TRUE for a real calendar date written YYYY-MM-DD */
gboolean fm_format_is_date (const char *text);

G_END_DECLS

/* Review and history times */

G_BEGIN_DECLS
/* When something happened, as the user's locale writes it, in local time:
 * "Today, 14:02", "Yesterday, 2:02 PM", or the locale's date and time
 * ("12/03/2026, 14:02"); @iso unchanged when it is not a time */
char *fm_format_when     (const char *iso);
G_END_DECLS
