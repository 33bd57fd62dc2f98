#!/bin/sh
# The cost of a page fault on this machine (bench/pagefault.c): why volante's heap asks for huge
# pages (src/heap.h). Needs a C compiler. Run from anywhere.
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc -O2 -o "$tmp/pagefault" "$(dirname "$0")/pagefault.c"
"$tmp/pagefault"
echo "transparent huge pages: $(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null || echo unknown)"
