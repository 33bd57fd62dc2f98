"""volante tests: translators."""
from vtest import *
import glob

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

def pofilter_findings(po, work):
    """What translate-toolkit's pofilter finds in PO: {(msgctxt, check name)}. Fails if pofilter
    cannot read the file."""
    out = os.path.join(work, os.path.basename(po) + ".pofilter")
    rc, o, e = tool("pofilter", "--progress=none", po, out)
    check(rc == 0 and os.path.exists(out), "pofilter cannot read %s: %s" % (po, e[-300:]))
    found = set()
    for block in open(out, encoding="utf-8").read().split("\n\n"):
        ctx = re.search(r'^msgctxt "(.*)"', block, re.M)
        for name in re.findall(r"^# \(pofilter\) ([a-z]+):", block, re.M):
            found.add((ctx.group(1) if ctx else "", name))
    return found

@test("annotate.translator-tools")
def _(env):
    """After check --annotate on every shipped PO file (each with its notes), the translators' own
    tools read them as before: msgfmt -c is clean, and pofilter (translate-toolkit) reads each file
    and finds exactly what it found before the notes (its checks judge the translations, which
    --annotate never touches)."""
    content = env.content_copy("annotate-tools")
    work = env.tmp("annotate-tools-work")
    pos = sorted(glob.glob(os.path.join(content, "po", "*.po")))
    check(len(pos) == len(SHIPPED) - 1, "PO files: %s" % pos)
    for po in pos:  # a finding in each file for --annotate to note: a trailing space
        set_msgstr(po, "stance", po_msgstr(po, "stance") + " ")
    before = {po: pofilter_findings(po, work) for po in pos}
    rc, so, se = env.run("check", "--content", content, "--annotate")
    noted = [po for po in pos if "# volante:" in open(po, encoding="utf-8").read()]
    check(len(noted) == len(pos), "only %d of %d files got notes" % (len(noted), len(pos)))
    for po in pos:
        rc, o, e = tool("msgfmt", "-c", "-o", os.devnull, po)
        check(rc == 0 and not e.strip(), "msgfmt -c on %s: %s" % (po, e[-300:]))
        after = pofilter_findings(po, work)
        check(after == before[po], "%s: pofilter finds %s after --annotate, %s before"
              % (os.path.basename(po), sorted(after - before[po])[:3], sorted(before[po] - after)[:3]))
