/* fm-store.h — the workspace: one SQLite file, the only code that calls SQLite */
#pragma once

#include <gio/gio.h>

#include "fm-article.h"
#include "fm-claim.h"
#include "fm-source.h"
#include "fm-types.h"

G_BEGIN_DECLS

#define FM_STORE_ERROR (fm_store_error_quark ())

typedef enum {
  FM_STORE_ERROR_FAILED,
  FM_STORE_ERROR_NOT_A_WORKSPACE,   /* not SQLite, or another application's database */
  FM_STORE_ERROR_CORRUPT,           /* damaged or truncated */
  FM_STORE_ERROR_TOO_NEW,           /* made by a newer Factmark: refused, untouched */
  FM_STORE_ERROR_READ_ONLY,         /* the workspace was opened read-only */
  FM_STORE_ERROR_BUSY,              /* locked by another process for too long */
  FM_STORE_ERROR_FULL,              /* disk or database full: the change was rolled back */
  FM_STORE_ERROR_NOT_FOUND,
  FM_STORE_ERROR_AMBIGUOUS,         /* an id prefix that matches more than one row */
  FM_STORE_ERROR_INVALID,           /* a value the model does not allow */
  FM_STORE_ERROR_INCOMPLETE,        /* the sign-off list is not complete */
  FM_STORE_ERROR_TRANSITION,        /* the workflow does not go from this status to that */
} FmStoreError;

/* The schema version this build writes (PRAGMA user_version) */
#define FM_STORE_SCHEMA_VERSION 4

typedef enum {
  FM_CLAIM_FIELD_SUMMARY,
  FM_CLAIM_FIELD_VERDICT,
  FM_CLAIM_FIELD_STATUS,
  FM_CLAIM_FIELD_EXPLANATION,
  FM_CLAIM_FIELD_ASSIGNEE,
  FM_CLAIM_FIELD_TAGS,
  FM_CLAIM_FIELD_REVIEW_COMMENT,
} FmClaimField;

/* The history name of a field ("summary", "verdict", …) */
const char *fm_claim_field_to_id (FmClaimField field);

typedef enum {
  FM_CLAIM_SORT_TEXT,        /* article, then text order */
  FM_CLAIM_SORT_UPDATED,     /* last change */
  FM_CLAIM_SORT_CREATED,
  FM_CLAIM_SORT_STATUS,
  FM_CLAIM_SORT_VERDICT,
  FM_CLAIM_SORT_ARTICLE,
  FM_CLAIM_SORT_ASSIGNEE,
  FM_CLAIM_SORT_N_SOURCES,
  FM_CLAIM_SORT_SUMMARY,
} FmClaimSort;

/* Filters for fm_store_query_claims(); zero-initialise and set what you need */
typedef struct {
  const char  *article_id;   /* full id, or NULL for every article */
  gboolean     any_status;   /* TRUE: ignore status */
  FmStatus     status;
  gboolean     any_verdict;  /* TRUE: ignore verdict */
  FmVerdict    verdict;
  const char  *assignee;     /* exact, or NULL */
  const char  *tag;          /* exact, or NULL */
  const char  *search;       /* words to find in quote, summary, explanation, source titles */
  FmClaimSort  sort;
  gboolean     descending;
  guint        limit;        /* 0: no limit */
  guint        offset;
} FmClaimQuery;

#define FM_CLAIM_QUERY_INIT { NULL, TRUE, 0, TRUE, 0, NULL, NULL, NULL, FM_CLAIM_SORT_TEXT, FALSE, 0, 0 }

/* One entry of a claim's append-only history */
typedef struct {
  char *id;
  char *claim_id;
  char *article_id;
  char *at;
  char *actor;
  char *field;
  char *old_value;
  char *new_value;
} FmHistoryEntry;

GType           fm_history_entry_get_type (void) G_GNUC_CONST;
FmHistoryEntry *fm_history_entry_copy     (const FmHistoryEntry *entry);
void            fm_history_entry_free     (FmHistoryEntry       *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FmHistoryEntry, fm_history_entry_free)

#define FM_TYPE_STORE (fm_store_get_type ())
G_DECLARE_FINAL_TYPE (FmStore, fm_store, FM, STORE, GObject)

GQuark      fm_store_error_quark           (void);

