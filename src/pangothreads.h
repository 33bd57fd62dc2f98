/* pangothreads: Pango's font threads, run where Pango asks for them.
 *
 * Pango 1.50 starts a thread for the match and one for the sort of every
 * new font pattern (g_thread_new, "[pango] FcFontSetMatch" and "[pango]
 * FcFontSetSort"), and the layout waits for them. With two workers on two
 * cores there is no idle core for them: each start and wake-up waits for
 * the scheduler. `check` made 282 threads and the UDHR flyers 240; the sorts
 * and matches themselves come from fonts.c's memory, so what was left was
 * the waiting (hyperfine: check 130 against 108 ms, the UDHR flyers 129
 * against 111 ms, with and without).
 *
 * pangothreads.c defines g_thread_new. GLib is in the program's own search
 * list (front.c links it), ahead of any module, so the definition that
 * Pango's calls bind to must be the program's: `volante` is built with it
 * and exports it (CMakeLists.txt). The kiosk's program is not: its Pango
 * starts its threads as before. Those two threads run
 * their function at once in the calling thread (it only sorts or matches,
 * then signals under the pattern's own mutex, which Pango does not hold
 * when it starts them), and the caller gets a reference to its own thread
 * to drop; every other thread starts as GLib starts it. GLib only.
 */
#ifndef VOLANTE_PANGOTHREADS_H
#define VOLANTE_PANGOTHREADS_H

#include <glib.h>

/* TRUE for the name of a thread Pango starts for fontconfig's match or
 * sort, which this file runs in the calling thread. */
gboolean vl_pango_thread_inline(const char *name);

#endif
