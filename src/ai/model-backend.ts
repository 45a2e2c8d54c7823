/**
 * What every AI feature uses to talk to a model, whichever process or
 * library runs it. Implemented by the registry over the model host process.
 */
export type ChatRole = 'system' | 'user' | 'assistant' | 'tool';

export interface ToolCall {
  id: string;
  name: string;
  /** The arguments as a JSON text, as OpenAI clients expect. */
  arguments: string;
}

export interface ChatMessage {
  role: ChatRole;
  content: string;
  /** On assistant messages that called tools. */
  toolCalls?: ToolCall[];
  /** On tool messages: which call this is the result of. */
  toolCallId?: string;
}

export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON schema of the arguments object. */
  parameters?: Record<string, unknown>;
}

/** 'auto': the model may answer or call; 'required': it must call one; a name: it must call that one. */
export type ToolChoice = 'none' | 'auto' | 'required' | { name: string };

export interface GenerateRequest {
  messages: ChatMessage[];
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  seed?: number;
  stop?: string[];
  /** Constrains the output to JSON matching this schema; the result is validated and clamped in code. */
  jsonSchema?: Record<string, unknown>;
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
}

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'cancelled';

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface GenerateResult {
  text: string;
  /** The validated (and clamped) value when a jsonSchema was given. */
  json?: unknown;
  toolCalls?: ToolCall[];
  finishReason: FinishReason;
  usage: TokenUsage;
  tokensPerSecond: number;
}

export interface GenerateOptions {
  signal?: AbortSignal;
  /** Receives the text as it is generated (not called for tool calls or JSON). */
  onText?: (chunk: string) => void;
}

export interface ModelInfo {
  name: string;
  path: string;
  architecture: string;
  sizeBytes: number;
  contextSize: number;
  trainContextSize: number;
  embeddingSize: number;
  /** The chat format node-llama-cpp recognised from the model's template. */
  chatFormat: string | undefined;
}

export interface ModelBackend {
  generate(request: GenerateRequest, options?: GenerateOptions): Promise<GenerateResult>;
  /** One L2-normalised vector per text. */
  embed(texts: readonly string[], options?: { signal?: AbortSignal }): Promise<number[][]>;
  tokenize(text: string): Promise<number[]>;
  countTokens(text: string): Promise<number>;
  info(): Promise<ModelInfo>;
}
