"""volante tests: default set."""
from vtest import *

@test("setup.render-all")
def _(env):
    shutil.rmtree(env.all, ignore_errors=True)
    t0 = time.time()
    # a limit against a hang, not a speed test (bench/ measures speed): a loaded machine takes minutes
    rc, out, err = env.run("render", "--content", env.content, "--out", env.all, timeout=1200)
    check(rc == 0, "render exited %d: %s" % (rc, err[-400:]))
    check("0 errors" in err, "render summary: %r" % err[-200:])
    print("full render: %.2f s" % (time.time() - t0))

@test("render.matrix", "all")
def _(env):
    ls = langs(env)
    for lay in ("flyer", "poster"):
        for l in ls:
            check(os.path.exists(os.path.join(env.all, lay, l + ".pdf")), "no %s/%s.pdf" % (lay, l))
    for l in ls[1:]:
        check(os.path.exists(os.path.join(env.all, "bilingual", l + "+en.pdf")), "no bilingual/%s+en.pdf" % l)
    check(not os.path.exists(os.path.join(env.all, "bilingual", "en.pdf")), "bilingual en alone")
    leftovers = [f for r, _, fs in os.walk(env.all) for f in fs if ".tmp." in f]
    check(not leftovers, "temporary files left: %s" % leftovers)

@test("fonts.per-script", "all")
def _(env):
    for lang, face in FACES.items():
        fonts = pdffonts(os.path.join(env.all, "flyer", lang + ".pdf"))
        check(any(face in f for f in fonts), "%s: expected %s, got %s" % (lang, face, fonts))
        check(all("+" in f for f in fonts), "%s: a font is not subset: %s" % (lang, fonts))
    for r, _, fs in os.walk(env.all):
        for f in fs:
            fonts = pdffonts(os.path.join(r, f))
            check(not any("DejaVu" in x or "Liberation" in x for x in fonts), "%s: machine font %s" % (f, fonts))
    # Han characters take the regional face: never the Japanese face for Chinese.
    for lang in ("zh-Hans", "zh-Hant", "ko"):
        fonts = pdffonts(os.path.join(env.all, "flyer", lang + ".pdf"))
        check(not any("CJKjp" in f for f in fonts), "%s uses the Japanese face: %s" % (lang, fonts))

@test("fonts.notice-subset", "all")
def _(env):
    """The draft notice names the language in its own face (한국어): those few
    glyphs are subset like the page's text, not embedded with the whole CJK
    font's subroutines (27 to 54 kB each, and Cairo read all 16 MB of the
    collection into memory to make them)."""
    def programs(pdf):
        raw = open(pdf, "rb").read()
        objs = {int(n): body for n, body in re.findall(rb"(\d+) 0 obj\s*(.*?)endobj", raw, re.S)}
        out = []
        for body in objs.values():
            name, prog = re.search(rb"/FontName /[A-Z]{6}\+([^\s/]+)", body), re.search(rb"/FontFile3 (\d+) 0 R", body)
            if name and prog:
                length = re.search(rb"/Length (\d+)", objs.get(int(prog.group(1)), b""))
                out.append((name.group(1).decode(), int(length.group(1)) if length else -1))
        return out
    for lang in ("ja", "ko", "zh-Hans", "zh-Hant"):
        pdf = os.path.join(env.all, "flyer", lang + ".pdf")
        autonym = {"ja": "日本語", "ko": "한국어", "zh-Hans": "简体中文", "zh-Hant": "繁體中文"}[lang]
        check("DRAFT translation (%s, %s)" % (autonym, lang) in pdftext(pdf), "%s: no draft notice naming %s" % (lang, autonym))
        regular = sorted(n for f, n in programs(pdf) if f == FACES[lang] + "-Regular")
        check(len(regular) == 2, "%s: the page's and the notice's %s-Regular, got %s" % (lang, FACES[lang], programs(pdf)))
        check(regular[0] < 4096, "%s: the notice's font program is %d bytes (its name alone)" % (lang, regular[0]))

