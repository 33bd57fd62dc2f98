/* st_mtim; madvise (BSD, Linux) beyond C11. */
#define _GNU_SOURCE
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

#include "cache.h"
#include "digest.h"
#include "util.h"

struct VlFonts {
  int refs;
  FcConfig *config;
  char *conf;        /* fonts.conf's path */
  GHashTable *files; /* each font file's path, for vl_fonts_release_pages (made on first use) */
  long released;     /* resident pages of mapped files after its last release */
  char *fingerprint; /* vl_fonts_fingerprint's, made once (under sorts_lock) */
};

static void sorts_know(VlFonts *f, gboolean known);

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
  sorts_know(f, TRUE);
  return f;
}

VlFonts *vl_fonts_ref(VlFonts *f) {
  f->refs++;
  return f;
}

void vl_fonts_free(VlFonts *f) {
  if (!f || --f->refs > 0) return;
  sorts_know(f, FALSE);
  FcConfigDestroy(f->config);
  if (f->files) g_hash_table_destroy(f->files);
  g_free(f->conf);
  g_free(f->fingerprint);
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

static char *fingerprint_make(VlFonts *f) {
  VlDigest *sum = vl_digest_new();
  gchar *text = NULL;
  gsize len = 0;
  if (g_file_get_contents(f->conf, &text, &len, NULL)) vl_digest_add(sum, text, len);
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
    vl_digest_add_str(sum, line, FALSE);
    g_free(line);
  }
  g_ptr_array_free(files, TRUE);
  g_hash_table_destroy(seen);
  return vl_digest_end_hex(sum);
}

/* fontconfig's sorts and matches, remembered.
 *
 * For every new pattern (font description x language; volante lays out at
 * one size, so sizes add none) Pango 1.50 starts two threads: one matches
 * all the fonts against it (FcFontSetMatch, 1.1 million instructions, which
 * the layout waits for), the other sorts them (FcFontSetSort, 2.7 million,
 * whether or not a fallback font is ever asked for). This process defines
 * both itself: the module's own definitions come before libfontconfig's in
 * the search list of the libraries it loads (Pango's calls bind here:
 * LD_DEBUG=bindings), and the real ones are found after it (RTLD_NEXT). A
 * sort, or which font won a match, is kept in memory and in the cache's
 * blobs (kinds "fontsort", "fontmatch"), keyed by what it reads, as the
 * fonts' places in the set; a run with the cache warm sorts nothing and
 * scores one font per match.
 *
 * What they read (fontconfig 2.14, fcmatch.c): FcCompare scores each font
 * on the objects that both the pattern and the font have, with the
 * pattern's values and their bindings, and the trimming walk reads only the
 * fonts' charsets. So the key is the pattern's objects that some font of the
 * set has (the size, pixel size, resolution and program name, which no font
 * has, drop out), TRIM, the fonts' files and faces in their order, and
 * vl_fonts_fingerprint (fonts.conf, each file's size and time), with the
 * build (Pango, fontconfig) in the blob's name. Anything else (a charset
 * asked for, several sets, a configuration volante did not load, a value of
 * a type the key cannot hold) goes to fontconfig unremembered. */

static GMutex sorts_lock;
static GPtrArray *sorts_fonts; /* VlFonts alive, borrowed */

typedef struct {
  int refs;          /* sort_sets' and each sort's under way (under sorts_lock) */
  FcPattern **fonts; /* referenced, so no other pattern can take a place's address */
  int n;
  guint8 digest[32];   /* fingerprint, files and faces */
  GHashTable *objects; /* object name -> 1 when some font has it, 2 when none (made as asked) */
  GHashTable *place;   /* pattern -> its place + 1 */
} SortSet;

#define SORT_SETS 4
static SortSet *sort_sets[SORT_SETS]; /* the last font sets seen (one per Pango font map) */
static int sort_sets_next;
static GHashTable *sorted;   /* key (32 bytes) -> GBytes (Sorted) */
static GPtrArray *sorts_new; /* keys and values learnt, for the blobs (pairs of GBytes) */

