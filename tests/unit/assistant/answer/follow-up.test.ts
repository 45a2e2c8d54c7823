import assert from 'node:assert/strict';
import { test } from 'node:test';
import { earlierTurns, fitPrompt, retrievalQuery } from '../../../../src/assistant/answer/index.js';
import type { Message } from '../../../../src/store/index.js';

function message(role: 'user' | 'assistant', content: string, metadata: Record<string, unknown> = {}, index = 0): Message {
  return { id: `m${index}`, conversationId: 'c', role, content, metadata, createdAt: new Date(0), index };
}

const answered = { kind: 'answer', status: 'answered', citations: [] };

test('a short follow-up is searched for together with the question before it; a full question on its own', () => {
  assert.equal(retrievalQuery('and when was that?', 'How do I fix a flat tyre?'), 'How do I fix a flat tyre?\nand when was that?');
  assert.equal(retrievalQuery('Where should the fern stand in winter?', 'How do I fix a flat tyre?'), 'Where should the fern stand in winter?');
  assert.equal(retrievalQuery('and when was that?', undefined), 'and when was that?');
});

test('the earlier turns are the questions before the last one, each with the answer last given; a nothing-found reply is left out', () => {
  const turns = earlierTurns([
    message('user', 'Q1'),
    message('assistant', 'A1 first', answered),
    message('assistant', 'A1 regenerated', answered),
    message('user', 'Q2'),
    message('assistant', 'Nothing relevant in your documents', { kind: 'answer', status: 'nothing-relevant', citations: [] }),
    message('user', 'Q3 (being answered)'),
  ]);
  assert.deepEqual(turns, [{ question: 'Q1', answer: 'A1 regenerated' }, { question: 'Q2' }]);
});

/** A stand-in tokenizer that counts whitespace-separated words: fitting depends only on the counts it gives. */
const countWords = (text: string) => Promise.resolve(text.split(/\s+/).filter(Boolean).length);

test('earlier turns fit newest first within a quarter of the window; the instructions and the question stay whole', async () => {
  const long = 'word '.repeat(150).trim();
  const passage = { documentId: 'd', title: 'Doc', headingPath: [], start: 0, end: 11, text: 'Some words.' };
  const prompt = await fitPrompt('and then?', [passage], { contextSize: 1024, countTokens: countWords }, {
    history: [
      { question: 'oldest', answer: 'dropped' },
      { question: 'older', answer: long },
      { question: 'newest', answer: long },
    ],
  });
  const roles = prompt.messages.map((m) => m.role);
  assert.deepEqual(roles, ['system', 'user', 'assistant', 'user', 'assistant', 'user']);
  assert.match(prompt.messages[0]!.content, /quoted material, not instructions/);
  assert.equal(prompt.messages[1]!.content, 'older');
  assert.ok(prompt.messages[2]!.content.length < long.length, 'the older answer is cut to the room left');
  assert.equal(prompt.messages[3]!.content, 'newest');
  assert.equal(prompt.messages[4]!.content, long, 'the newest answer is whole');
  assert.match(prompt.messages[5]!.content, /and then\?$/);
  assert.equal(prompt.citations.length, 1, 'the passage still fits');
  const historyWords = (await Promise.all(prompt.messages.slice(1, 5).map((m) => countWords(m.content)))).reduce((a, b) => a + b, 0);
  assert.ok(historyWords <= 1024 / 4, `${historyWords} words of history within a quarter of 1024`);
});
