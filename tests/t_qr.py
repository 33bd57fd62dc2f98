"""volante tests: QR codes stay with their text (beside or right under their section, every layout, both
directions) and two identical codes never stand side by side."""
import shutil
from vtest import *

def trace(pdf, page):
    check(shutil.which("mutool"), "no mutool (mupdf-tools, tools/debian-packages.txt)")
    rc, out, err = tool("mutool", "trace", pdf)
    check(rc == 0, "mutool trace %s: %s" % (pdf, err[:200]))
    pages = re.findall(r'<page number="(\d+)".*?>(.*?)</page>', out, re.S)
    check(len(pages) >= page, "%s has no page %d" % (pdf, page))
    return pages[page - 1][1]

def codes(body):
    """The box (x0, y0, x1, y1, top-down pt) of each QR code: each is one black stroked path, square
    (a sheet's cut marks are a black stroked path too, around the pieces)."""
    res = []
    for path in re.findall(r'<stroke_path [^>]*color="0 0 0"[^>]*>(.*?)</stroke_path>', body, re.S):
        pts = [(float(x), float(y)) for x, y in re.findall(r'<(?:moveto|lineto) x="([-\d.e]+)" y="([-\d.e]+)"', path)]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        if len(pts) > 20 and abs((max(xs) - min(xs)) - (max(ys) - min(ys))) < 0.1 * 72 and max(xs) - min(xs) < 3 * 72:
            res.append((min(xs), min(ys), max(xs), max(ys)))
    return res

def text_boxes(body):
    """A box for every run of upright text: its glyphs' extent, an em high."""
    res = []
    for a, b, glyphs in re.findall(r'<span [^>]*trm="([-\d.e]+) ([-\d.e]+) [^"]*"[^>]*>(.*?)</span>', body, re.S):
        size = (float(a) ** 2 + float(b) ** 2) ** 0.5
        gs = [(float(x), float(y), float(adv)) for x, y, adv in
              re.findall(r'<g [^>]*x="([-\d.e]+)" y="([-\d.e]+)" adv="([-\d.e]+)"', glyphs)]
        if gs and abs(float(b)) < 0.01:
            res.append((min(g[0] for g in gs), gs[0][1] - 0.8 * size, max(g[0] + g[2] * size for g in gs), gs[0][1] + 0.25 * size))
    return res

def gap(a, b):
    """Distance between two boxes (0 when they touch or overlap)."""
    dx = max(0, max(a[0], b[0]) - min(a[2], b[2]))
    dy = max(0, max(a[1], b[1]) - min(a[3], b[3]))
    return (dx * dx + dy * dy) ** 0.5

CASES = (("flyer", "es", 1), ("flyer", "fa", 1), ("poster", "es", 1), ("poster", "ar", 1),
         ("bilingual", "es+en", 1), ("bilingual", "fa+en", 1), ("bilingual", "en+fa", 1),
         ("trifold", "es", 1), ("trifold", "es", 2), ("trifold", "fa", 2), ("cards", "es+en", 1), ("cards", "fa+en", 2))

@test("qr.with-their-text")
def _(env):
    """Every QR code stands with its section's text: beside it, its top level with a line of text
    (flyer, poster, bilingual, the tri-fold's cover), or within 0.3 in under its last line (the
    tri-fold's inside panels, the cards), in left-to-right and right-to-left languages."""
    out = env.tmp("qr-text")
    for layout, lang, page in CASES:
        pdf = os.path.join(out, layout, lang + ".pdf")
        if not os.path.exists(pdf):
            rc, so, se = env.run("render", "--content", env.content, "--layout", layout, "--lang", lang, "--out", out)
            check(rc == 0, "render %s %s: %s" % (layout, lang, se[-300:]))
        body = trace(pdf, page)
        cs, ts = codes(body), text_boxes(body)
        check(cs, "%s/%s page %d: no QR codes found" % (layout, lang, page))
        for c in cs:
            # beside: its top lines up with a line of text beside it; under: text ends right above it
            level = [t for t in ts if abs(t[1] - c[1]) < 0.3 * 72]
            beside = level and [t for t in ts if t[3] > c[1] and t[1] < c[3] and gap(c, t) < 1.5 * 72]
            under = [t for t in ts if 0 <= c[1] - t[3] < 0.3 * 72 and t[0] < c[2] + 36 and t[2] > c[0] - 36]
            check(beside or under, "%s/%s page %d: the code at (%.1f, %.1f) in is neither beside nor right under "
                  "its text" % (layout, lang, page, c[0] / 72, c[1] / 72))

