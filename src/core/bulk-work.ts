import { EventBus } from './event-bus.js';

/**
 * Whether bulk work (an import of a folder) is changing the workspace in
 * this process, for the views that show its changes: while it runs they
 * show them at a slow beat and once when it ends, rather than guessing from
 * the gaps between changes. An import's transactions come every 100–400 ms
 * depending on the machine and the notes, so any gap short enough to tell a
 * burst from typing was also long enough to split an import into many
 * bursts, each drawn whole.
 */
export class BulkWork {
  private running = 0;
  private readonly events = new EventBus<{ change: boolean }>();

  get busy(): boolean {
    return this.running > 0;
  }

  /** Runs `work` as bulk work: `busy` from now until it settles. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    this.running += 1;
    if (this.running === 1) this.events.emit('change', true);
    try {
      return await work();
    } finally {
      this.running -= 1;
      if (this.running === 0) this.events.emit('change', false);
    }
  }

  /** Called with the new state each time `busy` changes; the returned function unsubscribes. */
  onChange(listener: (busy: boolean) => void): () => void {
    return this.events.on('change', listener);
  }
}

/** The process's bulk work: imports report to it, the window's canvas reads it. */
export const bulkWork = new BulkWork();
