/* fm-store.c — the workspace: one SQLite file, the only code that calls SQLite
 *
 * Every change is one IMMEDIATE transaction, committed before the function
 * returns (WAL with synchronous=FULL: a commit survives a power cut). The
 * store keeps one live object per article, claim and source that someone
 * holds (an identity map of weak references), updates it after each commit
 * and then emits a signal, so every view sees the same objects change.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
/* The session extension (sync): Debian's libsqlite3 is built with both */
#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "fm-anchor.h"
#include "fm-diff.h"
#include "fm-store.h"
#include "fm-store-schema.h"
#include "fm-sync-conflict.h"
#include "fm-util.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

#define DEFAULT_BUSY_TIMEOUT_MS 5000

/* Tags are joined with the unit separator, which a tag cannot contain */
#define TAG_SEPARATOR "\x1f"

typedef struct
{
  GHashTable  *table;                   /* id → weak object */
  const char *(*get_id) (gpointer object);
} LiveMap;

struct _FmStore
{
  GObject     parent_instance;

  sqlite3    *db;
  char       *path;
  char       *workspace_id;
  char       *actor;
  GHashTable *statements;               /* SQL → sqlite3_stmt, reused */
  LiveMap     articles;
  LiveMap     claims;
  LiveMap     sources;
  guint       read_only : 1;
  guint       in_transaction : 1;

  /* Sync (see "Sync" at the end of this file) */
  sqlite3_session *session;             /* records the open transaction */
  FmSyncSchema *sync_schema;            /* the shared tables' layout, once read */
  guint       capture : 1;              /* record every transaction in sync_outbox */
  guint       sync_applying : 1;        /* applying others' changes: not ours to record */
};

G_DEFINE_FINAL_TYPE (FmStore, fm_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_READ_ONLY,
  PROP_ACTOR,
  N_PROPS
};

enum {
  ARTICLE_ADDED,
  ARTICLE_CHANGED,
  CLAIM_ADDED,
  CLAIM_CHANGED,
  CLAIM_REMOVED,
  SOURCES_CHANGED,
  ARTICLE_REVISED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *claim_columns =
  "c.id, c.article_id, c.start_offset, c.end_offset, c.quote, c.prefix, c.suffix, c.summary, "
  "c.verdict, c.status, c.explanation, c.assignee, c.review_comment, c.reviewed_by, "
  "c.reviewed_at, c.created_by, c.created_at, c.updated_by, c.updated_at, "
  "(SELECT group_concat (tag, char (31)) FROM claim_tags t WHERE t.claim_id = c.id), "
  "(SELECT count (*) FROM sources s WHERE s.claim_id = c.id), "
  "c.anchor, c.anchor_confidence";
/* Columns of claim_columns: a query that selects more reads them from here */
#define N_CLAIM_COLUMNS 23

#define SOURCE_COLUMNS \
  "id, claim_id, position, url, title, publisher, author, published, accessed, archive_url, " \
  "stance, kind, note, created_by, created_at"

G_DEFINE_QUARK (fm-store-error-quark, fm_store_error)
G_DEFINE_BOXED_TYPE (FmHistoryEntry, fm_history_entry, fm_history_entry_copy, fm_history_entry_free)

static GQuark text_loaded_quark;

FmHistoryEntry *
fm_history_entry_copy (const FmHistoryEntry *entry)
{
  FmHistoryEntry *copy = g_new0 (FmHistoryEntry, 1);

  copy->id = g_strdup (entry->id);
  copy->claim_id = g_strdup (entry->claim_id);
  copy->article_id = g_strdup (entry->article_id);
  copy->at = g_strdup (entry->at);
  copy->actor = g_strdup (entry->actor);
  copy->field = g_strdup (entry->field);
  copy->old_value = g_strdup (entry->old_value);
  copy->new_value = g_strdup (entry->new_value);
  return copy;
}

void
fm_history_entry_free (FmHistoryEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->id);
  g_free (entry->claim_id);
  g_free (entry->article_id);
  g_free (entry->at);
  g_free (entry->actor);
  g_free (entry->field);
  g_free (entry->old_value);
  g_free (entry->new_value);
  g_free (entry);
}

const char *
fm_claim_field_to_id (FmClaimField field)
{
  switch (field)
    {
    case FM_CLAIM_FIELD_SUMMARY:        return "summary";
    case FM_CLAIM_FIELD_VERDICT:        return "verdict";
    case FM_CLAIM_FIELD_STATUS:         return "status";
    case FM_CLAIM_FIELD_EXPLANATION:    return "explanation";
    case FM_CLAIM_FIELD_ASSIGNEE:       return "assignee";
    case FM_CLAIM_FIELD_TAGS:           return "tags";
    case FM_CLAIM_FIELD_REVIEW_COMMENT: return "review-comment";
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Live objects */

static void
live_map_weak_notify (gpointer  data,
                      GObject  *where_the_object_was)
{
  LiveMap *map = data;

  /* Weak notifies run in dispose, before the object's fields are freed */
  g_hash_table_remove (map->table, map->get_id (where_the_object_was));
}

static void
live_map_init (LiveMap      *map,
               const char *(*get_id) (gpointer object))
{
  map->table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  map->get_id = get_id;
}

static void
live_map_clear (LiveMap *map)
{
  GHashTableIter iter;
  gpointer value;

  if (map->table == NULL)
    return;
  g_hash_table_iter_init (&iter, map->table);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_object_weak_unref (value, live_map_weak_notify, map);
  g_clear_pointer (&map->table, g_hash_table_unref);
}

static gpointer
live_map_lookup (LiveMap    *map,
                 const char *id)
{
  return id ? g_hash_table_lookup (map->table, id) : NULL;
}

static void
live_map_add (LiveMap  *map,
              gpointer  object)
{
  const char *id = map->get_id (object);

  g_assert (id != NULL);
  g_assert (g_hash_table_lookup (map->table, id) == NULL);

  g_hash_table_insert (map->table, g_strdup (id), object);
  g_object_weak_ref (object, live_map_weak_notify, map);
}

static void
live_map_forget (LiveMap  *map,
                 gpointer  object)
{
  if (object == NULL || g_hash_table_lookup (map->table, map->get_id (object)) != object)
    return;
  g_object_weak_unref (object, live_map_weak_notify, map);
  g_hash_table_remove (map->table, map->get_id (object));
}

/* Errors */

static gboolean
set_error (FmStore     *self,
           GError     **error,
           int          rc,
           const char  *doing)
{
  int primary = rc & 0xff;
  const char *detail = self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);

  /* SQLite says SQLITE_FULL only for ENOSPC on a write. A quota (EDQUOT)
   * or a file size limit (EFBIG) comes back as SQLITE_IOERR_WRITE, and the
   * errno is often gone by then (sqlite3_system_errno() says 0): a write
   * that failed is reported as what it most likely is, a full disk. */
  if (primary == SQLITE_IOERR && self->db != NULL)
    {
      int sys = sqlite3_system_errno (self->db);

      if (sys == ENOSPC || sys == EFBIG || sys == EDQUOT)
        primary = SQLITE_FULL;
      else if (rc == SQLITE_IOERR_WRITE)
        {
          g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_FULL,
                       _("The change could not be written to the disk (it may be full, or "
                         "over its quota): it was not saved"));
          return FALSE;
        }
    }

  switch (primary)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_BUSY,
                   _("The workspace is in use by another program and stayed locked; try again when it is closed"));
      break;
    case SQLITE_FULL:
      g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_FULL,
                   _("The disk is full: the change was not saved"));
      break;
    case SQLITE_READONLY:
      g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_READ_ONLY,
                   _("The workspace is read-only: the change was not saved"));
      break;
    case SQLITE_NOTADB:
      g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_NOT_A_WORKSPACE,
                   _("The file is not a Factmark workspace (not a database)"));
      break;
    case SQLITE_CORRUPT:
      g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_CORRUPT,
                   _("The workspace file is damaged (%s)"), detail);
      break;
    case SQLITE_CONSTRAINT:
      g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INVALID,
                   _("%s: not allowed by the workspace (%s)"), doing, detail);
      break;
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_IOERR:
    default:
      g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_FAILED,
                   "%s: %s", doing, detail);
      break;
    }
  return FALSE;
}

static gboolean
check_writable (FmStore  *self,
                GError  **error)
{
  if (self->read_only)
    {
      g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_READ_ONLY,
                   _("The workspace is open read-only: changes are disabled"));
      return FALSE;
    }
  return TRUE;
}

/* Statements */

static sqlite3_stmt *
prepare (FmStore     *self,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_error (self, error, rc, _("Could not read the workspace"));
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

/* A statement of its own, for SQL that is built per query */
static sqlite3_stmt *
prepare_once (FmStore     *self,
              const char  *sql,
              GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      set_error (self, error, rc, _("Could not read the workspace"));
      return NULL;
    }
  return stmt;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           index)
{
  return (const char *)sqlite3_column_text (stmt, index);
}

/* Runs a statement that returns no rows; resets it afterwards */
static gboolean
step_done (FmStore       *self,
           sqlite3_stmt  *stmt,
           const char    *doing,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return set_error (self, error, rc, doing);
  return TRUE;
}

static gboolean
exec (FmStore     *self,
      const char  *sql,
      const char  *doing,
      GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return set_error (self, error, rc, doing);
  return TRUE;
}

/* Sync hooks, defined with the rest of sync at the end of this file */
static gboolean sync_capture_begin   (FmStore  *self,
                                      GError  **error);
static gboolean sync_capture_commit  (FmStore  *self,
                                      GError  **error);
static void     sync_capture_discard (FmStore  *self);
static gboolean sync_record_baseline (FmStore  *self,
                                      GError  **error);
static void     rollback             (FmStore  *self);

/* Transactions */

static gboolean
begin (FmStore  *self,
       GError  **error)
{
  g_assert (!self->in_transaction);

  if (!check_writable (self, error))
    return FALSE;
  if (!exec (self, "BEGIN IMMEDIATE", _("Could not start a change"), error))
    return FALSE;
  self->in_transaction = TRUE;
  if (!sync_capture_begin (self, error))
    {
      rollback (self);
      return FALSE;
    }
  return TRUE;
}

static gboolean
commit (FmStore  *self,
        GError  **error)
{
  int rc;

  g_assert (self->in_transaction);

  /* The change and its record for sync are committed together or not at all */
  if (!sync_capture_commit (self, error))
    {
      rollback (self);
      return FALSE;
    }

  rc = sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      set_error (self, error, rc, _("Could not save the change"));
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      self->in_transaction = FALSE;
      return FALSE;
    }
  self->in_transaction = FALSE;
  return TRUE;
}

static void
rollback (FmStore *self)
{
  sync_capture_discard (self);
  if (!self->in_transaction)
    return;
  /* Fails harmlessly when SQLite already rolled back (e.g. SQLITE_FULL) */
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  self->in_transaction = FALSE;
}

/* GObject */

static void
fm_store_dispose (GObject *object)
{
  FmStore *self = (FmStore *)object;

  live_map_clear (&self->articles);
  live_map_clear (&self->claims);
  live_map_clear (&self->sources);

  G_OBJECT_CLASS (fm_store_parent_class)->dispose (object);
}

static void
fm_store_finalize (GObject *object)
{
  FmStore *self = (FmStore *)object;

  /* Statements and the session must be finalised before the connection closes */
  g_clear_pointer (&self->statements, g_hash_table_unref);
  sync_capture_discard (self);
  g_clear_pointer (&self->sync_schema, fm_sync_schema_unref);
  if (self->db != NULL)
    {
      rollback (self);
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->workspace_id, g_free);
  g_clear_pointer (&self->actor, g_free);

  G_OBJECT_CLASS (fm_store_parent_class)->finalize (object);
}

static void
fm_store_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  FmStore *self = FM_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_READ_ONLY:
      g_value_set_boolean (value, self->read_only);
      break;
    case PROP_ACTOR:
      g_value_set_string (value, self->actor);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fm_store_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  FmStore *self = FM_STORE (object);

  switch (prop_id)
    {
    case PROP_ACTOR:
      fm_store_set_actor (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fm_store_class_init (FmStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fm_store_dispose;
  object_class->finalize = fm_store_finalize;
  object_class->get_property = fm_store_get_property;
  object_class->set_property = fm_store_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTOR] =
    g_param_spec_string ("actor", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FmStore::article-added:
   * A new article was added (not emitted when an import found an existing one).
   */
  signals[ARTICLE_ADDED] =
    g_signal_new ("article-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, FM_TYPE_ARTICLE);
  /**
   * FmStore::article-changed:
   * The article's claims changed in a way that can change its counts.
   */
  signals[ARTICLE_CHANGED] =
    g_signal_new ("article-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[CLAIM_ADDED] =
    g_signal_new ("claim-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, FM_TYPE_CLAIM);
  /**
   * FmStore::claim-changed:
   * @claim: the live claim, already holding its new values
   * @field: the history name of what changed ("verdict", "sources", …)
   */
  signals[CLAIM_CHANGED] =
    g_signal_new ("claim-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, FM_TYPE_CLAIM, G_TYPE_STRING);
  signals[CLAIM_REMOVED] =
    g_signal_new ("claim-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, FM_TYPE_CLAIM);
  /**
   * FmStore::sources-changed:
   * @claim_id: the claim whose sources were added, edited or removed
   */
  signals[SOURCES_CHANGED] =
    g_signal_new ("sources-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * FmStore::article-revised:
   * @article: the live article, already holding its new text
   * @revision: the new revision's number
   * The article got a new revision and its claims were moved onto it.
   */
  signals[ARTICLE_REVISED] =
    g_signal_new ("article-revised", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, FM_TYPE_ARTICLE, G_TYPE_UINT);

  text_loaded_quark = g_quark_from_static_string ("fm-store-text-loaded");
}

static void
fm_store_init (FmStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify)sqlite3_finalize);
  live_map_init (&self->articles, (const char *(*) (gpointer))fm_article_get_id);
  live_map_init (&self->claims, (const char *(*) (gpointer))fm_claim_get_id);
  live_map_init (&self->sources, (const char *(*) (gpointer))fm_source_get_id);
  self->actor = g_strdup (fm_default_actor ());
}

/* Opening */

char *
fm_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "factmark", "workspace.db", NULL);
}

static gboolean
create_empty_file (const char  *path,
                   GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the folder %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  /* Fact-checking notes are private: owner only, and SQLite gives the
   * -wal and -shm files the same mode. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 && errno != EEXIST)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create %s: %s"), path, g_strerror (saved));
      return FALSE;
    }
  if (fd >= 0)
    close (fd);
  return TRUE;
}

static gboolean
query_int (FmStore     *self,
           const char  *sql,
           gint64      *value,
           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return set_error (self, error, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc,
                      _("Could not read the workspace"));
  *value = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static gboolean
migrate (FmStore  *self,
         gint64    from,
         GError  **error)
{
  g_autofree char *pragma = NULL;

  if (!begin (self, error))
    return FALSE;

  for (gint64 v = from; v < FM_STORE_SCHEMA_VERSION; v++)
    {
      if (!exec (self, fm_store_migrations[v], _("Could not upgrade the workspace"), error))
        goto fail;
    }

  /* What an older workspace already holds becomes its first change to share */
  if (from > 0 && from < FM_STORE_SYNC_STEP && !sync_record_baseline (self, error))
    goto fail;

  if (from == 0)
    {
      g_autofree char *id = fm_uuid_new ();
      g_autofree char *now = fm_now_iso ();
      sqlite3_stmt *stmt = prepare (self, "INSERT INTO workspace (key, value) VALUES (?, ?)", error);

      if (stmt == NULL)
        goto fail;
      bind_text (stmt, 1, "id");
      bind_text (stmt, 2, id);
      if (!step_done (self, stmt, _("Could not create the workspace"), error))
        goto fail;
      bind_text (stmt, 1, "created-at");
      bind_text (stmt, 2, now);
      if (!step_done (self, stmt, _("Could not create the workspace"), error))
        goto fail;
      if (!exec (self, "PRAGMA application_id = " G_STRINGIFY (FM_STORE_APPLICATION_ID),
                 _("Could not create the workspace"), error))
        goto fail;
    }

  pragma = g_strdup_printf ("PRAGMA user_version = %d", FM_STORE_SCHEMA_VERSION);
  if (!exec (self, pragma, _("Could not upgrade the workspace"), error))
    goto fail;

  return commit (self, error);

fail:
  rollback (self);
  return FALSE;
}

static gboolean
load_workspace_id (FmStore  *self,
                   GError  **error)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT value FROM workspace WHERE key = 'id'", error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_text (stmt, 0) == NULL)
    {
      sqlite3_reset (stmt);
      g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_CORRUPT,
                   _("The workspace file is damaged (it has no id)"));
      return FALSE;
    }
  self->workspace_id = g_strdup (column_text (stmt, 0));
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
open_connection (FmStore     *self,
                 gboolean     read_only,
                 GError     **error)
{
  int flags = SQLITE_OPEN_NOMUTEX | (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE);
  int rc = sqlite3_open_v2 (self->path, &self->db, flags, NULL);

  if (rc != SQLITE_OK)
    {
      set_error (self, error, rc, _("Could not open the workspace"));
      return FALSE;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, DEFAULT_BUSY_TIMEOUT_MS);
  self->read_only = read_only;
  return TRUE;
}

/* Whether Factmark may write to @path. access(2) alone is not enough:
 * it answers yes to root (and to a process with CAP_DAC_OVERRIDE) for
 * every file, so a workspace that was made read-only on purpose (chmod
 * a-w, or a copy from a read-only share) would be written by an
 * administrator. A file or folder that has no write permission bit for
 * anyone is read-only for everyone, root included. */
static gboolean
path_is_writable (const char *path)
{
  GStatBuf st;

  if (g_access (path, W_OK) != 0)
    return FALSE;
  if (g_stat (path, &st) != 0)
    return FALSE;
  return (st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) != 0;
}

/* The header of an SQLite file records how many pages it has (bytes
 * 28–31, trusted when the change counter at 24 equals the one at 92). A
 * file shorter than that lost its end: a copy that stopped half-way, a
 * download cut short. SQLite itself would only notice when it reads a
 * missing page, maybe after changes were made; here it is refused at once.
 * Not while a write-ahead log is beside it: after a crash during a
 * checkpoint the log still holds the pages, and SQLite puts them back. */
static gboolean
check_not_truncated (FmStore  *self,
                     GError  **error)
{
  g_autofree char *wal = g_strconcat (self->path, "-wal", NULL);
  guint8 header[100];
  GStatBuf st;
  guint32 page_size, n_pages;
  ssize_t n;
  int fd;

  if (g_stat (wal, &st) == 0 && st.st_size > 0)
    return TRUE;
  fd = g_open (self->path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return TRUE;                /* SQLite will say why it cannot be opened */
  n = read (fd, header, sizeof header);
  if (n != sizeof header || fstat (fd, &st) != 0 ||
      memcmp (header, "SQLite format 3", 16) != 0 ||
      memcmp (header + 24, header + 92, 4) != 0)
    {
      close (fd);
      return TRUE;              /* not SQLite, or no size recorded: SQLite decides */
    }
  close (fd);

  /* 1 stands for 65536 */
  page_size = header[16] << 8 | header[17];
  if (page_size == 1)
    page_size = 65536;
  n_pages = (guint32)header[28] << 24 | header[29] << 16 | header[30] << 8 | header[31];
  if (n_pages > 0 && (guint64)st.st_size < (guint64)page_size * n_pages)
    {
      /* Numbers of their own: a format macro in a message would hide it from xgettext */
      g_autofree char *have = g_strdup_printf ("%" G_GUINT64_FORMAT, (guint64)st.st_size);
      g_autofree char *want = g_strdup_printf ("%" G_GUINT64_FORMAT, (guint64)page_size * n_pages);

      g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_CORRUPT,
                   _("The workspace file is damaged: it is incomplete (%s bytes of %s), perhaps "
                     "from a copy or download that stopped early. It was left untouched."),
                   have, want);
      return FALSE;
    }
  return TRUE;
}

static gboolean
fm_store_open_internal (FmStore     *self,
                        GError     **error)
{
  gint64 app_id = 0;
  gint64 version = 0;
  gint64 n_tables = 0;
  gboolean read_only;

  if (g_file_test (self->path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_NOT_A_WORKSPACE,
                   _("%s is a folder, not a workspace file"), self->path);
      return FALSE;
    }
  if (!g_file_test (self->path, G_FILE_TEST_EXISTS) && !create_empty_file (self->path, error))
    return FALSE;

  read_only = !path_is_writable (self->path);
  if (!read_only)
    {
      g_autofree char *dir = g_path_get_dirname (self->path);
      /* WAL needs to create files beside the workspace */
      read_only = !path_is_writable (dir);
    }
  if (!check_not_truncated (self, error))
    return FALSE;
  if (!open_connection (self, read_only, error))
    return FALSE;

  /* Reading the header tells a database from anything else */
  if (!query_int (self, "PRAGMA application_id", &app_id, error) ||
      !query_int (self, "PRAGMA user_version", &version, error) ||
      !query_int (self, "SELECT count (*) FROM sqlite_schema", &n_tables, error))
    return FALSE;

  if (app_id != FM_STORE_APPLICATION_ID && !(app_id == 0 && n_tables == 0 && version == 0))
    {
      g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_NOT_A_WORKSPACE,
                   _("%s is a database of another application, not a Factmark workspace"),
                   self->path);
      return FALSE;
    }
  if (version > FM_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_TOO_NEW,
                   _("This workspace was made by a newer version of Factmark (format %d; "
                     "this version reads up to %d). It was left untouched."),
                   (int)version, FM_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  if (!read_only)
    {
      /* WAL lets readers go on while one writer commits; FULL syncs the
       * log at every commit so that an acknowledged change survives a
       * power cut. */
      if (!exec (self, "PRAGMA journal_mode = WAL", _("Could not open the workspace"), error) ||
          !exec (self, "PRAGMA synchronous = FULL", _("Could not open the workspace"), error))
        return FALSE;
    }
  if (!exec (self, "PRAGMA foreign_keys = ON", _("Could not open the workspace"), error))
    return FALSE;

  if (version < FM_STORE_SCHEMA_VERSION)
    {
      if (read_only)
        {
          g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_READ_ONLY,
                       _("This workspace is in an older format and read-only, so it cannot "
                         "be upgraded. Make a writable copy to open it."));
          return FALSE;
        }
      if (!migrate (self, version, error))
        return FALSE;
    }

  /* From here on every transaction is recorded for sync */
  self->capture = !read_only;
  return load_workspace_id (self, error);
}

FmStore *
fm_store_open (const char  *path,
               GError     **error)
{
  g_autoptr(FmStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (FM_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  if (!fm_store_open_internal (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
fm_store_get_path (FmStore *self)
{
  g_return_val_if_fail (FM_IS_STORE (self), NULL);
  return self->path;
}

gboolean
fm_store_is_read_only (FmStore *self)
{
  g_return_val_if_fail (FM_IS_STORE (self), TRUE);
  return self->read_only;
}

const char *
fm_store_get_workspace_id (FmStore *self)
{
  g_return_val_if_fail (FM_IS_STORE (self), NULL);
  return self->workspace_id;
}

const char *
fm_store_get_actor (FmStore *self)
{
  g_return_val_if_fail (FM_IS_STORE (self), NULL);
  return self->actor;
}

void
fm_store_set_actor (FmStore    *self,
                    const char *actor)
{
  g_autofree char *clean = NULL;

  g_return_if_fail (FM_IS_STORE (self));

  clean = fm_collapse_space (actor);
  if (clean == NULL || *clean == '\0')
    {
      g_free (clean);
      clean = g_strdup (fm_default_actor ());
    }
  if (fm_set_str (&self->actor, clean))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTOR]);
}

void
fm_store_set_busy_timeout (FmStore *self,
                           int      msec)
{
  g_return_if_fail (FM_IS_STORE (self));
  sqlite3_busy_timeout (self->db, msec);
}

gboolean
fm_store_check_integrity (FmStore  *self,
                          GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  int rc;

  g_return_val_if_fail (FM_IS_STORE (self), FALSE);

  stmt = prepare_once (self, "PRAGMA integrity_check", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = column_text (stmt, 0);

      if (g_strcmp0 (line, "ok") != 0)
        g_string_append_printf (problems, "%s%s", problems->len ? "; " : "", line);
    }
  if (rc != SQLITE_DONE)
    return set_error (self, error, rc, _("Could not check the workspace"));
  if (problems->len > 0)
    {
      g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_CORRUPT,
                   _("The workspace file is damaged (%s)"), problems->str);
      return FALSE;
    }
  return TRUE;
}

/* Ids */

static gboolean
is_id_prefix (const char *prefix)
{
  if (prefix == NULL || *prefix == '\0')
    return FALSE;
  for (const char *p = prefix; *p; p++)
    if (!g_ascii_isxdigit (*p) && *p != '-')
      return FALSE;
  return strlen (prefix) <= 36;
}

static char *
resolve_id (FmStore     *self,
            const char  *sql,
            const char  *what,
            const char  *prefix,
            GError     **error)
{
  g_autofree char *lower = NULL;
  g_autofree char *upper = NULL;
  g_autofree char *found = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!is_id_prefix (prefix))
    {
      g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_NOT_FOUND,
                   _("“%s” is not an id: ids are made of hexadecimal digits and dashes"),
                   prefix ? prefix : "");
      return NULL;
    }

  stmt = prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  lower = g_ascii_strdown (prefix, -1);
  /* Every id that starts with the prefix sorts between prefix and prefix + 0x7f */
  upper = g_strconcat (lower, "\x7f", NULL);
  bind_text (stmt, 1, lower);
  bind_text (stmt, 2, upper);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (found != NULL)
        {
          sqlite3_reset (stmt);
          g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_AMBIGUOUS,
                       _("More than one %s has an id that starts with “%s”; give more of it"),
                       what, prefix);
          return NULL;
        }
      found = g_strdup (column_text (stmt, 0));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_error (self, error, rc, _("Could not read the workspace"));
      return NULL;
    }
  if (found == NULL)
    {
      g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_NOT_FOUND,
                   _("No %s has an id that starts with “%s”"), what, prefix);
      return NULL;
    }
  return g_steal_pointer (&found);
}

char *
fm_store_resolve_article_id (FmStore     *self,
                             const char  *prefix,
                             GError     **error)
{
  g_return_val_if_fail (FM_IS_STORE (self), NULL);
  return resolve_id (self, "SELECT id FROM articles WHERE id >= ? AND id < ? LIMIT 2",
                     C_("what", "article"), prefix, error);
}

char *
fm_store_resolve_claim_id (FmStore     *self,
                           const char  *prefix,
                           GError     **error)
{
  g_return_val_if_fail (FM_IS_STORE (self), NULL);
  return resolve_id (self, "SELECT id FROM claims WHERE id >= ? AND id < ? LIMIT 2",
                     C_("what", "claim"), prefix, error);
}

/* Articles */

#define ARTICLE_COLUMNS \
  "id, title, byline, site_name, url, canonical_url, published, lang, source_format, " \
  "source_name, imported_at, imported_by, fetched_at"

static FmArticle *
article_from_stmt (FmStore      *self,
                   sqlite3_stmt *stmt,
                   gboolean      with_text)
{
  const char *id = column_text (stmt, 0);
  FmArticle *article = live_map_lookup (&self->articles, id);

  if (article != NULL)
    g_object_ref (article);
  else
    {
      article = fm_article_new ();
      fm_article_set_id (article, id);
      live_map_add (&self->articles, article);
    }

  g_object_freeze_notify (G_OBJECT (article));
  fm_article_set_title (article, column_text (stmt, 1));
  fm_article_set_byline (article, column_text (stmt, 2));
  fm_article_set_site_name (article, column_text (stmt, 3));
  fm_article_set_url (article, column_text (stmt, 4));
  fm_article_set_canonical_url (article, column_text (stmt, 5));
  fm_article_set_published (article, column_text (stmt, 6));
  fm_article_set_lang (article, column_text (stmt, 7));
  fm_article_set_source_format (article, column_text (stmt, 8));
  fm_article_set_source_name (article, column_text (stmt, 9));
  fm_article_set_imported_at (article, column_text (stmt, 10));
  fm_article_set_imported_by (article, column_text (stmt, 11));
  fm_article_set_fetched_at (article, column_text (stmt, 12));
  if (with_text)
    {
      fm_article_set_text (article, column_text (stmt, 13));
      g_object_set_qdata (G_OBJECT (article), text_loaded_quark, GINT_TO_POINTER (TRUE));
    }
  g_object_thaw_notify (G_OBJECT (article));

  return article;
}

FmArticle *
fm_store_get_article (FmStore     *self,
                      const char  *id,
                      GError     **error)
{
  FmArticle *live;
  sqlite3_stmt *stmt;
  FmArticle *article;
  int rc;

  g_return_val_if_fail (FM_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  /* A live article with its text is current: a new revision reloads it */
  live = live_map_lookup (&self->articles, id);
  if (live != NULL && g_object_get_qdata (G_OBJECT (live), text_loaded_quark))
    return g_object_ref (live);

  stmt = prepare (self, "SELECT " ARTICLE_COLUMNS ", text FROM articles WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_NOT_FOUND,
                     _("There is no article with the id %s"), id);
      else
        set_error (self, error, rc, _("Could not read the article"));
      return NULL;
    }
  article = article_from_stmt (self, stmt, TRUE);
  sqlite3_reset (stmt);
  return article;
}

GPtrArray *
fm_store_list_articles (FmStore  *self,
                        GError  **error)
{
  g_autoptr(GPtrArray) articles = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (FM_IS_STORE (self), NULL);

  stmt = prepare (self, "SELECT " ARTICLE_COLUMNS " FROM articles "
                        "ORDER BY imported_at DESC, rowid DESC", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (articles, article_from_stmt (self, stmt, FALSE));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_error (self, error, rc, _("Could not read the articles"));
      return NULL;
    }
  return g_steal_pointer (&articles);
}

