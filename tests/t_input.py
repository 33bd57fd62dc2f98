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
