"""volante tests: cli."""
from vtest import *

@test("cli.version")
def _(env):
    rc, out, err = env.run("--version")
    check(rc == 0 and re.match(r"volante \d+\.\d+", out), "--version: %r" % out)

@test("cli.help")
def _(env):
    rc, out, err = env.run("--help")
    check(rc == 0, "--help exit %d" % rc)
    for c in ("render", "check", "langs", "layouts", "extract"):
        check(c in out, "--help does not mention %s" % c)
    rc, out, err = env.run("render", "--help")
    check(rc == 0 and "--paper" in out and "--lang" in out, "render --help lacks options")

@test("cli.unknown-command")
def _(env):
    rc, out, err = env.run("frobnicate")
    check(rc == 2 and "unknown command 'frobnicate'" in err, "rc=%d err=%r" % (rc, err))

@test("cli.layouts")
def _(env):
    rc, out, err = env.run("layouts")
    check(rc == 0, "rc=%d" % rc)
    for l in ("flyer", "bilingual", "poster"):
        check(re.search(r"^%s\s" % l, out, re.M), "layouts lacks %s" % l)
    check(re.search(r"^poster\s+11\.00 x 17\.00 in", out, re.M), "poster is not tabloid: %r" % out)

@test("cli.langs")
def _(env):
    rc, out, err = env.run("langs", "--content", env.content, "--json")
    check(rc == 0, "rc=%d %s" % (rc, err))
    rows = {r["code"]: r for r in json.loads(out)}
    want = {"ko": "한국어", "fa": "فارسی", "km": "ខ្មែរ", "hy": "Հայերեն", "ru": "Русский", "ja": "日本語",
            "th": "ไทย", "ar": "العربية", "hi": "हिन्दी", "pa": "ਪੰਜਾਬੀ", "es": "Español"}
    for code, name in want.items():
        check(code in rows and name in rows[code]["name"], "autonym of %s: %r" % (code, rows.get(code)))
    for code in ("ar", "fa"):
        check(rows[code]["direction"] == "rtl", "%s is not rtl" % code)
    for code in ("en", "ko", "km"):
        check(rows[code]["direction"] == "ltr", "%s is not ltr" % code)
    check(rows["en"]["translated"] == 100 and rows["es"]["translated"] == 100, "translated %")
    check(rows["es"]["drafts"] > 0, "drafts of es not counted")

@test("cli.progress")
def _(env):
    """A progress line on stderr when it is a terminal, and none when it is not."""
    out = env.tmp("progress")
    if not shutil.which("script"):
        print("SKIP: no script(1) to make a terminal")
        sys.exit(77)
    cmd = "%s render --content %s --layout flyer --lang es --lang ko --lang fa --out %s" % (env.vol, env.content, out)
    p = subprocess.run(["script", "-qec", cmd, "/dev/null"], capture_output=True, timeout=120)
    seen = p.stdout.decode("utf-8", "replace")
    check(p.returncode == 0 and re.search(r"rendering \d/3 flyer/", seen), "no progress on a terminal: %r" % seen[-300:])
    rc, so, se = env.run("render", "--content", env.content, "--layout", "flyer", "--lang", "es", "--out", out)
    check("rendering" not in se, "progress printed when stderr is not a terminal")

@test("cli.extract")
def _(env):
    content = env.content_copy("extract")
    pot = os.path.join(content, "po", "volante.pot")
    os.remove(pot)
    rc, out, err = env.run("extract", "--content", content)
    check(rc == 0 and os.path.exists(pot), "extract: rc=%d %s" % (rc, err))
    text = open(pot, encoding="utf-8").read()
    n = len(re.findall(r"^msgctxt ", text, re.M))
    check(n == 15, "pot has %d entries" % n)
    check('msgctxt "ally.kiwa.summary"' in text, "pot lacks ally.kiwa.summary")
    check("kiwa.org" not in text, "contact fields must not be translated")
    rc, o, e = tool("msgfmt", "--check", "-o", os.devnull, pot)
    check(rc == 0, "msgfmt --check: %s" % e)
    for po in os.listdir(os.path.join(content, "po")):
        if po.endswith(".po"):
            rc, o, e = tool("msgcmp", "--use-fuzzy", os.path.join(content, "po", po), pot)
            check(rc == 0, "%s does not match the pot: %s" % (po, e.strip()[:200]))

@test("cli.module-missing")
def _(env):
    """The program copied without its modules (a broken install): one line naming the missing
    volante-cli.so and what to do, exit 2, no file written; --version still answers."""
    d = env.tmp("module-missing")
    exe = os.path.join(d, "bin", "volante")
    os.makedirs(os.path.dirname(exe))
    shutil.copy(env.vol, exe)
    p = subprocess.run([exe, "render", "--layout", "flyer", "--lang", "fa", "--out", os.path.join(d, "out")],
                       capture_output=True, text=True)
    check(p.returncode == 2 and p.stderr.count("\n") == 1 and
          re.match(r"volante: \S+/libexec/volante/volante-cli\.so is missing \(the rest of volante; reinstall volante\)$",
                   p.stderr.strip()), "rc=%d %r" % (p.returncode, p.stderr))
    check(not os.path.exists(os.path.join(d, "out")), "something was written")
    p = subprocess.run([exe, "--version"], capture_output=True, text=True)
    check(p.returncode == 0 and p.stdout.startswith("volante "), "--version: %r" % p.stdout)

