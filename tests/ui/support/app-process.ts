import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';

/** A child process that speaks JSON lines on stdin/stdout (the presenter test app). */
export class JsonLineProcess {
  private readonly lines: Record<string, unknown>[] = [];
  private waiters: (() => void)[] = [];
  readonly stderr: string[] = [];
  readonly child: ChildProcess;

  constructor(command: string, args: string[], env: NodeJS.ProcessEnv) {
    this.child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    readline.createInterface({ input: this.child.stdout! }).on('line', (line) => {
      try {
        this.lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        this.stderr.push(line);
      }
      for (const wake of this.waiters.splice(0)) wake();
    });
    readline.createInterface({ input: this.child.stderr! }).on('line', (line) => this.stderr.push(line));
    this.child.on('exit', () => {
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  send(command: Record<string, unknown>): void {
    this.child.stdin!.write(JSON.stringify(command) + '\n');
  }

  /** The next message whose `event` is the given one (messages are consumed in order). */
  async next(event: string, timeoutMs = 30_000): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.lines.findIndex((line) => line['event'] === event);
      if (index >= 0) return this.lines.splice(0, index + 1).pop()!;
      if (this.ended) throw new Error(`the app exited (${this.child.exitCode ?? this.child.signalCode}) before '${event}': ${this.stderr.slice(-10).join('\n')}`);
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`timed out waiting for '${event}': ${this.stderr.slice(-10).join('\n')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Ended by exiting or by a signal (a crash sets signalCode and leaves exitCode null). */
  get ended(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  async stop(): Promise<void> {
    if (this.ended) return;
    const exit = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exit;
  }
}
