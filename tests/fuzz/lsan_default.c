/* The suppressions and options a fuzz target carries itself, so that it
 * runs clean however it is started: by tools/fuzz and ctest (which also set
 * LSAN_OPTIONS), or by hand, `./fuzz-po -max_total_time=20`, with no
 * environment at all. The suppressions are tests/lsan.supp's (the build
 * writes them into lsan_supp.h): leaks inside fontconfig, expat, the PO
 * lexer of libgettextpo and Cairo 1.16 that volante cannot free. Their
 * patterns name functions deep in those libraries, so leaks are traced with
 * the full unwinder; the fast one stops in libgettextpo's own frames. */
#include "lsan_supp.h"

const char *__lsan_default_suppressions(void);
const char *__asan_default_options(void);

/* Besides tests/lsan.supp: libgettextpo's grammar, which loses the lists of
 * strings it was building when a file breaks off in the middle of an entry
 * (a fuzzer makes such files by the thousand). The test suite keeps the
 * narrower list, so a leak of volante's own frees there still shows. */
const char *__lsan_default_suppressions(void) { return VOLANTE_LSAN_SUPP "leak:libgettextpo_po_gram_parse\n"; }
const char *__asan_default_options(void) { return "fast_unwind_on_malloc=0"; }