/* A sort as kept: fontconfig's result, then the places of the fonts it
 * returned, in order. */
typedef struct {
  guint32 result, n;
  guint16 place[];
} Sorted;

static void sorts_know(VlFonts *f, gboolean known) {
  g_mutex_lock(&sorts_lock);
  if (!sorts_fonts) sorts_fonts = g_ptr_array_new();
  if (known)
    g_ptr_array_add(sorts_fonts, f);
  else
    g_ptr_array_remove_fast(sorts_fonts, f);
  g_mutex_unlock(&sorts_lock);
}

char *vl_fonts_fingerprint(VlFonts *f) {
  g_mutex_lock(&sorts_lock);
  char *fp = g_strdup(f->fingerprint);
  g_mutex_unlock(&sorts_lock);
  if (fp) return fp;
  /* Made outside the lock (it reads every file's time); two threads that
   * make it at once make the same. */
  fp = fingerprint_make(f);
  g_mutex_lock(&sorts_lock);
  if (!f->fingerprint) f->fingerprint = g_strdup(fp);
  g_mutex_unlock(&sorts_lock);
  return fp;
}

/* Under sorts_lock. */
static void sort_set_unref(SortSet *s) {
  if (!s || --s->refs > 0) return;
  for (int i = 0; i < s->n; i++) FcPatternDestroy(s->fonts[i]);
  g_free(s->fonts);
  g_hash_table_destroy(s->objects);
  g_hash_table_destroy(s->place);
  g_free(s);
}

static SortSet *sort_set_new(const char *fingerprint, FcFontSet *set) {
  SortSet *s = g_new0(SortSet, 1);
  s->refs = 1;
  s->n = set->nfont;
  s->fonts = g_new(FcPattern *, s->n);
  s->objects = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  s->place = g_hash_table_new(NULL, NULL);
  VlDigest *sum = vl_digest_new();
  vl_digest_add_str(sum, fingerprint, TRUE);
  /* The files and faces in their places, FNV-1a: the fingerprint already
   * stands for the fonts; this only holds their order. */
  guint64 order = 14695981039346656037ull;
  for (int i = 0; i < s->n; i++) {
    FcPattern *font = set->fonts[i];
    FcPatternReference(font);
    s->fonts[i] = font;
    g_hash_table_insert(s->place, font, GINT_TO_POINTER(i + 1));
    FcChar8 *file = (FcChar8 *)"";
    int index = 0;
    FcPatternGetString(font, FC_FILE, 0, &file);
    FcPatternGetInteger(font, FC_INDEX, 0, &index);
    for (const FcChar8 *c = file;; c++) {
      order = (order ^ *c) * 1099511628211ull;
      if (!*c) break;
    }
    order = (order ^ (guint64)(guint32)index) * 1099511628211ull;
  }
  vl_digest_add(sum, &order, sizeof order);
  vl_digest_end(sum, s->digest);
  return s;
}

/* The set of SET (its fonts the same patterns in the same order), made and
 * kept when new; one more reference for the caller. Under sorts_lock. */
static SortSet *sort_set_find(const char *fingerprint, FcFontSet *set) {
  for (int i = 0; i < SORT_SETS; i++) {
    SortSet *s = sort_sets[i];
    if (s && s->n == set->nfont && !memcmp(s->fonts, set->fonts, (gsize)s->n * sizeof *s->fonts)) {
      s->refs++;
      return s;
    }
  }
  SortSet *s = sort_set_new(fingerprint, set);
  sort_set_unref(sort_sets[sort_sets_next]);
  sort_sets[sort_sets_next] = s;
  sort_sets_next = (sort_sets_next + 1) % SORT_SETS;
  s->refs++;
  return s;
}

static void feed(VlDigest *sum, const void *data, gsize len) { vl_digest_add(sum, data, len); }

/* The key of a sort (KIND "fontsort") or match ("fontmatch") of S against P
 * into KEY; FALSE when P holds a value the key cannot hold. Under sorts_lock
 * (it completes S->objects). */
