import type { WireError } from './protocol.js';

/** An error the host reports with its kind, so the app can tell a client's mistake from a broken model. */
export class HostError extends Error {
  constructor(
    readonly kind: WireError['kind'],
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}