GBytes *
fm_store_get_article_original (FmStore     *self,
                               const char  *id,
                               GError     **error)
{
  sqlite3_stmt *stmt;
  GBytes *bytes = NULL;
  int rc;

  g_return_val_if_fail (FM_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  stmt = prepare (self, "SELECT bytes FROM article_originals WHERE article_id = ?", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    bytes = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  else if (rc == SQLITE_DONE)
    g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_NOT_FOUND,
                 _("The article %s has no original kept"), id);
  else
    set_error (self, error, rc, _("Could not read the article"));
  sqlite3_reset (stmt);
  return bytes;
}

static char *
find_article_by_sha (FmStore     *self,
                     const char  *sha,
                     GError     **error)
{
  /* An earlier revision's text finds its article too */
  sqlite3_stmt *stmt = prepare (self, "SELECT id FROM articles WHERE text_sha256 = ?1 "
                                      "UNION ALL SELECT article_id FROM article_revisions "
                                      "WHERE text_sha256 = ?1 LIMIT 1", error);
  char *id = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, sha);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = g_strdup (column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    set_error (self, error, rc, _("Could not read the workspace"));
  sqlite3_reset (stmt);
  return id;
}

FmArticle *
fm_store_add_article (FmStore    *self,
                      FmArticle  *article,
                      gboolean   *existed,
                      GError    **error)
{
  g_autofree char *id = NULL;
  g_autofree char *now = NULL;
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  GBytes *original;
  FmArticle *stored;

  g_return_val_if_fail (FM_IS_STORE (self), NULL);
  g_return_val_if_fail (FM_IS_ARTICLE (article), NULL);

  if (existed)
    *existed = FALSE;

  if (fm_article_get_length (article) == 0)
    {
      g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INVALID,
                   _("The article has no text"));
      return NULL;
    }

  /* Opening the same text again reopens it: no transaction needed to look */
  id = find_article_by_sha (self, fm_article_get_text_sha256 (article), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (id != NULL)
    {
      if (existed)
        *existed = TRUE;
      return fm_store_get_article (self, id, error);
    }

  if (!begin (self, error))
    return NULL;

  /* Another process may have added it since we looked */
  id = find_article_by_sha (self, fm_article_get_text_sha256 (article), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      goto fail;
    }
  if (id != NULL)
    {
      rollback (self);
      if (existed)
        *existed = TRUE;
      return fm_store_get_article (self, id, error);
    }

  id = fm_article_get_id (article) ? g_strdup (fm_article_get_id (article)) : fm_uuid_new ();
  now = fm_now_iso ();

  stmt = prepare (self,
                  "INSERT INTO articles (id, title, byline, site_name, url, canonical_url, "
                  "published, lang, source_format, source_name, imported_at, imported_by, "
                  "fetched_at, length, text_sha256, text) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, 1, id);
  bind_text (stmt, 2, fm_article_get_title (article));
  bind_text (stmt, 3, fm_article_get_byline (article));
  bind_text (stmt, 4, fm_article_get_site_name (article));
  bind_text (stmt, 5, fm_article_get_url (article));
  bind_text (stmt, 6, fm_article_get_canonical_url (article));
  bind_text (stmt, 7, fm_article_get_published (article));
  bind_text (stmt, 8, fm_article_get_lang (article));
  bind_text (stmt, 9, fm_article_get_source_format (article) ?
                        fm_article_get_source_format (article) : "text");
  bind_text (stmt, 10, fm_article_get_source_name (article));
  bind_text (stmt, 11, fm_article_get_imported_at (article) ?
                         fm_article_get_imported_at (article) : now);
  bind_text (stmt, 12, fm_article_get_imported_by (article) ?
                         fm_article_get_imported_by (article) : self->actor);
  bind_text (stmt, 13, fm_article_get_fetched_at (article));
  sqlite3_bind_int64 (stmt, 14, fm_article_get_length (article));
  bind_text (stmt, 15, fm_article_get_text_sha256 (article));
  bind_text (stmt, 16, fm_article_get_text (article));
  if (!step_done (self, stmt, _("Could not add the article"), error))
    goto fail;

  original = fm_article_get_original (article);
  if (original != NULL)
    {
      gsize size;
      gconstpointer data = g_bytes_get_data (original, &size);

      stmt = prepare (self, "INSERT INTO article_originals (article_id, bytes) VALUES (?, ?)",
                      error);
      if (stmt == NULL)
        goto fail;
      bind_text (stmt, 1, id);
      sqlite3_bind_blob64 (stmt, 2, data ? data : "", size, SQLITE_TRANSIENT);
      if (!step_done (self, stmt, _("Could not add the article"), error))
        goto fail;
    }

  if (!commit (self, error))
    return NULL;

  stored = fm_store_get_article (self, id, error);
  if (stored != NULL)
    g_signal_emit (self, signals[ARTICLE_ADDED], 0, stored);
  return stored;

fail:
  rollback (self);
  return NULL;
}

gboolean
fm_store_count_claims (FmStore     *self,
                       const char  *article_id,
                       guint       *counts,
                       GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (FM_IS_STORE (self), FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);

  memset (counts, 0, sizeof (guint) * FM_N_STATUSES);
  if (article_id != NULL)
    {
      stmt = prepare (self, "SELECT status, count (*) FROM claims WHERE article_id = ? "
                            "GROUP BY status", error);
      if (stmt != NULL)
        bind_text (stmt, 1, article_id);
    }
  else
    stmt = prepare (self, "SELECT status, count (*) FROM claims GROUP BY status", error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FmStatus status;

      if (fm_status_from_id (column_text (stmt, 0), &status))
        counts[status] = sqlite3_column_int (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_error (self, error, rc, _("Could not count the claims"));
  return TRUE;
}

GHashTable *
fm_store_count_claims_by_article (FmStore  *self,
                                  GError  **error)
{
  g_autoptr(GHashTable) table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (FM_IS_STORE (self), NULL);

  stmt = prepare (self, "SELECT article_id, status, count (*) FROM claims "
                        "GROUP BY article_id, status", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *article_id = column_text (stmt, 0);
      guint *counts = g_hash_table_lookup (table, article_id);
      FmStatus status;

      if (counts == NULL)
        {
          counts = g_new0 (guint, FM_N_STATUSES);
          g_hash_table_insert (table, g_strdup (article_id), counts);
        }
      if (fm_status_from_id (column_text (stmt, 1), &status))
        counts[status] = sqlite3_column_int (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_error (self, error, rc, _("Could not count the claims"));
      return NULL;
    }
  return g_steal_pointer (&table);
}

/* Claims */

static void
claim_fill_from_stmt (FmClaim      *claim,
                      sqlite3_stmt *stmt)
{
  g_auto(GStrv) tags = NULL;
  FmVerdict verdict = FM_VERDICT_UNRATED;
  FmStatus status = FM_STATUS_UNCHECKED;
  const char *tag_list = column_text (stmt, 19);

  fm_verdict_from_id (column_text (stmt, 8), &verdict);
  fm_status_from_id (column_text (stmt, 9), &status);
  tags = tag_list ? g_strsplit (tag_list, TAG_SEPARATOR, -1) : g_new0 (char *, 1);

  g_object_freeze_notify (G_OBJECT (claim));
  fm_claim_set_id (claim, column_text (stmt, 0));
  fm_claim_set_article_id (claim, column_text (stmt, 1));
  fm_claim_set_span (claim, sqlite3_column_int (stmt, 2), sqlite3_column_int (stmt, 3));
  fm_claim_set_selector (claim, column_text (stmt, 4), column_text (stmt, 5),
                         column_text (stmt, 6));
  fm_claim_set_summary (claim, column_text (stmt, 7));
  fm_claim_set_verdict (claim, verdict);
  fm_claim_set_status (claim, status);
  fm_claim_set_explanation (claim, column_text (stmt, 10));
  fm_claim_set_assignee (claim, column_text (stmt, 11));
  fm_claim_set_review_comment (claim, column_text (stmt, 12));
  fm_claim_set_reviewed (claim, column_text (stmt, 13), column_text (stmt, 14));
  fm_claim_set_created (claim, column_text (stmt, 15), column_text (stmt, 16));
  fm_claim_set_updated (claim, column_text (stmt, 17), column_text (stmt, 18));
  fm_claim_set_tags (claim, (const char * const *)tags);
  fm_claim_set_n_sources (claim, sqlite3_column_int (stmt, 20));
  {
    FmAnchorState anchor = FM_ANCHOR_STATE_PLACED;

    fm_anchor_state_from_id (column_text (stmt, 21), &anchor);
    fm_claim_set_anchor (claim, anchor, sqlite3_column_double (stmt, 22));
  }
  g_object_thaw_notify (G_OBJECT (claim));
}

static FmClaim *
claim_from_stmt (FmStore      *self,
                 sqlite3_stmt *stmt)
{
  FmClaim *claim = live_map_lookup (&self->claims, column_text (stmt, 0));

  if (claim != NULL)
    {
      g_object_ref (claim);
      claim_fill_from_stmt (claim, stmt);
    }
  else
    {
      claim = fm_claim_new ();
      claim_fill_from_stmt (claim, stmt);
      live_map_add (&self->claims, claim);
    }
  return claim;
}

/* Reads the claim's row into the live object (making one if none is
 * alive) and returns it, with a reference. */
static FmClaim *
load_claim (FmStore     *self,
            const char  *id,
            GError     **error)
{
  g_autofree char *sql = g_strconcat ("SELECT ", claim_columns, " FROM claims c WHERE c.id = ?",
                                      NULL);
  sqlite3_stmt *stmt = prepare (self, sql, error);
  FmClaim *claim = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    claim = claim_from_stmt (self, stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_NOT_FOUND,
                 _("There is no claim with the id %s"), id);
  else
    set_error (self, error, rc, _("Could not read the claim"));
  sqlite3_reset (stmt);
  return claim;
}

FmClaim *
fm_store_get_claim (FmStore     *self,
                    const char  *id,
                    GError     **error)
{
  g_return_val_if_fail (FM_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return load_claim (self, id, error);
}

static GPtrArray *
collect_claims (FmStore       *self,
                sqlite3_stmt  *stmt,
                GError       **error)
{
  g_autoptr(GPtrArray) claims = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (claims, claim_from_stmt (self, stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_error (self, error, rc, _("Could not read the claims"));
      return NULL;
    }
  return g_steal_pointer (&claims);
}

GPtrArray *
fm_store_list_claims (FmStore     *self,
                      const char  *article_id,
                      GError     **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (FM_IS_STORE (self), NULL);
  g_return_val_if_fail (article_id != NULL, NULL);

  sql = g_strconcat ("SELECT ", claim_columns, " FROM claims c WHERE c.article_id = ? "
                     "ORDER BY c.start_offset, c.end_offset DESC, c.id", NULL);
  stmt = prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, article_id);
  return collect_claims (self, stmt, error);
}

/* Turns what a person typed into an FTS5 query: every word a quoted
 * prefix term, so that no input is read as query syntax. */
static char *
fts_query (const char *search)
{
  g_autoptr(GString) query = g_string_new (NULL);
  g_autofree char *folded = fm_collapse_space (search);
  g_auto(GStrv) words = g_strsplit (folded, " ", -1);

  for (guint i = 0; words[i] != NULL; i++)
    {
      GString *word = g_string_new (NULL);

      for (const char *p = words[i]; *p; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          /* Only letters and digits make FTS tokens; the rest separates them */
          if (g_unichar_isalnum (c) || g_unichar_ismark (c))
            g_string_append_unichar (word, c);
          else if (word->len > 0)
            g_string_append_c (word, ' ');
        }
      g_strstrip (word->str);
      word->len = strlen (word->str);
      if (word->len > 0)
        g_string_append_printf (query, "%s\"%s\"*", query->len ? " " : "", word->str);
      g_string_free (word, TRUE);
    }
  return query->len ? g_string_free (g_steal_pointer (&query), FALSE) : NULL;
}

static const char *
sort_clause (FmClaimSort sort)
{
  switch (sort)
    {
    case FM_CLAIM_SORT_UPDATED:   return "c.updated_at";
    case FM_CLAIM_SORT_CREATED:   return "c.created_at";
    case FM_CLAIM_SORT_STATUS:    return "CASE c.status WHEN 'unchecked' THEN 0 "
                                         "WHEN 'in-progress' THEN 1 WHEN 'needs-review' THEN 2 "
                                         "WHEN 'changes-requested' THEN 3 ELSE 4 END";
    case FM_CLAIM_SORT_VERDICT:   return "CASE c.verdict WHEN 'unrated' THEN 0 "
                                         "WHEN 'true' THEN 1 WHEN 'mostly-true' THEN 2 "
                                         "WHEN 'mixed' THEN 3 WHEN 'misleading' THEN 4 "
                                         "WHEN 'mostly-false' THEN 5 WHEN 'false' THEN 6 "
                                         "ELSE 7 END";
    case FM_CLAIM_SORT_ARTICLE:   return "(SELECT title FROM articles a WHERE a.id = c.article_id)";
    case FM_CLAIM_SORT_ASSIGNEE:  return "c.assignee";
    case FM_CLAIM_SORT_N_SOURCES: return "(SELECT count (*) FROM sources s WHERE s.claim_id = c.id)";
    case FM_CLAIM_SORT_SUMMARY:   return "CASE c.summary WHEN '' THEN c.quote ELSE c.summary END";
    case FM_CLAIM_SORT_TEXT:
    default:
      return NULL;
    }
}

/* Builds "FROM … WHERE …" for a query; @params receives the values to
 * bind, in order. Only fixed SQL fragments are pasted: every value is a
 * parameter. Returns FALSE when the search has no words to look for. */
static void
build_where (const FmClaimQuery *query,
             GString            *sql,
             GPtrArray          *params)
{
  g_autofree char *match = query->search ? fts_query (query->search) : NULL;
  gboolean first = TRUE;

#define AND() G_STMT_START { g_string_append (sql, first ? " WHERE " : " AND "); first = FALSE; } G_STMT_END

  g_string_append (sql, " FROM claims c");
  if (query->article_id != NULL)
    {
      AND ();
      g_string_append (sql, "c.article_id = ?");
      g_ptr_array_add (params, g_strdup (query->article_id));
    }
  if (!query->any_status)
    {
      AND ();
      g_string_append (sql, "c.status = ?");
      g_ptr_array_add (params, g_strdup (fm_status_to_id (query->status)));
    }
  if (!query->any_verdict)
    {
      AND ();
      g_string_append (sql, "c.verdict = ?");
      g_ptr_array_add (params, g_strdup (fm_verdict_to_id (query->verdict)));
    }
  if (query->assignee != NULL)
    {
      AND ();
      g_string_append (sql, "c.assignee = ?");
      g_ptr_array_add (params, g_strdup (query->assignee));
    }
  if (query->tag != NULL)
    {
      AND ();
      g_string_append (sql, "c.id IN (SELECT claim_id FROM claim_tags WHERE tag = ?)");
      g_ptr_array_add (params, g_strdup (query->tag));
    }
  if (match != NULL)
    {
      AND ();
      g_string_append (sql, "(c.rowid IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?) "
                            "OR c.id IN (SELECT s.claim_id FROM sources s WHERE s.rowid IN "
                            "(SELECT rowid FROM sources_fts WHERE sources_fts MATCH ?)))");
      g_ptr_array_add (params, g_strdup (match));
      g_ptr_array_add (params, g_strdup (match));
    }

#undef AND
}

static void
bind_params (sqlite3_stmt *stmt,
             GPtrArray    *params)
{
  for (guint i = 0; i < params->len; i++)
    bind_text (stmt, i + 1, g_ptr_array_index (params, i));
}

static void
append_order (const FmClaimQuery *query,
              GString            *sql)
{
  const char *order = sort_clause (query->sort);
  const char *dir = query->descending ? " DESC" : "";

  if (order != NULL)
    g_string_append_printf (sql, " ORDER BY %s%s, c.rowid%s", order, dir, dir);
  else
    /* The same order as fm_claim_compare() and the claim numbers */
    g_string_append_printf (sql, " ORDER BY c.article_id%s, c.start_offset%s, c.end_offset%s, "
                                 "c.id%s", dir, dir, query->descending ? "" : " DESC", dir);
  if (query->limit > 0)
    g_string_append_printf (sql, " LIMIT %u OFFSET %u", query->limit, query->offset);
}

GPtrArray *
fm_store_query_claims (FmStore             *self,
                       const FmClaimQuery  *query,
                       GError             **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (FM_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  g_string_append (sql, claim_columns);
  build_where (query, sql, params);
  append_order (query, sql);

  stmt = prepare_once (self, sql->str, error);
  if (stmt == NULL)
    return NULL;
  bind_params (stmt, params);
  return collect_claims (self, stmt, error);
}

guint
fm_store_count_query (FmStore             *self,
                      const FmClaimQuery  *query,
                      GError             **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT count (*)");
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (FM_IS_STORE (self), 0);
  g_return_val_if_fail (query != NULL, 0);

  build_where (query, sql, params);
  stmt = prepare_once (self, sql->str, error);
  if (stmt == NULL)
    return 0;
  bind_params (stmt, params);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      set_error (self, error, rc, _("Could not count the claims"));
      return 0;
    }
  return sqlite3_column_int (stmt, 0);
}

static gboolean
add_history (FmStore     *self,
             const char  *claim_id,
             const char  *article_id,
             const char  *at,
             const char  *field,
             const char  *old_value,
             const char  *new_value,
             GError     **error)
{
  g_autofree char *id = fm_uuid_new ();
  sqlite3_stmt *stmt = prepare (self, "INSERT INTO history (id, claim_id, article_id, at, actor, "
                                      "field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id);
  bind_text (stmt, 2, claim_id);
  bind_text (stmt, 3, article_id);
  bind_text (stmt, 4, at);
  bind_text (stmt, 5, self->actor);
  bind_text (stmt, 6, field);
  bind_text (stmt, 7, old_value);
  bind_text (stmt, 8, new_value);
  return step_done (self, stmt, _("Could not record the change"), error);
}

static gboolean
touch_claim (FmStore     *self,
             const char  *claim_id,
             const char  *at,
             GError     **error)
{
  sqlite3_stmt *stmt = prepare (self, "UPDATE claims SET updated_at = ?, updated_by = ? "
                                      "WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, at);
  bind_text (stmt, 2, self->actor);
  bind_text (stmt, 3, claim_id);
  return step_done (self, stmt, _("Could not save the claim"), error);
}

static gboolean
write_tags (FmStore            *self,
            const char         *claim_id,
            const char * const *tags,
            GError            **error)
{
  sqlite3_stmt *stmt = prepare (self, "DELETE FROM claim_tags WHERE claim_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, claim_id);
  if (!step_done (self, stmt, _("Could not save the tags"), error))
    return FALSE;

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      stmt = prepare (self, "INSERT OR IGNORE INTO claim_tags (claim_id, tag) VALUES (?, ?)",
                      error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, claim_id);
      bind_text (stmt, 2, tags[i]);
      if (!step_done (self, stmt, _("Could not save the tags"), error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
validate_claim_values (FmClaim  *claim,
                       GError  **error)
{
  const char * const *tags = fm_claim_get_tags (claim);

  for (guint i = 0; tags[i] != NULL; i++)
    {
      for (const char *p = tags[i]; *p; p = g_utf8_next_char (p))
        {
          if (g_unichar_iscntrl (g_utf8_get_char (p)))
            {
              g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INVALID,
                           _("A tag cannot contain control characters"));
              return FALSE;
            }
        }
    }
  return TRUE;
}

static char *
join_tags (const char * const *tags)
{
  return g_strjoinv (", ", (char **)tags);
}

static gboolean
insert_claim_row (FmStore     *self,
                  FmClaim     *claim,
                  GError     **error)
{
  sqlite3_stmt *stmt = prepare (self,
                                "INSERT INTO claims (id, article_id, start_offset, end_offset, "
                                "quote, prefix, suffix, summary, verdict, status, explanation, "
                                "assignee, review_comment, reviewed_by, reviewed_at, created_by, "
                                "created_at, updated_by, updated_at, anchor, anchor_confidence) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                "?, ?)",
                                error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, fm_claim_get_id (claim));
  bind_text (stmt, 2, fm_claim_get_article_id (claim));
  sqlite3_bind_int64 (stmt, 3, fm_claim_get_start (claim));
  sqlite3_bind_int64 (stmt, 4, fm_claim_get_end (claim));
  bind_text (stmt, 5, fm_claim_get_quote (claim));
  bind_text (stmt, 6, fm_claim_get_prefix (claim));
  bind_text (stmt, 7, fm_claim_get_suffix (claim));
  bind_text (stmt, 8, fm_claim_get_summary (claim));
  bind_text (stmt, 9, fm_verdict_to_id (fm_claim_get_verdict (claim)));
  bind_text (stmt, 10, fm_status_to_id (fm_claim_get_status (claim)));
  bind_text (stmt, 11, fm_claim_get_explanation (claim));
  bind_text (stmt, 12, fm_claim_get_assignee (claim));
  bind_text (stmt, 13, fm_claim_get_review_comment (claim));
  bind_text (stmt, 14, fm_claim_get_reviewed_by (claim));
  bind_text (stmt, 15, fm_claim_get_reviewed_at (claim));
  bind_text (stmt, 16, fm_claim_get_created_by (claim));
  bind_text (stmt, 17, fm_claim_get_created_at (claim));
  bind_text (stmt, 18, fm_claim_get_updated_by (claim));
  bind_text (stmt, 19, fm_claim_get_updated_at (claim));
  bind_text (stmt, 20, fm_anchor_state_to_id (fm_claim_get_anchor_state (claim)));
  sqlite3_bind_double (stmt, 21, fm_claim_get_anchor_confidence (claim));
  if (!step_done (self, stmt, _("Could not save the claim"), error))
    return FALSE;
  return write_tags (self, fm_claim_get_id (claim), fm_claim_get_tags (claim), error);
}

/* Checks the span against the article and returns its length in characters */
static gboolean
check_span (FmStore     *self,
            const char  *article_id,
            guint        start,
            guint        end,
            guint       *length,
            GError     **error)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT length FROM articles WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, article_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_NOT_FOUND,
                     _("There is no article with the id %s"), article_id);
      else
        set_error (self, error, rc, _("Could not read the article"));
      return FALSE;
    }
  *length = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);

  if (start >= end || end > *length)
    {
      g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INVALID,
                   _("The span %u–%u is not inside the article (%u characters)"),
                   start, end, *length);
      return FALSE;
    }
  return TRUE;
}

FmClaim *
fm_store_create_claim (FmStore     *self,
                       const char  *article_id,
                       guint        start,
                       guint        end,
                       GError     **error)
{
  g_autoptr(FmArticle) article = NULL;
  g_autoptr(FmClaim) claim = NULL;
  g_autofree char *quote = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *suffix = NULL;
  g_autofree char *id = NULL;
  g_autofree char *now = NULL;
  guint length;

  g_return_val_if_fail (FM_IS_STORE (self), NULL);
  g_return_val_if_fail (article_id != NULL, NULL);

  if (!check_writable (self, error) ||
      !check_span (self, article_id, start, end, &length, error))
    return NULL;
  article = fm_store_get_article (self, article_id, error);
  if (article == NULL)
    return NULL;

  quote = fm_article_dup_span (article, start, end);
  prefix = fm_article_dup_span (article, start > FM_CLAIM_CONTEXT_CHARS ?
                                         start - FM_CLAIM_CONTEXT_CHARS : 0, start);
  suffix = fm_article_dup_span (article, end, MIN (length, end + FM_CLAIM_CONTEXT_CHARS));
  id = fm_uuid_new ();
  now = fm_now_iso ();

  claim = fm_claim_new ();
  fm_claim_set_id (claim, id);
  fm_claim_set_article_id (claim, article_id);
  fm_claim_set_span (claim, start, end);
  fm_claim_set_selector (claim, quote, prefix, suffix);
  fm_claim_set_created (claim, self->actor, now);
  fm_claim_set_updated (claim, self->actor, now);

  if (!begin (self, error))
    return NULL;
  if (!insert_claim_row (self, claim, error) ||
      !add_history (self, id, article_id, now, "created", NULL, quote, error))
    {
      rollback (self);
      return NULL;
    }
  if (!commit (self, error))
    return NULL;

  live_map_add (&self->claims, claim);
  g_signal_emit (self, signals[CLAIM_ADDED], 0, claim);
  g_signal_emit (self, signals[ARTICLE_CHANGED], 0, article_id);
  return g_steal_pointer (&claim);
}

static gboolean
validate_source (FmSource  *source,
                 GError   **error)
{
  const char *archive = fm_source_get_archive_url (source);

  if (!fm_url_is_web (fm_source_get_url (source)))
    {
      g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INVALID,
                   _("A source needs a web address that starts with http:// or https:// "
                     "(“%s” is not one)"), fm_source_get_url (source));
      return FALSE;
    }
  if (archive != NULL && *archive != '\0' && !fm_url_is_web (archive))
    {
      g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INVALID,
                   _("An archive link must start with http:// or https:// (“%s” is not one)"),
                   archive);
      return FALSE;
    }
  return TRUE;
}

static gboolean
insert_source_row (FmStore   *self,
                   FmSource  *source,
                   GError   **error)
{
  sqlite3_stmt *stmt = prepare (self,
                                "INSERT INTO sources (id, claim_id, position, url, title, "
                                "publisher, author, published, accessed, archive_url, stance, "
                                "kind, note, created_by, created_at, updated_by, updated_at) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, fm_source_get_id (source));
  bind_text (stmt, 2, fm_source_get_claim_id (source));
  sqlite3_bind_int (stmt, 3, fm_source_get_position (source));
  bind_text (stmt, 4, fm_source_get_url (source));
  bind_text (stmt, 5, fm_source_get_title (source));
  bind_text (stmt, 6, fm_source_get_publisher (source));
  bind_text (stmt, 7, fm_source_get_author (source));
  bind_text (stmt, 8, fm_source_get_published (source));
  bind_text (stmt, 9, fm_source_get_accessed (source));
  bind_text (stmt, 10, fm_source_get_archive_url (source));
  bind_text (stmt, 11, fm_stance_to_id (fm_source_get_stance (source)));
  bind_text (stmt, 12, fm_source_kind_to_id (fm_source_get_kind (source)));
  bind_text (stmt, 13, fm_source_get_note (source));
  bind_text (stmt, 14, fm_source_get_created_by (source));
  bind_text (stmt, 15, fm_source_get_created_at (source));
  bind_text (stmt, 16, fm_source_get_created_by (source));
  bind_text (stmt, 17, fm_source_get_created_at (source));
  return step_done (self, stmt, _("Could not save the source"), error);
}

static char *
today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

static gboolean
claim_exists (FmStore     *self,
              const char  *claim_id,
              gboolean    *result,
              GError     **error)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT 1 FROM claims WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, claim_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_error (self, error, rc, _("Could not read the workspace"));
  *result = rc == SQLITE_ROW;
  return TRUE;
}

static gboolean
has_history (FmStore     *self,
             const char  *claim_id,
             gboolean    *result,
             GError     **error)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT 1 FROM history WHERE claim_id = ? LIMIT 1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, claim_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_error (self, error, rc, _("Could not read the history"));
  *result = rc == SQLITE_ROW;
  return TRUE;
}

FmClaim *
fm_store_insert_claim (FmStore    *self,
                       FmClaim    *claim,
                       GPtrArray  *sources,
                       GError    **error)
{
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(GPtrArray) all_sources = NULL;
  g_autoptr(GPtrArray) stored = NULL;

  g_return_val_if_fail (FM_IS_STORE (self), NULL);
  g_return_val_if_fail (FM_IS_CLAIM (claim), NULL);

  claims = g_ptr_array_new ();
  all_sources = g_ptr_array_new ();
  g_ptr_array_add (claims, claim);
  g_ptr_array_add (all_sources, sources);
  stored = fm_store_insert_claims (self, claims, all_sources, error);
  if (stored == NULL)
    return NULL;
  return g_object_ref (g_ptr_array_index (stored, 0));
}

/* The current value of a field, as stored, in its string form */
static char *
read_field (FmStore       *self,
            const char    *claim_id,
            FmClaimField   field,
            char         **article_id,
            GError       **error)
{
  static const char * const sql[] = {
    [FM_CLAIM_FIELD_SUMMARY] = "SELECT summary, article_id, status FROM claims WHERE id = ?",
    [FM_CLAIM_FIELD_VERDICT] = "SELECT verdict, article_id, status FROM claims WHERE id = ?",
    [FM_CLAIM_FIELD_STATUS] = "SELECT status, article_id, status FROM claims WHERE id = ?",
    [FM_CLAIM_FIELD_EXPLANATION] = "SELECT explanation, article_id, status FROM claims WHERE id = ?",
    [FM_CLAIM_FIELD_ASSIGNEE] = "SELECT assignee, article_id, status FROM claims WHERE id = ?",
    [FM_CLAIM_FIELD_TAGS] =
      "SELECT (SELECT group_concat (tag, ', ') FROM "
      "(SELECT tag FROM claim_tags WHERE claim_id = c.id ORDER BY tag)), article_id, status "
      "FROM claims c WHERE id = ?",
    [FM_CLAIM_FIELD_REVIEW_COMMENT] =
      "SELECT review_comment, article_id, status FROM claims WHERE id = ?",
  };
  sqlite3_stmt *stmt = prepare (self, sql[field], error);
  char *value = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, claim_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      value = g_strdup (column_text (stmt, 0) ? column_text (stmt, 0) : "");
      *article_id = g_strdup (column_text (stmt, 1));
    }
  else if (rc == SQLITE_DONE)
    g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_NOT_FOUND,
                 _("The claim %s no longer exists"), claim_id);
  else
    set_error (self, error, rc, _("Could not read the claim"));
  sqlite3_reset (stmt);
  return value;
}

static gboolean
claim_is_approved (FmStore     *self,
                   const char  *claim_id,
                   gboolean    *approved,
                   GError     **error)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT status = 'approved' FROM claims WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, claim_id);
  rc = sqlite3_step (stmt);
  *approved = rc == SQLITE_ROW && sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_error (self, error, rc, _("Could not read the claim"));
  return TRUE;
}

static gboolean
write_status (FmStore     *self,
              const char  *claim_id,
              const char  *article_id,
              const char  *old_status,
              FmStatus     status,
              const char  *at,
              GError     **error)
{
  gboolean approving = status == FM_STATUS_APPROVED;
  sqlite3_stmt *stmt = prepare (self, "UPDATE claims SET status = ?, reviewed_by = ?, "
                                      "reviewed_at = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, fm_status_to_id (status));
  /* Only an approved claim has an approving editor */
  bind_text (stmt, 2, approving ? self->actor : NULL);
  bind_text (stmt, 3, approving ? at : NULL);
  bind_text (stmt, 4, claim_id);
  if (!step_done (self, stmt, _("Could not save the claim"), error))
    return FALSE;
  return add_history (self, claim_id, article_id, at, "status", old_status,
                      fm_status_to_id (status), error);
}

/* An approved claim whose evidence changes needs another review */
static gboolean
reopen_if_approved (FmStore     *self,
                    const char  *claim_id,
                    const char  *article_id,
                    const char  *at,
                    GError     **error)
{
  gboolean approved;

  if (!claim_is_approved (self, claim_id, &approved, error))
    return FALSE;
  if (!approved)
    return TRUE;
  return write_status (self, claim_id, article_id, fm_status_to_id (FM_STATUS_APPROVED),
                       FM_STATUS_NEEDS_REVIEW, at, error);
}

static gboolean
normalise_value (FmClaimField   field,
                 const char    *value,
                 char         **normalised,
                 GError       **error)
{
  switch (field)
    {
    case FM_CLAIM_FIELD_VERDICT:
      if (!fm_verdict_from_id (value, NULL))
        {
          g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INVALID,
                       _("“%s” is not a verdict"), value ? value : "");
          return FALSE;
        }
      *normalised = g_strdup (value);
      return TRUE;
    case FM_CLAIM_FIELD_STATUS:
      if (!fm_status_from_id (value, NULL))
        {
          g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INVALID,
                       _("“%s” is not a verification status"), value ? value : "");
          return FALSE;
        }
      *normalised = g_strdup (value);
      return TRUE;
    case FM_CLAIM_FIELD_TAGS:
      {
        g_autoptr(FmClaim) scratch = fm_claim_new ();
        g_auto(GStrv) split = g_strsplit (value ? value : "", ",", -1);

        fm_claim_set_tags (scratch, (const char * const *)split);
        if (!validate_claim_values (scratch, error))
          return FALSE;
        *normalised = join_tags (fm_claim_get_tags (scratch));
        return TRUE;
      }
    case FM_CLAIM_FIELD_ASSIGNEE:
      *normalised = fm_collapse_space (value ? value : "");
      return TRUE;
    case FM_CLAIM_FIELD_SUMMARY:
    case FM_CLAIM_FIELD_EXPLANATION:
    case FM_CLAIM_FIELD_REVIEW_COMMENT:
    default:
      if (value != NULL && !g_utf8_validate (value, -1, NULL))
        {
          g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INVALID,
                       _("The text is not valid UTF-8"));
          return FALSE;
        }
      *normalised = g_strdup (value ? value : "");
      return TRUE;
    }
}

static gboolean
write_field (FmStore       *self,
             const char    *claim_id,
             FmClaimField   field,
             const char    *value,
             GError       **error)
{
  static const char * const sql[] = {
    [FM_CLAIM_FIELD_SUMMARY] = "UPDATE claims SET summary = ? WHERE id = ?",
    [FM_CLAIM_FIELD_VERDICT] = "UPDATE claims SET verdict = ? WHERE id = ?",
    [FM_CLAIM_FIELD_EXPLANATION] = "UPDATE claims SET explanation = ? WHERE id = ?",
    [FM_CLAIM_FIELD_ASSIGNEE] = "UPDATE claims SET assignee = ? WHERE id = ?",
    [FM_CLAIM_FIELD_REVIEW_COMMENT] = "UPDATE claims SET review_comment = ? WHERE id = ?",
  };
  sqlite3_stmt *stmt;

  if (field == FM_CLAIM_FIELD_TAGS)
    {
      g_auto(GStrv) tags = g_strsplit (value, ", ", -1);

      if (*value == '\0')
        g_clear_pointer (&tags, g_strfreev);
      return write_tags (self, claim_id, (const char * const *)tags, error);
    }

  g_assert (field != FM_CLAIM_FIELD_STATUS && sql[field] != NULL);
  stmt = prepare (self, sql[field], error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, value);
  bind_text (stmt, 2, claim_id);
  return step_done (self, stmt, _("Could not save the claim"), error);
}

/* After a commit: the live claim takes the stored values, then listeners hear of it */
static void
claim_changed (FmStore    *self,
               FmClaim    *claim,
               const char *field)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FmClaim) live = load_claim (self, fm_claim_get_id (claim), &error);

  if (live == NULL)
    {
      g_warning ("Could not reload claim %s: %s", fm_claim_get_id (claim), error->message);
      return;
    }
  /* A caller holding a detached copy sees the change too */
  if (live != claim)
    fm_claim_assign (claim, live);
  g_signal_emit (self, signals[CLAIM_CHANGED], 0, live, field);
  if (g_str_equal (field, "status"))
    g_signal_emit (self, signals[ARTICLE_CHANGED], 0, fm_claim_get_article_id (live));
}

