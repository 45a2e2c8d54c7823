import { SovereignError, _ } from '../core/index.js';
import type { DocType, GraphStore, NewDocument, NewRelationship, RelationKind, Thread } from '../store/index.js';

export interface SampleWorkspace {
  threadIds: string[];
  documentIds: string[];
}

interface SampleNote {
  key: string;
  thread: number;
  daysAgo: number;
  title: string;
  docType?: DocType;
  source?: string;
  content: string;
}

const DAY = 86_400_000;

const THREADS = () => [
  { name: _('Project Alpha'), description: _('Launching the offline sync feature'), colour: '#3584e4' },
  { name: _('Research'), description: _('Reading notes on local-first software'), colour: '#9141ac' },
  { name: _('Personal'), description: _('Health, travel and everything else'), colour: '#33d17a' },
  { name: _('Budget 2026'), description: _('Household and project spending'), colour: '#ff7800' },
  { name: _('Garden'), description: _('Vegetable beds and the orchard'), colour: '#986a44' },
];

const NOTES: readonly SampleNote[] = [
  { key: 'alpha-kickoff', thread: 0, daysAgo: 118, title: 'Alpha kickoff notes', content: '# Alpha kickoff\n\nAttendees: Maya, Jonas, Priya, me.\n\n## Goals\n\n- Sync works with no server for a two-device household.\n- Conflicts are shown, never silently dropped.\n- Ship a beta before the summer break.\n\n## Decisions\n\nWe start from the CRDT prototype Jonas built in March. Priya owns the test plan; I own the design doc.\n\n## Risks\n\nBattery use on phones, and what happens when a device is offline for weeks.' },
  { key: 'alpha-design', thread: 0, daysAgo: 111, title: 'Sync design draft', content: '# Sync design (draft 2)\n\nEach device keeps an append-only log of operations. Devices exchange logs when they meet on the local network, discovered with mDNS.\n\n## Merge\n\nText fields merge with a sequence CRDT; everything else is last-writer-wins with a hybrid logical clock.\n\n## Open questions\n\n1. How big does the log get after a year of daily use?\n2. Can we compact it without a coordinator?\n\nSee the reading notes on *Local-first software* for the principles we follow.' },
  { key: 'alpha-standup-1', thread: 0, daysAgo: 97, title: 'Standup: log compaction', content: '# Standup\n\nJonas measured the log: about 40 MB after simulating a year for a heavy user. Compaction by snapshotting every 10,000 operations brings it to 3 MB.\n\nAction: Priya writes a property test that compaction never changes the visible state.' },
  { key: 'alpha-test-plan', thread: 0, daysAgo: 90, title: 'Test plan for offline sync', content: '# Test plan\n\n## Scenarios\n\n- Two devices edit the same paragraph offline, then meet.\n- One device is offline for 30 days.\n- A device is restored from a backup that is a week old.\n\n## Tools\n\nA network simulator that drops, delays and reorders packets. Every scenario runs 1,000 times with random seeds.' },
  { key: 'alpha-retro', thread: 0, daysAgo: 41, title: 'Beta retrospective', content: '# Beta retrospective\n\n## Went well\n\nNo data loss reported by the 40 beta households. Conflict view was understood without explanation.\n\n## Went badly\n\nDiscovery fails on guest Wi-Fi networks that isolate clients. We need a fallback: pairing with a QR code and a relay on the home router.\n\n## Next\n\nRelay prototype, and the budget request for the second phase.' },
  { key: 'alpha-launch-checklist', thread: 0, daysAgo: 9, title: 'Launch checklist', content: '# Launch checklist\n\n- [x] Release notes\n- [x] Migration tested on 1.x databases\n- [ ] Screenshots for the store page\n- [ ] Announcement post\n- [ ] Support rota for launch week' },
  { key: 'alpha-spec-pdf', thread: 0, daysAgo: 104, title: 'Vendor protocol specification', docType: 'pdf', source: '/home/user/Downloads/relay-protocol-v3.pdf', content: 'Relay Protocol Specification, version 3.\n\n1. Overview. The relay forwards encrypted frames between paired devices. It never sees plaintext.\n\n2. Pairing. Devices exchange a 32-byte secret through a QR code. Frames are sealed with XChaCha20-Poly1305.\n\n3. Limits. A relay keeps at most 64 MB per pair and drops frames older than 14 days.' },
  { key: 'research-localfirst', thread: 1, daysAgo: 115, title: 'Reading: Local-first software', content: '# Local-first software (Kleppmann et al.)\n\nSeven ideals: fast, multi-device, offline, collaboration, longevity, privacy, user control.\n\nThe key claim: CRDTs make it possible to have all seven at once, where cloud apps give up longevity and control.\n\n> The cloud is just someone else\'s computer.\n\nMy take: longevity is the ideal people notice last and miss most.' },
  { key: 'research-crdt', thread: 1, daysAgo: 100, title: 'CRDT comparison', content: '# CRDT comparison\n\n| Library | Text | Size overhead | Notes |\n| --- | --- | --- | --- |\n| Automerge | yes | moderate | rich history |\n| Yjs | yes | small | fastest in benchmarks |\n| Diamond types | yes | very small | text only |\n\nFor Alpha we keep Yjs-style sequences but our own log format.' },
  { key: 'research-hlc', thread: 1, daysAgo: 86, title: 'Hybrid logical clocks', content: '# Hybrid logical clocks\n\nAn HLC timestamp is (physical time, logical counter). It stays close to wall-clock time but never goes backwards, even when a device clock is wrong.\n\nUseful for last-writer-wins fields: ties broken by device id.' },
  { key: 'research-paper-html', thread: 1, daysAgo: 70, title: 'Article: The case for on-device search', docType: 'html', source: 'https://example.org/on-device-search.html', content: 'The case for on-device search\n\nSearch that runs on the device answers in milliseconds and reveals nothing about what you look for. Inverted indexes over a few hundred thousand documents fit comfortably in memory on a laptop.\n\nThe hard part is not speed but ranking: BM25 with field boosts goes a long way.' },
  { key: 'research-summary', thread: 1, daysAgo: 30, title: 'Research summary for the team', content: '# What I learned this quarter\n\n1. Local-first is a set of trade-offs, not a technology.\n2. CRDT overhead is manageable with compaction.\n3. On-device search is fast enough to search as you type.\n\nNext: read about end-to-end encrypted relays.' },
  { key: 'personal-running', thread: 2, daysAgo: 112, title: 'Running log: spring', content: '# Running log\n\n- Mon: 5 km easy, 28 min\n- Wed: intervals, 6 x 400 m\n- Sat: 12 km long run along the river\n\nKnee felt fine. Aim for the half marathon in October.' },
  { key: 'personal-lisbon', thread: 2, daysAgo: 76, title: 'Lisbon trip ideas', content: '# Lisbon\n\n- Tram 28 early in the morning, before the crowds\n- Pastéis in Belém\n- Day trip to Sintra\n- Fado evening in Alfama\n\nBudget about 900 for four days including flights.' },
  { key: 'personal-books', thread: 2, daysAgo: 55, title: 'Books to read', content: '# Books\n\n- *The Overstory*, Richard Powers\n- *Klara and the Sun*, Kazuo Ishiguro\n- *A Pattern Language*, Christopher Alexander (again)\n- *Designing Data-Intensive Applications*, for work' },
  { key: 'personal-doctor', thread: 2, daysAgo: 20, title: 'Notes from the check-up', content: '# Check-up\n\nBlood pressure normal. Vitamin D low: take supplements through winter. Next check-up in a year.' },
  { key: 'personal-passport-scan', thread: 2, daysAgo: 63, title: 'Passport renewal form', docType: 'pdf', source: '/home/user/Documents/passport-renewal.pdf', content: 'Application for renewal of passport. Section A: personal details. Section B: previous passport number and date of issue. Section C: declaration and signature. Attach two recent photographs.' },
  { key: 'budget-overview', thread: 3, daysAgo: 108, title: 'Budget 2026 overview', content: '# Budget 2026\n\n| Category | Monthly | Yearly |\n| --- | --- | --- |\n| Rent | 1,150 | 13,800 |\n| Groceries | 420 | 5,040 |\n| Transport | 90 | 1,080 |\n| Savings | 500 | 6,000 |\n\nGoal: keep discretionary spending under 300 a month.' },
  { key: 'budget-q1', thread: 3, daysAgo: 80, title: 'Budget review Q1', content: '# Q1 review\n\nGroceries ran 8% over plan, mostly in February. Transport under plan thanks to cycling. Savings on target.\n\nAction: plan meals on Sundays; cancel the unused streaming service.' },
  { key: 'budget-alpha-phase2', thread: 3, daysAgo: 38, title: 'Alpha phase 2 budget request', content: '# Phase 2 budget request\n\nRelay prototype: two engineers for six weeks. Hosting for the beta relay: 40 a month. Security review by an outside firm: 6,000.\n\nTotal requested: 24,500. See the beta retrospective for why the relay is needed.' },
  { key: 'budget-q2', thread: 3, daysAgo: 12, title: 'Budget review Q2', content: '# Q2 review\n\nGroceries back on plan after meal planning. The Lisbon trip came in at 860, under the 900 budget. Emergency fund reached three months of expenses.' },
  { key: 'budget-statement', thread: 3, daysAgo: 15, title: 'Bank statement June', docType: 'docx', source: '/home/user/Documents/statement-june.docx', content: 'Statement for June. Opening balance 4,210.55. Salary 3,480.00. Rent 1,150.00. Groceries 402.18. Transport 76.40. Closing balance 5,911.97.' },
  { key: 'garden-plan', thread: 4, daysAgo: 95, title: 'Vegetable beds plan', content: '# Beds\n\n1. Tomatoes and basil\n2. Beans, then winter onions\n3. Courgettes (only two plants this year!)\n4. Salad, sown every three weeks\n\nRotate: nothing from the nightshade family in bed 1 next year.' },
  { key: 'garden-harvest', thread: 4, daysAgo: 25, title: 'Harvest log', content: '# Harvest\n\n- 4.2 kg tomatoes so far\n- Beans: enough to freeze six bags\n- Courgettes: still too many\n\nThe orchard apples need thinning next spring.' },
  { key: 'garden-photo', thread: 4, daysAgo: 24, title: 'Tomato bed in August', docType: 'image', source: '/home/user/Pictures/tomatoes-august.jpg', content: 'Photo of the tomato bed in August, heavy with ripe fruit.' },
  { key: 'inbox-idea', thread: -1, daysAgo: 3, title: 'Idea: weekly review template', content: '# Weekly review\n\n- What moved forward?\n- What is stuck, and why?\n- What will I drop?\n\nTry it for four weeks before deciding.' },
];

