"""volante tests: input people write that volante once took quietly or crashed on (issue 9, items
8, 9, 12 and 13): POSIX locale names, duplicate and unknown entries, control characters, bounds of
layout lengths. Each test plants the case as its users meet it, asserts the exact message with
file:line and the exit status, and then tries the next thing a person does, in a language other
than English."""
from vtest import *

def entry_line(po, ctx):
    """The line of `msgctxt "CTX"` in a PO file."""
    return line_of(po, 'msgctxt "%s"' % ctx)

def set_ini(path, key, value):
    """Sets KEY=VALUE in the first place KEY= starts a line; returns that line's number."""
    lines = open(path, encoding="utf-8").read().split("\n")
    for i, l in enumerate(lines):
        if l.startswith(key + "="):
            lines[i] = "%s=%s" % (key, value)
            open(path, "w", encoding="utf-8").write("\n".join(lines))
            return i + 1
    raise Fail("no %s= in %s" % (key, path))

# ---------------------------------------------------------------- 8. source-lang as a POSIX name

@test("input.source-lang-posix")
def _(env):
    """Item 8: source-lang=en_US (a POSIX name) once crashed render when a page shrank enough to be
    compared with the English. It is read as en-US: a long Spanish headline renders (the page is
    compared with the English), the English is en-US.pdf, the bilingual pairs es with en-US."""
    content = env.content_copy("srclang")
    ini = os.path.join(content, "volante.ini")
    set_ini(ini, "source-lang", "en_US")
    po = os.path.join(content, "po", "es.po")
    set_msgstr(po, "headline", " ".join([po_msgstr(po, "headline")] * 3))
    out = env.tmp("srclang-out")
    rc, so, se = env.run("render", "--content", content, "--layout", "flyer", "--layout", "bilingual", "--lang", "es",
                         "--lang", "en_US", "--out", out)
    check(rc == 0, "render with source-lang=en_US exited %d: %s" % (rc, se[-600:]))
    for f in ("flyer/es.pdf", "flyer/en-US.pdf", "bilingual/es+en-US.pdf"):
        check(os.path.exists(os.path.join(out, f)), "%s not written: %s" % (f, sorted(os.listdir(out))))
    check("immigrant neighbors" in pdftext(os.path.join(out, "flyer", "en-US.pdf")), "no English")
    rc, j = problems(env, content, "--lang", "ko", "--layout", "flyer")
    check(rc == 0, "check in Korean with source-lang=en_US: %s" % j["problems"][:2])
    # What is not a language at all is a mistake at its line, not a crash.
    for bad_value in ("english", "en_USA", "en@foo"):
        line = set_ini(ini, "source-lang", bad_value)
        rc, so, se = env.run("render", "--content", content, "--layout", "flyer", "--lang", "es", "--out", out)
        want = ("volante: %s:%d: source-lang: '%s' is not a language code (codes look like es, zh-Hant or pt-BR; "
                "pt_BR and sr@latin are read as pt-BR and sr-Latn)\n" % (ini, line, bad_value))
        check(rc == 2 and se == want, "source-lang=%s: rc %d %r" % (bad_value, rc, se[-400:]))

# ---------------------------------------------------------------- 9. file names translators' tools make

