import fs from 'node:fs';
import { parse as parseToml, TomlError } from 'smol-toml';
import type { z } from 'zod';
import { configSchema, defaultConfig, type SovereignConfig } from './schema.js';
import { locateKey } from './locate-key.js';

export interface ConfigProblem {
  /** Dotted key, e.g. "api.port"; empty for a syntax error. */
  key: string;
  /** 1-based line in the file, when it could be found. */
  line: number | undefined;
  message: string;
}

export interface LoadedConfig {
  config: SovereignConfig;
  /** Problems found; each offending key fell back to its default. */
  problems: ConfigProblem[];
  /** The file that was read, or undefined when there was none. */
  file: string | undefined;
}

export function describeProblem(file: string, problem: ConfigProblem): string {
  const where = problem.line === undefined ? file : `${file}:${problem.line}`;
  return problem.key ? `${where}: ${problem.key}: ${problem.message}` : `${where}: ${problem.message}`;
}

/**
 * Reads and validates the config file. Never throws for bad content: a
 * syntax error means all defaults, a bad key or value means that key's
 * default, and each problem names the key and its line so it can be fixed.
 */
export function loadConfig(file: string): LoadedConfig {
  const refused = (message: string): LoadedConfig => ({ config: defaultConfig(), problems: [{ key: '', line: undefined, message }], file });
  let source: string;
  try {
    // Checked before reading: a FIFO would block the read forever, and a link to /dev/zero would never end.
    const stat = fs.statSync(file);
    if (!stat.isFile()) return refused('is not a regular file; using defaults');
    if (stat.size > MAX_CONFIG_BYTES) return refused(`is larger than ${MAX_CONFIG_BYTES / 1024} KiB, far more than any configuration; using defaults`);
    source = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { config: defaultConfig(), problems: [], file: undefined };
    return refused(`cannot read the file (${(error as Error).message}); using defaults`);
  }
  return parseConfigSource(source, file);
}

/** Every key with a long value fits in a few KiB; anything near this size is not a configuration file. */
const MAX_CONFIG_BYTES = 1024 * 1024;

export function parseConfigSource(source: string, file = 'config.toml'): LoadedConfig {
  let raw: Record<string, unknown>;
  try {
    raw = parseToml(source) as Record<string, unknown>;
  } catch (error) {
    const line = error instanceof TomlError ? error.line : undefined;
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    return {
      config: defaultConfig(),
      problems: [{ key: '', line, message: `not valid TOML (${message}); using defaults for every key` }],
      file,
    };
  }

  const problems: ConfigProblem[] = [];
  // Drop each offending key and validate again, so one typo costs one key,
  // not the whole file. Bounded: every round removes at least one key.
  for (let round = 0; round < 64; round++) {
    const result = configSchema.safeParse(raw);
    if (result.success) return { config: result.data, problems, file };
    for (const issue of result.error.issues) {
      const path = issuePath(issue);
      problems.push({ key: path.join('.'), line: locateKey(source, path), message: describeIssue(issue) });
      removePath(raw, path);
    }
  }
  return { config: defaultConfig(), problems, file };
}

function issuePath(issue: z.core.$ZodIssue): (string | number)[] {
  const base = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  if (issue.code === 'unrecognized_keys') return [...base, issue.keys[0]!];
  return base;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown key; it is ignored`;
  return `${issue.message}; using the default`;
}

function removePath(root: Record<string, unknown>, path: (string | number)[]): void {
  if (path.length === 0) return;
  let node: unknown = root;
  for (const part of path.slice(0, -1)) {
    if (typeof node !== 'object' || node === null) return;
    node = (node as Record<string | number, unknown>)[part];
  }
  // Reflect.deleteProperty: the key comes from a validation issue, not user code.
  if (typeof node === 'object' && node !== null) Reflect.deleteProperty(node, path[path.length - 1]!);
}
