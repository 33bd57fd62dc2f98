/* colorops: the colour operators of a PDF content stream (rg, RG, k, K,
 * g, G), found by pdfstream's reading of the stream operation by operation
 * and rewritten by the caller; every other operation is kept as it was
 * (one to a line). No PDF library: pdfpost.c hands the decoded stream in
 * and puts the result back.
 */
#ifndef VOLANTE_COLOROPS_H
#define VOLANTE_COLOROPS_H

#include <glib.h>

/* Called for each colour operator OP ("rg", "K"...) with its N operands V
 * (N is what the operator takes: 1, 3 or 4). Appends what replaces the
 * operands and the operator to OUT. */
typedef void (*VlColorOpFn)(const char *op, const double *v, int n, GString *out, void *data);

/* Appends to OUT the content stream IN (LEN bytes) with each colour operator
 * replaced by what FN writes. Strings and inline images are passed over,
 * never read as operators; comments are left out. A stream that breaks off
 * is appended as it was. */
void vl_colorops_map(const char *in, gsize len, VlColorOpFn fn, void *data, GString *out);

/* A VlColorOpFn that writes every colour as DeviceGray (g, G): RGB by its
 * lightness (Rec. 709, as volante's --grayscale picks its grays), CMYK by its
 * ink. */
void vl_colorops_gray(const char *op, const double *v, int n, GString *out, void *data);

#endif
