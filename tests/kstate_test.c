/* kstate.unit: the kiosk's state machine (src/kstate.c) driven as the
 * kiosk drives it, with the simulated clock, and no screen. Each check says
 * what was expected at its line; the exit status is 1 when any failed. */
#include "kstate.h"

#include <stdio.h>

#include "unit.h"

/* Three languages of four slides; the second reads right to left. */
static const gboolean RTL[3] = {FALSE, TRUE, FALSE};

static VlKState *three(double idle_ms, gboolean hours) {
  VlKState *st = vl_kstate_new(idle_ms, hours);
  vl_kstate_set_content(st, 3, 4, RTL, 0, 0);
  vl_kstate_drawn(st);
  return st;
}

/* The kiosk's simulated clock (kiosk.c, vl_kiosk_advance): each thing that
 * happens on its own at its time, each frame drawn, up to TARGET. */
static void advance(VlKState *st, double target) {
  for (;;) {
    double t = vl_kstate_next_event(st);
    if (t > target) break;
    vl_kstate_set_now(st, t);
    vl_kstate_tick(st);
    if (vl_kstate_dirty(st)) vl_kstate_drawn(st);
  }
  vl_kstate_set_now(st, target);
  vl_kstate_tick(st);
  if (vl_kstate_dirty(st)) vl_kstate_drawn(st);
}

/* Attract mode shows every slide of a language, then the next language from
 * its first slide, and after the last language the first again; within a
 * language the slides are pushed the way the language reads, a new
 * language fades in. */
static void test_attract_cycle(void) {
  VlKState *st = three(60000, FALSE);
  CHECK(vl_kstate_mode(st) == VL_KMODE_ATTRACT, "starts in attract mode");
  CHECK(vl_kstate_lang(st) == 0 && vl_kstate_slide(st) == 0, "starts at 0/0, not %u/%u", vl_kstate_lang(st),
        vl_kstate_slide(st));
  guint seen[3][4] = {{0}};
  seen[0][0] = 1;
  guint lang = 0, slide = 0;
  for (int i = 1; i <= 12; i++) {
    guint64 before = vl_kstate_transitions(st);
    advance(st, i * VL_KSTATE_ATTRACT_MS);
    guint want_lang = (guint)(i / 4) % 3, want_slide = (guint)i % 4;
    guint l = vl_kstate_lang(st), s = vl_kstate_slide(st);
    CHECK(l == want_lang && s == want_slide, "step %d: %u/%u, not %u/%u", i, l, s, want_lang, want_slide);
    CHECK(vl_kstate_transitions(st) == before + 1, "step %d: one transition", i);
    guint fl, fs;
    vl_kstate_from(st, &fl, &fs);
    CHECK(fl == lang && fs == slide, "step %d: from %u/%u, not %u/%u", i, fl, fs, lang, slide);
    int dir = vl_kstate_direction(st);
    if (l != lang)
      CHECK(dir == 0, "step %d: a new language fades in, not direction %d", i, dir);
    else
      CHECK(dir == (RTL[l] ? 1 : -1), "step %d: in language %u the slides move %d", i, l, dir);
    CHECK(vl_kstate_mode(st) == VL_KMODE_ATTRACT, "step %d: still attract mode", i);
    CHECK(vl_kstate_moving(st), "step %d: the slide moves in", i);
    if (l < 3 && s < 4) seen[l][s]++;
    lang = l, slide = s;
  }
  for (guint l = 0; l < 3; l++)
    for (guint s = 0; s < 4; s++)
      CHECK(seen[l][s] == (guint)(1 + (l == 0 && s == 0)), "%u/%u seen %u times", l, s, seen[l][s]);
  vl_kstate_free(st);
}

/* The transition takes its time: half way the picture left still covers
 * more of the screen; the first frame after its end finishes it. */
