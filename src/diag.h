/* diag: the problems volante finds, collected for people and for tools.
 *
 * A problem names what is wrong (kind), how bad (severity), and where: language,
 * layout, content key, and the file:line a person should open to fix it.
 * `render` and `check` fill the same list, so they always agree.
 * Adding to a VlDiag is guarded by a lock.
 */
#ifndef VOLANTE_DIAG_H
#define VOLANTE_DIAG_H

#include <glib.h>
#include <stdio.h>

typedef enum { VL_WARNING, VL_ERROR } VlSeverity;

typedef struct {
  VlSeverity severity;
  char *kind;     /* "overflow", "missing-glyph", "draft", ... */
  char *lang;     /* "" when not about one language */
  char *layout;   /* "" when not about a layout; after vl_diag_merge, the layouts joined: "flyer, poster" */
  char **layouts; /* the same as a sorted list (empty when not about a layout) */
  char *key;      /* content key or "" */
  char *file;     /* file to open, or "" */
  int line;       /* 0 when unknown */
  char *message;
} VlProblem;

typedef struct VlDiag VlDiag;

VlDiag *vl_diag_new(void);
void vl_diag_free(VlDiag *d);

/* Adds a problem; all strings are copied (NULL means ""). */
void vl_diag_add(VlDiag *d, VlSeverity sev, const char *kind, const char *lang, const char *layout, const char *key,
                 const char *file, int line, const char *fmt, ...) G_GNUC_PRINTF(9, 10);

/* Adds a load error whose message is "PATH:LINE: message" (as the readers
 * word them; one or more such lines) as problems of KIND, with the file and
 * line split out. */
void vl_diag_add_error(VlDiag *diag, const char *kind, const char *lang, const char *layout, const char *path,
                       const GError *e);

guint vl_diag_count(VlDiag *d, VlSeverity sev);
/* Sorts problems by file, line, lang, layout, key so output is stable
 * whatever order the workers finished in; drops exact duplicates. */
void vl_diag_sort(VlDiag *d);
/* Makes each problem of a PO entry (or of a content key) one problem,
 * whatever number of layouts found it: the layouts are listed, the most
 * severe severity is kept, and messages that differ between layouts are
 * joined, each followed by the layouts that gave it. Sorts first. */
void vl_diag_merge(VlDiag *d);
/* Problem I (owned by d), valid until the next add/merge/sort. */
const VlProblem *vl_diag_get(VlDiag *d, guint i);
guint vl_diag_len(VlDiag *d);

/* "file:line: severity: [lang] key, in LAYOUTS: message (kind)", grouped by file. */
void vl_diag_print_human(VlDiag *d, FILE *out);
/* The version of check --json's output: 2 added "schema", "layouts", "help"
 * and a null line when it is unknown; 1 was the same object without them. */
#define VL_JSON_SCHEMA 2
/* {"schema": 2, "errors": N, "warnings": N, "problems": [...]} on one line. */
void vl_diag_print_json(VlDiag *d, FILE *out);
/* The same object for a request that could not run (exit status 2):
 * MESSAGE as "request_error" and as the one problem, of kind "request". */
void vl_diag_print_json_request_error(const char *message, FILE *out);

/* Appends S to OUT as a JSON string literal. */
void vl_json_string(GString *out, const char *s);

#endif
