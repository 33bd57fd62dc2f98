"""volante tests: print."""
import pdfua
from vtest import *

@test("print.sheets")
def _(env):
    """Each print layout's sheet, page count and trim, at letter and A4."""
    want = {  # layout, paper: sheet size, pages, trim size
        ("handbill", "letter"): ((612, 792), 1, (612, 792)), ("handbill", "a4"): ((595, 842), 1, (595, 842)),
        ("cards", "letter"): ((612, 792), 2, (612, 792)), ("cards", "a4"): ((595, 842), 2, (595, 842)),
        ("trifold", "letter"): ((792, 612), 2, (792, 612)), ("trifold", "a4"): ((842, 595), 2, (842, 595)),
    }
    for paper in ("letter", "a4"):
        out = render_print(env, "sheets-" + paper, "--layout", "handbill", "--layout", "cards", "--layout", "trifold",
                           "--lang", "es", "--lang", "ko", "--paper", paper)
        for (lay, p), (sheet, pages, trim) in want.items():
            if p != paper:
                continue
            for lang in ("es", "ko"):
                f = os.path.join(out, lay, (lang + "+en" if lay == "cards" else lang) + ".pdf")
                check(os.path.exists(f), "no %s" % f)
                bx = boxes(f)
                check(len(bx) == pages, "%s: %d pages, want %d" % (f, len(bx), pages))
                for n, b in bx.items():
                    check(size_of(b["MediaBox"]) == sheet, "%s page %d: sheet %s, want %s" % (f, n, size_of(b["MediaBox"]), sheet))
                    check(size_of(b["TrimBox"]) == trim, "%s page %d: trim %s, want %s" % (f, n, size_of(b["TrimBox"]), trim))
    # a handbill is half the sheet: its text stands turned, two copies
    f = os.path.join(env.work, "sheets-letter", "handbill", "es.pdf")
    text = pdftext(f)
    check(text.count("Koreatown") >= 2, "handbill: not two copies on the sheet")

