/* fm-sync-controller.c — when the window syncs, and what it shows about it
 *
 * The policy (README, "Sync in the window"):
 * - Ctrl+Shift+S (win.sync) syncs at once.
 * - A change in the folder (a GFileMonitor) is looked at after it has been
 *   quiet for FOLDER_DELAY: cloud clients and copies write a file in
 *   pieces. fm_sync_check_folder() then says from the names alone whether
 *   anything is new; the files this workspace wrote, and files refused
 *   before and unchanged since, are not news, so our own writes never
 *   start another sync.
 * - A local change (any store signal) syncs once changes have been quiet
 *   for SETTLE_DELAY, and at the latest SETTLE_MAX after the first change
 *   that was not sent: the other computer sees them without anyone
 *   pressing anything, and a stretch of typing makes one file, not one
 *   per keystroke. The check decides here too: changes that came in by a
 *   sync are not ours to send, so they start nothing.
 * - Every POLL_INTERVAL the folder is looked at as well, for network
 *   shares whose changes made elsewhere no file monitor sees, and when
 *   the workspace is opened.
 * - One sync at a time; anything that asks for one meanwhile is looked at
 *   again when it is done. A failure (no folder, a drive not connected, a
 *   copied workspace) is kept and shown until a sync succeeds; the files a
 *   sync refused are kept until a sync has none.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fm-format.h"
#include "fm-sync-controller.h"

#define FOLDER_DELAY_MS   2000
#define SETTLE_DELAY_MS   10000
#define SETTLE_MAX_MS     (2 * 60 * 1000)
#define POLL_INTERVAL_MS  (5 * 60 * 1000)
/* How often "Synced 2 minutes ago" is brought up to date */
#define CLOCK_SECONDS     20

typedef enum {
  REASON_START,             /* opened, or a new folder */
  REASON_FOLDER,            /* the folder changed */
  REASON_SETTLED,           /* local changes settled */
  REASON_POLL,
} Reason;

struct _FmSyncController
{
  GObject        parent_instance;

  GSettings     *settings;
  FmStore       *store;
  FmSync        *sync;
  GSignalGroup  *store_signals;
  GSignalGroup  *sync_signals;
  GFileMonitor  *monitor;
  GCancellable  *cancellable;

  GError        *error;
  GPtrArray     *problems;        /* GError */
  char          *status;
  guint          n_runs;

  guint          folder_source;
  guint          settle_source;
  guint          poll_source;
  guint          clock_source;
  gint64         first_change;    /* monotonic µs of the first change not looked at */

  guint          folder_delay;
  guint          settle_delay;
  guint          settle_max;
  guint          poll_interval;

  gboolean       checking;
  gboolean       manual;          /* the sync running was asked for */
  gboolean       again;
  Reason         again_reason;
};

