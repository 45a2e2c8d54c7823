import dbus from 'dbus-next';
import { guarded } from './dbus-errors.js';
import { TEST_HOOKS_INTERFACE } from './names.js';
import type { TestMutations } from './ports.js';
import type { RecordingWindowOpener } from './recording-window-opener.js';

/**
 * Test-only view of the service's state, exported when SOVEREIGN_TEST_HOOKS=1:
 * what reached the window opener, as JSON, and store writes that make the
 * service emit DocumentChanged and DocumentRemoved. Never exported in normal runs.
 */
export class TestHooksInterface extends dbus.interface.Interface {
  constructor(
    private readonly windows: RecordingWindowOpener,
    private readonly mutations: TestMutations | undefined,
  ) {
    super(TEST_HOOKS_INTERFACE);
  }

  RenameDocument(id: string, title: string): Promise<void> {
    return guarded('RenameDocument', () => this.requireMutations().renameDocument(id, title));
  }

  DeleteDocument(id: string): Promise<void> {
    return guarded('DeleteDocument', () => this.requireMutations().deleteDocument(id));
  }

  private requireMutations(): TestMutations {
    if (!this.mutations) throw new Error('this service has no test mutations');
    return this.mutations;
  }

  GetWindowRequests(): string {
    return JSON.stringify(this.windows.requests);
  }
}

TestHooksInterface.configureMembers({
  methods: {
    GetWindowRequests: { inSignature: '', outSignature: 's' },
    RenameDocument: { inSignature: 'ss', outSignature: '' },
    DeleteDocument: { inSignature: 's', outSignature: '' },
  },
});
