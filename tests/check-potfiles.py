#!/usr/bin/env python3
"""check-potfiles.py SOURCE_ROOT — po/POTFILES.in lists exactly the files with
translatable strings.

Fails (TAP "not ok") when a file under src/, ui/ or data/ marks strings for
translation but is not in po/POTFILES.in, when POTFILES.in names a file that
does not exist, or names one twice. A file listed without strings is allowed
(xgettext skips it) but reported as a note.
"""
import os
import re
import sys

# What marks a string for translation, per kind of file
C_MARKS = re.compile(r'(?<![A-Za-z0-9_])(_|N_|C_|NC_|Q_|ngettext|g_dngettext|g_dpgettext2|'
                     r'g_dgettext|gettext|dgettext|ngettext)\s*\(\s*"')
UI_MARKS = re.compile(r'translatable\s*=\s*"(yes|true|1)"')
SCHEMA_MARKS = re.compile(r'gettext-domain\s*=')


def has_strings(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if path.endswith((".c", ".h")):
        # Comments cannot hold marks that count
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
        return bool(C_MARKS.search(text))
    if path.endswith(".ui"):
        return bool(UI_MARKS.search(text))
    if path.endswith(".gschema.xml"):
        return bool(SCHEMA_MARKS.search(text))
    if path.endswith((".desktop.in", ".metainfo.xml.in")):
        return True
    return False


def candidates(root):
    for top in ("src", "ui", "data"):
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames[:] = sorted(d for d in dirnames if d not in ("samples", "screenshots", "icons"))
            for name in sorted(filenames):
                if name.endswith((".c", ".h", ".ui", ".gschema.xml", ".desktop.in",
                                  ".metainfo.xml.in")):
                    yield os.path.relpath(os.path.join(dirpath, name), root)


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("FACTMARK_SOURCE_ROOT", ".")
    listed = []
    with open(os.path.join(root, "po", "POTFILES.in"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                listed.append(line)

    checks = []
    seen = set()
    for path in listed:
        if path in seen:
            checks.append((False, f"{path} is listed twice in po/POTFILES.in"))
        seen.add(path)
        exists = os.path.isfile(os.path.join(root, path))
        checks.append((exists, f"po/POTFILES.in: {path} exists"))

    notes = []
    found = 0
    for path in candidates(root):
        if has_strings(os.path.join(root, path)):
            found += 1
            checks.append((path in seen, f"{path} has translatable strings and is in po/POTFILES.in"))
        elif path in seen:
            notes.append(f"{path} is listed but marks no strings")

    # The check itself must have found the files it is about
    checks.append((found >= 20, f"found {found} files with translatable strings"))

    print(f"1..{len(checks)}")
    failed = 0
    for i, (ok, what) in enumerate(checks, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {what}")
        failed += not ok
    for note in notes:
        print(f"# {note}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