static void test_transition(void) {
  VlKState *st = three(60000, FALSE);
  advance(st, VL_KSTATE_ATTRACT_MS);
  CHECK(vl_kstate_moving(st), "a transition starts with the next slide");
  guint l, s;
  vl_kstate_on_screen(st, &l, &s);
  CHECK(l == 0 && s == 0, "at its start the old slide is on screen, not %u/%u", l, s);
  CHECK(vl_kstate_progress(st) == 0, "progress 0 at the start, not %g", vl_kstate_progress(st));
  advance(st, VL_KSTATE_ATTRACT_MS + VL_KSTATE_TRANSITION_MS * 0.75);
  vl_kstate_on_screen(st, &l, &s);
  CHECK(l == 0 && s == 1, "three quarters in the new slide is on screen, not %u/%u", l, s);
  CHECK(vl_kstate_moving(st), "still moving three quarters in");
  advance(st, VL_KSTATE_ATTRACT_MS + VL_KSTATE_TRANSITION_MS + 1);
  CHECK(!vl_kstate_moving(st), "over after %g ms", VL_KSTATE_TRANSITION_MS);
  CHECK(vl_kstate_progress(st) == 1, "progress 1 when still");
  /* Still: nothing until the "touch" line's turn at 10 s (the next slide is at 16 s). */
  CHECK(vl_kstate_next_event(st) == 4 * VL_KSTATE_TOUCH_MS, "the next event at %g, not %g", 4 * VL_KSTATE_TOUCH_MS,
        vl_kstate_next_event(st));
  vl_kstate_free(st);
}

/* The "touch" line goes through every language, one each TOUCH_MS, and is
 * not shown in browse mode. */
static void test_touch_line(void) {
  VlKState *st = three(60000, FALSE);
  CHECK(vl_kstate_touch_lang(st) == 0, "the line starts in language 0, not %d", vl_kstate_touch_lang(st));
  for (int i = 1; i <= 6; i++) {
    advance(st, i * VL_KSTATE_TOUCH_MS);
    CHECK(vl_kstate_touch_lang(st) == i % 3, "after %d turns the line is in %d, not %d", i, i % 3,
          vl_kstate_touch_lang(st));
  }
  vl_kstate_step(st, 1);
  CHECK(vl_kstate_touch_lang(st) == -1, "no line in browse mode, not %d", vl_kstate_touch_lang(st));
  vl_kstate_free(st);
}

/* A tap on a language's button: browse mode, that language, the same slide,
 * a cross-fade; the language already shown starts no transition. */
static void test_choose(void) {
  VlKState *st = three(60000, FALSE);
  advance(st, 2 * VL_KSTATE_ATTRACT_MS + 1000); /* slide 2 of language 0 */
  guint64 before = vl_kstate_transitions(st);
  CHECK(vl_kstate_choose(st, 2), "language 2 is a new language");
  CHECK(vl_kstate_mode(st) == VL_KMODE_BROWSE, "browse mode after a tap");
  CHECK(vl_kstate_lang(st) == 2 && vl_kstate_slide(st) == 2, "2/2, not %u/%u", vl_kstate_lang(st), vl_kstate_slide(st));
  CHECK(vl_kstate_moving(st) && vl_kstate_direction(st) == 0, "a cross-fade");
  CHECK(vl_kstate_transitions(st) == before + 1, "one transition");
  CHECK(!vl_kstate_choose(st, 2), "the language shown is no switch");
  CHECK(!vl_kstate_choose(st, 7), "no language 7");
  CHECK(vl_kstate_lang(st) == 2, "still language 2");
  /* Browse mode stays: no attract slide comes. */
  advance(st, 6 * VL_KSTATE_ATTRACT_MS);
  CHECK(vl_kstate_mode(st) == VL_KMODE_BROWSE && vl_kstate_slide(st) == 2, "browse holds slide 2, at %u",
        vl_kstate_slide(st));
  vl_kstate_free(st);
}

/* Left alone IDLE ms after the last input, the kiosk goes back to attract
 * mode, the first slide and the default language, the touch line too. */
static void test_idle(void) {
  VlKState *st = vl_kstate_new(30000, FALSE);
  vl_kstate_set_content(st, 3, 4, RTL, 0, 1); /* default: language 1 */
  vl_kstate_choose(st, 2);
  vl_kstate_step(st, 1);
  advance(st, 10000);
  vl_kstate_step(st, 1); /* the last input, at 10 s */
  advance(st, 39999);
  CHECK(vl_kstate_mode(st) == VL_KMODE_BROWSE, "still browsing 29.999 s after the last input");
  CHECK(vl_kstate_lang(st) == 2 && vl_kstate_slide(st) == 2, "at 2/2, not %u/%u", vl_kstate_lang(st),
        vl_kstate_slide(st));
  CHECK(vl_kstate_next_event(st) == 40000, "the next event is the idle reset at 40 s, not %g",
        vl_kstate_next_event(st));
  advance(st, 40000);
  CHECK(vl_kstate_mode(st) == VL_KMODE_ATTRACT, "attract mode after 30 s");
  CHECK(vl_kstate_lang(st) == 1 && vl_kstate_slide(st) == 0, "the default language's first slide, not %u/%u",
        vl_kstate_lang(st), vl_kstate_slide(st));
  CHECK(vl_kstate_touch_lang(st) == 1, "the touch line in the default language, not %d", vl_kstate_touch_lang(st));
  advance(st, 40000 + VL_KSTATE_ATTRACT_MS);
  CHECK(vl_kstate_lang(st) == 1 && vl_kstate_slide(st) == 1, "attract goes on from there, at %u/%u", vl_kstate_lang(st),
        vl_kstate_slide(st));
  vl_kstate_free(st);
}

