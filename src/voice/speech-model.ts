import path from 'node:path';
import { SovereignError } from '../core/errors.js';
import { _ } from '../core/i18n.js';

/**
 * The speech model's file from the [ai.models] speech setting: an absolute
 * path, or a file name in the models dir (".bin" added when it has no
 * extension, as whisper.cpp's ggml-*.bin files are named).
 */
export function speechModelPath(setting: string, modelsDir: string): string {
  if (!setting) {
    throw new SovereignError('not-found', _('No speech model is set, so nothing can be transcribed.'), {
      hint: _('Put a whisper.cpp model (e.g. ggml-base.en.bin) in the models folder and set "speech" under [ai.models] in config.toml, or pass --model FILE.'),
    });
  }
  if (path.isAbsolute(setting)) return setting;
  return path.join(modelsDir, path.extname(setting) ? setting : `${setting}.bin`);
}
