import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { createHash } from 'node:crypto';
import { SovereignError, _, assertConnectionAllowed, createLogger, format } from '../../core/index.js';
import { formatBytes } from '../registry/memory-watchdog.js';
import { checkModelName, modelNameOf } from './model-store.js';
import { isSha256, sha256File } from './sha256-file.js';

const log = createLogger('ai.pull');

/**
 * Downloads a model from a URL the person gives, like a package manager:
 * checks the disk space first, resumes an interrupted download with an HTTP
 * Range request (also across runs: the partial file stays in the models dir
 * until it is complete or cancelled for good), reports progress, can be
 * cancelled, verifies the sha256 it was given, has the store check the
 * file (the GGUF header; a whisper model end to end) and only then renames
 * it into place. A wrong hash or a file the store refuses leaves no file.
 */
export interface PullProgress {
  receivedBytes: number;
  totalBytes: number | undefined;
}

export interface PullOptions {
  url: string;
  sha256: string;
  name?: string;
  force?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: PullProgress) => void;
  /** Automatic resumptions after a dropped connection. */
  retries?: number;
}

/** Where a pull lands: ModelStore (GGUF) or SpeechModelStore (whisper ggml). */
export interface PullTarget<Installed> {
  readonly dir: string;
  temporaryPath(name: string, suffix: string): string;
  get(name: string): unknown;
  /** Checks the complete, hash-verified file and renames it into place; throws when it is not a model of its kind. */
  install(temporary: string, name: string, source: string, sha256: string): Promise<Installed>;
}

/** Space kept free beyond the model itself. */
const DISK_MARGIN_BYTES = 64 * 1024 * 1024;

interface Response_ {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: http.IncomingMessage;
}

function request(url: URL, method: string, headers: Record<string, string>, signal?: AbortSignal): Promise<Response_> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    // A fresh connection per request (agent: false): a download makes a handful of requests, and a kept-alive
    // socket the server closed while idle fails the next request with ECONNRESET before it is sent.
    const req = client.request(url, { method, headers, agent: false, ...(signal ? { signal } : {}) }, (res) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: res }));
    req.on('error', reject);
    req.end();
  });
}

function totalFrom(res: Response_): number | undefined {
  const range = /\/(\d+)$/.exec(String(res.headers['content-range'] ?? ''));
  if (range) return Number(range[1]);
  const length = Number(res.headers['content-length']);
  return res.status === 200 && Number.isFinite(length) ? length : undefined;
}

export function checkDiskSpace(dir: string, neededBytes: number): void {
  const stats = fs.statfsSync(dir);
  const free = stats.bavail * stats.bsize;
  if (neededBytes + DISK_MARGIN_BYTES > free) {
    throw new SovereignError('resource', format(_('Not enough disk space for the model: it needs {needed} and {free} is free in {dir}.'), { needed: formatBytes(neededBytes), free: formatBytes(free), dir }), {
      hint: _('Free some space or remove models you no longer use ("sovereign models rm").'),
      detail: { neededBytes, freeBytes: free },
    });
  }
}

function cancelled(): SovereignError {
  return new SovereignError('cancelled', _('The download was cancelled. Run the same pull again to resume it.'));
}

