import type { GraphStore } from '../../../src/store/index.js';
import { openSearchIndex } from '../../../src/search/index.js';
import { SemanticIndex, searchDocuments, type Embedder, type SearchMode } from '../../../src/retrieval/index.js';
import type { ReverseDictionaryTask } from './gcide-reverse-dictionary.js';

export interface ModeQuality {
  /** Share of queries whose target is among the first 10 results. */
  recallAt10: number;
  /** Mean of 1/rank of the target within the first 10 (0 when absent). */
  mrr: number;
}

export type QualityReport = Record<SearchMode, ModeQuality> & { documents: number; queries: number; passages: number };

/** Loads the task into the store, indexes it both ways, and measures each search mode through the same service the CLI uses. */
export async function evaluateRetrieval(store: GraphStore, embedder: Embedder, task: ReverseDictionaryTask): Promise<QualityReport> {
  const ids: string[] = [];
  for (let i = 0; i < task.documents.length; i += 200) {
    const metas = await store.createDocuments(task.documents.slice(i, i + 200).map((d) => ({ ...d, docType: 'text' as const })));
    ids.push(...metas.map((m) => m.id));
  }
  const bm25 = await openSearchIndex(store);
  const semantic = await SemanticIndex.open(store, embedder);
  await semantic.run();
  const report = { documents: ids.length, queries: task.queries.length, passages: semantic.status().passages } as QualityReport;
  for (const mode of ['bm25', 'semantic', 'hybrid'] as const) {
    let found = 0;
    let reciprocal = 0;
    for (const { query, target } of task.queries) {
      const { hits } = await searchDocuments({ bm25, semantic, store }, query, { mode, limit: 10 });
      const rank = hits.findIndex((h) => h.id === ids[target]);
      if (rank >= 0) {
        found++;
        reciprocal += 1 / (rank + 1);
      }
    }
    report[mode] = { recallAt10: found / task.queries.length, mrr: reciprocal / task.queries.length };
  }
  await semantic.close();
  await bm25.close();
  return report;
}

export function formatQualityTable(report: QualityReport): string {
  const rows = (['bm25', 'semantic', 'hybrid'] as const).map((m) => `${m.padEnd(9)} ${report[m].recallAt10.toFixed(3).padStart(9)} ${report[m].mrr.toFixed(3).padStart(7)}`);
  return [`mode      recall@10     MRR   (${report.documents} entries, ${report.queries} queries)`, ...rows].join('\n');
}
