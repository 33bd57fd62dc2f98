#include "watch.h"

#include <gio/gio.h>
#include <glib-unix.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>

/* Editors save in bursts (write a temporary file, rename it, touch the
 * backup): wait this long after the last event, then run once. Well within
 * the 200 ms a translator should wait. */
#define SETTLE_MS 40

typedef struct {
  VlWatchFn fn;
  void *data;
  guint pending;
  GMainLoop *loop;
  GPtrArray *ignore; /* GFile*: the command's output, never a change */
} Watch;

static gboolean rerun(gpointer p) {
  Watch *w = p;
  w->pending = 0;
  w->fn(w->data);
  return G_SOURCE_REMOVE;
}

/* Whether FILE is where the process's stdout or stderr goes (a log kept
 * in a watched folder would otherwise start a run after every run). */
static gboolean is_our_log(GFile *file) {
  char *path = g_file_get_path(file);
  struct stat f, o;
  gboolean ours = FALSE;
  for (int fd = 1; path && fd <= 2 && !ours; fd++)
    ours =
        fstat(fd, &o) == 0 && S_ISREG(o.st_mode) && stat(path, &f) == 0 && f.st_dev == o.st_dev && f.st_ino == o.st_ino;
  g_free(path);
  return ours;
}

static gboolean not_a_change(Watch *w, GFile *file) {
  char *base = g_file_get_basename(file);
  /* Editors' hidden temporary files and backups, volante's temporary files. */
  gboolean skip = !base || base[0] == '.' || g_str_has_suffix(base, "~") || strstr(base, ".tmp.");
  g_free(base);
  for (guint i = 0; !skip && i < w->ignore->len; i++) {
    GFile *o = g_ptr_array_index(w->ignore, i);
    skip = g_file_equal(file, o) || g_file_has_prefix(file, o);
  }
  return skip || is_our_log(file);
}

static void on_change(GFileMonitor *m, GFile *file, GFile *other, GFileMonitorEvent ev, gpointer p) {
  (void)m;
  Watch *w = p;
  if (ev == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED) return;
  /* A rename is judged by the name it ends with: gedit saves es.po by
   * renaming .goutputstream-XXXXXX over it, which is a change of es.po. */
  if (ev == G_FILE_MONITOR_EVENT_RENAMED && other) file = other;
  if (not_a_change(w, file)) return;
  if (w->pending) g_source_remove(w->pending);
  w->pending = g_timeout_add(SETTLE_MS, rerun, w);
}

static gboolean on_signal(gpointer p) {
  g_main_loop_quit(((Watch *)p)->loop);
  return G_SOURCE_REMOVE;
}

void vl_watch(const char *const *dirs, const char *const *ignore, VlWatchFn fn, void *data) {
  Watch w = {fn, data, 0, g_main_loop_new(NULL, FALSE), g_ptr_array_new_with_free_func(g_object_unref)};
  for (int i = 0; ignore && ignore[i]; i++) g_ptr_array_add(w.ignore, g_file_new_for_path(ignore[i]));
  GPtrArray *monitors = g_ptr_array_new_with_free_func(g_object_unref);
  for (int i = 0; dirs[i]; i++) {
    GFile *f = g_file_new_for_path(dirs[i]);
    GFileMonitor *m = g_file_monitor_directory(f, G_FILE_MONITOR_WATCH_MOVES, NULL, NULL);
    g_object_unref(f);
    if (!m) continue;
    g_file_monitor_set_rate_limit(m, 0);
    g_signal_connect(m, "changed", G_CALLBACK(on_change), &w);
    g_ptr_array_add(monitors, m);
  }
  fn(data);
  guint s1 = g_unix_signal_add(SIGINT, on_signal, &w), s2 = g_unix_signal_add(SIGTERM, on_signal, &w);
  g_main_loop_run(w.loop);
  g_source_remove(s1);
  g_source_remove(s2);
  if (w.pending) g_source_remove(w.pending);
  g_ptr_array_free(monitors, TRUE);
  g_ptr_array_free(w.ignore, TRUE);
  g_main_loop_unref(w.loop);
}
