"""volante tests: files in and out when things go wrong (issue 9, items 4-7, 10, 11): a request that
would write nothing, a full disk, a signal in the middle of a render, a FIFO where a file should be,
editors' saves under --watch, and `check --annotate` on links. Each test plants the case as people
meet it, checks the exit status, the exact message and the files, then tries the next thing a person
does, in another language than English."""
import glob, resource, signal, stat
from vtest import *

def run_limited(env, args, fsize, timeout=300, date="1700000000"):
    """volante ARGS with files limited to FSIZE bytes (RLIMIT_FSIZE, SIGXFSZ ignored, so a write
    past the limit fails with EFBIG the way a full disk fails with ENOSPC), dated DATE."""
    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
    e = dict(os.environ)
    e.setdefault("SOURCE_DATE_EPOCH", date)
    p = subprocess.run([env.vol] + list(args), capture_output=True, timeout=timeout, env=e, preexec_fn=limit,
                       restore_signals=False)
    err = p.stderr.decode("utf-8", "replace")
    no_sanitizer_report(err, args)
    return p.returncode, p.stdout.decode("utf-8", "replace"), err

def said(text):
    """What volante said, without the sanitizer's report of suppressed library leaks."""
    return re.sub(r"-{20,}\nSuppressions used:.*?-{20,}\n\n?", "", text, flags=re.S)

def run_bounded(env, *args, seconds=120):
    """env.run, failing (not hanging) when volante waits on something for more than SECONDS."""
    try:
        return env.run(*args, timeout=seconds)
    except subprocess.TimeoutExpired:
        raise Fail("volante %s still ran after %d s: it waits on something" % (" ".join(args[:3]), seconds))

def debris(d):
    """Temporary files (NAME.tmp.*) anywhere under D."""
    return sorted(glob.glob(os.path.join(d, "**", "*.tmp.*"), recursive=True))

def first_translation(env):
    return sorted(f[:-3] for f in os.listdir(os.path.join(env.content, "po")) if f.endswith(".po"))[0]

def has_text(pdf, po, key):
    want = strip_markup(po_msgstr(po, key))
    return coverage(want, pdftext(pdf)) >= 0.9

# ---------------------------------------------------------------- 4. a request that yields nothing

@test("io.nothing-pair-layout-source-alone")
def _(env):
    """Item 4: cards print two languages; `--lang en` alone (the language they pair each
    translation with) used to exit 0 with "wrote 0 files". Now: exit 2 and one line saying why
    and what to ask for; nothing written. Then the suggested request works, in Spanish."""
    out = env.tmp("nothing-cards")
    rc, so, se = env.run("render", "--layout", "cards", "--lang", "en", "-o", out)
    tr = first_translation(env)
    want = ("volante: layout 'cards' prints two languages and pairs each translation with 'en': ask for a "
            "translation (--lang %s) or a pair (--lang %s+en), not 'en' alone\n" % (tr, tr))
    se = said(se)
    check(rc == 2, "render --layout cards --lang en: exit %d: %s" % (rc, se))
    check(se == want, "message %r, want %r" % (se, want))
    check(not glob.glob(os.path.join(out, "**", "*.pdf"), recursive=True), "a file was written")
    rc, j = problems(env, env.content, "--layout", "cards", "--lang", "en")
    check(rc == 2 and j["request_error"] == want[len("volante: "):-1], "check --json: %d %s" % (rc, j))
    # what the message says to do
    rc, so, se = env.run("render", "--layout", "cards", "--lang", "es", "-o", out, "-q")
    pdf = os.path.join(out, "cards", "es+en.pdf")
    check(rc == 0 and os.path.exists(pdf), "render --layout cards --lang es: %d %s" % (rc, se[-300:]))
    check(has_text(pdf, os.path.join(env.content, "po", "es.po"), "allies"), "cards/es+en.pdf has no Spanish")

