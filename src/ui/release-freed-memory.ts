import { performance } from 'node:perf_hooks';
import koffi from 'koffi';
import { createLogger } from '../core/index.js';

const log = createLogger('ui.memory');

/** glibc's `int malloc_trim(size_t pad)`, bound once; null where the C library has none (musl). */
let mallocTrim: ((pad: number) => number) | null | undefined;

function bind(): ((pad: number) => number) | null {
  try {
    return koffi.load('libc.so.6').func('int malloc_trim(size_t pad)') as (pad: number) => number;
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
 * window shows the workspace; a few milliseconds.
 *
 * A full V8 collection here as well (through --expose-gc) was tried: it took
 * 0.5-0.9 s of the loop at load 10 and left the RSS where malloc_trim alone
 * does (V8 keeps the pages it emptied committed), so it is not done.
 */
export function releaseFreedMemory(): void {
  mallocTrim ??= bind();
  if (!mallocTrim) return;
  const before = process.memoryUsage.rss();
  const begun = performance.now();
  mallocTrim(0);
  log.debug('freed memory released', { ms: Math.round(performance.now() - begun), rssBeforeMiB: Math.round(before / 2 ** 20), rssAfterMiB: Math.round(process.memoryUsage.rss() / 2 ** 20) });
}
