"""volante tests: output formats as one table (src/backend.c): PDF, PNG (--dpi) and SVG pages, named
OUT/LAYOUT/LANG.pdf and OUT/LAYOUT/LANG-PAGE.png|svg, each page the same as the PDF's.

How close is close enough: poppler's pdftoppm rasterizes the PDF at the same resolution with its own
renderer (Splash), whose anti-aliasing and glyph edges differ from Cairo's; pdftocairo renders it with
Cairo, as volante draws its PNGs. The PNG or SVG page and pdftoppm's picture of the PDF page are cut
into a 16 x 16 grid: the mean difference of the whole page must stay under 3.5% and of every cell under
15% (measured 1.0-2.7% and 4.1-10.8% on the shipped layouts; a page one pixel off is 3.6%, a missing QR
code makes its cell 24%). The PNG and pdftocairo's picture agree but for at most 0.5% of pixels more
than 10% apart (0.02% on upright pages; 0.3% on the handbill's turned copies, whose glyphs land on
whole pixels differently).
"""
from vtest import *

PAGE_MEAN, CELL_MAX, CAIRO_SHARE = 0.035, 0.15, 0.005

# layout, --lang, the file name's languages, sheets: a single page, a two-sided tri-fold, an imposed
# sheet of two handbills, cards back to back and a bilingual pair.
CASES = [("flyer", "ko", "ko", 1), ("trifold", "km", "km", 2), ("handbill", "ar", "ar", 1),
         ("cards", "ko", "ko+en", 2), ("bilingual", "es", "es+en", 1)]

def cells(a, b):
    """Mean difference (0-1) of the page and of its worst cell in a 16 x 16 grid."""
    rc, o, e = tool("convert", a, b, "-compose", "difference", "-composite", "-colorspace", "gray",
                    "-scale", "16x16!", "-depth", "16", "txt:-")
    v = [int(m) / 65535 for m in re.findall(r"^\d+,\d+: \((\d+)", o, re.M)]
    check(len(v) == 256, "cannot compare %s with %s: %s" % (a, b, e[-200:]))
    return sum(v) / len(v), max(v)

def rasters(pdf, dpi, work, name):
    """pdftoppm's and pdftocairo's PNGs of every page of PDF: [(splash, cairo)]."""
    base = os.path.join(work, name)
    for prog, tag in (("pdftoppm", "ppm"), ("pdftocairo", "cairo")):
        rc, o, e = tool(prog, "-r", str(dpi), "-png", pdf, "%s-%s" % (base, tag))
        check(rc == 0, "%s %s: %s" % (prog, pdf, e))
    got = []
    for i in range(1, 10):
        ppm = [p for p in ("%s-ppm-%d.png" % (base, i), "%s-ppm-%02d.png" % (base, i)) if os.path.exists(p)]
        cai = [p for p in ("%s-cairo-%d.png" % (base, i), "%s-cairo-%02d.png" % (base, i)) if os.path.exists(p)]
        if not ppm:
            break
        got.append((ppm[0], cai[0]))
    return got

def render_formats(env, name, layout, lang, *extra, dpi=None):
    """Renders LAYOUT in LANG as PDF, PNG (at DPI when given) and SVG into one folder; returns it."""
    out = env.tmp(name)
    for fmt in ("pdf", "png", "svg"):
        res = ("--dpi", dpi) if dpi and fmt == "png" else ()
        rc, so, se = env.run("render", "--content", env.content, "--out", out, "--layout", layout, "--lang", lang,
                             "--format", fmt, "-q", *extra, *res)
        check(rc == 0, "render --format %s %s %s exited %d: %s" % (fmt, layout, lang, rc, se[-300:]))
    return out

