import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextStatsCounter, textStats, textStatsInTurns } from '../../../src/skills/core/markdown-editor/index.js';

/** The count in one Intl.Segmenter pass over the whole text: what a reader's counts are defined by. */
function countInOnePass(text: string): { words: number; characters: number } {
  // Counted without keeping the segments: each one holds its own copy of the whole text.
  let characters = 0;
  for (const _segment of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) characters++;
  let words = 0;
  for (const segment of new Intl.Segmenter(undefined, { granularity: 'word' }).segment(text)) if (segment.isWordLike) words++;
  return { words, characters };
}

// Windows line ends, combining accents, a family emoji, CJK and a line far longer than a piece.
const lines = [
  '# Budget 2026\r\n',
  'Don\'t overspend on cafe\u0301s 👨‍👩‍👧 this year.\n',
  '東京の予算は来年度に見直します。\n',
  '\n',
  'A line that wraps: ' + 'word '.repeat(4000) + '\n',
];
const longText = Array.from({ length: 10 }, (_, i) => lines[i % lines.length]!).join('');

test('a long note shows the same word and character counts as counting it in one pass', () => {
  assert.ok(longText.length > 2 * 16_384);
  assert.deepEqual(textStats(longText), countInOnePass(longText));
});

test('a long paragraph on one line, with CR LF line ends, tabs and accents after spaces, counts as in one pass', () => {
  // Prose paragraphs are single lines far longer than a piece; a combining accent after a space joins it.
  const sentence = 'Plain ASCII words, a tab\there, 3.14 and don\'t, e.g. U.S.A. ok  two  spaces \u0301accent 東京 ';
  const paragraph = sentence.repeat(300);
  const text = `${paragraph}\r\n\r\n${'ascii only line of words '.repeat(200)}\r\n${paragraph}`;
  assert.ok(paragraph.length > 10 * 256 && !paragraph.includes('\n'));
  assert.deepEqual(textStats(text), countInOnePass(text));
});

test('counting in turns gives the same counts as counting at once', async () => {
  assert.deepEqual(await textStatsInTurns(longText), countInOnePass(longText));
  assert.deepEqual(await textStatsInTurns(''), { words: 0, characters: 0 });
});

test('a count superseded by newer text gives no numbers to show', async () => {
  let turns = 0;
  assert.equal(await textStatsInTurns(longText, () => ++turns > 2), undefined);
});

test('a long note counted off the main loop shows the same counts as counting it in one pass', async () => {
  const counter = new TextStatsCounter();
  assert.deepEqual(await counter.count(longText), countInOnePass(longText));
  // A second count reuses the worker; a short text is counted where it is asked.
  assert.deepEqual(await counter.count(longText.slice(0, 40_000)), countInOnePass(longText.slice(0, 40_000)));
  assert.deepEqual(await counter.count('Don\'t overspend.'), { words: 2, characters: 16 });
});

test('a count off the main loop superseded by newer text gives no numbers to show', async () => {
  let stale = false;
  const counting = new TextStatsCounter().count(longText, () => stale);
  stale = true;
  assert.equal(await counting, undefined);
});
