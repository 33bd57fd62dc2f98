/* files: reading what people write (regular files only), writing files
 * whole or not at all, and leaving no temporary file behind on a signal.
 * open, fstat, fsync, kill, sigaction, realpath; fallocate, prctl: POSIX and
 * Linux beyond C11. */
#define _GNU_SOURCE
#include "files.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "util.h"

/* ---------------------------------------------------------------- reading */

char *vl_read_file(const char *path, gsize *len, GError **err) {
  /* O_NONBLOCK: opening a FIFO for reading would wait for a writer forever.
   * Once fstat says it is a regular file, reads block as usual. */
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0) {
    int e = errno;
    g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(e), "%s: %s", path, g_strerror(e));
    if (fd >= 0) close(fd);
    return NULL;
  }
  if (!S_ISREG(st.st_mode)) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: not a regular file", path);
    close(fd);
    return NULL;
  }
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  GByteArray *b = g_byte_array_sized_new(st.st_size > 0 && st.st_size < (1 << 30) ? (guint)st.st_size + 1 : 4096);
  char buf[65536];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int e = errno;
      g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(e), "%s: %s", path, g_strerror(e));
      close(fd);
      g_byte_array_unref(b);
      return NULL;
    }
    if (n == 0) break;
    g_byte_array_append(b, (const guint8 *)buf, (guint)n);
  }
  close(fd);
  if (len) *len = b->len;
  g_byte_array_append(b, (const guint8 *)"", 1);
  return (char *)g_byte_array_free(b, FALSE);
}

gboolean vl_not_a_file(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && !S_ISREG(st.st_mode);
}

/* ---------------------------------------------------------------- signals */

/* What the signal handler needs, set only with the signals blocked, so the
 * handler never sees half of it. */
static char temp_path[4096];
static volatile sig_atomic_t temp_set;
#define MAX_WORKERS 1024
static pid_t workers[MAX_WORKERS];
static volatile sig_atomic_t n_workers;
static const int fatal[] = {SIGINT, SIGTERM, SIGHUP};

static void block(sigset_t *old) {
  sigset_t s;
  sigemptyset(&s);
  for (size_t i = 0; i < G_N_ELEMENTS(fatal); i++) sigaddset(&s, fatal[i]);
  sigprocmask(SIG_BLOCK, &s, old);
}

static void unblock(const sigset_t *old) { sigprocmask(SIG_SETMASK, old, NULL); }

/* Only async-signal-safe calls: kill, waitpid, unlink, sigaction, raise. */
static void on_fatal(int sig) {
  for (int i = 0; i < n_workers; i++) kill(workers[i], sig);
  for (int i = 0; i < n_workers; i++)
    while (waitpid(workers[i], NULL, 0) < 0 && errno == EINTR) {
    }
  if (temp_set) unlink(temp_path);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = SIG_DFL;
  sigaction(sig, &sa, NULL);
  raise(sig); /* delivered, now with its default action, when this returns */
}

