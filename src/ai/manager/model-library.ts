import { SovereignError, _, createLogger, format, type SovereignConfig } from '../../core/index.js';
import { activeSpeechModelPath } from '../../voice/speech-model.js';
import { SpeechModelStore, type InstalledSpeechModel } from '../../voice/speech-model-store.js';
import type { ModelKind } from '../gguf/model-metadata.js';
import { MODEL_ROLES, ModelRegistry, type ModelRole } from '../registry/model-registry.js';
import { chooseChatModel, type ChatModelOffer } from './chat-model-offer.js';
import { GenerationSpeedLog } from './generation-speeds.js';
import { detectHardware, type Hardware } from './hardware.js';
import { loadCatalog, type CatalogEntry, type ModelCatalog, type SpeechCatalogEntry } from './model-catalog.js';
import { ModelRoles, type RoleChoices } from './model-roles.js';
import { ModelStore, type InstalledModel } from './model-store.js';
import { pullModel, type PullProgress } from './pull-model.js';
import { chooseSpeechModel, type SpeechModelOffer } from './speech-model-offer.js';

const log = createLogger('ai.library');

/** One installed model as Preferences lists it. */
export interface ModelListing {
  name: string;
  /** 'speech': a whisper.cpp model (models/<name>.bin), which `sovereign listen` uses; never served as a GGUF role. */
  kind: ModelKind | 'speech' | undefined;
  architecture: string | undefined;
  quantization: string | undefined;
  sizeBytes: number;
  roles: ModelRole[];
  loaded: boolean;
  /** Memory the loaded model takes: the model process's RSS when it is the only one loaded, else its size in memory. */
  ramBytes: number | undefined;
  /** The speed of its last generation (kept across restarts). */
  tokensPerSecond: number | undefined;
  /** Why the file cannot be used, when it cannot. */
  problem: string | undefined;
  /** The sha256 recorded when it was installed. */
  sha256: string | undefined;
  /** For a speech model: its whisper shape (from the file's hyperparameters) and whether `sovereign listen` uses it. */
  speech: SpeechListing | undefined;
}

export interface SpeechListing {
  /** tiny, base, small, … (from the encoder's layers). */
  size: string;
  multilingual: boolean;
  audioState: number;
  audioLayers: number;
  active: boolean;
}

/** What a download reports and can be cancelled with. */
export interface DownloadOptions {
  signal?: AbortSignal;
  onProgress?: (progress: PullProgress) => void;
}

export interface ModelLibraryOptions {
  ai: SovereignConfig['ai'];
  modelsDir: string;
  /** By default the machine's (detectHardware). */
  hardware?: () => Pick<Hardware, 'totalMemoryBytes' | 'cpuFeatures' | 'gpu'>;
}

/**
 * The installed models as the window manages them: what is installed and
 * which role each plays, loaded or not and how fast, the chat model to offer
 * when there is none, its download (through pullModel, the download
 * `sovereign models pull` uses), removal and role choices. Owns the
 * process's ModelRegistry, so what it reports as loaded is what generates.
 */
