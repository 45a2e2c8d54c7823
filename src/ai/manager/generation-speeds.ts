import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { createLogger } from '../../core/index.js';

const log = createLogger('ai.speeds');

const speedsSchema = z.record(z.string(), z.object({ tokensPerSecond: z.number().nonnegative(), at: z.string() }));
export type GenerationSpeeds = z.infer<typeof speedsSchema>;

/**
 * The last generation speed (tokens per second) of each model, by model
 * name, kept in models/speeds.json so Preferences shows it after a restart.
 * Written after each generation, off the caller's path: a failed write is
 * logged, never a failed answer.
 */
export class GenerationSpeedLog {
  readonly file: string;
  private speeds: GenerationSpeeds | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(modelsDir: string) {
    this.file = path.join(modelsDir, 'speeds.json');
  }

  async all(): Promise<GenerationSpeeds> {
    if (this.speeds) return this.speeds;
    try {
      const parsed = speedsSchema.safeParse(JSON.parse(await fs.promises.readFile(this.file, 'utf8')));
      this.speeds = parsed.success ? parsed.data : {};
    } catch {
      this.speeds = {};
    }
    return this.speeds;
  }

  /** Records a generation; writes are serialised so the file always holds whole JSON. */
  record(name: string, tokensPerSecond: number): Promise<void> {
    return this.change((speeds) => {
      speeds[name] = { tokensPerSecond, at: new Date().toISOString() };
    });
  }

  /** Resolves once every change recorded so far is in the file (or its failure logged). */
  written(): Promise<void> {
    return this.writing;
  }

  forget(name: string): Promise<void> {
    return this.change((speeds) => {
      Reflect.deleteProperty(speeds, name);
    });
  }

  private change(edit: (speeds: GenerationSpeeds) => void): Promise<void> {
    this.writing = this.writing
      .then(async () => {
        const speeds = await this.all();
        edit(speeds);
        await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
        await fs.promises.writeFile(`${this.file}.tmp`, JSON.stringify(speeds, null, 2));
        await fs.promises.rename(`${this.file}.tmp`, this.file);
      })
      .catch((error: unknown) => log.warn('could not record the generation speed', { file: this.file, error }));
    return this.writing;
  }
}
