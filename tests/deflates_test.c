/* deflates.unit: zlib streams as src/deflates.c gathers and remembers them,
 * against zlib's own, byte for byte: Cairo's way (pieces with Z_NO_FLUSH,
 * Z_FINISH into a small buffer), zlib's compress2 (which calls the
 * definitions too), a stream reset and used again, a flush mid-stream,
 * new parameters mid-stream, a gzip header, level 0 and Huffman-only coding
 * at memLevel 9 (the last three never gathered), a buffer with no room;
 * each twice, the second time from the cache, and once more after every
 * kept blob has been damaged. Then another library's streams, in pieces of
 * 21 bytes: never gathered, zlib's own bytes. Exit status 1 when any check
 * failed. */
#define _GNU_SOURCE
#include "deflates.h"

#include <dirent.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "cache.h"
#include "unit.h"
#include "util.h"

typedef int (*Init2Fn)(z_streamp, int, int, int, int, int, const char *, int);
typedef int (*DeflateFn)(z_streamp, int);
typedef int (*StreamFn)(z_streamp);
typedef int (*ParamsFn)(z_streamp, int, int);
typedef int (*HeaderFn)(z_streamp, gz_headerp);
/* zlib's own, past this program's */
static Init2Fn z_init2;
static DeflateFn z_deflate;
static StreamFn z_end, z_reset;
static ParamsFn z_params;
static HeaderFn z_header;

typedef struct {
  Init2Fn init2;
  DeflateFn deflate;
  StreamFn end, reset;
  ParamsFn params;
  HeaderFn header;
} Zlib;

/* What one way of using a stream gave. */
typedef struct {
  GByteArray *out;
  uLong adler, total_in, total_out;
  int last; /* the last deflate's return */
} Result;

enum { CAIRO, SYNC_MIDWAY, PARAMS_MIDWAY, GZIP, RESET_REUSE, LEVEL0, HUFFMAN9 };
static const char *const ways[] = {
    "Cairo's way", "a sync flush midway",     "new parameters midway", "a gzip header", "reset and used again",
    "level 0",     "Huffman-only, memLevel 9"};
static gsize tiny; /* when not 0: every piece and output buffer this small */

/* Feeds IN in pieces of PIECE bytes with Z_NO_FLUSH (doing WAY's extra step
 * halfway), then Z_FINISH into a buffer of ROOM bytes at a time. */
static void feed(const Zlib *z, z_stream *s, const guint8 *in, gsize len, int way, gsize piece, gsize room, Result *r) {
  guint8 *buf = g_malloc(room);
  gsize at = 0;
  gboolean midway = FALSE;
  while (at < len) {
    gsize k = MIN(piece, len - at);
    int flush = Z_NO_FLUSH;
    if (!midway && at + k >= len / 2) {
      midway = TRUE;
      if (way == SYNC_MIDWAY) flush = Z_SYNC_FLUSH;
      if (way == PARAMS_MIDWAY) { /* with room for all that is pending */
        gsize big = len + 4096;
        guint8 *all = g_malloc(big);
        s->next_in = NULL, s->avail_in = 0;
        s->next_out = all, s->avail_out = (uInt)big;
        CHECK(z->params(s, 1, Z_FILTERED) == Z_OK, "%s: deflateParams", ways[way]);
        g_byte_array_append(r->out, all, (guint)(big - s->avail_out));
        g_free(all);
      }
    }
    s->next_in = (Bytef *)in + at;
    s->avail_in = (uInt)k;
    do {
      s->next_out = buf, s->avail_out = (uInt)room;
      r->last = z->deflate(s, flush);
      g_byte_array_append(r->out, buf, (guint)(room - s->avail_out));
    } while (s->avail_in || s->avail_out == 0);
    at += k;
  }
  do {
    s->next_out = buf, s->avail_out = (uInt)room;
    r->last = z->deflate(s, Z_FINISH);
    g_byte_array_append(r->out, buf, (guint)(room - s->avail_out));
  } while (r->last == Z_OK);
  r->adler = s->adler, r->total_in = s->total_in, r->total_out = s->total_out;
  g_free(buf);
}

