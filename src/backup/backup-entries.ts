/**
 * The plaintext inside the chunks: a sequence of entries, each a kind byte,
 * a name (u16 length + UTF-8) and its bytes as blocks (u32 length + bytes)
 * ending with an empty block, so an entry of unknown length (the database
 * export) streams. The manifest entry comes last and then the end marker.
 */
export type EntryKind = 'database' | 'attachment' | 'manifest' | 'end';

const KIND_BYTE: Record<EntryKind, number> = { database: 0x44, attachment: 0x41, manifest: 0x4d, end: 0x45 };
const KIND_OF_BYTE = new Map<number, EntryKind>(Object.entries(KIND_BYTE).map(([kind, byte]) => [byte, kind as EntryKind]));
/** Blocks of at most this: the writer never needs more in hand. */
export const MAX_BLOCK = 1024 * 1024;

export interface ByteSink {
  write(bytes: Uint8Array): Promise<void>;
}

export function entryStart(kind: EntryKind, name: string): Buffer {
  const nameBytes = Buffer.from(name, 'utf8');
  const head = Buffer.alloc(3);
  head.writeUInt8(KIND_BYTE[kind], 0);
  head.writeUInt16BE(nameBytes.length, 1);
  return Buffer.concat([head, nameBytes]);
}

/** Writes one entry from its pieces (split into blocks of at most MAX_BLOCK). */
export async function writeEntry(sink: ByteSink, kind: EntryKind, name: string, body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<number> {
  await sink.write(entryStart(kind, name));
  let total = 0;
  for await (const piece of body) {
    for (let offset = 0; offset < piece.byteLength; offset += MAX_BLOCK) {
      const block = piece.subarray(offset, Math.min(piece.byteLength, offset + MAX_BLOCK));
      const length = Buffer.alloc(4);
      length.writeUInt32BE(block.byteLength, 0);
      await sink.write(length);
      await sink.write(block);
      total += block.byteLength;
    }
  }
  await sink.write(Buffer.alloc(4));
  return total;
}

/** Pulls exact byte counts out of a stream of buffers. */
export class ByteSource {
  private buffered: Buffer = Buffer.alloc(0);

  constructor(private readonly chunks: AsyncIterator<Buffer>) {}

  /** Exactly n bytes, or null when the stream ends first. */
  async read(n: number): Promise<Buffer | null> {
    while (this.buffered.length < n) {
      const next = await this.chunks.next();
      if (next.done) return null;
      this.buffered = this.buffered.length === 0 ? next.value : Buffer.concat([this.buffered, next.value]);
    }
    const out = this.buffered.subarray(0, n);
    this.buffered = this.buffered.subarray(n);
    return out;
  }

  /** True when nothing is left (the end of the stream reached). */
  async atEnd(): Promise<boolean> {
    if (this.buffered.length > 0) return false;
    const next = await this.chunks.next();
    if (next.done) return true;
    this.buffered = next.value;
    return false;
  }
}

export interface Entry {
  kind: EntryKind;
  name: string;
  /** Must be read to the end before the next entry. */
  body: AsyncGenerator<Buffer>;
}

/** The entries in order; `malformed` builds the error for contents that do not parse. */
export async function* readEntries(source: ByteSource, malformed: (what: string) => Error): AsyncGenerator<Entry> {
  for (;;) {
    const head = await source.read(3);
    if (head === null) throw malformed('its contents end before the end marker');
    const kind = KIND_OF_BYTE.get(head.readUInt8(0));
    if (kind === undefined) throw malformed('its contents hold an unknown entry');
    const nameBytes = await source.read(head.readUInt16BE(1));
    if (nameBytes === null) throw malformed('its contents end inside an entry name');
    if (kind === 'end') {
      if (!(await source.atEnd())) throw malformed('its contents go on after the end marker');
      return;
    }
    yield { kind, name: nameBytes.toString('utf8'), body: blocks(source, malformed) };
  }
}

async function* blocks(source: ByteSource, malformed: (what: string) => Error): AsyncGenerator<Buffer> {
  for (;;) {
    const length = await source.read(4);
    if (length === null) throw malformed('its contents end inside an entry');
    const n = length.readUInt32BE(0);
    if (n === 0) return;
    if (n > MAX_BLOCK) throw malformed('its contents hold an impossible block');
    const block = await source.read(n);
    if (block === null) throw malformed('its contents end inside an entry');
    yield block;
  }
}
