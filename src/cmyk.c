#include "cmyk.h"

#include <glib/gstdio.h>
#include <lcms2.h>
#include <math.h>
#include <string.h>

#ifndef VOLANTE_CMYK_PROFILE
#define VOLANTE_CMYK_PROFILE "/usr/share/color/icc/ghostscript/default_cmyk.icc"
#endif

struct VlCmyk {
  char *bytes;
  gsize len;
  char *description;
  cmsHTRANSFORM xf; /* sRGB doubles 0..1 to CMYK doubles 0..100 */
};

static gboolean gray(double r, double g, double b) { return fabs(r - g) < 0.5 / 255 && fabs(g - b) < 0.5 / 255; }

gboolean vl_cmyk_neutral(const double rgb[3]) {
  double in[3];
  for (int i = 0; i < 3; i++) in[i] = CLAMP(rgb[i], 0.0, 1.0);
  return gray(in[0], in[1], in[2]);
}

VlCmyk *vl_cmyk_new(const char *path, GError **err) {
  if (!path) path = VOLANTE_CMYK_PROFILE;
  VlCmyk *c = g_new0(VlCmyk, 1);
  GError *e = NULL;
  if (!g_file_get_contents(path, &c->bytes, &c->len, &e)) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                "%s: cannot read the CMYK profile PDF/X needs (Debian package libgs-common): %s", path, e->message);
    g_error_free(e);
    vl_cmyk_free(c);
    return NULL;
  }
  cmsHPROFILE out = cmsOpenProfileFromMem(c->bytes, (cmsUInt32Number)c->len);
  if (!out || cmsGetColorSpace(out) != cmsSigCmykData || cmsGetDeviceClass(out) != cmsSigOutputClass) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: not a CMYK output profile", path);
    if (out) cmsCloseProfile(out);
    vl_cmyk_free(c);
    return NULL;
  }
  char desc[256] = "";
  cmsGetProfileInfoASCII(out, cmsInfoDescription, "en", "US", desc, sizeof desc);
  c->description = g_strdup(*desc ? desc : "CMYK");
  cmsHPROFILE srgb = cmsCreate_sRGBProfile();
  c->xf = cmsCreateTransform(srgb, TYPE_RGB_DBL, out, TYPE_CMYK_DBL, INTENT_RELATIVE_COLORIMETRIC,
                             cmsFLAGS_BLACKPOINTCOMPENSATION);
  cmsCloseProfile(srgb);
  cmsCloseProfile(out);
  if (!c->xf) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: Little CMS cannot convert sRGB into it", path);
    vl_cmyk_free(c);
    return NULL;
  }
  return c;
}

void vl_cmyk_free(VlCmyk *c) {
  if (!c) return;
  if (c->xf) cmsDeleteTransform(c->xf);
  g_free(c->bytes);
  g_free(c->description);
  g_free(c);
}

const VlCmyk *vl_cmyk_press(GError **err) {
  static VlCmyk *press;
  if (!press) press = vl_cmyk_new(NULL, err);
  return press;
}

char *vl_cmyk_press_id(void) {
  GStatBuf st;
  if (g_stat(VOLANTE_CMYK_PROFILE, &st) != 0) return NULL;
  return g_strdup_printf("%s|%lld|%lld|%d", VOLANTE_CMYK_PROFILE, (long long)st.st_size, (long long)st.st_mtime,
                         cmsGetEncodedCMMversion());
}

const char *vl_cmyk_profile(const VlCmyk *c, gsize *len) {
  *len = c->len;
  return c->bytes;
}

const char *vl_cmyk_description(const VlCmyk *c) { return c->description; }

void vl_cmyk_from_rgb(const VlCmyk *c, const double rgb[3], double cmyk[4]) {
  double in[3], v[4];
  for (int i = 0; i < 3; i++) in[i] = CLAMP(rgb[i], 0.0, 1.0);
  if (gray(in[0], in[1], in[2])) {
    cmyk[0] = cmyk[1] = cmyk[2] = 0;
    cmyk[3] = 1 - (in[0] + in[1] + in[2]) / 3;
    return;
  }
  cmsDoTransform(c->xf, in, v, 1);
  double cmy = v[0] + v[1] + v[2];
  if (cmy > 0 && cmy + v[3] > VL_CMYK_INK_LIMIT) {
    double f = MAX(VL_CMYK_INK_LIMIT - v[3], 0) / cmy;
    for (int i = 0; i < 3; i++) v[i] *= f;
  }
  for (int i = 0; i < 4; i++) cmyk[i] = CLAMP(v[i] / 100, 0.0, 1.0);
}

void vl_cmyk_pixels(const VlCmyk *c, const guint8 *in, guint8 *out, gsize n) {
  for (gsize i = 0; i < n; i++) {
    double rgb[3] = {in[3 * i] / 255.0, in[3 * i + 1] / 255.0, in[3 * i + 2] / 255.0}, k[4];
    vl_cmyk_from_rgb(c, rgb, k);
    for (int j = 0; j < 4; j++) out[4 * i + j] = (guint8)(k[j] * 255 + 0.5);
  }
}
