"""The test library: the @test registry, the environment a test runs in, and readers of what
volante writes (PDF text, fonts, boxes; PNG comparisons; PO entries; the headless kiosk).

Tests live in tests/t_AREA.py (one file per area, `from vtest import *`); volante_test.py runs them.
PDFs are read with poppler's tools (pdftotext, pdffonts, pdfinfo); images are compared with
ImageMagick under a stated tolerance.
"""
import json, os, re, shutil, subprocess, sys, time
from collections import Counter

TESTS = {}
def test(name, fixture=None):
    def reg(fn):
        TESTS[name] = (fn, fixture)
        return fn
    return reg

class Fail(Exception):
    pass

class Skip(Exception):
    """The test cannot run here (say, mounting a file system is not allowed): ctest reports it skipped."""

def check(cond, msg):
    if not cond:
        raise Fail(msg)

# What AddressSanitizer, LeakSanitizer and UBSan print. ctest gives the sanitizers exitcode=99
# (tests/CMakeLists.txt), since their default, 1, is volante's own "errors found"; the text is
# looked for too, so that a report fails the test whatever the exit status or the options.
SANITIZER = re.compile(r"AddressSanitizer|LeakSanitizer|runtime error:")

def no_sanitizer_report(text, args=()):
    """Fails with the sanitizer's report if TEXT (what volante ARGS printed) holds one."""
    m = SANITIZER.search(text)
    if m:
        start = text.rfind("\n", 0, max(0, m.start() - 200)) + 1
        raise Fail("sanitizer report from volante %s:\n%s" % (" ".join(args[:4]), text[start:start + 3000]))

def stop(p, seconds=30):
    """Stops P (a volante started with Popen, --watch or a kiosk): SIGTERM, then SIGKILL if it has not
    ended within SECONDS. Returns its exit status (-15 when SIGTERM ended it)."""
    p.terminate()
    try:
        p.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        p.kill()
        p.communicate()
    return p.returncode

class Env:
    def __init__(self, vol, src, work):
        self.vol, self.src, self.work = vol, src, work
        self.content = os.path.join(src, "content")
        self.all = os.path.join(work, "all")  # the full default render (fixture)
        # volante's layout cache (src/cache.h) in the test tree, never in the home folder, even
        # when the caller has a cache folder of its own.
        os.environ["XDG_CACHE_HOME"] = os.path.join(work, "xdg-cache")
        # The tests choose their dates themselves (run() below: 1700000000). A SOURCE_DATE_EPOCH
        # exported by the caller (a Debian package build exports one) made two tests fail.
        os.environ.pop("SOURCE_DATE_EPOCH", None)

    def run(self, *args, env=None, timeout=300):
        e = dict(os.environ)
        e.setdefault("SOURCE_DATE_EPOCH", "1700000000")
        if env:
            e.update(env)
        e = {k: v for k, v in e.items() if v is not None}  # None: not set at all
        p = subprocess.run([self.vol] + list(args), capture_output=True, timeout=timeout, env=e)
        err = p.stderr.decode("utf-8", "replace")
        no_sanitizer_report(err, args)
        return p.returncode, p.stdout.decode("utf-8", "replace"), err

    def tmp(self, name):
        d = os.path.join(self.work, name)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        return d

    def content_copy(self, name):
        d = os.path.join(self.tmp(name), "content")
        shutil.copytree(self.content, d)
        return d

# What LeakSanitizer says of the suppressed library leaks (tests/lsan.supp) is no message of volante's.
LSAN_NOTE = re.compile(r"^(-+|Suppressions used:|\s+count\s+bytes\s+template|\s+\d+\s+\d+\s+\S+|\s*)$")

def said(err):
    """ERR without LeakSanitizer's note on suppressed library leaks: what volante said."""
    return "\n".join(l for l in err.splitlines() if not LSAN_NOTE.match(l))

def tool(*cmd):
    p = subprocess.run(list(cmd), capture_output=True)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")

def pdftext(path):
    return tool("pdftotext", "-enc", "UTF-8", path, "-")[1]

def pdffonts(path):
    out = tool("pdffonts", path)[1].splitlines()[2:]
    return [l.split()[0] for l in out if l.strip()]

def pdfinfo(path):
    info = {}
    for l in tool("pdfinfo", path)[1].splitlines():
        if ":" in l:
            k, v = l.split(":", 1)
            info[k.strip()] = v.strip()
    return info