static Result run(const Zlib *z, const guint8 *in, gsize len, int way) {
  Result r = {g_byte_array_new(), 0, 0, 0, 0};
  z_stream s;
  memset(&s, 0, sizeof s);
  int level = way == LEVEL0 ? 0 : Z_DEFAULT_COMPRESSION;
  int window = way == GZIP ? 31 : MAX_WBITS;
  int mem = way == HUFFMAN9 ? 9 : 8, strategy = way == HUFFMAN9 ? Z_HUFFMAN_ONLY : Z_DEFAULT_STRATEGY;
  CHECK(z->init2(&s, level, Z_DEFLATED, window, mem, strategy, ZLIB_VERSION, (int)sizeof s) == Z_OK, "%s: init",
        ways[way]);
  if (way == GZIP) {
    gz_header h = {0};
    h.name = (Bytef *)"flyer.pdf";
    h.time = 1764979200;
    CHECK(z->header(&s, &h) == Z_OK, "%s: header", ways[way]);
  }
  if (way == RESET_REUSE) {
    /* A first stream of other bytes, then the real one on the same state. */
    Result first = {g_byte_array_new(), 0, 0, 0, 0};
    feed(z, &s, in + len / 3, len - len / 3, CAIRO, 16384, 4096, &first);
    g_byte_array_free(first.out, TRUE);
    CHECK(z->reset(&s) == Z_OK, "%s: reset", ways[way]);
  }
  feed(z, &s, in, len, way, tiny ? tiny : way == CAIRO ? 16384 : 5000, tiny ? tiny : way == CAIRO ? 16384 : 1000, &r);
  z->end(&s);
  return r;
}

static void same(const Result *a, const Result *b, const char *what, int way, gsize len) {
  CHECK(a->out->len == b->out->len && !memcmp(a->out->data, b->out->data, a->out->len),
        "%s, %s, %zu bytes: %u bytes against zlib's %u", what, ways[way], len, b->out->len, a->out->len);
  CHECK(a->adler == b->adler, "%s, %s: adler %lx against %lx", what, ways[way], b->adler, a->adler);
  CHECK(a->total_in == b->total_in && a->total_out == b->total_out, "%s, %s: totals %lu %lu against %lu %lu", what,
        ways[way], b->total_in, b->total_out, a->total_in, a->total_out);
  CHECK(a->last == Z_STREAM_END && b->last == Z_STREAM_END, "%s, %s: ended with %d, zlib's with %d", what, ways[way],
        b->last, a->last);
}

/* Bytes that compress as a font or a page does: words again and again, and numbers. */
static guint8 *sample(gsize len, guint32 seed) {
  static const char *const words[] = {"BT ", "/F1 ", "11 ", "Tf ", "<0048> ", "Tj ", "ET\n", "q ", "Q\n", "re "};
  GRand *rnd = g_rand_new_with_seed(seed);
  guint8 *b = g_malloc(len);
  for (gsize i = 0; i < len;) {
    if (g_rand_int_range(rnd, 0, 4) == 0) {
      b[i++] = (guint8)g_rand_int(rnd);
      continue;
    }
    const char *w = words[g_rand_int_range(rnd, 0, G_N_ELEMENTS(words))];
    for (; *w && i < len; w++) b[i++] = (guint8)*w;
  }
  g_rand_free(rnd);
  return b;
}

static void damage_blobs(const char *dir) {
  GDir *d = g_dir_open(dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name(d))) {
    char *path = g_build_filename(dir, name, NULL);
    gchar *data;
    gsize n;
    if (g_file_get_contents(path, &data, &n, NULL) && n > 40) {
      data[n - 40] ^= 0x10; /* in the bytes, before the checksum */
      g_file_set_contents(path, data, (gssize)n, NULL);
      g_free(data);
    }
    g_free(path);
  }
  if (d) g_dir_close(d);
}

