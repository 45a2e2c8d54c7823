import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createCanvasController, type CanvasController, type ScreenRect } from '../../../src/canvas/canvas-controller.js';
import type { DocumentMeta, Relationship } from '../../../src/store/records.js';

const nowMs = Date.UTC(2026, 2, 10, 12);
const DAY = 86_400_000;
const WIDTH = 1400;
const HEIGHT = 500;

function doc(id: string, daysAgo: number): DocumentMeta {
  const createdAt = new Date(nowMs - daysAgo * DAY);
  return { id, title: id, docType: 'markdown', threadId: null, isOwned: true, createdAt, modifiedAt: createdAt, position: null, provenance: null, mediaRef: null };
}

// Two pairs of cards far apart in time: a written reference joins the first, a related (soft) link the second.
const documents = [doc('a', 40), doc('b', 30), doc('c', 16), doc('d', 6)];
const reference: Relationship = { id: 'r1', kind: 'references', from: 'a', to: 'b', strength: 1 };
const related: Relationship = { id: 'r2', kind: 'related', from: 'c', to: 'd', strength: 1 };

/** How one link shows between the two cards it joins, measured against the same frame drawn without it. */
interface LinkInk {
  /** Columns between the cards in which no pixel changed: the gaps of a dashed link. */
  emptyColumns: number;
  columns: number;
  /** Changed pixels, and by how much they darkened on average (0 to 255). */
  pixels: number;
  meanDarkening: number;
}

function luminance(p: Uint8Array, o: number): number {
  return 0.2126 * p[o]! + 0.7152 * p[o + 1]! + 0.0722 * p[o + 2]!;
}

function inkBetween(canvas: CanvasController, without: Uint8Array, left: ScreenRect, right: ScreenRect): LinkInk {
  const now = canvas.pixels();
  const x0 = Math.ceil(left.x + left.width) + 3;
  const x1 = Math.floor(right.x) - 3;
  let emptyColumns = 0;
  let pixels = 0;
  let darkening = 0;
  for (let x = x0; x < x1; x++) {
    let inColumn = 0;
    for (let y = 0; y < canvas.heightPx; y++) {
      const o = (y * canvas.widthPx + x) * 4;
      const d = luminance(without, o) - luminance(now, o);
      if (Math.abs(d) < 0.5) continue;
      inColumn++;
      darkening += d;
    }
    if (inColumn === 0) emptyColumns++;
    pixels += inColumn;
  }
  return { emptyColumns, columns: x1 - x0, pixels, meanDarkening: pixels > 0 ? darkening / pixels : 0 };
}

describe('links at the compact level of detail', () => {
  let canvas: CanvasController;
  let written: LinkInk;
  let soft: LinkInk;

  before(async () => {
    canvas = await createCanvasController({ now: () => nowMs, theme: 'light' });
    canvas.resize(WIDTH, HEIGHT, 1);
    const draw = (relationships: Relationship[]) => {
      canvas.setData({ documents, threads: [], milestones: [], relationships });
      canvas.navigateToDocument('b', { animate: false });
      // Nothing selected: a selected card's links are drawn in the accent colour instead.
      canvas.select(null);
      // Zoomed out enough that even four cards are drawn compact, with all four in view.
      canvas.setViewport({ ...canvas.getViewport(), zoom: 0.45 });
      canvas.render();
    };
    draw([]);
    assert.equal(canvas.lod, 'compact');
    for (const id of ['a', 'b', 'c', 'd']) {
      const r = canvas.cardRect(id);
      assert.ok(r && r.x >= 0 && r.x + r.width <= WIDTH, `card ${id} is in view`);
    }
    const without = Uint8Array.from(canvas.pixels());
    const rect = (id: string) => canvas.cardRect(id)!;
    draw([reference]);
    written = inkBetween(canvas, without, rect('a'), rect('b'));
    draw([related]);
    soft = inkBetween(canvas, without, rect('c'), rect('d'));
  });
  after(() => canvas.dispose());

  test('both a written reference and a related link are drawn between their cards', () => {
    assert.ok(written.columns > 60 && soft.columns > 60, `room between the cards: ${written.columns} and ${soft.columns} px`);
    assert.ok(written.pixels >= written.columns, `the reference covers its ${written.columns} columns (${written.pixels} pixels)`);
    assert.ok(soft.pixels >= soft.columns / 3, `the related link shows (${soft.pixels} pixels over ${soft.columns} columns)`);
  });

  test('a written reference is one unbroken line; a related link is dashed', () => {
    assert.equal(written.emptyColumns, 0, 'no gap in the reference');
    // 6 px drawn and 4 left out: about 40% of a near-horizontal link's columns are gaps.
    assert.ok(soft.emptyColumns >= soft.columns * 0.25, `${soft.emptyColumns} of ${soft.columns} columns of the related link are gaps`);
  });

  test('a related link is lighter than a written reference', () => {
    assert.ok(soft.meanDarkening < written.meanDarkening * 0.9, `related darkens ${soft.meanDarkening.toFixed(1)}, reference ${written.meanDarkening.toFixed(1)}`);
  });
});
