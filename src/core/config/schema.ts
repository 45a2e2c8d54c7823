import { z } from 'zod';
import { LOG_LEVELS } from '../log.js';

/**
 * The one source of truth for ~/.config/sovereign/config.toml: every key, its
 * type and its default. Preferences a person changes in the window live in
 * GSettings; this file holds what an administrator or a power user sets.
 * Unknown keys are errors so a typo is reported rather than silently ignored.
 */
const port = z.number().int().min(1).max(65535);

export const configSchema = z
  .object({
    log: z
      .object({
        level: z.enum(LOG_LEVELS).default('warn'),
      })
      .strict()
      .prefault({}),
    store: z
      .object({
        /** Empty: the embedded database in the data dir. Otherwise mem://, rocksdb://…, ws(s)://host:port. */
        url: z.string().default(''),
        namespace: z.string().min(1).default('sovereign'),
        database: z.string().min(1).default('main'),
        username: z.string().default(''),
        password: z.string().default(''),
        connect_timeout_ms: z.number().int().min(100).max(120_000).default(10_000),
      })
      .strict()
      .prefault({}),
    service: z
      .object({
        /** A D-Bus-activated process with no window exits after this many idle seconds (0 = never). */
        idle_exit_seconds: z.number().int().min(0).max(86_400).default(60),
      })
      .strict()
      .prefault({}),
    ai: z
      .object({
        threads: z.number().int().min(1).max(256).default(1),
        parallel_sequences: z.number().int().min(1).max(16).default(1),
        idle_unload_minutes: z.number().min(0).max(1440).default(5),
        context_size: z.number().int().min(256).max(131_072).default(4096),
        /**
         * A JSON file that replaces the built-in catalog of models the window offers to
         * download (src/ai/manager/model-catalog.ts shows its shape): for a local mirror,
         * and for tests, which point it at a loopback server. Empty: the built-in catalog.
         */
        catalog: z.string().default(''),
        models: z
          .object({
            router: z.string().default(''),
            chat: z.string().default(''),
            embedding: z.string().default(''),
            /** A whisper.cpp ggml model (`sovereign listen`): a path, or a file name in the models dir. */
            speech: z.string().default(''),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    api: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: port.default(8741),
        /** When set, requests must carry "Authorization: Bearer <token>". */
        token: z.string().default(''),
        max_body_bytes: z.number().int().min(1024).max(64 * 1024 * 1024).default(4 * 1024 * 1024),
        /**
         * Web origins (scheme://host[:port], e.g. "http://localhost:3000") whose pages may call
         * the API from a browser. Empty: no web page may, because any page the user visits could
         * otherwise drive the local models. Requests with any other Origin are refused.
         */
        allowed_origins: z
          .array(z.string().regex(/^https?:\/\/[^/\s]+$/, 'an origin is scheme://host[:port], without a path'))
          .default([]),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type SovereignConfig = z.infer<typeof configSchema>;

export function defaultConfig(): SovereignConfig {
  return configSchema.parse({});
}
