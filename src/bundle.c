#define _GNU_SOURCE /* renameat2 */
#include "bundle.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

#define PUB_TAG "volante-ed25519-public "
#define KEY_TAG "volante-ed25519-secret "
#define VERSION_FILE ".volante-version"

static int by_name(gconstpointer a, gconstpointer b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static const char *const members[] = {"volante-bundle", "content.tar", "signature"};

/* ---------------------------------------------------------------- keys */

/* The first 8 bytes of a public key in hex: names the key in a bundle and in messages. */
static void key_id(const guint8 pk[crypto_sign_PUBLICKEYBYTES], char id[17]) {
  for (int i = 0; i < 8; i++) g_snprintf(id + 2 * i, 3, "%02x", pk[i]);
}

/* Reads a key file (TAG and base64 on one line) into OUT of LEN bytes. */
static gboolean read_key(const char *path, const char *tag, guint8 *out, gsize len, GError **err) {
  char *text = NULL;
  gsize n = 0;
  GError *e = NULL;
  if (!g_file_get_contents(path, &text, &n, &e)) {
    /* Said as the other key messages are (PATH: what is wrong), not in GLib's words. */
    g_set_error(err, G_FILE_ERROR, e->code, "%s: %s", path,
                e->code == G_FILE_ERROR_NOENT   ? "no such file"
                : e->code == G_FILE_ERROR_ACCES ? "cannot read it (permission denied)"
                : e->code == G_FILE_ERROR_ISDIR ? "a folder, not a key file"
                                                : "cannot read it");
    g_error_free(e);
    return FALSE;
  }
  gboolean ok = FALSE;
  if (g_str_has_prefix(text, tag)) {
    gsize got = 0;
    guchar *raw = g_base64_decode(g_strstrip(text + strlen(tag)), &got);
    if (got == len) {
      memcpy(out, raw, len);
      ok = TRUE;
    }
    sodium_memzero(raw, got);
    g_free(raw);
  }
  sodium_memzero(text, n);
  g_free(text);
  if (!ok)
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: not a volante %s key (volante keygen writes them)", path,
                strstr(tag, "public") ? "public" : "secret");
  return ok;
}

static gboolean write_new(const char *path, const char *text, int mode, GError **err) {
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode);
  gsize len = strlen(text);
  gboolean ok = fd >= 0 && write(fd, text, len) == (ssize_t)len && fsync(fd) == 0;
  int e = errno;
  if (fd >= 0) close(fd);
  if (!ok) {
    g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(e), "%s: cannot write: %s", path, g_strerror(e));
    if (fd >= 0) g_unlink(path);
  }
  return ok;
}

gboolean vl_bundle_keygen(const char *stem, GError **err) {
  if (sodium_init() < 0) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED, "libsodium cannot start");
    return FALSE;
  }
  guint8 pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_keypair(pk, sk);
  char *pub_path = g_strconcat(stem, ".pub", NULL), *key_path = g_strconcat(stem, ".key", NULL);
  char *pub64 = g_base64_encode(pk, sizeof pk), *sk64 = g_base64_encode(sk, sizeof sk);
  char *pub = g_strconcat(PUB_TAG, pub64, "\n", NULL), *sec = g_strconcat(KEY_TAG, sk64, "\n", NULL);
  gboolean ok = write_new(key_path, sec, 0600, err) && write_new(pub_path, pub, 0644, err);
  if (!ok && g_file_test(key_path, G_FILE_TEST_EXISTS) && !g_file_test(pub_path, G_FILE_TEST_EXISTS))
    g_unlink(key_path);
  sodium_memzero(sk, sizeof sk);
  sodium_memzero(sk64, strlen(sk64));
  sodium_memzero(sec, strlen(sec));
  g_free(pub_path), g_free(key_path), g_free(pub64), g_free(sk64), g_free(pub), g_free(sec);
  return ok;
}

/* ---------------------------------------------------------------- packing */

static la_ssize_t to_bytes(struct archive *a, void *closure, const void *buf, size_t len) {
  (void)a;
  g_byte_array_append(closure, buf, (guint)len);
  return (la_ssize_t)len;
}