@test("io.nothing-one-language-layout-pair")
def _(env):
    """Item 4: a handbill prints one language; `--lang es+en` used to exit 0 with "wrote 0 files".
    Now exit 2 naming the layout and what to ask for; then `--lang es` writes the Spanish handbill.
    A pair that no layout asked for can print (one-language layouts only) says so too."""
    out = env.tmp("nothing-handbill")
    rc, so, se = env.run("render", "--layout", "handbill", "--lang", "es+en", "-o", out)
    want = "volante: layout 'handbill' prints one language, not a pair like 'es+en': ask for --lang es\n"
    check(rc == 2 and said(se) == want, "exit %d, message %r (want %r)" % (rc, se, want))
    check(not os.path.exists(os.path.join(out, "handbill")), "a folder was made")
    rc, so, se = env.run("render", "--layout", "cards", "--layout", "flyer", "--lang", "fa", "--lang", "en",
                         "-o", out, "-q")
    check(rc == 0 and os.path.exists(os.path.join(out, "cards", "fa+en.pdf")) and
          os.path.exists(os.path.join(out, "flyer", "en.pdf")), "en goes to the flyer, fa to both: %d %s" % (rc, se))
    # a layouts folder with only one-language layouts, asked for a pair
    lay = layout_dir(env, "nothing-lay", lambda t: t)
    rc, so, se = env.run("render", "--layouts-dir", lay, "--lang", "fa+en", "-o", out)
    want = ("volante: --lang fa+en gives no layout asked for (flyer) a page: they print one language: ask for "
            "--lang fa, or for a two-language layout (volante layouts lists them)\n")
    check(rc == 2 and said(se) == want, "exit %d, message %r (want %r)" % (rc, se, want))
    rc, so, se = env.run("render", "--layout", "handbill", "--lang", "es", "-o", out, "-q")
    pdf = os.path.join(out, "handbill", "es.pdf")
    check(rc == 0 and os.path.exists(pdf), "render --layout handbill --lang es: %d %s" % (rc, se[-300:]))
    check(has_text(pdf, os.path.join(env.content, "po", "es.po"), "headline"), "handbill/es.pdf has no Spanish")

@test("io.pairs-without-lang")
def _(env):
    """A two-language layout named with no --lang prints every translation paired with English,
    exit 0; it used to exit 2 blaming a "--lang en" nobody gave. The same with --layout postcard."""
    out = env.tmp("pairs-no-lang")
    rc, so, se = env.run("render", "--layout", "postcard", "-o", out, "-q")
    made = sorted(os.listdir(os.path.join(out, "postcard"))) if os.path.isdir(os.path.join(out, "postcard")) else []
    langs = sorted(f[:-3] for f in os.listdir(os.path.join(env.content, "po")) if f.endswith(".po"))
    want = ["%s+en.pdf" % l for l in langs]
    check(rc == 0 and made == want and "--lang" not in se, "exit %d, made %s (want %s): %s" % (rc, made, want, se[-300:]))
    check(has_text(os.path.join(out, "postcard", "ko+en.pdf"), os.path.join(env.content, "po", "ko.po"), "headline"),
          "postcard/ko+en.pdf has no Korean")
    rc, so, se = env.run("render", "--layout", "postcard", "--lang", "en", "-o", out)
    check(rc == 2 and "layout 'postcard' prints two languages and pairs each translation with 'en'" in se and
          "not 'en' alone" in se,
          "--lang en alone, named: exit %d %r" % (rc, se[-300:]))

# ---------------------------------------------------------------- 5. a full disk

