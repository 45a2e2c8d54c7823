#!/usr/bin/python3
# Presses (the first action of) the widget named argv[3] inside the top-level
# window titled argv[2] of the application named argv[1], through AT-SPI, as
# a screen reader's "activate" does; argv[4], when given, also requires that
# role (e.g. "switch" rather than the row that holds it). Exits 1 when there
# is no such widget.
import sys

import pyatspi


ROLE = sys.argv[4] if len(sys.argv) > 4 else None


def find(accessible, name, depth=0):
    try:
        if accessible.name == name and (ROLE is None or accessible.getRoleName() == ROLE) and accessible.queryAction().nActions > 0:
            return accessible
    except NotImplementedError:
        pass
    except Exception:
        return None
    if depth < 40:
        for index in range(accessible.childCount):
            found = find(accessible.getChildAtIndex(index), name, depth + 1)
            if found:
                return found
    return None


desktop = pyatspi.Registry.getDesktop(0)
for index in range(desktop.childCount):
    app = desktop.getChildAtIndex(index)
    if app is None or app.name != sys.argv[1]:
        continue
    for window_index in range(app.childCount):
        window = app.getChildAtIndex(window_index)
        if window is not None and window.name == sys.argv[2]:
            target = find(window, sys.argv[3])
            if target:
                target.queryAction().doAction(0)
                sys.exit(0)
sys.exit(1)
