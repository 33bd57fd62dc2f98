"""volante tests: the bad-input catalog (tests/bad/, described in tests/bad/README.md).

Each folder tests/bad/NAME is one case, registered as the test badcase.NAME: the frozen set in
tests/bad/_base (content, layouts) with the case's own files laid over it, one volante command,
and what it must do. Whatever the input, the run must not crash (no signal, no sanitizer report),
must end within TIMEOUT seconds, must exit with the case's status (non-zero unless it expects a
file), must print each line of expect.txt exactly, and must leave no file but those it expects:
no partial PDF, no temporary file, in the output folder or anywhere else.
"""
import configparser, resource, signal, stat, time
from vtest import *

HERE = os.path.dirname(os.path.abspath(__file__))
BAD = os.path.join(HERE, "bad")
# No case may take more than CPU_LIMIT seconds of processor time (volante and its workers): runaway
# work. WALL_LIMIT catches a run that waits forever (a FIFO, a lock); it is longer, because a
# sanitizer build on a machine shared by several people takes several seconds of waiting for
# what takes one alone (docs/testing.md has the times measured).
CPU_LIMIT = 5.0
WALL_LIMIT = float(os.environ.get("VOLANTE_BAD_WALL", "30"))
# Commands that read content and layouts: the runner gives them the case's own.
TAKES = {"render": ("--content", "--layouts-dir"), "check": ("--content", "--layouts-dir"),
         "proof": ("--content", "--layouts-dir"), "kiosk": ("--content", "--layouts-dir"),
         "slides": ("--content", "--layouts-dir"), "langs": ("--content",), "extract": ("--content",),
         "context": ("--content", "--layouts-dir")}
OWN = ("case.ini", "expect.txt")
REPEAT = re.compile(rb"\{\{repeat (\d+) (.*?)\}\}")


def expand(data):
    """A file named NAME.in is NAME with each {{repeat N TEXT}} replaced by N copies of TEXT
    (TEXT in Python's escapes: \\n, \\x00): large inputs without large files in git."""
    def rep(m):
        return m.group(2).decode("unicode_escape").encode("latin-1") * int(m.group(1))
    return REPEAT.sub(rep, data)


def lay_over(case, work):
    for root, dirs, files in os.walk(case):
        rel = os.path.relpath(root, case)
        for f in files:
            if rel == "." and f in OWN:
                continue
            src = os.path.join(root, f)
            dst = os.path.normpath(os.path.join(work, rel, f))
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            data = open(src, "rb").read()
            if f.endswith(".in"):
                dst, data = dst[:-3], expand(data)
            open(dst, "wb").write(data)


def tree(top):
    """{relative path: kind} of everything under TOP."""
    got = {}
    for root, dirs, files in os.walk(top):
        for f in dirs + files:
            p = os.path.join(root, f)
            st = os.lstat(p)
            got[os.path.relpath(p, top)] = "d" if stat.S_ISDIR(st.st_mode) else "f"
    return got


def complete(path):
    """True if PATH is a whole file of its kind (PDF, PNG), as far as its readers can tell."""
    if path.endswith(".pdf"):
        return tool("pdfinfo", path)[0] == 0 and open(path, "rb").read()[-6:].strip().endswith(b"%%EOF")
    if path.endswith(".png"):
        return open(path, "rb").read(8) == b"\x89PNG\r\n\x1a\n" and tool("identify", path)[0] == 0
    return os.path.getsize(path) > 0


def setup(work, steps, limits):
    """The case's conditions that are not files: a FIFO in place of a file, a read-only folder,
    a file removed, a file-size limit (a full disk as the program sees it)."""
    for step in steps:
        what, _, arg = step.partition(":")
        path = os.path.join(work, arg)
        if what == "fifo":
            if os.path.exists(path):
                os.remove(path)
            os.mkfifo(path)
        elif what == "readonly":
            os.makedirs(path, exist_ok=True)
            os.chmod(path, 0o555)
            limits["user"] = True  # root may write anywhere: run as nobody
        elif what == "file":
            os.makedirs(os.path.dirname(path), exist_ok=True)
            open(path, "w").write("not a folder\n")
        elif what == "remove":
            (shutil.rmtree if os.path.isdir(path) else os.remove)(path)
        elif what == "symlink":
            name, _, target = arg.partition("->")
            os.symlink(target, os.path.join(work, name))
        elif what == "fsize":
            limits["fsize"] = int(arg)
        else:
            raise Fail("unknown setup step %r" % step)


def unlock(work):
    for root, dirs, files in os.walk(work):
        for d in dirs:
            try:
                os.chmod(os.path.join(root, d), 0o755)
            except OSError:
                pass


