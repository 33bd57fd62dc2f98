"""volante tests: whether a language is ready for the street (issue 15, items 4 and 6): langs shows
translated and reviewed shares and a state (ready, draft, broken) as msgfmt counts them; render and
kiosk take --ready-only; check finds letters of a script the language is not written in; the
orthography rules are turned off or on per language in the PO header (X-Volante-Rules)."""
from vtest import *

def review_all(po):
    """Every entry of PO reviewed, as a translator does in Poedit: the fuzzy flags removed."""
    s = open(po, encoding="utf-8").read()
    s = re.sub(r"^#, fuzzy\n", "", s, flags=re.M)
    s = re.sub(r"^(#,.*), fuzzy(.*)$", r"\1\2", s, flags=re.M)
    open(po, "w", encoding="utf-8").write(s)

def rows(env, content):
    rc, out, err = env.run("langs", "--content", content, "--json")
    return rc, {r["code"]: r for r in json.loads(out)}, err

@test("ready.langs-states")
def _(env):
    """langs --json: the source language ready; a reviewed Spanish ready (100% reviewed); the shipped
    drafts draft (0% reviewed, as msgfmt --statistics counts fuzzy entries); a Korean file that cannot
    be read broken, with its file:line on stderr and exit 1; one stale Spanish entry (after the
    English changed) makes Spanish a draft again. The table shows the same, in columns."""
    content = env.content_copy("ready")
    es = os.path.join(content, "po", "es.po")
    review_all(es)
    rc, out, err = tool("msgfmt", "--statistics", "-o", "/dev/null", es)
    check("fuzzy" not in err and "untranslated" not in err, "msgfmt still counts drafts: %s" % err)
    ko = os.path.join(content, "po", "ko.po")
    open(ko, "a", encoding="utf-8").write('\nmsgctxt "headline"\nmsgid "x\n')
    rc, r, err = rows(env, content)
    check(rc == 1 and re.search(r"ko\.po:\d+:", err), "a broken ko.po: rc %d, stderr %r" % (rc, err[-200:]))
    check(r["en"]["state"] == "ready" and r["en"]["reviewed"] == 100, "en: %s" % r["en"])
    check(r["es"]["state"] == "ready" and r["es"]["reviewed"] == 100 and r["es"]["drafts"] == 0, "es: %s" % r["es"])
    check(r["fa"]["state"] == "draft" and r["fa"]["reviewed"] == 0 and r["fa"]["translated"] == 100, "fa: %s" % r["fa"])
    check(r["ko"]["state"] == "broken", "ko: %s" % r.get("ko"))
    rc, out, err = env.run("langs", "--content", content)
    table = {l.split()[0]: l.split() for l in out.splitlines()[1:]}
    check(table["es"][-1] == "ready" and table["fa"][-1] == "draft" and table["ko"][-1] == "broken",
          "table: %r" % out)
    check(table["fa"][-3:-1] == ["0%", "15"] and "reviewed" in out.splitlines()[0], "table columns: %r" % out)
    # The English changes: the reviewed Spanish entry is stale, and Spanish no longer ready.
    ini = os.path.join(content, "volante.ini")
    s = open(ini, encoding="utf-8").read()
    open(ini, "w", encoding="utf-8").write(s.replace("text=Stand with our immigrant neighbors", "text=Stand with all our neighbors", 1))
    rc, r, err = rows(env, content)
    check(r["es"]["state"] == "draft", "es after the English changed: %s" % r["es"])
    # The translator's next step: the template again, msgmerge; the changed entry is now fuzzy,
    # so Spanish counts one text less reviewed and stays a draft until it is reviewed again.
    rc, o, e = env.run("extract", "--content", content)
    rc, o, e = tool("msgmerge", "--update", "--previous", "--backup=none", es,
                    os.path.join(content, "po", "volante.pot"))
    check(rc == 0, "msgmerge: %s" % e)
    rc, r, err = rows(env, content)
    check(r["es"]["state"] == "draft" and r["es"]["reviewed"] < 100 and r["es"]["drafts"] == 1,
          "es after msgmerge: %s" % r["es"])
    # The translator updates the text and clears the mark, as Poedit does (the #| lines go too):
    # ready again.
    s = open(es, encoding="utf-8").read()
    open(es, "w", encoding="utf-8").write(re.sub(r"^#\|.*\n", "", s, flags=re.M))
    set_msgstr(es, "headline", "Apoyemos a todos nuestros vecinos", fuzzy=False)
    rc, r, err = rows(env, content)
    check(r["es"]["state"] == "ready" and r["es"]["reviewed"] == 100, "es updated and reviewed: %s" % r["es"])

