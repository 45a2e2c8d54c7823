import fs from 'node:fs';
import path from 'node:path';
import { SovereignError, _, createLogger, format, type SovereignConfig } from '../../core/index.js';
import { inspectModel } from '../gguf/model-metadata.js';
import { ModelHostProcess, type HostExit } from '../host/model-host-process.js';
import type { GenerationRecord, HostModelInfo, ModelPurpose } from '../host/protocol.js';
import type { GenerateOptions, GenerateRequest, GenerateResult, ModelBackend, ModelInfo } from '../model-backend.js';
import { l2Normalise } from '../vectors.js';
import { planGeneration } from './generation-plan.js';
import { assertModelFits } from './memory-watchdog.js';

const log = createLogger('ai.registry');

export const MODEL_ROLES = ['router', 'chat', 'embedding'] as const;
export type ModelRole = (typeof MODEL_ROLES)[number];

/** A model the registry can serve: a configured role's file. */
export interface ServedModel {
  /** The file name without .gguf: what API clients put in "model". */
  id: string;
  path: string;
  roles: ModelRole[];
}

export interface LoadedModelStatus {
  id: string;
  path: string;
  roles: ModelRole[];
  purposes: ModelPurpose[];
  contextSize: number;
  sizeBytes: number;
  activeRequests: number;
  lastUsed: string;
}

export interface RegistryStatus {
  /** The model process runs only while a model is loaded (or a request is in flight). */
  hostRunning: boolean;
  hostPid: number | undefined;
  /** 0 when the model process is not running. */
  hostRssBytes: number;
  /** How many times the model process died on its own and was started again. */
  hostRestarts: number;
  loaded: LoadedModelStatus[];
  lastGeneration: GenerationRecord | undefined;
}

interface LoadedEntry {
  info: HostModelInfo;
  purposes: Set<ModelPurpose>;
  active: number;
  lastUsed: number;
  idleTimer: NodeJS.Timeout | undefined;
}

export interface RegistryOptions {
  ai: SovereignConfig['ai'];
  modelsDir: string;
  /** Overrides the free-memory reading (bytes); by default /proc/meminfo. */
  availableMemory?: () => number;
  /** How long a load may take before the model process is killed; by default loadTimeoutFor(file size). */
  loadTimeoutMs?: number;
  /** Told each finished generation's speed (Preferences shows the last one per model). */
  onGeneration?: (modelId: string, tokensPerSecond: number) => void;
}

/**
 * A 1.7 GB model loads in 5-6 s on a slow 2-core machine; a load still busy
 * after a minute plus a minute per GB is stuck (a hostile header once kept
 * llama.cpp spinning forever), not slow.
 */
export function loadTimeoutFor(sizeBytes: number): number {
  return 60_000 + Math.ceil(sizeBytes / 1e9) * 60_000;
}

const purposeOfRole = (role: ModelRole): ModelPurpose => (role === 'embedding' ? 'embedding' : 'chat');

/**
 * The app's view of its models: which file plays which role, what is loaded
 * in the model host, and when to unload. Loads on first use, refuses loads
 * that would not fit in free memory, unloads after ai.idle_unload_minutes
 * without use, and remembers a file that crashed the host so it is not loaded
 * again (and the host crashed again) until the file changes.
 */
export class ModelRegistry {
  readonly host: ModelHostProcess;
  private readonly roles = new Map<ModelRole, string>();
  private readonly loaded = new Map<string, LoadedEntry>();
  private readonly loading = new Map<string, Promise<void>>();
  private readonly crashedFiles = new Map<string, { fingerprint: string; reason: string }>();
  private readonly inFlightLoads = new Set<string>();
  private readonly changeListeners = new Set<() => void>();
  private closed = false;

  constructor(private readonly options: RegistryOptions) {
    this.host = new ModelHostProcess({ threads: options.ai.threads, onCrash: (exit) => this.onHostCrash(exit) });
    for (const role of MODEL_ROLES) {
      const value = options.ai.models[role];
      if (value) this.roles.set(role, this.resolvePath(value));
    }
  }

  /** A config value is a path, or a name in the models dir (with or without .gguf). */
  resolvePath(value: string): string {
    if (path.isAbsolute(value)) return value;
    const name = value.endsWith('.gguf') ? value : `${value}.gguf`;
    return path.join(this.options.modelsDir, name);
  }

