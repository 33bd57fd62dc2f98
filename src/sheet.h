/* sheet: puts pieces on the paper that goes in the printer (imposition),
 * with bleed, crop and fold marks, and the print shop's slug line.
 *
 * A layout designs one piece (a flyer, a handbill, a card). The sheet says
 * where copies of it stand: one flyer to a sheet, two handbills turned on a
 * letter sheet, ten cards in a grid; the back of a duplex sheet mirrored so
 * each card's back lands behind its front.
 */
#ifndef VOLANTE_SHEET_H
#define VOLANTE_SHEET_H

#include <cairo.h>
#include <glib.h>

#include "page.h"
#include "template.h"

typedef struct {
  double bleed;   /* pt; 0 for none: the sheet grows by it on every side */
  gboolean marks; /* crop marks and the slug line (grows the sheet) */
  gboolean piece; /* each piece on its own sheet, not imposed (for shops that impose) */
  VlInk ink;
  gboolean pdfx;    /* PDF/X-4 in CMYK for a print shop (pdfpost) */
  const char *date; /* for the slug: "2026-11-28" */
} VlPrint;

typedef struct VlSheet VlSheet;

/* Plans the sheets for T (after re-flow) printed as O (copied). NULL with
 * *err set when a piece does not fit on the paper. */
VlSheet *vl_sheet_new(const VlTemplate *t, const VlPrint *o, GError **err);
void vl_sheet_free(VlSheet *s);

/* Size of each sheet (the PDF's MediaBox), pt. */
void vl_sheet_size(const VlSheet *s, double *w, double *h);
/* Copies of the piece on one sheet. */
int vl_sheet_copies(const VlSheet *s);
/* TrimBox and BleedBox of every sheet, as x0, y0, x1, y1 in PDF space
 * (origin at the bottom left): the paper as cut (one piece with --piece;
 * on an imposed sheet the whole sheet, which is then cut into its pieces),
 * and that box with the bleed. */
void vl_sheet_boxes(const VlSheet *s, double trim[4], double bleed[4]);

/* Draws sheet PAGE (0-based; the piece's page PAGE in every place) on CR.
 * LANGS names the job in the slug. OUT says what the output keeps (text) and
 * where the tags' languages and the QR codes' addresses go (sect_langs,
 * figure_alts; either may be NULL); the sheet sets the rest of the options.
 * When the output keeps text, the language parts of the first copy are
 * tagged. */
void vl_sheet_draw(VlSheet *s, VlPage *page, cairo_t *cr, int sheet_page, const char *langs, const VlDrawOptions *out);

#endif
