#include "piece.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "keys.h"

static void whole_size(const VlPiece *p, double sw, double sh, double *w, double *h) {
  (void)p;
  *w = sw, *h = sh;
}

static gboolean one_place(const VlPiece *p, double paper_w, double paper_h, double pw, double ph, VlPieceGrid *g) {
  (void)p, (void)paper_w, (void)paper_h, (void)pw, (void)ph;
  g->cols = g->rows = 1;
  g->turned = FALSE;
  return TRUE;
}

static gboolean half_parse(const char *value, VlPiece *p, char **why) {
  (void)why;
  if (strcmp(value, "half") != 0) return FALSE;
  p->n = 2;
  return TRUE;
}

/* Half the sheet across its long side, upright: letter gives 5.5 x 8.5 in. */
static void half_size(const VlPiece *p, double sw, double sh, double *w, double *h) {
  (void)p;
  *w = MAX(sw, sh) / 2, *h = MIN(sw, sh);
}

/* The sheet cut across its long side; an upright piece on an upright sheet stands turned. */
static gboolean half_grid(const VlPiece *p, double paper_w, double paper_h, double pw, double ph, VlPieceGrid *g) {
  (void)p, (void)pw, (void)ph;
  gboolean upright = paper_h >= paper_w;
  g->turned = upright;
  g->cols = upright ? 1 : 2;
  g->rows = upright ? 2 : 1;
  return TRUE;
}

/* "4-up": the sheet cut into a square grid of N pieces of its own shape. */
static gboolean nup_parse(const char *value, VlPiece *p, char **why) {
  char *end = NULL;
  long n = strtol(value, &end, 10);
  if (end == value || strcmp(end, "-up") != 0) return FALSE;
  int side = (int)lround(sqrt((double)n));
  if (n < 4 || n > 16 || side * side != n) {
    *why = g_strdup_printf("\"%s\": an n-up piece is 4-up, 9-up or 16-up (a square grid of the sheet)", value);
    return FALSE;
  }
  p->n = (int)n;
  return TRUE;
}

static int nup_side(const VlPiece *p) { return (int)lround(sqrt((double)p->n)); }

static void nup_size(const VlPiece *p, double sw, double sh, double *w, double *h) {
  *w = sw / nup_side(p), *h = sh / nup_side(p);
}

static gboolean nup_grid(const VlPiece *p, double paper_w, double paper_h, double pw, double ph, VlPieceGrid *g) {
  (void)paper_w, (void)paper_h, (void)pw, (void)ph;
  g->cols = g->rows = nup_side(p);
  g->turned = FALSE;
  return TRUE;
}

/* "3.5inx2in": a card of that size. */
static gboolean fixed_parse(const char *value, VlPiece *p, char **why) {
  (void)why;
  char **wh = g_strsplit(value, "x", 2);
  gboolean ok = g_strv_length(wh) == 2 && vl_parse_length(wh[0], &p->w) && vl_parse_length(wh[1], &p->h);
  g_strfreev(wh);
  return ok;
}

static void fixed_size(const VlPiece *p, double sw, double sh, double *w, double *h) {
  (void)sw, (void)sh;
  *w = p->w, *h = p->h;
}

/* As many as fit inside the printer's reach, in a grid. */
static gboolean fixed_grid(const VlPiece *p, double paper_w, double paper_h, double pw, double ph, VlPieceGrid *g) {
  (void)p;
  g->cols = (int)floor((paper_w - 2 * VL_PIECE_EDGE + 0.01) / pw);
  g->rows = (int)floor((paper_h - 2 * VL_PIECE_EDGE + 0.01) / ph);
  g->turned = FALSE;
  return g->cols >= 1 && g->rows >= 1;
}

/* One row per kind of piece. The parser tries them in order; the whole
 * sheet is the kind of a layout without `piece`. */
static const VlPieceKind sheet_kind = {
    .name = "sheet",
    .syntax = "(no `piece`)",
    .help = "the piece is the sheet",
    .size = whole_size,
    .grid = one_place,
    .whole_sheet = TRUE,
    .upright = TRUE,
    .paper_edge = TRUE,
};
static const VlPieceKind half_kind = {
    .name = "half",
    .syntax = "`half`",
    .help = "half the sheet, upright: two to a sheet, turned (`handbill`)",
    .parse = half_parse,
    .size = half_size,
    .grid = half_grid,
    .paper_edge = TRUE,
};
static const VlPieceKind nup_kind = {
    .name = "n-up",
    .syntax = "`4-up`, `9-up`, `16-up`",
    .help = "the sheet cut into a square grid of pieces of its own shape (`postcard`: 4-up, 4.25 x 5.5 in on letter)",
    .parse = nup_parse,
    .size = nup_size,
    .grid = nup_grid,
    .upright = TRUE,
    .paper_edge = TRUE,
};
static const VlPieceKind fixed_kind = {
    .name = "fixed",
    .syntax = "`WIDTHxHEIGHT` (`3.5inx2in`)",
    .help = "a fixed size: as many as fit 0.25 in inside the paper's edge, in a grid (`cards`)",
    .parse = fixed_parse,
    .size = fixed_size,
    .grid = fixed_grid,
    .upright = TRUE,
    .sheet_notices = TRUE,
};
static const VlPieceKind *const kinds[] = {&sheet_kind, &half_kind, &nup_kind, &fixed_kind, NULL};

void vl_piece_reference(GString *out) {
  g_string_append(out,
                  "<!-- keys piece -->\n| kind | `piece=` | what one copy is | folds, `pages=2` | backs (`sides=2`) |\n"
                  "|---|---|---|---|---|\n");
  for (int i = 0; kinds[i]; i++)
    g_string_append_printf(out, "| %s | %s | %s | %s | %s |\n", kinds[i]->name, kinds[i]->syntax, kinds[i]->help,
                           kinds[i]->whole_sheet ? "yes" : "no", kinds[i]->upright ? "yes" : "no");
  g_string_append(out, "<!-- /keys -->\n");
}

void vl_piece_sheet(VlPiece *p) {
  memset(p, 0, sizeof *p);
  p->kind = &sheet_kind;
}

gboolean vl_piece_parse(const char *value, VlPiece *p, char **why) {
  vl_piece_sheet(p);
  *why = NULL;
  if (!value || !*value) return TRUE;
  for (int i = 0; kinds[i]; i++) {
    if (!kinds[i]->parse) continue;
    VlPiece q = {kinds[i], 0, 0, 0};
    if (kinds[i]->parse(value, &q, why)) {
      *p = q;
      return TRUE;
    }
    if (*why) return FALSE;
  }
  *why = g_strdup_printf("\"%s\" is not half, N-up (4-up) or a size like 3.5inx2in", value);
  return FALSE;
}
