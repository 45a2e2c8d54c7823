import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { _, format } from '../core/index.js';
import { Gtk } from './gi.js';
import { setAccessibleLabel } from './accessible.js';
import { guard } from './guard.js';
import type { UiImportProgress } from './services.js';

/**
 * The bar shown at the top of the canvas while an import runs: how many
 * files, how fast, how long still, and Cancel. Hidden between imports.
 */
export class ImportProgressBar {
  readonly widget: GtkT.Revealer;
  private readonly bar: GtkT.ProgressBar;
  private readonly label: GtkT.Label;
  private controller: AbortController | undefined;

  constructor() {
    this.bar = new Gtk.ProgressBar({ hexpand: true, valign: Gtk.Align.CENTER });
    this.label = new Gtk.Label({ xalign: 0, label: '' });
    this.label.addCssClass('caption');
    const cancel = new Gtk.Button({ label: _('_Cancel'), useUnderline: true });
    setAccessibleLabel(cancel, _('Cancel the import'));
    cancel.on('clicked', guard('import.cancel', undefined, () => this.controller?.abort()));
    const box = new Gtk.Box({ orientation: Gtk.Orientation.HORIZONTAL, spacing: 12, marginTop: 6, marginBottom: 6, marginStart: 12, marginEnd: 12 });
    const column = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL, spacing: 4, hexpand: true });
    column.append(this.label);
    column.append(this.bar);
    box.append(column);
    box.append(cancel);
    box.addCssClass('toolbar');
    box.addCssClass('osd');
    this.widget = new Gtk.Revealer({ child: box, revealChild: false, valign: Gtk.Align.START, transitionType: Gtk.RevealerTransitionType.SLIDE_DOWN });
  }

  /** Shows the bar and returns the signal its Cancel button aborts. */
  begin(): AbortSignal {
    this.controller = new AbortController();
    this.bar.setFraction(0);
    this.label.setLabel(_('Importing…'));
    this.widget.setRevealChild(true);
    return this.controller.signal;
  }

  update(progress: UiImportProgress): void {
    this.bar.setFraction(progress.total > 0 ? progress.done / progress.total : 0);
    const left = progress.secondsLeft === null ? '' : format(_(', about {seconds} s left'), { seconds: Math.ceil(progress.secondsLeft) });
    this.label.setLabel(format(_('Importing {done} of {total} ({rate} files/s{left})'), { done: progress.done, total: progress.total, rate: progress.rate.toFixed(0), left }));
  }

  end(): void {
    this.controller = undefined;
    this.widget.setRevealChild(false);
  }

  get running(): boolean {
    return this.controller !== undefined;
  }
}
