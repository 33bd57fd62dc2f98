/* typeset: the only Pango code. Lays out paragraphs in a box and shrinks them
 * until they fit, reporting what it could not do (overflow, missing glyphs).
 *
 * A VlTypesetter belongs to one worker (Pango objects are never shared
 * between threads or processes). A VlBlock is the text of one frame: paragraphs stacked top to
 * bottom, all scaled together when the frame is too small.
 */
#ifndef VOLANTE_TYPESET_H
#define VOLANTE_TYPESET_H

#include <cairo.h>
#include <glib.h>

#include "cache.h"
#include "embed.h"
#include "fonts.h"
#include "lang.h"
#include "style.h"

typedef struct VlTypesetter VlTypesetter;
typedef struct VlBlock VlBlock;

VlTypesetter *vl_typesetter_new(VlFonts *fonts);
void vl_typesetter_free(VlTypesetter *t);
/* Searches are also asked of and told to CACHE (borrowed; must outlive T;
 * NULL: none, as a new typesetter has). */
void vl_typesetter_set_cache(VlTypesetter *t, VlCache *cache);
VlCache *vl_typesetter_cache(const VlTypesetter *t);

/* A block WIDTH points wide for text in LANG (borrowed; must outlive the
 * block). UNIT multiplies every style size (the paper's scale, 1 by default). */
VlBlock *vl_block_new(VlTypesetter *t, const VlLang *lang, double width, double unit);
void vl_block_free(VlBlock *b);

/* Adds one paragraph of Pango MARKUP in STYLE (borrowed). LINK, when not
 * NULL, makes the paragraph a link to that URI in PDF output. Returns FALSE
 * with *err set when the markup does not parse. */
gboolean vl_block_add(VlBlock *b, const char *markup, const VlStyle *style, const char *link, GError **err);
gboolean vl_block_empty(const VlBlock *b);
/* Replaces the text of paragraph I with MARKUP, keeping its style and
 * spacing (to measure how much text a frame holds). FALSE with *err set
 * when the markup does not parse. Measure again before reading heights. */
gboolean vl_block_set_text(VlBlock *b, guint i, const char *markup, GError **err);
/* Adds EM (of the last paragraph's size) of space after the last paragraph:
 * the gap between the entries of a list. */
void vl_block_gap(VlBlock *b, double em);

/* Everything the block's layout at any scale depends on but the fonts: its
 * language, width, and each paragraph's text, style and spacing, as a
 * string (a key of the cache on disk). Caller frees. */
char *vl_block_key(const VlBlock *b);

/* Shrinks the block until it fits HEIGHT: scale runs from 1 down to
 * MIN_SCALE. Returns TRUE when it fits; FALSE (overflow) leaves the block at
 * MIN_SCALE. */
gboolean vl_block_fit(VlBlock *b, double height, double min_scale);
double vl_block_scale(const VlBlock *b);
/* After an overflow: TRUE when a word is wider than the block, rather than
 * the text taller than the frame. */
gboolean vl_block_too_wide(const VlBlock *b);
double vl_block_height(const VlBlock *b);
/* Sets the block at SCALE (columns of one frame share the smallest). */
void vl_block_set_scale(VlBlock *b, double scale);
/* The block's height at SCALE, as vl_block_height would give after
 * vl_block_set_scale, for a search: what the block then draws, and its
 * scale, are unknown until vl_block_set_scale or vl_block_fit. */
double vl_block_height_at(VlBlock *b, double scale);
/* The smallest type size in the block at its current scale, pt. */
double vl_block_min_size(const VlBlock *b);
/* The style of paragraph I and, in *SIZE, the size it prints at (pt). */
const VlStyle *vl_block_para_style(const VlBlock *b, guint i, double *size);
guint vl_block_len(const VlBlock *b);
/* The width the block was made for, pt. */
double vl_block_width(const VlBlock *b);
/* Makes the paragraphs from FROM to the last one take at least HEIGHT pt
 * (not scaled): room for a QR code beside them. */
void vl_block_reserve(VlBlock *b, guint from, double height);
/* Leaves HEIGHT pt (not scaled) under the last paragraph, before the space
 * after it: room for a QR code under its section. */
void vl_block_below(VlBlock *b, double height);
/* Top of paragraph I from the block's top, at the current scale. */
double vl_block_para_top(const VlBlock *b, guint i);
/* How the block is drawn: BLACK draws every run in black (grayscale
 * printing); TEXT keeps text as text (a PDF, backend.h: links, and the words
 * behind each run of glyphs); TAGS, with TEXT, marks each paragraph as a
 * structure element of its style's tag (H1, P...). A new block has none. */
void vl_block_set_output(VlBlock *b, gboolean black, gboolean tags, gboolean text);
/* Height of paragraph I at the current scale. */
double vl_block_para_height(const VlBlock *b, guint i);
/* How much taller than HEIGHT the block is at its current scale, as a share (0.23 = 23%). */
double vl_block_excess(const VlBlock *b, double height);

/* Calls FN for each character no font could draw, with the index of its
 * paragraph, its code point, its byte index in the paragraph and the text
 * around it (at most 21 characters). */
typedef void (*VlMissingFn)(guint para, gunichar c, int index, const char *context, void *data);
void vl_block_each_missing(VlBlock *b, VlMissingFn fn, void *data);

/* Calls FN for each run drawn with a face other than the one fontconfig
 * gives its script in volante's configuration (a character the script's own
 * face lacks, taken from another font): the run's text (at most 16
 * characters), the face used and the face expected. */
typedef void (*VlFallbackFn)(guint para, const char *text, const char *used, const char *expected, void *data);
void vl_block_each_fallback(VlBlock *b, VlFallbackFn fn, void *data);

/* Calls FN for what a reader would see wrong in the block's lines as set
 * now: KIND "kept-word-split", a line ending inside a word of the
 * language's keep list or one joined by U+2060 (TEXT: the word); KIND
 * "lonely-word", a balanced paragraph (a headline) whose last line is one
 * word less than half as wide as its widest line (TEXT: the word); KIND
 * "no-face", letters of a script that volante's fonts.conf gives no face
 * (TEXT: "Scri\nthe first letters\nthe face fontconfig found"). */
typedef void (*VlLineWarningFn)(guint para, const char *kind, const char *text, void *data);
void vl_block_each_line_warning(VlBlock *b, VlLineWarningFn fn, void *data);

/* The box of the character at byte INDEX of paragraph PARA, in points from
 * the block's top-left corner, at the block's current scale. */
void vl_block_char_box(VlBlock *b, guint para, int index, double box[4]);

/* Notes every glyph run of the block in EMBED (see embed.h). */
void vl_block_collect(VlBlock *b, VlEmbed *embed);
/* Draws the block with its top-left corner at (X, Y). Runs whose font EMBED
 * has subset are drawn with the subset; EMBED may be NULL. */
void vl_block_draw(VlBlock *b, cairo_t *cr, double x, double y, VlEmbed *embed);

#endif
