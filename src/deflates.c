/* deflates: what Cairo compresses, remembered across runs (deflates.h).
 * dladdr: a glibc extension beyond C11 and POSIX. */
#define _GNU_SOURCE
#include "deflates.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "cache.h"
#include "digest.h"
#include "util.h"

#define KIND "zlib"
/* The definitions zlib's callers bind to (volante-cli.so hides the rest). */
#define EXPORT __attribute__((visibility("default")))

typedef enum {
  GATHER, /* fed, not finished: the input so far is in IN */
  SERVE,  /* finished: OUT is the whole stream, GIVEN of it handed over */
  PASS    /* zlib's from now on, after GIVEN of OUT (what zlib made of IN) */
} Mode;

typedef struct {
  Mode mode;
  int level, method, window, mem, strategy;
  uLong base_in, base_out; /* the stream's totals when gathering began */
  GByteArray *in;
  GBytes *out;
  gsize given;
} Stream;

typedef int (*Init2Fn)(z_streamp, int, int, int, int, int, const char *, int);
typedef int (*DeflateFn)(z_streamp, int);
typedef int (*StreamFn)(z_streamp);
typedef int (*DictFn)(z_streamp, const Bytef *, uInt);
typedef int (*GetDictFn)(z_streamp, Bytef *, uInt *);
typedef int (*TwoFn)(z_streamp, int, int);
typedef int (*HeaderFn)(z_streamp, gz_headerp);
typedef int (*CopyFn)(z_streamp, z_streamp);
typedef int (*PendingFn)(z_streamp, unsigned *, int *);
typedef int (*TuneFn)(z_streamp, int, int, int, int);
VL_REAL_FN(Init2Fn, deflateInit2_, "libz.so.1")
VL_REAL_FN(DeflateFn, deflate, "libz.so.1")
VL_REAL_FN(StreamFn, deflateEnd, "libz.so.1")
VL_REAL_FN(StreamFn, deflateReset, "libz.so.1")
VL_REAL_FN(StreamFn, deflateResetKeep, "libz.so.1")
VL_REAL_FN(DictFn, deflateSetDictionary, "libz.so.1")
VL_REAL_FN(GetDictFn, deflateGetDictionary, "libz.so.1")
VL_REAL_FN(TwoFn, deflateParams, "libz.so.1")
VL_REAL_FN(TwoFn, deflatePrime, "libz.so.1")
VL_REAL_FN(HeaderFn, deflateSetHeader, "libz.so.1")
VL_REAL_FN(CopyFn, deflateCopy, "libz.so.1")
VL_REAL_FN(PendingFn, deflatePending, "libz.so.1")
VL_REAL_FN(TuneFn, deflateTune, "libz.so.1")

static GMutex lock;
static GHashTable *streams; /* z_streamp -> Stream* */
static int mode = -1;       /* -1 not yet enabled, 0 off, 1 on, 2 on with counts at exit */
static guint64 finished, remembered;

static void print_counts(void) {
  fprintf(stderr, "volante: deflates: %" G_GUINT64_FORMAT " streams, %" G_GUINT64_FORMAT " remembered\n", finished,
          remembered);
}

void vl_deflates_enable(void) {
  g_mutex_lock(&lock);
  if (mode < 0) {
    g_atomic_int_set(&mode, vl_cache_blobs_on() ? vl_env_switch_counted("VOLANTE_DEFLATES", print_counts) : 0);
  }
  g_mutex_unlock(&lock);
}

void vl_deflates_counts(guint64 *s, guint64 *r) {
  g_mutex_lock(&lock);
  *s = finished, *r = remembered;
  g_mutex_unlock(&lock);
}

static void stream_free(Stream *s) {
  if (s->in) g_byte_array_free(s->in, TRUE);
  if (s->out) g_bytes_unref(s->out);
  g_free(s);
}

static Stream *find(z_streamp strm) {
  if (g_atomic_int_get(&mode) <= 0) return NULL;
  g_mutex_lock(&lock);
  Stream *s = streams ? g_hash_table_lookup(streams, strm) : NULL;
  g_mutex_unlock(&lock);
  return s;
}

/* Forgets STRM's stream (it is zlib's alone again). */
static void forget(z_streamp strm) {
  g_mutex_lock(&lock);
  if (streams) g_hash_table_remove(streams, strm);
  g_mutex_unlock(&lock);
}

/* The file whose streams are gathered: Cairo's (a test names itself). */
static char caller[64] = "libcairo.so";

void vl_deflates_caller(const char *file) { g_strlcpy(caller, file, sizeof caller); }

