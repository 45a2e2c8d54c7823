import path from 'node:path';
import { ensureWhisperModel, type WhisperFixtureName } from '../fixtures/whisper/whisper-model.js';
import { repoRoot } from './repo.js';

/** A generated random-weight whisper model, cached in tests/fixtures/generated (ignored by git; ~78 MB tiny, ~148 MB base). */
export function generatedWhisperModel(name: WhisperFixtureName = 'whisper-tiny-shaped.bin'): string {
  return ensureWhisperModel(path.join(repoRoot, 'tests', 'fixtures', 'generated'), name);
}
