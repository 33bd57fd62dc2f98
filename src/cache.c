#define _GNU_SOURCE /* dladdr, st_mtim */
#include "cache.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <fontconfig/fontconfig.h>
#include <gettext-po.h>
#include <glib/gstdio.h>
#include <hb.h>
#include <math.h>
#include <pango/pango.h>
#include <string.h>
#include <sys/stat.h>
#include <unicode/uversion.h>
#include <unistd.h>

#include "answer.h"
#include "digest.h"
#include "files.h"

/* The file: MAGIC, the build's digest, the number of entries, the entries
 * (a key's digest, the number of values, the values as doubles in this
 * machine's byte order), and the SHA-256 of all that. */
#define MAGIC "VLCACHE1"
#define MAGIC_LEN 8
#define KEY_LEN 16 /* bytes of a key's SHA-256 kept: a collision is as likely as never */
#define SUM_LEN 32

typedef struct {
  guint8 key[KEY_LEN];
  gboolean used; /* asked or learnt by this run: kept first when the file is written */
  int n;
  double v[];
} Entry;

struct VlCache {
  char *path;
  guint8 build[SUM_LEN];
  GHashTable *entries; /* key -> Entry* (owned by order) */
  GPtrArray *order;    /* Entry*, as read, then as learnt */
  gboolean changed;    /* learnt something the file does not have */
};

static guint key_hash(gconstpointer k) {
  guint h;
  memcpy(&h, k, sizeof h);
  return h;
}

static gboolean key_equal(gconstpointer a, gconstpointer b) { return memcmp(a, b, KEY_LEN) == 0; }

static void digest(const void *data, gsize len, guint8 *out, gsize out_len) {
  guint8 full[VL_DIGEST_LEN];
  vl_digest_of(data, len, full);
  memcpy(out, full, out_len);
}

/* Everything but the fonts that a search's outcome depends on: this
 * program (its version, and its file, so a rebuild of the same version does
 * not read what the last build learnt) and the libraries that read PO
 * files, break lines and shape. Made once per process, by whichever thread
 * asks first (fonts.c's sorts read blobs from Pango's threads). */
static char *build_id_make(void);
static const char *build_id(void) {
  static char *id;
  if (g_once_init_enter(&id)) g_once_init_leave(&id, build_id_make());
  return id;
}

