"""volante tests: bad input."""
from vtest import *

@test("bad.po-syntax")
def _(env):
    content = env.content_copy("po-syntax")
    po = os.path.join(content, "po", "es.po")
    lines = open(po, encoding="utf-8").read().split("\n")
    lines[30] = 'msgstr "sin cerrar'
    open(po, "w", encoding="utf-8").write("\n".join(lines))
    out = env.tmp("po-syntax-out")
    bad(env, "po-syntax", ["render", "--content", content, "--layout", "flyer", "--lang", "es", "--lang", "en", "--out", out],
        r"es\.po:31: ")
    check(not os.path.exists(os.path.join(out, "flyer", "es.pdf")), "a PDF from a broken PO")
    check(os.path.exists(os.path.join(out, "flyer", "en.pdf")), "other languages not rendered")

@test("bad.po-utf8")
def _(env):
    content = env.content_copy("po-utf8")
    po = os.path.join(content, "po", "es.po")
    data = open(po, "rb").read().split(b"\n")
    data[19] = b'msgstr "Solidaridad \xff\xfe"'
    open(po, "wb").write(b"\n".join(data))
    bad(env, "po-utf8", ["check", "--content", content, "--lang", "es"], r"es\.po:20: .*invalid UTF-8")

@test("bad.content-syntax")
def _(env):
    content = env.content_copy("content-syntax")
    ini = os.path.join(content, "volante.ini")
    s = open(ini, encoding="utf-8").read().split("\n")
    s.insert(20, "this line is not a key")
    open(ini, "w", encoding="utf-8").write("\n".join(s))
    out = env.tmp("content-syntax-out")
    bad(env, "content-syntax", ["render", "--content", content, "--out", out], r"volante\.ini:21: expected KEY=VALUE")
    check(not os.listdir(out), "files written from broken content")

@test("bad.content-markup")
def _(env):
    content = env.content_copy("content-markup")
    ini = os.path.join(content, "volante.ini")
    s = open(ini, encoding="utf-8").read().replace("text=<b>Over half</b>", "text=<b>Over half")
    open(ini, "w", encoding="utf-8").write(s)
    bad(env, "content-markup", ["check", "--content", content], r"volante\.ini:\d+: fact\.languages: the <b> .*never closed")

@test("bad.unknown-language")
def _(env):
    out = env.tmp("unknown-lang")
    bad(env, "unknown-language", ["render", "--content", env.content, "--lang", "xx", "--out", out], r"unknown language 'xx'")
    check(not os.listdir(out), "files written for an unknown language")

@test("bad.unknown-layout")
def _(env):
    bad(env, "unknown-layout", ["render", "--content", env.content, "--layout", "nosuch", "--out", env.tmp("ul")],
        r"unknown layout 'nosuch' \(known: bilingual, cards, event, flyer, handbill, postcard, poster, trifold\)")

@test("bad.unknown-paper")
def _(env):
    bad(env, "unknown-paper", ["render", "--content", env.content, "--paper", "b5", "--out", env.tmp("up")], r'unknown paper "b5"')

@test("bad.layout-negative-size")
def _(env):
    d = layout_dir(env, "neg", lambda s: s.replace("size=20\nsize-min=10", "size=-3\nsize-min=10", 1))
    out = env.tmp("neg-out")
    bad(env, "layout-negative", ["render", "--content", env.content, "--layouts-dir", d, "--lang", "es", "--out", out],
        r"flyer\.ini:\d+: .*\[style\.fact\] size: -3 is negative")
    check(not os.listdir(out), "a PDF from a broken layout")

@test("bad.layout-missing-size")
def _(env):
    d = layout_dir(env, "nosize", lambda s: s.replace("size=12.5\n", "", 1))
    bad(env, "layout-missing", ["check", "--content", env.content, "--layouts-dir", d], r"flyer\.ini:\d+: .*\[style\.body\] size: missing")

@test("bad.layout-missing-content")
def _(env):
    d = layout_dir(env, "nokey", lambda s: s.replace("content=headline", "content=slogan", 1))
    out = bad(env, "layout-key", ["check", "--content", env.content, "--layouts-dir", d, "--lang", "en"],
              r'flyer\.ini:\d+: .*slogan')
    check("missing-content" in out, out)

