"""volante tests: volante context, a picture of each text where it prints (for translators and
Weblate's screenshots)."""
from vtest import *

OUTLINE = "#ed590d"  # the frame's outline in the pictures


def outline_box(png):
    """(x, y, w, h) of the outlined frame in a picture, from its outline's pixels."""
    rc, out, err = tool("convert", png, "-fuzz", "6%", "-fill", "white", "+opaque", OUTLINE, "-format", "%@", "info:")
    m = re.match(r"(\d+)x(\d+)\+(\d+)\+(\d+)", out.strip())
    check(m, "%s: no frame outlined (%r %s)" % (os.path.basename(png), out, err))
    w, h, x, y = (int(v) for v in m.groups())
    return x, y, w, h


def colors(png):
    return int(tool("identify", "-format", "%k", png)[1].strip() or 0)


def pot_contexts(env, content):
    rc, out, err = env.run("extract", "--content", content)
    check(rc == 0, "extract: %s" % err)
    text = open(os.path.join(content, "po", "volante.pot"), encoding="utf-8").read()
    return re.findall(r'^msgctxt "(.*)"$', text, re.M)


@test("context.pictures")
def _(env):
    """One PNG per msgctxt of the template, named by it, each showing text with its frame outlined."""
    content = env.content_copy("context")
    keys = pot_contexts(env, content)
    out = env.tmp("context-out")
    rc, so, se = env.run("context", "--content", content, "--out", out)
    check(rc == 0, "context: rc=%d %s" % (rc, se))
    got = sorted(f for f in os.listdir(out) if f.endswith(".png"))
    check(got == sorted(k + ".png" for k in keys), "pictures %s, template %s" % (got, keys))
    for f in got:
        p = os.path.join(out, f)
        w, h = png_size(p)
        check(w == 1000 and 100 < h < 2000, "%s is %dx%d" % (f, w, h))
        check(colors(p) > 50, "%s looks blank (%d colours)" % (f, colors(p)))
        x, y, bw, bh = outline_box(p)
        check(bw > 100 and bh > 20, "%s: outline %dx%d" % (f, bw, bh))
    # the headline's frame is the flyer's band across the page; a fact shares its frame with another
    x, y, bw, bh = outline_box(os.path.join(out, "headline.png"))
    check(bw > 800, "headline frame %d px wide" % bw)
    check("wrote 15 pictures" in se, "context says: %s" % se)


@test("context.languages")
def _(env):
    """--lang sets the pages in that language: Persian mirrors the page, so a text in the first
    column is outlined on the right; a language that does not exist is one clear error."""
    content = env.content_copy("context-lang")
    en, fa, km = env.tmp("context-en"), env.tmp("context-fa"), env.tmp("context-km")
    for lang, out in (("en", en), ("fa", fa), ("km", km)):
        rc, so, se = env.run("context", "--content", content, "--out", out, "--lang", lang)
        check(rc == 0, "context --lang %s: %s" % (lang, se))
    key = "ally.ice-out-of-la.description.png"  # the first of the tri-fold's inside columns
    ex, ey, ew, eh = outline_box(os.path.join(en, key))
    fx, fy, fw, fh = outline_box(os.path.join(fa, key))
    check(ex + ew / 2 < 500 < fx + fw / 2, "fa not mirrored: en frame at x=%d, fa at x=%d" % (ex, fx))
    for lang in (fa, km):
        d = differing(os.path.join(en, "headline.png"), os.path.join(lang, "headline.png"))
        check(d > 0.02, "the %s headline picture is the English one (%.3f differ)" % (lang, d))
    rc, so, se = env.run("context", "--content", content, "--out", env.tmp("context-xx"), "--lang", "xx")
    check(rc == 2 and "unknown language 'xx'" in se, "unknown language: rc=%d %s" % (rc, se))
