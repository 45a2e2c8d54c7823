import type { Command } from 'commander';
import { detectHardware } from '../../ai/manager/hardware.js';
import { recommendQuantization } from '../../ai/manager/recommend-quantization.js';
import { formatBytes } from '../../ai/registry/memory-watchdog.js';
import { SovereignError, _, assertConnectionAllowed, format } from '../../core/index.js';
import type { CliContext } from '../context.js';
import { formatTable, printResult } from '../output.js';
import { oneLine } from '../terminal-text.js';
import { decimalNumber } from '../number-options.js';
import type { RegisterCommand } from './index.js';

/** `sovereign models …`: the local model store, like a package manager's. */
async function runningServerStatus(ctx: CliContext): Promise<unknown> {
  const { host, port, token } = ctx.config.api;
  try {
    assertConnectionAllowed(host, _('ask the API server for its status'));
    const response = await fetch(`http://${host.includes(':') ? `[${host}]` : host}:${port}/v1/status`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      signal: AbortSignal.timeout(2000),
    });
    return response.ok ? await response.json() : undefined;
  } catch {
    return undefined;
  }
}

function interruptible(ctx: CliContext): AbortSignal {
  const controller = new AbortController();
  ctx.lifecycle.register('cancel', () => controller.abort());
  process.once('SIGINT', () => controller.abort());
  return controller.signal;
}

/** Progress on stderr, at most twice a second, as `models pull` and `models get` print it. */
function progressPrinter(ctx: CliContext, quiet: boolean): (progress: { receivedBytes: number; totalBytes: number | undefined }) => void {
  let lastPrinted = 0;
  return ({ receivedBytes, totalBytes }) => {
    if (quiet || Date.now() - lastPrinted < 500) return;
    lastPrinted = Date.now();
    const percent = totalBytes ? ` (${Math.floor((receivedBytes * 100) / totalBytes)}%)` : '';
    ctx.stderr.write(`\r${formatBytes(receivedBytes)}${totalBytes ? ' / ' + formatBytes(totalBytes) : ''}${percent}   `);
  };
}

