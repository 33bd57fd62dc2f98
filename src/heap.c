/* sbrk, madvise, mallopt: glibc and Linux interfaces beyond C11. */
#define _GNU_SOURCE
#include "heap.h"

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#if defined(__GLIBC__) && defined(__linux__)
#include <malloc.h>
#include <sys/mman.h>

#define HUGE_PAGE ((uintptr_t)2 << 20)
#define RESERVE (32 << 20)

void vl_heap_prefer_huge(void) {
  static gboolean done;
  if (done) return;
  done = TRUE;
  /* Pango's font-sorting threads would each get a heap of their own, in
   * small pages. */
  mallopt(M_ARENA_MAX, 1);
  /* Cairo's output and qpdf's buffers (a few hundred kB a PDF) come from the
   * heap instead of a mapping made and unmade each time; 32 MB is glibc's
   * largest. A run is short: what it frees it keeps. */
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  /* One allocation that makes glibc move the heap's end by RESERVE more;
   * freed, it stays the heap's free top. */
  /* The heap's end moved first to a 2 MB boundary (the gap is never
   * touched): what malloc adds after it is all in whole huge pages, from the
   * first allocation a module makes. glibc's malloc takes a break it did
   * not set as a new start of its heap. */
  char *start = sbrk(0);
  if (start != (char *)-1 && ((uintptr_t)start & (HUGE_PAGE - 1)))
    if (sbrk((intptr_t)(HUGE_PAGE - ((uintptr_t)start & (HUGE_PAGE - 1)))) != (void *)-1) start = sbrk(0);
  mallopt(M_TOP_PAD, RESERVE);
  void *volatile grow = malloc(1 << 20);
  free(grow);
  char *end = sbrk(0);
  mallopt(M_TOP_PAD, 128 << 10); /* glibc's own */
  if (start == (char *)-1 || end == (char *)-1) return;
  uintptr_t a = ((uintptr_t)start + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1), b = (uintptr_t)end & ~(HUGE_PAGE - 1);
  /* Advice only: where Linux has no huge pages (or says no), pages stay small. */
  if (b > a) (void)madvise((void *)a, b - a, MADV_HUGEPAGE);
}
#else
void vl_heap_prefer_huge(void) {}
#endif
