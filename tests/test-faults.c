/* test-faults.c — bad input and damaged workspaces: a clear error, nothing changed
 *
 * Each case is checked twice: in the core (the error code and message the
 * window shows) and on the command line as a user runs it (stderr
 * "factmark: WHAT: WHY", exit status 1), with the workspace file compared
 * byte for byte before and after.
 *
 * Tests run as root in CI, where permission bits do not stop reads or
 * writes. Where a case depends on them, the process that must be refused
 * drops CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH first, so the same test
 * means the same thing for root and for a user.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fm-cli-test.h"
#include "fm-import.h"
#include "fm-store.h"

/* Helpers */

static char *
file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)contents, len);
}

/* The workspace as it is at rest: its bytes, with no log left beside it */
static char *
workspace_state (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  GStatBuf st;

  if (g_stat (wal, &st) == 0)
    g_assert_cmpint (st.st_size, ==, 0);
  return file_checksum (path);
}

static const char article_text[] =
  "Harbour tolls cut traffic\n"
  "\n"
  "The toll cut weekday traffic by 34 percent in six months, the council said.\n"
  "Bus journeys are eleven minutes shorter on average.\n";

/* A closed workspace at @path with one article and one claim; returns the
 * article id. Big articles make a file of many pages. */
static char *
make_workspace (const char *path,
                gsize       extra_paragraphs)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FmStore) store = fm_store_open (path, &error);
  g_autoptr(FmArticle) article = fm_article_new ();
  g_autoptr(FmArticle) stored = NULL;
  g_autoptr(FmClaim) claim = NULL;
  g_autoptr(GString) text = g_string_new ("The council said the toll cut traffic by a third.");

  g_assert_no_error (error);
  for (gsize i = 0; i < extra_paragraphs; i++)
    g_string_append_printf (text, "\nParagraph %" G_GSIZE_FORMAT " of a long article about "
                            "bridges, tolls, buses and the people who use them every day.", i);
  fm_article_set_title (article, "Tolls");
  fm_article_set_text (article, text->str);
  stored = fm_store_add_article (store, article, NULL, &error);
  g_assert_no_error (error);
  claim = fm_store_create_claim (store, fm_article_get_id (stored), 0, 11, &error);
  g_assert_no_error (error);
  g_assert_true (fm_store_set_claim_verdict (store, claim, FM_VERDICT_MOSTLY_TRUE, &error));
  return g_strdup (fm_article_get_id (stored));
}

/* Running factmark */

typedef enum {
  AS_IS = 0,
  WITHOUT_DAC = 1 << 0,      /* permission bits apply, even to root */
  FILE_SIZE_LIMIT = 1 << 1,  /* no file may grow past file_size_limit: a full disk */
} RunFlags;

static rlim_t file_size_limit;

/* Drops the capabilities that let root ignore permission bits, from the
 * bounding set so that they are not regained by exec(). Returns FALSE when
 * that is not allowed (no CAP_SETPCAP, e.g. in some containers). */
static gboolean
drop_dac_capabilities (void)
{
  if (getuid () != 0 && geteuid () != 0)
    return TRUE;
  if (prctl (PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, 0, 0, 0) != 0 ||
      prctl (PR_CAPBSET_DROP, CAP_DAC_READ_SEARCH, 0, 0, 0) != 0)
    return FALSE;
  /* And from this process's own sets, for a check in the same process */
  {
    struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct data[2] = { { 0 } };

    if (syscall (SYS_capget, &header, data) != 0)
      return FALSE;
    for (guint i = 0; i < 2; i++)
      {
        guint32 mask = ~0u;

        if (CAP_DAC_OVERRIDE / 32 == i)
          mask &= ~(1u << (CAP_DAC_OVERRIDE % 32));
        if (CAP_DAC_READ_SEARCH / 32 == i)
          mask &= ~(1u << (CAP_DAC_READ_SEARCH % 32));
        data[i].effective &= mask;
        data[i].permitted &= mask;
        data[i].inheritable &= mask;
      }
    return syscall (SYS_capset, &header, data) == 0;
  }
}

