/* script: the headless kiosk's test script (`kiosk --headless --script FILE`),
 * read whole before the kiosk runs it, one step a line:
 *
 *   tap X Y | swipe left|right | key NAME | wait MS | sleep MS | shot NAME
 *
 * Blank lines and lines starting with # are skipped.
 */
#ifndef VOLANTE_SCRIPT_H
#define VOLANTE_SCRIPT_H

#include <glib.h>

typedef enum { VL_STEP_TAP, VL_STEP_SWIPE, VL_STEP_KEY, VL_STEP_WAIT, VL_STEP_SLEEP, VL_STEP_SHOT } VlStepKind;

typedef struct {
  VlStepKind kind;
  int line;
  double x, y;   /* tap: a point of the screen, 0 <= x < width, 0 <= y < height */
  double ms;     /* wait (simulated clock, at most a day), sleep (real time, at most 10 minutes) */
  gboolean left; /* swipe */
  gint32 key;    /* key: an SDL keycode */
  char *name;    /* shot: letters, digits, - and _ */
} VlStep;

/* Reads the script in LEN bytes of DATA (borrowed), as if from PATH, for a
 * screen of WIDTH x HEIGHT pixels. Returns the steps (VlStep*, the caller
 * owns the array) or NULL with *err = "PATH:LINE: what is wrong". */
GPtrArray *vl_script_parse(const char *data, gsize len, const char *path, double width, double height, GError **err);
/* The same, reading PATH. */
GPtrArray *vl_script_load(const char *path, double width, double height, GError **err);

#endif
