import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { cliEntry } from './repo.js';

/**
 * A private desktop session for one test file: its own HOME and XDG dirs in a
 * temp folder, and its own session dbus-daemon whose service files come from
 * <root>/share (first in XDG_DATA_DIRS). Sovereign's D-Bus service file there
 * points at this checkout's build, so a call to org.sovereign.Sovereign
 * D-Bus-activates the service under test. Nothing touches the real session.
 */
export interface PrivateSession {
  root: string;
  /** The environment of every process in the session (the bus daemon passes it to activated services). */
  env: NodeJS.ProcessEnv;
  /** Private share dir, first in XDG_DATA_DIRS. */
  shareDir: string;
  busAddress: string;
  /** Writes a file under the share dir (desktop files, search-provider ini, extensions). */
  addDataFile(relative: string, content: string): string;
  stop(): Promise<void>;
}

export interface PrivateSessionOptions {
  /** Extra environment for the session (SOVEREIGN_TEST_HOOKS, DBUS_SYSTEM_BUS_ADDRESS…). */
  env?: NodeJS.ProcessEnv;
  /** Written to $XDG_CONFIG_HOME/sovereign/config.toml. */
  configToml?: string;
  /** Extra files under the share dir, relative path → content. */
  dataFiles?: Record<string, string>;
  /** Keep /usr/share in XDG_DATA_DIRS (system services such as AT-SPI, schemas, icons). Default true. */
  systemData?: boolean;
}

export async function startPrivateSession(options: PrivateSessionOptions = {}): Promise<PrivateSession> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-session-'));
  const dir = (name: string, mode = 0o755) => {
    const full = path.join(root, name);
    fs.mkdirSync(full, { recursive: true, mode });
    return full;
  };
  const home = dir('home');
  const shareDir = dir('share');
  const runtime = dir('runtime', 0o700);
  fs.chmodSync(runtime, 0o700);
  const configHome = dir('config');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    LANG: 'C.UTF-8',
    HOME: home,
    XDG_CONFIG_HOME: configHome,
    XDG_DATA_HOME: dir('data'),
    XDG_CACHE_HOME: dir('cache'),
    XDG_STATE_HOME: dir('state'),
    XDG_RUNTIME_DIR: runtime,
    XDG_DATA_DIRS: options.systemData === false ? shareDir : `${shareDir}:/usr/local/share:/usr/share`,
    NO_AT_BRIDGE: '1',
    ...options.env,
  };
  if (options.configToml !== undefined) {
    fs.mkdirSync(path.join(configHome, 'sovereign'), { recursive: true });
    fs.writeFileSync(path.join(configHome, 'sovereign', 'config.toml'), options.configToml);
  }
  const addDataFile = (relative: string, content: string): string => {
    const file = path.join(shareDir, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    return file;
  };
  addDataFile(
    'dbus-1/services/org.sovereign.Sovereign.service',
    `[D-BUS Service]\nName=org.sovereign.Sovereign\nExec=${process.execPath} ${cliEntry} --gapplication-service\n`,
  );
  for (const [relative, content] of Object.entries(options.dataFiles ?? {})) addDataFile(relative, content);

  const configFile = path.join(root, 'session.conf');
  fs.writeFileSync(
    configFile,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:path=${path.join(runtime, 'bus')}</listen>
  <auth>EXTERNAL</auth>
  <standard_session_servicedirs/>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`,
  );
  // Its own process group, so stop() also ends every service it activated.
  const daemon = spawn('dbus-daemon', ['--config-file', configFile, '--nofork', '--print-address=1'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const log = fs.createWriteStream(path.join(root, 'session.log'));
  daemon.stderr!.pipe(log);
  const busAddress = await firstLine(daemon, 10_000);
  env['DBUS_SESSION_BUS_ADDRESS'] = busAddress;

  return {
    root,
    env,
    shareDir,
    busAddress,
    addDataFile,
    stop: async () => {
      await killGroup(daemon);
      log.end();
      if (process.env['SOVEREIGN_KEEP_TEST_SESSION'] !== '1') fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

function firstLine(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('dbus-daemon did not print its address')), timeoutMs);
    const lines = readline.createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
    child.once('exit', (code) => reject(new Error(`dbus-daemon exited with ${code}`)));
  });
}

/** Ends a process group we started: SIGTERM, then SIGKILL after a grace period. */
export async function killGroup(child: ChildProcess, graceMs = 2000): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(child.pid, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child.pid!, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  // Activated services share the group and may outlive the daemon by a moment.
  signalGroup(child.pid, 'SIGKILL');
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}
