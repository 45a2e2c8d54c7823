import { _ } from '../core/index.js';

/**
 * commander prints its help with English section titles and has no gettext
 * of its own; this puts them in the user's language. Unknown titles (a
 * helpGroup a command named itself) pass through unchanged.
 */
export function translateHelpTitle(title: string): string {
  switch (title) {
    case 'Usage:':
      return _('Usage:');
    case 'Arguments:':
      return _('Arguments:');
    case 'Options:':
      return _('Options:');
    case 'Global Options:':
      return _('Global Options:');
    case 'Commands:':
      return _('Commands:');
    default:
      return title;
  }
}
