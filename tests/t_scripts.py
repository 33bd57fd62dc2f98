"""volante tests: scripts."""
from vtest import *

@test("udhr.scripts")
def _(env):
    """Real human text in each script, 1.3x as long as the English: no missing glyph, and
    Khmer and Thai (no spaces between words) break into lines instead of overflowing."""
    d = udhr_dir(env)
    if not d:
        print("SKIP: UDHR corpus not found (set VOLANTE_UDHR)")
        sys.exit(77)
    content = env.content_copy("udhr")
    for code, lang in UDHR.items():
        paras = udhr_paragraphs(d, code)
        stream = " ".join(paras)
        po = os.path.join(content, "po", lang + ".po")
        # Han and Hangul glyphs are about twice as wide as Latin letters
        dense = 0.55 if lang in ("ja", "ko", "zh-Hans", "zh-Hant") else 1.0
        for key, n in (("stance", 200), ("fact.undocumented", 150), ("fact.languages", 120)):
            n = int(n * dense)
            text = stream[:n].rsplit(" ", 1)[0] if " " in stream[:n] else stream[:n]
            text = text.replace("<", "").replace("&", "and")
            if key.startswith("fact."):  # the source marks its first words bold
                text = "<b>%s</b>%s" % (text[:4], text[4:])
            if key == "fact.undocumented":  # a translation keeps the English's numbers (check: number)
                text = "10% " + text + " 10%"
            set_msgstr(po, key, text)
            stream = stream[n:]
    rc, j = problems(env, content, "--layout", "flyer", "--layout", "poster")
    errs = [p for p in j["problems"] if p["severity"] == "error"]
    check(not errs, "%d errors with real text: %s" % (len(errs), [(p["lang"], p["kind"], p["message"][:60]) for p in errs[:5]]))
