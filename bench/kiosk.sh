#!/bin/sh
# Times the kiosk (run from the project root after tools/setup): frames during
# transitions, language switches cached and uncached, first frame, memory.
# The headless kiosk measures itself on a simulated clock at 1920x1080 with
# software rendering; hyperfine times a whole start-up to the first shot.
set -eu
cd "$(dirname "$0")/.."
vol=build/volante
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A visitor's session: attract mode, then every language in turn (uncached),
# then back through them (cached), browsing between, then 10 minutes idle.
"$vol" kiosk --headless --size 1920x1080 --script /dev/null --shots "$tmp/s0" --stats >/dev/null 2>&1 || true
printf 'shot s\n' > "$tmp/first"
"$vol" kiosk --headless --size 1920x1080 --script "$tmp/first" --shots "$tmp/s1" >/dev/null
python3 - "$tmp" <<'PY'
import json, sys
t = sys.argv[1]
s = json.load(open(t + "/s1/s.json"))
lines = ["wait 30000"]
for rnd in range(2):
    for b in s["buttons"]:
        x, y = b["x"] + b["w"] // 2, b["y"] + b["h"] // 2
        lines += ["tap %d %d" % (x, y), "wait 600", "key Right", "wait 600"]
lines += ["wait 600000", "shot end"]
open(t + "/session", "w").write("\n".join(lines) + "\n")
PY
echo "kiosk session (2 rounds of 16 languages, transitions, idle reset):"
"$vol" kiosk --headless --size 1920x1080 --script "$tmp/session" --shots "$tmp/s2" --stats
# Language switches once cached: a second visitor choosing the same languages.
python3 - "$tmp" <<'PY'
import json, sys
t = sys.argv[1]
s = json.load(open(t + "/s1/s.json"))
lines = []
for b in s["buttons"][:2] * 8:
    x, y = b["x"] + b["w"] // 2, b["y"] + b["h"] // 2
    lines += ["tap %d %d" % (x, y), "wait 600"]
open(t + "/cached", "w").write("\n".join(lines) + "\n")
PY
echo "switching between two languages (cached):"
"$vol" kiosk --headless --size 1920x1080 --script "$tmp/cached" --shots "$tmp/s3" --stats
echo "memory over 10,000 language switches (rss_kb must not grow):"
python3 - "$tmp" <<'PY'
import json, sys
t = sys.argv[1]
s = json.load(open(t + "/s1/s.json"))
for n in (1000, 10000):
    lines = []
    for i in range(n):
        b = s["buttons"][i % len(s["buttons"])]
        lines += ["tap %d %d" % (b["x"] + b["w"] // 2, b["y"] + b["h"] // 2), "wait 20"]
    open(t + "/switch%d" % n, "w").write("\n".join(lines) + "\n")
PY
for n in 1000 10000; do
  printf '%6d switches: ' "$n"
  "$vol" kiosk --headless --size 1920x1080 --script "$tmp/switch$n" --shots "$tmp/s4" --stats
done
hyperfine --warmup 2 --runs 10 -n "kiosk start-up to the first shot" \
  "$vol kiosk --headless --size 1920x1080 --script $tmp/first --shots $tmp/s5"