export async function pullModel<Installed>(store: PullTarget<Installed>, options: PullOptions): Promise<Installed> {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new SovereignError('invalid-input', format(_('"{url}" is not a URL.'), { url: options.url }));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SovereignError('invalid-input', _('Only http and https URLs can be pulled.'));
  assertConnectionAllowed(url, _('download the model'));
  if (!isSha256(options.sha256)) {
    throw new SovereignError('invalid-input', _('An expected sha256 (64 hex digits) is required to pull a model.'), {
      hint: _('Copy it from the page you got the link from; it proves the file is the one you meant.'),
    });
  }
  const expected = options.sha256.toLowerCase();
  const name = options.name ?? modelNameOf(decodeURIComponent(url.pathname));
  checkModelName(name);
  if (!options.force && store.get(name)) {
    throw new SovereignError('already-exists', format(_('A model named {name} is already installed.'), { name }), { hint: _('Remove it first, or pass --name.') });
  }

  const partial = store.temporaryPath(name, 'partial');
  const partialInfo = partial + '.json';
  // A partial from another URL or hash is not this download.
  try {
    const info = JSON.parse(fs.readFileSync(partialInfo, 'utf8')) as { url: string; sha256: string };
    if (info.url !== url.href || info.sha256 !== expected) fs.rmSync(partial, { force: true });
  } catch {
    fs.rmSync(partial, { force: true });
  }
  fs.writeFileSync(partialInfo, JSON.stringify({ url: url.href, sha256: expected }));

  const signal = options.signal;
  let total: number | undefined;
  try {
    const head = await request(url, 'HEAD', {}, signal);
    head.body.resume();
    if (head.status >= 200 && head.status < 300) total = totalFrom(head);
    else if (head.status === 404) throw new SovereignError('not-found', format(_('{url} was not found (HTTP 404).'), { url: url.href }));
  } catch (error) {
    if (signal?.aborted) throw cancelled();
    if (error instanceof SovereignError) throw error;
    throw new SovereignError('io', format(_('Cannot reach {host}: {message}'), { host: url.host, message: (error as Error).message }));
  }
  const have = () => (fs.existsSync(partial) ? fs.statSync(partial).size : 0);
  if (total !== undefined) checkDiskSpace(store.dir, total - have());

  const retries = options.retries ?? 3;
  for (let attempt = 0; ; attempt++) {
    const offset = have();
    if (total !== undefined && offset === total) break;
    try {
      const res = await request(url, 'GET', offset > 0 ? { range: `bytes=${offset}-` } : {}, signal);
      if (res.status === 416 && total !== undefined && offset >= total) {
        res.body.resume();
        break;
      }
      if (res.status !== 200 && res.status !== 206) {
        res.body.resume();
        throw new SovereignError('io', format(_('The server answered HTTP {status} for {url}.'), { status: res.status, url: url.href }));
      }
      const resumed = res.status === 206;
      if (resumed && !String(res.headers['content-range'] ?? '').startsWith(`bytes ${offset}-`)) {
        res.body.resume();
        throw new SovereignError('io', _('The server resumed the download at the wrong place.'));
      }
      total = totalFrom(res) ?? total;
      if (!resumed && total !== undefined) checkDiskSpace(store.dir, total);
      log.info('downloading', { url: url.href, offset: resumed ? offset : 0, total });
      let received = resumed ? offset : 0;
      const out = fs.createWriteStream(partial, { flags: resumed ? 'a' : 'w' });
      try {
        for await (const chunk of res.body as AsyncIterable<Buffer>) {
          if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
          received += chunk.length;
          options.onProgress?.({ receivedBytes: received, totalBytes: total });
        }
      } finally {
        await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
      }
      if (total !== undefined && received < total) throw new Error(format(_('the connection closed after {received} of {total} bytes'), { received, total }));
      if (total === undefined) total = received;
      break;
    } catch (error) {
      if (signal?.aborted) throw cancelled();
      if (error instanceof SovereignError && error.kind !== 'io') throw error;
      if (attempt >= retries) {
        throw new SovereignError('io', format(_('The download was interrupted: {message}'), { message: (error as Error).message }), {
          hint: _('Run the same pull again to resume it.'),
        });
      }
      log.warn('download interrupted; resuming', { attempt: attempt + 1, have: have(), error });
      await new Promise((resolve) => setTimeout(resolve, 200 * (attempt + 1)));
    }
  }

  const actual = await sha256File(partial, createHash('sha256'), signal).catch((error: unknown) => {
    if (signal?.aborted) throw cancelled();
    throw error;
  });
  if (actual !== expected) {
    fs.rmSync(partial, { force: true });
    fs.rmSync(partialInfo, { force: true });
    throw new SovereignError('invalid-input', format(_('The downloaded file does not match the expected sha256 (expected {expected}, got {actual}); it was deleted.'), { expected, actual }), {
      hint: _('Check the URL and the hash you were given.'),
    });
  }
  try {
    const installed = await store.install(partial, name, url.href, actual);
    fs.rmSync(partialInfo, { force: true });
    return installed;
  } catch (error) {
    fs.rmSync(partial, { force: true });
    fs.rmSync(partialInfo, { force: true });
    throw error;
  }
}
