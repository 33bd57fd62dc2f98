#include "kstate.h"

#include <math.h>

struct VlKState {
  double idle_ms;
  gboolean hours;
  guint langs, slides;
  gboolean *rtl;
  VlKMode mode;
  guint lang, slide, default_lang;
  double now, last_input, next_attract;
  guint touch_lang;  /* attract mode: the language of the "touch" line */
  double next_touch; /* when it goes on to the next language */
  /* the transition from the previous picture to the current one */
  gboolean moving;
  double t0;
  int direction;               /* -1 push left, +1 push right, 0 cross-fade */
  guint from_lang, from_slide; /* what the transition leaves */
  guint64 transitions;
  gboolean dirty;
  gboolean closed; /* outside the opening hours: nothing on screen */
  gint64 wall;     /* the simulated wall clock at wall_at, seconds */
  double wall_at;
};

VlKState *vl_kstate_new(double idle_ms, gboolean hours) {
  VlKState *st = g_new0(VlKState, 1);
  st->idle_ms = idle_ms;
  st->hours = hours;
  st->langs = st->slides = 1;
  st->rtl = g_new0(gboolean, 1);
  st->mode = VL_KMODE_ATTRACT;
  st->next_attract = VL_KSTATE_ATTRACT_MS;
  st->next_touch = VL_KSTATE_TOUCH_MS;
  st->dirty = TRUE;
  return st;
}

void vl_kstate_free(VlKState *st) {
  if (!st) return;
  g_free(st->rtl);
  g_free(st);
}

void vl_kstate_set_content(VlKState *st, guint langs, guint slides, const gboolean *rtl, int lang, int default_lang) {
  st->langs = MAX(langs, 1), st->slides = MAX(slides, 1);
  g_free(st->rtl);
  st->rtl = g_new0(gboolean, st->langs);
  for (guint i = 0; rtl && i < langs; i++) st->rtl[i] = rtl[i];
  st->lang = lang >= 0 && (guint)lang < st->langs ? (guint)lang : 0;
  st->default_lang = default_lang >= 0 && (guint)default_lang < st->langs ? (guint)default_lang : 0;
  if (st->slide >= st->slides) st->slide = 0;
  if (st->touch_lang >= st->langs) st->touch_lang = st->default_lang;
  st->moving = FALSE;
  st->dirty = TRUE;
}

/* On to (LANG, SLIDE), the slides moving in DIRECTION (0: a cross-fade). */
static void go(VlKState *st, guint lang, guint slide, int direction) {
  if (lang == st->lang && slide == st->slide) return;
  st->from_lang = st->lang, st->from_slide = st->slide;
  st->lang = lang, st->slide = slide;
  st->moving = TRUE;
  st->t0 = st->now;
  st->direction = direction;
  st->transitions++;
  st->dirty = TRUE;
}

static void input(VlKState *st) {
  st->last_input = st->now;
  st->mode = VL_KMODE_BROWSE;
}

/* Which way the slides move on screen to go BY slides on in language LANG
 * (-1 leftwards, +1 rightwards): with the finger that swipes them, so
 * forward is leftwards, and rightwards in a right-to-left language. */
static int push_direction(const VlKState *st, guint lang, int by) { return (by > 0) != st->rtl[lang] ? -1 : 1; }

void vl_kstate_step(VlKState *st, int by) {
  if (st->closed) return;
  input(st);
  guint n = st->slides;
  go(st, st->lang, (st->slide + n + (by > 0 ? 1 : n - 1)) % n, push_direction(st, st->lang, by));
}

gboolean vl_kstate_choose(VlKState *st, guint lang) {
  if (st->closed || lang >= st->langs) return FALSE;
  input(st);
  if (lang == st->lang) return FALSE;
  go(st, lang, st->slide, 0);
  return TRUE;
}

void vl_kstate_tap_side(VlKState *st, gboolean right) { vl_kstate_step(st, right != st->rtl[st->lang] ? 1 : -1); }

void vl_kstate_swipe(VlKState *st, gboolean leftwards) { vl_kstate_step(st, leftwards != st->rtl[st->lang] ? 1 : -1); }

/* Every slide of a language in order, then the next language from its
 * title. Each language shows all its slides in one cycle (moving slide and
 * language on together showed each language only half of them). */
void vl_kstate_attract_next(const VlKState *st, guint *lang, guint *slide) {
  *lang = st->lang, *slide = st->slide + 1;
  if (*slide >= st->slides) *slide = 0, *lang = (st->lang + 1) % st->langs;
}

void vl_kstate_set_now(VlKState *st, double now) { st->now = now; }

/* Time passes: attract mode moves on; a kiosk left alone goes back to the
 * start in the default language, so the next visitor never sees what the
 * last one chose. */
