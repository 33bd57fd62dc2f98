#include "kdraw.h"

#include <math.h>
#include <stdio.h>

#include "lang.h"
#include "util.h"

#define RASTERS 6 /* slide images kept (4 MB each at 1080p): the current one and those that come next */
/* Frame times are counted in bins, each 2% wider than the last from 1 us up
 * (to minutes), not kept one by one: a kiosk composes millions of frames a
 * week, and its memory must not grow with them. */
#define TIME_BINS 1024
#define TIME_BIN_GROWTH 1.02

typedef struct {
  guint lang, slide;
  cairo_surface_t *img;
  guint64 used; /* for least-recently-used eviction */
} Raster;

struct VlKDraw {
  VlShow *show;
  int lw, lh; /* logical screen (after rotation) */
  int pw, ph; /* physical screen */
  int rotate;
  double start_ms;
  GArray *rasters;   /* Raster */
  GPtrArray *spares; /* slide images to draw over, no longer or not yet in RASTERS */
  guint64 clock;
  double render_ms;         /* time spent making slide images inside the current frame */
  cairo_surface_t *from;    /* the picture the transition leaves */
  guint64 transitions;      /* kstate's count when FROM was taken */
  int bar_lang;             /* the language the bar on screen shows lit; -1: none yet */
  guint nbuttons;           /* one per language */
  cairo_surface_t **bars;   /* per language: its button lit; then the unlit bar */
  cairo_surface_t **touch;  /* per language: the "touch" line, drawn once */
  gboolean *warm;           /* [lang * slides + slide]: drawn once already (vl_kdraw_prefetch) */
  cairo_surface_t *scratch; /* where vl_kdraw_prefetch draws what no one sees */
  char *notice;             /* the staff notice shown, or NULL */
  cairo_surface_t *notice_img;
  VlBox *buttons;          /* logical screen */
  cairo_surface_t *screen; /* the last composed frame, logical */
  cairo_surface_t *out;    /* the frame as the physical screen shows it */
  /* stats */
  guint64 frames;
  guint64 frame_bins[TIME_BINS];
  double switch_ms_max, first_frame_ms;
  double switch_cached_ms_max; /* switches whose slide image was ready */
  double switch_started;       /* >0 while a language switch waits for its frame */
  double frame_ms_max;         /* the slowest frame after the first (which makes the language bar) */
  double prepare_ms_max;       /* the longest step of vl_kdraw_prefetch */
};

/* ---------------------------------------------------------------- images */

/* An image to draw a slide on: a spare one, whose pages the process
 * already has, else a new one. A new 1080p image is a thousand pages from
 * the system, each a page fault when first touched: that took longer than
 * drawing the slide. */
/* A new image of a slide's size and format. */
static cairo_surface_t *slide_image(VlKDraw *d) {
  return cairo_image_surface_create(CAIRO_FORMAT_RGB16_565, d->lw, d->lh);
}

static cairo_surface_t *blank(VlKDraw *d) {
  if (d->spares->len) return g_ptr_array_steal_index_fast(d->spares, d->spares->len - 1);
  return slide_image(d);
}

/* IMG, a slide's image no one holds any more: kept as a spare while the
 * cache and the spares are fewer than RASTERS, else freed. */
static void let_go(VlKDraw *d, cairo_surface_t *img) {
  if (cairo_surface_get_reference_count(img) == 1 && d->rasters->len + d->spares->len < RASTERS)
    g_ptr_array_add(d->spares, img);
  else
    cairo_surface_destroy(img);
}