static gboolean
can_drop_dac_capabilities (void)
{
  pid_t pid;
  int status;

  if (getuid () != 0)
    return TRUE;
  /* Try in a throw-away child: dropping is for good */
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    _exit (drop_dac_capabilities () ? 0 : 1);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  return WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

static void
child_setup (gpointer data)
{
  RunFlags flags = GPOINTER_TO_INT (data);

  if ((flags & WITHOUT_DAC) && !drop_dac_capabilities ())
    _exit (126);
  if (flags & FILE_SIZE_LIMIT)
    {
      struct rlimit limit = { file_size_limit, file_size_limit };

      /* A real full disk sends no signal; ENOSPC and EFBIG are errors */
      signal (SIGXFSZ, SIG_IGN);
      if (setrlimit (RLIMIT_FSIZE, &limit) != 0)
        _exit (126);
    }
}

/* factmark with @flags for the child's limits; it must start (126: could not) */
G_GNUC_NULL_TERMINATED
static void
run_factmark_as (Run        *run,
                 RunFlags    flags,
                 const char *first,
                 ...)
{
  va_list args;

  va_start (args, first);
  run_factmark_va (run, child_setup, GINT_TO_POINTER (flags), first, args);
  va_end (args);
  g_assert_cmpint (run->status, >=, 0);
  g_assert_cmpint (run->status, !=, 126);
  g_test_message ("factmark exit %d, stderr: %s", run->status, run->err);
}

/* Exit 1 and "factmark: WHAT: …WHY…" on stderr, nothing on stdout */
static void
assert_failed (Run        *run,
               const char *what,
               const char *why)
{
  g_autofree char *prefix = g_strdup_printf ("factmark: %s: ", what);

  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpstr (run->out, ==, "");
  if (!g_str_has_prefix (run->err, prefix) || strstr (run->err, why) == NULL)
    g_error ("expected “%s…%s” on stderr, got “%s”", prefix, why, run->err);
}

/* Articles that cannot be imported */

typedef struct
{
  char *dir;
  char *ws;
  char *before;
} Workspace;

static void
workspace_set_up (Workspace     *w,
                  gconstpointer  data)
{
  g_autofree char *good = NULL;
  g_auto(Run) run = { 0 };

  w->dir = fm_test_tmpdir ();
  w->ws = g_build_filename (w->dir, "workspace.db", NULL);
  good = write_file (w->dir, "good.txt", article_text, -1);
  run_factmark_as (&run, AS_IS, "--workspace", w->ws, "--import", good, NULL);
  g_assert_cmpint (run.status, ==, 0);
  w->before = workspace_state (w->ws);
}

static void
workspace_tear_down (Workspace     *w,
                     gconstpointer  data)
{
  g_autofree char *after = workspace_state (w->ws);

  /* Whatever failed, the workspace is as it was */
  g_assert_cmpstr (after, ==, w->before);
  fm_test_rmtree (w->dir);
  g_free (w->dir);
  g_free (w->ws);
  g_free (w->before);
}

static FmArticle *
import_path (const char  *path,
             GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return fm_import_file (file, FM_IMPORT_FLAGS_NONE, NULL, error);
}

/* One bad file: the core's error, then the command line's */
static void
check_bad_article (Workspace     *w,
                   const char    *path,
                   RunFlags       flags,
                   FmImportError  code,
                   const char    *why)
{
  g_auto(Run) run = { 0 };

  if (flags == AS_IS)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FmArticle) article = import_path (path, &error);

      g_assert_null (article);
      g_assert_error (error, FM_IMPORT_ERROR, (int)code);
      g_assert_nonnull (strstr (error->message, why));
    }
  run_factmark_as (&run, flags, "--workspace", w->ws, "--import", path, NULL);
  assert_failed (&run, path, why);
}

static void
test_article_empty (Workspace     *w,
                    gconstpointer  data)
{
  g_autofree char *path = write_file (w->dir, "empty.txt", "", 0);
  g_autofree char *blank = write_file (w->dir, "blank.txt", " \n\t\r\n  \n", -1);

  check_bad_article (w, path, AS_IS, FM_IMPORT_ERROR_EMPTY, "The file is empty");
  check_bad_article (w, blank, AS_IS, FM_IMPORT_ERROR_EMPTY, "no text in it");
}

static void
test_article_binary (Workspace     *w,
                     gconstpointer  data)
{
  static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06";
  static const char elf[] = "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0\x01\0\0\0";
  g_autofree char *image = write_file (w->dir, "photo.txt", png, sizeof png - 1);
  g_autofree char *program = write_file (w->dir, "program", elf, sizeof elf - 1);

  check_bad_article (w, image, AS_IS, FM_IMPORT_ERROR_BINARY, "binary data, not text");
  check_bad_article (w, program, AS_IS, FM_IMPORT_ERROR_BINARY, "binary data, not text");
}

static void
test_article_invalid_utf8 (Workspace     *w,
                           gconstpointer  data)
{
  static const char broken[] = "Caf\xC3\xA9 prices\nThe caf\xC3\xA9 raised prices by 5 \xE2\x82 percent.";
  g_autofree char *path = write_file (w->dir, "broken.txt", broken, sizeof broken - 1);

  check_bad_article (w, path, AS_IS, FM_IMPORT_ERROR_ENCODING, "not valid UTF-8");
}

static void
test_article_utf16_no_bom (Workspace     *w,
                           gconstpointer  data)
{
  gsize len;
  g_autofree char *utf16 = g_convert ("Bridge tolls\nThe toll cut traffic by a third.", -1,
                                      "UTF-16LE", "UTF-8", NULL, &len, NULL);
  g_autofree char *path = write_file (w->dir, "utf16.txt", utf16, len);

  check_bad_article (w, path, AS_IS, FM_IMPORT_ERROR_ENCODING, "UTF-16 without a byte-order mark");
}

static void
test_article_too_large (Workspace     *w,
                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (w->dir, "huge.txt", NULL);
  int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

  /* Sparse: 40 MB without writing them (the exact limit is tested in
   * test-import) */
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, 40 * 1000 * 1000), ==, 0);
  close (fd);

  check_bad_article (w, path, AS_IS, FM_IMPORT_ERROR_TOO_LARGE, "too large");
}

static void
test_article_directory (Workspace     *w,
                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (w->dir, "a-folder.txt", NULL);

  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  check_bad_article (w, path, AS_IS, FM_IMPORT_ERROR_NOT_A_FILE, "folder, not a file");
}

static void
test_article_not_regular (Workspace     *w,
                          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (w->dir, "pipe.txt", NULL);

  /* A named pipe would block a reader forever: it is refused unread */
  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  check_bad_article (w, path, AS_IS, FM_IMPORT_ERROR_NOT_A_FILE, "not a regular file");
}

static void
test_article_missing (Workspace     *w,
                      gconstpointer  data)
{
  g_autofree char *path = g_build_filename (w->dir, "gone.txt", NULL);

  check_bad_article (w, path, AS_IS, FM_IMPORT_ERROR_READ, "Could not read the file");
}

/* A file whose permissions forbid reading it. Root reads it anyway unless
 * it gives up CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH, which the importing
 * process does here: the core check runs in a subprocess that drops them,
 * the command line in a factmark started without them. */
