#include "util.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

gboolean vl_write_atomic(const char *path, const char *data, gsize len, GError **err) {
  char *tmp = g_strdup_printf("%s.tmp.XXXXXX", path);
  int fd = g_mkstemp(tmp);
  if (fd < 0) {
    g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(errno), "%s: cannot write: %s", path, g_strerror(errno));
    g_free(tmp);
    return FALSE;
  }
  gsize done = 0;
  while (done < len) {
    gssize w = write(fd, data + done, len - done);
    if (w < 0) {
      if (errno == EINTR) continue;
      g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(errno), "%s: cannot write: %s", path, g_strerror(errno));
      close(fd);
      g_unlink(tmp);
      g_free(tmp);
      return FALSE;
    }
    done += (gsize)w;
  }
  fchmod(fd, 0644);
  if (close(fd) != 0 || g_rename(tmp, path) != 0) {
    g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(errno), "%s: cannot write: %s", path, g_strerror(errno));
    g_unlink(tmp);
    g_free(tmp);
    return FALSE;
  }
  g_free(tmp);
  return TRUE;
}

double vl_now_ms(void) { return (double)g_get_monotonic_time() / 1000.0; }