static char *build_id_make(void) {
  /* The file this code is in: volante-cli.so for the program (front.c
   * does not change when the module is rebuilt), the program itself for
   * the kiosk and the tests. */
  GStatBuf st = {0};
  Dl_info here;
  if (!dladdr((void *)build_id, &here) || !here.dli_fname || g_stat(here.dli_fname, &st) != 0)
    memset(&st, 0, sizeof st);
  UVersionInfo icu;
  u_getVersion(icu);
  return g_strdup_printf(
      "volante %s\nexe %lld %lld.%09ld\npango %s\nharfbuzz %s\nicu %u.%u.%u\nfontconfig %d\n"
      "gettextpo %d\norder %d double %zu\n",
      VOLANTE_VERSION, (long long)st.st_size, (long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec,
      pango_version_string(), hb_version_string(), icu[0], icu[1], icu[2], FcGetVersion(), libgettextpo_version,
      G_BYTE_ORDER, sizeof(double));
}

static char *build_string(const char *fonts) { return g_strdup_printf("%sfonts %s\n", build_id(), fonts); }

static Entry *entry_new(const guint8 *key, const double *v, int n) {
  Entry *e = g_malloc(sizeof(Entry) + (gsize)n * sizeof(double));
  memcpy(e->key, key, KEY_LEN);
  e->used = FALSE;
  e->n = n;
  if (n) memcpy(e->v, v, (gsize)n * sizeof(double));
  return e;
}

/* Adds or replaces an entry; USED marks it as this run's. */
static void add(VlCache *c, const guint8 *key, const double *v, int n, gboolean used, gboolean learnt) {
  Entry *old = g_hash_table_lookup(c->entries, key);
  if (old && old->n == n && (n == 0 || memcmp(old->v, v, (gsize)n * sizeof(double)) == 0)) {
    old->used = old->used || used;
    return;
  }
  Entry *e = entry_new(key, v, n);
  e->used = used;
  if (old) {
    for (guint i = 0; i < c->order->len; i++)
      if (g_ptr_array_index(c->order, i) == old) {
        c->order->pdata[i] = e;
        break;
      }
    g_hash_table_replace(c->entries, e->key, e);
    g_free(old);
  } else {
    g_ptr_array_add(c->order, e);
    g_hash_table_insert(c->entries, e->key, e);
  }
  if (learnt) c->changed = TRUE;
}

/* Reads DATA (a file or an export) into C when every part of it checks:
 * magic, build, checksum, and each entry within the data. */
static gboolean parse(VlCache *c, const guint8 *data, gsize len, gboolean used, gboolean learnt) {
  gsize head = MAGIC_LEN + SUM_LEN + 4;
  if (len < head + SUM_LEN || memcmp(data, MAGIC, MAGIC_LEN) != 0 || memcmp(data + MAGIC_LEN, c->build, SUM_LEN) != 0)
    return FALSE;
  guint8 sum[SUM_LEN];
  digest(data, len - SUM_LEN, sum, SUM_LEN);
  if (memcmp(sum, data + len - SUM_LEN, SUM_LEN) != 0) return FALSE;
  guint32 count;
  memcpy(&count, data + MAGIC_LEN + SUM_LEN, 4);
  if (count > VL_CACHE_MAX_ENTRIES) return FALSE;
  gsize end = len - SUM_LEN;
  /* Every entry checked before any is taken. */
  gsize at = head;
  for (guint32 i = 0; i < count; i++) {
    if (end - at < KEY_LEN + 1) return FALSE;
    int n = data[at + KEY_LEN];
    at += KEY_LEN + 1;
    if ((end - at) / sizeof(double) < (gsize)n) return FALSE;
    for (int k = 0; k < n; k++) {
      double v;
      memcpy(&v, data + at + (gsize)k * sizeof v, sizeof v);
      if (!isfinite(v)) return FALSE;
    }
    at += (gsize)n * sizeof(double);
  }
  if (at != end) return FALSE;
  at = head;
  double v[VL_CACHE_MAX_VALUES];
  for (guint32 i = 0; i < count; i++) {
    const guint8 *key = data + at;
    int n = data[at + KEY_LEN];
    at += KEY_LEN + 1;
    memcpy(v, data + at, (gsize)n * sizeof(double));
    at += (gsize)n * sizeof(double);
    add(c, key, v, n, used, learnt);
  }
  return TRUE;
}

/* The entries of C (only this run's when USED_ONLY), this run's first, at
 * most VL_CACHE_MAX_ENTRIES, in the file's form. */
static GByteArray *serialize(VlCache *c, gboolean used_only) {
  GByteArray *out = g_byte_array_new();
  g_byte_array_append(out, (const guint8 *)MAGIC, MAGIC_LEN);
  g_byte_array_append(out, c->build, SUM_LEN);
  guint32 count = 0;
  g_byte_array_append(out, (const guint8 *)&count, 4);
  for (int pass = 0; pass < (used_only ? 1 : 2); pass++)
    for (guint i = 0; i < c->order->len && count < VL_CACHE_MAX_ENTRIES; i++) {
      const Entry *e = g_ptr_array_index(c->order, i);
      if (e->used != (pass == 0)) continue;
      guint8 n = (guint8)e->n;
      g_byte_array_append(out, e->key, KEY_LEN);
      g_byte_array_append(out, &n, 1);
      g_byte_array_append(out, (const guint8 *)e->v, (guint)((gsize)e->n * sizeof(double)));
      count++;
    }
  memcpy(out->data + MAGIC_LEN + SUM_LEN, &count, 4);
  guint8 sum[SUM_LEN];
  digest(out->data, out->len, sum, SUM_LEN);
  g_byte_array_append(out, sum, SUM_LEN);
  return out;
}

/* The file whole, when it is a regular file of at most VL_CACHE_MAX_FILE
 * bytes; NULL otherwise (missing, a folder, a FIFO, too big). */
static guint8 *read_capped(const char *path, gsize *len) {
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) return NULL;
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > VL_CACHE_MAX_FILE) {
    close(fd);
    return NULL;
  }
  gsize size = (gsize)st.st_size, got = 0;
  guint8 *buf = g_malloc(size + 1);
  while (got < size) {
    ssize_t r = read(fd, buf + got, size - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    got += (gsize)r;
  }
  close(fd);
  *len = got;
  return buf;
}