@test("pdf.page-sizes", "all")
def _(env):
    check(page_size(os.path.join(env.all, "flyer", "es.pdf")) == (612, 792), "flyer is not letter")
    check(page_size(os.path.join(env.all, "poster", "es.pdf")) == (792, 1224), "poster is not tabloid")
    check(page_size(os.path.join(env.all, "bilingual", "es+en.pdf")) == (612, 792), "bilingual is not letter")

@test("pdf.metadata-links", "all")
def _(env):
    pdf = os.path.join(env.all, "flyer", "es.pdf")
    info = pdfinfo(pdf)
    title = strip_markup(po_msgstr(os.path.join(env.content, "po", "es.po"), "headline"))
    check(info.get("Title") == title, "title %r, want %r" % (info.get("Title"), title))
    check(info.get("Creator", "").startswith("volante"), "creator %r" % info.get("Creator"))
    check("Los Angeles" in info.get("Subject", ""), "subject %r" % info.get("Subject"))
    check(info.get("CreationDate"), "no creation date from SOURCE_DATE_EPOCH")
    raw = open(pdf, "rb").read()
    for uri in (b"https://kiwa.org", b"https://alotrolado.org"):
        check(re.search(rb"/URI\s*\(" + re.escape(uri), raw), "no link to %s" % uri.decode())
    uris = re.findall(rb"/URI\s*\(([^)]*)\)", raw)
    check(sorted(uris) == [b"https://alotrolado.org", b"https://kiwa.org"], "links: %s" % uris)

@test("pdf.deterministic")
def _(env):
    out = [env.tmp("det%d" % k) for k in range(2)]
    for o in out:
        rc, so, se = env.run("render", "--content", env.content, "--layout", "flyer", "--lang", "ko",
                             "--lang", "fa", "--lang", "es", "--out", o)
        check(rc == 0, "render: %s" % se)
    for l in ("ko", "fa", "es"):
        a = open(os.path.join(out[0], "flyer", l + ".pdf"), "rb").read()
        b = open(os.path.join(out[1], "flyer", l + ".pdf"), "rb").read()
        check(a == b, "%s: two renders differ" % l)

@test("rtl.mirrored", "all")
def _(env):
    """Right-to-left flyers line up on the right margin; left-to-right on the left."""
    def edges(pdf):
        rc, out, err = tool("pdftotext", "-bbox-layout", pdf, "-")
        return [(float(a), float(b)) for a, b in re.findall(r'<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"', out)]
    for lang in ("fa", "ar"):
        lines = edges(os.path.join(env.all, "flyer", lang + ".pdf"))
        right = sum(1 for a, b in lines if b > 560)
        left = sum(1 for a, b in lines if a < 60 and b < 500)
        check(right >= 8, "%s: only %d lines end at the right margin" % (lang, right))
        check(left <= 2, "%s: %d lines start at the left margin" % (lang, left))
    lines = edges(os.path.join(env.all, "flyer", "en.pdf"))
    check(sum(1 for a, b in lines if a < 60) >= 8, "en does not start at the left margin")

@test("check.shipped")
def _(env):
    rc, out, err = env.run("check", "--content", env.content, "--json")
    j = json.loads(out)
    check(rc == 0 and j["errors"] == 0, "shipped content has errors: %s" % [p for p in j["problems"] if p["severity"] == "error"][:3])
    check(j["warnings"] > 0 and all(p["kind"] == "draft" for p in j["problems"]),
          "unexpected warnings: %s" % sorted(set(p["kind"] for p in j["problems"])))
    p = j["problems"][0]
    for f in ("severity", "kind", "lang", "layout", "key", "file", "line", "message"):
        check(f in p, "problem lacks %s" % f)
    check(p["file"].endswith(".po") and p["line"] > 0, "draft without file:line: %s" % p)
