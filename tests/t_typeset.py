"""volante tests: typesetting a native reader would sign off (issue 10): language names, faces and
leading per script, word-safe line breaks, Latin runs in one face, balanced headlines."""
from vtest import *
import html

EXTRACTED = set()

def new_po(env, content, lang, fields=(), texts=None):
    """Writes content/po/LANG.po from the template with msgen (every msgstr the English, one line
    each), the header's Language set and FIELDS ("Name: value") added; TEXTS maps keys to msgstrs.
    Returns the PO's path."""
    if content not in EXTRACTED:  # extract measures every layout: once per content folder
        rc, o, e = env.run("extract", "--content", content)
        check(rc == 0, "extract: %s" % e)
        EXTRACTED.add(content)
    po = os.path.join(content, "po", lang + ".po")
    rc, o, e = tool("msgen", "--no-wrap", "-o", po, os.path.join(content, "po", "volante.pot"))
    check(rc == 0, "msgen: %s" % e)
    s = open(po, encoding="utf-8").read()
    head = '"Language: %s\\n"\n' % lang + "".join('"%s\\n"\n' % f for f in fields)
    s = re.sub(r'"Language: [^"]*\\n"\n', "", s, count=1)
    s = s.replace('msgid ""\nmsgstr ""\n', 'msgid ""\nmsgstr ""\n' + head, 1)
    open(po, "w", encoding="utf-8").write(s)
    for key, text in (texts or {}).items():
        set_msgstr(po, key, text)
    return po

def lang_rows(env, content, extra_env=None):
    rc, out, err = env.run("langs", "--content", content, "--json", env=extra_env)
    check(rc == 0, "langs: rc %d %s" % (rc, err))
    return {r["code"]: r for r in json.loads(out)}

@test("typeset.names")
def _(env):
    """X-Language-Name wins everywhere (langs, the kiosk's buttons, proofs, notices); Georgian is
    not capitalized; a language ICU cannot name in itself shows its code, whatever the machine's
    locale, and check says how to fix it, at the PO header's line."""
    content = env.content_copy("names")
    new_po(env, content, "ka")
    ht = new_po(env, content, "ht", ["X-Language-Name: Kreyòl ayisyen"])
    new_po(env, content, "zap")
    new_po(env, content, "kjb")
    for loc in ("C.UTF-8", "fr_FR.UTF-8"):
        rows = lang_rows(env, content, {"LC_ALL": loc, "LANG": loc})
        check(rows["ka"]["name"] == "ქართული", "ka named %r" % rows["ka"]["name"])
        check(rows["ht"]["name"] == "Kreyòl ayisyen", "ht named %r" % rows["ht"]["name"])
        check(rows["zap"]["name"] == "zap", "zap named %r under %s" % (rows["zap"]["name"], loc))
        check(rows["kjb"]["name"] == "Q'anjob'al", "kjb named %r" % rows["kjb"]["name"])
        check(rows["hy"]["name"] == "Հայերեն" and rows["es"]["name"] == "Español", "capitals lost: %s" % rows["hy"])
    rc, j = problems(env, content, "--lang", "zap", "--lang", "ht", "--layout", "flyer")
    named = [p for p in j["problems"] if p["kind"] == "language-name"]
    header = open(os.path.join(content, "po", "zap.po"), encoding="utf-8").read().split("\n").index('msgid ""') + 1
    check(len(named) == 1 and named[0]["lang"] == "zap" and named[0]["line"] == header
          and named[0]["file"].endswith("zap.po") and "X-Language-Name" in named[0]["message"],
          "language-name warnings: %s" % named)
    # The kiosk's language buttons (shot JSON) and a proof sheet's title.
    rc, shots, stats, se = kiosk(env, "names-kiosk", ["shot s"], content=content,
                                 extra=("--lang", "en", "--lang", "ht", "--lang", "ka"))
    check(rc == 0, "kiosk rc %d: %s" % (rc, se[-300:]))
    labels = {b["id"]: b["label"] for b in state(shots, "s")["buttons"] if b["id"].startswith("lang:")}
    check(labels.get("lang:ht") == "Kreyòl ayisyen" and labels.get("lang:ka") == "ქართული", "kiosk labels %s" % labels)
    out = os.path.join(env.tmp("names-proof"), "proof.pdf")
    rc, so, se = env.run("proof", "--content", content, "--lang", "ht", "--layout", "flyer", "--out", out)
    check(os.path.exists(out), "no proof: %s" % se[-300:])
    text = pdftext(out)
    check("Kreyòl ayisyen" in text, "the proof does not name ht: %r" % text[:300])
    # The draft notice names the language too (its entries are drafts once marked fuzzy).
    s = open(ht, encoding="utf-8").read().replace('msgctxt "headline"', '#, fuzzy\nmsgctxt "headline"', 1)
    open(ht, "w", encoding="utf-8").write(s)
    outd = env.tmp("names-render")
    rc, so, se = env.run("render", "--content", content, "--lang", "ht", "--layout", "flyer", "--out", outd)
    check(rc == 0, "render ht: %s" % se[-300:])
    check("DRAFT translation (Kreyòl ayisyen, ht)" in pdftext(os.path.join(outd, "flyer", "ht.pdf")),
          "the notice does not name ht")
    # Without the header, volante's own table names Haitian Creole (ICU would say it in French).
    with_name = open(ht, encoding="utf-8").read()
    bare = with_name.replace('"X-Language-Name: Kreyòl ayisyen\\n"\n', "")
    check("X-Language-Name" not in bare, "the header was not taken out")
    open(ht, "w", encoding="utf-8").write(bare)
    check(lang_rows(env, content)["ht"]["name"] == "Kreyòl ayisyen", "ht without a header is not Kreyòl ayisyen")
    open(ht, "w", encoding="utf-8").write(with_name)
    # A header changed later is what the next run shows.
    s = open(ht, encoding="utf-8").read().replace("Kreyòl ayisyen", "Kreyòl")
    open(ht, "w", encoding="utf-8").write(s)
    check(lang_rows(env, content)["ht"]["name"] == "Kreyòl", "the changed header is not used")

