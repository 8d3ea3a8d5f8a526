#!/usr/bin/env python3
"""check-l10n.py — factmark speaks the user's language, from the build
directory and once installed.

With FACTMARK_LOCALEDIR (what build-aux/dev and `meson devenv` set) factmark
reads its translations from that folder: a few German messages compiled from
tests/fixtures/l10n/de.po show `LANGUAGE=de factmark --help`, an error
message and a report's lang attribute and dates (month names included,
with LC_ALL=C.UTF-8) in German. Every language of
po/LINGUAS is then checked from the build's own po/ folder (BUILD_PO_DIR):
its --help differs from the English one.

Environment: FACTMARK (the binary), FACTMARK_SOURCE_ROOT, BUILD_PO_DIR.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

checks = []


def check(ok, what, detail=""):
    checks.append((bool(ok), what, detail))


def factmark(args, lang=None, localedir=None, workspace=None):
    env = dict(os.environ)
    env["LC_ALL"] = "C.UTF-8"
    env.pop("LANGUAGE", None)
    env.pop("FACTMARK_LOCALEDIR", None)
    if lang:
        env["LANGUAGE"] = lang
    if localedir:
        env["FACTMARK_LOCALEDIR"] = localedir
    cmd = [os.environ["FACTMARK"]]
    if workspace:
        cmd += ["--workspace", workspace]
    return subprocess.run(cmd + args, capture_output=True, text=True, env=env, timeout=60)


def main():
    root = os.environ["FACTMARK_SOURCE_ROOT"]
    tmp = tempfile.mkdtemp(prefix="factmark-l10n-")
    try:
        locale = os.path.join(tmp, "locale")
        os.makedirs(os.path.join(locale, "de", "LC_MESSAGES"))
        r = subprocess.run(["msgfmt", "--check", "-o",
                            os.path.join(locale, "de", "LC_MESSAGES", "factmark.mo"),
                            os.path.join(root, "tests", "fixtures", "l10n", "de.po")],
                           capture_output=True, text=True)
        check(r.returncode == 0, "the test catalogue compiles", r.stderr)

        english = factmark(["--help"])
        check(english.returncode == 0 and "Print the version and exit" in english.stdout,
              "factmark --help in English", english.stdout + english.stderr)

        german = factmark(["--help"], lang="de", localedir=locale)
        check(german.returncode == 0 and "Die Version ausgeben und beenden" in german.stdout
              and "JSON statt Text ausgeben" in german.stdout,
              "LANGUAGE=de factmark --help reads FACTMARK_LOCALEDIR", german.stdout + german.stderr)
        # What has no translation stays English, never empty
        check("Print the history of a claim" in german.stdout,
              "messages without a translation stay in English")

        err = factmark(["--import"], lang="de", localedir=locale)
        check(err.returncode == 2 and
              "factmark: --import braucht mindestens eine Datei oder Adresse" in err.stderr,
              "errors on the command line are translated", err.stderr)

        # Without FACTMARK_LOCALEDIR the binary looks only where it is installed
        plain = factmark(["--help"], lang="de")
        check("Die Version ausgeben" not in plain.stdout,
              "without FACTMARK_LOCALEDIR the build's own prefix is used")

        # The report is written in the app's language and says so
        ws = os.path.join(tmp, "ws.db")
        sample = os.path.join(root, "data", "samples", "harbour-bridge-tolls.txt")
        imp = factmark(["--import", sample], workspace=ws)
        check(imp.returncode == 0, "import the sample", imp.stderr)
        article = imp.stdout.split("\t")[0]
        for lang, want in (("de", "de"), (None, "en")):
            out = os.path.join(tmp, f"report-{want}.html")
            rep = factmark(["--export-report", article, "--output", out], lang=lang,
                           localedir=locale, workspace=ws)
            html = open(out, encoding="utf-8").read() if os.path.exists(out) else ""
            m = re.search(r"<html[^>]*\blang=\"([^\"]+)\"", html)
            check(rep.returncode == 0 and m and m.group(1) == want,
                  f"a report written with LANGUAGE={lang or '(unset)'} has lang=\"{want}\"",
                  rep.stderr + (m.group(0) if m else html[:200]))
            # Dates in the way of the language: the German catalogue writes "26. November 2026"
            dated = re.search(r"\b\d{1,2}\. \w+ 20\d\d\b", html) is not None
            check(dated == (want == "de"),
                  f"the report's dates follow LANGUAGE={lang or '(unset)'}",
                  "\n".join(re.findall(r"[^<>]{0,30}20\d\d[^<>]{0,10}", html)[:5]))
            # The month's name too, from the catalogue and not from LC_TIME
            # (C here): the sample was published on 12 March 2026
            month = "12. März 2026" if want == "de" else "12 March 2026"
            check(month in html and (want != "de" or "12. March" not in html),
                  f"the report's month names follow LANGUAGE={lang or '(unset)'} ({month})",
                  "\n".join(re.findall(r"[^<>]{0,30}20\d\d[^<>]{0,10}", html)[:5]))

        # The real translations, from the build directory
        po_dir = os.environ.get("BUILD_PO_DIR", "")
        with open(os.path.join(root, "po", "LINGUAS"), encoding="utf-8") as f:
            linguas = [w for line in f if not line.lstrip().startswith("#") for w in line.split()]
        for lang in linguas:
            mo = os.path.join(po_dir, lang, "LC_MESSAGES", "factmark.mo")
            check(os.path.isfile(mo), f"the build compiled {lang}: {mo}")
            out = factmark(["--help"], lang=lang, localedir=po_dir)
            check(out.returncode == 0 and out.stdout != english.stdout,
                  f"LANGUAGE={lang} factmark --help is translated in the build directory")
        if not linguas:
            print("# po/LINGUAS lists no language yet")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"1..{len(checks)}")
    failed = 0
    for i, (ok, what, detail) in enumerate(checks, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {what}")
        if not ok and detail:
            for line in str(detail).strip().splitlines()[:20]:
                print("#   " + line)
        failed += not ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