void vl_kstate_tick(VlKState *st) {
  if (st->closed) return;
  if (st->mode == VL_KMODE_BROWSE && st->now - st->last_input >= st->idle_ms) {
    st->mode = VL_KMODE_ATTRACT;
    go(st, st->default_lang, 0, 0);
    st->next_attract = st->now + VL_KSTATE_ATTRACT_MS;
    st->touch_lang = st->default_lang;
    st->next_touch = st->now + VL_KSTATE_TOUCH_MS;
    st->dirty = TRUE;
  }
  if (st->mode == VL_KMODE_ATTRACT && st->now >= st->next_attract) {
    guint lang, slide;
    vl_kstate_attract_next(st, &lang, &slide);
    /* Within a language the slides move on as a reader's finger would; a
     * new language fades in. */
    go(st, lang, slide, lang == st->lang ? push_direction(st, lang, 1) : 0);
    st->next_attract = st->now + VL_KSTATE_ATTRACT_MS;
  }
  if (st->mode == VL_KMODE_ATTRACT && st->now >= st->next_touch) {
    st->touch_lang = (st->touch_lang + 1) % st->langs;
    st->next_touch = st->now + VL_KSTATE_TOUCH_MS;
    st->dirty = TRUE;
  }
  if (st->moving) st->dirty = TRUE;
}

/* When the simulated wall clock next shows a new minute, the step of the hours. */
static double next_minute(const VlKState *st) {
  double ms = fmod(st->wall * 1000.0 + (st->now - st->wall_at), 60000);
  return st->now + 60000 - ms;
}

double vl_kstate_next_event(const VlKState *st) {
  double t;
  if (st->closed)
    t = G_MAXDOUBLE;
  else if (st->moving || st->dirty)
    t = st->now + VL_KSTATE_FRAME_MS;
  else if (st->mode == VL_KMODE_ATTRACT)
    t = MIN(st->next_attract, st->next_touch);
  else
    t = st->last_input + st->idle_ms;
  return st->hours ? MIN(t, next_minute(st)) : t;
}

void vl_kstate_set_wall(VlKState *st, gint64 local_s) { st->wall = local_s, st->wall_at = st->now; }

gint64 vl_kstate_wall(const VlKState *st) { return st->wall + (gint64)floor((st->now - st->wall_at) / 1000); }

gboolean vl_kstate_set_open(VlKState *st, gboolean open) {
  if (open != st->closed) return FALSE;
  st->closed = !open;
  if (st->closed) {
    st->moving = FALSE;
  } else {
    /* Attract mode from the start in the default language, as after an
     * idle reset. */
    st->mode = VL_KMODE_ATTRACT;
    st->lang = st->touch_lang = st->default_lang;
    st->slide = 0;
    st->next_attract = st->now + VL_KSTATE_ATTRACT_MS;
    st->next_touch = st->now + VL_KSTATE_TOUCH_MS;
  }
  st->dirty = TRUE;
  return TRUE;
}

void vl_kstate_invalidate(VlKState *st) { st->dirty = TRUE; }

gboolean vl_kstate_drawn(VlKState *st) {
  st->dirty = FALSE;
  if (!st->moving || vl_kstate_progress(st) < 1.0) return FALSE;
  st->moving = FALSE;
  return TRUE;
}

double vl_kstate_now(const VlKState *st) { return st->now; }

VlKMode vl_kstate_mode(const VlKState *st) { return st->mode; }

gboolean vl_kstate_closed(const VlKState *st) { return st->closed; }

gboolean vl_kstate_dirty(const VlKState *st) { return st->dirty; }

guint vl_kstate_langs(const VlKState *st) { return st->langs; }

guint vl_kstate_slides(const VlKState *st) { return st->slides; }

gboolean vl_kstate_rtl(const VlKState *st, guint lang) { return lang < st->langs && st->rtl[lang]; }

guint vl_kstate_lang(const VlKState *st) { return st->lang; }

guint vl_kstate_slide(const VlKState *st) { return st->slide; }

guint vl_kstate_default_lang(const VlKState *st) { return st->default_lang; }

double vl_kstate_progress(const VlKState *st) {
  double p = st->moving ? MIN(1.0, (st->now - st->t0) / VL_KSTATE_TRANSITION_MS) : 1.0;
  return p * p * (3 - 2 * p);
}

void vl_kstate_on_screen(const VlKState *st, guint *lang, guint *slide) {
  gboolean leaving = st->moving && vl_kstate_progress(st) < 0.5;
  *lang = leaving ? st->from_lang : st->lang;
  *slide = leaving ? st->from_slide : st->slide;
}

int vl_kstate_touch_lang(const VlKState *st) { return st->mode == VL_KMODE_ATTRACT ? (int)st->touch_lang : -1; }

gboolean vl_kstate_moving(const VlKState *st) { return st->moving; }

void vl_kstate_from(const VlKState *st, guint *lang, guint *slide) { *lang = st->from_lang, *slide = st->from_slide; }

int vl_kstate_direction(const VlKState *st) { return st->direction; }

guint64 vl_kstate_transitions(const VlKState *st) { return st->transitions; }
