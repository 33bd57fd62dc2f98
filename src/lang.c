#include "lang.h"

#include <fontconfig/fontconfig.h>
#include <string.h>
#include <unicode/udata.h>
#include <unicode/uldnames.h>
#include <unicode/uloc.h>
#include <unicode/ures.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>

#include "pseudo.h"

struct VlLang {
  char *tag, *pango;
  char *own; /* ICU's name of the language in itself; NULL when ICU has none */
  char script[8];
  gboolean rtl;
};

/* What PO headers said, by tag (see vl_lang_set_header). Strings are interned:
 * a kiosk reloading its content for weeks keeps one copy of each name ever
 * seen, and what vl_lang_autonym() returned stays valid. */
typedef struct {
  const char *name;        /* interned, or NULL */
  const char *const *keep; /* owned by keep_lists */
  const char *rules;       /* X-Volante-Rules, interned, or NULL */
} Header;
static GHashTable *headers;    /* interned tag -> Header* */
static GHashTable *keep_lists; /* interned X-Volante-Keep value -> char** */
static const char *const no_words[] = {NULL};

static const char *const *parse_keep(const char *raw) {
  if (!raw || !*raw) return no_words;
  const char *key = g_intern_string(raw);
  if (!keep_lists) keep_lists = g_hash_table_new(g_direct_hash, g_direct_equal);
  char **words = g_hash_table_lookup(keep_lists, key);
  if (words) return (const char *const *)words;
  char **parts = g_strsplit(raw, ",", -1);
  GPtrArray *kept = g_ptr_array_new();
  for (int i = 0; parts[i]; i++) {
    char *w = g_strstrip(parts[i]);
    if (*w) g_ptr_array_add(kept, g_strdup(w));
  }
  g_strfreev(parts);
  g_ptr_array_add(kept, NULL);
  words = (char **)g_ptr_array_free(kept, FALSE);
  g_hash_table_insert(keep_lists, (gpointer)key, words);
  return (const char *const *)words;
}

void vl_lang_set_header(const char *tag, const char *name, const char *keep, const char *rules) {
  if (!headers) headers = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
  Header *h = g_new0(Header, 1);
  char *trimmed = name ? g_strstrip(g_strdup(name)) : NULL;
  h->name = trimmed && *trimmed ? g_intern_string(trimmed) : NULL;
  g_free(trimmed);
  h->keep = parse_keep(keep);
  h->rules = rules && *rules ? g_intern_string(rules) : NULL;
  g_hash_table_replace(headers, (gpointer)g_intern_string(tag), h);
}

const char *vl_lang_rules(const char *tag) {
  const Header *h = headers ? g_hash_table_lookup(headers, g_intern_string(tag)) : NULL;
  return h ? h->rules : NULL;
}

static const Header *header_of(const VlLang *l) {
  return headers ? g_hash_table_lookup(headers, g_intern_string(l->tag)) : NULL;
}

/* Scripts that have capital letters but do not use them in ordinary
 * writing: Georgian Mkhedruli has Mtavruli capitals (Unicode 11), yet a
 * Georgian writes ქართული, never Ქართული. A label in these is left as ICU
 * gives it. */
static const UScriptCode uncapitalized[] = {USCRIPT_GEORGIAN};

static gboolean capitalizes(gunichar c) {
  UErrorCode st = U_ZERO_ERROR;
  UScriptCode s = uscript_getScript((UChar32)c, &st);
  for (size_t i = 0; i < G_N_ELEMENTS(uncapitalized); i++)
    if (s == uncapitalized[i]) return FALSE;
  return TRUE;
}

/* TRUE when ICU has locale data of language ID's own: otherwise its "name
 * in itself" is a neighbour's (Haitian Creole falls back to French,
 * "créole haïtien") or the machine's default locale's (Zapotec in English),
 * which is no autonym at all. */
