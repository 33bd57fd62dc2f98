/* RTLD_NEXT (GNU) beyond C11. */
#define _GNU_SOURCE
#include "pangothreads.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

gboolean vl_pango_thread_inline(const char *name) {
  return name && (!strcmp(name, "[pango] FcFontSetMatch") || !strcmp(name, "[pango] FcFontSetSort"));
}

typedef GThread *(*ThreadNewFn)(const gchar *, GThreadFunc, gpointer);

__attribute__((visibility("default"))) GThread *g_thread_new(const gchar *name, GThreadFunc func, gpointer data) {
  static ThreadNewFn real;
  if (g_once_init_enter(&real)) {
    /* GLib's, the next definition after this one (util.c's vl_next_fn is
     * not in the program, which links GLib only). */
    ThreadNewFn f = (ThreadNewFn)dlsym(RTLD_NEXT, "g_thread_new");
    if (!f) {
      fprintf(stderr, "volante: GLib's g_thread_new cannot be found\n");
      abort();
    }
    g_once_init_leave(&real, f);
  }
  if (vl_pango_thread_inline(name)) {
    func(data);
    return g_thread_ref(g_thread_self());
  }
  return real(name, func, data);
}
