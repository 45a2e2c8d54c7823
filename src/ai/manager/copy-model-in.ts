import fs from 'node:fs';
import { SovereignError, _, format } from '../../core/index.js';
import { sha256File } from './sha256-file.js';

/** Where a model added under a name goes: its installed file, and the temporary copy beside it. */
export interface ModelTarget {
  file: string;
  temporary: string;
}

/**
 * The shared end of `sovereign models add` for every kind of model (GGUF,
 * whisper): a taken name is refused unless forced, the file is copied
 * beside the store under a temporary name (the original is left alone),
 * hashed, and handed to the store's own install, which checks it and
 * renames it into place. The temporary copy never outlives the call.
 */
export async function copyModelIn<T>(source: string, name: string, target: ModelTarget, install: (temporary: string, sha256: string) => Promise<T>, options: { force?: boolean; signal?: AbortSignal } = {}): Promise<T> {
  if (!options.force && fs.existsSync(target.file)) {
    throw new SovereignError('already-exists', format(_('A model named {name} is already installed.'), { name }), {
      hint: _('Remove it first with "sovereign models rm", or choose another name with --name.'),
    });
  }
  try {
    await fs.promises.copyFile(source, target.temporary);
    return await install(target.temporary, await sha256File(target.temporary, undefined, options.signal));
  } finally {
    fs.rmSync(target.temporary, { force: true });
  }
}