/* Swipes and taps follow the reading direction: in a left-to-right language
 * a leftward swipe or a tap on the right goes forward, the slides moving
 * left; in a right-to-left language the other way round. */
static void test_direction(void) {
  VlKState *st = three(60000, FALSE);
  vl_kstate_swipe(st, TRUE);
  CHECK(vl_kstate_slide(st) == 1 && vl_kstate_direction(st) == -1, "LTR swipe left: slide 1 moving -1, not %u %d",
        vl_kstate_slide(st), vl_kstate_direction(st));
  vl_kstate_tap_side(st, FALSE);
  CHECK(vl_kstate_slide(st) == 0 && vl_kstate_direction(st) == 1, "LTR tap left: slide 0 moving +1, not %u %d",
        vl_kstate_slide(st), vl_kstate_direction(st));
  vl_kstate_choose(st, 1); /* right to left */
  vl_kstate_swipe(st, FALSE);
  CHECK(vl_kstate_slide(st) == 1 && vl_kstate_direction(st) == 1, "RTL swipe right: slide 1 moving +1, not %u %d",
        vl_kstate_slide(st), vl_kstate_direction(st));
  vl_kstate_swipe(st, TRUE);
  CHECK(vl_kstate_slide(st) == 0 && vl_kstate_direction(st) == -1, "RTL swipe left: back to 0 moving -1, not %u %d",
        vl_kstate_slide(st), vl_kstate_direction(st));
  vl_kstate_tap_side(st, FALSE);
  CHECK(vl_kstate_slide(st) == 1 && vl_kstate_direction(st) == 1, "RTL tap left: forward to 1 moving +1, not %u %d",
        vl_kstate_slide(st), vl_kstate_direction(st));
  vl_kstate_step(st, -1);
  vl_kstate_step(st, -1);
  CHECK(vl_kstate_slide(st) == 3, "back from 0 wraps to the last slide, not %u", vl_kstate_slide(st));
  vl_kstate_step(st, 1);
  CHECK(vl_kstate_slide(st) == 0 && vl_kstate_direction(st) == 1, "RTL next key: 0 moving +1, not %u %d",
        vl_kstate_slide(st), vl_kstate_direction(st));
  vl_kstate_free(st);
}

/* Closed hours: nothing on screen, no transition, input and time change
 * nothing, and the next event is the next minute of the wall clock; open
 * again, attract mode from the default language's first slide. */
#define WALL ((gint64)16666666 * 60 + 30)

static void test_hours(void) {
  VlKState *st = three(60000, TRUE);
  vl_kstate_set_wall(st, WALL); /* 30 s into a minute */
  CHECK(vl_kstate_next_event(st) <= 30000, "open, the next event is no later than the next minute");
  vl_kstate_choose(st, 2);
  vl_kstate_step(st, 1);
  CHECK(vl_kstate_moving(st), "moving before closing");
  CHECK(vl_kstate_set_open(st, FALSE), "closing is a change");
  CHECK(!vl_kstate_set_open(st, FALSE), "closed twice is no change");
  CHECK(vl_kstate_closed(st) && !vl_kstate_moving(st), "closed, nothing moves");
  CHECK(vl_kstate_next_event(st) == 30000, "closed, the next event is the next minute (30000), not %g",
        vl_kstate_next_event(st));
  guint l = vl_kstate_lang(st), s = vl_kstate_slide(st);
  guint64 tr = vl_kstate_transitions(st);
  CHECK(!vl_kstate_choose(st, 0), "no language switch while closed");
  vl_kstate_step(st, 1);
  vl_kstate_swipe(st, TRUE);
  vl_kstate_tap_side(st, TRUE);
  advance(st, 10 * 60000);
  CHECK(vl_kstate_transitions(st) == tr && vl_kstate_lang(st) == l && vl_kstate_slide(st) == s,
        "nothing changes while closed");
  CHECK(vl_kstate_wall(st) == WALL + 600, "the wall clock went on 600 s, to %" G_GINT64_FORMAT, vl_kstate_wall(st));
  CHECK(vl_kstate_next_event(st) == 10 * 60000 + 30000, "the next minute after 10 min is %d, not %g",
        10 * 60000 + 30000, vl_kstate_next_event(st));
  CHECK(vl_kstate_set_open(st, TRUE), "opening is a change");
  CHECK(!vl_kstate_closed(st) && vl_kstate_mode(st) == VL_KMODE_ATTRACT, "open, attract mode");
  CHECK(vl_kstate_lang(st) == 0 && vl_kstate_slide(st) == 0 && vl_kstate_touch_lang(st) == 0,
        "open again at the default language's first slide, not %u/%u", vl_kstate_lang(st), vl_kstate_slide(st));
  CHECK(vl_kstate_dirty(st), "opening draws the screen");
  vl_kstate_free(st);
}

