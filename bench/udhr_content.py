#!/usr/bin/env python3
"""Makes the peer benchmark's input from the UDHR corpus (bench/peers.sh).

usage: udhr_content.py CONTENT CORPUS OUT

Writes OUT/content: a copy of CONTENT whose headline is the declaration's
title and whose stance and two facts are its articles 1 to 3, in English in
volante.ini and in each shipped language's PO file (the other entries stay
as they are, so the allies' names and summaries are on the page too). Then
OUT/udhr.typ, the same strings for Typst with a page per language, and
OUT/LANG.txt, the same strings as plain text for pango-view. Everything in
a language comes from that language's human translation in the corpus.
"""
import html
import os
import re
import shutil
import subprocess
import sys

# Shipped language -> corpus file (see the corpus's index.tsv).
CORPUS = {
    "en": "eng", "ar": "arb", "es": "spa", "fa": "pes_1", "hi": "hin", "hy": "hye", "ja": "jpn",
    "km": "khm", "ko": "kor", "pa": "pan", "ru": "rus", "th": "tha", "tl": "tgl", "vi": "vie",
    "zh-Hans": "cmn_hans", "zh-Hant": "cmn_hant",
}
# PO entry (msgctxt) -> what of the declaration goes there.
PLACES = [("headline", "title"), ("stance", 1), ("fact.undocumented", 2), ("fact.languages", 3)]
# The other flyer entries, in page order, for the peers' pages.
REST = ["allies", "ally.ice-out-of-la.name", "ally.ice-out-of-la.summary", "ally.kiwa.name",
        "ally.kiwa.summary", "ally.al-otro-lado.name", "ally.al-otro-lado.summary"]


def text_of(fragment):
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", fragment))).strip()


def declaration(path):
    doc = open(path, encoding="utf-8").read()
    out = {"title": text_of(re.search(r"<h1[^>]*>(.*?)</h1>", doc, re.S).group(1))}
    for n in (1, 2, 3):
        art = re.search(r'<article[^>]*data-number="%d"[^>]*>(.*?)</article>' % n, doc, re.S).group(1)
        out[n] = " ".join(text_of(p) for p in re.findall(r"<p[^>]*>(.*?)</p>", art, re.S))
    return out


def po_escape(s):
    return s.replace("\\", "\\\\").replace('"', '\\"')


def markup_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def set_po(path, values, english):
    """Replaces the msgid (by ENGLISH) and msgstr (by VALUES) of those msgctxts."""
    text = subprocess.run(["msgattrib", "--no-wrap", path], capture_output=True, text=True, check=True).stdout
    out, ctx = [], None
    for line in text.split("\n"):
        m = re.match(r'msgctxt "(.*)"$', line)
        if m:
            ctx = m.group(1)
        if line.startswith("msgid ") and ctx in english:
            line = 'msgid "%s"' % po_escape(markup_escape(english[ctx]))
        if line.startswith("msgstr ") and ctx in values:
            line = 'msgstr "%s"' % po_escape(markup_escape(values[ctx]))
        out.append(line)
    # Drafts would carry a DRAFT mark the peers do not draw: these are human translations.
    open(path, "w", encoding="utf-8").write("\n".join(out).replace("#, fuzzy\n", ""))


def po_strings(path):
    text = subprocess.run(["msgattrib", "--no-wrap", path], capture_output=True, text=True, check=True).stdout
    got, ctx = {}, None
    for line in text.split("\n"):
        m = re.match(r'msgctxt "(.*)"$', line)
        if m:
            ctx = m.group(1)
        m = re.match(r'msgstr "(.*)"$', line)
        if m and ctx:
            got[ctx] = re.sub(r"<[^>]+>", "", m.group(1).encode().decode("unicode_escape").encode("latin-1").decode())
    return got


def ini_strings(path):
    got, section = {}, None
    for line in open(path, encoding="utf-8"):
        m = re.match(r"\[(.+)\]", line.strip())
        if m:
            section = m.group(1)
            continue
        if section and "=" in line and not line.startswith("#"):
            k, v = line.rstrip("\n").split("=", 1)
            key = section if k == "text" else section + "." + k
            got[key] = re.sub(r"<[^>]+>", "", v)
    return got


def main():
    content, corpus, out = sys.argv[1:4]
    dst = os.path.join(out, "content")
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(content, dst)
    strings = {}
    eng = declaration(os.path.join(corpus, "eng.html"))
    english = {ctx: eng[what] for ctx, what in PLACES}
    for lang, code in CORPUS.items():
        d = declaration(os.path.join(corpus, code + ".html"))
        values = {ctx: d[what] for ctx, what in PLACES}
        if lang == "en":
            ini = os.path.join(dst, "volante.ini")
            lines, section = [], None
            for line in open(ini, encoding="utf-8"):
                m = re.match(r"\[(.+)\]", line.strip())
                if m:
                    section = m.group(1)
                if section in values and line.startswith("text="):
                    line = "text=%s\n" % markup_escape(values[section])
                lines.append(line)
            open(ini, "w", encoding="utf-8").writelines(lines)
            got = ini_strings(ini)
        else:
            po = os.path.join(dst, "po", lang + ".po")
            set_po(po, values, english)
            got = po_strings(po)
        strings[lang] = [values[ctx] for ctx, _ in PLACES] + [got.get(k, "") for k in REST]
    # Typst: a page per language, the headline large, the rest as paragraphs.
    typ = ['#set page(paper: "us-letter", margin: 0.5in)', '#set text(font: "Noto Sans", size: 11pt)']
    for i, (lang, s) in enumerate(strings.items()):
        esc = [re.sub(r'([\\#$*_`<>@\[\]~/=+-])', r"\\\1", x) for x in s]
        if i:
            typ.append("#pagebreak()")
        typ.append('#set text(lang: "%s")' % lang.split("-")[0])
        typ.append("#text(size: 28pt, weight: \"bold\")[%s]\n" % esc[0])
        typ.extend(x + "\n" for x in esc[1:] if x)
    open(os.path.join(out, "udhr.typ"), "w", encoding="utf-8").write("\n".join(typ) + "\n")
    for lang, s in strings.items():
        open(os.path.join(out, lang + ".txt"), "w", encoding="utf-8").write("\n\n".join(x for x in s if x) + "\n")


main()
