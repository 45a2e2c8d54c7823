import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { createCanvasController } from '../../../src/canvas/canvas-controller.js';
import type { DocumentMeta } from '../../../src/store/records.js';
import { CardThumbnailFeed } from '../../../src/ui/canvas/card-thumbnail-feed.js';

const nowMs = Date.UTC(2026, 2, 10, 12);

function picture(id: string, daysAgo: number): DocumentMeta {
  const at = new Date(nowMs - daysAgo * 86_400_000);
  return { id, title: id, docType: 'image', threadId: null, isOwned: false, createdAt: at, modifiedAt: at, position: null, provenance: null, mediaRef: `attachments/${id.padEnd(64, '0')}` };
}

test('thumbnails that arrive for cards off screen ask for no frame; the one for the card in view asks for one', async () => {
  const canvas = await createCanvasController({ now: () => nowMs, theme: 'light' });
  try {
    canvas.resize(900, 500, 1);
    const documents = [picture('here', 3), ...Array.from({ length: 20 }, (_, i) => picture(`far${i}`, 200 + i))];
    canvas.setData({ documents, threads: [], milestones: [], relationships: [] });
    canvas.setViewport({ ...canvas.getViewport(), zoom: 1 });
    canvas.navigateToDocument('here', { animate: false });
    canvas.render();
    const webp = new Uint8Array(await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 40, b: 90 } } }).webp().toBuffer());
    let arrived = 0;
    const feed = new CardThumbnailFeed(canvas, { thumbnailOf: async () => webp, dispose: () => undefined }, () => arrived++);
    feed.update(documents);
    for (let k = 0; k < 20; k++) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(canvas.thumbnailStates().size, 21, 'every picture got its thumbnail');
    assert.equal(arrived, 1, 'one frame, for the card in view');
    assert.equal(canvas.render(), true, 'and that frame shows it');
    assert.equal(canvas.thumbnailStates().get('here'), 'drawn');
    feed.dispose();
  } finally {
    canvas.dispose();
  }
});
