#!/usr/bin/env python3
"""check-docs.py — README.md, Help (F1), the shortcuts window and the code
say the same.

- Every heading and paragraph of the in-app tour (ui/fm-help-window.ui) is
  in README.md, word for word.
- Every shortcut of the shortcuts window (ui/gtk/help-overlay.ui) is a row
  of README.md's table, "| Ctrl+Shift+E | Export the article |".
- Every key the code binds (gtk_widget_class_add_binding_action, and the
  accelerators of fm-application.c) is in the shortcuts window.
- Every option of `factmark --help` is in README.md's command line section.
- The pictures README.md shows exist.

Environment: FACTMARK_SOURCE_ROOT, FACTMARK (the binary).
"""
import glob
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

checks = []

NAMES = {"comma": ",", "question": "?", "plus": "+", "minus": "-", "equal": "=",
         "Return": "Return", "Escape": "Escape", "Delete": "Delete", "Down": "Down", "Up": "Up"}
MODS = {"Control": "Ctrl", "Primary": "Ctrl", "Shift": "Shift", "Alt": "Alt"}


def check(ok, what, detail=""):
    checks.append((bool(ok), what, detail))


def render(accel):
    """"<Control><Shift>e" as README.md writes it: "Ctrl+Shift+E" """
    if accel.strip() == "1...8":
        return "1 … 8"
    mods = re.findall(r"<(\w+)>", accel)
    key = re.sub(r"<\w+>", "", accel)
    key = NAMES.get(key, key.upper() if len(key) == 1 else key)
    return "+".join([MODS[m] for m in mods] + [key])


def flat(text):
    return re.sub(r"\s+", " ", text).strip()


def main():
    root = os.environ["FACTMARK_SOURCE_ROOT"]
    readme = open(os.path.join(root, "README.md"), encoding="utf-8").read()
    flat_readme = flat(readme)

    # The tour
    help_ui = ET.parse(os.path.join(root, "ui", "fm-help-window.ui"))
    texts = [p.text for p in help_ui.iter("property")
             if p.get("name") == "label" and p.get("context") == "help"]
    check(len(texts) >= 8, f"the in-app tour has its text ({len(texts)} parts)")
    for t in texts:
        check(flat(t) in flat_readme, f"README.md has the tour's “{t[:50]}…”")

    # The shortcuts window against README.md
    overlay = ET.parse(os.path.join(root, "ui", "gtk", "help-overlay.ui"))
    in_overlay = set()
    for sc in overlay.iter("object"):
        if sc.get("class") != "GtkShortcutsShortcut":
            continue
        props = {p.get("name"): p.text for p in sc.findall("property")}
        key = render(props["accelerator"])
        in_overlay.add(key)
        row = f"| {key.replace('|', chr(92) + '|')} | {props['title']} |"
        check(row in readme, f"README.md lists {key}: {props['title']}", row)

    # The code against the shortcuts window
    bound = set()
    for path in glob.glob(os.path.join(root, "src", "*.c")):
        code = open(path, encoding="utf-8").read()
        for key, mods, action in re.findall(
                r'add_binding_action \(widget_class, GDK_KEY_(\w+),\s*([^,]+),\s*"([^"]+)"', code):
            # Keypad twins and the second key for zooming in are alternatives
            if key.startswith("KP_") or key == "equal" or (key == "Escape" and action == "window.close"):
                continue
            accel = ""
            if "CONTROL" in mods:
                accel += "<Control>"
            if "SHIFT" in mods:
                accel += "<Shift>"
            if "ALT" in mods:
                accel += "<Alt>"
            bound.add((render(accel + key), action, os.path.basename(path)))
    app = open(os.path.join(root, "src", "fm-application.c"), encoding="utf-8").read()
    for action, accel in re.findall(r'\{ "((?:app|win)\.[a-z-]+)", \{ "([^"]+)"', app):
        bound.add((render(accel), action, "fm-application.c"))
    check(len(bound) >= 20, f"found the keys the code binds ({len(bound)})")
    for key, action, where in sorted(bound):
        check(key in in_overlay, f"{key} ({action}, {where}) is in the shortcuts window")

    # The command line
    env = dict(os.environ, LC_ALL="C.UTF-8")
    env.pop("LANGUAGE", None)
    helped = subprocess.run([os.environ["FACTMARK"], "--help"], capture_output=True, text=True,
                            env=env, timeout=60)
    m = re.search(r"^## The command line\n(.*?)^## ", readme, re.S | re.M)
    section = m.group(1) if m else ""
    options = set()
    for line in helped.stdout.splitlines():
        mm = re.match(r"\s+(?:-\w, )?(--[a-z][a-z-]*)", line)
        if mm and mm.group(1) not in ("--help", "--help-all"):
            options.add(mm.group(1))
    check(len(options) >= 20, f"factmark --help lists its options ({len(options)})")
    for option in sorted(options):
        check(option in section, f"README.md's command line has {option}")

    # Pictures
    for image in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", readme):
        check(os.path.isfile(os.path.join(root, image)), f"README.md's picture {image} exists")

    print(f"1..{len(checks)}")
    failed = 0
    for i, (ok, what, detail) in enumerate(checks, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {what}")
        if not ok and detail:
            print("#   " + str(detail)[:300])
        failed += not ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
