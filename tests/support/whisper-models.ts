import path from 'node:path';
import { SCRIPTED_WHISPER, writeScriptedWhisperModel } from '../fixtures/whisper/scripted-whisper.js';
import { ensureModelFile, ensureWhisperModel, type WhisperFixtureName } from '../fixtures/whisper/whisper-model.js';
import { repoRoot } from './repo.js';

const GENERATED = path.join(repoRoot, 'tests', 'fixtures', 'generated');

/** A generated random-weight whisper model, cached in tests/fixtures/generated (ignored by git; ~78 MB tiny, ~148 MB base). */
export function generatedWhisperModel(name: WhisperFixtureName = 'whisper-tiny-shaped.bin'): string {
  return ensureWhisperModel(GENERATED, name);
}

/** What the scripted models say (each token with the leading space whisper writes). */
export const SCRIPTS = {
  'take-a-note': [' Take', ' a', ' note:', ' buy', ' fern', ' compost.'],
  'stop-dictation': [' Stop', ' dictation.'],
  'open-research-notes': [' Open', ' my', ' research', ' notes.'],
} as const;
export type ScriptName = keyof typeof SCRIPTS;

/** The text a scripted model transcribes any speech to, as the transcriber hands it on (trimmed). */
export function scriptedText(name: ScriptName): string {
  return SCRIPTS[name].join('').trim();
}

/** A small whisper model (~15 MB) that transcribes any speech to `scriptedText(name)` (tests/fixtures/whisper/scripted-whisper.ts). */
export function scriptedWhisperModel(name: ScriptName): string {
  return ensureModelFile(GENERATED, `whisper-scripted-${name}.bin`, (file) => writeScriptedWhisperModel(file, SCRIPTED_WHISPER, { words: SCRIPTS[name] }));
}