static gboolean sort_key(const SortSet *s, FcPattern *p, const char *kind, FcBool trim, guint8 key[32]) {
  VlDigest *sum = vl_digest_new();
  feed(sum, kind, strlen(kind) + 1);
  feed(sum, "1", 1);
  feed(sum, s->digest, sizeof s->digest);
  guint8 t = trim != FcFalse;
  feed(sum, &t, 1);
  gboolean ok = TRUE;
  FcPatternIter it;
  FcPatternIterStart(p, &it);
  if (FcPatternIterIsValid(p, &it)) do {
      const char *object = FcPatternIterGetObject(p, &it);
      int has = GPOINTER_TO_INT(g_hash_table_lookup(s->objects, object));
      if (!has) {
        FcValue v;
        has = 2;
        for (int i = 0; i < s->n && has == 2; i++)
          if (FcPatternGet(s->fonts[i], object, 0, &v) == FcResultMatch) has = 1;
        g_hash_table_insert(s->objects, g_strdup(object), GINT_TO_POINTER(has));
      }
      if (has != 1) continue;
      feed(sum, object, strlen(object) + 1);
      int n = FcPatternIterValueCount(p, &it);
      feed(sum, &n, sizeof n);
      for (int i = 0; ok && i < n; i++) {
        FcValue v;
        FcValueBinding b;
        if (FcPatternIterGetValue(p, &it, i, &v, &b) != FcResultMatch) {
          ok = FALSE;
          break;
        }
        gint32 head[2] = {(gint32)v.type, (gint32)b};
        feed(sum, head, sizeof head);
        switch (v.type) {
          case FcTypeInteger:
            feed(sum, &v.u.i, sizeof v.u.i);
            break;
          case FcTypeDouble:
            feed(sum, &v.u.d, sizeof v.u.d);
            break;
          case FcTypeBool:
            feed(sum, &v.u.b, sizeof v.u.b);
            break;
          case FcTypeString:
            feed(sum, v.u.s, strlen((const char *)v.u.s) + 1);
            break;
          case FcTypeMatrix:
            feed(sum, v.u.m, sizeof *v.u.m);
            break;
          case FcTypeRange: {
            double r[2];
            FcRangeGetDouble(v.u.r, &r[0], &r[1]);
            feed(sum, r, sizeof r);
            break;
          }
          default:
            ok = FALSE; /* a charset, a language set, a face: not kept */
        }
      }
    } while (ok && FcPatternIterNext(p, &it));
  vl_digest_end(sum, key);
  return ok;
}

/* The set a kept sort stands for, or NULL when VALUE does not fit S. */
static FcFontSet *sorted_set(const SortSet *s, GBytes *value, FcResult *result) {
  gsize len = 0;
  const Sorted *k = g_bytes_get_data(value, &len);
  if (len < sizeof *k || len != sizeof *k + k->n * sizeof k->place[0] || k->n > (guint32)s->n) return NULL;
  for (guint32 i = 0; i < k->n; i++)
    if (k->place[i] >= s->n) return NULL;
  FcFontSet *out = FcFontSetCreate();
  for (guint32 i = 0; i < k->n; i++) {
    FcPattern *font = s->fonts[k->place[i]];
    FcPatternReference(font);
    FcFontSetAdd(out, font);
  }
  *result = (FcResult)k->result;
  return out;
}

typedef FcFontSet *(*SortFn)(FcConfig *, FcFontSet **, int, FcPattern *, FcBool, FcCharSet **, FcResult *);
typedef FcPattern *(*MatchFn)(FcConfig *, FcFontSet **, int, FcPattern *, FcResult *);

VL_REAL_FN(SortFn, FcFontSetSort, "libfontconfig.so.1")
VL_REAL_FN(MatchFn, FcFontSetMatch, "libfontconfig.so.1")

/* The set for a sort or match of SETS against P, one more reference for the
 * caller, with KEY and in *VALUE what is kept under it (in memory, else in
 * the blobs; the caller checks it with sorted_set); NULL when the call is not
 * one to keep. */
