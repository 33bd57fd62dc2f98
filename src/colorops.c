#include "colorops.h"

#include <string.h>

#include "pdfstream.h"

typedef struct {
  VlColorOpFn fn;
  void *data;
  GString *out;
} Map;

/* How many operands each colour operator takes. */
static int operands(const char *op) {
  static const struct {
    const char *op;
    int n;
  } ops[] = {{"rg", 3}, {"RG", 3}, {"k", 4}, {"K", 4}, {"g", 1}, {"G", 1}};
  for (size_t i = 0; i < G_N_ELEMENTS(ops); i++)
    if (!strcmp(op, ops[i].op)) return ops[i].n;
  return 0;
}

static gboolean map_op(const VlPdfOp *op, gpointer user) {
  Map *m = user;
  int n = operands(op->op);
  if (n && op->n_operands == n && op->n_nums == n) {
    m->fn(op->op, op->num, n, m->out, m->data);
    g_string_append_c(m->out, '\n');
  } else {
    g_string_append_len(m->out, op->text, (gssize)op->len);
    g_string_append_c(m->out, '\n');
  }
  return TRUE;
}

void vl_colorops_map(const char *in, gsize len, VlColorOpFn fn, void *data, GString *out) {
  gsize start = out->len;
  Map m = {fn, data, out};
  /* A stream that breaks off is kept as it was rather than cut short. */
  if (!vl_pdfstream_each(in, len, map_op, &m, NULL)) {
    g_string_truncate(out, start);
    g_string_append_len(out, in, (gssize)len);
  }
}

void vl_colorops_gray(const char *op, const double *v, int n, GString *out, void *data) {
  (void)data;
  double y = n == 1   ? v[0]
             : n == 3 ? (v[0] == v[1] && v[1] == v[2] ? v[0] : 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2])
                      : 1 - MIN(1, 0.3 * v[0] + 0.59 * v[1] + 0.11 * v[2] + v[3]);
  char num[G_ASCII_DTOSTR_BUF_SIZE];
  g_ascii_formatd(num, sizeof num, "%.4f", CLAMP(y, 0, 1));
  gboolean stroke = g_ascii_isupper(op[0]);
  g_string_append_printf(out, "%s %s", num, stroke ? "G" : "g");
}