/* $XDG_DATA_HOME/factmark/workspace.db */
char       *fm_store_default_path          (void);

/* Opens the workspace at @path, creating it (mode 0600) when it does not
 * exist and upgrading an older one in one transaction. A file that cannot
 * be written is opened read-only (see fm_store_is_read_only()). */
FmStore    *fm_store_open                  (const char    *path,
                                            GError       **error);
const char *fm_store_get_path              (FmStore       *self);
gboolean    fm_store_is_read_only          (FmStore       *self);
/* This workspace's own globally unique id */
const char *fm_store_get_workspace_id      (FmStore       *self);
/* Who changes are recorded as made by (default: the user's real name) */
const char *fm_store_get_actor             (FmStore       *self);
void        fm_store_set_actor             (FmStore       *self,
                                            const char    *actor);
/* How long a write waits for another process's lock (default 5000 ms) */
void        fm_store_set_busy_timeout      (FmStore       *self,
                                            int            msec);
/* PRAGMA integrity_check: TRUE when it answers "ok" */
gboolean    fm_store_check_integrity       (FmStore       *self,
                                            GError       **error);

/* Full id from a unique prefix (as git does) */
char       *fm_store_resolve_article_id    (FmStore       *self,
                                            const char    *prefix,
                                            GError       **error);
char       *fm_store_resolve_claim_id      (FmStore       *self,
                                            const char    *prefix,
                                            GError       **error);

/* Articles */

/* Adds @article, or returns the article that already has the same text
 * (then *existed is TRUE). Fills in id and import time when unset. */
FmArticle  *fm_store_add_article           (FmStore       *self,
                                            FmArticle     *article,
                                            gboolean      *existed,
                                            GError       **error);
/* The article with its text */
FmArticle  *fm_store_get_article           (FmStore       *self,
                                            const char    *id,
                                            GError       **error);
/* Every article, newest import first: metadata only (the text is loaded
 * by fm_store_get_article()) */
GPtrArray  *fm_store_list_articles         (FmStore       *self,
                                            GError       **error);
GBytes     *fm_store_get_article_original  (FmStore       *self,
                                            const char    *id,
                                            GError       **error);
/* Claims of an article per status: @counts has FM_N_STATUSES entries */
gboolean    fm_store_count_claims          (FmStore       *self,
                                            const char    *article_id,
                                            guint         *counts,
                                            GError       **error);
/* article id → guint[FM_N_STATUSES] for every article that has claims */
GHashTable *fm_store_count_claims_by_article (FmStore     *self,
                                            GError       **error);

/* Claims */

/* A new claim on characters [start, end) of the article's text; its quote
 * selector is taken from the text. */
FmClaim    *fm_store_create_claim          (FmStore       *self,
                                            const char    *article_id,
                                            guint          start,
                                            guint          end,
                                            GError       **error);
/* Inserts a claim made elsewhere (an annotation file, or the undo of a
 * delete) with its id, values and sources, in one transaction. A claim
 * without id gets a new one. Returns the stored claim. */
FmClaim    *fm_store_insert_claim          (FmStore       *self,
                                            FmClaim       *claim,
                                            GPtrArray     *sources,
                                            GError       **error);
FmClaim    *fm_store_get_claim             (FmStore       *self,
                                            const char    *id,
                                            GError       **error);
/* The article's claims in text order */
GPtrArray  *fm_store_list_claims           (FmStore       *self,
                                            const char    *article_id,
                                            GError       **error);
GPtrArray  *fm_store_query_claims          (FmStore       *self,
                                            const FmClaimQuery *query,
                                            GError       **error);
guint       fm_store_count_query           (FmStore       *self,
                                            const FmClaimQuery *query,
                                            GError       **error);
/* Sets one field from its string form (verdict and status by id, tags
 * separated by commas) and records the change in the history. */
gboolean    fm_store_set_claim_field       (FmStore       *self,
                                            FmClaim       *claim,
                                            FmClaimField   field,
                                            const char    *value,
                                            GError       **error);
gboolean    fm_store_set_claim_verdict     (FmStore       *self,
                                            FmClaim       *claim,
                                            FmVerdict      verdict,
                                            GError       **error);
