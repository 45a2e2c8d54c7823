import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { SovereignError, _, createLogger, format } from '../core/index.js';
import { ACTIONS, type Action } from './user-intent.js';

/**
 * How to take back one executed action. Each step holds what the action
 * replaced, so undo needs nothing but the store.
 */
const isoDate = z.string().datetime();
const undoStepSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('delete-created'), documentId: z.string() }),
  z.object({ kind: z.literal('restore-title'), documentId: z.string(), title: z.string() }),
  z.object({ kind: z.literal('restore-thread'), documentId: z.string(), threadId: z.string().nullable() }),
  z.object({ kind: z.literal('remove-link'), relationshipId: z.string() }),
  z.object({
    kind: z.literal('recreate-deleted'),
    document: z.object({
      id: z.string(),
      title: z.string(),
      docType: z.enum(['markdown', 'text', 'pdf', 'docx', 'html', 'image']),
      content: z.string(),
      threadId: z.string().nullable(),
      isOwned: z.boolean(),
      mediaRef: z.string().nullable(),
      createdAt: isoDate,
      modifiedAt: isoDate,
    }),
    links: z.array(z.object({ id: z.string(), kind: z.enum(['references', 'derived_from', 'continues', 'related']), from: z.string(), to: z.string(), strength: z.number() })),
  }),
]);
export type UndoStep = z.infer<typeof undoStepSchema>;

const undoEntrySchema = z.object({
  action: z.enum(ACTIONS),
  summary: z.string(),
  at: isoDate,
  step: undoStepSchema,
});
export type UndoEntry = z.infer<typeof undoEntrySchema>;

const undoFileSchema = z.object({ version: z.literal(1), entries: z.array(undoEntrySchema) });

/** The undo stack's file name in the data dir (CLI and D-Bus service share it). */
export const UNDO_FILE_NAME = 'assistant-undo.json';

/** Enough to take back a session's worth of mistakes; older entries fall off. */
export const UNDO_DEPTH = 50;

const log = createLogger('assistant');

/**
 * The assistant's undo stack, kept in a JSON file in the data dir so that
 * "undo that" still works after a restart. Written whole (to a temporary
 * file, then renamed) after every change, so a crash leaves either the old
 * or the new stack, never half of one.
 */
export class UndoStack {
  private entries: UndoEntry[] = [];

  private constructor(private readonly file: string) {}

  static async open(file: string): Promise<UndoStack> {
    const stack = new UndoStack(file);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return stack;
      throw new SovereignError('io', format(_('Cannot read the assistant’s undo history {file}.'), { file }), { cause: error });
    }
    let parsed: z.infer<typeof undoFileSchema> | undefined;
    try {
      parsed = undoFileSchema.parse(JSON.parse(text));
    } catch (error) {
      // A damaged undo history must not stop the assistant; it only loses what could be undone.
      log.warn('undo history unreadable, starting empty', { file, error: String(error) });
    }
    stack.entries = parsed?.entries ?? [];
    return stack;
  }

  get size(): number {
    return this.entries.length;
  }

  /** Newest last. */
  list(): readonly UndoEntry[] {
    return this.entries;
  }

  async push(action: Action, summary: string, step: UndoStep): Promise<void> {
    this.entries.push({ action, summary, at: new Date().toISOString(), step });
    if (this.entries.length > UNDO_DEPTH) this.entries.splice(0, this.entries.length - UNDO_DEPTH);
    await this.save();
  }

  /** Removes and returns the newest entry (saved before returning). */
  async pop(): Promise<UndoEntry | undefined> {
    const entry = this.entries.pop();
    if (entry) await this.save();
    return entry;
  }

  /** Puts an entry back (its undo failed). */
  async restore(entry: UndoEntry): Promise<void> {
    this.entries.push(entry);
    await this.save();
  }

  private async save(): Promise<void> {
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    await fs.writeFile(temporary, JSON.stringify({ version: 1, entries: this.entries }), 'utf8');
    await fs.rename(temporary, this.file);
  }
}
