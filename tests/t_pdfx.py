"""volante tests: PDF/X-4 for a print shop (--pdfx) and PDF/UA-1 for screen readers (everything else),
read back through qpdf (tests/pdfua.py parses objects and content streams)."""
import glob
import pdfua
from vtest import *

def colour_ops(doc, data, found, text_fills):
    """Walks a content stream: colour operators into FOUND, the fill colour of each text-showing operator
    into TEXT_FILLS (as (operator, values))."""
    fill, saved, operands = ("g", (0.0,)), [], []
    for kind, tok in pdfua.tokens(data):
        if kind == "obj":
            operands.append(tok)
            continue
        nums = tuple(float(x) for x in operands if re.match(rb"^[-+]?[\d.]+$", x))
        if tok in ("rg", "RG", "k", "K", "g", "G", "sc", "SC", "scn", "SCN", "cs", "CS"):
            found.add(tok if tok not in ("cs", "CS") else tok + " " + operands[0].decode("latin-1"))
        if tok in ("rg", "k", "g", "sc", "scn"):
            fill = (tok, nums)
        elif tok == "q":
            saved.append(fill)
        elif tok == "Q" and saved:
            fill = saved.pop()
        elif tok in ("Tj", "TJ", "'", '"'):
            text_fills.add(fill)
        operands = []

def streams(doc, page):
    """Each content stream PAGE draws with: its own, then its forms' (depth first)."""
    contents = page.get("/Contents")
    yield b"".join(doc.data(c) for c in contents) if isinstance(contents, list) else doc.data(contents)
    todo, seen = [page.get("/Resources", {})], set()
    while todo:
        res = doc.d(todo.pop())
        for x in doc.d(res.get("/XObject", {})).values():
            if x in seen:
                continue
            seen.add(x)
            xd = doc.d(x)
            if xd.get("/Subtype") == "/Form":
                yield doc.data(x)
                todo.append(xd.get("/Resources", {}))

def pdfx_problems(pdf):
    doc = pdfua.Doc(pdf)
    out = []
    cat = doc.d(doc.objs["trailer"]["value"]["/Root"])
    intents = [doc.d(i) for i in doc.get(cat.get("/OutputIntents", [])) or []]
    if not any(i.get("/S") == "/GTS_PDFX" and doc.d(i.get("/DestOutputProfile")).get("/N") == 4 for i in intents):
        out.append("no PDF/X output intent with a CMYK profile")
    xmp = doc.data(cat["/Metadata"]).decode("utf-8", "replace") if "/Metadata" in cat else ""
    for key, want in (("pdfxid:GTS_PDFXVersion", "PDF/X-4"), ("pdf:Trapped", "False"), ("xmpMM:DocumentID", "uuid:"),
                      ("xmpMM:VersionID", ""), ("xmp:CreateDate", "")):
        m = re.search(r"<%s>([^<]*)</%s>" % (key, key), xmp)
        if not m or not m.group(1).startswith(want):
            out.append("XMP has no %s %s" % (key, want))
    if not re.search(r"<dc:title>.*?<rdf:li[^>]*>[^<]+</rdf:li>", xmp, re.S):
        out.append("XMP has no dc:title")
    for n, (ref, page) in enumerate(pdfua.pages(doc, cat and doc.objs["trailer"]["value"]["/Root"]), 1):
        for box in ("/TrimBox", "/BleedBox"):
            if box not in page:
                out.append("page %d has no %s" % (n, box))
        if page.get("/Annots"):
            out.append("page %d has annotations" % n)
        group = doc.d(page.get("/Group", {}))
        if group.get("/CS") == "/DeviceRGB":
            out.append("page %d blends in RGB" % n)
        found, fills = set(), set()
        for data in streams(doc, page):
            colour_ops(doc, data, found, fills)
        rgb = sorted(op for op in found if op in ("rg", "RG") or "RGB" in op or op.startswith("cs") or op.startswith("CS"))
        if rgb:
            out.append("page %d sets colours in RGB: %s" % (n, ", ".join(rgb)))
        for op, v in sorted(fills):
            if op != "k" or len(v) != 4:
                out.append("page %d: text drawn in %s %s, not CMYK" % (n, op, v))
            elif v[3] > 0.5 and v[0] + v[1] + v[2] > 0:
                out.append("page %d: text in rich black %s" % (n, v))
    return out

