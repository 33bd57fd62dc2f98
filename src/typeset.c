#include "typeset.h"

#include <fontconfig/fontconfig.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-font.h>
#include <pango/pangofc-fontmap.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>

#include "shapes.h"

struct VlTypesetter {
  PangoFontMap *map;
  GHashTable *expected; /* "family\nlang" -> family fontconfig picks for that language's letters */
  PangoContext *ctx[2]; /* [0] left-to-right, [1] right-to-left base direction */
  GHashTable *fits;     /* block signature -> Fit: what vl_block_fit found for the same text in the same box */
  GHashTable *boxes;    /* family -> double[2]: its first face's ascent and descent, em */
  GHashTable *listed;   /* "family\nlang" -> set of the families volante's fonts.conf lists for it */
  VlCache *cache;       /* searches of earlier runs (cache.h); borrowed, may be NULL */
};

/* The outcome of one shrink-to-fit search. */
typedef struct {
  double scale;
  gboolean fits;
} Fit;

/* Searches kept before the cache starts over (a kiosk reloading content
 * for days must not grow without end). */
#define MAX_FITS 4096

typedef struct {
  PangoLayout *layout;
  const VlStyle *style;
  gboolean sized; /* font set for the block's unit */
  double gap;     /* extra em after this paragraph */
  char *link;
  char *markup;   /* as given, for the block's signature */
  double height;  /* at the block's current scale, pt */
  double top;     /* from the block's top, at the current scale */
  double reserve; /* pt: the paragraphs from reserve_from to this one take at least this much room */
  guint reserve_from;
  double below;          /* pt, not scaled: room under the paragraph (a QR code under its section) */
  double shift;          /* Pango units at the reference size: how far a balanced paragraph's narrower lines
                            move to keep the alignment of the full width */
  int laid_width;        /* the width the layout is set at; -1: none yet */
  GArray *widths;        /* Laid: what layouts at other widths showed, or NULL */
  int balanced;          /* Pango units: the width balance found at balanced_scale (an earlier run's), 0: none */
  double balanced_scale; /* the block's scale that width is for */
} Para;

/* One layout of a paragraph: its width, its lines (where each starts and
 * ends, hashed) and what they measure, Pango units. */
typedef struct {
  int width;
  guint64 lines; /* where they start and end */
  int count;     /* how many */
  int height, extent;
} Laid;

struct VlBlock {
  VlTypesetter *t;
  const VlLang *lang;
  double width;
  double unit;
  double scale;
  double measured;   /* height at the last measure */
  gboolean too_wide; /* at the last measure, a line was wider than the block */
  gboolean black;    /* draw every run in black (grayscale printing) */
  gboolean tags;     /* tag paragraphs as PDF structure elements */
  gboolean text;     /* the output keeps text as text: links, the words behind the glyphs */
  GPtrArray *paras;  /* Para* */
};

static PangoContext *make_context(PangoFontMap *map, PangoDirection dir) {
  PangoContext *ctx = pango_font_map_create_context(map);
  /* 72 dpi makes one Pango point one PDF point. No hinting and no rounding:
   * the same text must take the same room on paper at any scale. */
  pango_cairo_context_set_resolution(ctx, 72.0);
  cairo_font_options_t *fo = cairo_font_options_create();
  cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options(ctx, fo);
  cairo_font_options_destroy(fo);
  pango_context_set_round_glyph_positions(ctx, FALSE);
  pango_context_set_base_dir(ctx, dir);
  return ctx;
}

VlTypesetter *vl_typesetter_new(VlFonts *fonts) {
  vl_shapes_init();
  VlTypesetter *t = g_new0(VlTypesetter, 1);
  t->map = vl_fonts_new_map(fonts);
  t->expected = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  t->fits = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  t->boxes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  t->listed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_hash_table_destroy);
  t->ctx[0] = make_context(t->map, PANGO_DIRECTION_LTR);
  t->ctx[1] = make_context(t->map, PANGO_DIRECTION_RTL);
  return t;
}

void vl_typesetter_set_cache(VlTypesetter *t, VlCache *cache) { t->cache = cache; }

VlCache *vl_typesetter_cache(const VlTypesetter *t) { return t->cache; }

void vl_typesetter_free(VlTypesetter *t) {
  if (!t) return;
  g_object_unref(t->ctx[0]);
  g_object_unref(t->ctx[1]);
  g_object_unref(t->map);
  g_hash_table_destroy(t->expected);
  g_hash_table_destroy(t->fits);
  g_hash_table_destroy(t->boxes);
  g_hash_table_destroy(t->listed);
  g_free(t);
}

VlBlock *vl_block_new(VlTypesetter *t, const VlLang *lang, double width, double unit) {
  VlBlock *b = g_new0(VlBlock, 1);
  b->unit = unit > 0 ? unit : 1;
  b->t = t;
  b->lang = lang;
  b->width = width;
  b->scale = 1.0;
  b->paras = g_ptr_array_new();
  return b;
}

void vl_block_free(VlBlock *b) {
  if (!b) return;
  for (guint i = 0; i < b->paras->len; i++) {
    Para *p = g_ptr_array_index(b->paras, i);
    g_object_unref(p->layout);
    g_free(p->link);
    g_free(p->markup);
    if (p->widths) g_array_free(p->widths, TRUE);
    g_free(p);
  }
  g_ptr_array_free(b->paras, TRUE);
  g_free(b);
}

gboolean vl_block_empty(const VlBlock *b) { return b->paras->len == 0; }

void vl_block_gap(VlBlock *b, double em) {
  if (b->paras->len) ((Para *)g_ptr_array_index(b->paras, b->paras->len - 1))->gap += em;
}

/* Space after paragraph P in points at SCALE. */
static double para_after(const VlBlock *b, const Para *p, double scale) {
  return (p->style->space_after + p->gap) * p->style->size * scale * b->unit;
}

/* Word-safe line breaks for scripts written without spaces between words
 * (Unicode line break class SA: Khmer, Lao, Thai, Burmese...). Pango 1.50
 * breaks Khmer, Lao and Burmese only at spaces, and Thai wherever libthai's
 * dictionary says, inside names too. volante decides instead: a line may
 * break only where
 *   - the translator typed U+200B ZERO WIDTH SPACE, when the paragraph has
 *     any (then those and real spaces are the only breaks); otherwise where
 *     ICU's dictionary line breaker finds a word boundary,
 *   - that is also a syllable boundary (see splits_syllable),
 *   - not next to U+2060 WORD JOINER, and not inside a word of the
 *     language's keep list (X-Volante-Keep in the PO header).
 * Each place is marked with U+200B, which Pango breaks at and does not draw,
 * and every stretch between two places is marked unbreakable, which stops
 * Pango's own breaks (libthai's) there. */
static gboolean is_sa(gunichar c) {
  return u_getIntPropertyValue((UChar32)c, UCHAR_LINE_BREAK) == U_LB_COMPLEX_CONTEXT;
}

static gboolean is_mark(gunichar c) {
  GUnicodeType t = g_unichar_type(c);
  return t == G_UNICODE_NON_SPACING_MARK || t == G_UNICODE_SPACING_MARK || t == G_UNICODE_ENCLOSING_MARK;
}

static gboolean in_list(gunichar c, const gunichar *list, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (list[i] == c) return TRUE;
  return FALSE;
}

/* Signs that stack the next consonant under this one: Khmer coeng, Burmese
 * virama (also in kinzi), and the joiners. */
static const gunichar stackers[] = {0x17D2, 0x1039, 0x200D, 0x2060};
/* Signs that silence the consonant before them, which then closes the
 * syllable before it (Burmese asat in သည့်, Thai thanthakhat in ทาวน์, Lao's
 * and Khmer's own). */
static const gunichar killers[] = {0x103A, 0x0E4C, 0x0ECC, 0x17CD};
/* Vowel letters (not marks) written after their consonant, and the
 * repetition marks: they never begin a syllable. */
static const gunichar following[] = {0x0E30, 0x0E32, 0x0E33, 0x0E45, 0x0E46, 0x0EB0, 0x0EB2, 0x0EB3, 0x0EC6};

/* Whether a break between C[i-1] and C[i] would cut an orthographic
 * syllable: before a dependent vowel, a sign, a medial or an asat (all
 * combining marks), after a preposed vowel (Thai เ-ไ, Lao ເ-ໄ) or a sign that
 * stacks the next consonant, or before a consonant that a killer closes. */
static gboolean splits_syllable(const gunichar *c, size_t n, size_t i) {
  if (i == 0 || i >= n) return FALSE;
  gunichar prev = c[i - 1], next = c[i];
  if (is_mark(next) || in_list(next, following, G_N_ELEMENTS(following)) || next == 0x2060) return TRUE;
  if (in_list(prev, stackers, G_N_ELEMENTS(stackers))) return TRUE;
  if ((prev >= 0x0E40 && prev <= 0x0E44) || (prev >= 0x0EC0 && prev <= 0x0EC4)) return TRUE;
  for (size_t j = i + 1; j < n && is_mark(c[j]); j++)
    if (in_list(c[j], killers, G_N_ELEMENTS(killers))) return TRUE;
  return FALSE;
}

/* ICU's boundaries of TYPE (UBRK_LINE: line break opportunities) in C (N
 * code points) for LOCALE, as a bitmap over code point positions. */
