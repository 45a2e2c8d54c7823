import fs from 'node:fs';
import path from 'node:path';

/** The nodes under /dev/dri that a Mesa hardware driver opens. */
const DRI_NODE = /^(card|renderD)\d+$/;
/** GPU drivers reached outside /dev/dri: NVIDIA's own, WSL's GPU, ARM's Mali and Vivante blobs. */
const OTHER_GPU_NODE = /^(nvidia\d+|nvidiactl|dxg|mali\d+|galcore)$/;

/** Whether this machine has a device node through which OpenGL could reach a GPU. */
export function hasGpuDevice(devDir = '/dev'): boolean {
  const names = (dir: string): string[] => {
    try {
      return fs.readdirSync(dir);
    } catch {
      return [];
    }
  };
  return names(path.join(devDir, 'dri')).some((name) => DRI_NODE.test(name)) || names(devDir).some((name) => OTHER_GPU_NODE.test(name));
}

/**
 * Without a GPU device, OpenGL can only be Mesa's software rasteriser:
 * turns GL off in GDK and has GTK draw with cairo, before GTK starts.
 *
 * Why: GDK opens OpenGL when it opens the display, to pick its visual,
 * even when the window is then drawn with cairo. Under llvmpipe that maps
 * libLLVM and swrast and starts llvmpipe's threads: ~55 MiB of RSS at the
 * first frame of a 50K workspace (about 500 → 445 MiB,
 * tests/bench/ui/start-up-50k.md), for a GL nobody draws with. Where a
 * device exists the renderer is still asked (preferCairoOnSoftwareGl),
 * since a VM's display device may lead to llvmpipe as well.
 *
 * A renderer the user chose (GSK_RENDERER), GL flags in GDK_DEBUG and a
 * canvas forced onto GL (SOVEREIGN_CANVAS_PRESENTER=gl) are left alone.
 * Returns whether it changed `env`. Must run before GTK is first loaded:
 * GDK reads GDK_DEBUG once, when it starts.
 */
export function drawWithoutGlWhereNoGpu(env: NodeJS.ProcessEnv, devDir = '/dev'): boolean {
  if (env['GSK_RENDERER'] || env['SOVEREIGN_CANVAS_PRESENTER'] === 'gl' || /\bgl-/.test(env['GDK_DEBUG'] ?? '')) return false;
  if (hasGpuDevice(devDir)) return false;
  // Node's process.env writes through to the C environment GDK and GSK read with g_getenv.
  env['GDK_DEBUG'] = env['GDK_DEBUG'] ? `${env['GDK_DEBUG']},gl-disable` : 'gl-disable';
  env['GSK_RENDERER'] = 'cairo';
  return true;
}
