/* kdraw: the kiosk's pictures. Slide images made from the show and kept
 * (a few, least recently used out), the language bar and its buttons, the
 * progress dots, attract mode's "touch" line, the staff notice after an
 * update, transitions, and each frame composed from them as kstate says,
 * then turned as the screen is mounted.
 * Also where things are on the screen (buttons, dots) and the turn between
 * the panel's pixels and the screen the viewer sees, and the frame times.
 */
#ifndef VOLANTE_KDRAW_H
#define VOLANTE_KDRAW_H

#include <cairo.h>
#include <glib.h>

#include "kstate.h"
#include "show.h"

typedef struct VlKDraw VlKDraw;

/* A PW x PH panel mounted turned by ROTATE (0, 90, 180, 270) showing SHOW
 * (borrowed; must outlive D, or be replaced with vl_kdraw_set_show first).
 * START_MS: when the process started (vl_now_ms), for the first frame's
 * time. Caller owns the result; vl_kdraw_free accepts NULL. */
VlKDraw *vl_kdraw_new(VlShow *show, int pw, int ph, int rotate, double start_ms);
void vl_kdraw_free(VlKDraw *d);
/* New content (borrowed as above): every image made again as needed. */
void vl_kdraw_set_show(VlKDraw *d, VlShow *show);

/* After any call that may change ST: keeps the picture a transition that
 * began leaves, and lets it go when no transition is under way. */
void vl_kdraw_follow(VlKDraw *d, const VlKState *st);
/* Composes the frame ST says (nothing while closed), and tells ST it was drawn. */
void vl_kdraw_compose(VlKDraw *d, VlKState *st);
/* Between transitions, one step at a time (a caller makes one call per
 * idle turn of its loop, so that no frame waits long): makes the image the
 * next transition shows, so that it only composites, then what a tap on a
 * language's button needs (its lit button, its page of the slide on screen
 * laid out), so that a switch only draws. TRUE when a step was made, FALSE
 * when everything is ready. */
gboolean vl_kdraw_prefetch(VlKDraw *d, const VlKState *st);
/* Closed: the screen black. */
void vl_kdraw_dark(VlKDraw *d);
/* The whole screen is drawn anew at the next frame (the bar too). */
void vl_kdraw_redraw(VlKDraw *d);

/* A short notice for center staff (TEXT copied; NULL or "": none) drawn
 * over the slides from the next frame on, in a strip that never covers the
 * language bar; the slides themselves are unchanged. vl_kdraw_notice: the
 * notice shown (owned by D) or NULL, and in *BOX (may be NULL) its strip
 * on the viewer's screen. */
void vl_kdraw_set_notice(VlKDraw *d, const char *text);
const char *vl_kdraw_notice(const VlKDraw *d, VlBox *box);

/* The screen as the viewer sees it (after --rotate), and the frame the
 * panel shows (the same surface when not turned); owned by D. */
cairo_surface_t *vl_kdraw_screen(const VlKDraw *d);
cairo_surface_t *vl_kdraw_out(const VlKDraw *d);
void vl_kdraw_size(const VlKDraw *d, int *lw, int *lh);
/* A point of the panel on the viewer's screen, and the other way. */
void vl_kdraw_to_viewer(const VlKDraw *d, double px, double py, double *x, double *y);
void vl_kdraw_to_panel(const VlKDraw *d, double x, double y, double *px, double *py);
/* The language whose button is at (X, Y) of the viewer's screen, or -1. */
int vl_kdraw_button_at(const VlKDraw *d, double x, double y);
/* Button I on the viewer's screen. */
VlBox vl_kdraw_button(const VlKDraw *d, guint i);
/* Where progress dot I is on the viewer's screen and its radius, as ST says. */
void vl_kdraw_dot(const VlKDraw *d, const VlKState *st, guint i, double *x, double *y, double *r);

/* Frame times: a language switch began at START_MS (vl_now_ms), timed to
 * the frame that shows it; frames composed; one JSON line on stdout. */
void vl_kdraw_switch_started(VlKDraw *d, double start_ms);
guint64 vl_kdraw_frames(const VlKDraw *d);
void vl_kdraw_print_stats(const VlKDraw *d);

#endif
