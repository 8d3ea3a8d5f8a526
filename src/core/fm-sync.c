/* fm-sync.c — sharing a workspace through a folder, without a server
 *
 * The folder holds files named WORKSPACE-FIRST-LAST.fmsync, each with the
 * changes FIRST…LAST of one workspace. A workspace writes only files with
 * its own id, each once, under a name no other workspace can take; a file
 * is written under a hidden name beside its final one, synced to disk and
 * then renamed, so that readers see a whole file or none. Factmark never
 * rewrites or removes a file in the folder. Anything whose name does not
 * have this form (a cloud client's "conflicted copy", notes) is ignored.
 *
 * A file: "FMSYNC" 0 1 (8 bytes), the SHA-256 of the rest (32 bytes), then
 * a little-endian GVariant (FILE_TYPE): format version, workspace id,
 * Factmark version, schema version, and the changes (sequence number,
 * recorded time, author, what the author had seen, SQLite changeset).
 *
 * Which changes were applied, in what order, and how they merge is the
 * store's business (fm_store_sync_apply()); this file only chooses an
 * order in which each change comes after the ones it had seen.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fm-sync.h"
#include "fm-util.h"

#define FILE_MAGIC          "FMSYNC\0\1"
#define FILE_MAGIC_LEN      8
#define FILE_HEADER_LEN     (FILE_MAGIC_LEN + 32)
#define FILE_TYPE           "(ussua(txsa{st}ay))"
#define FILE_FORMAT         1u
#define FILE_SUFFIX         ".fmsync"
/* 36 (id) + 1 + 12 + 1 + 12 + suffix */
#define FILE_NAME_LEN       (62 + sizeof FILE_SUFFIX - 1)
/* A file holds at most this much (one bigger change gets a file of its own) */
#define FILE_TARGET_BYTES   (16 * 1024 * 1024)
/* Larger files are not read: no workspace writes them */
#define FILE_MAX_BYTES      ((goffset)512 * 1024 * 1024)
/* Changes applied per transaction */
#define APPLY_CHUNK         200

G_DEFINE_QUARK (fm-sync-error-quark, fm_sync_error)

/* FmSyncResult */

G_DEFINE_BOXED_TYPE (FmSyncResult, fm_sync_result, fm_sync_result_copy, fm_sync_result_free)

static FmSyncResult *
fm_sync_result_new (void)
{
  FmSyncResult *result = g_new0 (FmSyncResult, 1);

  result->conflicts = g_ptr_array_new_with_free_func (g_object_unref);
  result->problems = g_ptr_array_new_with_free_func ((GDestroyNotify)g_error_free);
  return result;
}

FmSyncResult *
fm_sync_result_copy (const FmSyncResult *result)
{
  FmSyncResult *copy = fm_sync_result_new ();

  copy->n_sent = result->n_sent;
  copy->n_files_written = result->n_files_written;
  copy->n_received = result->n_received;
  copy->n_files_read = result->n_files_read;
  copy->n_workspaces = result->n_workspaces;
  copy->n_waiting = result->n_waiting;
  for (guint i = 0; i < result->conflicts->len; i++)
    g_ptr_array_add (copy->conflicts, g_object_ref (g_ptr_array_index (result->conflicts, i)));
  for (guint i = 0; i < result->problems->len; i++)
    g_ptr_array_add (copy->problems, g_error_copy (g_ptr_array_index (result->problems, i)));
  return copy;
}

void
fm_sync_result_free (FmSyncResult *result)
{
  if (result == NULL)
    return;
  g_ptr_array_unref (result->conflicts);
  g_ptr_array_unref (result->problems);
  g_free (result);
}

/* FmSync */

struct _FmSync
{
  GObject     parent_instance;

  FmStore    *store;
  GFile      *folder;
  GListStore *conflicts;
  GHashTable *refused;              /* file name → size when refused (gint64 *) */
  double      progress;
  guint       running : 1;
};

