// A window showing only the canvas view over a plain CanvasKit surface, for
// testing the presentation path (GL upload, texture fallback, memory) apart
// from the canvas engine. Commands arrive as JSON lines on stdin; replies
// are JSON lines on stdout.
import fs from 'node:fs';
import readline from 'node:readline';
import v8 from 'node:v8';
import vm from 'node:vm';
import { startMainLoop } from '../../../src/ui/main-loop.js';
import { releaseFreedMemory } from '../../../src/ui/release-freed-memory.js';

startMainLoop();

const { PlainCanvas, PlainFrameSource, loadCanvasKit } = await import('./plain-canvas.js');
const { Adw, Gio, GLib } = await import('../../../src/ui/gi.js');
const { CanvasView } = await import('../../../src/ui/canvas/canvas-view.js');

const ck = await loadCanvasKit();
const engine = new PlainCanvas(new PlainFrameSource(ck));
const app = new Adw.Application({ applicationId: 'org.sovereign.PresenterTest', flags: Gio.ApplicationFlags.NON_UNIQUE });
app.register(null);
const window = new Adw.ApplicationWindow({ application: app, title: 'Presenter test', defaultWidth: 800, defaultHeight: 600 });
const view = new CanvasView(engine, () => undefined);
window.setContent(view.widget);
window.present();

v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;
const reply = (value: Record<string, unknown>) => process.stdout.write(JSON.stringify(value) + '\n');
const state = async () => {
  // Collect first, and hand malloc's free pages back, so RSS shows what is still held rather than garbage not yet
  // collected or frames freed whose pages malloc keeps: which of those it keeps varied by ~40 MiB between runs.
  // Twice a collection and then a low-priority idle: node-gtk lets go of the GObjects behind collected wrappers
  // (snapshots, render nodes and the cairo surfaces they hold) from an idle, and one frame's nodes can hold the
  // last ones; read at once, a run saw 37 MiB of such frames still held that were gone in the next reading.
  for (let round = 0; round < 2; round++) {
    collect();
    await new Promise<void>((resolve) => GLib.idleAdd(GLib.PRIORITY_LOW, () => {
      resolve();
      return false;
    }));
  }
  collect();
  await releaseFreedMemory();
  return {
    presenter: view.presenterKind,
    frames: view.frames,
    rss: process.memoryUsage().rss,
    ...rssParts(),
    // Where RSS may grow without a leak: V8's committed heap, which a collection need not give back, and CanvasKit's WASM memory, which never shrinks.
    v8Physical: v8.getHeapStatistics().total_physical_size,
    wasm: ck.HEAPU8.byteLength,
  };
};

/** RSS split as the kernel counts it: anonymous (heaps) and shared memory (X shared-memory images). */
function rssParts(): { rssAnon: number; rssShmem: number } {
  const status = fs.readFileSync('/proc/self/status', 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rssAnon: kib('RssAnon'), rssShmem: kib('RssShmem') };
}

setTimeout(function ready() {
  if (view.frames > 0) void state().then((now) => reply({ event: 'ready', ...now }));
  else setTimeout(ready, 20);
}, 20);

for await (const line of readline.createInterface({ input: process.stdin })) {
  const command = JSON.parse(line) as { cmd: string; frames?: number };
  if (command.cmd === 'animate') {
    engine.animate(command.frames ?? 0);
    view.queueFrame();
    await new Promise<void>((resolve) => {
      const check = () => (engine.animating ? setTimeout(check, 10) : setTimeout(resolve, 100));
      check();
    });
    reply({ event: 'animated', ...(await state()) });
  } else if (command.cmd === 'state') {
    reply({ event: 'state', ...(await state()) });
  } else if (command.cmd === 'quit') {
    process.exit(0);
  }
}
