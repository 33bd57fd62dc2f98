#include "glyphs.h"

#include <ft2build.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include FT_FREETYPE_H

#include "util.h"

/* What a load leaves that its readers (Cairo, FreeType's own outline
 * functions) read, for an outline glyph: the slot's format, metrics, linear
 * and rounded advances, the hinting deltas and the outline (points, tags,
 * contour ends, flags). FreeType's next real load of the face sets the
 * slot's outline back to its own memory (the TrueType and CFF loaders both
 * copy their loader's outline into the slot at the end), so a kept outline
 * is put in memory of this file's, one block per face, which lives until
 * the face is done. Readers may change the outline in place (Cairo turns it
 * upside down before it reads it as a path): what is kept is a copy. */

/* Past this, what was kept is dropped and kept again from nothing. The
 * default set keeps about 12 MB per process. */
#define MAX_BYTES (48u << 20)

typedef struct {
  FT_UInt glyph;
  FT_Int32 flags;
  FT_Fixed x_scale, y_scale;
  FT_UShort x_ppem, y_ppem;
  FT_Matrix matrix;
  FT_Vector delta;
} Key;

/* The slot's fields a load sets, but for the outline. */
typedef struct {
  FT_Glyph_Metrics metrics;
  FT_Fixed linear_h, linear_v;
  FT_Vector advance;
  FT_Pos lsb_delta, rsb_delta;
} Fields;

typedef struct {
  Fields fields;
  int flags; /* the outline's */
  short n_contours, n_points;
  /* then FT_Vector points[n_points], short contours[n_contours], char tags[n_points] */
} Kept;

typedef struct {
  GHashTable *loads; /* Key -> Kept */
  guint8 *slot;      /* the outline last put back (points, contours, tags) */
  gsize slot_size;
} Face;

static GMutex lock;
static GHashTable *faces; /* FT_Face -> Face */
static gsize kept_bytes;
static guint64 loads, remembered;
static int mode = -1; /* -1 not yet enabled, 0 off, 1 on, 2 on with counts at exit */

typedef FT_Error (*LoadFn)(FT_Face, FT_UInt, FT_Int32);
typedef FT_Error (*DoneFaceFn)(FT_Face);
typedef FT_Error (*DoneLibraryFn)(FT_Library);
typedef void (*TransformFn)(FT_Face, FT_Matrix *, FT_Vector *);
VL_REAL_FN(LoadFn, FT_Load_Glyph, "libfreetype.so.6")
VL_REAL_FN(DoneFaceFn, FT_Done_Face, "libfreetype.so.6")
VL_REAL_FN(DoneLibraryFn, FT_Done_FreeType, "libfreetype.so.6")
VL_REAL_FN(DoneLibraryFn, FT_Done_Library, "libfreetype.so.6")
VL_REAL_FN(TransformFn, FT_Get_Transform, "libfreetype.so.6")

static void print_counts(void) {
  fprintf(stderr, "volante: glyphs: %" G_GUINT64_FORMAT " loads, %" G_GUINT64_FORMAT " remembered\n", loads,
          remembered);
}

void vl_glyphs_enable(void) {
  g_mutex_lock(&lock);
  if (mode < 0) {
    g_atomic_int_set(&mode, vl_env_switch_counted("VOLANTE_GLYPHS", print_counts));
  }
  g_mutex_unlock(&lock);
}

void vl_glyphs_counts(guint64 *l, guint64 *r) {
  g_mutex_lock(&lock);
  *l = loads, *r = remembered;
  g_mutex_unlock(&lock);
}

guint vl_glyphs_faces(void) {
  g_mutex_lock(&lock);
  guint n = faces ? g_hash_table_size(faces) : 0;
  g_mutex_unlock(&lock);
  return n;
}

/* Keys are compared, and hashed, as bytes (load_key zeroes the padding). */
static guint key_hash(gconstpointer p) { return vl_hash_bytes(p, sizeof(Key)); }

static gboolean key_equal(gconstpointer a, gconstpointer b) { return !memcmp(a, b, sizeof(Key)); }

static void face_free(gpointer p) {
  Face *f = p;
  g_hash_table_destroy(f->loads);
  g_free(f->slot);
  g_free(f);
}

/* Drops the loads kept, but not the memory each face's slot may point
 * into (a slot put back keeps pointing there until its face's next load).
 * Under the lock. */
static void forget_loads(void) {
  if (faces) {
    GHashTableIter it;
    gpointer f;
    g_hash_table_iter_init(&it, faces);
    while (g_hash_table_iter_next(&it, NULL, &f)) g_hash_table_remove_all(((Face *)f)->loads);
  }
  kept_bytes = 0;
}

/* Forgets everything: the faces of a library that is done are gone without
 * an FT_Done_Face each. Under the lock. */
static void forget_all(void) {
  if (faces) g_hash_table_remove_all(faces);
  kept_bytes = 0;
}

__attribute__((visibility("default"))) FT_Error FT_Done_Face(FT_Face face) {
  g_mutex_lock(&lock);
  if (faces) g_hash_table_remove(faces, face);
  g_mutex_unlock(&lock);
  return real_FT_Done_Face()(face);
}

__attribute__((visibility("default"))) FT_Error FT_Done_FreeType(FT_Library library) {
  g_mutex_lock(&lock);
  forget_all();
  g_mutex_unlock(&lock);
  return real_FT_Done_FreeType()(library);
}

__attribute__((visibility("default"))) FT_Error FT_Done_Library(FT_Library library) {
  g_mutex_lock(&lock);
  forget_all();
  g_mutex_unlock(&lock);
  return real_FT_Done_Library()(library);
}

