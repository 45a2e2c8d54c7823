import { randomBytes } from 'node:crypto';
import { SovereignError, _, format } from '../../core/index.js';
import { toChatHistory } from '../chat-history.js';
import type { HostGenerateRequest, HostGenerateResult } from '../host/protocol.js';
import type { FinishReason, GenerateRequest, GenerateResult, ToolCall, ToolDefinition } from '../model-backend.js';
import { checkSchemaLimits } from '../schema-limits.js';
import { parseStructuredOutput, toGrammarSchema } from '../structured-output.js';

/**
 * How a GenerateRequest is run in the host and how the host's answer becomes
 * a GenerateResult. Pure: no process, no model. Tools are honoured two ways:
 * when a call is required (tool_choice "required" or a name) a grammar forces
 * {"name": …, "arguments": …}; with "auto" the model may call functions in
 * its own chat format. Either way the arguments are validated and clamped.
 */
export interface GenerationPlan {
  hostRequest: HostGenerateRequest;
  /**
   * The host request as JSON text, which is what crosses to the model host:
   * the IPC channel's structured clone recurses per nesting level, and a
   * deeply nested value (tool-call arguments, say) overflowed the host's
   * stack before any of its handlers ran. JSON.parse does not recurse.
   */
  hostRequestJson: string;
  /** Whether text chunks may be streamed to the caller as they come. */
  streamsText: boolean;
  finish(result: HostGenerateResult): GenerateResult;
}

const DEFAULT_MAX_TOKENS = 512;
/** OpenAI's own limits on tools: 128 per request, names of 1-64 letters, digits, "_" and "-". */
export const MAX_TOOLS = 128;
const TOOL_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const EMPTY_OBJECT = { type: 'object', properties: {} };

function toolSchema(tool: ToolDefinition): Record<string, unknown> {
  return tool.parameters && Object.keys(tool.parameters).length > 0 ? tool.parameters : EMPTY_OBJECT;
}

export function newToolCallId(): string {
  return 'call_' + randomBytes(12).toString('hex');
}

function toolCall(tools: readonly ToolDefinition[], name: string, params: unknown): ToolCall {
  const tool = tools.find((t) => t.name === name);
  if (!tool) throw new SovereignError('model', format(_('The model called an unknown tool "{name}".'), { name }));
  const args = parseStructuredOutput(JSON.stringify(params ?? {}), toolSchema(tool));
  return { id: newToolCallId(), name, arguments: JSON.stringify(args) };
}

function finishReason(result: HostGenerateResult): FinishReason {
  switch (result.stopReason) {
    case 'maxTokens':
      return 'length';
    case 'abort':
      return 'cancelled';
    case 'functionCalls':
      return 'tool_calls';
    default:
      return 'stop';
  }
}

function base(request: GenerateRequest): HostGenerateRequest {
  return {
    history: toChatHistory(request.messages),
    maxTokens: request.maxTokens ?? DEFAULT_MAX_TOKENS,
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.topP !== undefined ? { topP: request.topP } : {}),
    ...(request.seed !== undefined ? { seed: request.seed } : {}),
    ...(request.stop && request.stop.length > 0 ? { stop: request.stop } : {}),
  };
}

function usage(result: HostGenerateResult) {
  return {
    usage: { promptTokens: result.promptTokens, completionTokens: result.completionTokens },
    tokensPerSecond: result.durationMs > 0 ? (result.completionTokens * 1000) / result.durationMs : 0,
  };
}

/** Refuses, before any grammar is built, what would overwhelm the model host. */
function checkBounds(request: GenerateRequest): void {
  const tools = request.tools ?? [];
  if (tools.length > MAX_TOOLS) {
    throw new SovereignError('invalid-input', format(_('{count} tools were given; at most {limit} are supported.'), { count: tools.length, limit: MAX_TOOLS }));
  }
  for (const tool of tools) {
    if (!TOOL_NAME.test(tool.name)) {
      const shown = tool.name.length > 40 ? `${tool.name.slice(0, 40)}…` : tool.name;
      throw new SovereignError('invalid-input', format(_('The tool name "{name}" is not valid: use 1 to 64 letters, digits, "_" or "-".'), { name: shown }));
    }
    if (tool.parameters) checkSchemaLimits(tool.parameters, `$.tools.${tool.name}.parameters`);
  }
  if (request.jsonSchema) checkSchemaLimits(request.jsonSchema, '$.response_format');
}

