import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { createCanvasController, type CanvasController } from '../../../src/canvas/canvas-controller.js';
import { INGEST_DURATION_MS, INGEST_MAX_STEP_MS } from '../../../src/canvas/kernels/ingest-morph.js';
import { loadCanvasKit } from '../../../src/canvas/render/canvaskit.js';
import { ThumbnailImages } from '../../../src/canvas/render/thumbnail-images.js';
import type { DocumentMeta } from '../../../src/store/records.js';

const nowMs = Date.UTC(2026, 2, 10, 12);
let clock = nowMs;
const WIDTH = 900;
const HEIGHT = 500;
/** A colour no card, band or chrome uses: the thumbnail's pixels are then the only ones of it. */
const VIOLET: [number, number, number] = [0x91, 0x41, 0xac];

function doc(id: string, extra: Partial<DocumentMeta>): DocumentMeta {
  const createdAt = new Date(nowMs - 3 * 86_400_000);
  return { id, title: id, docType: 'markdown', threadId: null, isOwned: true, createdAt, modifiedAt: createdAt, position: null, provenance: null, mediaRef: null, ...extra };
}

function data(documents: DocumentMeta[]) {
  return { documents, threads: [], milestones: [], relationships: [] };
}

/** The RGB of a device pixel of the last frame. */
function pixel(canvas: CanvasController, x: number, y: number): [number, number, number] {
  const o = (Math.round(y) * canvas.widthPx + Math.round(x)) * 4;
  const p = canvas.pixels();
  return [p[o]!, p[o + 1]!, p[o + 2]!];
}

function near(a: readonly number[], b: readonly number[], tolerance = 12): boolean {
  return a.every((v, k) => Math.abs(v - b[k]!) <= tolerance);
}

function countColour(canvas: CanvasController, rect: { x: number; y: number; width: number; height: number }, colour: readonly number[]): number {
  let n = 0;
  for (let y = Math.floor(rect.y); y < rect.y + rect.height; y++) {
    for (let x = Math.floor(rect.x); x < rect.x + rect.width; x++) if (near(pixel(canvas, x, y), colour)) n++;
  }
  return n;
}

describe('card thumbnails', () => {
  let canvas: CanvasController;
  before(async () => {
    canvas = await createCanvasController({ now: () => clock, theme: 'light' });
    canvas.resize(WIDTH, HEIGHT, 1);
    canvas.setData(data([doc('photo', { docType: 'image', isOwned: false, mediaRef: `attachments/${'a'.repeat(64)}` }), doc('note', {})]));
    canvas.setViewport({ ...canvas.getViewport(), zoom: 1 });
    canvas.navigateToDocument('photo', { animate: false });
  });
  after(() => canvas.dispose());

  test('an image card shows its thumbnail once it arrives, and reports it drawn', async () => {
    canvas.render();
    const rect = canvas.cardRect('photo')!;
    assert.equal(countColour(canvas, rect, VIOLET), 0, 'before the thumbnail arrives the card is plain');
    assert.equal(canvas.thumbnailStates().get('photo'), undefined);

    const webp = await sharp({ create: { width: 256, height: 192, channels: 3, background: { r: VIOLET[0], g: VIOLET[1], b: VIOLET[2] } } }).webp({ quality: 90 }).toBuffer();
    assert.equal(canvas.setThumbnail('photo', new Uint8Array(webp)), true);
    assert.equal(canvas.thumbnailStates().get('photo'), 'ready');
    assert.equal(canvas.render(), true, 'the arrival repaints');
    assert.equal(canvas.thumbnailStates().get('photo'), 'drawn');
    // At zoom 1 the thumbnail is a square some dozens of pixels a side inside the 200 × 56 card.
    const violet = countColour(canvas, rect, VIOLET);
    assert.ok(violet > 30 * 30 && violet < 56 * 56, `${violet} thumbnail pixels on the card`);
  });

  test('bytes that are not an image, or no thumbnail at all, leave the card plain and say so', () => {
    assert.equal(canvas.setThumbnail('photo', new TextEncoder().encode('not a picture')), false);
    canvas.render();
    assert.equal(canvas.thumbnailStates().get('photo'), 'broken');
    assert.equal(countColour(canvas, canvas.cardRect('photo')!, VIOLET), 0);
    assert.equal(canvas.setThumbnail('photo', null), false);
    assert.equal(canvas.thumbnailStates().get('photo'), 'broken');
  });

  test('a card that leaves the canvas takes its thumbnail with it', () => {
    canvas.setData(data([doc('note', {})]));
    assert.equal(canvas.thumbnailStates().size, 0);
  });
});

