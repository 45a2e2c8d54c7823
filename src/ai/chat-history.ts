import { SovereignError, _, format } from '../core/index.js';
import type { HistoryFunctionCall, HistoryItem } from './host/protocol.js';
import { nestsDeeperThan } from './json-depth.js';
import type { ChatMessage } from './model-backend.js';

/**
 * Turns OpenAI-style messages into node-llama-cpp's chat history: an
 * assistant message that called tools becomes a model response holding the
 * calls, each with the result the following tool messages gave it, so the
 * model's own chat template renders them the way it was trained on.
 */
export function toChatHistory(messages: readonly ChatMessage[]): HistoryItem[] {
  const history: HistoryItem[] = [];
  const results = new Map<string, string>();
  for (const message of messages) {
    if (message.role === 'tool' && message.toolCallId) results.set(message.toolCallId, message.content);
  }
  const answered = new Set<string>();
  for (const message of messages) {
    switch (message.role) {
      case 'system':
        history.push({ type: 'system', text: message.content });
        break;
      case 'user':
        history.push({ type: 'user', text: message.content });
        break;
      case 'assistant': {
        const response: (string | HistoryFunctionCall)[] = [];
        if (message.content) response.push(message.content);
        for (const call of message.toolCalls ?? []) {
          answered.add(call.id);
          response.push({ type: 'functionCall', name: call.name, params: parseArguments(call.arguments, call.name), result: results.get(call.id) ?? '' });
        }
        history.push({ type: 'model', response });
        break;
      }
      case 'tool':
        // A result whose call is not in the conversation still reaches the model.
        if (!message.toolCallId || !answered.has(message.toolCallId)) history.push({ type: 'user', text: message.content });
        break;
    }
  }
  return history;
}

/**
 * Far deeper than any function's arguments; chat templates and the model
 * host's code render arguments recursively, and 3,000 levels overflowed
 * the host's stack.
 */
const MAX_ARGUMENT_DEPTH = 64;

function parseArguments(text: string, name: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text;
  }
  if (nestsDeeperThan(value, MAX_ARGUMENT_DEPTH)) {
    throw new SovereignError('invalid-input', format(_('The arguments of the earlier call to "{name}" are nested more than {limit} levels deep.'), { name, limit: MAX_ARGUMENT_DEPTH }));
  }
  return value;
}
