#include "flow.h"

#include <math.h>

typedef struct {
  VlFlowRow *rows;
  guint n;
  VlFlowNeed need;
  void *data;
} Flow;

/* Row I's height with its text at SCALE, within its bounds. */
static double row_height(const Flow *f, guint i, double scale) {
  const VlFlowRow *r = &f->rows[i];
  if (r->empty) return 0;
  if (r->fixed) return r->h;
  double h = MAX(f->need(i, scale, f->data), r->min);
  return r->max > 0 ? MIN(h, r->max) : h;
}

/* The scale of row I when priorities below CLASS are at their smallest,
 * CLASS itself at S, and those above at full size. */
static double class_scale(const VlFlowRow *r, int cls, double s) {
  return r->priority < cls ? 0 : r->priority == cls ? s : 1;
}

static double total(Flow *f, int cls, double s) {
  double t = 0;
  for (guint i = 0; i < f->n; i++) {
    f->rows[i].scale = class_scale(&f->rows[i], cls, s);
    f->rows[i].height = row_height(f, i, f->rows[i].scale);
    t += f->rows[i].height;
  }
  return t;
}

/* Shares EXTRA among the rows that can grow, in proportion to their designed
 * heights, none above its max-height. */
static void share(Flow *f, double extra) {
  for (int round = 0; round < 4 && extra > 0.01; round++) {
    double weight = 0;
    for (guint i = 0; i < f->n; i++) {
      const VlFlowRow *r = &f->rows[i];
      if (!r->empty && !r->fixed && (r->max <= 0 || r->height < r->max)) weight += r->h;
    }
    if (weight <= 0) return;
    double left = extra;
    for (guint i = 0; i < f->n; i++) {
      VlFlowRow *r = &f->rows[i];
      if (r->empty || r->fixed || (r->max > 0 && r->height >= r->max)) continue;
      double give = extra * r->h / weight;
      if (r->max > 0) give = MIN(give, r->max - r->height);
      r->height += give;
      left -= give;
    }
    extra = left;
  }
}

/* The largest scale of priority CLS at which the group fits ROOM; the rows
 * are left planned at it. Each guess interpolates between the bracket's ends
 * in the square of the scale (height grows about as the square, since lines
 * re-break); when one end stays twice, its pull is halved (the Illinois
 * rule), so the bracket closes from both sides in a few measurements. */
static void search(Flow *f, int cls, double room) {
  double lo = 1;
  for (guint i = 0; i < f->n; i++)
    if (f->rows[i].priority == cls) lo = MIN(lo, f->rows[i].min_scale);
  double hi = 1, t_lo = total(f, cls, lo), t_hi = total(f, cls, 1);
  int kept = 0; /* -1: lo was kept last time, 1: hi was */
  for (int step = 0; step < 12 && hi - lo > 0.003; step++) {
    double k = t_hi > t_lo ? (room - t_lo) / (t_hi - t_lo) : 0.5;
    double s = sqrt(lo * lo + CLAMP(k, 0, 1) * (hi * hi - lo * lo));
    s = CLAMP(s, lo + 0.001, hi - 0.001);
    double t = total(f, cls, s);
    if (t <= room + 0.01) {
      lo = s, t_lo = t;
      if (room - t < 0.5) break; /* full: done */
      if (kept == 1) t_hi = room + (t_hi - room) / 2;
      kept = 1;
    } else {
      hi = s, t_hi = t;
      if (kept == -1) t_lo = room - (room - t_lo) / 2;
      kept = -1;
    }
  }
  total(f, cls, lo);
}

/* Too long even at the smallest sizes (the rows are planned at them). The
 * rows to blame are those that need the most over their own boxes: taken
 * one by one, most first, until the others fit at what they need with the
 * blamed ones at their boxes' heights. The others keep what they need, the
 * blamed share the rest, so the overflow is reported where the long text
 * is and nowhere else. */
static void blame(Flow *f, double room) {
  guint n = f->n;
  gboolean *blamed = g_new0(gboolean, n);
  for (;;) {
    double t = 0;
    for (guint i = 0; i < n; i++) t += blamed[i] ? f->rows[i].h : f->rows[i].height;
    int worst = -1;
    for (guint i = 0; i < n; i++) {
      const VlFlowRow *r = &f->rows[i];
      if (blamed[i] || r->empty || r->fixed || r->height <= r->h + 0.01) continue;
      if (worst < 0 || r->height / r->h > f->rows[worst].height / f->rows[worst].h) worst = (int)i;
    }
    if (t <= room + 0.01 || worst < 0) break;
    blamed[worst] = TRUE;
  }
  double kept = 0, wanted = 0;
  for (guint i = 0; i < n; i++) {
    if (blamed[i])
      wanted += f->rows[i].height;
    else
      kept += f->rows[i].height;
  }
  double left = room - kept;
  for (guint i = 0; i < n; i++) {
    if (left <= 0 || wanted <= 0)
      f->rows[i].height *= room / (kept + wanted); /* nothing to single out: all alike */
    else if (blamed[i])
      f->rows[i].height *= left / wanted;
  }
  g_free(blamed);
}

void vl_flow_place(VlFlowRow *rows, guint n, VlFlowNeed need, void *data) {
  if (!n) return;
  Flow f = {rows, n, need, data};
  double top = rows[0].y, bottom = rows[0].y + rows[0].h;
  for (guint i = 0; i < n; i++) {
    top = MIN(top, rows[i].y);
    bottom = MAX(bottom, rows[i].y + rows[i].h);
  }
  /* The gaps as designed, between rows that show: the gap above a row that
   * shows, unless nothing shows above it. */
  double gaps = 0;
  gboolean any = FALSE;
  for (guint i = 0; i < n; i++) {
    if (rows[i].empty) continue;
    if (any && i > 0) gaps += MAX(0, rows[i].y - (rows[i - 1].y + rows[i - 1].h));
    any = TRUE;
  }
  double room = bottom - top - gaps;
  int lowest = G_MAXINT, highest = G_MININT;
  for (guint i = 0; i < n; i++) lowest = MIN(lowest, rows[i].priority), highest = MAX(highest, rows[i].priority);
  if (total(&f, lowest, 1) > room + 0.01) {
    /* Shrink, the lowest priority first, each priority evenly. */
    gboolean placed = FALSE;
    for (int cls = lowest; cls <= highest && !placed; cls++) {
      gboolean has = FALSE;
      for (guint i = 0; i < n; i++) has = has || rows[i].priority == cls;
      if (!has || total(&f, cls, 0) > room + 0.01) continue; /* this priority at its smallest: the next one too */
      search(&f, cls, room);
      placed = TRUE;
    }
    if (!placed) blame(&f, room);
  }
  double used = 0;
  for (guint i = 0; i < n; i++) used += rows[i].height;
  share(&f, room - used);
  double y = top;
  any = FALSE;
  for (guint i = 0; i < n; i++) {
    if (rows[i].empty) {
      rows[i].top = y, rows[i].height = 0;
      continue;
    }
    if (any && i > 0) y += MAX(0, rows[i].y - (rows[i - 1].y + rows[i - 1].h));
    any = TRUE;
    rows[i].top = y;
    y += rows[i].height;
  }
}
