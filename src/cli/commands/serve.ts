import type { Command } from 'commander';
import { SovereignError, _, format } from '../../core/index.js';
import { apiProfiles } from '../api-profiles.js';
import type { CliContext } from '../context.js';
import { wholeNumber } from '../number-options.js';
import type { RegisterCommand } from './index.js';

/** `sovereign serve`: the OpenAI-compatible API on loopback until SIGTERM/SIGINT. */
export const register: RegisterCommand = (program: Command, context: () => CliContext) => {
  program
    .command('serve')
    .description(_('Serve the local models over an OpenAI-compatible HTTP API (127.0.0.1 by default)'))
    .option('--host <host>', _('Address to listen on'))
    .option('--port <port>', _('Port to listen on (0: any free port)'), wholeNumber('--port', 0, 65_535))
    .action(async (options: { host?: string; port?: number }) => {
      const ctx = context();
      const port = options.port ?? ctx.config.api.port;
      const host = options.host ?? ctx.config.api.host;
      const [{ ModelRegistry }, { ApiServer }] = await Promise.all([import('../../ai/registry/model-registry.js'), import('../../api/api-server.js')]);
      const { withRoleChoices } = await import('../../ai/manager/model-roles.js');
      const registry = new ModelRegistry({ ai: withRoleChoices(ctx.config.ai, ctx.paths.modelsDir), modelsDir: ctx.paths.modelsDir });
      const server = new ApiServer({
        host,
        port,
        token: ctx.config.api.token,
        maxBodyBytes: ctx.config.api.max_body_bytes,
        allowedOrigins: ctx.config.api.allowed_origins,
        models: registry,
        profiles: apiProfiles(ctx, registry),
      });
      ctx.lifecycle.register('model registry', () => registry.close());
      ctx.lifecycle.register('api server', () => server.close());
      ctx.lifecycle.installSignalHandlers();
      try {
        await server.listen();
      } catch (error) {
        await registry.close();
        const code = (error as NodeJS.ErrnoException).code;
        throw new SovereignError('io', format(_('Cannot listen on {host}:{port}: {message}'), { host, port, message: (error as Error).message }), {
          ...(code === 'EADDRINUSE' ? { hint: _('Another program uses that port: set [api] port in config.toml or pass --port.') } : {}),
        });
      }
      if (server.exposed) {
        ctx.stderr.write(
          format(_('WARNING: the API listens on {host}, not only on this machine: anyone who can reach {url} and knows the token can use your models.'), { host, url: server.url }) + '\n',
        );
      }
      ctx.stdout.write(format(_('Serving {models} at {url}'), { models: registry.models().map((m) => m.id).join(', ') || _('no models'), url: server.url }) + '\n');
      // Stay up until a signal; the lifecycle closes the server and the model process.
      await new Promise<never>(() => undefined);
    });
};
