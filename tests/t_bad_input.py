"""volante tests: bad input that needs more than one run or file to show (the one-file cases are the
catalog in tests/bad/, run by t_bad.py)."""
from vtest import *

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
    """A paragraph of a megabyte in the English: the typesetter gives up on it quickly, blamed on its
    line. (In a PO file, a megabyte is refused before it is read: the catalog's po-paragraph-10mb.)"""
    content = env.content_copy("mega")
    ini = os.path.join(content, "volante.ini")
    s = open(ini, encoding="utf-8").read()
    s = re.sub(r"(?m)^(\[stance\]\ntext=).*$", lambda m: m.group(1) + "word " * 209716, s, count=1)
    open(ini, "w", encoding="utf-8").write(s)
    line = line_of(ini, "[stance]") + 1
    # CPU time, not wall time: the guard is against runaway work, and a loaded machine must not fail it.
    import resource
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    bad(env, "mega", ["check", "--content", content, "--lang", "en"],
        r"volante\.ini:%d: error: \[en\] stance, in .*: the text \(1048580 characters\) is far too long for its frame" % line)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime)
    check(cpu < 30, "a 1 MB paragraph took %.1f s of CPU" % cpu)
