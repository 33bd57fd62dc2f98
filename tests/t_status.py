"""volante tests: the kiosk's health file (kiosk --status FILE)."""
from vtest import *

FIELDS = {"version", "content_version", "languages", "problems", "frames", "last_frame", "last_reload", "hours",
          "uptime_s", "update", "written"}
ISO = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"

def read_status(path):
    check(os.path.exists(path), "no status file %s" % path)
    text = open(path, encoding="utf-8").read()
    try:
        return text, json.loads(text)
    except ValueError:
        raise Fail("the status file is not JSON: %r" % text[:300])

class Live:
    """A headless kiosk driven line by line on standard input: `step` sends script lines and a `probe`,
    and once the probe's line is back (the steps before it done) returns the status file as text and JSON."""
    def __init__(self, env, name, extra=(), content=None, folder=True):
        self.dir = env.tmp(name)
        self.status = os.path.join(self.dir, "run", "status.json")
        if folder:
            os.makedirs(os.path.dirname(self.status))
        self.p = subprocess.Popen([env.vol, "kiosk", "--headless", "--content", content or env.content, "--size",
                                   "960x540", "--script", "-", "--shots", os.path.join(self.dir, "shots"), "--status",
                                   self.status] + list(extra), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)

    def step(self, *lines):
        self.run(*lines)
        return read_status(self.status)

    def run(self, *lines):
        """Like step, without reading the status file."""
        self.p.stdin.write(("\n".join(lines + ("probe",)) + "\n").encode())
        self.p.stdin.flush()
        if not self.p.stdout.readline():
            raise Fail("the kiosk stopped: %s" % self.p.stderr.read().decode("utf-8", "replace")[-300:])

    def close(self):
        out, err = self.p.communicate(timeout=60)
        err = err.decode("utf-8", "replace")
        no_sanitizer_report(err)
        check(self.p.returncode == 0, "kiosk exited %d: %s" % (self.p.returncode, err[-300:]))
        return err

@test("status.fields")
def _(env):
    """Every field, with the values the kiosk has: version, languages as on the buttons, hours, frames."""
    d = env.tmp("st-fields")
    path = os.path.join(d, "status.json")
    rc, shots, stats, se = kiosk(env, "st-fields-run", ["wait 12000", "shot s"], size="960x540",
                                 extra=("--status", path))
    check(rc == 0, "kiosk: %s" % se)
    text, s = read_status(path)
    check(set(s) == FIELDS, "fields %s, want %s" % (sorted(s), sorted(FIELDS)))
    rc, out, err = env.run("--version")
    check(out.strip() == "volante " + s["version"], "version %r, volante --version says %r" % (s["version"], out))
    buttons = [b["id"][5:] for b in state(shots, "s")["buttons"]]
    check(s["languages"]["loaded"] == buttons, "loaded %s, the buttons %s" % (s["languages"]["loaded"], buttons))
    check(s["languages"]["failed"] == [] and s["problems"] == {"errors": 0, "warnings": 0}, "problems: %s" % text)
    check(s["content_version"] is None and s["last_reload"] is None and s["update"] is None, "not null: %s" % text)
    check(s["hours"] == "always", "hours %r without --hours" % s["hours"])
    # Written at 0, 5 and 10 s of the simulated clock: the last says 10 s up.
    check(s["uptime_s"] == 10, "uptime_s %s after `wait 12000`" % s["uptime_s"])
    check(s["frames"] > 0 and s["frames"] <= stats["frames"], "frames %s (the run drew %s)" % (s["frames"], stats["frames"]))
    check(re.match(ISO, s["written"]) and re.match(ISO, s["last_frame"]["at"]), "times: %s" % text)
    check(0 <= s["last_frame"]["s_ago"] < 10, "last frame %s s ago" % s["last_frame"]["s_ago"])
    check(os.listdir(d) == ["status.json"], "left in the folder: %s" % os.listdir(d))

