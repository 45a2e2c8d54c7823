import type { SovereignPaths } from '../core/index.js';
import { DEFAULT_KEEP, readBackupSchedule, writeBackupSchedule, type BackupInterval } from './backup-schedule.js';
import { newSealedKeyPair } from './recipient-key.js';
import { scheduleFolder, scheduledBackupFiles } from './run-scheduled-backup.js';
import { removeTimerUnits, setTimerEnabled, userManagerRunning, writeTimerUnits } from './systemd-timer.js';

export interface ScheduleStatus {
  enabled: boolean;
  every: BackupInterval;
  keep: number;
  folder: string;
  /** Who starts the backups: the systemd user timer, or (no user manager) the running Sovereign service's hourly check. */
  runner: 'systemd' | 'service';
  /** Whether the key pair exists (turning the schedule on then asks no passphrase). */
  hasKey: boolean;
  /** The newest scheduled backup, if any. */
  newest: string | undefined;
}

export interface ScheduleOnOptions {
  every?: BackupInterval;
  keep?: number;
  /** Asked only the first time, when the key pair is made. */
  passphrase: () => Promise<string>;
  /** The command the timer runs (this program's `backup run-scheduled`), as absolute paths. */
  command: readonly string[];
  env?: NodeJS.ProcessEnv;
  now?: Date;
}

/**
 * Turns scheduled backups on: makes the X25519 key pair on first use (the
 * passphrase seals its private half and is not needed again until a
 * restore), records how often and how many to keep, writes the systemd user
 * timer and enables it when a user manager runs. Without one, the running
 * service checks hourly (src/backup/backup-scheduler.ts).
 */
export async function turnScheduleOn(paths: SovereignPaths, options: ScheduleOnOptions): Promise<ScheduleStatus> {
  const env = options.env ?? process.env;
  const existing = readBackupSchedule(paths);
  const key = existing?.key ?? (await newSealedKeyPair(await options.passphrase()));
  const every = options.every ?? existing?.every ?? 'daily';
  writeBackupSchedule(paths, {
    enabled: true,
    every,
    keep: options.keep ?? existing?.keep ?? DEFAULT_KEEP,
    ...(existing?.folder !== undefined ? { folder: existing.folder } : {}),
    key,
    changedAt: (options.now ?? new Date()).toISOString(),
  });
  writeTimerUnits(options.command, every, env);
  if (await userManagerRunning(env)) await setTimerEnabled(true, env);
  return scheduleStatus(paths, env);
}

/** Turns scheduled backups off; the key pair and the backups stay (turning it on again asks no passphrase). */
export async function turnScheduleOff(paths: SovereignPaths, env: NodeJS.ProcessEnv = process.env, now: Date = new Date()): Promise<ScheduleStatus> {
  const existing = readBackupSchedule(paths);
  if (existing !== undefined) writeBackupSchedule(paths, { ...existing, enabled: false, changedAt: now.toISOString() });
  if (await userManagerRunning(env)) await setTimerEnabled(false, env).catch(() => undefined);
  removeTimerUnits(env);
  return scheduleStatus(paths, env);
}

export async function scheduleStatus(paths: SovereignPaths, env: NodeJS.ProcessEnv = process.env): Promise<ScheduleStatus> {
  const schedule = readBackupSchedule(paths);
  const folder = scheduleFolder(schedule, paths);
  return {
    enabled: schedule?.enabled ?? false,
    every: schedule?.every ?? 'daily',
    keep: schedule?.keep ?? DEFAULT_KEEP,
    folder,
    runner: (await userManagerRunning(env)) ? 'systemd' : 'service',
    hasKey: schedule !== undefined,
    newest: (await scheduledBackupFiles(folder)).at(-1),
  };
}
