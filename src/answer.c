#define _POSIX_C_SOURCE 200809L /* st_mtim */

#include "answer.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define MAGIC "volante-answer 1\n"
/* Bounds that keep a record small and its check quick: a content folder
 * beyond them is not recorded (the command still answers, only slower). */
#define MAX_RECORD (4 << 20)
#define MAX_FILES 4096
#define MAX_BYTES (64 << 20)
#define MAX_DEPTH 8

struct VlAnswer {
  char *key;
  GString *deps; /* the record's lines before the answer */
  gsize files, bytes;
};

gboolean vl_answer_cache_off(void) {
  const char *v = g_getenv("VOLANTE_CACHE");
  return v && (!g_ascii_strcasecmp(v, "off") || !strcmp(v, "0") || !g_ascii_strcasecmp(v, "no"));
}

static char *record_path(const char *key) {
  return g_build_filename(g_get_user_cache_dir(), "volante", "answers", key, NULL);
}

static void feed(GChecksum *sum, const char *s) {
  g_checksum_update(sum, (const guchar *)(s ? s : "\001unset"), (gssize)strlen(s ? s : "\001unset") + 1);
}

char *vl_answer_key(const char *module, int argc, char **argv) {
  GStatBuf st;
  if (vl_answer_cache_off() || !module || g_stat(module, &st) != 0) return NULL;
  GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
  char *id = g_strdup_printf("%s\n%lld %lld.%09ld %llu", MAGIC, (long long)st.st_size, (long long)st.st_mtim.tv_sec,
                             (long)st.st_mtim.tv_nsec, (unsigned long long)st.st_ino);
  feed(sum, id);
  g_free(id);
  feed(sum, module);
  char *cwd = g_get_current_dir();
  feed(sum, cwd);
  g_free(cwd);
  /* main.c takes ./content when it has a volante.ini: one made later is another answer. */
  feed(sum, g_file_test("content/volante.ini", G_FILE_TEST_EXISTS) ? "content here" : "no content here");
  static const char *const env[] = {"VOLANTE_DATADIR", "LC_ALL", "LC_CTYPE", "LC_MESSAGES", "LANG"};
  for (gsize i = 0; i < G_N_ELEMENTS(env); i++) feed(sum, g_getenv(env[i]));
  for (int i = 1; i < argc; i++) feed(sum, argv[i]);
  char *key = g_strdup(g_checksum_get_string(sum));
  g_checksum_free(sum);
  return key;
}

static char *file_sum(const char *path) {
  gchar *data = NULL;
  gsize len = 0;
  if (!g_file_get_contents(path, &data, &len, NULL)) return NULL;
  char *s = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)data, len);
  g_free(data);
  return s;
}

