import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import fs from 'node:fs';
import { PNG } from 'pngjs';
import sharp from 'sharp';
import { repoRoot } from '../support/repo.js';
import { screenshot, startDisplay, waitFor, xdotool, type TestDisplay } from './support/display.js';
import { SovereignApp } from './support/sovereign-app.js';
import type { ImageViewerState } from '../../src/ui/image-viewer/image-viewer.js';
import { processAlive } from '../support/process-alive.js';

const run = promisify(execFile);

/** How many pixels of a screenshot are the photo's red disc (#c01c28, JPEG-blurred). */
function redDiscPixels(file: string): number {
  const png = PNG.sync.read(fs.readFileSync(file));
  let count = 0;
  for (let i = 0; i < png.width * png.height; i++) {
    const [r, g, b] = [png.data[i * 4]!, png.data[i * 4 + 1]!, png.data[i * 4 + 2]!];
    if (Math.abs(r - 0xc0) < 40 && Math.abs(g - 0x1c) < 40 && Math.abs(b - 0x28) < 40) count++;
  }
  return count;
}

type Window = NonNullable<NonNullable<ReturnType<SovereignApp['probe']>>['window']>;
const viewerOf = (window: Window): ImageViewerState | null => (window.panelStates[0] as { image?: ImageViewerState | null } | undefined)?.image ?? null;
/** The viewer in the panel titled `title`. */
const viewerTitled = (window: Window, title: string): ImageViewerState | null =>
  (window.panelStates.find((p) => p.title === title) as { image?: ImageViewerState | null } | undefined)?.image ?? null;


