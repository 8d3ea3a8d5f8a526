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
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "fm-anchor.h"
#include "fm-diff.h"
#include "fm-store.h"
#include "fm-store-schema.h"
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
  return TRUE;
}

static gboolean
commit (FmStore  *self,
        GError  **error)
{
  int rc;

  g_assert (self->in_transaction);

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

  /* Statements must be finalised before the connection closes */
  g_clear_pointer (&self->statements, g_hash_table_unref);
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
} KeyedClaim;

static void
keyed_claim_free (KeyedClaim *kc)
{
  g_clear_object (&kc->claim);
  g_free (kc);
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
   * its place in its article's text order, then its key */
  g_string_append (sql, claim_columns);
  g_string_append (sql, ", (SELECT count (*) FROM claims o WHERE o.article_id = c.article_id "
                        "AND (o.start_offset < c.start_offset OR (o.start_offset = c.start_offset "
                        "AND (o.end_offset > c.end_offset OR (o.end_offset = c.end_offset "
                        "AND o.id < c.id))))) + 1, c.rowid FROM claims c WHERE c.rowid IN (");
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

GPtrArray *
fm_store_insert_claims (FmStore    *self,
                        GPtrArray  *claims,
                        GPtrArray  *sources,
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
