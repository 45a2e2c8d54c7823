import fs from 'node:fs';

/**
 * The vectors of an index file, read into memory after the index opens
 * rather than before: at 200K passages of 512-d they are 410 MB, and
 * reading them took 1.2 s (most of it the kernel first touching that much
 * memory), while searches need only the mapped graph. The worker reads a
 * chunk between calls (readStep); whatever needs every vector (a scan, a
 * put, a save) reads the rest at once (readAll). The file stays open until
 * then, so a file replaced meanwhile is still read as it was.
 */
export class StoredVectors {
  /** Bytes of `data` read so far. */
  private read: number;
  private fd: number | undefined;

  private constructor(
    readonly data: Float32Array,
    fd: number | undefined,
    private readonly offset: number,
  ) {
    this.fd = fd;
    this.read = fd === undefined ? data.byteLength : 0;
  }

  /** Vectors already in memory (a sealed file is opened whole; a new index has none). */
  static inMemory(data: Float32Array): StoredVectors {
    return new StoredVectors(data, undefined, 0);
  }

  /** `floats` vectors' worth of float32s in the open file `fd` from byte `offset`; the file is closed once they are read. */
  static fromFile(fd: number, offset: number, floats: number): StoredVectors {
    if (floats === 0) {
      fs.closeSync(fd);
      return StoredVectors.inMemory(new Float32Array(0));
    }
    return new StoredVectors(new Float32Array(floats), fd, offset);
  }

  get complete(): boolean {
    return this.read === this.data.byteLength;
  }

  /** Reads up to `bytes` more; true while some are still unread. */
  readStep(bytes: number): boolean {
    if (this.complete) return false;
    if (this.fd === undefined) throw new Error('the vector file was closed before every vector was read');
    const target = new Uint8Array(this.data.buffer, this.data.byteOffset, this.data.byteLength);
    const end = Math.min(target.length, this.read + bytes);
    while (this.read < end) {
      const got = fs.readSync(this.fd, target, this.read, end - this.read, this.offset + this.read);
      if (got === 0) throw new Error(`the vector file ended ${target.length - this.read} bytes early`);
      this.read += got;
    }
    if (this.complete) this.close();
    return !this.complete;
  }

  /** Reads every vector not read yet. */
  readAll(): Float32Array {
    this.readStep(this.data.byteLength);
    return this.data;
  }

  /** Stops reading and closes the file (the index was cleared or is closing). */
  close(): void {
    if (this.fd === undefined) return;
    fs.closeSync(this.fd);
    this.fd = undefined;
  }
}
