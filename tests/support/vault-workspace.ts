/**
 * A child-process helper for the vault tests: `node vault-workspace.js
 * seed|index|dump|swap|forge|attach|original DATA_DIR PASSPHRASE …`. The embedded engine keeps its
 * lock until the process exits, so each step runs in a process of its own,
 * the way the app and the command line would.
 *
 * seed unlocks the vault and writes a known document (with a second
 * version), a conversation and an event through the real store; dump reads
 * them back and prints JSON; swap and forge go behind the store's back with
 * the SurrealDB SDK, the way someone with the database files would: swap
 * trades two documents' sealed contents, forge changes one character of a
 * sealed title. index saves the search index and the model snapshot in
 * the cache folder (under DATA_DIR/.cache) as the app does at exit; dump
 * then also searches through that index. attach FILE… imports files through the import service and
 * prints each one's media reference; original REF NAME RUNTIME_DIR prints
 * where "Show Original" puts the original. journal [TEXT] writes TEXT as
 * unsaved editor text of the known document (what a killed editor leaves),
 * or prints what the journal holds for it. unseal-hashes goes behind the
 * store to write every document's attachment and original hashes in the
 * clear, as a vault written before they were sealed holds them; hashes
 * prints them as the store reads them, and raw-hashes as they are stored.
 */
import fs from 'node:fs';
import path from 'node:path';
import { RecordId } from 'surrealdb';
import { defaultConfig, resolvePaths } from '../../src/core/index.js';
import { closeSurreal, connectSurreal } from '../../src/store/connection/connect.js';
import { ImportService } from '../../src/importers/index.js';
import { openSearchIndex } from '../../src/search/index.js';
import { PLAIN_FIELDS, openStore } from '../../src/store/index.js';
import { loadWorkspaceModel } from '../../src/workspace/index.js';
import { openStoreCipher, unlockVault } from '../../src/vault/index.js';
import { sealedFields } from '../../src/store/index.js';
import { DraftJournal } from '../../src/skills/core/markdown-editor/draft-journal.js';
import { JOURNAL_DIR } from '../../src/skills/core/markdown-editor/document-editing.js';

/** Words no other file on the machine holds: the test greps the data folder for them. */
export const KNOWN_TITLE = 'Quokka Harbour Accord';
export const KNOWN_PHRASE = 'the lighthouse keeper signs on Thursday 7719';

const [command, dataDir, passphrase] = process.argv.slice(2) as [string, string, string];
const config = defaultConfig();
const url = `rocksdb://${path.join(dataDir, 'database')}`;

/** Opened the way the app opens it: a vault is unlocked (and a conversion cut short after its switch completed) first. */
async function cipherFor() {
  if (passphrase === '-') return PLAIN_FIELDS;
  return openStoreCipher({ dataDir, databaseDir: path.join(dataDir, 'database') }, () => Promise.resolve(passphrase));
}

