#!/usr/bin/env python3
"""check-manpage.py — data/factmark.1 documents exactly the options of
`factmark --help`, and groff reads it without a warning.

Environment: FACTMARK (the binary), FACTMARK_SOURCE_ROOT.
"""
import os
import re
import shutil
import subprocess
import sys

checks = []


def check(ok, what, detail=""):
    checks.append((bool(ok), what, detail))


def main():
    root = os.environ["FACTMARK_SOURCE_ROOT"]
    env = dict(os.environ, LC_ALL="C.UTF-8")
    env.pop("LANGUAGE", None)
    helped = subprocess.run([os.environ["FACTMARK"], "--help"], capture_output=True, text=True,
                            env=env, timeout=60)
    check(helped.returncode == 0, "factmark --help", helped.stderr)
    in_help = set()
    for line in helped.stdout.splitlines():
        m = re.match(r"\s+((?:-\w, )?--[a-z][a-z-]*)", line)
        if m:
            in_help.update(re.findall(r"--[a-z][a-z-]*", m.group(1)))

    with open(os.path.join(root, "data", "factmark.1"), encoding="utf-8") as f:
        lines = f.read().splitlines()
    in_man = set()
    for prev, line in zip(lines, lines[1:]):
        if prev.strip() == ".TP":
            plain = re.sub(r"\\f[BIRP]", "", line).replace("\\-", "-")
            in_man.update(o for o in re.findall(r"--[a-z][a-z-]*", plain))

    check(len(in_help) >= 20, f"--help lists the options ({len(in_help)})")
    for option in sorted(in_help):
        check(option in in_man, f"{option} (in --help) is described in factmark.1")
    for option in sorted(in_man - in_help):
        check(False, f"{option} (in factmark.1) is an option of factmark --help")

    groff = shutil.which("groff")
    if groff:
        r = subprocess.run([groff, "-man", "-ww", "-z", "-Tutf8",
                            os.path.join(root, "data", "factmark.1")],
                           capture_output=True, text=True)
        check(r.returncode == 0 and r.stderr.strip() == "", "groff reads factmark.1 without warnings",
              r.stderr)
    else:
        print("# groff is not installed: the man page's syntax is not checked")

    print(f"1..{len(checks)}")
    failed = 0
    for i, (ok, what, detail) in enumerate(checks, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {what}")
        if not ok and detail:
            for l in str(detail).strip().splitlines()[:20]:
                print("#   " + l)
        failed += not ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
