import { SovereignError, _, format } from '../../core/index.js';

/** What a person can do about a damaged database, wherever the damage shows. */
export function repairHint(): string {
  return _('Run `sovereign db check` to see what is wrong, then `sovereign db repair`: it repairs a copy and keeps the original.');
}

/**
 * The error for an engine read or open that failed because data files are
 * damaged or missing. `path` is the database folder when known.
 */
export function damagedDatabaseError(reason: string, options: { path?: string; cause?: unknown } = {}): SovereignError {
  const message = options.path
    ? format(_('The database {path} is damaged: {reason}'), { path: options.path, reason })
    : format(_('The database is damaged: {reason}'), { reason });
  return new SovereignError('database', message, {
    hint: repairHint(),
    cause: options.cause,
    detail: { damaged: true, ...(options.path ? { path: options.path } : {}) },
  });
}
