import { SovereignError, _, format } from '../../core/index.js';
import type { ChatMessage } from '../../ai/model-backend.js';
import { answerInstructions, passageHeader, quotePassage } from './answer-instructions.js';
import { snippetOf, type Citation } from './citation.js';
import type { EarlierTurn } from './earlier-turn.js';
import type { FoundPassage } from './found-passage.js';

export interface PromptBudget {
  /** The chat model's context window, in tokens. */
  contextSize: number;
  /** Counts tokens the way the chat model does (its own tokenizer, through the model host). */
  countTokens: (text: string) => Promise<number>;
}

export interface FittedPrompt {
  messages: ChatMessage[];
  /** The passages in the prompt, numbered as the model sees them; trimmed ones carry the range actually quoted. */
  citations: Citation[];
  /** Tokens kept free for the answer: the generation's maxTokens. */
  answerTokens: number;
  /** Said to the person when the question had to be cut. */
  notice?: string;
}

/**
 * Tokens the chat template adds around the messages (role markers, turn
 * ends, the generation prompt): Qwen's ChatML spends about 5 a message;
 * this leaves room for templates twice as wordy.
 */
export const TEMPLATE_TOKENS = 32;
/** The answer gets a quarter of the window, up to this many tokens. */
const MAX_ANSWER_TOKENS = 512;
/** A question may take at most this share of the window: the passages need the rest. */
const QUESTION_SHARE = 1 / 4;
/** A passage cut shorter than this many tokens says too little to be worth citing. */
const MIN_PASSAGE_TOKENS = 24;
/** Earlier turns of the conversation may take at most this share of the window: the passages answer the new question. */
const HISTORY_SHARE = 1 / 4;
/** What the chat template adds around each earlier message (role marker and turn end; ChatML spends about 5). */
const MESSAGE_TOKENS = 10;
/** An earlier answer cut shorter than this many tokens is dropped instead: it would only confuse. */
const MIN_HISTORY_TOKENS = 16;
/** Tries at cutting a text to a token count: each estimates the cut from the last count. */
const CUT_TRIES = 4;

export interface PromptParts {
  /** A profile's own system prompt, put before the answer rules. */
  profilePrompt?: string;
  /** The conversation's earlier turns, oldest first. */
  history?: readonly EarlierTurn[];
}

/**
 * Builds the answer prompt so it fits the model's context by construction,
 * counting tokens with the model's own tokenizer: the instructions and the
 * question always go in whole (a question longer than its share is cut, and
 * the person told); earlier turns of the conversation go in newest first
 * within their share (the oldest one that does not fit has its answer cut,
 * and older ones are dropped); passages go in best first while they fit,
 * the first one that does not fit is cut to the room left, and the rest
 * are dropped.
 */
export async function fitPrompt(question: string, passages: readonly FoundPassage[], budget: PromptBudget, parts: PromptParts = {}): Promise<FittedPrompt> {
  const { contextSize, countTokens } = budget;
  const answerTokens = Math.min(MAX_ANSWER_TOKENS, Math.floor(contextSize / 4));
  const system = answerInstructions(parts.profilePrompt);
  const questionCap = Math.floor(contextSize * QUESTION_SHARE);
  const asked = await cutToTokens(question, questionCap, countTokens);
  const questionBlock = `\n${_('Question:')} ${asked.text}`;
  const fixed = TEMPLATE_TOKENS + (await countTokens(system)) + (await countTokens(questionBlock));
  let room = contextSize - answerTokens - fixed;
  if (room < 0) {
    throw new SovereignError(
      'model',
      format(_('The chat model’s context of {tokens} tokens is too small to answer questions from your documents.'), { tokens: contextSize }),
      { hint: _('Set ai.context_size to 2048 or more in config.toml.') },
    );
  }
  const history = await fitHistory(parts.history ?? [], Math.min(room, Math.floor(contextSize * HISTORY_SHARE)), countTokens);
  room -= history.tokens;
  const blocks: string[] = [];
  const citations: Citation[] = [];
  for (const passage of passages) {
    if (room < MIN_PASSAGE_TOKENS) break;
    const number = citations.length + 1;
    const header = `${passageHeader(number, passage.title, passage.headingPath)}\n`;
    const footer = '\n</passage>\n';
    const frame = await countTokens(header + footer);
    const body = await cutToTokens(quotePassage(passage.text), room - frame, countTokens);
    if (!body.text.trim() || body.tokens < Math.min(MIN_PASSAGE_TOKENS, body.wholeTokens)) break;
    blocks.push(header + body.text + footer);
    room -= frame + body.tokens;
    // quotePassage keeps every character where it was, so the quoted length is the cited length.
    const end = passage.start + body.text.length;
    citations.push({ number, documentId: passage.documentId, title: passage.title, headingPath: passage.headingPath, start: passage.start, end, snippet: snippetOf(body.text) });
    if (body.cut) break;
  }
  const user = `${blocks.join('\n')}${questionBlock}`;
  const notice = asked.cut
    ? format(_('Your question is longer than the model can read: only its first {chars} of {total} characters were used.'), { chars: asked.text.length, total: question.length })
    : undefined;
  return {
    messages: [{ role: 'system', content: system }, ...history.messages, { role: 'user', content: user }],
    citations,
    answerTokens,
    ...(notice ? { notice } : {}),
  };
}