PT_BR = {
    "headline": "Apoie nossos vizinhos imigrantes",
    "stance": "Muito mais pode e deve ser feito em nível local pelos imigrantes de Los Angeles, enquanto resistimos "
              "aos esforços do governo Trump para deportar nossos vizinhos.",
    "fact.undocumented": "<b>10%</b> das pessoas de Los Angeles não têm documentos, e isso é 10% de todas as pessoas "
                         "sem documentos do país inteiro.",
    "fact.languages": "<b>Mais da metade</b> das famílias de Los Angeles fala em casa uma língua que não é o inglês.",
    "allies": "Organizações que apoiam os imigrantes",
    "ally.ice-out-of-la.name": "Coalizão ICE out of LA",
    "ally.ice-out-of-la.summary": "Membros da comunidade de todo o Condado de Los Angeles (grupos sindicais, "
                                  "religiosos, de base, jurídicos, de políticas públicas e de direitos civis) unidos "
                                  "contra as deportações e a criminalização dos migrantes.",
    "ally.kiwa.name": "Aliança de Trabalhadores Imigrantes de Koreatown (KIWA)",
    "ally.kiwa.summary": "Fortalece os trabalhadores imigrantes de Koreatown em empregos de baixa renda para "
                         "conquistar dignidade e respeito no trabalho e na comunidade. Um dos poucos grupos que "
                         "organiza trabalhadores coreanos e latinos.",
    "ally.al-otro-lado.name": "Al Otro Lado",
    "ally.al-otro-lado.summary": "Uma organização binacional de serviços jurídicos e justiça social que atende "
                                 "deportados, migrantes e refugiados sem recursos em Tijuana, no México, e luta pelas "
                                 "famílias separadas por leis de imigração injustas.",
}

def msginit_pt_br(env, name):
    """A content copy with po/pt_BR.po as a translator makes it: volante extract, then msginit -l
    pt_BR, then the flyer's texts translated (in the one-line form set_msgstr edits)."""
    if not shutil.which("msginit"):
        sys.exit(77)
    content = env.content_copy(name)
    rc, so, se = env.run("extract", "--content", content)
    check(rc == 0, "extract: %s" % se[-300:])
    po = os.path.join(content, "po", "pt_BR.po")
    rc, o, e = tool("msginit", "--no-translator", "--no-wrap", "-l", "pt_BR", "-i",
                    os.path.join(content, "po", "volante.pot"), "-o", po)
    check(rc == 0 and os.path.exists(po), "msginit: %s" % e)
    for key, text in PT_BR.items():
        set_msgstr(po, key, text)
    rc, o, e = tool("msgfmt", "-c", "-o", os.devnull, po)
    check(rc == 0, "msgfmt -c on the Portuguese: %s" % e)
    return content, po

@test("input.posix-po-name")
def _(env):
    """Item 9: msginit -l pt_BR writes pt_BR.po; every command once exited 2 for every language.
    pt_BR.po is Portuguese (Brazil), pt-BR: render writes pt-BR.pdf beside Spanish, --lang takes
    either spelling, check points at pt_BR.po, langs lists it, context and the kiosk show it."""
    content, po = msginit_pt_br(env, "ptbr")
    out = env.tmp("ptbr-out")
    rc, so, se = env.run("render", "--content", content, "--layout", "flyer", "--layout", "bilingual", "--lang", "pt_BR",
                         "--lang", "es", "--out", out)
    check(rc == 0, "render pt_BR and es exited %d: %s" % (rc, se[-500:]))
    pt = " ".join(pdftext(os.path.join(out, "flyer", "pt-BR.pdf")).split())  # headlines break where balance puts them
    check("Apoie nossos vizinhos" in pt and "Mais da metade" in pt, "the Portuguese flyer: %s" % pt[:300])
    check(os.path.exists(os.path.join(out, "flyer", "es.pdf")), "no Spanish flyer")
    check(os.path.exists(os.path.join(out, "bilingual", "pt-BR+en.pdf")), "no pt-BR+en bilingual: %s"
          % os.listdir(os.path.join(out, "bilingual")))
    rc, so, se = env.run("render", "--content", content, "--layout", "flyer", "--lang", "pt-BR", "--out", out)
    check(rc == 0, "--lang pt-BR: %s" % se[-300:])
    rc, j = problems(env, content, "--lang", "pt-BR", "--layout", "flyer")
    check(rc == 0, "check of the Portuguese: %s" % [p for p in j["problems"] if p["severity"] == "error"][:3])
    missing = [p for p in j["problems"] if p["kind"] == "missing-translation"]
    check(missing and all(p["file"] == po and p["lang"] == "pt-BR" for p in missing),
          "missing texts not at pt_BR.po: %s" % missing[:2])
    rc, so, se = env.run("langs", "--content", content, "--json")
    codes = {l["code"]: l for l in json.loads(so)}
    check(rc == 0 and "pt-BR" in codes and codes["pt-BR"]["name"].startswith("Português"), "langs: %s" % so[-400:])
    rc, so, se = env.run("context", "--content", content, "--lang", "pt_BR", "--out", env.tmp("ptbr-context"))
    check(rc == 0 and os.path.exists(os.path.join(env.work, "ptbr-context", "headline.png")), "context: %s" % se[-300:])
    rc, shots, stats, se = kiosk(env, "ptbr-kiosk", ["shot s"], size="960x540", content=content)
    ids = [b["id"] for b in state(shots, "s")["buttons"]] if rc == 0 else []
    check("lang:pt-BR" in ids, "kiosk buttons: %s %s" % (ids, se[-300:]))

