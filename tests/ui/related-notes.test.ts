import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cliEntry, repoRoot } from '../support/repo.js';
import { screenshot, startDisplay, xdotool, type TestDisplay } from './support/display.js';
import { appEnv, SovereignApp } from './support/sovereign-app.js';

const run = promisify(execFile);

type Point = { x: number; y: number };
interface RelatedProbe {
  search: { results: string[]; resultsQuery: string; mode: 'bm25' | 'hybrid'; notice: string };
  indexing: { visible: boolean; label: string; paused: boolean; state: { running: boolean; pending: number; done: number; total: number } | null };
  panels: { id: string; x: number }[];
  panelStates: { id: string; title: string; view: string; related: { loading: boolean; ids: string[]; status: string; tab: Point | null; firstLink: Point | null } }[];
  toasts: string[];
  links: { from: string; to: string; kind: string; style: 'solid' | 'soft' }[];
  cards: Record<string, { title: string | null }>;
}

/** Clicks a point given in the window surface's coordinates (what the probe reports). */
async function clickInWindow(display: TestDisplay, pid: number, point: Point): Promise<void> {
  const id = (await xdotool(display, 'search', '--sync', '--onlyvisible', '--pid', String(pid))).split('\n')[0]!;
  const shell = await xdotool(display, 'getwindowgeometry', '--shell', id);
  const value = (key: string) => Number(new RegExp(`${key}=(-?\\d+)`).exec(shell)?.[1] ?? 0);
  await xdotool(display, 'mousemove', String(Math.round(value('X') + point.x)), String(Math.round(value('Y') + point.y)));
  await xdotool(display, 'click', '1');
}

describe('search by meaning and related notes in the window', () => {
  let display: TestDisplay;
  let app: SovereignApp;
  const probe = async (what: string, predicate: (w: RelatedProbe) => boolean, timeoutMs?: number) => {
    try {
      return (await app.until(what, (w) => predicate(w as unknown as RelatedProbe), timeoutMs)) as unknown as RelatedProbe;
    } catch (error) {
      // The probe's last state is long: show the panels, where this test looks.
      const panels = (app.probe()?.window as unknown as RelatedProbe | undefined)?.panelStates.map((p) => ({ id: p.id, view: p.view, related: p.related }));
      throw new Error(`${(error as Error).message.slice(0, 200)}… panels: ${JSON.stringify(panels)}`, { cause: error });
    }
  };

  before(async () => {
    display = await startDisplay({ width: 1400, height: 900 });
    await run(process.execPath, [path.join(repoRoot, 'build', 'tests', 'ui', 'support', 'seed-related-workspace.js'), display.home], { env: display.env, timeout: 120_000 });
    app = new SovereignApp(display, 'related');
  });

  after(async () => {
    await app?.stop();
    await display?.close();
  });

  test('the window indexes the notes in the background and says when it is done', async () => {
    const done = await probe('background indexing finished', (w) => w.indexing?.state !== null && w.indexing?.state?.running === false && w.indexing.state.pending === 0, 120_000);
    assert.equal(done.indexing.visible, false, 'the indexing note is hidden once the index is up to date');
  });

  test('a query that shares no word with a note finds it by meaning (hybrid search)', async () => {
    await xdotool(display, 'key', 'ctrl+f');
    await probe('the search entry', (w) => (w as unknown as { search: { focused: boolean } }).search.focused);
    const keys = [...'looking after greenery'].map((c) => (c === ' ' ? 'space' : c));
    await xdotool(display, 'key', '--delay', '40', ...keys);
    const found = await probe('hybrid results for the whole query', (w) => w.search.resultsQuery === 'looking after greenery' && w.search.mode === 'hybrid' && w.search.results.length > 0);
    await screenshot(display, 'related-hybrid-search');
    const titles = await probe('titles', () => true);
    const top = found.search.results.slice(0, 2).map((id) => titles.cards[id]?.title ?? id);
    assert.equal(found.search.notice, '');
    // Neither fern note contains "looking", "after" or "greenery": only their meaning matches.
    assert.ok(found.search.results.length >= 1);
    const listed = found.search.results.map((id) => titles.cards[id]?.title ?? id);
    assert.ok(!listed.includes('Tax return') && !listed.includes('Bicycle repair'), `notes unrelated in meaning are not listed (listed: ${listed.join(', ')})`);
    await xdotool(display, 'key', 'Return');
    const opened = await probe('the first result open in a panel', (w) => w.panels.some((p) => p.id === found.search.results[0]));
    const panel = opened.panelStates.find((p) => p.id === found.search.results[0])!;
    assert.ok(['Houseplants', 'Ferns at home'].includes(panel.title), `the best result is a fern note, got ${panel.title} (top: ${top.join(', ')})`);
  });

  test('the Related page lists the paraphrase note; Link creates a related link drawn as a soft link on the canvas', async () => {
    const first = (await probe('a panel', (w) => w.panelStates.length > 0)).panelStates[0]!;
    const paraphrase = first.title === 'Houseplants' ? 'Ferns at home' : 'Houseplants';
    // Its first report may come before the panel's allocation: wait until the tab lies inside the panel.
    const withTab = await probe('the Related tab laid out', (w) => (w.panelStates[0]?.related.tab?.x ?? 0) > (w.panels[0]?.x ?? 0));
    await clickInWindow(display, app.child.pid!, withTab.panelStates[0]!.related.tab!);
    const listed = await probe(`the Related list with its link buttons (panel: ${JSON.stringify(withTab.panelStates[0]!.related)})`, (w) => {
      const related = w.panelStates[0]!.related;
      return w.panelStates[0]!.view === 'related' && !related.loading && related.ids.length > 0 && related.firstLink !== null;
    });
    await screenshot(display, 'related-list');
    const related = listed.panelStates[0]!.related;
    const otherId = related.ids[0]!;
    await clickInWindow(display, app.child.pid!, related.firstLink!);
    const linked = await probe('the related link on the canvas', (w) => w.links.some((l) => l.kind === 'related' && l.from === first.id && l.to === otherId));
    const link = linked.links.find((l) => l.kind === 'related')!;
    assert.equal(link.style, 'soft', 'a related link is drawn dashed and lighter');
    assert.ok(linked.toasts.some((t) => t.includes(paraphrase)), `toast names the linked note: ${linked.toasts.join(' | ')}`);
    assert.ok(!linked.panelStates[0]!.related.ids.includes(otherId), 'a linked note leaves the list');
    await screenshot(display, 'related-soft-link');

    // The relationship is in the store: `sovereign link ls` lists it once the window has closed.
    await app.stop();
    const listing = spawnSync(process.execPath, [cliEntry, 'link', 'ls', first.id, '--json'], { env: appEnv(display, path.join(display.home, 'unused-probe.json')), encoding: 'utf8', timeout: 60_000 });
    assert.equal(listing.status, 0, listing.stderr);
    const links = JSON.parse(listing.stdout) as { kind: string; from: string; to: string }[];
    assert.deepEqual(links.map((l) => [l.kind, l.from, l.to]), [['related', first.id, otherId]]);
  });
});
