import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { _ } from '../core/index.js';
import type { AudioLevel } from '../voice/audio-level.js';
import { Gtk } from './gi.js';
import { setAccessibleLabel } from './accessible.js';
import { guard } from './guard.js';
import { LevelMeter } from './level-meter.js';
import { ListeningModeLabel } from './listening-mode-label.js';
import type { PushToTalkMode } from './settings.js';

/** The button's name, tooltip and accessible label. */
export const MICROPHONE_LABEL = _('Talk to Sovereign (hold Ctrl+Space)');
export const MICROPHONE_NAME = _('Microphone');
export const WAKE_LABEL = _('Listening for “Hey Sovereign” (or hold Ctrl+Space)');

export interface MicrophoneButtonActions {
  mode(): PushToTalkMode;
  start(): void;
  finish(): void;
  readonly listening: boolean;
}

/**
 * The taskbar's push-to-talk button, with the level meter and the mode
 * label beside it while the microphone is live. Held mode listens while the
 * pointer holds it; toggled mode starts on one click and stops on the next.
 * Keyboard and screen-reader activation cannot hold, so it toggles in both.
 */
export class MicrophoneButton {
  readonly widget: GtkT.Box;
  private readonly button: GtkT.Button;
  private readonly meter = new LevelMeter(_('Microphone Level'));
  private readonly label = new ListeningModeLabel();
  /** The pointer pressed it in held mode: the click that follows the release is not a toggle. */
  private held = false;

  constructor(private readonly actions: MicrophoneButtonActions) {
    this.widget = new Gtk.Box({ spacing: 6 });
    // Not focusable on click: the editor that had the focus is where dictation goes.
    this.button = new Gtk.Button({ iconName: 'audio-input-microphone-symbolic', tooltipText: MICROPHONE_LABEL, focusOnClick: false });
    this.button.addCssClass('flat');
    setAccessibleLabel(this.button, MICROPHONE_NAME);
    const press = new Gtk.GestureClick({ propagationPhase: Gtk.PropagationPhase.CAPTURE });
    press.on('pressed', guard('voice.button-pressed', undefined, () => {
      if (this.actions.mode() !== 'held' || this.actions.listening) return;
      this.held = true;
      this.actions.start();
    }));
    press.on('released', guard('voice.button-released', undefined, () => {
      if (this.held) this.actions.finish();
    }));
    this.button.addController(press);
    this.button.on('clicked', guard('voice.button-clicked', undefined, () => {
      if (this.held) {
        this.held = false;
        return;
      }
      if (this.actions.listening) this.actions.finish();
      else this.actions.start();
    }));
    this.meter.widget.setSizeRequest(80, -1);
    this.meter.widget.setVisible(false);
    this.widget.append(this.label.widget);
    this.widget.append(this.meter.widget);
    this.widget.append(this.button);
  }

  /** Shows the mode label's words ('' hides it and the meter). */
  show(listening: boolean, mode: 'command' | 'dictation' | null, text: string): void {
    if (!listening) this.held = false;
    this.label.setMode(!listening ? 'off' : mode === 'dictation' ? 'dictation' : 'listening', text);
    this.meter.widget.setVisible(listening);
    this.button.setIconName(listening ? 'media-record-symbolic' : 'audio-input-microphone-symbolic');
    // Red while the microphone is live (a flat button would not show the colour).
    if (listening) {
      this.button.removeCssClass('flat');
      this.button.addCssClass('destructive-action');
    } else {
      this.button.removeCssClass('destructive-action');
      this.button.addCssClass('flat');
    }
  }

  /** Not listening for a command, but waiting for the wake phrase (`true`) or not at all. */
  showWaiting(waiting: boolean): void {
    this.show(false, null, '');
    if (waiting) this.label.setMode('wake');
    this.button.setTooltipText(waiting ? WAKE_LABEL : MICROPHONE_LABEL);
  }

  level(level: AudioLevel | undefined): void {
    if (level) this.meter.show(level);
    else this.meter.reset();
  }

  get meterShown(): boolean {
    return this.meter.widget.getVisible();
  }

  get meterValue(): number {
    return this.meter.widget.getValue();
  }
}
