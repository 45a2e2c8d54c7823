import { createNodeEngines } from '@surrealdb/node';
import { Surreal, createRemoteEngines, type Engines } from 'surrealdb';
import { SovereignError, _, assertConnectionAllowed, createLogger, format, type SovereignConfig } from '../../core/index.js';
import { damagedDatabaseError } from '../integrity/damaged-database-error.js';
import { assertDatabaseFolderOpenable } from '../integrity/guard-database-folder.js';
import { classifyEngineError, engineErrorText, engineReason } from '../integrity/engine-error-kind.js';
import { boundEngineMemory } from './engine-memory.js';
import { claimDatabaseDir, releaseDatabaseDir } from './open-databases.js';
import { schemeOf } from './store-url.js';

const log = createLogger('store.connect');

export const CLOSE_TIMEOUT_MS = 3000;

/**
 * Connects to SurrealDB with a deadline. The SDK never settles connect() when
 * the embedded engine fails to open (its error event is not forwarded), so
 * the engine's own error is caught by wrapping the engine factories, and a
 * server that does not answer is cut off by the timeout.
 */
export async function connectSurreal(url: string, config: SovereignConfig['store']): Promise<Surreal> {
  const scheme = schemeOf(url);
  const dir = scheme === 'rocksdb' ? url.slice('rocksdb://'.length) : undefined;
  if (scheme === 'ws' || scheme === 'wss') assertConnectionAllowed(url, _('reach the database server'));
  // Before the engine sees the folder: it would "create" a database over one whose CURRENT is lost.
  if (dir !== undefined) assertDatabaseFolderOpenable(dir);
  if (dir !== undefined && !claimDatabaseDir(dir)) {
    throw new SovereignError('database-locked', format(_('The database {path} is already open in this process.'), { path: dir }), {
      hint: _('The embedded database can be opened once per process; close it and start a new process.'),
    });
  }

  let reportEngineError: (error: unknown) => void = () => undefined;
  const engineFailed = new Promise<never>((_resolve, reject) => {
    reportEngineError = reject;
  });
  engineFailed.catch(() => undefined);
  // Node 20 has no global WebSocket; `ws` speaks the same API. Imported for a server only: loading it
  // costs ~0.1 s of CPU, a fifth of a cold D-Bus answer over the embedded store, which never uses it.
  const WebSocket = scheme === 'ws' || scheme === 'wss' ? (await import('ws')).default : undefined;
  if (scheme === 'rocksdb') boundEngineMemory();
  const db = new Surreal({
    engines: watchEngines({ ...createRemoteEngines(), ...createNodeEngines() }, (error) => reportEngineError(error)),
    ...(WebSocket ? { websocketImpl: WebSocket as unknown as typeof globalThis.WebSocket } : {}),
  });

  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), config.connect_timeout_ms);
  });
  try {
    const authentication = config.username ? { username: config.username, password: config.password } : undefined;
    await Promise.race([
      db.connect(url, {
        namespace: config.namespace,
        database: config.database,
        ...(authentication ? { authentication } : {}),
        ...(scheme === 'ws' || scheme === 'wss' ? { reconnect: false } : {}),
      }),
      engineFailed,
      timedOut,
    ]);
    return db;
  } catch (error) {
    if (dir !== undefined) releaseDatabaseDir(dir);
    void db.close().catch(() => undefined);
    throw describeConnectError(url, dir, error, config.connect_timeout_ms);
  } finally {
    clearTimeout(timer);
  }
}

function watchEngines(engines: Engines, onError: (error: unknown) => void): Engines {
  const watched: Engines = {};
  for (const [scheme, factory] of Object.entries(engines)) {
    watched[scheme] = (context) => {
      const engine = factory(context);
      engine.subscribe('error', (error: unknown) => onError(error));
      return engine;
    };
  }
  return watched;
}

function describeConnectError(url: string, dir: string | undefined, error: unknown, timeoutMs: number): SovereignError {
  const detail = engineErrorText(error);
  log.debug('connect failed', { url, detail });
  if (detail === 'timeout') {
    return new SovereignError(
      'database-unreachable',
      format(_('The database at {url} did not answer within {seconds} s.'), { url, seconds: timeoutMs / 1000 }),
      { hint: _('Check that the SurrealDB server is running and the URL in the configuration is right.'), detail: { url } },
    );
  }
  if (dir !== undefined) {
    switch (classifyEngineError(detail)) {
      case 'locked':
        return new SovereignError('database-locked', format(_('The database {path} is in use by another program.'), { path: dir }), {
          hint: _('Close the other Sovereign window or service, then try again.'),
          cause: error,
          detail: { path: dir },
        });
      case 'damaged':
        return damagedDatabaseError(engineReason(detail), { path: dir, cause: error });
      case 'permission':
        return new SovereignError('permission', format(_('The database {path} cannot be opened: {reason}'), { path: dir, reason: lastPart(detail) }), {
          hint: _('Check the permissions of the folder and the files in it.'),
          cause: error,
          detail: { path: dir },
        });
      case 'disk-full':
        return new SovereignError('io', format(_('The database {path} cannot be opened: {reason}'), { path: dir, reason: lastPart(detail) }), {
          hint: _('Free some disk space, then try again.'),
          cause: error,
          detail: { path: dir },
        });
      case 'other':
        if (/Invalid argument|File exists|Not a directory|No such file/i.test(detail)) {
          return new SovereignError('database', format(_('The database {path} cannot be opened: {reason}'), { path: dir, reason: lastPart(detail) }), {
            hint: _('Run `sovereign db check` to see what is wrong with the folder.'),
            cause: error,
            detail: { path: dir },
          });
        }
    }
  }
  if (/refused|ECONN|ENOTFOUND|EHOSTUNREACH|WebSocket|socket/i.test(detail)) {
    return new SovereignError('database-unreachable', format(_('Cannot reach the database at {url}: {reason}'), { url, reason: lastPart(detail) }), {
      hint: _('Check that the SurrealDB server is running and the URL in the configuration is right.'),
      cause: error,
    });
  }
  return new SovereignError('database', format(_('Cannot open the database at {url}: {reason}'), { url, reason: lastPart(detail) }), {
    cause: error,
  });
}

function lastPart(detail: string): string {
  const parts = detail.split(': ');
  return parts.slice(Math.max(0, parts.length - 2)).join(': ');
}

/** Closes a connection, giving up after a deadline (the engine can stall on close). */
export async function closeSurreal(db: Surreal): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    db.close().catch((error: unknown) => log.warn('close failed', { error })),
    new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        log.warn('close timed out', { timeoutMs: CLOSE_TIMEOUT_MS });
        resolve();
      }, CLOSE_TIMEOUT_MS);
    }),
  ]);
  clearTimeout(timer);
}
