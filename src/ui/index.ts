/**
 * The window side of Sovereign. Import this module only when a window is
 * needed: it loads GTK. The GLib main loop must already be running
 * (startMainLoop from ./main-loop.js, called at the top of the entry point).
 */
import { createLogger } from '../core/index.js';
import { SovereignUi, type UiOptions } from './application.js';

const log = createLogger('ui');

export type { UiController, UiOptions } from './application.js';
export { workspaceServices, UI_STATE_EVENT, type WorkspaceServicesOptions } from './workspace-services.js';
export type { UiServices, UiState, UiSearchHit, UiSearchFilters, UiCommit, UiDiffPart } from './services.js';
export type { CanvasPort, CanvasEvents, Viewport } from './canvas/canvas-port.js';
export type { FrameSource } from './canvas/frame-source.js';

export function createUi(options: UiOptions): SovereignUi {
  const ui = new SovereignUi(options);
  const probe = process.env['SOVEREIGN_UI_PROBE'];
  // The probe is a test instrument: a normal run never loads it. It may
  // attach after the window exists; onWindow hands it the current window.
  if (probe) {
    import('./test-probe.js')
      .then(({ attachProbe }) => attachProbe(ui, probe))
      .catch((error: unknown) => log.error('the UI test probe failed to load', { error }));
  }
  return ui;
}
