import type http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { Answer } from '../assistant/answer/index.js';
import { ApiError, sendJson } from './api-error.js';
import { toGenerateRequest, type ChatCompletionRequest } from './chat-request.js';

/** Profiles are served as models named "sovereign/<profile>"; plain model ids never contain a slash. */
export const PROFILE_MODEL_PREFIX = 'sovereign/';

/** The assistant profiles as the API serves them: each answers through the answer service, with retrieval. */
export interface ApiProfiles {
  names(): string[];
  /** Answers a question from the documents as a profile; throws a SovereignError('not-found') for an unknown one. */
  answer(profile: string, question: string, options: { signal: AbortSignal; onText: (chunk: string) => void }): Promise<Answer>;
}

/** The citations as the API returns them, beside the OpenAI fields (clients that do not know them ignore them). */
function citationsOf(answer: Answer) {
  return answer.citations.map((c) => ({ number: c.number, document_id: c.documentId, title: c.title, heading_path: c.headingPath, start: c.start, end: c.end, snippet: c.snippet }));
}

/**
 * POST /v1/chat/completions for a "sovereign/<profile>" model: the last
 * user message is the question; the answer comes from the documents through
 * the answer service (the same as `sovereign ask --profile`), streamed or
 * whole, with its numbered citations in a `citations` field.
 */
export async function handleProfileCompletion(request: ChatCompletionRequest, res: http.ServerResponse, profiles: ApiProfiles, signal: AbortSignal): Promise<void> {
  const profile = request.model.slice(PROFILE_MODEL_PREFIX.length);
  const question = toGenerateRequest(request).messages.findLast((m) => m.role === 'user')?.content;
  if (question === undefined || !question.trim()) throw new ApiError(400, 'a profile answers the last user message, and there is none with text', 'invalid_request_error', 'messages');
  const id = 'chatcmpl-' + randomBytes(12).toString('hex');
  const created = Math.floor(Date.now() / 1000);
  // OpenAI has no "stopped" or "nothing relevant": each ends the message.
  const finishOf = (_answer: Answer) => 'stop';
  const usageOf = (answer: Answer) => ({
    prompt_tokens: answer.usage?.promptTokens ?? 0,
    completion_tokens: answer.usage?.completionTokens ?? 0,
    total_tokens: (answer.usage?.promptTokens ?? 0) + (answer.usage?.completionTokens ?? 0),
  });
  if (!request.stream) {
    const answer = await profiles.answer(profile, question, { signal, onText: () => undefined });
    sendJson(res, 200, {
      id,
      object: 'chat.completion',
      created,
      model: request.model,
      choices: [{ index: 0, message: { role: 'assistant', content: answer.text, refusal: null }, finish_reason: finishOf(answer), logprobs: null }],
      usage: usageOf(answer),
      citations: citationsOf(answer),
      ...(answer.notice ? { notice: answer.notice } : {}),
    });
    return;
  }
  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null, extra: Record<string, unknown> = {}) =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: request.model, choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }], ...extra })}\n\n`;
  // The profile is checked before the event stream starts, so an unknown one is a plain 404.
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(chunk({ role: 'assistant', content: '' }));
  };
  let streamed = false;
  const answer = await profiles.answer(profile, question, {
    signal,
    onText: (text) => {
      start();
      streamed = true;
      if (!res.writableEnded) res.write(chunk({ content: text }));
    },
  });
  if (res.writableEnded || signal.aborted) return;
  start();
  if (!streamed && answer.text) res.write(chunk({ content: answer.text }));
  res.write(chunk({}, finishOf(answer), { citations: citationsOf(answer) }));
  res.end('data: [DONE]\n\n');
}
