#include "ini.h"

#include <string.h>

#include "util.h"

struct VlIni {
  char *path;
  GKeyFile *kf;
  char **groups;
  GHashTable *lines;  /* "group" or "group\x1fkey" -> line (GINT_TO_POINTER) */
  GHashTable *values; /* "group\x1fkey" -> raw value (already unescaped by GKeyFile) */
};

static char *ini_slot(const char *group, const char *key) {
  return key ? g_strconcat(group, "\x1f", key, NULL) : g_strdup(group);
}

/* GKeyFile keeps a backslash it does not know (\q stays \q) and drops
 * one at the end of a line: a mistake either way, so say where. */
static const char bad_escape[] =
    "a backslash must start \\n (new line), \\t, \\r, \\s (space) or \\\\ (a backslash itself)";

static gboolean escapes_ok(const char *value) {
  for (const char *p = value; *p; p++)
    if (*p == '\\' && (!*++p || !strchr("ntrs\\", *p))) return FALSE;
  return TRUE;
}

/* GKeyFile reports syntax errors without a line number; find them first so
 * the user is told where to look. */
static gboolean ini_scan(VlIni *ini, const char *text, GError **err) {
  char **lines = g_strsplit(text, "\n", -1);
  char *group = NULL;
  gboolean ok = TRUE;
  for (int i = 0; lines[i] && ok; i++) {
    char *l = g_strstrip(g_strdup(lines[i]));
    int lineno = i + 1;
    const char *ctl = l;
    while (*ctl && (*ctl == '\t' || ((unsigned char)*ctl >= 0x20 && *ctl != 0x7f))) ctl++;
    if (*ctl) {
      /* Nothing in these files needs one (\n and \t are written as escapes),
       * and echoed in a message it would garble the terminal. */
      g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%d: a control character (U+%04X) in the text", ini->path,
                  lineno, (unsigned)(unsigned char)*ctl);
      ok = FALSE;
    } else if (*l == '\0' || *l == '#') {
      /* blank or comment */
    } else if (*l == '[') {
      char *close = strchr(l, ']');
      if (!close || close[1] != '\0' || close == l + 1) {
        g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%d: malformed group header %s", ini->path, lineno, l);
        ok = FALSE;
      } else {
        g_free(group);
        group = g_strndup(l + 1, (gsize)(close - l - 1));
        if (g_hash_table_contains(ini->lines, group)) {
          g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%d: group [%s] appears twice", ini->path, lineno,
                      group);
          ok = FALSE;
        } else {
          g_hash_table_insert(ini->lines, g_strdup(group), GINT_TO_POINTER(lineno));
        }
      }
    } else {
      char *eq = strchr(l, '=');
      if (!eq || eq == l) {
        char *shown = g_utf8_substring(l, 0, MIN(g_utf8_strlen(l, -1), 40)); /* whole characters */
        g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%d: expected KEY=VALUE or [GROUP], got \"%s\"",
                    ini->path, lineno, shown);
        g_free(shown);
        ok = FALSE;
      } else if (!group) {
        g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%d: key outside any [group]", ini->path, lineno);
        ok = FALSE;
      } else if (!escapes_ok(eq + 1)) {
        *eq = '\0';
        g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%d: [%s] %s: %s", ini->path, lineno, group,
                    g_strstrip(l), bad_escape);
        ok = FALSE;
      } else {
        *eq = '\0';
        char *key = g_strstrip(l);
        char *slot = ini_slot(group, key);
        if (g_hash_table_contains(ini->lines, slot)) {
          g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%d: key %s appears twice in [%s]", ini->path, lineno,
                      key, group);
          ok = FALSE;
          g_free(slot);
        } else {
          g_hash_table_insert(ini->lines, slot, GINT_TO_POINTER(lineno));
        }
      }
    }
    g_free(l);
  }
  g_free(group);
  g_strfreev(lines);
  return ok;
}

