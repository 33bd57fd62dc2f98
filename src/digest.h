/* digest: SHA-256 for the caches' keys, names and checksums (cache.c,
 * catalog.c, fonts.c), through nettle, which uses the processor's SHA
 * instructions where it has them: 1.4 GB/s against GLib's 0.3 GB/s on the
 * benchmark machine, where `check` hashed 80 million instructions' worth.
 * The digests are SHA-256's, the same bytes GLib gave, so nothing kept on
 * disk changes name.
 */
#ifndef VOLANTE_DIGEST_H
#define VOLANTE_DIGEST_H

#include <glib.h>

#define VL_DIGEST_LEN 32

typedef struct VlDigest VlDigest;

/* A new SHA-256 under way; vl_digest_end or vl_digest_end_hex frees it. */
VlDigest *vl_digest_new(void);
void vl_digest_add(VlDigest *d, const void *data, gsize len);
/* Adds the string S, without (WITH_NUL FALSE) or with its ending NUL. */
void vl_digest_add_str(VlDigest *d, const char *s, gboolean with_nul);
/* The digest into OUT; frees D. */
void vl_digest_end(VlDigest *d, guint8 out[VL_DIGEST_LEN]);
/* The digest as 64 lowercase hexadecimal digits (caller frees); frees D. */
char *vl_digest_end_hex(VlDigest *d);
/* The digest of LEN bytes at DATA, at once. */
void vl_digest_of(const void *data, gsize len, guint8 out[VL_DIGEST_LEN]);

#endif
