#include "sheet.h"

#include <math.h>
#include <string.h>

/* Room kept from the paper's edge, which office printers cannot reach. */
#define EDGE VL_PIECE_EDGE
/* The slug: the band outside the bleed where marks and the job's line go. */
#define SLUG (0.5 * 72)
/* Crop marks start this far beyond the bleed and run this long. */
#define MARK_OFFSET 3.0
#define MARK_LENGTH 15.0
/* On office paper, shorter: the margin also holds the notices. */
#define OFFICE_LENGTH 9.0

struct VlSheet {
  const VlTemplate *t;
  VlPrint o;
  double pw, ph;   /* the piece, upright */
  double cw, ch;   /* one place on the sheet (turned: ph x pw) */
  gboolean turned; /* pieces stand turned a quarter (handbills on a letter sheet) */
  int cols, rows;
  double sw, sh;   /* the sheet: the paper, with the bleed and the slug around it when asked */
  double px, py;   /* top-left of the paper on the sheet */
  double paw, pah; /* the paper as cut: the TrimBox */
  double ox, oy;   /* top-left of the first place */
  double gw, gh;   /* the area of all places */
};

/* The page a print shop gets is the paper as cut (the TrimBox) with the
 * bleed around it, and with --marks the slug around that. On an imposed
 * sheet the pieces stand where they stand on office paper, edge to edge:
 * a shop prints the sheet and cuts it as an office would, once between
 * pieces; the bleed runs out past the sheet's edges, where pieces reach
 * them. With --piece the paper is one piece. */
VlSheet *vl_sheet_new(const VlTemplate *t, const VlPrint *o, GError **err) {
  VlSheet *s = g_new0(VlSheet, 1);
  s->t = t;
  s->o = *o;
  vl_template_page_size(t, &s->pw, &s->ph);
  double paper_w, paper_h;
  vl_template_sheet_size(t, &paper_w, &paper_h);
  /* The kind of piece says where its copies stand (piece.c). */
  const VlPiece *piece = vl_template_piece(t);
  VlPieceGrid g = {1, 1, FALSE};
  if (o->piece) {
    paper_w = s->pw, paper_h = s->ph;
  } else if (!piece->kind->grid(piece, paper_w, paper_h, s->pw, s->ph, &g)) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                "%s: a %.2f x %.2f in piece does not fit on a %.2f x %.2f in sheet", vl_template_path(t), s->pw / 72,
                s->ph / 72, paper_w / 72, paper_h / 72);
    g_free(s);
    return NULL;
  }
  s->cols = g.cols, s->rows = g.rows, s->turned = g.turned;
  s->cw = s->turned ? s->ph : s->pw, s->ch = s->turned ? s->pw : s->ph;
  s->gw = s->cols * s->cw, s->gh = s->rows * s->ch;
  s->paw = paper_w, s->pah = paper_h;
  double around = o->bleed + (o->marks ? SLUG : 0);
  s->px = s->py = around;
  s->sw = paper_w + 2 * around, s->sh = paper_h + 2 * around;
  s->ox = s->px + (paper_w - s->gw) / 2, s->oy = s->py + (paper_h - s->gh) / 2;
  return s;
}

void vl_sheet_free(VlSheet *s) { g_free(s); }

void vl_sheet_size(const VlSheet *s, double *w, double *h) { *w = s->sw, *h = s->sh; }
int vl_sheet_copies(const VlSheet *s) { return s->cols * s->rows; }

void vl_sheet_boxes(const VlSheet *s, double trim[4], double bleed[4]) {
  trim[0] = s->px, trim[1] = s->sh - s->py - s->pah, trim[2] = s->px + s->paw, trim[3] = s->sh - s->py;
  double b = s->o.bleed;
  bleed[0] = trim[0] - b, bleed[1] = trim[1] - b, bleed[2] = trim[2] + b, bleed[3] = trim[3] + b;
}

/* Top-left of place (COL, ROW) on sheet PAGE: the back of a sheet (page 2)
 * is mirrored left to right, so what stands behind a piece is its own back
 * when the sheet is printed on both sides and turned over its long edge. */
static void place(const VlSheet *s, int page, int col, int row, double *x, double *y) {
  *x = s->ox + col * s->cw;
  *y = s->oy + row * s->ch;
  if (page == 1) *x = s->sw - *x - s->cw;
}

static void line(cairo_t *cr, double x0, double y0, double x1, double y1) {
  cairo_move_to(cr, x0, y0);
  cairo_line_to(cr, x1, y1);
}

/* Where the sheet is cut: every place's edges, across and down, and for
 * the print shop (SHOP) the paper's own edges as well. */
static GArray *cuts(const VlSheet *s, gboolean across, gboolean shop) {
  GArray *a = g_array_new(FALSE, FALSE, sizeof(double));
  int n = across ? s->rows : s->cols;
  double o = across ? s->oy : s->ox, size = across ? s->ch : s->cw;
  double p0 = across ? s->py : s->px, p1 = p0 + (across ? s->pah : s->paw);
  if (shop && o - p0 > 0.01) g_array_append_val(a, p0);
  for (int i = 0; i <= n; i++) {
    double v = o + i * size;
    g_array_append_val(a, v);
  }
  if (shop && p1 - (o + n * size) > 0.01) g_array_append_val(a, p1);
  return a;
}

