import { z } from 'zod';
import { SovereignError, _, format } from '../core/index.js';

/**
 * JSON-schema output, in two halves. Before generation the schema is reduced
 * to the subset node-llama-cpp can turn into a grammar (which guarantees the
 * shape). After generation the value is checked against the full schema with
 * zod and clamped where a grammar cannot help: numbers outside
 * minimum/maximum (grammars cannot bound numbers), integers, strings longer
 * than maxLength (counted in code points), arrays longer than maxItems.
 */
type Schema = Record<string, unknown>;

const BASIC_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'null']);
const STRING_FORMATS = new Set(['date-time', 'time', 'date']);
/** Keywords enforced in code after generation, so not passed to the grammar. */
const VALIDATED_ONLY = new Set(['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'pattern']);
const IGNORED = new Set(['title', 'default', '$schema', 'examples', 'strict', '$id', '$comment']);

function invalid(path: string, message: string): SovereignError {
  return new SovereignError('invalid-input', format(_('Unsupported JSON schema at {path}: {message}'), { path, message }), {
    hint: _('Use type, properties, required, items, enum, const, anyOf/oneOf, minLength/maxLength, minItems/maxItems, minimum/maximum.'),
  });
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The grammar-ready subset of a JSON schema; throws 'invalid-input' for what cannot be honoured. */
export function toGrammarSchema(schema: unknown, path = '$'): Schema {
  if (!isSchema(schema)) throw invalid(path, _('a schema must be an object'));
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (VALIDATED_ONLY.has(key) || IGNORED.has(key)) continue;
    switch (key) {
      case 'type':
        if (typeof value === 'string' || (Array.isArray(value) && value.every((t) => typeof t === 'string'))) out['type'] = value;
        else throw invalid(path, _('"type" must be a string or a list of strings'));
        break;
      case 'description':
        if (typeof value === 'string') out['description'] = value;
        break;
      case 'properties': {
        if (!isSchema(value)) throw invalid(path, _('"properties" must be an object'));
        out['properties'] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, toGrammarSchema(sub, `${path}.${name}`)]));
        break;
      }
      case 'items':
        out['items'] = toGrammarSchema(value, `${path}[]`);
        break;
      case 'prefixItems':
        if (!Array.isArray(value)) throw invalid(path, _('"prefixItems" must be a list'));
        out['prefixItems'] = value.map((sub, i) => toGrammarSchema(sub, `${path}[${i}]`));
        break;
      case 'anyOf':
      case 'oneOf':
        if (!Array.isArray(value) || value.length === 0) throw invalid(path, format(_('"{key}" must be a non-empty list'), { key }));
        out['oneOf'] = value.map((sub, i) => toGrammarSchema(sub, `${path}|${i}`));
        break;
      case 'additionalProperties':
        if (typeof value === 'boolean') out['additionalProperties'] = value;
        else out['additionalProperties'] = toGrammarSchema(value, `${path}.*`);
        break;
      case 'format':
        if (typeof value === 'string' && STRING_FORMATS.has(value)) out['format'] = value;
        break;
      case 'required':
      case 'enum':
        if (!Array.isArray(value)) throw invalid(path, format(_('"{key}" must be a list'), { key }));
        out[key] = value;
        break;
      case 'const':
      case 'minLength':
      case 'maxLength':
      case 'minItems':
      case 'maxItems':
      case 'minProperties':
      case 'maxProperties':
        out[key] = value;
        break;
      default:
        throw invalid(path, format(_('the keyword "{key}" is not supported'), { key }));
    }
  }
  const type = out['type'];
  if (typeof type === 'string' && !BASIC_TYPES.has(type) && type !== 'object' && type !== 'array') {
    throw invalid(path, format(_('unknown type "{type}"'), { type }));
  }
  // Like OpenAI's strict mode: an object lists all it may contain.
  if (type === 'object' && out['additionalProperties'] === undefined) out['additionalProperties'] = false;
  if (type === 'object' && out['properties'] === undefined && out['additionalProperties'] === false) out['properties'] = {};
  return out;
}

