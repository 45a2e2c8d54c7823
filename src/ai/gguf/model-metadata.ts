import path from 'node:path';
import { SovereignError, _, format } from '../../core/index.js';
import { FILE_TYPE_NAMES } from './gguf-format.js';
import { readGgufHeader, tensorBytes, type GgufHeader, type GgufMetadataValue } from './read-gguf.js';

/**
 * What Sovereign needs to know about a model file before it is accepted:
 * the architecture is one llama.cpp runs and Sovereign supports, the keys
 * whose absence makes llama.cpp abort are present, and the tensor data lies
 * inside the file. Reads the header only.
 */
export const CHAT_ARCHITECTURES = ['llama', 'qwen2', 'qwen3', 'mistral', 'phi3', 'gemma', 'gemma2', 'gemma3', 'granite', 'olmo', 'smollm3'] as const;
export const EMBEDDING_ARCHITECTURES = ['bert', 'nomic-bert', 'jina-bert-v2', 'modern-bert'] as const;

export type ModelKind = 'chat' | 'embedding';

/**
 * Upper bounds on the hyperparameters llama.cpp sizes its buffers and loops
 * by, each far above any released model (the largest have ~128 layers,
 * 16K-wide embeddings, 10M-token contexts, 256K-token vocabularies). A value
 * beyond them is damage or an attack: block_count = 100000 tripped a GGML
 * assert that aborted the process.
 */
export const HYPERPARAMETER_LIMITS: Readonly<Record<string, number>> = {
  context_length: 1 << 24,
  embedding_length: 1 << 16,
  block_count: 1024,
  feed_forward_length: 1 << 20,
  'attention.head_count': 1024,
  'attention.head_count_kv': 1024,
  'attention.key_length': 1 << 16,
  'attention.value_length': 1 << 16,
  expert_count: 1024,
  expert_used_count: 1024,
};
const MAX_VOCABULARY = 1 << 22;

export interface ModelMetadata {
  architecture: string;
  kind: ModelKind;
  name: string | undefined;
  contextLength: number;
  embeddingLength: number;
  blockCount: number;
  quantization: string | undefined;
  parameterCount: number;
  hasChatTemplate: boolean;
  vocabularySize: number;
}

function num(value: GgufMetadataValue | undefined): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  // Per-layer arrays (e.g. feed_forward_length on some models): their first item.
  if (typeof value === 'object' && value.items && typeof value.items[0] === 'number') return value.items[0];
  return undefined;
}