static gboolean tar_add(struct archive *a, const char *name, const void *data, gsize len, GError **err) {
  struct archive_entry *e = archive_entry_new();
  archive_entry_set_pathname(e, name);
  archive_entry_set_filetype(e, AE_IFREG);
  archive_entry_set_perm(e, 0644);
  archive_entry_set_size(e, (la_int64_t)len);
  gboolean ok =
      archive_write_header(a, e) == ARCHIVE_OK && (len == 0 || archive_write_data(a, data, len) == (la_ssize_t)len);
  if (!ok) g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: cannot pack: %s", name, archive_error_string(a));
  archive_entry_free(e);
  return ok;
}

static struct archive *tar_begin(GByteArray *into) {
  struct archive *a = archive_write_new();
  archive_write_set_format_pax_restricted(a);
  archive_write_set_bytes_in_last_block(a, 1);
  archive_write_open(a, into, NULL, to_bytes, NULL);
  return a;
}

/* Adds every regular file under DIR as PREFIX/relative path, in name order. */
static gboolean pack_dir(struct archive *a, const char *dir, const char *prefix, int depth, guint *files, gsize *bytes,
                         GError **err) {
  GDir *d = g_dir_open(dir, 0, err);
  if (!d) return FALSE;
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
  for (const char *n; (n = g_dir_read_name(d));) g_ptr_array_add(names, g_strdup(n));
  g_dir_close(d);
  g_ptr_array_sort(names, by_name);
  gboolean ok = TRUE;
  for (guint i = 0; ok && i < names->len; i++) {
    const char *n = g_ptr_array_index(names, i);
    if (!strcmp(n, VERSION_FILE)) continue;
    char *path = g_build_filename(dir, n, NULL);
    char *name = *prefix ? g_strconcat(prefix, "/", n, NULL) : g_strdup(n);
    GStatBuf st;
    if (g_lstat(path, &st) != 0) {
      g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(errno), "%s: %s", path, g_strerror(errno));
      ok = FALSE;
    } else if (S_ISDIR(st.st_mode)) {
      ok = depth < 8 ? pack_dir(a, path, name, depth + 1, files, bytes, err)
                     : (g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: folders nest too deep", path), FALSE);
    } else if (!S_ISREG(st.st_mode)) {
      g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: not a regular file (a link or a device): not packed",
                  path);
      ok = FALSE;
    } else {
      char *data = NULL;
      gsize len = 0;
      ok = g_file_get_contents(path, &data, &len, err) && tar_add(a, name, data, len, err);
      *bytes += len;
      ++*files;
      g_free(data);
      if (ok && (*files > VL_BUNDLE_MAX_FILES || *bytes > VL_BUNDLE_MAX_BYTES || len > VL_BUNDLE_MAX_FILE)) {
        g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_NOSPC,
                    "%s: the bundle would pass its limits (%d files, %d MB, %d MB a file), which kiosks refuse", path,
                    VL_BUNDLE_MAX_FILES, VL_BUNDLE_MAX_BYTES >> 20, VL_BUNDLE_MAX_FILE >> 20);
        ok = FALSE;
      }
    }
    g_free(path);
    g_free(name);
  }
  g_ptr_array_free(names, TRUE);
  return ok;
}

/* What the signature covers: the header, then the digest of content.tar. */
static GByteArray *signed_message(const char *header, const guint8 *payload, gsize len) {
  guint8 digest[crypto_generichash_BYTES_MAX];
  crypto_generichash(digest, sizeof digest, payload, len, NULL, 0);
  GByteArray *m = g_byte_array_new();
  g_byte_array_append(m, (const guint8 *)header, (guint)strlen(header));
  g_byte_array_append(m, digest, sizeof digest);
  return m;
}

