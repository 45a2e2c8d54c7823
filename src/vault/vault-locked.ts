import { SovereignError, _ } from '../core/index.js';

/**
 * What every request that needs the workspace answers while the vault is
 * locked. Its own file, free of the store: the D-Bus layer raises it
 * without loading the database engine.
 */
export function vaultLocked(): SovereignError {
  return new SovereignError('locked', _('Sovereign is locked.'), {
    hint: _('Unlock it in the Sovereign window, or run `sovereign vault unlock`.'),
  });
}
