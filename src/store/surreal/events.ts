import { SovereignError, _ } from '../../core/index.js';
import type { EventQuery } from '../graph-store.js';
import type { EventRecord } from '../records.js';
import { toDate } from './dates.js';
import type { FieldCipher } from '../field-cipher.js';
import { openPayload, type StoreSession } from './session.js';
import { checkDate, checkLimit, checkNumber, checkText } from './validate.js';

interface EventRow {
  seq: number;
  type: string;
  at: Date;
  payload: Record<string, unknown>;
}

const EVENT_TYPE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

function eventFromRow(row: EventRow, cipher: FieldCipher): EventRecord {
  const seq = Number(row.seq);
  return { seq, type: row.type, at: toDate(row.at), payload: openPayload(cipher, seq, row.payload) };
}

export class EventRecords {
  constructor(private readonly session: StoreSession) {}

  async appendEvent(type: string, payload: Record<string, unknown>): Promise<EventRecord> {
    checkText('type', type);
    if (!EVENT_TYPE.test(type)) {
      throw new SovereignError('invalid-input', _('An event type is dotted lower-case words, e.g. "ui.state".'));
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      throw new SovereignError('invalid-input', _('An event payload must be an object.'));
    }
    return this.session.exclusive(async () => {
      await this.session.transact([], [{ type, payload }], []);
      // The record key is the seq, so this reads one record (ORDER BY seq would sort the whole log).
      const [row] = await this.session.select<EventRow>('SELECT * FROM event ORDER BY id DESC LIMIT 1');
      return eventFromRow(row!, this.session.cipher);
    });
  }

  async listEvents(query: EventQuery = {}): Promise<EventRecord[]> {
    const where: string[] = [];
    const vars: Record<string, unknown> = {};
    if (query.types?.length) {
      const exact = query.types.filter((t) => !t.endsWith('.'));
      const prefixes = query.types.filter((t) => t.endsWith('.'));
      const any: string[] = [];
      if (exact.length) {
        any.push('type IN $types');
        vars['types'] = exact;
      }
      prefixes.forEach((prefix, i) => {
        any.push(`(type >= $p${i} AND type < $q${i})`);
        vars[`p${i}`] = prefix;
        vars[`q${i}`] = prefix + '\uffff';
      });
      where.push('(' + any.join(' OR ') + ')');
    }
    if (query.afterSeq !== undefined) {
      where.push('seq > $after');
      vars['after'] = checkNumber('afterSeq', query.afterSeq);
    }
    if (query.from) {
      where.push('at >= $from');
      vars['from'] = checkDate('from', query.from);
    }
    if (query.until) {
      where.push('at < $until');
      vars['until'] = checkDate('until', query.until);
    }
    vars['limit'] = checkLimit('limit', query.limit, 100, 100_000);
    const sql = 'SELECT * FROM event' + (where.length ? ' WHERE ' + where.join(' AND ') : '') + ` ORDER BY id ${query.descending ? 'DESC' : 'ASC'} LIMIT $limit`;
    return (await this.session.select<EventRow>(sql, vars)).map((row) => eventFromRow(row, this.session.cipher));
  }

  async latestEvent(type: string): Promise<EventRecord | null> {
    const [row] = await this.session.select<EventRow>('SELECT * FROM event WHERE type = $type ORDER BY seq DESC LIMIT 1', { type: checkText('type', type) });
    return row ? eventFromRow(row, this.session.cipher) : null;
  }
}
