/**
 * The one way to read an original by its mediaRef: ImportService.readOriginal,
 * which decrypts it in memory in a vault (there is no plain file to open).
 * Exporters and viewers take this instead of a path.
 */
export interface OriginalReader {
  readOriginal(mediaRef: string): Promise<Buffer>;
}
