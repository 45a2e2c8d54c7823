import { seededRandom } from './canvas-workspace.js';

/**
 * Seeded hostile inputs for fuzz tests. The same seed gives the same inputs
 * on every run and machine, so a failure reported with its seed and index
 * can be replayed exactly.
 */
export class FuzzRandom {
  /** A float in [0, 1). */
  readonly next: () => number;

  constructor(readonly seed: number) {
    this.next = seededRandom(seed);
  }

  bytes(n: number): Buffer {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) out[i] = this.int(256);
    return out;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** Text a careless or hostile user might type: half from the list of known troublemakers, half random code points. */
  hostileText(options: { nul?: boolean } = {}): string {
    if (this.chance(0.5)) return this.pick(HOSTILE_TEXT);
    const length = this.int(this.chance(0.1) ? 2000 : 24);
    let text = '';
    for (let i = 0; i < length; i++) {
      const range = this.pick(CODE_POINT_RANGES);
      let code = range[0] + this.int(range[1] - range[0] + 1);
      if (code === 0 && !options.nul) code = 0x1b;
      text += String.fromCodePoint(code);
    }
    return text;
  }

  /** A number a careless or hostile user might give where a count or a size is asked for. */
  hostileNumber(): number {
    return this.pick(HOSTILE_NUMBERS);
  }
}

/** Inputs that broke, or could break, parsers, queries, terminals and file checks. */
export const HOSTILE_TEXT: readonly string[] = [
  '', ' ', '\t', '-', '--', '-1', '0', '1e16', '1e308', '-0', 'NaN', 'Infinity', '0x10', '9'.repeat(400), '  42  ', '3.5',
  'x'.repeat(5000),
  '\u001b]0;pwned\u0007', '\u001b[2J\u001b[H', '\u009b31m', 'line\rover', 'a\nb', '\u202eevil', '😀', 'é', '\ud800',
  "'; REMOVE TABLE document; --", '$(id)', '`id`', '%s%n', '{{7*7}}', 'document:⟨x⟩', 'thread:1', 'document:1',
  '../../etc/passwd', '/', '.', 'nope.md', 'file:///etc/passwd', 'null', 'undefined', '__proto__', 'constructor', '{"a":1}', '[]',
];

const HOSTILE_NUMBERS: readonly number[] = [0, -1, 1, 2 ** 31, 2 ** 32 - 1, -(2 ** 31), 1e16, Number.MAX_SAFE_INTEGER, 0.5, 1e308];

/** Printable ASCII, C0 controls, DEL and C1, Latin-1, the rest of the BMP (with lone surrogates), astral planes. */
const CODE_POINT_RANGES: readonly [number, number][] = [
  [0x20, 0x7e],
  [0x20, 0x7e],
  [0x00, 0x1f],
  [0x7f, 0x9f],
  [0xa0, 0xff],
  [0x100, 0xffff],
  [0x10000, 0x10ffff],
];