@test("io.full-disk-keeps-good-pdf")
def _(env):
    """Item 5: a write that fails part way (here files limited to 8 kB, which fails writes with
    EFBIG as a full disk does with ENOSPC) leaves the good PDF of the last run as it was, byte for
    byte, with no temporary file, exits 1 and names the file (a flyer that has not changed needs no
    room: its file is left as it is). The proof sheet the same. Then, with room again, the next
    render writes the Spanish flyer."""
    out = env.tmp("full-fsize")
    rc, so, se = env.run("render", "--layout", "flyer", "--lang", "es", "-o", out, "-q")
    pdf = os.path.join(out, "flyer", "es.pdf")
    check(rc == 0 and os.path.exists(pdf), "first render: %d %s" % (rc, se[-300:]))
    good = open(pdf, "rb").read()
    check(len(good) > 8192, "the Spanish flyer is only %d bytes" % len(good))
    # The same flyer again needs no room: the file already holds its bytes and is left alone.
    rc, so, se = run_limited(env, ["render", "--layout", "flyer", "--lang", "es", "-o", out, "-q"], 8192)
    check(rc == 0 and open(pdf, "rb").read() == good, "an unchanged flyer on a full disk: %d %s" % (rc, se[-300:]))
    # A day later the flyer carries another date: it must be written, and cannot be.
    rc, so, se = run_limited(env, ["render", "--layout", "flyer", "--lang", "es", "-o", out, "-q"], 8192,
                             date="1700086400")
    want = "%s: error: [es] in flyer: cannot write: File too large (output)\n" % pdf
    check(rc == 1, "render on a full disk: exit %d: %s" % (rc, se[-400:]))
    check(se.startswith(want), "message %r, want %r" % (se[:300], want))
    check("volante: wrote 0 files; 1 error" in se, "summary: %s" % se)
    check(open(pdf, "rb").read() == good, "the good PDF was replaced")
    check(os.listdir(os.path.dirname(pdf)) == ["es.pdf"], "left behind: %s" % os.listdir(os.path.dirname(pdf)))
    # proof sheets: the same rule
    proof = os.path.join(out, "proof.pdf")
    rc, so, se = env.run("proof", "--lang", "es", "--layout", "flyer", "-o", proof)
    check(rc == 0 and os.path.getsize(proof) > 8192, "proof: %d %s" % (rc, se[-300:]))
    good_proof = open(proof, "rb").read()
    rc, so, se = run_limited(env, ["proof", "--lang", "es", "--layout", "flyer", "-o", proof], 8192, date="1700086400")
    check(rc != 0 and "volante: %s: cannot write: File too large\n" % proof in se, "proof: %d %s" % (rc, se[-300:]))
    check(open(proof, "rb").read() == good_proof and not debris(out), "proof replaced or debris: %s" % debris(out))
    # slides (PNG) too
    slides = os.path.join(out, "slides")
    rc, so, se = run_limited(env, ["slides", "--lang", "es", "--size", "640x360", "-o", slides], 4096)
    check(rc == 1 and "volante slides: %s: cannot write: File too large\n" % os.path.join(slides, "es", "01.png") in se,
          "slides: %d %s" % (rc, se[-300:]))
    check(not debris(out), "debris: %s" % debris(out))
    # room again: the next render works
    po = os.path.join(env.content, "po", "es.po")
    rc, so, se = env.run("render", "--layout", "flyer", "--lang", "es", "-o", out, "-q")
    check(rc == 0 and has_text(pdf, po, "headline"), "render after the disk was freed: %d %s" % (rc, se[-300:]))

