import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { SovereignError, _, format, isSovereignError } from '../../core/index.js';
import type { CoreSkill, SkillHost } from '../core-skill.js';
import type { SkillManifest } from '../manifest.js';
import { bwrapArgs, sandboxEnv } from './bwrap-args.js';
import { dispatchHostCall, InvalidParams, isHostMethod } from './host-dispatch.js';
import { parseRpcLine, RPC_ERRORS, rpcLine, type RpcFailure, type RpcMessage, type RpcRequest, type RpcSuccess } from './json-rpc.js';
import { LineSplitter, LineTooLong } from './line-splitter.js';
import { DEFAULT_SANDBOX_LIMITS, type SandboxLimits } from './sandbox-limits.js';

/** Why a running community skill was cut off. */
export interface SkillFailure {
  reason: 'exited' | 'flood' | 'oversize' | 'garbage' | 'timeout' | 'stalled';
  message: string;
}

export interface CommunitySkillOptions {
  manifest: SkillManifest;
  /** The installed folder, <skillsDir>/<id>. */
  folder: string;
  /** A folder for the private socket folder (short: a Unix socket path has at most 107 bytes). */
  runtimeDir: string;
  /** Called once when the skill fails after it started (crash, flood, garbage, hang). */
  onFailure: (failure: SkillFailure) => void;
  limits?: Partial<SandboxLimits>;
  nodePath?: string;
  bwrapPath?: string;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * A community skill: a node process inside bubblewrap that speaks JSON-RPC
 * 2.0 with the host over a Unix socket. It implements the same lifecycle as
 * a core skill, so the registry treats both alike. Anything the skill does
 * wrong (exits, floods, sends garbage, hangs) cuts it off: the process is
 * killed, every call waiting on it fails, and onFailure says why.
 */
export class CommunitySkill implements CoreSkill {
  readonly manifest: SkillManifest;
  private readonly options: CommunitySkillOptions;
  private readonly limits: SandboxLimits;
  private child: ChildProcess | null = null;
  private server: net.Server | null = null;
  private socket: net.Socket | null = null;
  private socketDir: string | null = null;
  private host: SkillHost | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private hostCallsInFlight = 0;
  private windowStart = 0;
  private windowCount = 0;
  private stderrTail = '';
  private ready = false;
  private stopping = false;
  private failure: SkillFailure | null = null;
  private startWaiter: { resolve: () => void; reject: (error: Error) => void } | null = null;

  constructor(options: CommunitySkillOptions) {
    this.manifest = options.manifest;
    this.options = options;
    this.limits = { ...DEFAULT_SANDBOX_LIMITS, ...options.limits };
  }

  async load(host: SkillHost): Promise<void> {
    if (this.child) throw new SovereignError('conflict', format(_('skill {id} is already running'), { id: this.manifest.id }));
    this.host = host;
    await fs.mkdir(this.options.runtimeDir, { recursive: true, mode: 0o700 });
    this.socketDir = await fs.mkdtemp(path.join(this.options.runtimeDir, 'skill-'));
    const socketPath = path.join(this.socketDir, 'host.sock');
    this.server = net.createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(socketPath, () => resolve());
    });

