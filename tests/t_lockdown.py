"""The kiosk locked down (issue 13, item 7): its window holds the keyboard, so desktop shortcuts
cannot leave it (X11, under Xvfb), and the last good copy of each translation is kept on disk
(--state, $STATE_DIRECTORY), so that after a restart with one broken PO file every language is
still shown. (The unit's sandboxing and the SysRq example: t_install.py.)"""
from vtest import *

def buttons(st):
    return {b["id"] for b in st["buttons"]}

def broken(po):
    """Breaks PO at its end (a string left open); the line libgettextpo names: the one after the
    open string's, where it finds the string did not end."""
    n = len(open(po, encoding="utf-8").read().splitlines())
    with open(po, "a", encoding="utf-8") as f:
        f.write('\nmsgctxt "broken"\nmsgid "no end\n')
    return n + 4

@test("lockdown.last-good-restart")
def _(env):
    """A good run with --state keeps a copy of every translation; after ko.po breaks, a restart with
    the same --state still offers Korean and shows its slide exactly as before (the copy), with the
    error's file:line in the log; $STATE_DIRECTORY does the same; without a state folder Korean is
    left out as before; every other language is shown each time."""
    os.environ.pop("STATE_DIRECTORY", None)
    content = env.content_copy("lg")
    st_dir = os.path.join(env.tmp("lg-state"), "state")
    po = os.path.join(content, "po", "ko.po")
    rc, shots, _, se = kiosk(env, "lg-1", ["wait 100", "shot s"], size="960x540", content=content,
                             extra=("--state", st_dir))
    check(rc == 0, "good run: rc=%d %s" % (rc, se[-400:]))
    everyone = buttons(state(shots, "s"))
    check("lang:ko" in everyone and "lang:es" in everyone, "the good run's buttons: %s" % sorted(everyone))
    kept = os.path.join(st_dir, "last-good")
    langs = sorted(b[5:] for b in everyone if b != "lang:en")
    copies = sorted(f[:-3] for f in os.listdir(kept) if f.endswith(".po"))
    check(copies == langs, "kept %s, not %s" % (copies, langs))
    good_po = open(po, "rb").read()
    check(open(os.path.join(kept, "ko.po"), "rb").read() == good_po, "the kept ko.po is not the good file")
    x, y = center(state(shots, "s"), "lang:ko")
    tap = ["wait 100", "tap %d %d" % (x, y), "wait 600", "shot ko", "key Right", "wait 600", "shot ko2"]
    rc, good, _, se = kiosk(env, "lg-2", tap, size="960x540", content=content, extra=("--state", st_dir))
    check(rc == 0 and state(good, "ko")["lang"] == "ko", "good run, tap on ko: rc=%d %s" % (rc, state(good, "ko")))

    line = broken(po)
    rc, after, _, se = kiosk(env, "lg-3", tap, size="960x540", content=content, extra=("--state", st_dir))
    check(rc == 0, "restart with a broken ko.po: rc=%d %s" % (rc, se[-400:]))
    want = "volante kiosk: %s:%d: " % (po, line)
    logged = [l for l in se.splitlines() if l.startswith(want)]
    check(len(logged) == 1 and logged[0].endswith("(showing the last good copy of ko)"),
          "want one line %s... (showing the last good copy of ko), got:\n%s" % (want, se[-600:]))
    check(buttons(state(after, "ko")) == everyone, "buttons after the restart: %s" %
          sorted(everyone ^ buttons(state(after, "ko"))))
    for shot in ("ko", "ko2"):
        st = state(after, shot)
        check(st["lang"] == "ko" and st["slide"] == state(good, shot)["slide"], "%s: %s" % (shot, st))
        d = differing(os.path.join(good, shot + ".png"), os.path.join(after, shot + ".png"))
        check(d < 0.001, "the Korean slide (%s) is not the one shown before ko.po broke: %.2f%% differ" %
              (shot, d * 100))
    check(open(os.path.join(kept, "ko.po"), "rb").read() == good_po, "the broken ko.po replaced the kept copy")

    # systemd's StateDirectory= sets $STATE_DIRECTORY: the same copy, no --state needed.
    d = env.tmp("lg-env")
    open(os.path.join(d, "script"), "w").write("\n".join(tap) + "\n")
    rc, so, se = env.run("kiosk", "--headless", "--content", content, "--size", "960x540", "--script",
                         os.path.join(d, "script"), "--shots", os.path.join(d, "shots"),
                         env={"STATE_DIRECTORY": os.path.dirname(kept)})
    check(rc == 0 and state(os.path.join(d, "shots"), "ko")["lang"] == "ko" and
          "(showing the last good copy of ko)" in se, "with $STATE_DIRECTORY: rc=%d %s" % (rc, se[-400:]))

    # No state folder: Korean is left out, the others shown.
    rc, none, _, se = kiosk(env, "lg-4", ["wait 100", "shot s"], size="960x540", content=content)
    check(rc == 0 and buttons(state(none, "s")) == everyone - {"lang:ko"},
          "without --state: rc=%d, buttons differ by %s" % (rc, sorted(everyone ^ buttons(state(none, "s")))))
    check(re.search(r"^volante kiosk: %s:%d: .*\(left out of the show\)$" % (re.escape(po), line), se, re.M),
          "without --state: %s" % se[-400:])