static gboolean *icu_breaks(const gunichar *c, size_t n, const char *locale, UBreakIteratorType type) {
  gboolean *at = g_new0(gboolean, n + 1);
  UChar *u = g_new(UChar, 2 * n + 1);
  size_t *cp_of = g_new0(size_t, 2 * n + 1); /* UTF-16 index -> code point index */
  int32_t n16 = 0;
  for (size_t i = 0; i < n; i++) {
    cp_of[n16] = i;
    U16_APPEND_UNSAFE(u, n16, (UChar32)c[i]);
  }
  cp_of[n16] = n;
  UErrorCode st = U_ZERO_ERROR;
  UBreakIterator *bi = ubrk_open(type, locale, u, n16, &st);
  if (U_SUCCESS(st)) {
    for (int32_t b = ubrk_first(bi); b != UBRK_DONE; b = ubrk_next(bi))
      if (b > 0 && b < n16 && !U16_IS_TRAIL(u[b])) at[cp_of[b]] = TRUE;
    ubrk_close(bi);
  }
  g_free(cp_of);
  g_free(u);
  return at;
}

/* Marks positions strictly inside each occurrence in TEXT of a word of
 * KEEP in LOCKED (over code points; BYTE_CP maps a byte offset to one). */
static void lock_keep_words(const char *text, const size_t *byte_cp, const char *const *keep, gboolean *locked) {
  for (size_t k = 0; keep[k]; k++) {
    size_t len = strlen(keep[k]);
    for (const char *at = strstr(text, keep[k]); at; at = strstr(at + 1, keep[k]))
      for (size_t i = byte_cp[at - text] + 1; i < byte_cp[at - text + len]; i++) locked[i] = TRUE;
  }
}

static void no_breaks(PangoAttrList *attrs, size_t from, size_t to) {
  if (to <= from) return;
  PangoAttribute *a = pango_attr_allow_breaks_new(FALSE);
  a->start_index = (guint)from;
  a->end_index = (guint)to;
  pango_attr_list_insert(attrs, a);
}

/* Returns TEXT with U+200B where a line may break in its SA runs, and
 * ATTRS shifted to match and marked unbreakable between those places and
 * across the keep list's words. Caller owns the result. */
static char *insert_breaks(const char *text, PangoAttrList *attrs, const VlLang *lang) {
  const char *const *keep = vl_lang_keep(lang);
  size_t len = strlen(text);
  glong n = 0;
  gunichar *c = g_utf8_to_ucs4_fast(text, (glong)len, &n);
  size_t *off = g_new(size_t, (gsize)n + 1); /* code point -> byte offset */
  size_t *byte_cp = g_new0(size_t, len + 1); /* byte offset -> code point */
  gboolean sa = FALSE, typed = FALSE;
  const char *p = text;
  for (glong i = 0; i < n; i++, p = g_utf8_next_char(p)) {
    off[i] = (size_t)(p - text);
    byte_cp[off[i]] = (size_t)i;
    if (is_sa(c[i])) sa = TRUE;
    if (c[i] == 0x200B) typed = TRUE;
  }
  off[n] = len;
  byte_cp[len] = (size_t)n;
  gboolean *locked = g_new0(gboolean, (gsize)n + 1);
  lock_keep_words(text, byte_cp, keep, locked);
  gboolean *icu = sa && !typed ? icu_breaks(c, (size_t)n, vl_lang_tag(lang), UBRK_LINE) : NULL;

  /* Walk the text once, copying it out: each SA run is cut into stretches
   * at the places a line may break, a U+200B put at each place (unless the
   * translator's is there), and each stretch recorded as unbreakable. */
  GString *out = g_string_sized_new(len + 64);
  GArray *shut = g_array_new(FALSE, FALSE, sizeof(size_t)); /* output byte ranges, in pairs */
  size_t from = 0;
  gboolean in_run = FALSE;
  for (glong i = 0; i <= n; i++) {
    gboolean part = i < n && (is_sa(c[i]) || (in_run && (is_mark(c[i]) || c[i] == 0x200B || c[i] == 0x2060)));
    if (in_run) {
      gboolean cut = !part;
      if (part && typed)
        cut = c[i - 1] == 0x200B;
      else if (part)
        cut = icu[i] && !locked[i] && !splits_syllable(c, (size_t)n, (size_t)i);
      if (cut) {
        size_t to = out->len;
        g_array_append_val(shut, from);
        g_array_append_val(shut, to);
        if (part && c[i - 1] != 0x200B) {
          pango_attr_list_update(attrs, (int)out->len, 0, 3);
          g_string_append(out, "\u200b");
        }
        from = out->len;
        in_run = part;
      }
    } else if (part) {
      in_run = TRUE;
      from = out->len;
    }
    if (i < n) g_string_append_len(out, text + off[i], (gssize)(off[i + 1] - off[i]));
  }
  for (guint k = 0; k + 1 < shut->len; k += 2)
    no_breaks(attrs, g_array_index(shut, size_t, k), g_array_index(shut, size_t, k + 1));
  /* The keep list's words, in any script (隣人 as well as កូរ៉េថោន). */
  const char *o = out->str;
  for (size_t k = 0; keep[k]; k++)
    for (const char *at = strstr(o, keep[k]); at; at = strstr(at + 1, keep[k]))
      no_breaks(attrs, (size_t)(at - o), (size_t)(at - o) + strlen(keep[k]));
  g_array_free(shut, TRUE);
  g_free(icu);
  g_free(locked);
  g_free(byte_cp);
  g_free(off);
  g_free(c);
  return g_string_free(out, FALSE);
}

/* Han, kana and their marks: the letters Chinese and Japanese break
 * between. */
static gboolean is_cjk(gunichar c) {
  GUnicodeScript s = g_unichar_get_script(c);
  return s == G_UNICODE_SCRIPT_HAN || s == G_UNICODE_SCRIPT_HIRAGANA || s == G_UNICODE_SCRIPT_KATAKANA ||
         (c >= 0x3000 && c <= 0x303F) || c == 0x30FC;
}

/* Japanese and Chinese may break a line between any two characters, which
 * in a headline cuts words (隣|人). For a headline, break Japanese only
 * between phrases (ICU's phrase-based breaking, lw=phrase, never between a
 * kanji and the kana after it) and Chinese only
 * between words (ICU's dictionary), by marking the characters between two
 * such places unbreakable. Body text keeps the usual breaks. */
static void keep_cjk_phrases(const char *text, PangoAttrList *attrs, const VlLang *lang) {
  const char *tag = vl_lang_tag(lang);
  gboolean ja = g_str_has_prefix(tag, "ja"), zh = g_str_has_prefix(tag, "zh");
  if (!ja && !zh) return;
  glong n = 0;
  gunichar *c = g_utf8_to_ucs4_fast(text, -1, &n);
  gboolean *at = icu_breaks(c, (size_t)n, ja ? "ja@lw=phrase" : tag, ja ? UBRK_LINE : UBRK_WORD);
  const char *p = text, *from = NULL;
  for (glong i = 0; i <= n; i++, p = i <= n ? g_utf8_next_char(p) : p) {
    /* A stretch of CJK letters with no allowed place inside is one piece. */
    gboolean cjk = i < n && is_cjk(c[i]);
    /* ICU 72's phrases still cut a verb from its ending (立|とう) and a word
     * from its suffix (私|たち): kana written after a kanji belongs to it. */
    gboolean okurigana = ja && cjk && i > 0 && g_unichar_get_script(c[i - 1]) == G_UNICODE_SCRIPT_HAN &&
                         g_unichar_get_script(c[i]) == G_UNICODE_SCRIPT_HIRAGANA;
    if (from && (!cjk || (at[i] && !okurigana))) {
      no_breaks(attrs, (size_t)(from - text), (size_t)(p - text));
      from = NULL;
    }
    if (cjk && !from) from = p;
    if (i == n) break;
  }
  g_free(at);
  g_free(c);
}

/* Korean puts spaces between words and breaks lines only there, but the
 * Unicode line-breaking rules allow a break between any two Hangul
 * syllables, which cuts words in half. Keep each space-separated word that
 * holds Hangul together (as CSS word-break: keep-all does); Pango still
 * breaks at the spaces, and an overlong word still shrinks its frame. */
static void keep_hangul_words(const char *text, PangoAttrList *attrs) {
  const char *p = text;
  while (*p) {
    while (*p && g_unichar_isspace(g_utf8_get_char(p))) p = g_utf8_next_char(p);
    const char *start = p;
    gboolean hangul = FALSE;
    while (*p && !g_unichar_isspace(g_utf8_get_char(p))) {
      if (g_unichar_get_script(g_utf8_get_char(p)) == G_UNICODE_SCRIPT_HANGUL) hangul = TRUE;
      p = g_utf8_next_char(p);
    }
    if (hangul && p > start) {
      PangoAttribute *a = pango_attr_allow_breaks_new(FALSE);
      a->start_index = (guint)(start - text);
      a->end_index = (guint)(p - text);
      pango_attr_list_insert(attrs, a);
    }
  }
}

/* Whether C may belong to a run of Latin text: a Latin letter, an ASCII
 * digit or punctuation mark (the "(", "://" and "." of "(KIWA)" and
 * "https://kiwa.org"), or an invisible format character (the isolates
 * around a web address). */
static gboolean latin_part(gunichar c) {
  if (c >= 0xFF00 && c <= 0xFFEF) return FALSE; /* fullwidth Ａ belongs to the CJK face */
  return g_unichar_get_script(c) == G_UNICODE_SCRIPT_LATIN || (c > 0x20 && c < 0x7F) ||
         g_unichar_type(c) == G_UNICODE_FORMAT;
}