gboolean vl_bundle_sign(const guint8 *payload, gsize len, const char *key, guint64 version, const char *out,
                        GError **err) {
  if (sodium_init() < 0) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED, "libsodium cannot start");
    return FALSE;
  }
  guint8 sk[crypto_sign_SECRETKEYBYTES], pk[crypto_sign_PUBLICKEYBYTES];
  if (!read_key(key, KEY_TAG, sk, sizeof sk, err)) return FALSE;
  crypto_sign_ed25519_sk_to_pk(pk, sk);
  if (!version) {
    GDateTime *now = g_date_time_new_now_utc();
    char *s = g_date_time_format(now, "%Y%m%d%H%M%S");
    version = g_ascii_strtoull(s, NULL, 10);
    g_free(s);
    g_date_time_unref(now);
  }
  char id[17];
  key_id(pk, id);
  char *header = g_strdup_printf("format=1\nversion=%" G_GUINT64_FORMAT "\nkey=%s\n", version, id);
  guint8 sig[crypto_sign_BYTES];
  GByteArray *m = signed_message(header, payload, len);
  crypto_sign_detached(sig, NULL, m->data, m->len, sk);
  sodium_memzero(sk, sizeof sk);
  g_byte_array_unref(m);
  GByteArray *whole = g_byte_array_new();
  struct archive *o = tar_begin(whole);
  gboolean ok = tar_add(o, members[0], header, strlen(header), err) && tar_add(o, members[1], payload, len, err) &&
                tar_add(o, members[2], sig, sizeof sig, err);
  ok = archive_write_close(o) == ARCHIVE_OK && ok;
  archive_write_free(o);
  if (ok) ok = vl_write_atomic(out, (const char *)whole->data, whole->len, err);
  g_byte_array_unref(whole);
  g_free(header);
  return ok;
}

gboolean vl_bundle_pack(const char *content_dir, const char *layouts_dir, const char *fonts_dir, const char *key,
                        guint64 version, const char *out, GError **err) {
  GByteArray *payload = g_byte_array_new();
  struct archive *a = tar_begin(payload);
  guint files = 0;
  gsize bytes = 0;
  gboolean ok = pack_dir(a, content_dir, "", 0, &files, &bytes, err) &&
                (!layouts_dir || pack_dir(a, layouts_dir, "layouts", 0, &files, &bytes, err)) &&
                (!fonts_dir || pack_dir(a, fonts_dir, "fonts", 0, &files, &bytes, err));
  ok = archive_write_close(a) == ARCHIVE_OK && ok;
  archive_write_free(a);
  ok = ok && vl_bundle_sign(payload->data, payload->len, key, version, out, err);
  g_byte_array_unref(payload);
  return ok;
}

/* ---------------------------------------------------------------- checking */

typedef struct {
  GByteArray *part[3];
} Bundle;

static void bundle_clear(Bundle *b) {
  for (int i = 0; i < 3; i++)
    if (b->part[i]) g_byte_array_unref(b->part[i]);
}

static struct archive *tar_reader(const void *data, gsize len) {
  struct archive *a = archive_read_new();
  /* A tar and nothing else: no decompression, so no bomb can expand. */
  archive_read_support_format_tar(a);
  if (archive_read_open_memory(a, data, len) != ARCHIVE_OK) {
    archive_read_free(a);
    return NULL;
  }
  return a;
}

/* The three members of the bundle file DATA. */
static gboolean split(const guint8 *data, gsize len, Bundle *b, GError **err) {
  struct archive *a = tar_reader(data, len);
  gboolean ok = a != NULL;
  struct archive_entry *e;
  while (ok && archive_read_next_header(a, &e) == ARCHIVE_OK) {
    const char *name = archive_entry_pathname(e);
    int i = 0;
    while (i < 3 && g_strcmp0(name, members[i])) i++;
    la_int64_t size = archive_entry_size(e);
    if (i == 3 || b->part[i] || archive_entry_filetype(e) != AE_IFREG || size < 0 || size > VL_BUNDLE_MAX_BYTES) {
      ok = FALSE;
      break;
    }
    b->part[i] = g_byte_array_sized_new((guint)size);
    g_byte_array_set_size(b->part[i], (guint)size);
    ok = archive_read_data(a, b->part[i]->data, (size_t)size) == (la_ssize_t)size;
  }
  if (a) archive_read_free(a);
  for (int i = 0; i < 3; i++) ok = ok && b->part[i];
  if (!ok) g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "not a volante bundle (or a damaged one)");
  return ok;
}

/* A name a bundle may hold: relative, inside the folder, printable. */
static gboolean safe_name(const char *name) {
  if (!name || !*name || name[0] == '/' || strlen(name) > 255 || !g_utf8_validate(name, -1, NULL)) return FALSE;
  for (const char *p = name; *p; p++)
    if ((guchar)*p < 0x20 || *p == 0x7f || *p == '\\') return FALSE;
  char **parts = g_strsplit(name, "/", -1);
  gboolean ok = TRUE;
  for (int i = 0; parts[i]; i++)
    if (!strcmp(parts[i], "..") || !strcmp(parts[i], ".") || (!*parts[i] && parts[i + 1])) ok = FALSE;
  g_strfreev(parts);
  return ok;
}

