import path from 'node:path';
import { ModelRoles } from '../ai/manager/model-roles.js';
import { SovereignError } from '../core/errors.js';
import { _ } from '../core/i18n.js';
import { listSpeechModels } from './speech-model-store.js';

/**
 * The speech model's file, decided in this one place for `sovereign listen`,
 * the window and the models list: the speech model chosen in Preferences ›
 * Models or with `sovereign models use` (models/roles.json), else the
 * [ai.models] speech setting (an absolute path, or a file name in the models
 * dir, ".bin" added when it does not end in it, as whisper.cpp's ggml-*.bin
 * files are named), else the speech model installed in the models dir.
 */
export function speechModelPath(setting: string, modelsDir: string): string {
  const chosen = new ModelRoles(modelsDir).readSpeech() ?? setting;
  // Nothing chosen: the one speech model installed with `sovereign models add` (the first by name if several).
  const installed = chosen ? undefined : listSpeechModels(modelsDir)[0];
  if (installed) return installed;
  if (!chosen) {
    throw new SovereignError('not-found', _('No speech model is installed or set, so nothing can be transcribed.'), {
      hint: _('Install a whisper.cpp model with "sovereign models add ggml-base.en.bin", set "speech" under [ai.models] in config.toml, or pass --model FILE.'),
    });
  }
  if (path.isAbsolute(chosen)) return chosen;
  // "ggml-base.en" has an extension by path.extname's reckoning, but not the file's.
  return path.join(modelsDir, /\.bin$/i.test(chosen) ? chosen : `${chosen}.bin`);
}

/** The file speechModelPath would use, or undefined when there is none (for lists that mark the active model). */
export function activeSpeechModelPath(setting: string, modelsDir: string): string | undefined {
  try {
    return speechModelPath(setting, modelsDir);
  } catch {
    return undefined;
  }
}
