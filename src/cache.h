/* cache: what the layout searches found, kept on disk across runs.
 *
 * Shrink-to-fit (typeset.c) and the flow groups (page.c, flow.c) search for
 * a scale by laying the same text out again and again; each trial is a full
 * shaping pass. A search's outcome depends only on its text, styles and box,
 * the fonts and the libraries that shape, so the next run with the same
 * text asks the cache and lays each block out once, at the scale found.
 *
 * One file per build and fingerprint of the fonts (fonts.conf's bytes, each
 * font file's path, size and time), $XDG_CACHE_HOME/volante/DIGEST.cache,
 * DIGEST made of both: volante's version and the size and time of the file
 * its code is in (volante-cli.so, or the program), the versions of Pango,
 * HarfBuzz, ICU and fontconfig, and the fonts. The header holds the same
 * digest, and a file of another build is ignored. Saving keeps the
 * VL_CACHE_KEEP_FILES files written last and removes the others. A
 * key is the SHA-256 of everything the search read (a string the caller
 * makes); a value is a few numbers. The file is read whole (at most
 * VL_CACHE_MAX_FILE bytes) and checked (checksum, every length) before
 * anything in it is used: a broken file is ignored, never trusted. It is
 * written (temporary file and rename) only when the run learnt something,
 * with what the run used first and at most VL_CACHE_MAX_ENTRIES entries, so
 * the oldest drop out. A folder that cannot be made or written is skipped
 * without a word: the cache only saves time.
 *
 * VOLANTE_CACHE=off turns it off. The kiosk does not use it (it writes
 * nothing but its status and state).
 */
#ifndef VOLANTE_CACHE_H
#define VOLANTE_CACHE_H

#include <glib.h>

#include "fonts.h"

#define VL_CACHE_MAX_ENTRIES 20000
#define VL_CACHE_MAX_FILE (8 << 20)
#define VL_CACHE_MAX_VALUES 255
#define VL_CACHE_KEEP_FILES 8

typedef struct VlCache VlCache;

/* The cache for FONTS (borrowed, only read here), loaded from its file when
 * there is a good one. NULL when VOLANTE_CACHE is "off" or "0". Caller frees. */
VlCache *vl_cache_open(VlFonts *fonts);
void vl_cache_free(VlCache *c);

/* The values stored under KEY: their number (at most MAX are copied into
 * VALUES), or -1 when KEY is unknown. C may be NULL (always -1). */
int vl_cache_get(VlCache *c, const char *key, double *values, int max);
/* Stores N values (at most VL_CACHE_MAX_VALUES) under KEY. C may be NULL. */
void vl_cache_put(VlCache *c, const char *key, const double *values, int n);

/* What this process used or learnt, as bytes for vl_cache_merge (a worker
 * process hands them to the parent, which alone writes the file). Caller
 * frees. */
GBytes *vl_cache_export(VlCache *c);
/* Adds the entries of DATA (from vl_cache_export; checked like a file: FALSE
 * and nothing added when it is broken). */
gboolean vl_cache_merge(VlCache *c, const void *data, gsize len);

/* Writes the file when this run learnt anything; silent when it cannot. */
void vl_cache_save(VlCache *c);

/* Whole values kept beside the layout cache (a PO file as read: catalog.c),
 * in $XDG_CACHE_HOME/volante/KIND/NAME, NAME a SHA-256 of this build (as
 * above, fonts aside), KIND and KEY. A file holds the value's length, the
 * value and its SHA-256, and is used only when all three agree; written whole
 * (temporary file, rename; no fsync: a file a crash cut short fails its
 * checksum), the VL_CACHE_KEEP_BLOBS written last of a KIND kept. The
 * folder is pruned to that at a process's first put of the KIND and at
 * every VL_CACHE_PRUNE_EVERY-th (or KEEP / 8-th) after, so it may hold
 * that many more for a while. Off until vl_cache_blobs_enable() (the commands that may write a
 * cache call it; the kiosk does not), and off with VOLANTE_CACHE=off. */
#define VL_CACHE_KEEP_BLOBS 256
#define VL_CACHE_PRUNE_EVERY 32
void vl_cache_blobs_enable(void);
/* Whether blobs are read and written in this process. */
gboolean vl_cache_blobs_on(void);
/* The value stored under KIND and KEY (KEY_LEN bytes), or NULL. Caller frees. */
GBytes *vl_cache_blob_get(const char *kind, const void *key, gsize key_len);
/* Stores LEN bytes of DATA under KIND and KEY; silent when it cannot. */
void vl_cache_blob_put(const char *kind, const void *key, gsize key_len, const void *data, gsize len);
/* The same, for a KIND of which KEEP blobs are kept rather than VL_CACHE_KEEP_BLOBS. */
void vl_cache_blob_put_keep(const char *kind, const void *key, gsize key_len, const void *data, gsize len, guint keep);

#endif
