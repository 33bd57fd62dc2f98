"""volante tests: layouts."""
from vtest import *

@test("layout.bilingual-pair")
def _(env):
    out = env.tmp("pair")
    rc, so, se = env.run("render", "--content", env.content, "--layout", "bilingual", "--lang", "ko+es", "--out", out)
    check(rc == 0, "render: %s" % se)
    text = pdftext(os.path.join(out, "bilingual", "ko+es.pdf"))
    for lang in ("ko", "es"):
        h = strip_markup(po_msgstr(os.path.join(env.content, "po", lang + ".po"), "headline"))
        check(coverage(h, text) > 0.9, "%s headline missing from the pair" % lang)

@test("layout.paper-reflow")
def _(env):
    for paper, size in (("a4", (595, 842)), ("legal", (612, 1008)), ("tabloid", (792, 1224)), ("letter", (612, 792))):
        out = env.tmp("paper-" + paper)
        rc, so, se = env.run("render", "--content", env.content, "--layout", "flyer", "--layout", "poster",
                             "--lang", "km", "--paper", paper, "--out", out)
        check(rc == 0, "%s: %s" % (paper, se))
        for lay in ("flyer", "poster"):
            got = page_size(os.path.join(out, lay, "km.pdf"))
            check(got == size, "%s on %s: %s" % (lay, paper, got))

@test("layout.new-language")
def _(env):
    """Adding a language is dropping a PO file: Hebrew, right-to-left, no code change."""
    content = env.content_copy("hebrew")
    src = os.path.join(content, "po", "es.po")
    dst = os.path.join(content, "po", "he.po")
    s = open(src, encoding="utf-8").read().replace("Language: es", "Language: he")
    open(dst, "w", encoding="utf-8").write(s)
    for key in ("headline", "stance", "fact.undocumented", "fact.languages", "allies", "ally.ice-out-of-la.summary",
                "ally.kiwa.summary", "ally.al-otro-lado.summary", "ally.ice-out-of-la.description",
                "ally.kiwa.description", "ally.al-otro-lado.description"):
        text = "טקסט בדיקה בעברית"  # test text only, not a translation
        # The fact's numbers are kept (check's `number`): 10% twice, as the English has them.
        fact = "<b>10%</b> בדיקה בעברית 10%" if key == "fact.undocumented" else "<b>טקסט</b> בדיקה בעברית"
        set_msgstr(dst, key, fact if key.startswith("fact.") else text)
    rc, j = problems(env, content, "--lang", "he")
    check(j["errors"] == 0, "he: %s" % [p for p in j["problems"] if p["severity"] == "error"][:3])
    out = env.tmp("hebrew-out")
    rc, so, se = env.run("render", "--content", content, "--lang", "he", "--layout", "flyer", "--out", out)
    pdf = os.path.join(out, "flyer", "he.pdf")
    check(rc == 0 and any("Hebrew" in f for f in pdffonts(pdf)), "he: %s %s" % (se, pdffonts(pdf)))
    rc, o, e = env.run("langs", "--content", content, "--json")
    he = [r for r in json.loads(o) if r["code"] == "he"][0]
    check(he["direction"] == "rtl" and he["name"] == "עברית", "he: %s" % he)

@test("layout.korean-words", "all")
def _(env):
    """Korean lines break between words (at spaces), never inside one."""
    words = set()
    po = os.path.join(env.content, "po", "ko.po")
    for key in ("stance", "fact.undocumented", "ally.kiwa.summary", "ally.al-otro-lado.summary"):
        words |= set(strip_markup(po_msgstr(po, key)).split())
    lines = [l.strip() for l in pdftext(os.path.join(env.all, "flyer", "ko.pdf")).splitlines() if l.strip()]
    split = [(a.split()[-1], b.split()[0]) for a, b in zip(lines, lines[1:])
             if a.split()[-1] + b.split()[0] in words]
    check(not split, "Korean words cut at line ends: %s" % split[:5])
    check(len(lines) > 10, "too few lines to judge")

@test("layout.lao-breaks")
def _(env):
    """Lao is written without spaces: its lines break at ICU's word boundaries
    instead of overflowing (Pango alone breaks it only at spaces)."""
    content = env.content_copy("lao")
    dst = os.path.join(content, "po", "lo.po")
    s = open(os.path.join(content, "po", "es.po"), encoding="utf-8").read().replace("Language: es", "Language: lo")
    open(dst, "w", encoding="utf-8").write(s)
    run = "ພວກເຮົາຢືນຢູ່ຄຽງຂ້າງເພື່ອນບ້ານຜູ້ອົບພະຍົບຂອງພວກເຮົາ"  # test text only
    set_msgstr(dst, "stance", run * 3)
    rc, j = problems(env, content, "--lang", "lo", "--layout", "flyer")
    errs = [p for p in j["problems"] if p["severity"] == "error"]
    check(not errs, "lo: %s" % [(p["kind"], p["key"], p["message"][:80]) for p in errs])
    out = env.tmp("lao-out")
    rc, so, se = env.run("render", "--content", content, "--lang", "lo", "--layout", "flyer", "--out", out)
    text = pdftext(os.path.join(out, "flyer", "lo.pdf"))
    lines = [l for l in text.splitlines() if "ພວກ" in l or "ເຮົາ" in l]
    check(len(lines) >= 2, "the Lao stance did not break into lines: %r" % lines)
    check(any("Lao" in f for f in pdffonts(os.path.join(out, "flyer", "lo.pdf"))), "no Noto Sans Lao")

@test("pseudo.ploc")
def _(env):
    """qps-ploc: every text accented, bracketed and about 40% longer than English."""
    out = env.tmp("ploc")
    rc, so, se = env.run("render", "--content", env.content, "--layout", "flyer", "--lang", "qps-ploc",
                         "--lang", "en", "--out", out)
    check(rc == 0, "render: %s" % se)
    a = IGNORABLE.sub("", pdftext(os.path.join(out, "flyer", "qps-ploc.pdf")))
    b = IGNORABLE.sub("", pdftext(os.path.join(out, "flyer", "en.pdf")))
    accented = len(re.findall(r"[\u00C0-\u024F\u1E00-\u1EFF]", a))
    check(accented > 200, "only %d accented letters" % accented)
    check(len(a) > 1.25 * len(b), "pseudo text %d chars vs English %d" % (len(a), len(b)))
    check(a.count("[") >= 10 and "Šţåñð" in a, "strings are not bracketed and accented")
    check(not re.search(r"\bStand\b|\bimmigrants\b", a), "plain English left in the pseudo-locale")
    rc, j = problems(env, env.content, "--lang", "qps-ploc")
    check(j["errors"] == 0, "qps-ploc does not fit: %s" % [p["message"] for p in j["problems"]][:3])

@test("pseudo.plocm")
def _(env):
    """qps-plocm: the same text, laid out right to left: lines end at the right margin."""
    out = env.tmp("plocm")
    rc, so, se = env.run("render", "--content", env.content, "--layout", "flyer", "--lang", "qps-plocm", "--out", out)
    check(rc == 0, "render: %s" % se)
    lines = line_edges(os.path.join(out, "flyer", "qps-plocm.pdf"))
    check(sum(1 for a, b in lines if b > 560) >= 8, "mirrored lines do not end at the right margin")
    check(sum(1 for a, b in lines if a < 60 and b < 500) <= 2, "mirrored lines start at the left margin")
