/* ini: GKeyFile plus the line numbers GKeyFile does not keep.
 *
 * Content and layout files are GKeyFile text. People edit them by hand, so every
 * message about them must say file:line; this module remembers where each group
 * and key was written and checks the syntax line by line before GKeyFile parses it.
 */
#ifndef VOLANTE_INI_H
#define VOLANTE_INI_H

#include <glib.h>

typedef struct VlIni VlIni;

/* Reads and parses PATH (UTF-8; a byte-order mark at its start is skipped).
 * On failure returns NULL and sets *err to one line "PATH:LINE: what is
 * wrong". The caller owns the result (vl_ini_free). */
VlIni *vl_ini_load(const char *path, GError **err);
/* The same from LEN bytes of DATA (borrowed), as if read from PATH. */
VlIni *vl_ini_parse(const char *data, gsize len, const char *path, GError **err);
void vl_ini_free(VlIni *ini);

const char *vl_ini_path(const VlIni *ini);
/* Groups in file order (NULL-terminated, owned by ini). */
char **vl_ini_groups(const VlIni *ini);
/* Keys of GROUP in file order (NULL-terminated; free with g_strfreev). */
char **vl_ini_keys(const VlIni *ini, const char *group);
/* Raw string value (owned by ini) or NULL when absent. */
const char *vl_ini_get(const VlIni *ini, const char *group, const char *key);
/* Line of GROUP's header, or of KEY inside GROUP (key may be NULL); 0 if absent. */
int vl_ini_line(const VlIni *ini, const char *group, const char *key);

#endif