G_DEFINE_FINAL_TYPE (FmSync, fm_sync, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_FOLDER,
  PROP_RUNNING,
  PROP_PROGRESS,
  PROP_LAST_SYNC,
  PROP_N_CONFLICTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void refresh_conflicts (FmSync *self);

static void
fm_sync_dispose (GObject *object)
{
  FmSync *self = (FmSync *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->folder);
  g_clear_object (&self->conflicts);

  G_OBJECT_CLASS (fm_sync_parent_class)->dispose (object);
}

static void
fm_sync_finalize (GObject *object)
{
  FmSync *self = (FmSync *)object;

  g_clear_pointer (&self->refused, g_hash_table_unref);

  G_OBJECT_CLASS (fm_sync_parent_class)->finalize (object);
}

static void
fm_sync_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  FmSync *self = FM_SYNC (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_FOLDER:
      g_value_set_object (value, self->folder);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_LAST_SYNC:
      g_value_take_string (value, fm_sync_dup_last_sync (self));
      break;
    case PROP_N_CONFLICTS:
      g_value_set_uint (value, fm_sync_get_n_conflicts (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fm_sync_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  FmSync *self = FM_SYNC (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_FOLDER:
      fm_sync_set_folder (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fm_sync_constructed (GObject *object)
{
  FmSync *self = (FmSync *)object;

  G_OBJECT_CLASS (fm_sync_parent_class)->constructed (object);

  g_assert (FM_IS_STORE (self->store));
  refresh_conflicts (self);
}

static void
fm_sync_class_init (FmSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fm_sync_dispose;
  object_class->finalize = fm_sync_finalize;
  object_class->get_property = fm_sync_get_property;
  object_class->set_property = fm_sync_set_property;
  object_class->constructed = fm_sync_constructed;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, FM_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLDER] =
    g_param_spec_object ("folder", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0, 1, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * FmSync:last-sync:
   * When the workspace last completed a sync with the folder (ISO 8601), or NULL.
   */
  properties[PROP_LAST_SYNC] =
    g_param_spec_string ("last-sync", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_CONFLICTS] =
    g_param_spec_uint ("n-conflicts", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fm_sync_init (FmSync *self)
{
  self->conflicts = g_list_store_new (FM_TYPE_SYNC_CONFLICT);
  self->refused = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

FmSync *
fm_sync_new (FmStore *store,
             GFile   *folder)
{
  g_return_val_if_fail (FM_IS_STORE (store), NULL);
  g_return_val_if_fail (folder == NULL || G_IS_FILE (folder), NULL);

  return g_object_new (FM_TYPE_SYNC, "store", store, "folder", folder, NULL);
}

FmStore *
fm_sync_get_store (FmSync *self)
{
  g_return_val_if_fail (FM_IS_SYNC (self), NULL);
  return self->store;
}

GFile *
fm_sync_get_folder (FmSync *self)
{
  g_return_val_if_fail (FM_IS_SYNC (self), NULL);
  return self->folder;
}

void
fm_sync_set_folder (FmSync *self,
                    GFile  *folder)
{
  g_return_if_fail (FM_IS_SYNC (self));
  g_return_if_fail (folder == NULL || G_IS_FILE (folder));

  if (self->folder == folder || (self->folder && folder && g_file_equal (self->folder, folder)))
    return;
  g_set_object (&self->folder, folder);
  g_hash_table_remove_all (self->refused);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLDER]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNC]);
}

gboolean
fm_sync_get_running (FmSync *self)
{
  g_return_val_if_fail (FM_IS_SYNC (self), FALSE);
  return self->running;
}

double
fm_sync_get_progress (FmSync *self)
{
  g_return_val_if_fail (FM_IS_SYNC (self), 0);
  return self->progress;
}

char *
fm_sync_dup_last_sync (FmSync *self)
{
  g_autofree char *uri = NULL;

  g_return_val_if_fail (FM_IS_SYNC (self), NULL);

  if (self->folder == NULL)
    return NULL;
  uri = g_file_get_uri (self->folder);
  return fm_store_sync_get_last_sync (self->store, uri);
}

GListModel *
fm_sync_get_conflicts (FmSync *self)
{
  g_return_val_if_fail (FM_IS_SYNC (self), NULL);
  return G_LIST_MODEL (self->conflicts);
}

guint
fm_sync_get_n_conflicts (FmSync *self)
{
  g_return_val_if_fail (FM_IS_SYNC (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->conflicts));
}

static void
refresh_conflicts (FmSync *self)
{
  g_autoptr(GPtrArray) conflicts = fm_store_sync_list_conflicts (self->store, FALSE, NULL);
  guint before = g_list_model_get_n_items (G_LIST_MODEL (self->conflicts));

  if (conflicts == NULL)
    return;
  g_list_store_splice (self->conflicts, 0, before, conflicts->pdata, conflicts->len);
  if (before != conflicts->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CONFLICTS]);
}

gboolean
fm_sync_mark_reviewed (FmSync          *self,
                       FmSyncConflict  *conflict,
                       GError         **error)
{
  g_return_val_if_fail (FM_IS_SYNC (self), FALSE);
  g_return_val_if_fail (FM_IS_SYNC_CONFLICT (conflict), FALSE);

  if (!fm_store_sync_set_conflict_reviewed (self->store, fm_sync_conflict_get_id (conflict),
                                            TRUE, error))
    return FALSE;
  fm_sync_conflict_set_reviewed (conflict, TRUE);
  refresh_conflicts (self);
  return TRUE;
}

static void
set_progress (FmSync *self,
              double  progress)
{
  progress = CLAMP (progress, 0, 1);
  if (self->progress == progress)
    return;
  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static void
set_running (FmSync   *self,
             gboolean  running)
{
  if (self->running == !!running)
    return;
  self->running = !!running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/* File names */

typedef struct
{
  guint64 first;
  guint64 last;
} Range;

static gboolean
parse_name (const char  *name,
            char       **workspace_id,
            guint64     *first,
            guint64     *last)
{
  g_autofree char *ws = NULL;

  if (strlen (name) != FILE_NAME_LEN || !g_str_has_suffix (name, FILE_SUFFIX) ||
      name[36] != '-' || name[49] != '-')
    return FALSE;
  for (guint i = 0; i < 12; i++)
    if (!g_ascii_isdigit (name[37 + i]) || !g_ascii_isdigit (name[50 + i]))
      return FALSE;
  ws = g_strndup (name, 36);
  for (guint i = 0; i < 36; i++)
    {
      gboolean dash = i == 8 || i == 13 || i == 18 || i == 23;

      if (dash ? ws[i] != '-' : !(g_ascii_isdigit (ws[i]) || (ws[i] >= 'a' && ws[i] <= 'f')))
        return FALSE;
    }
  *first = g_ascii_strtoull (name + 37, NULL, 10);
  *last = g_ascii_strtoull (name + 50, NULL, 10);
  if (*first == 0 || *last < *first)
    return FALSE;
  *workspace_id = g_steal_pointer (&ws);
  return TRUE;
}

static char *
make_name (const char *workspace_id,
           guint64     first,
           guint64     last)
{
  return g_strdup_printf ("%s-%012" G_GUINT64_FORMAT "-%012" G_GUINT64_FORMAT FILE_SUFFIX,
                          workspace_id, first, last);
}

/* One run */

typedef struct
{
  char    *name;
  char    *path;
  char    *workspace_id;
  guint64  first;
  guint64  last;
  goffset  size;
} FolderFile;

static void
folder_file_free (FolderFile *file)
{
  g_free (file->name);
  g_free (file->path);
  g_free (file->workspace_id);
  g_free (file);
}

typedef struct
{
  char     *name;
  GBytes   *contents;
  guint     n_ops;
} OutFile;

static void
out_file_free (OutFile *file)
{
  g_free (file->name);
  g_bytes_unref (file->contents);
  g_free (file);
}

typedef struct
{
  /* Taken on the main thread before anything else */
  char         *folder_path;
  char         *folder_uri;
  char         *workspace_id;
  guint64       last_own;
  GHashTable   *applied;            /* other workspace → last applied (guint64 *) */
  FmSyncSchema *schema;
  GHashTable   *refused_before;     /* name → size */
  GHashTable   *sent;               /* names of the files this workspace wrote */

  /* Listing and reading the folder (any thread) */
  GPtrArray    *files;              /* FolderFile */
  GArray       *own;                /* Range: our files present */
  GPtrArray    *incoming;           /* FmSyncOp not applied yet */
  GPtrArray    *unknown_own;        /* OwnFile: files under our id we did not write */
  GHashTable   *refused;            /* name → size, refused by this run */

  /* Sending */
  GPtrArray    *outgoing;           /* OutFile */

  /* Applying (main thread) */
  GPtrArray    *plan;               /* FmSyncOp, in the order to apply */
  guint         next;
  GHashTable   *from;               /* workspaces received from */
  guint         n_conflicts;

  FmSyncResult *result;
  gint64        started;
} Run;

typedef struct
{
  char      *name;
  GPtrArray *ops;
} OwnFile;

static void
own_file_free (OwnFile *file)
{
  g_free (file->name);
  g_ptr_array_unref (file->ops);
  g_free (file);
}

static void
run_free (Run *run)
{
  g_free (run->folder_path);
  g_free (run->folder_uri);
  g_free (run->workspace_id);
  g_clear_pointer (&run->applied, g_hash_table_unref);
  g_clear_pointer (&run->schema, fm_sync_schema_unref);
  g_clear_pointer (&run->refused_before, g_hash_table_unref);
  g_clear_pointer (&run->sent, g_hash_table_unref);
  g_clear_pointer (&run->unknown_own, g_ptr_array_unref);
  g_clear_pointer (&run->files, g_ptr_array_unref);
  g_clear_pointer (&run->own, g_array_unref);
  g_clear_pointer (&run->incoming, g_ptr_array_unref);
  g_clear_pointer (&run->refused, g_hash_table_unref);
  g_clear_pointer (&run->outgoing, g_ptr_array_unref);
  g_clear_pointer (&run->plan, g_ptr_array_unref);
  g_clear_pointer (&run->from, g_hash_table_unref);
  g_clear_pointer (&run->result, fm_sync_result_free);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

static guint64
applied_seq (GHashTable *applied,
             const char *workspace_id)
{
  const guint64 *seq = g_hash_table_lookup (applied, workspace_id);

  return seq ? *seq : 0;
}

/* Main thread: what the workspace holds, for the rest of the run */
static Run *
run_new (FmSync  *self,
         GError **error)
{
  g_autoptr(Run) run = g_new0 (Run, 1);
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  if (self->folder == NULL)
    {
      g_set_error (error, FM_SYNC_ERROR, FM_SYNC_ERROR_FOLDER, _("No sync folder is set"));
      return NULL;
    }
  run->folder_path = g_file_get_path (self->folder);
  run->folder_uri = g_file_get_uri (self->folder);
  if (run->folder_path == NULL)
    {
      g_set_error (error, FM_SYNC_ERROR, FM_SYNC_ERROR_FOLDER,
                   _("The sync folder must be on this computer or on a mounted drive "
                     "(%s is not)"), run->folder_uri);
      return NULL;
    }
  if (fm_store_is_read_only (self->store))
    {
      g_set_error (error, FM_SYNC_ERROR, FM_SYNC_ERROR_FAILED,
                   _("The workspace is open read-only, so it cannot take others’ changes"));
      return NULL;
    }

  run->workspace_id = g_strdup (fm_store_get_workspace_id (self->store));
  run->applied = fm_store_sync_get_applied (self->store, error);
  if (run->applied == NULL)
    return NULL;
  {
    g_autoptr(GError) local_error = NULL;

    run->last_own = fm_store_sync_get_last_seq (self->store, &local_error);
    if (local_error != NULL)
      {
        g_propagate_error (error, g_steal_pointer (&local_error));
        return NULL;
      }
  }
  run->schema = fm_store_sync_get_schema (self->store);
  run->sent = fm_store_sync_get_sent_files (self->store, error);
  if (run->sent == NULL)
    return NULL;
  run->unknown_own = g_ptr_array_new_with_free_func ((GDestroyNotify)own_file_free);
  run->refused_before = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_iter_init (&iter, self->refused);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (run->refused_before, g_strdup (key), g_memdup2 (value, sizeof (gint64)));

  run->files = g_ptr_array_new_with_free_func ((GDestroyNotify)folder_file_free);
  run->own = g_array_new (FALSE, FALSE, sizeof (Range));
  run->incoming = g_ptr_array_new_with_free_func ((GDestroyNotify)fm_sync_op_free);
  run->refused = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  run->outgoing = g_ptr_array_new_with_free_func ((GDestroyNotify)out_file_free);
  run->plan = g_ptr_array_new_with_free_func ((GDestroyNotify)fm_sync_op_free);
  run->from = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  run->result = fm_sync_result_new ();
  run->started = g_get_real_time ();
  return g_steal_pointer (&run);
}

static int
range_compare (gconstpointer a,
               gconstpointer b)
{
  const Range *ra = a;
  const Range *rb = b;

  return ra->first < rb->first ? -1 : ra->first > rb->first;
}

/* Lists the folder (names and sizes only) */
static gboolean
run_list (Run           *run,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *name;

  dir = g_dir_open (run->folder_path, 0, &local_error);
  if (dir == NULL)
    {
      g_set_error (error, FM_SYNC_ERROR, FM_SYNC_ERROR_FOLDER,
                   _("Could not open the sync folder %s: %s"), run->folder_path,
                   local_error->message);
      return FALSE;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      FolderFile *file;
      GStatBuf st;
      char *ws;
      guint64 first;
      guint64 last;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (!parse_name (name, &ws, &first, &last))
        continue;
      file = g_new0 (FolderFile, 1);
      file->name = g_strdup (name);
      file->path = g_build_filename (run->folder_path, name, NULL);
      file->workspace_id = ws;
      file->first = first;
      file->last = last;
      if (g_stat (file->path, &st) != 0 || !S_ISREG (st.st_mode))
        {
          folder_file_free (file);
          continue;
        }
      file->size = st.st_size;
      g_ptr_array_add (run->files, file);
      if (g_str_equal (ws, run->workspace_id))
        {
          Range range = { first, last };
          g_array_append_val (run->own, range);
        }
    }
  g_array_sort (run->own, range_compare);
  return TRUE;
}

/* Our changes that no file in the folder holds: normally those after the
 * last file we wrote, and any whose file someone removed */
static GArray *
missing_own (Run *run)
{
  GArray *missing = g_array_new (FALSE, FALSE, sizeof (Range));
  guint64 next = 1;

  for (guint i = 0; i < run->own->len; i++)
    {
      Range *r = &g_array_index (run->own, Range, i);

      if (r->first > next)
        {
          Range gap = { next, MIN (r->first - 1, run->last_own) };
          if (gap.first <= gap.last)
            g_array_append_val (missing, gap);
        }
      next = MAX (next, r->last + 1);
    }
  if (next <= run->last_own)
    {
      Range tail = { next, run->last_own };
      g_array_append_val (missing, tail);
    }
  return missing;
}

static gboolean
check_not_copied (Run     *run,
                  GError **error)
{
  for (guint i = 0; i < run->own->len; i++)
    if (g_array_index (run->own, Range, i).last > run->last_own)
      {
        g_set_error (error, FM_SYNC_ERROR, FM_SYNC_ERROR_COPY,
                     _("The sync folder holds changes made under this workspace’s id that it "
                       "does not have: a copy of this workspace file syncs to the same folder. "
                       "Give each person their own workspace (a new one fills up at its first "
                       "sync) instead of copies of one file."));
        return FALSE;
      }
  return TRUE;
}

static gboolean
file_error (GError     **error,
            FmSyncError  code,
            const char  *why)
{
  g_set_error_literal (error, FM_SYNC_ERROR, code, why);
  return FALSE;
}

/* Reads and checks one file completely; its changes, or an error */
static GPtrArray *
read_file (Run         *run,
           FolderFile  *file,
           GError     **error)
{
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify)fm_sync_op_free);
  g_autoptr(GBytes) all = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GVariant) root = NULL;
  g_autoptr(GVariant) list = NULL;
  g_autoptr(GChecksum) checksum = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  gsize size = 0;
  guint32 format;
  guint32 schema_version;
  const char *ws;
  const char *app_version;
  gsize n_ops;

  if (file->size > FILE_MAX_BYTES)
    {
      file_error (error, FM_SYNC_ERROR_FOREIGN, _("far too large to be a sync file"));
      return NULL;
    }
  if (!g_file_get_contents (file->path, &contents, &size, &local_error))
    {
      g_set_error (error, FM_SYNC_ERROR, FM_SYNC_ERROR_DAMAGED, _("could not be read: %s"),
                   local_error->message);
      return NULL;
    }
  all = g_bytes_new_take (g_steal_pointer (&contents), size);

  if (size < FILE_MAGIC_LEN || memcmp (g_bytes_get_data (all, NULL), FILE_MAGIC, FILE_MAGIC_LEN) != 0)
    {
      file_error (error, size == 0 ? FM_SYNC_ERROR_DAMAGED : FM_SYNC_ERROR_FOREIGN,
                  size == 0 ? _("empty (it may still be being copied)")
                            : _("not a Factmark sync file"));
      return NULL;
    }
  if (size < FILE_HEADER_LEN)
    {
      file_error (error, FM_SYNC_ERROR_DAMAGED,
                  _("incomplete (it may still be being copied)"));
      return NULL;
    }

  /* Damage anywhere, or a file still being copied, shows here */
  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, (const guchar *)g_bytes_get_data (all, NULL) + FILE_HEADER_LEN,
                     size - FILE_HEADER_LEN);
  g_checksum_get_digest (checksum, digest, &digest_len);
  if (memcmp (digest, (const guchar *)g_bytes_get_data (all, NULL) + FILE_MAGIC_LEN, 32) != 0)
    {
      file_error (error, FM_SYNC_ERROR_DAMAGED,
                  _("damaged or incomplete (it may still be being copied)"));
      return NULL;
    }

  payload = g_bytes_new_from_bytes (all, FILE_HEADER_LEN, size - FILE_HEADER_LEN);
  root = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE (FILE_TYPE), payload, FALSE));
  if (G_BYTE_ORDER == G_BIG_ENDIAN)
    {
      GVariant *swapped = g_variant_byteswap (root);
      g_variant_unref (root);
      root = swapped;
    }
  g_variant_get (root, "(u&s&su@a(txsa{st}ay))", &format, &ws, &app_version, &schema_version,
                 &list);
  if (format > FILE_FORMAT || schema_version > FM_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, FM_SYNC_ERROR, FM_SYNC_ERROR_TOO_NEW,
                   _("written by a newer version of Factmark (%s); update Factmark on this "
                     "computer to take these changes"),
                   g_utf8_validate (app_version, -1, NULL) ? app_version : "?");
      return NULL;
    }
  if (format != FILE_FORMAT || !g_str_equal (ws, file->workspace_id))
    {
      file_error (error, FM_SYNC_ERROR_FOREIGN, _("not a Factmark sync file (its contents do not match its name)"));
      return NULL;
    }

  n_ops = g_variant_n_children (list);
  if (n_ops != file->last - file->first + 1)
    {
      file_error (error, FM_SYNC_ERROR_DAMAGED, _("damaged (it does not hold the changes its name says)"));
      return NULL;
    }
  for (gsize i = 0; i < n_ops; i++)
    {
      g_autoptr(FmSyncOp) op = g_new0 (FmSyncOp, 1);
      g_autoptr(GVariant) changeset = NULL;
      const char *actor;

      g_variant_get_child (list, i, "(tx&s@a{st}@ay)", &op->seq, &op->stamp, &actor, &op->deps,
                           &changeset);
      op->workspace_id = g_strdup (ws);
      op->actor = g_strdup (actor);
      op->changeset = g_variant_get_data_as_bytes (changeset);
      if (op->seq != file->first + i)
        {
          file_error (error, FM_SYNC_ERROR_DAMAGED, _("damaged (its changes are out of order)"));
          return NULL;
        }
      if (!fm_sync_schema_check_op (run->schema, op, &local_error))
        {
          g_set_error_literal (error, FM_SYNC_ERROR, FM_SYNC_ERROR_DAMAGED, local_error->message);
          return NULL;
        }
      g_ptr_array_add (ops, g_steal_pointer (&op));
    }
  return g_steal_pointer (&ops);
}

static int
folder_file_compare (gconstpointer a,
                     gconstpointer b)
{
  const FolderFile *fa = *(const FolderFile **)a;
  const FolderFile *fb = *(const FolderFile **)b;
  int c = strcmp (fa->workspace_id, fb->workspace_id);

  if (c != 0)
    return c;
  return fa->first < fb->first ? -1 : fa->first > fb->first;
}

static void
add_problem (Run        *run,
             FolderFile *file,
             GError     *error)
{
  g_prefix_error (&error, _("%s: "), file->path);
  g_ptr_array_add (run->result->problems, error);
  g_hash_table_insert (run->refused, g_strdup (file->name), g_memdup2 (&file->size, sizeof file->size));
}

/* Any thread: reads every file with changes not applied here yet */
static gboolean
run_read (Run           *run,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_ptr_array_sort (run->files, folder_file_compare);
  for (guint i = 0; i < run->files->len; i++)
    {
      FolderFile *file = g_ptr_array_index (run->files, i);
      guint64 done = applied_seq (run->applied, file->workspace_id);
      g_autoptr(GPtrArray) ops = NULL;
      GError *file_err = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (g_str_equal (file->workspace_id, run->workspace_id))
        {
          OwnFile *own;

          /* Ours, or a copy's: compared with what we recorded, on the main thread */
          if (g_hash_table_contains (run->sent, file->name))
            continue;
          ops = read_file (run, file, &file_err);
          if (ops == NULL)
            {
              add_problem (run, file, file_err);
              continue;
            }
          own = g_new0 (OwnFile, 1);
          own->name = g_strdup (file->name);
          own->ops = g_steal_pointer (&ops);
          g_ptr_array_add (run->unknown_own, own);
          continue;
        }
      if (file->last <= done)
        continue;

      ops = read_file (run, file, &file_err);
      run->result->n_files_read++;
      if (ops == NULL)
        {
          add_problem (run, file, file_err);
          continue;
        }
      for (guint k = 0; k < ops->len; k++)
        {
          FmSyncOp *op = g_ptr_array_index (ops, k);
          g_autofree char *key = g_strdup_printf ("%s %" G_GUINT64_FORMAT, op->workspace_id, op->seq);
          FmSyncOp *other;

          if (op->seq <= done)
            continue;
          /* Files of one workspace may overlap: the same change twice */
          other = g_hash_table_lookup (seen, key);
          if (other != NULL)
            {
              if (other->stamp != op->stamp || !g_bytes_equal (other->changeset, op->changeset))
                {
                  add_problem (run, file,
                               g_error_new_literal (FM_SYNC_ERROR, FM_SYNC_ERROR_COPY,
                                                    _("other changes under the same numbers "
                                                      "as another file of the same workspace: "
                                                      "two copies of one workspace file sync "
                                                      "to this folder")));
                  break;
                }
              continue;
            }
          g_hash_table_insert (seen, g_steal_pointer (&key), op);
          g_ptr_array_add (run->incoming, fm_sync_op_copy (op));
        }
    }
  return TRUE;
}

/* Main thread: our changes that the folder lacks, as file contents */
static GBytes *
file_contents (Run       *run,
               GPtrArray *ops,
               guint      from,
               guint      to)
{
  g_autoptr(GVariant) root = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  GVariantBuilder builder;
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  GByteArray *bytes;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(txsa{st}ay)"));
  for (guint i = from; i < to; i++)
    {
      FmSyncOp *op = g_ptr_array_index (ops, i);

      g_variant_builder_add (&builder, "(txs@a{st}@ay)", op->seq, op->stamp, op->actor, op->deps,
                             g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, op->changeset,
                                                       TRUE));
    }
  root = g_variant_ref_sink (g_variant_new ("(ussu@a(txsa{st}ay))", FILE_FORMAT, run->workspace_id,
                                            PACKAGE_VERSION, (guint32)FM_STORE_SCHEMA_VERSION,
                                            g_variant_builder_end (&builder)));
  if (G_BYTE_ORDER == G_BIG_ENDIAN)
    {
      GVariant *swapped = g_variant_byteswap (root);
      g_variant_unref (root);
      root = swapped;
    }
  payload = g_variant_get_data_as_bytes (root);
  g_checksum_update (checksum, g_bytes_get_data (payload, NULL), g_bytes_get_size (payload));
  g_checksum_get_digest (checksum, digest, &digest_len);

  bytes = g_byte_array_sized_new (FILE_HEADER_LEN + g_bytes_get_size (payload));
  g_byte_array_append (bytes, (const guint8 *)FILE_MAGIC, FILE_MAGIC_LEN);
  g_byte_array_append (bytes, digest, sizeof digest);
  g_byte_array_append (bytes, g_bytes_get_data (payload, NULL), g_bytes_get_size (payload));
  return g_byte_array_free_to_bytes (bytes);
}

