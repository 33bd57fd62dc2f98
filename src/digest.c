#include "digest.h"

#include <nettle/sha2.h>
#include <string.h>

struct VlDigest {
  struct sha256_ctx ctx;
};

VlDigest *vl_digest_new(void) {
  VlDigest *d = g_new(VlDigest, 1);
  sha256_init(&d->ctx);
  return d;
}

void vl_digest_add(VlDigest *d, const void *data, gsize len) {
  if (len) sha256_update(&d->ctx, len, data);
}

void vl_digest_add_str(VlDigest *d, const char *s, gboolean with_nul) {
  sha256_update(&d->ctx, strlen(s) + (with_nul ? 1 : 0), (const guint8 *)s);
}

void vl_digest_end(VlDigest *d, guint8 out[VL_DIGEST_LEN]) {
  sha256_digest(&d->ctx, VL_DIGEST_LEN, out);
  g_free(d);
}

char *vl_digest_end_hex(VlDigest *d) {
  guint8 sum[VL_DIGEST_LEN];
  vl_digest_end(d, sum);
  char *hex = g_malloc(2 * VL_DIGEST_LEN + 1);
  for (int i = 0; i < VL_DIGEST_LEN; i++) {
    hex[2 * i] = "0123456789abcdef"[sum[i] >> 4];
    hex[2 * i + 1] = "0123456789abcdef"[sum[i] & 15];
  }
  hex[2 * VL_DIGEST_LEN] = 0;
  return hex;
}

void vl_digest_of(const void *data, gsize len, guint8 out[VL_DIGEST_LEN]) {
  struct sha256_ctx ctx;
  sha256_init(&ctx);
  if (len) sha256_update(&ctx, len, data);
  sha256_digest(&ctx, VL_DIGEST_LEN, out);
}
