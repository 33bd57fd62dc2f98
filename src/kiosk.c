/* sigaction, setitimer: POSIX. */
#define _POSIX_C_SOURCE 200809L
#include "kiosk.h"

#include <SDL.h>
#include <cairo.h>
#include <gio/gio.h>
#include <malloc.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "bundle.h"
#include "diag.h"
#include "hours.h"
#include "lang.h"
#include "notify.h"
#include "script.h"
#include "show.h"
#include "status.h"
#include "util.h"

#define ATTRACT_MS 8000.0   /* attract mode: the next slide */
#define TOUCH_MS 2500.0     /* attract mode: the "touch to choose your language" line in the next language */
#define TRANSITION_MS 450.0 /* cross-fade or push */
#define FRAME_MS (1000.0 / 60)
#define RASTERS 6        /* slide images kept (8 MB each at 1080p): the current one and those that come next */
#define SWIPE_SHARE 0.08 /* a drag longer than this share of the width is a swipe */
/* Frame times are counted in bins, each 2% wider than the last from 1 us up
 * (to minutes), not kept one by one: a kiosk composes millions of frames a
 * week, and its memory must not grow with them. */
#define TIME_BINS 1024
#define TIME_BIN_GROWTH 1.02
#define SCRIPT_LINE_MAX 65536 /* a script line longer than this is not a command */

typedef enum { ATTRACT, BROWSE } Mode;

typedef struct {
  guint lang, slide;
  cairo_surface_t *img;
  guint64 used; /* for least-recently-used eviction */
} Raster;

typedef struct {
  const VlKioskOptions *o;
  VlShow *show;
  int lw, lh; /* logical screen (after rotation) */
  int pw, ph; /* physical screen */
  Mode mode;
  guint lang, slide, default_lang;
  double now, last_input, next_attract;
  guint touch_lang;  /* attract mode: the language of the "touch" line */
  double next_touch; /* when it goes on to the next language */
  /* transition from the previous image to the current one */
  gboolean moving;
  double t0;
  int direction; /* -1 push left, +1 push right, 0 cross-fade */
  cairo_surface_t *from;
  guint from_lang, from_slide; /* what the transition leaves */
  GArray *rasters;             /* Raster */
  guint64 clock;
  double render_ms;        /* time spent making slide images inside the current frame */
  int bar_lang;            /* the language the bar on screen shows lit; -1: none yet */
  cairo_surface_t **bars;  /* per selected language: the language bar */
  cairo_surface_t **touch; /* per language: the "touch" line, drawn once */
  VlBox *buttons;          /* logical screen */
  cairo_surface_t *screen; /* the last composed frame, logical */
  cairo_surface_t *out;    /* the frame as the physical screen shows it */
  gboolean dirty;
  /* stats */
  guint64 frames;
  guint64 frame_bins[TIME_BINS];
  double switch_ms_max, first_frame_ms;
  double switch_cached_ms_max; /* switches whose slide image was ready */
  double switch_started;       /* >0 while a language switch waits for its frame */
  /* opening hours (--hours) */
  gboolean closed;      /* outside them: nothing drawn, the screen black */
  double hours_checked; /* on a screen: when the wall clock was last read */
  gint64 clock_local;   /* the simulated wall clock (a script's `clock`) at clock_at, seconds */
  double clock_at;      /* ... and when it was set; < 0: the real wall clock */
  /* live reload */
  gboolean reload_pending;
  guint reload_source;
  VlUpdater *updater; /* --updates: signed bundles from a USB stick */
  double next_update; /* when to look at the drop folder again */
  VlStatus *status;   /* --status: the health file (status.h), or NULL */
} Kiosk;

/* ---------------------------------------------------------------- images */

static cairo_surface_t *raster(Kiosk *k, guint lang, guint slide) {
  Raster *oldest = NULL;
  for (guint i = 0; i < k->rasters->len; i++) {
    Raster *r = &g_array_index(k->rasters, Raster, i);
    if (r->lang == lang && r->slide == slide) {
      r->used = ++k->clock;
      return r->img;
    }
    if (!oldest || r->used < oldest->used) oldest = r;
  }
  double t0 = vl_now_ms();
  Raster r = {lang, slide, vl_show_render(k->show, lang, slide, CAIRO_FORMAT_RGB16_565), ++k->clock};
  k->render_ms += vl_now_ms() - t0;
  if (k->rasters->len < RASTERS) {
    g_array_append_val(k->rasters, r);
  } else {
    cairo_surface_destroy(oldest->img);
    *oldest = r;
  }
  return r.img;
}

static void forget_images(Kiosk *k) {
  for (guint i = 0; i < k->rasters->len; i++) cairo_surface_destroy(g_array_index(k->rasters, Raster, i).img);
  g_array_set_size(k->rasters, 0);
  for (guint i = 0; k->bars && i <= vl_show_langs(k->show); i++)
    if (k->bars[i]) cairo_surface_destroy(k->bars[i]);
  g_free(k->bars);
  k->bars = NULL;
  for (guint i = 0; k->touch && i < vl_show_langs(k->show); i++)
    if (k->touch[i]) cairo_surface_destroy(k->touch[i]);
  g_free(k->touch);
  k->touch = NULL;
  g_free(k->buttons);
  k->buttons = NULL;
}

/* One button per language in as few rows as keep labels readable. */
static void layout_buttons(Kiosk *k) {
  guint n = vl_show_langs(k->show);
  VlBox bar = vl_show_bar(k->show);
  guint rows = 1;
  while (rows < n && bar.w / ((n + rows - 1) / rows) < 150) rows++;
  guint cols = (n + rows - 1) / rows;
  k->buttons = g_new0(VlBox, n);
  double bw = bar.w / cols, bh = bar.h / rows;
  for (guint i = 0; i < n; i++) {
    guint r = i / cols, c = i % cols;
    k->buttons[i] = (VlBox){bar.x + c * bw + 3, bar.y + r * bh + 3, bw - 6, bh - 6};
  }
  k->bars = g_new0(cairo_surface_t *, n + 1); /* lit buttons, then the unlit bar */
  k->touch = g_new0(cairo_surface_t *, n);
}

/* The language bar: one image with every button unlit, and for each
 * language a small image of its button lit, each drawn once. */
static cairo_surface_t *button_image(Kiosk *k, guint i, gboolean lit) {
  VlBox b = k->buttons[i];
  cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)ceil(b.w), (int)ceil(b.h));
  cairo_t *cr = cairo_create(img);
  if (lit)
    cairo_set_source_rgb(cr, 0.114, 0.208, 0.341);
  else
    cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  VlBox at = {0, 0, b.w, b.h};
  vl_show_label(k->show, cr, i, vl_lang_autonym(vl_show_lang(k->show, i)), at, lit);
  cairo_destroy(cr);
  return img;
}

static void blit(cairo_t *cr, cairo_surface_t *img, double x, double y, double alpha);

