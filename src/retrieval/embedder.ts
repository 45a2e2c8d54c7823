/**
 * Turns texts into unit-length vectors, so a dot product is the cosine
 * similarity. The built-in sentence encoder implements it; a GGUF embedding
 * model from the model registry (role 'embedding') can implement it later
 * and take over. Implementations run the model outside the caller's process
 * or thread: embedding must never make the window wait.
 */
export interface Embedder {
  /** Names the model; vectors from two different ids are not comparable. */
  readonly id: string;
  readonly dimensions: number;
  /** One L2-normalised vector per text, in order. Rejects with a 'cancelled' SovereignError when the signal aborts. */
  embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]>;
  /** Stops the model; later calls reject. */
  close(): Promise<void>;
}
