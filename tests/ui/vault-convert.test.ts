import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { accessibleTree, namesIn, pressAccessible } from './support/accessible-tree.js';
import { screenshot, startDisplay, waitFor, xdotool, type TestDisplay } from './support/display.js';
import { typeText } from './support/keyboard.js';
import { widenPreferences } from './support/preferences-window.js';
import { SovereignApp, appEnv, type ProbeState } from './support/sovereign-app.js';
import { cliEntry, repoRoot } from '../support/repo.js';

const run = promisify(execFile);
const PASSPHRASE = 'plum tree 42 harbour';
/** Written by tests/support/vault-workspace.ts seed: words no other file holds. */
const KNOWN_TITLE = 'Quokka Harbour Accord';
const KNOWN_PHRASE = 'the lighthouse keeper signs on Thursday 7719';
const RECOVERY_KEY = /^[0-9a-f]{5}(?:-[0-9a-f]{5}){7}$/;
const helper = path.join(repoRoot, 'build', 'tests', 'support', 'vault-workspace.js');

function filesHolding(dir: string, text: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && fs.readFileSync(path.join(entry.parentPath, entry.name)).includes(text))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The process `parent` started whose command line holds `marker` (the conversion's `vault create`). */
function childWith(parent: number, marker: string): number | undefined {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent && fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) return Number(entry);
    } catch {
      // The process ended while being read.
    }
  }
  return undefined;
}