@test("pdfx.cmyk")
def _(env):
    # The layouts a shop prints, in a left-to-right, a CJK, a right-to-left and a complex script.
    out = render_print(env, "pdfx", "--pdfx", "-q", "--layout", "flyer", "--layout", "handbill", "--layout", "trifold",
                       "--layout", "cards", "--lang", "en", "--lang", "ko", "--lang", "ar", "--lang", "km",
                       "--lang", "ko+en", "--lang", "ar+en", "--lang", "km+en")
    files = sorted(glob.glob(os.path.join(out, "*", "*.pdf")))
    check(len(files) == 15, "15 PDFs expected (flyer, handbill, trifold x 4 + cards x 3), got %d" % len(files))
    bad = []
    for f in files:
        bad += ["%s: %s" % (os.path.relpath(f, out), p) for p in pdfx_problems(f)]
        rc, so, se = tool("gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=nullpage", f)
        if rc != 0 or "rror" in so + se:
            bad.append("%s: Ghostscript: %s" % (os.path.relpath(f, out), (so + se)[:200]))
    check(not bad, "PDF/X problems:\n" + "\n".join(bad[:20]))
    # Black body text and QR codes are on the black plate alone: 0 0 0 K.
    doc = pdfua.Doc(os.path.join(out, "flyer", "en.pdf"))
    page = pdfua.pages(doc, doc.objs["trailer"]["value"]["/Root"])[0][1]
    body = b"".join(streams(doc, page))
    check(re.search(rb"\b0 0 0 0\.894\d* k", body), "body text (#1b1b1b) is not 0 0 0 0.894 k")
    check(b"0 0 0 1 K" in body, "QR codes (stroked modules) are not 0 0 0 1 K")

@test("pdfx.qr-codes-decode")
def _(env):
    out = render_print(env, "pdfx-qr", "--pdfx", "-q", "--layout", "flyer", "--lang", "es")
    pdf = os.path.join(out, "flyer", "es.pdf")
    work = env.tmp("pdfx-qr-png")
    rc, so, se = tool("gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=png16m", "-r200",
                      "-sOutputFile=" + os.path.join(work, "p%d.png"), pdf)
    check(rc == 0, "Ghostscript cannot render %s: %s" % (pdf, se[:300]))
    got = set()
    for png in glob.glob(os.path.join(work, "p*.png")):
        got |= {x.strip() for x in tool("zbarimg", "-q", "--raw", png)[1].splitlines() if x.strip()}
    want = {"https://kiwa.org", "https://alotrolado.org"}
    check(want <= got, "QR codes read back from the CMYK page as %s, want %s" % (sorted(got), sorted(want)))

@test("pdfx.refused-with")
def _(env):
    for other in ("--grayscale", "--ink-saver"):
        rc, so, se = env.run("render", "--pdfx", other, "--out", env.tmp("pdfx-gray"), "--layout", "flyer", "--lang", "en")
        check(rc == 2, "--pdfx %s exited %d" % (other, rc))
        want = "volante render: --pdfx goes to a colour press; %s is for an office printer: use one of them\n" % other
        check(se == want, "--pdfx %s said %r, want %r" % (other, se, want))

@test("pdfua.default-set", fixture="all")
def _(env):
    files = sorted(glob.glob(os.path.join(env.all, "*", "*.pdf")))
    check(len(files) >= 47, "the default set has %d PDFs" % len(files))
    bad = ["%s: %s" % (os.path.relpath(f, env.all), p) for f in files for p in pdfua.check(f)]
    check(not bad, "%d PDF/UA problems, first:\n%s" % (len(bad), "\n".join(bad[:15])))

