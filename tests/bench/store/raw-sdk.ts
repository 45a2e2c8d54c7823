import { createNodeEngines } from '@surrealdb/node';
import { RecordId, Surreal, createRemoteEngines } from 'surrealdb';
import { MIGRATIONS } from '../../../src/store/schema/migrations.js';
import type { WorkspaceFixture } from '../../fixtures/workspace-fixture.js';

/**
 * The same workload straight through the SurrealDB SDK, with the same
 * schema, so the benchmark can show what the GraphStore layer adds.
 */
export class RawSdk {
  private constructor(readonly db: Surreal) {}

  static async open(url: string): Promise<RawSdk> {
    const db = new Surreal({ engines: { ...createRemoteEngines(), ...createNodeEngines() } });
    await db.connect(url, { namespace: 'bench', database: 'raw' });
    await db.query(MIGRATIONS.flatMap((m) => m.statements).join(';\n')).collect();
    return new RawSdk(db);
  }

  async importFixture(fixture: WorkspaceFixture): Promise<void> {
    await this.db.query('INSERT INTO thread $rows', { rows: fixture.threads.map((t) => ({ id: new RecordId('thread', t.id), name: t.name, name_key: t.name.toLowerCase(), description: t.description, colour: t.colour, order: t.order })) }).collect();
    for (let i = 0; i < fixture.documents.length; i += 500) {
      const rows = fixture.documents.slice(i, i + 500).map((d) => ({
        id: new RecordId('document', d.id), title: d.title, doc_type: d.docType, content: d.content, thread: d.threadId ?? undefined, is_owned: d.isOwned ?? true,
        created_at: d.createdAt, modified_at: d.modifiedAt, branch: 'main', branches: [{ name: 'main', head: 'c' + d.id, created_at: d.createdAt! }],
      }));
      const commits = fixture.documents.slice(i, i + 500).map((d) => ({ id: new RecordId('commit', 'c' + d.id), document: d.id, branch: 'main', parents: [], author: 'user', message: 'Created', created_at: d.createdAt, content: d.content }));
      await this.db.query('BEGIN; INSERT INTO document $rows; INSERT INTO commit $commits; COMMIT', { rows, commits }).collect();
    }
    for (let i = 0; i < fixture.relationships.length; i += 100) {
      const rows = fixture.relationships.slice(i, i + 100).map((r) => ({ id: new RecordId('link', r.id!), in: new RecordId('document', r.from), out: new RecordId('document', r.to), kind: r.kind, strength: r.strength ?? 1 }));
      await this.db.query('INSERT RELATION INTO link $rows', { rows }).collect();
    }
  }

  fetch(id: string) {
    return this.db.query('SELECT * FROM ONLY $id', { id: new RecordId('document', id) }).collect();
  }
  twoHop(id: string) {
    return this.db.query('SELECT id, title, doc_type, thread, is_owned, provenance, media_ref, created_at, modified_at, position, tags FROM array::distinct($id->link->document->link->document) WHERE id != $id LIMIT 10', { id: new RecordId('document', id) }).collect();
  }
  threadPage(thread: string) {
    return this.db.query('SELECT id, title, doc_type, thread, is_owned, provenance, media_ref, created_at, modified_at, position, tags FROM document WHERE thread = $thread ORDER BY created_at ASC LIMIT 51 START 0', { thread }).collect();
  }
  titlePrefix(p: string) {
    return this.db.query('SELECT id, title, doc_type, thread, is_owned, provenance, media_ref, created_at, modified_at, position, tags FROM document WHERE title >= $p AND title < $end ORDER BY title LIMIT 20', { p, end: p + '\uffff' }).collect();
  }
  close() {
    return this.db.close();
  }
}
