/**
 * Splits a byte stream into lines and refuses a line longer than the limit
 * as soon as the limit is passed, so a skill cannot make the host buffer an
 * endless message.
 */
export class LineSplitter {
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(private readonly maxLineBytes: number) {}

  /** The complete lines in this chunk; throws LineTooLong when a line passes the limit. */
  push(chunk: Buffer): string[] {
    const lines: string[] = [];
    let start = 0;
    for (let newline = chunk.indexOf(10, start); newline !== -1; newline = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, newline);
      if (this.buffered + piece.length > this.maxLineBytes) throw new LineTooLong(this.buffered + piece.length);
      this.chunks.push(piece);
      lines.push(Buffer.concat(this.chunks).toString('utf8'));
      this.chunks = [];
      this.buffered = 0;
      start = newline + 1;
    }
    const rest = chunk.subarray(start);
    if (rest.length > 0) {
      if (this.buffered + rest.length > this.maxLineBytes) throw new LineTooLong(this.buffered + rest.length);
      this.chunks.push(rest);
      this.buffered += rest.length;
    }
    return lines;
  }
}

export class LineTooLong extends Error {
  constructor(readonly bytes: number) {
    super(`a message of more than ${bytes} bytes`);
  }
}
