/* embed: how the fonts of one PDF are embedded.
 *
 * Cairo 1.16 embeds a CFF font by reading and rewriting its whole CFF table:
 * for the 16 MB Noto Sans CJK collections that costs about 60 ms per weight
 * and per PDF, most of volante's render time. For such large CFF fonts,
 * volante subsets the font first with HarfBuzz's subsetter, and hands Cairo the small result to embed.
 *
 * Use per document: vl_embed_use() for every glyph run that will be drawn,
 * vl_embed_prepare(), then vl_embed_face() while drawing.
 */
#ifndef VOLANTE_EMBED_H
#define VOLANTE_EMBED_H

#include <cairo.h>
#include <pango/pango.h>

typedef struct VlEmbed VlEmbed;

VlEmbed *vl_embed_new(void);
void vl_embed_free(VlEmbed *e);

/* Notes the glyphs of RUN's font that the document uses. */
void vl_embed_use(VlEmbed *e, PangoGlyphItem *run);
/* Subsets each large CFF font used; a font that cannot be subset is simply
 * left to Cairo. */
void vl_embed_prepare(VlEmbed *e);
/* The subset face to draw FONT with, or NULL to draw it as Pango does.
 * Owned by e. */
cairo_font_face_t *vl_embed_face(VlEmbed *e, PangoFont *font);
/* The id in the subset of FONT's glyph GLYPH. */
unsigned vl_embed_glyph(VlEmbed *e, PangoFont *font, unsigned glyph);

#endif
