/* The checks of volante's C unit tests: each failed check prints its file,
 * line, condition and what was found, and counts in `failed`; main returns
 * 1 when any failed. */
#ifndef VOLANTE_UNIT_H
#define VOLANTE_UNIT_H

#include <stdio.h>

static int failed;

#define CHECK(cond, ...)                                         \
  do {                                                           \
    if (!(cond)) {                                               \
      fprintf(stderr, "%s:%d: %s: ", __FILE__, __LINE__, #cond); \
      fprintf(stderr, __VA_ARGS__);                              \
      fputc('\n', stderr);                                       \
      failed++;                                                  \
    }                                                            \
  } while (0)

#endif
