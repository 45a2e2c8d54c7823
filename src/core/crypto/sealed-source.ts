/** Why a sealed file did not open: the caller names the file in its own error. */
export class SealedFileError extends Error {}

/** Sealed bytes read by position (an open file, or a buffer). */
export interface SealedSource {
  readonly size: number;
  /** Reads up to `length` bytes at `position` into `target` at `offset`; returns how many were read. */
  read(target: Uint8Array, offset: number, length: number, position: number): number;
  close(): void;
}
