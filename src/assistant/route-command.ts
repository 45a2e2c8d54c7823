import { _, format } from '../core/index.js';
import type { WorkspaceModel } from '../workspace/index.js';
import type { AssistantContext } from './assistant-context.js';
import { cleanCommand, isExactly, matchAny, phraseAt, tokenize, type Token } from './command-text.js';
import { findDateRange } from './date-range.js';
import { builtInLexicons, type Lexicon } from './lexicon.js';
import { NO_PREFERENCES, type RoutingPreferences } from './routing-preferences.js';
import { editDistance } from './text-match.js';
import {
  INTENT_OF_ACTION,
  type Action,
  type DocumentRef,
  type IntentChoice,
  type IntentEntities,
  type ThreadRef,
  type UserIntent,
} from './user-intent.js';
import { findCandidates, type Candidate } from './workspace-candidates.js';

export interface RouteOptions {
  context?: AssistantContext;
  /** The moment relative dates count from (default: now). */
  now?: Date;
  lexicons?: readonly Lexicon[];
  /** The person's profile: how eagerly to act, which names they use (default: none). */
  preferences?: RoutingPreferences;
  /**
   * The action the command means, read by meaning (CommandMeaning), used only
   * when the lexicon finds no verb: the first word is then taken as the verb
   * and the rest is parsed as that action's arguments, at the hint's confidence.
   */
  verbHint?: { action: Action; confidence: number };
}

/**
 * Two candidates closer than this are a tie: the router asks rather than
 * pick one (the scorer's steps are 0.05 apart at the least, so a smaller
 * gap means both matched the typed words the same way).
 */
const CLOSE_MARGIN = 0.05;
/** A verb recognised despite a typo ("opne") lowers confidence by this factor. */
const FUZZY_VERB = 0.9;
/** A bare name with no verb is taken as "open" only when it matches this well. */
const BARE_NAME_TO_OPEN = 0.85;

type Resolved<T> = { ref: T; score: number } | { ask: UserIntent };

interface Verb {
  lexicon: Lexicon;
  action: Action;
  /** Where the verb starts and the rest begins. */
  start: number;
  rest: number;
  confidence: number;
}

/**
 * The fast path: routes a command to an intent with no model, from the
 * lexicons and the in-memory workspace. Deterministic and synchronous.
 * When it is not sure (confidence below the preferences' threshold, by
 * default CONFIDENCE_TO_ACT; two close
 * candidates, a reference without context) it returns a clarification with
 * the choices; it never guesses. Throws SovereignError('invalid-input') for
 * text that is not a command at all (empty, too long, control characters).
 */
export function routeCommand(text: string, model: WorkspaceModel, options: RouteOptions = {}): UserIntent {
  const router = new CommandRouter(cleanCommand(text), model, options);
  return router.route();
}

/** Whether the lexicons know the command's verb (typos included): if not, its meaning may be worth asking the encoder. */
export function findsVerb(text: string, model: WorkspaceModel, options: RouteOptions = {}): boolean {
  return new CommandRouter(cleanCommand(text), model, options).hasVerb();
}

const sets = new WeakMap<readonly Lexicon[], { ignore: Set<string>; threadNouns: Set<string> }>();

/** The words every lexicon ignores in names, and the one-word thread nouns: built once per list of lexicons, not per command. */
function wordSets(lexicons: readonly Lexicon[]): { ignore: Set<string>; threadNouns: Set<string> } {
  let found = sets.get(lexicons);
  if (!found) {
    found = {
      ignore: new Set(lexicons.flatMap((lexicon) => [...lexicon.articles, ...lexicon.documentNouns])),
      threadNouns: new Set(lexicons.flatMap((lexicon) => lexicon.threadNouns.filter((phrase) => phrase.length === 1).map((phrase) => phrase[0]!))),
    };
    sets.set(lexicons, found);
  }
  return found;
}

class CommandRouter {
  private readonly tokens: Token[];
  private readonly lexicons: readonly Lexicon[];
  private readonly context: AssistantContext;
  private readonly now: Date;
  private readonly ignore: Set<string>;
  private readonly threadNouns: Set<string>;
  private readonly preferences: RoutingPreferences;
  private readonly verbHint: RouteOptions['verbHint'];