export class ModelLibrary {
  readonly store: ModelStore;
  readonly speechStore: SpeechModelStore;
  readonly registry: ModelRegistry;
  private readonly roles: ModelRoles;
  private readonly speeds: GenerationSpeedLog;
  private choices: RoleChoices;
  private catalog: ModelCatalog | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly options: ModelLibraryOptions) {
    this.store = new ModelStore(options.modelsDir);
    this.speechStore = new SpeechModelStore(options.modelsDir);
    this.roles = new ModelRoles(options.modelsDir);
    this.speeds = new GenerationSpeedLog(options.modelsDir);
    this.choices = this.roles.read();
    this.registry = new ModelRegistry({
      ai: { ...options.ai, models: { ...options.ai.models, ...this.choices } },
      modelsDir: options.modelsDir,
      onGeneration: (id, tokensPerSecond) => void this.speeds.record(id, tokensPerSecond).then(() => this.changed()),
    });
    this.registry.onChange(() => this.changed());
  }

  /** Called when anything listed may have changed (a load, an unload, a download, a removal). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) {
      try {
        listener();
      } catch (error) {
        log.warn('a model library listener failed', { error });
      }
    }
  }

  async list(): Promise<ModelListing[]> {
    const [status, speeds] = await Promise.all([this.registry.status(), this.speeds.all()]);
    const served = this.registry.models();
    const gguf: ModelListing[] = this.store.list().map((model) => {
      const loaded = status.loaded.find((entry) => entry.path === model.file);
      return {
        name: model.name,
        kind: model.metadata?.kind,
        architecture: model.metadata?.architecture,
        quantization: model.metadata?.quantization,
        sizeBytes: model.sizeBytes,
        roles: served.find((entry) => entry.path === model.file)?.roles ?? [],
        loaded: loaded !== undefined,
        ramBytes: loaded ? (status.loaded.length === 1 && status.hostRssBytes > 0 ? status.hostRssBytes : loaded.sizeBytes) : undefined,
        tokensPerSecond: speeds[model.name]?.tokensPerSecond,
        problem: model.problem,
        sha256: model.sha256,
        speech: undefined,
      };
    });
    return [...gguf, ...this.speechListings()];
  }

  /** The installed speech models, the active one marked as `sovereign listen` decides it (speechModelPath). */
  private speechListings(): ModelListing[] {
    const active = activeSpeechModelPath(this.options.ai.models.speech, this.options.modelsDir);
    return this.speechStore.list().map((model) => ({
      name: model.name,
      kind: 'speech',
      architecture: 'whisper',
      quantization: undefined,
      sizeBytes: model.sizeBytes,
      roles: [],
      loaded: false,
      ramBytes: undefined,
      tokensPerSecond: undefined,
      problem: model.problem,
      sha256: model.sha256,
      speech: model.info
        ? { size: model.info.size, multilingual: model.info.multilingual, audioState: model.info.audioState, audioLayers: model.info.audioLayers, active: model.file === active }
        : undefined,
    }));
  }

  /** Whether a usable speech model is installed. */
  hasSpeechModel(): boolean {
    return this.speechStore.list().some((model) => model.info !== undefined);
  }

  private loadedCatalog(): ModelCatalog {
    this.catalog ??= loadCatalog(this.options.ai.catalog);
    return this.catalog;
  }

  /**
   * The speech model to offer for this machine's RAM, or undefined when one
   * is installed or the catalog has none. Throws when the configured catalog
   * file cannot be read.
   */
  speechOffer(): SpeechModelOffer | undefined {
    if (this.hasSpeechModel()) return undefined;
    return chooseSpeechModel((this.options.hardware ?? detectHardware)(), this.loadedCatalog());
  }

  /** The catalog's speech model of that name (what `sovereign models get NAME` downloads). */
  speechEntry(name: string): SpeechCatalogEntry | undefined {
    return this.loadedCatalog().speech.find((entry) => entry.name === name);
  }

  /**
   * Downloads a catalog speech model through pullModel (resume, progress,
   * cancel, sha256), checks it end to end as a whisper model before it is
   * installed, and makes it the active speech model when none is chosen.
   */
  async downloadSpeech(entry: SpeechCatalogEntry, options: DownloadOptions = {}): Promise<InstalledSpeechModel> {
    const installed = await pullModel(this.speechStore, {
      url: entry.url,
      sha256: entry.sha256,
      name: entry.name,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    const chosen = this.roles.readSpeech();
    if (chosen === undefined || !this.speechStore.get(chosen)) await this.roles.writeSpeech(installed.name);
    this.changed();
    return installed;
  }

  /** Makes an installed speech model the one `sovereign listen` and the window transcribe with. */
  async setSpeechModel(name: string): Promise<void> {
    const model = this.speechStore.get(name);
    if (!model) throw new SovereignError('not-found', format(_('No speech model named {name} is installed.'), { name }));
    if (model.problem) throw new SovereignError('model', model.problem);
    await this.roles.writeSpeech(name);
    this.changed();
  }

  /** Whether a usable chat model is installed. */
  hasChatModel(): boolean {
    return this.store.list().some((model) => model.metadata?.kind === 'chat');
  }

  /**
   * The chat model to offer for this machine, or undefined when one is
   * installed or the catalog has none. Throws when the configured catalog
   * file cannot be read.
   */
  offer(): ChatModelOffer | undefined {
    if (this.hasChatModel()) return undefined;
    return chooseChatModel((this.options.hardware ?? detectHardware)(), this.loadedCatalog());
  }

  /**
   * Downloads a catalog model (resuming a partial download of it) and, when
   * no chat model has the chat role yet, gives it that role.
   */
  async download(entry: CatalogEntry, options: DownloadOptions = {}): Promise<InstalledModel> {
    const installed = await pullModel(this.store, {
      url: entry.url,
      sha256: entry.sha256,
      name: entry.name,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    const chat = this.registry.find('chat');
    if (!chat || !this.store.list().some((model) => model.file === chat.path)) await this.setRole('chat', installed.name);
    this.changed();
    return installed;
  }

  async setRole(role: ModelRole, name: string): Promise<void> {
    if (!(MODEL_ROLES as readonly string[]).includes(role)) throw new SovereignError('invalid-input', format(_('"{role}" is not a model role.'), { role }));
    if (!this.store.get(name)) throw new SovereignError('not-found', format(_('No model named {name} is installed.'), { name }));
    await this.registry.swap(role, name);
    this.choices = { ...this.choices, [role]: name };
    await this.roles.write(this.choices);
    this.changed();
  }

  /** Unloads the model, takes its roles away and deletes its file (a GGUF model of that name first, else a speech model). */
  async remove(name: string): Promise<void> {
    const model = this.store.get(name);
    if (!model && this.speechStore.get(name)) return this.removeSpeech(name);
    if (!model) throw new SovereignError('not-found', format(_('No model named {name} is installed.'), { name }));
    await this.registry.unloadFile(model.file);
    const roles = this.registry.models().find((entry) => entry.path === model.file)?.roles ?? [];
    for (const role of roles) await this.registry.clearRole(role);
    const kept = Object.fromEntries(Object.entries(this.choices).filter(([, chosen]) => chosen !== name)) as RoleChoices;
    if (Object.keys(kept).length !== Object.keys(this.choices).length) {
      this.choices = kept;
      await this.roles.write(kept);
    }
    this.store.remove(name);
    await this.speeds.forget(name);
    this.changed();
  }

  private async removeSpeech(name: string): Promise<void> {
    this.speechStore.remove(name);
    if (this.roles.readSpeech() === name) await this.roles.writeSpeech(undefined);
    this.changed();
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.registry.close();
    // A speed recorded by the last generation is written before the library is gone.
    await this.speeds.written();
  }
}
