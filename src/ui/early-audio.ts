import type { AudioSource } from '../voice/audio-source.js';

/**
 * Starts hearing `source` now and keeps what it hears until it is read:
 * the speech model takes seconds to load on the first press, and what the
 * person says meanwhile must not be lost (nor the level meter wait for it).
 * Memory is bounded by the load time (16 kHz floats: 64 KiB a second).
 * Stops when `signal` aborts or the source ends; its failure is thrown to
 * the reader.
 */
export function hearFromNow(source: AudioSource, signal: AbortSignal): AudioSource {
  const queue: Float32Array[] = [];
  let ended = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    wake?.();
    wake = undefined;
  };
  void (async () => {
    try {
      for await (const chunk of source.chunks(signal)) {
        queue.push(chunk);
        notify();
      }
    } catch (error) {
      failure = error;
    } finally {
      ended = true;
      notify();
    }
  })();
  return {
    name: source.name,
    async *chunks(readerSignal: AbortSignal): AsyncIterable<Float32Array> {
      // One abort listener for the whole read: one per wait piled up a listener per chunk (50 a second) until listening ended.
      readerSignal.addEventListener('abort', notify, { once: true });
      try {
        while (!readerSignal.aborted) {
          const chunk = queue.shift();
          if (chunk) {
            yield chunk;
            continue;
          }
          if (ended) {
            if (failure !== undefined) throw failure;
            return;
          }
          await new Promise<void>((resolve) => (wake = resolve));
        }
      } finally {
        readerSignal.removeEventListener('abort', notify);
      }
    },
  };
}
