import type { Command } from 'commander';
import { _ } from '../../core/index.js';
import type { CliContext } from '../context.js';
import { printResult } from '../output.js';
import { contentFor } from '../terminal-text.js';
import { decimalNumber, wholeNumber } from '../number-options.js';
import type { RegisterCommand } from './index.js';

/** More than any local model's context holds. */
const MAX_TOKENS = 1_000_000;

/** `sovereign generate "…"`: one answer from the chat model, streamed to the terminal. */
export const register: RegisterCommand = (program: Command, context: () => CliContext) => {
  program
    .command('generate <prompt>')
    .description(_('Generate an answer to a prompt with the local chat model'))
    .option('--model <name>', _('Model name or role'), 'chat')
    .option('--system <text>', _('System prompt'))
    .option('--max-tokens <n>', _('Stop after this many tokens'), wholeNumber('--max-tokens', 1, MAX_TOKENS), 256)
    .option('--temperature <t>', _('Sampling temperature (0 = deterministic)'), decimalNumber('--temperature', 0, 2))
    .option('--json', _('Print the result as JSON instead of streaming text'))
    .action(async (prompt: string, options: { model: string; system?: string; maxTokens: number; temperature?: number; json?: boolean }) => {
      const ctx = context();
      const { maxTokens, temperature } = options;
      const { ModelRegistry } = await import('../../ai/registry/model-registry.js');
      const { withRoleChoices } = await import('../../ai/manager/model-roles.js');
      const registry = new ModelRegistry({ ai: withRoleChoices(ctx.config.ai, ctx.paths.modelsDir), modelsDir: ctx.paths.modelsDir });
      const controller = new AbortController();
      const onSignal = () => controller.abort();
      process.once('SIGINT', onSignal);
      try {
        const result = await registry.backend(options.model).generate(
          {
            messages: [...(options.system ? [{ role: 'system' as const, content: options.system }] : []), { role: 'user', content: prompt }],
            maxTokens,
            ...(temperature !== undefined ? { temperature } : {}),
          },
          { signal: controller.signal, ...(options.json ? {} : { onText: (text: string) => ctx.stdout.write(contentFor(ctx.stdout, text)) }) },
        );
        if (options.json) printResult(ctx, true, result, () => '');
        else ctx.stdout.write('\n');
      } finally {
        process.off('SIGINT', onSignal);
        await registry.close();
      }
    });
};