const LINKS: readonly [string, string, RelationKind, number][] = [
  ['alpha-design', 'alpha-kickoff', 'continues', 0.9],
  ['alpha-design', 'research-localfirst', 'references', 0.8],
  ['alpha-design', 'research-hlc', 'references', 0.6],
  ['alpha-standup-1', 'alpha-design', 'related', 0.5],
  ['alpha-test-plan', 'alpha-standup-1', 'continues', 0.7],
  ['alpha-retro', 'alpha-test-plan', 'continues', 0.8],
  ['alpha-retro', 'alpha-spec-pdf', 'references', 0.6],
  ['alpha-launch-checklist', 'alpha-retro', 'continues', 0.7],
  ['research-crdt', 'research-localfirst', 'continues', 0.7],
  ['research-summary', 'research-crdt', 'derived_from', 0.8],
  ['research-summary', 'research-paper-html', 'derived_from', 0.7],
  ['research-summary', 'research-hlc', 'derived_from', 0.5],
  ['budget-alpha-phase2', 'alpha-retro', 'references', 0.9],
  ['budget-q1', 'budget-overview', 'continues', 0.8],
  ['budget-q2', 'budget-q1', 'continues', 0.8],
  ['budget-q2', 'budget-statement', 'references', 0.6],
  ['budget-q2', 'personal-lisbon', 'related', 0.4],
  ['garden-harvest', 'garden-plan', 'continues', 0.7],
  ['garden-photo', 'garden-harvest', 'related', 0.6],
];