@test("output.pages")
def _(env):
    """PNG (at the default 150 dpi) and SVG pages exist with the right names, one a sheet, numbered from 1,
    no temporary file left, and each is the PDF's page under the tolerance above."""
    work = env.tmp("output-pages-work")
    for layout, lang, file, sheets in CASES:
        out = render_formats(env, "output-" + layout + "-" + lang, layout, lang)
        want = ["%s.pdf" % file] + ["%s-%d.%s" % (file, i, x) for x in ("png", "svg") for i in range(1, sheets + 1)]
        got = sorted(os.listdir(os.path.join(out, layout)))
        check(got == sorted(want), "%s %s: files %s, want %s" % (layout, lang, got, sorted(want)))
        pdf = os.path.join(out, layout, file + ".pdf")
        pages = rasters(pdf, 150, work, layout + "-" + lang)
        check(len(pages) == sheets, "%s: %d pages in the PDF, want %d" % (pdf, len(pages), sheets))
        for i, (ppm, cai) in enumerate(pages, 1):
            w, h = png_size(ppm)
            png = os.path.join(out, layout, "%s-%d.png" % (file, i))
            check(png_size(png) == (w, h), "%s is %s, the PDF's page at 150 dpi %s" % (png, png_size(png), (w, h)))
            mean, worst = cells(png, ppm)
            check(mean <= PAGE_MEAN and worst <= CELL_MAX,
                  "%s differs from the PDF's page %d: mean %.1f%%, worst cell %.1f%%" % (png, i, mean * 100, worst * 100))
            share = differing(png, cai)
            check(share <= CAIRO_SHARE, "%s: %.2f%% of pixels differ from pdftocairo's page %d" % (png, share * 100, i))
            svg = os.path.join(out, layout, "%s-%d.svg" % (file, i))
            head = open(svg, encoding="utf-8").read(400)
            pw, ph = [round(float(x)) for x in re.search(r'width="([\d.]+)pt" height="([\d.]+)pt"', head).groups()]
            check((round(pw * 150 / 72), round(ph * 150 / 72)) in ((w, h), (w - 1, h - 1), (w, h - 1), (w - 1, h)),
                  "%s is %s x %s pt, the PDF's page %s px at 150 dpi" % (svg, pw, ph, (w, h)))
            flat = os.path.join(work, "svg.png")
            rc, o, e = tool("rsvg-convert", "-w", str(w), "-h", str(h), "-b", "white", svg, "-o", flat)
            check(rc == 0, "rsvg-convert %s: %s" % (svg, e))
            mean, worst = cells(flat, ppm)
            check(mean <= PAGE_MEAN and worst <= CELL_MAX,
                  "%s differs from the PDF's page %d: mean %.1f%%, worst cell %.1f%%" % (svg, i, mean * 100, worst * 100))

@test("output.dpi")
def _(env):
    """--dpi sets the PNG's pixels: a letter flyer is 612 x 792 at 72 dpi, 2550 x 3300 at 300; with bleed
    and marks the page grows by as much as the PDF's."""
    out = env.tmp("output-dpi")
    for dpi, size in (("72", (612, 792)), ("300", (2550, 3300))):
        rc, so, se = env.run("render", "--content", env.content, "--out", out, "--layout", "flyer", "--lang", "en",
                             "--format", "png", "--dpi", dpi, "-q")
        check(rc == 0, "--dpi %s: %s" % (dpi, se[-300:]))
        got = png_size(os.path.join(out, "flyer", "en-1.png"))
        check(got == size, "--dpi %s: %s, want %s" % (dpi, got, size))
    out = render_formats(env, "output-bleed", "flyer", "en", "--bleed", "0.125in", "--marks")
    ppm = rasters(os.path.join(out, "flyer", "en.pdf"), 150, out, "bleed")[0][0]
    check(png_size(os.path.join(out, "flyer", "en-1.png")) == png_size(ppm),
          "with bleed and marks: %s, the PDF's page %s" % (png_size(os.path.join(out, "flyer", "en-1.png")),
                                                          png_size(ppm)))
    # A card alone (--piece) with marks: its job line is set to fit the page, measured as on paper
    # (with glyph advances rounded to pixels it ran off the page: 1.4% of pixels apart, now 0.3%).
    out = render_formats(env, "output-piece", "cards", "km", "--piece", "--bleed", "3mm", "--marks", dpi="100")
    pages = rasters(os.path.join(out, "cards", "km+en.pdf"), 100, out, "piece")
    for i, (ppm, cai) in enumerate(pages, 1):
        png = os.path.join(out, "cards", "km+en-%d.png" % i)
        share = differing(png, cai)
        check(share <= CAIRO_SHARE, "%s: %.2f%% of pixels differ from pdftocairo's page %d" % (png, share * 100, i))

