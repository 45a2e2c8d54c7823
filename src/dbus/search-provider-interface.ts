import dbus from 'dbus-next';
import { _ } from '../core/index.js';
import type { Activity } from './activity.js';
import type { AppRequests } from './app-requests.js';
import { guarded } from './dbus-errors.js';
import { SEARCH_PROVIDER_INTERFACE } from './names.js';
import type { DocumentService } from './ports.js';
import { resultIconName } from './result-icons.js';
import { queryFromTerms } from './search-terms.js';
import { SnippetCache, oneLine } from './snippet-cache.js';
import { checkDocumentId, checkDocumentIds, checkTerms } from './validate-arguments.js';

type Variant = InstanceType<typeof dbus.Variant>;
const { Variant } = dbus;

/** The Shell shows five rows; a few more let it fill the list when some are filtered. */
export const SHELL_RESULT_LIMIT = 20;

/** The one result the provider answers while the vault is locked; activating it opens the window's unlock dialog. */
export const LOCKED_RESULT_ID = 'sovereign-locked';

export interface SearchProviderOptions {
  prefix: () => string;
  /** While true, a search addressed to Sovereign gets the single LOCKED_RESULT_ID result. */
  locked?: () => boolean;
}

/**
 * org.gnome.Shell.SearchProvider2 at /org/sovereign/Sovereign/SearchProvider.
 * Answers only terms addressed to Sovereign (`sov: budget`, `sov:budget`)
 * and returns [] at once otherwise, so typing in the overview never waits on
 * Sovereign. Subsearches query again: the previous ids may be empty or
 * stale, and ranking depends on the whole query.
 */
export class SearchProviderInterface extends dbus.interface.Interface {
  private readonly snippets = new SnippetCache();

  constructor(
    private readonly requests: AppRequests,
    private readonly documents: DocumentService,
    private readonly activity: Activity,
    private readonly options: SearchProviderOptions,
  ) {
    super(SEARCH_PROVIDER_INTERFACE);
  }

  GetInitialResultSet(terms: string[]): Promise<string[]> {
    return this.activity.hold(() => guarded('GetInitialResultSet', () => this.resultIds(terms)));
  }

  GetSubsearchResultSet(_previous: string[], terms: string[]): Promise<string[]> {
    return this.activity.hold(() => guarded('GetSubsearchResultSet', () => this.resultIds(terms)));
  }

  GetResultMetas(ids: string[]): Promise<Record<string, Variant>[]> {
    return this.activity.hold(() =>
      guarded('GetResultMetas', async () => {
        if (ids.includes(LOCKED_RESULT_ID)) {
          // One entry per id, or the Shell drops the batch; only the locked row can be known while locked.
          return ids.map((id): Record<string, Variant> => (id === LOCKED_RESULT_ID ? lockedMeta() : { id: new Variant('s', String(id)), name: new Variant('s', _('Document no longer available')) }));
        }
        const checked = checkDocumentIds(ids);
        const known = new Map(this.documents.describe(checked).map((summary) => [summary.id, summary]));
        // Exactly one entry per id, each with id and name, or the Shell drops the whole batch.
        return Promise.all(
          checked.map(async (id): Promise<Record<string, Variant>> => {
            const summary = known.get(id);
            if (!summary) {
              return { id: new Variant('s', id), name: new Variant('s', _('Document no longer available')) };
            }
            const description = this.snippets.get(id) ?? (await this.documents.excerpt(id));
            return {
              id: new Variant('s', id),
              name: new Variant('s', summary.title || _('Untitled')),
              description: new Variant('s', oneLine(description)),
              gicon: new Variant('s', resultIconName(summary.docType)),
            };
          }),
        );
      }),
    );
  }

  ActivateResult(id: string, _terms: string[], _timestamp: number): Promise<void> {
    return this.activity.hold(() =>
      // The window opens locked, on its unlock dialog.
      guarded('ActivateResult', () => (id === LOCKED_RESULT_ID || this.isLocked() ? this.requests.activate() : this.requests.openDocument(checkDocumentId(id)))),
    );
  }

  LaunchSearch(terms: string[], _timestamp: number): Promise<void> {
    return this.activity.hold(() =>
      guarded('LaunchSearch', async () => {
        const checked = checkTerms(terms);
        if (this.isLocked()) return this.requests.activate();
        const query = queryFromTerms(checked, this.options.prefix()) ?? checked.join(' ');
        await this.requests.showSearch(query);
      }),
    );
  }

  private async resultIds(terms: string[]): Promise<string[]> {
    // Terms not addressed to Sovereign get [] at once, whatever they hold.
    const query = queryFromTerms(terms, this.options.prefix());
    if (query === undefined || query === '') return [];
    checkTerms(terms);
    if (this.isLocked()) return [LOCKED_RESULT_ID];
    // The Shell must not wait for the workspace model: the index answers as soon as it is open.
    const hits = await this.requests.search(query, SHELL_RESULT_LIMIT, { fromIndex: true });
    for (const hit of hits) this.snippets.remember(hit.id, hit.snippet);
    return hits.map((hit) => hit.id);
  }

  private isLocked(): boolean {
    return this.options.locked?.() ?? false;
  }
}

function lockedMeta(): Record<string, Variant> {
  return {
    id: new Variant('s', LOCKED_RESULT_ID),
    name: new Variant('s', _('Sovereign is locked — open to unlock')),
    gicon: new Variant('s', 'system-lock-screen-symbolic'),
  };
}

SearchProviderInterface.configureMembers({
  methods: {
    GetInitialResultSet: { inSignature: 'as', outSignature: 'as' },
    GetSubsearchResultSet: { inSignature: 'asas', outSignature: 'as' },
    GetResultMetas: { inSignature: 'as', outSignature: 'aa{sv}' },
    ActivateResult: { inSignature: 'sasu', outSignature: '' },
    LaunchSearch: { inSignature: 'asu', outSignature: '' },
  },
});
