#include "pdf.h"

#include <cairo-pdf.h>
#include <glib/gstdio.h>

#include "pseudo.h"
#include "util.h"

/* Without SOURCE_DATE_EPOCH the PDF carries no date, and the slug today's. */
static char *source_date(void) {
  GDateTime *dt = vl_source_time();
  char *iso = dt ? g_date_time_format(dt, "%Y-%m-%dT%H:%M:%SZ") : NULL;
  if (dt) g_date_time_unref(dt);
  return iso;
}

/* "2026-11-28" for the slug: SOURCE_DATE_EPOCH's day, else today (UTC). */
static char *slug_date(void) {
  GDateTime *dt = vl_source_time();
  if (!dt) dt = g_date_time_new_now_utc();
  char *day = g_date_time_format(dt, "%Y-%m-%d");
  g_date_time_unref(dt);
  return day;
}

static cairo_status_t to_bytes(void *closure, const unsigned char *data, unsigned int length) {
  g_byte_array_append(closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Destroys CR and finishes its surface: what Cairo reports of the whole PDF. */
static cairo_status_t end_pdf(cairo_t *cr) {
  cairo_surface_t *surf = cairo_surface_reference(cairo_get_target(cr));
  cairo_status_t st = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surf);
  if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_status(surf);
  cairo_surface_destroy(surf);
  return st;
}

/* Screen readers have no voice for a pseudo-locale: it is English made strange. */
static const char *pdf_lang(const char *tag) { return vl_pseudo_is(tag) ? "en" : tag; }

gboolean vl_pdf_write(VlPage *page, const char *path, const VlPdfMeta *meta, const VlPrint *print, GError **err) {
  char *day = slug_date();
  VlPrint o = {0};
  if (print) o = *print;
  if (!o.date) o.date = day;
  const VlTemplate *t = vl_page_template(page);
  VlSheet *sheet = vl_sheet_new(t, &o, err);
  if (!sheet) {
    g_free(day);
    return FALSE;
  }
  double w, h;
  vl_sheet_size(sheet, &w, &h);
  /* Cairo writes into memory; qpdf reads it from there and writes PATH. */
  GByteArray *bytes = g_byte_array_new();
  cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(to_bytes, bytes, w, h);
  const char *title = meta && meta->title ? meta->title : vl_page_title(page);
  if (title && *title) cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, title);
  if (meta && meta->subject && *meta->subject)
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_SUBJECT, meta->subject);
  if (meta && meta->creator) cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, meta->creator);
  char *date = source_date();
  if (date) {
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATE_DATE, date);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_MOD_DATE, date);
  }
  g_free(date);
  cairo_t *cr = cairo_create(surf);
  cairo_surface_destroy(surf); /* cr holds it */
  const char *l0 = vl_lang_tag(vl_page_lang(page, 0));
  char *langs =
      vl_template_slots(t) == 2 ? g_strdup_printf("%s+%s", l0, vl_lang_tag(vl_page_lang(page, 1))) : g_strdup(l0);
  VlPdfPost post = {0};
  post.sect_langs = g_ptr_array_new_with_free_func(g_free);
  post.figure_alts = g_ptr_array_new_with_free_func(g_free);
  for (int k = 0; k < vl_page_pages(page); k++) {
    if (k) cairo_show_page(cr);
    vl_sheet_draw(sheet, page, cr, k, langs, post.sect_langs, post.figure_alts);
  }
  post.lang = pdf_lang(l0);
  for (guint i = 0; i < post.sect_langs->len; i++) {
    char **l = (char **)&g_ptr_array_index(post.sect_langs, i);
    if (pdf_lang(*l) != *l) {
      g_free(*l);
      *l = g_strdup("en");
    }
  }
  vl_sheet_boxes(sheet, post.trim, post.bleed);
  cairo_status_t st = end_pdf(cr);
  gboolean ok = st == CAIRO_STATUS_SUCCESS;
  if (!ok)
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_IO, "%s: cannot write PDF: %s", path, cairo_status_to_string(st));
  if (ok) ok = vl_pdfpost_apply(path, (const char *)bytes->data, bytes->len, path, &post, err);
  g_byte_array_unref(bytes);
  g_ptr_array_free(post.sect_langs, TRUE);
  g_ptr_array_free(post.figure_alts, TRUE);
  g_free(langs);
  g_free(day);
  vl_sheet_free(sheet);
  return ok;
}

cairo_t *vl_pdf_begin(GByteArray *bytes, double w, double h) {
  cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(to_bytes, bytes, w, h);
  cairo_t *cr = cairo_create(surf);
  cairo_surface_destroy(surf); /* cr holds it */
  return cr;
}

gboolean vl_pdf_finish(cairo_t *cr, GByteArray *bytes, const char *path, GError **err) {
  cairo_status_t st = end_pdf(cr);
  if (st != CAIRO_STATUS_SUCCESS) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_IO, "%s: cannot write PDF: %s", path, cairo_status_to_string(st));
    return FALSE;
  }
  return vl_write_atomic(path, (const char *)bytes->data, bytes->len, err);
}