@test("print.bleed-marks")
def _(env):
    for bleed, pt in (("0.125in", 9.0), ("3mm", 3 * 72 / 25.4)):
        out = render_print(env, "bleed-" + bleed, "--layout", "flyer", "--lang", "es", "--bleed", bleed, "--marks")
        f = os.path.join(out, "flyer", "es.pdf")
        b = boxes(f)[1]
        check(size_of(b["TrimBox"]) == (612, 792), "trim %s" % b["TrimBox"])
        bw, bh = b["BleedBox"][2] - b["BleedBox"][0], b["BleedBox"][3] - b["BleedBox"][1]
        check(abs(bw - (612 + 2 * pt)) < 0.6 and abs(bh - (792 + 2 * pt)) < 0.6, "bleed box %s for %s" % (b["BleedBox"], bleed))
        mw = b["MediaBox"][2] - b["MediaBox"][0]
        check(mw > bw + 40, "no slug around the bleed: media %s" % b["MediaBox"])
        check(re.search(r"volante\s+\|\s+flyer\s+\|\s+es\s+\|", pdftext(f)), "no job line in the slug")
    # the headline's fill runs into the bleed; the marks stand in the slug, outside it
    png = os.path.join(env.work, "bleed-0.125in", "b")
    f = f.replace("3mm", "0.125in")
    tool("pdftoppm", "-r", "72", "-png", "-singlefile", f, png)
    png += ".png"
    b = boxes(f)[1]
    trim_x, trim_y = round(b["TrimBox"][0]), round(b["MediaBox"][3] - b["TrimBox"][3])
    def mean(x, y, w, h):
        return float(tool("convert", png, "-crop", "%dx%d+%d+%d" % (w, h, x, y), "-colorspace", "gray",
                          "-format", "%[fx:mean]", "info:")[1] or 1)
    check(mean(trim_x - 7, trim_y + 30, 5, 5) < 0.4, "the headline's fill does not reach into the bleed")
    check(mean(trim_x + 300, trim_y + 792 + 2, 5, 5) > 0.95, "bleed below the page is not white where nothing bleeds")
    dark = lambda x, y, w, h: mean(x, y, w, h) < 0.995
    check(dark(trim_x - 1, trim_y + 792 + 9 + 3, 2, 15), "no crop mark below the bottom-left corner")
    check(not dark(trim_x - 1, trim_y + 792 + 1, 2, 8), "a crop mark reaches into the bleed")
    # the imposed layouts: the trim is the sheet as cut, the bleed around it, the slug around that
    out = render_print(env, "bleed-imposed", "--layout", "handbill", "--layout", "cards", "--layout", "trifold",
                       "--lang", "es", "--bleed", "3mm", "--marks")
    b3 = 3 * 72 / 25.4
    for f, trim in (("handbill/es.pdf", (612, 792)), ("cards/es+en.pdf", (612, 792)), ("trifold/es.pdf", (792, 612))):
        for n, bx in boxes(os.path.join(out, f)).items():
            t, bl, m = bx["TrimBox"], bx["BleedBox"], bx["MediaBox"]
            check(abs(t[2] - t[0] - trim[0]) < 0.6 and abs(t[3] - t[1] - trim[1]) < 0.6, "%s page %d: trim %s, want %s" % (f, n, t, trim))
            check(all(abs(abs(bl[i] - t[i]) - b3) < 0.2 for i in range(4)), "%s page %d: bleed %s around trim %s" % (f, n, bl, t))
            check(abs(m[2] - m[0] - (bl[2] - bl[0] + 72)) < 0.6, "%s page %d: no slug (media %s)" % (f, n, m))
    rc, so, se = env.run("render", "--content", env.content, "--out", env.tmp("badbleed"), "--bleed", "lots")
    check(rc == 2 and "--bleed lots" in se and len(se.strip().splitlines()) == 1, "bad --bleed: %d %s" % (rc, se))
    # A number with no unit is refused, naming the units (3 meant as mm would be read as 3 pt).
    bare = env.tmp("barebleed")
    rc, so, se = env.run("render", "--content", env.content, "--layout", "flyer", "--lang", "es", "--out", bare,
                         "--bleed", "3")
    check(rc == 2 and "--bleed 3:" in se and "in, mm, cm or pt" in se and not os.listdir(bare),
          "--bleed 3: %d %s" % (rc, se))
    # negative and too large: one line each, saying what is wrong, nothing written
    for arg, want in (("-3mm", "--bleed -3mm: a bleed cannot be negative (0.125in or 3mm is usual)"),
                      ("0.6in", "--bleed 0.6in: more than 0.5in; a print shop asks for 0.125in or 3mm"),
                      ("5cm", "--bleed 5cm: more than 0.5in; a print shop asks for 0.125in or 3mm"),
                      ("3furlongs", "--bleed 3furlongs: not a length with its unit: in, mm, cm or pt")):
        rc, so, se = env.run("render", "--content", env.content, "--layout", "flyer", "--lang", "es", "--out", bare,
                             "--bleed", arg)
        lines = se.strip().splitlines()
        check(rc == 2 and len(lines) == 1 and lines[0].startswith("volante render: " + want) and not os.listdir(bare),
              "--bleed %s: %d %r" % (arg, rc, se))
    # half an inch is the most, and allowed
    rc, so, se = env.run("render", "--content", env.content, "--layout", "flyer", "--lang", "es", "--out", bare,
                         "--bleed", "0.5in")
    b = boxes(os.path.join(bare, "flyer", "es.pdf"))[1]
    check(rc in (0, 1) and size_of(b["MediaBox"]) == (684, 864), "--bleed 0.5in: %d %s" % (rc, b))

@test("print.cards-duplex")
def _(env):
    out = render_print(env, "cards", "--layout", "cards", "--lang", "es+en", "--lang", "es")
    f = os.path.join(out, "cards", "es+en.pdf")
    check(os.listdir(os.path.join(out, "cards")) == ["es+en.pdf"], "cards: %s" % os.listdir(os.path.join(out, "cards")))
    t1 = tool("pdftotext", "-f", "1", "-l", "1", f, "-")[1]
    t2 = tool("pdftotext", "-f", "2", "-l", "2", f, "-")[1]
    check(t1.count("Organizaciones que apoyan") == 10, "front: %d Spanish cards" % t1.count("Organizaciones que apoyan"))
    check(t2.count("Organizations that stand") == 10, "back: %d English cards" % t2.count("Organizations that stand"))
    base = os.path.join(out, "p")
    tool("pdftoppm", "-r", "50", "-png", f, base)
    front, back = column_profile(base + "-1.png", "#1d3557"), column_profile(base + "-2.png", "#1d3557", flop=True)
    check(len(front) > 100, "no title bands found on the front (%d columns)" % len(front))
    diff = front ^ back
    check(len(diff) <= 4, "the backs do not line up behind the fronts: %d columns differ" % len(diff))
    # the sheet carries cut marks in its margins, where the cards' edges are
    tool("pdftoppm", "-r", "72", "-png", "-singlefile", "-f", "1", "-l", "1", f, base)
    m = tool("convert", base + ".png", "-crop", "3x12+53+22", "-colorspace", "gray", "-format", "%[fx:minima]", "info:")[1]
    check(float(m or 1) < 0.6, "no cut mark above the first card's left edge")

