import type http from 'node:http';
import { ApiError } from './api-error.js';

/**
 * Keeps web pages out. A browser lets any page send a "simple" cross-site
 * POST (text/plain, no preflight) to 127.0.0.1, so without this check every
 * site the user visits could drive the local models. Browsers mark such
 * requests with Origin and Sec-Fetch-Site; programs (the openai client,
 * curl) send neither. Only origins listed in config.toml [api]
 * allowed_origins get through, and only they get CORS headers.
 */
export class OriginGuard {
  private readonly allowed: ReadonlySet<string>;

  constructor(allowedOrigins: readonly string[]) {
    this.allowed = new Set(allowedOrigins.map(normaliseOrigin));
  }

  /** The request's Origin when it is one the user allowed; undefined when there is none. Throws 403 for any other. */
  check(req: http.IncomingMessage): string | undefined {
    const origin = req.headers.origin;
    if (origin !== undefined) {
      const normalised = normaliseOrigin(origin);
      if (!this.allowed.has(normalised)) {
        throw new ApiError(
          403,
          `requests from the web page at "${origin}" are refused: add it to config.toml [api] allowed_origins to let it use the local models`,
          'invalid_request_error',
          'forbidden_origin',
        );
      }
      return normalised;
    }
    // A browser that sends no Origin (some navigations) still says where the request comes from.
    if (req.headers['sec-fetch-site'] === 'cross-site') {
      throw new ApiError(403, 'cross-site requests from web pages are refused (Sec-Fetch-Site: cross-site)', 'invalid_request_error', 'forbidden_origin');
    }
    return undefined;
  }

  /** Headers every response to an allowed origin carries. */
  static responseHeaders(origin: string): Record<string, string> {
    return { 'access-control-allow-origin': origin, vary: 'Origin' };
  }

  /** The answer to a CORS preflight from an allowed origin (check() has passed). */
  static preflight(req: http.IncomingMessage, res: http.ServerResponse, origin: string | undefined): void {
    if (origin === undefined) {
      throw new ApiError(403, 'OPTIONS is answered only for CORS preflights from origins in config.toml [api] allowed_origins', 'invalid_request_error', 'forbidden_origin');
    }
    res.writeHead(204, {
      ...OriginGuard.responseHeaders(origin),
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': allowedRequestHeaders(req.headers['access-control-request-headers']),
      'access-control-max-age': '600',
      'cache-control': 'no-store',
    });
    res.end();
  }
}

/** "HTTP://LocalHost:3000/" and "http://localhost:3000" are the same origin. */
function normaliseOrigin(origin: string): string {
  try {
    const url = new URL(origin);
    return url.origin === 'null' ? origin : url.origin;
  } catch {
    return origin;
  }
}

const BASE_HEADERS = ['authorization', 'content-type'];

/**
 * The headers an allowed page may send: ours, plus what it asked for when
 * those are plain header names (the openai client adds x-stainless-* and
 * openai-* headers). Anything else is left out rather than echoed.
 */
function allowedRequestHeaders(requested: string | undefined): string {
  const names = (requested ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => /^[a-z0-9-]{1,64}$/.test(name));
  return [...new Set([...BASE_HEADERS, ...names])].slice(0, 64).join(', ');
}
