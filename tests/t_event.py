"""volante tests: the organizers' event ([event] in volante.ini), its layout and its kiosk slide."""
from vtest import *

# Test data only: an example event, never in the shipped content.
EVENT = """
[event]
title=Know your rights workshop
text=Free, in many languages. Bring a friend.
start=2026-12-05T10:00
end=2026-12-05T12:30
timezone=America/Los_Angeles
place=Community hall
address=100 Example Street, Los Angeles, CA 90000
phone=(213) 555-0199
web=https://example.org/workshop
"""

def with_event(env, name, edit=None):
    content = env.content_copy(name)
    ini = os.path.join(content, "volante.ini")
    s = open(ini, encoding="utf-8").read()
    check("[event]" not in s, "the shipped content has an event: example data belongs in the tests and README")
    s += EVENT
    if edit:
        s = edit(s)
    open(ini, "w", encoding="utf-8").write(s)
    return content

def icu_names(env, lang):
    """The weekday's and the month's names ICU itself gives for 2026-12-05 in LANG (tests/icu_names.c)."""
    helper = os.path.join(os.path.dirname(env.vol), "tests", "icu_names")
    check(os.access(helper, os.X_OK), "no %s (built with the tests)" % helper)
    rc, out, err = tool(helper, lang, "2026", "12", "5", "10", "0", "America/Los_Angeles")
    check(rc == 0 and len(out.splitlines()) == 2, "icu_names %s: %d %s" % (lang, rc, err))
    return out.splitlines()

def flat(s):
    return IGNORABLE.sub("", s)

@test("event.dates-by-icu")
def _(env):
    """The event page in es, ko, zh-Hant, ar, fa, vi, ru (and th, hi, en) carries the weekday and the
    month as ICU names them in that language, on the Gregorian calendar (Thai: 2026, not 2569), in the
    language's own digits (Persian, Arabic) and clock (12 hours in English, 24 in Spanish)."""
    content = with_event(env, "ev-dates")
    out = env.tmp("ev-dates-out")
    langs = ["es", "ko", "zh-Hant", "ar", "fa", "vi", "ru", "th", "hi", "en"]
    rc, so, se = env.run("render", "--content", content, "--layout", "event", "--out", out, "--force",
                         *sum([["--lang", l] for l in langs], []))
    for lang in langs:
        pdf = os.path.join(out, "event", lang + ".pdf")
        check(os.path.exists(pdf), "no %s: %s" % (pdf, se[-300:]))
        text = flat(pdftext(pdf))
        for name in icu_names(env, lang):
            check(flat(name) in text or flat(name)[::-1] in text, "%s: no %r in the page: %s" % (lang, name, text[:200]))
    page = lambda l: flat(pdftext(os.path.join(out, "event", l + ".pdf")))
    check("۲۰۲۶" in page("fa") and "۵" in page("fa"), "fa: no Persian digits: %s" % page("fa")[:120])
    check("٢٠٢٦" in page("ar"), "ar: no Arabic digits")
    check("2026" in page("th") and "2569" not in page("th"), "th: not the Gregorian year")
    check("AM" in page("en") and "PM" in page("en"), "en: not a 12-hour clock")
    check("10:00" in page("es") and "12:30" in page("es") and "PM" not in page("es"), "es: not a 24-hour clock")
    check("(213)555-0199" in page("fa"), "fa: the phone number turned around: %s" % page("fa")[-200:])

@test("event.layout")
def _(env):
    """volante render --layout event --lang ko writes OUT/event/ko.pdf, on letter; the event is not in the
    default set; with no event in the content, naming the layout is an error and check leaves it out."""
    content = with_event(env, "ev-layout")
    out = env.tmp("ev-layout-out")
    rc, so, se = env.run("render", "--content", content, "--layout", "event", "--lang", "ko", "--out", out, "--force")
    pdf = os.path.join(out, "event", "ko.pdf")
    check(os.path.exists(pdf) and page_size(pdf) == (612, 792), "no letter event/ko.pdf: %s" % se[-300:])
    check("Community hall" in pdftext(pdf) and "https://example.org/workshop" in pdftext(pdf), "the event's facts")
    check(decode_qr(pdf, env.tmp("ev-qr")) == {"https://example.org/workshop"}, "the event's web address as a QR code")
    out2 = env.tmp("ev-default-out")
    rc, so, se = env.run("render", "--content", content, "--lang", "es", "--out", out2)
    check(not os.path.exists(os.path.join(out2, "event")), "the event is in the default set")
    rc, so, se = env.run("render", "--content", env.content, "--layout", "event", "--lang", "ko", "--out", env.tmp("ev-none"))
    check(rc == 2 and "[event]" in se and len(se.strip().splitlines()) == 1, "no event: rc %d %s" % (rc, se))
    rc, j = problems(env, env.content, "--lang", "es")
    check(not [p for p in j["problems"] if "event" in p["layouts"] or p["kind"] == "event"],
          "check of the shipped content talks about an event: %s" % j["problems"][:2])

