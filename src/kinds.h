/* kinds: the table of check kinds, one row per kind of problem volante
 * reports: its name (the "kind" of check's output), its default severity,
 * and one line of help for the people who fix it.
 *
 * Adding a check is adding a row to the table in kinds.c; `volante check
 * --kinds` lists it and `check --json` carries each problem's help line.
 */
#ifndef VOLANTE_KINDS_H
#define VOLANTE_KINDS_H

#include <stddef.h>

#include "diag.h"

typedef struct {
  const char *name;    /* "overflow" */
  VlSeverity severity; /* what a problem of this kind is unless a check says otherwise */
  const char *help;    /* one line, plain words: what it means and what to do */
} VlKind;

/* The row of kind NAME, or NULL when no row has that name. Static data. */
const VlKind *vl_kind_find(const char *name);
/* The whole table, in the order shown to people; *n gets its length. */
const VlKind *vl_kind_table(size_t *n);

#endif