@test("output.bad-options")
def _(env):
    """A bad --dpi or --format is one line on stderr, exit 2, nothing written."""
    dpi = "volante render: --dpi %s: not a whole number of pixels per inch from 10 to 600 (like 150)\n"
    cases = [(["--format", "png", "--dpi", "0"], dpi % "0"), (["--format", "png", "--dpi", "-5"], dpi % "-5"),
             (["--format", "png", "--dpi", "abc"], dpi % "abc"), (["--format", "png", "--dpi", "5000"], dpi % "5000"),
             (["--format", "png", "--dpi", "150dpi"], dpi % "150dpi"), (["--format", "png", "--dpi", ""], dpi % ""),
             (["--format", "tiff"], "volante render: unknown format 'tiff' (known: pdf, png, svg)\n"),
             (["--format", "PNG"], "volante render: unknown format 'PNG' (known: pdf, png, svg)\n"),
             (["--dpi", "300"], "volante render: --dpi only applies to --format png, not to pdf\n"),
             (["--format", "svg", "--dpi", "300"], "volante render: --dpi only applies to --format png, not to svg\n")]
    for args, want in cases:
        out = env.tmp("output-bad")
        rc, so, se = env.run("render", "--content", env.content, "--out", out, "--layout", "flyer", "--lang", "en", *args)
        check(rc == 2, "%s: exit %d" % (args, rc))
        check(se == want, "%s: stderr %r, want %r" % (args, se, want))
        check(not os.listdir(out), "%s: wrote %s" % (args, os.listdir(out)))

@test("output.stale-pages")
def _(env):
    """Pages left from an earlier, longer version go (es-3.png after a two-page render); other files stay
    (es+en-1.png, es-0.png, notes.txt). A page with errors removes the old pages of its language."""
    out = env.tmp("output-stale")
    d = os.path.join(out, "trifold")
    os.makedirs(d)
    for f in ("es-3.png", "es-12.png", "es+en-1.png", "es-0.png", "notes.txt", "es-1.svg"):
        open(os.path.join(d, f), "w").write("old")
    rc, so, se = env.run("render", "--content", env.content, "--out", out, "--layout", "trifold", "--lang", "es",
                         "--format", "png", "-q")
    check(rc == 0, "render: %s" % se[-300:])
    got = sorted(os.listdir(d))
    want = sorted(["es-1.png", "es-2.png", "es+en-1.png", "es-0.png", "notes.txt", "es-1.svg"])
    check(got == want, "files %s, want %s" % (got, want))
    content = env.content_copy("output-stale-content")
    po = os.path.join(content, "po", "es.po")
    set_msgstr(po, "headline", "<b>Sin cerrar")
    rc, so, se = env.run("render", "--content", content, "--out", out, "--layout", "trifold", "--lang", "es",
                         "--format", "png", "-q")
    check(rc == 1, "a broken translation: exit %d" % rc)
    got = sorted(os.listdir(d))
    want = sorted(["es+en-1.png", "es-0.png", "notes.txt", "es-1.svg"])
    check(got == want, "after a page with errors: %s, want %s" % (got, want))

@test("output.looked-at")
def _(env):
    """The PNG of an Arabic and a Khmer flyer is a page, not a blank: many colors, the headline's band
    in the layout's dark blue at the top, text (dark pixels) in the body."""
    out = env.tmp("output-look")
    for lang in ("ar", "km"):
        rc, so, se = env.run("render", "--content", env.content, "--out", out, "--layout", "flyer", "--lang", lang,
                             "--format", "png", "--dpi", "50", "-q")
        check(rc == 0, "%s: %s" % (lang, se[-300:]))
        png = os.path.join(out, "flyer", lang + "-1.png")
        rc, o, e = tool("identify", "-format", "%k", png)
        check(int(o.strip() or 0) > 64, "%s: only %s colors" % (png, o))
        rc, o, e = tool("convert", png, "-crop", "6x6+28+28", "-scale", "1x1!", "-depth", "8", "txt:-")
        m = re.search(r"\((\d+),(\d+),(\d+)", o)
        check(m and all(abs(int(c) - w) <= 3 for c, w in zip(m.groups(), (0x1d, 0x35, 0x57))),
              "%s: no headline band (#1d3557) at the top left: %s" % (png, o))
