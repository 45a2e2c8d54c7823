import fs from 'node:fs';
import path from 'node:path';
import {
  LlamaChat,
  type ChatHistoryItem,
  type ChatModelFunctions,
  type Llama,
  type LlamaContext,
  type LlamaEmbeddingContext,
  type LlamaGrammar,
  type LlamaModel,
  type Token,
} from 'node-llama-cpp';
import { HostError } from './host-error.js';
import type { GenerationRecord, HostGenerateRequest, HostGenerateResult, HostModelInfo, HostStopReason, LoadOptions, ModelPurpose } from './protocol.js';
import { SequencePool } from './sequence-pool.js';

/**
 * One model file loaded in the host, with the contexts its purposes need: a
 * chat context with a pool of sequences, an embedding context, or both.
 */
export class LoadedModel {
  private chatContext: LlamaContext | undefined;
  private pool: SequencePool | undefined;
  private embeddingContexts: LlamaEmbeddingContext[] = [];
  private readonly grammars = new Map<string, LlamaGrammar>();
  private readonly running = new Set<AbortController>();
  private readonly sizeBytes: number;
  private chatFormat: string | undefined;

  private constructor(
    private readonly llama: Llama,
    readonly path: string,
    private readonly model: LlamaModel,
    private readonly options: LoadOptions,
  ) {
    this.sizeBytes = fs.statSync(path).size;
  }

  static async load(llama: Llama, modelPath: string, options: LoadOptions): Promise<LoadedModel> {
    const model = await llama.loadModel({ modelPath, gpuLayers: 0 });
    return new LoadedModel(llama, modelPath, model, options);
  }

  get activeGenerations(): number {
    return this.pool?.active ?? 0;
  }

  get queuedGenerations(): number {
    return this.pool?.queued ?? 0;
  }

  private contextSize(): number {
    return Math.min(this.options.contextSize, this.model.trainContextSize);
  }

  async prepare(purpose: ModelPurpose): Promise<void> {
    if (purpose === 'chat' && !this.chatContext) {
      const sequences = this.options.parallelSequences;
      this.chatContext = await this.model.createContext({
        contextSize: this.contextSize() * sequences,
        sequences,
        threads: this.options.threads,
      });
      this.pool = new SequencePool(Array.from({ length: sequences }, () => this.chatContext!.getSequence()));
      // Resolving the chat wrapper reads the model's template; no evaluation.
      const sequence = await this.pool.acquire();
      const chat = new LlamaChat({ contextSequence: sequence, autoDisposeSequence: false });
      this.chatFormat = chat.chatWrapper.wrapperName;
      chat.dispose({ disposeSequence: false });
      this.pool.release(sequence);
    }
    if (purpose === 'embedding' && this.embeddingContexts.length === 0) {
      // node-llama-cpp evaluates one text per decode and reads back only one
      // sequence's vector, so texts are spread over parallelSequences
      // contexts instead: separate decodes on separate threads, which do not
      // wait on each other the way one context's threads do at every layer
      // (2 threads in one context fell to a quarter of 1 thread's throughput
      // on a busy 2-core machine).
      const count = this.options.parallelSequences;
      this.llama.maxThreads = Math.max(this.llama.maxThreads, this.options.threads * count);
      for (let i = 0; i < count; i++) {
        this.embeddingContexts.push(
          await this.model.createEmbeddingContext({
            contextSize: Math.min(this.contextSize(), this.model.trainContextSize),
            threads: this.options.threads,
          }),
        );
      }
    }
  }

  info(): HostModelInfo {
    const purposes: ModelPurpose[] = [];
    if (this.chatContext) purposes.push('chat');
    if (this.embeddingContexts.length > 0) purposes.push('embedding');
    return {
      path: this.path,
      architecture: String(this.model.fileInfo.metadata.general.architecture ?? 'unknown'),
      sizeBytes: this.sizeBytes,
      contextSize: this.chatContext || this.embeddingContexts.length > 0 ? this.contextSize() : 0,
      trainContextSize: this.model.trainContextSize,
      embeddingSize: this.model.embeddingVectorSize,
      chatFormat: this.chatFormat,
      purposes,
    };
  }

  tokenize(text: string): number[] {
    return [...this.model.tokenize(text)];
  }