@test("bad.layout-unknown-key")
def _(env):
    d = layout_dir(env, "badkey", lambda s: s.replace("fill=#1d3557", "colour=#1d3557", 1))
    bad(env, "layout-key-typo", ["check", "--content", env.content, "--layouts-dir", d, "--lang", "en"],
        r"flyer\.ini:\d+: .*\[frame\.headline\] colour: unknown key")

@test("bad.print-layout-keys")
def _(env):
    """The print layouts' keys: a misspelt boolean, a piece larger than the sheet, folds out
    of order, too many columns: each one line with file:line, and nothing written."""
    cases = (("fill-bleed=true", "fill-bleed=yes", r"fill-bleed: \"yes\" is not true or false"),
             ("piece=3.5inx2in", "piece=2inx20in", r"piece: \"2inx20in\" .*larger than the paper"),
             ("default-set=false", "default-set=maybe", r"default-set: \"maybe\" is not true or false"),
             ("columns=3", "columns=9", r"columns: 9 is out of range"))
    for old, new, want in cases:
        d = env.tmp("badprint")
        s = open(os.path.join(env.src, "layouts", "cards.ini"), encoding="utf-8").read()
        check(old in s, "cards.ini has no %s" % old)
        open(os.path.join(d, "cards.ini"), "w", encoding="utf-8").write(s.replace(old, new, 1))
        out = os.path.join(d, "out")
        text = bad(env, "badprint", ["render", "--content", env.content, "--layouts-dir", d, "--layout", "cards",
                                     "--lang", "es", "--out", out], r"cards\.ini:\d+: error: .*" + want)
        check(len([l for l in text.splitlines() if "cards.ini" in l]) == 1, "more than one line: %s" % text)
        check(not os.path.exists(out) or not os.listdir(out), "%s: something was written" % new)
    d = env.tmp("badfolds")
    s = open(os.path.join(env.src, "layouts", "trifold.ini"), encoding="utf-8").read()
    s = re.sub(r"^folds=.*$", "folds=0.7,0.3", s, 1, re.M)
    open(os.path.join(d, "trifold.ini"), "w", encoding="utf-8").write(s)
    bad(env, "badfolds", ["check", "--content", env.content, "--layouts-dir", d, "--lang", "es"],
        r"trifold\.ini:\d+: error: .*folds: \"0\.7,0\.3\" is not up to 4 rising shares")
    # a two-page piece must be the whole sheet: only then are its folds and back worked out
    s = open(os.path.join(env.src, "layouts", "trifold.ini"), encoding="utf-8").read()
    open(os.path.join(d, "trifold.ini"), "w", encoding="utf-8").write(s.replace("pages=2", "pages=2\npiece=half", 1))
    bad(env, "badfolds", ["check", "--content", env.content, "--layouts-dir", d, "--lang", "es"],
        r"trifold\.ini:\d+: error: .*pages: 2 needs the piece to be the whole sheet")

@test("bad.megabyte-paragraph")
def _(env):
    content = env.content_copy("mega")
    po = os.path.join(content, "po", "es.po")
    set_msgstr(po, "stance", "palabra " * 131072)
    # CPU time, not wall time: the guard is against runaway work, and a loaded machine must not fail it.
    import resource
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = bad(env, "mega", ["check", "--content", content, "--lang", "es"], r"overflow",
              timeout=600)  # the wall-clock limit only catches a hang; the CPU limit below is the test (about 13 s user + 20 s system under ASan here)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime)
    check(cpu < 90, "a 1 MB paragraph took %.1f s of CPU" % cpu)

@test("bad.output-unwritable")
def _(env):
    d = env.tmp("unwritable")
    blocker = os.path.join(d, "file")
    open(blocker, "w").write("not a folder")
    bad(env, "unwritable", ["render", "--content", env.content, "--layout", "flyer", "--lang", "es", "--out", blocker],
        r"cannot (create folder|write)")

@test("bad.no-content")
def _(env):
    bad(env, "no-content", ["check", "--content", os.path.join(env.work, "does-not-exist")], r"no such content folder")