@test("status.failed-language")
def _(env):
    """A broken PO file: its language is under failed with its file and line, and not loaded."""
    content = env.content_copy("st-broken")
    po = os.path.join(content, "po", "ko.po")
    with open(po, "a", encoding="utf-8") as f:
        f.write('\nmsgid "x\n')
    # The line gettext's own msgfmt names (the end of the line the string does not close on).
    rc, out, err = tool("msgfmt", "-o", os.devnull, po)
    m = re.search(r"ko\.po:(\d+): end-of-line within string", err)
    check(m, "msgfmt finds no unclosed string: %s" % err)
    lines = int(m.group(1))
    check(lines in (line_of(po, 'msgid "x'), line_of(po, 'msgid "x') + 1), "msgfmt says line %d" % lines)
    path = os.path.join(env.tmp("st-broken-run"), "status.json")
    rc, shots, stats, se = kiosk(env, "st-broken-kiosk", ["wait 1000"], size="960x540", content=content,
                                 extra=("--status", path))
    check(rc == 0, "kiosk: %s" % se)
    text, s = read_status(path)
    failed = s["languages"]["failed"]
    check(len(failed) == 1 and failed[0]["lang"] == "ko" and failed[0]["file"] == po, "failed: %s" % failed)
    check(failed[0]["line"] == lines and failed[0]["problem"], "failed at line %s, want %d: %s" % (failed[0]["line"], lines, failed))
    check("ko" not in s["languages"]["loaded"] and len(s["languages"]["loaded"]) == 15, "loaded: %s" % s["languages"])
    check(s["problems"]["errors"] == 1, "problems: %s" % s["problems"])
    check("%s:%d:" % (po, lines) in se, "the log says otherwise: %s" % se)

@test("status.hours-and-frames")
def _(env):
    """Frames grow between two writes; after `clock` outside --hours, closed and no new frame."""
    k = Live(env, "st-live", ("--hours", "Mo-Fr 08:00-20:00"))
    try:
        _, a = k.step("clock 2026-11-30T10:00", "wait 6000")
        _, b = k.step("wait 6000")
        check(a["hours"] == b["hours"] == "open", "hours %s, %s on a Monday at 10:00" % (a["hours"], b["hours"]))
        check(b["frames"] > a["frames"] > 0, "frames %s then %s" % (a["frames"], b["frames"]))
        check(b["uptime_s"] - a["uptime_s"] == 5 or b["uptime_s"] - a["uptime_s"] == 10, "uptime %s then %s" % (a["uptime_s"], b["uptime_s"]))
        _, c = k.step("clock 2026-11-30T23:30", "wait 6000")
        _, e = k.step("wait 6000")
        check(c["hours"] == e["hours"] == "closed", "hours %s, %s on a Monday at 23:30" % (c["hours"], e["hours"]))
        check(c["frames"] == e["frames"], "frames drawn while closed: %s then %s" % (c["frames"], e["frames"]))
        check(e["last_frame"]["s_ago"] > 5, "last frame %s s ago, closed" % e["last_frame"]["s_ago"])
    finally:
        k.close()

@test("status.private")
def _(env):
    """The status never says what a visitor chose: after a tap on Khmer, then on Spanish, the file is the same
    (times and frame counts aside) and names km only in the list of languages loaded."""
    rc, shots, stats, se = kiosk(env, "st-buttons", ["shot s"], size="960x540")
    s0 = state(shots, "s")
    k = Live(env, "st-private")
    seen = []
    try:
        for lang in ("km", "es"):
            x, y = center(s0, "lang:" + lang)
            text, s = k.step("tap %d %d" % (x, y), "wait 6000")
            seen.append((text, s))
    finally:
        k.close()
    for (text, s), lang in zip(seen, ("km", "es")):
        check(text.count('"%s"' % lang) == 1, "%s named more than once: %s" % (lang, text))
        check(not re.search(r'"(lang|mode|slide|touch|taps|touches|browse)"', text), "a visitor's trace: %s" % text)
    def timeless(s):
        s = dict(s)
        for f in ("written", "last_frame", "uptime_s", "frames"):
            s.pop(f)
        return s
    check(timeless(seen[0][1]) == timeless(seen[1][1]), "the status differs with the choice:\n%s\n%s" % (seen[0][0], seen[1][0]))