@test("print.handbill-cut")
def _(env):
    out = render_print(env, "handbill", "--layout", "handbill", "--lang", "en")
    base = os.path.join(out, "h")
    tool("pdftoppm", "-r", "72", "-png", "-singlefile", os.path.join(out, "handbill", "en.pdf"), base)
    m = tool("convert", base + ".png", "-crop", "20x3+12+395", "-colorspace", "gray", "-format", "%[fx:minima]", "info:")[1]
    check(float(m or 1) < 0.6, "no cut mark where the sheet is cut in half")

@test("print.trifold-panels")
def _(env):
    out = render_print(env, "trifold", "--layout", "trifold", "--lang", "en", "--lang", "fa")
    f = os.path.join(out, "trifold", "en.pdf")
    flap, back, front = (0, 261), (261, 526), (526, 792)
    check("Stand with our" in panel_text(f, 1, *front), "the front cover (outside right) lacks the headline")
    check("10%" in panel_text(f, 1, *flap), "the flap (outside left) lacks the facts")
    check("Organizations" in panel_text(f, 1, *back), "the back cover lacks the allies")
    inside = [panel_text(f, 2, 0, 266), panel_text(f, 2, 266, 531), panel_text(f, 2, 531, 792)]
    for i, name in enumerate(("ICE out of LA", "Koreatown", "Al Otro Lado")):
        check(name in inside[i], "inside panel %d lacks %s: %r" % (i + 1, name, inside[i][:80]))
    # Persian opens the other way: the front cover is on the left
    f = os.path.join(out, "trifold", "fa.pdf")
    head = strip_markup(po_msgstr(os.path.join(env.content, "po", "fa.po"), "headline")).split()[0]
    check(head in panel_text(f, 1, 0, 266), "fa: the front cover is not the left panel")
    check("Al Otro Lado" in panel_text(f, 2, 0, 266), "fa: the inside does not read from the right")

@test("print.tagged-lang")
def _(env):
    out = render_print(env, "tagged", "--layout", "flyer", "--layout", "bilingual", "--lang", "es", "--lang", "fa+en")
    q = os.path.join(out, "q.pdf")
    tool("qpdf", "--qdf", "--object-streams=disable", os.path.join(out, "flyer", "es.pdf"), q)
    raw = open(q, "rb").read()
    check(re.search(rb"/Lang \(es\)", raw), "no /Lang (es) on the catalog")
    for tag in (b"/StructTreeRoot", b"/S /H1", b"/S /H2", b"/S /P", b"/S /Link", b"/DisplayDocTitle true",
                b"/S /Figure", b"/Alt (https://kiwa.org)", b"/Alt (https://alotrolado.org)"):
        check(tag in raw, "flyer lacks %s" % tag.decode())
    title = pdfinfo(os.path.join(out, "flyer", "es.pdf")).get("Title", "")
    check(title == strip_markup(po_msgstr(os.path.join(env.content, "po", "es.po"), "headline")), "title %r" % title)
    # The catalog and the Persian part are in Persian, the English part in English (a draft's notice,
    # a Note, is in English too).
    doc = pdfua.Doc(os.path.join(out, "bilingual", "fa+en.pdf"))
    root = doc.d(doc.objs["trailer"]["value"]["/Root"])
    sects = []
    pdfua.struct_walk(doc, doc.d(root["/StructTreeRoot"]).get("/K"),
                      lambda ref, el: sects.append(pdfua.text(el.get("/Lang"))) if el.get("/S") == "/Sect" else None)
    check(pdfua.text(root.get("/Lang")) == "fa" and sects == ["fa", "en"], "bilingual /Lang: %s, Sects %s" % (root.get("/Lang"), sects))