static void
test_article_unreadable (void)
{
  Workspace w = { 0 };
  g_autofree char *path = NULL;
  g_auto(Run) run = { 0 };

  if (g_test_subprocess ())
    {
      g_autofree char *dir = fm_test_tmpdir ();
      g_autoptr(GError) error = NULL;
      g_autoptr(FmArticle) article = NULL;

      path = write_file (dir, "secret.txt", article_text, -1);
      g_assert_cmpint (g_chmod (path, 0), ==, 0);
      g_assert_true (drop_dac_capabilities ());
      article = import_path (path, &error);
      g_assert_null (article);
      g_assert_error (error, FM_IMPORT_ERROR, FM_IMPORT_ERROR_READ);
      g_assert_nonnull (strstr (error->message, "Permission denied"));
      fm_test_rmtree (dir);
      return;
    }

  if (!can_drop_dac_capabilities ())
    {
      g_test_skip ("running as root without CAP_SETPCAP: cannot give up reading every file");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();

  workspace_set_up (&w, NULL);
  path = write_file (w.dir, "secret.txt", article_text, -1);
  g_assert_cmpint (g_chmod (path, 0), ==, 0);
  run_factmark_as (&run, WITHOUT_DAC, "--workspace", w.ws, "--import", path, NULL);
  assert_failed (&run, path, "Permission denied");
  workspace_tear_down (&w, NULL);
}

/* A file whose reading fails half-way, as on a failing disk: the kernel's
 * own /proc/self/mem gives EIO at offset 0 whoever reads it. */
static void
test_article_io_error (Workspace     *w,
                       gconstpointer  data)
{
  check_bad_article (w, "/proc/self/mem", AS_IS, FM_IMPORT_ERROR_READ, "Could not read the file");
}

/* A file that disappears while it is read. A GFile of our own stands in
 * for the file system, so that each moment is hit every time: gone
 * between looking at it and opening it, cut short while read, and an I/O
 * error in the middle (a USB stick pulled out). */

typedef enum {
  VANISH_BEFORE_OPEN,
  VANISH_SHORTER,
  VANISH_IO_ERROR,
} VanishMode;

#define FM_TYPE_VANISHING_FILE (fm_vanishing_file_get_type ())
G_DECLARE_FINAL_TYPE (FmVanishingFile, fm_vanishing_file, FM, VANISHING_FILE, GObject)

struct _FmVanishingFile
{
  GObject     parent_instance;
  GFile      *real;
  VanishMode  mode;
};

static void fm_vanishing_file_iface_init (GFileIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FmVanishingFile, fm_vanishing_file, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_FILE, fm_vanishing_file_iface_init))

static void
fm_vanishing_file_finalize (GObject *object)
{
  g_clear_object (&FM_VANISHING_FILE (object)->real);
  G_OBJECT_CLASS (fm_vanishing_file_parent_class)->finalize (object);
}

static void
fm_vanishing_file_class_init (FmVanishingFileClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fm_vanishing_file_finalize;
}

static void
fm_vanishing_file_init (FmVanishingFile *self)
{
}

static GFile *
vanishing_new (GFile      *real,
               VanishMode  mode)
{
  FmVanishingFile *self = g_object_new (FM_TYPE_VANISHING_FILE, NULL);

  self->real = g_object_ref (real);
  self->mode = mode;
  return G_FILE (self);
}

static GFile *
vanishing_dup (GFile *file)
{
  FmVanishingFile *self = FM_VANISHING_FILE (file);

  return vanishing_new (self->real, self->mode);
}

static guint
vanishing_hash (GFile *file)
{
  return g_file_hash (FM_VANISHING_FILE (file)->real);
}

static gboolean
vanishing_equal (GFile *a,
                 GFile *b)
{
  return FM_IS_VANISHING_FILE (b) &&
         g_file_equal (FM_VANISHING_FILE (a)->real, FM_VANISHING_FILE (b)->real);
}

static char *
vanishing_get_basename (GFile *file)
{
  return g_file_get_basename (FM_VANISHING_FILE (file)->real);
}

static char *
vanishing_get_uri (GFile *file)
{
  return g_file_get_uri (FM_VANISHING_FILE (file)->real);
}

static GFileInfo *
vanishing_query_info (GFile                *file,
                      const char           *attributes,
                      GFileQueryInfoFlags   flags,
                      GCancellable         *cancellable,
                      GError              **error)
{
  FmVanishingFile *self = FM_VANISHING_FILE (file);
  GFileInfo *info = g_file_query_info (self->real, attributes, flags, cancellable, error);

  /* It was bigger when we looked */
  if (info != NULL && self->mode == VANISH_SHORTER)
    g_file_info_set_size (info, g_file_info_get_size (info) + 4096);
  return info;
}

static GFileInputStream *
vanishing_read (GFile         *file,
                GCancellable  *cancellable,
                GError       **error)
{
  FmVanishingFile *self = FM_VANISHING_FILE (file);

  switch (self->mode)
    {
    case VANISH_BEFORE_OPEN:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "Error opening file: No such file or directory");
      return NULL;
    case VANISH_IO_ERROR:
      {
        g_autoptr(GFile) mem = g_file_new_for_path ("/proc/self/mem");
        return g_file_read (mem, cancellable, error);
      }
    case VANISH_SHORTER:
    default:
      return g_file_read (self->real, cancellable, error);
    }
}

static gboolean
vanishing_has_uri_scheme (GFile      *file,
                          const char *scheme)
{
  return g_file_has_uri_scheme (FM_VANISHING_FILE (file)->real, scheme);
}