static SortSet *kept_lookup(FcConfig *config, FcFontSet **sets, int nsets, FcPattern *p, const char *kind, FcBool trim,
                            guint8 key[32], GBytes **value) {
  *value = NULL;
  if (nsets != 1 || !sets || !sets[0] || sets[0]->nfont <= 0 || sets[0]->nfont > G_MAXUINT16 || !p) return NULL;
  VlFonts *f = NULL;
  g_mutex_lock(&sorts_lock);
  for (guint i = 0; sorts_fonts && i < sorts_fonts->len; i++) {
    VlFonts *k = g_ptr_array_index(sorts_fonts, i);
    if (k->config == config) f = k;
  }
  g_mutex_unlock(&sorts_lock);
  if (!f) return NULL;
  char *fp = vl_fonts_fingerprint(f);
  g_mutex_lock(&sorts_lock);
  SortSet *s = sort_set_find(fp, sets[0]);
  g_free(fp);
  if (!sort_key(s, p, kind, trim, key)) {
    sort_set_unref(s);
    s = NULL;
  } else if (sorted) {
    GBytes *k = g_bytes_new_static(key, 32);
    GBytes *v = g_hash_table_lookup(sorted, k);
    g_bytes_unref(k);
    if (v) *value = g_bytes_ref(v);
  }
  g_mutex_unlock(&sorts_lock);
  if (s && !*value) *value = vl_cache_blob_get(kind, key, 32);
  return s;
}

/* Keeps VALUE under KEY in memory and, when LEARNT, for the blobs of KIND;
 * drops the caller's reference to S and takes VALUE's. */
static void kept_put(SortSet *s, const char *kind, const guint8 key[32], GBytes *value, gboolean learnt) {
  g_mutex_lock(&sorts_lock);
  if (value) {
    if (!sorted)
      sorted = g_hash_table_new_full(g_bytes_hash, g_bytes_equal, (GDestroyNotify)g_bytes_unref,
                                     (GDestroyNotify)g_bytes_unref);
    GBytes *k = g_bytes_new(key, 32);
    if (learnt && vl_cache_blobs_on()) {
      if (!sorts_new) sorts_new = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
      g_ptr_array_add(sorts_new, g_bytes_new_static(kind, strlen(kind) + 1));
      g_ptr_array_add(sorts_new, g_bytes_ref(k));
      g_ptr_array_add(sorts_new, g_bytes_ref(value));
    }
    g_hash_table_replace(sorted, k, value);
  }
  sort_set_unref(s);
  g_mutex_unlock(&sorts_lock);
}

static GBytes *sorted_new(FcResult result, const int *place, int n) {
  gsize len = sizeof(Sorted) + (gsize)n * sizeof(guint16);
  Sorted *k = g_malloc(len);
  k->result = (guint32)result;
  k->n = (guint32)n;
  for (int i = 0; i < n; i++) k->place[i] = (guint16)place[i];
  return g_bytes_new_take(k, len);
}

__attribute__((visibility("default"))) FcFontSet *FcFontSetSort(FcConfig *config, FcFontSet **sets, int nsets,
                                                                FcPattern *p, FcBool trim, FcCharSet **csp,
                                                                FcResult *result) {
  SortFn real = real_FcFontSetSort();
  if (!real) {
    *result = FcResultNoMatch;
    return NULL;
  }
  guint8 key[32];
  GBytes *value = NULL;
  SortSet *s = csp ? NULL : kept_lookup(config, sets, nsets, p, "fontsort", trim, key, &value);
  if (!s) return real(config, sets, nsets, p, trim, csp, result);
  FcFontSet *out = value ? sorted_set(s, value, result) : NULL;
  gboolean learnt = FALSE;
  if (!out) {
    if (value) g_bytes_unref(value);
    value = NULL;
    out = real(config, sets, nsets, p, trim, csp, result);
    int *place = out ? g_new(int, out->nfont ? out->nfont : 1) : NULL;
    for (int i = 0; out && i < out->nfont; i++) {
      place[i] = GPOINTER_TO_INT(g_hash_table_lookup(s->place, out->fonts[i])) - 1;
      if (place[i] < 0) { /* a font not of the set: nothing to keep */
        g_free(place);
        place = NULL;
        break;
      }
    }
    if (place) value = sorted_new(*result, place, out->nfont);
    g_free(place);
    learnt = TRUE;
  }
  kept_put(s, "fontsort", key, value, learnt);
  return out;
}