@test("print.streams-compressed")
def _(env):
    # Cairo writes the page content plain for pdfpost (pdf.c): qpdf must still
    # compress every stream but the XMP packet, which stays readable by design.
    out = render_print(env, "compressed", "--layout", "flyer", "--layout", "poster", "--lang", "es", "--lang", "ja")
    out_gray = render_print(env, "compressed-gray", "--grayscale", "--layout", "flyer", "--lang", "es")
    for pdf in (os.path.join(out, "flyer", "es.pdf"), os.path.join(out, "poster", "ja.pdf"),
                os.path.join(out_gray, "flyer", "es.pdf")):
        q = subprocess.run(["qpdf", "--json", "--json-stream-data=none", "--decode-level=none", pdf],
                           capture_output=True, timeout=120)
        check(q.returncode in (0, 3), "qpdf --json %s: %s" % (pdf, q.stderr.decode()[:200]))
        objs = json.loads(q.stdout)["qpdf"][1]
        streams = [(k, o["stream"]["dict"]) for k, o in objs.items() if "stream" in o]
        check(len(streams) > 3, "%s: only %d streams" % (pdf, len(streams)))
        plain = [k for k, d in streams if d.get("/Type") != "/Metadata" and d.get("/Filter") != "/FlateDecode"]
        check(not plain, "%s: streams without /FlateDecode: %s" % (pdf, plain))

@test("print.qr-codes")
def _(env):
    out = render_print(env, "qr", "--layout", "flyer", "--layout", "cards", "--layout", "trifold", "--lang", "es+en",
                       "--lang", "km")
    want = {"https://kiwa.org", "https://alotrolado.org"}
    for f in ("flyer/km.pdf", "cards/es+en.pdf", "trifold/km.pdf"):
        got = decode_qr(os.path.join(out, f), out)
        check(got == want, "%s: QR codes decode to %s" % (f, sorted(got)))
    # a phone number becomes tel:; no contact, no code
    content = env.content_copy("qr-phone")
    ini = os.path.join(content, "volante.ini")
    s = open(ini, encoding="utf-8").read()
    s = s.replace("web=https://kiwa.org", "web=").replace("web=https://alotrolado.org", "web=")
    open(ini, "w", encoding="utf-8").write(s)
    o = env.tmp("qr-none")
    rc, so, se = env.run("render", "--content", content, "--layout", "flyer", "--lang", "en", "--out", o)
    check(rc == 0 and decode_qr(os.path.join(o, "flyer", "en.pdf"), o) == set(), "codes without any contact")
    at = s.index("[ally.kiwa]")
    at = s.index("phone=\n", at)
    open(ini, "w", encoding="utf-8").write(s[:at] + "phone=(213) 555-0100\n" + s[at + len("phone=\n"):])
    rc, so, se = env.run("render", "--content", content, "--layout", "flyer", "--lang", "en", "--out", o)
    got = decode_qr(os.path.join(o, "flyer", "en.pdf"), o)
    check(got == {"tel:2135550100"}, "phone QR decodes to %s (%s)" % (got, se[-200:]))
    # kiosk slides: the ally's slide carries its code
    sl = env.tmp("qr-slides")
    rc, so, se = env.run("slides", "--content", env.content, "--size", "1280x720", "--lang", "en", "--out", sl)
    got = set()
    for root, _, files in os.walk(sl):
        for png in files:
            got |= {x.strip() for x in tool("zbarimg", "-q", "--raw", os.path.join(root, png))[1].splitlines() if x.strip()}
    check(got == want, "kiosk slides decode to %s" % sorted(got))

@test("print.grayscale")
def _(env):
    for flag in ("--grayscale", "--ink-saver"):
        out = render_print(env, "gray" + flag, "--layout", "flyer", "--layout", "cards", "--lang", "es", flag)
        for f in ("flyer/es.pdf", "cards/es+en.pdf"):
            base = os.path.join(out, "g")
            tool("pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", "-singlefile", os.path.join(out, f), base)
            sat = tool("convert", base + ".png", "-colorspace", "HSL", "-channel", "G", "-separate", "-format",
                       "%[fx:maxima]", "info:")[1]
            check(float(sat or 1) <= 0.08, "%s %s has color (saturation %s)" % (f, flag, sat))
        # the headline band: light gray with --grayscale, nothing with --ink-saver; its text black
        tool("pdftoppm", "-r", "40", "-png", "-singlefile", os.path.join(out, "flyer", "es.pdf"), base)
        band = float(tool("convert", base + ".png", "-crop", "4x4+23+23", "-colorspace", "gray", "-format",
                          "%[fx:mean]", "info:")[1] or 0)
        darkest = float(tool("convert", base + ".png", "-crop", "300x60+20+20", "-colorspace", "gray", "-format",
                             "%[fx:minima]", "info:")[1] or 1)
        lo, hi = (0.97, 1.01) if flag == "--ink-saver" else (0.7, 0.96)
        check(lo < band < hi, "%s: the headline band's gray is %.2f, want %.2f to %.2f" % (flag, band, lo, hi))
        check(darkest < 0.2, "%s: the headline is not black (%.2f)" % (flag, darkest))