static gboolean icu_knows(const char *id) {
  UErrorCode st = U_ZERO_ERROR;
  UResourceBundle *rb = ures_open(U_ICUDATA_NAME U_TREE_SEPARATOR_STRING "lang", id, &st);
  gboolean known = FALSE;
  if (U_SUCCESS(st) && st != U_USING_DEFAULT_WARNING) {
    UErrorCode st2 = U_ZERO_ERROR;
    const char *actual = ures_getLocaleByType(rb, ULOC_ACTUAL_LOCALE, &st2);
    char want[ULOC_LANG_CAPACITY] = "", got[ULOC_LANG_CAPACITY] = "";
    st2 = U_ZERO_ERROR;
    uloc_getLanguage(id, want, sizeof want, &st2);
    st2 = U_ZERO_ERROR;
    if (actual) uloc_getLanguage(actual, got, sizeof got, &st2);
    /* A region or script variant falls back to its language (es_MX -> es):
     * still the language's own data. */
    known = st == U_ZERO_ERROR || (actual && !strcmp(want, got));
  }
  ures_close(rb);
  return known;
}

/* fontconfig keys orthographies by language, and for Chinese by region
 * (zh-cn, zh-tw, zh-hk...). Prefer the language-region form when fontconfig
 * knows it, otherwise the bare language. */
static char *fontconfig_lang(const char *language, const char *region) {
  if (*region) {
    char *lr = g_ascii_strdown(language, -1);
    char *full = g_strdup_printf("%s-%s", lr, region);
    char *low = g_ascii_strdown(full, -1);
    g_free(full);
    g_free(lr);
    /* The set is built once per process: FcGetLangs makes it afresh each
     * time (250 names added one by one, 5 million instructions). Kept to
     * the end, as fontconfig's own tables are. */
    static FcStrSet *known;
    if (g_once_init_enter(&known)) g_once_init_leave(&known, FcGetLangs());
    if (FcStrSetMember(known, (const FcChar8 *)low)) return low;
    g_free(low);
  }
  return g_ascii_strdown(language, -1);
}

/* Languages ICU has no data of its own for, named as their speakers write
 * them. Only names that are the same for every variety the code covers: ht
 * is one language, Q'anjob'al and K'iche' are written so in the Guatemalan
 * Academy of Mayan Languages' alphabet. Mixtec (mix), Zapotec (zap) and
 * Nahuatl (nah) are left out on purpose: each code covers many varieties that
 * name themselves differently (Tu'un Savi, Sa'an Savi; Diidxazá, Dizhsa;
 * Nāhuatl, Mexicano), so their translators say it in X-Language-Name. */
static const struct {
  const char *language, *name;
} autonyms[] = {
    {"ht", "Kreyòl ayisyen"},
    {"kjb", "Q'anjob'al"},
    {"quc", "K'iche'"},
};

static const char *shipped_autonym(const char *language) {
  for (size_t i = 0; i < G_N_ELEMENTS(autonyms); i++)
    if (!strcmp(language, autonyms[i].language)) return autonyms[i].name;
  return NULL;
}

/* Pseudo-locales (see pseudo.h) are not languages ICU knows. */
static const struct {
  const char *tag, *name;
  gboolean rtl;
} pseudo_langs[] = {{"qps-ploc", "Pseudo-locale", FALSE}, {"qps-plocm", "Pseudo-locale, mirrored", TRUE}};

/* POSIX locale names that volante names otherwise: Chinese by its script,
 * as the shipped zh-Hans.po and zh-Hant.po are (msginit -l zh_TW). */
static const struct {
  const char *posix, *tag;
} posix_names[] = {{"zh_CN", "zh-Hans"},
                   {"zh_SG", "zh-Hans-SG"},
                   {"zh_TW", "zh-Hant"},
                   {"zh_HK", "zh-Hant-HK"},
                   {"zh_MO", "zh-Hant-MO"}};

/* glibc's @modifiers and what each is in a BCP 47 tag: a script subtag, a
 * variant subtag, or nothing ("euro" names a currency, not a language). */
static const struct {
  const char *modifier, *script, *variant;
} posix_modifiers[] = {{"latin", "Latn", NULL},
                       {"cyrillic", "Cyrl", NULL},
                       {"devanagari", "Deva", NULL},
                       {"valencia", NULL, "valencia"},
                       {"euro", NULL, NULL}};

static gboolean all_of(const char *s, gsize n, gboolean (*is)(gchar)) {
  for (gsize i = 0; i < n; i++)
    if (!is(s[i])) return FALSE;
  return TRUE;
}

