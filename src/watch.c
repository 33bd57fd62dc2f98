#include "watch.h"

#include <gio/gio.h>
#include <glib-unix.h>
#include <signal.h>
#include <string.h>

/* Editors save in bursts (write a temporary file, rename it, touch the
 * backup): wait this long after the last event, then run once. Well within
 * the 200 ms a translator should wait. */
#define SETTLE_MS 40

typedef struct {
  VlWatchFn fn;
  void *data;
  guint pending;
  GMainLoop *loop;
} Watch;

static gboolean rerun(gpointer p) {
  Watch *w = p;
  w->pending = 0;
  w->fn(w->data);
  return G_SOURCE_REMOVE;
}

static void on_change(GFileMonitor *m, GFile *file, GFile *other, GFileMonitorEvent ev, gpointer p) {
  (void)m, (void)other;
  Watch *w = p;
  char *base = g_file_get_basename(file);
  /* volante's own temporary files and editors' backups are not changes. */
  gboolean ignore = !base || base[0] == '.' || g_str_has_suffix(base, "~") || strstr(base, ".tmp.");
  g_free(base);
  if (ignore || ev == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED) return;
  if (w->pending) g_source_remove(w->pending);
  w->pending = g_timeout_add(SETTLE_MS, rerun, w);
}

static gboolean on_signal(gpointer p) {
  g_main_loop_quit(((Watch *)p)->loop);
  return G_SOURCE_REMOVE;
}

void vl_watch(const char *const *dirs, VlWatchFn fn, void *data) {
  Watch w = {fn, data, 0, g_main_loop_new(NULL, FALSE)};
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
  g_main_loop_unref(w.loop);
}
