/**
 * A child-process helper for the backup tests: `node backup-workspace.js
 * seed|dump DATA_DIR`. The embedded engine keeps its lock until the process
 * exits, so the workspace a `sovereign` child backs up or restores is
 * written and read in processes of its own.
 *
 * seed fills a workspace with every kind of record (threads, milestones,
 * documents with content, versions on two branches, links, a conversation
 * with messages, events of its own) and a 1.5 MiB attachment; dump prints
 * every record and every attachment's hash as JSON.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { defaultConfig, resolvePaths } from '../../src/core/index.js';
import { AttachmentStore } from '../../src/importers/attachment-store.js';
import { openStore, type GraphStore } from '../../src/store/index.js';

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
    events: await store.listEvents({ limit: 100_000 }),
    lastEventSeq: store.lastEventSeq,
    attachments,
  };
}

async function main(): Promise<void> {
  const [command, dataDir] = process.argv.slice(2);
  if ((command !== 'seed' && command !== 'dump') || dataDir === undefined) throw new Error('usage: backup-workspace.js seed|dump DATA_DIR');
  const store = await openStore(defaultConfig(), resolvePaths({ HOME: dataDir }), { url: `rocksdb://${path.join(dataDir, 'database')}` });
  if (command === 'seed') await seed(store, dataDir);
  else process.stdout.write(JSON.stringify(await dump(store, dataDir)));
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