@test("io.full-disk-tmpfs")
def _(env):
    """Item 5 on a real full file system: a 256 kB tmpfs (skipped where mounting is not allowed).
    The Persian flyer written, the disk filled, a render with a changed translation fails with
    "No space left on device", exit 1, the old Persian flyer intact; space freed, it renders."""
    d = env.tmp("full-tmpfs")
    mnt = os.path.join(d, "mnt")
    os.makedirs(mnt)
    try:
        p = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mnt], capture_output=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise Skip("cannot mount a tmpfs: %s" % e)
    if p.returncode != 0:
        raise Skip("cannot mount a tmpfs: %s" % p.stderr.decode("utf-8", "replace").strip())
    try:
        content = env.content_copy("full-tmpfs-c")
        po = os.path.join(content, "po", "fa.po")
        rc, so, se = env.run("render", "--content", content, "--layout", "flyer", "--lang", "fa", "-o", mnt, "-q")
        pdf = os.path.join(mnt, "flyer", "fa.pdf")
        check(rc == 0 and os.path.exists(pdf), "first render: %d %s" % (rc, se[-300:]))
        good = open(pdf, "rb").read()
        fd = os.open(os.path.join(mnt, "filler"), os.O_WRONLY | os.O_CREAT)
        try:
            while True:
                os.write(fd, b"\0" * 4096)
        except OSError:
            pass
        os.close(fd)
        set_msgstr(po, "headline", "همسایگان مهاجر ما")
        rc, so, se = env.run("render", "--content", content, "--layout", "flyer", "--lang", "fa", "-o", mnt, "-q")
        want = "%s: error: [fa] in flyer: cannot write: No space left on device (output)\n" % pdf
        check(rc == 1 and se.startswith(want), "full tmpfs: exit %d, %r (want %r)" % (rc, se[:300], want))
        check(open(pdf, "rb").read() == good, "the good Persian PDF was replaced")
        check(not debris(mnt), "left behind: %s" % debris(mnt))
        os.remove(os.path.join(mnt, "filler"))
        rc, so, se = env.run("render", "--content", content, "--layout", "flyer", "--lang", "fa", "-o", mnt, "-q")
        check(rc == 0 and "همسایگان مهاجر ما" in pdftext(pdf).replace("\n", " "),
              "render after freeing space: %d %s" % (rc, se[-300:]))
    finally:
        subprocess.run(["umount", mnt], capture_output=True, timeout=20)

@test("io.full-disk-stdout")
def _(env):
    """Item 5: `check --json > FILE` on a full disk (files limited to 2 kB) used to exit 0 with half
    the JSON in FILE. Now it says it could not write its output and exits 1."""
    d = env.tmp("full-stdout")
    out = os.path.join(d, "problems.json")
    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))
    with open(out, "w") as f:
        p = subprocess.run([env.vol, "check", "--json", "--lang", "es", "--layout", "flyer"], stdout=f,
                           stderr=subprocess.PIPE, timeout=300, preexec_fn=limit, restore_signals=False)
    se = said(p.stderr.decode("utf-8", "replace"))
    check(p.returncode == 1 and se == "volante: cannot write the output: File too large\n",
          "exit %d: %r" % (p.returncode, se[-300:]))
    rc, j = problems(env, env.content, "--lang", "es", "--layout", "flyer")
    check(rc == 0 and j["warnings"] > 0, "with room: %d" % rc)

# ---------------------------------------------------------------- 7. FIFOs where files should be

