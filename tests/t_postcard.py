"""volante tests: the postcard layout (4 up, two languages back to back) and the n-up piece kind."""
from vtest import *

def lines(pdf, page):
    """Lines of text longer than 8 characters on PAGE, with how often each appears."""
    text = tool("pdftotext", "-f", str(page), "-l", str(page), pdf, "-")[1]
    return Counter(l.strip() for l in text.splitlines() if len(l.strip()) > 8)

def headline_boxes(pdf, page, word):
    """(xMin, yMin) of each word WORD on PAGE."""
    out = tool("pdftotext", "-f", str(page), "-l", str(page), "-bbox", pdf, "-")[1]
    return sorted((round(float(x)), round(float(y))) for x, y, w in
                  re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>', out) if w == word)

@test("postcard.four-up")
def _(env):
    """Four postcards (4.25 x 5.5 in) on a letter sheet: the front in the first language on page 1,
    the back in the second on page 2; every line of a card four times, once per card."""
    out = render_print(env, "postcard", "--layout", "postcard", "--lang", "es+en", "--lang", "ko")
    f = os.path.join(out, "postcard", "es+en.pdf")
    check(sorted(os.listdir(os.path.join(out, "postcard"))) == ["es+en.pdf", "ko+en.pdf"],
          "postcard files: %s" % os.listdir(os.path.join(out, "postcard")))
    bx = boxes(f)
    check(len(bx) == 2, "%d pages, want 2 (front and back)" % len(bx))
    for n, b in bx.items():
        check(size_of(b["MediaBox"]) == (612, 792) and size_of(b["TrimBox"]) == (612, 792), "page %d: %s" % (n, b))
    for page, head, lang in ((1, "Apoyemos", "es"), (2, "Stand", "en")):
        c = lines(f, page)
        check(c and max(c.values()) == 4 and min(c.values()) == 4, "page %d: lines appear %s times: %s"
              % (page, sorted(set(c.values())), c.most_common(3)))
        at = headline_boxes(f, page, head)
        check(len(at) == 4, "page %d: %d %s headlines" % (page, len(at), lang))
        xs, ys = sorted({x for x, y in at}), sorted({y for x, y in at})
        check(len(xs) == 2 and len(ys) == 2 and abs((xs[1] - xs[0]) - 306) < 2 and abs((ys[1] - ys[0]) - 396) < 2,
              "page %d: the cards do not stand 4.25 x 5.5 in apart: %s" % (page, at))

@test("postcard.a4")
def _(env):
    """With --paper a4 the sheet is A4 and each postcard A6, four of them."""
    out = render_print(env, "postcard-a4", "--layout", "postcard", "--lang", "fa+en", "--paper", "a4")
    f = os.path.join(out, "postcard", "fa+en.pdf")
    for n, b in boxes(f).items():
        check(size_of(b["MediaBox"]) == (595, 842), "page %d: %s" % (n, b["MediaBox"]))
    at = headline_boxes(f, 2, "Stand")
    xs, ys = sorted({x for x, y in at}), sorted({y for x, y in at})
    check(len(at) == 4 and abs((xs[1] - xs[0]) - 595.28 / 2) < 2 and abs((ys[1] - ys[0]) - 841.89 / 2) < 2,
          "A4: the cards do not stand an A6 apart: %s" % at)

@test("postcard.bleed-marks")
def _(env):
    """--bleed runs the sheet's edges into the bleed: the trim is the letter sheet as cut, the four cards
    edge to edge on it (a shop that wants each card with its own bleed takes --piece); --marks puts crop
    marks in the slug at every cut."""
    out = render_print(env, "postcard-bleed", "--layout", "postcard", "--lang", "es+en", "--bleed", "0.125in", "--marks")
    f = os.path.join(out, "postcard", "es+en.pdf")
    for n, b in boxes(f).items():
        t, bl = b["TrimBox"], b["BleedBox"]
        check(size_of(t) == (612, 792) and t[0] == 45, "page %d: trim %s, want the letter sheet" % (n, t))
        check(all(abs(abs(bl[i] - t[i]) - 9) < 0.2 for i in range(4)), "page %d: bleed %s around trim %s" % (n, bl, t))
        check(size_of(b["MediaBox"]) == (612 + 90, 792 + 90), "page %d: sheet %s" % (n, b["MediaBox"]))
    base = os.path.join(out, "b")
    tool("pdftoppm", "-r", "72", "-png", "-singlefile", "-f", "1", "-l", "1", f, base)
    png = base + ".png"
    def mean(x, y, w, h):
        return float(tool("convert", png, "-crop", "%dx%d+%d+%d" % (w, h, x, y), "-colorspace", "gray",
                          "-format", "%[fx:mean]", "info:")[1] or 1)
    # cuts at x = 45, 351, 657 (the sheet's edges and between the cards); marks stand above the bleed, in the slug
    for x in (45, 351, 657):
        check(mean(x - 1, 45 - 9 - 3 - 15, 2, 12) < 0.97, "no crop mark above the cut at x=%d" % x)
    check(mean(100, 37, 16, 6) < 0.5, "the headline band does not run into the bleed above the sheet")
    check(mean(37, 60, 6, 4) < 0.5, "the headline band does not run into the bleed left of the sheet")
    check(mean(330, 60, 16, 4) < 0.5, "the headline bands do not meet at the cut between the cards")
    check(mean(37, 300, 6, 40) > 0.97, "the bleed is not white where nothing bleeds")
    check(re.search(r"volante\s+\|\s+postcard\s+\|\s+es\+en\s+\|.*4 up", pdftext(f)), "no job line in the slug")

@test("postcard.duplex")
def _(env):
    """The back sheet is the front's mirror: each back lands behind its front when the sheet is printed
    on both sides and turned over its long edge (the headline bands, rasterized, match the flopped back),
    a right-to-left front as well; on office paper, ticks mark the cuts at the paper's edges."""
    for pair in ("es+en", "ar+en"):
        out = render_print(env, "postcard-duplex", "--layout", "postcard", "--lang", pair)
        f = os.path.join(out, "postcard", pair + ".pdf")
        base = os.path.join(out, "p")
        tool("pdftoppm", "-r", "40", "-png", f, base)
        front, back = column_profile(base + "-1.png", "#1d3557"), column_profile(base + "-2.png", "#1d3557", flop=True)
        check(len(front) > 200, "%s: no headline bands found on the front (%d columns)" % (pair, len(front)))
        check(len(front ^ back) <= 4, "%s: the backs do not line up behind the fronts" % pair)
        tool("pdftoppm", "-r", "72", "-png", "-singlefile", "-f", "1", "-l", "1", f, base)
        for crop, where in (("3x12+305+8", "the vertical cut at the top edge"), ("12x3+8+395", "the horizontal cut at the left edge")):
            m = tool("convert", base + ".png", "-crop", crop, "-colorspace", "gray", "-format", "%[fx:minima]", "info:")[1]
            check(float(m or 1) < 0.6, "%s: no tick on %s" % (pair, where))

@test("postcard.n-up-kinds")
def _(env):
    """piece=9-up cuts the sheet in a 3 x 3 grid; 5-up is not a square grid: one clear line."""
    d = env.tmp("nup")
    s = open(os.path.join(env.src, "layouts", "postcard.ini"), encoding="utf-8").read()
    check("piece=4-up" in s, "postcard.ini has no piece=4-up")
    open(os.path.join(d, "nine.ini"), "w", encoding="utf-8").write(
        s.replace("piece=4-up", "piece=9-up").replace("margin=0.3in", "margin=0.25in").replace("default-set=false", "default-set=true"))
    out = env.tmp("nup-out")
    rc, so, se = env.run("render", "--content", env.content, "--layouts-dir", d, "--lang", "es+en", "--out", out, "--force")
    f = os.path.join(out, "nine", "es+en.pdf")
    check(os.path.exists(f), "9-up not written: %s" % se[-300:])
    c = lines(f, 2)
    check(c and max(c.values()) == 9, "9-up: lines appear %s times" % sorted(set(c.values())))
    open(os.path.join(d, "nine.ini"), "w", encoding="utf-8").write(s.replace("piece=4-up", "piece=5-up"))
    bad(env, "nup", ["check", "--content", env.content, "--layouts-dir", d, "--lang", "es"],
        r"nine\.ini:\d+: error: .*piece: \"5-up\": an n-up piece is 4-up, 9-up or 16-up")