@test("input.bad-po-name")
def _(env):
    """Item 9: a PO file whose name is no language (português.po) and a second file of one language
    (zh_TW.po beside zh-Hant.po) are each an error at FILE:1; every other language is made, in
    render, check, langs, proof, extract, context and the kiosk."""
    content, po = msginit_pt_br(env, "badname")
    podir = os.path.join(content, "po")
    shutil.copy(po, os.path.join(podir, "português.po"))
    shutil.copy(os.path.join(podir, "zh-Hant.po"), os.path.join(podir, "zh_TW.po"))
    want = ["%s/português.po:1: error: file name: 'português' is not a language code (codes look like es, zh-Hant or "
            "pt-BR; pt_BR and sr@latin are read as pt-BR and sr-Latn) (language)" % podir,
            "%s/zh_TW.po:1: error: [zh-Hant] file name: zh_TW is zh-Hant, as zh-Hant.po is: only zh-Hant.po is read; "
            "merge the two and remove one (language)" % podir]
    out = env.tmp("badname-out")
    rc, so, se = env.run("render", "--content", content, "--layout", "flyer", "--out", out)
    check(rc == 1, "render exited %d: %s" % (rc, se[-500:]))
    for w in want:
        check(w in se.splitlines(), "render did not say %r: %s" % (w, se[-800:]))
    made = sorted(os.listdir(os.path.join(out, "flyer")))
    check(made == sorted(l + ".pdf" for l in SHIPPED + ["pt-BR"]), "flyers written: %s" % made)
    rc, so, se = env.run("check", "--content", content, "--layout", "flyer")
    check(rc == 1 and all(w in so.splitlines() for w in want), "check: rc %d %s" % (rc, so[-800:]))
    rc, so, se = env.run("langs", "--content", content)
    check(rc == 1 and all(w in se.splitlines() for w in want) and re.search(r"^pt-BR ", so, re.M)
          and re.search(r"^zh-Hant ", so, re.M), "langs: rc %d %s %s" % (rc, so[-300:], se[-300:]))
    # Asked for other languages, the bad files are not theirs: nothing said, exit 0.
    rc, so, se = env.run("proof", "--content", content, "--layout", "flyer", "--lang", "es", "--lang", "pt_BR",
                         "--out", os.path.join(out, "proof.pdf"))
    check(rc == 0 and os.path.exists(os.path.join(out, "proof.pdf")), "proof: %s" % se[-300:])
    rc, so, se = env.run("check", "--content", content, "--layout", "flyer", "--lang", "zh-Hant")
    check(rc == 1 and want[1] in so.splitlines() and want[0] not in so, "check --lang zh-Hant: %s" % so[-500:])
    rc, so, se = env.run("extract", "--content", content)
    check(rc == 0, "extract: %s" % se[-300:])
    rc, so, se = env.run("context", "--content", content, "--lang", "ko", "--out", env.tmp("badname-context"))
    check(rc == 0, "context: %s" % se[-300:])
    rc, shots, stats, se = kiosk(env, "badname-kiosk", ["shot s"], size="960x540", content=content)
    check(rc == 0, "kiosk: %s" % se[-300:])
    ids = [b["id"] for b in state(shots, "s")["buttons"]]
    check("lang:pt-BR" in ids and "lang:es" in ids and len(ids) == 17, "kiosk buttons: %s" % ids)
    for w in want:  # the kiosk's log: file:line and the message
        w = re.sub(r" \(language\)$", "", w.replace("error: ", "").replace("[zh-Hant] ", ""))
        check(w in se, "kiosk log without %r: %s" % (w, se[-600:]))

