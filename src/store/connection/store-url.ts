import path from 'node:path';
import { SovereignError, _, format, type SovereignConfig, type SovereignPaths } from '../../core/index.js';

export const STORE_URL_ENV = 'SOVEREIGN_DB_URL';

const SCHEMES = ['mem', 'rocksdb', 'ws', 'wss'] as const;
export type StoreScheme = (typeof SCHEMES)[number];

/** Picks the database URL: explicit option, then $SOVEREIGN_DB_URL, then config, then the data dir. */
export function resolveStoreUrl(
  config: SovereignConfig['store'],
  paths: SovereignPaths,
  options: { url?: string; env?: NodeJS.ProcessEnv },
): string {
  const env = options.env ?? process.env;
  const url = options.url || env[STORE_URL_ENV] || config.url || `rocksdb://${path.resolve(paths.databaseDir)}`;
  schemeOf(url);
  return url;
}

/** The scheme of a supported URL; anything else is an error naming the URL. */
export function schemeOf(url: string): StoreScheme {
  const match = /^([a-z+]+):\/\//.exec(url);
  const scheme = match?.[1];
  if (scheme === 'surrealkv') {
    throw new SovereignError('unsupported', format(_('The database URL {url} uses surrealkv, which loses data in this SurrealDB version.'), { url }), {
      hint: _('Use rocksdb:// for an embedded database.'),
    });
  }
  if (!scheme || !(SCHEMES as readonly string[]).includes(scheme)) {
    throw new SovereignError('config', format(_('The database URL {url} is not supported.'), { url }), {
      hint: _('Use rocksdb:///absolute/path, mem://, or ws://host:port for a SurrealDB server.'),
    });
  }
  if (scheme === 'rocksdb' && !path.isAbsolute(url.slice('rocksdb://'.length))) {
    throw new SovereignError('config', format(_('The database path in {url} must be absolute.'), { url }));
  }
  return scheme as StoreScheme;
}

/** The folder of the embedded database the URL settings pick; an error naming the URL when they pick a server or memory. */
export function embeddedDatabaseDir(config: SovereignConfig['store'], paths: SovereignPaths, env?: NodeJS.ProcessEnv): string {
  const url = resolveStoreUrl(config, paths, env ? { env } : {});
  if (schemeOf(url) !== 'rocksdb') {
    throw new SovereignError('unsupported', format(_('The database at {url} is not an embedded database folder.'), { url }), {
      hint: _('Checking and repairing work on the embedded rocksdb:// database; a server checks its own.'),
    });
  }
  return url.slice('rocksdb://'.length);
}