gboolean    fm_store_set_claim_status      (FmStore       *self,
                                            FmClaim       *claim,
                                            FmStatus       status,
                                            GError       **error);
gboolean    fm_store_delete_claim          (FmStore       *self,
                                            FmClaim       *claim,
                                            GError       **error);

/* Sources */

GPtrArray  *fm_store_list_sources          (FmStore       *self,
                                            const char    *claim_id,
                                            GError       **error);
/* Adds a copy of @values (URL required, http/https) to the claim */
FmSource   *fm_store_add_source            (FmStore       *self,
                                            const char    *claim_id,
                                            FmSource      *values,
                                            GError       **error);
/* Gives @source the values of @values (all but ids) */
gboolean    fm_store_update_source         (FmStore       *self,
                                            FmSource      *source,
                                            FmSource      *values,
                                            GError       **error);
gboolean    fm_store_remove_source         (FmStore       *self,
                                            FmSource      *source,
                                            GError       **error);
/* Puts back a removed source with its id and position */
FmSource   *fm_store_restore_source        (FmStore       *self,
                                            FmSource      *source,
                                            GError       **error);

/* History, oldest first */
GPtrArray  *fm_store_get_history           (FmStore       *self,
                                            const char    *claim_id,
                                            GError       **error);

/* Workflow: Unchecked → In progress → Needs review → Approved, with
 * Changes requested as the editor's way back. */

typedef enum {
  FM_SIGNOFF_VERDICT        = 1 << 0,   /* a verdict other than Unrated */
  FM_SIGNOFF_EXPLANATION    = 1 << 1,   /* an explanation */
  FM_SIGNOFF_SOURCE         = 1 << 2,   /* at least one source */
  FM_SIGNOFF_PRIMARY_SOURCE = 1 << 3,   /* at least one that is not a news report */
} FmSignoffItem;

#define FM_SIGNOFF_ALL (FM_SIGNOFF_VERDICT | FM_SIGNOFF_EXPLANATION | FM_SIGNOFF_SOURCE | \
                        FM_SIGNOFF_PRIMARY_SOURCE)

/* A sentence a person reads: "a verdict other than Unrated" */
const char *fm_signoff_item_label       (FmSignoffItem   item);
/* "It still needs a verdict other than Unrated and an explanation." */
char       *fm_signoff_describe_missing (FmSignoffItem   missing);

/* What the sign-off list still misses for the claim, as stored (0: complete) */
gboolean    fm_store_check_signoff      (FmStore        *self,
                                         FmClaim        *claim,
                                         FmSignoffItem  *missing,
                                         GError        **error);
/* In progress, unchecked or changes requested → needs review */
gboolean    fm_store_submit_for_review  (FmStore        *self,
                                         FmClaim        *claim,
                                         GError        **error);
/* Needs review → approved, recording the reviewer and the time. When the
 * sign-off list is incomplete it fails with FM_STORE_ERROR_INCOMPLETE
 * (saying what is missing) unless @override_reason gives the editor's
 * reason, which the history keeps. */
gboolean    fm_store_approve_claim      (FmStore        *self,
                                         FmClaim        *claim,
                                         const char     *override_reason,
                                         GError        **error);
/* Needs review or approved → changes requested; @comment is required and
 * is shown on the claim until it is approved. */
gboolean    fm_store_request_changes    (FmStore        *self,
                                         FmClaim        *claim,
                                         const char     *comment,
                                         GError        **error);
/* A comment in the claim's history */
gboolean    fm_store_add_comment        (FmStore        *self,
                                         FmClaim        *claim,
                                         const char     *comment,
                                         GError        **error);

/* Review queries: what a lazy list over every claim of the workspace
 * needs. Keys are internal row numbers, valid while the store is open. */

/* The keys of the claims that match, in the query's order */
GArray     *fm_store_query_claim_keys     (FmStore             *self,
                                           const FmClaimQuery  *query,
                                           GError             **error);
/* The claims with these keys, in the same order; with @numbers, also each
 * claim's number in its article (1 for the first in text order) */
GPtrArray  *fm_store_get_claims_by_keys   (FmStore             *self,
                                           const gint64        *keys,
                                           guint                n_keys,
                                           guint               *numbers,
                                           GError             **error);
/* Claims per status for the query's other filters (its status is ignored):
 * @counts has FM_N_STATUSES entries */