/* Every entry of content.tar, before anything is written: kinds, names,
 * count and sizes. */
static gboolean scan(const GByteArray *payload, GError **err) {
  struct archive *a = tar_reader(payload->data, payload->len);
  if (!a) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "its content is not a tar archive");
    return FALSE;
  }
  struct archive_entry *e;
  guint files = 0;
  gint64 total = 0;
  gboolean ok = TRUE;
  int r;
  while (ok && (r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
    const char *name = archive_entry_pathname(e);
    char *shown = vl_printable(name ? name : "");
    int type = archive_entry_filetype(e);
    la_int64_t size = archive_entry_size(e);
    if (!safe_name(name)) {
      g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_PERM, "\"%s\" would land outside the content folder", shown);
      ok = FALSE;
    } else if (archive_entry_hardlink(e) || archive_entry_symlink(e) || (type != AE_IFREG && type != AE_IFDIR)) {
      g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_PERM, "\"%s\" is a link or a device, which a bundle may not hold",
                  shown);
      ok = FALSE;
    } else if (++files > VL_BUNDLE_MAX_FILES || size < 0 || size > VL_BUNDLE_MAX_FILE ||
               (total += size) > VL_BUNDLE_MAX_BYTES) {
      g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_NOSPC,
                  "too large: more than %d files, %d MB in all or %d MB in one file (at \"%s\")", VL_BUNDLE_MAX_FILES,
                  VL_BUNDLE_MAX_BYTES >> 20, VL_BUNDLE_MAX_FILE >> 20, shown);
      ok = FALSE;
    }
    g_free(shown);
  }
  if (ok && r != ARCHIVE_EOF) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "its content is damaged: %s", archive_error_string(a));
    ok = FALSE;
  }
  archive_read_free(a);
  return ok;
}

static gboolean write_file(const char *path, struct archive *a, la_int64_t size, GError **err) {
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  gboolean ok = fd >= 0;
  char buf[65536];
  la_int64_t left = size;
  while (ok && left > 0) {
    la_ssize_t n = archive_read_data(a, buf, (size_t)MIN(left, (la_int64_t)sizeof buf));
    ok = n > 0 && write(fd, buf, (size_t)n) == n;
    left -= n;
  }
  ok = ok && fsync(fd) == 0;
  int e = errno;
  if (fd >= 0) close(fd);
  if (!ok) g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(e), "%s: cannot unpack: %s", path, g_strerror(e));
  return ok;
}

/* Unpacks content.tar (already scanned) into the empty folder DIR. */
static gboolean unpack(const GByteArray *payload, const char *dir, GError **err) {
  struct archive *a = tar_reader(payload->data, payload->len);
  struct archive_entry *e;
  gboolean ok = a != NULL;
  while (ok && archive_read_next_header(a, &e) == ARCHIVE_OK) {
    char *path = g_build_filename(dir, archive_entry_pathname(e), NULL);
    char *parent = g_path_get_dirname(path);
    ok = g_mkdir_with_parents(parent, 0755) == 0;
    if (ok && archive_entry_filetype(e) == AE_IFDIR)
      ok = g_mkdir_with_parents(path, 0755) == 0;
    else if (ok)
      ok = write_file(path, a, archive_entry_size(e), err);
    else
      g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(errno), "%s: %s", parent, g_strerror(errno));
    g_free(parent);
    g_free(path);
  }
  if (a) archive_read_free(a);
  return ok;
}

/* Removes PATH and all under it, following no link. */
static void remove_tree(const char *path) {
  GStatBuf st;
  if (g_lstat(path, &st) != 0) return;
  if (S_ISDIR(st.st_mode)) {
    GDir *d = g_dir_open(path, 0, NULL);
    for (const char *n; d && (n = g_dir_read_name(d));) {
      char *c = g_build_filename(path, n, NULL);
      remove_tree(c);
      g_free(c);
    }
    if (d) g_dir_close(d);
    g_rmdir(path);
  } else
    g_unlink(path);
}

static void sync_dir(const char *dir) {
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    fsync(fd);
    close(fd);
  }
}

