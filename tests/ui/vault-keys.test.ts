import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { accessibleTree, namesIn, pressAccessible } from './support/accessible-tree.js';
import { screenshot, startDisplay, waitFor, xdotool, type TestDisplay } from './support/display.js';
import { typeText } from './support/keyboard.js';
import { SovereignApp, appEnv, seedWorkspace } from './support/sovereign-app.js';
import { cliEntry } from '../support/repo.js';

const run = promisify(execFile);
const FIRST = 'plum tree 42 harbour';
const SECOND = 'quiet river 7 lantern';
const THIRD = 'amber field 3 compass';
const WRONG = 'The vault did not open: the passphrase is wrong, or vault.json was altered.';

/** Every name the app shows in any of its windows (the dialogs included). */
async function shownNames(display: TestDisplay): Promise<string[]> {
  return (await accessibleTree(display)).children.flatMap((window) => namesIn(window));
}

describe('the vault’s keys in the window', () => {
  let display: TestDisplay;
  let app: SovereignApp;
  let recoveryKey = '';
  const shows = (name: string, timeoutMs = 30_000) =>
    waitFor(`“${name}” shown`, async () => (await shownNames(display)).includes(name) || undefined, timeoutMs).catch(async (error: unknown) => {
      await screenshot(display, 'vault-keys-failed');
      throw new Error(`${String(error)}; shown: ${JSON.stringify(await shownNames(display))}; app: ${app.output.join('').slice(-2000)}`);
    });
  const gone = (name: string, timeoutMs = 30_000) => waitFor(`“${name}” gone`, async () => !(await shownNames(display)).includes(name) || undefined, timeoutMs);
  /** Types into the focused entry, then Tab to the next one. */
  const typeFields = async (...values: string[]) => {
    for (const [index, value] of values.entries()) {
      await typeText(display, value);
      if (index < values.length - 1) await xdotool(display, 'key', 'Tab');
    }
  };

  before(async () => {
    display = await startDisplay({ width: 1400, height: 900 });
    delete display.env['NO_AT_BRIDGE'];
    await seedWorkspace(display, 'sample');
    const passphraseFile = path.join(display.home, 'passphrase');
    fs.writeFileSync(passphraseFile, `${FIRST}\n`);
    const created = await run(process.execPath, [cliEntry, 'vault', 'create', '--passphrase-file', passphraseFile], { env: appEnv(display, path.join(display.home, 'cli-probe.json')), timeout: 120_000 });
    recoveryKey = /[0-9a-f]{5}(?:-[0-9a-f]{5}){7}/.exec(created.stdout)?.[0] ?? '';
    assert.notEqual(recoveryKey, '', `the CLI printed a recovery key: ${created.stdout}`);
    app = new SovereignApp(display, 'vault-keys');
  });

  after(async () => {
    await app?.stop();
    await display?.close();
  });

  test('“Use Recovery Key…” unlocks with the printed key, then a new passphrase can be set', async () => {
    await shows('Unlock Sovereign', 90_000);
    // From the passphrase entry, Tab reaches the first button (AT-SPI's press reaches the copy Adwaita keeps for narrow dialogs).
    await new Promise((resolve) => setTimeout(resolve, 500));
    await xdotool(display, 'key', 'Tab', 'space');
    await shows('Recovery Key');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await typeText(display, recoveryKey);
    await screenshot(display, 'vault-keys-recovery');
    await xdotool(display, 'key', 'Return');
    await shows('Set a New Passphrase?', 60_000);
    await app.until('the documents after the recovery-key unlock', (w) => w.documents > 0, 90_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await typeFields(SECOND, SECOND);
    await screenshot(display, 'vault-keys-new-passphrase');
    await xdotool(display, 'key', 'Return');
    await gone('Set a New Passphrase?', 60_000);
  });

  test('Preferences › Vault shows the key derivation; Change Passphrase… makes the new passphrase unlock and the old one fail', async () => {
    await xdotool(display, 'key', 'ctrl+comma');
    await shows('Vault');
    await pressAccessible(display, 'Preferences', 'Vault');
    await shows('Change Passphrase…');
    const names = await shownNames(display);
    assert.ok(
      names.some((name) => name.includes('Argon2id')),
      'the Argon2id parameters are shown',
    );
    await screenshot(display, 'vault-keys-preferences');
    await pressAccessible(display, 'Preferences', 'Change Passphrase…');
    await shows('Current Passphrase');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await typeFields(SECOND, THIRD, THIRD);
    await screenshot(display, 'vault-keys-change-dialog');
    await xdotool(display, 'key', 'Return');
    // The dialog closes only once the key is re-wrapped (a refusal keeps it open with the reason).
    await gone('Current Passphrase', 60_000);
    await screenshot(display, 'vault-keys-changed');
    await xdotool(display, 'key', 'Escape');
    await gone('Change Passphrase…');

    await run(process.execPath, [cliEntry, 'vault', 'lock'], { env: appEnv(display, path.join(display.home, 'cli-probe.json')), timeout: 120_000 });
    await shows('Unlock Sovereign');
    await new Promise((resolve) => setTimeout(resolve, 500));
    await typeText(display, SECOND);
    await xdotool(display, 'key', 'Return');
    await shows(WRONG);
    assert.equal(app.probe()?.window?.documents ?? 0, 0);
    await typeText(display, THIRD);
    await xdotool(display, 'key', 'Return');
    await app.until('the documents with the new passphrase', (w) => w.documents > 0, 90_000);
    await gone('Unlock Sovereign');
  });

  test('New Recovery Key… shows a new key after the passphrase; the printed one stops working', async () => {
    await xdotool(display, 'key', 'ctrl+comma');
    await shows('Vault');
    await pressAccessible(display, 'Preferences', 'Vault');
    await shows('New Recovery Key…');
    await pressAccessible(display, 'Preferences', 'New Recovery Key…');
    await shows('Make New Key');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await typeText(display, THIRD);
    await xdotool(display, 'key', 'Return');
    await shows('Your Recovery Key', 60_000);
    await screenshot(display, 'vault-keys-recovery-key');
    const shownKey = (await shownNames(display)).find((name) => /^[0-9a-f]{5}(?:-[0-9a-f]{5}){7}$/.test(name));
    assert.ok(shownKey, 'the new key is shown');
    assert.notEqual(shownKey, recoveryKey);
    // The printed key no longer resets the passphrase (the command line reads the same vault.json).
    const oldKeyFile = path.join(display.home, 'old-recovery-key');
    const newPassphraseFile = path.join(display.home, 'new-passphrase');
    fs.writeFileSync(oldKeyFile, `${recoveryKey}\n`);
    fs.writeFileSync(newPassphraseFile, 'never set 9 times\n');
    const reset = run(process.execPath, [cliEntry, 'vault', 'reset-passphrase', '--recovery-key-file', oldKeyFile, '--new-passphrase-file', newPassphraseFile], {
      env: appEnv(display, path.join(display.home, 'cli-probe.json')),
      timeout: 120_000,
    });
    await assert.rejects(reset, (error: { stderr?: string }) => (error.stderr ?? '').includes('the recovery key is wrong'));
  });
});