  constructor(
    private readonly text: string,
    private readonly model: WorkspaceModel,
    options: RouteOptions,
  ) {
    this.tokens = tokenize(text);
    this.lexicons = options.lexicons ?? builtInLexicons();
    this.context = options.context ?? {};
    this.now = options.now ?? new Date();
    this.preferences = options.preferences ?? NO_PREFERENCES;
    ({ ignore: this.ignore, threadNouns: this.threadNouns } = wordSets(this.lexicons));
    this.verbHint = options.verbHint;
  }

  hasVerb(): boolean {
    return this.tokens.length > 0 && this.findVerb() !== undefined;
  }

  /** The hinted action with the first word after fillers as its verb ("scrap the old draft"), read with the command's language. */
  private hintedVerb(): Verb | undefined {
    if (!this.verbHint) return undefined;
    const lexicon = this.likelyLexicon();
    const at = this.skipFillers(lexicon, 0);
    if (at >= this.tokens.length) return undefined;
    return { lexicon, action: this.verbHint.action, start: at, rest: at + 1, confidence: this.verbHint.confidence };
  }

  /**
   * The lexicon whose small words the command uses most ("verwandle das in
   * ein PDF": das, ein), so that its separators and articles are read in
   * that language; the first lexicon on a tie. Words every lexicon has
   * ("in") count for none.
   */
  private likelyLexicon(): Lexicon {
    let best = this.lexicons[0]!;
    let bestCount = 0;
    for (const lexicon of this.lexicons) {
      const count = this.tokens.filter((token) => lexicon.smallWords.has(token.key) && !this.lexicons.every((other) => other.smallWords.has(token.key))).length;
      if (count > bestCount) [best, bestCount] = [lexicon, count];
    }
    return best;
  }

  route(): UserIntent {
    if (this.tokens.length === 0) return this.ask(_('That is not a command I understand: type what you want to do.'), [], {}, 0);
    const verb = this.findVerb() ?? this.hintedVerb();
    if (!verb) return this.routeWithoutVerb();
    // A verb read through a typo ("tile" for "file") must not beat a title typed exactly.
    if (verb.confidence < 1) {
      const bare = this.routeWithoutVerb();
      if (bare.intent === 'navigation') return bare;
    }
    const end = this.trimTrailing(verb.lexicon, verb.rest, this.tokens.length);
    const parse = this.parsers[verb.action];
    return parse(verb, verb.rest, end);
  }

  // ------------------------------------------------------------ verbs

  private skipFillers(lexicon: Lexicon, at: number): number {
    for (;;) {
      const length = matchAny(this.tokens, at, lexicon.fillers);
      if (length === 0) return at;
      at += length;
    }
  }

  private trimTrailing(lexicon: Lexicon, start: number, end: number): number {
    for (;;) {
      const hit = lexicon.trailing.find((phrase) => end - phrase.length >= start + 1 && isExactly(this.tokens, end - phrase.length, end, [phrase]));
      if (!hit) return end;
      end -= hit.length;
    }
  }

  private findVerb(): Verb | undefined {
    let best: Verb | undefined;
    for (const lexicon of this.lexicons) {
      const at = this.skipFillers(lexicon, 0);
      for (const { action, phrase } of lexicon.verbs) {
        // phraseAt, not matchAny with a one-phrase list: this runs for every verb of every lexicon on every command.
        if (!phraseAt(this.tokens, at, phrase)) continue;
        if (!best || best.confidence < 1 || phrase.length > best.rest - best.start) {
          best = { lexicon, action, start: at, rest: at + phrase.length, confidence: 1 };
        }
        break;
      }
    }
    if (best) return best;
    for (const lexicon of this.lexicons) {
      const at = this.skipFillers(lexicon, 0);
      const typed = this.tokens[at]?.key;
      if (typed === undefined || typed.length < 4) continue;
      for (const { action, phrase } of lexicon.verbs) {
        const word = phrase[0]!;
        if (phrase.length === 1 && word.length >= 4 && editDistance(typed, word, 1) <= 1) {
          return { lexicon, action, start: at, rest: at + 1, confidence: FUZZY_VERB };
        }
      }
    }
    return undefined;
  }