gboolean    fm_store_count_query_by_status (FmStore            *self,
                                           const FmClaimQuery  *query,
                                           guint               *counts,
                                           GError             **error);
/* The distinct assignees and tags in use, sorted, for filter menus */
GStrv       fm_store_list_assignees       (FmStore             *self,
                                           GError             **error);
GStrv       fm_store_list_tags            (FmStore             *self,
                                           GError             **error);

/* Revisions, re-anchoring and claim suggestions */

/* One revision of an article's text, 1 the first import */
typedef struct {
  char  *article_id;
  guint  number;
  char  *title;
  char  *source_name;
  char  *imported_at;     /* when this revision came in */
  char  *imported_by;
  char  *superseded_at;   /* when the next one replaced it; NULL for the current one */
  char  *text_sha256;
  guint  length;          /* characters */
} FmRevision;

GType       fm_revision_get_type           (void) G_GNUC_CONST;
FmRevision *fm_revision_copy               (const FmRevision *revision);
void        fm_revision_free               (FmRevision       *revision);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FmRevision, fm_revision_free)

typedef enum {
  FM_ARTICLE_ADDITION_NEW,       /* a new article */
  FM_ARTICLE_ADDITION_EXISTED,   /* this text was already there (current or earlier revision) */
  FM_ARTICLE_ADDITION_REVISED,   /* a new revision of an article already there */
} FmArticleAddition;

/* What a new revision did to the article's claims */
typedef struct {
  guint revision;      /* the new revision's number */
  guint n_claims;
  guint n_exact;       /* where the edits put them, confidence 1 */
  guint n_moved;       /* the same quote found elsewhere */
  guint n_changed;     /* the quote itself changed: placed on the new wording */
  guint n_flagged;     /* to be confirmed by a person (moved or changed) */
  guint n_orphaned;    /* unplaced: kept with their old quote */
  guint n_reopened;    /* approved claims sent back to Needs review */
} FmRevisionSummary;

/* Imports @article. When it is a new version of an article already in the
 * workspace — @version_of (an article id) when given, else the article
 * with the same canonical URL — its text becomes that article's new
 * revision: the old text is kept and every claim is moved onto the new
 * text, in one transaction (see fm_store_revise_article()). Otherwise
 * it behaves as fm_store_add_article(). @addition and @summary are
 * optional. */
FmArticle  *fm_store_import_article        (FmStore            *self,
                                            FmArticle          *article,
                                            const char         *version_of,
                                            FmArticleAddition  *addition,
                                            FmRevisionSummary  *summary,
                                            GError            **error);
/* Makes the text and metadata of @revision the new revision of the
 * article @article_id. Each claim is found again in the new text
 * (fm-anchor): placed with a confidence, flagged for confirmation, or
 * kept as an orphan with its old quote; approved claims whose quoted text
 * changed go back to Needs review; every move is in the claims' history.
 * The same text as the current one changes nothing (summary->revision is
 * then the current number). Emits ::article-revised, then ::claim-changed
 * ("anchor") for each claim. */
FmArticle  *fm_store_revise_article        (FmStore            *self,
                                            const char         *article_id,
                                            FmArticle          *revision,
                                            FmRevisionSummary  *summary,
                                            GError            **error);
/* Every revision of the article, oldest first; the last is the current one */
GPtrArray  *fm_store_list_revisions        (FmStore            *self,
                                            const char         *article_id,
                                            GError            **error);
/* The text of revision @number */
char       *fm_store_get_revision_text     (FmStore            *self,
                                            const char         *article_id,
                                            guint               number,
                                            GError            **error);
/* The current revision's number (0 on error); *revised_at receives when
 * it replaced the one before, or NULL when the article never changed:
 * what a report needs to say "the article changed on DATE". */
guint       fm_store_get_article_revision  (FmStore            *self,
                                            const char         *article_id,
                                            char              **revised_at,
                                            GError            **error);
/* The word diff (GArray of FmDiffOp, fm-diff.h) from revision @from to
 * revision @to of the article */
GArray     *fm_store_diff_revisions        (FmStore            *self,
                                            const char         *article_id,
                                            guint               from,
                                            guint               to,
                                            GError            **error);

