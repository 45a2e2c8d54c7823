import fs from 'node:fs';
import path from 'node:path';
import { cliEntry, repoRoot } from '../../support/repo.js';

/**
 * The data files GNOME needs to find Sovereign, as meson installs them, for a
 * private XDG_DATA_DIRS: the search-provider ini and the Nautilus extension
 * straight from data/, and a desktop file whose Exec runs this checkout.
 */
export function sovereignDataFiles(): Record<string, string> {
  const data = path.join(repoRoot, 'data');
  return {
    'gnome-shell/search-providers/org.sovereign.Sovereign.search-provider.ini': fs.readFileSync(
      path.join(data, 'org.sovereign.Sovereign.search-provider.ini'),
      'utf8',
    ),
    'nautilus-python/extensions/sovereign-nautilus.py': fs.readFileSync(path.join(data, 'nautilus', 'sovereign-nautilus.py'), 'utf8'),
    'applications/org.sovereign.Sovereign.desktop': [
      '[Desktop Entry]',
      'Type=Application',
      'Name=Sovereign',
      `Exec=${process.execPath} ${cliEntry} %U`,
      'Icon=text-x-generic',
      'DBusActivatable=true',
      'Categories=Office;',
      'Actions=new-note;import;',
      '',
      '[Desktop Action new-note]',
      'Name=New Note',
      `Exec=${process.execPath} ${cliEntry}`,
      '',
      '[Desktop Action import]',
      'Name=Import Files',
      `Exec=${process.execPath} ${cliEntry}`,
      '',
    ].join('\n'),
  };
}
