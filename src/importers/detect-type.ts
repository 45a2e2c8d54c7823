import { execFile } from 'node:child_process';

/**
 * Names what a file really is, for "unsupported type (detected …)". libmagic
 * (`file`) knows thousands of formats; it reads the head only, from stdin,
 * so the path is never handed to it. Without it, a coarse guess.
 */
export function detectType(head: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const child = execFile('file', ['--brief', '--mime-type', '-'], { timeout: 5000, encoding: 'utf8' }, (error, stdout) => {
      const mime = stdout.trim();
      resolve(!error && mime !== '' ? mime : coarseType(head));
    });
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(head.subarray(0, 64 * 1024));
  });
}

function coarseType(head: Buffer): string {
  if (head.length === 0) return 'application/x-empty';
  return head.includes(0) ? 'application/octet-stream' : 'text/plain';
}
