#include "typeset.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>

struct VlTypesetter {
  PangoFontMap *map;
  PangoContext *ctx[2]; /* [0] left-to-right, [1] right-to-left base direction */
};

typedef struct {
  PangoLayout *layout;
  const VlStyle *style;
  gboolean sized; /* font set for the block's unit */
  double gap;     /* extra em after this paragraph */
  char *link;
  double height; /* at the block's current scale, pt */
} Para;

struct VlBlock {
  VlTypesetter *t;
  const VlLang *lang;
  double width;
  double unit;
  double scale;
  GPtrArray *paras; /* Para* */
};

static PangoContext *make_context(PangoFontMap *map, PangoDirection dir) {
  PangoContext *ctx = pango_font_map_create_context(map);
  /* 72 dpi makes one Pango point one PDF point. No hinting and no rounding:
   * the same text must take the same room on paper at any scale. */
  pango_cairo_context_set_resolution(ctx, 72.0);
  cairo_font_options_t *fo = cairo_font_options_create();
  cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options(ctx, fo);
  cairo_font_options_destroy(fo);
  pango_context_set_round_glyph_positions(ctx, FALSE);
  pango_context_set_base_dir(ctx, dir);
  return ctx;
}

VlTypesetter *vl_typesetter_new(VlFonts *fonts) {
  VlTypesetter *t = g_new0(VlTypesetter, 1);
  t->map = vl_fonts_new_map(fonts);
  t->ctx[0] = make_context(t->map, PANGO_DIRECTION_LTR);
  t->ctx[1] = make_context(t->map, PANGO_DIRECTION_RTL);
  return t;
}

void vl_typesetter_free(VlTypesetter *t) {
  if (!t) return;
  g_object_unref(t->ctx[0]);
  g_object_unref(t->ctx[1]);
  g_object_unref(t->map);
  g_free(t);
}

VlBlock *vl_block_new(VlTypesetter *t, const VlLang *lang, double width, double unit) {
  VlBlock *b = g_new0(VlBlock, 1);
  b->unit = unit > 0 ? unit : 1;
  b->t = t;
  b->lang = lang;
  b->width = width;
  b->scale = 1.0;
  b->paras = g_ptr_array_new();
  return b;
}

void vl_block_free(VlBlock *b) {
  if (!b) return;
  for (guint i = 0; i < b->paras->len; i++) {
    Para *p = g_ptr_array_index(b->paras, i);
    g_object_unref(p->layout);
    g_free(p->link);
    g_free(p);
  }
  g_ptr_array_free(b->paras, TRUE);
  g_free(b);
}

gboolean vl_block_empty(const VlBlock *b) { return b->paras->len == 0; }

void vl_block_gap(VlBlock *b, double em) {
  if (b->paras->len) ((Para *)g_ptr_array_index(b->paras, b->paras->len - 1))->gap += em;
}

/* Space after paragraph P in points at SCALE. */
static double para_after(const VlBlock *b, const Para *p, double scale) {
  return (p->style->space_after + p->gap) * p->style->size * scale * b->unit;
}

/* Pango 1.50 breaks lines of Khmer, Lao, Burmese (and other scripts of line
 * break class SA) only at spaces, which leaves them overflowing. Thai is broken
 * by Pango itself through libthai. For the others, ask ICU's dictionary-based
 * line breaker where the words are and mark each place with U+200B ZERO WIDTH
 * SPACE, which Pango breaks at and does not draw. */
static gboolean needs_icu_break(gunichar c) {
  if (u_getIntPropertyValue((UChar32)c, UCHAR_LINE_BREAK) != U_LB_COMPLEX_CONTEXT) return FALSE;
  UErrorCode st = U_ZERO_ERROR;
  return uscript_getScript((UChar32)c, &st) != USCRIPT_THAI;
}

static char *insert_breaks(const char *text, PangoAttrList *attrs, const char *locale) {
  gboolean any = FALSE;
  for (const char *p = text; *p; p = g_utf8_next_char(p))
    if (needs_icu_break(g_utf8_get_char(p))) {
      any = TRUE;
      break;
    }
  if (!any) return g_strdup(text);

  UErrorCode st = U_ZERO_ERROR;
  int32_t n16 = 0;
  u_strFromUTF8(NULL, 0, &n16, text, -1, &st);
  st = U_ZERO_ERROR;
  UChar *u = g_new(UChar, n16 + 1);
  u_strFromUTF8(u, n16 + 1, NULL, text, -1, &st);
  /* UTF-16 index -> UTF-8 byte offset */
  int *off8 = g_new(int, n16 + 1);
  int i16 = 0;
  for (const char *p = text;; p = g_utf8_next_char(p)) {
    off8[i16] = (int)(p - text);
    if (!*p) break;
    gunichar c = g_utf8_get_char(p);
    if (c > 0xFFFF) off8[i16 + 1] = (int)(p - text), i16++;
    i16++;
  }
  st = U_ZERO_ERROR;
  UBreakIterator *bi = ubrk_open(UBRK_LINE, locale, u, n16, &st);
  GArray *cuts = g_array_new(FALSE, FALSE, sizeof(int));
  if (U_SUCCESS(st)) {
    for (int32_t b = ubrk_first(bi); b != UBRK_DONE; b = ubrk_next(bi)) {
      if (b <= 0 || b >= n16) continue;
      UChar32 before, after;
      int32_t k = b;
      U16_PREV(u, 0, k, before);
      k = b;
      U16_NEXT(u, k, n16, after);
      if (needs_icu_break((gunichar)before) && needs_icu_break((gunichar)after)) g_array_append_val(cuts, off8[b]);
    }
    ubrk_close(bi);
  }
  GString *out = g_string_new(text);
  for (int c = (int)cuts->len - 1; c >= 0; c--) {
    int at = g_array_index(cuts, int, c);
    g_string_insert(out, at, "\u200b");
    pango_attr_list_update(attrs, at, 0, 3);
  }
  g_array_free(cuts, TRUE);
  g_free(off8);
  g_free(u);
  return g_string_free(out, FALSE);
}

