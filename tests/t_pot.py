"""volante tests: the translation template (volante extract): notes for translators on every
entry, measured room, a header gettext's tools accept, and the tools' round trip."""
from vtest import *


def pot_blocks(path):
    """msgctxt -> the entry's whole text (comments included) of a POT or PO file."""
    out = {}
    for b in open(path, encoding="utf-8").read().split("\n\n"):
        m = re.search(r'^msgctxt "(.*)"$', b, re.M)
        if m:
            out[m.group(1)] = b
    return out


def room(block, layout):
    """(full, smallest) characters of the note for LAYOUT in an entry, or None."""
    m = re.search(r'^#\. %s, frame [^:]*: fits about (\d+) characters at full size, (\d+) at the smallest size$'
                  % re.escape(layout), block, re.M)
    return (int(m.group(1)), int(m.group(2))) if m else None


def extract(env, content, *extra):
    rc, out, err = env.run("extract", "--content", content, *extra)
    check(rc == 0, "extract: rc=%d %s" % (rc, err))
    return os.path.join(content, "po", "volante.pot")


@test("pot.notes")
def _(env):
    """Every entry says where it prints (layouts and frames), its room there, the picture of it;
    tags to keep where the English has them; names say how to treat them."""
    content = env.content_copy("pot-notes")
    blocks = pot_blocks(extract(env, content))
    check(len(blocks) == 15, "%d entries" % len(blocks))
    for ctx, b in blocks.items():
        check(re.search(r"^#\. flyer, frame|^#\. trifold, frame|^#\. kiosk-landscape", b, re.M),
              "%s: no note naming a layout:\n%s" % (ctx, b))
        check("#. Picture: %s.png" % ctx in b, "%s: no picture named" % ctx)
        check(re.search(r"^#\. kiosk-(landscape|portrait), \w+ slide, frame", b, re.M) or ctx.endswith(".summary"),
              "%s: the kiosk is not named" % ctx)
    full, small = room(blocks["headline"], "flyer")
    check(0 < full < small, "headline room on the flyer: %d, %d" % (full, small))
    check(room(blocks["headline"], "poster") and room(blocks["headline"], "kiosk-landscape, title slide"),
          "headline: no room for the poster or the kiosk")
    check("<b>…</b> (bold)" in blocks["fact.languages"], "fact.languages: no note to keep <b>")
    check("<b>" not in blocks["stance"].split("msgctxt")[0], "stance has no tags but is told to keep some")
    check("#. A name:" in blocks["ally.kiwa.name"], "no note on an organization's name")
    check("with 1 other text" in blocks["fact.languages"], "a shared frame is not said to be shared")
    # Weblate's max-length: only for texts alone in their frames, at the tightest smallest size
    m = re.search(r"^#, max-length:(\d+)$", blocks["headline"], re.M)
    tightest = min(int(x) for x in re.findall(r"(\d+) at the smallest size", blocks["headline"]))
    check(m and abs(int(m.group(1)) - tightest) <= tightest * 0.06 + 3, "headline max-length %s vs %d" % (m and m.group(1), tightest))
    check("max-length" not in blocks["fact.languages"], "a shared frame's text has a max-length")


@test("pot.gettext-tools")
def _(env):
    """The header is complete as xgettext writes it; msginit'd copies pass msgfmt -c with no warning;
    msgmerge brings every shipped PO file up to it without a warning; the date is SOURCE_DATE_EPOCH's."""
    content = env.content_copy("pot-tools")
    pot = extract(env, content)
    text = open(pot, encoding="utf-8").read()
    check("Plural-Forms" not in text, "a template without plural entries has no Plural-Forms (as xgettext)")
    for field in ("Project-Id-Version: volante", "Report-Msgid-Bugs-To:", "POT-Creation-Date: 2023-11-14 22:13+0000",
                  "PO-Revision-Date:", "Last-Translator:", "Language-Team:", "Language: \\n",
                  "Content-Type: text/plain; charset=UTF-8"):
        check(field in text, "header lacks %r" % field)
    rc, o, e = tool("msgfmt", "-c", "-o", os.devnull, pot)
    check(rc == 0, "msgfmt -c on the template itself: %s" % e)
    for locale, name in (("pt_BR", "pt-BR"), ("fa_IR", "fa-x"), ("km_KH", "km-x"), ("zh_TW", "zh-Hant-x")):
        po = os.path.join(env.tmp("pot-init-" + name), name + ".po")
        rc, o, e = tool("msginit", "--no-translator", "-l", locale, "-i", pot, "-o", po)
        check(rc == 0, "msginit -l %s: %s" % (locale, e))
        head = open(po, encoding="utf-8").read()
        check("Language: %s" % locale.split("_")[0] in head, "msginit %s: no Language" % locale)
        # gettext 0.21 knows the plural forms of Portuguese, not of Persian or Khmer: with no
        # Plural-Forms in the template, msginit writes them where it knows them and nothing else
        check(("Plural-Forms: nplurals=2;" in head) == (locale == "pt_BR") and "INTEGER" not in head,
              "msginit %s: Plural-Forms" % locale)
        check(head.count("\n#. ") > 50, "msginit dropped the notes")
        rc, o, e = tool("msgfmt", "-c", "-o", os.devnull, po)
        check(rc == 0 and not e.strip(), "msgfmt -c on a msginit'd %s: %s" % (locale, e.strip()))
    for f in sorted(os.listdir(os.path.join(content, "po"))):
        if not f.endswith(".po"):
            continue
        po = os.path.join(content, "po", f)
        out = os.path.join(env.tmp("pot-merge"), f)
        rc, o, e = tool("msgmerge", "--quiet", "-o", out, po, pot)
        check(rc == 0 and not e.strip(), "msgmerge %s: %s" % (f, e.strip()))
        rc, o, e = tool("msgfmt", "-c", "-o", os.devnull, out)
        check(rc == 0 and not e.strip(), "msgfmt -c after msgmerge of %s: %s" % (f, e.strip()))
        merged = pot_blocks(out)
        check(all("#. Picture:" in b for b in merged.values()), "%s: msgmerge lost the notes" % f)
        check(tool("msgcmp", "--use-fuzzy", out, pot)[0] == 0, "%s does not match the template after msgmerge" % f)
    again = open(extract(env, content), encoding="utf-8").read()
    check(again == text, "a second extract differs")


