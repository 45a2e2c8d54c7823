import { createNodeEngines } from '@surrealdb/node';
import { RecordId, Surreal, createRemoteEngines } from 'surrealdb';
import { MIGRATIONS } from '../../../src/store/schema/migrations.js';
import type { WorkspaceFixture } from '../../fixtures/workspace-fixture.js';

/**
 * The store's bulk rows written straight through the SurrealDB SDK, same
 * engine and schema, so the benchmark can show what GraphStore adds.
 */
export class RawBulk {
  private constructor(private readonly db: Surreal) {}

  static async open(url: string): Promise<RawBulk> {
    const db = new Surreal({ engines: { ...createRemoteEngines(), ...createNodeEngines() } });
    await db.connect(url, { namespace: 'bench', database: 'raw' });
    await db.query(MIGRATIONS.flatMap((m) => m.statements).join(';\n')).collect();
    return new RawBulk(db);
  }

  async threads(fixture: WorkspaceFixture): Promise<void> {
    const rows = fixture.threads.map((t) => ({ id: new RecordId('thread', t.id), name: t.name, name_key: t.name.toLowerCase(), description: t.description, colour: t.colour, order: t.order }));
    await this.db.query('INSERT INTO thread $rows', { rows }).collect();
  }

  /** Plain `INSERT INTO document $rows`; with `commits`, each document's first commit row in the same transaction. */
  async documents(fixture: WorkspaceFixture, batch: number, commits: boolean): Promise<void> {
    const now = new Date();
    for (let i = 0; i < fixture.documents.length; i += batch) {
      const slice = fixture.documents.slice(i, i + batch);
      const rows = slice.map((d) => ({
        id: new RecordId('document', d.id), title: d.title, doc_type: d.docType, content: d.content, thread: d.threadId ?? undefined, is_owned: true,
        created_at: d.createdAt, modified_at: d.modifiedAt, branch: 'main', branches: [{ name: 'main', head: 'c' + d.id, created_at: now }],
      }));
      if (!commits) {
        await this.db.query('INSERT INTO document $rows', { rows }).collect();
        continue;
      }
      const commitRows = slice.map((d) => ({ id: new RecordId('commit', 'c' + d.id), document: d.id, branch: 'main', parents: [], author: 'user', message: 'Created', created_at: now, content: d.content }));
      await this.db.query('BEGIN; INSERT INTO document $rows; INSERT INTO commit $commits; COMMIT', { rows, commits: commitRows }).collect();
    }
  }

  async relationships(fixture: WorkspaceFixture, batch: number): Promise<void> {
    for (let i = 0; i < fixture.relationships.length; i += batch) {
      const rows = fixture.relationships.slice(i, i + batch).map((r) => ({ id: new RecordId('link', r.id!), in: new RecordId('document', r.from), out: new RecordId('document', r.to), kind: r.kind, strength: r.strength ?? 1 }));
      await this.db.query('INSERT RELATION INTO link $rows', { rows }).collect();
    }
  }

  close(): Promise<unknown> {
    return this.db.close();
  }
}
