import type { Surreal } from 'surrealdb';
import { RecordId } from 'surrealdb';
import { SovereignError, _, createLogger, format, messageOf } from '../../core/index.js';
import type { FieldCipher } from '../field-cipher.js';
import { damagedDatabaseError } from '../integrity/damaged-database-error.js';
import { classifyEngineError, engineErrorText, engineReason } from '../integrity/engine-error-kind.js';
import { ChangeFeed, type UnsequencedChange } from './change-feed.js';

const log = createLogger('store.session');

/** One statement of a transaction with its own bindings (renamed apart when combined). */
export interface Statement {
  sql: string;
  vars?: Record<string, unknown>;
}

export interface LoggedEvent {
  type: string;
  payload: Record<string, unknown>;
}

const CONFLICT_RETRIES = 5;

/**
 * The open connection plus what every record module shares: the write
 * queue (the engine reports write conflicts for concurrent transactions, so
 * this process runs its writes one at a time), the event-log sequence and
 * the change feed.
 */
export class StoreSession {
  readonly changes = new ChangeFeed();
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  // Moves when a write starts and again when it ends: a reader that sees the
  // same value before and after (and nothing in flight) knew every write.
  private writeGeneration = 0;
  private writesInFlight = 0;

  constructor(
    readonly db: Surreal,
    private nextEventSeq: number,
    /** What every record module seals its words with (PLAIN_FIELDS outside a vault). */
    readonly cipher: FieldCipher,
  ) {}

  static async open(db: Surreal, cipher: FieldCipher): Promise<StoreSession> {
    // An event's record key is its seq: ORDER BY id walks the keys backwards and stops at one (about 1 ms),
    // where ORDER BY seq reads and sorts the whole log (100+ ms at a thousand events, growing with it).
    const [ids] = await db.query<[RecordId[]]>('SELECT VALUE id FROM event ORDER BY id DESC LIMIT 1').collect();
    return new StoreSession(db, Number(ids[0]?.id ?? 0) + 1, cipher);
  }

  /** The seq of the last event committed through this session (or found at open). */
  get lastEventSeq(): number {
    return this.nextEventSeq - 1;
  }

  /**
   * A mark to take before a read that spans several queries; quietSince(mark)
   * then says whether any write started, ran or ended since. Counts read by
   * separate queries can only be compared when it does.
   */
  writeMark(): number | null {
    return this.writesInFlight > 0 ? null : this.writeGeneration;
  }

  quietSince(mark: number | null): boolean {
    return mark !== null && this.writesInFlight === 0 && this.writeGeneration === mark;
  }

  markClosed(): void {
    this.closed = true;
  }

  private assertOpen(): void {
    if (this.closed) throw new SovereignError('database', _('The database is closed.'));
  }

  /** A read: the rows of one statement. */
  async select<T>(sql: string, vars?: Record<string, unknown>): Promise<T[]> {
    this.assertOpen();
    try {
      const [rows] = await this.db.query<[T[] | T | undefined]>(sql, vars).collect();
      if (rows === undefined || rows === null) return [];
      return Array.isArray(rows) ? rows : [rows];
    } catch (error) {
      throw databaseError(error);
    }
  }

  /**
   * A read of a whole table that must not come back short. RocksDB ends a
   * scan silently at the first block or blob it cannot read (the engine does
   * not check the iterator's status), so a damaged store reads as a smaller
   * one. `sql` should read through an index (ORDER BY an indexed field): that
   * path fetches each record by key, and a fetch that hits damage fails. The
   * rows it found are then checked against the table's own count, taken in
   * the same transaction, because either path can be the one cut short.
   * `found` says how many records the rows stand for (for a count() query).
   */
  async selectComplete<T>(table: CheckedTable, sql: string, vars: Record<string, unknown> = {}, found: (rows: T[]) => number = (rows) => rows.length): Promise<T[]> {
    this.assertOpen();
    let results: unknown[];
    try {
      results = await this.db.query(`BEGIN TRANSACTION;\n${sql};\nSELECT count() FROM ${table} GROUP ALL;\nCOMMIT TRANSACTION`, vars).collect();
    } catch (error) {
      throw databaseError(error);
    }
    const rows = (results[1] ?? []) as T[];
    const stored = Number((results[2] as { count?: number }[] | undefined)?.[0]?.count ?? 0);
    const read = found(rows);
    if (read !== stored) throw damagedDatabaseError(shortReadReason(table, read, stored));
    return rows;
  }