guint64 vl_bundle_installed_version(const char *content_dir) {
  char *path = g_build_filename(content_dir, VERSION_FILE, NULL), *text = NULL;
  guint64 v = 0;
  if (g_file_get_contents(path, &text, NULL, NULL)) v = g_ascii_strtoull(text, NULL, 10);
  g_free(text);
  g_free(path);
  return v;
}

/* ---------------------------------------------------------------- the updater */

typedef struct {
  guint8 pk[crypto_sign_PUBLICKEYBYTES];
  char id[17];
} Key;

struct VlUpdater {
  char *drop, *content, *parent, *base; /* CONTENT = PARENT/BASE */
  GArray *keys;                         /* Key */
  GHashTable *seen;                     /* "name size mtime" of each bundle looked at */
  VlBundleCheck check;
  gpointer user;
  char *notice;  /* for the log and the shot: "update refused: ..." */
  char *screen;  /* for staff on the screen: "Update not installed: ..." */
  guint notices; /* how many notices so far: a new one when it grows */
};

VlUpdater *vl_updater_new(const char *drop, const char *content_dir, char **trusted, VlBundleCheck check, gpointer user,
                          GError **err) {
  if (sodium_init() < 0) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED, "libsodium cannot start");
    return NULL;
  }
  VlUpdater *u = g_new0(VlUpdater, 1);
  u->drop = g_strdup(drop);
  u->content = g_strdup(content_dir);
  while (strlen(u->content) > 1 && g_str_has_suffix(u->content, "/")) u->content[strlen(u->content) - 1] = '\0';
  u->parent = g_path_get_dirname(u->content);
  u->base = g_path_get_basename(u->content);
  u->keys = g_array_new(FALSE, TRUE, sizeof(Key));
  u->seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  u->check = check;
  u->user = user;
  u->notice = g_strdup("");
  u->screen = g_strdup("");
  for (int i = 0; trusted && trusted[i]; i++) {
    Key k;
    if (!read_key(trusted[i], PUB_TAG, k.pk, sizeof k.pk, err)) {
      vl_updater_free(u);
      return NULL;
    }
    key_id(k.pk, k.id);
    g_array_append_val(u->keys, k);
  }
  /* What a power cut left half unpacked: never in use, so gone. */
  GDir *d = g_dir_open(u->parent, 0, NULL);
  char *stage = g_strconcat(".", u->base, ".staging-", NULL), *link = g_strconcat(".", u->base, ".link", NULL);
  for (const char *n; d && (n = g_dir_read_name(d));)
    if (g_str_has_prefix(n, stage) || !strcmp(n, link)) {
      char *p = g_build_filename(u->parent, n, NULL);
      remove_tree(p);
      g_free(p);
    }
  if (d) g_dir_close(d);
  g_free(stage);
  g_free(link);
  return u;
}

void vl_updater_free(VlUpdater *u) {
  if (!u) return;
  g_free(u->drop), g_free(u->content), g_free(u->parent), g_free(u->base), g_free(u->notice);
  g_free(u->screen);
  g_array_free(u->keys, TRUE);
  g_hash_table_destroy(u->seen);
  g_free(u);
}

const char *vl_updater_notice(const VlUpdater *u) { return u->notice; }

const char *vl_updater_screen_notice(const VlUpdater *u, guint *count) {
  if (count) *count = u->notices;
  return u->screen;
}

/* A new notice: LOG for the log and the shot, SCREEN for staff (both taken). */
static void set_notice(VlUpdater *u, char *log, char *screen) {
  g_free(u->notice), g_free(u->screen);
  u->notice = log, u->screen = screen;
  u->notices++;
}

/* Keeps the installed version and the one before it; older ones go. */
static void prune(VlUpdater *u, guint64 now, guint64 before) {
  char *prefix = g_strconcat(u->base, ".v", NULL);
  GDir *d = g_dir_open(u->parent, 0, NULL);
  for (const char *n; d && (n = g_dir_read_name(d));) {
    if (!g_str_has_prefix(n, prefix)) continue;
    guint64 v = g_ascii_strtoull(n + strlen(prefix), NULL, 10);
    if (v == now || v == before) continue;
    char *p = g_build_filename(u->parent, n, NULL);
    remove_tree(p);
    g_free(p);
  }
  if (d) g_dir_close(d);
  g_free(prefix);
}

