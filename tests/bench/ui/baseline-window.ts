// The benchmark's baseline: a bare libadwaita window with nothing in it,
// started the way Sovereign starts (GLib loop on the first tick, GTK loaded
// after). Prints the epoch time of its first paint, then exits.
// With --canvaskit: CanvasKit and the interface fonts are loaded and a
// 1600×1000 raster surface made first (the floor under Sovereign's canvas).
import { startMainLoop } from '../../../src/ui/main-loop.js';

startMainLoop();
if (process.argv.includes('--canvaskit')) {
  const { loadCanvasKit } = await import('../../../src/canvas/render/canvaskit.js');
  const { loadSystemFonts } = await import('../../../src/canvas/render/fonts.js');
  const ck = await loadCanvasKit();
  loadSystemFonts(ck);
  const bytes = 1600 * 1000 * 4;
  const pixels = ck.Malloc(Uint8Array, bytes);
  const surface = ck.MakeRasterDirectSurface({ width: 1600, height: 1000, colorType: ck.ColorType.RGBA_8888, alphaType: ck.AlphaType.Premul, colorSpace: ck.ColorSpace.SRGB }, pixels, 1600 * 4);
  surface?.getCanvas().clear(ck.WHITE);
  surface?.flush();
}
const { Adw, Gio } = await import('../../../src/ui/gi.js');
const app = new Adw.Application({ applicationId: 'org.sovereign.Baseline', flags: Gio.ApplicationFlags.NON_UNIQUE });
app.register(null);
const window = new Adw.ApplicationWindow({ application: app, defaultWidth: 1200, defaultHeight: 800 });
window.on('realize', () => {
  const clock = window.getFrameClock();
  const painted = () => {
    clock?.off('after-paint', painted);
    const cpu = process.cpuUsage();
    process.stdout.write(JSON.stringify({ firstPaintAt: Date.now(), rss: process.memoryUsage().rss, cpuMs: Math.round((cpu.user + cpu.system) / 1000) }) + '\n');
    setTimeout(() => process.exit(0), 50);
  };
  clock?.on('after-paint', painted);
});
window.present();
