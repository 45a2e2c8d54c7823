import { SovereignError, _, format } from '../../core/index.js';
import { repairHint } from './damaged-database-error.js';
import { inspectDatabaseFolder, type DatabaseFolder, type ManifestProblem } from './database-folder.js';

/** A sentence saying what is missing, for messages and `db check`. */
export function describeManifestProblem(folder: DatabaseFolder, problem: ManifestProblem): string {
  switch (problem) {
    case 'missing-current':
      return _('the CURRENT file is missing');
    case 'invalid-current':
      return _('the CURRENT file does not name a manifest');
    case 'missing-manifest':
      return format(_('the CURRENT file names {manifest}, which is missing'), { manifest: folder.current ?? '' });
    case 'stale-current':
      return format(_('the CURRENT file names {manifest}, but a newer manifest {newest} is present'), {
        manifest: folder.current ?? '',
        newest: folder.manifests[folder.manifests.length - 1] ?? '',
      });
  }
}

/**
 * Refuses to let the engine open a folder that holds data but no valid
 * CURRENT/manifest: the engine would start a new database over it and delete
 * the old files on the next open. Reads only; every byte stays as it was.
 */
export function assertDatabaseFolderOpenable(dir: string): void {
  const folder = inspectDatabaseFolder(dir);
  if (folder.problem === undefined) return;
  throw new SovereignError(
    'database',
    format(_('The database {path} cannot be opened safely: {problem}. Nothing was changed.'), { path: dir, problem: describeManifestProblem(folder, folder.problem) }),
    { hint: repairHint(), detail: { path: dir, problem: folder.problem, dataFiles: folder.dataFiles.length } },
  );
}
