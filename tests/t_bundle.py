"""volante tests: signed content bundles from a USB stick (volante keygen, volante bundle, kiosk --updates)."""
import io, tarfile
from vtest import *

MARK = "Xylophonic7"

def keys(env, d, name):
    rc, so, se = env.run("keygen", "--out", os.path.join(d, name))
    check(rc == 0, "keygen: %s" % se)
    pub, key = os.path.join(d, name + ".pub"), os.path.join(d, name + ".key")
    check(os.path.exists(pub) and os.path.exists(key), "keygen wrote %s" % os.listdir(d))
    check(os.stat(key).st_mode & 0o077 == 0, "the secret key is readable by others")
    return key, pub

def marked(env, d, mark):
    """A copy of the content whose Spanish headline starts with MARK."""
    c = os.path.join(d, "src-" + mark)
    shutil.rmtree(c, ignore_errors=True)
    shutil.copytree(env.content, c)
    po = os.path.join(c, "po", "es.po")
    set_msgstr(po, "headline", mark + " " + po_msgstr(po, "headline"))
    return c

def installed(content, mark):
    for root, dirs, files in os.walk(os.path.realpath(content)):
        for f in files:
            if mark.encode() in open(os.path.join(root, f), "rb").read():
                return True
    return False

def run_kiosk(env, d, content, drop, pub, tag, extra_env=None, steps=("wait 3000", "shot a"), args=("--size", "640x360",
                                                                                                 "--lang", "es")):
    script = os.path.join(d, "script-" + tag)
    open(script, "w").write("\n".join(steps) + "\n")
    shots = os.path.join(d, "shots-" + tag)
    return env.run("kiosk", "--headless", "--content", content, "--script", script, "--shots", shots, "--updates",
                   drop, "--trust", pub, *args, env=extra_env)

def setup(env, name):
    d = env.tmp(name)
    key, pub = keys(env, d, "org")
    content = os.path.join(d, "content")
    shutil.copytree(env.content, content)
    drop = os.path.join(d, "stick")
    os.makedirs(drop)
    return d, key, pub, content, drop

@test("bundle.installed-and-shown")
def _(env):
    d, key, pub, content, drop = setup(env, "bundle-good")
    rc, so, se = env.run("bundle", "--content", marked(env, d, MARK), "--key", key, "--out",
                         os.path.join(drop, "new.volante"), "--version", "7")
    check(rc == 0, "bundle: %s" % se)
    rc, so, se = run_kiosk(env, d, content, drop, pub, "good")
    check(rc == 0, "kiosk exited %d: %s" % (rc, se[-300:]))
    check("content version 7 installed" in se and "content reloaded" in se, "no install in the log: %s" % se[-400:])
    check(installed(content, MARK), "the bundle's text is not in the content folder")
    check(os.path.islink(content) and os.readlink(content) == "content.v7", "content is %s" % (
        os.readlink(content) if os.path.islink(content) else "a folder"))
    check(os.path.isdir(content + ".v0"), "the previous content was not kept")
    # What the screen shows is the new text: the Spanish title slide's headline.
    st = state(os.path.join(d, "shots-good"), "a")
    check(st.get("lang") == "es" and st.get("update") == "content version 7 installed", "shot: %s" % st)
    check((st.get("notice") or {}).get("text") == "Content updated to version 7", "notice: %s" % st.get("notice"))
    # A second look at the same stick installs nothing again; a newer bundle replaces it, the one before kept.
    rc, so, se = env.run("bundle", "--content", marked(env, d, "Second8"), "--key", key, "--out",
                         os.path.join(drop, "newer.volante"), "--version", "9")
    rc, so, se = run_kiosk(env, d, content, drop, pub, "again")
    check("version 7 is not newer than the installed 9" in se or "version 7" not in se.split("installed")[-1],
          "odd log: %s" % se[-400:])
    check(os.readlink(content) == "content.v9" and installed(content, "Second8"), "version 9 not installed")
    check(sorted(n for n in os.listdir(d) if n.startswith("content.v")) == ["content.v7", "content.v9"],
          "versions kept: %s" % os.listdir(d))

