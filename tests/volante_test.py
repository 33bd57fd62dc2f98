#!/usr/bin/env python3
"""volante's test suite: runs the real binary and inspects what it writes.

Each test is a function registered with @test in one of tests/t_AREA.py; ctest runs one per process:
    volante_test.py VOLANTE SOURCE_DIR WORK_DIR TEST_NAME
`volante_test.py --list` prints the names (CMake registers each one). The helpers tests share are in
vtest.py.
"""
import glob, importlib, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vtest import TESTS, Env, Fail, Skip

for path in sorted(glob.glob(os.path.join(os.path.dirname(os.path.abspath(__file__)), "t_*.py"))):
    importlib.import_module(os.path.splitext(os.path.basename(path))[0])

def main():
    if sys.argv[1:] == ["--list"]:
        for name, (fn, fix) in TESTS.items():
            print("%s %s" % (name, fix or "-"))
        return 0
    vol, src, work, name = sys.argv[1:5]
    os.makedirs(work, exist_ok=True)
    fn, _ = TESTS[name]
    try:
        fn(Env(vol, src, work))
    except Fail as f:
        print("FAIL %s: %s" % (name, f))
        return 1
    except Skip as s:
        print("skip %s: %s" % (name, s))
        return 77
    print("ok %s" % name)
    return 0

if __name__ == "__main__":
    sys.exit(main())
