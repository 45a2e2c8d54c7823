// Editor benchmark (not a test): under Xvfb, in the real window, for an empty
// note (the baseline) and a 1 MB markdown document, measured in the same run:
// - open: from the panel's creation to the first frame with the editor;
// - typing: key press to the frame that shows it (p95 over ~60 keys);
// - main-loop lag p99 over the last 5 s of typing, while autosave, the
//   journal and search re-indexing run; also less the time the test probe
//   itself held the loop, with the probe's time per write beside it.
// Beside them, a bare GtkTextView window typed into the same way: the floor.
// Twice: with the cursor blinking (GNOME's default) and with it off, each in
// its own display and app (see measureBoth).
//   node build/tests/bench/editor/editor-bench.js [--keys 60] [--cpu-prof DIR]
// --cpu-prof writes the app's V8 CPU profile (.cpuprofile) into DIR when it quits (the first run's).
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { cliEntry } from '../../support/repo.js';
import { startDisplay, xdotool, type TestDisplay } from '../../ui/support/display.js';
import { SovereignApp, appEnv } from '../../ui/support/sovereign-app.js';

const run = promisify(execFile);
const args = process.argv.slice(2);
const at = args.indexOf('--keys');
const KEYS = at >= 0 ? Number(args[at + 1]) : 60;
const profileAt = args.indexOf('--cpu-prof');
const PROFILE_DIR = profileAt >= 0 ? path.resolve(args[profileAt + 1]!) : undefined;

