/* lang: what volante needs to know about a language, from its BCP 47 tag.
 *
 * Everything comes from ICU (autonym, script, direction) and fontconfig (which
 * orthography to ask fonts for), so a new PO file needs no code change.
 */
#ifndef VOLANTE_LANG_H
#define VOLANTE_LANG_H

#include <glib.h>

typedef struct VlLang VlLang;

/* Describes TAG ("es", "zh-Hant", "km"). Returns NULL and sets *err when ICU
 * cannot parse the tag. Caller owns the result. */
VlLang *vl_lang_new(const char *tag, GError **err);
void vl_lang_free(VlLang *l);

const char *vl_lang_tag(const VlLang *l);
/* The language's name in itself: "Español", "한국어", "ភាសាខ្មែរ". */
const char *vl_lang_autonym(const VlLang *l);
gboolean vl_lang_rtl(const VlLang *l);
/* The language as Pango and fontconfig understand it: "zh-tw" for zh-Hant,
 * because fontconfig knows regions, not script subtags. */
const char *vl_lang_pango(const VlLang *l);

#endif