/* Main thread: a file under our id that we did not write must hold
 * exactly our changes (a folder filled again, a workspace restored from a
 * backup); otherwise a copy of this workspace file writes there too */
static gboolean
run_check_own (FmSync  *self,
               Run     *run,
               GError **error)
{
  for (guint i = 0; i < run->unknown_own->len; i++)
    {
      OwnFile *own = g_ptr_array_index (run->unknown_own, i);
      FmSyncOp *first = g_ptr_array_index (own->ops, 0);
      g_autoptr(GPtrArray) ours = fm_store_sync_get_outbox (self->store, first->seq - 1, 0, error);

      if (ours == NULL)
        return FALSE;
      for (guint k = 0; k < own->ops->len; k++)
        {
          FmSyncOp *theirs = g_ptr_array_index (own->ops, k);
          FmSyncOp *mine = k < ours->len ? g_ptr_array_index (ours, k) : NULL;

          if (mine == NULL || mine->seq != theirs->seq || mine->stamp != theirs->stamp ||
              !g_bytes_equal (mine->changeset, theirs->changeset))
            {
              g_set_error (error, FM_SYNC_ERROR, FM_SYNC_ERROR_COPY,
                           _("The sync folder holds changes made under this workspace’s id "
                             "that differ from its own: a copy of this workspace file syncs "
                             "to the same folder. Give each person their own workspace (a new "
                             "one fills up at its first sync) instead of copies of one file."));
              return FALSE;
            }
        }
      fm_store_sync_add_sent_file (self->store, own->name, NULL);
    }
  return TRUE;
}