/* Returns the runs of Latin text in TEXT (Latin letters with their digits and
 * punctuation, and the spaces between them) as byte ranges, in pairs. */
static GArray *latin_runs(const char *text) {
  GArray *runs = g_array_new(FALSE, FALSE, sizeof(size_t));
  const char *run = NULL, *run_end = NULL;
  gboolean letter = FALSE;
  for (const char *p = text;; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (*p && latin_part(c)) {
      if (!run) run = p, letter = FALSE;
      if (g_unichar_get_script(c) == G_UNICODE_SCRIPT_LATIN) letter = TRUE;
      run_end = g_utf8_next_char(p);
      continue;
    }
    if (*p && run && c == ' ') continue; /* a space inside the run, if Latin follows */
    if (run && letter) {
      size_t from = (size_t)(run - text), to = (size_t)(run_end - text);
      g_array_append_val(runs, from);
      g_array_append_val(runs, to);
    }
    run = NULL;
    if (!*p) break;
  }
  return runs;
}

/* Every paragraph is laid out at one reference size, whatever its style's
 * size: a style's size and the frame's shrinking are both applied as a scale
 * when measuring and drawing. With no hinting and unrounded glyph positions,
 * text metrics are linear in the size, so the lines are the same as with the
 * real size, while Pango asks fontconfig for one font set per weight and
 * language instead of one per size (each costs a sort of every font). */
#define REF_SIZE 12.0

static const char *expected_family(VlTypesetter *t, const char *family, const char *lang, const char *letters);

/* The face of the block's language comes first, before the style's family:
 * otherwise digits and punctuation in, say, Arabic text would be taken from
 * the Latin face at the head of the family list, and look foreign. */
