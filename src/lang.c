#include "lang.h"

#include <fontconfig/fontconfig.h>
#include <string.h>
#include <unicode/uldnames.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>

struct VlLang {
  char *tag, *autonym, *pango;
  gboolean rtl;
};

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
    FcStrSet *known = FcGetLangs();
    gboolean found = FcStrSetMember(known, (const FcChar8 *)low);
    FcStrSetDestroy(known);
    if (found) return low;
    g_free(low);
  }
  return g_ascii_strdown(language, -1);
}

/* Pseudo-locales (see pseudo.h) are not languages ICU knows. */
static const struct {
  const char *tag, *name;
  gboolean rtl;
} pseudo_langs[] = {{"qps-ploc", "Pseudo-locale", FALSE}, {"qps-plocm", "Pseudo-locale, mirrored", TRUE}};

VlLang *vl_lang_new(const char *tag, GError **err) {
  for (size_t i = 0; i < G_N_ELEMENTS(pseudo_langs); i++)
    if (!strcmp(tag, pseudo_langs[i].tag)) {
      VlLang *l = g_new0(VlLang, 1);
      l->tag = g_strdup(tag);
      l->autonym = g_strdup(pseudo_langs[i].name);
      l->pango = g_strdup("en");
      l->rtl = pseudo_langs[i].rtl;
      return l;
    }
  UErrorCode st = U_ZERO_ERROR;
  char id[ULOC_FULLNAME_CAPACITY] = "", full[ULOC_FULLNAME_CAPACITY] = "";
  int32_t parsed = 0;
  uloc_forLanguageTag(tag, id, sizeof id, &parsed, &st);
  if (U_FAILURE(st) || parsed != (int32_t)strlen(tag) || !*id) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "'%s' is not a BCP 47 language tag", tag);
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

  /* The autonym, capitalized as a stand-alone label (a button, a list). */
  UDisplayContext ctx[] = {UDISPCTX_CAPITALIZATION_FOR_STANDALONE, UDISPCTX_DIALECT_NAMES};
  st = U_ZERO_ERROR;
  ULocaleDisplayNames *ldn = uldn_openForContext(id, ctx, 2, &st);
  UChar buf[256];
  int32_t n = 0;
  if (U_SUCCESS(st)) n = uldn_localeDisplayName(ldn, id, buf, 256, &st);
  if (ldn) uldn_close(ldn);
  if (U_SUCCESS(st) && n > 0) {
    char utf8[1024];
    int32_t m = 0;
    u_strToUTF8(utf8, sizeof utf8, &m, buf, n, &st);
    l->autonym = U_SUCCESS(st) ? g_strndup(utf8, (gsize)m) : g_strdup(tag);
    /* ICU's stand-alone capitalization data does not cover every language
     * (Armenian comes back lower-case): a label starts with a capital in
     * every script that has them. */
    gunichar first = g_utf8_get_char(l->autonym);
    if (g_unichar_islower(first)) {
      char up[8] = {0};
      g_unichar_to_utf8(g_unichar_totitle(first), up);
      char *rest = g_utf8_next_char(l->autonym);
      char *cap = g_strconcat(up, rest, NULL);
      g_free(l->autonym);
      l->autonym = cap;
    }
  } else {
    l->autonym = g_strdup(tag);
  }
  return l;
}

void vl_lang_free(VlLang *l) {
  if (!l) return;
  g_free(l->tag);
  g_free(l->autonym);
  g_free(l->pango);
  g_free(l);
}

const char *vl_lang_tag(const VlLang *l) { return l->tag; }
const char *vl_lang_autonym(const VlLang *l) { return l->autonym; }
gboolean vl_lang_rtl(const VlLang *l) { return l->rtl; }
const char *vl_lang_pango(const VlLang *l) { return l->pango; }