static void draw_bar(Kiosk *k, cairo_t *cr, guint selected) {
  VlBox bar = vl_show_bar(k->show);
  guint n = vl_show_langs(k->show);
  if (!k->bars[n]) {
    cairo_surface_t *base = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)ceil(bar.w), (int)ceil(bar.h));
    cairo_t *b = cairo_create(base);
    cairo_set_source_rgb(b, 0.93, 0.95, 0.97);
    cairo_paint(b);
    for (guint i = 0; i < n; i++) {
      cairo_surface_t *btn = button_image(k, i, FALSE);
      blit(b, btn, floor(k->buttons[i].x - bar.x), floor(k->buttons[i].y - bar.y), 1);
      cairo_surface_destroy(btn);
    }
    cairo_destroy(b);
    k->bars[n] = base;
  }
  if (!k->bars[selected]) k->bars[selected] = button_image(k, selected, TRUE);
  blit(cr, k->bars[n], floor(bar.x), floor(bar.y), 1);
  blit(cr, k->bars[selected], floor(k->buttons[selected].x), floor(k->buttons[selected].y), 1);
}

/* ---------------------------------------------------------------- frames */

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

/* How far the transition has come, eased in and out: 0 to 1. */
static double transition(const Kiosk *k) {
  double p = k->moving ? MIN(1.0, (k->now - k->t0) / TRANSITION_MS) : 1.0;
  return p * p * (3 - 2 * p);
}

/* The progress dots: the slide shown large in red, the others small and
 * gray. Both keep 3:1 against the white page (WCAG 1.4.11 for what is not
 * text): the gray is 3.7:1, the red 5.9:1 (#999fb3-ish gray was 2.4:1). */
static const double DOT_ON[3] = {0.757, 0.071, 0.122};  /* #c1121f */
static const double DOT_OFF[3] = {0.482, 0.529, 0.580}; /* #7b8794 */

/* Where dot I is on the logical screen, and its radius. Right-to-left
 * languages read the dots from the right. */
static void dot_at(const Kiosk *k, guint i, double *x, double *y, double *r) {
  VlBox pr = vl_show_progress(k->show);
  guint n = vl_show_slides(k->show);
  double big = MIN(pr.h / 2, 12), gap = big * 3.2, x0 = pr.x + pr.w / 2 - gap * (n - 1) / 2;
  guint pos = vl_lang_rtl(vl_show_lang(k->show, k->lang)) ? n - 1 - i : i;
  *x = x0 + pos * gap, *y = pr.y + pr.h / 2, *r = i == k->slide ? big : big * 0.55;
}

static void draw_dots(Kiosk *k, cairo_t *cr) {
  for (guint i = 0; i < vl_show_slides(k->show); i++) {
    double x, y, r;
    dot_at(k, i, &x, &y, &r);
    const double *c = i == k->slide ? DOT_ON : DOT_OFF;
    cairo_new_sub_path(cr);
    cairo_arc(cr, x, y, r, 0, 2 * G_PI);
    cairo_set_source_rgb(cr, c[0], c[1], c[2]);
    cairo_fill(cr);
  }
}

/* Attract mode's line asking a passer-by to touch the screen, in the
 * language its turn has come to: drawn over the slide (the line has a
 * transparent background), from an image made once per language. */
static void draw_touch(Kiosk *k, cairo_t *cr) {
  VlBox box = vl_show_touch_box(k->show);
  if (k->mode != ATTRACT || box.w < 1 || box.h < 1) return;
  cairo_surface_t **img = &k->touch[k->touch_lang];
  if (!*img) {
    *img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)ceil(box.w), (int)ceil(box.h));
    cairo_t *t = cairo_create(*img);
    vl_show_touch(k->show, t, k->touch_lang, (VlBox){0, 0, box.w, box.h});
    cairo_destroy(t);
  }
  cairo_set_source_surface(cr, *img, floor(box.x), floor(box.y));
  cairo_paint(cr);
}

static void compose(Kiosk *k) {
  /* Closed (outside --hours): the screen stays black and no frame is drawn. */
  if (k->closed) {
    k->dirty = FALSE;
    return;
  }
  double t0 = vl_now_ms();
  k->render_ms = 0;
  cairo_t *cr = cairo_create(k->screen);
  cairo_surface_t *cur = raster(k, k->lang, k->slide);
  /* The slides move everywhere but under the language bar, which is painted
   * only when the chosen language changes. */
  VlBox bar = vl_show_bar(k->show);
  cairo_save(cr);
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_rectangle(cr, 0, 0, k->lw, k->lh);
  cairo_rectangle(cr, floor(bar.x), floor(bar.y), ceil(bar.w + bar.x) - floor(bar.x),
                  ceil(bar.h + bar.y) - floor(bar.y));
  cairo_clip(cr);
  double p = transition(k);
  if (k->moving && k->from && k->direction) {
    /* Push: the old slide leaves as the new one comes in. */
    /* direction -1: everything moves left, the new slide comes in from the right. */
    double x = round(-k->direction * k->lw * (1 - p));
    blit(cr, k->from, x + k->direction * k->lw, 0, 1);
    blit(cr, cur, x, 0, 1);
  } else if (k->moving && k->from) {
    blit(cr, k->from, 0, 0, 1);
    blit(cr, cur, 0, 0, p);
  } else {
    blit(cr, cur, 0, 0, 1);
  }
  cairo_restore(cr);
  /* Always visible: the language bar and where we are. */
  if (k->bar_lang != (int)k->lang) {
    draw_bar(k, cr, k->lang);
    k->bar_lang = (int)k->lang;
  }
  draw_dots(k, cr);
  draw_touch(k, cr);
  cairo_destroy(cr);
  /* The physical screen: turned as the screen is mounted. */
  if (k->out != k->screen) {
    cairo_t *o = cairo_create(k->out);
    switch (k->o->rotate) {
      case 90:
        cairo_translate(o, k->pw, 0);
        break;
      case 180:
        cairo_translate(o, k->pw, k->ph);
        break;
      case 270:
        cairo_translate(o, 0, k->ph);
        break;
    }
    cairo_rotate(o, k->o->rotate * G_PI / 180);
    cairo_set_source_surface(o, k->screen, 0, 0);
    cairo_set_operator(o, CAIRO_OPERATOR_SOURCE);
    cairo_paint(o);
    cairo_destroy(o);
  }
  cairo_surface_flush(k->out);
  double t1 = vl_now_ms();
  /* A frame's cost is its compositing; making a slide image that was not
   * ready is the language switch's cost, counted in switch_ms. */
  double ms = t1 - t0 - k->render_ms;
  k->frames++;
  k->frame_bins[ms > 0.001 ? MIN(TIME_BINS - 1, (int)(log(ms / 0.001) / log(TIME_BIN_GROWTH))) : 0]++;
  if (k->first_frame_ms == 0) k->first_frame_ms = t1 - k->o->start_ms;
  if (k->switch_started > 0) {
    k->switch_ms_max = MAX(k->switch_ms_max, t1 - k->switch_started);
    if (k->render_ms == 0) k->switch_cached_ms_max = MAX(k->switch_cached_ms_max, t1 - k->switch_started);
    k->switch_started = 0;
  }
  if (k->moving && p >= 1.0) {
    k->moving = FALSE;
    if (k->from) cairo_surface_destroy(k->from);
    k->from = NULL;
  }
  k->dirty = FALSE;
}

