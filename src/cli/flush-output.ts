/**
 * Waits until everything written to the streams so far has reached the
 * kernel. A pipe holds 64 KiB; beyond that Node queues the rest in memory
 * and writes it as the reader drains the pipe, so a process.exit() right
 * after the last write() cuts the output at 64 KiB (`sovereign doc show ID |
 * cat` gave 65536 bytes of a 1 MB document). Writes complete in order, so
 * the callback of an empty write comes after every earlier write is out.
 *
 * A reader that went away (`| head -1`) makes the write fail with EPIPE:
 * there is nobody left to tell, so that ends the wait instead of throwing.
 */
export async function flushOutput(streams: readonly NodeJS.WriteStream[]): Promise<void> {
  await Promise.all(streams.map(flushOne));
}

function flushOne(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.destroyed || stream.writableEnded) return Promise.resolve();
  return new Promise((resolve) => {
    // Without a listener, a broken pipe would surface as an uncaught 'error' event.
    stream.on('error', () => resolve());
    stream.write('', () => resolve());
  });
}
