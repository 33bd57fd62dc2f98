/* kiosk: the community-center display. A state machine (attract mode,
 * browsing, transitions, idle reset) that composes each frame from cached
 * slide images, driven either by an SDL2 window (kiosk_sdl.c) or by a test
 * script on a simulated clock (--headless).
 *
 * Privacy: the kiosk keeps no record of what anyone looked at (nothing is
 * written but the shots a test script asks for and the --status file, which
 * says nothing about visitors: status.h), opens no network connection,
 * and returns to the start and the default language when left idle.
 */
#ifndef VOLANTE_KIOSK_H
#define VOLANTE_KIOSK_H

#include <glib.h>

#include "hours.h"

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
  const char *status;   /* --status: where to write the health JSON (status.h), or NULL */
} VlKioskOptions;

/* Runs the kiosk; returns the exit status (0, or 2 with a message on stderr). */
int vl_kiosk_run(const VlKioskOptions *o);

#endif