/**
 * Fills an empty store with a small workspace worth looking at: five
 * threads over the last four months, notes with real content, a few
 * imported documents, links and milestones. Used for the first-run view and
 * by tests. Dates are relative to `now`.
 */
export async function createSampleWorkspace(store: GraphStore, now: Date = new Date()): Promise<SampleWorkspace> {
  if ((await store.countDocuments()) > 0) {
    throw new SovereignError('conflict', _('The sample workspace can only be added to an empty workspace.'));
  }
  const threads: Thread[] = [];
  for (const thread of THREADS()) {
    const existing = await store.findThreadByName(thread.name);
    threads.push(existing ?? (await store.createThread(thread)));
  }
  const idOf = new Map<string, string>();
  const perThread = new Map<number, number>();
  const docs: NewDocument[] = NOTES.map((note) => {
    const created = new Date(now.getTime() - note.daysAgo * DAY);
    const slot = perThread.get(note.thread) ?? 0;
    perThread.set(note.thread, slot + 1);
    const id = `sample-${note.key}`;
    idOf.set(note.key, id);
    return {
      id,
      title: note.title,
      docType: note.docType ?? 'markdown',
      content: note.content,
      threadId: note.thread >= 0 ? threads[note.thread]!.id : null,
      isOwned: note.source === undefined,
      provenance: note.source ? { sourcePath: note.source, originalHash: '', importedAt: new Date(created.getTime() + 3_600_000) } : null,
      createdAt: created,
      modifiedAt: new Date(created.getTime() + (slot % 3) * DAY),
    };
  });
  const relationships: NewRelationship[] = LINKS.map(([from, to, kind, strength]) => ({ from: idOf.get(from)!, to: idOf.get(to)!, kind, strength }));
  await store.createDocuments(docs, { relationships });
  await store.createMilestone({ threadId: threads[0]!.id, date: new Date(now.getTime() - 45 * DAY), label: _('Beta released') });
  await store.createMilestone({ threadId: threads[0]!.id, date: new Date(now.getTime() + 14 * DAY), label: _('Launch') });
  await store.createMilestone({ threadId: threads[3]!.id, date: new Date(now.getTime() - 80 * DAY), label: _('Q1 closed') });
  return { threadIds: threads.map((t) => t.id), documentIds: docs.map((d) => d.id!) };
}
