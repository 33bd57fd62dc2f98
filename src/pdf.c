#include "pdf.h"

#include <cairo-pdf.h>

#include "files.h"
#include "pseudo.h"
#include "util.h"

/* SOURCE_DATE_EPOCH's date, or NULL: then Cairo dates the PDF by the clock
 * (and pdfload.c keeps a page that has not changed with its first date). */
static char *source_date(void) {
  GDateTime *dt = vl_source_time();
  char *iso = dt ? g_date_time_format(dt, "%Y-%m-%dT%H:%M:%SZ") : NULL;
  if (dt) g_date_time_unref(dt);
  return iso;
}

/* Cairo 1.16 deflates each page's content as it writes it; pdfpost then
 * inflates it, rewrites it (pdfpaint) and qpdf deflates it again. With
 * CAIRO_DEBUG_PDF in the environment when a surface is made, Cairo writes
 * its content streams plain (fonts and pictures are compressed as before),
 * and qpdf, which compresses every stream that has no filter, compresses
 * them once. A variable the user set is left as it is. setenv is not safe
 * while another thread reads the environment: none does here (Pango's font
 * threads do not). */
static void content_plain(void) {
  static gboolean done;
  if (done) return;
  done = TRUE;
  g_setenv("CAIRO_DEBUG_PDF", "1", FALSE);
}

cairo_surface_t *vl_pdf_surface_new(GByteArray *bytes, double w, double h, const VlOutputMeta *meta) {
  if (meta && meta->post) content_plain();
  cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(vl_cairo_to_bytes, bytes, w, h);
  if (meta && meta->title && *meta->title) cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, meta->title);
  if (meta && meta->subject && *meta->subject)
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_SUBJECT, meta->subject);
  if (meta && meta->creator) cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, meta->creator);
  char *date = source_date();
  if (!date && meta && meta->post && meta->post->pdfx) { /* PDF/X needs its dates: the file then differs run to run */
    GDateTime *now = g_date_time_new_now_utc();
    date = g_date_time_format(now, "%Y-%m-%dT%H:%M:%SZ");
    g_date_time_unref(now);
  }
  if (date) {
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATE_DATE, date);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_MOD_DATE, date);
  }
  g_free(date);
  return surf;
}

/* Screen readers have no voice for a pseudo-locale: it is English made strange. */
static const char *pdf_lang(const char *tag) { return tag && vl_pseudo_is(tag) ? "en" : tag; }

gboolean vl_pdf_save(const char *path, GByteArray *bytes, const VlPdfPost *post, GError **err) {
  if (!post) return vl_write_output(path, (const char *)bytes->data, bytes->len, err);
  VlPdfPost p = *post;
  p.lang = pdf_lang(post->lang);
  if (post->sect_langs) {
    p.sect_langs = g_ptr_array_new();
    for (guint i = 0; i < post->sect_langs->len; i++)
      g_ptr_array_add(p.sect_langs, (char *)pdf_lang(g_ptr_array_index(post->sect_langs, i)));
  }
  gboolean ok = vl_pdfpost_apply(path, (const char *)bytes->data, bytes->len, path, &p, err);
  if (p.sect_langs) g_ptr_array_free(p.sect_langs, TRUE);
  return ok;
}
