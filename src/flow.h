/* flow: frames that give and take space.
 *
 * The frames of a flow group (the layout key `flow`) stand in rows, top to
 * bottom, between the top of the group's highest box and the bottom of its
 * lowest; frames whose boxes start at the same height form one row (the two
 * columns of a bilingual page). Each row takes the height its text needs:
 *
 * - a row with no text takes no space, nor the gap above it;
 * - when every row fits at full size, the room left over is shared out in
 *   proportion to the designed heights (never above a row's max-height);
 * - only when the whole group cannot fit at full size does text shrink, and
 *   then evenly: every row of the lowest priority by the same factor (each
 *   frame no smaller than its style's size-min), then the next priority.
 *
 * This module is the rule alone; page.c measures the text (VlFlowNeed) and
 * places the frames where the rows come out.
 */
#ifndef VOLANTE_FLOW_H
#define VOLANTE_FLOW_H

#include <glib.h>

typedef struct {
  /* In: the row as designed, pt. */
  double y, h;
  double min, max;  /* bounds of the row's height (max 0: none) */
  int priority;     /* lower priorities shrink first */
  double min_scale; /* the smallest scale of its text (the least of its frames') */
  gboolean empty;   /* no text: takes no space, nor the gap above it */
  gboolean fixed;   /* keeps its designed height (a band or a picture without text) */
  /* Out: where the row stands and the scale its text was planned at. */
  double top, height;
  double scale;
} VlFlowRow;

/* The height row I needs with its text at SCALE (0 to 1; each frame takes
 * no less than its own smallest scale). */
typedef double (*VlFlowNeed)(guint i, double scale, void *data);

/* Places the N rows (sorted by y) of one group. */
void vl_flow_place(VlFlowRow *rows, guint n, VlFlowNeed need, void *data);

#endif