/* The article's claims in one anchor state, in text order: the flagged
 * ones to confirm, the orphans for an "Unplaced claims" list */
GPtrArray  *fm_store_list_claims_by_anchor (FmStore            *self,
                                            const char         *article_id,
                                            FmAnchorState       state,
                                            GError            **error);
/* A person confirms that a flagged claim sits on the right text */
gboolean    fm_store_confirm_claim_anchor  (FmStore            *self,
                                            FmClaim            *claim,
                                            GError            **error);
/* Puts a claim (flagged, orphan, or any) on characters [start, end) of its
 * article's current text, taking its quote selector from there. An
 * approved claim whose quoted text changes goes back to Needs review. */
gboolean    fm_store_place_claim           (FmStore            *self,
                                            FmClaim            *claim,
                                            guint               start,
                                            guint               end,
                                            GError            **error);

/* Suggestions are keyed by their sentence (white space collapsed), so a
 * dismissal survives a revision that leaves the sentence as it was */
gboolean    fm_store_dismiss_suggestion    (FmStore            *self,
                                            const char         *article_id,
                                            const char         *sentence,
                                            GError            **error);
gboolean    fm_store_undismiss_suggestion  (FmStore            *self,
                                            const char         *article_id,
                                            const char         *sentence,
                                            GError            **error);
/* The dismissed sentences of the article (white space collapsed), as a set */
GHashTable *fm_store_list_dismissed_suggestions (FmStore       *self,
                                            const char         *article_id,
                                            GError            **error);
/* A suggestion accepted: a claim on [start, end), with the reasons it was
 * suggested recorded in its history */
FmClaim    *fm_store_accept_suggestion     (FmStore            *self,
                                            const char         *article_id,
                                            guint               start,
                                            guint               end,
                                            const char         *reasons,
                                            GError            **error);
/* Inserting many claims at once */

/* fm_store_insert_claim() for many claims, in one transaction: either all
 * are stored or none. @sources has one GPtrArray of FmSource (or NULL) per
 * claim, or is NULL. Returns the stored claims, in the order given. */
GPtrArray  *fm_store_insert_claims         (FmStore       *self,
                                            GPtrArray     *claims,
                                            GPtrArray     *sources,
                                            GError       **error);

/* Sources of a whole article */

/* The sources of every claim of the article, in one query: claim id →
 * GPtrArray of FmSource in their order (claims without sources are not
 * in the table) */
GHashTable *fm_store_list_article_sources  (FmStore       *self,
                                            const char    *article_id,
                                            GError       **error);
/* Limits, for the fault tests: a workspace capped at a number of database
 * pages (PRAGMA max_page_count) behaves as on a full disk. The cap holds
 * for this connection only and is never below the pages in use; 0 lifts
 * it. Returns the cap now in force. */
guint64     fm_store_get_page_count        (FmStore       *self);
guint64     fm_store_set_page_limit        (FmStore       *self,
                                            guint64        max_pages);

/* Sync (issue 11): the store's side of sharing a workspace through a folder.
 *
 * Every committed transaction is recorded, in the same transaction, as one
 * FmSyncOp of this workspace (fm_store_sync_get_outbox()). FmSync (fm-sync.h)
 * carries ops through the shared folder; fm_store_sync_apply() merges others'
 * ops by the rules described in README.md ("Sharing a workspace"). */

/* One transaction of one workspace, as recorded and as sent */
typedef struct {
  char     *workspace_id;
  guint64   seq;            /* 1, 2, 3… in the order the workspace committed them */
  gint64    stamp;          /* recorded time: µs since 1970 (UTC); never goes back */
  char     *actor;
  GVariant *deps;           /* a{st}: the last op applied from each other workspace */
  GBytes   *changeset;      /* an SQLite session changeset */
} FmSyncOp;

GType     fm_sync_op_get_type (void) G_GNUC_CONST;
FmSyncOp *fm_sync_op_copy     (const FmSyncOp *op);
void      fm_sync_op_free     (FmSyncOp       *op);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FmSyncOp, fm_sync_op_free)

/* The shared tables' layout, to check ops off the main thread */
typedef struct _FmSyncSchema FmSyncSchema;

