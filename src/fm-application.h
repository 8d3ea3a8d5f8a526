/* fm-application.h — the application: actions, command line, settings */
#pragma once

#include <adwaita.h>

#include "fm-store.h"

G_BEGIN_DECLS

#define FM_TYPE_APPLICATION (fm_application_get_type ())
G_DECLARE_FINAL_TYPE (FmApplication, fm_application, FM, APPLICATION, AdwApplication)

FmApplication *fm_application_new       (void);
/* The open workspace, or NULL when it could not be opened */
FmStore       *fm_application_get_store (FmApplication *self);

/* Makes @store the open workspace of the application and its windows */
void           fm_application_set_store (FmApplication *self,
                                         FmStore       *store);

/* The CSS of the verdict colours (claim numbers, badges, quotes) */
char          *fm_application_verdict_css (gboolean dark);

G_END_DECLS
