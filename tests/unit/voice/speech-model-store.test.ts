import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { createHash } from 'node:crypto';
import { isSovereignError } from '../../../src/core/errors.js';
import { speechModelPath } from '../../../src/voice/speech-model.js';
import { installSpeechModel, isWhisperModelFile } from '../../../src/voice/speech-model-store.js';
import { tempDir } from '../../support/store.js';
import { jfkWav } from '../../support/voice-audio.js';
import { generatedWhisperModel } from '../../support/whisper-models.js';

const model = generatedWhisperModel();

test('a whisper model is installed into the models folder with its sha256, and listen then finds it without any setting', async () => {
  const modelsDir = path.join(tempDir('sovereign-speech-models-'), 'models');
  assert.throws(() => speechModelPath('', modelsDir), (error: unknown) => isSovereignError(error, 'not-found') && /No speech model is installed or set/.test(error.message));
  const installed = await installSpeechModel(modelsDir, model, { name: 'ggml-tiny' });
  assert.equal(installed.file, path.join(modelsDir, 'ggml-tiny.bin'));
  assert.equal(installed.sha256, createHash('sha256').update(fs.readFileSync(model)).digest('hex'));
  assert.equal(installed.info.size, 'tiny');
  assert.equal(JSON.parse(fs.readFileSync(`${installed.file}.json`, 'utf8')).sha256, installed.sha256);
  assert.equal(speechModelPath('', modelsDir), installed.file);
  assert.equal(speechModelPath('ggml-base.en', modelsDir), path.join(modelsDir, 'ggml-base.en.bin'), 'a setting wins over what is installed');
  await assert.rejects(installSpeechModel(modelsDir, model, { name: 'ggml-tiny' }), (error: unknown) => isSovereignError(error, 'already-exists'));
});

test('a broken speech model is refused before anything is copied', async () => {
  const dir = tempDir('sovereign-speech-models-');
  const cut = path.join(dir, 'ggml-cut.bin');
  fs.writeFileSync(cut, fs.readFileSync(model).subarray(0, 1_000_000));
  assert.equal(isWhisperModelFile(cut), true);
  await assert.rejects(installSpeechModel(path.join(dir, 'models'), cut), (error: unknown) => isSovereignError(error, 'model') && /ggml-cut\.bin.*truncated/.test(error.message));
  assert.equal(fs.existsSync(path.join(dir, 'models', 'ggml-cut.bin')), false);
});

test('only ggml files are taken for speech models', () => {
  assert.equal(isWhisperModelFile(model), true);
  assert.equal(isWhisperModelFile(jfkWav), false);
});
