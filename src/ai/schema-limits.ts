import { SovereignError, _, format } from '../core/index.js';

/**
 * Bounds on a JSON schema a caller asks the model to follow (response_format,
 * a tool's parameters), checked before anything reaches the model process.
 * Grammar building recurses per nesting level and is slow on large enums: a
 * schema nested 1,000 levels deep overflowed the host's stack and a
 * 50,000-value enum took 17.5 s. The limits sit well above what real
 * structured output uses (OpenAI's strict mode allows 10 levels of object
 * nesting, 5,000 properties and 1,000 enum values in all).
 */
export const SCHEMA_LIMITS = {
  /** Levels of JSON objects and arrays; each level of schema nesting is two (properties, then the property). */
  depth: 32,
  /** JSON text of the whole schema. */
  bytes: 64 * 1024,
  /** Properties over every "properties" in the schema. */
  properties: 1000,
  /** Values over every "enum" in the schema. */
  enumValues: 1000,
} as const;

function tooLarge(where: string, what: string): SovereignError {
  return new SovereignError('invalid-input', format(_('The JSON schema at {where} is too large: {what}.'), { where, what }), {
    hint: _('Split the task into smaller schemas, or move long lists of choices into the prompt.'),
  });
}

/**
 * Throws 'invalid-input' naming the limit a schema breaks. Walks the value
 * with an explicit stack, so the check itself cannot overflow on the very
 * nesting it exists to refuse.
 */
export function checkSchemaLimits(schema: unknown, where: string): void {
  const stack: [unknown, number][] = [[schema, 1]];
  let properties = 0;
  let enumValues = 0;
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > SCHEMA_LIMITS.depth) {
      throw tooLarge(where, format(_('it is nested more than {limit} levels deep'), { limit: SCHEMA_LIMITS.depth }));
    }
    if (Array.isArray(value)) {
      for (const item of value) stack.push([item, depth + 1]);
      continue;
    }
    for (const [key, child] of Object.entries(value)) {
      if (key === 'properties' && typeof child === 'object' && child !== null && !Array.isArray(child)) properties += Object.keys(child).length;
      if (key === 'enum' && Array.isArray(child)) enumValues += child.length;
      stack.push([child, depth + 1]);
    }
    if (properties > SCHEMA_LIMITS.properties) {
      throw tooLarge(where, format(_('it has more than {limit} properties'), { limit: SCHEMA_LIMITS.properties }));
    }
    if (enumValues > SCHEMA_LIMITS.enumValues) {
      throw tooLarge(where, format(_('its enums list more than {limit} values'), { limit: SCHEMA_LIMITS.enumValues }));
    }
  }
  // Safe to serialise now: the depth is bounded.
  const bytes = Buffer.byteLength(JSON.stringify(schema));
  if (bytes > SCHEMA_LIMITS.bytes) {
    throw tooLarge(where, format(_('it is {bytes} bytes long; the limit is {limit}'), { bytes, limit: SCHEMA_LIMITS.bytes }));
  }
}
