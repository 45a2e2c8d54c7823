#!/usr/bin/python3
# Performs the first action (a click, a toggle) of the first accessible node
# named argv[2] with role argv[3] in the application named argv[1], the way
# a screen reader or switch access does it. Prints "done" or "missing".
import sys

import pyatspi


def find(accessible, name, role, depth=0):
    try:
        if accessible.name == name and accessible.getRoleName() == role:
            return accessible
        if depth < 40:
            for index in range(accessible.childCount):
                found = find(accessible.getChildAtIndex(index), name, role, depth + 1)
                if found is not None:
                    return found
    except Exception:
        return None
    return None


desktop = pyatspi.Registry.getDesktop(0)
for index in range(desktop.childCount):
    app = desktop.getChildAtIndex(index)
    if app is not None and app.name == sys.argv[1]:
        node = find(app, sys.argv[2], sys.argv[3])
        if node is not None:
            node.queryAction().doAction(0)
            print("done")
            sys.exit(0)
print("missing")