def refused(env, d, content, drop, pub, bundle, reason, tag):
    for f in os.listdir(drop):
        os.remove(os.path.join(drop, f))
    shutil.copy(bundle, os.path.join(drop, tag + ".volante"))
    before = sorted(os.listdir(d))
    rc, so, se = run_kiosk(env, d, content, drop, pub, tag)
    check(rc == 0, "%s: kiosk exited %d: %s" % (tag, rc, se[-300:]))
    check("not installed: " in se and reason in se, "%s: refused without '%s': %s" % (tag, reason, se[-400:]))
    check(not os.path.islink(content) and not installed(content, MARK), "%s: the content changed" % tag)
    st = state(os.path.join(d, "shots-" + tag), "a")
    check(st.get("update", "").startswith("update refused: "), "%s: the shot says %r" % (tag, st.get("update")))
    text = (st.get("notice") or {}).get("text", "")
    check(text.startswith("Update not installed: ") and reason in text, "%s: the notice says %r" % (tag, text))
    check(sorted(os.listdir(d)) == before or all(not n.startswith(".content.") for n in os.listdir(d)),
          "%s: left behind %s" % (tag, sorted(set(os.listdir(d)) - set(before))))
    return st

def tar_of(members):
    """A tar archive of (name, bytes, kind) members; kind 'link' makes a symbolic link to the bytes as a path."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
        for name, data, kind in members:
            info = tarfile.TarInfo(name)
            if kind == "link":
                info.type, info.linkname = tarfile.SYMTYPE, data.decode()
                t.addfile(info)
            elif kind == "dev":
                info.type = tarfile.CHRTYPE
                t.addfile(info)
            else:
                info.size = len(data)
                t.addfile(info, io.BytesIO(data))
    return buf.getvalue()

def signed(env, d, key, payload, version, name):
    tar = os.path.join(d, name + ".tar")
    open(tar, "wb").write(payload)
    out = os.path.join(d, name + ".volante")
    helper = os.path.join(os.path.dirname(env.vol), "tests", "bundle_sign")
    check(os.access(helper, os.X_OK), "no %s (built with the tests)" % helper)
    rc, so, se = tool(helper, key, tar, str(version), out)
    check(rc == 0, "bundle_sign: %s" % se)
    return out

@test("bundle.refused")
def _(env):
    d, key, pub, content, drop = setup(env, "bundle-bad")
    evil_key, evil_pub = keys(env, d, "evil")
    src = marked(env, d, MARK)
    env.run("bundle", "--content", src, "--key", evil_key, "--out", os.path.join(d, "evil.volante"), "--version", "7")
    refused(env, d, content, drop, pub, os.path.join(d, "evil.volante"), "signed by a key this kiosk does not trust",
            "unknown-key")
    env.run("bundle", "--content", src, "--key", key, "--out", os.path.join(d, "good.volante"), "--version", "7")
    data = bytearray(open(os.path.join(d, "good.volante"), "rb").read())
    data[len(data) // 2] ^= 1
    open(os.path.join(d, "flipped.volante"), "wb").write(bytes(data))
    refused(env, d, content, drop, pub, os.path.join(d, "flipped.volante"), "changed after it was signed", "flipped")
    ini = open(os.path.join(src, "volante.ini"), "rb").read()
    es = open(os.path.join(src, "po", "es.po"), "rb").read()
    cases = [
        ("dotdot", [("volante.ini", ini, "file"), ("../outside.po", es, "file")], "would land outside the content folder"),
        ("absolute", [("volante.ini", ini, "file"), ("/tmp/abs.po", es, "file")], "would land outside the content folder"),
        ("symlink", [("volante.ini", ini, "file"), ("po/es.po", b"/etc/passwd", "link")], "is a link or a device"),
        ("device", [("volante.ini", ini, "file"), ("po/null", b"", "dev")], "is a link or a device"),
        ("many-files", [("volante.ini", ini, "file")] + [("po/x%d.txt" % i, b"x", "file") for i in range(2001)],
         "too large"),
        ("big-file", [("volante.ini", ini, "file"), ("po/big.txt", b"\0" * (17 << 20), "file")], "too large"),
    ]
    for tag, members, reason in cases:
        refused(env, d, content, drop, pub, signed(env, d, key, tar_of(members), 7, tag), reason, tag)
    # A bomb: a header that declares 4 GB with no data behind it is refused from the header alone.
    info = tarfile.TarInfo("po/bomb.po")
    info.size = 4 << 30
    first = tarfile.TarInfo("volante.ini")
    first.size = len(ini)
    bomb = (first.tobuf(tarfile.USTAR_FORMAT) + ini + b"\0" * (-len(ini) % 512) + info.tobuf(tarfile.PAX_FORMAT) +
            b"\0" * 4096)
    refused(env, d, content, drop, pub, signed(env, d, key, bomb, 7, "bomb"), "too large", "bomb")
    # Content with an error (broken markup in a translation) is not installed either.
    broken = marked(env, d, MARK)
    po = os.path.join(broken, "po", "es.po")
    set_msgstr(po, "stance", "<b>sin cerrar")
    env.run("bundle", "--content", broken, "--key", key, "--out", os.path.join(d, "broken.volante"), "--version", "8")
    st = refused(env, d, content, drop, pub, os.path.join(d, "broken.volante"), "is never closed", "broken")
    # Named as in the bundle, not in the folder it was unpacked to; too long for one line at 640x360 (a 27-pixel
    # strip), so on two in a taller strip.
    n = st["notice"]
    check("po/es.po:" in n["text"] and ".staging-" not in n["text"] and ".staging-" not in st["update"],
          "broken: %s" % n["text"])
    check(n["h"] == 47 and n["w"] == 640, "broken: the strip is %dx%d" % (n["w"], n["h"]))

@test("bundle.no-rollback")
def _(env):
    d, key, pub, content, drop = setup(env, "bundle-rollback")
    env.run("bundle", "--content", marked(env, d, "Newer3"), "--key", key, "--out", os.path.join(drop, "a.volante"),
            "--version", "20")
    run_kiosk(env, d, content, drop, pub, "first")
    check(os.readlink(content) == "content.v20", "version 20 not installed")
    os.remove(os.path.join(drop, "a.volante"))
    env.run("bundle", "--content", marked(env, d, MARK), "--key", key, "--out", os.path.join(drop, "old.volante"),
            "--version", "10")
    rc, so, se = run_kiosk(env, d, content, drop, pub, "old")
    check("version 10 is not newer than the installed 20" in se, "rollback not refused: %s" % se[-300:])
    check(os.readlink(content) == "content.v20" and not installed(content, MARK), "rolled back")

@test("bundle.left-in")
def _(env):
    """The stick left in when the kiosk starts again: the bundle showing is seen again, one line says so, and
    nothing says "refused" (the shot's update stays empty; content and versions kept are untouched)."""
    d, key, pub, content, drop = setup(env, "bundle-left-in")
    env.run("bundle", "--content", marked(env, d, MARK), "--key", key, "--out", os.path.join(drop, "a.volante"),
            "--version", "12")
    rc, so, se = run_kiosk(env, d, content, drop, pub, "first")
    check(os.readlink(content) == "content.v12", "version 12 not installed: %s" % se[-300:])
    before = sorted(os.listdir(d))
    rc, so, se = run_kiosk(env, d, content, drop, pub, "again")
    check(rc == 0, "kiosk exited %d: %s" % (rc, se[-300:]))
    check("a.volante: version 12 is the one installed already" in se, "no line for the same bundle: %s" % se[-300:])
    check("refused" not in se and "not installed" not in se, "the installed bundle refused: %s" % se[-300:])
    st = state(os.path.join(d, "shots-again"), "a")
    check(not st.get("update"), "shot's update: %r" % st.get("update"))
    check(os.readlink(content) == "content.v12" and installed(content, MARK), "content changed")
    check(sorted(n for n in os.listdir(d) if n != "shots-again" and not n.startswith("script-")) ==
          sorted(n for n in before if not n.startswith("script-")), "folder changed: %s" % os.listdir(d))

@test("bundle.power-cut")
def _(env):
    """A cut at each step of an installation leaves the old content or the new one, whole; the next start
    clears what was left half done and installs the bundle."""
    for step in ("unpacked", "checked", "renamed", "exchanged", "switched"):
        d, key, pub, content, drop = setup(env, "bundle-cut-" + step)
        env.run("bundle", "--content", marked(env, d, MARK), "--key", key, "--out", os.path.join(drop, "b.volante"),
                "--version", "5")
        rc, so, se = run_kiosk(env, d, content, drop, pub, "cut", extra_env={"VOLANTE_TEST_CUT": step})
        check(rc == 9, "%s: the cut did not happen (exit %d: %s)" % (step, rc, se[-200:]))
        new = step in ("exchanged", "switched")
        check(os.path.exists(os.path.join(content, "volante.ini")), "%s: no content at all" % step)
        check(installed(content, MARK) == new, "%s: the content is %s" % (step, "old" if not new else "not new"))
        # Whatever is in use is whole: every file of the shipped content is there.
        for f in ("volante.ini", "po/es.po", "po/ko.po"):
            check(os.path.exists(os.path.join(content, f)), "%s: %s missing after the cut" % (step, f))
        rc, so, se = run_kiosk(env, d, content, drop, pub, "after")
        check(rc == 0 and installed(content, MARK), "%s: not installed on the next start: %s" % (step, se[-300:]))
        check(not [n for n in os.listdir(d) if ".staging-" in n or n.endswith(".link")],
              "%s: left behind %s" % (step, os.listdir(d)))

@test("bundle.bad-use")
def _(env):
    d = env.tmp("bundle-use")
    rc, so, se = env.run("kiosk", "--headless", "--size", "640x360", "--script", "/dev/null", "--shots", d,
                         "--updates", d)
    check(rc == 2 and "--updates needs --trust" in se, "kiosk --updates alone: %d %s" % (rc, se))
    rc, so, se = env.run("bundle", "--content", env.content, "--out", os.path.join(d, "x.volante"))
    check(rc == 2 and "--key FILE and --out FILE.volante are needed" in se, "bundle without a key: %d %s" % (rc, se))
    rc, so, se = env.run("bundle", "--content", env.content, "--key", os.path.join(env.content, "volante.ini"),
                         "--out", os.path.join(d, "x.volante"))
    check(rc == 1 and "not a volante secret key" in se and not os.path.exists(os.path.join(d, "x.volante")),
          "bundle with a wrong key: %d %s" % (rc, se))
    keys(env, d, "k")
    rc, so, se = env.run("keygen", "--out", os.path.join(d, "k"))
    check(rc == 1 and "cannot write" in se, "keygen over an existing key: %d %s" % (rc, se))

# ---------------------------------------------------------------- the notice on screen

def pixels(png):
    """(width, height, RGB bytes) of a PNG, through ImageMagick."""
    w, h = png_size(png)
    p = subprocess.run(["convert", png, "-depth", "8", "rgb:-"], capture_output=True)
    check(p.returncode == 0 and len(p.stdout) == w * h * 3, "cannot read %s: %s" % (png, p.stderr[-200:]))
    return w, h, p.stdout

def inside(x, y, r):
    return r["x"] <= x < r["x"] + r["w"] and r["y"] <= y < r["y"] + r["h"]

def changed(a, b, region):
    """Pixels of two same-size PNGs where some channel differs by more than 2 (of 255): (inside REGION, outside)."""
    w, h, pa = pixels(a)
    w2, h2, pb = pixels(b)
    check((w, h) == (w2, h2), "%s is %dx%d, %s %dx%d" % (a, w, h, b, w2, h2))
    n_in = n_out = 0
    for i in range(0, len(pa), 3):
        if max(abs(pa[i + c] - pb[i + c]) for c in range(3)) > 2:
            x, y = (i // 3) % w, (i // 3) // w
            if inside(x, y, region):
                n_in += 1
            else:
                n_out += 1
    return n_in, n_out

def strip_contrast(png, region):
    """WCAG contrast between the strip's background (its commonest colour) and its text (the colour that
    stands out most from it)."""
    w, h, p = pixels(png)
    seen = Counter(p[(y * w + x) * 3:(y * w + x) * 3 + 3] for y in range(region["y"], region["y"] + region["h"])
                   for x in range(region["x"], region["x"] + region["w"]))
    bg = seen.most_common(1)[0][0]
    return max(contrast(bg, c) for c in seen)

def overlaps(a, b):
    return a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]

# One language: attract mode shows its 6 slides 8 s each, so at 49 s the screen is back to what it showed at 1 s.
NOTICE_STEPS = ("shot a", "wait 1000", "shot b", "wait 15100", "shot gone", "wait 32900", "shot c")

def notice_shown(d, tag, want, strip_at):
    """The checks of a run of NOTICE_STEPS: at 1 s the notice WANT is on screen in its strip, the rest of the
    screen as it was before; it is gone at 16.1 s, and at 49 s the screen is the same as at the start."""
    shots = os.path.join(d, "shots-" + tag)
    a, b, gone, c = (state(shots, n) for n in ("a", "b", "gone", "c"))
    check(a.get("notice") is None, "%s: a notice before the drop folder was read: %s" % (tag, a.get("notice")))
    n = b.get("notice") or {}
    check(n.get("text", "").startswith(want) and n.get("until") == 15000, "%s: notice %s" % (tag, n))
    check(gone.get("notice") is None and c.get("notice") is None, "%s: still a notice after 15 s" % tag)
    check((n["x"], n["y"], n["w"], n["h"]) == strip_at, "%s: the strip is at %s, not %s" % (tag, n, strip_at))
    for btn in b["buttons"]:
        check(not overlaps(n, btn), "%s: the notice covers the button %s" % (tag, btn))
    for s in (b, c):
        check((s["lang"], s["slide"], s["moving"]) == (a["lang"], a["slide"], False),
              "%s: another picture (%s %s, moving %s) than at the start (%s %s)" % (
                  tag, s["lang"], s["slide"], s["moving"], a["lang"], a["slide"]))
    pa, pb, pc = (os.path.join(shots, x + ".png") for x in ("a", "b", "c"))
    n_in, n_out = changed(pa, pb, n)
    area = n["w"] * n["h"]
    check(n_in > area // 2, "%s: only %d of the strip's %d pixels changed" % (tag, n_in, area))
    check(n_out == 0, "%s: %d pixels changed outside the strip" % (tag, n_out))
    n_in, n_out = changed(pa, pc, n)
    check(n_in == 0 and n_out == 0, "%s: after the notice, %d pixels differ in the strip, %d outside" % (
        tag, n_in, n_out))
    ratio = strip_contrast(pb, n)
    check(ratio >= 4.5, "%s: the notice's text has contrast %.2f:1" % (tag, ratio))
    return b

@test("bundle.notice")
def _(env):
    """A refused bundle's notice: a strip over the top of the slide for 15 s, the rest of the screen
    unchanged (no pixel differs by more than 2 of 255), then the screen exactly as before."""
    d, key, pub, content, drop = setup(env, "bundle-notice")
    evil_key, evil_pub = keys(env, d, "evil")
    env.run("bundle", "--content", marked(env, d, MARK), "--key", evil_key, "--out", os.path.join(drop, "e.volante"),
            "--version", "7")
    rc, so, se = run_kiosk(env, d, content, drop, pub, "landscape", steps=NOTICE_STEPS,
                           args=("--size", "960x540", "--lang", "es"))
    check(rc == 0, "kiosk exited %d: %s" % (rc, se[-300:]))
    b = notice_shown(d, "landscape", "Update not installed: signed by a key this kiosk does not trust", (0, 0, 960, 41))
    check(b["update"].startswith("update refused: "), "update: %s" % b["update"])

@test("bundle.notice-rotated-rtl")
def _(env):
    """An installed bundle's notice on a screen mounted turned (--rotate 90) in Persian: the strip along the
    viewer's top (the panel's right edge), a language button still answers a tap under the notice."""
    d, key, pub, content, drop = setup(env, "bundle-notice-turned")
    env.run("bundle", "--content", marked(env, d, MARK), "--key", key, "--out", os.path.join(drop, "n.volante"),
            "--version", "12")
    args = ("--size", "960x540", "--rotate", "90", "--lang", "fa")
    rc, so, se = run_kiosk(env, d, content, drop, pub, "turned", steps=NOTICE_STEPS, args=args)
    check(rc == 0, "kiosk exited %d: %s" % (rc, se[-300:]))
    check(os.readlink(content) == "content.v12", "version 12 not installed")
    b = notice_shown(d, "turned", "Content updated to version 12", (919, 0, 41, 540))
    check(b["lang"] == "fa", "lang %s" % b["lang"])
    # Two languages: a tap on the other's button while the notice is on screen chooses it.
    env.run("bundle", "--content", marked(env, d, "Third9"), "--key", key, "--out", os.path.join(drop, "o.volante"),
            "--version", "13")
    args = ("--size", "960x540", "--rotate", "90", "--lang", "fa", "--lang", "en")
    rc, so, se = run_kiosk(env, d, content, drop, pub, "tap", steps=("shot a",), args=args)
    x, y = center(state(os.path.join(d, "shots-tap"), "a"), "lang:en")
    rc, so, se = run_kiosk(env, d, content, drop, pub, "tap", steps=("wait 1000", "tap %d %d" % (x, y), "wait 600",
                                                                     "shot t"), args=args)
    t = state(os.path.join(d, "shots-tap"), "t")
    check(rc == 0 and t["lang"] == "en" and t["mode"] == "browse", "the tap under the notice: %s %s" % (
        t["lang"], t["mode"]))
    check((t.get("notice") or {}).get("text") == "Content updated to version 13", "notice: %s" % t.get("notice"))
    # A content folder or a key that is not there: said in volante's words, with the path.
    nowhere = os.path.join(d, "nowhere")
    rc, so, se = env.run("bundle", "--content", nowhere, "--key", os.path.join(d, "k.key"), "--out",
                         os.path.join(d, "x.volante"))
    check(rc == 2 and se.splitlines()[:1] == ["volante bundle: %s: no such content folder" % nowhere],
          "bundle of no content: %d %s" % (rc, se))
    rc, so, se = env.run("bundle", "--content", env.content, "--key", nowhere + ".key", "--out",
                         os.path.join(d, "x.volante"))
    check(rc == 1 and se.splitlines()[:1] == ["volante bundle: %s.key: no such file" % nowhere],
          "bundle, no key: %d %s" % (rc, se))
    rc, so, se = env.run("kiosk", "--headless", "--size", "640x360", "--script", "/dev/null", "--shots", d,
                         "--content", env.content, "--updates", d, "--trust", nowhere + ".pub")
    check(rc == 2 and se.splitlines()[:1] == ["volante kiosk: %s.pub: no such file" % nowhere],
          "kiosk, no key: %d %s" % (rc, se))
