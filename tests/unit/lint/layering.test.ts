import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { ESLint } from 'eslint';
import { repoRoot } from '../../support/repo.js';

// The project's own ESLint configuration, run on code that is never written
// to disk: each case is linted as if it were the file at filePath.
const eslint = new ESLint({ cwd: repoRoot, overrideConfigFile: path.join(repoRoot, 'build-aux', 'eslint.config.js') });

async function layerMessages(relativePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, relativePath) });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'sovereign/layers').map((message) => message.message);
}

test('the store importing the UI fails the lint', async () => {
  const messages = await layerMessages('src/store/documents-view.ts', "import { MainWindow } from '../ui/window.js';\nexport const w = MainWindow;\n");
  assert.equal(messages.length, 1);
  assert.match(messages[0]!, /store \(store layer\) must not import from ui \(adapter layer\)/);
});

test('the D-Bus service importing node-gtk fails the lint', async () => {
  const messages = await layerMessages('src/dbus/service.ts', "import gi from 'node-gtk';\nexport const Gtk = gi.require('Gtk', '4.0');\n");
  assert.equal(messages.length, 1);
  assert.match(messages[0]!, /Only src\/ui may import node-gtk/);
});

test('core importing a domain module, even dynamically, fails the lint', async () => {
  const messages = await layerMessages('src/core/boot.ts', "export const load = () => import('../search/index.js');\n");
  assert.equal(messages.length, 1);
  assert.match(messages[0]!, /core \(core layer\) must not import from search \(domain layer\)/);
});

test('one adapter importing another fails, except the command line', async () => {
  const fromApi = await layerMessages('src/api/server.ts', "export { DbusService } from '../dbus/service.js';\n");
  assert.equal(fromApi.length, 1);
  assert.match(fromApi[0]!, /api must not import the dbus adapter/);
  assert.deepEqual(await layerMessages('src/cli/commands/serve.ts', "export { DbusService } from '../../dbus/service.js';\n"), []);
});

test('imports that follow the layering pass', async () => {
  assert.deepEqual(await layerMessages('src/ui/window.ts', "import gi from 'node-gtk';\nimport { _ } from '../core/index.js';\nexport const x = [gi, _];\n"), []);
  assert.deepEqual(await layerMessages('src/search/index.ts', "export { DOC_TYPES } from '../store/records.js';\n"), []);
});
