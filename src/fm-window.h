/* fm-window.h — the main window: articles | reading view | claims */
#pragma once

#include <adwaita.h>

#include "fm-application.h"
#include "fm-store.h"
#include "fm-suggestions.h"
#include "fm-sync-controller.h"

G_BEGIN_DECLS

#define FM_TYPE_WINDOW (fm_window_get_type ())
G_DECLARE_FINAL_TYPE (FmWindow, fm_window, FM, WINDOW, AdwApplicationWindow)

/* @store may be NULL when the workspace could not be opened: @error says why */
FmWindow  *fm_window_new                (FmApplication *app,
                                         FmStore       *store,
                                         const GError  *error);
/* Shows another workspace (after File › Open Workspace) */
void       fm_window_set_store          (FmWindow      *self,
                                         FmStore       *store);
/* Imports @file in the background and shows it; errors are shown in a dialog */
void       fm_window_open_file          (FmWindow      *self,
                                         GFile         *file);
/* Downloads the page at @url (http or https) with progress and a Cancel
 * button in the window, then shows it; errors go to a dialog */
void       fm_window_open_url           (FmWindow      *self,
                                         const char    *url);
/* Imports @text as a new article, as Paste as New Article does */
gboolean   fm_window_open_text          (FmWindow      *self,
                                         const char    *text);
/* Shows the article with this id; FALSE when there is none */
gboolean   fm_window_show_article       (FmWindow      *self,
                                         const char    *article_id);
FmArticle *fm_window_get_article        (FmWindow      *self);
/* How many imports are running */
guint      fm_window_get_n_pending      (FmWindow      *self);

/* The parts, for tests */
GtkWidget *fm_window_get_article_view   (FmWindow      *self);
GtkWidget *fm_window_get_claim_panel    (FmWindow      *self);
GtkWidget *fm_window_get_articles_view  (FmWindow      *self);
GtkWidget *fm_window_get_search_entry   (FmWindow      *self);
/* The dialog that shows import errors, while it is open */
GtkWidget *fm_window_get_error_dialog   (FmWindow      *self);
/* The message of the last toast shown */
const char *fm_window_get_last_toast    (FmWindow      *self);

/* Revisions and suggestions (issue 8) */

/* Imports @file in the background as a new version of the article
 * @article_id, moves its claims, and shows it */
void       fm_window_import_version     (FmWindow      *self,
                                         GFile         *file,
                                         const char    *article_id);
/* The parts, for tests */
GtkWidget *fm_window_get_revision_bar   (FmWindow      *self);
GtkWidget *fm_window_get_suggestion_bar (FmWindow      *self);
FmSuggestions *fm_window_get_suggestions (FmWindow     *self);

/* The editor's desk: the review list (win.review, Ctrl+R) */
GtkWidget *fm_window_get_review_view    (FmWindow      *self);
gboolean   fm_window_is_reviewing       (FmWindow      *self);
/* The sidebar's count of claims waiting for review */
GtkWidget *fm_window_get_review_badge   (FmWindow      *self);

/* Sync (issue 11): win.sync (Ctrl+Shift+S), win.show-sync */
FmSyncController *fm_window_get_sync_controller (FmWindow *self);
/* The status at the foot of the sidebar, and the sync window while it is open */
GtkWidget *fm_window_get_sync_status    (FmWindow      *self);
GtkWidget *fm_window_get_sync_window    (FmWindow      *self);

G_END_DECLS
