/* deflates: what Cairo compresses, remembered across runs.
 *
 * Cairo 1.16 deflates each PDF's fonts (and pictures) when the surface is
 * finished: in the default set, 2.3 MB through zlib in 235 streams, 12% of
 * the run's time, the same bytes every run that draws the same pages.
 *
 * How: the process defines zlib's deflateInit_, deflateInit2_, deflate,
 * deflateReset and deflateEnd, which Cairo's calls bind to (as fonts.c's
 * fontconfig functions are bound). Once vl_deflates_enable() has been
 * called, a stream that is fed with Z_NO_FLUSH and ended with Z_FINISH (as
 * Cairo's are) is gathered whole; at Z_FINISH its compressed form is taken
 * from the cache (a blob of kind "zlib", cache.h) when an earlier run
 * compressed the same bytes with the same settings and the same zlib, else
 * zlib compresses it and, when it is VL_DEFLATES_MIN to VL_DEFLATES_MAX
 * bytes, it is kept. Level 0 (stored, whose blocks follow the caller's
 * buffer) is left to zlib. The caller gets the very bytes zlib would have given, in the pieces
 * its buffer takes. Any other use of a stream (another flush, a
 * dictionary, a gzip header, a copy, new parameters) hands it to zlib as it
 * stands, with what was gathered compressed first. Before
 * vl_deflates_enable, and with the cache off, every call goes straight to
 * zlib. VOLANTE_DEFLATES=off keeps it off; =stats prints the counts at exit.
 * Thread-safe.
 */
#ifndef VOLANTE_DEFLATES_H
#define VOLANTE_DEFLATES_H

#include <glib.h>

/* Streams shorter than MIN are compressed every time (reading a blob costs
 * more than deflating a few kilobytes), and so are streams longer than MAX
 * (a picture: the cache stays small). */
#define VL_DEFLATES_MIN 4096
#define VL_DEFLATES_MAX (1 << 20)
/* Blobs of kind "zlib" kept (cache.h): the default set writes about 150. */
#define VL_DEFLATES_KEEP 2048

/* Starts remembering, unless VOLANTE_DEFLATES=off or the cache's blobs are
 * off (cache.h). run.c calls it for the jobs that draw. */
void vl_deflates_enable(void);

/* How many streams this process finished while remembering, and how many
 * of them came from the cache. */
void vl_deflates_counts(guint64 *streams, guint64 *remembered);

#endif
