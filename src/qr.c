#include "qr.h"

#include <math.h>
#include <qrencode.h>
#include <string.h>

struct VlQr {
  char *text;
  int width;           /* modules a side */
  unsigned char *dark; /* width * width, 1 for a dark module */
};

/* The quiet zone the standard asks for around the code, in modules. */
#define QUIET 4

/* Codes made so far, by text: every page, layout and language of a run
 * shows the same few addresses, and encoding one (libqrencode tries all
 * eight masks) cost 400,000 instructions, 5% of a check. A code depends on
 * its text alone (the level is fixed, the version the smallest that holds
 * it). Text -> VlQr, owned; vl_qr_new hands out copies, so each caller owns
 * what it gets, as before. Emptied when full: a kiosk reloading content for
 * weeks must not grow without end. */
static GHashTable *made;
#define MAX_MADE 256

static VlQr *qr_copy(const VlQr *q) {
  VlQr *c = g_new0(VlQr, 1);
  c->text = g_strdup(q->text);
  c->width = q->width;
  c->dark = g_memdup2(q->dark, (gsize)q->width * q->width);
  return c;
}

static VlQr *qr_encode(const char *text, GError **err) {
  QRcode *code = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
  if (!code) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "cannot make a QR code of \"%.60s\" (%zu bytes)", text,
                strlen(text));
    return NULL;
  }
  VlQr *q = g_new0(VlQr, 1);
  q->text = g_strdup(text);
  q->width = code->width;
  q->dark = g_malloc((gsize)code->width * code->width);
  /* libqrencode's low bit of each byte is the module's color. */
  for (int i = 0; i < code->width * code->width; i++) q->dark[i] = code->data[i] & 1;
  QRcode_free(code);
  return q;
}

VlQr *vl_qr_new(const char *text, GError **err) {
  if (!made) made = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)vl_qr_free);
  const VlQr *known = g_hash_table_lookup(made, text);
  if (known) return qr_copy(known);
  VlQr *q = qr_encode(text, err);
  if (!q) return NULL; /* rare (an address too long), and said again each time */
  if (g_hash_table_size(made) >= MAX_MADE) g_hash_table_remove_all(made);
  VlQr *kept = qr_copy(q);
  g_hash_table_insert(made, kept->text, kept);
  return q;
}

void vl_qr_free(VlQr *q) {
  if (!q) return;
  g_free(q->text);
  g_free(q->dark);
  g_free(q);
}

const char *vl_qr_text(const VlQr *q) { return q->text; }

double vl_qr_module(const VlQr *q, double size) { return size / (q->width + 2 * QUIET); }

void vl_qr_draw(const VlQr *q, cairo_t *cr, double x, double y, double size, const double rgb[3], gboolean ground,
                gboolean snap) {
  int n = q->width + 2 * QUIET;
  double m = size / n;
  if (snap && m >= 1) {
    m = floor(m);
    double slack = size - m * n;
    x = round(x + slack / 2), y = round(y + slack / 2);
    size = m * n;
  }
  cairo_save(cr);
  if (ground) {
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, x, y, size, size);
    cairo_fill(cr);
  }
  /* Dark modules are covered by strokes a module wide, across or down:
   * from each module not yet covered, the longer of its two runs. That
   * takes about 120 strokes for a 25-module code where rows alone take 170,
   * and Cairo prints every coordinate as text, which is most of what a code
   * costs. Strokes meet edge to edge, without hairlines between them. */
  cairo_new_path(cr);
  int w = q->width;
  unsigned char *done = g_malloc0((gsize)w * w);
#define DARK(r, c) (q->dark[(r)*w + (c)])
  for (int r = 0; r < w; r++)
    for (int c = 0; c < w; c++) {
      if (!DARK(r, c) || done[r * w + c]) continue;
      int c0 = c, c1 = c, r0 = r, r1 = r;
      while (c0 > 0 && DARK(r, c0 - 1)) c0--;
      while (c1 + 1 < w && DARK(r, c1 + 1)) c1++;
      while (r0 > 0 && DARK(r0 - 1, c)) r0--;
      while (r1 + 1 < w && DARK(r1 + 1, c)) r1++;
      int across = 0, down = 0;
      for (int k = c0; k <= c1; k++) across += !done[r * w + k];
      for (int k = r0; k <= r1; k++) down += !done[k * w + c];
      if (across >= down) {
        for (int k = c0; k <= c1; k++) done[r * w + k] = 1;
        cairo_move_to(cr, x + (QUIET + c0) * m, y + (QUIET + r + 0.5) * m);
        cairo_line_to(cr, x + (QUIET + c1 + 1) * m, y + (QUIET + r + 0.5) * m);
      } else {
        for (int k = r0; k <= r1; k++) done[k * w + c] = 1;
        cairo_move_to(cr, x + (QUIET + c + 0.5) * m, y + (QUIET + r0) * m);
        cairo_line_to(cr, x + (QUIET + c + 0.5) * m, y + (QUIET + r1 + 1) * m);
      }
    }
#undef DARK
  g_free(done);
  cairo_set_line_width(cr, m);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
  cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
  cairo_stroke(cr);
  cairo_restore(cr);
}

char *vl_qr_uri(const char *field, const char *value) {
  if (!value || !*value) return NULL;
  if (!strcmp(field, "web")) {
    if (g_str_has_prefix(value, "https://") || g_str_has_prefix(value, "http://")) return g_strdup(value);
    return g_strconcat("https://", value, NULL);
  }
  if (!strcmp(field, "phone")) {
    /* tel: takes the digits; a number written with its country code keeps the +. */
    GString *s = g_string_new("tel:");
    for (const char *p = value; *p; p++) {
      if (*p == '+' && s->len == 4) g_string_append_c(s, '+');
      if (g_ascii_isdigit(*p)) g_string_append_c(s, *p);
    }
    if (s->len <= 5) {
      g_string_free(s, TRUE);
      return NULL;
    }
    return g_string_free(s, FALSE);
  }
  return NULL;
}
