"""volante tests: the layout format as one table (src/keys.c, keys[] in src/template.c, src/piece.c)."""
from vtest import *

KEYS_BLOCK = re.compile(r"<!-- keys (\w+) -->\n.*?<!-- /keys -->\n", re.S)

@test("format.reference")
def _(env):
    """layouts/README.md's key tables are the ones the parser reads (`volante layouts --keys`).
    VOLANTE_UPDATE_REFS=1 writes them into the README."""
    rc, out, err = env.run("layouts", "--keys")
    check(rc == 0, "layouts --keys exited %d: %s" % (rc, err))
    got = {m.group(1): m.group(0) for m in KEYS_BLOCK.finditer(out)}
    check(set(got) == {"layout", "style", "frame", "piece"}, "layouts --keys printed %s" % sorted(got))
    for g in ("layout", "style", "frame"):
        check(got[g].count("\n| `") >= 5, "the %s table is nearly empty: %s" % (g, got[g][:200]))
    path = os.path.join(env.src, "layouts", "README.md")
    readme = open(path, encoding="utf-8").read()
    if os.environ.get("VOLANTE_UPDATE_REFS"):
        readme = KEYS_BLOCK.sub(lambda m: got[m.group(1)], readme)
        open(path, "w", encoding="utf-8").write(readme)
    have = {m.group(1): m.group(0) for m in KEYS_BLOCK.finditer(readme)}
    for g, text in got.items():
        check(g in have, "layouts/README.md has no generated table '%s' (<!-- keys %s -->)" % (g, g))
        if have[g] != text:
            a, b = have[g].splitlines(), text.splitlines()
            diff = [(x, y) for x, y in zip(a + [""] * len(b), b + [""] * len(a)) if x != y][:2]
            raise Fail("layouts/README.md's %s table differs from the code (VOLANTE_UPDATE_REFS=1 rewrites it): %s"
                       % (g, diff))

def lines_of(text, name):
    return sorted({int(n) for n in re.findall(re.escape(name) + r":(\d+): error", text)})

@test("format.three-mistakes")
def _(env):
    """Three planted mistakes (a misspelt key, a bad color, a negative size) give three errors,
    each at its own line, in one run; nothing is rendered from the layout."""
    d = layout_dir(env, "three", lambda s: s.replace("size-min=22", "size-mni=22", 1)
                   .replace("color=#1d3557", "color=#1d35zz", 1).replace("size=20\n", "size=-20\n", 1))
    p = os.path.join(d, "flyer.ini")
    want = [line_of(p, "size-mni=22"), line_of(p, "color=#1d35zz"), line_of(p, "size=-20")]
    rc, so, se = env.run("check", "--content", env.content, "--layouts-dir", d, "--layout", "flyer", "--lang", "en")
    check(rc == 1, "check exited %d" % rc)
    check(lines_of(so + se, "flyer.ini") == want, "errors at lines %s, want %s:\n%s" % (lines_of(so + se, "flyer.ini"), want, so))
    for what in ("size-mni: unknown key", 'color: "#1d35zz" is not a color', "size: -20 is negative"):
        check(what in so, "no %r in %s" % (what, so))
    out = env.tmp("three-out")
    rc, so, se = env.run("render", "--content", env.content, "--layouts-dir", d, "--layout", "flyer", "--lang", "es",
                         "--out", out)
    check(rc == 1 and not os.listdir(out), "render of a broken layout: rc %d, %s" % (rc, os.listdir(out)))
    check(len(lines_of(se, "flyer.ini")) == 3, "render did not report the three: %s" % se)

@test("format.every-group")
def _(env):
    """Mistakes in [layout], in two styles, in two frames and an unknown group: all of them, one line
    each, in file order of their lines; the layouts command says the same."""
    edits = (("margin=0.5in", "margin=0.5furlong"), ("size=44\n", "size=nan\n"), ("weight=medium\n", "weight=heavy\n"),
             ("valign=center\nstyle=headline", "valign=middle\nstyle=headline"), ("box=0,0.345,1,0.225", "box=0,0.345,1"),
             ("[frame.contact]", "[frames.contact]"))
    def edit(s):
        for a, b in edits:
            check(a in s, "flyer.ini has no %r" % a)
            s = s.replace(a, b, 1)
        return s
    d = layout_dir(env, "groups", edit)
    p = os.path.join(d, "flyer.ini")
    rc, so, se = env.run("check", "--content", env.content, "--layouts-dir", d, "--layout", "flyer", "--lang", "en")
    got = lines_of(so, "flyer.ini")
    check(len(got) == len(edits), "%d errors for %d mistakes:\n%s" % (len(got), len(edits), so))
    for want in ('margin: "0.5furlong" is not a length', "size: \"nan\" is not a length", 'weight: "heavy"',
                 'valign: "middle" is not top, center or bottom', "box: \"0,0.345,1\" is not four numbers",
                 "[frames.contact]: unknown group"):
        check(want in so, "no %r in:\n%s" % (want, so))
    rc, so2, se2 = env.run("layouts", "--layouts-dir", d)
    check(rc == 1 and len(set(re.findall(r"flyer\.ini:(\d+): \[", se2))) == len(edits), "layouts: %s" % se2)

@test("format.ranges")
def _(env):
    """Lengths and numbers outside a row's range: zero, negative, not a number, infinite, huge."""
    cases = (("size=12.5\n", "size=0\n", r"\[style\.body\] size: 0 is out of range \(1 pt to 1000 pt\)"),
             ("size=12.5\n", "size=inf\n", r"\[style\.body\] size: \"inf\" is not a length"),
             ("size=12.5\n", "size=5000\n", r"\[style\.body\] size: 5000 is out of range"),
             ("margin=0.5in", "margin=-1in", r"\[layout\] margin: -1in is negative"),
             ("margin=0.5in", "margin=300in", r"\[layout\] margin: 300in is out of range \(0 to 200 in\)"),
             ("qr=0.75in", "qr=1e9in", r"\[frame\.allies\] qr: 1e9in is out of range"),
             ("item-gap=0.7", "item-gap=11", r"\[frame\.allies\] item-gap: 11 is out of range \(0 to 10\)"),
             ("padding=14pt\nvalign=center\nstyle=headline", "padding=NaN\nvalign=center\nstyle=headline",
              r"\[frame\.headline\] padding: \"NaN\" is not a length"))
    for old, new, want in cases:
        d = layout_dir(env, "range", lambda s: s.replace(old, new, 1))
        text = bad(env, "range", ["check", "--content", env.content, "--layouts-dir", d, "--layout", "flyer", "--lang", "en"],
                   r"flyer\.ini:\d+: error: .*" + want)
        check(len(lines_of(text, "flyer.ini")) == 1, "%s: more than one error: %s" % (new, text))
