/* realpath: POSIX, and RTLD_NEXT: GNU, beyond C11. */
#define _GNU_SOURCE
#include "util.h"

#include <dlfcn.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

gboolean vl_check_utf8(const char *path, const char *text, gsize len, GError **err) {
  const char *bad = NULL;
  if (g_utf8_validate(text, (gssize)len, &bad)) return TRUE;
  int line = 1;
  for (const char *p = text; p < bad; p++)
    if (*p == '\n') line++;
  g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL,
              bad < text + len && *bad == '\0' ? "%s:%d: contains a NUL byte" : "%s:%d: invalid UTF-8 (byte 0x%02x)",
              path, line, (unsigned char)*bad);
  return FALSE;
}

char *vl_read_utf8(const char *path, gsize *len, GError **err) {
  char *text = vl_read_file(path, len, err);
  if (!text) return NULL;
  if (!vl_check_utf8(path, text, *len, err)) {
    g_free(text);
    return NULL;
  }
  return text;
}

double vl_now_ms(void) { return (double)g_get_monotonic_time() / 1000.0; }

long vl_proc_status_kb(const char *field) {
  char *status = NULL;
  long kb = 0;
  if (g_file_get_contents("/proc/self/status", &status, NULL, NULL)) {
    char *p = strstr(status, field);
    if (p) kb = strtol(p + strlen(field), NULL, 10);
    g_free(status);
  }
  return kb;
}

/* SOURCE_DATE_EPOCH's time: NULL when unset or empty; *bad when set to
 * anything but whole seconds since 1970 that GLib can hold (up to 9999). */
static GDateTime *source_time(const char **value, gboolean *bad) {
  const char *s = g_getenv("SOURCE_DATE_EPOCH");
  *value = s, *bad = FALSE;
  if (!s || !*s) return NULL;
  GDateTime *t = NULL;
  if (strspn(s, "0123456789") == strlen(s) && strlen(s) <= 12)
    t = g_date_time_new_from_unix_utc(g_ascii_strtoll(s, NULL, 10));
  *bad = t == NULL;
  return t;
}

GDateTime *vl_source_time(void) {
  const char *v;
  gboolean bad;
  return source_time(&v, &bad);
}

gboolean vl_source_time_check(GError **err) {
  const char *v;
  gboolean bad;
  GDateTime *t = source_time(&v, &bad);
  if (t) g_date_time_unref(t);
  char *shown = bad ? vl_printable(v) : NULL;
  if (bad)
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                "SOURCE_DATE_EPOCH=\"%s\" is not a time: it must be whole seconds since 1970-01-01 UTC (like "
                "1700000000); set it to one, or unset it",
                shown);
  g_free(shown);
  return !bad;
}

/* Controls that would break a message's one line or reorder what the
 * terminal shows: C0 and C1 controls, DEL, and the bidi embeddings,
 * overrides and isolates. */
static gboolean is_hidden_control(gunichar c) {
  return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

/* Whether S is UTF-8 with nothing vl_printable escapes: nearly every
 * message is (a check makes 6,000 problems' fields printable, and copying
 * them a character at a time cost 17 million instructions). */
static gboolean already_printable(const char *s) {
  if (!g_utf8_validate(s, -1, NULL)) return FALSE;
  for (const char *p = s; *p; p = g_utf8_next_char(p))
    if (is_hidden_control((guchar)*p < 0x80 ? (gunichar)(guchar)*p : g_utf8_get_char(p))) return FALSE;
  return TRUE;
}

char *vl_printable(const char *s) {
  if (already_printable(s)) return g_strdup(s);
  GString *out = g_string_new(NULL);
  for (const char *p = s; *p;) {
    gunichar c = g_utf8_get_char_validated(p, -1);
    if (c == (gunichar)-1 || c == (gunichar)-2) {
      g_string_append_printf(out, "\\x%02x", (unsigned char)*p++);
      continue;
    }
    if (c == '\n')
      g_string_append(out, "\\n");
    else if (c == '\t')
      g_string_append(out, "\\t");
    else if (c == '\r')
      g_string_append(out, "\\r");
    else if (c < 0x80 && is_hidden_control(c))
      g_string_append_printf(out, "\\x%02x", c);
    else if (is_hidden_control(c))
      g_string_append_printf(out, "\\u%04X", c);
    else
      g_string_append_len(out, p, g_utf8_next_char(p) - p);
    p = g_utf8_next_char(p);
  }
  return g_string_free(out, FALSE);
}

void vl_propagate_printable(GError **err, GError *e) {
  if (!e) return;
  char *shown = vl_printable(e->message);
  g_free(e->message);
  e->message = shown;
  g_propagate_error(err, e);
}

char *vl_real_path(const char *path) {
  char *r = realpath(path, NULL);
  char *copy = r ? g_strdup(r) : NULL;
  free(r);
  return copy;
}

int vl_display_width(const char *s) {
  int w = 0;
  for (const char *p = s; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (g_unichar_iszerowidth(c)) continue;
    w += g_unichar_iswide(c) ? 2 : 1;
  }
  return w;
}

void *vl_next_fn(const char *library, const char *name) {
  void *f = dlsym(RTLD_NEXT, name);
  if (!f) {
    void *lib = dlopen(library, RTLD_LAZY | RTLD_NOLOAD);
    if (lib) f = dlsym(lib, name);
  }
  if (!f) {
    fprintf(stderr, "volante: %s's %s cannot be found\n", library, name);
    abort();
  }
  return f;
}

int vl_env_switch(const char *name) {
  const char *v = g_getenv(name);
  if (!v) return 1;
  if (!g_ascii_strcasecmp(v, "off") || !g_ascii_strcasecmp(v, "no") || !strcmp(v, "0")) return 0;
  return !g_ascii_strcasecmp(v, "stats") ? 2 : 1;
}

int vl_env_switch_counted(const char *name, void (*counts)(void)) {
  int m = vl_env_switch(name);
  if (m == 2) atexit(counts);
  return m;
}

char *vl_file_id(const char *path) {
  GStatBuf st;
  if (!path || g_stat(path, &st) != 0) return NULL;
  return g_strdup_printf("%s\t%llu\t%llu\t%lld\t%lld.%09ld", path, (unsigned long long)st.st_dev,
                         (unsigned long long)st.st_ino, (long long)st.st_size, (long long)st.st_mtim.tv_sec,
                         (long)st.st_mtim.tv_nsec);
}

guint vl_hash_bytes(const void *data, gsize n) {
  const guint8 *p = data;
  guint64 h = 0x9e3779b97f4a7c15ull ^ n;
  for (; n >= 8; p += 8, n -= 8) {
    guint64 w;
    memcpy(&w, p, 8);
    h = (h ^ w) * 0xff51afd7ed558ccdull;
    h ^= h >> 32;
  }
  guint64 w = 0;
  memcpy(&w, p, n);
  h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
  return (guint)(h ^ (h >> 29));
}
