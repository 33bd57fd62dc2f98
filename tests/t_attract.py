"""volante tests: the kiosk when nobody touches it (attract mode, the "touch" line), touch read as the viewer
sees it whatever --rotate, transitions with the finger, contrast of the progress dots, opening hours."""
from vtest import *

SLIDE_MS, TOUCH_MS, LANGS, SLIDES = 8000, 2500, 16, 6

def pixel(png, x, y):
    """The (r, g, b) of one pixel, 0 to 255."""
    rc, o, e = tool("convert", png, "-format", "%%[fx:int(255*p{%d,%d}.r+.5)],%%[fx:int(255*p{%d,%d}.g+.5)],"
                    "%%[fx:int(255*p{%d,%d}.b+.5)]" % (x, y, x, y, x, y), "info:")
    check(rc == 0, "convert: %s" % e)
    return tuple(int(v) for v in o.strip().split(","))

def crop(png, w, h, x, y, out):
    rc, o, e = tool("convert", png, "-crop", "%dx%d+%d+%d" % (w, h, x, y), "+repage", out)
    check(rc == 0, "convert: %s" % e)
    return out

@test("attract.cycle")
def _(env):
    """One attract cycle shows every slide of a language before the next language, and every language with every
    slide; each shot's lang and slide are the picture on the screen, mid-transition too."""
    lines = []
    for i in range(LANGS * SLIDES):
        lines += ["wait %d" % (SLIDE_MS // 2 if i == 0 else SLIDE_MS), "shot s%d" % i]
    # The fade from the last language back to English: a tenth of the way in the old picture covers the screen,
    # nine tenths in the new one.
    lines += ["wait %d" % (SLIDE_MS // 2 + 45), "shot early", "wait 360", "shot late"]
    rc, shots, stats, se = kiosk(env, "att-cycle", lines, size="640x360")
    check(rc == 0, "kiosk: %s" % se)
    seen = [(state(shots, "s%d" % i)["lang"], state(shots, "s%d" % i)["slide"]) for i in range(LANGS * SLIDES)]
    check(all(state(shots, "s%d" % i)["mode"] == "attract" for i in range(LANGS * SLIDES)), "left attract mode")
    check(len(set(seen)) == LANGS * SLIDES, "a cycle showed %d of %d language x slide pictures: %s"
          % (len(set(seen)), LANGS * SLIDES, seen))
    order = [l for i, (l, s) in enumerate(seen) if i == 0 or seen[i - 1][0] != l]
    check(len(order) == LANGS and order[0] == "en", "languages in the cycle: %s" % order)
    check([s for l, s in seen[:SLIDES]] == list(range(1, SLIDES + 1)), "English slides: %s" % seen[:SLIDES])
    early, late = state(shots, "early"), state(shots, "late")
    check(early["moving"] and early["lang"] == order[-1] and early["slide"] == SLIDES,
          "early in the fade from %s back to English, the shot says %s/%s" % (order[-1], early["lang"], early["slide"]))
    check(late["lang"] == "en" and late["slide"] == 1, "late in it: %s/%s" % (late["lang"], late["slide"]))

@test("attract.touch-line")
def _(env):
    """The "touch to choose your language" line cycles through the languages in attract mode, in each language's
    translation or the English where there is none, and is gone once someone browses."""
    content = env.content_copy("att-touch")
    es = os.path.join(content, "po", "es.po")
    blocks = open(es, encoding="utf-8").read().split("\n\n")
    open(es, "w", encoding="utf-8").write("\n\n".join(b for b in blocks if 'msgctxt "kiosk.touch"' not in b))
    lines = []
    for i in range(LANGS):
        lines += ["shot t%d" % i, "wait %d" % TOUCH_MS]
    lines += ["key Right", "wait 1000", "shot browse"]
    rc, shots, stats, se = kiosk(env, "att-touch-run", lines, size="640x360", content=content)
    check(rc == 0, "kiosk: %s" % se)
    touch = [state(shots, "t%d" % i)["touch"] for i in range(LANGS)]
    check(sorted(t["lang"] for t in touch) == sorted(b["id"][5:] for b in state(shots, "t0")["buttons"]),
          "the line went through %s" % [t["lang"] for t in touch])
    by = {t["lang"]: t for t in touch}
    check(by["es"]["shown_in"] == "en" and by["es"]["text"] == "Touch to choose your language",
          "Spanish with no translation: %s" % by["es"])
    ko = po_msgstr(os.path.join(content, "po", "ko.po"), "kiosk.touch")
    check(by["ko"] == {"lang": "ko", "shown_in": "ko", "text": ko}, "Korean: %s" % by["ko"])
    check(state(shots, "browse")["touch"] is None, "the line stays while browsing")
    # The line is on the screen: its row differs between two languages.
    a, b = [i for i, t in enumerate(touch) if t["lang"] in ("ko", "km")]
    ra = crop(os.path.join(shots, "t%d.png" % a), 640, 16, 0, 288, os.path.join(shots, "ra.png"))
    rb = crop(os.path.join(shots, "t%d.png" % b), 640, 16, 0, 288, os.path.join(shots, "rb.png"))
    check(differing(ra, rb) > 0.02, "the touch line looks the same in ko and km")

def panel(rot, pw, ph, x, y):
    """A point of the viewer's screen on the panel turned by ROT (kiosk --rotate)."""
    return {0: (x, y), 90: (pw - y, x), 180: (pw - x, ph - y), 270: (y, ph - x)}[rot]

@test("attract.rotated-touch")
def _(env):
    """With the screen mounted turned, drags and taps (in the panel's pixels, as a touch screen reports them) are
    read as the viewer sees them: a leftward swipe goes on, a rightward one back, one up or down turns nothing."""
    for rot, (pw, ph) in ((90, (360, 640)), (180, (640, 360)), (270, (360, 640))):
        lw, lh = (ph, pw) if rot in (90, 270) else (pw, ph)
        def drag(x1, y1, x2, y2):
            a, b = panel(rot, pw, ph, x1 * lw, y1 * lh), panel(rot, pw, ph, x2 * lw, y2 * lh)
            return "drag %d %d %d %d" % (min(a[0], pw - 1), min(a[1], ph - 1), min(b[0], pw - 1), min(b[1], ph - 1))
        rc, shots, stats, se = kiosk(env, "att-rot%d" % rot, [
            drag(0.8, 0.4, 0.2, 0.4), "wait 600", "shot left",
            drag(0.5, 0.1, 0.5, 0.7), "wait 600", "shot down",
            drag(0.2, 0.4, 0.8, 0.45), "wait 600", "shot right",
            drag(0.9, 0.3, 0.9, 0.3), "wait 600", "shot tap"], size="%dx%d" % (pw, ph), extra=("--rotate", str(rot)))
        check(rc == 0, "rotate %d: %s" % (rot, se))
        got = [state(shots, s)["slide"] for s in ("left", "down", "right", "tap")]
        check(got == [2, 2, 1, 2], "rotate %d: slides after a left swipe, a drag down, a right swipe and a tap on the "
              "right: %s, want [2, 2, 1, 2]" % (rot, got))
        # The dots the shot reports are where the picture has them.
        on = [d for d in state(shots, "tap")["dots"] if d["on"]][0]
        r, g, b = pixel(os.path.join(shots, "tap.png"), int(on["x"]), int(on["y"]))
        check(r > 150 and g < 60 and b < 80, "rotate %d: the shown slide's dot at %s is %s, not red" % (rot, on, (r, g, b)))

def halves(env, png, w, h, name):
    """The left and right halves of the slide area (above the progress dots) of a shot."""
    d = env.tmp(name)
    return crop(png, w // 2, h, 0, 0, d + "/l.png"), crop(png, w // 2, h, w // 2, 0, d + "/r.png")

@test("attract.transition-direction")
def _(env):
    """Slides move with the finger: a swipe that goes on moves them leftwards in English and rightwards in Arabic,
    where going on is a swipe to the right; halfway, each half of the screen is half of the old or the new slide."""
    rc, shots, stats, se = kiosk(env, "att-dir0", ["shot s"], size="640x360")
    s = state(shots, "s")
    top = int(min(d["y"] - d["r"] for d in s["dots"])) - 2
    for lang, swipe, moves in (("en", "left", "left"), ("ar", "right", "right")):
        x, y = center(s, "lang:" + lang)
        name = "att-dir-" + lang
        rc, shots, stats, se = kiosk(env, name, ["tap %d %d" % (x, y), "wait 1000", "shot before", "swipe " + swipe,
                                                 "wait 225", "shot mid", "wait 1000", "shot after"], size="640x360")
        check(rc == 0, "kiosk: %s" % se)
        check([state(shots, n)["slide"] for n in ("before", "after")] == [1, 2], "%s: swipe %s did not go on" % (lang, swipe))
        b, m, a = (halves(env, os.path.join(shots, n + ".png"), 640, top, "%s-%s" % (name, n)) for n in ("before", "mid", "after"))
        # Moving right: the new slide's right half comes in on the left, the old one's left half is pushed right.
        came, went = ((m[0], a[1]), (m[1], b[0])) if moves == "right" else ((m[1], a[0]), (m[0], b[1]))
        check(differing(*came) < 0.001 and differing(*went) < 0.001,
              "%s: halfway through a swipe %s the slides do not move %s (%.3f, %.3f of pixels differ)"
              % (lang, swipe, moves, differing(*came), differing(*went)))
        check(differing(b[0], a[0]) > 0.01, "%s: the two slides look alike; the test proves nothing" % lang)

@test("attract.dot-contrast")
def _(env):
    """Every progress dot has at least 3:1 contrast (WCAG 2.1, 1.4.11) against the page around it."""
    rc, shots, stats, se = kiosk(env, "att-dots", ["key Right", "wait 1000", "shot s"], size="1280x720")
    check(rc == 0, "kiosk: %s" % se)
    png, dots = os.path.join(shots, "s.png"), state(shots, "s")["dots"]
    check(len(dots) == SLIDES and sum(d["on"] for d in dots) == 1, "dots: %s" % dots)
    bg = pixel(png, int((dots[0]["x"] + dots[1]["x"]) / 2), int(dots[0]["y"]))
    for d in dots:
        c = pixel(png, int(d["x"]), int(d["y"]))
        ratio = contrast(c, bg)
        check(ratio >= 3.0, "a %s dot %s on %s has contrast %.2f:1, under 3:1" % ("lit" if d["on"] else "gray", c, bg, ratio))

@test("hours.closed")
def _(env):
    """Outside --hours the screen is black and no frame is drawn (touch does nothing); inside, the kiosk starts over
    in attract mode. The display commands run at closing and opening. 2026-11-30 is a Monday."""
    d = env.tmp("hours-cmds")
    off, on = os.path.join(d, "off"), os.path.join(d, "on")
    rc, shots, stats, se = kiosk(env, "hours", [
        "clock 2026-11-30T23:30", "wait 2000", "shot night", "tap 600 300", "wait 60000", "shot later",
        "clock 2026-11-30T10:00", "wait 2000", "shot day",
        "clock 2026-12-05T13:59", "wait 30000", "shot sat", "wait 30000", "shot sat2",
        "clock 2026-12-05T01:30", "wait 1000", "shot fri-night"], size="640x360",
        extra=("--hours", "Mo-Fr 08:00-20:00, Sa 09:00-14:00, Fr 22:00-02:00", "--display-off", "touch " + off,
               "--display-on", "touch " + on))
    check(rc == 0, "kiosk: %s" % se)
    night, later, day = state(shots, "night"), state(shots, "later"), state(shots, "day")
    for name in ("night", "later", "sat2"):
        rc, o, e = tool("convert", os.path.join(shots, name + ".png"), "-format", "%[fx:maxima]", "info:")
        check(float(o) == 0, "%s: the screen is not black (brightest %s)" % (name, o))
        check(state(shots, name)["hours"] == "closed", "%s: %s" % (name, state(shots, name)["hours"]))
    check(later["frames"] == night["frames"], "frames drawn while closed: %d then %d" % (night["frames"], later["frames"]))
    check(day["hours"] == "open" and day["mode"] == "attract" and day["lang"] == "en" and day["slide"] == 1,
          "in hours: %s" % {k: day[k] for k in ("hours", "mode", "lang", "slide")})
    check(day["frames"] > later["frames"], "no frame drawn after opening")
    rc, o, e = tool("identify", "-format", "%k", os.path.join(shots, "day.png"))
    check(int(o) > 8, "the open screen has %s colours" % o)
    check(state(shots, "sat")["hours"] == "open" and state(shots, "fri-night")["hours"] == "open",
          "Saturday 13:59 or Friday's late hours after midnight read as closed")
    check(wait_for(lambda: os.path.exists(off) and os.path.exists(on), 10) is not None, "--display-off/-on did not run")
    check(se.count("closed (outside --hours)") == 2 and se.count("open (--hours)") == 2, "log: %s" % se)

@test("hours.bad")
def _(env):
    """A bad --hours, display command or script clock: one line saying what is wrong, exit 2."""
    run = lambda *a: env.run("kiosk", "--headless", "--size", "640x360", "--script", "/dev/null", "--shots",
                             env.tmp("hours-bad"), *a)
    for value, why in (
            ("Mo-Fx 08:00-20:00", '"Mo-Fx" is not a day or days (Mo Tu We Th Fr Sa Su, or a range such as Mo-Fr)'),
            ("Mo-Fr 8-20", '"8-20" is not opening hours (HH:MM-HH:MM, from 00:00 to 24:00, such as 08:00-20:00)'),
            ("Mo-Fr 08:00-24:30", '"08:00-24:30" is not opening hours (HH:MM-HH:MM, from 00:00 to 24:00, such as '
                                  '08:00-20:00)'),
            ("Mo-Fr", '"Mo-Fr" has no hours after its days (such as Mo-Fr 08:00-20:00)'),
            ("Sa 09:00-09:00", '"09:00-09:00" closes the moment it opens'),
            ("Mo-Fr 08:00-20:00,", "an empty rule between commas (write days and hours, such as Mo-Fr 08:00-20:00)"),
            (" ", "no opening hours given (such as Mo-Fr 08:00-20:00)")):
        rc, so, se = run("--hours", value)
        want = 'volante kiosk: --hours "%s": %s\n' % (value, why)
        check(rc == 2 and se == want, "--hours %r: rc=%d %r, want %r" % (value, rc, se, want))
    rc, so, se = run("--display-off", "xset dpms force off")
    check(rc == 2 and se == "volante kiosk: --display-off and --display-on need --hours (when to run them)\n", se)
    rc, so, se = run("--hours", "Mo 08:00-09:00", "--display-on", 'say "hi')
    check(rc == 2 and se.startswith('volante kiosk: --display-on "say "hi": ') and se.count("\n") == 1, se)
    rc, shots, stats, se = kiosk(env, "hours-bad-clock", ["clock 2026-02-30T10:00"], size="640x360")
    want = ('volante kiosk: %s:1: clock needs a local time YYYY-MM-DDTHH:MM (2026-11-30T09:00), got '
            '"2026-02-30T10:00"\n' % os.path.join(env.work, "hours-bad-clock", "script"))
    said = [l + "\n" for l in se.splitlines() if l.startswith("volante")]  # not LeakSanitizer's list of suppressions
    check(rc == 2 and said == [want], "a bad clock: rc=%d %r, want %r" % (rc, se, want))
