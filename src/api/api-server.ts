import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { SovereignError, _, assertConnectionAllowed, createLogger, format, isLoopbackHost } from '../core/index.js';
import type { ModelBackend } from '../ai/model-backend.js';
import { ApiError, sendError, sendJson } from './api-error.js';
import { handleChatCompletions } from './chat-completions.js';
import { handleEmbeddings } from './embeddings.js';
import { PROFILE_MODEL_PREFIX, type ApiProfiles } from './profile-completions.js';
import { OriginGuard } from './origin-guard.js';
import { allowedHosts, checkHost, checkJsonContentType, checkToken, readJsonBody } from './request-guard.js';

const log = createLogger('api');

/** What the server needs from the model side, passed in so the server knows no registry. */
export interface ApiModels {
  models(): { id: string; roles: readonly string[] }[];
  /** Throws a SovereignError('not-found') for an unknown model. */
  resolve(model: string): { id: string; backend: ModelBackend };
  status(): Promise<unknown>;
}

export interface ApiServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Required when host is not a loopback address. */
  token: string;
  maxBodyBytes: number;
  /** Web origins allowed to call the API from a browser (config.toml [api] allowed_origins). */
  allowedOrigins?: readonly string[];
  /** How long a client may take to send its headers, and its body (defaults: 10 s, 30 s). */
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
  models: ApiModels;
  /** Assistant profiles, listed as "sovereign/<name>" models that answer from the documents. */
  profiles?: ApiProfiles;
}

const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
const DEFAULT_BODY_TIMEOUT_MS = 30_000;

/**
 * The OpenAI-compatible HTTP API on loopback: GET /v1/models,
 * POST /v1/chat/completions, POST /v1/embeddings, and GET /v1/status
 * (Sovereign's own: loaded models, model process RSS, last tokens/s).
 * Bound to another address it refuses to start without a token, and then
 * wants the token on every request whatever the Host header says.
 */
export class ApiServer {
  private readonly server: http.Server;
  private allowed = new Set<string>();
  private readonly inFlight = new Set<AbortController>();
  private readonly origins: OriginGuard;
  /** Listening on more than loopback: the token, not the Host header, keeps strangers out. */
  readonly exposed: boolean;
  private readonly bodyTimeoutMs: number;

  constructor(private readonly options: ApiServerOptions) {
    this.exposed = !isLoopbackHost(options.host);
    // Listening on a network interface lets other machines in: the air gap forbids it as it forbids going out.
    if (this.exposed) assertConnectionAllowed(options.host, _('serve the models to other machines'));
    if (this.exposed && !options.token) {
      throw new SovereignError('config', format(_('Refusing to serve the models on {host}: every machine that can reach it could use them, and no token is set.'), { host: options.host }), {
        hint: _('Set [api] token in config.toml to a long random string (clients send it as "Authorization: Bearer <token>"), or listen on 127.0.0.1.'),
      });
    }
    this.origins = new OriginGuard(options.allowedOrigins ?? []);
    this.bodyTimeoutMs = options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
    const headersTimeout = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
    this.server = http.createServer(
      {
        // Node's own limits on a request still arriving: headers, then the whole request. A
        // response may stream for minutes; these stop counting once the request is complete.
        headersTimeout,
        requestTimeout: headersTimeout + this.bodyTimeoutMs,
        // How often Node looks for requests past those limits (default 30 s).
        connectionsCheckingInterval: Math.min(1000, headersTimeout),
        // Node would answer a missing Host with a bare 400; checkHost answers it in the OpenAI shape.
        requireHostHeader: false,
      },
      (req, res) => void this.handle(req, res),
    );
    this.server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => answerClientError(error, socket));
  }

  async listen(): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const address = this.server.address() as AddressInfo;
    this.allowed = allowedHosts(this.options.host, address.port);
    log.info('listening', { host: this.options.host, port: address.port });
    if (this.exposed) log.warn('listening beyond loopback: every request needs the token', { host: this.options.host, port: address.port });
    return address;
  }

  get url(): string {
    const address = this.server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}/v1`;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const controller = new AbortController();
    // The client went away before the answer was complete: stop the model.
    res.on('close', () => {
      if (!res.writableFinished) controller.abort(new Error('client disconnected'));
    });
    this.inFlight.add(controller);
    try {
      if (!this.exposed) checkHost(req, this.allowed);
      const origin = this.origins.check(req);
      if (origin) for (const [name, value] of Object.entries(OriginGuard.responseHeaders(origin))) res.setHeader(name, value);
      if (req.method === 'OPTIONS') {
        OriginGuard.preflight(req, res, origin);
        return;
      }
      checkToken(req, this.options.token);
      const url = new URL(req.url ?? '/', 'http://localhost');
      const route = `${req.method} ${url.pathname.replace(/\/+$/, '')}`;
      const resolve = (model: string) => this.options.models.resolve(model);
      switch (route) {
        case 'GET /v1/models':
          sendJson(res, 200, {
            object: 'list',
            data: [
              ...this.options.models.models().map((m) => ({ id: m.id, object: 'model', created: 0, owned_by: 'sovereign', roles: m.roles })),
              ...(this.options.profiles?.names() ?? []).map((name) => ({ id: PROFILE_MODEL_PREFIX + name, object: 'model', created: 0, owned_by: 'sovereign', roles: ['profile'] })),
            ],
          });
          return;
        case 'GET /v1/status':
          sendJson(res, 200, await this.options.models.status());
          return;
        case 'POST /v1/chat/completions':
          await handleChatCompletions(await this.readBody(req), res, resolve, controller.signal, this.options.profiles);
          return;
        case 'POST /v1/embeddings':
          await handleEmbeddings(await this.readBody(req), res, resolve, controller.signal);
          return;
        default:
          if (['/v1/models', '/v1/status', '/v1/chat/completions', '/v1/embeddings'].includes(url.pathname)) {
            throw new ApiError(405, `${req.method} is not allowed on ${url.pathname}`);
          }
          throw new ApiError(404, `no such endpoint: ${req.method} ${url.pathname}`, 'invalid_request_error', 'unknown_url');
      }
    } catch (error) {
      if (controller.signal.aborted) return;
      log.debug('request failed', { url: req.url, error });
      // A body left unread (refused before reading): answer, then close the connection.
      if (!req.complete) {
        res.shouldKeepAlive = false;
        req.resume();
      }
      sendError(res, error);
    } finally {
      this.inFlight.delete(controller);
    }
  }

  private readBody(req: http.IncomingMessage): Promise<unknown> {
    checkJsonContentType(req);
    return readJsonBody(req, this.options.maxBodyBytes, this.bodyTimeoutMs);
  }

  /** Stops accepting, cancels generations in flight and closes every connection. */
  async close(): Promise<void> {
    for (const controller of this.inFlight) controller.abort(new Error('server shutting down'));
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

/**
 * What Node could not parse as HTTP, or what did not arrive in time, is
 * answered in the same OpenAI shape as every other error (Node's default is
 * a bare status line), then the connection is closed.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  // A response already under way on this socket (or a socket already gone) cannot take another.
  if (error.code === 'ECONNRESET' || !socket.writable || (socket as Duplex & { _httpMessage?: unknown })._httpMessage) {
    socket.destroy();
    return;
  }
  const [status, reason, message] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'Request Timeout', 'the request headers did not arrive in time']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large', 'the request headers are too large']
        : [400, 'Bad Request', `the request is not valid HTTP (${error.code ?? error.message})`];
  const body = JSON.stringify(new ApiError(status, message, 'invalid_request_error', status === 408 ? 'request_timeout' : 'bad_request').body());
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}
