"""volante tests: translators."""
from vtest import *

@test("proof.content")
def _(env):
    """The proof shows the translation beside the source, marks problems, and lists them with PO file:line."""
    content = env.content_copy("proof")
    po = os.path.join(content, "po", "es.po")
    line = set_msgstr(po, "headline", " ".join(["Solidaridad con nuestros vecinos inmigrantes"] * 12))
    out = os.path.join(env.tmp("proof-out"), "proof.pdf")
    rc, so, se = env.run("proof", "--content", content, "--lang", "es", "--layout", "flyer", "--out", out)
    check(rc == 0 and os.path.exists(out), "proof: rc=%d %s" % (rc, se))
    text = pdftext(out)
    flat = re.sub(r"\s+", " ", text)
    stance = strip_markup(po_msgstr(po, "stance"))
    check(coverage(stance, text) > 0.9, "the translation is not on the proof")
    check("Much more can and should be done" in flat, "the English source is not beside it")
    check("OVERFLOW" in text, "the overflowing frame is not marked")
    check("DRAFT" in text, "the draft is not watermarked")
    check(re.search(r"overflow · es\.po:%d · headline" % line, flat), "the table lacks the overflow with es.po:%d" % line)
    check(re.search(r"draft ×\d+ · es\.po:", flat), "the table lacks the drafts")
    check(int(pdfinfo(out)["Pages"]) >= 1, "no pages")

@test("proof.contact-sheet")
def _(env):
    out = os.path.join(env.tmp("contact"), "proof.pdf")
    rc, so, se = env.run("proof", "--content", env.content, "--layout", "flyer", "--out", out)
    check(rc == 0, "proof: %s" % se)
    pages = int(pdfinfo(out)["Pages"])
    rc, last, e = tool("pdftotext", "-f", str(pages), "-l", str(pages), out, "-")
    check("Contact sheet, layout flyer: 16 languages" in last, "no contact sheet of the 16 languages: %r" % last[:200])
    for lang in ("ko", "fa", "km"):
        check(re.search(r"^%s$" % lang, last, re.M), "contact sheet lacks %s" % lang)

@test("watch.proof")
def _(env):
    content = env.content_copy("watch-proof")
    out = os.path.join(env.tmp("watch-proof-out"), "proof.pdf")
    took = watching(env, ["proof", "--content", content, "--lang", "es", "--layout", "flyer", "--out", out], out,
                    os.path.join(content, "po", "es.po"), "allies", "Zorblax")
    check(took is not None, "the proof was not rewritten after a PO change")
    print("proof rewritten %.0f ms after the change" % (took * 1000))

@test("watch.render")
def _(env):
    content = env.content_copy("watch-render")
    out = env.tmp("watch-render-out")
    target = os.path.join(out, "flyer", "es.pdf")
    took = watching(env, ["render", "--content", content, "--lang", "es", "--layout", "flyer", "--out", out], target,
                    os.path.join(content, "po", "es.po"), "allies", "Quintessa")
    check(took is not None, "the flyer was not rendered again after a PO change")
    print("flyer rewritten %.0f ms after the change" % (took * 1000))

@test("annotate.po")
def _(env):
    """check --annotate writes findings as '# volante:' comments: valid PO, msgstr untouched,
    translator comments kept, idempotent, and gone once the problem is fixed."""
    content = env.content_copy("annotate")
    po = os.path.join(content, "po", "es.po")
    long = " ".join(["Solidaridad con nuestros vecinos inmigrantes"] * 12)
    set_msgstr(po, "headline", long)
    before = tool("msgcat", "--no-wrap", "-o", "-", po)[1]
    strip = lambda s: "\n".join(l for l in s.split("\n") if not l.startswith("# volante:"))
    rc, so, se = env.run("check", "--content", content, "--annotate")
    text = open(po, encoding="utf-8").read()
    check(re.search(r"# volante: overflow in [a-z, ]*flyer[a-z, ]*: .*\n(#.*\n)*msgctxt \"headline\"", text), "no overflow note on the entry")
    check("# Draft translation: please have a native speaker review it." in text, "translator comments lost")
    check(tool("msgfmt", "--check", "-o", os.devnull, po)[0] == 0, "not a valid PO file after --annotate")
    check(strip(tool("msgcat", "--no-wrap", "-o", "-", po)[1]) == strip(before), "entries changed by --annotate")
    once = open(po, "rb").read()
    env.run("check", "--content", content, "--annotate")
    check(open(po, "rb").read() == once, "--annotate is not idempotent")
    set_msgstr(po, "headline", "Apoyemos a nuestros vecinos inmigrantes")
    env.run("check", "--content", content, "--annotate")
    check("# volante: overflow" not in open(po, encoding="utf-8").read(), "a fixed problem's note stayed")
    others = os.path.join(content, "po", "ko.po")
    check("# volante:" not in open(others, encoding="utf-8").read(), "a PO file without findings was annotated")