static void para_set_scale(Para *p, double scale) {
  PangoFontDescription *fd = pango_font_description_new();
  pango_font_description_set_family(fd, p->style->family);
  pango_font_description_set_weight(fd, (PangoWeight)p->style->weight);
  pango_font_description_set_style(fd, p->style->italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
  pango_font_description_set_size(fd, (int)lround(p->style->size * scale * PANGO_SCALE));
  pango_layout_set_font_description(p->layout, fd);
  pango_font_description_free(fd);
}

/* Direction of the first strong character: 1 left-to-right, -1
 * right-to-left, 0 none (the Unicode bidi rule P2). */
static int first_strong(const char *text) {
  for (const char *p = text; *p; p = g_utf8_next_char(p)) {
    UCharDirection d = u_charDirection((UChar32)g_utf8_get_char(p));
    if (d == U_LEFT_TO_RIGHT) return 1;
    if (d == U_RIGHT_TO_LEFT || d == U_RIGHT_TO_LEFT_ARABIC) return -1;
  }
  return 0;
}

gboolean vl_block_add(VlBlock *b, const char *markup, const VlStyle *style, const char *link, GError **err) {
  PangoAttrList *attrs = NULL;
  char *text = NULL;
  if (!pango_parse_markup(markup, -1, 0, &attrs, &text, NULL, err)) return FALSE;
  gboolean rtl_page = vl_lang_rtl(b->lang);
  char *broken = insert_breaks(text, attrs, vl_lang_tag(b->lang));
  g_free(text);

  /* Bidi: each paragraph gets the direction of its own text (an English name
   * in a Persian flyer stays left-to-right), but alignment follows the page, so
   * the whole Persian flyer lines up on the right. */
  int dir = first_strong(broken);
  gboolean rtl = dir == 0 ? rtl_page : dir < 0;
  PangoLayout *layout = pango_layout_new(b->t->ctx[rtl ? 1 : 0]);
  pango_layout_set_auto_dir(layout, FALSE);
  pango_layout_set_text(layout, broken, -1);
  g_free(broken);
  PangoAttribute *la = pango_attr_language_new(pango_language_from_string(vl_lang_pango(b->lang)));
  pango_attr_list_insert_before(attrs, la);
  pango_layout_set_attributes(layout, attrs);
  pango_attr_list_unref(attrs);
  pango_layout_set_width(layout, (int)lround(b->width * PANGO_SCALE));
  pango_layout_set_wrap(layout, PANGO_WRAP_WORD);
  PangoAlignment al = PANGO_ALIGN_CENTER;
  if (style->align == VL_ALIGN_START) al = rtl_page ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;
  if (style->align == VL_ALIGN_END) al = rtl_page ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT;
  pango_layout_set_alignment(layout, al);
  if (style->line_spacing > 0) pango_layout_set_line_spacing(layout, (float)style->line_spacing);

  Para *p = g_new0(Para, 1);
  p->layout = layout;
  p->style = style;
  p->link = link ? g_strdup(link) : NULL;
  g_ptr_array_add(b->paras, p);
  return TRUE;
}

/* Every paragraph is laid out once at its style's full size; shrinking by
 * SCALE is done by widening the lines by 1/SCALE and drawing scaled. With no
 * hinting and unrounded glyph positions, text metrics are linear in the size,
 * so this gives the same lines as a smaller font, while Pango keeps one font
 * set per style instead of asking fontconfig again for every trial size.
 * Returns the height at SCALE and whether every line fits the width (a word
 * wider than the frame does not). */
static double block_measure(VlBlock *b, double scale, gboolean *fits_width) {
  double h = 0;
  *fits_width = TRUE;
  int width = (int)lround(b->width / scale * PANGO_SCALE);
  for (guint i = 0; i < b->paras->len; i++) {
    Para *p = g_ptr_array_index(b->paras, i);
    if (!p->sized) {
      para_set_scale(p, b->unit);
      p->sized = TRUE;
    }
    pango_layout_set_width(p->layout, width);
    PangoRectangle logical;
    pango_layout_get_extents(p->layout, NULL, &logical);
    p->height = (double)logical.height / PANGO_SCALE * scale;
    if ((double)logical.width / PANGO_SCALE > b->width / scale + 0.5) *fits_width = FALSE;
    h += p->height;
    if (i + 1 < b->paras->len) h += para_after(b, p, scale);
  }
  return h;
}

gboolean vl_block_fit(VlBlock *b, double height, double min_scale) {
  if (min_scale > 1) min_scale = 1;
  if (min_scale <= 0) min_scale = 0.1;
  gboolean wide;
  double h = block_measure(b, 1.0, &wide);
  b->scale = 1.0;
  if (h <= height + 0.01 && wide) return TRUE;
  h = block_measure(b, min_scale, &wide);
  b->scale = min_scale;
  if (h > height + 0.01 || !wide) return FALSE;
  /* The largest scale that fits, to within a quarter of a percent. */
  double lo = min_scale, hi = 1.0;
  while (hi - lo > 0.0025) {
    double mid = (lo + hi) / 2;
    h = block_measure(b, mid, &wide);
    if (h <= height + 0.01 && wide)
      lo = mid;
    else
      hi = mid;
  }
  block_measure(b, lo, &wide);
  b->scale = lo;
  return TRUE;
}

double vl_block_scale(const VlBlock *b) { return b->scale; }

double vl_block_height(const VlBlock *b) {
  double h = 0;
  for (guint i = 0; i < b->paras->len; i++) {
    Para *p = g_ptr_array_index(b->paras, i);
    h += p->height;
    if (i + 1 < b->paras->len) h += para_after(b, p, b->scale);
  }
  return h;
}

double vl_block_para_height(const VlBlock *b, guint i) {
  return i < b->paras->len ? ((Para *)g_ptr_array_index(b->paras, i))->height : 0;
}

double vl_block_excess(const VlBlock *b, double height) {
  double h = vl_block_height(b);
  return height > 0 && h > height ? (h - height) / height : 0;
}

void vl_block_each_missing(VlBlock *b, VlMissingFn fn, void *data) {
  for (guint i = 0; i < b->paras->len; i++) {
    Para *p = g_ptr_array_index(b->paras, i);
    const char *text = pango_layout_get_text(p->layout);
    PangoLayoutIter *it = pango_layout_get_iter(p->layout);
    do {
      PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
      if (!run) continue;
      for (int g = 0; g < run->glyphs->num_glyphs; g++) {
        PangoGlyph glyph = run->glyphs->glyphs[g].glyph;
        if (!(glyph & PANGO_GLYPH_UNKNOWN_FLAG)) continue;
        gunichar c = glyph & ~PANGO_GLYPH_UNKNOWN_FLAG;
        GUnicodeType type = g_unichar_type(c);
        if (type == G_UNICODE_CONTROL || type == G_UNICODE_FORMAT) continue;
        const char *at = text + run->item->offset + run->glyphs->log_clusters[g];
        const char *from = at, *to = at;
        for (int k = 0; k < 10 && from > text; k++) from = g_utf8_prev_char(from);
        for (int k = 0; k < 11 && *to; k++) to = g_utf8_next_char(to);
        char *ctx = g_strndup(from, (gsize)(to - from));
        fn(i, c, ctx, data);
        g_free(ctx);
      }
    } while (pango_layout_iter_next_run(it));
    pango_layout_iter_free(it);
  }
}

/* cairo's link attribute syntax quotes with '; a URI holding one is not linked. */
static gboolean link_ok(const char *uri) {
  return (g_str_has_prefix(uri, "https://") || g_str_has_prefix(uri, "http://") ||
          g_str_has_prefix(uri, "tel:") || g_str_has_prefix(uri, "mailto:")) &&
         !strpbrk(uri, "'\\ \n");
}

void vl_block_draw(VlBlock *b, cairo_t *cr, double x, double y) {
  cairo_save(cr);
  cairo_translate(cr, x, y);
  cairo_scale(cr, b->scale, b->scale);
  double yy = 0; /* in the block's unscaled units */
  for (guint i = 0; i < b->paras->len; i++) {
    Para *p = g_ptr_array_index(b->paras, i);
    cairo_set_source_rgb(cr, p->style->color[0], p->style->color[1], p->style->color[2]);
    gboolean tag = p->link && link_ok(p->link);
    if (tag) {
      char *attr = g_strdup_printf("uri='%s'", p->link);
      cairo_tag_begin(cr, CAIRO_TAG_LINK, attr);
      g_free(attr);
    }
    cairo_move_to(cr, 0, yy);
    pango_cairo_show_layout(cr, p->layout);
    if (tag) cairo_tag_end(cr, CAIRO_TAG_LINK);
    yy += (p->height + para_after(b, p, b->scale)) / b->scale;
  }
  cairo_restore(cr);
}