@test("ready.ready-only")
def _(env):
    """render --ready-only makes only the ready languages (a reviewed Spanish and the English),
    saying on stderr which it left out; with none ready among those asked it exits 2 and writes
    nothing; kiosk --ready-only offers only them (its language bar in a shot)."""
    content = env.content_copy("ready-only")
    review_all(os.path.join(content, "po", "es.po"))
    out = env.tmp("ready-only-out")
    rc, so, se = env.run("render", "--content", content, "--layout", "flyer", "--ready-only", "--out", out)
    made = sorted(os.listdir(os.path.join(out, "flyer")))
    check(rc == 0 and made == ["en.pdf", "es.pdf"], "rc %d, made %s: %s" % (rc, made, se[-300:]))
    check("fa left out (--ready-only): fa is a draft" in se, "not said: %s" % se[-300:])
    out2 = env.tmp("ready-only-none")
    rc, so, se = env.run("render", "--content", content, "--layout", "flyer", "--lang", "fa", "--lang", "ko",
                         "--ready-only", "--out", out2)
    check(rc == 2 and "no language asked for is ready" in se and not os.listdir(out2),
          "none ready: rc %d %s" % (rc, se[-200:]))
    rc, shots, stats, e = kiosk(env, "ready-kiosk", ["shot a"], extra=("--ready-only",), content=content)
    st = state(shots, "a")
    codes = sorted(b["id"][5:] for b in st["buttons"] if b["id"].startswith("lang:"))
    check(rc == 0 and codes == ["en", "es"], "kiosk offers %s (rc %d) %s" % (codes, rc, e[-200:]))

@test("ready.wrong-script")
def _(env):
    """check warns (wrong-script) at the entry's line when a Portuguese translation (msginit'd
    pt_BR.po) holds Cyrillic letters, naming the script and the word; Latin names in a Korean
    entry are no finding; X-Volante-Rules: -script in the header turns it off for that language,
    and a rule name that is no rule is said at the header's line."""
    content = env.content_copy("script")
    rc, o, e = env.run("extract", "--content", content)
    pot = os.path.join(content, "po", "volante.pot")
    pt = os.path.join(content, "po", "pt_BR.po")
    rc, o, e = tool("msginit", "--no-translator", "-l", "pt_BR", "-i", pot, "-o", pt)
    check(rc == 0, "msginit: %s" % e)
    line = set_msgstr(pt, "headline", "Fique com nossos vizinhos иммигрантами", fuzzy=False)
    rc, j = problems(env, content, "--lang", "pt-BR", "--layout", "flyer")
    hits = [p for p in j["problems"] if p["kind"] == "wrong-script"]
    check(len(hits) == 1 and hits[0]["key"] == "headline" and hits[0]["line"] == line and hits[0]["file"] == pt
          and "Cyrillic" in hits[0]["message"] and "иммигрантами" in hits[0]["message"],
          "wrong-script: %s" % hits)
    rc, j = problems(env, content, "--lang", "ko", "--layout", "flyer")
    check(not [p for p in j["problems"] if p["kind"] == "wrong-script"], "Korean with Latin names flagged")
    s = open(pt, encoding="utf-8").read()
    s = s.replace('"Language: pt_BR\\n"', '"Language: pt_BR\\n"\n"X-Volante-Rules: -script, +nonsense\\n"', 1)
    open(pt, "w", encoding="utf-8").write(s)
    rc, j = problems(env, content, "--lang", "pt-BR", "--layout", "flyer")
    check(not [p for p in j["problems"] if p["kind"] == "wrong-script"], "-script did not turn it off")
    said = [p for p in j["problems"] if "X-Volante-Rules" in p["message"] and "nonsense" in p["message"]]
    check(said and said[0]["line"] == line_of(pt, 'msgid ""'), "unknown rule not said at the header: %s" % said)

@test("ready.rules-on")
def _(env):
    """A rule turned on for a language that does not have it by default (X-Volante-Rules: +saltillo
    in a Spanish file) reports the ASCII apostrophe between letters; without it, nothing."""
    content = env.content_copy("rules-on")
    es = os.path.join(content, "po", "es.po")
    set_msgstr(es, "headline", "Apoyemos a nuestros vecinos inmigrantes ja'a", fuzzy=False)
    rc, j = problems(env, content, "--lang", "es", "--layout", "flyer")
    check(not [p for p in j["problems"] if "saltillo" in p["message"]], "saltillo reported for Spanish by default")
    s = open(es, encoding="utf-8").read()
    s = re.sub(r'("Language: es\\n")', r'\1\n"X-Volante-Rules: +saltillo\\n"', s, count=1)
    open(es, "w", encoding="utf-8").write(s)
    rc, j = problems(env, content, "--lang", "es", "--layout", "flyer")
    check([p for p in j["problems"] if "saltillo" in p["message"] and p["key"] == "headline"],
          "+saltillo did not turn it on: %s" % [p["message"] for p in j["problems"] if p["kind"] == "orthography"])