@test("print.qpdf-check", "all")
def _(env):
    out = render_print(env, "qpdf", "--layout", "handbill", "--layout", "cards", "--layout", "trifold", "--layout",
                       "flyer", "--lang", "ar", "--lang", "zh-Hant", "--bleed", "3mm", "--marks")
    n = 0
    for root, _, files in os.walk(out):
        for f in files:
            rc, so, se = tool("qpdf", "--check", os.path.join(root, f))
            check(rc == 0, "qpdf --check %s: %d %s" % (f, rc, (so + se)[-200:]))
            n += 1
    check(n == 8, "%d PDFs" % n)
    # and the whole default set
    for root, _, files in os.walk(env.all):
        for f in files:
            rc, so, se = tool("qpdf", "--check", os.path.join(root, f))
            check(rc == 0, "qpdf --check %s: %d %s" % (f, rc, (so + se)[-200:]))

@test("print.ready-check")
def _(env):
    d = env.tmp("ready")
    lay = os.path.join(d, "layouts")
    os.makedirs(lay)
    tool("convert", "-size", "60x40", "xc:#336699", os.path.join(env.content, "..", "build-never") if False else os.path.join(d, "logo.png"))
    content = env.content_copy("ready/c")
    shutil.copy(os.path.join(d, "logo.png"), os.path.join(content, "logo.png"))
    open(os.path.join(lay, "tight.ini"), "w").write("""[layout]
paper=letter
margin=0.05in

[style.body]
size=5

[frame.logo]
box=0,0,0.5,0.2
image=logo.png

[frame.allies]
box=0,0.3,1,0.6
style=body
content=ally.*
fields=name,summary
qr=0.4in
""")
    # a band whose text keeps clear of the edge but whose fill does not; a card too close to its cut
    for name, head, frame in (("band", "margin=0.15in", "box=0,0,1,0.2\nfill=#1d3557\npadding=0.3in"),
                              ("card", "piece=3.5inx2in\nmargin=0.05in", "box=0,0,1,0.7")):
        open(os.path.join(lay, name + ".ini"), "w").write(
            "[layout]\npaper=letter\n%s\n\n[style.head]\nsize=%d\n\n[frame.head]\n%s\nstyle=head\ncontent=headline\n"
            % (head, 14 if name == "band" else 7, frame))
    rc, j = problems(env, content, "--layouts-dir", lay, "--lang", "en")
    got = {(p["kind"], p["layout"]): p for p in j["problems"]}
    kinds = {p["kind"]: p for p in j["problems"] if p["layout"] == "tight"}
    for k in ("small-text", "paper-edge", "qr-size", "image-resolution"):
        check(k in kinds, "check does not report %s: %s" % (k, sorted(kinds)))
        check(kinds[k]["severity"] == "warning", "%s is not a warning" % k)
    for k in ("paper-edge", "qr-size", "image-resolution"):
        check(kinds[k]["file"].endswith("tight.ini") and kinds[k]["line"] > 0, "%s at %s:%s" % (k, kinds[k]["file"], kinds[k]["line"]))
    check("5.0 pt" in kinds["small-text"]["message"], kinds["small-text"]["message"])
    # qr=0.4in holds a 25-module code and its quiet zone: modules of 10.16 mm / 33
    check(kinds["qr-size"]["message"] == 'frame "allies": QR code modules are 0.31 mm wide; under 0.4 mm many phones '
          'cannot read them', kinds["qr-size"]["message"])
    check("trim-margin" not in kinds, "a sheet's edge is the paper's: %s" % kinds.get("trim-margin"))
    m = got.get(("paper-edge", "band"), {}).get("message")
    check(m == 'frame "head": printed 0.15 in from the paper\'s edge; office printers cannot print the outer 0.25 in',
          "band: %r" % m)
    m = got.get(("trim-margin", "card"), {}).get("message")
    check(m == 'frame "head": content 0.050 in from the trim, inside the 0.125 in a cut may wander', "card: %r" % m)
    check(("paper-edge", "card") not in got, "a card stands inside the paper: %s" % got.get(("paper-edge", "card")))
    rc, out, err = env.run("check", "--kinds")
    for k in ("paper-edge", "qr-size", "small-text", "trim-margin"):
        check(re.search(r"^\s*%s\b" % k, out, re.M), "check --kinds does not list %s" % k)
    # none of them on the shipped layouts re-flowed to A4 (check.shipped holds them on their own paper)
    for paper in ("a4",):
        rc, j = problems(env, env.content, "--paper", paper)
        extra = [p for p in j["problems"] if p["kind"] in ("paper-edge", "qr-size", "small-text", "trim-margin")]
        check(not extra, "%s: shipped layouts warn %s" % (paper, [(p["kind"], p["layout"], p["message"]) for p in extra][:3]))
    # a missing image is an error naming the layout's image= line
    os.remove(os.path.join(content, "logo.png"))
    rc, j = problems(env, content, "--layouts-dir", lay, "--lang", "en")
    img = [p for p in j["problems"] if p["kind"] == "image"]
    want = open(os.path.join(lay, "tight.ini")).read().split("\n").index("image=logo.png") + 1
    check(rc == 1 and img and img[0]["line"] == want, "missing image: %s" % img)

