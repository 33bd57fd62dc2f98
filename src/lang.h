/* lang: what volante needs to know about a language, from its BCP 47 tag.
 *
 * Everything comes from ICU (autonym, script, direction) and fontconfig (which
 * orthography to ask fonts for), so a new PO file needs no code change. What
 * ICU cannot know, a translator says in the PO file's header (see
 * vl_lang_set_header): the language's own name and the words never to break.
 */
#ifndef VOLANTE_LANG_H
#define VOLANTE_LANG_H

#include <glib.h>

typedef struct VlLang VlLang;

/* Describes TAG ("es", "zh-Hant", "km"). Returns NULL and sets *err when ICU
 * cannot parse the tag. Caller owns the result. */
VlLang *vl_lang_new(const char *tag, GError **err);

/* The BCP 47 tag volante names a language by (PO file, --lang, output files)
 * for NAME, a tag ("pt-BR", "zh-Hant") or a POSIX locale name as gettext's
 * tools write it (msginit -l pt_BR writes pt_BR.po): "pt_BR" -> "pt-BR",
 * "sr@latin" -> "sr-Latn", "zh_TW" -> "zh-Hant" (a table: Chinese is named by
 * its script). A tag is returned as written. NULL and *err ("'x' is not a
 * language code ...") when NAME is neither. Caller owns the result. */
char *vl_lang_canonical(const char *name, GError **err);
void vl_lang_free(VlLang *l);

const char *vl_lang_tag(const VlLang *l);
/* The language's name in itself: "Español", "한국어", "ភាសាខ្មែរ". The PO
 * header's X-Language-Name wins over ICU's (or, for the few languages ICU has
 * no data for, volante's own table); with neither, the tag. Borrowed:
 * valid for the whole run. */
const char *vl_lang_autonym(const VlLang *l);
/* FALSE when neither ICU (nor volante's table) nor the PO header has the language's name in the
 * language itself (the autonym is then the tag): `check` warns. */
gboolean vl_lang_named(const VlLang *l);
gboolean vl_lang_rtl(const VlLang *l);
/* The language as Pango and fontconfig understand it: "zh-tw" for zh-Hant,
 * because fontconfig knows regions, not script subtags. */
const char *vl_lang_pango(const VlLang *l);
/* The ISO 15924 code of the script the language is usually written in
 * ("Latn", "Arab", "Jpan", "Hant"), from ICU's likely subtags. */
const char *vl_lang_script(const VlLang *l);
/* The words of the language that a line must never split (the PO header's
 * X-Volante-Keep), NULL-terminated, never NULL. Borrowed: valid for the whole run. */
const char *const *vl_lang_keep(const VlLang *l);

/* What the PO header of language TAG says: NAME (X-Language-Name), KEEP
 * (X-Volante-Keep: words separated by commas) and RULES (X-Volante-Rules),
 * each NULL or "" when the header
 * has none. The catalog loader calls it for every PO file it reads, so every
 * VlLang of TAG, made before or after, sees the newest header; the kiosk's
 * reloads included. Not thread-safe (catalogs are loaded before workers start). */
void vl_lang_set_header(const char *tag, const char *name, const char *keep, const char *rules);
/* What the PO header of TAG says in X-Volante-Rules (check rules turned off
 * with "-NAME" or on with "+NAME", see lint.c), or NULL. Interned. */
const char *vl_lang_rules(const char *tag);

/* The English name of the script C is written in ("Cyrillic", "Ol Chiki"),
 * as ICU has it. Caller frees. */
char *vl_script_name(gunichar c);

#endif
