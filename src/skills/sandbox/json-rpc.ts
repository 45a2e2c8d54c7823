import { z } from 'zod';

/**
 * JSON-RPC 2.0 messages as a community skill and Sovereign exchange them:
 * one JSON text per line over a Unix socket (JSON.stringify never writes a
 * raw line break, so a line is a message). Anything a skill sends is checked
 * against these schemas before it is looked at.
 *
 * The protocol, for skill authors (tests/fixtures/skills/org.sovereign.example.WordCount
 * is a complete example):
 * - The skill connects to the socket named in SOVEREIGN_SKILL_SOCKET and
 *   sends the notification `skill.ready`.
 * - Sovereign calls `skill.health` (answer anything) and
 *   `skill.runCommand` with `{ command, args }` (answer the command's result),
 *   and sends the notification `skill.shutdown` before stopping it.
 * - The skill may call `host.readDocument {id}`, `host.listDocuments
 *   {docTypes?, offset?, limit?}`, `host.createDocument {title, docType,
 *   content, threadId?}`, `host.writeDocument {id, content, title?,
 *   message?}` and `host.writeFile {path, base64}`; each needs the
 *   permission its manifest grants, else it gets error -32001.
 * - Limits (sandbox-limits.ts): a message of more than 4 MiB, more than 200
 *   messages a second, more than 8 calls waiting at once, a line that is not
 *   JSON-RPC 2.0, or no answer within the timeout cuts the skill off.
 */
const id = z.union([z.number().int().safe(), z.string().max(64)]);

export const requestSchema = z
  .object({ jsonrpc: z.literal('2.0'), id, method: z.string().min(1).max(64), params: z.unknown().optional() })
  .strict();
export const notificationSchema = z.object({ jsonrpc: z.literal('2.0'), method: z.string().min(1).max(64), params: z.unknown().optional() }).strict();
export const errorObjectSchema = z.object({ code: z.number().int(), message: z.string().max(4096), data: z.unknown().optional() }).strict();
export const successSchema = z.object({ jsonrpc: z.literal('2.0'), id, result: z.unknown() }).strict();
export const failureSchema = z.object({ jsonrpc: z.literal('2.0'), id: id.nullable(), error: errorObjectSchema }).strict();

export type RpcId = z.infer<typeof id>;
export type RpcRequest = z.infer<typeof requestSchema>;
export type RpcNotification = z.infer<typeof notificationSchema>;
export type RpcSuccess = z.infer<typeof successSchema>;
export type RpcFailure = z.infer<typeof failureSchema>;
export type RpcMessage =
  | { type: 'request'; message: RpcRequest }
  | { type: 'notification'; message: RpcNotification }
  | { type: 'success'; message: RpcSuccess }
  | { type: 'failure'; message: RpcFailure };

/** The error codes of the JSON-RPC 2.0 spec, and ours above -32000. */
export const RPC_ERRORS = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internalError: -32603,
  /** The manifest does not grant the permission the method needs. */
  permissionDenied: -32001,
  /** The host did not finish the request in time. */
  timeout: -32002,
  /** The host refused the request (not found, invalid input, …); the message says why. */
  refused: -32003,
} as const;

/** Classifies one line; null when it is not JSON-RPC 2.0 at all. */
export function parseRpcLine(line: string): RpcMessage | null {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return null;
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return null; // batches are not used
  const keys = json as Record<string, unknown>;
  if ('method' in keys) {
    if ('id' in keys) {
      const request = requestSchema.safeParse(json);
      return request.success ? { type: 'request', message: request.data } : null;
    }
    const notification = notificationSchema.safeParse(json);
    return notification.success ? { type: 'notification', message: notification.data } : null;
  }
  if ('result' in keys) {
    const success = successSchema.safeParse(json);
    return success.success ? { type: 'success', message: success.data } : null;
  }
  const failure = failureSchema.safeParse(json);
  return failure.success ? { type: 'failure', message: failure.data } : null;
}

export function rpcLine(message: RpcRequest | RpcNotification | RpcSuccess | RpcFailure): string {
  return `${JSON.stringify(message)}\n`;
}