/* Parses TEXT, UTF-8 without NUL bytes (vl_check_utf8). */
static VlIni *ini_parse(const char *text, gsize len, const char *path, GError **err) {
  GError *e = NULL;
  VlIni *ini = g_new0(VlIni, 1);
  ini->path = g_strdup(path);
  ini->lines = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  ini->values = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  ini->kf = g_key_file_new();
  if (!ini_scan(ini, text, err)) {
    vl_ini_free(ini);
    return NULL;
  }
  if (!g_key_file_load_from_data(ini->kf, text, len, G_KEY_FILE_NONE, &e)) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: %s", path, e->message);
    g_error_free(e);
    vl_ini_free(ini);
    return NULL;
  }
  ini->groups = g_key_file_get_groups(ini->kf, NULL);
  for (int g = 0; ini->groups[g]; g++) {
    char **keys = g_key_file_get_keys(ini->kf, ini->groups[g], NULL, NULL);
    for (int k = 0; keys && keys[k]; k++) {
      char *v = g_key_file_get_string(ini->kf, ini->groups[g], keys[k], &e);
      if (!v) {
        /* GKeyFile's own message quotes the byte after the backslash, which
         * may be half of a character: say what is allowed instead. */
        gboolean escape = g_error_matches(e, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE);
        g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%d: [%s] %s: %s", path,
                    vl_ini_line(ini, ini->groups[g], keys[k]), ini->groups[g], keys[k],
                    escape ? bad_escape : e->message);
        g_error_free(e);
        g_strfreev(keys);
        vl_ini_free(ini);
        return NULL;
      }
      g_hash_table_insert(ini->values, ini_slot(ini->groups[g], keys[k]), v);
    }
    g_strfreev(keys);
  }
  return ini;
}

/* The messages above quote the file (a line, a group or key name), which
 * may hold a tab, and GKeyFile's may hold anything: one printable line.
 * A byte-order mark at the start (Windows Notepad saves "UTF-8" with one) is
 * read as the start of the file: it means nothing in UTF-8 and only volante
 * reads these files. (A PO file with one is refused, catalog.c, because
 * msgfmt and msgmerge refuse it too.) */
static VlIni *ini_parse_shown(const char *text, gsize len, const char *path, GError **err) {
  GError *e = NULL;
  if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3)) {
    text += 3;
    len -= 3;
  }
  VlIni *ini = ini_parse(text, len, path, &e);
  vl_propagate_printable(err, e);
  return ini;
}

VlIni *vl_ini_parse(const char *data, gsize len, const char *path, GError **err) {
  if (!vl_check_utf8(path, data, len, err)) return NULL;
  /* ini_scan reads a NUL-terminated string. */
  char *text = g_strndup(data, len);
  VlIni *ini = ini_parse_shown(text, len, path, err);
  g_free(text);
  return ini;
}

VlIni *vl_ini_load(const char *path, GError **err) {
  gsize len = 0;
  char *text = vl_read_utf8(path, &len, err);
  if (!text) return NULL;
  VlIni *ini = ini_parse_shown(text, len, path, err);
  g_free(text);
  return ini;
}

void vl_ini_free(VlIni *ini) {
  if (!ini) return;
  g_free(ini->path);
  if (ini->kf) g_key_file_free(ini->kf);
  g_strfreev(ini->groups);
  g_hash_table_destroy(ini->lines);
  g_hash_table_destroy(ini->values);
  g_free(ini);
}

const char *vl_ini_path(const VlIni *ini) { return ini->path; }
char **vl_ini_groups(const VlIni *ini) { return ini->groups; }

char **vl_ini_keys(const VlIni *ini, const char *group) {
  char **k = g_key_file_get_keys(ini->kf, group, NULL, NULL);
  return k ? k : g_new0(char *, 1);
}

const char *vl_ini_get(const VlIni *ini, const char *group, const char *key) {
  char *slot = ini_slot(group, key);
  const char *v = g_hash_table_lookup(ini->values, slot);
  g_free(slot);
  return v;
}

int vl_ini_line(const VlIni *ini, const char *group, const char *key) {
  char *slot = ini_slot(group, key);
  int line = GPOINTER_TO_INT(g_hash_table_lookup(ini->lines, slot));
  g_free(slot);
  return line;
}
