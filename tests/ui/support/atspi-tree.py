#!/usr/bin/python3
# Prints the accessible tree of the application named argv[1] (GTK 4 names it by
# its program name, the app id) as JSON, read
# through AT-SPI (pyatspi), the way a screen reader sees it.
import json
import sys

import pyatspi


def node_of(accessible, depth=0):
    try:
        entry = {
            "role": accessible.getRoleName(),
            "name": accessible.name or "",
            "description": accessible.description or "",
            "children": [],
        }
    except Exception:
        return None
    if depth < 40:
        for index in range(accessible.childCount):
            child = node_of(accessible.getChildAtIndex(index), depth + 1)
            if child:
                entry["children"].append(child)
    return entry


desktop = pyatspi.Registry.getDesktop(0)
for index in range(desktop.childCount):
    app = desktop.getChildAtIndex(index)
    if app is not None and app.name == sys.argv[1]:
        print(json.dumps(node_of(app)))
        sys.exit(0)
print(json.dumps(None))