def run_case(env, name):
    case = os.path.join(BAD, name)
    cfg = configparser.ConfigParser(interpolation=None)
    cfg.read(os.path.join(case, "case.ini"), encoding="utf-8")
    c = cfg["case"]
    want_rc = c.getint("exit")
    want_out = c.get("out", "").split()
    expect = [l for l in open(os.path.join(case, "expect.txt"), encoding="utf-8").read().split("\n") if l]
    check(expect, "%s: expect.txt says nothing" % name)
    check(want_rc != 0 or want_out, "%s: a case that exits 0 must name the file it writes (out=)" % name)

    work = os.path.join(env.work, "bad", name)
    if os.path.exists(work):
        unlock(work)
        shutil.rmtree(work)
    shutil.copytree(os.path.join(BAD, "_base"), work)
    os.makedirs(os.path.join(work, "out"))
    lay_over(case, work)
    limits = {}
    setup(work, c.get("setup", "").split(), limits)

    args = c["run"].split()
    for opt, val in zip(TAKES.get(args[0], ()), ("content", "layouts")):
        if opt in args:
            continue
        args[1:1] = [opt, val]
    before = {p: k for p, k in tree(work).items() if p != "out" and not p.startswith("out/")}

    if limits.get("user") and os.geteuid() == 0:
        # As nobody, volante must reach its program and the case's folder: every folder above
        # them open to others. A clone made in `mktemp -d` (mode 700) is not.
        for path in (os.path.abspath(env.vol), work):
            d = path
            while d != os.path.dirname(d):
                d = os.path.dirname(d)
                if not os.stat(d).st_mode & stat.S_IXOTH:
                    raise Skip("%s: runs as nobody, who cannot enter %s (a private folder, as mktemp -d makes): "
                               "clone into a folder others may enter to run it" % (name, d))

    def limit():
        if limits.get("user") and os.geteuid() == 0:
            os.setgid(65534)
            os.setuid(65534)
        if "fsize" in limits:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limits["fsize"], limits["fsize"]))
            # What a full disk gives a program is a failed write (ENOSPC); with a file-size limit
            # the kernel would send SIGXFSZ first, so the test ignores it to get the failed write.
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    e = dict(os.environ)
    e.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    for kv in c.get("env", "").split():
        k, _, v = kv.partition("=")
        e[k] = v
    t0, r0 = time.time(), resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        p = subprocess.run([os.path.abspath(env.vol)] + args, cwd=work, capture_output=True, timeout=WALL_LIMIT, env=e,
                           preexec_fn=limit, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise Fail("%s: still running after %.0f s: volante %s" % (name, WALL_LIMIT, " ".join(args)))
    took, r1 = time.time() - t0, resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime)
    text = (p.stdout + p.stderr).decode("utf-8", "replace")
    rc = p.returncode
    try:
        check(cpu < CPU_LIMIT, "%s: took %.1f s of processor time (at most %.0f)" % (name, cpu, CPU_LIMIT))
        check(rc >= 0 and rc < 128, "%s: killed by signal %d: %s" % (name, -rc if rc < 0 else rc - 128, text[-600:]))
        check("Sanitizer" not in text and "runtime error:" not in text, "%s: sanitizer report:\n%s" % (name, text[-2000:]))
        check(rc == want_rc, "%s: exit status %d, want %d:\n%s" % (name, rc, want_rc, text[-800:]))
        lines = set(text.split("\n"))
        for l in expect:
            check(l in lines, "%s: no line %r in:\n%s" % (name, l, text[-1200:]))
        got = sorted(f for f, k in tree(os.path.join(work, "out")).items() if k == "f")
        check(got == sorted(want_out), "%s: the output folder holds %s, want %s" % (name, got, sorted(want_out)))
        for f in want_out:
            check(complete(os.path.join(work, "out", f)), "%s: %s is not a complete file" % (name, f))
        after = {p: k for p, k in tree(work).items() if p != "out" and not p.startswith("out/")}
        new = sorted(set(after) - set(before))
        check(not new, "%s: files left beside the input: %s" % (name, new))
    finally:
        unlock(work)
    print("%s: exit %d in %.2f s (%.2f s of processor time)" % (name, rc, took, cpu))


def cases():
    if not os.path.isdir(BAD):
        return []
    return sorted(n for n in os.listdir(BAD) if not n.startswith(("_", ".")) and os.path.isdir(os.path.join(BAD, n)))


for _name in cases():
    test("badcase." + _name)(lambda env, name=_name: run_case(env, name))
