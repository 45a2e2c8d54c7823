import dbus from 'dbus-next';
import { SovereignError, _, format } from '../core/index.js';
import type { CommandOptions } from './ports.js';

/**
 * Checks on the values callers send over D-Bus. The bus already checks the
 * types against each method's signature; these check sizes and shapes, so a
 * hostile or buggy caller gets a named error instead of reaching the store.
 */
export const MAX_QUERY_LENGTH = 512;
export const MAX_TERMS = 32;
export const MAX_RESULT_LIMIT = 200;
export const MAX_IDS_PER_CALL = 500;
/** Far above any passphrase typed or pasted; a longer argument is not one. */
export const MAX_PASSPHRASE_LENGTH = 4096;
const DOCUMENT_ID = /^[A-Za-z0-9_\-:.]{1,128}$/;

export function checkQuery(query: unknown): string {
  if (typeof query !== 'string') throw invalid(_('The search query must be a string.'));
  if (query.length > MAX_QUERY_LENGTH) {
    throw invalid(format(_('The search query is too long ({length} characters; at most {max}).'), { length: query.length, max: MAX_QUERY_LENGTH }));
  }
  return query;
}

export function checkLimit(limit: unknown): number {
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_RESULT_LIMIT) {
    throw invalid(format(_('The result limit must be a whole number from 1 to {max}.'), { max: MAX_RESULT_LIMIT }));
  }
  return limit;
}

export function checkDocumentId(id: unknown): string {
  if (typeof id !== 'string' || !DOCUMENT_ID.test(id)) {
    throw invalid(format(_('"{id}" is not a document id.'), { id: preview(id) }));
  }
  return id;
}

export function checkDocumentIds(ids: unknown): string[] {
  if (!Array.isArray(ids)) throw invalid(_('Expected a list of document ids.'));
  if (ids.length > MAX_IDS_PER_CALL) {
    throw invalid(format(_('Too many document ids in one call ({count}; at most {max}).'), { count: ids.length, max: MAX_IDS_PER_CALL }));
  }
  return ids.map(checkDocumentId);
}

export function checkTerms(terms: unknown): string[] {
  if (!Array.isArray(terms) || terms.some((term) => typeof term !== 'string')) throw invalid(_('Expected a list of search terms.'));
  if (terms.length > MAX_TERMS) throw invalid(format(_('Too many search terms (at most {max}).'), { max: MAX_TERMS }));
  checkQuery((terms as string[]).join(' '));
  return terms as string[];
}

function invalid(message: string): SovereignError {
  return new SovereignError('invalid-input', message);
}

/** A short, printable rendering of a rejected value for an error message. */
function preview(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, '?');
  return clean.length > 40 ? clean.slice(0, 40) + '…' : clean;
}

/**
 * The options of RouteCommandWith and RunCommandWith (an a{sv}): only
 * `context-document`, `context-thread` and `confirm-document`, each a
 * string holding an id. Anything else is refused by name, so a typo in a
 * script is not silently a command without its confirmation.
 */
export function checkCommandOptions(options: unknown): CommandOptions {
  if (typeof options !== 'object' || options === null) throw invalid(_('The command options must be a dictionary (a{sv}).'));
  const found: Partial<Record<(typeof COMMAND_OPTIONS)[number], string>> = {};
  for (const [key, variant] of Object.entries(options)) {
    if (!(COMMAND_OPTIONS as readonly string[]).includes(key)) {
      throw invalid(format(_('Unknown command option “{key}”; known are {known}.'), { key: preview(key), known: COMMAND_OPTIONS.join(', ') }));
    }
    const value: unknown = variant instanceof dbus.Variant ? (variant.signature === 's' ? variant.value : undefined) : variant;
    if (typeof value !== 'string' || !DOCUMENT_ID.test(value)) {
      throw invalid(format(_('The command option “{key}” must be a string holding an id.'), { key }));
    }
    found[key as (typeof COMMAND_OPTIONS)[number]] = value;
  }
  const context = {
    ...(found['context-document'] !== undefined ? { documentId: found['context-document'] } : {}),
    ...(found['context-thread'] !== undefined ? { threadId: found['context-thread'] } : {}),
  };
  return { context, ...(found['confirm-document'] !== undefined ? { confirmedDocument: found['confirm-document'] } : {}) };
}
const COMMAND_OPTIONS = ['context-document', 'context-thread', 'confirm-document'] as const;

/** A command for the assistant: a string; its content (empty, too long, control characters) is the router's to judge. */
export function checkCommand(text: unknown): string {
  if (typeof text !== 'string') throw invalid(_('The command must be a string.'));
  return text;
}

/** A vault passphrase or recovery key sent to Unlock: a non-empty string of sane length. */
export function checkPassphrase(passphrase: unknown): string {
  if (typeof passphrase !== 'string' || passphrase.length === 0) throw invalid(_('The passphrase is empty.'));
  if (passphrase.length > MAX_PASSPHRASE_LENGTH) {
    throw invalid(format(_('The passphrase is too long (at most {max} characters).'), { max: MAX_PASSPHRASE_LENGTH }));
  }
  return passphrase;
}
