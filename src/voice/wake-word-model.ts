import fs from 'node:fs';
import path from 'node:path';
import { SovereignError } from '../core/errors.js';
import { _, format } from '../core/i18n.js';
import type { WakeWordModelFiles } from './wake-phrase-protocol.js';

/** openWakeWord's feature models keep these names in its releases; they sit beside the wake-word model. */
export const MELSPECTROGRAM_FILE = 'melspectrogram.onnx';
export const EMBEDDING_FILE = 'embedding_model.onnx';

const FEATURE_FILES = new Set([MELSPECTROGRAM_FILE, EMBEDDING_FILE]);

function missing(file: string, what: string): SovereignError {
  return new SovereignError('not-found', format(_('The wake-word model folder has no {file}: {what}'), { file, what }), {
    hint: _('Put melspectrogram.onnx and embedding_model.onnx (from openWakeWord’s releases) beside the wake-word model'),
  });
}

/**
 * The three files of a wake phrase from what the user chose (Preferences ›
 * Voice, `--wake-model`): the wake-word model itself (melspectrogram.onnx and
 * embedding_model.onnx beside it), or a folder holding those two and exactly
 * one wake-word model. None ship with Sovereign: openWakeWord's published
 * wake-word models are licensed for non-commercial use only.
 */
export function findWakeWordModels(chosen: string): WakeWordModelFiles {
  if (chosen.trim() === '') {
    throw new SovereignError('not-found', _('No wake-word model is set.'), {
      hint: _('Choose a wake-word model file in Preferences › Voice, or pass --wake-model'),
    });
  }
  const target = path.resolve(chosen);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    throw new SovereignError('not-found', format(_('The wake-word model {file} does not exist.'), { file: target }), {
      hint: _('Choose a wake-word model file in Preferences › Voice, or pass --wake-model'),
    });
  }
  let folder = path.dirname(target);
  let classifier = target;
  if (stat.isDirectory()) {
    folder = target;
    const candidates = fs.readdirSync(folder).filter((name) => name.endsWith('.onnx') && !FEATURE_FILES.has(name));
    if (candidates.length !== 1) {
      throw new SovereignError(
        candidates.length === 0 ? 'not-found' : 'invalid-input',
        candidates.length === 0
          ? format(_('The folder {folder} holds no wake-word model (an .onnx file besides melspectrogram.onnx and embedding_model.onnx).'), { folder })
          : format(_('The folder {folder} holds several wake-word models ({files}): choose one of the files.'), { folder, files: candidates.join(', ') }),
      );
    }
    classifier = path.join(folder, candidates[0] ?? '');
  }
  const files = { melspectrogram: path.join(folder, MELSPECTROGRAM_FILE), embedding: path.join(folder, EMBEDDING_FILE), classifier };
  if (!fs.existsSync(files.melspectrogram)) throw missing(files.melspectrogram, _('the model that turns sound into mel frames'));
  if (!fs.existsSync(files.embedding)) throw missing(files.embedding, _('the model that turns mel frames into speech features'));
  return files;
}
