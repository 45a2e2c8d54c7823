import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { ensureModel } from '../fixtures/gguf/fixtures.js';
import { repoRoot } from '../support/repo.js';
import { accessibleTree, namesIn, pressAccessible } from './support/accessible-tree.js';
import { screenshot, startDisplay, waitFor, xdotool, type TestDisplay } from './support/display.js';
import { SovereignApp, appEnv } from './support/sovereign-app.js';

const run = promisify(execFile);

type Point = { x: number; y: number };

/** What this test reads from the probe beyond the shared ProbeState. */
interface OfferProbe {
  modelOffer: { visible: boolean; title: string; details: string; downloading: boolean; fraction: number; status: string; error: boolean };
  buttons: { offerDownload: Point | null; offerCancel: Point | null; offerNotNow: Point | null };
  toasts: string[];
}

const CATALOG_TITLE = 'Tiny Test Chat';
const MODEL_NAME = 'tiny-test-chat';

/**
 * A model mirror on loopback: serves the generated GGUF with HEAD and Range
 * support, as a CDN does. `mode` switches it: 'slow' trickles the body (so
 * Cancel can be clicked mid-download), 'missing' answers 404 to everything.
 */
interface Mirror {
  url: string;
  mode: 'fast' | 'slow' | 'missing';
  /** The Range header of every GET, in order ('' for none). */
  ranges: string[];
  close(): Promise<void>;
}