/* Between transitions, make the images that come next, so that a transition
 * only composites. */
static void attract_next(const Kiosk *k, guint *lang, guint *slide);

static void prefetch(Kiosk *k) {
  guint n = vl_show_slides(k->show);
  if (k->closed) return;
  if (k->mode == ATTRACT) {
    guint lang, slide;
    attract_next(k, &lang, &slide);
    raster(k, lang, slide);
  } else {
    raster(k, k->lang, (k->slide + 1) % n);
    raster(k, k->lang, (k->slide + n - 1) % n);
  }
}

/* ---------------------------------------------------------------- state */

static void go(Kiosk *k, guint lang, guint slide, int direction) {
  if (lang == k->lang && slide == k->slide) return;
  /* Keep the picture being left for the transition. */
  if (k->from) cairo_surface_destroy(k->from);
  /* A reference, not a copy: it stays alive if the cache lets it go. */
  k->from = cairo_surface_reference(raster(k, k->lang, k->slide));
  k->from_lang = k->lang, k->from_slide = k->slide;
  k->lang = lang, k->slide = slide;
  k->moving = TRUE;
  k->t0 = k->now;
  k->direction = direction;
  k->dirty = TRUE;
}

static void input(Kiosk *k) {
  k->last_input = k->now;
  k->mode = BROWSE;
}

/* Which way the slides move on screen to go BY slides on in language LANG
 * (-1 leftwards, +1 rightwards): with the finger that swipes them, so
 * forward is leftwards, and rightwards in a right-to-left language. */
static int push_direction(const Kiosk *k, guint lang, int by) {
  gboolean rtl = vl_lang_rtl(vl_show_lang(k->show, lang));
  return (by > 0) != rtl ? -1 : 1;
}

static void step(Kiosk *k, int by) {
  guint n = vl_show_slides(k->show);
  if (k->closed) return;
  input(k);
  go(k, k->lang, (k->slide + n + by) % n, push_direction(k, k->lang, by));
}

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

/* A point of the panel, as the touch screen reports it, on the screen as
 * the viewer sees it: turned back by --rotate. */
static void to_viewer(const Kiosk *k, double px, double py, double *x, double *y) {
  turn((360 - k->o->rotate) % 360, k->pw, k->ph, px, py, x, y);
}

/* The other way: a point of the viewer's screen on the panel. */
static void to_panel(const Kiosk *k, double x, double y, double *px, double *py) {
  turn(k->o->rotate, k->lw, k->lh, x, y, px, py);
}

/* A tap at (X, Y) of the viewer's screen. */
static void tap(Kiosk *k, double x, double y) {
  if (k->closed) return;
  for (guint i = 0; i < vl_show_langs(k->show); i++) {
    VlBox b = k->buttons[i];
    if (x >= b.x && x < b.x + b.w && y >= b.y && y < b.y + b.h) {
      input(k);
      if (i != k->lang) {
        k->switch_started = vl_now_ms();
        go(k, i, k->slide, 0);
      }
      return;
    }
  }
  /* The side where reading goes on moves forward: right, or left in a
   * right-to-left language. */
  gboolean rtl = vl_lang_rtl(vl_show_lang(k->show, k->lang));
  gboolean right = x >= k->lw / 2.0;
  step(k, right != rtl ? 1 : -1);
}

static void swipe(Kiosk *k, gboolean leftwards) {
  gboolean rtl = vl_lang_rtl(vl_show_lang(k->show, k->lang));
  step(k, leftwards != rtl ? 1 : -1);
}

/* A finger (or the mouse) down at (X1, Y1) and up at (X2, Y2) of the panel.
 * Read as the viewer sees it, whatever --rotate: a drag across their screen
 * is a swipe, a short one a tap where it began, and a drag up or down
 * turns no page. */
static void gesture(Kiosk *k, double px1, double py1, double px2, double py2) {
  double x1, y1, x2, y2;
  to_viewer(k, px1, py1, &x1, &y1);
  to_viewer(k, px2, py2, &x2, &y2);
  double dx = x2 - x1, dy = y2 - y1, far = SWIPE_SHARE * k->lw;
  if (fabs(dx) > far && fabs(dx) > fabs(dy))
    swipe(k, dx < 0);
  else if (hypot(dx, dy) <= far)
    tap(k, x1, y1);
}

/* SDL key names: arrows, space and page keys browse. FALSE for keys the
 * kiosk ignores. */
static gboolean key(Kiosk *k, SDL_Keycode code) {
  switch (code) {
    case SDLK_RIGHT:
    case SDLK_SPACE:
    case SDLK_PAGEDOWN:
    case SDLK_DOWN:
      step(k, 1);
      return TRUE;
    case SDLK_LEFT:
    case SDLK_PAGEUP:
    case SDLK_UP:
    case SDLK_BACKSPACE:
      step(k, -1);
      return TRUE;
    default:
      return FALSE;
  }
}

/* Attract mode's next picture: every slide of a language in order, then
 * the next language from its title. Each language shows all its slides in
 * one cycle (moving slide and language on together showed each language
 * only half of them). */
static void attract_next(const Kiosk *k, guint *lang, guint *slide) {
  *lang = k->lang, *slide = k->slide + 1;
  if (*slide >= vl_show_slides(k->show)) *slide = 0, *lang = (k->lang + 1) % vl_show_langs(k->show);
}

/* What the screen shows: during a transition, the picture that covers more
 * of it. */
static void on_screen(const Kiosk *k, guint *lang, guint *slide) {
  gboolean leaving = k->moving && k->from && transition(k) < 0.5;
  *lang = leaving ? k->from_lang : k->lang;
  *slide = leaving ? k->from_slide : k->slide;
}

/* ---------------------------------------------------------------- opening hours */

/* The wall clock, seconds (hours.h): on a screen the real one, read each
 * time (it may be set, or change for summer time, while the kiosk runs);
 * headless, a script's simulated one, which its `clock` sets. */
static gint64 local_now(const Kiosk *k) {
  if (!k->o->headless) return vl_hours_local_now();
  return k->clock_local + (gint64)floor((k->now - k->clock_at) / 1000);
}

/* When the simulated wall clock next shows a new minute, the step of --hours. */
static double next_minute(const Kiosk *k) {
  double ms = fmod(k->clock_local * 1000.0 + (k->now - k->clock_at), 60000);
  return k->now + 60000 - ms;
}

/* Runs --display-off or --display-on's command, without a shell, and does
 * not wait for it (GLib reaps it); a command that cannot start is logged. */
