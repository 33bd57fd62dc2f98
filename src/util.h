/* util: small helpers shared by several modules. */
#ifndef VOLANTE_UTIL_H
#define VOLANTE_UTIL_H

#include <glib.h>

/* Writes DATA to a temporary file beside PATH, then renames it over PATH, so a
 * reader never sees half a file. *err = "PATH: reason" on failure. */
gboolean vl_write_atomic(const char *path, const char *data, gsize len, GError **err);

/* Monotonic milliseconds, for progress and benchmarks. */
double vl_now_ms(void);

#endif
