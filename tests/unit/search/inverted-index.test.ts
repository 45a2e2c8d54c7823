import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvertedIndex, type IndexedDocument } from '../../../src/search/inverted-index.js';
import { termFrequencies } from '../../../src/search/tokenize.js';
import { seededRandom } from '../../fixtures/workspace-fixture.js';

function doc(id: string, title: string, content: string, extra: Partial<IndexedDocument> = {}): IndexedDocument {
  return { id, title, text: content, content, docType: 'markdown', threadId: null, modifiedAt: 0, ...extra };
}

function ids(index: InvertedIndex, query: string, limit = 20): string[] {
  return index.search(query, limit).hits.map((hit) => index.id(hit.ordinal));
}


const VOCABULARY = ['harbour', 'lantern', 'orchard', 'granite', 'meadow', 'quarry', 'saddle', 'thimble', 'walnut', 'zephyr', 'budget', 'ledger', 'the', 'with'];

function corpus(count: number, seed: number): IndexedDocument[] {
  const next = seededRandom(seed);
  const pick = () => VOCABULARY[Math.floor(next() * VOCABULARY.length)]!;
  return Array.from({ length: count }, (_, i) => {
    const words = Array.from({ length: 5 + Math.floor(next() * 40) }, pick);
    return doc(`d${i}`, `${pick()} ${pick()}`, words.join(' '), { modifiedAt: i });
  });
}

test('a document with the word in its title ranks above one that only mentions it, however often', () => {
  const index = new InvertedIndex();
  index.upsert(doc('mentions', 'Weekly notes', 'budget budget budget budget budget budget and more budget'));
  index.upsert(doc('titled', 'Budget for March', 'Numbers for the spring.'));
  index.upsert(doc('other', 'Garden', 'Tomatoes and beans.'));
  assert.deepEqual(ids(index, 'budget '), ['titled', 'mentions']);
});

test('every word of the query must match, and a rarer word counts for more', () => {
  const index = new InvertedIndex();
  index.upsert(doc('both', 'Trip', 'harbour lantern'));
  index.upsert(doc('harbour-only', 'Trip', 'harbour harbour'));
  index.upsert(doc('lantern-only', 'Trip', 'lantern'));
  assert.deepEqual(ids(index, 'harbour lantern '), ['both']);

  const weighted = new InvertedIndex();
  weighted.upsert(doc('more-lantern', 'Trip', 'lantern lantern harbour'));
  weighted.upsert(doc('more-harbour', 'Trip', 'harbour harbour lantern'));
  for (let i = 0; i < 10; i++) weighted.upsert(doc(`common-${i}`, 'Filler', 'harbour'));
  // "lantern" is in 2 documents, "harbour" in 12: repeating the rare word weighs more.
  assert.deepEqual(ids(weighted, 'harbour lantern '), ['more-lantern', 'more-harbour']);
});

test('the word being typed completes as a prefix, and a one-letter typo still finds the document', () => {
  const index = new InvertedIndex();
  index.upsert(doc('a', 'Quarterly ledger', 'Accounts of the granite quarry.'));
  assert.deepEqual(ids(index, 'ledg'), ['a'], 'an unfinished last word matches its completions');
  assert.deepEqual(ids(index, 'ledg '), [], 'a finished word is matched exactly');
  assert.deepEqual(ids(index, 'qaurry '), ['a'], 'two swapped letters are one typo');
  assert.deepEqual(ids(index, 'zzzzzz '), []);
});

test('a removed document is no longer found, and an updated one is found by its new words only', () => {
  const index = new InvertedIndex();
  index.upsert(doc('a', 'Walnut', 'orchard notes'));
  index.upsert(doc('b', 'Meadow', 'orchard plans'));
  index.remove('a');
  assert.deepEqual(ids(index, 'orchard '), ['b']);
  assert.equal(index.size, 1);
  index.upsert(doc('b', 'Meadow', 'saddle repairs'));
  assert.deepEqual(ids(index, 'orchard '), []);
  assert.deepEqual(ids(index, 'saddle '), ['b']);
  assert.equal(index.size, 1);
});

