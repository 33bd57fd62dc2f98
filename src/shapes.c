#include "shapes.h"

#include <hb.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

/* What HarfBuzz 6 reads when it shapes, and where the key has it:
 * - the font: Pango hands hb_shape a sub-font of the hb_font its PangoFont
 *   keeps, made for the call, with Pango's callbacks, which answer from that
 *   parent. The parent is known by a number given the first time it is seen
 *   (never reused, unlike its address), and the sub-font's scale, ppem, point
 *   size, slant and variation coordinates go in too. Pango's callbacks also
 *   read the run's "show" flags (PANGO_ATTR_SHOW, which draws spaces and
 *   ignorables visibly), which no public call gives: markup can ask for
 *   them, so the memory stops for good when a paragraph does
 *   (vl_shapes_forbid).
 * - the buffer: its characters and their clusters (counted from the run's
 *   first character, as is what is kept, so the same words at another place
 *   in a paragraph are the same run), direction, script, language, flags,
 *   cluster level, and the glyphs it puts for invisible, missing and
 *   replaced characters;
 * - the context: the characters HarfBuzz keeps before and after the run (up
 *   to five each side, at most four bytes each), followed here call by call:
 *   the key has the 24 bytes before and after as the buffer calls gave
 *   them, which hold all HarfBuzz can read of them;
 * - the features, as given.
 * A buffer is only followed from empty (made, reset or cleared here): any
 * other buffer is shaped by HarfBuzz and not remembered. */

#define CONTEXT_BYTES 24
/* A kiosk runs for weeks and meets new text at every reload: past this, the
 * memory starts again from nothing. The default set keeps about 4 MB. */
#define MAX_BYTES (24u << 20)
/* Buffers followed at once: Pango uses one per shaping thread. */
#define FOLLOWED 8

typedef struct {
  hb_buffer_t *buffer; /* NULL: a free slot */
  gboolean known;      /* every call since the buffer was empty was seen */
  guint8 pre[CONTEXT_BYTES], post[CONTEXT_BYTES];
  int pre_len, post_len;
  gboolean pre_whole, post_whole; /* the bytes reach the text's start, its end */
} Follow;

typedef struct {
  guint n;
  hb_glyph_info_t info[]; /* N, clusters counted from the run's first character; then N positions */
} Shaped;

static hb_glyph_position_t *shaped_pos(const Shaped *s) { return (hb_glyph_position_t *)(s->info + s->n); }

typedef struct {
  guint hash;
  guint32 len;
  guint8 bytes[]; /* what the shaping read, as below */
} Key;

static GMutex lock;
static Follow followed[FOLLOWED];
static guint next_slot;
static GHashTable *memory; /* Key -> Shaped, each one block */
static gsize memory_bytes;
static guint64 next_serial, runs, remembered;
static hb_user_data_key_t serial_key;
static int mode = -1;      /* 0 off, 1 on, 2 on with counts at exit */
static gboolean forbidden; /* vl_shapes_forbid: nothing looked up or kept from now on */

typedef hb_buffer_t *(*CreateFn)(void);
typedef void (*BufferFn)(hb_buffer_t *);
typedef void (*AddFn)(hb_buffer_t *, hb_codepoint_t, unsigned int);
typedef void (*AddUtf8Fn)(hb_buffer_t *, const char *, int, unsigned int, int);
typedef void (*ShapeFn)(hb_font_t *, hb_buffer_t *, const hb_feature_t *, unsigned int);
VL_REAL_FN(CreateFn, hb_buffer_create, "libharfbuzz.so.0")
VL_REAL_FN(BufferFn, hb_buffer_reset, "libharfbuzz.so.0")
VL_REAL_FN(BufferFn, hb_buffer_clear_contents, "libharfbuzz.so.0")
VL_REAL_FN(AddFn, hb_buffer_add, "libharfbuzz.so.0")
VL_REAL_FN(AddUtf8Fn, hb_buffer_add_utf8, "libharfbuzz.so.0")
VL_REAL_FN(ShapeFn, hb_shape, "libharfbuzz.so.0")

