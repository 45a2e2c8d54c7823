import type { RecordId } from 'surrealdb';
import { SovereignError, _, format } from '../../core/index.js';
import type { FieldCipher } from '../field-cipher.js';
import type { NewThread, ThreadPatch } from '../graph-store.js';
import type { Thread } from '../records.js';
import type { UnsequencedChange } from './change-feed.js';
import { META_FIELDS, metaFromRow, type DocumentRow } from './document-rows.js';
import { notFound } from './documents.js';
import { checkId, keyOf, newId, rid } from './ids.js';
import type { StoreSession } from './session.js';
import { checkColour, checkNumber, checkText } from './validate.js';

interface ThreadRow {
  id?: RecordId;
  name: string;
  name_key: string;
  description: string;
  colour: string;
  order: number;
}

const DEFAULT_COLOURS = ['#3584e4', '#33d17a', '#f6d32d', '#ff7800', '#e01b24', '#9141ac', '#986a44', '#5e5c64'];

function threadFromRow(row: ThreadRow, cipher: FieldCipher): Thread {
  const id = keyOf(row.id);
  const record = `thread:${id}`;
  return { id, name: cipher.open(record, 'name', row.name), description: cipher.open(record, 'description', row.description), colour: row.colour, order: row.order };
}

/** What a thread's name is looked up by (unique, case-insensitive); in a vault a keyed hash of it. */
export function threadNameKey(cipher: FieldCipher, name: string): string {
  return cipher.lookupKey('thread.name_key', name.trim().toLowerCase());
}

function rowFromThread(id: string, thread: Omit<Thread, 'id'>, cipher: FieldCipher): ThreadRow {
  const record = `thread:${id}`;
  return {
    name: cipher.seal(record, 'name', thread.name),
    name_key: threadNameKey(cipher, thread.name),
    description: cipher.seal(record, 'description', thread.description),
    colour: thread.colour,
    order: thread.order,
  };
}

export class ThreadRecords {
  constructor(private readonly session: StoreSession) {}

  private async row(id: string): Promise<ThreadRow | undefined> {
    const [row] = await this.session.select<ThreadRow>('SELECT * FROM ONLY $id', { id: rid('thread', checkId(id, _('Thread'))) });
    return row ?? undefined;
  }

  private async requireUniqueName(name: string, exceptId?: string): Promise<void> {
    const existing = await this.findThreadByName(name);
    if (existing && existing.id !== exceptId) {
      throw new SovereignError('already-exists', format(_('A thread named "{name}" already exists.'), { name: existing.name }), {
        hint: _('Choose another name.'),
      });
    }
  }

  createThread(input: NewThread): Promise<Thread> {
    return this.session.exclusive(async () => {
      const name = checkText('name', input.name, { max: 200 }).trim();
      await this.requireUniqueName(name);
      const id = input.id === undefined ? newId() : checkId(input.id, _('Thread'));
      if (input.id !== undefined && (await this.row(id))) {
        throw new SovereignError('already-exists', format(_('A thread with id "{id}" already exists.'), { id }));
      }
      const existing = await this.listThreads();
      const thread: Thread = {
        id,
        name,
        description: input.description === undefined ? '' : checkText('description', input.description, { empty: true }),
        colour: input.colour === undefined ? DEFAULT_COLOURS[existing.length % DEFAULT_COLOURS.length]! : checkColour(input.colour),
        order: input.order === undefined ? Math.max(-1, ...existing.map((t) => t.order)) + 1 : checkNumber('order', input.order),
      };
      await this.session.transact(
        [{ sql: 'CREATE $id CONTENT $row', vars: { id: rid('thread', id), row: rowFromThread(id, thread, this.session.cipher) } }],
        [{ type: 'thread.created', payload: { id, name } }],
        [{ kind: 'thread.created', thread }],
      );
      return thread;
    });
  }

  async getThread(id: string): Promise<Thread> {
    const row = await this.row(id);
    if (!row) throw notFound(_('thread'), id);
    return threadFromRow(row, this.session.cipher);
  }

  async findThreadByName(name: string): Promise<Thread | null> {
    const [row] = await this.session.select<ThreadRow>('SELECT * FROM thread WHERE name_key = $key LIMIT 1', { key: threadNameKey(this.session.cipher, name) });
    return row ? threadFromRow(row, this.session.cipher) : null;
  }

  updateThread(id: string, patch: ThreadPatch): Promise<Thread> {
    return this.session.exclusive(async () => {
      const thread = await this.getThread(id);
      const next: Thread = { ...thread };
      if (patch.name !== undefined) {
        next.name = checkText('name', patch.name, { max: 200 }).trim();
        await this.requireUniqueName(next.name, id);
      }
      if (patch.description !== undefined) next.description = checkText('description', patch.description, { empty: true });
      if (patch.colour !== undefined) next.colour = checkColour(patch.colour);
      if (patch.order !== undefined) next.order = checkNumber('order', patch.order);
      await this.session.transact(
        [{ sql: 'UPDATE $id CONTENT $row', vars: { id: rid('thread', id), row: rowFromThread(id, next, this.session.cipher) } }],
        [{ type: 'thread.updated', payload: { id, fields: Object.keys(patch) } }],
        [{ kind: 'thread.updated', thread: next }],
      );
      return next;
    });
  }

  deleteThread(id: string): Promise<void> {
    return this.session.exclusive(async () => {
      const thread = await this.getThread(id);
      const docs = await this.session.select<DocumentRow>('SELECT ' + META_FIELDS + ' FROM document WHERE thread = $thread', { thread: id });
      const milestones = await this.session.select<{ id: RecordId }>('SELECT id FROM milestone WHERE thread = $thread', { thread: id });
      const now = new Date();
      const changes: UnsequencedChange[] = [
        ...milestones.map((m): UnsequencedChange => ({ kind: 'milestone.deleted', id: keyOf(m.id), threadId: id })),
        ...docs.map((row): UnsequencedChange => ({ kind: 'document.updated', document: { ...metaFromRow(row, this.session.cipher), threadId: null, modifiedAt: now }, contentChanged: false })),
        { kind: 'thread.deleted', id },
      ];
      await this.session.transact(
        [
          { sql: 'UPDATE document SET thread = NONE, modified_at = $now WHERE thread = $thread', vars: { thread: id, now } },
          { sql: 'DELETE milestone WHERE thread = $thread', vars: { thread: id } },
          { sql: 'DELETE $id', vars: { id: rid('thread', id) } },
        ],
        [{ type: 'thread.deleted', payload: { id, name: thread.name, documentsMoved: docs.length } }],
        changes,
      );
    });
  }

  async listThreads(): Promise<Thread[]> {
    const rows = await this.session.selectComplete<ThreadRow>('thread', 'SELECT * FROM thread ORDER BY order');
    return rows.map((row) => threadFromRow(row, this.session.cipher));
  }
}
