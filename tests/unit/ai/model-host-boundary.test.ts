import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../../support/repo.js';

/** llama.cpp can abort the process that loads it: only the model host may import node-llama-cpp. */
test('no module outside src/ai/host imports node-llama-cpp', () => {
  const offenders: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && /from ['"]node-llama-cpp['"]|import\(['"]node-llama-cpp['"]\)/.test(fs.readFileSync(full, 'utf8'))) {
        offenders.push(path.relative(repoRoot, full));
      }
    }
  };
  walk(path.join(repoRoot, 'src'));
  assert.ok(offenders.length > 0, 'the host itself imports it');
  assert.deepEqual(offenders.filter((file) => !file.startsWith(path.join('src', 'ai', 'host') + path.sep)), []);
});
