/* util: small helpers shared by several modules. */
#ifndef VOLANTE_UTIL_H
#define VOLANTE_UTIL_H

#include <glib.h>

#include "files.h"

/* Writes DATA to a temporary file beside PATH, then renames it over PATH, so a
 * reader never sees half a file, nor a full disk a good one replaced by half
 * (files.h). *err = "PATH: cannot write: why" on failure. */
gboolean vl_write_atomic(const char *path, const char *data, gsize len, GError **err);

/* Reads PATH whole (a regular file only: vl_read_file) and checks that it is UTF-8 text without NUL bytes.
 * Returns the text (caller frees) or NULL with *err = "PATH:LINE: why". */
char *vl_read_utf8(const char *path, gsize *len, GError **err);
/* The same check of TEXT (LEN bytes) read from PATH: TRUE, or FALSE with
 * *err = "PATH:LINE: why". */
gboolean vl_check_utf8(const char *path, const char *text, gsize len, GError **err);

/* The time SOURCE_DATE_EPOCH gives (reproducible builds), or NULL when it is
 * unset or not a time (vl_source_time_check says so first). Caller unrefs. */
GDateTime *vl_source_time(void);
/* FALSE with *err = "SOURCE_DATE_EPOCH=\"VALUE\" is not a time: ..." when it is
 * set to anything but whole seconds since 1970; TRUE when unset or good. */
gboolean vl_source_time_check(GError **err);

/* S as it may be shown in a one-line message: newlines, tabs and other
 * control characters (bidi overrides too) escaped as \n, \t, \x1b, \u202E;
 * bytes that are not UTF-8 as \xNN. Caller frees. */
char *vl_printable(const char *s);
/* Moves E (when set) into *ERR with its message made printable (vl_printable):
 * for messages that quote what a person wrote. */
void vl_propagate_printable(GError **err, GError *e);

/* The columns a terminal gives S: two for a wide (CJK) character, none for a
 * combining mark or an invisible format character, one for the others. */
int vl_display_width(const char *s);

/* PATH with every link and ".." resolved, or NULL when it does not exist.
 * Caller frees. */
char *vl_real_path(const char *path);

/* Monotonic milliseconds, for timings. */
double vl_now_ms(void);

/* A field of /proc/self/status in kB (VmHWM: the peak, VmRSS: now); 0 when
 * it cannot be read. */
long vl_proc_status_kb(const char *field);

/* The definition of NAME that comes after this program's or module's own
 * (RTLD_NEXT), else LIBRARY's (a soname) if that is loaded: the real one
 * behind a function volante defines so that a library's calls bind to it
 * (fonts.c, shapes.c, glyphs.c). Ends the process, saying so, when neither
 * is found: the caller cannot do without it. */
void *vl_next_fn(const char *library, const char *name);
/* Defines `static TYPE real_NAME(void)`: LIBRARY's NAME, found once
 * (vl_next_fn), for the file that defines NAME itself. */
#define VL_REAL_FN(type, name, library)                                                   \
  static type real_##name(void) {                                                         \
    static type fn;                                                                       \
    if (g_once_init_enter(&fn)) g_once_init_leave(&fn, (type)vl_next_fn(library, #name)); \
    return fn;                                                                            \
  }

/* The switch in environment variable NAME: 0 when it says "off", "no" or
 * "0", 2 when it says "stats", 1 otherwise (unset too). */
int vl_env_switch(const char *name);
/* The same, and when it says "stats", COUNTS (which prints a memory's
 * counts: shapes.c, glyphs.c, deflates.c) runs at exit. */
int vl_env_switch_counted(const char *name, void (*counts)(void));

/* "PATH\tDEVICE\tINODE\tSIZE\tSECONDS.NANOSECONDS" of the file at PATH
 * (links followed), or NULL when it cannot be read: what tells a library
 * or module from the file an upgrade or a rebuild puts in its place
 * (pdfload.c, deflates.c). Caller frees. */
char *vl_file_id(const char *path);

/* A hash of N bytes at P, eight at a time, for tables keyed by bytes that
 * are looked up often (shapes.c, glyphs.c). */
guint vl_hash_bytes(const void *p, gsize n);

#endif
