import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readDictation } from '../../../src/voice/dictation-phrases.js';

test('"take a note: …" starts a new note with the words after it, however whisper punctuated it', () => {
  assert.deepEqual(readDictation('Take a note: buy milk and eggs.'), { kind: 'new-note', text: 'buy milk and eggs.' });
  assert.deepEqual(readDictation(' take a note, call Anna'), { kind: 'new-note', text: 'call Anna' });
  assert.deepEqual(readDictation('Take a note.'), { kind: 'new-note', text: '' });
});

test('"stop dictation" ends dictation, alone in its sentence', () => {
  assert.deepEqual(readDictation('Stop dictation.'), { kind: 'stop' });
  assert.deepEqual(readDictation('  STOP DICTATION!'), { kind: 'stop' });
});

test('anything else is dictated text, including the phrases inside a sentence', () => {
  assert.deepEqual(readDictation('The meeting moved to Tuesday.'), { kind: 'append', text: 'The meeting moved to Tuesday.' });
  assert.deepEqual(readDictation('I told him to stop dictation in class.'), { kind: 'append', text: 'I told him to stop dictation in class.' });
  assert.deepEqual(readDictation('She wanted to take a notebook'), { kind: 'append', text: 'She wanted to take a notebook' });
});