/* The tests stop the process between the steps of an installation, as a
 * power cut would (VOLANTE_TEST_CUT=STEP; see t_bundle.py). */
static void cut_here(const char *step) {
  const char *at = g_getenv("VOLANTE_TEST_CUT");
  if (at && !strcmp(at, step)) _exit(9);
}

/* Makes CONTENT name the folder NAME (beside it) with one rename: a link
 * replaces a link; a first install exchanges the folder for the link
 * (renameat2), the folder then kept as OLD. */
static gboolean switch_to(VlUpdater *u, const char *name, const char *old, GError **err) {
  char *link = g_strdup_printf("%s/.%s.link", u->parent, u->base);
  g_unlink(link);
  gboolean ok = symlink(name, link) == 0;
  GStatBuf st;
  if (ok && g_lstat(u->content, &st) == 0 && S_ISDIR(st.st_mode)) {
    ok = renameat2(AT_FDCWD, link, AT_FDCWD, u->content, RENAME_EXCHANGE) == 0;
    if (ok) cut_here("exchanged");
    if (ok) {
      char *keep = g_build_filename(u->parent, old, NULL);
      remove_tree(keep);
      ok = g_rename(link, keep) == 0;
      g_free(keep);
    }
  } else if (ok)
    ok = g_rename(link, u->content) == 0;
  if (!ok)
    g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(errno), "%s: cannot switch to the new content: %s",
                u->content, g_strerror(errno));
  sync_dir(u->parent);
  g_free(link);
  return ok;
}

/* Checks and installs the bundle at PATH. */
/* The bundle showing now, seen again: a stick left in, or plugged in again, when the kiosk starts. */
static GQuark installed_already_quark(void) { return g_quark_from_static_string("vl-bundle-installed-already"); }

static gboolean install(VlUpdater *u, const char *path, GError **err) {
  GStatBuf st;
  if (g_stat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > VL_BUNDLE_MAX_BYTES) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_NOSPC, "not a regular file of at most %d MB",
                VL_BUNDLE_MAX_BYTES >> 20);
    return FALSE;
  }
  char *data = NULL;
  gsize len = 0;
  if (!g_file_get_contents(path, &data, &len, err)) return FALSE;
  Bundle b = {{0}};
  gboolean ok = split((const guint8 *)data, len, &b, err);
  g_free(data);
  char *header = NULL, *staging = NULL;
  guint64 version = 0;
  if (ok) {
    header = g_strndup((const char *)b.part[0]->data, b.part[0]->len);
    const char *v = strstr(header, "\nversion="), *kid = strstr(header, "\nkey=");
    version = v ? g_ascii_strtoull(v + 9, NULL, 10) : 0;
    const Key *key = NULL;
    for (guint i = 0; kid && i < u->keys->len; i++)
      if (!strncmp(kid + 5, g_array_index(u->keys, Key, i).id, 16)) key = &g_array_index(u->keys, Key, i);
    if (!g_str_has_prefix(header, "format=1\n") || !version || !kid) {
      g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "not a volante bundle this kiosk reads");
      ok = FALSE;
    } else if (!key) {
      char *shown = g_strndup(kid + 5, 16);
      g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_PERM, "signed by a key this kiosk does not trust (%s)", shown);
      g_free(shown);
      ok = FALSE;
    } else {
      GByteArray *m = signed_message(header, b.part[1]->data, b.part[1]->len);
      ok = b.part[2]->len == crypto_sign_BYTES &&
           crypto_sign_verify_detached(b.part[2]->data, m->data, m->len, key->pk) == 0;
      g_byte_array_unref(m);
      if (!ok)
        g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_PERM,
                    "changed after it was signed (the signature does not match): damaged or tampered with");
    }
  }
  guint64 have = vl_bundle_installed_version(u->content);
  if (ok && version == have) {
    g_set_error(err, installed_already_quark(), 0, "version %" G_GUINT64_FORMAT " is the one installed already",
                version);
    ok = FALSE;
  } else if (ok && version < have) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_PERM,
                "version %" G_GUINT64_FORMAT " is not newer than the installed %" G_GUINT64_FORMAT
                " (an older bundle never replaces a newer one)",
                version, have);
    ok = FALSE;
  }
  ok = ok && scan(b.part[1], err);
  if (ok) {
    staging = g_strdup_printf("%s/.%s.staging-XXXXXX", u->parent, u->base);
    ok = g_mkdtemp_full(staging, 0755) != NULL;
    if (!ok) g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(errno), "%s: %s", staging, g_strerror(errno));
  }
  ok = ok && unpack(b.part[1], staging, err);
  if (ok) cut_here("unpacked");
  if (ok) {
    char *vf = g_build_filename(staging, VERSION_FILE, NULL), *vs = g_strdup_printf("%" G_GUINT64_FORMAT "\n", version);
    ok = write_new(vf, vs, 0644, err);
    g_free(vf);
    g_free(vs);
    sync_dir(staging);
  }
  ok = ok && (!u->check || u->check(staging, u->user, err));
  if (!ok && staging && err && *err) {
    /* The bundle's own files by their names in it (po/es.po:22), not in a
     * folder that is gone once it is refused. */
    GString *m = g_string_new((*err)->message);
    char *prefix = g_strconcat(staging, "/", NULL);
    g_string_replace(m, prefix, "", 0);
    g_free((*err)->message);
    (*err)->message = g_string_free(m, FALSE);
    g_free(prefix);
  }
  if (ok) {
    char *name = g_strdup_printf("%s.v%" G_GUINT64_FORMAT, u->base, version);
    char *old = g_strdup_printf("%s.v%" G_GUINT64_FORMAT, u->base, have);
    char *dest = g_build_filename(u->parent, name, NULL);
    remove_tree(dest); /* a version left by a cut-off attempt */
    cut_here("checked");
    ok = g_rename(staging, dest) == 0;
    if (!ok) g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(errno), "%s: %s", dest, g_strerror(errno));
    sync_dir(u->parent);
    if (ok) cut_here("renamed");
    ok = ok && switch_to(u, name, old, err);
    if (ok) cut_here("switched");
    if (ok) prune(u, version, have);
    g_free(name), g_free(old), g_free(dest);
  }
  if (staging && !ok) remove_tree(staging);
  g_free(staging);
  g_free(header);
  bundle_clear(&b);
  if (ok)
    set_notice(u, g_strdup_printf("content version %" G_GUINT64_FORMAT " installed", version),
               g_strdup_printf("Content updated to version %" G_GUINT64_FORMAT, version));
  return ok;
}

