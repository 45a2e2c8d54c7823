import { _, createLogger, format } from '../core/index.js';
import type { WorkspaceModel } from '../workspace/index.js';
import type { CommandMeaning } from './command-meaning.js';
import { readingAsCommand, type ModelCommandReader } from './model-reading.js';
import { findsVerb, type RouteOptions } from './route-command.js';
import { fallbacksMayAnswer, type UserIntent } from './user-intent.js';

const log = createLogger('assistant');

/** Routes a command the fast-path way, optionally with the action read by meaning. */
export type Route = (text: string, verbHint?: RouteOptions['verbHint']) => UserIntent;

/** The slower readers, each started on first need; either may be absent. */
export interface FallbackReaders {
  meaning?: () => Promise<CommandMeaning>;
  reader?: () => Promise<ModelCommandReader | undefined>;
}

/** Actions that change nothing in the workspace: a model's reading of them is carried out, not asked about. */
const READ_ONLY = new Set<UserIntent['action']>(['open_document', 'show_thread', 'show_time', 'search', 'ask']);

/**
 * The fast path first. When it asks back about a command whose verb the
 * lexicon does not know, the sentence encoder may name the action (the
 * router resolves the rest as always); when the answer is still a question,
 * the chat model, if one is installed, may read the command. Whatever fails,
 * times out or is unsure leaves the fast path's question standing.
 */
export async function routeWithFallbacks(text: string, model: WorkspaceModel, route: Route, readers: FallbackReaders, signal?: AbortSignal): Promise<UserIntent> {
  const routed = await routeByMeaning(text, model, route, readers, signal);
  if (routed.intent !== 'clarification' || !readers.reader) return routed;
  return (await routeByModel(text, model, routed, route, readers.reader, signal)) ?? routed;
}

async function routeByMeaning(text: string, model: WorkspaceModel, route: Route, readers: FallbackReaders, signal?: AbortSignal): Promise<UserIntent> {
  const fast = route(text);
  if (!fallbacksMayAnswer(fast) || !readers.meaning || findsVerb(text, model)) return fast;
  let hint: Awaited<ReturnType<CommandMeaning['hint']>>;
  try {
    hint = await (await readers.meaning()).hint(text, signal);
  } catch (error) {
    if (signal?.aborted) return fast;
    // The encoder is a help, not a need: without it the question back stands.
    log.warn('reading the command by meaning failed', { error: String(error) });
    return fast;
  }
  return hint ? route(text, { action: hint.action, confidence: hint.confidence }) : fast;
}

/**
 * The chat model's reading of a command the fast path asked about, resolved
 * by the router like typed text; undefined when it resolves to nothing. What changes the workspace is proposed as a
 * question with its one choice, not done: a model can misread, and the
 * person did not say it in words the router knows.
 */
async function routeByModel(text: string, model: WorkspaceModel, fast: UserIntent, route: Route, open: () => Promise<ModelCommandReader | undefined>, signal?: AbortSignal): Promise<UserIntent | undefined> {
  let reading: Awaited<ReturnType<ModelCommandReader['read']>>;
  try {
    const reader = await open();
    // Cancelled while the model loaded (the person typed on): no generation for text that is gone.
    if (!reader || signal?.aborted) return undefined;
    const titles = (fast.choices ?? []).map((choice) => choice.title);
    reading = await reader.read(text, { threads: [...model.threads()].map((thread) => thread.name).slice(0, 50), titles }, signal);
  } catch (error) {
    log.warn('the chat model could not read the command', { error: String(error) });
    return undefined;
  }
  const command = reading ? readingAsCommand(reading) : undefined;
  if (!command) return undefined;
  const intent = route(command);
  // Names the model made up match nothing: the fast path's question, in the person's own words, is the better one.
  if (intent.intent === 'clarification') return undefined;
  if (READ_ONLY.has(intent.action)) return intent;
  const choice = intent.entities.document ?? (intent.entities.thread ? { id: intent.entities.thread.id, title: intent.entities.thread.name } : undefined);
  return {
    intent: 'clarification',
    action: 'clarify',
    confidence: intent.confidence,
    entities: intent.entities,
    choices: choice ? [choice] : [],
    question: format(_('Did you mean “{command}”?'), { command }),
    pending: intent.action,
  };
}
