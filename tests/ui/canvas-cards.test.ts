import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { PNG } from 'pngjs';
import sharp from 'sharp';
import { thumbnailPath } from '../../src/skills/core/image-viewer/index.js';
import { cliEntry, repoRoot } from '../support/repo.js';
import { screenshot, startDisplay, waitFor, xdotool, type TestDisplay } from './support/display.js';
import { SovereignApp, appEnv } from './support/sovereign-app.js';

const run = promisify(execFile);

/** The test picture's one colour: a violet nothing else on the canvas is drawn in. */
const VIOLET = [0x91, 0x41, 0xac] as const;

/** How many pixels of a screenshot, inside a screen rectangle, are the test picture's violet. */
function violetPixels(file: string, rect: { x: number; y: number; width: number; height: number }): number {
  const png = PNG.sync.read(fs.readFileSync(file));
  let count = 0;
  for (let y = Math.max(0, Math.floor(rect.y)); y < Math.min(png.height, rect.y + rect.height); y++) {
    for (let x = Math.max(0, Math.floor(rect.x)); x < Math.min(png.width, rect.x + rect.width); x++) {
      const o = (y * png.width + x) * 4;
      if (Math.abs(png.data[o]! - VIOLET[0]) < 16 && Math.abs(png.data[o + 1]! - VIOLET[1]) < 16 && Math.abs(png.data[o + 2]! - VIOLET[2]) < 16) count++;
    }
  }
  return count;
}

describe('pictures on the canvas cards', () => {
  let display: TestDisplay;
  let app: SovereignApp;
  let violetSha = '';
  let fakeSha = '';
  let importedId = '';

  before(async () => {
    display = await startDisplay({ width: 1400, height: 900 });
    const env = appEnv(display, path.join(display.home, 'unused-probe.json'));
    // An imported note, to make one's own.
    const note = path.join(display.home, 'Field notes.md');
    fs.writeFileSync(note, '# Field notes\n\nBirds seen today.\n');
    const imported = await run(process.execPath, [cliEntry, 'import', note, '--json'], { env, timeout: 180_000 });
    const ids = imported.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { ids?: string[] }).flatMap((line) => line.ids ?? []);
    assert.equal(ids.length, 1, imported.stdout);
    importedId = ids[0]!;
    // A solid violet picture, and a text file that only calls itself a picture.
    const violet = path.join(display.home, 'violet.png');
    await sharp({ create: { width: 600, height: 400, channels: 3, background: { r: VIOLET[0], g: VIOLET[1], b: VIOLET[2] } } }).png().toFile(violet);
    violetSha = crypto.createHash('sha256').update(fs.readFileSync(violet)).digest('hex');
    const fake = path.join(display.home, 'fake.png');
    fs.writeFileSync(fake, 'Shopping list: milk, bread\n');
    fakeSha = crypto.createHash('sha256').update(fs.readFileSync(fake)).digest('hex');
    const seed = path.join(repoRoot, 'build', 'tests', 'ui', 'support', 'seed-image-document.js');
    await run(process.execPath, [seed, display.home, violet, 'Violet square', fake, 'Not really a picture'], { env: display.env, timeout: 120_000 });
    app = new SovereignApp(display, 'canvas-cards');
  });

  after(async () => {
    await app?.stop();
    await display?.close();
  });

  test("an image document's card shows its thumbnail, cached on disk; a broken image keeps the plain card", async () => {
    const window = await app.until('both image cards answered', (w) => {
      const cards = Object.values(w.cards);
      return w.view === 'canvas' && cards.some((c) => c.title === 'Violet square' && c.thumbnail === 'drawn') && cards.some((c) => c.title === 'Not really a picture' && c.thumbnail === 'broken');
    }, 120_000);
    const cacheDir = path.join(display.home, 'cache', 'sovereign');
    assert.ok(fs.existsSync(thumbnailPath(cacheDir, violetSha)), 'the thumbnail is in the cache folder');
    assert.equal(fs.existsSync(thumbnailPath(cacheDir, fakeSha)), false, 'nothing is cached for the broken image');

    const violetCard = Object.values(window.cards).find((c) => c.title === 'Violet square')!;
    const brokenCard = Object.values(window.cards).find((c) => c.title === 'Not really a picture')!;
    const onScreen = async (rect: { x: number; y: number; width: number; height: number }) => {
      const origin = await app.screenPoint(rect.x, rect.y);
      return { x: origin.x, y: origin.y, width: rect.width, height: rect.height };
    };
    const violetRect = await onScreen(violetCard.rect!);
    const brokenRect = await onScreen(brokenCard.rect!);
    // The thumbnail is a square of 40 world units inside the card: at the canvas's zoom, (40 × zoom)² pixels
    // (the card is 56 units tall, so zoom = height / 56); part may lie off screen, so ask for a quarter.
    const zoom = violetCard.rect!.height / 56;
    const square = (40 * zoom) ** 2;
    let violet = 0;
    await waitFor(
      () => `the violet thumbnail on the card (${violet} violet pixels, a square of ${Math.round(square)} drawn)`,
      async () => {
        const shot = await screenshot(display, 'canvas-card-thumbnail');
        violet = violetPixels(shot, violetRect);
        return (violet > square / 4 && violetPixels(shot, brokenRect) === 0) || undefined;
      },
      15_000,
    );
  });

  test('Make It Mine morphs the imported parallelogram into the rounded owned card', async () => {
    await run('gdbus', ['call', '--session', '-d', 'org.sovereign.Sovereign', '-o', '/org/sovereign/Sovereign', '-m', 'org.sovereign.Sovereign.OpenDocument', importedId], { env: display.env });
    await app.until('the imported note, read-only', (w) => w.panelStates.some((p) => p.id === importedId && p.shows === 'external'));
    await xdotool(display, 'key', 'alt+m');
    // A screenshot while it plays, to look at (the probe reports a few times a second; it may come too late).
    await app.until('the morph under way', (w) => w.ingest !== null && w.ingest.documentId !== importedId && w.ingest.frames.length > 0, 30_000);
    await screenshot(display, 'canvas-make-it-mine-during');
    const window = await app.until('the morph played to its end', (w) => w.ingest?.finished === true && w.ingest.documentId !== importedId, 30_000);
    const ingest = window.ingest!;
    assert.equal(ingest.frames[0], 0, 'the first frame is the parallelogram');
    assert.equal(ingest.frames[ingest.frames.length - 1], 1, 'the last frame is the owned card');
    assert.ok(ingest.frames.some((p) => p > 0 && p < 1), `frames in between: ${ingest.frames.join(', ')}`);
    for (let k = 1; k < ingest.frames.length; k++) assert.ok(ingest.frames[k]! >= ingest.frames[k - 1]!, 'progress only moves forward');
    const copy = window.cards[ingest.documentId]!;
    assert.equal(copy.owned, true, 'the morphed card is the owned copy');
    assert.equal(copy.title, 'Field notes');
    assert.ok(window.panelStates.some((p) => p.id === ingest.documentId && p.shows === 'editor'), 'the copy opens in the editor');
    await screenshot(display, 'canvas-make-it-mine-done');
  });
});
