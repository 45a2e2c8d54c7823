import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonText, oneLine, terminalText } from '../../../src/cli/terminal-text.js';

const RAW_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

test('a title that would retitle the terminal is shown with its escape and bell spelled out', () => {
  assert.equal(oneLine('\u001b]0;pwned\u0007 Budget'), '\\x1b]0;pwned\\x07 Budget');
});

test('a single-line field shows newlines, tabs, DEL and C1 controls escaped and keeps everything else', () => {
  assert.equal(oneLine('a\nb\tc\rd\u007fe\u009b31mf ü 😀'), 'a\\nb\\tc\\rd\\x7fe\\x9b31mf ü 😀');
  for (let code = 0; code < 0xa0; code++) assert.doesNotMatch(oneLine(`x${String.fromCharCode(code)}y`), RAW_CONTROL, `U+${code.toString(16)}`);
});

test('content for a terminal keeps its lines, tabs and CRLF ends but no other control', () => {
  assert.equal(terminalText('one\ttwo\r\nthree\n\u001b[2Jfour\rfive'), 'one\ttwo\r\nthree\n\\x1b[2Jfour\\rfive');
});

test('JSON with DEL and C1 characters still parses to the same text', () => {
  const value = { title: '\u001b]0;x\u0007 \u009b2J \u007f end' };
  const json = jsonText(JSON.stringify(value));
  assert.doesNotMatch(json, RAW_CONTROL);
  assert.deepEqual(JSON.parse(json), value);
});
