import type http from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { ApiError } from './api-error.js';

/**
 * Checks every request must pass before it reaches a model: the Host header
 * names this server (a web page that rebinds its DNS name to 127.0.0.1 sends
 * its own name and is refused), the bearer token when one is configured, a
 * JSON content type, and a size limit and a deadline on the body.
 */

export function allowedHosts(host: string, port: number): Set<string> {
  const names = new Set(['127.0.0.1', 'localhost', '[::1]', host.includes(':') && !host.startsWith('[') ? `[${host}]` : host]);
  const allowed = new Set<string>();
  for (const name of names) {
    allowed.add(`${name}:${port}`.toLowerCase());
    if (port === 80) allowed.add(name.toLowerCase());
  }
  return allowed;
}

export function checkHost(req: http.IncomingMessage, allowed: Set<string>): void {
  const host = (req.headers.host ?? '').toLowerCase();
  if (!allowed.has(host)) {
    throw new ApiError(403, `requests for host "${req.headers.host ?? ''}" are refused: this server answers only for ${[...allowed][0]}`, 'invalid_request_error', 'forbidden_host');
  }
}

export function checkToken(req: http.IncomingMessage, token: string): void {
  if (!token) return;
  const header = req.headers.authorization ?? '';
  const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new ApiError(401, 'a valid API key is required: send "Authorization: Bearer <token>" with the token from config.toml [api] token', 'invalid_request_error', 'invalid_api_key');
  }
}

/** POST bodies must say they are JSON: a browser can send text/plain across sites without asking first. */
export function checkJsonContentType(req: http.IncomingMessage): void {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new ApiError(
      415,
      `the request body must be JSON sent with "Content-Type: application/json" (got ${type ? `"${type}"` : 'no Content-Type'})`,
      'invalid_request_error',
      'unsupported_media_type',
    );
  }
}

/**
 * Reads the whole body within deadlineMs of the request's start: a client
 * that declares more bytes than it sends, or trickles them in, gets a 408
 * instead of holding the connection (and a slot) forever.
 */
export async function readJsonBody(req: http.IncomingMessage, maxBytes: number, deadlineMs: number): Promise<unknown> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new ApiError(413, `the request body is ${declared} bytes; the limit is ${maxBytes} (config.toml [api] max_body_bytes)`, 'invalid_request_error', 'request_too_large');
  }
  const text = await new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (error: ApiError | undefined) => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      if (error) reject(error);
      else resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        finish(new ApiError(413, `the request body is larger than the limit of ${maxBytes} bytes (config.toml [api] max_body_bytes)`, 'invalid_request_error', 'request_too_large'));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish(undefined);
    const onError = (error: Error) => finish(new ApiError(400, `the request body could not be read: ${error.message}`));
    const timer = setTimeout(
      () => finish(new ApiError(408, `the request body did not arrive within ${deadlineMs / 1000} s (${size} bytes came${Number.isFinite(declared) ? ` of ${declared} declared` : ''})`, 'invalid_request_error', 'request_timeout')),
      deadlineMs,
    );
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, `the request body is not valid JSON: ${(error as Error).message}`);
  }
}
