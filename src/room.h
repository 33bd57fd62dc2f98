/* room: where each text of the content prints, and how much room it has
 * there, measured by setting text in the real layouts with the real fonts.
 *
 * Every layout (and each kiosk slide) is composed once in the source
 * language. For each text it shows, the room is found by setting more and
 * more of the source text in its place until the frame is full, at the
 * largest type size and at the smallest the frame allows. Figures are in
 * characters as wide as the source's (Chinese, Japanese and Korean
 * characters take about twice the room); a frame's other texts stay as the
 * source has them. The translators' template (pot) and the pictures of each
 * text (context) are made from this.
 */
#ifndef VOLANTE_ROOM_H
#define VOLANTE_ROOM_H

#include <glib.h>

#include "content.h"
#include "fonts.h"
#include "template.h"

typedef struct {
  const char *layout;  /* "flyer", "kiosk-landscape" */
  const char *frame;   /* the frame's name */
  const char *slide;   /* a kiosk slide's kind ("title", "fact", "ally"), or NULL in print */
  const char *section; /* the section a kiosk slide shows, or NULL */
  const VlTemplate *tmpl;
  int page;             /* page of the piece, 0-based */
  guint shared;         /* how many other texts share the frame */
  gboolean default_set; /* a layout `render` makes by default (or a kiosk layout) */
  int full;             /* characters that fit at the largest type size (-1: not measured) */
  int smallest;         /* characters that fit at the smallest type size (-1: not measured) */
} VlSpot;

typedef struct VlRoom VlRoom;

/* Composes every layout of LAYOUTS_DIR (NAME.ini, then kiosk/landscape.ini
 * and kiosk/portrait.ini) with C's source text; with MEASURE, also measures
 * each text's room (a few seconds). A layout that cannot be read is left
 * out and named in *skipped (one line each, "file:line: why"; may be NULL).
 * C and FONTS are borrowed and must outlive the result; the caller owns it. */
VlRoom *vl_room_new(const VlContent *c, const char *layouts_dir, VlFonts *fonts, gboolean measure, GPtrArray *skipped);
void vl_room_free(VlRoom *r);

/* Where KEY prints: VlSpot* owned by R (the pointers are to VlSpot), print layouts of the default set
 * first, then the others, then the kiosk; NULL when no layout shows it. */
GPtrArray *vl_room_spots(const VlRoom *r, const char *key);

#endif
