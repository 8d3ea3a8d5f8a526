#!/usr/bin/python3
"""test-a11y.py — Factmark through the accessibility tree, as a screen
reader user works it: AT-SPI (pyatspi) and the keyboard only.

It makes a workspace with the sample article and a second version of it
with the command line, starts the real `factmark` on it, then, finding every
control by its accessible role and name:
  - checks that every control a person can reach (buttons, toggles, entries,
    text, combo boxes, switches, spin buttons, check boxes, rows of a list
    box) has an accessible name of its own (GTK 4.8 falls back to the class
    name, "GtkImage", "GtkMenuButton"…, which is no name), in the window, the
    claim editor and the source dialog, and again once the claim has a source
    (each source row has its own buttons);
  - selects a sentence of the article through the Text interface, makes it a
    claim with Ctrl+E, types its summary, sets its verdict with a number key,
    opens the source dialog with Ctrl+K, types the source's address and title,
    picks its stance with the keyboard and saves it with Ctrl+Return;
  - submits the claim (Ctrl+Shift+U) and audits the dialogs that ask for a
    review comment (Ctrl+Shift+R) and for a reason to approve anyway
    (Ctrl+Shift+A), the web address dialog (Ctrl+L), the Show Changes window
    and the sync window (from the main menu: the workspace is made with the
    command line, a second version of the article included), the Export,
    Preferences and Help windows, and the review view (Ctrl+R): every window
    named, and every control in it;
  - closes the window with Ctrl+Q and reads the workspace back with
    `factmark --claims --json` and `--history`.

GTK 4.8's Text.AddSelection makes the selection but answers with the wrong
reply type, so the call times out on the client: the selection is read back
with GetSelection instead of trusting the reply.

Needs a display, a session bus and at-spi2-core (build-aux/dev test gives all
three); NO_AT_BRIDGE is unset for the app this test starts, only.
Environment: FACTMARK, FACTMARK_SOURCE_ROOT, GSETTINGS_SCHEMA_DIR.
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

try:
    import gi
    gi.require_version("Atspi", "2.0")
    from gi.repository import Atspi
    import pyatspi
except Exception as e:  # pragma: no cover - reported as a failure below
    print("1..1")
    print(f"not ok 1 - pyatspi (python3-pyatspi) and Atspi can be imported: {e}")
    sys.exit(1)

checks = []
ARTIFACTS = os.path.join(os.environ.get("G_TEST_BUILDDIR", tempfile.gettempdir()), "artifacts")


def check(ok, what, detail=""):
    checks.append((bool(ok), what, detail))
    print(f"# {'ok' if ok else 'FAILED'}: {what}", file=sys.stderr)
    return ok


def finish():
    print(f"1..{len(checks)}")
    failed = 0
    for i, (ok, what, detail) in enumerate(checks, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {what}")
        if not ok and detail:
            for line in str(detail).strip().splitlines()[:40]:
                print("#   " + line)
        failed += not ok
    return 1 if failed else 0


# Roles of the controls a person acts on
CONTROL_ROLES = {
    pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_CHECK_BOX,
    pyatspi.ROLE_RADIO_BUTTON, pyatspi.ROLE_COMBO_BOX, pyatspi.ROLE_ENTRY,
    pyatspi.ROLE_TEXT, pyatspi.ROLE_PASSWORD_TEXT, pyatspi.ROLE_SPIN_BUTTON,
    pyatspi.ROLE_SLIDER, pyatspi.ROLE_MENU_ITEM, pyatspi.ROLE_PAGE_TAB,
}
# What GTK 4.8 says when a widget has no name: its class name
NO_NAME = re.compile(r"^(Gtk|Adw|Fm)[A-Z]\w*$")


def name_of(acc):
    try:
        return acc.name or ""
    except Exception:
        return ""


def label_matches(name, wanted):
    """GTK 4.8 names a button with a mnemonic "_Save Save": accept either half"""
    if name == wanted:
        return True
    plain = name.replace("_", "")
    return plain == wanted or plain == f"{wanted} {wanted}"


def showing(acc):
    # GTK 4.8 says "showing" of the window alone, and "visible" of the pages
    # of a stack that are not shown: the whole tree is searched, and the
    # audit covers the controls of the pages not in sight as well
    try:
        return acc.getState().contains(pyatspi.STATE_VISIBLE)
    except Exception:
        return False


def walk(acc, only_showing=True):
    """Every descendant, depth first; hidden subtrees are skipped"""
    stack = [acc]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        yield node
        try:
            n = node.childCount
        except Exception:
            continue
        for i in reversed(range(n)):
            try:
                child = node.getChildAtIndex(i)
            except Exception:
                continue
            if child is None or (only_showing and not showing(child)):
                continue
            stack.append(child)


def find(root, role, name=None, timeout=10.0):
    deadline = time.time() + timeout
    while True:
        for node in walk(root):
            try:
                if node.getRole() == role and (name is None or label_matches(name_of(node), name)):
                    return node
            except Exception:
                pass
        if time.time() > deadline:
            return None
        time.sleep(0.2)


def wait_for(predicate, timeout=10.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except Exception:
            pass
        time.sleep(0.2)
    return None


def unnamed_controls(root):
    """(role, what it says, path) of each reachable control without a name"""
    bad = []
    for node in walk(root):
        try:
            role = node.getRole()
            state = node.getState()
        except Exception:
            continue
        is_control = role in CONTROL_ROLES
        # A row of a list box is a control when it takes focus and activates
        if role == pyatspi.ROLE_LIST_ITEM and state.contains(pyatspi.STATE_FOCUSABLE):
            parent = node.parent
            # GTK 4.8's GtkListView rows (GtkListItemWidget) cannot carry a
            # name before GTK 4.12 (gtk_list_item_set_accessible_label): they
            # say what their children say, which is checked here instead
            if parent is not None and name_of(parent) and not NO_NAME.match(name_of(parent)):
                is_control = False
            else:
                texts = [name_of(n) for n in walk(node) if n.getRole() == pyatspi.ROLE_LABEL]
                is_control = not any(t and not NO_NAME.match(t) for t in texts)
        if not is_control:
            continue
        if not state.contains(pyatspi.STATE_FOCUSABLE) and role not in (pyatspi.ROLE_COMBO_BOX,):
            continue
        name = name_of(node)
        if name.strip() == "" or NO_NAME.match(name):
            path = []
            p = node.parent
            while p is not None and len(path) < 5:
                if name_of(p) and not NO_NAME.match(name_of(p)):
                    path.append(name_of(p))
                elif name_of(p):
                    path.append(name_of(p))
                p = p.parent
            bad.append(f"{node.getRoleName()} {name!r} in {' < '.join(path)}")
    return bad


# Keyboard, through the AT-SPI registry (XTest underneath)
MODS = {"ctrl": 1 << 2, "shift": 1 << 0, "alt": 1 << 3}


def key(keysym, *mods):
    mask = 0
    for m in mods:
        mask |= MODS[m]
    if mask:
        Atspi.generate_keyboard_event(mask, None, Atspi.KeySynthType.LOCKMODIFIERS)
    Atspi.generate_keyboard_event(keysym, None, Atspi.KeySynthType.SYM)
    if mask:
        Atspi.generate_keyboard_event(mask, None, Atspi.KeySynthType.UNLOCKMODIFIERS)
    time.sleep(0.15)


def type_text(text):
    for ch in text:
        Atspi.generate_keyboard_event(0, ch, Atspi.KeySynthType.STRING)
    time.sleep(0.3)


KEYSYM = {"e": 0x65, "k": 0x6b, "q": 0x71, "7": 0x37, "u": 0x75, "r": 0x72, "a": 0x61,
          "l": 0x6c, "F10": 0xffc7, "Return": 0xff0d, "Tab": 0xff09,
          "Down": 0xff54, "Up": 0xff52, "space": 0x20, "Escape": 0xff1b, "Home": 0xff50}


def text_of(acc):
    """The text of an entry: GTK 4.8 puts it on the entry or on a part inside"""
    for node in walk(acc):
        try:
            t = node.queryText().getText(0, -1)
        except Exception:
            continue
        if t:
            return t
    return None


def focused(acc):
    try:
        return acc.getState().contains(pyatspi.STATE_FOCUSED)
    except Exception:
        return False


def focus(acc):
    try:
        acc.queryComponent().grabFocus()
    except Exception:
        pass
    return wait_for(lambda: focused(acc), 5)


def screenshot(name):
    if shutil.which("import"):
        os.makedirs(ARTIFACTS, exist_ok=True)
        subprocess.run(["import", "-window", "root", os.path.join(ARTIFACTS, name)],
                       capture_output=True, timeout=30)


def run_cli(ws, *args):
    env = dict(os.environ, LC_ALL="C.UTF-8")
    return subprocess.run([os.environ["FACTMARK"], "--workspace", ws, *args],
                          capture_output=True, text=True, env=env, timeout=60)


def toplevels():
    app = find_app()
    return [w for w in app if w is not None] if app is not None else []


def named(acc):
    name = name_of(acc)
    return name.strip() != "" and not NO_NAME.match(name)


def audit_window(frame, what, open_it):
    """Opens a window or dialog with open_it(), checks that it and every
    control in it are named, and closes it with Escape"""
    before = {name_of(w) for w in toplevels()}
    open_it()
    window = wait_for(lambda: next((w for w in toplevels() if name_of(w) not in before), None), 10)
    if not check(window is not None, f"the {what} opens",
                 str([name_of(w) for w in toplevels()])):
        return None
    name = name_of(window)
    check(named(window), f"the {what} has a name of its own ({name!r})")
    # Its contents arrive after the window itself
    wait_for(lambda: any(n.getRole() in CONTROL_ROLES for n in walk(window)), 5)
    bad = unnamed_controls(window)
    check(not bad, f"every control of the {what} has an accessible name", "\n".join(bad))
    screenshot("a11y-" + what.lower().replace(" ", "-") + ".png")
    key(KEYSYM["Escape"])
    check(wait_for(lambda: not any(name_of(w) == name for w in toplevels()), 10),
          f"Escape closes the {what}")
    return True


def menu_item(label):
    """Opens the main menu with F10 and activates one of its items
    (GTK 4.8's menu items implement the Action interface)"""
    def run():
        key(KEYSYM["F10"])
        item = wait_for(lambda: next((n for n in walk(find_app()) if
                                      n.getRole() == pyatspi.ROLE_MENU_ITEM and
                                      label_matches(name_of(n), label)), None), 5)
        if check(item is not None, f"the main menu has “{label}”"):
            item.queryAction().doAction(0)
    return run


def main():
    root_dir = os.environ["FACTMARK_SOURCE_ROOT"]
    if not os.environ.get("DISPLAY"):
        check(False, "a display (run under build-aux/dev test or xvfb-run)")
        return finish()
    tmp = tempfile.mkdtemp(prefix="factmark-a11y-")
    ws = os.path.join(tmp, "workspace.db")
    sample = os.path.join(root_dir, "data", "samples", "harbour-bridge-tolls.txt")

    env = dict(os.environ)
    env.pop("NO_AT_BRIDGE", None)
    env.pop("GTK_A11Y", None)
    env.update(GSETTINGS_BACKEND="memory", GSK_RENDERER="cairo", GDK_BACKEND="x11",
               LC_ALL="C.UTF-8", XDG_DATA_HOME=tmp)
    # Replies can take long under a loaded CI machine; none should take 10 s
    Atspi.set_timeout(10000, 20000)
    # The article and a second version of it, so that Show Changes has
    # something to show: the window opens the workspace's article
    out = run_cli(ws, "--import", sample)
    article_id = out.stdout.split("\t", 1)[0]
    if not check(out.returncode == 0 and article_id, "the sample imports", out.stderr):
        return finish()
    v2 = os.path.join(tmp, "harbour-bridge-tolls-v2.txt")
    with open(sample, encoding="utf-8") as f:
        text = f.read()
    with open(v2, "w", encoding="utf-8") as f:
        f.write(text.replace("eleven minutes shorter", "twelve minutes shorter"))
    out = run_cli(ws, "--import", v2, "--new-version-of", article_id)
    if not check(out.returncode == 0, "a second version of it imports", out.stderr):
        return finish()
    app_proc = subprocess.Popen([os.environ["FACTMARK"], "--workspace", ws], env=env)
    try:
        run_app(app_proc, ws)
    finally:
        if app_proc.poll() is None:
            app_proc.send_signal(signal.SIGTERM)
            try:
                app_proc.wait(20)
            except subprocess.TimeoutExpired:
                app_proc.kill()
                app_proc.wait()
    check(app_proc.returncode == 0, f"factmark quit cleanly (status {app_proc.returncode})")
    verify_workspace(ws)
    os.makedirs(ARTIFACTS, exist_ok=True)
    for suffix in ("", "-wal"):
        if os.path.exists(ws + suffix):
            shutil.copy(ws + suffix, os.path.join(ARTIFACTS, "a11y-workspace.db" + suffix))
    shutil.rmtree(tmp, ignore_errors=True)
    return finish()


def find_app():
    desktop = pyatspi.Registry.getDesktop(0)
    for app in desktop:
        if app is not None and name_of(app) == "factmark":
            return app
    return None


def run_app(proc, ws):
    app = wait_for(find_app, 30)
    if not check(app is not None, "factmark is on the accessibility bus"):
        return
    frame = find(app, pyatspi.ROLE_FRAME, None, 20)
    check(frame is not None and "Harbour Bridge" in name_of(frame),
          "the window is named after the article", name_of(frame) if frame else "")
    if frame is None:
        return

    text = find(frame, pyatspi.ROLE_TEXT, "Article text", 20)
    if not check(text is not None, "the article's text is a text object named “Article text”"):
        return

    # Select a sentence through the Text interface
    ti = text.queryText()
    content = ti.getText(0, -1)
    sentence = "the congestion toll on the Harbour Bridge has cut weekday traffic by 34 percent"
    start = content.find(sentence)
    if not check(start >= 0, "the sample's first claim is in the article text", content[:200]):
        return
    end = start + len(sentence)
    focus(text)
    ti.setCaretOffset(start)
    # (both timeouts: the app started less than 20 s ago, and the startup
    # one would apply, waiting 20 s for a reply that never comes)
    Atspi.set_timeout(2000, 2000)
    try:
        ti.addSelection(start, end)
    except Exception:
        pass  # GTK 4.8 answers with the wrong reply type: read the selection back
    Atspi.set_timeout(10000, 20000)
    selected = wait_for(lambda: ti.getNSelections() > 0 and
                        tuple(ti.getSelection(0)) == (start, end) and (start, end), 5)
    check(selected, "the sentence is selected (read back with GetSelection)",
          str([tuple(ti.getSelection(i)) for i in range(ti.getNSelections())]))

    # The controls of the window, before there is a claim
    bad = unnamed_controls(frame)
    check(not bad, "every control of the window has an accessible name", "\n".join(bad))

    # Ctrl+E: the selection becomes a claim; its summary takes the focus
    key(KEYSYM["e"], "ctrl")
    claims = find(frame, pyatspi.ROLE_LIST, "Claims", 10)
    made = wait_for(lambda: claims is not None and claims.childCount > 0, 10)
    check(made, "Ctrl+E makes the selected sentence a claim")
    summary = find(frame, pyatspi.ROLE_TEXT, "Summary", 10)
    if not check(summary is not None, "the claim editor has a “Summary” entry"):
        return
    if not focused(summary):
        # F2 goes to the summary of the selected claim
        key(0xffbf)  # F2
    type_text("Bridge traffic fell by a third")
    key(KEYSYM["Return"])
    # (GTK 4.8 does not expose an entry row's text: the workspace is read at the end)

    # Escape leaves the editor for the claim list, where a number key sets
    # the verdict: 7 is False
    key(KEYSYM["Escape"])
    key(KEYSYM["7"])
    verdict = find(frame, pyatspi.ROLE_COMBO_BOX, "Verdict", 10)
    check(verdict is not None, "the claim editor has a “Verdict” choice")
    shown = wait_for(lambda: any(name_of(n).endswith("False") for n in walk(verdict)), 5) \
        if verdict else None
    check(shown, "Escape, then 7 in the claim list sets the verdict to False",
          str([name_of(n) for n in walk(verdict)]) if verdict else "")

    bad = unnamed_controls(frame)
    check(not bad, "every control of the window and the claim editor has an accessible name",
          "\n".join(bad))
    screenshot("a11y-claim.png")

    # Ctrl+K: the source dialog
    key(KEYSYM["k"], "ctrl")
    dialog = wait_for(lambda: next((w for w in find_app() if w is not None and
                                    label_matches(name_of(w), "Add Source")), None), 10)
    if not check(dialog is not None, "Ctrl+K opens a dialog named “Add Source”",
                 str([name_of(w) for w in find_app()])):
        return
    address = find(dialog, pyatspi.ROLE_TEXT, "Address", 10)
    check(address is not None, "the dialog has an “Address” entry")
    type_text("https://example.org/traffic-count-2026")
    key(KEYSYM["Tab"])
    title = find(dialog, pyatspi.ROLE_TEXT, "Title", 5)
    check(title is not None, "the dialog has a “Title” entry")
    type_text("Council traffic count, March 2026")

    stance = find(dialog, pyatspi.ROLE_COMBO_BOX, "Stance", 5)
    check(stance is not None, "the dialog has a “Stance” choice")
    bad = unnamed_controls(dialog)
    check(not bad, "every control of the source dialog has an accessible name", "\n".join(bad))
    if stance is not None:
        # Tab from the title: Publisher, Author, then Stance. Its list:
        # Supports, Refutes, Context. Open it, one down, choose.
        for _ in range(3):
            key(KEYSYM["Tab"])
        key(KEYSYM["space"])
        time.sleep(0.5)
        key(KEYSYM["Down"])
        key(KEYSYM["Return"])
        time.sleep(0.3)
        # (GTK 4.8 does not expose a combo row's value: the workspace is read at the end)
    screenshot("a11y-source.png")
    key(KEYSYM["Return"], "ctrl")
    gone = wait_for(lambda: not any(w is not None and label_matches(name_of(w), "Add Source")
                                    and showing(w) for w in find_app()), 10)
    check(gone, "Ctrl+Return saves the source and closes the dialog")

    source_row = wait_for(lambda: next((n for n in walk(frame)
                                        if "Council traffic count" in name_of(n)), None), 10)
    check(source_row, "the new source is in the claim editor, by its title")
    # Each source row has its own buttons (open in a browser, remove). The
    # list of sources is audited here; the whole window is again in the
    # review view's audit below (the claim editor stays in the tree)
    sources = source_row
    while sources is not None and name_of(sources) != "Sources":
        sources = sources.parent
    bad = unnamed_controls(sources if sources is not None else frame)
    check(not bad, "every control of the claim's sources has an accessible name",
          "\n".join(bad))

    # The review steps: submitted, the claim can be sent back or approved,
    # and each asks in a dialog (approving without an explanation asks for
    # a reason). Escape cancels both.
    # (the workspace, read at the end, says the claim waits for review:
    # submitted, and neither dialog did anything once cancelled)
    key(KEYSYM["u"], "ctrl", "shift")
    audit_window(frame, "request changes dialog", lambda: key(KEYSYM["r"], "ctrl", "shift"))
    audit_window(frame, "approve anyway dialog", lambda: key(KEYSYM["a"], "ctrl", "shift"))
    audit_window(frame, "web address dialog", lambda: key(KEYSYM["l"], "ctrl"))
    audit_window(frame, "Show Changes window", menu_item("Show Changes"))
    audit_window(frame, "sync window", menu_item("Sync Conflicts and Problems"))

    # The other dialogs: every control named, and Escape closes them
    for keys, title in (((KEYSYM["e"], "ctrl", "shift"), "Export"),
                        ((0x2c, "ctrl"), "Preferences"),  # Ctrl+comma
                        ((0xffbe,), "Factmark Help")):  # F1
        key(*keys)
        window = wait_for(lambda: next((w for w in find_app() if w is not None and
                                        label_matches(name_of(w), title)), None), 10)
        if not check(window is not None, f"its shortcut opens the “{title}” window",
                     str([name_of(w) for w in find_app()])):
            continue
        bad = unnamed_controls(window)
        check(not bad, f"every control of the “{title}” window has an accessible name",
              "\n".join(bad))
        time.sleep(0.5)
        screenshot("a11y-" + title.lower().replace(" ", "-") + ".png")
        key(KEYSYM["Escape"])
        check(wait_for(lambda: not any(w is not None and label_matches(name_of(w), title)
                                       for w in find_app()), 10),
              f"Escape closes the “{title}” window")

    # Ctrl+R: the review view, every claim of the workspace
    key(KEYSYM["r"], "ctrl")
    search = wait_for(lambda: next((n for n in walk(frame) if
                                    n.getRole() in (pyatspi.ROLE_ENTRY, pyatspi.ROLE_TEXT) and
                                    label_matches(name_of(n), "Search claims")), None), 10)
    if check(search is not None, "Ctrl+R shows the review view"):
        # The table's cells are read by their text
        check(wait_for(lambda: any(n.getRole() == pyatspi.ROLE_LABEL and
                                   "Bridge traffic fell" in name_of(n) for n in walk(frame)), 10),
              "the review table's cells are read by their text")
        bad = unnamed_controls(frame)
        check(not bad, "every control of the window, the review view included, has an accessible "
              "name", "\n".join(bad))
        screenshot("a11y-review.png")

    # Ctrl+Q quits, committing what is being typed
    key(KEYSYM["q"], "ctrl")
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        pass
    check(proc.poll() is not None, "Ctrl+Q quits")


def verify_workspace(ws):
    out = run_cli(ws, "--claims", "--json")
    try:
        claims = json.loads(out.stdout)
    except ValueError:
        claims = []
    if isinstance(claims, dict):
        claims = claims.get("claims", [])
    check(len(claims) == 1, "the workspace holds one claim", out.stdout + out.stderr)
    if not claims:
        return
    claim = claims[0]
    check(claim.get("verdict") == "false", "its verdict is false", json.dumps(claim))
    check(claim.get("status") == "needs-review",
          "it was submitted for review (Ctrl+Shift+U); Escape cancelled the approve and "
          "request-changes dialogs", json.dumps(claim))
    check(claim.get("summary") == "Bridge traffic fell by a third", "its summary is the typed one",
          json.dumps(claim))
    check(str(claim.get("quote", "")).startswith("the congestion toll"),
          "its quote is the selected sentence", json.dumps(claim))
    n_sources = claim.get("sources")
    if isinstance(n_sources, list):
        n_sources = len(n_sources)
    check(n_sources == 1, "it has the source added in the dialog", json.dumps(claim))
    # The source's fields, from the W3C export (which carries every field)
    out_file = ws + ".w3c.json"
    out = run_cli(ws, "--export", claim["article"], "--format", "w3c", "--output", out_file)
    text = open(out_file, encoding="utf-8").read() if os.path.exists(out_file) else out.stderr
    check("https://example.org/traffic-count-2026" in text and
          "Council traffic count, March 2026" in text,
          "the source has the typed address and title", text[:2000])
    check(re.search(r'"factmark:stance"\s*:\s*"refutes"', text) is not None,
          "the source's stance is the one chosen with the keyboard (refutes)", text[:3000])


if __name__ == "__main__":
    sys.exit(main())
