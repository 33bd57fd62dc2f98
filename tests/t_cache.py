"""volante tests: the layout cache (src/cache.h): what the shrink-to-fit and flow searches found, kept on disk
across runs, never changing a byte of the output."""
import filecmp
import glob
import hashlib
import random
import shutil
import struct
from vtest import *

# Right-to-left, scripts without spaces (ICU's dictionary breaks), CJK, and Latin, in a layout with flow
# groups and one whose frames shrink on their own.
SOME = ["--layout", "flyer", "--layout", "bilingual", "--lang", "ar", "--lang", "km", "--lang", "th", "--lang", "ja"]

def render(env, out, cache, *args, extra_env=None):
    e = {"XDG_CACHE_HOME": cache}
    e.update(extra_env or {})
    rc, so, se = env.run("render", "--out", out, "-q", *args, env=e, timeout=600)
    check(rc == 0, "render exited %d: %s" % (rc, se[-400:]))
    check(said(se) == "", "render said something on stderr: %s" % said(se)[-400:])
    return out

def files(d):
    return sorted(os.path.relpath(os.path.join(r, f), d) for r, _, fs in os.walk(d) for f in fs)

def same_tree(a, b):
    fa, fb = files(a), files(b)
    check(fa and fa == fb, "different files: %s against %s" % (fa, fb))
    for f in fa:
        check(filecmp.cmp(os.path.join(a, f), os.path.join(b, f), shallow=False), "%s differs between %s and %s" % (f, a, b))

def cache_files(cache):
    """The layout cache's files (the PO files as read are in volante/po/, cache.po-kept)."""
    return sorted(glob.glob(os.path.join(cache, "volante", "*.cache")))

@test("cache.warm-same")
def _(env):
    d = env.tmp("cache-warm")
    cache = os.path.join(d, "xdg")
    off = render(env, os.path.join(d, "off"), cache, *SOME, extra_env={"VOLANTE_CACHE": "off"})
    check(not os.path.exists(cache), "VOLANTE_CACHE=off made %s" % cache)
    # Cold with two workers: what each learnt reaches the one file the parent writes.
    cold = render(env, os.path.join(d, "cold"), cache, "-j", "2", *SOME)
    made = cache_files(cache)
    check(len(made) == 1 and made[0].endswith(".cache"), "the cold run left %s" % made)
    check(os.stat(made[0]).st_mode & 0o077 == 0, "the cache file is readable by others")
    before = os.stat(made[0]).st_mtime_ns, open(made[0], "rb").read()
    warm = render(env, os.path.join(d, "warm"), cache, "-j", "1", *SOME)
    same_tree(off, cold)
    same_tree(off, warm)
    # Nothing learnt, nothing written.
    check((os.stat(made[0]).st_mtime_ns, open(made[0], "rb").read()) == before, "the warm run wrote the cache again")
    # Another language learns more: the file grows, and what it held stays usable.
    render(env, os.path.join(d, "more"), cache, "--layout", "flyer", "--lang", "ko")
    check(len(open(made[0], "rb").read()) > len(before[1]), "a new language added nothing to the cache")
    warm2 = render(env, os.path.join(d, "warm2"), cache, *SOME)
    same_tree(off, warm2)

