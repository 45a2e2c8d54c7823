import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './store.js';

/**
 * Runs a command under strace, following every process it starts, and reads
 * back each network address a process connected or sent to. This is the
 * outside view of what left (or tried to leave) the process tree, whatever
 * library opened the socket.
 */
export interface TracedAddress {
  pid: number;
  call: string;
  family: 'AF_INET' | 'AF_INET6';
  address: string;
  port: number;
}

// --seccomp-bpf stops the tracee only at the traced calls, so tracing costs little.
const TRACE_ARGS = ['-f', '-qq', '--seccomp-bpf', '-e', 'trace=connect,sendto,sendmsg'];

export function parseStraceAddresses(log: string): TracedAddress[] {
  const found: TracedAddress[] = [];
  for (const line of log.split('\n')) {
    const call = /^(\d+)\s+(connect|sendto|sendmsg)\(/.exec(line);
    if (!call) continue;
    const v4 = /sa_family=AF_INET, sin_port=htons\((\d+)\), sin_addr=inet_addr\("([^"]+)"\)/.exec(line);
    const v6 = /sa_family=AF_INET6, sin6_port=htons\((\d+)\).*?inet_pton\(AF_INET6, "([^"]+)"/.exec(line);
    const match = v4 ?? v6;
    if (!match) continue;
    found.push({ pid: Number(call[1]), call: call[2]!, family: v4 ? 'AF_INET' : 'AF_INET6', address: match[2]!, port: Number(match[1]) });
  }
  return found;
}

export interface TracedRun {
  status: number | null;
  stdout: string;
  stderr: string;
  addresses: TracedAddress[];
}

export function traceSync(command: string, args: readonly string[], options: { env: NodeJS.ProcessEnv; timeoutMs?: number }): TracedRun {
  const log = path.join(tempDir('sov-trace-'), 'strace.log');
  const run = spawnSync('strace', [...TRACE_ARGS, '-o', log, '--', command, ...args], { env: options.env, encoding: 'utf8', timeout: options.timeoutMs ?? 60_000 });
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, addresses: parseStraceAddresses(fs.readFileSync(log, 'utf8')) };
}

/** Starts a long-running command under strace; `finish()` reads the addresses once the traced process tree has ended. */
export function traceAsync(command: string, args: readonly string[], options: { env: NodeJS.ProcessEnv }): { tracer: ChildProcess; finish: () => Promise<TracedAddress[]> } {
  const log = path.join(tempDir('sov-trace-'), 'strace.log');
  const tracer = spawn('strace', [...TRACE_ARGS, '-o', log, '--', command, ...args], { env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ended = new Promise<void>((resolve) => tracer.once('exit', () => resolve()));
  return {
    tracer,
    finish: async () => {
      await ended;
      return parseStraceAddresses(fs.readFileSync(log, 'utf8'));
    },
  };
}

/** The pid of the traced command (strace's first child). */
export function tracedChild(tracer: ChildProcess): number | undefined {
  try {
    const children = fs.readFileSync(`/proc/${tracer.pid}/task/${tracer.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    return children.length > 0 ? Number(children[0]) : undefined;
  } catch {
    return undefined;
  }
}
