"""volante tests: flow groups (frames that give and take space) and the sizes the shipped layouts promise."""
import shutil
from vtest import *

# The smallest text each shipped layout promises in every shipped language (layouts/README.md).
MIN_PT = {"flyer": 9.0, "handbill": 8.0, "bilingual": 8.0, "poster": 14.0}
LINK = (0.113725, 0.207843, 0.341176)   # style "link": #1d3557
NAME = (0.756863, 0.0705882, 0.121569)  # style "allyname": #c1121f
BODY = (0.105882, 0.105882, 0.105882)   # style "body": #1b1b1b

def spans(pdf):
    """Every run of text in PDF as read by mutool trace: page, size (pt), text, color, x, y (top-down)."""
    check(shutil.which("mutool"), "no mutool (mupdf-tools, tools/debian-packages.txt)")
    rc, out, err = tool("mutool", "trace", pdf)
    check(rc == 0, "mutool trace %s: %s" % (pdf, err[:200]))
    res = []
    for page, body in re.findall(r'<page number="(\d+)".*?>(.*?)</page>', out, re.S):
        for color, blk in re.findall(r'<fill_text[^>]* color="([^"]*)"[^>]*>(.*?)</fill_text>', body, re.S):
            rgb = tuple(float(c) for c in color.split()) if len(color.split()) == 3 else (0, 0, 0)
            block = "".join(chr(int(u[2:], 16)) if u.startswith("U+") else html_unescape(u)
                            for u in re.findall(r'unicode="([^"]*)"', blk))
            for a, b, glyphs in re.findall(r'<span [^>]*trm="([-\d.e]+) ([-\d.e]+) [^"]*"[^>]*>(.*?)</span>', blk, re.S):
                gs = re.findall(r'<g unicode="([^"]*)"[^>]* x="([-\d.e]+)" y="([-\d.e]+)"', glyphs)
                if not gs:
                    continue
                text = "".join(chr(int(u[2:], 16)) if u.startswith("U+") else html_unescape(u) for u, x, y in gs)
                res.append({"page": int(page), "size": (float(a) ** 2 + float(b) ** 2) ** 0.5, "text": text, "color": rgb,
                            "x": min(float(x) for u, x, y in gs), "y": float(gs[0][2]), "block": block,
                            "turned": abs(float(a)) < abs(float(b))})
    return res

def html_unescape(s):
    import html
    return html.unescape(s)

def same_color(a, b):
    return all(abs(x - y) < 0.002 for x, y in zip(a, b))

def render_four(env, name, content):
    out = env.tmp(name)
    rc, so, se = env.run("render", "--content", content, "--out", out, "-q", "--layout", "flyer", "--layout", "handbill",
                         "--layout", "bilingual", "--layout", "poster", timeout=600)
    check(rc == 0, "render exited %d: %s" % (rc, se[-400:]))
    return out

def pages(out):
    for layout in MIN_PT:
        for lang in SHIPPED:
            if layout == "bilingual" and lang == "en":
                continue
            name = lang + "+en" if layout == "bilingual" else lang
            yield layout, lang, os.path.join(out, layout, name + ".pdf")