  private readonly parsers: Record<Action, (verb: Verb, from: number, to: number) => UserIntent> = {
    open_document: (verb, from, to) => this.parseOpen(verb, from, to),
    show_thread: (verb, from, to) => this.parseShowThread(verb, from, to),
    show_time: (verb, from, to) => this.parseShowTime(verb, from, to),
    create_document: (verb, from, to) => this.parseCreate(verb, from, to),
    rename_document: (verb, from, to) => this.parseRename(verb, from, to),
    move_document: (verb, from, to) => this.parseMove(verb, from, to),
    link_documents: (verb, from, to) => this.parseLink(verb, from, to),
    delete_document: (verb, from, to) => this.parseDelete(verb, from, to),
    undo: (verb) => this.parseUndo(verb),
    search: (verb, from, to) => this.parseSearch(verb, from, to),
    export: (verb, from, to) => this.parseExport(verb, from, to),
    import: (verb, from) => this.parseImport(verb, from),
    ask: () => this.act('ask', 1, { query: this.text }),
    dictate: (verb) => this.parseDictate(verb),
    clarify: () => this.ask(_('What would you like to do?'), [], {}, 0),
  };

  // ------------------------------------------------------------ actions

  private parseOpen(verb: Verb, from: number, to: number): UserIntent {
    if (from >= to) return this.ask(_('What should I open?'), [], {}, 0, 'open_document');
    const threadNoun = matchAny(this.tokens, from, verb.lexicon.threadNouns, to);
    if (threadNoun > 0) return this.parseShowThread(verb, from, to);
    const range = this.dateOnly(verb.lexicon, from, to);
    if (range) return this.act('show_time', verb.confidence, range);
    const target = this.resolveDocumentOrThread(verb.lexicon, from, to, 'open_document');
    if ('ask' in target) return target.ask;
    if (target.ref.kind === 'thread') return this.act('show_thread', verb.confidence * target.score, { thread: { id: target.ref.id, name: target.ref.name } });
    return this.act('open_document', verb.confidence * target.score, { document: { id: target.ref.id, title: target.ref.name } });
  }

  private parseShowThread(verb: Verb, from: number, to: number): UserIntent {
    const thread = this.resolveThread(verb.lexicon, from, to, 'show_thread');
    if ('ask' in thread) return thread.ask;
    return this.act('show_thread', verb.confidence * thread.score, { thread: thread.ref });
  }

  private parseShowTime(verb: Verb, from: number, to: number): UserIntent {
    const range = findDateRange(this.slice(from, to), verb.lexicon.language, this.now);
    if (!range) return this.ask(_('Which time do you mean, e.g. “yesterday” or “last week”?'), [], {}, 0, 'show_time');
    return this.act('show_time', verb.confidence, { from: range.from, to: range.to });
  }

  private parseCreate(verb: Verb, from: number, to: number): UserIntent {
    const lexicon = verb.lexicon;
    const entities: IntentEntities = {};
    let titleEnd = to;
    const split = this.lastSeparator(lexicon.separators.into, from, to);
    if (split) {
      const thread = this.resolveThread(lexicon, split.after, to, 'create_document');
      if ('ask' in thread) return thread.ask;
      entities.thread = thread.ref;
      titleEnd = split.at;
    } else if (this.context.threadId !== undefined) {
      const active = this.model.thread(this.context.threadId);
      if (active) entities.thread = { id: active.id, name: active.name };
    }
    const title = this.newTitle(lexicon, from, titleEnd);
    if (title !== undefined) entities.title = title;
    return this.act('create_document', verb.confidence, entities);
  }

  private parseRename(verb: Verb, from: number, to: number): UserIntent {
    const split = this.lastSeparator(verb.lexicon.separators.renameTo, from, to);
    if (!split) return this.ask(_('What should the new title be? Say “rename … to …”.'), [], {}, 0, 'rename_document');
    const title = unquote(this.slice(split.after, to));
    const document = this.resolveDocument(verb.lexicon, from, split.at, 'rename_document', { title });
    if ('ask' in document) return document.ask;
    return this.act('rename_document', verb.confidence * document.score, { document: document.ref, title });
  }

