import type http from 'node:http';
import { isSovereignError, type ErrorKind } from '../core/index.js';

/**
 * Errors in the shape OpenAI clients parse:
 * {"error": {"message", "type", "param", "code"}} with a matching status.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string = 'invalid_request_error',
    readonly code: string | null = null,
    readonly param: string | null = null,
  ) {
    super(message);
  }

  body(): { error: { message: string; type: string; param: string | null; code: string | null } } {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

const STATUS_OF_KIND: Partial<Record<ErrorKind, [number, string, string | null]>> = {
  'invalid-input': [400, 'invalid_request_error', null],
  usage: [400, 'invalid_request_error', null],
  'not-found': [404, 'invalid_request_error', 'model_not_found'],
  resource: [503, 'server_error', 'insufficient_memory'],
  timeout: [504, 'server_error', 'timeout'],
  cancelled: [499, 'invalid_request_error', 'cancelled'],
  model: [500, 'server_error', 'model_error'],
};

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (isSovereignError(error)) {
    const [status, type, code] = STATUS_OF_KIND[error.kind] ?? [500, 'server_error', null];
    return new ApiError(status, error.hint ? `${error.message} ${error.hint}` : error.message, type, code);
  }
  return new ApiError(500, `internal error: ${error instanceof Error ? error.message : String(error)}`, 'server_error');
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

export function sendError(res: http.ServerResponse, error: unknown): void {
  const apiError = toApiError(error);
  if (res.headersSent) {
    // Mid-stream: the status is gone; say it in the stream and stop.
    if (!res.writableEnded) res.end(`data: ${JSON.stringify(apiError.body())}\n\n`);
    return;
  }
  sendJson(res, apiError.status, apiError.body());
}
