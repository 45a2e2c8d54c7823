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
    return value === undefined || (num(value) !== undefined && num(value)! <= 0);
  });
  if (missing.length > 0) {
    throw new SovereignError('invalid-input', format(_('{name} is missing required metadata: {keys}. llama.cpp would crash loading it.'), { name, keys: missing.join(', ') }), {
      hint: _('The file was converted with a broken tool or is damaged; get it again from its source.'),
    });
  }
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

/** Reads and checks a model file's header. Throws a SovereignError naming what is wrong. */
export function inspectModel(file: string): ModelMetadata {
  return describeModel(readGgufHeader(file), file);
}