  private parseMove(verb: Verb, from: number, to: number): UserIntent {
    const split = this.lastSeparator(verb.lexicon.separators.into, from, to);
    if (!split) return this.ask(_('Where should it go? Say “move … to” and a thread.'), [], {}, 0, 'move_document');
    const named = this.resolveThread(verb.lexicon, split.after, to, 'move_document');
    const document = this.resolveDocument(verb.lexicon, from, split.at, 'move_document', 'ref' in named ? { thread: named.ref } : {});
    if ('ask' in document) return document.ask;
    const thread = 'ref' in named ? named : this.resolveThread(verb.lexicon, split.after, to, 'move_document', { document: document.ref });
    if ('ask' in thread) return thread.ask;
    return this.act('move_document', verb.confidence * Math.min(document.score, thread.score), { document: document.ref, thread: thread.ref });
  }

  private parseLink(verb: Verb, from: number, to: number): UserIntent {
    let best: { first: Resolved<DocumentRef>; second: Resolved<DocumentRef>; score: number } | undefined;
    for (let at = from + 1; at < to; at++) {
      const length = matchAny(this.tokens, at, verb.lexicon.separators.linkWith, to);
      if (length === 0 || at + length >= to) continue;
      const first = this.resolveDocument(verb.lexicon, from, at, 'link_documents');
      const second = this.resolveDocument(verb.lexicon, at + length, to, 'link_documents');
      const score = Math.min('ref' in first ? first.score : 0.5, 'ref' in second ? second.score : 0.5);
      if (!best || score > best.score) best = { first, second, score };
    }
    if (!best) return this.ask(_('Which two documents should I link? Say “link … to …”.'), [], {}, 0, 'link_documents');
    if ('ask' in best.first) return best.first.ask;
    if ('ask' in best.second) return best.second.ask;
    if (best.first.ref.id === best.second.ref.id) return this.ask(_('A document cannot be linked to itself.'), [], {}, 0, 'link_documents');
    return this.act('link_documents', verb.confidence * best.score, { document: best.first.ref, target: best.second.ref });
  }

  private parseDelete(verb: Verb, from: number, to: number): UserIntent {
    if (from >= to) return this.ask(_('What should I delete?'), [], {}, 0, 'delete_document');
    const document = this.resolveDocument(verb.lexicon, from, to, 'delete_document');
    if ('ask' in document) return document.ask;
    return this.act('delete_document', verb.confidence * document.score, { document: document.ref });
  }

  private parseUndo(verb: Verb): UserIntent {
    const last = this.context.lastActions?.at(-1);
    if (!last) return this.ask(_('There is nothing to undo.'), [], {}, 0, 'undo');
    return this.act('undo', verb.confidence, {});
  }

  private parseSearch(verb: Verb, from: number, to: number): UserIntent {
    from += matchAny(this.tokens, from, verb.lexicon.separators.about, to);
    const entities: IntentEntities = {};
    let text = this.slice(from, to);
    const range = text ? findDateRange(text, verb.lexicon.language, this.now) : undefined;
    if (range) {
      entities.from = range.from;
      entities.to = range.to;
      text = (text.slice(0, range.index) + text.slice(range.index + range.length)).trim();
      // A dangling "from"/"von" before the date goes with it.
      const glue = tokenize(text);
      const lastWord = glue.at(-1);
      if (lastWord && ['from', 'since', 'on', 'in', 'von', 'vom', 'seit', 'am', 'im'].includes(lastWord.key)) text = text.slice(0, lastWord.start).trim();
    }
    const query = unquote(text);
    if (!query && !range) return this.ask(_('What should I search for?'), [], {}, 0, 'search');
    if (query) entities.query = query;
    return this.act('search', verb.confidence, entities);
  }

