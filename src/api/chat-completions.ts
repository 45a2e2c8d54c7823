import type http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { GenerateResult, ModelBackend } from '../ai/model-backend.js';
import { sendJson } from './api-error.js';
import { parseChatRequest, toGenerateRequest } from './chat-request.js';
import { PROFILE_MODEL_PREFIX, handleProfileCompletion, type ApiProfiles } from './profile-completions.js';

/**
 * POST /v1/chat/completions, plain and streamed (server-sent events ending
 * with [DONE]). The generation is cancelled when the client goes away.
 */
function finishReasonOf(result: GenerateResult): string {
  // OpenAI has no "cancelled"; a cancelled request has no client left to read it.
  return result.finishReason === 'cancelled' ? 'stop' : result.finishReason;
}

function usageOf(result: GenerateResult) {
  return {
    prompt_tokens: result.usage.promptTokens,
    completion_tokens: result.usage.completionTokens,
    total_tokens: result.usage.promptTokens + result.usage.completionTokens,
  };
}

function toolCallsOf(result: GenerateResult) {
  return result.toolCalls?.map((call, index) => ({ index, id: call.id, type: 'function' as const, function: { name: call.name, arguments: call.arguments } }));
}

export async function handleChatCompletions(
  body: unknown,
  res: http.ServerResponse,
  resolveBackend: (model: string) => { id: string; backend: ModelBackend },
  signal: AbortSignal,
  profiles?: ApiProfiles,
): Promise<void> {
  const request = parseChatRequest(body);
  if (profiles && request.model.startsWith(PROFILE_MODEL_PREFIX)) return handleProfileCompletion(request, res, profiles, signal);
  const { id: modelId, backend } = resolveBackend(request.model);
  const generateRequest = toGenerateRequest(request);
  const id = 'chatcmpl-' + randomBytes(12).toString('hex');
  const created = Math.floor(Date.now() / 1000);

  if (!request.stream) {
    const result = await backend.generate(generateRequest, { signal });
    const toolCalls = toolCallsOf(result)?.map(({ index: _index, ...call }) => call);
    sendJson(res, 200, {
      id,
      object: 'chat.completion',
      created,
      model: modelId,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: toolCalls ? null : result.text, ...(toolCalls ? { tool_calls: toolCalls } : {}), refusal: null },
          finish_reason: finishReasonOf(result),
          logprobs: null,
        },
      ],
      usage: usageOf(result),
    });
    return;
  }

  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: modelId, choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }] })}\n\n`;
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
  res.write(chunk({ role: 'assistant', content: '' }));
  let streamed = false;
  const result = await backend.generate(generateRequest, {
    signal,
    onText: (text) => {
      streamed = true;
      if (!res.writableEnded) res.write(chunk({ content: text }));
    },
  });
  if (res.writableEnded || signal.aborted) return;
  const toolCalls = toolCallsOf(result);
  if (toolCalls) res.write(chunk({ tool_calls: toolCalls }));
  else if (!streamed && result.text) res.write(chunk({ content: result.text }));
  res.write(chunk({}, finishReasonOf(result)));
  if (request.stream_options?.include_usage) {
    res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: modelId, choices: [], usage: usageOf(result) })}\n\n`);
  }
  res.end('data: [DONE]\n\n');
}
