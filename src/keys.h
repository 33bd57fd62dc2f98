/* keys: the layout format as data.
 *
 * Every key a layout file may hold is one row (VlKey): its group, name,
 * type, range, default and one line of help. The layout parser (template.c)
 * validates each group against its rows and reports every mistake of a file
 * in one run, file:line each; `volante layouts --keys` prints the key
 * reference of layouts/README.md from the same rows (a test keeps the two
 * alike). Adding a key is adding a row (and the field it fills).
 */
#ifndef VOLANTE_KEYS_H
#define VOLANTE_KEYS_H

#include <glib.h>
#include <stddef.h>

#include "ini.h"

typedef enum {
  VL_KEY_TEXT,   /* any text; stored as char* (owned by the struct) */
  VL_KEY_LENGTH, /* a length (pt, in, mm, cm); double, pt */
  VL_KEY_NUMBER, /* a number; double */
  VL_KEY_WHOLE,  /* a whole number; int */
  VL_KEY_BOOL,   /* true/1 or false/0; int */
  VL_KEY_COLOR,  /* #rrggbb; double[3], 0 to 1 */
  VL_KEY_CHOICE, /* one word of `choices`; int, its index */
  VL_KEY_OTHER,  /* read by the row's own parser */
} VlKeyType;

/* Where a group's values are read from and its mistakes go. */
typedef struct {
  VlIni *ini;
  const char *group; /* the group as written: "style.fact" */
  GString *errors;   /* one "PATH:LINE: [group] key: why" line per mistake */
  void *data;        /* for the rows' own parsers (the layout being read) */
} VlKeyCtx;

typedef struct VlKey VlKey;

/* Reads VALUE into OUT (the row's field); FALSE after vl_keys_fail(). */
typedef gboolean (*VlKeyFn)(VlKeyCtx *c, const VlKey *k, const char *value, void *out);

struct VlKey {
  const char *group;   /* "layout", "style" or "frame" */
  const char *name;    /* "size-min" */
  VlKeyType type;      /* how the value is read and stored */
  double lo, hi;       /* range of a number, whole number or length (pt) */
  gboolean above;      /* the value must be more than lo (sizes), not equal to it */
  const char *choices; /* VL_KEY_CHOICE: "start|center|end" */
  const char *def;     /* read as the value when the key is absent; NULL: left zero */
  const char *shown;   /* the default as the reference shows it; NULL: `def`, or none */
  gboolean required;   /* absent or empty is a mistake */
  size_t offset;       /* where the value goes in the group's struct */
  VlKeyFn parse;       /* VL_KEY_OTHER: reads the value; NULL for the type's own reader */
  const char *syntax;  /* VL_KEY_OTHER: how the value is written, for the reference and "missing" */
  const char *help;    /* what the key does, one line */
};

/* Records a mistake of KEY in the group being read ("path:line: [group] key:
 * why"); KEY may be "" for the group itself. Returns FALSE. */
gboolean vl_keys_fail(VlKeyCtx *c, const char *key, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

/* Reads the group C->group with the rows of GROUP among ROWS (N of them) into
 * TARGET: a key no row names is a mistake; each row's value, or its default,
 * goes to TARGET + offset. BAD (N entries) gets TRUE for each row whose value
 * was wrong, so that checks across keys can leave those alone. Returns TRUE
 * when nothing was wrong. */
gboolean vl_keys_read(VlKeyCtx *c, const VlKey *rows, size_t n, const char *group, void *target, gboolean *bad);

/* Reads VALUE as row K says (its own parser, or its type's) into OUT. */
gboolean vl_keys_read_value(VlKeyCtx *c, const VlKey *k, const char *value, void *out);

/* The row GROUP/NAME, or NULL. */
const VlKey *vl_keys_find(const VlKey *rows, size_t n, const char *group, const char *name);

/* The reference of GROUP's keys as a Markdown table between the markers
 * "<!-- keys GROUP -->" and "<!-- /keys -->", appended to OUT. */
void vl_keys_reference(const VlKey *rows, size_t n, const char *group, GString *out);

/* Parses a length such as "0.5in", "12mm", "36pt", "36". */
gboolean vl_parse_length(const char *s, double *pt);

#endif
