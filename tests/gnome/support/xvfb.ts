import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { killGroup } from '../../support/private-session.js';

/** An X server on a display number it picks itself (-displayfd), so parallel test files never collide. */
export async function startXvfb(): Promise<{ display: string; stop: () => Promise<void> }> {
  const xvfb: ChildProcess = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
    detached: true,
  });
  const display = await new Promise<string>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error('Xvfb did not report its display')), 15_000);
    (xvfb.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) {
        clearTimeout(timer);
        resolve(`:${text.trim()}`);
      }
    });
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited with ${code}`)));
  });
  return {
    display,
    stop: async () => {
      await killGroup(xvfb);
      const socket = `/tmp/.X11-unix/X${display.slice(1)}`;
      if (fs.existsSync(socket)) fs.rmSync(socket, { force: true });
    },
  };
}
