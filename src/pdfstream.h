/* pdfstream: reads a PDF content stream one operation at a time (its
 * operands and its operator), so that pdfpaint can copy, change or wrap each
 * one. Only the syntax of content streams (ISO 32000-1, 7.8.2) is read:
 * numbers, names, strings, arrays, dictionaries, operators and inline
 * images; what an operator means is the caller's business. */
#ifndef VOLANTE_PDFSTREAM_H
#define VOLANTE_PDFSTREAM_H

#include <glib.h>

#define VL_PDFOP_NUMS 6

typedef struct {
  const char *text; /* the operation as written: operands, operator (and an inline image's data) */
  gsize len;
  char op[4];                /* the operator ("rg", "BDC", "T*"); longer names are cut, which none is */
  int n_operands;            /* how many operands it has */
  int n_nums;                /* the first VL_PDFOP_NUMS operands, when they are all numbers */
  double num[VL_PDFOP_NUMS]; /* their values */
  const char *name;          /* the last operand when it is a name ("/DeviceRGB"), else NULL; */
  gsize name_len;            /*   it points into TEXT */
} VlPdfOp;

/* Calls FN for each operation of the LEN bytes at DATA, in order; FN's
 * return FALSE stops the walk. Whitespace and comments between operations
 * are left out. Bytes after the last operator (operands nothing uses) are
 * ignored. FALSE with *err set when the stream breaks off inside a string,
 * an array, a dictionary or an inline image. */
gboolean vl_pdfstream_each(const char *data, gsize len, gboolean (*fn)(const VlPdfOp *op, gpointer user), gpointer user,
                           GError **err);

#endif
