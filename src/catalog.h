/* catalog: one translation, read from a gettext PO file with libgettextpo.
 *
 * Entries are keyed by msgctxt, which volante sets to the content key
 * ("ally.kiwa.summary"); msgid holds the English source the translation was made from.
 */
#ifndef VOLANTE_CATALOG_H
#define VOLANTE_CATALOG_H

#include <glib.h>

typedef struct {
  char *msgid;
  char *prev_msgid; /* msgmerge --previous: the English the translation was made from (#| msgid), or NULL */
  char *msgstr;     /* "" when untranslated */
  gboolean fuzzy;   /* a draft: shown, but reported */
  gboolean plural;  /* it has msgid_plural and msgstr[N]: volante's texts have one form (msgstr is then "") */
  int line;         /* line of the entry's msgctxt in the PO file */
} VlEntry;

typedef struct VlCatalog VlCatalog;

/* Reads PATH. What its header says of the language (X-Language-Name,
 * X-Volante-Keep) goes to vl_lang_set_header() for the tag its file name
 * gives (po/TAG.po). On a syntax error or invalid UTF-8 returns NULL with *err set to
 * "PATH:LINE: message". Not thread-safe (libgettextpo is not): load catalogs
 * before starting workers. The caller owns the result. */
VlCatalog *vl_catalog_load(const char *path, GError **err);
/* Catalogs are counted references: a kiosk whose new es.po is broken keeps
 * showing the last good one inside its newly loaded show. vl_catalog_free
 * drops one reference; the catalog goes with the last. */
VlCatalog *vl_catalog_ref(VlCatalog *c);
void vl_catalog_free(VlCatalog *c);
/* An empty catalog standing for PATH (made up, e.g. for pseudo-locales);
 * fill it with vl_catalog_add. */
VlCatalog *vl_catalog_new(const char *path);
/* Adds an entry (strings copied); an existing KEY is kept. */
void vl_catalog_add(VlCatalog *c, const char *key, const char *msgid, const char *msgstr, gboolean fuzzy, int line);

const char *vl_catalog_path(const VlCatalog *c);
/* Line of the PO header (the entry with the empty msgid), 0 when none. */
int vl_catalog_header_line(const VlCatalog *c);
/* The entry with msgctxt KEY, or NULL; owned by the catalog. */
const VlEntry *vl_catalog_lookup(const VlCatalog *c, const char *key);
/* The msgctxt of every entry, sorted; free with g_strfreev. */
char **vl_catalog_keys(const VlCatalog *c);

/* NULL when E was translated from SOURCE (the English as it is now);
 * otherwise why it is stale, in plain words (static). An entry is stale when
 * its msgid differs from SOURCE (the PO file was not updated), and also when
 * msgmerge --update --previous marked it fuzzy with the old English as its
 * previous msgid: the translation still says what the old English said. */
const char *vl_entry_stale(const VlEntry *e, const char *source);
/* A field of the PO header ("Language", "X-Translated-From"), or NULL; owned by the catalog. */
const char *vl_catalog_header(const VlCatalog *c, const char *field);
/* The last line of the file: where a missing entry is pointed at, since
 * msgmerge adds new entries at the end. 0 for a catalog not read from a file. */
int vl_catalog_end_line(const VlCatalog *c);

#endif
