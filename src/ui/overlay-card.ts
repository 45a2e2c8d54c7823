import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { Gtk } from './gi.js';
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