static void
fm_vanishing_file_iface_init (GFileIface *iface)
{
  iface->dup = vanishing_dup;
  iface->has_uri_scheme = vanishing_has_uri_scheme;
  iface->hash = vanishing_hash;
  iface->equal = vanishing_equal;
  iface->get_basename = vanishing_get_basename;
  iface->get_uri = vanishing_get_uri;
  iface->query_info = vanishing_query_info;
  iface->read_fn = vanishing_read;
}

static void
test_article_vanishes (Workspace     *w,
                       gconstpointer  data)
{
  static const struct {
    VanishMode  mode;
    const char *why;
  } cases[] = {
    { VANISH_BEFORE_OPEN, "No such file" },
    { VANISH_SHORTER, "changed while it was being read" },
    { VANISH_IO_ERROR, "Could not read the file" },
  };
  g_autofree char *path = write_file (w->dir, "moving.txt", article_text, -1);
  g_autoptr(GFile) real = g_file_new_for_path (path);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GFile) file = vanishing_new (real, cases[i].mode);
      g_autoptr(GError) error = NULL;
      g_autoptr(FmArticle) article = fm_import_file (file, 0, NULL, &error);

      g_assert_null (article);
      g_assert_error (error, FM_IMPORT_ERROR, FM_IMPORT_ERROR_READ);
      g_assert_nonnull (strstr (error->message, cases[i].why));
    }

  /* The command line: a file that is gone by the time it is read */
  {
    g_auto(Run) run = { 0 };

    g_assert_cmpint (g_unlink (path), ==, 0);
    run_factmark_as (&run, AS_IS, "--workspace", w->ws, "--import", path, NULL);
    assert_failed (&run, path, "No such file");
  }
}

/* File names are bytes: one in Latin-1 (or cut in the middle of a
 * character) is imported with a readable title, and the names Factmark
 * records are valid UTF-8. (A name ending in a UTF-8 lead byte once made
 * the title code read past its end: found by fuzz-import.) */
static void
test_article_name_not_utf8 (Workspace     *w,
                            gconstpointer  data)
{
  static const char body[] = "The café raised its prices by 5 percent, the owner said.\n"
                             "Regulars were not pleased.\n";
  g_autofree char *latin1 = write_file (w->dir, "caf\xe9 prices.txt", body, -1);
  g_autofree char *cut = write_file (w->dir, "menu\xe2", body, -1);
  g_auto(Run) run = { 0 };

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FmArticle) article = import_path (i == 0 ? latin1 : cut, &error);

      g_assert_no_error (error);
      g_assert_true (g_utf8_validate (fm_article_get_title (article), -1, NULL));
      g_assert_true (g_utf8_validate (fm_article_get_source_name (article), -1, NULL));
    }
  {
    g_autoptr(FmArticle) article = import_path (latin1, NULL);
    g_assert_cmpstr (fm_article_get_title (article), ==, "caf\xef\xbf\xbd prices");
  }

  run_factmark_as (&run, AS_IS, "--workspace", w->ws, "--import", latin1, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_utf8_validate (run.out, -1, NULL));
  run_factmark_as (&run, AS_IS, "--workspace", w->ws, "--list", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_utf8_validate (run.out, -1, NULL));

  /* The fixture expects the workspace unchanged: this test changed it */
  g_free (w->before);
  w->before = workspace_state (w->ws);
}

/* The user's real name comes from the passwd entry, in whatever encoding
 * it was written: the store records it as valid UTF-8 */
static void
test_actor_not_utf8 (void)
{
  g_autofree char *dir = fm_test_tmpdir ();
  g_autofree char *ws = g_build_filename (dir, "workspace.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FmStore) store = fm_store_open (ws, &error);

  g_assert_no_error (error);
  fm_store_set_actor (store, "Jos\xe9 Mart\xedn\xe2");
  g_assert_true (g_utf8_validate (fm_store_get_actor (store), -1, NULL));
  g_assert_cmpstr (fm_store_get_actor (store), ==, "Jos\xef\xbf\xbd Mart\xef\xbf\xbdn\xef\xbf\xbd");
  g_clear_object (&store);
  fm_test_rmtree (dir);
}

/* Damaged and foreign workspaces */

static void
assert_store_refused (const char   *path,
                      FmStoreError  code,
                      const char   *why)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FmStore) store = fm_store_open (path, &error);

  g_assert_null (store);
  g_assert_error (error, FM_STORE_ERROR, (int)code);
  if (strstr (error->message, why) == NULL)
    g_error ("expected “%s” in “%s”", why, error->message);
}

/* Every command refuses it with the same message, and leaves it as it was */
/* The names in a folder, to see that nothing was left beside a workspace */
static char *
list_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, fm_test_compare_strings);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **)names->pdata);
}

static void
check_refused_everywhere (const char *ws,
                          const char *why)
{
  g_autofree char *before = file_checksum (ws);
  g_autofree char *after = NULL;
  g_autofree char *dir = g_path_get_dirname (ws);
  g_autofree char *good = write_file (dir, "article.txt", article_text, -1);
  g_autofree char *files_before = list_dir (dir);
  g_autofree char *files_after = NULL;
  g_auto(Run) run = { 0 };

  run_factmark_as (&run, AS_IS, "--workspace", ws, "--list", NULL);
  assert_failed (&run, ws, why);
  run_factmark_as (&run, AS_IS, "--workspace", ws, "--claims", NULL);
  assert_failed (&run, ws, why);
  run_factmark_as (&run, AS_IS, "--workspace", ws, "--import", good, NULL);
  assert_failed (&run, ws, why);

  after = file_checksum (ws);
  g_assert_cmpstr (after, ==, before);
  /* No log or lock file left beside it either */
  files_after = list_dir (dir);
  g_assert_cmpstr (files_after, ==, files_before);
}

