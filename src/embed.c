#include "embed.h"

#include <cairo-ft.h>
#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include <hb-subset.h>
#include <hb.h>
#include <pango/pangofc-font.h>
#include FT_FREETYPE_H

/* Fonts whose CFF table is larger than this take the subsetting path. */
#define LARGE_CFF (1u << 20)

typedef struct {
  char *file;
  int index;
  hb_set_t *glyphs;
  cairo_font_face_t *face; /* after prepare; NULL when not subset */
  hb_map_t *gids;          /* original glyph id -> glyph id in the subset */
} Entry;

struct VlEmbed {
  GHashTable *fonts; /* PangoFont* -> Entry* (borrowed from files) */
  GHashTable *files; /* "file\nindex" -> Entry* (owned) */
};

static FT_Library ft_library(void) {
  /* One FreeType library per process: volante draws from one thread per process. */
  static FT_Library lib;
  if (!lib && FT_Init_FreeType(&lib) != 0) lib = NULL;
  return lib;
}

static void entry_free(gpointer p) {
  Entry *en = p;
  g_free(en->file);
  hb_set_destroy(en->glyphs);
  if (en->face) cairo_font_face_destroy(en->face);
  if (en->gids) hb_map_destroy(en->gids);
  g_free(en);
}

VlEmbed *vl_embed_new(void) {
  VlEmbed *e = g_new0(VlEmbed, 1);
  e->fonts = g_hash_table_new(g_direct_hash, g_direct_equal);
  e->files = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, entry_free);
  return e;
}

void vl_embed_free(VlEmbed *e) {
  if (!e) return;
  g_hash_table_destroy(e->fonts);
  g_hash_table_destroy(e->files);
  g_free(e);
}

static Entry *entry_for(VlEmbed *e, PangoFont *font) {
  Entry *en = g_hash_table_lookup(e->fonts, font);
  if (en || !PANGO_IS_FC_FONT(font)) return en;
  FcPattern *pat = pango_fc_font_get_pattern(PANGO_FC_FONT(font));
  FcChar8 *file = NULL;
  int index = 0;
  if (FcPatternGetString(pat, FC_FILE, 0, &file) != FcResultMatch) return NULL;
  FcPatternGetInteger(pat, FC_INDEX, 0, &index);
  char *key = g_strdup_printf("%s\n%d", (const char *)file, index);
  en = g_hash_table_lookup(e->files, key);
  if (!en) {
    en = g_new0(Entry, 1);
    en->file = g_strdup((const char *)file);
    en->index = index;
    en->glyphs = hb_set_create();
    g_hash_table_insert(e->files, key, en);
  } else {
    g_free(key);
  }
  g_hash_table_insert(e->fonts, font, en);
  return en;
}

void vl_embed_use(VlEmbed *e, PangoGlyphItem *run) {
  Entry *en = entry_for(e, run->item->analysis.font);
  if (!en) return;
  for (int i = 0; i < run->glyphs->num_glyphs; i++) {
    PangoGlyph g = run->glyphs->glyphs[i].glyph;
    if (g != PANGO_GLYPH_EMPTY && !(g & PANGO_GLYPH_UNKNOWN_FLAG)) hb_set_add(en->glyphs, g);
  }
}

typedef struct {
  FT_Face face;
  hb_blob_t *blob;
} Held;

static void held_free(void *p) {
  Held *h = p;
  FT_Done_Face(h->face);
  hb_blob_destroy(h->blob);
  g_free(h);
}

static const cairo_user_data_key_t held_key;

/* FACE's tables but its cmap, sharing their bytes. */
static hb_face_t *without_cmap(hb_face_t *face) {
  hb_face_t *b = hb_face_builder_create();
  hb_tag_t tags[64];
  unsigned n = G_N_ELEMENTS(tags);
  n = hb_face_get_table_tags(face, 0, &n, tags);
  for (unsigned i = 0; i < n; i++) {
    if (tags[i] == HB_TAG('c', 'm', 'a', 'p')) continue;
    hb_blob_t *t = hb_face_reference_table(face, tags[i]);
    hb_face_builder_add_table(b, tags[i], t);
    hb_blob_destroy(t);
  }
  hb_face_set_upem(b, hb_face_get_upem(face));
  hb_face_set_glyph_count(b, hb_face_get_glyph_count(face));
  return b;
}

