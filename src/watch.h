/* watch: run something again whenever a file in some folders changes
 * (GLib's GFileMonitor), for translators who keep a proof open beside Poedit. */
#ifndef VOLANTE_WATCH_H
#define VOLANTE_WATCH_H

#include <glib.h>

typedef void (*VlWatchFn)(void *data);

/* Calls FN once, then again shortly after any file in DIRS (NULL-terminated)
 * is saved, created, removed or renamed; returns on SIGINT or SIGTERM. */
void vl_watch(const char *const *dirs, VlWatchFn fn, void *data);

#endif
