import { defaultConfig } from '../../src/core/index.js';
import type { FuzzRandom } from './fuzz-random.js';

/**
 * Hostile config.toml contents for the config fuzz tests: known
 * troublemakers, files a person might write with mistakes, and a valid file
 * with characters changed, inserted or cut.
 */
const SECTIONS = Object.entries(defaultConfig()) as [string, Record<string, unknown>][];
const VALID_SAMPLE = `# Sovereign
[log]
level = "info"

[store]
url = "rocksdb:///home/me/.local/share/sovereign/database"
connect_timeout_ms = 5000

[service]
idle_exit_seconds = 120

[ai]
threads = 2
context_size = 8192

[ai.models]
chat = "qwen2.5-3b"

[api]
port = 8741
token = "s3cret"
`;

/** Troublemakers for a TOML parser and for the code that locates keys by line. */
export const HOSTILE_CONFIG_SOURCES: readonly string[] = [
  '',
  '\ufeff',
  '[log',
  '[[log]]\nlevel = "info"',
  'log = 1',
  'log.level = 7',
  '[store]\nurl = "surrealkv:///tmp/x"',
  '[api]\nport = 0\nport = 1',
  '[api]\nport = 1e400',
  '[api]\nport = -9223372036854775808',
  '[api]\nport = 9223372036854775807',
  '[api]\nport = nan',
  '[api]\nport = inf',
  '[api]\nmax_body_bytes = 0x7fffffffffffffff',
  '[service]\nidle_exit_seconds = 1979-05-27T07:32:00Z',
  '[log]\nlevel = "\u001b]0;pwned\u0007"',
  '[ai.models]\nchat = "' + 'x'.repeat(100_000) + '"',
  'a' + '.a'.repeat(2000) + ' = 1',
  '['.repeat(5000),
  'x = ' + '['.repeat(5000) + ']'.repeat(5000),
  'x = ' + '{ a = '.repeat(3000) + '1' + ' }'.repeat(3000),
  '"""' + 'a a '.repeat(5000),
  'x = """\n' + 'word '.repeat(4000) + '\n"""\n[api]\nport = "eighty"',
  '[api]\n' + 'port = 1\n'.repeat(2),
  '[store]\nnamespace = ""',
  '[ "log" ]\n"level" = "debug"',
  "['log']\n'level' = 'trace'",
  '[log]\n[log]',
  '[__proto__]\npolluted = true',
  '[constructor]\nprototype = 1',
  'log = { level = "info", level = "warn" }',
  '\u0000\u0001\u0002',
  '[api]\ntoken = "\\uD800"',
  '[ai]\nthreads = 1.5\nparallel_sequences = true\nidle_unload_minutes = "5"',
];

function randomValue(random: FuzzRandom): string {
  switch (random.int(9)) {
    case 0:
      return JSON.stringify(random.hostileText());
    case 1:
      return String(random.hostileNumber());
    case 2:
      return random.pick(['true', 'false', 'nan', '-inf', '0x10', '0o7', '0b1', '1_000', '1979-05-27', '07:32:00']);
    case 3:
      return `[${Array.from({ length: random.int(4) }, () => randomValue(random)).join(', ')}]`;
    case 4:
      return `{ k = ${randomValue(random)} }`;
    case 5:
      return `'${random.hostileText().replace(/['\n\r]/g, '')}'`;
    case 6:
      return String(random.int(2 ** 31) - 2 ** 30);
    default:
      return random.hostileText();
  }
}

/** A config file a person might write with mistakes: known and unknown tables and keys, with values of any type. */
function structuredSource(random: FuzzRandom): string {
  const lines: string[] = [];
  for (let t = random.int(6); t > 0; t--) {
    const [section, keys] = random.chance(0.85) ? random.pick(SECTIONS) : [random.hostileText().replace(/[\n\r]/g, ''), {}];
    lines.push(random.chance(0.9) ? `[${section}]` : `[${section}`);
    const names = [...Object.keys(keys), 'unknown_key', 'models'];
    for (let k = random.int(5); k > 0; k--) {
      const key = random.chance(0.8) ? random.pick(names) : JSON.stringify(random.hostileText());
      lines.push(`${key} = ${randomValue(random)}`);
    }
  }
  return lines.join(random.chance(0.9) ? '\n' : '\r\n');
}

/** A valid file with a few characters changed, inserted or cut. */
function mutatedSource(random: FuzzRandom): string {
  let source = VALID_SAMPLE;
  for (let m = 1 + random.int(6); m > 0; m--) {
    const at = random.int(source.length + 1);
    const choice = random.int(4);
    if (choice === 0) source = source.slice(0, at) + source.slice(at + 1 + random.int(20));
    else if (choice === 1) source = source.slice(0, at) + random.hostileText({ nul: true }) + source.slice(at);
    else if (choice === 2) source = source.slice(0, at);
    else source = source.slice(0, at) + random.pick(['[', ']', '"', "'", '=', '\n', '#', '.', '{', '}', '"""']) + source.slice(at);
  }
  return source;
}

/** One hostile config file: half written with mistakes, half a valid one mangled. */
export function hostileConfigSource(random: FuzzRandom): string {
  return random.chance(0.5) ? structuredSource(random) : mutatedSource(random);
}
