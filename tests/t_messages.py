"""volante tests: what check tells people: the table of check kinds, one problem per PO entry with
its layouts listed, plain words, and check --json (schema, null lines, request errors)."""
from vtest import *

# Words of programmers, parsers and standards that a translator should never have to read.
JARGON = ("GMarkup", "Element", " char ", "factor", "BCP 47", "msgid differs", "Pango markup", "ASCII", "glyph")


def planted_content(env, name):
    """A copy of the content with five problems planted in Spanish: an overflowing headline (every
    layout), an unclosed <b>, tags that differ, a missing entry and a stale entry."""
    content = env.content_copy(name)
    po = os.path.join(content, "po", "es.po")
    lines = {
        # 20 times: the flyer's frames share their room (flow groups), so it takes this much to overflow it
        "headline": set_msgstr(po, "headline", " ".join(["Solidaridad con nuestros vecinos inmigrantes"] * 20)),
        "fact.languages": set_msgstr(po, "fact.languages", "<b>Más de la mitad de las familias hablan otro idioma"),
        "fact.undocumented": set_msgstr(po, "fact.undocumented", "<i>10%</i> de la gente de Los Ángeles"),
    }
    text = open(po, encoding="utf-8").read()
    text = text.replace('msgid "Organizations that stand with immigrants"', 'msgid "Organizations with immigrants"')
    blocks = text.split("\n\n")
    text = "\n\n".join(b for b in blocks if 'msgctxt "ally.kiwa.summary"' not in b)
    open(po, "w", encoding="utf-8").write(text)
    return content, po


@test("messages.kinds-table")
def _(env):
    """Every kind check can report is one row of the table, with a default severity and a help line;
    each problem of a check carries its kind's help."""
    rc, out, err = env.run("check", "--kinds", "--json")
    check(rc == 0, "check --kinds: %s" % err)
    rows = json.loads(out)
    kinds = {r["kind"]: r for r in rows}
    for k in ("overflow", "shrunk", "missing-glyph", "fallback-font", "draft", "stale", "missing-translation",
              "markup", "placeholder", "orthography", "script", "syntax", "request", "small-text", "trim-margin"):
        check(k in kinds, "no row for %s" % k)
        check(kinds[k]["severity"] in ("error", "warning") and len(kinds[k]["help"]) > 20, "row %s: %s" % (k, kinds[k]))
    check(len(kinds) == len(rows), "a kind has two rows")
    rc, out, err = env.run("check", "--kinds")
    check(rc == 0 and re.search(r"^overflow\s+error\s+\S", out, re.M), "check --kinds for people: %r" % out[:200])
    content, po = planted_content(env, "kinds")
    rc, j = problems(env, content, "--lang", "es")
    for p in j["problems"]:
        check(p["kind"] in kinds, "problem of kind %s has no row in the table" % p["kind"])
        check(p["help"] == kinds[p["kind"]]["help"], "help of %s: %r" % (p["kind"], p["help"]))
    check("has no row" not in err, "volante warned of a kind without a row: %s" % err)


@test("messages.once-per-entry")
def _(env):
    """A problem of a PO entry that every layout shows is reported once, naming the layouts, in
    check, check --json and check --annotate."""
    content, po = planted_content(env, "once")
    rc, j = problems(env, content, "--lang", "es")
    over = [p for p in j["problems"] if p["kind"] == "overflow"]
    check(len(over) == 1, "overflow reported %d times: %s" % (len(over), [p["layout"] for p in over]))
    p = over[0]
    check(p["key"] == "headline" and p["file"] == po and isinstance(p["line"], int), "overflow: %s" % p)
    for layout in ("flyer", "poster", "bilingual"):
        check(layout in p["layouts"], "%s not listed: %s" % (layout, p["layouts"]))
    check(p["layout"] == ", ".join(p["layouts"]), "layout %r is not the list %r" % (p["layout"], p["layouts"]))
    # each layout's figure, once, in one sentence
    check(re.search(r"needs \d+% \(bilingual\), \d+% \(flyer\)", p["message"]), "message: %s" % p["message"])
    seen = Counter((p["key"], p["kind"]) for p in j["problems"])
    dup = [k for k, n in seen.items() if n > 1]
    check(not dup, "problems reported more than once per entry: %s" % dup)
    rc, out, err = env.run("check", "--content", content, "--lang", "es")
    lines = [l for l in out.splitlines() if "(overflow)" in l]
    check(len(lines) == 1 and "headline, in bilingual, flyer" in lines[0], "check prints: %s" % lines)
    rc, out, err = env.run("check", "--content", content, "--lang", "es", "--annotate")
    text = open(po, encoding="utf-8").read()
    notes = re.findall(r"^# volante: overflow.*$", text, re.M)
    check(len(notes) == 1 and "flyer" in notes[0] and "poster" in notes[0], "annotations: %s" % notes)
    check(tool("msgfmt", "-c", "-o", os.devnull, po)[0] == 0, "annotated es.po does not pass msgfmt -c")


