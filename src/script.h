/* script: the headless kiosk's test script (`kiosk --headless --script FILE`),
 * read whole before the kiosk runs it, one step a line:
 *
 *   tap X Y | drag X1 Y1 X2 Y2 | swipe left|right | key NAME | wait MS | sleep MS |
 *   clock YYYY-MM-DDTHH:MM | shot NAME | reload | probe
 *
 * tap and drag are in the panel's pixels, as a touch screen reports them
 * (turned with --rotate, like an SDL touch event); swipe is as the viewer
 * sees it.
 *
 * Blank lines and lines starting with # are skipped. A script on standard
 * input is read a line at a time as it comes (vl_script_parse_line).
 */
#ifndef VOLANTE_SCRIPT_H
#define VOLANTE_SCRIPT_H

#include <glib.h>

typedef enum {
  VL_STEP_TAP,
  VL_STEP_DRAG, /* a finger down at (x, y) and up at (x2, y2) */
  VL_STEP_SWIPE,
  VL_STEP_KEY,
  VL_STEP_WAIT,
  VL_STEP_SLEEP,
  VL_STEP_SHOT,
  VL_STEP_RELOAD, /* read the content again now */
  VL_STEP_PROBE,  /* one JSON line on stdout about the frame and the process */
  VL_STEP_CLOCK   /* set the simulated local time (for --hours) */
} VlStepKind;

typedef struct {
  VlStepKind kind;
  int line;
  double x, y;   /* tap, drag: a point of the screen, 0 <= x < width, 0 <= y < height */
  double x2, y2; /* drag: where the finger left the screen */
  gint64 local;  /* clock: the local time as seconds since 1970-01-01T00:00 on the wall clock (no time zone) */
  double ms;     /* wait (simulated clock, at most a day), sleep (real time, at most 10 minutes) */
  gboolean left; /* swipe */
  gint32 key;    /* key: an SDL keycode */
  char *name;    /* shot: letters, digits, - and _ */
} VlStep;

/* Reads the script in LEN bytes of DATA (borrowed), as if from PATH, for a
 * screen of WIDTH x HEIGHT pixels (a byte-order mark at the start skipped). Returns the steps (VlStep*, the caller
 * owns the array) or NULL with *err = "PATH:LINE: what is wrong". */
GPtrArray *vl_script_parse(const char *data, gsize len, const char *path, double width, double height, GError **err);
/* The same, reading PATH. */
GPtrArray *vl_script_load(const char *path, double width, double height, GError **err);
/* One line (UTF-8, without its newline) numbered LINENO: a step (caller
 * frees it with vl_step_free), or NULL for a blank or comment line, or NULL
 * with *err set. */
VlStep *vl_script_parse_line(const char *line, int lineno, const char *path, double width, double height, GError **err);
void vl_step_free(VlStep *s); /* accepts NULL */

#endif
