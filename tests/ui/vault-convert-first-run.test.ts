import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { accessibleTree, namesIn, pressAccessible } from './support/accessible-tree.js';
import { screenshot, startDisplay, waitFor, xdotool, type TestDisplay } from './support/display.js';
import { typeText } from './support/keyboard.js';
import { SovereignApp } from './support/sovereign-app.js';

const PASSPHRASE = 'amber field 3 compass';
const RECOVERY_KEY = /^[0-9a-f]{5}(?:-[0-9a-f]{5}){7}$/;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('encrypting a new workspace at its first run', () => {
  let display: TestDisplay;
  let first: SovereignApp;
  let next: SovereignApp | undefined;
  let successor = 0;
  const shownNames = async () => (await accessibleTree(display)).children.flatMap((window) => namesIn(window));
  const shows = (name: string, timeoutMs = 60_000) =>
    waitFor(`“${name}” shown`, async () => (await shownNames()).includes(name) || undefined, timeoutMs).catch(async (error: unknown) => {
      await screenshot(display, 'vault-first-run-failed');
      throw new Error(`${String(error)}; shown: ${JSON.stringify(await shownNames())}; app: ${first.output.join('').slice(-3000)}`);
    });

  before(async () => {
    display = await startDisplay({ width: 1400, height: 900 });
    delete display.env['NO_AT_BRIDGE'];
    first = new SovereignApp(display, 'vault-first-run');
    await first.until('the empty state', (w) => w.view === 'empty');
  });

  after(async () => {
    await first?.stop();
    await next?.stop();
    if (successor && alive(successor)) process.kill(successor, 'SIGKILL');
    await display?.close();
  });

  test('“Encrypt with a Passphrase…” on the empty workspace shows the recovery key, and the next start asks for the passphrase', async () => {
    await shows('Encrypt with a Passphrase…');
    await screenshot(display, 'vault-first-run-empty');
    await pressAccessible(display, 'Sovereign', 'Encrypt with a Passphrase…');
    await shows('Repeat New Passphrase');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await typeText(display, PASSPHRASE);
    await xdotool(display, 'key', 'Tab');
    await typeText(display, PASSPHRASE);
    await xdotool(display, 'key', 'Return');
    successor = await waitFor('the process that converts', () => {
      const match = /converting the workspace in process (\d+)/.exec(first.output.join(''));
      return match ? Number(match[1]) : undefined;
    });
    assert.equal(await first.exited(60_000), 0, 'the first window quit');
    await shows('Your Recovery Key', 120_000);
    assert.ok((await shownNames()).some((name) => RECOVERY_KEY.test(name)), 'the recovery key is shown');
    await screenshot(display, 'vault-first-run-recovery-key');
    fs.rmSync(first.probeFile, { force: true });
    await pressAccessible(display, 'Encrypting the Workspace', 'Open Workspace');
    await waitFor('the empty vault open', () => {
      try {
        return (JSON.parse(fs.readFileSync(first.probeFile, 'utf8')) as { window?: { view?: string } }).window?.view === 'empty' || undefined;
      } catch {
        return undefined;
      }
    }, 90_000);
    assert.ok(!(await shownNames()).includes('Encrypt with a Passphrase…'), 'a vault offers no encryption again');
    process.kill(successor, 'SIGTERM');
    await waitFor('the vault window closed', () => !alive(successor) || undefined, 60_000);

    next = new SovereignApp(display, 'vault-first-run-next');
    await shows('Unlock Sovereign', 90_000);
    await screenshot(display, 'vault-first-run-locked');
  });
});