def page_size(path):
    m = re.match(r"([\d.]+) x ([\d.]+)", pdfinfo(path).get("Page size", ""))
    return (round(float(m.group(1))), round(float(m.group(2)))) if m else None

IGNORABLE = re.compile(r"[\s\u200b-\u200f\u202a-\u202e\u2066-\u2069\u00ad]+")

def coverage(expected, got):
    """Share of EXPECTED's characters (spaces and bidi controls aside) found in GOT."""
    a, b = Counter(IGNORABLE.sub("", expected)), Counter(IGNORABLE.sub("", got))
    total = sum(a.values())
    return sum(min(n, b[c]) for c, n in a.items()) / total if total else 1.0

def po_msgstr(po, ctx):
    """msgstr of the entry with msgctxt CTX, read with gettext's own tools."""
    rc, out, err = tool("msggrep", "--msgctxt", "-e", "^%s$" % re.escape(ctx), "--no-wrap", po)
    m = re.findall(r'^msgstr "(.*)"$', out, re.M)
    return bytes(m[-1], "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8") if m else None

def strip_markup(s):
    return re.sub(r"<[^>]*>", "", s)

def set_msgstr(po, ctx, new, fuzzy=None):
    """Replaces the msgstr of entry CTX in a PO file written one line per field."""
    lines = open(po, encoding="utf-8").read().split("\n")
    for i, l in enumerate(lines):
        if l == 'msgctxt "%s"' % ctx:
            j = i
            while not lines[j].startswith("msgstr "):
                j += 1
            q = new.replace("\\", "\\\\").replace('"', '\\"')
            lines[j] = 'msgstr "%s"' % q
            if fuzzy is False and lines[i - 1].startswith("#, fuzzy"):
                del lines[i - 1]
            open(po, "w", encoding="utf-8").write("\n".join(lines))
            return i + 1
    raise Fail("no entry %s in %s" % (ctx, po))

def langs(env):
    return ["en"] + sorted(f[:-3] for f in os.listdir(os.path.join(env.content, "po")) if f.endswith(".po"))

SHIPPED = ["en", "es", "ko", "zh-Hans", "zh-Hant", "tl", "vi", "hy", "fa", "ru", "ja", "km", "th", "ar", "hi", "pa"]
for _lang in SHIPPED:
    def _text(env, lang=_lang):
        pdf = os.path.join(env.all, "flyer", lang + ".pdf")
        got = pdftext(pdf)
        for key in ("headline", "stance", "fact.languages", "ally.kiwa.summary"):
            if lang == "en":
                want = {"headline": "Stand with our immigrant neighbors"}.get(key)
                if not want:
                    continue
            else:
                want = po_msgstr(os.path.join(env.content, "po", lang + ".po"), key)
                check(want, "no msgstr for %s in %s.po" % (key, lang))
                want = strip_markup(want)
            cov = coverage(want, got)
            check(cov >= 0.9, "%s: only %.0f%% of %s's text extracts from the PDF" % (lang, cov * 100, key))
    test("text.%s" % _lang, "all")(_text)

FACES = {"ko": "NotoSansCJKkr", "ja": "NotoSansCJKjp", "zh-Hans": "NotoSansCJKsc", "zh-Hant": "NotoSansCJKtc",
         "hy": "NotoSansArmenian", "fa": "NotoSansArabic", "ar": "NotoSansArabic", "km": "NotoSansKhmer",
         "th": "NotoSansThai", "hi": "NotoSansDevanagari", "pa": "NotoSansGurmukhi", "ru": "NotoSans-",
         "vi": "NotoSans-", "es": "NotoSans-"}

def problems(env, content, *extra):
    rc, out, err = env.run("check", "--content", content, "--json", *extra)
    try:
        return rc, json.loads(out)
    except ValueError:
        raise Fail("check --json printed no JSON (rc %d): %s %s" % (rc, out[:200], err[:200]))

def planted(env, name, lang, key, text, kind, layout="flyer"):
    """Plants TEXT as LANG's translation of KEY in a copy of the content and returns the
    problems of KIND that `check` then reports, after checking they point at the entry."""
    content = env.content_copy(name)
    po = os.path.join(content, "po", lang + ".po")
    line = set_msgstr(po, key, text)
    rc, j = problems(env, content, "--lang", lang, "--layout", layout)
    found = [p for p in j["problems"] if p["kind"] == kind]
    check(found, "no %s problem: %s" % (kind, j["problems"][:3]))
    p = found[0]
    check(p["key"] == key and p["file"] == po and p["line"] == line and p["lang"] == lang,
          "%s points elsewhere: %s (want %s:%d)" % (kind, p, po, line))
    check((rc == 1) == (p["severity"] == "error"), "exit status %d with a %s %s" % (rc, p["severity"], kind))
    return found

