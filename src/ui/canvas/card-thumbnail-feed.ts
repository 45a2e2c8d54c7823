import { createLogger } from '../../core/index.js';
import type { CanvasController } from '../../canvas/canvas-controller.js';
import type { CardThumbnails } from '../../skills/core/image-viewer/index.js';
import type { DocumentMeta } from '../../store/records.js';

const log = createLogger('ui.canvas.thumbnails');

/**
 * Feeds the canvas the thumbnails of its image documents' cards: asks for
 * each image once (per media reference), off the main loop, and hands the
 * bytes to the canvas as they arrive, which then repaints. A card waits as
 * a plain card; an image that cannot be thumbnailed stays one.
 */
export class CardThumbnailFeed {
  private readonly asked = new Set<string>();
  private disposed = false;

  constructor(
    private readonly canvas: Pick<CanvasController, 'setThumbnail' | 'showsThumbnail'>,
    private readonly thumbnails: Pick<CardThumbnails, 'thumbnailOf' | 'dispose'>,
    /** Called after a thumbnail reached a card the canvas shows it on now (to queue a frame). */
    private readonly onArrived: () => void,
  ) {}

  /** Asks for the thumbnails of image documents not asked for yet. */
  update(documents: readonly DocumentMeta[]): void {
    let shown = false;
    for (const doc of documents) {
      if (doc.docType !== 'image') continue;
      const key = `${doc.id}\n${doc.mediaRef ?? ''}`;
      if (this.asked.has(key)) continue;
      this.asked.add(key);
      if (!doc.mediaRef) {
        // Nothing attached, so nothing to show: settled as a plain card at once, without a request that fails and logs (5,631 of them in a 50K workspace).
        this.canvas.setThumbnail(doc.id, null);
        shown ||= this.canvas.showsThumbnail(doc.id);
        continue;
      }
      this.thumbnails.thumbnailOf(doc).then(
        (encoded) => this.arrived(doc.id, encoded),
        (error: unknown) => {
          log.info('no thumbnail for a card', { documentId: doc.id, reason: (error as Error).message });
          this.arrived(doc.id, null);
        },
      );
    }
    if (shown) this.onArrived();
  }

  dispose(): void {
    this.disposed = true;
    this.thumbnails.dispose();
  }

  private arrived(documentId: string, encoded: Uint8Array | null): void {
    if (this.disposed) return;
    if (encoded && !this.canvas.setThumbnail(documentId, encoded)) log.info('a card thumbnail did not decode', { documentId });
    if (!encoded) this.canvas.setThumbnail(documentId, null);
    // A frame drawn for nothing still has GTK paint the whole canvas again: 105 pictures imported off screen cost ~100 frames.
    if (this.canvas.showsThumbnail(documentId)) this.onArrived();
  }
}