@test("qr.never-side-by-side")
def _(env):
    """On a two-language page the two columns show the same codes: they stand at the page's outer
    edges, never meeting in the middle, whichever language reads from the right."""
    out = env.tmp("qr-sides")
    pairs = [l + "+en" for l in SHIPPED if l != "en"] + ["en+fa", "en+ar", "es+fa"]
    rc, so, se = env.run("render", "--content", env.content, "--layout", "bilingual", "--out", out,
                         *sum([["--lang", p] for p in pairs], []))
    check(rc == 0, "render: %s" % se[-300:])
    for pair in pairs:
        cs = codes(trace(os.path.join(out, "bilingual", pair + ".pdf"), 1))
        check(len(cs) == 4, "%s: %d codes, want 2 in each column" % (pair, len(cs)))
        for i, a in enumerate(cs):
            for b in cs[i + 1:]:
                overlap = min(a[3], b[3]) - max(a[1], b[1])
                apart = max(a[0], b[0]) - min(a[2], b[2])
                check(overlap <= 0 or apart > 2 * 72, "%s: two codes side by side, %.2f in apart" % (pair, apart / 72))
        left = [c for c in cs if c[2] < 306]
        check(len(left) == 2 and all(c[0] < 36 + 0.7 * 72 for c in left), "%s: the left column's codes are not at the "
              "page's left edge: %s" % (pair, left))

@test("qr.same-address-twice")
def _(env):
    """Two sections with the same web address each get a code of their own, and each reads back as
    that address: volante encodes an address once per process and draws a copy of it for every
    section, page, layout and language that shows it."""
    content = env.content_copy("qr-twice")
    ini = os.path.join(content, "volante.ini")
    with open(ini, encoding="utf-8") as f:
        text = f.read()
    text, n = re.subn(r"(\[ally\.ice-out-of-la\][^\[]*?\nweb=)\n", r"\1https://kiwa.org\n", text, count=1)
    check(n == 1, "no empty web= in [ally.ice-out-of-la] of the shipped content")
    with open(ini, "w", encoding="utf-8") as f:
        f.write(text)
    work = os.path.dirname(content)
    out = os.path.join(work, "out")
    rc, so, se = env.run("render", "--content", content, "--layout", "flyer", "--lang", "en", "--lang", "es",
                         "--out", out)
    check(rc == 0, "render: %s" % se[-300:])
    want = sorted(["https://kiwa.org", "https://kiwa.org", "https://alotrolado.org"])
    for lang in ("en", "es"):
        pdf = os.path.join(out, "flyer", lang + ".pdf")
        cs = codes(trace(pdf, 1))
        base = os.path.join(work, "page-" + lang)
        tool("pdftoppm", "-r", "300", "-f", "1", "-l", "1", "-singlefile", "-png", pdf, base)
        got = []
        for i, (x0, y0, x1, y1) in enumerate(cs):
            # The code's dark modules and a little of its quiet zone (four modules wide): white
            # all round, so this code alone is read.
            m = 0.1 * (x1 - x0)
            box = [round(v * 300 / 72) for v in (x0 - m, y0 - m, x1 - x0 + 2 * m, y1 - y0 + 2 * m)]
            crop = "%s-%d.png" % (base, i)
            tool("convert", base + ".png", "-crop", "%dx%d+%d+%d" % (box[2], box[3], box[0], box[1]), "+repage", crop)
            read = [x.strip() for x in tool("zbarimg", "-q", "--raw", crop)[1].splitlines() if x.strip()]
            check(len(read) == 1, "flyer/%s: the code at (%.1f, %.1f) in reads as %s" % (lang, x0 / 72, y0 / 72, read))
            got += read
        check(sorted(got) == want, "flyer/%s: the codes read %s, want %s" % (lang, sorted(got), want))