G_DEFINE_FINAL_TYPE (FmSyncController, fm_sync_controller, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_FOLDER,
  PROP_CAN_SYNC,
  PROP_RUNNING,
  PROP_PROGRESS,
  PROP_STATUS,
  PROP_ERROR_MESSAGE,
  PROP_N_PROBLEMS,
  PROP_N_CONFLICTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void look        (FmSyncController *self,
                         Reason            reason);
static void start_sync  (FmSyncController *self,
                         gboolean          manual);

/* The setting */

GFile *
fm_sync_folder_lookup (GSettings  *settings,
                       const char *workspace_id)
{
  g_autoptr(GVariant) map = NULL;
  const char *uri = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  if (workspace_id == NULL)
    return NULL;
  map = g_settings_get_value (settings, "sync-folders");
  if (!g_variant_lookup (map, workspace_id, "&s", &uri) || *uri == '\0')
    return NULL;
  return g_file_new_for_uri (uri);
}

void
fm_sync_folder_save (GSettings  *settings,
                     const char *workspace_id,
                     GFile      *folder)
{
  g_autoptr(GVariant) map = NULL;
  g_autofree char *uri = folder ? g_file_get_uri (folder) : NULL;
  GVariantBuilder builder;
  GVariantIter iter;
  const char *key;
  const char *value;

  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (workspace_id != NULL);

  map = g_settings_get_value (settings, "sync-folders");
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  g_variant_iter_init (&iter, map);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    if (!g_str_equal (key, workspace_id))
      g_variant_builder_add (&builder, "{ss}", key, value);
  if (uri != NULL)
    g_variant_builder_add (&builder, "{ss}", workspace_id, uri);
  g_settings_set_value (settings, "sync-folders", g_variant_builder_end (&builder));
}

/* Words */

char *
fm_sync_format_last_sync (const char *iso,
                          gint64      now)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) at = iso ? g_date_time_new_from_iso8601 (iso, utc) : NULL;
  g_autofree char *when = NULL;
  gint64 seconds;

  if (at == NULL)
    return g_strdup (_("Not synced yet"));
  seconds = (now - g_date_time_to_unix (at) * G_USEC_PER_SEC -
             g_date_time_get_microsecond (at)) / G_USEC_PER_SEC;
  /* A clock set back counts as now */
  if (seconds < 60)
    return g_strdup (_("Synced just now"));
  if (seconds < 60 * 60)
    {
      int minutes = seconds / 60;
      return g_strdup_printf (ngettext ("Synced %d minute ago", "Synced %d minutes ago", minutes),
                              minutes);
    }
  if (seconds < 6 * 60 * 60)
    {
      int hours = seconds / (60 * 60);
      return g_strdup_printf (ngettext ("Synced %d hour ago", "Synced %d hours ago", hours), hours);
    }
  when = fm_format_when (iso);
  /* TRANSLATORS: %s is a day and time, as in "Yesterday, 14:02" */
  return g_strdup_printf (_("Last sync: %s"), when);
}

