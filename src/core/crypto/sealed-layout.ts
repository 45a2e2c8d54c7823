import { CHUNK_FRAME_LENGTH, TAG_LENGTH } from './aes-gcm-sizes.js';
import { SealedFileError, type SealedSource } from './sealed-source.js';

/** Where a sealed file's chunks lie: chunk i's frame position, its plaintext length and where that plaintext starts. */
export interface SealedLayout {
  readonly count: number;
  /** Plaintext bytes in the whole file. */
  readonly size: number;
  frameAt(index: number): number;
  length(index: number): number;
  plainStart(index: number): number;
  /** The chunk holding plaintext byte `position` (the last one for a position past the end). */
  chunkAt(position: number): number;
}

/** Sealed bytes a chunk of `length` plaintext bytes takes on disk. */
function onDisk(length: number): number {
  return CHUNK_FRAME_LENGTH + length + TAG_LENGTH;
}

function readFrame(source: SealedSource, at: number): { final: boolean; length: number } | null {
  const frame = Buffer.alloc(CHUNK_FRAME_LENGTH);
  if (source.read(frame, 0, CHUNK_FRAME_LENGTH, at) !== CHUNK_FRAME_LENGTH) return null;
  return { final: frame.readUInt8(0) === 1, length: frame.readUInt32BE(1) };
}

/**
 * Every writer of sealed files cuts the plaintext into chunks of one size,
 * the last one shorter or equal (file-cipher.ts). Such a file's layout
 * follows from its first frame and its size, so opening it reads two
 * frames instead of walking thousands (a 60 MB index in 16 KiB chunks has
 * ~3,700). The frames skipped here are checked when their chunk is read
 * (SealedChunks), and every chunk authenticates its index and whether it
 * is the last, so a layout that only looks uniform still fails loudly.
 */
class UniformLayout implements SealedLayout {
  constructor(
    private readonly first: number,
    private readonly chunkLength: number,
    readonly count: number,
    private readonly lastLength: number,
  ) {}

  get size(): number {
    return (this.count - 1) * this.chunkLength + this.lastLength;
  }
  frameAt(index: number): number {
    return this.first + index * onDisk(this.chunkLength);
  }
  length(index: number): number {
    return index === this.count - 1 ? this.lastLength : this.chunkLength;
  }
  plainStart(index: number): number {
    return index * this.chunkLength;
  }
  chunkAt(position: number): number {
    return Math.min(this.count - 1, Math.floor(position / this.chunkLength));
  }
}

/** Any well-formed layout, found by walking every frame. */
class WalkedLayout implements SealedLayout {
  private readonly frames: number[] = [];
  private readonly lengths: number[] = [];
  private readonly starts: number[] = [];
  readonly size: number;

  /** Throws SealedFileError naming how the file is malformed. */
  constructor(source: SealedSource, first: number) {
    let at = first;
    let plainStart = 0;
    for (;;) {
      const frame = readFrame(source, at);
      if (!frame || at + onDisk(frame.length) > source.size) throw new SealedFileError('it is truncated');
      this.frames.push(at);
      this.lengths.push(frame.length);
      this.starts.push(plainStart);
      at += onDisk(frame.length);
      plainStart += frame.length;
      if (frame.final) break;
    }
    if (at !== source.size) throw new SealedFileError('it has bytes after its last chunk');
    this.size = plainStart;
  }

  get count(): number {
    return this.frames.length;
  }
  frameAt(index: number): number {
    return this.frames[index]!;
  }
  length(index: number): number {
    return this.lengths[index]!;
  }
  plainStart(index: number): number {
    return this.starts[index]!;
  }
  chunkAt(position: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle]! <= position) low = middle;
      else high = middle - 1;
    }
    return low;
  }
}

/**
 * The layout of the chunks from `first` on: computed from the first and the
 * last frame when the chunks share one size, else walked frame by frame
 * (which also names what is wrong with a cut or grown file).
 */
export function sealedLayout(source: SealedSource, first: number): SealedLayout {
  const head = readFrame(source, first);
  if (head && !head.final && head.length > 0) {
    const stride = onDisk(head.length);
    const count = Math.ceil((source.size - first) / stride);
    const lastAt = first + (count - 1) * stride;
    const lastLength = source.size - lastAt - onDisk(0);
    const last = count > 1 && lastLength > 0 ? readFrame(source, lastAt) : null;
    if (last && last.final && last.length === lastLength) return new UniformLayout(first, head.length, count, lastLength);
  }
  return new WalkedLayout(source, first);
}