/* Crop marks. For the print shop (--marks) they stand in the slug, outside
 * the bleed, at every cut. On the paper (office printing, or --bleed alone)
 * they stand in the paper's margin around the pieces, outside the pieces'
 * bleed; where pieces reach the paper's edge (handbills), a short tick on the
 * cut line, in the pieces' own margins, shows where to cut. NOTICES_LEFT: the
 * paper's left margin holds the notices, so the marks there are left out. */
static void draw_cut_marks(const VlSheet *s, cairo_t *cr, gboolean notices_left) {
  double b = s->o.bleed;
  gboolean shop = s->o.marks;
  if (!shop && s->cols * s->rows < 2) return;
  cairo_save(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_line_width(cr, 0.3);
  for (int across = 0; across < 2; across++) {
    GArray *a = cuts(s, across, shop);
    /* The marks of a cut run along the other direction. */
    double lo = across ? s->ox : s->oy, hi = lo + (across ? s->gw : s->gh);
    double p0 = across ? s->px : s->py, p1 = p0 + (across ? s->paw : s->pah);
    for (guint i = 0; i < a->len; i++) {
      double v = g_array_index(a, double, i);
      gboolean outer = i == 0 || i + 1 == a->len;
      double from, to, from2, to2;
      if (shop) {
        from = p0 - b - MARK_OFFSET, to = from - MARK_LENGTH;
        from2 = p1 + b + MARK_OFFSET, to2 = from2 + MARK_LENGTH;
      } else if (lo - p0 >= 12) {
        from = lo - b - 3, to = MAX(from - OFFICE_LENGTH, p0 + EDGE * 0.6);
        from2 = hi + b + 3, to2 = MIN(from2 + OFFICE_LENGTH, p1 - EDGE * 0.6);
        if (to >= from - 1) continue; /* the bleed fills the margin */
      } else if (!outer) {
        from = p0 + EDGE * 0.6, to = from + MARK_LENGTH; /* on the cut line, from the paper's edge */
        from2 = p1 - EDGE * 0.6, to2 = from2 - MARK_LENGTH;
      } else {
        continue; /* the paper's own edge */
      }
      if (across) {
        if (!(notices_left && !shop)) line(cr, from, v, to, v);
        line(cr, from2, v, to2, v);
      } else {
        line(cr, v, from, v, to);
        line(cr, v, from2, v, to2);
      }
    }
    g_array_free(a, TRUE);
  }
  cairo_stroke(cr);
  cairo_restore(cr);
}

/* Dashed marks where a folded piece (trifold) folds, at its top and bottom. */
static void draw_fold_marks(const VlSheet *s, cairo_t *cr, int page, gboolean rtl) {
  int n;
  const double *folds = vl_template_folds(s->t, &n);
  if (!n) return;
  cairo_save(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_line_width(cr, 0.3);
  double dash[] = {2, 2};
  cairo_set_dash(cr, dash, 2, 0);
  double b = s->o.bleed;
  for (int i = 0; i < n; i++) {
    /* The back folds at the mirror places; a right-to-left piece is mirrored. */
    double f = (page == 1) != rtl ? 1 - folds[i] : folds[i];
    double x = s->ox + f * s->pw;
    if (s->o.marks) {
      line(cr, x, s->py - b - MARK_OFFSET, x, s->py - b - MARK_OFFSET - MARK_LENGTH);
      line(cr, x, s->py + s->pah + b + MARK_OFFSET, x, s->py + s->pah + b + MARK_OFFSET + MARK_LENGTH);
    } else {
      line(cr, x, s->oy + EDGE * 0.6, x, s->oy + EDGE * 0.6 + 10);
      line(cr, x, s->oy + s->gh - EDGE * 0.6, x, s->oy + s->gh - EDGE * 0.6 - 10);
    }
  }
  cairo_stroke(cr);
  cairo_restore(cr);
}

/* A registration target: circle and cross, for lining up the plates. */
static void target(cairo_t *cr, double x, double y) {
  double r = 5;
  cairo_new_sub_path(cr);
  cairo_arc(cr, x, y, r * 0.6, 0, 2 * G_PI);
  line(cr, x - r, y, x + r, y);
  line(cr, x, y - r, x, y + r);
}

static void draw_slug(const VlSheet *s, cairo_t *cr, int page, const char *langs) {
  if (!s->o.marks) return;
  double b = s->o.bleed;
  cairo_save(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_line_width(cr, 0.3);
  double mid = b + MARK_OFFSET + MARK_LENGTH / 2;
  target(cr, s->sw / 2, s->py - mid);
  target(cr, s->sw / 2, s->py + s->pah + mid);
  target(cr, s->px - mid, s->sh / 2);
  target(cr, s->px + s->paw + mid, s->sh / 2);
  cairo_stroke(cr);
  int pages = vl_template_pages(s->t);
  /* The back is mirrored left to right: the sheet turns over its side edge,
   * the long one on an upright sheet, the short one on a landscape sheet. */
  const char *edge = s->sh >= s->sw ? "long" : "short";
  char *side = pages < 2 ? g_strdup("")
               : page    ? g_strdup_printf(" (%s: print both sides, flip on %s edge)",
                                        vl_template_duplex(s->t) ? "back" : "inside", edge)
                         : g_strdup(vl_template_duplex(s->t) ? " (front)" : " (outside)");
  char *text = g_strdup_printf(
      "volante  |  %s  |  %s  |  sheet %d of %d%s  |  %d up, trim %.3g x %.3g in  |  bleed %.3g in  |  %s",
      vl_template_name(s->t), langs, page + 1, pages, side, s->cols * s->rows, s->pw / 72, s->ph / 72, b / 72,
      s->o.date ? s->o.date : "");
  g_free(side);
  cairo_select_font_face(cr, "Noto Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, 6.5);
  /* On a piece alone (a card) the line is wider than the sheet: it starts
   * at the sheet's edge and is set smaller, whole. */
  cairo_text_extents_t ext;
  cairo_text_extents(cr, text, &ext);
  double x = s->px;
  if (x + ext.x_advance > s->sw - 4) {
    x = 4;
    if (ext.x_advance > s->sw - 8) cairo_set_font_size(cr, 6.5 * (s->sw - 8) / ext.x_advance);
  }
  cairo_move_to(cr, x, s->py + s->pah + b + MARK_OFFSET + MARK_LENGTH + 9);
  cairo_show_text(cr, text);
  g_free(text);
  cairo_restore(cr);
}

/* The notices of pieces too small for them (cards). On the paper they
 * stand in its left margin, reading upwards, inside the trim and clear of
 * the printer's dead edge; a piece alone (--piece) has no margin, so they go
 * in the slug with --marks and are left out without it. */
static void draw_sheet_notices(const VlSheet *s, VlPage *page, cairo_t *cr, const VlDrawOptions *d) {
  VlDrawOptions n = *d;
  n.tags = TRUE; /* read once, for the whole sheet */
  GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
  vl_page_notices(page, lines);
  if (lines->len && s->o.piece) {
    double bottom = s->py - s->o.bleed - MARK_OFFSET - MARK_LENGTH - 1;
    if (s->o.marks && bottom > 8) vl_page_draw_notices(page, cr, lines, s->px, 2, s->paw, bottom - 2, &n);
  } else if (lines->len) {
    double x0 = s->px + EDGE, x1 = MAX(s->ox - s->o.bleed - 2, x0 + 12);
    cairo_save(cr);
    cairo_translate(cr, x0, s->oy + s->gh);
    cairo_rotate(cr, -G_PI / 2);
    vl_page_draw_notices(page, cr, lines, 0, 0, s->gh, x1 - x0, &n);
    cairo_restore(cr);
  }
  g_ptr_array_free(lines, TRUE);
}

void vl_sheet_draw(VlSheet *s, VlPage *page, cairo_t *cr, int sheet_page, const char *langs, const VlDrawOptions *out) {
  VlDrawOptions d = *out;
  d.ink = s->o.ink;
  d.bleed = s->o.bleed;
  gboolean copies = s->cols * s->rows > 1;
  /* Cards are too small for notices: the sheet prints them in its margin. */
  gboolean sheet_notices = vl_template_piece(s->t)->kind->sheet_notices;
  d.no_notices = sheet_notices;
  double b = s->o.bleed;
  for (int r = 0; r < s->rows; r++)
    for (int c = 0; c < s->cols; c++) {
      double x, y;
      place(s, sheet_page, c, r, &x, &y);
      cairo_save(cr);
      /* Between copies, a clip keeps what a copy draws (its bleed, text
       * overflowing with --force) off its neighbours: a copy bleeds only
       * where it has no neighbour. A single copy needs none, and a clip makes
       * Cairo work every later path out against it. */
      if (copies) {
        double x0 = x - (x <= s->ox + 0.01 ? b : 0), y0 = y - (y <= s->oy + 0.01 ? b : 0);
        double x1 = x + s->cw + (x + s->cw >= s->ox + s->gw - 0.01 ? b : 0);
        double y1 = y + s->ch + (y + s->ch >= s->oy + s->gh - 0.01 ? b : 0);
        cairo_rectangle(cr, x0, y0, x1 - x0, y1 - y0);
        cairo_clip(cr);
      }
      if (s->turned) {
        /* The piece's top faces the sheet's left edge. */
        cairo_translate(cr, x, y + s->ch);
        cairo_rotate(cr, -G_PI / 2);
      } else {
        cairo_translate(cr, x, y);
      }
      /* One copy is the document a screen reader reads; the others repeat it. */
      d.tags = r == 0 && c == 0;
      vl_page_draw_page(page, cr, sheet_page, &d);
      cairo_restore(cr);
    }
  draw_cut_marks(s, cr, sheet_notices && !s->o.piece);
  draw_fold_marks(s, cr, sheet_page, vl_page_rtl(page, sheet_page));
  draw_slug(s, cr, sheet_page, langs);
  if (sheet_notices) draw_sheet_notices(s, page, cr, &d);
}
