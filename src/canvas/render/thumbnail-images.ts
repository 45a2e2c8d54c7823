import type { Image } from 'canvaskit-wasm';
import type { CanvasKitWithHeap } from './canvaskit.js';

/**
 * What a card's thumbnail is at: 'broken' when its bytes did not decode (the
 * card stays plain), 'ready' once decoded, 'drawn' once a frame showed it.
 */
export type ThumbnailState = 'broken' | 'ready' | 'drawn';

interface Entry {
  image: Image | null;
  drawn: boolean;
}

/**
 * The decoded thumbnails of image documents' cards, by document id. The
 * encoded bytes (WebP from the thumbnail cache) are decoded once by
 * CanvasKit when they arrive; frames only draw the images.
 */
export class ThumbnailImages {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly ck: CanvasKitWithHeap) {}

  /**
   * Decodes and keeps a card's thumbnail; null records that none could be
   * made. Returns false when there is no image to draw (null, or bytes
   * CanvasKit cannot read).
   */
  set(documentId: string, encoded: Uint8Array | null): boolean {
    this.delete(documentId);
    const image = encoded ? this.ck.MakeImageFromEncoded(encoded) : null;
    this.entries.set(documentId, { image, drawn: false });
    return image !== null;
  }

  /** The image to draw on a card, or null for a plain card. */
  imageOf(documentId: string): Image | null {
    return this.entries.get(documentId)?.image ?? null;
  }

  markDrawn(documentId: string): void {
    const entry = this.entries.get(documentId);
    if (entry) entry.drawn = true;
  }

  /** Every card given a thumbnail (or told there is none), and where it is at. */
  states(): Map<string, ThumbnailState> {
    const states = new Map<string, ThumbnailState>();
    for (const [id, entry] of this.entries) states.set(id, entry.image === null ? 'broken' : entry.drawn ? 'drawn' : 'ready');
    return states;
  }

  /** Forgets the thumbnails of cards no longer on the canvas. */
  keepOnly(documentIds: ReadonlySet<string>): void {
    for (const id of [...this.entries.keys()]) if (!documentIds.has(id)) this.delete(id);
  }

  delete(documentId: string): void {
    this.entries.get(documentId)?.image?.delete();
    this.entries.delete(documentId);
  }

  clear(): void {
    for (const entry of this.entries.values()) entry.image?.delete();
    this.entries.clear();
  }
}
