/* shapes.unit: HarfBuzz's shaping as remembered by src/shapes.c against
 * HarfBuzz's own, for the same runs of Arabic with different neighbours.
 * An Arabic letter takes another form by what stands before and after it,
 * even outside the run being shaped (the context Pango gives), so a memory
 * that kept too little of the context would answer the medial form where
 * the final one belongs. Each case is shaped twice (the second time from
 * memory), the calls made as Pango 1.50 makes them. Exit status 1 when any
 * check failed. */
#define _GNU_SOURCE
#include "shapes.h"

#include <dlfcn.h>
#include <hb.h>
#include <stdio.h>
#include <string.h>

#include "unit.h"

#define FONT "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf"
#define BEH "\xd8\xa8" /* U+0628, which joins on both sides */

typedef struct {
  unsigned int n;
  hb_glyph_info_t info[16];
  hb_glyph_position_t pos[16];
} Glyphs;

/* HarfBuzz's own functions, past this program's (which are shapes.c's). */
typedef struct {
  hb_buffer_t *(*create)(void);
  void (*add_utf8)(hb_buffer_t *, const char *, int, unsigned int, int);
  void (*add)(hb_buffer_t *, hb_codepoint_t, unsigned int);
  void (*shape)(hb_font_t *, hb_buffer_t *, const hb_feature_t *, unsigned int);
} Calls;

/* Shapes the run of TEXT at OFFSET, LENGTH bytes long, with PARENT as Pango
 * does (a sub-font, the context added before and after, a hyphen added last
 * when HYPHEN), through CALLS. */
static Glyphs shape(const Calls *c, hb_font_t *parent, const char *text, unsigned int offset, int length,
                    gboolean hyphen) {
  hb_font_t *font = hb_font_create_sub_font(parent);
  hb_buffer_t *b = c->create();
  hb_buffer_set_direction(b, HB_DIRECTION_RTL);
  hb_buffer_set_script(b, HB_SCRIPT_ARABIC);
  hb_buffer_set_language(b, hb_language_from_string("ar", -1));
  hb_buffer_set_cluster_level(b, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
  hb_buffer_set_flags(b, HB_BUFFER_FLAG_BOT | HB_BUFFER_FLAG_EOT);
  c->add_utf8(b, text, (int)offset, offset, 0);
  c->add_utf8(b, text, (int)offset + length, offset, length);
  c->add_utf8(b, text, (int)strlen(text), offset + (unsigned int)length, 0);
  if (hyphen) c->add(b, 0x2010, offset + (unsigned int)length - 2);
  c->shape(font, b, NULL, 0);
  Glyphs g = {0};
  hb_glyph_info_t *info = hb_buffer_get_glyph_infos(b, &g.n);
  hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(b, NULL);
  if (g.n > 16) g.n = 16;
  memcpy(g.info, info, g.n * sizeof *info);
  memcpy(g.pos, pos, g.n * sizeof *pos);
  hb_buffer_destroy(b);
  hb_font_destroy(font);
  return g;
}

static gboolean same(const Glyphs *a, const Glyphs *b) {
  if (a->n != b->n) return FALSE;
  for (unsigned int i = 0; i < a->n; i++) {
    const hb_glyph_info_t *x = &a->info[i], *y = &b->info[i];
    if (x->codepoint != y->codepoint || x->cluster != y->cluster ||
        hb_glyph_info_get_glyph_flags(x) != hb_glyph_info_get_glyph_flags(y) ||
        memcmp(&a->pos[i], &b->pos[i], sizeof a->pos[i]))
      return FALSE;
  }
  return TRUE;
}

int main(void) {
  vl_shapes_init();
  Calls mine = {hb_buffer_create, hb_buffer_add_utf8, hb_buffer_add, hb_shape};
  Calls theirs = {dlsym(RTLD_NEXT, "hb_buffer_create"), dlsym(RTLD_NEXT, "hb_buffer_add_utf8"),
                  dlsym(RTLD_NEXT, "hb_buffer_add"), dlsym(RTLD_NEXT, "hb_shape")};
  if (!theirs.create || !theirs.add_utf8 || !theirs.add || !theirs.shape) {
    fprintf(stderr, "HarfBuzz's own functions are not found past this program's\n");
    return 1;
  }
  hb_blob_t *blob = hb_blob_create_from_file_or_fail(FONT);
  if (!blob) {
    fprintf(stderr, "%s: cannot read it (Debian's fonts-noto-core)\n", FONT);
    return 1;
  }
  hb_face_t *face = hb_face_create(blob, 0);
  hb_font_t *parent = hb_font_create(face);

  char pad30[64], pad40[64];
  memset(pad30, 'a', 30), pad30[30] = 0;
  memset(pad40, 'a', 40), pad40[40] = 0;
  char far30[96], far40[96];
  snprintf(far30, sizeof far30, "%s" BEH BEH BEH, pad30);
  snprintf(far40, sizeof far40, "%s" BEH BEH BEH, pad40);
  struct {
    const char *what, *text;
    unsigned int offset;
    int length;
    gboolean hyphen;
  } cases[] = {
      {"between two letters (medial)", BEH BEH BEH, 2, 2, FALSE},
      {"after a letter (final)", BEH BEH, 2, 2, FALSE},
      {"before a letter (initial)", BEH BEH, 0, 2, FALSE},
      {"alone (isolated)", BEH, 0, 2, FALSE},
      {"between two letters, a hyphen after it", BEH BEH BEH, 2, 2, TRUE},
      {"with 30 bytes before the word", far30, 32, 2, FALSE},
      /* The same neighbours further on: remembered, with clusters moved. */
      {"with 40 bytes before the word", far40, 42, 2, FALSE},
  };
  guint n = G_N_ELEMENTS(cases);
  Glyphs own[G_N_ELEMENTS(cases)];
  for (guint i = 0; i < n; i++) {
    own[i] = shape(&theirs, parent, cases[i].text, cases[i].offset, cases[i].length, cases[i].hyphen);
    for (int round = 0; round < 2; round++) {
      Glyphs kept = shape(&mine, parent, cases[i].text, cases[i].offset, cases[i].length, cases[i].hyphen);
      CHECK(same(&kept, &own[i]), "%s, %s time: %u glyphs, the first %u, where HarfBuzz gives %u glyphs, the first %u",
            cases[i].what, round ? "second" : "first", kept.n, kept.info[0].codepoint, own[i].n,
            own[i].info[0].codepoint);
    }
  }
  /* The font does join: the four forms are four glyphs. */
  for (guint i = 0; i < 4; i++)
    for (guint j = i + 1; j < 4; j++)
      CHECK(own[i].info[0].codepoint != own[j].info[0].codepoint, "%s and %s give the same glyph %u", cases[i].what,
            cases[j].what, own[i].info[0].codepoint);
  guint64 runs, remembered;
  vl_shapes_counts(&runs, &remembered);
  /* Every second time is remembered, and the 40-byte case the first time too. */
  CHECK(runs == 2 * n && remembered == n + 1, "%" G_GUINT64_FORMAT " runs, %" G_GUINT64_FORMAT " remembered", runs,
        remembered);

  hb_font_destroy(parent);
  hb_face_destroy(face);
  hb_blob_destroy(blob);
  if (!failed) printf("shapes.unit: %u cases, each shaped twice, as HarfBuzz shapes them\n", n);
  return failed ? 1 : 0;
}
