import { createLogger } from '../core/index.js';
import type { AppService } from '../dbus/app-service.js';
import type { BackupService } from '../dbus/ports.js';
import type { GraphStore } from '../store/index.js';
import type { CliContext } from './context.js';

const log = createLogger('service.backups');

// Loaded on first use: the service answers its first search before argon2 is loaded.
const backups = () => import('../backup/index.js');

/** The running instance's backups, over its own store: what CreateBackup and RunScheduledBackup answer. */
export function serviceBackups(ctx: CliContext, store: () => Promise<GraphStore>): BackupService {
  return {
    async create(request, onProgress) {
      const { createBackup, pruneBackups } = await backups();
      const created = await createBackup(await store(), { dataDir: ctx.paths.dataDir, toDir: request.toDir, passphrase: request.passphrase, onProgress });
      return { ...created, pruned: request.keep === undefined ? [] : await pruneBackups(request.toDir, request.keep) };
    },
    async runScheduled(onProgress) {
      const { runScheduledBackup } = await backups();
      const run = await runScheduledBackup(await store(), { paths: ctx.paths, onProgress });
      return { ...run.created, pruned: run.pruned };
    },
  };
}

/**
 * The schedule where no systemd user manager runs: this service checks on
 * start and hourly whether a scheduled backup is due and makes it, holding
 * itself alive meanwhile. Where a user manager runs, its timer does this.
 */
export async function startBackupScheduler(ctx: CliContext, service: AppService, made: BackupService): Promise<void> {
  const { BackupScheduler, isScheduledBackupDue, readBackupSchedule } = await backups();
  const { userManagerRunning } = await import('../backup/systemd-timer.js');
  const scheduler = new BackupScheduler({
    isDue: async () => readBackupSchedule(ctx.paths)?.enabled === true && !(await userManagerRunning()) && (await isScheduledBackupDue(ctx.paths)),
    run: async () => {
      const run = await service.hold(() => made.runScheduled(() => undefined));
      log.info('scheduled backup made', { file: run.file, pruned: run.pruned.length });
    },
  });
  ctx.lifecycle.register('backup-scheduler', () => scheduler.stop());
  scheduler.start();
}