/* The key of loading GLYPH of FACE with FLAGS; FALSE for a load that is not
 * kept (no size, variations, a bitmap or parts asked for). */
static gboolean load_key(FT_Face face, FT_UInt glyph, FT_Int32 flags, Key *k) {
  /* A colour face's slot also carries the load's flags, which FreeType's
   * renderer reads (FT_Render_Glyph, COLR layers): not put back here. */
  if (!face || !face->size || !face->glyph || !FT_IS_SCALABLE(face) || FT_HAS_MULTIPLE_MASTERS(face) ||
      FT_HAS_COLOR(face))
    return FALSE;
  if (flags & (FT_LOAD_RENDER | FT_LOAD_NO_RECURSE | FT_LOAD_BITMAP_METRICS_ONLY)) return FALSE;
  memset(k, 0, sizeof *k); /* the padding too: keys are compared as bytes */
  k->glyph = glyph;
  k->flags = flags;
  k->x_scale = face->size->metrics.x_scale;
  k->y_scale = face->size->metrics.y_scale;
  k->x_ppem = face->size->metrics.x_ppem;
  k->y_ppem = face->size->metrics.y_ppem;
  real_FT_Get_Transform()(face, &k->matrix, &k->delta);
  return TRUE;
}

/* Puts KEPT into FACE's slot (under the lock). */
static void put_back(FT_Face face, Face *f, const Kept *kept) {
  gsize n = (gsize)kept->n_points, c = (gsize)kept->n_contours;
  gsize size = n * sizeof(FT_Vector) + c * sizeof(short) + n;
  if (size > f->slot_size) {
    f->slot = g_realloc(f->slot, size);
    f->slot_size = size;
  }
  if (size) memcpy(f->slot, kept + 1, size);
  FT_GlyphSlot s = face->glyph;
  s->format = FT_GLYPH_FORMAT_OUTLINE;
  s->metrics = kept->fields.metrics;
  s->linearHoriAdvance = kept->fields.linear_h, s->linearVertAdvance = kept->fields.linear_v;
  s->advance = kept->fields.advance;
  s->lsb_delta = kept->fields.lsb_delta, s->rsb_delta = kept->fields.rsb_delta;
  s->bitmap_left = s->bitmap_top = 0;
  s->num_subglyphs = 0;
  s->subglyphs = NULL;
  s->outline.n_points = kept->n_points;
  s->outline.n_contours = kept->n_contours;
  s->outline.points = (FT_Vector *)f->slot;
  s->outline.contours = (short *)(f->slot + n * sizeof(FT_Vector));
  s->outline.tags = (char *)(f->slot + n * sizeof(FT_Vector) + c * sizeof(short));
  s->outline.flags = kept->flags;
}

/* Keeps what FACE's slot holds after a load (under the lock). */
static void keep(FT_Face face, const Key *k) {
  FT_GlyphSlot s = face->glyph;
  const FT_Outline *o = &s->outline;
  if (s->format != FT_GLYPH_FORMAT_OUTLINE || o->n_points < 0 || o->n_contours < 0 ||
      (o->n_points && (!o->points || !o->tags)) || (o->n_contours && !o->contours))
    return;
  gsize n = (gsize)o->n_points, c = (gsize)o->n_contours;
  gsize size = sizeof(Kept) + n * sizeof(FT_Vector) + c * sizeof(short) + n;
  if (kept_bytes + size + sizeof(Key) > MAX_BYTES) forget_loads();
  if (!faces) faces = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, face_free);
  Face *f = g_hash_table_lookup(faces, face);
  if (!f) {
    f = g_new0(Face, 1);
    f->loads = g_hash_table_new_full(key_hash, key_equal, g_free, g_free);
    g_hash_table_insert(faces, face, f);
  }
  Kept *kept = g_malloc(size);
  kept->fields =
      (Fields){s->metrics, s->linearHoriAdvance, s->linearVertAdvance, s->advance, s->lsb_delta, s->rsb_delta};
  kept->flags = o->flags;
  kept->n_points = o->n_points;
  kept->n_contours = o->n_contours;
  guint8 *p = (guint8 *)(kept + 1);
  if (n) memcpy(p, o->points, n * sizeof(FT_Vector));
  if (c) memcpy(p + n * sizeof(FT_Vector), o->contours, c * sizeof(short));
  if (n) memcpy(p + n * sizeof(FT_Vector) + c * sizeof(short), o->tags, n);
  g_hash_table_replace(f->loads, g_memdup2(k, sizeof *k), kept);
  kept_bytes += size + sizeof(Key);
}

__attribute__((visibility("default"))) FT_Error FT_Load_Glyph(FT_Face face, FT_UInt glyph_index, FT_Int32 load_flags) {
  Key k;
  if (G_LIKELY(g_atomic_int_get(&mode) <= 0) || !load_key(face, glyph_index, load_flags, &k))
    return real_FT_Load_Glyph()(face, glyph_index, load_flags);
  g_mutex_lock(&lock);
  loads++;
  Face *f = faces ? g_hash_table_lookup(faces, face) : NULL;
  const Kept *kept = f ? g_hash_table_lookup(f->loads, &k) : NULL;
  if (kept) {
    put_back(face, f, kept);
    face->glyph->glyph_index = glyph_index;
    remembered++;
    g_mutex_unlock(&lock);
    return 0;
  }
  g_mutex_unlock(&lock);
  FT_Error e = real_FT_Load_Glyph()(face, glyph_index, load_flags);
  if (!e) {
    g_mutex_lock(&lock);
    keep(face, &k);
    g_mutex_unlock(&lock);
  }
  return e;
}
