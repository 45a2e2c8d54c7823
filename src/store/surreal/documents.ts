import { SovereignError, _, format } from '../../core/index.js';
import type { BatchOptions, DocumentPatch, DocumentQuery, NewDocument, Page, SaveOptions } from '../graph-store.js';
import { DEFAULT_BRANCH, type Document, type DocumentMeta } from '../records.js';
import type { UnsequencedChange } from './change-feed.js';
import { damagedDatabaseError } from '../integrity/damaged-database-error.js';
import { commitRow } from './commit-rows.js';
import { META_FIELDS, documentFromRow, metaFromRow, rowFromDocument, type DocumentRow } from './document-rows.js';
import { checkId, newId, rid } from './ids.js';
import type { LoggedEvent, Statement, StoreSession } from './session.js';
import { checkBoolean, checkDate, checkDocType, checkLimit, checkOffset, checkPosition, checkProvenance, checkTags, checkText } from './validate.js';

export const MAX_TITLE = 500;
// The earliest datetime the engine stores (chrono's minimum year, -262143), so
// `created_at >= EARLIEST` selects every document through the index.
const EARLIEST = new Date('-262143-01-01T00:00:00Z');
/**
 * Documents (each with its first commit) per transaction when the caller does
 * not say. The engine's cost per row grows with the transaction: measured here
 * in CPU seconds for 5K documents, 100-250 a transaction cost 1.55-1.96 s,
 * 500 cost 2.2-2.4 s and 2,000 cost 2.4-2.8 s (at 10K: 200 → 3.1-3.3 s, 500 →
 * 3.5-3.6 s; 50 cost about what 100 did, so smaller buys nothing).
 */
const DOCUMENTS_PER_TRANSACTION = 250;
const ORDER_FIELD = { created: 'created_at', modified: 'modified_at', title: 'title' } as const;

export function notFound(what: string, id: string): SovereignError {
  return new SovereignError('not-found', format(_('There is no {what} with id "{id}".'), { what, id }), { detail: { id } });
}

/** A new document's fields, validated, with defaults filled in. */
function normalise(input: NewDocument, now: Date): Omit<Document, 'id'> {
  if (typeof input !== 'object' || input === null) throw new SovereignError('invalid-input', _('A document must be an object.'));
  return {
    title: checkText('title', input.title, { max: MAX_TITLE }),
    docType: checkDocType(input.docType),
    content: checkText('content', input.content, { empty: true }),
    threadId: input.threadId == null ? null : checkId(input.threadId, _('Thread')),
    isOwned: input.isOwned === undefined ? true : checkBoolean('isOwned', input.isOwned),
    provenance: checkProvenance(input.provenance),
    mediaRef: input.mediaRef == null ? null : checkText('mediaRef', input.mediaRef),
    position: checkPosition(input.position),
    createdAt: input.createdAt === undefined ? now : checkDate('createdAt', input.createdAt),
    modifiedAt: input.modifiedAt === undefined ? (input.createdAt ?? now) : checkDate('modifiedAt', input.modifiedAt),
    ...(input.tags !== undefined ? { tags: checkTags(input.tags) ?? [] } : {}),
  };
}

export class DocumentRecords {
  constructor(private readonly session: StoreSession) {}

  /** fields: '*' or a column list of document-rows.ts (a constant of this code, never user text). */
  async row(id: string, fields = '*'): Promise<DocumentRow | undefined> {
    const [row] = await this.session.select<DocumentRow>('SELECT ' + fields + ' FROM ONLY $id', { id: rid('document', checkId(id, _('Document'))) });
    return row ?? undefined;
  }

  async requireRow(id: string, fields = '*'): Promise<DocumentRow> {
    const row = await this.row(id, fields);
    if (!row) throw notFound(_('document'), id);
    return row;
  }

