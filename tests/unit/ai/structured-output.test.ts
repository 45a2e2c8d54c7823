import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseStructuredOutput, toGrammarSchema } from '../../../src/ai/structured-output.js';
import { isSovereignError } from '../../../src/core/index.js';

const schema = {
  type: 'object',
  properties: {
    score: { type: 'number', minimum: 0, maximum: 1 },
    count: { type: 'integer', minimum: 1, maximum: 5 },
    title: { type: 'string', maxLength: 4 },
    tags: { type: 'array', items: { type: 'string' }, maxItems: 2 },
  },
  required: ['score', 'count', 'title'],
};

test('numbers outside the bounds are clamped, integers rounded', () => {
  assert.deepEqual(parseStructuredOutput('{"score": 7.5, "count": 0.2, "title": "ab"}', schema), { score: 1, count: 1, title: 'ab' });
  assert.deepEqual(parseStructuredOutput('{"score": -3, "count": 4.6, "title": "ab"}', schema), { score: 0, count: 5, title: 'ab' });
});

test('a number the grammar let grow to Infinity is clamped to its maximum', () => {
  assert.equal((parseStructuredOutput('{"score": 1E999, "count": 2, "title": "x"}', schema) as { score: number }).score, 1);
});

test('an unbounded Infinity is rejected, not passed on', () => {
  assert.throws(() => parseStructuredOutput('{"v": 1E999}', { type: 'object', properties: { v: { type: 'number' } } }), /does not match the schema at \$\.v/);
});

test('strings are cut to maxLength in code points and arrays to maxItems', () => {
  const value = parseStructuredOutput('{"score": 0.5, "count": 2, "title": "😀😀😀😀😀😀", "tags": ["a", "b", "c"]}', schema) as { title: string; tags: string[] };
  assert.equal(value.title, '😀😀😀😀');
  assert.deepEqual(value.tags, ['a', 'b']);
});

test('missing required fields and invalid JSON are clear model errors', () => {
  assert.throws(() => parseStructuredOutput('{"score": 0.5}', schema), (error: unknown) => isSovereignError(error, 'model') && /\$\.count/.test(error.message));
  assert.throws(() => parseStructuredOutput('{"score": ', schema), /did not produce valid JSON/);
});

test('the grammar schema drops what only code can enforce and closes objects', () => {
  const grammar = toGrammarSchema({ ...schema, title: 'Doc', $schema: 'x' });
  assert.equal(grammar['additionalProperties'], false);
  const properties = grammar['properties'] as Record<string, Record<string, unknown>>;
  assert.equal(properties['score']!['minimum'], undefined);
  assert.equal(properties['title']!['maxLength'], 4);
  assert.equal(grammar['title'], undefined);
});

test('unsupported keywords are refused with the path where they appear', () => {
  assert.throws(() => toGrammarSchema({ type: 'object', properties: { a: { $ref: '#/x' } } }), (error: unknown) => isSovereignError(error, 'invalid-input') && /\$\.a/.test(error.message) && /\$ref/.test(error.message));
  assert.throws(() => toGrammarSchema({ type: 'decimal' }), /unknown type "decimal"/);
});
