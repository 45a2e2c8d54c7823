import fs from 'node:fs';
import path from 'node:path';
import { checkModelName } from '../ai/manager/model-store.js';
import { copyModelIn } from '../ai/manager/copy-model-in.js';
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

/** A speech model as the models dir holds it: a file copied in by hand has no record, and may not be usable. */
export interface SpeechModelEntry {
  name: string;
  file: string;
  sizeBytes: number;
  sha256: string | undefined;
  info: WhisperModelInfo | undefined;
  /** Why the file cannot be used, when it cannot. */
  problem: string | undefined;
}

type SpeechRecord = Omit<InstalledSpeechModel, 'name' | 'file'>;

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
 * The speech models in the models dir (whisper.cpp ggml `.bin` files, beside
 * the GGUF ones that ModelStore keeps). Files arrive under a temporary name,
 * are checked end to end by readWhisperModelInfo and only then renamed into
 * place with their sha256 recorded, so a listed speech model is complete.
 * Its install/temporaryPath/get are what pullModel downloads into.
 */
export class SpeechModelStore {
  constructor(readonly dir: string) {}

  fileOf(name: string): string {
    checkModelName(name);
    return path.join(this.dir, `${name}.bin`);
  }

  /** A temporary path in the models dir (same filesystem, so the final rename is atomic). */
  temporaryPath(name: string, suffix: string): string {
    fs.mkdirSync(this.dir, { recursive: true });
    return path.join(this.dir, `.${name}.bin.${suffix}`);
  }

  /**
   * Checks a file at its temporary path as a whisper model and renames it
   * into place with its record. A file that is not one is refused with
   * readWhisperModelInfo's message (the caller deletes the temporary file).
   */
  async install(temporary: string, name: string, source: string, sha256: string): Promise<InstalledSpeechModel> {
    const target = this.fileOf(name);
    let info: WhisperModelInfo;
    try {
      info = readWhisperModelInfo(temporary, path.basename(target));
    } catch (error) {
      if (!(error instanceof SovereignError)) throw error;
      throw new SovereignError(error.kind, `${error.message} ${_('The file was not installed and has been deleted.')}`, { hint: _('The file matched its sha256, so the catalog entry points at something that is not a whisper.cpp model: check the catalog.'), detail: { source } });
    }
    const record: SpeechRecord = { sha256, source, addedAt: new Date().toISOString(), info };
    fs.writeFileSync(`${target}.json.tmp`, JSON.stringify(record, null, 2));
    fs.renameSync(temporary, target);
    fs.renameSync(`${target}.json.tmp`, `${target}.json`);
    return { name, file: target, ...record };
  }

  /** Checks a local whisper model end to end and copies it in; the original is left alone. */
  async add(source: string, options: { name?: string; force?: boolean; signal?: AbortSignal } = {}): Promise<InstalledSpeechModel> {
    const absolute = path.resolve(source);
    readWhisperModelInfo(absolute);
    const name = options.name ?? path.basename(absolute).replace(/\.bin$/i, '');
    checkModelName(name);
    return copyModelIn(absolute, name, { file: this.fileOf(name), temporary: this.temporaryPath(name, `add-${process.pid}`) }, (temporary, sha256) => this.install(temporary, name, absolute, sha256), options);
  }

  get(name: string): SpeechModelEntry | undefined {
    const file = this.fileOf(name);
    if (!fs.existsSync(file)) return undefined;
    let record: Partial<SpeechRecord> = {};
    try {
      record = JSON.parse(fs.readFileSync(`${file}.json`, 'utf8')) as SpeechRecord;
    } catch {
      // Copied in by hand: read what the file says about itself.
    }
    let info = record.info;
    let problem: string | undefined;
    if (!info) {
      try {
        info = readWhisperModelInfo(file);
      } catch (error) {
        problem = (error as Error).message;
      }
    }
    return { name, file, sizeBytes: fs.statSync(file).size, sha256: record.sha256, info, problem };
  }

  /** The installed speech models, by name. */
  list(): SpeechModelEntry[] {
    return listSpeechModels(this.dir)
      .map((file) => this.get(path.basename(file, '.bin')))
      .filter((entry): entry is SpeechModelEntry => entry !== undefined);
  }

  remove(name: string): void {
    const file = this.fileOf(name);
    if (!fs.existsSync(file)) throw new SovereignError('not-found', format(_('No model named {name} is installed.'), { name }));
    fs.rmSync(file);
    fs.rmSync(`${file}.json`, { force: true });
  }
}

/** Installs a local whisper model file as a speech model (`sovereign models add`). */
export async function installSpeechModel(modelsDir: string, source: string, options: { name?: string; force?: boolean; signal?: AbortSignal } = {}): Promise<InstalledSpeechModel> {
  return new SpeechModelStore(modelsDir).add(source, options);
}

/** The installed speech model files (by name), whether or not one is chosen. */
export function listSpeechModels(modelsDir: string): string[] {
  if (!fs.existsSync(modelsDir)) return [];
  return fs
    .readdirSync(modelsDir)
    .filter((entry) => entry.endsWith('.bin') && !entry.startsWith('.'))
    .sort()
    .map((entry) => path.join(modelsDir, entry));
}