  private async requireThreads(ids: Iterable<string | null>): Promise<void> {
    const wanted = [...new Set([...ids].filter((id): id is string => id !== null))];
    if (wanted.length === 0) return;
    const found = await this.session.existing(wanted.map((id) => rid('thread', id)));
    const missing = wanted.find((id) => !found.has(id));
    if (missing !== undefined) throw notFound(_('thread'), missing);
  }

  createDocument(input: NewDocument, options: SaveOptions = {}): Promise<Document> {
    return this.session.exclusive(async () => {
      const now = new Date();
      const doc = normalise(input, now);
      const id = input.id === undefined ? newId() : checkId(input.id, _('Document'));
      await this.requireThreads([doc.threadId]);
      if (input.id !== undefined && (await this.row(id))) {
        throw new SovereignError('already-exists', format(_('A document with id "{id}" already exists.'), { id }));
      }
      const commitId = newId();
      const { cipher } = this.session;
      const row = rowFromDocument(id, doc, DEFAULT_BRANCH, [{ name: DEFAULT_BRANCH, head: commitId, created_at: now }], cipher);
      const commit = commitRow(commitId, id, DEFAULT_BRANCH, [], doc.content, options, now, cipher);
      const created: Document = { id, ...doc };
      await this.session.transact(
        [
          { sql: 'CREATE $id CONTENT $row', vars: { id: rid('document', id), row } },
          { sql: 'CREATE $id CONTENT $row', vars: { id: rid('commit', commitId), row: commit } },
        ],
        [{ type: 'document.created', payload: { id, title: doc.title, docType: doc.docType, threadId: doc.threadId } }],
        [{ kind: 'document.created', document: withoutContent(created) }],
      );
      return created;
    });
  }

  async createDocuments(inputs: readonly NewDocument[], options: BatchOptions, createLinks: (batch: BatchOptions) => Promise<unknown>): Promise<DocumentMeta[]> {
    const now = new Date();
    const prepared = inputs.map((input, index) => {
      try {
        return { id: input.id === undefined ? newId() : checkId(input.id, _('Document')), doc: normalise(input, now) };
      } catch (error) {
        if (error instanceof SovereignError) {
          throw new SovereignError(error.kind, format(_('Document {n}: {problem}'), { n: index + 1, problem: error.message }), { cause: error });
        }
        throw error;
      }
    });
    await this.requireThreads(prepared.map((p) => p.doc.threadId));
    const batchSize = checkLimit('batchSize', options.batchSize, DOCUMENTS_PER_TRANSACTION, 2000);
    const created: DocumentMeta[] = [];
    for (let start = 0; start < prepared.length; start += batchSize) {
      if (options.signal?.aborted) throw new SovereignError('cancelled', _('The import was cancelled.'));
      const batch = prepared.slice(start, start + batchSize);
      const docs: DocumentRow[] = [];
      const commits: Record<string, unknown>[] = [];
      const changes: UnsequencedChange[] = [];
      for (const { id, doc } of batch) {
        const commitId = newId();
        docs.push({ id: rid('document', id), ...rowFromDocument(id, doc, DEFAULT_BRANCH, [{ name: DEFAULT_BRANCH, head: commitId, created_at: now }], this.session.cipher) });
        commits.push({ id: rid('commit', commitId), ...commitRow(commitId, id, DEFAULT_BRANCH, [], doc.content, {}, now, this.session.cipher) });
        const meta = withoutContent({ id, ...doc });
        created.push(meta);
        changes.push({ kind: 'document.created', document: meta });
      }
      await this.session.exclusive(() =>
        this.session.transact(
          [
            { sql: 'INSERT INTO document $rows', vars: { rows: docs } },
            { sql: 'INSERT INTO commit $rows', vars: { rows: commits } },
          ],
          [{ type: 'documents.created', payload: { ids: batch.map((b) => b.id) } }],
          changes,
        ),
      );
      options.onProgress?.(Math.min(start + batchSize, prepared.length), prepared.length);
    }
    if (options.relationships?.length) {
      await createLinks({ ...(options.signal ? { signal: options.signal } : {}) });
    }
    return created;
  }