describe('a thumbnail for a card out of view', () => {
  let canvas: CanvasController;
  before(async () => {
    canvas = await createCanvasController({ now: () => clock, theme: 'light' });
    canvas.resize(WIDTH, HEIGHT, 1);
    const far = new Date(nowMs - 90 * 86_400_000);
    canvas.setData(data([doc('here', { docType: 'image', mediaRef: `attachments/${'b'.repeat(64)}` }), doc('far', { docType: 'image', createdAt: far, modifiedAt: far, mediaRef: `attachments/${'c'.repeat(64)}` })]));
    canvas.setViewport({ ...canvas.getViewport(), zoom: 1 });
    canvas.navigateToDocument('here', { animate: false });
    canvas.render();
  });
  after(() => canvas.dispose());

  test('leaves the frame as it was, and the card shows it once it comes into view', async () => {
    const webp = await sharp({ create: { width: 256, height: 192, channels: 3, background: { r: VIOLET[0], g: VIOLET[1], b: VIOLET[2] } } }).webp({ quality: 90 }).toBuffer();
    assert.equal(canvas.setThumbnail('far', new Uint8Array(webp)), true);
    assert.equal(canvas.render(), false, 'nothing in view changed, so no frame is drawn');
    assert.equal(canvas.setThumbnail('here', new Uint8Array(webp)), true);
    assert.equal(canvas.render(), true, 'the card in view repaints');

    canvas.navigateToDocument('far', { animate: false });
    canvas.render();
    assert.equal(canvas.thumbnailStates().get('far'), 'drawn');
    assert.ok(countColour(canvas, canvas.cardRect('far')!, VIOLET) > 30 * 30, 'the card scrolled into view has its thumbnail');
  });
});