  private parseExport(verb: Verb, from: number, to: number): UserIntent {
    const lexicon = verb.lexicon;
    let exportFormat: IntentEntities['format'] = this.preferences.exportFormat ?? 'pdf';
    let documentEnd = to;
    const split = this.lastSeparator(lexicon.separators.exportAs, from, to);
    if (split) {
      const known = lexicon.formats.find(({ phrase }) => isExactly(this.tokens, split.after, to, [phrase]));
      if (!known) {
        const choices = [...new Set(lexicon.formats.map((entry) => entry.format))].map((id) => ({ id, title: id.toUpperCase() }));
        return this.ask(format(_('I cannot export as “{format}”. Which format?'), { format: this.slice(split.after, to) }), choices, {}, 0, 'export');
      }
      exportFormat = known.format;
      documentEnd = split.at;
    } else {
      const trailing = lexicon.formats.find(({ phrase }) => to - phrase.length > from && isExactly(this.tokens, to - phrase.length, to, [phrase]));
      if (trailing) {
        exportFormat = trailing.format;
        documentEnd = to - trailing.phrase.length;
      }
    }
    const document = this.resolveDocument(lexicon, from, documentEnd, 'export', { format: exportFormat });
    if ('ask' in document) return document.ask;
    return this.act('export', verb.confidence * document.score, { document: document.ref, format: exportFormat });
  }

  private parseImport(verb: Verb, from: number): UserIntent {
    const start = this.tokens[from - 1]!.end;
    const path = unquote(this.text.slice(start).trim());
    if (!/[\/\\]|^~|\.\w{1,5}$/.test(path)) {
      return this.ask(_('Which file should I import? Give its path, e.g. ~/Documents/report.pdf.'), [], {}, 0, 'import');
    }
    return this.act('import', verb.confidence, { path });
  }

  private parseDictate(verb: Verb): UserIntent {
    const colon = this.text.indexOf(':');
    const text = colon >= 0 ? this.text.slice(colon + 1).trim() : '';
    return this.act('dictate', verb.confidence, text ? { text } : {});
  }

  private routeWithoutVerb(): UserIntent {
    const lexicon = this.lexicons.find((candidate) => this.skipFillers(candidate, 0) < this.tokens.length && candidate.questionWords.has(this.tokens[this.skipFillers(candidate, 0)]!.key));
    if (lexicon || this.text.endsWith('?')) return this.act('ask', 0.9, { query: this.text });
    const english = this.lexicons[0]!;
    const range = this.lexicons.map((candidate) => this.dateOnly(candidate, 0, this.tokens.length)).find((found) => found !== undefined);
    if (range) return this.act('show_time', 0.9, range);
    const target = this.resolveDocumentOrThread(english, 0, this.tokens.length, 'open_document');
    if ('ask' in target) return target.ask;
    if (target.score < BARE_NAME_TO_OPEN) {
      return this.ask(format(_('Do you want to open “{name}”?'), { name: target.ref.name }), [choiceOf(target.ref)], {}, target.score, target.ref.kind === 'thread' ? 'show_thread' : 'open_document');
    }
    if (target.ref.kind === 'thread') return this.act('show_thread', 0.9 * target.score, { thread: { id: target.ref.id, name: target.ref.name } });
    return this.act('open_document', 0.9 * target.score, { document: { id: target.ref.id, title: target.ref.name } });
  }

  // ------------------------------------------------------------ slots

  /** The text between two tokens, as typed. */
  private slice(from: number, to: number): string {
    if (from >= to) return '';
    return this.text.slice(this.tokens[from]!.start, this.tokens[to - 1]!.end);
  }

  /** The last separator with words on both sides (titles may contain the word earlier: "Notes to self to Archive"). */
  private lastSeparator(separators: readonly (readonly string[])[], from: number, to: number): { at: number; after: number } | undefined {
    for (let at = to - 1; at > from; at--) {
      const length = matchAny(this.tokens, at, separators, to);
      if (length > 0 && at + length < to) return { at, after: at + length };
    }
    return undefined;
  }

