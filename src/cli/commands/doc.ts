import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MAX_TEXT_FILE_BYTES, SovereignError, _, format, readTextFile } from '../../core/index.js';
import { DOC_TYPES, type DocType } from '../../store/records.js';
import { formatTable, printResult } from '../output.js';
import { wholeNumber } from '../number-options.js';
import { resolveOrCreateThread, resolveThread } from '../resolve-thread.js';
import { withStore } from '../with-store.js';
import { oneLine } from '../terminal-text.js';
import type { RegisterCommand } from './index.js';

/** -f goes through the one readable-file check: a regular file (no FIFO, no /dev/zero), size-capped, valid UTF-8. */
async function readContent(options: { file?: string; content?: string }): Promise<string> {
  if (options.content !== undefined) return options.content;
  if (options.file === undefined) return '';
  return readTextFile(options.file, MAX_TEXT_FILE_BYTES);
}

function docType(value: string): DocType {
  if (!(DOC_TYPES as readonly string[]).includes(value)) {
    throw new SovereignError('usage', format(_('Unknown document type "{type}"; use one of {types}.'), { type: value, types: DOC_TYPES.join(', ') }));
  }
  return value as DocType;
}

/** The store lists at most this many documents per page. */
const MAX_PAGE = 1000;
/** Far beyond any workspace, and well inside the integers the database takes exactly (2^53). */
const MAX_OFFSET = 1_000_000_000;

export const register: RegisterCommand = (program, ctx) => {
  const doc = program.command('doc').description(_('Add, show, edit, remove and list documents'));

  doc
    .command('add <title>')
    .description(_('Add a document'))
    .option('-t, --type <type>', _('Document type'), 'markdown')
    .option('--thread <thread>', _('Thread name or id'))
    .option('--create-thread', _('Create the --thread by that name if there is none'))
    .option('-f, --file <path>', _('Read the content from a file'))
    .option('-c, --content <text>', _('The content'))
    .option('--json', _('Print JSON'))
    .action(async (title: string, options: { type: string; thread?: string; createThread?: boolean; file?: string; content?: string; json?: boolean }) => {
      if (options.createThread && options.thread === undefined) {
        throw new SovereignError('usage', _('--create-thread needs --thread NAME: the name of the thread to create.'));
      }
      const content = await readContent(options);
      const created = await withStore(ctx(), async (store) => {
        const threadId =
          options.thread === undefined
            ? null
            : options.createThread
              ? await resolveOrCreateThread(ctx(), store, options.thread)
              : await resolveThread(store, options.thread, { offerCreate: true });
        return store.createDocument({ title, docType: docType(options.type), content, threadId });
      });
      printResult(ctx(), options.json ?? false, created, () => created.id);
    });

  doc
    .command('show <id>')
    .description(_('Show a document'))
    .option('--json', _('Print JSON'))
    .action(async (id: string, options: { json?: boolean }) => {
      const found = await withStore(ctx(), (store) => store.getDocument(id));
      printResult(ctx(), options.json ?? false, found, () => `# ${oneLine(found.title)}\n\n${found.content}`);
    });

  doc
    .command('edit <id>')
    .description(_('Edit a document in $EDITOR; saving commits a new version'))
    .option('-m, --message <message>', _('Commit message'))
    .option('--json', _('Print JSON'))
    .action(async (id: string, options: { message?: string; json?: boolean }) => {
      const result = await withStore(ctx(), async (store) => {
        const current = await store.getDocument(id);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-edit-'));
        const file = path.join(dir, `${id}.${current.docType === 'markdown' ? 'md' : 'txt'}`);
        try {
          fs.writeFileSync(file, current.content);
          const editor = process.env['VISUAL'] || process.env['EDITOR'] || 'vi';
          const run = spawnSync(`${editor} "$SOVEREIGN_EDIT_FILE"`, { shell: true, stdio: 'inherit', env: { ...process.env, SOVEREIGN_EDIT_FILE: file } });
          if (run.status !== 0) {
            throw new SovereignError('cancelled', format(_('The editor exited with status {status}; nothing was saved.'), { status: String(run.status) }));
          }
          const content = fs.readFileSync(file, 'utf8');
          const { StoreVersionControl } = await import('../../versions/index.js');
          const commit = await new StoreVersionControl(store).save(id, content, options.message ? { message: options.message } : {});
          return { changed: content !== current.content, commit: commit.id };
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      });
      printResult(ctx(), options.json ?? false, result, () => (result.changed ? format(_('Saved as {commit}'), { commit: result.commit }) : _('No changes')));
    });

  doc
    .command('rm <id>')
    .description(_('Remove a document and its history'))
    .option('--json', _('Print JSON'))
    .action(async (id: string, options: { json?: boolean }) => {
      await withStore(ctx(), (store) => store.deleteDocument(id));
      printResult(ctx(), options.json ?? false, { deleted: id }, () => '');
    });

  doc
    .command('ls')
    .description(_('List documents'))
    .option('--thread <thread>', _('Thread name or id'))
    .option('-t, --type <type>', _('Only this type'))
    .option('-n, --limit <n>', _('How many (1 to 1000)'), wholeNumber('--limit', 1, MAX_PAGE), 50)
    .option('--offset <n>', _('Skip this many'), wholeNumber('--offset', 0, MAX_OFFSET), 0)
    .option('--json', _('Print JSON'))
    .action(async (options: { thread?: string; type?: string; limit: number; offset: number; json?: boolean }) => {
      const page = await withStore(ctx(), async (store) =>
        store.listDocuments({
          ...(options.thread !== undefined ? { threadId: await resolveThread(store, options.thread) } : {}),
          ...(options.type !== undefined ? { docTypes: [docType(options.type)] } : {}),
          limit: options.limit,
          offset: options.offset,
          descending: true,
        }),
      );
      printResult(ctx(), options.json ?? false, page, () =>
        formatTable([_('ID'), _('Type'), _('Created'), _('Title')], page.items.map((d) => [d.id, d.docType, d.createdAt.toISOString().slice(0, 10), d.title])),
      );
    });
};
