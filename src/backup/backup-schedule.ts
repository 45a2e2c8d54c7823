import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { SovereignError, _, format, messageOf, type SovereignPaths } from '../core/index.js';
import { kdfParamsSchema } from './backup-format.js';

/**
 * The backup schedule, kept beside the air-gap switch in the config folder
 * so the command line, the window and the D-Bus service read one answer.
 * It holds the schedule's X25519 public key and its private key sealed under
 * the passphrase's Argon2id key (recipient-key.ts): a scheduled backup is
 * made with the public key alone, and the passphrase is asked only to
 * restore. The key pair survives switching the schedule off and on, so the
 * passphrase is given once.
 */
export const BACKUP_INTERVALS = ['daily', 'weekly'] as const;
export type BackupInterval = (typeof BACKUP_INTERVALS)[number];
export const INTERVAL_MS: Record<BackupInterval, number> = { daily: 24 * 60 * 60 * 1000, weekly: 7 * 24 * 60 * 60 * 1000 };
export const DEFAULT_KEEP = 7;

const scheduleSchema = z
  .object({
    enabled: z.boolean(),
    every: z.enum(BACKUP_INTERVALS),
    keep: z.number().int().min(1).max(10_000),
    /** Where scheduled backups go; absent: the default folder beside the workspace. */
    folder: z.string().optional(),
    key: z.object({ publicKey: z.string(), wrappedPrivateKey: z.string(), kdf: kdfParamsSchema }).strict(),
    changedAt: z.string(),
  })
  .strict();
export type BackupSchedule = z.infer<typeof scheduleSchema>;

export function backupScheduleFile(paths: SovereignPaths): string {
  return path.join(paths.configDir, 'backup-schedule.json');
}

/** The schedule, or undefined when none was ever set up; a damaged file is an error naming it (a schedule must not silently stop). */
export function readBackupSchedule(paths: SovereignPaths): BackupSchedule | undefined {
  const file = backupScheduleFile(paths);
  let text: string;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile() || stat.size > 64 * 1024) throw damagedSchedule(file, _('it is not a small regular file'));
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if (error instanceof SovereignError) throw error;
    throw damagedSchedule(file, messageOf(error));
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw damagedSchedule(file, _('it is not valid JSON'));
  }
  const parsed = scheduleSchema.safeParse(json);
  if (!parsed.success) throw damagedSchedule(file, _('it is not a backup schedule'));
  return parsed.data;
}

/** Writes the schedule atomically (temporary file, then rename), readable by its owner only: it holds the sealed private key. */
export function writeBackupSchedule(paths: SovereignPaths, schedule: BackupSchedule): void {
  const file = backupScheduleFile(paths);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(schedule, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(temporary, file);
}

function damagedSchedule(file: string, cause: string): SovereignError {
  return new SovereignError('invalid-input', format(_('The backup schedule {file} cannot be read: {cause}.'), { file, cause }), {
    hint: _('Run “sovereign backup schedule on” to set it up again.'),
  });
}