@test("event.bad-dates")
def _(env):
    """An impossible date, an end before its start, an unknown time zone and a key [event] does not take:
    each one error at its volante.ini line; the event page is not made, the flyer is."""
    cases = (("start=2026-12-05T10:00", "start=2026-02-30T10:00", "does not exist"),
             ("end=2026-12-05T12:30", "end=2026-12-05T09:30", "before the start"),
             ("timezone=America/Los_Angeles", "timezone=America/Los_Angles", "not a time zone"),
             ("place=Community hall", "venue=Community hall", "not a key of [event]"),
             ("start=2026-12-05T10:00", "start=Dec 5 10am", "not a local date and time"))
    for old, new, why in cases:
        content = with_event(env, "ev-bad", lambda s: s.replace(old, new, 1))
        ini = os.path.join(content, "volante.ini")
        rc, j = problems(env, content, "--layout", "event", "--lang", "es")
        ev = [p for p in j["problems"] if p["kind"] == "event"]
        check(rc == 1 and len(ev) == 1, "%s: rc %d, %s" % (new, rc, ev))
        check(ev[0]["file"] == ini and ev[0]["line"] == line_of(ini, new) and why in ev[0]["message"],
              "%s: %s" % (new, ev[0]))
        rc, so, se = env.run("check", "--content", content, "--layout", "event", "--lang", "es")
        check(re.search(r"volante\.ini:%d: error: .*\(event\)" % line_of(ini, new), so), "check prints: %s" % so[-300:])
        out = env.tmp("ev-bad-out")
        rc, so, se = env.run("render", "--content", content, "--layout", "event", "--layout", "flyer", "--lang", "es",
                             "--out", out, "--force")
        check(os.path.exists(os.path.join(out, "flyer", "es.pdf")), "%s: the flyer was not made" % new)
        check(rc == 1, "%s: render exited %d" % (new, rc))

@test("event.translated")
def _(env):
    """The event's title and text are translated (msgctxt event.title and event); its dates, time zone,
    place and contacts are not; a translated title prints."""
    content = with_event(env, "ev-pot")
    rc, so, se = env.run("extract", "--content", content)
    pot = open(os.path.join(content, "po", "volante.pot"), encoding="utf-8").read()
    ctx = set(re.findall(r'^msgctxt "([^"]*)"', pot, re.M))
    check({"event.title", "event"} <= ctx, "the template lacks the event: %s" % sorted(ctx))
    check(not {c for c in ctx if c.startswith("event.") and c != "event.title"}, "event fields in the template: %s" % sorted(ctx))
    po = os.path.join(content, "po", "es.po")
    with open(po, "a", encoding="utf-8") as f:
        f.write('\nmsgctxt "event.title"\nmsgid "Know your rights workshop"\nmsgstr "Taller: conozca sus derechos"\n'
                '\nmsgctxt "event"\nmsgid "Free, in many languages. Bring a friend."\nmsgstr "Gratis, en muchos idiomas. Traiga a un amigo."\n')
    out = env.tmp("ev-pot-out")
    rc, so, se = env.run("render", "--content", content, "--layout", "event", "--lang", "es", "--out", out)
    check(rc == 0, "render: %s" % se[-300:])
    text = flat(pdftext(os.path.join(out, "event", "es.pdf")))
    check("Taller" in text and "Traigaaunamigo" in text and "sábado" in text, "es event page: %s" % text[:300])

@test("event.kiosk-slide")
def _(env):
    """With an event the kiosk shows one more slide, right after the title, in every language; without
    one (the shipped content) it does not."""
    content = with_event(env, "ev-kiosk")
    counts = {}
    for name, c in (("with", content), ("without", env.content)):
        out = env.tmp("ev-slides-" + name)
        rc, so, se = env.run("slides", "--content", c, "--size", "640x360", "--lang", "es", "--lang", "fa", "--out", out)
        counts[name] = {l: len(os.listdir(os.path.join(out, l))) for l in ("es", "fa")}
    check(counts["with"]["es"] == counts["without"]["es"] + 1 and counts["with"]["fa"] == counts["without"]["fa"] + 1,
          "slides with and without the event: %s" % counts)
    a = os.path.join(env.work, "ev-slides-with", "es", "02.png")
    b = os.path.join(env.work, "ev-slides-without", "es", "02.png")
    check(differing(a, b) > 0.02, "the second slide is not the event's")
