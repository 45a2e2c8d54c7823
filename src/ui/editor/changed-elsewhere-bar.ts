import { _ } from '../../core/index.js';
import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { Gtk } from '../gi.js';
import { guard } from '../guard.js';

const RELOAD = 1;
const KEEP_MINE = 2;

/**
 * The banner over the editor when the document was changed elsewhere while
 * open (Adw.Banner arrived in libadwaita 1.3; Debian 12 has 1.2): Reload
 * takes the other text, Keep Mine keeps this one (the other is kept on a
 * branch). Either way nothing is lost.
 */
export class ChangedElsewhereBar {
  readonly widget: GtkT.InfoBar;

  constructor(actions: { reload: () => void; keepMine: () => void }) {
    this.widget = new Gtk.InfoBar({ messageType: Gtk.MessageType.WARNING, revealed: false, showCloseButton: false });
    this.widget.addCssClass('changed-elsewhere');
    const label = new Gtk.Label({ label: _('This document was changed elsewhere.'), xalign: 0, wrap: true, hexpand: true });
    this.widget.addChild(label);
    this.widget.addButton(_('_Reload'), RELOAD).setUseUnderline(true);
    this.widget.addButton(_('_Keep Mine'), KEEP_MINE).setUseUnderline(true);
    this.widget.on('response', guard('elsewhere.response', undefined, (response: number) => {
      this.widget.setRevealed(false);
      if (response === RELOAD) actions.reload();
      else if (response === KEEP_MINE) actions.keepMine();
    }));
  }

  get visible(): boolean {
    return this.widget.getRevealed();
  }

  show(): void {
    this.widget.setRevealed(true);
  }
}
