import type { FileHandle } from 'node:fs/promises';
import { sealChunk } from './chunk-cipher.js';

/**
 * Collects plaintext into chunks of `chunkSize`, seals each and appends it to
 * the file; at most one chunk of plaintext is held. finish() seals the rest
 * as the final chunk (possibly empty: the final flag must always be present).
 */
export class EncryptedChunkWriter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private index = 0;
  /** Ciphertext bytes written so far (for progress). */
  written = 0;

  constructor(
    private readonly handle: FileHandle,
    private readonly key: Buffer,
    private readonly headerHash: Buffer,
    private readonly chunkSize: number,
  ) {}

  async write(bytes: Uint8Array): Promise<void> {
    let rest = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    while (rest.length > 0) {
      const take = Math.min(rest.length, this.chunkSize - this.pendingBytes);
      // Copied: the caller may reuse its buffer after write() returns.
      this.pending.push(Buffer.from(rest.subarray(0, take)));
      this.pendingBytes += take;
      rest = rest.subarray(take);
      if (this.pendingBytes === this.chunkSize) await this.flush(false);
    }
  }

  async finish(): Promise<void> {
    await this.flush(true);
  }

  private async flush(final: boolean): Promise<void> {
    const chunk = sealChunk(this.key, this.headerHash, this.index, final, Buffer.concat(this.pending, this.pendingBytes));
    this.pending = [];
    this.pendingBytes = 0;
    this.index += 1;
    let offset = 0;
    while (offset < chunk.length) offset += (await this.handle.write(chunk, offset)).bytesWritten;
    this.written += chunk.length;
  }
}
