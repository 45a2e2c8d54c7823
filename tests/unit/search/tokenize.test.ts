import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countTerms } from '../../../src/search/term-counter.js';
import { TITLE_SHIFT, indexTerms, termFrequencies, tokenize, withinOneEdit } from '../../../src/search/tokenize.js';

test('text is split into lower-case words at anything that is not a letter or digit', () => {
  assert.deepEqual(tokenize('Budget-2024: Q3 (draft)/final'), ['budget', '2024', 'q3', 'draft', 'final']);
  assert.deepEqual(tokenize('Café Größe ÉTÉ'), ['café', 'größe', 'été']);
});

test('common words that narrow nothing are left out', () => {
  assert.deepEqual(tokenize('The budget of the year is in the ledger'), ['budget', 'year', 'ledger']);
});

test('the indexed terms keep the stop words, so a query of only stop words can find them', () => {
  assert.deepEqual(indexTerms('To be or not to be'), ['to', 'be', 'or', 'not', 'to', 'be']);
});

test('stop words are counted as terms but not in the content length, so other words rank as before', () => {
  const { terms, length } = termFrequencies('The plan', 'the plan for the budget');
  assert.equal(terms.get('the'), (1 << TITLE_SHIFT) | 2, 'once in the title, twice in the content');
  assert.equal(length, 2, 'plan and budget');
});

test('a run of over 40 letters (a hash, a URL fragment) is not a searchable word', () => {
  const hash = 'a'.repeat(41);
  assert.deepEqual(tokenize(`commit ${hash} merged`), ['commit', 'merged']);
  assert.deepEqual(tokenize('x'.repeat(40)), ['x'.repeat(40)]);
});

test('Chinese, Japanese and Thai phrases, written without spaces, are split into their words', () => {
  assert.deepEqual(tokenize('我们今天讨论预算问题'), ['我们', '今天', '讨论', '预算', '问题']);
  assert.ok(tokenize('東京都の予算会議').includes('予算'), 'the Japanese word for budget is a term');
  assert.deepEqual(tokenize('งบประมาณของโครงการ'), ['งบ', 'ประมาณ', 'ของ', 'โครงการ']);
  // Mixed with Latin words, each keeps its own rule.
  assert.deepEqual(tokenize('Q3 预算 budget'), ['q3', '预算', 'budget']);
});

test('a long phrase without spaces is split in pieces and not one character of it is lost', () => {
  const phrase = '预算'.repeat(400);
  assert.equal(tokenize(phrase).join(''), phrase);
});

test('term frequencies count title and content separately and measure the content length', () => {
  const { terms, length } = termFrequencies('Budget budget', 'budget plan plan plan');
  const budget = terms.get('budget')!;
  assert.equal(budget >> TITLE_SHIFT, 2, 'twice in the title');
  assert.equal(budget & ((1 << TITLE_SHIFT) - 1), 1, 'once in the content');
  assert.equal(terms.get('plan'), 3);
  assert.equal(length, 4);
});

test('one insertion, deletion, substitution or swap is one edit; two are not', () => {
  assert.ok(withinOneEdit('ledger', 'ledger'));
  assert.ok(withinOneEdit('ledger', 'ledgr'));
  assert.ok(withinOneEdit('ledger', 'ledgers'));
  assert.ok(withinOneEdit('ledger', 'lodger'));
  assert.ok(withinOneEdit('ledger', 'ledgre'));
  assert.ok(!withinOneEdit('ledger', 'lodgre'));
  assert.ok(!withinOneEdit('ledger', 'ledgerss'));
});

test('a long document is counted in the tokeniser thread to exactly the terms and counts it has, while the loop keeps turning', async () => {
  const content = Array.from({ length: 3000 }, (_, n) => `Paragraph ${n} about the ledger, the budget and café ${n % 13}.\n\n`).join('');
  assert.ok(content.length > 100_000);
  let turns = 0;
  const ticking = setInterval(() => turns++, 0);
  let counted;
  try {
    counted = await countTerms('Ledger notes', content);
  } finally {
    clearInterval(ticking);
  }
  assert.deepEqual(counted, termFrequencies('Ledger notes', content));
  // 3000 mentions of "ledger" in the content, one in the title.
  assert.equal(counted.terms.get('ledger'), (1 << TITLE_SHIFT) + 3000);
  assert.ok(turns > 0, 'timers ran while the thread counted');
});