/* Whether the code at RA (a return address) is in the file named CALLER. */
static gboolean from_caller(void *ra) {
  Dl_info info;
  if (!dladdr(ra, &info) || !info.dli_fname) return FALSE;
  const char *base = strrchr(info.dli_fname, '/');
  return g_str_has_prefix(base ? base + 1 : info.dli_fname, caller);
}

/* Starts gathering on STRM, made with these settings, when they are
 * zlib's defaults at a level of 1 to 9 (Cairo's): zlib's bytes are then the
 * same however the input comes in pieces. Level 0 writes stored blocks as
 * the caller's output buffer allows, and Huffman-only coding at memLevel 9
 * ends a block where the window happened to slide. */
static void gather(z_streamp strm, int level, int method, int window, int mem, int strategy) {
  if (g_atomic_int_get(&mode) <= 0 || level == 0 || level < -1 || level > 9 || method != Z_DEFLATED ||
      window != MAX_WBITS || mem != 8 || strategy != Z_DEFAULT_STRATEGY)
    return;
  Stream *s = g_new0(Stream, 1);
  *s = (Stream){GATHER, level, method, window, mem, strategy, strm->total_in, strm->total_out, g_byte_array_new(),
                NULL,   0};
  g_mutex_lock(&lock);
  if (!streams) streams = g_hash_table_new_full(NULL, NULL, NULL, (GDestroyNotify)stream_free);
  g_hash_table_replace(streams, strm, s);
  g_mutex_unlock(&lock);
}

/* Takes what STRM's caller offers into S->in. */
static void take_input(z_streamp strm, Stream *s) {
  if (!strm->avail_in) return;
  g_byte_array_append(s->in, strm->next_in, strm->avail_in);
  strm->next_in += strm->avail_in;
  strm->total_in += strm->avail_in;
  strm->avail_in = 0;
}

/* zlib compresses S->in on STRM (its own state, which has seen nothing
 * yet) with FLUSH, into a buffer of ours; STRM's buffers (with what the
 * caller offers now) and totals are left as the caller knows them. What zlib said, and the bytes in *OUT. */
static int compress_gathered(z_streamp strm, Stream *s, int flush, GBytes **out) {
  Bytef *next_in = strm->next_in, *next_out = strm->next_out;
  uInt avail_in = strm->avail_in, avail_out = strm->avail_out;
  GByteArray *made = g_byte_array_sized_new(s->in->len / 2 + 64);
  Bytef buf[16384];
  strm->next_in = s->in->data;
  strm->avail_in = s->in->len;
  strm->total_in = s->base_in;
  int r;
  do {
    strm->next_out = buf;
    strm->avail_out = sizeof buf;
    r = real_deflate()(strm, flush);
    g_byte_array_append(made, buf, (guint)(sizeof buf - strm->avail_out));
  } while (r == Z_OK && (strm->avail_in || strm->avail_out == 0 || flush == Z_FINISH));
  int left = (int)strm->avail_in;
  strm->next_in = next_in;
  strm->avail_in = avail_in;
  strm->next_out = next_out;
  strm->avail_out = avail_out;
  strm->total_out = s->base_out;
  *out = g_byte_array_free_to_bytes(made);
  return r == Z_BUF_ERROR && !left ? Z_OK : r;
}

/* The zlib these bytes come from: its version and its file. */
static const char *zlib_id(void) {
  static char *id;
  if (g_once_init_enter(&id)) {
    Dl_info info;
    char *file = dladdr((void *)real_deflate(), &info) ? vl_file_id(info.dli_fname) : NULL;
    g_once_init_leave(&id, g_strdup_printf("%s %s", zlibVersion(), file ? file : ""));
    g_free(file);
  }
  return id;
}

static void key_of(const Stream *s, guint8 key[VL_DIGEST_LEN]) {
  VlDigest *d = vl_digest_new();
  vl_digest_add_str(d, "volante-deflate 1", TRUE);
  vl_digest_add_str(d, zlib_id(), TRUE);
  int settings[5] = {s->level, s->method, s->window, s->mem, s->strategy};
  vl_digest_add(d, settings, sizeof settings);
  guint64 n = s->in->len;
  vl_digest_add(d, &n, sizeof n);
  vl_digest_add(d, s->in->data, s->in->len);
  vl_digest_end(d, key);
}

/* A blob: zlib's adler and data_type after the stream, then its bytes. */
#define HEAD 8

/* Ends gathering: S->out is the whole compressed stream, from the cache or
 * from zlib (and then kept). FALSE, with zlib's error in *R, when zlib
 * refused. */
