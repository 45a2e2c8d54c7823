import type { GraphStore, OpenStoreOptions } from '../store/index.js';
import type { CliContext } from './context.js';
import { openCommandStore } from './open-command-store.js';

/**
 * Opens the workspace store for one command and closes it afterwards. The
 * process must then exit explicitly (main.ts does): the embedded engine
 * keeps a thread alive after close.
 */
export async function withStore<T>(ctx: CliContext, run: (store: GraphStore) => Promise<T>, options: OpenStoreOptions = {}): Promise<T> {
  const store = await openCommandStore(ctx, options);
  const unregister = ctx.lifecycle.register('store', () => store.close());
  try {
    return await run(store);
  } finally {
    unregister();
    await store.close();
  }
}