  async getDocument(id: string): Promise<Document> {
    return documentFromRow(await this.requireRow(id), this.session.cipher);
  }

  async findDocument(id: string): Promise<Document | null> {
    const row = await this.row(id);
    return row ? documentFromRow(row, this.session.cipher) : null;
  }

  async getDocuments(ids: readonly string[]): Promise<Document[]> {
    const out: Document[] = [];
    for (let start = 0; start < ids.length; start += 1000) {
      const chunk = ids.slice(start, start + 1000).map((id) => rid('document', checkId(id, _('Document'))));
      // `$ids.*` dereferences each id (SELECT … FROM $array fails in 3.0.2); missing ones are null.
      const rows = await this.session.select<DocumentRow | null>('RETURN $ids.*', { ids: chunk });
      for (const row of rows) if (row) out.push(documentFromRow(row, this.session.cipher));
    }
    return out;
  }

  async getDocumentMeta(id: string): Promise<DocumentMeta> {
    const [row] = await this.session.select<DocumentRow>('SELECT ' + META_FIELDS + ' FROM ONLY $id', { id: rid('document', checkId(id, _('Document'))) });
    if (!row) throw notFound(_('document'), id);
    return metaFromRow(row, this.session.cipher);
  }

  updateDocument(id: string, patch: DocumentPatch, options: SaveOptions = {}): Promise<Document> {
    return this.session.exclusive(async () => {
      const row = await this.requireRow(id);
      const before = documentFromRow(row, this.session.cipher);
      const after: Document = { ...before };
      const changed: string[] = [];
      const set = <K extends keyof DocumentPatch & keyof Document>(key: K, value: Document[K]) => {
        if (JSON.stringify(value) !== JSON.stringify(before[key])) {
          (after as unknown as Record<string, unknown>)[key] = value;
          changed.push(key);
        }
      };
      if (patch.title !== undefined) set('title', checkText('title', patch.title, { max: MAX_TITLE }));
      if (patch.docType !== undefined) set('docType', checkDocType(patch.docType));
      if (patch.content !== undefined) set('content', checkText('content', patch.content, { empty: true }));
      if (patch.threadId !== undefined) set('threadId', patch.threadId === null ? null : checkId(patch.threadId, _('Thread')));
      if (patch.isOwned !== undefined) set('isOwned', checkBoolean('isOwned', patch.isOwned));
      if (patch.provenance !== undefined) set('provenance', checkProvenance(patch.provenance));
      if (patch.mediaRef !== undefined) set('mediaRef', patch.mediaRef === null ? null : checkText('mediaRef', patch.mediaRef));
      if (patch.position !== undefined) set('position', checkPosition(patch.position));
      if (patch.tags !== undefined) set('tags', checkTags(patch.tags) ?? []);
      if (changed.length === 0) return before;
      if (changed.includes('threadId')) await this.requireThreads([after.threadId]);

      const now = new Date();
      after.modifiedAt = now;
      const statements: Statement[] = [];
      const branches = row.branches.map((b) => ({ ...b }));
      let commitId: string | undefined;
      const contentChanged = changed.includes('content');
      if (contentChanged) {
        commitId = newId();
        const branch = branches.find((b) => b.name === row.branch)!;
        statements.push({ sql: 'CREATE $id CONTENT $row', vars: { id: rid('commit', commitId), row: commitRow(commitId, id, row.branch, [branch.head], after.content, options, now, this.session.cipher) } });
        branch.head = commitId;
      }
      statements.unshift({ sql: 'UPDATE $id CONTENT $row', vars: { id: rid('document', id), row: rowFromDocument(id, after, row.branch, branches, this.session.cipher) } });
      const event: LoggedEvent = { type: 'document.updated', payload: { id, fields: changed, ...(commitId ? { commit: commitId } : {}) } };
      await this.session.transact(statements, [event], [{ kind: 'document.updated', document: withoutContent(after), contentChanged, ...(commitId ? { head: commitId } : {}) }]);
      return after;
    });
  }

