import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { loadCanvasKit, type CanvasKitWithHeap } from '../../../src/canvas/render/canvaskit.js';
import { loadSystemFonts } from '../../../src/canvas/render/fonts.js';
import { TextCache } from '../../../src/canvas/render/text-cache.js';

let ck: CanvasKitWithHeap;

/** Every glyph id of a laid-out paragraph: 0 is the missing glyph (a box where a character should be). */
function glyphIds(cache: TextCache, text: string): number[] {
  const paragraph = cache.get(text, () => ({ text, size: 14, colour: '#000000', width: 600 }));
  return paragraph.getShapedLines().flatMap((line) => line.runs.flatMap((run) => [...run.glyphs]));
}

describe('canvas fonts', () => {
  before(async () => {
    ck = await loadCanvasKit();
  });

  test('a canvas of Latin titles draws them without loading the CJK or emoji fonts', () => {
    const fonts = loadSystemFonts(ck);
    const cache = new TextCache(ck, fonts);
    const glyphs = glyphIds(cache, 'Budget review Q2 — café notes');
    assert.ok(glyphs.length > 20 && glyphs.every((id) => id !== 0), 'every Latin character has a glyph');
    assert.deepEqual(fonts.families, ['Cantarell', 'Noto Sans']);
    cache.clear();
    fonts.provider.delete();
  });

  test('a Japanese title and an emoji title are drawn with their glyphs, each font loaded when first needed', () => {
    const fonts = loadSystemFonts(ck);
    const cache = new TextCache(ck, fonts);
    const japanese = glyphIds(cache, '東京の会議メモ');
    assert.equal(japanese.length, 7);
    assert.ok(japanese.every((id) => id !== 0), 'no kanji or kana is drawn as a missing glyph');
    assert.deepEqual(fonts.families, ['Cantarell', 'Noto Sans', 'Noto Sans CJK']);
    const emoji = glyphIds(cache, 'Trip 🚲');
    assert.ok(emoji.every((id) => id !== 0), 'the bicycle is drawn from the emoji font');
    assert.deepEqual(fonts.families, ['Cantarell', 'Noto Sans', 'Noto Sans CJK', 'Noto Color Emoji']);
    cache.clear();
    fonts.provider.delete();
  });
});