static void
update_status (FmSyncController *self)
{
  g_autofree char *status = NULL;

  if (self->sync == NULL || fm_sync_get_folder (self->sync) == NULL)
    status = g_strdup (_("Not syncing"));
  else if (fm_sync_get_running (self->sync))
    status = g_strdup (_("Syncing…"));
  else
    {
      g_autofree char *last = fm_sync_dup_last_sync (self->sync);

      status = fm_sync_format_last_sync (last, g_get_real_time ());
    }
  if (g_strcmp0 (status, self->status) == 0)
    return;
  g_free (self->status);
  self->status = g_steal_pointer (&status);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

static gboolean
clock_tick (gpointer data)
{
  update_status (data);
  return G_SOURCE_CONTINUE;
}

/* State */

static void
set_error (FmSyncController *self,
           const GError     *error)
{
  if (self->error == NULL && error == NULL)
    return;
  if (self->error != NULL && error != NULL && self->error->domain == error->domain &&
      self->error->code == error->code && g_strcmp0 (self->error->message, error->message) == 0)
    return;
  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

static void
set_problems (FmSyncController *self,
              GPtrArray        *problems)
{
  guint before = self->problems->len;

  g_ptr_array_set_size (self->problems, 0);
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    g_ptr_array_add (self->problems, g_error_copy (g_ptr_array_index (problems, i)));
  if (before != 0 || self->problems->len != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PROBLEMS]);
}

static gboolean
is_writable (FmSyncController *self)
{
  return self->store != NULL && !fm_store_is_read_only (self->store);
}

gboolean
fm_sync_controller_get_can_sync (FmSyncController *self)
{
  g_return_val_if_fail (FM_IS_SYNC_CONTROLLER (self), FALSE);
  return is_writable (self) && self->sync != NULL && fm_sync_get_folder (self->sync) != NULL;
}

static gboolean
is_busy (FmSyncController *self)
{
  return self->checking || (self->sync != NULL && fm_sync_get_running (self->sync));
}

/* Timers */

static gboolean
folder_quiet (gpointer data)
{
  FmSyncController *self = data;

  self->folder_source = 0;
  look (self, REASON_FOLDER);
  return G_SOURCE_REMOVE;
}

static gboolean
settled (gpointer data)
{
  FmSyncController *self = data;

  self->settle_source = 0;
  self->first_change = 0;
  look (self, REASON_SETTLED);
  return G_SOURCE_REMOVE;
}

static gboolean
poll_tick (gpointer data)
{
  look (data, REASON_POLL);
  return G_SOURCE_CONTINUE;
}

static void
stop_timers (FmSyncController *self)
{
  g_clear_handle_id (&self->folder_source, g_source_remove);
  g_clear_handle_id (&self->settle_source, g_source_remove);
  g_clear_handle_id (&self->poll_source, g_source_remove);
  self->first_change = 0;
}

static void
on_folder_changed (FmSyncController  *self,
                   GFile             *file,
                   GFile             *other,
                   GFileMonitorEvent  event)
{
  if (event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED)
    return;
  g_clear_handle_id (&self->folder_source, g_source_remove);
  self->folder_source = g_timeout_add (self->folder_delay, folder_quiet, self);
}

static void
on_local_change (FmSyncController *self)
{
  gint64 now = g_get_monotonic_time ();
  gint64 left;

  if (!fm_sync_controller_get_can_sync (self))
    return;
  if (self->first_change == 0)
    self->first_change = now;
  left = self->first_change + (gint64)self->settle_max * 1000 - now;
  g_clear_handle_id (&self->settle_source, g_source_remove);
  self->settle_source = g_timeout_add (CLAMP (left / 1000, 0, (gint64)self->settle_delay),
                                       settled, self);
}

/* Looking at the folder, and syncing */

typedef struct
{
  FmSyncController *self;
  Reason            reason;
} Look;

static void
finish_busy (FmSyncController *self)
{
  if (self->again && !is_busy (self))
    {
      self->again = FALSE;
      look (self, self->again_reason);
    }
}

static void
check_done (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  Look *l = data;
  g_autoptr(FmSyncController) self = l->self;
  Reason reason = l->reason;
  g_autoptr(GError) error = NULL;
  guint n_in = 0;
  guint n_out = 0;

  g_free (l);
  fm_sync_check_folder_finish (FM_SYNC (object), result, &n_in, &n_out, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      FM_SYNC (object) != self->sync)
    return;
  self->checking = FALSE;
  if (error != NULL)
    {
      /* Not there now (a drive not connected): said until it is */
      set_error (self, error);
      finish_busy (self);
      return;
    }
  g_debug ("sync: folder has %u new files, %u changes to send", n_in, n_out);
  if (n_in > 0 || n_out > 0 || self->error != NULL ||
      (self->problems->len > 0 && reason == REASON_FOLDER))
    start_sync (self, FALSE);
  else
    finish_busy (self);
}

static void
look (FmSyncController *self,
      Reason            reason)
{
  Look *l;

  if (!fm_sync_controller_get_can_sync (self))
    return;
  if (is_busy (self))
    {
      self->again = TRUE;
      self->again_reason = reason;
      return;
    }
  l = g_new0 (Look, 1);
  l->self = g_object_ref (self);
  l->reason = reason;
  self->checking = TRUE;
  fm_sync_check_folder_async (self->sync, self->cancellable, check_done, l);
}

static void
run_done (GObject      *object,
          GAsyncResult *result,
          gpointer      data)
{
  g_autoptr(FmSyncController) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FmSyncResult) outcome = fm_sync_run_finish (FM_SYNC (object), result, &error);
  gboolean manual = self->manual;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      FM_SYNC (object) != self->sync)
    return;
  if (g_error_matches (error, FM_SYNC_ERROR, FM_SYNC_ERROR_BUSY))
    {
      self->again = TRUE;
      return;
    }
  self->n_runs++;
  if (outcome != NULL)
    {
      set_error (self, NULL);
      set_problems (self, outcome->problems);
    }
  else
    set_error (self, error);
  update_status (self);
  g_signal_emit (self, signals[FINISHED], 0, outcome, error, manual);
  finish_busy (self);
}

