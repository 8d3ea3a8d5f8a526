/* bench-startup.c — time from launching a program to its window showing what it settles on
 *
 *   bench-startup [--runs N] [--json FILE] [--settle MS] NAME=COMMAND … 
 *
 * Each COMMAND is split like a shell would (g_shell_parse_argv) and
 * started N times, the programs taking turns, so that a busy moment of a
 * shared machine falls on both alike. The method is the same for every
 * program and looks only at the X server, never inside the program:
 *
 *   1. listen for windows mapped on the root window (SubstructureNotify),
 *   2. start the program (t = 0),
 *   3. when its first top-level window of at least 200×150 is mapped,
 *      read the window's pixels (XGetImage) about every 2 ms and keep a
 *      hash of each picture with the time it was read,
 *   4. once the picture has not changed for --settle ms (1,500), the
 *      figure is the time of the first picture that equals the final one:
 *      the first painted frame that shows what the window settles on (the
 *      text with everything on it), not an empty or half-drawn window.
 *
 * Also recorded: the time the window was mapped. The programs should not
 * blink a cursor (gtk-cursor-blink=false in the settings.ini of the
 * XDG_CONFIG_HOME they get), or the picture never settles. Needs a display
 * (Xvfb): build-aux/dev bench startup runs it.
 */
#include "config.h"

#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <glib.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench-common.h"

static gboolean x_failed;
static gboolean verbose;
static char *dump_dir;
static guint dump_serial;

/* The picture as a PPM file, to see what changed between two of them */
static void
dump_image (XImage *image)
{
  g_autofree char *name = g_strdup_printf ("picture-%03u.ppm", dump_serial++);
  g_autofree char *path = g_build_filename (dump_dir, name, NULL);
  FILE *f = fopen (path, "wb");

  if (f == NULL)
    return;
  fprintf (f, "P6\n%d %d\n255\n", image->width, image->height);
  for (int y = 0; y < image->height; y++)
    for (int x = 0; x < image->width; x++)
      {
        unsigned long pixel = XGetPixel (image, x, y);
        unsigned char rgb[3] = { (pixel >> 16) & 0xff, (pixel >> 8) & 0xff, pixel & 0xff };

        fwrite (rgb, 1, 3, f);
      }
  fclose (f);
}

static int
on_x_error (Display     *display,
            XErrorEvent *event)
{
  /* A window that went away or changed size while it was read */
  x_failed = TRUE;
  return 0;
}

static guint64
hash_image (XImage *image)
{
  guint64 hash = 1469598103934665603ull;

  for (int y = 0; y < image->height; y++)
    {
      const unsigned char *row = (const unsigned char *)image->data + (gsize)y * image->bytes_per_line;
      gsize n = (gsize)image->width * (image->bits_per_pixel / 8);

      for (gsize i = 0; i < n; i += 4)
        {
          hash ^= *(const guint32 *)(row + i);
          hash *= 1099511628211ull;
        }
    }
  return hash;
}

typedef struct
{
  double  at;
  guint64 hash;
} Picture;

static void
stop (pid_t pid)
{
  int status;

  kill (-pid, SIGTERM);
  for (int i = 0; i < 300; i++)
    {
      if (waitpid (pid, &status, WNOHANG) == pid)
        return;
      g_usleep (10000);
    }
  kill (-pid, SIGKILL);
  waitpid (pid, &status, 0);
}

