/* glyphs: FreeType's glyph loads remembered within a process that writes
 * PDFs.
 *
 * Cairo 1.16 asks FreeType for a glyph's outline and metrics at every size
 * it draws at, and again for each PDF's font subsets. It keeps what it got
 * in a global cache of 512 pages of 32 glyphs, one font size to a page, and
 * when that is full it throws out pages at random: in the default set,
 * with some 390 font sizes, 12,000 of 22,000 loads were a glyph already
 * loaded at that size (each about 25,000 instructions, a CFF outline more).
 *
 * How: the process defines FT_Load_Glyph, which Cairo's calls bind to (as
 * fonts.c's fontconfig functions are bound). Once vl_glyphs_enable() has
 * been called, a load of an outline glyph is kept (the slot's outline,
 * metrics and advances), keyed by the face, the glyph, the load flags, the
 * size and the face's transform; the same load again puts the kept glyph
 * back in the face's slot, as FreeType would have left it. FT_Done_Face,
 * FT_Done_FreeType and FT_Done_Library are defined too, so that nothing
 * kept for a face outlives it. Before vl_glyphs_enable, and for anything
 * but a scalable outline in a face without variations, every call goes
 * straight to FreeType. VOLANTE_GLYPHS=off keeps it off; =stats prints the
 * counts at exit. Thread-safe (Cairo holds a face's lock while it uses its
 * slot).
 */
#ifndef VOLANTE_GLYPHS_H
#define VOLANTE_GLYPHS_H

#include <glib.h>

/* Starts remembering, unless VOLANTE_GLYPHS=off. run.c calls it for the
 * jobs that draw (the kiosk, which renders glyphs to pixels, never does). */
void vl_glyphs_enable(void);

/* How many loads this process asked FreeType for, and how many of them
 * came from memory. */
void vl_glyphs_counts(guint64 *loads, guint64 *remembered);

/* How many faces have loads kept: a face that is done has none. */
guint vl_glyphs_faces(void);

#endif
