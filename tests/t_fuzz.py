"""volante tests: the findings of the fuzz targets (tests/fuzz/regress/), each through the real binary with
the exact message it must give. ctest's fuzz.replay-* runs the same files through the targets themselves."""
from vtest import *

REGRESS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fuzz", "regress")

# file in tests/fuzz/regress -> (exit status, the one line of volante's own output that names the mistake);
# PATH stands for the file as volante was given it.
FINDINGS = {
    "content-newline-in-markup-message.ini":
        (2, 'volante: PATH:5: headline: the <b> opened before "with\\nour neighbors" is never closed: add </b> where it ends'),
    "content-unknown-escape.ini":
        (2, "volante: PATH:5: [headline] text: a backslash must start \\n (new line), \\t, \\r, \\s (space) or \\\\ (a backslash itself)"),
    "content-backslash-at-end.ini":
        (2, "volante: PATH:5: [headline] text: a backslash must start \\n (new line), \\t, \\r, \\s (space) or \\\\ (a backslash itself)"),
    "layout-newline-in-value.ini":
        (1, 'PATH:8: error: in fuzz: [style.body] color: "#1d3557\\nred" is not a color like #1a2b3c (layout)'),
    "content-tab-in-message.ini":
        (2, 'volante: PATH:3: expected KEY=VALUE or [GROUP], got "title\\tStand with our neighbors"'),
    "layout-tab-in-message.ini":
        (1, 'PATH:4: error: in fuzz: expected KEY=VALUE or [GROUP], got "size\\t12" (layout)'),
    "po-escape-not-utf8.po":
        (1, 'PATH:4: error: [es] msgctxt "headline": an escape like \\x82 or \\202 makes a byte that is not UTF-8: '
            'write the character itself (syntax)'),
    "po-header-escape-not-utf8.po":
        (1, "PATH:1: error: [es] the header: an escape like \\x82 or \\202 makes a byte that is not UTF-8: "
            "write the character itself (syntax)"),
    "po-duplicate-msgctxt-control.po":
        (1, 'PATH:9: error: [es] a second entry for "xtmsgi\\x0b" (the first is at line 5): keep one and remove the '
            'other (syntax)'),
    "script-tab-in-message": (2, 'volante kiosk: PATH:3: unknown command "shot\\tdone now" (tap X Y, drag X1 Y1 X2 Y2, '
                                 'swipe left|right, key NAME, wait MS, sleep MS, clock YYYY-MM-DDTHH:MM, shot NAME, '
                                 'reload, probe)'),
    "script-wait-nan": (2, 'volante kiosk: PATH:1: wait needs milliseconds, got "nan"'),
    "script-wait-inf": (2, 'volante kiosk: PATH:2: wait needs milliseconds, got "inf"'),
}

def own_lines(text):
    """volante's lines of stderr, without the sanitizers' report of suppressed library leaks."""
    return [l for l in text.splitlines() if l.strip() and not re.match(r"^(-+|Suppressions used:|\s+count\s|\s+\d+\s+\d+\s)", l)]

def run_finding(env, name):
    target = name.split("-")[0]
    d = env.tmp("fuzz-" + name)
    src = os.path.join(REGRESS, name)
    if target == "content":
        path = os.path.join(d, "volante.ini")
        shutil.copy(src, path)
        rc, out, err = env.run("check", "--content", d, "--lang", "en")
    elif target == "layout":
        path = os.path.join(d, "fuzz.ini")
        shutil.copy(src, path)
        rc, out, err = env.run("check", "--layouts-dir", d, "--layout", "fuzz", "--lang", "en")
    elif target == "script":
        path = src
        rc, out, err = env.run("kiosk", "--headless", "--size", "960x540", "--script", src, "--shots",
                               os.path.join(d, "shots"))
    elif target in ("po", "frame"):
        content = env.content_copy("fuzz-" + name)
        path = os.path.join(content, "po", "es.po")
        shutil.copy(src, path)
        rc, out, err = env.run("check", "--content", content, "--lang", "es", "--layout", "flyer")
    else:
        raise Fail("%s: no way to run a finding of target %s" % (name, target))
    return path, rc, out, err

@test("fuzz.findings")
def _(env):
    names = sorted(n for n in os.listdir(REGRESS) if not n.endswith(".md"))
    check(names, "no findings in %s" % REGRESS)
    for name in names:
        check(name in FINDINGS, "%s has no expected message in tests/t_fuzz.py" % name)
        want_rc, want = FINDINGS[name]
        path, rc, out, err = run_finding(env, name)
        want = want.replace("PATH", path)
        lines = own_lines(out + "\n" + err)
        check("AddressSanitizer" not in err and "runtime error" not in err, "%s: sanitizer report: %s" % (name, err[-800:]))
        check(rc == want_rc, "%s: exit %d, not %d: %s" % (name, rc, want_rc, lines[:3]))
        check(want in lines, "%s: no line\n  %s\nin\n  %s" % (name, want, "\n  ".join(lines[:6])))
