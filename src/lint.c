#include "lint.h"

#include <pango/pango.h>
#include <string.h>
#include <unicode/uscript.h>

#include "lang.h"
#include "numbers.h"
#include "pseudo.h"
#include "util.h"

/* Orthographic slips, one row per rule. LANGS lists language subtags (the
 * part of the tag before any '-'); a row with BETWEEN_LETTERS set fires only
 * when BAD stands between two letters. ID names the rule in a PO header's
 * X-Volante-Rules, where a community turns it off or on (rule_on). */
typedef struct {
  const char *id;
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
    {"saltillo", saltillo_langs, "'", "\uA78C", TRUE, "a saltillo written as an ASCII apostrophe"},
    {"saltillo", saltillo_langs, "\u2019", "\uA78C", TRUE, "a saltillo written as a right quotation mark"},
    {"persian-letters", persian, "\u064A", "\u06CC", FALSE, "Arabic yeh (U+064A) in Persian text"},
    {"persian-letters", persian, "\u0643", "\u06A9", FALSE, "Arabic kaf (U+0643) in Persian text"},
};

/* The checks a PO header may turn off or on besides the rows above; each is
 * on for every language unless the header says otherwise. */
static const char *const general_rules[] = {"script", "digits", "spaces", NULL};

/* Whether rule ID applies to LANG: ON_BY_DEFAULT, unless the PO header of
 * LANG says "-ID" (off) or "+ID" or "ID" (on) in X-Volante-Rules. */
static gboolean rule_on(const char *id, const char *lang, gboolean on_by_default) {
  const char *said = vl_lang_rules(lang);
  if (!said) return on_by_default;
  gboolean on = on_by_default;
  char **words = g_strsplit_set(said, ", \t", -1);
  for (int i = 0; words[i]; i++) {
    const char *w = words[i];
    gboolean off = *w == '-';
    if (*w == '-' || *w == '+') w++;
    if (strcmp(w, id) == 0) on = !off;
  }
  g_strfreev(words);
  return on;
}

char *vl_lint_rules_unknown(const char *said) {
  char **words = g_strsplit_set(said, ", \t", -1);
  char *unknown = NULL;
  for (int i = 0; words[i] && !unknown; i++) {
    const char *w = words[i];
    if (*w == '-' || *w == '+') w++;
    if (!*w || g_strv_contains(general_rules, w)) continue;
    gboolean known = FALSE;
    for (size_t r = 0; r < G_N_ELEMENTS(rules); r++) known = known || strcmp(rules[r].id, w) == 0;
    if (!known) unknown = g_strdup(w);
  }
  g_strfreev(words);
  return unknown;
}

/* The tags Pango's markup knows. */
static const char *const pango_tags[] = {"markup", "b",     "big", "i", "s",    "sub",
                                         "sup",    "small", "tt",  "u", "span", NULL};

/* The first words after AT (up to the next tag, about 20 characters,
 * ending at a space when there is one), to show where a tag stands. */
static char *words_after(const char *at) {
  const char *e = at, *space = NULL;
  for (int k = 0; k < 20 && *e && *e != '<'; k++) {
    if (*e == ' ' && k > 0) space = e;
    e = g_utf8_next_char(e);
  }
  if (*e && *e != '<' && space) e = space;
  char *w = g_strndup(at, (gsize)(e - at));
  return g_strstrip(w);
}

