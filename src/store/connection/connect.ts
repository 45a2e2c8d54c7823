import { createNodeEngines } from '@surrealdb/node';
import { Surreal, createRemoteEngines, type Engines } from 'surrealdb';
import WebSocket from 'ws';
import { SovereignError, _, createLogger, format, type SovereignConfig } from '../../core/index.js';
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
  const db = new Surreal({
    engines: watchEngines({ ...createRemoteEngines(), ...createNodeEngines() }, (error) => reportEngineError(error)),
    // Node 20 has no global WebSocket; `ws` speaks the same API.
    websocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
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

function causeMessage(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  while (current instanceof Error && parts.length < 4) {
    parts.push(current.message);
    current = current.cause;
  }
  if (current !== undefined && !(current instanceof Error)) parts.push(String(current));
  return parts.join(': ');
}

function describeConnectError(url: string, dir: string | undefined, error: unknown, timeoutMs: number): SovereignError {
  const detail = causeMessage(error);
  log.debug('connect failed', { url, detail });
  if (detail === 'timeout') {
    return new SovereignError(
      'database-unreachable',
      format(_('The database at {url} did not answer within {seconds} s.'), { url, seconds: timeoutMs / 1000 }),
      { hint: _('Check that the SurrealDB server is running and the URL in the configuration is right.'), detail: { url } },
    );
  }
  if (dir !== undefined) {
    if (/lock/i.test(detail)) {
      return new SovereignError('database-locked', format(_('The database {path} is in use by another program.'), { path: dir }), {
        hint: _('Close the other Sovereign window or service, then try again.'),
        cause: error,
        detail: { path: dir },
      });
    }
    if (/corrupt|checksum|Invalid argument|File exists|Not a directory|No such file|Permission/i.test(detail)) {
      return new SovereignError('database', format(_('The database {path} cannot be opened: {reason}'), { path: dir, reason: lastPart(detail) }), {
        hint: _('Restore the folder from a backup, or move it aside to start with an empty workspace.'),
        cause: error,
        detail: { path: dir },
      });
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
