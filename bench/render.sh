#!/bin/sh
# volante's speed against pango-view, side by side in one run (run from the project root after
# tools/setup; hyperfine, GNU time, python3). The yardstick is pango-view setting twelve paragraphs
# of the UDHR in Korean on one page (../shared/corpus/udhr, or $UDHR); each line says how many
# yardsticks it takes, and the target issue 14 set for it.
#   default set   volante render (47 PDFs, all workers)             target <= 5x, <= 100 MB
#                 (and with the cache off, VOLANTE_CACHE=off: every page made afresh, for comparison)
#   one flyer     en and ko, against pango-view setting the same strings   target <= 1.0x
#   check         volante check over everything                      target <= 3.5x
#   start-up      volante --version and langs, against pango-view --version   target <= +5 ms
#   kiosk         the slowest language switch at 1920x1080 (the headless kiosk's own clock) <= 16 ms
# RUNS (default 20) runs each, alternating (hyperfine's order), medians.
set -eu
cd "$(dirname "$0")/.."
vol=${VOLANTE:-build/volante}
runs=${RUNS:-20}
udhr=${UDHR:-../shared/corpus/udhr}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export VOLANTE_CACHE=${VOLANTE_CACHE:-}

# Twelve paragraphs of the Korean declaration, and each flyer's own strings.
python3 - "$udhr/kor.html" > "$tmp/udhr-ko.txt" <<'PY'
import html, re, sys
doc = open(sys.argv[1], encoding="utf-8").read()
paras = [re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", p))).strip()
         for p in re.findall(r"<p[^>]*>(.*?)</p>", doc, re.S)]
print("\n\n".join(paras[:12]))
PY
msgattrib --no-wrap content/po/ko.po | sed -n 's/^msgstr "\(..*\)"$/\1/p' | sed 's/<[^>]*>//g' > "$tmp/ko.txt"
sed -n 's/^\(text\|name\|summary\)=\(..*\)$/\2/p' content/volante.ini | sed 's/<[^>]*>//g' > "$tmp/en.txt"
pv() { echo "pango-view -q --font='Noto Sans 11' --width=540 --wrap=word --language=$1 -o $tmp/pv-$1.pdf $2"; }

hyperfine -N -i --warmup 3 --runs "$runs" --export-json "$tmp/t.json" \
  -n "yardstick: pango-view, 12 UDHR paragraphs (ko)" "$(pv ko "$tmp/udhr-ko.txt")" \
  -n "default set" "$vol render --out $tmp/all -q" \
  -n "default set, cache off" "env VOLANTE_CACHE=off $vol render --out $tmp/all-off -q" \
  -n "one flyer (en)" "$vol render --layout flyer --lang en --out $tmp/one -q" \
  -n "one flyer (en), cache off" "env VOLANTE_CACHE=off $vol render --layout flyer --lang en --out $tmp/one-off -q" \
  -n "pango-view, the flyer's strings (en)" "$(pv en "$tmp/en.txt")" \
  -n "one flyer (ko)" "$vol render --layout flyer --lang ko --out $tmp/one -q" \
  -n "pango-view, the flyer's strings (ko)" "$(pv ko "$tmp/ko.txt")" \
  -n "check" "$vol check" \
  -n "volante --version" "$vol --version" \
  -n "volante langs" "$vol langs" \
  -n "pango-view --version" "pango-view --version" >/dev/null 2>&1 || true
/usr/bin/time -f "%M" -o "$tmp/rss" "$vol" render --out "$tmp/all" -q