/**
 * The newest earlier turns that fit in room tokens, as chat messages oldest
 * first: whole turns while they fit, then the next older one with its
 * answer cut to what is left (its question whole), then nothing older.
 */
async function fitHistory(turns: readonly EarlierTurn[], room: number, countTokens: (text: string) => Promise<number>): Promise<{ messages: ChatMessage[]; tokens: number }> {
  const kept: ChatMessage[][] = [];
  let used = 0;
  for (const turn of [...turns].reverse()) {
    const questionTokens = MESSAGE_TOKENS + (await countTokens(turn.question));
    if (used + questionTokens > room) break;
    const question: ChatMessage = { role: 'user', content: turn.question };
    if (turn.answer === undefined) {
      kept.push([question]);
      used += questionTokens;
      continue;
    }
    const answer = await cutToTokens(turn.answer, room - used - questionTokens - MESSAGE_TOKENS, countTokens);
    if (answer.cut && answer.tokens < MIN_HISTORY_TOKENS) break;
    kept.push([question, { role: 'assistant', content: answer.text }]);
    used += questionTokens + MESSAGE_TOKENS + answer.tokens;
    if (answer.cut) break;
  }
  return { messages: kept.reverse().flat(), tokens: used };
}

interface CutText {
  text: string;
  tokens: number;
  /** The tokens of the whole text before any cut. */
  wholeTokens: number;
  cut: boolean;
}

/**
 * The longest prefix (at a whitespace where there is one) found within a few
 * counts that has at most max tokens; the whole text when it fits.
 */
async function cutToTokens(text: string, max: number, countTokens: (text: string) => Promise<number>): Promise<CutText> {
  const whole = await countTokens(text);
  if (whole <= max) return { text, tokens: whole, wholeTokens: whole, cut: false };
  if (max <= 0) return { text: '', tokens: 0, wholeTokens: whole, cut: true };
  let chars = text.length;
  let tokens = whole;
  for (let i = 0; i < CUT_TRIES && tokens > max; i++) {
    // Aim a little under: tokens per character vary along a text.
    chars = Math.floor((chars * max * 0.9) / tokens);
    chars = atWordEnd(text, chars);
    tokens = await countTokens(text.slice(0, chars));
  }
  while (tokens > max && chars > 0) {
    chars = Math.floor(chars / 2);
    tokens = await countTokens(text.slice(0, chars));
  }
  return { text: text.slice(0, chars), tokens, wholeTokens: whole, cut: true };
}

/** chars moved back to just after the last whitespace before it, unless that loses more than a fifth. */
function atWordEnd(text: string, chars: number): number {
  const space = text.lastIndexOf(' ', chars);
  // Never between the halves of a surrogate pair.
  const safe = chars > 0 && (text.charCodeAt(chars) & 0xfc00) === 0xdc00 ? chars - 1 : chars;
  return space > safe * 0.8 ? space : safe;
}