static gboolean is_alpha(gchar c) { return g_ascii_isalpha(c); }
static gboolean is_digit(gchar c) { return g_ascii_isdigit(c); }

/* TRUE when ICU reads all of TAG as a BCP 47 language tag whose language
 * has a code of 2 or 3 letters: the longer forms BCP 47 reserves were never
 * given to a language, and "english" or "notes" is a mistake, not a tag. */
static gboolean is_tag(const char *tag) {
  gsize n = strcspn(tag, "-");
  if (n < 2 || n > 3) return FALSE;
  UErrorCode st = U_ZERO_ERROR;
  char id[ULOC_FULLNAME_CAPACITY] = "";
  int32_t parsed = 0;
  uloc_forLanguageTag(tag, id, sizeof id, &parsed, &st);
  return U_SUCCESS(st) && parsed == (int32_t)strlen(tag) && *id;
}

/* language[_TERRITORY][.codeset][@modifier] -> language[-Script][-REGION][-variant], or NULL. */
static char *posix_to_tag(const char *name) {
  gsize n = strcspn(name, "_.@");
  const char *terr = name[n] == '_' ? name + n + 1 : NULL;
  gsize tn = terr ? strcspn(terr, ".@") : 0;
  const char *at = strchr(name, '@');
  if ((n != 2 && n != 3) || !all_of(name, n, is_alpha)) return NULL;
  if (terr && !((tn == 2 && all_of(terr, 2, is_alpha)) || (tn == 3 && all_of(terr, 3, is_digit)))) return NULL;
  if (at && strchr(at + 1, '@')) return NULL;
  char *lang = g_ascii_strdown(name, (gssize)n), *region = terr ? g_ascii_strup(terr, (gssize)tn) : g_strdup("");
  char *lr = g_strdup_printf("%s_%s", lang, region);
  const char *script = "", *variant = "";
  char *tag = NULL;
  for (size_t i = 0; *region && i < G_N_ELEMENTS(posix_names); i++)
    if (!strcmp(lr, posix_names[i].posix)) tag = g_strdup(posix_names[i].tag);
  gboolean known = !at;
  for (size_t i = 0; at && i < G_N_ELEMENTS(posix_modifiers); i++)
    if (!strcmp(at + 1, posix_modifiers[i].modifier)) {
      known = TRUE;
      script = posix_modifiers[i].script ? posix_modifiers[i].script : "";
      variant = posix_modifiers[i].variant ? posix_modifiers[i].variant : "";
    }
  if (known && !tag)
    tag = g_strdup_printf("%s%s%s%s%s%s%s", lang, *script ? "-" : "", script, *region ? "-" : "", region,
                          *variant ? "-" : "", variant);
  if (!known) g_clear_pointer(&tag, g_free);
  g_free(lr);
  g_free(region);
  g_free(lang);
  if (tag && !is_tag(tag)) g_clear_pointer(&tag, g_free);
  return tag;
}

char *vl_lang_canonical(const char *name, GError **err) {
  char *tag = NULL;
  if (name[strcspn(name, "_.@")])
    tag = posix_to_tag(name);
  else if (vl_pseudo_is(name) || is_tag(name))
    tag = g_strdup(name);
  if (!tag)
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                "'%s' is not a language code (codes look like es, zh-Hant or pt-BR; pt_BR and sr@latin are read "
                "as pt-BR and sr-Latn)",
                name);
  return tag;
}

