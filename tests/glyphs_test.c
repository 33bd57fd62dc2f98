/* glyphs.unit: FreeType's glyph loads as remembered by src/glyphs.c against
 * FreeType's own, in a TrueType and a CFF face: the slot a remembered load
 * leaves is the one a real load leaves, after the caller has changed the
 * outline in place (as Cairo does), at another size, under a transform, and
 * for a new face where a face that is done used to be. Exit status 1 when
 * any check failed. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <ft2build.h>
#include <string.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H

#include "glyphs.h"
#include "unit.h"

#define LATIN "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"
#define ARABIC "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf"
#define CJK "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"

typedef FT_Error (*LoadFn)(FT_Face, FT_UInt, FT_Int32);
static LoadFn freetype_load; /* FreeType's own, past this program's */

/* What a load left in FACE's slot, as bytes to compare. */
typedef struct {
  FT_Glyph_Format format;
  FT_Glyph_Metrics metrics;
  FT_Fixed linear_h, linear_v;
  FT_Vector advance;
  short n_points, n_contours;
  FT_Vector points[512];
  short contours[64];
  char tags[512];
} Slot;

static void take(FT_Face face, Slot *s) {
  memset(s, 0, sizeof *s);
  FT_GlyphSlot g = face->glyph;
  s->format = g->format;
  s->metrics = g->metrics;
  s->linear_h = g->linearHoriAdvance, s->linear_v = g->linearVertAdvance;
  s->advance = g->advance;
  s->n_points = (short)MIN(g->outline.n_points, 512);
  s->n_contours = (short)MIN(g->outline.n_contours, 64);
  memcpy(s->points, g->outline.points, (size_t)s->n_points * sizeof *s->points);
  memcpy(s->tags, g->outline.tags, (size_t)s->n_points);
  memcpy(s->contours, g->outline.contours, (size_t)s->n_contours * sizeof *s->contours);
}

/* Loads GLYPH of FACE with FreeType, then twice through glyphs.c (the
 * second time from memory, after turning the outline upside down as Cairo
 * does), and checks that all three leave the same slot. */
static void same_loads(FT_Face face, FT_UInt glyph, const char *what) {
  const FT_Int32 flags = FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP | FT_LOAD_COLOR;
  static Slot own, kept;
  CHECK(freetype_load(face, glyph, flags) == 0, "%s: FreeType cannot load glyph %u", what, glyph);
  take(face, &own);
  CHECK(own.n_points > 0, "%s: glyph %u has no outline", what, glyph);
  for (int round = 0; round < 2; round++) {
    CHECK(FT_Load_Glyph(face, glyph, flags) == 0, "%s: glyph %u, load %d failed", what, glyph, round + 1);
    take(face, &kept);
    CHECK(!memcmp(&own, &kept, sizeof own),
          "%s: glyph %u, load %d: %d points, advance %ld, where FreeType gives %d, %ld", what, glyph, round + 1,
          kept.n_points, (long)kept.advance.x, own.n_points, (long)own.advance.x);
    FT_Matrix flip = {0x10000, 0, 0, -0x10000};
    FT_Outline_Transform(&face->glyph->outline, &flip);
  }
}

int main(void) {
  freetype_load = (LoadFn)dlsym(RTLD_NEXT, "FT_Load_Glyph");
  if (!freetype_load) {
    fprintf(stderr, "FreeType's FT_Load_Glyph is not found past this program's\n");
    return 1;
  }
  vl_glyphs_enable();
  FT_Library lib;
  FT_Face latin, cjk, arabic;
  if (FT_Init_FreeType(&lib) || FT_New_Face(lib, LATIN, 0, &latin) || FT_New_Face(lib, CJK, 0, &cjk)) {
    fprintf(stderr, "cannot open %s and %s (Debian's fonts-noto-core, fonts-noto-cjk)\n", LATIN, CJK);
    return 1;
  }
  FT_UInt a = FT_Get_Char_Index(latin, 'a'), g = FT_Get_Char_Index(latin, 'g');
  FT_UInt han = FT_Get_Char_Index(cjk, 0x6587); /* 文 */
  FT_Set_Char_Size(latin, 0, 12 * 64, 72, 72);
  FT_Set_Char_Size(cjk, 0, 12 * 64, 72, 72);
  same_loads(latin, a, "Noto Sans 12 pt");
  same_loads(latin, g, "Noto Sans 12 pt");
  same_loads(cjk, han, "Noto Sans CJK 12 pt (CFF)");
  FT_Set_Char_Size(latin, 0, 30 * 64, 72, 72);
  same_loads(latin, a, "Noto Sans 30 pt");
  FT_Matrix slant = {0x10000, 0x4000, 0, 0x10000};
  FT_Set_Transform(latin, &slant, NULL);
  same_loads(latin, a, "Noto Sans 30 pt, slanted");
  FT_Set_Transform(latin, NULL, NULL);
  same_loads(latin, a, "Noto Sans 30 pt, upright again");

  /* A face that is done is forgotten: a new one, maybe at the same address,
   * with the same glyph number at the same size, is loaded for itself. */
  CHECK(vl_glyphs_faces() == 2, "loads kept for %u faces, where two were used", vl_glyphs_faces());
  FT_Done_Face(latin);
  CHECK(vl_glyphs_faces() == 1, "loads kept for %u faces after one of two was done", vl_glyphs_faces());
  if (FT_New_Face(lib, ARABIC, 0, &arabic)) {
    fprintf(stderr, "cannot open %s\n", ARABIC);
    return 1;
  }
  FT_Set_Char_Size(arabic, 0, 30 * 64, 72, 72);
  same_loads(arabic, a, "Noto Sans Arabic 30 pt, after Noto Sans was done");

  guint64 loads, remembered;
  vl_glyphs_counts(&loads, &remembered);
  /* Seven cases, two loads each: the second of each comes from memory, and
   * the first of "upright again" too (the 30 pt load's). */
  CHECK(loads == 14 && remembered == 8, "%" G_GUINT64_FORMAT " loads, %" G_GUINT64_FORMAT " remembered", loads,
        remembered);
  FT_Done_Face(arabic);
  FT_Done_Face(cjk);
  FT_Face again;
  CHECK(!FT_New_Face(lib, CJK, 0, &again) && !FT_Load_Glyph(again, han, FT_LOAD_NO_HINTING) && vl_glyphs_faces() == 1,
        "a face opened after the others were done: loads kept for %u faces", vl_glyphs_faces());
  FT_Done_FreeType(lib); /* and with the library, every face it had */
  CHECK(vl_glyphs_faces() == 0, "loads kept for %u faces after the library was done", vl_glyphs_faces());
  if (!failed) printf("glyphs.unit: 7 loads, each remembered as FreeType made it\n");
  return failed ? 1 : 0;
}
