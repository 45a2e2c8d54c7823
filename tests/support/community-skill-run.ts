import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SkillRegistry, StoreSkillHost } from '../../src/skills/index.js';
import { openMemoryStore } from '../../src/store/index.js';
import { fixtureSkill } from './skills.js';

/**
 * Runs the example community skill once, in its sandbox, against an
 * in-memory store, and prints its answer: a whole community-skill round trip
 * in one process, for tests that watch what that process tree does.
 */
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sov-skillrun-'));
try {
  const store = await openMemoryStore();
  const registry = new SkillRegistry({
    skillsDir: path.join(root, 'skills'),
    stateFile: path.join(root, 'skill-state.json'),
    runtimeDir: path.join(root, 'run'),
    createHost: (manifest) => new StoreSkillHost({ store, manifest, filesDir: path.join(root, 'files', manifest.id) }),
  });
  fs.mkdirSync(path.join(root, 'skills'), { recursive: true });
  const id = 'org.sovereign.example.WordCount';
  await registry.install(fixtureSkill(id));
  const document = await store.createDocument({ title: 'Fox', docType: 'markdown', content: 'The quick brown fox.' });
  process.stdout.write(`${JSON.stringify(await registry.runCommand(id, 'word-count', { documentId: document.id }))}\n`);
  await registry.unloadAll();
  await store.close();
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
process.exit(0);