static void run_display(char **argv, const char *which) {
  GError *err = NULL;
  if (argv && !g_spawn_async(NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, &err)) {
    fprintf(stderr, "volante kiosk: --display-%s: %s\n", which, err->message);
    g_error_free(err);
  }
}

/* Closed: a black screen, no transition left to finish. */
static void go_dark(Kiosk *k) {
  cairo_surface_t *s[2] = {k->screen, k->out};
  for (int i = 0; i < 2; i++) {
    cairo_t *cr = cairo_create(s[i]);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_paint(cr);
    cairo_destroy(cr);
    cairo_surface_flush(s[i]);
  }
  if (k->from) cairo_surface_destroy(k->from);
  k->from = NULL;
  k->moving = FALSE;
}

/* Open again: attract mode from the start in the default language, as after
 * an idle reset, with every part of the screen drawn anew. */
static void start_over(Kiosk *k) {
  k->mode = ATTRACT;
  k->lang = k->touch_lang = k->default_lang;
  k->slide = 0;
  k->next_attract = k->now + ATTRACT_MS;
  k->next_touch = k->now + TOUCH_MS;
  k->bar_lang = -1;
}

/* Opens or closes with --hours. Closed, the kiosk draws nothing: the screen
 * is black and, with --display-off, the display is told to sleep. One line
 * for the log each way (the center's hours, nothing about anyone). */
static void check_hours(Kiosk *k) {
  if (!k->o->hours) return;
  /* A screen reads the real clock once a second, not every frame. */
  if (!k->o->headless && k->hours_checked > 0 && k->now - k->hours_checked < 1000) return;
  k->hours_checked = MAX(k->now, 1);
  gboolean closed = !vl_hours_open(k->o->hours, local_now(k));
  if (closed == k->closed) return;
  k->closed = closed;
  if (closed) {
    go_dark(k);
    fprintf(stderr, "volante kiosk: closed (outside --hours): the screen is black\n");
    run_display(k->o->display_off, "off");
  } else {
    fprintf(stderr, "volante kiosk: open (--hours)\n");
    run_display(k->o->display_on, "on");
    start_over(k);
  }
  k->dirty = TRUE;
}

/* Time passes: attract mode moves on; a kiosk left alone goes back to the
 * start in the default language, so the next visitor never sees what the
 * last one chose. */
static gboolean try_reload(gpointer p);

/* How often the drop folder is looked at: a stick is read within seconds. */
#define UPDATE_MS 2000.0

/* --status: the health file, when due or (NOW) at once. */
static void write_status(Kiosk *k, gboolean now) {
  vl_status_frames(k->status, k->now, k->frames);
  if (!k->status || (!now && k->now < vl_status_due(k->status))) return;
  const char *hours = !k->o->hours ? "always" : k->closed ? "closed" : "open";
  vl_status_write(k->status, k->now, k->show, k->o->content_dir, hours,
                  k->updater ? vl_updater_notice(k->updater) : NULL);
}

static void tick(Kiosk *k) {
  if (k->updater && k->now >= k->next_update) {
    k->next_update = k->now + UPDATE_MS;
    if (vl_updater_poll(k->updater)) try_reload(k);
  }
  check_hours(k);
  write_status(k, FALSE);
  if (k->closed) return;
  if (k->mode == BROWSE && k->now - k->last_input >= k->o->idle_s * 1000.0) {
    k->mode = ATTRACT;
    go(k, k->default_lang, 0, 0);
    k->next_attract = k->now + ATTRACT_MS;
    k->touch_lang = k->default_lang;
    k->next_touch = k->now + TOUCH_MS;
    k->dirty = TRUE;
  }
  if (k->mode == ATTRACT && k->now >= k->next_attract) {
    guint lang, slide;
    attract_next(k, &lang, &slide);
    /* Within a language the slides move on as a reader's finger would; a
     * new language fades in. */
    go(k, lang, slide, lang == k->lang ? push_direction(k, lang, 1) : 0);
    k->next_attract = k->now + ATTRACT_MS;
  }
  if (k->mode == ATTRACT && k->now >= k->next_touch) {
    k->touch_lang = (k->touch_lang + 1) % vl_show_langs(k->show);
    k->next_touch = k->now + TOUCH_MS;
    k->dirty = TRUE;
  }
  if (k->moving) k->dirty = TRUE;
}

/* When something next happens on its own, for the simulated clock. */
static double next_event(Kiosk *k) {
  double t;
  if (k->closed)
    t = G_MAXDOUBLE;
  else if (k->moving || k->dirty)
    t = k->now + FRAME_MS;
  else if (k->mode == ATTRACT)
    t = MIN(k->next_attract, k->next_touch);
  else
    t = k->last_input + k->o->idle_s * 1000.0;
  if (k->o->hours) t = MIN(t, next_minute(k));
  if (k->status) t = MIN(t, vl_status_due(k->status));
  return k->updater ? MIN(t, k->next_update) : t;
}

/* ---------------------------------------------------------------- reload */

/* One line per language the show left out or kept as it was, for the log
 * (journalctl): the translator's file:line and why. */
static void log_left_out(const VlShow *show) {
  VlDiag *d = vl_show_diag(show);
  for (guint i = 0; i < vl_diag_len(d); i++) {
    const VlProblem *p = vl_diag_get(d, i);
    if (p->severity == VL_ERROR) fprintf(stderr, "volante kiosk: %s:%d: %s\n", p->file, p->line, p->message);
  }
}

/* A bundle is installed only when its content loads as this kiosk would
 * show it, with no error in any language. */
static gboolean check_bundle(const char *dir, gpointer p, GError **err) {
  Kiosk *k = p;
  VlShow *s = vl_show_load(dir, k->o->layouts_dir, k->o->fonts_dir, k->o->langs, k->lw, k->lh, NULL, err);
  if (!s) return FALSE;
  VlDiag *d = vl_show_diag(s);
  gboolean ok = TRUE;
  for (guint i = 0; ok && i < vl_diag_len(d); i++) {
    const VlProblem *pr = vl_diag_get(d, i);
    if (pr->severity != VL_ERROR) continue;
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "its content has errors: %s:%d: %s", pr->file, pr->line,
                pr->message);
    ok = FALSE;
  }
  vl_show_free(s);
  return ok;
}

