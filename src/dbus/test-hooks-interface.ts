import dbus from 'dbus-next';
import { TEST_HOOKS_INTERFACE } from './names.js';
import type { RecordingWindowOpener } from './recording-window-opener.js';

/**
 * Test-only view of the service's state, exported when SOVEREIGN_TEST_HOOKS=1:
 * what reached the window opener, as JSON. Never exported in normal runs.
 */
export class TestHooksInterface extends dbus.interface.Interface {
  constructor(private readonly windows: RecordingWindowOpener) {
    super(TEST_HOOKS_INTERFACE);
  }

  GetWindowRequests(): string {
    return JSON.stringify(this.windows.requests);
  }
}

TestHooksInterface.configureMembers({
  methods: {
    GetWindowRequests: { inSignature: '', outSignature: 's' },
  },
});
