/**
 * The messages between the app and the model host process (over the
 * child_process IPC channel). The app sends requests with an id; the host
 * answers each with one result or one error, and for generation streams
 * text chunks first. A cancel names the id of the request to stop.
 */
export type ModelPurpose = 'chat' | 'embedding';

export interface LoadOptions {
  contextSize: number;
  threads: number;
  parallelSequences: number;
}

/** A chat history item in node-llama-cpp's shape, built by the app (which never imports node-llama-cpp). */
export type HistoryItem =
  | { type: 'system'; text: string }
  | { type: 'user'; text: string }
  | { type: 'model'; response: (string | HistoryFunctionCall)[] };

export interface HistoryFunctionCall {
  type: 'functionCall';
  name: string;
  params: unknown;
  result: unknown;
}

export interface HostFunction {
  description?: string;
  params?: Record<string, unknown>;
}

export interface HostGenerateRequest {
  history: HistoryItem[];
  maxTokens: number;
  temperature?: number;
  topP?: number;
  seed?: number;
  stop?: string[];
  /** A JSON schema in the subset node-llama-cpp turns into a grammar. */
  grammarSchema?: Record<string, unknown>;
  /** Functions the model may call in its own format (tool_choice "auto"). */
  functions?: Record<string, HostFunction>;
}

export type HostStopReason = 'eog' | 'maxTokens' | 'stop' | 'abort' | 'functionCalls';

export interface HostGenerateResult {
  text: string;
  stopReason: HostStopReason;
  functionCalls: { name: string; params: unknown }[];
  promptTokens: number;
  completionTokens: number;
  durationMs: number;
}

export interface HostModelInfo {
  path: string;
  architecture: string;
  sizeBytes: number;
  contextSize: number;
  trainContextSize: number;
  embeddingSize: number;
  chatFormat: string | undefined;
  purposes: ModelPurpose[];
}

export interface GenerationRecord {
  requestId: number;
  path: string;
  stopReason: HostStopReason;
  completionTokens: number;
  tokensPerSecond: number;
}

export interface HostStatus {
  pid: number;
  rssBytes: number;
  models: HostModelInfo[];
  activeGenerations: number;
  queuedGenerations: number;
  lastGeneration: GenerationRecord | undefined;
}

interface Requests {
  load: { path: string; purpose: ModelPurpose; options: LoadOptions };
  unload: { path: string };
  /** A HostGenerateRequest as JSON text (see GenerationPlan.hostRequestJson for why). */
  generate: { path: string; requestJson: string };
  embed: { path: string; texts: string[] };
  tokenize: { path: string; text: string };
  status: Record<string, never>;
}

export interface Results {
  load: HostModelInfo;
  unload: { unloaded: boolean };
  generate: HostGenerateResult;
  embed: { vectors: number[][] };
  tokenize: { tokens: number[] };
  status: HostStatus;
}

export type RequestType = keyof Requests;
export type HostRequest = { [K in RequestType]: { type: K; id: number } & Requests[K] }[RequestType];
export type RequestBody<K extends RequestType> = Requests[K];
export type AppMessage = HostRequest | { type: 'cancel'; id: number };

export interface WireError {
  kind: 'model' | 'invalid-input' | 'cancelled' | 'not-found' | 'resource' | 'internal';
  message: string;
  hint?: string;
}

export type HostMessage =
  | { type: 'ready'; pid: number }
  | { type: 'chunk'; id: number; text: string }
  | { type: 'result'; id: number; value: Results[RequestType] }
  | { type: 'error'; id: number; error: WireError };
