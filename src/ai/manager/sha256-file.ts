import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';

/** Streams a file through sha256 (flat memory for multi-gigabyte models). */
export async function sha256File(file: string, hash: Hash = createHash('sha256'), signal?: AbortSignal): Promise<string> {
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20, ...(signal ? { signal } : {}) })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function isSha256(value: string): boolean {
  return /^[0-9a-f]{64}$/i.test(value);
}
