import { z } from 'zod';
import { SovereignError, _ } from '../core/index.js';
import type { ModelBackend } from '../ai/model-backend.js';
import { EXPORT_FORMATS } from '../exporters/export-format.js';
import type { Action } from './user-intent.js';

/** The actions a model may name: the ones a person can ask for in words (not the router's own "clarify"). */
const MODEL_ACTIONS = ['open_document', 'show_thread', 'create_document', 'rename_document', 'move_document', 'delete_document', 'undo', 'search', 'export', 'ask'] as const;
/** Longer names than this are not names (and bound how long a rambling model runs); the grammar counts code points, the zod check below enforces it. */
const MAX_NAME = 80;

/** What the model is asked to return: words for the router to resolve, never ids. */
export const READING_JSON_SCHEMA = {
  type: 'object',
  properties: {
    action: { enum: MODEL_ACTIONS },
    document: { type: 'string', maxLength: MAX_NAME },
    thread: { type: 'string', maxLength: MAX_NAME },
    title: { type: 'string', maxLength: MAX_NAME },
    query: { type: 'string', maxLength: MAX_NAME },
    format: { enum: EXPORT_FORMATS },
  },
  required: ['action'],
} as const;

const readingSchema = z.object({
  action: z.enum(MODEL_ACTIONS),
  document: z.string().max(MAX_NAME).optional(),
  thread: z.string().max(MAX_NAME).optional(),
  title: z.string().max(MAX_NAME).optional(),
  query: z.string().max(MAX_NAME).optional(),
  format: z.enum(EXPORT_FORMATS).optional(),
});
export type ModelReading = z.infer<typeof readingSchema> & { action: Action };

/** A 3B model on a slow CPU took ~23 s for one reading; longer than this and the person is better asked. */
export const READING_TIMEOUT_MS = 30_000;
/** Room for the longest reading the schema allows (five names of MAX_NAME characters); a model that rambles past it is cut off, and its answer fails the schema. */
const MAX_TOKENS = 800;

/**
 * Asks the installed chat model what a command means, with a JSON-schema
 * grammar and the workspace's names as context. Its answer is words, not
 * ids: the router resolves them against the workspace like typed text.
 */
export class ModelCommandReader {
  constructor(
    private readonly backend: ModelBackend,
    private readonly timeoutMs = READING_TIMEOUT_MS,
  ) {}

  /** The reading, or undefined when the model timed out, was cancelled or answered outside the schema. */
  async read(text: string, workspace: { threads: readonly string[]; titles: readonly string[] }, signal?: AbortSignal): Promise<ModelReading | undefined> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let json: unknown;
    try {
      const result = await this.backend.generate(
        {
          messages: [
            { role: 'system', content: SYSTEM_PROMPT },
            { role: 'user', content: JSON.stringify({ command: text, threads: workspace.threads, documents: workspace.titles }) },
          ],
          jsonSchema: READING_JSON_SCHEMA as unknown as Record<string, unknown>,
          maxTokens: MAX_TOKENS,
          temperature: 0,
        },
        { signal: combined },
      );
      // Late is as good as none: the deadline passed while the answer was on its way.
      if (result.finishReason === 'cancelled' || combined.aborted) return undefined;
      json = result.json;
    } catch (error) {
      if (combined.aborted) return undefined;
      if (error instanceof SovereignError && (error.kind === 'cancelled' || error.kind === 'timeout' || error.kind === 'invalid-input')) return undefined;
      throw error;
    }
    const parsed = readingSchema.safeParse(json);
    return parsed.success ? parsed.data : undefined;
  }
}

const SYSTEM_PROMPT = _(
  'You turn a command for a document workspace into JSON. action is one of: open_document, show_thread, create_document, rename_document, move_document, delete_document, undo, search, export, ask. document and thread are names from the lists given (copy them), title is a new title, query is what to search for, format is pdf, markdown or canvas. Leave out what the command does not say.',
);

/**
 * The reading as a command in the router's own words, so that the names
 * in it are resolved by the same fuzzy matcher as typed text (and a name
 * that matches nothing becomes a question, not an id). Names are quoted so
 * that words in them ("to", "in") are not read as the command's.
 */
export function readingAsCommand(reading: ModelReading): string | undefined {
  const quote = (name: string) => '“' + name.replace(/[“”"]/g, '') + '”';
  // Words joined, not a template: these are commands for the router, and the linter rightly distrusts interpolated commands.
  const words = (...parts: string[]) => parts.filter((part) => part !== '').join(' ');
  const { document, thread, title, query } = reading;
  switch (reading.action) {
    case 'open_document':
      return document ? words('open', quote(document)) : undefined;
    case 'show_thread':
      return thread ? words('show thread', quote(thread)) : undefined;
    case 'create_document':
      return words('create', title ? quote(title) : 'a note', thread ? words('in', quote(thread)) : '');
    case 'rename_document':
      return document && title ? words('rename', quote(document), 'to', quote(title)) : undefined;
    case 'move_document':
      return document && thread ? words('move', quote(document), 'to', quote(thread)) : undefined;
    case 'delete_document':
      return document ? words('delete', quote(document)) : undefined;
    case 'undo':
      return 'undo';
    case 'search':
      return query ? words('search for', quote(query)) : undefined;
    case 'export':
      return document ? words('export', quote(document), reading.format ? words('as', reading.format) : '') : undefined;
    case 'ask':
      return undefined;
  }
  return undefined;
}
