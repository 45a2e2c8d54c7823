import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const workerModules = fileURLToPath(new URL('../../../src/retrieval/indexed-passages.js', import.meta.url));
const coreModule = fileURLToPath(new URL('../../../src/core/index.js', import.meta.url));

/** Every package file a fresh Node process resolves while importing `file` (a resolve hook reports each URL). */
function packagesResolvedImporting(file: string): string[] {
  const hooks = 'export async function resolve(specifier, context, next) { const result = await next(specifier, context); process.stderr.write(result.url + "\\n"); return result; }';
  const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`;
  const child = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(register)}`, '--input-type=module', '-e', `await import(${JSON.stringify(file)})`], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  return child.stderr.split('\n').filter((url) => url.includes('/node_modules/'));
}

test('the vector index worker\'s modules load neither zod nor the store, which would slow the start of its thread', () => {
  const heavy = (urls: string[]) => urls.filter((url) => /\/node_modules\/(zod|surrealdb|@surrealdb)\//.test(url));
  // The check can see zod: the core barrel loads it (the configuration schema).
  assert.ok(heavy(packagesResolvedImporting(coreModule)).length > 0, 'the core barrel loads zod');
  assert.deepEqual(heavy(packagesResolvedImporting(workerModules)), []);
});
