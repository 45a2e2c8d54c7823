import fs from 'node:fs';
import path from 'node:path';
import { checkModelName } from '../ai/manager/model-store.js';
import { sha256File } from '../ai/manager/sha256-file.js';
import { SovereignError } from '../core/errors.js';
import { _, format } from '../core/i18n.js';
import { readWhisperModelInfo, type WhisperModelInfo } from './whisper-model-file.js';

/** An installed speech model: <models dir>/<name>.bin with <name>.bin.json beside it. */
export interface InstalledSpeechModel {
  name: string;
  file: string;
  sha256: string;
  source: string;
  addedAt: string;
  info: WhisperModelInfo;
}

const GGML_MAGIC = Buffer.from([0x6c, 0x6d, 0x67, 0x67]);

/** Whether a file starts like a whisper.cpp ggml model (so `sovereign models add` installs it as a speech model). */
export function isWhisperModelFile(file: string): boolean {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const head = Buffer.alloc(4);
      return fs.readSync(fd, head, 0, 4, 0) === 4 && head.equals(GGML_MAGIC);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}

/**
 * Checks a whisper model end to end, copies it into the models dir under a
 * temporary name and renames it into place with its sha256 recorded, so a
 * listed speech model is complete and can be verified later.
 */
export async function installSpeechModel(modelsDir: string, source: string, options: { name?: string; force?: boolean; signal?: AbortSignal } = {}): Promise<InstalledSpeechModel> {
  const absolute = path.resolve(source);
  const info = readWhisperModelInfo(absolute);
  const name = options.name ?? path.basename(absolute).replace(/\.bin$/i, '');
  checkModelName(name);
  const target = path.join(modelsDir, `${name}.bin`);
  if (!options.force && fs.existsSync(target)) {
    throw new SovereignError('already-exists', format(_('A model named {name} is already installed.'), { name }), {
      hint: _('Remove it first with "sovereign models rm", or choose another name with --name.'),
    });
  }
  fs.mkdirSync(modelsDir, { recursive: true });
  const temporary = path.join(modelsDir, `.${name}.bin.add-${process.pid}`);
  try {
    await fs.promises.copyFile(absolute, temporary);
    const sha256 = await sha256File(temporary, undefined, options.signal);
    const record: Omit<InstalledSpeechModel, 'name' | 'file'> = { sha256, source: absolute, addedAt: new Date().toISOString(), info };
    fs.writeFileSync(`${target}.json`, JSON.stringify(record, null, 2));
    fs.renameSync(temporary, target);
    return { name, file: target, ...record };
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

/** The installed speech models (by name), whether or not one is chosen in config. */
export function listSpeechModels(modelsDir: string): string[] {
  if (!fs.existsSync(modelsDir)) return [];
  return fs
    .readdirSync(modelsDir)
    .filter((entry) => entry.endsWith('.bin') && !entry.startsWith('.'))
    .sort()
    .map((entry) => path.join(modelsDir, entry));
}