def bad(env, name, args, want_re, content=None, out=None, timeout=120):
    out = out or env.tmp(name + "-out")
    rc, so, se = env.run(*args, timeout=timeout)
    check(rc != 0, "%s: exit status 0" % name)
    check(rc in (1, 2), "%s: crashed or odd exit %d: %s" % (name, rc, se[-300:]))
    check(re.search(want_re, so + se), "%s: message %r does not match %r" % (name, (so + se)[-400:], want_re))
    return so + se

def line_of(path, text):
    """The number of the line of PATH that is exactly TEXT."""
    for i, l in enumerate(open(path, encoding="utf-8").read().split("\n")):
        if l == text:
            return i + 1
    raise Fail("no line %r in %s" % (text, path))

def layout_dir(env, name, edit):
    d = env.tmp(name)
    for f in ("flyer.ini",):
        shutil.copy(os.path.join(env.src, "layouts", f), d)
    p = os.path.join(d, "flyer.ini")
    text = edit(open(p, encoding="utf-8").read())
    open(p, "w", encoding="utf-8").write(text)
    return d

def line_edges(pdf):
    rc, out, err = tool("pdftotext", "-bbox-layout", pdf, "-")
    return [(float(a), float(b)) for a, b in re.findall(r'<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"', out)]

def wait_for(pred, seconds):
    t0 = time.time()
    while time.time() - t0 < seconds:
        if pred():
            return time.time() - t0
        time.sleep(0.02)
    return None

