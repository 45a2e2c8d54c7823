import fs from 'node:fs';
import { SovereignError, _, createLogger, format } from '../../core/index.js';
import type { ModelBackend } from '../../ai/model-backend.js';
import type { RetrievalSources } from '../../retrieval/index.js';
import type { Conversation, GraphStore } from '../../store/index.js';
import { answerMetadataSchema, type Answer, type AnswerMetadata, type ConversationTurn } from './answer.js';
import type { AnswerProfile } from './answer-profile.js';
import { chunkMarkdown } from '../../retrieval/index.js';
import { findPassages, type FoundPassage } from './found-passage.js';
import { fitPrompt } from './fit-prompt.js';
import { earlierTurns } from './earlier-turn.js';
import { retrievalQuery } from './follow-up-query.js';

const log = createLogger('assistant.answer');

/** What the answer service needs of the model registry (ModelRegistry has it). */
export interface ChatModels {
  /** The configured model for a name or role; undefined when none is configured. */
  find(nameOrRole: string): { id: string; path: string } | undefined;
  backend(nameOrRole: string): ModelBackend;
}

export interface AnswerServices {
  store: GraphStore;
  models: ChatModels;
  /** The search indexes over the store, opened on first use. */
  retrieval: () => Promise<RetrievalSources>;
}

export interface AskOptions {
  /** Adds the question to this conversation; a new one is started without it. */
  conversationId?: string;
  profile?: AnswerProfile;
  /** Stop: ends the generation; the text so far is kept as a stopped answer. */
  signal?: AbortSignal;
  /** Receives the answer's text as the model writes it. */
  onText?: (chunk: string) => void;
}

/** A conversation's title: the start of its first question. */
const TITLE_CHARS = 60;

/**
 * Answers questions from the workspace's documents: retrieves passages,
 * fits them into the chat model's context by token count, streams the
 * model's answer, and saves question, answer and citations in a
 * conversation. The command line, the D-Bus service, the API and the
 * window's chat panel all answer through this one service.
 */
export class AnswerService {
  constructor(private readonly services: AnswerServices) {}

  async ask(question: string, options: AskOptions = {}): Promise<Answer> {
    const asked = question.trim();
    if (!asked) throw new SovereignError('invalid-input', _('The question is empty: type what you want to know.'));
    const model = options.profile?.model ?? 'chat';
    const missing = this.missingModel(model);
    if (missing) return missing;
    const conversationId = options.conversationId ?? (await this.services.store.createConversation(titleOf(asked))).id;
    await this.services.store.appendMessage(conversationId, { role: 'user', content: asked, metadata: { kind: 'question' } });
    return this.answer(conversationId, asked, model, options);
  }

  /**
   * Summarises one document ("Ask Sovereign about this file"): its own
   * passages, in order and trimmed to the context, instead of retrieval.
   * Saved as a conversation like any question.
   */
  async summarize(documentId: string, options: Omit<AskOptions, 'conversationId'> = {}): Promise<Answer> {
    const [document] = await this.services.store.getDocuments([documentId]);
    if (!document) throw new SovereignError('not-found', format(_('There is no document with the id "{id}".'), { id: documentId }));
    const model = options.profile?.model ?? 'chat';
    const missing = this.missingModel(model);
    if (missing) return missing;
    const question = format(_('Summarise the document “{title}”.'), { title: document.title });
    const conversationId = (await this.services.store.createConversation(titleOf(format(_('Summary of “{title}”'), { title: document.title })))).id;
    await this.services.store.appendMessage(conversationId, { role: 'user', content: question, metadata: { kind: 'question', documentId } });
    return this.answer(conversationId, question, model, options, documentId);
  }

  /** Answers the conversation's last question again (a summary summarises its document again); the conversation keeps the earlier answer too. */
  async regenerate(conversationId: string, options: Omit<AskOptions, 'conversationId'> = {}): Promise<Answer> {
    const messages = await this.services.store.listMessages(conversationId);
    const asked = messages.findLast((m) => m.role === 'user');
    if (asked === undefined) throw new SovereignError('not-found', _('This conversation has no question to answer again.'));
    const model = options.profile?.model ?? 'chat';
    const missing = this.missingModel(model);
    if (missing) return missing;
    const documentId = typeof asked.metadata['documentId'] === 'string' ? asked.metadata['documentId'] : undefined;
    return this.answer(conversationId, asked.content, model, options, documentId);
  }

  /** The passages of one document, in order: what a summary reads. */
  private async documentPassages(documentId: string): Promise<FoundPassage[]> {
    const [document] = await this.services.store.getDocuments([documentId]);
    if (!document) return [];
    return chunkMarkdown(document.id, document.title, document.content).map((p) => ({
      documentId: document.id,
      title: document.title,
      headingPath: p.headingPath,
      start: p.start,
      end: p.end,
      text: document.content.slice(p.start, p.end),
    }));
  }