static void para_set_font(VlBlock *b, Para *p) {
  const char *own = expected_family(b->t, p->style->family, vl_lang_pango(b->lang), vl_lang_pango(b->lang));
  char *family = own ? g_strdup_printf("%s,%s", own, p->style->family) : g_strdup(p->style->family);
  PangoFontDescription *fd = pango_font_description_new();
  pango_font_description_set_family(fd, family);
  g_free(family);
  pango_font_description_set_weight(fd, (PangoWeight)p->style->weight);
  pango_font_description_set_style(fd, p->style->italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
  pango_font_description_set_size(fd, (int)lround(REF_SIZE * PANGO_SCALE));
  pango_layout_set_font_description(p->layout, fd);
  pango_font_description_free(fd);
}

/* How much paragraph P is scaled when the block is at SCALE. */
static double para_factor(const VlBlock *b, const Para *p, double scale) {
  return scale * b->unit * p->style->size / REF_SIZE;
}

/* Direction of the first strong character: 1 left-to-right, -1
 * right-to-left, 0 none (the Unicode bidi rule P2). */
static int first_strong(const char *text) {
  for (const char *p = text; *p; p = g_utf8_next_char(p)) {
    UCharDirection d = u_charDirection((UChar32)g_utf8_get_char(p));
    if (d == U_LEFT_TO_RIGHT) return 1;
    if (d == U_RIGHT_TO_LEFT || d == U_RIGHT_TO_LEFT_ARABIC) return -1;
  }
  return 0;
}

/* Line spacing per script (and where needed per language), as the distance
 * from one baseline to the next in em of the text's size. Pango's default,
 * the font's own line height, is made for a font's tallest marks: Noto Sans
 * Arabic's line is 2.1 em and Noto Sans Myanmar's 2.2 em, twice their ink,
 * so paragraphs look double-spaced and shrink to fit their frames; Noto Sans
 * Khmer's 1.36 em leaves stacked subscripts (ឈ្នួល) close to the next line's
 * vowels. Each pitch was measured on real text (tests: typeset.leading): the
 * ink of two lines never meets, and no line takes more than 1.5 times its
 * ink. A script with no row keeps its font's own line height. A style's
 * line-spacing multiplies either. */
static const struct {
  const char *script; /* ISO 15924, as vl_lang_script() gives it */
  const char *lang;   /* NULL: every language of the script */
  double pitch;       /* em */
} leading[] = {
    {"Arab", "ur", 2.0}, /* Nastaliq's words slope and interlock: more room than Naskh */
    {"Arab", NULL, 1.65},
    {"Mymr", NULL, 1.8},
    {"Khmr", NULL, 1.7},
};

/* Whether TEXT holds a letter of SCRIPT (ISO 15924, "Khmr"). */
static gboolean has_script(const char *text, const char *script) {
  if (strlen(script) != 4) return FALSE;
  guint32 code = (guint32)script[0] << 24 | (guint32)script[1] << 16 | (guint32)script[2] << 8 | (guint32)script[3];
  GUnicodeScript want = g_unicode_script_from_iso15924(code);
  for (const char *c = text; *c; c = g_utf8_next_char(c))
    if (g_unichar_get_script(g_utf8_get_char(c)) == want) return TRUE;
  return FALSE;
}

/* The pitch in em for TEXT in LANG, or 0 for the font's own line height.
 * A paragraph with no letter of the language's script (an organization's
 * English name on a Khmer card) keeps the Latin face's own spacing: the
 * table's room is for the script's marks, which it does not have. */
static double script_pitch(const VlLang *lang, const char *text) {
  const char *script = vl_lang_script(lang), *tag = vl_lang_tag(lang);
  double pitch = 0;
  for (size_t i = 0; i < G_N_ELEMENTS(leading); i++) {
    if (strcmp(leading[i].script, script) != 0) continue;
    if (leading[i].lang && !strcmp(leading[i].lang, tag)) {
      pitch = leading[i].pitch;
      break;
    }
    if (!leading[i].lang && pitch == 0) pitch = leading[i].pitch;
  }
  return pitch > 0 && has_script(text, script) ? pitch : 0;
}

/* Sets the lines of LAYOUT (text of LEN bytes) apart as the table says.
 * Returns the pitch set, in em (the style's line-spacing included), or 0
 * when the lines keep their font's own height. */
static double set_leading(PangoLayout *layout, PangoAttrList *attrs, size_t len, const VlLang *lang,
                          const VlStyle *style) {
  double factor = style->line_spacing > 0 ? style->line_spacing : 1.0;
  double pitch = script_pitch(lang, pango_layout_get_text(layout));
  if (pitch <= 0) {
    if (style->line_spacing > 0) pango_layout_set_line_spacing(layout, (float)factor);
    return 0;
  }
  /* Every run of the paragraph, whatever its font, takes exactly this
   * height: Pango centres the font's own box in it. */
  PangoAttribute *a = pango_attr_line_height_new_absolute((int)lround(pitch * factor * REF_SIZE * PANGO_SCALE));
  a->start_index = 0;
  a->end_index = (guint)len;
  pango_attr_list_insert(attrs, a);
  return pitch * factor;
}

/* The ascent and descent, in em, of the face FAMILY names (one family).
 * Cached in the typesetter. */
static const double *face_box(VlTypesetter *t, const char *family) {
  double *box = g_hash_table_lookup(t->boxes, family);
  if (box) return box;
  box = g_new0(double, 2);
  PangoFontDescription *fd = pango_font_description_new();
  pango_font_description_set_family(fd, family);
  pango_font_description_set_size(fd, (int)lround(REF_SIZE * PANGO_SCALE));
  PangoFont *font = pango_context_load_font(t->ctx[0], fd);
  if (font) {
    PangoFontMetrics *m = pango_font_get_metrics(font, NULL);
    box[0] = pango_font_metrics_get_ascent(m) / (double)PANGO_SCALE / REF_SIZE;
    box[1] = pango_font_metrics_get_descent(m) / (double)PANGO_SCALE / REF_SIZE;
    pango_font_metrics_unref(m);
    g_object_unref(font);
  }
  pango_font_description_free(fd);
  g_hash_table_insert(t->boxes, g_strdup(family), box);
  return box;
}

/* Sets every run of Latin text in the paragraph (LAYOUT's text, ATTRS) in
 * the Latin face, as English. Pango would take the punctuation, which
 * belongs to no script, from the page's own face (Devanagari's parentheses
 * around Noto Sans letters), and fontconfig puts a language's own face (CJK,
 * Nastaliq) before any family asked for in that language. A line that
 * holds Latin must still stand as high as its neighbours: where the Latin
 * face reaches higher or lower than the page's line (Noto Sans above
 * Devanagari's), the Latin runs' box is narrowed, about its centre, to
 * fit inside the line; their ink still has the line's room. PITCH is the
 * paragraph's line spacing in em, 0 for its face's own. */
static void set_latin(VlBlock *b, PangoLayout *layout, PangoAttrList *attrs, const VlStyle *style, double pitch) {
  const char *lang = vl_lang_pango(b->lang);
  const char *latin = expected_family(b->t, style->family, "en", "en");
  const char *own = expected_family(b->t, style->family, lang, lang);
  if (!latin) return;
  GArray *runs = latin_runs(pango_layout_get_text(layout));
  double fit = 0; /* the Latin runs' line height, em; 0: their own */
  if (runs->len && own) {
    const double *page = face_box(b->t, own), *lat = face_box(b->t, latin);
    double up = page[0], down = page[1];
    if (pitch > 0) { /* the page's runs are centred in PITCH */
      up = (pitch + page[0] - page[1]) / 2;
      down = pitch - up;
    }
    double mid = (lat[0] - lat[1]) / 2;
    if (lat[0] > up + 1e-3 || lat[1] > down + 1e-3)
      fit = MAX(0.1, 2 * MIN(up - mid, down + mid));
    else if (pitch > 0)
      fit = lat[0] + lat[1]; /* its own box, not centred in the page's pitch */
  }
  int height = (int)lround(fit * REF_SIZE * PANGO_SCALE);
  for (guint i = 0; i + 1 < runs->len; i += 2) {
    PangoAttribute *a[3] = {pango_attr_family_new(latin), pango_attr_language_new(pango_language_from_string("en")),
                            fit > 0 ? pango_attr_line_height_new_absolute(height) : NULL};
    for (int k = 0; k < 3 && a[k]; k++) {
      a[k]->start_index = (guint)g_array_index(runs, size_t, i);
      a[k]->end_index = (guint)g_array_index(runs, size_t, i + 1);
      pango_attr_list_insert(attrs, a[k]);
    }
  }
  /* Punctuation outside those runs that the page's face lacks ("[" in Thai)
   * comes from the Latin face too: the same box. In the page's face it is
   * no taller than the line either way. */
  const char *text = pango_layout_get_text(layout), *from = NULL;
  guint next = 0;
  for (const char *c = text; fit > 0; c = g_utf8_next_char(c)) {
    size_t at = (size_t)(c - text);
    while (next + 1 < runs->len && g_array_index(runs, size_t, next + 1) <= at) next += 2;
    gboolean in_run = next + 1 < runs->len && g_array_index(runs, size_t, next) <= at;
    gboolean common = *c && !in_run && g_unichar_get_script(g_utf8_get_char(c)) == G_UNICODE_SCRIPT_COMMON;
    if (common && !from) from = c;
    if (!common && from) {
      PangoAttribute *a = pango_attr_line_height_new_absolute(height);
      a->start_index = (guint)(from - text);
      a->end_index = (guint)at;
      pango_attr_list_insert(attrs, a);
      from = NULL;
    }
    if (!*c) break;
  }
  g_array_free(runs, TRUE);
}

/* For pango_attr_list_filter: notes a PANGO_ATTR_SHOW (markup's show="..."),
 * which shapes.c's memory cannot tell from plain text, and keeps it. */
static gboolean is_show(PangoAttribute *a, gpointer found) {
  if (a->klass->type == PANGO_ATTR_SHOW) *(gboolean *)found = TRUE;
  return FALSE;
}

gboolean vl_block_add(VlBlock *b, const char *markup, const VlStyle *style, const char *link, GError **err) {
  PangoAttrList *attrs = NULL;
  char *text = NULL;
  if (!pango_parse_markup(markup, -1, 0, &attrs, &text, NULL, err)) return FALSE;
  gboolean shows = FALSE;
  pango_attr_list_filter(attrs, is_show, &shows); /* removes nothing */
  if (shows) vl_shapes_forbid();
  gboolean rtl_page = vl_lang_rtl(b->lang);
  char *broken = insert_breaks(text, attrs, b->lang);
  keep_hangul_words(broken, attrs);
  if (style->balance) keep_cjk_phrases(broken, attrs, b->lang);
  g_free(text);

  /* Bidi: each paragraph gets the direction of its own text (an English name
   * in a Persian flyer stays left-to-right), but alignment follows the page, so
   * the whole Persian flyer lines up on the right. */
  int dir = first_strong(broken);
  gboolean rtl = dir == 0 ? rtl_page : dir < 0;
  PangoLayout *layout = pango_layout_new(b->t->ctx[rtl ? 1 : 0]);
  pango_layout_set_auto_dir(layout, FALSE);
  pango_layout_set_text(layout, broken, -1);
  g_free(broken);
  PangoAttribute *la = pango_attr_language_new(pango_language_from_string(vl_lang_pango(b->lang)));
  pango_attr_list_insert_before(attrs, la);
  double pitch = set_leading(layout, attrs, strlen(pango_layout_get_text(layout)), b->lang, style);
  if (strcmp(vl_lang_script(b->lang), "Latn") != 0) set_latin(b, layout, attrs, style, pitch);
  pango_layout_set_attributes(layout, attrs);
  pango_attr_list_unref(attrs);
  pango_layout_set_width(layout, (int)lround(b->width * PANGO_SCALE));
  pango_layout_set_wrap(layout, PANGO_WRAP_WORD);
  PangoAlignment al = PANGO_ALIGN_CENTER;
  if (style->align == VL_ALIGN_START) al = rtl_page ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;
  if (style->align == VL_ALIGN_END) al = rtl_page ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT;
  pango_layout_set_alignment(layout, al);

  Para *p = g_new0(Para, 1);
  p->layout = layout;
  p->style = style;
  p->link = link ? g_strdup(link) : NULL;
  p->markup = g_strdup(markup);
  p->laid_width = -1;
  g_ptr_array_add(b->paras, p);
  return TRUE;
}

/* Where the lines of LAYOUT start and end, as one number. */
static guint64 line_breaks(PangoLayout *layout) {
  guint64 h = 1469598103934665603ull;
  for (GSList *l = pango_layout_get_lines_readonly(layout); l; l = l->next) {
    const PangoLayoutLine *line = l->data;
    guint64 v[2] = {(guint64)line->start_index, (guint64)line->length};
    for (int k = 0; k < 2; k++) h = (h ^ v[k]) * 1099511628211ull;
  }
  return h;
}

/* Lays P out at WIDTH, for real, and remembers what came out. */
static const Laid *observe(Para *p, int width) {
  if (!p->widths) p->widths = g_array_new(FALSE, FALSE, sizeof(Laid));
  if (p->laid_width == width)
    for (guint i = p->widths->len; i-- > 0;)
      if (g_array_index(p->widths, Laid, i).width == width) return &g_array_index(p->widths, Laid, i);
  pango_layout_set_width(p->layout, width);
  p->laid_width = width;
  PangoRectangle logical;
  pango_layout_get_extents(p->layout, NULL, &logical);
  Laid l = {width, line_breaks(p->layout), pango_layout_get_line_count(p->layout), logical.height, logical.width};
  if (p->widths->len >= 64) g_array_remove_index(p->widths, 0);
  g_array_append_val(p->widths, l);
  return &g_array_index(p->widths, Laid, p->widths->len - 1);
}

/* The layouts of P made before that come nearest to WIDTH from below and
 * from above (NULL: none). */
static void nearest(const Para *p, int width, const Laid **below, const Laid **above) {
  *below = *above = NULL;
  for (guint i = 0; p->widths && i < p->widths->len; i++) {
    const Laid *l = &g_array_index(p->widths, Laid, i);
    if (l->width <= width && (!*below || l->width > (*below)->width)) *below = l;
    if (l->width >= width && (!*above || l->width < (*above)->width)) *above = l;
  }
}

/* Each layout reshapes the whole text, and the searches for the size that
 * fits ask about the same paragraph at widths ever closer together. Lines
 * are broken greedily: each takes as much as fits, so where a line ends only
 * moves forward as the width grows. Hence, without a layout:
 * - two layouts whose lines broke at the same places bracket widths at
 *   which the lines break there too, and measure the same;
 * - the number of lines only falls as the width grows, so a width between
 *   two that took as many lines takes that many too.
 * The answers are the layouts' own, so the sizes chosen are the same. */
static const Laid *same_lines(const Para *p, int width) {
  const Laid *below, *above;
  nearest(p, width, &below, &above);
  return below && above && below->lines == above->lines ? below : NULL;
}

static int line_count(Para *p, int width) {
  const Laid *below, *above;
  nearest(p, width, &below, &above);
  if (below && above && below->count == above->count) return below->count;
  return observe(p, width)->count;
}

/* Whether P takes at most LINES lines at WIDTH. */
static gboolean fits_lines(Para *p, int width, int lines) {
  for (guint i = 0; p->widths && i < p->widths->len; i++) {
    const Laid *l = &g_array_index(p->widths, Laid, i);
    if (l->width <= width && l->count <= lines) return TRUE;
    if (l->width >= width && l->count > lines) return FALSE;
  }
  return observe(p, width)->count <= lines;
}

/* The width P is set at in a frame FULL wide. A balanced paragraph of
 * several lines is narrowed to the least width that keeps its line count,
 * so the lines come out as even as they can (no headline ending on one
 * lonely word); its shift keeps the alignment of the full width. */
static int set_width(Para *p, int full, double scale) {
  p->shift = 0;
  if (!p->style->balance || full <= 0) return full;
  int hi = full;
  if (p->balanced > 0 && p->balanced_scale == scale) {
    hi = p->balanced; /* known from the cache: the width the search below ends at */
  } else {
    int lines = line_count(p, full);
    if (lines < 2) return full;
    int lo = full / (lines + 1); /* a width known too narrow */
    /* Below FULL a paragraph takes at least LINES lines: at most is exactly. */
    while (hi - lo > PANGO_SCALE / 4) {
      int mid = lo + (hi - lo) / 2;
      if (fits_lines(p, mid, lines))
        hi = mid;
      else
        lo = mid;
    }
  }
  PangoAlignment al = pango_layout_get_alignment(p->layout);
  p->shift = al == PANGO_ALIGN_CENTER ? (full - hi) / 2.0 : al == PANGO_ALIGN_RIGHT ? full - hi : 0;
  return hi;
}

/* Returns the block's height at SCALE and whether every line fits the width
 * (a word wider than the frame does not). With LAID, every paragraph's
 * layout is left at SCALE, to be drawn; without, a height known from the
 * layouts made before may stand in for a layout. */
static double block_measure(VlBlock *b, double scale, gboolean laid, gboolean *fits_width) {
  double h = 0;
  *fits_width = TRUE;
  for (guint i = 0; i < b->paras->len; i++) {
    Para *p = g_ptr_array_index(b->paras, i);
    if (!p->sized) {
      para_set_font(b, p);
      p->sized = TRUE;
    }
    double f = para_factor(b, p, scale);
    int width = set_width(p, (int)lround(b->width / f * PANGO_SCALE), scale);
    const Laid *l = laid || p->laid_width == width ? NULL : same_lines(p, width);
    if (!l) l = observe(p, width);
    p->height = (double)l->height / PANGO_SCALE * f;
    if ((double)l->extent / PANGO_SCALE * f > b->width + 0.5) *fits_width = FALSE;
    p->top = h;
    h += p->height + p->below;
    if (p->reserve > 0) {
      /* A section with a QR code beside it is at least as tall as the code. */
      double first = ((Para *)g_ptr_array_index(b->paras, p->reserve_from))->top;
      if (h - first < p->reserve) h = first + p->reserve;
    }
    if (i + 1 < b->paras->len) h += para_after(b, p, scale);
  }
  b->too_wide = !*fits_width;
  b->measured = h;
  return h;
}

gboolean vl_block_too_wide(const VlBlock *b) { return b->too_wide; }

/* Everything the search's outcome depends on: the language, the box, and
 * each paragraph's text, style and spacing. */
static char *signature(const VlBlock *b, double height, double min_scale) {
  GString *s = g_string_new(NULL);
  g_string_append_printf(s, "%s|%d|%.4f|%.6f|%.4f|%.6f", vl_lang_tag(b->lang), vl_lang_rtl(b->lang), b->width, b->unit,
                         height, min_scale);
  for (guint i = 0; i < b->paras->len; i++) {
    const Para *p = g_ptr_array_index(b->paras, i);
    g_string_append_printf(s, "\x1e%p|%.4f|%.4f|%u|%.4f|", (const void *)p->style, p->gap, p->reserve, p->reserve_from,
                           p->below);
    g_string_append(s, p->markup);
  }
  return g_string_free(s, FALSE);
}

/* The same for the cache on disk, where a style is known by what it says
 * (not where it stands in memory) and every number is written exactly. */
char *vl_block_key(const VlBlock *b) {
  GString *s = g_string_new(NULL);
  g_string_append_printf(s, "%s|%s|%s|%d|%a|%a", vl_lang_tag(b->lang), vl_lang_pango(b->lang), vl_lang_script(b->lang),
                         vl_lang_rtl(b->lang), b->width, b->unit);
  const char *const *keep = vl_lang_keep(b->lang);
  for (guint i = 0; keep && keep[i]; i++) g_string_append_printf(s, "\x1f%s", keep[i]);
  for (guint i = 0; i < b->paras->len; i++) {
    const Para *p = g_ptr_array_index(b->paras, i);
    const VlStyle *st = p->style;
    g_string_append_printf(s, "\x1e%s|%d|%d|%a|%a|%d|%a|%a|%d|%a|%a|%u|%a|%s|", st->family ? st->family : "",
                           st->weight, st->italic, st->size, st->size_min, (int)st->align, st->line_spacing,
                           st->space_after, st->balance, p->gap, p->reserve, p->reserve_from, p->below,
                           p->link ? p->link : "");
    g_string_append(s, p->markup);
  }
  return g_string_free(s, FALSE);
}

static gboolean fit_search(VlBlock *b, double height, double min_scale);

/* The same text in the same box always comes out the same, and it comes
 * often: the English half of every bilingual page, the English pages the
 * "shrunk" check compares with. A search done once is remembered per
 * typesetter, so the next block needs one layout instead of seven or more. */
gboolean vl_block_fit(VlBlock *b, double height, double min_scale) {
  if (min_scale > 1) min_scale = 1;
  if (min_scale <= 0) min_scale = 0.1;
  char *key = signature(b, height, min_scale);
  const Fit *known = g_hash_table_lookup(b->t->fits, key);
  if (known) {
    g_free(key);
    vl_block_set_scale(b, known->scale);
    return known->fits;
  }
  Fit *f = g_new(Fit, 1);
  /* An earlier run's search: one layout, at the scale it found. */
  char *disk = NULL;
  if (b->t->cache) {
    char *text = vl_block_key(b);
    disk = g_strdup_printf("fit\x1d%a|%a\x1d%s", height, min_scale, text);
    g_free(text);
  }
  /* The scale, whether it fits, and the width balance found for each
   * paragraph at that scale (0 for one not balanced). */
  double v[VL_CACHE_MAX_VALUES];
  guint n = b->paras->len + 2 <= VL_CACHE_MAX_VALUES ? b->paras->len + 2 : 2;
  int got = disk ? vl_cache_get(b->t->cache, disk, v, (int)n) : -1;
  if (got >= 2 && v[0] > 0 && v[0] <= 1) {
    f->scale = v[0];
    f->fits = v[1] != 0;
    for (guint i = 0; got == (int)n && i + 2 < n; i++) {
      Para *p = g_ptr_array_index(b->paras, i);
      p->balanced = v[i + 2] >= 1 && v[i + 2] <= G_MAXINT ? (int)v[i + 2] : 0;
      p->balanced_scale = f->scale;
    }
    vl_block_set_scale(b, f->scale);
  } else {
    f->fits = fit_search(b, height, min_scale);
    f->scale = b->scale;
    v[0] = f->scale, v[1] = f->fits;
    for (guint i = 0; i + 2 < n; i++) {
      const Para *p = g_ptr_array_index(b->paras, i);
      v[i + 2] = p->style->balance ? pango_layout_get_width(p->layout) : 0;
    }
    vl_cache_put(b->t->cache, disk, v, (int)n);
  }
  g_free(disk);
  if (g_hash_table_size(b->t->fits) >= MAX_FITS) g_hash_table_remove_all(b->t->fits);
  g_hash_table_insert(b->t->fits, key, f);
  return f->fits;
}

static gboolean fit_search(VlBlock *b, double height, double min_scale) {
  gboolean wide;
  double h = block_measure(b, 1.0, FALSE, &wide);
  b->scale = 1.0;
  if (h <= height + 0.01 && wide) {
    block_measure(b, 1.0, TRUE, &wide);
    return TRUE;
  }
  /* Every layout costs a full shaping pass, so each guess uses what the last
   * one showed. While the line breaks stay the same, height grows in
   * proportion to the scale: a block that fits at s with height h also fits
   * at s * height / h, and one that overflows needs at most that. Room kept
   * under paragraphs (QR codes) does not scale: it is left out of the ratio. */
  double fixed = 0;
  for (guint i = 0; i < b->paras->len; i++) fixed += ((Para *)g_ptr_array_index(b->paras, i))->below;
  height -= fixed, h -= fixed;
  double lo = 0, hi = 1.0; /* lo: largest scale known to fit (0: none yet) */
  double s = height > 0 ? MAX(min_scale, MIN(1.0, sqrt(height / h))) : min_scale;
  for (int step = 0; step < 12; step++) {
    h = block_measure(b, s, FALSE, &wide) - fixed;
    gboolean fits = h <= height + 0.01 && wide;
    double next;
    if (fits) {
      lo = s;
      next = MIN(hi - 0.002, s * height / h);
      if (next - s < 0.004) break; /* the block is full: done */
    } else {
      hi = s;
      if (s <= min_scale + 1e-9) break; /* overflow even at the smallest size */
      next = wide ? s * height / h : s * 0.97;
      if (next <= lo + 0.002) next = (lo + hi) / 2;
      next = MAX(next, min_scale);
    }
    if (hi - lo < 0.01 && lo > 0) break;
    s = next;
  }
  /* The paragraphs as they will be drawn: laid out at the scale chosen. */
  if (lo == 0) {
    b->scale = min_scale;
    block_measure(b, min_scale, TRUE, &wide);
    return FALSE;
  }
  block_measure(b, lo, TRUE, &wide);
  b->scale = lo;
  return TRUE;
}

double vl_block_scale(const VlBlock *b) { return b->scale; }

double vl_block_height(const VlBlock *b) { return b->paras->len ? b->measured : 0; }

double vl_block_para_height(const VlBlock *b, guint i) {
  return i < b->paras->len ? ((Para *)g_ptr_array_index(b->paras, i))->height : 0;
}

double vl_block_para_top(const VlBlock *b, guint i) {
  return i < b->paras->len ? ((Para *)g_ptr_array_index(b->paras, i))->top : 0;
}

guint vl_block_len(const VlBlock *b) { return b->paras->len; }
double vl_block_width(const VlBlock *b) { return b->width; }

void vl_block_below(VlBlock *b, double height) {
  if (b->paras->len) ((Para *)g_ptr_array_index(b->paras, b->paras->len - 1))->below += height;
}

void vl_block_reserve(VlBlock *b, guint from, double height) {
  if (from >= b->paras->len) return;
  Para *p = g_ptr_array_index(b->paras, b->paras->len - 1);
  p->reserve = height;
  p->reserve_from = from;
}

void vl_block_set_scale(VlBlock *b, double scale) {
  gboolean wide;
  block_measure(b, scale, TRUE, &wide);
  b->scale = scale;
}

double vl_block_height_at(VlBlock *b, double scale) {
  gboolean wide;
  return b->paras->len ? block_measure(b, scale, FALSE, &wide) : 0;
}

double vl_block_min_size(const VlBlock *b) {
  double m = 0;
  for (guint i = 0; i < b->paras->len; i++) {
    const Para *p = g_ptr_array_index(b->paras, i);
    double size = p->style->size * b->unit * b->scale;
    if (i == 0 || size < m) m = size;
  }
  return m;
}

const VlStyle *vl_block_para_style(const VlBlock *b, guint i, double *size) {
  const Para *p = g_ptr_array_index(b->paras, i);
  *size = p->style->size * b->unit * b->scale;
  return p->style;
}

void vl_block_set_output(VlBlock *b, gboolean black, gboolean tags, gboolean text) {
  b->black = black;
  b->tags = tags && text;
  b->text = text;
}

double vl_block_excess(const VlBlock *b, double height) {
  double h = vl_block_height(b);
  return height > 0 && h > height ? (h - height) / height : 0;
}

void vl_block_each_missing(VlBlock *b, VlMissingFn fn, void *data) {
  for (guint i = 0; i < b->paras->len; i++) {
    Para *p = g_ptr_array_index(b->paras, i);
    const char *text = pango_layout_get_text(p->layout);
    PangoLayoutIter *it = pango_layout_get_iter(p->layout);
    do {
      PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
      if (!run) continue;
      for (int g = 0; g < run->glyphs->num_glyphs; g++) {
        PangoGlyph glyph = run->glyphs->glyphs[g].glyph;
        if (!(glyph & PANGO_GLYPH_UNKNOWN_FLAG)) continue;
        gunichar c = glyph & ~PANGO_GLYPH_UNKNOWN_FLAG;
        GUnicodeType type = g_unichar_type(c);
        if (type == G_UNICODE_CONTROL || type == G_UNICODE_FORMAT) continue;
        const char *at = text + run->item->offset + run->glyphs->log_clusters[g];
        const char *from = at, *to = at;
        for (int k = 0; k < 10 && from > text; k++) from = g_utf8_prev_char(from);
        for (int k = 0; k < 11 && *to; k++) to = g_utf8_next_char(to);
        char *ctx = g_strndup(from, (gsize)(to - from));
        fn(i, c, (int)(at - text), ctx, data);
        g_free(ctx);
      }
    } while (pango_layout_iter_next_run(it));
    pango_layout_iter_free(it);
  }
}

/* cairo's link attribute syntax quotes with '; a URI holding one is not linked. */
static gboolean link_ok(const char *uri) {
  return (g_str_has_prefix(uri, "https://") || g_str_has_prefix(uri, "http://") || g_str_has_prefix(uri, "tel:") ||
          g_str_has_prefix(uri, "mailto:")) &&
         !strpbrk(uri, "'\\ \n");
}

static char *font_family(PangoFont *font) {
  FcChar8 *fam = NULL;
  if (!PANGO_IS_FC_FONT(font)) return g_strdup("");
  FcPattern *pat = pango_fc_font_get_pattern(PANGO_FC_FONT(font));
  return g_strdup(FcPatternGetString(pat, FC_FAMILY, 0, &fam) == FcResultMatch ? (const char *)fam : "");
}

/* A fontconfig pattern of the families of FAMILY (a comma-separated list)
 * in language LANG. Caller destroys. */
static FcPattern *family_pattern(const char *family, const char *lang) {
  FcPattern *pat = FcPatternCreate();
  char **families = g_strsplit(family, ",", -1);
  for (int i = 0; families[i]; i++) FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)g_strstrip(families[i]));
  g_strfreev(families);
  FcPatternAddString(pat, FC_LANG, (const FcChar8 *)lang);
  return pat;
}