static gboolean try_reload(gpointer p) {
  Kiosk *k = p;
  k->reload_source = 0;
  GError *err = NULL;
  /* The new show owns its problem list; the old one, with everything that
   * points into it, goes as a whole below. */
  VlShow *fresh =
      vl_show_load(k->o->content_dir, k->o->layouts_dir, k->o->fonts_dir, k->o->langs, k->lw, k->lh, k->show, &err);
  if (!fresh) {
    /* Keep showing the last good content; one line for the log. */
    fprintf(stderr, "volante kiosk: %s (keeping the last good content)\n", err->message);
    vl_status_reloaded(k->status, k->now, err->message);
    write_status(k, TRUE);
    g_error_free(err);
    return G_SOURCE_REMOVE;
  }
  log_left_out(fresh);
  const char *tag = vl_lang_tag(vl_show_lang(k->show, k->lang));
  const char *def = vl_lang_tag(vl_show_lang(k->show, k->default_lang));
  int lang = vl_show_lang_index(fresh, tag), dl = vl_show_lang_index(fresh, def);
  forget_images(k);
  if (k->from) cairo_surface_destroy(k->from);
  k->from = NULL;
  k->moving = FALSE;
  vl_show_free(k->show);
  k->show = fresh;
  k->lang = lang >= 0 ? (guint)lang : 0;
  k->default_lang = dl >= 0 ? (guint)dl : 0;
  if (k->slide >= vl_show_slides(fresh)) k->slide = 0;
  if (k->touch_lang >= vl_show_langs(fresh)) k->touch_lang = k->default_lang;
  layout_buttons(k);
  k->bar_lang = -1;
  k->dirty = TRUE;
  fprintf(stderr, "volante kiosk: content reloaded\n");
  vl_status_reloaded(k->status, k->now, NULL);
  write_status(k, TRUE);
  return G_SOURCE_REMOVE;
}

static void on_change(GFileMonitor *m, GFile *f, GFile *o, GFileMonitorEvent ev, gpointer p) {
  (void)m, (void)f, (void)o;
  Kiosk *k = p;
  if (ev == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED) return;
  if (k->reload_source) g_source_remove(k->reload_source);
  k->reload_source = g_timeout_add(150, try_reload, k);
}

static GPtrArray *watch_content(Kiosk *k) {
  GPtrArray *mons = g_ptr_array_new_with_free_func(g_object_unref);
  char *dirs[] = {g_strdup(k->o->content_dir), g_build_filename(k->o->content_dir, "po", NULL),
                  g_build_filename(k->o->layouts_dir, "kiosk", NULL)};
  for (int i = 0; i < 3; i++) {
    GFile *f = g_file_new_for_path(dirs[i]);
    GFileMonitor *m = g_file_monitor_directory(f, G_FILE_MONITOR_WATCH_MOVES, NULL, NULL);
    g_object_unref(f);
    g_free(dirs[i]);
    if (!m) continue;
    g_signal_connect(m, "changed", G_CALLBACK(on_change), k);
    g_ptr_array_add(mons, m);
  }
  return mons;
}

/* ---------------------------------------------------------------- shots and stats */

/* The shot's "touch": attract mode's line, the language whose turn it is and
 * the language and text it shows (the English while it has no translation);
 * null when the line is not on screen. */
static void shot_touch(const Kiosk *k, GString *j) {
  const VlBox box = vl_show_touch_box(k->show);
  const char *text = NULL, *in = NULL;
  if (k->mode == ATTRACT && box.w >= 1 && box.h >= 1) text = vl_show_touch_text(k->show, k->touch_lang, &in);
  g_string_append(j, ", \"touch\": ");
  if (!text) {
    g_string_append(j, "null");
    return;
  }
  g_string_append(j, "{\"lang\": ");
  vl_json_string(j, vl_lang_tag(vl_show_lang(k->show, k->touch_lang)));
  g_string_append(j, ", \"shown_in\": ");
  vl_json_string(j, in);
  g_string_append(j, ", \"text\": ");
  vl_json_string(j, text);
  g_string_append(j, "}");
}

/* The shot's "dots": the centre of each progress dot on the panel, its
 * radius, and whether it is the slide shown. */
static void shot_dots(const Kiosk *k, GString *j) {
  g_string_append(j, ", \"dots\": [");
  for (guint i = 0; i < vl_show_slides(k->show); i++) {
    double x, y, r, px, py;
    dot_at(k, i, &x, &y, &r);
    to_panel(k, x, y, &px, &py);
    g_string_append_printf(j, "%s{\"x\": %.1f, \"y\": %.1f, \"r\": %.1f, \"on\": %s}", i ? ", " : "", px, py, r,
                           i == k->slide ? "true" : "false");
  }
  g_string_append(j, "]");
}

static gboolean shot(Kiosk *k, const char *name, GError **err) {
  if (k->dirty || k->moving) compose(k);
  char *png = g_strdup_printf("%s/%s.png", k->o->shots, name);
  gboolean ok = vl_png_write(k->out, png, err);
  g_free(png);
  if (!ok) return FALSE;
  GString *j = g_string_new("{\"mode\": ");
  vl_json_string(j, k->mode == ATTRACT ? "attract" : "browse");
  /* The language and slide of the picture on the screen, in attract mode
   * too (mid-transition, the one that covers more of it). */
  guint lang, slide;
  on_screen(k, &lang, &slide);
  g_string_append(j, ", \"lang\": ");
  vl_json_string(j, vl_lang_tag(vl_show_lang(k->show, lang)));
  g_string_append_printf(
      j, ", \"slide\": %u, \"slides\": %u, \"moving\": %s, \"hours\": \"%s\", \"frames\": %" G_GUINT64_FORMAT,
      slide + 1, vl_show_slides(k->show), k->moving ? "true" : "false", k->closed ? "closed" : "open", k->frames);
  shot_touch(k, j);
  shot_dots(k, j);
  g_string_append(j, ", \"buttons\": [");
  for (guint i = 0; i < vl_show_langs(k->show); i++) {
    VlBox b = k->buttons[i];
    /* The rectangle on the panel: its corners turned, then ordered. */
    double x1, y1, x2, y2;
    to_panel(k, b.x, b.y, &x1, &y1);
    to_panel(k, b.x + b.w, b.y + b.h, &x2, &y2);
    double x = MIN(x1, x2), y = MIN(y1, y2), w = fabs(x2 - x1), h = fabs(y2 - y1);
    const VlLang *l = vl_show_lang(k->show, i);
    char *id = g_strconcat("lang:", vl_lang_tag(l), NULL);
    g_string_append_printf(j, "%s{\"id\": ", i ? ", " : "");
    vl_json_string(j, id);
    g_string_append(j, ", \"label\": ");
    vl_json_string(j, vl_lang_autonym(l));
    g_string_append_printf(j, ", \"x\": %d, \"y\": %d, \"w\": %d, \"h\": %d}", (int)x, (int)y, (int)w, (int)h);
    g_free(id);
  }
  g_string_append(j, "]");
  if (k->updater) { /* the last bundle installed or refused, for staff */
    g_string_append(j, ", \"update\": ");
    vl_json_string(j, vl_updater_notice(k->updater));
  }
  g_string_append(j, "}\n");
  char *json = g_strdup_printf("%s/%s.json", k->o->shots, name);
  ok = vl_write_atomic(json, j->str, j->len, err);
  g_free(json);
  g_string_free(j, TRUE);
  return ok;
}