VlCache *vl_cache_open(VlFonts *fonts) {
  if (vl_answer_cache_off() || !fonts) return NULL;
  VlCache *c = g_new0(VlCache, 1);
  char *fp = vl_fonts_fingerprint(fonts);
  char *build = build_string(fp);
  digest(build, strlen(build), c->build, SUM_LEN);
  g_free(build);
  /* Named by the fonts and the build both: two builds (Debug and Release,
   * the package and a checkout) each keep their own file instead of
   * throwing the other's away at every run. */
  char name[2 * 16 + sizeof ".cache"];
  for (int i = 0; i < 16; i++) g_snprintf(name + 2 * i, 3, "%02x", c->build[i]);
  strcpy(name + 32, ".cache");
  c->path = g_build_filename(g_get_user_cache_dir(), "volante", name, NULL);
  g_free(fp);
  c->entries = g_hash_table_new(key_hash, key_equal);
  c->order = g_ptr_array_new_with_free_func(g_free);
  gsize len = 0;
  guint8 *data = read_capped(c->path, &len);
  /* A file that does not check (another build's, cut short, damaged) is
   * ignored as a whole and replaced when this run learns something. */
  if (data && !parse(c, data, len, FALSE, FALSE)) {
    g_hash_table_remove_all(c->entries);
    g_ptr_array_set_size(c->order, 0);
  }
  g_free(data);
  return c;
}

void vl_cache_free(VlCache *c) {
  if (!c) return;
  g_hash_table_destroy(c->entries);
  g_ptr_array_free(c->order, TRUE);
  g_free(c->path);
  g_free(c);
}

int vl_cache_get(VlCache *c, const char *key, double *values, int max) {
  if (!c || !key) return -1;
  guint8 k[KEY_LEN];
  digest(key, strlen(key), k, KEY_LEN);
  Entry *e = g_hash_table_lookup(c->entries, k);
  if (!e) return -1;
  e->used = TRUE;
  if (max > 0) memcpy(values, e->v, (gsize)MIN(max, e->n) * sizeof(double));
  return e->n;
}

void vl_cache_put(VlCache *c, const char *key, const double *values, int n) {
  if (!c || !key || n < 0 || n > VL_CACHE_MAX_VALUES) return;
  for (int i = 0; i < n; i++)
    if (!isfinite(values[i])) return;
  guint8 k[KEY_LEN];
  digest(key, strlen(key), k, KEY_LEN);
  add(c, k, values, n, TRUE, TRUE);
}

GBytes *vl_cache_export(VlCache *c) {
  if (!c) return NULL;
  return g_byte_array_free_to_bytes(serialize(c, TRUE));
}

gboolean vl_cache_merge(VlCache *c, const void *data, gsize len) {
  if (!c || !data) return FALSE;
  /* Only what the worker learnt makes the file change; what it used goes
   * first in it. */
  GHashTable *before = g_hash_table_new(key_hash, key_equal);
  for (guint i = 0; i < c->order->len; i++) {
    Entry *e = g_ptr_array_index(c->order, i);
    g_hash_table_add(before, e->key);
  }
  gboolean was = c->changed;
  gboolean ok = parse(c, data, len, TRUE, FALSE);
  for (guint i = 0; ok && i < c->order->len && !c->changed; i++) {
    Entry *e = g_ptr_array_index(c->order, i);
    if (!g_hash_table_contains(before, e->key)) c->changed = TRUE;
  }
  c->changed = c->changed || was;
  g_hash_table_destroy(before);
  return ok;
}

typedef struct {
  char *path;
  gint64 mtime;
} Old;

static int newest_first(gconstpointer a, gconstpointer b) {
  const Old *x = a, *y = b;
  return x->mtime < y->mtime ? 1 : x->mtime > y->mtime ? -1 : strcmp(x->path, y->path);
}

/* Each build has a file of its own: the KEEP files named *SUFFIX written
 * last stay, older ones (builds gone since) are removed. */
static void prune(const char *dir, const char *suffix, guint keep) {
  GDir *d = g_dir_open(dir, 0, NULL);
  if (!d) return;
  GArray *files = g_array_new(FALSE, FALSE, sizeof(Old));
  const char *n;
  while ((n = g_dir_read_name(d))) {
    if (!g_str_has_suffix(n, suffix) || strlen(n) != 2 * 16 + strlen(suffix)) continue;
    Old o = {g_build_filename(dir, n, NULL), 0};
    GStatBuf st;
    if (g_lstat(o.path, &st) == 0 && S_ISREG(st.st_mode)) {
      o.mtime = (gint64)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
      g_array_append_val(files, o);
    } else {
      g_free(o.path);
    }
  }
  g_dir_close(d);
  g_array_sort(files, newest_first);
  for (guint i = 0; i < files->len; i++) {
    Old *o = &g_array_index(files, Old, i);
    if (i >= keep) g_unlink(o->path);
    g_free(o->path);
  }
  g_array_free(files, TRUE);
}