@test("print.default-set")
def _(env):
    names = set(os.listdir(env.all))
    check(names == {"flyer", "bilingual", "poster"}, "the default render made %s" % sorted(names))
    rc, out, err = env.run("layouts")
    for lay in ("handbill", "cards", "trifold"):
        check(lay in out, "layouts does not list %s" % lay)

def notice_edge(pdf):
    """Per page, how close the DRAFT notice's words come to the TrimBox's edges (pt)."""
    t = boxes(pdf)
    out = tool("pdftotext", "-bbox", pdf, "-")[1]
    near = {}
    for n, pg in enumerate(out.split("<page ")[1:], 1):
        h = float(re.search(r'height="([\d.]+)"', pg).group(1))
        x0, y0, x1, y1 = t[n]["TrimBox"]
        y0, y1 = h - y1, h - y0
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                             r'(DRAFT|translation|not|yet|reviewed|native|speaker\.)</word>', pg):
            a, b, c, d = (float(v) for v in m.groups()[:4])
            near[n] = min(near.get(n, 1e9), a - x0, b - y0, x1 - c, y1 - d)
    return near

@test("print.bleed-boxes")
def _(env):
    """--bleed alone: every page exactly trim + bleed, the trim the paper as cut (the whole sheet on
    imposed layouts); --marks adds a 0.5 in slug around that. Letter and A4, single and imposed layouts.
    The DRAFT notice (Spanish is a draft) stays inside the trim, 0.25 in from its edges."""
    lays = ("flyer", "poster", "handbill", "cards", "postcard", "trifold")
    b = 9.0
    for paper in ("letter", "a4"):
        args = [a for l in lays for a in ("--layout", l)] + ["--lang", "es", "--lang", "es+en", "--paper", paper]
        plain = render_print(env, "boxes-plain-" + paper, *args)
        alone = render_print(env, "boxes-bleed-" + paper, *args, "--bleed", "0.125in")
        marks = render_print(env, "boxes-marks-" + paper, *args, "--bleed", "0.125in", "--marks")
        for lay in lays:
            name = "es+en.pdf" if lay in ("cards", "postcard") else "es.pdf"
            sheet = boxes(os.path.join(plain, lay, name))
            for n, bx in boxes(os.path.join(alone, lay, name)).items():
                w, h = sheet[n]["MediaBox"][2], sheet[n]["MediaBox"][3]
                want = {"MediaBox": [0, 0, w + 2 * b, h + 2 * b], "BleedBox": [0, 0, w + 2 * b, h + 2 * b],
                        "TrimBox": [b, b, w + b, h + b]}
                for k, v in want.items():
                    check(all(abs(x - y) < 0.02 for x, y in zip(bx[k], v)),
                          "%s %s --bleed page %d: %s %s, want %s" % (paper, lay, n, k, bx[k], v))
            for n, bx in boxes(os.path.join(marks, lay, name)).items():
                w, h = sheet[n]["MediaBox"][2], sheet[n]["MediaBox"][3]
                s = 36 + b
                want = {"MediaBox": [0, 0, w + 2 * s, h + 2 * s], "BleedBox": [36, 36, w + s + b, h + s + b],
                        "TrimBox": [s, s, w + s, h + s]}
                for k, v in want.items():
                    check(all(abs(x - y) < 0.02 for x, y in zip(bx[k], v)),
                          "%s %s --marks page %d: %s %s, want %s" % (paper, lay, n, k, bx[k], v))
            for out in (plain, alone, marks):
                near = notice_edge(os.path.join(out, lay, name))
                check(near, "%s %s: no DRAFT notice found" % (out, lay))
                check(min(near.values()) >= 18 - 0.1, "%s %s: the DRAFT notice is %.1f pt from the trim's edge"
                      % (os.path.basename(out), lay, min(near.values())))
    # the paper the acceptance names: flyer, letter, 0.125 in: 630 x 810 pt
    check(size_of(boxes(os.path.join(env.work, "boxes-bleed-letter", "flyer", "es.pdf"))[1]["MediaBox"]) == (630, 810),
          "flyer with --bleed 0.125in is not 630 x 810 pt")
    # job line in the slug only with --marks
    check("volante  |" not in pdftext(os.path.join(env.work, "boxes-bleed-letter", "handbill", "es.pdf")),
          "--bleed alone prints the job line")
    check(re.search(r"volante\s+\|\s+handbill", pdftext(os.path.join(env.work, "boxes-marks-letter", "handbill", "es.pdf"))),
          "--marks prints no job line")

