import { spawn, execFile, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { cliEntry, repoRoot } from '../../support/repo.js';
import { waitFor, xdotool, type TestDisplay } from './display.js';

const run = promisify(execFile);

/** What a document panel's markdown editor reports to the probe. */
export interface EditorProbe {
  /** Absent above 20,000 characters. */
  text?: string;
  length: number;
  saveState: 'saved' | 'unsaved' | 'failed';
  savedText?: string;
  sessionVersions: number;
  words: number | null;
  characters: number | null;
  mode: 'edit' | 'preview' | 'split';
  /** Markdown is highlighted (not in a very long document). */
  highlighted: boolean;
  /** The footer's text: counts, whether it is saved, and what is turned off. */
  footer: string;
  previewBlocks: number;
  find: { visible: boolean; matches: number };
  completion: string[];
  /** Where each offered title is, in the window's surface. */
  completionAt: { x: number; y: number }[];
  /** The Ctrl+S popover asking for a version message is open. */
  askingVersionMessage: boolean;
  focused: boolean;
  changedElsewhere: boolean;
  canUndo: boolean;
  keyToFrame: { frames: number; medianMs: number; p95Ms: number };
  /** GTK's own paint of those frames (frame clock before-paint to after-paint). */
  keyFramePaint: { frames: number; medianMs: number; p95Ms: number };
  /** How often the editor had to copy its whole text out of the buffer again (its own copy drifted); 0 when all is well. */
  textRereads: number;
}

/** What the app's test probe (SOVEREIGN_UI_PROBE) reports. */
export interface ProbeState {
  time: number;
  rss: number;
  /**
   * With SOVEREIGN_UI_PROBE_LAG=1: main-loop lag over the last 5 s as measured, the same less the
   * time the probe itself held the loop, and the probe's time per write.
   */
  loopLag?: {
    p99Ms: number;
    maxMs: number;
    samples: number;
    withoutProbe: { p99Ms: number; maxMs: number; samples: number };
    probe: { writes: number; medianMs: number; p99Ms: number; maxMs: number };
  };
  window: null | {
    view: string;
    importing: boolean;
    viewport: { centerX: number; centerY: number; zoom: number } | null;
    viewportTarget: { centerX: number; centerY: number; zoom: number } | null;
    animating: boolean;
    selected: string | null;
    selectedPosition: { x: number; y: number; userPlaced: boolean } | null;
    /** The selected card's rectangle on the canvas (logical pixels of the canvas widget). */
    selectedRect: { x: number; y: number; width: number; height: number } | null;
    panels: { id: string; x: number; y: number; width: number; height: number }[];
    /** Where each panel was laid out, in the canvas widget's coordinates (null before its first layout). */
    panelAllocations: { id: string; bounds: { x: number; y: number; width: number; height: number } | null }[];
    panelStates: { id: string; view: string; versions: number; diffParts: number; title: string; shows: 'loading' | 'editor' | 'too-large' | 'external' | 'not-text'; firstPaintMs: number | null; editor: EditorProbe | null }[];
    taskbar: { titles: string[]; buttonsMade: number };
    search: { visible: boolean; focused: boolean; query: string; results: string[]; resultsQuery: string };
    /** The command bar: its text, the text its rows answer, and the rows (first: what Enter does). */
    commandBar: {
      visible: boolean;
      focused: boolean;
      text: string;
      routedText: string;
      running: boolean;
      /** The slower readers (sentence encoder, chat model) are still reading the routed text. */
      thinking: boolean;
      selected: number;
      rows: { kind: 'proposal' | 'choice' | 'confirm' | 'cancel' | 'suggestion' | 'message'; label: string }[];
    };
    /** The chat panel (tests/ui/chat-panel.test.ts reads its other fields). */
    chat: { visible: boolean; question: string; status: string };
    /** The Undo button of the toast on screen, in canvas coordinates (null: none shown). */
    undoButton: { x: number; y: number; width: number; height: number } | null;
    /** The taskbar's Ask button, in canvas coordinates. */
    askButton: { x: number; y: number; width: number; height: number } | null;
    presenter: string | null;
    /** The last few toasts shown, newest last. */
    toasts: string[];
    frames: number;
    /** Frames the window's frame clock has run (whatever drew them, the canvas or not). */
    windowFrames: number;
    frameTimes: { frames: number; medianMs: number; p95Ms: number } | null;
    firstPaintAt: number | null;
    firstCanvasFrameAt: number | null;
    focusedCardLabel: string;
    canvasOrigin: { x: number; y: number } | null;
    canvasSize: { width: number; height: number; scale: number } | null;
    width: number;
    height: number;
    documents: number;
    searchReady: boolean;
    /** Cards with a thumbnail (or told there is none) and the last morphed card, by document id. */
    cards: Record<string, { title: string | null; thumbnail: 'ready' | 'drawn' | 'broken' | null; owned: boolean | null; rect: { x: number; y: number; width: number; height: number } | null }>;
    /** The last Make It Mine morph: the progress of every frame that drew it. */
    ingest: { documentId: string; frames: number[]; finished: boolean } | null;
  };
}

/** Fills the display's private data home with a workspace (in a child process). */
export async function seedWorkspace(display: TestDisplay, kind: 'sample' | 'big', documents?: number): Promise<void> {
  const script = path.join(repoRoot, 'build', 'tests', 'ui', 'support', 'seed-workspace.js');
  await run(process.execPath, [script, display.home, kind, String(documents ?? '')], { env: display.env, timeout: 600_000 });
}

/** The environment for `sovereign` on a test display: its schema, its data home, the probe. */
export function appEnv(display: TestDisplay, probeFile: string, extraConfig = ''): NodeJS.ProcessEnv {
  // A loaded CI machine can take longer than the default 10 s to open the database.
  const configDir = path.join(display.env['XDG_CONFIG_HOME']!, 'sovereign');
  fs.mkdirSync(configDir, { recursive: true });
  fs.writeFileSync(path.join(configDir, 'config.toml'), `[store]\nconnect_timeout_ms = 90000\n${extraConfig}`);
  return {
    ...display.env,
    XDG_DATA_HOME: path.join(display.home, 'data'),
    XDG_CACHE_HOME: path.join(display.home, 'cache'),
    GSETTINGS_SCHEMA_DIR: path.join(repoRoot, 'build', 'data', 'glib-2.0', 'schemas'),
    SOVEREIGN_UI_PROBE: probeFile,
  };
}

/** A running `sovereign` window with its probe file. */
export class SovereignApp {
  readonly child: ChildProcess;
  readonly output: string[] = [];
  readonly probeFile: string;

  /** `args`: the command line after `sovereign`; `env`: changes to the app's environment (undefined removes a variable); `nodeArgs`: Node's own options (a benchmark's --cpu-prof). */
  constructor(readonly display: TestDisplay, name: string, options: { args?: string[]; env?: NodeJS.ProcessEnv; config?: string; nodeArgs?: string[] } = {}) {
    this.probeFile = path.join(display.home, `${name}-probe.json`);
    fs.rmSync(this.probeFile, { force: true });
    const env = Object.fromEntries(Object.entries({ ...appEnv(display, this.probeFile, options.config), ...options.env }).filter(([, value]) => value !== undefined));
    this.child = spawn(process.execPath, [...(options.nodeArgs ?? []), cliEntry, ...(options.args ?? [])], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [this.child.stdout!, this.child.stderr!]) stream.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
  }

  probe(): ProbeState | undefined {
    try {
      return JSON.parse(fs.readFileSync(this.probeFile, 'utf8')) as ProbeState;
    } catch {
      return undefined;
    }
  }

  /** Waits until the probe satisfies the predicate; returns that state. */
  async until(what: string, predicate: (window: NonNullable<ProbeState['window']>) => boolean, timeoutMs = 90_000): Promise<NonNullable<ProbeState['window']>> {
    const last = () => JSON.stringify(this.probe()?.window ?? null).slice(0, 600);
    return waitFor(
      () => `${what} (last state: ${last()})`,
      () => {
        if (this.ended) throw new Error(`sovereign exited with ${this.child.exitCode ?? this.child.signalCode}: ${this.output.join('').slice(-2000)}`);
        const window = this.probe()?.window;
        return window && predicate(window) ? window : undefined;
      },
      timeoutMs,
    );
  }

  /** The screen position of a point given in the canvas widget's coordinates. */
  async screenPoint(x: number, y: number): Promise<{ x: number; y: number }> {
    const window = await this.until('the canvas position', (w) => w.canvasOrigin !== null);
    const id = (await xdotool(this.display, 'search', '--sync', '--onlyvisible', '--pid', String(this.child.pid))).split('\n')[0]!;
    const geometry = await xdotool(this.display, 'getwindowgeometry', '--shell', id);
    const value = (key: string) => Number(new RegExp(`${key}=(-?\\d+)`).exec(geometry)?.[1] ?? 0);
    return { x: Math.round(value('X') + window.canvasOrigin!.x + x), y: Math.round(value('Y') + window.canvasOrigin!.y + y) };
  }

  /** The process has ended, by exiting or by a signal (a crash leaves exitCode null and sets signalCode). */
  get ended(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  async stop(): Promise<number | NodeJS.Signals | null> {
    if (!this.ended) {
      const exit = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      await exit;
    }
    return this.child.exitCode ?? this.child.signalCode;
  }

  /** The exit status, or the signal's name when the process crashed (SIGSEGV). */
  async exited(timeoutMs = 10_000): Promise<number | NodeJS.Signals | null> {
    if (this.ended) return this.child.exitCode ?? this.child.signalCode;
    // The timer is cleared on exit: a pending one would keep the test process alive for timeoutMs.
    return new Promise<number | NodeJS.Signals | null>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('sovereign did not exit')), timeoutMs);
      this.child.once('exit', (code, signal) => {
        clearTimeout(timer);
        resolve(code ?? signal);
      });
    });
  }
}
