#include "backend.h"

#include <cairo-svg.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "files.h"
#include "pdf.h"
#include "util.h"

struct VlOutput {
  const VlBackend *b;
  const VlOutputMeta *meta;
  GByteArray *bytes; /* what Cairo writes (PDF, SVG) */
  cairo_surface_t *surf;
  cairo_t *cr;
};

struct VlBackend {
  const char *name;  /* --format */
  const char *ext;   /* file name extension */
  const char *label; /* in messages: "cannot write the PDF" */
  gboolean per_page; /* a file a page, BASE-N.EXT, or one a document, BASE.EXT */
  gboolean text;     /* keeps text as text (VlDrawOptions.text) */
  gboolean pixels;   /* drawn at a resolution (--dpi) */
  /* The surface of a W x H pt page (per-page) or document: draws into o->bytes, or is an image. */
  cairo_surface_t *(*create)(VlOutput *o, double w, double h);
  /* Finishes the file (the last page ended with it) and writes PATH whole or not at all. */
  gboolean (*write)(VlOutput *o, const char *path, GError **err);
};

/* Finishes O's surface: FALSE with *err when Cairo could not draw it all. */
static gboolean finished(VlOutput *o, const char *path, GError **err) {
  cairo_surface_finish(o->surf);
  cairo_status_t st = cairo_surface_status(o->surf);
  if (st == CAIRO_STATUS_SUCCESS) return TRUE;
  g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_IO, "%s: cannot write the %s: %s", path, o->b->label,
              cairo_status_to_string(st));
  return FALSE;
}

static cairo_surface_t *pdf_create(VlOutput *o, double w, double h) {
  return vl_pdf_surface_new(o->bytes, w, h, o->meta);
}

static gboolean pdf_write(VlOutput *o, const char *path, GError **err) {
  return finished(o, path, err) && vl_pdf_save(path, o->bytes, o->meta->post, err);
}

static double dpi_of(const VlOutput *o) { return o->meta->dpi > 0 ? o->meta->dpi : 72; }

/* Whole pixels: a page that ends inside a pixel gets that pixel (as pdftoppm does). */
static int pixels_of(double pt, double dpi) { return MAX(1, (int)ceil(pt * dpi / 72 - 1e-6)); }

static cairo_surface_t *png_create(VlOutput *o, double w, double h) {
  double dpi = dpi_of(o);
  return cairo_image_surface_create(CAIRO_FORMAT_RGB24, pixels_of(w, dpi), pixels_of(h, dpi));
}

static gboolean png_write(VlOutput *o, const char *path, GError **err) {
  cairo_surface_flush(o->surf);
  cairo_status_t st = cairo_surface_status(o->surf);
  if (st != CAIRO_STATUS_SUCCESS) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_IO, "%s: cannot write the %s: %s", path, o->b->label,
                cairo_status_to_string(st));
    return FALSE;
  }
  return vl_png_write(o->surf, path, err);
}

static cairo_surface_t *svg_create(VlOutput *o, double w, double h) {
  cairo_surface_t *s = cairo_svg_surface_create_for_stream(vl_cairo_to_bytes, o->bytes, w, h);
  /* width="612pt": the size it prints at, not 612 screen pixels. */
  cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PT);
  return s;
}

static gboolean svg_write(VlOutput *o, const char *path, GError **err) {
  return finished(o, path, err) && vl_write_output(path, (const char *)o->bytes->data, o->bytes->len, err);
}

static const VlBackend backends[] = {
    {"pdf", "pdf", "PDF", FALSE, TRUE, FALSE, pdf_create, pdf_write},
    {"png", "png", "picture", TRUE, FALSE, TRUE, png_create, png_write},
    {"svg", "svg", "SVG drawing", TRUE, FALSE, FALSE, svg_create, svg_write},
};

const VlBackend *vl_backend_find(const char *name) {
  for (size_t i = 0; name && i < G_N_ELEMENTS(backends); i++)
    if (!strcmp(backends[i].name, name)) return &backends[i];
  return NULL;
}

const char *vl_backend_names(void) { return "pdf, png, svg"; }
const char *vl_backend_name(const VlBackend *b) { return b->name; }
const char *vl_backend_ext(const VlBackend *b) { return b->ext; }
gboolean vl_backend_per_page(const VlBackend *b) { return b->per_page; }
gboolean vl_backend_text(const VlBackend *b) { return b->text; }
gboolean vl_backend_pixels(const VlBackend *b) { return b->pixels; }

VlOutput *vl_output_begin(const VlBackend *b, double w, double h, const VlOutputMeta *meta) {
  static const VlOutputMeta none = {0};
  VlOutput *o = g_new0(VlOutput, 1);
  o->b = b;
  o->meta = meta ? meta : &none;
  o->bytes = g_byte_array_new();
  o->surf = b->create(o, w, h);
  o->cr = cairo_create(o->surf);
  if (b->pixels) {
    /* Pictures have no paper of their own: start from white, as it prints. */
    cairo_set_source_rgb(o->cr, 1, 1, 1);
    cairo_paint(o->cr);
    cairo_scale(o->cr, dpi_of(o) / 72, dpi_of(o) / 72);
    /* Text measured here (the slug line) as on paper: an image surface
     * would round each glyph's advance to whole pixels, and a line set to
     * fit the sheet would run off it. */
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_set_font_options(o->cr, fo);
    cairo_font_options_destroy(fo);
  }
  return o;
}