static void print_counts(void) {
  fprintf(stderr, "volante: shapes: %" G_GUINT64_FORMAT " runs, %" G_GUINT64_FORMAT " remembered\n", runs, remembered);
}

static int shapes_mode(void) {
  if (G_LIKELY(mode >= 0)) return mode;
  g_mutex_lock(&lock);
  if (mode < 0) {
    mode = vl_env_switch_counted("VOLANTE_SHAPES", print_counts);
  }
  g_mutex_unlock(&lock);
  return mode;
}

void vl_shapes_counts(guint64 *r, guint64 *m) {
  g_mutex_lock(&lock);
  *r = runs, *m = remembered;
  g_mutex_unlock(&lock);
}

/* The slot following BUFFER, taking one (the oldest) when CLAIM; NULL if none.
 * Under the lock. */
static Follow *follow_of(hb_buffer_t *buffer, gboolean claim) {
  for (guint i = 0; i < FOLLOWED; i++)
    if (followed[i].buffer == buffer) return &followed[i];
  if (!claim) return NULL;
  Follow *f = &followed[next_slot++ % FOLLOWED];
  f->buffer = buffer;
  f->known = FALSE;
  return f;
}

/* BUFFER is empty, without context (made, reset or cleared). */
static void follow_empty(hb_buffer_t *buffer) {
  if (!buffer || shapes_mode() == 0) return;
  g_mutex_lock(&lock);
  Follow *f = follow_of(buffer, TRUE);
  f->known = TRUE;
  f->pre_len = f->post_len = 0;
  f->pre_whole = f->post_whole = TRUE;
  g_mutex_unlock(&lock);
}

__attribute__((visibility("default"))) hb_buffer_t *hb_buffer_create(void) {
  hb_buffer_t *b = real_hb_buffer_create()();
  follow_empty(b);
  return b;
}

__attribute__((visibility("default"))) void hb_buffer_reset(hb_buffer_t *buffer) {
  real_hb_buffer_reset()(buffer);
  follow_empty(buffer);
}

__attribute__((visibility("default"))) void hb_buffer_clear_contents(hb_buffer_t *buffer) {
  real_hb_buffer_clear_contents()(buffer);
  follow_empty(buffer);
}

/* hb_buffer_add clears the context after the text (Pango's hyphen at a
 * line's end relies on that). */
__attribute__((visibility("default"))) void hb_buffer_add(hb_buffer_t *buffer, hb_codepoint_t codepoint,
                                                          unsigned int cluster) {
  real_hb_buffer_add()(buffer, codepoint, cluster);
  if (shapes_mode() == 0) return;
  g_mutex_lock(&lock);
  Follow *f = follow_of(buffer, FALSE);
  if (f) f->post_len = 0, f->post_whole = TRUE;
  g_mutex_unlock(&lock);
}

/* As HarfBuzz does: an empty buffer given text before the run takes its
 * last characters as the context before; every call takes the characters
 * after the run, up to the text's end, as the context after. */
__attribute__((visibility("default"))) void hb_buffer_add_utf8(hb_buffer_t *buffer, const char *text, int text_length,
                                                               unsigned int item_offset, int item_length) {
  unsigned int before = hb_buffer_get_length(buffer);
  real_hb_buffer_add_utf8()(buffer, text, text_length, item_offset, item_length);
  if (shapes_mode() == 0) return;
  g_mutex_lock(&lock);
  Follow *f = follow_of(buffer, FALSE);
  if (f && f->known) {
    gsize total = text_length < 0 ? strlen(text) : (gsize)text_length;
    gsize run = item_offset > total ? 0 : item_length < 0 ? total - item_offset : (gsize)item_length;
    /* HarfBuzz adds nothing to a buffer it cannot grow (and a run adds at
     * least one character); a run past the text is not followed. */
    gboolean took = hb_buffer_allocation_successful(buffer) && (run == 0 || hb_buffer_get_length(buffer) > before);
    if (!took || item_offset > total || run > total - item_offset) {
      f->known = FALSE;
    } else {
      if (before == 0 && item_offset > 0) {
        gsize from = item_offset > CONTEXT_BYTES ? item_offset - CONTEXT_BYTES : 0;
        f->pre_len = (int)(item_offset - from);
        memcpy(f->pre, text + from, (size_t)f->pre_len);
        f->pre_whole = from == 0;
      }
      gsize end = item_offset + run, to = MIN(total, end + CONTEXT_BYTES);
      f->post_len = (int)(to - end);
      memcpy(f->post, text + end, (size_t)f->post_len);
      f->post_whole = to == total;
    }
  }
  g_mutex_unlock(&lock);
}