def udhr_po(env, content, lang, code, keys=("stance", "fact.undocumented", "fact.languages", "ally.kiwa.summary"),
            length=160, fields=()):
    """LANG.po whose KEYS hold consecutive pieces (about LENGTH characters, cut at a space) of the
    UDHR in CODE, real human text; the facts keep the English's numbers. Skips (77) without the corpus."""
    d = udhr_dir(env)
    if not d:
        print("SKIP: UDHR corpus not found (set VOLANTE_UDHR)")
        sys.exit(77)
    stream = " ".join(udhr_paragraphs(d, code)).replace("<", "").replace("&", "and")
    texts = {}
    for key in keys:
        piece = stream[:length]
        cut = piece.rfind(" ")
        piece = piece[:cut] if cut > length // 2 else piece
        stream = stream[len(piece):].lstrip()
        texts[key] = ("10% " + piece + " 10%") if key == "fact.undocumented" else piece
    return new_po(env, content, lang, fields, texts)

@test("typeset.urdu-nastaliq")
def _(env):
    """Urdu is set in Noto Nastaliq Urdu, the hand its readers expect, not the Naskh of Arabic and
    Persian (still Noto Sans Arabic), and check finds no face out of place."""
    content = env.content_copy("urdu")
    udhr_po(env, content, "ur", "urd")
    out = env.tmp("urdu-out")
    rc, so, se = env.run("render", "--content", content, "--lang", "ur", "--lang", "fa", "--layout", "flyer",
                         "--out", out)
    check(rc == 0, "render ur: %s" % se[-300:])
    ur = " ".join(pdffonts(os.path.join(out, "flyer", "ur.pdf")))
    fa = " ".join(pdffonts(os.path.join(out, "flyer", "fa.pdf")))
    check("NotoNastaliqUrdu" in ur and "NotoSansArabic" not in ur, "ur fonts: %s" % ur)
    check("NotoSansArabic" in fa and "Nastaliq" not in fa, "fa fonts: %s" % fa)
    rc, j = problems(env, content, "--lang", "ur", "--layout", "flyer")
    bad = [p for p in j["problems"] if p["kind"] in ("fallback-font", "missing-glyph")]
    check(not bad, "ur: %s" % bad)

# The languages whose leading is measured, with their UDHR translation.
LEADING = {"en": "eng", "ar": "arb", "fa": "pes_1", "ur": "urd", "my": "mya", "km": "khm", "hi": "hin", "th": "tha"}
LEADING_LAYOUT = """[layout]
description=One paragraph, for measuring line spacing
paper=letter
orientation=portrait
margin=0.5in
languages=1

[style.text]
size=14
size-min=14
align=start

[frame.text]
box=0,0,1,1
style=text
content=stance
"""