/* The frame time below which SHARE of the frames fall (the middle of its bin). */
static double frame_ms_at(const Kiosk *k, double share) {
  if (!k->frames) return 0;
  guint64 want = (guint64)ceil(k->frames * share), seen = 0;
  int i = 0;
  for (; i < TIME_BINS - 1; i++) {
    seen += k->frame_bins[i];
    if (seen >= MAX(want, 1)) break;
  }
  return 0.001 * pow(TIME_BIN_GROWTH, i + 0.5);
}

/* A field of /proc/self/status in kB (VmHWM: the peak, VmRSS: now). */
static long status_kb(const char *field) {
  char *status = NULL;
  long kb = 0;
  if (g_file_get_contents("/proc/self/status", &status, NULL, NULL)) {
    char *p = strstr(status, field);
    if (p) kb = strtol(p + strlen(field), NULL, 10);
    g_free(status);
  }
  return kb;
}

static void print_stats(Kiosk *k) {
  printf("{\"frames\": %" G_GUINT64_FORMAT
         ", \"frame_ms_median\": %.2f, \"frame_ms_p99\": %.2f, \"switch_ms_max\": %.2f, "
         "\"first_frame_ms\": %.1f, \"rss_kb\": %ld, \"switch_cached_ms_max\": %.2f}\n",
         k->frames, frame_ms_at(k, 0.5), frame_ms_at(k, 0.99), k->switch_ms_max, k->first_frame_ms, status_kb("VmHWM:"),
         k->switch_cached_ms_max);
  fflush(stdout);
}

static int open_fds(void) {
  int n = 0;
  GDir *d = g_dir_open("/proc/self/fd", 0, NULL);
  if (!d) return -1;
  while (g_dir_read_name(d)) n++;
  g_dir_close(d);
  return n - 1; /* less the one reading the folder */
}

/* For a long test (tools/soak): one JSON line on stdout about the frame on
 * the screen and the process. "sum" tells frames apart; "blank" is a frame
 * whose slide (all but the language bar and the progress dots) is one flat
 * colour. */
static void probe(Kiosk *k, int line) {
  if (k->dirty || k->moving) compose(k);
  cairo_surface_t *s = k->screen;
  const unsigned char *data = cairo_image_surface_get_data(s);
  int stride = cairo_image_surface_get_stride(s), w = cairo_image_surface_get_width(s);
  int h = cairo_image_surface_get_height(s);
  VlBox bar = vl_show_bar(k->show), pr = vl_show_progress(k->show);
  guint64 sum = 14695981039346656037u; /* FNV-1a over the pixels */
  guint32 first = *(const guint32 *)data;
  gboolean flat = TRUE;
  for (int y = 0; y < h; y++) {
    const guint32 *row = (const guint32 *)(data + (gsize)y * stride);
    for (int x = 0; x < w; x++) {
      guint32 px = row[x] & 0xffffff;
      sum = (sum ^ px) * 1099511628211u;
      gboolean in_bar = x >= bar.x && x < bar.x + bar.w && y >= bar.y && y < bar.y + bar.h;
      gboolean in_dots = x >= pr.x && x < pr.x + pr.w && y >= pr.y && y < pr.y + pr.h;
      if (!in_bar && !in_dots && px != (first & 0xffffff)) flat = FALSE;
    }
  }
  printf("{\"line\": %d, \"ms\": %.0f, \"frames\": %" G_GUINT64_FORMAT ", \"mode\": \"%s\", \"lang\": ", line, k->now,
         k->frames, k->mode == ATTRACT ? "attract" : "browse");
  guint lang, slide;
  on_screen(k, &lang, &slide);
  GString *tag = g_string_new(NULL);
  vl_json_string(tag, vl_lang_tag(vl_show_lang(k->show, lang)));
  printf("%s, \"langs\": %u, \"slide\": %u, \"sum\": \"%016" G_GINT64_MODIFIER
         "x\", \"blank\": %s, \"rss_kb\": %ld, \"fds\": %d}\n",
         tag->str, vl_show_langs(k->show), slide + 1, sum, flat ? "true" : "false", status_kb("VmRSS:"), open_fds());
  g_string_free(tag, TRUE);
  fflush(stdout);
}

/* ---------------------------------------------------------------- headless: the test script */

static void advance(Kiosk *k, double target) {
  for (;;) {
    double t = next_event(k);
    if (t > target) break;
    k->now = t;
    tick(k);
    if (k->dirty) compose(k);
    if (!k->moving) prefetch(k);
    vl_notify_alive();
  }
  k->now = target;
  tick(k);
  if (k->dirty) compose(k);
}

/* A line of standard input (`--script -`) into BUF, without its newline;
 * FALSE at the end or, with ERR set, for a line that is not UTF-8 or too
 * long to be a command. */
static gboolean stdin_line(GString *buf, const char *path, int line, GError **err) {
  g_string_truncate(buf, 0);
  int c;
  while ((c = getchar()) != EOF && c != '\n') {
    if (buf->len >= SCRIPT_LINE_MAX) {
      g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%d: a line longer than %d bytes", path, line,
                  SCRIPT_LINE_MAX);
      return FALSE;
    }
    g_string_append_c(buf, (char)c);
  }
  if (c == EOF && !buf->len) return FALSE;
  const char *bad = NULL;
  if (!g_utf8_validate(buf->str, (gssize)buf->len, &bad)) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                *bad ? "%s:%d: invalid UTF-8 (byte 0x%02x)" : "%s:%d: contains a NUL byte", path, line,
                (unsigned char)*bad);
    return FALSE;
  }
  return TRUE;
}

/* Runs one step; 0, or 2 after a message. */
static int run_step(Kiosk *k, const VlStep *s) {
  GError *err = NULL;
  switch (s->kind) {
    case VL_STEP_TAP:
      gesture(k, s->x, s->y, s->x, s->y);
      compose(k);
      break;
    case VL_STEP_DRAG:
      gesture(k, s->x, s->y, s->x2, s->y2);
      compose(k);
      break;
    case VL_STEP_SWIPE:
      swipe(k, s->left);
      compose(k);
      break;
    case VL_STEP_KEY:
      if (key(k, s->key)) compose(k);
      break;
    case VL_STEP_WAIT:
      advance(k, k->now + s->ms);
      break;
    case VL_STEP_SLEEP: {
      /* Real time, for tests that change files while the kiosk runs. */
      double until = vl_now_ms() + s->ms;
      while (vl_now_ms() < until) {
        while (g_main_context_iteration(NULL, FALSE)) {
        }
        vl_notify_alive();
        g_usleep(5000);
      }
      if (k->dirty) compose(k);
      break;
    }
    case VL_STEP_RELOAD:
      /* Read the content again now, as the file monitors would after an
       * edit, without waiting in real time; what they noticed is this same
       * reload. */
      if (k->reload_source) g_source_remove(k->reload_source);
      k->reload_source = 0;
      try_reload(k);
      if (k->dirty) compose(k);
      break;
    case VL_STEP_PROBE:
      probe(k, s->line);
      break;
    case VL_STEP_CLOCK:
      /* The wall clock jumps; the simulated time goes on from here. */
      k->clock_local = s->local, k->clock_at = k->now;
      tick(k);
      if (k->dirty) compose(k);
      break;
    case VL_STEP_SHOT:
      if (!shot(k, s->name, &err)) {
        fprintf(stderr, "volante kiosk: %s\n", err->message);
        g_error_free(err);
        return 2;
      }
      break;
  }
  return 0;
}