@test("messages.plain-words")
def _(env):
    """Messages say what is wrong as a translator would: the <b> that is never closed, how much more
    room the text needs; no parser or standards words."""
    content, po = planted_content(env, "plain")
    rc, j = problems(env, content, "--lang", "es")
    by = {(p["key"], p["kind"]): p for p in j["problems"]}
    m = by.get(("fact.languages", "markup"))
    check(m and "<b>" in m["message"] and "never closed" in m["message"] and "Más de la mitad" in m["message"],
          "unclosed <b>: %s" % m)
    m = by.get(("fact.undocumented", "markup"))
    check(m and "<b>" in m["message"] and "<i>" in m["message"], "tags that differ: %s" % m)
    m = by.get(("headline", "overflow"))
    check(m and re.search(r"needs \d+%.* more room than its frame has at the smallest type size", m["message"]),
          "overflow: %s" % m)
    m = by.get(("ally.kiwa.summary", "missing-translation"))
    check(m and "msgmerge" in m["message"] and m["line"] == len(open(po, encoding="utf-8").read().rstrip("\n").split("\n")),
          "a missing entry points at the end of the file, where msgmerge adds it: %s" % m)
    m = by.get(("allies", "stale"))
    check(m and "English changed" in m["message"], "stale: %s" % m)
    for p in j["problems"]:
        for w in JARGON:
            check(w not in p["message"], "%r in a message: %s" % (w, p["message"]))
    # a language code volante cannot read
    bad = os.path.join(content, "po", "x_y z.po")
    shutil.copy(po, bad)
    rc, out, err = env.run("check", "--content", content, "--lang", "x_y z")
    check(rc == 2 and "not a language code" in err and "BCP" not in err, "bad code: %s" % err)


@test("messages.json")
def _(env):
    """check --json: a schema version, the fields tools read, null for a line nobody knows, and
    request errors as JSON too (exit status 2)."""
    content, po = planted_content(env, "json")
    rc, j = problems(env, content, "--lang", "es", "--layout", "flyer")
    check(j.get("schema") == 2 and rc == 1, "schema %r, exit %d" % (j.get("schema"), rc))
    check(j["errors"] == len([p for p in j["problems"] if p["severity"] == "error"]), "error count")
    for p in j["problems"]:
        for f in ("severity", "kind", "lang", "layout", "layouts", "key", "file", "line", "message", "help"):
            check(f in p, "problem without %s: %s" % (f, p))
        check(p["line"] is None or (isinstance(p["line"], int) and p["line"] > 0), "line %r" % p["line"])
    for args, want in ((["--lang", "xx"], "unknown language 'xx'"), (["--layout", "nope"], "unknown layout 'nope'"),
                       (["--bogus"], "Unknown option --bogus")):
        rc, out, err = env.run("check", "--content", content, "--json", *args)
        try:
            r = json.loads(out)
        except ValueError:
            raise Fail("%s: no JSON on stdout: %r %r" % (args, out[:100], err[:100]))
        check(rc == 2 and want in r.get("request_error", ""), "%s: rc %d %s" % (args, rc, r))
        check(r["schema"] == 2 and r["errors"] == 1 and r["problems"][0]["kind"] == "request"
              and r["problems"][0]["line"] is None, "%s: %s" % (args, r))
