import fs from 'node:fs';
import { SovereignError, _, format } from '../../core/index.js';
import { GGUF_DEFAULT_ALIGNMENT, GGUF_MAGIC, GgmlType, GgufValueType } from './gguf-format.js';

/**
 * Reads a GGUF file's header, metadata and tensor table without loading the
 * model (and without node-llama-cpp, which only the model host may load).
 * Large arrays (the vocabulary) are skipped and only their length is kept.
 * Every count is bounded by the bytes left in the file (each item takes at
 * least its smallest encoding), so a hostile or truncated file fails with a
 * clear error, at once, instead of a huge allocation or a loop of 2^62 turns.
 */
export type GgufScalar = string | number | bigint | boolean;
export interface GgufArrayValue {
  itemType: GgufValueType;
  length: number;
  /** The items, for arrays of at most 64 scalars. */
  items: GgufScalar[] | undefined;
}
export type GgufMetadataValue = GgufScalar | GgufArrayValue;

export interface GgufTensorInfo {
  name: string;
  dims: number[];
  type: number;
  offset: number;
}

export interface GgufHeader {
  version: number;
  metadata: Map<string, GgufMetadataValue>;
  tensors: GgufTensorInfo[];
  /** Where tensor data begins. */
  dataOffset: number;
  fileSize: number;
}

const MAX_STRING = 16 * 1024 * 1024;
const SMALL_ARRAY = 64;
/** Smallest encodings: a key/value pair (empty key, type, one-byte value); a tensor descriptor (empty name, no dims, type, offset); a string (its length). */
const MIN_KV_BYTES = 8 + 4 + 1;
const MIN_TENSOR_INFO_BYTES = 8 + 4 + 4 + 8;
const MIN_STRING_BYTES = 8;
/** ggml has about 40 tensor types; a larger number is damage. */
const MAX_TENSOR_TYPE = 63;
const MAX_ALIGNMENT = 1 << 20;
/** No ggml type packs a weight into less than one bit (IQ1_S: 1.56 bits). */
const MAX_ELEMENTS_PER_BYTE = 8;

class Reader {
  private buffer = Buffer.alloc(0);
  private bufferStart = 0;
  position = 0;

  constructor(
    private readonly fd: number,
    readonly size: number,
    private readonly file: string,
  ) {}

  private ensure(n: number): void {
    const end = this.position + n;
    if (end > this.size) throw truncated(this.file);
    if (this.position >= this.bufferStart && end <= this.bufferStart + this.buffer.length) return;
    const length = Math.min(Math.max(n, 1 << 20), this.size - this.position);
    this.buffer = Buffer.alloc(length);
    fs.readSync(this.fd, this.buffer, 0, length, this.position);
    this.bufferStart = this.position;
  }

  /** Makes n bytes readable and returns their index in this.buffer (read this.buffer after calling). */
  private take(n: number): number {
    this.ensure(n);
    const at = this.position - this.bufferStart;
    this.position += n;
    return at;
  }

  u8(): number {
    const at = this.take(1);
    return this.buffer.readUInt8(at);
  }
  i8(): number {
    const at = this.take(1);
    return this.buffer.readInt8(at);
  }
  u16(): number {
    const at = this.take(2);
    return this.buffer.readUInt16LE(at);
  }
  i16(): number {
    const at = this.take(2);
    return this.buffer.readInt16LE(at);
  }
  u32(): number {
    const at = this.take(4);
    return this.buffer.readUInt32LE(at);
  }
  i32(): number {
    const at = this.take(4);
    return this.buffer.readInt32LE(at);
  }
  f32(): number {
    const at = this.take(4);
    return this.buffer.readFloatLE(at);
  }
  f64(): number {
    const at = this.take(8);
    return this.buffer.readDoubleLE(at);
  }
  u64(): bigint {
    const at = this.take(8);
    return this.buffer.readBigUInt64LE(at);
  }
  i64(): bigint {
    const at = this.take(8);
    return this.buffer.readBigInt64LE(at);
  }
  get remaining(): number {
    return this.size - this.position;
  }

