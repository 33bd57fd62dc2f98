#include "util.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

static gboolean fail_write(const char *path, GError **err) {
  g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(errno), "%s: cannot write: %s", path, g_strerror(errno));
  return FALSE;
}

static char *temp_open(const char *path, int *fd, GError **err) {
  char *tmp = g_strdup_printf("%s.tmp.XXXXXX", path);
  *fd = g_mkstemp(tmp);
  if (*fd < 0) {
    fail_write(path, err);
    g_free(tmp);
    return NULL;
  }
  return tmp;
}

char *vl_temp_beside(const char *path, GError **err) {
  int fd;
  char *tmp = temp_open(path, &fd, err);
  if (tmp) close(fd);
  return tmp;
}

gboolean vl_rename_into(const char *tmp, const char *path, GError **err) {
  if (g_chmod(tmp, 0644) != 0 || g_rename(tmp, path) != 0) {
    fail_write(path, err);
    g_unlink(tmp);
    return FALSE;
  }
  return TRUE;
}

gboolean vl_write_atomic(const char *path, const char *data, gsize len, GError **err) {
  int fd;
  char *tmp = temp_open(path, &fd, err);
  if (!tmp) return FALSE;
  gsize done = 0;
  gboolean ok = TRUE;
  while (ok && done < len) {
    gssize w = write(fd, data + done, len - done);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0)
      ok = fail_write(path, err);
    else
      done += (gsize)w;
  }
  if (close(fd) != 0 && ok) ok = fail_write(path, err);
  if (ok)
    ok = vl_rename_into(tmp, path, err);
  else
    g_unlink(tmp);
  g_free(tmp);
  return ok;
}

char *vl_read_utf8(const char *path, gsize *len, GError **err) {
  char *text = NULL;
  GError *e = NULL;
  if (!g_file_get_contents(path, &text, len, &e)) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_NOENT, "%s: %s", path, e->message);
    g_error_free(e);
    return NULL;
  }
  const char *bad = NULL;
  if (!g_utf8_validate(text, (gssize)*len, &bad)) {
    int line = 1;
    for (const char *p = text; p < bad; p++)
      if (*p == '\n') line++;
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                bad < text + *len && *bad == '\0' ? "%s:%d: contains a NUL byte" : "%s:%d: invalid UTF-8 (byte 0x%02x)",
                path, line, (unsigned char)*bad);
    g_free(text);
    return NULL;
  }
  return text;
}

double vl_now_ms(void) { return (double)g_get_monotonic_time() / 1000.0; }

GDateTime *vl_source_time(void) {
  const char *s = g_getenv("SOURCE_DATE_EPOCH");
  if (!s || !*s) return NULL;
  char *end = NULL;
  gint64 t = g_ascii_strtoll(s, &end, 10);
  return *end || t < 0 ? NULL : g_date_time_new_from_unix_utc(t);
}