@test("io.fifo-inputs")
def _(env):
    """Item 7: a FIFO in place of a PO file, volante.ini, a layout, an image or the kiosk script
    used to block every command forever. Each is refused at once as "PATH: not a regular file",
    blamed on its file, and the other languages and layouts still render (Persian here)."""
    content = env.content_copy("fifo-po")
    es = os.path.join(content, "po", "es.po")
    os.remove(es)
    os.mkfifo(es)
    rc, so, se = run_bounded(env, "check", "--content", content, "--layout", "flyer")
    check(rc == 1 and "%s: error: [es] not a regular file (syntax)\n" % es in so, "FIFO es.po: %d %s" % (rc, so[-400:]))
    out = env.tmp("fifo-out")
    rc, so, se = run_bounded(env, "render", "--content", content, "--layout", "flyer", "--lang", "fa", "-o", out, "-q")
    pdf = os.path.join(out, "flyer", "fa.pdf")
    check(rc == 0 and has_text(pdf, os.path.join(content, "po", "fa.po"), "headline"), "fa with es.po a FIFO: %s" % se)
    rc, so, se = run_bounded(env, "langs", "--content", content)
    check(rc == 1 and "volante: %s: not a regular file\n" % es in se and "فارسی" in so, "langs: %d %s" % (rc, se))
    # volante.ini
    content = env.content_copy("fifo-ini")
    ini = os.path.join(content, "volante.ini")
    os.remove(ini)
    os.mkfifo(ini)
    rc, so, se = run_bounded(env, "check", "--content", content, "--lang", "es")
    check(rc == 2 and said(se) == "volante: %s: not a regular file\n" % ini, "FIFO volante.ini: %d %r" % (rc, se))
    # a layout: the others still render
    lay = layout_dir(env, "fifo-lay", lambda t: t)
    os.mkfifo(os.path.join(lay, "broken.ini"))
    rc, so, se = run_bounded(env, "render", "--layouts-dir", lay, "--lang", "fa", "-o", out, "-q")
    check(rc == 1 and "%s: error: in broken: not a regular file (layout)" % os.path.join(lay, "broken.ini") in se,
          "FIFO layout: %d %s" % (rc, se[-400:]))
    check(os.path.exists(pdf), "the flyer was not written beside the broken layout")
    # an image
    content = env.content_copy("fifo-img")
    os.mkfifo(os.path.join(content, "logo.png"))
    os.remove(os.path.join(lay, "broken.ini"))
    with open(os.path.join(lay, "flyer.ini"), "a") as f:
        f.write("\n[frame.logo]\nbox=0,0.9,0.2,0.1\nimage=logo.png\n")
    lines = (line_of(os.path.join(lay, "flyer.ini"), "[frame.logo]"), line_of(os.path.join(lay, "flyer.ini"),
                                                                             "image=logo.png"))
    rc, j = problems(env, content, "--layouts-dir", lay, "--lang", "fa")
    img = [p for p in j["problems"] if p["kind"] == "image"]
    want = 'frame "logo": cannot read image %s: not a regular file' % os.path.join(content, "logo.png")
    check(rc == 1 and img and img[0]["message"] == want and img[0]["line"] in lines, "FIFO image: %s" % img)
    # the kiosk script
    d = env.tmp("fifo-kiosk")
    script = os.path.join(d, "script")
    os.mkfifo(script)
    rc, so, se = run_bounded(env, "kiosk", "--headless", "--size", "640x360", "--script", script, "--shots",
                             os.path.join(d, "shots"))
    check(rc == 2 and said(se) == "volante kiosk: %s: not a regular file\n" % script, "FIFO script: %d %r" % (rc, se))

# ---------------------------------------------------------------- 6. signals

def children(pid):
    """PIDs of the processes whose parent is PID."""
    kids = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                st = open("/proc/%s/stat" % d).read()
            except OSError:
                continue
            if int(st[st.rindex(")") + 2:].split()[1]) == pid:
                kids.append(int(d))
    return kids

def alive(pid):
    """Whether PID runs (a zombie waiting for init to reap it does not)."""
    try:
        st = open("/proc/%d/stat" % pid).read()
    except OSError:
        return False
    return st[st.rindex(")") + 2] != "Z"

def snapshot(d):
    return {p: os.stat(p).st_mtime_ns for p in glob.glob(os.path.join(d, "**", "*"), recursive=True)}

