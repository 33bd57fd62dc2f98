/* kstate: the kiosk's state machine, with no screen, file or clock of its
 * own. It keeps the mode (attract or browse), the language and slide shown,
 * the attract and "touch" line timers, the idle reset, whether the opening
 * hours have the kiosk closed, and the transition under way (from which
 * language and slide, which way it moves).
 *
 * The caller drives it with plain calls: the time (ms, monotonic or
 * simulated), input already read as the viewer sees it (a language chosen,
 * a tap on one side, a swipe, a key's step), the content (how many
 * languages and slides, which languages read right to left), and whether
 * the hours have the kiosk open. It answers what is on screen and when the
 * next thing happens on its own (for the simulated clock). kiosk.c reads the
 * clock, the hours and the input; kdraw.c draws what it says.
 */
#ifndef VOLANTE_KSTATE_H
#define VOLANTE_KSTATE_H

#include <glib.h>

#define VL_KSTATE_ATTRACT_MS 8000.0   /* attract mode: the next slide */
#define VL_KSTATE_TOUCH_MS 2500.0     /* attract mode: the "touch" line in the next language */
#define VL_KSTATE_TRANSITION_MS 450.0 /* cross-fade or push */
#define VL_KSTATE_FRAME_MS (1000.0 / 60)

typedef enum { VL_KMODE_ATTRACT, VL_KMODE_BROWSE } VlKMode;

typedef struct VlKState VlKState;

/* Attract mode from the first slide of language 0 at time 0, open, with one
 * language of one slide until vl_kstate_set_content. IDLE_MS: back to the
 * start after this long without input. HOURS: opening hours are in use (the
 * next event is then at most the next minute of the wall clock). Caller
 * owns the result; vl_kstate_free accepts NULL. */
VlKState *vl_kstate_new(double idle_ms, gboolean hours);
void vl_kstate_free(VlKState *st);

/* The content: LANGS languages (at least 1), SLIDES slides each (at least 1),
 * RTL[i] whether language i reads right to left (copied; NULL: none does).
 * LANG and DEFAULT_LANG are the indices of the language shown and the
 * default one in the new content (-1, or out of range: the first). A slide
 * or "touch" language past the end starts over; a transition under way
 * stops (vl_kstate_moving is FALSE after it). */
void vl_kstate_set_content(VlKState *st, guint langs, guint slides, const gboolean *rtl, int lang, int default_lang);

/* Time: NOW (ms) is when the next calls happen; then vl_kstate_tick lets
 * attract mode, the "touch" line and the idle reset move on. */
void vl_kstate_set_now(VlKState *st, double now);
void vl_kstate_tick(VlKState *st);
/* When something next happens on its own (ms): a frame of a transition,
 * the next attract slide or "touch" language, the idle reset, and with
 * hours the next minute of the wall clock; G_MAXDOUBLE when closed without
 * hours. */
double vl_kstate_next_event(const VlKState *st);

/* Input, as the viewer sees the screen; nothing happens while closed.
 * Choosing language LANG keeps the slide; TRUE when it is a new language. */
gboolean vl_kstate_choose(VlKState *st, guint lang);
/* A tap on the right (RIGHT) or left half: forward on the side reading goes on to. */
void vl_kstate_tap_side(VlKState *st, gboolean right);
/* A swipe, the finger moving leftwards (LEFTWARDS) or rightwards. */
void vl_kstate_swipe(VlKState *st, gboolean leftwards);
/* BY slides on (1: next, -1: previous), as a key does. */
void vl_kstate_step(VlKState *st, int by);

/* The simulated wall clock (seconds, hours.h's local time): set to LOCAL_S
 * now, it goes on with the time from there. */
void vl_kstate_set_wall(VlKState *st, gint64 local_s);
gint64 vl_kstate_wall(const VlKState *st);
/* The hours' answer: closed, nothing is on screen and no transition is left
 * to finish; open again, attract mode starts over in the default language.
 * TRUE when this changes whether the kiosk is open. */
gboolean vl_kstate_set_open(VlKState *st, gboolean open);

/* The screen must be drawn again (a window uncovered, new content). */
void vl_kstate_invalidate(VlKState *st);
/* A frame was drawn at the current time: nothing left to draw, and a
 * transition that has come to its end is over. TRUE when one just ended. */
gboolean vl_kstate_drawn(VlKState *st);

/* What is on screen. */
double vl_kstate_now(const VlKState *st);
VlKMode vl_kstate_mode(const VlKState *st);
gboolean vl_kstate_closed(const VlKState *st);
gboolean vl_kstate_dirty(const VlKState *st);
guint vl_kstate_langs(const VlKState *st);
guint vl_kstate_slides(const VlKState *st);
gboolean vl_kstate_rtl(const VlKState *st, guint lang);
/* The current language and slide (where a transition goes). */
guint vl_kstate_lang(const VlKState *st);
guint vl_kstate_slide(const VlKState *st);
/* The language the kiosk goes back to when left idle. */
guint vl_kstate_default_lang(const VlKState *st);
/* The picture that covers more of the screen (during a transition, the one
 * it leaves until half way). */
void vl_kstate_on_screen(const VlKState *st, guint *lang, guint *slide);
/* The "touch" line's language, or -1 in browse mode, which has no such line. */
int vl_kstate_touch_lang(const VlKState *st);
/* The transition: whether one is under way, where from, which way the
 * slides move (-1 leftwards, +1 rightwards, 0 a cross-fade), how far it has
 * come, eased (0 to 1; 1 when none). vl_kstate_transitions counts those
 * started, so that a caller sees a new one. */
gboolean vl_kstate_moving(const VlKState *st);
void vl_kstate_from(const VlKState *st, guint *lang, guint *slide);
int vl_kstate_direction(const VlKState *st);
double vl_kstate_progress(const VlKState *st);
guint64 vl_kstate_transitions(const VlKState *st);
/* Attract mode's next picture: the next slide, after the last one the next
 * language's first. */
void vl_kstate_attract_next(const VlKState *st, guint *lang, guint *slide);

#endif