  models(): ServedModel[] {
    const byPath = new Map<string, ServedModel>();
    for (const [role, file] of this.roles) {
      const entry = byPath.get(file) ?? { id: path.basename(file, '.gguf'), path: file, roles: [] };
      entry.roles.push(role);
      byPath.set(file, entry);
    }
    return [...byPath.values()];
  }

  /** Called after a model loaded or unloaded, a role moved, the host died or a generation finished. */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.changeListeners) {
      try {
        listener();
      } catch (error) {
        log.warn('a model change listener failed', { error });
      }
    }
  }

  /** A generation finished: its speed goes to onGeneration (completion tokens over the whole call). */
  noteGeneration(model: ServedModel, completionTokens: number, durationMs: number): void {
    if (completionTokens > 0 && durationMs > 0) this.options.onGeneration?.(model.id, completionTokens / (durationMs / 1000));
    this.changed();
  }

  /** Finds a model by its id or by a role name. */
  find(nameOrRole: string): ServedModel | undefined {
    const models = this.models();
    return models.find((m) => m.id === nameOrRole) ?? models.find((m) => (m.roles as string[]).includes(nameOrRole));
  }

  /** Points a role at another file; the old one is unloaded if nothing else uses it. */
  async swap(role: ModelRole, value: string): Promise<void> {
    const previous = this.roles.get(role);
    this.roles.set(role, this.resolvePath(value));
    if (previous && ![...this.roles.values()].includes(previous)) await this.unloadPath(previous);
    this.changed();
  }

  /** Takes a role away from its model (the model was removed); unloads it when nothing else uses it. */
  async clearRole(role: ModelRole): Promise<void> {
    const previous = this.roles.get(role);
    this.roles.delete(role);
    if (previous && ![...this.roles.values()].includes(previous)) await this.unloadPath(previous);
    this.changed();
  }

  /** Unloads a file whatever role it plays (before it is deleted). */
  async unloadFile(file: string): Promise<boolean> {
    return this.unloadPath(file);
  }

  /** The model's id and its backend (the shape the API server asks for). */
  resolve(nameOrRole: string): { id: string; backend: ModelBackend } {
    const backend = this.backend(nameOrRole);
    return { id: this.find(nameOrRole)!.id, backend };
  }

  backend(nameOrRole: string): ModelBackend {
    const model = this.find(nameOrRole);
    if (!model) {
      throw new SovereignError('not-found', format(_('No model "{name}" is configured.'), { name: nameOrRole }), {
        hint: _('Set [ai.models] chat/router/embedding in config.toml; list the installed models with "sovereign models list".'),
      });
    }
    return new RegistryBackend(this, model);
  }

  async load(nameOrRole: string, purpose?: ModelPurpose): Promise<HostModelInfo> {
    const model = this.find(nameOrRole);
    if (!model) throw new SovereignError('not-found', format(_('No model "{name}" is configured.'), { name: nameOrRole }));
    const wanted = purpose ?? purposeOfRole(model.roles[0]!);
    await this.ensureLoaded(model.path, wanted);
    return this.loaded.get(model.path)!.info;
  }

  async unload(nameOrRole: string): Promise<boolean> {
    const model = this.find(nameOrRole);
    return model ? this.unloadPath(model.path) : false;
  }

  private fingerprint(file: string): string {
    const stat = fs.statSync(file);
    return `${stat.size}:${stat.mtimeMs}`;
  }

  private async ensureLoaded(file: string, purpose: ModelPurpose): Promise<void> {
    if (this.closed) throw new SovereignError('cancelled', _('The model registry is closed.'));
    const entry = this.loaded.get(file);
    if (entry?.purposes.has(purpose)) return;
    const key = `${file}\u0000${purpose}`;
    let pending = this.loading.get(key);
    if (!pending) {
      pending = this.loadNow(file, purpose).finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    await pending;
  }

  private async loadNow(file: string, purpose: ModelPurpose): Promise<void> {
    if (!fs.existsSync(file)) {
      throw new SovereignError('not-found', format(_('The model file {file} does not exist.'), { file }), {
        hint: _('Add it with "sovereign models add" or fix the path in config.toml.'),
      });
    }
    const crashed = this.crashedFiles.get(file);
    if (crashed && crashed.fingerprint === this.fingerprint(file)) {
      throw new SovereignError('model', format(_('{name} crashed the model process when it was loaded, so it is not loaded again: {reason}'), { name: path.basename(file), reason: crashed.reason }), {
        hint: _('The file is damaged or not supported. Replace it, or check it with "sovereign models add".'),
      });
    }
    // Every load, not only "models add": a file named in config, or replaced since, reaches
    // llama.cpp only after its header is read and every count in it is bounded.
    try {
      inspectModel(file);
    } catch (error) {
      throw new SovereignError('model', format(_('{name} is not loaded: {reason}'), { name: path.basename(file), reason: (error as Error).message }), {
        hint: (error as SovereignError).hint ?? _('Replace the file, or check it with "sovereign models add".'),
        cause: error,
      });
    }
    if (!this.loaded.has(file)) assertModelFits(file, this.options.availableMemory?.());
    this.inFlightLoads.add(file);
    try {
      const info = await this.loadInHost(file, purpose);
      const entry = this.loaded.get(file) ?? { info, purposes: new Set<ModelPurpose>(), active: 0, lastUsed: Date.now(), idleTimer: undefined };
      entry.info = info;
      entry.purposes.add(purpose);
      this.loaded.set(file, entry);
      this.scheduleIdleUnload(file);
      log.info('model loaded', { file, purpose });
      this.changed();
    } finally {
      this.inFlightLoads.delete(file);
    }
  }

  /** Asks the host to load, killing it when the load outlasts its time limit. */
  private async loadInHost(file: string, purpose: ModelPurpose): Promise<HostModelInfo> {
    const limit = this.options.loadTimeoutMs ?? loadTimeoutFor(fs.statSync(file).size);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
      // llama.cpp cannot be interrupted mid-load: only ending the process stops it.
      log.warn('model load timed out; stopping the model process', { file, limitMs: limit });
      void this.abandonHost();
    }, limit);
    try {
      return await this.host.request(
        'load',
        {
          path: file,
          purpose,
          options: { contextSize: this.options.ai.context_size, threads: this.options.ai.threads, parallelSequences: this.options.ai.parallel_sequences },
        },
        { description: format(_('loading {name}'), { name: path.basename(file) }), signal: controller.signal },
      );
    } catch (error) {
      if (!timedOut) throw error;
      throw new SovereignError('timeout', format(_('Loading {name} took longer than {seconds} s, so the model process was stopped.'), { name: path.basename(file), seconds: limit / 1000 }), {
        hint: _('The file may be damaged or built to hang llama.cpp; replace it. On a very slow or busy machine, try again when it is idle.'),
      });
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops the model process; every model in it is gone, and the next request starts a new one. */
  private async abandonHost(): Promise<void> {
    for (const entry of this.loaded.values()) clearTimeout(entry.idleTimer);
    this.loaded.clear();
    this.changed();
    await this.host.stop();
  }

  private onHostCrash(exit: HostExit): void {
    for (const file of this.inFlightLoads) {
      try {
        this.crashedFiles.set(file, { fingerprint: this.fingerprint(file), reason: exit.signal ?? `exit ${exit.code}` });
      } catch {
        // The file went away; nothing to remember.
      }
    }
    for (const entry of this.loaded.values()) clearTimeout(entry.idleTimer);
    this.loaded.clear();
    this.changed();
  }

  private scheduleIdleUnload(file: string): void {
    const entry = this.loaded.get(file);
    if (!entry) return;
    clearTimeout(entry.idleTimer);
    entry.idleTimer = undefined;
    const minutes = this.options.ai.idle_unload_minutes;
    if (minutes <= 0 || entry.active > 0) return;
    entry.idleTimer = setTimeout(() => {
      if (entry.active === 0 && this.loaded.get(file) === entry) {
        log.info('unloading idle model', { file });
        void this.unloadPath(file).catch((error: unknown) => log.warn('idle unload failed', { file, error }));
      }
    }, minutes * 60_000);
    entry.idleTimer.unref();
  }

  /** Marks a model busy for the duration of fn, loading it first. */
  async use<T>(file: string, purpose: ModelPurpose, fn: () => Promise<T>): Promise<T> {
    await this.ensureLoaded(file, purpose);
    const entry = this.loaded.get(file);
    if (!entry) throw new SovereignError('model', _('The model was unloaded before it could be used; try again.'));
    entry.active++;
    clearTimeout(entry.idleTimer);
    try {
      return await fn();
    } finally {
      entry.active--;
      entry.lastUsed = Date.now();
      this.scheduleIdleUnload(file);
    }
  }

  private async unloadPath(file: string): Promise<boolean> {
    const entry = this.loaded.get(file);
    if (!entry) return false;
    clearTimeout(entry.idleTimer);
    this.loaded.delete(file);
    this.changed();
    if (!this.host.running) return true;
    const result = await this.host.request('unload', { path: file });
    await this.exitHostIfUnused();
    return result.unloaded;
  }

  /**
   * With no model loaded the model process has nothing to keep: it exits, so
   * the memory llama.cpp and the allocator hold on to after an unload goes
   * back to the system (in-process, RSS crept up by 25-40 MB over load/unload
   * cycles even with the malloc settings and malloc_trim). The next use starts
   * a new process: a few hundred ms more on that first load.
   */
  private async exitHostIfUnused(): Promise<void> {
    if (this.loaded.size > 0 || this.loading.size > 0 || this.closed) return;
    if (await this.host.exitWhenIdle()) log.info('model process exited: no model loaded');
  }

  info(file: string): HostModelInfo | undefined {
    return this.loaded.get(file)?.info;
  }

  async status(): Promise<RegistryStatus> {
    const host = this.host.running ? await this.host.request('status', {}) : undefined;
    const served = this.models();
    return {
      hostRunning: host !== undefined,
      hostPid: host?.pid,
      hostRssBytes: host?.rssBytes ?? 0,
      hostRestarts: this.host.crashCount,
      lastGeneration: host?.lastGeneration,
      loaded: [...this.loaded].map(([file, entry]) => ({
        id: path.basename(file, '.gguf'),
        path: file,
        roles: served.find((m) => m.path === file)?.roles ?? [],
        purposes: [...entry.purposes],
        contextSize: entry.info.contextSize,
        sizeBytes: entry.info.sizeBytes,
        activeRequests: entry.active,
        lastUsed: new Date(entry.lastUsed).toISOString(),
      })),
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const entry of this.loaded.values()) clearTimeout(entry.idleTimer);
    this.loaded.clear();
    await this.host.stop();
  }
}