gboolean
fm_store_set_claim_field (FmStore       *self,
                          FmClaim       *claim,
                          FmClaimField   field,
                          const char    *value,
                          GError       **error)
{
  g_autofree char *normalised = NULL;
  g_autofree char *old = NULL;
  g_autofree char *article_id = NULL;
  g_autofree char *now = NULL;
  const char *claim_id;

  g_return_val_if_fail (FM_IS_STORE (self), FALSE);
  g_return_val_if_fail (FM_IS_CLAIM (claim), FALSE);
  g_return_val_if_fail (field <= FM_CLAIM_FIELD_REVIEW_COMMENT, FALSE);

  claim_id = fm_claim_get_id (claim);
  if (!check_writable (self, error) ||
      !normalise_value (field, value, &normalised, error))
    return FALSE;

  if (!begin (self, error))
    return FALSE;
  old = read_field (self, claim_id, field, &article_id, error);
  if (old == NULL)
    goto fail;
  if (g_str_equal (old, normalised))
    {
      /* Nothing to record */
      rollback (self);
      return TRUE;
    }

  now = fm_now_iso ();
  if (field == FM_CLAIM_FIELD_STATUS)
    {
      FmStatus status;

      fm_status_from_id (normalised, &status);
      if (!write_status (self, claim_id, article_id, old, status, now, error))
        goto fail;
    }
  else
    {
      if (!write_field (self, claim_id, field, normalised, error) ||
          !add_history (self, claim_id, article_id, now, fm_claim_field_to_id (field), old,
                        normalised, error))
        goto fail;
      if ((field == FM_CLAIM_FIELD_VERDICT || field == FM_CLAIM_FIELD_EXPLANATION) &&
          !reopen_if_approved (self, claim_id, article_id, now, error))
        goto fail;
    }
  if (!touch_claim (self, claim_id, now, error))
    goto fail;
  if (!commit (self, error))
    return FALSE;

  claim_changed (self, claim, fm_claim_field_to_id (field));
  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

gboolean
fm_store_set_claim_verdict (FmStore    *self,
                            FmClaim    *claim,
                            FmVerdict   verdict,
                            GError    **error)
{
  g_return_val_if_fail (verdict < FM_N_VERDICTS, FALSE);
  return fm_store_set_claim_field (self, claim, FM_CLAIM_FIELD_VERDICT,
                                   fm_verdict_to_id (verdict), error);
}

gboolean
fm_store_set_claim_status (FmStore   *self,
                           FmClaim   *claim,
                           FmStatus   status,
                           GError   **error)
{
  g_return_val_if_fail (status < FM_N_STATUSES, FALSE);
  return fm_store_set_claim_field (self, claim, FM_CLAIM_FIELD_STATUS,
                                   fm_status_to_id (status), error);
}

static char *
claim_article_id (FmStore     *self,
                  const char  *claim_id,
                  GError     **error)
{
  char *article_id = NULL;
  g_autofree char *summary = read_field (self, claim_id, FM_CLAIM_FIELD_SUMMARY, &article_id,
                                         error);

  return summary ? article_id : NULL;
}

gboolean
fm_store_delete_claim (FmStore  *self,
                       FmClaim  *claim,
                       GError  **error)
{
  g_autoptr(FmClaim) live = NULL;
  g_autofree char *now = NULL;
  g_autofree char *article_id = NULL;
  const char *quote = fm_claim_get_quote (claim);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (FM_IS_STORE (self), FALSE);
  g_return_val_if_fail (FM_IS_CLAIM (claim), FALSE);

  if (!begin (self, error))
    return FALSE;
  article_id = claim_article_id (self, fm_claim_get_id (claim), error);
  if (article_id == NULL)
    goto fail;
  now = fm_now_iso ();

  stmt = prepare (self, "DELETE FROM claims WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, 1, fm_claim_get_id (claim));
  if (!step_done (self, stmt, _("Could not delete the claim"), error) ||
      !add_history (self, fm_claim_get_id (claim), article_id, now, "deleted", quote, NULL, error))
    goto fail;
  if (!commit (self, error))
    return FALSE;

  live = live_map_lookup (&self->claims, fm_claim_get_id (claim));
  live = live ? g_object_ref (live) : g_object_ref (claim);
  /* Its id may come back with an undo; the object that goes is not live any more */
  live_map_forget (&self->claims, live);
  g_signal_emit (self, signals[CLAIM_REMOVED], 0, live);
  g_signal_emit (self, signals[ARTICLE_CHANGED], 0, article_id);
  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

/* Sources */

static void
source_fill_from_stmt (FmSource     *source,
                       sqlite3_stmt *stmt)
{
  FmStance stance = FM_STANCE_SUPPORTS;
  FmSourceKind kind = FM_SOURCE_KIND_OTHER;

  fm_stance_from_id (column_text (stmt, 10), &stance);
  fm_source_kind_from_id (column_text (stmt, 11), &kind);

  g_object_freeze_notify (G_OBJECT (source));
  fm_source_set_id (source, column_text (stmt, 0));
  fm_source_set_claim_id (source, column_text (stmt, 1));
  fm_source_set_position (source, sqlite3_column_int (stmt, 2));
  fm_source_set_url (source, column_text (stmt, 3));
  fm_source_set_title (source, column_text (stmt, 4));
  fm_source_set_publisher (source, column_text (stmt, 5));
  fm_source_set_author (source, column_text (stmt, 6));
  fm_source_set_published (source, column_text (stmt, 7));
  fm_source_set_accessed (source, column_text (stmt, 8));
  fm_source_set_archive_url (source, column_text (stmt, 9));
  fm_source_set_stance (source, stance);
  fm_source_set_kind (source, kind);
  fm_source_set_note (source, column_text (stmt, 12));
  fm_source_set_created_by (source, column_text (stmt, 13));
  fm_source_set_created_at (source, column_text (stmt, 14));
  g_object_thaw_notify (G_OBJECT (source));
}

static FmSource *
source_from_stmt (FmStore      *self,
                  sqlite3_stmt *stmt)
{
  FmSource *source = live_map_lookup (&self->sources, column_text (stmt, 0));

  if (source != NULL)
    {
      g_object_ref (source);
      source_fill_from_stmt (source, stmt);
    }
  else
    {
      source = fm_source_new ();
      source_fill_from_stmt (source, stmt);
      live_map_add (&self->sources, source);
    }
  return source;
}

GPtrArray *
fm_store_list_sources (FmStore     *self,
                       const char  *claim_id,
                       GError     **error)
{
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (FM_IS_STORE (self), NULL);
  g_return_val_if_fail (claim_id != NULL, NULL);

  stmt = prepare (self, "SELECT " SOURCE_COLUMNS " FROM sources WHERE claim_id = ? "
                        "ORDER BY position, created_at, id", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, claim_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (sources, source_from_stmt (self, stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_error (self, error, rc, _("Could not read the sources"));
      return NULL;
    }
  return g_steal_pointer (&sources);
}

static FmSource *
load_source (FmStore     *self,
             const char  *id,
             GError     **error)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT " SOURCE_COLUMNS " FROM sources WHERE id = ?",
                                error);
  FmSource *source = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    source = source_from_stmt (self, stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_NOT_FOUND,
                 _("There is no source with the id %s"), id);
  else
    set_error (self, error, rc, _("Could not read the source"));
  sqlite3_reset (stmt);
  return source;
}

/* The sources of a claim changed: its count, its history, its listeners */
static void
sources_changed (FmStore    *self,
                 const char *claim_id)
{
  FmClaim *live = live_map_lookup (&self->claims, claim_id);

  if (live != NULL)
    claim_changed (self, live, "sources");
  g_signal_emit (self, signals[SOURCES_CHANGED], 0, claim_id);
}

static char *
describe_source (FmSource *source)
{
  return g_strdup_printf ("%s (%s)", fm_source_get_display_title (source),
                          fm_source_get_url (source));
}

FmSource *
fm_store_add_source (FmStore     *self,
                     const char  *claim_id,
                     FmSource    *values,
                     GError     **error)
{
  g_autoptr(FmSource) source = NULL;
  g_autofree char *id = NULL;
  g_autofree char *now = NULL;
  g_autofree char *date = NULL;
  g_autofree char *article_id = NULL;
  g_autofree char *description = NULL;
  sqlite3_stmt *stmt;
  int position = 0;

  g_return_val_if_fail (FM_IS_STORE (self), NULL);
  g_return_val_if_fail (claim_id != NULL, NULL);
  g_return_val_if_fail (FM_IS_SOURCE (values), NULL);

  if (!check_writable (self, error) || !validate_source (values, error))
    return NULL;

  source = fm_source_copy (values);
  id = fm_uuid_new ();
  now = fm_now_iso ();
  date = today ();
  fm_source_set_id (source, id);
  fm_source_set_claim_id (source, claim_id);
  fm_source_set_created_at (source, now);
  fm_source_set_created_by (source, self->actor);
  if (*fm_source_get_accessed (source) == '\0')
    fm_source_set_accessed (source, date);

  if (!begin (self, error))
    return NULL;
  article_id = claim_article_id (self, claim_id, error);
  if (article_id == NULL)
    goto fail;
  stmt = prepare (self, "SELECT coalesce (max (position) + 1, 0) FROM sources WHERE claim_id = ?",
                  error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, 1, claim_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    position = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  fm_source_set_position (source, position);

  description = describe_source (source);
  if (!insert_source_row (self, source, error) ||
      !add_history (self, claim_id, article_id, now, "source-added", NULL, description, error) ||
      !reopen_if_approved (self, claim_id, article_id, now, error) ||
      !touch_claim (self, claim_id, now, error))
    goto fail;
  if (!commit (self, error))
    return NULL;

  live_map_add (&self->sources, source);
  sources_changed (self, claim_id);
  return g_steal_pointer (&source);

fail:
  rollback (self);
  return NULL;
}

gboolean
fm_store_update_source (FmStore   *self,
                        FmSource  *source,
                        FmSource  *values,
                        GError   **error)
{
  static const struct {
    const char *field;
    const char *(*get) (FmSource *);
  } fields[] = {
    { "url", fm_source_get_url },
    { "title", fm_source_get_title },
    { "publisher", fm_source_get_publisher },
    { "author", fm_source_get_author },
    { "published", fm_source_get_published },
    { "accessed", fm_source_get_accessed },
    { "archive_url", fm_source_get_archive_url },
    { "note", fm_source_get_note },
  };
  g_autoptr(FmSource) stored = NULL;
  g_autofree char *now = NULL;
  g_autofree char *article_id = NULL;
  g_autofree char *claim_id = NULL;
  gboolean changed = FALSE;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (FM_IS_STORE (self), FALSE);
  g_return_val_if_fail (FM_IS_SOURCE (source), FALSE);
  g_return_val_if_fail (FM_IS_SOURCE (values), FALSE);
  /* Reloading @source from the store would overwrite the new values */
  g_return_val_if_fail (values != source, FALSE);

  if (!check_writable (self, error) || !validate_source (values, error))
    return FALSE;

  if (!begin (self, error))
    return FALSE;
  /* Compare with what is stored, not with what the caller believes */
  stored = load_source (self, fm_source_get_id (source), error);
  if (stored == NULL)
    goto fail;
  claim_id = g_strdup (fm_source_get_claim_id (stored));
  article_id = claim_article_id (self, claim_id, error);
  if (article_id == NULL)
    goto fail;
  now = fm_now_iso ();

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *old = fields[i].get (stored);
      const char *new = fields[i].get (values);
      g_autofree char *name = NULL;

      if (g_strcmp0 (old, new) == 0)
        continue;
      name = g_strconcat ("source.", fields[i].field, NULL);
      if (!add_history (self, claim_id, article_id, now, name, old, new, error))
        goto fail;
      changed = TRUE;
    }
  if (fm_source_get_stance (stored) != fm_source_get_stance (values))
    {
      if (!add_history (self, claim_id, article_id, now, "source.stance",
                        fm_stance_to_id (fm_source_get_stance (stored)),
                        fm_stance_to_id (fm_source_get_stance (values)), error))
        goto fail;
      changed = TRUE;
    }
  if (fm_source_get_kind (stored) != fm_source_get_kind (values))
    {
      if (!add_history (self, claim_id, article_id, now, "source.kind",
                        fm_source_kind_to_id (fm_source_get_kind (stored)),
                        fm_source_kind_to_id (fm_source_get_kind (values)), error))
        goto fail;
      changed = TRUE;
    }
  if (!changed)
    {
      rollback (self);
      return TRUE;
    }

  stmt = prepare (self, "UPDATE sources SET url = ?, title = ?, publisher = ?, author = ?, "
                        "published = ?, accessed = ?, archive_url = ?, stance = ?, kind = ?, "
                        "note = ?, updated_by = ?, updated_at = ? WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, 1, fm_source_get_url (values));
  bind_text (stmt, 2, fm_source_get_title (values));
  bind_text (stmt, 3, fm_source_get_publisher (values));
  bind_text (stmt, 4, fm_source_get_author (values));
  bind_text (stmt, 5, fm_source_get_published (values));
  bind_text (stmt, 6, fm_source_get_accessed (values));
  bind_text (stmt, 7, fm_source_get_archive_url (values));
  bind_text (stmt, 8, fm_stance_to_id (fm_source_get_stance (values)));
  bind_text (stmt, 9, fm_source_kind_to_id (fm_source_get_kind (values)));
  bind_text (stmt, 10, fm_source_get_note (values));
  bind_text (stmt, 11, self->actor);
  bind_text (stmt, 12, now);
  bind_text (stmt, 13, fm_source_get_id (source));
  if (!step_done (self, stmt, _("Could not save the source"), error) ||
      !reopen_if_approved (self, claim_id, article_id, now, error) ||
      !touch_claim (self, claim_id, now, error))
    goto fail;
  if (!commit (self, error))
    return FALSE;

  g_clear_object (&stored);
  stored = load_source (self, fm_source_get_id (source), NULL);
  if (stored != NULL && stored != source)
    fm_source_assign (source, stored);
  sources_changed (self, claim_id);
  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

gboolean
fm_store_remove_source (FmStore   *self,
                        FmSource  *source,
                        GError   **error)
{
  g_autoptr(FmSource) stored = NULL;
  g_autofree char *now = NULL;
  g_autofree char *article_id = NULL;
  g_autofree char *claim_id = NULL;
  g_autofree char *description = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (FM_IS_STORE (self), FALSE);
  g_return_val_if_fail (FM_IS_SOURCE (source), FALSE);

  if (!begin (self, error))
    return FALSE;
  stored = load_source (self, fm_source_get_id (source), error);
  if (stored == NULL)
    goto fail;
  claim_id = g_strdup (fm_source_get_claim_id (stored));
  article_id = claim_article_id (self, claim_id, error);
  if (article_id == NULL)
    goto fail;
  now = fm_now_iso ();
  description = describe_source (stored);

  stmt = prepare (self, "DELETE FROM sources WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, 1, fm_source_get_id (source));
  if (!step_done (self, stmt, _("Could not remove the source"), error) ||
      !add_history (self, claim_id, article_id, now, "source-removed", description, NULL, error) ||
      !reopen_if_approved (self, claim_id, article_id, now, error) ||
      !touch_claim (self, claim_id, now, error))
    goto fail;
  if (!commit (self, error))
    return FALSE;

  live_map_forget (&self->sources, stored);
  sources_changed (self, claim_id);
  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

FmSource *
fm_store_restore_source (FmStore   *self,
                         FmSource  *source,
                         GError   **error)
{
  g_autoptr(FmSource) row = NULL;
  g_autofree char *now = NULL;
  g_autofree char *article_id = NULL;
  g_autofree char *description = NULL;
  g_autofree char *claim_id = NULL;

  g_return_val_if_fail (FM_IS_STORE (self), NULL);
  g_return_val_if_fail (FM_IS_SOURCE (source), NULL);
  g_return_val_if_fail (fm_source_get_id (source) != NULL, NULL);
  g_return_val_if_fail (fm_source_get_claim_id (source) != NULL, NULL);

  if (!check_writable (self, error) || !validate_source (source, error))
    return NULL;

  row = fm_source_copy (source);
  claim_id = g_strdup (fm_source_get_claim_id (row));
  now = fm_now_iso ();
  if (fm_source_get_created_at (row) == NULL)
    {
      fm_source_set_created_at (row, now);
      fm_source_set_created_by (row, self->actor);
    }
  description = describe_source (row);

  if (!begin (self, error))
    return NULL;
  article_id = claim_article_id (self, claim_id, error);
  if (article_id == NULL ||
      !insert_source_row (self, row, error) ||
      !add_history (self, claim_id, article_id, now, "source-added", NULL, description, error) ||
      !reopen_if_approved (self, claim_id, article_id, now, error) ||
      !touch_claim (self, claim_id, now, error))
    {
      rollback (self);
      return NULL;
    }
  if (!commit (self, error))
    return NULL;

  g_clear_object (&row);
  row = load_source (self, fm_source_get_id (source), error);
  sources_changed (self, claim_id);
  return g_steal_pointer (&row);
}

/* History */

GPtrArray *
fm_store_get_history (FmStore     *self,
                      const char  *claim_id,
                      GError     **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify)fm_history_entry_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (FM_IS_STORE (self), NULL);
  g_return_val_if_fail (claim_id != NULL, NULL);

  stmt = prepare (self, "SELECT id, claim_id, article_id, at, actor, field, old_value, new_value "
                        "FROM history WHERE claim_id = ? ORDER BY at, rowid", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, claim_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FmHistoryEntry *entry = g_new0 (FmHistoryEntry, 1);

      entry->id = g_strdup (column_text (stmt, 0));
      entry->claim_id = g_strdup (column_text (stmt, 1));
      entry->article_id = g_strdup (column_text (stmt, 2));
      entry->at = g_strdup (column_text (stmt, 3));
      entry->actor = g_strdup (column_text (stmt, 4));
      entry->field = g_strdup (column_text (stmt, 5));
      entry->old_value = g_strdup (column_text (stmt, 6));
      entry->new_value = g_strdup (column_text (stmt, 7));
      g_ptr_array_add (entries, entry);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_error (self, error, rc, _("Could not read the history"));
      return NULL;
    }
  return g_steal_pointer (&entries);
}

/* Workflow */

const char *
fm_signoff_item_label (FmSignoffItem item)
{
  switch (item)
    {
    case FM_SIGNOFF_VERDICT:        return _("a verdict other than Unrated");
    case FM_SIGNOFF_EXPLANATION:    return _("an explanation");
    case FM_SIGNOFF_SOURCE:         return _("at least one source");
    case FM_SIGNOFF_PRIMARY_SOURCE: return _("a source that is not a news report (a primary "
                                             "document, official statement, data set or expert)");
    default:
      g_return_val_if_reached (NULL);
    }
}

char *
fm_signoff_describe_missing (FmSignoffItem missing)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint bit = FM_SIGNOFF_VERDICT; bit <= FM_SIGNOFF_PRIMARY_SOURCE; bit <<= 1)
    if (missing & bit)
      g_ptr_array_add (items, (gpointer)fm_signoff_item_label (bit));
  /* One source of any kind is implied by one that is not news */
  if ((missing & FM_SIGNOFF_SOURCE) && (missing & FM_SIGNOFF_PRIMARY_SOURCE))
    g_ptr_array_remove (items, (gpointer)fm_signoff_item_label (FM_SIGNOFF_SOURCE));

  if (items->len == 0)
    return g_strdup (_("The sign-off list is complete."));
  for (guint i = 0; i < items->len; i++)
    {
      if (i > 0)
        g_string_append (text, i + 1 == items->len ? _(" and ") : ", ");
      g_string_append (text, g_ptr_array_index (items, i));
    }
  /* Translators: %s is a list such as "a verdict other than Unrated and an explanation" */
  return g_strdup_printf (_("It still needs %s."), text->str);
}

static gboolean
read_signoff (FmStore        *self,
              const char     *claim_id,
              FmSignoffItem  *missing,
              GError        **error)
{
  sqlite3_stmt *stmt = prepare (self,
                                "SELECT verdict <> 'unrated', length (trim (explanation)) > 0, "
                                "(SELECT count (*) FROM sources s WHERE s.claim_id = c.id), "
                                "(SELECT count (*) FROM sources s WHERE s.claim_id = c.id AND "
                                "s.kind IN ('primary', 'official', 'data', 'expert')) "
                                "FROM claims c WHERE c.id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, claim_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_NOT_FOUND,
                     _("The claim %s no longer exists"), claim_id);
      else
        set_error (self, error, rc, _("Could not read the claim"));
      return FALSE;
    }
  *missing = 0;
  if (!sqlite3_column_int (stmt, 0))
    *missing |= FM_SIGNOFF_VERDICT;
  if (!sqlite3_column_int (stmt, 1))
    *missing |= FM_SIGNOFF_EXPLANATION;
  if (sqlite3_column_int (stmt, 2) == 0)
    *missing |= FM_SIGNOFF_SOURCE;
  if (sqlite3_column_int (stmt, 3) == 0)
    *missing |= FM_SIGNOFF_PRIMARY_SOURCE;
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
fm_store_check_signoff (FmStore        *self,
                        FmClaim        *claim,
                        FmSignoffItem  *missing,
                        GError        **error)
{
  g_return_val_if_fail (FM_IS_STORE (self), FALSE);
  g_return_val_if_fail (FM_IS_CLAIM (claim), FALSE);
  g_return_val_if_fail (missing != NULL, FALSE);

  return read_signoff (self, fm_claim_get_id (claim), missing, error);
}

/* Moves a claim along the workflow in one transaction: checks that it is
 * in one of @from (a bit per FmStatus), writes the new status, and lets
 * @extra write what the step adds (a comment, an override reason). */
typedef gboolean (*WorkflowExtra) (FmStore     *self,
                                   const char  *claim_id,
                                   const char  *article_id,
                                   const char  *at,
                                   gpointer     data,
                                   GError     **error);

static gboolean
move_claim (FmStore        *self,
            FmClaim        *claim,
            guint           from,
            FmStatus        to,
            const char     *refusal,
            WorkflowExtra   extra,
            gpointer        data,
            GError        **error)
{
  g_autofree char *article_id = NULL;
  g_autofree char *old = NULL;
  g_autofree char *now = NULL;
  const char *claim_id = fm_claim_get_id (claim);
  FmStatus status;

  if (!begin (self, error))
    return FALSE;
  old = read_field (self, claim_id, FM_CLAIM_FIELD_STATUS, &article_id, error);
  if (old == NULL)
    goto fail;
  fm_status_from_id (old, &status);
  if (!(from & (1u << status)))
    {
      /* @refusal is one of the literal formats in this file, with one %s */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
      g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_TRANSITION, refusal,
                   fm_status_label (status));
#pragma GCC diagnostic pop
      goto fail;
    }

  now = fm_now_iso ();
  if (!write_status (self, claim_id, article_id, old, to, now, error) ||
      (extra != NULL && !extra (self, claim_id, article_id, now, data, error)) ||
      !touch_claim (self, claim_id, now, error))
    goto fail;
  if (!commit (self, error))
    return FALSE;

  claim_changed (self, claim, "status");
  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

#define STATUS_BIT(s) (1u << (s))

gboolean
fm_store_submit_for_review (FmStore  *self,
                            FmClaim  *claim,
                            GError  **error)
{
  g_return_val_if_fail (FM_IS_STORE (self), FALSE);
  g_return_val_if_fail (FM_IS_CLAIM (claim), FALSE);

  /* Translators: %s is the claim's status, e.g. "Approved" */
  return move_claim (self, claim,
                     STATUS_BIT (FM_STATUS_UNCHECKED) | STATUS_BIT (FM_STATUS_IN_PROGRESS) |
                     STATUS_BIT (FM_STATUS_CHANGES_REQUESTED),
                     FM_STATUS_NEEDS_REVIEW,
                     _("Only a claim that is not yet waiting for review or approved can be "
                       "submitted (this one is: %s)"),
                     NULL, NULL, error);
}

static gboolean
set_review_comment (FmStore     *self,
                    const char  *claim_id,
                    const char  *comment,
                    GError     **error)
{
  sqlite3_stmt *stmt = prepare (self, "UPDATE claims SET review_comment = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, comment);
  bind_text (stmt, 2, claim_id);
  return step_done (self, stmt, _("Could not save the claim"), error);
}

typedef struct
{
  const char    *reason;
  FmSignoffItem  missing;
} ApproveData;

static gboolean
approve_extra (FmStore     *self,
               const char  *claim_id,
               const char  *article_id,
               const char  *at,
               gpointer     user_data,
               GError     **error)
{
  ApproveData *data = user_data;
  FmSignoffItem missing;

  /* Checked inside the transaction: the sources cannot change under us */
  if (!read_signoff (self, claim_id, &missing, error))
    return FALSE;
  data->missing = missing;
  if (missing != 0)
    {
      g_autofree char *description = fm_signoff_describe_missing (missing);

      if (data->reason == NULL)
        {
          g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INCOMPLETE,
                       _("The claim cannot be approved yet. %s"), description);
          return FALSE;
        }
      if (!add_history (self, claim_id, article_id, at, "approval-override", description,
                        data->reason, error))
        return FALSE;
    }
  /* The request for changes has been answered */
  return set_review_comment (self, claim_id, "", error);
}

gboolean
fm_store_approve_claim (FmStore     *self,
                        FmClaim     *claim,
                        const char  *override_reason,
                        GError     **error)
{
  g_autofree char *reason = NULL;
  ApproveData data = { NULL, 0 };

  g_return_val_if_fail (FM_IS_STORE (self), FALSE);
  g_return_val_if_fail (FM_IS_CLAIM (claim), FALSE);

  reason = fm_collapse_space (override_reason);
  data.reason = reason != NULL && *reason != '\0' ? reason : NULL;
  return move_claim (self, claim, STATUS_BIT (FM_STATUS_NEEDS_REVIEW), FM_STATUS_APPROVED,
                     _("Only a claim that waits for review can be approved (this one is: %s); "
                       "submit it for review first"),
                     approve_extra, &data, error);
}

static gboolean
comment_extra (FmStore     *self,
               const char  *claim_id,
               const char  *article_id,
               const char  *at,
               gpointer     user_data,
               GError     **error)
{
  const char *comment = user_data;

  return set_review_comment (self, claim_id, comment, error) &&
         add_history (self, claim_id, article_id, at, "comment", NULL, comment, error);
}

static char *
clean_comment (const char  *comment,
               GError     **error)
{
  g_autofree char *stripped = NULL;

  if (comment == NULL || !g_utf8_validate (comment, -1, NULL))
    {
      g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INVALID,
                   _("A comment is needed"));
      return NULL;
    }
  stripped = g_strstrip (g_strdup (comment));
  if (*stripped == '\0')
    {
      g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INVALID,
                   _("A comment is needed: say what should change"));
      return NULL;
    }
  return g_steal_pointer (&stripped);
}

gboolean
fm_store_request_changes (FmStore     *self,
                          FmClaim     *claim,
                          const char  *comment,
                          GError     **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (FM_IS_STORE (self), FALSE);
  g_return_val_if_fail (FM_IS_CLAIM (claim), FALSE);

  text = clean_comment (comment, error);
  if (text == NULL)
    return FALSE;
  return move_claim (self, claim,
                     STATUS_BIT (FM_STATUS_NEEDS_REVIEW) | STATUS_BIT (FM_STATUS_APPROVED),
                     FM_STATUS_CHANGES_REQUESTED,
                     _("Changes can be requested only for a claim that waits for review or was "
                       "approved (this one is: %s)"),
                     comment_extra, text, error);
}

gboolean
fm_store_add_comment (FmStore     *self,
                      FmClaim     *claim,
                      const char  *comment,
                      GError     **error)
{
  g_autofree char *text = NULL;
  g_autofree char *article_id = NULL;
  g_autofree char *now = NULL;
  const char *claim_id;

  g_return_val_if_fail (FM_IS_STORE (self), FALSE);
  g_return_val_if_fail (FM_IS_CLAIM (claim), FALSE);

  text = clean_comment (comment, error);
  if (text == NULL)
    return FALSE;
  claim_id = fm_claim_get_id (claim);
  if (!begin (self, error))
    return FALSE;
  article_id = claim_article_id (self, claim_id, error);
  now = fm_now_iso ();
  if (article_id == NULL ||
      !add_history (self, claim_id, article_id, now, "comment", NULL, text, error) ||
      !touch_claim (self, claim_id, now, error))
    {
      rollback (self);
      return FALSE;
    }
  if (!commit (self, error))
    return FALSE;

  claim_changed (self, claim, "comment");
  return TRUE;
}

/* Review queries */

GArray *
fm_store_query_claim_keys (FmStore             *self,
                           const FmClaimQuery  *query,
                           GError             **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT c.rowid");
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  g_return_val_if_fail (FM_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  build_where (query, sql, params);
  append_order (query, sql);
  stmt = prepare_once (self, sql->str, error);
  if (stmt == NULL)
    return NULL;
  bind_params (stmt, params);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 key = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (keys, key);
    }
  if (rc != SQLITE_DONE)
    {
      set_error (self, error, rc, _("Could not read the claims"));
      return NULL;
    }
  return g_steal_pointer (&keys);
}

/* Rows are fetched this many at a time: one statement, reused */
#define KEYS_PER_STATEMENT 32

typedef struct
{
  FmClaim *claim;
  guint    number;
  gint64   start;
  char    *article_id;
} KeyedClaim;

static void
keyed_claim_free (KeyedClaim *kc)
{
  g_clear_object (&kc->claim);
  g_free (kc->article_id);
  g_free (kc);
}

static int
compare_starts (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *)a;
  gint64 y = *(const gint64 *)b;

  return x < y ? -1 : x > y;
}

/* Adds to each claim's number the claims of its article that start before
 * it. Counting them per claim walks the index claims_by_article from the
 * article's first claim each time: for a page of claims in a long article
 * (thousands of claims) that is millions of index entries. Here each
 * article's start offsets up to the last claim of the page are read once,
 * in order, and each claim's count is a binary search among them. */
static gboolean
count_claims_before (FmStore     *self,
                     GHashTable  *by_key,
                     GError     **error)
{
  g_autoptr(GHashTable) by_article = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                            (GDestroyNotify)g_ptr_array_unref);
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gpointer value;
  sqlite3_stmt *stmt;

  g_hash_table_iter_init (&iter, by_key);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      KeyedClaim *kc = value;
      GPtrArray *claims = g_hash_table_lookup (by_article, kc->article_id);

      if (claims == NULL)
        {
          claims = g_ptr_array_new ();
          g_hash_table_insert (by_article, kc->article_id, claims);
        }
      g_ptr_array_add (claims, kc);
    }

  stmt = prepare (self, "SELECT start_offset FROM claims WHERE article_id = ? "
                        "AND start_offset < ? ORDER BY start_offset", error);
  if (stmt == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, by_article);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GPtrArray *claims = value;
      gint64 last = 0;
      int rc;

      for (guint i = 0; i < claims->len; i++)
        last = MAX (last, ((KeyedClaim *)g_ptr_array_index (claims, i))->start);
      g_array_set_size (starts, 0);
      bind_text (stmt, 1, ((KeyedClaim *)g_ptr_array_index (claims, 0))->article_id);
      sqlite3_bind_int64 (stmt, 2, last);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 start = sqlite3_column_int64 (stmt, 0);
          g_array_append_val (starts, start);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return set_error (self, error, rc, _("Could not read the claims"));
      /* In order already (the index's); sorted again in case a plan
       * without the index is ever chosen */
      g_array_sort (starts, compare_starts);

      for (guint i = 0; i < claims->len; i++)
        {
          KeyedClaim *kc = g_ptr_array_index (claims, i);
          guint lo = 0;
          guint hi = starts->len;

          /* How many starts are below the claim's */
          while (lo < hi)
            {
              guint mid = lo + (hi - lo) / 2;

              if (g_array_index (starts, gint64, mid) < kc->start)
                lo = mid + 1;
              else
                hi = mid;
            }
          kc->number += lo;
        }
    }
  return TRUE;
}

GPtrArray *
fm_store_get_claims_by_keys (FmStore       *self,
                             const gint64  *keys,
                             guint          n_keys,
                             guint         *numbers,
                             GError       **error)
{
  g_autoptr(GPtrArray) claims = g_ptr_array_new_full (n_keys, g_object_unref);
  g_autoptr(GHashTable) by_key = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                        (GDestroyNotify)keyed_claim_free);
  g_autoptr(GString) sql = g_string_new ("SELECT ");

  g_return_val_if_fail (FM_IS_STORE (self), NULL);
  g_return_val_if_fail (keys != NULL || n_keys == 0, NULL);

  /* The claim's columns first (claim_from_stmt reads them from 0), then
   * its place in its article's text order among the claims that start
   * where it does (few; they need their ids from the table), then its key.
   * The claims that start before it are counted afterwards, per article
   * (count_claims_before()). */
  g_string_append (sql, claim_columns);
  g_string_append (sql, ", "
                        "(SELECT count (*) FROM claims o WHERE o.article_id = c.article_id "
                        "AND o.start_offset = c.start_offset AND (o.end_offset > c.end_offset "
                        "OR (o.end_offset = c.end_offset AND o.id < c.id))) + 1, "
                        "c.rowid FROM claims c WHERE c.rowid IN (");
  for (guint i = 0; i < KEYS_PER_STATEMENT; i++)
    g_string_append (sql, i ? ", ?" : "?");
  g_string_append (sql, ")");

  for (guint start = 0; start < n_keys; start += KEYS_PER_STATEMENT)
    {
      sqlite3_stmt *stmt = prepare (self, sql->str, error);
      int rc;

      if (stmt == NULL)
        return NULL;
      /* Unused places repeat the first key of the batch */
      for (guint i = 0; i < KEYS_PER_STATEMENT; i++)
        sqlite3_bind_int64 (stmt, i + 1, keys[start + (start + i < n_keys ? i : 0)]);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          KeyedClaim *kc = g_new0 (KeyedClaim, 1);
          gint64 *key = g_new (gint64, 1);

          kc->claim = claim_from_stmt (self, stmt);
          kc->number = sqlite3_column_int (stmt, N_CLAIM_COLUMNS);
          kc->start = sqlite3_column_int64 (stmt, 2);
          kc->article_id = g_strdup (column_text (stmt, 1));
          *key = sqlite3_column_int64 (stmt, N_CLAIM_COLUMNS + 1);
          g_hash_table_replace (by_key, key, kc);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          set_error (self, error, rc, _("Could not read the claims"));
          return NULL;
        }
    }
  if (numbers != NULL && !count_claims_before (self, by_key, error))
    return NULL;

  for (guint i = 0; i < n_keys; i++)
    {
      KeyedClaim *kc = g_hash_table_lookup (by_key, &keys[i]);

      if (kc == NULL)
        {
          /* Deleted since the keys were read: the caller re-queries */
          g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_NOT_FOUND,
                       _("A claim was deleted while the list was being read"));
          return NULL;
        }
      g_ptr_array_add (claims, g_object_ref (kc->claim));
      if (numbers != NULL)
        numbers[i] = kc->number;
    }
  return g_steal_pointer (&claims);
}

gboolean
fm_store_count_query_by_status (FmStore             *self,
                                const FmClaimQuery  *query,
                                guint               *counts,
                                GError             **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT c.status, count (*)");
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  FmClaimQuery any_status;
  int rc;

  g_return_val_if_fail (FM_IS_STORE (self), FALSE);
  g_return_val_if_fail (query != NULL, FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);

  any_status = *query;
  any_status.any_status = TRUE;
  build_where (&any_status, sql, params);
  g_string_append (sql, " GROUP BY c.status");
  stmt = prepare_once (self, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  bind_params (stmt, params);
  memset (counts, 0, sizeof (guint) * FM_N_STATUSES);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FmStatus status;

      if (fm_status_from_id (column_text (stmt, 0), &status))
        counts[status] = sqlite3_column_int (stmt, 1);
    }
  if (rc != SQLITE_DONE)
    return set_error (self, error, rc, _("Could not count the claims"));
  return TRUE;
}

static GStrv
list_strings (FmStore     *self,
              const char  *sql,
              GError     **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3_stmt *stmt = prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_error (self, error, rc, _("Could not read the workspace"));
      return NULL;
    }
  return g_strv_builder_end (builder);
}

GStrv
fm_store_list_assignees (FmStore  *self,
                         GError  **error)
{
  g_return_val_if_fail (FM_IS_STORE (self), NULL);
  return list_strings (self, "SELECT DISTINCT assignee FROM claims WHERE assignee <> '' "
                             "ORDER BY assignee COLLATE NOCASE", error);
}

GStrv
fm_store_list_tags (FmStore  *self,
                    GError  **error)
{
  g_return_val_if_fail (FM_IS_STORE (self), NULL);
  return list_strings (self, "SELECT DISTINCT tag FROM claim_tags ORDER BY tag COLLATE NOCASE",
                       error);
}

/* Revisions, re-anchoring and claim suggestions */

G_DEFINE_BOXED_TYPE (FmRevision, fm_revision, fm_revision_copy, fm_revision_free)

FmRevision *
fm_revision_copy (const FmRevision *revision)
{
  FmRevision *copy = g_new0 (FmRevision, 1);

  copy->article_id = g_strdup (revision->article_id);
  copy->number = revision->number;
  copy->title = g_strdup (revision->title);
  copy->source_name = g_strdup (revision->source_name);
  copy->imported_at = g_strdup (revision->imported_at);
  copy->imported_by = g_strdup (revision->imported_by);
  copy->superseded_at = g_strdup (revision->superseded_at);
  copy->text_sha256 = g_strdup (revision->text_sha256);
  copy->length = revision->length;
  return copy;
}

void
fm_revision_free (FmRevision *revision)
{
  if (revision == NULL)
    return;
  g_free (revision->article_id);
  g_free (revision->title);
  g_free (revision->source_name);
  g_free (revision->imported_at);
  g_free (revision->imported_by);
  g_free (revision->superseded_at);
  g_free (revision->text_sha256);
  g_free (revision);
}

/* The quote selector of characters [start, end) of @text */
static void
selector_from_text (const char  *text,
                    guint        length,
                    guint        start,
                    guint        end,
                    char       **quote,
                    char       **prefix,
                    char       **suffix)
{
  *quote = g_utf8_substring (text, start, end);
  *prefix = g_utf8_substring (text, start > FM_CLAIM_CONTEXT_CHARS ? start - FM_CLAIM_CONTEXT_CHARS : 0,
                              start);
  *suffix = g_utf8_substring (text, end, MIN (length, end + FM_CLAIM_CONTEXT_CHARS));
}

static gboolean
read_current_text (FmStore     *self,
                   const char  *article_id,
                   char       **text,
                   char       **sha,
                   guint       *revision,
                   GError     **error)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT text, text_sha256, revision FROM articles WHERE id = ?",
                                error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, article_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *text = g_strdup (column_text (stmt, 0));
      *sha = g_strdup (column_text (stmt, 1));
      *revision = sqlite3_column_int (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_NOT_FOUND,
                   _("There is no article with the id %s"), article_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return set_error (self, error, rc, _("Could not read the article"));
  return TRUE;
}