gboolean vl_updater_poll(VlUpdater *u) {
  GDir *d = g_dir_open(u->drop, 0, NULL);
  if (!d) return FALSE; /* no stick in */
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
  for (const char *n; (n = g_dir_read_name(d));)
    if (g_str_has_suffix(n, ".volante")) g_ptr_array_add(names, g_strdup(n));
  g_dir_close(d);
  g_ptr_array_sort(names, by_name);
  gboolean changed = FALSE;
  for (guint i = 0; i < names->len; i++) {
    char *path = g_build_filename(u->drop, g_ptr_array_index(names, i), NULL);
    GStatBuf st;
    char *seen = g_stat(path, &st) == 0 ? g_strdup_printf("%s %lld %lld", (char *)g_ptr_array_index(names, i),
                                                          (long long)st.st_size, (long long)st.st_mtime)
                                        : NULL;
    if (seen && !g_hash_table_contains(u->seen, seen)) {
      g_hash_table_add(u->seen, seen);
      seen = NULL;
      GError *e = NULL;
      if (install(u, path, &e)) {
        fprintf(stderr, "volante kiosk: %s: %s\n", path, u->notice);
        changed = TRUE;
      } else if (e->domain == installed_already_quark()) {
        /* Nothing refused: the notice (shot, status) keeps saying what it said, not "update refused". */
        fprintf(stderr, "volante kiosk: %s: %s\n", path, e->message);
        g_error_free(e);
      } else {
        char *msg = vl_printable(e->message);
        fprintf(stderr, "volante kiosk: %s: not installed: %s\n", path, msg);
        set_notice(u, g_strdup_printf("update refused: %s", msg), g_strdup_printf("Update not installed: %s", msg));
        g_free(msg);
        g_error_free(e);
      }
    }
    g_free(seen);
    g_free(path);
  }
  g_ptr_array_free(names, TRUE);
  return changed;
}
