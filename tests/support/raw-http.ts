import net from 'node:net';

/**
 * HTTP at the socket level, for what a well-behaved client never does:
 * a body shorter than its Content-Length, bytes that trickle in, headers a
 * browser would send. Resolves when the server closes the connection or
 * has sent a whole response.
 */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Whether the server closed the connection (rather than the client giving up). */
  closedByServer: boolean;
}

export interface RawExchange {
  port: number;
  /** Sent at once. */
  head: string;
  /** Sent one piece every trickleMs after the head, if given. */
  pieces?: readonly string[];
  trickleMs?: number;
  /** The client gives up after this long (the test fails on an undefined status). */
  giveUpMs?: number;
}

export function rawExchange(exchange: RawExchange): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(exchange.port, '127.0.0.1');
    let received = '';
    let timer: NodeJS.Timeout | undefined;
    let giveUp: NodeJS.Timeout | undefined;
    const finish = (closedByServer: boolean) => {
      clearInterval(timer);
      clearTimeout(giveUp);
      socket.destroy();
      resolve(parse(received, closedByServer));
    };
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
      if (complete(received)) finish(false);
    });
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? finish(true) : reject(error)));
    socket.on('connect', () => {
      socket.write(exchange.head);
      const pieces = [...(exchange.pieces ?? [])];
      if (pieces.length > 0) {
        timer = setInterval(() => {
          const piece = pieces.shift();
          if (piece === undefined) clearInterval(timer);
          else if (!socket.destroyed) socket.write(piece);
        }, exchange.trickleMs ?? 100);
      }
      giveUp = setTimeout(() => finish(false), exchange.giveUpMs ?? 20_000);
    });
  });
}

function complete(text: string): boolean {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(text.slice(0, end));
  return length !== null && Buffer.byteLength(text.slice(end + 4)) >= Number(length[1]);
}

function parse(text: string, closedByServer: boolean): RawResponse {
  const end = text.indexOf('\r\n\r\n');
  const head = end < 0 ? text : text.slice(0, end);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0), headers, body: end < 0 ? '' : text.slice(end + 4), closedByServer };
}

/** A request head with CRLFs and a Content-Length, for a body sent whole. */
export function requestHead(method: string, path: string, port: number, headers: Record<string, string>, body = ''): string {
  const lines = [`${method} ${path} HTTP/1.1`, `Host: 127.0.0.1:${port}`];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  if (body && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-length')) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return lines.join('\r\n') + '\r\n\r\n' + body;
}
