import { _, format } from '../core/index.js';
import type { UserIntent } from '../assistant/index.js';

/**
 * What pressing Enter will do, in a few words for the command bar's first
 * row ("Open ‘Tile quotes’", "Create ‘Research note’ in Thesis"). Pure, so
 * the wording is checked without a window.
 */
export function proposalText(intent: UserIntent): string {
  const e = intent.entities;
  const title = e.document?.title ?? '';
  switch (intent.action) {
    case 'open_document':
      return format(_('Open ‘{title}’'), { title });
    case 'show_thread':
      return format(_('Show the thread {name}'), { name: e.thread?.name ?? '' });
    case 'show_time':
      return format(_('Show {from} to {to}'), { from: e.from?.toLocaleDateString() ?? '', to: e.to?.toLocaleDateString() ?? '' });
    case 'create_document':
      return e.thread
        ? format(_('Create ‘{title}’ in {thread}'), { title: e.title ?? _('Untitled note'), thread: e.thread.name })
        : format(_('Create ‘{title}’'), { title: e.title ?? _('Untitled note') });
    case 'rename_document':
      return format(_('Rename ‘{title}’ to ‘{name}’'), { title, name: e.title ?? '' });
    case 'move_document':
      return format(_('Move ‘{title}’ to {thread}'), { title, thread: e.thread?.name ?? '' });
    case 'link_documents':
      return format(_('Link ‘{from}’ to ‘{to}’'), { from: title, to: e.target?.title ?? '' });
    case 'delete_document':
      return format(_('Delete ‘{title}’…'), { title });
    case 'undo':
      return _('Undo the last action');
    case 'search':
      return format(_('Search for ‘{query}’'), { query: e.query ?? '' });
    case 'export':
      return format(_('Export ‘{title}’ as {format}'), { title, format: (e.format ?? 'pdf').toUpperCase() });
    case 'import':
      return format(_('Import {path}'), { path: e.path ?? '' });
    case 'ask':
      return _('Ask the assistant');
    case 'dictate':
      return e.text ? format(_('Take a note: ‘{text}’'), { text: e.text }) : _('Start a dictated note');
    case 'clarify':
      return intent.question ?? _('What do you mean?');
  }
}