async function main(): Promise<void> {
  if (command === 'swap' || command === 'forge') return tamper(command);
  if (command === 'unseal-hashes' || command === 'raw-hashes') return hashesBehindTheStore(command);
  if (command === 'journal') {
    const journal = new DraftJournal(path.join(dataDir, JOURNAL_DIR), await cipherFor());
    const [text] = process.argv.slice(5);
    if (text !== undefined) await journal.write('accord', text);
    else process.stdout.write((await journal.read('accord'))?.content ?? '');
    return;
  }
  const store = await openStore(config, resolvePaths({ HOME: dataDir }), { url, cipher: await cipherFor() });
  try {
    if (command === 'hashes') {
      const metas = await store.allDocumentMeta();
      process.stdout.write(JSON.stringify(metas.map((meta) => [meta.mediaRef, meta.provenance?.originalHash ?? null]).sort()));
      return;
    }
    if (command === 'attach' || command === 'original') {
      const [first = '', name = '', revealDir = ''] = process.argv.slice(5);
      const imports = new ImportService(store, dataDir, { revealDir });
      if (command === 'original') {
        process.stdout.write(await imports.originalFile(first, name));
        return;
      }
      const summary = await imports.importPaths(process.argv.slice(5));
      const refs = await Promise.all(summary.outcomes.map(async (outcome) => outcome.error?.message ?? (await store.getDocument(outcome.documentIds[0]!)).mediaRef));
      process.stdout.write(JSON.stringify(refs));
    } else if (command === 'seed') {
      const thread = await store.createThread({ name: `${KNOWN_TITLE} talks`, description: `Where ${KNOWN_PHRASE}` });
      const doc = await store.createDocument({ id: 'accord', title: KNOWN_TITLE, docType: 'markdown', content: `# Terms\n\n${KNOWN_PHRASE}\n`, threadId: thread.id });
      await store.updateDocument(doc.id, { content: `# Terms\n\n${KNOWN_PHRASE}\nSecond reading.\n` }, { message: 'second reading' });
      await store.createDocument({ id: 'other', title: 'Other', docType: 'text', content: 'something else entirely' });
      const conversation = await store.createConversation(`About ${KNOWN_TITLE}`);
      await store.appendMessage(conversation.id, { role: 'user', content: `When does ${KNOWN_PHRASE}?` });
      await store.deleteDocument((await store.createDocument({ title: `${KNOWN_TITLE} draft`, docType: 'text', content: 'x' })).id);
    } else if (command === 'index') {
      // The derived files a session keeps in the cache folder (sealed in a vault), saved the way the app saves them at exit.
      const { cacheDir } = resolvePaths({ HOME: dataDir });
      await (await openSearchIndex(store, { file: path.join(cacheDir, 'search-index.bin') })).close();
      const model = await loadWorkspaceModel(store, { snapshotFile: path.join(cacheDir, 'workspace-model.json') });
      await model.saveSnapshot();
      model.dispose();
    } else {
      const ids = process.argv.slice(5);
      const out: Record<string, unknown> = {};
      if (ids.length === 0) {
        out['documents'] = await Promise.all(['accord', 'other'].map((id) => store.getDocument(id)));
        out['commits'] = (await store.allCommits('accord')).map((c) => ({ message: c.message, content: c.content }));
        out['prefix'] = (await store.findByTitlePrefix('Quokka')).map((m) => m.title);
        out['byTitle'] = (await store.listDocuments({ orderBy: 'title' })).items.map((m) => m.title);
        const [conversation] = await store.listConversations();
        out['conversation'] = conversation?.title;
        out['messages'] = (await store.listMessages(conversation!.id)).map((m) => m.content);
        out['deleted'] = (await store.listEvents({ types: ['document.deleted'] })).map((e) => e.payload['title']);
        const thread = await store.findThreadByName(`${KNOWN_TITLE.toUpperCase()} TALKS `);
        out['thread'] = thread && { name: thread.name, description: thread.description, listed: (await store.listThreads()).map((t) => t.name) };
        const indexFile = path.join(resolvePaths({ HOME: dataDir }).cacheDir, 'search-index.bin');
        if (fs.existsSync(indexFile)) {
          const index = await openSearchIndex(store, { file: indexFile });
          out['search'] = index.search('lighthouse keeper').map((hit) => hit.title);
          await index.close();
        }
      } else {
        for (const id of ids) {
          try {
            out[id] = (await store.getDocument(id)).title;
          } catch (error) {
            out[id] = { error: (error as Error).message };
          }
        }
      }
      process.stdout.write(JSON.stringify(out));
    }
  } finally {
    await store.close();
  }
}

async function tamper(how: 'swap' | 'forge'): Promise<void> {
  const db = await connectSurreal(url, config.store);
  try {
    const row = async (id: string) => ((await db.query<[{ title: string; content: string }]>('SELECT title, content FROM ONLY $id', { id: new RecordId('document', id) }).collect())[0]);
    const [accord, other] = [await row('accord'), await row('other')];
    if (how === 'swap') {
      await db.query('UPDATE $id SET content = $content', { id: new RecordId('document', 'accord'), content: other.content }).collect();
      await db.query('UPDATE $id SET content = $content', { id: new RecordId('document', 'other'), content: accord.content }).collect();
    } else {
      const at = accord.title.length - 10;
      const forged = accord.title.slice(0, at) + (accord.title[at] === 'A' ? 'B' : 'A') + accord.title.slice(at + 1);
      await db.query('UPDATE $id SET title = $title', { id: new RecordId('document', 'accord'), title: forged }).collect();
    }
  } finally {
    await closeSurreal(db);
  }
}

async function hashesBehindTheStore(command: 'unseal-hashes' | 'raw-hashes'): Promise<void> {
  const db = await connectSurreal(url, config.store);
  try {
    type Row = { id: RecordId; media_ref?: string; provenance?: { original_hash: string } };
    const [rows] = await db.query<[Row[]]>('SELECT id, media_ref, provenance.original_hash FROM document').collect();
    if (command === 'raw-hashes') {
      process.stdout.write(JSON.stringify(rows.map((row) => [row.media_ref ?? null, row.provenance?.original_hash ?? null])));
      return;
    }
    const cipher = sealedFields(await unlockVault(dataDir, passphrase));
    for (const row of rows) {
      const record = `document:${String(row.id.id)}`;
      if (row.media_ref !== undefined) await db.query('UPDATE $id SET media_ref = $plain', { id: row.id, plain: cipher.open(record, 'media_ref', row.media_ref) }).collect();
      if (row.provenance) await db.query('UPDATE $id SET provenance.original_hash = $plain', { id: row.id, plain: cipher.open(record, 'provenance.original_hash', row.provenance.original_hash) }).collect();
    }
    await db.query('DELETE meta:vault_fields').collect();
  } finally {
    await closeSurreal(db);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
