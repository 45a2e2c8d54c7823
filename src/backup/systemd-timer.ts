import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { BackupInterval } from './backup-schedule.js';

const run = promisify(execFile);

export const TIMER_UNIT = 'sovereign-backup.timer';
export const SERVICE_UNIT = 'sovereign-backup.service';
/** The XDG variables that decide which workspace a command sees: the timer's runs must see the one that set it up. */
const WORKSPACE_ENV = ['XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME', 'XDG_STATE_HOME'] as const;

export interface TimerUnits {
  dir: string;
  timer: string;
  service: string;
}

/** ~/.config/systemd/user, where a user manager looks for units a person installs. */
export function userUnitDir(env: NodeJS.ProcessEnv = process.env): string {
  const configHome = env['XDG_CONFIG_HOME'] && path.isAbsolute(env['XDG_CONFIG_HOME']) ? env['XDG_CONFIG_HOME'] : path.join(env['HOME'] ?? '/', '.config');
  return path.join(configHome, 'systemd', 'user');
}

/** systemd's command-line quoting: double quotes, backslash escapes, and % and $ doubled so no specifier or variable expands. */
function quoteArgument(arg: string): string {
  return `"${arg.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%').replace(/\$/g, '$$$$')}"`;
}

export function serviceUnitText(command: readonly string[], env: NodeJS.ProcessEnv = process.env): string {
  const environment = WORKSPACE_ENV.filter((name) => env[name] !== undefined && path.isAbsolute(env[name] ?? '')).map(
    (name) => `Environment=${quoteArgument(`${name}=${env[name]}`)}`,
  );
  return [
    '# Written by `sovereign backup schedule on`; removed by `sovereign backup schedule off`.',
    '[Unit]',
    'Description=Sovereign scheduled encrypted backup',
    '',
    '[Service]',
    'Type=oneshot',
    ...environment,
    `ExecStart=${command.map(quoteArgument).join(' ')}`,
    // A backup reads the whole workspace: stay out of the way of what the person is doing.
    'Nice=10',
    'IOSchedulingClass=idle',
    '',
  ].join('\n');
}

export function timerUnitText(every: BackupInterval): string {
  return [
    '# Written by `sovereign backup schedule on`; removed by `sovereign backup schedule off`.',
    '[Unit]',
    'Description=Sovereign scheduled encrypted backup',
    '',
    '[Timer]',
    `OnCalendar=${every}`,
    // A laptop that was off at the time backs up when it next starts.
    'Persistent=true',
    'RandomizedDelaySec=15min',
    '',
    '[Install]',
    'WantedBy=timers.target',
    '',
  ].join('\n');
}

/** Writes both units; `command` is what the service runs (this program's `backup run-scheduled`). */
export function writeTimerUnits(command: readonly string[], every: BackupInterval, env: NodeJS.ProcessEnv = process.env): TimerUnits {
  const dir = userUnitDir(env);
  fs.mkdirSync(dir, { recursive: true });
  const units = { dir, timer: path.join(dir, TIMER_UNIT), service: path.join(dir, SERVICE_UNIT) };
  fs.writeFileSync(units.service, serviceUnitText(command, env));
  fs.writeFileSync(units.timer, timerUnitText(every));
  return units;
}

export function removeTimerUnits(env: NodeJS.ProcessEnv = process.env): void {
  const dir = userUnitDir(env);
  for (const unit of [TIMER_UNIT, SERVICE_UNIT]) fs.rmSync(path.join(dir, unit), { force: true });
}

/** Whether a systemd user manager answers (it does not in containers, CI, or a session without one). */
export async function userManagerRunning(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  try {
    await run('systemctl', ['--user', 'show-environment'], { env, timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/** Enables (and starts) or disables (and stops) the timer in the running user manager. */
export async function setTimerEnabled(enabled: boolean, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await run('systemctl', ['--user', 'daemon-reload'], { env, timeout: 30_000 });
  await run('systemctl', ['--user', enabled ? 'enable' : 'disable', '--now', TIMER_UNIT], { env, timeout: 30_000 });
}