int main(void) {
  char *home = g_dir_make_tmp("deflates-XXXXXX", NULL);
  g_setenv("XDG_CACHE_HOME", home, TRUE);
  g_unsetenv("VOLANTE_CACHE");
  g_unsetenv("VOLANTE_DEFLATES");
  vl_cache_blobs_enable();
  vl_deflates_enable();
  vl_deflates_caller("deflates_test"); /* this program's streams are gathered, as Cairo's are */
  z_init2 = (Init2Fn)vl_next_fn("libz.so.1", "deflateInit2_");
  z_deflate = (DeflateFn)vl_next_fn("libz.so.1", "deflate");
  z_end = (StreamFn)vl_next_fn("libz.so.1", "deflateEnd");
  z_reset = (StreamFn)vl_next_fn("libz.so.1", "deflateReset");
  z_params = (ParamsFn)vl_next_fn("libz.so.1", "deflateParams");
  z_header = (HeaderFn)vl_next_fn("libz.so.1", "deflateSetHeader");
  if (!z_init2 || !z_deflate || !z_end || !z_reset || !z_params || !z_header) {
    fprintf(stderr, "zlib's own functions not found\n");
    return 1;
  }
  const Zlib own = {z_init2, z_deflate, z_end, z_reset, z_params, z_header};
  const Zlib ours = {deflateInit2_, deflate, deflateEnd, deflateReset, deflateParams, deflateSetHeader};
  static const gsize sizes[] = {0, 1000, VL_DEFLATES_MIN, 70000, 300000};
  char *blobs = g_build_filename(home, "volante", "zlib", NULL);
  guint64 streams0, kept0;
  vl_deflates_counts(&streams0, &kept0);
  for (int pass = 0; pass < 3; pass++) {
    if (pass == 2) damage_blobs(blobs);
    for (gsize i = 0; i < G_N_ELEMENTS(sizes); i++) {
      guint8 *in = sample(sizes[i], (guint32)(i + 1));
      for (int way = CAIRO; way <= HUFFMAN9; way++) {
        Result a = run(&own, in, sizes[i], way), b = run(&ours, in, sizes[i], way);
        same(&a, &b, pass == 0 ? "first" : pass == 1 ? "from the cache" : "after damage", way, sizes[i]);
        g_byte_array_free(a.out, TRUE);
        g_byte_array_free(b.out, TRUE);
      }
      /* compress2 calls deflateInit_, deflate and deflateEnd: this program's. */
      uLongf n = compressBound(sizes[i]), m = n;
      guint8 *c1 = g_malloc(n + 1), *c2 = g_malloc(n + 1);
      Result a = run(&own, in, sizes[i], CAIRO);
      CHECK(compress2(c1, &n, in, sizes[i], Z_DEFAULT_COMPRESSION) == Z_OK && n == a.out->len &&
                !memcmp(c1, a.out->data, n),
            "compress2 of %zu bytes: %lu bytes against zlib's %u", sizes[i], n, a.out->len);
      /* No room for the whole stream: zlib's answer, Z_BUF_ERROR. */
      m = a.out->len / 2;
      CHECK(sizes[i] < 100 || compress2(c2, &m, in, sizes[i], Z_DEFAULT_COMPRESSION) == Z_BUF_ERROR,
            "compress2 of %zu bytes into half the room did not say Z_BUF_ERROR", sizes[i]);
      g_byte_array_free(a.out, TRUE);
      g_free(c1);
      g_free(c2);
      g_free(in);
    }
  }
  /* Another library's streams are zlib's alone: the same bytes however they
   * are used, here in pieces of 21 bytes into buffers of 21. */
  vl_deflates_caller("libnothing.so");
  guint64 before_other, kept_other;
  vl_deflates_counts(&before_other, &kept_other);
  tiny = 21;
  for (gsize i = 0; i < G_N_ELEMENTS(sizes); i++) {
    guint8 *in = sample(sizes[i], (guint32)(i + 7));
    for (int way = CAIRO; way <= HUFFMAN9; way++) {
      Result a = run(&own, in, sizes[i], way), b = run(&ours, in, sizes[i], way);
      same(&a, &b, "another library's", way, sizes[i]);
      g_byte_array_free(a.out, TRUE);
      g_byte_array_free(b.out, TRUE);
    }
    g_free(in);
  }
  tiny = 0;
  guint64 after_other;
  vl_deflates_counts(&after_other, &kept_other);
  CHECK(after_other == before_other, "another library's streams were gathered: %" G_GUINT64_FORMAT " finished",
        after_other - before_other);
  vl_deflates_caller("deflates_test");

  /* No room at all. */
  z_stream s;
  memset(&s, 0, sizeof s);
  guint8 one = 'x', out[1];
  CHECK(deflateInit_(&s, 6, ZLIB_VERSION, (int)sizeof s) == Z_OK, "init");
  s.next_in = &one, s.avail_in = 1, s.next_out = out, s.avail_out = 0;
  CHECK(deflate(&s, Z_NO_FLUSH) == Z_BUF_ERROR && s.avail_in == 1, "no room: not Z_BUF_ERROR, or input taken");
  deflateEnd(&s);

  guint64 streams, kept;
  vl_deflates_counts(&streams, &kept);
  CHECK(streams > streams0 && kept > kept0,
        "nothing came from the cache: %" G_GUINT64_FORMAT " streams, %" G_GUINT64_FORMAT " remembered", streams, kept);
  GDir *d = g_dir_open(blobs, 0, NULL);
  int n = 0;
  while (d && g_dir_read_name(d)) n++;
  if (d) g_dir_close(d);
  CHECK(n > 0, "no stream was kept in %s", blobs);
  char *cmd = g_strdup_printf("rm -rf '%s'", home);
  if (system(cmd)) {
  }
  g_free(cmd);
  g_free(blobs);
  g_free(home);
  return failed ? 1 : 0;
}
