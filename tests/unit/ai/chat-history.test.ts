import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toChatHistory } from '../../../src/ai/chat-history.js';

test('system, user and assistant messages map to node-llama-cpp history items', () => {
  assert.deepEqual(
    toChatHistory([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello' },
    ]),
    [
      { type: 'system', text: 'Be brief.' },
      { type: 'user', text: 'Hi' },
      { type: 'model', response: ['Hello'] },
    ],
  );
});

test('tool calls carry the results the tool messages gave them', () => {
  const history = toChatHistory([
    { role: 'user', content: 'Weather?' },
    { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'weather', arguments: '{"city":"Oslo"}' }] },
    { role: 'tool', content: 'rain', toolCallId: 'call_1' },
    { role: 'tool', content: 'orphan result', toolCallId: 'call_unknown' },
  ]);
  assert.deepEqual(history, [
    { type: 'user', text: 'Weather?' },
    { type: 'model', response: [{ type: 'functionCall', name: 'weather', params: { city: 'Oslo' }, result: 'rain' }] },
    { type: 'user', text: 'orphan result' },
  ]);
});
