import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type dbus from 'dbus-next';
import { call, connect, waitFor } from '../../support/dbus-client.js';
import { killGroup, startPrivateSession, type PrivateSession, type PrivateSessionOptions } from '../../support/private-session.js';

/**
 * The real gnome-shell 43, headless (virtual monitor, Wayland only), in a
 * private session with a private system bus. GNOME 43 has no --unsafe-mode,
 * so a test-only extension sets global.context.unsafe_mode, which enables
 * org.gnome.Shell.Eval: the test reads what the Shell displays through it.
 */
export interface ShellSession {
  session: PrivateSession;
  bus: dbus.MessageBus;
  /** Evaluates JavaScript in the Shell and returns its JSON-decoded result. */
  evaluate<T = unknown>(code: string): Promise<T>;
  stop(): Promise<void>;
}

const EXTENSION_UUID = 'unsafe-mode@tests.sovereign';
const EXTENSION = `// Test-only: lets tests call org.gnome.Shell.Eval.
function init() {
  return {
    enable() { global.context.unsafe_mode = true; },
    disable() { global.context.unsafe_mode = false; },
  };
}
`;

export async function startShell(options: PrivateSessionOptions = {}): Promise<ShellSession> {
  const systemBus = await startSystemBus();
  let session: PrivateSession | undefined;
  let shell: ChildProcess | undefined;
  try {
    session = await startPrivateSession({
      ...options,
      env: {
        DBUS_SYSTEM_BUS_ADDRESS: systemBus.address,
        // Settings from a key file written before the Shell starts: no dconf service needed.
        GSETTINGS_BACKEND: 'keyfile',
        ...options.env,
      },
      dataFiles: {
        [`gnome-shell/extensions/${EXTENSION_UUID}/metadata.json`]: JSON.stringify({
          uuid: EXTENSION_UUID,
          name: 'Unsafe mode for tests',
          description: 'Enables org.gnome.Shell.Eval in a test session',
          'shell-version': ['43'],
        }),
        [`gnome-shell/extensions/${EXTENSION_UUID}/extension.js`]: EXTENSION,
        ...options.dataFiles,
      },
    });
    const keyfile = path.join(session.env['XDG_CONFIG_HOME']!, 'glib-2.0', 'settings', 'keyfile');
    fs.mkdirSync(path.dirname(keyfile), { recursive: true });
    fs.writeFileSync(
      keyfile,
      `[org/gnome/shell]\nenabled-extensions=['${EXTENSION_UUID}']\ndisable-user-extensions=false\nwelcome-dialog-last-shown-version='999'\n`,
    );
    const env = { ...session.env };
    delete env['DISPLAY'];
    delete env['WAYLAND_DISPLAY'];
    delete env['NO_AT_BRIDGE'];
    shell = spawn('gnome-shell', ['--headless', '--virtual-monitor', '1280x800', '--wayland', '--no-x11'], {
      env,
      stdio: ['ignore', fs.openSync(path.join(session.root, 'gnome-shell.log'), 'w'), fs.openSync(path.join(session.root, 'gnome-shell.log'), 'a')],
      detached: true,
    });
    const bus = connect(session.busAddress);
    const evaluate = async <T>(code: string): Promise<T> => {
      const [ok, result] = (await call(bus, {
        destination: 'org.gnome.Shell',
        path: '/org/gnome/Shell',
        interface: 'org.gnome.Shell',
        member: 'Eval',
        signature: 's',
        body: [code],
      })) as [boolean, string];
      if (!ok) throw new Error(`Shell Eval failed: ${result}`);
      return (result === '' ? undefined : JSON.parse(result)) as T;
    };
    await waitFor('gnome-shell to answer Eval', async () => ((await evaluate<boolean>('global.context.unsafe_mode')) ? true : undefined), 60_000, 250);
    await waitFor('the Shell to finish starting', async () => ((await evaluate<boolean>('!Main.layoutManager._startingUp')) ? true : undefined), 60_000, 250);
    const started = shell;
    const startedSession = session;
    return {
      session,
      bus,
      evaluate,
      stop: async () => {
        bus.disconnect();
        await killGroup(started);
        await startedSession.stop();
        await systemBus.stop();
      },
    };
  } catch (error) {
    if (shell) await killGroup(shell);
    if (session) {
      process.env['SOVEREIGN_KEEP_TEST_SESSION'] = '1';
      process.stderr.write(`gnome-shell session kept for inspection in ${session.root}\n`);
      await session.stop();
    }
    await systemBus.stop();
    throw error;
  }
}

/** A private system bus: the Shell wants one (logind, accounts) and must not reach the machine's. */
async function startSystemBus(): Promise<{ address: string; stop: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'sovereign-system-bus-'));
  const config = path.join(dir, 'system.conf');
  fs.writeFileSync(
    config,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=${path.join(dir, 'system_bus')}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`,
  );
  const daemon = spawn('dbus-daemon', ['--config-file', config, '--nofork', '--print-address=1'], { stdio: ['ignore', 'pipe', 'ignore'], detached: true });
  const address = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: daemon.stdout! }).once('line', (line) => resolve(line.trim()));
    daemon.once('exit', (code) => reject(new Error(`system dbus-daemon exited with ${code}`)));
  });
  return {
    address,
    stop: async () => {
      await killGroup(daemon);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