static void
start_sync (FmSyncController *self,
            gboolean          manual)
{
  self->manual = manual;
  fm_sync_run_async (self->sync, self->cancellable, run_done, g_object_ref (self));
}

gboolean
fm_sync_controller_sync (FmSyncController *self)
{
  g_return_val_if_fail (FM_IS_SYNC_CONTROLLER (self), FALSE);

  if (self->sync == NULL || fm_sync_get_folder (self->sync) == NULL || !is_writable (self))
    return FALSE;
  if (fm_sync_get_running (self->sync))
    return TRUE;
  /* Whatever was waiting goes with this one */
  g_clear_handle_id (&self->folder_source, g_source_remove);
  g_clear_handle_id (&self->settle_source, g_source_remove);
  self->first_change = 0;
  if (self->checking)
    {
      /* The look under way starts a sync or not; this one is asked for */
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
      self->checking = FALSE;
    }
  start_sync (self, TRUE);
  return TRUE;
}

/* Following the workspace and the setting */

static void
restart (FmSyncController *self)
{
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->checking = FALSE;
  self->again = FALSE;
  stop_timers (self);
  g_clear_handle_id (&self->clock_source, g_source_remove);
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
  set_error (self, NULL);
  set_problems (self, NULL);

  if (self->sync != NULL)
    {
      folder = fm_sync_folder_lookup (self->settings, fm_store_get_workspace_id (self->store));
      fm_sync_set_folder (self->sync, folder);
    }
  if (folder != NULL && g_file_peek_path (folder) == NULL)
    {
      g_autofree char *uri = g_file_get_uri (folder);

      g_set_error (&error, FM_SYNC_ERROR, FM_SYNC_ERROR_FOLDER,
                   _("The sync folder must be on this computer or on a mounted drive "
                     "(%s is not)"), uri);
      set_error (self, error);
    }
  else if (folder != NULL && is_writable (self))
    {
      /* Watches a folder that is not there yet too, and says when it comes */
      self->monitor = g_file_monitor_directory (folder, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
      if (self->monitor != NULL)
        g_signal_connect_object (self->monitor, "changed", G_CALLBACK (on_folder_changed), self,
                                 G_CONNECT_SWAPPED);
      else
        g_debug ("sync: no monitor on the folder (%s); looking every %u s", error->message,
                 self->poll_interval / 1000);
      self->poll_source = g_timeout_add (self->poll_interval, poll_tick, self);
      self->clock_source = g_timeout_add_seconds (CLOCK_SECONDS, clock_tick, self);
      look (self, REASON_START);
    }
  update_status (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLDER]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_SYNC]);
}

static void
on_settings_changed (FmSyncController *self)
{
  g_autoptr(GFile) folder = NULL;
  GFile *current;

  if (self->sync == NULL)
    return;
  folder = fm_sync_folder_lookup (self->settings, fm_store_get_workspace_id (self->store));
  current = fm_sync_get_folder (self->sync);
  if ((folder == NULL && current == NULL) ||
      (folder != NULL && current != NULL && g_file_equal (folder, current)))
    return;
  restart (self);
}