VlLang *vl_lang_new(const char *tag, GError **err) {
  for (size_t i = 0; i < G_N_ELEMENTS(pseudo_langs); i++)
    if (!strcmp(tag, pseudo_langs[i].tag)) {
      VlLang *l = g_new0(VlLang, 1);
      l->tag = g_strdup(tag);
      l->own = g_strdup(pseudo_langs[i].name);
      l->pango = g_strdup("en");
      g_strlcpy(l->script, "Latn", sizeof l->script);
      l->rtl = pseudo_langs[i].rtl;
      return l;
    }
  UErrorCode st = U_ZERO_ERROR;
  char id[ULOC_FULLNAME_CAPACITY] = "", full[ULOC_FULLNAME_CAPACITY] = "";
  int32_t parsed = 0;
  uloc_forLanguageTag(tag, id, sizeof id, &parsed, &st);
  if (U_FAILURE(st) || parsed != (int32_t)strlen(tag) || !*id) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                "'%s' is not a language code (codes look like es, zh-Hant or pt-BR)", tag);
    return NULL;
  }
  st = U_ZERO_ERROR;
  uloc_addLikelySubtags(id, full, sizeof full, &st);
  if (U_FAILURE(st)) g_strlcpy(full, id, sizeof full);

  VlLang *l = g_new0(VlLang, 1);
  l->tag = g_strdup(tag);
  char language[ULOC_LANG_CAPACITY] = "", region[ULOC_COUNTRY_CAPACITY] = "";
  st = U_ZERO_ERROR;
  uloc_getLanguage(full, language, sizeof language, &st);
  st = U_ZERO_ERROR;
  uloc_getCountry(full, region, sizeof region, &st);
  l->pango = fontconfig_lang(*language ? language : tag, region);
  l->rtl = uloc_isRightToLeft(full) ? TRUE : FALSE;
  st = U_ZERO_ERROR;
  uloc_getScript(full, l->script, sizeof l->script, &st);
  if (U_FAILURE(st) || !*l->script) g_strlcpy(l->script, "Zyyy", sizeof l->script);
  if (!icu_knows(id)) {
    const char *name = shipped_autonym(language);
    l->own = name ? g_strdup(name) : NULL;
    return l;
  }

  /* The autonym, capitalized as a stand-alone label (a button, a list). */
  UDisplayContext ctx[] = {UDISPCTX_CAPITALIZATION_FOR_STANDALONE, UDISPCTX_DIALECT_NAMES, UDISPCTX_NO_SUBSTITUTE};
  st = U_ZERO_ERROR;
  ULocaleDisplayNames *ldn = uldn_openForContext(id, ctx, G_N_ELEMENTS(ctx), &st);
  UChar buf[256];
  int32_t n = 0;
  if (U_SUCCESS(st)) n = uldn_localeDisplayName(ldn, id, buf, 256, &st);
  if (ldn) uldn_close(ldn);
  if (U_SUCCESS(st) && n > 0) {
    char utf8[1024];
    int32_t m = 0;
    u_strToUTF8(utf8, sizeof utf8, &m, buf, n, &st);
    l->own = U_SUCCESS(st) ? g_strndup(utf8, (gsize)m) : NULL;
  }
  /* ICU's stand-alone capitalization data does not cover every language
   * (Armenian comes back lower-case): a label starts with a capital in
   * every script that uses them. */
  gunichar first = l->own ? g_utf8_get_char(l->own) : 0;
  if (first && g_unichar_islower(first) && capitalizes(first)) {
    char up[8] = {0};
    g_unichar_to_utf8(g_unichar_totitle(first), up);
    char *cap = g_strconcat(up, g_utf8_next_char(l->own), NULL);
    g_free(l->own);
    l->own = cap;
  }
  return l;
}

void vl_lang_free(VlLang *l) {
  if (!l) return;
  g_free(l->tag);
  g_free(l->own);
  g_free(l->pango);
  g_free(l);
}

const char *vl_lang_tag(const VlLang *l) { return l->tag; }
const char *vl_lang_autonym(const VlLang *l) {
  const Header *h = header_of(l);
  return h && h->name ? h->name : l->own ? l->own : l->tag;
}

gboolean vl_lang_named(const VlLang *l) {
  const Header *h = header_of(l);
  return (h && h->name) || l->own;
}

const char *const *vl_lang_keep(const VlLang *l) {
  const Header *h = header_of(l);
  return h ? h->keep : no_words;
}

const char *vl_lang_script(const VlLang *l) { return l->script; }
gboolean vl_lang_rtl(const VlLang *l) { return l->rtl; }
const char *vl_lang_pango(const VlLang *l) { return l->pango; }

char *vl_script_name(gunichar c) {
  UErrorCode st = U_ZERO_ERROR;
  UScriptCode sc = uscript_getScript((UChar32)c, &st);
  char *name = g_strdup(U_SUCCESS(st) ? uscript_getName(sc) : "Unknown");
  g_strdelimit(name, "_", ' ');
  return name;
}