/* The match is fontconfig's for the one font that won: FcFontSetMatch scores
 * each font on its own (the scores of one font do not depend on the others),
 * takes the first of the lowest, sets the bindings of its values from its
 * scores and prepares it for P (FcFontRenderPrepare, with the configuration's
 * font rules). Given a set of that font alone it does all the same, without
 * scoring the other 225. Which font won is kept as its place, under the key
 * of a sort. */
__attribute__((visibility("default"))) FcPattern *FcFontSetMatch(FcConfig *config, FcFontSet **sets, int nsets,
                                                                 FcPattern *p, FcResult *result) {
  MatchFn real = real_FcFontSetMatch();
  if (!real) {
    *result = FcResultNoMatch;
    return NULL;
  }
  guint8 key[32];
  GBytes *value = NULL;
  SortSet *s = kept_lookup(config, sets, nsets, p, "fontmatch", FcFalse, key, &value);
  if (!s) return real(config, sets, nsets, p, result);
  FcFontSet *won = value ? sorted_set(s, value, result) : NULL;
  if (value) g_bytes_unref(value);
  if (won && won->nfont == 1) {
    FcPattern *out = real(config, &won, 1, p, result);
    FcFontSetDestroy(won);
    kept_put(s, "fontmatch", key, NULL, FALSE);
    return out;
  }
  if (won) FcFontSetDestroy(won);
  FcPattern *out = real(config, sets, nsets, p, result);
  /* Which font won: the one of the set with its file and face (when only one
   * has them), and only when the match of that font alone is the same. */
  FcChar8 *file = NULL;
  int index = 0, place = -1;
  if (out && FcPatternGetString(out, FC_FILE, 0, &file) == FcResultMatch &&
      FcPatternGetInteger(out, FC_INDEX, 0, &index) == FcResultMatch)
    for (int i = 0; i < s->n; i++) {
      FcChar8 *f = NULL;
      int x = 0;
      if (FcPatternGetString(s->fonts[i], FC_FILE, 0, &f) == FcResultMatch && !strcmp((char *)f, (char *)file) &&
          FcPatternGetInteger(s->fonts[i], FC_INDEX, 0, &x) == FcResultMatch && x == index) {
        if (place >= 0) {
          place = -1;
          break;
        }
        place = i;
      }
    }
  GBytes *kept = NULL;
  if (place >= 0) {
    FcFontSet one = {1, 1, &s->fonts[place]}, *onep = &one;
    FcResult r;
    FcPattern *again = real(config, &onep, 1, p, &r);
    if (again && r == *result && FcPatternEqual(again, out)) kept = sorted_new(*result, &place, 1);
    if (again) FcPatternDestroy(again);
  }
  kept_put(s, "fontmatch", key, kept, kept != NULL);
  return out;
}

void vl_fonts_save_sorts(void) {
  g_mutex_lock(&sorts_lock);
  GPtrArray *learnt = sorts_new;
  sorts_new = NULL;
  g_mutex_unlock(&sorts_lock);
  if (!learnt) return;
  for (guint i = 0; i + 2 < learnt->len; i += 3) {
    gsize klen = 0, vlen = 0;
    const char *kind = g_bytes_get_data(g_ptr_array_index(learnt, i), NULL);
    const void *k = g_bytes_get_data(g_ptr_array_index(learnt, i + 1), &klen);
    const void *v = g_bytes_get_data(g_ptr_array_index(learnt, i + 2), &vlen);
    vl_cache_blob_put(kind, k, klen, v, vlen);
  }
  g_ptr_array_free(learnt, TRUE);
}