void vl_signals_init(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_fatal;
  sigemptyset(&sa.sa_mask);
  for (size_t i = 0; i < G_N_ELEMENTS(fatal); i++) sigaddset(&sa.sa_mask, fatal[i]);
  for (size_t i = 0; i < G_N_ELEMENTS(fatal); i++) {
    struct sigaction old;
    /* A signal the caller's shell ignores (nohup) stays ignored. */
    if (sigaction(fatal[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN) continue;
    sigaction(fatal[i], &sa, NULL);
  }
}

void vl_signals_add_worker(pid_t pid) {
  sigset_t old;
  block(&old);
  if (n_workers < MAX_WORKERS) workers[n_workers++] = pid;
  unblock(&old);
}

void vl_signals_reaped(pid_t pid) {
  sigset_t old;
  block(&old);
  for (int i = 0; i < n_workers; i++)
    if (workers[i] == pid) workers[i--] = workers[--n_workers];
  unblock(&old);
}

void vl_signals_clear_workers(void) {
  sigset_t old;
  block(&old);
  n_workers = 0;
  unblock(&old);
}

void vl_signals_worker(pid_t parent) {
  n_workers = 0;
  vl_signals_init(); /* the parent's handlers may be GLib's (--watch) */
#ifdef __linux__
  prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
  if (getppid() != parent) raise(SIGTERM); /* the parent died before prctl */
}

/* ---------------------------------------------------------------- writing */

static gboolean fail_write(const char *path, int e, GError **err) {
  g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(e), "%s: cannot write: %s", path, g_strerror(e));
  return FALSE;
}

/* "NAME.tmp.PID.XXXXXX": the PID says whether its writer still runs. */
static char *temp_name(const char *path) { return g_strdup_printf("%s.tmp.%ld.XXXXXX", path, (long)getpid()); }

/* The writer's PID in a temporary file name of ours, or 0 when NAME is not one. */
static long temp_owner(const char *name) {
  const char *t = strstr(name, ".tmp.");
  if (!t) return 0;
  static const char *const ours[] = {".pdf", ".png", ".po", ".pot", ".json"};
  gboolean known = FALSE;
  for (size_t i = 0; i < G_N_ELEMENTS(ours); i++) {
    size_t n = strlen(ours[i]);
    known |= (size_t)(t - name) >= n && !strncmp(t - n, ours[i], n);
  }
  char *end = NULL;
  long pid = strtol(t + 5, &end, 10);
  if (!known || end == t + 5 || *end != '.' || strlen(end + 1) != 6 || pid <= 0) return 0;
  return pid;
}

void vl_temp_sweep(const char *dir) {
  GDir *d = g_dir_open(dir, 0, NULL);
  if (!d) return;
  for (const char *n; (n = g_dir_read_name(d));) {
    long pid = temp_owner(n);
    if (pid > 0 && pid != (long)getpid() && kill((pid_t)pid, 0) != 0 && errno == ESRCH) {
      char *p = g_build_filename(dir, n, NULL);
      g_unlink(p);
      g_free(p);
    }
  }
  g_dir_close(d);
}

/* Each folder is swept once per process. */
static void sweep_once(const char *path) {
  static GHashTable *swept;
  static GMutex lock;
  char *dir = g_path_get_dirname(path);
  g_mutex_lock(&lock);
  if (!swept) swept = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  gboolean first = !g_hash_table_contains(swept, dir);
  if (first) g_hash_table_add(swept, g_strdup(dir));
  g_mutex_unlock(&lock);
  if (first) vl_temp_sweep(dir);
  g_free(dir);
}

static gboolean write_all(int fd, const char *data, gsize len) {
  for (gsize done = 0; done < len;) {
    ssize_t w = write(fd, data + done, len - done);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) return FALSE;
    if (w == 0) {
      errno = ENOSPC;
      return FALSE;
    }
    done += (gsize)w;
  }
  return TRUE;
}

/* LIKE: a file whose owner the new file takes (when allowed), or NULL.
 * SYNC: fsync before the rename (every file but a cache's). */
static gboolean write_atomic(const char *path, const char *data, gsize len, mode_t mode, const struct stat *like,
                             gboolean sync, GError **err) {
  sweep_once(path);
  char *tmp = temp_name(path);
  sigset_t old;
  block(&old);
  int fd = g_mkstemp(tmp);
  int e = errno;
  gboolean registered = fd >= 0 && !temp_set && strlen(tmp) < sizeof temp_path;
  if (registered) {
    strcpy(temp_path, tmp);
    temp_set = 1;
  }
  unblock(&old);
  if (fd < 0) {
    g_free(tmp);
    return fail_write(path, e, err);
  }
  /* A full disk shows at write (or, on network file systems, at fsync or
   * close): any of them failing leaves PATH as it was. */
  gboolean ok = write_all(fd, data, len) && fchmod(fd, mode) == 0 && (!sync || fsync(fd) == 0);
  /* The owner stays where that is allowed (root); else the file is the
   * writer's, as any file they make. */
  if (ok && like && (like->st_uid != geteuid() || like->st_gid != getegid()) &&
      fchown(fd, like->st_uid, like->st_gid)) {
  }
  e = errno;
  if (close(fd) != 0 && ok) ok = FALSE, e = errno;
  block(&old);
  if (ok && rename(tmp, path) != 0) ok = FALSE, e = errno;
  if (!ok) unlink(tmp);
  if (registered) temp_set = 0;
  unblock(&old);
  g_free(tmp);
  return ok ? TRUE : fail_write(path, e, err);
}

gboolean vl_write_atomic_mode(const char *path, const char *data, gsize len, mode_t mode, GError **err) {
  return write_atomic(path, data, len, mode, NULL, TRUE, err);
}

gboolean vl_write_atomic(const char *path, const char *data, gsize len, GError **err) {
  return write_atomic(path, data, len, 0644, NULL, TRUE, err);
}

