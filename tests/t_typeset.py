"""volante tests: typesetting a native reader would sign off (issue 10): language names, faces and
leading per script, word-safe line breaks, Latin runs in one face, balanced headlines."""
from vtest import *

def new_po(env, content, lang, fields=(), texts=None):
    """Writes content/po/LANG.po from the template with msgen (every msgstr the English, one line
    each), the header's Language set and FIELDS ("Name: value") added; TEXTS maps keys to msgstrs.
    Returns the PO's path."""
    rc, o, e = env.run("extract", "--content", content)
    check(rc == 0, "extract: %s" % e)
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
    ht_bare = new_po(env, content, "ht")
    check(lang_rows(env, content)["ht"]["name"] == "Kreyòl ayisyen", "ht without a header is not Kreyòl ayisyen")
    ht = new_po(env, content, "ht", ["X-Language-Name: Kreyòl ayisyen"])
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