@test("pdfua.imposed-and-marks")
def _(env):
    out = render_print(env, "pdfua-imposed", "-q", "--layout", "trifold", "--layout", "cards", "--layout", "handbill",
                       "--layout", "postcard", "--lang", "fa", "--lang", "th", "--lang", "fa+en", "--lang", "th+en",
                       "--bleed", "0.125in", "--marks")
    files = sorted(glob.glob(os.path.join(out, "*", "*.pdf")))
    check(len(files) == 8, "8 PDFs expected, got %d" % len(files))
    bad = ["%s: %s" % (os.path.relpath(f, out), p) for f in files for p in pdfua.check(f)]
    check(not bad, "PDF/UA problems:\n" + "\n".join(bad[:15]))
    # The notice that a translation is a draft is read out, in English.
    doc = pdfua.Doc(os.path.join(out, "trifold", "fa.pdf"))
    notes = []
    pdfua.struct_walk(doc, doc.d(doc.d(doc.objs["trailer"]["value"]["/Root"])["/StructTreeRoot"]).get("/K"),
                      lambda ref, el: notes.append(el) if el.get("/S") == "/Note" else None)
    check(notes and all(pdfua.text(n.get("/Lang")) == "en" for n in notes), "the draft notice is not a Note in English")

@test("pdfua.checker-fails")
def _(env):
    """The checker is not a test that cannot fail: a rule drawn outside tagged content, a link without its
    text and a skipped heading level are each found."""
    out = render_print(env, "pdfua-plant", "-q", "--layout", "flyer", "--lang", "vi")
    pdf = os.path.join(out, "flyer", "vi.pdf")
    check(pdfua.check(pdf) == [], "the flyer itself fails: %s" % pdfua.check(pdf))
    qdf = os.path.join(out, "qdf.pdf")
    check(tool("qpdf", "--qdf", "--object-streams=disable", pdf, qdf)[0] == 0, "qpdf --qdf failed")
    text = open(qdf, "rb").read()
    def planted(name, old, new):
        i = text.find(old)
        check(i >= 0, "nothing to plant %s at" % name)
        bad = os.path.join(out, name + ".pdf")
        open(bad + ".qdf", "wb").write(text[:i] + new + text[i + len(old):])
        fixed = subprocess.run(["fix-qdf", bad + ".qdf"], capture_output=True)
        check(fixed.returncode == 0, "fix-qdf: %s" % fixed.stderr[:200])
        open(bad, "wb").write(fixed.stdout)
        return pdfua.check(bad)
    # A rule drawn after everything else, outside any marked content.
    got = planted("rule", b"\nQ\nendstream", b"\n0 0 m 100 0 l S\nQ\nendstream")
    check(any("'S' paints outside tagged content" in p for p in got), "an untagged rule passed: %s" % got)
    got = planted("link", b"/Contents (https://", b"/Kontents (https://")
    check(any("a link without /Contents" in p for p in got), "a link without its text passed: %s" % got)
    got = planted("heading", b"/S /H2", b"/S /H3")
    check(any("a level skipped" in p for p in got), "a skipped heading level passed: %s" % got)

@test("pdfx.rich-black-check")
def _(env):
    """check warns of small dark text in a colour, which a press prints in four inks, at the frame's line;
    the shipped layouts' colours (black and gray text, the navy links) give no such warning."""
    rc, so, se = env.run("check", "--layout", "flyer", "--layout", "handbill", "--layout", "cards", "--layout",
                         "trifold", "--lang", "en", "--lang", "ko")
    check("rich-black" not in so + se, "shipped layouts warn of rich black: %s" % (so + se)[-400:])
    d = layout_dir(env, "rich-black", lambda s: re.sub(r"(\[style\.body\][^\[]*?)color=#[0-9a-fA-F]{6}", r"\1color=#1a1a3a",
                                                         s, flags=re.S))
    rc, so, se = env.run("check", "--layouts-dir", d, "--layout", "flyer", "--lang", "es")
    out = so + se
    path = os.path.join(d, "flyer.ini")
    m = re.search(r"^(.*?flyer\.ini):(\d+): warning: \[es\] in flyer: frame \"(\w+)\": [\d.]+ pt text in #1a1a3a prints in "
                  r"four inks on a press \(C(\d+) M(\d+) Y(\d+) K(\d+) with --pdfx\).*\(rich-black\)$", out, re.M)
    check(m, "no rich-black warning for #1a1a3a body text: %s" % out[-600:])
    check(int(m.group(2)) == line_of(path, "[frame.%s]" % m.group(3)), "warning at line %s, not the frame's" % m.group(2))