  async embed(texts: string[], signal: AbortSignal): Promise<number[][]> {
    await this.prepare('embedding');
    // A text longer than the context is the caller's to shorten, not a model failure.
    // node-llama-cpp adds the model's start and end tokens (BERT's [CLS], [SEP]) and
    // needs the whole input strictly shorter than the embedding context: 3 fewer.
    const limit = Math.min(this.contextSize(), this.model.trainContextSize) - 3;
    texts.forEach((text, index) => {
      const tokens = this.model.tokenize(text).length;
      if (tokens > limit) {
        throw new HostError('invalid-input', `input ${index} is ${tokens} tokens long; ${this.name} embeds at most ${limit} tokens at a time`, 'Split the text into smaller pieces.');
      }
    });
    const vectors: number[][] = new Array<number[]>(texts.length);
    let next = 0;
    let failed = false;
    await Promise.all(
      this.embeddingContexts.map(async (context) => {
        while (next < texts.length && !failed) {
          if (signal.aborted) throw signal.reason;
          const index = next++;
          try {
            vectors[index] = [...(await context.getEmbeddingFor(texts[index]!)).vector];
          } catch (error) {
            failed = true;
            throw error;
          }
        }
      }),
    );
    return vectors;
  }

  private async grammarFor(schema: Record<string, unknown>): Promise<LlamaGrammar> {
    // The schema was checked against the supported subset and its limits by the app
    // (toGrammarSchema, checkSchemaLimits); should it still be too much (both the cache
    // key and the grammar builder recurse), only this request fails.
    try {
      const key = JSON.stringify(schema);
      let grammar = this.grammars.get(key);
      if (!grammar) {
        grammar = await this.llama.createGrammarForJsonSchema(schema as never);
        if (this.grammars.size >= 32) this.grammars.delete(this.grammars.keys().next().value!);
        this.grammars.set(key, grammar);
      }
      return grammar;
    } catch (error) {
      throw new HostError('invalid-input', `no grammar could be built from the JSON schema: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async generate(
    request: HostGenerateRequest,
    signal: AbortSignal,
    onText: (text: string) => void,
    onDone: (record: Omit<GenerationRecord, 'requestId'>) => void,
  ): Promise<HostGenerateResult> {
    await this.prepare('chat');
    const grammar = request.grammarSchema ? await this.grammarFor(request.grammarSchema) : undefined;
    const controller = new AbortController();
    const abort = () => controller.abort(signal.reason);
    signal.addEventListener('abort', abort, { once: true });
    this.running.add(controller);
    let sequence;
    try {
      sequence = await this.pool!.acquire(controller.signal);
    } catch (error) {
      this.running.delete(controller);
      signal.removeEventListener('abort', abort);
      throw error;
    }
    const chat = new LlamaChat({ contextSequence: sequence, autoDisposeSequence: false });
    const history: ChatHistoryItem[] = [...(request.history as ChatHistoryItem[]), { type: 'model', response: [] }];
    const functions = request.functions as ChatModelFunctions | undefined;
    const started = performance.now();
    let completionTokens = 0;
    try {
      const promptTokens = chat.chatWrapper
        .generateContextState({ chatHistory: history, availableFunctions: functions })
        .contextText.tokenize(this.model.tokenizer).length;
      const common = {
        maxTokens: request.maxTokens,
        temperature: request.temperature,
        topP: request.topP,
        seed: request.seed,
        signal: controller.signal,
        stopOnAbortSignal: true,
        customStopTriggers: request.stop,
        onTextChunk: onText,
        onToken: (tokens: Token[]) => {
          completionTokens += tokens.length;
        },
      };
      const response = functions
        ? await chat.generateResponse(history, { ...common, functions })
        : await chat.generateResponse(history, { ...common, grammar });
      const durationMs = performance.now() - started;
      const stopReason = mapStopReason(response.metadata.stopReason);
      onDone({
        path: this.path,
        stopReason,
        completionTokens,
        tokensPerSecond: durationMs > 0 ? (completionTokens * 1000) / durationMs : 0,
      });
      return {
        text: response.response,
        stopReason,
        functionCalls: (response.functionCalls ?? []).map((call) => ({ name: call.functionName, params: call.params })),
        promptTokens,
        completionTokens,
        durationMs,
      };
    } finally {
      signal.removeEventListener('abort', abort);
      this.running.delete(controller);
      chat.dispose({ disposeSequence: false });
      await sequence.clearHistory();
      this.pool!.release(sequence);
    }
  }

  async dispose(): Promise<void> {
    const reason = new Error('the model is being unloaded');
    for (const controller of this.running) controller.abort(reason);
    this.pool?.rejectWaiting(reason);
    while (this.activeGenerations > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    this.grammars.clear();
    for (const context of this.embeddingContexts) await context.dispose();
    await this.chatContext?.dispose();
    await this.model.dispose();
  }

  get name(): string {
    return path.basename(this.path);
  }
}

function mapStopReason(reason: string): HostStopReason {
  switch (reason) {
    case 'maxTokens':
      return 'maxTokens';
    case 'abort':
      return 'abort';
    case 'functionCalls':
      return 'functionCalls';
    case 'customStopTrigger':
      return 'stop';
    default:
      return 'eog';
  }
}
