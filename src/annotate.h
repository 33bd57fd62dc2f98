/* annotate: writes check's findings into PO files as translator comments
 * ("# volante: overflow in flyer: ..."), so Poedit and Weblate show them
 * beside the entry. Only volante's own comment lines change: a second run
 * replaces them, and msgid, msgstr and the translator's comments stay as
 * they were, byte for byte. */
#ifndef VOLANTE_ANNOTATE_H
#define VOLANTE_ANNOTATE_H

#include <glib.h>

#include "diag.h"

/* Annotates every PO file that DIAG's problems point at, plus each file in
 * PO_FILES (so that findings that went away are removed). Returns the number
 * of files changed, or -1 with *err set. */
int vl_annotate(VlDiag *diag, char **po_files, GError **err);

#endif