gboolean vl_write_cache(const char *path, const char *data, gsize len) {
  return write_atomic(path, data, len, 0600, NULL, FALSE, NULL);
}

/* Whether PATH is a file of ours, alone under its name, with mode 0644
 * (what vl_write_atomic would leave) and the LEN bytes at DATA. Read in
 * pieces: a file of another size is not read at all. */
static gboolean same_file(const char *path, const char *data, gsize len) {
  struct stat first;
  /* Nothing but a regular file is opened (a device's open may act). */
  if (lstat(path, &first) != 0 || !S_ISREG(first.st_mode) || (guint64)first.st_size != (guint64)len) return FALSE;
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return FALSE;
  struct stat st;
  gboolean same = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_nlink == 1 && st.st_uid == geteuid() &&
                  (st.st_mode & 07777) == 0644 && (guint64)st.st_size == (guint64)len;
  char buf[64 << 10];
  for (gsize done = 0; same && done < len;) {
    ssize_t r = read(fd, buf, MIN(sizeof buf, len - done));
    if (r < 0 && errno == EINTR) continue;
    same = r > 0 && memcmp(buf, data + done, (gsize)r) == 0;
    if (same) done += (gsize)r;
  }
  close(fd);
  return same;
}

gboolean vl_write_output(const char *path, const char *data, gsize len, GError **err) {
  return same_file(path, data, len) || write_atomic(path, data, len, 0644, NULL, TRUE, err);
}

static gboolean pwrite_all(int fd, const char *data, gsize len) {
  for (gsize done = 0; done < len;) {
    ssize_t w = pwrite(fd, data + done, len - done, (off_t)done);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      if (w == 0) errno = ENOSPC;
      return FALSE;
    }
    done += (gsize)w;
  }
  return TRUE;
}

/* A file with several names: written where it is. */
static gboolean write_in_place(const char *path, const char *target, const char *old, gsize old_len, const char *data,
                               gsize len, GError **err) {
  int fd = open(target, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return fail_write(path, errno, err);
  int e = 0;
#ifdef FALLOC_FL_KEEP_SIZE
  /* Claim the room first, where the file system can, so a full disk shows
   * before a byte changes. */
  if (len > old_len && fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, (off_t)len) != 0 && errno != EOPNOTSUPP && errno != ENOSYS)
    e = errno;
#endif
  if (!e && (!pwrite_all(fd, data, len) || ftruncate(fd, (off_t)len) != 0 || fsync(fd) != 0)) {
    e = errno;
    /* The old text fitted before: put it back. */
    if (pwrite_all(fd, old, old_len) && ftruncate(fd, (off_t)old_len) == 0) fsync(fd);
  }
  if (close(fd) != 0 && !e) e = errno;
  return e ? fail_write(path, e, err) : TRUE;
}

gboolean vl_write_over(const char *path, const char *old, gsize old_len, const char *data, gsize len, GError **err) {
  char *target = realpath(path, NULL); /* the file itself, links followed */
  struct stat st;
  if (!target || stat(target, &st) != 0) {
    int e = errno;
    free(target);
    return fail_write(path, e, err);
  }
  GError *e = NULL;
  gboolean ok = st.st_nlink > 1 ? write_in_place(path, target, old, old_len, data, len, err)
                                : write_atomic(target, data, len, st.st_mode & 07777, &st, TRUE, &e);
  if (e) {
    /* Named as the translator knows it, not as the link resolves. */
    g_set_error(err, e->domain, e->code, "%s: %s", path,
                g_str_has_prefix(e->message, target) ? e->message + strlen(target) + 2 : e->message);
    g_error_free(e);
  }
  free(target);
  return ok;
}

cairo_status_t vl_cairo_to_bytes(void *closure, const unsigned char *data, unsigned int length) {
  g_byte_array_append(closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

gboolean vl_png_write(cairo_surface_t *img, const char *path, GError **err) {
  GByteArray *b = g_byte_array_new();
  cairo_status_t st = cairo_surface_write_to_png_stream(img, vl_cairo_to_bytes, b);
  gboolean ok = st == CAIRO_STATUS_SUCCESS;
  if (ok)
    ok = vl_write_output(path, (const char *)b->data, b->len, err);
  else
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_IO, "%s: cannot write the picture: %s", path,
                cairo_status_to_string(st));
  g_byte_array_unref(b);
  return ok;
}