static void
test_workspace_not_a_database (void)
{
  g_autofree char *dir = fm_test_tmpdir ();
  g_autofree char *text = write_file (dir, "notes.db", "Meeting notes: check the bridge figures "
                                      "with the council before Friday.\n", -1);
  g_autofree char *garbage = g_build_filename (dir, "garbage.db", NULL);
  g_autofree char *header = g_build_filename (dir, "header.db", NULL);
  g_autofree char *contents = NULL;
  gsize len;

  assert_store_refused (text, FM_STORE_ERROR_NOT_A_WORKSPACE, "not a Factmark workspace");
  check_refused_everywhere (text, "not a Factmark workspace");

  /* Random bytes the size of a small database */
  {
    g_autoptr(GRand) rand = g_rand_new_with_seed (7);
    g_autofree guint8 *bytes = g_malloc (8192);

    for (guint i = 0; i < 8192; i++)
      bytes[i] = g_rand_int_range (rand, 0, 256);
    g_assert_true (g_file_set_contents (garbage, (char *)bytes, 8192, NULL));
  }
  assert_store_refused (garbage, FM_STORE_ERROR_NOT_A_WORKSPACE, "not a Factmark workspace");
  check_refused_everywhere (garbage, "not a Factmark workspace");

  /* A real workspace whose header was overwritten */
  g_free (make_workspace (header, 0));
  g_assert_true (g_file_get_contents (header, &contents, &len, NULL));
  memcpy (contents, "Not SQLite at al", 16);
  g_assert_true (g_file_set_contents (header, contents, len, NULL));
  assert_store_refused (header, FM_STORE_ERROR_NOT_A_WORKSPACE, "not a Factmark workspace");
  check_refused_everywhere (header, "not a Factmark workspace");

  fm_test_rmtree (dir);
}

static void
test_workspace_truncated (void)
{
  g_autofree char *dir = fm_test_tmpdir ();
  g_autofree char *ws = g_build_filename (dir, "workspace.db", NULL);
  g_autofree char *contents = NULL;
  gsize len;

  g_free (make_workspace (ws, 2000));
  g_assert_true (g_file_get_contents (ws, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 64 * 1024);

  /* Cut in the middle of a page, and at a page boundary */
  g_assert_true (g_file_set_contents (ws, contents, len / 2 + 100, NULL));
  assert_store_refused (ws, FM_STORE_ERROR_CORRUPT, "incomplete");
  check_refused_everywhere (ws, "incomplete");

  g_assert_true (g_file_set_contents (ws, contents, 4096 * 3, NULL));
  assert_store_refused (ws, FM_STORE_ERROR_CORRUPT, "incomplete");
  check_refused_everywhere (ws, "incomplete");

  /* Only the header left */
  g_assert_true (g_file_set_contents (ws, contents, 100, NULL));
  assert_store_refused (ws, FM_STORE_ERROR_CORRUPT, "incomplete");

  fm_test_rmtree (dir);
}

static gint64
raw_int (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* A workspace whose pages were damaged inside (a bad sector, a bad copy):
 * it may open, but every read that meets the damage is an error, never
 * a crash, and it says the file is damaged. */
static void
test_workspace_corrupted (void)
{
  g_autofree char *dir = fm_test_tmpdir ();
  g_autofree char *ws = g_build_filename (dir, "workspace.db", NULL);
  g_autofree char *article_id = make_workspace (ws, 200);
  gint64 page_size = raw_int (ws, "PRAGMA page_size");
  gint64 claims_root = raw_int (ws, "SELECT rootpage FROM sqlite_schema WHERE name = 'claims'");
  gint64 articles_root = raw_int (ws, "SELECT rootpage FROM sqlite_schema WHERE name = 'articles'");
  g_autofree char *contents = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize len;

  /* The page-type byte of the tables' root pages becomes nonsense */
  g_assert_true (g_file_get_contents (ws, &contents, &len, NULL));
  contents[(claims_root - 1) * page_size] = 0x7f;
  contents[(articles_root - 1) * page_size] = 0x7f;
  g_assert_true (g_file_set_contents (ws, contents, len, NULL));
  before = file_checksum (ws);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(FmStore) store = fm_store_open (ws, &error);
    g_autoptr(GPtrArray) articles = NULL;
    g_autoptr(GPtrArray) claims = NULL;
    g_autoptr(FmArticle) article = fm_article_new ();
    g_autoptr(FmArticle) added = NULL;

    g_assert_no_error (error);
    g_assert_false (fm_store_check_integrity (store, &error));
    g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_CORRUPT);
    g_assert_nonnull (strstr (error->message, "damaged"));
    g_clear_error (&error);

    articles = fm_store_list_articles (store, &error);
    g_assert_null (articles);
    g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_CORRUPT);
    g_clear_error (&error);
    claims = fm_store_list_claims (store, article_id, &error);
    g_assert_null (claims);
    g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_CORRUPT);
    g_clear_error (&error);

    /* Nothing is written into a damaged file */
    fm_article_set_title (article, "New");
    fm_article_set_text (article, "A new article that cannot go anywhere.");
    added = fm_store_add_article (store, article, NULL, &error);
    g_assert_null (added);
    g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_CORRUPT);
  }
  after = file_checksum (ws);
  g_assert_cmpstr (after, ==, before);

  {
    g_auto(Run) run = { 0 };
    g_autofree char *good = write_file (dir, "article.txt", article_text, -1);

    run_factmark_as (&run, AS_IS, "--workspace", ws, "--list", NULL);
    assert_failed (&run, ws, "The workspace file is damaged");
    run_factmark_as (&run, AS_IS, "--workspace", ws, "--claims", NULL);
    assert_failed (&run, ws, "The workspace file is damaged");
    run_factmark_as (&run, AS_IS, "--workspace", ws, "--import", good, NULL);
    assert_failed (&run, good, "The workspace file is damaged");
  }
  g_free (after);
  after = file_checksum (ws);
  g_assert_cmpstr (after, ==, before);
  fm_test_rmtree (dir);
}

