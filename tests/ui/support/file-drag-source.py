#!/usr/bin/python3
"""A tiny GTK 4 window whose whole area drags the files named on the command
line, as Files does (a GdkFileList), so UI tests can drop real files on
Sovereign through the X11 drag-and-drop protocol. Prints READY when shown."""
import sys

import gi

gi.require_version("Gtk", "4.0")
gi.require_version("Gdk", "4.0")
from gi.repository import Gdk, Gio, GLib, Gtk  # noqa: E402


def on_activate(app):
    window = Gtk.ApplicationWindow(application=app, title="drag source", default_width=160, default_height=120)
    label = Gtk.Label(label="drag me", hexpand=True, vexpand=True)
    files = [Gio.File.new_for_path(path) for path in sys.argv[1:]]
    source = Gtk.DragSource(actions=Gdk.DragAction.COPY)
    source.connect("prepare", lambda *_: Gdk.ContentProvider.new_for_value(Gdk.FileList.new_from_list(files)))
    label.add_controller(source)
    window.set_child(label)
    window.present()
    GLib.timeout_add(500, lambda: print("READY", flush=True) and False)


app = Gtk.Application(application_id="org.sovereign.TestDragSource", flags=Gio.ApplicationFlags.NON_UNIQUE)
app.connect("activate", on_activate)
app.run([sys.argv[0]])
