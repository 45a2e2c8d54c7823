import { spawn, execFile, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The null sink whose monitor the tests record from: what they play into it is what the "microphone" hears. */
export const TEST_SINK = 'sovereign_test_mic';
export const TEST_MICROPHONE = `${TEST_SINK}.monitor`;

/**
 * A private PulseAudio daemon for one test file: its own HOME and
 * XDG_RUNTIME_DIR in a temp folder, a unix socket, and a null sink named
 * sovereign_test_mic. Its monitor is a real input device of a real sound
 * server, so capture goes through pulsesrc exactly as on a desktop; `play`
 * feeds it a WAV with paplay. Nothing touches the machine's own sound.
 */
export interface TestSoundServer {
  /** PULSE_SERVER, XDG_RUNTIME_DIR and HOME for every process that should use it. */
  env: NodeJS.ProcessEnv;
  socket: string;
  /** Plays a WAV file into the null sink (what the test microphone hears); resolves when it has played. */
  play(wav: string): Promise<void>;
  /** Like `play`, but hands back the paplay child to stop early. */
  startPlaying(wav: string): ChildProcess;
  /** Runs pactl against this server. */
  pactl(...args: string[]): Promise<string>;
  /** Removes the null sink (and so the monitor the test records from): an unplugged microphone. */
  unplugMicrophone(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestSoundServer(): Promise<TestSoundServer> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-pulse-'));
  const runtime = path.join(root, 'runtime');
  const home = path.join(root, 'home');
  fs.mkdirSync(runtime, { mode: 0o700 });
  fs.mkdirSync(home);
  const socket = path.join(runtime, 'native');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    XDG_RUNTIME_DIR: runtime,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    PULSE_SERVER: `unix:${socket}`,
  };
  delete env['DBUS_SESSION_BUS_ADDRESS'];
  const daemon = spawn(
    'pulseaudio',
    [
      '--daemonize=no',
      '-n', // no default.pa: only the modules below
      '--exit-idle-time=-1',
      '--use-pid-file=no',
      '--log-target=stderr',
      '-L',
      `module-native-protocol-unix socket=${socket} auth-anonymous=1`,
      '-L',
      `module-null-sink sink_name=${TEST_SINK}`,
    ],
    { env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  daemon.stderr!.setEncoding('utf8').on('data', (text: string) => (log += text));
  const exited = new Promise<void>((resolve) => daemon.once('close', () => resolve()));

  const pactl = async (...args: string[]) => (await run('pactl', args, { env, timeout: 10_000 })).stdout;
  // Ready when it answers; a loaded machine can take a few seconds.
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      await pactl('info');
      break;
    } catch (error) {
      if (daemon.exitCode !== null || Date.now() > deadline) {
        daemon.kill('SIGKILL');
        throw new Error(`the test PulseAudio daemon did not start:\n${log}`, { cause: error });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const startPlaying = (wav: string) => spawn('paplay', ['--device', TEST_SINK, wav], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  return {
    env,
    socket,
    pactl,
    startPlaying,
    play: (wav) =>
      new Promise((resolve, reject) => {
        const child = startPlaying(wav);
        let errors = '';
        child.stderr!.setEncoding('utf8').on('data', (text: string) => (errors += text));
        child.once('error', reject);
        child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`paplay ${wav} exited with ${code}: ${errors}`))));
      }),
    unplugMicrophone: async () => {
      await pactl('unload-module', 'module-null-sink');
    },
    stop: async () => {
      daemon.kill('SIGTERM');
      await exited;
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