static gboolean finish(z_streamp strm, Stream *s, int *r) {
  guint8 key[VL_DIGEST_LEN];
  gboolean big = s->in->len >= VL_DEFLATES_MIN && s->in->len <= VL_DEFLATES_MAX;
  if (big) key_of(s, key);
  GBytes *kept = big ? vl_cache_blob_get(KIND, key, sizeof key) : NULL;
  gsize n = 0;
  const guint8 *p = kept ? g_bytes_get_data(kept, &n) : NULL;
  if (kept && n > HEAD) {
    guint32 adler;
    gint32 type;
    memcpy(&adler, p, 4);
    memcpy(&type, p + 4, 4);
    strm->adler = adler;
    strm->data_type = type;
    strm->total_in = s->base_in + s->in->len;
    s->out = g_bytes_new_from_bytes(kept, HEAD, n - HEAD);
    g_bytes_unref(kept);
    g_mutex_lock(&lock);
    finished++, remembered++;
    g_mutex_unlock(&lock);
  } else {
    if (kept) g_bytes_unref(kept);
    *r = compress_gathered(strm, s, Z_FINISH, &s->out);
    if (*r != Z_STREAM_END) return FALSE;
    if (big) {
      gsize len = 0;
      const guint8 *made = g_bytes_get_data(s->out, &len);
      guint8 *v = g_malloc(HEAD + len);
      guint32 adler = (guint32)strm->adler;
      gint32 type = strm->data_type;
      memcpy(v, &adler, 4);
      memcpy(v + 4, &type, 4);
      memcpy(v + HEAD, made, len);
      vl_cache_blob_put_keep(KIND, key, sizeof key, v, HEAD + len, VL_DEFLATES_KEEP);
      g_free(v);
    }
    g_mutex_lock(&lock);
    finished++;
    g_mutex_unlock(&lock);
  }
  g_byte_array_free(s->in, TRUE);
  s->in = NULL;
  s->given = 0;
  s->mode = SERVE;
  return TRUE;
}

/* Hands over as much of S->out as STRM's buffer takes; TRUE when all is given. */
static gboolean give(z_streamp strm, Stream *s) {
  gsize n = 0;
  const guint8 *p = s->out ? g_bytes_get_data(s->out, &n) : NULL;
  gsize k = MIN((gsize)strm->avail_out, n - s->given);
  if (k) memcpy(strm->next_out, p + s->given, k);
  strm->next_out += k;
  strm->avail_out -= (uInt)k;
  strm->total_out += k;
  s->given += k;
  return s->given == n;
}

/* Gives a gathering stream to zlib: what was gathered is compressed now
 * (with Z_NO_FLUSH), its output handed over ahead of zlib's next. */
static void release(z_streamp strm) {
  Stream *s = find(strm);
  if (!s || s->mode != GATHER) return;
  /* Nothing gathered: zlib has seen what the caller did (no deflate call
   * yet, which deflateParams tells apart from one). */
  if (!s->in->len) {
    forget(strm);
    return;
  }
  int r = compress_gathered(strm, s, Z_NO_FLUSH, &s->out);
  (void)r; /* an error shows again at zlib's next call on the stream */
  strm->total_in = s->base_in + s->in->len;
  g_byte_array_free(s->in, TRUE);
  s->in = NULL;
  s->given = 0;
  s->mode = PASS;
}

/* A stream made by CALLER's code (RA) is gathered; any other is zlib's alone. */
static int init2(void *ra, z_streamp strm, int level, int method, int window, int mem, int strategy,
                 const char *version, int size) {
  int r = real_deflateInit2_()(strm, level, method, window, mem, strategy, version, size);
  if (r == Z_OK && g_atomic_int_get(&mode) > 0 && from_caller(ra)) gather(strm, level, method, window, mem, strategy);
  return r;
}

EXPORT int deflateInit2_(z_streamp strm, int level, int method, int window, int mem, int strategy, const char *version,
                         int size) {
  return init2(__builtin_return_address(0), strm, level, method, window, mem, strategy, version, size);
}

/* zlib's deflateInit_ is deflateInit2_ with zlib's defaults. */
EXPORT int deflateInit_(z_streamp strm, int level, const char *version, int size) {
  return init2(__builtin_return_address(0), strm, level, Z_DEFLATED, MAX_WBITS, 8, Z_DEFAULT_STRATEGY, version, size);
}

