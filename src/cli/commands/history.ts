import { _, format, ngettext } from '../../core/index.js';
import type { GraphStore } from '../../store/index.js';
import { formatTable, printResult } from '../output.js';
import { wholeNumber } from '../number-options.js';
import { withStore } from '../with-store.js';
import { oneLine } from '../terminal-text.js';
import type { RegisterCommand } from './index.js';

/** Version control loads when a command runs (registering the commands stays cheap). */
async function versionControl(store: GraphStore) {
  const { StoreVersionControl } = await import('../../versions/index.js');
  return new StoreVersionControl(store);
}

/** history, diff, branch, merge and restore: a document's versions. */
export const register: RegisterCommand = (program, ctx) => {
  program
    .command('history <doc>')
    .description(_("List a document's versions, newest first"))
    .option('-b, --branch <name>', _('Branch (default: the current one)'))
    .option('-n, --limit <n>', _('How many (1 to 10000)'), wholeNumber('--limit', 1, 10_000), 50)
    .option('--json', _('Print JSON'))
    .action(async (doc: string, options: { branch?: string; limit: number; json?: boolean }) => {
      const commits = await withStore(ctx(), async (store) =>
        (await versionControl(store)).history(doc, { limit: options.limit, ...(options.branch ? { branch: options.branch } : {}) }),
      );
      printResult(ctx(), options.json ?? false, commits.map(({ content: _content, ...rest }) => rest), () =>
        formatTable([_('Commit'), _('Date'), _('Author'), _('Message')], commits.map((c) => [c.id, c.createdAt.toISOString().slice(0, 19), c.author, c.message])),
      );
    });

  program
    .command('diff <from> <to>')
    .description(_('Show the changes between two versions'))
    .option('--json', _('Print JSON'))
    .action(async (from: string, to: string, options: { json?: boolean }) => {
      const diff = await withStore(ctx(), async (store) => (await versionControl(store)).diff(from, to));
      const { formatLineDiff } = await import('../../versions/index.js');
      printResult(ctx(), options.json ?? false, diff, () => formatLineDiff(diff.lines));
    });

  const branch = program.command('branch').description(_("Manage a document's branches"));
  branch
    .command('ls <doc>')
    .option('--json', _('Print JSON'))
    .action(async (doc: string, options: { json?: boolean }) => {
      const [branches, current] = await withStore(ctx(), (store) => Promise.all([store.listBranches(doc), store.currentBranch(doc)]));
      printResult(ctx(), options.json ?? false, { current: current.name, branches }, () =>
        branches.map((b) => `${b.name === current.name ? '*' : ' '} ${oneLine(b.name)}  ${b.head}`).join('\n'),
      );
    });
  branch
    .command('add <doc> <name>')
    .option('--from <commit>', _('Start at this version'))
    .option('--json', _('Print JSON'))
    .action(async (doc: string, name: string, options: { from?: string; json?: boolean }) => {
      const created = await withStore(ctx(), (store) => store.createBranch(doc, name, options.from));
      printResult(ctx(), options.json ?? false, created, () => '');
    });
  branch
    .command('switch <doc> <name>')
    .option('--json', _('Print JSON'))
    .action(async (doc: string, name: string, options: { json?: boolean }) => {
      const switched = await withStore(ctx(), (store) => store.switchBranch(doc, name));
      printResult(ctx(), options.json ?? false, { id: switched.id, branch: name }, () => '');
    });
  branch
    .command('rm <doc> <name>')
    .option('--json', _('Print JSON'))
    .action(async (doc: string, name: string, options: { json?: boolean }) => {
      await withStore(ctx(), (store) => store.deleteBranch(doc, name));
      printResult(ctx(), options.json ?? false, { deleted: name }, () => '');
    });

  program
    .command('merge <doc> <branch>')
    .description(_('Merge a branch into the current one'))
    .option('--json', _('Print JSON'))
    .action(async (doc: string, from: string, options: { json?: boolean }) => {
      const result = await withStore(ctx(), async (store) => (await versionControl(store)).merge(doc, from));
      printResult(ctx(), options.json ?? false, result, () => {
        if (result.status === 'conflicts') {
          return format(ngettext('{count} conflict; nothing was changed:', '{count} conflicts; nothing was changed:', result.conflicts.length), { count: result.conflicts.length }) + '\n\n' + result.text;
        }
        return result.status === 'merged' ? format(_('Merged as {commit}'), { commit: result.commit.id }) : _('Already up to date');
      });
      if (result.status === 'conflicts') process.exitCode = 1;
    });

  program
    .command('restore <doc> <commit>')
    .description(_('Make an old version current again (as a new version)'))
    .option('--json', _('Print JSON'))
    .action(async (doc: string, commit: string, options: { json?: boolean }) => {
      const restored = await withStore(ctx(), async (store) => (await versionControl(store)).restore(doc, commit));
      printResult(ctx(), options.json ?? false, { commit: restored.id }, () => restored.id);
    });
};
