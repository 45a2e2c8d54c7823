import { SovereignError, _, format, type SovereignConfig } from '../../core/index.js';
import { closeSurreal, connectSurreal } from '../connection/connect.js';
import { migrate } from '../schema/migrate.js';
import { verifySchema } from '../schema/verify-schema.js';
import { databaseError } from '../surreal/session.js';

export interface ImportedSnapshot {
  documents: number;
}

/**
 * Loads a snapshot written by GraphStore.exportSnapshot() into a NEW embedded
 * database folder (which must not exist yet), brings its schema up to this
 * version, and closes it. Records keep their ids, dates and event seqs.
 * The folder is left for the caller to swap in; the engine keeps its lock
 * on it until this process exits, so it cannot be reopened here.
 */
export async function importSnapshot(dir: string, snapshot: AsyncIterable<Uint8Array>, config: SovereignConfig['store']): Promise<ImportedSnapshot> {
  const db = await connectSurreal(`rocksdb://${dir}`, config);
  try {
    const iterator = snapshot[Symbol.asyncIterator]();
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await iterator.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
    });
    try {
      await db.import(stream);
    } catch (error) {
      throw databaseError(error);
    }
    await migrate(db);
    await verifySchema(db);
    const [rows] = await db.query<[{ count: number }[]]>('SELECT count() AS count FROM document GROUP ALL').collect();
    const documents = Number(rows?.[0]?.count ?? 0);
    return { documents };
  } catch (error) {
    if (error instanceof SovereignError) throw error;
    throw new SovereignError('database', format(_('The backup could not be loaded into {path}: {reason}'), { path: dir, reason: String(error) }), { cause: error });
  } finally {
    await closeSurreal(db);
  }
}