  deleteDocument(id: string): Promise<void> {
    return this.session.exclusive(async () => {
      const row = await this.requireRow(id);
      const links = await this.session.select<{ id: unknown; in: unknown; out: unknown }>(
        'SELECT id, in, out FROM link WHERE in = $id OR out = $id',
        { id: rid('document', id) },
      );
      const key = (value: unknown) => String((value as { id: unknown }).id);
      await this.session.transact(
        [
          { sql: 'DELETE link WHERE in = $id OR out = $id', vars: { id: rid('document', id) } },
          { sql: 'DELETE $id', vars: { id: rid('document', id) } },
          { sql: 'DELETE commit WHERE document = $key', vars: { key: id } },
        ],
        [{ type: 'document.deleted', payload: { id, title: this.session.cipher.open(`document:${id}`, 'title', row.title) } }],
        [
          ...links.map((link): UnsequencedChange => ({ kind: 'relationship.deleted', id: key(link.id), from: key(link.in), to: key(link.out) })),
          { kind: 'document.deleted', id, threadId: row.thread ?? null },
        ],
      );
    });
  }

  async listDocuments(query: DocumentQuery = {}): Promise<Page<DocumentMeta>> {
    const where: string[] = [];
    const vars: Record<string, unknown> = {};
    const orderField = ORDER_FIELD[query.orderBy ?? 'created'];
    if (!orderField) throw new SovereignError('invalid-input', format(_('Invalid orderBy: {value}'), { value: String(query.orderBy) }));
    if (query.threadId === null) where.push('thread IS NONE');
    else if (query.threadId !== undefined) {
      where.push('thread = $thread');
      vars['thread'] = checkId(query.threadId, _('Thread'));
    }
    if (query.docTypes?.length) {
      where.push('doc_type IN $types');
      vars['types'] = query.docTypes.map(checkDocType);
    }
    const dateField = orderField === 'title' ? 'created_at' : orderField;
    if (query.from) {
      where.push(dateField === 'created_at' ? 'created_at >= $from' : 'modified_at >= $from');
      vars['from'] = checkDate('from', query.from);
    }
    if (query.until) {
      where.push(dateField === 'created_at' ? 'created_at < $until' : 'modified_at < $until');
      vars['until'] = checkDate('until', query.until);
    }
    const limit = checkLimit('limit', query.limit, 50, 1000);
    const offset = checkOffset(query.offset);
    if (orderField === 'title' && this.session.cipher.encrypts) {
      // Sealed titles sort as noise: order them here, after opening them.
      const sql = 'SELECT ' + META_FIELDS + ' FROM document' + (where.length ? ' WHERE ' + where.join(' AND ') : '');
      const all = sortByTitle((await this.session.select<DocumentRow>(sql, vars)).map((row) => metaFromRow(row, this.session.cipher)));
      if (query.descending) all.reverse();
      return { items: all.slice(offset, offset + limit), nextOffset: all.length > offset + limit ? offset + limit : null };
    }
    vars['limit'] = limit + 1;
    vars['offset'] = offset;
    const sql =
      'SELECT ' + META_FIELDS + ' FROM document' +
      (where.length ? ' WHERE ' + where.join(' AND ') : '') +
      ` ORDER BY ${orderField} ${query.descending ? 'DESC' : 'ASC'} LIMIT $limit START $offset`;
    const rows = await this.session.select<DocumentRow>(sql, vars);
    const items = rows.slice(0, limit).map((row) => metaFromRow(row, this.session.cipher));
    return { items, nextOffset: rows.length > limit ? offset + limit : null };
  }

