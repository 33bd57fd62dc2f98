/* content: the campaign's English source text (DIR/volante.ini) and the list
 * of its translations (DIR/po/LANG.po).
 *
 * Every field of every section is one item. Its key is the section name for the
 * field "text" and SECTION.FIELD otherwise; the key is the PO msgctxt.
 * The contact fields (phone, web, address) are kept as written and never translated.
 * A key FIELD-note is a note for translators about FIELD, and FIELD-translation
 * says how to treat a name (keep, transliterate, translate): neither is an item.
 */
#ifndef VOLANTE_CONTENT_H
#define VOLANTE_CONTENT_H

#include <glib.h>

#include "diag.h"

typedef struct {
  char *key;     /* "ally.kiwa.summary" */
  char *section; /* "ally.kiwa" */
  char *field;   /* "summary" */
  char *text;    /* English source, Pango markup; may be "" */
  int line;
  gboolean translatable;
  char *note; /* FIELD-note: a note for translators, or NULL */
  char *rule; /* FIELD-translation: "keep", "transliterate" or "translate" (names), or NULL */
} VlItem;

typedef struct VlContent VlContent;

/* Reads DIR/volante.ini and lists DIR/po/ *.po. Source markup is validated.
 * NULL with *err = "file:line: message" on bad input. Caller owns the result. */
VlContent *vl_content_load(const char *dir, GError **err);
/* The same with DIR/volante.ini's text given as LEN bytes of DATA (borrowed). */
VlContent *vl_content_parse(const char *dir, const char *data, gsize len, GError **err);
void vl_content_free(VlContent *c);

const char *vl_content_dir(const VlContent *c);
const char *vl_content_path(const VlContent *c);
const char *vl_content_source_lang(const VlContent *c);
/* A value of the [volante] section ("title", "subject"), or "" (owned by c). */
const char *vl_content_meta(const VlContent *c, const char *name);

/* Item by key, or NULL. Owned by c. */
const VlItem *vl_content_item(const VlContent *c, const char *key);
/* Every item, in file order (owned by c). */
GPtrArray *vl_content_items(const VlContent *c);
/* Sections named PREFIX.something, in file order ("ally" -> ally.kiwa, ...).
 * Free with g_strfreev. */
char **vl_content_group(const VlContent *c, const char *prefix);
gboolean vl_content_has_section(const VlContent *c, const char *section);

/* Languages (BCP 47 tags): the source language first, then each po/LANG.po's, sorted. Owned by c. */
char **vl_content_langs(const VlContent *c);
/* The PO file of language LANG (a tag): DIR/po/LANG.po, or the POSIX-named
 * file that is LANG (pt_BR.po for pt-BR); newly allocated, whether or not it exists. */
char *vl_content_po_path(const VlContent *c, const char *lang);
/* Reports (kind "language", an error at PATH:1) each PO file that was left
 * out: its name is no language, or another file is the same language. TAGS:
 * only the files that name one of these languages; NULL: every one. */
void vl_content_report_po(const VlContent *c, VlDiag *diag, const char *const *tags);

#endif
