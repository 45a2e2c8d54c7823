import type { PresenterKind } from './frame-source.js';

const KINDS: readonly PresenterKind[] = ['gl', 'cairo', 'memory'];

export interface PresenterChoice {
  kind: PresenterKind;
  /** Set when SOVEREIGN_CANVAS_PRESENTER held something that is not a presenter. */
  ignored?: string;
}

/**
 * Which presenter the canvas starts with. SOVEREIGN_CANVAS_PRESENTER forces
 * one (tests, benchmarks). Otherwise it follows the renderer GTK draws the
 * window with: under GSK_RENDERER=cairo (which preferCairoOnSoftwareGl sets
 * on software GL before the first window) a GL texture would be read back
 * on every repaint, so frames go in as cairo nodes; any other renderer
 * composites the GLArea's texture on the GPU. Where GL turns out to be
 * missing altogether, the GL presenter falls back by itself.
 */
export function choosePresenter(env: NodeJS.ProcessEnv): PresenterChoice {
  const forced = env['SOVEREIGN_CANVAS_PRESENTER'];
  if (forced) {
    if ((KINDS as readonly string[]).includes(forced)) return { kind: forced as PresenterKind };
    return { kind: automatic(env), ignored: forced };
  }
  return { kind: automatic(env) };
}

function automatic(env: NodeJS.ProcessEnv): PresenterKind {
  return env['GSK_RENDERER'] === 'cairo' ? 'cairo' : 'gl';
}