    const started = new Promise<void>((resolve, reject) => (this.startWaiter = { resolve, reject }));
    const timer = setTimeout(
      () => this.cutOff({ reason: 'timeout', message: format(_('it did not start within {seconds} s'), { seconds: this.limits.startTimeoutMs / 1000 }) }),
      this.limits.startTimeoutMs,
    );
    const args = bwrapArgs({
      skillDir: this.options.folder,
      socketDir: this.socketDir,
      nodePath: this.options.nodePath ?? process.execPath,
      entry: this.manifest.entry,
      heapMiB: this.limits.heapMiB,
    });
    const child = spawn(this.options.bwrapPath ?? 'bwrap', args, { env: sandboxEnv(this.manifest.id), stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      this.stderrTail = (this.stderrTail + text).slice(-2048);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      // A process that could not start never emits 'exit'.
      if (this.child === child && child.pid === undefined) this.child = null;
      const message = error.code === 'ENOENT' ? _('bubblewrap (bwrap) is not installed') : error.message;
      this.cutOff({ reason: 'exited', message });
    });
    child.on('exit', (code, signal) => {
      this.child = null;
      if (this.stopping) return;
      const how = signal ? format(_('it was killed by {signal}'), { signal }) : format(_('it exited with status {code}'), { code: code ?? 0 });
      const tail = this.stderrTail.trim().split('\n').pop();
      this.cutOff({ reason: 'exited', message: tail ? `${how}: ${tail}` : how });
    });
    try {
      await started;
    } finally {
      clearTimeout(timer);
    }
  }

  async health(): Promise<void> {
    await this.request('skill.health', {});
  }

  async runCommand(commandId: string, args: unknown): Promise<unknown> {
    if (!this.manifest.commands.some((c) => c.id === commandId)) {
      throw new SovereignError('not-found', format(_('skill {id} has no command {command}'), { id: this.manifest.id, command: commandId }));
    }
    return this.request('skill.runCommand', { command: commandId, args: args ?? null });
  }

  async unload(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (child && this.socket && !this.socket.destroyed) this.socket.write(rpcLine({ jsonrpc: '2.0', method: 'skill.shutdown' }));
    if (child) {
      // A polite skill exits at once; one that does not is killed after a moment.
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const grace = setTimeout(() => child.kill('SIGKILL'), 1000);
      await exited;
      clearTimeout(grace);
    }
    this.release(new SovereignError('cancelled', format(_('skill {id} was stopped'), { id: this.manifest.id })));
    await this.removeSocketDir();
  }

  /** Why it was cut off, or null while it runs. */
  get failed(): SkillFailure | null {
    return this.failure;
  }

  private accept(socket: net.Socket): void {
    // Exactly one connection: the skill's. Nothing else can reach this
    // folder, but a second connection would be a skill trying twice.
    if (this.socket) {
      socket.destroy();
      return;
    }
    this.socket = socket;
    this.server?.close();
    const splitter = new LineSplitter(this.limits.maxMessageBytes);
    socket.on('data', (chunk: Buffer) => {
      if (this.failure) return;
      let lines: string[];
      try {
        lines = splitter.push(chunk);
      } catch (error) {
        if (error instanceof LineTooLong) {
          this.cutOff({ reason: 'oversize', message: format(_('it sent a message larger than {limit} bytes'), { limit: this.limits.maxMessageBytes }) });
          return;
        }
        throw error;
      }
      for (const line of lines) {
        if (this.failure) return;
        this.receive(line);
      }
    });
    socket.on('error', () => undefined); // the close that follows is handled below
    socket.on('close', () => {
      if (!this.stopping && !this.failure) this.cutOff({ reason: 'exited', message: _('it closed its connection') });
    });
  }

  private receive(line: string): void {
    if (!this.countMessage()) return;
    const message = parseRpcLine(line);
    if (!message) {
      this.cutOff({ reason: 'garbage', message: _('it sent something that is not JSON-RPC 2.0') });
      return;
    }
    this.handle(message);
  }

  private handle(message: RpcMessage): void {
    switch (message.type) {
      case 'notification':
        if (message.message.method === 'skill.ready' && !this.ready) {
          this.ready = true;
          this.startWaiter?.resolve();
          this.startWaiter = null;
        }
        return;
      case 'success':
      case 'failure':
        this.settle(message.message);
        return;
      case 'request':
        void this.answer(message.message);
        return;
    }
  }

  private countMessage(): boolean {
    const now = Date.now();
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.windowCount = 0;
    }
    this.windowCount += 1;
    if (this.windowCount <= this.limits.maxMessagesPerSecond) return true;
    this.cutOff({ reason: 'flood', message: format(_('it sent more than {limit} messages in a second'), { limit: this.limits.maxMessagesPerSecond }) });
    return false;
  }

  private async answer(request: RpcRequest): Promise<void> {
    if (!isHostMethod(request.method)) {
      this.send({ jsonrpc: '2.0', id: request.id, error: { code: RPC_ERRORS.methodNotFound, message: `no method ${request.method}` } });
      return;
    }
    if (this.hostCallsInFlight >= this.limits.maxPendingHostCalls) {
      this.cutOff({ reason: 'flood', message: format(_('it had more than {limit} calls waiting at once'), { limit: this.limits.maxPendingHostCalls }) });
      return;
    }
    this.hostCallsInFlight += 1;
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new SovereignError('timeout', `${request.method} took longer than ${this.limits.hostCallTimeoutMs} ms`)), this.limits.hostCallTimeoutMs);
      });
      const result = await Promise.race([dispatchHostCall(this.host!, request.method, request.params), timeout]);
      this.send({ jsonrpc: '2.0', id: request.id, result: result ?? null });
    } catch (error) {
      this.send({ jsonrpc: '2.0', id: request.id, error: rpcErrorOf(error) });
    } finally {
      clearTimeout(timer);
      this.hostCallsInFlight -= 1;
    }
  }

  private request(method: string, params: unknown): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failureError(this.failure));
    if (!this.socket || !this.ready) return Promise.reject(new SovereignError('conflict', format(_('skill {id} is not running'), { id: this.manifest.id })));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const failure: SkillFailure = { reason: 'timeout', message: format(_('it did not answer {method} within {seconds} s'), { method, seconds: this.limits.requestTimeoutMs / 1000 }) };
        this.cutOff(failure);
      }, this.limits.requestTimeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.send({ jsonrpc: '2.0', id, method, params } as RpcRequest);
    });
  }

  private settle(response: RpcSuccess | RpcFailure): void {
    if (typeof response.id !== 'number') return;
    const waiting = this.pending.get(response.id);
    if (!waiting) return; // a late answer to a request already given up on
    this.pending.delete(response.id);
    clearTimeout(waiting.timer);
    if ('result' in response) waiting.resolve(response.result);
    else waiting.reject(new SovereignError('internal', format(_('skill {id} failed: {cause}'), { id: this.manifest.id, cause: response.error.message })));
  }

  private send(message: Parameters<typeof rpcLine>[0]): void {
    const socket = this.socket;
    if (!socket || socket.destroyed || this.failure) return;
    socket.write(rpcLine(message));
    if (socket.writableLength > this.limits.maxQueuedBytes) this.cutOff({ reason: 'stalled', message: _('it stopped reading its messages') });
  }

  /** Kills the skill and fails everything waiting on it; reports the first failure only. */
  private cutOff(failure: SkillFailure): void {
    if (this.failure || this.stopping) return;
    this.failure = failure;
    this.child?.kill('SIGKILL');
    this.socket?.destroy();
    this.server?.close();
    const error = this.failureError(failure);
    this.release(error);
    void this.removeSocketDir();
    if (this.startWaiter) {
      this.startWaiter.reject(error);
      this.startWaiter = null;
    } else {
      this.options.onFailure(failure);
    }
  }

  private release(error: Error): void {
    for (const [id, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      waiting.reject(error);
      this.pending.delete(id);
    }
    this.socket?.destroy();
    this.server?.close();
  }

  private failureError(failure: SkillFailure): SovereignError {
    return new SovereignError(failure.reason === 'timeout' ? 'timeout' : 'internal', format(_('skill {id} was stopped: {cause}'), { id: this.manifest.id, cause: failure.message }), {
      detail: { skill: this.manifest.id, reason: failure.reason },
    });
  }

  private async removeSocketDir(): Promise<void> {
    const dir = this.socketDir;
    this.socketDir = null;
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  }
}

function rpcErrorOf(error: unknown): RpcFailure['error'] {
  if (error instanceof InvalidParams) return { code: RPC_ERRORS.invalidParams, message: error.message };
  if (isSovereignError(error, 'permission')) return { code: RPC_ERRORS.permissionDenied, message: error.message };
  if (isSovereignError(error, 'timeout')) return { code: RPC_ERRORS.timeout, message: error.message };
  if (isSovereignError(error)) return { code: RPC_ERRORS.refused, message: error.message, data: { kind: error.kind } };
  // Anything else is a fault in Sovereign; its details stay in the host.
  return { code: RPC_ERRORS.internalError, message: 'internal error' };
}
