/* proof: the translators' proof sheets, one PDF.
 *
 * For each language and layout a sheet shows the page as it prints, with its
 * frames outlined and each problem drawn where it occurs, beside the same
 * page in the source language, and a table of the problems with PO
 * file:line. Contact sheets follow: every language of one layout on one page.
 */
#ifndef VOLANTE_PROOF_H
#define VOLANTE_PROOF_H

#include <glib.h>

#include "diag.h"
#include "run.h"

/* Composes what RUN selects (its out_dir is ignored) and writes the proof to
 * OUT. Problems go to DIAG. Returns the number of sheets, or -1 with *err set
 * when the request is wrong or OUT cannot be written, or when a PO file
 * cannot be read and OUT already holds a proof (kept: the last good one). */
int vl_proof_write(const VlRunOptions *run, const char *out, VlDiag *diag, GError **err);

#endif