@test("lockdown.last-good-unwritable")
def _(env):
    """A state folder that cannot be made or written to is said in one line, and the kiosk runs on,
    showing every language whose file is good; a fixed file is kept again once it can be."""
    os.environ.pop("STATE_DIRECTORY", None)
    content = env.content_copy("lgw")
    d = env.tmp("lgw-state")
    blocked = os.path.join(d, "file")  # a file where the folder should be (root writes anywhere else)
    open(blocked, "w").write("not a folder\n")
    rc, shots, _, se = kiosk(env, "lgw-1", ["wait 100", "shot s", "key Right", "wait 600", "shot t"], size="960x540",
                             content=content, extra=("--state", blocked))
    check(rc == 0, "unwritable state: rc=%d %s" % (rc, se[-400:]))
    lines = [l for l in se.splitlines() if l.startswith("volante kiosk:")]
    check(lines == ["volante kiosk: %s/last-good: cannot keep the last good translations: Not a directory" % blocked],
          "want one line, got: %s" % lines)
    check("lang:ko" in buttons(state(shots, "s")) and state(shots, "t")["mode"] == "browse",
          "the kiosk did not run on: %s" % state(shots, "t")["mode"])
    # Its copies in a folder it may not write to: each write fails, said once (not per language).
    ro = os.path.join(d, "ro")
    os.makedirs(os.path.join(ro, "last-good"))
    os.chmod(os.path.join(ro, "last-good"), 0o500)
    if os.access(os.path.join(ro, "last-good"), os.W_OK):
        return  # root: permissions do not hold it back (the case above is the one tested)
    rc, shots, _, se = kiosk(env, "lgw-2", ["wait 100", "shot s"], size="960x540", content=content,
                             extra=("--state", ro))
    lines = [l for l in se.splitlines() if l.startswith("volante kiosk:")]
    check(rc == 0 and len(lines) == 1 and "cannot keep the last good translations" in lines[0],
          "read-only state: rc=%d %s" % (rc, lines))