/* The face fontconfig picks for FAMILY in language LANG when asked for the
 * whole alphabet of LETTERS (a language too): the face those letters are meant
 * to be set in. NULL when fontconfig does not know the alphabet. Owned by the
 * typesetter's cache. */
static const char *expected_family(VlTypesetter *t, const char *family, const char *lang, const char *letters) {
  /* Asked for every paragraph and every run of text (10,000 times in a
   * check) and nearly always known: the key is joined without printf. */
  char *key = g_strconcat(family, "\n", lang, "\n", letters, NULL);
  const char *got = g_hash_table_lookup(t->expected, key);
  if (got || g_hash_table_contains(t->expected, key)) {
    g_free(key);
    return got;
  }
  char *result = NULL;
  const FcCharSet *alphabet = FcLangGetCharSet((const FcChar8 *)letters);
  if (alphabet) {
    FcConfig *config = pango_fc_font_map_get_config(PANGO_FC_FONT_MAP(t->map));
    FcPattern *pat = family_pattern(family, lang);
    FcPatternAddCharSet(pat, FC_CHARSET, alphabet);
    FcConfigSubstitute(config, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    FcPattern *best = FcFontMatch(config, pat, &res);
    FcChar8 *fam = NULL;
    if (best && FcPatternGetString(best, FC_FAMILY, 0, &fam) == FcResultMatch) result = g_strdup((const char *)fam);
    if (best) FcPatternDestroy(best);
    FcPatternDestroy(pat);
  }
  g_hash_table_insert(t->expected, key, result);
  return result;
}

/* The next run of a layout, line by line in the order a PangoLayoutIter
 * gives them, or NULL after the last: start with *LINE the layout's lines
 * (pango_layout_get_lines_readonly) and *RUN NULL. An iterator works out the
 * extents of every line when it is made (13,000 instructions a paragraph),
 * which the checks that only read the runs do not need. */
static PangoLayoutRun *next_run(GSList **line, GSList **run) {
  *run = *run ? (*run)->next : NULL;
  for (; !*run && *line; *line = (*line)->next) *run = ((PangoLayoutLine *)(*line)->data)->runs;
  return *run ? (*run)->data : NULL;
}

void vl_block_each_fallback(VlBlock *b, VlFallbackFn fn, void *data) {
  for (guint i = 0; i < b->paras->len; i++) {
    Para *p = g_ptr_array_index(b->paras, i);
    const char *text = pango_layout_get_text(p->layout);
    const char *family = pango_font_description_get_family(pango_layout_get_font_description(p->layout));
    GSList *line = pango_layout_get_lines_readonly(p->layout), *at = NULL;
    for (PangoLayoutRun *run; (run = next_run(&line, &at));) {
      PangoScript script = (PangoScript)run->item->analysis.script;
      if (script == PANGO_SCRIPT_COMMON || script == PANGO_SCRIPT_INHERITED || script == PANGO_SCRIPT_UNKNOWN) continue;
      /* Only letters of the script itself count: digits and punctuation may
       * well come from a face that has them. */
      const char *s = text + run->item->offset, *end = s + run->item->length;
      gboolean letters = FALSE, drawn = FALSE;
      for (const char *c = s; c < end; c = g_utf8_next_char(c))
        if ((PangoScript)g_unichar_get_script(g_utf8_get_char(c)) == script) letters = TRUE;
      for (int g = 0; g < run->glyphs->num_glyphs; g++) {
        PangoGlyph gl = run->glyphs->glyphs[g].glyph;
        if (gl != PANGO_GLYPH_EMPTY && !(gl & PANGO_GLYPH_UNKNOWN_FLAG)) drawn = TRUE;
      }
      if (!letters || !drawn) continue; /* nothing drawn: a missing glyph, reported as such */
      /* The alphabet: the text's own language when it uses this script, else
       * the script's usual language. */
      PangoLanguage *lang = run->item->analysis.language;
      PangoLanguage *alpha =
          lang && pango_language_includes_script(lang, script) ? lang : pango_script_get_sample_language(script);
      if (!lang || !alpha) continue;
      /* Latin text in another script's page is set in the Latin face on
       * purpose (latin_runs). */
      const char *expected =
          script == PANGO_SCRIPT_LATIN && strcmp(vl_lang_script(b->lang), "Latn") != 0
              ? expected_family(b->t, p->style->family, "en", "en")
              : expected_family(b->t, family, pango_language_to_string(lang), pango_language_to_string(alpha));
      char *used = font_family(run->item->analysis.font);
      if (expected && *used && strcmp(used, expected) != 0) {
        const char *e = s;
        for (int k = 0; k < 16 && e < end; k++) e = g_utf8_next_char(e);
        char *piece = g_strndup(s, (gsize)(e - s));
        fn(i, piece, used, expected, data);
        g_free(piece);
      }
      g_free(used);
    }
  }
}

/* TEXT[FROM, TO) without U+200B and U+2060, the marks a translator types
 * between and inside words. Caller frees. */
static char *bare(const char *text, size_t from, size_t to) {
  GString *s = g_string_sized_new(to - from);
  for (const char *c = text + from; c < text + to; c = g_utf8_next_char(c)) {
    gunichar u = g_utf8_get_char(c);
    if (u != 0x200B && u != 0x2060) g_string_append_unichar(s, u);
  }
  return g_string_free(s, FALSE);
}

/* The keep list's word that the line end at byte AT of TEXT cuts, if
 * any (a U+200B typed inside a kept word), or the word joined by U+2060
 * there. Caller frees. */
static char *kept_word_cut(const char *text, size_t at, const char *const *keep) {
  size_t len = strlen(text);
  /* Most languages keep no words: then only a joiner is looked for, and
   * the text is not copied twice over for every line. */
  char *left = keep[0] ? bare(text, 0, at) : NULL, *right = keep[0] ? bare(text, at, len) : NULL;
  char *cut = NULL;
  for (size_t k = 0; keep[k] && !cut; k++) {
    for (const char *split = g_utf8_next_char(keep[k]); *split && !cut; split = g_utf8_next_char(split)) {
      size_t head = (size_t)(split - keep[k]);
      if (strlen(left) >= head && !strncmp(left + strlen(left) - head, keep[k], head) && g_str_has_prefix(right, split))
        cut = g_strdup(keep[k]);
    }
  }
  const char *before = at > 0 ? g_utf8_prev_char(text + at) : NULL;
  if (!cut && ((before && g_utf8_get_char(before) == 0x2060) || (at < len && g_utf8_get_char(text + at) == 0x2060))) {
    /* The joined word: from the last space before to the first after. */
    const char *a = text + at, *z = text + at;
    while (a > text && !g_unichar_isspace(g_utf8_get_char(g_utf8_prev_char(a)))) a = g_utf8_prev_char(a);
    while (*z && !g_unichar_isspace(g_utf8_get_char(z))) z = g_utf8_next_char(z);
    cut = bare(text, (size_t)(a - text), (size_t)(z - text));
  }
  g_free(left);
  g_free(right);
  return cut;
}

/* How many words ICU finds in TEXT (letters, numbers, kana, ideographs; not
 * spaces or punctuation), for LOCALE. */
static int count_words(const char *text, const char *locale) {
  UErrorCode st = U_ZERO_ERROR;
  int32_t n16 = 0;
  u_strFromUTF8(NULL, 0, &n16, text, -1, &st);
  st = U_ZERO_ERROR;
  UChar *u = g_new(UChar, n16 + 1);
  u_strFromUTF8(u, n16 + 1, NULL, text, -1, &st);
  int words = 0;
  UBreakIterator *bi = U_SUCCESS(st) ? ubrk_open(UBRK_WORD, locale, u, n16, &st) : NULL;
  if (bi && U_SUCCESS(st)) {
    for (int32_t b = ubrk_first(bi); b != UBRK_DONE; b = ubrk_next(bi))
      if (ubrk_getRuleStatus(bi) >= UBRK_WORD_NUMBER) words++;
  }
  if (bi) ubrk_close(bi);
  g_free(u);
  return words;
}

/* Whether volante's font configuration names FACE for FAMILY (a style's
 * family list) in language LANG: the alias list of "volante sans" and the
 * faces chosen by language, as fontconfig substitutes them. */
static gboolean listed_face(VlTypesetter *t, const char *family, const char *lang, const char *face) {
  char *key = g_strconcat(family, "\n", lang, NULL);
  GHashTable *set = g_hash_table_lookup(t->listed, key);
  if (!set) {
    set = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    FcConfig *config = pango_fc_font_map_get_config(PANGO_FC_FONT_MAP(t->map));
    FcPattern *pat = family_pattern(family, lang);
    FcConfigSubstitute(config, pat, FcMatchPattern);
    FcChar8 *f = NULL;
    for (int i = 0; FcPatternGetString(pat, FC_FAMILY, i, &f) == FcResultMatch; i++)
      g_hash_table_add(set, g_strdup((const char *)f));
    FcPatternDestroy(pat);
    g_hash_table_insert(t->listed, g_strdup(key), set);
  }
  g_free(key);
  return g_hash_table_contains(set, face);
}

/* Calls FN with kind "no-face" for each run of letters set in a face that
 * volante's fonts.conf does not list: a script with no face of its own,
 * whose letters come from whatever font fontconfig found for them. */
static void each_unlisted_face(VlBlock *b, guint i, VlLineWarningFn fn, void *data) {
  Para *p = g_ptr_array_index(b->paras, i);
  const char *text = pango_layout_get_text(p->layout);
  GHashTable *said = g_hash_table_new(g_direct_hash, g_direct_equal);
  GSList *line = pango_layout_get_lines_readonly(p->layout), *at = NULL;
  for (PangoLayoutRun *run; (run = next_run(&line, &at));) {
    if (!run->item->analysis.font) continue;
    PangoScript script = (PangoScript)run->item->analysis.script;
    if (script == PANGO_SCRIPT_COMMON || script == PANGO_SCRIPT_INHERITED || script == PANGO_SCRIPT_UNKNOWN ||
        g_hash_table_contains(said, GINT_TO_POINTER(script)))
      continue;
    const char *s = text + run->item->offset, *end = s + run->item->length;
    gunichar letter = 0;
    for (const char *c = s; c < end && !letter; c = g_utf8_next_char(c))
      if ((PangoScript)g_unichar_get_script(g_utf8_get_char(c)) == script) letter = g_utf8_get_char(c);
    if (!letter) continue; /* a space or a mark: it may come from any face */
    PangoLanguage *lang = run->item->analysis.language;
    char *used = font_family(run->item->analysis.font);
    if (*used && lang && !listed_face(b->t, p->style->family, pango_language_to_string(lang), used)) {
      g_hash_table_add(said, GINT_TO_POINTER(script));
      const char *e = s;
      for (int k = 0; k < 8 && e < end; k++) e = g_utf8_next_char(e);
      char *name = vl_script_name(letter);
      char *what = g_strdup_printf("%s\n%.*s\n%s", name, (int)(e - s), s, used);
      g_free(name);
      fn(i, "no-face", what, data);
      g_free(what);
    }
    g_free(used);
  }
  g_hash_table_destroy(said);
}

void vl_block_each_line_warning(VlBlock *b, VlLineWarningFn fn, void *data) {
  const char *const *keep = vl_lang_keep(b->lang);
  for (guint i = 0; i < b->paras->len; i++) {
    Para *p = g_ptr_array_index(b->paras, i);
    const char *text = pango_layout_get_text(p->layout);
    each_unlisted_face(b, i, fn, data);
    GSList *lines = pango_layout_get_lines_readonly(p->layout);
    int widest = 0;
    for (GSList *l = lines; l; l = l->next) {
      PangoLayoutLine *line = l->data;
      PangoRectangle r;
      pango_layout_line_get_extents(line, NULL, &r);
      widest = MAX(widest, r.width);
      if (line->start_index > 0) {
        char *cut = kept_word_cut(text, (size_t)line->start_index, keep);
        if (cut) fn(i, "kept-word-split", cut, data);
        g_free(cut);
      }
    }
    /* A headline that ends on one short word, under longer lines (one word
     * a line in a narrow panel is no fault of the wording). */
    PangoLayoutLine *last = lines && lines->next ? g_slist_last(lines)->data : NULL;
    if (p->style->balance && last) {
      PangoRectangle r;
      pango_layout_line_get_extents(last, NULL, &r);
      char *words = bare(text, (size_t)last->start_index, (size_t)(last->start_index + last->length));
      if (r.width < widest / 2 && count_words(words, vl_lang_tag(b->lang)) == 1)
        fn(i, "lonely-word", g_strstrip(words), data);
      g_free(words);
    }
  }
}

void vl_block_char_box(VlBlock *b, guint para, int index, double box[4]) {
  box[0] = box[1] = box[2] = box[3] = 0;
  if (para >= b->paras->len) return;
  Para *p = g_ptr_array_index(b->paras, para);
  PangoRectangle r;
  pango_layout_index_to_pos(p->layout, index, &r);
  double f = para_factor(b, p, b->scale);
  if (r.width < 0) r.x += r.width, r.width = -r.width;
  box[0] = (r.x + p->shift) / (double)PANGO_SCALE * f;
  box[1] = p->top + r.y / (double)PANGO_SCALE * f;
  box[2] = MAX(r.width / (double)PANGO_SCALE * f, 2);
  box[3] = r.height / (double)PANGO_SCALE * f;
}

void vl_block_collect(VlBlock *b, VlEmbed *embed) {
  for (guint i = 0; i < b->paras->len; i++) {
    Para *p = g_ptr_array_index(b->paras, i);
    PangoLayoutIter *it = pango_layout_get_iter(p->layout);
    do {
      PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
      if (run) vl_embed_use(embed, run);
    } while (pango_layout_iter_next_run(it));
    pango_layout_iter_free(it);
  }
}

/* Draws RUN with FACE (a subset of the run's font, see embed.h)
 * at the current point, with text clusters so the PDF's text copies out as
 * it was written. */
static void show_subset_run(cairo_t *cr, const char *text, PangoGlyphItem *run, cairo_font_face_t *face,
                            VlEmbed *embed) {
  cairo_scaled_font_t *orig = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(run->item->analysis.font));
  if (!orig) return;
  cairo_matrix_t fm;
  cairo_scaled_font_get_font_matrix(orig, &fm);
  cairo_font_options_t *fo = cairo_font_options_create();
  cairo_scaled_font_get_font_options(orig, fo);
  cairo_save(cr);
  cairo_set_font_face(cr, face);
  cairo_set_font_matrix(cr, &fm);
  cairo_set_font_options(cr, fo);
  cairo_font_options_destroy(fo);

  double x0, y0;
  cairo_get_current_point(cr, &x0, &y0);
  PangoGlyphString *gs = run->glyphs;
  const char *item_text = text + run->item->offset;
  int item_len = run->item->length;
  gboolean backward = run->item->analysis.level % 2 == 1;
  cairo_glyph_t *glyphs = g_new(cairo_glyph_t, gs->num_glyphs + 1);
  cairo_text_cluster_t *clusters = g_new0(cairo_text_cluster_t, gs->num_glyphs + 1);
  int ng = 0, nc = 0;
  double x = x0;
  for (int i = 0; i < gs->num_glyphs; i++) {
    PangoGlyphInfo *gi = &gs->glyphs[i];
    gboolean starts = i == 0 || gs->log_clusters[i] != gs->log_clusters[i - 1];
    if (starts) {
      /* A cluster's bytes run from its start to the next cluster's start in
       * logical order: ahead in the text when reading forward, behind it when
       * the run is right-to-left. */
      int start = gs->log_clusters[i], end = backward ? item_len : item_len;
      for (int k = i + 1; k < gs->num_glyphs; k++)
        if (gs->log_clusters[k] != start) {
          if (!backward) end = gs->log_clusters[k];
          break;
        }
      if (backward) {
        end = item_len;
        for (int k = i - 1; k >= 0; k--)
          if (gs->log_clusters[k] != start) {
            end = gs->log_clusters[k];
            break;
          }
      }
      clusters[nc].num_bytes = end - start;
      clusters[nc].num_glyphs = 0;
      nc++;
    }
    if (gi->glyph != PANGO_GLYPH_EMPTY && !(gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG)) {
      glyphs[ng].index = vl_embed_glyph(embed, run->item->analysis.font, gi->glyph);
      glyphs[ng].x = x + (double)gi->geometry.x_offset / PANGO_SCALE;
      glyphs[ng].y = y0 + (double)gi->geometry.y_offset / PANGO_SCALE;
      ng++;
      clusters[nc - 1].num_glyphs++;
    }
    x += (double)gi->geometry.width / PANGO_SCALE;
  }
  /* Cairo wants no cluster empty of both bytes and glyphs. */
  int kept = 0;
  for (int c = 0; c < nc; c++)
    if (clusters[c].num_bytes || clusters[c].num_glyphs) clusters[kept++] = clusters[c];
  cairo_show_text_glyphs(cr, item_text, item_len, glyphs, ng, clusters, kept,
                         backward ? CAIRO_TEXT_CLUSTER_FLAG_BACKWARD : 0);
  if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
    /* Cluster mapping refused: draw the glyphs alone rather than nothing. */
    cairo_restore(cr);
    cairo_save(cr);
    cairo_set_font_face(cr, face);
    cairo_set_font_matrix(cr, &fm);
    cairo_show_glyphs(cr, glyphs, ng);
  }
  g_free(glyphs);
  g_free(clusters);
  cairo_restore(cr);
}

