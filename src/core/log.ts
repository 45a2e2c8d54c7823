/**
 * Structured logging: one record per line with a level, a scope and fields.
 * JSON lines when stderr is not a terminal (journald, CI), a readable line on
 * a terminal. The level comes from SOVEREIGN_LOG, then the config file.
 */
export const LOG_LEVELS = ['error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type LogFields = Record<string, unknown>;

export interface LogSink {
  write(line: string): void;
}

export interface LogRecord {
  time: string;
  level: LogLevel;
  scope: string;
  msg: string;
  [field: string]: unknown;
}

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3, trace: 4 };

export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && (LOG_LEVELS as readonly string[]).includes(value);
}

interface LoggerState {
  level: LogLevel;
  format: 'json' | 'text';
  sink: LogSink;
}

const state: LoggerState = {
  level: isLogLevel(process.env['SOVEREIGN_LOG']) ? process.env['SOVEREIGN_LOG'] : 'warn',
  format: process.env['SOVEREIGN_LOG_FORMAT'] === 'json' || !process.stderr.isTTY ? 'json' : 'text',
  sink: { write: (line) => process.stderr.write(line + '\n') },
};

/** Sets the level unless SOVEREIGN_LOG already chose one: the environment wins over the file. */
export function configureLogging(options: { level?: LogLevel; format?: 'json' | 'text'; sink?: LogSink }): void {
  if (options.level && !isLogLevel(process.env['SOVEREIGN_LOG'])) state.level = options.level;
  if (options.format) state.format = options.format;
  if (options.sink) state.sink = options.sink;
}

export function currentLogLevel(): LogLevel {
  return state.level;
}

function serialise(value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, ...('kind' in value ? { kind: value.kind } : {}) };
  }
  if (typeof value === 'bigint') return value.toString();
  return value;
}

export class Logger {
  constructor(readonly scope: string) {}

  child(scope: string): Logger {
    return new Logger(`${this.scope}.${scope}`);
  }

  enabled(level: LogLevel): boolean {
    return RANK[level] <= RANK[state.level];
  }

  error(msg: string, fields?: LogFields): void {
    this.log('error', msg, fields);
  }
  warn(msg: string, fields?: LogFields): void {
    this.log('warn', msg, fields);
  }
  info(msg: string, fields?: LogFields): void {
    this.log('info', msg, fields);
  }
  debug(msg: string, fields?: LogFields): void {
    this.log('debug', msg, fields);
  }
  trace(msg: string, fields?: LogFields): void {
    this.log('trace', msg, fields);
  }

  log(level: LogLevel, msg: string, fields: LogFields = {}): void {
    if (!this.enabled(level)) return;
    const record: LogRecord = { time: new Date().toISOString(), level, scope: this.scope, msg };
    for (const [key, value] of Object.entries(fields)) record[key] = serialise(value);
    state.sink.write(state.format === 'json' ? JSON.stringify(record) : formatText(record));
  }
}

function formatText(record: LogRecord): string {
  const { time, level, scope, msg, ...rest } = record;
  const extra = Object.entries(rest)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  return `${time.slice(11, 23)} ${level.toUpperCase().padEnd(5)} ${scope}: ${msg}${extra ? ' ' + extra : ''}`;
}

export function createLogger(scope: string): Logger {
  return new Logger(scope);
}
