#!/bin/sh
# Times volante's renders with hyperfine (run from the project root after tools/setup):
#   one flyer in one process, the full default set, and pango-view laying out
#   one page of Korean text for comparison. Peak memory of the full set with GNU time.
set -eu
cd "$(dirname "$0")/.."
vol=build/volante
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# One page of running Korean text for pango-view (the flyer's own Korean strings).
msgattrib --no-wrap content/po/ko.po | sed -n 's/^msgstr "\(..*\)"$/\1/p' > "$tmp/ko.txt"
hyperfine --warmup 3 --runs 20 --export-markdown "$tmp/one.md" \
  -n "volante: one flyer (ko)" "$vol render --layout flyer --lang ko --out $tmp/o1 -q" \
  -n "volante: one flyer (en)" "$vol render --layout flyer --lang en --out $tmp/o1 -q" \
  -n "pango-view: one page (ko)" "pango-view -q --font='Noto Sans 14' --width=540 --wrap=word --language=ko -o $tmp/pv.pdf $tmp/ko.txt"
hyperfine --warmup 1 --runs 10 --export-markdown "$tmp/all.md" \
  -n "volante: full default set" "$vol render --out $tmp/all -q"
# The print layouts: a sheet of ten cards (duplex), a tri-fold, a handbill with bleed and marks.
hyperfine --warmup 2 --runs 10 --export-markdown "$tmp/print.md" \
  -n "volante: cards es+en" "$vol render --layout cards --lang es+en --out $tmp/p -q" \
  -n "volante: trifold ko" "$vol render --layout trifold --lang ko --out $tmp/p -q" \
  -n "volante: handbill es, bleed and marks" "$vol render --layout handbill --lang es --bleed 0.125in --marks --out $tmp/p -q"
cat "$tmp/one.md" "$tmp/all.md" "$tmp/print.md"
echo "pages in the full set: $(find "$tmp/all" -name '*.pdf' | wc -l)"
/usr/bin/time -f "peak RSS of the full set: %M KB" $vol render --out "$tmp/all" -q
