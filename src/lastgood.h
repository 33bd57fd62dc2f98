/* lastgood: the last good copy of each translation, kept on disk in the
 * kiosk's state folder (--state, $STATE_DIRECTORY under systemd), so that a
 * PO file broken while the kiosk was off (or between two restarts) does not
 * take its language off the screen: at the next start that language is shown
 * from its last good copy. Only content is kept, the PO files as they last
 * loaded without error: nothing about anyone who used the kiosk.
 *
 * The copies are STATE/last-good/TAG.po, each written whole when its
 * language loads cleanly and its file changed: beside, in last-good/new/,
 * read back as a PO file, then renamed over the copy, so neither a power cut
 * nor a file saved again while it was copied leaves a broken copy.
 */
#ifndef VOLANTE_LASTGOOD_H
#define VOLANTE_LASTGOOD_H

#include <glib.h>

#include "show.h"

typedef struct VlLastGood VlLastGood;

/* Copies kept in STATE_DIR/last-good; STATE_DIR NULL keeps none (loads are
 * then plain vl_show_load). The folder is made now; when it cannot be, one
 * line goes to stderr ("volante kiosk: DIR: cannot keep the last good
 * translations: why") and nothing is kept, while copies already there are
 * still read. The caller owns the result (free with vl_lastgood_free). */
VlLastGood *vl_lastgood_new(const char *state_dir);
void vl_lastgood_free(VlLastGood *lg);

/* vl_show_load (same arguments and result), with a broken language shown
 * from its last good copy when LAST did not show it (vl_show_load_kept);
 * then a copy is kept of each PO file that loaded cleanly. A copy that
 * cannot be written is said once, in one line on stderr, for the life of LG;
 * the show is returned all the same. */
VlShow *vl_lastgood_load(VlLastGood *lg, const char *content_dir, const char *layouts_dir, const char *fonts_dir,
                         char **langs, int w, int h, const VlShow *last, GError **err);

/* The state folder named by systemd's $STATE_DIRECTORY (the first, when it
 * names several, separated by colons), or NULL; caller frees. */
char *vl_lastgood_state_from_env(void);

#endif
