/* fonts: volante's private fontconfig setup (the only fontconfig code).
 *
 * Built from fonts/fonts.conf so that output does not depend on the fonts a
 * machine happens to have. One VlFonts is loaded before the worker processes
 * start; each worker makes its own Pango font map from it.
 *
 * It also defines fontconfig's FcFontSetSort and FcFontSetMatch, which
 * Pango's calls bind to (the module's definitions come first; the kiosk's
 * program exports them too): a sort of the fonts for a pattern, and which
 * font won a match, are kept, in memory and in the cache's blobs (kinds
 * "fontsort", "fontmatch"), keyed by what they read; the real ones (the next
 * definitions, libfontconfig's) sort only for a pattern not seen before, and
 * a kept match is fontconfig's match against the winner alone. fonts.c says
 * why that is exact.
 */
#ifndef VOLANTE_FONTS_H
#define VOLANTE_FONTS_H

#include <glib.h>
#include <pango/pango.h>

typedef struct VlFonts VlFonts;

/* Loads FONTS_DIR/fonts.conf. NULL with *err set when it cannot be read or
 * names no usable font. Caller owns the result. */
VlFonts *vl_fonts_new(const char *fonts_dir, GError **err);
/* Another reference to F, for one more owner (the kiosk's next show keeps
 * the fonts of the last: fontconfig leaks a little with every configuration
 * it loads, and a kiosk reloads for weeks). */
VlFonts *vl_fonts_ref(VlFonts *f);
/* Drops one reference; the last frees F. Accepts NULL. */
void vl_fonts_free(VlFonts *f);

/* Size in bytes of the font file fontconfig picks first for LANG (a Pango
 * language such as "ko" or "zh-tw"), 0 if none: a cheap forecast of how much
 * work embedding its fonts will be. */
gint64 vl_fonts_weight(VlFonts *f, const char *lang);

/* A fingerprint of the fonts, as 64 hexadecimal digits: fonts.conf's bytes
 * and each font file's path, size and time of change, as they were the first
 * time it was asked for (made once per F). Caller frees. */
char *vl_fonts_fingerprint(VlFonts *f);

/* Gives back the memory of the large font files (the CJK collections) this
 * process has mapped: Pango and FreeType each map a collection once per
 * face, and a CJK page touches megabytes of each. The pages stay in the
 * system's file cache, and whatever is read again is mapped again; nothing
 * that was loaded changes. Linux only; elsewhere it does nothing. */
void vl_fonts_release_pages(VlFonts *f);
/* Writes the sorts and matches learnt since the last call to the cache's
 * blobs (when the process keeps blobs), from the thread that calls it:
 * Pango's threads only note them, files.c's writing not being made for
 * them. run.c calls it after each job. */
void vl_fonts_save_sorts(void);

/* A new Pango font map using volante's configuration; caller unrefs it. */
PangoFontMap *vl_fonts_new_map(VlFonts *f);

#endif
