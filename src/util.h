/* util: small helpers shared by several modules. */
#ifndef VOLANTE_UTIL_H
#define VOLANTE_UTIL_H

#include <glib.h>

/* Writes DATA to a temporary file beside PATH, then renames it over PATH, so a
 * reader never sees half a file. *err = "PATH: reason" on failure. */
gboolean vl_write_atomic(const char *path, const char *data, gsize len, GError **err);

/* Reads PATH whole and checks that it is UTF-8 text without NUL bytes.
 * Returns the text (caller frees) or NULL with *err = "PATH:LINE: why". */
char *vl_read_utf8(const char *path, gsize *len, GError **err);

/* Creates an empty temporary file beside PATH, for a writer that needs a file
 * name; returns the name (caller frees) or NULL with *err set. */
char *vl_temp_beside(const char *path, GError **err);
/* Renames the finished temporary file TMP over PATH, or removes it on
 * failure (*err = "PATH: cannot write: why"). */
gboolean vl_rename_into(const char *tmp, const char *path, GError **err);

/* The time SOURCE_DATE_EPOCH gives (reproducible builds), or NULL when it is
 * unset or not a number. Caller unrefs. */
GDateTime *vl_source_time(void);

/* Monotonic milliseconds, for timings. */
double vl_now_ms(void);

#endif
