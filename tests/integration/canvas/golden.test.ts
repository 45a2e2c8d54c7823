import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { renderSnapshot, type ViewportSpec } from '../../../src/canvas/snapshot.js';
import { artifactsDir, repoRoot } from '../../support/repo.js';
import { generateWorkspace } from '../../support/canvas-workspace.js';

/**
 * Golden images of seeded workspaces at each level of detail and theme.
 * SOVEREIGN_UPDATE_GOLDEN=1 rewrites them (look at them before committing).
 */
const goldenDir = path.join(repoRoot, 'tests', 'fixtures', 'canvas', 'golden');
const update = process.env['SOVEREIGN_UPDATE_GOLDEN'] === '1';
const nowMs = Date.UTC(2026, 2, 10, 12);
const WIDTH = 640;
const HEIGHT = 400;

const cases: { lod: 'full' | 'compact' | 'density'; documents: number; viewport: ViewportSpec; select?: string }[] = [
  { lod: 'full', documents: 120, viewport: { kind: 'document', id: 'doc-3' }, select: 'doc-3' },
  { lod: 'compact', documents: 1500, viewport: { kind: 'range', from: new Date('2026-01-10'), to: new Date('2026-02-01') } },
  { lod: 'density', documents: 3000, viewport: { kind: 'fit' } },
];

for (const c of cases) {
  for (const theme of ['light', 'dark'] as const) {
    test(`the ${c.lod} level of detail in the ${theme} theme matches its golden image`, async () => {
      const data = generateWorkspace({ documents: c.documents, seed: 3 });
      const shot = await renderSnapshot(data, { widthPx: WIDTH, heightPx: HEIGHT, theme, viewport: c.viewport, nowMs, selectedId: c.select ?? null });
      assert.equal(shot.lod, c.lod);
      const name = `${c.lod}-${theme}.png`;
      const goldenPath = path.join(goldenDir, name);
      if (update) {
        fs.mkdirSync(goldenDir, { recursive: true });
        fs.writeFileSync(goldenPath, shot.png);
        return;
      }
      assert.ok(fs.existsSync(goldenPath), `missing golden ${goldenPath}: run with SOVEREIGN_UPDATE_GOLDEN=1`);
      const expected = PNG.sync.read(fs.readFileSync(goldenPath));
      const actual = PNG.sync.read(shot.png);
      assert.equal(actual.width, expected.width);
      assert.equal(actual.height, expected.height);
      const diff = new PNG({ width: WIDTH, height: HEIGHT });
      const differing = pixelmatch(expected.data, actual.data, diff.data, WIDTH, HEIGHT, { threshold: 0.1 });
      if (differing > 0) {
        const out = path.join(artifactsDir, 'canvas-golden');
        fs.mkdirSync(out, { recursive: true });
        fs.writeFileSync(path.join(out, name), shot.png);
        fs.writeFileSync(path.join(out, `diff-${name}`), PNG.sync.write(diff));
      }
      // Font rasterisation may shift a handful of anti-aliased pixels; layout changes move thousands.
      assert.ok(differing <= WIDTH * HEIGHT * 0.003, `${differing} pixels differ from ${name} (see tests/artifacts/canvas-golden)`);
    });
  }
}