function clampNumber(schema: Schema, integer: boolean): z.ZodType {
  const min = typeof schema['minimum'] === 'number' ? schema['minimum'] : undefined;
  const max = typeof schema['maximum'] === 'number' ? schema['maximum'] : undefined;
  return z.preprocess((value) => {
    if (typeof value !== 'number' || Number.isNaN(value)) return value;
    let n = value;
    if (min !== undefined && n < min) n = min;
    if (max !== undefined && n > max) n = max;
    if (integer && Number.isFinite(n)) n = Math.round(n);
    return n;
  }, integer ? z.number().int() : z.number().finite());
}

function clampString(schema: Schema): z.ZodType {
  const max = typeof schema['maxLength'] === 'number' ? schema['maxLength'] : undefined;
  let base = z.string();
  if (typeof schema['minLength'] === 'number') base = base.min(schema['minLength']);
  if (typeof schema['pattern'] === 'string') base = base.regex(new RegExp(schema['pattern'], 'u'));
  return z.preprocess((value) => (typeof value === 'string' && max !== undefined ? [...value].slice(0, max).join('') : value), base);
}

function literalUnion(values: readonly unknown[]): z.ZodType {
  const literals = values.map((v) => z.literal(v as string | number | boolean | null));
  return literals.length === 1 ? literals[0]! : z.union(literals as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]]);
}

/** A zod schema that validates and clamps a value against a JSON schema. */
export function zodForJsonSchema(schema: Schema): z.ZodType {
  if ('const' in schema) return literalUnion([schema['const']]);
  if (Array.isArray(schema['enum'])) return literalUnion(schema['enum']);
  const variants = (schema['oneOf'] ?? schema['anyOf']) as Schema[] | undefined;
  if (Array.isArray(variants)) {
    const options = variants.map(zodForJsonSchema);
    return options.length === 1 ? options[0]! : z.union(options as [z.ZodType, z.ZodType, ...z.ZodType[]]);
  }
  const type = schema['type'];
  if (Array.isArray(type)) return z.union(type.map((t) => zodForJsonSchema({ ...schema, type: t })) as [z.ZodType, z.ZodType, ...z.ZodType[]]);
  switch (type) {
    case 'string':
      return clampString(schema);
    case 'number':
      return clampNumber(schema, false);
    case 'integer':
      return clampNumber(schema, true);
    case 'boolean':
      return z.boolean();
    case 'null':
      return z.null();
    case 'array': {
      const item = isSchema(schema['items']) ? zodForJsonSchema(schema['items']) : z.unknown();
      const max = typeof schema['maxItems'] === 'number' ? schema['maxItems'] : undefined;
      let array = z.array(item);
      if (typeof schema['minItems'] === 'number') array = array.min(schema['minItems']);
      return z.preprocess((value) => (Array.isArray(value) && max !== undefined ? value.slice(0, max) : value), array);
    }
    case 'object': {
      const properties = isSchema(schema['properties']) ? schema['properties'] : {};
      const required = new Set(Array.isArray(schema['required']) ? (schema['required'] as string[]) : []);
      const shape: Record<string, z.ZodType> = {};
      for (const [name, sub] of Object.entries(properties)) {
        const inner = zodForJsonSchema(sub as Schema);
        shape[name] = required.has(name) ? inner : inner.optional();
      }
      const object = z.object(shape);
      return schema['additionalProperties'] === false ? object.strict() : object.passthrough();
    }
    default:
      return z.unknown();
  }
}

/** Parses the model's text as JSON and returns the value validated and clamped against the schema. */
export function parseStructuredOutput(text: string, schema: Schema): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SovereignError('model', format(_('The model did not produce valid JSON: {message}'), { message: (error as Error).message }), {
      hint: _('Allow more tokens (max_tokens) or simplify the schema.'),
    });
  }
  const result = zodForJsonSchema(schema).safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const where = ['$', ...issue.path.map(String)].join('.');
    throw new SovereignError('model', format(_('The model output does not match the schema at {where}: {message}'), { where, message: issue.message }));
  }
  return result.data;
}
