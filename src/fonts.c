#define _POSIX_C_SOURCE 200809L /* st_mtim */
#include "fonts.h"

#include <fontconfig/fontconfig.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <string.h>
#include <sys/stat.h>

struct VlFonts {
  int refs;
  FcConfig *config;
  char *conf; /* fonts.conf's path */
};

VlFonts *vl_fonts_new(const char *fonts_dir, GError **err) {
  char *conf = g_build_filename(fonts_dir, "fonts.conf", NULL);
  if (!g_file_test(conf, G_FILE_TEST_IS_REGULAR)) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_NOENT, "%s: no such file (volante's font configuration)", conf);
    g_free(conf);
    return NULL;
  }
  /* Pango 1.50 also starts fontconfig's default configuration in a thread of
   * its own, parsing /etc/fonts for nothing: point it at ours. */
  char *abs = g_canonicalize_filename(conf, NULL);
  g_setenv("FONTCONFIG_FILE", abs, TRUE);
  g_free(abs);
  FcConfig *config = FcConfigCreate();
  if (!FcConfigParseAndLoad(config, (const FcChar8 *)conf, FcTrue) || !FcConfigBuildFonts(config)) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: fontconfig cannot load it", conf);
    FcConfigDestroy(config);
    g_free(conf);
    return NULL;
  }
  FcFontSet *set = FcConfigGetFonts(config, FcSetSystem);
  if (!set || set->nfont == 0) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                "%s: no fonts found; install Debian's fonts-noto-core and fonts-noto-cjk", conf);
    FcConfigDestroy(config);
    g_free(conf);
    return NULL;
  }
  /* Made current, fontconfig's own start (FcInit, which Pango calls in a
   * thread of its own when the first font map is made) finds it there and
   * does not load the same files a second time: a tenth of the work of a
   * one-flyer run. Cairo's toy fonts (the DRAFT mark) use it too. */
  FcConfigSetCurrent(config);
  VlFonts *f = g_new0(VlFonts, 1);
  f->refs = 1;
  f->config = config;
  f->conf = conf;
  return f;
}

VlFonts *vl_fonts_ref(VlFonts *f) {
  f->refs++;
  return f;
}

void vl_fonts_free(VlFonts *f) {
  if (!f || --f->refs > 0) return;
  FcConfigDestroy(f->config);
  g_free(f->conf);
  g_free(f);
}

gint64 vl_fonts_weight(VlFonts *f, const char *lang) {
  FcPattern *pat = FcPatternCreate();
  FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)"volante sans");
  FcPatternAddString(pat, FC_LANG, (const FcChar8 *)lang);
  FcConfigSubstitute(f->config, pat, FcMatchPattern);
  FcDefaultSubstitute(pat);
  FcResult res;
  FcPattern *best = FcFontMatch(f->config, pat, &res);
  FcPatternDestroy(pat);
  gint64 size = 0;
  FcChar8 *file = NULL;
  if (best && FcPatternGetString(best, FC_FILE, 0, &file) == FcResultMatch) {
    GStatBuf st;
    if (g_stat((const char *)file, &st) == 0) size = st.st_size;
  }
  if (best) FcPatternDestroy(best);
  return size;
}

PangoFontMap *vl_fonts_new_map(VlFonts *f) {
  PangoFontMap *map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
  pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), f->config);
  return map;
}

static int by_name(gconstpointer a, gconstpointer b) { return strcmp(*(char *const *)a, *(char *const *)b); }

char *vl_fonts_fingerprint(VlFonts *f) {
  GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
  gchar *text = NULL;
  gsize len = 0;
  if (g_file_get_contents(f->conf, &text, &len, NULL)) g_checksum_update(sum, (const guchar *)text, (gssize)len);
  g_free(text);
  /* Each file once (a collection holds several faces), in the order of
   * their names, whatever order fontconfig found them in. */
  GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
  GPtrArray *files = g_ptr_array_new();
  FcFontSet *set = FcConfigGetFonts(f->config, FcSetSystem);
  for (int i = 0; set && i < set->nfont; i++) {
    FcChar8 *file = NULL;
    if (FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) == FcResultMatch && g_hash_table_add(seen, file))
      g_ptr_array_add(files, file);
  }
  g_ptr_array_sort(files, by_name);
  for (guint i = 0; i < files->len; i++) {
    const char *file = g_ptr_array_index(files, i);
    GStatBuf st = {0};
    if (g_stat(file, &st) != 0) memset(&st, 0, sizeof st);
    char *line = g_strdup_printf("\n%s %lld %lld.%09ld", file, (long long)st.st_size, (long long)st.st_mtim.tv_sec,
                                 (long)st.st_mtim.tv_nsec);
    g_checksum_update(sum, (const guchar *)line, -1);
    g_free(line);
  }
  g_ptr_array_free(files, TRUE);
  g_hash_table_destroy(seen);
  char *hex = g_strdup(g_checksum_get_string(sum));
  g_checksum_free(sum);
  return hex;
}