export const register: RegisterCommand = (program: Command, context: () => CliContext) => {
  const models = program.command('models').description(_('Manage local models: list, add, pull, remove, status, recommend'));
  // The model store and registry (GGUF readers, downloads) load when a command runs, not when commands are registered.
  const store = async () => new (await import('../../ai/manager/model-store.js')).ModelStore(context().paths.modelsDir);

  models
    .command('list')
    .description(_('List the installed models (GGUF chat and embedding models, and whisper speech models)'))
    .option('--json', _('Print JSON'))
    .action(async (options: { json?: boolean }) => {
      const ctx = context();
      const models = await store();
      const list = models.list();
      const { SpeechModelStore } = await import('../../voice/speech-model-store.js');
      const { activeSpeechModelPath } = await import('../../voice/speech-model.js');
      const active = activeSpeechModelPath(ctx.config.ai.models.speech, ctx.paths.modelsDir);
      const speech = new SpeechModelStore(ctx.paths.modelsDir).list().map((model) => ({ ...model, kind: 'speech' as const, active: model.file === active }));
      printResult(ctx, Boolean(options.json), [...list, ...speech], () =>
        list.length + speech.length === 0
          ? format(_('No models installed in {dir}. Add one with "sovereign models add FILE" or "sovereign models pull URL --sha256 HASH".'), { dir: models.dir })
          : formatTable(
              [_('NAME'), _('ARCH'), _('KIND'), _('QUANT'), _('SIZE'), _('SHA256')],
              [
                ...list.map((m) => [
                  m.name,
                  m.metadata?.architecture ?? '?',
                  m.metadata?.kind ?? (m.problem ? _('unreadable') : '?'),
                  m.metadata?.quantization ?? '-',
                  formatBytes(m.sizeBytes),
                  m.sha256 ? m.sha256.slice(0, 12) : '-',
                ]),
                // The shape column says which whisper size the file is; "active" marks the one `sovereign listen` uses.
                ...speech.map((m) => [
                  m.name,
                  m.info ? format(_('whisper {size}'), { size: m.info.size }) : 'whisper',
                  m.info ? (m.active ? _('speech (active)') : _('speech')) : _('unreadable'),
                  '-',
                  formatBytes(m.sizeBytes),
                  m.sha256 ? m.sha256.slice(0, 12) : '-',
                ]),
              ],
            ),
      );
    });

  models
    .command('add <file>')
    .description(_('Check a local GGUF (or whisper speech model) file and copy it into the models folder'))
    .option('--name <name>', _('Install under this name'))
    .option('--force', _('Replace a model with the same name'))
    .option('--json', _('Print JSON'))
    .action(async (file: string, options: { name?: string; force?: boolean; json?: boolean }) => {
      const ctx = context();
      const speech = await import('../../voice/speech-model-store.js');
      if (speech.isWhisperModelFile(file)) {
        // A whisper.cpp ggml file: the speech role's model (`sovereign listen`), checked end to end.
        const added = await new speech.SpeechModelStore(ctx.paths.modelsDir).add(file, { ...options, signal: interruptible(ctx) });
        printResult(ctx, Boolean(options.json), added, () =>
          format(_('Added {name} (whisper {size} speech model, {bytes}), sha256 {sha}'), { name: added.name, size: added.info.size, bytes: formatBytes(added.info.sizeBytes), sha: added.sha256 }),
        );
        return;
      }
      const installed = await (await store()).add(file, { ...options, signal: interruptible(ctx) });
      printResult(ctx, Boolean(options.json), installed, () =>
        format(_('Added {name} ({arch} {kind}, {size}), sha256 {sha}'), {
          name: installed.name,
          arch: installed.metadata?.architecture ?? '?',
          kind: installed.metadata?.kind ?? '?',
          size: formatBytes(installed.sizeBytes),
          sha: installed.sha256 ?? '?',
        }),
      );
    });

  models
    .command('pull <url>')
    .description(_('Download a model from a URL, verify its sha256 and install it (resumes interrupted downloads)'))
    .requiredOption('--sha256 <hash>', _('The sha256 the file must have'))
    .option('--name <name>', _('Install under this name'))
    .option('--force', _('Replace a model with the same name'))
    .option('--json', _('Print JSON'))
    .action(async (url: string, options: { sha256: string; name?: string; force?: boolean; json?: boolean }) => {
      const ctx = context();
      const { pullModel } = await import('../../ai/manager/pull-model.js');
      const installed = await pullModel(await store(), {
        url,
        sha256: options.sha256,
        ...(options.name ? { name: options.name } : {}),
        ...(options.force ? { force: true } : {}),
        signal: interruptible(ctx),
        onProgress: progressPrinter(ctx, Boolean(options.json)),
      });
      if (!options.json) ctx.stderr.write('\n');
      printResult(ctx, Boolean(options.json), installed, () => format(_('Installed {name} ({size}), sha256 verified'), { name: installed.name, size: formatBytes(installed.sizeBytes) }));
    });

  models
    .command('get [name]')
    .description(_('Download the chat model recommended for this computer (the one the window offers) and make it the chat model, or the speech model NAME from the catalog'))
    .option('--json', _('Print JSON'))
    .action(async (name: string | undefined, options: { json?: boolean }) => {
      const ctx = context();
      const { ModelLibrary } = await import('../../ai/manager/model-library.js');
      const library = new ModelLibrary({ ai: ctx.config.ai, modelsDir: ctx.paths.modelsDir });
      try {
        if (name !== undefined) {
          const entry = library.speechEntry(name);
          if (!entry) {
            throw new SovereignError('not-found', format(_('The model catalog has no speech model named {name}.'), { name: oneLine(name) }), {
              hint: _('The catalog is the file named by "catalog" under [ai] in config.toml; without one, install a whisper model file with "sovereign models add FILE".'),
            });
          }
          if (!options.json) ctx.stderr.write(format(_('Downloading {title} (whisper {size}, {bytes})'), { title: entry.title, size: entry.size, bytes: formatBytes(entry.sizeBytes) }) + '\n');
          const installed = await library.downloadSpeech(entry, { signal: interruptible(ctx), onProgress: progressPrinter(ctx, Boolean(options.json)) });
          if (!options.json) ctx.stderr.write('\n');
          printResult(ctx, Boolean(options.json), { installed }, () =>
            format(_('Installed {name} (whisper {size} speech model, {bytes}), sha256 verified'), { name: installed.name, size: installed.info.size, bytes: formatBytes(installed.info.sizeBytes) }),
          );
          return;
        }
        const offer = library.offer();
        if (!offer) {
          const reason = library.hasChatModel() ? _('A chat model is already installed ("sovereign models list").') : _('The model catalog has no chat model to offer.');
          printResult(ctx, Boolean(options.json), { installed: null, reason }, () => reason);
          return;
        }
        if (!options.json) ctx.stderr.write(format(_('Downloading {title} ({quantization}, {size}): {reason}'), { title: offer.entry.title, quantization: offer.entry.quantization, size: formatBytes(offer.entry.sizeBytes), reason: offer.reason }) + '\n');
        const installed = await library.download(offer.entry, { signal: interruptible(ctx), onProgress: progressPrinter(ctx, Boolean(options.json)) });
        if (!options.json) ctx.stderr.write('\n');
        printResult(ctx, Boolean(options.json), { installed, reason: offer.reason }, () => format(_('Installed {name} ({size}), sha256 verified'), { name: installed.name, size: formatBytes(installed.sizeBytes) }));
      } finally {
        await library.close();
      }
    });

  models
    .command('rm <name>')
    .alias('remove')
    .description(_('Remove an installed model (GGUF or speech), taking its roles away'))
    .action(async (name: string) => {
      const ctx = context();
      const { ModelLibrary } = await import('../../ai/manager/model-library.js');
      const library = new ModelLibrary({ ai: ctx.config.ai, modelsDir: ctx.paths.modelsDir });
      try {
        await library.remove(name);
      } finally {
        await library.close();
      }
      ctx.stdout.write(format(_('Removed {name}'), { name: oneLine(name) }) + '\n');
    });

  models
    .command('use <name>')
    .description(_('Make an installed speech model the one "sovereign listen" and the window transcribe with'))
    .action(async (name: string) => {
      const ctx = context();
      const { ModelLibrary } = await import('../../ai/manager/model-library.js');
      const library = new ModelLibrary({ ai: ctx.config.ai, modelsDir: ctx.paths.modelsDir });
      try {
        await library.setSpeechModel(name);
      } finally {
        await library.close();
      }
      ctx.stdout.write(format(_('{name} is now the speech model'), { name: oneLine(name) }) + '\n');
    });

  models
    .command('verify <name>')
    .description(_("Recompute an installed model's sha256 and compare it with the recorded one"))
    .option('--json', _('Print JSON'))
    .action(async (name: string, options: { json?: boolean }) => {
      const ctx = context();
      const result = await (await store()).verify(name, interruptible(ctx));
      printResult(ctx, Boolean(options.json), result, () => (result.ok ? format(_('{name}: sha256 OK ({sha})'), { name, sha: result.actual }) : format(_('{name}: sha256 MISMATCH: recorded {expected}, now {actual}'), { name, expected: result.expected ?? '', actual: result.actual })));
      if (!result.ok) process.exitCode = 1;
    });

  models
    .command('status')
    .description(_('Show the configured roles and, when "sovereign serve" runs, the loaded models'))
    .option('--json', _('Print JSON'))
    .action(async (options: { json?: boolean }) => {
      const ctx = context();
      const { ModelRegistry } = await import('../../ai/registry/model-registry.js');
      const { withRoleChoices } = await import('../../ai/manager/model-roles.js');
      const registry = new ModelRegistry({ ai: withRoleChoices(ctx.config.ai, ctx.paths.modelsDir), modelsDir: ctx.paths.modelsDir });
      const roles = registry.models();
      const server = await runningServerStatus(ctx);
      printResult(ctx, Boolean(options.json), { roles, server: server ?? null }, () => {
        const lines = [
          formatTable(
            [_('ROLE'), _('MODEL'), _('FILE')],
            roles.flatMap((m) => m.roles.map((role) => [role, m.id, m.path])),
          ),
        ];
        if (roles.length === 0) lines[0] = _('No roles configured: set [ai.models] chat, router and embedding in config.toml.');
        lines.push(server ? JSON.stringify(server, null, 2) : _('No server is running, so no model is loaded ("sovereign serve" starts one).'));
        return lines.join('\n\n');
      });
    });

  models
    .command('recommend')
    .description(_('Detect the hardware and recommend a quantisation'))
    .option('--params <billions>', _('Model size in billions of parameters (0.01 to 10000)'), decimalNumber('--params', 0.01, 10_000), 3)
    .option('--json', _('Print JSON'))
    .action((options: { params: number; json?: boolean }) => {
      const ctx = context();
      const hardware = detectHardware();
      const recommendation = recommendQuantization(hardware, options.params * 1e9);
      printResult(ctx, Boolean(options.json), { hardware, recommendation }, () =>
        [
          format(_('Memory: {total} total, {available} available'), { total: formatBytes(hardware.totalMemoryBytes), available: formatBytes(hardware.availableMemoryBytes) }),
          format(_('CPU: {model}, {cores} cores, {features}'), { model: hardware.cpuModel, cores: hardware.cpuCores, features: hardware.cpuFeatures.join(' ') || '-' }),
          format(_('GPU: {gpu}'), { gpu: hardware.gpu.available ? hardware.gpu.devices.join(', ') : _('none found') }),
          format(_('Recommended quantisation: {q} ({reason})'), { q: recommendation.quantization, reason: recommendation.reason }),
        ].join('\n'),
      );
    });
};
