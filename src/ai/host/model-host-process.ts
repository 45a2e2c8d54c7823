import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SovereignError, _, createLogger, format } from '../../core/index.js';
import type { AppMessage, HostMessage, RequestBody, RequestType, Results, WireError } from './protocol.js';

const log = createLogger('ai.host');

/** The compiled host entry, next to this module (build/src/ai/host/main.js). */
export const HOST_ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'main.js');

/**
 * Settings that make glibc give freed model memory back to the system, so
 * repeated load/unload cycles do not ratchet the host's RSS up.
 */
export const HOST_ENV: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_TRIM_THRESHOLD_: '0',
  MALLOC_MMAP_THRESHOLD_: '65536',
  // On an abort ggml would attach gdb to print a backtrace: seconds of delay
  // before the app learns the host is gone, for a trace nobody reads.
  GGML_NO_BACKTRACE: '1',
};

interface Pending {
  type: RequestType;
  resolve: (value: unknown) => void;
  reject: (error: SovereignError) => void;
  onChunk: ((text: string) => void) | undefined;
  description: string;
}

export interface HostExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last lines the host wrote to stderr (llama.cpp's reason for an abort). */
  lastOutput: string;
}

export interface ModelHostOptions {
  threads: number;
  /** Called when the host dies on its own (not when stopped): every loaded model is gone. */
  onCrash?: (exit: HostExit) => void;
}

/**
 * The app's side of the model host: forks it on first use, sends typed
 * requests, streams chunks back, and turns a host that dies into a clear
 * error for every request in flight. The next request starts a new host.
 */
export class ModelHostProcess {
  private child: ChildProcess | undefined;
  private ready: Promise<void> | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stderrTail = '';
  private stopping = false;
  private starts = 0;
  private crashes = 0;
  private starting = false;
  private exitPending = false;
  /** Requests waiting for the host to start (not yet in pending). */
  private waiting = 0;