static cairo_surface_t *raster(VlKDraw *d, guint lang, guint slide) {
  guint oldest = 0;
  for (guint i = 0; i < d->rasters->len; i++) {
    Raster *r = &g_array_index(d->rasters, Raster, i);
    if (r->lang == lang && r->slide == slide) {
      r->used = ++d->clock;
      return r->img;
    }
    if (r->used < g_array_index(d->rasters, Raster, oldest).used) oldest = i;
  }
  double t0 = vl_now_ms();
  if (d->rasters->len >= RASTERS) {
    cairo_surface_t *img = g_array_index(d->rasters, Raster, oldest).img;
    g_array_remove_index_fast(d->rasters, oldest);
    let_go(d, img); /* one a transition still shows (d->from) stays its own */
  }
  Raster r = {lang, slide, blank(d), ++d->clock};
  vl_show_render_into(d->show, lang, slide, r.img);
  g_array_append_val(d->rasters, r);
  d->render_ms += vl_now_ms() - t0;
  return r.img;
}

static void drop_from(VlKDraw *d) {
  if (d->from) let_go(d, d->from);
  d->from = NULL;
}

/* Every image made from the show; the slides' become spares. */
static void forget_images(VlKDraw *d) {
  drop_from(d);
  while (d->rasters->len) {
    cairo_surface_t *img = g_array_index(d->rasters, Raster, d->rasters->len - 1).img;
    g_array_set_size(d->rasters, d->rasters->len - 1);
    let_go(d, img);
  }
  for (guint i = 0; d->bars && i <= d->nbuttons; i++)
    if (d->bars[i]) cairo_surface_destroy(d->bars[i]);
  g_free(d->bars);
  d->bars = NULL;
  for (guint i = 0; d->touch && i < d->nbuttons; i++)
    if (d->touch[i]) cairo_surface_destroy(d->touch[i]);
  g_free(d->touch);
  d->touch = NULL;
  g_free(d->buttons);
  d->buttons = NULL;
  g_free(d->warm);
  d->warm = NULL;
  if (d->notice_img) cairo_surface_destroy(d->notice_img);
  d->notice_img = NULL;
}

static void make_notice(VlKDraw *d);
static void make_bar(VlKDraw *d);

/* One button per language in as few rows as keep labels readable. */
static void layout_buttons(VlKDraw *d) {
  guint n = vl_show_langs(d->show);
  VlBox bar = vl_show_bar(d->show);
  guint rows = 1;
  while (rows < n && bar.w / ((n + rows - 1) / rows) < 150) rows++;
  guint cols = (n + rows - 1) / rows;
  d->nbuttons = n;
  d->buttons = g_new0(VlBox, n);
  double bw = bar.w / cols, bh = bar.h / rows;
  for (guint i = 0; i < n; i++) {
    guint r = i / cols, c = i % cols;
    d->buttons[i] = (VlBox){bar.x + c * bw + 3, bar.y + r * bh + 3, bw - 6, bh - 6};
  }
  d->bars = g_new0(cairo_surface_t *, n + 1); /* lit buttons, then the unlit bar */
  d->touch = g_new0(cairo_surface_t *, n);
  d->warm = g_new0(gboolean, n * MAX(vl_show_slides(d->show), 1));
  d->bar_lang = -1;
}

VlKDraw *vl_kdraw_new(VlShow *show, int pw, int ph, int rotate, double start_ms) {
  VlKDraw *d = g_new0(VlKDraw, 1);
  gboolean turned = rotate == 90 || rotate == 270;
  d->pw = pw, d->ph = ph, d->rotate = rotate, d->start_ms = start_ms;
  d->lw = turned ? ph : pw, d->lh = turned ? pw : ph;
  d->rasters = g_array_new(FALSE, FALSE, sizeof(Raster));
  d->spares = g_ptr_array_new_with_free_func((GDestroyNotify)cairo_surface_destroy);
  d->screen = cairo_image_surface_create(CAIRO_FORMAT_RGB24, d->lw, d->lh);
  d->out = rotate ? cairo_image_surface_create(CAIRO_FORMAT_RGB24, pw, ph) : d->screen;
  d->show = show;
  layout_buttons(d);
  return d;
}

void vl_kdraw_free(VlKDraw *d) {
  if (!d) return;
  forget_images(d);
  if (d->out != d->screen) cairo_surface_destroy(d->out);
  cairo_surface_destroy(d->screen);
  if (d->scratch) cairo_surface_destroy(d->scratch);
  g_array_free(d->rasters, TRUE);
  g_ptr_array_free(d->spares, TRUE);
  g_free(d->notice);
  g_free(d);
}

