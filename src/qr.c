#include "qr.h"

#include <math.h>
#include <qrencode.h>
#include <string.h>

struct VlQr {
  char *text;
  int width;             /* modules a side */
  unsigned char *dark;   /* width * width, 1 for a dark module */
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
  /* Each row's runs of dark modules become one rectangle, so a code is a
   * few hundred path segments, and adjacent modules leave no hairline gaps. */
  cairo_new_path(cr);
  for (int r = 0; r < q->width; r++) {
    for (int c = 0; c < q->width;) {
      if (!q->dark[r * q->width + c]) {
        c++;
        continue;
      }
      int start = c;
      while (c < q->width && q->dark[r * q->width + c]) c++;
      cairo_rectangle(cr, x + (QUIET + start) * m, y + (QUIET + r) * m, (c - start) * m, m);
    }
  }
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
  cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
  cairo_fill(cr);
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
