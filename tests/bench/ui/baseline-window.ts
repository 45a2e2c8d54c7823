// The benchmark's baseline: a bare libadwaita window with nothing in it,
// started the way Sovereign starts (GLib loop on the first tick, GTK loaded
// after). Prints the epoch time of its first paint, then exits.
import { startMainLoop } from '../../../src/ui/main-loop.js';

startMainLoop();
const { Adw, Gio } = await import('../../../src/ui/gi.js');
const app = new Adw.Application({ applicationId: 'org.sovereign.Baseline', flags: Gio.ApplicationFlags.NON_UNIQUE });
app.register(null);
const window = new Adw.ApplicationWindow({ application: app, defaultWidth: 1200, defaultHeight: 800 });
window.on('realize', () => {
  const clock = window.getFrameClock();
  const painted = () => {
    clock?.off('after-paint', painted);
    process.stdout.write(JSON.stringify({ firstPaintAt: Date.now(), rss: process.memoryUsage().rss }) + '\n');
    setTimeout(() => process.exit(0), 50);
  };
  clock?.on('after-paint', painted);
});
window.present();
