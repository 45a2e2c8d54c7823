import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type dbus from 'dbus-next';
import { call, connect, nameHasOwner, waitFor } from '../../support/dbus-client.js';
import { killGroup, startPrivateSession, type PrivateSession, type PrivateSessionOptions } from '../../support/private-session.js';
import { repoRoot } from '../../support/repo.js';
import { startXvfb } from './xvfb.js';

const run = promisify(execFile);
const driver = path.join(repoRoot, 'tests', 'gnome', 'support', 'nautilus-context-menu.py');
const artifacts = path.join(repoRoot, 'tests', 'artifacts');

export interface NautilusSession {
  session: PrivateSession;
  bus: dbus.MessageBus;
  /** The X display Nautilus (and any window the session opens) shows on. */
  display: string;
  /** Opens (or reuses) the window showing the file's folder, with only that file selected, like "Show in Files". */
  showItem(file: string): Promise<void>;
  /**
   * Opens the context menu of the selected file in the window titled `title`
   * (Shift+F10) and returns its labels; with `choose`, clicks that item.
   */
  contextMenu(title: string, fileName: string, choose?: string): Promise<string[]>;
  stop(): Promise<void>;
}

/**
 * The real Nautilus 43 in a private session under Xvfb, started as GNOME
 * starts it for "Show in Files": `nautilus --gapplication-service`, driven
 * through org.freedesktop.FileManager1 and, for its menus, AT-SPI.
 */
export async function startNautilus(options: PrivateSessionOptions): Promise<NautilusSession> {
  const session = await startPrivateSession(options);
  const cleanups: (() => Promise<void>)[] = [() => session.stop()];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    // No animations. Under Xvfb GTK renders every frame with llvmpipe (software
    // GL); while the directory loads, Nautilus shows an animated "Loading…"
    // spinner. On a busy machine a frame takes longer than the frame interval,
    // so GTK's frame clock (which runs above idle priority) is always due and
    // Nautilus's idle-priority loading callbacks never run: the spinner spins
    // forever and the files never appear. No animation, no endless frames.
    // (GTK 4 on X11 reads this file; the GSettings key needs a settings daemon.)
    const gtkConfig = path.join(session.env['XDG_CONFIG_HOME']!, 'gtk-4.0');
    fs.mkdirSync(gtkConfig, { recursive: true });
    fs.writeFileSync(path.join(gtkConfig, 'settings.ini'), '[Settings]\ngtk-enable-animations=false\n');

    const xvfb = await startXvfb();
    cleanups.push(() => xvfb.stop());
    const env: NodeJS.ProcessEnv = { ...session.env, DISPLAY: xvfb.display, GDK_BACKEND: 'x11' };
    // Nautilus must publish its widgets on the accessibility bus for the driver to read its menus.
    delete env['NO_AT_BRIDGE'];

    const bus = connect(session.busAddress);
    cleanups.push(async () => bus.disconnect());
    await startAccessibilityBus(bus);

    const log = fs.openSync(path.join(session.root, 'nautilus.log'), 'w');
    const nautilus: ChildProcess = spawn('nautilus', ['--gapplication-service'], { env, stdio: ['ignore', log, log], detached: true });
    fs.closeSync(log);
    cleanups.push(() => killGroup(nautilus));
    const exited = new Promise<never>((_, reject) =>
      nautilus.once('exit', (code, signal) => reject(new Error(`nautilus exited (${code ?? signal}): ${nautilusLog(session)}`))),
    );
    exited.catch(() => undefined);
    await Promise.race([
      exited,
      waitFor('Nautilus to own org.freedesktop.FileManager1', async () => ((await nameHasOwner(bus, 'org.freedesktop.FileManager1')) ? true : undefined), 60_000, 200),
    ]);

    return {
      session,
      bus,
      display: xvfb.display,
      stop,
      showItem: async (file) => {
        await call(bus, {
          destination: 'org.freedesktop.FileManager1',
          path: '/org/freedesktop/FileManager1',
          interface: 'org.freedesktop.FileManager1',
          member: 'ShowItems',
          signature: 'ass',
          body: [[pathToFileURL(file).href], ''],
        });
      },
      contextMenu: async (title, fileName, choose) => {
        const args = [driver, title, fileName, '--timeout', '60', ...(choose === undefined ? [] : ['--choose', choose])];
        const { stdout } = await run('/usr/bin/python3', args, { env, timeout: 90_000 }).catch(
          (error: { stdout?: string; message: string }) => ({ stdout: error.stdout || JSON.stringify({ ok: false, error: error.message }) }),
        );
        const result = JSON.parse(stdout.trim().split('\n').pop()!) as { ok: boolean; items?: string[]; error?: string };
        if (!result.ok) {
          const shot = await screenshot(env, fileName);
          throw new Error(`driving Nautilus failed: ${result.error} (screen: ${shot}; ${nautilusLog(session)})`);
        }
        return result.items ?? [];
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Starts the accessibility bus and its registry before Nautilus: GTK binds to
 * the accessibility bus when it opens the display, and this way its startup
 * does not also wait for two activations on a busy machine.
 */
async function startAccessibilityBus(bus: dbus.MessageBus): Promise<void> {
  const [address] = await call(bus, { destination: 'org.a11y.Bus', path: '/org/a11y/bus', interface: 'org.a11y.Bus', member: 'GetAddress' });
  const a11y = connect(address as string);
  try {
    await call(a11y, {
      destination: 'org.freedesktop.DBus',
      path: '/org/freedesktop/DBus',
      interface: 'org.freedesktop.DBus',
      member: 'StartServiceByName',
      signature: 'su',
      body: ['org.a11y.atspi.Registry', 0],
    });
  } finally {
    a11y.disconnect();
  }
}

async function screenshot(env: NodeJS.ProcessEnv, label: string): Promise<string> {
  fs.mkdirSync(artifacts, { recursive: true });
  const file = path.join(artifacts, `nautilus-${label.replace(/[^\w.-]/g, '_')}-${Date.now()}.png`);
  try {
    await run('import', ['-window', 'root', file], { env, timeout: 20_000 });
    return file;
  } catch (error) {
    return `none (${(error as Error).message})`;
  }
}

function nautilusLog(session: PrivateSession): string {
  try {
    return `nautilus.log: ${fs.readFileSync(path.join(session.root, 'nautilus.log'), 'utf8').slice(-2000)}`;
  } catch {
    return 'no nautilus.log';
  }
}