def baselines(pdf, em):
    """The baselines (pt from the top) of PDF's first page: the heights where most glyphs stand
    (mutool trace). Marks, vowel signs and Nastaliq's sloping words stand off the baseline, but in
    every line many glyphs (spaces, final letters) stand on it."""
    rc, out, err = tool("mutool", "trace", pdf)
    check(rc == 0, "mutool trace: %s" % err[:200])
    ys = Counter(round(float(y) * 2) / 2 for y in re.findall(r'<g unicode="[^"]*"[^>]* y="([-\d.e]+)"', out))
    top = max(ys.values())
    lines = []
    for y, n in ys.most_common():
        if n >= top / 4 and all(abs(y - l) > 0.6 * em for l in lines):
            lines.append(y)
    return sorted(lines)

def ink(pdf, dpi, work):
    """PDF's first page rasterized at DPI (pdftoppm, gray): width and a function ink(x, y)."""
    base = os.path.join(work, "ink")
    rc, o, e = tool("pdftoppm", "-r", str(dpi), "-gray", "-singlefile", pdf, base)
    check(rc == 0, "pdftoppm: %s" % e)
    data = open(base + ".pgm", "rb").read()
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    w, h = int(m.group(1)), int(m.group(2))
    px = data[m.end():]
    return w, h, px

def touching(w, px, b1, b2):
    """Whether ink of the line on baseline row B1 reaches the line on row B2: a path of ink
    pixels (8 neighbours) from a pixel of row B1 to one of row B2, through the rows between."""
    seen = set((x, b1) for x in range(w) if px[b1 * w + x] < 160)
    todo = list(seen)
    while todo:
        x, y = todo.pop()
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                nx, ny = x + dx, y + dy
                if b1 <= ny <= b2 and 0 <= nx < w and (nx, ny) not in seen and px[ny * w + nx] < 160:
                    if ny == b2:
                        return True
                    seen.add((nx, ny))
                    todo.append((nx, ny))
    return False