# ---------------------------------------------------------------- 12. quiet acceptance of mistakes

@test("input.duplicate-msgctxt")
def _(env):
    """Item 12: a second entry for one text in a PO file (pasted twice, or with another English) is an
    error at the second entry's line, naming the first; Spanish is not printed, Korean is."""
    content = env.content_copy("dup")
    po = os.path.join(content, "po", "es.po")
    first = entry_line(po, "headline")
    for msgid in ("Stand with our immigrant neighbors", "Stand with our neighbors"):
        text = open(po, encoding="utf-8").read().rstrip("\n").split("\n\nmsgctxt \"headline\"\nmsgid \"Stand with our")[0]
        text += '\n\nmsgctxt "headline"\nmsgid "%s"\nmsgstr "Otra cosa"\n' % msgid
        open(po, "w", encoding="utf-8").write(text)
        second = len(text.rstrip("\n").split("\n")) - 2
        want = ('%s:%d: error: [es] a second entry for "headline" (the first is at line %d): keep one and remove the '
                'other (syntax)' % (po, second, first))
        rc, so, se = env.run("check", "--content", content, "--layout", "flyer", "--lang", "es", "--lang", "ko")
        check(rc == 1 and want in so.splitlines(), "check (msgid %r): rc %d %s" % (msgid, rc, so[-600:]))
        out = env.tmp("dup-out")
        rc, so, se = env.run("render", "--content", content, "--layout", "flyer", "--lang", "es", "--lang", "ko",
                             "--out", out)
        check(rc == 1 and want in se.splitlines(), "render: rc %d %s" % (rc, se[-600:]))
        check(os.listdir(os.path.join(out, "flyer")) == ["ko.pdf"], "written: %s" % os.listdir(os.path.join(out, "flyer")))

@test("input.tiny-type-size")
def _(env):
    """Item 12: size=1e-300 in a style passed check and failed in render, blamed on the PDF being
    written. It is an error at the layout's size= line (never at size-min, never at a PO file or PDF),
    with or without size-min; nothing is written."""
    for name, old, new in (("tiny", "size=44\nsize-min=22", "size=1e-300\nsize-min=22"),
                           ("tiny-alone", "size=44\nsize-min=22", "size=1e-300")):
        d = layout_dir(env, name, lambda s: s.replace(old, new, 1))
        ini = os.path.join(d, "flyer.ini")
        line = line_of(ini, "size=1e-300")
        want = "%s:%d: error: in flyer: [style.headline] size: 1e-300 is out of range (1 pt to 1000 pt) (layout)" % (ini, line)
        rc, so, se = env.run("check", "--content", env.content, "--layouts-dir", d, "--lang", "es")
        check(rc == 1 and want in so.splitlines(), "check: rc %d %s" % (rc, so[-500:]))
        check("size-min" not in so, "blamed on size-min: %s" % so[-500:])
        out = env.tmp(name + "-out")
        rc, so, se = env.run("render", "--content", env.content, "--layouts-dir", d, "--lang", "es", "--lang", "ko",
                             "--out", out)
        errors = [l for l in se.splitlines() if ": error: " in l]
        check(rc == 1 and errors == [want], "render: rc %d %s" % (rc, se[-500:]))
        check(not os.listdir(out), "written from a broken layout: %s" % os.listdir(out))

