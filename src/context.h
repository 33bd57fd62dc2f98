/* context: a picture of each text where it prints, for translators (and
 * for Weblate, whose screenshots these are meant to be).
 *
 * One PNG per msgctxt, named KEY.png: the band of the page where the text
 * sits, its frame outlined (and the text itself, when it shares the frame),
 * the rest faded, and a caption naming the text, layout and frame. The
 * layout is the first room.c lists for the text (the flyer when it is
 * there); the page is set in the chosen language.
 */
#ifndef VOLANTE_CONTEXT_H
#define VOLANTE_CONTEXT_H

#include <glib.h>

#include "content.h"
#include "fonts.h"
#include "room.h"

/* Writes OUT_DIR/KEY.png for each translatable text of C in language LANG
 * (NULL: the source language). Texts no layout prints are named in
 * *skipped (may be NULL). Returns the number of pictures, or -1 with *err
 * set (an unknown language, a PO file that cannot be read, a folder or
 * file that cannot be written). */
int vl_context_write(const VlContent *c, const VlRoom *room, VlFonts *fonts, const char *lang, const char *out_dir,
                     GPtrArray *skipped, GError **err);

#endif
