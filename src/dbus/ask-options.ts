import dbus from 'dbus-next';
import { SovereignError, _, format } from '../core/index.js';

/**
 * A question may be long (a pasted page): the answer service cuts it to the
 * model's context and says so. Past this it is no longer a question.
 */
export const MAX_QUESTION_LENGTH = 256 * 1024;
const NAME = /^[\p{L}\p{N}_\-:.]{1,128}$/u;
const ASK_OPTIONS = ['profile', 'conversation', 'stream'] as const;

/** What Ask takes besides the question. */
export interface AskRequestOptions {
  /** An assistant profile's name (a file in the data folder's profiles/). */
  profile?: string;
  /** Adds the question to this conversation (a follow-up); a new one is started without it. */
  conversationId?: string;
  /** The caller's token: the answer's text is sent as AnswerText(token, chunk) signals while it is written. */
  streamToken?: string;
}

export function checkQuestion(question: unknown): string {
  if (typeof question !== 'string') throw new SovereignError('invalid-input', _('The question must be a string.'));
  if (question.length > MAX_QUESTION_LENGTH) {
    throw new SovereignError('invalid-input', format(_('The question is too long ({length} characters; at most {max}).'), { length: question.length, max: MAX_QUESTION_LENGTH }));
  }
  return question;
}

/**
 * Ask's options (an a{sv}): `profile`, `conversation` and `stream`, each a
 * string holding a name or id. Anything else is refused by name, so a typo
 * in a script does not silently answer as another profile.
 */
export function checkAskOptions(options: unknown): AskRequestOptions {
  if (typeof options !== 'object' || options === null) throw new SovereignError('invalid-input', _('The ask options must be a dictionary (a{sv}).'));
  const found: Partial<Record<(typeof ASK_OPTIONS)[number], string>> = {};
  for (const [key, variant] of Object.entries(options)) {
    if (!(ASK_OPTIONS as readonly string[]).includes(key)) {
      throw new SovereignError('invalid-input', format(_('Unknown ask option “{key}”; known are {known}.'), { key: key.slice(0, 40), known: ASK_OPTIONS.join(', ') }));
    }
    const value: unknown = variant instanceof dbus.Variant ? (variant.signature === 's' ? variant.value : undefined) : variant;
    if (typeof value !== 'string' || !NAME.test(value)) {
      throw new SovereignError('invalid-input', format(_('The ask option “{key}” must be a string holding a name or an id.'), { key }));
    }
    found[key as (typeof ASK_OPTIONS)[number]] = value;
  }
  return {
    ...(found.profile !== undefined ? { profile: found.profile } : {}),
    ...(found.conversation !== undefined ? { conversationId: found.conversation } : {}),
    ...(found.stream !== undefined ? { streamToken: found.stream } : {}),
  };
}
