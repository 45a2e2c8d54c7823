import { _, createLogger, format, isSovereignError, messageOf } from '../core/index.js';
import type { AudioLevel } from '../voice/audio-level.js';
import type { AudioSource } from '../voice/audio-source.js';
import type { listen, ListenEvent, ListenMode } from '../voice/listen.js';
import type { SpeechDetector } from '../voice/speech-detector.js';
import type { Transcriber, TranscriptSegment } from '../voice/transcriber.js';
import type { SpokenAnswer } from './command-bar.js';
import { hearFromNow } from './early-audio.js';
import { spawnTask } from './guard.js';
import type { UiVoice } from './services.js';

const log = createLogger('ui.voice');

/** An editor that dictation writes into. */
export interface DictationEditor {
  title: string;
  /** Inserts at the editor's cursor. */
  insert(text: string): void;
}

/** What the microphone button needs from the window around it. */
export interface VoiceHost {
  voice(): Promise<UiVoice>;
  /** The microphone chosen in Preferences › Voice ('' for the session's default). */
  inputDevice(): string;
  /** The editor holding the keyboard focus when listening starts: dictation goes there. */
  focusedEditor(): DictationEditor | undefined;
  /** "take a note: …": a new note holding `text`, opened with the cursor in it. */
  newNoteForDictation(text: string): Promise<DictationEditor>;
  /** The command bar's route for a spoken command. */
  runCommand(transcript: string): Promise<SpokenAnswer>;
  /** A problem the person has to know about; `models`: the message offers Preferences › Models. */
  message(text: string, offer?: 'models'): void;
  speak(text: string): void;
  stopSpeaking(): void;
  level(level: AudioLevel | undefined): void;
  changed(): void;
}

/** What opens the microphone, the speech detector and (once) the speech model: real parts, given by the window. */
export interface VoiceParts {
  microphone(device: string, onLevel: (level: AudioLevel) => void): AudioSource;
  detector(): Promise<SpeechDetector>;
  listen: typeof listen;
}

/** What the microphone is doing, for the mode label and the test probe. */
export interface VoiceState {
  listening: boolean;
  mode: ListenMode | null;
  /** The on-screen words: "Listening — command", "Dictating into Groceries". */
  label: string;
  transcripts: string[];
  answers: SpokenAnswer[];
  dictated: string[];
  messages: string[];
  /** When each utterance's transcription ran (epoch ms; endedAt null while it runs): the lag benchmark's transcribing phase. */
  transcriptions: { startedAt: number; endedAt: number | null }[];
}

/**
 * Push-to-talk for the window: the microphone through the speech detector
 * and the transcriber (src/voice/listen.ts, the one listening service that
 * `sovereign listen` uses too) into the command bar's route, or into the
 * editor that had the focus. Command mode takes one utterance per press;
 * dictation goes on until "stop dictation", release or a second press.
 */
export class VoiceInput {
  private controller: AbortController | undefined;
  /** Ends the microphone without cancelling: the utterance in progress is still transcribed (the button released). */
  private release: AbortController | undefined;
  /** The loaded speech model, kept between presses (loading costs seconds) until the setting names another file. */
  private transcriber: { model: string; opened: Promise<Transcriber> } | undefined;
  private detector: Promise<SpeechDetector> | undefined;
  private target: DictationEditor | undefined;
  private readonly shown: VoiceState = { listening: false, mode: null, label: '', transcripts: [], answers: [], dictated: [], messages: [], transcriptions: [] };

  constructor(
    private readonly host: VoiceHost,
    private readonly parts: VoiceParts,
  ) {}

  get state(): VoiceState {
    return { ...this.shown, transcripts: [...this.shown.transcripts], answers: [...this.shown.answers], dictated: [...this.shown.dictated], messages: [...this.shown.messages], transcriptions: this.shown.transcriptions.map((run) => ({ ...run })) };
  }

  get listening(): boolean {
    return this.controller !== undefined;
  }

  /** Starts listening, in dictation when an editor has the focus, else for a command. Talking also silences a spoken answer. */
  start(): void {
    if (this.controller) return;
    this.host.stopSpeaking();
    this.target = this.host.focusedEditor();
    const mode: ListenMode = this.target ? 'dictation' : 'command';
    const controller = (this.controller = new AbortController());
    const release = (this.release = new AbortController());
    this.show(true, mode);
    spawnTask('voice.listen', () => this.run(mode, controller, release));
  }

  /** The button or the shortcut let go: the microphone closes, what was said is still heard out. */
  finish(): void {
    this.release?.abort();
  }

  /** Escape: listening stops now, nothing more is transcribed, and a spoken answer stops. */
  cancel(): void {
    this.controller?.abort();
    this.host.stopSpeaking();
  }