static gboolean
run_prepare_sending (FmSync  *self,
                     Run     *run,
                     GError **error)
{
  g_autoptr(GArray) missing = NULL;

  if (!check_not_copied (run, error) || !run_check_own (self, run, error))
    return FALSE;
  missing = missing_own (run);
  for (guint m = 0; m < missing->len; m++)
    {
      Range *range = &g_array_index (missing, Range, m);
      guint64 next = range->first;

      while (next <= range->last)
        {
          g_autoptr(GPtrArray) ops = fm_store_sync_get_outbox (self->store, next - 1,
                                                               FILE_TARGET_BYTES, error);
          OutFile *out;
          guint n = 0;

          if (ops == NULL)
            return FALSE;
          while (n < ops->len && ((FmSyncOp *)g_ptr_array_index (ops, n))->seq <= range->last)
            n++;
          if (n == 0)
            break;
          out = g_new0 (OutFile, 1);
          out->name = make_name (run->workspace_id, next, next + n - 1);
          out->contents = file_contents (run, ops, 0, n);
          out->n_ops = n;
          g_ptr_array_add (run->outgoing, out);
          next += n;
        }
    }
  return TRUE;
}

/* Writes a file so that it appears whole or not at all, and never
 * replaces one that is there */
static gboolean
write_file (const char  *folder,
            OutFile     *out,
            GError     **error)
{
  g_autofree char *final = g_build_filename (folder, out->name, NULL);
  g_autofree char *hidden = g_strdup_printf (".%s.XXXXXX", out->name);
  g_autofree char *tmp = g_build_filename (folder, hidden, NULL);
  gsize size;
  const guint8 *data = g_bytes_get_data (out->contents, &size);
  int fd;
  int saved;

  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0)
    goto fail_errno;
  while (size > 0)
    {
      gssize n = write (fd, data, size);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          saved = errno;
          close (fd);
          g_unlink (tmp);
          errno = saved;
          goto fail_errno;
        }
      data += n;
      size -= n;
    }
  if (fsync (fd) != 0 || close (fd) != 0)
    {
      saved = errno;
      g_unlink (tmp);
      errno = saved;
      goto fail_errno;
    }
  if (g_file_test (final, G_FILE_TEST_EXISTS))
    {
      g_unlink (tmp);
      g_set_error (error, FM_SYNC_ERROR, FM_SYNC_ERROR_COPY,
                   _("%s already exists: a copy of this workspace file syncs to the same folder"),
                   final);
      return FALSE;
    }
  if (g_rename (tmp, final) != 0)
    {
      saved = errno;
      g_unlink (tmp);
      errno = saved;
      goto fail_errno;
    }
  /* The new name too must survive a power cut */
  fd = g_open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
  return TRUE;

