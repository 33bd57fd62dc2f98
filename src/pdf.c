#include "pdf.h"

#include <cairo-pdf.h>
#include <glib/gstdio.h>

#include "util.h"

static char *source_date(void) {
  const char *s = g_getenv("SOURCE_DATE_EPOCH");
  if (!s || !*s) return NULL;
  char *end = NULL;
  gint64 t = g_ascii_strtoll(s, &end, 10);
  if (*end || t < 0) return NULL;
  GDateTime *dt = g_date_time_new_from_unix_utc(t);
  if (!dt) return NULL;
  char *iso = g_date_time_format(dt, "%Y-%m-%dT%H:%M:%SZ");
  g_date_time_unref(dt);
  return iso;
}

gboolean vl_pdf_write(VlPage *page, const char *path, const VlPdfMeta *meta, GError **err) {
  char *tmp = vl_temp_beside(path, err);
  if (!tmp) return FALSE;
  double w, h;
  vl_page_size(page, &w, &h);
  cairo_surface_t *surf = cairo_pdf_surface_create(tmp, w, h);
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
  vl_page_draw(page, cr);
  gboolean ok = vl_pdf_finish(cr, tmp, path, err);
  g_free(tmp);
  return ok;
}

gboolean vl_pdf_finish(cairo_t *cr, const char *tmp, const char *path, GError **err) {
  cairo_surface_t *surf = cairo_surface_reference(cairo_get_target(cr));
  cairo_status_t st = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surf);
  if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_status(surf);
  cairo_surface_destroy(surf);
  if (st != CAIRO_STATUS_SUCCESS) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_IO, "%s: cannot write PDF: %s", path, cairo_status_to_string(st));
    g_unlink(tmp);
    return FALSE;
  }
  return vl_rename_into(tmp, path, err);
}