@test("input.source-date-epoch")
def _(env):
    """Item 12: a SOURCE_DATE_EPOCH that is no time was ignored (the PDFs got today's date). render,
    proof and extract say so, naming the variable and the value, exit 2 and write nothing; a good
    value renders Spanish with its date."""
    content = env.content_copy("sde")
    pot = os.path.join(content, "po", "volante.pot")
    before = open(pot, encoding="utf-8").read()
    for value in ("yesterday", "1.7e9", "-1", "99999999999999"):
        want = ('SOURCE_DATE_EPOCH="%s" is not a time: it must be whole seconds since 1970-01-01 UTC (like '
                '1700000000); set it to one, or unset it\n' % value)
        out = env.tmp("sde-out")
        for cmd in (["render", "--out", out, "--layout", "flyer", "--lang", "es"],
                    ["proof", "--out", os.path.join(out, "p.pdf"), "--layout", "flyer", "--lang", "es"], ["extract"]):
            rc, so, se = env.run(cmd[0], "--content", content, *cmd[1:], env={"SOURCE_DATE_EPOCH": value})
            check(rc == 2 and se == "volante %s: %s" % (cmd[0], want), "%s with %r: rc %d %r" % (cmd[0], value, rc, se))
        check(not os.listdir(out), "written with a bad SOURCE_DATE_EPOCH: %s" % os.listdir(out))
    check(open(pot, encoding="utf-8").read() == before, "extract rewrote the template")
    out = env.tmp("sde-out")
    rc, so, se = env.run("render", "--content", content, "--out", out, "--layout", "flyer", "--lang", "es",
                         env={"SOURCE_DATE_EPOCH": "1700000000"})
    check(rc == 0 and "2023" in pdfinfo(os.path.join(out, "flyer", "es.pdf")).get("CreationDate", ""),
          "render with a good SOURCE_DATE_EPOCH: %s %s" % (se[-300:], pdfinfo(os.path.join(out, "flyer", "es.pdf"))))

@test("input.control-characters")
def _(env):
    """Item 12: an escape sequence in a translation was echoed raw to the terminal by check. It is an
    error at the entry (U+001B), nothing volante prints holds a control character, Spanish is not
    printed and Korean is."""
    content = env.content_copy("ctl")
    po = os.path.join(content, "po", "es.po")
    line = set_msgstr(po, "headline", "Solidaridad \x1b[2J\x1b]0;hola\x07 con <b>\x1b[31mvecinos</b>")
    want = ('%s:%d: error: [es] headline: a control character (U+001B) after "Solidaridad ": delete it (it prints '
            'wrongly or not at all) (control-character)' % (po, line))
    rc, so, se = env.run("check", "--content", content, "--layout", "flyer", "--lang", "es", "--lang", "ko")
    check(rc == 1 and want in so.splitlines(), "check: rc %d %r" % (rc, so[-600:]))
    bad = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
    check(not bad.search(so + se), "check printed a control character: %r" % (so + se)[-400:])
    out = env.tmp("ctl-out")
    rc, so, se = env.run("render", "--content", content, "--layout", "flyer", "--lang", "es", "--lang", "ko", "--out", out)
    check(rc == 1 and want in se.splitlines() and not bad.search(so + se), "render: rc %d %r" % (rc, se[-600:]))
    check(os.listdir(os.path.join(out, "flyer")) == ["ko.pdf"], "written: %s" % os.listdir(os.path.join(out, "flyer")))
    rc, j = problems(env, content, "--layout", "flyer", "--lang", "es")
    p = [p for p in j["problems"] if p["kind"] == "control-character"]
    check(p and p[0]["line"] == line and "\x1b" not in json.dumps(j, ensure_ascii=False), "check --json: %s" % p)

