/* kscript: the headless kiosk's test script run on the kiosk (script.c reads
 * it): each step as input, time on the simulated clock, a content reload,
 * and what it asks to see: `shot NAME` (NAME.png, and NAME.json with the
 * state, the progress dots and the buttons on the panel) and `probe` (one
 * JSON line on stdout about the frame and the process, for tools/soak).
 */
#ifndef VOLANTE_KSCRIPT_H
#define VOLANTE_KSCRIPT_H

#include "kiosk.h"

/* Runs the script of K's options (a file, read whole first; or "-",
 * standard input a line at a time as it comes). 0, or 2 after a message on
 * stderr. */
int vl_kscript_run(VlKiosk *k);

#endif