static int run_script(Kiosk *k) {
  GError *err = NULL;
  int rc = 0;
  if (!strcmp(k->o->script, "-")) {
    /* Standard input, a step at a time as it comes: a program drives the
     * kiosk and reads what `probe` prints (tools/soak). */
    const char *path = "standard input";
    GString *buf = g_string_new(NULL);
    for (int line = 1; rc == 0 && stdin_line(buf, path, line, &err); line++) {
      VlStep *s = vl_script_parse_line(buf->str, line, path, k->pw, k->ph, &err);
      if (!s && err) break;
      if (s) rc = run_step(k, s);
      vl_step_free(s);
      vl_notify_alive();
    }
    g_string_free(buf, TRUE);
  } else {
    GPtrArray *steps = vl_script_load(k->o->script, k->pw, k->ph, &err);
    for (guint i = 0; steps && i < steps->len && rc == 0; i++) {
      rc = run_step(k, g_ptr_array_index(steps, i));
      vl_notify_alive();
    }
    if (steps) g_ptr_array_free(steps, TRUE);
  }
  if (err) {
    fprintf(stderr, "volante kiosk: %s\n", err->message);
    g_error_free(err);
    rc = 2;
  }
  return rc;
}

/* ---------------------------------------------------------------- SDL window */

/* SIGTERM (systemctl stop) and SIGINT end the window's loop at its next turn
 * (40 ms at most). Should that turn be stuck (a content reload on a slow
 * machine, a driver), the timer the signal starts ends the process 0.8 s
 * later all the same: a stop always takes less than a second. Only async-signal-safe
 * calls in the handlers. */
static volatile sig_atomic_t stop_asked;

static void on_stop_late(int sig) {
  (void)sig;
  _exit(0);
}

static void on_stop(int sig) {
  (void)sig;
  if (stop_asked) return; /* a second signal does not put the timer off */
  stop_asked = 1;
  struct itimerval late = {{0, 0}, {0, 800000}};
  setitimer(ITIMER_REAL, &late, NULL);
}

static void catch_stop(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sigemptyset(&sa.sa_mask);
  sa.sa_handler = on_stop_late;
  sigaction(SIGALRM, &sa, NULL);
  sa.sa_handler = on_stop;
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
}

static int run_window(Kiosk *k, SDL_Window *win) {
  SDL_Renderer *ren = SDL_CreateRenderer(win, -1, SDL_RENDERER_PRESENTVSYNC);
  if (!ren) ren = SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE);
  SDL_Texture *tex =
      ren ? SDL_CreateTexture(ren, SDL_PIXELFORMAT_RGB888, SDL_TEXTUREACCESS_STREAMING, k->pw, k->ph) : NULL;
  if (!tex) {
    fprintf(stderr, "volante kiosk: cannot draw to the display: %s\n", SDL_GetError());
    return 2;
  }
  double start = vl_now_ms();
  double down_x = -1, down_y = -1;
  gboolean quit = FALSE;
  k->dirty = TRUE; /* the first frame, on screen at once */
  catch_stop();
  while (!quit && !stop_asked) {
    SDL_Event e;
    int have = (k->dirty || k->moving) ? SDL_PollEvent(&e) : SDL_WaitEventTimeout(&e, 40);
    while (have) {
      double ux = -1, uy = -1;
      switch (e.type) {
        case SDL_KEYDOWN: {
          Uint16 mod = e.key.keysym.mod;
          /* The one way out, for the person who looks after the kiosk. */
          if (k->o->admin_quit && e.key.keysym.sym == SDLK_q && (mod & KMOD_CTRL) && (mod & KMOD_ALT))
            quit = TRUE;
          else
            key(k, e.key.keysym.sym);
          break;
        }
        case SDL_MOUSEBUTTONDOWN:
          if (e.button.which != SDL_TOUCH_MOUSEID) down_x = e.button.x, down_y = e.button.y;
          break;
        case SDL_MOUSEBUTTONUP:
          if (e.button.which != SDL_TOUCH_MOUSEID) ux = e.button.x, uy = e.button.y;
          break;
        case SDL_FINGERDOWN:
          down_x = e.tfinger.x * k->pw, down_y = e.tfinger.y * k->ph;
          break;
        case SDL_FINGERUP:
          ux = e.tfinger.x * k->pw, uy = e.tfinger.y * k->ph;
          break;
        case SDL_WINDOWEVENT:
          k->dirty = TRUE;
          break;
        default:
          break; /* SDL_QUIT included: a kiosk does not close */
      }
      if (ux >= 0 && down_x >= 0) {
        gesture(k, down_x, down_y, ux, uy);
        down_x = down_y = -1;
      }
      have = SDL_PollEvent(&e);
    }
    while (g_main_context_iteration(NULL, FALSE)) {
    }
    k->now = vl_now_ms() - start;
    tick(k);
    if (!k->dirty && !k->moving) prefetch(k);
    if (k->dirty || k->moving) {
      compose(k);
      SDL_UpdateTexture(tex, NULL, cairo_image_surface_get_data(k->out), cairo_image_surface_get_stride(k->out));
      SDL_RenderClear(ren);
      SDL_RenderCopy(ren, tex, NULL, NULL);
      SDL_RenderPresent(ren);
      vl_notify_ready(vl_show_langs(k->show));
    }
    /* Every turn of the loop (40 ms at most, waiting for input): a loop that
     * stops turning stops the pings, and systemd restarts the kiosk. */
    vl_notify_alive();
  }
  vl_notify_stopping();
  SDL_DestroyTexture(tex);
  SDL_DestroyRenderer(ren);
  return 0;
}

/* ---------------------------------------------------------------- start */

/* SDL's drivers that draw nowhere a person can see: with nothing else, SDL
 * 2.26 falls back to "offscreen", and a kiosk would run with a blank screen
 * and say nothing. */
static gboolean shows_nothing(const char *driver) {
  static const char *const blind[] = {"offscreen", "dummy", "evdev"};
  for (size_t i = 0; driver && i < G_N_ELEMENTS(blind); i++)
    if (!g_ascii_strcasecmp(driver, blind[i])) return TRUE;
  return FALSE;
}

/* Whether a Wayland compositor can be reached as libwayland looks for one
 * (WAYLAND_SOCKET, WAYLAND_DISPLAY, or wayland-0 in XDG_RUNTIME_DIR): SDL's
 * Wayland driver is not tried otherwise, since libwayland prints its own
 * error line when it cannot even look. */