@test("lockdown.keyboard-grab")
def _(env):
    """In a real window (Xvfb), the kiosk holds the keyboard: while it runs another X client's
    XGrabKeyboard gets AlreadyGrabbed (so the desktop's Alt+Tab, Super, Ctrl+Alt+arrows go to the
    kiosk alone), Alt+Tab does not end it, Ctrl+Alt+Q still does (exit 0), and then the keyboard is
    free again."""
    helper = os.path.join(os.path.dirname(env.vol), "tests", "xgrab")
    for need, what in (("Xvfb", "no Xvfb"), ("xdotool", "no xdotool (apt-get install xdotool)")):
        if not shutil.which(need):
            raise Skip(what)
    if not os.path.exists(helper):
        raise Skip("tests/xgrab was not built (no Xlib headers: apt-get install libx11-dev)")
    disp = ":%d" % (100 + os.getpid() % 400)
    xvfb = subprocess.Popen(["Xvfb", disp, "-screen", "0", "640x360x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # As in install.watchdog-window: slow unwinding can deadlock in Mesa's threads.
    e = dict(os.environ, DISPLAY=disp, SDL_VIDEODRIVER="x11", ASAN_OPTIONS="detect_leaks=0")
    grab = lambda: subprocess.run([helper], env=e, capture_output=True, timeout=30).stdout.decode().strip()
    kp = None
    try:
        check(wait_for(lambda: grab() == "GrabSuccess", 20) is not None, "Xvfb did not start, or its keyboard is held")
        log = open(os.path.join(env.tmp("grab"), "log"), "w+")
        kp = subprocess.Popen([env.vol, "kiosk", "--size", "640x360"], env=e, stdout=subprocess.DEVNULL, stderr=log)
        check(wait_for(lambda: grab() == "AlreadyGrabbed", 60) is not None,
              "the kiosk's window does not hold the keyboard: a second client got %s (kiosk %s, said %r)" %
              (grab(), "running" if kp.poll() is None else "exit %d" % kp.returncode, open(log.name).read()[-600:]))
        subprocess.run(["xdotool", "key", "alt+Tab", "Super_L", "ctrl+alt+Right"], env=e, timeout=30)
        time.sleep(0.5)
        check(kp.poll() is None and grab() == "AlreadyGrabbed", "after Alt+Tab, Super, Ctrl+Alt+Right: %s, %s" %
              (kp.poll(), grab()))
        subprocess.run(["xdotool", "key", "ctrl+alt+q"], env=e, timeout=30)
        try:
            kp.wait(10)
        except subprocess.TimeoutExpired:
            raise Fail("Ctrl+Alt+Q did not end the kiosk within 10 s")
        check(kp.returncode == 0, "exit %d on Ctrl+Alt+Q: %s" % (kp.returncode, open(log.name).read()[-400:]))
        check(grab() == "GrabSuccess", "the keyboard is still held after the kiosk ended: %s" % grab())
    finally:
        if kp and kp.poll() is None:
            kp.kill()
        xvfb.terminate()
        xvfb.wait()

@test("lockdown.last-good-reload")
def _(env):
    """While the kiosk runs with --state, a translation broken and reloaded keeps its last good
    copy on disk as it was (the screen keeps the translation it had); once fixed, with new text,
    the reload keeps the new file."""
    os.environ.pop("STATE_DIRECTORY", None)
    content = env.content_copy("lgr")
    d = env.tmp("lgr-run")
    st_dir = os.path.join(d, "state")
    kept = os.path.join(st_dir, "last-good", "ko.po")
    po = os.path.join(content, "po", "ko.po")
    good_po = open(po, "rb").read()
    script = os.path.join(d, "script")
    open(script, "w").write("shot before\nsleep 2500\nshot broken\nsleep 2500\nshot fixed\n")
    shots = os.path.join(d, "shots")
    p = subprocess.Popen([env.vol, "kiosk", "--headless", "--content", content, "--size", "960x540", "--script",
                          script, "--shots", shots, "--state", st_dir], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    try:
        check(wait_for(lambda: os.path.exists(os.path.join(shots, "before.json")), 60) is not None, "no first shot")
        check(open(kept, "rb").read() == good_po, "no kept copy of ko.po at start")
        line = broken(po)
        check(wait_for(lambda: os.path.exists(os.path.join(shots, "broken.json")), 30) is not None, "no second shot")
        check(open(kept, "rb").read() == good_po, "the broken ko.po replaced its kept copy on reload")
        open(po, "wb").write(good_po)
        set_msgstr(po, "headline", "새 제목")
        new_po = open(po, "rb").read()
        out, err = p.communicate(timeout=60)
    finally:
        if p.poll() is None:
            p.kill()
    err = err.decode("utf-8", "replace")
    check(p.returncode == 0, "kiosk exited %d: %s" % (p.returncode, err[-300:]))
    check(re.search(r"ko\.po:%d: .*\(showing the last good translation\)" % line, err),
          "no ko.po:%d in the log: %s" % (line, err[-400:]))
    check(err.count("content reloaded") >= 2, "not reloaded twice: %s" % err[-400:])
    check(open(kept, "rb").read() == new_po, "the fixed ko.po was not kept")
