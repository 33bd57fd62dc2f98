/* pot: the translation template translators start from (po/volante.pot).
 *
 * One entry per translatable content key (the msgctxt), and for each the
 * notes a translator needs before the first proof, as gettext's extracted
 * comments (#.): where the text prints (layouts and frames), how much room
 * it has there (from room.c), the tags and {placeholders} to keep, how to
 * treat a name, the organizers' own note, and the picture `volante context`
 * makes of it. The header is xgettext's, so msginit fills in Language and
 * Plural-Forms and msgfmt -c is then clean; POT-Creation-Date comes from
 * SOURCE_DATE_EPOCH when set.
 */
#ifndef VOLANTE_POT_H
#define VOLANTE_POT_H

#include <glib.h>

#include "content.h"
#include "room.h"

/* Writes C's DIR/po/volante.pot atomically, with notes from ROOM (made
 * with measuring on). Returns the number of entries, or -1 with *err set. */
int vl_pot_write(const VlContent *c, const VlRoom *room, GError **err);

#endif
