import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { APP_ID } from '../../src/core/index.js';
import { repoRoot } from '../support/repo.js';
import { silenceWav, speechWav } from '../support/speech-wav.js';
import { tempDir } from '../support/store.js';
import { startTestSoundServer, TEST_MICROPHONE, type TestSoundServer } from '../support/test-sound-server.js';
import { accessibleTree, namesIn, pressAccessible } from './support/accessible-tree.js';
import { screenshot, startDisplay, waitFor, xdotool, type TestDisplay } from './support/display.js';
import { widenPreferences } from './support/preferences-window.js';
import { SovereignApp, appEnv } from './support/sovereign-app.js';

const run = promisify(execFile);

/** The values a screen reader reads for the widgets with this name in Preferences. */
async function valuesOf(display: TestDisplay, name: string): Promise<number[]> {
  const script = path.join(repoRoot, 'tests', 'ui', 'support', 'atspi-value.py');
  const { stdout } = await run('/usr/bin/python3', [script, APP_ID, 'Preferences', name], { env: display.env, timeout: 30_000 });
  return JSON.parse(stdout) as number[];
}

async function namesInPreferences(display: TestDisplay): Promise<string[]> {
  const window = (await accessibleTree(display)).children.find((node) => node.name === 'Preferences');
  return window ? namesIn(window) : [];
}

describe('Preferences › Voice', () => {
  let display: TestDisplay;
  let app: SovereignApp;
  let sound: TestSoundServer;
  const dir = tempDir('sov-voice-ui-');
  const speech = speechWav(dir, 'Open my research notes and read me the summary of last week, then tell me what is due on Friday.');
  const silence = silenceWav(dir, 20);

  before(async () => {
    sound = await startTestSoundServer();
    display = await startDisplay({ width: 1200, height: 900 });
    // Preferences is read and pressed through AT-SPI.
    delete display.env['NO_AT_BRIDGE'];
    // The test microphone was chosen on an earlier visit to Preferences.
    await run('gsettings', ['set', APP_ID, 'voice-input-device', TEST_MICROPHONE], { env: appEnv(display, '/dev/null') });
    app = new SovereignApp(display, 'voice', { env: { PULSE_SERVER: sound.env['PULSE_SERVER'] } });
    await app.until('the window', () => true);
  });

  after(async () => {
    await app?.stop();
    await display?.close();
    await sound?.stop();
  });

  test('the Voice page shows the chosen microphone, and its level meter rises while someone speaks into it', async () => {
    await xdotool(display, 'key', 'ctrl+comma');
    // With five pages Preferences at its default width puts the page switcher at the bottom.
    await widenPreferences(display);
    await waitFor('the Voice page', async () => {
      await pressAccessible(display, 'Preferences', 'Voice');
      return true;
    }, 30_000);
    const names = await waitFor('the test microphone in the device row', async () => {
      const shown = await namesInPreferences(display);
      return shown.includes('Monitor of Null Output') ? shown : undefined;
    }, 30_000);
    // The default voice is shown by its name, as espeak-ng lists it.
    for (const label of ['English (America) (en-us)', 'Input Device', 'Input Level', 'Speaking Voice', 'Speaking Rate', 'Test Voice', 'Push to Talk', 'Hold to Talk']) assert.ok(names.includes(label), `${label} missing from ${JSON.stringify(names)}`);

    // Silence first: the meter stays at the bottom.
    const silent = sound.startPlaying(silence);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const quiet = await valuesOf(display, 'Input Level');
    assert.equal(quiet.length, 1, 'one level meter');
    assert.ok(quiet[0]! < 0.1, `the meter shows ${quiet[0]} during silence`);

    const speaking = sound.play(speech);
    const loud = await waitFor('the meter to rise with the speech', async () => {
      const [value] = await valuesOf(display, 'Input Level');
      return value !== undefined && value > 0.4 ? value : undefined;
    }, 20_000);
    await screenshot(display, 'preferences-voice-level');
    assert.ok(loud > 0.4);
    await speaking;
    silent.kill();
  });

  test('Test Voice speaks through the sound server: the microphone listening to that speaker hears it', async () => {
    await waitFor('the meter to settle after the speech', async () => ((await valuesOf(display, 'Input Level'))[0]! < 0.1 ? true : undefined), 20_000);
    await pressAccessible(display, 'Preferences', 'Test Voice', 'push button');
    const heard = await waitFor('the spoken test on the meter', async () => {
      const [value] = await valuesOf(display, 'Input Level');
      return value !== undefined && value > 0.4 ? value : undefined;
    }, 20_000);
    assert.ok(heard > 0.4);
  });

  test('the wake phrase is off and asks for a wake-word model the user supplies; none ships', async () => {
    const names = await namesInPreferences(display);
    for (const label of ['Wake-Word Model (file or folder)', 'Listen for Wake Phrase']) assert.ok(names.includes(label), `${label} missing`);
    await pressAccessible(display, 'Preferences', 'Listen for Wake Phrase', 'switch').catch(() => undefined);
    const { stdout } = await run('gsettings', ['get', APP_ID, 'voice-wake-phrase-enabled'], { env: appEnv(display, '/dev/null') });
    assert.equal(stdout.trim(), 'false', 'the wake phrase switched on with no model');
    await xdotool(display, 'mousemove', '280', '400');
    for (let i = 0; i < 6; i++) await xdotool(display, 'click', '5');
    await new Promise((resolve) => setTimeout(resolve, 600));
    await screenshot(display, 'preferences-voice-listening');
  });

  test('closing Preferences stops listening: no capture process outlives the page', async () => {
    const captures = async () => (await run('pgrep', ['-P', String(app.child.pid), 'gst-launch-1.0']).catch(() => ({ stdout: '' }))).stdout.trim();
    assert.notEqual(await captures(), '', 'the meter records while the page is open');
    await xdotool(display, 'key', 'Escape');
    await waitFor('Preferences closed and capture stopped', async () => ((await namesInPreferences(display)).length === 0 && (await captures()) === '') || undefined, 20_000);
  });
});
