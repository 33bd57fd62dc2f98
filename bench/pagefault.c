/* What a fresh page of memory costs on this machine: 8 MB touched one 4 kB
 * page at a time, the same after MADV_POPULATE_WRITE (one call for all),
 * and in 2 MB transparent huge pages (MADV_HUGEPAGE). src/heap.h rests on
 * this. Built and run by bench/pagefault.sh. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <time.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

#define SIZE ((size_t)8 << 20)
#define HUGE ((uintptr_t)2 << 20)

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* Milliseconds to touch SIZE bytes of a new mapping, after ADVICE (0: none). */
static double touch(int advice) {
  char *m = mmap(NULL, SIZE + HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED) return -1;
  char *p = (char *)(((uintptr_t)m + HUGE - 1) & ~(HUGE - 1));
  double t = now_ms();
  if (advice) madvise(p, SIZE, advice);
  for (size_t i = 0; i < SIZE; i += 4096) p[i] = 1;
  t = now_ms() - t;
  munmap(m, SIZE + HUGE);
  return t;
}

int main(void) {
  const struct {
    const char *what;
    int advice;
  } ways[] = {{"4 kB pages, one fault each", 0},
              {"4 kB pages, MADV_POPULATE_WRITE", MADV_POPULATE_WRITE},
              {"2 MB huge pages, MADV_HUGEPAGE", MADV_HUGEPAGE}};
  printf("| 8 MB of new memory | best of 9 | per 4 kB |\n|---|---|---|\n");
  for (int w = 0; w < 3; w++) {
    double best = 1e9;
    for (int i = 0; i < 9; i++) {
      double t = touch(ways[w].advice);
      if (t >= 0 && t < best) best = t;
    }
    printf("| %s | %.2f ms | %.2f us |\n", ways[w].what, best, best * 1000 / (SIZE / 4096));
  }
  return 0;
}