  private async run(mode: ListenMode, controller: AbortController, release: AbortController): Promise<void> {
    const signal = controller.signal;
    const answersBefore = this.shown.answers.length;
    const transcriptsBefore = this.shown.transcripts.length;
    const dictatedBefore = this.shown.dictated.length;
    try {
      const microphone = this.parts.microphone(this.host.inputDevice(), (level) => {
        if (!signal.aborted && !release.signal.aborted) this.host.level(level);
      });
      // The microphone opens at once, before the speech model has loaded.
      const source = hearFromNow(microphone, AbortSignal.any([signal, release.signal]));
      // Loaded before the first utterance, so a missing or broken model is said at once.
      const [, detector] = await Promise.all([this.openTranscriber(), this.openDetector()]);
      if (signal.aborted) return;
      const events = this.parts.listen({
        source,
        detector,
        transcriber: { transcribe: (samples, transcribing) => this.transcribe(samples, transcribing) },
        mode,
        // Command mode ends at the first command heard (below), not the first utterance: a cough transcribes to nothing.
        signal,
        commands: async (transcript) => this.host.runCommand(transcript),
        dictation: {
          append: async (text) => this.dictate(text),
          newNote: async (text) => {
            this.target = await this.host.newNoteForDictation(text);
            this.shown.dictated.push(text);
            this.show(true, 'dictation');
          },
        },
      });
      for await (const event of events) this.handle(event, controller);
      // Speech was heard but none of it made words (the "no speech" case has its own message).
      const heardNothing =
        mode === 'command' && !signal.aborted && this.shown.answers.length === answersBefore && this.shown.dictated.length === dictatedBefore && this.shown.transcripts.length > transcriptsBefore;
      if (heardNothing) this.say(_('Nothing clear was heard; please say it again.'));
    } catch (error) {
      this.problem(error);
    } finally {
      // The microphone closes however listening ended (a model that failed to load included).
      controller.abort();
      if (this.controller === controller) {
        this.controller = undefined;
        this.release = undefined;
      }
      this.host.level(undefined);
      this.show(false, null);
    }
  }

  private handle(event: ListenEvent, controller: AbortController): void {
    switch (event.type) {
      case 'speech-started':
        // The person talks over a spoken answer: it stops.
        this.host.stopSpeaking();
        break;
      case 'transcript':
        this.shown.transcripts.push(event.text);
        this.host.changed();
        break;
      case 'command-result':
        this.shown.answers.push({ status: event.status as SpokenAnswer['status'], message: event.message });
        // Only a spoken command is answered aloud; the command bar shows the same sentence.
        if (event.message) this.host.speak(event.message);
        this.host.changed();
        // One command per press: the microphone closes (the answer is still spoken).
        controller.abort();
        break;
      case 'no-speech':
        this.say(_('No speech was heard.'));
        break;
      case 'error':
        this.problem(event.error);
        break;
      default:
        break;
    }
  }

  private dictate(text: string): void {
    if (!text) return;
    if (!this.target) throw new Error(_('The note being dictated into was closed.'));
    this.target.insert(text);
    this.shown.dictated.push(text);
    this.host.changed();
  }

  /**
   * The speech model the setting names now: the one already loaded, or (the
   * setting changed, even while listening) that one loaded in its place. A
   * failure is forgotten, so the next press tries again.
   */
  private async openTranscriber(): Promise<Transcriber> {
    const voice = await this.host.voice();
    const model = voice.speechModel();
    if (this.transcriber?.model !== model) {
      this.forgetTranscriber();
      const entry = { model, opened: voice.openTranscriber() };
      this.transcriber = entry;
      entry.opened.catch(() => {
        if (this.transcriber === entry) this.transcriber = undefined;
      });
    }
    return this.transcriber!.opened;
  }

  /** One utterance; a model that failed while transcribing (its process killed, its file broken) is loaded afresh next time. */
  private async transcribe(samples: Float32Array, signal: AbortSignal | undefined): Promise<TranscriptSegment[]> {
    const transcriber = await this.openTranscriber();
    const run = { startedAt: Date.now(), endedAt: null as number | null };
    this.shown.transcriptions.push(run);
    try {
      return await transcriber.transcribe(samples, signal);
    } catch (error) {
      if (!isSovereignError(error, 'cancelled')) this.forgetTranscriber();
      throw error;
    } finally {
      run.endedAt = Date.now();
    }
  }

  private forgetTranscriber(): void {
    const old = this.transcriber;
    this.transcriber = undefined;
    void old?.opened.then((transcriber) => transcriber.close(), () => undefined);
  }

  private openDetector(): Promise<SpeechDetector> {
    this.detector ??= this.parts.detector();
    this.detector.catch(() => (this.detector = undefined));
    return this.detector;
  }

  private problem(error: unknown): void {
    log.info('listening stopped', { error });
    // A missing or broken speech model: the message offers Preferences › Models, where another can be chosen.
    const speechModel = isSovereignError(error, 'model') || (isSovereignError(error, 'not-found') && /speech model/i.test(error.message));
    this.say(isSovereignError(error) ? error.message : messageOf(error), speechModel ? 'models' : undefined);
  }

  private say(message: string, offer?: 'models'): void {
    this.shown.messages.push(message);
    this.host.message(message, offer);
  }

  private show(listening: boolean, mode: ListenMode | null): void {
    this.shown.listening = listening;
    this.shown.mode = mode;
    this.shown.label = !listening ? '' : mode === 'dictation' ? format(_('Dictating into {title}'), { title: this.target?.title ?? '' }) : _('Listening — command');
    this.host.changed();
  }

  /** Closes the speech model's process and the detector's worker (the window closes). */
  async dispose(): Promise<void> {
    this.cancel();
    const [transcriber, detector] = await Promise.allSettled([this.transcriber?.opened, this.detector]);
    if (transcriber.status === 'fulfilled') await transcriber.value?.close();
    if (detector.status === 'fulfilled') await detector.value?.close();
  }
}
