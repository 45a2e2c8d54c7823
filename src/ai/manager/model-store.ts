import fs from 'node:fs';
import path from 'node:path';
import { SovereignError, _, format, openReadableFile } from '../../core/index.js';
import { inspectModel, type ModelMetadata } from '../gguf/model-metadata.js';
import { copyModelIn } from './copy-model-in.js';
import { sha256File } from './sha256-file.js';

/**
 * The models dir (~/.local/share/sovereign/models) as a package store: each
 * model is <name>.gguf with a <name>.gguf.json record beside it (sha256,
 * size, source, metadata read from the header). Files arrive under a
 * temporary name and are renamed into place, so a listed model is complete.
 */
export interface InstalledModel {
  name: string;
  file: string;
  sizeBytes: number;
  sha256: string | undefined;
  source: string | undefined;
  addedAt: string | undefined;
  metadata: ModelMetadata | undefined;
  /** Why the file could not be read, when it could not. */
  problem: string | undefined;
}

interface Record_ {
  sha256: string;
  sizeBytes: number;
  source: string;
  addedAt: string;
  metadata: ModelMetadata;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function modelNameOf(file: string): string {
  return path.basename(file).replace(/\.gguf$/i, '');
}

export function checkModelName(name: string): void {
  if (!NAME.test(name) || name.includes('..')) {
    throw new SovereignError('invalid-input', format(_('"{name}" is not a usable model name.'), { name }), {
      hint: _('Use letters, digits, dots, dashes and underscores.'),
    });
  }
}

export class ModelStore {
  constructor(readonly dir: string) {}

  fileOf(name: string): string {
    checkModelName(name);
    return path.join(this.dir, `${name}.gguf`);
  }

  private recordOf(name: string): string {
    return this.fileOf(name) + '.json';
  }

  /** A temporary path in the models dir (same filesystem, so the final rename is atomic). */
  temporaryPath(name: string, suffix: string): string {
    fs.mkdirSync(this.dir, { recursive: true });
    return path.join(this.dir, `.${name}.gguf.${suffix}`);
  }

  /** Checks and records a file already at its temporary path, then renames it into place. */
  async install(temporary: string, name: string, source: string, sha256: string): Promise<InstalledModel> {
    const metadata = inspectModel(temporary);
    const target = this.fileOf(name);
    const record: Record_ = { sha256, sizeBytes: fs.statSync(temporary).size, source, addedAt: new Date().toISOString(), metadata };
    fs.writeFileSync(this.recordOf(name) + '.tmp', JSON.stringify(record, null, 2));
    fs.renameSync(temporary, target);
    fs.renameSync(this.recordOf(name) + '.tmp', this.recordOf(name));
    return this.get(name)!;
  }

  /** Copies a local GGUF into the store after checking its header; the original is left alone. */
  async add(source: string, options: { name?: string; force?: boolean; signal?: AbortSignal } = {}): Promise<InstalledModel> {
    const absolute = path.resolve(source);
    // The one readable-file check: a folder, a FIFO or a device gets a clear error, not a stack.
    await (await openReadableFile(absolute, Number.MAX_SAFE_INTEGER)).close();
    inspectModel(absolute);
    const name = options.name ?? modelNameOf(absolute);
    checkModelName(name);
    return copyModelIn(absolute, name, { file: this.fileOf(name), temporary: this.temporaryPath(name, `add-${process.pid}`) }, (temporary, sha256) => this.install(temporary, name, absolute, sha256), options);
  }

  get(name: string): InstalledModel | undefined {
    const file = this.fileOf(name);
    if (!fs.existsSync(file)) return undefined;
    let record: Partial<Record_> = {};
    try {
      record = JSON.parse(fs.readFileSync(this.recordOf(name), 'utf8')) as Record_;
    } catch {
      // A file copied in by hand has no record: read what the header says.
    }
    let metadata = record.metadata;
    let problem: string | undefined;
    if (!metadata) {
      try {
        metadata = inspectModel(file);
      } catch (error) {
        problem = (error as Error).message;
      }
    }
    return {
      name,
      file,
      sizeBytes: fs.statSync(file).size,
      sha256: record.sha256,
      source: record.source,
      addedAt: record.addedAt,
      metadata,
      problem,
    };
  }

  list(): InstalledModel[] {
    if (!fs.existsSync(this.dir)) return [];
    return fs
      .readdirSync(this.dir)
      .filter((entry) => entry.endsWith('.gguf') && !entry.startsWith('.'))
      .sort()
      .map((entry) => this.get(modelNameOf(entry))!)
      .filter(Boolean);
  }

  remove(name: string): void {
    const file = this.fileOf(name);
    if (!fs.existsSync(file)) throw new SovereignError('not-found', format(_('No model named {name} is installed.'), { name }));
    fs.rmSync(file);
    fs.rmSync(this.recordOf(name), { force: true });
  }

  /** Recomputes the sha256 and compares it with the one recorded when the model was added. */
  async verify(name: string, signal?: AbortSignal): Promise<{ ok: boolean; expected: string | undefined; actual: string }> {
    const model = this.get(name);
    if (!model) throw new SovereignError('not-found', format(_('No model named {name} is installed.'), { name }));
    const actual = await sha256File(model.file, undefined, signal);
    return { ok: model.sha256 === undefined || model.sha256 === actual, expected: model.sha256, actual };
  }
}