cairo_t *vl_output_cr(VlOutput *o) { return o->cr; }

gboolean vl_output_end(VlOutput *o, const char *path, GError **err) {
  cairo_status_t st = cairo_status(o->cr);
  cairo_destroy(o->cr);
  gboolean ok = st == CAIRO_STATUS_SUCCESS;
  if (!ok)
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_IO, "%s: cannot write the %s: %s", path, o->b->label,
                cairo_status_to_string(st));
  else
    ok = o->b->write(o, path, err);
  cairo_surface_destroy(o->surf);
  g_byte_array_unref(o->bytes);
  g_free(o);
  return ok;
}

char *vl_output_path(const VlBackend *b, const char *base, int page) {
  return b->per_page ? g_strdup_printf("%s-%d.%s", base, page + 1, b->ext) : g_strdup_printf("%s.%s", base, b->ext);
}

/* Removes BASE-N.EXT for every N >= FROM (1-based): pages of an earlier,
 * longer version, or all of them. */
static void remove_pages(const VlBackend *b, const char *base, int from) {
  char *dir = g_path_get_dirname(base), *name = g_path_get_basename(base);
  GDir *d = g_dir_open(dir, 0, NULL);
  size_t n = strlen(name), e = strlen(b->ext);
  for (const char *f; d && (f = g_dir_read_name(d));) {
    size_t len = strlen(f);
    if (len < n + e + 3 || strncmp(f, name, n) != 0 || f[n] != '-' || f[len - e - 1] != '.' ||
        strcmp(f + len - e, b->ext) != 0)
      continue;
    /* NAME-DIGITS.EXT exactly: es-1.png, but not es+en-1.png or zh-Hant-1.png for zh. */
    const char *digits = f + n + 1, *end = f + len - e - 1;
    gboolean number = digits < end && *digits != '0';
    for (const char *c = digits; c < end && number; c++) number = g_ascii_isdigit(*c);
    if (!number || end - digits > 6 || atoi(digits) < from) continue;
    char *path = g_build_filename(dir, f, NULL);
    g_unlink(path);
    g_free(path);
  }
  if (d) g_dir_close(d);
  g_free(dir);
  g_free(name);
}

void vl_output_remove(const VlBackend *b, const char *base) {
  if (b->per_page) {
    remove_pages(b, base, 1);
    return;
  }
  char *path = vl_output_path(b, base, 0);
  g_unlink(path);
  g_free(path);
}

/* "2026-11-28" for the slug: SOURCE_DATE_EPOCH's day, else today (UTC). */
static char *slug_date(void) {
  GDateTime *dt = vl_source_time();
  if (!dt) dt = g_date_time_new_now_utc();
  char *day = g_date_time_format(dt, "%Y-%m-%d");
  g_date_time_unref(dt);
  return day;
}

int vl_output_write_page(const VlBackend *b, VlPage *page, const char *base, const VlOutputMeta *meta,
                         const VlPrint *print, GError **err) {
  char *day = slug_date();
  VlPrint o = {0};
  if (print) o = *print;
  if (!o.date) o.date = day;
  const VlTemplate *t = vl_page_template(page);
  VlSheet *sheet = vl_sheet_new(t, &o, err);
  if (!sheet) {
    g_free(day);
    return -1;
  }
  double w, h;
  vl_sheet_size(sheet, &w, &h);
  const char *l0 = vl_lang_tag(vl_page_lang(page, 0));
  char *langs =
      vl_template_slots(t) == 2 ? g_strdup_printf("%s+%s", l0, vl_lang_tag(vl_page_lang(page, 1))) : g_strdup(l0);
  /* What the PDF's structure needs beyond Cairo's, gathered while drawing. */
  VlPdfPost post = {0};
  post.lang = l0;
  post.sect_langs = g_ptr_array_new_with_free_func(g_free);
  post.figure_alts = g_ptr_array_new_with_free_func(g_free);
  vl_sheet_boxes(sheet, post.trim, post.bleed);
  post.gray = o.ink != VL_INK_COLOR;
  VlOutputMeta m = {0};
  if (meta) m = *meta;
  if (!m.title) m.title = vl_page_title(page);
  m.post = &post;
  VlDrawOptions d = {0};
  d.text = b->text;
  d.sect_langs = post.sect_langs;
  d.figure_alts = post.figure_alts;
  int sheets = vl_page_pages(page), files = 0;
  gboolean ok = TRUE;
  if (o.pdfx && b->text && !(post.pdfx = vl_cmyk_press(err))) ok = FALSE;
  VlOutput *out = NULL;
  for (int k = 0; k < sheets && ok; k++) {
    if (out)
      cairo_show_page(out->cr);
    else
      out = vl_output_begin(b, w, h, &m);
    vl_sheet_draw(sheet, page, out->cr, k, langs, &d);
    if (b->per_page || k == sheets - 1) {
      char *path = vl_output_path(b, base, k);
      ok = vl_output_end(out, path, err);
      out = NULL;
      files += ok;
      g_free(path);
    }
  }
  if (ok && b->per_page) remove_pages(b, base, sheets + 1);
  /* Half a set of pages would pass for the whole. */
  if (!ok && b->per_page) remove_pages(b, base, 1);
  g_ptr_array_free(post.sect_langs, TRUE);
  g_ptr_array_free(post.figure_alts, TRUE);
  g_free(langs);
  g_free(day);
  vl_sheet_free(sheet);
  return ok ? files : -1;
}