# The kiosk: each language chosen once, then once more after a content reload, a visitor's
# tap coming 2 s after the start and after the reload (the kiosk prepares every language's page
# of the slide on screen while idle, one step a frame: about 50 steps); switch_ms_max is the
# slowest of the 30 switches. Then the worst case: a tap the moment the first frame is up.
printf 'shot s\n' > "$tmp/first"
"$vol" kiosk --headless --size 1920x1080 --script "$tmp/first" --shots "$tmp/k1" >/dev/null 2>&1
python3 - "$tmp" <<'PY'
import json, sys
t = sys.argv[1]
s = json.load(open(t + "/k1/s.json"))
taps = ["tap %d %d" % (b["x"] + b["w"] // 2, b["y"] + b["h"] // 2) for b in s["buttons"]]
lines = ["wait 2000"]
for tap in taps[1:]:
    lines += [tap, "wait 1000"]
lines += ["reload", "wait 2000"]
for tap in reversed(taps[:-1]):
    lines += [tap, "wait 1000"]
open(t + "/switch", "w").write("\n".join(lines) + "\n")
open(t + "/switch-now", "w").write(taps[1] + "\n")
PY
"$vol" kiosk --headless --size 1920x1080 --script "$tmp/switch" --shots "$tmp/k2" --stats 2>/dev/null |
  tail -1 > "$tmp/kiosk.json"
"$vol" kiosk --headless --size 1920x1080 --script "$tmp/switch-now" --shots "$tmp/k3" --stats 2>/dev/null |
  tail -1 > "$tmp/kiosk-now.json"

python3 - "$tmp" <<'PY'
import json, statistics, sys
t = sys.argv[1]
res = {r["command"]: statistics.median(r["times"]) for r in json.load(open(t + "/t.json"))["results"]}
y = res["yardstick: pango-view, 12 UDHR paragraphs (ko)"]
rss = int(open(t + "/rss").read().split()[-1]) / 1024
k = json.loads(open(t + "/kiosk.json").read() or "{}")
kn = json.loads(open(t + "/kiosk-now.json").read() or "{}")
ms = lambda s: "%.1f ms" % (s * 1000)
rows = [
    ("yardstick: pango-view, 12 UDHR paragraphs (ko)", ms(y), "1.00x", ""),
    ("default set, 47 PDFs", ms(res["default set"]), "%.2fx" % (res["default set"] / y), "<= 5x"),
    ("default set, peak memory", "%.0f MB" % rss, "", "<= 100 MB"),
    ("default set, cache off (every page made afresh)", ms(res["default set, cache off"]),
     "%.2fx" % (res["default set, cache off"] / y), ""),
]
for lang in ("en", "ko"):
    f, p = res["one flyer (%s)" % lang], res["pango-view, the flyer's strings (%s)" % lang]
    rows.append(("one flyer (%s) / pango-view on its strings %s" % (lang, ms(p)), ms(f), "%.2fx" % (f / p), "<= 1.0x"))
f, p = res["one flyer (en), cache off"], res["pango-view, the flyer's strings (en)"]
rows.append(("one flyer (en), cache off", ms(f), "%.2fx" % (f / p), ""))
rows.append(("check", ms(res["check"]), "%.2fx" % (res["check"] / y), "<= 3.5x"))
base = res["pango-view --version"]
for c in ("volante --version", "volante langs"):
    rows.append((c + " (pango-view --version %s)" % ms(base), ms(res[c]), "%+.1f ms" % ((res[c] - base) * 1000), "<= +5 ms"))
nan = float("nan")
rows.append(("kiosk: slowest language switch, 1920x1080 (30, after start and after a reload)",
             "%.1f ms" % k.get("switch_ms_max", nan), "", "<= 16 ms"))
rows.append(("kiosk: the same run's slowest frame, peak memory", "%.1f ms, %.0f MB" %
             (k.get("frame_ms_max", nan), k.get("rss_kb", 0) / 1024), "", ""))
rows.append(("kiosk: a switch the moment the first frame is up (nothing prepared)",
             "%.1f ms" % kn.get("switch_ms_max", nan), "", ""))
print("| what | median | against | target |")
print("|---|---|---|---|")
for r in rows:
    print("| %s | %s | %s | %s |" % r)
PY