static void
on_sync_notify (FmSyncController *self,
                GParamSpec       *pspec)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "running"))
    {
      update_status (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
    }
  else if (g_str_equal (name, "progress"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
  else if (g_str_equal (name, "n-conflicts"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CONFLICTS]);
  else if (g_str_equal (name, "last-sync"))
    update_status (self);
}

void
fm_sync_controller_set_store (FmSyncController *self,
                              FmStore          *store)
{
  g_return_if_fail (FM_IS_SYNC_CONTROLLER (self));
  g_return_if_fail (store == NULL || FM_IS_STORE (store));

  if (self->store == store)
    return;
  g_set_object (&self->store, store);
  g_signal_group_set_target (self->store_signals, store);
  g_clear_object (&self->sync);
  if (store != NULL)
    self->sync = fm_sync_new (store, NULL);
  g_signal_group_set_target (self->sync_signals, self->sync);
  restart (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CONFLICTS]);
}

void
fm_sync_controller_set_folder (FmSyncController *self,
                               GFile            *folder)
{
  g_return_if_fail (FM_IS_SYNC_CONTROLLER (self));
  g_return_if_fail (folder == NULL || G_IS_FILE (folder));

  if (self->store == NULL)
    return;
  fm_sync_folder_save (self->settings, fm_store_get_workspace_id (self->store), folder);
  /* The memory backend and dconf both tell at once; this is for a backend that does not */
  on_settings_changed (self);
}

void
fm_sync_controller_set_delays (FmSyncController *self,
                               guint             folder_ms,
                               guint             settle_ms,
                               guint             settle_max_ms,
                               guint             poll_ms)
{
  g_return_if_fail (FM_IS_SYNC_CONTROLLER (self));

  self->folder_delay = folder_ms;
  self->settle_delay = settle_ms;
  self->settle_max = MAX (settle_max_ms, settle_ms);
  self->poll_interval = MAX (poll_ms, 1);
  if (self->poll_source != 0)
    {
      g_source_remove (self->poll_source);
      self->poll_source = g_timeout_add (self->poll_interval, poll_tick, self);
    }
}

/* Getters */

FmStore *
fm_sync_controller_get_store (FmSyncController *self)
{
  g_return_val_if_fail (FM_IS_SYNC_CONTROLLER (self), NULL);
  return self->store;
}

FmSync *
fm_sync_controller_get_sync (FmSyncController *self)
{
  g_return_val_if_fail (FM_IS_SYNC_CONTROLLER (self), NULL);
  return self->sync;
}

GFile *
fm_sync_controller_get_folder (FmSyncController *self)
{
  g_return_val_if_fail (FM_IS_SYNC_CONTROLLER (self), NULL);
  return self->sync ? fm_sync_get_folder (self->sync) : NULL;
}

gboolean
fm_sync_controller_get_running (FmSyncController *self)
{
  g_return_val_if_fail (FM_IS_SYNC_CONTROLLER (self), FALSE);
  return self->sync != NULL && fm_sync_get_running (self->sync);
}

double
fm_sync_controller_get_progress (FmSyncController *self)
{
  g_return_val_if_fail (FM_IS_SYNC_CONTROLLER (self), 0);
  return self->sync ? fm_sync_get_progress (self->sync) : 0;
}

const char *
fm_sync_controller_get_status (FmSyncController *self)
{
  g_return_val_if_fail (FM_IS_SYNC_CONTROLLER (self), NULL);
  return self->status;
}

const GError *
fm_sync_controller_get_error (FmSyncController *self)
{
  g_return_val_if_fail (FM_IS_SYNC_CONTROLLER (self), NULL);
  return self->error;
}

GPtrArray *
fm_sync_controller_get_problems (FmSyncController *self)
{
  g_return_val_if_fail (FM_IS_SYNC_CONTROLLER (self), NULL);
  return self->problems;
}

guint
fm_sync_controller_get_n_conflicts (FmSyncController *self)
{
  g_return_val_if_fail (FM_IS_SYNC_CONTROLLER (self), 0);
  return self->sync ? fm_sync_get_n_conflicts (self->sync) : 0;
}

guint
fm_sync_controller_get_n_runs (FmSyncController *self)
{
  g_return_val_if_fail (FM_IS_SYNC_CONTROLLER (self), 0);
  return self->n_runs;
}

/* GObject */

static void
fm_sync_controller_dispose (GObject *object)
{
  FmSyncController *self = (FmSyncController *)object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  stop_timers (self);
  g_clear_handle_id (&self->clock_source, g_source_remove);
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
  if (self->store_signals != NULL)
    g_signal_group_set_target (self->store_signals, NULL);
  if (self->sync_signals != NULL)
    g_signal_group_set_target (self->sync_signals, NULL);
  g_clear_object (&self->store_signals);
  g_clear_object (&self->sync_signals);
  g_clear_object (&self->sync);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (fm_sync_controller_parent_class)->dispose (object);
}

static void
fm_sync_controller_finalize (GObject *object)
{
  FmSyncController *self = (FmSyncController *)object;

  g_clear_error (&self->error);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->status, g_free);

  G_OBJECT_CLASS (fm_sync_controller_parent_class)->finalize (object);
}

