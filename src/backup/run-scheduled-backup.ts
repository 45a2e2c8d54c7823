import fsp from 'node:fs/promises';
import path from 'node:path';
import { SovereignError, _, type SovereignPaths } from '../core/index.js';
import type { GraphStore } from '../store/index.js';
import { BACKUP_EXTENSION, SCHEDULED_SUFFIX } from './backup-format.js';
import { INTERVAL_MS, readBackupSchedule, type BackupSchedule } from './backup-schedule.js';
import { createBackup, type CreatedBackup } from './create-backup.js';
import { defaultBackupDir } from './list-backups.js';

export interface ScheduledBackupOptions {
  paths: SovereignPaths;
  now?: Date;
  signal?: AbortSignal;
  onProgress?: (done: number) => void;
}

export interface ScheduledBackupRun {
  created: CreatedBackup;
  /** Older scheduled backups removed to keep the schedule's last N (manual backups are never removed). */
  pruned: string[];
}

/**
 * One scheduled backup: sealed for the schedule's public key (no passphrase
 * at hand), then the schedule's oldest scheduled files beyond its last N
 * removed. The systemd timer (`sovereign backup run-scheduled`) and the
 * running service's hourly check both come here.
 */
export async function runScheduledBackup(store: GraphStore, options: ScheduledBackupOptions): Promise<ScheduledBackupRun> {
  const schedule = readBackupSchedule(options.paths);
  if (schedule === undefined || !schedule.enabled) {
    throw new SovereignError('usage', _('Scheduled backups are off.'), { hint: _('Turn them on with “sovereign backup schedule on” or in Preferences › Backups.') });
  }
  const folder = scheduleFolder(schedule, options.paths);
  const created = await createBackup(store, {
    dataDir: options.paths.dataDir,
    toDir: folder,
    recipient: schedule.key,
    ...(options.now ? { now: options.now } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  return { created, pruned: await pruneScheduledBackups(folder, schedule.keep) };
}

export function scheduleFolder(schedule: Pick<BackupSchedule, 'folder'> | undefined, paths: SovereignPaths): string {
  return schedule?.folder ?? defaultBackupDir(paths.dataDir);
}

/** Whether the schedule is on and its newest scheduled backup is at least one interval old (or there is none). */
export async function isScheduledBackupDue(paths: SovereignPaths, now: Date = new Date()): Promise<boolean> {
  const schedule = readBackupSchedule(paths);
  if (schedule === undefined || !schedule.enabled) return false;
  const newest = (await scheduledBackupFiles(scheduleFolder(schedule, paths))).at(-1);
  if (newest === undefined) return true;
  const made = timeOfName(path.basename(newest));
  return made === undefined || now.getTime() - made.getTime() >= INTERVAL_MS[schedule.every];
}

/** The scheduled backups in a folder, oldest first (their names sort by time). */
export async function scheduledBackupFiles(dir: string): Promise<string[]> {
  try {
    return (await fsp.readdir(dir))
      .filter((name) => name.endsWith(`${SCHEDULED_SUFFIX}${BACKUP_EXTENSION}`))
      .sort()
      .map((name) => path.join(dir, name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Removes all but the newest `keep` scheduled backups; returns the files removed. */
export async function pruneScheduledBackups(dir: string, keep: number): Promise<string[]> {
  const files = await scheduledBackupFiles(dir);
  const removed = files.slice(0, Math.max(0, files.length - keep));
  for (const file of removed) await fsp.rm(file, { force: true });
  return removed;
}

/** The time in a name written by backupFileName ("sovereign-20260102-030405Z-scheduled.sovbak"). */
function timeOfName(name: string): Date | undefined {
  const match = /^sovereign-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})Z/.exec(name);
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s] = match;
  return new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
}
