// Renders the canvas at each level of detail and theme to tests/artifacts/canvas-look/ for a person to look at.
import fs from 'node:fs';
import path from 'node:path';
import { renderSnapshot, type ViewportSpec } from '../../../src/canvas/snapshot.js';
import { artifactsDir } from '../../support/repo.js';
import { generateWorkspace } from '../../support/canvas-workspace.js';

const out = path.join(artifactsDir, 'canvas-look');
fs.mkdirSync(out, { recursive: true });
const nowMs = Date.parse('2026-03-10T12:00:00Z');
const [w, h] = (process.argv[2] ?? '1600x1000').split('x').map(Number) as [number, number];
const cases: [string, number, ViewportSpec][] = [
  ['full', 60, { kind: 'range', from: new Date('2026-01-20'), to: new Date('2026-02-20') }],
  ['compact', 300, { kind: 'range', from: new Date('2025-12-01'), to: new Date('2026-03-15') }],
  ['density', 5000, { kind: 'fit' }],
];
for (const [name, n, viewport] of cases) {
  const data = generateWorkspace({ documents: n, seed: 3 });
  for (const theme of ['light', 'dark'] as const) {
    const shot = await renderSnapshot(data, { widthPx: w, heightPx: h, theme, viewport, nowMs, selectedId: 'doc-3' });
    fs.writeFileSync(path.join(out, `${name}-${theme}.png`), shot.png);
    console.log(name, theme, shot.lod, JSON.stringify(shot.viewport));
  }
}
