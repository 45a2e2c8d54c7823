// The typing benchmark's floor: a bare GtkTextView alone in a libadwaita
// window, started the way Sovereign starts, with the editor's own
// keystroke-to-frame measure (key press to the end of the frame that shows
// it). Prints {"ready":true} once painted and focused, then, after `keys`
// keystrokes, their timings as one JSON line, and exits.
//   node build/tests/bench/editor/bare-text-view.js KEYS
import { startMainLoop } from '../../../src/ui/main-loop.js';

startMainLoop();
const { Adw, Gio, Gtk } = await import('../../../src/ui/gi.js');
const { preferCairoOnSoftwareGl } = await import('../../../src/ui/software-renderer.js');

const { afterNextPaint } = await import('../../../src/ui/editor/after-next-paint.js');
const { FrameTimings } = await import('../../../src/ui/canvas/frame-timings.js');

const keys = Number(process.argv[2] ?? 60);
const app = new Adw.Application({ applicationId: 'org.sovereign.BareTextView', flags: Gio.ApplicationFlags.NON_UNIQUE });
app.register(null);
// The renderer Sovereign's window picks (cairo on llvmpipe), chosen the same way, once GTK is set up.
preferCairoOnSoftwareGl();
process.stderr.write(`bare text view: GSK_RENDERER=${process.env['GSK_RENDERER'] ?? '(GTK default)'}\n`);
const window = new Adw.ApplicationWindow({ application: app, defaultWidth: 1200, defaultHeight: 800 });
const view = new Gtk.TextView({ monospace: true, wrapMode: Gtk.WrapMode.WORD_CHAR, hexpand: true, vexpand: true });
const scroller = new Gtk.ScrolledWindow({ child: view });
window.setContent(scroller);

const keyToFrame = new FrameTimings();
const paint = new FrameTimings();
let keyAt: number | undefined;
const controller = new Gtk.EventControllerKey();
controller.setPropagationPhase(Gtk.PropagationPhase.CAPTURE);
controller.on('key-pressed', () => {
  keyAt ??= performance.now();
  return false;
});
view.addController(controller);
view.getBuffer().on('changed', () => {
  const at = keyAt;
  if (at === undefined) return;
  keyAt = undefined;
  afterNextPaint(view, (paintMs) => {
    keyToFrame.record(performance.now() - at);
    paint.record(paintMs);
    if (keyToFrame.summary().frames < keys) return;
    process.stdout.write(JSON.stringify({ keyToFrame: keyToFrame.summary(), paint: paint.summary() }) + '\n');
    setTimeout(() => process.exit(0), 50);
  });
});

window.on('realize', () => {
  const clock = window.getFrameClock();
  const painted = () => {
    clock?.off('after-paint', painted);
    view.grabFocus();
    process.stdout.write(JSON.stringify({ ready: true }) + '\n');
  };
  clock?.on('after-paint', painted);
});
window.present();
