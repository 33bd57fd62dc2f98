/* piece: what one printed copy of a layout is (the whole sheet, half of it,
 * a quarter, a card of fixed size) and how its copies stand on the sheet.
 *
 * Each kind of piece is one row of a table (piece.c): how the layout's
 * `piece` value is written, the piece's size for a sheet, the grid of copies,
 * and what the kind allows (folds, a second page, backs). A new imposition
 * is a row plus its functions; template.c and sheet.c only ask the row.
 */
#ifndef VOLANTE_PIECE_H
#define VOLANTE_PIECE_H

#include <glib.h>

/* Room a fixed piece keeps from the paper's edge, which office printers
 * cannot reach; pieces that divide the sheet (half, n-up) reach it and keep
 * their own margins instead. Office marks stand inside it too. */
#define VL_PIECE_EDGE (0.25 * 72)

typedef struct VlPieceKind VlPieceKind;

/* A layout's piece: its kind and the numbers its value gave. */
typedef struct {
  const VlPieceKind *kind;
  double w, h; /* fixed pieces: the size, pt */
  int n;       /* n-up pieces: how many to a sheet */
} VlPiece;

/* Where copies stand on a sheet: COLS x ROWS places; TURNED when each
 * piece stands a quarter turn from the sheet (half sheets on an upright
 * sheet). */
typedef struct {
  int cols, rows;
  gboolean turned;
} VlPieceGrid;

struct VlPieceKind {
  const char *name;   /* "sheet", "half", "n-up", "fixed" */
  const char *syntax; /* how the value of `piece` is written, for the reference */
  const char *help;   /* one line for the reference */
  /* Reads VALUE into P; FALSE with *why (caller frees) when it is not this kind's value. */
  gboolean (*parse)(const char *value, VlPiece *p, char **why);
  /* The piece's size on a SHEET_W x SHEET_H sheet (after orientation and re-flow). */
  void (*size)(const VlPiece *p, double sheet_w, double sheet_h, double *w, double *h);
  /* The places on a PAPER_W x PAPER_H sheet for a PW x PH piece; FALSE when none fits. */
  gboolean (*grid)(const VlPiece *p, double paper_w, double paper_h, double pw, double ph, VlPieceGrid *g);
  gboolean whole_sheet;   /* folds and two pages are worked out only for the whole sheet */
  gboolean upright;       /* its copies stand upright, so a back side (sides=2) lands behind its front */
  gboolean sheet_notices; /* too small for notices: the sheet prints them in its margin */
  gboolean paper_edge;    /* its edges are the paper's (in some copy), where office printers cannot print */
};

/* The piece VALUE of a layout names ("" or NULL: the whole sheet). FALSE
 * with *why (caller frees) when no kind reads it. */
gboolean vl_piece_parse(const char *value, VlPiece *p, char **why);
/* The whole sheet. */
void vl_piece_sheet(VlPiece *p);
/* The reference of the kinds as a Markdown table between the markers
 * "<!-- keys piece -->" and "<!-- /keys -->", appended to OUT. */
void vl_piece_reference(GString *out);

#endif
