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
 * PO_FILES (so that findings that went away are removed). A PO file that is
 * a symbolic link is written through to its target; mode, owner and hard
 * links stay (vl_write_over). Returns the number of files changed, or -1 when
 * some file could not be written: each such file is an "output" error in
 * DIAG, the others are annotated all the same. */
int vl_annotate(VlDiag *diag, char **po_files);

#endif