/* The title of another article whose current text has this hash, or NULL */
static char *
other_article_with_text (FmStore     *self,
                         const char  *article_id,
                         const char  *sha,
                         GError     **error)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT title FROM articles WHERE text_sha256 = ? AND id <> ?",
                                error);
  char *title = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, sha);
  bind_text (stmt, 2, article_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    title = g_strdup (column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    set_error (self, error, rc, _("Could not read the workspace"));
  sqlite3_reset (stmt);
  return title;
}

typedef struct
{
  char          *id;
  guint          start;
  guint          end;
  char          *quote;
  char          *prefix;
  char          *suffix;
  FmStatus       status;
  FmAnchorState  anchor;
  double         confidence;
} ClaimRow;

static void
claim_row_free (gpointer data)
{
  ClaimRow *row = data;

  g_free (row->id);
  g_free (row->quote);
  g_free (row->prefix);
  g_free (row->suffix);
  g_free (row);
}

static GPtrArray *
read_claim_rows (FmStore     *self,
                 const char  *article_id,
                 GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (claim_row_free);
  sqlite3_stmt *stmt = prepare (self, "SELECT id, start_offset, end_offset, quote, prefix, suffix, "
                                      "status, anchor, anchor_confidence FROM claims "
                                      "WHERE article_id = ? ORDER BY start_offset, id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, article_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ClaimRow *row = g_new0 (ClaimRow, 1);

      row->id = g_strdup (column_text (stmt, 0));
      row->start = sqlite3_column_int (stmt, 1);
      row->end = sqlite3_column_int (stmt, 2);
      row->quote = g_strdup (column_text (stmt, 3));
      row->prefix = g_strdup (column_text (stmt, 4));
      row->suffix = g_strdup (column_text (stmt, 5));
      row->status = FM_STATUS_UNCHECKED;
      fm_status_from_id (column_text (stmt, 6), &row->status);
      row->anchor = FM_ANCHOR_STATE_PLACED;
      fm_anchor_state_from_id (column_text (stmt, 7), &row->anchor);
      row->confidence = sqlite3_column_double (stmt, 8);
      g_ptr_array_add (rows, row);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_error (self, error, rc, _("Could not read the claims"));
      return NULL;
    }
  return g_steal_pointer (&rows);
}

static gboolean
write_claim_anchor (FmStore        *self,
                    const char     *claim_id,
                    guint           start,
                    guint           end,
                    const char     *quote,
                    const char     *prefix,
                    const char     *suffix,
                    FmAnchorState   state,
                    double          confidence,
                    GError        **error)
{
  sqlite3_stmt *stmt = prepare (self, "UPDATE claims SET start_offset = ?, end_offset = ?, quote = ?, "
                                      "prefix = ?, suffix = ?, anchor = ?, anchor_confidence = ? "
                                      "WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, start);
  sqlite3_bind_int64 (stmt, 2, end);
  bind_text (stmt, 3, quote);
  bind_text (stmt, 4, prefix);
  bind_text (stmt, 5, suffix);
  bind_text (stmt, 6, fm_anchor_state_to_id (state));
  sqlite3_bind_double (stmt, 7, CLAMP (confidence, 0.0, 1.0));
  bind_text (stmt, 8, claim_id);
  return step_done (self, stmt, _("Could not save the claim"), error);
}

static char *
describe_place (guint          revision,
                FmAnchorState  state,
                guint          start,
                guint          end)
{
  if (state == FM_ANCHOR_STATE_ORPHAN)
    return g_strdup_printf ("revision %u, unplaced", revision);
  return g_strdup_printf ("revision %u, characters %u–%u", revision, start, end);
}

/* Finds one claim again in the new text and records where it went */
static gboolean
reanchor_claim (FmStore            *self,
                FmAnchor           *anchor,
                const char         *article_id,
                ClaimRow           *row,
                guint               from,
                const char         *text,
                guint               length,
                const char         *now,
                FmRevisionSummary  *sum,
                GError            **error)
{
  g_autofree char *quote = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *suffix = NULL;
  g_autofree char *old_place = NULL;
  g_autofree char *new_place = NULL;
  FmAnchorMatch match;
  FmAnchorState state;
  double confidence;
  guint start, end;
  gboolean quote_changed;

  sum->n_claims++;
  fm_anchor_locate (anchor, row->quote, row->prefix, row->suffix, row->start, row->end, &match);

  if (match.kind == FM_ANCHOR_MATCH_NONE)
    {
      /* Kept with its old quote; the span only has to stay inside the text */
      state = FM_ANCHOR_STATE_ORPHAN;
      confidence = 0.0;
      start = MIN (row->start, length - 1);
      end = MIN (MAX (row->end, start + 1), length);
      quote = g_strdup (row->quote);
      prefix = g_strdup (row->prefix);
      suffix = g_strdup (row->suffix);
      quote_changed = TRUE;
      sum->n_orphaned++;
      new_place = g_strdup_printf ("revision %u, unplaced: the quote is no longer in the article",
                                   from + 1);
    }
  else
    {
      start = match.start;
      end = match.end;
      selector_from_text (text, length, start, end, &quote, &prefix, &suffix);
      quote_changed = !g_str_equal (quote, row->quote);
      confidence = match.confidence;
      state = match.needs_confirmation ? FM_ANCHOR_STATE_FLAGGED : FM_ANCHOR_STATE_PLACED;
      /* What was waiting for a person still is; a claim lost and found
       * again is confirmed by a person too */
      if (row->anchor == FM_ANCHOR_STATE_FLAGGED)
        confidence = MIN (confidence, row->confidence);
      if (row->anchor != FM_ANCHOR_STATE_PLACED)
        state = FM_ANCHOR_STATE_FLAGGED;

      if (match.kind == FM_ANCHOR_MATCH_EXACT)
        sum->n_exact++;
      else if (match.kind == FM_ANCHOR_MATCH_MOVED)
        sum->n_moved++;
      else
        sum->n_changed++;
      if (state == FM_ANCHOR_STATE_FLAGGED)
        sum->n_flagged++;
      new_place = g_strdup_printf ("revision %u, characters %u–%u, %s, confidence %.2f%s",
                                   from + 1, start, end, fm_anchor_match_kind_to_id (match.kind),
                                   confidence,
                                   state == FM_ANCHOR_STATE_FLAGGED ? ", to confirm" : "");
    }
  old_place = describe_place (from, row->anchor, row->start, row->end);

  if (!write_claim_anchor (self, row->id, start, end, quote, prefix, suffix, state, confidence,
                           error) ||
      !add_history (self, row->id, article_id, now, "anchor", old_place, new_place, error))
    return FALSE;
  if (quote_changed && match.kind != FM_ANCHOR_MATCH_NONE &&
      !add_history (self, row->id, article_id, now, "quote", row->quote, quote, error))
    return FALSE;
  /* What the editor approved is no longer what the article says */
  if (quote_changed && row->status == FM_STATUS_APPROVED)
    {
      if (!write_status (self, row->id, article_id, fm_status_to_id (FM_STATUS_APPROVED),
                         FM_STATUS_NEEDS_REVIEW, now, error))
        return FALSE;
      sum->n_reopened++;
    }
  if ((quote_changed || state != FM_ANCHOR_STATE_PLACED) && !touch_claim (self, row->id, now, error))
    return FALSE;
  return TRUE;
}

/* Reads the article row into its live object, text included */
static FmArticle *
reload_article (FmStore     *self,
                const char  *id,
                GError     **error)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT " ARTICLE_COLUMNS ", text FROM articles WHERE id = ?",
                                error);
  FmArticle *article = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    article = article_from_stmt (self, stmt, TRUE);
  else if (rc == SQLITE_DONE)
    g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_NOT_FOUND,
                 _("There is no article with the id %s"), id);
  else
    set_error (self, error, rc, _("Could not read the article"));
  sqlite3_reset (stmt);
  return article;
}

static FmArticle *
revise_article (FmStore            *self,
                const char         *article_id,
                FmArticle          *revision,
                FmRevisionSummary  *summary,
                gboolean           *unchanged,
                GError            **error)
{
  g_autofree char *old_text = NULL;
  g_autofree char *old_sha = NULL;
  g_autofree char *now = NULL;
  g_autofree char *other = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(FmAnchor) anchor = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(FmArticle) stored = NULL;
  g_autofree char *revision_id = NULL;
  FmRevisionSummary sum = { 0 };
  const char *text = fm_article_get_text (revision);
  guint length = fm_article_get_length (revision);
  GBytes *original;
  sqlite3_stmt *stmt;
  guint old_number = 0;

  *unchanged = FALSE;
  if (summary)
    *summary = sum;
  if (length == 0)
    {
      g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INVALID, _("The new version has no text"));
      return NULL;
    }
  if (!begin (self, error))
    return NULL;
  if (!read_current_text (self, article_id, &old_text, &old_sha, &old_number, error))
    goto fail;

  if (g_str_equal (old_sha, fm_article_get_text_sha256 (revision)))
    {
      rollback (self);
      *unchanged = TRUE;
      if (summary)
        summary->revision = old_number;
      return fm_store_get_article (self, article_id, error);
    }
  other = other_article_with_text (self, article_id, fm_article_get_text_sha256 (revision),
                                   &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      goto fail;
    }
  if (other != NULL)
    {
      g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INVALID,
                   _("This text is already the article “%s” in the workspace"), other);
      goto fail;
    }

  now = fm_now_iso ();
  revision_id = fm_uuid_new ();

  /* The current revision goes to the archive, its original bytes with it */
  stmt = prepare (self,
                  "INSERT INTO article_revisions (id, article_id, number, title, byline, site_name, "
                  "url, canonical_url, published, lang, source_format, source_name, fetched_at, "
                  "imported_at, imported_by, superseded_at, length, text_sha256, original, text) "
                  "SELECT ?, id, revision, title, byline, site_name, url, canonical_url, published, "
                  "lang, source_format, source_name, fetched_at, coalesce (revised_at, imported_at), "
                  "coalesce (revised_by, imported_by), ?, length, text_sha256, "
                  "(SELECT bytes FROM article_originals o WHERE o.article_id = a.id), text "
                  "FROM articles a WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, 1, revision_id);
  bind_text (stmt, 2, now);
  bind_text (stmt, 3, article_id);
  if (!step_done (self, stmt, _("Could not keep the earlier version"), error))
    goto fail;

  /* Metadata the new version does not have stays as it was */
  stmt = prepare (self,
                  "UPDATE articles SET title = coalesce (nullif (?, ''), title), "
                  "byline = coalesce (?, byline), site_name = coalesce (?, site_name), "
                  "url = coalesce (?, url), canonical_url = coalesce (?, canonical_url), "
                  "published = coalesce (?, published), lang = coalesce (?, lang), "
                  "source_format = coalesce (?, source_format), "
                  "source_name = coalesce (?, source_name), fetched_at = ?, length = ?, "
                  "text_sha256 = ?, text = ?, revision = revision + 1, revised_at = ?, "
                  "revised_by = ? WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, 1, fm_article_get_title (revision));
  bind_text (stmt, 2, fm_article_get_byline (revision));
  bind_text (stmt, 3, fm_article_get_site_name (revision));
  bind_text (stmt, 4, fm_article_get_url (revision));
  bind_text (stmt, 5, fm_article_get_canonical_url (revision));
  bind_text (stmt, 6, fm_article_get_published (revision));
  bind_text (stmt, 7, fm_article_get_lang (revision));
  bind_text (stmt, 8, fm_article_get_source_format (revision));
  bind_text (stmt, 9, fm_article_get_source_name (revision));
  bind_text (stmt, 10, fm_article_get_fetched_at (revision));
  sqlite3_bind_int64 (stmt, 11, length);
  bind_text (stmt, 12, fm_article_get_text_sha256 (revision));
  bind_text (stmt, 13, text);
  bind_text (stmt, 14, now);
  bind_text (stmt, 15, self->actor);
  bind_text (stmt, 16, article_id);
  if (!step_done (self, stmt, _("Could not save the new version"), error))
    goto fail;

  stmt = prepare (self, "DELETE FROM article_originals WHERE article_id = ?", error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, 1, article_id);
  if (!step_done (self, stmt, _("Could not save the new version"), error))
    goto fail;
  original = fm_article_get_original (revision);
  if (original != NULL)
    {
      gsize size;
      gconstpointer data = g_bytes_get_data (original, &size);

      stmt = prepare (self, "INSERT INTO article_originals (article_id, bytes) VALUES (?, ?)", error);
      if (stmt == NULL)
        goto fail;
      bind_text (stmt, 1, article_id);
      sqlite3_bind_blob64 (stmt, 2, data ? data : "", size, SQLITE_TRANSIENT);
      if (!step_done (self, stmt, _("Could not save the new version"), error))
        goto fail;
    }

  /* Every claim onto the new text */
  rows = read_claim_rows (self, article_id, error);
  if (rows == NULL)
    goto fail;
  anchor = fm_anchor_new (old_text, text);
  for (guint i = 0; i < rows->len; i++)
    if (!reanchor_claim (self, anchor, article_id, g_ptr_array_index (rows, i), old_number, text,
                         length, now, &sum, error))
      goto fail;
  sum.revision = old_number + 1;

  if (!commit (self, error))
    return NULL;

  if (summary)
    *summary = sum;
  stored = reload_article (self, article_id, error);
  if (stored == NULL)
    return NULL;
  g_signal_emit (self, signals[ARTICLE_REVISED], 0, stored, sum.revision);
  for (guint i = 0; i < rows->len; i++)
    {
      ClaimRow *row = g_ptr_array_index (rows, i);
      g_autoptr(FmClaim) claim = load_claim (self, row->id, NULL);

      if (claim != NULL)
        claim_changed (self, claim, "anchor");
    }
  g_signal_emit (self, signals[ARTICLE_CHANGED], 0, article_id);
  return g_steal_pointer (&stored);

fail:
  rollback (self);
  return NULL;
}

FmArticle *
fm_store_revise_article (FmStore            *self,
                         const char         *article_id,
                         FmArticle          *revision,
                         FmRevisionSummary  *summary,
                         GError            **error)
{
  gboolean unchanged;

  g_return_val_if_fail (FM_IS_STORE (self), NULL);
  g_return_val_if_fail (article_id != NULL, NULL);
  g_return_val_if_fail (FM_IS_ARTICLE (revision), NULL);

  return revise_article (self, article_id, revision, summary, &unchanged, error);
}

static char *
find_article_by_canonical_url (FmStore     *self,
                               const char  *url,
                               GError     **error)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT id FROM articles WHERE canonical_url = ? "
                                      "ORDER BY imported_at, rowid LIMIT 1", error);
  char *id = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, url);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = g_strdup (column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    set_error (self, error, rc, _("Could not read the workspace"));
  sqlite3_reset (stmt);
  return id;
}

FmArticle *
fm_store_import_article (FmStore            *self,
                         FmArticle          *article,
                         const char         *version_of,
                         FmArticleAddition  *addition,
                         FmRevisionSummary  *summary,
                         GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *existing = NULL;
  g_autofree char *target = NULL;
  const char *canonical;
  FmArticle *stored;
  gboolean unchanged = FALSE;
  gboolean existed = FALSE;

  g_return_val_if_fail (FM_IS_STORE (self), NULL);
  g_return_val_if_fail (FM_IS_ARTICLE (article), NULL);

  if (addition)
    *addition = FM_ARTICLE_ADDITION_NEW;
  if (summary)
    *summary = (FmRevisionSummary) { 0 };

  if (fm_article_get_length (article) == 0)
    {
      g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INVALID, _("The article has no text"));
      return NULL;
    }

  if (version_of != NULL)
    target = g_strdup (version_of);
  else
    {
      /* The same text as any revision of any article reopens that article */
      existing = find_article_by_sha (self, fm_article_get_text_sha256 (article), &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      canonical = fm_article_get_canonical_url (article);
      if (existing == NULL && canonical != NULL && *canonical != '\0')
        {
          target = find_article_by_canonical_url (self, canonical, &local_error);
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
        }
    }

  if (target == NULL)
    {
      stored = fm_store_add_article (self, article, &existed, error);
      if (stored != NULL && addition)
        *addition = existed ? FM_ARTICLE_ADDITION_EXISTED : FM_ARTICLE_ADDITION_NEW;
      return stored;
    }

  stored = revise_article (self, target, article, summary, &unchanged, error);
  if (stored != NULL && addition)
    *addition = unchanged ? FM_ARTICLE_ADDITION_EXISTED : FM_ARTICLE_ADDITION_REVISED;
  return stored;
}

GPtrArray *
fm_store_list_revisions (FmStore     *self,
                         const char  *article_id,
                         GError     **error)
{
  g_autoptr(GPtrArray) revisions = g_ptr_array_new_with_free_func ((GDestroyNotify)fm_revision_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (FM_IS_STORE (self), NULL);
  g_return_val_if_fail (article_id != NULL, NULL);

  stmt = prepare (self, "SELECT article_id, number, title, source_name, imported_at, imported_by, "
                        "superseded_at, text_sha256, length FROM article_revisions "
                        "WHERE article_id = ?1 "
                        "UNION ALL SELECT id, revision, title, source_name, "
                        "coalesce (revised_at, imported_at), coalesce (revised_by, imported_by), "
                        "NULL, text_sha256, length FROM articles WHERE id = ?1 ORDER BY 2", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, article_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FmRevision *revision = g_new0 (FmRevision, 1);

      revision->article_id = g_strdup (column_text (stmt, 0));
      revision->number = sqlite3_column_int (stmt, 1);
      revision->title = g_strdup (column_text (stmt, 2));
      revision->source_name = g_strdup (column_text (stmt, 3));
      revision->imported_at = g_strdup (column_text (stmt, 4));
      revision->imported_by = g_strdup (column_text (stmt, 5));
      revision->superseded_at = g_strdup (column_text (stmt, 6));
      revision->text_sha256 = g_strdup (column_text (stmt, 7));
      revision->length = sqlite3_column_int (stmt, 8);
      g_ptr_array_add (revisions, revision);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_error (self, error, rc, _("Could not read the article's versions"));
      return NULL;
    }
  if (revisions->len == 0)
    {
      g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_NOT_FOUND,
                   _("There is no article with the id %s"), article_id);
      return NULL;
    }
  return g_steal_pointer (&revisions);
}

char *
fm_store_get_revision_text (FmStore     *self,
                            const char  *article_id,
                            guint        number,
                            GError     **error)
{
  sqlite3_stmt *stmt;
  char *text = NULL;
  int rc;

  g_return_val_if_fail (FM_IS_STORE (self), NULL);
  g_return_val_if_fail (article_id != NULL, NULL);

  stmt = prepare (self, "SELECT text FROM articles WHERE id = ?1 AND revision = ?2 "
                        "UNION ALL SELECT text FROM article_revisions "
                        "WHERE article_id = ?1 AND number = ?2", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, article_id);
  sqlite3_bind_int64 (stmt, 2, number);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    text = g_strdup (column_text (stmt, 0));
  else if (rc == SQLITE_DONE)
    g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_NOT_FOUND,
                 _("The article %s has no version %u"), article_id, number);
  else
    set_error (self, error, rc, _("Could not read the article"));
  sqlite3_reset (stmt);
  return text;
}

guint
fm_store_get_article_revision (FmStore     *self,
                               const char  *article_id,
                               char       **revised_at,
                               GError     **error)
{
  sqlite3_stmt *stmt;
  guint number = 0;
  int rc;

  g_return_val_if_fail (FM_IS_STORE (self), 0);
  g_return_val_if_fail (article_id != NULL, 0);

  if (revised_at)
    *revised_at = NULL;
  stmt = prepare (self, "SELECT revision, revised_at FROM articles WHERE id = ?", error);
  if (stmt == NULL)
    return 0;
  bind_text (stmt, 1, article_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      number = sqlite3_column_int (stmt, 0);
      if (revised_at)
        *revised_at = g_strdup (column_text (stmt, 1));
    }
  else if (rc == SQLITE_DONE)
    g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_NOT_FOUND,
                 _("There is no article with the id %s"), article_id);
  else
    set_error (self, error, rc, _("Could not read the article"));
  sqlite3_reset (stmt);
  return number;
}

GArray *
fm_store_diff_revisions (FmStore     *self,
                         const char  *article_id,
                         guint        from,
                         guint        to,
                         GError     **error)
{
  g_autofree char *old_text = NULL;
  g_autofree char *new_text = NULL;

  g_return_val_if_fail (FM_IS_STORE (self), NULL);
  g_return_val_if_fail (article_id != NULL, NULL);

  old_text = fm_store_get_revision_text (self, article_id, from, error);
  if (old_text == NULL)
    return NULL;
  new_text = fm_store_get_revision_text (self, article_id, to, error);
  if (new_text == NULL)
    return NULL;
  return fm_diff_words (old_text, new_text);
}

GPtrArray *
fm_store_list_claims_by_anchor (FmStore        *self,
                                const char     *article_id,
                                FmAnchorState   state,
                                GError        **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (FM_IS_STORE (self), NULL);
  g_return_val_if_fail (article_id != NULL, NULL);
  g_return_val_if_fail (state < FM_N_ANCHOR_STATES, NULL);

  sql = g_strconcat ("SELECT ", claim_columns, " FROM claims c WHERE c.article_id = ? "
                     "AND c.anchor = ? ORDER BY c.start_offset, c.end_offset DESC, c.id", NULL);
  stmt = prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, article_id);
  bind_text (stmt, 2, fm_anchor_state_to_id (state));
  return collect_claims (self, stmt, error);
}

/* The stored span, quote, anchor and article of a claim */
static gboolean
read_claim_place (FmStore        *self,
                  const char     *claim_id,
                  ClaimRow       *row,
                  char          **article_id,
                  GError        **error)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT start_offset, end_offset, quote, status, anchor, "
                                      "anchor_confidence, article_id FROM claims WHERE id = ?",
                                error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, claim_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      row->start = sqlite3_column_int (stmt, 0);
      row->end = sqlite3_column_int (stmt, 1);
      row->quote = g_strdup (column_text (stmt, 2));
      fm_status_from_id (column_text (stmt, 3), &row->status);
      fm_anchor_state_from_id (column_text (stmt, 4), &row->anchor);
      row->confidence = sqlite3_column_double (stmt, 5);
      *article_id = g_strdup (column_text (stmt, 6));
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_NOT_FOUND,
                   _("The claim %s no longer exists"), claim_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return set_error (self, error, rc, _("Could not read the claim"));
  return TRUE;
}

gboolean
fm_store_confirm_claim_anchor (FmStore  *self,
                               FmClaim  *claim,
                               GError  **error)
{
  ClaimRow row = { 0 };
  g_autofree char *article_id = NULL;
  g_autofree char *now = NULL;
  g_autofree char *old_value = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (FM_IS_STORE (self), FALSE);
  g_return_val_if_fail (FM_IS_CLAIM (claim), FALSE);

  if (!begin (self, error))
    return FALSE;
  if (!read_claim_place (self, fm_claim_get_id (claim), &row, &article_id, error))
    goto fail;
  if (row.anchor == FM_ANCHOR_STATE_ORPHAN)
    {
      g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INVALID,
                   _("This claim is not in the article any more: select the text it belongs to "
                     "and place it there"));
      goto fail;
    }
  if (row.anchor == FM_ANCHOR_STATE_PLACED)
    {
      rollback (self);
      g_free (row.quote);
      return TRUE;
    }
  now = fm_now_iso ();
  old_value = g_strdup_printf ("characters %u–%u, to confirm (confidence %.2f)", row.start, row.end,
                               row.confidence);
  stmt = prepare (self, "UPDATE claims SET anchor = 'placed', anchor_confidence = 1.0 WHERE id = ?",
                  error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, 1, fm_claim_get_id (claim));
  if (!step_done (self, stmt, _("Could not save the claim"), error) ||
      !add_history (self, fm_claim_get_id (claim), article_id, now, "anchor", old_value,
                    "confirmed", error) ||
      !touch_claim (self, fm_claim_get_id (claim), now, error))
    goto fail;
  if (!commit (self, error))
    {
      g_free (row.quote);
      return FALSE;
    }
  g_free (row.quote);
  claim_changed (self, claim, "anchor");
  return TRUE;

fail:
  g_free (row.quote);
  rollback (self);
  return FALSE;
}

gboolean
fm_store_place_claim (FmStore  *self,
                      FmClaim  *claim,
                      guint     start,
                      guint     end,
                      GError  **error)
{
  ClaimRow row = { 0 };
  g_autoptr(FmArticle) article = NULL;
  g_autofree char *article_id = NULL;
  g_autofree char *now = NULL;
  g_autofree char *quote = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *suffix = NULL;
  g_autofree char *old_place = NULL;
  g_autofree char *new_place = NULL;
  guint length;

  g_return_val_if_fail (FM_IS_STORE (self), FALSE);
  g_return_val_if_fail (FM_IS_CLAIM (claim), FALSE);

  if (!check_writable (self, error))
    return FALSE;
  if (!check_span (self, fm_claim_get_article_id (claim), start, end, &length, error))
    return FALSE;
  article = fm_store_get_article (self, fm_claim_get_article_id (claim), error);
  if (article == NULL)
    return FALSE;
  selector_from_text (fm_article_get_text (article), length, start, end, &quote, &prefix, &suffix);

  if (!begin (self, error))
    return FALSE;
  if (!read_claim_place (self, fm_claim_get_id (claim), &row, &article_id, error))
    goto fail;
  if (!g_str_equal (article_id, fm_claim_get_article_id (claim)))
    {
      g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INVALID,
                   _("The claim belongs to another article"));
      goto fail;
    }
  now = fm_now_iso ();
  old_place = row.anchor == FM_ANCHOR_STATE_ORPHAN ?
              g_strdup ("unplaced") :
              g_strdup_printf ("characters %u–%u", row.start, row.end);
  new_place = g_strdup_printf ("characters %u–%u, placed by hand", start, end);
  if (!write_claim_anchor (self, fm_claim_get_id (claim), start, end, quote, prefix, suffix,
                           FM_ANCHOR_STATE_PLACED, 1.0, error) ||
      !add_history (self, fm_claim_get_id (claim), article_id, now, "anchor", old_place, new_place,
                    error))
    goto fail;
  if (!g_str_equal (quote, row.quote))
    {
      if (!add_history (self, fm_claim_get_id (claim), article_id, now, "quote", row.quote, quote,
                        error) ||
          !reopen_if_approved (self, fm_claim_get_id (claim), article_id, now, error))
        goto fail;
    }
  if (!touch_claim (self, fm_claim_get_id (claim), now, error))
    goto fail;
  g_clear_pointer (&row.quote, g_free);
  if (!commit (self, error))
    return FALSE;
  claim_changed (self, claim, "anchor");
  return TRUE;

fail:
  g_free (row.quote);
  rollback (self);
  return FALSE;
}

/* Suggestions */

static gboolean
article_exists (FmStore     *self,
                const char  *article_id,
                GError     **error)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT 1 FROM articles WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, article_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_NOT_FOUND,
                   _("There is no article with the id %s"), article_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return set_error (self, error, rc, _("Could not read the workspace"));
  return TRUE;
}

gboolean
fm_store_dismiss_suggestion (FmStore     *self,
                             const char  *article_id,
                             const char  *sentence,
                             GError     **error)
{
  g_autofree char *clean = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *now = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (FM_IS_STORE (self), FALSE);
  g_return_val_if_fail (article_id != NULL, FALSE);
  g_return_val_if_fail (sentence != NULL, FALSE);

  clean = fm_collapse_space (sentence);
  if (*clean == '\0' || !g_utf8_validate (clean, -1, NULL))
    {
      g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INVALID,
                   _("There is no sentence to dismiss"));
      return FALSE;
    }
  sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, clean, -1);
  now = fm_now_iso ();

  if (!begin (self, error))
    return FALSE;
  if (!article_exists (self, article_id, error))
    goto fail;
  stmt = prepare (self, "INSERT OR REPLACE INTO dismissed_suggestions (article_id, sentence_sha256, "
                        "sentence, dismissed_by, dismissed_at) VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, 1, article_id);
  bind_text (stmt, 2, sha);
  bind_text (stmt, 3, clean);
  bind_text (stmt, 4, self->actor);
  bind_text (stmt, 5, now);
  if (!step_done (self, stmt, _("Could not save the dismissal"), error))
    goto fail;
  return commit (self, error);

fail:
  rollback (self);
  return FALSE;
}

gboolean
fm_store_undismiss_suggestion (FmStore     *self,
                               const char  *article_id,
                               const char  *sentence,
                               GError     **error)
{
  g_autofree char *clean = NULL;
  g_autofree char *sha = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (FM_IS_STORE (self), FALSE);
  g_return_val_if_fail (article_id != NULL, FALSE);
  g_return_val_if_fail (sentence != NULL, FALSE);

  clean = fm_collapse_space (sentence);
  sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, clean, -1);
  if (!begin (self, error))
    return FALSE;
  stmt = prepare (self, "DELETE FROM dismissed_suggestions WHERE article_id = ? AND "
                        "sentence_sha256 = ?", error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, 1, article_id);
  bind_text (stmt, 2, sha);
  if (!step_done (self, stmt, _("Could not save the change"), error))
    goto fail;
  return commit (self, error);

fail:
  rollback (self);
  return FALSE;
}

GHashTable *
fm_store_list_dismissed_suggestions (FmStore     *self,
                                     const char  *article_id,
                                     GError     **error)
{
  g_autoptr(GHashTable) set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (FM_IS_STORE (self), NULL);
  g_return_val_if_fail (article_id != NULL, NULL);

  stmt = prepare (self, "SELECT sentence FROM dismissed_suggestions WHERE article_id = ?", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, article_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (set, g_strdup (column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_error (self, error, rc, _("Could not read the dismissed suggestions"));
      return NULL;
    }
  return g_steal_pointer (&set);
}

FmClaim *
fm_store_accept_suggestion (FmStore     *self,
                            const char  *article_id,
                            guint        start,
                            guint        end,
                            const char  *reasons,
                            GError     **error)
{
  g_autoptr(FmArticle) article = NULL;
  g_autoptr(FmClaim) claim = NULL;
  g_autofree char *quote = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *suffix = NULL;
  g_autofree char *id = NULL;
  g_autofree char *now = NULL;
  guint length;

  g_return_val_if_fail (FM_IS_STORE (self), NULL);
  g_return_val_if_fail (article_id != NULL, NULL);

  if (!check_writable (self, error) ||
      !check_span (self, article_id, start, end, &length, error))
    return NULL;
  article = fm_store_get_article (self, article_id, error);
  if (article == NULL)
    return NULL;

  selector_from_text (fm_article_get_text (article), length, start, end, &quote, &prefix, &suffix);
  id = fm_uuid_new ();
  now = fm_now_iso ();
  claim = fm_claim_new ();
  fm_claim_set_id (claim, id);
  fm_claim_set_article_id (claim, article_id);
  fm_claim_set_span (claim, start, end);
  fm_claim_set_selector (claim, quote, prefix, suffix);
  fm_claim_set_created (claim, self->actor, now);
  fm_claim_set_updated (claim, self->actor, now);

  if (!begin (self, error))
    return NULL;
  if (!insert_claim_row (self, claim, error) ||
      !add_history (self, id, article_id, now, "created", NULL, quote, error) ||
      !add_history (self, id, article_id, now, "suggestion-accepted", NULL,
                    reasons ? reasons : "", error))
    {
      rollback (self);
      return NULL;
    }
  if (!commit (self, error))
    return NULL;

  live_map_add (&self->claims, claim);
  g_signal_emit (self, signals[CLAIM_ADDED], 0, claim);
  g_signal_emit (self, signals[ARTICLE_CHANGED], 0, article_id);
  return g_steal_pointer (&claim);
}

/* Inserting many claims at once */

/* The row to insert for @claim: a copy with an id, times and authors
 * filled in, and its sources numbered in order */
static FmClaim *
prepare_claim_row (FmStore     *self,
                   FmClaim     *claim,
                   GPtrArray   *sources,
                   const char  *now,
                   const char  *date,
                   GPtrArray  **source_rows)
{
  FmClaim *row = fm_claim_copy (claim);
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_object_unref);

  if (fm_claim_get_id (row) == NULL)
    {
      g_autofree char *new_id = fm_uuid_new ();
      fm_claim_set_id (row, new_id);
    }
  if (fm_claim_get_created_at (row) == NULL)
    fm_claim_set_created (row, self->actor, now);
  if (fm_claim_get_updated_at (row) == NULL)
    fm_claim_set_updated (row, self->actor, now);

  for (guint i = 0; sources != NULL && i < sources->len; i++)
    {
      FmSource *source = fm_source_copy (g_ptr_array_index (sources, i));

      g_ptr_array_add (rows, source);
      if (fm_source_get_id (source) == NULL)
        {
          g_autofree char *source_id = fm_uuid_new ();
          fm_source_set_id (source, source_id);
        }
      fm_source_set_claim_id (source, fm_claim_get_id (row));
      fm_source_set_position (source, i);
      if (fm_source_get_created_at (source) == NULL)
        {
          fm_source_set_created_at (source, now);
          fm_source_set_created_by (source, self->actor);
        }
      if (*fm_source_get_accessed (source) == '\0')
        fm_source_set_accessed (source, date);
    }
  *source_rows = rows;
  return row;
}

static gboolean record_imported_fields (FmStore     *self,
                                        FmClaim     *row,
                                        GPtrArray   *sources,
                                        const char  *at,
                                        GError     **error);

/* fm_store_insert_claims(), and when @imported, each claim's values are
 * recorded in its history after an "imported" entry, as changes are */
static GPtrArray *
insert_claims (FmStore    *self,
               GPtrArray  *claims,
               GPtrArray  *sources,
               gboolean    imported,
               GError    **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) source_rows = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GHashTable) articles = NULL;
  g_autofree char *now = NULL;
  g_autofree char *date = NULL;
  GHashTableIter iter;
  gpointer article_id;

  g_return_val_if_fail (FM_IS_STORE (self), NULL);
  g_return_val_if_fail (claims != NULL, NULL);
  g_return_val_if_fail (sources == NULL || sources->len == claims->len, NULL);

  if (!check_writable (self, error))
    return NULL;
  for (guint i = 0; i < claims->len; i++)
    {
      FmClaim *claim = g_ptr_array_index (claims, i);
      GPtrArray *claim_sources = sources ? g_ptr_array_index (sources, i) : NULL;
      guint length;

      g_return_val_if_fail (FM_IS_CLAIM (claim), NULL);
      if (!check_span (self, fm_claim_get_article_id (claim), fm_claim_get_start (claim),
                       fm_claim_get_end (claim), &length, error) ||
          !validate_claim_values (claim, error))
        return NULL;
      for (guint k = 0; claim_sources != NULL && k < claim_sources->len; k++)
        if (!validate_source (g_ptr_array_index (claim_sources, k), error))
          return NULL;
    }

  now = fm_now_iso ();
  date = today ();
  rows = g_ptr_array_new_with_free_func (g_object_unref);
  source_rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  for (guint i = 0; i < claims->len; i++)
    {
      GPtrArray *claim_sources = sources ? g_ptr_array_index (sources, i) : NULL;
      GPtrArray *these = NULL;

      g_ptr_array_add (rows, prepare_claim_row (self, g_ptr_array_index (claims, i),
                                                claim_sources, now, date, &these));
      g_ptr_array_add (source_rows, these);
    }

  if (!begin (self, error))
    return NULL;
  for (guint i = 0; i < rows->len; i++)
    {
      FmClaim *row = g_ptr_array_index (rows, i);
      GPtrArray *these = g_ptr_array_index (source_rows, i);
      gboolean exists = FALSE;
      gboolean seen_before = FALSE;

      if (!claim_exists (self, fm_claim_get_id (row), &exists, error))
        goto fail;
      if (exists)
        {
          g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INVALID,
                       _("The workspace already has a claim with the id %s"),
                       fm_claim_get_id (row));
          goto fail;
        }
      if (!has_history (self, fm_claim_get_id (row), &seen_before, error) ||
          !insert_claim_row (self, row, error))
        goto fail;
      for (guint k = 0; k < these->len; k++)
        if (!insert_source_row (self, g_ptr_array_index (these, k), error))
          goto fail;
      /* The undo of a delete brings back a claim whose history is still there */
      if (!add_history (self, fm_claim_get_id (row), fm_claim_get_article_id (row), now,
                        seen_before ? "restored" : "created", NULL, fm_claim_get_quote (row),
                        error))
        goto fail;
      if (imported && !record_imported_fields (self, row, these, now, error))
        goto fail;
    }
  if (!commit (self, error))
    return NULL;

  /* Committed: from here on, only the live objects and listeners */
  stored = g_ptr_array_new_with_free_func (g_object_unref);
  articles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < rows->len; i++)
    {
      FmClaim *row = g_ptr_array_index (rows, i);
      g_autoptr(GError) local_error = NULL;
      FmClaim *claim = load_claim (self, fm_claim_get_id (row), &local_error);

      if (claim == NULL)
        {
          /* The change is saved; say so rather than pretend it failed */
          g_warning ("Could not read back claim %s: %s", fm_claim_get_id (row),
                     local_error->message);
          claim = g_object_ref (row);
        }
      g_ptr_array_add (stored, claim);
      g_hash_table_add (articles, g_strdup (fm_claim_get_article_id (row)));
    }
  for (guint i = 0; i < stored->len; i++)
    g_signal_emit (self, signals[CLAIM_ADDED], 0, g_ptr_array_index (stored, i));
  g_hash_table_iter_init (&iter, articles);
  while (g_hash_table_iter_next (&iter, &article_id, NULL))
    g_signal_emit (self, signals[ARTICLE_CHANGED], 0, article_id);
  return g_steal_pointer (&stored);

