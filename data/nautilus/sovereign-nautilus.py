# Sovereign actions in GNOME Files (Nautilus 43, nautilus-python 4.0 API).
#
# "Import into Sovereign" and "Ask Sovereign about this file" on regular local
# files. Both call Sovereign over D-Bus asynchronously, so Files never waits:
# the session bus starts Sovereign if it is not running. Sovereign reports a
# finished import with its own notification; a failure (an unsupported type,
# an unreadable file) is shown here as a notification from Sovereign.
import gettext
import os

import gi

gi.require_version("Nautilus", "4.0")
from gi.repository import GLib, GObject, Gio, Nautilus  # noqa: E402

BUS_NAME = "org.sovereign.Sovereign"
OBJECT_PATH = "/org/sovereign/Sovereign"
INTERFACE = "org.sovereign.Sovereign"
APP_ID = "org.sovereign.Sovereign"
# Importing is quick; asking may first have to open the window.
IMPORT_TIMEOUT_MS = 60_000
ASK_TIMEOUT_MS = 120_000

_ = gettext.translation("sovereign", fallback=True).gettext


def _local_regular_path(file_info):
    """The file's path when it is a regular local file, else None."""
    if file_info.get_uri_scheme() != "file" or file_info.is_directory():
        return None
    location = file_info.get_location()
    path = location.get_path() if location is not None else None
    if path is None:
        return None
    try:
        info = location.query_info("standard::type", Gio.FileQueryInfoFlags.NONE, None)
    except GLib.Error:
        return None
    if info.get_file_type() != Gio.FileType.REGULAR:
        return None
    return path


class SovereignMenuProvider(GObject.GObject, Nautilus.MenuProvider):
    def get_file_items(self, files):
        paths = [_local_regular_path(f) for f in files]
        if not paths or any(p is None for p in paths):
            return []

        import_item = Nautilus.MenuItem(
            name="SovereignMenuProvider::Import",
            label=_("Import into Sovereign"),
            tip=_("Add a copy of the file to your Sovereign workspace"),
        )
        import_item.connect("activate", self._on_import, paths)
        items = [import_item]

        if len(paths) == 1:
            ask_item = Nautilus.MenuItem(
                name="SovereignMenuProvider::Ask",
                label=_("Ask Sovereign about this file"),
                tip=_("Open the file in Sovereign with the assistant ready"),
            )
            ask_item.connect("activate", self._on_ask, paths[0])
            items.append(ask_item)
        return items

    def _on_import(self, _item, paths):
        for path in paths:
            self._call("ImportFile", path, IMPORT_TIMEOUT_MS)

    def _on_ask(self, _item, path):
        self._call("AskAboutFile", path, ASK_TIMEOUT_MS)

    def _call(self, method, path, timeout_ms):
        def on_bus(_source, result):
            try:
                bus = Gio.bus_get_finish(result)
            except GLib.Error as error:
                GLib.warning("sovereign: no session bus: %s" % error.message)
                return
            bus.call(
                BUS_NAME, OBJECT_PATH, INTERFACE, method,
                GLib.Variant("(s)", (path,)), GLib.VariantType("(s)"),
                Gio.DBusCallFlags.NONE, timeout_ms, None, on_reply,
            )

        def on_reply(bus, result):
            try:
                bus.call_finish(result)
            except GLib.Error as error:
                Gio.DBusError.strip_remote_error(error)
                self._notify_failure(bus, path, error.message)

        Gio.bus_get(Gio.BusType.SESSION, None, on_bus)

    def _notify_failure(self, bus, path, reason):
        notification = {
            "title": GLib.Variant("s", _("Sovereign could not use %s") % os.path.basename(path)),
            "body": GLib.Variant("s", reason),
        }
        bus.call(
            "org.gtk.Notifications", "/org/gtk/Notifications", "org.gtk.Notifications",
            "AddNotification",
            GLib.Variant("(ssa{sv})", (APP_ID, "files-failure-" + os.path.basename(path), notification)),
            None, Gio.DBusCallFlags.NONE, -1, None, None,
        )