fail_errno:
  saved = errno;
  g_set_error (error, FM_SYNC_ERROR, FM_SYNC_ERROR_FOLDER,
               _("Could not write to the sync folder %s: %s"), folder, g_strerror (saved));
  return FALSE;
}

/* Main thread: remembers the files written, even when sending stopped halfway */
static void
run_record_sent (FmSync *self,
                 Run    *run)
{
  for (guint i = 0; i < run->result->n_files_written; i++)
    fm_store_sync_add_sent_file (self->store, ((OutFile *)g_ptr_array_index (run->outgoing, i))->name,
                                 NULL);
}

/* Any thread */
static gboolean
run_send (Run           *run,
          GCancellable  *cancellable,
          GError       **error)
{
  for (guint i = 0; i < run->outgoing->len; i++)
    {
      OutFile *out = g_ptr_array_index (run->outgoing, i);

      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          !write_file (run->folder_path, out, error))
        return FALSE;
      run->result->n_sent += out->n_ops;
      run->result->n_files_written++;
    }
  return TRUE;
}

static int
op_order (gconstpointer a,
          gconstpointer b)
{
  const FmSyncOp *oa = *(const FmSyncOp **)a;
  const FmSyncOp *ob = *(const FmSyncOp **)b;
  int c;

  if (oa->stamp != ob->stamp)
    return oa->stamp < ob->stamp ? -1 : 1;
  c = strcmp (oa->workspace_id, ob->workspace_id);
  if (c != 0)
    return c;
  return oa->seq < ob->seq ? -1 : oa->seq > ob->seq;
}