describe('the image viewer in a document panel', () => {
  let display: TestDisplay;
  let app: SovereignApp;
  let stage = { x: 0, y: 0 };
  let decoderPid = 0;

  before(async () => {
    display = await startDisplay({ width: 1400, height: 900 });
    // A photo with a diagonal gradient (so zoom and pan show) and a camera's EXIF.
    const photo = path.join(display.home, 'eiffel.jpg');
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1200"><defs><linearGradient id="g" x2="1" y2="1"><stop offset="0" stop-color="#1c71d8"/><stop offset="1" stop-color="#e5a50a"/></linearGradient></defs><rect width="1600" height="1200" fill="url(#g)"/><circle cx="800" cy="600" r="200" fill="#c01c28"/></svg>`;
    await sharp(Buffer.from(svg))
      .jpeg()
      .withExif({
        IFD0: { Make: 'Canon', Model: 'Canon EOS 5D Mark IV' },
        IFD2: { DateTimeOriginal: '2024:05:17 14:30:05' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 2976/100', GPSLongitudeRef: 'E', GPSLongitude: '2/1 17/1 4020/100' },
      })
      .toFile(photo);
    // The same photo cut off half way, as an interrupted download leaves it.
    const cut = path.join(display.home, 'cut.jpg');
    const whole = fs.readFileSync(photo);
    fs.writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    // Two more pictures, to open after the decoder has been used and after it has been killed.
    const harbour = path.join(display.home, 'harbour.png');
    await sharp({ create: { width: 900, height: 600, channels: 3, background: '#1c71d8' } }).png().toFile(harbour);
    const meadow = path.join(display.home, 'meadow.webp');
    await sharp({ create: { width: 800, height: 800, channels: 3, background: '#2ec27e' } }).webp().toFile(meadow);
    // Large enough that a panel-sized preview is decoded first, then the full rendition.
    const panorama = path.join(display.home, 'panorama.jpg');
    await sharp({ create: { width: 6000, height: 3000, channels: 3, background: '#e5a50a' } }).jpeg().toFile(panorama);
    const seed = path.join(repoRoot, 'build', 'tests', 'ui', 'support', 'seed-image-document.js');
    const documents = [photo, 'Eiffel Tower photo', cut, 'Broken download', harbour, 'Harbour picture', meadow, 'Meadow picture', panorama, 'Panorama picture'];
    await run(process.execPath, [seed, display.home, ...documents], { env: display.env, timeout: 120_000 });
    app = new SovereignApp(display, 'image-viewer');
  });

  after(async () => {
    await app?.stop();
    await display?.close();
  });

  test('opening an image document shows the picture fitted to the panel', async () => {
    await app.until('the canvas', (w) => w.view === 'canvas' && w.searchReady);
    await xdotool(display, 'key', 'ctrl+f');
    await app.until('the search overlay', (w) => w.search.visible);
    await xdotool(display, 'key', '--delay', '40', ...'eiffel'.split(''));
    await app.until('the photo found', (w) => w.search.results.length > 0 && w.search.resultsQuery === 'eiffel');
    await xdotool(display, 'key', 'Return');
    await app.until('the decoded image', (w) => viewerOf(w)?.status === 'ready');
    // The full rendition: the photo's own 1600 × 1200 (barely larger than a preview, so decoded at once).
    const window = await app.until('the full rendition', (w) => viewerOf(w)?.detail === 'full');
    const viewer = viewerOf(window)!;
    assert.deepEqual(viewer.rendition, { width: 1600, height: 1200 });
    assert.equal(viewer.fitted, true);
    assert.ok(viewer.zoom < 1, `a 1600 px photo is shrunk to fit the panel (zoom ${viewer.zoom})`);
    assert.ok(viewer.decoderPid !== null && processAlive(viewer.decoderPid), 'decoded by a running decoder process');
    decoderPid = viewer.decoderPid;
    // The whole photo is on screen: its red disc (radius 200 px, shrunk by the zoom) is all there.
    const expected = Math.PI * (200 * viewer.zoom) ** 2;
    let disc = 0;
    // Drawn at the next frame, which a loaded machine may take a while to paint.
    await waitFor(
      () => `the red disc on screen (${disc} red pixels, a disc of ${Math.round(expected)} expected)`,
      async () => {
        disc = redDiscPixels(await screenshot(display, 'image-viewer-fitted'));
        return (disc > expected * 0.8 && disc < expected * 1.2) || undefined;
      },
      10_000,
    );
    const panel = window.panels[0]!;
    // Below the title bar, switcher and toolbar: the middle of the picture.
    stage = await app.screenPoint(panel.x + panel.width / 2, panel.y + panel.height / 2 + 40);
  });

  test('+ and the wheel zoom in, dragging pans, r turns the view', async () => {
    const fitted = viewerOf(await app.until('the viewer', (w) => viewerOf(w)?.status === 'ready'))!.zoom;
    await xdotool(display, 'mousemove', String(stage.x), String(stage.y));
    await xdotool(display, 'click', '1'); // focus the picture
    await xdotool(display, 'key', 'plus');
    const zoomed = viewerOf(await app.until('zoomed in by a step', (w) => (viewerOf(w)?.zoom ?? 0) > fitted * 1.2))!;
    assert.equal(zoomed.fitted, false);
    await xdotool(display, 'click', '4');
    const wheeled = viewerOf(await app.until('zoomed in by the wheel', (w) => (viewerOf(w)?.zoom ?? 0) > zoomed.zoom * 1.05))!;

    await xdotool(display, 'mousedown', '1');
    for (let step = 1; step <= 6; step++) await xdotool(display, 'mousemove', String(stage.x + step * 20), String(stage.y + step * 10));
    await xdotool(display, 'mouseup', '1');
    const panned = viewerOf(await app.until('the picture dragged right and down', (w) => (viewerOf(w)?.panX ?? 0) - wheeled.panX > 60))!;
    assert.ok(panned.panY - wheeled.panY > 30, `panned down by ${panned.panY - wheeled.panY}`);
    assert.equal(panned.zoom, wheeled.zoom);

    await xdotool(display, 'key', 'r');
    await app.until('the view turned a quarter', (w) => viewerOf(w)?.rotation === 90);
    await xdotool(display, 'key', 'f');
    await app.until('fitted again', (w) => viewerOf(w)?.fitted === true);
  });

  test('the properties panel shows the EXIF camera, date and the location marked sensitive', async () => {
    await xdotool(display, 'key', 'i');
    const viewer = viewerOf(await app.until('the properties panel', (w) => viewerOf(w)?.metadataVisible === true))!;
    assert.equal(viewer.metadata['dimensions'], '1600 × 1200 pixels');
    assert.equal(viewer.metadata['format'], 'JPEG');
    assert.equal(viewer.metadata['camera'], 'Canon EOS 5D Mark IV');
    assert.match(viewer.metadata['taken'] ?? '', /2024/);
    assert.equal(viewer.metadata['location'], '48.85827° N, 2.29450° E');
    assert.deepEqual(viewer.sensitive, ['location']);
    await new Promise((resolve) => setTimeout(resolve, 500)); // the revealer's slide
    await screenshot(display, 'image-viewer');
  });

  test('a truncated image shows why it cannot be shown, and the window carries on', async () => {
    await xdotool(display, 'key', 'Escape'); // leave the properties toggle
    await xdotool(display, 'key', 'ctrl+f');
    await app.until('the search overlay', (w) => w.search.visible);
    await xdotool(display, 'key', '--delay', '40', ...'broken'.split(''));
    await app.until('the broken image found', (w) => w.search.results.length > 0 && w.search.resultsQuery === 'broken');
    await xdotool(display, 'key', 'Return');
    const window = await app.until('the error in the panel', (w) => w.panelStates.some((p) => (p as { image?: ImageViewerState | null }).image?.status === 'error'));
    const broken = window.panelStates.map((p) => (p as { image?: ImageViewerState | null }).image).find((image) => image?.status === 'error')!;
    assert.equal(broken.error, 'cannot open Broken download: the image is truncated (the file ends before the picture does)');
    await new Promise((resolve) => setTimeout(resolve, 500));
    await screenshot(display, 'image-viewer-truncated');
    assert.equal(app.ended, false, 'Sovereign is still running');
  });

  /** Opens a document through the search overlay, as a person would. */
  async function openBySearch(query: string): Promise<void> {
    await xdotool(display, 'key', 'Escape');
    await xdotool(display, 'key', 'ctrl+f');
    await app.until('the search overlay', (w) => w.search.visible);
    await xdotool(display, 'key', '--delay', '40', ...query.split(''));
    await app.until(`"${query}" found`, (w) => w.search.results.length > 0 && w.search.resultsQuery === query);
    await xdotool(display, 'key', 'Return');
  }

  test('a second picture opens through the same warm image decoder', async () => {
    await openBySearch('harbour');
    const window = await app.until('the harbour picture shown', (w) => viewerTitled(w, 'Harbour picture')?.status === 'ready');
    const harbour = viewerTitled(window, 'Harbour picture')!;
    assert.deepEqual(harbour.metadata['dimensions'], '900 × 600 pixels');
    assert.equal(harbour.decoderPid, decoderPid, 'the decoder process that showed the first photo showed this one too');
  });

  test('an image decoder killed with SIGKILL is replaced, and the next picture still opens', async () => {
    process.kill(decoderPid, 'SIGKILL');
    await openBySearch('meadow');
    const window = await app.until('the meadow picture shown', (w) => viewerTitled(w, 'Meadow picture')?.status === 'ready');
    const meadow = viewerTitled(window, 'Meadow picture')!;
    assert.deepEqual(meadow.metadata['dimensions'], '800 × 800 pixels');
    assert.ok(meadow.decoderPid !== null && meadow.decoderPid !== decoderPid && processAlive(meadow.decoderPid), `a new decoder process (${meadow.decoderPid}) showed it`);
    assert.equal(processAlive(decoderPid), false);
    assert.equal(app.ended, false, 'Sovereign is still running');
  });

  test('a large picture is shown at the panel\'s size; its full detail is decoded only when zoomed in past that', async () => {
    await openBySearch('panorama');
    const opened = await app.until('the panorama shown', (w) => viewerTitled(w, 'Panorama picture')?.usableMs != null);
    const preview = viewerTitled(opened, 'Panorama picture')!;
    assert.equal(preview.detail, 'preview');
    assert.ok(preview.rendition!.width < 4096 && preview.rendition!.height * 2 === preview.rendition!.width, `a panel-sized rendition: ${JSON.stringify(preview.rendition)}`);
    assert.equal(preview.fitted, true);
    assert.equal(preview.metadata['dimensions'], '6000 × 3000 pixels');
    // Fitted, the preview is all the panel can show: the 4096 px rendition is not decoded behind it.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const still = viewerTitled(app.probe()!.window!, 'Panorama picture')!;
    assert.equal(still.detail, 'preview');
    assert.equal(still.fullMs, null);

    const id = opened.panelStates.find((p) => p.title === 'Panorama picture')!.id;
    const panel = opened.panels.find((p) => p.id === id)!;
    const point = await app.screenPoint(panel.x + panel.width / 2, panel.y + panel.height / 2 + 40);
    await xdotool(display, 'mousemove', String(point.x), String(point.y));
    await xdotool(display, 'click', '1'); // focus the picture
    await xdotool(display, 'key', '1'); // actual size: far past the preview's pixels
    const window = await app.until('the panorama at full detail', (w) => viewerTitled(w, 'Panorama picture')?.fullMs != null);
    const full = viewerTitled(window, 'Panorama picture')!;
    assert.equal(full.detail, 'full');
    assert.deepEqual(full.rendition, { width: 4096, height: 2048 });
    assert.ok(full.usableMs! < full.fullMs!, `the preview painted (${full.usableMs} ms) before the full rendition (${full.fullMs} ms)`);
    assert.equal(full.fitted, false);
    assert.equal(full.zoomLabel, '100%', 'actual size of the 6000 px original, whichever rendition is drawn');
    await screenshot(display, 'image-viewer-panorama-actual-size');
  });
});
