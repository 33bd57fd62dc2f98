/* backend: the output formats as one table. A row says how drawn pages
 * become files: its name (`--format`), its file name extension, whether each
 * page is a file of its own, how its Cairo surface is made, and how a page and
 * the whole file are finished and written (whole or not at all).
 *
 *   pdf  one file a document (LANG.pdf); text kept as text (structure tags,
 *        links, fonts embedded as subsets), then finished by pdfpost
 *   png  one picture a page (LANG-1.png, LANG-2.png) at a resolution (--dpi)
 *   svg  one drawing a page (LANG-1.svg, LANG-2.svg)
 *
 * render, proof and the kiosk's slides write through it. Nothing else asks
 * what kind of surface it draws on: what a row keeps reaches the drawing code
 * as VlDrawOptions.text (page.h).
 */
#ifndef VOLANTE_BACKEND_H
#define VOLANTE_BACKEND_H

#include <cairo.h>
#include <glib.h>

#include "page.h"
#include "pdfpost.h"
#include "sheet.h"

typedef struct VlBackend VlBackend; /* a row of the table: static, never freed */
typedef struct VlOutput VlOutput;   /* one file being drawn */

/* The row named NAME ("pdf", "png", "svg"), or NULL when there is none. */
const VlBackend *vl_backend_find(const char *name);
/* The rows' names, "pdf, png, svg", for messages (static). */
const char *vl_backend_names(void);
const char *vl_backend_name(const VlBackend *b);
/* The file name extension, without the dot ("png"). */
const char *vl_backend_ext(const VlBackend *b);
/* TRUE when each page is a file of its own (LANG-1.png, LANG-2.png). */
gboolean vl_backend_per_page(const VlBackend *b);
/* TRUE when the output keeps text as text: structure tags, links, the words
 * behind each run of glyphs, fonts embedded as subsets (PDF). */
gboolean vl_backend_text(const VlBackend *b);
/* TRUE when the output is pixels, drawn at a resolution (PNG). */
gboolean vl_backend_pixels(const VlBackend *b);

/* Resolutions a picture may be asked for, in pixels per inch. */
#define VL_DPI_MIN 10
#define VL_DPI_MAX 600
#define VL_DPI_DEFAULT 150

typedef struct {
  const char *title; /* PDF metadata; NULL: none (vl_output_write_page: the page's own title) */
  const char *subject;
  const char *creator;
  double dpi;            /* pictures: pixels per inch; 0: 72, one pixel a point */
  const VlPdfPost *post; /* PDF: what pdfpost adds when the file is written; NULL: written as Cairo made it */
} VlOutputMeta;

/* Begins a file of format B whose pages are W x H points. META is borrowed:
 * it (and what it points to) must outlive the output, since a PDF reads its
 * post when it is written. The caller draws on vl_output_cr() and ends the
 * output with vl_output_end. A per-document format takes more pages after
 * cairo_show_page; a per-page format is one page. */
VlOutput *vl_output_begin(const VlBackend *b, double w, double h, const VlOutputMeta *meta);
/* Where to draw, one unit a point (owned by O; a picture's is scaled to its
 * resolution and starts as white paper). */
cairo_t *vl_output_cr(VlOutput *o);
/* Ends O and frees it: finishes the surface, checks that Cairo drew it all,
 * and writes PATH whole or not at all (a temporary file renamed). FALSE with
 * *err = "PATH: why" when it could not. */
gboolean vl_output_end(VlOutput *o, const char *path, GError **err);

/* The file of sheet PAGE (0-based) of BASE ("out/flyer/ko") in format B:
 * "BASE.pdf" for a per-document format, "BASE-PAGE+1.png" for a per-page
 * one. Caller frees. */
char *vl_output_path(const VlBackend *b, const char *base, int page);
/* Writes PAGE in format B on the sheets sheet.h plans for PRINT (NULL: on
 * the layout's paper, in color): BASE.pdf, or BASE-1.png, BASE-2.png... one
 * a sheet; a page file left from an earlier, longer version is removed. META
 * may be NULL. The creation date comes from SOURCE_DATE_EPOCH when set and is
 * left out otherwise, so the same input always gives the same bytes. Returns
 * the number of files written, or -1 with *err = "PATH: why": then a PDF is
 * as it was, and a per-page format's pages are all removed (half a set of
 * pages would pass for the whole). */
int vl_output_write_page(const VlBackend *b, VlPage *page, const char *base, const VlOutputMeta *meta,
                         const VlPrint *print, GError **err);
/* Removes BASE's files of format B, so that an old version cannot pass for
 * current when the new one is not written. */
void vl_output_remove(const VlBackend *b, const char *base);

#endif
