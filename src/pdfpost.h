/* pdfpost: what Cairo 1.16 cannot write into a PDF, added after it has
 * finished, through libqpdf (never by editing the bytes by hand): the
 * document's language, each language part's /Lang, the page boxes a print
 * shop reads, a title shown in the viewer's title bar, and what makes the
 * file PDF/UA-1 (XMP metadata, decorations as artifacts, link texts) or,
 * for a print shop, PDF/X-4 (colours in CMYK, an output intent, no
 * annotation), and for grayscale printing every colour as gray (Cairo
 * 1.16 writes even gray as RGB). qpdf also writes a clean cross-reference table (Cairo's has
 * a dangling entry qpdf warns of). */
#ifndef VOLANTE_PDFPOST_H
#define VOLANTE_PDFPOST_H

#include <glib.h>

#include "cmyk.h"

/* Every field is part of the key a finished PDF is kept under (pdfload.c,
 * memo_key): a new field goes into that key too. */
typedef struct {
  const char *lang;       /* the catalog's /Lang (BCP 47) */
  GPtrArray *sect_langs;  /* char*: /Lang of each Sect structure element, in document order */
  GPtrArray *figure_alts; /* char*: /Alt of each Figure inside those Sects, in document order */
  double trim[4];         /* x0 y0 x1 y1 in PDF space, the same on every page */
  double bleed[4];
  const VlCmyk *pdfx; /* non-NULL: PDF/X-4 in this CMYK (else PDF/UA-1) */
  gboolean gray;      /* every colour of every content stream as DeviceGray (--grayscale, --ink-saver) */
} VlPdfPost;

/* Reads the PDF of LEN bytes at DATA (named IN in messages), adds what POST
 * says and writes OUT whole or not at all (vl_write_atomic). FALSE with
 * *err = "IN: reason" when qpdf cannot (or its module, pdfpart.h, cannot be
 * loaded), "OUT: cannot write: why" when the file cannot be written.
 * (pdfload.c; the work itself is in volante-pdf.so, pdfpost.c.) */
gboolean vl_pdfpost_apply(const char *in, const char *data, gsize len, const char *out, const VlPdfPost *post,
                          GError **err);
/* Loads volante-pdf.so now, as vl_pdfpost_apply does the first time: a
 * command about to fork workers that write PDFs loads it once, for all of
 * them. Once per process; a module that cannot be loaded is said by
 * vl_pdfpost_apply. */
void vl_pdfpost_load(void);

#endif