  /** Saved conversations, most recently used first. */
  listConversations(limit = 100): Promise<Conversation[]> {
    return this.services.store.listConversations({ limit });
  }

  /** A saved conversation's questions, each with its answers and their citations, in order. */
  async turns(conversationId: string): Promise<ConversationTurn[]> {
    const turns: ConversationTurn[] = [];
    for (const message of await this.services.store.listMessages(conversationId)) {
      if (message.role === 'user') turns.push({ question: message.content, answers: [] });
      else if (message.role === 'assistant') {
        const meta = answerMetadataSchema.safeParse(message.metadata);
        const answer: Answer = meta.success
          ? { status: meta.data.status, conversationId, text: message.content, citations: meta.data.citations, ...(meta.data.notice ? { notice: meta.data.notice } : {}) }
          : { status: 'answered', conversationId, text: message.content, citations: [] };
        turns.at(-1)?.answers.push(answer);
      }
    }
    return turns;
  }

  /** The no-model answer when the model is not configured or its file is gone; undefined when it can be used. */
  private missingModel(name: string): Answer | undefined {
    const served = this.services.models.find(name);
    if (served && fs.existsSync(served.path)) return undefined;
    const text = served
      ? format(_('The chat model file {file} is missing, so I cannot answer questions.'), { file: served.path })
      : _('No chat model is installed, so I cannot answer questions from your documents.');
    const notice = _('Add a GGUF chat model with “sovereign models add FILE” (or “sovereign models pull URL”) and set it as chat = "NAME" under [ai.models] in config.toml.');
    return { status: 'no-model', text, citations: [], notice };
  }

  /** Retrieves (or, for a summary, reads the document's) passages, and streams and saves the model's answer. */
  private async answer(conversationId: string, question: string, model: string, options: AskOptions, summaryOf?: string): Promise<Answer> {
    const { store } = this.services;
    const profile = options.profile?.name;
    // A follow-up ("and when was that?") is read with the conversation so far, and searched for with the question before it.
    const history = summaryOf ? [] : earlierTurns(await store.listMessages(conversationId));
    const passages = summaryOf
      ? await this.documentPassages(summaryOf)
      : await findPassages(await this.services.retrieval(), retrievalQuery(question, history.at(-1)?.question), options.signal);
    if (passages.length === 0) {
      const text = summaryOf
        ? _('This document has no text to summarise.')
        : _('Nothing relevant in your documents: no passage matches this question, so I did not ask the model.');
      await store.appendMessage(conversationId, { role: 'assistant', content: text, metadata: metadata({ kind: 'answer', status: 'nothing-relevant', citations: [], ...(profile ? { profile } : {}) }) });
      return { status: 'nothing-relevant', conversationId, text, citations: [] };
    }
    const backend = this.services.models.backend(model);
    const info = await backend.info();
    const prompt = await fitPrompt(
      question,
      passages,
      { contextSize: info.contextSize, countTokens: (text) => backend.countTokens(text) },
      { ...(options.profile?.systemPrompt ? { profilePrompt: options.profile.systemPrompt } : {}), history },
    );
    // Chunks the model process sent before it saw the cancel still arrive: after Stop, nothing more is shown or kept.
    let shown = '';
    const onText = (chunk: string) => {
      if (options.signal?.aborted) return;
      shown += chunk;
      options.onText?.(chunk);
    };
    // No tools: whatever a quoted document says, the answer cannot act.
    const result = await backend.generate(
      {
        messages: prompt.messages,
        maxTokens: prompt.answerTokens,
        ...(options.profile?.temperature !== undefined ? { temperature: options.profile.temperature } : {}),
      },
      { ...(options.signal ? { signal: options.signal } : {}), onText },
    );
    const status = result.finishReason === 'cancelled' || options.signal?.aborted ? 'stopped' : 'answered';
    const text = status === 'stopped' ? shown : result.text;
    log.info('answered', { conversationId, status, passages: prompt.citations.length, promptTokens: result.usage.promptTokens });
    await store.appendMessage(conversationId, {
      role: 'assistant',
      content: text,
      metadata: metadata({ kind: 'answer', status, citations: prompt.citations, model: info.name, ...(profile ? { profile } : {}), ...(prompt.notice ? { notice: prompt.notice } : {}) }),
    });
    return { status, conversationId, text, citations: prompt.citations, usage: result.usage, ...(prompt.notice ? { notice: prompt.notice } : {}) };
  }
}

function metadata(meta: AnswerMetadata): Record<string, unknown> {
  return { ...meta };
}

function titleOf(question: string): string {
  const flat = question.replace(/\s+/g, ' ');
  return flat.length > TITLE_CHARS ? `${flat.slice(0, TITLE_CHARS - 1)}…` : flat;
}
