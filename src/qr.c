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

VlQr *vl_qr_new(const char *text, GError **err) {
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

void vl_qr_free(VlQr *q) {
  if (!q) return;
  g_free(q->text);
  g_free(q->dark);
  g_free(q);
}

const char *vl_qr_text(const VlQr *q) { return q->text; }

void vl_qr_draw(const VlQr *q, cairo_t *cr, double x, double y, double size, const double rgb[3], gboolean snap) {
  int n = q->width + 2 * QUIET;
  double m = size / n;
  if (snap && m >= 1) {
    m = floor(m);
    double slack = size - m * n;
    x = round(x + slack / 2), y = round(y + slack / 2);
    size = m * n;
  }
  cairo_save(cr);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_rectangle(cr, x, y, size, size);
  cairo_fill(cr);
  /* Each row's runs of dark modules are one stroke as wide as a module:
   * half the numbers a rectangle needs in the PDF (Cairo prints every
   * coordinate as text, which is most of what a code costs), and rows meet
   * edge to edge without a hairline between them. */
  cairo_new_path(cr);
  int w = q->width;
  for (int r = 0; r < w; r++) {
    for (int c = 0; c < w;) {
      if (!q->dark[r * w + c]) {
        c++;
        continue;
      }
      int start = c;
      while (c < w && q->dark[r * w + c]) c++;
      cairo_move_to(cr, x + (QUIET + start) * m, y + (QUIET + r + 0.5) * m);
      cairo_line_to(cr, x + (QUIET + c) * m, y + (QUIET + r + 0.5) * m);
    }
  }
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