  /** Which of the record ids exist, as keys. (SELECT … FROM $array fails in 3.0.2: "Specify a database".) */
  async existing(ids: readonly RecordId[]): Promise<Set<string>> {
    const found = await this.select<RecordId | null>('RETURN $ids.*.id', { ids });
    return new Set(found.filter((id): id is RecordId => id !== null && id !== undefined).map((id) => String(id.id)));
  }

  /** Runs fn with the write lock held; writes queue behind each other. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    this.assertOpen();
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Runs statements as one transaction together with their event-log
   * entries, then announces the changes. Call inside exclusive(). Returns
   * each statement's result. changes may be computed from those results
   * (what only the engine knew, e.g. whether a value it holds changed).
   */
  async transact(
    statements: readonly Statement[],
    events: readonly LoggedEvent[],
    changes: readonly UnsequencedChange[] | ((results: unknown[]) => readonly UnsequencedChange[]),
  ): Promise<unknown[]> {
    this.assertOpen();
    const parts: string[] = ['BEGIN'];
    const vars: Record<string, unknown> = {};
    statements.forEach((statement, index) => {
      const own = statement.vars ?? {};
      parts.push(statement.sql.replace(/\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, name: string) => (name in own ? `$s${index}_${name}` : whole)));
      for (const [name, value] of Object.entries(own)) vars[`s${index}_${name}`] = value;
    });
    const now = new Date();
    events.forEach((event, index) => {
      const seq = this.nextEventSeq + index;
      parts.push('CREATE $e' + index + '_id CONTENT $e' + index);
      vars[`e${index}_id`] = new RecordId('event', seq);
      vars[`e${index}`] = { seq, type: event.type, at: now, payload: sealPayload(this.cipher, seq, event.payload) };
    });
    parts.push('COMMIT');
    const sql = parts.join(';\n');
    let results: unknown[] | undefined;
    this.writeGeneration += 1;
    this.writesInFlight += 1;
    try {
      for (let attempt = 0; results === undefined; attempt++) {
        try {
          results = await this.db.query(sql, vars).collect();
        } catch (error) {
          if (attempt < CONFLICT_RETRIES && /conflict/i.test(String((error as Error)?.message))) {
            log.debug('write conflict, retrying', { attempt });
            continue;
          }
          throw databaseError(error);
        }
      }
    } finally {
      this.writesInFlight -= 1;
      this.writeGeneration += 1;
    }
    this.nextEventSeq += events.length;
    const own = results.slice(1, 1 + statements.length);
    this.changes.emit(typeof changes === 'function' ? changes(own) : changes);
    return own;
  }
}

/**
 * Event payloads carry titles and text (a deleted document's title, a
 * conversation's name): in a vault the whole payload is one sealed value,
 * bound to its event's seq. The type stays plain: readers filter on it.
 */
export function sealPayload(cipher: FieldCipher, seq: number, payload: Record<string, unknown>): Record<string, unknown> {
  return cipher.encrypts ? { sealed: cipher.seal(`event:${seq}`, 'payload', JSON.stringify(payload)) } : payload;
}

export function openPayload(cipher: FieldCipher, seq: number, stored: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!cipher.encrypts) return stored ?? {};
  const sealed = stored?.['sealed'];
  return JSON.parse(cipher.open(`event:${seq}`, 'payload', typeof sealed === 'string' ? sealed : '')) as Record<string, unknown>;
}

/** Tables whose whole-table reads are checked (a fixed list: the name is put into the query text). */
export type CheckedTable = 'document' | 'link' | 'thread' | 'milestone';

function shortReadReason(table: CheckedTable, found: number, total: number): string {
  switch (table) {
    case 'document':
      return format(_('{found} documents could be read, but {total} are stored'), { found, total });
    case 'link':
      return format(_('{found} links could be read, but {total} are stored'), { found, total });
    case 'thread':
      return format(_('{found} threads could be read, but {total} are stored'), { found, total });
    case 'milestone':
      return format(_('{found} milestones could be read, but {total} are stored'), { found, total });
  }
}

export function databaseError(error: unknown): SovereignError {
  if (error instanceof SovereignError) return error;
  // A read that hits a damaged file must say so: "refused the operation" reads like a bad request.
  const detail = engineErrorText(error);
  if (classifyEngineError(detail) === 'damaged') return damagedDatabaseError(engineReason(detail), { cause: error });
  return new SovereignError('database', format(_('The database refused the operation: {reason}'), { reason: messageOf(error) }), { cause: error });
}
