#!/usr/bin/python3
# Opens the context menu of the selected file in the real Nautilus, as a
# person would with the keyboard (Shift+F10), and reads it through AT-SPI.
# The test selects the file beforehand with org.freedesktop.FileManager1.ShowItems.
#
# Usage: nautilus-context-menu.py WINDOW_TITLE FILE_NAME [--choose LABEL] [--timeout S]
# Without --choose the menu is closed again (Escape). Prints one JSON line:
# {"ok": true, "items": [labels of the menu]} or {"ok": false, "error": ...}.
import argparse
import json
import subprocess
import time

import pyatspi


def walk(node, depth=0):
    """Every accessible under node (GTK 4 keeps this tree small: a few hundred nodes)."""
    if depth > 60:
        return
    try:
        count = node.childCount
    except Exception:
        return
    for i in range(count):
        try:
            child = node.getChildAtIndex(i)
        except Exception:
            continue
        if child is None:
            continue
        yield child
        yield from walk(child, depth + 1)


def role(node):
    try:
        return node.getRoleName()
    except Exception:
        return None


def has_state(node, state):
    try:
        return node.getState().contains(state)
    except Exception:
        return False


def wait_for(what, probe, deadline):
    while True:
        value = probe()
        if value is not None:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError("timed out waiting for " + what)
        time.sleep(0.2)


def nautilus():
    for app in pyatspi.Registry.getDesktop(0):
        if app is not None and app.name in ("org.gnome.Nautilus", "nautilus"):
            return app
    return None


def window(app, title):
    for i in range(app.childCount):
        frame = app.getChildAtIndex(i)
        if frame is not None and frame.name == title:
            return frame
    return None


def selected_cells(frame):
    """The names in and under each selected cell (GTK 4.8 marks the outer grid cell selected; a child carries the file name)."""
    cells = []
    for node in walk(frame):
        if role(node) in ("table cell", "list item", "table row") and has_state(node, pyatspi.STATE_SELECTED):
            cells.append({node.name} | {child.name for child in walk(node)})
    return cells


def menu_labels(frame):
    return [node.name for node in walk(frame) if role(node) == "menu item"]


def settled_menu(frame):
    """The menu once it is shown and two reads agree (GTK fills the popover in one go; this guards a half-built tree)."""
    first = menu_labels(frame)
    if not first:
        return None
    time.sleep(0.2)
    return first if menu_labels(frame) == first else None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("title")
    parser.add_argument("file_name")
    parser.add_argument("--choose")
    parser.add_argument("--timeout", type=float, default=30.0)
    args = parser.parse_args()
    deadline = time.monotonic() + args.timeout

    app = wait_for("Nautilus on the accessibility bus", nautilus, deadline)
    frame = wait_for('the Nautilus window "' + args.title + '"', lambda: window(app, args.title), deadline)
    wait_for(
        "exactly " + args.file_name + " to be selected in the Nautilus window",
        lambda: True if [args.file_name in names for names in selected_cells(frame)] == [True] else None,
        deadline,
    )
    if menu_labels(frame):
        raise RuntimeError("a menu is already open: " + ", ".join(menu_labels(frame)))

    # Keyboard focus to the window (there is no window manager under Xvfb), and
    # only press the key once GTK reports the window active.
    ids = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "^" + args.title + "$"],
                         capture_output=True, text=True, check=True).stdout.split()
    if len(ids) != 1:
        raise RuntimeError("expected one X window titled " + args.title + ", found " + str(len(ids)))
    subprocess.run(["xdotool", "windowfocus", "--sync", ids[0]], check=True)
    wait_for("the Nautilus window to be active", lambda: True if has_state(frame, pyatspi.STATE_ACTIVE) else None, deadline)
    subprocess.run(["xdotool", "key", "shift+F10"], check=True)
    items = wait_for("the context menu", lambda: settled_menu(frame), deadline)

    if args.choose is None:
        subprocess.run(["xdotool", "key", "Escape"], check=True)
        wait_for("the context menu to close", lambda: None if menu_labels(frame) else True, deadline)
        return items

    item = next((node for node in walk(frame) if role(node) == "menu item" and node.name == args.choose), None)
    if item is None:
        raise RuntimeError('no menu item "' + args.choose + '" in: ' + ", ".join(items))
    # The menu is its own surface: choose the item through its accessible action, not by position.
    action = item.queryAction()
    names = [action.getName(i) for i in range(action.nActions)]
    if "click" not in names:
        raise RuntimeError("the menu item has no click action: " + ",".join(names))
    action.doAction(names.index("click"))
    wait_for("the context menu to close", lambda: None if menu_labels(frame) else True, deadline)
    return items


if __name__ == "__main__":
    try:
        print(json.dumps({"ok": True, "items": main()}))
    except Exception as error:  # report, do not hang the test
        print(json.dumps({"ok": False, "error": str(error)}))
        raise SystemExit(1)