export function describeModel(header: GgufHeader, file: string): ModelMetadata {
  const name = path.basename(file);
  const arch = header.metadata.get('general.architecture');
  if (typeof arch !== 'string') throw new SovereignError('invalid-input', format(_('{name} has no general.architecture: it is not a model llama.cpp can load.'), { name }));
  const kind: ModelKind | undefined = (CHAT_ARCHITECTURES as readonly string[]).includes(arch)
    ? 'chat'
    : (EMBEDDING_ARCHITECTURES as readonly string[]).includes(arch)
      ? 'embedding'
      : undefined;
  if (!kind) {
    throw new SovereignError('unsupported', format(_('{name} is a "{arch}" model, which Sovereign does not support.'), { name, arch }), {
      hint: format(_('Supported: {list}.'), { list: [...CHAT_ARCHITECTURES, ...EMBEDDING_ARCHITECTURES].join(', ') }),
    });
  }
  const required = [
    `${arch}.context_length`,
    `${arch}.embedding_length`,
    `${arch}.block_count`,
    `${arch}.feed_forward_length`,
    `${arch}.attention.head_count`,
    'tokenizer.ggml.model',
    'tokenizer.ggml.tokens',
  ];
  if (kind === 'embedding' && arch === 'bert') required.push('tokenizer.ggml.token_type_count');
  const missing = required.filter((key) => {
    const value = header.metadata.get(key);
    const count = num(value);
    return value === undefined || (count !== undefined && count <= 0);
  });
  if (missing.length > 0) {
    throw new SovereignError('invalid-input', format(_('{name} is missing required metadata: {keys}. llama.cpp would crash loading it.'), { name, keys: missing.join(', ') }), {
      hint: _('The file was converted with a broken tool or is damaged; get it again from its source.'),
    });
  }
  checkHyperparameters(header, arch, name);
  let parameterCount = 0;
  let dataEnd = header.dataOffset;
  for (const tensor of header.tensors) {
    parameterCount += tensor.dims.reduce((a, b) => a * b, 1);
    const bytes = tensorBytes(tensor);
    if (bytes !== undefined) dataEnd = Math.max(dataEnd, header.dataOffset + tensor.offset + bytes);
  }
  if (dataEnd > header.fileSize) {
    throw new SovereignError('invalid-input', format(_('{name} is truncated: its tensors need {needed} bytes but the file has {size}.'), { name, needed: dataEnd, size: header.fileSize }), {
      hint: _('The download may have been interrupted; download it again.'),
    });
  }
  const tokens = header.metadata.get('tokenizer.ggml.tokens');
  const fileType = num(header.metadata.get('general.file_type'));
  const generalName = header.metadata.get('general.name');
  return {
    architecture: arch,
    kind,
    name: typeof generalName === 'string' ? generalName : undefined,
    contextLength: num(header.metadata.get(`${arch}.context_length`)) ?? 0,
    embeddingLength: num(header.metadata.get(`${arch}.embedding_length`)) ?? 0,
    blockCount: num(header.metadata.get(`${arch}.block_count`)) ?? 0,
    quantization: fileType === undefined ? undefined : FILE_TYPE_NAMES[fileType],
    parameterCount,
    hasChatTemplate: typeof header.metadata.get('tokenizer.chat_template') === 'string',
    vocabularySize: typeof tokens === 'object' ? tokens.length : 0,
  };
}

function outOfRange(name: string, key: string, value: number | bigint, limit: string): SovereignError {
  return new SovereignError('invalid-input', format(_('{name} declares {key} = {value}, beyond {limit}: the file is damaged or not a real model.'), { name, key, value: String(value), limit }), {
    hint: _('Get the model again from its source.'),
  });
}

/** Every bounded key that is present, and every item of a per-layer array, lies within its limit. */
function checkHyperparameters(header: GgufHeader, arch: string, name: string): void {
  for (const [suffix, limit] of Object.entries(HYPERPARAMETER_LIMITS)) {
    const key = `${arch}.${suffix}`;
    const value = header.metadata.get(key);
    if (value === undefined) continue;
    const values = typeof value === 'object' ? (value.items ?? []) : [value];
    for (const item of values) {
      if (typeof item === 'boolean' || typeof item === 'string') throw outOfRange(name, key, 0, _('a number'));
      if (typeof item === 'bigint' || item < 0 || item > limit || !Number.isFinite(item)) throw outOfRange(name, key, item, format(_('the limit of {limit}'), { limit }));
    }
  }
  const blocks = num(header.metadata.get(`${arch}.block_count`)) ?? 0;
  const layersWithTensors = new Set(header.tensors.map((t) => /^blk\.(\d+)\./.exec(t.name)?.[1]).filter((n) => n !== undefined)).size;
  if (blocks > layersWithTensors) {
    throw outOfRange(name, `${arch}.block_count`, blocks, format(_('the {count} layers the file has tensors for'), { count: layersWithTensors }));
  }
  const tokens = header.metadata.get('tokenizer.ggml.tokens');
  if (typeof tokens === 'object' && tokens.length > MAX_VOCABULARY) {
    throw outOfRange(name, 'tokenizer.ggml.tokens', tokens.length, format(_('the limit of {limit}'), { limit: MAX_VOCABULARY }));
  }
}

/** Reads and checks a model file's header. Throws a SovereignError naming what is wrong. */
export function inspectModel(file: string): ModelMetadata {
  return describeModel(readGgufHeader(file), file);
}