static void
test_workspace_other_application (void)
{
  g_autofree char *dir = fm_test_tmpdir ();
  g_autofree char *ws = g_build_filename (dir, "music.db", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (ws, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = WAL;"
                                     "CREATE TABLE songs (title TEXT);"
                                     "INSERT INTO songs VALUES ('Harbour lights')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  assert_store_refused (ws, FM_STORE_ERROR_NOT_A_WORKSPACE, "another application");
  check_refused_everywhere (ws, "another application");

  /* The same, when the other application uses an application id */
  g_assert_cmpint (sqlite3_open (ws, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA application_id = 1234", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  sqlite3_close (db);
  assert_store_refused (ws, FM_STORE_ERROR_NOT_A_WORKSPACE, "another application");
  fm_test_rmtree (dir);
}

static void
test_workspace_newer (void)
{
  g_autofree char *dir = fm_test_tmpdir ();
  g_autofree char *ws = g_build_filename (dir, "workspace.db", NULL);
  g_autofree char *version = NULL;
  sqlite3 *db = NULL;

  /* In WAL mode, as Factmark leaves it: opening must not even checkpoint */
  g_free (make_workspace (ws, 10));
  g_assert_cmpint (sqlite3_open (ws, &db), ==, SQLITE_OK);
  version = g_strdup_printf ("PRAGMA user_version = %d", FM_STORE_SCHEMA_VERSION + 1);
  g_assert_cmpint (sqlite3_exec (db, version, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  assert_store_refused (ws, FM_STORE_ERROR_TOO_NEW, "newer version of Factmark");
  check_refused_everywhere (ws, "newer version of Factmark");
  fm_test_rmtree (dir);
}

/* Read-only: how the store decides, and what it does then.
 *
 * A workspace is read-only when the process cannot write it (access(2)) or
 * when its file, or the folder it is in, has no write permission bit at
 * all — the second rule is what makes `chmod a-w` hold for root too. */
static void
test_workspace_read_only (void)
{
  g_autofree char *dir = fm_test_tmpdir ();
  g_autofree char *ws = g_build_filename (dir, "workspace.db", NULL);
  g_autofree char *article_id = make_workspace (ws, 5);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *claim_id = NULL;

  g_assert_cmpint (g_chmod (ws, 0444), ==, 0);
  before = file_checksum (ws);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(FmStore) store = fm_store_open (ws, &error);
    g_autoptr(GPtrArray) claims = NULL;
    g_autoptr(FmArticle) article = fm_article_new ();
    g_autoptr(FmSource) source = fm_source_new ();
    FmClaim *claim;

    g_assert_no_error (error);
    g_assert_true (fm_store_is_read_only (store));
    /* Everything can be read … */
    claims = fm_store_list_claims (store, article_id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (claims->len, ==, 1);
    claim = g_ptr_array_index (claims, 0);
    claim_id = g_strdup (fm_claim_get_id (claim));
    g_assert_true (fm_store_check_integrity (store, &error));

    /* … and every change is refused, saying why */
    g_assert_false (fm_store_set_claim_verdict (store, claim, FM_VERDICT_FALSE, &error));
    g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_READ_ONLY);
    g_assert_nonnull (strstr (error->message, "read-only"));
    g_clear_error (&error);
    g_assert_cmpint (fm_claim_get_verdict (claim), ==, FM_VERDICT_MOSTLY_TRUE);
    g_assert_null (fm_store_create_claim (store, article_id, 0, 5, &error));
    g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_READ_ONLY);
    g_clear_error (&error);
    fm_source_set_url (source, "https://example.org/");
    g_assert_null (fm_store_add_source (store, claim_id, source, &error));
    g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_READ_ONLY);
    g_clear_error (&error);
    g_assert_false (fm_store_delete_claim (store, claim, &error));
    g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_READ_ONLY);
    g_clear_error (&error);
    fm_article_set_title (article, "New");
    fm_article_set_text (article, "Another article.");
    g_assert_null (fm_store_add_article (store, article, NULL, &error));
    g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_READ_ONLY);
  }
  after = file_checksum (ws);
  g_assert_cmpstr (after, ==, before);

  /* The command line says so, reads, and refuses to import */
  {
    g_auto(Run) run = { 0 };
    g_autofree char *good = write_file (dir, "article.txt", article_text, -1);

    run_factmark_as (&run, AS_IS, "--workspace", ws, "--claims", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, claim_id));
    g_assert_nonnull (strstr (run.err, "read-only"));
    run_factmark_as (&run, AS_IS, "--workspace", ws, "--import", good, NULL);
    assert_failed (&run, ws, "read-only");
    g_assert_nonnull (strstr (run.err, "nothing was imported: the workspace is read-only"));
  }
  g_free (after);
  after = file_checksum (ws);
  g_assert_cmpstr (after, ==, before);

  /* A read-only folder makes it read-only too (the log cannot be made) */
  g_assert_cmpint (g_chmod (ws, 0600), ==, 0);
  g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(FmStore) store = fm_store_open (ws, &error);

    g_assert_no_error (error);
    g_assert_true (fm_store_is_read_only (store));
  }
  g_assert_cmpint (g_chmod (dir, 0700), ==, 0);

  /* Writable again: nothing was lost */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(FmStore) store = fm_store_open (ws, &error);
    g_autoptr(FmClaim) claim = NULL;

    g_assert_no_error (error);
    g_assert_false (fm_store_is_read_only (store));
    claim = fm_store_get_claim (store, claim_id, &error);
    g_assert_no_error (error);
    g_assert_cmpint (fm_claim_get_verdict (claim), ==, FM_VERDICT_MOSTLY_TRUE);
    g_assert_true (fm_store_set_claim_verdict (store, claim, FM_VERDICT_FALSE, &error));
    g_assert_no_error (error);
  }
  fm_test_rmtree (dir);
}

