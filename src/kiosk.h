/* kiosk: the community-center display. The glue of its parts: the state
 * machine (kstate.c: attract mode, browsing, transitions, idle reset, hours)
 * fed by the clock, the opening hours and input read as the viewer sees the
 * screen; the frames kdraw.c composes; content reloads and signed bundles;
 * and what runs it, an SDL2 window here or a test script on a simulated
 * clock (--headless, kscript.c).
 *
 * Privacy: the kiosk keeps no record of what anyone looked at (nothing is
 * written but the shots a test script asks for, with a state folder the
 * last good copy of each translation, and the --status file, which says
 * nothing about visitors: status.h), opens no network connection,
 * and returns to the start and the default language when left idle.
 */
#ifndef VOLANTE_KIOSK_H
#define VOLANTE_KIOSK_H

#include <glib.h>

#include "hours.h"
#include "kdraw.h"
#include "kstate.h"

typedef struct {
  const char *content_dir, *layouts_dir, *fonts_dir;
  char **langs;        /* NULL: every language */
  int width, height;   /* the screen as mounted, pixels; 0: the display's own (SDL) */
  int rotate;          /* 0, 90, 180, 270: how the screen is turned */
  int idle_s;          /* back to the start after this long without input */
  gboolean admin_quit; /* Ctrl+Alt+Q quits; FALSE disables it */
  gboolean headless;
  const char *script;   /* headless: the test script */
  const char *shots;    /* headless: where `shot NAME` writes NAME.png and NAME.json */
  gboolean stats;       /* print one JSON line of timings at exit */
  double start_ms;      /* when the process started (monotonic ms), for first_frame_ms */
  const VlHours *hours; /* NULL: always on; else black outside these hours (borrowed) */
  char **display_off;   /* NULL, or a command (argv, run without a shell) to turn the screen off at closing */
  char **display_on;    /* ... and on again at opening */
  const char *updates;  /* a folder to watch for signed content bundles (a USB stick), or NULL */
  char **trust;         /* the public keys (paths) a bundle may be signed with */
  /* Where the last good copy of each translation is kept (lastgood.h), or NULL. */
  const char *state_dir;
  const char *status; /* --status: where to write the health JSON (status.h), or NULL */
} VlKioskOptions;

/* Runs the kiosk; returns the exit status (0, or 2 with a message on stderr). */
int vl_kiosk_run(const VlKioskOptions *o);

/* For the kiosk's own parts (kscript.c): the kiosk vl_kiosk_run runs. What
 * the getters return is owned by K (the show and the drawing change when
 * the content is read again). */
typedef struct VlKiosk VlKiosk;
const VlKioskOptions *vl_kiosk_options(const VlKiosk *k);
VlShow *vl_kiosk_show(const VlKiosk *k);
VlKState *vl_kiosk_state(const VlKiosk *k);
VlKDraw *vl_kiosk_draw(const VlKiosk *k);
/* The last bundle installed or refused, for staff; NULL without --updates. */
const char *vl_kiosk_update_notice(const VlKiosk *k);
/* The staff notice on screen now (NULL: none) and in *UNTIL (may be NULL)
 * when it goes, on the kiosk's clock (ms). */
const char *vl_kiosk_notice(const VlKiosk *k, double *until);
/* A finger (or the mouse) down at (X1, Y1) and up at (X2, Y2) of the panel. */
void vl_kiosk_gesture(VlKiosk *k, double px1, double py1, double px2, double py2);
/* A swipe as the viewer sees it. */
void vl_kiosk_swipe(VlKiosk *k, gboolean leftwards);
/* An SDL key code; FALSE for a key the kiosk ignores. */
gboolean vl_kiosk_key(VlKiosk *k, gint32 code);
/* Time passes to the state's now: bundles, hours, attract mode, idle reset. */
void vl_kiosk_tick(VlKiosk *k);
/* The simulated clock goes on to TARGET (ms), each thing that happens on
 * its own on the way at its time, each frame composed. */
void vl_kiosk_advance(VlKiosk *k, double target);
/* Reads the content again now (keeping the last good content on failure). */
void vl_kiosk_reload(VlKiosk *k);

#endif
