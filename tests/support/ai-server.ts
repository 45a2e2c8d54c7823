import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ModelRegistry } from '../../src/ai/registry/model-registry.js';
import { ApiServer } from '../../src/api/api-server.js';
import { defaultConfig } from '../../src/core/index.js';
import { ensureTestModels, type TestModels } from '../fixtures/gguf/fixtures.js';
import { repoRoot } from './repo.js';

/** The generated test models, shared by test files (generation is deterministic and atomic). */
export function testModels(): TestModels {
  return ensureTestModels(path.join(repoRoot, 'tests', 'fixtures', 'generated'));
}

export interface RunningApi {
  registry: ModelRegistry;
  server: ApiServer;
  baseURL: string;
  port: number;
  tmp: string;
  close(): Promise<void>;
}

/** A registry over the generated models and an API server on a free loopback port. */
export interface StartApiOptions {
  chat?: string;
  embedding?: string;
  token?: string;
  idleMinutes?: number;
  maxBodyBytes?: number;
  /** Default 127.0.0.1. */
  host?: string;
  allowedOrigins?: string[];
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
  /** Default 4096. */
  contextSize?: number;
}

export async function startApi(options: StartApiOptions = {}): Promise<RunningApi> {
  const models = testModels();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-ai-'));
  const config = defaultConfig();
  config.ai.models.chat = options.chat ?? models.chat;
  config.ai.models.embedding = options.embedding ?? models.embedding;
  config.ai.context_size = options.contextSize ?? 4096;
  config.ai.parallel_sequences = 2;
  config.ai.idle_unload_minutes = options.idleMinutes ?? 0;
  const registry = new ModelRegistry({ ai: config.ai, modelsDir: path.join(tmp, 'models') });
  const server = new ApiServer({
    host: options.host ?? '127.0.0.1',
    port: 0,
    token: options.token ?? '',
    maxBodyBytes: options.maxBodyBytes ?? config.api.max_body_bytes,
    allowedOrigins: options.allowedOrigins ?? config.api.allowed_origins,
    ...(options.headersTimeoutMs !== undefined ? { headersTimeoutMs: options.headersTimeoutMs } : {}),
    ...(options.bodyTimeoutMs !== undefined ? { bodyTimeoutMs: options.bodyTimeoutMs } : {}),
    models: registry,
  });
  const address = await server.listen();
  return {
    registry,
    server,
    baseURL: `http://127.0.0.1:${address.port}/v1`,
    port: address.port,
    tmp,
    async close() {
      await server.close();
      await registry.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}