fail:
  rollback (self);
  return NULL;
}

GPtrArray *
fm_store_insert_claims (FmStore    *self,
                        GPtrArray  *claims,
                        GPtrArray  *sources,
                        GError    **error)
{
  return insert_claims (self, claims, sources, FALSE, error);
}

/* Sources of a whole article */

GHashTable *
fm_store_list_article_sources (FmStore     *self,
                               const char  *article_id,
                               GError     **error)
{
  g_autoptr(GHashTable) table = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (FM_IS_STORE (self), NULL);
  g_return_val_if_fail (article_id != NULL, NULL);

  /* One query for what would be one per claim: an export of an article
   * with thousands of claims reads them all */
  stmt = prepare (self, "SELECT s.id, s.claim_id, s.position, s.url, s.title, s.publisher, "
                        "s.author, s.published, s.accessed, s.archive_url, s.stance, s.kind, "
                        "s.note, s.created_by, s.created_at "
                        "FROM claims c JOIN sources s ON s.claim_id = c.id "
                        "WHERE c.article_id = ? "
                        "ORDER BY s.claim_id, s.position, s.created_at, s.id", error);
  if (stmt == NULL)
    return NULL;
  table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                 (GDestroyNotify)g_ptr_array_unref);
  bind_text (stmt, 1, article_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *claim_id = column_text (stmt, 1);
      GPtrArray *sources = g_hash_table_lookup (table, claim_id);

      if (sources == NULL)
        {
          sources = g_ptr_array_new_with_free_func (g_object_unref);
          g_hash_table_insert (table, g_strdup (claim_id), sources);
        }
      g_ptr_array_add (sources, source_from_stmt (self, stmt));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_error (self, error, rc, _("Could not read the sources"));
      return NULL;
    }
  return g_steal_pointer (&table);
}

/* Limits (fault tests) */

guint64
fm_store_get_page_count (FmStore *self)
{
  gint64 n = 0;

  g_return_val_if_fail (FM_IS_STORE (self), 0);
  if (!query_int (self, "PRAGMA page_count", &n, NULL))
    return 0;
  return n;
}

guint64
fm_store_set_page_limit (FmStore *self,
                         guint64  max_pages)
{
  g_autofree char *sql = NULL;
  gint64 limit = 0;

  g_return_val_if_fail (FM_IS_STORE (self), 0);

  /* PRAGMAs take no bound parameters; the value is a number we format.
   * SQLite clamps it to the largest size it supports. */
  sql = g_strdup_printf ("PRAGMA max_page_count = %" G_GUINT64_FORMAT,
                         max_pages == 0 ? G_GUINT64_CONSTANT (4294967294) : max_pages);
  if (!query_int (self, sql, &limit, NULL))
    return 0;
  return limit;
}

/* ===================================================================== */
/* Sync (issue 11): change capture and merge                              */
/* ===================================================================== */

/* Capture. Every write transaction runs under an SQLite session attached to
 * the shared tables (sync_table_descs below: never the FTS tables, which
 * their triggers keep, nor the local sync_* bookkeeping). Just before
 * COMMIT, commit() hands the session's changeset to sync_capture_commit(),
 * which stores it in sync_outbox in the same transaction with a sequence
 * number, the recorded time and what had been applied from others: a change
 * is recorded if and only if it is committed, whichever run of the app
 * made it.
 *
 * Merge. fm_store_sync_apply() applies others' ops in causal order (an op
 * only after every op it had seen). Its rules give the same result in every
 * order of arrival:
 *  - Fields: each field of each row holds the value of the change with the
 *    latest recorded time; equal times go to the greater workspace id. A
 *    changeset carries only the fields a transaction changed, so edits of
 *    different fields of one claim on two machines are both kept.
 *  - Deletions: an op that deletes a row also deletes the rows below it
 *    that its author had (a claim's sources and tags): a "deletion" is one
 *    such group, from the row it started from. It stands unless a change
 *    was made to that row, or to a row below it, without having seen it;
 *    then it is undone as a whole (whichever arrives first) and the
 *    conflict recorded. A row re-created after its deletion (an undo) is
 *    back by itself; the rows deleted with it stay deleted.
 *  - Fields that only make sense together (a claim's placement, an
 *    article's text and its hash, a status and its reviewer) are recorded
 *    whole whenever one of them changes (sync_groups) and merge as one.
 *  - Tags are rows of their own, so adding and removing tags merge as sets.
 *  - An article imported on two machines with the same text is kept once,
 *    under the smaller id. Two machines' new versions of an article: the
 *    later text is current, the other is listed; earlier versions are kept
 *    once per number and the current number stays above them.
 *  - A claim that is not approved has no reviewer (status and reviewer
 *    are one group, below).
 *  - A change to a claim's verdict, explanation or sources and an approval
 *    made without seeing each other are listed for review.
 * The recorded time never goes back: it is the wall clock, raised where
 * needed past every change the workspace already holds, so that a change
 * made after seeing another always counts as the later one.
 *
 * The bookkeeping behind this (sync_rows, sync_fields, sync_writes,
 * sync_graves, sync_deleters) is brought up to date for our own ops from
 * sync_outbox at the start of each apply ("indexing"), with the same code
 * that applies others' ops but without touching the tables. Each op
 * carries what its author had applied from every other workspace, so
 * "had seen" is exact, not guessed from clocks. */

#define SYNC_KEY_SEPARATOR "\x1f"

/* FmSyncOp */

G_DEFINE_BOXED_TYPE (FmSyncOp, fm_sync_op, fm_sync_op_copy, fm_sync_op_free)

FmSyncOp *
fm_sync_op_copy (const FmSyncOp *op)
{
  FmSyncOp *copy = g_new0 (FmSyncOp, 1);

  copy->workspace_id = g_strdup (op->workspace_id);
  copy->seq = op->seq;
  copy->stamp = op->stamp;
  copy->actor = g_strdup (op->actor);
  copy->deps = op->deps ? g_variant_ref (op->deps) : NULL;
  copy->changeset = op->changeset ? g_bytes_ref (op->changeset) : NULL;
  return copy;
}

void
fm_sync_op_free (FmSyncOp *op)
{
  if (op == NULL)
    return;
  g_free (op->workspace_id);
  g_free (op->actor);
  g_clear_pointer (&op->deps, g_variant_unref);
  g_clear_pointer (&op->changeset, g_bytes_unref);
  g_free (op);
}

/* The shared tables */

typedef struct
{
  const char         *name;
  const char         *parent;         /* the parent row's table, or NULL */
  const char         *parent_col;     /* the column holding the parent's key */
  const char         *field_prefix;   /* history name prefix for conflicts */
  const char * const *reported;       /* fields whose conflicts people see; NULL: none */
  gboolean            append_only;    /* rows are only ever inserted */
} SyncTableDesc;

/* Timestamps, offsets, keys and the reviewer (which follows the status)
 * are merged like any field but never reported as conflicts */
static const char * const sync_article_fields[] = {
  "title", "byline", "site_name", "url", "canonical_url", "published", "lang", "text", NULL
};
static const char * const sync_claim_fields[] = {
  "summary", "verdict", "status", "explanation", "assignee", "review_comment", NULL
};
static const char * const sync_source_fields[] = {
  "url", "title", "publisher", "author", "published", "accessed", "archive_url", "stance",
  "kind", "note", NULL
};

/* Parents before children: inserts go in this order, deletions in reverse.
 * Every table whose rows are shared content must be listed here, and no
 * other: a new shared table needs an entry (and a primary key of TEXT
 * columns). */
static const SyncTableDesc sync_table_descs[] = {
  { "articles", NULL, NULL, "article.", sync_article_fields, FALSE },
  { "article_originals", "articles", "article_id", NULL, NULL, FALSE },
  /* Earlier texts of an article: one row per (article, number) */
  { "article_revisions", "articles", "article_id", NULL, NULL, FALSE },
  { "claims", "articles", "article_id", "", sync_claim_fields, FALSE },
  { "claim_tags", "claims", "claim_id", NULL, NULL, FALSE },
  { "sources", "claims", "claim_id", "source.", sync_source_fields, FALSE },
  { "dismissed_suggestions", "articles", "article_id", NULL, NULL, FALSE },
  /* Append-only by trigger: each entry is inserted once, by its op */
  { "history", NULL, NULL, NULL, NULL, TRUE },
};

#define N_SYNC_TABLES G_N_ELEMENTS (sync_table_descs)

typedef struct
{
  const SyncTableDesc *desc;
  guint                index;       /* in sync_table_descs */
  guint                n_cols;
  char               **cols;        /* in declaration order */
  char               **quoted;      /* the same, quoted for SQL */
  char                *quoted_name; /* the table's name, quoted for SQL */
  guint8              *pk;          /* per column: 0, or its 1-based place in the key */
  guint                n_pk;
  int                 *pk_cols;     /* the column of each place in the key */
  int                  parent_col;  /* -1: none */
  int                  parent;      /* the parent table's index, -1: none */
} SyncTable;

struct _FmSyncSchema
{
  gatomicrefcount ref_count;
  SyncTable       tables[N_SYNC_TABLES];
};

G_DEFINE_BOXED_TYPE (FmSyncSchema, fm_sync_schema, fm_sync_schema_ref, fm_sync_schema_unref)

FmSyncSchema *
fm_sync_schema_ref (FmSyncSchema *schema)
{
  g_return_val_if_fail (schema != NULL, NULL);
  g_atomic_ref_count_inc (&schema->ref_count);
  return schema;
}

void
fm_sync_schema_unref (FmSyncSchema *schema)
{
  g_return_if_fail (schema != NULL);

  if (!g_atomic_ref_count_dec (&schema->ref_count))
    return;
  for (guint i = 0; i < N_SYNC_TABLES; i++)
    {
      g_strfreev (schema->tables[i].cols);
      g_strfreev (schema->tables[i].quoted);
      g_free (schema->tables[i].quoted_name);
      g_free (schema->tables[i].pk);
      g_free (schema->tables[i].pk_cols);
    }
  g_free (schema);
}

static char *
quote_ident (const char *name)
{
  g_autoptr(GString) quoted = g_string_new ("\"");

  for (const char *p = name; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (quoted, '"');
      g_string_append_c (quoted, *p);
    }
  g_string_append_c (quoted, '"');
  return g_string_free (g_steal_pointer (&quoted), FALSE);
}

static char *where_key (const SyncTable *t);

static int
sync_table_index (const char *name)
{
  for (guint i = 0; i < N_SYNC_TABLES; i++)
    if (g_strcmp0 (sync_table_descs[i].name, name) == 0)
      return i;
  return -1;
}

static int
sync_column_index (const SyncTable *t,
                   const char      *name)
{
  for (guint i = 0; i < t->n_cols; i++)
    if (g_str_equal (t->cols[i], name))
      return i;
  return -1;
}

/* Reads the layout of the shared tables from the workspace itself */
static FmSyncSchema *
sync_schema_load (FmStore *self)
{
  FmSyncSchema *schema = g_new0 (FmSyncSchema, 1);

  g_atomic_ref_count_init (&schema->ref_count);
  for (guint i = 0; i < N_SYNC_TABLES; i++)
    {
      SyncTable *t = &schema->tables[i];
      g_autoptr(GPtrArray) cols = g_ptr_array_new ();
      g_autoptr(GPtrArray) quoted = g_ptr_array_new ();
      g_autoptr(GByteArray) pk = g_byte_array_new ();
      g_autoptr(sqlite3_stmt) stmt = NULL;

      t->desc = &sync_table_descs[i];
      t->index = i;
      t->quoted_name = quote_ident (t->desc->name);
      t->parent_col = -1;
      t->parent = t->desc->parent ? sync_table_index (t->desc->parent) : -1;
      if (sqlite3_prepare_v2 (self->db, "SELECT name, pk FROM pragma_table_info (?) ORDER BY cid",
                              -1, &stmt, NULL) == SQLITE_OK)
        {
          sqlite3_bind_text (stmt, 1, t->desc->name, -1, SQLITE_STATIC);
          while (sqlite3_step (stmt) == SQLITE_ROW)
            {
              guint8 place = MIN (sqlite3_column_int (stmt, 1), 255);

              g_ptr_array_add (cols, g_strdup (column_text (stmt, 0)));
              g_ptr_array_add (quoted, quote_ident (column_text (stmt, 0)));
              g_byte_array_append (pk, &place, 1);
              if (place > t->n_pk)
                t->n_pk = place;
            }
        }
      t->n_cols = cols->len;
      g_ptr_array_add (cols, NULL);
      g_ptr_array_add (quoted, NULL);
      t->cols = (char **)g_ptr_array_free (g_steal_pointer (&cols), FALSE);
      t->quoted = (char **)g_ptr_array_free (g_steal_pointer (&quoted), FALSE);
      t->pk = g_byte_array_free (g_steal_pointer (&pk), FALSE);
      t->pk_cols = g_new0 (int, MAX (t->n_pk, 1));
      for (guint c = 0; c < t->n_cols; c++)
        if (t->pk[c] > 0)
          t->pk_cols[t->pk[c] - 1] = c;
      if (t->desc->parent_col != NULL)
        t->parent_col = sync_column_index (t, t->desc->parent_col);
    }
  return schema;
}

FmSyncSchema *
fm_store_sync_get_schema (FmStore *self)
{
  g_return_val_if_fail (FM_IS_STORE (self), NULL);

  if (self->sync_schema == NULL)
    self->sync_schema = sync_schema_load (self);
  return fm_sync_schema_ref (self->sync_schema);
}

static const SyncTable *
sync_schema_table (FmSyncSchema *schema,
                   const char   *name)
{
  int i = sync_table_index (name);

  return i < 0 ? NULL : &schema->tables[i];
}

/* Checking ops: SQLite's changeset format, byte by byte
 *
 * The format (sqlite3session.c): per table a header 'T', varint column
 * count, one primary-key byte per column, NUL-terminated name; then changes:
 * an op byte (INSERT 18, UPDATE 23, DELETE 9), an "indirect" byte, and the
 * old and/or new record. A record has one value per column: a type byte
 * (0 undefined, 1 integer, 2 real, 3 text, 4 blob, 5 null) then 8 bytes
 * for numbers, a varint length and the bytes for text and blobs. SQLite
 * 3.40 trusts changesets (a truncated one can make sqlite3changeset_next()
 * loop forever), so nothing reaches SQLite before this walk accepts it. */

typedef struct
{
  const guint8 *p;
  const guint8 *end;
} ByteReader;

static gboolean
read_varint (ByteReader *r,
             guint64    *value)
{
  guint64 v = 0;

  for (guint i = 0; i < 9; i++)
    {
      guint8 b;

      if (r->p >= r->end)
        return FALSE;
      b = *r->p++;
      if (i == 8)
        {
          *value = (v << 8) | b;
          return TRUE;
        }
      v = (v << 7) | (b & 0x7f);
      if ((b & 0x80) == 0)
        {
          *value = v;
          return TRUE;
        }
    }
  return FALSE;
}

typedef struct
{
  int           type;      /* 0 undefined, else SQLITE_INTEGER … SQLITE_NULL */
  const guint8 *data;
  gsize         len;
} RawValue;

static gboolean
read_raw_value (ByteReader *r,
                RawValue   *value)
{
  guint64 len;

  if (r->p >= r->end)
    return FALSE;
  value->type = *r->p++;
  value->data = NULL;
  value->len = 0;
  switch (value->type)
    {
    case 0:
    case SQLITE_NULL:
      return TRUE;
    case SQLITE_INTEGER:
    case SQLITE_FLOAT:
      if (r->end - r->p < 8)
        return FALSE;
      value->data = r->p;
      value->len = 8;
      r->p += 8;
      return TRUE;
    case SQLITE_TEXT:
    case SQLITE_BLOB:
      if (!read_varint (r, &len) || len > (guint64)(r->end - r->p) || len > G_MAXINT)
        return FALSE;
      value->data = r->p;
      value->len = len;
      r->p += len;
      return TRUE;
    default:
      return FALSE;
    }
}

G_GNUC_PRINTF (2, 3)
static gboolean
invalid_op (GError    **error,
            const char *format,
            ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INVALID,
               _("The changes are damaged or were not made by Factmark (%s)"), detail);
  return FALSE;
}

static gboolean
check_record (ByteReader      *r,
              const SyncTable *t,
              guint            n_cols,
              int              op,
              gboolean         is_new,
              guint8          *defined,
              GError         **error)
{
  for (guint i = 0; i < n_cols; i++)
    {
      RawValue v;
      gboolean key = t->pk[i] > 0;

      if (!read_raw_value (r, &v))
        return invalid_op (error, "a value of %s is cut short", t->desc->name);
      defined[i] = v.type != 0;

      if (op != SQLITE_UPDATE && v.type == 0)
        return invalid_op (error, "a row of %s lacks a value", t->desc->name);
      if (op == SQLITE_UPDATE && key && is_new && v.type != 0)
        return invalid_op (error, "an update of %s changes a key", t->desc->name);
      if (op == SQLITE_UPDATE && key && !is_new && v.type == 0)
        return invalid_op (error, "an update of %s has no key", t->desc->name);
      if (op == SQLITE_UPDATE && is_new && (int)i == t->parent_col && v.type != 0)
        return invalid_op (error, "an update of %s moves a row", t->desc->name);
      /* Keys and parent keys are text (UUIDs, tags) */
      if ((key || (int)i == t->parent_col) && v.type != 0 && v.type != SQLITE_TEXT)
        return invalid_op (error, "a key of %s is not text", t->desc->name);
      if (v.type == SQLITE_TEXT && !g_utf8_validate_len ((const char *)v.data, v.len, NULL))
        return invalid_op (error, "a text in %s is not UTF-8", t->desc->name);
      if (v.type == SQLITE_TEXT && memchr (v.data, '\0', v.len) != NULL)
        return invalid_op (error, "a text in %s holds a NUL", t->desc->name);
      if (key && v.type == SQLITE_TEXT && memchr (v.data, SYNC_KEY_SEPARATOR[0], v.len) != NULL)
        return invalid_op (error, "a key of %s holds a control character", t->desc->name);
    }
  return TRUE;
}

static gboolean
check_changeset_bytes (FmSyncSchema  *schema,
                       GBytes        *bytes,
                       GError       **error)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  ByteReader r = { data, data + size };
  const SyncTable *t = NULL;
  guint n_cols = 0;
  guint n_changes = 0;

  if (size == 0)
    return invalid_op (error, "no changes");

  while (r.p < r.end)
    {
      guint8 byte = *r.p++;

      if (byte == 'T')
        {
          guint64 n;
          const guint8 *name;
          const guint8 *nul;

          if (!read_varint (&r, &n) || n == 0 || n > 1000 || n > (guint64)(r.end - r.p))
            return invalid_op (error, "a table header is cut short");
          name = r.p + n;
          nul = memchr (name, '\0', r.end - name);
          if (nul == NULL)
            return invalid_op (error, "a table name is cut short");
          t = sync_schema_table (schema, (const char *)name);
          if (t == NULL || t->n_cols == 0)
            return invalid_op (error, "unknown table “%.40s”",
                               g_utf8_validate ((const char *)name, -1, NULL) ?
                                 (const char *)name : "?");
          /* An older Factmark may send fewer columns, never other keys */
          if (n > t->n_cols)
            return invalid_op (error, "%s has more columns than this version knows", t->desc->name);
          for (guint i = 0; i < t->n_cols; i++)
            if ((i < n ? r.p[i] : 0) != t->pk[i])
              return invalid_op (error, "%s has another primary key", t->desc->name);
          n_cols = n;
          r.p = nul + 1;
        }
      else if (byte == SQLITE_INSERT || byte == SQLITE_UPDATE || byte == SQLITE_DELETE)
        {
          guint8 old_defined[1000];
          guint8 new_defined[1000];
          gboolean any = FALSE;

          if (t == NULL)
            return invalid_op (error, "a change comes before its table");
          if (r.p >= r.end || *r.p > 1)
            return invalid_op (error, "a change is cut short");
          r.p++;
          if (t->desc->append_only && byte != SQLITE_INSERT)
            return invalid_op (error, "%s only ever grows", t->desc->name);
          if (byte != SQLITE_INSERT &&
              !check_record (&r, t, n_cols, byte, FALSE, old_defined, error))
            return FALSE;
          if (byte != SQLITE_DELETE &&
              !check_record (&r, t, n_cols, byte, TRUE, new_defined, error))
            return FALSE;
          if (byte == SQLITE_UPDATE)
            {
              for (guint i = 0; i < n_cols; i++)
                {
                  if (new_defined[i] && !old_defined[i])
                    return invalid_op (error, "an update of %s lacks an old value", t->desc->name);
                  any |= new_defined[i];
                }
              if (!any)
                return invalid_op (error, "an update of %s changes nothing", t->desc->name);
            }
          n_changes++;
        }
      else
        return invalid_op (error, "unexpected byte 0x%02x", byte);
    }
  if (n_changes == 0)
    return invalid_op (error, "no changes");

  /* SQLite reads it the same way */
  {
    sqlite3_changeset_iter *iter = NULL;
    int rc = sqlite3changeset_start (&iter, size, (void *)data);

    if (rc == SQLITE_OK)
      {
        while ((rc = sqlite3changeset_next (iter)) == SQLITE_ROW)
          ;
        rc = sqlite3changeset_finalize (iter);
      }
    if (rc != SQLITE_OK)
      return invalid_op (error, "%s", sqlite3_errstr (rc));
  }
  return TRUE;
}

static gboolean
is_workspace_id (const char *id)
{
  if (id == NULL || strlen (id) != 36)
    return FALSE;
  for (guint i = 0; i < 36; i++)
    {
      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (id[i] != '-')
            return FALSE;
        }
      else if (!g_ascii_isxdigit (id[i]) || g_ascii_isupper (id[i]))
        return FALSE;
    }
  return TRUE;
}

gboolean
fm_sync_schema_check_op (FmSyncSchema   *schema,
                         const FmSyncOp *op,
                         GError        **error)
{
  GVariantIter iter;
  const char *ws;
  guint64 seq;

  g_return_val_if_fail (schema != NULL, FALSE);
  g_return_val_if_fail (op != NULL, FALSE);

  if (!is_workspace_id (op->workspace_id))
    return invalid_op (error, "no workspace id");
  if (op->seq == 0 || op->seq > G_MAXINT64 || op->stamp <= 0)
    return invalid_op (error, "bad sequence number or time");
  if (op->actor == NULL || !g_utf8_validate (op->actor, -1, NULL) || strlen (op->actor) > 1000)
    return invalid_op (error, "bad author");
  if (op->deps == NULL || !g_variant_is_of_type (op->deps, G_VARIANT_TYPE ("a{st}")))
    return invalid_op (error, "bad dependencies");
  g_variant_iter_init (&iter, op->deps);
  while (g_variant_iter_next (&iter, "{&st}", &ws, &seq))
    if (!is_workspace_id (ws) || g_str_equal (ws, op->workspace_id) || seq == 0 || seq > G_MAXINT64)
      return invalid_op (error, "bad dependencies");
  if (op->changeset == NULL)
    return invalid_op (error, "no changes");
  return check_changeset_bytes (schema, op->changeset, error);
}

/* Capture */

static void
sync_capture_discard (FmStore *self)
{
  g_clear_pointer (&self->session, sqlite3session_delete);
}

static gboolean
sync_capture_begin (FmStore  *self,
                    GError  **error)
{
  int rc;

  if (!self->capture || self->sync_applying)
    return TRUE;
  g_assert (self->session == NULL);

  rc = sqlite3session_create (self->db, "main", &self->session);
  for (guint i = 0; rc == SQLITE_OK && i < N_SYNC_TABLES; i++)
    rc = sqlite3session_attach (self->session, sync_table_descs[i].name);
  if (rc != SQLITE_OK)
    {
      sync_capture_discard (self);
      return set_error (self, error, rc, _("Could not start recording the change"));
    }
  return TRUE;
}

/* "WS SEQ" lines ↔ a{st} */
static GVariant *
deps_from_text (const char *text)
{
  GVariantBuilder builder;
  g_auto(GStrv) lines = g_strsplit (text ? text : "", "\n", -1);

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{st}"));
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *space = strchr (lines[i], ' ');
      g_autofree char *ws = NULL;

      if (space == NULL)
        continue;
      ws = g_strndup (lines[i], space - lines[i]);
      g_variant_builder_add (&builder, "{st}", ws, g_ascii_strtoull (space + 1, NULL, 10));
    }
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

static GHashTable *
deps_to_table (GVariant *deps)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GVariantIter iter;
  const char *ws;
  guint64 seq;

  if (deps == NULL)
    return table;
  g_variant_iter_init (&iter, deps);
  while (g_variant_iter_next (&iter, "{&st}", &ws, &seq))
    g_hash_table_insert (table, g_strdup (ws), g_memdup2 (&seq, sizeof seq));
  return table;
}

/* Appends one op of ours: the next number, a time after every change held */
static gboolean
sync_outbox_append (FmStore       *self,
                    const void    *changeset,
                    int            size,
                    GError       **error)
{
  sqlite3_stmt *stmt;
  gint64 seq = 0;
  gint64 clock = 0;
  gint64 stamp;
  g_autofree char *deps = NULL;

  stmt = prepare (self, "SELECT (SELECT max (seq) FROM sync_outbox), "
                        "max (coalesce ((SELECT stamp FROM sync_outbox ORDER BY seq DESC LIMIT 1), 0), "
                        "     coalesce ((SELECT CAST (value AS INTEGER) FROM workspace "
                        "                WHERE key = 'sync-clock'), 0)), "
                        "(SELECT group_concat (ws || ' ' || seq, char (10)) FROM "
                        "  (SELECT ws, seq FROM sync_peers ORDER BY ws))", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      seq = sqlite3_column_int64 (stmt, 0);
      clock = sqlite3_column_int64 (stmt, 1);
      deps = g_strdup (column_text (stmt, 2));
    }
  sqlite3_reset (stmt);
  stamp = MAX (g_get_real_time (), clock + 1);

  stmt = prepare (self, "INSERT INTO sync_outbox (seq, stamp, actor, deps, changeset) "
                        "VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, seq + 1);
  sqlite3_bind_int64 (stmt, 2, stamp);
  bind_text (stmt, 3, self->actor);
  bind_text (stmt, 4, deps ? deps : "");
  sqlite3_bind_blob (stmt, 5, changeset, size, SQLITE_STATIC);
  return step_done (self, stmt, _("Could not record the change"), error);
}

/* Fields that only make sense together merge as one: a change to any of
 * them is recorded with all of them, so that two machines' changes are
 * never mixed into, say, the start of one placement and the end of
 * another. (A session records only the fields that changed.) */
static const struct {
  const char         *table;
  const char * const  columns[8];
} sync_groups[] = {
  { "claims", { "start_offset", "end_offset", "quote", "prefix", "suffix", "anchor",
                "anchor_confidence", NULL } },
  { "claims", { "status", "reviewed_by", "reviewed_at", NULL } },
  { "articles", { "text", "text_sha256", "length", "revision", "revised_at", "revised_by",
                  NULL } },
};

/* Writing changesets, in the format described above check_changeset_bytes() */
static void
put_varint (GByteArray *out,
            guint64     value)
{
  guint8 buf[10];
  int n = 0;

  if (value > G_GUINT64_CONSTANT (0x00ffffffffffffff))
    {
      /* Nine bytes: the last carries 8 bits */
      buf[8] = value & 0xff;
      value >>= 8;
      for (int i = 7; i >= 0; i--)
        {
          buf[i] = (value & 0x7f) | 0x80;
          value >>= 7;
        }
      g_byte_array_append (out, buf, 9);
      return;
    }
  do
    {
      buf[n++] = (value & 0x7f) | 0x80;
      value >>= 7;
    }
  while (value != 0);
  buf[0] &= 0x7f;
  for (int i = n - 1; i >= 0; i--)
    g_byte_array_append (out, &buf[i], 1);
}

static void
put_value (GByteArray    *out,
           sqlite3_value *value)
{
  guint8 type = value ? sqlite3_value_type (value) : 0;
  guint8 be[8];

  g_byte_array_append (out, &type, 1);
  switch (type)
    {
    case SQLITE_INTEGER:
    case SQLITE_FLOAT:
      {
        guint64 bits;

        if (type == SQLITE_INTEGER)
          bits = (guint64)sqlite3_value_int64 (value);
        else
          {
            double d = sqlite3_value_double (value);
            memcpy (&bits, &d, sizeof bits);
          }
        for (int i = 7; i >= 0; i--, bits >>= 8)
          be[i] = bits & 0xff;
        g_byte_array_append (out, be, 8);
      }
      break;
    case SQLITE_TEXT:
    case SQLITE_BLOB:
      {
        const void *data = type == SQLITE_TEXT ? (const void *)sqlite3_value_text (value)
                                               : sqlite3_value_blob (value);
        int len = sqlite3_value_bytes (value);

        put_varint (out, len);
        if (len > 0)
          g_byte_array_append (out, data, len);
      }
      break;
    default:
      break;
    }
}

static gboolean
column_in_group (const char *table,
                 const char *column,
                 guint      *group)
{
  for (guint g = 0; g < G_N_ELEMENTS (sync_groups); g++)
    if (g_str_equal (sync_groups[g].table, table))
      for (guint c = 0; sync_groups[g].columns[c] != NULL; c++)
        if (g_str_equal (sync_groups[g].columns[c], column))
          {
            *group = g;
            return TRUE;
          }
  return FALSE;
}

/* Rewrites the session's changeset with every group of fields whole: an
 * update that changed part of a group also carries the rest, as they are
 * in this transaction (unchanged, so old and new alike) */
static GByteArray *
sync_complete_groups (FmStore     *self,
                      const void  *data,
                      int          size,
                      GError     **error)
{
  g_autoptr(GByteArray) out = g_byte_array_sized_new (size + 64);
  g_autoptr(FmSyncSchema) schema = fm_store_sync_get_schema (self);
  sqlite3_changeset_iter *iter = NULL;
  const char *current_table = NULL;
  int failed = SQLITE_OK;
  int rc;

  rc = sqlite3changeset_start (&iter, size, (void *)data);
  if (rc != SQLITE_OK)
    {
      set_error (self, error, rc, _("Could not record the change"));
      return NULL;
    }
  while (failed == SQLITE_OK && sqlite3changeset_next (iter) == SQLITE_ROW)
    {
      const char *name;
      int n_cols;
      int op;
      int indirect;
      unsigned char *pk;
      int n_pk;
      const SyncTable *t;
      gboolean fill[64] = { FALSE };
      gboolean any = FALSE;
      g_autoptr(sqlite3_stmt) row = NULL;
      guint8 byte;

      sqlite3changeset_op (iter, &name, &n_cols, &op, &indirect);
      sqlite3changeset_pk (iter, &pk, &n_pk);
      t = sync_schema_table (schema, name);
      g_assert (t != NULL && n_cols <= 64);

      if (current_table == NULL || !g_str_equal (current_table, name))
        {
          byte = 'T';
          g_byte_array_append (out, &byte, 1);
          put_varint (out, n_cols);
          g_byte_array_append (out, pk, n_cols);
          g_byte_array_append (out, (const guint8 *)name, strlen (name) + 1);
          current_table = t->desc->name;
        }

      /* Which group fields the update left out */
      if (op == SQLITE_UPDATE)
        for (int i = 0; i < n_cols; i++)
          {
            sqlite3_value *v = NULL;
            guint group;

            sqlite3changeset_new (iter, i, &v);
            if (v != NULL && column_in_group (name, t->cols[i], &group))
              for (int k = 0; k < n_cols; k++)
                {
                  sqlite3_value *other = NULL;
                  guint other_group;

                  sqlite3changeset_new (iter, k, &other);
                  if (other == NULL && column_in_group (name, t->cols[k], &other_group) &&
                      other_group == group)
                    fill[k] = any = TRUE;
                }
          }
      if (any)
        {
          g_autofree char *cols = g_strjoinv (", ", t->quoted);
          g_autofree char *where = where_key (t);
          g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s WHERE %s", cols,
                                                  t->quoted_name, where);

          failed = sqlite3_prepare_v2 (self->db, sql, -1, &row, NULL);
          for (guint k = 0; failed == SQLITE_OK && k < t->n_pk; k++)
            {
              sqlite3_value *key = NULL;

              sqlite3changeset_old (iter, t->pk_cols[k], &key);
              failed = sqlite3_bind_value (row, k + 1, key);
            }
          if (failed == SQLITE_OK)
            failed = sqlite3_step (row) == SQLITE_ROW ? SQLITE_OK : SQLITE_CORRUPT;
          if (failed != SQLITE_OK)
            break;
        }

      byte = op;
      g_byte_array_append (out, &byte, 1);
      byte = indirect;
      g_byte_array_append (out, &byte, 1);
      for (guint record = 0; record < 2; record++)
        {
          gboolean is_new = record == 1;

          if ((!is_new && op == SQLITE_INSERT) || (is_new && op == SQLITE_DELETE))
            continue;
          for (int i = 0; i < n_cols; i++)
            {
              sqlite3_value *v = NULL;

              if (fill[i])
                v = sqlite3_column_value (row, i);
              else if (is_new)
                sqlite3changeset_new (iter, i, &v);
              else
                sqlite3changeset_old (iter, i, &v);
              put_value (out, v);
            }
        }
    }
  rc = sqlite3changeset_finalize (iter);
  if (failed != SQLITE_OK || rc != SQLITE_OK)
    {
      set_error (self, error, failed != SQLITE_OK ? failed : rc, _("Could not record the change"));
      return NULL;
    }
  return g_steal_pointer (&out);
}

