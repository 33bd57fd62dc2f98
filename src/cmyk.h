/* cmyk: the colours of a print-shop PDF (--pdfx) in the press's CMYK,
 * converted by Little CMS from sRGB into a CMYK ICC profile that a Debian
 * package ships (VOLANTE_CMYK_PROFILE, Ghostscript's default_cmyk.icc from
 * libgs-common). Gray stays on the black plate alone: small text, rules and
 * QR codes printed in four inks blur when the plates are a hair apart. */
#ifndef VOLANTE_CMYK_H
#define VOLANTE_CMYK_H

#include <glib.h>

/* The most ink a colour may put down, in percent over the four plates:
 * a dark band converted as it is would reach about 330%, which smears and
 * dries slowly on uncoated stock. */
#define VL_CMYK_INK_LIMIT 300.0

typedef struct VlCmyk VlCmyk;

/* Opens the profile at PATH (NULL: VOLANTE_CMYK_PROFILE) and builds the
 * transforms. NULL with *err = "PATH: why" when it cannot. Free with
 * vl_cmyk_free (NULL is fine). */
VlCmyk *vl_cmyk_new(const char *path, GError **err);
void vl_cmyk_free(VlCmyk *c);
/* The press's profile (VOLANTE_CMYK_PROFILE), read once a process and kept:
 * --pdfx converts through it and check measures colours with it. NULL with
 * *err (ERR may be NULL) when it cannot be read. */
const VlCmyk *vl_cmyk_press(GError **err);

/* What the press's conversion depends on, as text: the profile's path, size
 * and time and Little CMS's version (part of a layout cache key, cache.h),
 * or NULL when the profile is not there. Caller frees. */
char *vl_cmyk_press_id(void);

/* The profile's bytes (owned by C) for the PDF's output intent, and its
 * description ("Artifex CMYK SWOP Profile") for people. */
const char *vl_cmyk_profile(const VlCmyk *c, gsize *len);
const char *vl_cmyk_description(const VlCmyk *c);

/* RGB (0..1 each) as C M Y K (0..1 each): a gray (R = G = B) on K alone,
 * 1 - gray as the PDF standard's DeviceGray to DeviceCMYK rule says; any
 * other colour through the profile (relative colorimetric with black point
 * compensation), held under VL_CMYK_INK_LIMIT by taking C, M and Y back. */
void vl_cmyk_from_rgb(const VlCmyk *c, const double rgb[3], double cmyk[4]);

/* Whether vl_cmyk_from_rgb puts RGB on K alone (a gray), without a profile. */
gboolean vl_cmyk_neutral(const double rgb[3]);

/* N pixels of 8-bit RGB at IN as 8-bit CMYK at OUT (4 * N bytes), by the
 * same rules. */
void vl_cmyk_pixels(const VlCmyk *c, const guint8 *in, guint8 *out, gsize n);

#endif