describe('the Make It Mine morph', () => {
  let canvas: CanvasController;
  before(async () => {
    clock = nowMs;
    canvas = await createCanvasController({ now: () => clock, theme: 'light' });
    canvas.resize(WIDTH, HEIGHT, 1);
    canvas.setData(data([doc('original', { isOwned: false })]));
    canvas.setViewport({ ...canvas.getViewport(), zoom: 1 });
    canvas.navigateToDocument('original', { animate: false });
    canvas.render();
  });
  after(() => canvas.dispose());

  test('waits for the copy to reach the canvas, then runs 0 to 1 and ends as the owned card', () => {
    canvas.playIngest('copy');
    assert.equal(canvas.render(), false, 'nothing to draw before the copy arrives');
    assert.equal(canvas.animating, false);
    canvas.setData(data([doc('original', { isOwned: false }), doc('copy', { createdAt: new Date(nowMs - 3 * 86_400_000 + 3_600_000) })]));
    canvas.navigateToDocument('copy', { animate: false });
    canvas.select(null);

    // Progress 0: the imported card's parallelogram. Its left edge leans right by 12 px over the
    // card's 56 px height, so half way down it is 6 px in (background at x + 1) and at the bottom
    // it reaches the box's left side (card at x + 1).
    canvas.render();
    const r = canvas.cardRect('copy')!;
    const background = pixel(canvas, r.x - 30, r.y + r.height / 2);
    assert.equal(canvas.animating, true);
    assert.ok(near(pixel(canvas, r.x + 1, r.y + r.height / 2), background, 3), 'half way down the lean the box\'s left edge is outside the card');
    assert.ok(!near(pixel(canvas, r.x + 1, r.y + r.height - 1.5), background, 3), 'the bottom left corner is inside the parallelogram');

    // Frames 100 ms apart: each moves it on by the 50 ms cap, so it plays over eight frames after the first.
    for (let frame = 1; frame <= INGEST_DURATION_MS / INGEST_MAX_STEP_MS; frame++) {
      clock = nowMs + frame * 100;
      assert.equal(canvas.render(), true, `frame ${frame}`);
    }
    const ingest = canvas.ingest!;
    assert.equal(ingest.documentId, 'copy');
    assert.deepEqual(ingest.frames, [0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1]);
    assert.equal(ingest.finished, true);
    assert.equal(canvas.animating, false);

    // Progress 1: the owned card's rectangle with 10 px corners: the left edge is card half way
    // down, and the very bottom left corner pixel is cut off by the rounding.
    assert.ok(!near(pixel(canvas, r.x + 1, r.y + r.height / 2), background, 3), 'the left edge is straight');
    assert.ok(near(pixel(canvas, r.x + 0.5, r.y + r.height - 0.5), background, 8), 'the bottom left corner is rounded off');
    clock += 100;
    assert.equal(canvas.render(), false, 'nothing moves once it ended');
  });

  test('a copy out of view is brought into view first, and morphs once the camera is there', () => {
    canvas.setData(data([doc('original', { isOwned: false }), doc('copy', {}), doc('far', { createdAt: new Date(nowMs - 300 * 86_400_000) })]));
    canvas.navigateToDocument('far', { animate: false });
    canvas.render();
    assert.equal(canvas.cardRect('nowhere'), null, 'a card not on the canvas has no rectangle');
    canvas.playIngest('copy');
    canvas.render();
    const moving = canvas.getViewportTarget();
    assert.notDeepEqual(canvas.getViewport(), moving, 'the camera sets off towards the copy');
    assert.deepEqual(canvas.ingest!.frames, [], 'no morph frame while the camera moves');
    let steps = 0;
    while (canvas.ingest!.frames.length === 0 && steps++ < 500) {
      clock += 16;
      canvas.render();
    }
    assert.ok(steps > 3, `the morph waited ${steps} frames for the camera`);
    const arrived = canvas.getViewport();
    assert.ok(Math.abs(arrived.centerX - moving.centerX) < 1e-3 && Math.abs(arrived.centerY - moving.centerY) < 1e-3, 'its first frame is drawn with the camera arrived');
    for (let frame = 0; frame <= INGEST_DURATION_MS / INGEST_MAX_STEP_MS; frame++) {
      clock += 50;
      canvas.render();
    }
    const r = canvas.cardRect('copy')!;
    assert.ok(r.x >= 0 && r.x + r.width <= WIDTH && r.y >= 0 && r.y + r.height <= HEIGHT, 'the copy is on screen');
    assert.equal(canvas.ingest!.frames[0], 0);
    assert.equal(canvas.ingest!.finished, true);
  });
});

test('thousands of photos keep at most 128 thumbnails decoded; one let go is decoded again when its card is drawn', async () => {
  const images = new ThumbnailImages(await loadCanvasKit());
  const webp = new Uint8Array(await sharp({ create: { width: 64, height: 64, channels: 3, background: '#26a269' } }).webp().toBuffer());
  try {
    for (let k = 0; k < 300; k++) assert.equal(images.set(`photo-${k}`, webp), true);
    assert.equal(images.decodedCount, 128);
    // photo-0 was let go first (least recently used): drawing its card decodes it again.
    const image = images.draw('photo-0');
    assert.ok(image, 'the first photo is drawn again');
    assert.equal(image.width(), 64);
    assert.equal(images.decodedCount, 128);
    assert.equal(images.states().get('photo-0'), 'drawn');
    assert.equal(images.states().get('photo-299'), 'ready');
    assert.equal(images.states().size, 300, 'every card keeps its thumbnail bytes');
  } finally {
    images.clear();
  }
});