def check_sizes(out):
    small, odd = [], []
    for layout, lang, pdf in pages(out):
        check(os.path.exists(pdf), "%s/%s was not written" % (layout, lang))
        sp = spans(pdf)
        # A draft notice is one block of text in the bottom margin; whatever else is on the page counts.
        sizes = [s["size"] for s in sp if "DRAFT" not in s["block"]]
        if min(sizes) < MIN_PT[layout] - 0.05:
            small.append("%s/%s %.2f" % (layout, lang, min(sizes)))
        # Ally names and web addresses are never smaller than the body around them (per column).
        width, height = [float(v) for v in re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", tool("pdfinfo", pdf)[1]).groups()]
        if any(s["turned"] for s in sp):
            # Handbills stand turned, two to a sheet: read the first one, down the piece along the sheet's x.
            sp = [dict(s, x=s["y"], y=s["x"]) for s in sp if s["y"] < height / 2]
            width = height / 2
        for half in ((0, width / 2), (width / 2, width)) if layout == "bilingual" else ((0, width),):
            names = [s for s in sp if same_color(s["color"], NAME) and half[0] <= s["x"] < half[1]]
            links = [s for s in sp if same_color(s["color"], LINK) and "://" in s["block"] and half[0] <= s["x"] < half[1]]
            if not names:
                continue
            top, bottom = min(s["y"] for s in names), max(s["y"] for s in names + links)
            body = [s["size"] for s in sp if same_color(s["color"], BODY) and top <= s["y"] <= bottom + 1
                    and half[0] <= s["x"] < half[1]]
            least = min(s["size"] for s in names + links)
            if body and least < max(body) - 0.05:
                odd.append("%s/%s: names or addresses at %.2f pt, body at %.2f pt" % (layout, lang, least, max(body)))
            check(len(links) >= 2, "%s/%s: no web addresses found in %s" % (layout, lang, pdf))
    check(not small, "%d pages under their smallest size: %s" % (len(small), ", ".join(small[:8])))
    check(not odd, "; ".join(odd[:5]))

@test("flow.min-sizes")
def _(env):
    """Every shipped language x flyer, handbill, bilingual, poster: nothing smaller than 9, 8, 8 and 14 pt
    (read from the PDF with mutool trace, draft notices aside); ally names and web addresses no smaller
    than the body around them."""
    check_sizes(render_four(env, "sizes", env.content))

# Test data only (not a real organization): a filled-in contact block.
CONTACT = "[contact]\nphone=(213) 555-0142\nweb=https://example.org/know-your-rights\naddress=100 Example Street, Los Angeles, CA 90000\n"

def with_contact(env, name):
    content = env.content_copy(name)
    ini = os.path.join(content, "volante.ini")
    s = open(ini, encoding="utf-8").read()
    check("[contact]\nphone=\nweb=\naddress=\n" in s, "the shipped contact block is not empty")
    open(ini, "w", encoding="utf-8").write(s.replace("[contact]\nphone=\nweb=\naddress=\n", CONTACT))
    return content

@test("flow.min-sizes-contact")
def _(env):
    """The same promise holds when the organizers fill in their contact block, which then prints large."""
    out = render_four(env, "sizes-contact", with_contact(env, "contact"))
    check_sizes(out)
    for layout, least in (("flyer", 12), ("handbill", 9), ("bilingual", 10), ("poster", 20)):
        for lang in ("en", "es", "fa", "km"):
            name = lang + "+en" if layout == "bilingual" else lang
            if name == "en+en":
                continue
            sp = [s for s in spans(os.path.join(out, layout, name + ".pdf")) if "555-0142" in s["block"]]
            check(sp, "%s/%s: no contact phone printed" % (layout, name))
            check(min(s["size"] for s in sp) >= least - 0.05, "%s/%s: the contact block at %.1f pt (want %d or more)"
                  % (layout, name, min(s["size"] for s in sp), least))

def blank_band(pdf, margin_in, work, dpi=36):
    """The tallest run of rows inside the margins with nothing drawn across the whole width, in inches."""
    base = os.path.join(work, "band")
    rc, o, e = tool("pdftoppm", "-r", str(dpi), "-gray", "-f", "1", "-l", "1", pdf, base)
    png = [f for f in os.listdir(work) if f.startswith("band") and f.endswith(".pgm")]
    check(png, "pdftoppm made no image of %s" % pdf)
    data = open(os.path.join(work, png[0]), "rb").read()
    os.remove(os.path.join(work, png[0]))
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    w, h = int(m.group(1)), int(m.group(2))
    px = data[m.end():]
    edge = int(margin_in * dpi) + 1
    run = best = 0
    for y in range(edge, h - edge):
        row = px[y * w + edge:(y + 1) * w - edge]
        if min(row) >= 245:
            run += 1
            best = max(best, run)
        else:
            run = 0
    return best / dpi

def style_sizes(env, layout):
    s = open(os.path.join(env.src, "layouts", layout + ".ini"), encoding="utf-8").read()
    return [float(x) for x in re.findall(r"^size=([\d.]+)$", s, re.M)]

MARGIN_IN = {"flyer": 0.5, "handbill": 0.4, "bilingual": 0.45, "poster": 0.75}

@test("flow.no-empty-band")
def _(env):
    """On every page where text shrank, no band wider than the page inside the margins is left empty
    taller than 0.5 in; the shipped pages (contact block empty) and the filled-in ones."""
    work = env.tmp("bands")
    for name, content in (("bands-empty", env.content), ("bands-contact", with_contact(env, "bands-c"))):
        out = render_four(env, name, content)
        tall, shrank = [], 0
        for layout, lang, pdf in pages(out):
            if layout == "handbill":
                continue  # two to a sheet, turned: the sheet has no single page width to look across
            full = style_sizes(env, layout)
            sizes = [s["size"] for s in spans(pdf) if "DRAFT" not in s["block"]]
            if all(any(abs(x - f) < 0.05 for f in full) for x in sizes):
                continue  # nothing shrank
            shrank += 1
            band = blank_band(pdf, MARGIN_IN[layout], work)
            if band > 0.5:
                tall.append("%s/%s %.2f in" % (layout, lang, band))
        check(shrank >= 10, "%s: only %d pages shrank: the test sees nothing" % (name, shrank))
        check(not tall, "%s: empty bands on pages where text shrank: %s" % (name, ", ".join(tall[:6])))

def text_lines(pdf):
    """(yMin, yMax, text) of each line pdftotext finds, top-down."""
    rc, out, err = tool("pdftotext", "-bbox-layout", pdf, "-")
    res = []
    for y0, y1, words in re.findall(r'<line xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</line>', out, re.S):
        res.append((float(y0), float(y1), " ".join(re.findall(r">([^<]*)</word>", words))))
    return res

@test("flow.empty-takes-no-space")
def _(env):
    """With the contact block empty the allies reach down to the bottom margin (no empty band where
    the contact would stand); filled in, it stands at the foot and the allies make room for it."""
    out = env.tmp("empty")
    rc, so, se = env.run("render", "--content", env.content, "--layout", "flyer", "--lang", "es", "--out", out)
    check(rc == 0, se)
    lines = [l for l in text_lines(os.path.join(out, "flyer", "es.pdf")) if "DRAFT" not in l[2]]
    bottom = max(l[1] for l in lines)
    check(bottom > 792 - 36 - 0.4 * 72, "the flyer's text ends %.0f pt above the bottom margin" % (792 - 36 - bottom))
    check("alotrolado.org" in lines[-1][2] or any("alotrolado.org" in l[2] for l in lines[-2:]),
          "the last ally is not at the foot: %s" % lines[-2:])
    out2 = env.tmp("filled")
    rc, so, se = env.run("render", "--content", with_contact(env, "filled-c"), "--layout", "flyer", "--lang", "es",
                         "--out", out2)
    check(rc == 0, se)
    lines2 = [l for l in text_lines(os.path.join(out2, "flyer", "es.pdf")) if "DRAFT" not in l[2]]
    check("555-0142" in " ".join(l[2] for l in lines2[-3:]), "the contact is not at the foot: %s" % lines2[-3:])
    ally = [l for l in lines2 if "alotrolado.org" in l[2]]
    check(ally and ally[0][1] < bottom - 20, "the allies did not make room for the contact")

FLOW_LAYOUT = """[layout]
paper=letter
margin=0.5in

[style.a]
size=20
size-min=4

[style.b]
size=20
size-min=4
color=#1b1b1b

[style.c]
size=14
size-min=4
color=#c1121f

[frame.one]
flow=g
box=0,0,1,0.05
style=a
content=stance

[frame.gone]
flow=g
box=0,0.05,1,0.1
style=a
content=credit

[frame.two]
flow=g
box=0,0.15,1,0.05
style=b
content=fact.*

[frame.three]
flow=g
priority=1
box=0,0.2,1,0.05
style=c
content=allies
"""

@test("flow.evenly")
def _(env):
    """A group too small for its text: the two frames of the lowest priority shrink by the same factor
    (not one alone), the frame of a higher priority keeps its size, and the empty frame between them
    takes no room."""
    d = env.tmp("evenly")
    open(os.path.join(d, "tight.ini"), "w").write(FLOW_LAYOUT)
    out = env.tmp("evenly-out")
    rc, so, se = env.run("render", "--content", env.content, "--layouts-dir", d, "--lang", "en", "--out", out)
    check(rc == 0, "render: %s %s" % (so, se))
    sp = spans(os.path.join(out, "tight", "en.pdf"))
    one = {round(s["size"], 1) for s in sp if same_color(s["color"], (0, 0, 0))}
    two = {round(s["size"], 1) for s in sp if same_color(s["color"], BODY)}
    three = {round(s["size"], 1) for s in sp if same_color(s["color"], NAME)}
    check(one and two and three, "frames missing: %s %s %s" % (one, two, three))
    check(max(one) < 19 and max(two) < 19, "nothing shrank: %s %s" % (one, two))
    check(abs(max(one) - max(two)) <= 0.4, "the two frames shrank unevenly: %s vs %s" % (one, two))
    check(three == {14.0}, "the frame of priority 1 shrank: %s" % three)
    # the group is a quarter of the area: its text ends inside it, and the empty frame left no gap
    lines = text_lines(os.path.join(out, "tight", "en.pdf"))
    check(max(l[1] for l in lines) <= 36 + 0.25 * 720 + 2, "the group runs past its boxes")
    stance = [l for l in lines if "Los Angeles" in l[2] or "Much more" in l[2]]
    fact = [l for l in lines if "10%" in l[2]]
    check(stance and fact and fact[0][0] - max(l[1] for l in lines if l[1] < fact[0][0]) < 20,
          "an empty frame left a gap: %s" % [l for l in lines][:8])

@test("flow.keys")
def _(env):
    """min-height, max-height and priority belong to frames in a flow group."""
    head = "[frame.contact]\nflow=page\n"
    cases = ("[frame.contact]\nmin-height=0.1\n", r"\[frame\.contact\] min-height: needs flow="), \
            (head + "min-height=0.3\nmax-height=0.1\n", r"\[frame\.contact\] min-height: is more than max-height"), \
            (head + "priority=11\n", r"\[frame\.contact\] priority: 11 is out of range")
    for new, want in cases:
        def edit(s):
            check(head in s, "flyer.ini has no %r" % head)
            return s.replace(head, new, 1)
        d = layout_dir(env, "flowkeys", edit)
        bad(env, "flowkeys", ["check", "--content", env.content, "--layouts-dir", d, "--layout", "flyer", "--lang", "en"],
            r"flyer\.ini:\d+: error: .*" + want)

@test("flow.overflow-blame")
def _(env):
    """Text too long for the whole group even at the smallest sizes: the overflow is reported for
    that text alone, not for the frames around it that would fit."""
    content = env.content_copy("blame")
    po = os.path.join(content, "po", "es.po")
    line = set_msgstr(po, "stance", " ".join(["Mucho más se puede y se debe hacer a nivel local por los inmigrantes"] * 30))
    rc, j = problems(env, content, "--lang", "es", "--layout", "flyer", "--layout", "poster")
    over = [p for p in j["problems"] if p["kind"] == "overflow"]
    check(rc == 1 and over, "no overflow: %s" % j["problems"][:3])
    check({p["key"] for p in over} == {"stance"}, "overflow blamed on %s" % sorted({p["key"] for p in over}))
    check(over[0]["line"] == line, "overflow points at line %s, want %d" % (over[0]["line"], line))
