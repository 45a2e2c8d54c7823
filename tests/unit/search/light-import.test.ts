import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const searchModule = fileURLToPath(new URL('../../../src/search/index.js', import.meta.url));
const storeModule = fileURLToPath(new URL('../../../src/store/index.js', import.meta.url));

/** The native libraries a fresh Node process has loaded after importing `file`. */
function sharedObjectsAfterImporting(file: string): string[] {
  const script = `await import(${JSON.stringify(file)}); process.stdout.write(JSON.stringify(process.report.getReport().sharedObjects));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as string[];
}

test('importing the search module does not load the SurrealDB engine', () => {
  const surreal = (objects: string[]) => objects.filter((object) => /surrealdb/i.test(object));
  // The check can see the engine: importing the store loads it.
  assert.ok(surreal(sharedObjectsAfterImporting(storeModule)).length > 0, 'the store loads the engine');
  assert.deepEqual(surreal(sharedObjectsAfterImporting(searchModule)), []);
});
