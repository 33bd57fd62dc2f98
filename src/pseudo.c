#include "pseudo.h"

#include <string.h>

/* One row per ASCII letter: what it becomes, a look-alike with a diacritic,
 * so text stays readable while any string the code forgot to translate
 * stands out in plain ASCII. */
static const char *const lower[26] = {"å", "ƀ", "ç", "ð", "é", "ƒ", "ĝ", "ĥ", "î", "ĵ", "ķ", "ļ", "ɱ",
                                      "ñ", "ö", "þ", "ǫ", "ŕ", "š", "ţ", "û", "ṽ", "ŵ", "ẋ", "ý", "ž"};
static const char *const upper[26] = {"Å", "Ɓ", "Ç", "Ð", "É", "Ƒ", "Ĝ", "Ĥ", "Î", "Ĵ", "Ķ", "Ļ", "Ṁ",
                                      "Ñ", "Ö", "Þ", "Ǫ", "Ŕ", "Š", "Ţ", "Û", "Ṽ", "Ŵ", "Ẋ", "Ý", "Ž"};
/* Words that pad the text to the length of a long translation. */
static const char *const padding = "ļöŕéɱ îþšûɱ ðöļöŕ šîţ åɱéţ çöñšéçţéţûŕ åðîþîšçîñĝ éļîţ šéð ðö éîûšɱöð ţéɱþöŕ";

gboolean vl_pseudo_is(const char *tag) { return !strcmp(tag, "qps-ploc") || !strcmp(tag, "qps-plocm"); }

char *vl_pseudo_text(const char *markup, gboolean mirrored) {
  GString *out = g_string_new("[");
  /* U+202E RIGHT-TO-LEFT OVERRIDE shows the letters mirrored, as a
   * right-to-left script would run. */
  if (mirrored) g_string_append(out, "\u202e");
  glong visible = 0;
  for (const char *p = markup; *p;) {
    if (*p == '<' || *p == '&') {
      /* Tags and entities pass through untouched. */
      const char *end = strchr(p, *p == '<' ? '>' : ';');
      if (!end) end = p + strlen(p) - 1;
      g_string_append_len(out, p, end - p + 1);
      p = end + 1;
      if (p[-1] == ';') visible++;
      continue;
    }
    if (*p >= 'a' && *p <= 'z')
      g_string_append(out, lower[*p - 'a']);
    else if (*p >= 'A' && *p <= 'Z')
      g_string_append(out, upper[*p - 'A']);
    else
      g_string_append_c(out, *p);
    p++;
    visible++;
  }
  /* About 40% longer: many languages need that much more room than English. */
  glong want = (visible * 2 + 4) / 5, have = 0;
  if (want > 0) g_string_append_c(out, ' ');
  const char *pad = padding;
  while (have < want) {
    if (!*pad) pad = padding, g_string_append_c(out, ' ');
    const char *next = g_utf8_next_char(pad);
    g_string_append_len(out, pad, next - pad);
    pad = next;
    have++;
  }
  if (mirrored) g_string_append(out, "\u202c");
  g_string_append_c(out, ']');
  return g_string_free(out, FALSE);
}

VlCatalog *vl_pseudo_catalog(const VlContent *c, const char *tag) {
  char *name = g_strdup_printf("(pseudo-locale %s)", tag);
  VlCatalog *cat = vl_catalog_new(name);
  g_free(name);
  gboolean mirrored = !strcmp(tag, "qps-plocm");
  GPtrArray *items = vl_content_items(c);
  for (guint i = 0; i < items->len; i++) {
    const VlItem *it = g_ptr_array_index(items, i);
    if (!it->translatable || !*it->text) continue;
    char *t = vl_pseudo_text(it->text, mirrored);
    vl_catalog_add(cat, it->key, it->text, t, FALSE, 0);
    g_free(t);
  }
  return cat;
}
