import { createLogger } from '../../core/index.js';
import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { guard } from '../guard.js';

const log = createLogger('ui.editor.mirror');

/** Characters either side of the last edit compared with the buffer on each read. */
const CHECK_AROUND = 32;
const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;
const HIGH_SURROGATE = /[\uD800-\uDBFF]/;
/** Past this many characters of edits in one place, they are folded into the base text (one copy). */
const MAX_EDITED = 4096;

/**
 * The text of a GtkTextBuffer as a JavaScript string, kept up to date from
 * the buffer's insert-text and delete-range signals, so that the journal,
 * the autosave and the counts can read the text without copying it out of
 * the buffer: gtk_text_buffer_get_text walks the whole B-tree, which took
 * 30-55 ms for a megabyte on the main loop at every pause in typing.
 *
 * The buffer counts characters (code points), JavaScript strings UTF-16
 * units: the offsets of the characters outside the BMP (two units each) are
 * kept to convert between them.
 *
 * The copy is kept as a base string with one edited stretch cut into it:
 * typing in one place changes only that stretch, and the whole text is put
 * together (one copy) when it is read, at a pause, not at every keystroke.
 * (A JavaScript string is immutable: splicing a megabyte at each key would
 * copy the megabyte at each key.)
 *
 * The buffer stays the truth. Each read checks the copy against it (the
 * character count, and the characters around the last edit); when they
 * disagree, or a handler failed, the text is read from the buffer once and
 * the copy starts again from it. What the person typed is never replaced by
 * a copy that drifted.
 */
export class BufferTextMirror {
  /** The text is base[0, cutStart) + edited + base[cutEnd, …). */
  private base: string;
  private cutStart = 0;
  private cutEnd = 0;
  private edited = '';
  /** The whole text, put together at the last read, until the next change. */
  private whole: string | undefined;
  /** Character offsets of the characters outside the BMP, ascending. */
  private astral: number[];
  /** Where the last change was (a character offset): the place a drift would show first. */
  private lastEdit = 0;
  private stale = false;
  /** How often the copy had to be read again from the buffer (for the probe: it should stay 0). */
  resyncs = 0;

  /** `initial`: the text the buffer was just given (checked on the first read like any other). */
  constructor(
    private readonly buffer: GtkT.TextBuffer,
    initial: string,
  ) {
    this.base = initial;
    this.whole = initial;
    this.astral = astralOffsets(initial);
    // Before the default handler: the iterators are where the change happens, and the copy is current when 'changed' runs.
    buffer.on('insert-text', guard('editor.mirror-insert', undefined, (at: GtkT.TextIter, inserted: string, bytes: number) => this.apply(() => this.insert(at.getOffset(), firstBytes(inserted, bytes)))));
    buffer.on('delete-range', guard('editor.mirror-delete', undefined, (start: GtkT.TextIter, end: GtkT.TextIter) => this.apply(() => this.delete(start.getOffset(), end.getOffset()))));
  }

  /** The buffer's whole text. */
  read(): string {
    if (this.stale || !this.agrees()) this.resync();
    return this.text();
  }

  /** The string offset (UTF-16 units, as the store and citations count) of a buffer character offset. */
  stringOffset(charOffset: number): number {
    this.checkLength();
    return charOffset + countBelow(this.astral, charOffset);
  }

