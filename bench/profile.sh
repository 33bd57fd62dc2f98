#!/bin/sh
# Where `volante render -q -j 1` spends its instructions (run from the project root): callgrind
# counts them, so the numbers do not depend on what else the machine is doing. Prints the total,
# the ten libraries with the most instructions of their own, and volante's ten functions with the
# most in them and below them. For function names, build with symbols:
#   cmake -S . -B build-prof -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_FLAGS=-fno-omit-frame-pointer
#   cmake --build build-prof -j2 && VOLANTE=build-prof/volante bench/profile.sh [render options]
# With PROFILE=FILE, reads an earlier callgrind.out instead of running one.
set -eu
cd "$(dirname "$0")/.."
vol=${VOLANTE:-build/volante}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=${PROFILE:-}
if [ -z "$out" ]; then
  out=$tmp/callgrind.out
  VOLANTE_CACHE=off valgrind --tool=callgrind --callgrind-out-file="$out" \
    "$vol" render --out "$tmp/out" -q -j 1 "$@" >/dev/null 2>&1
fi
total=$(callgrind_annotate "$out" 2>/dev/null | sed -n 's/^ *\([0-9,]*\) .*PROGRAM TOTALS.*/\1/p' | tr -d ,)
echo "total: $total instructions"
echo
echo "| library | own instructions |"
echo "|---|---|"
callgrind_annotate --threshold=100 "$out" 2>/dev/null |
  awk -v t="$total" '/\[/ && $1 ~ /^[0-9,]+$/ {
      n = $0; sub(/.*\[/, "", n); sub(/\].*/, "", n); sub(/.*\//, "", n); sub(/\.so.*/, "", n)
      c = $1; gsub(/,/, "", c); s[n] += c }
    END { for (k in s) printf "%.1f\t%s\n", 100 * s[k] / t, k }' |
  sort -rn | head -10 | awk -F'\t' '{ printf "| %s | %s%% |\n", $2, $1 }'
echo
echo "| volante function | instructions in it and below |"
echo "|---|---|"
callgrind_annotate --inclusive=yes --threshold=100 "$out" 2>/dev/null |
  awk -v t="$total" '$1 ~ /^[0-9,]+$/ && /src\/[a-z_]+\.c:[a-z_0-9.]+ \[/ {
      f = $0; sub(/.*src\//, "", f); sub(/ \[.*/, "", f)
      if (f ~ /^main\.c:/ || seen[f]++) next
      c = $1; gsub(/,/, "", c); printf "%.1f\t%s\n", 100 * c / t, f }' |
  sort -rn | head -10 | awk -F'\t' '{ printf "| %s | %s%% |\n", $2, $1 }'
