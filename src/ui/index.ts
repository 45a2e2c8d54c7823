/**
 * The window side of Sovereign. Import this module only when a window is
 * needed: it loads GTK. The GLib main loop must already be running
 * (startMainLoop from ./main-loop.js, called at the top of the entry point).
 */
import { SovereignUi, type UiOptions } from './application.js';

export type { UiController, UiOptions } from './application.js';
export { workspaceServices, UI_STATE_EVENT, type WorkspaceServicesOptions } from './workspace-services.js';
export type { UiServices, UiState, UiSearchHit, UiSearchFilters, UiCommit, UiDiffPart } from './services.js';
export type { CanvasPort, CanvasEvents, Viewport } from './canvas/canvas-port.js';
export type { FrameSource } from './canvas/frame-source.js';

export function createUi(options: UiOptions): SovereignUi {
  return new SovereignUi(options);
}
