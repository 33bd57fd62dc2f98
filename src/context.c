#include "context.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <string.h>

#include "catalog.h"
#include "diag.h"
#include "lang.h"
#include "page.h"
#include "pseudo.h"
#include "typeset.h"
#include "util.h"

/* Pictures are this wide in pixels, whatever the page: Weblate shows
 * screenshots about this size, and text stays readable. */
#define PICTURE_W 1000.0
#define CAPTION_H 34.0

typedef struct {
  const char *key, *frame;
  gboolean found;
  double box[4], para[4];
  guint texts;
} Find;

static void on_text(const VlPageText *t, void *data) {
  Find *f = data;
  if (f->found || t->slot != 0 || strcmp(t->key, f->key) != 0 || strcmp(t->frame->name, f->frame) != 0) return;
  f->found = TRUE;
  memcpy(f->box, t->box, sizeof f->box);
  memcpy(f->para, t->para_box, sizeof f->para);
  f->texts = t->texts;
}

/* A line under the picture: which text, where. Set by the typesetter in
 * the source language's face (layout and frame names are not translated). */
static void caption(VlTypesetter *ts, const VlLang *en, cairo_t *cr, const char *text, double y) {
  VlStyle st = {0};
  st.family = "volante sans";
  st.weight = 500;
  st.size = 15;
  st.size_min = 9;
  st.color[0] = st.color[1] = st.color[2] = 1;
  st.align = VL_ALIGN_START;
  cairo_set_source_rgb(cr, 0.11, 0.21, 0.34);
  cairo_rectangle(cr, 0, y, PICTURE_W, CAPTION_H);
  cairo_fill(cr);
  VlBlock *b = vl_block_new(ts, en, PICTURE_W - 24, 1);
  char *esc = g_markup_escape_text(text, -1);
  vl_block_add(b, esc, &st, NULL, NULL);
  g_free(esc);
  vl_block_fit(b, CAPTION_H - 8, st.size_min / st.size);
  vl_block_draw(b, cr, 12, y + (CAPTION_H - vl_block_height(b)) / 2, NULL);
  vl_block_free(b);
}

/* The band of the page around the frame, the frame outlined, the rest of
 * the page a little faded so the eye goes to the frame. */
static cairo_surface_t *picture(VlPage *page, int pg, const Find *f, const char *label, VlTypesetter *ts,
                                const VlLang *en) {
  double pw, ph;
  vl_page_size(page, &pw, &ph);
  double k = PICTURE_W / pw;
  double margin = MAX(0.06 * ph, 0.3 * f->box[3]);
  double y0 = MAX(0, f->box[1] - margin), y1 = MIN(ph, f->box[1] + f->box[3] + margin);
  int h = (int)((y1 - y0) * k + 0.5) + (int)CAPTION_H;
  cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)PICTURE_W, h);
  cairo_t *cr = cairo_create(img);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_save(cr);
  cairo_scale(cr, k, k);
  cairo_translate(cr, 0, -y0);
  VlDrawOptions o = {0};
  o.pixels = TRUE;
  vl_page_draw_page(page, cr, pg, &o);
  /* Fade all but the frame. */
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_rectangle(cr, 0, y0, pw, y1 - y0);
  cairo_rectangle(cr, f->box[0], f->box[1], f->box[2], f->box[3]);
  cairo_set_source_rgba(cr, 1, 1, 1, 0.45);
  cairo_fill(cr);
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
  /* The frame, in a colour no layout uses; in a frame of several texts,
   * the text itself too. */
  cairo_set_source_rgb(cr, 0.93, 0.35, 0.05);
  cairo_set_line_width(cr, 4 / k);
  cairo_rectangle(cr, f->box[0], f->box[1], f->box[2], f->box[3]);
  cairo_stroke(cr);
  if (f->texts > 1) {
    double dash[] = {6 / k, 4 / k};
    cairo_set_dash(cr, dash, 2, 0);
    cairo_set_line_width(cr, 2.5 / k);
    double pad = 3 / k;
    cairo_rectangle(cr, f->para[0] - pad, f->para[1] - pad, f->para[2] + 2 * pad, f->para[3] + 2 * pad);
    cairo_stroke(cr);
  }
  cairo_restore(cr);
  caption(ts, en, cr, label, h - CAPTION_H);
  cairo_destroy(cr);
  cairo_surface_flush(img);
  return img;
}

