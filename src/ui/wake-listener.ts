import path from 'node:path';
import { _, createLogger, format, isSovereignError, messageOf } from '../core/index.js';
import type { AudioSource } from '../voice/audio-source.js';
import type { WakeDetection, WakePhraseDetector } from '../voice/wake-phrase-detector.js';
import { spawnTask } from './guard.js';

const log = createLogger('ui.wake');

/**
 * A command started by the wake phrase has no button to let go of: the
 * microphone closes this long after waking (what was being said is still
 * heard out), or sooner when a command is heard.
 */
export const WAKE_COMMAND_MS = 8_000;

/**
 * A toast holds one line: a model the detector refused is named by its file
 * name (the whole message, with the shapes it needs, is in the log and the
 * command line's answer).
 */
function toastFor(error: unknown, message: string): string {
  const file = isSovereignError(error, 'model') ? error.detail?.['file'] : undefined;
  if (typeof file !== 'string') return message;
  return format(_('Wake phrase off: {file} is not an openWakeWord model it can use'), { file: path.basename(file) });
}

/** What the wake phrase needs from the window's voice. */
export interface WakeHost {
  /** Preferences › Voice: on, and a model chosen. */
  enabled(): boolean;
  model(): string;
  inputDevice(): string;
  /** Push-to-talk (or a woken command) has the microphone: the wake phrase waits. */
  busy(): boolean;
  /** The wake phrase was heard: listen for a command as the microphone button does. */
  wake(): void;
  message(text: string): void;
  changed(): void;
}

/** The real parts: the microphone and the detector, given by the window. */
export interface WakeParts {
  microphone(device: string): AudioSource;
  detector(model: string): Promise<WakePhraseDetector>;
}

/** What the wake phrase is doing, for the window and the test probe. */
export interface WakeState {
  /** The microphone is open and scored for the wake phrase. */
  waiting: boolean;
  detections: WakeDetection[];
  /** Why it stopped (a broken model, no microphone); cleared when the settings change. */
  problem: string | null;
}

/**
 * Listens for the wake phrase whenever Preferences › Voice turns it on and
 * nothing else has the microphone: the microphone's 16 kHz audio goes to the
 * wake-phrase detector's worker (a few ms of work per 80 ms of audio), and a
 * detection hands over to push-to-talk listening, after which waiting
 * resumes. A failure is said once and waiting stays off until the settings
 * change, so a broken model never loops.
 */
export class WakeListener {
  private controller: AbortController | undefined;
  private detector: { model: string; opened: Promise<WakePhraseDetector> } | undefined;
  private readonly detections: WakeDetection[] = [];
  private problem: string | null = null;

  constructor(
    private readonly host: WakeHost,
    private readonly parts: WakeParts,
  ) {}

  get state(): WakeState {
    return { waiting: this.controller !== undefined, detections: [...this.detections], problem: this.problem };
  }

  /** Preferences › Voice changed: try again with what it says now. */
  settingsChanged(): void {
    this.problem = null;
    this.stop();
    this.refresh();
  }

  /** Starts or stops waiting to match the settings and whether push-to-talk has the microphone. */
  refresh(): void {
    const wanted = this.host.enabled() && this.host.model() !== '' && !this.host.busy() && this.problem === null;
    if (!wanted) {
      this.stop();
      return;
    }
    if (this.controller) return;
    const controller = (this.controller = new AbortController());
    this.host.changed();
    spawnTask('wake.listen', () => this.run(controller));
  }

  private stop(): void {
    if (!this.controller) return;
    this.controller.abort();
    this.controller = undefined;
    this.host.changed();
  }

  private async run(controller: AbortController): Promise<void> {
    const signal = controller.signal;
    let woke = false;
    try {
      const detector = await this.open(this.host.model());
      if (signal.aborted) return;
      const source = this.parts.microphone(this.host.inputDevice());
      for await (const detection of detector.detections(source.chunks(signal), signal)) {
        this.detections.push(detection);
        woke = true;
        break;
      }
    } catch (error) {
      if (signal.aborted) return;
      log.info('wake phrase stopped', { error });
      this.problem = isSovereignError(error) ? error.message : messageOf(error);
      this.host.message(toastFor(error, this.problem));
    } finally {
      // The wake microphone closes before push-to-talk opens its own.
      controller.abort();
      if (this.controller === controller) this.controller = undefined;
      this.host.changed();
    }
    if (woke) this.host.wake();
    else if (!signal.aborted && this.problem === null) {
      // The microphone's stream ended by itself (it never does while it works): say so rather than wait silently.
      this.problem = _('The microphone stopped; the wake phrase is no longer heard.');
      this.host.message(this.problem);
    }
    this.refresh();
  }

  /** The detector for `model`, kept between wakes (loading it costs a second) until the setting names another. */
  private open(model: string): Promise<WakePhraseDetector> {
    if (this.detector?.model !== model) {
      const old = this.detector;
      void old?.opened.then((detector) => detector.close(), () => undefined);
      const entry = { model, opened: this.parts.detector(model) };
      this.detector = entry;
      entry.opened.catch(() => {
        if (this.detector === entry) this.detector = undefined;
      });
    }
    return this.detector!.opened;
  }

  async dispose(): Promise<void> {
    this.problem = _('The window closed.');
    this.stop();
    const detector = await this.detector?.opened.catch(() => undefined);
    await detector?.close();
  }
}
