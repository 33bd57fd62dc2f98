/* deflates: what Cairo compresses, remembered across runs.
 *
 * Cairo 1.16 deflates each PDF's fonts (and pictures) when the surface is
 * finished: in the default set, 2.3 MB through zlib in 235 streams, 12% of
 * the run's time, the same bytes every run that draws the same pages.
 *
 * How: the process defines zlib's deflateInit_, deflateInit2_, deflate,
 * deflateReset and deflateEnd, which Cairo's calls bind to (as fonts.c's
 * fontconfig functions are bound). Once vl_deflates_enable() has been
 * called, a stream Cairo makes (the caller's file, by dladdr) with zlib's
 * default settings, which Cairo feeds with Z_NO_FLUSH and ends with
 * Z_FINISH, is gathered whole; at Z_FINISH its compressed form is taken
 * from the cache (a blob of kind "zlib", cache.h) when an earlier run
 * compressed the same bytes with the same settings and the same zlib, else
 * zlib compresses it and, when it is VL_DEFLATES_MIN to VL_DEFLATES_MAX
 * bytes, it is kept. The caller gets the very bytes zlib would have
 * given, in the pieces its buffer takes: zlib's output at those settings
 * does not depend on how the input was cut (a review tested levels 1-9,
 * inputs to 3 MB, pieces from 1 byte; level 0, and Huffman-only coding at
 * memLevel 9, do depend on it, and are never gathered). Other libraries'
 * streams (libpng's, GIO's) are zlib's alone.
 *
 * A gathered stream that grows past VL_DEFLATES_MAX (a picture) is handed
 * to zlib as it stands, what was gathered compressed first: the same bytes.
 * So is one used in any other way (another flush, a dictionary, new
 * parameters, a copy); its bytes are then valid and inflate the same, but
 * after a flush midway they may differ from zlib's (the empty blocks a
 * flush adds follow where the caller's buffer ended). Cairo never flushes
 * midway. Before vl_deflates_enable, and with the cache off, every call
 * goes straight to zlib. VOLANTE_DEFLATES=off keeps it off; =stats prints
 * the counts at exit.
 * Thread-safe.
 */
#ifndef VOLANTE_DEFLATES_H
#define VOLANTE_DEFLATES_H

#include <glib.h>

/* Streams shorter than MIN are compressed every time (reading a blob costs
 * more than deflating a few kilobytes), and streams longer than MAX are
 * zlib's from there on (the cache, and the memory a stream takes, stay
 * small). */
#define VL_DEFLATES_MIN 4096
#define VL_DEFLATES_MAX (1 << 20)
/* Blobs of kind "zlib" kept (cache.h): the default set writes about 150. */
#define VL_DEFLATES_KEEP 2048

/* Starts remembering, unless VOLANTE_DEFLATES=off or the cache's blobs are
 * off (cache.h). run.c calls it for the jobs that draw. */
void vl_deflates_enable(void);

/* Gathers the streams of FILE (a file name's start, "libcairo.so" by
 * default) instead: for tests/deflates_test.c. */
void vl_deflates_caller(const char *file);

/* How many streams this process finished while remembering, and how many
 * of them came from the cache. */
void vl_deflates_counts(guint64 *streams, guint64 *remembered);

#endif