static gboolean
sync_capture_commit (FmStore  *self,
                     GError  **error)
{
  sqlite3_session *session = g_steal_pointer (&self->session);
  void *data = NULL;
  int size = 0;
  int rc;
  gboolean ok;

  if (session == NULL)
    return TRUE;
  if (sqlite3session_isempty (session))
    {
      sqlite3session_delete (session);
      return TRUE;
    }
  rc = sqlite3session_changeset (session, &size, &data);
  sqlite3session_delete (session);
  if (rc != SQLITE_OK)
    return set_error (self, error, rc, _("Could not record the change"));
  /* Changes that cancel out record nothing */
  if (size == 0)
    {
      sqlite3_free (data);
      return TRUE;
    }
  {
    g_autoptr(GByteArray) whole = sync_complete_groups (self, data, size, error);

    sqlite3_free (data);
    ok = whole != NULL && sync_outbox_append (self, whole->data, whole->len, error);
  }
  return ok;
}

/* Records everything an older workspace holds as its first op: the rows
 * are copied into an empty in-memory database under a session, whose
 * changeset then holds them as inserts. */
static gboolean
sync_record_baseline (FmStore  *self,
                      GError  **error)
{
  sqlite3 *mem = NULL;
  sqlite3_session *session = NULL;
  void *data = NULL;
  int size = 0;
  int rc;
  gboolean ok = FALSE;

  rc = sqlite3_open_v2 (":memory:", &mem, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3session_create (mem, "main", &session);

  for (guint i = 0; rc == SQLITE_OK && i < N_SYNC_TABLES; i++)
    {
      const char *name = sync_table_descs[i].name;
      g_autoptr(sqlite3_stmt) ddl = NULL;
      g_autoptr(sqlite3_stmt) rows = NULL;
      g_autoptr(sqlite3_stmt) insert = NULL;
      g_autoptr(GString) sql = NULL;
      g_autofree char *select = NULL;
      g_autofree char *quoted = quote_ident (name);
      int n_cols;

      rc = sqlite3_prepare_v2 (self->db, "SELECT sql FROM sqlite_schema WHERE type = 'table' "
                                         "AND name = ?", -1, &ddl, NULL);
      if (rc != SQLITE_OK)
        break;
      sqlite3_bind_text (ddl, 1, name, -1, SQLITE_STATIC);
      if (sqlite3_step (ddl) != SQLITE_ROW)
        continue;
      rc = sqlite3_exec (mem, column_text (ddl, 0), NULL, NULL, NULL);
      if (rc == SQLITE_OK)
        rc = sqlite3session_attach (session, name);
      if (rc != SQLITE_OK)
        break;

      select = g_strdup_printf ("SELECT * FROM %s", quoted);
      rc = sqlite3_prepare_v2 (self->db, select, -1, &rows, NULL);
      if (rc != SQLITE_OK)
        break;
      n_cols = sqlite3_column_count (rows);
      sql = g_string_new (NULL);
      g_string_printf (sql, "INSERT INTO %s VALUES (", quoted);
      for (int c = 0; c < n_cols; c++)
        g_string_append (sql, c ? ", ?" : "?");
      g_string_append_c (sql, ')');
      rc = sqlite3_prepare_v2 (mem, sql->str, -1, &insert, NULL);
      while (rc == SQLITE_OK && (rc = sqlite3_step (rows)) == SQLITE_ROW)
        {
          for (int c = 0; c < n_cols; c++)
            sqlite3_bind_value (insert, c + 1, sqlite3_column_value (rows, c));
          rc = sqlite3_step (insert);
          rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
          sqlite3_reset (insert);
        }
      if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    }

  if (rc == SQLITE_OK)
    rc = sqlite3session_changeset (session, &size, &data);
  if (rc != SQLITE_OK)
    set_error (self, error, rc, _("Could not prepare the workspace for sync"));
  else
    ok = size == 0 || sync_outbox_append (self, data, size, error);

  sqlite3_free (data);
  if (session != NULL)
    sqlite3session_delete (session);
  sqlite3_close (mem);
  return ok;
}

/* Reading what to send */

guint64
fm_store_sync_get_last_seq (FmStore  *self,
                            GError  **error)
{
  sqlite3_stmt *stmt;
  guint64 seq = 0;
  int rc;

  g_return_val_if_fail (FM_IS_STORE (self), 0);

  stmt = prepare (self, "SELECT coalesce (max (seq), 0) FROM sync_outbox", error);
  if (stmt == NULL)
    return 0;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    seq = sqlite3_column_int64 (stmt, 0);
  else
    set_error (self, error, rc, _("Could not read the workspace"));
  sqlite3_reset (stmt);
  return seq;
}

GPtrArray *
fm_store_sync_get_outbox (FmStore  *self,
                          guint64   after_seq,
                          gsize     max_bytes,
                          GError  **error)
{
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify)fm_sync_op_free);
  sqlite3_stmt *stmt;
  gsize total = 0;
  int rc;

  g_return_val_if_fail (FM_IS_STORE (self), NULL);

  stmt = prepare (self, "SELECT seq, stamp, actor, deps, changeset FROM sync_outbox "
                        "WHERE seq > ? ORDER BY seq", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, MIN (after_seq, (guint64)G_MAXINT64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FmSyncOp *op = g_new0 (FmSyncOp, 1);
      gsize size = sqlite3_column_bytes (stmt, 4);

      op->workspace_id = g_strdup (self->workspace_id);
      op->seq = sqlite3_column_int64 (stmt, 0);
      op->stamp = sqlite3_column_int64 (stmt, 1);
      op->actor = g_strdup (column_text (stmt, 2));
      op->deps = deps_from_text (column_text (stmt, 3));
      op->changeset = g_bytes_new (sqlite3_column_blob (stmt, 4), size);
      g_ptr_array_add (ops, op);
      total += size;
      if (max_bytes > 0 && total >= max_bytes)
        {
          rc = SQLITE_DONE;
          break;
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_error (self, error, rc, _("Could not read the changes to send"));
      return NULL;
    }
  return g_steal_pointer (&ops);
}

GHashTable *
fm_store_sync_get_applied (FmStore  *self,
                           GError  **error)
{
  g_autoptr(GHashTable) applied = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (FM_IS_STORE (self), NULL);

  stmt = prepare (self, "SELECT ws, seq FROM sync_peers", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint64 seq = sqlite3_column_int64 (stmt, 1);

      g_hash_table_insert (applied, g_strdup (column_text (stmt, 0)), g_memdup2 (&seq, sizeof seq));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_error (self, error, rc, _("Could not read the workspace"));
      return NULL;
    }
  return g_steal_pointer (&applied);
}

/* Applying: values */

typedef struct
{
  int     type;             /* 0: undefined; else SQLITE_INTEGER … SQLITE_NULL */
  gint64  i;
  double  d;
  char   *bytes;            /* text (NUL-terminated) or blob */
  gsize   len;
} Val;

static void
val_clear (Val *v)
{
  g_clear_pointer (&v->bytes, g_free);
  v->type = 0;
  v->len = 0;
}

static void
val_set_text (Val        *v,
              const char *text)
{
  val_clear (v);
  if (text == NULL)
    {
      v->type = SQLITE_NULL;
      return;
    }
  v->type = SQLITE_TEXT;
  v->len = strlen (text);
  v->bytes = g_strdup (text);
}

static void
val_from_value (Val           *v,
                sqlite3_value *value)
{
  val_clear (v);
  if (value == NULL)
    return;
  v->type = sqlite3_value_type (value);
  switch (v->type)
    {
    case SQLITE_INTEGER:
      v->i = sqlite3_value_int64 (value);
      break;
    case SQLITE_FLOAT:
      v->d = sqlite3_value_double (value);
      break;
    case SQLITE_TEXT:
      v->len = sqlite3_value_bytes (value);
      v->bytes = g_strndup ((const char *)sqlite3_value_text (value), v->len);
      break;
    case SQLITE_BLOB:
      v->len = sqlite3_value_bytes (value);
      v->bytes = g_memdup2 (sqlite3_value_blob (value), v->len ? v->len : 1);
      break;
    case SQLITE_NULL:
    default:
      v->type = SQLITE_NULL;
      break;
    }
}

static void
val_from_column (Val          *v,
                 sqlite3_stmt *stmt,
                 int           col)
{
  val_from_value (v, sqlite3_column_value (stmt, col));
}

static void
val_bind (sqlite3_stmt *stmt,
          int           index,
          const Val    *v)
{
  switch (v->type)
    {
    case SQLITE_INTEGER:
      sqlite3_bind_int64 (stmt, index, v->i);
      break;
    case SQLITE_FLOAT:
      sqlite3_bind_double (stmt, index, v->d);
      break;
    case SQLITE_TEXT:
      sqlite3_bind_text (stmt, index, v->bytes, v->len, SQLITE_TRANSIENT);
      break;
    case SQLITE_BLOB:
      sqlite3_bind_blob (stmt, index, v->bytes, v->len, SQLITE_TRANSIENT);
      break;
    default:
      sqlite3_bind_null (stmt, index);
      break;
    }
}

static gboolean
val_equal (const Val *a,
           const Val *b)
{
  if (a->type != b->type)
    return FALSE;
  switch (a->type)
    {
    case SQLITE_INTEGER:
      return a->i == b->i;
    case SQLITE_FLOAT:
      return a->d == b->d;
    case SQLITE_TEXT:
    case SQLITE_BLOB:
      return a->len == b->len && memcmp (a->bytes, b->bytes, a->len) == 0;
    default:
      return TRUE;
    }
}

/* A value as text, for conflicts and dumps */
static char *
val_to_text (const Val *v)
{
  switch (v->type)
    {
    case SQLITE_INTEGER:
      return g_strdup_printf ("%" G_GINT64_FORMAT, v->i);
    case SQLITE_FLOAT:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        return g_strdup (g_ascii_dtostr (buf, sizeof buf, v->d));
      }
    case SQLITE_TEXT:
      return g_strndup (v->bytes, v->len);
    case SQLITE_BLOB:
      return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)v->bytes, v->len);
    default:
      return NULL;
    }
}

static void
vals_free (Val   *vals,
           guint  n)
{
  if (vals == NULL)
    return;
  for (guint i = 0; i < n; i++)
    val_clear (&vals[i]);
  g_free (vals);
}

/* Applying: changes */

typedef struct
{
  const SyncTable *table;
  int              op;              /* SQLITE_INSERT, SQLITE_UPDATE, SQLITE_DELETE */
  guint            n_cols;          /* columns in the change: an older version sends fewer */
  Val             *old;             /* n_cols; for updates and deletions */
  Val             *new;             /* n_cols; for inserts and updates */
  char            *key;             /* the primary key's values joined by SYNC_KEY_SEPARATOR */
  char            *parent_key;      /* the parent row's key, for inserts and deletions */
} Change;

static void
change_free (Change *c)
{
  vals_free (c->old, c->n_cols);
  vals_free (c->new, c->n_cols);
  g_free (c->key);
  g_free (c->parent_key);
  g_free (c);
}

static char *
key_from_vals (const SyncTable *t,
               const Val       *vals)
{
  g_autoptr(GString) key = g_string_new (NULL);

  for (guint k = 0; k < t->n_pk; k++)
    {
      const Val *v = &vals[t->pk_cols[k]];

      if (k > 0)
        g_string_append (key, SYNC_KEY_SEPARATOR);
      g_string_append_len (key, v->bytes ? v->bytes : "", v->len);
    }
  return g_string_free (g_steal_pointer (&key), FALSE);
}

/* The changes of a checked changeset */
static GPtrArray *
decode_changeset (FmSyncSchema  *schema,
                  GBytes        *bytes,
                  GError       **error)
{
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify)change_free);
  sqlite3_changeset_iter *iter = NULL;
  gsize size;
  const void *data = g_bytes_get_data (bytes, &size);
  int rc;

  rc = sqlite3changeset_start (&iter, size, (void *)data);
  while (rc == SQLITE_OK && (rc = sqlite3changeset_next (iter)) == SQLITE_ROW)
    {
      const char *name;
      int n_cols;
      int op;
      int indirect;
      Change *c;

      rc = sqlite3changeset_op (iter, &name, &n_cols, &op, &indirect);
      if (rc != SQLITE_OK)
        break;
      c = g_new0 (Change, 1);
      g_ptr_array_add (changes, c);
      c->table = sync_schema_table (schema, name);
      c->op = op;
      c->n_cols = n_cols;
      g_assert (c->table != NULL && (guint)n_cols <= c->table->n_cols);
      /* Columns the sender did not have stay undefined */
      if (op != SQLITE_INSERT)
        {
          c->old = g_new0 (Val, c->table->n_cols);
          for (int i = 0; i < n_cols; i++)
            {
              sqlite3_value *v = NULL;
              sqlite3changeset_old (iter, i, &v);
              val_from_value (&c->old[i], v);
            }
        }
      if (op != SQLITE_DELETE)
        {
          c->new = g_new0 (Val, c->table->n_cols);
          for (int i = 0; i < n_cols; i++)
            {
              sqlite3_value *v = NULL;
              sqlite3changeset_new (iter, i, &v);
              val_from_value (&c->new[i], v);
            }
        }
      c->n_cols = c->table->n_cols;
      c->key = key_from_vals (c->table, op == SQLITE_INSERT ? c->new : c->old);
      if (c->table->parent_col >= 0 && op != SQLITE_UPDATE)
        c->parent_key = val_to_text (&(op == SQLITE_INSERT ? c->new : c->old)[c->table->parent_col]);
    }
  if (rc == SQLITE_DONE || rc == SQLITE_OK)
    rc = sqlite3changeset_finalize (iter);
  else
    sqlite3changeset_finalize (iter);
  if (rc != SQLITE_OK)
    {
      invalid_op (error, "%s", sqlite3_errstr (rc));
      return NULL;
    }
  return g_steal_pointer (&changes);
}

/* Applying: one op */

typedef struct
{
  const char *ws;
  guint64     seq;
  gint64      stamp;
  const char *actor;
  GHashTable *deps;                 /* ws → guint64 * */
} OpInfo;

/* Whether @op's author had seen op (@ws, @seq) */
static gboolean
op_covers (const OpInfo *op,
           const char   *ws,
           guint64       seq)
{
  const guint64 *seen;

  if (seq == 0)
    return TRUE;
  if (g_str_equal (ws, op->ws))
    return seq <= op->seq;
  seen = g_hash_table_lookup (op->deps, ws);
  return seen != NULL && *seen >= seq;
}

/* The recorded-time order, ties to the greater workspace id */
static gboolean
clock_later (gint64      stamp_a,
             const char *ws_a,
             gint64      stamp_b,
             const char *ws_b)
{
  if (stamp_a != stamp_b)
    return stamp_a > stamp_b;
  return strcmp (ws_a, ws_b) > 0;
}

typedef struct
{
  FmStore       *self;
  FmSyncSchema  *schema;
  gboolean       local;             /* indexing our own op: the tables already hold it */
  const OpInfo  *op;
  GHashTable    *claims;            /* claim ids whose rows or sources changed */
  GHashTable    *sources;           /* source ids changed */
  GHashTable    *source_claims;     /* claim ids whose sources changed */
  GHashTable    *new_articles;      /* article ids inserted */
  GHashTable    *renamed;           /* article id → the id it became */
  GHashTable    *appeared;          /* claim ids inserted or brought back */
  GHashTable    *articles;          /* article ids whose row or earlier texts changed */
  GHashTable    *texts;             /* article ids whose text changed */
  GHashTable    *shas;              /* text hashes written or given up */
  GHashTable    *gone;              /* claim id → article id, for claims deleted */
  guint          n_conflicts;
} Apply;

/* WHERE clause on the primary key, and its parameters */
static char *
where_key (const SyncTable *t)
{
  g_autoptr(GString) sql = g_string_new (NULL);

  for (guint k = 0; k < t->n_pk; k++)
    g_string_append_printf (sql, "%s%s = ?", k ? " AND " : "", t->quoted[t->pk_cols[k]]);
  return g_string_free (g_steal_pointer (&sql), FALSE);
}

static void
bind_key (sqlite3_stmt    *stmt,
          int              first,
          const SyncTable *t,
          const char      *key)
{
  g_auto(GStrv) parts = g_strsplit (key, SYNC_KEY_SEPARATOR, t->n_pk);

  for (guint k = 0; k < t->n_pk; k++)
    bind_text (stmt, first + k, parts[k] ? parts[k] : "");
}

/* Reads a live row; *found is FALSE when it is not there */
static Val *
row_read (Apply            *a,
          const SyncTable  *t,
          const char       *key,
          gboolean         *found,
          GError          **error)
{
  g_autofree char *cols = g_strjoinv (", ", t->quoted);
  g_autofree char *where = where_key (t);
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s WHERE %s", cols,
                                          t->quoted_name, where);
  sqlite3_stmt *stmt = prepare (a->self, sql, error);
  Val *vals = NULL;
  int rc;

  *found = FALSE;
  if (stmt == NULL)
    return NULL;
  bind_key (stmt, 1, t, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      vals = g_new0 (Val, t->n_cols);
      for (guint i = 0; i < t->n_cols; i++)
        val_from_column (&vals[i], stmt, i);
      *found = TRUE;
    }
  else if (rc != SQLITE_DONE)
    set_error (a->self, error, rc, _("Could not read the workspace"));
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return NULL;
  return vals ? vals : g_new0 (Val, t->n_cols);
}

/* Applying: bookkeeping */

static gboolean
bk_step (Apply         *a,
         sqlite3_stmt  *stmt,
         GError       **error)
{
  return step_done (a->self, stmt, _("Could not merge the changes"), error);
}

/* Whether the row was ever seen here, and its parent's key */
static gboolean
row_known (Apply            *a,
           const SyncTable  *t,
           const char       *key,
           gboolean         *known,
           char            **parent_key,
           GError          **error)
{
  sqlite3_stmt *stmt = prepare (a->self, "SELECT parent_pk FROM sync_rows WHERE tbl = ? AND pk = ?",
                                error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, t->desc->name);
  bind_text (stmt, 2, key);
  rc = sqlite3_step (stmt);
  *known = rc == SQLITE_ROW;
  if (parent_key != NULL)
    *parent_key = rc == SQLITE_ROW ? g_strdup (column_text (stmt, 0)) : NULL;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_error (a->self, error, rc, _("Could not merge the changes"));
  return TRUE;
}

/* A row is deleted while some deletion keeps it so */
static gboolean
row_dead (Apply            *a,
          const SyncTable  *t,
          const char       *key,
          gboolean         *dead,
          GError          **error)
{
  sqlite3_stmt *stmt = prepare (a->self, "SELECT 1 FROM sync_deleters WHERE tbl = ? AND pk = ? "
                                         "LIMIT 1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, t->desc->name);
  bind_text (stmt, 2, key);
  rc = sqlite3_step (stmt);
  *dead = rc == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_error (a->self, error, rc, _("Could not merge the changes"));
  return TRUE;
}

static gboolean
row_register (Apply            *a,
              const SyncTable  *t,
              const char       *key,
              const char       *parent_key,
              const OpInfo     *op,
              GError          **error)
{
  sqlite3_stmt *stmt = prepare (a->self, "INSERT INTO sync_rows (tbl, pk, parent_tbl, parent_pk, "
                                         "stamp, ws, seq) VALUES (?, ?, ?, ?, ?, ?, ?) "
                                         "ON CONFLICT DO NOTHING", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, t->desc->name);
  bind_text (stmt, 2, key);
  bind_text (stmt, 3, t->parent >= 0 && parent_key ? t->desc->parent : NULL);
  bind_text (stmt, 4, t->parent >= 0 ? parent_key : NULL);
  sqlite3_bind_int64 (stmt, 5, op ? op->stamp : 0);
  bind_text (stmt, 6, op ? op->ws : "");
  sqlite3_bind_int64 (stmt, 7, op ? op->seq : 0);
  return bk_step (a, stmt, error);
}

typedef struct
{
  gint64  stamp;
  char   *ws;
  guint64 seq;
} Clock;

/* The op that last set a field */
static gboolean
field_clock (Apply            *a,
             const SyncTable  *t,
             const char       *key,
             guint             col,
             Clock            *clock,
             GError          **error)
{
  sqlite3_stmt *stmt = prepare (a->self,
                                "SELECT coalesce (f.stamp, r.stamp), coalesce (f.ws, r.ws), "
                                "coalesce (f.seq, r.seq) FROM sync_rows r LEFT JOIN sync_fields f "
                                "ON f.tbl = r.tbl AND f.pk = r.pk AND f.col = ?3 "
                                "WHERE r.tbl = ?1 AND r.pk = ?2", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, t->desc->name);
  bind_text (stmt, 2, key);
  bind_text (stmt, 3, t->cols[col]);
  rc = sqlite3_step (stmt);
  clock->stamp = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  clock->ws = g_strdup (rc == SQLITE_ROW && column_text (stmt, 1) ? column_text (stmt, 1) : "");
  clock->seq = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 2) : 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_error (a->self, error, rc, _("Could not merge the changes"));
  return TRUE;
}

static gboolean
field_set_clock (Apply            *a,
                 const SyncTable  *t,
                 const char       *key,
                 guint             col,
                 GError          **error)
{
  sqlite3_stmt *stmt = prepare (a->self, "INSERT INTO sync_fields (tbl, pk, col, stamp, ws, seq) "
                                         "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tbl, pk, col) DO "
                                         "UPDATE SET stamp = excluded.stamp, ws = excluded.ws, "
                                         "seq = excluded.seq", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, t->desc->name);
  bind_text (stmt, 2, key);
  bind_text (stmt, 3, t->cols[col]);
  sqlite3_bind_int64 (stmt, 4, a->op->stamp);
  bind_text (stmt, 5, a->op->ws);
  sqlite3_bind_int64 (stmt, 6, a->op->seq);
  return bk_step (a, stmt, error);
}

/* The row's parent, as recorded when it was inserted */
static gboolean
row_parent (Apply            *a,
            const SyncTable  *t,
            const char       *key,
            const SyncTable **parent,
            char            **parent_key,
            GError          **error)
{
  gboolean known;

  *parent = NULL;
  *parent_key = NULL;
  if (t->parent < 0)
    return TRUE;
  if (!row_known (a, t, key, &known, parent_key, error))
    return FALSE;
  if (*parent_key != NULL)
    *parent = &a->schema->tables[t->parent];
  return TRUE;
}

/* The op wrote the row: so it wrote below each of its ancestors too */
static gboolean
mark_writes (Apply            *a,
             const SyncTable  *t,
             const char       *key,
             GError          **error)
{
  g_autofree char *current = g_strdup (key);

  while (t != NULL)
    {
      sqlite3_stmt *stmt = prepare (a->self, "INSERT INTO sync_writes (tbl, pk, ws, seq) "
                                             "VALUES (?, ?, ?, ?) ON CONFLICT (tbl, pk, ws) "
                                             "DO UPDATE SET seq = max (seq, excluded.seq)", error);
      const SyncTable *parent;
      char *parent_key;

      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, t->desc->name);
      bind_text (stmt, 2, current);
      bind_text (stmt, 3, a->op->ws);
      sqlite3_bind_int64 (stmt, 4, a->op->seq);
      if (!bk_step (a, stmt, error) ||
          !row_parent (a, t, current, &parent, &parent_key, error))
        return FALSE;
      g_free (current);
      current = parent_key;
      t = parent;
    }
  return TRUE;
}

static void
op_author (Apply       *a,
           const char  *ws,
           guint64      seq,
           char       **actor,
           gint64      *stamp)
{
  sqlite3_stmt *stmt = prepare (a->self, "SELECT actor, stamp FROM sync_ops WHERE ws = ? AND seq = ?",
                                NULL);

  *actor = NULL;
  *stamp = 0;
  if (stmt == NULL)
    return;
  bind_text (stmt, 1, ws);
  sqlite3_bind_int64 (stmt, 2, seq);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *actor = g_strdup (column_text (stmt, 0));
      *stamp = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
}

