import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../support/run-cli.js';
import { fixtureSkill } from '../support/skills.js';
import { screenshot, type TestDisplay, startDisplay, waitFor } from './support/display.js';
import { SovereignApp } from './support/sovereign-app.js';

describe('a community skill that crashes', () => {
  let display: TestDisplay;
  let app: SovereignApp;

  before(async () => {
    display = await startDisplay({ width: 1200, height: 800 });
    const installed = runCli(['skill', 'install', fixtureSkill('org.sovereign.test.ExitsAtOnce')], { env: { XDG_DATA_HOME: path.join(display.home, 'data') } });
    assert.equal(installed.status, 0, installed.stderr);
    app = new SovereignApp(display, 'skill-failure');
  });

  after(async () => {
    await app?.stop();
    await display?.close();
  });

  test('the window says which skill stopped working, disables it and keeps running', async () => {
    const window = await app.until('the skill failure toast', (w) => w.toasts.includes('Skill ‘Exits at Once’ stopped working and was disabled'));
    assert.equal(window.toasts.length, 1);
    await screenshot(display, 'skill-failure-toast');
    // Sovereign is still there and answering.
    await waitFor('the window still answering', () => (app.probe()?.window?.firstPaintAt ?? null) !== null || undefined);
    assert.equal(app.ended, false, 'Sovereign is still running');
    const listed = runCli(['skill', 'info', 'org.sovereign.test.ExitsAtOnce', '--json'], { env: { XDG_DATA_HOME: path.join(display.home, 'data') } });
    assert.equal((JSON.parse(listed.stdout) as { status: string }).status, 'failed');
  });
});
