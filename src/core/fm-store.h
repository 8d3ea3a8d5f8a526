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
} FmStoreError;

/* The schema version this build writes (PRAGMA user_version) */
#define FM_STORE_SCHEMA_VERSION 2

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

/* Limits, for the fault tests: a workspace capped at a number of database
 * pages (PRAGMA max_page_count) behaves as on a full disk. The cap holds
 * for this connection only and is never below the pages in use; 0 lifts
 * it. Returns the cap now in force. */
guint64     fm_store_get_page_count        (FmStore       *self);
guint64     fm_store_set_page_limit        (FmStore       *self,
                                            guint64        max_pages);

G_END_DECLS
