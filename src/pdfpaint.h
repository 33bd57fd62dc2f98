/* pdfpaint: rewrites what a page's content stream paints, after Cairo wrote
 * it: decorations as artifacts (PDF/UA: a screen reader skips them) and
 * colours in CMYK (PDF/X). Cairo 1.16 can do neither itself. */
#ifndef VOLANTE_PDFPAINT_H
#define VOLANTE_PDFPAINT_H

#include <glib.h>

#include "cmyk.h"

typedef struct {
  gboolean artifacts; /* paint outside any tagged content becomes /Artifact BMC ... EMC */
  const VlCmyk *cmyk; /* non-NULL: every RGB or gray colour operator set in CMYK */
} VlPdfPaint;

/* Appends to OUT the LEN bytes of content stream at DATA rewritten as HOW
 * says. FALSE with *err set when the stream cannot be read, or it sets a
 * colour space the conversion does not know (nothing volante draws does). */
gboolean vl_pdfpaint_rewrite(const char *data, gsize len, const VlPdfPaint *how, GString *out, GError **err);

#endif
