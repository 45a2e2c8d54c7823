import type { HistoryFunctionCall, HistoryItem } from './host/protocol.js';
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
          response.push({ type: 'functionCall', name: call.name, params: parseArguments(call.arguments), result: results.get(call.id) ?? '' });
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

function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