/* A run's own color, when markup gave it one. */
static gboolean run_color(PangoGlyphItem *run, double rgb[3]) {
  for (GSList *l = run->item->analysis.extra_attrs; l; l = l->next) {
    PangoAttribute *a = l->data;
    if (a->klass->type == PANGO_ATTR_FOREGROUND) {
      PangoColor *c = &((PangoAttrColor *)a)->color;
      rgb[0] = c->red / 65535.0, rgb[1] = c->green / 65535.0, rgb[2] = c->blue / 65535.0;
      return TRUE;
    }
  }
  return FALSE;
}

/* Scripts whose glyphs a PDF reader cannot put back in reading order on
 * its own: vowel signs drawn before their consonant (Devanagari ि, Thai
 * เ), stacked marks set lower or higher than the line (Thai ั้, Khmer
 * subscripts). pdftotext and screen readers got "िक" for "कि" and split
 * ทั้ง across two lines. */
static gboolean reordered_script(PangoScript s) {
  static const PangoScript list[] = {PANGO_SCRIPT_DEVANAGARI, PANGO_SCRIPT_BENGALI, PANGO_SCRIPT_GURMUKHI,
                                     PANGO_SCRIPT_GUJARATI,   PANGO_SCRIPT_ORIYA,   PANGO_SCRIPT_TAMIL,
                                     PANGO_SCRIPT_TELUGU,     PANGO_SCRIPT_KANNADA, PANGO_SCRIPT_MALAYALAM,
                                     PANGO_SCRIPT_SINHALA,    PANGO_SCRIPT_THAI,    PANGO_SCRIPT_LAO,
                                     PANGO_SCRIPT_TIBETAN,    PANGO_SCRIPT_MYANMAR, PANGO_SCRIPT_KHMER};
  for (size_t i = 0; i < G_N_ELEMENTS(list); i++)
    if (list[i] == s) return TRUE;
  return FALSE;
}