char *vl_lint_markup(const char *markup) {
  if (pango_parse_markup(markup, -1, 0, NULL, NULL, NULL, NULL)) return NULL;
  /* Pango (GMarkup) says what broke in parser words ("Element 'markup' was
   * closed, but the currently open element is 'b'", "char 112"): find the
   * mistake again and say it as a translator would. */
  GPtrArray *open = g_ptr_array_new_with_free_func(g_free);
  GArray *where = g_array_new(FALSE, FALSE, sizeof(const char *)); /* text after each open tag */
  char *msg = NULL;
  for (const char *p = markup; *p && !msg; p++) {
    if (*p == '&') {
      const char *e = p + 1;
      while (g_ascii_isalnum(*e) || *e == '#') e++;
      if (*e != ';' || e == p + 1) msg = g_strdup("a & on its own must be written &amp;");
      continue;
    }
    if (*p != '<') continue;
    const char *q = p + 1;
    gboolean close = *q == '/';
    if (close) q++;
    const char *e = q;
    while (g_ascii_isalnum(*e)) e++;
    char *name = g_strndup(q, (gsize)(e - q));
    const char *end = strchr(e, '>');
    const char *lt = strchr(e, '<');
    if (!*name) {
      msg = g_strdup("a < on its own must be written &lt;");
    } else if (!end || (lt && lt < end)) {
      msg = g_strdup_printf("the tag <%s%s is not finished with >", close ? "/" : "", name);
    } else if (!g_strv_contains(pango_tags, name)) {
      msg = g_strdup_printf("<%s%s> is not a tag volante knows: keep only the tags of the English (<b>, <i>, <span>)",
                            close ? "/" : "", name);
    } else if (close) {
      if (!open->len) {
        msg = g_strdup_printf("</%s> closes a <%s> that was never opened", name, name);
      } else if (strcmp(g_ptr_array_index(open, open->len - 1), name) != 0) {
        const char *top = g_ptr_array_index(open, open->len - 1);
        char *after = words_after(g_array_index(where, const char *, where->len - 1));
        msg = g_strdup_printf("the <%s> before \"%s\" must be closed with </%s> before </%s>", top, after, top, name);
        g_free(after);
      } else {
        g_ptr_array_remove_index(open, open->len - 1);
        g_array_set_size(where, where->len - 1);
      }
    } else if (end[-1] != '/') {
      g_ptr_array_add(open, g_strdup(name));
      const char *after = end + 1;
      g_array_append_val(where, after);
    }
    g_free(name);
    if (end && !msg) p = end;
  }
  if (!msg && open->len) {
    const char *top = g_ptr_array_index(open, open->len - 1);
    char *after = words_after(g_array_index(where, const char *, where->len - 1));
    msg = g_strdup_printf("the <%s> opened before \"%s\" is never closed: add </%s> where it ends", top, after, top);
    g_free(after);
  }
  if (!msg) {
    /* Something the scan above does not know (say, an attribute of <span>). */
    GError *err = NULL;
    pango_parse_markup(markup, -1, 0, NULL, NULL, NULL, &err);
    const char *why = err ? err->message : "";
    const char *colon = g_str_has_prefix(why, "Error on line") ? strchr(why, ':') : NULL;
    char *plain = g_strdup(colon ? colon + 2 : why);
    char *at = strstr(plain, " on line ");
    if (at) *at = '\0'; /* "on line 1 char 23": a place in the parser's input, not the translator's */
    msg = g_strdup_printf("the tags cannot be read: %s", plain);
    g_free(plain);
    if (err) g_error_free(err);
  }
  g_array_free(where, TRUE);
  g_ptr_array_free(open, TRUE);
  /* The words quoted may hold a newline or a control character, and GMarkup's
   * own message may quote part of a character: one printable line. */
  char *shown = vl_printable(msg);
  g_free(msg);
  return shown;
}

/* How many times each tag opens in MARKUP: name -> count. */
static GHashTable *tag_counts(const char *markup) {
  GHashTable *n = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (const char *p = strchr(markup, '<'); p; p = strchr(p + 1, '<')) {
    const char *e = p + 1;
    while (g_ascii_isalnum(*e)) e++;
    if (e == p + 1) continue;
    char *name = g_strndup(p + 1, (gsize)(e - p - 1));
    g_hash_table_insert(n, name, GINT_TO_POINTER(GPOINTER_TO_INT(g_hash_table_lookup(n, name)) + 1));
  }
  return n;
}

/* "<b>…</b> is missing" and "<i>…</i> is new" for the tags the
 * translation has fewer or more of than the source; NULL when the same.
 * The order may differ: another language may put the bold words first. */
