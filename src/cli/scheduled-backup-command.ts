import path from 'node:path';
import { SovereignError, _ } from '../core/index.js';

/** What the backup timer runs: this very node and entry point, so an uninstalled checkout schedules itself too. */
export function runScheduledCommand(): string[] {
  const entry = process.argv[1];
  if (entry === undefined) throw new SovereignError('internal', _('Cannot tell which program to schedule.'));
  return [process.execPath, path.resolve(entry), 'backup', 'run-scheduled'];
}
