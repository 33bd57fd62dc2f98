/* pdf: writes a composed page as a PDF through Cairo, atomically, on the
 * sheets sheet.h plans, finished by pdfpost.h (language, page boxes). */
#ifndef VOLANTE_PDF_H
#define VOLANTE_PDF_H

#include <cairo.h>
#include <glib.h>

#include "page.h"
#include "pdfpost.h"
#include "sheet.h"

typedef struct {
  const char *title; /* NULL: the page's own title */
  const char *subject;
  const char *creator;
} VlPdfMeta;

/* Writes PAGE to PATH (through a temporary file renamed when complete),
 * printed as PRINT (NULL: on the layout's paper, in color). Fonts are
 * embedded as subsets. The creation date comes from SOURCE_DATE_EPOCH when
 * set and is left out otherwise, so the same input always gives the same
 * bytes. FALSE with *err = "PATH: reason" on failure. */
gboolean vl_pdf_write(VlPage *page, const char *path, const VlPdfMeta *meta, const VlPrint *print, GError **err);

/* A PDF of pages W x H points drawn through the result into BYTES
 * (borrowed; must outlive it). Caller ends it with vl_pdf_finish. */
cairo_t *vl_pdf_begin(GByteArray *bytes, double w, double h);
/* Ends a PDF begun with vl_pdf_begin: destroys CR, finishes the surface,
 * checks that Cairo wrote it all, and writes BYTES to PATH whole or not at
 * all (vl_write_atomic), else sets *err. (Proof sheets: vl_pdf_write finishes
 * flyers itself, through pdfpost.) */
gboolean vl_pdf_finish(cairo_t *cr, GByteArray *bytes, const char *path, GError **err);

#endif
