/* qr: QR codes (libqrencode) drawn as vector paths, so they stay sharp at
 * any print size. */
#ifndef VOLANTE_QR_H
#define VOLANTE_QR_H

#include <cairo.h>
#include <glib.h>

typedef struct VlQr VlQr;

/* Encodes TEXT (a URI: "https://…" or "tel:+1…") with error correction level
 * M, which survives a crease or a smudge on a wallet card. NULL with *err
 * set when it cannot be encoded. Caller owns the result (vl_qr_free). A
 * text is encoded once per process: later calls get a copy of that code. */
VlQr *vl_qr_new(const char *text, GError **err);
void vl_qr_free(VlQr *q);
const char *vl_qr_text(const VlQr *q);
/* The width of one module (a little square) when the code is drawn in a
 * square of SIZE, its quiet zone included (vl_qr_draw). */
double vl_qr_module(const VlQr *q, double size);

/* Draws the code, its four-module quiet zone included, in a square of SIZE
 * with its top-left corner at (X, Y): dark modules in RGB on a white
 * ground, or on the paper itself without GROUND (the ink saver, which
 * prints no fill under it). With SNAP (screens), modules are whole device
 * pixels, so a camera sees clean edges. */
void vl_qr_draw(const VlQr *q, cairo_t *cr, double x, double y, double size, const double rgb[3], gboolean ground,
                gboolean snap);

/* The URI a QR code should carry for a contact FIELD ("web" or "phone") of
 * VALUE, or NULL when there is nothing to encode: web addresses as written,
 * phone numbers as tel: with the digits (and a leading +). Caller frees. */
char *vl_qr_uri(const char *field, const char *value);

#endif
