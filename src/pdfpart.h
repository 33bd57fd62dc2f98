/* pdfpart: volante-pdf.so, the module that finishes each PDF with libqpdf
 * (pdfpost.c), and the one function the rest of volante finds in it.
 *
 * libqpdf brings eleven libraries (libstdc++'s users aside: GnuTLS and the
 * eight it needs, libjpeg): loading them takes 10 ms, and every command
 * paid it, though only those that write a PDF use them. check, langs,
 * pot, a PNG or SVG render now never load them. (Loading it on a thread of
 * its own while the page is laid out was tried and gave nothing: glibc's
 * loader lock stops the laying-out thread at its next thread start or
 * first use of a library's thread-local data.) Nothing but pdfpost.c and
 * pdfload.c includes this. */
#ifndef VOLANTE_PDFPART_H
#define VOLANTE_PDFPART_H

#include <glib.h>

#include "pdfpost.h"

/* The module's file, found beside the code that opens it (volante-cli.so, or
 * the kiosk's program): libexec/volante when installed, the build folder. */
#define VL_PDF_PART "volante-pdf.so"
#define VL_PDF_PART_ENTRY "vl_pdfpart_finish"

/* The module's entry: the PDF of LEN bytes at DATA (named IN in messages)
 * with what POST says added, as new bytes (caller unrefs), or NULL with
 * *err = "IN: reason". BUILD and POST_SIZE are the caller's VOLANTE_VERSION
 * and sizeof (VlPdfPost): a module from another volante says so instead of
 * reading a VlPdfPost of another shape. */
typedef GBytes *(*VlPdfPartFinish)(const char *build, gsize post_size, const char *in, const char *data, gsize len,
                                   const VlPdfPost *post, GError **err);

/* The module's second entry: the files of the libraries whose code decides
 * the finished bytes (libqpdf, zlib, Little CMS), one path a line, owned by
 * the module, or NULL when one cannot be told. pdfload.c keeps each finished PDF with their identities
 * (cache.h's blobs) and uses a kept one only while they are the same. */
#define VL_PDF_PART_LIBRARIES "vl_pdfpart_libraries"
typedef const char *(*VlPdfPartLibraries)(void);

#endif