function withJson(plan: Omit<GenerationPlan, 'hostRequestJson'>): GenerationPlan {
  let hostRequestJson: string;
  try {
    hostRequestJson = JSON.stringify(plan.hostRequest);
  } catch (error) {
    // JSON.stringify recurses: only nesting thousands of levels deep (in tool-call arguments) gets here.
    throw new SovereignError('invalid-input', format(_('The request cannot be passed to the model: {message}. Is something in it nested thousands of levels deep?'), { message: (error as Error).message }));
  }
  return { ...plan, hostRequestJson };
}

export function planGeneration(request: GenerateRequest): GenerationPlan {
  return withJson(planHostRequest(request));
}

function planHostRequest(request: GenerateRequest): Omit<GenerationPlan, 'hostRequestJson'> {
  if (request.messages.length === 0) throw new SovereignError('invalid-input', _('At least one message is needed.'));
  checkBounds(request);
  const tools = request.tools ?? [];
  const choice = request.toolChoice ?? (tools.length > 0 ? 'auto' : 'none');

  if (tools.length > 0 && choice !== 'none' && choice !== 'auto') {
    const candidates = typeof choice === 'object' ? tools.filter((t) => t.name === choice.name) : tools;
    if (candidates.length === 0) {
      throw new SovereignError('invalid-input', format(_('tool_choice names "{name}", which is not among the tools.'), { name: typeof choice === 'object' ? choice.name : '' }));
    }
    const variants = candidates.map((tool) => ({
      type: 'object',
      properties: { name: { const: tool.name }, arguments: toGrammarSchema(toolSchema(tool), `$.tools.${tool.name}`) },
      required: ['name', 'arguments'],
      additionalProperties: false,
    }));
    return {
      hostRequest: { ...base(request), grammarSchema: variants.length === 1 ? variants[0]! : { oneOf: variants } },
      streamsText: false,
      finish(result) {
        const reason = finishReason(result);
        if (reason === 'cancelled' || reason === 'length') return { text: result.text, finishReason: reason, ...usage(result) };
        const call = parseStructuredOutput(result.text, { type: 'object' }) as { name: string; arguments: unknown };
        return { text: '', toolCalls: [toolCall(tools, call.name, call.arguments)], finishReason: 'tool_calls', ...usage(result) };
      },
    };
  }

  if (request.jsonSchema) {
    const schema = request.jsonSchema;
    return {
      hostRequest: { ...base(request), grammarSchema: toGrammarSchema(schema, '$.response_format') },
      streamsText: false,
      finish(result) {
        const reason = finishReason(result);
        if (reason === 'cancelled' || reason === 'length') return { text: result.text, finishReason: reason, ...usage(result) };
        const json = parseStructuredOutput(result.text, schema);
        return { text: JSON.stringify(json), json, finishReason: 'stop', ...usage(result) };
      },
    };
  }

  const functions =
    tools.length > 0 && choice === 'auto'
      ? Object.fromEntries(
          tools.map((tool) => [
            tool.name,
            { ...(tool.description ? { description: tool.description } : {}), params: toGrammarSchema(toolSchema(tool), `$.tools.${tool.name}`) },
          ]),
        )
      : undefined;
  return {
    hostRequest: { ...base(request), ...(functions ? { functions } : {}) },
    streamsText: true,
    finish(result) {
      const toolCalls = result.functionCalls.map((call) => toolCall(tools, call.name, call.params));
      return {
        text: result.text,
        ...(toolCalls.length > 0 ? { toolCalls } : {}),
        finishReason: toolCalls.length > 0 ? 'tool_calls' : finishReason(result),
        ...usage(result),
      };
    },
  };
}