def leading_of(pdf, work):
    """For the paragraph of PDF: line pitch and ink height in em (medians), whether a row of no ink
    parts each pair of consecutive lines, and whether ink of one line ever meets the next's."""
    dpi, size = 144, 14.0
    w, h, px = ink(pdf, dpi, work)
    rows = [min(px[r * w:(r + 1) * w]) < 160 for r in range(h)]
    bl = [int(round(y * dpi / 72)) for y in baselines(pdf, size)]
    check(len(bl) >= 4, "%s: only %d lines" % (pdf, len(bl)))
    pitch = [b - a for a, b in zip(bl, bl[1:])]
    apart, heights = True, []
    for i, b in enumerate(bl):
        # The line's ink: the rows around its baseline, up to an empty row or a neighbour's baseline.
        lo = bl[i - 1] + 1 if i else int(b - 2 * size * dpi / 72)
        hi = bl[i + 1] - 1 if i + 1 < len(bl) else int(b + 2 * size * dpi / 72)
        top = bottom = b
        while top > lo and rows[top - 1]:
            top -= 1
        while bottom < hi and rows[bottom + 1]:
            bottom += 1
        heights.append(bottom - top + 1)
        if (i + 1 < len(bl) and bottom >= hi) or (i and top <= lo):
            apart = False
    meet = any(touching(w, px, a, b) for a, b in zip(bl, bl[1:]))
    em = size * dpi / 72
    return sorted(pitch)[len(pitch) // 2] / em, sorted(heights)[len(heights) // 2] / em, apart, meet, len(bl)

def leading_content(env, name, length=700):
    """A content folder whose stance is LENGTH characters of the UDHR, in English and in each language
    of LEADING, and a layouts folder with the one-paragraph layout."""
    d = udhr_dir(env)
    if not d:
        print("SKIP: UDHR corpus not found (set VOLANTE_UDHR)")
        sys.exit(77)
    content = env.content_copy(name)
    def piece(code):
        s = " ".join(udhr_paragraphs(d, code)).replace("<", "").replace("&", "and")
        s = s[:length]
        return s[:s.rfind(" ")] if " " in s[length // 2:] else s
    ini = os.path.join(content, "volante.ini")
    s = open(ini, encoding="utf-8").read()
    s = re.sub(r"\[stance\]\ntext=[^\n]*", lambda m: "[stance]\ntext=" + piece("eng"), s, count=1)
    open(ini, "w", encoding="utf-8").write(s)
    for lang, code in LEADING.items():
        if lang != "en":
            new_po(env, content, lang, (), {"stance": piece(code)})
    layouts = env.tmp(name + "-layouts")
    open(os.path.join(layouts, "leading.ini"), "w", encoding="utf-8").write(LEADING_LAYOUT)
    return content, layouts

def render_leading(env, content, layouts, out, langs):
    """Renders the one-paragraph layout in each of LANGS; yields (lang, pdf)."""
    rc, so, se = env.run("render", "--content", content, "--layouts-dir", layouts, "--layout", "leading",
                         *sum((["--lang", l] for l in langs), []), "--out", out, "--force")
    for lang in langs:
        pdf = os.path.join(out, "leading", lang + ".pdf")
        check(os.path.exists(pdf), "render %s: %s" % (lang, se[-300:]))
        yield lang, pdf

# Nastaliq's words slope down to the baseline, so one line's tails and the next line's heads
# share rows by design: for Urdu only the ink itself must stay apart.
INTERLOCKED = ("ur",)

@test("typeset.leading")
def _(env):
    """Line spacing per script, measured on rasterized pages of real text: the ink of consecutive
    lines never meets (and but for Nastaliq a row of no ink parts them), and the line pitch is at
    most 1.5 times the lines' ink height (no empty leading that looks double-spaced and shrinks the
    text)."""
    content, layouts = leading_content(env, "leading")
    out = env.tmp("leading-out")
    bad = []
    for lang, pdf in render_leading(env, content, layouts, out, LEADING):
        pitch, ink_h, apart, meet, n = leading_of(pdf, out)
        print("%s: %d lines, pitch %.2f em, ink %.2f em, ratio %.2f, rows apart %s, ink meets %s"
              % (lang, n, pitch, ink_h, pitch / ink_h, apart, meet))
        if meet or (not apart and lang not in INTERLOCKED) or (pitch / ink_h > 1.5 and lang not in INTERLOCKED):
            bad.append(lang)
    check(not bad, "leading wrong for %s" % bad)

# Word-safe line breaks (scripts with no spaces between words). Real text from the UDHR; each
# paragraph set at three widths, so that lines end in many different places.
BREAKS = {"km": "khm", "lo": "lao", "th": "tha", "my": "mya"}
BREAKS_LAYOUT = """[layout]
description=One paragraph at three widths, for reading line breaks
paper=letter
orientation=portrait
margin=0.5in
languages=1

[style.text]
size=12
size-min=12
align=start

[frame.wide]
box=0,0,1,0.24
style=text
content=stance

[frame.middle]
box=0,0.25,0.6,0.3
style=text
content=stance

[frame.narrow]
box=0,0.56,0.35,0.44
style=text
content=stance
"""
ZWSP, WJ = "\u200b", "\u2060"

def syllable_starts(s):
    """Indexes of S where a syllable may begin: a letter that is no following vowel, after no
    stacking sign or preposed vowel, and not silenced by a killer mark after it (a rough, independent
    take on the rule: the test only needs places that are surely safe)."""
    import unicodedata
    out = []
    for i in range(1, len(s)):
        c, p = s[i], s[i - 1]
        if unicodedata.category(c) != "Lo" or unicodedata.category(p)[0] not in "LM":
            continue
        if p in "\u17d2\u1039\u200d" or "\u0e40" <= p <= "\u0e44" or "\u0ec0" <= p <= "\u0ec4":
            continue
        if c in "\u0e30\u0e32\u0e33\u0e45\u0e46\u0eb0\u0eb2\u0eb3\u0ec6":
            continue
        j = i + 1
        killed = False
        while j < len(s) and unicodedata.category(s[j])[0] == "M":
            killed = killed or s[j] in "\u103a\u0e4c\u0ecc\u17cd\u1039"
            j += 1
        if not killed:
            out.append(i)
    return out

def udhr_piece(env, code, length):
    d = udhr_dir(env)
    if not d:
        print("SKIP: UDHR corpus not found (set VOLANTE_UDHR)")
        sys.exit(77)
    s = " ".join(udhr_paragraphs(d, code)).replace("<", "").replace("&", "and")[:length]
    return s[:s.rfind(" ")] if " " in s[length // 2:] else s

def render_breaks(env, name, texts, fields=None):
    """Renders the three-width page for each language of TEXTS (lang -> stance); returns
    {lang: [line, ...]} read back with pdftotext -raw (drawing order), ZWSP, WJ and the spaces
    pdftotext guesses left out."""
    content = env.content_copy(name)
    for lang, text in texts.items():
        new_po(env, content, lang, (fields or {}).get(lang, ()), {"stance": text})
    layouts = env.tmp(name + "-layouts")
    open(os.path.join(layouts, "breaks.ini"), "w", encoding="utf-8").write(BREAKS_LAYOUT)
    out = env.tmp(name + "-out")
    rc, so, se = env.run("render", "--content", content, "--layouts-dir", layouts, "--layout", "breaks",
                         *sum((["--lang", l] for l in texts), []), "--out", out, "--force")
    lines = {}
    for lang in texts:
        pdf = os.path.join(out, "breaks", lang + ".pdf")
        check(os.path.exists(pdf), "render %s: %s" % (lang, se[-300:]))
        raw = tool("pdftotext", "-raw", "-enc", "UTF-8", pdf, "-")[1]
        # The paragraph's lines; not the notice --force prints in the margin (English).
        lines[lang] = [re.sub(r"[\s\u200b\u2060]", "", l) for l in raw.split("\n") if re.search(r"[^\x00-\x7f]", l)]
    return lines

def cuts(text, lines):
    """Where in TEXT each line but the last ends: (i, j), the characters TEXT[i:j] between the
    line's last character and the next line's first (spaces, U+200B, U+2060, or nothing). Checks
    that the lines are TEXT, three times over (once per width)."""
    keep = [i for i, ch in enumerate(text) if not (ch.isspace() or ch in ZWSP + WJ)]
    bare = "".join(text[i] for i in keep)
    joined = "".join(lines)
    check(joined == bare * 3, "the page's text is not the paragraph three times: %r... vs %r..."
          % (joined[:80], bare[:80]))
    res, at = [], 0
    for l in lines:
        at += len(l)
        k = at % len(bare)
        if k:
            res.append((keep[k - 1] + 1, keep[k]))
    return res

@test("typeset.breaks-typed")
def _(env):
    """Khmer, Lao, Thai and Burmese with U+200B between words: every line ends at a U+200B or a
    space, at three widths."""
    texts = {}
    for lang, code in BREAKS.items():
        s = udhr_piece(env, code, 420)
        starts = syllable_starts(s)
        # A U+200B about every seventh character, at a letter that may start a syllable: not
        # always a word's start, but the test is that lines break there and nowhere else.
        marks, last = [], 0
        for i in starts:
            if i - last >= 7:
                marks.append(i)
                last = i
        for i in reversed(marks):
            s = s[:i] + ZWSP + s[i:]
        texts[lang] = s
    lines = render_breaks(env, "breaks-typed", texts)
    for lang, text in texts.items():
        bad = [(i, j) for i, j in cuts(text, lines[lang]) if not re.search(r"[\s\u200b]", text[i:j])]
        check(len(lines[lang]) >= 9, "%s: only %d lines" % (lang, len(lines[lang])))
        check(not bad, "%s: lines end at no U+200B or space: %s" % (lang, ["%s|%s" % (text[i - 8:i], text[i:i + 8]) for i, j in bad[:4]]))

def with_joiners(word):
    """WORD with U+2060 WORD JOINER between its syllables (never between a letter and its signs,
    which would break the shaping)."""
    for i in reversed(syllable_starts(word)):
        word = word[:i] + WJ + word[i:]
    return word

@test("typeset.breaks-syllables")
def _(env):
    """With no U+200B (ICU's dictionary finds the words): no line starts with a dependent vowel,
    sign, medial or asat, or ends with a preposed vowel or a stacking sign; a word with U+2060
    inside and the keep list's words (X-Volante-Keep) are never split; lines do break between
    words, not only at spaces."""
    import unicodedata
    keep = {"km": "ឡូសអាន់ជឺឡេស", "th": "ลอสแอนเจลิส"}
    joined = {"km": "កូរ៉េថោន", "th": "โคเรียทาวน์"}
    texts, fields = {}, {}
    for lang, code in BREAKS.items():
        s = udhr_piece(env, code, 420)
        if lang in keep:
            # The names, joined or listed, every 60 characters or so, at a syllable's start.
            starts = [i for i in syllable_starts(s) if i % 60 < 8]
            for n, i in enumerate(reversed(starts[::2])):
                s = s[:i] + (keep[lang] if n % 2 else with_joiners(joined[lang])) + s[i:]
            fields[lang] = ["X-Volante-Keep: %s, unused" % keep[lang]]
        texts[lang] = s
    lines = render_breaks(env, "breaks-icu", texts, fields)
    for lang, text in texts.items():
        ls = lines[lang]
        starts = [l for l in ls if unicodedata.category(l[0])[0] == "M"]
        check(not starts, "%s: lines start with a mark: %s" % (lang, [l[:6] for l in starts[:4]]))
        ends = [l for l in ls if l[-1] in "\u17d2\u1039" or "\u0e40" <= l[-1] <= "\u0e44" or "\u0ec0" <= l[-1] <= "\u0ec4"]
        check(not ends, "%s: lines end inside a syllable: %s" % (lang, [l[-6:] for l in ends[:4]]))
        inside = [(i, j) for i, j in cuts(text, ls) if not re.search(r"\s", text[i:j])]
        check(inside, "%s: lines break only at spaces" % lang)
        if lang in keep:
            # A split word shows as its head ending one line and its tail starting the next.
            for a, b in zip(ls, ls[1:]):
                for word in (keep[lang], joined[lang]):
                    for k in range(1, len(word)):
                        check(not (a.endswith(word[:k]) and b.startswith(word[k:])),
                              "%s: %s split as %s|%s" % (lang, word, word[:k], word[k:]))

@test("typeset.balanced-headlines", "all")
def _(env):
    """The flyer's headline in every shipped language (style key balance=true): its last line is
    at least half as wide as its longest (no lonely word), from pdftotext -bbox-layout; and the
    Japanese headline keeps 隣人 whole (the keep list of ja.po)."""
    short = []
    for lang in SHIPPED:
        pdf = os.path.join(env.all, "flyer", lang + ".pdf")
        out = tool("pdftotext", "-bbox-layout", pdf, "-")[1]
        lines = [(float(a), float(b), float(c), float(d)) for a, b, c, d in
                 re.findall(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', out)]
        tall = max(l[3] - l[1] for l in lines)
        # The headline: the tallest lines, in the band at the top of the page.
        rows = {}
        for x0, y0, x1, y1 in lines:
            if y0 < 220 and y1 - y0 > 0.8 * tall:
                r = rows.setdefault(round((y0 + y1) / 20), [x0, x1])
                r[0], r[1] = min(r[0], x0), max(r[1], x1)
        widths = [r[1] - r[0] for k, r in sorted(rows.items())]
        check(widths, "%s: no headline found" % lang)
        print("%s: headline lines %s" % (lang, " ".join("%.0f" % w for w in widths)))
        if widths[-1] < 0.5 * max(widths):
            short.append("%s (%.0f of %.0f pt)" % (lang, widths[-1], max(widths)))
    check(not short, "headlines ending on a short line: %s" % ", ".join(short))
    text = tool("pdftotext", "-raw", os.path.join(env.all, "flyer", "ja.pdf"), "-")[1]
    check("隣\n人" not in text and "隣人" in text.split("\n")[0] + text.split("\n")[1], "隣人 split: %r" % text[:40])

# Latin inside other scripts: where it goes in each language's UDHR text (after this many
# characters, at the next space).
LATIN_IN = {"hi": "hin", "km": "khm", "th": "tha", "ar": "arb", "ur": "urd", "ja": "jpn"}
LATIN = "Koreatown Immigrant Workers Alliance (KIWA) https://kiwa.org"

def trace_glyphs(pdf):
    """PDF's first page as (character, font, baseline y) per glyph, in drawing order (mutool trace)."""
    rc, out, err = tool("mutool", "trace", pdf)
    check(rc == 0, "mutool trace: %s" % err[:200])
    glyphs, font = [], ""
    for line in out.split("\n"):
        m = re.search(r'<span font="(?:[A-Z]{6}\+)?([^"]+)"', line)
        if m:
            font = m.group(1)
        m = re.search(r'<g unicode="([^"]*)"[^>]* y="([-\d.e]+)"', line)
        if m:
            ch = html.unescape(m.group(1))
            glyphs.append((ch, font, float(m.group(2))))
    return glyphs

@test("typeset.latin-runs")
def _(env):
    """A run of Latin text in another script ("(KIWA)", "https://kiwa.org" in a Hindi, Khmer, Thai,
    Arabic, Urdu or Japanese paragraph) is set entirely in the Latin face: its letters, parentheses,
    "://" and "." all come from Noto Sans (mutool trace), and the lines it sits in are as far apart
    as the paragraph's other lines (every pitch within 0.1 pt of the others)."""
    content = env.content_copy("latin")
    texts, own = {}, {}
    for lang, code in LATIN_IN.items():
        s = udhr_piece(env, code, 900)
        cut = s.find(" ", 250) if lang != "ja" else 250
        texts[lang] = s[:cut] + " " + LATIN + " " + s[cut:]
        own[lang] = set(s)
        new_po(env, content, lang, (), {"stance": texts[lang]})
    layouts = env.tmp("latin-layouts")
    open(os.path.join(layouts, "leading.ini"), "w", encoding="utf-8").write(LEADING_LAYOUT)
    out = env.tmp("latin-out")
    bad = []
    for lang, pdf in render_leading(env, content, layouts, out, LATIN_IN):
        glyphs = [g for g in trace_glyphs(pdf) if g[2] > 60]  # not the notice --force puts at the top
        # Every glyph of a character that only the Latin run has.
        foreign = sorted(set("%s in %s" % (c, f) for c, f, y in glyphs
                             if c in LATIN and c not in own[lang] and not c.isspace() and not f.startswith("NotoSans-")))
        latin = sum(1 for c, f, y in glyphs if f.startswith("NotoSans-"))
        # The baselines: the heights where most glyphs stand, exactly (marks stand elsewhere).
        ys = Counter(y for c, f, y in glyphs)
        top = max(ys.values())
        rows = []
        for y, n in ys.most_common():
            if n >= top / 4 and all(abs(y - r) > 0.6 * 14 for r in rows):
                rows.append(y)
        rows.sort()
        pitch = [b - a for a, b in zip(rows, rows[1:])]
        usual = sorted(pitch)[len(pitch) // 2]
        print("%s: %d Latin glyphs, %d lines, pitch %.2f-%.2f pt (usual %.2f)%s"
              % (lang, latin, len(rows), min(pitch), max(pitch), usual, "; " + ", ".join(foreign) if foreign else ""))
        if foreign or latin < len(LATIN.replace(" ", "")) or max(pitch) - min(pitch) > 0.1:
            bad.append(lang)
    check(not bad, "Latin runs not in one face or lines not evenly spaced: %s" % bad)

@test("typeset.check-warnings")
def _(env):
    """check warns, at the PO entry's file:line: a line that ends inside a word of the keep list
    (Khmer, where the translator typed U+200B inside the kept name), a headline that ends on one
    short word (Spanish), and a script volante's fonts.conf gives no face (Vai, in Noto Sans Vai
    found by fontconfig). The shipped languages get none of these (check.shipped)."""
    content = env.content_copy("warn")
    name = "កូរ៉េថោន"
    cut = name[:4] + ZWSP + name[4:]
    words = ["សិទ្ធិ", "មនុស្ស", "ការងារ", "សហគមន៍"]
    stance = ZWSP.join((words[i % 4] + ZWSP + cut) for i in range(60))
    km = new_po(env, content, "km", ["X-Volante-Keep: %s" % name], {"stance": stance})
    es = new_po(env, content, "es", (), {"headline": "Inconstitucionalmente no"})
    vai = new_po(env, content, "vai", (), {"allies": "ꕙꔤ ꕞꕌꔳ ꕉꕜ"})
    rc, out, err = env.run("check", "--content", content, "--json")
    probs = json.loads(out)["problems"]
    # The long Spanish word overflows the tri-fold's narrow panel: that one error, no other.
    errors = [(p["kind"], p["lang"], p["layout"]) for p in probs if p["severity"] == "error"]
    check(rc == 1 and errors == [("overflow", "es", "trifold")], "check: rc %d, errors %s" % (rc, errors))
    def found(kind, lang, key, po):
        hits = [p for p in probs if p["kind"] == kind and p["lang"] == lang and p["key"] == key]
        check(hits, "no %s warning for %s %s: %s" % (kind, lang, key, sorted(set((p["kind"], p["lang"]) for p in probs))))
        line = line_of(po, 'msgctxt "%s"' % key)
        check(all(p["file"].endswith(os.path.basename(po)) and p["line"] == line and p["severity"] == "warning"
                  for p in hits), "%s: wrong place %s (entry at line %d)" % (kind, hits[0], line))
        print("%s: %s" % (kind, hits[0]["message"]))
        return hits[0]["message"]
    check(name in found("kept-word-split", "km", "stance", km), "the kept word is not named")
    check('"no"' in found("lonely-word", "es", "headline", es), "the lonely word is not named")
    m = found("no-face", "vai", "allies", vai)
    check("the Vai script" in m and "Noto Sans Vai" in m, "the script or the face is not named: %s" % m)
    # None of the three for the shipped languages.
    kinds = set(p["kind"] for p in probs if p["lang"] not in ("km", "es", "vai"))
    check(not kinds & {"kept-word-split", "lonely-word", "no-face"}, "warnings for other languages: %s" % kinds)

PHRASE_LAYOUT = BREAKS_LAYOUT.replace("[style.text]\nsize=12\nsize-min=12", "[style.text]\nsize=30\nsize-min=30\nbalance=true")
PHRASES = {"ja": ("私たちの移民の隣人とともに立とう", ["私たちの", "移民の", "隣人", "ともに", "立とう"]),
           "zh-Hans": ("与我们的移民邻居站在一起", ["我们", "移民", "邻居", "一起"]),
           "zh-Hant": ("與我們的移民鄰居站在一起", ["我們", "移民", "鄰居", "一起"])}

@test("typeset.cjk-phrases")
def _(env):
    """A balanced paragraph (a headline) in Japanese breaks only between phrases (ICU's lw=phrase)
    (never between a kanji and the kana after it) and in Chinese only between words, with no keep
    list: set at three widths, no line ends inside 隣人, 立とう, 移民, 邻居 or 一起, and the headline
    does break (several lines)."""
    content = env.content_copy("phrases")
    for lang, (text, words) in PHRASES.items():
        new_po(env, content, lang, (), {"stance": text})
    layouts = env.tmp("phrases-layouts")
    open(os.path.join(layouts, "breaks.ini"), "w", encoding="utf-8").write(PHRASE_LAYOUT)
    out = env.tmp("phrases-out")
    rc, so, se = env.run("render", "--content", content, "--layouts-dir", layouts, "--layout", "breaks",
                         *sum((["--lang", l] for l in PHRASES), []), "--out", out, "--force")
    for lang, (text, words) in PHRASES.items():
        pdf = os.path.join(out, "breaks", lang + ".pdf")
        check(os.path.exists(pdf), "render %s: %s" % (lang, se[-300:]))
        raw = tool("pdftotext", "-raw", "-enc", "UTF-8", pdf, "-")[1]
        lines = [re.sub(r"\s", "", l) for l in raw.split("\n") if re.search(r"[^\x00-\x7f]", l)]
        print("%s: %s" % (lang, " | ".join(lines)))
        check(len(lines) > 3, "%s: the headline never breaks: %s" % (lang, lines))
        for a, b in zip(lines, lines[1:]):
            for w in words:
                for k in range(1, len(w)):
                    check(not (a.endswith(w[:k]) and b.startswith(w[k:])), "%s: %s split: %s|%s" % (lang, w, a, b))

@test("typeset.extract-text", "all")
def _(env):
    """A reader gets the words as written back from the PDF (pdftotext, as screen readers and copy
    and paste do): the Thai, Khmer, Hindi and Punjabi flyers' stance, line breaks aside, with no
    space inside a word (Khmer ថ្នា ក់ before) and no stacked mark moved to another line (Thai ทัง /
    ้ หลาย before): complex scripts are written with their text as ActualText."""
    bad = []
    for lang in ("th", "km", "hi", "pa"):
        want = strip_markup(po_msgstr(os.path.join(env.content, "po", lang + ".po"), "stance"))
        want = re.sub(r"[\u200b\u2060]", "", want)
        got = pdftext(os.path.join(env.all, "flyer", lang + ".pdf")).replace("\u200b", "")
        got = re.sub(r" *\n *", "", got)  # the line breaks, and the spaces at them
        flat = lambda s: re.sub(r" +", " ", s)
        # The stance, from one line to the next, is the translation: its words, spaces where it has them.
        found = all(flat(part) in flat(got) for part in want.split(" ") if len(part) > 1)
        words = [w for w in want.split(" ") if w]
        whole = flat(" ".join(words)).replace(" ", "") in flat(got).replace(" ", "")
        print("%s: every word whole %s, text whole %s" % (lang, found, whole))
        if not (found and whole):
            bad.append(lang)
    check(not bad, "text does not come back from the PDF as written: %s" % bad)
