"""A checker for the machine-checkable rules of PDF/UA-1 (ISO 14289-1) that apply to volante's PDFs, since
the usual validator is not in Debian. It reads the file through qpdf's JSON (objects, streams decoded) and
returns the problems found, one line each; an empty list means the file passes.

Rules (with the clause of ISO 14289-1 or the Matterhorn Protocol checkpoint they come from):
  - the catalog marks the file as tagged (/MarkInfo /Marked true), has a structure tree and a /Lang (7.1, 7.2);
  - XMP metadata names PDF/UA part 1 and holds a dc:title; DisplayDocTitle is true (5, 7.1);
  - every painting operator (text, paths, images, shadings) stands inside tagged content (a BDC with
    an MCID) or an /Artifact, never outside both, and no tagged content inside an artifact (7.1);
  - every MCID in the content belongs to a structure element of that page (7.1);
  - structure types are standard ones (7.1); headings go down one level at a time (7.4.2);
  - every Figure has alternate text (7.3); every Sect has a /Lang (7.2);
  - every annotation has a /StructParent and, when it is a link, its /Contents; pages with annotations
    tab in structure order (/Tabs /S) (7.18);
  - every font is embedded (7.21.4).
"""
import base64, json, re, subprocess

STANDARD = set("Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6 "
               "L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot "
               "Ruby RB RT RP Warichu WT WP Figure Formula Form".split())
PAINT = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "Tj", "TJ", "'", '"', "Do", "sh", "EI"}
DELIM = b"()<>[]{}/%"

def tokens(data):
    """Content stream tokens: ('op', name) or ('obj', text) for operands (dicts and arrays whole)."""
    i, n = 0, len(data)
    while i < n:
        c = data[i:i + 1]
        if c in b" \t\r\n\f\0":
            i += 1
        elif c == b"%":
            while i < n and data[i:i + 1] not in b"\r\n":
                i += 1
        elif c in b"([<{/" or c == b"<":
            j = skip(data, i)
            yield ("obj", data[i:j])
            i = j
        elif c in b")]>}":
            i += 1
        else:
            j = i
            while j < n and data[j:j + 1] not in b" \t\r\n\f\0" and data[j:j + 1] not in DELIM:
                j += 1
            word = data[i:j].decode("latin-1")
            if re.match(r"^[+-]?(\d+\.?\d*|\.\d+)$", word):
                yield ("obj", data[i:j])
            else:
                yield ("op", word)
                if word == "ID":  # an inline image's data, up to EI
                    k = data.find(b"EI", j + 1)
                    while k > 0 and not (data[k - 1:k] in b" \t\r\n" and data[k + 2:k + 3] in b" \t\r\n"):
                        k = data.find(b"EI", k + 1)
                    j = k if k > 0 else n
            i = j

def skip(data, i):
    c = data[i:i + 1]
    if c == b"(":
        depth = 0
        while i < len(data):
            ch = data[i:i + 1]
            if ch == b"\\":
                i += 2
                continue
            depth += ch == b"("
            depth -= ch == b")"
            i += 1
            if depth == 0:
                return i
        return i
    if data[i:i + 2] == b"<<":
        i += 2
        while i < len(data) and data[i:i + 2] != b">>":
            if data[i:i + 1] in b" \t\r\n":
                i += 1
            else:
                i = skip(data, i) if data[i:i + 1] in b"([</" else i + 1
        return i + 2
    if c == b"<":
        return data.index(b">", i) + 1
    if c == b"[":
        i += 1
        while i < len(data) and data[i:i + 1] != b"]":
            i = skip(data, i) if data[i:i + 1] in b"([</" else i + 1
        return i + 1
    if c == b"/":
        i += 1
        while i < len(data) and data[i:i + 1] not in b" \t\r\n\f\0" and data[i:i + 1] not in DELIM:
            i += 1
        return i
    return i + 1