EXPORT int deflate(z_streamp strm, int flush) {
  Stream *s = strm ? find(strm) : NULL;
  if (!s) return real_deflate()(strm, flush);
  if (!strm->next_out || (strm->avail_in && !strm->next_in) || flush > Z_BLOCK || flush < 0) return Z_STREAM_ERROR;
  /* Another flush, or more than the cache keeps (a picture): zlib's from here. */
  if (s->mode == GATHER &&
      ((flush != Z_NO_FLUSH && flush != Z_FINISH) || s->in->len + (gsize)strm->avail_in > VL_DEFLATES_MAX)) {
    release(strm); /* which forgets a stream that gathered nothing */
    if (!(s = find(strm))) return real_deflate()(strm, flush);
  }
  switch (s->mode) {
    case GATHER:
      if (!strm->avail_out) return Z_BUF_ERROR;
      if (flush == Z_NO_FLUSH) {
        gboolean any = strm->avail_in > 0;
        take_input(strm, s);
        return any ? Z_OK : Z_BUF_ERROR;
      }
      take_input(strm, s);
      {
        int r = Z_OK;
        if (!finish(strm, s, &r)) {
          forget(strm);
          return r;
        }
      }
      return give(strm, s) ? Z_STREAM_END : Z_OK;
    case SERVE:
      if (flush != Z_FINISH) return Z_STREAM_ERROR;
      if (!strm->avail_out) return Z_BUF_ERROR;
      return give(strm, s) ? Z_STREAM_END : Z_OK;
    case PASS:
    default:
      if (!give(strm, s)) return Z_OK;
      forget(strm);
      return strm->avail_out ? real_deflate()(strm, flush) : Z_OK;
  }
}

EXPORT int deflateEnd(z_streamp strm) {
  Stream *s = strm ? find(strm) : NULL;
  /* zlib's answer for a stream ended before it finished, had it seen the input. */
  gboolean cut = s && s->mode == GATHER && s->in->len;
  if (s) forget(strm);
  int r = real_deflateEnd()(strm);
  return cut && r == Z_OK ? Z_DATA_ERROR : r;
}

EXPORT int deflateReset(z_streamp strm) {
  Stream *s = strm ? find(strm) : NULL;
  Stream was = s ? *s : (Stream){0};
  if (s) forget(strm);
  int r = real_deflateReset()(strm);
  if (s && r == Z_OK) gather(strm, was.level, was.method, was.window, was.mem, was.strategy);
  return r;
}

/* Every other call that reads or changes a stream's state: the stream is
 * zlib's first. */
EXPORT int deflateResetKeep(z_streamp strm) {
  if (strm) forget(strm);
  return real_deflateResetKeep()(strm);
}

EXPORT int deflateSetDictionary(z_streamp strm, const Bytef *dict, uInt len) {
  if (strm) release(strm);
  return real_deflateSetDictionary()(strm, dict, len);
}

EXPORT int deflateGetDictionary(z_streamp strm, Bytef *dict, uInt *len) {
  if (strm) release(strm);
  return real_deflateGetDictionary()(strm, dict, len);
}

EXPORT int deflateParams(z_streamp strm, int level, int strategy) {
  if (strm) release(strm);
  return real_deflateParams()(strm, level, strategy);
}

EXPORT int deflatePrime(z_streamp strm, int bits, int value) {
  if (strm) release(strm);
  return real_deflatePrime()(strm, bits, value);
}

EXPORT int deflateSetHeader(z_streamp strm, gz_headerp head) {
  if (strm) release(strm);
  return real_deflateSetHeader()(strm, head);
}

EXPORT int deflateTune(z_streamp strm, int good, int lazy, int nice, int chain) {
  if (strm) release(strm);
  return real_deflateTune()(strm, good, lazy, nice, chain);
}

EXPORT int deflateCopy(z_streamp dest, z_streamp source) {
  if (source) release(source);
  Stream *s = source ? find(source) : NULL;
  /* Output of ours not yet handed over would be in neither copy. */
  if (s && s->mode != GATHER) {
    gsize n = 0;
    if (s->out) g_bytes_get_data(s->out, &n);
    if (s->given < n) return Z_STREAM_ERROR;
    forget(source);
  }
  return real_deflateCopy()(dest, source);
}

EXPORT int deflatePending(z_streamp strm, unsigned *pending, int *bits) {
  if (strm) release(strm);
  Stream *s = strm ? find(strm) : NULL;
  int r = real_deflatePending()(strm, pending, bits);
  if (s && r == Z_OK && pending && s->out) *pending += (unsigned)(g_bytes_get_size(s->out) - s->given);
  return r;
}