describe('encrypting a plain workspace from Preferences › Vault', () => {
  let display: TestDisplay;
  let first: SovereignApp;
  let dataDir = '';
  let probeFile = '';
  /** The processes that took over from the window (each conversion starts one). */
  const successors: number[] = [];

  const shownNames = async () => (await accessibleTree(display)).children.flatMap((window) => namesIn(window));
  const shows = (name: string, timeoutMs = 60_000) =>
    waitFor(`“${name}” shown`, async () => (await shownNames()).includes(name) || undefined, timeoutMs).catch(async (error: unknown) => {
      await screenshot(display, 'vault-convert-failed');
      throw new Error(`${String(error)}; shown: ${JSON.stringify(await shownNames())}; app: ${first.output.join('').slice(-3000)}`);
    });
  const windowState = (what: string, predicate: (window: NonNullable<ProbeState['window']>) => boolean, timeoutMs = 90_000) =>
    waitFor(
      what,
      () => {
        try {
          const window = (JSON.parse(fs.readFileSync(probeFile, 'utf8')) as ProbeState).window;
          return window && predicate(window) ? window : undefined;
        } catch {
          return undefined;
        }
      },
      timeoutMs,
    );

  /** The window `pid` shows, focused: with no window manager nothing gives it the keyboard after the conversion window closes. */
  async function focusWindowOf(pid: number): Promise<void> {
    const id = await waitFor('the workspace window', async () => (await xdotool(display, 'search', '--onlyvisible', '--pid', String(pid), '--name', '^Sovereign$').catch(() => '')).split('\n').find(Boolean));
    await xdotool(display, 'windowfocus', '--sync', id.trim());
  }

  /** In the window of `pid`, searching "lighthouse" lists the known note. */
  async function searchFindsTheNote(pid: number): Promise<void> {
    await focusWindowOf(pid);
    await xdotool(display, 'key', 'ctrl+f');
    await windowState('the search entry focused', (w) => w.search.visible && w.search.focused);
    await xdotool(display, 'key', '--delay', '40', ...'lighthouse'.split(''));
    const found = await windowState('the note found', (w) => w.search.resultsQuery === 'lighthouse' && w.search.results.length > 0);
    assert.ok(found.search.results.includes('accord'), `the known note is found: ${JSON.stringify(found.search.results)}`);
  }

  /** Preferences › Vault › Encrypt This Workspace… with the passphrase twice; returns the process that took over. */
  async function askToEncrypt(): Promise<number> {
    const before = first.output.join('').length;
    await xdotool(display, 'key', 'ctrl+comma');
    await shows('Vault');
    await widenPreferences(display);
    await pressAccessible(display, 'Preferences', 'Vault');
    await shows('Encrypt This Workspace…');
    await screenshot(display, 'vault-convert-preferences');
    await pressAccessible(display, 'Preferences', 'Encrypt This Workspace…');
    await shows('Repeat New Passphrase');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await typeText(display, PASSPHRASE);
    await xdotool(display, 'key', 'Tab');
    await typeText(display, PASSPHRASE);
    await screenshot(display, 'vault-convert-dialog');
    await xdotool(display, 'key', 'Return');
    const pid = await waitFor('the process that converts', () => {
      const match = /converting the workspace in process (\d+)/.exec(first.output.join('').slice(before));
      return match ? Number(match[1]) : undefined;
    });
    successors.push(pid);
    return pid;
  }

  before(async () => {
    display = await startDisplay({ width: 1400, height: 900 });
    delete display.env['NO_AT_BRIDGE'];
    dataDir = path.join(display.home, 'data', 'sovereign');
    fs.mkdirSync(dataDir, { recursive: true });
    await run(process.execPath, [helper, 'seed', dataDir, '-'], { env: display.env, timeout: 120_000 });
    first = new SovereignApp(display, 'vault-convert');
    probeFile = first.probeFile;
    await first.until('the plain workspace', (w) => w.documents > 0);
  });

  after(async () => {
    await first?.stop();
    for (const pid of successors) {
      if (!alive(pid)) continue;
      process.kill(pid, 'SIGTERM');
      await waitFor('the converted window closed', () => !alive(pid) || undefined, 30_000).catch(() => process.kill(pid, 'SIGKILL'));
    }
    await display?.close();
  });

  test('a kill -9 of the converting process says the workspace was not encrypted, and it opens as before with the note', async () => {
    const successor = await askToEncrypt();
    assert.equal(await first.exited(60_000), 0, 'the window quit to let the conversion run');
    // From here the probe is the new process's (it inherited the file's name).
    fs.rmSync(probeFile, { force: true });
    const converter = await waitFor('the conversion started', () => childWith(successor, '--progress-lines'), 60_000);
    // Killed once it has begun the sealed copy (its key file is written first).
    await waitFor('the sealed copy begun', () => fs.existsSync(path.join(dataDir, 'vault-conversion', 'vault.json')) || undefined, 60_000);
    process.kill(converter, 'SIGKILL');
    await shows('The Workspace Was Not Encrypted');
    await screenshot(display, 'vault-convert-killed');
    assert.equal(fs.existsSync(path.join(dataDir, 'vault.json')), false, 'the workspace is still plain');
    await pressAccessible(display, 'Encrypting the Workspace', 'Open Workspace');
    await windowState('the plain workspace again', (w) => w.documents > 0);
    await searchFindsTheNote(successor);
    await xdotool(display, 'key', 'Escape');
    await windowState('the search closed', (w) => !w.search.visible);
  });

  test('the app restarts, shows the conversion and the recovery key, then opens the vault with the note; no file holds its words', async () => {
    const previous = successors.at(-1)!;
    const successor = await askToEncrypt();
    await waitFor('the plain window gone', () => !alive(previous) || undefined, 60_000);
    fs.rmSync(probeFile, { force: true });
    await shows('Encrypting the Workspace');
    await screenshot(display, 'vault-convert-progress');
    await shows('Your Recovery Key', 120_000);
    const key = (await shownNames()).find((name) => RECOVERY_KEY.test(name));
    assert.ok(key, 'the recovery key is shown');
    await screenshot(display, 'vault-convert-recovery-key');
    await pressAccessible(display, 'Encrypting the Workspace', 'Open Workspace');
    await windowState('the vault, unlocked', (w) => w.documents > 0);
    assert.ok(!(await shownNames()).includes('Unlock Sovereign'), 'no passphrase is asked again');
    await searchFindsTheNote(successor);
    await screenshot(display, 'vault-convert-opened');

    // Quit, so what the app keeps at exit (its search index, its model snapshot) is written too.
    process.kill(successor, 'SIGTERM');
    await waitFor('the vault window closed', () => !alive(successor) || undefined, 60_000);
    for (const dir of [dataDir, path.join(display.home, 'cache')].filter((folder) => fs.existsSync(folder))) {
      assert.deepEqual(filesHolding(dir, KNOWN_PHRASE), [], `no file under ${dir} holds the note's text`);
      assert.deepEqual(filesHolding(dir, KNOWN_TITLE), [], `no file under ${dir} holds the note's title`);
    }
    const status = await run(process.execPath, [cliEntry, 'vault', 'status'], { env: appEnv(display, path.join(display.home, 'cli-probe.json')), timeout: 60_000 });
    assert.match(status.stdout, /is an encrypted vault/);
    const dump = await run(process.execPath, [helper, 'dump', dataDir, PASSPHRASE], { env: display.env, timeout: 120_000 });
    assert.ok(dump.stdout.includes(KNOWN_PHRASE), 'the passphrase set in the window opens the note');
  });
});