void vl_cache_save(VlCache *c) {
  if (!c || !c->changed) return;
  char *dir = g_path_get_dirname(c->path);
  /* A cache folder that cannot be made or written is no problem of the run's. */
  if (g_mkdir_with_parents(dir, 0700) == 0) {
    GByteArray *data = serialize(c, FALSE);
    if (vl_write_cache(c->path, (const char *)data->data, data->len)) prune(dir, ".cache", VL_CACHE_KEEP_FILES);
    g_byte_array_free(data, TRUE);
  }
  g_free(dir);
  c->changed = FALSE;
}

static gboolean blobs_on;

void vl_cache_blobs_enable(void) { blobs_on = TRUE; }

gboolean vl_cache_blobs_on(void) { return blobs_on && !vl_answer_cache_off(); }

#define BLOB_MAGIC "volante-blob 1\n"

/* $XDG_CACHE_HOME/volante/KIND/NAME.blob, NAME from this build, KIND and KEY. */
static char *blob_path(const char *kind, const void *key, gsize key_len) {
  if (!blobs_on || vl_answer_cache_off()) return NULL;
  VlDigest *sum = vl_digest_new();
  vl_digest_add_str(sum, build_id(), TRUE);
  vl_digest_add_str(sum, kind, TRUE);
  vl_digest_add(sum, key, key_len);
  char *hex = vl_digest_end_hex(sum);
  char name[2 * 16 + sizeof ".blob"];
  memcpy(name, hex, 2 * 16);
  strcpy(name + 2 * 16, ".blob");
  g_free(hex);
  return g_build_filename(g_get_user_cache_dir(), "volante", kind, name, NULL);
}

GBytes *vl_cache_blob_get(const char *kind, const void *key, gsize key_len) {
  char *path = blob_path(kind, key, key_len);
  if (!path) return NULL;
  gsize len = 0;
  guint8 *data = read_capped(path, &len);
  g_free(path);
  /* MAGIC, the value's length (8 bytes), the value, its SHA-256. */
  gsize head = strlen(BLOB_MAGIC) + 8;
  guint64 n = 0;
  if (data && len >= head + SUM_LEN && !memcmp(data, BLOB_MAGIC, strlen(BLOB_MAGIC))) {
    memcpy(&n, data + strlen(BLOB_MAGIC), 8);
    guint8 sum[SUM_LEN];
    if (n == len - head - SUM_LEN) {
      digest(data + head, (gsize)n, sum, SUM_LEN);
      if (!memcmp(sum, data + head + n, SUM_LEN)) {
        GBytes *b = g_bytes_new(data + head, (gsize)n);
        g_free(data);
        return b;
      }
    }
  }
  g_free(data);
  return NULL;
}

/* Whether this put of KIND prunes its folder (of KEEP blobs): the first of
 * the process, then every VL_CACHE_PRUNE_EVERY-th, or KEEP / 8-th (listing
 * a folder of hundreds of blobs after each put cost more than the puts). */
static gboolean prune_now(const char *kind, guint keep) {
  static GMutex lock;
  static GHashTable *puts;
  g_mutex_lock(&lock);
  if (!puts) puts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  guint n = GPOINTER_TO_UINT(g_hash_table_lookup(puts, kind));
  g_hash_table_insert(puts, g_strdup(kind), GUINT_TO_POINTER(n + 1));
  g_mutex_unlock(&lock);
  return n % MAX(VL_CACHE_PRUNE_EVERY, keep / 8) == 0;
}

void vl_cache_blob_put(const char *kind, const void *key, gsize key_len, const void *value, gsize len) {
  vl_cache_blob_put_keep(kind, key, key_len, value, len, VL_CACHE_KEEP_BLOBS);
}

void vl_cache_blob_put_keep(const char *kind, const void *key, gsize key_len, const void *value, gsize len,
                            guint keep) {
  char *path = blob_path(kind, key, key_len);
  if (!path) return;
  char *dir = g_path_get_dirname(path);
  if (g_mkdir_with_parents(dir, 0700) == 0) {
    GByteArray *b = g_byte_array_new();
    guint64 n = len;
    guint8 sum[SUM_LEN];
    digest(value, len, sum, SUM_LEN);
    g_byte_array_append(b, (const guint8 *)BLOB_MAGIC, strlen(BLOB_MAGIC));
    g_byte_array_append(b, (const guint8 *)&n, 8);
    g_byte_array_append(b, value, (guint)len);
    g_byte_array_append(b, sum, SUM_LEN);
    if (vl_write_cache(path, (const char *)b->data, b->len) && prune_now(kind, keep)) prune(dir, ".blob", keep);
    g_byte_array_free(b, TRUE);
  }
  g_free(dir);
  g_free(path);
}
