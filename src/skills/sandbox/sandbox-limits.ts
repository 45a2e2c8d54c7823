/**
 * What a community skill may cost the host before it is cut off. A skill is
 * a guest: these bound the memory, time and attention it can take from the
 * process that owns the user's database and window.
 */
export interface SandboxLimits {
  /** Largest message a skill may send. Writing a 1 MB note base64-free fits; a runaway loop does not. */
  maxMessageBytes: number;
  /** Messages a skill may send in any one-second window; a real skill sends a handful per command. */
  maxMessagesPerSecond: number;
  /** Host calls a skill may have in flight at once; more means it does not wait for answers. */
  maxPendingHostCalls: number;
  /** How long the host gives a store call on the skill's behalf before answering with a timeout error. */
  hostCallTimeoutMs: number;
  /** How long a skill has to answer a request (health, a command) before it is cut off. */
  requestTimeoutMs: number;
  /** How long a skill has to start and say it is ready; node's own start takes ~0.1-0.3 s here. */
  startTimeoutMs: number;
  /** Bytes the host will queue for a skill that does not read its socket. */
  maxQueuedBytes: number;
  /** V8 heap limit for the skill's node, in MiB. */
  heapMiB: number;
}

export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = {
  maxMessageBytes: 4 * 1024 * 1024,
  maxMessagesPerSecond: 200,
  maxPendingHostCalls: 8,
  hostCallTimeoutMs: 10_000,
  requestTimeoutMs: 5_000,
  startTimeoutMs: 10_000,
  maxQueuedBytes: 16 * 1024 * 1024,
  heapMiB: 128,
};
