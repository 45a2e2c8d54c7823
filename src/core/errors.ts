/**
 * Errors are values with a kind a caller can branch on and a message a person
 * can act on ("cannot import report.pdf: the file is truncated"). They are
 * raised at the edge where the cause is known.
 */
export type ErrorKind =
  | 'config'
  | 'usage'
  | 'not-found'
  | 'already-exists'
  | 'invalid-input'
  | 'conflict'
  | 'database'
  | 'database-locked'
  | 'database-unreachable'
  | 'io'
  | 'unsupported'
  | 'permission'
  /** The workspace is a locked vault: nothing can be read or written until it is unlocked. */
  | 'locked'
  | 'cancelled'
  | 'timeout'
  | 'model'
  | 'resource'
  | 'internal';

export interface SovereignErrorOptions {
  /** What the person can do about it, e.g. "Close the other Sovereign window". */
  hint?: string;
  cause?: unknown;
  /** Structured detail for logs and --json output. */
  detail?: Record<string, unknown>;
}

export class SovereignError extends Error {
  readonly kind: ErrorKind;
  readonly hint: string | undefined;
  readonly detail: Record<string, unknown> | undefined;

  constructor(kind: ErrorKind, message: string, options: SovereignErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SovereignError';
    this.kind = kind;
    this.hint = options.hint;
    this.detail = options.detail;
  }

  /** The message with its hint, as shown to a person. */
  describe(): string {
    return this.hint ? `${this.message}\n${this.hint}` : this.message;
  }

  toJSON(): Record<string, unknown> {
    return { kind: this.kind, message: this.message, hint: this.hint, ...(this.detail ? { detail: this.detail } : {}) };
  }
}

export function isSovereignError(value: unknown, kind?: ErrorKind): value is SovereignError {
  return value instanceof SovereignError && (kind === undefined || value.kind === kind);
}

/**
 * The message of anything thrown. Libraries throw more than Errors: the
 * SurrealDB SDK's CBOR encoder throws a plain { name, message } object,
 * which String() turns into "[object Object]".
 */
export function messageOf(value: unknown): string {
  if (value instanceof Error) return value.message;
  if (typeof value === 'object' && value !== null) {
    const { message } = value as { message?: unknown };
    if (typeof message === 'string') return message;
    try {
      return JSON.stringify(value) ?? String(value);
    } catch {
      return Object.prototype.toString.call(value);
    }
  }
  return String(value);
}

/** Wraps anything thrown into a SovereignError, keeping the original as the cause. */
export function asSovereignError(value: unknown, kind: ErrorKind = 'internal'): SovereignError {
  if (value instanceof SovereignError) return value;
  return new SovereignError(kind, messageOf(value), { cause: value });
}

/**
 * An error as it crosses to another thread, whose structured clone keeps
 * neither an Error's class nor its own fields: a SovereignError keeps its
 * kind, message, hint and detail; anything else its message and errno code.
 */
export type WireError = { kind: ErrorKind; message: string; hint?: string; detail?: Record<string, unknown> } | { kind: null; message: string; code?: string };

export function errorToWire(error: unknown): WireError {
  if (error instanceof SovereignError) {
    return { kind: error.kind, message: error.message, ...(error.hint ? { hint: error.hint } : {}), ...(error.detail ? { detail: cloneableDetail(error.detail) } : {}) };
  }
  const code = (error as { code?: unknown } | null)?.code;
  return { kind: null, message: messageOf(error), ...(typeof code === 'string' ? { code } : {}) };
}

/** The error errorToWire sent: a SovereignError again, or an Error with the message (and code). */
export function errorFromWire(wire: WireError): Error {
  if (wire.kind !== null) return new SovereignError(wire.kind, wire.message, { ...(wire.hint ? { hint: wire.hint } : {}), ...(wire.detail ? { detail: wire.detail } : {}) });
  return Object.assign(new Error(wire.message), wire.code ? { code: wire.code } : {});
}

/** An error's detail with anything that cannot be cloned (a function, a handle) dropped. */
function cloneableDetail(detail: Record<string, unknown>): Record<string, unknown> {
  try {
    return structuredClone(detail);
  } catch {
    return JSON.parse(JSON.stringify(detail)) as Record<string, unknown>;
  }
}