static gboolean
op_ready (Run        *run,
          GHashTable *vector,
          FmSyncOp   *op,
          gboolean   *copied)
{
  GVariantIter iter;
  const char *ws;
  guint64 seq;

  if (applied_seq (vector, op->workspace_id) + 1 != op->seq)
    return FALSE;
  g_variant_iter_init (&iter, op->deps);
  while (g_variant_iter_next (&iter, "{&st}", &ws, &seq))
    {
      if (g_str_equal (ws, run->workspace_id))
        {
          if (seq > run->last_own)
            {
              *copied = TRUE;
              return FALSE;
            }
        }
      else if (applied_seq (vector, ws) < seq)
        return FALSE;
    }
  return TRUE;
}

/* The order to apply: by recorded time (ties by workspace, then number),
 * each change after the changes it had seen. A change whose predecessors
 * are not in the folder yet waits for a later sync. */
static gboolean
run_plan (Run     *run,
          GError **error)
{
  g_autoptr(GHashTable) vector = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) pending = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;
  gpointer value;
  gboolean progress = TRUE;
  gboolean copied = FALSE;

  g_hash_table_iter_init (&iter, run->applied);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (vector, g_strdup (key), g_memdup2 (value, sizeof (guint64)));

  g_ptr_array_sort (run->incoming, op_order);
  for (guint i = 0; i < run->incoming->len; i++)
    g_ptr_array_add (pending, g_ptr_array_index (run->incoming, i));

  /* Recorded times respect what each author had seen, so one pass takes
   * all; more passes only matter for clocks that disagree with that */
  while (progress && pending->len > 0)
    {
      progress = FALSE;
      for (guint i = 0; i < pending->len;)
        {
          FmSyncOp *op = g_ptr_array_index (pending, i);

          if (op_ready (run, vector, op, &copied))
            {
              g_hash_table_insert (vector, g_strdup (op->workspace_id),
                                   g_memdup2 (&op->seq, sizeof op->seq));
              g_ptr_array_add (run->plan, fm_sync_op_copy (op));
              g_ptr_array_remove_index (pending, i);
              progress = TRUE;
            }
          else
            i++;
        }
    }
  if (copied)
    {
      g_set_error (error, FM_SYNC_ERROR, FM_SYNC_ERROR_COPY,
                   _("Another workspace has seen changes of this one that this one does not "
                     "have: a copy of this workspace file syncs to the same folder"));
      return FALSE;
    }
  run->result->n_waiting = pending->len;
  return TRUE;
}

