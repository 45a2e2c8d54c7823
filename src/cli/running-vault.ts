import { SovereignError, _ } from '../core/index.js';
import type { VaultState } from '../vault/vault-gate.js';
import { connectRunningInstance } from './running-instance.js';

/** The vault of the running Sovereign (the window or the D-Bus service), over its Unlock, Lock and VaultStatus methods. */
export interface RunningVault {
  status(): Promise<VaultState>;
  unlock(passphrase: string): Promise<void>;
  lock(): Promise<void>;
}

const STATES: readonly VaultState[] = ['plain', 'locked', 'unlocked'];

/**
 * Runs `body` against the running Sovereign's vault; undefined when none
 * runs. The running instance holds the key (or not) for the window and the
 * service alike, so `sovereign vault unlock|lock|status` act on it rather
 * than on a copy of the key in this short-lived process.
 */
export async function withRunningVault<T>(body: (vault: RunningVault) => Promise<T>): Promise<T | undefined> {
  const running = await connectRunningInstance();
  if (!running) return undefined;
  try {
    return await body({
      async status() {
        const [state] = await running.call('VaultStatus', '', []);
        if (!STATES.includes(state as VaultState)) throw new SovereignError('internal', _('The running Sovereign sent a vault state this version does not know.'));
        return state as VaultState;
      },
      unlock: async (passphrase) => void (await running.call('Unlock', 's', [passphrase])),
      lock: async () => void (await running.call('Lock', '', [])),
    });
  } finally {
    running.close();
  }
}