def load(pdf):
    out = subprocess.run(["qpdf", "--json", "--json-stream-data=inline", "--decode-level=generalized", pdf],
                         capture_output=True, timeout=120)
    if out.returncode not in (0, 3):
        raise RuntimeError("qpdf --json %s: %s" % (pdf, out.stderr.decode()[:200]))
    objs = json.loads(out.stdout)["qpdf"][1]
    return objs

class Doc:
    def __init__(self, pdf):
        self.objs = load(pdf)

    def get(self, v):
        """V with an indirect reference followed: a value, or {'dict':..., 'data':...} for a stream."""
        for _ in range(32):
            if isinstance(v, str) and re.match(r"^\d+ \d+ R$", v):
                o = self.objs.get("obj:" + v, {})
                v = o["value"] if "value" in o else o.get("stream")
            else:
                return v
        return v

    def d(self, v):
        v = self.get(v)
        if isinstance(v, dict) and "dict" in v:
            return v["dict"]
        return v if isinstance(v, dict) else {}

    def data(self, v):
        v = self.get(v)
        return base64.b64decode(v.get("data", "")) if isinstance(v, dict) and "data" in v else b""

def text(v):
    return v[2:] if isinstance(v, str) and v.startswith("u:") else v

def pages(doc, root):
    out, todo = [], [doc.d(root).get("/Pages")]
    while todo:
        ref = todo.pop(0)
        node = doc.d(ref)
        if node.get("/Type") == "/Page":
            out.append((ref, node))
        for k in node.get("/Kids", []):
            todo.append(k)
    return out

def content_problems(doc, page_no, data):
    """Painting outside tagged content or artifacts; tagged content in an artifact. Returns (problems, mcids)."""
    problems, mcids, stack, operands = [], set(), [], []
    for kind, tok in tokens(data):
        if kind == "obj":
            operands.append(tok)
            continue
        if tok in ("BDC", "BMC"):
            tag = operands[0].decode("latin-1") if operands else "?"
            m = re.search(rb"/MCID\s+(\d+)", operands[-1]) if tok == "BDC" and len(operands) > 1 else None
            if m:
                mcids.add(int(m.group(1)))
                if "/Artifact" in stack:
                    problems.append("page %d: tagged content (MCID %s) inside an artifact" % (page_no, m.group(1).decode()))
            stack.append("/Artifact" if tag == "/Artifact" else ("mcid" if m else tag))
        elif tok == "EMC":
            if stack:
                stack.pop()
        elif tok in PAINT:
            if not any(s in ("mcid", "/Artifact") for s in stack):
                problems.append("page %d: '%s' paints outside tagged content and outside any artifact" % (page_no, tok))
        operands = []
    return problems, mcids

def struct_walk(doc, el, fn, depth=0):
    if depth > 100:
        return
    v = doc.get(el)
    if isinstance(v, list):
        for k in v:
            struct_walk(doc, k, fn, depth + 1)
        return
    if not isinstance(v, dict):
        return
    fn(el, v)
    if "/K" in v and v.get("/Type") not in ("/MCR", "/OBJR"):
        struct_walk(doc, v["/K"], fn, depth + 1)

