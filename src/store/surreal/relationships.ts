import type { RecordId } from 'surrealdb';
import { SovereignError, _, format } from '../../core/index.js';
import type { BatchOptions, Direction, NewRelationship, TraversalOptions } from '../graph-store.js';
import type { DocumentMeta, RelationKind, Relationship } from '../records.js';
import type { UnsequencedChange } from './change-feed.js';
import { META_FIELDS, metaFromRow, type DocumentRow } from './document-rows.js';
import { notFound } from './documents.js';
import { checkId, keyOf, newId, rid } from './ids.js';
import type { StoreSession } from './session.js';
import { checkEnum, checkLimit, checkNumber, checkRelationKind } from './validate.js';

interface LinkRow {
  id: RecordId;
  in: RecordId;
  out: RecordId;
  kind: RelationKind;
  strength: number;
}

const LINK_BATCH = 100;
const DIRECTIONS = ['outbound', 'inbound', 'both'] as const;

function relationshipFromRow(row: LinkRow): Relationship {
  return { id: keyOf(row.id), kind: row.kind, from: keyOf(row.in), to: keyOf(row.out), strength: row.strength };
}

function normalise(input: NewRelationship): Relationship {
  return {
    id: input.id === undefined ? newId() : checkId(input.id, _('Relationship')),
    kind: checkRelationKind(input.kind),
    from: checkId(input.from, _('Document')),
    to: checkId(input.to, _('Document')),
    strength: input.strength === undefined ? 1 : checkNumber('strength', input.strength, 0, 1),
  };
}

/**
 * One hop along links, written from fixed fragments only (the kinds are a
 * bound parameter): -> outbound, <- inbound, <-> both.
 */
function hop(direction: Direction, filtered: boolean): string {
  const edge = filtered ? '(link WHERE kind IN $kinds)' : 'link';
  if (direction === 'outbound') return `->${edge}->document`;
  if (direction === 'inbound') return `<-${edge}<-document`;
  return `<->${edge}<->document`;
}

export class RelationshipRecords {
  constructor(private readonly session: StoreSession) {}

  private async requireDocuments(ids: Iterable<string>): Promise<void> {
    const wanted = [...new Set(ids)];
    for (let start = 0; start < wanted.length; start += 1000) {
      const chunk = wanted.slice(start, start + 1000);
      const found = await this.session.existing(chunk.map((id) => rid('document', id)));
      const missing = chunk.find((id) => !found.has(id));
      if (missing !== undefined) throw notFound(_('document'), missing);
    }
  }

  private insert(links: readonly Relationship[]): Promise<unknown> {
    const rows = links.map((link) => ({ id: rid('link', link.id), in: rid('document', link.from), out: rid('document', link.to), kind: link.kind, strength: link.strength }));
    return this.session.transact(
      [{ sql: 'INSERT RELATION INTO link $rows', vars: { rows } }],
      [{ type: links.length === 1 ? 'relationship.created' : 'relationships.created', payload: links.length === 1 ? { ...links[0]! } : { ids: links.map((l) => l.id) } }],
      links.map((relationship): UnsequencedChange => ({ kind: 'relationship.created', relationship })),
    );
  }

  createRelationship(input: NewRelationship): Promise<Relationship> {
    return this.session.exclusive(async () => {
      const link = normalise(input);
      if (link.from === link.to) throw new SovereignError('invalid-input', _('A document cannot be linked to itself.'));
      await this.requireDocuments([link.from, link.to]);
      if (input.id !== undefined && (await this.findRow(link.id))) {
        throw new SovereignError('already-exists', format(_('A relationship with id "{id}" already exists.'), { id: link.id }));
      }
      await this.insert([link]);
      return link;
    });
  }

