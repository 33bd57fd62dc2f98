/* Runs a fuzz target's LLVMFuzzerTestOneInput on files and folders of
 * inputs without libFuzzer, so that any build (gcc, no clang) replays the
 * seed corpus and every finding's reproducer (tests/fuzz/regress/). */
#include <glib.h>
#include <stdint.h>
#include <stdio.h>

#include "fuzz.h"

static int compare(gconstpointer a, gconstpointer b) { return g_strcmp0(*(char *const *)a, *(char *const *)b); }

static gboolean replay(const char *path, int *count) {
  gchar *data = NULL;
  gsize len = 0;
  GError *err = NULL;
  if (!g_file_get_contents(path, &data, &len, &err)) {
    fprintf(stderr, "replay: %s\n", err->message);
    g_error_free(err);
    return FALSE;
  }
  fprintf(stderr, "replay: %s (%zu bytes)\n", path, (size_t)len);
  LLVMFuzzerTestOneInput((const uint8_t *)data, len);
  g_free(data);
  (*count)++;
  return TRUE;
}

int main(int argc, char **argv) {
  LLVMFuzzerInitialize(&argc, &argv);
  int count = 0;
  gboolean ok = TRUE;
  int inputs = 0;
  for (int i = 1; i < argc; i++) {
    /* libFuzzer's flags (-max_total_time=20) mean nothing without it. */
    if (argv[i][0] == '-') continue;
    inputs++;
    if (!g_file_test(argv[i], G_FILE_TEST_IS_DIR)) {
      ok &= replay(argv[i], &count);
      continue;
    }
    GDir *d = g_dir_open(argv[i], 0, NULL);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    for (const char *n; d && (n = g_dir_read_name(d));)
      if (n[0] != '.' && !g_str_has_suffix(n, ".md")) g_ptr_array_add(names, g_build_filename(argv[i], n, NULL));
    if (d) g_dir_close(d);
    g_ptr_array_sort(names, compare);
    for (guint j = 0; j < names->len; j++) ok &= replay(g_ptr_array_index(names, j), &count);
    g_ptr_array_free(names, TRUE);
  }
  if (!inputs) { /* run as a libFuzzer binary would be, with flags only: the empty input */
    LLVMFuzzerTestOneInput((const uint8_t *)"", 0);
    count++;
  }
  printf("replayed %d inputs\n", count);
  return ok && count > 0 ? 0 : 1;
}
