import { performance } from 'node:perf_hooks';
import koffi from 'koffi';
import { createLogger } from '../core/index.js';

const log = createLogger('ui.memory');

/** glibc's `int malloc_trim(size_t pad)`, called on koffi's worker thread; null where the C library has none (musl). */
type MallocTrim = (pad: number, done: (error: unknown, released: number) => void) => void;
let mallocTrim: MallocTrim | null | undefined;

function bind(): MallocTrim | null {
  try {
    const trim = koffi.load('libc.so.6').func('int malloc_trim(size_t pad)');
    return (pad, done) => trim.async(pad, done);
  } catch (error) {
    log.debug('malloc_trim is not available; freed memory stays with malloc', { error });
    return null;
  }
}

/**
 * Hands the pages that malloc holds free back to the system. Opening a
 * workspace frees much more than it keeps: the model snapshot's text and its
 * parsed columns, the store's read buffers, GTK's and llvmpipe's start-up
 * allocations. glibc returns memory on free() only from the top of the main
 * arena; the free pages inside it and in the per-thread arenas (RocksDB's,
 * llvmpipe's and GTK's threads) stay resident until a malloc_trim, which
 * walks every arena and releases them (madvise). Called once, when the
 * window shows the workspace.
 *
 * The trim runs on a worker thread (malloc_trim takes each arena's lock, as
 * malloc does): it took 12-187 ms under load, which on the main loop would
 * hold up frames. Resolves when it is done; it never rejects.
 *
 * A full V8 collection here as well (through --expose-gc) was tried: it took
 * 0.5-0.9 s of the loop at load 10 and left the RSS where malloc_trim alone
 * does (V8 keeps the pages it emptied committed), so it is not done.
 */
export function releaseFreedMemory(): Promise<void> {
  mallocTrim ??= bind();
  const trim = mallocTrim;
  if (!trim) return Promise.resolve();
  const before = process.memoryUsage.rss();
  const begun = performance.now();
  return new Promise((resolve) =>
    trim(0, (error) => {
      if (error) log.debug('malloc_trim failed; freed memory stays with malloc', { error });
      else log.debug('freed memory released', { ms: Math.round(performance.now() - begun), rssBeforeMiB: Math.round(before / 2 ** 20), rssAfterMiB: Math.round(process.memoryUsage.rss() / 2 ** 20) });
      resolve();
    }),
  );
}