# ---------------------------------------------------------------- 13. edges that passed unchecked

def add_key(text, group, line):
    """TEXT (a layout) with LINE added right under [GROUP]."""
    check("[%s]\n" % group in text, "no [%s]" % group)
    return text.replace("[%s]\n" % group, "[%s]\n%s\n" % (group, line), 1)

@test("input.image-outside")
def _(env):
    """Item 13: a layout's image= may not reach out of the content folder (../, an absolute path, or a
    link in the content folder to a file elsewhere): an error at the image= line, nothing written. A
    picture in the content folder prints in Spanish."""
    content = env.content_copy("img")
    secret = os.path.join(env.work, "img", "secret.png")
    check(tool("convert", "-size", "60x60", "xc:red", secret)[0] == 0, "convert")
    os.symlink(secret, os.path.join(content, "link.png"))
    for value, why in (("../secret.png", "is outside the content folder: put the picture in the content folder and "
                                         "name it from there (like logo.png or images/logo.png)"),
                       (secret, "is outside the content folder: put the picture in the content folder and name it "
                                "from there (like logo.png or images/logo.png)")):
        d = layout_dir(env, "img-layout", lambda s: add_key(s, "frame.headline", "image=" + value))
        ini = os.path.join(d, "flyer.ini")
        want = '%s:%d: error: in flyer: [frame.headline] image: "%s" %s (layout)' % (ini, line_of(ini, "image=" + value),
                                                                                   value, why)
        out = env.tmp("img-out")
        rc, so, se = env.run("render", "--content", content, "--layouts-dir", d, "--lang", "es", "--out", out)
        check(rc == 1 and want in se.splitlines(), "image=%s: rc %d %s" % (value, rc, se[-500:]))
        check(not os.listdir(out), "written: %s" % os.listdir(out))
    d = layout_dir(env, "img-layout", lambda s: add_key(s, "frame.headline", "image=link.png"))
    ini = os.path.join(d, "flyer.ini")
    want = ('%s:%d: error: [es] in flyer: frame "headline": image %s is a link to a file outside the content folder: '
            'copy the picture into the content folder (image)' % (ini, line_of(ini, "image=link.png"),
                                                                 os.path.join(content, "link.png")))
    out = env.tmp("img-out")
    rc, so, se = env.run("render", "--content", content, "--layouts-dir", d, "--lang", "es", "--out", out)
    check(rc == 1 and want in se.splitlines(), "a link out: rc %d %s" % (rc, se[-500:]))
    check(not os.path.exists(os.path.join(out, "flyer", "es.pdf")), "printed a picture from outside")
    # The organizer copies the picture in: it prints.
    os.unlink(os.path.join(content, "link.png"))
    shutil.copy(secret, os.path.join(content, "link.png"))
    rc, so, se = env.run("render", "--content", content, "--layouts-dir", d, "--lang", "es", "--out", out)
    check(rc == 0 and os.path.exists(os.path.join(out, "flyer", "es.pdf")), "the picture inside: %s" % se[-400:])

