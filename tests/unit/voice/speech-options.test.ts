import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSovereignError } from '../../../src/core/index.js';
import { checkSpeechOptions } from '../../../src/voice/speech-options.js';

test('no voice or rate given means American English at a conversational 175 words per minute', () => {
  assert.deepEqual(checkSpeechOptions({}), { voice: 'en-us', rate: 175 });
  assert.deepEqual(checkSpeechOptions({ voice: 'gmw/en-US', rate: 80 }), { voice: 'gmw/en-US', rate: 80 });
});

test('a voice that would reach outside espeak-ng’s voices, or looks like an option, is refused by name', () => {
  for (const voice of ['../../etc/passwd', '-w', '', 'en us', '/abs']) {
    assert.throws(
      () => checkSpeechOptions({ voice }),
      (error) => isSovereignError(error, 'invalid-input') && error.message.includes(`No voice named “${voice}”`),
      voice,
    );
  }
});

test('a rate espeak-ng cannot speak at is refused with the range it takes', () => {
  for (const rate of [79, 451, 120.5, Number.NaN]) {
    assert.throws(() => checkSpeechOptions({ rate }), /Speech rate .* is out of range: give 80 to 450 words per minute/, String(rate));
  }
});