static int by_name(gconstpointer a, gconstpointer b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The sorted names in DIR (caller frees), or NULL when it cannot be read. */
static GPtrArray *names_of(const char *dir) {
  GDir *d = g_dir_open(dir, 0, NULL);
  if (!d) return NULL;
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
  const char *n;
  while ((n = g_dir_read_name(d))) g_ptr_array_add(names, g_strdup(n));
  g_dir_close(d);
  g_ptr_array_sort(names, by_name);
  return names;
}

static char *names_sum(GPtrArray *names) {
  GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
  for (guint i = 0; i < names->len; i++) feed(sum, g_ptr_array_index(names, i));
  char *s = g_strdup(g_checksum_get_string(sum));
  g_checksum_free(sum);
  return s;
}

static char *dir_sum(const char *dir) {
  GPtrArray *names = names_of(dir);
  if (!names) return NULL;
  char *s = names_sum(names);
  g_ptr_array_free(names, TRUE);
  return s;
}

/* A path goes last on its line, so only a newline in it cannot be written. */
static gboolean walk(VlAnswer *a, const char *dir, int depth) {
  if (depth > MAX_DEPTH || strchr(dir, '\n')) return FALSE;
  GPtrArray *names = names_of(dir);
  if (!names) return FALSE;
  char *s = names_sum(names);
  g_string_append_printf(a->deps, "d %s %s\n", s, dir);
  g_free(s);
  gboolean ok = TRUE;
  for (guint i = 0; ok && i < names->len; i++) {
    char *path = g_build_filename(dir, (const char *)g_ptr_array_index(names, i), NULL);
    GStatBuf st;
    if (g_stat(path, &st) != 0 || strchr(path, '\n')) {
      ok = FALSE;
    } else if (S_ISDIR(st.st_mode)) {
      ok = walk(a, path, depth + 1);
    } else if (S_ISREG(st.st_mode)) {
      a->files++, a->bytes += (gsize)st.st_size;
      char *sum = a->files <= MAX_FILES && a->bytes <= MAX_BYTES ? file_sum(path) : NULL;
      if (sum) g_string_append_printf(a->deps, "f %s %s\n", sum, path);
      ok = sum != NULL;
      g_free(sum);
    } else {
      ok = FALSE; /* a pipe or a device: not something to fingerprint */
    }
    g_free(path);
  }
  g_ptr_array_free(names, TRUE);
  return ok;
}

VlAnswer *vl_answer_begin(const char *key, const char *content) {
  if (!key || !content) return NULL;
  VlAnswer *a = g_new0(VlAnswer, 1);
  a->key = g_strdup(key);
  a->deps = g_string_new(MAGIC);
  char *abs = g_canonicalize_filename(content, NULL);
  gboolean ok = walk(a, abs, 0);
  g_free(abs);
  if (!ok) {
    vl_answer_free(a);
    return NULL;
  }
  return a;
}

void vl_answer_free(VlAnswer *a) {
  if (!a) return;
  g_free(a->key);
  g_string_free(a->deps, TRUE);
  g_free(a);
}

static char *lib_line(const char *path) {
  GStatBuf st;
  if (g_stat(path, &st) != 0) return NULL;
  return g_strdup_printf("l %lld %lld.%09ld %llu %s\n", (long long)st.st_size, (long long)st.st_mtim.tv_sec,
                         (long)st.st_mtim.tv_nsec, (unsigned long long)st.st_ino, path);
}

/* Every shared library mapped now: an upgrade of any (ICU's language names,
 * gettext's parser) makes the record stale. */
static void add_libs(VlAnswer *a) {
  gchar *maps = NULL;
  if (!g_file_get_contents("/proc/self/maps", &maps, NULL, NULL)) return;
  GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
  GPtrArray *paths = g_ptr_array_new();
  char **lines = g_strsplit(maps, "\n", -1);
  for (int i = 0; lines[i]; i++) {
    char *path = strchr(lines[i], '/');
    if (!path || !strstr(path, ".so") || g_hash_table_contains(seen, path)) continue;
    g_hash_table_add(seen, path);
    g_ptr_array_add(paths, path);
  }
  g_ptr_array_sort(paths, by_name); /* the same record whatever addresses the libraries got */
  for (guint i = 0; i < paths->len; i++) {
    char *l = lib_line(g_ptr_array_index(paths, i));
    if (l) g_string_append(a->deps, l);
    g_free(l);
  }
  g_ptr_array_free(paths, TRUE);
  g_hash_table_destroy(seen);
  g_strfreev(lines);
  g_free(maps);
}

void vl_answer_commit(VlAnswer *a, const char *out, gsize len) {
  if (!a) return;
  add_libs(a);
  g_string_append_printf(a->deps, "o %" G_GSIZE_FORMAT "\n", len);
  g_string_append_len(a->deps, out, (gssize)len);
  if (a->deps->len <= MAX_RECORD) {
    char *path = record_path(a->key), *dir = g_path_get_dirname(path);
    if (g_mkdir_with_parents(dir, 0700) == 0)
      g_file_set_contents_full(path, a->deps->str, (gssize)a->deps->len, G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL);
    g_free(dir);
    g_free(path);
  }
  vl_answer_free(a);
}

/* One dependency line of a record: TRUE when what it names is as it was. */
static gboolean still_holds(const char *line) {
  if (strlen(line) < 4 || line[1] != ' ') return FALSE;
  char *now = NULL;
  gboolean same = FALSE;
  if (line[0] == 'l') {
    const char *path = strchr(line, '/');
    now = path ? lib_line(path) : NULL;
    same = now && strlen(now) == strlen(line) + 1 && strncmp(now, line, strlen(line)) == 0;
  } else if (line[0] == 'f' || line[0] == 'd') {
    const char *path = strchr(line + 2, ' ');
    if (!path || path - (line + 2) != 64) return FALSE;
    now = line[0] == 'f' ? file_sum(path + 1) : dir_sum(path + 1);
    same = now && strncmp(now, line + 2, 64) == 0;
  }
  g_free(now);
  return same;
}

gboolean vl_answer_replay(const char *key) {
  if (!key) return FALSE;
  char *path = record_path(key);
  gchar *rec = NULL;
  gsize len = 0;
  GStatBuf st;
  gboolean ok = g_stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size <= MAX_RECORD &&
                g_file_get_contents(path, &rec, &len, NULL) && len > strlen(MAGIC) &&
                memcmp(rec, MAGIC, strlen(MAGIC)) == 0;
  g_free(path);
  const char *p = ok ? rec + strlen(MAGIC) : NULL, *end = rec + len;
  while (ok) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl) {
      ok = FALSE;
      break;
    }
    char *line = g_strndup(p, (gsize)(nl - p));
    p = nl + 1;
    if (line[0] == 'o') {
      /* The answer: exactly as many bytes as the line says, to the end. */
      char *stop = NULL;
      guint64 n = g_ascii_strtoull(line + (line[1] ? 2 : 1), &stop, 10);
      ok = line[1] == ' ' && stop && !*stop && n == (guint64)(end - p);
      g_free(line);
      break;
    }
    ok = still_holds(line);
    g_free(line);
  }
  if (ok) fwrite(p, 1, (size_t)(end - p), stdout);
  g_free(rec);
  return ok;
}