static void
fm_sync_controller_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  FmSyncController *self = FM_SYNC_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_FOLDER:
      g_value_set_object (value, fm_sync_controller_get_folder (self));
      break;
    case PROP_CAN_SYNC:
      g_value_set_boolean (value, fm_sync_controller_get_can_sync (self));
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, fm_sync_controller_get_running (self));
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, fm_sync_controller_get_progress (self));
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error ? self->error->message : NULL);
      break;
    case PROP_N_PROBLEMS:
      g_value_set_uint (value, self->problems->len);
      break;
    case PROP_N_CONFLICTS:
      g_value_set_uint (value, fm_sync_controller_get_n_conflicts (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fm_sync_controller_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  FmSyncController *self = FM_SYNC_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      fm_sync_controller_set_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fm_sync_controller_class_init (FmSyncControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fm_sync_controller_dispose;
  object_class->finalize = fm_sync_controller_finalize;
  object_class->get_property = fm_sync_controller_get_property;
  object_class->set_property = fm_sync_controller_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, FM_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLDER] =
    g_param_spec_object ("folder", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_SYNC] =
    g_param_spec_boolean ("can-sync", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0, 1, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PROBLEMS] =
    g_param_spec_uint ("n-problems", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_CONFLICTS] =
    g_param_spec_uint ("n-conflicts", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FmSyncController::finished:
   * @result: (nullable): what the sync did, or NULL when it failed
   * @error: (nullable): why it failed
   * @manual: whether the user asked for it
   */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, fm_sync_result_get_type (), G_TYPE_ERROR, G_TYPE_BOOLEAN);
}

static void
fm_sync_controller_init (FmSyncController *self)
{
  static const char * const changes[] = {
    "article-added", "article-revised", "claim-added", "claim-changed", "claim-removed",
    "sources-changed",
  };

  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify)g_error_free);
  self->cancellable = g_cancellable_new ();
  self->folder_delay = FOLDER_DELAY_MS;
  self->settle_delay = SETTLE_DELAY_MS;
  self->settle_max = SETTLE_MAX_MS;
  self->poll_interval = POLL_INTERVAL_MS;
  self->status = g_strdup (_("Not syncing"));

  self->store_signals = g_signal_group_new (FM_TYPE_STORE);
  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    g_signal_group_connect_object (self->store_signals, changes[i], G_CALLBACK (on_local_change),
                                   self, G_CONNECT_SWAPPED);
  self->sync_signals = g_signal_group_new (FM_TYPE_SYNC);
  g_signal_group_connect_object (self->sync_signals, "notify", G_CALLBACK (on_sync_notify), self,
                                 G_CONNECT_SWAPPED);
}

FmSyncController *
fm_sync_controller_new (GSettings *settings)
{
  FmSyncController *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (FM_TYPE_SYNC_CONTROLLER, NULL);
  self->settings = g_object_ref (settings);
  g_signal_connect_object (settings, "changed::sync-folders", G_CALLBACK (on_settings_changed),
                           self, G_CONNECT_SWAPPED);
  return self;
}
