#!/usr/bin/python3
# Prints the current value of every widget named argv[3] in the window titled
# argv[2] of the application argv[1] (a level bar, a spin button), read through
# AT-SPI's Value interface: what a screen reader announces. JSON list.
import json
import sys

import pyatspi


def find(accessible, name, depth=0):
    try:
        if accessible.name == name:
            yield accessible
        if depth < 40:
            for index in range(accessible.childCount):
                yield from find(accessible.getChildAtIndex(index), name, depth + 1)
    except Exception:
        return


values = []
desktop = pyatspi.Registry.getDesktop(0)
for index in range(desktop.childCount):
    app = desktop.getChildAtIndex(index)
    if app is None or app.name != sys.argv[1]:
        continue
    for window_index in range(app.childCount):
        window = app.getChildAtIndex(window_index)
        if window is None or window.name != sys.argv[2]:
            continue
        for node in find(window, sys.argv[3]):
            try:
                values.append(node.queryValue().currentValue)
            except NotImplementedError:
                pass
print(json.dumps(values))