async function callApp(display: TestDisplay, method: string, argument: string): Promise<void> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      await run('gdbus', ['call', '--session', '-d', 'org.sovereign.Sovereign', '-o', '/org/sovereign/Sovereign', '-m', `org.sovereign.Sovereign.${method}`, argument], { env: display.env });
      return;
    } catch (error) {
      if (!((error as { stderr?: string }).stderr ?? '').includes('ServiceUnknown') || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

interface Measured {
  openMs: number;
  keyToFrameP95Ms: number;
  keyToFrameMedianMs: number;
  /** GTK's own paint of the keystrokes' frames (before-paint to after-paint). */
  paintMedianMs: number;
  paintP95Ms: number;
  keys: number;
  loopLagP99Ms: number;
  loopLagMaxMs: number;
  /** The lag less the time the test probe itself held the loop (see src/ui/test-probe.ts). */
  loopLagWithoutProbeP99Ms: number;
  loopLagWithoutProbeMaxMs: number;
  probeWriteMedianMs: number;
  probeWriteMaxMs: number;
  /** Whole-text copies out of the buffer the editor needed (its copy drifted): expected 0. */
  textRereads: number;
}

async function measure(display: TestDisplay, app: SovereignApp, id: string): Promise<Measured> {
  await callApp(display, 'OpenDocument', id);
  const opened = await app.until('the editor painted', (w) => w.panelStates.some((p) => p.id === id && p.firstPaintMs !== null), 180_000);
  const panel = opened.panels.find((p) => p.id === id)!;
  // Click into the text, below the panel's header, switcher and mode buttons.
  const point = await app.screenPoint(panel.x + panel.width / 2, panel.y + 260);
  await xdotool(display, 'mousemove', String(point.x), String(point.y));
  await xdotool(display, 'click', '1');
  await app.until('the editor focused', (w) => w.panelStates.find((p) => p.id === id)?.editor?.focused === true);
  const keys = Array.from({ length: KEYS }, (_, i) => (i % 8 === 7 ? 'space' : 'abcdefg'[i % 7]!));
  await xdotool(display, 'key', '--delay', '60', ...keys);
  // Autosave and re-indexing run after the last key: keep sampling through them.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const state = app.probe()!;
  const editor = state.window!.panelStates.find((p) => p.id === id)!.editor!;
  await xdotool(display, 'key', 'ctrl+w');
  await app.until('the panel closed', (w) => !w.panels.some((p) => p.id === id));
  return {
    openMs: opened.panelStates.find((p) => p.id === id)!.firstPaintMs!,
    keyToFrameP95Ms: editor.keyToFrame.p95Ms,
    keyToFrameMedianMs: editor.keyToFrame.medianMs,
    keys: editor.keyToFrame.frames,
    paintMedianMs: editor.keyFramePaint.medianMs,
    paintP95Ms: editor.keyFramePaint.p95Ms,
    loopLagP99Ms: state.loopLag?.p99Ms ?? NaN,
    loopLagMaxMs: state.loopLag?.maxMs ?? NaN,
    loopLagWithoutProbeP99Ms: state.loopLag?.withoutProbe.p99Ms ?? NaN,
    loopLagWithoutProbeMaxMs: state.loopLag?.withoutProbe.maxMs ?? NaN,
    probeWriteMedianMs: state.loopLag?.probe.medianMs ?? NaN,
    probeWriteMaxMs: state.loopLag?.probe.maxMs ?? NaN,
    textRereads: editor.textRereads,
  };
}

/** Types KEYS keys into a bare GtkTextView window (bare-text-view.ts) on the display: the toolkit's own floor. */
async function measureBareTextView(display: TestDisplay): Promise<{ keyToFrameP95Ms: number; keyToFrameMedianMs: number; paintMedianMs: number; paintP95Ms: number }> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'bare-text-view.js');
  const child = spawn(process.execPath, [script, String(KEYS)], { env: display.env, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const lines = readline.createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    const next = async (): Promise<Record<string, unknown>> => {
      const line = await Promise.race([
        lines.next(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the bare text view did not answer within 60 s')), 60_000).unref()),
      ]);
      if (line.done) throw new Error('the bare text view exited');
      return JSON.parse(line.value) as Record<string, unknown>;
    };
    await next();
    // The window is at the display's origin without a window manager: a click focuses it.
    await xdotool(display, 'mousemove', '400', '300');
    await xdotool(display, 'click', '1');
    const keys = Array.from({ length: KEYS }, (_, i) => (i % 8 === 7 ? 'space' : 'abcdefg'[i % 7]!));
    await xdotool(display, 'key', '--delay', '60', ...keys);
    const result = (await next()) as { keyToFrame: { p95Ms: number; medianMs: number }; paint: { medianMs: number; p95Ms: number } };
    return { keyToFrameP95Ms: result.keyToFrame.p95Ms, keyToFrameMedianMs: result.keyToFrame.medianMs, paintMedianMs: result.paint.medianMs, paintP95Ms: result.paint.p95Ms };
  } finally {
    child.kill();
  }
}

/**
 * Opens the empty note and the 1 MB note in one app and measures both. With
 * `cursorBlink` false the display's GTK settings turn the blinking cursor
 * off: GTK 4 fades a focused text view's cursor from a tick callback, which
 * keeps the frame clock at the display's rate while the cursor blinks (it
 * does for 10 s after each key), so every keystroke waits for the next tick.
 */
async function measureBoth(cursorBlink: boolean): Promise<{ bare: Awaited<ReturnType<typeof measureBareTextView>>; baseline: Measured; big: Measured }> {
  const display = await startDisplay({ width: 1400, height: 900 });
  try {
    if (!cursorBlink) fs.appendFileSync(path.join(display.env['XDG_CONFIG_HOME']!, 'gtk-4.0', 'settings.ini'), 'gtk-cursor-blink=false\n');
    const bare = await measureBareTextView(display);
    process.stderr.write(`bare text view, cursor blink ${cursorBlink ? 'on' : 'off'}: ${JSON.stringify(bare)}\n`);
    const env = appEnv(display, path.join(display.home, 'unused-probe.json'));
    const add = async (title: string, file: string) => (await run(process.execPath, [cliEntry, 'doc', 'add', title, '--file', file], { env, timeout: 300_000 })).stdout.trim();
    const emptyFile = path.join(display.home, 'empty.md');
    fs.writeFileSync(emptyFile, '');
    const bigFile = path.join(display.home, 'big.md');
    const paragraph = '## Section\n\nSome *markdown* with a [link](https://example.org) and `code`, long enough to wrap in the panel.\n\n';
    fs.writeFileSync(bigFile, paragraph.repeat(Math.ceil(1024 * 1024 / paragraph.length)));
    const emptyId = await add('Empty note', emptyFile);
    const bigId = await add('One megabyte', bigFile);

    const app = new SovereignApp(display, 'editor-bench', {
      env: { SOVEREIGN_UI_PROBE_LAG: '1' },
      ...(PROFILE_DIR && cursorBlink ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] } : {}),
    });
    try {
      await app.until('the canvas', (w) => w.view === 'canvas' && w.frames > 0 && w.searchReady, 300_000);
      const baseline = await measure(display, app, emptyId);
      process.stderr.write(`empty, cursor blink ${cursorBlink ? 'on' : 'off'}: ${JSON.stringify(baseline)}\n`);
      // Bounded, so that a run that cannot finish still stops its app (an outer timeout would orphan it).
      const big = await Promise.race([
        measure(display, app, bigId),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the 1 MB document did not finish within 240 s')), 240_000).unref()),
      ]);
      process.stderr.write(`1 MB, cursor blink ${cursorBlink ? 'on' : 'off'}: ${JSON.stringify(big)}\n`);
      return { bare, baseline, big };
    } finally {
      await app.stop();
    }
  } finally {
    await display.close();
  }
}

