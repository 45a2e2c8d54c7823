import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { SentenceEncoder } from '../../../src/retrieval/index.js';
import { loadReverseDictionary } from '../../bench/retrieval/gcide-reverse-dictionary.js';
import { evaluateRetrieval, formatQualityTable } from '../../bench/retrieval/evaluate-retrieval.js';
import { exitWhenDone, openTestStore } from '../../support/store.js';

exitWhenDone();

test('on 300 dictionary entries, hybrid search finds definitions at least as well as words alone or meaning alone', async () => {
  const encoder = await SentenceEncoder.open();
  after(() => encoder.close());
  const store = await openTestStore('mem');
  const report = await evaluateRetrieval(store, encoder, loadReverseDictionary(300));
  process.stdout.write(`${formatQualityTable(report)}\n`);
  assert.equal(report.queries, 300);
  for (const other of ['bm25', 'semantic'] as const) {
    assert.ok(report.hybrid.recallAt10 >= report[other].recallAt10, `recall@10: hybrid ${report.hybrid.recallAt10} vs ${other} ${report[other].recallAt10}`);
    assert.ok(report.hybrid.mrr >= report[other].mrr, `MRR: hybrid ${report.hybrid.mrr} vs ${other} ${report[other].mrr}`);
  }
});
