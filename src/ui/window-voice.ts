import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { _, createLogger, messageOf } from '../core/index.js';
import { listen } from '../voice/listen.js';
import { MicrophoneSource } from '../voice/microphone-source.js';
import { Speaker } from '../voice/speaker.js';
import { SpeechDetector } from '../voice/speech-detector.js';
import { WakePhraseDetector } from '../voice/wake-phrase-detector.js';
import { VOICE_KEYS } from '../voice/voice-settings.js';
import type { SpokenAnswer } from './command-bar.js';
import { Gdk, Gtk } from './gi.js';
import { guard, spawnTask } from './guard.js';
import { MicrophoneButton } from './microphone-button.js';
import type { MarkdownEditor } from './editor/markdown-editor.js';
import type { UiServices } from './services.js';
import type { UiSettings } from './settings.js';
import { VoiceInput, type DictationEditor, type VoiceState } from './voice-input.js';
import { WAKE_COMMAND_MS, WakeListener, type WakeState } from './wake-listener.js';

const log = createLogger('ui.window-voice');
/** How long "take a note" waits for the new note's editor to load before giving up. */
const NEW_NOTE_EDITOR_MS = 15_000;

/** What the voice needs from the main window. */
export interface WindowVoiceHost {
  window: GtkT.Window;
  services: UiServices;
  settings: UiSettings;
  /** The focused editor and its document. */
  focusedEditor(): { id: string; editor: MarkdownEditor } | undefined;
  createAndOpenNote(): Promise<string>;
  runCommand(transcript: string): Promise<SpokenAnswer>;
  message(text: string, offer?: 'models'): void;
  changed(): void;
}

/** A spoken answer, for the test probe. */
interface Spoken {
  text: string;
  firstAudioMs: number | null;
  stopped: boolean;
}

/**
 * The window's voice: the taskbar's microphone button, Ctrl+Space (held or
 * toggled, as Preferences › Voice says), Escape to cancel listening or stop
 * a spoken answer, and the speaker that answers spoken commands.
 */
export class WindowVoice {
  readonly button: MicrophoneButton;
  private readonly input: VoiceInput;
  private readonly speaker = new Speaker();
  private readonly spoken: Spoken[] = [];
  /** Ctrl+Space is down in held mode: its release ends listening. */
  private keyHeld = false;
  private readonly wake: WakeListener;
  /** Closes the microphone of a command the wake phrase started (no button will be let go). */
  private wakeCommandTimer: NodeJS.Timeout | undefined;
  private readonly stopWatchingSettings: () => void;

  constructor(private readonly host: WindowVoiceHost) {
    this.input = new VoiceInput(
      {
        voice: () => this.voiceServices(),
        inputDevice: () => host.settings.voiceInputDevice,
        focusedEditor: () => {
          const focused = host.focusedEditor();
          return focused ? this.dictationEditor(focused.id, focused.editor) : undefined;
        },
        newNoteForDictation: (text) => this.newNote(text),
        runCommand: (transcript) => host.runCommand(transcript),
        message: (text, offer) => host.message(text, offer),
        speak: (text) => this.speak(text),
        stopSpeaking: () => this.speaker.stop(),
        level: (level) => this.button.level(level),
        changed: () => {
          if (!this.input.listening) clearTimeout(this.wakeCommandTimer);
          // Push-to-talk took or gave back the microphone: the wake phrase waits or resumes.
          this.wake.refresh();
          this.showState();
        },
      },
      {
        microphone: (device, onLevel) => new MicrophoneSource({ ...(device ? { device } : {}), onLevel }),
        detector: () => SpeechDetector.open(),
        listen,
      },
    );
    const input = this.input;
    this.button = new MicrophoneButton({
      mode: () => host.settings.pushToTalkMode,
      start: () => this.input.start(),
      finish: () => this.input.finish(),
      get listening() {
        return input.listening;
      },
    });
    this.speaker.onSpeakingChanged(() => host.changed());
    this.wake = new WakeListener(
      {
        enabled: () => host.settings.wakePhraseEnabled,
        model: () => host.settings.wakeModelPath,
        inputDevice: () => host.settings.voiceInputDevice,
        busy: () => this.input.listening,
        wake: () => this.woken(),
        message: (text) => host.message(text),
        changed: () => this.showState(),
      },
      {
        microphone: (device) => new MicrophoneSource(device ? { device } : {}),
        detector: (model) => WakePhraseDetector.open({ model }),
      },
    );
    const wakeKeys: string[] = [VOICE_KEYS.wakePhraseEnabled, VOICE_KEYS.wakeModelPath, VOICE_KEYS.inputDevice];
    this.stopWatchingSettings = host.settings.onChanged((key) => {
      if (wakeKeys.includes(key)) this.wake.settingsChanged();
    });
    this.addKeys();
    this.wake.refresh();
  }