/* Main thread: applies the next chunk; TRUE while more remain */
static gboolean
run_apply_chunk (FmSync   *self,
                 Run      *run,
                 gboolean *more,
                 GError  **error)
{
  g_autoptr(GPtrArray) chunk = g_ptr_array_new ();
  FmSyncApplyStats stats;
  guint end = MIN (run->next + APPLY_CHUNK, run->plan->len);

  for (guint i = run->next; i < end; i++)
    g_ptr_array_add (chunk, g_ptr_array_index (run->plan, i));
  *more = FALSE;
  if (chunk->len == 0)
    return TRUE;
  if (!fm_store_sync_apply (self->store, chunk, &stats, error))
    return FALSE;
  for (guint i = 0; i < chunk->len; i++)
    g_hash_table_add (run->from, g_strdup (((FmSyncOp *)g_ptr_array_index (chunk, i))->workspace_id));
  run->result->n_received += stats.n_applied;
  run->n_conflicts += stats.n_conflicts;
  run->next = end;
  set_progress (self, 0.4 + 0.6 * run->next / run->plan->len);
  *more = run->next < run->plan->len;
  return TRUE;
}

/* Main thread: records the sync and hands over the result */
static FmSyncResult *
run_complete (FmSync  *self,
              Run     *run)
{
  g_autofree char *now = fm_now_iso ();
  g_autoptr(GPtrArray) conflicts = NULL;
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  run->result->n_workspaces = g_hash_table_size (run->from);
  /* The newest conflicts are this run's */
  if (run->n_conflicts > 0)
    conflicts = fm_store_sync_list_conflicts (self->store, TRUE, NULL);
  for (guint i = 0; conflicts != NULL && i < MIN (run->n_conflicts, conflicts->len); i++)
    g_ptr_array_add (run->result->conflicts, g_object_ref (g_ptr_array_index (conflicts, i)));

  /* Files refused now are not news to fm_sync_check_folder() until they change */
  g_hash_table_iter_init (&iter, run->refused);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (self->refused, g_strdup (key), g_memdup2 (value, sizeof (gint64)));

  fm_store_sync_set_last_sync (self->store, run->folder_uri, now, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNC]);
  refresh_conflicts (self);
  set_progress (self, 1);
  return g_steal_pointer (&run->result);
}

static void
missing_folder_error (const char  *path,
                      GError     **error)
{
  /* Translators: %s is a folder's path */
  g_set_error (error, FM_SYNC_ERROR, FM_SYNC_ERROR_FOLDER,
               _("The sync folder %s does not exist. Is the drive connected? Create the folder "
                 "first to start a new shared folder."), path);
}

static gboolean
ensure_folder (Run     *run,
               GError **error)
{
  if (g_file_test (run->folder_path, G_FILE_TEST_IS_DIR))
    return TRUE;
  if (g_file_test (run->folder_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, FM_SYNC_ERROR, FM_SYNC_ERROR_FOLDER,
                   _("%s is not a folder"), run->folder_path);
      return FALSE;
    }
  /* Never made here: a missing folder is far more often a drive that is
   * not plugged in (its mount point is there, empty) or a mistyped path
   * than a new shared folder, and a folder made on this disk would take
   * the changes and report success while no one else ever sees them. A
   * new shared folder is made by a person, once. */
  missing_folder_error (run->folder_path, error);
  return FALSE;
}

/* Any thread: the folder part before sending */
static gboolean
run_scan (Run           *run,
          GCancellable  *cancellable,
          GError       **error)
{
  return ensure_folder (run, error) &&
         run_list (run, cancellable, error) &&
         check_not_copied (run, error) &&
         run_read (run, cancellable, error);
}

FmSyncResult *
fm_sync_run (FmSync        *self,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(Run) run = NULL;
  gboolean more = TRUE;
  FmSyncResult *result = NULL;

  g_return_val_if_fail (FM_IS_SYNC (self), NULL);

  if (self->running)
    {
      g_set_error (error, FM_SYNC_ERROR, FM_SYNC_ERROR_BUSY, _("A sync is already running"));
      return NULL;
    }
  run = run_new (self, error);
  if (run == NULL)
    return NULL;
  set_running (self, TRUE);
  set_progress (self, 0);

  if (!run_scan (run, cancellable, error) ||
      !run_prepare_sending (self, run, error) ||
      !run_send (run, cancellable, error))
    goto out;
  run_record_sent (self, run);
  if (!run_plan (run, error))
    goto out;
  set_progress (self, 0.4);
  while (more)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          !run_apply_chunk (self, run, &more, error))
        goto out;
    }
  result = run_complete (self, run);

out:
  set_running (self, FALSE);
  return result;
}

/* The same, asynchronously: the folder in a thread, the workspace here */

