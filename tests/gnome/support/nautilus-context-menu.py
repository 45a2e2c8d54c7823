#!/usr/bin/python3
# Drives the real Nautilus through AT-SPI and xdotool, as a person would:
# right-click a file in the open window and choose a context-menu item by its
# label. Prints one JSON line: {"ok": true} or {"ok": false, "error": ...}.
# Usage: nautilus-context-menu.py FILE_NAME MENU_LABEL [TIMEOUT_S]
import json
import subprocess
import sys
import time

import pyatspi


def find(node, predicate, depth=0):
    if depth > 60:
        return None
    try:
        if predicate(node):
            return node
        count = node.childCount
    except Exception:
        return None
    for i in range(count):
        try:
            child = node.getChildAtIndex(i)
        except Exception:
            continue
        if child is None:
            continue
        found = find(child, predicate, depth + 1)
        if found is not None:
            return found
    return None


def nautilus():
    for app in pyatspi.Registry.getDesktop(0):
        if app is not None and app.name in ("org.gnome.Nautilus", "nautilus"):
            return app
    return None


def wait_for(what, probe, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = probe()
        if value is not None:
            return value
        time.sleep(0.2)
    raise TimeoutError("timed out waiting for " + what)


def window_origin():
    """Where Nautilus's window is on the X screen (GTK 4 reports only window coordinates)."""
    ids = subprocess.run(["xdotool", "search", "--onlyvisible", "--class", "nautilus"],
                         capture_output=True, text=True).stdout.split()
    if not ids:
        return 0, 0
    shell = subprocess.run(["xdotool", "getwindowgeometry", "--shell", ids[0]],
                           capture_output=True, text=True).stdout
    values = dict(line.split("=", 1) for line in shell.split() if "=" in line)
    return int(values.get("X", 0)), int(values.get("Y", 0))


def centre_on_screen(node):
    extents = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    x0, y0 = window_origin()
    return x0 + extents.x + extents.width // 2, y0 + extents.y + extents.height // 2


def main():
    file_name, label = sys.argv[1], sys.argv[2]
    timeout = float(sys.argv[3]) if len(sys.argv) > 3 else 30.0
    app = wait_for("Nautilus on the accessibility bus", nautilus, timeout)

    def file_cell():
        return find(app, lambda n: n.name == file_name and n.getRoleName() in ("table cell", "list item"))

    cell = wait_for("the file " + file_name + " in the Nautilus window", file_cell, timeout)
    # A right-click on the file selects it and opens its context menu.
    x, y = centre_on_screen(cell)
    subprocess.run(["xdotool", "mousemove", str(x), str(y), "click", "3"], check=True)

    def menu_item():
        return find(app, lambda n: n.name == label and n.getRoleName() == "menu item")

    item = wait_for('the menu item "' + label + '"', menu_item, timeout)
    # The menu is its own surface: choose the item through its accessible action, not by position.
    action = item.queryAction()
    names = [action.getName(i) for i in range(action.nActions)]
    if "click" not in names:
        raise RuntimeError("the menu item has no click action: " + ",".join(names))
    action.doAction(names.index("click"))


if __name__ == "__main__":
    try:
        main()
        print(json.dumps({"ok": True}))
    except Exception as error:  # report, do not hang the test
        print(json.dumps({"ok": False, "error": str(error)}))
        sys.exit(1)
