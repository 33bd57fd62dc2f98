"""volante tests: `volante langs` answered again from its last clean answer while nothing it read has changed
(src/answer.h), by the program alone, without opening volante-cli.so; and any change of the content seen."""
import glob
import shutil
from vtest import *

def answers(cache):
    return sorted(glob.glob(os.path.join(cache, "volante", "answers", "*")))

def langs(env, content, cache, *args, extra_env=None):
    """(rc, stdout, stderr, whether volante-cli.so was opened): glibc's loader says which files it opens."""
    e = {"XDG_CACHE_HOME": cache, "LD_DEBUG": "files"}
    e.update(extra_env or {})
    rc, out, err = env.run("langs", "--content", content, *args, env=e)
    opened = "volante-cli.so" in err
    return rc, out, said("\n".join(l for l in err.splitlines() if not re.match(r"^\s*\d+:", l))), opened

def rows(out):
    return {r["code"]: r for r in json.loads(out)}

def rename_save(path, text):
    """As gedit saves: a new file beside, renamed over the old one."""
    tmp = path + ".new"
    open(tmp, "w", encoding="utf-8").write(text)
    os.rename(tmp, path)

@test("answer.replayed")
def _(env):
    """The second langs prints the same bytes without opening the module; the first one opened it and left
    one record."""
    content, cache = env.content_copy("ans-replay"), env.tmp("ans-replay-cache")
    rc, first, err, opened = langs(env, content, cache)
    check(rc == 0 and err == "" and opened, "first langs: rc=%d opened=%s %s" % (rc, opened, err[-300:]))
    check(len(answers(cache)) == 1, "records after the first langs: %s" % answers(cache))
    check(re.search(r"^fa\s+فارسی\s+rtl\s+100%\s+0%\s+\d+\s+draft$", first, re.M), "the Persian row: %s" % first)
    rc, again, err, opened = langs(env, content, cache)
    check(rc == 0 and err == "" and not opened, "second langs: rc=%d opened=%s %s" % (rc, opened, err[-300:]))
    check(again == first, "the answer from the record differs:\n%s\n---\n%s" % (again, first))
    rc, js, err, opened = langs(env, content, cache, "--json")
    check(rc == 0 and opened and rows(js)["fa"]["drafts"] > 0, "--json is another answer: rc=%d opened=%s" % (rc, opened))

@test("answer.po-changed")
def _(env):
    """A translator reviews a Persian entry and rename-saves fa.po; a new PO (Portuguese) appears and goes:
    each time langs says what the files say now, the same as with answers off."""
    content, cache = env.content_copy("ans-po"), env.tmp("ans-po-cache")
    fa = os.path.join(content, "po", "fa.po")
    rc, before, _, _ = langs(env, content, cache, "--json")
    check(rc == 0, "langs: rc=%d" % rc)
    text = open(fa, encoding="utf-8").read()
    check("#, fuzzy\n" in text, "fa.po has no draft to review")
    rename_save(fa, text.replace("#, fuzzy\n", "", 1))
    rc, after, err, opened = langs(env, content, cache, "--json")
    check(rc == 0 and opened, "after the save: rc=%d opened=%s %s" % (rc, opened, err[-300:]))
    check(rows(after)["fa"]["drafts"] == rows(before)["fa"]["drafts"] - 1,
          "drafts of fa: %d then %d" % (rows(before)["fa"]["drafts"], rows(after)["fa"]["drafts"]))
    off = langs(env, content, cache, "--json", extra_env={"VOLANTE_CACHE": "off"})[1]
    check(after == off, "with answers off langs says otherwise")
    check(langs(env, content, cache, "--json")[1] == after, "the record of the new answer")
    shutil.copy(os.path.join(content, "po", "es.po"), os.path.join(content, "po", "pt.po"))
    rc, out, err, opened = langs(env, content, cache, "--json")
    check(rc == 0 and "pt" in rows(out), "a new pt.po is not listed: %s %s" % (list(rows(out)), err[-300:]))
    os.unlink(os.path.join(content, "po", "pt.po"))
    rc, out, _, _ = langs(env, content, cache, "--json")
    check(rc == 0 and "pt" not in rows(out) and out == after, "pt.po removed, yet: %s" % list(rows(out)))
    ini = os.path.join(content, "volante.ini")
    rename_save(ini, open(ini, encoding="utf-8").read() + "\n[fact.extra]\ntext=One more fact to translate.\n")
    rc, out, err, opened = langs(env, content, cache, "--json")
    check(rc == 0 and opened and rows(out)["fa"]["translated"] < 100,
          "a new source text leaves fa at %s%% (rc=%d %s)" % (rows(out)["fa"]["translated"], rc, err[-300:]))

@test("answer.broken-not-kept")
def _(env):
    """A broken PO: the error (file:line) and exit 1 every time, and no record of that answer."""
    content, cache = env.content_copy("ans-broken"), env.tmp("ans-broken-cache")
    ko = os.path.join(content, "po", "ko.po")
    rename_save(ko, open(ko, encoding="utf-8").read() + '\nmsgid "unterminated\n')
    for i in range(2):
        rc, out, err, opened = langs(env, content, cache)
        check(rc == 1 and "ko.po:" in err and opened, "run %d: rc=%d opened=%s %r" % (i + 1, rc, opened, err[-300:]))
        check(re.search(r"^ko\s.*broken$", out, re.M), "run %d: the Korean row: %s" % (i + 1, out))
    check(answers(cache) == [], "a broken answer was kept: %s" % answers(cache))

@test("answer.off-and-damaged")
def _(env):
    """VOLANTE_CACHE=off writes no record; a damaged record is a miss, answered in full and replaced."""
    content, cache = env.content_copy("ans-off"), env.tmp("ans-off-cache")
    rc, good, _, _ = langs(env, content, cache, extra_env={"VOLANTE_CACHE": "off"})
    check(rc == 0 and answers(cache) == [], "answers off, yet: %s" % answers(cache))
    langs(env, content, cache)
    rec = answers(cache)
    check(len(rec) == 1, "records: %s" % rec)
    data = open(rec[0], "rb").read()
    for damaged in (data[: len(data) // 2], data.replace(b"\nf ", b"\nf 0", 1), data[:-1] + b"X\n", b""):
        open(rec[0], "wb").write(damaged)
        rc, out, err, opened = langs(env, content, cache)
        check(rc == 0 and out == good and opened, "a damaged record: rc=%d opened=%s %s" % (rc, opened, err[-200:]))
        rc, out, err, opened = langs(env, content, cache)
        check(rc == 0 and out == good and not opened, "the damaged record was not replaced: opened=%s" % opened)

@test("answer.unwritable")
def _(env):
    """A cache folder langs cannot make (a file stands where it would go, as a full or locked-down disk
    refuses it; chmod would not stop root): the answer is the same, exit 0, nothing on stderr, at every run."""
    content, cache = env.content_copy("ans-ro"), env.tmp("ans-ro-cache")
    rc, good, _, _ = langs(env, content, cache, extra_env={"VOLANTE_CACHE": "off"})
    open(os.path.join(cache, "volante"), "w").write("not a folder")
    for run in (1, 2):
        rc, out, err, opened = langs(env, content, cache)
        check(rc == 0 and err == "" and out == good and opened,
              "run %d with no cache folder: rc=%d opened=%s %s" % (run, rc, opened, err[-300:]))
    check(open(os.path.join(cache, "volante")).read() == "not a folder", "the file in the folder's place changed")
