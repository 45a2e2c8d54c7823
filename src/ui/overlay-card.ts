import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { Gtk } from './gi.js';
import { setAccessibleLabel } from './accessible.js';
import { guard } from './guard.js';

/**
 * The frame the search overlay and the command bar share: a revealer over
 * the canvas, a dimmed backdrop that closes it when clicked outside the card,
 * and the card itself, centred near the top. The caller fills the card.
 */
export function overlayFrame(name: string, onBackdropClick: () => void): { widget: GtkT.Revealer; card: GtkT.Box } {
  const widget = new Gtk.Revealer({ transitionType: Gtk.RevealerTransitionType.CROSSFADE, transitionDuration: 150, canTarget: true });
  const backdrop = new Gtk.Box({ hexpand: true, vexpand: true, halign: Gtk.Align.FILL, valign: Gtk.Align.FILL });
  backdrop.addCssClass('search-backdrop');
  const backdropClick = new Gtk.GestureClick();
  backdropClick.on('pressed', guard(`${name}.backdrop`, undefined, (_n: number, x: number, y: number) => {
    if (backdrop.pick(x, y, Gtk.PickFlags.DEFAULT) === backdrop) onBackdropClick();
  }));
  backdrop.addController(backdropClick);

  const card = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL, halign: Gtk.Align.CENTER, valign: Gtk.Align.START, widthRequest: 640, marginTop: 64 });
  card.addCssClass('search-card');
  card.addCssClass('card');
  backdrop.append(card);
  widget.setChild(backdrop);
  widget.setVisible(false);
  return { widget, card };
}

/** The small dimmed line at the bottom of the card. */
export function overlayStatus(wrap = false): GtkT.Label {
  const status = new Gtk.Label({ xalign: 0, wrap });
  status.addCssClass('dim-label');
  status.addCssClass('caption');
  status.addCssClass('search-status');
  return status;
}

/** Whether typing goes into the entry now. */
export function hasKeyboardFocus(entry: GtkT.Widget): boolean {
  const focus = (entry.getRoot() as GtkT.Window | null)?.getFocus?.() ?? null;
  return focus !== null && (focus === entry || focus.isAncestor(entry));
}

/**
 * The card's large search entry. Keys reach `onKey` before the entry handles
 * them (arrows move through the rows while the text keeps the focus).
 */
export function overlayEntry(
  name: string,
  options: { placeholder: string; label: string; changedSignal: 'changed' | 'search-changed'; onChanged: () => void; onActivate: () => void; onStop: () => void; onKey: (keyval: number) => boolean },
): GtkT.SearchEntry {
  const entry = new Gtk.SearchEntry({ placeholderText: options.placeholder, hexpand: true });
  entry.addCssClass('search-entry-large');
  setAccessibleLabel(entry, options.label);
  entry.on(options.changedSignal, guard(`${name}.changed`, undefined, options.onChanged));
  entry.on('activate', guard(`${name}.activate`, undefined, options.onActivate));
  entry.on('stop-search', guard(`${name}.stop`, undefined, options.onStop));
  const keys = new Gtk.EventControllerKey();
  keys.setPropagationPhase(Gtk.PropagationPhase.CAPTURE);
  keys.on('key-pressed', guard(`${name}.key`, false, options.onKey));
  entry.addController(keys);
  return entry;
}

/** The card's rows, in a scroller that grows with them up to a limit. */
export function overlayRows(name: string, label: string, onActivate: (index: number) => void): { list: GtkT.ListBox; scroller: GtkT.ScrolledWindow } {
  const list = new Gtk.ListBox({ selectionMode: Gtk.SelectionMode.BROWSE });
  list.addCssClass('search-results');
  setAccessibleLabel(list, label);
  list.on('row-activated', guard(`${name}.row`, undefined, (row: GtkT.ListBoxRow) => onActivate(row.getIndex())));
  const scroller = new Gtk.ScrolledWindow({ hscrollbarPolicy: Gtk.PolicyType.NEVER, propagateNaturalHeight: true, maxContentHeight: 420 });
  scroller.setChild(list);
  return { list, scroller };
}