static gboolean wayland_reachable(void) {
  const char *sock = g_getenv("WAYLAND_SOCKET"), *disp = g_getenv("WAYLAND_DISPLAY");
  const char *run = g_getenv("XDG_RUNTIME_DIR");
  if ((sock && *sock) || (disp && *disp)) return TRUE;
  if (!run || !*run) return FALSE;
  char *path = g_build_filename(run, "wayland-0", NULL);
  gboolean there = g_file_test(path, G_FILE_TEST_EXISTS);
  g_free(path);
  return there;
}

/* SDL's video, on a driver that shows something: the one SDL_VIDEODRIVER
 * names, else the first of X11, Wayland and KMS/DRM that opens. FALSE after
 * one line saying there is no display (SDL is then shut down). */
static gboolean open_video(void) {
  const char *asked = g_getenv("SDL_VIDEODRIVER");
  gboolean ok = SDL_Init(SDL_INIT_EVENTS) == 0;
  if (ok && asked && *asked) {
    ok = SDL_InitSubSystem(SDL_INIT_VIDEO) == 0;
  } else if (ok) {
    ok = FALSE;
    for (int i = 0; !ok && i < SDL_GetNumVideoDrivers(); i++) {
      const char *d = SDL_GetVideoDriver(i);
      if (shows_nothing(d) || (!g_ascii_strcasecmp(d, "wayland") && !wayland_reachable())) continue;
      SDL_SetHint(SDL_HINT_VIDEODRIVER, d);
      ok = SDL_InitSubSystem(SDL_INIT_VIDEO) == 0;
    }
  }
  if (ok && shows_nothing(SDL_GetCurrentVideoDriver())) {
    fprintf(stderr, "volante kiosk: SDL_VIDEODRIVER=%s shows nothing on any screen (--headless runs with no display)\n",
            asked);
    ok = FALSE;
  } else if (!ok && asked && *asked) {
    fprintf(stderr, "volante kiosk: no display to show on: SDL_VIDEODRIVER=%s: %s\n", asked, SDL_GetError());
  } else if (!ok) {
    fprintf(stderr,
            "volante kiosk: no display to show on: no X11 or Wayland session (DISPLAY, WAYLAND_DISPLAY) and "
            "no screen through KMS/DRM (/dev/dri)\n");
  }
  if (!ok) SDL_Quit();
  return ok;
}

int vl_kiosk_run(const VlKioskOptions *o) {
#ifdef __GLIBC__
  /* Slide images come and go in megabytes; glibc would otherwise raise its
   * mmap threshold after the first free and keep them in a heap that only
   * grows. Large blocks straight from and back to the system keep the
   * kiosk's memory flat over days of use. */
  mallopt(M_MMAP_THRESHOLD, 256 * 1024);
#endif
  Kiosk k = {0};
  k.o = o;
  k.rasters = g_array_new(FALSE, FALSE, sizeof(Raster));
  SDL_Window *win = NULL;
  int rc = 0;
  if (o->headless) {
    /* No window: SDL only names the keys of the script. */
    k.pw = o->width, k.ph = o->height;
  } else {
    /* Keep the screen awake and draw on whatever the machine has: X11,
     * Wayland, or the console through KMS/DRM (SDL picks). */
    SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
    /* SDL would turn SIGTERM into a window-close event, which a kiosk ignores;
     * volante handles the signals itself so that systemd can stop it. */
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    if (!open_video()) return 2;
    SDL_DisplayMode mode;
    if (o->width > 0) {
      k.pw = o->width, k.ph = o->height;
    } else if (SDL_GetDesktopDisplayMode(0, &mode) == 0) {
      k.pw = mode.w, k.ph = mode.h;
    } else {
      k.pw = 1920, k.ph = 1080;
    }
    win = SDL_CreateWindow("volante", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, k.pw, k.ph,
                           o->width > 0 && g_getenv("VOLANTE_WINDOWED") ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP);
    if (!win) {
      fprintf(stderr, "volante kiosk: cannot open a window: %s\n", SDL_GetError());
      SDL_Quit();
      return 2;
    }
    SDL_GetWindowSize(win, &k.pw, &k.ph);
    SDL_ShowCursor(SDL_DISABLE);
    SDL_DisableScreenSaver();
  }
  gboolean turned = o->rotate == 90 || o->rotate == 270;
  k.lw = turned ? k.ph : k.pw, k.lh = turned ? k.pw : k.ph;
  GError *err = NULL;
  k.show = vl_show_load(o->content_dir, o->layouts_dir, o->fonts_dir, o->langs, k.lw, k.lh, NULL, &err);
  if (!k.show) {
    fprintf(stderr, "volante kiosk: %s\n", err->message);
    g_error_free(err);
    rc = 2;
    goto out;
  }
  log_left_out(k.show);
  if (o->updates) {
    k.updater = vl_updater_new(o->updates, o->content_dir, o->trust, check_bundle, &k, &err);
    if (!k.updater) {
      fprintf(stderr, "volante kiosk: %s\n", err->message);
      g_error_free(err);
      rc = 2;
      goto out;
    }
  }
  k.screen = cairo_image_surface_create(CAIRO_FORMAT_RGB24, k.lw, k.lh);
  k.out = o->rotate ? cairo_image_surface_create(CAIRO_FORMAT_RGB24, k.pw, k.ph) : k.screen;
  layout_buttons(&k);
  k.bar_lang = -1;
  k.mode = ATTRACT;
  k.next_attract = ATTRACT_MS;
  k.next_touch = TOUCH_MS;
  k.clock_local = vl_hours_local_now(); /* headless: until a script's `clock` */
  check_hours(&k);
  k.dirty = TRUE;
  compose(&k);
  k.status = vl_status_new(o->status);
  write_status(&k, TRUE); /* the first frame is composed */
  /* Headless, the first frame is composed: under a NOTIFY_SOCKET (a test)
   * it says so as the window does once the frame is on screen. */
  if (o->headless) vl_notify_ready(vl_show_langs(k.show));
  /* A script on standard input comes from a program that edits the content
   * and says when to read it again (`reload`): no file monitors. */
  GPtrArray *monitors = o->headless && !strcmp(o->script, "-") ? NULL : watch_content(&k);
  rc = o->headless ? run_script(&k) : run_window(&k, win);
  if (monitors) g_ptr_array_free(monitors, TRUE);
  if (k.reload_source) g_source_remove(k.reload_source);
  if (o->stats) print_stats(&k);
out:
  if (k.show) forget_images(&k);
  if (k.from) cairo_surface_destroy(k.from);
  if (k.out && k.out != k.screen) cairo_surface_destroy(k.out);
  if (k.screen) cairo_surface_destroy(k.screen);
  vl_show_free(k.show);
  vl_updater_free(k.updater);
  vl_status_free(k.status);
  g_array_free(k.rasters, TRUE);
  if (win) SDL_DestroyWindow(win);
  if (!o->headless) SDL_Quit();
  return rc;
}
