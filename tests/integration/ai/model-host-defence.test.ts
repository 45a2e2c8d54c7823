import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { ModelHostProcess } from '../../../src/ai/host/model-host-process.js';
import { isSovereignError } from '../../../src/core/index.js';
import { testModels } from '../../support/ai-server.js';

/**
 * The model host's own defence (issue 17 item 7): whatever reaches it that
 * the app's checks did not stop fails that one request, not the process and
 * every model and stream in it.
 */
const host = new ModelHostProcess({ threads: 1 });
after(() => host.stop());

test('a grammar that cannot be built, and a request that is not JSON, fail only that request', { timeout: 120_000 }, async () => {
  const file = testModels().chat;
  await host.request('load', { path: file, purpose: 'chat', options: { contextSize: 512, threads: 1, parallelSequences: 1 } });
  const pid = host.pid;
  // Past the app's limits on purpose: 20,000 levels, written as text so no JS value of that depth exists here.
  const deepSchema = '{"type":"object","properties":{"a":'.repeat(20_000) + '{"type":"string"}' + '}}'.repeat(20_000);
  const requestJson = `{"history":[{"type":"user","text":"hi"}],"maxTokens":4,"grammarSchema":${deepSchema}}`;
  await assert.rejects(host.request('generate', { path: file, requestJson }), (error: unknown) => {
    assert.ok(isSovereignError(error, 'invalid-input'), String(error));
    assert.match(error.message, /no grammar could be built from the JSON schema/);
    return true;
  });
  await assert.rejects(host.request('generate', { path: file, requestJson: '{"history": [' }), (error: unknown) => isSovereignError(error, 'invalid-input') && /not valid JSON/.test(error.message));
  const result = await host.request('generate', { path: file, requestJson: JSON.stringify({ history: [{ type: 'user', text: 'hello' }], maxTokens: 4 }) });
  assert.equal(result.completionTokens, 4);
  assert.equal(host.pid, pid, 'the same model process answered');
  assert.equal(host.crashCount, 0);
});