static void
scan_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  if (run_scan (task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
send_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  if (run_send (task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
run_task_fail (GTask  *task,
               GError *error)
{
  set_running (g_task_get_source_object (task), FALSE);
  g_task_return_error (task, error);
  g_object_unref (task);
}

static gboolean
apply_idle (gpointer data)
{
  GTask *task = data;
  FmSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  GError *error = NULL;
  gboolean more;

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error) ||
      !run_apply_chunk (self, run, &more, &error))
    {
      run_task_fail (task, error);
      return G_SOURCE_REMOVE;
    }
  if (more)
    return G_SOURCE_CONTINUE;

  {
    FmSyncResult *result = run_complete (self, run);

    set_running (self, FALSE);
    g_task_return_pointer (task, result, (GDestroyNotify)fm_sync_result_free);
    g_object_unref (task);
  }
  return G_SOURCE_REMOVE;
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  GTask *task = data;
  Run *run = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(GSource) idle = NULL;
  gboolean sent = g_task_propagate_boolean (G_TASK (result), &error);

  run_record_sent (FM_SYNC (object), run);
  if (!sent || !run_plan (run, &error))
    {
      run_task_fail (task, error);
      return;
    }
  set_progress (FM_SYNC (object), 0.4);
  /* Short transactions from the main loop keep the window responsive */
  idle = g_idle_source_new ();
  g_source_set_priority (idle, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_callback (idle, apply_idle, task, NULL);
  g_source_attach (idle, g_task_get_context (task));
}

static void
scanned_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  GTask *task = data;
  FmSync *self = FM_SYNC (object);
  Run *run = g_task_get_task_data (task);
  GError *error = NULL;
  GTask *send;

  if (!g_task_propagate_boolean (G_TASK (result), &error) ||
      !run_prepare_sending (self, run, &error))
    {
      run_task_fail (task, error);
      return;
    }
  set_progress (self, 0.2);
  send = g_task_new (self, g_task_get_cancellable (task), sent_cb, task);
  g_task_set_task_data (send, run, NULL);
  g_task_run_in_thread (send, send_thread);
  g_object_unref (send);
}

void
fm_sync_run_async (FmSync              *self,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  GTask *task;
  GTask *scan;
  GError *error = NULL;
  Run *run;

  g_return_if_fail (FM_IS_SYNC (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fm_sync_run_async);
  if (self->running)
    {
      g_task_return_new_error (task, FM_SYNC_ERROR, FM_SYNC_ERROR_BUSY,
                               _("A sync is already running"));
      g_object_unref (task);
      return;
    }
  run = run_new (self, &error);
  if (run == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  g_task_set_task_data (task, run, (GDestroyNotify)run_free);
  set_running (self, TRUE);
  set_progress (self, 0);

  scan = g_task_new (self, cancellable, scanned_cb, task);
  g_task_set_task_data (scan, run, NULL);
  g_task_run_in_thread (scan, scan_thread);
  g_object_unref (scan);
}

FmSyncResult *
fm_sync_run_finish (FmSync        *self,
                    GAsyncResult  *result,
                    GError       **error)
{
  g_return_val_if_fail (FM_IS_SYNC (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Checking the folder */

typedef struct
{
  guint n_incoming;
  guint n_outgoing;
} Check;

static gboolean
run_count (Run           *run,
           Check         *check,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GArray) missing = NULL;

  check->n_incoming = 0;
  check->n_outgoing = 0;
  if (!g_file_test (run->folder_path, G_FILE_TEST_IS_DIR))
    {
      /* Nothing to read; ours go there once it exists */
      missing_folder_error (run->folder_path, error);
      return FALSE;
    }
  if (!run_list (run, cancellable, error))
    return FALSE;
  for (guint i = 0; i < run->files->len; i++)
    {
      FolderFile *file = g_ptr_array_index (run->files, i);
      const gint64 *refused_size = g_hash_table_lookup (run->refused_before, file->name);

      if (g_str_equal (file->workspace_id, run->workspace_id) ||
          file->last <= applied_seq (run->applied, file->workspace_id) ||
          (refused_size != NULL && *refused_size == file->size))
        continue;
      check->n_incoming++;
    }
  missing = missing_own (run);
  for (guint i = 0; i < missing->len; i++)
    {
      Range *r = &g_array_index (missing, Range, i);
      check->n_outgoing += r->last - r->first + 1;
    }
  return TRUE;
}

gboolean
fm_sync_check_folder (FmSync        *self,
                      guint         *n_incoming,
                      guint         *n_outgoing,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(Run) run = NULL;
  Check check = { 0, 0 };

  g_return_val_if_fail (FM_IS_SYNC (self), FALSE);

  run = run_new (self, error);
  if (run == NULL || !run_count (run, &check, cancellable, error))
    return FALSE;
  if (n_incoming)
    *n_incoming = check.n_incoming;
  if (n_outgoing)
    *n_outgoing = check.n_outgoing;
  return check.n_incoming > 0 || check.n_outgoing > 0;
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Check *check = g_new0 (Check, 1);
  GError *error = NULL;

  if (run_count (task_data, check, cancellable, &error))
    g_task_return_pointer (task, check, g_free);
  else
    {
      g_free (check);
      g_task_return_error (task, error);
    }
}

void
fm_sync_check_folder_async (FmSync              *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  Run *run;

  g_return_if_fail (FM_IS_SYNC (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fm_sync_check_folder_async);
  run = run_new (self, &error);
  if (run == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, run, (GDestroyNotify)run_free);
  g_task_run_in_thread (task, check_thread);
}

gboolean
fm_sync_check_folder_finish (FmSync        *self,
                             GAsyncResult  *result,
                             guint         *n_incoming,
                             guint         *n_outgoing,
                             GError       **error)
{
  g_autofree Check *check = NULL;

  g_return_val_if_fail (FM_IS_SYNC (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  check = g_task_propagate_pointer (G_TASK (result), error);
  if (check == NULL)
    return FALSE;
  if (n_incoming)
    *n_incoming = check->n_incoming;
  if (n_outgoing)
    *n_outgoing = check->n_outgoing;
  return check->n_incoming > 0 || check->n_outgoing > 0;
}