test('filters by type, thread and date keep only the matching documents', () => {
  const index = new InvertedIndex();
  index.upsert(doc('pdf-in-t1', 'Ledger', 'ledger', { docType: 'pdf', threadId: 't1', modifiedAt: 100 }));
  index.upsert(doc('md-in-t1', 'Ledger', 'ledger', { threadId: 't1', modifiedAt: 200 }));
  index.upsert(doc('md-in-t2', 'Ledger', 'ledger', { threadId: 't2', modifiedAt: 300 }));
  const found = (filter: Parameters<InvertedIndex['search']>[2]) =>
    new Set(index.search('ledger ', 10, filter).hits.map((hit) => index.id(hit.ordinal)));
  assert.deepEqual(found({ docTypes: new Set(['pdf']) }), new Set(['pdf-in-t1']));
  assert.deepEqual(found({ threadIds: new Set(['t2']) }), new Set(['md-in-t2']));
  assert.deepEqual(found({ from: 150, until: 250 }), new Set(['md-in-t1']));
});

test('compacting an index that saw updates and removals ranks exactly like a fresh build of the same documents', () => {
  const documents = corpus(400, 7);
  const edited = new InvertedIndex();
  for (const d of documents) edited.upsert(d);
  // Freeze once, then change a third of the documents on top of the frozen base.
  const frozen = new InvertedIndex(edited.columns());
  const next = seededRandom(11);
  const final = new Map(documents.map((d) => [d.id, d]));
  for (const d of documents) {
    const roll = next();
    if (roll < 0.15) {
      frozen.remove(d.id);
      final.delete(d.id);
    } else if (roll < 0.35) {
      const changed = { ...d, title: `${d.title} walnut`, content: `${d.content} zephyr thimble` };
      frozen.upsert(changed);
      final.set(d.id, changed);
    }
  }
  assert.ok(frozen.pendingCount > 0, 'the edits sit on top of the frozen base');
  const compacted = new InvertedIndex(frozen.columns());
  const fresh = new InvertedIndex();
  for (const d of final.values()) fresh.upsert(d);

  assert.equal(compacted.size, fresh.size);
  assert.equal(compacted.pendingCount, 0);
  for (const query of ['walnut ', 'zephyr thimble ', 'harbour ', 'budget ledger ', 'gran', 'orchrad ', 'w', 'the ledger ', 'walnut th', 'the with ', 'wi']) {
    const want = fresh.search(query, 1000).hits.map((hit) => ({ id: fresh.id(hit.ordinal), score: hit.score }));
    const got = compacted.search(query, 1000).hits.map((hit) => ({ id: compacted.id(hit.ordinal), score: hit.score }));
    const before = frozen.search(query, 1000).hits.map((hit) => ({ id: frozen.id(hit.ordinal), score: hit.score }));
    assert.ok(want.length > 0, `"${query}" finds something`);
    assert.equal(got.length, want.length, `"${query}": same number of hits`);
    got.forEach((hit, i) => assert.ok(Math.abs(hit.score - want[i]!.score) < 1e-4, `"${query}" #${i}: score ${hit.score} vs ${want[i]!.score}`));
    // Equal scores may come in either order; the set of ids at each score must agree.
    const key = (list: typeof want) => list.map((hit) => `${hit.score.toFixed(4)}:${hit.id}`).sort();
    assert.deepEqual(key(got), key(want), `"${query}": same documents at the same scores`);
    // Before compaction the replaced versions still count in a word's document
    // frequency, so scores may differ slightly; the documents found may not.
    assert.deepEqual(new Set(before.map((hit) => hit.id)), new Set(want.map((hit) => hit.id)), `"${query}": same documents before compaction`);
  }
});

test('a one-letter prefix already completes, and a title that starts with it ranks first', () => {
  const index = new InvertedIndex();
  index.upsert(doc('titled', 'Budget for March', 'Numbers for the spring.'));
  index.upsert(doc('mentions', 'Garden', 'Sow beans in April.'));
  index.upsert(doc('neither', 'Weather', 'Cold and wet.'));
  assert.deepEqual(ids(index, 'b'), ['titled', 'mentions']);
  assert.deepEqual(ids(index, 'march b'), ['titled'], 'the one letter being typed narrows the other words');
});