void vl_kdraw_set_show(VlKDraw *d, VlShow *show) {
  forget_images(d);
  d->show = show;
  layout_buttons(d);
  make_notice(d);
  /* Now, with the reload (which reads every file), not in the next frame:
   * sixteen labels took that frame 30 ms. */
  make_bar(d);
}

/* The language bar: one image with every button unlit, and for each
 * language a small image of its button lit, each drawn once. */
static cairo_surface_t *button_image(VlKDraw *d, guint i, gboolean lit) {
  VlBox b = d->buttons[i];
  cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)ceil(b.w), (int)ceil(b.h));
  cairo_t *cr = cairo_create(img);
  if (lit)
    cairo_set_source_rgb(cr, 0.114, 0.208, 0.341);
  else
    cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  VlBox at = {0, 0, b.w, b.h};
  vl_show_label(d->show, cr, i, vl_lang_autonym(vl_show_lang(d->show, i)), at, lit);
  cairo_destroy(cr);
  return img;
}

/* Copies IMG to (X, Y), or blends it in with ALPHA. Only IMG's own
 * rectangle is touched: a plain copy for opaque images is pixman's fast path. */
static void blit(cairo_t *cr, cairo_surface_t *img, double x, double y, double alpha) {
  cairo_save(cr);
  cairo_set_source_surface(cr, img, x, y);
  cairo_rectangle(cr, x, y, cairo_image_surface_get_width(img), cairo_image_surface_get_height(img));
  if (alpha >= 1) {
    cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
    cairo_fill(cr);
  } else {
    cairo_clip(cr);
    cairo_paint_with_alpha(cr, alpha);
  }
  cairo_restore(cr);
}

/* The bar with every button unlit, made once per show. */
static void make_bar(VlKDraw *d) {
  VlBox bar = vl_show_bar(d->show);
  guint n = d->nbuttons;
  if (!d->bars[n]) {
    cairo_surface_t *base = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)ceil(bar.w), (int)ceil(bar.h));
    cairo_t *b = cairo_create(base);
    cairo_set_source_rgb(b, 0.93, 0.95, 0.97);
    cairo_paint(b);
    for (guint i = 0; i < n; i++) {
      cairo_surface_t *btn = button_image(d, i, FALSE);
      blit(b, btn, floor(d->buttons[i].x - bar.x), floor(d->buttons[i].y - bar.y), 1);
      cairo_surface_destroy(btn);
    }
    cairo_destroy(b);
    d->bars[n] = base;
  }
}

static void draw_bar(VlKDraw *d, cairo_t *cr, guint selected) {
  VlBox bar = vl_show_bar(d->show);
  guint n = d->nbuttons;
  make_bar(d);
  if (!d->bars[selected]) d->bars[selected] = button_image(d, selected, TRUE);
  blit(cr, d->bars[n], floor(bar.x), floor(bar.y), 1);
  blit(cr, d->bars[selected], floor(d->buttons[selected].x), floor(d->buttons[selected].y), 1);
}

/* ---------------------------------------------------------------- frames */

/* The progress dots: the slide shown large in red, the others small and
 * gray. Both keep 3:1 against the white page (WCAG 1.4.11 for what is not
 * text): the gray is 3.7:1, the red 5.9:1 (#999fb3-ish gray was 2.4:1). */
static const double DOT_ON[3] = {0.757, 0.071, 0.122};  /* #c1121f */
static const double DOT_OFF[3] = {0.482, 0.529, 0.580}; /* #7b8794 */

