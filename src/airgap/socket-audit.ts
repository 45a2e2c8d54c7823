import fs from 'node:fs';
import path from 'node:path';
import { appRoot, isLoopbackHost } from '../core/index.js';
import { SOCKET_PROTOCOLS, isUnspecified, parseSocketTable, type SocketRow } from './proc-net.js';

/**
 * The air gap's verifier: every network socket held by Sovereign's own
 * processes (the app or service, and everything they started: the model host,
 * skill sandboxes, decoders), read from /proc, so a person can check the
 * promise instead of trusting it. Unix sockets (D-Bus, the skill channel) are
 * not network sockets and are not listed.
 */
export interface AuditedProcess {
  pid: number;
  /** The command name, with the script it runs when that is part of Sovereign ("node build/src/ai/host/main.js"). */
  name: string;
}

export interface AuditedSocket extends SocketRow {
  pid: number;
  process: string;
}

export interface SocketAudit {
  processes: AuditedProcess[];
  /** Connected (or connecting) to an address outside this machine. */
  outbound: AuditedSocket[];
  /** Listening on a network interface rather than loopback only: other machines could connect in. */
  exposed: AuditedSocket[];
  /** Loopback sockets: the local API, a local database server. */
  loopback: AuditedSocket[];
}

export interface AuditOptions {
  /** The processes to start from; their descendants are included. Default: every process running Sovereign's entry point. */
  rootPids?: readonly number[];
  procDir?: string;
}

export function auditSockets(options: AuditOptions = {}): SocketAudit {
  const procDir = options.procDir ?? '/proc';
  const table = readProcessTable(procDir);
  // The checking command is itself Sovereign, but it is not what the person asked about.
  const roots = options.rootPids ?? [...table.values()].filter((entry) => entry.pid !== process.pid && runsSovereign(entry)).map((entry) => entry.pid);
  const pids = withDescendants(roots, table);
  const audit: SocketAudit = { processes: [], outbound: [], exposed: [], loopback: [] };
  for (const pid of pids) {
    const entry = table.get(pid);
    if (!entry) continue;
    const name = describeProcess(entry);
    audit.processes.push({ pid, name });
    const inodes = socketInodes(procDir, pid);
    if (inodes.size === 0) continue;
    for (const row of readSockets(procDir, pid)) {
      if (!inodes.has(row.inode)) continue;
      const socket: AuditedSocket = { ...row, pid, process: name };
      classify(audit, socket);
    }
  }
  return audit;
}

function classify(audit: SocketAudit, socket: AuditedSocket): void {
  const remoteSet = !isUnspecified(socket.remote) || socket.remote.port !== 0;
  if (remoteSet) {
    (isLoopbackHost(socket.remote.address) ? audit.loopback : audit.outbound).push(socket);
  } else if (isLoopbackHost(socket.local.address)) {
    audit.loopback.push(socket);
  } else if (socket.state === 'LISTEN' || socket.protocol.startsWith('udp')) {
    audit.exposed.push(socket);
  }
}

interface ProcessEntry {
  pid: number;
  ppid: number;
  name: string;
  cmdline: string[];
  cwd: string | undefined;
}

function readLink(file: string): string | undefined {
  try {
    return fs.readlinkSync(file);
  } catch {
    return undefined;
  }
}

function readProcessTable(procDir: string): Map<number, ProcessEntry> {
  const table = new Map<number, ProcessEntry>();
  const uid = process.getuid?.();
  for (const name of fs.readdirSync(procDir)) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    try {
      const dir = path.join(procDir, name);
      if (uid !== undefined && fs.statSync(dir).uid !== uid) continue;
      const stat = fs.readFileSync(path.join(dir, 'stat'), 'utf8');
      // The command name sits in parentheses and may itself contain spaces or ")": the fields after the last ")" are safe to split.
      const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(afterName[1]);
      const cmdline = fs.readFileSync(path.join(dir, 'cmdline'), 'utf8').split('\0').filter(Boolean);
      const comm = fs.readFileSync(path.join(dir, 'comm'), 'utf8').trim();
      table.set(pid, { pid, ppid, name: comm, cmdline, cwd: readLink(path.join(dir, 'cwd')) });
    } catch {
      // The process ended while the table was read.
    }
  }
  return table;
}

const ENTRY_POINT = path.join('cli', 'main.js');

/** The script of this installation that the process runs (node …/cli/main.js, …/ai/host/main.js), if any. */
function sovereignScript(entry: ProcessEntry): string | undefined {
  for (const argument of entry.cmdline.slice(1, 3)) {
    if (argument.startsWith('-')) continue;
    const absolute = entry.cwd === undefined ? argument : path.resolve(entry.cwd, argument);
    if (absolute.startsWith(appRoot + path.sep) && absolute.endsWith('.js')) return absolute;
  }
  return undefined;
}

function runsSovereign(entry: ProcessEntry): boolean {
  return sovereignScript(entry)?.endsWith(ENTRY_POINT) ?? false;
}

function describeProcess(entry: ProcessEntry): string {
  const script = sovereignScript(entry);
  return script === undefined ? entry.name : `${entry.name} ${path.relative(appRoot, script)}`;
}

function withDescendants(roots: readonly number[], table: Map<number, ProcessEntry>): number[] {
  const children = new Map<number, number[]>();
  for (const entry of table.values()) children.set(entry.ppid, [...(children.get(entry.ppid) ?? []), entry.pid]);
  const seen = new Set<number>();
  const queue = [...roots];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return [...seen].sort((a, b) => a - b);
}

function socketInodes(procDir: string, pid: number): Set<number> {
  const inodes = new Set<number>();
  let fds: string[];
  try {
    fds = fs.readdirSync(path.join(procDir, String(pid), 'fd'));
  } catch {
    return inodes;
  }
  for (const fd of fds) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(path.join(procDir, String(pid), 'fd', fd)));
      if (match) inodes.add(Number(match[1]));
    } catch {
      // Closed while we looked.
    }
  }
  return inodes;
}

function readSockets(procDir: string, pid: number): SocketRow[] {
  const rows: SocketRow[] = [];
  for (const protocol of SOCKET_PROTOCOLS) {
    try {
      rows.push(...parseSocketTable(protocol, fs.readFileSync(path.join(procDir, String(pid), 'net', protocol), 'utf8')));
    } catch {
      // No IPv6 in this kernel, or the process ended.
    }
  }
  return rows;
}