  /**
   * Every document's metadata. Read in created_at order on purpose: the
   * engine serves that from the document_created index and then fetches each
   * record by key, and a fetch that hits a damaged file fails. A plain table
   * scan does not: RocksDB ends it silently at the first unreadable value, so
   * a damaged store would read as 4 of 30 documents, or none. The table's own
   * key count is compared too, so an index that lost entries is caught as well.
   */
  async allDocumentMeta(): Promise<DocumentMeta[]> {
    const rows = await this.session.selectComplete<DocumentRow>('document', 'SELECT ' + META_FIELDS + ' FROM document ORDER BY created_at');
    return rows.map((row) => metaFromRow(row, this.session.cipher));
  }

  /**
   * Every document with its content, a page at a time. Pages come from the
   * table (paging through the index costs O(offset) a page: 13 s instead of
   * 5 s for 20K documents), and the number read is checked at the end against
   * the count through the index, which fails loudly where the table scan
   * would have stopped short. The pages are separate reads, so the check
   * only holds when no write ran meanwhile (a note created during the scan
   * is not damage); the caller follows the change feed for those writes.
   */
  async *scanDocuments(pageSize = 1000): AsyncIterable<Document[]> {
    const size = checkLimit('pageSize', pageSize, 1000, 10_000);
    const mark = this.session.writeMark();
    let read = 0;
    for (let offset = 0; ; offset += size) {
      const rows = await this.session.select<DocumentRow>('SELECT ' + META_FIELDS + ', content FROM document LIMIT $limit START $offset', { limit: size, offset });
      read += rows.length;
      if (rows.length > 0) yield rows.map((row) => documentFromRow(row, this.session.cipher));
      if (rows.length < size) break;
    }
    const expected = await this.countDocuments();
    if (read !== expected && this.session.quietSince(mark)) throw shortRead(read, expected);
  }

  async findByTitlePrefix(prefix: string, limit?: number): Promise<DocumentMeta[]> {
    const p = checkText('prefix', prefix);
    if (this.session.cipher.encrypts) {
      // The engine's title index holds ciphertext; the titles are only readable here.
      const max = checkLimit('limit', limit, 20, 1000);
      return sortByTitle((await this.allDocumentMeta()).filter((meta) => meta.title.startsWith(p))).slice(0, max);
    }
    const rows = await this.session.select<DocumentRow>(
      'SELECT ' + META_FIELDS + ' FROM document WHERE title >= $p AND title < $end ORDER BY title LIMIT $limit',
      { p, end: p + '\uffff', limit: checkLimit('limit', limit, 20, 1000) },
    );
    return rows.map((row) => metaFromRow(row, this.session.cipher));
  }

  /**
   * How many documents there are, counted through the created_at index and
   * checked against the table's own count (see StoreSession.selectComplete).
   * That reads every record (about 1-3 s for 20K documents on a busy 2-core
   * machine, where the table's count alone takes 50-90 ms but can be short).
   */
  async countDocuments(): Promise<number> {
    const count = (rows: { count: number }[]) => Number(rows[0]?.count ?? 0);
    return count(
      await this.session.selectComplete<{ count: number }>('document', 'SELECT count() FROM document WHERE created_at >= $epoch GROUP ALL', { epoch: EARLIEST }, count),
    );
  }
}

/** Two counts of the same documents disagree: one read was cut short by damage the engine did not report. */
function shortRead(found: number, total: number): SovereignError {
  return damagedDatabaseError(format(_('{found} documents could be read, but {total} are stored'), { found, total }));
}

/** The order the engine gives `ORDER BY title` for plain strings: by code unit. */
function sortByTitle(metas: DocumentMeta[]): DocumentMeta[] {
  return metas.sort((a, b) => (a.title < b.title ? -1 : a.title > b.title ? 1 : a.id < b.id ? -1 : 1));
}

export function withoutContent(doc: Document): DocumentMeta {
  const { content: _content, ...meta } = doc;
  return meta;
}
