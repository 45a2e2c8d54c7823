import { createLogger } from './log.js';

const log = createLogger('lifecycle');

export type Closer = () => void | Promise<void>;

interface Registration {
  name: string;
  close: Closer;
}

/**
 * Owns the orderly shutdown of a process: resources register a closer when
 * they open, and on SIGINT/SIGTERM (or an explicit shutdown) they are closed
 * in reverse order. If closing takes longer than the deadline the process
 * exits anyway, so a stuck database handle never keeps it alive.
 */
export class Lifecycle {
  private readonly closers: Registration[] = [];
  private shuttingDown: Promise<void> | undefined;
  private signalHandlersInstalled = false;

  constructor(
    private readonly deadlineMs = 2000,
    private readonly exit: (code: number) => void = (code) => process.exit(code),
  ) {}

  /** Registers a closer; returns a function that unregisters it (for resources closed early). */
  register(name: string, close: Closer): () => void {
    const registration = { name, close };
    this.closers.push(registration);
    return () => {
      const index = this.closers.indexOf(registration);
      if (index >= 0) this.closers.splice(index, 1);
    };
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown !== undefined;
  }

  installSignalHandlers(): void {
    if (this.signalHandlersInstalled) return;
    this.signalHandlersInstalled = true;
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.on(signal, () => {
        log.info('signal received, shutting down', { signal });
        void this.shutdown(signal === 'SIGINT' ? 130 : 143);
      });
    }
  }

  /** Closes everything (once) and exits with the code. */
  shutdown(code = 0): Promise<void> {
    if (this.shuttingDown) return this.shuttingDown;
    const timer = setTimeout(() => {
      log.error('shutdown deadline passed; exiting without waiting', { deadlineMs: this.deadlineMs });
      this.exit(code === 0 ? 1 : code);
    }, this.deadlineMs);
    timer.unref();
    this.shuttingDown = this.closeAll().then(() => {
      clearTimeout(timer);
      this.exit(code);
    });
    return this.shuttingDown;
  }

  /** Closes every registered resource in reverse order without exiting. */
  async closeAll(): Promise<void> {
    while (this.closers.length > 0) {
      const { name, close } = this.closers.pop()!;
      try {
        await close();
        log.debug('closed', { name });
      } catch (error) {
        log.error('failed to close', { name, error });
      }
    }
  }
}
