import { createLogger } from '../../core/index.js';
import type { StoreChange, StoreChangeListener } from '../changes.js';

const log = createLogger('store.changes');

/** Distributive Omit, so each StoreChange variant keeps its own fields. */
export type UnsequencedChange = StoreChange extends infer C ? (C extends StoreChange ? Omit<C, 'seq'> : never) : never;

/** Numbers committed changes and hands them to listeners, in order. */
export class ChangeFeed {
  private readonly listeners = new Set<StoreChangeListener>();
  private seq = 0;

  get lastSeq(): number {
    return this.seq;
  }

  subscribe(listener: StoreChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(changes: readonly UnsequencedChange[]): void {
    for (const change of changes) {
      const sequenced = { ...change, seq: ++this.seq } as StoreChange;
      for (const listener of [...this.listeners]) {
        try {
          listener(sequenced);
        } catch (error) {
          log.error('a change listener failed', { error, kind: sequenced.kind });
        }
      }
    }
  }
}