test('a one-letter prefix completes to the words in the most documents first', () => {
  const index = new InvertedIndex();
  for (let i = 0; i < 40; i++) index.upsert(doc(`budget-${i}`, 'Note', `budget line ${i}`));
  // 300 rare words starting with the same letter, one document each.
  for (let i = 0; i < 300; i++) index.upsert(doc(`rare-${i}`, 'Note', `b${i}x`));
  const found = ids(index, 'b', 400);
  assert.ok(Array.from({ length: 40 }, (_, i) => `budget-${i}`).every((id) => found.includes(id)), 'every document with the common completion is found');
  // A letter's rarest completions are left out so that one keystroke stays fast.
  assert.ok(found.length < 340, `found ${found.length} of 340`);
  assert.deepEqual(ids(index, 'b1x'), ['rare-1'], 'a longer prefix reaches the rare words');
});

test('the word being typed completes even when it is a stop word', () => {
  const index = new InvertedIndex();
  index.upsert(doc('because', 'Reasons', 'It rained because of the front.'));
  index.upsert(doc('tomato', 'Garden', 'A tomato plant.'));
  index.upsert(doc('withers', 'Horses', 'Measured at the withers.'));
  index.upsert(doc('other', 'Weather', 'Cold and wet.'));
  assert.deepEqual(ids(index, 'be'), ['because']);
  assert.deepEqual(ids(index, 'to'), ['tomato']);
  assert.deepEqual(ids(index, 'with'), ['withers']);
  assert.deepEqual(ids(index, 'horses with'), ['withers'], 'also after another word');
});

test('a query of only stop words finds the documents that contain them', () => {
  const index = new InvertedIndex();
  index.upsert(doc('hamlet', 'Hamlet', 'To be, or not to be, that is the question.'));
  index.upsert(doc('band', 'Bands', 'The Who played in 1969.'));
  index.upsert(doc('other', 'Weather', 'Cold and wet today.'));
  index.upsert(doc('knot', 'Sailing', 'A reef knot is not a granny knot.'));
  assert.deepEqual(ids(index, 'the who '), ['band']);
  assert.deepEqual(ids(index, 'to be or not to be'), ['hamlet'], 'the prefix "be" and the word "not" select; the stop words rank');
  assert.deepEqual(ids(index, 'to be or not to be ')[0], 'hamlet', 'with the words finished, the document with all of them ranks first');
});

test('a stop word next to other words ranks but does not narrow, so "the budget" finds what "budget" finds', () => {
  const index = new InvertedIndex();
  index.upsert(doc('with-the', 'Plans', 'the budget for spring'));
  index.upsert(doc('without', 'Plans', 'budget spring'));
  assert.deepEqual(new Set(ids(index, 'the budget ')), new Set(ids(index, 'budget ')));
  assert.equal(ids(index, 'the budget ').length, 2);
});

test('a prefix completes to a stop word only when nothing else completes, as a stop word would select every document', () => {
  const index = new InvertedIndex();
  index.upsert(doc('budget', 'Plans', 'the budget is set'));
  for (let i = 0; i < 20; i++) index.upsert(doc(`filler-${i}`, 'Note', 'it will be done by noon but later'));
  assert.deepEqual(ids(index, 'b'), ['budget']);
  assert.equal(ids(index, 'wi', 50).length, 20, '"wi" has only "will" to complete to');
});

test('the index keeps, for every document and term, the title and content counts that termFrequencies gives', () => {
  const documents = [
    doc('a', 'Budget budget', 'budget plan plan the plan'),
    doc('b', 'The who', 'the who the who the'),
    doc('c', 'x', `${'many '.repeat(5000)}few`),
    ...corpus(50, 3),
  ];
  const index = new InvertedIndex();
  for (const d of documents) index.upsert(d);
  const columns = index.columns();
  const postings = columns.postings.all();
  for (const [ordinal, d] of documents.entries()) {
    const { terms } = termFrequencies(d.title, d.content);
    for (const [term, packed] of terms) {
      let t = 0;
      while (columns.terms.at(t) !== term) t++;
      const from = columns.termOffsets[t]!;
      const to = columns.termOffsets[t + 1]!;
      const at = postings.ordinals.subarray(from, to).indexOf(ordinal);
      assert.ok(at >= 0, `${d.id} is in the postings of "${term}"`);
      assert.equal(postings.tfs[from + at], packed, `${d.id}, "${term}"`);
    }
  }
});
