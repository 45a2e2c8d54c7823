import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { artifactsDir } from '../../support/repo.js';

const run = promisify(execFile);

export interface TestDisplay {
  /** e.g. ":42" */
  display: string;
  /** A private session bus for this display's apps. */
  busAddress: string;
  /** Environment for processes that should use this display and bus. */
  env: NodeJS.ProcessEnv;
  home: string;
  close(): Promise<void>;
}

/**
 * Starts Xvfb on a free display (chosen by Xvfb itself through -displayfd)
 * and a private dbus-daemon, with a private HOME and XDG dirs, so test files
 * can run in parallel without seeing each other or the user's session.
 */
export async function startDisplay(options: { width?: number; height?: number } = {}): Promise<TestDisplay> {
  const width = options.width ?? 1400;
  const height = options.height ?? 900;
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-ui-'));
  const children: ChildProcess[] = [];
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp', '-noreset'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
  });
  children.push(xvfb);
  const displayNumber = await firstLine(xvfb.stdio[3] as NodeJS.ReadableStream, 10_000, 'Xvfb did not report its display');
  const display = `:${displayNumber.trim()}`;

  const xdg = (name: string) => {
    const dir = path.join(home, name);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    return dir;
  };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DISPLAY: display,
    GDK_BACKEND: 'x11',
    HOME: home,
    XDG_CONFIG_HOME: xdg('config'),
    XDG_DATA_HOME: xdg('data'),
    XDG_CACHE_HOME: xdg('cache'),
    XDG_STATE_HOME: xdg('state'),
    XDG_RUNTIME_DIR: xdg('runtime'),
    GSETTINGS_BACKEND: 'keyfile',
    NO_AT_BRIDGE: '1',
    LANG: 'C.UTF-8',
  };
  delete env['WAYLAND_DISPLAY'];
  delete env['DBUS_SESSION_BUS_ADDRESS'];
  // The bus starts the services it activates (the AT-SPI bus launcher among them) with its own
  // environment: with the runner's HOME, two test files at once would share ~/.cache/at-spi/bus.
  const dbus = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1', '--nopidfile'], { stdio: ['ignore', 'pipe', 'ignore'], env });
  children.push(dbus);
  const busAddress = (await firstLine(dbus.stdout!, 10_000, 'dbus-daemon did not report its address')).trim();
  env['DBUS_SESSION_BUS_ADDRESS'] = busAddress;
  // Under Xvfb GTK draws on the CPU; on a loaded machine a continuous
  // animation (a spinner) can keep the frame clock busy enough that idle
  // callbacks never run. GTK 4 on X11 reads this file (the GSettings key
  // would need a settings daemon).
  const gtkConfig = path.join(env['XDG_CONFIG_HOME']!, 'gtk-4.0');
  fs.mkdirSync(gtkConfig, { recursive: true });
  fs.writeFileSync(path.join(gtkConfig, 'settings.ini'), '[Settings]\ngtk-enable-animations=false\n');
  return {
    display,
    busAddress,
    env,
    home,
    close: async () => {
      for (const child of children.reverse()) child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 100));
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

function firstLine(stream: NodeJS.ReadableStream, timeoutMs: number, message: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(message)), timeoutMs);
    stream.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const newline = buffer.indexOf('\n');
      if (newline >= 0) {
        clearTimeout(timer);
        resolve(buffer.slice(0, newline));
      }
    });
  });
}

/** Runs xdotool on the display (asynchronously: a blocking call would merge events). */
export async function xdotool(display: TestDisplay, ...args: string[]): Promise<string> {
  const { stdout } = await run('xdotool', args, { env: display.env });
  return stdout.trim();
}

/** Saves a screenshot of the whole screen to tests/artifacts/<name>.png and returns its path. */
export async function screenshot(display: TestDisplay, name: string): Promise<string> {
  fs.mkdirSync(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${name}.png`);
  await run('import', ['-display', display.display, '-window', 'root', file], { env: display.env });
  return file;
}

/** The colour of one screen pixel as [r, g, b] (0-255), read with ImageMagick. */
export async function pixelAt(display: TestDisplay, x: number, y: number): Promise<[number, number, number]> {
  const { stdout } = await run(
    'import',
    ['-display', display.display, '-window', 'root', '-crop', `1x1+${x}+${y}`, '-depth', '8', 'txt:-'],
    { env: display.env },
  );
  const match = /\((\d+),(\d+),(\d+)/.exec(stdout.split('\n')[1] ?? '');
  if (!match) throw new Error(`cannot read pixel ${x},${y}: ${stdout}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

export async function waitFor<T>(what: string | (() => string), probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}${last ? `: ${(last as Error).message}` : ''}`);
}
