/* template: a page layout read from layouts/NAME.ini (data, not code).
 *
 * Sizes are given in real units (pt, in, mm, cm); frames are placed as shares
 * of the area inside the margins, so a layout re-flows to any paper size.
 * See layouts/README.md for the format.
 */
#ifndef VOLANTE_TEMPLATE_H
#define VOLANTE_TEMPLATE_H

#include <glib.h>

#include "keys.h"
#include "piece.h"
#include "style.h"

typedef struct {
  char *key;            /* content key, or a group "ally.*" */
  const VlStyle *style; /* NULL: the frame's style */
  int line;
} VlSource;

typedef struct {
  char *field;
  const VlStyle *style; /* NULL: the frame's style */
} VlField;

/* Where a frame's QR codes stand (the key qr-at): beside each section on its
 * end side, right under it, or beside it on the side nearer the page's edge
 * (two columns of one page then never put identical codes side by side). */
typedef enum { VL_QR_END, VL_QR_UNDER, VL_QR_OUTSIDE } VlQrAt;

typedef struct {
  char *name;
  double x, y, w, h; /* shares of the area inside the margins; x from the start side */
  const VlStyle *style;
  GPtrArray *sources; /* VlSource* */
  GPtrArray *fields;  /* VlField*: fields of group sections */
  int slot;           /* which language of the page: 0 or 1 */
  int has_fill;
  double fill[3];
  int has_rule;
  double rule[3];
  double padding;  /* pt */
  int valign;      /* 0 top, 1 center, 2 bottom: the text stands valign/2 of the slack down */
  double item_gap; /* em between the sections of a group (ally.*) */
  int line;        /* line of [frame.NAME] */
  /* Kiosk layouts: the kind of slide the frame belongs to ("title", "fact",
   * "ally"; "attract": no slide, the kiosk draws it itself in attract mode),
   * NULL for every slide. The content key SLIDE stands for the
   * section the slide shows. */
  char *slide;
  int page;          /* which page of the piece: 0, or 1 on the back of a two-page layout */
  double qr;         /* pt: size of the QR code of each contact in a group frame; 0 for none */
  int qr_at;         /* where each code stands: VL_QR_END, VL_QR_UNDER or VL_QR_OUTSIDE */
  int columns;       /* a group frame sets its sections in this many columns */
  double column_gap; /* pt */
  char *image;       /* a PNG file (relative to the content folder) drawn in the frame, or NULL */
  int image_line;    /* line of its image= key (its problems are the layout's) */
  int fill_bleed;    /* with --bleed, the fill runs on to the page edges it touches, into the bleed */
  char *flow;        /* the flow group the frame stands in (flow.h), or NULL: its box as it is */
  double min_h;      /* in a flow group: the least height, as a share of the area inside the margins */
  double max_h;      /* in a flow group: the most height (0: none) */
  int priority;      /* in a flow group: lower priorities shrink first */
} VlFrame;

typedef struct VlTemplate VlTemplate;

/* Reads PATH (named NAME). NULL on bad input, with *err holding every
 * mistake of the file, one "PATH:LINE: message" line each. Caller owns the
 * result. */
VlTemplate *vl_template_load(const char *path, const char *name, GError **err);
/* The same from LEN bytes of DATA (borrowed), as if read from PATH. */
VlTemplate *vl_template_parse(const char *data, gsize len, const char *path, const char *name, GError **err);
void vl_template_free(VlTemplate *t);

/* Re-flows T to PAPER (letter, a4, legal, tabloid): the page takes the paper's
 * size in the layout's orientation; margins, paddings and type scale with it.
 * FALSE with *err set for an unknown paper name. */
gboolean vl_template_set_paper(VlTemplate *t, const char *paper, GError **err);

const char *vl_template_name(const VlTemplate *t);
const char *vl_template_path(const VlTemplate *t);
const char *vl_template_description(const VlTemplate *t);
/* Number of languages on one page: 1, or 2 for bilingual layouts. */
int vl_template_slots(const VlTemplate *t);
void vl_template_page_size(const VlTemplate *t, double *w, double *h);
/* Margins in pt after re-flow: top, right, bottom, left. */
void vl_template_margins(const VlTemplate *t, double m[4]);
/* Factor applied to type and spacing by the paper size (1 on the layout's own paper). */
double vl_template_scale(const VlTemplate *t);
/* How much more than English a translation may shrink a frame before `check`
 * warns (kind "shrunk"): 0.25 = a quarter of the largest size. */
double vl_template_shrink_warning(const VlTemplate *t);
const double *vl_template_background(const VlTemplate *t);
/* Style for notices in the margin (draft marks, problems); never NULL. */
const VlStyle *vl_template_notice_style(const VlTemplate *t);
GPtrArray *vl_template_frames(const VlTemplate *t); /* VlFrame*, owned */

/* Re-flows T to a screen or page of W x H points (pixels for the kiosk). */
void vl_template_set_size(VlTemplate *t, double w, double h);
/* The frame named NAME, or NULL. */
const VlFrame *vl_template_frame(const VlTemplate *t, const char *name);

/* Pages of one piece: 2 for a sheet printed on both sides. */
int vl_template_pages(const VlTemplate *t);
/* TRUE when page 2 repeats page 1 in the second language (duplex cards). */
gboolean vl_template_duplex(const VlTemplate *t);
/* How one piece (the designed page) sits on the sheet that is printed (owned by t). */
const VlPiece *vl_template_piece(const VlTemplate *t);
/* The paper the pieces are printed on, after re-flow. */
void vl_template_sheet_size(const VlTemplate *t, double *w, double *h);
/* Where page 1 folds, as rising shares of its width (0 to 4 of them); page 2
 * folds at the mirror places, since it is the back of the same sheet. */
const double *vl_template_folds(const VlTemplate *t, int *n);
/* FALSE for layouts rendered only when named (--layout), not by default. */
gboolean vl_template_default_set(const VlTemplate *t);
/* The content section the layout is made for ("event"), or NULL (owned by t). */
const char *vl_template_needs(const VlTemplate *t);
/* The rows of the layout format (keys.h), N of them; static. */
const VlKey *vl_template_keys(size_t *n);

#endif
