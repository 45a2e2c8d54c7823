import type { Image } from 'canvaskit-wasm';
import type { CanvasKitWithHeap } from './canvaskit.js';

/**
 * What a card's thumbnail is at: 'broken' when none could be made or its
 * bytes did not decode (the card stays plain), 'ready' once decoded,
 * 'drawn' once a frame showed it.
 */
export type ThumbnailState = 'broken' | 'ready' | 'drawn';

interface Entry {
  /** The encoded thumbnail (WebP, a few KB), kept to decode again after an eviction; null when there is none. */
  encoded: Uint8Array | null;
  image: Image | null;
  drawn: boolean;
}

/**
 * How many decoded thumbnails are kept in the WASM heap at once. A decoded
 * 256 px thumbnail is 256 KB; a workspace of thousands of photos would
 * otherwise hold gigabytes. Fewer than 50 cards are drawn in full (the only
 * level of detail that shows thumbnails), so 128 covers every card on
 * screen and the ones just panned past (32 MB at most).
 */
const DECODED_LIMIT = 128;

/**
 * The thumbnails of image documents' cards, by document id. The encoded
 * bytes are decoded by CanvasKit when they arrive (which is also how a
 * broken one is found); frames only draw the decoded images. Decoded
 * images past DECODED_LIMIT are let go, least recently drawn first, and
 * decoded again from their bytes when their card is drawn next.
 */
export class ThumbnailImages {
  /** In least recently used order: a Map iterates in insertion order and use re-inserts. */
  private readonly entries = new Map<string, Entry>();
  private decoded = 0;

  constructor(private readonly ck: CanvasKitWithHeap) {}

  /**
   * Decodes and keeps a card's thumbnail; null records that none could be
   * made. Returns false when there is no image to draw (null, or bytes
   * CanvasKit cannot read).
   */
  set(documentId: string, encoded: Uint8Array | null): boolean {
    this.delete(documentId);
    const image = encoded ? this.ck.MakeImageFromEncoded(encoded) : null;
    this.entries.set(documentId, { encoded: image ? encoded : null, image, drawn: false });
    if (image) this.decodedOne();
    return image !== null;
  }

  /** The image to draw on a card, or null for a plain card. Marks the thumbnail drawn and recently used. */
  draw(documentId: string): Image | null {
    const entry = this.entries.get(documentId);
    if (!entry?.encoded) return null;
    this.entries.delete(documentId);
    this.entries.set(documentId, entry);
    if (!entry.image) {
      entry.image = this.ck.MakeImageFromEncoded(entry.encoded);
      if (!entry.image) return null;
      this.decodedOne();
    }
    entry.drawn = true;
    return entry.image;
  }

  /** Every card given a thumbnail (or told there is none), and where it is at. */
  states(): Map<string, ThumbnailState> {
    const states = new Map<string, ThumbnailState>();
    for (const [id, entry] of this.entries) states.set(id, entry.encoded === null ? 'broken' : entry.drawn ? 'drawn' : 'ready');
    return states;
  }

  /** How many thumbnails are decoded now (for tests of the limit). */
  get decodedCount(): number {
    return this.decoded;
  }

  /** Forgets the thumbnails of cards no longer on the canvas. */
  keepOnly(documentIds: ReadonlySet<string>): void {
    for (const id of [...this.entries.keys()]) if (!documentIds.has(id)) this.delete(id);
  }

  delete(documentId: string): void {
    const entry = this.entries.get(documentId);
    if (entry?.image) {
      entry.image.delete();
      this.decoded--;
    }
    this.entries.delete(documentId);
  }

  clear(): void {
    for (const entry of this.entries.values()) entry.image?.delete();
    this.entries.clear();
    this.decoded = 0;
  }

  /** Counts a new decoded image and lets the least recently used ones go past the limit. */
  private decodedOne(): void {
    this.decoded++;
    if (this.decoded <= DECODED_LIMIT) return;
    for (const entry of this.entries.values()) {
      if (this.decoded <= DECODED_LIMIT) break;
      if (!entry.image) continue;
      entry.image.delete();
      entry.image = null;
      this.decoded--;
    }
  }
}
