/* What every fuzz target of tests/fuzz/ checks besides "no crash": a message
 * for people is valid UTF-8 and each of its lines names the file it is about
 * ("PATH:LINE: what is wrong" or "PATH: what is wrong"), with no control
 * character but the newline between lines. A broken promise
 * aborts, so libFuzzer keeps the input as a finding. */
#ifndef VOLANTE_FUZZ_H
#define VOLANTE_FUZZ_H

#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline void fuzz_fail(const char *what, const char *msg) {
  fprintf(stderr, "fuzz: %s: %s\n", what, msg);
  abort();
}

/* PATH NULL: a message that does not name a file (a problem in a VlDiag
 * keeps its file apart). */
static inline void fuzz_check_message(const char *msg, const char *path) {
  if (!g_utf8_validate(msg, -1, NULL)) fuzz_fail("message is not valid UTF-8", msg);
  for (const char *p = msg; *p; p++)
    if (((unsigned char)*p < 0x20 && *p != '\n') || *p == 0x7f) fuzz_fail("message holds a control character", msg);
  if (!path) return;
  size_t n = strlen(path);
  for (const char *l = msg; *l;) {
    if (strncmp(l, path, n) != 0 || l[n] != ':') {
      fprintf(stderr, "fuzz: expected %s: at \"%.60s\"\n", path, l);
      fuzz_fail("message line does not start with the file's name", msg);
    }
    const char *nl = strchr(l, '\n');
    if (!nl) break;
    l = nl + 1;
  }
}

static inline void fuzz_check_error(GError *err, const char *path) {
  if (!err) fuzz_fail("failed without a message", path);
  fuzz_check_message(err->message, path);
}

/* A file NAME in a folder of its own in /dev/shm, for readers that read only
 * files (libgettextpo); removed at exit. Returns its path (static). */
static char *fuzz_shm_path_;
static inline void fuzz_shm_remove_(void) {
  unlink(fuzz_shm_path_);
  char *dir = g_path_get_dirname(fuzz_shm_path_);
  rmdir(dir);
  g_free(dir);
}
static inline const char *fuzz_shm_file(const char *target, const char *name) {
  char *dir = g_strdup_printf("/dev/shm/volante-fuzz-%s-%d", target, (int)getpid());
  g_mkdir_with_parents(dir, 0700);
  fuzz_shm_path_ = g_build_filename(dir, name, NULL);
  g_free(dir);
  atexit(fuzz_shm_remove_);
  return fuzz_shm_path_;
}

#endif
