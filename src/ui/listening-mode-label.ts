import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { _ } from '../core/index.js';
import { Gtk } from './gi.js';
import { setAccessibleLabel } from './accessible.js';

/** What the microphone is doing, as the window shows it (issue 16: "the mode is shown on screen"). */
export type ListeningMode = 'off' | 'listening' | 'dictation' | 'wake';

/**
 * A small icon + word beside the microphone button: "Listening" while a
 * command is being heard, "Dictation" while speech goes into the editor,
 * hidden when the microphone is off. Reusable: the taskbar's push-to-talk
 * button and a document window's dictation both show one. Its accessible
 * label changes with it, so a screen reader says which mode is on.
 */
export class ListeningModeLabel {
  readonly widget: GtkT.Box;
  private readonly icon: GtkT.Image;
  private readonly label: GtkT.Label;
  private current: ListeningMode = 'off';

  constructor() {
    this.widget = new Gtk.Box({ orientation: Gtk.Orientation.HORIZONTAL, spacing: 6, valign: Gtk.Align.CENTER, visible: false });
    this.icon = new Gtk.Image({ iconName: 'audio-input-microphone-symbolic' });
    this.label = new Gtk.Label({ label: '' });
    this.label.addCssClass('caption-heading');
    this.widget.append(this.icon);
    this.widget.append(this.label);
  }

  get mode(): ListeningMode {
    return this.current;
  }

  /** `text` replaces the one word when given: "Dictating into Groceries". */
  setMode(mode: ListeningMode, text?: string): void {
    this.current = mode;
    this.widget.setVisible(mode !== 'off');
    if (mode === 'off') return;
    text ||= mode === 'listening' ? _('Listening') : mode === 'wake' ? _('Say “Hey Sovereign”') : _('Dictation');
    this.icon.setFromIconName(mode === 'dictation' ? 'document-edit-symbolic' : 'audio-input-microphone-symbolic');
    this.label.setLabel(text);
    // The accent colour marks that the microphone is live for a command;
    // waiting for the wake phrase is shown, quieter, for as long as it lasts.
    if (mode === 'wake') {
      this.widget.removeCssClass('accent');
      this.widget.addCssClass('dim-label');
    } else {
      this.widget.removeCssClass('dim-label');
      this.widget.addCssClass('accent');
    }
    setAccessibleLabel(this.widget, text);
  }
}
