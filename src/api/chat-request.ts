import { z } from 'zod';
import type { ChatMessage, GenerateRequest, ToolChoice } from '../ai/model-backend.js';
import { ApiError } from './api-error.js';

/** The parts of OpenAI's chat completion request Sovereign honours; other fields are accepted and ignored. */
const contentSchema = z.union([
  z.string(),
  z.array(z.object({ type: z.string(), text: z.string().optional() }).passthrough()),
  z.null(),
]);

const messageSchema = z
  .object({
    role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
    content: contentSchema.optional(),
    tool_calls: z
      .array(z.object({ id: z.string(), type: z.literal('function').optional(), function: z.object({ name: z.string(), arguments: z.string() }) }))
      .optional(),
    tool_call_id: z.string().optional(),
  })
  .passthrough();

const toolSchema = z.object({
  type: z.literal('function'),
  function: z.object({ name: z.string().min(1), description: z.string().optional(), parameters: z.record(z.string(), z.unknown()).optional() }),
});

export const chatRequestSchema = z
  .object({
    model: z.string().min(1),
    messages: z.array(messageSchema).min(1),
    stream: z.boolean().optional(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).passthrough().nullish(),
    max_tokens: z.number().int().min(1).nullish(),
    max_completion_tokens: z.number().int().min(1).nullish(),
    temperature: z.number().min(0).max(2).nullish(),
    top_p: z.number().min(0).max(1).nullish(),
    seed: z.number().int().nullish(),
    n: z.number().int().min(1).max(1).nullish(),
    stop: z.union([z.string(), z.array(z.string()).max(4)]).nullish(),
    response_format: z
      .discriminatedUnion('type', [
        z.object({ type: z.literal('text') }),
        z.object({ type: z.literal('json_object') }),
        z.object({ type: z.literal('json_schema'), json_schema: z.object({ name: z.string(), schema: z.record(z.string(), z.unknown()).optional(), strict: z.boolean().nullish() }).passthrough() }),
      ])
      .nullish(),
    tools: z.array(toolSchema).nullish(),
    tool_choice: z
      .union([z.enum(['none', 'auto', 'required']), z.object({ type: z.literal('function'), function: z.object({ name: z.string() }) })])
      .nullish(),
  })
  .passthrough();

export type ChatCompletionRequest = z.infer<typeof chatRequestSchema>;

export function parseChatRequest(body: unknown): ChatCompletionRequest {
  const result = chatRequestSchema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const param = issue.path.map(String).join('.');
    throw new ApiError(400, `invalid request: ${param ? param + ': ' : ''}${issue.message}`, 'invalid_request_error', null, param || null);
  }
  return result.data;
}

function textOf(content: z.infer<typeof contentSchema> | undefined): string {
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  return content.map((part) => (part.type === 'text' ? (part.text ?? '') : '')).join('');
}

export function toGenerateRequest(request: ChatCompletionRequest): GenerateRequest {
  const messages: ChatMessage[] = request.messages.map((m) => ({
    role: m.role === 'developer' ? 'system' : m.role,
    content: textOf(m.content),
    ...(m.tool_calls ? { toolCalls: m.tool_calls.map((c) => ({ id: c.id, name: c.function.name, arguments: c.function.arguments })) } : {}),
    ...(m.tool_call_id ? { toolCallId: m.tool_call_id } : {}),
  }));
  const format = request.response_format;
  const jsonSchema =
    format?.type === 'json_schema'
      ? (format.json_schema.schema ?? { type: 'object', additionalProperties: true })
      : format?.type === 'json_object'
        ? { type: 'object', additionalProperties: true }
        : undefined;
  const choice = request.tool_choice;
  const toolChoice: ToolChoice | undefined = choice === null || choice === undefined ? undefined : typeof choice === 'string' ? choice : { name: choice.function.name };
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  return {
    messages,
    ...(maxTokens ? { maxTokens } : {}),
    ...(request.temperature !== undefined && request.temperature !== null ? { temperature: request.temperature } : {}),
    ...(request.top_p !== undefined && request.top_p !== null ? { topP: request.top_p } : {}),
    ...(request.seed !== undefined && request.seed !== null ? { seed: request.seed } : {}),
    ...(request.stop ? { stop: typeof request.stop === 'string' ? [request.stop] : request.stop } : {}),
    ...(jsonSchema ? { jsonSchema } : {}),
    ...(request.tools && request.tools.length > 0
      ? {
          tools: request.tools.map((t) => ({
            name: t.function.name,
            ...(t.function.description ? { description: t.function.description } : {}),
            ...(t.function.parameters ? { parameters: t.function.parameters } : {}),
          })),
        }
      : {}),
    ...(toolChoice ? { toolChoice } : {}),
  };
}
