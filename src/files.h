/* files: reading input files (regular files only), writing output files
 * whole or not at all, and leaving no temporary file behind when a signal
 * stops volante. (vl_write_atomic, declared in util.h, is defined here.) */
#ifndef VOLANTE_FILES_H
#define VOLANTE_FILES_H

#include <cairo.h>
#include <glib.h>
#include <sys/types.h>

/* Reads PATH whole. Only a regular file is opened for reading: a FIFO, a
 * device or a folder in its place is refused at once (never waited on) with
 * *err = "PATH: not a regular file". Returns the bytes, NUL-terminated
 * (caller frees), or NULL with *err = "PATH: why". */
char *vl_read_file(const char *path, gsize *len, GError **err);

/* TRUE when PATH is there but is no regular file (a FIFO, a device, a
 * folder), for readers that open files themselves (cairo's PNG reader). */
gboolean vl_not_a_file(const char *path);

/* Writes DATA to a temporary file beside PATH (every write, the fsync and the
 * close checked), then renames it over PATH, so a reader never sees half a
 * file and a full disk never replaces a good file. The new file gets MODE.
 * On failure the temporary file is removed, PATH is untouched and
 * *err = "PATH: cannot write: why". Temporary files other volante processes
 * left behind when they were killed are removed first (see vl_temp_sweep).
 * vl_write_atomic (util.h) is this with mode 0644. */
gboolean vl_write_atomic_mode(const char *path, const char *data, gsize len, mode_t mode, GError **err);

/* A file volante renders (a PDF, PNG or SVG): as vl_write_atomic, except
 * that a file already at PATH with these very bytes (a regular file of
 * ours, one name, mode 0644) is left as it is: rendering unchanged content
 * again neither waits for the disk (fsync) nor touches the file's time. */
gboolean vl_write_output(const char *path, const char *data, gsize len, GError **err);

/* A file of the cache (cache.c): as vl_write_atomic_mode with mode 0600,
 * without the fsync (a file a crash cut short fails its checksum and is
 * ignored) and without a message. */
gboolean vl_write_cache(const char *path, const char *data, gsize len);

/* Replaces the text of PATH, a file a person keeps (a PO file), whose
 * present content is OLD (OLD_LEN bytes), with DATA, keeping what they set
 * up: a symbolic link is followed and its target written (never replaced by a
 * copy), and the mode and owner stay. A file with other hard links is
 * rewritten in place, so every name of it shows the change: the room for the
 * new text is reserved first, and should a write still fail the old text is
 * put back. Else as vl_write_atomic. FALSE with *err = "PATH: cannot write:
 * why", and PATH as it was. */
gboolean vl_write_over(const char *path, const char *old, gsize old_len, const char *data, gsize len, GError **err);

/* Writes IMG as a PNG file, through vl_write_atomic. */
gboolean vl_png_write(cairo_surface_t *img, const char *path, GError **err);
/* A cairo_write_func_t that appends what Cairo writes to the GByteArray
 * CLOSURE (PNG, PDF and SVG surfaces written into memory, then whole to
 * their file). */
cairo_status_t vl_cairo_to_bytes(void *closure, const unsigned char *data, unsigned int length);

/* Removes from DIR the temporary files (NAME.tmp.PID.XXXXXX) of volante
 * processes that are no longer running. */
void vl_temp_sweep(const char *dir);

/* Signals: SIGINT, SIGTERM and SIGHUP remove the temporary file being
 * written, pass the signal on to the worker processes and wait for them,
 * then end the process by that signal. vl_signals_init installs that (each
 * command that writes files, at its start); vl_signals_add_worker tells it of
 * a forked worker, vl_signals_reaped that the parent has waited for one (its
 * PID may be reused); vl_signals_worker, called first in a worker, makes it
 * die with its parent (Linux: PR_SET_PDEATHSIG) and forgets the parent's
 * workers. */
void vl_signals_init(void);
void vl_signals_add_worker(pid_t pid);
void vl_signals_reaped(pid_t pid);
void vl_signals_worker(pid_t parent);
/* After the parent has waited for its workers. */
void vl_signals_clear_workers(void);

#endif
