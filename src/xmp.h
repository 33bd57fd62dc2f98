/* xmp: the XMP metadata packet that checkers and print workflows read from a
 * PDF's catalog (Cairo 1.16 writes only the Info dictionary). */
#ifndef VOLANTE_XMP_H
#define VOLANTE_XMP_H

#include <glib.h>

typedef struct {
  const char *title;    /* dc:title, as the Info dictionary has it */
  const char *lang;     /* its language (BCP 47) */
  const char *creator;  /* xmp:CreatorTool ("volante 0.1.0"), may be NULL */
  const char *producer; /* pdf:Producer, may be NULL */
  const char *date;     /* xmp:CreateDate and ModifyDate, ISO 8601; NULL: none */
  const char *id;       /* xmpMM:DocumentID and InstanceID stem: 32 hex digits */
  gboolean pdfua;       /* pdfuaid:part 1 */
  gboolean pdfx;        /* pdfxid:GTS_PDFXVersion PDF/X-4, pdf:Trapped False, the version's IDs */
} VlXmp;

/* The packet as UTF-8 XML, values escaped. Caller frees. */
char *vl_xmp_packet(const VlXmp *x);

#endif