/* The number PARENT is known by, 0 for one that cannot carry it. */
static guint64 font_serial(hb_font_t *parent) {
  void *v = hb_font_get_user_data(parent, &serial_key);
  if (v) return (guint64)(uintptr_t)v;
  g_mutex_lock(&lock);
  guint64 s = ++next_serial;
  g_mutex_unlock(&lock);
  if (!hb_font_set_user_data(parent, &serial_key, (void *)(uintptr_t)s, NULL, FALSE)) s = 0;
  v = hb_font_get_user_data(parent, &serial_key); /* another thread's, if it came first */
  return v ? (guint64)(uintptr_t)v : s;
}

/* Writes V's bytes at the cursor W and moves it on (an expression, so
 * that several go on one line). */
#define PUT(w, v) (memcpy((w), &(__typeof__(v)){(v)}, sizeof(v)), (w) += sizeof(v))

static guint key_hash(gconstpointer p) { return ((const Key *)p)->hash; }

static gboolean key_equal(gconstpointer a, gconstpointer b) {
  const Key *x = a, *y = b;
  return x->hash == y->hash && x->len == y->len && !memcmp(x->bytes, y->bytes, x->len);
}

/* The key of shaping BUFFER with FONT and FEATURES (see above), NULL when
 * it cannot have one; *BASE is the run's first cluster. Caller frees. */
static Key *shape_key(hb_font_t *font, hb_buffer_t *buffer, const Follow *f, const hb_feature_t *features,
                      unsigned int n_features, unsigned int *base) {
  hb_font_t *parent = hb_font_get_parent(font);
  guint64 serial = parent ? font_serial(parent) : 0;
  if (!serial || hb_buffer_get_content_type(buffer) != HB_BUFFER_CONTENT_TYPE_UNICODE) return NULL;
  unsigned int len, n_coords;
  const hb_glyph_info_t *in = hb_buffer_get_glyph_infos(buffer, &len);
  const int *coords = hb_font_get_var_coords_normalized(font, &n_coords);
  if (!len || len > (1u << 24) || n_coords > 64 || n_features > 256) return NULL;
  *base = in[0].cluster;

  gsize most = 128 + n_coords * sizeof *coords + 2 * CONTEXT_BYTES + n_features * sizeof *features + len * 8u;
  Key *k = g_malloc(sizeof(Key) + most);
  guint8 *w = k->bytes;
  int xs, ys;
  unsigned int xp, yp;
  hb_font_get_scale(font, &xs, &ys);
  hb_font_get_ppem(font, &xp, &yp);
  PUT(w, serial), PUT(w, xs), PUT(w, ys), PUT(w, xp), PUT(w, yp);
  PUT(w, hb_font_get_ptem(font)), PUT(w, hb_font_get_synthetic_slant(font));
  PUT(w, n_coords);
  if (n_coords) memcpy(w, coords, n_coords * sizeof *coords), w += n_coords * sizeof *coords;

  hb_segment_properties_t props;
  hb_buffer_get_segment_properties(buffer, &props);
  PUT(w, (int)props.direction), PUT(w, (guint32)props.script), PUT(w, (const void *)props.language);
  PUT(w, (int)hb_buffer_get_flags(buffer)), PUT(w, (int)hb_buffer_get_cluster_level(buffer));
  PUT(w, hb_buffer_get_invisible_glyph(buffer)), PUT(w, hb_buffer_get_not_found_glyph(buffer));
  PUT(w, hb_buffer_get_replacement_codepoint(buffer));

  PUT(w, f->pre_len), PUT(w, f->pre_whole);
  memcpy(w, f->pre, (size_t)f->pre_len), w += f->pre_len;
  PUT(w, f->post_len), PUT(w, f->post_whole);
  memcpy(w, f->post, (size_t)f->post_len), w += f->post_len;

  PUT(w, n_features);
  if (n_features) memcpy(w, features, n_features * sizeof *features), w += n_features * sizeof *features;

  PUT(w, len);
  for (unsigned int i = 0; i < len; i++) PUT(w, in[i].codepoint), PUT(w, in[i].cluster - *base);
  k->len = (guint32)(w - k->bytes);
  k->hash = vl_hash_bytes(k->bytes, k->len);
  return k;
}