  /** A u64 count of items that take at least minItemBytes each, bounded by the bytes left. */
  itemCount(minItemBytes: number, what: string): number {
    const value = this.u64();
    const limit = Math.floor(this.remaining / minItemBytes);
    if (value > BigInt(limit)) {
      throw corrupt(this.file, format(_('it declares {value} {what}, impossible in the {remaining} bytes that follow'), { value: value.toString(), what, remaining: this.remaining }));
    }
    return Number(value);
  }

  /** A u64 that must be a sane count or size. */
  count(limit: number): number {
    const value = this.u64();
    if (value > BigInt(limit)) throw corrupt(this.file, format(_('a length of {value} is impossible in a file of {size} bytes'), { value: value.toString(), size: this.size }));
    return Number(value);
  }
  string(): string {
    const length = this.count(Math.min(MAX_STRING, this.size));
    this.ensure(length);
    const at = this.take(length);
    return this.buffer.toString('utf8', at, at + length);
  }
  skip(n: number): void {
    if (this.position + n > this.size) throw truncated(this.file);
    this.position += n;
  }
}

function truncated(file: string): SovereignError {
  return new SovereignError('invalid-input', format(_('{file} is not a complete GGUF model: the file ends inside its header.'), { file }), {
    hint: _('The download may have been interrupted; download it again.'),
  });
}

function corrupt(file: string, why: string): SovereignError {
  return new SovereignError('invalid-input', format(_('{file} is not a valid GGUF model: {why}.'), { file, why }));
}

const FIXED_SIZE: Partial<Record<GgufValueType, number>> = {
  [GgufValueType.UINT8]: 1,
  [GgufValueType.INT8]: 1,
  [GgufValueType.BOOL]: 1,
  [GgufValueType.UINT16]: 2,
  [GgufValueType.INT16]: 2,
  [GgufValueType.UINT32]: 4,
  [GgufValueType.INT32]: 4,
  [GgufValueType.FLOAT32]: 4,
  [GgufValueType.UINT64]: 8,
  [GgufValueType.INT64]: 8,
  [GgufValueType.FLOAT64]: 8,
};

function readScalar(reader: Reader, type: GgufValueType, file: string): GgufScalar {
  switch (type) {
    case GgufValueType.UINT8:
      return reader.u8();
    case GgufValueType.INT8:
      return reader.i8();
    case GgufValueType.UINT16:
      return reader.u16();
    case GgufValueType.INT16:
      return reader.i16();
    case GgufValueType.UINT32:
      return reader.u32();
    case GgufValueType.INT32:
      return reader.i32();
    case GgufValueType.FLOAT32:
      return reader.f32();
    case GgufValueType.FLOAT64:
      return reader.f64();
    case GgufValueType.BOOL:
      return reader.u8() !== 0;
    case GgufValueType.UINT64: {
      const v = reader.u64();
      return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
    }
    case GgufValueType.INT64: {
      const v = reader.i64();
      return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v;
    }
    case GgufValueType.STRING:
      return reader.string();
    default:
      throw corrupt(file, format(_('unknown metadata type {type}'), { type }));
  }
}

function readValue(reader: Reader, type: GgufValueType, file: string): GgufMetadataValue {
  if (type !== GgufValueType.ARRAY) return readScalar(reader, type, file);
  const itemType = reader.u32() as GgufValueType;
  if (itemType === GgufValueType.ARRAY) throw corrupt(file, _('nested arrays are not supported'));
  const length = reader.itemCount(FIXED_SIZE[itemType] ?? MIN_STRING_BYTES, _('array items'));
  if (length <= SMALL_ARRAY) {
    const items: GgufScalar[] = [];
    for (let i = 0; i < length; i++) items.push(readScalar(reader, itemType, file));
    return { itemType, length, items };
  }
  const fixed = FIXED_SIZE[itemType];
  if (fixed !== undefined) reader.skip(fixed * length);
  else for (let i = 0; i < length; i++) reader.skip(reader.count(Math.min(MAX_STRING, reader.size)));
  return { itemType, length, items: undefined };
}

