import fs from 'node:fs';
import { z } from 'zod';
import { SovereignError, _, format } from '../../core/index.js';

/**
 * The models Sovereign can offer to download: for each, where it comes from
 * and the sha256 it must have (pullModel refuses a download without one, so
 * an entry without a known hash is never offered). The built-in catalog can
 * be replaced by a JSON file of the same shape named in config.toml
 * ([ai] catalog): a local mirror, or a test's loopback server.
 */
export const catalogEntrySchema = z
  .object({
    /** The name it is installed under (models/<name>.gguf). */
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/),
    /** What the window shows, e.g. "Qwen2.5 3B Instruct". */
    title: z.string().min(1).max(200),
    quantization: z.string().min(1).max(32),
    parameters: z.number().positive(),
    sizeBytes: z.number().int().positive(),
    url: z.string().url(),
    sha256: z.string().regex(/^[0-9a-fA-F]{64}$/),
  })
  .strict();

/**
 * A whisper.cpp speech model (ggml `.bin`, the speech role). `size` is
 * whisper's own name for the shape, which decides memory and speed.
 */
export const speechCatalogEntrySchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/),
    title: z.string().min(1).max(200),
    size: z.enum(['tiny', 'base', 'small']),
    /** Only English (the .en models: better for English at the same size), or multilingual. */
    english: z.boolean().default(false),
    sizeBytes: z.number().int().positive(),
    url: z.string().url(),
    sha256: z.string().regex(/^[0-9a-fA-F]{64}$/),
  })
  .strict();

export const catalogSchema = z
  .object({
    chat: z.array(catalogEntrySchema).default([]),
    speech: z.array(speechCatalogEntrySchema).default([]),
  })
  .strict();

export type CatalogEntry = z.infer<typeof catalogEntrySchema>;
export type SpeechCatalogEntry = z.infer<typeof speechCatalogEntrySchema>;
export type ModelCatalog = z.infer<typeof catalogSchema>;

/**
 * Qwen2.5 3B Instruct (Apache-2.0) in the quantisations recommendQuantization
 * picks from. Empty until the release manager fills in each file's url, size
 * and sha256 from the publisher's model page: a hash cannot be checked from
 * a machine without internet, and a guessed one would fail every download.
 */
export const BUILT_IN_CATALOG: ModelCatalog = { chat: [], speech: [] };

/** The catalog in effect: the file named in config, or the built-in one. */
export function loadCatalog(file: string): ModelCatalog {
  if (!file) return BUILT_IN_CATALOG;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new SovereignError('io', format(_('Cannot read the model catalog {file}: {message}'), { file, message: (error as Error).message }), {
      hint: _('Fix or remove "catalog" under [ai] in config.toml.'),
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SovereignError('invalid-input', format(_('The model catalog {file} is not JSON: {message}'), { file, message: (error as Error).message }));
  }
  const result = catalogSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new SovereignError('invalid-input', format(_('The model catalog {file} is not usable: {path}: {message}'), { file, path: issue.path.join('.'), message: issue.message }));
  }
  return result.data;
}