/* The claim a row belongs to, and that claim's article */
static void
row_claim (Apply            *a,
           const SyncTable  *t,
           const char       *key,
           char            **claim_id,
           char            **article_id)
{
  sqlite3_stmt *stmt;

  *claim_id = NULL;
  *article_id = NULL;
  if (g_str_equal (t->desc->name, "articles"))
    {
      *article_id = g_strdup (key);
      return;
    }
  if (g_str_equal (t->desc->name, "claims"))
    *claim_id = g_strdup (key);
  else if (t->parent >= 0 && g_str_equal (a->schema->tables[t->parent].desc->name, "claims"))
    {
      const SyncTable *parent;

      if (!row_parent (a, t, key, &parent, claim_id, NULL))
        return;
    }
  if (*claim_id == NULL)
    return;
  /* Alive, or kept in the graves */
  stmt = prepare (a->self, "SELECT article_id FROM claims WHERE id = ?1 UNION ALL "
                           "SELECT value FROM sync_graves WHERE tbl = 'claims' AND pk = ?1 "
                           "AND col = 'article_id'", NULL);
  if (stmt == NULL)
    return;
  bind_text (stmt, 1, *claim_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    *article_id = g_strdup (column_text (stmt, 0));
  sqlite3_reset (stmt);
}

static char *
stamp_to_iso (gint64 stamp)
{
  g_autoptr(GDateTime) seconds = NULL;
  g_autoptr(GDateTime) time = NULL;

  if (stamp <= 0)
    return NULL;
  seconds = g_date_time_new_from_unix_utc (stamp / G_USEC_PER_SEC);
  time = seconds ? g_date_time_add (seconds, stamp % G_USEC_PER_SEC) : NULL;
  return time ? fm_time_to_iso (time) : NULL;
}

/* Records a conflict for people to review */
static gboolean
record_conflict (Apply               *a,
                 FmSyncConflictKind   kind,
                 const SyncTable     *t,
                 const char          *key,
                 int                  col,
                 const Val           *kept,
                 const char          *kept_ws,
                 guint64              kept_seq,
                 const Val           *lost,
                 const char          *lost_ws,
                 guint64              lost_seq,
                 GError             **error)
{
  g_autofree char *id = fm_uuid_new ();
  g_autofree char *now = fm_now_iso ();
  g_autofree char *claim_id = NULL;
  g_autofree char *article_id = NULL;
  g_autofree char *field = NULL;
  g_autofree char *kept_actor = NULL;
  g_autofree char *lost_actor = NULL;
  g_autofree char *kept_text = kept ? val_to_text (kept) : NULL;
  g_autofree char *lost_text = lost ? val_to_text (lost) : NULL;
  gint64 kept_stamp;
  gint64 lost_stamp;
  sqlite3_stmt *stmt;

  row_claim (a, t, key, &claim_id, &article_id);
  if (kind == FM_SYNC_CONFLICT_REVIEW && col == -2)
    field = g_strdup ("placement");
  else if (kind == FM_SYNC_CONFLICT_REVIEW && col < 0)
    field = g_strdup ("source");
  else if (kind == FM_SYNC_CONFLICT_DELETION)
    field = g_strdup (g_str_equal (t->desc->name, "sources") ? "source" :
                      g_str_equal (t->desc->name, "articles") ? "article" : "claim");
  else
    {
      field = g_strconcat (t->desc->field_prefix, t->cols[col], NULL);
      /* The history's names for claim fields use dashes */
      if (*t->desc->field_prefix == '\0')
        g_strdelimit (field, "_", '-');
    }
  op_author (a, kept_ws, kept_seq, &kept_actor, &kept_stamp);
  op_author (a, lost_ws, lost_seq, &lost_actor, &lost_stamp);

  stmt = prepare (a->self, "INSERT INTO sync_conflicts (id, detected_at, kind, claim_id, "
                           "article_id, field, kept_value, kept_ws, kept_actor, kept_stamp, "
                           "lost_value, lost_ws, lost_actor, lost_stamp) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id);
  bind_text (stmt, 2, now);
  bind_text (stmt, 3, kind == FM_SYNC_CONFLICT_DELETION ? "deletion" :
                      kind == FM_SYNC_CONFLICT_REVIEW ? "review" : "field");
  bind_text (stmt, 4, claim_id);
  bind_text (stmt, 5, article_id);
  bind_text (stmt, 6, field);
  bind_text (stmt, 7, kept_text);
  bind_text (stmt, 8, kept_ws);
  bind_text (stmt, 9, kept_actor);
  sqlite3_bind_int64 (stmt, 10, kept_stamp);
  bind_text (stmt, 11, lost_text);
  bind_text (stmt, 12, lost_ws);
  bind_text (stmt, 13, lost_actor);
  sqlite3_bind_int64 (stmt, 14, lost_stamp);
  if (!bk_step (a, stmt, error))
    return FALSE;
  a->n_conflicts++;
  return TRUE;
}

static gboolean
column_reported (const SyncTable *t,
                 int              col)
{
  return t->desc->reported != NULL && col >= 0 &&
         g_strv_contains (t->desc->reported, t->cols[col]);
}

/* Notes what listeners must hear about after the commit */
static void
note_row (Apply            *a,
          const SyncTable  *t,
          const char       *key,
          const char       *parent_key)
{
  const char *name = t->desc->name;

  if (a->local)
    return;
  if (g_str_equal (name, "claims"))
    g_hash_table_add (a->claims, g_strdup (key));
  else if (g_str_equal (name, "sources"))
    {
      g_hash_table_add (a->sources, g_strdup (key));
      if (parent_key != NULL)
        {
          g_hash_table_add (a->source_claims, g_strdup (parent_key));
          g_hash_table_add (a->claims, g_strdup (parent_key));
        }
    }
  else if (g_str_equal (name, "claim_tags") && parent_key != NULL)
    g_hash_table_add (a->claims, g_strdup (parent_key));
  else if (g_str_equal (name, "articles"))
    g_hash_table_add (a->articles, g_strdup (key));
  else if (g_str_equal (name, "article_revisions") && parent_key != NULL)
    g_hash_table_add (a->articles, g_strdup (parent_key));
}

/* Applying: rows in the tables */

static gboolean
table_insert (Apply            *a,
              const SyncTable  *t,
              const Val        *vals,
              gboolean          or_ignore,
              GError          **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GString) marks = g_string_new (NULL);
  sqlite3_stmt *stmt;
  int n = 0;

  g_string_printf (sql, "INSERT %sINTO %s (", or_ignore ? "OR IGNORE " : "", t->quoted_name);
  for (guint i = 0; i < t->n_cols; i++)
    {
      if (vals[i].type == 0)
        continue;
      g_string_append_printf (sql, "%s%s", n ? ", " : "", t->quoted[i]);
      g_string_append (marks, n ? ", ?" : "?");
      n++;
    }
  g_string_append_printf (sql, ") VALUES (%s)", marks->str);
  stmt = prepare (a->self, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  n = 0;
  for (guint i = 0; i < t->n_cols; i++)
    if (vals[i].type != 0)
      val_bind (stmt, ++n, &vals[i]);
  return bk_step (a, stmt, error);
}

static gboolean
table_delete (Apply            *a,
              const SyncTable  *t,
              const char       *key,
              GError          **error)
{
  g_autofree char *where = where_key (t);
  g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE %s", t->quoted_name, where);
  sqlite3_stmt *stmt = prepare (a->self, sql, error);

  if (stmt == NULL)
    return FALSE;
  bind_key (stmt, 1, t, key);
  return bk_step (a, stmt, error);
}

static gboolean
grave_put (Apply            *a,
           const SyncTable  *t,
           const char       *key,
           const Val        *vals,
           GError          **error)
{
  for (guint i = 0; i < t->n_cols; i++)
    {
      sqlite3_stmt *stmt;

      if (vals[i].type == 0)
        continue;
      stmt = prepare (a->self, "INSERT OR REPLACE INTO sync_graves (tbl, pk, col, value) "
                               "VALUES (?, ?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, t->desc->name);
      bind_text (stmt, 2, key);
      bind_text (stmt, 3, t->cols[i]);
      val_bind (stmt, 4, &vals[i]);
      if (!bk_step (a, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* Brings a deleted row back: its last values, its clocks unchanged */
static gboolean
revive_row (Apply            *a,
            const SyncTable  *t,
            const char       *key,
            GError          **error)
{
  sqlite3_stmt *stmt;

  if (!a->local)
    {
      Val *vals = g_new0 (Val, t->n_cols);
      g_autofree char *parent_key = NULL;
      gboolean ok;
      int rc;

      stmt = prepare (a->self, "SELECT col, value FROM sync_graves WHERE tbl = ? AND pk = ?", error);
      if (stmt == NULL)
        {
          vals_free (vals, t->n_cols);
          return FALSE;
        }
      bind_text (stmt, 1, t->desc->name);
      bind_text (stmt, 2, key);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          int col = sync_column_index (t, column_text (stmt, 0));

          if (col >= 0)
            val_from_column (&vals[col], stmt, 1);
        }
      sqlite3_reset (stmt);
      ok = rc == SQLITE_DONE ? TRUE : set_error (a->self, error, rc, _("Could not merge the changes"));
      if (ok && t->parent_col >= 0)
        parent_key = val_to_text (&vals[t->parent_col]);
      ok = ok && table_insert (a, t, vals, FALSE, error);
      vals_free (vals, t->n_cols);
      if (!ok)
        return FALSE;
      note_row (a, t, key, parent_key);
      if (g_str_equal (t->desc->name, "claims"))
        g_hash_table_add (a->appeared, g_strdup (key));
    }

  stmt = prepare (a->self, "DELETE FROM sync_graves WHERE tbl = ? AND pk = ?", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, t->desc->name);
  bind_text (stmt, 2, key);
  if (!bk_step (a, stmt, error))
    return FALSE;
  stmt = prepare (a->self, "DELETE FROM sync_deleters WHERE tbl = ? AND pk = ?", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, t->desc->name);
  bind_text (stmt, 2, key);
  return bk_step (a, stmt, error);
}

typedef struct
{
  int      table;
  char    *key;
  char    *ws;
  guint64  seq;
  int      root_table;
  char    *root_key;
} RowRef;

static void
row_ref_free (RowRef *ref)
{
  g_free (ref->key);
  g_free (ref->ws);
  g_free (ref->root_key);
  g_free (ref);
}

static int
row_ref_parents_first (gconstpointer a,
                       gconstpointer b)
{
  const RowRef *ra = *(const RowRef **)a;
  const RowRef *rb = *(const RowRef **)b;

  if (ra->table != rb->table)
    return ra->table - rb->table;
  return strcmp (ra->key, rb->key);
}

/* Undoes a deletion (one op's deletion of one row and what was below it):
 * a change made without having seen it touched those rows */
static gboolean
cancel_deletion (Apply       *a,
                 const char  *ws,
                 guint64      seq,
                 int          root_table,
                 const char  *root_key,
                 const char  *writer_ws,
                 guint64      writer_seq,
                 GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)row_ref_free);
  const SyncTable *root = &a->schema->tables[root_table];
  sqlite3_stmt *stmt;
  gboolean root_alive = FALSE;
  int rc;

  stmt = prepare (a->self, "SELECT tbl, pk FROM sync_deleters WHERE ws = ? AND seq = ? "
                           "AND root_tbl = ? AND root_pk = ?", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, ws);
  sqlite3_bind_int64 (stmt, 2, seq);
  bind_text (stmt, 3, root->desc->name);
  bind_text (stmt, 4, root_key);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RowRef *ref = g_new0 (RowRef, 1);

      ref->table = sync_table_index (column_text (stmt, 0));
      ref->key = g_strdup (column_text (stmt, 1));
      if (ref->table < 0)
        row_ref_free (ref);
      else
        g_ptr_array_add (rows, ref);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_error (a->self, error, rc, _("Could not merge the changes"));

  stmt = prepare (a->self, "DELETE FROM sync_deleters WHERE ws = ? AND seq = ? "
                           "AND root_tbl = ? AND root_pk = ?", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, ws);
  sqlite3_bind_int64 (stmt, 2, seq);
  bind_text (stmt, 3, root->desc->name);
  bind_text (stmt, 4, root_key);
  if (!bk_step (a, stmt, error))
    return FALSE;

  g_ptr_array_sort (rows, row_ref_parents_first);
  for (guint i = 0; i < rows->len; i++)
    {
      RowRef *ref = g_ptr_array_index (rows, i);
      const SyncTable *t = &a->schema->tables[ref->table];
      gboolean dead;

      /* Another deletion may still keep it deleted */
      if (!row_dead (a, t, ref->key, &dead, error))
        return FALSE;
      if (!dead && !revive_row (a, t, ref->key, error))
        return FALSE;
      if (ref->table == root_table && g_str_equal (ref->key, root_key))
        root_alive = !dead;
    }

  if (root_alive && root->desc->reported != NULL && !a->local)
    return record_conflict (a, FM_SYNC_CONFLICT_DELETION, root, root_key, -1,
                            NULL, writer_ws, writer_seq, NULL, ws, seq, error);
  return TRUE;
}

/* The op writes this row or a row below it: every deletion that started
 * from this row and that the op had not seen is undone — even when the
 * row itself is back (re-created after the deletion by an undo), since the
 * rows deleted along with it must come back too. */
static gboolean
cancel_unseen_deletions (Apply            *a,
                         const SyncTable  *t,
                         const char       *key,
                         GError          **error)
{
  g_autoptr(GPtrArray) deleters = g_ptr_array_new_with_free_func ((GDestroyNotify)row_ref_free);
  sqlite3_stmt *stmt = prepare (a->self, "SELECT DISTINCT ws, seq, root_tbl, root_pk "
                                         "FROM sync_deleters WHERE root_tbl = ? AND root_pk = ?",
                                error);
  int rc;

  /* Our own op was made seeing everything held here: it undoes nothing */
  if (a->local)
    return TRUE;
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, t->desc->name);
  bind_text (stmt, 2, key);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RowRef *ref = g_new0 (RowRef, 1);

      ref->ws = g_strdup (column_text (stmt, 0));
      ref->seq = sqlite3_column_int64 (stmt, 1);
      ref->root_table = sync_table_index (column_text (stmt, 2));
      ref->root_key = g_strdup (column_text (stmt, 3));
      g_ptr_array_add (deleters, ref);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_error (a->self, error, rc, _("Could not merge the changes"));

  for (guint i = 0; i < deleters->len; i++)
    {
      RowRef *ref = g_ptr_array_index (deleters, i);

      if (ref->root_table < 0 || op_covers (a->op, ref->ws, ref->seq))
        continue;
      if (!cancel_deletion (a, ref->ws, ref->seq, ref->root_table, ref->root_key,
                            a->op->ws, a->op->seq, error))
        return FALSE;
    }
  return TRUE;
}

/* Before the op writes a row: deletions that started from the row or an
 * ancestor and that it had not seen are undone; a row of the chain still
 * deleted after that is brought back all the same (the op re-creates it).
 * @t/@key is the row, or for a new row its parent. */
static gboolean
ensure_alive (Apply            *a,
              const SyncTable  *t,
              const char       *key,
              GError          **error)
{
  g_autoptr(GPtrArray) chain = g_ptr_array_new_with_free_func ((GDestroyNotify)row_ref_free);
  g_autofree char *current = g_strdup (key);

  while (t != NULL && current != NULL)
    {
      RowRef *ref = g_new0 (RowRef, 1);
      const SyncTable *parent;
      char *parent_key;

      ref->table = t->index;
      ref->key = g_strdup (current);
      g_ptr_array_insert (chain, 0, ref);
      if (!row_parent (a, t, current, &parent, &parent_key, error))
        return FALSE;
      g_free (current);
      current = parent_key;
      t = parent;
    }

  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < chain->len; i++)
      {
        RowRef *ref = g_ptr_array_index (chain, i);
        const SyncTable *row_t = &a->schema->tables[ref->table];
        gboolean dead;

        if (pass == 0 && !cancel_unseen_deletions (a, row_t, ref->key, error))
          return FALSE;
        if (pass == 0)
          continue;
        if (!row_dead (a, row_t, ref->key, &dead, error))
          return FALSE;
        if (dead && !revive_row (a, row_t, ref->key, error))
          return FALSE;
      }
  return TRUE;
}

/* Applying: articles imported on two machines */

static char *
article_alias (Apply       *a,
               const char  *id)
{
  sqlite3_stmt *stmt = prepare (a->self, "SELECT to_pk FROM sync_aliases WHERE tbl = 'articles' "
                                         "AND from_pk = ?", NULL);
  char *to = NULL;

  if (stmt == NULL || id == NULL)
    return NULL;
  bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    to = g_strdup (column_text (stmt, 0));
  sqlite3_reset (stmt);
  return to;
}

/* Rewrites references to articles that became another */
static void
translate_change (Apply  *a,
                  Change *c)
{
  const SyncTable *t = c->table;
  gboolean is_article = g_str_equal (t->desc->name, "articles");
  gboolean refers = t->parent >= 0 && g_str_equal (a->schema->tables[t->parent].desc->name,
                                                    "articles");

  for (guint i = 0; i < t->n_cols; i++)
    {
      if (!((is_article && t->pk[i] > 0) || (refers && (int)i == t->parent_col)))
        continue;
      for (guint side = 0; side < 2; side++)
        {
          Val *v = side == 0 ? (c->old ? &c->old[i] : NULL) : (c->new ? &c->new[i] : NULL);
          g_autofree char *to = NULL;

          if (v == NULL || v->type != SQLITE_TEXT)
            continue;
          to = article_alias (a, v->bytes);
          if (to != NULL)
            val_set_text (v, to);
        }
    }
  g_free (c->key);
  c->key = key_from_vals (t, c->op == SQLITE_INSERT ? c->new : c->old);
  if (c->parent_key != NULL)
    {
      g_free (c->parent_key);
      c->parent_key = val_to_text (&(c->op == SQLITE_INSERT ? c->new : c->old)[t->parent_col]);
    }
}

static gboolean
exec_rekey (Apply       *a,
            const char  *sql,
            const char  *from,
            const char  *to,
            GError     **error)
{
  sqlite3_stmt *stmt = prepare (a->self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, to, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, from, -1, SQLITE_TRANSIENT);
  return bk_step (a, stmt, error);
}

/* The article held here as @from is the same text as the arriving @to,
 * whose id is smaller: it takes that id, with its claims and original. */
static gboolean
rename_article (Apply       *a,
                const char  *from,
                const char  *to,
                GError     **error)
{
  static const char * const sql[] = {
    /* Foreign keys are deferred while applying: the rows follow below */
    "UPDATE articles SET id = ?1 WHERE id = ?2",
    "UPDATE claims SET article_id = ?1 WHERE article_id = ?2",
    "UPDATE article_originals SET article_id = ?1 WHERE article_id = ?2",
    "UPDATE article_revisions SET article_id = ?1 WHERE article_id = ?2",
    "UPDATE dismissed_suggestions SET article_id = ?1 WHERE article_id = ?2",
    "UPDATE sync_article_shas SET article_id = ?1 WHERE article_id = ?2",
    /* Dismissed suggestions are keyed by article and sentence */
    "UPDATE sync_rows SET pk = ?1 || substr (pk, length (?2) + 1) WHERE tbl = "
    "  'dismissed_suggestions' AND substr (pk, 1, length (?2) + 1) = ?2 || char (31)",
    "UPDATE sync_fields SET pk = ?1 || substr (pk, length (?2) + 1) WHERE tbl = "
    "  'dismissed_suggestions' AND substr (pk, 1, length (?2) + 1) = ?2 || char (31)",
    "UPDATE sync_writes SET pk = ?1 || substr (pk, length (?2) + 1) WHERE tbl = "
    "  'dismissed_suggestions' AND substr (pk, 1, length (?2) + 1) = ?2 || char (31)",
    "UPDATE sync_graves SET pk = ?1 || substr (pk, length (?2) + 1) WHERE tbl = "
    "  'dismissed_suggestions' AND substr (pk, 1, length (?2) + 1) = ?2 || char (31)",
    "UPDATE sync_graves SET value = ?1 WHERE tbl = 'dismissed_suggestions' "
    "  AND col = 'article_id' AND value = ?2",
    "UPDATE sync_deleters SET pk = ?1 || substr (pk, length (?2) + 1) WHERE tbl = "
    "  'dismissed_suggestions' AND substr (pk, 1, length (?2) + 1) = ?2 || char (31)",
    "UPDATE sync_deleters SET root_pk = ?1 || substr (root_pk, length (?2) + 1) WHERE root_tbl = "
    "  'dismissed_suggestions' AND substr (root_pk, 1, length (?2) + 1) = ?2 || char (31)",
    "UPDATE sync_rows SET pk = ?1 WHERE tbl IN ('articles', 'article_originals') AND pk = ?2",
    "UPDATE sync_rows SET parent_pk = ?1 WHERE parent_tbl = 'articles' AND parent_pk = ?2",
    "UPDATE sync_fields SET pk = ?1 WHERE tbl IN ('articles', 'article_originals') AND pk = ?2",
    "INSERT INTO sync_writes (tbl, pk, ws, seq) SELECT tbl, ?1, ws, seq FROM sync_writes "
    "  WHERE tbl IN ('articles', 'article_originals') AND pk = ?2 AND true "
    "  ON CONFLICT (tbl, pk, ws) DO UPDATE SET seq = max (seq, excluded.seq)",
    "DELETE FROM sync_writes WHERE tbl IN ('articles', 'article_originals') AND pk = ?2 "
    "  AND ?1 IS NOT NULL",
    "UPDATE sync_graves SET value = ?1 WHERE tbl = 'claims' AND col = 'article_id' AND value = ?2",
    "UPDATE sync_conflicts SET article_id = ?1 WHERE article_id = ?2",
    "UPDATE sync_aliases SET to_pk = ?1 WHERE tbl = 'articles' AND to_pk = ?2",
  };
  sqlite3_stmt *stmt;
  int rc;

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    if (!exec_rekey (a, sql[i], from, to, error))
      return FALSE;

  /* Its claims were changed (their article) */
  stmt = prepare (a->self, "SELECT id FROM claims WHERE article_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, to);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (a->claims, g_strdup (column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_error (a->self, error, rc, _("Could not merge the changes"));
  g_hash_table_insert (a->renamed, g_strdup (from), g_strdup (to));
  g_hash_table_add (a->articles, g_strdup (to));
  g_hash_table_add (a->texts, g_strdup (to));
  return TRUE;
}

/* Text hashes. An article's text_sha256 is unique in the workspace, but
 * two different stories can come to have the same text on two machines
 * (one revised to what the other was imported with). Then the article
 * with the smallest id holds the plain hash and the others a marked one,
 * "HASH~ID", on every machine alike; imports and revisions, which look up
 * plain hashes, see the first. */
static char *
plain_sha (const char *value)
{
  const char *mark = value ? strchr (value, '~') : NULL;

  return mark ? g_strndup (value, mark - value) : g_strdup (value);
}

/* The value to store for @article_id holding the text with hash @plain;
 * marks the hash of another article that must give way */
static char *
claim_sha (Apply       *a,
           const char  *article_id,
           const char  *plain,
           GError     **error)
{
  g_autoptr(GPtrArray) others = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *pattern = g_strconcat (plain, "~*", NULL);
  gboolean smallest = TRUE;
  sqlite3_stmt *stmt;
  int rc;

  g_hash_table_add (a->shas, g_strdup (plain));
  stmt = prepare (a->self, "SELECT id FROM articles WHERE id <> ? AND (text_sha256 = ? OR "
                           "text_sha256 GLOB ?)", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, article_id);
  bind_text (stmt, 2, plain);
  bind_text (stmt, 3, pattern);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (others, g_strdup (column_text (stmt, 0)));
      smallest &= strcmp (article_id, column_text (stmt, 0)) < 0;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_error (a->self, error, rc, _("Could not merge the changes"));
      return NULL;
    }
  if (!smallest)
    return g_strdup_printf ("%s~%s", plain, article_id);
  for (guint i = 0; i < others->len; i++)
    {
      g_autofree char *marked = g_strdup_printf ("%s~%s", plain, (char *)g_ptr_array_index (others, i));

      stmt = prepare (a->self, "UPDATE articles SET text_sha256 = ? WHERE id = ?", error);
      if (stmt == NULL)
        return NULL;
      bind_text (stmt, 1, marked);
      bind_text (stmt, 2, g_ptr_array_index (others, i));
      if (!bk_step (a, stmt, error))
        return NULL;
    }
  return g_strdup (plain);
}

/* After a merge: for each hash written or given up, the smallest id holds
 * it plain and every other article with that text a marked one */
static gboolean
settle_sha (Apply       *a,
            const char  *plain,
            GError     **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *pattern = g_strconcat (plain, "~*", NULL);
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (a->self, "SELECT id, text_sha256 FROM articles WHERE text_sha256 = ? OR "
                           "text_sha256 GLOB ? ORDER BY id", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, plain);
  bind_text (stmt, 2, pattern);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (ids, g_strdup (column_text (stmt, 0)));
      g_ptr_array_add (values, g_strdup (column_text (stmt, 1)));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_error (a->self, error, rc, _("Could not merge the changes"));

  /* Marks first, so that the plain hash is free when it is given */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = pass == 0 ? 1 : 0; i < (pass == 0 ? ids->len : MIN (1u, ids->len)); i++)
      {
        g_autofree char *want = i == 0 ? g_strdup (plain)
                                       : g_strdup_printf ("%s~%s", plain,
                                                          (char *)g_ptr_array_index (ids, i));

        if (g_str_equal (want, g_ptr_array_index (values, i)))
          continue;
        stmt = prepare (a->self, "UPDATE articles SET text_sha256 = ? WHERE id = ?", error);
        if (stmt == NULL)
          return FALSE;
        bind_text (stmt, 1, want);
        bind_text (stmt, 2, g_ptr_array_index (ids, i));
        if (!bk_step (a, stmt, error))
          return FALSE;
      }
  return TRUE;
}

/* An arriving article whose text is already here under another id: both
 * become the one with the smaller id, on every machine */
static gboolean
merge_same_article (Apply   *a,
                    Change  *c,
                    GError **error)
{
  const SyncTable *t = c->table;
  int sha = sync_column_index (t, "text_sha256");
  g_autofree char *existing = NULL;
  const char *to;
  const char *from;
  sqlite3_stmt *stmt;

  if (sha < 0 || c->new[sha].type != SQLITE_TEXT)
    return TRUE;
  /* By the text each was imported with, not the current one: that is the
   * same on every machine whatever new versions were made since */
  {
    g_autofree char *plain = plain_sha (c->new[sha].bytes);
    g_autofree char *candidate = NULL;

    stmt = prepare (a->self, "SELECT article_id FROM sync_article_shas WHERE sha = ? "
                             "AND article_id <> ? ORDER BY article_id LIMIT 1", error);
    if (stmt == NULL)
      return FALSE;
    bind_text (stmt, 1, plain);
    bind_text (stmt, 2, c->key);
    if (sqlite3_step (stmt) == SQLITE_ROW)
      candidate = g_strdup (column_text (stmt, 0));
    sqlite3_reset (stmt);
    if (candidate == NULL)
      return TRUE;
    existing = article_alias (a, candidate);
    if (existing == NULL)
      existing = g_steal_pointer (&candidate);
    if (g_str_equal (existing, c->key))
      return TRUE;
  }

  if (strcmp (existing, c->key) < 0)
    {
      to = existing;
      from = c->key;
    }
  else
    {
      to = c->key;
      from = existing;
      if (!rename_article (a, existing, c->key, error))
        return FALSE;
    }
  stmt = prepare (a->self, "INSERT OR REPLACE INTO sync_aliases (tbl, from_pk, to_pk) "
                           "VALUES ('articles', ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, from);
  bind_text (stmt, 2, to);
  if (!bk_step (a, stmt, error))
    return FALSE;
  translate_change (a, c);
  return TRUE;
}

/* Two machines that made a new version of one article at once both kept
 * the version they replaced under the same number: one row stays, the one
 * with the smaller id, on every machine. Their texts are the same unless
 * the article was imported on both machines and revised on both; then the
 * text that goes is kept with a conflict. */
static gboolean
merge_same_revision (Apply     *a,
                     Change    *c,
                     gboolean  *skip,
                     GError   **error)
{
  const SyncTable *t = c->table;
  int article_col = sync_column_index (t, "article_id");
  int number_col = sync_column_index (t, "number");
  g_autofree char *existing = NULL;
  sqlite3_stmt *stmt;

  *skip = FALSE;
  if (article_col < 0 || number_col < 0)
    return TRUE;
  stmt = prepare (a->self, "SELECT id FROM article_revisions WHERE article_id = ? AND number = ? "
                           "AND id <> ?", error);
  if (stmt == NULL)
    return FALSE;
  val_bind (stmt, 1, &c->new[article_col]);
  val_bind (stmt, 2, &c->new[number_col]);
  bind_text (stmt, 3, c->key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    existing = g_strdup (column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (existing == NULL)
    return TRUE;

  {
    int text_col = sync_column_index (t, "text");
    int articles = sync_table_index ("articles");
    gboolean found;
    Val *row = row_read (a, t, existing, &found, error);
    Clock clock = { 0, NULL, 0 };
    gboolean ok = row != NULL;

    if (ok && found && text_col >= 0 && !val_equal (&row[text_col], &c->new[text_col]) &&
        articles >= 0)
      {
        const SyncTable *at = &a->schema->tables[articles];
        int at_text = sync_column_index (at, "text");
        gboolean ours = strcmp (existing, c->key) < 0;

        ok = field_clock (a, t, existing, text_col, &clock, error) &&
             record_conflict (a, FM_SYNC_CONFLICT_FIELD, at, c->parent_key, at_text,
                              ours ? &row[text_col] : &c->new[text_col],
                              ours ? clock.ws : a->op->ws, ours ? clock.seq : a->op->seq,
                              ours ? &c->new[text_col] : &row[text_col],
                              ours ? a->op->ws : clock.ws, ours ? a->op->seq : clock.seq, error);
      }
    g_free (clock.ws);
    vals_free (row, t->n_cols);
    if (!ok)
      return FALSE;
  }

  if (strcmp (existing, c->key) < 0)
    {
      /* Ours stays; the arriving one is known, and is that row */
      *skip = TRUE;
      return row_register (a, t, c->key, c->parent_key, a->op, error) &&
             mark_writes (a, t, c->key, error);
    }
  return table_delete (a, t, existing, error);
}

/* After a merge: the current version's number is above every kept one */
static gboolean
number_revisions (Apply       *a,
                  const char  *article_id,
                  GError     **error)
{
  const SyncTable *articles;
  sqlite3_stmt *stmt;
  int i = sync_table_index ("articles");
  int r = sync_table_index ("article_revisions");

  articles = i >= 0 ? &a->schema->tables[i] : NULL;
  if (articles == NULL || sync_column_index (articles, "revision") < 0 || r < 0 ||
      a->schema->tables[r].n_cols == 0)
    return TRUE;
  stmt = prepare (a->self, "UPDATE articles SET revision = (SELECT max (number) + 1 FROM "
                           "article_revisions r WHERE r.article_id = articles.id) WHERE id = ?1 "
                           "AND revision <= (SELECT coalesce (max (number), 0) FROM "
                           "article_revisions r WHERE r.article_id = ?1)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, article_id);
  return bk_step (a, stmt, error);
}

/* After a merge that changed an article's text: claims whose words are no
 * longer where they point (placed on another version of the text) are
 * listed for someone to place again */
static gboolean
check_placements (Apply       *a,
                  const char  *article_id,
                  GError     **error)
{
  const SyncTable *claims;
  const SyncTable *articles;
  sqlite3_stmt *stmt;
  g_autoptr(GPtrArray) misplaced = g_ptr_array_new_with_free_func (g_free);
  int ci = sync_table_index ("claims");
  int ai = sync_table_index ("articles");
  int rc;

  if (ci < 0 || ai < 0)
    return TRUE;
  claims = &a->schema->tables[ci];
  articles = &a->schema->tables[ai];
  /* Offsets count characters, as substr() does; unplaced claims keep
   * their old quote on purpose */
  stmt = prepare (a->self, sync_column_index (claims, "anchor") >= 0 ?
                    "SELECT c.id FROM claims c JOIN articles t ON t.id = c.article_id "
                    "WHERE c.article_id = ? AND c.anchor <> 'orphan' AND "
                    "substr (t.text, c.start_offset + 1, c.end_offset - c.start_offset) <> c.quote "
                    "AND NOT EXISTS (SELECT 1 FROM sync_conflicts k WHERE k.claim_id = c.id "
                    "AND k.field = 'placement' AND k.reviewed = 0)" :
                    "SELECT c.id FROM claims c JOIN articles t ON t.id = c.article_id "
                    "WHERE c.article_id = ? AND "
                    "substr (t.text, c.start_offset + 1, c.end_offset - c.start_offset) <> c.quote "
                    "AND NOT EXISTS (SELECT 1 FROM sync_conflicts k WHERE k.claim_id = c.id "
                    "AND k.field = 'placement' AND k.reviewed = 0)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, article_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (misplaced, g_strdup (column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_error (a->self, error, rc, _("Could not merge the changes"));

  for (guint i = 0; i < misplaced->len; i++)
    {
      const char *id = g_ptr_array_index (misplaced, i);
      Clock text_clock = { 0, NULL, 0 };
      Clock span_clock = { 0, NULL, 0 };
      gboolean ok;

      ok = field_clock (a, articles, article_id, sync_column_index (articles, "text"), &text_clock,
                        error) &&
           field_clock (a, claims, id, sync_column_index (claims, "start_offset"), &span_clock,
                        error) &&
           record_conflict (a, FM_SYNC_CONFLICT_REVIEW, claims, id, -2, NULL, text_clock.ws,
                            text_clock.seq, NULL, span_clock.ws, span_clock.seq, error);
      g_free (text_clock.ws);
      g_free (span_clock.ws);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

/* Applying: approvals and the evidence they cover
 *
 * An approval covers what its editor saw. A change to a claim's verdict,
 * explanation or sources made without seeing the approval — or an approval
 * made without seeing such a change — leaves the claim approved (fields
 * merge one by one) but is listed for review, whichever arrives first. */

static gboolean
claim_table_of (Apply            *a,
                const SyncTable **claims)
{
  int i = sync_table_index ("claims");

  *claims = i >= 0 ? &a->schema->tables[i] : NULL;
  return *claims != NULL && sync_column_index (*claims, "status") >= 0;
}

/* The arriving op changed evidence of the claim: did its approval see that? */
static gboolean
check_change_seen_by_approval (Apply       *a,
                               const char  *claim_id,
                               int          col,
                               const Val   *value,
                               GError     **error)
{
  const SyncTable *claims;
  Clock clock = { 0, NULL, 0 };
  sqlite3_stmt *stmt;
  gboolean approved = FALSE;
  gboolean ok = TRUE;

  if (a->local || claim_id == NULL || !claim_table_of (a, &claims))
    return TRUE;
  stmt = prepare (a->self, "SELECT status = 'approved' FROM claims WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, claim_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    approved = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  if (!approved)
    return TRUE;
  if (!field_clock (a, claims, claim_id, sync_column_index (claims, "status"), &clock, error))
    return FALSE;
  if (!op_covers (a->op, clock.ws, clock.seq))
    ok = record_conflict (a, FM_SYNC_CONFLICT_REVIEW, claims, claim_id, col,
                          NULL, clock.ws, clock.seq, value, a->op->ws, a->op->seq, error);
  g_free (clock.ws);
  return ok;
}

/* One op (@ws, @seq) that changed the sources of the claim, if any the
 * arriving approval had not seen */
static gboolean
unseen_source_change (Apply       *a,
                      const char  *claim_id,
                      char       **ws,
                      guint64     *seq,
                      GError     **error)
{
  /* Inserted, changed or deleted: every op that did is recorded */
  sqlite3_stmt *stmt = prepare (a->self,
                                "SELECT r.ws, r.seq FROM sync_rows r WHERE r.tbl = 'sources' "
                                "AND r.parent_pk = ?1 UNION ALL "
                                "SELECT f.ws, f.seq FROM sync_fields f JOIN sync_rows r "
                                "ON r.tbl = f.tbl AND r.pk = f.pk WHERE f.tbl = 'sources' "
                                "AND r.parent_pk = ?1 UNION ALL "
                                "SELECT d.ws, d.seq FROM sync_deleters d JOIN sync_rows r "
                                "ON r.tbl = d.tbl AND r.pk = d.pk WHERE d.tbl = 'sources' "
                                "AND r.parent_pk = ?1", error);
  int rc;

  *ws = NULL;
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, claim_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (!op_covers (a->op, column_text (stmt, 0), sqlite3_column_int64 (stmt, 1)))
      {
        *ws = g_strdup (column_text (stmt, 0));
        *seq = sqlite3_column_int64 (stmt, 1);
        rc = SQLITE_DONE;
        break;
      }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_error (a->self, error, rc, _("Could not merge the changes"));
  return TRUE;
}

/* The arriving op approved the claim: had it seen the evidence? */
static gboolean
check_approval_saw_changes (Apply       *a,
                            const char  *claim_id,
                            GError     **error)
{
  static const char * const evidence[] = { "verdict", "explanation" };
  const SyncTable *claims;
  g_autofree char *source_ws = NULL;
  guint64 source_seq = 0;

  if (a->local || !claim_table_of (a, &claims))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (evidence); i++)
    {
      int col = sync_column_index (claims, evidence[i]);
      Clock clock = { 0, NULL, 0 };
      gboolean ok = TRUE;

      if (col < 0 || !field_clock (a, claims, claim_id, col, &clock, error))
        return col < 0;
      if (!op_covers (a->op, clock.ws, clock.seq))
        {
          gboolean found;
          Val *row = row_read (a, claims, claim_id, &found, error);

          ok = row != NULL &&
               record_conflict (a, FM_SYNC_CONFLICT_REVIEW, claims, claim_id, col,
                                NULL, a->op->ws, a->op->seq, &row[col], clock.ws, clock.seq, error);
          vals_free (row, claims->n_cols);
        }
      g_free (clock.ws);
      if (!ok)
        return FALSE;
    }
  if (!unseen_source_change (a, claim_id, &source_ws, &source_seq, error))
    return FALSE;
  if (source_ws != NULL)
    return record_conflict (a, FM_SYNC_CONFLICT_REVIEW, claims, claim_id, -1,
                            NULL, a->op->ws, a->op->seq, NULL, source_ws, source_seq, error);
  return TRUE;
}

/* Applying: inserts and updates */

/* Field by field, the later change wins */
static gboolean
merge_fields (Apply   *a,
              Change  *c,
              GError **error)
{
  const SyncTable *t = c->table;
  g_autoptr(GArray) won = g_array_new (FALSE, FALSE, sizeof (guint));
  Val *current = NULL;
  gboolean ok = TRUE;

  for (guint i = 0; ok && i < t->n_cols; i++)
    {
      Clock clock = { 0, NULL, 0 };
      gboolean later;
      gboolean unseen;

      if (t->pk[i] > 0 || (int)i == t->parent_col || c->new[i].type == 0)
        continue;
      if (a->local)
        {
          /* Our own change: it was the latest when it was made */
          ok = field_set_clock (a, t, c->key, i, error);
          continue;
        }
      if (!field_clock (a, t, c->key, i, &clock, error))
        return FALSE;
      later = clock_later (a->op->stamp, a->op->ws, clock.stamp, clock.ws);
      unseen = !op_covers (a->op, clock.ws, clock.seq);
      if (unseen && column_reported (t, i))
        {
          if (current == NULL)
            {
              gboolean found;

              current = row_read (a, t, c->key, &found, error);
              if (current == NULL)
                ok = FALSE;
            }
          if (ok && !val_equal (&current[i], &c->new[i]))
            {
              if (later)
                ok = record_conflict (a, FM_SYNC_CONFLICT_FIELD, t, c->key, i,
                                      &c->new[i], a->op->ws, a->op->seq,
                                      &current[i], clock.ws, clock.seq, error);
              else
                ok = record_conflict (a, FM_SYNC_CONFLICT_FIELD, t, c->key, i,
                                      &current[i], clock.ws, clock.seq,
                                      &c->new[i], a->op->ws, a->op->seq, error);
            }
        }
      if (ok && later)
        g_array_append_val (won, i);
      g_free (clock.ws);
    }
  vals_free (current, t->n_cols);
  if (!ok || won->len == 0)
    return ok;

  /* A new text's hash, placed so that it stays unique */
  if (g_str_equal (t->desc->name, "articles"))
    {
      int sha = sync_column_index (t, "text_sha256");

      for (guint k = 0; sha >= 0 && k < won->len; k++)
        if (g_array_index (won, guint, k) == (guint)sha && c->new[sha].type == SQLITE_TEXT)
          {
            g_autofree char *plain = plain_sha (c->new[sha].bytes);
            g_autofree char *value = NULL;
            sqlite3_stmt *stmt = prepare (a->self, "SELECT text_sha256 FROM articles WHERE id = ?",
                                          error);

            if (stmt == NULL)
              return FALSE;
            /* The hash it gives up may now be someone else's to hold plain */
            bind_text (stmt, 1, c->key);
            if (sqlite3_step (stmt) == SQLITE_ROW)
              g_hash_table_add (a->shas, plain_sha (column_text (stmt, 0)));
            sqlite3_reset (stmt);
            value = claim_sha (a, c->key, plain, error);
            if (value == NULL)
              return FALSE;
            val_set_text (&c->new[sha], value);
          }
    }

  /* One statement, so that the row's checks see the fields together */
  {
    g_autoptr(GString) sql = g_string_new (NULL);
    g_autofree char *where = where_key (t);
    sqlite3_stmt *stmt;

    g_string_printf (sql, "UPDATE %s SET ", t->quoted_name);
    for (guint k = 0; k < won->len; k++)
      g_string_append_printf (sql, "%s%s = ?", k ? ", " : "", t->quoted[g_array_index (won, guint, k)]);
    g_string_append_printf (sql, " WHERE %s", where);
    stmt = prepare (a->self, sql->str, error);
    if (stmt == NULL)
      return FALSE;
    for (guint k = 0; k < won->len; k++)
      val_bind (stmt, k + 1, &c->new[g_array_index (won, guint, k)]);
    bind_key (stmt, won->len + 1, t, c->key);
    if (!bk_step (a, stmt, error))
      return FALSE;
  }

  for (guint k = 0; ok && k < won->len; k++)
    ok = field_set_clock (a, t, c->key, g_array_index (won, guint, k), error);
  /* Then what the new values mean, with every clock of this op in place */
  for (guint k = 0; ok && k < won->len; k++)
    {
      guint i = g_array_index (won, guint, k);

      if (g_str_equal (t->desc->name, "articles") && g_str_equal (t->cols[i], "text"))
        g_hash_table_add (a->texts, g_strdup (c->key));
      /* The claim's approval and its evidence, whichever came first */
      if (ok && g_str_equal (t->desc->name, "claims"))
        {
          if (g_str_equal (t->cols[i], "verdict") || g_str_equal (t->cols[i], "explanation"))
            ok = check_change_seen_by_approval (a, c->key, i, &c->new[i], error);
          else if (g_str_equal (t->cols[i], "status") && c->new[i].type == SQLITE_TEXT &&
                   g_str_equal (c->new[i].bytes, "approved"))
            ok = check_approval_saw_changes (a, c->key, error);
        }
    }
  return ok;
}

static gboolean
apply_write (Apply   *a,
             Change  *c,
             GError **error)
{
  const SyncTable *t = c->table;
  g_autofree char *parent_key = NULL;
  gboolean known;

  translate_change (a, c);

  if (t->desc->append_only)
    {
      int claim_col = sync_column_index (t, "claim_id");

      if (a->local)
        return TRUE;
      if (claim_col >= 0 && c->new[claim_col].type == SQLITE_TEXT)
        g_hash_table_add (a->claims, g_strdup (c->new[claim_col].bytes));
      return table_insert (a, t, c->new, TRUE, error);
    }

  if (c->op == SQLITE_INSERT && !a->local && g_str_equal (t->desc->name, "articles") &&
      !merge_same_article (a, c, error))
    return FALSE;
  if (c->op == SQLITE_INSERT && !a->local && g_str_equal (t->desc->name, "article_revisions"))
    {
      gboolean skip = FALSE;

      if (!merge_same_revision (a, c, &skip, error))
        return FALSE;
      if (skip)
        return TRUE;
    }

  if (!row_known (a, t, c->key, &known, &parent_key, error))
    return FALSE;

  if (!known && c->op == SQLITE_INSERT)
    {
      const SyncTable *parent = t->parent >= 0 ? &a->schema->tables[t->parent] : NULL;
      int sha = sync_column_index (t, "text_sha256");

      if (!row_register (a, t, c->key, c->parent_key, a->op, error))
        return FALSE;
      if (g_str_equal (t->desc->name, "articles") && sha >= 0 && c->new[sha].type == SQLITE_TEXT)
        {
          g_autofree char *plain = plain_sha (c->new[sha].bytes);
          sqlite3_stmt *stmt = prepare (a->self, "INSERT OR IGNORE INTO sync_article_shas (sha, "
                                                 "article_id) VALUES (?, ?)", error);

          if (stmt == NULL)
            return FALSE;
          bind_text (stmt, 1, plain);
          bind_text (stmt, 2, c->key);
          if (!bk_step (a, stmt, error))
            return FALSE;
          if (!a->local)
            {
              g_autofree char *value = claim_sha (a, c->key, plain, error);

              if (value == NULL)
                return FALSE;
              val_set_text (&c->new[sha], value);
            }
        }
      if (parent != NULL && c->parent_key != NULL &&
          !ensure_alive (a, parent, c->parent_key, error))
        return FALSE;
      if (!a->local)
        {
          if (!table_insert (a, t, c->new, FALSE, error))
            return FALSE;
          if (g_str_equal (t->desc->name, "sources") &&
              !check_change_seen_by_approval (a, c->parent_key, -1, NULL, error))
            return FALSE;
          if (g_str_equal (t->desc->name, "articles"))
            g_hash_table_add (a->new_articles, g_strdup (c->key));
          if (g_str_equal (t->desc->name, "claims"))
            g_hash_table_add (a->appeared, g_strdup (c->key));
        }
      note_row (a, t, c->key, c->parent_key);
      return mark_writes (a, t, c->key, error);
    }

  if (!known)
    {
      /* Every row is recorded when inserted: an update of a row never seen
       * here means the changes do not fit this workspace */
      if (!a->local)
        {
          g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INVALID,
                       _("The changes from another workspace refer to something this "
                         "workspace never had (%s %s)"), t->desc->name, c->key);
          return FALSE;
        }
      if (!row_register (a, t, c->key, NULL, NULL, error))
        return FALSE;
    }

  if (!ensure_alive (a, t, c->key, error))
    return FALSE;
  if (!merge_fields (a, c, error))
    return FALSE;
  if (g_str_equal (t->desc->name, "sources") &&
      !check_change_seen_by_approval (a, parent_key, -1, NULL, error))
    return FALSE;
  note_row (a, t, c->key, parent_key);
  return mark_writes (a, t, c->key, error);
}

/* Applying: deletions */

/* Whether the op's author had seen every change made to the row and to
 * the rows below it; if not, one change it had not seen */
static gboolean
deletion_saw_everything (Apply            *a,
                         const SyncTable  *t,
                         const char       *key,
                         gboolean         *saw,
                         char            **writer_ws,
                         guint64          *writer_seq,
                         GError          **error)
{
  sqlite3_stmt *stmt = prepare (a->self, "SELECT ws, seq FROM sync_writes WHERE tbl = ? AND pk = ? "
                                         "ORDER BY ws", error);
  int rc;

  *saw = TRUE;
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, t->desc->name);
  bind_text (stmt, 2, key);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *ws = column_text (stmt, 0);
      guint64 seq = sqlite3_column_int64 (stmt, 1);

      if (!op_covers (a->op, ws, seq))
        {
          *saw = FALSE;
          *writer_ws = g_strdup (ws);
          *writer_seq = seq;
          rc = SQLITE_DONE;
          break;
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_error (a->self, error, rc, _("Could not merge the changes"));
  return TRUE;
}

/* Rows below a deleted one that the deletion does not list were added
 * without its author seeing them: the deletion must not take them along */
static gboolean
deletion_lists_children (Apply        *a,
                         GPtrArray    *group,
                         GHashTable   *deleted,
                         gboolean     *complete,
                         GError      **error)
{
  *complete = TRUE;
  for (guint i = 0; *complete && i < group->len; i++)
    {
      Change *c = g_ptr_array_index (group, i);

      for (guint ct = 0; *complete && ct < N_SYNC_TABLES; ct++)
        {
          const SyncTable *child = &a->schema->tables[ct];
          g_autofree char *sql = NULL;
          sqlite3_stmt *stmt;
          int rc;

          if (child->parent != (int)c->table->index || child->parent_col < 0)
            continue;
          {
            g_autoptr(GString) key_expr = g_string_new (NULL);

            for (guint k = 0; k < child->n_pk; k++)
              g_string_append_printf (key_expr, "%s%s", k ? " || char (31) || " : "",
                                      child->quoted[child->pk_cols[k]]);
            sql = g_strdup_printf ("SELECT %s FROM %s WHERE %s = ?", key_expr->str,
                                   child->quoted_name, child->quoted[child->parent_col]);
          }
          stmt = prepare (a->self, sql, error);
          if (stmt == NULL)
            return FALSE;
          bind_text (stmt, 1, c->key);
          while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
            {
              g_autofree char *ref = g_strdup_printf ("%u:%s", ct, column_text (stmt, 0));

              if (!g_hash_table_contains (deleted, ref))
                {
                  *complete = FALSE;
                  rc = SQLITE_DONE;
                  break;
                }
            }
          sqlite3_reset (stmt);
          if (rc != SQLITE_DONE)
            return set_error (a->self, error, rc, _("Could not merge the changes"));
        }
    }
  return TRUE;
}

static gboolean
delete_one (Apply        *a,
            Change       *c,
            const Change *root,
            GError      **error)
{
  const SyncTable *t = c->table;
  sqlite3_stmt *stmt;
  gboolean known;
  gboolean dead;

  if (!row_known (a, t, c->key, &known, NULL, error))
    return FALSE;
  if (!known && !row_register (a, t, c->key, c->parent_key, NULL, error))
    return FALSE;
  if (!row_dead (a, t, c->key, &dead, error))
    return FALSE;

  if (!dead)
    {
      if (a->local)
        {
          if (!grave_put (a, t, c->key, c->old, error))
            return FALSE;
        }
      else
        {
          gboolean found;
          Val *vals = row_read (a, t, c->key, &found, error);
          gboolean ok = vals != NULL;

          ok = ok && (!found || grave_put (a, t, c->key, vals, error));
          vals_free (vals, t->n_cols);
          if (!ok || !table_delete (a, t, c->key, error))
            return FALSE;
          /* A source removed (not with its claim) */
          if (g_str_equal (t->desc->name, "sources") && root == c &&
              !check_change_seen_by_approval (a, c->parent_key, -1, NULL, error))
            return FALSE;
          note_row (a, t, c->key, c->parent_key);
          if (g_str_equal (t->desc->name, "claims"))
            {
              int article_col = sync_column_index (t, "article_id");
              g_hash_table_insert (a->gone, g_strdup (c->key),
                                   article_col >= 0 ? val_to_text (&c->old[article_col]) : NULL);
            }
        }
    }

  stmt = prepare (a->self, "INSERT OR IGNORE INTO sync_deleters (tbl, pk, ws, seq, root_tbl, "
                           "root_pk) VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, t->desc->name);
  bind_text (stmt, 2, c->key);
  bind_text (stmt, 3, a->op->ws);
  sqlite3_bind_int64 (stmt, 4, a->op->seq);
  bind_text (stmt, 5, root->table->desc->name);
  bind_text (stmt, 6, root->key);
  return bk_step (a, stmt, error);
}

static int
change_children_first (gconstpointer a,
                       gconstpointer b)
{
  const Change *ca = *(const Change **)a;
  const Change *cb = *(const Change **)b;

  if (ca->table->index != cb->table->index)
    return (int)cb->table->index - (int)ca->table->index;
  return strcmp (ca->key, cb->key);
}

static int
change_root_order (gconstpointer a,
                   gconstpointer b)
{
  return -change_children_first (a, b);
}

static gboolean
apply_deletions (Apply      *a,
                 GPtrArray  *changes,
                 GError    **error)
{
  g_autoptr(GHashTable) deleted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) groups = g_hash_table_new_full (NULL, NULL, NULL,
                                                         (GDestroyNotify)g_ptr_array_unref);
  g_autoptr(GPtrArray) roots = g_ptr_array_new ();

  for (guint i = 0; i < changes->len; i++)
    {
      Change *c = g_ptr_array_index (changes, i);

      if (c->op != SQLITE_DELETE)
        continue;
      translate_change (a, c);
      g_hash_table_insert (deleted, g_strdup_printf ("%u:%s", c->table->index, c->key), c);
    }

  /* A deletion of several rows is undone or kept as a whole, per row its
   * author deleted along with the rows below it */
  for (guint i = 0; i < changes->len; i++)
    {
      Change *c = g_ptr_array_index (changes, i);
      Change *root = c;
      GPtrArray *group;

      if (c->op != SQLITE_DELETE)
        continue;
      while (root->table->parent >= 0 && root->parent_key != NULL)
        {
          g_autofree char *ref = g_strdup_printf ("%d:%s", root->table->parent, root->parent_key);
          Change *parent = g_hash_table_lookup (deleted, ref);

          if (parent == NULL)
            break;
          root = parent;
        }
      group = g_hash_table_lookup (groups, root);
      if (group == NULL)
        {
          group = g_ptr_array_new ();
          g_hash_table_insert (groups, root, group);
          g_ptr_array_add (roots, root);
        }
      g_ptr_array_add (group, c);
    }

  g_ptr_array_sort (roots, change_root_order);
  for (guint r = 0; r < roots->len; r++)
    {
      Change *root = g_ptr_array_index (roots, r);
      GPtrArray *group = g_hash_table_lookup (groups, root);

      if (!a->local)
        {
          g_autofree char *writer_ws = NULL;
          guint64 writer_seq = 0;
          gboolean saw;
          gboolean complete = TRUE;

          if (!deletion_saw_everything (a, root->table, root->key, &saw, &writer_ws, &writer_seq,
                                        error))
            return FALSE;
          if (saw && !deletion_lists_children (a, group, deleted, &complete, error))
            return FALSE;
          if (!saw || !complete)
            {
              gboolean dead;

              /* Kept: a conflict to review, unless it is gone anyway */
              if (!row_dead (a, root->table, root->key, &dead, error))
                return FALSE;
              if (!dead && root->table->desc->reported != NULL &&
                  !record_conflict (a, FM_SYNC_CONFLICT_DELETION, root->table, root->key, -1,
                                    NULL, writer_ws ? writer_ws : a->op->ws, writer_seq,
                                    NULL, a->op->ws, a->op->seq, error))
                return FALSE;
              continue;
            }
        }
      g_ptr_array_sort (group, change_children_first);
      for (guint i = 0; i < group->len; i++)
        if (!delete_one (a, g_ptr_array_index (group, i), root, error))
          return FALSE;
    }
  return TRUE;
}

/* One op: inserts and updates parents first, then deletions children first
 * (a parent's deletion would take its remaining children along) */
static gboolean
apply_op (Apply       *a,
          GPtrArray   *changes,
          GError     **error)
{
  sqlite3_stmt *stmt = prepare (a->self, "INSERT OR IGNORE INTO sync_ops (ws, seq, stamp, actor) "
                                         "VALUES (?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, a->op->ws);
  sqlite3_bind_int64 (stmt, 2, a->op->seq);
  sqlite3_bind_int64 (stmt, 3, a->op->stamp);
  bind_text (stmt, 4, a->op->actor);
  if (!bk_step (a, stmt, error))
    return FALSE;

  for (guint ti = 0; ti < N_SYNC_TABLES; ti++)
    for (guint i = 0; i < changes->len; i++)
      {
        Change *c = g_ptr_array_index (changes, i);

        if (c->table->index == ti && c->op != SQLITE_DELETE && !apply_write (a, c, error))
          return FALSE;
      }
  return apply_deletions (a, changes, error);
}

static gboolean
workspace_get_int (FmStore     *self,
                   const char  *key,
                   gint64      *value,
                   GError     **error)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT CAST (value AS INTEGER) FROM workspace WHERE key = ?",
                                error);
  int rc;

  *value = 0;
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_error (self, error, rc, _("Could not read the workspace"));
  return TRUE;
}

static gboolean
workspace_set (FmStore     *self,
               const char  *key,
               const char  *value,
               GError     **error)
{
  sqlite3_stmt *stmt = prepare (self, "INSERT OR REPLACE INTO workspace (key, value) VALUES (?, ?)",
                                error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  bind_text (stmt, 2, value);
  return step_done (self, stmt, _("Could not save the workspace"), error);
}

/* Brings the bookkeeping up to date with our own ops */
static gboolean
sync_index_own (Apply   *a,
                GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *indexed_text = NULL;
  gint64 indexed;
  guint64 last = 0;
  int rc;

  if (!workspace_get_int (a->self, "sync-indexed", &indexed, error))
    return FALSE;
  stmt = prepare_once (a->self, "SELECT seq, stamp, actor, changeset, deps FROM sync_outbox "
                                "WHERE seq > ? ORDER BY seq", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, indexed);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GBytes) changeset = g_bytes_new (sqlite3_column_blob (stmt, 3),
                                                 sqlite3_column_bytes (stmt, 3));
      g_autoptr(GPtrArray) changes = NULL;
      g_autoptr(GVariant) deps_variant = deps_from_text (column_text (stmt, 4));
      g_autoptr(GHashTable) deps = deps_to_table (deps_variant);
      OpInfo op = { a->self->workspace_id, sqlite3_column_int64 (stmt, 0),
                    sqlite3_column_int64 (stmt, 1), column_text (stmt, 2), deps };

      if (!check_changeset_bytes (a->schema, changeset, error))
        return FALSE;
      changes = decode_changeset (a->schema, changeset, error);
      if (changes == NULL)
        return FALSE;
      a->op = &op;
      a->local = TRUE;
      if (!apply_op (a, changes, error))
        return FALSE;
      last = op.seq;
    }
  if (rc != SQLITE_DONE)
    return set_error (a->self, error, rc, _("Could not read the changes to send"));
  a->op = NULL;
  a->local = FALSE;
  if (last == 0)
    return TRUE;
  indexed_text = g_strdup_printf ("%" G_GUINT64_FORMAT, last);
  return workspace_set (a->self, "sync-indexed", indexed_text, error);
}

/* After the commit: live objects take the new values, listeners hear of it */
static void
sync_emit (FmStore *self,
           Apply   *a)
{
  g_autoptr(GHashTable) articles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  g_hash_table_iter_init (&iter, a->renamed);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      FmArticle *live = live_map_lookup (&self->articles, key);

      if (live != NULL)
        {
          g_object_ref (live);
          live_map_forget (&self->articles, live);
          fm_article_set_id (live, value);
          if (live_map_lookup (&self->articles, value) == NULL)
            live_map_add (&self->articles, live);
          g_object_unref (live);
        }
      g_hash_table_add (articles, g_strdup (value));
    }

  g_hash_table_iter_init (&iter, a->new_articles);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autoptr(FmArticle) article = fm_store_get_article (self, key, NULL);

      if (article != NULL)
        g_signal_emit (self, signals[ARTICLE_ADDED], 0, article);
    }

  /* A new version of a text from elsewhere: the live article reloads it,
   * and views hear of it as of any new version */
  g_hash_table_iter_init (&iter, a->articles);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autoptr(FmArticle) article = NULL;

      if (g_hash_table_contains (a->new_articles, key))
        continue;
      article = reload_article (self, key, NULL);
      if (article != NULL && g_hash_table_contains (a->texts, key))
        g_signal_emit (self, signals[ARTICLE_REVISED], 0, article,
                       fm_store_get_article_revision (self, key, NULL, NULL));
    }

  g_hash_table_iter_init (&iter, a->sources);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      FmSource *live = live_map_lookup (&self->sources, key);
      g_autoptr(FmSource) stored = NULL;

      if (live == NULL)
        continue;
      stored = load_source (self, key, NULL);
      if (stored == NULL)
        live_map_forget (&self->sources, live);
    }

  g_hash_table_iter_init (&iter, a->claims);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      FmClaim *live = live_map_lookup (&self->claims, key);
      gboolean existed = live != NULL || !g_hash_table_contains (a->appeared, key);
      g_autoptr(FmClaim) claim = NULL;
      gboolean exists;

      if (!claim_exists (self, key, &exists, NULL))
        continue;
      if (exists)
        {
          claim = load_claim (self, key, NULL);
          if (claim == NULL)
            continue;
          g_hash_table_add (articles, g_strdup (fm_claim_get_article_id (claim)));
          if (existed)
            g_signal_emit (self, signals[CLAIM_CHANGED], 0, claim, "sync");
          else
            g_signal_emit (self, signals[CLAIM_ADDED], 0, claim);
        }
      else if (existed && g_hash_table_contains (a->gone, key))
        {
          const char *article_id = g_hash_table_lookup (a->gone, key);

          if (live != NULL)
            {
              claim = g_object_ref (live);
              live_map_forget (&self->claims, live);
            }
          else
            {
              claim = fm_claim_new ();
              fm_claim_set_id (claim, key);
              fm_claim_set_article_id (claim, article_id);
            }
          if (fm_claim_get_article_id (claim) != NULL)
            g_hash_table_add (articles, g_strdup (fm_claim_get_article_id (claim)));
          g_signal_emit (self, signals[CLAIM_REMOVED], 0, claim);
        }
    }

  g_hash_table_iter_init (&iter, a->source_claims);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_signal_emit (self, signals[SOURCES_CHANGED], 0, key);

  g_hash_table_iter_init (&iter, articles);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_signal_emit (self, signals[ARTICLE_CHANGED], 0, key);
}

