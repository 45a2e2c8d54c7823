import { z } from 'zod';
import type { Citation } from './citation.js';

/**
 * answered: the model answered; stopped: the person stopped it (the text
 * so far is kept); nothing-relevant: retrieval found nothing, no model was
 * asked; no-model: no chat model is installed (nothing is saved).
 */
export type AnswerStatus = 'answered' | 'stopped' | 'nothing-relevant' | 'no-model';

export interface Answer {
  status: AnswerStatus;
  /** The conversation the question and answer were saved in (absent for no-model). */
  conversationId?: string;
  text: string;
  /** The passages that were in the prompt, by the numbers the answer cites. */
  citations: Citation[];
  /** Said beside the answer: the question was cut, or how to install a model. */
  notice?: string;
  /** Tokens the model read and wrote (absent when no model ran). */
  usage?: { promptTokens: number; completionTokens: number };
}

/** One question in a saved conversation with every answer it got (a regenerated answer adds one). */
export interface ConversationTurn {
  question: string;
  answers: Answer[];
}

const citationSchema = z.object({
  number: z.number().int().min(1),
  documentId: z.string(),
  title: z.string(),
  headingPath: z.array(z.string()),
  start: z.number().int().min(0),
  end: z.number().int().min(0),
  snippet: z.string(),
});

/** What an answer message keeps in its metadata: read back leniently (a damaged entry loses its citations, not the conversation). */
export const answerMetadataSchema = z.object({
  kind: z.literal('answer'),
  status: z.enum(['answered', 'stopped', 'nothing-relevant', 'no-model']),
  citations: z.array(citationSchema).catch([]),
  notice: z.string().optional(),
  model: z.string().optional(),
  profile: z.string().optional(),
});
export type AnswerMetadata = z.infer<typeof answerMetadataSchema>;

/** An Answer as JSON (Ask over D-Bus, `sovereign ask --json`), read back by a second process. */
export const answerSchema = z.object({
  status: z.enum(['answered', 'stopped', 'nothing-relevant', 'no-model']),
  conversationId: z.string().optional(),
  text: z.string(),
  citations: z.array(citationSchema),
  notice: z.string().optional(),
  usage: z.object({ promptTokens: z.number(), completionTokens: z.number() }).optional(),
});
