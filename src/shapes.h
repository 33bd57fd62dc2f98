/* shapes: HarfBuzz's shaping, remembered within a process.
 *
 * Pango 1.50 shapes a run of text again for every layout it is in: the same
 * paragraph at another width, the rest of a run after each line break, the
 * English half of every bilingual page, each layout's page in `check`. The
 * answer depends only on what HarfBuzz is given, so this file keeps it.
 *
 * How: the process defines hb_shape and the buffer calls Pango fills its
 * buffer with (hb_buffer_create, _reset, _clear_contents, _add, _add_utf8).
 * Pango's calls bind to these definitions, as they do to fonts.c's
 * fontconfig functions (the module's, or the kiosk program's, come before
 * libharfbuzz in the search list), and each passes the call on to
 * HarfBuzz's own (RTLD_NEXT). The buffer calls only follow what HarfBuzz
 * will see around the text (up to five characters each side, which change
 * how Arabic joins or Indic clusters form); hb_shape looks the whole input
 * up, and shapes only what it has not seen. shapes.c lists what the key
 * holds and why that is all HarfBuzz reads.
 *
 * Linking the file is using it. VOLANTE_SHAPES=off turns
 * the memory off (every run shaped by HarfBuzz, for comparing outputs);
 * VOLANTE_SHAPES=stats prints, when the process exits, how many runs were
 * shaped and how many were remembered. Thread-safe.
 */
#ifndef VOLANTE_SHAPES_H
#define VOLANTE_SHAPES_H

#include <glib.h>

/* Reads VOLANTE_SHAPES. vl_typesetter_new calls it, which is also what
 * links this file in from the static core (nothing else names it). */
void vl_shapes_init(void);

/* Stops the memory for the rest of the process: a layout is about to show
 * spaces, ignorables or line breaks as glyphs (PANGO_ATTR_SHOW, which
 * markup can ask for with <span show="...">). Pango's callbacks then read
 * a flag the key cannot see, so a run shown that way and the same run
 * drawn plainly would get each other's glyphs. typeset.c calls it when a
 * paragraph's markup has such an attribute, before laying it out. */
void vl_shapes_forbid(void);

/* How many runs this process asked HarfBuzz to shape, and how many of them
 * were answered from memory. */
void vl_shapes_counts(guint64 *runs, guint64 *remembered);

#endif
