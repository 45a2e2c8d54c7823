/**
 * A child-process helper for the backup tests: `node backup-workspace.js
 * seed|dump|digest DATA_DIR` and `seed-bulk DATA_DIR N`. The embedded engine keeps its lock until the process
 * exits, so the workspace a `sovereign` child backs up or restores is
 * written and read in processes of its own.
 *
 * seed fills a workspace with every kind of record (threads, milestones,
 * documents with content, versions on two branches, links, a conversation
 * with messages, events of its own) and a 1.5 MiB attachment; dump prints
 * every record and every attachment's hash as JSON. seed-bulk writes N
 * generated notes (about 1 KB each, one link per ten) for the backup
 * benches; digest prints the sha256 of what dump would print, with counts,
 * so two workspaces of 50K documents can be compared record for record.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { defaultConfig, resolvePaths } from '../../src/core/index.js';
import { AttachmentStore } from '../../src/importers/attachment-store.js';
import { openStore, type GraphStore, type NewDocument, type NewRelationship } from '../../src/store/index.js';

/** A phrase no other file on the machine holds: the test greps the backup for it. */
export const SECRET_PHRASE = 'Zanzibar quokka ledger 7731: the vault code is plum';

async function seed(store: GraphStore, dataDir: string): Promise<void> {
  const thread = await store.createThread({ name: 'Budget 2026', description: 'money', colour: '#e01b24' });
  await store.createMilestone({ threadId: thread.id, date: new Date('2026-03-01T00:00:00Z'), label: 'Tax return' });
  const secret = await store.createDocument(
    { title: 'Secret plan', docType: 'markdown', content: `# Plan\n\n${SECRET_PHRASE}\n`, threadId: thread.id, tags: ['plan'], createdAt: new Date('2025-01-02T03:04:05Z'), position: { x: 12, y: 34, userPlaced: true } },
    { message: 'first' },
  );
  await store.updateDocument(secret.id, { content: `# Plan\n\n${SECRET_PHRASE}\nSecond line.\n` }, { message: 'second', author: 'assistant' });
  await store.createBranch(secret.id, 'draft');
  await store.commit({ documentId: secret.id, branch: 'draft', content: 'a draft only on the branch', message: 'draft work' });
  const bytes = randomBytes(1536 * 1024);
  const sha = createHash('sha256').update(bytes).digest('hex');
  const mediaRef = await new AttachmentStore(dataDir).put(bytes, sha);
  const scan = await store.createDocument({ title: 'Scan', docType: 'image', content: 'a scanned receipt', mediaRef, isOwned: false });
  const note = await store.createDocument({ title: 'Loose note', docType: 'text', content: 'no thread' });
  await store.createRelationship({ kind: 'references', from: secret.id, to: scan.id, strength: 0.4 });
  await store.createRelationship({ kind: 'related', from: note.id, to: secret.id });
  const conversation = await store.createConversation('About the plan');
  await store.appendMessage(conversation.id, { role: 'user', content: 'What is the plan?' });
  await store.appendMessage(conversation.id, { role: 'assistant', content: 'See Secret plan.', metadata: { sources: [secret.id] } });
  await store.appendEvent('ui.state', { zoom: 1.5 });
}

const BULK_WORDS = ['budget', 'river', 'garden', 'invoice', 'meeting', 'quarter', 'design', 'harbour', 'letter', 'summer', 'plan', 'report'];

function bulkText(seed: number): string {
  const words: string[] = [];
  for (let i = 0; words.join(' ').length < 1000; i += 1) words.push(BULK_WORDS[(seed * 7 + i * 13) % BULK_WORDS.length]!);
  return `# Note ${seed}\n\n${words.join(' ')}\n`;
}

/** Writes `count` generated notes, 500 per transaction, with a link from every tenth to the one before; returns the bytes of text written. */
export async function seedBulk(store: GraphStore, count: number): Promise<number> {
  const BATCH = 500;
  let contentBytes = 0;
  for (let start = 0; start < count; start += BATCH) {
    const inputs: NewDocument[] = [];
    const links: NewRelationship[] = [];
    for (let i = start; i < Math.min(count, start + BATCH); i += 1) {
      const content = bulkText(i);
      contentBytes += Buffer.byteLength(content);
      inputs.push({ id: `d${i}`, title: `Note ${i}`, docType: 'markdown', content });
      if (i % 10 === 9) links.push({ kind: 'references', from: `d${i}`, to: `d${i - 1}` });
    }
    await store.createDocuments(inputs, { relationships: links });
  }
  return contentBytes;
}

/** The whole event log, oldest first, a page at a time (a page holds at most 100,000). */
async function allEvents(store: GraphStore): Promise<unknown[]> {
  const events: Array<{ seq: number }> = [];
  for (;;) {
    const last = events.at(-1);
    const page = await store.listEvents({ limit: 100_000, ...(last ? { afterSeq: last.seq } : {}) });
    events.push(...page);
    if (page.length < 100_000) return events;
  }
}

async function dump(store: GraphStore, dataDir: string): Promise<unknown> {
  const metas = (await store.allDocumentMeta()).sort((a, b) => a.id.localeCompare(b.id));
  const documents = [];
  for (const meta of metas) {
    documents.push({
      document: await store.getDocument(meta.id),
      branches: await store.listBranches(meta.id),
      commits: await store.allCommits(meta.id),
    });
  }
  const conversations = [];
  for (const conversation of await store.listConversations({ limit: 1000 })) {
    conversations.push({ conversation, messages: await store.listMessages(conversation.id) });
  }
  const attachmentsDir = path.join(dataDir, 'attachments');
  const attachments = fs.existsSync(attachmentsDir)
    ? fs.readdirSync(attachmentsDir).sort().map((name) => ({ name, sha256: createHash('sha256').update(fs.readFileSync(path.join(attachmentsDir, name))).digest('hex') }))
    : [];
  return {
    threads: await store.listThreads(),
    milestones: await store.listMilestones(),
    documents,
    relationships: (await store.allRelationships()).sort((a, b) => a.id.localeCompare(b.id)),
    conversations,
    events: await allEvents(store),
    lastEventSeq: store.lastEventSeq,
    attachments,
  };
}

async function main(): Promise<void> {
  const [command, dataDir, count] = process.argv.slice(2);
  const commands = ['seed', 'dump', 'digest', 'seed-bulk'];
  if (command === undefined || !commands.includes(command) || dataDir === undefined) throw new Error('usage: backup-workspace.js seed|dump|digest DATA_DIR | seed-bulk DATA_DIR N');
  const store = await openStore(defaultConfig(), resolvePaths({ HOME: dataDir }), { url: `rocksdb://${path.join(dataDir, 'database')}` });
  if (command === 'seed') await seed(store, dataDir);
  else if (command === 'seed-bulk') process.stdout.write(JSON.stringify({ contentBytes: await seedBulk(store, Number(count)) }));
  else if (command === 'dump') process.stdout.write(JSON.stringify(await dump(store, dataDir)));
  else {
    const all = (await dump(store, dataDir)) as { documents: Array<{ commits: unknown[] }>; relationships: unknown[]; events: unknown[]; attachments: unknown[] };
    const sha256 = createHash('sha256').update(JSON.stringify(all)).digest('hex');
    const commits = all.documents.reduce((sum, entry) => sum + entry.commits.length, 0);
    process.stdout.write(JSON.stringify({ sha256, documents: all.documents.length, commits, relationships: all.relationships.length, events: all.events.length, attachments: all.attachments.length }));
  }
  await store.close();
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`);
      process.exit(1);
    },
  );
}