@test("print.piece")
def _(env):
    """--piece: one piece to a page, trim + bleed, for shops that impose themselves; cards and postcards a
    front and a back page per design."""
    b = 9.0
    for paper, sizes in (("letter", {"handbill": (396, 612), "cards": (252, 144), "postcard": (306, 396),
                                     "flyer": (612, 792), "trifold": (792, 612)}),
                         ("a4", {"handbill": (421, 595), "cards": (252, 144), "postcard": (298, 421),
                                 "flyer": (595, 842), "trifold": (842, 595)})):
        out = render_print(env, "piece-" + paper, "--layout", "handbill", "--layout", "cards", "--layout", "postcard",
                           "--layout", "flyer", "--layout", "trifold", "--lang", "es+en", "--lang", "es", "--piece",
                           "--bleed", "0.125in", "--paper", paper)
        for lay, (w, h) in sizes.items():
            f = os.path.join(out, lay, "es+en.pdf" if lay in ("cards", "postcard") else "es.pdf")
            bx = boxes(f)
            check(len(bx) == (2 if lay in ("cards", "postcard", "trifold") else 1), "%s: %d pages" % (f, len(bx)))
            for n, x in bx.items():
                check(size_of(x["MediaBox"]) == (w + 18, h + 18) and size_of(x["TrimBox"]) == (w, h)
                      and abs(x["TrimBox"][0] - b) < 0.02 and x["BleedBox"] == x["MediaBox"],
                      "%s %s page %d: %s" % (paper, lay, n, x))
        hb = pdftext(os.path.join(out, "handbill", "es.pdf"))
        check(hb.count("Koreatown Immigrant Workers Alliance") == 1, "a handbill piece holds %d copies" % hb.count("Koreatown Immigrant Workers Alliance"))
        c = os.path.join(out, "cards", "es+en.pdf")
        t1 = tool("pdftotext", "-f", "1", "-l", "1", c, "-")[1]
        t2 = tool("pdftotext", "-f", "2", "-l", "2", c, "-")[1]
        check(t1.count("Organizaciones que apoyan") == 1 and "Organizations that stand" not in t1,
              "card front: %r" % t1[:120])
        check(t2.count("Organizations that stand") == 1, "card back: %r" % t2[:120])
    # with --marks the piece gets its slug and job line
    out = render_print(env, "piece-marks", "--layout", "handbill", "--lang", "es", "--piece", "--bleed", "3mm",
                       "--marks")
    f = os.path.join(out, "handbill", "es.pdf")
    x = boxes(f)[1]
    check(size_of(x["TrimBox"]) == (396, 612) and size_of(x["MediaBox"]) == (396 + 89, 612 + 89), "piece with marks: %s" % x)
    check(re.search(r"volante\s+\|\s+handbill\s+\|\s+es\s+\|.*1 up", pdftext(f)), "no job line on the piece")
    # a card alone is narrower than its job line: the line is set smaller, whole to its date
    out = render_print(env, "piece-card-marks", "--layout", "cards", "--lang", "km+en", "--piece", "--bleed", "3mm",
                       "--marks")
    t = tool("pdftotext", "-f", "1", "-l", "1", os.path.join(out, "cards", "km+en.pdf"), "-")[1]
    check(re.search(r"volante\s+\|\s+cards\s+\|\s+km\+en\s+\|.*1 up.*\|\s+2023-11-14", t), "card piece job line: %r" % t[-200:])

