"""volante tests: markup that differs from the source is a warning (the page is made); broken markup stays an error."""
from vtest import *

@test("markup.differs-is-warning")
def _(env):
    """A translator who drops <b> (bold reads badly in their script) gets a warning naming the tag, and
    the flyer is made with the text as written; render exits 0; the kiosk shows it too."""
    content = env.content_copy("dropped-b")
    po = os.path.join(content, "po", "es.po")
    text = strip_markup(po_msgstr(po, "fact.languages"))
    line = set_msgstr(po, "fact.languages", text)
    out = env.tmp("dropped-b-out")
    rc, so, se = env.run("render", "--content", content, "--layout", "flyer", "--lang", "es", "--out", out)
    pdf = os.path.join(out, "flyer", "es.pdf")
    check(rc == 0 and os.path.exists(pdf), "render refused a translation without <b>: %d %s" % (rc, se[-300:]))
    check(coverage(text, pdftext(pdf)) > 0.9, "the translation is not on the page")
    rc, j = problems(env, content, "--lang", "es", "--layout", "flyer")
    m = [p for p in j["problems"] if p["kind"] == "markup"]
    check(rc == 0 and len(m) == 1 and m[0]["severity"] == "warning", "check: rc %d, %s" % (rc, m))
    check("<b>" in m[0]["message"] and m[0]["line"] == line and m[0]["key"] == "fact.languages", "markup: %s" % m[0])
    rc, shots, stats, se = kiosk(env, "dropped-b-kiosk", ["shot a"], content=content, extra=("--lang", "es"))
    check(rc == 0 and os.path.exists(os.path.join(shots, "a.png")), "the kiosk refused the content: %d %s" % (rc, se[-300:]))

@test("markup.broken-is-error")
def _(env):
    """Broken markup (an unclosed <b>) still stops the page: an error at the PO line, no PDF."""
    content = env.content_copy("broken-b")
    po = os.path.join(content, "po", "es.po")
    line = set_msgstr(po, "fact.languages", "<b>Más de la mitad de las familias")
    out = env.tmp("broken-b-out")
    rc, so, se = env.run("render", "--content", content, "--layout", "flyer", "--lang", "es", "--out", out)
    check(rc == 1 and not os.path.exists(os.path.join(out, "flyer", "es.pdf")), "render: %d %s" % (rc, os.listdir(out)))
    check(re.search(r"es\.po:%d: error: .*markup" % line, se), "no markup error at es.po:%d: %s" % (line, se[-400:]))