/* Puts S into BUFFER as HarfBuzz would have left it: glyphs, positions. */
static gboolean replay(hb_buffer_t *buffer, const Shaped *s, unsigned int base) {
  if (!hb_buffer_set_length(buffer, s->n)) return FALSE;
  hb_buffer_set_content_type(buffer, HB_BUFFER_CONTENT_TYPE_GLYPHS);
  hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buffer, NULL);
  hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buffer, NULL);
  if (!info || !pos) return FALSE;
  memcpy(info, s->info, s->n * sizeof *info);
  memcpy(pos, shaped_pos(s), s->n * sizeof *pos);
  for (guint i = 0; i < s->n; i++) info[i].cluster += base;
  return TRUE;
}

static void keep(Key *key, hb_buffer_t *buffer, unsigned int base) {
  unsigned int n;
  const hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buffer, &n);
  const hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buffer, NULL);
  if (!n || !pos || hb_buffer_get_content_type(buffer) != HB_BUFFER_CONTENT_TYPE_GLYPHS ||
      !hb_buffer_allocation_successful(buffer)) {
    g_free(key);
    return;
  }
  gsize size = sizeof(Shaped) + n * (sizeof *info + sizeof *pos);
  Shaped *s = g_malloc(size);
  s->n = n;
  memcpy(s->info, info, n * sizeof *info);
  memcpy(shaped_pos(s), pos, n * sizeof *pos);
  for (guint i = 0; i < n; i++) s->info[i].cluster -= base;
  size += sizeof(Key) + key->len;
  g_mutex_lock(&lock);
  if (!memory) memory = g_hash_table_new_full(key_hash, key_equal, g_free, g_free);
  if (memory_bytes + size > MAX_BYTES) {
    g_hash_table_remove_all(memory);
    memory_bytes = 0;
  }
  if (g_hash_table_replace(memory, key, s)) memory_bytes += size;
  g_mutex_unlock(&lock);
}

__attribute__((visibility("default"))) void hb_shape(hb_font_t *font, hb_buffer_t *buffer, const hb_feature_t *features,
                                                     unsigned int num_features) {
  if (shapes_mode() == 0) {
    real_hb_shape()(font, buffer, features, num_features);
    return;
  }
  g_mutex_lock(&lock);
  runs++;
  Follow *f = follow_of(buffer, FALSE), seen;
  gboolean known = f && f->known && !forbidden;
  if (known) {
    seen = *f;
    f->known = FALSE; /* the buffer holds glyphs now: followed again once emptied */
  }
  g_mutex_unlock(&lock);
  unsigned int base = 0;
  Key *key = known ? shape_key(font, buffer, &seen, features, num_features, &base) : NULL;
  if (key) {
    g_mutex_lock(&lock);
    const Shaped *s = memory ? g_hash_table_lookup(memory, key) : NULL;
    gboolean done = s && replay(buffer, s, base);
    if (done) remembered++;
    g_mutex_unlock(&lock);
    if (done) {
      g_free(key);
      return;
    }
  }
  real_hb_shape()(font, buffer, features, num_features);
  if (key) keep(key, buffer, base);
}

void vl_shapes_init(void) { shapes_mode(); }

void vl_shapes_forbid(void) {
  shapes_mode(); /* the counts are still printed for =stats */
  g_mutex_lock(&lock);
  forbidden = TRUE;
  g_mutex_unlock(&lock);
}