  get state(): VoiceState & { speaking: boolean; spoken: Spoken[]; meter: number; meterShown: boolean; wake: WakeState } {
    return { ...this.input.state, speaking: this.speaker.speaking, spoken: [...this.spoken], meter: this.button.meterValue, meterShown: this.button.meterShown, wake: this.wake.state };
  }

  dispose(): Promise<void> {
    this.speaker.stop();
    clearTimeout(this.wakeCommandTimer);
    this.stopWatchingSettings();
    return Promise.all([this.input.dispose(), this.wake.dispose()]).then(() => undefined);
  }

  /** The wake phrase was heard: listen for a command (or dictation, with an editor focused) as the microphone button does. */
  private woken(): void {
    this.input.start();
    clearTimeout(this.wakeCommandTimer);
    this.wakeCommandTimer = setTimeout(() => {
      if (this.input.listening) this.input.finish();
    }, WAKE_COMMAND_MS);
  }

  private showState(): void {
    const state = this.input.state;
    if (state.listening) this.button.show(true, state.mode, state.label);
    else this.button.showWaiting(this.wake.state.waiting);
    this.host.changed();
  }

  private async voiceServices() {
    if (!this.host.services.voice) throw new Error(_('Listening is not available here.'));
    return this.host.services.voice();
  }

  private dictationEditor(id: string, editor: MarkdownEditor): DictationEditor {
    return {
      title: this.host.services.meta(id)?.title ?? _('Untitled'),
      insert: (text) => {
        const buffer = editor.view.getBuffer();
        const cursor = buffer.getIterAtMark(buffer.getInsert());
        // A space between dictated sentences, unless the cursor starts a line or follows one.
        const before = cursor.startsLine() ? '' : buffer.getText(buffer.getIterAtOffset(cursor.getOffset() - 1), cursor, true);
        buffer.insertAtCursor(before === '' || /\s/.test(before) ? text : ` ${text}`, -1);
      },
    };
  }

  /** "take a note: …": a new note, opened with the cursor in it, holding the text. */
  private async newNote(text: string): Promise<DictationEditor> {
    const id = await this.host.createAndOpenNote();
    const deadline = Date.now() + NEW_NOTE_EDITOR_MS;
    for (;;) {
      const focused = this.host.focusedEditor();
      if (focused?.id === id) {
        const editor = this.dictationEditor(id, focused.editor);
        if (text) editor.insert(text);
        return editor;
      }
      if (Date.now() > deadline) throw new Error(_('The new note did not open for dictation.'));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private speak(text: string): void {
    const spoken: Spoken = { text, firstAudioMs: null, stopped: false };
    this.spoken.push(spoken);
    spawnTask('voice.speak', async () => {
      try {
        const result = await this.speaker.speak(text, { voice: this.host.settings.speechVoice, rate: this.host.settings.speechRate });
        spoken.firstAudioMs = result.firstAudioMs ?? null;
        spoken.stopped = result.stopped;
      } catch (error) {
        log.info('could not speak the answer', { error });
        this.host.message(messageOf(error));
      }
      this.host.changed();
    });
  }

  /**
   * Ctrl+Space (GTK's own Ctrl+Space, completion in a source view, is not
   * used by Sovereign's editor) and Escape, caught before the focused widget:
   * held mode listens until the key is let go; Escape cancels listening and
   * silences an answer, and otherwise goes on to whatever has the focus.
   */
  private addKeys(): void {
    const keys = new Gtk.EventControllerKey({ propagationPhase: Gtk.PropagationPhase.CAPTURE });
    keys.on('key-pressed', guard('voice.key', false, (keyval: number, _code: number, state: number) => {
      if (keyval === Gdk.KEY_Escape && (this.input.listening || this.speaker.speaking)) {
        this.input.cancel();
        this.speaker.stop();
        return true;
      }
      if (keyval !== Gdk.KEY_space || (state & Gdk.ModifierType.CONTROL_MASK) === 0) return false;
      // Key repeat sends more presses while it is held.
      if (this.keyHeld) return true;
      if (this.host.settings.pushToTalkMode === 'held') {
        this.keyHeld = true;
        this.input.start();
      } else if (this.input.listening) this.input.finish();
      else this.input.start();
      return true;
    }));
    keys.on('key-released', guard('voice.key-up', undefined, (keyval: number) => {
      if (!this.keyHeld || (keyval !== Gdk.KEY_space && keyval !== Gdk.KEY_Control_L && keyval !== Gdk.KEY_Control_R)) return;
      this.keyHeld = false;
      this.input.finish();
    }));
    this.host.window.addController(keys);
  }
}