/* Another process holds the write lock: a change waits for the busy
 * timeout, then fails saying so; reading goes on meanwhile. */
static void
test_workspace_locked (void)
{
  g_autofree char *dir = fm_test_tmpdir ();
  g_autofree char *ws = g_build_filename (dir, "workspace.db", NULL);
  g_autofree char *article_id = make_workspace (ws, 5);
  g_autoptr(GError) error = NULL;
  g_autoptr(FmStore) store = fm_store_open (ws, &error);
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(FmClaim) created = NULL;
  g_autoptr(FmClaim) claim = NULL;
  sqlite3 *other = NULL;
  gint64 started, waited;

  g_assert_no_error (error);
  claims = fm_store_list_claims (store, article_id, &error);
  claim = g_object_ref (g_ptr_array_index (claims, 0));

  g_assert_cmpint (sqlite3_open (ws, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE;"
                                        "INSERT INTO workspace (key, value) VALUES ('lock', 'held')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  fm_store_set_busy_timeout (store, 300);
  started = g_get_monotonic_time ();
  g_assert_false (fm_store_set_claim_verdict (store, claim, FM_VERDICT_FALSE, &error));
  waited = g_get_monotonic_time () - started;
  g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "in use by another program"));
  g_clear_error (&error);
  /* It waited for the other program (a lower bound, not a speed target) */
  g_assert_cmpint (waited, >=, 250 * 1000);
  g_assert_cmpint (fm_claim_get_verdict (claim), ==, FM_VERDICT_MOSTLY_TRUE);
  g_assert_null (fm_store_create_claim (store, article_id, 0, 5, &error));
  g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_BUSY);
  g_clear_error (&error);

  /* Reading is not blocked */
  g_clear_pointer (&claims, g_ptr_array_unref);
  claims = fm_store_list_claims (store, article_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (claims->len, ==, 1);

  /* The command line: waits its default 5 s, then says so */
  {
    g_auto(Run) run = { 0 };
    g_autofree char *good = write_file (dir, "article.txt", article_text, -1);

    run_factmark_as (&run, AS_IS, "--workspace", ws, "--import", good, NULL);
    assert_failed (&run, good, "in use by another program");
    run_factmark_as (&run, AS_IS, "--workspace", ws, "--list", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }

  /* Once the other program lets go, the same change goes through */
  g_assert_cmpint (sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (fm_store_set_claim_verdict (store, claim, FM_VERDICT_FALSE, &error));
  g_assert_no_error (error);
  created = fm_store_create_claim (store, article_id, 0, 5, &error);
  g_assert_no_error (error);
  sqlite3_close (other);
  g_assert_true (fm_store_check_integrity (store, &error));
  g_clear_object (&store);
  fm_test_rmtree (dir);
}

/* A full disk, simulated with PRAGMA max_page_count on the store's own
 * connection: the change that does not fit is rolled back and reported,
 * the ones before it stay. */
static void
test_workspace_full (void)
{
  g_autofree char *dir = fm_test_tmpdir ();
  g_autofree char *ws = g_build_filename (dir, "workspace.db", NULL);
  g_autofree char *article_id = make_workspace (ws, 5);
  g_autoptr(GError) error = NULL;
  g_autoptr(FmStore) store = fm_store_open (ws, &error);
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GString) long_text = g_string_new (NULL);
  g_autoptr(FmArticle) big = fm_article_new ();
  g_autoptr(FmArticle) added = NULL;
  g_autoptr(FmClaim) second = NULL;
  FmClaim *claim;
  guint64 pages, limit;
  guint n_history;

  g_assert_no_error (error);
  claims = fm_store_list_claims (store, article_id, &error);
  claim = g_ptr_array_index (claims, 0);

  /* An earlier change, made before the disk filled up */
  g_assert_true (fm_store_set_claim_field (store, claim, FM_CLAIM_FIELD_SUMMARY,
                                           "Traffic fell by a third", &error));
  g_assert_no_error (error);
  history = fm_store_get_history (store, fm_claim_get_id (claim), &error);
  n_history = history->len;
  g_clear_pointer (&history, g_ptr_array_unref);

  pages = fm_store_get_page_count (store);
  g_assert_cmpuint (pages, >, 0);
  limit = fm_store_set_page_limit (store, pages + 10);
  g_assert_cmpuint (limit, ==, pages + 10);

  /* An explanation of many pages does not fit */
  for (guint i = 0; i < 4000; i++)
    g_string_append (long_text, "The council's counts do not cover the Mill Street crossing. ");
  g_assert_false (fm_store_set_claim_field (store, claim, FM_CLAIM_FIELD_EXPLANATION,
                                            long_text->str, &error));
  g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_FULL);
  g_assert_nonnull (strstr (error->message, "disk is full"));
  g_clear_error (&error);
  g_assert_cmpstr (fm_claim_get_explanation (claim), ==, "");

  /* Nor does a big article */
  fm_article_set_title (big, "Big");
  fm_article_set_text (big, long_text->str);
  added = fm_store_add_article (store, big, NULL, &error);
  g_assert_null (added);
  g_assert_error (error, FM_STORE_ERROR, FM_STORE_ERROR_FULL);
  g_clear_error (&error);

  /* The store is still usable: a small change fits in the free space */
  second = fm_store_create_claim (store, article_id, 12, 20, &error);
  g_assert_no_error (error);
  g_assert_true (fm_store_check_integrity (store, &error));

  /* What is on disk: the earlier change, not the failed ones */
  {
    g_autoptr(FmStore) other = fm_store_open (ws, &error);
    g_autoptr(FmClaim) copy = NULL;
    g_autoptr(GPtrArray) articles = NULL;

    g_assert_no_error (error);
    copy = fm_store_get_claim (other, fm_claim_get_id (claim), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (fm_claim_get_summary (copy), ==, "Traffic fell by a third");
    g_assert_cmpstr (fm_claim_get_explanation (copy), ==, "");
    history = fm_store_get_history (other, fm_claim_get_id (claim), &error);
    g_assert_cmpuint (history->len, ==, n_history);
    articles = fm_store_list_articles (other, &error);
    g_assert_cmpuint (articles->len, ==, 1);
  }

  /* Space again: the same change goes through */
  fm_store_set_page_limit (store, 0);
  g_assert_true (fm_store_set_claim_field (store, claim, FM_CLAIM_FIELD_EXPLANATION,
                                           long_text->str, &error));
  g_assert_no_error (error);
  g_clear_object (&store);
  fm_test_rmtree (dir);
}

/* The command line on a full disk: the file size limit (RLIMIT_FSIZE)
 * makes writes fail as a full disk does; SIGXFSZ is ignored, as a real
 * full disk sends none. The article before still goes in. */
static void
test_workspace_full_cli (void)
{
  g_autofree char *dir = fm_test_tmpdir ();
  g_autofree char *ws = g_build_filename (dir, "workspace.db", NULL);
  g_autofree char *small = write_file (dir, "small.txt", article_text, -1);
  g_autofree char *big_path = NULL;
  g_autofree char *before = NULL;
  g_autoptr(GString) big = g_string_new ("A very long article\n");
  g_auto(Run) run = { 0 };
  GStatBuf st;

  g_free (make_workspace (ws, 5));
  g_assert_cmpint (g_stat (ws, &st), ==, 0);
  /* Big enough not to fit; not so big that AddressSanitizer's strstr()
   * (which measures the whole haystack each call) makes it slow */
  for (guint i = 0; i < 4000; i++)
    g_string_append_printf (big, "Sentence %u of an article far too long for the disk.\n", i);
  big_path = write_file (dir, "big.txt", big->str, big->len);

  /* Room for the small article, not for the big one */
  file_size_limit = st.st_size + 64 * 1024;
  run_factmark_as (&run, FILE_SIZE_LIMIT, "--workspace", ws, "--import", small, big_path, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.out, "Harbour tolls cut traffic"));
  /* With a file size limit SQLite reports a failed write, not ENOSPC */
  g_assert_nonnull (strstr (run.err, "big.txt: "));
  g_assert_nonnull (strstr (run.err, "it may be full"));

  run_factmark_as (&run, AS_IS, "--workspace", ws, "--list", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Harbour tolls cut traffic"));
  g_assert_null (strstr (run.out, "A very long article"));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(FmStore) store = fm_store_open (ws, &error);

    g_assert_no_error (error);
    g_assert_true (fm_store_check_integrity (store, &error));
  }

  /* Nothing fits: the workspace stays byte for byte as it was */
  before = workspace_state (ws);
  g_assert_cmpint (g_stat (ws, &st), ==, 0);
  file_size_limit = st.st_size;
  run_factmark_as (&run, FILE_SIZE_LIMIT, "--workspace", ws, "--import", big_path, NULL);
  assert_failed (&run, big_path, "it may be full");
  {
    g_autofree char *after = workspace_state (ws);
    g_assert_cmpstr (after, ==, before);
  }
  fm_test_rmtree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD_ARTICLE(name, func) \
  g_test_add ("/faults/article/" name, Workspace, NULL, workspace_set_up, func, workspace_tear_down)

  ADD_ARTICLE ("empty", test_article_empty);
  ADD_ARTICLE ("binary", test_article_binary);
  ADD_ARTICLE ("invalid-utf8", test_article_invalid_utf8);
  ADD_ARTICLE ("utf16-no-bom", test_article_utf16_no_bom);
  ADD_ARTICLE ("too-large", test_article_too_large);
  ADD_ARTICLE ("directory", test_article_directory);
  ADD_ARTICLE ("not-regular", test_article_not_regular);
  ADD_ARTICLE ("missing", test_article_missing);
  g_test_add_func ("/faults/article/unreadable", test_article_unreadable);
  ADD_ARTICLE ("io-error", test_article_io_error);
  ADD_ARTICLE ("vanishes", test_article_vanishes);
  ADD_ARTICLE ("name-not-utf8", test_article_name_not_utf8);
  g_test_add_func ("/faults/actor-not-utf8", test_actor_not_utf8);

  g_test_add_func ("/faults/workspace/not-a-database", test_workspace_not_a_database);
  g_test_add_func ("/faults/workspace/truncated", test_workspace_truncated);
  g_test_add_func ("/faults/workspace/corrupted", test_workspace_corrupted);
  g_test_add_func ("/faults/workspace/other-application", test_workspace_other_application);
  g_test_add_func ("/faults/workspace/newer", test_workspace_newer);
  g_test_add_func ("/faults/workspace/read-only", test_workspace_read_only);
  g_test_add_func ("/faults/workspace/locked", test_workspace_locked);
  g_test_add_func ("/faults/workspace/full", test_workspace_full);
  g_test_add_func ("/faults/workspace/full-cli", test_workspace_full_cli);

  return g_test_run ();
}
