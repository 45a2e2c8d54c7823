import type { ChildProcess } from 'node:child_process';

/** The port a `sovereign serve --port 0` child announces on stdout ("… at http://127.0.0.1:PORT/v1"); rejects if it exits first. */
export function servePort(child: ChildProcess): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /127\.0\.0\.1:(\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`serve exited early with ${code}`)));
  });
}
