/* watch: run something again whenever a file in some folders changes
 * (GLib's GFileMonitor), for translators who keep a proof open beside Poedit. */
#ifndef VOLANTE_WATCH_H
#define VOLANTE_WATCH_H

#include <glib.h>

typedef void (*VlWatchFn)(void *data);

/* Calls FN once, then again shortly after any file in DIRS (NULL-terminated)
 * is saved, created, removed or renamed; returns on SIGINT or SIGTERM. A save
 * by renaming a temporary file over the file (gedit, GIO editors, most
 * others) counts under the file's final name. Not changes: hidden files,
 * backups (NAME~), volante's temporary files, anything under a path of
 * IGNORE (NULL-terminated, may be NULL: the command's own output), and the
 * files the process's stdout and stderr write to (a log). */
void vl_watch(const char *const *dirs, const char *const *ignore, VlWatchFn fn, void *data);

#endif
