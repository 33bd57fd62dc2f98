"""volante tests: proofs beside the language a translator works from (proof --source, the PO
header's X-Translated-From, the content's translated-from.LANG), and proof tables in signs,
colours and short words."""
from vtest import *

ES_HEADLINE = "Apoyemos a nuestros vecinos inmigrantes"


def new_language(env, name, header=None):
    """A copy of the content with a Brazilian Portuguese file made the usual way (extract,
    msginit) and two texts translated and reviewed."""
    content = env.content_copy(name)
    rc, o, e = env.run("extract", "--content", content)
    check(rc == 0, "extract: %s" % e)
    po = os.path.join(content, "po", "pt-BR.po")
    rc, o, e = tool("msginit", "--no-translator", "-l", "pt_BR", "-i", os.path.join(content, "po", "volante.pot"),
                    "-o", po)
    check(rc == 0, "msginit: %s" % e)
    text = open(po, encoding="utf-8").read()
    if header:
        text = text.replace('"Language: pt_BR\\n"\n', '"Language: pt_BR\\n"\n"%s\\n"\n' % header, 1)
    open(po, "w", encoding="utf-8").write(text)
    tool("msgcat", "--no-wrap", "-o", po, po)
    set_msgstr(po, "headline", "Fique ao lado dos nossos vizinhos imigrantes")
    set_msgstr(po, "allies", "Organizações que apoiam os imigrantes")
    return content, po


def proof(env, content, name, *args):
    out = os.path.join(env.tmp(name), "proof.pdf")
    rc, so, se = env.run("proof", "--content", content, "--lang", "pt-BR", "--layout", "flyer", "--out", out,
                         "--force", *args)
    check(rc == 0 and os.path.exists(out), "proof %s: rc=%d %s" % (args, rc, se))
    return " ".join(pdftext(out).split()), out


@test("pivot.source-option")
def _(env):
    """proof --source es: the Spanish page beside the new Portuguese one, both in the PDF text;
    without it, English; an unknown --source is one clear error."""
    content, po = new_language(env, "pivot-opt")
    text, out = proof(env, content, "pivot-opt-es", "--source", "es")
    check("Fique ao lado dos nossos vizinhos imigrantes" in text, "the Portuguese page is not on the proof")
    check(ES_HEADLINE in text, "the Spanish page is not beside it")
    check("es Español (source)" in text, "the source page is not labelled Spanish: %s" % text[-300:])
    check("Stand with our immigrant neighbors" not in text, "English is shown though Spanish was asked for")
    text, out = proof(env, content, "pivot-opt-en")
    check("Stand with our immigrant neighbors" in text and ES_HEADLINE not in text, "default: not English beside")
    rc, so, se = env.run("proof", "--content", content, "--lang", "pt-BR", "--layout", "flyer", "--source", "xx",
                         "--out", os.path.join(env.tmp("pivot-xx"), "p.pdf"))
    check(rc == 2 and "unknown language 'xx'" in se, "unknown --source: rc=%d %s" % (rc, se))


@test("pivot.usual-source")
def _(env):
    """A language's usual source, from its PO header (X-Translated-From) or from the content
    ([volante] translated-from.LANG), is the default; --source still wins. The source's own
    problems are not the proof's."""
    content, po = new_language(env, "pivot-header", header="X-Translated-From: es")
    text, out = proof(env, content, "pivot-header-p")
    check(ES_HEADLINE in text and "Stand with our immigrant neighbors" not in text, "header: Spanish not beside")
    check(not re.search(r"es\.po:\d", text), "Spanish drafts are listed on the Portuguese proof")
    text, out = proof(env, content, "pivot-header-ko", "--source", "ko")
    check("이민자" in text and ES_HEADLINE not in text, "--source ko does not win over the header")
    content, po = new_language(env, "pivot-content")
    ini = os.path.join(content, "volante.ini")
    s = open(ini, encoding="utf-8").read().replace("source-lang=en\n", "source-lang=en\ntranslated-from.pt-BR=es\n")
    open(ini, "w", encoding="utf-8").write(s)
    text, out = proof(env, content, "pivot-content-p")
    check(ES_HEADLINE in text, "content's translated-from.pt-BR: Spanish not beside")


@test("pivot.plain-table")
def _(env):
    """The proof's table: a sign and a colour per row (red cross: fix before printing; amber
    triangle: look again), short words, drafts of a file in one row."""
    content = env.content_copy("pivot-table")
    po = os.path.join(content, "po", "es.po")
    line = set_msgstr(po, "headline", " ".join(["Solidaridad con nuestros vecinos inmigrantes"] * 12))
    out = os.path.join(env.tmp("pivot-table-out"), "proof.pdf")
    rc, so, se = env.run("proof", "--content", content, "--lang", "es", "--layout", "flyer", "--out", out)
    check(rc == 0, "proof: %s" % se)
    text = " ".join(tool("pdftotext", "-f", "1", "-l", "1", out, "-")[1].split())
    for words in ("fix before printing", "look again", "nothing to fix"):
        check(words in text, "legend lacks %r" % words)
    check(len(re.findall(r"draft ×15 · es\.po:", text)) == 1, "drafts not in one row: %s" % text[-500:])
    check(re.search(r"overflow · es\.po:%d · headline: the text needs \d+%% more room" % line, text), "overflow row")
    png = os.path.join(env.tmp("pivot-table-png"), "p")
    tool("pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", out, png)
    page = png + "-1.png"
    # the table's column, right third of the sheet: red and amber signs
    for color, what in (("#cc0f0f", "red cross"), ("#ed9e0d", "amber triangle")):
        rc, o, e = tool("convert", page, "-crop", "33%x100%+680+0", "-fuzz", "8%", "-fill", "white", "+opaque", color,
                        "-fill", "black", "-opaque", color, "-format", "%[fx:int(w*h*(1-mean))]", "info:")
        check(int(o.strip() or 0) > 30, "no %s in the table (%s)" % (what, o.strip()))
