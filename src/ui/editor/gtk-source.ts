import gi from 'node-gtk';
import type * as GtkSourceT from 'node-gtk/types/GtkSource-5.js';

let loaded: typeof GtkSourceT | undefined;
/** Kept alive so the markdown language's parsed definitions stay cached (see warmGtkSource). */
let warmBuffer: GtkSourceT.Buffer | undefined;
const warmViews: GtkSourceT.View[] = [];

/**
 * GtkSourceView 5, loaded on first use: it crashes the process unless GTK
 * was initialised first (the application's registration does that), so it
 * must not load when this module is imported.
 */
export function gtkSource(): typeof GtkSourceT {
  if (!loaded) {
    loaded = gi.require('GtkSource', '5');
    loaded.init();
  }
  return loaded;
}

/** The markdown language (null when GtkSourceView ships none). */
export function markdownLanguage(): GtkSourceT.Language | null {
  return gtkSource().LanguageManager.getDefault().getLanguage('markdown');
}

/**
 * Does ahead, while the window is idle, what the first editor would do
 * while the user waits: loads the GtkSource namespace, scans the language
 * and style-scheme folders, compiles markdown.lang's regular expressions
 * and initialises the view's classes. A profile of the first open of an
 * empty note put ~170 ms of its ~620 ms here (setLanguage alone ~85 ms).
 * GtkSourceView frees a language's compiled definitions when the last
 * buffer using it goes away, so one buffer is kept, so that closing every
 * editor does not throw the work away.
 *
 * One step per call, each a few tens of milliseconds, so that the window's
 * loop runs between them; returns whether a step is left.
 */
export function warmGtkSourceStep(): boolean {
  const step = WARM_STEPS[warmedSteps];
  if (!step) return false;
  warmedSteps++;
  step();
  return warmedSteps < WARM_STEPS.length;
}

let warmedSteps = 0;
const WARM_STEPS: (() => void)[] = [
  () => gtkSource(),
  () => markdownLanguage(),
  () => {
    const schemes = gtkSource().StyleSchemeManager.getDefault();
    schemes.getScheme('Adwaita');
    schemes.getScheme('Adwaita-dark');
  },
  () => {
    warmBuffer = new (gtkSource().Buffer)();
    const language = markdownLanguage();
    if (language) warmBuffer.setLanguage(language);
    warmBuffer.setHighlightSyntax(true);
  },
  () => {
    if (!warmBuffer) return;
    // Highlighting is lazy: text makes the context engine build its tree once.
    warmBuffer.setText('# Title\n\nSome *markdown* with a [link](https://example.org) and `code`.\n', -1);
    warmBuffer.ensureHighlight(warmBuffer.getStartIter(), warmBuffer.getEndIter());
  },
  // Unreferenced, node-gtk would let GObject finalize it; kept with the buffer.
  () => warmViews.push(new (gtkSource().View)({ buffer: warmBuffer })),
];
