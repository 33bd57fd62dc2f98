/* pdf: the PDF row of the output table (backend.h): a Cairo PDF surface
 * written into memory with the document's metadata, and, once it is
 * finished, pdfpost's additions (languages, page boxes) before the file is
 * written whole. */
#ifndef VOLANTE_PDF_H
#define VOLANTE_PDF_H

#include <cairo.h>
#include <glib.h>

#include "backend.h"
#include "pdfpost.h"

/* A PDF surface of pages W x H points that writes into BYTES (borrowed; must
 * outlive it), with META's title, subject and creator (META may be NULL). The
 * creation date comes from SOURCE_DATE_EPOCH when set and is left out
 * otherwise, so the same input always gives the same bytes. Caller destroys
 * it. When META has a post (the file goes through pdfpost, which compresses
 * it), the process's PDF surfaces from then on write their content streams
 * uncompressed (CAIRO_DEBUG_PDF, pdf.c says why): a PDF written without
 * pdfpost after that is valid but larger. */
cairo_surface_t *vl_pdf_surface_new(GByteArray *bytes, double w, double h, const VlOutputMeta *meta);
/* Writes the PDF in BYTES (its surface finished) to PATH whole or not at all:
 * through pdfpost with what POST says, or as it is when POST is NULL. FALSE
 * with *err = "PATH: why". */
gboolean vl_pdf_save(const char *path, GByteArray *bytes, const VlPdfPost *post, GError **err);

#endif