/* New content with fewer languages or slides: every index stays in range,
 * a language that went is replaced by the first, and attract mode goes on
 * over the new content alone. */
static void test_content_change(void) {
  VlKState *st = three(60000, FALSE);
  advance(st, 11 * VL_KSTATE_ATTRACT_MS + 500); /* 2/3 */
  advance(st, 38 * VL_KSTATE_TOUCH_MS + 1);     /* the touch line's 38th turn: language 2 */
  CHECK(vl_kstate_lang(st) == 2 && vl_kstate_slide(st) == 3, "at 2/3 before, not %u/%u", vl_kstate_lang(st),
        vl_kstate_slide(st));
  CHECK(vl_kstate_touch_lang(st) == 2, "the touch line in language 2 before, not %d", vl_kstate_touch_lang(st));
  vl_kstate_set_content(st, 2, 2, NULL, -1, 5);
  CHECK(vl_kstate_langs(st) == 2 && vl_kstate_slides(st) == 2, "2 languages of 2 slides");
  CHECK(vl_kstate_lang(st) == 0, "the language that went: the first, not %u", vl_kstate_lang(st));
  CHECK(vl_kstate_default_lang(st) == 0, "a default out of range: the first, not %u", vl_kstate_default_lang(st));
  CHECK(vl_kstate_slide(st) < 2, "slide %u of 2", vl_kstate_slide(st));
  CHECK(!vl_kstate_rtl(st, 1), "no right-to-left language now");
  CHECK(vl_kstate_touch_lang(st) >= 0 && vl_kstate_touch_lang(st) < 2, "the touch line in language %d of 2",
        vl_kstate_touch_lang(st));
  vl_kstate_set_content(st, 2, 4, NULL, 0, 0);
  vl_kstate_step(st, -1); /* to slide 3, moving */
  CHECK(vl_kstate_slide(st) == 3 && vl_kstate_moving(st), "moving to slide 3 before");
  vl_kstate_set_content(st, 2, 2, NULL, 0, 0);
  CHECK(vl_kstate_slide(st) == 0, "slide 3 of 2 is 0 now, not %u", vl_kstate_slide(st));
  CHECK(!vl_kstate_moving(st), "the transition stops");
  vl_kstate_set_content(st, 0, 0, NULL, 0, 0);
  CHECK(vl_kstate_langs(st) == 1 && vl_kstate_slides(st) == 1, "no content counts as one slide of one language");
  vl_kstate_set_content(st, 2, 3, RTL, 1, 1);
  CHECK(vl_kstate_lang(st) == 1 && vl_kstate_rtl(st, 1), "language 1, right to left");
  for (int i = 1; i <= 40; i++) {
    advance(st, 12 * VL_KSTATE_ATTRACT_MS + i * 3000);
    guint l, s;
    vl_kstate_on_screen(st, &l, &s);
    int t = vl_kstate_touch_lang(st);
    CHECK(vl_kstate_lang(st) < 2 && vl_kstate_slide(st) < 3 && l < 2 && s < 3 && t < 2,
          "at %d: %u/%u on screen %u/%u touch %d out of range", i, vl_kstate_lang(st), vl_kstate_slide(st), l, s, t);
    guint fl, fs;
    vl_kstate_from(st, &fl, &fs);
    CHECK(!vl_kstate_moving(st) || (fl < 2 && fs < 3), "at %d: from %u/%u out of range", i, fl, fs);
  }
  vl_kstate_free(st);
}

int main(void) {
  test_attract_cycle();
  test_transition();
  test_touch_line();
  test_choose();
  test_idle();
  test_direction();
  test_hours();
  test_content_change();
  if (failed) fprintf(stderr, "kstate.unit: %d checks failed\n", failed);
  return failed ? 1 : 0;
}
