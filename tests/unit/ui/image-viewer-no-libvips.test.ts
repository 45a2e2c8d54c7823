import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { repoRoot } from '../../support/repo.js';

const run = promisify(execFile);

// libvips carries its own GLib: loaded beside node-gtk's, every sharp call
// answers with g_object_ref CRITICALs. The window decodes in the decoder
// process; merely loading the viewer's code must not map libvips.
test('loading the window with its image viewer does not load libvips into the process', async () => {
  const modules = ['ui/image-viewer/image-viewer.js', 'ui/document-panel.js', 'ui/main-window.js'].map((m) => path.join(repoRoot, 'build', 'src', m));
  const script = `
    import fs from 'node:fs';
    for (const m of ${JSON.stringify(modules)}) await import(m);
    const libraries = fs.readFileSync('/proc/self/maps', 'utf8');
    process.stdout.write(JSON.stringify({ gtk: libraries.includes('libgtk-4'), vips: /libvips/.test(libraries) }));
  `;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { timeout: 120_000 });
  assert.deepEqual(JSON.parse(stdout), { gtk: true, vips: false });
});
