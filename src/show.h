/* show: the campaign as kiosk slides, composed from the same content,
 * translations, fonts and typesetter as the flyers.
 *
 * Slides: a title slide, the organizers' event when the content has one whose
 * dates can be read, one per fact (fact.*), one per ally (ally.*). Each
 * is a page of a kiosk layout (layouts/kiosk/landscape.ini or portrait.ini,
 * chosen by the screen's shape) whose frames marked slide=KIND show that
 * slide. Composed pages are kept for every language; rasters are made on
 * request and owned by the caller (the kiosk keeps its own cache).
 */
#ifndef VOLANTE_SHOW_H
#define VOLANTE_SHOW_H

#include <cairo.h>
#include <glib.h>

#include "diag.h"
#include "lang.h"

typedef struct VlShow VlShow;

typedef struct {
  double x, y, w, h;
} VlBox;

/* Loads content, the translations of LANGS (NULL: every language) and the
 * kiosk layouts for a W x H screen. NULL with *err = one line "file:line:
 * why" when the content, the layout or the fonts cannot be read, a language
 * of LANGS does not exist, or no language is left to show.
 *
 * One broken translation does not stop the show: a language whose PO file
 * cannot be read, or whose text would show broken (markup), is left out, or
 * keeps the translation LAST (a show loaded before, or NULL) showed; either
 * way it is an error in vl_show_diag() with its file:line, ready to log.
 * The caller owns the result; LAST is only read (and may be freed after). */
VlShow *vl_show_load(const char *content_dir, const char *layouts_dir, const char *fonts_dir, char **langs, int w,
                     int h, const VlShow *last, GError **err);
/* As vl_show_load, and a broken language LAST did not show is shown from
 * KEPT/TAG.po, its last good copy on disk (lastgood.h), when that loads and
 * shows cleanly; its problem then says "showing the last good copy of TAG".
 * KEPT NULL: no copies. */
VlShow *vl_show_load_kept(const char *content_dir, const char *layouts_dir, const char *fonts_dir, char **langs, int w,
                          int h, const VlShow *last, const char *kept, GError **err);
void vl_show_free(VlShow *s);

/* The problems of the show (owned by S, which also adds to it as slides are
 * composed): right after vl_show_load, only the languages left out or kept. */
VlDiag *vl_show_diag(const VlShow *s);

guint vl_show_slides(const VlShow *s);
guint vl_show_langs(const VlShow *s);
const VlLang *vl_show_lang(const VlShow *s, guint i);
/* The PO file language I was read from this time, without error (owned by
 * S); NULL for the source language, a pseudo-locale, or a translation kept
 * from before (LAST, or a last good copy). */
const char *vl_show_lang_po(const VlShow *s, guint i);
/* The index of language TAG, or -1. */
int vl_show_lang_index(const VlShow *s, const char *tag);
/* The screen boxes of the kiosk layout's frames "bar" and "progress". */
VlBox vl_show_bar(const VlShow *s);
VlBox vl_show_progress(const VlShow *s);

/* Attract mode's line asking a passer-by to touch the screen: the kiosk
 * layout's frame "touch" (slide=attract) and its text ("kiosk.touch"):
 * vl_show_touch_box is the frame on screen (0 wide without one), and
 * vl_show_touch_text the text shown for language LANG, as markup owned by
 * S, with *IN = the tag of the language it is in: LANG's translation, or the
 * English while LANG has none that can be shown. NULL when the content has
 * no such text. vl_show_touch draws it centred in BOX in the frame's style. */
VlBox vl_show_touch_box(const VlShow *s);
const char *vl_show_touch_text(const VlShow *s, guint lang, const char **in);
void vl_show_touch(VlShow *s, cairo_t *cr, guint lang, VlBox box);

/* A short notice for center staff (TEXT, plain text in the content's own
 * language, English) drawn in COLOR centred in BOX, bold, in the layout's
 * notice face: one line at 45% of BOX's height, or smaller as it takes to
 * fit. Returns that share of the full size (1: as large as it goes; 0:
 * nothing drawn). */
double vl_show_notice(VlShow *s, cairo_t *cr, const char *text, const double color[3], VlBox box);

/* Clears IMG to what a new image holds, touching every page of it (a new
 * 1080p image is a thousand fresh pages from the system, each a page fault
 * when first touched: more than drawing a slide takes). */
void vl_show_clear(cairo_surface_t *img);
/* Slide SLIDE in language LANG drawn over IMG, a W x H image (the kiosk
 * keeps CAIRO_FORMAT_RGB16_565 ones, half the memory of full color),
 * cleared first: the same pixels as on a new image, in memory the process
 * may already have. */
void vl_show_render_into(VlShow *s, guint lang, guint slide, cairo_surface_t *img);
/* Composes slide SLIDE in language LANG (lays it out: what drawing it the
 * first time would do first), unless it is already; TRUE when it did the
 * work. The kiosk calls it between frames, for the slides a tap can bring. */
gboolean vl_show_prepare(VlShow *s, guint lang, guint slide);
/* Draws slide SLIDE in language LANG on CR, whose units are the screen's
 * pixels (the kiosk's raster, or an exported slide through backend.h). */
void vl_show_draw(VlShow *s, guint lang, guint slide, cairo_t *cr);

/* Draws LABEL centered in BOX in language LANG's own face, in the style of
 * the layout's "button" frame style (for the language bar). */
void vl_show_label(VlShow *s, cairo_t *cr, guint lang, const char *label, VlBox box, gboolean selected);

#endif