// GNOME's default first (the cursor blinks), then with it off.
const blinking = await measureBoth(true);
const steady = await measureBoth(false);
const results = { underLoad: true, loadAverage: os.loadavg(), display: 'Xvfb (llvmpipe)', keys: KEYS, cursorBlinkOn: blinking, cursorBlinkOff: steady };
process.stdout.write(JSON.stringify(results, null, 2) + '\n');
const rows: [string, keyof Measured, string][] = [
  ['open to first paint (ms)', 'openMs', '≤ 150'],
  ['keystroke to frame p95 (ms)', 'keyToFrameP95Ms', '≤ 16'],
  ['keystroke to frame median (ms)', 'keyToFrameMedianMs', ''],
  ['  of which GTK paint median (ms)', 'paintMedianMs', ''],
  ['  of which GTK paint p95 (ms)', 'paintP95Ms', ''],
  ['main-loop lag p99 while saving (ms)', 'loopLagP99Ms', '≤ 10'],
  ['main-loop lag max (ms)', 'loopLagMaxMs', ''],
  ["  lag p99 less the probe's writes (ms)", 'loopLagWithoutProbeP99Ms', '≤ 10'],
  ["  lag max less the probe's writes (ms)", 'loopLagWithoutProbeMaxMs', ''],
  ['  probe write median (ms)', 'probeWriteMedianMs', ''],
  ['  probe write max (ms)', 'probeWriteMaxMs', ''],
];
const cell = (value: number) => value.toFixed(1).padStart(9);
const ratio = (a: number, b: number) => (a > 0 ? `${(b / a).toFixed(1)}x` : '').padStart(7);
process.stdout.write(`${''.padEnd(40)} ${'cursor blinking (GNOME default)'.padEnd(29)} ${'cursor blink off'.padEnd(29)}\n`);
process.stdout.write(`${'measure'.padEnd(40)} ${'empty'.padStart(9)} ${'1 MB'.padStart(9)} ${'ratio'.padStart(7)}   ${'empty'.padStart(9)} ${'1 MB'.padStart(9)} ${'ratio'.padStart(7)} ${'target'.padStart(8)}\n`);
process.stdout.write(`${'bare GtkTextView: keystroke to frame p95'.padEnd(40)} ${cell(blinking.bare.keyToFrameP95Ms)} ${''.padStart(19)}   ${cell(steady.bare.keyToFrameP95Ms)}\n`);
process.stdout.write(`${'bare GtkTextView: keystroke to frame median'.padEnd(40)} ${cell(blinking.bare.keyToFrameMedianMs)} ${''.padStart(19)}   ${cell(steady.bare.keyToFrameMedianMs)}\n`);
for (const [what, key, target] of rows) {
  const a = blinking.baseline[key];
  const b = blinking.big[key];
  const c = steady.baseline[key];
  const d = steady.big[key];
  process.stdout.write(`${what.padEnd(40)} ${cell(a)} ${cell(b)} ${ratio(a, b)}   ${cell(c)} ${cell(d)} ${ratio(c, d)} ${target.padStart(8)}\n`);
}
process.exit(0);
