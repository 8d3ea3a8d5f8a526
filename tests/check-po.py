#!/usr/bin/env python3
"""check-po.py SOURCE_ROOT — the translations are complete and well formed.

Builds the template from po/POTFILES.in with xgettext (the arguments of meson's
'glib' preset, which po/meson.build uses) and checks that it holds the app's
messages and compiles. Then, for every po/*.po: it is in po/LINGUAS (and every
LINGUAS entry has its file), and once merged with the fresh template,
`msgfmt --check --check-accelerators=_ --statistics` passes with no fuzzy and
no untranslated message — so a string added to the code without its
translations fails here.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

XGETTEXT_ARGS = [
    "--from-code=UTF-8", "--add-comments",
    "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
    "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3", "--keyword=g_dpgettext2:2c,3",
    "--flag=N_:1:pass-c-format", "--flag=C_:2:pass-c-format", "--flag=NC_:2:pass-c-format",
    "--flag=g_dngettext:2:pass-c-format", "--flag=g_strdup_printf:1:c-format",
    "--flag=g_string_printf:2:c-format", "--flag=g_string_append_printf:2:c-format",
    "--flag=g_error_new:3:c-format", "--flag=g_set_error:4:c-format",
    "--flag=g_markup_printf_escaped:1:c-format", "--flag=g_log:3:c-format",
    "--flag=g_print:1:c-format", "--flag=g_printerr:1:c-format", "--flag=g_printf:1:c-format",
    "--flag=g_fprintf:2:c-format", "--flag=g_sprintf:2:c-format", "--flag=g_snprintf:3:c-format",
]

checks = []


def check(ok, what, detail=""):
    checks.append((bool(ok), what, detail))


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def stats(text):
    """(translated, fuzzy, untranslated) from msgfmt --statistics"""
    def num(word):
        m = re.search(r"(\d+) " + word, text)
        return int(m.group(1)) if m else 0
    return num("translated"), num("fuzzy"), num("untranslated")


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("FACTMARK_SOURCE_ROOT", ".")
    po_dir = os.path.join(root, "po")
    tmp = tempfile.mkdtemp(prefix="factmark-po-")
    pot = os.path.join(tmp, "factmark.pot")

    r = run(["xgettext", "--directory=" + root, "--files-from=" + os.path.join(po_dir, "POTFILES.in"),
             "--package-name=factmark", "-o", pot] + XGETTEXT_ARGS)
    # A warning means a message that cannot be translated as written (a
    # format macro cut into it, say)
    check(r.returncode == 0 and "warning" not in r.stderr,
          "xgettext builds the template without warnings", r.stderr)
    n_messages = 0
    if os.path.exists(pot):
        with open(pot, encoding="utf-8") as f:
            n_messages = sum(1 for line in f if line.startswith("msgid ")) - 1
    check(n_messages >= 500, f"the template holds the app's messages ({n_messages})")

    # The template compiles as a catalogue
    probe = os.path.join(tmp, "probe.po")
    r = run(["msginit", "--no-translator", "--locale=de", "-i", pot, "-o", probe])
    check(r.returncode == 0, "msginit makes a catalogue of the template", r.stderr)
    r = run(["msgfmt", "--check", "--statistics", "-o", os.devnull, probe])
    check(r.returncode == 0, "msgfmt --check accepts the template", r.stderr)

    with open(os.path.join(po_dir, "LINGUAS"), encoding="utf-8") as f:
        linguas = [w for line in f if not line.lstrip().startswith("#") for w in line.split()]
    files = sorted(n[:-3] for n in os.listdir(po_dir) if n.endswith(".po"))
    for lang in linguas:
        check(lang in files, f"po/LINGUAS: {lang} has po/{lang}.po")
    for lang in files:
        po = os.path.join(po_dir, lang + ".po")
        check(lang in linguas, f"po/{lang}.po is in po/LINGUAS")
        r = run(["msgfmt", "--check", "--check-accelerators=_", "--statistics", "-o", os.devnull, po])
        check(r.returncode == 0, f"po/{lang}.po: msgfmt --check", r.stderr)
        t, fz, u = stats(r.stderr)
        check(fz == 0 and u == 0, f"po/{lang}.po: no fuzzy or untranslated entry", r.stderr.strip())
        merged = os.path.join(tmp, lang + ".po")
        r = run(["msgmerge", "--quiet", "--no-fuzzy-matching", "-o", merged, po, pot])
        check(r.returncode == 0, f"po/{lang}.po merges with the template", r.stderr)
        r = run(["msgfmt", "--check", "--statistics", "-o", os.devnull, merged])
        t, fz, u = stats(r.stderr)
        check(r.returncode == 0 and fz == 0 and u == 0,
              f"po/{lang}.po translates every message of the code ({t} of {t + fz + u})",
              r.stderr.strip())

    shutil.rmtree(tmp, ignore_errors=True)
    print(f"1..{len(checks)}")
    failed = 0
    for i, (ok, what, detail) in enumerate(checks, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {what}")
        if not ok and detail:
            for line in detail.strip().splitlines()[:20]:
                print("#   " + line)
        failed += not ok
    if not files:
        print("# no translations yet: checked that the template builds")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
