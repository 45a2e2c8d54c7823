import type { Message } from '../../store/index.js';
import { answerMetadataSchema } from './answer.js';

/** A question asked earlier in a conversation and the answer the person last saw for it. */
export interface EarlierTurn {
  question: string;
  /** Absent when the question got no model answer (nothing relevant, stopped before a word). */
  answer?: string;
}

/**
 * The turns before the conversation's last question, oldest first: each
 * question with its latest model answer (a regenerated answer replaces the
 * one before it, as in the panel). Answers that were not the model's
 * (nothing relevant found) are left out: they would teach the model to
 * refuse. Pure.
 */
export function earlierTurns(messages: readonly Message[]): EarlierTurn[] {
  const lastQuestion = messages.findLastIndex((m) => m.role === 'user');
  const turns: EarlierTurn[] = [];
  for (const message of messages.slice(0, Math.max(0, lastQuestion))) {
    if (message.role === 'user') turns.push({ question: message.content });
    else if (message.role === 'assistant' && turns.length > 0) {
      const meta = answerMetadataSchema.safeParse(message.metadata);
      const byModel = !meta.success || meta.data.status === 'answered' || meta.data.status === 'stopped';
      if (byModel && message.content.trim()) turns.at(-1)!.answer = message.content;
    }
  }
  return turns;
}