def interrupted(env, name, sig):
    """Starts a full render with two workers, sends SIG to volante once the first PDF is out, and
    returns (exit status, output folder, worker PIDs) after checking that nothing is left behind:
    no worker runs, no temporary file, and no file changes after volante has gone."""
    out = env.tmp(name)
    p = subprocess.Popen([env.vol, "render", "-o", out, "--jobs", "2", "-q"], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    try:
        check(wait_for(lambda: glob.glob(os.path.join(out, "*", "*.pdf")), 240) is not None, "no PDF came out")
        workers = children(p.pid)
        check(len(workers) == 2, "workers: %s" % workers)
        os.kill(p.pid, sig)
        rc = p.wait(60)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    check(wait_for(lambda: not any(alive(w) for w in workers), 20) is not None,
          "workers still run after volante stopped: %s" % [w for w in workers if alive(w)])
    before = snapshot(out)
    time.sleep(1.5)
    check(snapshot(out) == before, "files changed after volante stopped")
    check(not debris(out), "left behind: %s" % debris(out))
    n = len(glob.glob(os.path.join(out, "*", "*.pdf")))
    check(n < 40, "the render was not interrupted (%d files)" % n)
    return rc, out

@test("io.signal-stops-render")
def _(env):
    """Item 6: SIGTERM or SIGINT (Ctrl+C) to `render` stops its workers too, removes the temporary
    files and ends volante by that signal; no file changes after it has gone. Then the next
    render of the Persian flyer works."""
    for sig, name in ((signal.SIGTERM, "sig-term"), (signal.SIGINT, "sig-int")):
        rc, out = interrupted(env, name, sig)
        check(rc == -sig, "%s: volante exited %s" % (name, rc))
    rc, so, se = env.run("render", "--layout", "flyer", "--lang", "fa", "-o", out, "-q")
    pdf = os.path.join(out, "flyer", "fa.pdf")
    check(rc == 0 and has_text(pdf, os.path.join(env.content, "po", "fa.po"), "headline"),
          "render after the interrupted one: %d %s" % (rc, se[-300:]))

@test("io.signal-kill-parent")
def _(env):
    """Item 6: when volante itself is killed outright (SIGKILL: nothing of it runs), its workers
    are stopped by the kernel (PR_SET_PDEATHSIG) and remove their temporary files. Temporary files
    of a volante that is no longer running are removed by the next render; a live process's
    are not."""
    rc, out = interrupted(env, "sig-kill", signal.SIGKILL)
    check(rc == -signal.SIGKILL, "volante exited %s" % rc)
    d = os.path.join(out, "flyer")
    os.makedirs(d, exist_ok=True)
    gone = subprocess.Popen(["true"])
    gone.wait()
    stale = os.path.join(d, "es.pdf.tmp.%d.AbC123" % gone.pid)
    live = os.path.join(d, "fa.pdf.tmp.%d.XyZ789" % os.getpid())
    other = os.path.join(d, "notes.txt.tmp.%d.AbC123" % gone.pid)
    for f in (stale, live, other):
        open(f, "wb").write(b"%PDF-1.5\n")
    rc, so, se = env.run("render", "--layout", "flyer", "--lang", "es", "-o", out, "-q")
    check(rc == 0 and has_text(os.path.join(d, "es.pdf"), os.path.join(env.content, "po", "es.po"), "headline"),
          "render: %d %s" % (rc, se[-300:]))
    check(not os.path.exists(stale), "a dead volante's temporary file stayed")
    check(os.path.exists(live) and os.path.exists(other), "a live process's or another program's file was removed")

# ---------------------------------------------------------------- 10. --watch and editors' saves

def gedit_save(po, key, text):
    """Saves PO as gedit (GIO's g_file_replace) does: the new text in a hidden temporary file
    beside it, renamed over it."""
    lines = open(po, encoding="utf-8").read()
    tmp = os.path.join(os.path.dirname(po), ".goutputstream-ABC123")
    open(tmp, "w", encoding="utf-8").write(lines)
    set_msgstr(tmp, key, text)
    os.rename(tmp, po)

@test("io.watch-editor-saves")
def _(env):
    """Item 10: `proof --watch` sees a gedit save (.goutputstream-XXXXXX renamed over es.po), a
    dot-temp save (.es.po.swp renamed over it) and a save that keeps a backup (es.po~), each
    through to the Spanish text on the proof. It does not run again for its own proof written
    into a watched folder, nor for its log there. A broken es.po keeps the last good proof and
    says where the mistake is; fixed, the proof follows again."""
    content = env.content_copy("watch-saves")
    po = os.path.join(content, "po", "es.po")
    proof = os.path.join(content, "proof.pdf")  # inside a watched folder, as a person may put it
    log = os.path.join(content, "watch.log")
    logf = open(log, "w")
    p = subprocess.Popen([env.vol, "proof", "--content", content, "--lang", "es", "--layout", "flyer", "-o", proof,
                          "--watch"], stdout=logf, stderr=logf)
    runs = lambda: open(log, encoding="utf-8").read().count("volante: wrote ")
    text = lambda: pdftext(proof).replace("\n", " ") if os.path.exists(proof) else ""
    try:
        check(wait_for(lambda: runs() >= 1, 120) is not None, "no first proof: %s" % open(log).read()[-300:])
        time.sleep(3)
        check(runs() == 1, "watch ran again for its own proof or log: %d runs" % runs())
        old = strip_markup(po_msgstr(po, "headline"))
        for n, save in enumerate(("gedit", "dot", "backup")):
            marker = "Guardado%d" % n
            if save == "gedit":
                gedit_save(po, "headline", marker + " " + old)
            elif save == "dot":
                tmp = os.path.join(content, "po", ".es.po.swp")
                shutil.copy(po, tmp)
                set_msgstr(tmp, "headline", marker + " " + old)
                os.rename(tmp, po)
            else:
                shutil.copy(po, po + "~")
                set_msgstr(po, "headline", marker + " " + old)
            check(wait_for(lambda: marker in text(), 120) is not None,
                  "%s save: the proof never showed %s: %s" % (save, marker, open(log).read()[-300:]))
            wait_for(lambda: runs() >= n + 2, 10)  # the line comes just after the file
        time.sleep(3)
        check(runs() == 4, "one run per save, none for the proof or the log: %d runs" % runs())
        good = open(proof, "rb").read()
        break_at_end(po)
        rc, j = problems(env, content, "--lang", "es", "--layout", "flyer")
        syntax = [x for x in j["problems"] if x["kind"] == "syntax" and x["file"] == po]
        check(syntax and syntax[0]["line"] >= line_of(po, 'msgid "never closed'), "check: %s" % syntax)
        line = syntax[0]["line"]
        check(wait_for(lambda: "keeps the last good proof" in open(log, encoding="utf-8").read(), 120) is not None,
              "a broken es.po was not reported: %s" % open(log).read()[-300:])
        said_ = open(log, encoding="utf-8").read()
        want = "volante: %s:%d: %s" % (po, line, syntax[0]["message"])
        check(want in said_ and "(%s keeps the last good proof until the file reads again)" % proof in said_,
              "the message does not point at %s:%d: %s" % (po, line, said_[-400:]))
        check(open(proof, "rb").read() == good, "the proof was replaced while es.po was broken")
        fix_end(po)
        gedit_save(po, "headline", "Arreglado " + old)
        check(wait_for(lambda: "Arreglado" in text(), 120) is not None, "the proof did not come back after the fix")
    finally:
        stop(p)
        logf.close()
    check(p.returncode in (0, -15), "watch exited %s on SIGTERM" % p.returncode)

BROKEN = 'msgctxt "io.broken"\nmsgid "never closed\n'

def break_at_end(po):
    """An entry whose msgid is never closed, at the end of PO."""
    text = open(po, encoding="utf-8").read()
    open(po, "w", encoding="utf-8").write(text + "\n" + BROKEN)

def fix_end(po):
    text = open(po, encoding="utf-8").read()
    open(po, "w", encoding="utf-8").write(text.replace("\n" + BROKEN, ""))

# ---------------------------------------------------------------- 11. check --annotate and links

def annotate_case(env, name):
    """A content copy whose es.po is a symbolic link to a file elsewhere (mode 0640) and whose
    fa.po has a second hard link, each with an unclosed <b> to annotate."""
    content = env.content_copy(name)
    shared = os.path.join(env.work, name, "shared")
    os.makedirs(shared)
    es = os.path.join(content, "po", "es.po")
    target = os.path.join(shared, "es.po")
    shutil.move(es, target)
    os.chmod(target, 0o640)
    os.symlink(os.path.relpath(target, os.path.dirname(es)), es)
    fa = os.path.join(content, "po", "fa.po")
    twin = os.path.join(shared, "fa.po")
    os.link(fa, twin)
    for po in (target, fa):
        set_msgstr(po, "headline", "<b>" + strip_markup(po_msgstr(po, "headline")))
    return content, es, target, fa, twin

@test("io.annotate-links")
def _(env):
    """Item 11: `check --annotate` writes through a symlinked PO file to its target (the link
    stays a link), keeps the file's mode (0640), and writes a hard-linked file in place so both
    names show the notes (what a translator who linked them expects). Then `check` again leaves
    the files as they are, and the Spanish and Persian flyers still render."""
    content, es, target, fa, twin = annotate_case(env, "annotate-links")
    ino = os.stat(fa).st_ino
    rc, so, se = env.run("check", "--content", content, "--lang", "es", "--lang", "fa", "--layout", "flyer",
                         "--annotate")
    check(rc == 1 and "volante: annotated 2 PO files\n" in se, "check --annotate: %d %s" % (rc, se[-300:]))
    check(os.path.islink(es) and os.readlink(es) == os.path.relpath(target, os.path.dirname(es)),
          "es.po is no longer the link")
    check("# volante: markup" in open(target, encoding="utf-8").read(), "the link's target has no notes")
    check(stat.S_IMODE(os.stat(target).st_mode) == 0o640, "mode %o" % stat.S_IMODE(os.stat(target).st_mode))
    check(os.stat(fa).st_ino == ino and os.stat(fa).st_nlink == 2, "the hard link was broken")
    check("# volante: markup" in open(twin, encoding="utf-8").read(), "the other name of fa.po has no notes")
    check(not debris(os.path.dirname(target)) and not debris(content), "temporary files left")
    before = open(target, "rb").read(), open(fa, "rb").read()
    rc, so, se = env.run("check", "--content", content, "--lang", "es", "--lang", "fa", "--layout", "flyer",
                         "--annotate")
    check(rc == 1 and "volante: annotated 0 PO files\n" in se, "second run: %d %s" % (rc, se[-300:]))
    check((open(target, "rb").read(), open(fa, "rb").read()) == before, "a second run changed the files")
    for po, lang in ((target, "es"), (fa, "fa")):
        set_msgstr(po, "headline", strip_markup(po_msgstr(po, "headline")))
    out = env.tmp("annotate-links-out")
    rc, so, se = env.run("render", "--content", content, "--layout", "flyer", "--lang", "es", "--lang", "fa", "-o",
                         out, "-q")
    check(rc == 0 and has_text(os.path.join(out, "flyer", "fa.pdf"), fa, "headline"), "render: %d %s" % (rc, se))

@test("io.annotate-cannot-write")
def _(env):
    """Item 11: when the notes cannot be written (files limited to their present size, as on a
    full disk) `check --annotate` exits 1 with an output error for each file, at its path; the
    symlinked Spanish file and the hard-linked Persian one are left byte for byte as they were."""
    content, es, target, fa, twin = annotate_case(env, "annotate-full")
    before = open(target, "rb").read(), open(fa, "rb").read()
    limit = min(len(before[0]), len(before[1])) + 16
    rc, so, se = run_limited(env, ["check", "--content", content, "--lang", "es", "--lang", "fa", "--layout", "flyer",
                                   "--annotate"], limit)
    check(rc == 1, "exit %d: %s" % (rc, so[-300:]))
    for po, lang in ((es, "es"), (fa, "fa")):
        want = "%s: error: [%s] the notes were not written: cannot write: File too large (output)" % (po, lang)
        check(want in so, "no %r in %s" % (want, so[-600:]))
    check((open(target, "rb").read(), open(fa, "rb").read()) == before, "a file changed")
    check(os.path.islink(es) and os.stat(fa).st_nlink == 2, "a link was broken")
    check(not debris(os.path.dirname(target)) and not debris(content), "temporary files left")
    rc, j = problems(env, content, "--lang", "es", "--layout", "flyer", "--annotate")
    check(rc == 1 and "# volante: markup" in open(target, encoding="utf-8").read(), "with room: %d" % rc)