/* Draws RUN at (X, Y) as one text cluster, so that Cairo writes its text
 * as the PDF's ActualText: a reader takes the words as written, whatever
 * the order and height of the glyphs. The U+200B volante puts at break
 * places (and any a translator typed) are left out of that text: they mean
 * nothing to a reader. */
static void show_actual_run(cairo_t *cr, const char *text, PangoGlyphItem *run, double x, double y) {
  cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(run->item->analysis.font));
  if (!sf) return;
  PangoGlyphString *gs = run->glyphs;
  cairo_glyph_t *glyphs = g_new(cairo_glyph_t, gs->num_glyphs + 1);
  int ng = 0;
  for (int i = 0; i < gs->num_glyphs; i++) {
    PangoGlyphInfo *gi = &gs->glyphs[i];
    if (gi->glyph != PANGO_GLYPH_EMPTY && !(gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG)) {
      glyphs[ng].index = gi->glyph;
      glyphs[ng].x = x + (double)gi->geometry.x_offset / PANGO_SCALE;
      glyphs[ng].y = y + (double)gi->geometry.y_offset / PANGO_SCALE;
      ng++;
    }
    x += (double)gi->geometry.width / PANGO_SCALE;
  }
  GString *words = g_string_sized_new((gsize)run->item->length);
  const char *end = text + run->item->offset + run->item->length;
  for (const char *c = text + run->item->offset; c < end; c = g_utf8_next_char(c))
    if (g_utf8_get_char(c) != 0x200B) g_string_append_len(words, c, g_utf8_next_char(c) - c);
  cairo_text_cluster_t cluster = {(int)words->len, ng};
  cairo_save(cr);
  cairo_set_scaled_font(cr, sf);
  if (ng || words->len) cairo_show_text_glyphs(cr, words->str, (int)words->len, glyphs, ng, &cluster, 1, 0);
  cairo_restore(cr);
  g_string_free(words, TRUE);
  g_free(glyphs);
}

