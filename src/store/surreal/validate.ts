import { SovereignError, _, format } from '../../core/index.js';
import { DOC_TYPES, RELATION_KINDS, type CardPosition, type Provenance } from '../records.js';

/** Field checks with messages that name the field, raised before anything is written. */
function invalid(field: string, problem: string): SovereignError {
  return new SovereignError('invalid-input', format(_('Invalid {field}: {problem}'), { field, problem }), { detail: { field } });
}

export function checkText(field: string, value: unknown, options: { empty?: boolean; max?: number } = {}): string {
  if (typeof value !== 'string') throw invalid(field, _('expected text'));
  if (!options.empty && value.trim() === '') throw invalid(field, _('must not be empty'));
  if (options.max !== undefined && value.length > options.max) {
    throw invalid(field, format(_('longer than {max} characters'), { max: options.max }));
  }
  return value;
}

export function checkEnum<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalid(field, format(_('"{value}" is not one of {allowed}'), { value: String(value), allowed: allowed.join(', ') }));
  }
  return value as T;
}

export const checkDocType = (value: unknown) => checkEnum('docType', value, DOC_TYPES);
export const checkRelationKind = (value: unknown) => checkEnum('kind', value, RELATION_KINDS);

export function checkDate(field: string, value: unknown): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw invalid(field, _('expected a valid date'));
  return value;
}

export function checkNumber(field: string, value: unknown, min = -Infinity, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(field, _('expected a number'));
  if (value < min || value > max) throw invalid(field, format(_('{value} is outside {min}..{max}'), { value, min, max }));
  return value;
}

export function checkBoolean(field: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw invalid(field, _('expected true or false'));
  return value;
}

export function checkPosition(value: unknown): CardPosition | null {
  if (value === null || value === undefined) return null;
  const position = value as CardPosition;
  return {
    x: checkNumber('position.x', position.x),
    y: checkNumber('position.y', position.y),
    userPlaced: checkBoolean('position.userPlaced', position.userPlaced),
  };
}

export function checkProvenance(value: unknown): Provenance | null {
  if (value === null || value === undefined) return null;
  const provenance = value as Provenance;
  return {
    sourcePath: checkText('provenance.sourcePath', provenance.sourcePath),
    originalHash: checkText('provenance.originalHash', provenance.originalHash, { empty: true }),
    importedAt: checkDate('provenance.importedAt', provenance.importedAt),
  };
}

export function checkColour(value: unknown): string {
  const colour = checkText('colour', value);
  if (!/^#[0-9a-fA-F]{6}$/.test(colour)) throw invalid('colour', _('expected a colour like #3584e4'));
  return colour;
}

export function checkLimit(field: string, value: number | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  return Math.trunc(checkNumber(field, value, 1, max));
}

/** Offsets travel to the database as CBOR integers, which stop being exact past 2^53. */
export function checkOffset(value: number | undefined): number {
  if (value === undefined) return 0;
  return Math.trunc(checkNumber('offset', value, 0, Number.MAX_SAFE_INTEGER));
}
