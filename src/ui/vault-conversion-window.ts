import type * as AdwT from 'node-gtk/types/Adw-1.js';
import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { APP_ID, APP_NAME, _, format } from '../core/index.js';
import { setAccessibleLabel } from './accessible.js';
import { Adw, Gdk, GLib, Gtk } from './gi.js';
import { guard } from './guard.js';
import { preferCairoOnSoftwareGl } from './software-renderer.js';

/** What the window says of each finished step of the conversion (src/vault/convert-to-vault.ts). */
export interface ConversionStepView {
  done: number;
  total: number;
}

/**
 * The window of the process that converts a plain workspace into a vault,
 * shown before the workspace's own window: it waits for the window that
 * asked to quit, shows the conversion's steps, then the recovery key once
 * (monospace, Copy) and opens the workspace on "Open Workspace". It is a
 * window of its own, not a dialog of the main window: the main window opens
 * over the store, which may be opened only once the conversion is complete.
 */
export class VaultConversionWindow {
  private readonly window: AdwT.Window;
  private readonly status: AdwT.StatusPage;
  private readonly bar: GtkT.ProgressBar;
  private readonly box: GtkT.Box;
  private pulse: number | undefined;

  constructor() {
    GLib.setApplicationName(APP_NAME);
    GLib.setPrgname(APP_ID);
    Adw.init();
    preferCairoOnSoftwareGl();
    this.window = new Adw.Window({ title: _('Encrypting the Workspace'), defaultWidth: 640, defaultHeight: 640, deletable: false });
    this.bar = new Gtk.ProgressBar({ showText: true, text: _('Waiting for the previous window to close…') });
    setAccessibleLabel(this.bar, _('Conversion progress'));
    this.box = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL, spacing: 12, halign: Gtk.Align.CENTER, widthRequest: 420 });
    this.box.append(this.bar);
    this.status = new Adw.StatusPage({
      iconName: 'channel-secure-symbolic',
      title: _('Encrypting the Workspace'),
      description: _('Every document is being sealed under your passphrase. Until the sealed copy is complete the workspace stays as it was, so stopping now loses nothing.'),
      child: this.box,
    });
    const content = new Gtk.Box({ orientation: Gtk.Orientation.VERTICAL });
    content.append(new Adw.HeaderBar({ showEndTitleButtons: false, showStartTitleButtons: false }));
    this.status.setVexpand(true);
    content.append(this.status);
    this.window.setContent(content);
    // Until the first step is done there is no fraction to show: the bar moves so the wait looks alive.
    this.pulse = GLib.timeoutAdd(GLib.PRIORITY_DEFAULT, 150, () => {
      this.bar.pulse();
      return true;
    });
    this.window.present();
  }

  /** The previous window has let go of the database: sealing begins. */
  sealing(): void {
    this.bar.setText(_('Sealing the documents…'));
  }

  /** A step of the conversion is finished. */
  progress(step: ConversionStepView): void {
    this.stopPulse();
    this.bar.setFraction(step.done / step.total);
    this.bar.setText(format(_('Step {done} of {total}'), { done: step.done, total: step.total }));
  }

  /** The conversion is done: the key, shown this once; resolves when the person chose to open the workspace. */
  showRecoveryKey(key: string): Promise<void> {
    this.stopPulse();
    this.status.setTitle(_('Your Recovery Key'));
    this.status.setDescription(_('The workspace is now an encrypted vault. Write the recovery key down (or copy it into a password manager) and keep it apart from this computer: it opens the vault if the passphrase is forgotten, and it is shown only now.'));
    this.clearBox();
    // One line: a key broken at a dash is easy to copy down wrong.
    const label = new Gtk.Label({ label: key, selectable: true });
    label.addCssClass('monospace');
    label.addCssClass('title-4');
    setAccessibleLabel(label, key);
    this.box.append(label);
    const buttons = new Gtk.Box({ spacing: 12, halign: Gtk.Align.CENTER });
    const copy = new Gtk.Button({ label: _('Copy') });
    copy.addCssClass('pill');
    copy.on('clicked', guard('ui.vault-conversion.copy', undefined, () => {
      const text = Gdk.ContentProvider.newForBytes('text/plain;charset=utf-8', GLib.Bytes.new([...Buffer.from(key, 'utf8')]));
      Gdk.Display.getDefault()?.getClipboard().setContent(text);
      copy.setLabel(_('Copied'));
    }));
    buttons.append(copy);
    const done = this.openButton();
    buttons.append(done.button);
    this.box.append(buttons);
    done.button.grabFocus();
    return done.pressed;
  }

  /** The conversion failed: why, and that the plain workspace is intact; resolves when the person chose to open it. */
  showFailure(message: string): Promise<void> {
    this.stopPulse();
    this.status.setIconName('dialog-warning-symbolic');
    this.status.setTitle(_('The Workspace Was Not Encrypted'));
    this.status.setDescription(format(_('{reason} Nothing was changed: the workspace opens as before, not encrypted.'), { reason: message }));
    this.clearBox();
    const done = this.openButton();
    this.box.append(done.button);
    done.button.grabFocus();
    return done.pressed;
  }

  close(): void {
    this.stopPulse();
    this.window.destroy();
  }

  private openButton(): { button: GtkT.Button; pressed: Promise<void> } {
    const button = new Gtk.Button({ label: _('Open Workspace'), halign: Gtk.Align.CENTER });
    button.addCssClass('pill');
    button.addCssClass('suggested-action');
    const pressed = new Promise<void>((resolve) => button.on('clicked', guard('ui.vault-conversion.open', undefined, () => resolve())));
    return { button, pressed };
  }

  private clearBox(): void {
    for (let child = this.box.getFirstChild(); child; child = this.box.getFirstChild()) this.box.remove(child);
  }

  private stopPulse(): void {
    if (this.pulse === undefined) return;
    GLib.sourceRemove(this.pulse);
    this.pulse = undefined;
  }
}
