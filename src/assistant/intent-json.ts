import type { UserIntent } from './user-intent.js';

/**
 * A routed intent as the JSON the CLI prints, D-Bus returns and the event
 * log keeps: dates as ISO 8601 strings, absent fields left out.
 */
export function intentToJson(intent: UserIntent): Record<string, unknown> {
  const { from, to, ...rest } = intent.entities;
  const entities: Record<string, unknown> = { ...rest };
  if (from) entities['from'] = from.toISOString();
  if (to) entities['to'] = to.toISOString();
  return {
    intent: intent.intent,
    action: intent.action,
    confidence: intent.confidence,
    entities,
    ...(intent.choices ? { choices: intent.choices } : {}),
    ...(intent.question ? { question: intent.question } : {}),
    ...(intent.pending ? { pending: intent.pending } : {}),
  };
}