/* Adds to GLYPHS the glyph of every variation sequence (cmap format 14)
 * whose base character maps to one of GLYPHS: what the subsetter adds when
 * it reads the characters from the cmap. */
static void add_variants(hb_face_t *face, hb_set_t *glyphs) {
  hb_font_t *font = hb_font_create(face);
  hb_set_t *selectors = hb_set_create(), *chars = hb_set_create(), *more = hb_set_create();
  hb_face_collect_variation_selectors(face, selectors);
  for (hb_codepoint_t vs = HB_SET_VALUE_INVALID; hb_set_next(selectors, &vs);) {
    hb_set_clear(chars);
    hb_face_collect_variation_unicodes(face, vs, chars);
    for (hb_codepoint_t u = HB_SET_VALUE_INVALID; hb_set_next(chars, &u);) {
      hb_codepoint_t g, v;
      if (hb_font_get_nominal_glyph(font, u, &g) && hb_set_has(glyphs, g) &&
          hb_font_get_variation_glyph(font, u, vs, &v))
        hb_set_add(more, v);
    }
  }
  hb_set_union(glyphs, more);
  hb_set_destroy(selectors);
  hb_set_destroy(chars);
  hb_set_destroy(more);
  hb_font_destroy(font);
}

static cairo_font_face_t *subset(Entry *en, hb_map_t **gids) {
  hb_blob_t *blob = hb_blob_create_from_file_or_fail(en->file);
  if (!blob) return NULL;
  hb_face_t *face = hb_face_create(blob, (unsigned)en->index);
  hb_blob_destroy(blob);
  hb_blob_t *cff = hb_face_reference_table(face, HB_TAG('C', 'F', 'F', ' '));
  unsigned cff_len = hb_blob_get_length(cff);
  hb_blob_destroy(cff);
  cairo_font_face_t *result = NULL;
  hb_subset_input_t *in = cff_len > LARGE_CFF ? hb_subset_input_create_or_fail() : NULL;
  if (in) {
    hb_set_union(hb_subset_input_glyph_set(in), en->glyphs);
    /* The subsetter is handed the face without its cmap: given glyphs and a
     * cmap, HarfBuzz 6 reads all of a collection's 65,000 mappings to learn
     * which characters the glyphs stand for (two thirds of the subsetting).
     * The PDF's text comes from what Pango drew, not from the font; the one
     * thing those characters gave the subset, their variants (a Japanese
     * ideograph's forms in the cmap's variation sequences), is added here,
     * so the subset keeps the same glyphs and the PDF the same bytes. */
    add_variants(face, hb_subset_input_glyph_set(in));
    hb_face_t *plain = without_cmap(face);
    hb_face_destroy(face);
    face = plain;
    /* Pango has already shaped the text: the PDF needs outlines and metrics,
     * not the layout tables, and leaving them out spares the subsetter a
     * closure over every substitution of a 65,000-glyph font. */
    static const hb_tag_t drop[] = {HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'), HB_TAG('G', 'D', 'E', 'F'),
                                    HB_TAG('B', 'A', 'S', 'E'), HB_TAG('J', 'S', 'T', 'F'), HB_TAG('M', 'A', 'T', 'H'),
                                    HB_TAG('v', 'h', 'e', 'a'), HB_TAG('v', 'm', 't', 'x'), HB_TAG('V', 'O', 'R', 'G')};
    hb_set_t *tables = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (size_t i = 0; i < G_N_ELEMENTS(drop); i++) hb_set_add(tables, drop[i]);
    /* Desubroutinize so Cairo has no subroutines left to copy. Glyph ids
     * change in the subset; the plan says how. */
    hb_subset_input_set_flags(
        in, HB_SUBSET_FLAGS_DESUBROUTINIZE | HB_SUBSET_FLAGS_NOTDEF_OUTLINE | HB_SUBSET_FLAGS_NAME_LEGACY);
    hb_subset_plan_t *plan = hb_subset_plan_create_or_fail(face, in);
    hb_subset_input_destroy(in);
    hb_face_t *sub = plan ? hb_subset_plan_execute_or_fail(plan) : NULL;
    if (sub) *gids = hb_map_reference((hb_map_t *)hb_subset_plan_old_to_new_glyph_mapping(plan));
    if (plan) hb_subset_plan_destroy(plan);
    if (sub) {
      Held *h = g_new0(Held, 1);
      h->blob = hb_face_reference_blob(sub);
      hb_face_destroy(sub);
      unsigned len = 0;
      const char *data = hb_blob_get_data(h->blob, &len);
      FT_Library lib = ft_library();
      if (lib && len && FT_New_Memory_Face(lib, (const FT_Byte *)data, (FT_Long)len, 0, &h->face) == 0) {
        result = cairo_ft_font_face_create_for_ft_face(h->face, FT_LOAD_NO_HINTING);
        if (cairo_font_face_set_user_data(result, &held_key, h, held_free) != CAIRO_STATUS_SUCCESS) {
          cairo_font_face_destroy(result);
          result = NULL;
          held_free(h);
          hb_map_destroy(*gids);
          *gids = NULL;
        }
      } else {
        hb_blob_destroy(h->blob);
        g_free(h);
        hb_map_destroy(*gids);
        *gids = NULL;
      }
    }
  }
  hb_face_destroy(face);
  return result;
}

