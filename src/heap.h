/* heap: how a command asks glibc and Linux for its memory (front.c, before
 * it opens the command's module).
 *
 * On the machine volante is measured on (a virtual machine), the kernel
 * takes 12 us to give a process one fresh 4 kB page, and 0.3 ms for a
 * whole 2 MB one (bench/README.md, "Page faults"). The 16 UDHR flyers took
 * 8,400 such faults. With the heap in transparent huge pages, Linux's own
 * 2 MB pages, they take about 4,500. */
#ifndef VOLANTE_HEAP_H
#define VOLANTE_HEAP_H

/* Grows the heap by 32 MB at once and asks Linux to back it with huge pages
 * (madvise MADV_HUGEPAGE; nothing when Linux does not have them), keeps it
 * (no trimming), serves buffers of up to 32 MB from it rather than from
 * mappings of their own, and lets every thread use the one heap. Only
 * touched pages take memory. Once per process (a forked worker has it from
 * its parent); nothing off glibc and Linux. */
void vl_heap_prefer_huge(void);

#endif