/* Right-to-left languages read the dots from the right. */
void vl_kdraw_dot(const VlKDraw *d, const VlKState *st, guint i, double *x, double *y, double *r) {
  VlBox pr = vl_show_progress(d->show);
  guint n = vl_show_slides(d->show);
  double big = MIN(pr.h / 2, 12), gap = big * 3.2, x0 = pr.x + pr.w / 2 - gap * (n - 1) / 2;
  guint pos = vl_lang_rtl(vl_show_lang(d->show, vl_kstate_lang(st))) ? n - 1 - i : i;
  *x = x0 + pos * gap, *y = pr.y + pr.h / 2, *r = i == vl_kstate_slide(st) ? big : big * 0.55;
}

static void draw_dots(VlKDraw *d, const VlKState *st, cairo_t *cr) {
  for (guint i = 0; i < vl_show_slides(d->show); i++) {
    double x, y, r;
    vl_kdraw_dot(d, st, i, &x, &y, &r);
    const double *c = i == vl_kstate_slide(st) ? DOT_ON : DOT_OFF;
    cairo_new_sub_path(cr);
    cairo_arc(cr, x, y, r, 0, 2 * G_PI);
    cairo_set_source_rgb(cr, c[0], c[1], c[2]);
    cairo_fill(cr);
  }
}

/* Attract mode's line asking a passer-by to touch the screen, in the
 * language its turn has come to: drawn over the slide (the line has a
 * transparent background), from an image made once per language. */
static void draw_touch(VlKDraw *d, const VlKState *st, cairo_t *cr) {
  VlBox box = vl_show_touch_box(d->show);
  int lang = vl_kstate_touch_lang(st);
  if (lang < 0 || (guint)lang >= d->nbuttons || box.w < 1 || box.h < 1) return;
  cairo_surface_t **img = &d->touch[lang];
  if (!*img) {
    *img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)ceil(box.w), (int)ceil(box.h));
    cairo_t *t = cairo_create(*img);
    vl_show_touch(d->show, t, (guint)lang, (VlBox){0, 0, box.w, box.h});
    cairo_destroy(t);
  }
  cairo_set_source_surface(cr, *img, floor(box.x), floor(box.y));
  cairo_paint(cr);
}

/* The staff notice: white on the bar's dark blue (12.6:1), a strip across
 * the top of the screen as the viewer sees it, over the slide, never over
 * the language bar (it goes to the bottom when a layout has the bar at the
 * top; the bar is also clipped out where it is drawn). */
static const double NOTICE_BG[3] = {0.114, 0.208, 0.341}; /* #1d3557 */
static const double NOTICE_FG[3] = {1, 1, 1};

/* The strip: one line of text at 45% of 7.5% of the screen's short side
 * (a 1080-pixel screen: 81 pixels); a reason too long for one line at that
 * size gets a strip 1.75 times as tall, on two lines. */
static void make_notice(VlKDraw *d) {
  if (d->notice_img) cairo_surface_destroy(d->notice_img);
  d->notice_img = NULL;
  if (!d->notice) return;
  double h = MAX(24, round(0.075 * MIN(d->lw, d->lh)));
  for (int tall = 0; tall < 2; tall++, h = round(h * 1.75)) {
    if (d->notice_img) cairo_surface_destroy(d->notice_img);
    d->notice_img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, d->lw, (int)h);
    cairo_t *n = cairo_create(d->notice_img);
    cairo_set_source_rgb(n, NOTICE_BG[0], NOTICE_BG[1], NOTICE_BG[2]);
    cairo_paint(n);
    double scale = vl_show_notice(d->show, n, d->notice, NOTICE_FG, (VlBox){0, 0, d->lw, h});
    cairo_destroy(n);
    if (scale > 0.8) break;
  }
}

void vl_kdraw_set_notice(VlKDraw *d, const char *text) {
  g_free(d->notice);
  d->notice = text && *text ? g_strdup(text) : NULL;
  make_notice(d);
}

const char *vl_kdraw_notice(const VlKDraw *d, VlBox *box) {
  if (!d->notice_img) return NULL;
  VlBox bar = vl_show_bar(d->show);
  double h = cairo_image_surface_get_height(d->notice_img);
  gboolean bar_on_top = bar.w > 0 && bar.y + bar.h / 2 < d->lh / 2.0;
  if (box) *box = (VlBox){0, bar_on_top ? d->lh - h : 0, d->lw, h};
  return d->notice;
}

