import { createRequire } from 'node:module';

/**
 * Starts the GLib main loop that every window and the D-Bus service run in.
 *
 * node-gtk nests libuv inside GLib's loop. That nesting works only when the
 * loop is entered outside any libuv callback, i.e. from the entry module's
 * first tick: starting it later (after an `await`) stalls timers or spins
 * the CPU. So `sovereign` calls this synchronously at the top of its entry
 * point whenever the process may show a window, and windows opened later
 * (by D-Bus activation, say) attach to the loop that is already running
 * instead of calling Gtk.Application.run().
 *
 * Only GLib is loaded here: GTK is loaded when the first window opens.
 *
 * While libuv has no referenced handle, node-gtk stops polling it, and
 * wake-ups through Node's unreferenced handles (the platform task queue
 * that finishes WebAssembly compilation, for one) are never seen: loading
 * CanvasKit hung. A referenced, practically never-firing timer keeps libuv
 * polled for as long as the loop runs; the process ends through its
 * Lifecycle (process.exit), not by running out of work.
 */
export interface MainLoopHandle {
  /** Leaves the loop; Node's own loop takes over until the process exits. */
  quit(): void;
  readonly running: boolean;
}

interface GLibMainLoop {
  run(): void;
  quit(): void;
  isRunning(): boolean;
}

let current: MainLoopHandle | undefined;

/**
 * Inside the nested loop, V8's asynchronous WebAssembly compilation never
 * reports back (WebAssembly.instantiate's promise stays pending, seen with
 * CanvasKit and with an 8-byte module), while the synchronous constructors
 * work. So, in a process that runs the GLib loop, instantiate compiles
 * synchronously (CanvasKit: ~0.1 s, once, before the first frame).
 */
function compileWebAssemblySynchronously(): void {
  // The WebAssembly global is not in this project's TypeScript libs (no DOM); describe the part used.
  type Module = object;
  interface Wasm {
    Module: new (bytes: ArrayBufferView | ArrayBuffer) => Module;
    Instance: new (module: Module, imports?: object) => object;
    instantiate(source: ArrayBufferView | ArrayBuffer | Module, imports?: object): Promise<unknown>;
  }
  const wasm = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;
  wasm.instantiate = async (source, imports) => {
    if (source instanceof wasm.Module) return new wasm.Instance(source, imports);
    const module = new wasm.Module(source as ArrayBuffer);
    return { module, instance: new wasm.Instance(module, imports) };
  };
}

export function startMainLoop(): MainLoopHandle {
  if (current) return current;
  // A synchronous require keeps this call on the entry module's first tick.
  const require = createRequire(import.meta.url);
  const gi = require('node-gtk') as { require(ns: 'GLib', version: '2.0'): { MainLoop: new (context: null, running: boolean) => GLibMainLoop } };
  const GLib = gi.require('GLib', '2.0');
  const loop = new GLib.MainLoop(null, false);
  compileWebAssemblySynchronously();
  const keepPolled = setInterval(() => undefined, 2 ** 30);
  process.nextTick(() => loop.run());
  current = {
    quit: () => {
      clearInterval(keepPolled);
      loop.quit();
    },
    get running() {
      return loop.isRunning();
    },
  };
  return current;
}

/** The loop started by startMainLoop, if any. */
export function runningMainLoop(): MainLoopHandle | undefined {
  return current;
}
