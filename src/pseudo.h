/* pseudo: pseudo-locales, translations made from the English source so
 * that layouts can be tried on longer text before any translation exists.
 *
 * qps-ploc: accented Latin letters, about 40% longer, in brackets.
 * qps-plocm: the same, mirrored: laid out right to left.
 */
#ifndef VOLANTE_PSEUDO_H
#define VOLANTE_PSEUDO_H

#include <glib.h>

#include "catalog.h"
#include "content.h"

/* TRUE when TAG names a pseudo-locale. */
gboolean vl_pseudo_is(const char *tag);
/* The pseudo translation of C for TAG; caller owns it. */
VlCatalog *vl_pseudo_catalog(const VlContent *c, const char *tag);
/* The pseudo form of one English markup string; caller frees it. */
char *vl_pseudo_text(const char *markup, gboolean mirrored);

#endif