/* BLACK: every run in black, whatever its color (grayscale printing). KEEP:
 * the output keeps text as text, so runs of reordered scripts carry their
 * words whole. */
static void draw_layout(cairo_t *cr, PangoLayout *layout, const double color[3], gboolean black, gboolean keep,
                        VlEmbed *embed) {
  const char *text = pango_layout_get_text(layout);
  PangoLayoutIter *it = pango_layout_get_iter(layout);
  do {
    PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
    if (!run) continue;
    PangoRectangle logical;
    pango_layout_iter_get_run_extents(it, NULL, &logical);
    double bx = (double)logical.x / PANGO_SCALE, by = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
    double rgb[3] = {0, 0, 0};
    if (!black) {
      rgb[0] = color[0], rgb[1] = color[1], rgb[2] = color[2];
      run_color(run, rgb);
    }
    cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
    cairo_move_to(cr, bx, by);
    cairo_font_face_t *face = embed ? vl_embed_face(embed, run->item->analysis.font) : NULL;
    if (face)
      show_subset_run(cr, text, run, face, embed);
    else if (keep && reordered_script((PangoScript)run->item->analysis.script))
      show_actual_run(cr, text, run, bx, by);
    else
      pango_cairo_show_glyph_item(cr, text, run);
  } while (pango_layout_iter_next_run(it));
  pango_layout_iter_free(it);
}

void vl_block_draw(VlBlock *b, cairo_t *cr, double x, double y, VlEmbed *embed) {
  /* Links and structure tags only mean something in a PDF (b->text); and
   * Cairo 1.16 crashes when a recording surface (proof sheets) that holds
   * link tags is destroyed. */
  for (guint i = 0; i < b->paras->len; i++) {
    Para *p = g_ptr_array_index(b->paras, i);
    gboolean link = b->text && p->link && link_ok(p->link);
    gboolean tag = b->tags && p->style->tag[0];
    if (tag) cairo_tag_begin(cr, p->style->tag, "");
    if (link) {
      char *attr = g_strdup_printf("uri='%s'", p->link);
      cairo_tag_begin(cr, CAIRO_TAG_LINK, attr);
      g_free(attr);
    }
    double f = para_factor(b, p, b->scale);
    cairo_save(cr);
    cairo_translate(cr, x, y + p->top);
    cairo_scale(cr, f, f);
    cairo_translate(cr, p->shift / PANGO_SCALE, 0);
    draw_layout(cr, p->layout, p->style->color, b->black, b->text, embed);
    cairo_restore(cr);
    if (link) cairo_tag_end(cr, CAIRO_TAG_LINK);
    if (tag) cairo_tag_end(cr, p->style->tag);
  }
}

gboolean vl_block_set_text(VlBlock *b, guint i, const char *markup, GError **err) {
  if (i >= b->paras->len) return FALSE;
  Para *p = g_ptr_array_index(b->paras, i);
  /* A paragraph made the usual way, whose layout then takes the place of
   * the old one: style, link, spacing and reserved room stay. */
  VlBlock *tmp = vl_block_new(b->t, b->lang, b->width, b->unit);
  gboolean ok = vl_block_add(tmp, markup, p->style, p->link, err);
  if (ok) {
    Para *q = g_ptr_array_index(tmp->paras, 0);
    PangoLayout *l = p->layout;
    char *m = p->markup;
    p->layout = q->layout, p->markup = q->markup, p->sized = q->sized;
    if (p->widths) g_array_set_size(p->widths, 0); /* another text */
    p->laid_width = -1;
    p->balanced = 0; /* found for the old text */
    q->layout = l, q->markup = m;
  }
  vl_block_free(tmp);
  return ok;
}