/* Subsets already made in this process, by font and exact glyph set: the
 * flyer, the poster and the bilingual page of a language print the same
 * text, so they can share one. Keyed by the exact set, the result does not
 * depend on which pages a worker happened to draw first. */
typedef struct {
  cairo_font_face_t *face; /* NULL: not worth subsetting */
  hb_map_t *gids;
} Made;

static GHashTable *made; /* "file\nindex\ng1,g2,..." -> Made* (one process, one thread) */

static void made_free(gpointer p) {
  Made *m = p;
  if (m->face) cairo_font_face_destroy(m->face);
  if (m->gids) hb_map_destroy(m->gids);
  g_free(m);
}

static char *made_key(const Entry *en) {
  GString *k = g_string_new(en->file);
  g_string_append_printf(k, "\n%d\n", en->index);
  /* "%u," by hand: a printf for each of a CJK subset's hundreds of glyphs
   * cost more than the rest of the key. */
  for (hb_codepoint_t g = HB_SET_VALUE_INVALID; hb_set_next(en->glyphs, &g);) {
    char digits[12];
    int n = 0;
    hb_codepoint_t v = g; /* g is hb_set_next's place in the set */
    do digits[n++] = (char)('0' + v % 10);
    while ((v /= 10) && n < (int)sizeof digits);
    while (n) g_string_append_c(k, digits[--n]);
    g_string_append_c(k, ',');
  }
  return g_string_free(k, FALSE);
}

void vl_embed_prepare(VlEmbed *e) {
  if (!made) made = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, made_free);
  /* --watch renders again and again as a translator types: keep the cache small. */
  if (g_hash_table_size(made) > 64) g_hash_table_remove_all(made);
  GHashTableIter it;
  gpointer k, v;
  g_hash_table_iter_init(&it, e->files);
  while (g_hash_table_iter_next(&it, &k, &v)) {
    Entry *en = v;
    if (en->face || !hb_set_get_population(en->glyphs)) continue;
    char *key = made_key(en);
    Made *m = g_hash_table_lookup(made, key);
    if (!m) {
      m = g_new0(Made, 1);
      m->face = subset(en, &m->gids);
      g_hash_table_insert(made, key, m);
    } else {
      g_free(key);
    }
    en->face = m->face ? cairo_font_face_reference(m->face) : NULL;
    en->gids = m->gids ? hb_map_reference(m->gids) : NULL;
  }
}

cairo_font_face_t *vl_embed_face(VlEmbed *e, PangoFont *font) {
  Entry *en = g_hash_table_lookup(e->fonts, font);
  return en ? en->face : NULL;
}

unsigned vl_embed_glyph(VlEmbed *e, PangoFont *font, unsigned glyph) {
  Entry *en = g_hash_table_lookup(e->fonts, font);
  if (!en || !en->gids) return glyph;
  hb_codepoint_t g = hb_map_get(en->gids, glyph);
  return g == HB_MAP_VALUE_INVALID ? 0 : g;
}