@test("pot.room-follows-layout")
def _(env):
    """The room figures are measured from the layouts: a taller headline frame on the flyer gives
    the flyer's headline more room, and the poster's stays as it was."""
    content = env.content_copy("pot-room")
    before = pot_blocks(extract(env, content))
    lay = env.tmp("pot-room-layouts")
    shutil.rmtree(lay)
    shutil.copytree(os.path.join(env.src, "layouts"), lay)
    flyer = os.path.join(lay, "flyer.ini")
    s = open(flyer, encoding="utf-8").read()
    check("box=0,0,1,0.17" in s, "the flyer's headline frame moved; update this test")
    # In the flow group the headline's room is the group's; standing alone, its box is its room.
    check("[frame.headline]\nflow=page\n" in s, "the flyer's headline left its flow group; update this test")
    open(flyer, "w", encoding="utf-8").write(
        s.replace("box=0,0,1,0.17", "box=0,0,1,0.30").replace("[frame.headline]\nflow=page\n", "[frame.headline]\n"))
    after = pot_blocks(extract(env, content, "--layouts-dir", lay))
    b, a = room(before["headline"], "flyer"), room(after["headline"], "flyer")
    check(a[0] > b[0] and a[1] > b[1] * 1.4, "flyer headline room %s -> %s" % (b, a))
    check(room(before["headline"], "poster") == room(after["headline"], "poster"), "the poster's room changed")
    # the same with a narrower stance frame: less room (both out of the flow group, where a
    # narrower frame would grow taller instead)
    alone = s.replace("[frame.stance]\nflow=page\n", "[frame.stance]\n")
    open(flyer, "w", encoding="utf-8").write(alone)
    before = pot_blocks(extract(env, content, "--layouts-dir", lay))
    open(flyer, "w", encoding="utf-8").write(alone.replace("box=0.04,0.185,0.92,0.14", "box=0.25,0.185,0.5,0.14"))
    after = pot_blocks(extract(env, content, "--layouts-dir", lay))
    b, a = room(before["stance"], "flyer"), room(after["stance"], "flyer")
    check(a[1] < b[1] * 0.7, "a narrower stance frame: %s -> %s" % (b, a))


@test("pot.content-notes")
def _(env):
    """Organizers say how to treat a name (FIELD-translation) and add notes (FIELD-note); a wrong
    value is one clear line with file:line."""
    content = env.content_copy("pot-content")
    ini = os.path.join(content, "volante.ini")
    s = open(ini, encoding="utf-8").read()
    s = s.replace("name=Al Otro Lado\n", "name=Al Otro Lado\nname-translation=keep\n")
    s = s.replace("[headline]\ntext=Stand with our immigrant neighbors\n",
                  "[headline]\ntext=Stand with our immigrant neighbors\ntext-note=\"Stand with\" means support.\n")
    open(ini, "w", encoding="utf-8").write(s)
    blocks = pot_blocks(extract(env, content))
    check("keep it exactly as written" in blocks["ally.al-otro-lado.name"], "name-translation=keep not said")
    check('#. From the organizers: "Stand with" means support.' in blocks["headline"], "text-note not said")
    check(len(blocks) == 15 and not any(".name-translation" in k or "-note" in k for k in blocks),
          "a note became an entry: %s" % list(blocks))
    rc, j = problems(env, content, "--lang", "es", "--layout", "flyer")
    check(rc == 0, "check with notes in the content: %s" % j)
    open(ini, "w", encoding="utf-8").write(s.replace("name-translation=keep", "name-translation=maybe"))
    bad(env, "pot-content-bad", ["extract", "--content", content],
        r"volante\.ini:\d+: name-translation must be keep, transliterate or translate")