  constructor(private readonly options: ModelHostOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** How many times a host process was started (restarts after crashes and idle exits included). */
  get startCount(): number {
    return this.starts;
  }

  /** How many times the host died on its own. */
  get crashCount(): number {
    return this.crashes;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  private start(): Promise<void> {
    if (this.ready) return this.ready;
    this.stopping = false;
    this.stderrTail = '';
    this.starts++;
    const child = fork(HOST_ENTRY, [], {
      env: { ...process.env, ...HOST_ENV, SOVEREIGN_MODEL_THREADS: String(this.options.threads) },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    this.child = child;
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      this.stderrTail = (this.stderrTail + text).slice(-4000);
      for (const line of text.split('\n')) if (line.trim()) log.debug('host output', { line });
    });
    this.ready = new Promise<void>((resolve, reject) => {
      const onReady = (message: HostMessage) => {
        if (message.type === 'ready') {
          child.off('message', onReady);
          resolve();
        }
      };
      child.on('message', onReady);
      child.once('exit', () => reject(this.exitError('start', { code: child.exitCode, signal: child.signalCode, lastOutput: this.stderrTail })));
      child.once('error', (error) => reject(new SovereignError('model', format(_('The model process could not be started: {message}'), { message: error.message }))));
    });
    child.on('message', (message: HostMessage) => this.onMessage(message));
    child.once('exit', (code, signal) => this.onExit(child, { code, signal, lastOutput: this.stderrTail }));
    // An idle host does not keep the app alive; the channel is referenced
    // while the host starts and while requests are in flight (refChannel).
    this.starting = true;
    const settle = () => {
      this.starting = false;
      this.refChannel();
    };
    void this.ready.then(settle, settle);
    return this.ready;
  }

  private onMessage(message: HostMessage): void {
    if (message.type === 'ready') return;
    const pending = this.pending.get(message.id);
    if (!pending) return;
    if (message.type === 'chunk') {
      pending.onChunk?.(message.text);
      return;
    }
    this.pending.delete(message.id);
    this.refChannel();
    if (message.type === 'result') pending.resolve(message.value);
    else pending.reject(fromWireError(message.error));
    if (this.exitPending) void this.exitIfIdle();
  }

  private onExit(child: ChildProcess, exit: HostExit): void {
    if (this.child !== child) return;
    this.child = undefined;
    this.ready = undefined;
    this.exitPending = false;
    const expected = this.stopping;
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      pending.reject(expected ? new SovereignError('cancelled', _('The model process was stopped.')) : this.exitError(pending.description, exit));
    }
    if (!expected) {
      this.crashes++;
      log.warn('model process exited unexpectedly', { code: exit.code, signal: exit.signal });
      this.options.onCrash?.(exit);
    }
  }

  private exitError(what: string, exit: HostExit): SovereignError {
    const how = exit.signal ? format(_('killed by {signal}'), { signal: exit.signal }) : format(_('exit status {code}'), { code: String(exit.code) });
    const reason = lastMeaningfulLine(exit.lastOutput);
    return new SovereignError(
      'model',
      format(_('The model process stopped unexpectedly ({how}) during {what}.'), { how, what }) + (reason ? ` ${reason}` : ''),
      {
        hint: _('The model file may be damaged or not supported, or the machine ran out of memory. The next request starts a new model process.'),
        detail: { code: exit.code, signal: exit.signal },
      },
    );
  }

  /**
   * Keeps the app alive only while requests are in flight: the process
   * handle too, so that a host dying mid-request is still seen (its exit
   * event) before the app's event loop could run empty.
   */
  private refChannel(): void {
    const child = this.child as (ChildProcess & { channel?: { ref(): void; unref(): void } }) | undefined;
    if (!child) return;
    const busy = this.pending.size > 0 || this.starting;
    for (const handle of [child, child.channel, child.stderr as unknown as { ref(): void; unref(): void } | null]) {
      if (!handle) continue;
      if (busy) handle.ref();
      else handle.unref();
    }
  }

  async request<K extends RequestType>(
    type: K,
    body: RequestBody<K>,
    options: { signal?: AbortSignal; onChunk?: (text: string) => void; description?: string } = {},
  ): Promise<Results[K]> {
    if (options.signal?.aborted) throw new SovereignError('cancelled', _('The request was cancelled.'));
    // Work for the host keeps it; a status query alone does not.
    if (type !== 'status') this.exitPending = false;
    // Waiting for the host counts as in flight: an idle exit must not take it away meanwhile.
    this.waiting++;
    try {
      await this.start();
    } finally {
      this.waiting--;
    }
    const child = this.child;
    if (!child) throw new SovereignError('model', _('The model process is not running.'));
    const id = this.nextId++;
    return new Promise<Results[K]>((resolve, reject) => {
      const onAbort = () => {
        if (this.pending.has(id)) child.send({ type: 'cancel', id } satisfies AppMessage);
      };
      this.pending.set(id, {
        type,
        resolve: (value) => {
          options.signal?.removeEventListener('abort', onAbort);
          resolve(value as Results[K]);
        },
        reject: (error) => {
          options.signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
        onChunk: options.onChunk,
        description: options.description ?? type,
      });
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.refChannel();
      child.send({ type, id, ...body } as AppMessage);
    });
  }

  /** Stops the host (models are unloaded with it); resolves when it has exited. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.stopping = true;
    await terminate(child);
  }

  /**
   * Ends the host once no request is in flight: now (resolving true when it
   * has exited), or, while requests are in flight, when the last of them is
   * answered (resolving false now), unless a request other than a status
   * query comes first. Whatever llama.cpp, glibc and V8 kept after a model
   * was unloaded goes back to the system with the process; the next request
   * starts a new host.
   */
  exitWhenIdle(): Promise<boolean> {
    this.exitPending = true;
    return this.exitIfIdle();
  }

  private async exitIfIdle(): Promise<boolean> {
    const child = this.child;
    if (!child || !this.exitPending || this.pending.size > 0 || this.waiting > 0 || this.starting) return false;
    this.exitPending = false;
    // Detached first: a request made from now on starts a new host instead
    // of reaching this one while it exits (onExit ignores a detached child).
    this.child = undefined;
    this.ready = undefined;
    await terminate(child);
    log.debug('idle model process exited', { pid: child.pid });
    return true;
  }
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
  await exited;
  clearTimeout(timer);
}

function fromWireError(error: WireError): SovereignError {
  return new SovereignError(error.kind, error.message, error.hint ? { hint: error.hint } : {});
}

function lastMeaningfulLine(output: string): string | undefined {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('[llama debug]'));
  const interesting = lines.filter((line) => /error|failed|abort|assert|key not found|missing/i.test(line));
  return (interesting.at(-1) ?? lines.at(-1))?.slice(0, 300);
}
