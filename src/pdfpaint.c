#include "pdfpaint.h"

#include <string.h>

#include "pdfstream.h"

typedef struct {
  const VlPdfPaint *how;
  GString *out;
  GArray *open;    /* gboolean for each open marked-content sequence: whether it covers what it holds */
  int covered;     /* how many of them do: tagged content (an MCID) or an artifact */
  GString *held;   /* a path or text object begun while none covers, held until it ends */
  gboolean marked; /* the held text object has tagged content inside */
  GError *error;
} Paint;

static gboolean is(const VlPdfOp *op, const char *name) { return !strcmp(op->op, name); }

static gboolean any_of(const VlPdfOp *op, const char *const *names) {
  for (; *names; names++)
    if (is(op, *names)) return TRUE;
  return FALSE;
}

static const char *const path_ops[] = {"m", "l", "c", "v", "y", "h", "re", "W", "W*", NULL};
static const char *const paint_ops[] = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", NULL};

/* The operation as OUT should have it: its colour in CMYK when asked. */
static gboolean emit(Paint *p, const VlPdfOp *op, GString *to) {
  const VlCmyk *cmyk = p->how->cmyk;
  gboolean stroke = op->op[0] >= 'A' && op->op[0] <= 'Z';
  if (cmyk && (is(op, "rg") || is(op, "RG")) && op->n_operands == 3 && op->n_nums == 3) {
    double k[4];
    vl_cmyk_from_rgb(cmyk, op->num, k);
    g_string_append_printf(to, "%.4g %.4g %.4g %.4g %s\n", k[0], k[1], k[2], k[3], stroke ? "K" : "k");
    return TRUE;
  }
  if (cmyk && (is(op, "g") || is(op, "G")) && op->n_operands == 1 && op->n_nums == 1) {
    g_string_append_printf(to, "0 0 0 %.4g %s\n", 1 - CLAMP(op->num[0], 0.0, 1.0), stroke ? "K" : "k");
    return TRUE;
  }
  if (cmyk && (is(op, "cs") || is(op, "CS") || is(op, "sc") || is(op, "SC") || is(op, "scn") || is(op, "SCN"))) {
    /* Cairo sets these only for gradients and patterns, which volante does not draw. */
    g_set_error(&p->error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                "a colour set by '%s', which PDF/X conversion does not know", op->op);
    return FALSE;
  }
  g_string_append_len(to, op->text, (gssize)op->len);
  g_string_append_c(to, '\n');
  return TRUE;
}

/* Tagged content (BDC with an MCID) and artifacts cover what they hold; a
 * span that only gives the text to extract (ActualText) does not. */
static gboolean covers(const VlPdfOp *op) {
  return (op->name && op->name_len == 9 && !memcmp(op->name, "/Artifact", 9)) ||
         g_strstr_len(op->text, (gssize)op->len, "/MCID") != NULL;
}

static void flush_held(Paint *p, gboolean artifact) {
  if (artifact) g_string_append(p->out, "/Artifact BMC\n");
  g_string_append_len(p->out, p->held->str, (gssize)p->held->len);
  if (artifact) g_string_append(p->out, "EMC\n");
  g_string_truncate(p->held, 0);
}

static gboolean each_op(const VlPdfOp *op, gpointer user) {
  Paint *p = user;
  if (!p->how->artifacts) return emit(p, op, p->out);
  gboolean opens = is(op, "BDC") || is(op, "BMC");
  if (p->held->len) { /* inside a path or text object begun uncovered */
    if (opens && covers(op)) p->marked = TRUE;
    if (!emit(p, op, p->held)) return FALSE;
    if (is(op, "n")) /* a clipping path paints nothing */
      flush_held(p, FALSE);
    else if (any_of(op, paint_ops))
      flush_held(p, TRUE);
    else if (is(op, "ET"))
      flush_held(p, !p->marked); /* text tagged inside its BT stays as it is */
    return TRUE;
  }
  if (p->covered == 0 && (any_of(op, path_ops) || is(op, "BT"))) {
    p->marked = FALSE;
    return emit(p, op, p->held);
  }
  if (p->covered == 0 && (is(op, "Do") || is(op, "sh") || is(op, "BI") || is(op, "ID"))) {
    if (!is(op, "ID")) g_string_append(p->out, "/Artifact BMC\n"); /* an inline image: BI, then ID with its data */
    if (!emit(p, op, p->out)) return FALSE;
    if (!is(op, "BI")) g_string_append(p->out, "EMC\n");
    return TRUE;
  }
  if (opens) {
    gboolean c = covers(op);
    g_array_append_val(p->open, c);
    p->covered += c;
  }
  if (is(op, "EMC") && p->open->len) {
    p->covered -= g_array_index(p->open, gboolean, p->open->len - 1);
    g_array_set_size(p->open, p->open->len - 1);
  }
  return emit(p, op, p->out);
}

gboolean vl_pdfpaint_rewrite(const char *data, gsize len, const VlPdfPaint *how, GString *out, GError **err) {
  Paint p = {how, out, g_array_new(FALSE, FALSE, sizeof(gboolean)), 0, g_string_new(NULL), FALSE, NULL};
  gboolean ok = vl_pdfstream_each(data, len, each_op, &p, err);
  if (ok && p.error) {
    g_propagate_error(err, p.error);
    ok = FALSE;
  } else if (p.error)
    g_error_free(p.error);
  if (ok && p.held->len) flush_held(&p, FALSE); /* a path never painted: as it was */
  g_string_free(p.held, TRUE);
  g_array_free(p.open, TRUE);
  return ok;
}