static void draw_notice(VlKDraw *d, cairo_t *cr) {
  VlBox box;
  if (vl_kdraw_notice(d, &box)) blit(cr, d->notice_img, box.x, box.y, 1);
}

void vl_kdraw_follow(VlKDraw *d, const VlKState *st) {
  if (!vl_kstate_moving(st)) {
    drop_from(d);
  } else if (vl_kstate_transitions(st) != d->transitions) {
    /* A reference, not a copy: it stays alive if the cache lets it go. */
    guint lang, slide;
    vl_kstate_from(st, &lang, &slide);
    drop_from(d);
    d->from = cairo_surface_reference(raster(d, lang, slide));
  }
  d->transitions = vl_kstate_transitions(st);
}

void vl_kdraw_compose(VlKDraw *d, VlKState *st) {
  /* Closed (outside --hours): the screen stays black and no frame is drawn. */
  if (vl_kstate_closed(st)) {
    vl_kstate_drawn(st);
    return;
  }
  vl_kdraw_follow(d, st);
  double t0 = vl_now_ms();
  d->render_ms = 0;
  cairo_t *cr = cairo_create(d->screen);
  guint lang = vl_kstate_lang(st);
  cairo_surface_t *cur = raster(d, lang, vl_kstate_slide(st));
  /* The slides move everywhere but under the language bar, which is painted
   * only when the chosen language changes. */
  VlBox bar = vl_show_bar(d->show);
  cairo_save(cr);
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_rectangle(cr, 0, 0, d->lw, d->lh);
  cairo_rectangle(cr, floor(bar.x), floor(bar.y), ceil(bar.w + bar.x) - floor(bar.x),
                  ceil(bar.h + bar.y) - floor(bar.y));
  cairo_clip(cr);
  double p = vl_kstate_progress(st);
  int direction = vl_kstate_direction(st);
  gboolean moving = vl_kstate_moving(st);
  if (moving && d->from && direction) {
    /* Push: the old slide leaves as the new one comes in. */
    /* direction -1: everything moves left, the new slide comes in from the right. */
    double x = round(-direction * d->lw * (1 - p));
    blit(cr, d->from, x + direction * d->lw, 0, 1);
    blit(cr, cur, x, 0, 1);
  } else if (moving && d->from) {
    blit(cr, d->from, 0, 0, 1);
    blit(cr, cur, 0, 0, p);
  } else {
    blit(cr, cur, 0, 0, 1);
  }
  draw_notice(d, cr);
  cairo_restore(cr);
  /* Always visible: the language bar and where we are. */
  if (d->bar_lang != (int)lang) {
    draw_bar(d, cr, lang);
    d->bar_lang = (int)lang;
  }
  draw_dots(d, st, cr);
  draw_touch(d, st, cr);
  cairo_destroy(cr);
  /* The physical screen: turned as the screen is mounted. */
  if (d->out != d->screen) {
    cairo_t *o = cairo_create(d->out);
    switch (d->rotate) {
      case 90:
        cairo_translate(o, d->pw, 0);
        break;
      case 180:
        cairo_translate(o, d->pw, d->ph);
        break;
      case 270:
        cairo_translate(o, 0, d->ph);
        break;
    }
    cairo_rotate(o, d->rotate * G_PI / 180);
    cairo_set_source_surface(o, d->screen, 0, 0);
    cairo_set_operator(o, CAIRO_OPERATOR_SOURCE);
    cairo_paint(o);
    cairo_destroy(o);
  }
  cairo_surface_flush(d->out);
  double t1 = vl_now_ms();
  /* A frame's cost is its compositing; making a slide image that was not
   * ready is the language switch's cost, counted in switch_ms. */
  double ms = t1 - t0 - d->render_ms;
  d->frames++;
  if (d->frames > 1) d->frame_ms_max = MAX(d->frame_ms_max, ms);
  d->frame_bins[ms > 0.001 ? MIN(TIME_BINS - 1, (int)(log(ms / 0.001) / log(TIME_BIN_GROWTH))) : 0]++;
  if (d->first_frame_ms == 0) d->first_frame_ms = t1 - d->start_ms;
  if (d->switch_started > 0) {
    d->switch_ms_max = MAX(d->switch_ms_max, t1 - d->switch_started);
    if (d->render_ms == 0) d->switch_cached_ms_max = MAX(d->switch_cached_ms_max, t1 - d->switch_started);
    d->switch_started = 0;
  }
  if (vl_kstate_drawn(st)) drop_from(d);
}