/* One launch: the time to the mapped window and to the settled picture */
static gboolean
measure (Display  *display,
         char    **argv,
         guint     settle_ms,
         double   *mapped_ms,
         double   *painted_ms)
{
  Window root = DefaultRootWindow (display);
  g_autoptr(GArray) pictures = g_array_new (FALSE, FALSE, sizeof (Picture));
  Window window = None;
  double t0, deadline;
  pid_t pid;
  gboolean ok = FALSE;

  XSelectInput (display, root, SubstructureNotifyMask);
  XSync (display, True);

  t0 = fm_bench_now_ms ();
  pid = fork ();
  if (pid < 0)
    return FALSE;
  if (pid == 0)
    {
      setpgid (0, 0);
      execvp (argv[0], argv);
      _exit (127);
    }
  setpgid (pid, pid);
  deadline = t0 + 60000;

  /* The first big top-level window mapped */
  while (window == None && fm_bench_now_ms () < deadline)
    {
      struct pollfd fd = { ConnectionNumber (display), POLLIN, 0 };

      if (XPending (display) == 0)
        {
          int status;

          if (waitpid (pid, &status, WNOHANG) == pid)
            {
              g_printerr ("bench-startup: %s exited before it showed a window\n", argv[0]);
              return FALSE;
            }
          poll (&fd, 1, 5);
          continue;
        }
      {
        XEvent event;

        XNextEvent (display, &event);
        if (event.type == MapNotify && !event.xmap.override_redirect &&
            event.xmap.event == root)
          {
            XWindowAttributes attributes;

            x_failed = FALSE;
            if (XGetWindowAttributes (display, event.xmap.window, &attributes) && !x_failed &&
                attributes.width >= 200 && attributes.height >= 150)
              {
                window = event.xmap.window;
                *mapped_ms = fm_bench_now_ms () - t0;
              }
          }
      }
    }
  XSelectInput (display, root, NoEventMask);
  if (window == None)
    {
      g_printerr ("bench-startup: %s showed no window in 60 s\n", argv[0]);
      stop (pid);
      return FALSE;
    }

  /* Its pictures, until they stop changing */
  while (fm_bench_now_ms () < deadline)
    {
      XWindowAttributes attributes;
      XImage *image;
      Picture picture;

      x_failed = FALSE;
      if (!XGetWindowAttributes (display, window, &attributes) || x_failed)
        break;
      image = XGetImage (display, window, 0, 0, attributes.width, attributes.height, AllPlanes,
                         ZPixmap);
      picture.at = fm_bench_now_ms () - t0;
      if (image != NULL && !x_failed)
        {
          picture.hash = hash_image (image);
          if (pictures->len == 0 ||
              g_array_index (pictures, Picture, pictures->len - 1).hash != picture.hash)
            {
              g_array_append_val (pictures, picture);
              if (dump_dir != NULL)
                dump_image (image);
            }
          else if (picture.at - g_array_index (pictures, Picture, pictures->len - 1).at >= settle_ms)
            {
              ok = TRUE;
              break;
            }
        }
      if (image != NULL)
        XDestroyImage (image);
      g_usleep (2000);
    }
  stop (pid);
  if (!ok)
    {
      g_printerr ("bench-startup: the window of %s never settled\n", argv[0]);
      return FALSE;
    }
  if (verbose)
    {
      g_printerr ("%s: mapped at %.1f ms; pictures at", argv[0], *mapped_ms);
      for (guint i = 0; i < pictures->len; i++)
        g_printerr (" %.1f", g_array_index (pictures, Picture, i).at);
      g_printerr (" ms\n");
    }
  {
    guint64 last = g_array_index (pictures, Picture, pictures->len - 1).hash;

    for (guint i = 0; i < pictures->len; i++)
      if (g_array_index (pictures, Picture, i).hash == last)
        {
          *painted_ms = g_array_index (pictures, Picture, i).at;
          break;
        }
  }
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("NAME=COMMAND… — time startup to a settled window");
  g_autoptr(GError) error = NULL;
  g_autoptr(FmBenchResults) results = fm_bench_results_new ("Startup");
  g_autofree char *json = NULL;
  int runs = 5;
  int settle = 1500;
  Display *display;
  const GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Launches of each program (5)", "N" },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &json, "Write the figures here", "FILE" },
    { "settle", 0, 0, G_OPTION_ARG_INT, &settle, "A picture unchanged this long is the final one (1500)", "MS" },
    { "verbose", 0, 0, G_OPTION_ARG_NONE, &verbose, "Print when each new picture was seen", NULL },
    { "dump", 0, 0, G_OPTION_ARG_FILENAME, &dump_dir, "Write each new picture there (PPM)", "DIR" },
    { NULL }
  };
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) commands = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc < 2 || runs < 1)
    {
      g_printerr ("bench-startup: %s\n", error ? error->message : "NAME=COMMAND is needed");
      return 2;
    }
  for (int i = 1; i < argc; i++)
    {
      const char *eq = strchr (argv[i], '=');
      char **command = NULL;

      if (eq == NULL || !g_shell_parse_argv (eq + 1, NULL, &command, &error))
        {
          g_printerr ("bench-startup: %s: not NAME=COMMAND\n", argv[i]);
          return 2;
        }
      g_ptr_array_add (names, g_strndup (argv[i], eq - argv[i]));
      g_ptr_array_add (commands, command);
    }

  display = XOpenDisplay (NULL);
  if (display == NULL)
    {
      g_printerr ("bench-startup: no display\n");
      return 1;
    }
  XSetErrorHandler (on_x_error);

  /* One launch of each first, not counted: the files in the page cache */
  for (int r = -1; r < runs; r++)
    for (guint p = 0; p < commands->len; p++)
      {
        double mapped = 0, painted = 0;
        g_autofree char *painted_name = NULL;
        g_autofree char *mapped_name = NULL;

        if (!measure (display, g_ptr_array_index (commands, p), settle, &mapped, &painted))
          return 1;
        if (r < 0)
          continue;
        painted_name = g_strdup_printf ("startup: %s, first frame of the text",
                                        (char *)g_ptr_array_index (names, p));
        mapped_name = g_strdup_printf ("startup: %s, window mapped",
                                       (char *)g_ptr_array_index (names, p));
        fm_bench_add (results, painted_name, "ms", NULL, painted);
        fm_bench_add (results, mapped_name, "ms", NULL, mapped);
        fprintf (stderr, "\r  run %d of %d", r + 1, runs);
      }
  fprintf (stderr, "\n");

  /* The target: no slower than the first program's peer (the second) */
  if (commands->len == 2)
    {
      FmBenchFigure *ours = g_ptr_array_index (results->figures, 0);
      FmBenchFigure *peer = g_ptr_array_index (results->figures, 2);
      FmBenchFigure *ratio = fm_bench_figure (results, "startup: ratio of the medians (≤ 1 is met)",
                                              "×", NULL);

      fm_bench_figure_add (ratio, fm_bench_figure_median (ours) / fm_bench_figure_median (peer));
      fm_bench_figure_set_target (ratio, 1.0, 0);
      fm_bench_figure_set_target (ours, fm_bench_figure_median (peer), 0);
    }
  XCloseDisplay (display);
  fm_bench_results_print (results);
  if (json != NULL && !fm_bench_results_write_json (results, json, &error))
    {
      g_printerr ("bench-startup: %s\n", error->message);
      return 1;
    }
  return 0;
}
