#include "numbers.h"

#include <pango/pango.h>
#include <string.h>
#include <unicode/uloc.h>
#include <unicode/unumsys.h>

/* The digits a language writes numbers in besides 0-9: up to two numbering
 * systems (ICU's default and native ones for the language), ten digits each. */
typedef struct {
  gunichar digits[2][10];
  int systems;
} Digits;

/* Read once per language and kept for the process (a handful of languages). */
static GHashTable *digits_by_lang; /* interned tag -> Digits* */

static void add_system(Digits *d, const char *locale) {
  UErrorCode st = U_ZERO_ERROR;
  UNumberingSystem *ns = unumsys_open(locale, &st);
  if (U_FAILURE(st) || !ns) return;
  UChar desc[32];
  int32_t n = unumsys_isAlgorithmic(ns) || unumsys_getRadix(ns) != 10
                  ? 0
                  : unumsys_getDescription(ns, desc, G_N_ELEMENTS(desc), &st);
  unumsys_close(ns);
  glong got = 0;
  gunichar *u = U_SUCCESS(st) && n > 0 ? g_utf16_to_ucs4(desc, n, NULL, &got, NULL) : NULL;
  if (u && got == 10 && u[0] != '0' && d->systems < 2) {
    for (int k = 0; k < d->systems; k++)
      if (d->digits[k][0] == u[0]) got = 0; /* the same system twice */
    if (got == 10) memcpy(d->digits[d->systems++], u, sizeof d->digits[0]);
  }
  g_free(u);
}

static const Digits *digits_of(const char *lang) {
  const char *key = g_intern_string(lang);
  if (!digits_by_lang) digits_by_lang = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
  Digits *d = g_hash_table_lookup(digits_by_lang, key);
  if (d) return d;
  d = g_new0(Digits, 1);
  char id[ULOC_FULLNAME_CAPACITY] = "";
  UErrorCode st = U_ZERO_ERROR;
  uloc_forLanguageTag(lang, id, sizeof id, NULL, &st);
  if (U_SUCCESS(st) && *id) {
    add_system(d, id);
    char *native = g_strdup_printf("%s@numbers=native", id);
    add_system(d, native);
    g_free(native);
  }
  g_hash_table_insert(digits_by_lang, (gpointer)key, d);
  return d;
}

/* The value of digit C, or -1. *FOREIGN: a digit of a system LANG does not use. */
static int digit(gunichar c, const Digits *d, gboolean *foreign) {
  *foreign = FALSE;
  if (c >= '0' && c <= '9') return (int)(c - '0');
  for (int k = 0; k < d->systems; k++)
    for (int v = 0; v < 10; v++)
      if (d->digits[k][v] == c) return v;
  int v = g_unichar_digit_value(c);
  *foreign = v >= 0;
  return v;
}

/* Separators inside a number: 1,000 1.000 2.5 ٫ ٬ and the spaces some languages group digits with. */
static gboolean is_separator(gunichar c) {
  return c == ',' || c == '.' || c == '\'' || c == 0x066B || c == 0x066C || c == 0x00A0 || c == 0x202F || c == 0x2009;
}
static gboolean is_gap(gunichar c) { return c == ' ' || c == 0x00A0 || c == 0x202F || c == 0x2009; }
static gboolean is_percent(gunichar c) { return c == '%' || c == 0x066A || c == 0xFF05 || c == 0xFE6A; }

typedef struct {
  char *value; /* ASCII digits, separators left out */
  char *shown; /* as written, with its percent sign */
  gboolean percent, foreign, used;
} Num;

static void num_free(gpointer p) {
  Num *n = p;
  g_free(n->value);
  g_free(n->shown);
  g_free(n);
}

static gboolean digit_at(const gunichar *u, glong i, glong n, const Digits *d) {
  gboolean f;
  return i < n && digit(u[i], d, &f) >= 0;
}

/* The numbers of MARKUP's text, in order. */
static GPtrArray *scan(const char *markup, const Digits *d) {
  GPtrArray *out = g_ptr_array_new_with_free_func(num_free);
  char *text = NULL;
  if (!pango_parse_markup(markup, -1, 0, NULL, &text, NULL, NULL)) text = g_strdup(markup);
  glong n = 0;
  gunichar *u = g_utf8_to_ucs4_fast(text, -1, &n);
  for (glong i = 0; i < n;) {
    if (!digit_at(u, i, n, d)) {
      i++;
      continue;
    }
    Num *num = g_new0(Num, 1);
    GString *value = g_string_new(NULL);
    glong start = i;
    for (;;) {
      gboolean f;
      int v = i < n ? digit(u[i], d, &f) : -1;
      if (v >= 0) {
        g_string_append_c(value, (char)('0' + v));
        num->foreign |= f;
        i++;
      } else if (i < n && is_separator(u[i]) && digit_at(u, i + 1, n, d)) {
        i++;
      } else {
        break;
      }
    }
    glong end = i, after = i, before = start;
    while (after < n && is_gap(u[after])) after++;
    while (before > 0 && is_gap(u[before - 1])) before--;
    if (after < n && is_percent(u[after]))
      num->percent = TRUE, end = after + 1;
    else if (before > 0 && is_percent(u[before - 1]))
      num->percent = TRUE, start = before - 1;
    num->value = g_string_free(value, FALSE);
    num->shown = g_ucs4_to_utf8(u + start, end - start, NULL, NULL, NULL);
    g_ptr_array_add(out, num);
  }
  g_free(u);
  g_free(text);
  return out;
}

static char *shown_list(GPtrArray *nums) {
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < nums->len; i++)
    g_string_append_printf(s, "%s%s", i ? ", " : "", ((Num *)g_ptr_array_index(nums, i))->shown);
  return g_string_free(s, FALSE);
}

char *vl_numbers_check(const char *lang, const char *source, const char *translation) {
  const Digits *d = digits_of(lang);
  GPtrArray *want = scan(source, d), *got = scan(translation, d);
  gboolean missing = FALSE;
  for (guint i = 0; i < want->len; i++) {
    const Num *w = g_ptr_array_index(want, i);
    gboolean found = FALSE;
    for (guint k = 0; k < got->len && !found; k++) {
      Num *g = g_ptr_array_index(got, k);
      if (!g->used && !g->foreign && g->percent == w->percent && !strcmp(g->value, w->value)) found = g->used = TRUE;
    }
    missing |= !found;
  }
  char *msg = NULL;
  if (missing) {
    GString *s = g_string_new(NULL);
    char *a = shown_list(want), *b = shown_list(got);
    g_string_append_printf(s, "a number differs from the English: the English says %s, the translation %s%s", a,
                           got->len ? "says " : "has no number", b);
    g_free(a);
    g_free(b);
    for (guint k = 0; k < got->len; k++) {
      const Num *g = g_ptr_array_index(got, k);
      if (g->foreign) g_string_append_printf(s, " (%s is in digits %s does not use)", g->shown, lang);
    }
    g_string_append(s, ": keep every number and percent sign of the English, in digits 0-9");
    for (int k = 0; k < d->systems; k++) {
      char first[8] = {0}, last[8] = {0};
      g_unichar_to_utf8(d->digits[k][0], first);
      g_unichar_to_utf8(d->digits[k][9], last);
      g_string_append_printf(s, " or %s-%s", first, last);
    }
    msg = g_string_free(s, FALSE);
  }
  g_ptr_array_free(want, TRUE);
  g_ptr_array_free(got, TRUE);
  return msg;
}