/* Whether slide SLIDE of LANG has an image ready; the cache's order is
 * left as it is. */
static gboolean have_raster(const VlKDraw *d, guint lang, guint slide) {
  for (guint i = 0; i < d->rasters->len; i++) {
    const Raster *r = &g_array_index(d->rasters, Raster, i);
    if (r->lang == lang && r->slide == slide) return TRUE;
  }
  return FALSE;
}

/* One step towards language LANG's slide SLIDE drawn at once: its page
 * laid out, then drawn once where no one sees it, which leaves the glyphs
 * of its fonts at its sizes rasterized in Cairo's cache (the first drawing
 * of a language took most of a switch). FALSE when both are done. */
static gboolean prepare_slide(VlKDraw *d, guint lang, guint slide) {
  if (vl_show_prepare(d->show, lang, slide)) return TRUE;
  gboolean *warm = &d->warm[lang * vl_show_slides(d->show) + slide];
  if (*warm || have_raster(d, lang, slide)) return FALSE;
  if (!d->scratch) d->scratch = slide_image(d);
  vl_show_render_into(d->show, lang, slide, d->scratch);
  *warm = TRUE;
  return TRUE;
}

/* One step of the work below, the first one left: the image the next
 * transition shows; the cache's images, made in memory before they are
 * needed; each language's lit button; each language's page of the slide
 * on screen (a tap on its button keeps the slide); then of the slides that
 * can come next (attract mode's, or the two a swipe brings). FALSE when
 * nothing was left to do. */
static gboolean prepare_step(VlKDraw *d, const VlKState *st) {
  guint n = vl_show_slides(d->show), langs = vl_show_langs(d->show);
  guint lang = vl_kstate_lang(st), slide = vl_kstate_slide(st);
  guint next[2] = {(slide + 1) % n, (slide + n - 1) % n}, nexts = 2;
  if (vl_kstate_mode(st) == VL_KMODE_ATTRACT) {
    guint nl;
    vl_kstate_attract_next(st, &nl, &next[0]);
    if (!have_raster(d, nl, next[0])) return raster(d, nl, next[0]) != NULL;
    nexts = 1;
  } else {
    for (guint i = 0; i < nexts; i++)
      if (!have_raster(d, lang, next[i])) return raster(d, lang, next[i]) != NULL;
  }
  if (d->rasters->len + d->spares->len < RASTERS) {
    cairo_surface_t *img = slide_image(d);
    vl_show_clear(img); /* each page touched now, not in a switch */
    g_ptr_array_add(d->spares, img);
    return TRUE;
  }
  for (guint i = 0; i < langs && i < d->nbuttons; i++)
    if (!d->bars[i]) {
      d->bars[i] = button_image(d, i, TRUE);
      return TRUE;
    }
  for (guint k = 1; k < langs; k++)
    if (prepare_slide(d, (lang + k) % langs, slide)) return TRUE;
  for (guint j = 0; j < nexts; j++)
    for (guint k = 0; k < langs; k++)
      if (prepare_slide(d, (lang + k) % langs, next[j])) return TRUE;
  return FALSE;
}

