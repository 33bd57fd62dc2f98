/* st_mtim; madvise (BSD, Linux) beyond C11. */
#define _DEFAULT_SOURCE
#include "fonts.h"

#include <fontconfig/fontconfig.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

struct VlFonts {
  int refs;
  FcConfig *config;
  char *conf;        /* fonts.conf's path */
  GHashTable *files; /* each font file's path, for vl_fonts_release_pages (made on first use) */
  long released;     /* resident pages of mapped files after its last release */
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
  if (f->files) g_hash_table_destroy(f->files);
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

/* The Noto CJK collections are 19 and 20 MB; a single face (Noto Sans) is
 * 600 kB at most: read again by the next page, faulting it in again would
 * cost more than it holds. */
#define LARGE_FONT (4ul << 20)
#define RELEASE_AFTER (8l << 20)

#ifdef __linux__
/* Resident pages of mapped files (the third number of /proc/self/statm),
 * -1 when unknown. */
static long file_pages(void) {
  long size, resident, shared = -1;
  FILE *statm = fopen("/proc/self/statm", "r");
  if (statm) {
    if (fscanf(statm, "%ld %ld %ld", &size, &resident, &shared) != 3) shared = -1;
    fclose(statm);
  }
  return shared;
}
#endif

void vl_fonts_release_pages(VlFonts *f) {
#if defined(__linux__) && defined(MADV_DONTNEED)
  if (!f->files) {
    f->files = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    FcFontSet *set = FcConfigGetFonts(f->config, FcSetSystem);
    for (int i = 0; set && i < set->nfont; i++) {
      FcChar8 *file = NULL;
      if (FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) == FcResultMatch)
        g_hash_table_add(f->files, g_strdup((const char *)file));
    }
  }
  /* Only when the memory of mapped files has grown by RELEASE_AFTER since
   * the last time: most jobs (no CJK) add a few pages, and a job that reads
   * a collection again after a release has it mapped again, page by page. */
  long shared = file_pages();
  if (shared >= 0 && shared - f->released < RELEASE_AFTER / sysconf(_SC_PAGESIZE)) return;
  char *maps = NULL;
  if (!g_file_get_contents("/proc/self/maps", &maps, NULL, NULL)) return;
  /* "start-end perms offset dev inode   path": the large read-only private
   * mappings of font files (by the name fontconfig knows them by), which
   * hold nothing but the file's bytes (HarfBuzz makes the pages of a table
   * it must mend writable first, and they stay "rw-p": those are left
   * alone). No sscanf: the first two numbers and the permissions decide. */
  for (char *line = maps, *next; *line; line = next) {
    next = strchr(line, '\n');
    if (next)
      *next++ = '\0';
    else
      next = line + strlen(line);
    char *p;
    unsigned long start = strtoul(line, &p, 16);
    if (*p != '-') continue;
    unsigned long end = strtoul(p + 1, &p, 16);
    if (end - start < LARGE_FONT || strncmp(p, " r--p ", 6) != 0) continue;
    char *path = strchr(p, '/');
    if (path && g_hash_table_contains(f->files, path)) madvise((void *)start, end - start, MADV_DONTNEED);
  }
  g_free(maps);
  f->released = file_pages();
#else
  (void)f;
#endif
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