GType         fm_sync_schema_get_type (void) G_GNUC_CONST;
FmSyncSchema *fm_sync_schema_ref      (FmSyncSchema *schema);
void          fm_sync_schema_unref    (FmSyncSchema *schema);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FmSyncSchema, fm_sync_schema_unref)
/* Checks an op completely (metadata and every byte of its changeset)
 * against the layout: FALSE with FM_STORE_ERROR_INVALID for anything
 * damaged or foreign. Thread-safe. */
gboolean      fm_sync_schema_check_op (FmSyncSchema   *schema,
                                       const FmSyncOp *op,
                                       GError        **error);

typedef struct {
  guint n_applied;          /* ops applied */
  guint n_conflicts;        /* conflicts found (see fm_store_sync_list_conflicts()) */
} FmSyncApplyStats;

FmSyncSchema *fm_store_sync_get_schema     (FmStore       *self);
/* The last op this workspace recorded (0: none) */
guint64     fm_store_sync_get_last_seq     (FmStore       *self,
                                            GError       **error);
/* This workspace's ops after @after_seq, oldest first; stops after the op
 * that passes @max_bytes of changesets (0: no limit), but returns at least one */
GPtrArray  *fm_store_sync_get_outbox       (FmStore       *self,
                                            guint64        after_seq,
                                            gsize          max_bytes,
                                            GError       **error);
/* Other workspace id → the last of its ops applied here (guint64 *) */
GHashTable *fm_store_sync_get_applied      (FmStore       *self,
                                            GError       **error);
/* Applies others' ops, in the order given, in one transaction. Each op
 * must be the next one of its workspace and come after every op it had
 * seen (its deps); otherwise nothing is applied. Emits the usual
 * claim/article/source signals after the commit. */
gboolean    fm_store_sync_apply            (FmStore       *self,
                                            GPtrArray     *ops,
                                            FmSyncApplyStats *stats,
                                            GError       **error);
/* The names of the sync files this workspace wrote: a file under its id
 * that it did not write comes from a copy of the workspace file */
GHashTable *fm_store_sync_get_sent_files   (FmStore       *self,
                                            GError       **error);
gboolean    fm_store_sync_add_sent_file    (FmStore       *self,
                                            const char    *name,
                                            GError       **error);
/* Conflicts found while applying, newest first (FmSyncConflict) */
GPtrArray  *fm_store_sync_list_conflicts   (FmStore       *self,
                                            gboolean       include_reviewed,
                                            GError       **error);
guint       fm_store_sync_count_conflicts  (FmStore       *self,
                                            GError       **error);
gboolean    fm_store_sync_set_conflict_reviewed (FmStore  *self,
                                            const char    *conflict_id,
                                            gboolean       reviewed,
                                            GError       **error);
/* When this workspace last completed a sync with @folder_uri (ISO 8601,
 * UTC), or NULL */
char       *fm_store_sync_get_last_sync    (FmStore       *self,
                                            const char    *folder_uri);
gboolean    fm_store_sync_set_last_sync    (FmStore       *self,
                                            const char    *folder_uri,
                                            const char    *at,
                                            GError       **error);
/* Every shared row in a canonical text form: two workspaces hold the same
 * content exactly when their dumps are equal */
char       *fm_store_sync_dump             (FmStore       *self,
                                            GError       **error);
/* Foreign keys and full-text indexes are consistent with the tables */
gboolean    fm_store_sync_verify           (FmStore       *self,
                                            GError       **error);

/* Importing claims */

/* fm_store_insert_claims() for claims that come from elsewhere (an
 * annotation file): each claim's history records the import (an "imported"
 * entry), then its values (summary, verdict,
 * explanation, tags, assignee, review comment, status, sources) as changes
 * from their defaults, so that the history says where they came from. */
GPtrArray  *fm_store_import_claims         (FmStore       *self,
                                            GPtrArray     *claims,
                                            GPtrArray     *sources,
                                            GError       **error);

/* A search's keys and counts */

/* fm_store_query_claim_keys() and fm_store_count_query_by_status() at
 * once: for a search, one full-text query rather than two */
gboolean    fm_store_query_claim_keys_and_counts (FmStore             *self,
                                                  const FmClaimQuery  *query,
                                                  GArray             **keys,
                                                  guint               *counts,
                                                  GError             **error);

G_END_DECLS
