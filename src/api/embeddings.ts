import type http from 'node:http';
import { z } from 'zod';
import type { ModelBackend } from '../ai/model-backend.js';
import { ApiError, sendJson } from './api-error.js';

/**
 * One input's length in characters. Embedding models read at most a few
 * thousand tokens (8,192 for the longest, some 50,000 characters of text),
 * so anything longer is refused here, before the model process spends
 * seconds tokenizing megabytes only to refuse it there.
 */
const MAX_INPUT_CHARS = 100_000;
const inputText = z.string().max(MAX_INPUT_CHARS, `an input may be at most ${MAX_INPUT_CHARS} characters; split longer text into pieces`);

/** POST /v1/embeddings: L2-normalised vectors, as floats or base64 (little-endian float32, the openai client's default). */
const embeddingRequestSchema = z
  .object({
    model: z.string().min(1),
    input: z.union([inputText, z.array(inputText).min(1).max(2048)]),
    encoding_format: z.enum(['float', 'base64']).optional(),
    dimensions: z.number().int().min(1).optional(),
  })
  .passthrough();

export async function handleEmbeddings(
  body: unknown,
  res: http.ServerResponse,
  resolveBackend: (model: string) => { id: string; backend: ModelBackend },
  signal: AbortSignal,
): Promise<void> {
  const parsed = embeddingRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const param = issue.path.map(String).join('.');
    throw new ApiError(400, `invalid request: ${param ? param + ': ' : ''}${issue.message} (input must be a string or a list of strings)`, 'invalid_request_error', null, param || null);
  }
  const request = parsed.data;
  const inputs = typeof request.input === 'string' ? [request.input] : request.input;
  const { id, backend } = resolveBackend(request.model);
  const vectors = await backend.embed(inputs, { signal });
  if (request.dimensions !== undefined && request.dimensions !== vectors[0]?.length) {
    throw new ApiError(400, `the model ${id} gives ${vectors[0]?.length ?? 0}-dimensional vectors; "dimensions" cannot change that`, 'invalid_request_error', null, 'dimensions');
  }
  let promptTokens = 0;
  for (const input of inputs) promptTokens += await backend.countTokens(input);
  const base64 = request.encoding_format === 'base64';
  sendJson(res, 200, {
    object: 'list',
    model: id,
    data: vectors.map((vector, index) => ({
      object: 'embedding',
      index,
      embedding: base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector,
    })),
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  });
}
