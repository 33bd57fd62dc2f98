"""volante tests: a short soak of the kiosk (tools/soak; the full week is run by hand, see
docs/testing.md)."""
from vtest import *


@test("soak.short")
def _(env):
    """A quarter of an hour on the simulated clock with 30 language switches and 9 content reloads
    (3 broken): every switch changes the frame, no blank frame, no file descriptor opened for good,
    no socket (strace, when installed). Memory is held flat only in a build without sanitizers
    (AddressSanitizer keeps freed memory aside on purpose)."""
    sanitized = b"__asan_init" in open(env.vol, "rb").read()
    work = env.tmp("soak")
    args = [sys.executable, os.path.join(env.src, "tools", "soak"), "--volante", env.vol, "--days", "0.01",
            "--switches", "30", "--reloads", "9", "--size", "640x360", "--content", env.content,
            "--layouts-dir", os.path.join(env.src, "layouts"), "--work", work,
            "--json", os.path.join(work, "numbers.json")]
    if shutil.which("strace"):
        args.append("--strace")
    if sanitized:
        args += ["--rss-tolerance", "0"]
    p = subprocess.run(args, capture_output=True, text=True, timeout=540)
    check(p.returncode == 0, "soak failed: %s" % (p.stderr[-1500:] or p.stdout[-500:]))
    n = json.load(open(os.path.join(work, "numbers.json")))
    print(json.dumps(n))
    check(n["switches"] == 30 and n["reloads"] == 9 and n["broken_reloads"] == 3, "soak did not do it all: %s" % n)
    check(n["sockets"] in (None, 0), "sockets opened: %s" % n)
