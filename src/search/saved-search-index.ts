// log.js, not the core index: importing search must stay light (no config schema, no zod).
import { createLogger } from '../core/log.js';
import { IndexFileError, readIndexFile } from './index-file.js';
import { IndexQueries } from './index-queries.js';
import { InvertedIndex } from './inverted-index.js';

const log = createLogger('search');

/**
 * A plain workspace's saved search index, read without its store: what the
 * index knew when it was last saved, for answering searches in the time
 * the store takes to open (the D-Bus service's first answers to the Shell,
 * 150–300 ms of a cold start). It follows no changes and is never written;
 * the index opened over the store takes its place.
 */
export class SavedSearchIndex extends IndexQueries {
  close(): void {
    this.index.close();
  }
}

/** The saved index at `file` for the store at `location`, or undefined when there is none for it (a vault's is sealed: not read here). */
export async function openSavedSearchIndex(file: string, location: string): Promise<SavedSearchIndex | undefined> {
  if (location.startsWith('mem:')) return undefined;
  try {
    const saved = await readIndexFile(file, location);
    return saved && new SavedSearchIndex(new InvertedIndex(saved.columns));
  } catch (error) {
    // The index opened over the store reports the file and rebuilds it.
    if (!(error instanceof IndexFileError)) log.debug('the saved search index could not be read on its own', { file, error });
    return undefined;
  }
}