  /** The buffer character offset of a string offset (UTF-16 units). */
  charOffset(stringOffset: number): number {
    this.checkLength();
    // The k-th astral character (0-based) starts at string offset astral[k] + k, ascending in k.
    let low = 0;
    let high = this.astral.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.astral[middle]! + middle < stringOffset) low = middle + 1;
      else high = middle;
    }
    return stringOffset - low;
  }

  private apply(change: () => void): void {
    if (this.stale) return;
    try {
      change();
    } catch (error) {
      this.stale = true;
      throw error;
    }
  }

  private text(): string {
    this.whole ??= this.base.slice(0, this.cutStart) + this.edited + this.base.slice(this.cutEnd);
    return this.whole;
  }

  private get length(): number {
    return this.cutStart + this.edited.length + (this.base.length - this.cutEnd);
  }

  /** Replaces `removed` UTF-16 units at `index` with `inserted`, in the edited stretch when it lies there. */
  private splice(index: number, removed: number, inserted: string): void {
    const editedEnd = this.cutStart + this.edited.length;
    if (index < this.cutStart || index + removed > editedEnd || this.edited.length > MAX_EDITED) {
      // Somewhere else: the edits so far go into the base (one copy), and the stretch starts here.
      this.base = this.text();
      this.cutStart = index;
      this.cutEnd = index + removed;
      this.edited = this.base.slice(index, index + removed);
    }
    const at = index - this.cutStart;
    this.edited = this.edited.slice(0, at) + inserted + this.edited.slice(at + removed);
    this.whole = undefined;
  }

  private insert(at: number, inserted: string): void {
    this.splice(at + countBelow(this.astral, at), 0, inserted);
    const added = astralOffsets(inserted);
    const length = inserted.length - added.length;
    if (this.astral.length > 0 || added.length > 0) {
      const split = countBelow(this.astral, at);
      this.astral = [...this.astral.slice(0, split), ...added.map((offset) => offset + at), ...this.astral.slice(split).map((offset) => offset + length)];
    }
    this.lastEdit = at;
  }

  private delete(start: number, end: number): void {
    const [from, to] = start <= end ? [start, end] : [end, start];
    const fromIndex = from + countBelow(this.astral, from);
    const toIndex = to + countBelow(this.astral, to);
    this.splice(fromIndex, toIndex - fromIndex, '');
    if (this.astral.length > 0) {
      this.astral = [...this.astral.filter((offset) => offset < from), ...this.astral.filter((offset) => offset >= to).map((offset) => offset - (to - from))];
    }
    this.lastEdit = from;
  }

  /** The cheap half of the check, for the offset conversions (which need the emoji's places, not the text). */
  private checkLength(): void {
    if (this.stale || this.length - this.astral.length !== this.buffer.getCharCount()) this.resync();
  }

  private agrees(): boolean {
    const characters = this.length - this.astral.length;
    if (characters !== this.buffer.getCharCount()) return false;
    const from = Math.max(0, this.lastEdit - CHECK_AROUND);
    const to = Math.min(characters, this.lastEdit + CHECK_AROUND);
    const around = this.buffer.getText(this.buffer.getIterAtOffset(from), this.buffer.getIterAtOffset(to), true);
    return around === this.text().slice(from + countBelow(this.astral, from), to + countBelow(this.astral, to));
  }

  private resync(): void {
    if (!this.stale) log.warn('the editor text copy disagreed with the buffer; it is read again from the buffer');
    this.base = this.buffer.getText(this.buffer.getStartIter(), this.buffer.getEndIter(), true);
    this.whole = this.base;
    this.cutStart = this.cutEnd = 0;
    this.edited = '';
    this.astral = astralOffsets(this.base);
    this.stale = false;
    this.resyncs++;
  }
}

/**
 * The text the buffer inserts: `bytes` of UTF-8. node-gtk hands the signal
 * the C string up to its terminator, which runs past `bytes` when a caller
 * inserts part of a string (gtk_text_buffer_insert with a length).
 */
function firstBytes(text: string, bytes: number): string {
  if (bytes < 0 || Buffer.byteLength(text, 'utf8') === bytes) return text;
  return Buffer.from(text, 'utf8').subarray(0, bytes).toString('utf8');
}

/** How many of the ascending `offsets` are below `value`. */
function countBelow(offsets: readonly number[], value: number): number {
  let low = 0;
  let high = offsets.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (offsets[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The character offsets of the characters outside the BMP in `text`, ascending. */
function astralOffsets(text: string): number[] {
  if (!HIGH_SURROGATE.test(text)) return [];
  const offsets: number[] = [];
  for (const match of text.matchAll(SURROGATE_PAIR)) offsets.push(match.index! - offsets.length);
  return offsets;
}
