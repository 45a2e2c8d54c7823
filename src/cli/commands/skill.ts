import type { Command } from 'commander';
import { _, format } from '../../core/index.js';
import type { SkillInfo, SkillRegistry, SkillStatus } from '../../skills/index.js';
import type { CliContext } from '../context.js';
import { formatTable, printResult } from '../output.js';
import { oneLine } from '../terminal-text.js';
import type { RegisterCommand } from './index.js';

/**
 * `sovereign skill …`: installs and manages skills. The command line only
 * manages them (files and the enabled/disabled state); skills run in the
 * window and the D-Bus service, which read that state when they start.
 */
async function openRegistry(ctx: CliContext): Promise<SkillRegistry> {
  // The registry (and zod, tar handling) load when a skill command runs, not at start-up.
  const { SkillRegistry, skillRegistryPaths } = await import('../../skills/index.js');
  const { builtinSkills } = await import('../builtin-skills.js');
  return new SkillRegistry({ coreSkills: builtinSkills(ctx.paths), ...skillRegistryPaths(ctx.paths) });
}

function statusLabel(status: SkillStatus): string {
  switch (status) {
    case 'loaded':
      return _('running');
    case 'enabled':
      return _('enabled');
    case 'disabled':
      return _('disabled');
    case 'failed':
      return _('failed');
    case 'broken':
      return _('broken');
  }
}

function describeSkill(info: SkillInfo): string {
  const none = _('none');
  const lines = [
    `${info.name} (${info.id})`,
    `${_('Version')}: ${info.version ?? '?'}`,
    `${_('Kind')}: ${info.kind === 'core' ? _('core') : _('community')}`,
    `${_('Status')}: ${statusLabel(info.status)}`,
    `${_('Permissions')}: ${info.permissions.join(', ') || none}`,
    `${_('Views')}: ${info.documentTypes.views.join(', ') || none}`,
    `${_('Edits')}: ${info.documentTypes.edits.join(', ') || none}`,
    `${_('Commands')}: ${info.commands.map((c) => (c.shortcut ? `${c.title} (${c.shortcut})` : c.title)).join(', ') || none}`,
  ];
  if (info.folder) lines.push(`${_('Folder')}: ${info.folder}`);
  if (info.problem) lines.push(`${_('Problem')}: ${info.problem}`);
  // Names and titles come from the skill's own manifest: each line is shown as one line, controls escaped.
  return lines.map(oneLine).join('\n');
}

export const register: RegisterCommand = (program: Command, context: () => CliContext) => {
  const skill = program.command('skill').description(_('Manage skills: ls, info, install, remove, enable, disable'));

  skill
    .command('ls')
    .description(_('List the core and installed skills'))
    .option('--json', _('Print JSON'))
    .action(async (options: { json?: boolean }) => {
      const ctx = context();
      const list = await (await openRegistry(ctx)).list();
      printResult(ctx, Boolean(options.json), list, () =>
        list.length === 0
          ? format(_('No skills. Install one with "sovereign skill install FOLDER-OR-TARBALL" into {dir}.'), { dir: ctx.paths.skillsDir })
          : formatTable(
              [_('ID'), _('NAME'), _('VERSION'), _('KIND'), _('STATUS')],
              list.map((s) => [s.id, s.name, s.version ?? '?', s.kind === 'core' ? _('core') : _('community'), statusLabel(s.status)]),
            ),
      );
    });

  skill
    .command('info <id>')
    .description(_('Show what a skill is, may do and contributes'))
    .option('--json', _('Print JSON'))
    .action(async (id: string, options: { json?: boolean }) => {
      const ctx = context();
      const info = await (await openRegistry(ctx)).info(id);
      printResult(ctx, Boolean(options.json), info, () => describeSkill(info));
    });

  skill
    .command('install <source>')
    .description(_('Install a community skill from a folder or a .tar.gz (its manifest is checked first)'))
    .action(async (source: string) => {
      const ctx = context();
      const info = await (await openRegistry(ctx)).install(source);
      ctx.stdout.write(`${format(_('Installed {name} {version} ({id}) in {folder}'), { name: oneLine(info.name), version: oneLine(info.version ?? '?'), id: info.id, folder: oneLine(info.folder ?? '') })}\n`);
    });

  skill
    .command('remove <id>')
    .description(_('Remove an installed community skill'))
    .action(async (id: string) => {
      const ctx = context();
      await (await openRegistry(ctx)).remove(id);
      ctx.stdout.write(`${format(_('Removed {id}'), { id: oneLine(id) })}\n`);
    });

  skill
    .command('enable <id>')
    .description(_('Enable a skill (also one that was disabled because it failed)'))
    .action(async (id: string) => {
      const ctx = context();
      const info = await (await openRegistry(ctx)).enable(id);
      ctx.stdout.write(`${format(_('Enabled {name} ({id}); it runs the next time Sovereign starts'), { name: oneLine(info.name), id: oneLine(id) })}\n`);
    });

  skill
    .command('disable <id>')
    .description(_('Disable a skill'))
    .action(async (id: string) => {
      const ctx = context();
      const info = await (await openRegistry(ctx)).disable(id);
      ctx.stdout.write(`${format(_('Disabled {name} ({id})'), { name: oneLine(info.name), id: oneLine(id) })}\n`);
    });
};