static void
apply_clear (Apply *a)
{
  g_clear_pointer (&a->claims, g_hash_table_unref);
  g_clear_pointer (&a->sources, g_hash_table_unref);
  g_clear_pointer (&a->source_claims, g_hash_table_unref);
  g_clear_pointer (&a->new_articles, g_hash_table_unref);
  g_clear_pointer (&a->renamed, g_hash_table_unref);
  g_clear_pointer (&a->appeared, g_hash_table_unref);
  g_clear_pointer (&a->articles, g_hash_table_unref);
  g_clear_pointer (&a->texts, g_hash_table_unref);
  g_clear_pointer (&a->shas, g_hash_table_unref);
  g_clear_pointer (&a->gone, g_hash_table_unref);
  g_clear_pointer (&a->schema, fm_sync_schema_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Apply, apply_clear)

gboolean
fm_store_sync_apply (FmStore           *self,
                     GPtrArray         *ops,
                     FmSyncApplyStats  *stats,
                     GError           **error)
{
  g_auto(Apply) a = { 0 };
  g_autoptr(GPtrArray) decoded = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  g_autoptr(GHashTable) applied = NULL;
  g_autofree char *clock_text = NULL;
  guint64 last_own;
  gint64 clock;
  gboolean began;

  g_return_val_if_fail (FM_IS_STORE (self), FALSE);
  g_return_val_if_fail (ops != NULL, FALSE);

  if (stats != NULL)
    *stats = (FmSyncApplyStats) { 0, 0 };
  if (!check_writable (self, error))
    return FALSE;

  a.self = self;
  a.schema = fm_store_sync_get_schema (self);
  a.claims = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  a.sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  a.source_claims = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  a.new_articles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  a.renamed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  a.appeared = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  a.articles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  a.texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  a.shas = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  a.gone = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  /* Everything is checked before anything is applied */
  for (guint i = 0; i < ops->len; i++)
    {
      FmSyncOp *op = g_ptr_array_index (ops, i);
      GPtrArray *changes;

      if (!fm_sync_schema_check_op (a.schema, op, error))
        return FALSE;
      if (g_str_equal (op->workspace_id, self->workspace_id))
        {
          g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INVALID,
                       _("The changes carry this workspace’s own id but were not made here: "
                         "another copy of this workspace file is in use"));
          return FALSE;
        }
      changes = decode_changeset (a.schema, op->changeset, error);
      if (changes == NULL)
        return FALSE;
      g_ptr_array_add (decoded, changes);
    }

  self->sync_applying = TRUE;
  began = begin (self, error);
  self->sync_applying = FALSE;
  if (!began)
    return FALSE;

  if (!exec (self, "PRAGMA defer_foreign_keys = ON", _("Could not merge the changes"), error) ||
      !sync_index_own (&a, error))
    goto fail;
  applied = fm_store_sync_get_applied (self, error);
  if (applied == NULL)
    goto fail;
  last_own = fm_store_sync_get_last_seq (self, error);
  if (!workspace_get_int (self, "sync-clock", &clock, error))
    goto fail;

  for (guint i = 0; i < ops->len; i++)
    {
      FmSyncOp *op = g_ptr_array_index (ops, i);
      g_autoptr(GHashTable) deps = deps_to_table (op->deps);
      const guint64 *done = g_hash_table_lookup (applied, op->workspace_id);
      OpInfo info = { op->workspace_id, op->seq, op->stamp, op->actor, deps };
      GHashTableIter iter;
      gpointer ws;
      gpointer seq;
      sqlite3_stmt *stmt;

      /* In order: the next of its workspace, after everything it had seen */
      if ((done ? *done : 0) + 1 != op->seq)
        {
          g_autofree char *seq_text = g_strdup_printf ("%" G_GUINT64_FORMAT, (guint64)op->seq);

          /* Translators: the first %s is a number, the second a workspace's id */
          g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INVALID,
                       _("Change %s of workspace %s is not the next one"),
                       seq_text, op->workspace_id);
          goto fail;
        }
      g_hash_table_iter_init (&iter, deps);
      while (g_hash_table_iter_next (&iter, &ws, &seq))
        {
          const guint64 *have = g_str_equal (ws, self->workspace_id) ? &last_own :
                                g_hash_table_lookup (applied, ws);

          if (have == NULL || *have < *(guint64 *)seq)
            {
              if (g_str_equal (ws, self->workspace_id))
                g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INVALID,
                             _("Another workspace has seen changes of this one that it does "
                               "not have: another copy of this workspace file is in use"));
              else
                {
                  g_autofree char *seq_text = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                                               (guint64)op->seq);

                  /* Translators: the first %s is a number, the second a workspace's id */
                  g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_INVALID,
                               _("Change %s of workspace %s comes before changes it depends on"),
                               seq_text, op->workspace_id);
                }
              goto fail;
            }
        }

      a.op = &info;
      a.local = FALSE;
      if (!apply_op (&a, g_ptr_array_index (decoded, i), error))
        goto fail;

      stmt = prepare (self, "INSERT OR REPLACE INTO sync_peers (ws, seq) VALUES (?, ?)", error);
      if (stmt == NULL)
        goto fail;
      bind_text (stmt, 1, op->workspace_id);
      sqlite3_bind_int64 (stmt, 2, op->seq);
      if (!step_done (self, stmt, _("Could not merge the changes"), error))
        goto fail;
      g_hash_table_insert (applied, g_strdup (op->workspace_id), g_memdup2 (&op->seq, sizeof op->seq));
      clock = MAX (clock, op->stamp);
    }
  a.op = NULL;

  clock_text = g_strdup_printf ("%" G_GINT64_FORMAT, clock);
  if (!workspace_set (self, "sync-clock", clock_text, error))
    goto fail;

  /* Versions of articles stay numbered in order; claims on another
   * version of a text are listed */
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, a.articles);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      if (!number_revisions (&a, key, error))
        goto fail;
    g_hash_table_iter_init (&iter, a.shas);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      if (!settle_sha (&a, key, error))
        goto fail;
    g_hash_table_iter_init (&iter, a.claims);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      {
        g_autofree char *claim_article = NULL;
        sqlite3_stmt *stmt = prepare (self, "SELECT article_id FROM claims WHERE id = ?", error);

        if (stmt == NULL)
          goto fail;
        bind_text (stmt, 1, key);
        if (sqlite3_step (stmt) == SQLITE_ROW)
          claim_article = g_strdup (column_text (stmt, 0));
        sqlite3_reset (stmt);
        if (claim_article != NULL)
          g_hash_table_add (a.texts, g_steal_pointer (&claim_article));
      }
    g_hash_table_iter_init (&iter, a.texts);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      if (!check_placements (&a, key, error))
        goto fail;
  }

  if (!commit (self, error))
    return FALSE;

  if (stats != NULL)
    *stats = (FmSyncApplyStats) { ops->len, a.n_conflicts };
  sync_emit (self, &a);
  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

/* Files sent */

GHashTable *
fm_store_sync_get_sent_files (FmStore  *self,
                              GError  **error)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (FM_IS_STORE (self), NULL);

  stmt = prepare (self, "SELECT name FROM sync_sent", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (names, g_strdup (column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_error (self, error, rc, _("Could not read the workspace"));
      return NULL;
    }
  return g_steal_pointer (&names);
}

gboolean
fm_store_sync_add_sent_file (FmStore     *self,
                             const char  *name,
                             GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (FM_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!begin (self, error))
    return FALSE;
  stmt = prepare (self, "INSERT OR IGNORE INTO sync_sent (name) VALUES (?)", error);
  if (stmt == NULL || !step_done (self, stmt, _("Could not save the workspace"), error))
    {
      rollback (self);
      return FALSE;
    }
  return commit (self, error);
}

/* Conflicts */

GPtrArray *
fm_store_sync_list_conflicts (FmStore   *self,
                              gboolean   include_reviewed,
                              GError   **error)
{
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (FM_IS_STORE (self), NULL);

  stmt = prepare (self, "SELECT id, detected_at, kind, claim_id, article_id, field, kept_value, "
                        "kept_ws, kept_actor, kept_stamp, lost_value, lost_ws, lost_actor, "
                        "lost_stamp, reviewed FROM sync_conflicts WHERE reviewed = 0 OR ? "
                        "ORDER BY detected_at DESC, rowid DESC", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, include_reviewed);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *kept_at = stamp_to_iso (sqlite3_column_int64 (stmt, 9));
      g_autofree char *lost_at = stamp_to_iso (sqlite3_column_int64 (stmt, 13));

      g_ptr_array_add (conflicts,
                       g_object_new (FM_TYPE_SYNC_CONFLICT,
                                     "id", column_text (stmt, 0),
                                     "detected-at", column_text (stmt, 1),
                                     "kind", g_strcmp0 (column_text (stmt, 2), "deletion") == 0 ?
                                               FM_SYNC_CONFLICT_DELETION :
                                             g_strcmp0 (column_text (stmt, 2), "review") == 0 ?
                                               FM_SYNC_CONFLICT_REVIEW : FM_SYNC_CONFLICT_FIELD,
                                     "claim-id", column_text (stmt, 3),
                                     "article-id", column_text (stmt, 4),
                                     "field", column_text (stmt, 5),
                                     "kept-value", column_text (stmt, 6),
                                     "kept-workspace", column_text (stmt, 7),
                                     "kept-actor", column_text (stmt, 8),
                                     "kept-at", kept_at,
                                     "lost-value", column_text (stmt, 10),
                                     "lost-workspace", column_text (stmt, 11),
                                     "lost-actor", column_text (stmt, 12),
                                     "lost-at", lost_at,
                                     "reviewed", sqlite3_column_int (stmt, 14) != 0,
                                     NULL));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_error (self, error, rc, _("Could not read the conflicts"));
      return NULL;
    }
  return g_steal_pointer (&conflicts);
}

guint
fm_store_sync_count_conflicts (FmStore  *self,
                               GError  **error)
{
  sqlite3_stmt *stmt;
  guint count = 0;
  int rc;

  g_return_val_if_fail (FM_IS_STORE (self), 0);

  stmt = prepare (self, "SELECT count (*) FROM sync_conflicts WHERE reviewed = 0", error);
  if (stmt == NULL)
    return 0;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    count = sqlite3_column_int (stmt, 0);
  else
    set_error (self, error, rc, _("Could not read the conflicts"));
  sqlite3_reset (stmt);
  return count;
}

gboolean
fm_store_sync_set_conflict_reviewed (FmStore     *self,
                                     const char  *conflict_id,
                                     gboolean     reviewed,
                                     GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (FM_IS_STORE (self), FALSE);
  g_return_val_if_fail (conflict_id != NULL, FALSE);

  if (!begin (self, error))
    return FALSE;
  stmt = prepare (self, "UPDATE sync_conflicts SET reviewed = ? WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int (stmt, 1, !!reviewed);
  bind_text (stmt, 2, conflict_id);
  if (!step_done (self, stmt, _("Could not save the review"), error))
    goto fail;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_NOT_FOUND,
                   _("There is no conflict with the id %s"), conflict_id);
      goto fail;
    }
  return commit (self, error);

fail:
  rollback (self);
  return FALSE;
}

/* When, per folder (local: each machine syncs on its own schedule) */

static char *
last_sync_key (const char *folder_uri)
{
  return g_strconcat ("sync-last:", folder_uri, NULL);
}

char *
fm_store_sync_get_last_sync (FmStore    *self,
                             const char *folder_uri)
{
  g_autofree char *key = NULL;
  sqlite3_stmt *stmt;
  char *at = NULL;

  g_return_val_if_fail (FM_IS_STORE (self), NULL);
  g_return_val_if_fail (folder_uri != NULL, NULL);

  key = last_sync_key (folder_uri);
  stmt = prepare (self, "SELECT value FROM workspace WHERE key = ?", NULL);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    at = g_strdup (column_text (stmt, 0));
  sqlite3_reset (stmt);
  return at;
}

gboolean
fm_store_sync_set_last_sync (FmStore     *self,
                             const char  *folder_uri,
                             const char  *at,
                             GError     **error)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (FM_IS_STORE (self), FALSE);
  g_return_val_if_fail (folder_uri != NULL && at != NULL, FALSE);

  key = last_sync_key (folder_uri);
  if (!begin (self, error))
    return FALSE;
  if (!workspace_set (self, key, at, error))
    {
      rollback (self);
      return FALSE;
    }
  return commit (self, error);
}

/* Checks */

char *
fm_store_sync_dump (FmStore  *self,
                    GError  **error)
{
  g_autoptr(FmSyncSchema) schema = NULL;
  g_autoptr(GString) dump = g_string_new (NULL);

  g_return_val_if_fail (FM_IS_STORE (self), NULL);

  schema = fm_store_sync_get_schema (self);
  for (guint i = 0; i < N_SYNC_TABLES; i++)
    {
      const SyncTable *t = &schema->tables[i];
      g_autoptr(GString) order = g_string_new (NULL);
      g_autoptr(sqlite3_stmt) stmt = NULL;
      g_autofree char *cols = g_strjoinv (", ", t->quoted);
      g_autofree char *sql = NULL;
      int rc;

      if (t->n_cols == 0)
        continue;
      for (guint k = 0; k < t->n_pk; k++)
        g_string_append_printf (order, "%s%s", k ? ", " : "", t->quoted[t->pk_cols[k]]);
      sql = g_strdup_printf ("SELECT %s FROM %s ORDER BY %s", cols, t->quoted_name, order->str);
      stmt = prepare_once (self, sql, error);
      if (stmt == NULL)
        return NULL;
      g_string_append_printf (dump, "[%s]\n", t->desc->name);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          for (guint c = 0; c < t->n_cols; c++)
            {
              Val v = { 0 };
              g_autofree char *text = NULL;

              val_from_column (&v, stmt, c);
              text = val_to_text (&v);
              if (v.type == SQLITE_NULL)
                g_string_append_printf (dump, "%s%s=NULL", c ? " " : "", t->cols[c]);
              else if (v.type == SQLITE_BLOB)
                g_string_append_printf (dump, "%s%s=blob:%s", c ? " " : "", t->cols[c], text);
              else
                {
                  g_autofree char *escaped = g_strescape (text, NULL);
                  g_string_append_printf (dump, "%s%s=\"%s\"", c ? " " : "", t->cols[c], escaped);
                }
              val_clear (&v);
            }
          g_string_append_c (dump, '\n');
        }
      if (rc != SQLITE_DONE)
        {
          set_error (self, error, rc, _("Could not read the workspace"));
          return NULL;
        }
    }
  return g_string_free (g_steal_pointer (&dump), FALSE);
}

gboolean
fm_store_sync_verify (FmStore  *self,
                      GError  **error)
{
  static const char * const fts[] = { "claims_fts", "sources_fts", "articles_fts" };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (FM_IS_STORE (self), FALSE);

  stmt = prepare_once (self, "PRAGMA foreign_key_check", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_CORRUPT,
                   _("The workspace file is damaged (a row of %s refers to a missing row)"),
                   column_text (stmt, 0));
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return set_error (self, error, rc, _("Could not check the workspace"));

  for (guint i = 0; i < G_N_ELEMENTS (fts); i++)
    {
      /* With rank 1 the index is compared with its table's content */
      g_autofree char *sql = g_strdup_printf ("INSERT INTO %s (%s, rank) VALUES ('integrity-check', 1)",
                                              fts[i], fts[i]);

      rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        {
          g_set_error (error, FM_STORE_ERROR, FM_STORE_ERROR_CORRUPT,
                       _("The search index %s does not match the workspace (%s)"),
                       fts[i], sqlite3_errmsg (self->db));
          return FALSE;
        }
    }
  return TRUE;
}

/* Importing claims */

/* The values an imported claim came with, in its history as the changes
 * that would have given them here: an "imported" entry, then each field
 * that is not its default, and each source */
static gboolean
record_imported_fields (FmStore     *self,
                        FmClaim     *row,
                        GPtrArray   *sources,
                        const char  *at,
                        GError     **error)
{
  const char *id = fm_claim_get_id (row);
  const char *article_id = fm_claim_get_article_id (row);
  g_autofree char *tags = join_tags (fm_claim_get_tags (row));
  FmVerdict verdict = fm_claim_get_verdict (row);
  FmStatus status = fm_claim_get_status (row);
  struct {
    FmClaimField  field;
    const char   *old_value;
    const char   *new_value;
  } fields[] = {
    { FM_CLAIM_FIELD_SUMMARY, "", fm_claim_get_summary (row) },
    { FM_CLAIM_FIELD_VERDICT, fm_verdict_to_id (FM_VERDICT_UNRATED), fm_verdict_to_id (verdict) },
    { FM_CLAIM_FIELD_EXPLANATION, "", fm_claim_get_explanation (row) },
    { FM_CLAIM_FIELD_TAGS, "", tags },
    { FM_CLAIM_FIELD_ASSIGNEE, "", fm_claim_get_assignee (row) },
    { FM_CLAIM_FIELD_REVIEW_COMMENT, "", fm_claim_get_review_comment (row) },
    { FM_CLAIM_FIELD_STATUS, fm_status_to_id (FM_STATUS_UNCHECKED), fm_status_to_id (status) },
  };

  if (!add_history (self, id, article_id, at, "imported", NULL, NULL, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *value = fields[i].new_value ? fields[i].new_value : "";

      if (g_str_equal (value, fields[i].old_value))
        continue;
      if (!add_history (self, id, article_id, at, fm_claim_field_to_id (fields[i].field),
                        fields[i].old_value, value, error))
        return FALSE;
    }
  for (guint i = 0; sources != NULL && i < sources->len; i++)
    {
      g_autofree char *description = describe_source (g_ptr_array_index (sources, i));

      if (!add_history (self, id, article_id, at, "source-added", NULL, description, error))
        return FALSE;
    }
  return TRUE;
}

GPtrArray *
fm_store_import_claims (FmStore    *self,
                        GPtrArray  *claims,
                        GPtrArray  *sources,
                        GError    **error)
{
  return insert_claims (self, claims, sources, TRUE, error);
}

/* A search's keys and counts in one query */

gboolean
fm_store_query_claim_keys_and_counts (FmStore             *self,
                                      const FmClaimQuery  *query,
                                      GArray             **keys,
                                      guint               *counts,
                                      GError             **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT c.rowid, c.status");
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *match = NULL;
  FmClaimQuery any_status;
  int rc;

  g_return_val_if_fail (FM_IS_STORE (self), FALSE);
  g_return_val_if_fail (query != NULL, FALSE);
  g_return_val_if_fail (keys != NULL, FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);

  /* Without words to look for, every claim is read: a status filter and
   * the counts are better served by their indexes, one query each */
  match = query->search ? fts_query (query->search) : NULL;
  if (match == NULL)
    {
      g_autoptr(GArray) all = fm_store_query_claim_keys (self, query, error);

      if (all == NULL || !fm_store_count_query_by_status (self, query, counts, error))
        return FALSE;
      *keys = g_steal_pointer (&all);
      return TRUE;
    }

  /* The claims of every status in the query's order, each with its
   * status: the query's status filter keeps some of them, in that order */
  any_status = *query;
  any_status.any_status = TRUE;
  build_where (&any_status, sql, params);
  append_order (&any_status, sql);
  stmt = prepare_once (self, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  bind_params (stmt, params);
  memset (counts, 0, sizeof (guint) * FM_N_STATUSES);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 key = sqlite3_column_int64 (stmt, 0);
      FmStatus status;

      gboolean known = fm_status_from_id (column_text (stmt, 1), &status);

      if (known)
        counts[status]++;
      if (query->any_status || (known && status == query->status))
        g_array_append_val (found, key);
    }
  if (rc != SQLITE_DONE)
    return set_error (self, error, rc, _("Could not read the claims"));
  *keys = g_steal_pointer (&found);
  return TRUE;
}
