/* bundle_sign KEY PAYLOAD.tar VERSION OUT.volante: signs any tar archive as
 * a bundle, so that the tests can hand the kiosk bundles volante bundle
 * never makes (links, paths out of the folder, oversize entries). */
#include <stdio.h>
#include <stdlib.h>

#include "bundle.h"

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: bundle_sign KEY PAYLOAD.tar VERSION OUT.volante\n");
    return 2;
  }
  char *data = NULL;
  gsize len = 0;
  GError *err = NULL;
  if (!g_file_get_contents(argv[2], &data, &len, &err) ||
      !vl_bundle_sign((const guint8 *)data, len, argv[1], g_ascii_strtoull(argv[3], NULL, 10), argv[4], &err)) {
    fprintf(stderr, "bundle_sign: %s\n", err->message);
    return 1;
  }
  g_free(data);
  return 0;
}