def content_ops(pdf, work):
    """{operator: count} over every content stream of PDF (pages, forms, patterns), from qpdf --qdf:
    strings, hex strings, names, comments and inline images are stepped over, never read as operators.
    Also whether the file names DeviceRGB anywhere, and the colour spaces of its images."""
    q = os.path.join(work, os.path.basename(pdf) + ".qdf")
    tool("qpdf", "--qdf", "--object-streams=disable", pdf, q)
    raw = open(q, "rb").read()
    ops, spaces = {}, set()
    for obj in raw.split(b"endobj"):
        m = re.search(rb"\n\d+ 0 obj\n(<<.*?>>)\nstream\n(.*)\nendstream", obj, re.S)
        if not m:
            continue
        d, body = m.group(1), m.group(2)
        if b"/Subtype /Image" in d:
            spaces |= set(re.findall(rb"/ColorSpace (/\w+)", d))
            continue
        if not (b"/Subtype /Form" in d or b"/PatternType" in d or b"%% Contents for page" in obj[:m.start()]):
            continue
        body = re.sub(rb"BI.*?\sID\s.*?\sEI(?=\s)", b" ", body, flags=re.S)
        body = re.sub(rb"\((?:\\.|[^()\\])*\)", b" ", body)  # strings (Cairo's hold no nested parentheses)
        body = re.sub(rb"<[0-9A-Fa-f\s]*>", b" ", body)
        body = re.sub(rb"%[^\n]*", b" ", body)
        body = re.sub(rb"/[^\s/\[\]()<>]*", b" ", body)
        for tok in re.findall(rb"[A-Za-z'\"*]+[0-9]*\*?", body):
            ops[tok.decode()] = ops.get(tok.decode(), 0) + 1
    return ops, b"DeviceRGB" in raw, spaces

@test("print.gray-operators")
def _(env):
    """--grayscale writes DeviceGray only: no RGB or CMYK colour operator in any content stream, no
    DeviceRGB named in the file, pictures gray; --ink-saver besides paints nothing (no fill, no bar,
    not even the white of the page); a colour render keeps its RGB."""
    lays = ("flyer", "handbill", "cards", "trifold", "bilingual")
    args = [a for l in lays for a in ("--layout", l)] + ["--lang", "ko", "--lang", "ar+en"]
    colour = ("rg", "RG", "k", "K", "sc", "SC", "scn", "SCN", "cs", "CS")
    fills = ("f", "F", "f*", "B", "B*", "b", "b*", "sh")
    # a picture on the flyer, so an image is drawn too
    content = env.content_copy("gray-ops")
    tool("convert", "-size", "300x200", "xc:#cc3344", os.path.join(content, "logo.png"))
    lay = os.path.join(env.tmp("gray-ops-layouts"), "layouts")
    shutil.copytree(os.path.join(env.src, "layouts"), lay)
    with open(os.path.join(lay, "flyer.ini"), "a") as f:
        f.write("\n[frame.logo]\nbox=0.8,0,0.2,0.06\nimage=logo.png\n")
    for flag in ("", "--grayscale", "--ink-saver"):
        out = env.tmp("gray-out" + flag)
        rc, so, se = env.run("render", "--content", content, "--layouts-dir", lay, "--out", out, *args,
                             *([flag] if flag else []))
        check(rc in (0, 1), "render %s: %d %s" % (flag, rc, se[-300:]))
        n = 0
        for root, _, files in os.walk(out):
            for f in files:
                if not f.endswith(".pdf"):
                    continue
                n += 1
                path = os.path.join(root, f)
                ops, rgb, spaces = content_ops(path, env.tmp("gray-ops-q"))
                name = os.path.relpath(path, out)
                if not flag:
                    check("rg" in ops and rgb, "%s in colour has no RGB: %s" % (name, sorted(ops)))
                    continue
                check(not [o for o in colour if o in ops], "%s %s: colour operators %s" % (name, flag, [o for o in colour if o in ops]))
                check("g" in ops and "G" in ops and "BT" in ops, "%s %s: no gray operator or text: %s" % (name, flag, sorted(ops)))
                check(not rgb, "%s %s names DeviceRGB" % (name, flag))
                check(spaces <= {b"/DeviceGray"}, "%s %s: pictures in %s" % (name, flag, spaces))
                if name.startswith("flyer"):
                    check(spaces == {b"/DeviceGray"}, "%s %s: the picture is not gray: %s" % (name, flag, spaces))
                if flag == "--ink-saver":
                    check(not [o for o in fills if o in ops], "%s --ink-saver fills: %s" % (name, {o: ops[o] for o in fills if o in ops}))
                elif name.startswith("flyer"):
                    check("f" in ops, "%s --grayscale: the bands and the page are not filled" % name)
        check(n == 7, "%s: %d PDFs" % (flag, n))
    # the QR codes still read without their white ground
    got = decode_qr(os.path.join(env.work, "gray-out--ink-saver", "flyer", "ko.pdf"), env.tmp("gray-ops-qr"))
    check(got == {"https://kiwa.org", "https://alotrolado.org"}, "--ink-saver QR codes decode to %s" % sorted(got))