export function readGgufHeader(file: string): GgufHeader {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    throw new SovereignError('not-found', format(_('Cannot open {file}: {message}'), { file, message: (error as Error).message }));
  }
  try {
    const size = fs.fstatSync(fd).size;
    const reader = new Reader(fd, size, file);
    if (size < 24 || reader.u32() !== GGUF_MAGIC) throw corrupt(file, _('it does not start with the GGUF signature'));
    const version = reader.u32();
    if (version !== 2 && version !== 3) throw corrupt(file, format(_('GGUF version {version} is not supported (2 and 3 are)'), { version }));
    const tensorCount = reader.itemCount(MIN_TENSOR_INFO_BYTES, _('tensors'));
    const kvCount = reader.itemCount(MIN_KV_BYTES, _('metadata entries'));
    const metadata = new Map<string, GgufMetadataValue>();
    for (let i = 0; i < kvCount; i++) {
      const key = reader.string();
      const type = reader.u32() as GgufValueType;
      metadata.set(key, readValue(reader, type, file));
    }
    const tensors: GgufTensorInfo[] = [];
    for (let i = 0; i < tensorCount; i++) {
      const name = reader.string();
      const nDims = reader.u32();
      if (nDims > 4) throw corrupt(file, format(_('tensor {name} has {n} dimensions'), { name, n: nDims }));
      const dims: number[] = [];
      let elements = 1;
      for (let d = 0; d < nDims; d++) {
        const dim = reader.count(size * MAX_ELEMENTS_PER_BYTE);
        dims.push(dim);
        elements *= dim;
      }
      if (elements > size * MAX_ELEMENTS_PER_BYTE) {
        throw corrupt(file, format(_('tensor {name} has {elements} elements, more than a file of {size} bytes can hold'), { name, elements, size }));
      }
      const type = reader.u32();
      if (type > MAX_TENSOR_TYPE) throw corrupt(file, format(_('tensor {name} has the unknown type {type}'), { name, type }));
      const offset = reader.count(size);
      tensors.push({ name, dims, type, offset });
    }
    const alignmentValue = metadata.get('general.alignment');
    const alignment = alignmentValue === undefined ? GGUF_DEFAULT_ALIGNMENT : alignmentValue;
    if (typeof alignment !== 'number' || !Number.isInteger(alignment) || alignment <= 0 || alignment > MAX_ALIGNMENT || (alignment & (alignment - 1)) !== 0) {
      throw corrupt(file, format(_('general.alignment must be a power of two up to {max}'), { max: MAX_ALIGNMENT }));
    }
    for (const tensor of tensors) {
      if (tensor.offset % alignment !== 0) throw corrupt(file, format(_('tensor {name} starts at {offset}, which is not a multiple of the alignment {alignment}'), { name: tensor.name, offset: tensor.offset, alignment }));
    }
    const dataOffset = Math.ceil(reader.position / alignment) * alignment;
    return { version, metadata, tensors, dataOffset, fileSize: size };
  } finally {
    fs.closeSync(fd);
  }
}

/** Bytes a tensor of a known type occupies, or undefined for types this reader does not size. */
export function tensorBytes(tensor: GgufTensorInfo): number | undefined {
  const count = tensor.dims.reduce((a, b) => a * b, 1);
  const perBlock: Partial<Record<number, [number, number]>> = {
    [GgmlType.F32]: [1, 4],
    [GgmlType.F16]: [1, 2],
    [GgmlType.BF16]: [1, 2],
    [GgmlType.Q4_0]: [32, 18],
    [GgmlType.Q4_1]: [32, 20],
    [GgmlType.Q5_0]: [32, 22],
    [GgmlType.Q5_1]: [32, 24],
    [GgmlType.Q8_0]: [32, 34],
    [GgmlType.Q2_K]: [256, 84],
    [GgmlType.Q3_K]: [256, 110],
    [GgmlType.Q4_K]: [256, 144],
    [GgmlType.Q5_K]: [256, 176],
    [GgmlType.Q6_K]: [256, 210],
  };
  const block = perBlock[tensor.type];
  return block ? (count / block[0]) * block[1] : undefined;
}