@test("status.problems-as-loaded")
def _(env):
    """The problems are counted as the content loads, before any slide is drawn: the same at start (after the
    first frame and attract mode's slides) as after a reload of the same content, and the same again once a
    visitor has opened other languages."""
    k = Live(env, "st-loaded", ["--lang", "es", "--lang", "ar"])
    try:
        _, start = k.step("wait 20000")
        _, reloaded = k.step("reload", "wait 20000")
        _, later = k.step("key Right", "wait 1000", "key Right", "wait 1000")
    finally:
        k.close()
    check(reloaded["last_reload"] and reloaded["last_reload"]["result"] == "ok", "no reload: %s" % reloaded["last_reload"])
    check(start["problems"] == reloaded["problems"] == later["problems"],
          "problems at start %s, after a reload %s, after browsing %s" % (start["problems"], reloaded["problems"],
                                                                          later["problems"]))

@test("status.reload")
def _(env):
    """A translation saved over (by rename) is reloaded: last_reload ok; broken content: kept last good, with file:line."""
    content = env.content_copy("st-reload")
    d = env.tmp("st-reload-run")
    path = os.path.join(d, "status.json")
    script = os.path.join(d, "script")
    open(script, "w").write("shot start\nsleep 30000\n")
    p = subprocess.Popen([env.vol, "kiosk", "--headless", "--content", content, "--size", "960x540", "--script",
                          script, "--shots", os.path.join(d, "shots"), "--status", path],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        # The first shot is taken once the kiosk watches its content folder.
        check(wait_for(lambda: os.path.exists(os.path.join(d, "shots", "start.json")), 60) is not None, "no first shot")
        check(read_status(path)[1]["last_reload"] is None, "a reload before any change")
        po = os.path.join(content, "po", "es.po")
        tmp = os.path.join(content, "po", ".es.po.new")
        shutil.copy(po, tmp)
        set_msgstr(tmp, "headline", "Con nuestros vecinos")
        os.replace(tmp, po)
        def reloaded(want):
            try:
                r = json.load(open(path, encoding="utf-8"))["last_reload"]
            except ValueError:
                raise Fail("a status file half written")
            return r and r["result"].startswith(want) and r
        r = wait_for(lambda: reloaded("ok"), 30)
        check(r is not None, "no reload in the status: %s" % read_status(path)[0])
        ini = os.path.join(content, "volante.ini")
        lines = open(ini, encoding="utf-8").read().split("\n")
        lines.insert(5, "this is not a key")
        open(ini + ".new", "w", encoding="utf-8").write("\n".join(lines))
        os.replace(ini + ".new", ini)
        check(wait_for(lambda: reloaded("kept last good:"), 30) is not None,
              "no kept-last-good reload: %s" % read_status(path)[0])
        text, s = read_status(path)
        check("volante.ini:6:" in s["last_reload"]["result"], "no file:line: %s" % s["last_reload"])
        check(re.match(ISO, s["last_reload"]["at"]), "reload time: %s" % s["last_reload"])
        check(sorted(os.listdir(d)) == ["script", "shots", "status.json"], "left behind: %s" % os.listdir(d))
    finally:
        rc = stop(p)
    check(rc in (0, -15), "kiosk exited %s" % rc)

@test("status.missing-folder")
def _(env):
    """A status path in a folder that does not exist: one line naming it, and the kiosk runs on."""
    path = os.path.join(env.work, "st-no-such-folder", "run", "status.json")
    shutil.rmtree(os.path.dirname(os.path.dirname(path)), ignore_errors=True)
    rc, shots, stats, se = kiosk(env, "st-missing", ["wait 12000", "shot s"], size="960x540", extra=("--status", path))
    check(rc == 0 and os.path.exists(os.path.join(shots, "s.png")), "the kiosk did not run on: rc %d %s" % (rc, se))
    said = [l for l in se.splitlines() if "--status" in l]
    check(len(said) == 1 and path in said[0] and "no folder" in said[0], "said: %s" % said)
    check(not os.path.exists(path), "a status file appeared")

@test("status.unit")
def _(env):
    """The service writes the status where docs/kiosk.md says: /run/volante, made for it by systemd."""
    unit = open(os.path.join(env.src, "dist", "volante-kiosk.service.in"), encoding="utf-8").read()
    check(re.search(r"^RuntimeDirectory=volante$", unit, re.M), "no RuntimeDirectory=volante in the unit")
    start = re.findall(r"^ExecStart=(.*)$", unit, re.M)
    check(len(start) == 1 and "--status /run/volante/status.json" in start[0], "ExecStart: %s" % start)
    doc = open(os.path.join(env.src, "docs", "kiosk.md"), encoding="utf-8").read()
    check("/run/volante/status.json" in doc and "## 6. Reading the status file" in doc, "docs/kiosk.md says nothing of it")
    rc, out, err = env.run("kiosk", "--help")
    check(rc == 0 and "--status=FILE" in out, "kiosk --help: %s" % out[-500:])

@test("status.folder-comes-and-goes")
def _(env):
    """The status folder made after the start: written from then on, said in one line; removed while the kiosk
    runs: one line, once, however many writes fail, and the kiosk runs on."""
    k = Live(env, "st-folder", folder=False)
    try:
        k.run("wait 6000")
        check(not os.path.exists(k.status), "written with no folder")
        os.makedirs(os.path.dirname(k.status))
        text, s = k.step("wait 6000")
        check(s["uptime_s"] == 10, "uptime %s" % s["uptime_s"])
        shutil.rmtree(os.path.dirname(k.status))
        k.run("wait 30000")
        check(not os.path.exists(k.status), "written again")
    finally:
        err = k.close()
    said = [l for l in err.splitlines() if "--status" in l]
    check(len(said) == 3, "said: %s" % said)
    check("there is no folder" in said[0] and "is written again" in said[1] and "cannot write" in said[2] and
          "said once" in said[2], "said: %s" % said)

@test("status.bundle")
def _(env):
    """A bundle installed from the drop folder: content_version, update and last_reload say so; an older bundle
    refused: update says why, the version stays."""
    d = env.tmp("st-bundle")
    rc, so, se = env.run("keygen", "--out", os.path.join(d, "org"))
    check(rc == 0, "keygen: %s" % se)
    content, drop = os.path.join(d, "content"), os.path.join(d, "stick")
    shutil.copytree(env.content, content)
    os.makedirs(drop)
    rc, so, se = env.run("bundle", "--content", env.content, "--key", os.path.join(d, "org.key"), "--out",
                         os.path.join(drop, "new.volante"), "--version", "7")
    check(rc == 0, "bundle: %s" % se)
    k = Live(env, "st-bundle-run", ("--updates", drop, "--trust", os.path.join(d, "org.pub"), "--lang", "es"),
             content=content)
    try:
        text, s = k.step("wait 3000")
        check(s["content_version"] == 7, "content_version %s" % s["content_version"])
        check(s["update"] == "content version 7 installed", "update %r" % s["update"])
        check(s["last_reload"] and s["last_reload"]["result"] == "ok", "last_reload %s" % s["last_reload"])
        check(s["languages"]["loaded"] == ["es"], "loaded %s" % s["languages"]["loaded"])
        rc, so, se = env.run("bundle", "--content", env.content, "--key", os.path.join(d, "org.key"), "--out",
                             os.path.join(drop, "old.volante"), "--version", "6")
        check(rc == 0, "bundle: %s" % se)
        text, s = k.step("wait 6000")
        check(s["update"].startswith("update refused: "), "update %r" % s["update"])
        check(s["content_version"] == 7, "content_version %s after a refused bundle" % s["content_version"])
    finally:
        k.close()