/** ModelBackend for one served model, through the registry (load on use, idle unload). */
class RegistryBackend implements ModelBackend {
  constructor(
    private readonly registry: ModelRegistry,
    private readonly model: ServedModel,
  ) {}

  generate(request: GenerateRequest, options: GenerateOptions = {}): Promise<GenerateResult> {
    const plan = planGeneration(request);
    return this.registry.use(this.model.path, 'chat', async () => {
      const result = await this.registry.host.request(
        'generate',
        { path: this.model.path, requestJson: plan.hostRequestJson },
        {
          ...(options.signal ? { signal: options.signal } : {}),
          ...(plan.streamsText && options.onText ? { onChunk: options.onText } : {}),
          description: format(_('generation with {name}'), { name: this.model.id }),
        },
      );
      this.registry.noteGeneration(this.model, result.completionTokens, result.durationMs);
      return plan.finish(result);
    });
  }

  embed(texts: readonly string[], options: { signal?: AbortSignal } = {}): Promise<number[][]> {
    return this.registry.use(this.model.path, 'embedding', async () => {
      const { vectors } = await this.registry.host.request(
        'embed',
        { path: this.model.path, texts: [...texts] },
        { ...(options.signal ? { signal: options.signal } : {}), description: format(_('embedding with {name}'), { name: this.model.id }) },
      );
      return vectors.map(l2Normalise);
    });
  }

  tokenize(text: string): Promise<number[]> {
    const purpose = purposeOfRole(this.model.roles[0]!);
    return this.registry.use(this.model.path, purpose, async () => (await this.registry.host.request('tokenize', { path: this.model.path, text })).tokens);
  }

  async countTokens(text: string): Promise<number> {
    return (await this.tokenize(text)).length;
  }

  async info(): Promise<ModelInfo> {
    const purpose = purposeOfRole(this.model.roles[0]!);
    const info = await this.registry.use(this.model.path, purpose, async () => this.registry.info(this.model.path)!);
    return {
      name: this.model.id,
      path: info.path,
      architecture: info.architecture,
      sizeBytes: info.sizeBytes,
      contextSize: info.contextSize,
      trainContextSize: info.trainContextSize,
      embeddingSize: info.embeddingSize,
      chatFormat: info.chatFormat,
    };
  }
}