def watching(env, args, target, po, key, marker, seconds=60.0):
    """Starts volante with --watch, changes KEY in PO once TARGET exists, and returns how long
    until TARGET holds MARKER (None if it never did within SECONDS: generous, since a sanitizer build on
    a loaded machine is slow; the time it took is printed, not asserted)."""
    e = dict(os.environ)
    p = subprocess.Popen([env.vol] + args + ["--watch"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=e)
    try:
        check(wait_for(lambda: os.path.exists(target), 60) is not None, "watch wrote nothing at first")
        time.sleep(0.3)
        t0 = time.time()
        set_msgstr(po, key, marker + " " + strip_markup(po_msgstr(po, key)))
        took = wait_for(lambda: marker in pdftext(target).replace("\n", " "), seconds)
        return None if took is None else time.time() - t0
    finally:
        rc = stop(p)
        check(rc in (0, -15), "watch exited %s on SIGTERM" % rc)

def kiosk(env, name, lines, size="1280x720", extra=(), content=None):
    """Runs the headless kiosk with a script; returns (rc, shots dir, stats, stderr)."""
    d = env.tmp(name)
    script = os.path.join(d, "script")
    open(script, "w").write("\n".join(lines) + "\n")
    shots = os.path.join(d, "shots")
    rc, so, se = env.run("kiosk", "--headless", "--content", content or env.content, "--size", size, "--script", script,
                         "--shots", shots, "--stats", *extra)
    stats = None
    for l in reversed(so.strip().splitlines()):
        try:
            stats = json.loads(l)
            break
        except ValueError:
            pass
    return rc, shots, stats, se

def state(shots, name):
    p = os.path.join(shots, name + ".json")
    check(os.path.exists(p), "no shot %s" % name)
    return json.load(open(p))

def png_size(path):
    import struct
    with open(path, "rb") as f:
        h = f.read(24)
    check(h[:8] == b"\x89PNG\r\n\x1a\n", "%s is not a PNG" % path)
    return struct.unpack(">II", h[16:24])

def differing(a, b, fuzz="10%"):
    """Share of pixels that differ between two PNGs (ImageMagick compare)."""
    rc, o, e = tool("compare", "-metric", "AE", "-fuzz", fuzz, a, b, "null:")
    w, h = png_size(a)
    return float((e or o).split()[0]) / (w * h)

def contrast(a, b):
    """WCAG 2 contrast ratio of two sRGB colours."""
    def lum(c):
        lin = [(v / 255) / 12.92 if v / 255 <= 0.04045 else ((v / 255 + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)

def center(st, bid):
    b = [x for x in st["buttons"] if x["id"] == bid]
    check(b, "no button %s" % bid)
    b = b[0]
    return b["x"] + b["w"] // 2, b["y"] + b["h"] // 2

def udhr_dir(env):
    for d in (os.environ.get("VOLANTE_UDHR", ""), os.path.join(env.src, "..", "shared", "corpus", "udhr")):
        if d and os.path.exists(os.path.join(d, "index.tsv")):
            return d
    return None

def udhr_paragraphs(d, code):
    import html
    s = open(os.path.join(d, code + ".html"), encoding="utf-8").read()
    ps = [html.unescape(re.sub(r"<.*?>", "", p)).strip() for p in re.findall(r"<p>(.*?)</p>", s, re.S)]
    return [re.sub(r"\s+", " ", p) for p in ps if p]

UDHR = {"kor": "ko", "khm": "km", "tha": "th", "hin": "hi", "pan": "pa", "pes_1": "fa", "arb": "ar", "hye": "hy",
        "cmn_hans": "zh-Hans", "cmn_hant": "zh-Hant", "jpn": "ja", "rus": "ru", "vie": "vi", "tgl": "tl", "spa": "es"}

def boxes(path):
    """{page: {"MediaBox": [...], "TrimBox": [...], ...}} from pdfinfo -box."""
    out = tool("pdfinfo", "-box", "-f", "1", "-l", "9", path)[1]
    pages = {}
    for l in out.splitlines():
        m = re.match(r"Page\s+(\d+)\s+(\w+Box):\s+([\d.\s-]+)$", l)
        if m:
            pages.setdefault(int(m.group(1)), {})[m.group(2)] = [float(x) for x in m.group(3).split()]
    return pages

def render_print(env, name, *args):
    out = env.tmp(name)
    rc, so, se = env.run("render", "--content", env.content, "--out", out, *args)
    check(rc == 0, "render %s exited %d: %s" % (" ".join(args), rc, se[-300:]))
    return out

def size_of(b):
    return (round(b[2] - b[0]), round(b[3] - b[1]))

def column_profile(png, color, flop=False):
    """Columns of PNG where COLOR covers more than a third of the height."""
    args = ["convert", png] + (["-flop"] if flop else []) + [
        "-fuzz", "20%", "-fill", "black", "-opaque", color, "-fill", "white", "+opaque", "black", "-negate",
        "-scale", "x1!", "-threshold", "8%", "txt:-"]
    cols = set()
    for l in tool(*args)[1].splitlines()[1:]:
        m = re.match(r"(\d+),0: \((\d+)", l)
        if m and int(m.group(2)) > 0:
            cols.add(int(m.group(1)))
    return cols

def panel_text(f, page, x0, x1, w=792, h=612):
    """The text of one panel of a folded sheet, on one line."""
    return " ".join(tool("pdftotext", "-f", str(page), "-l", str(page), "-x", str(x0), "-y", "0", "-W", str(x1 - x0), "-H", str(h),
                "-r", "72", f, "-")[1].split())

def decode_qr(pdf, work, dpi="300"):
    base = os.path.join(work, "qr")
    for old in os.listdir(work):
        if old.startswith("qr"):
            os.remove(os.path.join(work, old))
    tool("pdftoppm", "-r", dpi, "-png", pdf, base)
    got = set()
    for png in sorted(os.listdir(work)):
        if png.startswith("qr") and png.endswith(".png"):
            got |= {x.strip() for x in tool("zbarimg", "-q", "--raw", os.path.join(work, png))[1].splitlines() if x.strip()}
    return got

REF_LANGS = SHIPPED  # every shipped language's flyer

def match_reference(got, ref, update):
    """GOT against the reference PNG REF: at most 0.5% of pixels may differ by more than 10%.
    With UPDATE, GOT becomes the reference."""
    if update:
        shutil.copy(got, ref)
        return
    check(os.path.exists(ref), "no reference %s (VOLANTE_UPDATE_REFS=1 makes it)" % ref)
    rc, o, e = tool("compare", "-metric", "AE", "-fuzz", "10%", got, ref, got + ".diff.png")
    try:
        n = float((e or o).split()[0])
    except (ValueError, IndexError):
        raise Fail("compare failed: %s" % e)
    w, h = [int(x) for x in tool("identify", "-format", "%w %h", got)[1].split()]
    check(n / (w * h) <= 0.005, "%s: %d pixels differ (see %s.diff.png)" % (os.path.basename(got), n, got))
