import type { SovereignConfig } from '../../core/index.js';
import { connectSurreal } from './connect.js';

/** The version the embedded SurrealDB engine reports of itself ("surrealdb-3.0.2"), from a throwaway in-memory database. */
export async function embeddedEngineVersion(config: SovereignConfig['store']): Promise<string> {
  const db = await connectSurreal('mem://', config);
  try {
    return (await db.version()).version;
  } finally {
    await db.close();
  }
}
