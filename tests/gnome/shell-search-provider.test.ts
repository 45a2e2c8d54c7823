import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { SOVEREIGN, call, waitFor } from '../support/dbus-client.js';
import { startShell, type ShellSession } from './support/gnome-shell.js';
import { sovereignDataFiles } from './support/sovereign-data-files.js';

// One Shell for the whole file: it takes seconds to start.
let shell: ShellSession;
const budgetIds: string[] = [];

interface ShownResults {
  terms: string[];
  searching: boolean;
  rows: { id: string; name: string; description: string }[];
}

const PROVIDER = 'org.sovereign.Sovereign.desktop';

before(async () => {
  shell = await startShell({
    env: { SOVEREIGN_TEST_HOOKS: '1' },
    configToml: '[service]\nidle_exit_seconds = 600\n',
    dataFiles: sovereignDataFiles(),
  });
  const notes = path.join(shell.session.root, 'notes');
  fs.mkdirSync(notes);
  const files: [string, string][] = [
    ['budget-2026.md', '# Budget 2026\n\nThe household budget for next year, with rent and savings.\n'],
    ['trip.md', '# Lisbon trip\n\nFlights, hotel and a small budget for food.\n'],
    ['recipes.txt', 'Soup, bread and cake. Nothing about money here.\n'],
  ];
  for (const [name, content] of files) {
    const file = path.join(notes, name);
    fs.writeFileSync(file, content);
    const [id] = await call(shell.bus, { ...SOVEREIGN, interface: 'org.sovereign.Sovereign', member: 'ImportFile', signature: 's', body: [file] });
    if (name !== 'recipes.txt') budgetIds.push(id as string);
  }
  // The Shell asks once per keystroke pause and does not ask again: make sure
  // the service has indexed the imports before the overview is driven, so a
  // slow first index update on a busy machine cannot pass for a missing result.
  await waitFor('the service to find the imported budget notes', async () => {
    const [ids] = await call(shell.bus, {
      ...SOVEREIGN,
      path: '/org/sovereign/Sovereign/SearchProvider',
      interface: 'org.gnome.Shell.SearchProvider2',
      member: 'GetInitialResultSet',
      signature: 'as',
      body: [['sov:', 'budget']],
    });
    return (ids as string[]).length === budgetIds.length ? true : undefined;
  }, 30_000);
});

after(async () => {
  await shell?.stop();
});

async function typeInOverview(text: string): Promise<void> {
  await shell.evaluate(`(() => { Main.overview.show(); Main.overview.searchEntry.set_text(${JSON.stringify(text)}); return true; })()`);
}

function shownResults(): Promise<ShownResults> {
  return shell.evaluate<ShownResults>(`(() => {
    const view = Main.overview._overview._controls._searchController._searchResults;
    const provider = view._providers.find((p) => p.id === ${JSON.stringify(PROVIDER)});
    const display = provider && provider.display;
    const rows = display && display.visible
      ? display._content.get_children().filter((c) => c.visible).map((c) => ({ id: c.metaInfo.id, name: c.metaInfo.name, description: c.metaInfo.description || '' }))
      : [];
    return { terms: view.terms, searching: view.searchInProgress || !!view._searchTimeoutId, rows, registered: !!provider };
  })()`);
}

async function settledResults(text: string, wantRows: boolean): Promise<ShownResults> {
  const terms = text.trim().split(/\s+/);
  return waitFor(`the Shell to show results for "${text}"`, async () => {
    const shown = await shownResults();
    const settled = JSON.stringify(shown.terms) === JSON.stringify(terms) && !shown.searching;
    return settled && (shown.rows.length > 0) === wantRows ? shown : undefined;
  }, 30_000);
}

async function windowRequests(): Promise<{ kind: string; id?: string; text?: string }[]> {
  const [json] = await call(shell.bus, { ...SOVEREIGN, interface: 'org.sovereign.Sovereign.TestHooks', member: 'GetWindowRequests' });
  return JSON.parse(json as string) as { kind: string; id?: string }[];
}

test('the Shell lists Sovereign as a search provider from the installed ini', async () => {
  const registered = await shell.evaluate<boolean>(
    `Main.overview._overview._controls._searchController._searchResults._providers.some((p) => p.id === ${JSON.stringify(PROVIDER)})`,
  );
  assert.equal(registered, true);
});

test('"sov: budget" in the overview shows the matching documents with a snippet', async () => {
  await typeInOverview('sov: budget');
  const shown = await settledResults('sov: budget', true);
  assert.deepEqual(new Set(shown.rows.map((row) => row.id)), new Set(budgetIds));
  const budget = shown.rows.find((row) => row.name === 'Budget 2026');
  assert.ok(budget, `rows: ${JSON.stringify(shown.rows)}`);
  assert.match(budget.description, /budget/i);
});

test('"sov:budget" written as one word gives the same documents', async () => {
  await typeInOverview('sov:budget');
  const shown = await settledResults('sov:budget', true);
  assert.deepEqual(new Set(shown.rows.map((row) => row.id)), new Set(budgetIds));
});

test('a query without the prefix shows no Sovereign results', async () => {
  await typeInOverview('budget');
  const shown = await settledResults('budget', false);
  assert.deepEqual(shown.rows, []);
});

test('activating a result asks Sovereign to open that document (the headless Shell has no display for its window)', async () => {
  await typeInOverview('sov: lisbon');
  const shown = await settledResults('sov: lisbon', true);
  const target = shown.rows[0]!;
  assert.equal(target.name, 'Lisbon trip');
  await shell.evaluate(`(() => {
    const view = Main.overview._overview._controls._searchController._searchResults;
    const display = view._providers.find((p) => p.id === ${JSON.stringify(PROVIDER)}).display;
    display._content.get_children().find((c) => c.metaInfo.id === ${JSON.stringify(target.id)}).activate();
    return true;
  })()`);
  await waitFor('the open request to reach Sovereign', async () =>
    (await windowRequests()).some((request) => request.kind === 'open-document' && request.id === target.id) ? true : undefined,
  );
});

test('clicking "Open" on the import notification reaches ActivateAction', async () => {
  const file = path.join(shell.session.root, 'notes', 'minutes.md');
  fs.writeFileSync(file, '# Board minutes\n\nDecisions.\n');
  const [id] = await call(shell.bus, { ...SOVEREIGN, interface: 'org.sovereign.Sovereign', member: 'ImportFile', signature: 's', body: [file] });
  const title = await waitFor('the Shell to show the import notification', () =>
    shell.evaluate<string | null>(`(() => {
      const source = Main.messageTray.getSources().find((s) => s._appId === 'org.sovereign.Sovereign');
      const notification = source && source.notifications.find((n) => n.title.includes('Board minutes'));
      return notification ? notification.title : null;
    })()`).then((value) => value ?? undefined),
  );
  assert.match(title, /Board minutes/);
  const labels = await shell.evaluate<string[]>(`(() => {
    const source = Main.messageTray.getSources().find((s) => s._appId === 'org.sovereign.Sovereign');
    const notification = source.notifications.find((n) => n.title.includes('Board minutes'));
    const open = notification.actions.find((a) => a.label === 'Open');
    open.callback();
    return notification.actions.map((a) => a.label);
  })()`);
  assert.deepEqual(labels, ['Open']);
  await waitFor('ActivateAction(open-document) to reach Sovereign', async () =>
    (await windowRequests()).some((request) => request.kind === 'open-document' && request.id === id) ? true : undefined,
  );
});
