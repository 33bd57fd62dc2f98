#include "lint.h"

#include <pango/pango.h>
#include <string.h>

/* Orthographic slips, one row per rule. LANGS lists language subtags (the
 * part of the tag before any '-'); a row with BETWEEN_LETTERS set fires only
 * when BAD stands between two letters. */
typedef struct {
  const char *const *langs;
  const char *bad;  /* UTF-8 */
  const char *good; /* what to write instead */
  gboolean between_letters;
  const char *why;
} Rule;

/* Oto-Manguean languages write the glottal stop with the saltillo (U+A78C);
 * keyboards give an ASCII apostrophe instead. Mixtec, Zapotec, Triqui,
 * Chinantec and Mazatec as ISO 639 codes, with their macrolanguages. */
static const char *const saltillo_langs[] = {
    "mix", "mxa", "mxb", "mxs", "mxt", "mxv", "mxy", "mib", "mil", "mim", "mio", "mit", "miy", "mjc", "mks",
    "mpm", "mqh", "xtd", "xti", "xtm", "xtn", "xts", "xtu", "zap", "zaa", "zab", "zac", "zad", "zae", "zai",
    "zam", "zao", "zar", "zas", "zat", "zav", "zaw", "zpa", "zpc", "zpe", "zpg", "zpl", "zpm", "zpo", "zpq",
    "zpu", "zpv", "zpz", "zsr", "ztp", "ztu", "trc", "trq", "trs", "chz", "cso", "maa", "mau", "vmy", NULL};
static const char *const persian[] = {"fa", "prs", NULL};

static const Rule rules[] = {
    {saltillo_langs, "'", "\uA78C", TRUE, "a saltillo written as an ASCII apostrophe"},
    {saltillo_langs, "\u2019", "\uA78C", TRUE, "a saltillo written as a right quotation mark"},
    {persian, "\u064A", "\u06CC", FALSE, "Arabic yeh (U+064A) in Persian text"},
    {persian, "\u0643", "\u06A9", FALSE, "Arabic kaf (U+0643) in Persian text"},
};

/* The tags of MARKUP in order ("b /b span /span"), or NULL when it does not parse. */
static char *tag_list(const char *markup) {
  GString *s = g_string_new(NULL);
  for (const char *p = strchr(markup, '<'); p; p = strchr(p + 1, '<')) {
    const char *q = p + 1;
    gboolean close = *q == '/';
    if (close) q++;
    const char *e = q;
    while (*e && (g_ascii_isalnum(*e))) e++;
    if (e == q) continue;
    if (s->len) g_string_append_c(s, ' ');
    if (close) g_string_append_c(s, '/');
    g_string_append_len(s, q, e - q);
  }
  return g_string_free(s, FALSE);
}

static int by_string(gconstpointer a, gconstpointer b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Placeholders such as {phone}, sorted and joined, for comparison. */
static char *placeholders(const char *text) {
  GPtrArray *found = g_ptr_array_new_with_free_func(g_free);
  for (const char *p = strchr(text, '{'); p; p = strchr(p + 1, '{')) {
    const char *e = p + 1;
    while (g_ascii_isalnum(*e) || *e == '_' || *e == '-' || *e == '.') e++;
    if (*e == '}' && e > p + 1) g_ptr_array_add(found, g_strndup(p, (gsize)(e - p + 1)));
  }
  g_ptr_array_sort(found, by_string);
  g_ptr_array_add(found, NULL);
  char *joined = g_strjoinv(" ", (char **)found->pdata);
  g_ptr_array_free(found, TRUE);
  return joined;
}

static gboolean has_ascii_digit(const char *s) {
  for (; *s; s++)
    if (g_ascii_isdigit(*s)) return TRUE;
  return FALSE;
}

static void report(VlLintFn fn, void *data, VlSeverity sev, const char *kind, char *msg) {
  fn(sev, kind, msg, data);
  g_free(msg);
}

static void check_rules(const char *lang, const char *text, VlLintFn fn, void *data) {
  char *sub = g_strdup(lang);
  char *dash = strchr(sub, '-');
  if (dash) *dash = '\0';
  for (size_t r = 0; r < G_N_ELEMENTS(rules); r++) {
    if (!g_strv_contains(rules[r].langs, sub)) continue;
    size_t n = strlen(rules[r].bad);
    for (const char *p = strstr(text, rules[r].bad); p; p = strstr(p + n, rules[r].bad)) {
      if (rules[r].between_letters) {
        if (p == text || !*(p + n)) continue;
        gunichar before = g_utf8_get_char(g_utf8_prev_char(p)), after = g_utf8_get_char(p + n);
        if (!g_unichar_isalpha(before) || !g_unichar_isalpha(after)) continue;
      }
      const char *from = p, *to = p + n;
      for (int k = 0; k < 8 && from > text; k++) from = g_utf8_prev_char(from);
      for (int k = 0; k < 8 && *to; k++) to = g_utf8_next_char(to);
      report(fn, data, VL_WARNING, "orthography",
             g_strdup_printf("%s: \"%.*s\" (write %s, U+%04X)", rules[r].why, (int)(to - from), from, rules[r].good,
                             (unsigned)g_utf8_get_char(rules[r].good)));
      break; /* one finding per rule and entry is enough to point at it */
    }
  }
  g_free(sub);
}

void vl_lint_entry(const char *lang, const char *source, const char *translation, VlLintFn fn, void *data) {
  GError *err = NULL;
  if (!pango_parse_markup(translation, -1, 0, NULL, NULL, NULL, &err)) {
    report(fn, data, VL_ERROR, "markup", g_strdup_printf("invalid Pango markup: %s", err->message));
    g_error_free(err);
  } else {
    char *a = tag_list(source), *b = tag_list(translation);
    if (strcmp(a, b) != 0)
      report(fn, data, VL_ERROR, "markup",
             g_strdup_printf("tags differ from the source: source has [%s], translation [%s]", a, b));
    g_free(a);
    g_free(b);
  }
  char *pa = placeholders(source), *pb = placeholders(translation);
  if (strcmp(pa, pb) != 0)
    report(fn, data, VL_ERROR, "placeholder",
           g_strdup_printf("placeholders differ from the source: source has [%s], translation [%s]", pa, pb));
  g_free(pa);
  g_free(pb);

  check_rules(lang, translation, fn, data);
  if (!has_ascii_digit(source) && has_ascii_digit(translation))
    report(fn, data, VL_WARNING, "orthography", g_strdup("ASCII digits where the source has no number"));
  if (*translation && (g_ascii_isspace(translation[0]) || g_ascii_isspace(translation[strlen(translation) - 1])))
    report(fn, data, VL_WARNING, "orthography", g_strdup("leading or trailing space"));
  if (strstr(translation, "  ") && !strstr(source, "  "))
    report(fn, data, VL_WARNING, "orthography", g_strdup("doubled space"));
}

static void count_errors(VlSeverity sev, const char *kind, const char *message, void *data) {
  (void)kind, (void)message;
  if (sev == VL_ERROR) (*(int *)data)++;
}

int vl_lint_errors(const char *lang, const char *source, const char *translation) {
  int n = 0;
  vl_lint_entry(lang, source, translation, count_errors, &n);
  return n;
}
