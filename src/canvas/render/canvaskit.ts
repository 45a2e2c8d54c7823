import path from 'node:path';
import { createRequire } from 'node:module';
import type { CanvasKit, CanvasKitInitOptions } from 'canvaskit-wasm';
import { SovereignError } from '../../core/index.js';

/** The WASM heap, which CanvasKit has at run time but its typings leave out. */
export type CanvasKitWithHeap = CanvasKit & { HEAPU8: Uint8Array };

let loading: Promise<CanvasKitWithHeap> | null = null;

/** Loads CanvasKit once per process (~60-90 ms); later calls share it. */
export function loadCanvasKit(): Promise<CanvasKitWithHeap> {
  loading ??= (async () => {
    const require = createRequire(import.meta.url);
    const bin = path.dirname(require.resolve('canvaskit-wasm'));
    // The package is CommonJS whose typings declare an ES default export; under
    // nodenext the default import is typed as the namespace, so load it by require.
    const CanvasKitInit = require('canvaskit-wasm') as (options: CanvasKitInitOptions) => Promise<CanvasKit>;
    try {
      const ck = (await CanvasKitInit({ locateFile: (file: string) => path.join(bin, file) })) as CanvasKitWithHeap;
      if (!(ck.HEAPU8 instanceof Uint8Array)) throw new Error('this CanvasKit build does not expose its heap');
      return ck;
    } catch (error) {
      loading = null;
      throw new SovereignError('resource', `cannot start the canvas renderer (CanvasKit): ${(error as Error).message}`, {
        cause: error,
        hint: 'Reinstall Sovereign; the canvaskit-wasm package may be damaged.',
      });
    }
  })();
  return loading;
}