  /** A date range when the words are only a date (plus articles and glue like "from"). */
  private dateOnly(lexicon: Lexicon, from: number, to: number): { from: Date; to: Date } | undefined {
    const text = this.slice(from, to);
    const range = findDateRange(text, lexicon.language, this.now);
    if (!range) return undefined;
    const left = tokenize(text.slice(0, range.index) + ' ' + text.slice(range.index + range.length));
    const glue = new Set(['from', 'since', 'on', 'of', 'in', 'what', 'i', 'did', 'von', 'vom', 'seit', 'am', 'im', 'gemacht', 'getan', 'alles', 'everything', 'work', 'worked']);
    const rest = left.filter((token) => !glue.has(token.key) && !lexicon.articles.has(token.key) && !lexicon.documentNouns.has(token.key));
    return rest.length === 0 ? { from: range.from, to: range.to } : undefined;
  }

  /** A new document's title: a quoted or "called …" title, else the described kind ("a research note" → "Research note"). */
  private newTitle(lexicon: Lexicon, from: number, to: number): string | undefined {
    const quoted = /["“„‘'](.+?)["”“’']/.exec(this.slice(from, to));
    if (quoted?.[1]) return quoted[1].trim();
    for (let at = from; at < to; at++) {
      const length = matchAny(this.tokens, at, lexicon.separators.named, to);
      if (length > 0 && at + length < to) return this.slice(at + length, to);
    }
    while (from < to && lexicon.articles.has(this.tokens[from]!.key)) from++;
    if (from >= to) return undefined;
    if (to - from === 1 && lexicon.documentNouns.has(this.tokens[from]!.key)) return undefined;
    const described = this.slice(from, to);
    return described.charAt(0).toUpperCase() + described.slice(1);
  }

  /** "this", "it": the active document, or a question when there is none. */
  private contextDocument(lexicon: Lexicon, from: number, to: number, pending: Action): Resolved<DocumentRef> | undefined {
    if (!isExactly(this.tokens, from, to, lexicon.references)) return undefined;
    const active = this.context.documentId !== undefined ? this.model.get(this.context.documentId) : undefined;
    if (!active) return { ask: this.ask(_('Which document do you mean? None is open.'), [], {}, 0, pending) };
    return { ref: { id: active.id, title: active.title }, score: 1 };
  }

  /** `known`: what the rest of the command already says, kept in a question so a picked choice completes it. */
  private resolveDocument(lexicon: Lexicon, from: number, to: number, pending: Action, known: IntentEntities = {}): Resolved<DocumentRef> {
    if (from >= to) return { ask: this.ask(_('Which document do you mean?'), [], known, 0, pending) };
    const fromContext = this.contextDocument(lexicon, from, to, pending);
    if (fromContext) return fromContext;
    const target = this.resolveNamed(lexicon, from, to, { documents: true, threads: false }, pending, known);
    if ('ask' in target) return target;
    return { ref: { id: target.ref.id, title: target.ref.name }, score: target.score };
  }

  private resolveThread(lexicon: Lexicon, from: number, to: number, pending: Action, known: IntentEntities = {}): Resolved<ThreadRef> {
    const target = this.resolveNamed(lexicon, from, to, { documents: false, threads: true }, pending, known);
    if ('ask' in target) return target;
    return { ref: { id: target.ref.id, name: target.ref.name }, score: target.score };
  }

  private resolveDocumentOrThread(lexicon: Lexicon, from: number, to: number, pending: Action): Resolved<Candidate> {
    const fromContext = this.contextDocument(lexicon, from, to, pending);
    if (fromContext) {
      if ('ask' in fromContext) return fromContext;
      return { ref: { kind: 'document', id: fromContext.ref.id, name: fromContext.ref.title, score: 1 }, score: 1 };
    }
    return this.resolveNamed(lexicon, from, to, { documents: true, threads: true }, pending);
  }

  private resolveNamed(
    lexicon: Lexicon,
    from: number,
    to: number,
    kinds: { documents: boolean; threads: boolean },
    pending: Action,
    known: IntentEntities = {},
  ): Resolved<Candidate> {
    const typed = this.slice(from, to);
    if (isExactly(this.tokens, from, to, lexicon.everything)) {
      return { ask: this.ask(format(_('I act on one document at a time; “{words}” would mean many. Which one do you mean?'), { words: typed }), [], {}, 0, pending) };
    }
    const candidates = this.ranked(this.candidates(from, to, kinds));
    const best = candidates[0];
    const kindName = kinds.documents ? (kinds.threads ? _('document or thread') : _('document')) : _('thread');
    if (!best) return { ask: this.ask(format(_('No {kind} is called “{name}”.'), { kind: kindName, name: unquote(typed) }), [], {}, 0, pending) };
    const close = candidates.filter((candidate) => candidate.rank >= best.rank - CLOSE_MARGIN - 1e-9);
    if (close.length > 1) {
      return { ask: this.ask(format(_('Several match “{name}”. Which one do you mean?'), { name: unquote(typed) }), close.map(choiceOf), known, best.score, pending) };
    }
    if (best.score < this.preferences.threshold) {
      return { ask: this.ask(format(_('Did you mean “{name}”?'), { name: best.name }), candidates.slice(0, 3).map(choiceOf), known, best.score, pending) };
    }
    return { ref: best, score: best.score };
  }

  /**
   * Candidates in the order the person most likely means them: the match
   * score plus the usage bonus of names they act on often. The bonus only
   * orders and separates near-ties (it is smaller than CLOSE_MARGIN); the
   * confidence stays the match score, so a much-used name that matches
   * badly is still asked about.
   */
  private ranked(candidates: Candidate[]): (Candidate & { rank: number })[] {
    return candidates
      .map((candidate) => ({ ...candidate, rank: candidate.score + this.preferences.usageBonus(candidate.kind, candidate.id) }))
      .sort((a, b) => b.rank - a.rank || a.name.localeCompare(b.name));
  }

  /**
   * Candidates for the words from..to. Articles and nouns like "note" are
   * left out (words only of those name nothing); for threads, "the thesis
   * thread" and "Project Alpha" are scored both with and without the word
   * "thread"/"project", since it may or may not be part of the name.
   */
  private candidates(from: number, to: number, kinds: { documents: boolean; threads: boolean }): Candidate[] {
    const typed = this.tokens.slice(from, to).map((token) => token.key).filter((word) => !this.ignore.has(word));
    if (typed.length === 0) return [];
    const raw = unquote(this.slice(from, to));
    const found = findCandidates(this.model, typed, raw, kinds, this.ignore);
    const withoutNoun = typed.filter((word) => !this.threadNouns.has(word));
    if (kinds.threads && withoutNoun.length > 0 && withoutNoun.length < typed.length) {
      for (const other of findCandidates(this.model, withoutNoun, raw, { documents: false, threads: true }, this.ignore)) {
        const same = found.find((candidate) => candidate.id === other.id && candidate.kind === other.kind);
        if (!same) found.push(other);
        else same.score = Math.max(same.score, other.score);
      }
      found.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
    }
    return found;
  }

  // ------------------------------------------------------------ results

  private act(action: Action, confidence: number, entities: IntentEntities): UserIntent {
    const rounded = Math.round(confidence * 1000) / 1000;
    if (rounded < this.preferences.threshold) {
      const named = entities.document?.title ?? entities.thread?.name;
      const choices = entities.document ? [entities.document] : entities.thread ? [{ id: entities.thread.id, title: entities.thread.name }] : [];
      return this.ask(named ? format(_('Did you mean “{name}”?'), { name: named }) : _('I am not sure what you mean.'), choices, entities, rounded, action);
    }
    return { intent: INTENT_OF_ACTION[action], action, confidence: rounded, entities };
  }

  private ask(question: string, choices: IntentChoice[], entities: IntentEntities, confidence: number, pending?: Action): UserIntent {
    return {
      intent: 'clarification',
      action: 'clarify',
      confidence: Math.round(confidence * 1000) / 1000,
      entities,
      choices,
      question,
      ...(pending ? { pending } : {}),
    };
  }
}

function choiceOf(candidate: Candidate): IntentChoice {
  return { id: candidate.id, title: candidate.name };
}

function unquote(text: string): string {
  return text.replace(/^["“„‘'](.*)["”“’']$/, '$1').trim();
}