@test("cli.pango-threads")
def _(env):
    """Pango's threads for each font pattern's match and sort run in the thread that asks for
    them (src/pangothreads.h): Pango's g_thread_new (libpangoft2's calls) binds to the program's (glibc's loader says
    to which), and a Persian and Japanese flyer come out as they do with the cache off."""
    p = subprocess.run([env.vol, "check", "--layout", "flyer", "--lang", "fa", "--lang", "ja", "-j", "1"],
                       capture_output=True, text=True, env=dict(os.environ, LD_DEBUG="bindings"))
    bound = re.findall(r"binding file \S*libpangoft2-1\.0\.so\.0 \[0\] to (\S+) \[0\]: normal symbol `g_thread_new'", p.stderr)
    check(p.returncode in (0, 1) and bound and all(os.path.basename(b) == "volante" for b in bound),
          "Pango's g_thread_new binds to %s (rc %d)" % (sorted(set(bound)) or "nothing seen", p.returncode))
    d = env.tmp("pango-threads")
    outs = []
    for mode in ("on", "off"):
        out = os.path.join(d, mode)
        e = {"XDG_CACHE_HOME": os.path.join(d, "xdg")}
        if mode == "off":
            e["VOLANTE_CACHE"] = "off"
        rc, so, se = env.run("render", "--layout", "flyer", "--lang", "fa", "--lang", "ja", "-q", "--out", out, env=e)
        check(rc == 0, "render (%s) exited %d: %s" % (mode, rc, se[-300:]))
        outs.append(out)
    for f in ("fa.pdf", "ja.pdf"):
        a, b = (open(os.path.join(o, "flyer", f), "rb").read() for o in outs)
        check(a == b, "flyer/%s differs with and without the cache" % f)

@test("cli.pdf-module")
def _(env):
    """libqpdf is in volante-pdf.so, opened only by what writes a PDF: check and a PNG render
    never open it (glibc's loader says which files it opens), a PDF render does, unless the cache
    has the finished page (the same page drawn again). Without the
    file, a Persian PDF is refused in one line naming it, and nothing is written; check and
    the PNG still work as before."""
    def opened(*args, exe=None):
        p = subprocess.run([exe or env.vol] + list(args), capture_output=True, text=True,
                           env=dict(os.environ, LD_DEBUG="files"))
        return p, "libqpdf.so" in p.stderr, re.sub(r"(?m)^\s*\d+:.*\n?", "", p.stderr)
    d = env.tmp("pdf-module")
    p, qpdf, _ = opened("check", "--layout", "flyer", "--lang", "fa")
    check(not qpdf, "check opened libqpdf")
    p, qpdf, _ = opened("render", "--layout", "flyer", "--lang", "fa", "--format", "png", "-q", "--out", os.path.join(d, "png"))
    check(p.returncode == 0 and not qpdf, "a PNG render: rc=%d, libqpdf opened: %s" % (p.returncode, qpdf))
    # A fresh cache: the PDF is finished with libqpdf, and kept (src/pdfload.c); the same page
    # again is written from the cache, without libqpdf.
    os.environ["XDG_CACHE_HOME"], xdg = os.path.join(d, "xdg"), os.environ["XDG_CACHE_HOME"]
    try:
        for run, want in ((1, True), (2, False)):
            out = os.path.join(d, "pdf%d" % run)
            p, qpdf, _ = opened("render", "--layout", "flyer", "--lang", "fa", "-q", "--out", out)
            check(p.returncode == 0 and qpdf == want and os.path.exists(os.path.join(out, "flyer", "fa.pdf")),
                  "PDF render %d: rc=%d, libqpdf opened: %s" % (run, p.returncode, qpdf))
        check(open(os.path.join(d, "pdf1", "flyer", "fa.pdf"), "rb").read() ==
              open(os.path.join(d, "pdf2", "flyer", "fa.pdf"), "rb").read(), "the kept PDF differs")
    finally:
        os.environ["XDG_CACHE_HOME"] = xdg
    # The program and volante-cli.so without volante-pdf.so.
    part = os.path.join(d, "broken")
    os.makedirs(part)
    for f in ("volante", "volante-cli.so"):
        shutil.copy(os.path.join(os.path.dirname(env.vol), f), part)
    exe = os.path.join(part, "volante")
    out = os.path.join(d, "out")
    p = subprocess.run([exe, "render", "--layout", "flyer", "--lang", "fa", "-q", "--out", out], capture_output=True, text=True)
    lines = [l for l in p.stderr.splitlines() if "volante-pdf.so" in l]
    check(p.returncode == 1 and len(lines) == 1 and
          re.search(r"flyer/fa\.pdf: error: \[fa\] in flyer: \S+/volante-pdf\.so: cannot open shared object file: "
                    r"No such file or directory \(the part of volante that finishes PDFs; reinstall volante\)", lines[0]),
          "rc=%d %r" % (p.returncode, p.stderr[-600:]))
    written = [os.path.join(r, f) for r, _, fs in os.walk(out) for f in fs]
    check(not written, "written without volante-pdf.so: %s" % written)
    a = subprocess.run([exe, "check", "--layout", "flyer", "--lang", "fa"], capture_output=True, text=True)
    b = subprocess.run([env.vol, "check", "--layout", "flyer", "--lang", "fa"], capture_output=True, text=True)
    check(a.returncode == b.returncode and a.stdout == b.stdout and a.stdout, "check differs without volante-pdf.so")
    p = subprocess.run([exe, "render", "--layout", "flyer", "--lang", "fa", "--format", "png", "-q", "--out", os.path.join(d, "png2")],
                       capture_output=True, text=True)
    check(p.returncode == 0 and os.path.exists(os.path.join(d, "png2", "flyer", "fa-1.png")), "PNG without volante-pdf.so: rc=%d %s" % (p.returncode, p.stderr[-300:]))
