#!/usr/bin/env python3
"""check-install.py — `meson install --destdir` puts everything where the
desktop looks for it, and the installed factmark runs from there.

Installs the build into a temporary folder, checks each file's place, runs
desktop-file-validate, `appstreamcli validate --no-net` and
`glib-compile-schemas --strict` on what was installed, then runs the
installed binary: --version, --help (in each language of po/LINGUAS, from
the installed catalogues), an --import of the installed sample with the
installed schema, and — with a display — the window, which must start and
quit cleanly on SIGTERM.

Environment: FACTMARK_SOURCE_ROOT, FACTMARK_BUILD_ROOT.
"""
import glob
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

checks = []


def check(ok, what, detail=""):
    checks.append((bool(ok), what, detail))
    return ok


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, timeout=120, **kw)


def main():
    root = os.environ["FACTMARK_SOURCE_ROOT"]
    build = os.environ["FACTMARK_BUILD_ROOT"]
    tmp = tempfile.mkdtemp(prefix="factmark-install-")
    dest = os.path.join(tmp, "dest")
    try:
        r = run(["meson", "install", "-C", build, "--destdir", dest, "--no-rebuild", "--quiet"])
        check(r.returncode == 0, "meson install --destdir", r.stdout + r.stderr)
        binaries = glob.glob(os.path.join(dest, "**", "bin", "factmark"), recursive=True)
        if not check(len(binaries) == 1, "one factmark binary is installed", str(binaries)):
            return finish()
        prefix = os.path.dirname(os.path.dirname(binaries[0]))
        share = os.path.join(prefix, "share")

        expected = [
            "applications/org.factmark.Factmark.desktop",
            "metainfo/org.factmark.Factmark.metainfo.xml",
            "glib-2.0/schemas/org.factmark.Factmark.gschema.xml",
            "icons/hicolor/scalable/apps/org.factmark.Factmark.svg",
            "icons/hicolor/symbolic/apps/org.factmark.Factmark-symbolic.svg",
            "man/man1/factmark.1",
            "factmark/samples/harbour-bridge-tolls.txt",
        ]
        with open(os.path.join(root, "po", "LINGUAS"), encoding="utf-8") as f:
            linguas = [w for line in f if not line.lstrip().startswith("#") for w in line.split()]
        expected += [f"locale/{lang}/LC_MESSAGES/factmark.mo" for lang in linguas]
        for path in expected:
            check(os.path.isfile(os.path.join(share, path)), f"installed: share/{path}")
        check(os.access(binaries[0], os.X_OK), "the binary is executable")

        desktop = os.path.join(share, "applications", "org.factmark.Factmark.desktop")
        if shutil.which("desktop-file-validate"):
            r = run(["desktop-file-validate", desktop])
            check(r.returncode == 0 and not r.stdout.strip(), "the installed .desktop file validates",
                  r.stdout + r.stderr)
        with open(desktop, encoding="utf-8") as f:
            entry = f.read()
        for mime in ("text/html", "text/plain", "x-scheme-handler/https"):
            check(mime in entry, f"the .desktop file opens {mime}")
        check("Exec=factmark %U" in entry, "the .desktop file passes files and addresses (%U)")
        if shutil.which("appstreamcli"):
            r = run(["appstreamcli", "validate", "--no-net",
                     os.path.join(share, "metainfo", "org.factmark.Factmark.metainfo.xml")])
            check(r.returncode == 0, "the installed metainfo validates", r.stdout + r.stderr)
        schemas = os.path.join(share, "glib-2.0", "schemas")
        compiled = os.path.join(tmp, "schemas")
        os.makedirs(compiled)
        r = run(["glib-compile-schemas", "--strict", "--targetdir", compiled, schemas])
        check(r.returncode == 0, "the installed schema compiles (--strict)", r.stderr)

        env = dict(os.environ, LC_ALL="C.UTF-8", GSETTINGS_SCHEMA_DIR=compiled,
                   GSETTINGS_BACKEND="memory", XDG_DATA_HOME=os.path.join(tmp, "data"))
        env.pop("FACTMARK_LOCALEDIR", None)
        env.pop("LANGUAGE", None)
        r = run([binaries[0], "--version"], env=env)
        check(r.returncode == 0 and r.stdout.startswith("factmark "), "the installed factmark --version",
              r.stdout + r.stderr)
        english = run([binaries[0], "--help"], env=env)
        check(english.returncode == 0 and "--export-report" in english.stdout,
              "the installed factmark --help")
        for lang in linguas:
            # The binary looks in its configured prefix; installed into a
            # temporary folder it is pointed at it
            r = run([binaries[0], "--help"],
                    env=dict(env, LANGUAGE=lang, FACTMARK_LOCALEDIR=os.path.join(share, "locale")))
            check(r.returncode == 0 and r.stdout != english.stdout,
                  f"the installed factmark speaks {lang} from the installed catalogue")

        ws = os.path.join(tmp, "workspace.db")
        sample = os.path.join(share, "factmark", "samples", "harbour-bridge-tolls.txt")
        r = run([binaries[0], "--workspace", ws, "--import", sample], env=env)
        check(r.returncode == 0 and "\tHarbour Bridge tolls cut traffic by a third" in r.stdout,
              "the installed factmark imports the installed sample", r.stdout + r.stderr)

        if os.environ.get("DISPLAY"):
            # (GLib's first quark block, which it leaves behind by design, is
            # suppressed for the sanitized app by build-aux/lsan.supp)
            wenv = dict(env, GSK_RENDERER="cairo", GDK_BACKEND="x11", NO_AT_BRIDGE="1")
            proc = subprocess.Popen([binaries[0], "--workspace", ws], env=wenv,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            # Its window on the screen (a sanitized build takes a while)
            shown = False
            deadline = time.time() + 60
            while time.time() < deadline and proc.poll() is None and not shown:
                if shutil.which("xdotool"):
                    shown = run(["xdotool", "search", "--onlyvisible", "--pid",
                                 str(proc.pid)]).stdout.strip() != ""
                else:
                    time.sleep(5)
                    shown = True
                time.sleep(0.3)
            time.sleep(1)
            alive = proc.poll() is None
            proc.send_signal(signal.SIGTERM)
            try:
                out, err = proc.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                out, err = proc.communicate()
            check(shown and alive and proc.returncode == 0 and "CRITICAL" not in err
                  and "WARNING" not in err,
                  "the installed factmark opens its window and quits on SIGTERM",
                  f"window shown: {shown}, running: {alive}, exit status {proc.returncode}\n{err}")
        else:
            print("# no display: the installed window is not started")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return finish()


def finish():
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
