/** One item's result, or what it threw: a failed file is reported in its place, not thrown out of the loop. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Runs `read` over the items with at most `width` running at once and
 * yields the results in the items' order, whatever order they finish in.
 * Import reads and parses the next files while the current one is judged
 * and the last batch is written: the file system and the database engine
 * work on their own threads, so a few in flight keep both busy, and the
 * order stays the order the files were found in (the summary, "first file
 * wins" for duplicates and the resume after a crash depend on it).
 * A consumer that stops early (Cancel) waits here for the reads already
 * started, so no file handle or child process outlives the import.
 */
export async function* readAhead<I, T>(items: readonly I[], width: number, read: (item: I) => Promise<T>): AsyncGenerator<Settled<T>> {
  const running: Promise<Settled<T>>[] = [];
  let next = 0;
  const start = () => {
    const item = items[next++]!;
    running.push(
      read(item).then(
        (value): Settled<T> => ({ ok: true, value }),
        (error: unknown): Settled<T> => ({ ok: false, error }),
      ),
    );
  };
  try {
    while (next < items.length && running.length < Math.max(1, width)) start();
    while (running.length > 0) {
      const result = await running.shift()!;
      if (next < items.length) start();
      yield result;
    }
  } finally {
    await Promise.all(running);
  }
}