def check(pdf):
    """The PDF/UA-1 problems of PDF, one line each ([] when it passes)."""
    doc = Doc(pdf)
    problems = []
    trailer = doc.objs["trailer"]["value"]
    root = trailer["/Root"]
    cat = doc.d(root)
    if not cat.get("/MarkInfo") or doc.d(cat.get("/MarkInfo")).get("/Marked") is not True:
        problems.append("catalog: not marked as tagged (/MarkInfo /Marked true)")
    if not text(cat.get("/Lang", "")):
        problems.append("catalog: no /Lang")
    if doc.d(cat.get("/ViewerPreferences", {})).get("/DisplayDocTitle") is not True:
        problems.append("catalog: DisplayDocTitle is not true")
    xmp = doc.data(cat["/Metadata"]).decode("utf-8", "replace") if "/Metadata" in cat else ""
    if not re.search(r"<pdfuaid:part>1</pdfuaid:part>|pdfuaid:part=\"1\"", xmp):
        problems.append("metadata: no PDF/UA identification (pdfuaid:part 1)")
    m = re.search(r"<dc:title>.*?<rdf:li[^>]*>([^<]+)</rdf:li>", xmp, re.S)
    if not m or not m.group(1).strip():
        problems.append("metadata: no dc:title")
    if "/StructTreeRoot" not in cat:
        problems.append("catalog: no structure tree")
        return problems
    # The structure tree: types, headings, Figures, Sects, and which MCIDs each page's elements hold.
    tree_mcids, headings, page_refs = set(), [], {}
    def visit(ref, el):
        s = el.get("/S")
        if el.get("/Type") in ("/MCR", "/OBJR") or s is None:
            return
        name = s[1:]
        if name not in STANDARD:
            problems.append("structure: type %s is not standard and not role-mapped" % s)
        if re.match(r"^H[1-6]$", name):
            headings.append(int(name[1]))
        if name == "Figure" and not text(el.get("/Alt", "")):
            problems.append("structure: a Figure without alternate text")
        if name == "Sect" and not text(el.get("/Lang", "")):
            problems.append("structure: a Sect without /Lang")
        pg = el.get("/Pg")
        kids = el.get("/K")
        for k in (kids if isinstance(kids, list) else [kids]):
            if isinstance(k, int):
                tree_mcids.add((pg, k))
            elif isinstance(doc.get(k), dict) and doc.get(k).get("/Type") == "/MCR":
                mcr = doc.get(k)
                tree_mcids.add((mcr.get("/Pg", pg), mcr.get("/MCID")))
    struct_walk(doc, doc.d(cat["/StructTreeRoot"]).get("/K"), visit)
    last = 0
    for h in headings:
        if h > last + 1:
            problems.append("structure: heading H%d follows H%d (a level skipped)" % (h, last) if last else
                            "structure: the first heading is H%d, not H1" % h)
        last = h
    for n, (ref, page) in enumerate(pages(doc, root), 1):
        contents = page.get("/Contents")
        data = b"".join(doc.data(c) for c in contents) if isinstance(contents, list) else doc.data(contents)
        p, mcids = content_problems(doc, n, data)
        problems += p
        for mc in sorted(mcids):
            if (ref, mc) not in tree_mcids:
                problems.append("page %d: MCID %d belongs to no structure element" % (n, mc))
        annots = doc.get(page.get("/Annots", [])) or []
        if annots and page.get("/Tabs") != "/S":
            problems.append("page %d: annotations but no /Tabs /S" % n)
        for a in annots:
            ad = doc.d(a)
            if "/StructParent" not in ad:
                problems.append("page %d: an annotation (%s) outside the structure tree" % (n, ad.get("/Subtype")))
            if ad.get("/Subtype") == "/Link" and not text(ad.get("/Contents", "")):
                problems.append("page %d: a link without /Contents" % n)
        # Fonts, in the page's resources and its forms'.
        seen = set()
        def fonts(res, depth=0):
            res = doc.d(res)
            for f in doc.d(res.get("/Font", {})).values():
                fd = doc.d(f)
                descs = [fd.get("/FontDescriptor")] + [doc.d(x).get("/FontDescriptor") for x in doc.get(fd.get("/DescendantFonts", [])) or []]
                if fd.get("/Subtype") == "/Type3":
                    continue
                if not any(k in doc.d(dd) for dd in descs if dd for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    problems.append("page %d: font %s is not embedded" % (n, fd.get("/BaseFont")))
            for x in doc.d(res.get("/XObject", {})).values():
                if x in seen or depth > 8:
                    continue
                seen.add(x)
                xd = doc.d(x)
                if xd.get("/Subtype") == "/Form" and "/Resources" in xd:
                    fonts(xd["/Resources"], depth + 1)
        fonts(page.get("/Resources", {}))
    return sorted(set(problems))