/* LANG's translation, or NULL for the source language; *err when it cannot be read. */
static VlCatalog *catalog_of(const VlContent *c, const char *lang, GError **err) {
  if (vl_pseudo_is(lang)) return vl_pseudo_catalog(c, lang);
  if (!strcmp(lang, vl_content_source_lang(c))) return NULL;
  if (!g_strv_contains((const char *const *)vl_content_langs(c), lang)) {
    char *po = vl_content_po_path(c, lang);
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_NOENT, "unknown language '%s': there is no %s", lang, po);
    g_free(po);
    return NULL;
  }
  char *po = vl_content_po_path(c, lang);
  VlCatalog *cat = vl_catalog_load(po, err);
  g_free(po);
  return cat;
}

int vl_context_write(const VlContent *c, const VlRoom *room, VlFonts *fonts, const char *lang, const char *out_dir,
                     GPtrArray *skipped, GError **err) {
  char *want = vl_lang_canonical(lang ? lang : vl_content_source_lang(c), err); /* --lang pt_BR is pt-BR */
  if (!want) return -1;
  GError *e = NULL;
  VlCatalog *cat = catalog_of(c, want, &e);
  VlLang *l = e ? NULL : vl_lang_new(want, &e);
  g_free(want);
  if (e) {
    g_propagate_error(err, e);
    vl_catalog_free(cat);
    return -1;
  }
  const char *tag = vl_lang_tag(l);
  if (g_mkdir_with_parents(out_dir, 0755) != 0) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_ACCES, "%s: cannot create the folder", out_dir);
    vl_lang_free(l);
    vl_catalog_free(cat);
    return -1;
  }
  VlTypesetter *ts = vl_typesetter_new(fonts);
  VlLang *en = vl_lang_new("en", NULL);
  GPtrArray *items = vl_content_items(c);
  int written = 0;
  gboolean ok = TRUE;
  for (guint i = 0; ok && i < items->len; i++) {
    const VlItem *it = g_ptr_array_index(items, i);
    if (!it->translatable || !*it->text) continue;
    GPtrArray *spots = vl_room_spots(room, it->key);
    if (!spots) {
      if (skipped) g_ptr_array_add(skipped, g_strdup_printf("%s: no layout prints it, so it has no picture", it->key));
      continue;
    }
    const VlSpot *sp = g_ptr_array_index(spots, 0);
    VlDiag *quiet = vl_diag_new();
    VlPageInput in = {0};
    in.typesetter = ts;
    in.tmpl = sp->tmpl;
    in.content = c;
    in.langs[0] = in.langs[1] = l;
    in.catalogs[0] = in.catalogs[1] = cat;
    in.force = TRUE; /* a draft or a missing text still shows where it goes */
    in.slide_kind = sp->slide;
    in.slide_section = sp->section;
    in.diag = quiet;
    VlPage *page = vl_page_compose(&in);
    Find f = {it->key, sp->frame, FALSE, {0}, {0}, 0};
    vl_page_each_text(page, on_text, &f);
    if (f.found) {
      char *label = sp->slide ? g_strdup_printf("%s  ·  %s, %s slide, frame \"%s\"  ·  %s", it->key, sp->layout,
                                                sp->slide, sp->frame, tag)
                              : g_strdup_printf("%s  ·  %s, frame \"%s\"  ·  %s", it->key, sp->layout, sp->frame, tag);
      cairo_surface_t *img = picture(page, sp->page, &f, label, ts, en);
      char *name = g_strconcat(it->key, ".png", NULL);
      char *path = g_build_filename(out_dir, name, NULL);
      ok = vl_png_write(img, path, err);
      written += ok;
      g_free(path);
      g_free(name);
      g_free(label);
      cairo_surface_destroy(img);
    } else if (skipped) {
      g_ptr_array_add(skipped, g_strdup_printf("%s: not found on %s in %s", it->key, sp->layout, tag));
    }
    vl_page_free(page);
    vl_diag_free(quiet);
  }
  vl_lang_free(en);
  vl_typesetter_free(ts);
  vl_lang_free(l);
  vl_catalog_free(cat);
  return ok ? written : -1;
}