@test("input.po-entries-unused")
def _(env):
    """Item 13: an entry for no text of the content is a warning at its line (Spanish still prints);
    an entry with plural forms is an error at its line (Spanish is not printed, Korean is)."""
    content = env.content_copy("unused")
    po = os.path.join(content, "po", "es.po")
    text = open(po, encoding="utf-8").read().rstrip("\n")
    text += '\n\nmsgctxt "slogan"\nmsgid "Welcome"\nmsgstr "Bienvenidos"\n'
    open(po, "w", encoding="utf-8").write(text)
    line = line_of(po, 'msgctxt "slogan"')
    want = ("%s:%d: warning: [es] slogan: no text of %s has this msgctxt, so it is never printed (renamed or removed "
            "there?): update the PO file from the new volante.pot (msgmerge) (unknown-entry)"
            % (po, line, os.path.join(content, "volante.ini")))
    rc, so, se = env.run("check", "--content", content, "--layout", "flyer", "--lang", "es")
    check(rc == 0 and want in so.splitlines(), "check: rc %d %s" % (rc, so[-500:]))
    out = env.tmp("unused-out")
    rc, so, se = env.run("render", "--content", content, "--layout", "flyer", "--lang", "es", "--out", out)
    check(rc == 0 and os.path.exists(os.path.join(out, "flyer", "es.pdf")), "render: %s" % se[-300:])
    # msgid_plural on a text volante prints
    text = open(po, encoding="utf-8").read()
    old = 'msgid "Organizations that stand with immigrants"\nmsgstr "Organizaciones que apoyan a los inmigrantes"'
    check(old in text, "es.po changed")
    text = text.replace(old, 'msgid "Organizations that stand with immigrants"\nmsgid_plural "Organizations"\n'
                             'msgstr[0] "Organización"\nmsgstr[1] "Organizaciones que apoyan a los inmigrantes"')
    open(po, "w", encoding="utf-8").write(text)
    line = entry_line(po, "allies")
    want = ("%s:%d: error: [es] allies: an entry with plural forms (msgid_plural, msgstr[N]): volante prints one text, "
            "so it cannot choose a form; write it as one msgid and one msgstr, as in volante.pot (plural)" % (po, line))
    rc, so, se = env.run("check", "--content", content, "--layout", "flyer", "--lang", "es")
    check(rc == 1 and want in so.splitlines(), "check: rc %d %s" % (rc, so[-500:]))
    out = env.tmp("unused-out")
    rc, so, se = env.run("render", "--content", content, "--layout", "flyer", "--lang", "es", "--lang", "ko", "--out", out)
    check(rc == 1 and os.listdir(os.path.join(out, "flyer")) == ["ko.pdf"], "render: rc %d %s" % (rc, se[-400:]))

@test("input.bidi-controls")
def _(env):
    """Item 13: a bidi override (U+202E) in Spanish and an isolate (U+2067) in Arabic are errors at the
    entry; the marks Persian needs (RLM, ALM, ZWNJ) are not, and Persian prints."""
    content = env.content_copy("bidi")
    po = lambda l: os.path.join(content, "po", l + ".po")
    es = set_msgstr(po("es"), "headline", "Solidaridad \u202eodnum\u202c")
    ar_line, ar_old = entry_line(po("ar"), "allies"), po_msgstr(po("ar"), "allies")
    set_msgstr(po("ar"), "allies", "\u2067" + ar_old + "\u2069")
    fa_old = po_msgstr(po("fa"), "allies")
    set_msgstr(po("fa"), "allies", "\u200f" + fa_old.replace(" ", "\u200c", 1) + "\u061c")
    rc, so, se = env.run("check", "--content", content, "--layout", "flyer", "--lang", "es", "--lang", "ar",
                         "--lang", "fa")
    want = ['%s:%d: error: [es] headline: a bidi embedding or override (U+202E) after "Solidaridad ": delete it (it '
            'prints wrongly or not at all) (control-character)' % (po("es"), es),
            '%s:%d: error: [ar] allies: a bidi isolate (U+2067) at the start of the translation: delete it (it '
            'prints wrongly or not at all) (control-character)' % (po("ar"), ar_line)]
    for w in want:
        check(w in so.splitlines(), "check did not say %r: %s" % (w, so[-800:]))
    check(not re.search(r"\[fa\].*(control|format)-character", so), "Persian's marks reported: %s" % so[-800:])
    check("\u202e" not in so + se and "\u2067" not in so + se, "check printed a bidi control")
    out = env.tmp("bidi-out")
    rc, so, se = env.run("render", "--content", content, "--layout", "flyer", "--lang", "es", "--lang", "ar",
                         "--lang", "fa", "--out", out)
    check(rc == 1 and os.listdir(os.path.join(out, "flyer")) == ["fa.pdf"], "render: %s %s"
          % (os.listdir(os.path.join(out, "flyer")), se[-400:]))