  async createRelationships(inputs: readonly NewRelationship[], options: Omit<BatchOptions, 'relationships'> = {}): Promise<Relationship[]> {
    const links = inputs.map((input, index) => {
      try {
        return normalise(input);
      } catch (error) {
        if (error instanceof SovereignError) throw new SovereignError(error.kind, format(_('Relationship {n}: {problem}'), { n: index + 1, problem: error.message }));
        throw error;
      }
    });
    await this.requireDocuments(links.flatMap((l) => [l.from, l.to]));
    const size = checkLimit('batchSize', options.batchSize, LINK_BATCH, 1000);
    for (let start = 0; start < links.length; start += size) {
      if (options.signal?.aborted) throw new SovereignError('cancelled', _('The import was cancelled.'));
      await this.session.exclusive(() => this.insert(links.slice(start, start + size)));
      options.onProgress?.(Math.min(start + size, links.length), links.length);
    }
    return links;
  }

  private async findRow(id: string): Promise<LinkRow | undefined> {
    const [row] = await this.session.select<LinkRow>('SELECT * FROM ONLY $id', { id: rid('link', checkId(id, _('Relationship'))) });
    return row ?? undefined;
  }

  async getRelationship(id: string): Promise<Relationship> {
    const row = await this.findRow(id);
    if (!row) throw notFound(_('relationship'), id);
    return relationshipFromRow(row);
  }

  updateRelationshipStrength(id: string, strength: number): Promise<Relationship> {
    return this.session.exclusive(async () => {
      const link = await this.getRelationship(id);
      const next = { ...link, strength: checkNumber('strength', strength, 0, 1) };
      await this.session.transact(
        [{ sql: 'UPDATE $id SET strength = $strength', vars: { id: rid('link', id), strength: next.strength } }],
        [{ type: 'relationship.updated', payload: { id, strength: next.strength } }],
        // Announced as delete + create so followers need handle only two kinds.
        [
          { kind: 'relationship.deleted', id, from: link.from, to: link.to },
          { kind: 'relationship.created', relationship: next },
        ],
      );
      return next;
    });
  }

  deleteRelationship(id: string): Promise<void> {
    return this.session.exclusive(async () => {
      const link = await this.getRelationship(id);
      await this.session.transact(
        [{ sql: 'DELETE $id', vars: { id: rid('link', id) } }],
        [{ type: 'relationship.deleted', payload: { ...link } }],
        [{ kind: 'relationship.deleted', id, from: link.from, to: link.to }],
      );
    });
  }

  async relationshipsOf(documentId: string, direction: Direction = 'both'): Promise<Relationship[]> {
    checkEnum('direction', direction, DIRECTIONS);
    const id = rid('document', checkId(documentId, _('Document')));
    const sql =
      direction === 'outbound'
        ? 'SELECT * FROM link WHERE in = $id'
        : direction === 'inbound'
          ? 'SELECT * FROM link WHERE out = $id'
          : 'SELECT * FROM link WHERE in = $id OR out = $id';
    return (await this.session.select<LinkRow>(sql, { id })).map(relationshipFromRow);
  }

  async allRelationships(): Promise<Relationship[]> {
    // Through the link_kind index, checked against the table's count: see StoreSession.selectComplete.
    return (await this.session.selectComplete<LinkRow>('link', 'SELECT * FROM link ORDER BY kind')).map(relationshipFromRow);
  }

  async traverse(documentId: string, options: TraversalOptions = {}): Promise<DocumentMeta[]> {
    const direction = checkEnum('direction', options.direction ?? 'outbound', DIRECTIONS);
    const hops = Math.trunc(checkNumber('hops', options.hops ?? 1, 1, 3));
    const limit = checkLimit('limit', options.limit, 50, 1000);
    const kinds = options.kinds?.map(checkRelationKind);
    const filtered = kinds !== undefined && kinds.length > 0;
    const path = Array.from({ length: hops }, () => hop(direction, filtered)).join('');
    const vars: Record<string, unknown> = { id: rid('document', checkId(documentId, _('Document'))), limit };
    if (filtered) vars['kinds'] = kinds;
    const rows = await this.session.select<DocumentRow>(
      'SELECT ' + META_FIELDS + ' FROM array::distinct($id' + path + ') WHERE id != $id LIMIT $limit',
      vars,
    );
    return rows.map((row) => metaFromRow(row, this.session.cipher));
  }
}
