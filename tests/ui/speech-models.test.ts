import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SpeechModelStore } from '../../src/voice/speech-model-store.js';
import { generatedWhisperModel } from '../support/whisper-models.js';
import { accessibleTree, namesIn, pressAccessible } from './support/accessible-tree.js';
import { screenshot, startDisplay, waitFor, xdotool, type TestDisplay } from './support/display.js';
import { SovereignApp } from './support/sovereign-app.js';

const CATALOG_TITLE = 'Whisper Tiny Mirror';

describe('speech models on Preferences › Models', () => {
  let display: TestDisplay;
  let app: SovereignApp;
  let server: http.Server;
  let modelsDir: string;
  const whisperFile = generatedWhisperModel();

  /** The accessible names shown in Preferences, once `ready` holds for them. */
  const preferencesShowing = (what: string, ready: (names: string[]) => boolean) =>
    waitFor(what, async () => {
      const window = (await accessibleTree(display)).children.find((node) => node.name === 'Preferences');
      const names = window ? namesIn(window) : [];
      return ready(names) ? names : undefined;
    }, 60_000);

  /** Answers the removal question for `name` with Remove. */
  async function confirmRemoval(name: string): Promise<void> {
    // The dialog's buttons reach AT-SPI a moment after its heading does: press until one answers.
    // Adw.MessageDialog names each response button by its id and its label ("Remove Remove").
    await waitFor(`Remove pressed in the question about ${name}`, async () => {
      const dialog = (await accessibleTree(display)).children.find((node) => namesIn(node).includes(`Remove ${name}?`));
      if (!dialog) return undefined;
      return pressAccessible(display, dialog.name, 'Remove Remove', 'push button').then(
        () => true,
        () => undefined,
      );
    }, 20_000);
  }

  const chosen = () => (JSON.parse(fs.readFileSync(path.join(modelsDir, 'roles.json'), 'utf8')) as { speech?: string }).speech;

  before(async () => {
    display = await startDisplay({ width: 1400, height: 900 });
    // Preferences is read and pressed through AT-SPI.
    delete display.env['NO_AT_BRIDGE'];
    const whisper = fs.readFileSync(whisperFile);
    server = http.createServer((req, res) => {
      if (req.url !== '/ggml-tiny.bin') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-length': whisper.length });
      res.end(req.method === 'HEAD' ? undefined : whisper);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ggml-tiny.bin`;
    const catalog = path.join(display.home, 'catalog.json');
    const sha256 = createHash('sha256').update(whisper).digest('hex');
    fs.writeFileSync(catalog, JSON.stringify({ speech: [{ name: 'ggml-tiny', title: CATALOG_TITLE, size: 'tiny', sizeBytes: whisper.length, url, sha256 }] }));
    modelsDir = path.join(display.home, 'data', 'sovereign', 'models');
    const store = new SpeechModelStore(modelsDir);
    await store.add(whisperFile, { name: 'first-speech' });
    await store.add(whisperFile, { name: 'second-speech' });
    app = new SovereignApp(display, 'speech-models', { config: `[ai]\ncatalog = "${catalog}"\n` });
  });

  after(async () => {
    await app?.stop();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await display?.close();
  });

  test('the installed speech models are listed with their whisper size, the one in use marked Active; Make Active switches it', async () => {
    await app.until('the window', (state) => state !== undefined, 120_000);
    await waitFor('the Models page', async () => {
      if (!(await accessibleTree(display)).children.some((node) => node.name === 'Preferences')) await xdotool(display, 'key', 'ctrl+comma');
      await pressAccessible(display, 'Preferences', 'Models');
      return true;
    }, 60_000);
    const names = await preferencesShowing('the speech models', (shown) => shown.includes('first-speech') && shown.includes('second-speech'));
    assert.ok(names.includes('Speech Models'), JSON.stringify(names));
    // The generated model has whisper tiny's shape and 51865 tokens (multilingual); nothing was chosen, so the first by name is in use.
    assert.equal(names.filter((name) => /^Active · whisper tiny · multilingual · [\d.]+ MB$/.test(name)).length, 1, JSON.stringify(names));
    assert.equal(names.filter((name) => /^whisper tiny · multilingual · [\d.]+ MB$/.test(name)).length, 1, JSON.stringify(names));
    assert.ok(names.includes('Make second-speech the active speech model'), JSON.stringify(names));
    await new Promise((resolve) => setTimeout(resolve, 800));
    await screenshot(display, 'preferences-speech-models');

    await pressAccessible(display, 'Preferences', 'Make second-speech the active speech model');
    await waitFor('second-speech chosen', () => (chosen() === 'second-speech' ? true : undefined), 20_000);
    const after = await preferencesShowing('first-speech offered as active', (shown) => shown.includes('Make first-speech the active speech model'));
    assert.ok(!after.includes('Make second-speech the active speech model'));
  });

  test('removing both speech models asks first, then the page offers the catalog model for this computer, which downloads and becomes active', async () => {
    await pressAccessible(display, 'Preferences', 'Remove second-speech');
    await confirmRemoval('second-speech');
    await preferencesShowing('second-speech gone', (shown) => !shown.includes('second-speech') && shown.includes('first-speech'));
    assert.equal(fs.existsSync(path.join(modelsDir, 'second-speech.bin')), false);
    assert.equal(chosen(), undefined, 'the removed model is still chosen');

    await pressAccessible(display, 'Preferences', 'Remove first-speech');
    await confirmRemoval('first-speech');
    const offered = await preferencesShowing('the speech model offer', (shown) => shown.includes(`Download ${CATALOG_TITLE}`));
    assert.ok(offered.includes(`${CATALOG_TITLE} (whisper tiny)`), JSON.stringify(offered));
    assert.ok(offered.some((name) => /^[\d.]+ MB\. whisper tiny suits a computer with .* of RAM\.$/.test(name)), JSON.stringify(offered));
    await new Promise((resolve) => setTimeout(resolve, 800));
    await screenshot(display, 'preferences-speech-offer');

    await pressAccessible(display, 'Preferences', `Download ${CATALOG_TITLE}`);
    const installed = await preferencesShowing('the downloaded model', (shown) => shown.includes('ggml-tiny'));
    assert.ok(installed.some((name) => /^Active · whisper tiny · multilingual · [\d.]+ MB$/.test(name)), JSON.stringify(installed));
    assert.equal(chosen(), 'ggml-tiny');
    assert.equal(createHash('sha256').update(fs.readFileSync(path.join(modelsDir, 'ggml-tiny.bin'))).digest('hex'), createHash('sha256').update(fs.readFileSync(whisperFile)).digest('hex'));
    await new Promise((resolve) => setTimeout(resolve, 800));
    await screenshot(display, 'preferences-speech-installed');
  });
});