gboolean vl_kdraw_prefetch(VlKDraw *d, const VlKState *st) {
  if (vl_kstate_closed(st)) return FALSE;
  double t0 = vl_now_ms();
  gboolean did = prepare_step(d, st);
  if (did) d->prepare_ms_max = MAX(d->prepare_ms_max, vl_now_ms() - t0);
  return did;
}

void vl_kdraw_dark(VlKDraw *d) {
  cairo_surface_t *s[2] = {d->screen, d->out};
  for (int i = 0; i < 2; i++) {
    cairo_t *cr = cairo_create(s[i]);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_paint(cr);
    cairo_destroy(cr);
    cairo_surface_flush(s[i]);
  }
  drop_from(d);
}

void vl_kdraw_redraw(VlKDraw *d) { d->bar_lang = -1; }

/* ---------------------------------------------------------------- where things are */

cairo_surface_t *vl_kdraw_screen(const VlKDraw *d) { return d->screen; }

cairo_surface_t *vl_kdraw_out(const VlKDraw *d) { return d->out; }

void vl_kdraw_size(const VlKDraw *d, int *lw, int *lh) { *lw = d->lw, *lh = d->lh; }

/* Point (X, Y) of a W x H picture, where it is once the picture is turned
 * clockwise by DEG (0, 90, 180 or 270). */
static void turn(int deg, double w, double h, double x, double y, double *tx, double *ty) {
  switch (deg) {
    case 90:
      *tx = h - y, *ty = x;
      break;
    case 180:
      *tx = w - x, *ty = h - y;
      break;
    case 270:
      *tx = y, *ty = w - x;
      break;
    default:
      *tx = x, *ty = y;
  }
}

/* The touch screen reports the panel's points: turned back by --rotate. */
void vl_kdraw_to_viewer(const VlKDraw *d, double px, double py, double *x, double *y) {
  turn((360 - d->rotate) % 360, d->pw, d->ph, px, py, x, y);
}

void vl_kdraw_to_panel(const VlKDraw *d, double x, double y, double *px, double *py) {
  turn(d->rotate, d->lw, d->lh, x, y, px, py);
}

int vl_kdraw_button_at(const VlKDraw *d, double x, double y) {
  for (guint i = 0; i < d->nbuttons; i++) {
    VlBox b = d->buttons[i];
    if (x >= b.x && x < b.x + b.w && y >= b.y && y < b.y + b.h) return (int)i;
  }
  return -1;
}

VlBox vl_kdraw_button(const VlKDraw *d, guint i) { return d->buttons[i]; }

/* ---------------------------------------------------------------- stats */

void vl_kdraw_switch_started(VlKDraw *d, double start_ms) { d->switch_started = start_ms; }

guint64 vl_kdraw_frames(const VlKDraw *d) { return d->frames; }

/* The frame time below which SHARE of the frames fall (the middle of its bin). */
static double frame_ms_at(const VlKDraw *d, double share) {
  if (!d->frames) return 0;
  guint64 want = (guint64)ceil(d->frames * share), seen = 0;
  int i = 0;
  for (; i < TIME_BINS - 1; i++) {
    seen += d->frame_bins[i];
    if (seen >= MAX(want, 1)) break;
  }
  return 0.001 * pow(TIME_BIN_GROWTH, i + 0.5);
}

void vl_kdraw_print_stats(const VlKDraw *d) {
  printf("{\"frames\": %" G_GUINT64_FORMAT
         ", \"frame_ms_median\": %.2f, \"frame_ms_p99\": %.2f, \"switch_ms_max\": %.2f, "
         "\"first_frame_ms\": %.1f, \"rss_kb\": %ld, \"switch_cached_ms_max\": %.2f, \"frame_ms_max\": %.2f, "
         "\"prepare_ms_max\": %.2f}\n",
         d->frames, frame_ms_at(d, 0.5), frame_ms_at(d, 0.99), d->switch_ms_max, d->first_frame_ms,
         vl_proc_status_kb("VmHWM:"), d->switch_cached_ms_max, d->frame_ms_max, d->prepare_ms_max);
  fflush(stdout);
}