static char *tag_difference(const char *source, const char *translation) {
  GHashTable *a = tag_counts(source), *b = tag_counts(translation);
  GString *missing = g_string_new(NULL), *extra = g_string_new(NULL);
  static const char *const order[] = {"b", "i", "u", "s", "span", "big", "small", "sub", "sup", "tt", NULL};
  for (int k = 0; order[k]; k++) {
    int x = GPOINTER_TO_INT(g_hash_table_lookup(a, order[k])), y = GPOINTER_TO_INT(g_hash_table_lookup(b, order[k]));
    GString *to = x > y ? missing : extra;
    int times = x > y ? x - y : y - x;
    if (!times) continue;
    g_string_append_printf(to, "%s<%s>…</%s>", to->len ? ", " : "", order[k], order[k]);
    if (times > 1) g_string_append_printf(to, " %d times", times);
  }
  char *msg = NULL;
  if (missing->len || extra->len)
    msg = g_strdup_printf("keep the tags of the English around the same words: %s%s%s%s%s", missing->str,
                          missing->len ? " missing" : "", missing->len && extra->len ? "; " : "", extra->str,
                          extra->len ? " not in the English" : "");
  g_string_free(missing, TRUE);
  g_string_free(extra, TRUE);
  g_hash_table_destroy(a);
  g_hash_table_destroy(b);
  return msg;
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
    if (!rule_on(rules[r].id, lang, g_strv_contains(rules[r].langs, sub))) continue;
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

/* Characters a translation must not hold, unless its English has them too:
 * C0 and C1 controls (a terminal's escape sequences pasted in, a stray form
 * feed) print as nothing or a box; bidi embeddings, overrides and isolates
 * turn the text after them around (a U+202E shows "gnilrad" for "darling"),
 * on paper and in the translators' tools. The marks a language needs are
 * fine: LRM, RLM, ALM (U+200E, U+200F, U+061C), ZWJ and ZWNJ (U+200D,
 * U+200C), the zero width space of Thai and Khmer (U+200B), the soft hyphen,
 * the word joiner. Other invisible format characters are a warning. */
static const struct {
  gunichar lo, hi;
  VlSeverity sev;
  const char *kind, *what;
} invisible[] = {
    {0x00, 0x1F, VL_ERROR, "control-character", "a control character"},
    {0x7F, 0x9F, VL_ERROR, "control-character", "a control character"},
    {0x202A, 0x202E, VL_ERROR, "control-character", "a bidi embedding or override"},
    {0x2066, 0x2069, VL_ERROR, "control-character", "a bidi isolate"},
    {0x2061, 0x2064, VL_WARNING, "format-character", "an invisible math operator"},
    {0x206A, 0x206F, VL_WARNING, "format-character", "a deprecated format character"},
    {0xFEFF, 0xFEFF, VL_WARNING, "format-character", "a zero width no-break space (byte order mark)"},
    {0xFFF9, 0xFFFB, VL_WARNING, "format-character", "an interlinear annotation character"},
    {0xE0000, 0xE007F, VL_WARNING, "format-character", "a tag character"},
};

static void check_invisible(const char *lang, const char *source, const char *text, VlLintFn fn, void *data) {
  gboolean said[G_N_ELEMENTS(invisible)] = {FALSE};
  for (const char *p = text; *p; p = g_utf8_next_char(p)) {
    gunichar ch = g_utf8_get_char(p);
    for (size_t r = 0; r < G_N_ELEMENTS(invisible); r++) {
      if (ch < invisible[r].lo || ch > invisible[r].hi || said[r]) continue;
      char u[8] = {0};
      g_unichar_to_utf8(ch, u);
      /* The mirrored pseudo-locale is made of overrides on purpose. */
      if (strstr(source, u) || (vl_pseudo_is(lang) && invisible[r].lo == 0x202A)) continue;
      said[r] = TRUE;
      const char *from = p;
      for (int k = 0; k < 16 && from > text; k++) from = g_utf8_prev_char(from);
      const char *space = from > text ? memchr(from, ' ', (size_t)(p - from)) : NULL;
      if (space && space + 1 < p) from = space + 1; /* from a word's start */
      /* where: after the word before it, or at the start (after "" said nothing) */
      char *where = p == text ? g_strdup("at the start of the translation")
                              : g_strdup_printf("after \"%.*s\"", (int)(p - from), from);
      report(fn, data, invisible[r].sev, invisible[r].kind,
             g_strdup_printf("%s (U+%04X) %s: delete it%s", invisible[r].what, (unsigned)ch, where,
                             invisible[r].sev == VL_ERROR ? " (it prints wrongly or not at all)" : ""));
      g_free(where);
    }
  }
}

/* Whether C is written in one of SCRIPTS (N of them), by its script or its
 * script extensions (ー belongs to both kana, 、 to Han and kana). */
static gboolean in_scripts(UChar32 c, const UScriptCode *scripts, int n) {
  for (int i = 0; i < n; i++)
    if (uscript_hasScript(c, scripts[i])) return TRUE;
  return FALSE;
}

/* Letters in a script the language is not written in (Cyrillic pasted into
 * Portuguese): a word from another translation, or a look-alike letter (a
 * Cyrillic о for o) that prints the same but breaks search and screen
 * readers. Latin is allowed everywhere (names, web addresses), and so is
 * any script the English itself holds. */
static void check_script(const char *lang, const char *source, const char *text, VlLintFn fn, void *data) {
  UScriptCode scripts[16];
  UErrorCode st = U_ZERO_ERROR;
  int n = uscript_getCode(lang, scripts, 12, &st);
  if (U_FAILURE(st) || n <= 0) return; /* a language ICU knows nothing of */
  for (int i = 0; i < n; i++) {        /* the combined codes stand for their parts */
    if (scripts[i] == USCRIPT_JAPANESE) scripts[i] = USCRIPT_HAN, scripts[n++] = USCRIPT_HIRAGANA;
    if (scripts[i] == USCRIPT_KOREAN) scripts[i] = USCRIPT_HANGUL, scripts[n++] = USCRIPT_HAN;
    if (scripts[i] == USCRIPT_SIMPLIFIED_HAN || scripts[i] == USCRIPT_TRADITIONAL_HAN) scripts[i] = USCRIPT_HAN;
  }
  scripts[n++] = USCRIPT_LATIN;
  for (const char *p = text; *p; p = g_utf8_next_char(p)) {
    UChar32 c = (UChar32)g_utf8_get_char(p);
    UScriptCode sc = uscript_getScript(c, &st);
    if (sc == USCRIPT_COMMON || sc == USCRIPT_INHERITED || in_scripts(c, scripts, n)) continue;
    char u[8] = {0};
    g_unichar_to_utf8((gunichar)c, u);
    if (strstr(source, u)) continue;
    /* The word it stands in, to find it by. */
    const char *from = p, *to = p;
    while (from > text && !g_unichar_isspace(g_utf8_get_char(g_utf8_prev_char(from)))) from = g_utf8_prev_char(from);
    while (*to && !g_unichar_isspace(g_utf8_get_char(to))) to = g_utf8_next_char(to);
    char *name = vl_script_name((gunichar)c);
    report(fn, data, VL_WARNING, "wrong-script",
           g_strdup_printf("%s letters (\"%.*s\") in a language not written in that script: pasted from another "
                           "translation, or a look-alike letter?",
                           name, (int)(to - from), from));
    g_free(name);
    return; /* one finding per entry points at it */
  }
}

/* Every check of TRANSLATION against SOURCE in LANG, each finding to FN. */
static void lint_all(const char *lang, const char *source, const char *translation, VlLintFn fn, void *data) {
  check_invisible(lang, source, translation, fn, data);
  char *bad = vl_lint_markup(translation);
  if (bad) {
    report(fn, data, VL_ERROR, "markup", bad);
  } else {
    /* Tags that differ from the English still print (a translator may drop
     * <b> for a script where bold reads badly): a warning, not a refusal. */
    char *diff = tag_difference(source, translation);
    if (diff) report(fn, data, VL_WARNING, "markup", diff);
  }
  char *pa = placeholders(source), *pb = placeholders(translation);
  if (strcmp(pa, pb) != 0)
    report(fn, data, VL_ERROR, "placeholder",
           g_strdup_printf("keep the {names} of the English exactly as written: the English has [%s], the translation "
                           "[%s]",
                           pa, pb));
  g_free(pa);
  g_free(pb);
  char *numbers = vl_numbers_check(lang, source, translation);
  if (numbers) report(fn, data, VL_ERROR, "number", numbers);

  check_rules(lang, translation, fn, data);
  if (rule_on("script", lang, TRUE)) check_script(lang, source, translation, fn, data);
  if (rule_on("digits", lang, TRUE) && !has_ascii_digit(source) && has_ascii_digit(translation))
    report(fn, data, VL_WARNING, "orthography", g_strdup("digits (0-9) where the English has no number"));
  if (!rule_on("spaces", lang, TRUE)) return;
  if (*translation && (g_ascii_isspace(translation[0]) || g_ascii_isspace(translation[strlen(translation) - 1])))
    report(fn, data, VL_WARNING, "orthography",
           g_strdup("a space at the start or the end (leading or trailing space)"));
  if (strstr(translation, "  ") && !strstr(source, "  "))
    report(fn, data, VL_WARNING, "orthography", g_strdup("two spaces in a row (doubled space)"));
}

/* One finding, as vl_lint_entry passes it on. KIND is one of the string
 * constants above, never a copy: callers may keep it (show.c does). */
typedef struct {
  VlSeverity sev;
  const char *kind;
  char *message;
} Finding;

static void finding_clear(gpointer p) { g_free(((Finding *)p)->message); }

static void keep_finding(VlSeverity sev, const char *kind, const char *message, void *data) {
  Finding f = {sev, kind, g_strdup(message)};
  g_array_append_val(data, f);
}

/* The findings of each entry linted so far. A page asks for every entry it
 * prints, in every layout (a check asked 1,050 times for 225 entries, 90
 * million instructions: ICU's scripts and numbering systems, Pango's markup
 * parser), and run.c's catalog check asks again. What lint_all says rests
 * on its three arguments and on the language's X-Volante-Rules (rule_on),
 * which a kiosk's reload may change, so all four are the key: "LANG\0RULES\0
 * SOURCE\0TRANSLATION" (no part can hold a NUL) -> GArray of Finding. ICU's
 * data and the tables above do not change while volante runs. Emptied when
 * full: a kiosk reloading content for weeks must not grow without end. */
static GHashTable *linted;
#define MAX_LINTED 4096

/* The findings for the arguments, with a reference the caller drops
 * (a callback that lints another entry may empty the table meanwhile). */
static GArray *findings_of(const char *lang, const char *source, const char *translation) {
  const char *rules = vl_lang_rules(lang);
  GByteArray *k = g_byte_array_new();
  const char *parts[] = {lang, rules ? rules : "", source, translation};
  for (size_t i = 0; i < G_N_ELEMENTS(parts); i++)
    g_byte_array_append(k, (const guint8 *)parts[i], (guint)strlen(parts[i]) + (i + 1 < G_N_ELEMENTS(parts)));
  GBytes *key = g_byte_array_free_to_bytes(k);
  if (!linted)
    linted = g_hash_table_new_full(g_bytes_hash, g_bytes_equal, (GDestroyNotify)g_bytes_unref,
                                   (GDestroyNotify)g_array_unref);
  GArray *found = g_hash_table_lookup(linted, key);
  if (found) {
    g_bytes_unref(key);
    return g_array_ref(found);
  }
  found = g_array_new(FALSE, FALSE, sizeof(Finding));
  g_array_set_clear_func(found, finding_clear);
  lint_all(lang, source, translation, keep_finding, found);
  if (g_hash_table_size(linted) >= MAX_LINTED) g_hash_table_remove_all(linted);
  g_hash_table_insert(linted, key, g_array_ref(found));
  return found;
}

void vl_lint_entry(const char *lang, const char *source, const char *translation, VlLintFn fn, void *data) {
  GArray *found = findings_of(lang, source, translation);
  for (guint i = 0; i < found->len; i++) {
    const Finding *f = &g_array_index(found, Finding, i);
    fn(f->sev, f->kind, f->message, data);
  }
  g_array_unref(found);
}

int vl_lint_errors(const char *lang, const char *source, const char *translation) {
  GArray *found = findings_of(lang, source, translation);
  int n = 0;
  for (guint i = 0; i < found->len; i++) n += g_array_index(found, Finding, i).sev == VL_ERROR;
  g_array_unref(found);
  return n;
}