async function startMirror(file: string): Promise<Mirror> {
  const body = fs.readFileSync(file);
  const mirror: Mirror = { url: '', mode: 'fast', ranges: [], close: async () => undefined };
  const server = http.createServer((req, res) => {
    if (mirror.mode === 'missing' || req.url !== `/${MODEL_NAME}.gguf`) {
      res.writeHead(404).end();
      return;
    }
    if (req.method === 'HEAD') {
      res.writeHead(200, { 'content-length': body.length, 'accept-ranges': 'bytes' }).end();
      return;
    }
    const range = req.headers.range ?? '';
    mirror.ranges.push(range);
    const start = Number(/^bytes=(\d+)-$/.exec(range)?.[1] ?? 0);
    const part = body.subarray(start);
    res.writeHead(range ? 206 : 200, { 'content-length': part.length, ...(range ? { 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` } : {}) });
    if (mirror.mode === 'fast') {
      res.end(part);
      return;
    }
    // About 40 KB/s: the 555 KB model takes ~14 s, long enough to see progress and press Cancel.
    let at = 0;
    const timer = setInterval(() => {
      if (res.destroyed || at >= part.length) {
        clearInterval(timer);
        if (!res.destroyed) res.end();
        return;
      }
      res.write(part.subarray(at, at + 4096));
      at += 4096;
    }, 100);
    res.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  mirror.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  mirror.close = () => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  };
  return mirror;
}

async function click(app: SovereignApp, point: Point): Promise<void> {
  const id = (await xdotool(app.display, 'search', '--onlyvisible', '--pid', String(app.child.pid), '--name', 'Sovereign')).split('\n')[0]!;
  const shell = await xdotool(app.display, 'getwindowgeometry', '--shell', id);
  const value = (key: string) => Number(new RegExp(`^${key}=(-?\\d+)$`, 'm').exec(shell)?.[1] ?? NaN);
  await xdotool(app.display, 'mousemove', String(Math.round(value('X') + point.x)), String(Math.round(value('Y') + point.y)));
  await xdotool(app.display, 'click', '1');
}

describe('getting a chat model from the window', () => {
  let display: TestDisplay;
  let app: SovereignApp;
  let mirror: Mirror;
  let model: string;
  let modelsDir: string;
  let configHome: string;

  const offer = async (what: string, predicate: (state: OfferProbe) => boolean) =>
    (await app.until(what, (w) => predicate(w as unknown as OfferProbe), 60_000)) as unknown as OfferProbe;

  before(async () => {
    display = await startDisplay({ width: 1400, height: 900 });
    // Preferences is read through AT-SPI.
    delete display.env['NO_AT_BRIDGE'];
    model = ensureModel(path.join(repoRoot, 'tests', 'fixtures', 'generated'), 'tiny-qwen2.gguf');
    mirror = await startMirror(model);
    const sha256 = createHash('sha256').update(fs.readFileSync(model)).digest('hex');
    const catalog = path.join(display.home, 'catalog.json');
    fs.writeFileSync(
      catalog,
      JSON.stringify({ chat: [{ name: MODEL_NAME, title: CATALOG_TITLE, quantization: 'Q4_K_M', parameters: 1e6, sizeBytes: fs.statSync(model).size, url: `${mirror.url}/${MODEL_NAME}.gguf`, sha256 }] }),
    );
    // A config of its own (SovereignApp writes the display's): the catalog points at the mirror.
    configHome = path.join(display.home, 'models-config');
    fs.mkdirSync(path.join(configHome, 'sovereign'), { recursive: true });
    fs.writeFileSync(path.join(configHome, 'sovereign', 'config.toml'), `[store]\nconnect_timeout_ms = 90000\n[ai]\ncatalog = "${catalog}"\n`);
    modelsDir = path.join(display.home, 'data', 'sovereign', 'models');
    app = new SovereignApp(display, 'models', { env: { XDG_CONFIG_HOME: configHome } });
  });

  after(async () => {
    await app?.stop();
    await mirror?.close();
    await display?.close();
  });

  test('on a fresh home with no model, the window offers the recommended chat model with its size and why, and downloads nothing by itself', async () => {
    const state = await offer('the chat model offer', (s) => s.modelOffer?.visible && s.buttons.offerDownload !== null);
    assert.match(state.modelOffer.title, new RegExp(CATALOG_TITLE));
    assert.match(state.modelOffer.details, /Q4_K_M, 554\.9 KB to download\. .*RAM/);
    await new Promise((resolve) => setTimeout(resolve, 800));
    await screenshot(display, 'model-offer');
    assert.deepEqual(mirror.ranges, [], 'a GET reached the mirror before Download was clicked');
    assert.ok(!fs.existsSync(path.join(modelsDir, `${MODEL_NAME}.gguf`)));
  });

  test('Not Now hides the offer and remembers it; Preferences › Models offers the model again', async () => {
    const shown = await offer('the Not Now button', (s) => s.modelOffer.visible && s.buttons.offerNotNow !== null);
    await click(app, shown.buttons.offerNotNow!);
    await offer('the offer hidden', (s) => !s.modelOffer.visible);
    const { stdout } = await run('gsettings', ['get', 'org.sovereign.Sovereign', 'model-offer-dismissed'], { env: { ...appEnv(display, '/dev/null'), XDG_CONFIG_HOME: configHome } });
    assert.equal(stdout.trim(), 'true');

    await xdotool(display, 'key', 'ctrl+comma');
    await waitFor('the Models page', async () => {
      await pressAccessible(display, 'Preferences', 'Models');
      return true;
    }, 30_000);
    const names = await waitFor('the offer on the Models page', async () => {
      const window = (await accessibleTree(display)).children.find((node) => node.name === 'Preferences');
      const shownNames = window ? namesIn(window) : [];
      return shownNames.includes('Download…') ? shownNames : undefined;
    }, 20_000);
    assert.ok(names.includes(`${CATALOG_TITLE} (Q4_K_M)`), JSON.stringify(names));
    assert.ok(names.includes('No models installed'));
    await new Promise((resolve) => setTimeout(resolve, 800));
    await screenshot(display, 'preferences-models-offer');
    await pressAccessible(display, 'Preferences', 'Download…');
    await offer('the offer shown again', (s) => s.modelOffer.visible && s.buttons.offerDownload !== null);
    await waitFor('Preferences closed', async () => !(await accessibleTree(display)).children.some((node) => node.name === 'Preferences') || undefined, 20_000);
  });

  test('a mirror answering 404 shows the error in the offer, which stays to try again', async () => {
    mirror.mode = 'missing';
    const ready = await offer('the Download button', (s) => s.buttons.offerDownload !== null);
    await click(app, ready.buttons.offerDownload!);
    const failed = await offer('the 404 error', (s) => s.modelOffer.error && !s.modelOffer.downloading);
    assert.match(failed.modelOffer.status, /The download failed: .*tiny-test-chat\.gguf was not found \(HTTP 404\)/);
    assert.ok(failed.modelOffer.visible);
    await new Promise((resolve) => setTimeout(resolve, 800));
    await screenshot(display, 'model-offer-404');
  });

  test('Cancel mid-download keeps the partial file, and Download again resumes where it stopped', async () => {
    mirror.mode = 'slow';
    const ready = await offer('the Download button', (s) => s.buttons.offerDownload !== null && !s.modelOffer.downloading);
    await click(app, ready.buttons.offerDownload!);
    const running = await offer('progress past 10%', (s) => s.modelOffer.downloading && s.modelOffer.fraction > 0.1 && s.buttons.offerCancel !== null);
    assert.match(running.modelOffer.status, /KB of 554\.9 KB \(\d+%\), [\d.]+ KB\/s/);
    await screenshot(display, 'model-offer-progress');
    await click(app, running.buttons.offerCancel!);
    const cancelled = await offer('the download cancelled', (s) => !s.modelOffer.downloading && /cancelled/.test(s.modelOffer.status));
    assert.equal(cancelled.modelOffer.error, false);
    const partial = path.join(modelsDir, `.${MODEL_NAME}.gguf.partial`);
    const kept = fs.statSync(partial).size;
    assert.ok(kept > 0 && kept < fs.statSync(model).size, `partial file of ${kept} bytes`);
    assert.ok(!fs.existsSync(path.join(modelsDir, `${MODEL_NAME}.gguf`)));

    mirror.mode = 'fast';
    mirror.ranges.length = 0;
    await click(app, cancelled.buttons.offerDownload!);
    const done = await offer('the model installed', (s) => !s.modelOffer.visible && s.toasts.some((t) => t.includes(MODEL_NAME)));
    assert.ok(done.toasts.some((t) => t.includes('chat model')));
    assert.deepEqual(mirror.ranges, [`bytes=${kept}-`], 'the second download did not resume from the partial file');
    assert.deepEqual(fs.readFileSync(path.join(modelsDir, `${MODEL_NAME}.gguf`)), fs.readFileSync(model));
    assert.ok(!fs.existsSync(partial));
  });

  test('the downloaded model shows on Preferences › Models with its role, size and quantisation', async () => {
    await xdotool(display, 'key', 'ctrl+comma');
    await waitFor('the Preferences window', async () => (await accessibleTree(display)).children.some((node) => node.name === 'Preferences') || undefined, 30_000);
    await waitFor('the Models page', async () => {
      await pressAccessible(display, 'Preferences', 'Models');
      return true;
    }, 20_000);
    const names = await waitFor('the installed model row', async () => {
      const window = (await accessibleTree(display)).children.find((node) => node.name === 'Preferences');
      const shown = window ? namesIn(window) : [];
      return shown.includes(MODEL_NAME) ? shown : undefined;
    }, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 800));
    await screenshot(display, 'preferences-models');
    const line = names.find((name) => name.startsWith('Chat'));
    assert.ok(line, `names shown: ${JSON.stringify(names)}`);
    assert.match(line, /^Chat · 554\.9 KB · .* · not loaded$/);
    // A chat model is installed: nothing more is offered.
    assert.ok(!names.includes('Download…'));
  });
});