@test("input.layout-lengths")
def _(env):
    """Item 13: lengths that leave a frame no room (padding, a QR code, the gap between columns) or no
    sensible size (NaN, infinite, a piece of 1e-300 in) are errors at the layout's line, never an
    overflow blamed on a translator's PO file; nothing is written."""
    cases = (("flyer", "padding=14pt", "padding=200in", "[frame.headline] padding: 200in leaves no room inside the frame "
              "(7.50 x 1.70 in)"),
             ("flyer", "qr=0.75in", "qr=200in", "[frame.allies] qr: 200in is wider than the room inside the frame (7.50 in)"),
             ("flyer", "size=12.5\n", "size=nan\n", '[style.body] size: "nan" is not a length (use pt, in, mm or cm)'),
             ("flyer", "margin=0.5in", "margin=inf", '[layout] margin: "inf" is not a length (use pt, in, mm or cm)'),
             ("cards", "piece=3.5inx2in", "piece=1e-300inx2in",
              '[layout] piece: "1e-300inx2in" is smaller than half an inch or larger than the paper'))
    for layout, old, new, why in cases:
        d = env.tmp("len-layout")
        s = open(os.path.join(env.src, "layouts", layout + ".ini"), encoding="utf-8").read()
        check(old in s, "%s.ini has no %s" % (layout, old))
        ini = os.path.join(d, layout + ".ini")
        open(ini, "w", encoding="utf-8").write(s.replace(old, new, 1))
        want = "%s:%d: error: in %s: %s (layout)" % (ini, line_of(ini, new.strip()), layout, why)
        out = env.tmp("len-out")
        rc, so, se = env.run("render", "--content", env.content, "--layouts-dir", d, "--layout", layout, "--lang", "es",
                             "--out", out)
        errors = [l for l in se.splitlines() if ": error: " in l]
        check(rc == 1 and errors == [want], "%s: rc %d %s" % (new, rc, se[-500:]))
        check(".po:" not in se, "%s blamed on a PO file: %s" % (new, se[-500:]))
        check(not os.path.exists(out) or not os.listdir(out), "%s: written %s" % (new, os.listdir(out)))

@test("input.posix-names-langs")
def _(env):
    """Item 9: msginit's file names for Serbian in Latin letters (sr@latin.po) and Portuguese of
    Brazil (pt_BR.po) are listed as sr-Latn and pt-BR, named in themselves; the kiosk's slides
    take --lang sr@latin and write OUT/sr-Latn."""
    if not shutil.which("msginit"):
        sys.exit(77)
    content = env.content_copy("posix-langs")
    pot = os.path.join(content, "po", "volante.pot")
    for loc in ("sr@latin", "pt_BR"):
        rc, o, e = tool("msginit", "--no-translator", "-l", loc, "-i", pot, "-o",
                        os.path.join(content, "po", loc + ".po"))
        check(rc == 0, "msginit -l %s: %s" % (loc, e))
    rc, so, se = env.run("langs", "--content", content, "--json")
    codes = {l["code"]: l["name"] for l in json.loads(so)}
    check(rc == 0 and codes.get("sr-Latn", "").startswith("Srpski") and codes.get("pt-BR", "").startswith("Português"),
          "langs: rc %d %s %s" % (rc, codes, se[-300:]))
    out = env.tmp("posix-langs-out")
    rc, so, se = env.run("slides", "--content", content, "--size", "640x360", "--lang", "sr@latin", "--lang", "es",
                         "--out", out)
    check(sorted(os.listdir(out)) == ["es", "sr-Latn"], "slides: rc %d %s %s" % (rc, os.listdir(out), se[-300:]))