@test("cache.corrupt")
def _(env):
    d = env.tmp("cache-corrupt")
    cache = os.path.join(d, "xdg")
    args = ["-j", "1", "--layout", "flyer", "--lang", "th"]
    ref = render(env, os.path.join(d, "ref"), cache, *args, extra_env={"VOLANTE_CACHE": "off"})
    render(env, os.path.join(d, "cold"), cache, *args)
    path = cache_files(cache)[0]
    good = open(path, "rb").read()
    rnd = random.Random(14)
    flipped = bytearray(good)
    flipped[len(good) // 2] ^= 0x40
    cases = {
        "truncated": good[: len(good) // 2],
        "one-byte": good[:1],
        "empty": b"",
        "flipped": bytes(flipped),
        "random": bytes(rnd.getrandbits(8) for _ in range(len(good))),
        "random-with-magic": good[:8] + bytes(rnd.getrandbits(8) for _ in range(len(good) - 8)),
        "huge": good + b"\0" * (9 << 20),
        "count-too-big": good[:40] + b"\xff\xff\xff\x7f" + good[44:],
    }
    # Broken inside but with a checksum that matches, so the reader's own checks are what stop it (the
    # file: magic 8 bytes, build 32, count 4, entries of key 16, n 1 and n doubles, SHA-256 32).
    def summed(body):
        return body + hashlib.sha256(body).digest()
    body = good[:-32]
    count = struct.unpack("<I", body[40:44])[0]
    cases["count-plus-one"] = summed(body[:40] + struct.pack("<I", count + 1) + body[44:])
    cases["count-minus-one"] = summed(body[:40] + struct.pack("<I", count - 1) + body[44:])
    cases["n-255"] = summed(body[:60] + b"\xff" + body[61:])
    cases["not-a-number"] = summed(body[:61] + struct.pack("<d", float("nan")) + body[69:])
    cases["cut-entry"] = summed(body[:-3])
    for name, data in cases.items():
        with open(path, "wb") as f:
            f.write(data)
        out = render(env, os.path.join(d, name), cache, *args)
        same_tree(ref, out)
        # The broken file was replaced by a good one.
        check(open(path, "rb").read() == good, "%s: the cache file was not written anew" % name)
    # Not a file at all.
    os.remove(path)
    os.makedirs(path)
    same_tree(ref, render(env, os.path.join(d, "folder"), cache, *args))
    os.rmdir(path)
    os.mkfifo(path)
    same_tree(ref, render(env, os.path.join(d, "fifo"), cache, *args))
    os.remove(path)

@test("cache.off")
def _(env):
    d = env.tmp("cache-off")
    cache = os.path.join(d, "xdg")
    render(env, os.path.join(d, "a"), cache, "--layout", "flyer", "--lang", "es", extra_env={"VOLANTE_CACHE": "off"})
    render(env, os.path.join(d, "b"), cache, "--layout", "flyer", "--lang", "es", "--no-cache")
    rc, so, se = env.run("check", "--layout", "flyer", "--lang", "es", "--no-cache", env={"XDG_CACHE_HOME": cache})
    check(rc == 0, "check --no-cache exited %d: %s" % (rc, se[-300:]))
    check(not os.path.exists(cache), "the cache was written with it turned off: %s" % files(d))
    # check uses it as render does.
    rc, so, se = env.run("check", "--layout", "flyer", "--lang", "es", env={"XDG_CACHE_HOME": cache})
    check(rc == 0 and len(cache_files(cache)) == 1, "check made no cache file (%d): %s" % (rc, se[-300:]))

@test("cache.old-builds-pruned")
def _(env):
    """Each build has a file of its own; after a save only the eight written last stay: files that ten
    older builds left are removed, newer ones and this build's kept, and nothing else in the folder
    is touched."""
    d = env.tmp("cache-prune")
    cache = os.path.join(d, "xdg")
    folder = os.path.join(cache, "volante")
    os.makedirs(folder)
    now = time.time()
    old = []
    for i in range(10):
        p = os.path.join(folder, "%032x.cache" % (i + 1))
        open(p, "wb").write(b"another build's file")
        os.utime(p, (now - 86400 * (i + 1), now - 86400 * (i + 1)))
        old.append(p)
    keep = os.path.join(folder, "notes.txt")
    open(keep, "w").write("not a cache file")
    render(env, os.path.join(d, "a"), cache, "--layout", "flyer", "--lang", "ko")
    left = set(glob.glob(os.path.join(folder, "*.cache")))
    ours = left - set(old)
    check(len(ours) == 1, "this build's file: %s" % sorted(left))
    check(left - ours == set(old[:7]), "kept %s of the old files, not the seven newest" %
          sorted(os.path.basename(p) for p in left - ours))
    check(os.path.exists(keep), "a file that is no cache file was removed")

@test("cache.rich-black")
def _(env):
    """check's rich-black warning (small dark text in a colour, measured through the press's profile) reads the
    same, inks and all, with the cache off, cold and warm: a warm run takes the inks from the cache."""
    d = env.tmp("cache-rich-black")
    cache = os.path.join(d, "xdg")
    lay = layout_dir(env, "cache-rich-black-layouts", lambda s: re.sub(
        r"(\[style\.body\][^\[]*?)color=#[0-9a-fA-F]{6}", r"\1color=#1a1a3a", s, flags=re.S))
    args = ("check", "--layouts-dir", lay, "--layout", "flyer", "--lang", "es")
    said_now = []
    for run in ("off", "cold", "warm"):
        e = {"XDG_CACHE_HOME": cache}
        if run == "off":
            e["VOLANTE_CACHE"] = "off"
        rc, so, se = env.run(*args, env=e)
        lines = [l for l in (so + se).splitlines() if "(rich-black)" in l]
        check(len(lines) == 1 and "#1a1a3a prints in four inks" in lines[0],
              "%s: no one rich-black warning: %s" % (run, (so + se)[-600:]))
        said_now.append(lines[0])
    check(len(set(said_now)) == 1, "the warning changed with the cache: %s" % said_now)
    check(len(cache_files(cache)) == 1, "the cold run made no cache file")

@test("cache.fonts-changed")
def _(env):
    d = env.tmp("cache-fonts")
    cache = os.path.join(d, "xdg")
    fonts = os.path.join(d, "fonts")
    os.makedirs(fonts)
    conf = open(os.path.join(env.src, "fonts", "fonts.conf"), encoding="utf-8").read()
    open(os.path.join(fonts, "fonts.conf"), "w", encoding="utf-8").write(conf)
    args = ["--layout", "flyer", "--lang", "es", "--fonts-dir", fonts]
    ref = render(env, os.path.join(d, "ref"), cache, *args)
    first = cache_files(cache)
    check(len(first) == 1, "one run, files %s" % first)
    render(env, os.path.join(d, "again"), cache, *args)
    check(cache_files(cache) == first, "the same fonts gave another file: %s" % cache_files(cache))
    # The same fonts, a configuration that says one thing more: a file of its own.
    open(os.path.join(fonts, "fonts.conf"), "w", encoding="utf-8").write(conf.replace("<fontconfig>",
                                                                                      "<fontconfig>\n  <!-- changed -->", 1))
    same_tree(ref, render(env, os.path.join(d, "changed"), cache, *args))
    now = cache_files(cache)
    check(len(now) == 2 and first[0] in now, "a changed fonts.conf gave %s (before: %s)" % (now, first))

@test("cache.unwritable")
def _(env):
    d = env.tmp("cache-ro")
    args = ["--layout", "flyer", "--lang", "km"]
    ref = render(env, os.path.join(d, "ref"), os.path.join(d, "none"), *args, extra_env={"VOLANTE_CACHE": "off"})
    # A cache folder that cannot be made (a file stands where it would be), one that cannot be
    # written (read-only; root may write anyway, /proc stops everyone), with a good file in it.
    blocker = os.path.join(d, "blocker")
    open(blocker, "w").write("not a folder\n")
    same_tree(ref, render(env, os.path.join(d, "file"), blocker, *args))
    same_tree(ref, render(env, os.path.join(d, "proc"), "/proc/self", *args))
    ro = os.path.join(d, "ro")
    render(env, os.path.join(d, "fill"), ro, *args)
    kept = cache_files(ro)
    os.chmod(os.path.join(ro, "volante"), 0o500)
    try:
        same_tree(ref, render(env, os.path.join(d, "ro-warm"), ro, *args))
        render(env, os.path.join(d, "ro-new"), ro, "--layout", "flyer", "--lang", "th")
        check(cache_files(ro) == kept, "a read-only cache folder changed: %s" % cache_files(ro))
    finally:
        os.chmod(os.path.join(ro, "volante"), 0o700)

@test("cache.kiosk-writes-none")
def _(env):
    d = env.tmp("cache-kiosk")
    cache = os.path.join(d, "xdg")
    os.makedirs(cache)
    os.environ["XDG_CACHE_HOME"] = cache
    rc, shots, stats, se = kiosk(env, "cache-kiosk-run", ["shot a0", "wait 2000", "shot a1"])
    check(rc == 0, "kiosk exited %d: %s" % (rc, se[-300:]))
    check(os.listdir(cache) == [], "the kiosk wrote into the cache folder: %s" % files(cache))

@test("cache.translation-changed")
def _(env):
    """A translator rename-saves a longer Persian headline and the organizer renders again with the cache warm:
    the new text is on the page, in the size a cold run finds for it, not the old search's size."""
    content = env.content_copy("cache-edit")
    cache = env.tmp("cache-edit-cache")
    args = ["--content", content, "--layout", "flyer", "--lang", "fa"]
    render(env, env.tmp("cache-edit-1"), cache, *args)
    po = os.path.join(content, "po", "fa.po")
    tmp = os.path.join(content, "po", ".fa.po.new")
    shutil.copy(po, tmp)
    new = "در کنار همسایه‌های مهاجرمان بایستیم، امروز و هر روز، در همه محله‌های لس‌آنجلس"
    set_msgstr(tmp, "headline", new)
    os.replace(tmp, po)
    warm = render(env, env.tmp("cache-edit-2"), cache, *args)
    cold = render(env, env.tmp("cache-edit-3"), env.tmp("cache-edit-cold"), *args)
    text = pdftext(os.path.join(warm, "flyer", "fa.pdf"))
    check("امروز" in text, "the new headline is not on the warm page: %s" % text[:300])
    same_tree(warm, cold)

@test("cache.po-kept")
def _(env):
    """Each PO file as read is kept (cache.h, kind "po") and read back without libgettextpo: the pages the
    same bytes as with the cache off; a damaged record is ignored and replaced; a rename-saved Spanish headline
    shows at once; a broken Korean file is reported with its line at every run, never kept."""
    d = env.tmp("cache-po")
    cache = os.path.join(d, "xdg")
    content = env.content_copy("cache-po-content")
    args = ("--content", content, "--layout", "flyer", "--lang", "es", "--lang", "ko", "--lang", "fa")
    off = render(env, os.path.join(d, "off"), cache, *args, extra_env={"VOLANTE_CACHE": "off"})
    check(not os.path.exists(cache), "the cache was written with it off")
    render(env, os.path.join(d, "cold"), cache, *args)
    blobs = sorted(glob.glob(os.path.join(cache, "volante", "po", "*.blob")))
    check(len(blobs) == 3, "PO records after reading es, ko, fa: %s" % blobs)
    same_tree(off, render(env, os.path.join(d, "warm"), cache, *args))
    for b in blobs:
        data = bytearray(open(b, "rb").read())
        data[len(data) // 2] ^= 0x20
        open(b, "wb").write(bytes(data))
    same_tree(off, render(env, os.path.join(d, "damaged"), cache, *args))
    check(all(open(b, "rb").read() != bytes(data) for b in blobs[-1:]), "the damaged record was not replaced")
    es = os.path.join(content, "po", "es.po")
    text = open(es, encoding="utf-8").read()
    check('msgstr "Apoyemos a nuestros vecinos inmigrantes"' in text, "es.po's headline changed")
    open(es + ".new", "w", encoding="utf-8").write(
        text.replace('msgstr "Apoyemos a nuestros vecinos inmigrantes"', 'msgstr "Apoyemos hoy a nuestros vecinos"'))
    os.rename(es + ".new", es)
    out = render(env, os.path.join(d, "saved"), cache, *args)
    page = " ".join(pdftext(os.path.join(out, "flyer", "es.pdf")).split())
    check("Apoyemos hoy a nuestros vecinos" in page, "the saved headline is not on the page: %s" % page[:200])
    ko = os.path.join(content, "po", "ko.po")
    open(ko, "a", encoding="utf-8").write('\nmsgid "unterminated\n')
    said_now = []
    for run in (1, 2):
        rc, so, se = env.run("check", "--content", content, "--layout", "flyer", "--lang", "ko",
                             env={"XDG_CACHE_HOME": cache})
        m = re.search(r"ko\.po:\d+: .*end-of-line within string", se + so)
        check(rc != 0 and m, "run %d: the broken ko.po: rc=%d %s" % (run, rc, (se + so)[-300:]))
        said_now.append(m.group(0))
    check(said_now[0] == said_now[1], "the second run said otherwise: %s" % said_now)

@test("cache.fontsort")
def _(env):
    """Pango's fallback order and first font (fontconfig's sort and match, one of each per font
    description and language) are kept in the cache's blobs (src/fonts.c): a warm run draws with
    the same fonts, the same bytes, as a run with the cache off; and what was kept for other fonts
    is not used: with the Khmer face left out of fonts.conf, a warm run still finds no font for
    Khmer and names the letter."""
    d = env.tmp("cache-fontsort")
    cache = os.path.join(d, "xdg")
    args = ["--layout", "flyer", "--lang", "km", "--lang", "ja"]
    off = render(env, os.path.join(d, "off"), cache, *args, extra_env={"VOLANTE_CACHE": "off"})
    render(env, os.path.join(d, "cold"), cache, *args)
    kept = glob.glob(os.path.join(cache, "volante", "fontsort", "*.blob"))
    check(kept, "the cold run kept no sort")
    matches = glob.glob(os.path.join(cache, "volante", "fontmatch", "*.blob"))
    check(matches, "the cold run kept no match")
    kept += matches
    check(all(os.stat(k).st_mode & 0o077 == 0 for k in kept), "a kept sort is readable by others")
    warm = render(env, os.path.join(d, "warm"), cache, *args)
    same_tree(off, warm)
    names = pdffonts(os.path.join(warm, "flyer", "km.pdf"))
    check(any("NotoSansKhmer" in n for n in names), "the Khmer flyer's fonts: %s" % names)
    fonts = os.path.join(d, "fonts")
    os.makedirs(fonts)
    conf = open(os.path.join(env.src, "fonts", "fonts.conf"), encoding="utf-8").read()
    conf = conf.replace("<rejectfont>", "<rejectfont>\n      <glob>/usr/share/fonts/truetype/noto/NotoSansKhmer-*</glob>", 1)
    open(os.path.join(fonts, "fonts.conf"), "w", encoding="utf-8").write(conf)
    rc, so, se = env.run("check", "--json", "--fonts-dir", fonts, "--lang", "km", "--layout", "flyer",
                         env={"XDG_CACHE_HOME": cache})
    missing = [p for p in json.loads(so)["problems"] if p["kind"] == "missing-glyph"]
    check(rc == 1 and missing and re.search(r"U\+17[0-9A-F]{2}", missing[0]["message"]),
          "without a Khmer face: rc %d, %s" % (rc, missing[:1] or so[:300]))

@test("cache.shapes-glyphs")
def _(env):
    """HarfBuzz's shaping (src/shapes.c) and FreeType's glyph loads (src/glyphs.c) are remembered
    within a run: the same run of text in the same font is shaped once, the same glyph at the same
    size loaded once, and what comes out is HarfBuzz's and FreeType's own. With the cache off every
    size is searched, so paragraphs are laid out again and again; in scripts that join (Arabic,
    Persian), reorder (Devanagari, Gurmukhi, Khmer) or have no spaces (Thai, Japanese), the PDFs
    and check's answer are byte for byte those of a run that shapes and loads everything afresh."""
    d = env.tmp("cache-shapes")
    args = ["--layout", "flyer", "--layout", "bilingual", "-j", "1"]
    for lang in ["ar", "fa", "hi", "pa", "km", "th", "ja", "ko"]:
        args += ["--lang", lang]
    counts = {"shapes": re.compile(r"^volante: shapes: (\d+) runs, (\d+) remembered$", re.M),
              "glyphs": re.compile(r"^volante: glyphs: (\d+) loads, (\d+) remembered$", re.M)}
    outs = {}
    for mode in ["stats", "off"]:
        e = {"XDG_CACHE_HOME": os.path.join(d, "xdg"), "VOLANTE_CACHE": "off",
             "VOLANTE_SHAPES": mode, "VOLANTE_GLYPHS": mode}
        out = os.path.join(d, mode)
        rc, so, se = env.run("render", "--out", out, "-q", *args, env=e, timeout=600)
        check(rc == 0, "render with VOLANTE_SHAPES=%s exited %d: %s" % (mode, rc, se[-400:]))
        for what, pattern in counts.items():
            m = pattern.findall(se)
            if mode == "stats":
                check(len(m) == 1, "no count of %s on stderr: %s" % (what, said(se)[-300:]))
                n, kept = int(m[0][0]), int(m[0][1])
                # Most come again (each size tried, each line broken again, each PDF's fonts), and
                # the first of each is HarfBuzz's or FreeType's.
                check(0 < n and n // 4 < kept < n, "%s: %d, %d remembered" % (what, n, kept))
            else:
                check(not m, "VOLANTE_%s=off still counted" % what.upper())
        if mode == "off":
            check(said(se) == "", "with both off, render said: %s" % said(se)[-300:])
        outs[mode] = out
        rc, so, se = env.run("check", "--json", *args[:4], *args[6:], env=e, timeout=600)
        check(rc in (0, 1), "check exited %d: %s" % (rc, se[-300:]))
        outs[mode + "-check"] = so
    same_tree(outs["stats"], outs["off"])
    check(outs["stats-check"] == outs["off-check"], "check answers differently when shaping is remembered")

@test("cache.shapes-show")
def _(env):
    """A translation may ask Pango to show its spaces as glyphs (<span show="spaces">). Pango's
    shaping then reads a flag that the shaping memory's key cannot see (src/shapes.h), so the
    memory stops for the rest of the run. Two names on one Spanish flyer, the same words in the
    same face, one shown that way and one plain: each comes out as it does with the memory off."""
    content = env.content_copy("shapes-show-content")
    po = os.path.join(content, "po", "es.po")
    text = open(po, encoding="utf-8").read()
    shown, other = 'msgstr "ICE out of LA Coalition"', 'msgid "Al Otro Lado"\nmsgstr "Al Otro Lado"'
    check(shown in text and other in text, "es.po does not have the two names untranslated")
    text = text.replace(shown, 'msgstr "<span show=\\"spaces\\">ICE out of LA Coalition</span>"', 1)
    text = text.replace(other, 'msgid "Al Otro Lado"\nmsgstr "ICE out of LA Coalition"', 1)
    open(po, "w", encoding="utf-8").write(text)
    d = env.tmp("shapes-show")
    pdfs = []
    for mode in ("on", "off"):
        out = os.path.join(d, mode)
        rc, so, se = env.run("render", "--content", content, "--layout", "flyer", "--lang", "es", "-j", "1", "-q",
                             "--out", out, env={"VOLANTE_CACHE": "off", "VOLANTE_SHAPES": mode})
        check(rc == 0, "render (%s) exited %d: %s" % (mode, rc, se[-300:]))
        pdfs.append(os.path.join(out, "flyer", "es.pdf"))
    check(open(pdfs[0], "rb").read() == open(pdfs[1], "rb").read(),
          "flyer/es.pdf differs with the shaping memory on and off")

BLOB_MAGIC = b"volante-blob 1\n"

def blob_value(path):
    data = open(path, "rb").read()
    n = struct.unpack("<Q", data[len(BLOB_MAGIC):len(BLOB_MAGIC) + 8])[0]
    return data[len(BLOB_MAGIC) + 8:len(BLOB_MAGIC) + 8 + n]

def blob_write(path, value):
    """A blob as cache.c writes one: its checksum right, whatever the value says."""
    open(path, "wb").write(BLOB_MAGIC + struct.pack("<Q", len(value)) + value + hashlib.sha256(value).digest())

def stamps(d):
    return {f: os.stat(os.path.join(d, f)).st_mtime_ns for f in files(d)}

@test("cache.pdf-kept")
def _(env):
    """A finished PDF is kept (src/pdfload.c, kind "pdf") and so is each font Cairo compresses
    (src/deflates.h, kind "zlib"): a page drawn as before is written from them, the same bytes as with
    the cache off, and a file already holding those bytes is left alone. Without SOURCE_DATE_EPOCH an
    unchanged page keeps the date it was first made; a rename-saved Persian translation makes its
    pages again, with their new text and a new date, and no other. A damaged record is ignored; one
    that names a library file that has changed since is made again."""
    d = env.tmp("cache-pdf")
    cache = os.path.join(d, "xdg")
    content = env.content_copy("cache-pdf-content")
    args = ("--content", content, "--layout", "flyer", "--layout", "bilingual",
            "--lang", "fa", "--lang", "ja", "--lang", "hi", "-j", "1")
    off = render(env, os.path.join(d, "off"), cache, *args, extra_env={"VOLANTE_CACHE": "off"})
    check(not os.path.exists(cache), "the cache was written with it off")
    out = os.path.join(d, "out")
    render(env, out, cache, *args)
    same_tree(off, out)
    pdfs = sorted(glob.glob(os.path.join(cache, "volante", "pdf", "*.blob")))
    zlibs = glob.glob(os.path.join(cache, "volante", "zlib", "*.blob"))
    check(len(pdfs) == 6 and zlibs, "kept after the first run: %d PDFs, %d streams" % (len(pdfs), len(zlibs)))
    before = stamps(out)
    counts = re.compile(r"^volante: deflates: (\d+) streams, (\d+) remembered$", re.M)
    rc, so, se = env.run("render", "--out", out, "-q", *args,
                         env={"XDG_CACHE_HOME": cache, "VOLANTE_DEFLATES": "stats"}, timeout=600)
    m = counts.findall(se)
    check(rc == 0 and m and int(m[0][1]) > 0, "the second run took no stream from the cache: %s" % se[-300:])
    same_tree(off, out)
    check(stamps(out) == before, "the second run wrote files whose bytes had not changed")
    # Damaged records: ignored, made again, the pages as before.
    for b in pdfs + zlibs:
        data = bytearray(open(b, "rb").read())
        data[len(data) // 2] ^= 0x08
        open(b, "wb").write(bytes(data))
    same_tree(off, render(env, os.path.join(d, "damaged"), cache, *args))
    # A record whose library has changed since (a Debian upgrade of libqpdf): not used, made again.
    value = blob_value(pdfs[0])
    lines = value.split(b"\n")
    check(len(lines) > 3 and lines[0].count(b"\t") == 4, "a PDF record names no library: %r" % value[:100])
    fields = lines[0].split(b"\t")
    fields[3] = str(int(fields[3]) + 1).encode()
    blob_write(pdfs[0], b"\t".join(fields) + value[len(lines[0]):])
    same_tree(off, render(env, os.path.join(d, "upgraded"), cache, *args))
    check(blob_value(pdfs[0]) == value, "the record of another libqpdf was used, not made again")
    # No SOURCE_DATE_EPOCH: Cairo dates the pages by the clock.
    now = os.path.join(d, "now")
    clock = {"XDG_CACHE_HOME": cache, "SOURCE_DATE_EPOCH": None}
    rc, so, se = env.run("render", "--out", now, "-q", *args, env=clock, timeout=600)
    check(rc == 0, "render without SOURCE_DATE_EPOCH: %d %s" % (rc, se[-300:]))
    first = stamps(now)
    dates = {f: pdfinfo(os.path.join(now, f)).get("CreationDate") for f in first}
    check(all(dates.values()), "pages without a date: %s" % dates)
    time.sleep(1.2)
    rc, so, se = env.run("render", "--out", now, "-q", *args, env=clock, timeout=600)
    check(rc == 0 and stamps(now) == first, "an unchanged page was written again a second later")
    fa = os.path.join(content, "po", "fa.po")
    text = open(fa, encoding="utf-8").read()
    m = re.search(r'^msgstr "(.{8,})"$', text, re.M)
    check(m, "fa.po has no one-line translation")
    changed = m.group(1) + " ۱۴۰۵"
    open(fa + ".new", "w", encoding="utf-8").write(text[:m.start(1)] + changed + text[m.end(1):])
    os.rename(fa + ".new", fa)
    rc, so, se = env.run("render", "--out", now, "-q", *args, env=clock, timeout=600)
    check(rc == 0, "render after the Persian save: %d %s" % (rc, se[-300:]))
    after = stamps(now)
    moved = sorted(f for f in after if after[f] != first[f])
    check(moved == ["bilingual/fa+en.pdf", "flyer/fa.pdf"], "pages written after the Persian save: %s" % moved)
    for f in moved:
        check("۱۴۰۵" in pdftext(os.path.join(now, f)), "%s does not show the saved translation" % f)
        check(pdfinfo(os.path.join(now, f)).get("CreationDate") != dates[f], "%s kept its old date" % f)
