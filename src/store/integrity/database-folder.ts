import fs from 'node:fs';
import path from 'node:path';
import { SovereignError, _, format } from '../../core/index.js';

/**
 * What is wrong with a database folder's pointer to its manifest. RocksDB
 * finds its data through CURRENT, which names the live MANIFEST-NNNNNN; the
 * manifest lists the .sst/.blob files. Without a usable CURRENT the engine
 * treats the folder as a new database, writes a fresh empty manifest, and the
 * next open deletes every data file as obsolete: so these states must be
 * caught before the engine sees the folder.
 */
export type ManifestProblem =
  /** There is no CURRENT file. */
  | 'missing-current'
  /** CURRENT is empty or does not name a MANIFEST file. */
  | 'invalid-current'
  /** CURRENT names a MANIFEST that is not in the folder. */
  | 'missing-manifest'
  /**
   * CURRENT names a manifest that is lower in number but newer in time than
   * another one present: what a failed create leaves behind (a fresh
   * MANIFEST-000001 beside the real one, whose files the next open deletes).
   */
  | 'stale-current';

export interface DatabaseFolder {
  path: string;
  exists: boolean;
  /** Files that hold data: tables, blobs, write-ahead logs, manifests, options. */
  dataFiles: string[];
  /** MANIFEST-* names, oldest first. */
  manifests: string[];
  /** The manifest CURRENT names ('' when CURRENT is empty), undefined without CURRENT. */
  current: string | undefined;
  problem: ManifestProblem | undefined;
}

const DATA_FILE = /^(\d+\.(sst|blob|log)|MANIFEST-\d+|OPTIONS-\d+)$/;
const MANIFEST = /^MANIFEST-(\d+)$/;

export function manifestNumber(name: string): number {
  return Number(MANIFEST.exec(name)?.[1] ?? -1);
}

/** Reads the folder's file names and CURRENT; opens nothing else and writes nothing. */
export function inspectDatabaseFolder(dir: string): DatabaseFolder {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // No folder (or a file in its place, which the engine reports itself): nothing here to protect.
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return { path: dir, exists: false, dataFiles: [], manifests: [], current: undefined, problem: undefined };
    }
    throw new SovereignError(code === 'EACCES' ? 'permission' : 'io', format(_('The database folder {path} cannot be read: {reason}'), { path: dir, reason: (error as Error).message }), {
      cause: error,
      detail: { path: dir },
    });
  }
  const dataFiles = names.filter((name) => DATA_FILE.test(name)).sort();
  const manifests = names.filter((name) => MANIFEST.test(name)).sort((a, b) => manifestNumber(a) - manifestNumber(b));
  const current = names.includes('CURRENT') ? fs.readFileSync(path.join(dir, 'CURRENT'), 'utf8').trim() : undefined;
  return { path: dir, exists: true, dataFiles, manifests, current, problem: dataFiles.length === 0 ? undefined : manifestProblem(dir, current, manifests) };
}

function manifestProblem(dir: string, current: string | undefined, manifests: readonly string[]): ManifestProblem | undefined {
  if (current === undefined) return 'missing-current';
  if (!MANIFEST.test(current)) return 'invalid-current';
  if (!manifests.includes(current)) return 'missing-manifest';
  const written = (name: string) => fs.statSync(path.join(dir, name), { bigint: true }).mtimeNs;
  const currentWritten = written(current);
  // Higher-numbered manifests written after CURRENT's are what an open or a close cut short
  // leaves (the engine writes the next manifest, then points CURRENT at it): the engine,
  // which goes by CURRENT, discards them. One written before it is a real database's,
  // with a fresh one made over it since: the engine would delete that database's files.
  const laterNumbers = manifests.filter((name) => manifestNumber(name) > manifestNumber(current));
  if (laterNumbers.some((name) => written(name) < currentWritten)) return 'stale-current';
  return undefined;
}
